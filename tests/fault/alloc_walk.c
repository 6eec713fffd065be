/*
 * alloc_walk.c — allocation-failure injection over a whole run, the way
 * SQLite's OOM tests walk a failure point across every malloc.
 *
 * One "run" is what the CLI does for `hitrust-assess --db X --format F`,
 * in process: load the catalog, open the database read-only for the hash
 * cache (a failure there only means no cache, as in the CLI), assess and
 * hash an evidence tree that reaches every
 * evidence check (r2 with measured/managed, both AI add-ons, inheritance,
 * waivers, N/A, a JSON manifest, missing/outside/stale artifacts), store
 * the run, load it back, and render both copies in every report format.
 *
 * A clean run counts its allocations N (ours, cJSON's and SQLite's, which
 * hta_alloc_hook_libraries() routes through hta_malloc; libyaml has no
 * hooks). Then for k = 0 .. N-1, each time on a fresh copy of a database
 * holding two earlier runs, the k-th allocation fails: first persistently
 * (every allocation after it fails too), then transiently (only that one).
 * Each run must either fail with HTA_ENOMEM and a one-line message, or
 * succeed (SQLite shrugs off some failures; a transient one may be
 * retried) with every report byte-identical to a clean run's: a failure
 * must never be swallowed into a silently shorter report. When the run
 * failed before its write committed, the database must be byte-identical
 * to the copy; otherwise it must pass PRAGMA integrity_check and hold the
 * two runs plus the new one.
 * Leaks are LeakSanitizer's to find (make check runs this under the ASan
 * build too, where any leak fails it at exit) and valgrind's (make
 * valgrind runs it under memcheck with a stride).
 *
 * FAULT_STRIDE=n tries every n-th point only (default 1: all of them);
 * FAULT_SHARD=i/n tries the i-th of n interleaved shares of the points, so
 * that n processes can walk in parallel (make fault runs two).
 */
#include "hta/assess.h"
#include "hta/report.h"
#include "hta/store.h"

#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char tmp[256], catalog[4096], root[512], db[512], pristine[512];

static void die(const char *what)
{
	fprintf(stderr, "alloc_walk: %s: %s\n", what, strerror(errno));
	exit(2);
}

static void put(const char *rel, const char *text)
{
	char p[8192];
	if ((size_t)snprintf(p, sizeof(p), "%s/%s", root, rel) >= sizeof(p))
		die("path too long");
	for (char *s = strchr(p + strlen(root) + 1, '/'); s; s = strchr(s + 1, '/')) {
		*s = 0;
		if (mkdir(p, 0755) < 0 && errno != EEXIST)
			die(p);
		*s = '/';
	}
	FILE *f = fopen(p, "w");
	if (!f || fputs(text, f) < 0 || fclose(f))
		die(p);
}

static void make_tree(void)
{
	snprintf(root, sizeof(root), "%s/ev", tmp);
	if (mkdir(root, 0755) < 0)
		die(root);
	put("docs/policy.pdf", "policy\n");
	put("docs/runbook.md", "runbook\n");
	put("docs/export.csv", "a,b\n1,2\n");
	put("scope.yaml",
	    "organization: Fault <Injection> & \"Co\"\n"
	    "assessment: alloc walk\nas_of: 2026-11-01\ntier: r2\nmeasured_managed: true\n"
	    "factors: { records_held: 70_000_000, internet_facing: true }\n"
	    "compliance: [hipaa]\n"
	    "ai: { model_types: [generative, predictive], rag: true, fine_tuning: true, agents: true }\n"
	    "providers:\n  aws: { score: 100 }\n  colo: { score: 62.5 }\n");
	put("t01.evidence.yaml",
	    "requirement: T.01\nowner: iam@example.test\nnot_applicable: \"never N/A\"\n"
	    "policy: { rating: FC, artifacts: [docs/policy.pdf], reviewed: 2025-11-01 }\n"
	    "procedure: { coverage: 89.9, artifacts: [docs/runbook.md], reviewed: 2026-10-01 }\n"
	    "implemented: { rating: fully, artifacts: [docs/export.csv], tested: 2026-11-01 }\n"
	    "measured: { rating: MC, artifacts: [docs/export.csv], tested: 2026-10-01 }\n"
	    "managed: { rating: FC, artifacts: [docs/export.csv], tested: 2026-10-01 }\n"
	    "notes: |\n  several\n  lines\n");
	put("t02.evidence.yaml",
	    "requirement: T.02\ninherited: { provider: aws, weight: 90 }\n"
	    "waiver: { reason: \"replaced in Q1\", expires: 2027-03-31 }\n"
	    "implemented: { coverage: 50, artifacts: [docs/export.csv], tested: 2026-09-15 }\n");
	put("sub/t03.evidence.yaml",
	    "requirement: T.03\nwaiver: { reason: old, expires: 2026-01-01 }\n"
	    "implemented: { rating: MC, artifacts: [docs/export.csv], tested: 2025-10-31 }\n");
	put("t04.evidence.json",
	    "{\"requirement\": \"T.04\", \"owner\": \"logs@example.test\",\n"
	    " \"policy\": {\"rating\": \"pc\", \"artifacts\": [\"docs/policy.pdf\"],"
	    " \"reviewed\": \"2026-10-01\", \"effective\": \"2026-09-02\"},\n"
	    " \"procedure\": {\"rating\": \"SC\", \"artifacts\": [\"docs/missing.pdf\"],"
	    " \"reviewed\": \"2026-10-01\"},\n"
	    " \"implemented\": {\"coverage\": 95, \"artifacts\": [\"docs/export.csv\"],"
	    " \"tested\": \"2026-11-02\"}}\n");
	put("t05.evidence.yaml",
	    "requirement: T.05\n"
	    "policy: { rating: FC, artifacts: [/etc/passwd], reviewed: 2026-10-01 }\n"
	    "procedure: { rating: FC, artifacts: [../outside.txt], reviewed: 2026-10-01 }\n"
	    "implemented: { rating: FC, tested: 2026-10-01 }\n"
	    "measured: { rating: PC, artifacts: [docs/export.csv], tested: 2026-10-01 }\n"
	    "managed: { rating: FC, artifacts: [docs/export.csv], tested: 2026-10-01 }\n");
	put("t06.evidence.yaml",
	    "requirement: T.06\ninherited: { provider: colo, weight: 40 }\n"
	    "implemented: { rating: FC, artifacts: [docs/export.csv], tested: 2026-10-01,"
	    " effective: 2026-10-01 }\n");
	put("t08.evidence.yaml", "requirement: T.08\nnot_applicable: no PHI in scope\n");
	put("a01.evidence.yaml",
	    "requirement: A.01\nimplemented: { rating: MC, artifacts: [docs/export.csv],"
	    " tested: 2026-10-01 }\n");
	put("r01.evidence.yaml",
	    "requirement: R.01\npolicy: { rating: FC, artifacts: [docs/policy.pdf],"
	    " reviewed: 2026-10-01 }\n");
}

static int rm_one(const char *p, const struct stat *sb, int flag, struct FTW *f)
{
	(void)sb;
	(void)flag;
	(void)f;
	return remove(p);
}

static void copy_file(const char *from, const char *to)
{
	FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
	char buf[65536];
	size_t n;
	if (!in || !out)
		die(from);
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		if (fwrite(buf, 1, n, out) != n)
			die(to);
	if (ferror(in) || fclose(out))
		die(to);
	fclose(in);
}

static int same_file(const char *a, const char *b)
{
	FILE *x = fopen(a, "rb"), *y = fopen(b, "rb");
	int same = x && y;
	while (same) {
		int c = getc(x), d = getc(y);
		same = c == d;
		if (c == EOF)
			break;
	}
	if (x)
		fclose(x);
	if (y)
		fclose(y);
	return same;
}

/* Runs stored, and whether the database passes its integrity check; with
 * injection off (SQLite's allocations go through the injector too). */
static long long db_runs(int *intact)
{
	sqlite3 *h = NULL;
	sqlite3_stmt *q = NULL;
	long long n = -1;
	*intact = 0;
	if (sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
	    sqlite3_prepare_v2(h, "PRAGMA integrity_check", -1, &q, NULL) == SQLITE_OK &&
	    sqlite3_step(q) == SQLITE_ROW)
		*intact = strcmp((const char *)sqlite3_column_text(q, 0), "ok") == 0;
	sqlite3_finalize(q);
	q = NULL;
	if (sqlite3_prepare_v2(h, "SELECT count(*) FROM runs", -1, &q, NULL) == SQLITE_OK &&
	    sqlite3_step(q) == SQLITE_ROW)
		n = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	sqlite3_close(h);
	return n;
}

enum stage { ST_CATALOG, ST_ASSESS, ST_OPEN, ST_WRITE, ST_LOAD, ST_RENDER, ST_DONE };
static const char *const stage_name[] = { "catalog", "assess", "open", "write", "load",
					  "render", "done" };

/* Every report of a run: each format, of the run as assessed and as loaded back. */
#define N_OUT (2 * HTA_FMT_COUNT)
struct outputs {
	struct hta_buf b[N_OUT];
};

static void outputs_free(struct outputs *o)
{
	for (int i = 0; i < N_OUT; i++)
		hta_buf_free(&o->b[i]);
}

static int cache_lookup(void *ctx, const char *evroot, struct hta_hash_item *items, size_t n,
			struct hta_err *err)
{
	return hta_store_hash_lookup(ctx, evroot, items, n, err);
}

/*
 * One whole run; returns 0 or the failing call's status, with its stage.
 * The run's start time is fixed, so that every run renders the same.
 */
static int run_once(enum stage *stage, struct outputs *out, struct hta_err *err)
{
	struct hta_catalog cat;
	struct hta_run run, back;
	struct hta_store *st = NULL;
	int rc;
	int have_run = 0, have_back = 0;
	memset(out, 0, sizeof(*out));
	*stage = ST_CATALOG;
	if ((rc = hta_catalog_load(&cat, catalog, err)))
		return rc;
	*stage = ST_ASSESS;
	struct hta_assess_opts o = HTA_ASSESS_OPTS_INIT;
	o.evidence_root = root;
	o.addons = HTA_WITH_AI_SECURITY | HTA_WITH_AI_RISK;
	struct hta_store *cache = NULL;
	struct hta_err cerr = { 0 };
	if (hta_store_open_readonly(&cache, db, &cerr) == 0) {
		o.hash_cache = cache_lookup;
		o.hash_cache_ctx = cache;
	}
	rc = hta_assess(&cat, &o, &run, err);
	hta_store_close(cache);
	hta_catalog_free(&cat);
	if (rc)
		return rc;
	have_run = 1;
	run.started_at = "2026-11-01T12:00:00Z";
	*stage = ST_OPEN;
	if ((rc = hta_store_open(&st, db, true, err)))
		goto done;
	*stage = ST_WRITE;
	if ((rc = hta_store_write(st, &run, err)))
		goto done;
	*stage = ST_LOAD;
	if ((rc = hta_store_load(st, run.id, &back, err)))
		goto done;
	have_back = 1;
	*stage = ST_RENDER;
	struct hta_report_opts ro = HTA_REPORT_OPTS_INIT;
	ro.db_path = "fault.db";
	ro.max_findings = -1;
	for (int i = 0; i < N_OUT && !rc; i++) {
		enum hta_format f = (enum hta_format)(i / 2);
		rc = hta_report_render(i % 2 ? &back : &run, f, &ro, &out->b[i], err);
		if (!rc && (out->b[i].failed || !out->b[i].len))
			rc = hta_err_set(err, -99, "%s render returned 0 with %s output",
					 hta_format_name(f), out->b[i].failed ? "failed" : "empty");
	}
	if (!rc)
		*stage = ST_DONE;
done:
	hta_store_close(st);
	if (have_back)
		hta_run_free(&back);
	if (have_run)
		hta_run_free(&run);
	if (rc)
		outputs_free(out);
	return rc;
}

/* Runs 0 .. total-1 failing persistently (every allocation from the k-th on) or
 * transiently (the k-th only); returns the number of problems. */
static long walk(int transient, long first, long total, long stride, const struct outputs *ref)
{
	long tried = 0, failed = 0, survived = 0, problems = 0;
	long per_stage[ST_DONE + 1] = { 0 };
	struct hta_err err;
	enum stage stage;
	int intact;
	for (long k = first; k < total; k += stride) {
		struct outputs out;
		hta_err_clear(&err);
		copy_file(pristine, db);
		if (transient)
			hta_alloc_fail_once(k);
		else
			hta_alloc_fail_after(k);
		int rc = run_once(&stage, &out, &err);
		hta_alloc_fail_after(-1);
		tried++;
		int bad = 0;
		if (rc == 0) {
			/* SQLite treats some failures as benign, and a transient
			 * failure may be retried: fine, if nothing was lost. */
			survived++;
			for (int i = 0; i < N_OUT; i++) {
				if (out.b[i].len != ref->b[i].len ||
				    memcmp(out.b[i].s, ref->b[i].s, out.b[i].len) != 0) {
					fprintf(stderr, "alloc_walk: %s point %ld: run succeeded but its %s "
						"report (%s) differs from a clean run's\n",
						transient ? "transient" : "persistent", k,
						hta_format_name((enum hta_format)(i / 2)),
						i % 2 ? "loaded back" : "as assessed");
					bad = 1;
					break;
				}
			}
			outputs_free(&out);
		} else {
			failed++;
			per_stage[stage]++;
			if (rc != HTA_ENOMEM || err.code != HTA_ENOMEM || !err.msg[0] ||
			    strchr(err.msg, '\n')) {
				fprintf(stderr, "alloc_walk: %s point %ld (%s): status %d, message '%s'\n",
					transient ? "transient" : "persistent", k, stage_name[stage], rc,
					err.msg);
				bad = 1;
			}
		}
		/* the run is stored exactly when its write got through */
		int stored = rc == 0 || stage > ST_WRITE;
		if (!stored && !same_file(db, pristine)) {
			fprintf(stderr, "alloc_walk: point %ld (%s): the database changed\n", k,
				stage_name[stage]);
			bad = 1;
		}
		long long now = db_runs(&intact);
		if (now != 2 + stored || !intact) {
			fprintf(stderr, "alloc_walk: point %ld (%s): %lld runs, want %d; integrity %s\n",
				k, stage_name[stage], now, 2 + stored, intact ? "ok" : "FAILED");
			bad = 1;
		}
		problems += bad;
	}
	printf("alloc_walk: %s failure at %ld of %ld allocation points: %ld failed cleanly with "
	       "HTA_ENOMEM (catalog %ld, assess %ld, open %ld, write %ld, load %ld, render %ld), "
	       "%ld succeeded unchanged; %ld problems\n",
	       transient ? "transient" : "persistent", tried, total, failed,
	       per_stage[ST_CATALOG], per_stage[ST_ASSESS], per_stage[ST_OPEN], per_stage[ST_WRITE],
	       per_stage[ST_LOAD], per_stage[ST_RENDER], survived, problems);
	return problems;
}

int main(void)
{
	const char *src = getenv("HTA_SRCDIR");
	const char *t = getenv("TMPDIR");
	const char *s = getenv("FAULT_STRIDE");
	long stride = s ? strtol(s, NULL, 10) : 1;
	if (stride < 1)
		stride = 1;
	long shard = 0, shards = 1;
	if ((s = getenv("FAULT_SHARD")) && (sscanf(s, "%ld/%ld", &shard, &shards) != 2 ||
					    shards < 1 || shard < 0 || shard >= shards)) {
		fprintf(stderr, "alloc_walk: FAULT_SHARD=%s: want i/n with 0 <= i < n\n", s);
		return 2;
	}
	snprintf(catalog, sizeof(catalog), "%s/tests/fixtures/catalog-mini", src && *src ? src : ".");
	/* tmpfs when there is one: SQLite syncs every commit */
	struct stat shm;
	if (!(t && *t) && stat("/dev/shm", &shm) == 0 && S_ISDIR(shm.st_mode) &&
	    access("/dev/shm", W_OK) == 0)
		t = "/dev/shm";
	snprintf(tmp, sizeof(tmp), "%s/hta-fault-XXXXXX", t && *t ? t : "/tmp");
	if (!mkdtemp(tmp))
		die("mkdtemp");
	make_tree();
	snprintf(db, sizeof(db), "%s/fault.db", tmp);
	snprintf(pristine, sizeof(pristine), "%s/pristine.db", tmp);

	/* Two clean runs make the database the walk starts from (and warm
	 * SQLite's one-time state); a third, on a copy, is the reference. */
	struct hta_err err = { 0 };
	enum stage stage;
	struct outputs ref;
	for (int i = 0; i < 3; i++) {
		if (i == 2)
			copy_file(db, pristine);
		/* Armed, never reached: while a fault is armed the library's
		 * loops run on this thread alone (hta/par.h), so the count is
		 * the one every walked run makes. */
		hta_alloc_fail_after(LONG_MAX);
		if (run_once(&stage, &ref, &err)) {
			fprintf(stderr, "alloc_walk: clean run failed at %s: %s\n", stage_name[stage],
				err.msg);
			return 1;
		}
		if (i < 2)
			outputs_free(&ref);
	}
	long total = hta_alloc_fail_after(-1);
	int intact;
	if (db_runs(&intact) != 3 || !intact) {
		fprintf(stderr, "alloc_walk: the clean runs were not stored\n");
		return 1;
	}
	long problems = walk(0, shard * stride, total, shards * stride, &ref);
	problems += walk(1, shard * stride, total, shards * stride, &ref);
	outputs_free(&ref);
	sqlite3_shutdown();
	nftw(tmp, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	return problems ? 1 : 0;
}
