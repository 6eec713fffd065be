/*
 * soc2.h — SOC 2 reuse (contract section 8.5): the crosswalk from the
 * AICPA Trust Services Criteria to the catalog's statements
 * (`<catalog>/crosswalk/soc2.yaml`, built by this project; method and
 * limits in docs/soc2-crosswalk.md), and the candidate SOC 2 evidence of
 * each statement given the criteria a report carries exceptions for.
 * Advisory only: nothing here touches a score.
 */
#ifndef HTA_SOC2_H
#define HTA_SOC2_H

#include "hta/catalog.h"
#include "hta/scope.h"

struct hta_soc2_criterion {
	const char *id, *title;
	size_t *stmts;               /* catalog statement indices */
	size_t n_stmts;
};

struct hta_soc2 {
	struct hta_arena arena;
	const char *file;
	struct hta_soc2_criterion *crit;
	size_t n_crit;
};

/*
 * Load `<cat->dir>/crosswalk/soc2.yaml`: unknown keys, a duplicate or
 * malformed criterion id, an unknown statement id are errors with
 * FILE:LINE:COL. Free with hta_soc2_free().
 */
int hta_soc2_load(struct hta_soc2 *x, const struct hta_catalog *cat, struct hta_err *err);

void hta_soc2_free(struct hta_soc2 *x);

/* Index of criterion `id`, or -1. */
long hta_soc2_find(const struct hta_soc2 *x, const char *id);

/*
 * Check the scope's `soc2.exceptions` name criteria of the crosswalk (an
 * unknown id is an error at its position in the scope file), then write
 * for each statement i the candidate criteria, space-separated and in
 * crosswalk order, without those with exceptions, into out[i] (allocated
 * in `arena`; NULL when none). Returns 0, HTA_EINVAL or HTA_ENOMEM.
 */
int hta_soc2_candidates(const struct hta_soc2 *x, const struct hta_catalog *cat,
			const struct hta_scope *sc, struct hta_arena *arena, const char **out,
			struct hta_err *err);

#endif
