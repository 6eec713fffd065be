/*
 * assess.c — the pipeline: catalog -> scope -> evidence -> score -> plan,
 * folded into a self-contained run record.
 */
#include "deliver_int.h"
#include "hta/assess.h"
#include "hta/date.h"
#include "hta/evidence.h"
#include "hta/hash.h"
#include "hta/plan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define NOMEM(err) hta_err_set((err), HTA_ENOMEM, "out of memory")
#define PTS(x) ((double)(x) / (double)HTA_SCORE_UNIT)

static int load_scope(const struct hta_catalog *cat, const struct hta_assess_opts *o,
		      struct hta_scope *sc, struct hta_err *err)
{
	char path[4096];
	if (o->scope_path)
		return hta_scope_load(sc, cat, o->scope_path, o->scope_path, err);
	if ((size_t)snprintf(path, sizeof(path), "%s/scope.yaml", o->evidence_root) >= sizeof(path))
		return hta_err_set(err, HTA_EINVAL, "evidence path is too long");
	struct stat st;
	if (lstat(path, &st) == 0)
		return hta_scope_load(sc, cat, path, path, err);
	return hta_scope_init(sc, cat, err);
}

static void pool_copy(struct hta_run_pool *dst, const struct hta_pool_out *src,
		      const char *key, const char *name)
{
	snprintf(dst->key, sizeof(dst->key), "%s", key);
	dst->name = name;
	dst->score = hta_pool_mean(src);
	dst->threshold = src->threshold;
	dst->statements = src->count;
	dst->total = src->total;
	dst->scored = src->scored;
	dst->passed = src->passed;
	dst->plan_effort = src->plan_effort;
	dst->plan_items = src->plan_items;
}

static const char *reason(struct hta_run *run, const struct hta_run_req *r,
			  const struct hta_req_out *o, const struct hta_req_in *in,
			  const struct hta_score_result *res, const struct hta_settings *set)
{
	char buf[512];
	double gain = r->points_lost;
	const struct hta_pool_out *po = r->pool == HTA_POOL_AI_SECURITY ? &res->ai_security
				      : r->pool == HTA_POOL_DOMAIN ? &res->domain[r->domain] : NULL;
	const char *label = hta_pool_label(run, r->pool, r->domain);
	int n = 0;
	switch (o->rank_kind) {
	case HTA_RANK_PLAN:
		n = snprintf(buf, sizeof(buf),
			     "in the cheapest plan to lift %s%s (%s) from %.2f to %d: %d "
			     "statement%s, effort %d; closing it gains %.2f points for effort %d",
			     r->pool == HTA_POOL_DOMAIN ? "domain " : "",
			     r->pool == HTA_POOL_DOMAIN ? run->domains[r->domain].key : "the pool",
			     label, po ? hta_pool_mean(po) : 0.0, po ? po->threshold : 0,
			     po ? po->plan_items : 0, po && po->plan_items == 1 ? "" : "s",
			     po ? po->plan_effort : 0, gain, in->effort);
		break;
	case HTA_RANK_CAP:
		n = snprintf(buf, sizeof(buf),
			     "needs a CAP: implemented %.2f is below 100 and the score %.2f is "
			     "below %d; %.2f points lost, effort %d",
			     r->level[HTA_IMPLEMENTED], r->score, set->cap_below, gain, in->effort);
		break;
	default:
		n = snprintf(buf, sizeof(buf), "gains %.2f points for effort %d (%.2f per unit)",
			     gain, in->effort, gain / (in->effort > 0 ? in->effort : 1));
		break;
	}
	if (n < 0)
		n = 0;
	if (r->status == HTA_ST_NO_EVIDENCE && (size_t)n < sizeof(buf))
		n += snprintf(buf + n, sizeof(buf) - (size_t)n, "; no evidence manifest");
	if (r->waived && (size_t)n < sizeof(buf)) {
		char d[11];
		hta_date_format(r->waiver_expires, d);
		snprintf(buf + n, sizeof(buf) - (size_t)n, "; waived until %s", d);
	}
	return hta_arena_strdup(&run->arena, buf);
}

/* The hash module's progress, told as the run's. */
struct progress {
	const struct hta_assess_opts *o;
	struct hta_progress p;
};

static void hash_progress(void *ctx, const struct hta_hash_progress *hp)
{
	struct progress *pr = ctx;
	pr->p.artifacts = hp->items + hp->skipped;
	pr->p.cached = hp->skipped;
	pr->p.hashed = hp->done;
	pr->p.bytes = hp->bytes;
	pr->p.bytes_done = hp->bytes_done;
	pr->o->progress(pr->o->progress_ctx, &pr->p);
}

static int cmp_artifact(const void *a, const void *b)
{
	return strcmp(((const struct hta_run_artifact *)a)->path,
		      ((const struct hta_run_artifact *)b)->path);
}

/* The run's artifacts table: every artifact with a hash, sorted by path. */
static int fold_artifacts(struct hta_run *run, const struct hta_evidence *ev,
			  const struct hta_hash_result *hr, struct hta_err *err)
{
	size_t n = 0;
	for (size_t a = 0; a < ev->artifacts.n; a++) {
		const struct hta_hash_item *it = hr->by_artifact[a];
		n += it && (it->state == HTA_HASH_DONE || it->state == HTA_HASH_CACHED);
	}
	run->artifacts = hta_arena_array(&run->arena, n ? n : 1, sizeof(*run->artifacts));
	if (!run->artifacts)
		return NOMEM(err);
	n = 0;
	for (size_t a = 0; a < ev->artifacts.n; a++) {
		const struct hta_artifact *art = ev->artifacts.v[a];
		const struct hta_hash_item *it = hr->by_artifact[a];
		if (!it || (it->state != HTA_HASH_DONE && it->state != HTA_HASH_CACHED))
			continue;
		struct hta_run_artifact *ra = &run->artifacts[n++];
		if (!(ra->path = hta_arena_strdup(&run->arena, art->path)))
			return NOMEM(err);
		ra->size = it->size;
		ra->mtime_ns = it->mtime_ns;
		ra->ctime_ns = it->ctime_ns;
		ra->inode = it->ino;
		memcpy(ra->sha256, it->sha256, sizeof(ra->sha256));
	}
	qsort(run->artifacts, n, sizeof(*run->artifacts), cmp_artifact);
	run->n_artifacts = n;
	run->artifacts_hashed = hr->hashed;
	run->artifacts_cached = hr->cached;
	run->bytes_hashed = hr->bytes_hashed;
	run->hash_started_ns = hr->started_ns;
	return 0;
}

int hta_assess(const struct hta_catalog *cat, const struct hta_assess_opts *o,
	       struct hta_run *run, struct hta_err *err)
{
	struct hta_scope sc;
	struct hta_evidence ev;
	struct hta_req_in *in = NULL;
	struct hta_req_out *out = NULL;
	unsigned char *pool = NULL;
	const char **ids = NULL;
	size_t *order = NULL;
	int rc;
	bool have_ev = false;
	struct hta_deliver_ctx dc = { 0 };

	memset(run, 0, sizeof(*run));
	if ((rc = load_scope(cat, o, &sc, err)))
		return rc;
	enum hta_tier tier;
	unsigned addons;
	if (!(pool = hta_malloc(cat->n_stmts ? cat->n_stmts : 1))) {
		rc = NOMEM(err);
		goto done;
	}
	if ((rc = hta_scope_selection(cat, &sc, o->tier, o->addons, pool, &tier, &addons, NULL,
				      err)))
		goto done;
	int as_of = o->as_of >= 0 ? o->as_of : sc.has_as_of ? sc.as_of : hta_date_today();
	bool mm = tier == HTA_TIER_R2 &&
		  (o->measured_managed >= 0 ? o->measured_managed != 0 : sc.measured_managed);

	if ((rc = hta_evidence_load_all(&ev, cat, &sc, o->evidence_root, o->errors, err)))
		goto done;
	have_ev = true;
	/* First among the findings, so a summary that shows only some shows it. */
	if (tier == HTA_TIER_R2 && hta_scope_lowest_risk(&sc, cat) &&
	    hta_evidence_finding(&ev, -1, sc.file, 0, HTA_FIND_SCOPE_LOWEST_RISK,
				 "every r2 factor is at its lowest-risk answer, as 'init' writes "
				 "it: answer the factors before relying on this result")) {
		rc = NOMEM(err);
		goto done;
	}
	size_t n = cat->n_stmts;
	in = hta_calloc(n ? n : 1, sizeof(*in));
	out = hta_calloc(n ? n : 1, sizeof(*out));
	ids = hta_calloc(n ? n : 1, sizeof(*ids));
	order = hta_calloc(n ? n : 1, sizeof(*order));
	if (!in || !out || !ids || !order) {
		rc = NOMEM(err);
		goto done;
	}
	unsigned scored = hta_scored_levels(tier, mm);
	if ((rc = hta_evidence_check(&ev, cat, pool, scored, as_of, err)))
		goto done;

	/* Evidence integrity: hash what the check resolved, before scoring,
	 * since an artifact that cannot be read makes its level count 0. */
	struct hta_hash_opts ho = HTA_HASH_OPTS_INIT;
	struct hta_hash_result hr;
	struct progress pr = { o, { 0 } };
	ho.threads = o->hash_threads;
	if (o->progress) {
		pr.p.files_seen = ev.files_seen;
		pr.p.manifests = ev.n_manifests;
		o->progress(o->progress_ctx, &pr.p);
		ho.progress = hash_progress;
		ho.progress_ctx = &pr;
	}
	if ((rc = hta_evidence_hash(&ev, pool, scored, &ho, o->hash_cache, o->hash_cache_ctx, &hr,
				    err)))
		goto done;

	for (size_t i = 0; i < n; i++) {
		const struct hta_statement *st = &cat->stmts[i];
		const struct hta_manifest *mf = ev.by_stmt[i];
		ids[i] = st->id;
		in[i].domain = st->domain;
		in[i].pool = pool[i];
		in[i].never_na = st->never_na;
		in[i].effort = st->effort;
		if (!mf)
			continue;
		in[i].has_manifest = true;
		in[i].na = mf->na_reason != NULL;
		for (int l = 0; l < HTA_LEVEL_COUNT; l++)
			in[i].own[l] = mf->level[l].claimed ? mf->level[l].own : 0;
		if (mf->provider >= 0) {
			in[i].weight = mf->weight_used;
			in[i].provider_h = sc.providers[mf->provider].score_h;
		}
		in[i].waived = mf->has_waiver && mf->waiver_expires >= as_of;
	}
	struct hta_score_params sp = { tier, mm, &cat->settings };
	struct hta_score_result res;
	hta_score_all(&sp, in, out, n, &res);
	if ((rc = hta_deliver_prepare(&dc, cat, &sc, &sp, in, out, n, err)))
		goto done;
	long gaps = hta_plan(&sp, in, out, n, &res, ids, order);
	if (gaps < 0) {
		rc = NOMEM(err);
		goto done;
	}

	/* ---- fold into the run record ---- */
	struct hta_arena *A = &run->arena;
	char started[32];
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(started, sizeof(started), "%Y-%m-%dT%H:%M:%SZ", &tm);
	run->tier = tier;
	run->addons = addons;
	run->addons_str = hta_addons_str(addons);
	run->as_of = as_of;
	run->measured_managed = mm;
	run->started_at = hta_arena_strdup(A, started);
	run->evidence_root = hta_arena_strdup(A, ev.root);
	run->catalog_name = hta_arena_strdup(A, cat->name);
	run->catalog_version = hta_arena_strdup(A, cat->version);
	run->catalog_digest = hta_arena_strdup(A, cat->digest);
	run->tool_version = HTA_VERSION;
	run->organization = sc.organization ? hta_arena_strdup(A, sc.organization) : NULL;
	run->assessment = sc.assessment ? hta_arena_strdup(A, sc.assessment) : NULL;
	run->scope_file = sc.file ? hta_arena_strdup(A, sc.file) : NULL;
	run->pass = res.pass;
	run->gap_count = res.gaps;
	run->cap_count = res.caps;
	run->waived_gaps = res.waived_gaps;
	run->waived_caps = res.waived_caps;
	run->manifests = ev.n_manifests;
	run->files_seen = ev.files_seen;
	if (!run->started_at || !run->evidence_root || !run->catalog_name || !run->catalog_version ||
	    !run->catalog_digest ||
	    (sc.organization && !run->organization) || (sc.assessment && !run->assessment) ||
	    (sc.file && !run->scope_file)) {
		rc = NOMEM(err);
		goto done;
	}
	double overall = 0;
	int scored_domains = 0;
	for (int d = 1; d <= HTA_DOMAINS; d++) {
		char key[12]; /* room for any int: -O1 -Wformat-truncation */
		snprintf(key, sizeof(key), "%02d", d);
		pool_copy(&run->domains[d], &res.domain[d], key,
			  hta_arena_strdup(A, cat->domain_name[d]));
		if (!run->domains[d].name) {
			rc = NOMEM(err);
			goto done;
		}
		if (res.domain[d].scored) {
			overall += run->domains[d].score;
			scored_domains++;
		}
	}
	run->overall = scored_domains ? overall / scored_domains : 0;
	pool_copy(&run->ai_security, &res.ai_security, hta_pool_name(HTA_POOL_AI_SECURITY),
		  hta_pool_label(run, HTA_POOL_AI_SECURITY, 0));
	pool_copy(&run->ai_risk, &res.ai_risk, hta_pool_name(HTA_POOL_AI_RISK),
		  hta_pool_label(run, HTA_POOL_AI_RISK, 0));
	pool_copy(&run->compliance, &res.compliance, hta_pool_name(HTA_POOL_COMPLIANCE),
		  hta_pool_label(run, HTA_POOL_COMPLIANCE, 0));

	size_t m = 0;
	for (size_t i = 0; i < n; i++)
		m += pool[i] != HTA_POOL_OUT;
	run->reqs = hta_arena_array(A, m ? m : 1, sizeof(*run->reqs));
	run->gap_order = hta_arena_array(A, (size_t)gaps + 1, sizeof(*run->gap_order));
	size_t *slot = hta_calloc(n ? n : 1, sizeof(*slot)); /* catalog index -> reqs index */
	if (!run->reqs || !run->gap_order || !slot) {
		hta_free(slot);
		rc = NOMEM(err);
		goto done;
	}
	m = 0;
	for (size_t i = 0; i < n; i++) {
		if (pool[i] == HTA_POOL_OUT)
			continue;
		const struct hta_statement *st = &cat->stmts[i];
		const struct hta_manifest *mf = ev.by_stmt[i];
		struct hta_run_req *r = &run->reqs[m];
		slot[i] = m++;
		r->id = st->id;
		r->title = st->title;
		r->control = st->control;
		r->statement = st->text;
		r->domain = st->domain;
		r->pool = pool[i];
		r->status = out[i].status;
		r->score = PTS(out[i].score);
		r->ceiling = PTS(out[i].ceiling);
		r->scored = out[i].scored;
		for (int l = 0; l < HTA_LEVEL_COUNT; l++)
			r->level[l] = (double)out[i].level[l] / (double)HTA_LEVEL_UNIT;
		r->effort = st->effort;
		r->gap = out[i].gap;
		r->cap = out[i].cap;
		r->blocker = out[i].blocker;
		r->rank = out[i].rank;
		r->rank_kind = out[i].rank_kind;
		r->points_lost = r->gap ? PTS(out[i].ceiling - out[i].score) : 0;
		r->waived = in[i].waived && r->gap;
		if (mf) {
			r->owner = mf->owner;
			r->manifest = mf->path;
			r->manifest_line = mf->line;
			r->na_reason = mf->na_reason;
			r->waiver_reason = mf->waiver_reason;
			r->waiver_expires = mf->waiver_expires;
			r->inherited_weight = mf->provider >= 0 ? mf->weight_used : 0;
			r->provider = mf->provider >= 0 ? sc.providers[mf->provider].name : NULL;
		}
		/* Strings still point into the catalog, evidence and scope: copy. */
#define OWN(f)                                                             \
	if (r->f && !(r->f = hta_arena_strdup(A, r->f))) {                 \
		hta_free(slot);                                            \
		rc = NOMEM(err);                                           \
		goto done;                                                 \
	}
		OWN(id) OWN(title) OWN(control) OWN(statement) OWN(owner) OWN(manifest)
		OWN(na_reason) OWN(waiver_reason) OWN(provider)
#undef OWN
		if (r->gap && !(r->reason = reason(run, r, &out[i], &in[i], &res, &cat->settings))) {
			hta_free(slot);
			rc = NOMEM(err);
			goto done;
		}
	}
	run->n_reqs = m;
	for (long k = 0; k < gaps; k++)
		run->gap_order[k] = slot[order[k]];
	run->n_gaps = (size_t)gaps;
	hta_free(slot);

	run->findings = hta_arena_array(A, ev.findings.n ? ev.findings.n : 1, sizeof(*run->findings));
	if (!run->findings) {
		rc = NOMEM(err);
		goto done;
	}
	for (size_t k = 0; k < ev.findings.n; k++) {
		const struct hta_finding *f = ev.findings.v[k];
		struct hta_run_finding *rf = &run->findings[k];
		rf->req_id = f->stmt >= 0 ? hta_arena_strdup(A, cat->stmts[f->stmt].id) : NULL;
		rf->path = f->path ? hta_arena_strdup(A, f->path) : NULL;
		rf->line = f->line;
		rf->code = f->code;
		rf->message = hta_arena_strdup(A, f->message);
		if ((f->stmt >= 0 && !rf->req_id) || (f->path && !rf->path) ||
		    !rf->message) {
			rc = NOMEM(err);
			goto done;
		}
	}
	run->n_findings = ev.findings.n;
	if ((rc = fold_artifacts(run, &ev, &hr, err)))
		goto done;
	struct hta_deliver_in di = { cat, &sc, &ev, o, pool, scored, in, out, order,
				     (size_t)gaps, &res };
	if ((rc = hta_deliver_fold(run, &dc, &di, err)))
		goto done;
	rc = 0;
done:
	if (rc)
		hta_run_free(run);
	hta_deliver_free(&dc);
	if (have_ev)
		hta_evidence_free(&ev);
	hta_scope_free(&sc);
	hta_free(pool);
	hta_free(in);
	hta_free(out);
	hta_free(ids);
	hta_free(order);
	return rc;
}
