/*
 * store_int.h — the report database's parts kept outside store.c: the
 * readiness deliverable's schema (version 3) and its rows
 * (store_deliver.c). Not installed.
 */
#ifndef HTA_STORE_INT_H
#define HTA_STORE_INT_H

#include "hta/run.h"

#include <sqlite3.h>
#include <stdbool.h>

/*
 * Reading rows back (store.c). Every value read is untrusted: the file may
 * be damaged, crafted, or written by another program that borrowed our
 * table names. Each reader checks one column of the current row of `q`
 * (its type, NULL, range, enum name, date) and, on the first bad one,
 * sets `rc` (HTA_EDB, or HTA_ENOMEM) and the message "FILE: table T,
 * column C, row N: what; not a report this tool wrote, or damaged"; after
 * that every reader is a no-op returning a harmless value, so a caller
 * reads a whole row and checks `rc` once.
 */
struct hta_rd {
	struct hta_store *st;
	struct hta_run *run; /* text is copied into its arena */
	sqlite3_stmt *q;
	const char *table;
	long long row;       /* rowid (runs: id) of the row being read */
	struct hta_err *err;
	int rc;              /* the first error; then every reader is a no-op */
};

/* Report column `i` of the current row as bad ("FMT..." says why). */
void hta_rd_bad(struct hta_rd *r, int i, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void hta_rd_nomem(struct hta_rd *r);
/* A step or prepare of the database failed: its own error, saying `what`. */
void hta_rd_dberr(struct hta_rd *r, const char *what);
/* Text as SQLite holds it (valid until the next step), or NULL. */
const char *hta_rd_raw(struct hta_rd *r, int i, bool null_ok);
/* Text copied into the run's arena, or NULL. */
const char *hta_rd_text(struct hta_rd *r, int i, bool null_ok);
/* An integer in [lo, hi]; *isnull (may be NULL) says a NULL was allowed. */
long long hta_rd_int(struct hta_rd *r, int i, bool null_ok, long long lo, long long hi,
		     bool *isnull);
/* A finite number (integer or real) in [lo, hi]. */
double hta_rd_real(struct hta_rd *r, int i, bool null_ok, double lo, double hi, bool *isnull);
/* 0 or 1. */
bool hta_rd_bool(struct hta_rd *r, int i);
/* A YYYY-MM-DD date, as days; -1 when NULL is allowed and found. */
int hta_rd_date(struct hta_rd *r, int i, bool null_ok);
/* "01".."19" as 1..19. */
int hta_rd_domain(struct hta_rd *r, int i);
/* Step r->q: true on a row; false at the end, after an error, or when the
 * step failed (*step_rc says which). */
bool hta_rd_next(struct hta_rd *r, int *step_rc);

/* Schema version 2 -> 3: the deliverable's columns and tables (ends by
 * setting user_version to 3). */
extern const char hta_schema_v3[];

/*
 * Write run `id`'s deliverable rows (inside the caller's transaction).
 * Returns 0, or -1 with *what naming the step (the error is the db's).
 */
int hta_store_deliver_write(sqlite3 *db, long long id, const struct hta_run *run,
			    const char **what);

/*
 * Read them back into r->run (its reqs and pools already loaded), every
 * column checked as above. Returns r->rc: 0, HTA_EDB (a bad value, or the
 * database failed) or HTA_ENOMEM, with r->err set.
 */
int hta_store_deliver_load(struct hta_rd *r, sqlite3 *db);

/* Fill r->run's ladder rows and trend from the stored runs; as above. */
int hta_store_deliver_context(struct hta_rd *r, sqlite3 *db);

#endif
