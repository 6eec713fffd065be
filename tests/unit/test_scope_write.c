/*
 * test_scope_write.c — hta_scope_emit(): what it writes, hta_scope_load()
 * reads back as the same answers (every field, on the mini and the
 * shipped catalog): the all-unanswered skeleton, the lowest- and
 * highest-risk answers, 300 random answer sets, hostile strings. Every
 * question stays as a comment, a hostile question cannot break out of its
 * comment, refused values append nothing, and every allocation failure
 * leaves the buffer as it was.
 */
#include "testutil.h"

#include "hta/alloc.h"
#include "hta/catalog.h"
#include "hta/scope.h"

#include <stdlib.h>

struct fx {
	struct hta_catalog mini, shipped;
	char dir[TU_PATH_MAX];
};

static int setup(void **state)
{
	static struct fx f;
	char p[TU_PATH_MAX];
	struct hta_err err;
	if (hta_catalog_load(&f.mini, tu_src_path(p, "tests/fixtures/catalog-mini"), &err) ||
	    hta_catalog_load(&f.shipped, tu_src_path(p, "controls"), &err)) {
		fprintf(stderr, "cannot load a catalog: %s\n", err.msg);
		return -1;
	}
	tu_tmpdir(f.dir);
	*state = &f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	hta_catalog_free(&f->mini);
	hta_catalog_free(&f->shipped);
	tu_rmtree(f->dir);
	return 0;
}

static bool str_eq(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

/* Every answer of `a` equals `b`'s (the file name and positions aside). */
static void assert_same(const struct hta_scope *a, const struct hta_scope *b,
			const struct hta_catalog *cat)
{
	assert_true(str_eq(a->organization, b->organization));
	assert_true(str_eq(a->assessment, b->assessment));
	assert_int_equal(a->has_as_of, b->has_as_of);
	if (a->has_as_of)
		assert_int_equal(a->as_of, b->as_of);
	assert_int_equal(a->tier, b->tier);
	assert_int_equal(a->measured_managed, b->measured_managed);
	assert_int_equal(a->addons, b->addons);
	for (size_t i = 0; i < cat->n_factors; i++) {
		assert_int_equal(a->factor_set[i], b->factor_set[i]);
		if (a->factor_set[i])
			assert_int_equal(a->factor_value[i], b->factor_value[i]);
	}
	assert_true(a->compliance == b->compliance);
	assert_int_equal(a->has_ai, b->has_ai);
	if (a->has_ai)
		assert_int_equal(a->ai, b->ai);
	assert_int_equal(a->n_providers, b->n_providers);
	for (size_t i = 0; i < a->n_providers; i++) {
		assert_string_equal(a->providers[i].name, b->providers[i].name);
		assert_int_equal(a->providers[i].score_h, b->providers[i].score_h);
		assert_true(str_eq(a->providers[i].matrix_shown, b->providers[i].matrix_shown));
	}
	assert_int_equal(a->soc2.given, b->soc2.given);
	if (a->soc2.given) {
		assert_int_equal(a->soc2.period_end, b->soc2.period_end);
		assert_int_equal(a->soc2.n_exceptions, b->soc2.n_exceptions);
		for (size_t i = 0; i < a->soc2.n_exceptions; i++)
			assert_string_equal(a->soc2.exceptions[i], b->soc2.exceptions[i]);
	}
}

/* Emit `sc`, write it to a file, load it back and compare; returns the text (malloc'd). */
static char *round_trip(struct fx *f, const struct hta_catalog *cat, const struct hta_scope *sc)
{
	struct hta_buf b = HTA_BUF_INIT;
	struct hta_err err = { 0 };
	char path[TU_PATH_MAX];
	struct hta_scope back;
	if (hta_scope_emit(&b, sc, cat, "a header\nof two lines", &err))
		fail_msg("emit: %s", err.msg);
	tu_join(path, f->dir, "scope.yaml");
	FILE *fp = fopen(path, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(b.s, 1, b.len, fp), b.len);
	fclose(fp);
	if (hta_scope_load(&back, cat, path, path, &err))
		fail_msg("load: %s\n---\n%.*s", err.msg, (int)b.len, b.s);
	assert_same(sc, &back, cat);
	hta_scope_free(&back);
	char *text = strndup(b.s, b.len);
	hta_buf_free(&b);
	return text;
}

/* No factor answered, nothing given: the skeleton still carries every question. */
static void test_unanswered_skeleton(void **state)
{
	struct fx *f = *state;
	const struct hta_catalog *cats[] = { &f->mini, &f->shipped };
	for (size_t c = 0; c < 2; c++) {
		struct hta_scope sc;
		struct hta_err err;
		assert_int_equal(hta_scope_init(&sc, cats[c], &err), 0);
		char *text = round_trip(f, cats[c], &sc);
		assert_non_null(strstr(text, "# a header\n# of two lines\n"));
		for (size_t i = 0; i < cats[c]->n_factors; i++) {
			char want[512];
			snprintf(want, sizeof(want), "  # %.400s", cats[c]->factors[i].question);
			assert_non_null(strstr(text, want));
			snprintf(want, sizeof(want), "  # %s: (not answered yet", cats[c]->factors[i].name);
			assert_non_null(strstr(text, want));
		}
		assert_non_null(strstr(text, "\nfactors: {}\n"));
		assert_non_null(strstr(text, "# as_of: YYYY-MM-DD"));
		assert_non_null(strstr(text, "# ai:"));
		free(text);
		hta_scope_free(&sc);
	}
}

/* The lowest- and highest-risk answers, as init and `catalog stats` make them. */
static void test_extremes(void **state)
{
	struct fx *f = *state;
	const struct hta_catalog *cat = &f->shipped;
	for (int e = HTA_SCOPE_LOWEST; e <= HTA_SCOPE_HIGHEST; e++) {
		struct hta_scope sc;
		struct hta_err err;
		assert_int_equal(hta_scope_init(&sc, cat, &err), 0);
		hta_scope_extreme(&sc, cat, (enum hta_scope_extreme)e);
		sc.tier = HTA_TIER_R2;
		sc.organization = "Example Organization";
		sc.assessment = "r2 readiness";
		sc.has_ai = e != HTA_SCOPE_LOWEST;
		sc.addons = e == HTA_SCOPE_LOWEST ? 0 : HTA_WITH_AI_SECURITY | HTA_WITH_AI_RISK;
		char *text = round_trip(f, cat, &sc);
		/* Every factor's answer is on a line of its own, question above it. */
		for (size_t i = 0; i < cat->n_factors; i++) {
			char want[512];
			snprintf(want, sizeof(want), "\n  # %.300s", cat->factors[i].question);
			const char *q = strstr(text, want);
			assert_non_null(q);
			const char *eol = strchr(q + 1, '\n');
			assert_non_null(eol);
			snprintf(want, sizeof(want), "  %s: ", cat->factors[i].name);
			assert_memory_equal(eol + 1, want, strlen(want));
		}
		free(text);
		hta_scope_free(&sc);
	}
}

/* Random answers (fixed seed): factors set or not, any value, any compliance and AI. */
static void test_random_answers(void **state)
{
	struct fx *f = *state;
	static const char *const orgs[] = { "Acme", "yes", "null", "0123", "# not a comment",
					    "key: value", "line\nbreak", "tab\there", "quote \" '",
					    "naïve — ünïcödé", "trailing ", " leading", "[x]", "{y}",
					    "a\xe2\x80\xa8" "b" };
	srand(9);
	for (int it = 0; it < 300; it++) {
		const struct hta_catalog *cat = it % 3 ? &f->shipped : &f->mini;
		struct hta_scope sc;
		struct hta_err err;
		assert_int_equal(hta_scope_init(&sc, cat, &err), 0);
		for (size_t i = 0; i < cat->n_factors; i++) {
			sc.factor_set[i] = rand() % 4 != 0;
			sc.factor_value[i] = cat->factors[i].is_integer
						     ? (rand() % 2 ? rand() % 100000
								   : (long long)(rand() % 1000000000) * 1000000LL)
						     : rand() % 2;
		}
		sc.compliance = (uint64_t)rand() & ((1ull << cat->n_compliance) - 1);
		sc.has_ai = rand() % 2;
		sc.ai = (unsigned)rand() & ((1u << HTA_AI_COUNT) - 1);
		sc.addons = (unsigned)rand() % 4;
		sc.tier = (enum hta_tier)(rand() % 4 - 1);
		sc.measured_managed = rand() % 2;
		sc.organization = rand() % 5 ? orgs[rand() % (sizeof(orgs) / sizeof(orgs[0]))] : NULL;
		sc.assessment = rand() % 2 ? orgs[rand() % (sizeof(orgs) / sizeof(orgs[0]))] : NULL;
		sc.has_as_of = rand() % 2;
		sc.as_of = rand() % 40000 - 5000;
		struct hta_provider prov[3] = {
			{ .name = "aws", .score_h = 10000 },
			{ .name = "my cloud: yes", .score_h = 9925, .matrix_shown = "m atrix.csv" },
			{ .name = "null", .score_h = 50, .matrix_shown = "/abs/x.csv" },
		};
		sc.providers = prov;
		sc.n_providers = (size_t)(rand() % 4);
		const char *exc[] = { "CC6.1", "CC7.2", "yes" };
		sc.soc2.given = rand() % 2;
		sc.soc2.period_end = 20000 + rand() % 1000;
		sc.soc2.exceptions = exc;
		sc.soc2.n_exceptions = (size_t)(rand() % 4);
		free(round_trip(f, cat, &sc));
		sc.providers = NULL;
		sc.soc2.exceptions = NULL;
		hta_scope_free(&sc);
	}
}

/* A catalog question that tries to end its comment stays a comment. */
static void test_hostile_question(void **state)
{
	struct fx *f = *state;
	struct hta_catalog *cat = &f->mini;
	const char *saved = cat->factors[0].question;
	cat->factors[0].question = "evil?\nrecords_held: 999\rusers: 5\xc2\x85tier: e1\xe2\x80\xa8x\x01";
	struct hta_scope sc;
	struct hta_err err;
	assert_int_equal(hta_scope_init(&sc, cat, &err), 0);
	hta_scope_extreme(&sc, cat, HTA_SCOPE_LOWEST);
	free(round_trip(f, cat, &sc));
	hta_scope_free(&sc);
	cat->factors[0].question = saved;
}

/* Values the reader would refuse are refused, and nothing is appended. */
static void test_refused(void **state)
{
	struct fx *f = *state;
	struct hta_scope sc;
	struct hta_err err;
	struct hta_buf b = HTA_BUF_INIT;
	hta_buf_puts(&b, "kept");
	assert_int_equal(hta_scope_init(&sc, &f->mini, &err), 0);
	sc.organization = "  ";
	assert_int_equal(hta_scope_emit(&b, &sc, &f->mini, NULL, &err), HTA_EINVAL);
	assert_non_null(strstr(err.msg, "organization"));
	assert_int_equal(b.len, 4);
	sc.organization = "bad \xff utf-8";
	assert_int_equal(hta_scope_emit(&b, &sc, &f->mini, NULL, &err), HTA_EINVAL);
	assert_int_equal(b.len, 4);
	sc.organization = NULL;
	sc.has_as_of = true;
	sc.as_of = 4000000; /* after 9999-12-31 */
	assert_int_equal(hta_scope_emit(&b, &sc, &f->mini, NULL, &err), HTA_EINVAL);
	assert_int_equal(b.len, 4);
	hta_buf_free(&b);
	hta_scope_free(&sc);
}

/* Each allocation failing in turn: the whole file, or HTA_ENOMEM and the buffer as it was. */
static void test_alloc_failures(void **state)
{
	struct fx *f = *state;
	struct hta_scope sc;
	struct hta_err err;
	struct hta_buf want = HTA_BUF_INIT;
	assert_int_equal(hta_scope_init(&sc, &f->shipped, &err), 0);
	hta_scope_extreme(&sc, &f->shipped, HTA_SCOPE_HIGHEST);
	sc.has_ai = true;
	sc.organization = "Acme";
	assert_int_equal(hta_scope_emit(&want, &sc, &f->shipped, "h", &err), 0);
	int failures = 0;
	for (long k = 0; k < 100000; k++) {
		struct hta_buf b = HTA_BUF_INIT;
		hta_buf_puts(&b, "kept");
		hta_alloc_fail_once(k);
		int rc = hta_scope_emit(&b, &sc, &f->shipped, "h", &err);
		hta_alloc_fail_after(-1);
		if (rc) {
			assert_int_equal(rc, HTA_ENOMEM);
			assert_true(b.failed || b.len == 4);
			failures++;
		} else {
			assert_int_equal(b.len, want.len + 4);
			assert_memory_equal(b.s + 4, want.s, want.len);
		}
		hta_buf_free(&b);
		if (!rc)
			break;
	}
	assert_true(failures > 5);
	hta_buf_free(&want);
	hta_scope_free(&sc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unanswered_skeleton),
		cmocka_unit_test(test_extremes),
		cmocka_unit_test(test_random_answers),
		cmocka_unit_test(test_hostile_question),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_alloc_failures),
	};
	return cmocka_run_group_tests_name("scope write", tests, setup, teardown);
}
