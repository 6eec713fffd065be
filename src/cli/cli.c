/*
 * cli.c — what the subcommands share: messages, finding the catalog,
 * writing output atomically, colour, and option values (dates, counts).
 * Only the CLI prints; these helpers print their own errors and return -1.
 */
#include "cli.h"
#include "hta/evidence.h"
#include "hta/view.h"
#include "hta/date.h"
#include "hta/store.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef HTA_DATADIR
#define HTA_DATADIR "/usr/local/share/hitrust-assess"
#endif

const char *progname = "hitrust-assess";

void die_msg(const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "%s: ", progname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void report_err(const struct hta_err *err)
{
	die_msg("%s", err->msg[0] ? err->msg : "unknown error");
}

static int has_catalog(const char *dir)
{
	char p[PATH_MAX];
	struct stat st;
	if ((size_t)snprintf(p, sizeof(p), "%s/catalog.yaml", dir) >= sizeof(p))
		return 0;
	return stat(p, &st) == 0;
}

const char *locate_catalog(const char *explicit_dir, char *buf, size_t n)
{
	if (explicit_dir)
		return explicit_dir;
	const char *env = getenv("HITRUST_ASSESS_CATALOG");
	if (env && *env)
		return env;
	char exe[PATH_MAX];
	ssize_t l = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (l > 0) {
		exe[l] = 0;
		char *slash = strrchr(exe, '/');
		if (slash) {
			*slash = 0;
			if ((size_t)snprintf(buf, n, "%s/controls", exe) < n && has_catalog(buf))
				return buf;
			if ((size_t)snprintf(buf, n, "%s/../share/hitrust-assess/controls", exe) < n &&
			    has_catalog(buf))
				return buf;
			/* a build tree inside the source tree (build-asan/) */
			if ((size_t)snprintf(buf, n, "%s/../controls", exe) < n && has_catalog(buf))
				return buf;
		}
	}
	snprintf(buf, n, "%s/controls", HTA_DATADIR);
	return buf;
}

int load_catalog(struct hta_catalog *cat, const char *explicit_dir)
{
	char buf[PATH_MAX];
	struct hta_err err = { 0 };
	const char *dir = locate_catalog(explicit_dir, buf, sizeof(buf));
	if (hta_catalog_load(cat, dir, &err)) {
		report_err(&err);
		return -1;
	}
	return 0;
}

int write_output(const char *path, const char *data, size_t len)
{
	if (strcmp(path, "-") == 0) {
		if (fwrite(data, 1, len, stdout) != len || fflush(stdout)) {
			die_msg("cannot write to standard output: %s", strerror(errno));
			return -1;
		}
		return 0;
	}
	char tmp[PATH_MAX];
	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.tmp.%ld", path, (long)getpid()) >= sizeof(tmp)) {
		die_msg("output path is too long: %s", path);
		return -1;
	}
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0) {
		die_msg("cannot write '%s': %s", path, strerror(errno));
		return -1;
	}
	size_t off = 0;
	while (off < len) {
		ssize_t w = write(fd, data + off, len - off);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			die_msg("cannot write '%s': %s", path, strerror(errno));
			close(fd);
			unlink(tmp);
			return -1;
		}
		off += (size_t)w;
	}
	if (close(fd) < 0 || rename(tmp, path) < 0) {
		die_msg("cannot write '%s': %s", path, strerror(errno));
		unlink(tmp);
		return -1;
	}
	return 0;
}

int want_color(void)
{
	const char *nc = getenv("NO_COLOR");
	if (nc && *nc)
		return 0;
	const char *term = getenv("TERM");
	if (term && strcmp(term, "dumb") == 0)
		return 0;
	return isatty(STDOUT_FILENO);
}

int parse_date_opt(const char *opt, const char *s)
{
	int d;
	if (hta_date_parse(s, &d)) {
		die_msg("%s: '%s' is not a real date as YYYY-MM-DD", opt, s);
		return -1;
	}
	return d;
}

int parse_number_opt(const char *opt, const char *s, double lo, double hi, double *out)
{
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (errno || end == s || *end || !isfinite(v) || v < lo || v > hi) {
		die_msg("%s: '%s' is not a number from %g to %g", opt, s, lo, hi);
		return -1;
	}
	*out = v;
	return 0;
}

int parse_busy_timeout(const char *s)
{
	long ms = parse_count_opt("--busy-timeout", s);
	if (ms < 0)
		return -1;
	if (ms > 86400000L) {
		die_msg("--busy-timeout: at most 86400000 ms (a day), not %s", s);
		return -1;
	}
	hta_store_set_busy_timeout((int)ms);
	return 0;
}

long parse_count_opt(const char *opt, const char *s)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < 0 || v > 1000000000L) {
		die_msg("%s: '%s' is not a whole number >= 0", opt, s);
		return -1;
	}
	return v;
}

void report_tree_errors(const struct hta_errlist *errs, const struct hta_err *err,
			const char *what)
{
	if (!errs || errs->total <= 1) {
		report_err(err);
		return;
	}
	for (size_t i = 0; i < errs->n; i++)
		die_msg("%s", errs->msg[i]);
	if (errs->total > errs->n)
		die_msg("... and %zu more errors", errs->total - errs->n);
	die_msg("%zu errors in the evidence; %s", errs->total, what);
}

int parse_view_opt(const char *name, const char *arg, struct hta_view_opts *v,
		   char domain_key[16])
{
	struct hta_err err = { 0 };
	if (strcmp(name, "top") == 0) {
		long n = parse_count_opt("--top", arg);
		if (n < 0)
			return -1;
		if (n == 0 || n > 100000) {
			die_msg("--top: '%s' is not a number from 1 to 100000", arg);
			return -1;
		}
		v->top = (int)n;
	} else if (strcmp(name, "domain") == 0) {
		if (hta_view_domain_parse(arg, domain_key, &err)) {
			report_err(&err);
			return -1;
		}
		v->domain = domain_key;
	} else if (strcmp(name, "owner") == 0) {
		if (!*arg) {
			die_msg("--owner: give an owner (as the manifests write it)");
			return -1;
		}
		v->owner = arg;
	} else {
		int bits = hta_view_status_parse(arg, &err);
		if (bits < 0) {
			report_err(&err);
			return -1;
		}
		v->status = (unsigned)bits;
	}
	return 0;
}
