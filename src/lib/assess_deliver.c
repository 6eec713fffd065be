/*
 * assess_deliver.c — the readiness deliverable's steps of an assessment
 * (see deliver_int.h): inheritance before the plan; then the closing
 * evidence, the timeline, evidence going stale, SOC 2 reuse and the scope
 * answers, folded into the run record so a stored run renders them.
 */
#include "deliver_int.h"
#include "hta/date.h"
#include "hta/soc2.h"
#include "hta/stale.h"
#include "hta/timeline.h"

#include <stdio.h>
#include <string.h>

#define NOMEM(err) hta_err_set((err), HTA_ENOMEM, "out of memory")
#define PTS(x) ((double)(x) / (double)HTA_SCORE_UNIT)

void hta_deliver_free(struct hta_deliver_ctx *dc)
{
	for (size_t k = 0; k < dc->n_pm; k++)
		hta_provider_matrix_free(&dc->pm[k]);
	hta_free(dc->pm);
	hta_free(dc->opt);
	memset(dc, 0, sizeof(*dc));
}

int hta_deliver_prepare(struct hta_deliver_ctx *dc, const struct hta_catalog *cat,
			const struct hta_scope *sc, const struct hta_score_params *sp,
			struct hta_req_in *in, const struct hta_req_out *out, size_t n,
			struct hta_errlist *errors, struct hta_err *err)
{
	memset(dc, 0, sizeof(*dc));
	dc->opt = hta_calloc(n ? n : 1, sizeof(*dc->opt));
	dc->pm = hta_calloc(sc->n_providers ? sc->n_providers : 1, sizeof(*dc->pm));
	struct hta_inherit_src *src = hta_calloc(sc->n_providers ? sc->n_providers : 1,
						 sizeof(*src));
	int rc = 0;
	if (!dc->opt || !dc->pm || !src) {
		rc = NOMEM(err);
		goto done;
	}
	for (size_t k = 0; k < sc->n_providers; k++) {
		const struct hta_provider *p = &sc->providers[k];
		if ((rc = hta_provider_matrix_load(&dc->pm[k], cat, p->name, p->matrix,
						   p->matrix_shown, errors, err)))
			goto done;
		dc->n_pm = k + 1;
		src[k].provider_h = p->score_h;
		src[k].resp = dc->pm[k].resp;
		src[k].weight = dc->pm[k].weight;
	}
	hta_inherit_find(sp, in, out, n, src, sc->n_providers, dc->opt);
	for (size_t i = 0; i < n; i++) {
		in[i].inherit_gain = dc->opt[i].gain;
		in[i].inherit_effort = cat->settings.inherit_effort;
	}
done:
	hta_free(src);
	return rc;
}

/* The pool struct of the run for catalog statement i, or NULL. */
static struct hta_run_pool *run_pool(struct hta_run *run, const struct hta_deliver_in *di,
				     size_t i)
{
	switch (di->pool[i]) {
	case HTA_POOL_DOMAIN: return &run->domains[di->cat->stmts[i].domain];
	case HTA_POOL_AI_SECURITY: return &run->ai_security;
	case HTA_POOL_AI_RISK: return &run->ai_risk;
	case HTA_POOL_COMPLIANCE: return &run->compliance;
	default: return NULL;
	}
}

static const struct hta_pool_out *res_pool(const struct hta_deliver_in *di, size_t i)
{
	switch (di->pool[i]) {
	case HTA_POOL_DOMAIN: return &di->res->domain[di->cat->stmts[i].domain];
	case HTA_POOL_AI_SECURITY: return &di->res->ai_security;
	case HTA_POOL_AI_RISK: return &di->res->ai_risk;
	case HTA_POOL_COMPLIANCE: return &di->res->compliance;
	default: return NULL;
	}
}

/* "level: illustrative evidence" for each scored level short of 100. */
static const char *closing_evidence(struct hta_run *run, const struct hta_deliver_in *di,
				    size_t i)
{
	struct hta_buf b = HTA_BUF_INIT;
	const struct hta_statement *st = &di->cat->stmts[i];
	for (int l = 0; l < HTA_LEVEL_COUNT; l++) {
		if (!((di->out[i].scored >> l) & 1) || di->out[i].level[l] >= 100 * HTA_LEVEL_UNIT)
			continue;
		hta_buf_printf(&b, "%s%s: %s", b.len ? "\n" : "", hta_level_name((enum hta_level)l),
			       st->evidence[l] ? st->evidence[l]
					       : "(the catalog gives no illustrative evidence)");
	}
	const char *s = b.failed ? NULL : b.len ? hta_arena_strdup(&run->arena, b.s) : "";
	hta_buf_free(&b);
	return s;
}

/* Per statement: inheritance, the plan's fix, closing evidence, SOC 2. */
static int fold_reqs(struct hta_run *run, const struct hta_deliver_ctx *dc,
		     const struct hta_deliver_in *di, const char **soc2, size_t *slot,
		     struct hta_err *err)
{
	const struct hta_catalog *cat = di->cat;
	int64_t total = 0;
	size_t m = 0;
	for (size_t i = 0; i < cat->n_stmts; i++) {
		if (di->pool[i] == HTA_POOL_OUT)
			continue;
		slot[i] = m;
		struct hta_run_req *r = &run->reqs[m++];
		const struct hta_inherit_opt *op = &dc->opt[i];
		if (op->src >= 0) {
			r->dl.inherit_provider = hta_arena_strdup(&run->arena,
								  di->sc->providers[op->src].name);
			if (!r->dl.inherit_provider)
				return NOMEM(err);
			r->dl.inherit_resp = op->resp;
			r->dl.inherit_weight = op->weight;
			r->dl.inherit_points = PTS(op->gain);
			struct hta_run_pool *rp = run_pool(run, di, i);
			if (rp)
				rp->dl.inherit_points += PTS(op->gain);
			total += op->gain;
			run->dl.inherit_count++;
		}
		r->dl.fix_inherit = di->out[i].fix_inherit && op->src >= 0;
		if (r->dl.fix_inherit && r->reason) {
			r->reason = hta_arena_printf(&run->arena,
						     "%s; fix: inherit from %s at %d%% (effort %d "
						     "instead of %d, recovers %.2f points)",
						     r->reason, r->dl.inherit_provider, op->weight,
						     cat->settings.inherit_effort, cat->stmts[i].effort,
						     r->dl.inherit_points);
			if (!r->reason)
				return NOMEM(err);
		}
		if (r->gap && !(r->dl.closing_evidence = closing_evidence(run, di, i)))
			return NOMEM(err);
		if (soc2)
			r->dl.soc2 = soc2[i];
		run->dl.soc2_count += soc2 && soc2[i];
	}
	run->dl.inherit_total = PTS(total);
	return 0;
}

/* Inheritance alone lifts a failing pool: sum the pool's gains exactly. */
static void fold_lifts(struct hta_run *run, const struct hta_deliver_ctx *dc,
		       const struct hta_deliver_in *di)
{
	int64_t dom[HTA_DOMAINS + 1] = { 0 }, ais = 0;
	for (size_t i = 0; i < di->cat->n_stmts; i++) {
		if (dc->opt[i].src < 0)
			continue;
		if (di->pool[i] == HTA_POOL_DOMAIN)
			dom[di->cat->stmts[i].domain] += dc->opt[i].gain;
		else if (di->pool[i] == HTA_POOL_AI_SECURITY)
			ais += dc->opt[i].gain;
	}
	for (int d = 1; d <= HTA_DOMAINS; d++)
		run->domains[d].dl.inherit_lifts = hta_inherit_lifts(&di->res->domain[d], dom[d]);
	run->ai_security.dl.inherit_lifts = hta_inherit_lifts(&di->res->ai_security, ais);
}

/*
 * A gap whose only trouble is that its controls are too recent (every
 * finding of the statement is too-recent, every short level is claimed at
 * 100 with an `effective` date, nothing inherited) needs no fix, only
 * time: the day its last such level has operated for its window. -1 when
 * it needs work.
 */
static int matures_on(const struct hta_deliver_in *di, size_t i)
{
	const struct hta_manifest *mf = di->ev->by_stmt ? di->ev->by_stmt[i] : NULL;
	const struct hta_req_out *q = &di->out[i];
	if (!mf || di->in[i].weight > 0)
		return -1;
	size_t recent = 0;
	for (size_t k = 0; k < di->ev->findings.n; k++) {
		const struct hta_finding *f = di->ev->findings.v[k];
		if (f->stmt != (long)i)
			continue;
		if (f->code != HTA_FIND_TOO_RECENT)
			return -1;
		recent++;
	}
	if (!recent)
		return -1;
	int day = -1;
	for (int l = 0; l < HTA_LEVEL_COUNT; l++) {
		if (!((q->scored >> l) & 1) || q->level[l] >= 100 * HTA_LEVEL_UNIT)
			continue;
		const struct hta_claim *c = &mf->level[l];
		if (!c->claimed || c->result != 100 || !c->has_effective)
			return -1;
		int d = c->effective + di->cat->settings.maturity_days[l];
		if (d > day)
			day = d;
	}
	return day;
}

/*
 * The timeline: the gaps in rank order on the workstreams, then the day
 * each failing pool passes (its gaps' gains added in order of their ready
 * days), and the day all of them do.
 */
static int fold_timeline(struct hta_run *run, const struct hta_deliver_in *di,
			 const size_t *slot, struct hta_err *err)
{
	const struct hta_settings *set = &di->cat->settings;
	const struct hta_assess_opts *o = di->opts;
	size_t n = di->n_gaps;
	struct hta_tl_item *it = hta_calloc(n ? n : 1, sizeof(*it));
	int *ready = hta_calloc(n ? n : 1, sizeof(*ready));
	int64_t *gain = hta_calloc(n ? n : 1, sizeof(*gain));
	if (!it || !ready || !gain) {
		hta_free(it);
		hta_free(ready);
		hta_free(gain);
		return NOMEM(err);
	}
	run->dl.has_timeline = true;
	run->dl.tl_start = o->start >= 0 ? o->start : run->as_of;
	run->dl.tl_capacity = o->capacity > 0 ? o->capacity : 2;
	for (size_t k = 0; k < n; k++) {
		size_t i = di->order[k];
		const struct hta_req_out *q = &di->out[i];
		int e = q->fix_inherit ? set->inherit_effort : di->cat->stmts[i].effort;
		it[k].weeks = set->effort_weeks[e < 1 ? 1 : e > 5 ? 5 : e];
		it[k].window = 0;
		it[k].wait_until = q->fix_inherit ? -1 : matures_on(di, i);
		if (it[k].wait_until > 0)
			continue;
		if (!q->fix_inherit) /* an inherited control already operates */
			for (int l = 0; l < HTA_LEVEL_COUNT; l++)
				if (((q->scored >> l) & 1) && q->level[l] < 100 * HTA_LEVEL_UNIT &&
				    set->maturity_days[l] > it[k].window)
					it[k].window = set->maturity_days[l];
	}
	hta_timeline_schedule(it, n, run->dl.tl_start, run->dl.tl_capacity);
	for (size_t k = 0; k < n; k++) {
		struct hta_run_req *r = &run->reqs[slot[di->order[k]]];
		r->dl.scheduled = true;
		r->dl.tl_wait = it[k].wait_until > 0;
		r->dl.tl_stream = it[k].stream;
		r->dl.tl_start = it[k].start;
		r->dl.tl_done = it[k].done;
		r->dl.tl_ready = it[k].ready;
		r->dl.tl_weeks = r->dl.tl_wait ? 0 : it[k].weeks;
		r->dl.tl_window = r->dl.tl_wait ? it[k].ready - it[k].done : it[k].window;
	}
	/* Pools: domains 1..19 and AI Security (index 0). AI Risk Management
	 * and the compliance pool get no verdict: they have no pass day. */
	run->ai_risk.dl.passes_on = -1;
	run->compliance.dl.passes_on = -1;
	run->dl.ready_on = run->dl.tl_start;
	for (int d = 0; d <= HTA_DOMAINS; d++) {
		const struct hta_pool_out *po = d ? &di->res->domain[d] : &di->res->ai_security;
		struct hta_run_pool *rp = d ? &run->domains[d] : &run->ai_security;
		rp->dl.passes_on = -1;
		if (!po->scored || !po->threshold || po->passed)
			continue;
		size_t m = 0;
		for (size_t k = 0; k < n; k++) {
			size_t i = di->order[k];
			if (res_pool(di, i) != po)
				continue;
			const struct hta_req_out *q = &di->out[i];
			ready[m] = it[k].ready;
			gain[m++] = q->fix_inherit ? di->in[i].inherit_gain : q->ceiling - q->score;
		}
		int64_t need = (int64_t)po->threshold * HTA_SCORE_UNIT * po->count - po->sum;
		rp->dl.passes_on = hta_timeline_pass_day(ready, gain, m, need, run->dl.tl_start);
		if (rp->dl.passes_on == -2) {
			hta_free(it);
			hta_free(ready);
			hta_free(gain);
			return NOMEM(err);
		}
		if (rp->dl.passes_on < 0 || run->dl.ready_on < 0)
			run->dl.ready_on = -1;
		else if (rp->dl.passes_on > run->dl.ready_on)
			run->dl.ready_on = rp->dl.passes_on;
	}
	hta_free(it);
	hta_free(ready);
	hta_free(gain);
	return 0;
}

/* The scope as answered, for the report ("factors.records_held" = "2500000"). */
static int fold_answers(struct hta_run *run, const struct hta_deliver_in *di,
			struct hta_err *err)
{
	const struct hta_catalog *cat = di->cat;
	const struct hta_scope *sc = di->sc;
	struct hta_arena *A = &run->arena;
	size_t cap = 16 + cat->n_factors + sc->n_providers;
	struct hta_run_answer *a = hta_arena_array(A, cap, sizeof(*a));
	if (!a)
		return NOMEM(err);
	size_t n = 0;
	char d[11];
#define ADD(k, v)                                                       \
	do {                                                            \
		a[n].key = (k);                                         \
		a[n].value = (v);                                       \
		if (!a[n].key || !a[n].value)                           \
			return NOMEM(err);                              \
		n++;                                                    \
	} while (0)
	hta_date_format(run->as_of, d);
	ADD("as_of", hta_arena_strdup(A, d));
	ADD("tier", hta_tier_name((enum hta_tier)run->tier));
	if (run->tier == HTA_TIER_R2)
		ADD("measured_managed", run->measured_managed ? "true" : "false");
	for (size_t f = 0; f < cat->n_factors; f++) {
		if (!sc->factor_set[f])
			continue;
		const struct hta_factor *fa = &cat->factors[f];
		ADD(hta_arena_printf(A, "factors.%s", fa->name),
		    fa->is_integer ? hta_arena_printf(A, "%lld", sc->factor_value[f])
				   : sc->factor_value[f] ? "true" : "false");
	}
	/* The two lists are built in a buffer whose every append is checked:
	 * an append lost to out-of-memory must not shorten the answer. */
	struct hta_buf b = HTA_BUF_INIT;
	const char *list = NULL;
	int bad;
	for (size_t c = 0; c < cat->n_compliance; c++)
		if ((sc->compliance >> c) & 1)
			hta_buf_printf(&b, "%s%s", b.len ? ", " : "", cat->compliance[c].id);
	bad = b.failed;
	if (!bad && b.len && !(list = hta_arena_strdup(A, b.s)))
		bad = 1;
	b.len = 0;
	if (bad) {
		hta_buf_free(&b);
		return NOMEM(err);
	}
	if (list)
		ADD("compliance", list);
	list = NULL;
	if (sc->has_ai) {
		for (int f = 0; f < HTA_AI_COUNT; f++)
			if ((sc->ai >> f) & 1)
				hta_buf_printf(&b, "%s%s", b.len ? ", " : "",
					       hta_ai_feature_name((enum hta_ai_feature)f));
		bad = b.failed;
		if (!bad)
			list = b.len ? hta_arena_strdup(A, b.s) : "none";
		hta_buf_free(&b);
		if (bad || !list)
			return NOMEM(err);
		ADD("ai", list);
	}
	hta_buf_free(&b);
	for (size_t p = 0; p < sc->n_providers; p++) {
		const struct hta_provider *pr = &sc->providers[p];
		ADD(hta_arena_printf(A, "providers.%s", pr->name),
		    hta_arena_printf(A, "score %d.%02d%s%s", pr->score_h / 100, pr->score_h % 100,
				     pr->matrix_shown ? ", matrix " : "",
				     pr->matrix_shown ? pr->matrix_shown : ""));
	}
	if (sc->soc2.given) {
		hta_date_format(sc->soc2.period_end, d);
		ADD("soc2.period_end", hta_arena_strdup(A, d));
		ADD("soc2.exceptions", run->dl.soc2_exceptions && *run->dl.soc2_exceptions
					       ? run->dl.soc2_exceptions : "none");
	}
#undef ADD
	run->dl.answers = a;
	run->dl.n_answers = n;
	return 0;
}

/* SOC 2: the crosswalk, the scope's exceptions, each statement's candidates. */
static int soc2_prepare(struct hta_run *run, const struct hta_deliver_in *di, const char ***out,
			struct hta_err *err)
{
	const struct hta_scope_soc2 *so = &di->sc->soc2;
	*out = NULL;
	if (!so->given)
		return 0;
	struct hta_soc2 x;
	int rc = hta_soc2_load(&x, di->cat, err);
	if (rc)
		return rc;
	const char **v = hta_arena_array(&run->arena, di->cat->n_stmts ? di->cat->n_stmts : 1,
					 sizeof(*v));
	struct hta_buf b = HTA_BUF_INIT;
	for (size_t k = 0; k < so->n_exceptions; k++)
		hta_buf_printf(&b, "%s%s", b.len ? " " : "", so->exceptions[k]);
	if (!v || b.failed)
		rc = NOMEM(err);
	else
		rc = hta_soc2_candidates(&x, di->cat, di->sc, &run->arena, v, err);
	if (!rc && !(run->dl.soc2_exceptions = hta_arena_strdup(&run->arena, b.len ? b.s : "")))
		rc = NOMEM(err);
	hta_buf_free(&b);
	hta_soc2_free(&x);
	if (rc)
		return rc;
	run->dl.has_soc2 = true;
	run->dl.soc2_period_end = so->period_end;
	*out = v;
	return 0;
}

int hta_deliver_fold(struct hta_run *run, const struct hta_deliver_ctx *dc,
		     const struct hta_deliver_in *di, struct hta_err *err)
{
	const char **soc2 = NULL;
	int rc = soc2_prepare(run, di, &soc2, err);
	if (rc)
		return rc;
	size_t *slot = hta_calloc(di->cat->n_stmts ? di->cat->n_stmts : 1, sizeof(*slot));
	if (!slot)
		return NOMEM(err);
	if ((rc = fold_reqs(run, dc, di, soc2, slot, err)))
		goto done;
	fold_lifts(run, dc, di);
	if ((rc = fold_timeline(run, di, slot, err)))
		goto done;
	run->dl.stale_window = di->cat->settings.stale_window_days;
	if ((rc = hta_stale_collect(di->ev, di->cat, di->pool, di->scored, run->as_of,
				    run->dl.stale_window, &run->arena, &run->dl.stale,
				    &run->dl.n_stale, err)))
		goto done;
	rc = fold_answers(run, di, err);
done:
	hta_free(slot);
	return rc;
}
