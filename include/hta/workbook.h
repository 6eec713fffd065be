/*
 * workbook.h — the evidence workbook (contract section 8.3): one row per
 * in-scope statement, written as XLSX (libxlsxwriter) or CSV (RFC 4180),
 * and read back — XLSX with libzip and libxml2's streaming reader, CSV
 * with a careful record reader — into manifests written with the manifest
 * writer (manifest.h). The columns, the hidden content hash, conflicts and
 * limits are documented in docs/workbook.md.
 *
 * Two layers. The table readers (hta_csv_* in csv.h, hta_xlsx_read_*) turn a file
 * into rows of cells, bounded by the limits below whatever the input; they
 * know nothing of manifests, so they are unit-tested and fuzzed alone.
 * The workbook (hta_workbook_*) maps columns to manifest fields: export
 * builds the rows from the manifests that exist, import compares each row
 * with the manifests on disk and plans the writes; nothing is written
 * until the whole file has been read and every cell checked.
 */
#ifndef HTA_WORKBOOK_H
#define HTA_WORKBOOK_H

#include "hta/alloc.h"
#include "hta/csv.h"
#include "hta/catalog.h"
#include "hta/hta.h"

/*
 * Limits (docs/workbook.md, docs/robustness.md). A file beyond one is
 * refused with a message naming the limit; memory stays bounded by the
 * rows kept, never by what a part inflates to.
 */
#define HTA_WB_MAX_FILE (32u << 20)      /* bytes of the workbook file */
#define HTA_WB_MAX_PART (64u << 20)      /* bytes one XLSX part inflates to */
#define HTA_WB_MAX_ENTRIES 10000u        /* entries in the XLSX zip */
#define HTA_WB_MAX_STRINGS 1000000u      /* XLSX shared strings */
#define HTA_WB_MAX_ROWS HTA_CSV_MAX_RECORDS      /* rows (records) of the table */
#define HTA_WB_MAX_COLS HTA_CSV_MAX_FIELDS       /* columns (XFD, Excel's last) */
#define HTA_WB_MAX_CELL HTA_CSV_MAX_CELL         /* bytes of one cell's text */
#define HTA_WB_MAX_ROW_BYTES HTA_CSV_MAX_RECORD  /* bytes of one row's cells together */
#define HTA_WB_MAX_ERRORS 50             /* cell errors kept (all are counted) */

/* The sheet the export writes and the import reads (else the first). */
#define HTA_WB_SHEET "Statements"

/* ---- reading a table ---- */

/* What an XLSX read found besides the rows. */
struct hta_xlsx_info {
	char sheet[128];     /* the name of the sheet read (for messages) */
	bool date1904;       /* the workbook counts dates from 1904 */
};

/*
 * Read one sheet of an XLSX workbook: the one named `sheet` when there is
 * one, else the first. The zip is read with libzip; workbook.xml, its
 * relationships, the shared strings and the sheet with libxml2's
 * xmlTextReader (no network, no DTD, no entity expansion), each part
 * streamed and refused once it inflates past HTA_WB_MAX_PART whatever its
 * header says. Cells may omit their `r` reference (the next column, the
 * next row); shared strings, inline strings, formula string results,
 * numbers and booleans are read; an error value (#N/A) is an error naming
 * the cell. Messages: "FILE: ..." for the file, "FILE:SHEET!A1: ..." for a
 * cell. `info` may be NULL.
 */
int hta_xlsx_read_file(const char *path, const char *display, const char *sheet,
		       hta_row_fn fn, void *ctx, struct hta_xlsx_info *info,
		       struct hta_err *err);

/* The same over `len` bytes in memory (the fuzz harness). */
int hta_xlsx_read_mem(const void *data, size_t len, const char *display, const char *sheet,
		      hta_row_fn fn, void *ctx, struct hta_xlsx_info *info,
		      struct hta_err *err);

/* "A", "B", ... "XFD" for a 1-based column; out needs 4 bytes. */
void hta_wb_colname(unsigned col, char out[4]);

/* The length of `s` once a guarding apostrophe is taken off (s + skip). */
size_t hta_wb_unguard(const char *s);

/* ---- the workbook ---- */

struct hta_errlist; /* evidence.h: every error of an evidence tree that does not load */

enum hta_wb_format { HTA_WB_XLSX = 0, HTA_WB_CSV };

/* "xlsx" / "csv" -> format, or -1. */
int hta_wb_format_parse(const char *s);

struct hta_wb_export_opts {
	const char *evidence_root;
	const char *scope_path;  /* NULL: <root>/scope.yaml when present */
	int tier;                /* -1: the scope's */
	unsigned addons;         /* HTA_WITH_* (scope.h) */
	long long generated;     /* Unix time written in the XLSX; -1: now */
	struct hta_errlist *errors; /* may be NULL: every error of a tree that does not load */
};

#define HTA_WB_EXPORT_OPTS_INIT { NULL, NULL, -1, 0, -1, NULL }

/*
 * Export the workbook of the statements in scope: CSV appended to `csv`
 * (path NULL), or XLSX written to the file `path` (libxlsxwriter writes
 * files; the caller renames it into place). The evidence tree must load:
 * its errors fail the export. `rows` (may be NULL) gets the row count.
 */
int hta_workbook_export(const struct hta_catalog *cat, const struct hta_wb_export_opts *o,
			enum hta_wb_format fmt, const char *path, struct hta_buf *csv,
			size_t *rows, struct hta_err *err);

struct hta_wb_import_opts {
	const char *file;        /* the workbook */
	const char *display;     /* its name in messages (NULL: file) */
	const char *evidence_root;
	const char *scope_path;  /* NULL: <root>/scope.yaml when present */
	struct hta_errlist *errors; /* may be NULL: every error of a tree that does not load */
};

#define HTA_WB_IMPORT_OPTS_INIT { NULL, NULL, NULL, NULL, NULL }

/* One manifest the import would write. */
struct hta_wb_change {
	const char *id;          /* the statement */
	const char *path;        /* relative to the evidence root */
	bool create;             /* a new file */
	bool conflict;           /* the statement's manifests changed since the export */
	const char *what;        /* the fields that change, for people */
	const char *data;        /* the new manifest */
	size_t len;
};

struct hta_wb_plan {
	struct hta_arena arena;          /* owns everything below */
	const char *root;                /* the evidence root, as given */
	struct hta_wb_change *changes;   /* in row order */
	size_t n_changes, n_conflicts;
	size_t rows, unchanged;          /* statement rows read; rows needing no write */
	const char **errors;             /* up to HTA_WB_MAX_ERRORS messages */
	size_t n_errors;                 /* every error found */
};

/*
 * Read the workbook and plan the import: every row checked, every error
 * collected (cell errors name the cell), each statement's wanted manifest
 * compared with what is on disk now. Returns 0 with the plan filled;
 * HTA_EINVAL when the file or a cell is wrong (plan->errors lists them
 * all, `err` holds the first); other codes for I/O or memory. Nothing is
 * written. Free with hta_workbook_plan_free().
 */
int hta_workbook_plan(const struct hta_catalog *cat, const struct hta_wb_import_opts *o,
		      struct hta_wb_plan *plan, struct hta_err *err);

/*
 * Write the planned manifests (each atomically), the conflicting ones only
 * with `force`. `written` (may be NULL) counts the files written. Returns
 * 0, or HTA_EIO naming the file that could not be written.
 */
int hta_workbook_apply(const struct hta_wb_plan *plan, bool force, size_t *written,
		       struct hta_err *err);

void hta_workbook_plan_free(struct hta_wb_plan *plan);

#endif
