/*
 * par.h — a parallel loop for the library's independent per-item work:
 * parsing evidence manifests and catalog files, examining artifacts.
 *
 * The loop hands item indices out in increasing order from one atomic
 * cursor to a few workers: the calling thread plus up to one thread per
 * further CPU. Results must not depend on which worker took an item: each
 * item writes only its own output (and allocates from its worker's arena),
 * and the caller merges in item order once the loop is over. Failures are
 * settled the same way: the loop's answer is the failure of the item with
 * the lowest index, whatever the timing, so a run that finds two bad files
 * names the same one every time, the one a one-by-one loop would stop at.
 * Items after a known failure are skipped, as a sequential loop would
 * never reach them.
 */
#ifndef HTA_PAR_H
#define HTA_PAR_H

#include "hta/hta.h"

/* Never more workers than this, whatever the CPU count. */
#define HTA_PAR_MAX_WORKERS 16

/*
 * Work on item `i` as worker `worker` (0 .. workers-1; 0 is the calling
 * thread). Returns 0 or a negative HTA_E* status with `err` filled.
 */
typedef int (*hta_par_fn)(void *ctx, unsigned worker, size_t i, struct hta_err *err);

/* The CPUs this process may run on (sched_getaffinity), at least 1. */
unsigned hta_par_cpus(void);

/*
 * How many workers a loop over `n` items should use: one per CPU the
 * process may run on (sched_getaffinity; at most HTA_PAR_MAX_WORKERS), but
 * no more than leave each at least `min_per_worker` items (a thread costs
 * tens of microseconds to start), and 1 while an allocation fault is armed
 * (hta_alloc_injecting), so that fault-injection runs are deterministic.
 * Size per-worker state with it before calling hta_par_for.
 */
unsigned hta_par_workers(size_t n, size_t min_per_worker);

/*
 * Run fn(ctx, w, i) for every i in [0, n) on up to `workers` workers
 * (clamped to 1 .. HTA_PAR_MAX_WORKERS; when a thread cannot be started
 * the others do its share). Returns when every worker is done: 0 when
 * every item succeeded, else the status of the failing item with the
 * lowest index, with its message in `err` and its index in *failed_at
 * (NULL: not wanted; n when nothing failed). Items below that index have
 * all been done; items above it may or may not have been.
 */
int hta_par_for(unsigned workers, size_t n, hta_par_fn fn, void *ctx, size_t *failed_at,
		struct hta_err *err);

#endif
