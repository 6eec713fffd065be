/*
 * report_md.c — a GitHub-flavoured Markdown summary, sized for a
 * pull-request comment or a CI job summary ($GITHUB_STEP_SUMMARY): the
 * verdict, the scored domains and pools, the gaps to fix first, the
 * evidence findings. Long lists are cut (GitHub limits a comment to 64 KiB)
 * and say how many rows were left out; the HTML, CSV and JSON reports
 * carry everything.
 *
 * User text is escaped so it can neither break a table (| and newlines)
 * nor become emphasis, code, links or raw HTML: the characters that can
 * start those in the middle of a line (\ ` * _ [ ] < > | ~ &) are
 * backslash-escaped. User text never starts a line, so the line-start
 * markers (# - + 1.) need no escape.
 */
#include "report_int.h"

#include "hta/date.h"
#include "hta/scope.h"

#include <string.h>

#define MD_TOP 10           /* gaps in the "fix first" table */
#define MD_ALL_GAPS 200     /* gaps in the collapsed full list */
#define MD_FINDINGS 50      /* evidence findings listed */

static void md(struct hta_buf *b, const char *s)
{
	if (!s)
		return;
	for (const char *p = s; *p; p++) {
		char c = *p;
		if (c == '\n' || c == '\r' || c == '\t')
			hta_buf_add(b, " ", 1);
		else if ((unsigned char)c < 0x20 || c == 0x7F)
			hta_buf_puts(b, "\xEF\xBF\xBD");
		else if (strchr("\\`*_[]<>|~&", c))
			hta_buf_printf(b, "\\%c", c);
		else
			hta_buf_add(b, p, 1);
	}
}

void hta_esc_md(struct hta_buf *b, const char *s)
{
	md(b, s);
}

static const char *mark(const struct hta_run_pool *po)
{
	if (!po->scored)
		return "➖ not scored";
	if (!po->threshold)
		return "ℹ️ no verdict";
	return po->passed ? "✅ pass" : "❌ fail";
}

static void pool_row(struct hta_buf *b, const char *key, const char *name,
		     const struct hta_run_pool *po)
{
	char sc[32] = "–";
	if (!po->total)
		return;
	if (po->scored)
		hta_fmt2(sc, po->score);
	hta_buf_puts(b, "| ");
	md(b, key);
	hta_buf_puts(b, " | ");
	md(b, name);
	hta_buf_printf(b, " | %s | ", sc);
	if (po->threshold)
		hta_buf_printf(b, "%d", po->threshold);
	else
		hta_buf_puts(b, "–");
	hta_buf_printf(b, " | %d of %d | %s |\n", po->statements, po->total, mark(po));
}

static void gap_row(struct hta_buf *b, const struct hta_run *run, const struct hta_run_req *r)
{
	char sc[32], ce[32], pl[32];
	hta_fmt2(sc, r->score);
	hta_fmt2(ce, r->ceiling);
	hta_fmt2(pl, r->points_lost);
	hta_buf_printf(b, "| %d | ", r->rank);
	md(b, r->id);
	hta_buf_puts(b, " | ");
	md(b, r->title);
	hta_buf_puts(b, " | ");
	md(b, hta_req_pool_key(run, r));
	hta_buf_printf(b, " | %s / %s | %s | %s%s%s | %d | ", sc, ce, pl, hta_gap_label(r),
		       r->blocker ? ", blocker" : "", r->waived ? ", waived" : "", r->effort);
	md(b, r->owner ? r->owner : "");
	hta_buf_puts(b, " | ");
	md(b, r->reason);
	hta_buf_puts(b, " |\n");
}

static void gap_header(struct hta_buf *b)
{
	hta_buf_puts(b, "| Rank | Requirement | Title | Domain | Score | Points lost | Kind | Effort "
			"| Owner | Why here |\n"
			"|---:|---|---|---|---:|---:|---|---:|---|---|\n");
}

/* "Fix first": the top gaps, then every gap folded away. */
static void gaps_md(const struct hta_run *run, struct hta_buf *b)
{
	if (run->n_gaps) {
		hta_buf_puts(b, "\n### Fix first\n\n");
		gap_header(b);
		for (size_t k = 0; k < run->n_gaps && k < MD_TOP; k++)
			gap_row(b, run, &run->reqs[run->gap_order[k]]);
		if (run->n_gaps > MD_TOP) {
			hta_buf_printf(b, "\n<details><summary>All %zu gaps</summary>\n\n", run->n_gaps);
			gap_header(b);
			for (size_t k = 0; k < run->n_gaps && k < MD_ALL_GAPS; k++)
				gap_row(b, run, &run->reqs[run->gap_order[k]]);
			if (run->n_gaps > MD_ALL_GAPS)
				hta_buf_printf(b, "\n…and %zu more (see the HTML, CSV or JSON report).\n",
					       run->n_gaps - MD_ALL_GAPS);
			hta_buf_puts(b, "\n</details>\n");
		}
	} else {
		hta_buf_puts(b, "\nNo gaps.\n");
	}
}

/* The evidence findings a person acts on (the summarised ones are counted apart). */
static void findings_md(const struct hta_run *run, size_t noev, size_t oos, struct hta_buf *b)
{
	if (run->n_findings <= noev + oos)
		return;
	hta_buf_printf(b, "\n### Evidence findings (%zu)\n\n", run->n_findings - noev - oos);
	hta_buf_puts(b, "| File | Line | Requirement | Code | Message |\n"
			"|---|---:|---|---|---|\n");
	size_t shown = 0;
	for (size_t k = 0; k < run->n_findings; k++) {
		const struct hta_run_finding *f = &run->findings[k];
		if (hta_finding_summarised(f->code))
			continue;
		if (shown == MD_FINDINGS) {
			hta_buf_printf(b, "\n…and %zu more.\n", run->n_findings - noev - oos - shown);
			break;
		}
		hta_buf_puts(b, "| ");
		md(b, f->path ? f->path : "–");
		if (f->line)
			hta_buf_printf(b, " | %u | ", f->line);
		else
			hta_buf_puts(b, " | | ");
		md(b, f->req_id ? f->req_id : "–");
		hta_buf_puts(b, " | `");
		/* codes are the tool's own [a-z-] words */
		hta_buf_puts(b, hta_finding_name(f->code));
		hta_buf_puts(b, "` | ");
		md(b, f->message);
		hta_buf_puts(b, " |\n");
		shown++;
	}
}

void hta_render_md(const struct hta_run *run, struct hta_buf *b)
{
	char asof[11], ov[32];
	hta_date_format(run->as_of, asof);
	hta_fmt2(ov, run->overall);
	hta_buf_printf(b, "## %s HITRUST %s readiness: %s\n\n", run->pass ? "✅" : "❌",
		       hta_tier_name(run->tier), run->pass ? "PASS" : "FAIL");
	if (run->organization) {
		hta_buf_puts(b, "**");
		md(b, run->organization);
		hta_buf_puts(b, "**");
		if (run->assessment) {
			hta_buf_puts(b, " · ");
			md(b, run->assessment);
		}
		hta_buf_puts(b, " · ");
	}
	hta_buf_printf(b, "as of %s · catalog ", asof);
	md(b, run->catalog_version ? run->catalog_version : "?");
	hta_buf_printf(b, " · run %lld", run->id);
	if (run->addons_str && *run->addons_str) {
		hta_buf_puts(b, " · add-ons: ");
		md(b, run->addons_str);
	}
	hta_buf_puts(b, "\n\n");

	size_t na = 0, noev, oos;
	for (size_t i = 0; i < run->n_reqs; i++)
		na += run->reqs[i].status == HTA_ST_NA;
	hta_run_summarised(run, &noev, &oos);
	int failing = 0, scored = 0;
	for (int d = 1; d <= HTA_DOMAINS; d++) {
		scored += run->domains[d].scored;
		failing += run->domains[d].scored && !run->domains[d].passed;
	}
	hta_buf_printf(b, "Overall **%s** · %zu statements in scope (%zu not applicable) · "
		       "**%d gaps** (%d need a CAP", ov, run->n_reqs, na, run->gap_count,
		       run->cap_count);
	if (run->waived_gaps)
		hta_buf_printf(b, "; %d waived", run->waived_gaps);
	hta_buf_printf(b, ") · %d of %d scored domains below the threshold of %d\n\n", failing,
		       scored, run->domains[1].threshold);

	hta_buf_puts(b, "| | Domain | Score | Threshold | Statements | Result |\n"
			"|---|---|---:|---:|---:|---|\n");
	for (int d = 1; d <= HTA_DOMAINS; d++)
		pool_row(b, run->domains[d].key, run->domains[d].name ? run->domains[d].name : "?",
			 &run->domains[d]);
	pool_row(b, "AI", "AI Security (add-on)", &run->ai_security);
	pool_row(b, "AI", "AI Risk Management (report only)", &run->ai_risk);
	pool_row(b, "CF", "Compliance factors (reported apart)", &run->compliance);

	gaps_md(run, b);
	findings_md(run, noev, oos, b);
	if (noev)
		hta_buf_printf(b, "\n%zu in-scope statements have no evidence manifest.\n", noev);
	if (oos)
		hta_buf_printf(b, "%s%zu manifest%s for statements outside this run's tier, factors or "
			       "add-ons %s checked and ignored (out-of-scope findings).\n",
			       noev ? "" : "\n", oos, oos == 1 ? "" : "s", oos == 1 ? "was" : "were");
	hta_deliver_md(run, b);
	hta_buf_printf(b, "\n<sub>hitrust-assess %s · ",
		       run->tool_version ? run->tool_version : HTA_VERSION);
	md(b, run->catalog_name ? run->catalog_name : "catalog");
	hta_buf_puts(b, "</sub>\n");
}
