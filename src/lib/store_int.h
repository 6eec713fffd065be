/*
 * store_int.h — the report database's parts kept outside store.c: the
 * readiness deliverable's schema (version 3) and its rows
 * (store_deliver.c). Not installed.
 */
#ifndef HTA_STORE_INT_H
#define HTA_STORE_INT_H

#include "hta/run.h"

#include <sqlite3.h>

/* Schema version 2 -> 3: the deliverable's columns and tables (ends by
 * setting user_version to 3). */
extern const char hta_schema_v3[];

/*
 * Write run `id`'s deliverable rows (inside the caller's transaction).
 * Returns 0, or -1 with *what naming the step (the error is the db's).
 */
int hta_store_deliver_write(sqlite3 *db, long long id, const struct hta_run *run,
			    const char **what);

/* Read them back into `run` (its reqs and pools already loaded). Returns
 * 0, -1 (the db's error, *what set) or HTA_ENOMEM. */
int hta_store_deliver_load(sqlite3 *db, struct hta_run *run, const char **what);

/* Fill run->dl's ladder rows and trend from the stored runs; as above. */
int hta_store_deliver_context(sqlite3 *db, struct hta_run *run, const char **what);

#endif
