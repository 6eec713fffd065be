/*
 * library.h — the evidence library: `documents.yaml` at the evidence root
 * declares documents once (id, path, review and effective dates, owner),
 * and a manifest's level names them with `documents: [id, ...]`
 * (contract section 8.2; format in hitrust-assess-evidence(5)).
 *
 * The evidence reader (evidence.h) loads the library before the
 * manifests: a named document counts as one of the level's artifacts, and
 * lends the level its dates when the level gives none (see
 * hta_library_dates()). Every value keeps its line, so a finding about a
 * document's date names documents.yaml and that line.
 */
#ifndef HTA_LIBRARY_H
#define HTA_LIBRARY_H

#include "hta/alloc.h"
#include "hta/hta.h"

/* The library's file name, at the evidence root. */
#define HTA_LIBRARY_FILE "documents.yaml"

struct hta_document {
	const char *id;           /* [a-z0-9-]+, unique */
	const char *path;         /* an artifact path, relative to the root */
	const char *owner;        /* or NULL */
	bool has_reviewed, has_effective;
	int reviewed, effective;  /* days since 1970-01-01 */
	unsigned line, path_line, reviewed_line, effective_line;
};

struct hta_library {
	struct hta_arena arena;   /* owns everything */
	bool present;             /* documents.yaml exists */
	struct hta_document *docs; /* in file order */
	size_t n;
};

/*
 * Load `root`/documents.yaml (named "documents.yaml" in messages). No file
 * is an empty library (present false). Every error is FILE:LINE:COL: not a
 * mapping with one `documents:` list, an unknown key, an id that is not
 * [a-z0-9-]+ or repeats one, a missing or empty path, a bad date. The file
 * is opened without following a symlink. Free with hta_library_free().
 */
int hta_library_load(struct hta_library *lib, const char *root, struct hta_err *err);

/*
 * hta_library_load(), reading on past a bad value so that every error of
 * the file is reported: each error is added to `l` (may be NULL) in file
 * order, and the first is set in `err`. Returns as hta_library_load().
 */
int hta_library_load_all(struct hta_library *lib, const char *root, struct hta_errlist *l,
			 struct hta_err *err);

/* The document `id`, or NULL. */
const struct hta_document *hta_library_find(const struct hta_library *lib, const char *id);

void hta_library_free(struct hta_library *lib);

/*
 * The dates a level takes from the documents it names (`docs`, n of them),
 * for what the level does not give itself (contract 8.2): the oldest
 * `reviewed` among the documents that give one, and the newest
 * `effective`. Each found date is written with the document that gave it
 * (*date_doc, *eff_doc); a date no document gives leaves its doc NULL.
 */
void hta_library_dates(const struct hta_document *const *docs, size_t n,
		       const struct hta_document **date_doc,
		       const struct hta_document **eff_doc);

/*
 * Append the documents.yaml `init` writes: an empty library
 * (`documents: []`, emitted with libyaml) under a comment that shows the
 * format. Returns 0 or HTA_ENOMEM.
 */
int hta_library_skeleton(struct hta_buf *out);

#endif
