/*
 * doc.h — a small document tree for YAML and JSON input that remembers
 * where every value came from.
 *
 * Catalog files, scope files and evidence manifests are all read into this
 * tree first, so each later error can name FILE:LINE:COL. The loader is
 * strict and bounded: duplicate keys, aliases, several documents, a NUL
 * byte, or input beyond the limits below is refused with a position.
 * JSON input is first checked to be strict JSON (cJSON), then read with the
 * same YAML parser, which gives it positions.
 */
#ifndef HTA_DOC_H
#define HTA_DOC_H

#include "hta/alloc.h"
#include "hta/hta.h"

enum hta_node_kind { HTA_NODE_SCALAR = 0, HTA_NODE_MAP, HTA_NODE_SEQ };

struct hta_node {
	enum hta_node_kind kind;
	unsigned line, col;    /* 1-based position of the value's start */
	const char *s;         /* scalar text (NUL-terminated), else NULL */
	size_t len;            /* scalar length in bytes */
	int plain;             /* scalar was unquoted (so null/true/42 are typed) */
	size_t n;              /* seq: items; map: key/value pairs */
	struct hta_node **items; /* seq: n items; map: 2n, key then value */
};

/*
 * Limits that keep a hostile file from exhausting time or memory (each
 * documented in docs/robustness.md). Aliases are always refused, so no
 * input expands beyond its own size.
 */
struct hta_doc_limits {
	size_t max_bytes;   /* file size */
	unsigned max_depth; /* nesting of maps and sequences (at most 63) */
	size_t max_nodes;   /* total values */
	size_t max_scalar;  /* bytes in one scalar */
	size_t max_items;   /* items in one list, keys in one mapping */
};

/* Limits for a manifest or scope file (1 MiB, depth 16, 100k values,
 * 64 KiB scalars, 10,000 items per list or mapping). */
extern const struct hta_doc_limits hta_doc_limits_small;
/* Limits for a catalog file (32 MiB, depth 16, 4M values, 64 KiB
 * scalars, 100,000 items per list or mapping). */
extern const struct hta_doc_limits hta_doc_limits_catalog;

/* Flags of hta_doc_load() and hta_doc_parse(). */
#define HTA_DOC_JSON 1u     /* strict JSON (checked with cJSON first) */
#define HTA_DOC_NOFOLLOW 2u /* hta_doc_load: refuse a symlink (O_NOFOLLOW) */

struct hta_doc {
	struct hta_arena arena; /* owns every node and string */
	const char *file;       /* display name used in messages (arena copy) */
	struct hta_node *root;  /* NULL for an empty document */
};

/*
 * Read and parse `path` (JSON with HTA_DOC_JSON in `flags`, else YAML) into
 * `doc`, naming it `display` in messages (NULL: `path`). Refuses a file
 * that is not regular (a FIFO or device is never read: the open does not
 * block), a symlink when HTA_DOC_NOFOLLOW is given, a file over
 * lim->max_bytes (before reading it) or one holding a NUL byte. On failure
 * `doc` is left empty and `err` names the file and position. Free with
 * hta_doc_free.
 */
int hta_doc_load(struct hta_doc *doc, const char *path, const char *display,
		 unsigned flags, const struct hta_doc_limits *lim, struct hta_err *err);

/* Parse `len` bytes of `buf` as hta_doc_load() does (HTA_DOC_JSON only). */
int hta_doc_parse(struct hta_doc *doc, const char *buf, size_t len,
		  const char *display, unsigned flags,
		  const struct hta_doc_limits *lim, struct hta_err *err);

/* Release everything the document owns. */
void hta_doc_free(struct hta_doc *doc);

/* ---- schema helpers: each sets `err` at the node's position ---- */

/* The value under `key` in map `m`, or NULL. */
const struct hta_node *hta_map_get(const struct hta_node *m, const char *key);

/*
 * Check that `n` is a map whose keys are all in the NULL-terminated list
 * `allowed`; `what` names the map in messages ("manifest").
 */
int hta_map_check(const struct hta_doc *d, const struct hta_node *n,
		  const char *what, const char *const *allowed,
		  struct hta_err *err);

/* Check that `n` is a sequence. */
int hta_seq_check(const struct hta_doc *d, const struct hta_node *n,
		  const char *what, struct hta_err *err);

/* True when `n` is a plain null scalar (empty, "~", "null"). */
int hta_node_is_null(const struct hta_node *n);

/* A non-empty string scalar (not null). *out points into the document. */
int hta_node_str(const struct hta_doc *d, const struct hta_node *n,
		 const char *what, const char **out, struct hta_err *err);

/* A plain decimal integer in [min, max]. */
int hta_node_int(const struct hta_doc *d, const struct hta_node *n,
		 const char *what, long long min, long long max, long long *out,
		 struct hta_err *err);

/*
 * A plain decimal number in [0, max] with at most two decimals, returned in
 * hundredths (92.5 -> 9250).
 */
int hta_node_hundredths(const struct hta_doc *d, const struct hta_node *n,
			const char *what, long long max, long long *out,
			struct hta_err *err);

/*
 * A coverage percent: a plain decimal number in [0, 100], returned in
 * hundredths with any decimals past the second dropped (65.999 -> 6599):
 * only its integer part chooses the band (contract 4 rule 1), and dropping
 * decimals never moves a value into another band.
 */
int hta_node_coverage(const struct hta_doc *d, const struct hta_node *n,
		      const char *what, long long *out, struct hta_err *err);

/* A plain boolean: true or false, in any case. */
int hta_node_bool(const struct hta_doc *d, const struct hta_node *n,
		  const char *what, bool *out, struct hta_err *err);

/* A YYYY-MM-DD date (plain or quoted), as days since 1970-01-01. */
int hta_node_date(const struct hta_doc *d, const struct hta_node *n,
		  const char *what, int *out, struct hta_err *err);

/* Set `err` at the node's position with a printf-style message. */
int hta_node_err(const struct hta_doc *d, const struct hta_node *n,
		 struct hta_err *err, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

#endif
