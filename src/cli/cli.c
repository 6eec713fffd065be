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
	struct hta_errlist errs = { 0 };
	const char *dir = locate_catalog(explicit_dir, buf, sizeof(buf));
	int rc = hta_catalog_load_all(cat, dir, &errs, &err);
	if (rc && (rc != HTA_EINVAL || errs.total <= 1)) {
		report_err(&err);
	} else if (rc) { /* every error of the catalog, capped (hta/hta.h) */
		for (size_t i = 0; i < errs.n; i++)
			die_msg("%s", errs.msg[i]);
		if (errs.total > errs.n)
			die_msg("... and %zu more errors", errs.total - errs.n);
		die_msg("%zu errors in the catalog %s", errs.total, dir);
	}
	hta_errlist_free(&errs);
	return rc ? -1 : 0;
}

/* The report database's path: -o must never name it (output_protect). */
static const char *protected_db;

void output_protect(const char *db_path)
{
	protected_db = db_path;
}

/* dirname(path) resolved + "/" + basename(path) into out; 0 or -1. */
static int resolve_parent(const char *path, char *out, size_t n)
{
	char dir[PATH_MAX], real[PATH_MAX];
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	size_t dl = slash ? (size_t)(slash - path) : 1;
	if (dl >= sizeof(dir))
		return -1;
	if (!slash) {
		memcpy(dir, ".", 2);
	} else if (dl == 0) {
		memcpy(dir, "/", 2);
	} else {
		memcpy(dir, path, dl);
		dir[dl] = 0;
	}
	if (!realpath(dir, real))
		return -1;
	return (size_t)snprintf(out, n, "%s/%s", strcmp(real, "/") ? real : "", base) < n ? 0 : -1;
}

/* Whether `path` (stat'ed as *sb when it exists) is the protected database or its journal. */
static int is_database(const char *path, const struct stat *sb)
{
	if (!protected_db)
		return 0;
	struct stat db;
	if (sb && stat(protected_db, &db) == 0 && db.st_dev == sb->st_dev && db.st_ino == sb->st_ino)
		return 1;
	char a[PATH_MAX], b[PATH_MAX];
	if (resolve_parent(path, a, sizeof(a)) || resolve_parent(protected_db, b, sizeof(b)))
		return 0;
	static const char *const side[] = { "", "-journal", "-wal", "-shm" };
	for (size_t i = 0; i < sizeof(side) / sizeof(side[0]); i++) {
		size_t bl = strlen(b);
		if (strncmp(a, b, bl) == 0 && strcmp(a + bl, side[i]) == 0)
			return 1;
	}
	return 0;
}

int output_open(struct output *o, const char *path)
{
	memset(o, 0, sizeof(*o));
	o->path = path;
	o->fd = -1;
	if (strcmp(path, "-") == 0)
		return 0;
	struct stat sb, lsb;
	int exists = stat(path, &sb) == 0;
	if (!exists && errno != ENOENT) {
		die_msg("-o: cannot write '%s': %s", path, strerror(errno));
		return -1;
	}
	if (!exists && lstat(path, &lsb) == 0 && S_ISLNK(lsb.st_mode)) {
		die_msg("-o: '%s' is a symlink to nothing; refused", path);
		return -1;
	}
	if (is_database(path, exists ? &sb : NULL)) {
		die_msg("-o: '%s' is the report database (--db); refused", path);
		return -1;
	}
	if (exists && S_ISDIR(sb.st_mode)) {
		die_msg("-o: cannot write '%s': Is a directory", path);
		return -1;
	}
	struct stat so;
	if (exists && fstat(STDOUT_FILENO, &so) == 0 && so.st_dev == sb.st_dev &&
	    so.st_ino == sb.st_ino)
		return 0; /* the file standard output is (/dev/stdout): write there */
	if (exists && !S_ISREG(sb.st_mode)) {
		/* A device, FIFO or socket: written in place, never replaced. */
		o->fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC);
		if (o->fd < 0) {
			die_msg("-o: cannot write '%s': %s", path, strerror(errno));
			return -1;
		}
		return 0;
	}
	/* A regular file, or none yet: a temporary file beside the target
	 * (through a symlink: beside what it points to). */
	char real[PATH_MAX];
	const char *target = path;
	if (exists && lstat(path, &lsb) == 0 && S_ISLNK(lsb.st_mode)) {
		if (!realpath(path, real)) {
			die_msg("-o: cannot resolve '%s': %s", path, strerror(errno));
			return -1;
		}
		target = real;
	}
	size_t tl = strlen(target) + 32;
	o->target = strdup(target);
	o->tmp = malloc(tl);
	if (!o->target || !o->tmp) {
		die_msg("out of memory");
		output_abort(o);
		return -1;
	}
	snprintf(o->tmp, tl, "%s.tmp.%ld", target, (long)getpid());
	o->fd = open(o->tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (o->fd < 0) {
		die_msg("-o: cannot write '%s': %s", path, strerror(errno));
		free(o->tmp);
		o->tmp = NULL;
		output_abort(o);
		return -1;
	}
	return 0;
}

int output_write(struct output *o, const char *data, size_t len)
{
	if (o->fd < 0) {
		if (fwrite(data, 1, len, stdout) != len || fflush(stdout)) {
			die_msg("cannot write to standard output: %s", strerror(errno));
			return -1;
		}
		return 0;
	}
	size_t off = 0;
	while (off < len) {
		ssize_t w = write(o->fd, data + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			die_msg("-o: cannot write '%s': %s", o->path, w < 0 ? strerror(errno) : "no progress");
			return -1;
		}
		off += (size_t)w;
	}
	return 0;
}

/* Free the names; the files are the caller's business. */
static void output_forget(struct output *o)
{
	free(o->tmp);
	free(o->target);
	free(o->old);
	o->tmp = o->target = o->old = NULL;
	o->staged = o->deferred = false;
}

int output_stage(struct output *o)
{
	if (o->fd >= 0 && close(o->fd) < 0) {
		o->fd = -1;
		die_msg("-o: cannot write '%s': %s", o->path, strerror(errno));
		return -1;
	}
	o->fd = -1;
	if (!o->tmp || o->staged)
		return 0; /* standard output or a device: written in place */
	size_t n = strlen(o->target) + 32;
	if (!(o->old = malloc(n))) {
		die_msg("out of memory");
		return -1;
	}
	snprintf(o->old, n, "%s.old.%ld", o->target, (long)getpid());
	if (link(o->target, o->old) < 0) {
		int e = errno;
		free(o->old);
		o->old = NULL;
		if (e == EPERM || e == EOPNOTSUPP || e == EXDEV || e == EMLINK) {
			/* no hard links here: replace the file after the commit */
			o->staged = o->deferred = true;
			return 0;
		}
		if (e != ENOENT) {
			die_msg("-o: cannot write '%s': %s", o->path, strerror(e));
			return -1;
		}
	}
	if (rename(o->tmp, o->target) < 0) {
		die_msg("-o: cannot write '%s': %s", o->path, strerror(errno));
		if (o->old)
			unlink(o->old);
		free(o->old);
		o->old = NULL;
		return -1;
	}
	o->staged = true;
	return 0;
}

int output_done(struct output *o)
{
	int rc = 0;
	if (!o->staged && output_stage(o))
		rc = -1;
	else if (o->deferred && rename(o->tmp, o->target) < 0) {
		die_msg("-o: cannot write '%s': %s", o->path, strerror(errno));
		unlink(o->tmp);
		rc = -1;
	} else if (o->old && unlink(o->old) < 0) {
		die_msg("note: -o: the previous '%s' is left as '%s': %s", o->path, o->old,
			strerror(errno));
	}
	if (rc && o->tmp && !o->deferred)
		unlink(o->tmp);
	output_forget(o);
	return rc;
}

int output_finish(struct output *o)
{
	return output_done(o);
}

void output_abort(struct output *o)
{
	if (o->fd >= 0)
		close(o->fd);
	o->fd = -1;
	if (o->staged && !o->deferred) {
		/* the new report went in: put the old one back, or take it out */
		if (o->old ? rename(o->old, o->target) < 0 : unlink(o->target) < 0)
			die_msg("-o: cannot restore '%s': %s", o->path, strerror(errno));
	} else if (o->tmp) {
		unlink(o->tmp);
	}
	output_forget(o);
}

int write_output(const char *path, const char *data, size_t len)
{
	struct output o;
	if (output_open(&o, path))
		return -1;
	if (output_write(&o, data, len)) {
		output_abort(&o);
		return -1;
	}
	return output_finish(&o);
}

int finish_stdout(int status)
{
	int e = 0;
	if (fflush(stdout) != 0)
		e = errno ? errno : EIO;
	else if (ferror(stdout))
		e = EIO;
	/* A closed stdout that was never written to is no error (EBADF). */
	if (fclose(stdout) != 0 && !e && errno != EBADF)
		e = errno;
	if (!e)
		return status;
	if (status != EXIT_ERROR) /* else the failed write said so already */
		die_msg("cannot write to standard output: %s", strerror(e));
	return EXIT_ERROR;
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
			const char *where, const char *what)
{
	if (!errs || errs->total <= 1) {
		report_err(err);
		return;
	}
	for (size_t i = 0; i < errs->n; i++)
		die_msg("%s", errs->msg[i]);
	if (errs->total > errs->n)
		die_msg("... and %zu more errors", errs->total - errs->n);
	die_msg("%zu errors in %s; %s", errs->total, where, what);
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
