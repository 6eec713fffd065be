/*
 * stale.h — evidence going stale (contract section 8.5): the claims that
 * count today but whose date turns stale (older than the catalog's
 * `stale_days`) within `stale_window_days` after as_of.
 */
#ifndef HTA_STALE_H
#define HTA_STALE_H

#include "hta/evidence.h"
#include "hta/deliver.h"

/*
 * Collect, from the evidence (after hta_evidence_check(): each statement's
 * union of manifests, ev->by_stmt) of every in-scope (pool[stmt] != 0),
 * not N/A statement, each claim at a level in `scored` that counts now
 * (its `own` result above 0, a date) and turns stale on a day in (as_of,
 * as_of + window]: the day is date + stale_days + 1. Each names the file
 * and line its date is written at (the manifest claiming the level, or
 * documents.yaml for a document's date) and the statement's owner,
 * whichever of its manifests sets it. Sorted soonest first, then by
 * owner, statement and level. The array and strings are allocated in
 * `arena`. Returns 0 or HTA_ENOMEM.
 */
int hta_stale_collect(const struct hta_evidence *ev, const struct hta_catalog *cat,
		      const unsigned char *pool, unsigned scored, int as_of, int window,
		      struct hta_arena *arena, struct hta_run_stale **out, size_t *n,
		      struct hta_err *err);

#endif
