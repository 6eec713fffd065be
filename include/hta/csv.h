/*
 * csv.h — the one CSV reader and field writer of the library, and the row
 * shape every table reader delivers (the workbook's XLSX reader too).
 *
 * Every CSV the tool reads goes through hta_csv_*: the evidence workbook
 * (workbook.h), Prowler's CSV output (';' separated), a provider's own
 * inheritance matrix and the check-to-statement mappings (`--map`,
 * controls/mappings/). The reader is strict RFC 4180 plus the usual
 * tolerances (LF or CR alone as a record break, a byte-order mark at the
 * start), validates UTF-8, and holds at most one record in memory
 * whatever the input, so a caller streams files of any size through it.
 * It is unit-tested (tests/unit/test_csv.c) and fuzzed
 * (tests/fuzz/fuzz_csv.c).
 */
#ifndef HTA_CSV_H
#define HTA_CSV_H

#include "hta/alloc.h"
#include "hta/hta.h"

#include <stdbool.h>
#include <stddef.h>

/* ---- the rows a table reader delivers ---- */

/* One non-empty cell. */
struct hta_cell {
	unsigned col;        /* 1-based column */
	unsigned line, lcol; /* CSV: line and character column where the field starts; XLSX: 0 */
	const char *s;       /* UTF-8 text, NUL-terminated; a number as the file wrote it */
	size_t len;
	bool number;         /* XLSX: a numeric cell (a date is a serial number) */
	bool boolean;        /* XLSX: a boolean cell ("0" or "1") */
};

/* One row: its non-empty cells in ascending column order (n may be 0). */
struct hta_row {
	unsigned row;        /* 1-based spreadsheet row; CSV: record number */
	const struct hta_cell *cells;
	size_t n;
	size_t fields;       /* CSV: fields in the record, empty ones included (0: a blank line) */
	unsigned line;       /* CSV: the line the record starts on; XLSX: 0 */
};

/*
 * Called for every row in order. Return 0 to go on, or a negative HTA_E*
 * code (with `err` set) to stop the read, which then returns that code.
 * The row and its strings are valid during the call only.
 */
typedef int (*hta_row_fn)(void *ctx, const struct hta_row *row, struct hta_err *err);

/* ---- reading ---- */

/* The defaults (a zero field in hta_csv_opts takes its default). */
#define HTA_CSV_MAX_CELL 65536u            /* bytes of one field */
#define HTA_CSV_MAX_RECORD (1u << 20)      /* bytes of one record's fields together */
#define HTA_CSV_MAX_RECORDS 100000ul       /* records, blank lines included */
#define HTA_CSV_MAX_FIELDS 16384u          /* fields of one record (XFD, Excel's last column) */
#define HTA_CSV_MAX_FILE (32ull << 20)     /* bytes of a file read by hta_csv_read_file */

/* How to read. Zero-initialised: comma-separated, the default limits. */
struct hta_csv_opts {
	char delim;                  /* field separator; 0 is ',' */
	bool comments;               /* a line starting with '#' between records is skipped */
	size_t max_cell;             /* 0: HTA_CSV_MAX_CELL */
	size_t max_record;           /* 0: HTA_CSV_MAX_RECORD */
	unsigned long max_records;   /* 0: HTA_CSV_MAX_RECORDS */
	unsigned long long max_file; /* hta_csv_read_file only; 0: HTA_CSV_MAX_FILE */
	const char *limit_hint;      /* appended to a file-size refusal ("the workbook limit") */
};

/*
 * An incremental reader: fields separated by `delim`, records by CRLF, LF
 * or CR; a quoted field may hold separators, doubled quotes and line
 * breaks (CRLF and CR inside a field become LF). A byte-order mark at the
 * start is skipped. Refused with FILE:LINE:COL: a quote inside an unquoted
 * field, text after a closing quote, an unclosed quote, a NUL byte, bytes
 * that are not UTF-8, and anything past the limits. A blank line is
 * delivered as a row with no fields (fields == 0); a comment line (with
 * `comments`) is not delivered.
 */
struct hta_csv;

/* A reader naming its input `display` in messages; `opts` may be NULL
 * (the defaults) and is copied. 0 or HTA_ENOMEM. */
int hta_csv_new(struct hta_csv **out, const char *display, const struct hta_csv_opts *opts,
		hta_row_fn fn, void *ctx);

/* Parse `n` more bytes (any split). 0 or the first error. */
int hta_csv_feed(struct hta_csv *p, const char *data, size_t n, struct hta_err *err);

/* End of input: the last record (if any) is delivered. 0 or an error. */
int hta_csv_finish(struct hta_csv *p, struct hta_err *err);

/* Free the reader (NULL is fine). */
void hta_csv_free(struct hta_csv *p);

/*
 * Read the CSV file `path` (a regular file of at most opts->max_file
 * bytes) in blocks through a reader; messages name it `display` (NULL:
 * `path`). 0 or the first error.
 */
int hta_csv_read_file(const char *path, const char *display, const struct hta_csv_opts *opts,
		      hta_row_fn fn, void *ctx, struct hta_err *err);

/*
 * The cell of `row` in 1-based column `col`, or NULL when that field is
 * empty or absent (cells are few and sorted: a short scan).
 */
const struct hta_cell *hta_row_cell(const struct hta_row *row, unsigned col);

/* The text of cell `c` (NULL: an empty field) without the spaces and tabs
 * around it: a pointer into the cell and its length in *n (not
 * NUL-terminated where trailing blanks were cut). */
const char *hta_cell_trim(const struct hta_cell *c, size_t *n);

/* ---- writing ---- */

/*
 * The CSV text of one field, appended to `b`: quoted when it holds a
 * comma, quote, CR or LF (quotes doubled). With `guard`, a field that
 * starts with = + - @ TAB CR or an apostrophe gets a leading apostrophe,
 * so no spreadsheet reads it as a formula; the workbook import takes one
 * leading apostrophe off every CSV cell (hta_wb_unguard, workbook.h).
 */
void hta_csv_field(struct hta_buf *b, const char *s, bool guard);

#endif
