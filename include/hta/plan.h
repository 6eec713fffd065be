/*
 * plan.h — the remediation plan: the cheapest set of gaps that lifts each
 * failing domain (and a failing AI Security pool) over its threshold,
 * found exactly by a 0/1 knapsack over the catalog's effort estimates;
 * then every gap ranked (contract section 4, rule 10). Pure, like score.h.
 */
#ifndef HTA_PLAN_H
#define HTA_PLAN_H

#include "hta/score.h"

/*
 * Rank the gaps of `n` scored statements (from hta_score_all): sets
 * out[i].rank (1..gaps) and rank_kind, pool plan_effort/plan_items, and
 * writes the gap indices in rank order to `order` (room for n; may be
 * NULL). `ids` (may be NULL) break ties in id order for a stable report.
 * Returns the number of gaps, or HTA_ENOMEM.
 */
long hta_plan(const struct hta_score_params *p, const struct hta_req_in *in,
	      struct hta_req_out *out, size_t n, struct hta_score_result *res,
	      const char *const *ids, size_t *order);

/*
 * The knapsack itself, exposed for testing: choose among `n` items (gain
 * in any unit, effort 1..) a subset whose gains reach `need` at the least
 * total effort (ties: the larger gain, then the earlier items). Marks
 * chosen[i]; returns the total effort, -1 when even every item falls
 * short (then all are chosen), or HTA_ENOMEM.
 */
long hta_knapsack(const int64_t *gain, const int *effort, size_t n, int64_t need,
		  bool *chosen);

/*
 * The knapsack with an alternative fix per item (gain2[i] for effort2[i];
 * gain2 NULL or gain2[i] <= 0: none), at most one of the two taken:
 * choice[i] is 0 (not taken), 1 (the full fix) or 2 (the alternative).
 * Returns the total effort, -1 when every item falls short (then each
 * takes its larger gain), or HTA_ENOMEM. The planner uses it with
 * inheritance as the alternative (contract 8.5).
 */
long hta_knapsack2(const int64_t *gain, const int *effort, const int64_t *gain2,
		   const int *effort2, size_t n, int64_t need, unsigned char *choice);

#endif
