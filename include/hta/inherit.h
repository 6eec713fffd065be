/*
 * inherit.h — inheritance opportunities (contract section 8.5): for every
 * gap whose statement a declared provider can cover and whose manifest
 * does not inherit yet, the points recovered by inheriting at the largest
 * allowed weight, with the contract's rule 4.5 arithmetic (exact, as
 * score.h). Pure: arrays in, arrays out.
 */
#ifndef HTA_INHERIT_H
#define HTA_INHERIT_H

#include "hta/score.h"

/* One declared provider: its score and its matrix (indexed like `in`). */
struct hta_inherit_src {
	int provider_h;              /* the provider's score, hundredths */
	const unsigned char *resp;   /* enum hta_resp per statement */
	const unsigned char *weight; /* largest inheritable weight per statement */
};

/* The best opportunity of one statement. */
struct hta_inherit_opt {
	int src;                     /* index into the sources; -1: none */
	int weight, resp;
	int64_t gain;                /* HTA_SCORE_UNIT; > 0 when src >= 0 */
};

/*
 * For each of the `n` scored statements (from hta_score_all): when it is a
 * gap, does not inherit yet (in[i].weight == 0) and some source allows a
 * weight above 0, score it again as inheriting that weight from that
 * provider (its own levels unchanged; a statement without a manifest as if
 * a manifest claimed nothing but the inheritance) and keep the source that
 * recovers the most points (ties: the first). opt[i].src is -1 otherwise.
 */
void hta_inherit_find(const struct hta_score_params *p, const struct hta_req_in *in,
		      const struct hta_req_out *out, size_t n,
		      const struct hta_inherit_src *src, size_t n_src,
		      struct hta_inherit_opt *opt);

/*
 * Whether a failing pool would pass if `gain` (HTA_SCORE_UNIT) were added
 * to its sum, with the exact comparison of score.h. False for a pool that
 * passes already or has no verdict.
 */
bool hta_inherit_lifts(const struct hta_pool_out *po, int64_t gain);

#endif
