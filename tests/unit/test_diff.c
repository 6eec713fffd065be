/*
 * test_diff.c — the comparison of a run with a previous gap set
 * (hta_diff_compute): the waiver rule (a waived gap is never new), the
 * categories against a brute-force comparison on shuffled ids, and the
 * baseline file's round trip (render, load, the same gap set) and its
 * refusals.
 */
#include "testutil.h"

#include "hta/diff.h"

/* A run with `n` gaps named G<ids[k]>, waived where `waived[k]`. */
static void make_run(struct hta_run *run, const int *ids, const bool *waived, size_t n)
{
	memset(run, 0, sizeof(*run));
	run->id = 7;
	run->tier = HTA_TIER_I1;
	run->as_of = tu_days("2026-11-01");
	run->reqs = hta_arena_array(&run->arena, n ? n : 1, sizeof(*run->reqs));
	run->gap_order = hta_arena_array(&run->arena, n ? n : 1, sizeof(*run->gap_order));
	assert_non_null(run->reqs);
	for (size_t k = 0; k < n; k++) {
		char id[32];
		snprintf(id, sizeof(id), "G%d", ids[k]);
		run->reqs[k].id = hta_arena_strdup(&run->arena, id);
		run->reqs[k].title = "t";
		run->reqs[k].gap = true;
		run->reqs[k].waived = waived && waived[k];
		run->reqs[k].points_lost = ids[k] % 7;
		run->gap_order[k] = k;
	}
	run->n_reqs = run->n_gaps = n;
	for (int d = 1; d <= HTA_DOMAINS; d++)
		snprintf(run->domains[d].key, sizeof(run->domains[d].key), "%02d", d);
}

static void test_waived_never_new(void **state)
{
	(void)state;
	struct hta_run before, after;
	struct hta_gapset gs;
	struct hta_diff d;
	struct hta_err err = { 0 };
	make_run(&before, (const int[]){ 1 }, NULL, 1);
	/* G2 appears waived, G3 appears not waived; G1 persists waived now. */
	make_run(&after, (const int[]){ 1, 2, 3 }, (const bool[]){ true, true, false }, 3);
	assert_int_equal(hta_gapset_from_run(&gs, &before, &err), 0);
	assert_int_equal(hta_diff_compute(&d, &gs, &after, &err), 0);
	assert_int_equal(d.n_new, 1);
	assert_int_equal(d.n_waived, 1);
	assert_int_equal(d.n_persisting, 1);
	assert_int_equal(d.n_fixed, 0);
	assert_int_equal(d.items[0].kind, HTA_CH_PERSISTING);
	assert_int_equal(d.items[1].kind, HTA_CH_WAIVED);
	assert_string_equal(d.items[2].id, "G3");
	assert_int_equal(d.items[2].kind, HTA_CH_NEW);
	hta_diff_free(&d);
	hta_gapset_free(&gs);
	hta_run_free(&before);
	hta_run_free(&after);
}

/* Deterministic shuffle (xorshift) of 0..n-1 offsets. */
static unsigned long long rng = 88172645463325252ULL;
static unsigned long long next_rand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static void test_against_brute_force(void **state)
{
	(void)state;
	enum { N = 3000 };
	static int a[N], b[N];
	size_t na = 0, nb = 0;
	/* ids 0..N-1: in A when i % 3 != 0, in B when i % 2 == 0, shuffled */
	for (int i = 0; i < N; i++) {
		if (i % 3)
			a[na++] = i;
		if (i % 2 == 0)
			b[nb++] = i;
	}
	for (size_t k = nb - 1; k > 0; k--) {
		size_t j = next_rand() % (k + 1);
		int t = b[k];
		b[k] = b[j];
		b[j] = t;
	}
	struct hta_run ra, rb;
	struct hta_gapset gs;
	struct hta_diff d;
	struct hta_err err = { 0 };
	make_run(&ra, a, NULL, na);
	make_run(&rb, b, NULL, nb);
	assert_int_equal(hta_gapset_from_run(&gs, &ra, &err), 0);
	assert_int_equal(hta_diff_compute(&d, &gs, &rb, &err), 0);
	size_t want_new = 0, want_persist = 0, want_fixed = 0;
	for (int i = 0; i < N; i++) {
		bool in_a = i % 3, in_b = i % 2 == 0;
		want_new += in_b && !in_a;
		want_persist += in_a && in_b;
		want_fixed += in_a && !in_b;
	}
	assert_int_equal(d.n_new, want_new);
	assert_int_equal(d.n_persisting, want_persist);
	assert_int_equal(d.n_fixed, want_fixed);
	assert_int_equal(d.n_items, want_new + want_persist + want_fixed);
	/* each item in the right category, B's gaps first in B's order */
	for (size_t k = 0; k < d.n_items; k++) {
		int i = (int)strtol(d.items[k].id + 1, NULL, 10);
		bool in_a = i % 3, in_b = i % 2 == 0;
		if (k < nb) {
			assert_int_equal(i, b[k]);
			assert_int_equal(d.items[k].kind, in_a ? HTA_CH_PERSISTING : HTA_CH_NEW);
		} else {
			assert_true(in_a && !in_b);
			assert_int_equal(d.items[k].kind, HTA_CH_FIXED);
		}
	}
	hta_diff_free(&d);
	hta_gapset_free(&gs);
	hta_run_free(&ra);
	hta_run_free(&rb);
}

static void test_baseline_round_trip(void **state)
{
	(void)state;
	char dir[TU_PATH_MAX], path[TU_PATH_MAX];
	struct hta_run run;
	struct hta_buf b = HTA_BUF_INIT;
	struct hta_err err = { 0 };
	make_run(&run, (const int[]){ 5, 3, 9 }, (const bool[]){ false, true, false }, 3);
	run.evidence_root = "/ev";
	run.domains[11].scored = true;
	run.domains[11].score = 71.25;
	assert_int_equal(hta_baseline_render(&run, &b, &err), 0);
	tu_tmpdir(dir);
	tu_write_n(dir, "base.json", b.s, b.len);
	tu_join(path, dir, "base.json");
	struct hta_gapset gs;
	assert_int_equal(hta_baseline_load(&gs, path, &err), 0);
	assert_int_equal(gs.run_id, 7);
	assert_int_equal(gs.tier, HTA_TIER_I1);
	assert_int_equal(gs.as_of, run.as_of);
	assert_string_equal(gs.evidence_root, "/ev");
	assert_int_equal(gs.n_gaps, 3);
	for (size_t k = 0; k < 3; k++) {
		assert_string_equal(gs.gaps[k].id, run.reqs[k].id);
		assert_int_equal(gs.gaps[k].waived, run.reqs[k].waived);
		assert_true(gs.gaps[k].points_lost == run.reqs[k].points_lost);
	}
	assert_true(gs.domain_scored[11] && gs.domain[11] == 71.25);
	assert_false(gs.domain_scored[1]);
	/* compared with itself: nothing new, everything persists */
	struct hta_diff d;
	assert_int_equal(hta_diff_compute(&d, &gs, &run, &err), 0);
	assert_int_equal(d.n_persisting, 3);
	assert_int_equal(d.n_new + d.n_fixed + d.n_worsened + d.n_waived, 0);
	hta_diff_free(&d);
	hta_gapset_free(&gs);

	/* refusals: another schema, an id twice, a gap without waived, bad JSON */
	static const struct {
		const char *text, *want;
	} bad[] = {
		{ "{\"schema\": \"hitrust-assess/report/v1\"}", "not a baseline file" },
		{ "{\"schema\": \"hitrust-assess/baseline/v1\", \"run\": {\"tier\": \"i1\","
		  " \"as_of\": \"2026-11-01\"}, \"gaps\": [{\"requirement_id\": \"A\", \"waived\": false},"
		  " {\"requirement_id\": \"A\", \"waived\": true}]}", "gap A is listed twice" },
		{ "{\"schema\": \"hitrust-assess/baseline/v1\", \"run\": {\"tier\": \"i1\","
		  " \"as_of\": \"2026-11-01\"}, \"gaps\": [{\"requirement_id\": \"A\"}]}",
		  "'waived' must be true or false" },
		{ "{\"schema\": \"hitrust-assess/baseline/v1\", \"run\": {\"tier\": \"x9\","
		  " \"as_of\": \"2026-11-01\"}, \"gaps\": []}", "run.tier must be" },
		{ "[1,\n2,,]", ":2:3: not a baseline file: not valid JSON" },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		tu_write(dir, "bad.json", bad[i].text);
		tu_join(path, dir, "bad.json");
		assert_int_equal(hta_baseline_load(&gs, path, &err), HTA_EINVAL);
		if (!strstr(err.msg, bad[i].want))
			fail_msg("case %zu: '%s' not in '%s'", i, bad[i].want, err.msg);
	}
	tu_join(path, dir, "absent.json");
	assert_int_equal(hta_baseline_load(&gs, path, &err), HTA_EIO);
	tu_rmtree(dir);
	hta_buf_free(&b);
	hta_run_free(&run);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_waived_never_new),
		cmocka_unit_test(test_against_brute_force),
		cmocka_unit_test(test_baseline_round_trip),
	};
	return cmocka_run_group_tests_name("diff", tests, NULL, NULL);
}
