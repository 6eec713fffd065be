/*
 * fuzz_db.c — a damaged or crafted report database, read back the way
 * `report`, `report --list`, `diff` and `assess --fail-on-new` read it:
 * hta_store_open, hta_store_list, hta_store_load of the latest and of each
 * run, hta_store_previous and a gap-by-gap comparison of the two (the diff
 * path), every report format, and the read-only hash-cache look-up.
 *
 * Two kinds of input:
 *  - a whole SQLite file (it starts with "SQLite format 3\0"): written as
 *    the database as it is; the seeds are real databases the tool wrote,
 *    which libFuzzer then mutates byte by byte;
 *  - anything else is an edit script applied to a real two-run database
 *    (made once at start-up by assessing a small tree with the mini
 *    catalog, its tables rebuilt without NOT NULL and CHECK constraints,
 *    as a crafted file would be): each 4-byte op picks a table, a column,
 *    a row and a kind of value (NULL, an integer, a real, text, a blob)
 *    read from the bytes that follow. This reaches every column check of
 *    the loader, which whole-file mutation rarely gets past SQLite's own
 *    page checks to reach.
 *
 * Invariants: a load either fails with HTA_EDB/HTA_ENOTFOUND/HTA_ENOMEM
 * and a one-line message, or gives a run that the renderers accept (the
 * text report and one other format chosen by the input's length, so the
 * corpus covers all of them) and whose gap order and strings are sound.
 */
#include "fuzz.h"
#include "hta/assess.h"
#include "hta/report.h"
#include "hta/store.h"

#include <sqlite3.h>

static char db_path[4096], journal_path[4200];
static unsigned char *loose_db; /* the edit scripts' starting database */
static size_t loose_len;

static const char *const tables[] = { "runs", "domain_scores", "pool_scores",
				      "requirement_scores", "gaps", "findings", "artifacts",
				      /* the readiness deliverable's (schema 3) */
				      "inheritance", "timeline", "stale_evidence", "soc2_evidence",
				      "scope_answers" };
#define N_TABLES (sizeof(tables) / sizeof(tables[0]))

/* Each table's column names, read from SQLite once at start-up (the edit
 * scripts change values, never the schema). */
#define MAX_COLS 64
static char columns[N_TABLES][MAX_COLS][64];
static unsigned n_columns[N_TABLES];

static const char *column_of(size_t t, unsigned col)
{
	return n_columns[t] ? columns[t][col % n_columns[t]] : NULL;
}

static void read_columns(sqlite3 *db)
{
	for (size_t t = 0; t < N_TABLES; t++) {
		char sql[128];
		sqlite3_stmt *q = NULL;
		snprintf(sql, sizeof(sql), "SELECT * FROM %s LIMIT 0", tables[t]);
		if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) != SQLITE_OK)
			abort();
		int nc = sqlite3_column_count(q);
		if (nc > MAX_COLS) /* a wider table: raise MAX_COLS */
			abort();
		for (int c = 0; c < nc; c++)
			snprintf(columns[t][c], sizeof(columns[t][c]), "%s", sqlite3_column_name(q, c));
		n_columns[t] = (unsigned)nc;
		sqlite3_finalize(q);
	}
}

static unsigned char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		abort();
	unsigned char *buf = NULL;
	size_t cap = 0;
	*len = 0;
	for (;;) {
		if (*len == cap) {
			cap = cap ? cap * 2 : 65536;
			unsigned char *nb = realloc(buf, cap);
			if (!nb)
				abort();
			buf = nb;
		}
		size_t r = fread(buf + *len, 1, cap - *len, f);
		if (!r)
			break;
		*len += r;
	}
	fclose(f);
	return buf;
}

/* Assess a small tree twice into `path` (gaps, findings, artifacts, a waiver). */
static void make_db(const char *path)
{
	struct hta_catalog cat;
	struct hta_err err = { 0 };
	if (hta_catalog_load(&cat, FUZZ_SRCDIR "/tests/fixtures/catalog-mini", &err)) {
		fprintf(stderr, "fuzz_db: %s\n", err.msg);
		abort();
	}
	char root[4096], p[4096];
	fuzz_mkdir(fuzz_path(root, sizeof(root), "ev"));
	fuzz_write(fuzz_path(p, sizeof(p), "ev/a.txt"), "a\n", 2);
	static const char m1[] =
		"requirement: T.01\nowner: o@example.org\n"
		"policy: { rating: FC, artifacts: [a.txt], reviewed: 2026-10-01 }\n"
		"implemented: { coverage: 40, artifacts: [a.txt, missing.txt], tested: 2026-10-01 }\n"
		"waiver: { reason: accepted, expires: 2027-01-01 }\n";
	static const char m2[] =
		"requirement: T.02\nnot_applicable: no such systems\n";
	fuzz_write(fuzz_path(p, sizeof(p), "ev/t01.evidence.yaml"), m1, sizeof(m1) - 1);
	fuzz_write(fuzz_path(p, sizeof(p), "ev/t02.evidence.yaml"), m2, sizeof(m2) - 1);
	struct hta_store *st = NULL;
	if (hta_store_open(&st, path, true, &err))
		abort();
	for (int i = 0; i < 2; i++) {
		struct hta_assess_opts o = HTA_ASSESS_OPTS_INIT;
		o.evidence_root = root;
		o.tier = HTA_TIER_I1;
		o.as_of = 20758; /* 2026-10-31 */
		struct hta_run run;
		if (hta_assess(&cat, &o, &run, &err) || hta_store_write(st, &run, &err)) {
			fprintf(stderr, "fuzz_db: %s\n", err.msg);
			abort();
		}
		hta_run_free(&run);
	}
	hta_store_close(st);
	hta_catalog_free(&cat);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	char p[4096];
	fuzz_path(db_path, sizeof(db_path), "fuzz.db");
	snprintf(journal_path, sizeof(journal_path), "%s-journal", db_path);
	make_db(fuzz_path(p, sizeof(p), "template.db"));
	sqlite3 *db = NULL;
	if (sqlite3_open(p, &db) != SQLITE_OK)
		abort();
	for (size_t t = 0; t < N_TABLES; t++) {
		char sql[512];
		snprintf(sql, sizeof(sql),
			 "CREATE TABLE x AS SELECT * FROM %s; DROP TABLE %s;"
			 " ALTER TABLE x RENAME TO %s;", tables[t], tables[t], tables[t]);
		if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
			abort();
	}
	read_columns(db);
	sqlite3_close(db);
	loose_db = slurp(p, &loose_len);
	return 0;
}

/* Apply the edit script in `data` to the database at db_path. */
static void edit(const uint8_t *data, size_t size)
{
	sqlite3 *db = NULL;
	if (sqlite3_open(db_path, &db) != SQLITE_OK) {
		sqlite3_close(db);
		return;
	}
	/* No fsync per input: the file is thrown away after one use. */
	sqlite3_exec(db, "PRAGMA synchronous=OFF; PRAGMA journal_mode=MEMORY; BEGIN", NULL, NULL,
		     NULL);
	size_t i = 0;
	for (int ops = 0; i + 4 <= size && ops < 64; ops++) {
		size_t tix = data[i] % N_TABLES;
		const char *t = tables[tix], *name = column_of(tix, data[i + 1]);
		unsigned row = data[i + 2], kind = data[i + 3] % 5;
		i += 4;
		char sql[512];
		sqlite3_stmt *q = NULL;
		if (!name)
			continue;
		snprintf(sql, sizeof(sql),
			 "UPDATE %s SET \"%s\" = ?1 WHERE rowid = (SELECT rowid FROM %s LIMIT 1 OFFSET ?2)",
			 t, name, t);
		if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) != SQLITE_OK) {
			sqlite3_finalize(q);
			continue;
		}
		sqlite3_bind_int(q, 2, (int)row % 64);
		size_t n = i < size ? data[i] % 17 : 0; /* a value of up to 16 bytes follows */
		i += i < size;
		if (n > size - i)
			n = size - i;
		long long v = 0;
		double d = 0;
		memcpy(&v, data + i, n < sizeof(v) ? n : sizeof(v));
		memcpy(&d, data + i, n < sizeof(d) ? n : sizeof(d));
		switch (kind) {
		case 0: sqlite3_bind_null(q, 1); break;
		case 1: sqlite3_bind_int64(q, 1, n ? v : 0); break;
		case 2: sqlite3_bind_double(q, 1, d); break;
		case 3: sqlite3_bind_text(q, 1, (const char *)data + i, (int)n, SQLITE_TRANSIENT); break;
		default: sqlite3_bind_blob(q, 1, data + i, (int)n, SQLITE_TRANSIENT); break;
		}
		i += n;
		sqlite3_step(q);
		sqlite3_finalize(q);
	}
	sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	sqlite3_close(db);
}

/* Which formats to render: text, and one other chosen by the input (every
 * format over the corpus; all nine per input cost 4x the executions). */
static int other_format;

static void check_run(const struct hta_run *run)
{
	FUZZ_ASSERT(run->n_gaps <= run->n_reqs);
	FUZZ_ASSERT(run->started_at && run->evidence_root && run->catalog_version);
	for (size_t k = 0; k < run->n_gaps; k++) {
		FUZZ_ASSERT(run->gap_order[k] < run->n_reqs);
		const struct hta_run_req *r = &run->reqs[run->gap_order[k]];
		FUZZ_ASSERT(r->gap && r->rank == (int)k + 1 && r->reason);
	}
	for (size_t k = 0; k < run->n_reqs; k++) {
		const struct hta_run_req *r = &run->reqs[k];
		FUZZ_ASSERT(r->id && r->domain >= 1 && r->domain <= HTA_DOMAINS);
		FUZZ_ASSERT(r->score >= 0 && r->score <= 100 && r->ceiling <= 100);
	}
	for (size_t k = 0; k < run->n_findings; k++)
		FUZZ_ASSERT(run->findings[k].message);
	struct hta_report_opts ro = HTA_REPORT_OPTS_INIT;
	ro.max_findings = -1;
	for (int f = 0; f < HTA_FMT_COUNT; f++) {
		if (f != HTA_FMT_TEXT && f != other_format)
			continue;
		struct hta_buf b = HTA_BUF_INIT;
		struct hta_err err = { 0 };
		int rc = hta_report_render(run, (enum hta_format)f, &ro, &b, &err);
		FUZZ_ASSERT(rc == 0 || rc == HTA_ENOMEM);
		hta_buf_free(&b);
	}
}

static void check_err(int rc, const struct hta_err *err)
{
	FUZZ_ASSERT(rc == HTA_EDB || rc == HTA_ENOTFOUND || rc == HTA_ENOMEM);
	FUZZ_ASSERT(err->msg[0] && !strchr(err->msg, '\n'));
}

/* The diff path: the gaps of b against those of a, by id, both ways. */
static void compare(const struct hta_run *a, const struct hta_run *b)
{
	size_t n = 0;
	for (size_t k = 0; k < b->n_gaps; k++) {
		const char *id = b->reqs[b->gap_order[k]].id;
		for (size_t j = 0; j < a->n_gaps; j++)
			n += strcmp(a->reqs[a->gap_order[j]].id, id) == 0;
	}
	FUZZ_ASSERT(n <= a->n_gaps * b->n_gaps);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unlink(journal_path);
	other_format = 1 + (int)(size % (HTA_FMT_COUNT - 1));
	if (size >= 16 && memcmp(data, "SQLite format 3", 16) == 0) {
		fuzz_write(db_path, data, size);
	} else {
		fuzz_write(db_path, loose_db, loose_len);
		edit(data, size);
	}
	struct hta_store *st = NULL;
	struct hta_err err = { 0 };
	int rc = hta_store_open(&st, db_path, false, &err);
	if (rc) {
		check_err(rc, &err);
		return 0;
	}
	struct hta_buf list = HTA_BUF_INIT;
	if ((rc = hta_store_list(st, &list, &err)))
		check_err(rc, &err);
	hta_buf_free(&list);
	/* Each run is loaded and checked once: the latest (id 0), then ids
	 * 1..3; a run loaded as another's previous is checked there, and
	 * loading it again by its id reaches nothing new. */
	long long seen[8];
	size_t n_seen = 0;
	for (long long id = 0; id <= 3; id++) {
		bool again = false;
		for (size_t k = 0; k < n_seen; k++)
			again |= seen[k] == id;
		if (again)
			continue;
		struct hta_run b;
		hta_err_clear(&err);
		if ((rc = hta_store_load(st, id, &b, &err))) {
			check_err(rc, &err);
			continue;
		}
		check_run(&b);
		if (n_seen < 8)
			seen[n_seen++] = b.id;
		long long prev = hta_store_previous(st, b.id, &err);
		struct hta_run a;
		if (prev > 0 && (rc = hta_store_load(st, prev, &a, &err)) == 0) {
			bool checked = false;
			for (size_t k = 0; k < n_seen; k++)
				checked |= seen[k] == a.id;
			if (!checked) {
				check_run(&a);
				if (n_seen < 8)
					seen[n_seen++] = a.id;
			}
			compare(&a, &b);
			compare(&b, &a);
			hta_run_free(&a);
		} else if (prev > 0) {
			check_err(rc, &err);
		}
		long long latest = hta_store_latest(st, &b, &err);
		FUZZ_ASSERT(latest >= -1);
		hta_run_free(&b);
	}
	hta_store_close(st);
	/* The hash cache's read-only look-up over the same file. */
	if (hta_store_open_readonly(&st, db_path, &err) == 0) {
		struct hta_hash_item it[2];
		memset(it, 0, sizeof(it));
		it[0].name = "a.txt";
		it[1].name = "missing.txt";
		it[0].path = it[1].path = "/nonexistent";
		(void)hta_store_hash_lookup(st, "/nonexistent", it, 2, &err);
		hta_store_close(st);
	}
	return 0;
}
