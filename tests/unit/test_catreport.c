/*
 * test_catreport.c — the counts and JSON documents of `catalog list|show|
 * stats|diff` (hta/catreport.h) on the mini catalog, whose statements are
 * few enough to count by hand (tests/fixtures/catalog-mini):
 *   e1: T.01 T.02 T.03; i1: those and T.04; r2: T.01-T.05 always, T.06
 *   when internet_facing, T.07 when records_held>=2, T.08 with HIPAA (a
 *   compliance-factor statement: e1 and i1 take it too, in a pool apart);
 *   AI Security: A.01 (any AI), A.02 (generative); AI RM: R.01.
 * And every renderer under allocation failure: the document is whole or
 * not appended at all.
 */
#include "testutil.h"

#include "hta/catreport.h"

#include <cjson/cJSON.h>

static struct hta_catalog cat;

static int setup(void **state)
{
	char p[TU_PATH_MAX];
	struct hta_err err;
	(void)state;
	if (hta_catalog_load(&cat, tu_src_path(p, "tests/fixtures/catalog-mini"), &err) != 0) {
		fprintf(stderr, "cannot load the mini catalog: %s\n", err.msg);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	hta_catalog_free(&cat);
	return 0;
}

/* Parse the buffer as one JSON document (the test fails if it is not). */
static cJSON *parse(const struct hta_buf *b)
{
	assert_non_null(b->s);
	assert_true(b->len > 0 && b->s[b->len - 1] == '\n');
	cJSON *j = cJSON_Parse(b->s);
	assert_non_null(j);
	return j;
}

static void test_stats_counts(void **state)
{
	(void)state;
	struct hta_catstats st;
	struct hta_err err;
	assert_int_equal(hta_catalog_stats(&cat, HTA_TIER_NONE, &st, &err), 0);
	assert_true(st.tier[HTA_TIER_E1].counted && st.tier[HTA_TIER_R2].counted);
	assert_int_equal(st.tier[HTA_TIER_E1].lowest, 3);
	assert_int_equal(st.tier[HTA_TIER_E1].highest_core, 3);
	assert_int_equal(st.tier[HTA_TIER_E1].highest_all, 4);   /* + T.08 */
	assert_int_equal(st.tier[HTA_TIER_I1].lowest, 4);
	assert_int_equal(st.tier[HTA_TIER_I1].highest_all, 5);
	assert_int_equal(st.tier[HTA_TIER_R2].lowest, 5);
	assert_int_equal(st.tier[HTA_TIER_R2].highest_core, 7);
	assert_int_equal(st.tier[HTA_TIER_R2].highest_all, 8);
	assert_int_equal(st.ai_rule_based, 1);
	assert_int_equal(st.ai_every_feature, 2);
	assert_int_equal(st.ai_risk, 1);

	/* --tier i1 counts only i1. */
	assert_int_equal(hta_catalog_stats(&cat, HTA_TIER_I1, &st, &err), 0);
	assert_false(st.tier[HTA_TIER_E1].counted);
	assert_false(st.tier[HTA_TIER_R2].counted);
	assert_true(st.tier[HTA_TIER_I1].counted);
	assert_int_equal(st.tier[HTA_TIER_I1].lowest, 4);
}

/* A scope with internet_facing true, the rest lowest: T.06 is brought in by it. */
static void test_scope_stats(void **state)
{
	(void)state;
	struct hta_scope sc;
	struct hta_scopestats ss;
	struct hta_err err;
	unsigned char pool[64];
	enum hta_tier t;
	unsigned addons;
	size_t n;
	assert_true(cat.n_stmts <= sizeof(pool));
	assert_int_equal(hta_scope_init(&sc, &cat, &err), 0);
	hta_scope_extreme(&sc, &cat, HTA_SCOPE_LOWEST);
	long fi = -1;
	for (size_t k = 0; k < cat.n_factors; k++)
		if (strcmp(cat.factors[k].name, "internet_facing") == 0)
			fi = (long)k;
	assert_true(fi >= 0);
	sc.factor_value[fi] = 1;
	assert_int_equal(hta_scope_selection(&cat, &sc, HTA_TIER_R2, 0, pool, &t, &addons, &n, &err), 0);
	assert_int_equal(hta_scope_stats(&cat, &sc, pool, t, addons, n, "s.yaml", &ss, &err), 0);
	assert_int_equal(ss.statements, 6);
	assert_int_equal(ss.base, 5);
	assert_int_equal(ss.by_factor, 1);
	assert_int_equal(ss.brought_in[fi], 1);
	assert_int_equal(ss.addon_stmts, 0);
	assert_int_equal(ss.hint_ai_security, 1); /* rule-based AI: A.01 only */
	assert_int_equal(ss.hint_ai_risk, 1);
	assert_false(ss.lowest_risk);
	assert_string_equal(ss.file, "s.yaml");
	hta_scopestats_free(&ss);
	hta_scope_free(&sc);
}

static void test_list_and_show(void **state)
{
	(void)state;
	struct hta_buf b = HTA_BUF_INIT;
	struct hta_err err;
	unsigned char keep[64] = { 0 };
	assert_true(cat.n_stmts <= sizeof(keep));
	for (size_t i = 0; i < cat.n_stmts; i += 2)
		keep[i] = 1;
	assert_int_equal(hta_catalog_list_json(&cat, keep, &b, &err), 0);
	cJSON *j = parse(&b);
	assert_true(cJSON_IsArray(j));
	assert_int_equal(cJSON_GetArraySize(j), (int)((cat.n_stmts + 1) / 2));
	for (int k = 0; k < cJSON_GetArraySize(j); k++) {
		cJSON *o = cJSON_GetArrayItem(j, k);
		assert_string_equal(cJSON_GetObjectItem(o, "id")->valuestring, cat.stmts[2 * k].id);
		assert_null(cJSON_GetObjectItem(o, "statement")); /* list: no text */
	}
	cJSON_Delete(j);
	hta_buf_free(&b);

	long i = hta_catalog_find(&cat, "T.01");
	assert_true(i >= 0);
	assert_int_equal(hta_catalog_show_json(&cat, (size_t)i, &b, &err), 0);
	j = parse(&b);
	assert_string_equal(cJSON_GetObjectItem(j, "domain")->valuestring, "11");
	assert_string_equal(cJSON_GetObjectItem(j, "statement")->valuestring, cat.stmts[i].text);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(j, "tiers")), 3);
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(j, "never_na")));
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(j, "evidence")), HTA_LEVEL_COUNT);
	assert_non_null(cJSON_GetObjectItem(cJSON_GetObjectItem(j, "maps"), "hipaa"));
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(j, "addon")));
	cJSON_Delete(j);
	hta_buf_free(&b);

	/* T.06's `when` is written as the catalog writes it. */
	i = hta_catalog_find(&cat, "T.06");
	assert_int_equal(hta_catalog_show_json(&cat, (size_t)i, &b, &err), 0);
	j = parse(&b);
	cJSON *w = cJSON_GetObjectItem(j, "when");
	assert_int_equal(cJSON_GetArraySize(w), 1);
	assert_string_equal(cJSON_GetArrayItem(w, 0)->valuestring, "internet_facing");
	cJSON_Delete(j);
	hta_buf_free(&b);
}

/* A catalog compared with itself: nothing added, removed or changed. */
static void test_diff_self(void **state)
{
	(void)state;
	struct hta_catdiff d;
	struct hta_buf b = HTA_BUF_INIT;
	struct hta_err err;
	assert_int_equal(hta_catalog_diff(&cat, &cat, &d, &err), 0);
	assert_int_equal(hta_catalog_diff_json(&cat, "A", &cat, "B", &d, &b, &err), 0);
	cJSON *j = parse(&b);
	assert_string_equal(cJSON_GetObjectItem(cJSON_GetObjectItem(j, "from"), "dir")->valuestring, "A");
	assert_string_equal(cJSON_GetObjectItem(cJSON_GetObjectItem(j, "to"), "dir")->valuestring, "B");
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(j, "changed")), 0);
	assert_int_equal(cJSON_GetObjectItem(cJSON_GetObjectItem(j, "counts"), "added")->valueint, 0);
	cJSON_Delete(j);
	hta_buf_free(&b);
	hta_catdiff_free(&d);
}

/* Render stats (with a scope) into `b`. */
static int render_stats(struct hta_buf *b, struct hta_err *err)
{
	struct hta_catstats st;
	struct hta_scopestats ss;
	struct hta_scope sc;
	unsigned char pool[64];
	int rc = hta_catalog_stats(&cat, HTA_TIER_NONE, &st, err);
	if (rc)
		return rc;
	if ((rc = hta_scope_init(&sc, &cat, err)))
		return rc;
	hta_scope_extreme(&sc, &cat, HTA_SCOPE_HIGHEST);
	size_t n = hta_select(&cat, &sc, HTA_TIER_R2, 0, pool);
	rc = hta_scope_stats(&cat, &sc, pool, HTA_TIER_R2, 0, n, "s.yaml", &ss, err);
	if (!rc) {
		rc = hta_catalog_stats_json(&cat, &st, &ss, b, err);
		hta_scopestats_free(&ss);
	}
	hta_scope_free(&sc);
	return rc;
}

/*
 * Every allocation of the stats and list renderers made to fail in turn:
 * each call gives the whole document or HTA_ENOMEM with nothing appended.
 */
static void test_alloc_failures(void **state)
{
	(void)state;
	struct hta_buf want = HTA_BUF_INIT, want_list = HTA_BUF_INIT;
	struct hta_err err;
	unsigned char keep[64];
	memset(keep, 1, sizeof(keep));
	assert_int_equal(render_stats(&want, &err), 0);
	assert_int_equal(hta_catalog_list_json(&cat, keep, &want_list, &err), 0);
	int failures = 0;
	for (long k = 0; k < 100000; k++) {
		struct hta_buf b = HTA_BUF_INIT, l = HTA_BUF_INIT;
		hta_alloc_fail_once(k);
		int rc = render_stats(&b, &err);
		hta_alloc_fail_once(k);
		int rl = hta_catalog_list_json(&cat, keep, &l, &err);
		long made = hta_alloc_fail_after(-1);
		(void)made;
		if (rc) {
			assert_int_equal(rc, HTA_ENOMEM);
			assert_int_equal(b.len, 0);
			failures++;
		} else {
			assert_int_equal(b.len, want.len);
			assert_memory_equal(b.s, want.s, want.len);
		}
		if (rl) {
			assert_int_equal(rl, HTA_ENOMEM);
			assert_int_equal(l.len, 0);
		} else {
			assert_int_equal(l.len, want_list.len);
			assert_memory_equal(l.s, want_list.s, want_list.len);
		}
		hta_buf_free(&b);
		hta_buf_free(&l);
		if (!rc && !rl)
			break; /* past the last allocation of both */
	}
	assert_true(failures > 10);
	hta_buf_free(&want);
	hta_buf_free(&want_list);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stats_counts),
		cmocka_unit_test(test_scope_stats),
		cmocka_unit_test(test_list_and_show),
		cmocka_unit_test(test_diff_self),
		cmocka_unit_test(test_alloc_failures),
	};
	return cmocka_run_group_tests_name("catreport", tests, setup, teardown);
}
