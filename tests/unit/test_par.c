/*
 * test_par.c — the parallel loop (hta/par.h), the thread-safe fault
 * injector and arena hand-over it relies on (hta/alloc.h), and what the
 * loop must never change: the evidence reader and the catalog loader give
 * the same results, and name the same first error, on one worker as on
 * many.
 *
 * One worker or many: while an allocation fault is armed the library runs
 * its loops on the calling thread alone (hta_par_workers), so arming one
 * that is never reached (hta_alloc_fail_after(LONG_MAX)) is how a test gets
 * a one-by-one run to compare with. On a one-CPU machine both runs are
 * one-by-one, and the comparisons hold trivially.
 */
#include "testutil.h"

#include "hta/evidence.h"
#include "hta/par.h"
#include "hta/scope.h"
#include "hta/score.h"

#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>

/* ---- the loop ---- */

struct count_ctx {
	size_t n;
	unsigned char *done;    /* per item: times it was done */
	unsigned *by;           /* per item: the worker that did it */
	const size_t *fail;     /* items that fail, sorted; ends with SIZE_MAX */
};

static int count_item(void *ctx, unsigned worker, size_t i, struct hta_err *err)
{
	struct count_ctx *c = ctx;
	assert_true(i < c->n);
	c->done[i]++;
	c->by[i] = worker;
	for (const size_t *f = c->fail; *f != SIZE_MAX; f++)
		if (*f == i)
			return hta_err_set(err, i % 2 ? HTA_EIO : HTA_EINVAL, "item %zu failed", i);
	return 0;
}

static void test_every_item_once(void **state)
{
	(void)state;
	static const size_t none[] = { SIZE_MAX };
	static const unsigned workers[] = { 0, 1, 2, 3, 8, HTA_PAR_MAX_WORKERS, 100 };
	static const size_t sizes[] = { 0, 1, 2, 5, 64, 1000, 20000 };
	for (size_t s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
		for (size_t w = 0; w < sizeof(workers) / sizeof(workers[0]); w++) {
			size_t n = sizes[s], at = 12345;
			struct count_ctx c = { n, calloc(n + 1, 1), calloc(n + 1, sizeof(unsigned)), none };
			struct hta_err err = { 0 };
			assert_non_null(c.done);
			assert_int_equal(hta_par_for(workers[w], n, count_item, &c, &at, &err), 0);
			assert_int_equal(at, n);
			assert_int_equal(err.code, 0);
			for (size_t i = 0; i < n; i++) {
				if (c.done[i] != 1)
					fail_msg("%zu items, %u workers: item %zu done %u times", n,
						 workers[w], i, c.done[i]);
				assert_true(c.by[i] < HTA_PAR_MAX_WORKERS);
			}
			free(c.done);
			free(c.by);
		}
	}
}

static void test_first_failure_wins(void **state)
{
	(void)state;
	static const size_t fail[] = { 37, 50, 800, 801, SIZE_MAX };
	static const size_t fail0[] = { 0, 1, 999, SIZE_MAX };
	const size_t n = 1000;
	/* Whatever the timing: the same item, status and message every time. */
	for (int round = 0; round < 200; round++) {
		const size_t *f = round % 2 ? fail : fail0;
		size_t first = f[0], at = 0;
		struct count_ctx c = { n, calloc(n, 1), calloc(n, sizeof(unsigned)), f };
		struct hta_err err = { 0 };
		unsigned w = 1 + (unsigned)round % HTA_PAR_MAX_WORKERS;
		int rc = hta_par_for(w, n, count_item, &c, &at, &err);
		assert_int_equal(rc, first % 2 ? HTA_EIO : HTA_EINVAL);
		assert_int_equal(err.code, rc);
		assert_int_equal(at, first);
		char want[64];
		snprintf(want, sizeof(want), "item %zu failed", first);
		assert_string_equal(err.msg, want);
		/* Everything before it was done, once; the failing item once. */
		for (size_t i = 0; i <= first; i++)
			assert_int_equal(c.done[i], 1);
		for (size_t i = first + 1; i < n; i++)
			assert_true(c.done[i] <= 1);
		free(c.done);
		free(c.by);
	}
	/* failed_at and err may be NULL. */
	struct count_ctx c = { n, calloc(n, 1), calloc(n, sizeof(unsigned)), fail };
	assert_int_equal(hta_par_for(2, n, count_item, &c, NULL, NULL), HTA_EIO);
	free(c.done);
	free(c.by);
}

/* Items 5 and 6 fail slowly: two workers are in them at once. */
static int slow_fail(void *ctx, unsigned worker, size_t i, struct hta_err *err)
{
	(void)worker;
	atomic_int *in_failing = ctx;
	if (i != 5 && i != 6)
		return 0;
	atomic_fetch_add(in_failing, 1);
	usleep(3000);
	return hta_err_set(err, HTA_EINVAL, "item %zu failed", i);
}

static void test_concurrent_failures(void **state)
{
	(void)state;
	int both = 0;
	for (int round = 0; round < 20; round++) {
		atomic_int in_failing = 0;
		size_t at = 0;
		struct hta_err err = { 0 };
		int rc = hta_par_for(2 + (unsigned)round % 3, 100, slow_fail, &in_failing, &at, &err);
		assert_int_equal(rc, HTA_EINVAL);
		assert_int_equal(at, 5);
		assert_string_equal(err.msg, "item 5 failed");
		both += atomic_load(&in_failing) == 2;
	}
	/* The case this checks did happen (two workers failed at once). */
	assert_true(both > 0);
}

static void test_workers(void **state)
{
	(void)state;
	unsigned cpus = hta_par_cpus();
	assert_true(cpus >= 1);
	unsigned want = cpus < HTA_PAR_MAX_WORKERS ? cpus : HTA_PAR_MAX_WORKERS;
	assert_int_equal(hta_par_workers(0, 16), 1);
	assert_int_equal(hta_par_workers(15, 16), 1);
	assert_int_equal(hta_par_workers(1000000, 16), want);
	assert_int_equal(hta_par_workers(32, 16), want < 2 ? want : 2);
	assert_int_equal(hta_par_workers(1000000, 0), want);
	/* An armed fault, even one never reached: one worker. */
	hta_alloc_fail_after(LONG_MAX);
	assert_int_equal(hta_par_workers(1000000, 16), 1);
	hta_alloc_fail_once(5);
	assert_int_equal(hta_par_workers(1000000, 16), 1);
	hta_alloc_fail_after(-1);
	assert_int_equal(hta_par_workers(1000000, 16), want);
}

/* ---- the allocator under threads ---- */

#define ALLOC_THREADS 4
#define ALLOC_EACH 5000

struct alloc_thread {
	pthread_t tid;
	unsigned long ok, failed, seen; /* seen: hta_alloc_failures() of the thread */
};

static atomic_int go;

static void *alloc_main(void *arg)
{
	struct alloc_thread *t = arg;
	unsigned long before = hta_alloc_failures();
	while (!atomic_load(&go))
		;
	for (int i = 0; i < ALLOC_EACH; i++) {
		void *p = hta_malloc(16);
		if (p)
			t->ok++;
		else
			t->failed++;
		hta_free(p);
	}
	t->seen = hta_alloc_failures() - before;
	return NULL;
}

/* Threads allocating at once: `k` allocations succeed, then as armed. */
static void alloc_race(long k, int once, unsigned long *ok, unsigned long *failed)
{
	struct alloc_thread t[ALLOC_THREADS] = { 0 };
	atomic_store(&go, 0);
	if (once)
		hta_alloc_fail_once(k);
	else
		hta_alloc_fail_after(k);
	for (int i = 0; i < ALLOC_THREADS; i++)
		assert_int_equal(pthread_create(&t[i].tid, NULL, alloc_main, &t[i]), 0);
	atomic_store(&go, 1);
	*ok = *failed = 0;
	for (int i = 0; i < ALLOC_THREADS; i++) {
		pthread_join(t[i].tid, NULL);
		*ok += t[i].ok;
		*failed += t[i].failed;
		assert_int_equal(t[i].seen, t[i].failed); /* each thread counts its own */
	}
	long counted = hta_alloc_fail_after(-1);
	assert_int_equal(counted, ALLOC_THREADS * ALLOC_EACH);
}

static void test_injector_threads(void **state)
{
	(void)state;
	unsigned long ok, failed;
	const unsigned long total = ALLOC_THREADS * ALLOC_EACH;
	/* Persistent: exactly k succeed, whichever threads make them. */
	alloc_race(7777, 0, &ok, &failed);
	assert_int_equal(ok, 7777);
	assert_int_equal(failed, total - 7777);
	/* Transient: exactly one fails. */
	alloc_race(7777, 1, &ok, &failed);
	assert_int_equal(failed, 1);
	assert_int_equal(ok, total - 1);
	/* Disarmed: none fails. */
	alloc_race(-1, 0, &ok, &failed);
	assert_int_equal(failed, 0);
}

static void test_arena_adopt(void **state)
{
	(void)state;
	struct hta_arena dst = HTA_ARENA_INIT, src = HTA_ARENA_INIT, empty = HTA_ARENA_INIT;
	char *a = hta_arena_strdup(&dst, "kept by dst");
	char *b = hta_arena_strdup(&src, "moved from src");
	char *big = hta_arena_alloc(&src, 200000); /* a chunk of its own */
	assert_non_null(a);
	assert_non_null(b);
	assert_non_null(big);
	memset(big, 'x', 200000);
	size_t total = dst.total + src.total;
	hta_arena_adopt(&dst, &src);
	assert_null(src.head);
	assert_int_equal(src.total, 0);
	assert_int_equal(dst.total, total);
	assert_string_equal(a, "kept by dst");
	assert_string_equal(b, "moved from src");
	/* dst keeps allocating from its own head chunk */
	char *c = hta_arena_strdup(&dst, "after");
	assert_non_null(c);
	assert_string_equal(c, "after");
	hta_arena_adopt(&dst, &empty); /* nothing to move */
	assert_int_equal(dst.total, total);
	/* into an empty arena */
	hta_arena_adopt(&empty, &dst);
	assert_null(dst.head);
	assert_string_equal(b, "moved from src");
	hta_arena_free(&empty); /* every chunk once: ASan/LSan check it */
	assert_null(empty.head);
}

/* ---- the evidence reader: one worker or many, the same ---- */

#define N_MF 240

struct evfx {
	struct hta_catalog cat;
	struct hta_scope sc;
	char base[TU_PATH_MAX], root[TU_PATH_MAX];
	unsigned char *pool;
};

static int ev_setup(void **state)
{
	static struct evfx f;
	char p[TU_PATH_MAX];
	struct hta_err err;
	if (hta_catalog_load(&f.cat, tu_src_path(p, "controls"), &err) != 0) {
		fprintf(stderr, "cannot load the shipped catalog: %s\n", err.msg);
		return -1;
	}
	if (f.cat.n_stmts < N_MF + 10 || hta_scope_init(&f.sc, &f.cat, &err) != 0)
		return -1;
	f.pool = calloc(f.cat.n_stmts, 1);
	if (!f.pool)
		return -1;
	hta_select(&f.cat, &f.sc, HTA_TIER_R2, HTA_WITH_AI_SECURITY | HTA_WITH_AI_RISK, f.pool);
	*state = &f;
	return 0;
}

static int ev_teardown(void **state)
{
	struct evfx *f = *state;
	hta_scope_free(&f->sc);
	hta_catalog_free(&f->cat);
	free(f->pool);
	return 0;
}

static int tree_setup(void **state)
{
	struct evfx *f = *state;
	tu_tmpdir(f->base);
	tu_join(f->root, f->base, "ev");
	return mkdir(f->root, 0755);
}

static int tree_teardown(void **state)
{
	struct evfx *f = *state;
	tu_rmtree(f->base);
	return 0;
}

/* Manifest k's path: spread over a few top-level directories. */
static const char *mf_path(char *out, size_t k)
{
	snprintf(out, 64, "%c/m%03zu.evidence.yaml", "abcdef"[k % 6], k);
	return out;
}

/* A manifest for statement k, naming artifacts of every kind. */
static void write_manifest(const struct evfx *f, size_t k, const char *extra)
{
	char rel[64], text[2048];
	snprintf(text, sizeof(text),
		 "requirement: %s\nowner: owner-%zu\n%s"
		 "policy: { rating: FC, artifacts: [art/%zu.txt, shared.txt], reviewed: 2026-10-01 }\n"
		 "procedure: { rating: MC, artifacts: [art/%zu-missing.txt], reviewed: 2020-01-01 }\n"
		 "implemented: { rating: PC, artifacts: [%s], tested: 2026-10-01 }\n",
		 f->cat.stmts[k].id, k, extra ? extra : "", k, k,
		 k % 7 == 0 ? "link/in.txt" : k % 11 == 0 ? "../outside.txt"
		 : k % 13 == 0 ? "/etc/hostname" : "shared.txt");
	tu_write(f->root, mf_path(rel, k), text);
	snprintf(rel, sizeof(rel), "art/%zu.txt", k);
	tu_write(f->root, rel, "evidence\n");
}

static void write_tree(const struct evfx *f)
{
	char p[TU_PATH_MAX], t[TU_PATH_MAX];
	tu_write(f->root, "shared.txt", "shared\n");
	tu_write(f->root, "real/in.txt", "through a symlinked directory\n");
	tu_write(f->base, "outside.txt", "outside the root\n");
	if (symlink("real", tu_join(p, f->root, "link")) != 0)
		fail_msg("symlink: %s", strerror(errno));
	for (size_t k = 0; k < N_MF; k++)
		write_manifest(f, k, NULL);
	/* Manifests that are not regular files: findings, in walk order. */
	static const char *const refused[] = { "a/zz-link.evidence.yaml", "c/x.evidence.yml",
					       "f/deep/er/r.evidence.json", "top.evidence.yaml" };
	for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		tu_join(p, f->root, refused[i]);
		tu_mkparents(p);
		if (symlink(tu_join(t, f->root, "shared.txt"), p) != 0)
			fail_msg("symlink: %s", strerror(errno));
	}
}

/* Load and check the tree, on one worker or on as many as the loops pick. */
static int load(struct evfx *f, bool one, struct hta_evidence *ev, struct hta_err *err)
{
	hta_err_clear(err);
	if (one)
		hta_alloc_fail_after(LONG_MAX);
	int rc = hta_evidence_load(ev, &f->cat, &f->sc, f->root, err);
	if (!rc) {
		rc = hta_evidence_check(ev, &f->cat, f->pool, hta_scored_levels(HTA_TIER_R2, true),
					tu_days("2026-11-01"), err);
		if (rc)
			hta_evidence_free(ev);
	}
	hta_alloc_fail_after(-1);
	return rc;
}

static void same_str(const char *what, size_t i, const char *a, const char *b)
{
	if ((a == NULL) != (b == NULL) || (a && strcmp(a, b) != 0))
		fail_msg("%s %zu: '%s' against '%s'", what, i, a ? a : "(null)", b ? b : "(null)");
}

static void test_evidence_same_on_all_cores(void **state)
{
	struct evfx *f = *state;
	struct hta_evidence one, many;
	struct hta_err err;
	write_tree(f);
	if (load(f, true, &one, &err) != 0)
		fail_msg("one worker: %s", err.msg);
	for (int round = 0; round < 5; round++) {
		if (load(f, false, &many, &err) != 0)
			fail_msg("all cores: %s", err.msg);
		assert_int_equal(many.n_manifests, N_MF);
		assert_int_equal(many.n_manifests, one.n_manifests);
		assert_int_equal(many.files_seen, one.files_seen);
		for (size_t i = 0; i < one.n_manifests; i++) {
			const struct hta_manifest *a = &one.manifests[i], *b = &many.manifests[i];
			same_str("manifest", i, a->path, b->path);
			same_str("owner", i, a->owner, b->owner);
			assert_int_equal(a->stmt, b->stmt);
			assert_ptr_equal(one.by_stmt[a->stmt], a);
			assert_ptr_equal(many.by_stmt[b->stmt], b);
			for (int l = 0; l < HTA_LEVEL_COUNT; l++) {
				assert_int_equal(a->level[l].own, b->level[l].own);
				assert_int_equal(a->level[l].n_artifacts, b->level[l].n_artifacts);
				for (size_t k = 0; k < a->level[l].n_artifacts; k++)
					same_str("artifact", i, a->level[l].artifacts[k],
						 b->level[l].artifacts[k]);
			}
		}
		/* Findings: the same, in the same order (refused manifests first,
		 * in walk order, then the checks'). */
		assert_int_equal(many.findings.n, one.findings.n);
		for (size_t i = 0; i < one.findings.n; i++) {
			const struct hta_finding *a = one.findings.v[i], *b = many.findings.v[i];
			assert_int_equal(a->code, b->code);
			same_str("finding path", i, a->path, b->path);
			same_str("finding message", i, a->message, b->message);
			assert_int_equal(a->line, b->line);
			assert_int_equal(a->stmt, b->stmt);
		}
		/* Artifacts: the same, in first-mention order, each examined alike. */
		assert_int_equal(many.artifacts.n, one.artifacts.n);
		for (size_t i = 0; i < one.artifacts.n; i++) {
			const struct hta_artifact *a = one.artifacts.v[i], *b = many.artifacts.v[i];
			same_str("artifact path", i, a->path, b->path);
			same_str("resolved", i, a->resolved, b->resolved);
			assert_int_equal(a->status, b->status);
			assert_i64_equal(a->size, b->size);
			assert_i64_equal(a->mtime_ns, b->mtime_ns);
			assert_true(a->ino == b->ino);
		}
		hta_evidence_free(&many);
	}
	/* The tree has every kind: refused manifests, missing, outside and
	 * symlinked artifacts. */
	size_t refused = 0;
	for (size_t i = 0; i < one.findings.n; i++)
		refused += ((const struct hta_finding *)one.findings.v[i])->code ==
			   HTA_FIND_MANIFEST_REFUSED;
	assert_int_equal(refused, 4);
	int kinds[5] = { 0 }, via_link = 0;
	for (size_t i = 0; i < one.artifacts.n; i++) {
		const struct hta_artifact *a = one.artifacts.v[i];
		kinds[a->status]++;
		via_link += a->resolved && strstr(a->resolved, "/ev/real/in.txt") != NULL;
	}
	if (kinds[HTA_ART_OK] < 50 || kinds[HTA_ART_MISSING] < 50 || kinds[HTA_ART_OUTSIDE] != 2 ||
	    via_link != 1)
		fail_msg("artifacts: %d ok, %d missing, %d outside, %d through the symlink",
			 kinds[HTA_ART_OK], kinds[HTA_ART_MISSING], kinds[HTA_ART_OUTSIDE], via_link);
	hta_evidence_free(&one);
}

/* Load a broken tree both ways: the same status and message, every time. */
static void expect_same_error(struct evfx *f, const char *want)
{
	struct hta_evidence ev;
	struct hta_err e1, e2;
	int rc1 = load(f, true, &ev, &e1);
	if (rc1 == 0)
		fail_msg("one worker: loaded, expected '%s'", want);
	assert_contains(e1.msg, want);
	for (int round = 0; round < 20; round++) {
		int rc2 = load(f, false, &ev, &e2);
		assert_int_equal(rc2, rc1);
		assert_string_equal(e2.msg, e1.msg);
	}
}

static void test_evidence_first_error(void **state)
{
	struct evfx *f = *state;
	char want[256], rel[64], rel2[64];
	write_tree(f);
	/* Two bad manifests: the first in path order is named (m057 sorts
	 * before m130, though the threads may meet m130 first). */
	write_manifest(f, 130, "bogus: 1\n");
	write_manifest(f, 57, "bogus: 1\n");
	snprintf(want, sizeof(want), "%s:3:1: unknown key 'bogus' in manifest", mf_path(rel, 57));
	expect_same_error(f, want);
	/* A second manifest for m003's statement claiming no level (m204:
	 * allowed, contract 8.1) before a bad manifest (m210... sorts later):
	 * the bad one, on every core. */
	write_manifest(f, 57, NULL);
	write_manifest(f, 130, NULL);
	char text[256];
	snprintf(text, sizeof(text), "requirement: %s\n", f->cat.stmts[3].id);
	tu_write(f->root, "e/m204.evidence.yaml", text);
	tu_write(f->root, "e/m210.evidence.yaml", "requirement: [not, text]\n");
	snprintf(want, sizeof(want), "e/m210.evidence.yaml:1:14: requirement must be a text value");
	(void)rel2;
	expect_same_error(f, want);
	/* ... and a bad manifest before both: that one. */
	write_manifest(f, 20, "bogus: 1\n");
	snprintf(want, sizeof(want), "%s:3:1: unknown key 'bogus' in manifest", mf_path(rel, 20));
	expect_same_error(f, want);
}

/* ---- the catalog: statement files on all cores ---- */

static void test_catalog_same_on_all_cores(void **state)
{
	(void)state;
	char p[TU_PATH_MAX], dir[TU_PATH_MAX], name[64];
	char *cat_yaml = tu_read(tu_src_path(p, "tests/fixtures/catalog-mini/catalog.yaml"), NULL);
	char *stmts = tu_read(tu_src_path(p, "tests/fixtures/catalog-mini/statements/mini.yaml"),
			      NULL);
	/* One file per statement of the mini catalog: 11 files. */
	tu_tmpdir(dir);
	tu_write(dir, "catalog.yaml", cat_yaml);
	size_t files = 0;
	for (char *at = strstr(stmts, "\n  - id: "); at; files++) {
		char *next = strstr(at + 1, "\n  - id: ");
		size_t len = next ? (size_t)(next - at) : strlen(at);
		char *body = malloc(len + 16);
		assert_non_null(body);
		memcpy(body, "statements:", 11);
		memcpy(body + 11, at, len);
		body[11 + len] = '\n';
		body[12 + len] = 0;
		snprintf(name, sizeof(name), "statements/s%02zu.yaml", files);
		tu_write(dir, name, body);
		free(body);
		at = next;
	}
	assert_int_equal(files, 11);
	struct hta_catalog one, many;
	struct hta_err err;
	hta_alloc_fail_after(LONG_MAX);
	int rc = hta_catalog_load(&one, dir, &err);
	hta_alloc_fail_after(-1);
	if (rc)
		fail_msg("one worker: %s", err.msg);
	for (int round = 0; round < 10; round++) {
		if (hta_catalog_load(&many, dir, &err))
			fail_msg("all cores: %s", err.msg);
		assert_int_equal(many.n_stmts, one.n_stmts);
		for (size_t i = 0; i < one.n_stmts; i++) {
			same_str("id", i, one.stmts[i].id, many.stmts[i].id);
			same_str("file", i, one.stmts[i].file, many.stmts[i].file);
			same_str("text", i, one.stmts[i].text, many.stmts[i].text);
			assert_int_equal(one.stmts[i].line, many.stmts[i].line);
			assert_int_equal(hta_catalog_find(&many, one.stmts[i].id), (long)i);
		}
		hta_catalog_free(&many);
	}
	hta_catalog_free(&one);
	/* Two broken files: the first by name is named, every time. */
	tu_write(dir, "statements/s03.yaml", "statements:\n  - id: T.X\n    bogus: 1\n");
	tu_write(dir, "statements/s08.yaml", "statements: [\n");
	char want[TU_PATH_MAX + 64];
	snprintf(want, sizeof(want), "%s/statements/s03.yaml:3:5: unknown key 'bogus' in statement",
		 dir);
	for (int round = 0; round < 20; round++) {
		hta_err_clear(&err);
		assert_int_equal(hta_catalog_load(&many, dir, &err), HTA_EINVAL);
		assert_string_equal(err.msg, want);
		assert_null(many.arena.head);
	}
	tu_rmtree(dir);
	free(cat_yaml);
	free(stmts);
}

int main(void)
{
	const struct CMUnitTest loop[] = {
		cmocka_unit_test(test_every_item_once),
		cmocka_unit_test(test_first_failure_wins),
		cmocka_unit_test(test_concurrent_failures),
		cmocka_unit_test(test_workers),
		cmocka_unit_test(test_injector_threads),
		cmocka_unit_test(test_arena_adopt),
		cmocka_unit_test(test_catalog_same_on_all_cores),
	};
	const struct CMUnitTest evidence[] = {
		cmocka_unit_test_setup_teardown(test_evidence_same_on_all_cores, tree_setup,
						tree_teardown),
		cmocka_unit_test_setup_teardown(test_evidence_first_error, tree_setup, tree_teardown),
	};
	int fails = cmocka_run_group_tests_name("par", loop, NULL, NULL);
	fails += cmocka_run_group_tests_name("par-evidence", evidence, ev_setup, ev_teardown);
	return fails;
}
