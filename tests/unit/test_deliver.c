/*
 * test_deliver.c — the readiness deliverable's pure parts, against hand
 * computation: inheritance opportunities (inherit.h, the contract's rule
 * 4.5 arithmetic), the planner taking inheritance where it is cheaper
 * (hta_knapsack2), and the timeline (timeline.h): workstreams, the 90-day
 * window, capacity 1 against 2, the day a pool passes.
 */
#include "testutil.h"

#include "hta/inherit.h"
#include "hta/plan.h"
#include "hta/timeline.h"

#define PT HTA_SCORE_UNIT

static struct hta_settings set;

static int setup(void **state)
{
	(void)state;
	hta_settings_default(&set);
	return 0;
}

/* ---- inheritance ---- */

static void test_inherit_points_i1(void **state)
{
	(void)state;
	struct hta_score_params p = { HTA_TIER_I1, false, &set };
	/* Implemented 50, not inheriting; the provider scores 100 and may
	 * carry 90%: 90*100*100 + 10*50*100 = 950000 -> 95.00, gain 45.00. */
	struct hta_req_in in[2] = { 0 };
	in[0].domain = 18;
	in[0].pool = HTA_POOL_DOMAIN;
	in[0].has_manifest = true;
	in[0].own[HTA_IMPLEMENTED] = 50;
	in[0].effort = 2;
	/* The second has no manifest: as if one claimed only the inheritance:
	 * 90*100*100 -> 90.00, gain 90.00. */
	in[1] = in[0];
	in[1].has_manifest = false;
	struct hta_req_out out[2];
	struct hta_score_result res;
	hta_score_all(&p, in, out, 2, &res);
	unsigned char resp[2] = { 2, 2 }, weight[2] = { 90, 90 };
	struct hta_inherit_src src = { 10000, resp, weight };
	struct hta_inherit_opt opt[2];
	hta_inherit_find(&p, in, out, 2, &src, 1, opt);
	assert_int_equal(opt[0].src, 0);
	assert_int_equal(opt[0].weight, 90);
	assert_int_equal(opt[0].gain, 45 * PT);
	assert_int_equal(opt[1].gain, 90 * PT);
	/* The domain: (50 + 0)/2 = 25 fails 83; +135 -> 185 >= 166: lifts. */
	assert_false(res.domain[18].passed);
	assert_true(hta_inherit_lifts(&res.domain[18], opt[0].gain + opt[1].gain));
	assert_false(hta_inherit_lifts(&res.domain[18], 115 * PT)); /* 165 < 166 */
	assert_true(hta_inherit_lifts(&res.domain[18], 116 * PT));  /* exactly 166 */
}

static void test_inherit_points_r2(void **state)
{
	(void)state;
	struct hta_score_params p = { HTA_TIER_R2, false, &set };
	/* Policy 100, procedure 100, implemented 0: 15 + 20 = 35 of 75.
	 * Inheriting 80% from a provider at 90.00 (9000 hundredths):
	 *   policy, procedure: 80*9000 + 20*100*100 = 920000 (92.00)
	 *   implemented:       80*9000              = 720000 (72.00)
	 *   score = 15*920000 + 20*920000 + 40*720000 = 61.000000 -> gain 26. */
	struct hta_req_in in = { 0 };
	in.domain = 8;
	in.pool = HTA_POOL_DOMAIN;
	in.has_manifest = true;
	in.own[HTA_POLICY] = in.own[HTA_PROCEDURE] = 100;
	in.effort = 3;
	struct hta_req_out out;
	struct hta_score_result res;
	hta_score_all(&p, &in, &out, 1, &res);
	assert_int_equal(out.score, 35 * PT);
	unsigned char resp[1] = { 1 }, w80[1] = { 80 }, w40[1] = { 40 };
	/* Two sources: the one recovering more wins (80% over 40%). */
	struct hta_inherit_src src[2] = { { 9000, resp, w40 }, { 9000, resp, w80 } };
	struct hta_inherit_opt opt;
	hta_inherit_find(&p, &in, &out, 1, src, 2, &opt);
	assert_int_equal(opt.src, 1);
	assert_int_equal(opt.gain, 26 * PT);
	/* Already inheriting: no opportunity. */
	in.weight = 10;
	in.provider_h = 9000;
	hta_score_all(&p, &in, &out, 1, &res);
	hta_inherit_find(&p, &in, &out, 1, src, 2, &opt);
	assert_int_equal(opt.src, -1);
	assert_int_equal(opt.gain, 0);
	/* Weight 0 everywhere (the customer's): none. */
	in.weight = 0;
	unsigned char w0[1] = { 0 };
	struct hta_inherit_src none = { 10000, resp, w0 };
	hta_inherit_find(&p, &in, &out, 1, &none, 1, &opt);
	assert_int_equal(opt.src, -1);
}

/* ---- the planner with inheritance ---- */

static void test_knapsack_inherit(void **state)
{
	(void)state;
	unsigned char ch[3];
	/* Need 66: item 0 closes 100 at effort 2, or inherits 90 at effort 1:
	 * inheriting is enough and cheaper. */
	const int64_t g[] = { 100 }, g2[] = { 90 };
	const int e[] = { 2 }, e2[] = { 1 };
	assert_int_equal(hta_knapsack2(g, e, g2, e2, 1, 66, ch), 1);
	assert_int_equal(ch[0], 2);
	/* Need 95: only the full fix reaches it. */
	assert_int_equal(hta_knapsack2(g, e, g2, e2, 1, 95, ch), 2);
	assert_int_equal(ch[0], 1);
	/* Two items, need 120: inherit 0 (90, effort 1) + fix 1 (40, effort 3)
	 * = 130 at 4, against fix 0 + fix 1 = 140 at 5. */
	const int64_t h[] = { 100, 40 }, h2[] = { 90, 0 };
	const int f[] = { 2, 3 }, f2[] = { 1, 1 };
	assert_int_equal(hta_knapsack2(h, f, h2, f2, 2, 120, ch), 4);
	assert_int_equal(ch[0], 2);
	assert_int_equal(ch[1], 1);
	/* Without alternatives it is the plain knapsack. */
	assert_int_equal(hta_knapsack2(h, f, NULL, NULL, 2, 120, ch), 5);
	assert_true(ch[0] == 1 && ch[1] == 1);
}

static void test_plan_marks_inherit(void **state)
{
	(void)state;
	struct hta_score_params p = { HTA_TIER_E1, false, &set };
	/* Domain 18: one statement at 0 (effort 2, inheritable), one at 100:
	 * 50 < 83, need 66 points. Inheriting 90 at effort 1 is the plan. */
	struct hta_req_in in[2] = { 0 };
	for (int i = 0; i < 2; i++) {
		in[i].domain = 18;
		in[i].pool = HTA_POOL_DOMAIN;
		in[i].has_manifest = true;
		in[i].effort = 2;
		in[i].inherit_effort = 1;
	}
	in[1].own[HTA_IMPLEMENTED] = 100;
	in[0].inherit_gain = 90 * PT;
	struct hta_req_out out[2];
	struct hta_score_result res;
	hta_score_all(&p, in, out, 2, &res);
	size_t order[2];
	assert_int_equal(hta_plan(&p, in, out, 2, &res, NULL, order), 1);
	assert_int_equal(out[0].rank_kind, HTA_RANK_PLAN);
	assert_true(out[0].fix_inherit);
	assert_int_equal(res.domain[18].plan_effort, 1);
	/* Not cheaper (inherit effort 2 = fix effort 2): a full fix. */
	in[0].inherit_effort = 2;
	hta_score_all(&p, in, out, 2, &res);
	assert_int_equal(hta_plan(&p, in, out, 2, &res, NULL, order), 1);
	assert_false(out[0].fix_inherit);
	assert_int_equal(res.domain[18].plan_effort, 2);
}

/* ---- the timeline ---- */

static int D(const char *s)
{
	int d;
	assert_int_equal(hta_date_parse(s, &d), 0);
	return d;
}

static void test_timeline_capacity(void **state)
{
	(void)state;
	int s = D("2026-11-01");
	/* A: 4 weeks + 90 days; B: 2 weeks + 60 days; C: 6 weeks + 90 days. */
	struct hta_tl_item it[3] = { { 4, 90 }, { 2, 60 }, { 6, 90 } };
	hta_timeline_schedule(it, 3, s, 1);
	/* One workstream: one after the other. */
	assert_int_equal(it[0].start, s);
	assert_int_equal(it[0].done, D("2026-11-29"));
	assert_int_equal(it[0].ready, D("2027-02-27")); /* 29 Nov + 90 days */
	assert_int_equal(it[1].start, D("2026-11-29"));
	assert_int_equal(it[1].done, D("2026-12-13"));
	assert_int_equal(it[1].ready, D("2027-02-11")); /* 13 Dec + 60 days */
	assert_int_equal(it[2].start, D("2026-12-13"));
	assert_int_equal(it[2].done, D("2027-01-24"));
	assert_int_equal(it[2].ready, D("2027-04-24"));
	assert_int_equal(it[2].stream, 1);
	/* Two: A and B start together; C takes B's stream when B is done. */
	hta_timeline_schedule(it, 3, s, 2);
	assert_int_equal(it[0].stream, 1);
	assert_int_equal(it[1].stream, 2);
	assert_int_equal(it[1].start, s);
	assert_int_equal(it[1].ready, D("2027-01-14")); /* 15 Nov + 60 */
	assert_int_equal(it[2].stream, 2);
	assert_int_equal(it[2].start, D("2026-11-15"));
	assert_int_equal(it[2].done, D("2026-12-27"));
	assert_int_equal(it[2].ready, D("2027-03-27"));
}

static void test_timeline_wait(void **state)
{
	(void)state;
	int s = D("2026-11-01");
	/* The middle item is in place but too recent (took effect 2026-09-01,
	 * 90 days: counts on 2026-11-30): no work, no workstream, and the
	 * item after it is not held up. */
	struct hta_tl_item it[3] = { { 4, 90, 0 }, { 6, 90, D("2026-11-30") }, { 2, 60, 0 } };
	hta_timeline_schedule(it, 3, s, 1);
	assert_int_equal(it[1].stream, 0);
	assert_int_equal(it[1].start, s);
	assert_int_equal(it[1].done, s);
	assert_int_equal(it[1].ready, D("2026-11-30"));
	assert_int_equal(it[2].stream, 1);
	assert_int_equal(it[2].start, D("2026-11-29")); /* right after the first */
	/* Already matured before the start: ready at the start. */
	struct hta_tl_item late = { 1, 0, D("2026-10-01") };
	hta_timeline_schedule(&late, 1, s, 2);
	assert_int_equal(late.ready, s);
}

static void test_timeline_pass_day(void **state)
{
	(void)state;
	int s = D("2026-11-01");
	const int ready[] = { D("2027-02-27"), D("2027-02-11"), D("2027-04-24") };
	const int64_t gain[] = { 60 * PT, 30 * PT, 50 * PT };
	/* Need 80: by ready day, B (30) then A (60) covers it on A's day. */
	assert_int_equal(hta_timeline_pass_day(ready, gain, 3, 80 * PT, s), D("2027-02-27"));
	/* Need 30: B alone, on its day. */
	assert_int_equal(hta_timeline_pass_day(ready, gain, 3, 30 * PT, s), D("2027-02-11"));
	/* Need 140: all three. 141: never. 0: at the start. */
	assert_int_equal(hta_timeline_pass_day(ready, gain, 3, 140 * PT, s), D("2027-04-24"));
	assert_int_equal(hta_timeline_pass_day(ready, gain, 3, 141 * PT, s), -1);
	assert_int_equal(hta_timeline_pass_day(ready, gain, 3, 0, s), s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_inherit_points_i1),
		cmocka_unit_test(test_inherit_points_r2),
		cmocka_unit_test(test_knapsack_inherit),
		cmocka_unit_test(test_plan_marks_inherit),
		cmocka_unit_test(test_timeline_capacity),
		cmocka_unit_test(test_timeline_wait),
		cmocka_unit_test(test_timeline_pass_day),
	};
	return cmocka_run_group_tests_name("deliver", tests, setup, NULL);
}
