/*
 * plan.c — the cheapest certification path and the ranking of gaps.
 *
 * Each failing domain needs its gap sum raised by
 *   deficit = threshold * count - sum            (HTA_SCORE_UNIT)
 * and closing gap i gains (ceiling_i - score_i) at a cost of effort_i.
 * The least-effort subset reaching the deficit is a 0/1 knapsack over
 * effort (efforts are small integers): best[e] is the largest gain at
 * total effort e, kept with a choice table to rebuild the set.
 */
#include "hta/alloc.h"
#include "hta/plan.h"

#include <stdlib.h>
#include <string.h>

long hta_knapsack(const int64_t *gain, const int *effort, size_t n, int64_t need,
		  bool *chosen)
{
	size_t total = 0;
	for (size_t i = 0; i < n; i++) {
		chosen[i] = false;
		total += (size_t)(effort[i] > 0 ? effort[i] : 1);
	}
	if (need <= 0)
		return 0;
	int64_t all = 0;
	for (size_t i = 0; i < n; i++)
		all += gain[i];
	if (all < need) {
		for (size_t i = 0; i < n; i++)
			chosen[i] = true;
		return -1;
	}
	size_t cols = total + 1;
	int64_t *best = hta_malloc(cols * sizeof(*best));
	unsigned char *take = n ? hta_calloc(n, cols) : NULL;
	if (!best || (n && !take)) {
		hta_free(best);
		hta_free(take);
		return HTA_ENOMEM;
	}
	best[0] = 0;
	for (size_t e = 1; e < cols; e++)
		best[e] = -1; /* unreachable */
	for (size_t i = 0; i < n; i++) {
		size_t c = (size_t)(effort[i] > 0 ? effort[i] : 1);
		for (size_t e = cols - 1; e >= c; e--) {
			if (best[e - c] < 0)
				continue;
			int64_t g = best[e - c] + gain[i];
			if (g > best[e]) {
				best[e] = g;
				take[i * cols + e] = 1;
			}
		}
	}
	size_t e = 0;
	while (e < cols && best[e] < need)
		e++;
	long cost = (long)e;
	for (size_t i = n; i-- > 0 && e > 0;) {
		if (take[i * cols + e]) {
			chosen[i] = true;
			e -= (size_t)(effort[i] > 0 ? effort[i] : 1);
		}
	}
	hta_free(best);
	hta_free(take);
	return cost;
}

/* Sort context for ranking. */
struct rank_item {
	size_t i;
	int kind;
	int64_t gain;
	int effort;
	const char *id;
};

static int cmp_rank(const void *a, const void *b)
{
	const struct rank_item *x = a, *y = b;
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	if (x->kind == HTA_RANK_CAP) {
		/* CAPs: the most points lost first. */
		if (x->gain != y->gain)
			return x->gain > y->gain ? -1 : 1;
	} else {
		/* Points gained per unit of effort: compare gain_x/eff_x with
		 * gain_y/eff_y by cross-multiplying (exact). */
		__int128 l = (__int128)x->gain * y->effort, r = (__int128)y->gain * x->effort;
		if (l != r)
			return l > r ? -1 : 1;
	}
	if (x->id && y->id) {
		int c = strcmp(x->id, y->id);
		if (c)
			return c;
	}
	return x->i < y->i ? -1 : x->i > y->i;
}

static struct hta_pool_out *failing_pool(struct hta_score_result *res, const struct hta_req_in *in)
{
	struct hta_pool_out *po = NULL;
	if (in->pool == HTA_POOL_DOMAIN && in->domain >= 1 && in->domain <= HTA_DOMAINS)
		po = &res->domain[in->domain];
	else if (in->pool == HTA_POOL_AI_SECURITY)
		po = &res->ai_security;
	return po && po->scored && po->threshold && !po->passed ? po : NULL;
}

static int plan_pool(const struct hta_req_in *in, struct hta_req_out *out, size_t n,
		     struct hta_score_result *res, struct hta_pool_out *po)
{
	size_t m = 0;
	for (size_t i = 0; i < n; i++)
		m += out[i].gap && failing_pool(res, &in[i]) == po;
	size_t *idx = hta_malloc((m ? m : 1) * sizeof(*idx));
	int64_t *gain = hta_malloc((m ? m : 1) * sizeof(*gain));
	int *effort = hta_malloc((m ? m : 1) * sizeof(*effort));
	bool *chosen = hta_malloc((m ? m : 1) * sizeof(*chosen));
	int rc = 0;
	if (!idx || !gain || !effort || !chosen) {
		rc = HTA_ENOMEM;
		goto done;
	}
	m = 0;
	for (size_t i = 0; i < n; i++) {
		if (!out[i].gap || failing_pool(res, &in[i]) != po)
			continue;
		idx[m] = i;
		gain[m] = out[i].ceiling - out[i].score;
		effort[m] = in[i].effort > 0 ? in[i].effort : 1;
		m++;
	}
	int64_t need = (int64_t)po->threshold * HTA_SCORE_UNIT * po->count - po->sum;
	long cost = hta_knapsack(gain, effort, m, need, chosen);
	if (cost == HTA_ENOMEM) {
		rc = HTA_ENOMEM;
		goto done;
	}
	po->plan_effort = 0;
	po->plan_items = 0;
	for (size_t k = 0; k < m; k++) {
		if (!chosen[k])
			continue;
		out[idx[k]].rank_kind = HTA_RANK_PLAN;
		po->plan_effort += effort[k];
		po->plan_items++;
	}
done:
	hta_free(idx);
	hta_free(gain);
	hta_free(effort);
	hta_free(chosen);
	return rc;
}

long hta_plan(const struct hta_score_params *p, const struct hta_req_in *in,
	      struct hta_req_out *out, size_t n, struct hta_score_result *res,
	      const char *const *ids, size_t *order)
{
	(void)p;
	for (size_t i = 0; i < n; i++) {
		out[i].rank = 0;
		out[i].rank_kind = out[i].gap ? (out[i].cap ? HTA_RANK_CAP : HTA_RANK_VALUE)
					      : HTA_RANK_NONE;
	}
	for (int d = 1; d <= HTA_DOMAINS; d++) {
		struct hta_pool_out *po = &res->domain[d];
		if (po->scored && po->threshold && !po->passed && plan_pool(in, out, n, res, po))
			return HTA_ENOMEM;
	}
	if (res->ai_security.scored && !res->ai_security.passed &&
	    plan_pool(in, out, n, res, &res->ai_security))
		return HTA_ENOMEM;

	size_t g = 0;
	for (size_t i = 0; i < n; i++)
		g += out[i].gap;
	struct rank_item *items = hta_malloc((g ? g : 1) * sizeof(*items));
	if (!items)
		return HTA_ENOMEM;
	g = 0;
	for (size_t i = 0; i < n; i++) {
		if (!out[i].gap)
			continue;
		items[g].i = i;
		items[g].kind = out[i].rank_kind;
		items[g].gain = out[i].ceiling - out[i].score;
		items[g].effort = in[i].effort > 0 ? in[i].effort : 1;
		items[g].id = ids ? ids[i] : NULL;
		g++;
	}
	qsort(items, g, sizeof(*items), cmp_rank);
	for (size_t k = 0; k < g; k++) {
		out[items[k].i].rank = (int)k + 1;
		if (order)
			order[k] = items[k].i;
	}
	hta_free(items);
	return (long)g;
}
