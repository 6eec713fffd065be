/*
 * fuzz_scope.c — scope.yaml: hta_scope_load() against the mini catalog,
 * then the r2 completeness check and statement selection for every tier
 * and add-on combination.
 */
#include "fuzz.h"
#include "hta/scope.h"

static struct hta_catalog cat;
static char path[4096];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	struct hta_err err = { 0 };
	if (hta_catalog_load(&cat, FUZZ_SRCDIR "/tests/fixtures/catalog-mini", &err)) {
		fprintf(stderr, "fuzz_scope: %s\n", err.msg);
		abort();
	}
	fuzz_path(path, sizeof(path), "scope.yaml");
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_write(path, data, size);
	struct hta_scope sc;
	struct hta_err err = { 0 };
	int rc = hta_scope_load(&sc, &cat, path, "scope.yaml", &err);
	if (rc) {
		FUZZ_ASSERT(rc == HTA_EINVAL || rc == HTA_ENOMEM || rc == HTA_EIO);
		FUZZ_ASSERT(err.msg[0] && !strchr(err.msg, '\n'));
		return 0;
	}
	unsigned char pool[64];
	FUZZ_ASSERT(cat.n_stmts <= sizeof(pool));
	for (int t = 0; t < HTA_TIER_COUNT; t++) {
		if (hta_scope_check(&sc, &cat, (enum hta_tier)t, &err))
			FUZZ_ASSERT(t == HTA_TIER_R2 && !strchr(err.msg, '\n'));
		for (unsigned a = 0; a < 4; a++) {
			size_t n = hta_select(&cat, &sc, (enum hta_tier)t, a, pool);
			FUZZ_ASSERT(n <= cat.n_stmts);
		}
	}
	for (size_t i = 0; i < sc.n_providers; i++) {
		FUZZ_ASSERT(sc.providers[i].score_h >= 0 && sc.providers[i].score_h <= 10000);
		FUZZ_ASSERT(hta_scope_provider(&sc, sc.providers[i].name) >= 0);
	}
	hta_scope_free(&sc);
	return 0;
}
