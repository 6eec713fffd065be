/*
 * test_score.c — the scoring core (contract section 4) on hand-computed
 * cases. Units (see hta/score.h): a level is in 1e-4 point
 * (HTA_LEVEL_UNIT = 10000 per point), a score in 1e-6 point
 * (HTA_SCORE_UNIT = 1000000 per point):
 *   level    = w * p_h + (100 - w) * own * 100
 *   e1/i1    = level[implemented] * 100
 *   r2       = sum of weight[l] * level[l]   (weights 15/20/40/10/15)
 * Every expected value below is worked out in its comment.
 */
#include "testutil.h"

#include "hta/score.h"

#define PT HTA_SCORE_UNIT  /* one point of score */
#define LV HTA_LEVEL_UNIT  /* one point of a level */

static struct hta_settings set;

static int setup(void **state)
{
	(void)state;
	hta_settings_default(&set);
	return 0;
}

static struct hta_score_params params(enum hta_tier tier, bool mm)
{
	struct hta_score_params p = { tier, mm, &set };
	return p;
}

/* A statement with a manifest claiming the five levels as given. */
static struct hta_req_in req(int domain, int p, int pr, int i, int m, int g)
{
	struct hta_req_in in;
	memset(&in, 0, sizeof(in));
	in.domain = domain;
	in.pool = HTA_POOL_DOMAIN;
	in.has_manifest = true;
	in.own[HTA_POLICY] = p;
	in.own[HTA_PROCEDURE] = pr;
	in.own[HTA_IMPLEMENTED] = i;
	in.own[HTA_MEASURED] = m;
	in.own[HTA_MANAGED] = g;
	in.effort = 1;
	return in;
}

static struct hta_req_in inherit(struct hta_req_in in, int weight, int provider_h)
{
	in.weight = weight;
	in.provider_h = provider_h;
	return in;
}

static struct hta_req_out score1(enum hta_tier tier, bool mm, struct hta_req_in in)
{
	struct hta_score_params p = params(tier, mm);
	struct hta_req_out out;
	memset(&out, 0xa5, sizeof(out)); /* everything must be written */
	hta_score_req(&p, &in, &out);
	return out;
}

static const unsigned PPI = (1u << HTA_POLICY) | (1u << HTA_PROCEDURE) | (1u << HTA_IMPLEMENTED);
static const unsigned ALL5 = (1u << HTA_LEVEL_COUNT) - 1;

static void test_scored_levels(void **state)
{
	(void)state;
	assert_int_equal(hta_scored_levels(HTA_TIER_E1, false), 1u << HTA_IMPLEMENTED);
	assert_int_equal(hta_scored_levels(HTA_TIER_I1, true), 1u << HTA_IMPLEMENTED);
	assert_int_equal(hta_scored_levels(HTA_TIER_R2, false), PPI);
	assert_int_equal(hta_scored_levels(HTA_TIER_R2, true), ALL5);
}

static void test_e1_implemented_only(void **state)
{
	(void)state;
	/* Implemented 75: level 75 * 100 * 100 = 750000 (75.0000);
	 * score 750000 * 100 = 75,000,000 (75 points). The other levels,
	 * even at 100, are not scored. 75 < 100: a gap; 75 >= 71: no CAP. */
	struct hta_req_out o = score1(HTA_TIER_E1, false, req(11, 100, 100, 75, 100, 100));
	assert_int_equal(o.status, HTA_ST_SCORED);
	assert_int_equal(o.scored, 1u << HTA_IMPLEMENTED);
	assert_i64_equal(o.level[HTA_IMPLEMENTED], 750000);
	assert_i64_equal(o.level[HTA_POLICY], 0);
	assert_i64_equal(o.score, 75 * PT);
	assert_i64_equal(o.ceiling, 100 * PT);
	assert_true(o.gap);
	assert_false(o.cap);
	assert_false(o.blocker);
	assert_int_equal(o.rank, 0);
	/* Implemented 50: 50 points < 71 and implemented < 100: a CAP. */
	o = score1(HTA_TIER_I1, false, req(11, 0, 0, 50, 0, 0));
	assert_i64_equal(o.score, 50 * PT);
	assert_true(o.gap);
	assert_true(o.cap);
	/* Implemented 100: no gap, whatever the other levels. */
	o = score1(HTA_TIER_E1, false, req(11, 0, 0, 100, 0, 0));
	assert_i64_equal(o.score, 100 * PT);
	assert_false(o.gap);
	assert_false(o.cap);
}

static void test_r2_weights(void **state)
{
	(void)state;
	/* r2 without measured_managed: P 100, Pr 75, I 50.
	 * levels 1,000,000 / 750,000 / 500,000;
	 * score 15*1e6 + 20*750000 + 40*500000 = 15e6 + 15e6 + 20e6 = 50e6;
	 * ceiling (15+20+40) * 1e6 = 75e6. Measured/managed are not scored. */
	struct hta_req_out o = score1(HTA_TIER_R2, false, req(1, 100, 75, 50, 100, 100));
	assert_int_equal(o.scored, PPI);
	assert_i64_equal(o.level[HTA_POLICY], 100 * LV);
	assert_i64_equal(o.level[HTA_PROCEDURE], 75 * LV);
	assert_i64_equal(o.level[HTA_IMPLEMENTED], 50 * LV);
	assert_i64_equal(o.level[HTA_MEASURED], 0);
	assert_i64_equal(o.level[HTA_MANAGED], 0);
	assert_i64_equal(o.score, 50 * PT);
	assert_i64_equal(o.ceiling, 75 * PT);
	assert_true(o.gap);
	assert_true(o.cap); /* 50 < 71 and implemented 50 < 100 */

	/* Everything at 100 without measured_managed: 75 = the ceiling, no gap. */
	o = score1(HTA_TIER_R2, false, req(1, 100, 100, 100, 0, 0));
	assert_i64_equal(o.score, 75 * PT);
	assert_i64_equal(o.ceiling, 75 * PT);
	assert_false(o.gap);

	/* With measured_managed: P 100, Pr 100, I 100, M 75, Mg 100 -> Mg
	 * capped at M = 75: 15e6 + 20e6 + 40e6 + 10*750000 + 15*750000
	 * = 75e6 + 7.5e6 + 11.25e6 = 93.75e6; ceiling 100e6. A gap; no CAP
	 * (implemented is 100). */
	o = score1(HTA_TIER_R2, true, req(1, 100, 100, 100, 75, 100));
	assert_int_equal(o.scored, ALL5);
	assert_i64_equal(o.level[HTA_MANAGED], 75 * LV);
	assert_i64_equal(o.score, 93750000);
	assert_i64_equal(o.ceiling, 100 * PT);
	assert_true(o.gap);
	assert_false(o.cap);

	/* All five at 100: 100 points, no gap. */
	o = score1(HTA_TIER_R2, true, req(1, 100, 100, 100, 100, 100));
	assert_i64_equal(o.score, 100 * PT);
	assert_false(o.gap);

	/* Managed 25 under measured 50 stays 25: 15 + 20 + 40 + 5 + 3.75 = 83.75. */
	o = score1(HTA_TIER_R2, true, req(1, 100, 100, 100, 50, 25));
	assert_i64_equal(o.level[HTA_MANAGED], 25 * LV);
	assert_i64_equal(o.score, 83750000);
}

static void test_inheritance(void **state)
{
	(void)state;
	/* e1, own implemented 50, 60% inherited from a provider at 87.5
	 * (8750 hundredths): 60 * 8750 + 40 * 50 * 100 = 525000 + 200000 =
	 * 725000 (72.5); score 72.5 points. 72.5 >= 71: no CAP. */
	struct hta_req_out o = score1(HTA_TIER_E1, false, inherit(req(11, 0, 0, 50, 0, 0), 60, 8750));
	assert_i64_equal(o.level[HTA_IMPLEMENTED], 725000);
	assert_i64_equal(o.score, 72500000);
	assert_true(o.gap);
	assert_false(o.cap);

	/* Own 100, 50% inherited from a provider at 90: 50 * 9000 +
	 * 50 * 10000 = 950000 -> 95: the inherited share alone makes a gap. */
	o = score1(HTA_TIER_E1, false, inherit(req(11, 0, 0, 100, 0, 0), 50, 9000));
	assert_i64_equal(o.score, 95 * PT);
	assert_true(o.gap);
	assert_false(o.cap);

	/* r2 without measured_managed, 50% from a provider at 33.33 (3333),
	 * own P 100, Pr 0, I 75:
	 *   P  = 50*3333 + 50*100*100 = 166650 + 500000 = 666650
	 *   Pr = 166650 + 0                              = 166650
	 *   I  = 166650 + 50*75*100   = 166650 + 375000 = 541650
	 *   score = 15*666650 + 20*166650 + 40*541650
	 *         = 9999750 + 3333000 + 21666000 = 34998750 (34.99875 points).
	 * The ceiling holds: still 75. */
	o = score1(HTA_TIER_R2, false, inherit(req(1, 100, 0, 75, 0, 0), 50, 3333));
	assert_i64_equal(o.level[HTA_POLICY], 666650);
	assert_i64_equal(o.level[HTA_PROCEDURE], 166650);
	assert_i64_equal(o.level[HTA_IMPLEMENTED], 541650);
	assert_i64_equal(o.score, 34998750);
	assert_i64_equal(o.ceiling, 75 * PT);
	assert_true(o.cap);

	/* r2 with measured_managed, 20% from a provider at 100, own all 0
	 * except measured 50, managed 100 (capped to 50):
	 *   P = Pr = I = 20*10000 = 200000;  M = Mg = 200000 + 80*50*100 = 600000
	 *   score = (15+20+40)*200000 + (10+15)*600000 = 15e6 + 15e6 = 30e6. */
	o = score1(HTA_TIER_R2, true, inherit(req(1, 0, 0, 0, 50, 100), 20, 10000));
	assert_i64_equal(o.level[HTA_MEASURED], 600000);
	assert_i64_equal(o.level[HTA_MANAGED], 600000);
	assert_i64_equal(o.score, 30 * PT);

	/* 100% inherited from a provider at 100: every scored level 100. */
	o = score1(HTA_TIER_R2, false, inherit(req(1, 0, 0, 0, 0, 0), 100, 10000));
	assert_i64_equal(o.score, 75 * PT);
	assert_false(o.gap);

	/* Out-of-range inputs are clamped, never overflow: weight 150 -> 100,
	 * provider 20000 -> 10000, own 300 -> 100. */
	o = score1(HTA_TIER_E1, false, inherit(req(1, 0, 0, 300, 0, 0), 150, 20000));
	assert_i64_equal(o.score, 100 * PT);
	o = score1(HTA_TIER_E1, false, inherit(req(1, 0, 0, -5, 0, 0), -10, -1));
	assert_i64_equal(o.score, 0);
}

static void test_na_and_no_evidence(void **state)
{
	(void)state;
	/* Not applicable: not scored, no gap. */
	struct hta_req_in in = req(1, 0, 0, 0, 0, 0);
	in.na = true;
	struct hta_req_out o = score1(HTA_TIER_R2, false, in);
	assert_int_equal(o.status, HTA_ST_NA);
	assert_int_equal(o.scored, 0);
	assert_i64_equal(o.score, 0);
	assert_false(o.gap);
	assert_false(o.cap);
	/* never_na: the N/A claim is ignored and the statement scored. */
	in.never_na = true;
	in.own[HTA_IMPLEMENTED] = 50;
	o = score1(HTA_TIER_E1, false, in);
	assert_int_equal(o.status, HTA_ST_SCORED);
	assert_i64_equal(o.score, 50 * PT);
	assert_true(o.cap);

	/* No manifest: 0, no_evidence, whatever the inputs say (no own
	 * results, no inherited share). A gap and a CAP. */
	in = inherit(req(1, 100, 100, 100, 100, 100), 50, 10000);
	in.has_manifest = false;
	o = score1(HTA_TIER_R2, true, in);
	assert_int_equal(o.status, HTA_ST_NO_EVIDENCE);
	assert_int_equal(o.scored, ALL5);
	assert_i64_equal(o.score, 0);
	assert_i64_equal(o.level[HTA_IMPLEMENTED], 0);
	assert_true(o.gap);
	assert_true(o.cap);

	/* A manifest claiming nothing scores 0 but is "scored". */
	o = score1(HTA_TIER_E1, false, req(1, 0, 0, 0, 0, 0));
	assert_int_equal(o.status, HTA_ST_SCORED);
	assert_i64_equal(o.score, 0);
}

static void test_cap_rule(void **state)
{
	(void)state;
	/* Score exactly cap_below (71): e1, 100% inherited from a provider at
	 * 71.00: level 100*7100 = 710000, score 71e6. 71 < 71 is false: no CAP. */
	struct hta_req_out o = score1(HTA_TIER_E1, false, inherit(req(1, 0, 0, 0, 0, 0), 100, 7100));
	assert_i64_equal(o.score, 71 * PT);
	assert_true(o.gap);
	assert_false(o.cap);
	/* 70.99: one hundredth below: a CAP. */
	o = score1(HTA_TIER_E1, false, inherit(req(1, 0, 0, 0, 0, 0), 100, 7099));
	assert_i64_equal(o.score, 70990000);
	assert_true(o.cap);

	/* r2: implemented 100 but policy and procedure 0: 40 points, far under
	 * 71, yet no CAP (a gap at policy/procedure alone). */
	o = score1(HTA_TIER_R2, false, req(1, 0, 0, 100, 0, 0));
	assert_i64_equal(o.score, 40 * PT);
	assert_true(o.gap);
	assert_false(o.cap);
	/* Implemented 100 only after blending (own 100, provider 100): no CAP. */
	o = score1(HTA_TIER_R2, false, inherit(req(1, 0, 0, 100, 0, 0), 50, 10000));
	assert_i64_equal(o.level[HTA_IMPLEMENTED], 100 * LV);
	assert_false(o.cap);
	/* Own implemented 100 but 50% from a provider at 99.99: blended
	 * implemented 50*9999 + 500000 = 999950, just under 100. With own P
	 * and Pr 0 they blend to 50*9999 = 499950, and the score is
	 * 15*499950 + 20*499950 + 40*999950 = 7499250 + 9999000 + 39998000
	 * = 57496250 < 71e6: a CAP, decided on the blended level. */
	o = score1(HTA_TIER_R2, false, inherit(req(1, 0, 0, 100, 0, 0), 50, 9999));
	assert_i64_equal(o.level[HTA_IMPLEMENTED], 999950);
	assert_i64_equal(o.level[HTA_POLICY], 499950);
	assert_i64_equal(o.score, 57496250);
	assert_true(o.cap);

	/* A catalog setting moves the trigger: cap_below 101 makes every gap
	 * with implemented < 100 a CAP; 0 makes none. */
	struct hta_settings s2 = set;
	struct hta_score_params p2 = { HTA_TIER_E1, false, &s2 };
	struct hta_req_in in = req(1, 0, 0, 75, 0, 0);
	s2.cap_below = 101;
	hta_score_req(&p2, &in, &o);
	assert_true(o.cap);
	s2.cap_below = 0;
	in.own[HTA_IMPLEMENTED] = 0;
	hta_score_req(&p2, &in, &o);
	assert_true(o.gap);
	assert_false(o.cap);
}

/* ---- pools and verdicts ---- */

static void test_domain_average_and_verdict(void **state)
{
	(void)state;
	struct hta_score_params p = params(HTA_TIER_E1, false);
	struct hta_req_in in[8];
	struct hta_req_out out[8];
	struct hta_score_result res;
	/* Domain 11: 100 and 66 -> mean exactly 83: passes (>=).
	 * Domain 12: 100 and 65 -> 82.5: fails.
	 * Domain 01: 100, N/A 0 -> 100 (the N/A is left out of the mean).
	 * Domain 02: only an N/A: not scored, no verdict.
	 * Statement 7 is out of scope: ignored. */
	in[0] = req(11, 0, 0, 100, 0, 0);
	in[1] = req(11, 0, 0, 0, 0, 0);
	in[1] = inherit(in[1], 100, 6600);
	in[2] = req(12, 0, 0, 100, 0, 0);
	in[3] = inherit(req(12, 0, 0, 0, 0, 0), 100, 6500);
	in[4] = req(1, 0, 0, 100, 0, 0);
	in[5] = req(1, 0, 0, 0, 0, 0);
	in[5].na = true;
	in[6] = req(2, 0, 0, 0, 0, 0);
	in[6].na = true;
	in[7] = req(3, 0, 0, 0, 0, 0);
	in[7].pool = HTA_POOL_OUT;
	memset(&out[7], 0x5a, sizeof(out[7]));
	hta_score_all(&p, in, out, 8, &res);
	const struct hta_pool_out *d11 = &res.domain[11], *d12 = &res.domain[12];
	assert_i64_equal(d11->sum, 166 * PT);
	assert_int_equal(d11->count, 2);
	assert_int_equal(d11->total, 2);
	assert_int_equal(d11->threshold, 83);
	assert_true(d11->scored);
	assert_true(d11->passed);
	assert_i64_equal(d12->sum, 165 * PT);
	assert_false(d12->passed);
	assert_true(res.domain[1].passed);
	assert_int_equal(res.domain[1].count, 1);
	assert_int_equal(res.domain[1].total, 2);
	assert_false(res.domain[2].scored);
	assert_false(res.domain[2].passed);
	assert_int_equal(res.domain[2].total, 1);
	assert_int_equal(res.domain[2].count, 0);
	assert_false(res.domain[3].scored);
	assert_int_equal(res.domain[3].total, 0);
	assert_false(res.pass); /* domain 12 */
	/* The out-of-scope statement's output is cleared. */
	assert_false(out[7].gap);
	assert_i64_equal(out[7].score, 0);
	/* Gaps: in[1] (66, CAP), in[3] (65, CAP); blockers only in failing 12. */
	assert_int_equal(res.gaps, 2);
	assert_int_equal(res.caps, 2);
	assert_true(out[1].gap && out[1].cap);
	assert_false(out[1].blocker);
	assert_true(out[3].gap && out[3].blocker);
	assert_false(out[5].gap); /* N/A */
	assert_false(out[6].gap);
	/* Display means only. */
	assert_true(hta_pool_mean(d11) == 83.0);
	assert_true(hta_pool_mean(d12) == 82.5);
	assert_true(hta_pool_mean(&res.domain[2]) == 0.0);

	/* Lift 12 to exactly 83: 65 -> 66. Now everything passes. */
	in[3] = inherit(req(12, 0, 0, 0, 0, 0), 100, 6600);
	hta_score_all(&p, in, out, 8, &res);
	assert_true(res.domain[12].passed);
	assert_true(res.pass);
	assert_false(out[3].blocker);
	assert_int_equal(res.gaps, 2);
}

/*
 * Exactness at the threshold, with values a double would round. Three
 * e1 statements in domain 05:
 *   a: own 100, 50% from a provider at 33.33 -> 50*3333 + 500000 = 666650
 *      (66.665 points, not a binary fraction)
 *   b: own 100 -> 100
 *   c: own 100, 50% from a provider at 64.67 -> 50*6467 + 500000 = 823350
 *      (82.335)
 * sum = 66.665 + 100 + 82.335 = 249 = 83 * 3 exactly: passes. With c's
 * provider at 64.66 (82.330), the mean is 82.99833...: fails.
 */
static void test_threshold_exact_with_decimals(void **state)
{
	(void)state;
	struct hta_score_params p = params(HTA_TIER_E1, false);
	struct hta_req_in in[3] = {
		inherit(req(5, 0, 0, 100, 0, 0), 50, 3333),
		req(5, 0, 0, 100, 0, 0),
		inherit(req(5, 0, 0, 100, 0, 0), 50, 6467),
	};
	struct hta_req_out out[3];
	struct hta_score_result res;
	hta_score_all(&p, in, out, 3, &res);
	assert_i64_equal(out[0].score, 66665000);
	assert_i64_equal(out[2].score, 82335000);
	assert_i64_equal(res.domain[5].sum, 249 * PT);
	assert_true(res.domain[5].passed);
	assert_true(res.pass);
	in[2].provider_h = 6466;
	hta_score_all(&p, in, out, 3, &res);
	assert_i64_equal(res.domain[5].sum, 249 * PT - 5000);
	assert_false(res.domain[5].passed);
	assert_false(res.pass);
	/* Every gap in the failing domain blocks. */
	assert_true(out[0].blocker);
	assert_true(out[2].blocker);
	assert_false(out[1].gap);
}

/*
 * One score unit (1e-6 point) below the threshold fails. With the default
 * weights every score is a multiple of 5 units, so this case uses a
 * catalog whose weights are policy 1, implemented 98, measured 1 (sum
 * 100). An r2 run without measured_managed scores P, Pr, I:
 *   level_l = w*q + (100-w)*100*own_l, and with w = 3:
 *   score   = 1*P + 98*I = 99*3*q + 9700*(own_P + 98*own_I)
 *           = 297*q + 9700*K
 * and gcd(297, 9700) = 1, so every unit is reachable:
 *   q = 93.00 (9300), own P 31, own I 62:
 *     P = 27900 + 300700 = 328600; I = 27900 + 601400 = 629300;
 *     score = 328600 + 98*629300 = 62,000,000        -> exactly 62: pass
 *   q = 76.67 (7667), own P 81, own I 62:
 *     P = 23001 + 785700 = 808701; I = 23001 + 601400 = 624401;
 *     score = 808701 + 98*624401 = 61,999,999        -> 1e-6 under: fail
 */
static void test_threshold_one_unit(void **state)
{
	(void)state;
	struct hta_settings s = set;
	const int w[HTA_LEVEL_COUNT] = { 1, 0, 98, 1, 0 };
	memcpy(s.weight, w, sizeof(w));
	struct hta_score_params p = { HTA_TIER_R2, false, &s };
	struct hta_req_in in = inherit(req(7, 31, 0, 62, 0, 0), 3, 9300);
	struct hta_req_out out;
	struct hta_score_result res;
	hta_score_all(&p, &in, &out, 1, &res);
	assert_i64_equal(out.level[HTA_POLICY], 328600);
	assert_i64_equal(out.level[HTA_IMPLEMENTED], 629300);
	assert_i64_equal(out.score, 62 * PT);
	assert_i64_equal(out.ceiling, 99 * PT);
	assert_int_equal(res.domain[7].threshold, 62);
	assert_true(res.domain[7].passed);
	assert_true(res.pass);

	in = inherit(req(7, 81, 0, 62, 0, 0), 3, 7667);
	hta_score_all(&p, &in, &out, 1, &res);
	assert_i64_equal(out.score, 62 * PT - 1);
	assert_false(res.domain[7].passed);
	assert_false(res.pass);
	assert_true(out.blocker);

	/* The same unit in a pool of two: sums 124e6 vs 124e6 - 1. */
	struct hta_req_in two[2] = { inherit(req(7, 31, 0, 62, 0, 0), 3, 9300),
				     inherit(req(7, 31, 0, 62, 0, 0), 3, 9300) };
	struct hta_req_out o2[2];
	hta_score_all(&p, two, o2, 2, &res);
	assert_true(res.domain[7].passed);
	two[1] = inherit(req(7, 81, 0, 62, 0, 0), 3, 7667);
	hta_score_all(&p, two, o2, 2, &res);
	assert_i64_equal(res.domain[7].sum, 124 * PT - 1);
	assert_false(res.domain[7].passed);
}

static void test_apart_pools(void **state)
{
	(void)state;
	struct hta_score_params p = params(HTA_TIER_I1, false);
	struct hta_req_in in[6];
	struct hta_req_out out[6];
	struct hta_score_result res;
	/* Domain 11 passes at 100. The compliance statement (0) and an AI
	 * Risk statement (0) get no verdict and never fail the run; AI
	 * Security (100 and 50 -> 75 < 83) fails it. */
	in[0] = req(11, 0, 0, 100, 0, 0);
	in[1] = req(11, 0, 0, 0, 0, 0);
	in[1].pool = HTA_POOL_COMPLIANCE;
	in[2] = req(17, 0, 0, 0, 0, 0);
	in[2].pool = HTA_POOL_AI_RISK;
	in[3] = req(10, 0, 0, 100, 0, 0);
	in[3].pool = HTA_POOL_AI_SECURITY;
	in[4] = req(10, 0, 0, 50, 0, 0);
	in[4].pool = HTA_POOL_AI_SECURITY;
	in[5] = req(11, 0, 0, 100, 0, 0);
	hta_score_all(&p, in, out, 6, &res);
	/* Apart pools do not count in their domains. */
	assert_int_equal(res.domain[11].count, 2);
	assert_i64_equal(res.domain[11].sum, 200 * PT);
	assert_false(res.domain[17].scored);
	assert_false(res.domain[10].scored);
	assert_true(res.compliance.scored);
	assert_int_equal(res.compliance.threshold, 0);
	assert_false(res.compliance.passed);
	assert_true(res.ai_risk.scored);
	assert_int_equal(res.ai_risk.threshold, 0);
	assert_true(res.ai_security.scored);
	assert_int_equal(res.ai_security.threshold, 83);
	assert_i64_equal(res.ai_security.sum, 150 * PT);
	assert_false(res.ai_security.passed);
	assert_false(res.pass);
	/* Blockers: only the failing AI Security pool's gap. */
	assert_true(out[4].gap && out[4].blocker);
	assert_true(out[1].gap && !out[1].blocker);
	assert_true(out[2].gap && !out[2].blocker);
	assert_int_equal(res.gaps, 3);
	assert_int_equal(res.caps, 3); /* 0, 0 and 50: all under 71 */

	/* Lift AI Security to 83 exactly: (100 + 66) / 2. The run passes
	 * although compliance and AI Risk sit at 0. */
	in[4] = inherit(req(10, 0, 0, 0, 0, 0), 100, 6600);
	in[4].pool = HTA_POOL_AI_SECURITY;
	hta_score_all(&p, in, out, 6, &res);
	assert_true(res.ai_security.passed);
	assert_true(res.pass);
	assert_false(out[4].blocker);

	/* r2 threshold applies to AI Security in an r2 run. */
	struct hta_score_params p2 = params(HTA_TIER_R2, false);
	hta_score_all(&p2, in, out, 6, &res);
	assert_int_equal(res.ai_security.threshold, 62);
	assert_int_equal(res.domain[11].threshold, 62);
}

static void test_waived_counts(void **state)
{
	(void)state;
	struct hta_score_params p = params(HTA_TIER_E1, false);
	struct hta_req_in in[4] = { req(1, 0, 0, 50, 0, 0), req(1, 0, 0, 75, 0, 0),
				    req(1, 0, 0, 100, 0, 0), req(1, 0, 0, 0, 0, 0) };
	struct hta_req_out out[4];
	struct hta_score_result res;
	in[0].waived = true; /* a CAP, waived */
	in[1].waived = true; /* a gap without CAP, waived */
	in[2].waived = true; /* no gap: a waiver changes nothing */
	hta_score_all(&p, in, out, 4, &res);
	assert_int_equal(res.gaps, 3);
	assert_int_equal(res.caps, 2);
	assert_int_equal(res.waived_gaps, 2);
	assert_int_equal(res.waived_caps, 1);
	/* Waivers change gates, not scores. */
	assert_i64_equal(res.domain[1].sum, 225 * PT);
	assert_false(res.domain[1].passed);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scored_levels),
		cmocka_unit_test(test_e1_implemented_only),
		cmocka_unit_test(test_r2_weights),
		cmocka_unit_test(test_inheritance),
		cmocka_unit_test(test_na_and_no_evidence),
		cmocka_unit_test(test_cap_rule),
		cmocka_unit_test(test_domain_average_and_verdict),
		cmocka_unit_test(test_threshold_exact_with_decimals),
		cmocka_unit_test(test_threshold_one_unit),
		cmocka_unit_test(test_apart_pools),
		cmocka_unit_test(test_waived_counts),
	};
	return cmocka_run_group_tests_name("score", tests, setup, NULL);
}
