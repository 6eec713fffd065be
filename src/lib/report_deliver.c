/*
 * report_deliver.c — the readiness deliverable's sections (deliver.h) in
 * the text summary (briefly), the JSON report and the Markdown report.
 * The HTML report draws its own (report_html_deliver.c). Everything is
 * read from the run record, so a stored run renders the same.
 */
#include "hta/date.h"
#include "hta/providers.h"
#include "hta/scope.h"
#include "report_int.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

static double r2(double x)
{
	return round(x * 100.0) / 100.0;
}

const char *hta_dl_day(int d, char out[11])
{
	if (d < 0)
		return "never";
	hta_date_format(d, out);
	return out;
}

bool hta_dl_failing(const struct hta_run_pool *po)
{
	return po->scored && po->threshold && !po->passed;
}

/* ---- text ---- */

static void text_ladder(const struct hta_run *run, struct hta_buf *b)
{
	const struct hta_run_deliver *dl = &run->dl;
	hta_buf_printf(b, "\nTier ladder (runs %lld..%lld):\n", dl->ladder_rows[0].run_id,
		       dl->ladder_rows[dl->n_ladder - 1].run_id);
	hta_buf_printf(b, "  %-4s %-7s %6s %9s %6s %8s  %s\n", "TIER", "VERDICT", "GAPS",
		       "NO-EVID.", "EFFORT", "OVERALL", "FAILING");
	for (size_t k = 0; k < dl->n_ladder; k++) {
		const struct hta_run_ladder *l = &dl->ladder_rows[k];
		hta_buf_printf(b, "  %-4s %-7s %6d %9d %6d %8.2f  %s\n",
			       hta_tier_name((enum hta_tier)l->tier), l->pass ? "PASS" : "FAIL",
			       l->gaps, l->no_evidence, l->plan_effort, l->overall,
			       l->failing && *l->failing ? l->failing : "-");
	}
}

void hta_deliver_text(const struct hta_run *run, struct hta_buf *b)
{
	const struct hta_run_deliver *dl = &run->dl;
	char d1[11], d2[11];
	if (dl->n_ladder)
		text_ladder(run, b);
	if (dl->inherit_count) {
		size_t planned = 0;
		for (size_t i = 0; i < run->n_reqs; i++)
			planned += run->reqs[i].dl.fix_inherit;
		hta_buf_printf(b, "\nInheritance: %zu gap%s the providers could cover, %.2f points "
			       "recoverable; the plan inherits %zu", dl->inherit_count,
			       dl->inherit_count == 1 ? "" : "s", dl->inherit_total, planned);
		int lifts = 0;
		for (int d = 1; d <= HTA_DOMAINS; d++)
			if (run->domains[d].dl.inherit_lifts) {
				hta_buf_printf(b, "%s%s", lifts++ ? ", " : "; inheritance alone lifts ",
					       run->domains[d].key);
			}
		if (run->ai_security.dl.inherit_lifts)
			hta_buf_printf(b, "%sAI Security", lifts++ ? ", " : "; inheritance alone lifts ");
		hta_buf_puts(b, "\n");
	}
	if (dl->has_timeline) {
		hta_buf_printf(b, "\nTimeline (from %s, %d workstream%s): ", hta_dl_day(dl->tl_start, d1),
			       dl->tl_capacity, dl->tl_capacity == 1 ? "" : "s");
		int nf = 0;
		for (int d = 1; d <= HTA_DOMAINS; d++)
			nf += hta_dl_failing(&run->domains[d]);
		nf += hta_dl_failing(&run->ai_security);
		if (!nf)
			hta_buf_puts(b, "no failing domain\n");
		else {
			hta_buf_printf(b, "every failing domain passes %s%s (", dl->ready_on < 0 ? "" : "by ",
				       dl->ready_on < 0 ? "never with the gaps listed" : hta_dl_day(dl->ready_on, d1));
			int k = 0;
			for (int d = 0; d <= HTA_DOMAINS; d++) {
				const struct hta_run_pool *po = d ? &run->domains[d] : &run->ai_security;
				if (!hta_dl_failing(po))
					continue;
				hta_buf_printf(b, "%s%s %s", k++ ? ", " : "", d ? po->key : "AI Security",
					       hta_dl_day(po->dl.passes_on, d2));
			}
			hta_buf_puts(b, ")\n");
		}
	}
	if (dl->n_stale) {
		const struct hta_run_stale *s = &dl->stale[0];
		hta_buf_printf(b, "\nEvidence going stale within %d days: %zu claim%s; soonest %s: ",
			       dl->stale_window, dl->n_stale, dl->n_stale == 1 ? "" : "s",
			       hta_dl_day(s->stale_on, d1));
		hta_esc_text(b, s->req_id);
		hta_buf_printf(b, " %s (", hta_level_name((enum hta_level)s->level));
		hta_esc_text(b, s->owner ? s->owner : "no owner");
		hta_buf_puts(b, ")\n");
	}
	if (dl->has_soc2) {
		hta_buf_printf(b, "\nSOC 2 (period ending %s%s", hta_dl_day(dl->soc2_period_end, d1),
			       dl->soc2_exceptions && *dl->soc2_exceptions ? "; exceptions: " : "");
		hta_esc_text(b, dl->soc2_exceptions ? dl->soc2_exceptions : "");
		size_t gaps = 0;
		for (size_t i = 0; i < run->n_reqs; i++)
			gaps += run->reqs[i].dl.soc2 && run->reqs[i].gap;
		hta_buf_printf(b, "): candidate evidence for %zu statement%s, %zu of them gaps "
			       "(advisory; scores unchanged)\n", dl->soc2_count,
			       dl->soc2_count == 1 ? "" : "s", gaps);
	}
}

/* ---- JSON (docs/report-json.md) ---- */

/*
 * Attach `item` (which may be NULL); on failure it is freed and false is
 * returned, so the caller must not touch it again: cJSON itself is not
 * built with the sanitizers, so a write into a freed node would go unseen
 * and leak whatever was hung on it.
 */
static bool add(cJSON *o, const char *key, cJSON *item)
{
	if (item && cJSON_AddItemToObject(o, key, item))
		return true;
	cJSON_Delete(item);
	return false;
}

static bool push(cJSON *a, cJSON *item)
{
	if (item && cJSON_AddItemToArray(a, item))
		return true;
	cJSON_Delete(item);
	return false;
}

static cJSON *jdate(int d)
{
	char s[11];
	if (d < 0)
		return cJSON_CreateNull();
	hta_date_format(d, s);
	return cJSON_CreateString(s);
}

static cJSON *jstr(const char *s)
{
	return s ? cJSON_CreateString(s) : cJSON_CreateNull();
}

/*
 * A new object appended to array `arr`, with `key` (unless NULL) set to
 * the string `id` (null when NULL): one element of a section's list.
 * NULL when it could not be made or attached.
 */
static cJSON *entry(cJSON *arr, const char *key, const char *id)
{
	cJSON *e = cJSON_CreateObject();
	if (!push(arr, e))
		return NULL;
	if (key)
		add(e, key, jstr(id));
	return e;
}

/* "a b c" as a JSON array of strings. */
static cJSON *jwords(const char *s)
{
	cJSON *a = cJSON_CreateArray();
	char w[64];
	while (a && s && *s) {
		size_t n = strcspn(s, " ");
		if (n && n < sizeof(w)) {
			memcpy(w, s, n);
			w[n] = 0;
			push(a, cJSON_CreateString(w));
		}
		s += n;
		s += *s == ' ';
	}
	return a;
}

static void json_inherit(const struct hta_run *run, cJSON *root)
{
	cJSON *o = cJSON_CreateObject();
	if (!add(root, "inheritance", o))
		return;
	cJSON_AddNumberToObject(o, "total_points", r2(run->dl.inherit_total));
	cJSON *ops = cJSON_AddArrayToObject(o, "opportunities");
	for (size_t k = 0; k < run->n_gaps; k++) {
		const struct hta_run_req *r = &run->reqs[run->gap_order[k]];
		if (!r->dl.inherit_provider)
			continue;
		cJSON *e = entry(ops, "requirement_id", r->id);
		if (!e)
			continue;
		add(e, "provider", jstr(r->dl.inherit_provider));
		add(e, "responsibility", cJSON_CreateString(hta_resp_name(r->dl.inherit_resp)));
		cJSON_AddNumberToObject(e, "weight", r->dl.inherit_weight);
		cJSON_AddNumberToObject(e, "points", r2(r->dl.inherit_points));
		cJSON_AddBoolToObject(e, "planned", r->dl.fix_inherit);
	}
	cJSON *doms = cJSON_AddArrayToObject(o, "failing_domains");
	for (int d = 0; d <= HTA_DOMAINS; d++) {
		const struct hta_run_pool *po = d ? &run->domains[d] : &run->ai_security;
		if (!hta_dl_failing(po))
			continue;
		cJSON *e = entry(doms, "domain", po->key);
		if (!e)
			continue;
		cJSON_AddNumberToObject(e, "points", r2(po->dl.inherit_points));
		cJSON_AddBoolToObject(e, "inheritance_lifts", po->dl.inherit_lifts);
	}
}

static void json_timeline(const struct hta_run *run, cJSON *root)
{
	const struct hta_run_deliver *dl = &run->dl;
	if (!dl->has_timeline) {
		add(root, "timeline", cJSON_CreateNull());
		return;
	}
	cJSON *o = cJSON_CreateObject();
	if (!add(root, "timeline", o))
		return;
	add(o, "start", jdate(dl->tl_start));
	cJSON_AddNumberToObject(o, "capacity", dl->tl_capacity);
	add(o, "ready_on", jdate(dl->ready_on));
	cJSON *pools = cJSON_AddArrayToObject(o, "failing_domains");
	for (int d = 0; d <= HTA_DOMAINS; d++) {
		const struct hta_run_pool *po = d ? &run->domains[d] : &run->ai_security;
		if (!hta_dl_failing(po))
			continue;
		cJSON *e = entry(pools, "domain", po->key);
		if (!e)
			continue;
		add(e, "passes_on", jdate(po->dl.passes_on));
	}
	cJSON *items = cJSON_AddArrayToObject(o, "items");
	for (size_t k = 0; k < run->n_gaps; k++) {
		const struct hta_run_req *r = &run->reqs[run->gap_order[k]];
		if (!r->dl.scheduled)
			continue;
		cJSON *e = entry(items, "requirement_id", r->id);
		if (!e)
			continue;
		cJSON_AddNumberToObject(e, "rank", r->rank);
		cJSON_AddStringToObject(e, "fix", hta_fix_name(hta_timeline_fix(r)));
		cJSON_AddNumberToObject(e, "workstream", r->dl.tl_stream);
		add(e, "start", jdate(r->dl.tl_start));
		add(e, "fix_done", jdate(r->dl.tl_done));
		add(e, "ready", jdate(r->dl.tl_ready));
		cJSON_AddNumberToObject(e, "weeks", r->dl.tl_weeks);
		cJSON_AddNumberToObject(e, "window_days", r->dl.tl_window);
	}
}

static void json_rest(const struct hta_run *run, cJSON *root)
{
	const struct hta_run_deliver *dl = &run->dl;
	cJSON *o = cJSON_CreateObject();
	if (add(root, "stale_evidence", o)) {
		cJSON_AddNumberToObject(o, "window_days", dl->stale_window);
		cJSON *items = cJSON_AddArrayToObject(o, "items");
		for (size_t k = 0; k < dl->n_stale; k++) {
			const struct hta_run_stale *s = &dl->stale[k];
			cJSON *e = entry(items, "requirement_id", s->req_id);
			if (!e)
				continue;
			cJSON_AddStringToObject(e, "level", hta_level_name((enum hta_level)s->level));
			add(e, "owner", jstr(s->owner));
			add(e, "manifest", jstr(s->manifest));
			add(e, "line", s->line ? cJSON_CreateNumber(s->line) : cJSON_CreateNull());
			add(e, "dated", jdate(s->dated));
			add(e, "stale_on", jdate(s->stale_on));
		}
	}
	if (!dl->has_soc2) {
		add(root, "soc2", cJSON_CreateNull());
	} else if (add(root, "soc2", o = cJSON_CreateObject())) {
		add(o, "period_end", jdate(dl->soc2_period_end));
		add(o, "exceptions", jwords(dl->soc2_exceptions));
		cJSON *items = cJSON_AddArrayToObject(o, "statements");
		for (size_t i = 0; i < run->n_reqs; i++) {
			const struct hta_run_req *r = &run->reqs[i];
			if (!r->dl.soc2)
				continue;
			cJSON *e = entry(items, "requirement_id", r->id);
			if (!e)
				continue;
			cJSON_AddBoolToObject(e, "gap", r->gap);
			add(e, "criteria", jwords(r->dl.soc2));
		}
	}
	if (!dl->n_ladder) {
		add(root, "ladder", cJSON_CreateNull());
	} else if (add(root, "ladder", o = cJSON_CreateArray())) {
		for (size_t k = 0; k < dl->n_ladder; k++) {
			const struct hta_run_ladder *l = &dl->ladder_rows[k];
			cJSON *e = entry(o, NULL, NULL);
			if (!e)
				continue;
			cJSON_AddStringToObject(e, "tier", hta_tier_name((enum hta_tier)l->tier));
			cJSON_AddNumberToObject(e, "run_id", (double)l->run_id);
			cJSON_AddStringToObject(e, "verdict", hta_verdict_name(l->pass));
			add(e, "failing_domains", jwords(l->failing));
			cJSON_AddNumberToObject(e, "gaps", l->gaps);
			cJSON_AddNumberToObject(e, "no_evidence", l->no_evidence);
			cJSON_AddNumberToObject(e, "plan_effort", l->plan_effort);
			cJSON_AddNumberToObject(e, "plan_statements", l->plan_items);
			cJSON_AddNumberToObject(e, "overall_score", r2(l->overall));
		}
	}
	if (add(root, "scope_answers", o = cJSON_CreateArray())) {
		for (size_t k = 0; k < dl->n_answers; k++) {
			cJSON *e = entry(o, NULL, NULL);
			if (!e)
				continue;
			add(e, "key", jstr(dl->answers[k].key));
			add(e, "value", jstr(dl->answers[k].value));
		}
	}
	if (add(root, "trend", o = cJSON_CreateArray())) {
		for (size_t k = 0; k < dl->n_trend; k++) {
			const struct hta_run_trend *t = &dl->trend[k];
			cJSON *e = cJSON_CreateObject(), *ds;
			if (!push(o, e))
				continue;
			cJSON_AddNumberToObject(e, "run_id", (double)t->run_id);
			add(e, "as_of", jdate(t->as_of));
			cJSON_AddNumberToObject(e, "overall_score", r2(t->overall));
			if (!(ds = cJSON_AddObjectToObject(e, "domains")))
				continue;
			for (int d = 1; d <= HTA_DOMAINS; d++)
				if ((t->scored >> d) & 1)
					cJSON_AddNumberToObject(ds, run->domains[d].key, r2(t->score[d]));
		}
	}
}

void hta_deliver_json(const struct hta_run *run, cJSON *root)
{
	/* Per gap: the fix and what would close it. */
	cJSON *reqs = cJSON_GetObjectItemCaseSensitive(root, "requirements");
	size_t i = 0;
	cJSON *o;
	cJSON_ArrayForEach(o, reqs) {
		if (i >= run->n_reqs)
			break;
		const struct hta_run_req *r = &run->reqs[i++];
		cJSON *g = cJSON_GetObjectItemCaseSensitive(o, "gap");
		if (r->dl.soc2)
			add(o, "soc2_criteria", jwords(r->dl.soc2));
		if (!g || cJSON_IsNull(g))
			continue;
		cJSON_AddStringToObject(g, "fix", hta_fix_name(hta_gap_fix(r)));
		add(g, "closing_evidence", jstr(r->dl.closing_evidence));
	}
	json_inherit(run, root);
	json_timeline(run, root);
	json_rest(run, root);
}

/* ---- Markdown ---- */

#define MD_ROWS 50

static void md_inherit(const struct hta_run *run, struct hta_buf *b)
{
	const struct hta_run_deliver *dl = &run->dl;
	hta_buf_printf(b, "\n### Inheritance opportunities\n\n");
	if (!dl->inherit_count) {
		hta_buf_puts(b, "No gap that a declared provider could cover.\n");
		return;
	}
	hta_buf_printf(b, "%zu gaps, **%.2f points** recoverable at the largest allowed weights.\n\n",
		       dl->inherit_count, dl->inherit_total);
	hta_buf_puts(b, "| Requirement | Provider | Responsibility | Weight | Points | In the plan |\n"
			"|---|---|---|---:|---:|---|\n");
	size_t shown = 0;
	for (size_t k = 0; k < run->n_gaps; k++) {
		const struct hta_run_req *r = &run->reqs[run->gap_order[k]];
		if (!r->dl.inherit_provider)
			continue;
		if (shown++ == MD_ROWS) {
			hta_buf_puts(b, "\n…more in the HTML and JSON reports.\n");
			break;
		}
		hta_buf_puts(b, "| ");
		hta_esc_md(b, r->id);
		hta_buf_puts(b, " | ");
		hta_esc_md(b, r->dl.inherit_provider);
		hta_buf_printf(b, " | %s | %d%% | %.2f | %s |\n", hta_resp_name(r->dl.inherit_resp),
			       r->dl.inherit_weight, r->dl.inherit_points,
			       r->dl.fix_inherit ? hta_fix_name(HTA_FIX_INHERIT) : "–");
	}
	hta_buf_puts(b, "\n| Failing domain | Recoverable points | Inheritance alone lifts it |\n"
			"|---|---:|---|\n");
	for (int d = 0; d <= HTA_DOMAINS; d++) {
		const struct hta_run_pool *po = d ? &run->domains[d] : &run->ai_security;
		if (!hta_dl_failing(po))
			continue;
		hta_buf_puts(b, "| ");
		hta_esc_md(b, d ? po->key : "AI Security");
		hta_buf_printf(b, " | %.2f | %s |\n", po->dl.inherit_points,
			       po->dl.inherit_lifts ? "yes" : "no");
	}
}

static void md_timeline(const struct hta_run *run, struct hta_buf *b)
{
	const struct hta_run_deliver *dl = &run->dl;
	char d1[11], d2[11], d3[11];
	if (!dl->has_timeline)
		return;
	hta_buf_printf(b, "\n### Timeline\n\nFrom %s with %d workstream%s: ", hta_dl_day(dl->tl_start, d1),
		       dl->tl_capacity, dl->tl_capacity == 1 ? "" : "s");
	if (dl->ready_on < 0)
		hta_buf_puts(b, "the gaps listed cannot lift every failing domain.\n\n");
	else
		hta_buf_printf(b, "every failing domain passes by **%s**.\n\n", hta_dl_day(dl->ready_on, d1));
	hta_buf_puts(b, "| Failing domain | Passes on |\n|---|---|\n");
	for (int d = 0; d <= HTA_DOMAINS; d++) {
		const struct hta_run_pool *po = d ? &run->domains[d] : &run->ai_security;
		if (!hta_dl_failing(po))
			continue;
		hta_buf_puts(b, "| ");
		hta_esc_md(b, d ? po->key : "AI Security");
		hta_buf_printf(b, " | %s |\n", hta_dl_day(po->dl.passes_on, d1));
	}
	hta_buf_puts(b, "\n| Rank | Requirement | Fix | Stream | Start | Fix done | Ready |\n"
			"|---:|---|---|---:|---|---|---|\n");
	for (size_t k = 0; k < run->n_gaps && k < MD_ROWS; k++) {
		const struct hta_run_req *r = &run->reqs[run->gap_order[k]];
		if (!r->dl.scheduled)
			continue;
		hta_buf_printf(b, "| %d | ", r->rank);
		hta_esc_md(b, r->id);
		hta_buf_printf(b, " | %s, %d wk + %d d | %d | %s | %s | %s |\n",
			       hta_fix_name(hta_timeline_fix(r)),
			       r->dl.tl_weeks, r->dl.tl_window,
			       r->dl.tl_stream, hta_dl_day(r->dl.tl_start, d1), hta_dl_day(r->dl.tl_done, d2),
			       hta_dl_day(r->dl.tl_ready, d3));
	}
	if (run->n_gaps > MD_ROWS)
		hta_buf_printf(b, "\n…and %zu more.\n", run->n_gaps - MD_ROWS);
}

static void md_rest(const struct hta_run *run, struct hta_buf *b)
{
	const struct hta_run_deliver *dl = &run->dl;
	char d1[11], d2[11];
	hta_buf_printf(b, "\n### Evidence going stale within %d days\n\n", dl->stale_window);
	if (!dl->n_stale)
		hta_buf_puts(b, "None.\n");
	else
		hta_buf_puts(b, "| Stale on | Owner | Requirement | Level | Dated | Manifest |\n"
				"|---|---|---|---|---|---|\n");
	for (size_t k = 0; k < dl->n_stale && k < MD_ROWS; k++) {
		const struct hta_run_stale *s = &dl->stale[k];
		hta_buf_printf(b, "| %s | ", hta_dl_day(s->stale_on, d1));
		hta_esc_md(b, s->owner ? s->owner : "–");
		hta_buf_puts(b, " | ");
		hta_esc_md(b, s->req_id);
		hta_buf_printf(b, " | %s | %s | ", hta_level_name((enum hta_level)s->level),
			       hta_dl_day(s->dated, d2));
		hta_esc_md(b, s->manifest);
		hta_buf_printf(b, ":%u |\n", s->line);
	}
	if (dl->has_soc2) {
		hta_buf_printf(b, "\n### SOC 2 reuse (advisory)\n\nReport period ending %s; "
			       "criteria with exceptions: ", hta_dl_day(dl->soc2_period_end, d1));
		hta_esc_md(b, dl->soc2_exceptions && *dl->soc2_exceptions ? dl->soc2_exceptions
									  : "none");
		hta_buf_printf(b, ". Candidate evidence for %zu statements; scores are unchanged.\n\n",
			       dl->soc2_count);
		hta_buf_puts(b, "| Requirement | Gap | Criteria |\n|---|---|---|\n");
		size_t shown = 0;
		for (size_t i = 0; i < run->n_reqs; i++) {
			const struct hta_run_req *r = &run->reqs[i];
			if (!r->dl.soc2 || !r->gap)
				continue;
			if (shown++ == MD_ROWS)
				break;
			hta_buf_puts(b, "| ");
			hta_esc_md(b, r->id);
			hta_buf_puts(b, " | yes | ");
			hta_esc_md(b, r->dl.soc2);
			hta_buf_puts(b, " |\n");
		}
		if (!shown)
			hta_buf_puts(b, "| – | – | no gap has candidate SOC 2 evidence |\n");
	}
	if (dl->n_answers) {
		hta_buf_puts(b, "\n<details><summary>Scope answers</summary>\n\n| Question | Answer |\n"
				"|---|---|\n");
		for (size_t k = 0; k < dl->n_answers; k++) {
			hta_buf_puts(b, "| ");
			hta_esc_md(b, dl->answers[k].key);
			hta_buf_puts(b, " | ");
			hta_esc_md(b, dl->answers[k].value);
			hta_buf_puts(b, " |\n");
		}
		hta_buf_puts(b, "\n</details>\n");
	}
}

static void md_ladder(const struct hta_run *run, struct hta_buf *b)
{
	const struct hta_run_deliver *dl = &run->dl;
	if (dl->n_ladder) {
		hta_buf_puts(b, "\n### Tier ladder\n\n| Tier | Verdict | Failing domains | Gaps | "
				"No evidence | Plan effort |\n|---|---|---|---:|---:|---:|\n");
		for (size_t k = 0; k < dl->n_ladder; k++) {
			const struct hta_run_ladder *l = &dl->ladder_rows[k];
			hta_buf_printf(b, "| %s | %s | ", hta_tier_name((enum hta_tier)l->tier),
				       l->pass ? "✅ pass" : "❌ fail");
			hta_esc_md(b, l->failing && *l->failing ? l->failing : "–");
			hta_buf_printf(b, " | %d | %d | %d |\n", l->gaps, l->no_evidence, l->plan_effort);
		}
	}
}

void hta_deliver_md(const struct hta_run *run, struct hta_buf *b)
{
	md_ladder(run, b);
	md_inherit(run, b);
	md_timeline(run, b);
	md_rest(run, b);
}
