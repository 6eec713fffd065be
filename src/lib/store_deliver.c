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

/* A column read ran out of memory (sqlite3_column_* returned NULL/0 and
 * left SQLITE_NOMEM as the connection's error). */
static bool oom(sqlite3 *db)
{
	return (sqlite3_errcode(db) & 0xff) == SQLITE_NOMEM;
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

/* Every row of the deliverable; long because it is one flat list of
 * bound inserts, in the order of the tables. */
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
	char d1[11], d2[11], d3[11];
	int rc = -1;
	*what = "cannot prepare a statement";
	for (int i = 0; i < W_COUNT; i++)
		if (sqlite3_prepare_v2(db, sql[i], -1, &q[i], NULL) != SQLITE_OK)
			goto fail;
	*what = "cannot write the deliverable";
	sqlite3_stmt *s = q[W_RUN];
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
	if (done(s))
		goto fail;
	for (int d = 1; d <= HTA_DOMAINS; d++)
		if (pool_update(q[W_DOM], id, &run->domains[d]))
			goto fail;
	const struct hta_run_pool *pools[3] = { &run->ai_security, &run->ai_risk, &run->compliance };
	for (int k = 0; k < 3; k++)
		if (pools[k]->total && pool_update(q[W_POOL], id, pools[k]))
			goto fail;
	for (size_t i = 0; i < run->n_reqs; i++) {
		const struct hta_run_req *r = &run->reqs[i];
		if (r->gap) {
			s = q[W_GAP];
			text(s, 1, r->dl.fix_inherit ? "inherit" : "fix");
			text(s, 2, r->dl.closing_evidence);
			sqlite3_bind_int64(s, 3, id);
			text(s, 4, r->id);
			if (done(s))
				goto fail;
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
				goto fail;
		}
		if (r->dl.scheduled) {
			s = q[W_TL];
			sqlite3_bind_int64(s, 1, id);
			text(s, 2, r->id);
			sqlite3_bind_int(s, 3, r->rank);
			sqlite3_bind_int(s, 4, r->dl.tl_stream);
			text(s, 5, r->dl.tl_wait ? "wait" : r->dl.fix_inherit ? "inherit" : "fix");
			date(s, 6, r->dl.tl_start, d1);
			date(s, 7, r->dl.tl_done, d2);
			date(s, 8, r->dl.tl_ready, d3);
			sqlite3_bind_int(s, 9, r->dl.tl_weeks);
			sqlite3_bind_int(s, 10, r->dl.tl_window);
			if (done(s))
				goto fail;
		}
		if (r->dl.soc2) {
			s = q[W_SOC2];
			sqlite3_bind_int64(s, 1, id);
			text(s, 2, r->id);
			text(s, 3, r->dl.soc2);
			if (done(s))
				goto fail;
		}
	}
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

static const char *str(struct hta_run *run, sqlite3_stmt *q, int i, int *nomem)
{
	const unsigned char *s = sqlite3_column_text(q, i);
	if (!s)
		return NULL;
	char *d = hta_arena_strdup(&run->arena, (const char *)s);
	if (!d)
		*nomem = 1;
	return d;
}

static int day(sqlite3_stmt *q, int i)
{
	const unsigned char *s = sqlite3_column_text(q, i);
	int d;
	return s && hta_date_parse((const char *)s, &d) == 0 ? d : -1;
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

static struct hta_run_req *find_req(struct hta_run *run, const struct by_id *ix, const char *id)
{
	if (!id)
		return NULL;
	struct by_id key = { id, 0 };
	const struct by_id *f = bsearch(&key, ix, run->n_reqs, sizeof(*ix), cmp_by_id);
	return f ? &run->reqs[f->i] : NULL;
}

static struct hta_run_pool *pool_by_key(struct hta_run *run, const char *k)
{
	if (!k)
		return NULL;
	if (strcmp(k, "ai-security") == 0)
		return &run->ai_security;
	if (strcmp(k, "ai-risk") == 0)
		return &run->ai_risk;
	if (strcmp(k, "compliance") == 0)
		return &run->compliance;
	int d = k[0] && k[1] && !k[2] ? (k[0] - '0') * 10 + (k[1] - '0') : 0;
	return d >= 1 && d <= HTA_DOMAINS ? &run->domains[d] : NULL;
}

enum { R_RUN, R_POOL, R_GAP, R_INH, R_TL, R_STALE_N, R_STALE, R_SOC2, R_ANS_N, R_ANS, R_COUNT };

/* The run's deliverable rows; one query per table, in the order written. */
int hta_store_deliver_load(sqlite3 *db, struct hta_run *run, const char **what)
{
	static const char *const sql[R_COUNT] = {
		"SELECT ladder, inherit_points, inherit_count, timeline_start, capacity, ready_on,"
		" stale_window, soc2_period_end, soc2_exceptions FROM runs WHERE id = ?1",
		"SELECT domain, inherit_points, inherit_lifts, passes_on FROM domain_scores"
		" WHERE run_id = ?1 UNION ALL SELECT pool, inherit_points, inherit_lifts, passes_on"
		" FROM pool_scores WHERE run_id = ?1",
		"SELECT requirement_id, fix, closing_evidence FROM gaps WHERE run_id = ?1",
		"SELECT requirement_id, provider, responsibility, weight, points, planned"
		" FROM inheritance WHERE run_id = ?1",
		"SELECT requirement_id, workstream, start, fix_done, ready, weeks, window_days, fix"
		" FROM timeline WHERE run_id = ?1",
		"SELECT count(*) FROM stale_evidence WHERE run_id = ?1",
		"SELECT requirement_id, level, owner, manifest, line, dated, stale_on"
		" FROM stale_evidence WHERE run_id = ?1 ORDER BY rowid",
		"SELECT requirement_id, criteria FROM soc2_evidence WHERE run_id = ?1",
		"SELECT count(*) FROM scope_answers WHERE run_id = ?1",
		"SELECT key, value FROM scope_answers WHERE run_id = ?1 ORDER BY seq",
	};
	sqlite3_stmt *q[R_COUNT] = { 0 };
	struct hta_run_deliver *dl = &run->dl;
	struct by_id *ix = hta_malloc((run->n_reqs ? run->n_reqs : 1) * sizeof(*ix));
	int rc = -1, nomem = 0, st = SQLITE_DONE;
	*what = "cannot read the deliverable";
	if (!ix)
		return HTA_ENOMEM;
	for (size_t i = 0; i < run->n_reqs; i++) {
		ix[i].id = run->reqs[i].id ? run->reqs[i].id : "";
		ix[i].i = i;
	}
	qsort(ix, run->n_reqs, sizeof(*ix), cmp_by_id);
	for (int i = 0; i < R_COUNT; i++) {
		if (sqlite3_prepare_v2(db, sql[i], -1, &q[i], NULL) != SQLITE_OK)
			goto out;
		sqlite3_bind_int64(q[i], 1, run->id);
	}
	sqlite3_stmt *s = q[R_RUN];
	if (sqlite3_step(s) != SQLITE_ROW)
		goto out;
	dl->ladder = sqlite3_column_int64(s, 0);
	dl->inherit_total = sqlite3_column_double(s, 1);
	dl->inherit_count = (size_t)sqlite3_column_int64(s, 2);
	dl->has_timeline = sqlite3_column_type(s, 3) != SQLITE_NULL;
	dl->tl_start = day(s, 3);
	dl->tl_capacity = sqlite3_column_int(s, 4);
	dl->ready_on = day(s, 5);
	dl->stale_window = sqlite3_column_int(s, 6);
	dl->has_soc2 = sqlite3_column_type(s, 7) != SQLITE_NULL;
	dl->soc2_period_end = day(s, 7);
	dl->soc2_exceptions = str(run, s, 8, &nomem);
	if (oom(db))
		goto nomem;
	while ((st = sqlite3_step(q[R_POOL])) == SQLITE_ROW) {
		struct hta_run_pool *p = pool_by_key(run, (const char *)sqlite3_column_text(q[R_POOL], 0));
		if (!p)
			continue;
		p->dl.inherit_points = sqlite3_column_double(q[R_POOL], 1);
		p->dl.inherit_lifts = sqlite3_column_int(q[R_POOL], 2) != 0;
		p->dl.passes_on = day(q[R_POOL], 3);
		if (oom(db))
			goto nomem;
	}
	if (st != SQLITE_DONE)
		goto out;
	while ((st = sqlite3_step(q[R_GAP])) == SQLITE_ROW) {
		struct hta_run_req *r = find_req(run, ix, (const char *)sqlite3_column_text(q[R_GAP], 0));
		if (!r)
			continue;
		const unsigned char *fx = sqlite3_column_text(q[R_GAP], 1);
		r->dl.fix_inherit = fx && strcmp((const char *)fx, "inherit") == 0;
		r->dl.closing_evidence = str(run, q[R_GAP], 2, &nomem);
		if (oom(db))
			goto nomem;
	}
	if (st != SQLITE_DONE)
		goto out;
	while ((st = sqlite3_step(q[R_INH])) == SQLITE_ROW) {
		s = q[R_INH];
		struct hta_run_req *r = find_req(run, ix, (const char *)sqlite3_column_text(s, 0));
		if (!r)
			continue;
		r->dl.inherit_provider = str(run, s, 1, &nomem);
		const unsigned char *rs = sqlite3_column_text(s, 2);
		int resp = rs ? hta_resp_parse((const char *)rs) : -1;
		r->dl.inherit_resp = resp < 0 ? 0 : resp;
		r->dl.inherit_weight = sqlite3_column_int(s, 3);
		r->dl.inherit_points = sqlite3_column_double(s, 4);
		if (oom(db))
			goto nomem;
	}
	if (st != SQLITE_DONE)
		goto out;
	while ((st = sqlite3_step(q[R_TL])) == SQLITE_ROW) {
		s = q[R_TL];
		struct hta_run_req *r = find_req(run, ix, (const char *)sqlite3_column_text(s, 0));
		if (!r)
			continue;
		r->dl.scheduled = true;
		r->dl.tl_stream = sqlite3_column_int(s, 1);
		r->dl.tl_start = day(s, 2);
		r->dl.tl_done = day(s, 3);
		r->dl.tl_ready = day(s, 4);
		r->dl.tl_weeks = sqlite3_column_int(s, 5);
		r->dl.tl_window = sqlite3_column_int(s, 6);
		const unsigned char *fx = sqlite3_column_text(s, 7);
		r->dl.tl_wait = fx && strcmp((const char *)fx, "wait") == 0;
		if (oom(db))
			goto nomem;
	}
	if (st != SQLITE_DONE || sqlite3_step(q[R_STALE_N]) != SQLITE_ROW)
		goto out;
	size_t ns = (size_t)sqlite3_column_int64(q[R_STALE_N], 0);
	if (!(dl->stale = hta_arena_array(&run->arena, ns ? ns : 1, sizeof(*dl->stale)))) {
		nomem = 1;
		goto out;
	}
	while (dl->n_stale < ns && (st = sqlite3_step(q[R_STALE])) == SQLITE_ROW) {
		s = q[R_STALE];
		struct hta_run_stale *x = &dl->stale[dl->n_stale++];
		x->req_id = str(run, s, 0, &nomem);
		const unsigned char *lv = sqlite3_column_text(s, 1);
		x->level = HTA_IMPLEMENTED;
		for (int l = 0; lv && l < HTA_LEVEL_COUNT; l++)
			if (strcmp((const char *)lv, hta_level_name((enum hta_level)l)) == 0)
				x->level = l;
		x->owner = str(run, s, 2, &nomem);
		x->manifest = str(run, s, 3, &nomem);
		x->line = (unsigned)sqlite3_column_int(s, 4);
		x->dated = day(s, 5);
		x->stale_on = day(s, 6);
		if (oom(db))
			goto nomem;
	}
	if (dl->n_stale < ns && st != SQLITE_DONE)
		goto out;
	while ((st = sqlite3_step(q[R_SOC2])) == SQLITE_ROW) {
		struct hta_run_req *r = find_req(run, ix, (const char *)sqlite3_column_text(q[R_SOC2], 0));
		if (!r)
			continue;
		r->dl.soc2 = str(run, q[R_SOC2], 1, &nomem);
		dl->soc2_count++;
		if (oom(db))
			goto nomem;
	}
	if (st != SQLITE_DONE || sqlite3_step(q[R_ANS_N]) != SQLITE_ROW)
		goto out;
	size_t na = (size_t)sqlite3_column_int64(q[R_ANS_N], 0);
	if (!(dl->answers = hta_arena_array(&run->arena, na ? na : 1, sizeof(*dl->answers)))) {
		nomem = 1;
		goto out;
	}
	while (dl->n_answers < na && (st = sqlite3_step(q[R_ANS])) == SQLITE_ROW) {
		dl->answers[dl->n_answers].key = str(run, q[R_ANS], 0, &nomem);
		dl->answers[dl->n_answers].value = str(run, q[R_ANS], 1, &nomem);
		dl->n_answers++;
		if (oom(db))
			goto nomem;
	}
	if (dl->n_answers < na && st != SQLITE_DONE)
		goto out;
	/* Pools with no stored date keep "never" (-1). */
	rc = 0;
	goto out;
nomem:
	nomem = 1;
out:
	for (int i = 0; i < R_COUNT; i++)
		sqlite3_finalize(q[i]);
	hta_free(ix);
	return nomem ? HTA_ENOMEM : rc;
}

/*
 * The ladder (the runs of run->dl.ladder, by tier) and the trend (the
 * last 12 runs of the same evidence root and tier, up to this one).
 */
int hta_store_deliver_context(sqlite3 *db, struct hta_run *run, const char **what)
{
	static const char *const sql[2] = {
		"SELECT r.id, r.tier, r.verdict, r.gap_count, r.overall_score,"
		" (SELECT group_concat(k, ' ') FROM (SELECT domain AS k FROM domain_scores"
		"  WHERE run_id = r.id AND passed = 0 UNION ALL SELECT pool FROM pool_scores"
		"  WHERE run_id = r.id AND passed = 0 AND pool = 'ai-security')),"
		" (SELECT count(*) FROM requirement_scores q JOIN gaps g ON g.run_id = q.run_id"
		"  AND g.requirement_id = q.requirement_id WHERE q.run_id = r.id"
		"  AND q.status = 'no_evidence'),"
		" (SELECT coalesce(sum(plan_effort), 0) + (SELECT coalesce(sum(plan_effort), 0)"
		"  FROM pool_scores WHERE run_id = r.id AND passed = 0) FROM domain_scores"
		"  WHERE run_id = r.id AND passed = 0),"
		" (SELECT coalesce(sum(plan_items), 0) + (SELECT coalesce(sum(plan_items), 0)"
		"  FROM pool_scores WHERE run_id = r.id AND passed = 0) FROM domain_scores"
		"  WHERE run_id = r.id AND passed = 0)"
		" FROM runs r WHERE r.ladder = ?1 ORDER BY CASE r.tier WHEN 'e1' THEN 0"
		" WHEN 'i1' THEN 1 ELSE 2 END, r.id",
		"SELECT id, as_of, started_at, overall_score FROM (SELECT id, as_of, started_at,"
		" overall_score FROM runs WHERE evidence_root = ?1 AND tier = ?2 AND id <= ?3"
		" ORDER BY id DESC LIMIT 12) ORDER BY id",
	};
	sqlite3_stmt *q[3] = { 0 };
	int rc = -1, nomem = 0, st = SQLITE_DONE;
	struct hta_run_deliver *dl = &run->dl;
	*what = "cannot read the ladder and the trend";
	for (int i = 0; i < 2; i++)
		if (sqlite3_prepare_v2(db, sql[i], -1, &q[i], NULL) != SQLITE_OK)
			goto out;
	if (sqlite3_prepare_v2(db, "SELECT domain, score FROM domain_scores WHERE run_id = ?1",
			       -1, &q[2], NULL) != SQLITE_OK)
		goto out;
	dl->n_ladder = 0;
	if (dl->ladder > 0) {
		if (!(dl->ladder_rows = hta_arena_array(&run->arena, 8, sizeof(*dl->ladder_rows))))
			goto nomem;
		sqlite3_bind_int64(q[0], 1, dl->ladder);
		while (dl->n_ladder < 8 && (st = sqlite3_step(q[0])) == SQLITE_ROW) {
			struct hta_run_ladder *l = &dl->ladder_rows[dl->n_ladder++];
			l->run_id = sqlite3_column_int64(q[0], 0);
			l->tier = hta_tier_parse((const char *)sqlite3_column_text(q[0], 1));
			const unsigned char *v = sqlite3_column_text(q[0], 2);
			l->pass = v && strcmp((const char *)v, "pass") == 0;
			l->gaps = sqlite3_column_int(q[0], 3);
			l->overall = sqlite3_column_double(q[0], 4);
			l->failing = str(run, q[0], 5, &nomem);
			if (!l->failing && !nomem)
				l->failing = "";
			l->no_evidence = sqlite3_column_int(q[0], 6);
			l->plan_effort = sqlite3_column_int(q[0], 7);
			l->plan_items = sqlite3_column_int(q[0], 8);
			if (oom(db))
				goto nomem;
		}
		if (dl->n_ladder < 8 && st != SQLITE_DONE)
			goto out;
	}
	if (!(dl->trend = hta_arena_array(&run->arena, 12, sizeof(*dl->trend))))
		goto nomem;
	dl->n_trend = 0;
	text(q[1], 1, run->evidence_root);
	text(q[1], 2, hta_tier_name((enum hta_tier)run->tier));
	sqlite3_bind_int64(q[1], 3, run->id);
	while (dl->n_trend < 12 && (st = sqlite3_step(q[1])) == SQLITE_ROW) {
		struct hta_run_trend *t = &dl->trend[dl->n_trend++];
		t->run_id = sqlite3_column_int64(q[1], 0);
		t->as_of = day(q[1], 1);
		t->started_at = str(run, q[1], 2, &nomem);
		t->overall = sqlite3_column_double(q[1], 3);
		sqlite3_reset(q[2]);
		sqlite3_bind_int64(q[2], 1, t->run_id);
		int st2 = SQLITE_DONE;
		while ((st2 = sqlite3_step(q[2])) == SQLITE_ROW) {
			const char *k = (const char *)sqlite3_column_text(q[2], 0);
			int d = k && k[0] && k[1] ? (k[0] - '0') * 10 + (k[1] - '0') : 0;
			if (d >= 1 && d <= 19 && sqlite3_column_type(q[2], 1) != SQLITE_NULL) {
				t->score[d] = sqlite3_column_double(q[2], 1);
				t->scored |= 1u << d;
			}
			if (oom(db))
				goto nomem;
		}
		if (st2 != SQLITE_DONE)
			goto out;
		if (oom(db))
			goto nomem;
	}
	if (dl->n_trend < 12 && st != SQLITE_DONE)
		goto out;
	rc = nomem ? HTA_ENOMEM : 0;
	goto out;
nomem:
	rc = HTA_ENOMEM;
out:
	for (int i = 0; i < 3; i++)
		sqlite3_finalize(q[i]);
	return rc;
}
