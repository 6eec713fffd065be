/*
 * report_junit.c — JUnit XML, the format CI systems (GitLab, Jenkins,
 * GitHub test reporters, Azure DevOps) show as test results. One
 * <testsuite> per domain and per apart pool (AI Security, AI Risk
 * Management, compliance factors) that has in-scope statements; one
 * <testcase> per in-scope statement, in catalog order:
 *
 *   - a gap is a <failure> (type "cap" when it needs a CAP, else "gap";
 *     "no-evidence" when no manifest exists) whose message gives the score,
 *     the ceiling and the reason, and whose body has the rank, owner,
 *     manifest and evidence findings;
 *   - a waived gap is <skipped>: accepted risk, out of the gates, as
 *     --max-gaps treats it; the message says "waived gap" and why;
 *   - a not-applicable statement is <skipped> with its justification;
 *   - anything else passes.
 *
 * Suite properties carry the domain's score, threshold and result, so the
 * verdict is visible next to the statements that decide it.
 */
#include "report_int.h"

#include "hta/date.h"
#include "hta/scope.h"

#include <stdio.h>
#include <string.h>

struct counts {
	int tests, failures, skipped;
};

static void count(const struct hta_run_req *r, struct counts *c)
{
	c->tests++;
	if (r->status == HTA_ST_NA || (r->gap && r->waived))
		c->skipped++;
	else if (r->gap)
		c->failures++;
}

static void attr(struct hta_buf *b, const char *name, const char *value)
{
	hta_buf_printf(b, " %s=\"", name);
	hta_esc_xml(b, value);
	hta_buf_add(b, "\"", 1);
}

static void testcase(struct hta_buf *b, const struct hta_run *run, const struct hta_run_req *r,
		     const char *suite_key)
{
	char sc[32], ce[32], cls[64];
	snprintf(cls, sizeof(cls), "hitrust.%s.%s", hta_tier_name(run->tier),
		 suite_key);
	hta_fmt2(sc, r->score);
	hta_fmt2(ce, r->ceiling);
	hta_buf_puts(b, "    <testcase");
	attr(b, "classname", cls);
	hta_buf_puts(b, " name=\"");
	hta_esc_xml(b, r->id);
	if (r->title) {
		hta_buf_add(b, " ", 1);
		hta_esc_xml(b, r->title);
	}
	hta_buf_add(b, "\"", 1);
	if (r->manifest)
		attr(b, "file", r->manifest);
	hta_buf_puts(b, " time=\"0\"");

	if (r->status == HTA_ST_NA) {
		hta_buf_puts(b, ">\n      <skipped message=\"not applicable: ");
		hta_esc_xml(b, r->na_reason ? r->na_reason : "(no reason given)");
		hta_buf_puts(b, "\"/>\n    </testcase>\n");
		return;
	}
	if (!r->gap) {
		hta_buf_puts(b, "/>\n");
		return;
	}
	if (r->waived) {
		char exp[11];
		hta_date_format(r->waiver_expires, exp);
		hta_buf_printf(b, ">\n      <skipped message=\"waived gap: score %s of %s; accepted risk: ",
			       sc, ce);
		hta_esc_xml(b, r->waiver_reason ? r->waiver_reason : "");
		hta_buf_printf(b, " (waiver expires %s)\"/>\n    </testcase>\n", exp);
		return;
	}
	hta_buf_printf(b, ">\n      <failure type=\"%s\" message=\"score %s of %s",
		       r->status == HTA_ST_NO_EVIDENCE ? hta_finding_name(HTA_FIND_NO_EVIDENCE)
		       : hta_gap_status_name(hta_gap_kind(r)), sc, ce);
	if (r->cap)
		hta_buf_puts(b, "; CAP required");
	if (r->blocker)
		hta_buf_puts(b, "; blocker");
	hta_buf_puts(b, ": ");
	hta_esc_xml(b, r->reason);
	hta_buf_printf(b, "\">rank %d of %zu", r->rank, run->n_gaps);
	char pl[32];
	hta_fmt2(pl, r->points_lost);
	hta_buf_printf(b, "; %s points lost; effort %d\n", pl, r->effort);
	if (r->owner) {
		hta_buf_puts(b, "owner: ");
		hta_esc_xml(b, r->owner);
		hta_buf_add(b, "\n", 1);
	}
	if (r->manifest) {
		hta_buf_puts(b, "manifest: ");
		hta_esc_xml(b, r->manifest);
		hta_buf_printf(b, ":%u\n", r->manifest_line);
	}
	for (size_t k = 0; k < run->n_findings; k++) {
		const struct hta_run_finding *f = &run->findings[k];
		if (!f->req_id || strcmp(f->req_id, r->id) != 0)
			continue;
		hta_buf_puts(b, "finding: ");
		if (f->path) {
			hta_esc_xml(b, f->path);
			if (f->line)
				hta_buf_printf(b, ":%u", f->line);
			hta_buf_puts(b, ": ");
		}
		hta_esc_xml(b, hta_finding_name(f->code));
		hta_buf_puts(b, ": ");
		hta_esc_xml(b, f->message);
		hta_buf_add(b, "\n", 1);
	}
	hta_buf_puts(b, "</failure>\n    </testcase>\n");
}

/* One suite: the statements of `run` whose pool key is `key`. */
static void suite(struct hta_buf *b, const struct hta_run *run, const char *key,
		  const char *label, const struct hta_run_pool *po)
{
	struct counts c = { 0 };
	for (size_t i = 0; i < run->n_reqs; i++)
		if (strcmp(hta_req_pool_key(run, &run->reqs[i]), key) == 0)
			count(&run->reqs[i], &c);
	if (!c.tests)
		return;
	char sc[32];
	hta_buf_puts(b, "  <testsuite");
	attr(b, "name", label);
	hta_buf_printf(b, " tests=\"%d\" failures=\"%d\" errors=\"0\" skipped=\"%d\" time=\"0\">\n",
		       c.tests, c.failures, c.skipped);
	hta_buf_puts(b, "    <properties>\n");
	if (po->scored) {
		hta_fmt2(sc, po->score);
		hta_buf_printf(b, "      <property name=\"score\" value=\"%s\"/>\n", sc);
	}
	if (po->threshold)
		hta_buf_printf(b, "      <property name=\"threshold\" value=\"%d\"/>\n", po->threshold);
	hta_buf_printf(b, "      <property name=\"result\" value=\"%s\"/>\n",
		       !po->scored ? "not-scored" : !po->threshold ? "no-verdict"
		       : hta_verdict_name(po->passed));
	hta_buf_puts(b, "    </properties>\n");
	for (size_t i = 0; i < run->n_reqs; i++)
		if (strcmp(hta_req_pool_key(run, &run->reqs[i]), key) == 0)
			testcase(b, run, &run->reqs[i], key);
	hta_buf_puts(b, "  </testsuite>\n");
}

void hta_render_junit(const struct hta_run *run, struct hta_buf *b)
{
	struct counts all = { 0 };
	for (size_t i = 0; i < run->n_reqs; i++)
		count(&run->reqs[i], &all);
	hta_buf_puts(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites");
	hta_buf_printf(b, " name=\"hitrust-assess %s readiness: %s\"",
		       hta_tier_name(run->tier), hta_verdict_name(run->pass));
	hta_buf_printf(b, " tests=\"%d\" failures=\"%d\" errors=\"0\" skipped=\"%d\" time=\"0\">\n",
		       all.tests, all.failures, all.skipped);
	char label[160];
	for (int d = 1; d <= HTA_DOMAINS; d++) {
		const struct hta_run_pool *po = &run->domains[d];
		snprintf(label, sizeof(label), "%s %s", po->key, po->name ? po->name : "");
		suite(b, run, po->key, label, po);
	}
	suite(b, run, hta_pool_name(HTA_POOL_AI_SECURITY), "AI Security (add-on)", &run->ai_security);
	suite(b, run, hta_pool_name(HTA_POOL_AI_RISK), "AI Risk Management (add-on, no verdict)",
	      &run->ai_risk);
	suite(b, run, hta_pool_name(HTA_POOL_COMPLIANCE), "Compliance factors (reported apart)",
	      &run->compliance);
	hta_buf_puts(b, "</testsuites>\n");
}
