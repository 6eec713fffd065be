/*
 * test_gate.c — which gates can fail a run and which did (gate.c): the
 * default set (domains plus each gate whose option is given), --gate LIST,
 * the limits of --gate gaps/caps without their option, --gate score
 * without --min-score, options outside the list, waived gaps and CAPs out
 * of the counts, and the new gate reading the comparison's count.
 */
#include "testutil.h"

#include "hta/gate.h"

#define BIT(g) (1u << (g))

static struct hta_run failing_run(void)
{
	struct hta_run run;
	memset(&run, 0, sizeof(run));
	run.pass = false;
	run.gap_count = 3;
	run.waived_gaps = 1;
	run.cap_count = 2;
	run.waived_caps = 1;
	run.overall = 70.0;
	return run;
}

static void test_parse(void **state)
{
	(void)state;
	struct hta_gate_opts o = HTA_GATE_OPTS_INIT;
	struct hta_err err = { 0 };
	assert_int_equal(hta_gate_list_parse(&o, "new", &err), 0);
	assert_true(o.listed);
	assert_int_equal(o.gates, BIT(HTA_GATE_NEW));
	assert_int_equal(hta_gate_list_parse(&o, "domains,gaps,caps,score", &err), 0);
	assert_int_equal(o.gates, BIT(HTA_GATE_DOMAINS) | BIT(HTA_GATE_GAPS) | BIT(HTA_GATE_CAPS) |
					  BIT(HTA_GATE_SCORE));
	static const char *const bad[] = { "", "new,", ",new", "News", "new,,gaps", "everything" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(hta_gate_list_parse(&o, bad[i], &err), HTA_EINVAL);
		assert_non_null(strstr(err.msg, "domains, new, gaps, caps, score"));
	}
}

static void test_default_set(void **state)
{
	(void)state;
	struct hta_gate_opts o = HTA_GATE_OPTS_INIT;
	unsigned a;
	assert_int_equal(hta_gates_active(&o, &a, NULL), 0);
	assert_int_equal(a, BIT(HTA_GATE_DOMAINS));
	assert_false(hta_gates_need_diff(&o));
	o.fail_on_new = true;
	o.max_gaps = 5;
	o.min_score = 50;
	assert_int_equal(hta_gates_active(&o, &a, NULL), 0);
	assert_int_equal(a, BIT(HTA_GATE_DOMAINS) | BIT(HTA_GATE_NEW) | BIT(HTA_GATE_GAPS) |
				    BIT(HTA_GATE_SCORE));
	assert_true(hta_gates_need_diff(&o));
}

static void test_decide(void **state)
{
	(void)state;
	struct hta_run run = failing_run();
	struct hta_gate_opts o = HTA_GATE_OPTS_INIT;
	struct hta_gate_verdict v;
	struct hta_err err = { 0 };
	struct hta_diff d;
	memset(&d, 0, sizeof(d));

	/* default: the failing domain fails the run */
	assert_int_equal(hta_gates_decide(&run, &o, NULL, &v, &err), 0);
	assert_int_equal(v.failed, BIT(HTA_GATE_DOMAINS));

	/* --gate new: only new gaps count; none without a comparison */
	assert_int_equal(hta_gate_list_parse(&o, "new", &err), 0);
	assert_int_equal(hta_gates_decide(&run, &o, NULL, &v, &err), 0);
	assert_int_equal(v.failed, 0);
	assert_int_equal(hta_gates_decide(&run, &o, &d, &v, &err), 0);
	assert_int_equal(v.failed, 0);
	d.n_new = 2;
	d.n_waived = 5; /* waived gaps are never new: they do not count */
	assert_int_equal(hta_gates_decide(&run, &o, &d, &v, &err), 0);
	assert_int_equal(v.failed, BIT(HTA_GATE_NEW));
	assert_string_equal(v.why[HTA_GATE_NEW], "gate: 2 new gaps (--gate new)");

	/* --gate gaps alone allows none: 3 gaps, 1 waived -> 2 > 0 */
	assert_int_equal(hta_gate_list_parse(&o, "gaps", &err), 0);
	assert_int_equal(hta_gates_decide(&run, &o, &d, &v, &err), 0);
	assert_int_equal(v.failed, BIT(HTA_GATE_GAPS));
	assert_string_equal(v.why[HTA_GATE_GAPS], "gate: 2 gaps (not waived) exceed --max-gaps 0");
	o.max_gaps = 2; /* at the limit passes */
	assert_int_equal(hta_gates_decide(&run, &o, &d, &v, &err), 0);
	assert_int_equal(v.failed, 0);

	/* an option outside the list is ignored, and said so */
	o.max_caps = 0;
	o.fail_on_new = true;
	assert_int_equal(hta_gates_decide(&run, &o, &d, &v, &err), 0);
	assert_int_equal(v.failed, 0);
	assert_int_equal(v.ignored, BIT(HTA_GATE_CAPS) | BIT(HTA_GATE_NEW));

	/* caps: 2 CAPs, 1 waived -> 1 > 0 */
	assert_int_equal(hta_gate_list_parse(&o, "caps", &err), 0);
	assert_int_equal(hta_gates_decide(&run, &o, &d, &v, &err), 0);
	assert_int_equal(v.failed, BIT(HTA_GATE_CAPS));

	/* score needs --min-score; the overall 70 is under 70.5 */
	assert_int_equal(hta_gate_list_parse(&o, "score", &err), 0);
	assert_int_equal(hta_gates_decide(&run, &o, &d, &v, &err), HTA_EINVAL);
	assert_non_null(strstr(err.msg, "--min-score"));
	o.min_score = 70;
	assert_int_equal(hta_gates_decide(&run, &o, &d, &v, &err), 0);
	assert_int_equal(v.failed, 0);
	o.min_score = 70.5;
	assert_int_equal(hta_gates_decide(&run, &o, &d, &v, &err), 0);
	assert_int_equal(v.failed, BIT(HTA_GATE_SCORE));

	/* a passing run with every gate listed passes */
	run.pass = true;
	run.gap_count = run.waived_gaps;
	run.cap_count = run.waived_caps;
	d.n_new = 0;
	o.min_score = 0;
	assert_int_equal(hta_gate_list_parse(&o, "domains,new,gaps,caps,score", &err), 0);
	assert_int_equal(hta_gates_decide(&run, &o, &d, &v, &err), 0);
	assert_int_equal(v.failed, 0);
	assert_int_equal(v.active, BIT(HTA_GATE_COUNT) - 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_default_set),
		cmocka_unit_test(test_decide),
	};
	return cmocka_run_group_tests_name("gate", tests, NULL, NULL);
}
