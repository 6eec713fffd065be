/*
 * score.c — PRISMA scoring in exact integer arithmetic (see hta/score.h).
 */
#include "hta/score.h"

#include <string.h>

unsigned hta_scored_levels(enum hta_tier tier, bool measured_managed)
{
	if (tier != HTA_TIER_R2)
		return 1u << HTA_IMPLEMENTED;
	unsigned m = (1u << HTA_POLICY) | (1u << HTA_PROCEDURE) | (1u << HTA_IMPLEMENTED);
	if (measured_managed)
		m |= (1u << HTA_MEASURED) | (1u << HTA_MANAGED);
	return m;
}

void hta_score_req(const struct hta_score_params *p, const struct hta_req_in *in,
		   struct hta_req_out *out)
{
	memset(out, 0, sizeof(*out));
	out->scored = hta_scored_levels(p->tier, p->measured_managed);
	if (in->na && !in->never_na) {
		out->status = HTA_ST_NA;
		out->scored = 0;
		return;
	}
	out->status = in->has_manifest ? HTA_ST_SCORED : HTA_ST_NO_EVIDENCE;

	int own[HTA_LEVEL_COUNT];
	for (int l = 0; l < HTA_LEVEL_COUNT; l++) {
		int v = in->has_manifest ? in->own[l] : 0;
		own[l] = v < 0 ? 0 : v > 100 ? 100 : v;
	}
	/* Rule 3: managed never scores above measured. */
	if (own[HTA_MANAGED] > own[HTA_MEASURED])
		own[HTA_MANAGED] = own[HTA_MEASURED];

	/* Rule 5: inheritance blends every scored level. No manifest, no share. */
	int64_t w = in->has_manifest ? in->weight : 0;
	if (w < 0)
		w = 0;
	if (w > 100)
		w = 100;
	int64_t ph = in->provider_h < 0 ? 0 : in->provider_h > 10000 ? 10000 : in->provider_h;

	int64_t score = 0, ceiling = 0;
	for (int l = 0; l < HTA_LEVEL_COUNT; l++) {
		if (!((out->scored >> l) & 1))
			continue;
		out->level[l] = w * ph + (100 - w) * own[l] * 100;
		if (p->tier == HTA_TIER_R2) {
			score += p->set->weight[l] * out->level[l];
			ceiling += p->set->weight[l] * 100 * HTA_SCORE_UNIT / 100;
		}
	}
	if (p->tier != HTA_TIER_R2) {
		score = out->level[HTA_IMPLEMENTED] * 100;
		ceiling = 100 * HTA_SCORE_UNIT;
	}
	out->score = score;
	out->ceiling = ceiling;

	/* Rule 9: a gap is any shortfall from the ceiling; a CAP when the
	 * implemented level is short and the score is under cap_below. */
	out->gap = score < ceiling;
	out->cap = out->gap && out->level[HTA_IMPLEMENTED] < 100 * HTA_LEVEL_UNIT &&
		   score < (int64_t)p->set->cap_below * HTA_SCORE_UNIT;
}

static struct hta_pool_out *pool_of(struct hta_score_result *res, const struct hta_req_in *in)
{
	switch (in->pool) {
	case HTA_POOL_DOMAIN:
		return in->domain >= 1 && in->domain <= HTA_DOMAINS ? &res->domain[in->domain] : NULL;
	case HTA_POOL_COMPLIANCE: return &res->compliance;
	case HTA_POOL_AI_SECURITY: return &res->ai_security;
	case HTA_POOL_AI_RISK: return &res->ai_risk;
	default: return NULL;
	}
}

static void judge(struct hta_pool_out *po, int threshold)
{
	po->scored = po->count > 0;
	po->threshold = threshold;
	po->passed = po->scored &&
		     po->sum >= (int64_t)threshold * HTA_SCORE_UNIT * po->count;
}

void hta_score_all(const struct hta_score_params *p, const struct hta_req_in *in,
		   struct hta_req_out *out, size_t n, struct hta_score_result *res)
{
	memset(res, 0, sizeof(*res));
	for (size_t i = 0; i < n; i++) {
		struct hta_pool_out *po = pool_of(res, &in[i]);
		if (!po) {
			memset(&out[i], 0, sizeof(out[i]));
			continue;
		}
		hta_score_req(p, &in[i], &out[i]);
		po->total++;
		if (out[i].status == HTA_ST_NA)
			continue;
		po->count++;
		po->sum += out[i].score;
	}
	int th = p->set->threshold[p->tier];
	res->pass = true;
	for (int d = 1; d <= HTA_DOMAINS; d++) {
		judge(&res->domain[d], th);
		if (res->domain[d].scored && !res->domain[d].passed)
			res->pass = false;
	}
	judge(&res->ai_security, th);
	if (res->ai_security.scored && !res->ai_security.passed)
		res->pass = false;
	/* Reported apart, without a verdict. */
	res->compliance.scored = res->compliance.count > 0;
	res->ai_risk.scored = res->ai_risk.count > 0;

	for (size_t i = 0; i < n; i++) {
		struct hta_pool_out *po = pool_of(res, &in[i]);
		if (!po || !out[i].gap)
			continue;
		out[i].blocker = po->threshold && po->scored && !po->passed;
		res->gaps++;
		res->caps += out[i].cap;
		if (in[i].waived) {
			res->waived_gaps++;
			res->waived_caps += out[i].cap;
		}
	}
}

double hta_pool_mean(const struct hta_pool_out *po)
{
	return po->count ? (double)po->sum / (double)HTA_SCORE_UNIT / po->count : 0.0;
}
