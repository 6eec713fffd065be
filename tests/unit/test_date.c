/*
 * test_date.c — hta_date_parse / hta_date_format: the calendar every
 * evidence window rests on (stale at 366 days, too recent at 59...).
 */
#include "testutil.h"

#include "hta/date.h"

#include <time.h>

static int parses(const char *s)
{
	int d = 12345;
	return hta_date_parse(s, &d) == 0;
}

static void test_epoch_and_known_days(void **state)
{
	(void)state;
	int d;
	assert_int_equal(hta_date_parse("1970-01-01", &d), 0);
	assert_int_equal(d, 0);
	assert_int_equal(hta_date_parse("1970-01-02", &d), 0);
	assert_int_equal(d, 1);
	assert_int_equal(hta_date_parse("1969-12-31", &d), 0);
	assert_int_equal(d, -1);
	/* 2000-01-01 is 10957 days after the epoch (30 years, 7 of them leap). */
	assert_int_equal(hta_date_parse("2000-01-01", &d), 0);
	assert_int_equal(d, 10957);
	/* 1900-01-01: 70 years back, 17 leap days (1904..1968) -> -25567. */
	assert_int_equal(hta_date_parse("1900-01-01", &d), 0);
	assert_int_equal(d, -25567);
}

static void test_leap_years(void **state)
{
	(void)state;
	assert_true(parses("2024-02-29"));  /* divisible by 4 */
	assert_false(parses("2023-02-29")); /* not */
	assert_false(parses("2026-02-30"));
	assert_false(parses("2024-02-30"));
	assert_false(parses("1900-02-29")); /* divisible by 100, not by 400 */
	assert_true(parses("2000-02-29"));  /* divisible by 400 */
	assert_false(parses("2100-02-29"));
	assert_true(parses("2400-02-29"));
	/* 30-day months refuse the 31st; 31-day months take it. */
	assert_false(parses("2026-04-31"));
	assert_false(parses("2026-06-31"));
	assert_false(parses("2026-09-31"));
	assert_false(parses("2026-11-31"));
	assert_true(parses("2026-01-31"));
	assert_true(parses("2026-07-31"));
	assert_true(parses("2026-08-31"));
	assert_true(parses("2026-12-31"));
	/* A leap day sits between Feb 28 and Mar 1. */
	assert_int_equal(tu_days("2024-03-01") - tu_days("2024-02-28"), 2);
	assert_int_equal(tu_days("2023-03-01") - tu_days("2023-02-28"), 1);
}

static void test_malformed(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"2026-1-01", "2026-01-1", "2026-1-1", "2026-01-01x", "", "20260101",
		"2026/01/01", " 2026-01-01", "2026-01-01 ", "2026-01-011", "02026-01-01",
		"+026-01-01", "-026-01-01", "2026-13-01", "2026-00-10", "2026-01-00",
		"2026-01-32", "abcd-ef-gh", "2026-0a-01", "2026--01-01", "2026-01",
		"2026", "1899-12-31", "0000-01-01", "10000-01-01", "2026-01-01\n",
		"2026-01-01T00:00:00Z", "２026-01-01",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int d = 777;
		if (hta_date_parse(bad[i], &d) != -1)
			fail_msg("'%s' was accepted as day %d", bad[i], d);
	}
	/* The bounds of the accepted years. */
	assert_true(parses("1900-01-01"));
	assert_true(parses("9999-12-31"));
}

/* The civil calendar, computed the slow way for the cross-check. */
static int month_days(int y, int m)
{
	static const int md[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return md[m - 1] + (m == 2 && leap);
}

/*
 * Walk every day from 1900-01-01 to 9999-12-31 by incrementing a calendar
 * date by hand: each must parse to the previous day + 1 and format back to
 * the same text. Covers every month length and every leap rule.
 */
static void test_round_trip_every_day(void **state)
{
	(void)state;
	int y = 1900, m = 1, dd = 1, expect = tu_days("1900-01-01");
	long checked = 0;
	char text[48], back[11];
	while (y <= 9999) {
		snprintf(text, sizeof(text), "%04d-%02d-%02d", y, m, dd);
		int d;
		if (hta_date_parse(text, &d) != 0)
			fail_msg("%s refused", text);
		if (d != expect)
			fail_msg("%s parsed as %d, expected %d", text, d, expect);
		hta_date_format(d, back);
		if (strcmp(back, text) != 0)
			fail_msg("%d formatted as %s, expected %s", d, back, text);
		checked++;
		expect++;
		if (++dd > month_days(y, m)) {
			dd = 1;
			if (++m > 12) {
				m = 1;
				y++;
			}
		}
	}
	/* 8100 years of 365.2425 days on average (the Gregorian cycle). */
	assert_int_equal(checked, tu_days("9999-12-31") - tu_days("1900-01-01") + 1);
	assert_int_equal(checked, 2958464);
}

static void test_day_arithmetic(void **state)
{
	(void)state;
	/* The evidence windows: 365 days back from the assessment date. */
	assert_int_equal(tu_days("2026-11-01") - tu_days("2025-11-01"), 365);
	/* A year spanning a leap day has 366. */
	assert_int_equal(tu_days("2024-11-01") - tu_days("2023-11-01"), 366);
	assert_int_equal(tu_days("2024-03-01") - tu_days("2023-03-01"), 366);
	assert_int_equal(tu_days("2025-03-01") - tu_days("2024-03-01"), 365);
	/* 60 and 90 days back from 2026-11-01. */
	char out[11];
	hta_date_format(tu_days("2026-11-01") - 60, out);
	assert_string_equal(out, "2026-09-02");
	hta_date_format(tu_days("2026-11-01") - 90, out);
	assert_string_equal(out, "2026-08-03");
	hta_date_format(tu_days("2026-11-01") - 365, out);
	assert_string_equal(out, "2025-11-01");
	/* 400 years is exactly 146097 days. */
	assert_int_equal(tu_days("2400-01-01") - tu_days("2000-01-01"), 146097);
}

static void test_format_edges(void **state)
{
	(void)state;
	char out[11];
	hta_date_format(0, out);
	assert_string_equal(out, "1970-01-01");
	hta_date_format(-1, out);
	assert_string_equal(out, "1969-12-31");
	hta_date_format(tu_days("9999-12-31"), out);
	assert_string_equal(out, "9999-12-31");
	/* Out of the four-digit range: a fixed placeholder, never an overflow. */
	hta_date_format(tu_days("9999-12-31") + 1, out);
	assert_string_equal(out, "0000-00-00");
	assert_int_equal(strlen(out), 10);
}

static void test_today(void **state)
{
	(void)state;
	int before = (int)(time(NULL) / 86400);
	int t = hta_date_today();
	int after = (int)(time(NULL) / 86400);
	assert_in_range(t, before, after);
	char out[11];
	hta_date_format(t, out);
	int back;
	assert_int_equal(hta_date_parse(out, &back), 0);
	assert_int_equal(back, t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_epoch_and_known_days),
		cmocka_unit_test(test_leap_years),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_round_trip_every_day),
		cmocka_unit_test(test_day_arithmetic),
		cmocka_unit_test(test_format_edges),
		cmocka_unit_test(test_today),
	};
	return cmocka_run_group_tests_name("date", tests, NULL, NULL);
}
