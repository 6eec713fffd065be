/*
 * fuzz.h — what the fuzz harnesses (tests/fuzz/fuzz_*.c) share.
 *
 * Each harness defines LLVMFuzzerTestOneInput(); `make fuzz` links it with
 * libFuzzer (clang), `make check` links it with replay.c (any compiler) to
 * run the seed corpus and every crash ever found. Harnesses that need
 * files write them into one private temporary directory, made on first
 * use and removed at exit. Everything here is `static` so each harness
 * (inline) uses what it needs and builds warning-free.
 */
#ifndef HTA_FUZZ_H
#define HTA_FUZZ_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include <fcntl.h>
#include <ftw.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef FUZZ_SRCDIR
#define FUZZ_SRCDIR "."
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* A broken invariant: report it and abort, which both drivers count as a crash. */
#define FUZZ_ASSERT(cond)                                                         \
	do {                                                                      \
		if (!(cond)) {                                                    \
			fprintf(stderr, "%s:%d: invariant broken: %s\n", __FILE__, \
				__LINE__, #cond);                                 \
			abort();                                                  \
		}                                                                 \
	} while (0)

static char fuzz_tmp[256];

static inline int fuzz_rm_one(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	remove(p);
	return 0;
}

static inline void fuzz_cleanup(void)
{
	if (fuzz_tmp[0])
		nftw(fuzz_tmp, fuzz_rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* The private temporary directory (made on first call). */
static inline const char *fuzz_tmpdir(void)
{
	if (!fuzz_tmp[0]) {
		const char *t = getenv("TMPDIR");
		snprintf(fuzz_tmp, sizeof(fuzz_tmp), "%s/hta-fuzz-XXXXXX", t && *t ? t : "/tmp");
		if (!mkdtemp(fuzz_tmp)) {
			perror("mkdtemp");
			abort();
		}
		atexit(fuzz_cleanup);
	}
	return fuzz_tmp;
}

/* "<tmpdir>/<rel>" into out (PATH_MAX-ish buffer of n bytes). */
static inline const char *fuzz_path(char *out, size_t n, const char *rel)
{
	if ((size_t)snprintf(out, n, "%s/%s", fuzz_tmpdir(), rel) >= n)
		abort();
	return out;
}

/* Write `size` bytes to `path` (replacing it); aborts on an I/O error. */
static inline void fuzz_write(const char *path, const void *data, size_t size)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		perror(path);
		abort();
	}
	const char *p = data;
	while (size) {
		ssize_t w = write(fd, p, size);
		if (w <= 0) {
			perror(path);
			abort();
		}
		p += w;
		size -= (size_t)w;
	}
	close(fd);
}

/* Copy a file of the source tree ("tests/fixtures/...") to `dst`. */
static inline void fuzz_copy_src(const char *rel, const char *dst)
{
	char src[4096];
	snprintf(src, sizeof(src), "%s/%s", FUZZ_SRCDIR, rel);
	FILE *f = fopen(src, "rb");
	if (!f) {
		perror(src);
		abort();
	}
	char *buf = NULL;
	size_t len = 0, cap = 0;
	for (;;) {
		if (len == cap) {
			cap = cap ? cap * 2 : 65536;
			char *nb = realloc(buf, cap);
			if (!nb)
				abort();
			buf = nb;
		}
		size_t r = fread(buf + len, 1, cap - len, f);
		if (!r)
			break;
		len += r;
	}
	fclose(f);
	fuzz_write(dst, buf, len);
	free(buf);
}

/* mkdir -p for one level, aborting on failure other than EEXIST. */
static inline void fuzz_mkdir(const char *path)
{
	if (mkdir(path, 0755) < 0 && access(path, F_OK) != 0) {
		perror(path);
		abort();
	}
}

/* A NUL-terminated heap copy of the input (the caller frees it). */
static inline char *fuzz_cstr(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = 0;
	return s;
}

#endif
