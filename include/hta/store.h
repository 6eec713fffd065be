/*
 * store.h — the report database (SQLite): every run appended in one
 * transaction, read back whole for re-rendering and comparison. The schema
 * is versioned with PRAGMA user_version and documented in docs/schema.md.
 */
#ifndef HTA_STORE_H
#define HTA_STORE_H

#include "hta/hash.h"
#include "hta/run.h"

/* The schema version this build writes and reads. */
#define HTA_SCHEMA_VERSION 4

struct hta_store; /* opaque */

/* How long, in all, a command waits for another process's lock (ms). */
#define HTA_STORE_BUSY_MS 10000

/*
 * One bounded wait for the whole run: every lock wait of every store
 * handle of this process (the read-only hash-cache open, the write, the
 * reads of report and diff) draws on one budget of `ms` milliseconds
 * (default HTA_STORE_BUSY_MS), measured on the monotonic clock. Once it is
 * spent, the next operation that meets the lock fails with HTA_EBUSY and
 * "FILE: database is locked by another process". Call before opening.
 */
void hta_store_set_busy_timeout(int ms);

/*
 * Whether `path` names a database file. SQLite gives some names a meaning
 * of its own: "" (a private temporary database), ":memory:" and "file:"
 * URIs (e.g. file:x?mode=memory). A run stored there would be lost when
 * the command ends, so they are refused: HTA_EINVAL with a message that
 * says so; 0 for an ordinary path. Both opens below call it first.
 */
int hta_store_check_path(const char *path, struct hta_err *err);

/*
 * Open (creating when `create` and absent) the database at `path`. A file
 * that is not SQLite, or whose schema is newer than HTA_SCHEMA_VERSION,
 * is refused and left untouched.
 */
int hta_store_open(struct hta_store **out, const char *path, bool create, struct hta_err *err);

/*
 * Abort what the store is doing as soon as possible: a write in progress
 * fails (HTA_EDB, "interrupted") and rolls back, leaving the database as
 * it was. Safe to call from a signal handler or another thread (it only
 * sets SQLite's interrupt flag, see sqlite3_interrupt); the library never
 * installs a handler itself.
 */
void hta_store_interrupt(struct hta_store *st);

/*
 * Open an existing database read-only, for the incremental hash cache
 * before a run: nothing is created or written, so a run that then fails
 * leaves the file byte-identical. HTA_ENOTFOUND when there is no file or
 * no hitrust-assess schema in it (then there is simply no cache).
 */
int hta_store_open_readonly(struct hta_store **out, const char *path, struct hta_err *err);

/*
 * The incremental cache (see hash.h, hta_hash_cache_fn): mark as
 * HTA_HASH_CACHED every item still HTA_HASH_TODO whose name, size,
 * mtime_ns, ctime_ns and inode equal an `artifacts` row of one of the
 * latest 8 runs over evidence root `root`, provided the file's mtime and
 * ctime were both at least HTA_HASH_RACY_NS older than that run's
 * hash_started_ns. A version 1 database (no ctime) caches nothing. Returns 0 or a
 * negative HTA_E* code (items already marked stay valid).
 */
int hta_store_hash_lookup(struct hta_store *st, const char *root, struct hta_hash_item *items,
			  size_t n, struct hta_err *err);

/* Close; NULL is allowed. */
void hta_store_close(struct hta_store *st);

/*
 * Append `run` in one transaction (all rows or none) and set run->id. An
 * older schema (version 1) is upgraded inside the same transaction.
 */
int hta_store_write(struct hta_store *st, struct hta_run *run, struct hta_err *err);

/*
 * One transaction around several writes and whatever the caller must do
 * before the runs count as stored (write its report: output is part of the
 * transaction). hta_store_begin opens it (BEGIN IMMEDIATE); hta_store_write
 * and hta_store_context then write inside it without committing (a failed
 * write rolls the whole of it back and ends it); hta_store_commit commits,
 * hta_store_rollback abandons it (the file stays byte-identical). Run ids
 * are set by hta_store_write, before the commit.
 */
int hta_store_begin(struct hta_store *st, struct hta_err *err);
int hta_store_commit(struct hta_store *st, struct hta_err *err);
void hta_store_rollback(struct hta_store *st);

/*
 * Read run `id` (0: the latest) back into `run` (free with hta_run_free).
 * HTA_ENOTFOUND when there is no such run. Every value is checked (type,
 * NULL, range, enum name, date, gap ranks 1..N): a damaged or crafted
 * database is HTA_EDB naming the table, column and row, never a run a
 * renderer could crash on.
 */
int hta_store_load(struct hta_store *st, long long id, struct hta_run *run, struct hta_err *err);

/*
 * The id of the latest stored run with `run`'s tier and evidence root (run
 * need not be stored yet), 0 when there is none, -1 on a database error.
 */
long long hta_store_latest(struct hta_store *st, const struct hta_run *run, struct hta_err *err);

/*
 * Fill what a run's report draws from the other stored runs: the tier
 * ladder it belongs to (run->dl.ladder) and the trend of its evidence
 * root and tier (deliver.h). hta_store_load() does this itself; call it
 * after hta_store_write() to render a run just assessed.
 */
int hta_store_context(struct hta_store *st, struct hta_run *run, struct hta_err *err);

/*
 * The id of the run before `id` with the same tier and evidence root, 0
 * when there is none, -1 on a database error or a run id below 1 (err set).
 */
long long hta_store_previous(struct hta_store *st, long long id, struct hta_err *err);

/* One line per stored run, newest last, into `out` (for `report --list`). */
int hta_store_list(struct hta_store *st, struct hta_buf *out, struct hta_err *err);

#endif
