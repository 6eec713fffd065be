/*
 * yaml_emit_int.h — the library's YAML writer over libyaml's emitter,
 * shared by the files the library writes for people to edit: manifests
 * (manifest.c) and scope.yaml (scope.c). Internal to src/lib.
 *
 * Strings are written plain only when no YAML reader could take them for
 * anything but a string (hta_ye_plain_safe); everything else is
 * double-quoted, which libyaml escapes completely. Each call is a no-op
 * once an earlier one failed: a writer emits a whole document and checks
 * the status once (x->rc).
 */
#ifndef HTA_YAML_EMIT_INT_H
#define HTA_YAML_EMIT_INT_H

#include "hta/alloc.h"
#include "hta/hta.h"

#include <yaml.h>

struct hta_ye {
	yaml_emitter_t e;
	struct hta_buf *out;
	struct hta_err *err;
	const char *what;   /* "manifest", "scope": for the emitter's own errors */
	size_t nodes;       /* values emitted, against the reader's node limit */
	int rc;             /* 0, or the first failure */
};

/*
 * Start a stream and a document appending to `out`: block style, indent
 * 2, no line wrapping (a value is on one line), UTF-8. Returns HTA_ENOMEM
 * when the emitter cannot be made (nothing to free); otherwise 0, and
 * hta_ye_end() must follow (a failure so far is kept in x->rc).
 */
int hta_ye_begin(struct hta_ye *x, struct hta_buf *out, const char *what, struct hta_err *err);

/* End the document and the stream, flush, free the emitter; returns x->rc. */
int hta_ye_end(struct hta_ye *x);

/* Could `s` be written plain and read back as this string? */
bool hta_ye_plain_safe(const char *s);

/* A raw scalar: `plain` for numbers, dates and checked words. */
int hta_ye_scalar(struct hta_ye *x, const char *s, bool plain);

/* A user's string, checked to read back as itself (not blank, within the
 * reader's limits, UTF-8); `what` names it in the error. */
int hta_ye_text(struct hta_ye *x, const char *what, const char *s);

/* A mapping key (a fixed word). */
int hta_ye_key(struct hta_ye *x, const char *k);

int hta_ye_map_start(struct hta_ye *x, bool flow);
int hta_ye_map_end(struct hta_ye *x);
int hta_ye_seq_start(struct hta_ye *x, bool flow);
int hta_ye_seq_end(struct hta_ye *x);

/* A date (days since 1970-01-01) as YYYY-MM-DD, 1900..9999. */
int hta_ye_date(struct hta_ye *x, int days);

/* `k: [v...]` as a flow sequence of user strings; nothing when n is 0. */
int hta_ye_list(struct hta_ye *x, const char *k, const char *what, const char *const *v, size_t n);

#endif
