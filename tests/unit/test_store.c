/*
 * test_store.c — the report database: a run produced by hta_assess on a
 * temp tree is written and read back field for field; previous-run
 * lookup; files that are not ours (not SQLite, a foreign SQLite database,
 * a newer schema) are refused and left byte-identical.
 */
#include "testutil.h"

#include "hta/assess.h"
#include "hta/store.h"

#include <sqlite3.h>

struct fx {
	struct hta_catalog cat;
	char base[TU_PATH_MAX], root[TU_PATH_MAX], db[TU_PATH_MAX];
};

static int group_setup(void **state)
{
	static struct fx f;
	char p[TU_PATH_MAX];
	struct hta_err err;
	if (hta_catalog_load(&f.cat, tu_src_path(p, "tests/fixtures/catalog-mini"), &err) != 0) {
		fprintf(stderr, "cannot load the mini catalog: %s\n", err.msg);
		return -1;
	}
	*state = &f;
	return 0;
}

static int group_teardown(void **state)
{
	struct fx *f = *state;
	hta_catalog_free(&f->cat);
	return 0;
}

static int setup(void **state)
{
	struct fx *f = *state;
	tu_tmpdir(f->base);
	tu_join(f->root, f->base, "ev");
	tu_join(f->db, f->base, "runs.db");
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	tu_rmtree(f->base);
	return 0;
}

/*
 * An r2 tree (as_of 2026-11-01, measured_managed) touching every column:
 * scored, N/A, no evidence, inheritance (capped), a waiver, findings,
 * the AI pools; and an i1 scope listing hipaa for the compliance pool.
 */
static void write_tree(const struct fx *f, const char *tier)
{
	char scope[1024];
	snprintf(scope, sizeof(scope),
		 "organization: Test Org\n"
		 "assessment: Store round trip\n"
		 "as_of: 2026-11-01\n"
		 "tier: %s\n"
		 "measured_managed: true\n"
		 "factors: { records_held: 10000000, internet_facing: false }\n"
		 "compliance: [hipaa]\n"
		 "ai: { model_types: [generative] }\n"
		 "providers:\n"
		 "  aws: { score: 87.5 }\n",
		 tier);
	tu_write(f->root, "scope.yaml", scope);
	tu_write(f->root, "docs/policy.pdf", "%PDF-1.4 policy\n");
	tu_write(f->root, "exports/a.csv", "user,mfa\nann,yes\n");
	tu_write(f->root, "exports/b.csv", "x\n");
	tu_write(f->root, "t01.evidence.yaml",
		 "requirement: T.01\n"
		 "owner: iam@test.example\n"
		 "policy: { rating: FC, artifacts: [docs/policy.pdf], reviewed: 2026-06-01 }\n"
		 "procedure: { rating: FC, artifacts: [docs/policy.pdf], reviewed: 2026-06-01 }\n"
		 "implemented: { coverage: 95, artifacts: [exports/a.csv], tested: 2026-10-01 }\n"
		 "measured: { rating: MC, artifacts: [exports/a.csv], tested: 2026-10-01 }\n"
		 "managed: { rating: FC, artifacts: [exports/a.csv], tested: 2026-10-01 }\n");
	tu_write(f->root, "sub/t02.evidence.yaml",
		 "requirement: T.02\n"
		 "inherited: { provider: aws, weight: 60 }\n"
		 "waiver: { reason: \"Legacy PACS replaced in Q1\", expires: 2027-03-31 }\n"
		 "policy: { rating: FC, artifacts: [docs/policy.pdf], reviewed: 2026-06-01 }\n"
		 "implemented: { rating: PC, artifacts: [exports/b.csv], tested: 2026-10-01 }\n");
	tu_write(f->root, "t03.evidence.yaml",
		 "requirement: T.03\n"
		 "not_applicable: \"No in-scope systems log locally\"\n");
	tu_write(f->root, "t04.evidence.yaml",
		 "requirement: T.04\n"
		 "implemented: { rating: FC, artifacts: [exports/a.csv], tested: 2025-10-31 }\n");
	tu_write(f->root, "t07.evidence.json",
		 "{\"requirement\": \"T.07\", \"implemented\": "
		 "{\"coverage\": 50, \"artifacts\": [\"missing.csv\"], \"tested\": \"2026-10-01\"}}\n");
	tu_write(f->root, "a01.evidence.yaml",
		 "requirement: A.01\n"
		 "implemented: { rating: FC, artifacts: [exports/b.csv], tested: 2026-10-01 }\n");
}

static void assess(const struct fx *f, int tier, struct hta_run *run)
{
	struct hta_assess_opts o = HTA_ASSESS_OPTS_INIT;
	struct hta_err err;
	o.evidence_root = f->root;
	o.tier = tier;
	o.addons = HTA_WITH_AI_SECURITY | HTA_WITH_AI_RISK;
	o.hash_threads = 1;
	if (hta_assess(&f->cat, &o, run, &err) != 0)
		fail_msg("assess: %s", err.msg);
}

static void str_eq(const char *a, const char *b, const char *what)
{
	if (!a && !b)
		return;
	if (!a || !b || strcmp(a, b) != 0)
		fail_msg("%s: \"%s\" != \"%s\"", what, a ? a : "(null)", b ? b : "(null)");
}

#define EQ(field)                                                                    \
	do {                                                                         \
		if ((a)->field != (b)->field)                                        \
			fail_msg("%s: " #field " differs", what);                    \
	} while (0)

static void pool_eq(const struct hta_run_pool *a, const struct hta_run_pool *b, const char *what)
{
	EQ(score);
	EQ(threshold);
	EQ(statements);
	EQ(total);
	EQ(scored);
	EQ(passed);
	EQ(plan_effort);
	EQ(plan_items);
	/* A pool with no statement in scope has no row: only its numbers (all
	 * zero) come back. */
	if (a->total || b->total) {
		str_eq(a->key, b->key, what);
		str_eq(a->name, b->name, what);
	}
}

static void req_eq(const struct hta_run_req *a, const struct hta_run_req *b)
{
	const char *what = a->id;
	str_eq(a->id, b->id, "id");
	str_eq(a->title, b->title, what);
	str_eq(a->control, b->control, what);
	str_eq(a->statement, b->statement, what);
	EQ(domain);
	EQ(pool);
	EQ(status);
	EQ(score);
	EQ(ceiling);
	for (int l = 0; l < HTA_LEVEL_COUNT; l++)
		EQ(level[l]);
	EQ(scored);
	EQ(effort);
	EQ(gap);
	EQ(cap);
	EQ(blocker);
	EQ(waived);
	EQ(rank);
	EQ(rank_kind);
	EQ(points_lost);
	str_eq(a->reason, b->reason, what);
	str_eq(a->owner, b->owner, what);
	str_eq(a->manifest, b->manifest, what);
	str_eq(a->na_reason, b->na_reason, what);
	str_eq(a->waiver_reason, b->waiver_reason, what);
	str_eq(a->provider, b->provider, what);
	EQ(manifest_line);
	EQ(waiver_expires);
	EQ(inherited_weight);
}

/* Every field of two runs, but the arena. */
static void run_eq(const struct hta_run *a, const struct hta_run *b)
{
	const char *what = "run";
	EQ(id);
	str_eq(a->started_at, b->started_at, "started_at");
	EQ(tier);
	EQ(addons);
	str_eq(a->addons_str, b->addons_str, "addons_str");
	EQ(as_of);
	EQ(measured_managed);
	str_eq(a->evidence_root, b->evidence_root, "evidence_root");
	str_eq(a->catalog_name, b->catalog_name, "catalog_name");
	str_eq(a->catalog_version, b->catalog_version, "catalog_version");
	str_eq(a->tool_version, b->tool_version, "tool_version");
	str_eq(a->organization, b->organization, "organization");
	str_eq(a->assessment, b->assessment, "assessment");
	str_eq(a->scope_file, b->scope_file, "scope_file");
	EQ(pass);
	EQ(gap_count);
	EQ(cap_count);
	EQ(waived_gaps);
	EQ(waived_caps);
	EQ(overall);
	for (int d = 1; d <= HTA_DOMAINS; d++)
		pool_eq(&a->domains[d], &b->domains[d], a->domains[d].key);
	pool_eq(&a->ai_security, &b->ai_security, "ai-security");
	pool_eq(&a->ai_risk, &b->ai_risk, "ai-risk");
	pool_eq(&a->compliance, &b->compliance, "compliance");
	EQ(n_reqs);
	for (size_t i = 0; i < a->n_reqs; i++)
		req_eq(&a->reqs[i], &b->reqs[i]);
	EQ(n_gaps);
	for (size_t k = 0; k < a->n_gaps; k++)
		EQ(gap_order[k]);
	EQ(n_findings);
	for (size_t k = 0; k < a->n_findings; k++) {
		const struct hta_run_finding *x = &a->findings[k], *y = &b->findings[k];
		str_eq(x->req_id, y->req_id, "finding req_id");
		str_eq(x->path, y->path, "finding path");
		if (x->code != y->code)
			fail_msg("finding %zu: code %d != %d", k, x->code, y->code);
		str_eq(x->message, y->message, "finding message");
		if (x->line != y->line)
			fail_msg("finding %zu: line %u != %u", k, x->line, y->line);
	}
	EQ(manifests);
	EQ(files_seen);
	EQ(n_artifacts);
	for (size_t k = 0; k < a->n_artifacts; k++) {
		const struct hta_run_artifact *x = &a->artifacts[k], *y = &b->artifacts[k];
		str_eq(x->path, y->path, "artifact path");
		str_eq(x->sha256, y->sha256, "artifact sha256");
		if (x->size != y->size || x->mtime_ns != y->mtime_ns || x->inode != y->inode)
			fail_msg("artifact %s: size/mtime/inode differ", x->path);
	}
	EQ(artifacts_hashed);
	EQ(artifacts_cached);
	EQ(bytes_hashed);
	EQ(hash_started_ns);
}

#undef EQ

static const struct hta_run_req *req_of(const struct hta_run *r, const char *id)
{
	for (size_t i = 0; i < r->n_reqs; i++)
		if (strcmp(r->reqs[i].id, id) == 0)
			return &r->reqs[i];
	fail_msg("no requirement %s in the run", id);
	return NULL;
}

static void test_round_trip(void **state)
{
	struct fx *f = *state;
	struct hta_run run, back;
	struct hta_store *st;
	struct hta_err err;
	write_tree(f, "r2");
	assess(f, HTA_TIER_R2, &run);

	/* The run covers what the comparison should cover. */
	assert_int_equal(run.tier, HTA_TIER_R2);
	assert_true(run.measured_managed);
	assert_string_equal(run.addons_str, "ai-security,ai-risk");
	assert_int_equal(req_of(&run, "T.03")->status, HTA_ST_NA);
	assert_int_equal(req_of(&run, "T.05")->status, HTA_ST_NO_EVIDENCE);
	assert_int_equal(req_of(&run, "R.01")->status, HTA_ST_NO_EVIDENCE);
	const struct hta_run_req *t2 = req_of(&run, "T.02");
	assert_string_equal(t2->provider, "aws");
	assert_int_equal(t2->inherited_weight, 50);
	assert_true(t2->waived);
	assert_true(t2->gap);
	/* T.02's implemented: 50 * 8750 + 50 * 50 * 100 = 687500 -> 68.75. */
	assert_true(t2->level[HTA_IMPLEMENTED] == 68.75);
	assert_true(req_of(&run, "A.01")->pool == HTA_POOL_AI_SECURITY);
	assert_true(run.ai_security.total == 2 && run.ai_risk.total == 1);
	assert_true(run.n_findings >= 4);
	assert_true(run.n_gaps >= 5);
	assert_true(run.n_artifacts == 3);
	assert_int_equal(run.id, 0);

	assert_int_equal(hta_store_open(&st, f->db, true, &err), 0);
	assert_int_equal(hta_store_write(st, &run, &err), 0);
	assert_int_equal(run.id, 1);
	assert_int_equal(hta_store_load(st, run.id, &back, &err), 0);
	run_eq(&run, &back);
	hta_run_free(&back);
	/* 0 loads the latest. */
	assert_int_equal(hta_store_load(st, 0, &back, &err), 0);
	assert_int_equal(back.id, 1);
	hta_run_free(&back);
	/* No such run. */
	assert_int_equal(hta_store_load(st, 99, &back, &err), HTA_ENOTFOUND);
	assert_contains(err.msg, "no run 99");
	assert_null(back.reqs);
	hta_store_close(st);

	/* Reopened later, the stored run is the same. */
	assert_int_equal(hta_store_open(&st, f->db, false, &err), 0);
	assert_int_equal(hta_store_load(st, 1, &back, &err), 0);
	run_eq(&run, &back);
	hta_run_free(&back);
	hta_store_close(st);
	hta_run_free(&run);

	/* An i1 run with hipaa: the compliance pool round-trips too. */
	write_tree(f, "i1");
	assess(f, HTA_TIER_I1, &run);
	assert_true(run.compliance.total == 1);
	assert_int_equal(hta_store_open(&st, f->db, false, &err), 0);
	assert_int_equal(hta_store_write(st, &run, &err), 0);
	assert_int_equal(run.id, 2);
	assert_int_equal(hta_store_load(st, 0, &back, &err), 0);
	run_eq(&run, &back);
	hta_run_free(&back);
	hta_store_close(st);
	hta_run_free(&run);
}

static void test_previous(void **state)
{
	struct fx *f = *state;
	struct hta_run run;
	struct hta_store *st;
	struct hta_err err;
	write_tree(f, "r2");
	assess(f, HTA_TIER_R2, &run);
	const char *root = run.evidence_root;
	assert_int_equal(hta_store_open(&st, f->db, true, &err), 0);
	/* 1: r2 at root; 2: i1 at root; 3: r2 elsewhere; 4: r2 at root. */
	assert_int_equal(hta_store_write(st, &run, &err), 0);
	run.tier = HTA_TIER_I1;
	assert_int_equal(hta_store_write(st, &run, &err), 0);
	run.tier = HTA_TIER_R2;
	run.evidence_root = "/somewhere/else";
	assert_int_equal(hta_store_write(st, &run, &err), 0);
	run.evidence_root = root;
	assert_int_equal(hta_store_write(st, &run, &err), 0);
	assert_int_equal(run.id, 4);
	assert_int_equal(hta_store_previous(st, 4, &err), 1);
	assert_int_equal(hta_store_previous(st, 1, &err), 0);
	assert_int_equal(hta_store_previous(st, 2, &err), 0);
	assert_int_equal(hta_store_previous(st, 3, &err), 0);
	assert_int_equal(hta_store_previous(st, 42, &err), 0);
	/* The listing has one line per run plus a header. */
	struct hta_buf b = HTA_BUF_INIT;
	assert_int_equal(hta_store_list(st, &b, &err), 0);
	size_t lines = 0;
	for (size_t i = 0; i < b.len; i++)
		lines += b.s[i] == '\n';
	assert_int_equal(lines, 5);
	assert_contains(b.s, "/somewhere/else");
	hta_buf_free(&b);
	hta_store_close(st);
	hta_run_free(&run);
}

/* Read a whole file for a byte comparison. */
static char *slurp(const char *path, size_t *len)
{
	return tu_read(path, len);
}

static void assert_same_file(const char *path, const char *before, size_t len)
{
	size_t n;
	char *now = slurp(path, &n);
	assert_int_equal(n, len);
	assert_memory_equal(now, before, len);
	free(now);
}

static void test_not_sqlite_refused(void **state)
{
	struct fx *f = *state;
	struct hta_store *st = (struct hta_store *)&st; /* must be reset to NULL */
	struct hta_err err;
	char text[8192];
	size_t len = 0;
	while (len + 64 < sizeof(text))
		len += (size_t)snprintf(text + len, sizeof(text) - len,
					"this is a text file, not a database: line %zu\n", len);
	tu_write_n(f->base, "runs.db", text, len);
	hta_err_clear(&err);
	int rc = hta_store_open(&st, f->db, true, &err);
	assert_int_equal(rc, HTA_EDB);
	assert_null(st);
	assert_contains(err.msg, f->db);
	assert_same_file(f->db, text, len);
	/* Opening without create too. */
	assert_int_equal(hta_store_open(&st, f->db, false, &err), HTA_EDB);
	assert_same_file(f->db, text, len);
	/* No journal or WAL was left beside it. */
	char p[TU_PATH_MAX];
	struct stat sb;
	assert_int_not_equal(stat(tu_join(p, f->base, "runs.db-journal"), &sb), 0);
	assert_int_not_equal(stat(tu_join(p, f->base, "runs.db-wal"), &sb), 0);
}

static void test_foreign_sqlite_refused(void **state)
{
	struct fx *f = *state;
	struct hta_store *st;
	struct hta_err err;
	sqlite3 *db;
	assert_int_equal(sqlite3_open(f->db, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "CREATE TABLE notes(x); INSERT INTO notes VALUES (1);",
				      NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	size_t len;
	char *before = slurp(f->db, &len);
	assert_int_equal(hta_store_open(&st, f->db, true, &err), HTA_EDB);
	assert_contains(err.msg, "not a hitrust-assess report");
	assert_null(st);
	assert_same_file(f->db, before, len);
	free(before);
}

static void test_newer_schema_refused(void **state)
{
	struct fx *f = *state;
	struct hta_store *st;
	struct hta_err err;
	struct hta_run run;
	/* A real database of ours, with one run, then "upgraded" by a newer tool. */
	write_tree(f, "e1");
	assess(f, HTA_TIER_E1, &run);
	assert_int_equal(hta_store_open(&st, f->db, true, &err), 0);
	assert_int_equal(hta_store_write(st, &run, &err), 0);
	hta_store_close(st);
	sqlite3 *db;
	char sql[64];
	snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", HTA_SCHEMA_VERSION + 1);
	assert_int_equal(sqlite3_open(f->db, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	size_t len;
	char *before = slurp(f->db, &len);
	assert_int_equal(hta_store_open(&st, f->db, true, &err), HTA_EDB);
	assert_contains(err.msg, "is newer than this tool's");
	assert_null(st);
	assert_same_file(f->db, before, len);
	assert_int_equal(hta_store_open(&st, f->db, false, &err), HTA_EDB);
	assert_same_file(f->db, before, len);
	free(before);
	/* The current version opens. */
	snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", HTA_SCHEMA_VERSION);
	assert_int_equal(sqlite3_open(f->db, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(hta_store_open(&st, f->db, false, &err), 0);
	struct hta_run back;
	assert_int_equal(hta_store_load(st, 0, &back, &err), 0);
	assert_int_equal(back.n_reqs, run.n_reqs);
	hta_run_free(&back);
	hta_store_close(st);
	hta_run_free(&run);
}

static void test_open_without_create(void **state)
{
	struct fx *f = *state;
	struct hta_store *st;
	struct hta_err err;
	struct stat sb;
	assert_int_equal(hta_store_open(&st, f->db, false, &err), HTA_EDB);
	assert_null(st);
	/* Nothing was created. */
	assert_int_not_equal(stat(f->db, &sb), 0);
	hta_store_close(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_previous, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_sqlite_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_foreign_sqlite_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_newer_schema_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_open_without_create, setup, teardown),
	};
	return cmocka_run_group_tests_name("store", tests, group_setup, group_teardown);
}
