/*
 * inherit.c — inheritance opportunities (see hta/inherit.h). Each
 * candidate is re-scored with hta_score_req(), so the recovered points
 * follow exactly the rules that score the run: the blend of every scored
 * level, the r2 ceiling, managed capped at measured.
 */
#include "hta/inherit.h"

#include <string.h>

void hta_inherit_find(const struct hta_score_params *p, const struct hta_req_in *in,
		      const struct hta_req_out *out, size_t n,
		      const struct hta_inherit_src *src, size_t n_src,
		      struct hta_inherit_opt *opt)
{
	for (size_t i = 0; i < n; i++) {
		opt[i].src = -1;
		opt[i].weight = 0;
		opt[i].resp = 0;
		opt[i].gain = 0;
		if (!out[i].gap || out[i].status == HTA_ST_NA ||
		    (in[i].has_manifest && in[i].weight > 0))
			continue;
		for (size_t s = 0; s < n_src; s++) {
			int w = src[s].weight[i];
			if (w <= 0)
				continue;
			struct hta_req_in t = in[i];
			struct hta_req_out o;
			if (!t.has_manifest) /* a new manifest would claim nothing else */
				memset(t.own, 0, sizeof(t.own));
			t.has_manifest = true;
			t.na = false;
			t.weight = w > 100 ? 100 : w;
			t.provider_h = src[s].provider_h;
			hta_score_req(p, &t, &o);
			int64_t g = o.score - out[i].score;
			if (g > opt[i].gain) {
				opt[i].src = (int)s;
				opt[i].weight = t.weight;
				opt[i].resp = src[s].resp[i];
				opt[i].gain = g;
			}
		}
	}
}

bool hta_inherit_lifts(const struct hta_pool_out *po, int64_t gain)
{
	if (!po->scored || !po->threshold || po->passed)
		return false;
	return po->sum + gain >= (int64_t)po->threshold * HTA_SCORE_UNIT * po->count;
}
