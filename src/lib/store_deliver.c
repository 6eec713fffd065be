/*
 * store_deliver.c — the readiness deliverable in the report database
 * (schema version 3, docs/schema.md): extra columns on runs, domain_scores,
 * pool_scores and gaps, and the tables inheritance, timeline,
 * stale_evidence, soc2_evidence and scope_answers. Written inside the
 * run's transaction by hta_store_write(), read back by hta_store_load().
 * The ladder and the trend are read from the other stored runs.
 */
#include "hta/date.h"
#include "hta/providers.h"
#include "store_int.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char hta_schema_v3[] =
	"ALTER TABLE runs ADD COLUMN ladder INTEGER;"
	"ALTER TABLE runs ADD COLUMN inherit_points REAL;"
	"ALTER TABLE runs ADD COLUMN inherit_count INTEGER;"
	"ALTER TABLE runs ADD COLUMN timeline_start TEXT;"
	"ALTER TABLE runs ADD COLUMN capacity INTEGER;"
	"ALTER TABLE runs ADD COLUMN ready_on TEXT;"
	"ALTER TABLE runs ADD COLUMN stale_window INTEGER;"
	"ALTER TABLE runs ADD COLUMN soc2_period_end TEXT;"
	"ALTER TABLE runs ADD COLUMN soc2_exceptions TEXT;"
	"ALTER TABLE domain_scores ADD COLUMN inherit_points REAL;"
	"ALTER TABLE domain_scores ADD COLUMN inherit_lifts INTEGER;"
	"ALTER TABLE domain_scores ADD COLUMN passes_on TEXT;"
	"ALTER TABLE pool_scores ADD COLUMN inherit_points REAL;"
	"ALTER TABLE pool_scores ADD COLUMN inherit_lifts INTEGER;"
	"ALTER TABLE pool_scores ADD COLUMN passes_on TEXT;"
	"ALTER TABLE gaps ADD COLUMN fix TEXT;"
	"ALTER TABLE gaps ADD COLUMN closing_evidence TEXT;"
	"CREATE INDEX runs_ladder ON runs(ladder);"
	"CREATE TABLE inheritance("
	" run_id INTEGER NOT NULL REFERENCES runs(id),"
	" requirement_id TEXT NOT NULL,"
	" provider TEXT NOT NULL,"
	" responsibility TEXT NOT NULL CHECK (responsibility IN ('provider','shared','customer')),"
	" weight INTEGER NOT NULL,"
	" points REAL NOT NULL,"
	" planned INTEGER NOT NULL,"
	" PRIMARY KEY (run_id, requirement_id));"
	"CREATE TABLE timeline("
	" run_id INTEGER NOT NULL REFERENCES runs(id),"
	" requirement_id TEXT NOT NULL,"
	" rank INTEGER NOT NULL,"
	" workstream INTEGER NOT NULL,"
	" fix TEXT NOT NULL,"
	" start TEXT NOT NULL,"
	" fix_done TEXT NOT NULL,"
	" ready TEXT NOT NULL,"
	" weeks INTEGER NOT NULL,"
	" window_days INTEGER NOT NULL,"
	" PRIMARY KEY (run_id, requirement_id));"
	"CREATE TABLE stale_evidence("
	" run_id INTEGER NOT NULL REFERENCES runs(id),"
	" requirement_id TEXT NOT NULL,"
	" level TEXT NOT NULL,"
	" owner TEXT,"
	" manifest TEXT NOT NULL,"
	" line INTEGER,"
	" dated TEXT NOT NULL,"
	" stale_on TEXT NOT NULL);"
	"CREATE INDEX stale_evidence_run ON stale_evidence(run_id);"
	"CREATE TABLE soc2_evidence("
	" run_id INTEGER NOT NULL REFERENCES runs(id),"
	" requirement_id TEXT NOT NULL,"
	" criteria TEXT NOT NULL,"
	" PRIMARY KEY (run_id, requirement_id));"
	"CREATE TABLE scope_answers("
	" run_id INTEGER NOT NULL REFERENCES runs(id),"
	" seq INTEGER NOT NULL,"
	" key TEXT NOT NULL,"
	" value TEXT NOT NULL,"
	" PRIMARY KEY (run_id, seq));"
	"PRAGMA user_version = 3;";

/*
 * Binding never allocates: strings are bound SQLITE_STATIC (they live in
 * the run's arena, or in the caller's date buffers, until the row is
 * stepped), so an out-of-memory cannot turn a bound value into a silent
 * NULL.
 */
static void text(sqlite3_stmt *q, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(q, i, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(q, i);
}

/* `buf` (11 bytes) must outlive the step of the row. */
static void date(sqlite3_stmt *q, int i, int day, char *buf)
{
	if (day < 0) {
		sqlite3_bind_null(q, i);
		return;
	}
	hta_date_format(day, buf);
	sqlite3_bind_text(q, i, buf, -1, SQLITE_STATIC);
}

static int done(sqlite3_stmt *q)
{
	int rc = sqlite3_step(q);
	sqlite3_reset(q);
	sqlite3_clear_bindings(q);
	return rc == SQLITE_DONE ? 0 : -1;
}

static int pool_update(sqlite3_stmt *q, long long id, const struct hta_run_pool *p)
{
	char d[11];
	sqlite3_bind_double(q, 1, p->dl.inherit_points);
	sqlite3_bind_int(q, 2, p->dl.inherit_lifts);
	date(q, 3, p->dl.passes_on, d);
	sqlite3_bind_int64(q, 4, id);
	text(q, 5, p->key);
	return done(q);
}

enum { W_RUN, W_DOM, W_POOL, W_GAP, W_INH, W_TL, W_STALE, W_SOC2, W_ANS, W_COUNT };

/* The run's own deliverable columns. */
static int run_row(sqlite3_stmt *s, long long id, const struct hta_run_deliver *dl)
{
	char d1[11], d2[11], d3[11];
	if (dl->ladder) /* -1: this run starts a ladder, named by its id */
		sqlite3_bind_int64(s, 1, dl->ladder < 0 ? id : dl->ladder);
	sqlite3_bind_double(s, 2, dl->inherit_total);
	sqlite3_bind_int64(s, 3, (sqlite3_int64)dl->inherit_count);
	if (dl->has_timeline) {
		date(s, 4, dl->tl_start, d1);
		sqlite3_bind_int(s, 5, dl->tl_capacity);
		date(s, 6, dl->ready_on, d2);
	}
	sqlite3_bind_int(s, 7, dl->stale_window);
	if (dl->has_soc2) {
		date(s, 8, dl->soc2_period_end, d3);
		text(s, 9, dl->soc2_exceptions ? dl->soc2_exceptions : "");
	}
	sqlite3_bind_int64(s, 10, id);
	return done(s);
}

/* A requirement's deliverable rows: its gap's fix, inheritance, timeline, SOC 2 reuse. */
static int req_rows(sqlite3_stmt *const *q, long long id, const struct hta_run_req *r)
{
	sqlite3_stmt *s;
	char d1[11], d2[11], d3[11];
	if (r->gap) {
		s = q[W_GAP];
		text(s, 1, hta_fix_name(hta_gap_fix(r)));
		text(s, 2, r->dl.closing_evidence);
		sqlite3_bind_int64(s, 3, id);
		text(s, 4, r->id);
		if (done(s))
			return -1;
	}
	if (r->dl.inherit_provider) {
		s = q[W_INH];
		sqlite3_bind_int64(s, 1, id);
		text(s, 2, r->id);
		text(s, 3, r->dl.inherit_provider);
		text(s, 4, hta_resp_name(r->dl.inherit_resp));
		sqlite3_bind_int(s, 5, r->dl.inherit_weight);
		sqlite3_bind_double(s, 6, r->dl.inherit_points);
		sqlite3_bind_int(s, 7, r->dl.fix_inherit);
		if (done(s))
			return -1;
	}
	if (r->dl.scheduled) {
		s = q[W_TL];
		sqlite3_bind_int64(s, 1, id);
		text(s, 2, r->id);
		sqlite3_bind_int(s, 3, r->rank);
		sqlite3_bind_int(s, 4, r->dl.tl_stream);
		text(s, 5, hta_fix_name(hta_timeline_fix(r)));
		date(s, 6, r->dl.tl_start, d1);
		date(s, 7, r->dl.tl_done, d2);
		date(s, 8, r->dl.tl_ready, d3);
		sqlite3_bind_int(s, 9, r->dl.tl_weeks);
		sqlite3_bind_int(s, 10, r->dl.tl_window);
		if (done(s))
			return -1;
	}
	if (r->dl.soc2) {
		s = q[W_SOC2];
		sqlite3_bind_int64(s, 1, id);
		text(s, 2, r->id);
		text(s, 3, r->dl.soc2);
		if (done(s))
			return -1;
	}
	return 0;
}

/* Every row of the deliverable, in the order of the tables. */
int hta_store_deliver_write(sqlite3 *db, long long id, const struct hta_run *run,
			    const char **what)
{
	static const char *const sql[W_COUNT] = {
		"UPDATE runs SET ladder = ?1, inherit_points = ?2, inherit_count = ?3,"
		" timeline_start = ?4, capacity = ?5, ready_on = ?6, stale_window = ?7,"
		" soc2_period_end = ?8, soc2_exceptions = ?9 WHERE id = ?10",
		"UPDATE domain_scores SET inherit_points = ?1, inherit_lifts = ?2, passes_on = ?3"
		" WHERE run_id = ?4 AND domain = ?5",
		"UPDATE pool_scores SET inherit_points = ?1, inherit_lifts = ?2, passes_on = ?3"
		" WHERE run_id = ?4 AND pool = ?5",
		"UPDATE gaps SET fix = ?1, closing_evidence = ?2 WHERE run_id = ?3 AND"
		" requirement_id = ?4",
		"INSERT INTO inheritance VALUES (?,?,?,?,?,?,?)",
		"INSERT INTO timeline VALUES (?,?,?,?,?,?,?,?,?,?)",
		"INSERT INTO stale_evidence VALUES (?,?,?,?,?,?,?,?)",
		"INSERT INTO soc2_evidence VALUES (?,?,?)",
		"INSERT INTO scope_answers VALUES (?,?,?,?)",
	};
	sqlite3_stmt *q[W_COUNT] = { 0 };
	const struct hta_run_deliver *dl = &run->dl;
	char d1[11], d2[11];
	int rc = -1;
	*what = "cannot prepare a statement";
	for (int i = 0; i < W_COUNT; i++)
		if (sqlite3_prepare_v2(db, sql[i], -1, &q[i], NULL) != SQLITE_OK)
			goto fail;
	*what = "cannot write the deliverable";
	sqlite3_stmt *s;
	if (run_row(q[W_RUN], id, dl))
		goto fail;
	for (int d = 1; d <= HTA_DOMAINS; d++)
		if (pool_update(q[W_DOM], id, &run->domains[d]))
			goto fail;
	const struct hta_run_pool *pools[3] = { &run->ai_security, &run->ai_risk, &run->compliance };
	for (int k = 0; k < 3; k++)
		if (pools[k]->total && pool_update(q[W_POOL], id, pools[k]))
			goto fail;
	for (size_t i = 0; i < run->n_reqs; i++)
		if (req_rows(q, id, &run->reqs[i]))
			goto fail;
	for (size_t k = 0; k < dl->n_stale; k++) {
		const struct hta_run_stale *x = &dl->stale[k];
		s = q[W_STALE];
		sqlite3_bind_int64(s, 1, id);
		text(s, 2, x->req_id);
		text(s, 3, hta_level_name((enum hta_level)x->level));
		text(s, 4, x->owner);
		text(s, 5, x->manifest);
		if (x->line)
			sqlite3_bind_int(s, 6, (int)x->line);
		date(s, 7, x->dated, d1);
		date(s, 8, x->stale_on, d2);
		if (done(s))
			goto fail;
	}
	for (size_t k = 0; k < dl->n_answers; k++) {
		s = q[W_ANS];
		sqlite3_bind_int64(s, 1, id);
		sqlite3_bind_int64(s, 2, (sqlite3_int64)k);
		text(s, 3, dl->answers[k].key);
		text(s, 4, dl->answers[k].value);
		if (done(s))
			goto fail;
	}
	rc = 0;
fail:
	for (int i = 0; i < W_COUNT; i++)
		sqlite3_finalize(q[i]);
	return rc;
}

/* ---- reading ---- */

/*
 * Every column is checked as store.c checks the run's own tables (the
 * hta_rd_* readers of store_int.h): a damaged or crafted deliverable row
 * is HTA_EDB naming the table, the column and the row, never a value a
 * renderer would draw or compute with unchecked. Column 0 of every query
 * is the row's rowid (runs: id), which the messages name.
 */
#define COUNT_MAX 2147483647LL
#define DAYS_MAX 100000LL /* catalog settings' bound for windows and days */

static const char *const tbl_runs = "runs";

/* Prepare `sql` with the run's id bound as ?1; NULL (r->rc set) on failure. */
static sqlite3_stmt *prep(struct hta_rd *r, sqlite3 *db, const char *sql)
{
	sqlite3_stmt *q = NULL;
	if (r->rc)
		return NULL;
	if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) != SQLITE_OK) {
		sqlite3_finalize(q);
		hta_rd_dberr(r, "cannot read the deliverable");
		return NULL;
	}
	sqlite3_bind_int64(q, 1, r->run->id);
	return q;
}

/* Step to the next row of `table` (its rowid becomes r->row); false at
 * the end, after an error, or when the step failed (r->rc then set). */
static bool next(struct hta_rd *r, sqlite3_stmt *q, const char *table)
{
	int src = SQLITE_DONE;
	if (!q)
		return false;
	r->q = q;
	r->table = table;
	if (hta_rd_next(r, &src)) {
		r->row = sqlite3_column_int64(q, 0);
		return true;
	}
	if (!r->rc && src != SQLITE_DONE)
		hta_rd_dberr(r, "cannot read the deliverable");
	return false;
}

/* `SELECT count(*) ...`: the count, 0 after an error. */
static size_t count(struct hta_rd *r, sqlite3 *db, const char *sql, const char *table)
{
	sqlite3_stmt *q = prep(r, db, sql);
	size_t n = 0;
	r->table = table;
	if (q && sqlite3_step(q) == SQLITE_ROW)
		n = (size_t)sqlite3_column_int64(q, 0);
	else if (q)
		hta_rd_dberr(r, "cannot read the deliverable");
	sqlite3_finalize(q);
	return n;
}

/* Requirement index by id: the run's reqs sorted by id (bsearch). */
struct by_id {
	const char *id;
	size_t i;
};

static int cmp_by_id(const void *a, const void *b)
{
	return strcmp(((const struct by_id *)a)->id, ((const struct by_id *)b)->id);
}

/* The statement column `i` names, which must be one of the run's. */
static struct hta_run_req *req_of(struct hta_rd *r, const struct by_id *ix, int i)
{
	const char *id = hta_rd_raw(r, i, false);
	if (!id)
		return NULL;
	struct by_id key = { id, 0 };
	const struct by_id *f = bsearch(&key, ix, r->run->n_reqs, sizeof(*ix), cmp_by_id);
	if (!f)
		hta_rd_bad(r, i, "'%.40s' is not a statement of run %lld", id, r->run->id);
	return f ? &r->run->reqs[f->i] : NULL;
}

/* Column `i` must be one of `words` (NULL-terminated); its index, -1 when
 * NULL is allowed and found (or after an error). */
static int word(struct hta_rd *r, int i, bool null_ok, const char *const *words, const char *list)
{
	const char *s = hta_rd_raw(r, i, null_ok);
	if (!s)
		return -1;
	for (int k = 0; words[k]; k++)
		if (strcmp(s, words[k]) == 0)
			return k;
	hta_rd_bad(r, i, "'%.40s' is not one of %s", s, list);
	return -1;
}

/* `words` (NULL-terminated) as "a, b, c" for a message, in `buf`. */
static const char *choices(char *buf, size_t n, const char *const *words)
{
	size_t o = 0;
	buf[0] = 0;
	for (int k = 0; words[k] && o < n; k++)
		o += (size_t)snprintf(buf + o, n - o, "%s%s", k ? ", " : "", words[k]);
	return buf;
}

/* Most points a run can hold over its statements (each at most 100). */
static double points_max(const struct hta_run *run)
{
	return 100.0 * (double)(run->n_reqs ? run->n_reqs : 1);
}

/* The deliverable's columns of the runs row. */
static void load_run_cols(struct hta_rd *r, sqlite3 *db)
{
	struct hta_run_deliver *dl = &r->run->dl;
	sqlite3_stmt *q = prep(r, db, "SELECT id, ladder, inherit_points, inherit_count,"
			       " timeline_start, capacity, ready_on, stale_window, soc2_period_end,"
			       " soc2_exceptions FROM runs WHERE id = ?1");
	if (!next(r, q, tbl_runs)) {
		hta_rd_dberr(r, "cannot read the deliverable");
		sqlite3_finalize(q);
		return;
	}
	dl->ladder = hta_rd_int(r, 1, true, 1, LLONG_MAX, NULL);
	if (sqlite3_column_type(q, 1) == SQLITE_NULL)
		dl->ladder = 0;
	dl->inherit_total = hta_rd_real(r, 2, true, 0, points_max(r->run), NULL);
	dl->inherit_count = (size_t)hta_rd_int(r, 3, true, 0, (long long)r->run->n_reqs, NULL);
	dl->tl_start = hta_rd_date(r, 4, true);
	dl->has_timeline = dl->tl_start >= 0;
	bool nocap;
	dl->tl_capacity = (int)hta_rd_int(r, 5, !dl->has_timeline, 1, 64, &nocap);
	if (nocap)
		dl->tl_capacity = 0;
	dl->ready_on = hta_rd_date(r, 6, true);
	dl->stale_window = (int)hta_rd_int(r, 7, true, 0, DAYS_MAX, NULL);
	dl->soc2_period_end = hta_rd_date(r, 8, true);
	dl->has_soc2 = dl->soc2_period_end >= 0;
	dl->soc2_exceptions = hta_rd_text(r, 9, true);
	sqlite3_finalize(q);
}

/* Per domain and per apart pool: what inheritance recovers, the day it passes. */
static void load_pools(struct hta_rd *r, sqlite3 *db)
{
	struct hta_run *run = r->run;
	for (int k = 0; k < 2; k++) {
		const char *table = k ? "pool_scores" : "domain_scores";
		sqlite3_stmt *q = prep(r, db, k ? "SELECT rowid, pool, inherit_points, inherit_lifts,"
					    " passes_on FROM pool_scores WHERE run_id = ?1"
					    : "SELECT rowid, domain, inherit_points, inherit_lifts,"
					    " passes_on FROM domain_scores WHERE run_id = ?1");
		while (next(r, q, table)) {
			struct hta_run_pool *p = NULL;
			if (!k) {
				p = &run->domains[hta_rd_domain(r, 1)];
			} else {
				const char *pools[] = { hta_pool_name(HTA_POOL_AI_SECURITY),
							hta_pool_name(HTA_POOL_AI_RISK),
							hta_pool_name(HTA_POOL_COMPLIANCE), NULL };
				char cb[64];
				int w = word(r, 1, false, pools, choices(cb, sizeof(cb), pools));
				p = w == 0 ? &run->ai_security : w == 1 ? &run->ai_risk
				  : w == 2 ? &run->compliance : NULL;
			}
			if (!p)
				break;
			p->dl.inherit_points = hta_rd_real(r, 2, true, 0, points_max(run), NULL);
			p->dl.inherit_lifts = hta_rd_int(r, 3, true, 0, 1, NULL) != 0;
			p->dl.passes_on = hta_rd_date(r, 4, true);
		}
		sqlite3_finalize(q);
	}
}


/* The gaps' columns: how the plan fixes each, what evidence closes it. */
static void load_gaps(struct hta_rd *r, sqlite3 *db, const struct by_id *ix)
{
	const char *fixes[] = { hta_fix_name(HTA_FIX_WORK), hta_fix_name(HTA_FIX_INHERIT), NULL };
	char cb[64];
	sqlite3_stmt *q = prep(r, db, "SELECT rowid, requirement_id, fix, closing_evidence"
			       " FROM gaps WHERE run_id = ?1");
	while (next(r, q, "gaps")) {
		struct hta_run_req *x = req_of(r, ix, 1);
		int fx = word(r, 2, true, fixes, choices(cb, sizeof(cb), fixes));
		const char *ce = hta_rd_text(r, 3, true);
		if (r->rc)
			break;
		x->dl.fix_inherit = fx == HTA_FIX_INHERIT;
		x->dl.closing_evidence = ce;
	}
	sqlite3_finalize(q);
}

/* The inheritance opportunities. */
static void load_inheritance(struct hta_rd *r, sqlite3 *db, const struct by_id *ix)
{
	static const char *const resps[] = { "customer", "shared", "provider", NULL };
	sqlite3_stmt *q = prep(r, db, "SELECT rowid, requirement_id, provider, responsibility,"
			       " weight, points, planned FROM inheritance WHERE run_id = ?1");
	while (next(r, q, "inheritance")) {
		struct hta_run_req *x = req_of(r, ix, 1);
		const char *prov = hta_rd_text(r, 2, false);
		int resp = word(r, 3, false, resps, "provider, shared, customer");
		int weight = (int)hta_rd_int(r, 4, false, 0, 100, NULL);
		double points = hta_rd_real(r, 5, false, 0, 100, NULL);
		hta_rd_bool(r, 6);
		if (r->rc)
			break;
		x->dl.inherit_provider = prov;
		x->dl.inherit_resp = resp == 2 ? HTA_RESP_PROVIDER : resp == 1 ? HTA_RESP_SHARED
									      : HTA_RESP_CUSTOMER;
		x->dl.inherit_weight = weight;
		x->dl.inherit_points = points;
	}
	sqlite3_finalize(q);
}

/* The timeline: per planned statement its workstream and dates, in order
 * (start <= fix done <= ready). */
static void load_timeline(struct hta_rd *r, sqlite3 *db, const struct by_id *ix)
{
	const char *fix_words[] = { hta_fix_name(HTA_FIX_WORK), hta_fix_name(HTA_FIX_INHERIT),
				    hta_fix_name(HTA_FIX_WAIT), NULL };
	char cb[64];
	sqlite3_stmt *q = prep(r, db, "SELECT rowid, requirement_id, rank, workstream, fix, start,"
			       " fix_done, ready, weeks, window_days FROM timeline WHERE run_id = ?1");
	while (next(r, q, "timeline")) {
		struct hta_run_req *x = req_of(r, ix, 1);
		hta_rd_int(r, 2, false, 1, (long long)(r->run->n_reqs ? r->run->n_reqs : 1), NULL);
		int stream = (int)hta_rd_int(r, 3, false, 0, 64, NULL);
		int fx = word(r, 4, false, fix_words, choices(cb, sizeof(cb), fix_words));
		int start = hta_rd_date(r, 5, false), done_on = hta_rd_date(r, 6, false);
		int ready = hta_rd_date(r, 7, false);
		int weeks = (int)hta_rd_int(r, 8, false, 0, 520, NULL);
		int window = (int)hta_rd_int(r, 9, false, 0, DAYS_MAX, NULL);
		if (!r->rc && (done_on < start || ready < done_on))
			hta_rd_bad(r, 7, "the dates are not in order (start <= fix_done <= ready)");
		if (r->rc)
			break;
		x->dl.scheduled = true;
		x->dl.tl_stream = stream;
		x->dl.tl_start = start;
		x->dl.tl_done = done_on;
		x->dl.tl_ready = ready;
		x->dl.tl_weeks = weeks;
		x->dl.tl_window = window;
		x->dl.tl_wait = fx == HTA_FIX_WAIT;
	}
	sqlite3_finalize(q);
}

/* Evidence going stale, in the order stored (soonest first). */
static void load_stale(struct hta_rd *r, sqlite3 *db)
{
	struct hta_run_deliver *dl = &r->run->dl;
	const char *levels[HTA_LEVEL_COUNT + 1] = { NULL };
	for (int l = 0; l < HTA_LEVEL_COUNT; l++)
		levels[l] = hta_level_name((enum hta_level)l);
	size_t n = count(r, db, "SELECT count(*) FROM stale_evidence WHERE run_id = ?1",
			 "stale_evidence");
	if (r->rc)
		return;
	if (!(dl->stale = hta_arena_array(&r->run->arena, n ? n : 1, sizeof(*dl->stale)))) {
		hta_rd_nomem(r);
		return;
	}
	sqlite3_stmt *q = prep(r, db, "SELECT rowid, requirement_id, level, owner, manifest, line,"
			       " dated, stale_on FROM stale_evidence WHERE run_id = ?1 ORDER BY rowid");
	while (dl->n_stale < n && next(r, q, "stale_evidence")) {
		struct hta_run_stale *x = &dl->stale[dl->n_stale];
		x->req_id = hta_rd_text(r, 1, false);
		x->level = word(r, 2, false, levels, "policy, procedure, implemented, measured, managed");
		x->owner = hta_rd_text(r, 3, true);
		x->manifest = hta_rd_text(r, 4, false);
		x->line = (unsigned)hta_rd_int(r, 5, true, 0, COUNT_MAX, NULL);
		x->dated = hta_rd_date(r, 6, false);
		x->stale_on = hta_rd_date(r, 7, false);
		if (r->rc)
			break;
		dl->n_stale++;
	}
	sqlite3_finalize(q);
}

/* SOC 2 criteria that are candidate evidence, per statement. */
static void load_soc2(struct hta_rd *r, sqlite3 *db, const struct by_id *ix)
{
	sqlite3_stmt *q = prep(r, db, "SELECT rowid, requirement_id, criteria FROM soc2_evidence"
			       " WHERE run_id = ?1");
	while (next(r, q, "soc2_evidence")) {
		struct hta_run_req *x = req_of(r, ix, 1);
		const char *c = hta_rd_text(r, 2, false);
		if (r->rc)
			break;
		x->dl.soc2 = c;
		r->run->dl.soc2_count++;
	}
	sqlite3_finalize(q);
}

/* The scope answers, in the order written. */
static void load_answers(struct hta_rd *r, sqlite3 *db)
{
	struct hta_run_deliver *dl = &r->run->dl;
	size_t n = count(r, db, "SELECT count(*) FROM scope_answers WHERE run_id = ?1",
			 "scope_answers");
	if (r->rc)
		return;
	if (!(dl->answers = hta_arena_array(&r->run->arena, n ? n : 1, sizeof(*dl->answers)))) {
		hta_rd_nomem(r);
		return;
	}
	sqlite3_stmt *q = prep(r, db, "SELECT rowid, key, value FROM scope_answers"
			       " WHERE run_id = ?1 ORDER BY seq");
	while (dl->n_answers < n && next(r, q, "scope_answers")) {
		dl->answers[dl->n_answers].key = hta_rd_text(r, 1, false);
		dl->answers[dl->n_answers].value = hta_rd_text(r, 2, false);
		if (r->rc)
			break;
		dl->n_answers++;
	}
	sqlite3_finalize(q);
}

/* The run's deliverable rows, table by table in the order written. */
int hta_store_deliver_load(struct hta_rd *r, sqlite3 *db)
{
	struct hta_run *run = r->run;
	struct by_id *ix = hta_malloc((run->n_reqs ? run->n_reqs : 1) * sizeof(*ix));
	if (!ix) {
		hta_rd_nomem(r);
		return r->rc;
	}
	for (size_t i = 0; i < run->n_reqs; i++) {
		ix[i].id = run->reqs[i].id ? run->reqs[i].id : "";
		ix[i].i = i;
	}
	qsort(ix, run->n_reqs, sizeof(*ix), cmp_by_id);
	load_run_cols(r, db);
	load_pools(r, db);
	load_gaps(r, db, ix);
	load_inheritance(r, db, ix);
	load_timeline(r, db, ix);
	load_stale(r, db);
	load_soc2(r, db, ix);
	load_answers(r, db);
	hta_free(ix);
	return r->rc;
}

/* The ladder's runs (at most 8 read; a ladder has one per tier), each
 * summarised: verdict, failing pools, gaps, the plan over failing pools. */
static void load_ladder(struct hta_rd *r, sqlite3 *db)
{
	struct hta_run_deliver *dl = &r->run->dl;
	const char *verdicts[] = { hta_verdict_name(false), hta_verdict_name(true), NULL };
	static const char sql[] =
		"SELECT r.id, r.tier, r.verdict, r.gap_count, r.overall_score,"
		" (SELECT group_concat(k, ' ') FROM (SELECT domain AS k FROM domain_scores"
		"  WHERE run_id = r.id AND passed = 0 UNION ALL SELECT pool FROM pool_scores"
		"  WHERE run_id = r.id AND passed = 0 AND pool = 'ai-security')) AS failing,"
		" (SELECT count(*) FROM requirement_scores q JOIN gaps g ON g.run_id = q.run_id"
		"  AND g.requirement_id = q.requirement_id WHERE q.run_id = r.id"
		"  AND q.status = 'no_evidence') AS no_evidence,"
		" (SELECT coalesce(sum(plan_effort), 0) + (SELECT coalesce(sum(plan_effort), 0)"
		"  FROM pool_scores WHERE run_id = r.id AND passed = 0) FROM domain_scores"
		"  WHERE run_id = r.id AND passed = 0) AS plan_effort,"
		" (SELECT coalesce(sum(plan_items), 0) + (SELECT coalesce(sum(plan_items), 0)"
		"  FROM pool_scores WHERE run_id = r.id AND passed = 0) FROM domain_scores"
		"  WHERE run_id = r.id AND passed = 0) AS plan_items,"
		" (SELECT min(m) FROM (SELECT plan_effort AS m FROM domain_scores WHERE run_id = r.id"
		"  AND passed = 0 UNION ALL SELECT plan_effort FROM pool_scores WHERE run_id = r.id"
		"  AND passed = 0)) AS plan_effort,"
		" (SELECT min(m) FROM (SELECT plan_items AS m FROM domain_scores WHERE run_id = r.id"
		"  AND passed = 0 UNION ALL SELECT plan_items FROM pool_scores WHERE run_id = r.id"
		"  AND passed = 0)) AS plan_items"
		" FROM runs r WHERE r.ladder = ?1 ORDER BY CASE r.tier WHEN 'e1' THEN 0"
		" WHEN 'i1' THEN 1 ELSE 2 END, r.id";
	dl->n_ladder = 0;
	if (dl->ladder <= 0)
		return;
	if (!(dl->ladder_rows = hta_arena_array(&r->run->arena, 8, sizeof(*dl->ladder_rows)))) {
		hta_rd_nomem(r);
		return;
	}
	sqlite3_stmt *q = prep(r, db, sql);
	if (q)
		sqlite3_bind_int64(q, 1, dl->ladder);
	while (dl->n_ladder < 8 && next(r, q, tbl_runs)) {
		struct hta_run_ladder *l = &dl->ladder_rows[dl->n_ladder];
		const char *t = hta_rd_raw(r, 1, false);
		if (t && (l->tier = hta_tier_parse(t)) == HTA_TIER_NONE)
			hta_rd_bad(r, 1, "'%.40s' is not a tier (%s)", t, hta_tier_list());
		l->run_id = r->row;
		l->pass = word(r, 2, false, verdicts, hta_verdict_list()) == 1;
		l->gaps = (int)hta_rd_int(r, 3, false, 0, COUNT_MAX, NULL);
		l->overall = hta_rd_real(r, 4, true, 0, 100, NULL);
		l->failing = hta_rd_text(r, 5, true);
		if (!l->failing)
			l->failing = "";
		/* counted and summed over the run's other rows: each failing
		 * domain's or pool's own plan (9, 10: the least) must not be
		 * negative, nor the sums overflow */
		r->table = "domain_scores";
		hta_rd_int(r, 9, true, 0, COUNT_MAX, NULL);
		hta_rd_int(r, 10, true, 0, COUNT_MAX, NULL);
		l->no_evidence = (int)hta_rd_int(r, 6, false, 0, COUNT_MAX, NULL);
		l->plan_effort = (int)hta_rd_int(r, 7, false, 0, COUNT_MAX, NULL);
		l->plan_items = (int)hta_rd_int(r, 8, false, 0, COUNT_MAX, NULL);
		if (r->rc)
			break;
		dl->n_ladder++;
	}
	sqlite3_finalize(q);
}

/* The trend: the last 12 runs of the same evidence root and tier, up to
 * this one, with their domain scores. */
static void load_trend(struct hta_rd *r, sqlite3 *db)
{
	struct hta_run *run = r->run;
	struct hta_run_deliver *dl = &run->dl;
	dl->n_trend = 0;
	if (!(dl->trend = hta_arena_array(&run->arena, 12, sizeof(*dl->trend)))) {
		hta_rd_nomem(r);
		return;
	}
	sqlite3_stmt *q = prep(r, db, "SELECT id, as_of, started_at, overall_score FROM (SELECT id,"
			       " as_of, started_at, overall_score FROM runs WHERE evidence_root = ?2"
			       " AND tier = ?3 AND id <= ?1 ORDER BY id DESC LIMIT 12) ORDER BY id");
	sqlite3_stmt *qd = prep(r, db, "SELECT rowid, domain, score FROM domain_scores"
				" WHERE run_id = ?1");
	if (q) {
		text(q, 2, run->evidence_root);
		text(q, 3, hta_tier_name((enum hta_tier)run->tier));
	}
	while (dl->n_trend < 12 && next(r, q, tbl_runs)) {
		struct hta_run_trend *t = &dl->trend[dl->n_trend];
		t->run_id = r->row;
		t->as_of = hta_rd_date(r, 1, false);
		t->started_at = hta_rd_text(r, 2, false);
		t->overall = hta_rd_real(r, 3, true, 0, 100, NULL);
		sqlite3_reset(qd);
		sqlite3_bind_int64(qd, 1, t->run_id);
		while (next(r, qd, "domain_scores")) {
			bool null;
			int d = hta_rd_domain(r, 1);
			double sc = hta_rd_real(r, 2, true, 0, 100, &null);
			if (!r->rc && !null) {
				t->score[d] = sc;
				t->scored |= 1u << d;
			}
		}
		if (r->rc)
			break;
		dl->n_trend++;
	}
	sqlite3_finalize(q);
	sqlite3_finalize(qd);
}

/*
 * The ladder (the runs of run->dl.ladder, by tier) and the trend (the
 * last 12 runs of the same evidence root and tier, up to this one).
 */
int hta_store_deliver_context(struct hta_rd *r, sqlite3 *db)
{
	load_ladder(r, db);
	load_trend(r, db);
	return r->rc;
}
