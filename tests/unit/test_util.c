/*
 * test_util.c — how ids and names a user gave are shown in messages
 * (hta_ascii_escape, hta_ascii_escape_n, hta_shown; hta/hta.h): look-alikes
 * escaped, bytes that are not UTF-8 as \xNN, cuts that never split a
 * character into something else, and the thread's buffers used in turn.
 */
#include "testutil.h"

#include "hta/hta.h"

#include <pthread.h>

static void test_escape(void **state)
{
	(void)state;
	char b[64];
	/* printable ASCII as it is */
	assert_string_equal(hta_ascii_escape("T.01 ok", b, sizeof(b)), "T.01 ok");
	/* Cyrillic a, a zero-width space, full-width digits, above the BMP */
	assert_string_equal(hta_ascii_escape("T.0\xd0\xb0", b, sizeof(b)), "T.0\\u0430");
	assert_string_equal(hta_ascii_escape("T.01\xe2\x80\x8b", b, sizeof(b)), "T.01\\u200b");
	assert_string_equal(hta_ascii_escape("T.\xef\xbc\x90\xef\xbc\x91", b, sizeof(b)),
			    "T.\\uff10\\uff11");
	assert_string_equal(hta_ascii_escape("\xf0\x9f\x98\x80", b, sizeof(b)), "\\U0001f600");
	/* control characters, a lone continuation byte, a truncated sequence */
	assert_string_equal(hta_ascii_escape("a\nb\x7f", b, sizeof(b)), "a\\x0ab\\x7f");
	assert_string_equal(hta_ascii_escape("\x80x", b, sizeof(b)), "\\x80x");
	assert_string_equal(hta_ascii_escape("\xd0", b, sizeof(b)), "\\xd0");
	/* too long for the buffer: cut with "...", never past it */
	assert_string_equal(hta_ascii_escape("abcdefghij", b, 8), "abcd...");
	assert_string_equal(hta_ascii_escape("\xd0\xb0\xd0\xb0", b, 12), "\\u0430...");
}

static void test_escape_n(void **state)
{
	(void)state;
	char b[64];
	assert_string_equal(hta_ascii_escape_n("gap,cap", 3, b, sizeof(b)), "gap");
	/* a cut inside a character shows its first byte, not a made-up one */
	assert_string_equal(hta_ascii_escape_n("x\xd0\xb0", 2, b, sizeof(b)), "x\\xd0");
	assert_string_equal(hta_ascii_escape_n("x\xd0\xb0", 3, b, sizeof(b)), "x\\u0430");
	/* it stops at the NUL whatever the length */
	assert_string_equal(hta_ascii_escape_n("ab", 100, b, sizeof(b)), "ab");
	assert_string_equal(hta_ascii_escape_n("ab", 0, b, sizeof(b)), "");
}

static void test_shown(void **state)
{
	(void)state;
	/* four results stay valid at once, each its own */
	const char *a = hta_shown("A.0\xd0\xb0"), *c = hta_shown("C"), *d = hta_shown(NULL);
	const char *e = hta_shown_n("E.123", 3);
	assert_string_equal(a, "A.0\\u0430");
	assert_string_equal(c, "C");
	assert_string_equal(d, "(none)");
	assert_string_equal(e, "E.1");
	char msg[128];
	snprintf(msg, sizeof(msg), "'%s' '%s'", hta_shown("x\xd0\xb0"), hta_shown("y"));
	assert_string_equal(msg, "'x\\u0430' 'y'");
	/* a long id is cut to the buffer (255 bytes and a NUL) */
	char big[1024];
	memset(big, 'z', sizeof(big) - 1);
	big[sizeof(big) - 1] = 0;
	const char *s = hta_shown(big);
	assert_int_equal(strlen(s), 255);
	assert_string_equal(s + 252, "...");
}

/* Each thread has its own buffers: another thread's calls never change ours. */
static void *other_thread(void *arg)
{
	(void)arg;
	for (int i = 0; i < 100; i++)
		if (strcmp(hta_shown("other"), "other") != 0)
			return (void *)1;
	return NULL;
}

static void test_shown_threads(void **state)
{
	(void)state;
	const char *mine = hta_shown("mine\xd0\xb0");
	pthread_t t;
	void *res = (void *)1;
	assert_int_equal(pthread_create(&t, NULL, other_thread, NULL), 0);
	assert_int_equal(pthread_join(t, &res), 0);
	assert_null(res);
	assert_string_equal(mine, "mine\\u0430");
}

/* An error list appended to another keeps the order and the whole count,
 * the messages past HTA_ERRLIST_MAX counted, not kept. */
static void test_errlist_append(void **state)
{
	(void)state;
	struct hta_errlist a = { 0 }, b = { 0 };
	char msg[32];
	assert_int_equal(hta_errlist_add(&a, "a:1:1: first"), 0);
	for (int i = 0; i < HTA_ERRLIST_MAX + 7; i++) {
		snprintf(msg, sizeof(msg), "b:%d:1: e", i + 1);
		assert_int_equal(hta_errlist_add(&b, msg), 0);
	}
	assert_int_equal(b.n, HTA_ERRLIST_MAX);
	assert_int_equal(b.total, HTA_ERRLIST_MAX + 7);
	assert_int_equal(hta_errlist_append(&a, &b), 0);
	assert_int_equal(a.n, HTA_ERRLIST_MAX);
	assert_int_equal(a.total, 1 + HTA_ERRLIST_MAX + 7);
	assert_string_equal(a.msg[0], "a:1:1: first");
	assert_string_equal(a.msg[1], "b:1:1: e");
	assert_string_equal(a.msg[HTA_ERRLIST_MAX - 1], "b:49:1: e");
	hta_errlist_free(&a);
	hta_errlist_free(&b);
	assert_int_equal(a.n + a.total, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escape),
		cmocka_unit_test(test_escape_n),
		cmocka_unit_test(test_shown),
		cmocka_unit_test(test_shown_threads),
		cmocka_unit_test(test_errlist_append),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
