/*
 * test_run.c — the run vocabulary (run.h): every name parses back to its
 * enum, names are distinct, unknown words are refused, and the stored
 * add-ons string round-trips.
 */
#include "testutil.h"

#include "hta/run.h"

#include <string.h>

static void test_tiers(void **state)
{
	(void)state;
	for (enum hta_tier t = HTA_TIER_E1; t < HTA_TIER_COUNT; t++) {
		assert_int_equal(hta_tier_parse(hta_tier_name(t)), t);
		/* the title starts with the name */
		assert_int_equal(strncmp(hta_tier_title(t), hta_tier_name(t), 2), 0);
		assert_non_null(strstr(hta_tier_choices(true), hta_tier_name(t)));
		assert_non_null(strstr(hta_tier_choices(false), hta_tier_name(t)));
	}
	assert_string_equal(hta_tier_name(HTA_TIER_E1), "e1");
	assert_string_equal(hta_tier_name(HTA_TIER_R2), "r2");
	assert_int_equal(hta_tier_parse("R2"), HTA_TIER_NONE);
	assert_int_equal(hta_tier_parse(""), HTA_TIER_NONE);
	assert_int_equal(hta_tier_parse(NULL), HTA_TIER_NONE);
	assert_string_equal(hta_tier_name(HTA_TIER_NONE), "?");
	assert_string_equal(hta_tier_name(HTA_TIER_COUNT), "?");
	assert_string_equal(hta_tier_title(HTA_TIER_NONE), "?");
}

static void test_addons(void **state)
{
	(void)state;
	for (unsigned a = 0; a < 4; a++)
		assert_int_equal(hta_addons_parse(hta_addons_str(a)), a);
	assert_string_equal(hta_addons_str(HTA_WITH_AI_SECURITY | HTA_WITH_AI_RISK),
			    "ai-security,ai-risk");
	assert_string_equal(hta_addons_str(0), "");
	assert_int_equal(hta_addons_parse(NULL), 0);
	/* whole words only: a prefix is not the add-on */
	assert_int_equal(hta_addons_parse("ai-sec,ai-riskier"), 0);
	assert_int_equal(hta_addons_parse("ai-risk,ai-security"),
			 HTA_WITH_AI_SECURITY | HTA_WITH_AI_RISK);
	assert_int_equal(hta_addon_parse("ai-risk"), HTA_ADDON_AI_RISK);
	assert_int_equal(hta_addon_parse("none"), HTA_ADDON_NONE);
	assert_null(hta_addon_name(HTA_ADDON_NONE));
	assert_int_equal(hta_addon_flag(HTA_ADDON_AI_SECURITY), HTA_WITH_AI_SECURITY);
	assert_int_equal(hta_addon_flag(HTA_ADDON_NONE), 0);
}

static void test_pools_statuses_ranks(void **state)
{
	(void)state;
	for (int p = HTA_POOL_OUT; p <= HTA_POOL_AI_RISK; p++)
		assert_int_equal(hta_pool_parse(hta_pool_name((enum hta_pool)p)), p);
	assert_int_equal(hta_pool_parse("domains"), -1);
	for (int s = HTA_ST_SCORED; s <= HTA_ST_NO_EVIDENCE; s++)
		assert_int_equal(hta_status_parse(hta_status_name((enum hta_req_status)s)), s);
	assert_int_equal(hta_status_parse("n/a"), -1);
	for (int k = HTA_RANK_PLAN; k <= HTA_RANK_VALUE; k++)
		assert_int_equal(hta_rank_kind_parse(hta_rank_kind_name((enum hta_rank_kind)k)), k);
	assert_string_equal(hta_rank_kind_name(HTA_RANK_NONE), "");
	/* the ordering of last resort */
	assert_int_equal(hta_rank_kind_parse(NULL), HTA_RANK_VALUE);
	assert_int_equal(hta_rank_kind_parse("bogus"), HTA_RANK_VALUE);
}

/* Gap statuses: names parse back, the usage string lists exactly the
 * table in order, and a gap's kind and label follow its CAP flag. */
static void test_gap_statuses(void **state)
{
	(void)state;
	char joined[128] = "";
	for (int g = HTA_GS_GAP; g < HTA_GS_COUNT; g++) {
		const char *n = hta_gap_status_name((enum hta_gap_status)g);
		assert_int_equal(hta_gap_status_parse(n, strlen(n)), g);
		size_t l = strlen(joined);
		snprintf(joined + l, sizeof(joined) - l, "%s%s", g ? ", " : "", n);
	}
	assert_string_equal(joined, HTA_GAP_STATUS_CHOICES);
	assert_string_equal(hta_gap_status_name(HTA_GS_COUNT), "?");
	assert_int_equal(hta_gap_status_parse("gaps", 4), -1);
	assert_int_equal(hta_gap_status_parse("cap,gap", 3), HTA_GS_CAP); /* only n bytes */
	assert_int_equal(hta_gap_status_parse("ca", 2), -1);
	struct hta_run_req r = { 0 };
	r.gap = true;
	assert_int_equal(hta_gap_kind(&r), HTA_GS_GAP);
	assert_string_equal(hta_gap_label(&r), "gap");
	r.cap = true;
	assert_int_equal(hta_gap_kind(&r), HTA_GS_CAP);
	assert_string_equal(hta_gap_label(&r), "CAP");
}

/* Fix kinds: names parse back; a gap's and its timeline entry's kind. */
static void test_fix_kinds(void **state)
{
	(void)state;
	for (int k = HTA_FIX_WORK; k < HTA_FIX_COUNT; k++)
		assert_int_equal(hta_fix_parse(hta_fix_name((enum hta_fix_kind)k)), k);
	assert_int_equal(hta_fix_parse("fixed"), -1);
	assert_int_equal(hta_fix_parse(NULL), -1);
	assert_string_equal(hta_fix_name(HTA_FIX_COUNT), "?");
	struct hta_run_req r = { 0 };
	assert_int_equal(hta_gap_fix(&r), HTA_FIX_WORK);
	assert_int_equal(hta_timeline_fix(&r), HTA_FIX_WORK);
	r.dl.fix_inherit = true;
	assert_int_equal(hta_gap_fix(&r), HTA_FIX_INHERIT);
	assert_int_equal(hta_timeline_fix(&r), HTA_FIX_INHERIT);
	r.dl.tl_wait = true;
	assert_int_equal(hta_gap_fix(&r), HTA_FIX_INHERIT);
	assert_int_equal(hta_timeline_fix(&r), HTA_FIX_WAIT);
}

/* Verdicts and the lists messages print. */
static void test_verdicts(void **state)
{
	(void)state;
	assert_int_equal(hta_verdict_parse(hta_verdict_name(true)), 1);
	assert_int_equal(hta_verdict_parse(hta_verdict_name(false)), 0);
	assert_int_equal(hta_verdict_parse("PASS"), -1);
	assert_int_equal(hta_verdict_parse(NULL), -1);
	char want[64];
	snprintf(want, sizeof(want), "%s, %s", hta_verdict_name(true), hta_verdict_name(false));
	assert_string_equal(hta_verdict_list(), want);
	snprintf(want, sizeof(want), "%s, %s, %s", hta_tier_name(HTA_TIER_E1),
		 hta_tier_name(HTA_TIER_I1), hta_tier_name(HTA_TIER_R2));
	assert_string_equal(hta_tier_list(), want);
}

static void test_finding_codes(void **state)
{
	(void)state;
	for (int c = 0; c < HTA_FIND_COUNT; c++) {
		const char *n = hta_finding_name((enum hta_finding_code)c);
		assert_string_not_equal(n, "?");
		assert_int_equal(hta_finding_parse(n), c);
		for (int d = 0; d < c; d++) /* one name per code */
			assert_string_not_equal(n, hta_finding_name((enum hta_finding_code)d));
		for (const char *p = n; *p; p++) /* the tool's own [a-z-] words */
			assert_true((*p >= 'a' && *p <= 'z') || *p == '-');
	}
	/* the stored names do not change */
	assert_string_equal(hta_finding_name(HTA_FIND_NO_EVIDENCE), "no-evidence");
	assert_string_equal(hta_finding_name(HTA_FIND_ARTIFACT_OUTSIDE), "artifact-outside-root");
	assert_string_equal(hta_finding_name(HTA_FIND_MANAGED_ABOVE), "managed-above-measured");
	assert_int_equal(hta_finding_parse("No-Evidence"), -1);
	assert_int_equal(hta_finding_parse(NULL), -1);
	assert_string_equal(hta_finding_name(HTA_FIND_COUNT), "?");
	assert_true(hta_finding_summarised(HTA_FIND_NO_EVIDENCE));
	assert_true(hta_finding_summarised(HTA_FIND_OUT_OF_SCOPE));
	assert_false(hta_finding_summarised(HTA_FIND_STALE));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tiers),
		cmocka_unit_test(test_addons),
		cmocka_unit_test(test_pools_statuses_ranks),
		cmocka_unit_test(test_gap_statuses),
		cmocka_unit_test(test_fix_kinds),
		cmocka_unit_test(test_verdicts),
		cmocka_unit_test(test_finding_codes),
	};
	return cmocka_run_group_tests_name("run", tests, NULL, NULL);
}
