/*
 * import_int.h — what the importers (import_*.c) share with import.c: the
 * input stream (plain or decompressed through libarchive), the per-file
 * context results are added through, and the yajl driver the JSON formats
 * are written on. Not a public header.
 */
#ifndef HTA_IMPORT_INT_H
#define HTA_IMPORT_INT_H

#include "hta/import.h"

#include <stdarg.h>
#include <sys/types.h>

struct archive;

/* A result file being read: the first bytes are kept for sniffing. */
struct import_src {
	int fd;
	struct archive *ar;      /* compressed input, else NULL */
	char *peek;              /* the first bytes (heap) */
	size_t peek_len, peek_off;
	char errmsg[256];        /* why a read failed */
	dev_t dev;               /* the file's identity (a file given twice) */
	ino_t ino;
};

#define IMPORT_PEEK (64u * 1024u)

/* Open `path`; reads the first IMPORT_PEEK bytes into src->peek. */
int import_src_open(struct import_src *src, const char *path, struct hta_err *err);
/* Read up to n bytes: the peeked bytes first. 0 at the end, -1 on error. */
ssize_t import_src_read(struct import_src *src, char *buf, size_t n);
void import_src_close(struct import_src *src);

/* One file's import. */
struct import_ctx {
	struct hta_import *im;
	const char *path;        /* for messages */
	size_t file;             /* index into im->files */
	struct import_src *src;
	long long newest;        /* the file's newest result time */
	bool has_time;
	struct hta_ptrvec untimed; /* checks with untimed results here */
	size_t untimed_results;  /* results without a time */
	size_t results;
	int errors;              /* errors recorded for this file */
	int nomem;
	char why[256];            /* why import_result() refused a result */
};

/*
 * Add one result of check `check` (n bytes). `word` is its status as
 * written (kept for the left-out list). Returns 0 or HTA_ENOMEM.
 */
int import_result(struct import_ctx *c, const char *check, size_t n,
		  enum hta_result_class cls, const char *word, size_t wn,
		  bool has_time, long long t);

/*
 * Add, and as many results at once: `npass` passed, `nfail` not passed,
 * `nleft` left out, `nuntimed` of the counted ones without a time; `t`
 * the newest time of the timed ones (has_time).
 */
int import_results(struct import_ctx *c, const char *check, size_t n,
		   size_t npass, size_t nfail, size_t nleft, size_t nuntimed,
		   const char *word, size_t wn, bool has_time, long long t);

/* Add a cross-reference the check's results carry (deduplicated). */
int import_xref(struct import_ctx *c, const char *check, size_t n,
		enum hta_xref_kind kind, const char *id, size_t idn);

/*
 * Parse the framework/ids a Prowler or ASFF result carries: `fw` names the
 * framework ("HIPAA", "NIST-800-53-Revision-5", "NIST.800-53.r5"), `id`
 * one requirement id as that framework writes it. Unknown frameworks are
 * ignored. Returns 0 or HTA_ENOMEM.
 */
int import_framework_id(struct import_ctx *c, const char *check, size_t n,
			const char *fw, size_t fwn, const char *id, size_t idn);

/* Record an input error at line:col (0: none); returns HTA_EINVAL. */
int import_error(struct import_ctx *c, unsigned line, unsigned col,
		 const char *fmt, ...) __attribute__((format(printf, 4, 5)));
int import_verror(struct import_ctx *c, unsigned line, unsigned col,
		  const char *fmt, va_list ap) __attribute__((format(printf, 4, 0)));
/* Record an error whose message already names its place (FILE:LINE:COL:
 * message, e.g. from the CSV reader); returns HTA_EINVAL. */
int import_error_msg(struct import_ctx *c, const char *msg);

/*
 * Check a result time: a time whose UTC date is after opts.today is an
 * error (in `msg`, n bytes). Returns 0 or -1.
 */
int import_time_check(const struct import_ctx *c, long long t, char *msg, size_t n);

/* True when `n` bytes of `s` equal `lit` ignoring ASCII case. */
bool import_word_is(const char *s, size_t n, const char *lit);

/* ---- the yajl driver (import_json.c) ---- */

#define IMPORT_JSON_KEY 64   /* keys longer than this never match */
#define IMPORT_JSON_DEPTH 64 /* hard ceiling of opts.max_depth */

enum import_json_type { IJ_NULL, IJ_BOOL, IJ_NUMBER, IJ_STRING };

struct import_json;

struct import_json_ops {
	/* a map or array opens at depth j->depth (after the push) */
	int (*open)(struct import_json *j, bool map);
	/* ... and closes; j->depth is still the closing one */
	int (*close)(struct import_json *j, bool map);
	/* a scalar value at j->depth + 1 (its key: j->key[j->depth]) */
	int (*scalar)(struct import_json *j, enum import_json_type t,
		      const char *s, size_t n, bool b);
};

struct import_json {
	struct import_ctx *c;
	void *user;
	unsigned depth;                 /* 0: outside the top value */
	bool is_map[IMPORT_JSON_DEPTH + 1];
	char key[IMPORT_JSON_DEPTH + 1][IMPORT_JSON_KEY + 1]; /* current key per map level */
	unsigned char klen[IMPORT_JSON_DEPTH + 1]; /* its length */
	char fail[HTA_ERR_MAX];         /* why a callback stopped the parse */
};

/*
 * True when the key path from depth `from` (1-based level of the value at
 * that depth) matches the NULL-terminated list of keys; NULL entries in
 * `keys` before the end are not allowed. "*" matches an array level.
 */
bool import_json_at(const struct import_json *j, unsigned from, const char *const *keys,
		    size_t nkeys);

/* True when the key at depth d is the string literal `lit`. */
#define IMPORT_KEY_IS(j, d, lit) \
	((j)->klen[d] == sizeof(lit) - 1 && memcmp((j)->key[d], lit, sizeof(lit) - 1) == 0)

/* Stop the parse with a message (returns 0 for the callback to return). */
int import_json_fail(struct import_json *j, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Parse c->src as JSON with the format's callbacks. */
int import_json_run(struct import_ctx *c, const struct import_json_ops *ops, void *user);

/* ---- the formats ---- */
int import_prowler_ocsf(struct import_ctx *c);
int import_prowler_csv(struct import_ctx *c);
int import_asff(struct import_ctx *c);
int import_xccdf(struct import_ctx *c);
int import_inspec(struct import_ctx *c);

/* What the first bytes look like: a format, or -1 with `what` naming it
 * ("kube-bench JSON", "XML"), or -1 with what = NULL when unknown. */
int import_sniff(const char *buf, size_t n, const char **what);

#endif
