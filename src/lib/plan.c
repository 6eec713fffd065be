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

/*
 * The knapsack with a second, alternative way to close each item (gain2
 * for effort2; gain2 0: none): at most one of the two is taken. choice[i]
 * is 0 (not taken), 1 (the full fix) or 2 (the alternative). At equal gain
 * the full fix is kept.
 */
long hta_knapsack2(const int64_t *gain, const int *effort, const int64_t *gain2,
		   const int *effort2, size_t n, int64_t need, unsigned char *choice)
{
	size_t total = 0;
	int64_t all = 0;
	for (size_t i = 0; i < n; i++) {
		choice[i] = 0;
		size_t c1 = (size_t)(effort[i] > 0 ? effort[i] : 1);
		size_t c2 = gain2 && gain2[i] > 0 ? (size_t)(effort2[i] > 0 ? effort2[i] : 1) : 0;
		total += c1 > c2 ? c1 : c2;
		all += gain2 && gain2[i] > gain[i] ? gain2[i] : gain[i];
	}
	if (need <= 0)
		return 0;
	if (all < need) {
		for (size_t i = 0; i < n; i++)
			choice[i] = gain2 && gain2[i] > gain[i] ? 2 : 1;
		return -1;
	}
	size_t cols = total + 1;
	int64_t *best = hta_malloc(cols * sizeof(*best));
	int64_t *prev = hta_malloc(cols * sizeof(*prev));
	unsigned char *take = n ? hta_calloc(n, cols) : NULL;
	if (!best || !prev || (n && !take)) {
		hta_free(best);
		hta_free(prev);
		hta_free(take);
		return HTA_ENOMEM;
	}
	best[0] = 0;
	for (size_t e = 1; e < cols; e++)
		best[e] = -1; /* unreachable */
	for (size_t i = 0; i < n; i++) {
		memcpy(prev, best, cols * sizeof(*best));
		for (int opt = 1; opt <= 2; opt++) {
			int64_t g = opt == 1 ? gain[i] : gain2 ? gain2[i] : 0;
			if (opt == 2 && g <= 0)
				continue;
			int ef = opt == 1 ? effort[i] : effort2[i];
			size_t c = (size_t)(ef > 0 ? ef : 1);
			for (size_t e = c; e < cols; e++) {
				if (prev[e - c] < 0)
					continue;
				if (prev[e - c] + g > best[e]) {
					best[e] = prev[e - c] + g;
					take[i * cols + e] = (unsigned char)opt;
				}
			}
		}
	}
	size_t e = 0;
	while (e < cols && best[e] < need)
		e++;
	long cost = (long)e;
	for (size_t i = n; i-- > 0 && e > 0;) {
		unsigned char t = take[i * cols + e];
		if (t) {
			choice[i] = t;
			int ef = t == 1 ? effort[i] : effort2[i];
			e -= (size_t)(ef > 0 ? ef : 1);
		}
	}
	hta_free(best);
	hta_free(prev);
	hta_free(take);
	return cost;
}

long hta_knapsack(const int64_t *gain, const int *effort, size_t n, int64_t need,
		  bool *chosen)
{
	unsigned char *choice = hta_malloc(n ? n : 1);
	if (!choice)
		return HTA_ENOMEM;
	long cost = hta_knapsack2(gain, effort, NULL, NULL, n, need, choice);
	for (size_t i = 0; i < n; i++)
		chosen[i] = choice[i] != 0;
	hta_free(choice);
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

/* The alternative fix of gap i: inheriting, where it is cheaper. */
static bool can_inherit(const struct hta_req_in *in)
{
	int ie = in->inherit_effort > 0 ? in->inherit_effort : 1;
	int fe = in->effort > 0 ? in->effort : 1;
	return in->inherit_gain > 0 && ie < fe;
}

static int plan_pool(const struct hta_req_in *in, struct hta_req_out *out, size_t n,
		     struct hta_score_result *res, struct hta_pool_out *po)
{
	size_t m = 0;
	for (size_t i = 0; i < n; i++)
		m += out[i].gap && failing_pool(res, &in[i]) == po;
	size_t k1 = m ? m : 1;
	size_t *idx = hta_malloc(k1 * sizeof(*idx));
	int64_t *gain = hta_malloc(k1 * sizeof(*gain)), *gain2 = hta_malloc(k1 * sizeof(*gain2));
	int *effort = hta_malloc(k1 * sizeof(*effort)), *effort2 = hta_malloc(k1 * sizeof(*effort2));
	unsigned char *choice = hta_malloc(k1);
	int rc = 0;
	if (!idx || !gain || !gain2 || !effort || !effort2 || !choice) {
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
		gain2[m] = can_inherit(&in[i]) ? in[i].inherit_gain : 0;
		effort2[m] = in[i].inherit_effort > 0 ? in[i].inherit_effort : 1;
		m++;
	}
	int64_t need = (int64_t)po->threshold * HTA_SCORE_UNIT * po->count - po->sum;
	long cost = hta_knapsack2(gain, effort, gain2, effort2, m, need, choice);
	if (cost == HTA_ENOMEM) {
		rc = HTA_ENOMEM;
		goto done;
	}
	po->plan_effort = 0;
	po->plan_items = 0;
	for (size_t k = 0; k < m; k++) {
		if (!choice[k])
			continue;
		out[idx[k]].rank_kind = HTA_RANK_PLAN;
		out[idx[k]].fix_inherit = choice[k] == 2;
		po->plan_effort += choice[k] == 2 ? effort2[k] : effort[k];
		po->plan_items++;
	}
done:
	hta_free(idx);
	hta_free(gain);
	hta_free(gain2);
	hta_free(effort);
	hta_free(effort2);
	hta_free(choice);
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
		/* Outside a plan, inheriting is the fix when it gains more
		 * points per unit of effort (cross-multiplied, exact). */
		int fe = in[i].effort > 0 ? in[i].effort : 1;
		int ie = in[i].inherit_effort > 0 ? in[i].inherit_effort : 1;
		out[i].fix_inherit = out[i].gap && can_inherit(&in[i]) &&
				     (__int128)in[i].inherit_gain * fe >
					     (__int128)(out[i].ceiling - out[i].score) * ie;
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
		items[g].gain = out[i].fix_inherit ? in[i].inherit_gain : out[i].ceiling - out[i].score;
		items[g].effort = out[i].fix_inherit ? (in[i].inherit_effort > 0 ? in[i].inherit_effort : 1)
				  : in[i].effort > 0 ? in[i].effort : 1;
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
