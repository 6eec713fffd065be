/*
 * report_html.c — the readiness report a consultant hands to a client: one
 * self-contained HTML file (no external asset, no network; the only script
 * is the report's own search/filter/sort, allowed by its hash in the
 * Content-Security-Policy meta tag) that reads on screen and prints to PDF.
 * The deliverable's parts (executive summary, inheritance, timeline, stale
 * evidence, SOC 2, scope, trend, owners) are in report_html_deliver.c;
 * `summary` (--summary) draws the short version (11 printed pages for 952 statements). Sections:
 *
 *   cover          organisation, assessment, scope, tier, add-ons, as-of
 *                  date, the verdict and the headline numbers;
 *   1 scores       every scored domain and pool against its threshold, as
 *                  an inline SVG bar chart and as a table;
 *   2 path         the certification path: per failing domain, the cheapest
 *                  set of statements that lifts it over its threshold, with
 *                  the catalog's effort;
 *   3 gaps         every gap in rank order: CAP, blocker, waiver, owner and
 *                  why it ranks there;
 *   4 findings     evidence findings by manifest file and line;
 *   5 statements   not-applicable and inherited statements and waivers,
 *                  with their justifications;
 *   6 appendix     every in-scope statement with its level results.
 *
 * Every string that comes from a user's file (organisation, owners,
 * reasons, paths, catalog text) passes through hta_esc_xml(), in text and
 * in attributes alike. The print stylesheet starts each section on a new
 * page, keeps table rows whole and repeats table headers.
 *
 * Crosswalk coverage (HIPAA / NIST ids of the gap statements) is not
 * drawn: a stored run does not keep the catalog's mappings, and the report
 * must render from the run alone (see docs/report-formats.md).
 */
#include "report_int.h"

#include "hta/date.h"
#include "hta/scope.h"

#include <stdio.h>
#include <string.h>

static const char css[] =
	":root{--pass:#1b7f3b;--fail:#b3261e;--muted:#5f6368;--line:#d9d9d9}\n"
	"*{box-sizing:border-box}\n"
	"body{font:14px/1.45 -apple-system,\"Segoe UI\",Roboto,\"Helvetica Neue\",Arial,sans-serif;"
	"color:#1a1a1a;background:#fff;margin:0}\n"
	"header.cover,nav.toc,main,footer{max-width:1100px;margin:0 auto;padding:0 32px}\n"
	"header.cover{padding-top:48px;padding-bottom:28px;border-bottom:4px solid #1a1a1a}\n"
	".kicker{text-transform:uppercase;letter-spacing:.12em;color:var(--muted);font-size:12px;"
	"margin:0}\n"
	"h1{font-size:32px;margin:6px 0 2px}\n"
	".subtitle{font-size:18px;color:#333;margin:0 0 12px}\n"
	".verdict{display:inline-block;font-size:26px;font-weight:700;padding:8px 22px;"
	"border-radius:6px;color:#fff;margin:14px 0 18px}\n"
	".verdict.pass{background:var(--pass)}.verdict.fail{background:var(--fail)}\n"
	".verdict-why{font-size:15px;margin:0 0 16px}\n"
	"dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:4px 28px;margin:0}\n"
	"dl.facts dt{font-weight:600;color:#333}dl.facts dd{margin:0}\n"
	".disclaimer{color:var(--muted);font-size:12px;margin-top:20px}\n"
	"nav.toc{padding-top:16px;padding-bottom:8px}nav.toc a{margin-right:18px;color:#174ea6}\n"
	"section{padding-top:8px}\n"
	"h2{font-size:22px;border-bottom:2px solid #1a1a1a;padding-bottom:4px;margin:28px 0 10px}\n"
	"h3{font-size:16px;margin:18px 0 6px}\n"
	"table{border-collapse:collapse;width:100%;margin:6px 0 18px;font-size:13px}\n"
	"th,td{border-bottom:1px solid var(--line);padding:4px 8px;text-align:left;"
	"vertical-align:top}\n"
	"td.id code{white-space:nowrap;word-break:normal}td.owner{overflow-wrap:anywhere}\n"
	"th{background:#f3f3f3;font-weight:600}\n"
	"table.wide{font-size:12px}table.wide th,table.wide td{padding:3px 5px}\n"
	"td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}\n"
	".res-pass{color:var(--pass);font-weight:600}.res-fail{color:var(--fail);font-weight:600}\n"
	".res-none{color:var(--muted)}\n"
	".tag{display:inline-block;padding:0 6px;margin:0 2px 2px 0;border-radius:3px;"
	"font-size:11px;font-weight:600;white-space:nowrap}\n"
	".tag.cap{background:#fde2e1;color:#8c1d18}.tag.blocker{background:#1a1a1a;color:#fff}\n"
	".tag.waived{background:#e8eaed;color:#3c4043}.tag.gap{background:#fef7e0;color:#7a4f01}\n"
	"code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12px;"
	"word-break:break-all}\n"
	".muted{color:var(--muted)}\n"
	".chart{max-width:900px;margin:8px 0 12px}\n"
	"footer{color:var(--muted);font-size:12px;border-top:1px solid var(--line);margin-top:32px;"
	"padding-top:10px;padding-bottom:32px}\n"
	"@page{size:A4;margin:16mm 14mm}\n"
	"@media print{\n"
	"body{font-size:10pt}\n"
	"header.cover,nav.toc,main,footer{max-width:none;padding:0}\n"
	"nav.toc{display:none}\n"
	"header.cover{border-bottom:0;break-after:page;page-break-after:always}\n"
	"section{break-before:page;page-break-before:always}\n"
	"h2,h3{break-after:avoid;page-break-after:avoid}\n"
	"tr,.chart,dl.facts{break-inside:avoid;page-break-inside:avoid}\n"
	"thead{display:table-header-group}\n"
	"a{color:inherit;text-decoration:none}\n"
	".verdict,.tag,th,svg{-webkit-print-color-adjust:exact;print-color-adjust:exact}\n"
	"}\n";

/* Escaped text. */
static void h(struct hta_buf *b, const char *s)
{
	hta_esc_xml(b, s);
}

static void cell(struct hta_buf *b, const char *s)
{
	hta_buf_puts(b, "<td>");
	h(b, s);
	hta_buf_puts(b, "</td>");
}

static void cell_code(struct hta_buf *b, const char *s)
{
	hta_buf_puts(b, "<td><code>");
	h(b, s);
	hta_buf_puts(b, "</code></td>");
}

/* A requirement id: kept on one line. */
static void cell_id(struct hta_buf *b, const char *s)
{
	hta_buf_puts(b, "<td class=\"id\"><code>");
	h(b, s);
	hta_buf_puts(b, "</code></td>");
}

/* An owner (often a long e-mail address): may wrap anywhere. */
static void cell_owner(struct hta_buf *b, const char *s)
{
	hta_buf_puts(b, "<td class=\"owner\">");
	h(b, s ? s : "");
	hta_buf_puts(b, "</td>");
}

static void cell_num(struct hta_buf *b, double x)
{
	char s[32];
	hta_fmt2(s, x);
	hta_buf_printf(b, "<td class=\"num\">%s</td>", s);
}

/* A table's opening and header row; `id` (may be NULL) names the table. */
static void thead_id(struct hta_buf *b, const char *id, const char *const *cols,
		     const char *numeric)
{
	size_t n = 0;
	while (cols[n])
		n++;
	/* Tables of many columns get a tighter layout so they fit the page. */
	hta_buf_puts(b, "<table");
	if (id)
		hta_buf_printf(b, " id=\"%s\"", id);
	hta_buf_puts(b, n > 8 ? " class=\"wide\">\n<thead><tr>" : ">\n<thead><tr>");
	for (size_t i = 0; cols[i]; i++)
		hta_buf_printf(b, "<th%s>%s</th>", numeric[i] == 'n' ? " class=\"num\"" : "", cols[i]);
	hta_buf_puts(b, "</tr></thead>\n<tbody>\n");
}

static void thead(struct hta_buf *b, const char *const *cols, const char *numeric)
{
	thead_id(b, NULL, cols, numeric);
}

static void tfoot(struct hta_buf *b)
{
	hta_buf_puts(b, "</tbody>\n</table>\n");
}

static const char *result_class(const struct hta_run_pool *po)
{
	return !po->scored || !po->threshold ? "res-none" : po->passed ? "res-pass" : "res-fail";
}

static const char *result_text(const struct hta_run_pool *po)
{
	return !po->scored ? "not scored" : !po->threshold ? "no verdict"
	       : hta_verdict_name(po->passed);
}

/* The same, as one CSS class name. */
static const char *result_class_name(const struct hta_run_pool *po)
{
	return !po->scored ? "not-scored" : !po->threshold ? "no-verdict"
	       : hta_verdict_name(po->passed);
}

static void tags(struct hta_buf *b, const struct hta_run_req *r)
{
	hta_buf_puts(b, r->cap ? "<span class=\"tag cap\">CAP</span>"
			       : "<span class=\"tag gap\">gap</span>");
	if (r->blocker)
		hta_buf_puts(b, "<span class=\"tag blocker\">blocker</span>");
	if (r->waived)
		hta_buf_puts(b, "<span class=\"tag waived\">waived</span>");
}

/* The pools that are shown as rows: scored domains, then the apart pools. */
struct row {
	const char *key, *name;
	const struct hta_run_pool *po;
};

static size_t rows(const struct hta_run *run, struct row out[HTA_DOMAINS + 3], bool scored_only)
{
	size_t n = 0;
	for (int d = 1; d <= HTA_DOMAINS; d++) {
		const struct hta_run_pool *po = &run->domains[d];
		if (po->total && (po->scored || !scored_only))
			out[n++] = (struct row){ po->key, po->name ? po->name : "?", po };
	}
	const struct row apart[3] = {
		{ "AI", "AI Security (add-on)", &run->ai_security },
		{ "AI", "AI Risk Management (report only)", &run->ai_risk },
		{ "CF", "Compliance factors (reported apart)", &run->compliance },
	};
	for (int k = 0; k < 3; k++)
		if (apart[k].po->total && (apart[k].po->scored || !scored_only))
			out[n++] = apart[k];
	return n;
}

/* ---- cover ---- */

static void cover(struct hta_buf *b, const struct hta_run *run)
{
	char asof[11], ov[32];
	hta_date_format(run->as_of, asof);
	hta_fmt2(ov, run->overall);
	size_t na = 0, inh = 0;
	for (size_t i = 0; i < run->n_reqs; i++) {
		na += run->reqs[i].status == HTA_ST_NA;
		inh += run->reqs[i].provider != NULL;
	}
	int failing = 0, scored = 0;
	for (int d = 1; d <= HTA_DOMAINS; d++) {
		scored += run->domains[d].scored;
		failing += run->domains[d].scored && !run->domains[d].passed;
	}
	hta_buf_puts(b, "<header class=\"cover\" id=\"cover\">\n"
			"<p class=\"kicker\">HITRUST CSF readiness report</p>\n<h1>");
	h(b, run->organization ? run->organization : "Readiness assessment");
	hta_buf_puts(b, "</h1>\n");
	if (run->assessment) {
		hta_buf_puts(b, "<p class=\"subtitle\">");
		h(b, run->assessment);
		hta_buf_puts(b, "</p>\n");
	}
	hta_buf_printf(b, "<div class=\"verdict %s\" id=\"verdict\">Verdict: %s</div>\n",
		       hta_verdict_name(run->pass), run->pass ? "PASS" : "FAIL");
	hta_buf_puts(b, "<p class=\"verdict-why\">");
	if (failing)
		hta_buf_printf(b, "%d of %d scored domains are below the threshold of %d.", failing,
			       scored, run->domains[1].threshold);
	else
		hta_buf_printf(b, "All %d scored domains are at or above the threshold of %d.", scored,
			       run->domains[1].threshold);
	if (run->ai_security.scored)
		hta_buf_printf(b, " The AI Security add-on %s.",
			       run->ai_security.passed ? "passes" : "does not pass");
	hta_buf_puts(b, "</p>\n");
	hta_html_exec(b, run);
	hta_buf_puts(b, "<dl class=\"facts\">\n");

	hta_buf_printf(b, "<dt>Tier</dt><dd id=\"tier\">%s</dd>\n", hta_tier_title(run->tier));
	hta_buf_puts(b, "<dt>Add-ons</dt><dd id=\"addons\">");
	if (!(run->addons & (HTA_WITH_AI_SECURITY | HTA_WITH_AI_RISK)))
		hta_buf_puts(b, "none");
	if (run->addons & HTA_WITH_AI_SECURITY)
		hta_buf_puts(b, "AI Security");
	if ((run->addons & HTA_WITH_AI_SECURITY) && (run->addons & HTA_WITH_AI_RISK))
		hta_buf_puts(b, ", ");
	if (run->addons & HTA_WITH_AI_RISK)
		hta_buf_puts(b, "AI Risk Management (report only)");
	hta_buf_puts(b, "</dd>\n");
	hta_buf_printf(b, "<dt>As of</dt><dd id=\"as-of\">%s</dd>\n", asof);
	hta_buf_printf(b, "<dt>Overall score</dt><dd>%s (mean of the scored domains)</dd>\n", ov);
	hta_buf_printf(b, "<dt>Scope</dt><dd>%zu requirement statements in scope, %zu not "
		       "applicable, %zu partly inherited", run->n_reqs, na, inh);
	if (run->tier == HTA_TIER_R2)
		hta_buf_puts(b, run->measured_managed
					? "; measured and managed levels scored"
					: "; measured and managed levels not scored (ceiling 75)");
	hta_buf_puts(b, "</dd>\n");
	hta_buf_printf(b, "<dt>Gaps</dt><dd>%d, %d of them needing a corrective action plan (CAP)",
		       run->gap_count, run->cap_count);
	if (run->waived_gaps)
		hta_buf_printf(b, "; %d waived", run->waived_gaps);
	hta_buf_puts(b, "</dd>\n<dt>Evidence</dt><dd><code>");
	h(b, run->evidence_root ? run->evidence_root : "?");
	hta_buf_printf(b, "</code>, %zu manifests</dd>\n", run->manifests);
	if (run->scope_file) {
		hta_buf_puts(b, "<dt>Scope file</dt><dd><code>");
		h(b, run->scope_file);
		hta_buf_puts(b, "</code></dd>\n");
	}
	hta_buf_puts(b, "<dt>Catalog</dt><dd>");
	h(b, run->catalog_name ? run->catalog_name : "?");
	hta_buf_puts(b, " ");
	h(b, run->catalog_version ? run->catalog_version : "");
	hta_buf_printf(b, "</dd>\n<dt>Run</dt><dd>%lld, started ", run->id);
	h(b, run->started_at ? run->started_at : "?");
	hta_buf_puts(b, ", hitrust-assess ");
	h(b, run->tool_version ? run->tool_version : HTA_VERSION);
	hta_buf_puts(b, "</dd>\n</dl>\n"
			"<p class=\"disclaimer\">A readiness self-assessment against the tool's own "
			"catalog, from the evidence named in the manifests. It is not a HITRUST validated "
			"assessment and does not certify anything.</p>\n</header>\n");
	hta_buf_puts(b, "<nav class=\"toc\"><a href=\"#scores\">1 Scores</a>"
			"<a href=\"#path\">2 Certification path</a><a href=\"#gaps\">3 CAPs and gaps</a>"
			"<a href=\"#findings\">4 Evidence findings</a>"
			"<a href=\"#justifications\">5 N/A, inherited, waived</a>"
			"<a href=\"#statements\">6 All statements</a>"
			"<a href=\"#inheritance\">Inheritance</a><a href=\"#timeline\">Timeline</a>"
			"<a href=\"#stale\">Going stale</a><a href=\"#scope\">Scope and trend</a>"
			"</nav>\n<main>\n");
}

/* ---- 1 scores: chart and table ---- */

#define CH_W 800
#define CH_LABEL 300  /* right edge of the labels */
#define CH_X0 312     /* x of score 0 */
#define CH_SCALE 4.2  /* pixels per point: 100 -> 420 */
#define CH_ROW 26
#define CH_TOP 28

static void chart(struct hta_buf *b, const struct hta_run *run)
{
	struct row rs[HTA_DOMAINS + 3];
	size_t n = rows(run, rs, true);
	int height = CH_TOP + (int)(n ? n : 1) * CH_ROW + 10;
	hta_buf_printf(b, "<svg class=\"chart\" id=\"score-chart\" xmlns=\"http://www.w3.org/2000/svg\" "
		       "viewBox=\"0 0 %d %d\" width=\"100%%\" role=\"img\" "
		       "aria-labelledby=\"chart-title\" font-family=\"Arial, Helvetica, sans-serif\" "
		       "font-size=\"12\">\n<title id=\"chart-title\">Scores of the scored domains and "
		       "pools; the black mark is each one's threshold</title>\n", CH_W, height);
	/* Grid: 0, 25, 50, 75, 100. */
	for (int g = 0; g <= 100; g += 25) {
		double x = CH_X0 + g * CH_SCALE;
		hta_buf_printf(b, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#d9d9d9\"/>"
			       "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"#5f6368\">%d</text>\n",
			       x, CH_TOP - 6, x, height - 6, x, CH_TOP - 10, g);
	}
	if (!n)
		hta_buf_printf(b, "<text x=\"%d\" y=\"%d\" fill=\"#5f6368\">No domain was scored: every "
			       "in-scope statement is not applicable.</text>\n", CH_X0, CH_TOP + 17);
	for (size_t i = 0; i < n; i++) {
		const struct hta_run_pool *po = rs[i].po;
		int y = CH_TOP + (int)i * CH_ROW;
		const char *fill = !po->threshold ? "#757575" : po->passed ? "#1b7f3b" : "#b3261e";
		double w = po->score * CH_SCALE;
		char sc[32];
		hta_fmt2(sc, po->score);
		hta_buf_printf(b, "<g class=\"bar %s\">", result_class_name(po));
		hta_buf_printf(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" fill=\"#1a1a1a\">", CH_LABEL,
			       y + 16);
		if (po != &run->ai_security && po != &run->ai_risk && po != &run->compliance) {
			h(b, rs[i].key); /* a domain: "11 Access Control" */
			hta_buf_puts(b, " ");
		}
		h(b, rs[i].name);
		hta_buf_puts(b, "</text>");
		hta_buf_printf(b, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"18\" fill=\"%s\"/>", CH_X0,
			       y + 3, w < 0 ? 0 : w, fill);
		hta_buf_printf(b, "<text x=\"%.1f\" y=\"%d\" fill=\"#1a1a1a\">%s</text>",
			       CH_X0 + (w < 0 ? 0 : w) + 5, y + 16, sc);
		if (po->threshold) {
			double tx = CH_X0 + po->threshold * CH_SCALE;
			hta_buf_printf(b, "<line class=\"threshold\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" "
				       "y2=\"%d\" stroke=\"#111\" stroke-width=\"3\"/>", tx, y, tx, y + 24);
		}
		hta_buf_puts(b, "</g>\n");
	}
	hta_buf_puts(b, "</svg>\n");
}

static void scores(struct hta_buf *b, const struct hta_run *run)
{
	hta_buf_puts(b, "<section id=\"scores\">\n<h2>1. Domain scores against the threshold</h2>\n");
	hta_buf_printf(b, "<p>A domain's score is the mean of its applicable in-scope statements; "
		       "it passes at or above %d. Add-on statements are pooled apart.</p>\n",
		       run->domains[1].threshold);
	chart(b, run);
	static const char *const cols[] = { "", "Domain", "Score", "Threshold", "Statements",
					    "Result", "Plan effort", NULL };
	thead(b, cols, "  nnn n");
	struct row rs[HTA_DOMAINS + 3];
	size_t n = rows(run, rs, false);
	for (size_t i = 0; i < n; i++) {
		const struct hta_run_pool *po = rs[i].po;
		hta_buf_puts(b, "<tr>");
		cell(b, rs[i].key);
		cell(b, rs[i].name);
		if (po->scored)
			cell_num(b, po->score);
		else
			hta_buf_puts(b, "<td class=\"num\">–</td>");
		if (po->threshold)
			hta_buf_printf(b, "<td class=\"num\">%d</td>", po->threshold);
		else
			hta_buf_puts(b, "<td class=\"num\">–</td>");
		hta_buf_printf(b, "<td class=\"num\">%d of %d</td><td class=\"%s\">%s</td>",
			       po->statements, po->total, result_class(po), result_text(po));
		if (po->plan_items)
			hta_buf_printf(b, "<td class=\"num\">%d (%d statement%s)</td>", po->plan_effort,
				       po->plan_items, po->plan_items == 1 ? "" : "s");
		else
			hta_buf_puts(b, "<td class=\"num\"></td>");
		hta_buf_puts(b, "</tr>\n");
	}
	tfoot(b);
	hta_buf_puts(b, "</section>\n");
}

/* ---- 2 certification path ---- */

/* The summary's path: one row per failing domain, no statement lists. */
static void path_summary(struct hta_buf *b, const struct hta_run *run)
{
	struct row rs[HTA_DOMAINS + 3];
	size_t n = rows(run, rs, true), shown = 0;
	hta_buf_puts(b, "<section id=\"path\">\n<h2>2. Certification path</h2>\n<p>For each "
			"failing domain, the cheapest set of statements that lifts it over its "
			"threshold (the full report lists them), and the day it passes on the "
			"timeline.</p>\n");
	static const char *const cols[] = { "", "Domain", "Score", "Threshold", "Plan effort",
					    "Statements", "Passes on", NULL };
	thead(b, cols, "  nnnn ");
	for (size_t i = 0; i < n; i++) {
		const struct hta_run_pool *po = rs[i].po;
		if (!po->threshold || po->passed)
			continue;
		char d[11] = "never";
		if (po->dl.passes_on >= 0)
			hta_date_format(po->dl.passes_on, d);
		hta_buf_puts(b, "<tr>");
		cell(b, rs[i].key);
		cell(b, rs[i].name);
		cell_num(b, po->score);
		hta_buf_printf(b, "<td class=\"num\">%d</td><td class=\"num\">%d</td>"
			       "<td class=\"num\">%d</td><td class=\"date\">%s</td></tr>\n",
			       po->threshold, po->plan_effort, po->plan_items,
			       run->dl.has_timeline ? d : "");
		shown++;
	}
	tfoot(b);
	if (!shown)
		hta_buf_puts(b, "<p><strong>Every scored domain meets its threshold</strong>: no "
				"certification path is needed.</p>\n");
	hta_buf_puts(b, "</section>\n");
}

static void path(struct hta_buf *b, const struct hta_run *run, bool summary)
{
	if (summary) {
		path_summary(b, run);
		return;
	}
	hta_buf_puts(b, "<section id=\"path\">\n<h2>2. Certification path</h2>\n");
	struct row rs[HTA_DOMAINS + 3];
	size_t n = rows(run, rs, true), shown = 0;
	hta_buf_puts(b, "<p>For each failing domain, the cheapest set of statements that lifts it "
			"over its threshold, by the catalog's effort estimates (1 to 5 per statement). "
			"Closing these first is the shortest way to a passing verdict.</p>\n");
	for (size_t i = 0; i < n; i++) {
		const struct hta_run_pool *po = rs[i].po;
		if (!po->threshold || po->passed)
			continue;
		char sc[32];
		hta_fmt2(sc, po->score);
		hta_buf_puts(b, "<h3>");
		h(b, rs[i].key);
		hta_buf_puts(b, " ");
		h(b, rs[i].name);
		hta_buf_printf(b, ": %s &#8594; %d, effort %d, %d statement%s</h3>\n", sc,
			       po->threshold, po->plan_effort, po->plan_items,
			       po->plan_items == 1 ? "" : "s");
		static const char *const cols[] = { "Rank", "Requirement", "Title", "Score",
						    "Points gained", "Effort", "Owner", NULL };
		thead(b, cols, "n  nnn ");
		size_t items = 0;
		for (size_t k = 0; k < run->n_gaps; k++) {
			const struct hta_run_req *r = &run->reqs[run->gap_order[k]];
			if (r->rank_kind != HTA_RANK_PLAN || hta_req_pool(run, r) != po)
				continue;
			if (summary && items == 5) {
				items++;
				break;
			}
			char s1[32], s2[32];
			hta_fmt2(s1, r->score);
			hta_fmt2(s2, r->ceiling);
			hta_buf_printf(b, "<tr><td class=\"num\">%d</td>", r->rank);
			cell_id(b, r->id);
			cell(b, r->title);
			hta_buf_printf(b, "<td class=\"num\">%s / %s</td>", s1, s2);
			cell_num(b, r->points_lost);
			hta_buf_printf(b, "<td class=\"num\">%d</td>", r->effort);
			cell_owner(b, r->owner);
			hta_buf_puts(b, "</tr>\n");
			items++;
		}
		if (!items)
			hta_buf_puts(b, "<tr><td colspan=\"7\" class=\"muted\">No set of this domain's "
					"gaps reaches the threshold on its own.</td></tr>\n");
		tfoot(b);
		if (summary && items > 5)
			hta_buf_printf(b, "<p class=\"muted\">The first 5 of %d; the full report lists "
				       "them all.</p>\n", po->plan_items);
		shown++;
	}
	if (!shown)
		hta_buf_puts(b, "<p><strong>Every scored domain meets its threshold</strong>: no "
				"certification path is needed. The remaining gaps are listed below.</p>\n");
	hta_buf_puts(b, "</section>\n");
}

/* ---- 3 gaps ---- */

/* A gap's filter keys: "cap blocker waived" or "gap ...". */
static void gap_status(struct hta_buf *b, const struct hta_run_req *r)
{
	hta_buf_puts(b, hta_gap_status_name(hta_gap_kind(r)));
	if (r->blocker)
		hta_buf_printf(b, " %s", hta_gap_status_name(HTA_GS_BLOCKER));
	if (r->waived)
		hta_buf_printf(b, " %s", hta_gap_status_name(HTA_GS_WAIVED));
	if (r->dl.fix_inherit)
		hta_buf_puts(b, " inherit");
}

/* Escaped text whose lines ("level: text") become <br>-separated. */
static void h_lines(struct hta_buf *b, const char *s)
{
	struct hta_buf line = HTA_BUF_INIT;
	while (*s) {
		size_t n = strcspn(s, "\n");
		line.len = 0;
		hta_buf_add(&line, s, n);
		if (line.failed) {
			b->failed = 1;
			break;
		}
		h(b, line.s ? line.s : "");
		s += n;
		if (*s == '\n') {
			hta_buf_puts(b, "<br>");
			s++;
		}
	}
	hta_buf_free(&line);
}

/* The gap's statement and what evidence would close it (full report). */
static void gap_detail(struct hta_buf *b, const struct hta_run_req *r)
{
	hta_buf_puts(b, "<tr class=\"gap-detail\"><td></td><td colspan=\"10\">");
	if (r->statement) {
		hta_buf_puts(b, "<p class=\"stmt\">");
		h(b, r->statement);
		hta_buf_puts(b, "</p>");
	}
	if (r->dl.closing_evidence && *r->dl.closing_evidence) {
		hta_buf_puts(b, "<p class=\"close\"><strong>What would close it:</strong> ");
		h_lines(b, r->dl.closing_evidence);
		hta_buf_puts(b, "</p>");
	}
	hta_buf_puts(b, "</td></tr>\n");
}

static void gaps(struct hta_buf *b, const struct hta_run *run, bool summary)
{
	hta_buf_printf(b, "<section id=\"gaps\">\n<h2>3. CAPs and gaps</h2>\n<p>%d gaps, %d of them "
		       "needing a corrective action plan", run->gap_count, run->cap_count);
	if (run->waived_gaps)
		hta_buf_printf(b, "; %d waived (accepted risk: out of the gates, not of the scores)",
			       run->waived_gaps);
	hta_buf_puts(b, ". In the order to fix them: first the certification path, then the other "
			"CAPs, then the other gaps by points gained per unit of effort.");
	if (!summary)
		hta_buf_puts(b, " Under each gap: the requirement, and the evidence that would close "
				"it (the catalog's illustrative evidence for each level it falls "
				"short on).");
	hta_buf_puts(b, "</p>\n");
	if (!run->n_gaps) {
		hta_buf_puts(b, "<p>No gaps: every applicable statement scores its ceiling.</p>\n"
				"</section>\n");
		return;
	}
	size_t n = summary && run->n_gaps > HTA_HTML_SUMMARY_GAPS ? HTA_HTML_SUMMARY_GAPS : run->n_gaps;
	if (!summary)
		hta_html_tools(b);
	static const char *const cols[] = { "Rank", "Requirement", "Title", "Domain", "Score",
					    "Points lost", "Kind", "Effort", "Owner", "Ready",
					    "Why here", NULL };
	hta_buf_puts(b, "<div class=\"table-wrap\">");
	thead_id(b, "gap-table", cols, "n   nn n   ");
	for (size_t k = 0; k < n; k++) {
		const struct hta_run_req *r = &run->reqs[run->gap_order[k]];
		char s1[32], s2[32], rd[11];
		hta_fmt2(s1, r->score);
		hta_fmt2(s2, r->ceiling);
		hta_buf_printf(b, "<tr id=\"gap-%d\" class=\"gap-row\" data-domain=\"", r->rank);
		h(b, hta_req_pool_key(run, r));
		hta_buf_puts(b, "\" data-status=\"");
		gap_status(b, r);
		hta_buf_puts(b, "\" data-owner=\"");
		h(b, r->owner ? r->owner : "(none)");
		hta_buf_printf(b, "\"><td class=\"num\">%d</td>", r->rank);
		cell_id(b, r->id);
		cell(b, r->title);
		cell(b, hta_req_pool_key(run, r));
		hta_buf_printf(b, "<td class=\"num\">%s / %s</td>", s1, s2);
		cell_num(b, r->points_lost);
		hta_buf_puts(b, "<td>");
		tags(b, r);
		hta_buf_printf(b, "</td><td class=\"num\">%d</td>", r->effort);
		cell_owner(b, r->owner);
		if (r->dl.scheduled) {
			hta_date_format(r->dl.tl_ready, rd);
			hta_buf_printf(b, "<td class=\"date\">%s</td>", rd);
		} else {
			hta_buf_puts(b, "<td></td>");
		}
		hta_buf_puts(b, "<td>");
		h(b, r->reason);
		if (r->waived) {
			char exp[11];
			hta_date_format(r->waiver_expires, exp);
			hta_buf_printf(b, "<br><span class=\"muted\">Waiver until %s: ", exp);
			h(b, r->waiver_reason);
			hta_buf_puts(b, "</span>");
		}
		hta_buf_puts(b, "</td></tr>\n");
		if (!summary)
			gap_detail(b, r);
	}
	tfoot(b);
	hta_buf_puts(b, "</div>");
	if (n < run->n_gaps)
		hta_buf_printf(b, "<p class=\"muted\">The first %zu of %zu gaps; the full report "
			       "(without --summary) lists every one, with what would close it.</p>\n",
			       n, run->n_gaps);
	if (!summary)
		hta_html_owners(b, run);
	hta_buf_puts(b, "</section>\n");
}

/* ---- 4 findings ---- */

static void findings(struct hta_buf *b, const struct hta_run *run)
{
	size_t noev, oos;
	hta_run_summarised(run, &noev, &oos);
	hta_buf_printf(b, "<section id=\"findings\">\n<h2>4. Evidence findings</h2>\n<p>%zu "
		       "findings about the evidence manifests: each names the file and line at fault. "
		       "A level with a finding counts 0.</p>\n", run->n_findings - noev - oos);
	if (run->n_findings > noev + oos) {
		static const char *const cols[] = { "File", "Line", "Requirement", "Code", "Message",
						    NULL };
		thead(b, cols, " n   ");
		for (size_t k = 0; k < run->n_findings; k++) {
			const struct hta_run_finding *f = &run->findings[k];
			if (hta_finding_summarised(f->code))
				continue;
			hta_buf_puts(b, "<tr>");
			cell_code(b, f->path ? f->path : "");
			if (f->line)
				hta_buf_printf(b, "<td class=\"num\">%u</td>", f->line);
			else
				hta_buf_puts(b, "<td></td>");
			cell_id(b, f->req_id ? f->req_id : "");
			cell_code(b, hta_finding_name(f->code));
			cell(b, f->message);
			hta_buf_puts(b, "</tr>\n");
		}
		tfoot(b);
	}
	if (noev) {
		hta_buf_printf(b, "<h3>No evidence manifest (%zu)</h3>\n<p>These in-scope statements "
			       "have no manifest and score 0 (<code>hitrust-assess init</code> writes "
			       "skeletons): ", noev);
		bool first = true;
		for (size_t k = 0; k < run->n_findings; k++) {
			const struct hta_run_finding *f = &run->findings[k];
			if (f->code != HTA_FIND_NO_EVIDENCE)
				continue;
			hta_buf_puts(b, first ? "<code>" : ", <code>");
			h(b, f->req_id ? f->req_id : "?");
			hta_buf_puts(b, "</code>");
			first = false;
		}
		hta_buf_puts(b, ".</p>\n");
	}
	if (oos)
		hta_buf_printf(b, "<p>%zu manifest%s for statements outside this run's tier, factors "
			       "or add-ons %s checked and ignored (out-of-scope findings).</p>\n", oos,
			       oos == 1 ? "" : "s", oos == 1 ? "was" : "were");
	hta_buf_puts(b, "</section>\n");
}

/* ---- 5 N/A, inherited, waived ---- */

static void justifications(struct hta_buf *b, const struct hta_run *run)
{
	size_t na = 0, inh = 0, wv = 0;
	for (size_t i = 0; i < run->n_reqs; i++) {
		na += run->reqs[i].status == HTA_ST_NA;
		inh += run->reqs[i].provider != NULL;
		wv += run->reqs[i].waiver_reason != NULL;
	}
	hta_buf_puts(b, "<section id=\"justifications\">\n"
			"<h2>5. Not applicable, inherited and waived statements</h2>\n");
	hta_buf_printf(b, "<h3>Not applicable (%zu)</h3>\n", na);
	if (na) {
		hta_buf_puts(b, "<p>Left out of their domain's average, on the justification given in "
				"the manifest.</p>\n");
		static const char *const cols[] = { "Requirement", "Title", "Domain", "Justification",
						    "Manifest", NULL };
		thead(b, cols, "     ");
		for (size_t i = 0; i < run->n_reqs; i++) {
			const struct hta_run_req *r = &run->reqs[i];
			if (r->status != HTA_ST_NA)
				continue;
			hta_buf_puts(b, "<tr>");
			cell_id(b, r->id);
			cell(b, r->title);
			cell(b, hta_req_pool_key(run, r));
			cell(b, r->na_reason ? r->na_reason : "");
			cell_code(b, r->manifest ? r->manifest : "");
			hta_buf_puts(b, "</tr>\n");
		}
		tfoot(b);
	} else {
		hta_buf_puts(b, "<p class=\"muted\">None.</p>\n");
	}
	hta_buf_printf(b, "<h3>Inherited (%zu)</h3>\n", inh);
	if (inh) {
		hta_buf_puts(b, "<p>Part of each scored level comes from the provider's own score, at "
				"the weight given (capped at what the catalog allows).</p>\n");
		static const char *const cols[] = { "Requirement", "Title", "Provider", "Weight",
						    "Score", "Manifest", NULL };
		thead(b, cols, "   nn ");
		for (size_t i = 0; i < run->n_reqs; i++) {
			const struct hta_run_req *r = &run->reqs[i];
			if (!r->provider)
				continue;
			hta_buf_puts(b, "<tr>");
			cell_id(b, r->id);
			cell(b, r->title);
			cell(b, r->provider);
			hta_buf_printf(b, "<td class=\"num\">%d%%</td>", r->inherited_weight);
			if (r->status == HTA_ST_NA)
				hta_buf_puts(b, "<td class=\"num\">N/A</td>");
			else
				cell_num(b, r->score);
			cell_code(b, r->manifest ? r->manifest : "");
			hta_buf_puts(b, "</tr>\n");
		}
		tfoot(b);
	} else {
		hta_buf_puts(b, "<p class=\"muted\">None.</p>\n");
	}
	hta_buf_printf(b, "<h3>Waivers (%zu)</h3>\n", wv);
	if (wv) {
		hta_buf_puts(b, "<p>A waiver takes its gap out of the gap and CAP gates until it "
				"expires; it never changes a score.</p>\n");
		static const char *const cols[] = { "Requirement", "Title", "Reason", "Expires",
						    "Gap", NULL };
		thead(b, cols, "     ");
		for (size_t i = 0; i < run->n_reqs; i++) {
			const struct hta_run_req *r = &run->reqs[i];
			if (!r->waiver_reason)
				continue;
			char exp[11];
			hta_date_format(r->waiver_expires, exp);
			hta_buf_puts(b, "<tr>");
			cell_id(b, r->id);
			cell(b, r->title);
			cell(b, r->waiver_reason);
			hta_buf_printf(b, "<td>%s</td><td>%s</td></tr>\n", exp,
				       !r->gap ? "no gap" : r->waived ? "waived" : "not waived (expired)");
		}
		tfoot(b);
	} else {
		hta_buf_puts(b, "<p class=\"muted\">None.</p>\n");
	}
	hta_buf_puts(b, "</section>\n");
}

/* ---- 6 all statements ---- */

static void statements(struct hta_buf *b, const struct hta_run *run)
{
	hta_buf_printf(b, "<section id=\"statements\">\n<h2>6. All statements in scope (%zu)</h2>\n"
		       "<p>Level results after inheritance; a level the run does not score is "
		       "blank.</p>\n", run->n_reqs);
	static const char *const cols[] = { "Requirement", "Domain", "Control", "Title", "Status",
					    "Score", "Policy", "Procedure", "Implemented",
					    "Measured", "Managed", "Owner", NULL };
	thead(b, cols, "     nnnnnn ");
	for (size_t i = 0; i < run->n_reqs; i++) {
		const struct hta_run_req *r = &run->reqs[i];
		hta_buf_puts(b, "<tr>");
		cell_id(b, r->id);
		cell(b, hta_req_pool_key(run, r));
		cell(b, r->control);
		cell(b, r->title);
		cell(b, hta_status_name(r->status));
		if (r->status == HTA_ST_NA) {
			hta_buf_puts(b, "<td class=\"num\">N/A</td>");
		} else {
			char s1[32], s2[32];
			hta_fmt2(s1, r->score);
			hta_fmt2(s2, r->ceiling);
			hta_buf_printf(b, "<td class=\"num\">%s / %s</td>", s1, s2);
		}
		for (int l = 0; l < HTA_LEVEL_COUNT; l++) {
			if ((r->scored >> l) & 1)
				cell_num(b, r->level[l]);
			else
				hta_buf_puts(b, "<td class=\"num\"></td>");
		}
		cell_owner(b, r->owner);
		hta_buf_puts(b, "</tr>\n");
	}
	tfoot(b);
	hta_buf_puts(b, "</section>\n");
}

void hta_render_html(const struct hta_run *run, bool summary, struct hta_buf *b)
{
	char hash[64];
	bool js = !summary && run->n_gaps && hta_html_script_hash(hash) == 0;
	hta_buf_puts(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
			"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
			"<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
			"style-src 'unsafe-inline'; img-src data:");
	if (js) /* only the report's own script, by its hash */
		hta_buf_printf(b, "; script-src 'sha256-%s'", hash);
	hta_buf_puts(b, "\">\n<meta name=\"generator\" content=\"hitrust-assess ");
	h(b, run->tool_version ? run->tool_version : HTA_VERSION);
	hta_buf_printf(b, "\">\n<title>HITRUST %s readiness: %s",
		       hta_tier_name(run->tier), run->pass ? "PASS" : "FAIL");
	if (run->organization) {
		hta_buf_puts(b, " — ");
		h(b, run->organization);
	}
	if (summary)
		hta_buf_puts(b, " (summary)");
	hta_buf_puts(b, "</title>\n<style>\n");
	hta_buf_puts(b, css);
	hta_buf_puts(b, hta_html_css_extra);
	if (summary)
		hta_buf_puts(b, hta_html_css_summary);
	hta_buf_puts(b, "</style>\n</head>\n<body>\n");
	cover(b, run);
	scores(b, run);
	path(b, run, summary);
	gaps(b, run, summary);
	hta_html_sections(b, run, summary);
	if (!summary) {
		findings(b, run);
		justifications(b, run);
		statements(b, run);
	}
	hta_buf_puts(b, "</main>\n<footer>\n<p>Generated by hitrust-assess ");
	h(b, run->tool_version ? run->tool_version : HTA_VERSION);
	hta_buf_printf(b, " from run %lld of the report database; <code>hitrust-assess report "
		       "--run %lld --format html%s</code> renders it again, identically. Scores are "
		       "shown with two decimals; verdicts compare the exact values.</p>\n",
		       run->id, run->id, summary ? " --summary" : "");
	if (summary)
		hta_buf_puts(b, "<p>This is the summary report: the full report (without "
				"<code>--summary</code>) keeps every gap with what would close it, "
				"the evidence findings and every statement.</p>\n");
	hta_buf_puts(b, "<p>Crosswalk coverage (the HIPAA and NIST ids the gap statements map to) is "
			"not part of a stored run: see <code>hitrust-assess catalog show ID</code> "
			"for a statement's mappings.</p>\n</footer>\n");
	if (js) {
		hta_buf_puts(b, "<script>");
		hta_buf_puts(b, hta_html_script());
		hta_buf_puts(b, "</script>\n");
	}
	hta_buf_puts(b, "</body>\n</html>\n");
}
