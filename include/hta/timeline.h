/*
 * timeline.h — when the plan could be done (contract section 8.5): the
 * gaps, in rank order, scheduled on N parallel workstreams from a start
 * date; each fix takes the weeks its effort maps to (catalog
 * `effort_weeks`), then must operate for its maturity window (catalog
 * `maturity_days`) before it counts. Pure: arrays in, arrays out; dates
 * are days since 1970-01-01 (date.h).
 */
#ifndef HTA_TIMELINE_H
#define HTA_TIMELINE_H

#include <stddef.h>
#include <stdint.h>

struct hta_tl_item {
	int weeks;       /* in: how long the fix takes */
	int window;      /* in: days the fixed level must operate before it counts */
	int wait_until;  /* in: > 0 for a control already in place that only has
			  * to operate longer (too recent): the day it counts;
			  * it takes no workstream (stream 0) */
	int stream;      /* out: workstream 1..capacity */
	int start, done; /* out: the fix's first day, the day it is done */
	int ready;       /* out: done + window: the day it counts */
};

/*
 * Schedule `n` items in the order given (rank order) on `capacity` (>= 1)
 * workstreams from day `start`: each item goes to the workstream that is
 * free first (the lowest-numbered on a tie), starts when it is free, and
 * is done weeks * 7 days later; the next item on that workstream starts
 * on that day. An item with wait_until > 0 needs no work: it starts and is
 * done on `start` and is ready on wait_until (or `start`, if later).
 */
void hta_timeline_schedule(struct hta_tl_item *it, size_t n, int start, int capacity);

/*
 * The earliest day a pool whose sum falls `need` (HTA_SCORE_UNIT) short of
 * its threshold passes, when item k adds gain[k] on day ready[k]: the
 * ready day of the item whose gain, added in order of ready days, first
 * covers `need`. `start` when need <= 0; -1 when all of them fall short;
 * -2 when memory ran out (the caller fails with HTA_ENOMEM).
 */
int hta_timeline_pass_day(const int *ready, const int64_t *gain, size_t n, int64_t need,
			  int start);

#endif
