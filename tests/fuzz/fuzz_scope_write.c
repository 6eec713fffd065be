/*
 * fuzz_scope_write.c — the scope writer against its reader, on any input:
 * whatever hta_scope_load() accepts (against the mini catalog) is written
 * back with hta_scope_emit() and must read back to the same answers, and
 * write again to the same bytes. A scope the writer refuses must be one
 * that only reached the reader's limits once written (a value grown past
 * them when quoted, a file grown past them by its comments); anything
 * else is a bug.
 */
#include "fuzz.h"
#include "hta/scope.h"

static struct hta_catalog cat;
static char in_path[4096], out_path[4096];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	struct hta_err err = { 0 };
	if (hta_catalog_load(&cat, FUZZ_SRCDIR "/tests/fixtures/catalog-mini", &err)) {
		fprintf(stderr, "fuzz_scope_write: %s\n", err.msg);
		abort();
	}
	fuzz_path(in_path, sizeof(in_path), "in.yaml");
	fuzz_path(out_path, sizeof(out_path), "out.yaml");
	return 0;
}

static void str_same(const char *a, const char *b)
{
	FUZZ_ASSERT((!a && !b) || (a && b && strcmp(a, b) == 0));
}

static void same(const struct hta_scope *a, const struct hta_scope *b)
{
	str_same(a->organization, b->organization);
	str_same(a->assessment, b->assessment);
	FUZZ_ASSERT(a->has_as_of == b->has_as_of && (!a->has_as_of || a->as_of == b->as_of));
	FUZZ_ASSERT(a->tier == b->tier && a->measured_managed == b->measured_managed);
	FUZZ_ASSERT(a->addons == b->addons && a->compliance == b->compliance);
	for (size_t i = 0; i < cat.n_factors; i++) {
		FUZZ_ASSERT(a->factor_set[i] == b->factor_set[i]);
		FUZZ_ASSERT(!a->factor_set[i] || a->factor_value[i] == b->factor_value[i]);
	}
	FUZZ_ASSERT(a->has_ai == b->has_ai && (!a->has_ai || a->ai == b->ai));
	FUZZ_ASSERT(a->n_providers == b->n_providers);
	for (size_t i = 0; i < a->n_providers; i++) {
		str_same(a->providers[i].name, b->providers[i].name);
		FUZZ_ASSERT(a->providers[i].score_h == b->providers[i].score_h);
		str_same(a->providers[i].matrix_shown, b->providers[i].matrix_shown);
	}
	FUZZ_ASSERT(a->soc2.given == b->soc2.given);
	if (a->soc2.given) {
		FUZZ_ASSERT(a->soc2.period_end == b->soc2.period_end);
		FUZZ_ASSERT(a->soc2.n_exceptions == b->soc2.n_exceptions);
		for (size_t i = 0; i < a->soc2.n_exceptions; i++)
			str_same(a->soc2.exceptions[i], b->soc2.exceptions[i]);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct hta_scope a, b;
	struct hta_err err = { 0 };
	struct hta_buf w1 = HTA_BUF_INIT, w2 = HTA_BUF_INIT;
	fuzz_write(in_path, data, size);
	if (hta_scope_load(&a, &cat, in_path, "in.yaml", &err))
		return 0;
	int rc = hta_scope_emit(&w1, &a, &cat, "fuzz", &err);
	if (rc) {
		FUZZ_ASSERT(rc == HTA_EINVAL && (strstr(err.msg, "too large") ||
						 strstr(err.msg, "too many") ||
						 strstr(err.msg, "too long")));
		hta_scope_free(&a);
		return 0;
	}
	fuzz_write(out_path, w1.s, w1.len);
	rc = hta_scope_load(&b, &cat, out_path, "out.yaml", &err);
	if (rc) {
		fprintf(stderr, "written scope does not read back: %s\n---\n%.*s", err.msg,
			(int)w1.len, w1.s);
		FUZZ_ASSERT(rc == 0);
	}
	same(&a, &b);
	FUZZ_ASSERT(hta_scope_emit(&w2, &b, &cat, "fuzz", &err) == 0);
	FUZZ_ASSERT(w1.len == w2.len && memcmp(w1.s, w2.s, w1.len) == 0);
	hta_buf_free(&w1);
	hta_buf_free(&w2);
	hta_scope_free(&a);
	hta_scope_free(&b);
	return 0;
}
