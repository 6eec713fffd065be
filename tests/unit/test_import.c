/*
 * test_import.c — the importers' pure parts: the status table of contract
 * 8.3 (every word of every format, case, unknown words), date-time parsing
 * (zones, fractions, the InSpec 1.x form, impossible dates), Prowler's
 * epoch (seconds or milliseconds), format names, and the aggregation over
 * a small in-memory file of each format.
 */
#include "testutil.h"

#include "hta/catalog.h"
#include "hta/import.h"

static enum hta_result_class cls(enum hta_import_format f, const char *w)
{
	return hta_import_classify(f, w, strlen(w));
}

static void test_classify_prowler(void **state)
{
	(void)state;
	for (int f = HTA_IMPORT_PROWLER_OCSF; f <= HTA_IMPORT_PROWLER_CSV; f++) {
		assert_int_equal(cls(f, "PASS"), HTA_RESULT_PASS);
		assert_int_equal(cls(f, "pass"), HTA_RESULT_PASS);
		assert_int_equal(cls(f, "FAIL"), HTA_RESULT_FAIL);
		assert_int_equal(cls(f, "MANUAL"), HTA_RESULT_LEFT_OUT);
		assert_int_equal(cls(f, "Manual"), HTA_RESULT_LEFT_OUT);
		assert_int_equal(cls(f, "ERROR"), HTA_RESULT_FAIL);   /* unknown: not passed */
		assert_int_equal(cls(f, ""), HTA_RESULT_FAIL);
		assert_int_equal(cls(f, "PASSED"), HTA_RESULT_FAIL);  /* not Prowler's word */
	}
}

static void test_classify_asff(void **state)
{
	(void)state;
	assert_int_equal(cls(HTA_IMPORT_ASFF, "PASSED"), HTA_RESULT_PASS);
	assert_int_equal(cls(HTA_IMPORT_ASFF, "passed"), HTA_RESULT_PASS);
	assert_int_equal(cls(HTA_IMPORT_ASFF, "FAILED"), HTA_RESULT_FAIL);
	assert_int_equal(cls(HTA_IMPORT_ASFF, "WARNING"), HTA_RESULT_FAIL);
	assert_int_equal(cls(HTA_IMPORT_ASFF, "NOT_AVAILABLE"), HTA_RESULT_FAIL);
	/* asff: a word the table does not name is left out (INFOED) */
	assert_int_equal(cls(HTA_IMPORT_ASFF, "INFOED"), HTA_RESULT_LEFT_OUT);
	assert_int_equal(cls(HTA_IMPORT_ASFF, "PASS"), HTA_RESULT_LEFT_OUT);
}

static void test_classify_xccdf(void **state)
{
	(void)state;
	static const char *const pass[] = { "pass", "fixed", "PASS", "Fixed" };
	static const char *const fail[] = { "fail", "error", "unknown", "bogus", "passed" };
	static const char *const left[] = { "notapplicable", "notchecked", "notselected",
					    "informational", "NotApplicable" };
	for (size_t i = 0; i < 4; i++)
		assert_int_equal(cls(HTA_IMPORT_XCCDF, pass[i]), HTA_RESULT_PASS);
	for (size_t i = 0; i < 5; i++)
		assert_int_equal(cls(HTA_IMPORT_XCCDF, fail[i]), HTA_RESULT_FAIL);
	for (size_t i = 0; i < 5; i++)
		assert_int_equal(cls(HTA_IMPORT_XCCDF, left[i]), HTA_RESULT_LEFT_OUT);
}

static void test_classify_inspec(void **state)
{
	(void)state;
	assert_int_equal(cls(HTA_IMPORT_INSPEC, "passed"), HTA_RESULT_PASS);
	assert_int_equal(cls(HTA_IMPORT_INSPEC, "failed"), HTA_RESULT_FAIL);
	assert_int_equal(cls(HTA_IMPORT_INSPEC, "error"), HTA_RESULT_FAIL);
	assert_int_equal(cls(HTA_IMPORT_INSPEC, "skipped"), HTA_RESULT_LEFT_OUT);
	assert_int_equal(cls(HTA_IMPORT_INSPEC, "pass"), HTA_RESULT_FAIL);
	/* the length is honoured: "passed" inside a longer buffer */
	assert_int_equal(hta_import_classify(HTA_IMPORT_INSPEC, "passedX", 6), HTA_RESULT_PASS);
	assert_int_equal(hta_import_classify(HTA_IMPORT_INSPEC, "passedX", 7), HTA_RESULT_FAIL);
}

static long long tp(const char *s)
{
	long long t = -12345;
	if (hta_import_time_parse(s, strlen(s), &t))
		return -1;
	return t;
}

static void test_time_parse(void **state)
{
	(void)state;
	assert_int_equal(tp("1970-01-01T00:00:00Z"), 0);
	assert_int_equal(tp("2025-02-14T14:27:03.913874"), 1739543223);   /* no zone: UTC */
	assert_int_equal(tp("2025-02-14 14:27:03.913874"), 1739543223);   /* Prowler CSV */
	assert_int_equal(tp("2023-03-18T15:43:31Z"), 1679154211);
	assert_int_equal(tp("2021-08-09T11:28:13.288Z"), 1628508493);
	assert_int_equal(tp("2018-11-18T21:02:51-05:00"), 1542592971);    /* offset honoured */
	assert_int_equal(tp("2017-09-22 14:12:44 -0400"), 1506103964);    /* InSpec 1.x */
	assert_int_equal(tp("2021-11-30T14:34:55+01:00"), 1638279295);
	assert_int_equal(tp("2021-11-30T14:34:55+0100"), 1638279295);
	assert_int_equal(tp("2021-11-30T14:34+01"), 1638279240);
	assert_int_equal(tp("2024-02-29"), 1709164800);
	assert_int_equal(tp("2016-12-31T23:59:60Z"), tp("2016-12-31T23:59:59Z")); /* leap second */
	/* refused */
	static const char *const bad[] = {
		"", "2025", "2025-02-30T00:00:00", "2023-02-29", "2025-13-01", "2025-00-10",
		"2025-01-01T24:00:00", "2025-01-01T10:60", "2025-01-01T10:00:00+25:00",
		"2025-01-01T10:00:00.", "2025-01-01X10:00", "yesterday", "2025-01-01T10:00:00Zjunk",
		"1899-12-31", "2025-1-01", " 2025-01-01",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		long long t;
		assert_int_not_equal(hta_import_time_parse(bad[i], strlen(bad[i]), &t), 0);
	}
	/* the length is honoured, not the NUL */
	long long t;
	assert_int_equal(hta_import_time_parse("2025-01-01T00:00:00Zjunk", 20, &t), 0);
	assert_int_equal(t, 1735689600);
}

static void test_epoch(void **state)
{
	(void)state;
	long long t;
	assert_int_equal(hta_import_epoch(1739539623, &t), 0);
	assert_int_equal(t, 1739539623);
	assert_int_equal(hta_import_epoch(1739539623000.0, &t), 0);   /* ms above 10^11 */
	assert_int_equal(t, 1739539623);
	assert_int_equal(hta_import_epoch(1e11, &t), 0);              /* 10^11 itself: seconds */
	assert_int_equal(t, 100000000000LL);
	assert_int_not_equal(hta_import_epoch(0, &t), 0);
	assert_int_not_equal(hta_import_epoch(-5, &t), 0);
	assert_int_not_equal(hta_import_epoch(1.0 / 0.0, &t), 0);
	assert_int_not_equal(hta_import_epoch(0.0 / 0.0, &t), 0);
}

static void test_format_names(void **state)
{
	(void)state;
	for (int f = 0; f < HTA_IMPORT_FORMAT_COUNT; f++)
		assert_int_equal(hta_import_format_parse(hta_import_format_name(f)), f);
	assert_int_equal(hta_import_format_parse("workbook"), -1);
	assert_int_equal(hta_import_format_parse("ASFF"), -1);
}

/* Import `text` as `fmt` against the shipped catalog; returns the status. */
static int import_text(struct hta_import *im, struct hta_catalog *cat, enum hta_import_format fmt,
		       const char *text, const char *map_text, struct hta_err *err)
{
	char dir[TU_PATH_MAX], path[TU_PATH_MAX + 32], map[TU_PATH_MAX + 32];
	tu_tmpdir(dir);
	snprintf(path, sizeof(path), "%s/in", dir);
	snprintf(map, sizeof(map), "%s/map.csv", dir);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	f = fopen(map, "w");
	assert_non_null(f);
	fputs(map_text, f);
	fclose(f);
	struct hta_import_opts o = HTA_IMPORT_OPTS_INIT;
	o.format = fmt;
	o.into = dir;
	o.map_file = map;
	o.today = 20789; /* 2026-12-02 */
	int rc = hta_import_init(im, cat, &o, err);
	if (!rc)
		rc = hta_import_file(im, path, err);
	if (!rc)
		rc = hta_import_resolve(im, err);
	tu_rmtree(dir);
	return rc;
}

static void load_cat(struct hta_catalog *cat)
{
	char p[TU_PATH_MAX];
	struct hta_err err = { 0 };
	assert_int_equal(hta_catalog_load(cat, tu_src_path(p, "controls"), &err), 0);
}

static void test_aggregate_ocsf(void **state)
{
	(void)state;
	struct hta_catalog cat;
	struct hta_import im;
	struct hta_err err = { 0 };
	load_cat(&cat);
	int rc = import_text(&im, &cat, HTA_IMPORT_PROWLER_OCSF,
		"[{\"metadata\":{\"event_code\":\"c1\"},\"status_code\":\"PASS\",\"time\":1790000000},"
		" {\"metadata\":{\"event_code\":\"c1\"},\"status_code\":\"FAIL\",\"muted\":true,\"time\":1780000000},"
		" {\"status_code\":\"PASS\",\"metadata\":{\"event_code\":\"c2\"},\"time_dt\":\"2026-09-01T00:00:00\"},"
		" {\"metadata\":{\"event_code\":\"c3\"},\"status_code\":\"MANUAL\",\"time\":1790000000}]",
		"c1,06.10h.1\nc2,06.10h.1\n", &err);
	assert_int_equal(rc, 0);
	assert_int_equal(im.results, 4);
	assert_int_equal(im.passed, 2);
	assert_int_equal(im.counted, 3);
	assert_int_equal(im.left_out, 1);
	assert_int_equal(im.n_stmts, 1);
	assert_int_equal(im.stmts[0].passed, 2);
	assert_int_equal(im.stmts[0].counted, 3);
	assert_int_equal(im.stmts[0].coverage_h, 6666);
	assert_int_equal(im.stmts[0].tested, 1790000000 / 86400);
	assert_int_equal(im.stmts[0].outcome, HTA_STMT_CLAIM);
	assert_int_equal(im.unmapped.n, 1); /* c3 */
	assert_string_equal(((struct hta_import_check *)im.unmapped.v[0])->id, "c3");
	hta_import_free(&im);
	hta_catalog_free(&cat);
}

static void test_aggregate_errors(void **state)
{
	(void)state;
	struct hta_catalog cat;
	struct hta_import im;
	struct hta_err err = { 0 };
	load_cat(&cat);
	/* a check id with a control character */
	assert_int_equal(import_text(&im, &cat, HTA_IMPORT_PROWLER_OCSF,
		"[{\"metadata\":{\"event_code\":\"a\\nb\"},\"status_code\":\"PASS\",\"time\":1790000000}]",
		"", &err), HTA_EINVAL);
	assert_non_null(strstr(err.msg, "control character"));
	hta_import_free(&im);
	/* an ARCHIVED finding is left out even when suppressed and passed */
	assert_int_equal(import_text(&im, &cat, HTA_IMPORT_ASFF,
		"[{\"GeneratorId\":\"g\",\"Compliance\":{\"Status\":\"PASSED\"},\"RecordState\":\"ARCHIVED\","
		"\"Workflow\":{\"Status\":\"SUPPRESSED\"},\"UpdatedAt\":\"2026-01-01T00:00:00Z\"}]",
		"", &err), 0);
	assert_int_equal(im.left_out, 1);
	assert_int_equal(im.counted, 0);
	hta_import_free(&im);
	/* the map: an unknown statement names the map's line */
	assert_int_equal(import_text(&im, &cat, HTA_IMPORT_ASFF, "[]", "# c\ng,06.10h.1\ng,nope\n", &err),
			 HTA_EINVAL);
	assert_non_null(strstr(err.msg, "map.csv:3:3: unknown statement 'nope'"));
	hta_import_free(&im);
	hta_catalog_free(&cat);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_classify_prowler),
		cmocka_unit_test(test_classify_asff),
		cmocka_unit_test(test_classify_xccdf),
		cmocka_unit_test(test_classify_inspec),
		cmocka_unit_test(test_time_parse),
		cmocka_unit_test(test_epoch),
		cmocka_unit_test(test_format_names),
		cmocka_unit_test(test_aggregate_ocsf),
		cmocka_unit_test(test_aggregate_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
