/*
 * workbook_int.h — what the workbook's model (workbook.c) and its writers
 * (workbook_out.c) share: the column table, the evidence tree as the
 * workbook sees it (each statement's manifests with their bytes' hash),
 * and one cell's value.
 */
#ifndef HTA_WORKBOOK_INT_H
#define HTA_WORKBOOK_INT_H

#include "hta/hash.h"
#include "hta/library.h"
#include "hta/manifest.h"
#include "hta/scope.h"
#include "hta/workbook.h"

/* What a column holds. */
enum wb_kind {
	K_ID, K_INFO, K_OWNER, K_NA, K_NA_REASON, K_PROVIDER, K_WEIGHT,
	K_EXAMPLE, K_RATING, K_COVERAGE, K_ARTIFACTS, K_DOCUMENTS, K_DATE, K_EFFECTIVE,
	K_NOTES, K_MANIFEST, K_HASH
};

/* Read-only catalog columns (K_INFO). */
enum wb_info { I_NONE, I_DOMAIN, I_DOMAIN_NAME, I_CONTROL, I_TITLE, I_TEXT };

struct wb_col {
	const char *name;   /* the header, as written and matched (any case) */
	enum wb_kind kind;
	int level;          /* enum hta_level for the per-level columns, else -1 */
	enum wb_info info;
	double width;       /* XLSX column width, in characters */
};

extern const struct wb_col wb_cols[];
extern const size_t wb_ncols;

/* One manifest of the tree. */
struct wb_mf {
	const char *path;            /* relative to the evidence root */
	long stmt;
	bool json;                   /* *.evidence.json: never rewritten */
	bool imported;               /* under imports/: an importer's, never rewritten */
	struct hta_manifest_desc d;
	const char **comments;       /* its leading comment block, kept on rewrite */
	size_t n_comments;
	char sha[HTA_SHA256_HEX];    /* of its bytes */
};

/* The evidence tree: scope, and every manifest grouped by statement. */
struct wb_tree {
	struct hta_arena arena;
	struct hta_scope sc;
	bool have_sc;
	const char *root;            /* real path */
	struct hta_library lib;      /* documents.yaml, for document ids */
	struct wb_mf *mf;            /* sorted by statement, then path */
	size_t n_mf;
	size_t *first, *count;       /* [cat->n_stmts]: the statement's run in mf */
};

/* Load the tree; `errors` (may be NULL) gets every error of a tree that
 * does not load (hta_evidence_load_all). */
int wb_tree_load(struct wb_tree *t, const struct hta_catalog *cat, const char *root,
		 const char *scope_path, struct hta_errlist *errors, struct hta_err *err);
void wb_tree_free(struct wb_tree *t);

/*
 * The union of a statement's manifests: each field from the manifest that
 * sets it (the first in path order), each level from the one claiming it.
 */
void wb_union(const struct wb_tree *t, long stmt, struct hta_manifest_desc *u);

/* The statement's content hash into `hex` ("" when it has no manifest). */
int wb_stmt_hash(const struct wb_tree *t, long stmt, char hex[HTA_SHA256_HEX],
		 struct hta_err *err);

/* One cell's value for a writer. */
struct wb_val {
	enum { V_EMPTY, V_TEXT, V_NUMBER, V_DATE } kind;
	const char *s;   /* V_TEXT (may point into buf) */
	double num;      /* V_NUMBER */
	int days;        /* V_DATE */
};

/* A row of the export: one in-scope statement. */
struct wb_out_row {
	long stmt;
	struct hta_manifest_desc u;
	const char *manifests;   /* paths, one per line */
	char hash[HTA_SHA256_HEX];
};

struct wb_export {
	const struct hta_catalog *cat;
	const struct wb_tree *tree;
	struct wb_out_row *rows;
	size_t n;
	int tier;
	unsigned addons;
	long long generated;
};

/* The value of column `c` in row `r`; buf holds joined lists. */
void wb_cell(const struct wb_export *x, size_t r, size_t c, struct hta_buf *buf,
	     struct wb_val *v);

/* The writers (workbook_out.c). */
int wb_write_csv(const struct wb_export *x, struct hta_buf *out, struct hta_err *err);
int wb_write_xlsx(const struct wb_export *x, const char *path, struct hta_err *err);

/* Canonical rating abbreviation of a rating as written ("fully" -> "FC"). */
const char *wb_rating_abbr(const char *rating);

#endif
