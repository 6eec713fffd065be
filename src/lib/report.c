/*
 * report.c — the text summary and the JSON report (docs/report-json.md), and
 * the dispatch to the other formats (report_*.c).
 */
#include "hta/date.h"
#include "hta/diff.h"
#include "hta/report.h"
#include "report_int.h"
#include "hta/scope.h"
#include "hta/view.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static const char *const format_names[HTA_FMT_COUNT] = {
	"text", "json", "html", "md", "csv", "junit", "sarif", "oscal-ar", "oscal-poam", "baseline",
};

int hta_format_parse(const char *s)
{
	for (int i = 0; i < HTA_FMT_COUNT; i++)
		if (strcmp(s, format_names[i]) == 0)
			return i;
	if (strcmp(s, "markdown") == 0)
		return HTA_FMT_MD;
	return -1;
}

const char *hta_format_name(enum hta_format f)
{
	return (unsigned)f < HTA_FMT_COUNT ? format_names[f] : "?";
}

/* ---- text ---- */

struct paint {
	bool on;
};

static const char *c_(const struct paint *p, const char *code)
{
	return p->on ? code : "";
}

#define RED "\033[31m"
#define GREEN "\033[32m"
#define YELLOW "\033[33m"
#define BOLD "\033[1m"
#define DIM "\033[2m"
#define RESET "\033[0m"

static void text_pool(struct hta_buf *b, const struct paint *p, const char *key,
		      const char *name, const struct hta_run_pool *po)
{
	if (!po->total)
		return;
	if (!po->scored) {
		hta_buf_printf(b, "  %-3s %-40s %7s %5s %6d  %s\n", key, name, "-",
			       po->threshold ? "" : "", po->total, "not scored (all N/A)");
		return;
	}
	char th[8] = "-";
	if (po->threshold)
		snprintf(th, sizeof(th), "%d", po->threshold);
	const char *res = !po->threshold ? "no verdict" : po->passed ? "pass" : "FAIL";
	hta_buf_printf(b, "  %-3s %-40s %7.2f %5s %6d  %s%s%s\n", key, name, po->score, th,
		       po->statements,
		       c_(p, !po->threshold ? DIM : po->passed ? GREEN : RED), res, c_(p, RESET));
}

/*
 * User text for a terminal or a CI log: a newline in an owner or a file
 * name must not forge a line ("VERDICT: PASS"), an escape sequence must not
 * drive the terminal. Control characters (C0, DEL, UTF-8 C1) are written
 * as \n, \r, \t or \xNN; text without any is returned as is. A copy
 * lives in `scratch`; when it cannot be made, `b` is marked failed.
 */
static const char *tx(struct hta_arena *scratch, struct hta_buf *b, const char *s)
{
	size_t n = 0, extra = 0;
	if (!s)
		return "";
	for (const unsigned char *u = (const unsigned char *)s; *u; u++, n++)
		if (*u < 0x20 || *u == 0x7f || (*u == 0xc2 && u[1] >= 0x80 && u[1] <= 0x9f))
			extra += 4;
	if (!extra)
		return s;
	char *d = hta_arena_alloc(scratch, n + extra + 1), *o = d;
	if (!d) {
		b->failed = 1;
		return "?";
	}
	for (const unsigned char *u = (const unsigned char *)s; *u; u++) {
		int c1 = *u == 0xc2 && u[1] >= 0x80 && u[1] <= 0x9f;
		if (*u >= 0x20 && *u != 0x7f && !c1) {
			*o++ = (char)*u;
			continue;
		}
		unsigned v = c1 ? *++u : *u;
		if (v == '\n' || v == '\r' || v == '\t') {
			*o++ = '\\';
			*o++ = v == '\n' ? 'n' : v == '\r' ? 'r' : 't';
		} else {
			static const char hex[] = "0123456789abcdef";
			*o++ = '\\';
			*o++ = 'x';
			*o++ = hex[v >> 4];
			*o++ = hex[v & 15];
		}
	}
	*o = 0;
	return d;
}

void hta_esc_text(struct hta_buf *b, const char *s)
{
	struct hta_arena scratch = HTA_ARENA_INIT;
	hta_buf_puts(b, tx(&scratch, b, s));
	hta_arena_free(&scratch);
}

/* The view's filters in words: "domain 01, owner a@b, status cap,waived".
 * `owner_matched`: some statement has the --owner given. */
static void text_filters(struct hta_buf *b, struct hta_arena *scratch,
			 const struct hta_view_opts *vo, bool owner_matched)
{
	const char *sep = "";
	if (vo->domain) {
		hta_buf_printf(b, "domain %s", vo->domain);
		sep = ", ";
	}
	if (vo->owner) {
		/* as typed (an owner may be José); when it matches no statement
		 * and holds anything but ASCII, its code points too, so a
		 * look-alike (a Cyrillic a) shows as \u0430 and says why */
		hta_buf_printf(b, "%sowner %s", sep, tx(scratch, b, vo->owner));
		bool ascii = true;
		for (const unsigned char *u = (const unsigned char *)vo->owner; *u; u++)
			ascii = ascii && *u < 0x80;
		if (!owner_matched && !ascii)
			hta_buf_printf(b, " (matches no owner; as code points: %s)",
				       hta_shown(vo->owner));
		sep = ", ";
	}
	if (vo->status) {
		hta_buf_printf(b, "%sstatus ", sep);
		const char *comma = "";
		for (int i = 0; i < HTA_GS_COUNT; i++)
			if (vo->status & (1u << i)) {
				hta_buf_printf(b, "%s%s", comma, hta_gap_status_name((enum hta_gap_status)i));
				comma = ",";
			}
	}
}

/*
 * The problems a person can act on first: gaps in the statements someone
 * has evidenced (rank order), then the evidence findings, by file and line.
 */
static void text_view(struct hta_buf *b, const struct paint *p, struct hta_arena *scratch,
		      const struct hta_run *run, const struct hta_report_opts *o,
		      const struct hta_view *v)
{
#define T(s) tx(scratch, b, (s))
	int top = o->view.top > 0 ? o->view.top : o->top > 0 ? o->top : 10;
	bool filtered = hta_view_filtered(&o->view);
	if (filtered) {
		bool matched = false;
		for (size_t i = 0; o->view.owner && i < run->n_reqs && !matched; i++)
			matched = run->reqs[i].owner &&
				  strcasecmp(run->reqs[i].owner, o->view.owner) == 0; /* as view.c */
		hta_buf_puts(b, "View: ");
		text_filters(b, scratch, &o->view, matched);
		hta_buf_puts(b, "\n");
	}
	if (v->n_gaps) {
		hta_buf_printf(b, "Fix first — gaps in evidenced statements (%zu):\n", v->n_gaps);
		for (size_t k = 0; k < v->n_gaps && (int)k < top; k++) {
			const struct hta_run_req *r = &run->reqs[v->gaps[k]];
			hta_buf_printf(b, "  %3d. %-12s %s%-4s%s %s%s%s — %s\n", r->rank, T(r->id),
				       c_(p, r->cap ? YELLOW : ""), hta_gap_label(r),
				       c_(p, r->cap ? RESET : ""), T(r->title),
				       r->blocker ? " [blocker]" : "", r->waived ? " [waived]" : "",
				       T(r->reason));
		}
		if ((int)v->n_gaps > top)
			hta_buf_printf(b, "  ... and %zu more (--top N lists more; --format json or the "
				       "database has all)\n", v->n_gaps - (size_t)top);
	} else if (filtered && !(o->view.status && !(o->view.status & ~(unsigned)HTA_VS_NO_EVIDENCE))) {
		hta_buf_puts(b, "No gap in evidenced statements matches.\n");
	}
	int maxf = o->max_findings == 0 ? 20 : o->max_findings;
	if (v->n_findings && !(o->view.status && !(o->view.status & ~(unsigned)HTA_VS_NO_EVIDENCE))) {
		size_t shown = 0, listed = 0;
		for (size_t j = 0; j < v->n_findings; j++)
			listed += run->findings[v->findings[j]].code != HTA_FIND_OUT_OF_SCOPE;
		if (listed)
			hta_buf_printf(b, "\nEvidence findings (%zu):\n", listed);
		for (size_t j = 0; j < v->n_findings && listed; j++) {
			const struct hta_run_finding *f = &run->findings[v->findings[j]];
			if (f->code == HTA_FIND_OUT_OF_SCOPE)
				continue;
			if (maxf >= 0 && (int)shown >= maxf) {
				hta_buf_printf(b, "  ... and %zu more\n", listed - shown);
				break;
			}
			if (f->line)
				hta_buf_printf(b, "  %s:%u: %s%s%s: %s\n", f->path ? T(f->path) : "-",
					       f->line, c_(p, YELLOW), hta_finding_name(f->code),
					       c_(p, RESET), T(f->message));
			else
				hta_buf_printf(b, "  %s: %s%s%s: %s\n", f->path ? T(f->path) : "-",
					       c_(p, YELLOW), hta_finding_name(f->code), c_(p, RESET),
					       T(f->message));
			shown++;
		}
	}
#undef T
}

/*
 * The statements nobody has touched: one line per pool with the count
 * (they would drown the rest if listed), or, when the view asks for them
 * by --status no-evidence, each one up to --top.
 */
static void text_idle(struct hta_buf *b, const struct paint *p, struct hta_arena *scratch,
		      const struct hta_run *run, const struct hta_report_opts *o,
		      const struct hta_view *v)
{
#define T(s) tx(scratch, b, (s))
	if (!v->n_idle)
		return;
	hta_buf_printf(b, "\nNot evidenced yet: %zu in-scope statement%s with no manifest, or only "
		       "a skeleton that claims nothing:\n", v->n_idle, v->n_idle == 1 ? "" : "s");
	if (o->view.status & HTA_VS_NO_EVIDENCE) {
		int top = o->view.top > 0 ? o->view.top : o->top > 0 ? o->top : 10;
		for (size_t k = 0; k < v->n_idle && (int)k < top; k++) {
			const struct hta_run_req *r = &run->reqs[v->idle[k]];
			hta_buf_printf(b, "  %-12s %s%-4s%s %s%s\n", T(r->id),
				       c_(p, r->cap ? YELLOW : ""), !r->gap ? "" : hta_gap_label(r),
				       c_(p, r->cap ? RESET : ""), T(r->title),
				       r->blocker ? " [blocker]" : "");
		}
		if ((int)v->n_idle > top)
			hta_buf_printf(b, "  ... and %zu more (--top N lists more)\n",
				       v->n_idle - (size_t)top);
		return;
	}
	for (size_t k = 0; k < v->n_pools; k++) {
		const struct hta_view_pool *po = &v->pools[k];
		hta_buf_printf(b, "  %-11s %-40s %4zu of %zu%s\n", po->key, po->name ? T(po->name) : "",
			       po->n, po->total, po->blocker ? "  [blocker]" : "");
	}
	hta_buf_puts(b, "  ('hitrust-assess init' writes the missing skeletons; --status no-evidence "
		     "lists the statements)\n");
#undef T
}

static void render_text(const struct hta_run *run, const struct hta_report_opts *o,
			struct hta_buf *b)
{
	struct paint p = { o->color };
	struct hta_arena scratch = HTA_ARENA_INIT;
#define T(s) tx(&scratch, b, (s))
	char asof[11];
	hta_date_format(run->as_of, asof);
	hta_buf_printf(b, "%shitrust-assess %s%s — %s readiness%s%s%s%s%s\n", c_(&p, BOLD),
		       run->tool_version ? run->tool_version : HTA_VERSION, c_(&p, RESET),
		       hta_tier_name(run->tier),
		       run->addons_str && *run->addons_str ? " + " : "",
		       run->addons_str ? run->addons_str : "",
		       run->organization ? ", " : "", run->organization ? T(run->organization) : "",
		       "");
	hta_buf_printf(b, "as of %s · catalog %s · evidence %s\n", asof,
		       run->catalog_version ? T(run->catalog_version) : "?",
		       run->evidence_root ? T(run->evidence_root) : "?");
	size_t na = 0;
	for (size_t i = 0; i < run->n_reqs; i++)
		na += run->reqs[i].status == HTA_ST_NA;
	hta_buf_printf(b, "%zu statements in scope (%zu not applicable), %zu manifests%s\n\n",
		       run->n_reqs, na, run->manifests,
		       run->tier == HTA_TIER_R2 ? (run->measured_managed
							   ? ", measured and managed scored"
							   : ", measured and managed not scored (ceiling 75)")
						: ", implemented level scored");

	int failing = 0, scored = 0;
	for (int d = 1; d <= HTA_DOMAINS; d++) {
		scored += run->domains[d].scored;
		failing += run->domains[d].scored && !run->domains[d].passed;
	}
	int th = run->domains[1].threshold;
	hta_buf_printf(b, "%sVERDICT: %s%s", c_(&p, run->pass ? GREEN BOLD : RED BOLD),
		       run->pass ? "PASS" : "FAIL", c_(&p, RESET));
	if (failing)
		hta_buf_printf(b, " — %d of %d scored domains below the %d threshold", failing,
			       scored, th);
	else
		hta_buf_printf(b, " — all %d scored domains at or above %d", scored, th);
	if (run->ai_security.scored)
		hta_buf_printf(b, "; AI Security %s", run->ai_security.passed ? "passes" : "fails");
	hta_buf_printf(b, " (overall %.2f)\n\n", run->overall);

	hta_buf_printf(b, "  %-3s %-40s %7s %5s %6s  %s\n", "", "DOMAIN", "SCORE", "THR",
		       "STMTS", "RESULT");
	for (int d = 1; d <= HTA_DOMAINS; d++)
		text_pool(b, &p, run->domains[d].key,
			  run->domains[d].name ? T(run->domains[d].name) : "?", &run->domains[d]);
	text_pool(b, &p, "AI", "AI Security (add-on)", &run->ai_security);
	text_pool(b, &p, "AI", "AI Risk Management (report only)", &run->ai_risk);
	text_pool(b, &p, "CF", "Compliance factors (reported apart)", &run->compliance);

	hta_buf_printf(b, "\nGaps: %d (%d need a CAP)", run->gap_count, run->cap_count);
	if (run->waived_gaps)
		hta_buf_printf(b, "; %d waived", run->waived_gaps);
	hta_buf_printf(b, "\n");
	struct hta_view v;
	if (hta_view_build(&v, run, &o->view, NULL)) {
		b->failed = 1;
	} else {
		text_view(b, &p, &scratch, run, o, &v);
		text_idle(b, &p, &scratch, run, o, &v);
	}
	hta_view_free(&v);
	hta_deliver_text(run, b);
	size_t oos;
	hta_run_summarised(run, NULL, &oos);
	if (oos && !hta_view_filtered(&o->view))
		hta_buf_printf(b, "\n%zu manifest%s for statements outside this run's tier, factors "
			       "or add-ons %s checked and ignored (out-of-scope findings).\n",
			       oos, oos == 1 ? "" : "s", oos == 1 ? "was" : "were");
	if (o->db_path)
		hta_buf_printf(b, "\nReport database: %s (run %lld)\n", T(o->db_path), run->id);
#undef T
	hta_arena_free(&scratch);
}

/* ---- JSON ---- */

static double r2(double x)
{
	return round(x * 100.0) / 100.0;
}

static cJSON *str_or_null(const char *s)
{
	return s ? cJSON_CreateString(s) : cJSON_CreateNull();
}

/*
 * cJSON_AddItemToObject/Array keep the item when they fail (no memory for
 * the key, or a parent that could not be made): free it then, or it leaks.
 * Whether anything failed is told by hta_alloc_failures() afterwards.
 */
static void add_item(cJSON *o, const char *key, cJSON *item)
{
	if (!cJSON_AddItemToObject(o, key, item))
		cJSON_Delete(item);
}

static void add_elem(cJSON *a, cJSON *item)
{
	if (!cJSON_AddItemToArray(a, item))
		cJSON_Delete(item);
}

static cJSON *pool_json(const struct hta_run_pool *po)
{
	cJSON *o = cJSON_CreateObject();
	if (!o)
		return NULL;
	add_item(o, "name", str_or_null(po->name));
	add_item(o, "score", po->scored ? cJSON_CreateNumber(r2(po->score))
					: cJSON_CreateNull());
	add_item(o, "threshold", po->threshold ? cJSON_CreateNumber(po->threshold)
					       : cJSON_CreateNull());
	cJSON_AddNumberToObject(o, "statements", po->statements);
	cJSON_AddNumberToObject(o, "in_scope", po->total);
	add_item(o, "passed", po->scored && po->threshold
				      ? cJSON_CreateBool(po->passed) : cJSON_CreateNull());
	cJSON_AddNumberToObject(o, "plan_effort", po->plan_effort);
	cJSON_AddNumberToObject(o, "plan_statements", po->plan_items);
	return o;
}

/* The "run" object: what was assessed, when, and the verdict. */
static void run_header_json(const struct hta_run *run, cJSON *root)
{
	char buf[16];
	cJSON *r = cJSON_AddObjectToObject(root, "run");
	cJSON_AddNumberToObject(r, "id", (double)run->id);
	add_item(r, "started_at", str_or_null(run->started_at));
	cJSON_AddStringToObject(r, "tier", hta_tier_name(run->tier));
	cJSON *addons = cJSON_AddArrayToObject(r, "addons");
	for (enum hta_addon a = HTA_ADDON_AI_SECURITY; a <= HTA_ADDON_AI_RISK; a++)
		if (run->addons & hta_addon_flag(a))
			add_elem(addons, cJSON_CreateString(hta_addon_name(a)));
	hta_date_format(run->as_of, buf);
	cJSON_AddStringToObject(r, "as_of", buf);
	add_item(r, "evidence_root", str_or_null(run->evidence_root));
	cJSON *cat = cJSON_AddObjectToObject(r, "catalog");
	add_item(cat, "name", str_or_null(run->catalog_name));
	add_item(cat, "version", str_or_null(run->catalog_version));
	add_item(r, "organization", str_or_null(run->organization));
	add_item(r, "assessment", str_or_null(run->assessment));
	cJSON_AddBoolToObject(r, "measured_managed", run->measured_managed);
	cJSON_AddStringToObject(r, "verdict", hta_verdict_name(run->pass));
	cJSON_AddNumberToObject(r, "overall_score", r2(run->overall));
	cJSON_AddNumberToObject(r, "gap_count", run->gap_count);
	cJSON_AddNumberToObject(r, "cap_count", run->cap_count);
	cJSON_AddNumberToObject(r, "waived_gaps", run->waived_gaps);
	cJSON_AddNumberToObject(r, "waived_caps", run->waived_caps);
	cJSON_AddNumberToObject(r, "statements", (double)run->n_reqs);
	cJSON_AddNumberToObject(r, "manifests", (double)run->manifests);
}

/* One requirement of "requirements": its scores, levels, owner and gap. */
static cJSON *req_json(const struct hta_run_req *q)
{
	char buf[16];
	cJSON *o = cJSON_CreateObject();
	if (!o)
		return NULL;
	snprintf(buf, sizeof(buf), "%02d", q->domain);
	add_item(o, "id", str_or_null(q->id));
	cJSON_AddStringToObject(o, "domain", buf);
	cJSON_AddStringToObject(o, "pool", hta_pool_name(q->pool));
	add_item(o, "control_ref", str_or_null(q->control));
	add_item(o, "title", str_or_null(q->title));
	cJSON_AddStringToObject(o, "status", hta_status_name(q->status));
	add_item(o, "score", q->status == HTA_ST_NA ? cJSON_CreateNull()
						    : cJSON_CreateNumber(r2(q->score)));
	cJSON_AddNumberToObject(o, "ceiling", r2(q->ceiling));
	cJSON *lv = cJSON_AddObjectToObject(o, "levels");
	for (int l = 0; l < HTA_LEVEL_COUNT; l++)
		add_item(lv, hta_level_name((enum hta_level)l),
			 (q->scored >> l) & 1 ? cJSON_CreateNumber(r2(q->level[l]))
					      : cJSON_CreateNull());
	cJSON_AddNumberToObject(o, "effort", q->effort);
	add_item(o, "owner", str_or_null(q->owner));
	add_item(o, "manifest", str_or_null(q->manifest));
	add_item(o, "not_applicable", str_or_null(q->na_reason));
	if (q->provider) {
		cJSON *in = cJSON_AddObjectToObject(o, "inherited");
		cJSON_AddStringToObject(in, "provider", q->provider);
		cJSON_AddNumberToObject(in, "weight", q->inherited_weight);
	}
	if (q->gap) {
		cJSON *g = cJSON_AddObjectToObject(o, "gap");
		cJSON_AddNumberToObject(g, "rank", q->rank);
		cJSON_AddBoolToObject(g, "cap_required", q->cap);
		cJSON_AddBoolToObject(g, "blocker", q->blocker);
		cJSON_AddBoolToObject(g, "waived", q->waived);
		cJSON_AddNumberToObject(g, "points_lost", r2(q->points_lost));
		cJSON_AddStringToObject(g, "kind", hta_rank_kind_name(q->rank_kind));
		add_item(g, "reason", str_or_null(q->reason));
	} else {
		cJSON_AddNullToObject(o, "gap");
	}
	return o;
}

static cJSON *run_json(const struct hta_run *run)
{
	cJSON *root = cJSON_CreateObject();
	if (!root)
		return NULL;
	cJSON_AddStringToObject(root, "schema", HTA_JSON_SCHEMA);
	cJSON *tool = cJSON_AddObjectToObject(root, "tool");
	cJSON_AddStringToObject(tool, "name", "hitrust-assess");
	cJSON_AddStringToObject(tool, "version", run->tool_version ? run->tool_version : HTA_VERSION);

	run_header_json(run, root);

	cJSON *doms = cJSON_AddArrayToObject(root, "domains");
	for (int d = 1; d <= HTA_DOMAINS; d++) {
		cJSON *o = pool_json(&run->domains[d]);
		if (!o)
			goto fail;
		cJSON_AddStringToObject(o, "domain", run->domains[d].key);
		add_elem(doms, o);
	}
	cJSON *pools = cJSON_AddObjectToObject(root, "pools");
	const struct hta_run_pool *pp[3] = { &run->ai_security, &run->ai_risk, &run->compliance };
	const char *pk[3] = { "ai_security", "ai_risk", "compliance" };
	for (int k = 0; k < 3; k++)
		add_item(pools, pk[k], pp[k]->total ? pool_json(pp[k]) : cJSON_CreateNull());

	cJSON *reqs = cJSON_AddArrayToObject(root, "requirements");
	for (size_t i = 0; i < run->n_reqs; i++) {
		cJSON *o = req_json(&run->reqs[i]);
		if (!o)
			goto fail;
		add_elem(reqs, o);
	}
	cJSON *gaps = cJSON_AddArrayToObject(root, "gaps");
	for (size_t k = 0; k < run->n_gaps; k++)
		add_elem(gaps, cJSON_CreateString(run->reqs[run->gap_order[k]].id));
	cJSON *fs = cJSON_AddArrayToObject(root, "findings");
	for (size_t k = 0; k < run->n_findings; k++) {
		const struct hta_run_finding *f = &run->findings[k];
		cJSON *o = cJSON_CreateObject();
		if (!o)
			goto fail;
		add_item(o, "requirement_id", str_or_null(f->req_id));
		add_item(o, "path", str_or_null(f->path));
		add_item(o, "line", f->line ? cJSON_CreateNumber(f->line) : cJSON_CreateNull());
		cJSON_AddStringToObject(o, "code", hta_finding_name(f->code));
		cJSON_AddStringToObject(o, "message", f->message);
		add_elem(fs, o);
	}
	hta_deliver_json(run, root);
	return root;
fail:
	cJSON_Delete(root);
	return NULL;
}

int hta_report_render(const struct hta_run *run, enum hta_format fmt,
		      const struct hta_report_opts *opts, struct hta_buf *out,
		      struct hta_err *err)
{
	struct hta_report_opts def = HTA_REPORT_OPTS_INIT;
	if (!opts)
		opts = &def;
	switch (fmt) {
	case HTA_FMT_HTML: hta_render_html(run, opts->summary, out); break;
	case HTA_FMT_MD: hta_render_md(run, out); break;
	case HTA_FMT_CSV: hta_render_csv(run, out); break;
	case HTA_FMT_JUNIT: hta_render_junit(run, out); break;
	case HTA_FMT_SARIF: hta_render_sarif(run, out); break;
	case HTA_FMT_BASELINE: return hta_baseline_render(run, out, err);
	case HTA_FMT_OSCAL_AR:
	case HTA_FMT_OSCAL_POAM: {
		int rc = hta_render_oscal(run, fmt == HTA_FMT_OSCAL_POAM, out, err);
		if (rc)
			return rc;
		break;
	}
	case HTA_FMT_JSON: {
		/* A tree that lost a node to a failed allocation is not printed. */
		unsigned long failed = hta_alloc_failures();
		cJSON *j = run_json(run);
		char *s = j && hta_alloc_failures() == failed ? cJSON_Print(j) : NULL;
		cJSON_Delete(j);
		if (!s)
			return hta_err_set(err, HTA_ENOMEM, "out of memory");
		hta_buf_puts(out, s);
		hta_buf_puts(out, "\n");
		cJSON_free(s);
		break;
	}
	default:
		render_text(run, opts, out);
	}
	return out->failed ? hta_err_set(err, HTA_ENOMEM, "out of memory") : 0;
}
