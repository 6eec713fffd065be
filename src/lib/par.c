/*
 * par.c — the parallel loop of hta/par.h.
 *
 * Why a loop and not a pool: each parallel phase of a run (manifests,
 * artifacts, catalog files) is one short burst of independent items, a
 * few milliseconds long; starting a thread costs tens of microseconds, so
 * the threads live for one loop and nothing has to be queued or woken.
 * The calling thread works too, so a one-worker loop starts no thread and
 * runs exactly the code a many-worker loop runs.
 */
#include "hta/alloc.h"
#include "hta/par.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <string.h>
#include <unistd.h>

unsigned hta_par_cpus(void)
{
	cpu_set_t set;
	if (sched_getaffinity(0, sizeof(set), &set) == 0 && CPU_COUNT(&set) > 0)
		return (unsigned)CPU_COUNT(&set);
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 ? (unsigned)n : 1;
}

unsigned hta_par_workers(size_t n, size_t min_per_worker)
{
	if (hta_alloc_injecting())
		return 1;
	unsigned nw = hta_par_cpus();
	if (nw > HTA_PAR_MAX_WORKERS)
		nw = HTA_PAR_MAX_WORKERS;
	size_t fit = min_per_worker ? n / min_per_worker : n;
	if (fit < nw)
		nw = (unsigned)fit;
	return nw ? nw : 1;
}

struct loop {
	hta_par_fn fn;
	void *ctx;
	size_t n;
	atomic_size_t next;      /* the next item to hand out */
	atomic_size_t first_bad; /* the lowest failing item so far; n: none */
};

struct worker {
	struct loop *l;
	unsigned id;
	pthread_t tid;
	size_t at; /* the item that failed; n: none */
	int rc;
	struct hta_err err;
};

static void run(struct worker *w)
{
	struct loop *l = w->l;
	for (;;) {
		/* Items come out in increasing order: once one is past a known
		 * failure, every later one is too, and every earlier one has
		 * been handed out already. */
		size_t i = atomic_fetch_add(&l->next, 1);
		if (i >= l->n || i > atomic_load(&l->first_bad))
			return;
		int rc = l->fn(l->ctx, w->id, i, &w->err);
		if (!rc)
			continue;
		w->at = i;
		w->rc = rc;
		size_t bad = atomic_load(&l->first_bad);
		while (i < bad && !atomic_compare_exchange_weak(&l->first_bad, &bad, i))
			;
		return;
	}
}

static void *thread_main(void *arg)
{
	run(arg);
	return NULL;
}

int hta_par_for(unsigned workers, size_t n, hta_par_fn fn, void *ctx, size_t *failed_at,
		struct hta_err *err)
{
	struct loop l = { .fn = fn, .ctx = ctx, .n = n };
	struct worker w[HTA_PAR_MAX_WORKERS];
	unsigned nw = workers < 1 ? 1 : workers > HTA_PAR_MAX_WORKERS ? HTA_PAR_MAX_WORKERS : workers;
	unsigned started = 1;
	atomic_init(&l.next, 0);
	atomic_init(&l.first_bad, n);
	for (unsigned k = 0; k < nw; k++) {
		w[k].l = &l;
		w[k].id = k;
		w[k].at = n;
		w[k].rc = 0;
		w[k].err.code = 0;
		w[k].err.msg[0] = 0;
	}
	/* Worker 0 is this thread; a thread that cannot be started leaves its
	 * share to the others. */
	for (; started < nw && (size_t)started < n; started++)
		if (pthread_create(&w[started].tid, NULL, thread_main, &w[started]) != 0)
			break;
	run(&w[0]);
	for (unsigned k = 1; k < started; k++)
		pthread_join(w[k].tid, NULL);
	struct worker *first = NULL;
	for (unsigned k = 0; k < started; k++)
		if (w[k].rc && (!first || w[k].at < first->at))
			first = &w[k];
	if (failed_at)
		*failed_at = first ? first->at : n;
	if (!first)
		return 0;
	if (err)
		*err = first->err;
	return first->rc;
}
