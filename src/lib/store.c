/*
 * store.c — the SQLite report database.
 *
 * Every statement is prepared with bound parameters. A run is written
 * inside one BEGIN IMMEDIATE ... COMMIT, so a failure anywhere (a full
 * disk, a signal, a bug) leaves the earlier runs exactly as they were.
 * The rollback journal (journal_mode=DELETE, synchronous=FULL) is kept on
 * purpose: the database is a client's audit history, a run is one
 * transaction of a few thousand rows, and durability costs one fsync pair
 * per run (see docs/schema.md).
 */
#include "hta/date.h"
#include "hta/store.h"
#include "hta/scope.h"
#include "store_int.h"

#include <limits.h>
#include <math.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <signal.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

struct hta_store {
	sqlite3 *db;
	const char *path;
	volatile sig_atomic_t stop; /* hta_store_interrupt() was called */
	int version;                /* PRAGMA user_version when opened */
	bool in_txn;                /* inside hta_store_begin() */
};

/* The schema as a new database gets it (version 2; see docs/schema.md). */
static const char schema_v2[] =
	"CREATE TABLE runs("
	" id INTEGER PRIMARY KEY,"
	" started_at TEXT NOT NULL,"
	" tier TEXT NOT NULL,"
	" addons TEXT NOT NULL,"
	" as_of TEXT NOT NULL,"
	" evidence_root TEXT NOT NULL,"
	" catalog_version TEXT NOT NULL,"
	" verdict TEXT NOT NULL CHECK (verdict IN ('pass','fail')),"
	" gap_count INTEGER NOT NULL,"
	" cap_count INTEGER NOT NULL,"
	" waived_gaps INTEGER NOT NULL DEFAULT 0,"
	" waived_caps INTEGER NOT NULL DEFAULT 0,"
	" overall_score REAL,"
	" measured_managed INTEGER NOT NULL DEFAULT 0,"
	" catalog_name TEXT,"
	" tool_version TEXT,"
	" organization TEXT,"
	" assessment TEXT,"
	" scope_file TEXT,"
	" manifests INTEGER,"
	" files_seen INTEGER,"
	" artifacts_hashed INTEGER NOT NULL DEFAULT 0,"
	" artifacts_cached INTEGER NOT NULL DEFAULT 0,"
	" bytes_hashed INTEGER NOT NULL DEFAULT 0,"
	" hash_started_ns INTEGER);"
	"CREATE TABLE domain_scores("
	" run_id INTEGER NOT NULL REFERENCES runs(id),"
	" domain TEXT NOT NULL,"
	" name TEXT NOT NULL,"
	" score REAL,"
	" threshold REAL,"
	" statements INTEGER NOT NULL,"
	" passed INTEGER,"
	" in_scope INTEGER NOT NULL DEFAULT 0,"
	" plan_effort INTEGER NOT NULL DEFAULT 0,"
	" plan_items INTEGER NOT NULL DEFAULT 0,"
	" PRIMARY KEY (run_id, domain));"
	"CREATE TABLE pool_scores("
	" run_id INTEGER NOT NULL REFERENCES runs(id),"
	" pool TEXT NOT NULL,"
	" name TEXT NOT NULL,"
	" score REAL,"
	" threshold REAL,"
	" statements INTEGER NOT NULL,"
	" passed INTEGER,"
	" in_scope INTEGER NOT NULL DEFAULT 0,"
	" plan_effort INTEGER NOT NULL DEFAULT 0,"
	" plan_items INTEGER NOT NULL DEFAULT 0,"
	" PRIMARY KEY (run_id, pool));"
	"CREATE TABLE requirement_scores("
	" run_id INTEGER NOT NULL REFERENCES runs(id),"
	" requirement_id TEXT NOT NULL,"
	" domain TEXT NOT NULL,"
	" pool TEXT NOT NULL,"
	" title TEXT,"
	" control_ref TEXT,"
	" statement TEXT,"
	" score REAL,"
	" ceiling REAL,"
	" policy REAL, procedure REAL, implemented REAL, measured REAL, managed REAL,"
	" status TEXT NOT NULL CHECK (status IN ('scored','not_applicable','no_evidence')),"
	" effort INTEGER,"
	" owner TEXT,"
	" manifest TEXT,"
	" manifest_line INTEGER,"
	" na_reason TEXT,"
	" provider TEXT,"
	" inherited_weight INTEGER,"
	" waiver_reason TEXT,"
	" waiver_expires TEXT,"
	" PRIMARY KEY (run_id, requirement_id));"
	"CREATE TABLE gaps("
	" run_id INTEGER NOT NULL REFERENCES runs(id),"
	" requirement_id TEXT NOT NULL,"
	" rank INTEGER NOT NULL,"
	" cap_required INTEGER NOT NULL,"
	" blocker INTEGER NOT NULL,"
	" points_lost REAL NOT NULL,"
	" effort INTEGER NOT NULL,"
	" reason TEXT NOT NULL,"
	" kind TEXT NOT NULL,"
	" waived INTEGER NOT NULL DEFAULT 0,"
	" PRIMARY KEY (run_id, requirement_id));"
	"CREATE TABLE findings("
	" run_id INTEGER NOT NULL REFERENCES runs(id),"
	" requirement_id TEXT,"
	" path TEXT,"
	" line INTEGER,"
	" code TEXT NOT NULL,"
	" message TEXT NOT NULL);"
	"CREATE INDEX findings_run ON findings(run_id);"
	/* One row per artifact a run hashed (or found unchanged); keyed for
	 * the incremental cache's scan of one run's rows. */
	"CREATE TABLE artifacts("
	" run_id INTEGER NOT NULL REFERENCES runs(id),"
	" path TEXT NOT NULL,"
	" size INTEGER NOT NULL,"
	" mtime_ns INTEGER NOT NULL,"
	" inode INTEGER NOT NULL,"
	" sha256 TEXT NOT NULL CHECK (length(sha256) = 64),"
	" ctime_ns INTEGER,"
	" PRIMARY KEY (run_id, path)) WITHOUT ROWID;"
	"PRAGMA user_version = 2;";

/*
 * Version 1 to 2: the artifacts' ctime, which the hash cache compares too.
 * Rows written by version 1 keep NULL there and are never trusted by the
 * cache (their files are read again once). Run inside the write's
 * transaction, so a failed run leaves a version 1 file as it was.
 */
static const char schema_v1_to_v2[] =
	"ALTER TABLE artifacts ADD COLUMN ctime_ns INTEGER;"
	"PRAGMA user_version = 2;";

/* Version 2 to 3: the readiness deliverable (store_deliver.c). */
static const char *const schema_v2_to_v3 = hta_schema_v3;

/*
 * Version 3 to 4: the SHA-256 digest of the catalog a run used (catalog
 * versions, docs/catalog-format.md). Runs written before keep NULL: their
 * catalog is known by version only. A new database gets it too.
 */
static const char schema_v3_to_v4[] =
	"ALTER TABLE runs ADD COLUMN catalog_digest TEXT"
	" CHECK (catalog_digest IS NULL OR length(catalog_digest) = 64);"
	"PRAGMA user_version = 4;";

/* SQLite's out-of-memory is the library's HTA_ENOMEM; the rest is HTA_EDB. */
static int db_code(sqlite3 *db)
{
	return !db || (sqlite3_errcode(db) & 0xff) == SQLITE_NOMEM ? HTA_ENOMEM : HTA_EDB;
}

/*
 * The lock wait: one budget for the whole process (the read-only cache
 * open, the write, any read share it), so a run waits at most this long in
 * all, however many times it meets the lock. Milliseconds left; set by
 * hta_store_set_busy_timeout().
 */
static _Atomic long long busy_left_ms = HTA_STORE_BUSY_MS;
static _Atomic int busy_total_ms = HTA_STORE_BUSY_MS;

void hta_store_set_busy_timeout(int ms)
{
	busy_left_ms = ms < 0 ? 0 : ms;
	busy_total_ms = ms < 0 ? 0 : ms;
}

static bool is_busy(int code)
{
	return (code & 0xff) == SQLITE_BUSY || (code & 0xff) == SQLITE_LOCKED;
}

/*
 * The database error, in words a user can act on: a lock held by another
 * process, a hot journal this user cannot roll back, or SQLite's own text.
 */
static int db_fail(struct hta_err *err, sqlite3 *db, const char *path, const char *what)
{
	int x = db ? sqlite3_extended_errcode(db) : SQLITE_NOMEM;
	if (is_busy(x))
		return hta_err_set(err, HTA_EBUSY, "%s: database is locked by another process "
				   "(gave up after waiting %d ms in all; --busy-timeout MS to wait "
				   "longer)", path, (int)busy_total_ms);
	if (x == SQLITE_READONLY_ROLLBACK || x == SQLITE_READONLY_RECOVERY ||
	    x == SQLITE_READONLY_CANTINIT || x == SQLITE_READONLY_DIRECTORY)
		return hta_err_set(err, HTA_EDB, "%s: an interrupted write left a hot journal "
				   "(%s-journal) that must be rolled back first, and this user cannot "
				   "write the database or its directory; run once as a user who can "
				   "(nothing is lost: the rollback restores the last complete run)",
				   path, path);
	return hta_err_set(err, db_code(db), "%s: %s: %s", path, what,
			   db ? sqlite3_errmsg(db) : "out of memory");
}

static int db_err(struct hta_store *st, struct hta_err *err, const char *what)
{
	return db_fail(err, st->db, st->path, what);
}

void hta_store_interrupt(struct hta_store *st)
{
	if (st && st->db) {
		st->stop = 1;
		sqlite3_interrupt(st->db);
	}
}

/*
 * Another process holds the lock: wait, as sqlite3_busy_timeout() would,
 * out of the process-wide budget (busy_left_ms: one bounded wait for the
 * whole run, measured on the monotonic clock, not by counting sleeps), and
 * give up at once when interrupted (sqlite3_interrupt does not cut a busy
 * wait short).
 */
static long long mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int busy_wait(void *ctx, int count)
{
	static const int step[] = { 1, 2, 5, 10, 15, 20, 25, 25, 25, 50, 50, 100 };
	struct hta_store *st = ctx;
	long long left = busy_left_ms;
	if ((st && st->stop) || left <= 0)
		return 0;
	long long ms = count < (int)(sizeof(step) / sizeof(step[0])) ? step[count] : 100;
	if (ms > left)
		ms = left;
	long long t0 = mono_ms();
	sqlite3_sleep((int)ms);
	long long spent = mono_ms() - t0;
	busy_left_ms -= spent > 0 ? spent : ms;
	return !(st && st->stop);
}

/*
 * SQLite clears its interrupt flag whenever a statement starts with none
 * running, so between two INSERTs of a run an interrupt would be lost;
 * the stop flag is sticky, and this handler turns it into SQLITE_INTERRUPT
 * inside whatever statement runs next.
 */
static int progress_stop(void *ctx)
{
	return ((struct hta_store *)ctx)->stop != 0;
}

int hta_store_check_path(const char *path, struct hta_err *err)
{
	/* SQLite gives these names a meaning of its own: an empty name is a
	 * private temporary file, ":memory:" (and "file::memory:", or any
	 * "file:" URI with mode=memory) a database in memory. A run stored
	 * there is gone when the command ends, so none is taken as a file. */
	if (!path || !*path)
		return hta_err_set(err, HTA_EINVAL, "--db: an empty name is not a database file "
				   "(SQLite would use a temporary database and lose the run)");
	if (strcmp(path, ":memory:") == 0)
		return hta_err_set(err, HTA_EINVAL, "--db: ':memory:' is not a database file "
				   "(SQLite would keep the run in memory and lose it); give a path, "
				   "e.g. ./:memory:");
	if (strncasecmp(path, "file:", 5) == 0)
		return hta_err_set(err, HTA_EINVAL, "--db: '%s' is a SQLite URI, not a database "
				   "file name; give a path (./%s for a file of that name)", path, path);
	return 0;
}

/* The one integer `sql` yields (a pragma, a count) in *out; false when it
 * cannot be read. */
static bool read_int(sqlite3 *db, const char *sql, int *out)
{
	sqlite3_stmt *q = NULL;
	bool ok = sqlite3_prepare_v2(db, sql, -1, &q, NULL) == SQLITE_OK &&
		  sqlite3_step(q) == SQLITE_ROW;
	if (ok)
		*out = sqlite3_column_int(q, 0);
	sqlite3_finalize(q);
	return ok;
}

/*
 * A file with no schema version: a new file, or some other SQLite
 * database. Only a database with no tables of its own is given our schema.
 * The look and the creation are one write transaction, so processes that
 * open the same new file at once agree: the first creates the schema, the
 * others wait for it and then find it (*version, as they find it).
 */
static int create_schema(struct hta_store *st, int *version, struct hta_err *err)
{
	char *msg = NULL;
	int rc = 0;
	if (sqlite3_exec(st->db, "BEGIN IMMEDIATE", NULL, NULL, &msg) != SQLITE_OK)
		goto fail;
	int v, tables;
	if (!read_int(st->db, "PRAGMA user_version", &v) ||
	    !read_int(st->db, "SELECT count(*) FROM sqlite_master", &tables)) {
		rc = db_err(st, err, "cannot read the schema");
	} else if (v != 0) {
		*version = v; /* another process made it since the first look */
	} else if (tables != 0) {
		rc = hta_err_set(err, HTA_EDB, "%s: a SQLite database that is not a hitrust-assess "
				 "report; refusing to write to it", st->path);
	} else if (sqlite3_exec(st->db, schema_v2, NULL, NULL, &msg) != SQLITE_OK ||
		   sqlite3_exec(st->db, schema_v2_to_v3, NULL, NULL, &msg) != SQLITE_OK ||
		   sqlite3_exec(st->db, schema_v3_to_v4, NULL, NULL, &msg) != SQLITE_OK ||
		   sqlite3_exec(st->db, "COMMIT", NULL, NULL, &msg) != SQLITE_OK) {
		goto fail;
	} else {
		*version = HTA_SCHEMA_VERSION;
		return 0;
	}
	sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	return rc;
fail:
	rc = hta_err_set(err, db_code(st->db), "%s: cannot create the schema: %s", st->path,
			 msg ? msg : sqlite3_errmsg(st->db));
	sqlite3_free(msg);
	sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

int hta_store_open(struct hta_store **out, const char *path, bool create, struct hta_err *err)
{
	*out = NULL;
	int crc = hta_store_check_path(path, err);
	if (crc)
		return crc;
	hta_alloc_hook_libraries();
	/* A FIFO or device would block SQLite's first read: only a regular
	 * file (or none yet) is opened. */
	struct stat sb;
	if (stat(path, &sb) == 0 && !S_ISREG(sb.st_mode))
		return hta_err_set(err, HTA_EDB, "%s: not a regular file; not a database", path);
	struct hta_store *st = hta_calloc(1, sizeof(*st));
	if (!st)
		return hta_err_set(err, HTA_ENOMEM, "out of memory");
	st->path = path;
	int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0);
	int orc = sqlite3_open_v2(path, &st->db, flags, NULL);
	if (orc != SQLITE_OK) {
		/* SQLite says "unable to open database file"; the system's errno
		 * says why (a name too long, no such directory, no permission). */
		int se = st->db ? sqlite3_system_errno(st->db) : 0;
		int rc = hta_err_set(err, !st->db || (orc & 0xff) == SQLITE_NOMEM ? HTA_ENOMEM : HTA_EDB,
				     "%s: cannot open database: %s%s%s", path,
				     st->db ? sqlite3_errmsg(st->db) : "out of memory",
				     se ? ": " : "", se ? strerror(se) : "");
		hta_store_close(st);
		return rc;
	}
	sqlite3_busy_handler(st->db, busy_wait, st);
	sqlite3_progress_handler(st->db, 64, progress_stop, st);
	sqlite3_extended_result_codes(st->db, 1);
	int version, rc;
	if (!read_int(st->db, "PRAGMA user_version", &version)) {
		rc = db_err(st, err, "not a usable SQLite database");
		hta_store_close(st);
		return rc;
	}
	if (version == 0 && (rc = create_schema(st, &version, err))) {
		hta_store_close(st);
		return rc;
	}
	if (version > HTA_SCHEMA_VERSION) {
		rc = hta_err_set(err, HTA_EDB,
				 "%s: database schema version %d is newer than this tool's (%d); "
				 "upgrade hitrust-assess", path, version, HTA_SCHEMA_VERSION);
		hta_store_close(st);
		return rc;
	}
	st->version = version;
	*out = st;
	return 0;
}

void hta_store_close(struct hta_store *st)
{
	if (!st)
		return;
	sqlite3_close_v2(st->db);
	hta_free(st);
}

/* ---- writing ---- */

static void bind_text(sqlite3_stmt *q, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(q, i, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(q, i);
}

static int step_done(sqlite3_stmt *q)
{
	int rc = sqlite3_step(q);
	sqlite3_reset(q);
	sqlite3_clear_bindings(q);
	return rc == SQLITE_DONE ? 0 : rc;
}

static int write_pool(sqlite3_stmt *q, long long run_id, const struct hta_run_pool *p)
{
	sqlite3_bind_int64(q, 1, run_id);
	bind_text(q, 2, p->key);
	bind_text(q, 3, p->name ? p->name : p->key);
	if (p->scored)
		sqlite3_bind_double(q, 4, p->score);
	if (p->threshold)
		sqlite3_bind_int(q, 5, p->threshold);
	sqlite3_bind_int(q, 6, p->statements);
	if (p->scored && p->threshold)
		sqlite3_bind_int(q, 7, p->passed);
	sqlite3_bind_int(q, 8, p->total);
	sqlite3_bind_int(q, 9, p->plan_effort);
	sqlite3_bind_int(q, 10, p->plan_items);
	return step_done(q);
}

static void bind_artifact(sqlite3_stmt *q, int at, long long run_id,
			  const struct hta_run_artifact *a)
{
	sqlite3_bind_int64(q, at + 1, run_id);
	bind_text(q, at + 2, a->path);
	sqlite3_bind_int64(q, at + 3, a->size);
	sqlite3_bind_int64(q, at + 4, a->mtime_ns);
	sqlite3_bind_int64(q, at + 5, (sqlite3_int64)a->inode);
	bind_text(q, at + 6, a->sha256);
	sqlite3_bind_int64(q, at + 7, a->ctime_ns);
}

/*
 * A run's artifacts, ART_BATCH rows per INSERT: a warm run stores some ten
 * thousand unchanged rows, and one statement per row spent a third of
 * their cost in sqlite3_step()/reset() overhead (docs/performance.md).
 * `one` is the prepared single-row INSERT, for the rest.
 */
#define ART_BATCH 64
static int write_artifacts(sqlite3 *db, sqlite3_stmt *one, long long run_id,
			   const struct hta_run *run)
{
	static const char head[] =
		"INSERT INTO artifacts(run_id, path, size, mtime_ns, inode, sha256, ctime_ns) VALUES ";
	char sql[sizeof(head) + ART_BATCH * 16];
	size_t o = sizeof(head) - 1, k = 0;
	int rc = 0;
	memcpy(sql, head, o);
	for (int r = 0; r < ART_BATCH; r++) {
		memcpy(sql + o, r ? ",(?,?,?,?,?,?,?)" : "(?,?,?,?,?,?,?)", r ? 16 : 15);
		o += r ? 16 : 15;
	}
	sql[o] = 0;
	if (run->n_artifacts >= ART_BATCH) {
		sqlite3_stmt *many = NULL;
		if ((rc = sqlite3_prepare_v2(db, sql, -1, &many, NULL)) != SQLITE_OK)
			return rc;
		for (; !rc && k + ART_BATCH <= run->n_artifacts; k += ART_BATCH) {
			for (int r = 0; r < ART_BATCH; r++)
				bind_artifact(many, 7 * r, run_id, &run->artifacts[k + (size_t)r]);
			rc = step_done(many);
		}
		sqlite3_finalize(many);
	}
	for (; !rc && k < run->n_artifacts; k++) {
		bind_artifact(one, 0, run_id, &run->artifacts[k]);
		rc = step_done(one);
	}
	return rc;
}

/* Bring an older schema up to date (in the caller's transaction); 0 or -1. */
static int upgrade_schema(struct hta_store *st)
{
	int ver = -1;
	if (!read_int(st->db, "PRAGMA user_version", &ver) || ver < 1 || ver > HTA_SCHEMA_VERSION ||
	    (ver == 1 && sqlite3_exec(st->db, schema_v1_to_v2, NULL, NULL, NULL) != SQLITE_OK) ||
	    (ver <= 2 && sqlite3_exec(st->db, schema_v2_to_v3, NULL, NULL, NULL) != SQLITE_OK) ||
	    (ver <= 3 && sqlite3_exec(st->db, schema_v3_to_v4, NULL, NULL, NULL) != SQLITE_OK))
		return -1;
	st->version = HTA_SCHEMA_VERSION;
	return 0;
}

/* The `runs` row. */
static int write_run_row(sqlite3_stmt *s, const struct hta_run *run)
{
	char asof[11];
	hta_date_format(run->as_of, asof);
	bind_text(s, 1, run->started_at);
	bind_text(s, 2, hta_tier_name(run->tier));
	bind_text(s, 3, run->addons_str ? run->addons_str : "");
	bind_text(s, 4, asof);
	bind_text(s, 5, run->evidence_root);
	bind_text(s, 6, run->catalog_version);
	bind_text(s, 7, hta_verdict_name(run->pass));
	sqlite3_bind_int(s, 8, run->gap_count);
	sqlite3_bind_int(s, 9, run->cap_count);
	sqlite3_bind_int(s, 10, run->waived_gaps);
	sqlite3_bind_int(s, 11, run->waived_caps);
	sqlite3_bind_double(s, 12, run->overall);
	sqlite3_bind_int(s, 13, run->measured_managed);
	bind_text(s, 14, run->catalog_name);
	bind_text(s, 15, run->tool_version);
	bind_text(s, 16, run->organization);
	bind_text(s, 17, run->assessment);
	bind_text(s, 18, run->scope_file);
	sqlite3_bind_int64(s, 19, (sqlite3_int64)run->manifests);
	sqlite3_bind_int64(s, 20, (sqlite3_int64)run->files_seen);
	sqlite3_bind_int64(s, 21, (sqlite3_int64)run->artifacts_hashed);
	sqlite3_bind_int64(s, 22, (sqlite3_int64)run->artifacts_cached);
	sqlite3_bind_int64(s, 23, (sqlite3_int64)run->bytes_hashed);
	if (run->hash_started_ns)
		sqlite3_bind_int64(s, 24, run->hash_started_ns);
	bind_text(s, 25, run->catalog_digest);
	return step_done(s);
}

/* One `requirement_scores` row. */
static int write_req(sqlite3_stmt *s, long long id, const struct hta_run_req *r)
{
	char dom[3], wexp[11];
	snprintf(dom, sizeof(dom), "%02d", r->domain);
	sqlite3_bind_int64(s, 1, id);
	bind_text(s, 2, r->id);
	bind_text(s, 3, dom);
	bind_text(s, 4, hta_pool_name(r->pool));
	bind_text(s, 5, r->title);
	bind_text(s, 6, r->control);
	bind_text(s, 7, r->statement);
	if (r->status != HTA_ST_NA)
		sqlite3_bind_double(s, 8, r->score);
	sqlite3_bind_double(s, 9, r->ceiling);
	for (int l = 0; l < HTA_LEVEL_COUNT; l++)
		if ((r->scored >> l) & 1)
			sqlite3_bind_double(s, 10 + l, r->level[l]);
	bind_text(s, 15, hta_status_name(r->status));
	sqlite3_bind_int(s, 16, r->effort);
	bind_text(s, 17, r->owner);
	bind_text(s, 18, r->manifest);
	if (r->manifest)
		sqlite3_bind_int(s, 19, (int)r->manifest_line);
	bind_text(s, 20, r->na_reason);
	bind_text(s, 21, r->provider);
	if (r->provider)
		sqlite3_bind_int(s, 22, r->inherited_weight);
	bind_text(s, 23, r->waiver_reason);
	if (r->waiver_reason) {
		hta_date_format(r->waiver_expires, wexp);
		bind_text(s, 24, wexp);
	}
	return step_done(s);
}

/* One `gaps` row. */
static int write_gap(sqlite3_stmt *s, long long id, const struct hta_run_req *r)
{
	sqlite3_bind_int64(s, 1, id);
	bind_text(s, 2, r->id);
	sqlite3_bind_int(s, 3, r->rank);
	sqlite3_bind_int(s, 4, r->cap);
	sqlite3_bind_int(s, 5, r->blocker);
	sqlite3_bind_double(s, 6, r->points_lost);
	sqlite3_bind_int(s, 7, r->effort);
	bind_text(s, 8, r->reason ? r->reason : "");
	bind_text(s, 9, hta_rank_kind_name(r->rank_kind));
	sqlite3_bind_int(s, 10, r->waived);
	return step_done(s);
}

/* One `findings` row. */
static int write_finding(sqlite3_stmt *s, long long id, const struct hta_run_finding *f)
{
	sqlite3_bind_int64(s, 1, id);
	bind_text(s, 2, f->req_id);
	bind_text(s, 3, f->path);
	if (f->line)
		sqlite3_bind_int(s, 4, (int)f->line);
	bind_text(s, 5, hta_finding_name(f->code));
	bind_text(s, 6, f->message);
	return step_done(s);
}

/*
 * One run, one transaction: the schema brought up to date, every
 * statement prepared, the rows in table order (each written by a
 * write_*() above), then the single commit-or-rollback path, which
 * finalises every statement whatever failed.
 */
int hta_store_write(struct hta_store *st, struct hta_run *run, struct hta_err *err)
{
	sqlite3_stmt *q[7] = { 0 };
	static const char *const sql[7] = {
		"INSERT INTO runs(started_at, tier, addons, as_of, evidence_root, catalog_version,"
		" verdict, gap_count, cap_count, waived_gaps, waived_caps, overall_score,"
		" measured_managed, catalog_name, tool_version, organization, assessment,"
		" scope_file, manifests, files_seen, artifacts_hashed, artifacts_cached,"
		" bytes_hashed, hash_started_ns, catalog_digest)"
		" VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
		"INSERT INTO domain_scores(run_id, domain, name, score, threshold, statements,"
		" passed, in_scope, plan_effort, plan_items) VALUES (?,?,?,?,?,?,?,?,?,?)",
		"INSERT INTO pool_scores(run_id, pool, name, score, threshold, statements,"
		" passed, in_scope, plan_effort, plan_items) VALUES (?,?,?,?,?,?,?,?,?,?)",
		"INSERT INTO requirement_scores(run_id, requirement_id, domain, pool, title,"
		" control_ref, statement, score, ceiling, policy, procedure, implemented, measured,"
		" managed, status, effort, owner, manifest, manifest_line, na_reason, provider,"
		" inherited_weight, waiver_reason, waiver_expires)"
		" VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
		"INSERT INTO gaps(run_id, requirement_id, rank, cap_required, blocker,"
		" points_lost, effort, reason, kind, waived) VALUES (?,?,?,?,?,?,?,?,?,?)",
		"INSERT INTO findings(run_id, requirement_id, path, line, code, message)"
		" VALUES (?,?,?,?,?,?)",
		"INSERT INTO artifacts(run_id, path, size, mtime_ns, inode, sha256, ctime_ns)"
		" VALUES (?,?,?,?,?,?,?)",
	};
	int rc = 0;
	const char *what = "cannot begin a transaction";
	if (st->stop)
		return hta_err_set(err, HTA_EDB, "%s: interrupted; nothing was written", st->path);
	bool outer = st->in_txn; /* hta_store_begin() opened it; commit is the caller's */
	if (!outer && sqlite3_exec(st->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		return st->stop ? hta_err_set(err, HTA_EDB, "%s: interrupted; nothing was written",
					      st->path)
				: db_err(st, err, what);
	/* An older schema is brought up to date in the run's own transaction. */
	what = "cannot upgrade the schema";
	if (upgrade_schema(st))
		goto fail;
	what = "cannot prepare a statement";
	for (int i = 0; i < 7; i++)
		if (sqlite3_prepare_v2(st->db, sql[i], -1, &q[i], NULL) != SQLITE_OK)
			goto fail;

	what = "cannot write the run";
	if (write_run_row(q[0], run))
		goto fail;
	long long id = sqlite3_last_insert_rowid(st->db);

	what = "cannot write domain scores";
	for (int d = 1; d <= HTA_DOMAINS; d++)
		if (write_pool(q[1], id, &run->domains[d]))
			goto fail;
	const struct hta_run_pool *pools[3] = { &run->ai_security, &run->ai_risk, &run->compliance };
	for (int k = 0; k < 3; k++)
		if (pools[k]->total && write_pool(q[2], id, pools[k]))
			goto fail;

	what = "cannot write requirement scores";
	for (size_t i = 0; i < run->n_reqs; i++)
		if (write_req(q[3], id, &run->reqs[i]))
			goto fail;
	what = "cannot write gaps";
	for (size_t k = 0; k < run->n_gaps; k++)
		if (write_gap(q[4], id, &run->reqs[run->gap_order[k]]))
			goto fail;
	what = "cannot write findings";
	for (size_t k = 0; k < run->n_findings; k++)
		if (write_finding(q[5], id, &run->findings[k]))
			goto fail;
	what = "cannot write artifacts";
	if (write_artifacts(st->db, q[6], id, run))
		goto fail;
	if (hta_store_deliver_write(st->db, id, run, &what))
		goto fail;
	what = "cannot commit";
	for (int i = 0; i < 7; i++) {
		sqlite3_finalize(q[i]);
		q[i] = NULL;
	}
	if (st->stop || (!outer && sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK))
		goto fail;
	run->id = id;
	if (run->dl.ladder < 0)
		run->dl.ladder = id;
	return 0;
fail:
	rc = st->stop ? hta_err_set(err, HTA_EDB, "%s: %s: interrupted; the run was rolled back",
				    st->path, what)
		      : db_err(st, err, what);
	for (int i = 0; i < 7; i++)
		sqlite3_finalize(q[i]);
	if (st->stop) /* let the rollback itself run */
		sqlite3_progress_handler(st->db, 0, NULL, NULL);
	sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	st->in_txn = false; /* an outer transaction ends here too */
	return rc;
}

int hta_store_begin(struct hta_store *st, struct hta_err *err)
{
	if (st->stop)
		return hta_err_set(err, HTA_EDB, "%s: interrupted; nothing was written", st->path);
	if (sqlite3_exec(st->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		return st->stop ? hta_err_set(err, HTA_EDB, "%s: interrupted; nothing was written",
					      st->path)
				: db_err(st, err, "cannot begin a transaction");
	st->in_txn = true;
	return 0;
}

int hta_store_commit(struct hta_store *st, struct hta_err *err)
{
	if (!st->in_txn)
		return hta_err_set(err, HTA_EDB, "%s: the write was rolled back", st->path);
	int rc = 0;
	if (st->stop || sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		rc = st->stop ? hta_err_set(err, HTA_EDB, "%s: interrupted; the run was rolled back",
					    st->path)
			      : db_err(st, err, "cannot commit");
		if (st->stop)
			sqlite3_progress_handler(st->db, 0, NULL, NULL);
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	}
	st->in_txn = false;
	return rc;
}

void hta_store_rollback(struct hta_store *st)
{
	if (!st || !st->in_txn)
		return;
	sqlite3_progress_handler(st->db, 0, NULL, NULL);
	sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	st->in_txn = false;
}

/* ---- reading ---- */

/*
 * Every value read back is untrusted: the file may be damaged, crafted, or
 * written by another program that borrowed our table names. Each column is
 * checked for its type, NULL, range, enum name and date before the run is
 * handed to a renderer, and the first bad one is an error naming the
 * table, the column and the row (HTA_EDB), never a crash or a silently
 * different report.
 */
static const char *type_name(int t)
{
	switch (t) {
	case SQLITE_INTEGER: return "an integer";
	case SQLITE_FLOAT: return "a real number";
	case SQLITE_TEXT: return "text";
	case SQLITE_BLOB: return "a blob";
	default: return "NULL";
	}
}

void hta_rd_bad(struct hta_rd *r, int i, const char *fmt, ...)
{
	if (r->rc)
		return;
	char what[160];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	const char *col = sqlite3_column_name(r->q, i);
	r->rc = hta_err_set(r->err, HTA_EDB,
			    "%s: table %s, column %s, row %lld: %s; not a report this tool wrote, "
			    "or damaged", r->st->path, r->table, col ? col : "?", r->row, what);
}

void hta_rd_dberr(struct hta_rd *r, const char *what)
{
	if (!r->rc)
		r->rc = db_err(r->st, r->err, what);
}

void hta_rd_nomem(struct hta_rd *r)
{
	if (!r->rc)
		r->rc = hta_err_set(r->err, HTA_ENOMEM, "out of memory");
}

/* The column's text as SQLite holds it (valid until the next step), or NULL. */
const char *hta_rd_raw(struct hta_rd *r, int i, bool null_ok)
{
	if (r->rc)
		return NULL;
	int t = sqlite3_column_type(r->q, i);
	if (t == SQLITE_NULL) {
		if (!null_ok)
			hta_rd_bad(r, i, "NULL where a value is required");
		return NULL;
	}
	if (t != SQLITE_TEXT) {
		hta_rd_bad(r, i, "%s where text is expected", type_name(t));
		return NULL;
	}
	const char *s = (const char *)sqlite3_column_text(r->q, i);
	if (!s)
		hta_rd_nomem(r);
	return s;
}

/* The column's text, copied into the run's arena. */
const char *hta_rd_text(struct hta_rd *r, int i, bool null_ok)
{
	const char *s = hta_rd_raw(r, i, null_ok);
	if (!s)
		return NULL;
	char *d = hta_arena_strdup(&r->run->arena, s);
	if (!d)
		hta_rd_nomem(r);
	return d;
}

/*
 * Is column `i` a number to read (an integer; with `real` a float too)?
 * A NULL is reported unless `null_ok` (then *isnull, which may be NULL,
 * says so), any other type always; both give false.
 */
static bool rd_number(struct hta_rd *r, int i, bool null_ok, bool *isnull, bool real)
{
	const char *what = real ? "number" : "whole number";
	if (isnull)
		*isnull = false;
	if (r->rc)
		return false;
	int t = sqlite3_column_type(r->q, i);
	if (t == SQLITE_NULL) {
		if (isnull)
			*isnull = true;
		if (!null_ok)
			hta_rd_bad(r, i, "NULL where a %s is required", what);
		return false;
	}
	if (t != SQLITE_INTEGER && !(real && t == SQLITE_FLOAT)) {
		hta_rd_bad(r, i, "%s where a %s is expected", type_name(t), what);
		return false;
	}
	return true;
}

/* An integer in [lo, hi]; *isnull (may be NULL) says a NULL was allowed. */
long long hta_rd_int(struct hta_rd *r, int i, bool null_ok, long long lo, long long hi,
			bool *isnull)
{
	if (!rd_number(r, i, null_ok, isnull, false))
		return lo;
	long long v = sqlite3_column_int64(r->q, i);
	if (v < lo || v > hi) {
		hta_rd_bad(r, i, "%lld is out of range (%lld to %lld)", v, lo, hi);
		return lo;
	}
	return v;
}

/* A finite number (integer or real) in [lo, hi]. */
double hta_rd_real(struct hta_rd *r, int i, bool null_ok, double lo, double hi, bool *isnull)
{
	if (!rd_number(r, i, null_ok, isnull, true))
		return lo;
	double v = sqlite3_column_double(r->q, i);
	if (!isfinite(v) || v < lo || v > hi) {
		hta_rd_bad(r, i, "%g is out of range (%g to %g)", v, lo, hi);
		return lo;
	}
	return v;
}

bool hta_rd_bool(struct hta_rd *r, int i)
{
	return hta_rd_int(r, i, false, 0, 1, NULL) != 0;
}

/* A YYYY-MM-DD date, as days; -1 when NULL is allowed and found. */
int hta_rd_date(struct hta_rd *r, int i, bool null_ok)
{
	const char *s = hta_rd_raw(r, i, null_ok);
	int d = -1;
	if (s && hta_date_parse(s, &d)) {
		hta_rd_bad(r, i, "'%.40s' is not a date (YYYY-MM-DD)", s);
		d = -1;
	}
	return d;
}

/* "01".."19" as 1..19. */
int hta_rd_domain(struct hta_rd *r, int i)
{
	const char *k = hta_rd_raw(r, i, false);
	if (!k)
		return 1;
	if (k[0] >= '0' && k[0] <= '9' && k[1] >= '0' && k[1] <= '9' && !k[2]) {
		int d = (k[0] - '0') * 10 + (k[1] - '0');
		if (d >= 1 && d <= HTA_DOMAINS)
			return d;
	}
	hta_rd_bad(r, i, "'%.40s' is not a domain (01 to %02d)", k, HTA_DOMAINS);
	return 1;
}

/* Add-ons as stored: "", "ai-security", "ai-risk" or both, comma-separated. */
static unsigned rd_addons(struct hta_rd *r, int i, const char **copy)
{
	const char *s = hta_rd_raw(r, i, false);
	unsigned a = 0;
	*copy = NULL;
	if (!s)
		return 0;
	for (const char *p = s; *p;) {
		char word[32];
		size_t n = strcspn(p, ",");
		enum hta_addon one = HTA_ADDON_NONE;
		if (n < sizeof(word)) {
			memcpy(word, p, n);
			word[n] = 0;
			one = hta_addon_parse(word);
		}
		if (one == HTA_ADDON_NONE) {
			hta_rd_bad(r, i, "'%.40s' is not a list of add-ons", s);
			return 0;
		}
		a |= hta_addon_flag(one);
		p += n + (p[n] == ',');
	}
	*copy = hta_rd_text(r, i, false);
	return a;
}

#define SCORE_MAX 100.0
#define COUNT_MAX 2147483647LL

static void read_run_row(struct hta_rd *r)
{
	struct hta_run *run = r->run;
	sqlite3_stmt *q = r->q;
	r->table = "runs";
	r->row = run->id = sqlite3_column_int64(q, 0);
	run->started_at = hta_rd_text(r, 1, false);
	const char *t = hta_rd_raw(r, 2, false);
	if (t && (run->tier = hta_tier_parse(t)) == HTA_TIER_NONE)
		hta_rd_bad(r, 2, "'%.40s' is not a tier (%s)", t, hta_tier_list());
	run->addons = rd_addons(r, 3, &run->addons_str);
	run->as_of = hta_rd_date(r, 4, false);
	run->evidence_root = hta_rd_text(r, 5, false);
	run->catalog_version = hta_rd_text(r, 6, false);
	const char *v = hta_rd_raw(r, 7, false);
	int pass = v ? hta_verdict_parse(v) : -1;
	if (v && pass < 0)
		hta_rd_bad(r, 7, "'%.40s' is not a verdict (%s)", v, hta_verdict_list());
	run->pass = pass == 1;
	run->gap_count = (int)hta_rd_int(r, 8, false, 0, COUNT_MAX, NULL);
	run->cap_count = (int)hta_rd_int(r, 9, false, 0, COUNT_MAX, NULL);
	run->waived_gaps = (int)hta_rd_int(r, 10, false, 0, COUNT_MAX, NULL);
	run->waived_caps = (int)hta_rd_int(r, 11, false, 0, COUNT_MAX, NULL);
	run->overall = hta_rd_real(r, 12, true, 0, SCORE_MAX, NULL);
	run->measured_managed = hta_rd_bool(r, 13);
	run->catalog_name = hta_rd_text(r, 14, true);
	run->tool_version = hta_rd_text(r, 15, true);
	run->organization = hta_rd_text(r, 16, true);
	run->assessment = hta_rd_text(r, 17, true);
	run->scope_file = hta_rd_text(r, 18, true);
	run->manifests = (size_t)hta_rd_int(r, 19, true, 0, LLONG_MAX, NULL);
	run->files_seen = (size_t)hta_rd_int(r, 20, true, 0, LLONG_MAX, NULL);
	run->artifacts_hashed = (size_t)hta_rd_int(r, 21, false, 0, LLONG_MAX, NULL);
	run->artifacts_cached = (size_t)hta_rd_int(r, 22, false, 0, LLONG_MAX, NULL);
	run->bytes_hashed = (unsigned long long)hta_rd_int(r, 23, false, 0, LLONG_MAX, NULL);
	run->hash_started_ns = hta_rd_int(r, 24, true, LLONG_MIN, LLONG_MAX, NULL);
	run->catalog_digest = hta_rd_text(r, 25, true);
	if (run->catalog_digest) {
		size_t n = strspn(run->catalog_digest, "0123456789abcdef");
		if (n != 64 || run->catalog_digest[n])
			hta_rd_bad(r, 25, "'%.40s' is not a SHA-256 digest (64 lowercase hex)",
			       run->catalog_digest);
	}
}

/* Columns 1.. of a domain_scores or pool_scores row (column 0 is the key). */
static void read_pool(struct hta_rd *r, struct hta_run_pool *p)
{
	bool null;
	p->name = hta_rd_text(r, 1, false);
	p->score = hta_rd_real(r, 2, true, 0, SCORE_MAX, &null);
	p->scored = !null;
	p->threshold = (int)hta_rd_real(r, 3, true, 0, SCORE_MAX, NULL);
	p->statements = (int)hta_rd_int(r, 4, false, 0, COUNT_MAX, NULL);
	p->passed = hta_rd_int(r, 5, true, 0, 1, NULL) != 0;
	p->total = (int)hta_rd_int(r, 6, false, 0, COUNT_MAX, NULL);
	p->plan_effort = (int)hta_rd_int(r, 7, false, 0, COUNT_MAX, NULL);
	p->plan_items = (int)hta_rd_int(r, 8, false, 0, COUNT_MAX, NULL);
}

/* One requirement_scores row joined with its gaps row (if any). */
static void read_req(struct hta_rd *r, struct hta_run_req *x, size_t n, unsigned char *rank_seen)
{
	sqlite3_stmt *q = r->q;
	bool null;
	r->table = "requirement_scores";
	r->row = sqlite3_column_int64(q, 30);
	x->id = hta_rd_text(r, 0, false);
	x->domain = hta_rd_domain(r, 1);
	const char *p = hta_rd_raw(r, 2, false);
	int pool = p ? hta_pool_parse(p) : HTA_POOL_DOMAIN;
	if (pool < HTA_POOL_DOMAIN)
		hta_rd_bad(r, 2, "'%.40s' is not a pool (domain, compliance, ai-security, ai-risk)", p);
	else
		x->pool = (enum hta_pool)pool;
	x->title = hta_rd_text(r, 3, true);
	x->control = hta_rd_text(r, 4, true);
	x->statement = hta_rd_text(r, 5, true);
	x->score = hta_rd_real(r, 6, true, 0, SCORE_MAX, NULL);
	x->ceiling = hta_rd_real(r, 7, false, 0, SCORE_MAX, NULL);
	for (int l = 0; l < HTA_LEVEL_COUNT; l++) {
		x->level[l] = hta_rd_real(r, 8 + l, true, 0, SCORE_MAX, &null);
		if (!null)
			x->scored |= 1u << l;
	}
	const char *s = hta_rd_raw(r, 13, false);
	int status = s ? hta_status_parse(s) : HTA_ST_SCORED;
	if (status < 0)
		hta_rd_bad(r, 13, "'%.40s' is not a status (scored, not_applicable, no_evidence)", s);
	else
		x->status = (enum hta_req_status)status;
	x->effort = (int)hta_rd_int(r, 14, true, 0, COUNT_MAX, NULL);
	x->owner = hta_rd_text(r, 15, true);
	x->manifest = hta_rd_text(r, 16, true);
	x->manifest_line = (unsigned)hta_rd_int(r, 17, true, 0, COUNT_MAX, NULL);
	x->na_reason = hta_rd_text(r, 18, true);
	x->provider = hta_rd_text(r, 19, true);
	x->inherited_weight = (int)hta_rd_int(r, 20, true, 0, 100, NULL);
	x->waiver_reason = hta_rd_text(r, 21, true);
	int we = hta_rd_date(r, 22, true);
	x->waiver_expires = we < 0 ? 0 : we;
	if (r->rc || sqlite3_column_type(q, 23) == SQLITE_NULL)
		return; /* not a gap */
	r->table = "gaps";
	r->row = sqlite3_column_int64(q, 31);
	x->gap = true;
	x->rank = (int)hta_rd_int(r, 23, false, 1, n ? (long long)n : 1, NULL);
	if (!r->rc && rank_seen[x->rank - 1]++)
		hta_rd_bad(r, 23, "rank %d is given twice", x->rank);
	x->cap = hta_rd_bool(r, 24);
	x->blocker = hta_rd_bool(r, 25);
	x->points_lost = hta_rd_real(r, 26, false, 0, SCORE_MAX, NULL);
	x->reason = hta_rd_text(r, 27, false);
	const char *k = hta_rd_raw(r, 28, false);
	if (k) {
		x->rank_kind = hta_rank_kind_parse(k);
		if (strcmp(k, hta_rank_kind_name(x->rank_kind)) != 0)
			hta_rd_bad(r, 28, "'%.40s' is not a rank kind (plan, cap, value)", k);
	}
	x->waived = hta_rd_bool(r, 29);
}

static void read_finding(struct hta_rd *r, struct hta_run_finding *f)
{
	r->table = "findings";
	r->row = sqlite3_column_int64(r->q, 5);
	f->req_id = hta_rd_text(r, 0, true);
	f->path = hta_rd_text(r, 1, true);
	f->line = (unsigned)hta_rd_int(r, 2, true, 0, COUNT_MAX, NULL);
	const char *code = hta_rd_raw(r, 3, false);
	int fc = code ? hta_finding_parse(code) : 0;
	if (fc < 0)
		hta_rd_bad(r, 3, "'%.40s' is not a finding code", code);
	else
		f->code = (enum hta_finding_code)fc;
	f->message = hta_rd_text(r, 4, false);
}

static void read_artifact(struct hta_rd *r, struct hta_run_artifact *a, size_t ordinal)
{
	r->table = "artifacts";
	r->row = (long long)ordinal + 1; /* WITHOUT ROWID: the row's place, by path */
	a->path = hta_rd_text(r, 0, false);
	a->size = hta_rd_int(r, 1, false, 0, LLONG_MAX, NULL);
	a->mtime_ns = hta_rd_int(r, 2, false, LLONG_MIN, LLONG_MAX, NULL);
	a->inode = (unsigned long long)hta_rd_int(r, 3, false, LLONG_MIN, LLONG_MAX, NULL);
	const char *h = hta_rd_raw(r, 4, false);
	if (h && (strlen(h) != 64 || strspn(h, "0123456789abcdef") != 64))
		hta_rd_bad(r, 4, "not a SHA-256 in lowercase hex");
	else if (h)
		memcpy(a->sha256, h, 65);
}

/*
 * Steps through one query's rows; a step that fails (no memory, I/O) ends
 * a loop like the last row would, so the caller checks *step_rc, or the run
 * comes back silently short.
 */
bool hta_rd_next(struct hta_rd *r, int *step_rc)
{
	if (r->rc)
		return false;
	*step_rc = sqlite3_step(r->q);
	return *step_rc == SQLITE_ROW;
}

/* The runs row; runs stored before schema 4 have no catalog digest (NULL). */
#define RUNS_SELECT(digest)                                                                   \
	"SELECT id, started_at, tier, addons, as_of, evidence_root, catalog_version, verdict,"   \
	" gap_count, cap_count, waived_gaps, waived_caps, overall_score, measured_managed,"      \
	" catalog_name, tool_version, organization, assessment, scope_file, manifests,"         \
	" files_seen, artifacts_hashed, artifacts_cached, bytes_hashed, hash_started_ns, "       \
	digest " FROM runs WHERE id = CASE WHEN ?1 > 0 THEN ?1 ELSE (SELECT max(id) FROM runs) END"

/*
 * The domain_scores and pool_scores rows (q1, q2) into the run's pools; a
 * domain no row names still gets its key. Returns 1 when a step failed
 * (the caller reports the database error), else 0 (r->rc may be set).
 */
static int load_pools(struct hta_rd *r, sqlite3_stmt *q1, sqlite3_stmt *q2, long long id)
{
	struct hta_run *run = r->run;
	int src = SQLITE_DONE;
	for (int k = 1; k <= 2; k++) {
		sqlite3_stmt *qk = k == 1 ? q1 : q2;
		sqlite3_bind_int64(qk, 1, id);
		r->q = qk;
		r->table = k == 1 ? "domain_scores" : "pool_scores";
		while (hta_rd_next(r, &src)) {
			r->row = sqlite3_column_int64(qk, 9);
			struct hta_run_pool *p = NULL;
			if (k == 1) {
				p = &run->domains[hta_rd_domain(r, 0)];
			} else {
				const char *name = hta_rd_raw(r, 0, false);
				int pk = name ? hta_pool_parse(name) : -1;
				p = pk == HTA_POOL_AI_SECURITY ? &run->ai_security
				  : pk == HTA_POOL_AI_RISK ? &run->ai_risk
				  : pk == HTA_POOL_COMPLIANCE ? &run->compliance : NULL;
				if (name && !p)
					hta_rd_bad(r, 0, "'%.40s' is not a pool (ai-security, ai-risk, "
					       "compliance)", name);
			}
			if (r->rc)
				break;
			snprintf(p->key, sizeof(p->key), "%s", (const char *)sqlite3_column_text(qk, 0));
			read_pool(r, p);
		}
		if (!r->rc && src != SQLITE_DONE)
			return 1;
	}
	for (int d = 1; d <= HTA_DOMAINS; d++)
		if (!run->domains[d].key[0])
			snprintf(run->domains[d].key, sizeof(run->domains[d].key), "%02d", d);
	return 0;
}

/* The findings rows (q4) into the run. Returns 1 when a step failed, else 0. */
static int load_findings(struct hta_rd *r, sqlite3_stmt *q4, long long id)
{
	struct hta_run *run = r->run;
	struct hta_ptrvec fv = { 0 };
	int src = SQLITE_DONE, failed = 0;
	sqlite3_bind_int64(q4, 1, id);
	r->q = q4;
	while (hta_rd_next(r, &src)) {
		struct hta_run_finding *f = hta_arena_alloc(&run->arena, sizeof(*f));
		if (!f || hta_ptrvec_push(&fv, f)) {
			hta_rd_nomem(r);
			break;
		}
		memset(f, 0, sizeof(*f));
		read_finding(r, f);
	}
	if (!r->rc && src != SQLITE_DONE)
		failed = 1;
	else if (!r->rc) {
		run->findings = hta_arena_array(&run->arena, fv.n ? fv.n : 1, sizeof(*run->findings));
		if (!run->findings)
			hta_rd_nomem(r);
		for (size_t k = 0; run->findings && k < fv.n; k++)
			run->findings[k] = *(struct hta_run_finding *)fv.v[k];
		run->n_findings = fv.n;
	}
	hta_ptrvec_free(&fv);
	return failed;
}

/* The artifacts rows (count q6, rows q7) into the run. Returns 1 when a step failed, else 0. */
static int load_artifacts(struct hta_rd *r, sqlite3_stmt *q6, sqlite3_stmt *q7, long long id)
{
	struct hta_run *run = r->run;
	int src = SQLITE_DONE;
	sqlite3_bind_int64(q6, 1, id);
	if (!r->rc && (src = sqlite3_step(q6)) != SQLITE_ROW)
		return 1;
	size_t na = r->rc ? 0 : (size_t)sqlite3_column_int64(q6, 0);
	if (!r->rc && !(run->artifacts = hta_arena_array(&run->arena, na ? na : 1,
							  sizeof(*run->artifacts))))
		hta_rd_nomem(r);
	sqlite3_bind_int64(q7, 1, id);
	r->q = q7;
	size_t ka = 0;
	while (ka < na && hta_rd_next(r, &src))
		read_artifact(r, &run->artifacts[ka], ka), ka++;
	if (!r->rc && ka < na && src != SQLITE_DONE)
		return 1;
	run->n_artifacts = ka;
	return 0;
}

/* One query per table, each read and checked in turn (load_*() and
 * read_*() above), with one cleanup. */
int hta_store_load(struct hta_store *st, long long id, struct hta_run *run, struct hta_err *err)
{
	static const char *const sql[9] = {
		RUNS_SELECT("catalog_digest"),
		"SELECT domain, name, score, threshold, statements, passed, in_scope, plan_effort,"
		" plan_items, rowid FROM domain_scores WHERE run_id = ?1",
		"SELECT pool, name, score, threshold, statements, passed, in_scope, plan_effort,"
		" plan_items, rowid FROM pool_scores WHERE run_id = ?1",
		"SELECT r.requirement_id, r.domain, r.pool, r.title, r.control_ref, r.statement,"
		" r.score, r.ceiling, r.policy, r.procedure, r.implemented, r.measured, r.managed,"
		" r.status, r.effort, r.owner, r.manifest, r.manifest_line, r.na_reason, r.provider,"
		" r.inherited_weight, r.waiver_reason, r.waiver_expires, g.rank, g.cap_required,"
		" g.blocker, g.points_lost, g.reason, g.kind, g.waived, r.rowid, g.rowid"
		" FROM requirement_scores r LEFT JOIN gaps g"
		" ON g.run_id = r.run_id AND g.requirement_id = r.requirement_id"
		" WHERE r.run_id = ?1 ORDER BY r.rowid",
		"SELECT requirement_id, path, line, code, message, rowid FROM findings"
		" WHERE run_id = ?1 ORDER BY rowid",
		"SELECT count(*) FROM requirement_scores WHERE run_id = ?1",
		"SELECT count(*) FROM artifacts WHERE run_id = ?1",
		"SELECT path, size, mtime_ns, inode, sha256 FROM artifacts WHERE run_id = ?1"
		" ORDER BY path",
		RUNS_SELECT("NULL"), /* [0] before schema 4: no catalog digest */
	};
	sqlite3_stmt *q[8] = { 0 };
	unsigned char *rank_seen = NULL;
	struct hta_rd r = { st, run, NULL, "runs", 0, err, 0 };
	int src = SQLITE_DONE, rc;
	memset(run, 0, sizeof(*run));
	for (int i = 0; i < 8; i++)
		if (sqlite3_prepare_v2(st->db, sql[i == 0 && st->version < 4 ? 8 : i], -1, &q[i], NULL) !=
		    SQLITE_OK) {
			rc = db_err(st, err, "cannot read runs");
			goto done;
		}
	sqlite3_bind_int64(q[0], 1, id);
	r.q = q[0];
	if (!hta_rd_next(&r, &src)) {
		rc = src == SQLITE_DONE ? hta_err_set(err, HTA_ENOTFOUND, "%s: no run %lld", st->path, id)
					: db_err(st, err, "cannot read runs");
		goto done;
	}
	read_run_row(&r);
	id = run->id;

	if (load_pools(&r, q[1], q[2], id))
		goto step_failed;
	sqlite3_bind_int64(q[5], 1, id);
	if ((src = sqlite3_step(q[5])) != SQLITE_ROW)
		goto step_failed;
	size_t n = (size_t)sqlite3_column_int64(q[5], 0);
	run->reqs = hta_arena_array(&run->arena, n ? n : 1, sizeof(*run->reqs));
	run->gap_order = hta_arena_array(&run->arena, n ? n : 1, sizeof(*run->gap_order));
	rank_seen = hta_calloc(n ? n : 1, 1);
	if (!run->reqs || !run->gap_order || !rank_seen) {
		hta_rd_nomem(&r);
		goto checked;
	}
	sqlite3_bind_int64(q[3], 1, id);
	r.q = q[3];
	size_t i = 0, gaps = 0;
	while (i < n && hta_rd_next(&r, &src)) {
		struct hta_run_req *x = &run->reqs[i];
		read_req(&r, x, n, rank_seen);
		if (x->gap && !r.rc) {
			run->gap_order[x->rank - 1] = i;
			gaps++;
		}
		i++;
	}
	if (!r.rc && src != SQLITE_ROW && src != SQLITE_DONE)
		goto step_failed;
	/* The ranks must be 1..gaps, each once: the renderers walk gap_order. */
	for (size_t k = 0; k < gaps && !r.rc; k++)
		if (!rank_seen[k])
			r.rc = hta_err_set(err, HTA_EDB, "%s: table gaps, column rank, run %lld: the "
					   "ranks are not 1 to %zu; not a report this tool wrote, or "
					   "damaged", st->path, id, gaps);
	run->n_reqs = i;
	run->n_gaps = gaps;

	if (load_findings(&r, q[4], id))
		goto step_failed;
	if (load_artifacts(&r, q[6], q[7], id))
		goto step_failed;
checked:
	rc = r.rc;
	/* A database not yet upgraded to version 3 has no deliverable rows. */
	if (!rc && st->version >= 3 && !(rc = hta_store_deliver_load(&r, st->db)))
		rc = hta_store_deliver_context(&r, st->db);
	goto done;
step_failed:
	rc = db_err(st, err, "cannot read the run");
done:
	hta_free(rank_seen);
	for (int k = 0; k < 8; k++)
		sqlite3_finalize(q[k]);
	if (rc)
		hta_run_free(run);
	return rc;
}

/*
 * A run id read back from the database (max(id), the previous run's id),
 * after sqlite3_step returned `src`: no row or NULL is "none" (0), a whole
 * number from 1 is the id; anything else is a damaged or crafted file
 * (-1 with err set), never an id the caller would take for a status.
 */
static long long run_id_read(struct hta_store *st, sqlite3_stmt *q, int src,
			     struct hta_err *err)
{
	if (src == SQLITE_DONE)
		return 0;
	if (src != SQLITE_ROW) {
		db_err(st, err, "cannot read runs");
		return -1;
	}
	int ty = sqlite3_column_type(q, 0);
	if (ty == SQLITE_NULL)
		return 0;
	long long id = sqlite3_column_int64(q, 0);
	if (ty == SQLITE_INTEGER && id >= 1)
		return id;
	hta_err_set(err, HTA_EDB,
		    "%s: table runs, column id: %s where a run id (1 or more) is required; not a "
		    "report this tool wrote, or damaged", st->path,
		    ty == SQLITE_INTEGER ? "a number below 1" : "not a whole number");
	return -1;
}

long long hta_store_latest(struct hta_store *st, const struct hta_run *run, struct hta_err *err)
{
	sqlite3_stmt *q = NULL;
	long long id = 0;
	if (sqlite3_prepare_v2(st->db,
			       "SELECT max(id) FROM runs WHERE tier = ?1 AND evidence_root = ?2",
			       -1, &q, NULL) != SQLITE_OK) {
		db_err(st, err, "cannot read runs");
		return -1;
	}
	bind_text(q, 1, hta_tier_name(run->tier));
	bind_text(q, 2, run->evidence_root);
	id = run_id_read(st, q, sqlite3_step(q), err);
	sqlite3_finalize(q);
	return id;
}

int hta_store_context(struct hta_store *st, struct hta_run *run, struct hta_err *err)
{
	struct hta_rd r = { st, run, NULL, "runs", run->id, err, 0 };
	if (st->version < 3)
		return 0;
	return hta_store_deliver_context(&r, st->db);
}

long long hta_store_previous(struct hta_store *st, long long id, struct hta_err *err)
{
	sqlite3_stmt *q = NULL;
	long long prev = 0;
	if (sqlite3_prepare_v2(st->db,
			       "SELECT p.id FROM runs r JOIN runs p ON p.tier = r.tier AND"
			       " p.evidence_root = r.evidence_root AND p.id < r.id"
			       " WHERE r.id = ?1 ORDER BY p.id DESC LIMIT 1",
			       -1, &q, NULL) != SQLITE_OK) {
		db_err(st, err, "cannot read runs");
		return -1;
	}
	sqlite3_bind_int64(q, 1, id);
	prev = run_id_read(st, q, sqlite3_step(q), err);
	sqlite3_finalize(q);
	return prev;
}

int hta_store_list(struct hta_store *st, struct hta_buf *out, struct hta_err *err)
{
	sqlite3_stmt *q = NULL;
	if (sqlite3_prepare_v2(st->db,
			       "SELECT id, started_at, tier, addons, as_of, verdict, gap_count,"
			       " cap_count, evidence_root FROM runs ORDER BY id",
			       -1, &q, NULL) != SQLITE_OK)
		return db_err(st, err, "cannot read runs");
	hta_buf_printf(out, "%-5s %-20s %-4s %-20s %-10s %-7s %5s %5s  %s\n", "RUN", "STARTED",
		       "TIER", "ADD-ONS", "AS-OF", "VERDICT", "GAPS", "CAPS", "EVIDENCE");
	int src;
	while ((src = sqlite3_step(q)) == SQLITE_ROW) {
		/* An untrusted file: a NULL or a blob prints as "?", never crashes. */
		const char *c[9];
		for (int i = 1; i < 9; i++) {
			c[i] = sqlite3_column_type(q, i) == SQLITE_TEXT
				       ? (const char *)sqlite3_column_text(q, i) : NULL;
			if (!c[i])
				c[i] = "?";
		}
		hta_buf_printf(out, "%-5lld %-20s %-4s %-20s %-10s %-7s %5d %5d  %s\n",
			       (long long)sqlite3_column_int64(q, 0), c[1], c[2],
			       *c[3] ? c[3] : "-", c[4], c[5], sqlite3_column_int(q, 6),
			       sqlite3_column_int(q, 7), c[8]);
	}
	if (src != SQLITE_DONE) {
		int rc = db_err(st, err, "cannot read runs");
		sqlite3_finalize(q);
		return rc;
	}
	sqlite3_finalize(q);
	return out->failed ? hta_err_set(err, HTA_ENOMEM, "out of memory") : 0;
}

/* ---- the incremental hash cache ---- */

int hta_store_open_readonly(struct hta_store **out, const char *path, struct hta_err *err)
{
	*out = NULL;
	int crc = hta_store_check_path(path, err);
	if (crc)
		return crc;
	struct stat sb;
	if (stat(path, &sb) != 0)
		return hta_err_set(err, HTA_ENOTFOUND, "%s: no database yet", path);
	if (!S_ISREG(sb.st_mode))
		return hta_err_set(err, HTA_EDB, "%s: not a regular file; not a database", path);
	hta_alloc_hook_libraries();
	struct hta_store *st = hta_calloc(1, sizeof(*st));
	if (!st)
		return hta_err_set(err, HTA_ENOMEM, "out of memory");
	st->path = path;
	int rc = 0;
	sqlite3_stmt *q = NULL;
	if (sqlite3_open_v2(path, &st->db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		rc = hta_err_set(err, HTA_EDB, "%s: cannot open database: %s", path,
				 st->db ? sqlite3_errmsg(st->db) : "out of memory");
		goto fail;
	}
	sqlite3_busy_handler(st->db, busy_wait, st);
	sqlite3_extended_result_codes(st->db, 1);
	if (sqlite3_prepare_v2(st->db, "PRAGMA user_version", -1, &q, NULL) != SQLITE_OK ||
	    sqlite3_step(q) != SQLITE_ROW) {
		rc = db_err(st, err, "not a usable SQLite database");
		goto fail;
	}
	int version = sqlite3_column_int(q, 0);
	st->version = version;
	if (version < 1 || version > HTA_SCHEMA_VERSION) {
		rc = hta_err_set(err, HTA_ENOTFOUND, "%s: no hitrust-assess schema this build reads",
				 path);
		goto fail;
	}
	sqlite3_finalize(q);
	*out = st;
	return 0;
fail:
	sqlite3_finalize(q);
	hta_store_close(st);
	return rc;
}

/* How many of the latest runs over a root the cache looks through. */
#define CACHE_RUNS 8

int hta_store_hash_lookup(struct hta_store *st, const char *root, struct hta_hash_item *items,
			  size_t n, struct hta_err *err)
{
	size_t cap = 16, left = 0, nruns = 0;
	long long runs[CACHE_RUNS], started[CACHE_RUNS];
	sqlite3_stmt *q = NULL;
	int rc = 0;
	while (cap < 2 * n)
		cap *= 2;
	/* The items still to hash, by name (open addressing, linear probe). */
	struct hta_hash_item **slot = hta_calloc(cap, sizeof(*slot));
	if (!slot)
		return hta_err_set(err, HTA_ENOMEM, "out of memory");
	for (size_t i = 0; i < n; i++) {
		if (items[i].state != HTA_HASH_TODO)
			continue;
		size_t h = hta_hash_str(items[i].name) & (cap - 1);
		while (slot[h])
			h = (h + 1) & (cap - 1);
		slot[h] = &items[i];
		left++;
	}
	/* A version 1 database knows no ctime: nothing in it can be trusted. */
	if (!left || st->version < 2)
		goto done;
	if (sqlite3_prepare_v2(st->db,
			       "SELECT id, hash_started_ns FROM runs WHERE evidence_root = ?1"
			       " AND hash_started_ns IS NOT NULL ORDER BY id DESC LIMIT ?2",
			       -1, &q, NULL) != SQLITE_OK) {
		rc = db_err(st, err, "cannot read runs");
		goto done;
	}
	sqlite3_bind_text(q, 1, root, -1, SQLITE_STATIC);
	sqlite3_bind_int(q, 2, CACHE_RUNS);
	while (nruns < CACHE_RUNS && sqlite3_step(q) == SQLITE_ROW) {
		runs[nruns] = sqlite3_column_int64(q, 0);
		started[nruns++] = sqlite3_column_int64(q, 1);
	}
	sqlite3_finalize(q);
	q = NULL;
	/* A row is trusted only when the file's mtime and ctime were safely in
	 * the past when its run began reading (not "racily clean", see hash.h). */
	if (nruns && sqlite3_prepare_v2(st->db,
					"SELECT path, size, mtime_ns, inode, sha256, ctime_ns FROM artifacts"
					" WHERE run_id = ?1 AND mtime_ns <= ?2 AND ctime_ns <= ?2",
					-1, &q, NULL) != SQLITE_OK) {
		rc = db_err(st, err, "cannot read artifacts");
		goto done;
	}
	for (size_t r = 0; r < nruns && left; r++) {
		sqlite3_bind_int64(q, 1, runs[r]);
		sqlite3_bind_int64(q, 2, started[r] - HTA_HASH_RACY_NS);
		while (left && sqlite3_step(q) == SQLITE_ROW) {
			const char *path = (const char *)sqlite3_column_text(q, 0);
			const char *sha = (const char *)sqlite3_column_text(q, 4);
			if (!path || !sha || strlen(sha) != 64)
				continue;
			size_t h = hta_hash_str(path) & (cap - 1);
			struct hta_hash_item *it;
			while ((it = slot[h]) && strcmp(it->name, path) != 0)
				h = (h + 1) & (cap - 1);
			if (!it || it->state != HTA_HASH_TODO ||
			    it->size != sqlite3_column_int64(q, 1) ||
			    it->mtime_ns != sqlite3_column_int64(q, 2) ||
			    it->ctime_ns != sqlite3_column_int64(q, 5) ||
			    it->ino != (unsigned long long)sqlite3_column_int64(q, 3))
				continue;
			memcpy(it->sha256, sha, 65);
			it->state = HTA_HASH_CACHED;
			left--;
		}
		sqlite3_reset(q);
	}
done:
	sqlite3_finalize(q);
	hta_free(slot);
	return rc;
}
