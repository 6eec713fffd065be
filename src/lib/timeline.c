/*
 * timeline.c — list scheduling of the plan and the day each pool passes
 * (see hta/timeline.h).
 */
#include "hta/alloc.h"
#include "hta/timeline.h"

#include <stdlib.h>

void hta_timeline_schedule(struct hta_tl_item *it, size_t n, int start, int capacity)
{
	if (capacity < 1)
		capacity = 1;
	if (capacity > 64)
		capacity = 64;
	int free_on[64];
	for (int s = 0; s < capacity; s++)
		free_on[s] = start;
	for (size_t k = 0; k < n; k++) {
		if (it[k].wait_until > 0) { /* operating already: only time */
			it[k].stream = 0;
			it[k].start = it[k].done = start;
			it[k].ready = it[k].wait_until > start ? it[k].wait_until : start;
			continue;
		}
		int best = 0;
		for (int s = 1; s < capacity; s++)
			if (free_on[s] < free_on[best])
				best = s;
		int weeks = it[k].weeks < 0 ? 0 : it[k].weeks;
		int window = it[k].window < 0 ? 0 : it[k].window;
		it[k].stream = best + 1;
		it[k].start = free_on[best];
		it[k].done = it[k].start + weeks * 7;
		it[k].ready = it[k].done + window;
		free_on[best] = it[k].done;
	}
}

/* Sorting item indices by ready day (stable: the rank order breaks ties). */
struct by_ready {
	int ready;
	size_t k;
};

static int cmp_ready(const void *a, const void *b)
{
	const struct by_ready *x = a, *y = b;
	if (x->ready != y->ready)
		return x->ready < y->ready ? -1 : 1;
	return x->k < y->k ? -1 : x->k > y->k;
}

int hta_timeline_pass_day(const int *ready, const int64_t *gain, size_t n, int64_t need,
			  int start)
{
	if (need <= 0)
		return start;
	struct by_ready *v = hta_malloc((n ? n : 1) * sizeof(*v));
	if (!v)
		return -2; /* out of memory: never to be read as "never passes" */
	for (size_t k = 0; k < n; k++) {
		v[k].ready = ready[k];
		v[k].k = k;
	}
	qsort(v, n, sizeof(*v), cmp_ready);
	int day = -1;
	int64_t sum = 0;
	for (size_t k = 0; k < n; k++) {
		sum += gain[v[k].k];
		if (sum >= need) {
			day = v[k].ready;
			break;
		}
	}
	hta_free(v);
	return day;
}
