/*
 * failio.c — an LD_PRELOAD shim for the end-to-end tests (t_hardening.sh):
 * makes open() of any path containing $FAILIO_MATCH fail with errno
 * $FAILIO_ERRNO (a number), or, with FAILIO_ON=read, succeed and make every
 * read() of that descriptor fail instead. A process resource error
 * (EMFILE, ENFILE, ENOMEM, EIO) injected exactly where the assessor reads
 * an artifact: deterministic, no timing, no load needed. With
 * FAILIO_ON=rename, rename() onto a path containing $FAILIO_MATCH fails
 * instead (t_ladder.sh: the -o report moved into place after the commit).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

static atomic_int bad_fd[1024];

static int hit(const char *path, int *on_read)
{
	const char *m = getenv("FAILIO_MATCH"), *e = getenv("FAILIO_ERRNO");
	const char *on = getenv("FAILIO_ON");
	*on_read = on && strcmp(on, "read") == 0;
	if (on && strcmp(on, "rename") == 0)
		return 0;
	return m && *m && e && path && strstr(path, m) ? (int)strtol(e, NULL, 10) : 0;
}

static int do_open(const char *sym, const char *path, int flags, mode_t mode)
{
	int (*real)(const char *, int, ...) = (int (*)(const char *, int, ...))dlsym(RTLD_NEXT, sym);
	int on_read, e = hit(path, &on_read);
	if (e && !on_read) {
		errno = e;
		return -1;
	}
	int fd = real(path, flags, mode);
	if (e && fd >= 0 && fd < 1024)
		atomic_store(&bad_fd[fd], e);
	return fd;
}

int open(const char *path, int flags, ...)
{
	mode_t mode = 0;
	if (flags & (O_CREAT | O_TMPFILE)) {
		va_list ap;
		va_start(ap, flags);
		mode = (mode_t)va_arg(ap, int);
		va_end(ap);
	}
	return do_open("open", path, flags, mode);
}

int open64(const char *path, int flags, ...)
{
	mode_t mode = 0;
	if (flags & (O_CREAT | O_TMPFILE)) {
		va_list ap;
		va_start(ap, flags);
		mode = (mode_t)va_arg(ap, int);
		va_end(ap);
	}
	return do_open("open64", path, flags, mode);
}

ssize_t read(int fd, void *buf, size_t n)
{
	ssize_t (*real)(int, void *, size_t) = (ssize_t (*)(int, void *, size_t))dlsym(RTLD_NEXT, "read");
	int e = fd >= 0 && fd < 1024 ? atomic_load(&bad_fd[fd]) : 0;
	if (e) {
		errno = e;
		return -1;
	}
	return real(fd, buf, n);
}

int close(int fd)
{
	int (*real)(int) = (int (*)(int))dlsym(RTLD_NEXT, "close");
	if (fd >= 0 && fd < 1024)
		atomic_store(&bad_fd[fd], 0);
	return real(fd);
}

int rename(const char *from, const char *to)
{
	int (*real)(const char *, const char *) =
		(int (*)(const char *, const char *))dlsym(RTLD_NEXT, "rename");
	const char *m = getenv("FAILIO_MATCH"), *e = getenv("FAILIO_ERRNO");
	const char *on = getenv("FAILIO_ON");
	if (on && strcmp(on, "rename") == 0 && m && *m && e && to && strstr(to, m)) {
		errno = (int)strtol(e, NULL, 10);
		return -1;
	}
	return real(from, to);
}
