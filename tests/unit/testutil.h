/*
 * testutil.h — helpers shared by the cmocka unit tests (tests/unit/).
 *
 * Fixture paths come from HTA_SRCDIR (set by `make unit` to the repository
 * root; the current directory otherwise). Tests that need files of their
 * own write them into a fresh temporary directory (tu_tmpdir) and remove it
 * afterwards (tu_rmtree). Everything here is `static inline` so a test file
 * that uses only part of it builds warning-free.
 */
#ifndef HTA_TESTUTIL_H
#define HTA_TESTUTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hta/date.h"

#define TU_PATH_MAX 4096

/* The repository root: $HTA_SRCDIR, or "." when it is not set. */
static inline const char *tu_srcdir(void)
{
	const char *s = getenv("HTA_SRCDIR");
	return s && *s ? s : ".";
}

/* "<srcdir>/<rel>" into out (TU_PATH_MAX bytes); fails the test if too long. */
static inline const char *tu_src_path(char *out, const char *rel)
{
	int n = snprintf(out, TU_PATH_MAX, "%s/%s", tu_srcdir(), rel);
	if (n < 0 || n >= TU_PATH_MAX)
		fail_msg("path too long: %s/%s", tu_srcdir(), rel);
	return out;
}

/* "<dir>/<rel>" into out (TU_PATH_MAX bytes). */
static inline const char *tu_join(char *out, const char *dir, const char *rel)
{
	int n = snprintf(out, TU_PATH_MAX, "%s/%s", dir, rel);
	if (n < 0 || n >= TU_PATH_MAX)
		fail_msg("path too long: %s/%s", dir, rel);
	return out;
}

/* Create a fresh temporary directory; its path goes to out (TU_PATH_MAX). */
static inline const char *tu_tmpdir(char *out)
{
	const char *base = getenv("TMPDIR");
	int n = snprintf(out, TU_PATH_MAX, "%s/hta-unit-XXXXXX", base && *base ? base : "/tmp");
	if (n < 0 || n >= TU_PATH_MAX)
		fail_msg("TMPDIR too long");
	if (!mkdtemp(out))
		fail_msg("mkdtemp %s: %s", out, strerror(errno));
	return out;
}

static inline int tu_rm_one(const char *path, const struct stat *st, int flag,
			    struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (flag == FTW_DP)
		return rmdir(path);
	return unlink(path);
}

/* Remove a directory tree (symlinks are removed, never followed). */
static inline void tu_rmtree(const char *dir)
{
	if (dir && *dir)
		nftw(dir, tu_rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* mkdir -p for every parent directory of `path`. */
static inline void tu_mkparents(const char *path)
{
	char buf[TU_PATH_MAX];
	int n = snprintf(buf, sizeof(buf), "%s", path);
	if (n < 0 || n >= (int)sizeof(buf))
		fail_msg("path too long: %s", path);
	for (char *p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = 0;
		if (mkdir(buf, 0755) < 0 && errno != EEXIST)
			fail_msg("mkdir %s: %s", buf, strerror(errno));
		*p = '/';
	}
}

/* Write `len` bytes to <dir>/<rel>, creating parent directories. */
static inline void tu_write_n(const char *dir, const char *rel, const char *data, size_t len)
{
	char path[TU_PATH_MAX];
	tu_join(path, dir, rel);
	tu_mkparents(path);
	FILE *f = fopen(path, "wb");
	if (!f)
		fail_msg("cannot create %s: %s", path, strerror(errno));
	if (len && fwrite(data, 1, len, f) != len)
		fail_msg("cannot write %s", path);
	if (fclose(f) != 0)
		fail_msg("cannot close %s", path);
}

/* Write a NUL-terminated string to <dir>/<rel>. */
static inline void tu_write(const char *dir, const char *rel, const char *text)
{
	tu_write_n(dir, rel, text, strlen(text));
}

/* Read a whole file into a malloc'd buffer (NUL-terminated); *len its size. */
static inline char *tu_read(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open %s: %s", path, strerror(errno));
	size_t cap = 4096, n = 0;
	char *buf = malloc(cap);
	if (!buf)
		fail_msg("out of memory");
	for (;;) {
		if (n + 1 >= cap) {
			cap *= 2;
			char *nb = realloc(buf, cap);
			if (!nb)
				fail_msg("out of memory");
			buf = nb;
		}
		size_t r = fread(buf + n, 1, cap - n - 1, f);
		if (r == 0)
			break;
		n += r;
	}
	fclose(f);
	buf[n] = 0;
	if (len)
		*len = n;
	return buf;
}

/* A date literal as days since 1970-01-01; fails the test when invalid. */
static inline int tu_days(const char *ymd)
{
	int d;
	if (hta_date_parse(ymd, &d) != 0)
		fail_msg("bad date literal in a test: %s", ymd);
	return d;
}

/* Assert that `hay` contains `needle`, showing both when it does not. */
#define assert_contains(hay, needle)                                               \
	do {                                                                       \
		const char *tu_h_ = (hay), *tu_n_ = (needle);                      \
		if (!tu_h_ || !strstr(tu_h_, tu_n_))                               \
			fail_msg("expected \"%s\" in \"%s\"", tu_n_,                 \
				 tu_h_ ? tu_h_ : "(null)");                        \
	} while (0)

/* Assert that `hay` does not contain `needle`. */
#define assert_not_contains(hay, needle)                                           \
	do {                                                                       \
		const char *tu_h_ = (hay), *tu_n_ = (needle);                      \
		if (tu_h_ && strstr(tu_h_, tu_n_))                                 \
			fail_msg("did not expect \"%s\" in \"%s\"", tu_n_, tu_h_);   \
	} while (0)

/* Assert that two 64-bit signed values are equal, printed as signed. */
#define assert_i64_equal(a, b)                                                     \
	do {                                                                       \
		long long tu_a_ = (long long)(a), tu_b_ = (long long)(b);          \
		if (tu_a_ != tu_b_)                                                \
			fail_msg("%s == %lld, expected %s == %lld", #a, tu_a_, #b,   \
				 tu_b_);                                           \
	} while (0)

#endif
