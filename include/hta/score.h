/*
 * score.h — the scoring core: PRISMA level results to requirement scores,
 * domain and pool averages, verdicts, gaps and CAP flags (contract
 * section 4). Pure: arrays in, arrays out, no I/O, no allocation.
 *
 * All arithmetic is exact, in integers:
 *   a level result (after inheritance) is in HTA_LEVEL_UNIT (1e-4 point):
 *     blended = w * p_h + (100 - w) * own * 100
 *   (w: inherited percent, p_h: provider score in hundredths, own: 0..100);
 *   a requirement score is in HTA_SCORE_UNIT (1e-6 point):
 *     e1/i1: implemented * 100;  r2: sum of weight[l] * level[l];
 *   a domain keeps the exact sum and count; it passes when
 *     sum >= threshold * HTA_SCORE_UNIT * count,
 *   so no rounding ever decides a verdict.
 */
#ifndef HTA_SCORE_H
#define HTA_SCORE_H

#include "hta/catalog.h"
#include "hta/scope.h"

#define HTA_LEVEL_UNIT 10000LL
#define HTA_SCORE_UNIT 1000000LL

/* What the core needs to know about one in-scope statement. */
struct hta_req_in {
	int domain;                 /* 1..19 */
	unsigned char pool;         /* enum hta_pool; HTA_POOL_OUT is skipped */
	bool has_manifest;
	bool na;                    /* claimed not applicable */
	bool never_na;              /* the catalog forbids N/A */
	int own[HTA_LEVEL_COUNT];   /* 0..100 after the evidence checks */
	int weight;                 /* inherited percent, already capped */
	int provider_h;             /* provider score, hundredths */
	int effort;                 /* 1..5 */
	bool waived;                /* an unexpired waiver */
	/* Inheritance as a fix (inherit.h): the points inheriting at the
	 * largest allowed weight would recover (HTA_SCORE_UNIT; 0: none) and
	 * its effort. The planner takes it where it is the cheaper fix. */
	int64_t inherit_gain;
	int inherit_effort;
};

struct hta_req_out {
	enum hta_req_status status;
	unsigned scored;            /* bit per scored level */
	int64_t level[HTA_LEVEL_COUNT]; /* HTA_LEVEL_UNIT */
	int64_t score, ceiling;     /* HTA_SCORE_UNIT */
	bool gap, cap, blocker;
	int rank;                   /* 1..N for gaps, else 0 */
	enum hta_rank_kind rank_kind;
	bool fix_inherit;           /* the planner fixes it by inheriting */
};

/* A domain or an apart pool. */
struct hta_pool_out {
	int64_t sum;                /* HTA_SCORE_UNIT */
	int count;                  /* applicable statements */
	int total;                  /* in-scope statements, N/A included */
	int threshold;              /* 0 when the pool gets no verdict */
	bool scored, passed;
	int plan_effort, plan_items; /* the cheapest lifting plan, when failing */
};

struct hta_score_params {
	enum hta_tier tier;
	bool measured_managed;      /* r2 only */
	const struct hta_settings *set;
};

/* Everything the core computes for a run. */
struct hta_score_result {
	struct hta_pool_out domain[HTA_DOMAINS + 1]; /* [1..19] */
	struct hta_pool_out ai_security, ai_risk, compliance;
	bool pass;                  /* every scored domain (and AI Security) passes */
	int gaps, caps, waived_gaps, waived_caps;
};

/* The levels (bits) a run of `tier` scores. */
unsigned hta_scored_levels(enum hta_tier tier, bool measured_managed);

/* Score one statement. */
void hta_score_req(const struct hta_score_params *p, const struct hta_req_in *in,
		   struct hta_req_out *out);

/*
 * Score `n` statements, average them into domains and pools, set verdicts,
 * gaps, CAPs and blockers. Ranks are left to hta_plan().
 */
void hta_score_all(const struct hta_score_params *p, const struct hta_req_in *in,
		   struct hta_req_out *out, size_t n, struct hta_score_result *res);

/* A pool's mean as a double, for display only (never for verdicts). */
double hta_pool_mean(const struct hta_pool_out *po);

#endif
