/*
 * test_view.c — views of a run (hta/view.h): which statements count as
 * unevidenced, the filters by pool, owner and gap status, the per-pool
 * summary, the option parsers, and allocation failure.
 */
#include "testutil.h"

#include "hta/alloc.h"
#include "hta/view.h"

/*
 * A hand-built run of six statements (catalog order):
 *   0 A.1 domain 01, no manifest (no_evidence), gap, CAP, blocker
 *   1 A.2 domain 01, a skeleton: scored, every level 0, no owner; gap
 *   2 A.3 domain 01, owner Alice, gap, CAP
 *   3 B.1 domain 02, owner bob, waived gap
 *   4 B.2 domain 02, level 0, no owner, but a finding: evidenced; gap
 *   5 C.1 ai-security pool, N/A
 * Gap rank order: A.3, B.2, A.1, A.2, B.1.
 */
struct fixture {
	struct hta_run run;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct hta_run *r = &f->run;
	static struct hta_run_req reqs[6];
	static size_t order[5] = { 2, 4, 0, 1, 3 };
	static struct hta_run_finding findings[2];
	memset(reqs, 0, sizeof(reqs));
	const char *ids[6] = { "A.1", "A.2", "A.3", "B.1", "B.2", "C.1" };
	const int dom[6] = { 1, 1, 1, 2, 2, 10 };
	for (int i = 0; i < 6; i++) {
		reqs[i].id = ids[i];
		reqs[i].domain = dom[i];
		reqs[i].pool = HTA_POOL_DOMAIN;
		reqs[i].status = HTA_ST_SCORED;
		reqs[i].scored = 1u << HTA_IMPLEMENTED;
		reqs[i].ceiling = 100;
		reqs[i].gap = i < 5;
	}
	reqs[0].status = HTA_ST_NO_EVIDENCE;
	reqs[0].cap = reqs[0].blocker = true;
	reqs[2].owner = "Alice@Example";
	reqs[2].cap = true;
	reqs[2].level[HTA_IMPLEMENTED] = 50;
	reqs[2].score = 50;
	reqs[3].owner = "bob";
	reqs[3].waived = true;
	reqs[3].waiver_reason = "accepted";
	reqs[3].level[HTA_IMPLEMENTED] = 75;
	reqs[3].score = 75;
	reqs[5].pool = HTA_POOL_AI_SECURITY;
	reqs[5].status = HTA_ST_NA;
	reqs[5].na_reason = "no AI";
	reqs[5].gap = false;
	findings[0] = (struct hta_run_finding){ "B.2", "b2.evidence.yaml", 3, HTA_FIND_STALE, "old" };
	findings[1] = (struct hta_run_finding){ "A.1", NULL, 0, HTA_FIND_NO_EVIDENCE, "none" };
	r->reqs = reqs;
	r->n_reqs = 6;
	r->gap_order = order;
	r->n_gaps = 5;
	r->findings = findings;
	r->n_findings = 2;
	for (int d = 1; d <= HTA_DOMAINS; d++)
		snprintf(r->domains[d].key, sizeof(r->domains[d].key), "%02d", d);
	r->domains[1].name = "One";
	r->domains[1].total = 3;
	r->domains[2].name = "Two";
	r->domains[2].total = 2;
	r->ai_security.total = 1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	free(*state);
	return 0;
}

static void ids(const struct hta_run *run, const size_t *ix, size_t n, char *out, size_t cap)
{
	out[0] = 0;
	for (size_t k = 0; k < n; k++) {
		size_t len = strlen(out);
		snprintf(out + len, cap - len, "%s%s", k ? " " : "", run->reqs[ix[k]].id);
	}
}

static void test_unevidenced_and_default_view(void **state)
{
	struct fixture *f = *state;
	struct hta_view v;
	char s[128];
	assert_int_equal(hta_view_build(&v, &f->run, NULL, NULL), 0);
	/* no manifest and the skeleton are unevidenced; a finding, an owner,
	 * a waiver or an N/A reason make a statement evidenced */
	assert_true(v.unevidenced[0] && v.unevidenced[1]);
	assert_false(v.unevidenced[2] || v.unevidenced[3] || v.unevidenced[4] || v.unevidenced[5]);
	ids(&f->run, v.gaps, v.n_gaps, s, sizeof(s));
	assert_string_equal(s, "A.3 B.2 B.1"); /* rank order, evidenced only */
	ids(&f->run, v.idle, v.n_idle, s, sizeof(s));
	assert_string_equal(s, "A.1 A.2");
	assert_int_equal(v.n_pools, 1);
	assert_string_equal(v.pools[0].key, "01");
	assert_int_equal(v.pools[0].n, 2);
	assert_int_equal(v.pools[0].total, 3);
	assert_true(v.pools[0].cap && v.pools[0].blocker);
	/* the no-evidence finding is stood for by the idle list */
	assert_int_equal(v.n_findings, 1);
	assert_int_equal(v.findings[0], 0);
	hta_view_free(&v);
}

static void test_filters(void **state)
{
	struct fixture *f = *state;
	struct hta_view v;
	char s[128];
	struct hta_view_opts o = HTA_VIEW_OPTS_INIT;

	o.domain = "02";
	assert_int_equal(hta_view_build(&v, &f->run, &o, NULL), 0);
	ids(&f->run, v.gaps, v.n_gaps, s, sizeof(s));
	assert_string_equal(s, "B.2 B.1");
	assert_int_equal(v.n_idle, 0);
	assert_int_equal(v.n_findings, 1);
	hta_view_free(&v);

	o.domain = NULL;
	o.owner = "alice@example"; /* case-insensitive */
	assert_int_equal(hta_view_build(&v, &f->run, &o, NULL), 0);
	ids(&f->run, v.gaps, v.n_gaps, s, sizeof(s));
	assert_string_equal(s, "A.3");
	assert_int_equal(v.n_idle, 0);
	assert_int_equal(v.n_findings, 0);
	hta_view_free(&v);

	o.owner = NULL;
	o.status = HTA_VS_WAIVED;
	assert_int_equal(hta_view_build(&v, &f->run, &o, NULL), 0);
	ids(&f->run, v.gaps, v.n_gaps, s, sizeof(s));
	assert_string_equal(s, "B.1");
	assert_int_equal(v.n_idle, 0); /* no-evidence not asked for */
	hta_view_free(&v);

	o.status = HTA_VS_CAP | HTA_VS_NO_EVIDENCE;
	assert_int_equal(hta_view_build(&v, &f->run, &o, NULL), 0);
	ids(&f->run, v.gaps, v.n_gaps, s, sizeof(s));
	assert_string_equal(s, "A.3");
	ids(&f->run, v.idle, v.n_idle, s, sizeof(s));
	assert_string_equal(s, "A.1 A.2");
	hta_view_free(&v);

	o.status = HTA_VS_GAP;
	assert_int_equal(hta_view_build(&v, &f->run, &o, NULL), 0);
	ids(&f->run, v.gaps, v.n_gaps, s, sizeof(s));
	assert_string_equal(s, "A.3 B.2"); /* the waived one is not a "gap" */
	hta_view_free(&v);
}

static void test_parsers(void **state)
{
	(void)state;
	struct hta_err err = { 0 };
	char key[16];
	assert_int_equal(hta_view_status_parse("gap", &err), HTA_VS_GAP);
	assert_int_equal(hta_view_status_parse("cap,waived,no-evidence", &err),
			 HTA_VS_CAP | HTA_VS_WAIVED | HTA_VS_NO_EVIDENCE);
	assert_int_equal(hta_view_status_parse("gap,", &err), -1);
	assert_int_equal(hta_view_status_parse("blockers", &err), -1);
	assert_non_null(strstr(err.msg, "unknown status 'blockers'"));
	assert_int_equal(hta_view_domain_parse("7", key, &err), 0);
	assert_string_equal(key, "07");
	assert_int_equal(hta_view_domain_parse("19", key, &err), 0);
	assert_string_equal(key, "19");
	assert_int_equal(hta_view_domain_parse("ai-risk", key, &err), 0);
	assert_string_equal(key, "ai-risk");
	assert_int_equal(hta_view_domain_parse("0", key, &err), HTA_EINVAL);
	assert_int_equal(hta_view_domain_parse("20", key, &err), HTA_EINVAL);
	assert_int_equal(hta_view_domain_parse("011", key, &err), HTA_EINVAL);
	assert_int_equal(hta_view_domain_parse("", key, &err), HTA_EINVAL);
}

/* Every allocation failure is reported as HTA_ENOMEM and frees cleanly. */
static void test_alloc_failure(void **state)
{
	struct fixture *f = *state;
	struct hta_view v;
	struct hta_err err = { 0 };
	int failures = 0;
	for (long n = 0; n < 64; n++) {
		hta_alloc_fail_after(n);
		int rc = hta_view_build(&v, &f->run, NULL, &err);
		hta_alloc_fail_after(-1);
		hta_view_free(&v);
		if (rc == 0)
			break;
		assert_int_equal(rc, HTA_ENOMEM);
		failures++;
	}
	assert_true(failures > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_unevidenced_and_default_view, setup, teardown),
		cmocka_unit_test_setup_teardown(test_filters, setup, teardown),
		cmocka_unit_test(test_parsers),
		cmocka_unit_test_setup_teardown(test_alloc_failure, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
