/*
 * report_html_deliver.c — the readiness deliverable's parts of the HTML
 * report (report_html.c draws the rest): the executive summary on the
 * cover, the inheritance opportunities, the timeline with its Gantt chart
 * (inline SVG), evidence going stale, SOC 2 reuse, the tier ladder, the
 * scope answers, the trend of each domain over the stored runs (inline
 * SVG), the gaps grouped by owner, and the small script that searches,
 * filters and sorts the gaps table.
 *
 * The script is plain, self-contained JavaScript, allowed by the page's
 * Content-Security-Policy through its SHA-256 hash only (no other script
 * can run, no network). Without it the page is the full static report:
 * the filter controls are hidden until the script shows them.
 */
#include "report_int.h"

#include "hta/date.h"
#include "hta/providers.h"

#include <openssl/evp.h>
#include <stdio.h>
#include <string.h>

static void h(struct hta_buf *b, const char *s)
{
	hta_esc_xml(b, s);
}

/* ---- style and script ---- */

const char hta_html_css_extra[] =
	".glance{display:grid;grid-template-columns:repeat(auto-fit,minmax(190px,1fr));gap:12px;"
	"margin:18px 0}\n"
	".glance div{border:1px solid var(--line);border-radius:6px;padding:10px 14px}\n"
	".glance .n{font-size:26px;font-weight:700;display:block}\n"
	".glance .l{color:var(--muted);font-size:12px}\n"
	".gap-detail td{border-bottom:1px solid var(--line);font-size:12px;color:#333;"
	"padding-top:0}\n"
	".gap-detail p{margin:2px 0 4px}.gap-row td{border-bottom:0}\n"
	"tr[hidden]{display:none}\n"
	"#gap-tools{display:flex;flex-wrap:wrap;gap:8px;align-items:center;margin:8px 0}\n"
	"#gap-tools input,#gap-tools select{font:inherit;padding:3px 6px}\n"
	"th.sortable{cursor:pointer}th.sortable:after{content:' \\2195';color:var(--muted)}\n"
	"td.date{white-space:nowrap;font-variant-numeric:tabular-nums}\n"
	".gantt,.trend{max-width:900px}\n"
	"ul.owners{columns:2;padding-left:18px}\n"
	"@media print{#gap-tools{display:none}}\n";

/* In a --summary report sections follow each other instead of each
 * starting a page. */
const char hta_html_css_summary[] =
	"@media print{section{break-before:auto;page-break-before:auto}}\n";

static const char script[] =
	"(function(){'use strict';\n"
	"var t=document.getElementById('gap-table'),tools=document.getElementById('gap-tools');\n"
	"if(!t||!tools)return;\n"
	"var body=t.tBodies[0],rows=[].slice.call(body.rows).filter(function(r){"
	"return r.classList.contains('gap-row');});\n"
	"function detail(r){var d=r.nextElementSibling;"
	"return d&&d.classList.contains('gap-detail')?d:null;}\n"
	"var text=rows.map(function(r){var d=detail(r);"
	"return (r.textContent+' '+(d?d.textContent:'')).toLowerCase();});\n"
	"var q=document.getElementById('gap-q'),fd=document.getElementById('gap-domain'),"
	"fs=document.getElementById('gap-status'),fo=document.getElementById('gap-owner'),"
	"count=document.getElementById('gap-count');\n"
	"function fill(sel,attr){var seen={};rows.forEach(function(r){seen[r.getAttribute(attr)]=1;});"
	"Object.keys(seen).sort().forEach(function(v){var o=document.createElement('option');"
	"o.value=v;o.textContent=v;sel.appendChild(o);});}\n"
	"fill(fd,'data-domain');fill(fo,'data-owner');\n"
	"function apply(){var s=q.value.trim().toLowerCase(),d=fd.value,st=fs.value,o=fo.value,n=0;\n"
	"rows.forEach(function(r,i){var show=(!s||text[i].indexOf(s)>=0)&&"
	"(!d||r.getAttribute('data-domain')===d)&&"
	"(!st||(' '+r.getAttribute('data-status')+' ').indexOf(' '+st+' ')>=0)&&"
	"(!o||r.getAttribute('data-owner')===o);\n"
	"r.hidden=!show;var x=detail(r);if(x)x.hidden=!show;if(show)n++;});\n"
	"count.textContent=n+' of '+rows.length+' gaps shown';}\n"
	"[q,fd,fs,fo].forEach(function(e){e.addEventListener('input',apply);"
	"e.addEventListener('change',apply);});\n"
	"var dir={};\n"
	"[].slice.call(t.tHead.rows[0].cells).forEach(function(th,c){th.classList.add('sortable');"
	"th.title='Sort';th.addEventListener('click',function(){dir[c]=-(dir[c]||-1);\n"
	"var num=th.classList.contains('num');\n"
	"var order=rows.slice().sort(function(a,b){var x=a.cells[c].textContent.trim(),"
	"y=b.cells[c].textContent.trim();\n"
	"if(num){x=parseFloat(x)||0;y=parseFloat(y)||0;return (x-y)*dir[c];}\n"
	"return x.localeCompare(y)*dir[c];});\n"
	"order.forEach(function(r){var x=detail(r);body.appendChild(r);if(x)body.appendChild(x);});"
	"});});\n"
	"tools.hidden=false;apply();\n"
	"})();\n";

const char *hta_html_script(void)
{
	return script;
}

int hta_html_script_hash(char out[64])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;
	if (!EVP_Digest(script, sizeof(script) - 1, md, &n, EVP_sha256(), NULL) || n != 32)
		return -1;
	EVP_EncodeBlock((unsigned char *)out, md, (int)n); /* 44 characters and a NUL */
	return 0;
}

/* ---- the search, filter and sort controls (hidden without the script) ---- */

void hta_html_tools(struct hta_buf *b)
{
	hta_buf_puts(b, "<div id=\"gap-tools\" hidden>"
			"<label>Search <input id=\"gap-q\" type=\"search\" "
			"placeholder=\"id, title, owner, text\"></label>"
			"<label>Domain <select id=\"gap-domain\"><option value=\"\">all</option>"
			"</select></label>"
			"<label>Status <select id=\"gap-status\"><option value=\"\">all</option>"
			"<option value=\"cap\">needs a CAP</option><option value=\"gap\">gap, no CAP"
			"</option><option value=\"blocker\">blocker</option><option value=\"waived\">"
			"waived</option><option value=\"inherit\">fixed by inheriting</option>"
			"</select></label>"
			"<label>Owner <select id=\"gap-owner\"><option value=\"\">all</option>"
			"</select></label><span id=\"gap-count\" class=\"muted\"></span></div>\n");
}

/* ---- executive summary (on the cover) ---- */

static void ladder_table(struct hta_buf *b, const struct hta_run *run)
{
	const struct hta_run_deliver *dl = &run->dl;
	hta_buf_puts(b, "<h3 id=\"ladder\">Tier ladder</h3>\n<table>\n<thead><tr><th>Tier</th>"
			"<th>Verdict</th><th>Failing domains</th><th class=\"num\">Gaps</th>"
			"<th class=\"num\">Without evidence</th><th class=\"num\">Plan effort</th>"
			"<th class=\"num\">Overall</th></tr></thead>\n<tbody>\n");
	for (size_t k = 0; k < dl->n_ladder; k++) {
		const struct hta_run_ladder *l = &dl->ladder_rows[k];
		char ov[32];
		hta_fmt2(ov, l->overall);
		hta_buf_printf(b, "<tr><td>%s</td><td class=\"%s\">%s</td><td>",
			       hta_tier_name(l->tier), l->pass ? "res-pass" : "res-fail",
			       hta_verdict_name(l->pass));
		h(b, l->failing && *l->failing ? l->failing : "none");
		hta_buf_printf(b, "</td><td class=\"num\">%d</td><td class=\"num\">%d</td>"
			       "<td class=\"num\">%d</td><td class=\"num\">%s</td></tr>\n", l->gaps,
			       l->no_evidence, l->plan_effort, ov);
	}
	hta_buf_puts(b, "</tbody>\n</table>\n");
}

void hta_html_exec(struct hta_buf *b, const struct hta_run *run)
{
	const struct hta_run_deliver *dl = &run->dl;
	char d1[11];
	int nf = 0, scored = 0, effort = 0;
	for (int d = 0; d <= HTA_DOMAINS; d++) {
		const struct hta_run_pool *po = d ? &run->domains[d] : &run->ai_security;
		scored += d && po->scored;
		if (hta_dl_failing(po)) {
			nf++;
			effort += po->plan_effort;
		}
	}
	hta_buf_puts(b, "<div class=\"glance\" id=\"at-a-glance\">\n");
	hta_buf_printf(b, "<div id=\"glance-failing\"><span class=\"n\">%d</span><span class=\"l\">"
		       "failing domain%s or pools (of %d scored domains)</span></div>\n", nf,
		       nf == 1 ? "" : "s", scored);
	hta_buf_printf(b, "<div id=\"glance-gaps\"><span class=\"n\">%d</span><span class=\"l\">"
		       "gaps, %d needing a corrective action plan</span></div>\n", run->gap_count,
		       run->cap_count);
	hta_buf_printf(b, "<div id=\"glance-effort\"><span class=\"n\">%d</span><span class=\"l\">"
		       "effort of the cheapest plan that passes every domain</span></div>\n", effort);
	if (dl->has_timeline)
		hta_buf_printf(b, "<div id=\"glance-ready\"><span class=\"n\">%s</span><span "
			       "class=\"l\">readiness date: every failing domain passes (%d "
			       "workstream%s)</span></div>\n",
			       nf ? hta_dl_day(dl->ready_on, d1) : "now", dl->tl_capacity,
			       dl->tl_capacity == 1 ? "" : "s");
	char pts[32];
	hta_fmt2(pts, dl->inherit_total);
	hta_buf_printf(b, "<div id=\"glance-inherit\"><span class=\"n\">%s</span><span class=\"l\">"
		       "points recoverable by inheritance (%zu gap%s)</span></div>\n", pts,
		       dl->inherit_count, dl->inherit_count == 1 ? "" : "s");
	hta_buf_puts(b, "</div>\n");
	if (dl->n_ladder)
		ladder_table(b, run);
}

/* ---- inheritance ---- */

static void inheritance(struct hta_buf *b, const struct hta_run *run, bool summary)
{
	const struct hta_run_deliver *dl = &run->dl;
	char pts[32];
	hta_fmt2(pts, dl->inherit_total);
	hta_buf_printf(b, "<section id=\"inheritance\">\n<h2>Inheritance opportunities</h2>\n"
		       "<p>Gaps a declared cloud provider could cover that the evidence does not "
		       "inherit yet: %zu, <strong>%s points</strong> recoverable at the largest "
		       "share each provider's matrix allows (the shipped matrices are illustrative: "
		       "the provider's own HITRUST matrix decides).</p>\n", dl->inherit_count, pts);
	if (!dl->inherit_count) {
		hta_buf_puts(b, "</section>\n");
		return;
	}
	hta_buf_puts(b, "<table>\n<thead><tr><th>Failing domain</th><th class=\"num\">Recoverable"
			"</th><th>Inheritance alone lifts it</th></tr></thead>\n<tbody>\n");
	for (int d = 0; d <= HTA_DOMAINS; d++) {
		const struct hta_run_pool *po = d ? &run->domains[d] : &run->ai_security;
		if (!hta_dl_failing(po) || (summary && po->dl.inherit_points <= 0))
			continue;
		hta_fmt2(pts, po->dl.inherit_points);
		hta_buf_puts(b, "<tr><td>");
		h(b, d ? po->key : "AI Security");
		hta_buf_puts(b, " ");
		h(b, po->name);
		hta_buf_printf(b, "</td><td class=\"num\">%s</td><td class=\"%s\">%s</td></tr>\n", pts,
			       po->dl.inherit_lifts ? "res-pass" : "", po->dl.inherit_lifts ? "yes" : "no");
	}
	hta_buf_puts(b, "</tbody>\n</table>\n<table>\n<thead><tr><th class=\"num\">Rank</th>"
			"<th>Requirement</th><th>Title</th><th>Provider</th><th>Responsibility</th>"
			"<th class=\"num\">Weight</th><th class=\"num\">Points</th><th>In the plan</th>"
			"</tr></thead>\n<tbody>\n");
	size_t shown = 0;
	for (size_t k = 0; k < run->n_gaps; k++) {
		const struct hta_run_req *r = &run->reqs[run->gap_order[k]];
		if (!r->dl.inherit_provider)
			continue;
		if (summary && shown == 5)
			break;
		shown++;
		hta_fmt2(pts, r->dl.inherit_points);
		hta_buf_printf(b, "<tr><td class=\"num\">%d</td><td class=\"id\"><code>", r->rank);
		h(b, r->id);
		hta_buf_puts(b, "</code></td><td>");
		h(b, r->title);
		hta_buf_puts(b, "</td><td>");
		h(b, r->dl.inherit_provider);
		hta_buf_printf(b, "</td><td>%s</td><td class=\"num\">%d%%</td><td class=\"num\">%s</td>"
			       "<td>%s</td></tr>\n", hta_resp_name(r->dl.inherit_resp),
			       r->dl.inherit_weight, pts,
			       r->dl.fix_inherit ? hta_fix_name(HTA_FIX_INHERIT) : "");
	}
	hta_buf_puts(b, "</tbody>\n</table>\n");
	if (shown < dl->inherit_count)
		hta_buf_printf(b, "<p class=\"muted\">The first %zu of %zu.</p>\n", shown,
			       dl->inherit_count);
	hta_buf_puts(b, "</section>\n");
}

/* ---- timeline and its Gantt chart ---- */

#define G_W 860
#define G_LABEL 110
#define G_ROW 14

static void gantt(struct hta_buf *b, const struct hta_run *run, size_t max_rows)
{
	const struct hta_run_deliver *dl = &run->dl;
	size_t n = 0;
	int end = dl->tl_start + 7;
	for (size_t k = 0; k < run->n_gaps && n < max_rows; k++) {
		const struct hta_run_req *r = &run->reqs[run->gap_order[k]];
		if (!r->dl.scheduled)
			continue;
		n++;
		if (r->dl.tl_ready > end)
			end = r->dl.tl_ready;
	}
	if (dl->ready_on > end)
		end = dl->ready_on;
	if (!n)
		return;
	double span = end - dl->tl_start, scale = (G_W - G_LABEL - 10) / (span > 0 ? span : 1);
	int height = 30 + (int)n * G_ROW + 10;
	hta_buf_printf(b, "<svg class=\"gantt\" id=\"gantt\" xmlns=\"http://www.w3.org/2000/svg\" "
		       "viewBox=\"0 0 %d %d\" width=\"100%%\" role=\"img\" aria-labelledby=\"gantt-title\" "
		       "font-family=\"Arial, Helvetica, sans-serif\" font-size=\"10\">\n<title "
		       "id=\"gantt-title\">The first %zu gaps in rank order: the fix (dark) and the "
		       "maturity window before it counts (light)</title>\n", G_W, height, n);
	/* Month ticks. */
	char d1[11];
	for (int t = dl->tl_start; t <= end; t += 30) {
		double x = G_LABEL + (t - dl->tl_start) * scale;
		hta_date_format(t, d1);
		d1[7] = 0; /* YYYY-MM */
		hta_buf_printf(b, "<line x1=\"%.1f\" y1=\"18\" x2=\"%.1f\" y2=\"%d\" stroke=\"#eee\"/>"
			       "<text x=\"%.1f\" y=\"12\" fill=\"#5f6368\">%s</text>\n", x, x, height - 4,
			       x, d1);
	}
	size_t i = 0;
	for (size_t k = 0; k < run->n_gaps && i < n; k++) {
		const struct hta_run_req *r = &run->reqs[run->gap_order[k]];
		if (!r->dl.scheduled)
			continue;
		int y = 24 + (int)i++ * G_ROW;
		double x0 = G_LABEL + (r->dl.tl_start - dl->tl_start) * scale;
		double x1 = G_LABEL + (r->dl.tl_done - dl->tl_start) * scale;
		double x2 = G_LABEL + (r->dl.tl_ready - dl->tl_start) * scale;
		hta_buf_printf(b, "<g class=\"task\"><text x=\"%d\" y=\"%d\" text-anchor=\"end\">", G_LABEL - 4,
			       y + 9);
		h(b, r->id);
		hta_buf_printf(b, "</text><rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"10\" "
			       "fill=\"%s\"/><rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"10\" "
			       "fill=\"#c6dafc\"/></g>\n", x0, y,
			       r->dl.tl_wait ? 0 : x1 - x0 < 1 ? 1 : x1 - x0,
			       r->dl.fix_inherit ? "#1b7f3b" : "#174ea6", x1, y, x2 - x1);
	}
	if (dl->ready_on >= 0) {
		double x = G_LABEL + (dl->ready_on - dl->tl_start) * scale;
		hta_buf_printf(b, "<line id=\"gantt-ready\" x1=\"%.1f\" y1=\"18\" x2=\"%.1f\" y2=\"%d\" "
			       "stroke=\"#b3261e\" stroke-width=\"2\"/>\n", x, x, height - 4);
	}
	hta_buf_puts(b, "</svg>\n");
}

static void timeline(struct hta_buf *b, const struct hta_run *run, bool summary)
{
	const struct hta_run_deliver *dl = &run->dl;
	char d1[11], d2[11];
	if (!dl->has_timeline)
		return;
	hta_buf_printf(b, "<section id=\"timeline\">\n<h2>Timeline to certification</h2>\n<p>The "
		       "gaps in rank order on %d parallel workstream%s from %s: each fix takes the "
		       "weeks its effort maps to, then must operate for its maturity window (90 days "
		       "implemented, 60 policy and procedure) before it counts. ",
		       dl->tl_capacity, dl->tl_capacity == 1 ? "" : "s", hta_dl_day(dl->tl_start, d1));
	int nf = 0;
	for (int d = 0; d <= HTA_DOMAINS; d++)
		nf += hta_dl_failing(d ? &run->domains[d] : &run->ai_security);
	if (!nf)
		hta_buf_puts(b, "No domain fails.</p>\n");
	else if (dl->ready_on < 0)
		hta_buf_puts(b, "The gaps listed cannot lift every failing domain.</p>\n");
	else
		hta_buf_printf(b, "<strong id=\"ready-on\">Every failing domain passes by %s.</strong>"
			       "</p>\n", hta_dl_day(dl->ready_on, d1));
	if (nf && !summary) { /* the summary has the dates in its path table */
		hta_buf_puts(b, "<table>\n<thead><tr><th>Failing domain</th><th>Passes on</th></tr>"
				"</thead>\n<tbody>\n");
		for (int d = 0; d <= HTA_DOMAINS; d++) {
			const struct hta_run_pool *po = d ? &run->domains[d] : &run->ai_security;
			if (!hta_dl_failing(po))
				continue;
			hta_buf_puts(b, "<tr><td>");
			h(b, d ? po->key : "AI Security");
			hta_buf_puts(b, " ");
			h(b, po->name);
			hta_buf_printf(b, "</td><td class=\"date\">%s</td></tr>\n",
				       hta_dl_day(po->dl.passes_on, d2));
		}
		hta_buf_puts(b, "</tbody>\n</table>\n");
	}
	gantt(b, run, summary ? 12 : 60);
	if (!summary)
		hta_buf_puts(b, "<p class=\"muted\">Every gap's ready date is in the gaps table "
				"(column Ready).</p>\n");
	hta_buf_puts(b, "</section>\n");
}

/* ---- evidence going stale, per owner ---- */

static void stale(struct hta_buf *b, const struct hta_run *run, bool summary)
{
	const struct hta_run_deliver *dl = &run->dl;
	char d1[11], d2[11];
	hta_buf_printf(b, "<section id=\"stale\">\n<h2>Evidence going stale</h2>\n<p>%zu claim%s "
		       "count today but will be older than a year within %d days of the assessment "
		       "date; refresh them before the assessment.</p>\n", dl->n_stale,
		       dl->n_stale == 1 ? "" : "s", dl->stale_window);
	if (!dl->n_stale) {
		hta_buf_puts(b, "</section>\n");
		return;
	}
	/* Per owner: owners in order of their soonest date (the list is soonest first). */
	size_t shown = 0, limit = summary ? 5 : (size_t)-1;
	bool *done = hta_calloc(dl->n_stale, sizeof(*done));
	if (!done) {
		b->failed = 1;
		return;
	}
	for (size_t k = 0; k < dl->n_stale && shown < limit; k++) {
		if (done[k])
			continue;
		const char *owner = dl->stale[k].owner;
		hta_buf_puts(b, "<h3>");
		h(b, owner ? owner : "No owner");
		hta_buf_puts(b, "</h3>\n<table>\n<thead><tr><th>Stale on</th><th>Requirement</th>"
				"<th>Level</th><th>Dated</th><th>Manifest</th></tr></thead>\n<tbody>\n");
		for (size_t j = k; j < dl->n_stale && shown < limit; j++) {
			const struct hta_run_stale *s = &dl->stale[j];
			bool same = owner ? s->owner && strcmp(owner, s->owner) == 0 : !s->owner;
			if (done[j] || !same)
				continue;
			done[j] = true;
			shown++;
			hta_buf_printf(b, "<tr><td class=\"date\">%s</td><td class=\"id\"><code>",
				       hta_dl_day(s->stale_on, d1));
			h(b, s->req_id);
			hta_buf_printf(b, "</code></td><td>%s</td><td class=\"date\">%s</td><td><code>",
				       hta_level_name(s->level), hta_dl_day(s->dated, d2));
			h(b, s->manifest);
			hta_buf_printf(b, ":%u</code></td></tr>\n", s->line);
		}
		hta_buf_puts(b, "</tbody>\n</table>\n");
	}
	hta_free(done);
	if (shown < dl->n_stale)
		hta_buf_printf(b, "<p class=\"muted\">The first %zu of %zu.</p>\n", shown, dl->n_stale);
	hta_buf_puts(b, "</section>\n");
}

/* ---- SOC 2 reuse ---- */

static void soc2(struct hta_buf *b, const struct hta_run *run, bool summary)
{
	const struct hta_run_deliver *dl = &run->dl;
	char d1[11];
	if (!dl->has_soc2)
		return;
	size_t gaps = 0;
	for (size_t i = 0; i < run->n_reqs; i++)
		gaps += run->reqs[i].dl.soc2 && run->reqs[i].gap;
	hta_buf_printf(b, "<section id=\"soc2\">\n<h2>SOC 2 reuse (advisory)</h2>\n<p>The SOC 2 "
		       "report (period ending %s; criteria with exceptions: ",
		       hta_dl_day(dl->soc2_period_end, d1));
	h(b, dl->soc2_exceptions && *dl->soc2_exceptions ? dl->soc2_exceptions : "none");
	hta_buf_printf(b, ") is candidate evidence for %zu statements, %zu of them gaps. The "
		       "assessor decides whether its testing supports a level; no score depends on "
		       "it.</p>\n", dl->soc2_count, gaps);
	hta_buf_puts(b, "<table>\n<thead><tr><th>Requirement</th><th>Title</th><th>Gap</th>"
			"<th>Trust Services Criteria</th></tr></thead>\n<tbody>\n");
	size_t shown = 0;
	for (int pass = 0; pass < 2; pass++) { /* gaps first */
		for (size_t i = 0; i < run->n_reqs; i++) {
			const struct hta_run_req *r = &run->reqs[i];
			if (!r->dl.soc2 || r->gap != (pass == 0) || (summary && shown == 5))
				continue;
			shown++;
			hta_buf_puts(b, "<tr><td class=\"id\"><code>");
			h(b, r->id);
			hta_buf_puts(b, "</code></td><td>");
			h(b, r->title);
			hta_buf_printf(b, "</td><td>%s</td><td>", r->gap ? "yes" : "");
			h(b, r->dl.soc2);
			hta_buf_puts(b, "</td></tr>\n");
		}
	}
	hta_buf_puts(b, "</tbody>\n</table>\n");
	if (shown < dl->soc2_count)
		hta_buf_printf(b, "<p class=\"muted\">The first %zu of %zu.</p>\n", shown,
			       dl->soc2_count);
	hta_buf_puts(b, "</section>\n");
}

/* ---- scope answers and the trend ---- */

#define T_W 160
#define T_H 24

static void trend(struct hta_buf *b, const struct hta_run *run)
{
	const struct hta_run_deliver *dl = &run->dl;
	hta_buf_puts(b, "<h3 id=\"trend\">Trend across visits</h3>\n");
	if (dl->n_trend < 2) {
		hta_buf_puts(b, "<p class=\"muted\">The first stored run of this evidence at this "
				"tier: no trend yet.</p>\n");
		return;
	}
	char d1[11], d2[11];
	hta_buf_printf(b, "<p>The %zu stored runs of this evidence at this tier, from %s to %s "
		       "(assessment dates).</p>\n", dl->n_trend, hta_dl_day(dl->trend[0].as_of, d1),
		       hta_dl_day(dl->trend[dl->n_trend - 1].as_of, d2));
	hta_buf_puts(b, "<table class=\"trend\">\n<thead><tr><th>Domain</th><th>Trend</th>"
			"<th class=\"num\">First</th><th class=\"num\">Latest</th></tr></thead>\n"
			"<tbody>\n");
	for (int d = 1; d <= HTA_DOMAINS; d++) {
		size_t first = dl->n_trend, last = 0, cnt = 0;
		for (size_t k = 0; k < dl->n_trend; k++)
			if ((dl->trend[k].scored >> d) & 1) {
				if (first == dl->n_trend)
					first = k;
				last = k;
				cnt++;
			}
		if (!cnt)
			continue;
		hta_buf_puts(b, "<tr><td>");
		h(b, run->domains[d].key);
		hta_buf_puts(b, " ");
		h(b, run->domains[d].name);
		hta_buf_printf(b, "</td><td><svg class=\"spark\" xmlns=\"http://www.w3.org/2000/svg\" "
			       "width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\"><title>",
			       T_W, T_H, T_W, T_H);
		h(b, run->domains[d].key);
		hta_buf_puts(b, " scores by run</title>");
		int th = run->domains[d].threshold;
		if (th)
			hta_buf_printf(b, "<line x1=\"0\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#999\" "
				       "stroke-dasharray=\"2 2\"/>", T_H - 2 - th * (T_H - 4) / 100.0, T_W,
				       T_H - 2 - th * (T_H - 4) / 100.0);
		hta_buf_puts(b, "<polyline fill=\"none\" stroke=\"#174ea6\" stroke-width=\"1.5\" points=\"");
		for (size_t k = 0; k < dl->n_trend; k++) {
			if (!((dl->trend[k].scored >> d) & 1))
				continue;
			double x = dl->n_trend > 1 ? 4 + (double)k * (T_W - 8) / (double)(dl->n_trend - 1) : 4;
			double y = T_H - 2 - dl->trend[k].score[d] * (T_H - 4) / 100.0;
			hta_buf_printf(b, "%.1f,%.1f ", x, y);
		}
		char s1[32], s2[32];
		hta_fmt2(s1, dl->trend[first].score[d]);
		hta_fmt2(s2, dl->trend[last].score[d]);
		hta_buf_printf(b, "\"/></svg></td><td class=\"num\">%s</td><td class=\"num\">%s</td>"
			       "</tr>\n", s1, s2);
	}
	hta_buf_puts(b, "</tbody>\n</table>\n");
}

static void scope_answers(struct hta_buf *b, const struct hta_run *run)
{
	const struct hta_run_deliver *dl = &run->dl;
	hta_buf_puts(b, "<section id=\"scope\">\n<h2>Scope as answered</h2>\n");
	if (!dl->n_answers) {
		hta_buf_puts(b, "<p class=\"muted\">Not recorded for this run.</p>\n");
	} else {
		hta_buf_puts(b, "<p>The answers that decide which statements are assessed.</p>\n"
				"<table id=\"scope-answers\">\n<thead><tr><th>Question</th><th>Answer"
				"</th></tr></thead>\n<tbody>\n");
		for (size_t k = 0; k < dl->n_answers; k++) {
			hta_buf_puts(b, "<tr><td><code>");
			h(b, dl->answers[k].key);
			hta_buf_puts(b, "</code></td><td>");
			h(b, dl->answers[k].value);
			hta_buf_puts(b, "</td></tr>\n");
		}
		hta_buf_puts(b, "</tbody>\n</table>\n");
	}
	trend(b, run);
	hta_buf_puts(b, "</section>\n");
}

void hta_html_sections(struct hta_buf *b, const struct hta_run *run, bool summary)
{
	inheritance(b, run, summary);
	timeline(b, run, summary);
	stale(b, run, summary);
	soc2(b, run, summary);
	scope_answers(b, run);
}

/* ---- gaps grouped by owner ---- */

void hta_html_owners(struct hta_buf *b, const struct hta_run *run)
{
	size_t n = run->n_gaps;
	if (!n)
		return;
	bool *done = hta_calloc(n, sizeof(*done));
	if (!done) {
		b->failed = 1;
		return;
	}
	hta_buf_puts(b, "<h3 id=\"by-owner\">Gaps by owner</h3>\n<ul class=\"owners\">\n");
	for (size_t k = 0; k < n; k++) {
		if (done[k])
			continue;
		const char *owner = run->reqs[run->gap_order[k]].owner;
		size_t cnt = 0;
		for (size_t j = k; j < n; j++) {
			const char *o = run->reqs[run->gap_order[j]].owner;
			cnt += !done[j] && (owner ? o && strcmp(o, owner) == 0 : !o);
		}
		hta_buf_puts(b, "<li><strong>");
		h(b, owner ? owner : "No owner");
		hta_buf_printf(b, "</strong> (%zu): ", cnt);
		size_t listed = 0;
		for (size_t j = k; j < n; j++) {
			const struct hta_run_req *r = &run->reqs[run->gap_order[j]];
			if (done[j] || !(owner ? r->owner && strcmp(r->owner, owner) == 0 : !r->owner))
				continue;
			done[j] = true;
			if (listed++ < 40) {
				hta_buf_printf(b, "%s<a href=\"#gap-%d\">", listed > 1 ? ", " : "", r->rank);
				h(b, r->id);
				hta_buf_puts(b, "</a>");
			}
		}
		if (listed > 40)
			hta_buf_printf(b, " and %zu more", listed - 40);
		hta_buf_puts(b, "</li>\n");
	}
	hta_buf_puts(b, "</ul>\n");
	hta_free(done);
}
