/*
 * manifest.h — one evidence manifest as plain values: read from a parsed
 * document (strictly, without the catalog), and written back as YAML with
 * libyaml's emitter, to a buffer or atomically to a file.
 *
 * This is the one place that knows a manifest's syntax (the format is
 * hitrust-assess-evidence(5)). The evidence reader (evidence.h) reads every
 * manifest through hta_manifest_read() and then resolves the requirement
 * and provider against the catalog and scope; `init`, the importers and
 * the workbook build a struct hta_manifest_desc and write it with
 * hta_manifest_write_file(). What the writer writes, the reader reads back
 * as the same description (tests/unit/test_manifest.c checks every field
 * with hostile strings).
 *
 * Comments. libyaml's emitter has no comment event, so comment lines are
 * written as a block before the emitted document: each line becomes
 * "# " + the line, after sanitising it so that nothing in it can end the
 * comment early or make the file unreadable — a line break of any kind
 * (LF, CR, NEL U+0085, U+2028, U+2029) starts a new comment line, every
 * other control character (C0, DEL, C1) and the byte-order mark become a
 * space, and bytes that are not valid UTF-8 become '?'. Comments are for
 * people (an `init` skeleton's statement text and illustrative evidence);
 * the reader ignores them, so they are not part of the round trip.
 */
#ifndef HTA_MANIFEST_H
#define HTA_MANIFEST_H

#include "hta/alloc.h"
#include "hta/doc.h"
#include "hta/hta.h"

/* A position in the file a description was read from (0: not read). */
struct hta_pos {
	unsigned line, col;
};

/* One PRISMA level of a manifest. */
struct hta_level_desc {
	bool claimed;              /* the level is present with content */
	const char *rating;        /* as written (FC MC PC SC NC, fully, ...), or NULL */
	bool has_coverage;         /* coverage given instead of a rating */
	int coverage_h;            /* percent in hundredths: 9250 is 92.5 (0..10000) */
	const char **artifacts;    /* paths relative to the evidence root */
	size_t n_artifacts;
	const char **documents;    /* ids from documents.yaml (the evidence library) */
	size_t n_documents;
	bool has_date;             /* `reviewed` (policy, procedure) or `tested` */
	int date;                  /* days since 1970-01-01 */
	bool has_effective;
	int effective;             /* days since 1970-01-01 */
	/* Positions, filled by hta_manifest_read() (writers leave them 0). */
	struct hta_pos pos, rating_pos, date_pos, effective_pos;
	struct hta_pos *artifact_pos;  /* [n_artifacts] or NULL */
	struct hta_pos *document_pos;  /* [n_documents] or NULL */
};

/*
 * A manifest. Optional strings are NULL when absent. Every string is
 * UTF-8 text that is not empty or blank (the reader refuses those).
 */
struct hta_manifest_desc {
	const char *requirement;   /* required: a statement id */
	const char *owner;
	const char *not_applicable; /* the reason */
	const char *provider;      /* inherited: { provider, weight } when non-NULL */
	int weight;                /* 0..100 */
	bool has_waiver;
	const char *waiver_reason;
	int waiver_expires;        /* days since 1970-01-01 */
	struct hta_level_desc level[HTA_LEVEL_COUNT]; /* index: enum hta_level */
	const char *notes;
	/* Comment lines written before the document, wrapped at 78 columns
	 * (see the top of this file and hta_yaml_comment()); ignored by the
	 * reader. */
	const char *const *comments;
	size_t n_comments;
	/* Positions, filled by hta_manifest_read(). */
	struct hta_pos pos, requirement_pos, owner_pos, na_pos, inherited_pos,
		provider_pos, weight_pos, waiver_pos, expires_pos, notes_pos;
};

/*
 * Read the manifest in `doc` into `m` (zeroed first): every key known,
 * every value of the right kind, a rating or a coverage in each claimed
 * level, real dates. Strings and arrays are allocated from `A` (the
 * document may be freed afterwards). It does not look at the catalog or
 * the scope: an unknown requirement or provider is the caller's to refuse.
 * Returns 0, HTA_EINVAL (err: FILE:LINE:COL) or HTA_ENOMEM.
 */
int hta_manifest_read(struct hta_manifest_desc *m, struct hta_arena *A,
		      const struct hta_doc *doc, struct hta_err *err);

/*
 * hta_manifest_read(), reading on after a bad value so that every error of
 * the file is reported: each error is added to `l` (may be NULL) in the
 * order read, and the first is set in `err`. Returns as hta_manifest_read();
 * `m` is complete only when it returns 0.
 */
int hta_manifest_read_all(struct hta_manifest_desc *m, struct hta_arena *A,
			  const struct hta_doc *doc, struct hta_errlist *l, struct hta_err *err);

/*
 * Append `m` as YAML to `out`: the comment block, then the document.
 * Returns 0; HTA_EINVAL when `m` would not read back as written (no
 * requirement, an empty or non-UTF-8 string, a claimed level with neither
 * or both of rating and coverage, an unknown rating, a coverage or weight
 * out of range, a string over the reader's limits) with `err` naming the
 * field; HTA_ENOMEM.
 */
int hta_manifest_emit(struct hta_buf *out, const struct hta_manifest_desc *m,
		      struct hta_err *err);

/* Flags of hta_write_file() and hta_manifest_write_file(). */
#define HTA_WRITE_KEEP 1u   /* never replace an existing file */
#define HTA_WRITE_NOSYNC 2u /* no fsync of the file and its directory: for
			     * many files at once, the caller syncs once at
			     * the end (still atomic: never half a file) */

/*
 * Write `len` bytes to `path` atomically: a temporary file beside it
 * (same directory, a name no manifest pattern matches), fsync, then
 * rename over `path` — or, with HTA_WRITE_KEEP, link to `path`, which
 * fails when anything exists there (that file is then left untouched and
 * *written is false). The directory is fsynced afterwards (unless
 * HTA_WRITE_NOSYNC). A reader sees
 * the old file or the new one, never part of one. `written` may be NULL.
 * Returns 0, HTA_EIO (err names the path) or HTA_ENOMEM.
 */
int hta_write_file(const char *path, const void *data, size_t len, unsigned flags,
		   bool *written, struct hta_err *err);

/* hta_manifest_emit() then hta_write_file(). */
int hta_manifest_write_file(const char *path, const struct hta_manifest_desc *m,
			    unsigned flags, bool *written, struct hta_err *err);

/*
 * Append `text` to `out` as comment lines ("# ...\n"), sanitised as
 * described at the top of this file. Each line of `text` is wrapped at
 * spaces to about `width` columns (0: not wrapped), a continuation keeping
 * the line's leading spaces; an empty line gives a bare "#". For files
 * written with a comment header: manifests, documents.yaml.
 */
void hta_yaml_comment(struct hta_buf *out, const char *text, unsigned width);

#endif
