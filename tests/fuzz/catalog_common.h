/*
 * catalog_common.h — the catalog harnesses' common body: load a catalog
 * directory and check what a loaded catalog promises (every id found by
 * hta_catalog_find at its own index, nested tiers, fields in range), then
 * export it as OSCAL.
 */
#ifndef HTA_FUZZ_CATALOG_COMMON_H
#define HTA_FUZZ_CATALOG_COMMON_H

#include "fuzz.h"
#include "hta/catalog.h"
#include "hta/report.h"

static inline void catalog_one(const char *dir)
{
	struct hta_catalog cat;
	struct hta_err err = { 0 };
	int rc = hta_catalog_load(&cat, dir, &err);
	if (rc) {
		FUZZ_ASSERT(rc == HTA_EINVAL || rc == HTA_ENOMEM || rc == HTA_EIO);
		FUZZ_ASSERT(err.msg[0] && !strchr(err.msg, '\n'));
		return;
	}
	FUZZ_ASSERT(cat.n_stmts > 0);
	for (size_t i = 0; i < cat.n_stmts; i++) {
		const struct hta_statement *st = &cat.stmts[i];
		FUZZ_ASSERT(hta_catalog_find(&cat, st->id) == (long)i);
		FUZZ_ASSERT(st->domain >= 1 && st->domain <= HTA_DOMAINS);
		FUZZ_ASSERT(st->effort >= 1 && st->effort <= 5);
		FUZZ_ASSERT(st->inheritable >= 0 && st->inheritable <= 100);
		FUZZ_ASSERT(!(st->tiers & 1u) || (st->tiers & 2u));
		FUZZ_ASSERT(!(st->tiers & 2u) || (st->tiers & 4u));
		FUZZ_ASSERT(hta_catalog_control(&cat, st->control) >= 0);
	}
	int sum = 0;
	for (int l = 0; l < HTA_LEVEL_COUNT; l++)
		sum += cat.settings.weight[l];
	FUZZ_ASSERT(sum == 100);
	for (int d = 1; d <= HTA_DOMAINS; d++)
		FUZZ_ASSERT(cat.domain_name[d] != NULL);
	struct hta_buf b = HTA_BUF_INIT;
	rc = hta_catalog_oscal(&cat, 0, &b, &err);
	FUZZ_ASSERT(rc == 0 || rc == HTA_EINVAL);
	hta_buf_free(&b);
	hta_catalog_free(&cat);
}

#endif
