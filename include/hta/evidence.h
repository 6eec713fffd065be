/*
 * evidence.h — the evidence tree: find the manifests under a root, parse
 * them strictly, then check each claimed PRISMA level against its
 * artifacts and dates (contract section 4, rule 2).
 *
 * Two kinds of trouble, two outcomes: input that cannot be read as written
 * (bad YAML, unknown key, bad date, unknown id, two manifests for one
 * statement) fails the load with HTA_EINVAL and file:line; evidence that is
 * readable but does not hold up (a missing artifact, a stale date) becomes
 * a finding, its level counts 0, and the run goes on.
 */
#ifndef HTA_EVIDENCE_H
#define HTA_EVIDENCE_H

#include "hta/catalog.h"
#include "hta/hash.h"
#include "hta/library.h"
#include "hta/scope.h"

/* One finding about the evidence. Strings are owned by the evidence arena. */
struct hta_finding {
	long stmt;           /* catalog statement index, or -1 */
	const char *path;    /* manifest path relative to the root, or NULL */
	unsigned line;       /* 0 when not tied to a line */
	enum hta_finding_code code;
	const char *message; /* one line, for people */
};

struct hta_claim {
	bool claimed;        /* the level's key is present with content */
	unsigned line, col;
	int result;          /* 0/25/50/75/100 from rating or coverage */
	const char **artifacts;  /* its own, then the paths of its documents */
	unsigned *artifact_lines;
	const char **artifact_files; /* the file each line is in: NULL for the
				      * manifest, "documents.yaml" for a document */
	size_t n_artifacts;
	int date, effective; /* days; valid when has_* */
	bool has_date, has_effective;
	unsigned date_line, effective_line;
	const char *date_file, *effective_file; /* NULL: the manifest; else the
						 * library a date came from */
	const char *file;    /* the manifest claiming it, when it is not the
			      * one holding the claim (a merged statement) */
	int own;             /* result after the checks (0 when one failed) */
};

/* Statement-wide fields of a manifest (struct hta_manifest.field_*). */
enum { HTA_FIELD_OWNER = 0, HTA_FIELD_NA, HTA_FIELD_INHERITED, HTA_FIELD_WAIVER,
       HTA_FIELD_COUNT };

struct hta_manifest {
	const char *path;    /* relative to the evidence root */
	unsigned line;       /* line of `requirement:` */
	long stmt;           /* catalog statement index */
	const char *owner, *na_reason, *notes;
	unsigned na_line;
	int provider;        /* scope provider index, or -1 */
	int weight;          /* inherited percent as written */
	int weight_used;     /* after the catalog's cap */
	unsigned inherit_line;
	bool has_waiver;
	const char *waiver_reason;
	int waiver_expires;
	unsigned waiver_line;
	struct hta_claim level[HTA_LEVEL_COUNT];
	/* Where each statement-wide field is set (line 0: not set). */
	unsigned field_line[HTA_FIELD_COUNT], field_col[HTA_FIELD_COUNT];
	/* The statement's next manifest, in path order (several manifests
	 * may speak for one statement: contract 8.1). */
	struct hta_manifest *next;
};

/* Why an artifact was refused (struct hta_artifact.status). */
enum {
	HTA_ART_OK = 0,
	HTA_ART_MISSING,   /* does not exist */
	HTA_ART_OUTSIDE,   /* absolute, or resolves outside the root */
	HTA_ART_NOT_FILE,  /* a directory, device, FIFO or socket */
	HTA_ART_LOOP,      /* a symlink loop */
	HTA_ART_MANIFEST   /* an evidence manifest (by its name, or the name
			      it resolves to): a manifest is not an artifact */
};

/* An artifact named by at least one manifest (each listed once). */
struct hta_artifact {
	int status;           /* HTA_ART_* */
	const char *path;     /* as written, relative to the root */
	const char *resolved; /* absolute real path, NULL when refused/missing */
	long long size;
	long long mtime_ns, ctime_ns;
	unsigned long long ino;
};

struct hta_evidence {
	struct hta_arena arena;
	const char *root;            /* real path of the evidence root */
	struct hta_manifest *manifests;
	size_t n_manifests;
	/* [cat->n_stmts]; NULL when none. After hta_evidence_check(), a
	 * statement with several manifests points at their union (see
	 * hta_evidence_check()); before it, at the first of its chain. */
	struct hta_manifest **by_stmt;
	struct hta_library library;    /* documents.yaml */
	struct hta_ptrvec findings;    /* struct hta_finding * */
	struct hta_ptrvec artifacts;   /* struct hta_artifact * */
	size_t files_seen;             /* regular files walked */
};

/*
 * Walk `root` (not following directory symlinks; skipping directories
 * whose names start with '.'), read documents.yaml (library.h) and parse
 * every *.evidence.{yaml,yml,json} against the catalog and scope. Free
 * with hta_evidence_free().
 *
 * Every manifest is read, whatever the others hold: when any cannot be
 * (bad YAML, an unknown key, id, provider or document, two manifests
 * claiming one level or both setting a statement-wide field, a broken
 * documents.yaml), the load fails with HTA_EINVAL, `err` holds the first
 * error and `errors` (may be NULL; freed and refilled) every one of them.
 * A YAML or JSON file that holds a `requirement:` key but is not named as
 * a manifest becomes a "manifest-misnamed" finding.
 */
int hta_evidence_load_all(struct hta_evidence *ev, const struct hta_catalog *cat,
			  const struct hta_scope *sc, const char *root,
			  struct hta_errlist *errors, struct hta_err *err);

/* hta_evidence_load_all() without the list of errors. */
int hta_evidence_load(struct hta_evidence *ev, const struct hta_catalog *cat,
		      const struct hta_scope *sc, const char *root, struct hta_err *err);

/*
 * Check every manifest of an in-scope statement (pool[stmt] != 0) at the
 * levels in `scored` (bit per enum hta_level) as of `as_of`: sets each
 * claim's `own` result and records findings (including out-of-scope
 * manifests and expired waivers). Then a statement with several manifests
 * gets their union (contract 8.1) in by_stmt[]: each level from the
 * manifest that claims it, owner, not_applicable, inherited and waiver
 * from the manifest that sets them; its `path` and `line` (the manifest
 * reported for the statement) are those of the manifest that sets a
 * statement-wide field, else of the first (in path order) that claims a
 * level, else of the first. Rule 3 (managed never above measured) applies
 * to the union. Returns 0 or HTA_ENOMEM.
 */
int hta_evidence_check(struct hta_evidence *ev, const struct hta_catalog *cat,
		       const unsigned char *pool, unsigned scored, int as_of,
		       struct hta_err *err);

/* Record a finding (message printf-style). Returns 0 or HTA_ENOMEM. */
int hta_evidence_finding(struct hta_evidence *ev, long stmt, const char *path,
			 unsigned line, enum hta_finding_code code, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

/*
 * Rule 3: a manifest's managed result never exceeds its measured one.
 * When `scored` (bit per level) includes managed and managed is above
 * measured, cap it and record a finding. Called after every step that can
 * lower measured. Returns 0 or HTA_ENOMEM.
 */
int hta_manifest_cap_managed(struct hta_evidence *ev, struct hta_manifest *mf,
			     unsigned scored, struct hta_err *err);

void hta_evidence_free(struct hta_evidence *ev);

/*
 * The result of a rating ("FC", "mostly", ...; any case) as 0..100, or -1.
 */
int hta_rating_parse(const char *s);

/* The band result (0..100) of a coverage percent's integer part. */
int hta_coverage_band(const struct hta_settings *s, int percent);

/* ---- hashing the artifacts (evidence_hash.c; the engine is hash.h) ---- */

/* What an evidence run's hashing did. */
struct hta_hash_result {
	struct hta_hash_item *items;  /* one per distinct readable file (evidence arena) */
	size_t n_items;
	struct hta_hash_item **by_artifact; /* [ev->artifacts.n]: its item, or NULL */
	size_t hashed, cached, failed;      /* files read now, reused, refused */
	unsigned long long bytes_hashed;
	long long started_ns;        /* wall clock just before the first file was read */
};

/*
 * Hash the artifacts the evidence check resolved (ev->artifacts with status
 * HTA_ART_OK), each distinct file once, after asking `cache` (may be NULL)
 * for the ones it knows. A file that cannot be read, or that was replaced
 * or modified while the run read it, is readable-but-bad evidence: each
 * scored claim of an in-scope manifest (pool[stmt] != 0, level bit set in
 * `scored`) that names it gets a finding and counts 0, as a missing
 * artifact does, in the statement's union of manifests too (ev->by_stmt,
 * what is scored). A read that fails for a reason of the process rather than
 * the file (EMFILE, ENFILE, ENOMEM, EIO, ...: see hta_errno_is_about_file)
 * says nothing about the evidence: it fails the whole call with HTA_EIO
 * naming the file, and no finding is made. Call after hta_evidence_check().
 * Returns 0 or HTA_ENOMEM / HTA_EIO.
 */
int hta_evidence_hash(struct hta_evidence *ev, const unsigned char *pool, unsigned scored,
		      const struct hta_hash_opts *o, hta_hash_cache_fn cache, void *cache_ctx,
		      struct hta_hash_result *res, struct hta_err *err);

#endif
