/*
 * test_plan.c — the remediation plan: the exact knapsack (checked against
 * every subset of random small instances) and the ranking of gaps
 * (contract section 4, rule 10).
 */
#include "testutil.h"

#include "hta/plan.h"

#define PT HTA_SCORE_UNIT

/* ---- the knapsack ---- */

static void test_knapsack_basic(void **state)
{
	(void)state;
	/* Need 70 from gains 50/30/40 at efforts 3/1/2: {1,2} reaches 70 at
	 * effort 3; {0,1} reaches 80 but costs 4; {0} alone falls short. */
	const int64_t gain[] = { 50, 30, 40 };
	const int effort[] = { 3, 1, 2 };
	bool chosen[3];
	assert_int_equal(hta_knapsack(gain, effort, 3, 70, chosen), 3);
	assert_false(chosen[0]);
	assert_true(chosen[1]);
	assert_true(chosen[2]);
	/* Need 71: {0,2} (90, effort 5) vs {0,1} (80, effort 4): 4. */
	assert_int_equal(hta_knapsack(gain, effort, 3, 71, chosen), 4);
	assert_true(chosen[0] && chosen[1] && !chosen[2]);
	/* Need exactly everything. */
	assert_int_equal(hta_knapsack(gain, effort, 3, 120, chosen), 6);
	assert_true(chosen[0] && chosen[1] && chosen[2]);
}

static void test_knapsack_ties(void **state)
{
	(void)state;
	bool chosen[3];
	/* Equal effort: the larger gain wins ({1}: 70 over {0}: 60). */
	const int64_t g1[] = { 60, 70, 10 };
	const int e1[] = { 2, 2, 5 };
	assert_int_equal(hta_knapsack(g1, e1, 3, 60, chosen), 2);
	assert_true(!chosen[0] && chosen[1] && !chosen[2]);
	/* Equal effort and gain: the earlier item. */
	const int64_t g2[] = { 60, 60, 60 };
	const int e2[] = { 2, 2, 2 };
	assert_int_equal(hta_knapsack(g2, e2, 3, 50, chosen), 2);
	assert_true(chosen[0] && !chosen[1] && !chosen[2]);
	assert_int_equal(hta_knapsack(g2, e2, 3, 100, chosen), 4);
	assert_true(chosen[0] && chosen[1] && !chosen[2]);
}

static void test_knapsack_edges(void **state)
{
	(void)state;
	const int64_t gain[] = { 5, 7 };
	const int effort[] = { 1, 2 };
	bool chosen[2] = { true, true };
	/* Nothing needed: nothing chosen, no effort. */
	assert_int_equal(hta_knapsack(gain, effort, 2, 0, chosen), 0);
	assert_false(chosen[0] || chosen[1]);
	chosen[0] = chosen[1] = true;
	assert_int_equal(hta_knapsack(gain, effort, 2, -100, chosen), 0);
	assert_false(chosen[0] || chosen[1]);
	/* Infeasible: -1, with every item chosen (close them all). */
	assert_int_equal(hta_knapsack(gain, effort, 2, 13, chosen), -1);
	assert_true(chosen[0] && chosen[1]);
	/* Exactly feasible. */
	assert_int_equal(hta_knapsack(gain, effort, 2, 12, chosen), 3);
	assert_true(chosen[0] && chosen[1]);
	/* No items. */
	assert_int_equal(hta_knapsack(NULL, NULL, 0, 0, NULL), 0);
	assert_int_equal(hta_knapsack(NULL, NULL, 0, 1, NULL), -1);
	/* Score-sized gains (1e-6 points) do not overflow. */
	const int64_t big[] = { 100 * PT, 100 * PT, 75 * PT };
	const int be[] = { 5, 4, 1 };
	bool bc[3];
	assert_int_equal(hta_knapsack(big, be, 3, 150 * PT, bc), 5); /* {1, 2} */
	assert_true(!bc[0] && bc[1] && bc[2]);
}

/* A small deterministic generator (LCG), so a failure is reproducible. */
static uint32_t rng_state = 20261101u;

static uint32_t rnd(uint32_t n)
{
	rng_state = rng_state * 1664525u + 1013904223u;
	return (rng_state >> 8) % n;
}

/*
 * Random instances of up to 12 items against every subset: the least
 * effort that reaches the need, and at that effort the largest gain.
 */
static void test_knapsack_brute_force(void **state)
{
	(void)state;
	int64_t gain[12];
	int effort[12];
	bool chosen[12];
	int infeasible = 0, trivial = 0;
	for (int iter = 0; iter < 3000; iter++) {
		size_t n = 1 + rnd(12);
		int64_t total = 0;
		for (size_t i = 0; i < n; i++) {
			/* gains in score units, like real ones: multiples of
			 * 1e-4 point, sometimes odd units */
			gain[i] = (int64_t)(1 + rnd(100)) * (rnd(2) ? 10000 : 1) + rnd(3);
			effort[i] = 1 + (int)rnd(5);
			total += gain[i];
		}
		int64_t need = (int64_t)rnd((uint32_t)(total + total / 5 + 2)) - (int64_t)(total / 20);
		/* brute force */
		long best_effort = -1;
		int64_t best_gain = -1;
		for (uint32_t mask = 0; mask < (1u << n); mask++) {
			int64_t g = 0;
			long e = 0;
			for (size_t i = 0; i < n; i++)
				if (mask >> i & 1) {
					g += gain[i];
					e += effort[i];
				}
			if (g < need && need > 0)
				continue;
			if (need <= 0 && mask != 0)
				continue; /* nothing needed: the empty set */
			if (best_effort < 0 || e < best_effort || (e == best_effort && g > best_gain)) {
				best_effort = e;
				best_gain = g;
			}
		}
		long got = hta_knapsack(gain, effort, n, need, chosen);
		int64_t cg = 0;
		long ce = 0;
		size_t nc = 0;
		for (size_t i = 0; i < n; i++)
			if (chosen[i]) {
				cg += gain[i];
				ce += effort[i];
				nc++;
			}
		if (best_effort < 0) {
			infeasible++;
			if (got != -1 || nc != n)
				fail_msg("iter %d: infeasible need %lld: got %ld with %zu of %zu chosen",
					 iter, (long long)need, got, nc, n);
			continue;
		}
		trivial += need <= 0;
		if (got != best_effort)
			fail_msg("iter %d: n %zu need %lld: effort %ld, brute force %ld", iter, n,
				 (long long)need, got, best_effort);
		if (ce != got)
			fail_msg("iter %d: chosen items cost %ld, reported %ld", iter, ce, got);
		if (need > 0 && cg < need)
			fail_msg("iter %d: chosen gain %lld under need %lld", iter, (long long)cg,
				 (long long)need);
		if (cg != best_gain)
			fail_msg("iter %d: chosen gain %lld, best at that effort %lld", iter,
				 (long long)cg, (long long)best_gain);
	}
	/* The generator reaches every branch. */
	assert_true(infeasible > 50);
	assert_true(trivial > 50);
}

/* ---- ranking ---- */

static struct hta_settings set;

static int setup(void **state)
{
	(void)state;
	hta_settings_default(&set);
	return 0;
}

static struct hta_req_in st(int domain, int pool, int implemented, int effort)
{
	struct hta_req_in in;
	memset(&in, 0, sizeof(in));
	in.domain = domain;
	in.pool = (unsigned char)pool;
	in.has_manifest = true;
	in.own[HTA_IMPLEMENTED] = implemented;
	in.effort = effort;
	return in;
}

/* Run score + plan; returns the gap count. */
static long run(enum hta_tier tier, struct hta_req_in *in, struct hta_req_out *out, size_t n,
		struct hta_score_result *res, const char *const *ids, size_t *order)
{
	struct hta_score_params p = { tier, false, &set };
	hta_score_all(&p, in, out, n, res);
	return hta_plan(&p, in, out, n, res, ids, order);
}

static void assert_order(const char *const *ids, const size_t *order, size_t n, const char *expect)
{
	char got[256] = "";
	size_t len = 0;
	for (size_t k = 0; k < n; k++) {
		int w = snprintf(got + len, sizeof(got) - len, "%s%s", k ? " " : "", ids[order[k]]);
		assert_true(w > 0 && (size_t)w < sizeof(got) - len);
		len += (size_t)w;
	}
	assert_string_equal(got, expect);
}

/*
 * e1 (threshold 83). Domain 11 fails: a 0 (effort 5), b 50 (1), c 75
 * (1), d 100: sum 225 of 4, need 332 - 225 = 107. {a,b} gains 150 and
 * {a,c} 125, both at effort 6 (nothing cheaper reaches 107): the plan is
 * {a,b}, the larger gain. Domain 12 passes (100,100,100,50,75: 85): h
 * (50, CAP, effort 3), l (75, effort 3). Domain 13 passes
 * (100 x4, 25, 75: 83.33): k (25, CAP, effort 2), m (75, effort 1).
 * Ranks: plan items by gain per effort (b 50/1, a 100/5), then CAPs by
 * points lost (k 75, h 50), then the rest by gain per effort: c and m
 * tie at 25/1 (id order: "A.m" before "Z.c"), then l (25/3).
 */
static void test_rank_order(void **state)
{
	(void)state;
	enum { N = 17 };
	static const char *const ids[N] = { "a", "b", "Z.c", "d", "e", "f", "g", "h", "l",
					    "j1", "j2", "j3", "j4", "k", "A.m", "n1", "n2" };
	struct hta_req_in in[N] = {
		st(11, HTA_POOL_DOMAIN, 0, 5),   st(11, HTA_POOL_DOMAIN, 50, 1),
		st(11, HTA_POOL_DOMAIN, 75, 1),  st(11, HTA_POOL_DOMAIN, 100, 2),
		st(12, HTA_POOL_DOMAIN, 100, 1), st(12, HTA_POOL_DOMAIN, 100, 1),
		st(12, HTA_POOL_DOMAIN, 100, 1), st(12, HTA_POOL_DOMAIN, 50, 3),
		st(12, HTA_POOL_DOMAIN, 75, 3),  st(13, HTA_POOL_DOMAIN, 100, 1),
		st(13, HTA_POOL_DOMAIN, 100, 1), st(13, HTA_POOL_DOMAIN, 100, 1),
		st(13, HTA_POOL_DOMAIN, 100, 1), st(13, HTA_POOL_DOMAIN, 25, 2),
		st(13, HTA_POOL_DOMAIN, 75, 1),  st(14, HTA_POOL_OUT, 0, 1),
		st(14, HTA_POOL_DOMAIN, 100, 1),
	};
	struct hta_req_out out[N];
	struct hta_score_result res;
	size_t order[N];
	long g = run(HTA_TIER_E1, in, out, N, &res, ids, order);
	assert_int_equal(g, 7);
	assert_int_equal(res.gaps, 7);
	assert_false(res.domain[11].passed);
	assert_true(res.domain[12].passed);
	assert_true(res.domain[13].passed);
	assert_order(ids, order, 7, "b a k h A.m Z.c l");
	for (size_t k = 0; k < 7; k++)
		assert_int_equal(out[order[k]].rank, (int)k + 1);
	assert_int_equal(out[1].rank_kind, HTA_RANK_PLAN);
	assert_int_equal(out[0].rank_kind, HTA_RANK_PLAN);
	assert_int_equal(out[13].rank_kind, HTA_RANK_CAP);
	assert_int_equal(out[7].rank_kind, HTA_RANK_CAP);
	assert_int_equal(out[14].rank_kind, HTA_RANK_VALUE);
	assert_int_equal(out[2].rank_kind, HTA_RANK_VALUE);
	assert_int_equal(out[8].rank_kind, HTA_RANK_VALUE);
	/* Not gaps: no rank. */
	assert_int_equal(out[3].rank, 0);
	assert_int_equal(out[3].rank_kind, HTA_RANK_NONE);
	assert_int_equal(out[15].rank, 0);
	/* The plan of the failing domain. */
	assert_int_equal(res.domain[11].plan_effort, 6);
	assert_int_equal(res.domain[11].plan_items, 2);
	assert_int_equal(res.domain[12].plan_items, 0);
	/* Blockers: every gap of failing domain 11 (c too), none elsewhere. */
	assert_true(out[0].blocker && out[1].blocker && out[2].blocker);
	assert_false(out[7].blocker || out[8].blocker || out[13].blocker || out[14].blocker);

	/* Without ids, ties fall back to catalog order: c (2) before m (14). */
	g = run(HTA_TIER_E1, in, out, N, &res, NULL, order);
	assert_int_equal(g, 7);
	assert_order(ids, order, 7, "b a k h Z.c A.m l");
	/* `order` may be NULL. */
	assert_int_equal(run(HTA_TIER_E1, in, out, N, &res, ids, NULL), 7);
	assert_int_equal(out[14].rank, 5);
}

static void test_rank_ties(void **state)
{
	(void)state;
	/* Every domain passes. Domain 01: ten at 100, "q" 50 (effort 3) and
	 * "p" 50 (effort 1): 1100 / 12 = 91.67. Domain 02: four at 100, "y"
	 * and "x" at 75 (effort 1 each): 550 / 6 = 91.67. The CAPs p and q
	 * lose 50 each: id order, whatever their effort. x and y gain 25 per
	 * unit of effort each: id order again. */
	enum { N = 18 };
	const char *ids[N];
	struct hta_req_in in[N];
	char names[N][16];
	for (int i = 0; i < 10; i++) {
		in[i] = st(1, HTA_POOL_DOMAIN, 100, 1);
		snprintf(names[i], sizeof(names[i]), "o%d", i);
		ids[i] = names[i];
	}
	in[10] = st(1, HTA_POOL_DOMAIN, 50, 3);
	ids[10] = "q";
	in[11] = st(1, HTA_POOL_DOMAIN, 50, 1);
	ids[11] = "p";
	for (int i = 12; i < 16; i++) {
		in[i] = st(2, HTA_POOL_DOMAIN, 100, 1);
		snprintf(names[i], sizeof(names[i]), "t%d", i);
		ids[i] = names[i];
	}
	in[16] = st(2, HTA_POOL_DOMAIN, 75, 1);
	ids[16] = "y";
	in[17] = st(2, HTA_POOL_DOMAIN, 75, 1);
	ids[17] = "x";
	struct hta_req_out out[N];
	struct hta_score_result res;
	size_t order[N];
	assert_int_equal(run(HTA_TIER_I1, in, out, N, &res, ids, order), 4);
	assert_true(res.pass);
	assert_order(ids, order, 4, "p q x y");
	assert_false(out[10].blocker || out[11].blocker);
}

/* Plans never cover pools without a verdict; a failing AI Security pool is planned. */
static void test_plan_pools(void **state)
{
	(void)state;
	enum { N = 8 };
	static const char *const ids[N] = { "S1", "S2", "S3", "R1", "C1", "D1", "D2", "D3" };
	/* AI Security: 100, 0 (effort 4), 50 (effort 1): mean 50 < 83,
	 * need 249 - 150 = 99: S2 alone (100 at effort 4) beats S2+S3.
	 * AI Risk R1 at 0 and compliance C1 at 0: no verdict, no plan, no
	 * blocker. Domain 11: D1..D3 at 100: passes. */
	struct hta_req_in in[N] = {
		st(10, HTA_POOL_AI_SECURITY, 100, 1), st(10, HTA_POOL_AI_SECURITY, 0, 4),
		st(10, HTA_POOL_AI_SECURITY, 50, 1),  st(17, HTA_POOL_AI_RISK, 0, 1),
		st(11, HTA_POOL_COMPLIANCE, 0, 1),    st(11, HTA_POOL_DOMAIN, 100, 1),
		st(11, HTA_POOL_DOMAIN, 100, 1),      st(11, HTA_POOL_DOMAIN, 100, 1),
	};
	struct hta_req_out out[N];
	struct hta_score_result res;
	size_t order[N];
	assert_int_equal(run(HTA_TIER_E1, in, out, N, &res, ids, order), 4);
	assert_false(res.ai_security.passed);
	assert_false(res.pass);
	assert_int_equal(res.ai_security.plan_effort, 4);
	assert_int_equal(res.ai_security.plan_items, 1);
	assert_int_equal(out[1].rank_kind, HTA_RANK_PLAN);
	assert_true(out[1].blocker && out[2].blocker);
	assert_false(out[3].blocker || out[4].blocker);
	assert_int_equal(out[3].rank_kind, HTA_RANK_CAP);
	assert_int_equal(out[4].rank_kind, HTA_RANK_CAP);
	assert_int_equal(res.ai_risk.plan_items, 0);
	assert_int_equal(res.compliance.plan_items, 0);
	/* S2 (plan), then CAPs by points lost: C1, R1 (100 each, id order),
	 * then S3 (50). */
	assert_order(ids, order, 4, "S2 C1 R1 S3");

	/* With AI Security passing, nothing is planned. */
	in[1].own[HTA_IMPLEMENTED] = 100;
	assert_int_equal(run(HTA_TIER_E1, in, out, N, &res, ids, order), 3);
	assert_true(res.ai_security.passed);
	assert_true(res.pass);
	assert_int_equal(res.ai_security.plan_items, 0);
	assert_order(ids, order, 3, "C1 R1 S3");
}

static void test_plan_r2_and_infeasible(void **state)
{
	(void)state;
	/* r2 without measured_managed: ceiling 75, so closing a gap gains
	 * 75 - score. Domain 01: x at 0 (effort 2), y at 75 (no gap), z with
	 * P/Pr 100 and I 0 (35 points, gain 40, effort 1). Sum 110 of 3,
	 * need 186 - 110 = 76: x (75) falls short alone; x+z (115, effort 3)
	 * is the plan. */
	struct hta_req_in in[3] = { st(1, HTA_POOL_DOMAIN, 0, 2), st(1, HTA_POOL_DOMAIN, 100, 4),
				    st(1, HTA_POOL_DOMAIN, 0, 1) };
	in[1].own[HTA_POLICY] = in[1].own[HTA_PROCEDURE] = 100;
	in[2].own[HTA_POLICY] = in[2].own[HTA_PROCEDURE] = 100;
	struct hta_req_out out[3];
	struct hta_score_result res;
	size_t order[3];
	assert_int_equal(run(HTA_TIER_R2, in, out, 3, &res, NULL, order), 2);
	assert_int_equal(out[2].score, 35 * PT);
	assert_i64_equal(res.domain[1].sum, 110 * PT);
	assert_false(res.domain[1].passed);
	assert_int_equal(res.domain[1].plan_effort, 3);
	assert_int_equal(res.domain[1].plan_items, 2);
	/* Plan by gain per effort: z 40/1 before x 75/2. */
	assert_int_equal(order[0], 2);
	assert_int_equal(order[1], 0);

	/* A threshold over the ceiling cannot be reached: every gap is in the
	 * plan (the knapsack's -1), and its effort is their sum. */
	struct hta_settings s2 = set;
	s2.threshold[HTA_TIER_R2] = 90;
	struct hta_score_params p = { HTA_TIER_R2, false, &s2 };
	hta_score_all(&p, in, out, 3, &res);
	assert_int_equal(hta_plan(&p, in, out, 3, &res, NULL, order), 2);
	assert_int_equal(res.domain[1].plan_items, 2);
	assert_int_equal(res.domain[1].plan_effort, 3);
	assert_int_equal(out[0].rank_kind, HTA_RANK_PLAN);
	assert_int_equal(out[2].rank_kind, HTA_RANK_PLAN);
}

static void test_plan_out_of_memory(void **state)
{
	(void)state;
	struct hta_req_in in[2] = { st(1, HTA_POOL_DOMAIN, 0, 2), st(1, HTA_POOL_DOMAIN, 50, 1) };
	struct hta_req_out out[2];
	struct hta_score_result res;
	size_t order[2];
	struct hta_score_params p = { HTA_TIER_E1, false, &set };
	hta_score_all(&p, in, out, 2, &res);
	/* Every allocation the planner makes, failed in turn. */
	long needed = -1;
	for (long k = 0; k < 64; k++) {
		hta_alloc_fail_after(k);
		long rc = hta_plan(&p, in, out, 2, &res, NULL, order);
		hta_alloc_fail_after(-1);
		if (rc == HTA_ENOMEM)
			continue;
		assert_int_equal(rc, 2);
		needed = k;
		break;
	}
	assert_true(needed > 0); /* at least one allocation was failed first */
	/* And the knapsack alone. */
	const int64_t gain[] = { 5 };
	const int effort[] = { 1 };
	bool chosen[1];
	hta_alloc_fail_after(0);
	long rc = hta_knapsack(gain, effort, 1, 3, chosen);
	hta_alloc_fail_after(-1);
	assert_int_equal(rc, HTA_ENOMEM);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_knapsack_basic),
		cmocka_unit_test(test_knapsack_ties),
		cmocka_unit_test(test_knapsack_edges),
		cmocka_unit_test(test_knapsack_brute_force),
		cmocka_unit_test(test_rank_order),
		cmocka_unit_test(test_rank_ties),
		cmocka_unit_test(test_plan_pools),
		cmocka_unit_test(test_plan_r2_and_infeasible),
		cmocka_unit_test(test_plan_out_of_memory),
	};
	return cmocka_run_group_tests_name("plan", tests, setup, NULL);
}
