/*
 * deliver_int.h — the readiness deliverable's steps inside hta_assess()
 * (assess_deliver.c): before planning, the inheritance options the
 * planner may take; after the run record is folded, every deliverable
 * part of it (deliver.h). Not installed.
 */
#ifndef HTA_DELIVER_INT_H
#define HTA_DELIVER_INT_H

#include "hta/assess.h"
#include "hta/evidence.h"
#include "hta/inherit.h"
#include "hta/providers.h"

struct hta_deliver_ctx {
	struct hta_provider_matrix *pm; /* one per scope provider */
	size_t n_pm;
	struct hta_inherit_opt *opt;    /* [cat->n_stmts] */
};

/*
 * Load every declared provider's matrix and find each gap's inheritance
 * opportunity (inherit.h); set in[i].inherit_gain / inherit_effort for
 * the planner. A user's CSV matrix adds every bad row to `errors` (may be
 * NULL). Free the context with hta_deliver_free() in any case.
 */
int hta_deliver_prepare(struct hta_deliver_ctx *dc, const struct hta_catalog *cat,
			const struct hta_scope *sc, const struct hta_score_params *sp,
			struct hta_req_in *in, const struct hta_req_out *out, size_t n,
			struct hta_errlist *errors, struct hta_err *err);

/* What hta_deliver_fold() reads from the pipeline. */
struct hta_deliver_in {
	const struct hta_catalog *cat;
	const struct hta_scope *sc;
	const struct hta_evidence *ev;
	const struct hta_assess_opts *opts;
	const unsigned char *pool;      /* [n] */
	unsigned scored;                /* levels scored (bit per level) */
	const struct hta_req_in *in;    /* [n] */
	const struct hta_req_out *out;  /* [n] */
	const size_t *order;            /* gap catalog indices in rank order */
	size_t n_gaps;
	const struct hta_score_result *res;
};

/*
 * Fill run->dl, each run->reqs[].dl and each pool's dl (the run's reqs,
 * pools and reasons already folded). Returns 0 or a negative HTA_E* code.
 */
int hta_deliver_fold(struct hta_run *run, const struct hta_deliver_ctx *dc,
		     const struct hta_deliver_in *di, struct hta_err *err);

void hta_deliver_free(struct hta_deliver_ctx *dc);

#endif
