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
		return hta_scope_load_all(sc, cat, o->scope_path, o->scope_path, o->errors, err);
	if ((size_t)snprintf(path, sizeof(path), "%s/scope.yaml", o->evidence_root) >= sizeof(path))
		return hta_err_set(err, HTA_EINVAL, "evidence path is too long");
	struct stat st;
	if (lstat(path, &st) == 0)
		return hta_scope_load_all(sc, cat, path, path, o->errors, err);
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

/*
 * One assessment between its stages. The effective parameters (the
 * options over the scope file) are decided once, in effective_params(),
 * and every later stage reads them from here.
 */
struct job {
	const struct hta_catalog *cat;
	const struct hta_assess_opts *o;
	struct hta_scope sc;
	bool have_sc;
	struct hta_evidence ev;
	bool have_ev;
	/* the effective parameters */
	enum hta_tier tier;
	unsigned addons;
	int as_of;
	bool mm;                     /* measured and managed scored (r2 only) */
	unsigned scored;             /* bit per scored level */
	unsigned char *pool;         /* [n]: enum hta_pool of each statement */
	/* the scoring core's arrays */
	size_t n;
	struct hta_req_in *in;
	struct hta_req_out *out;
	const char **ids;
	size_t *order;
	struct hta_score_params sp;
	struct hta_score_result res;
	long gaps;
	struct hta_hash_result hr;
	struct hta_deliver_ctx dc;   /* the readiness deliverable (assess_deliver.c) */
};

static void job_free(struct job *j)
{
	hta_deliver_free(&j->dc);
	if (j->have_ev)
		hta_evidence_free(&j->ev);
	if (j->have_sc)
		hta_scope_free(&j->sc);
	hta_free(j->pool);
	hta_free(j->in);
	hta_free(j->out);
	hta_free(j->ids);
	hta_free(j->order);
}

/* Stage 1: the scope, then the options over it, decided once. */
static int effective_params(struct job *j, struct hta_err *err)
{
	const struct hta_catalog *cat = j->cat;
	const struct hta_assess_opts *o = j->o;
	int rc;
	if ((rc = load_scope(cat, o, &j->sc, err)))
		return rc;
	j->have_sc = true;
	j->n = cat->n_stmts;
	if (!(j->pool = hta_malloc(j->n ? j->n : 1)))
		return NOMEM(err);
	if ((rc = hta_scope_selection(cat, &j->sc, o->tier, o->addons, j->pool, &j->tier,
				      &j->addons, NULL, err)))
		return rc;
	j->as_of = o->as_of >= 0 ? o->as_of : j->sc.has_as_of ? j->sc.as_of : hta_date_today();
	j->mm = j->tier == HTA_TIER_R2 &&
		(o->measured_managed >= 0 ? o->measured_managed != 0 : j->sc.measured_managed);
	j->scored = hta_scored_levels(j->tier, j->mm);
	return 0;
}

/*
 * The scope failed the run (its errors, or the one in `err`, are in
 * o->errors): the manifests are still read, against the scope or, when it
 * could not be loaded, a stand-in that does not check providers, so that
 * their errors are listed with the scope's, every error of the run at
 * once. Returns HTA_EINVAL (err: the first error) or HTA_ENOMEM.
 */
static int list_evidence_errors(struct job *j, struct hta_err *err)
{
	struct hta_errlist *l = j->o->errors, more = { 0 };
	struct hta_evidence ev;
	struct hta_err e = { 0 };
	if (!l->total && hta_errlist_add(l, err->msg))
		return NOMEM(err);
	if (!j->have_sc) {
		if (hta_scope_init(&j->sc, j->cat, &e))
			return e.code == HTA_EINVAL ? HTA_EINVAL : NOMEM(err);
		j->have_sc = true;
		j->sc.stand_in = true;
	}
	memset(&ev, 0, sizeof(ev));
	int rc = hta_evidence_load_all(&ev, j->cat, &j->sc, j->o->evidence_root, &more, &e);
	if (!rc)
		hta_evidence_free(&ev);
	else if (rc == HTA_ENOMEM)
		return NOMEM(err);
	size_t total = l->total + more.total;
	for (size_t i = 0; i < more.n; i++)
		if (hta_errlist_add(l, more.msg[i])) {
			hta_errlist_free(&more);
			return NOMEM(err);
		}
	l->total = total;
	hta_errlist_free(&more);
	return HTA_EINVAL;
}

/* Stage 2: read the manifests, check each claim, hash the artifacts. */
static int gather_evidence(struct job *j, struct progress *pr, struct hta_err *err)
{
	const struct hta_catalog *cat = j->cat;
	const struct hta_assess_opts *o = j->o;
	int rc;
	if ((rc = hta_evidence_load_all(&j->ev, cat, &j->sc, o->evidence_root, o->errors, err)))
		return rc;
	j->have_ev = true;
	/* First among the findings, so a summary that shows only some shows it. */
	if (j->tier == HTA_TIER_R2 && hta_scope_lowest_risk(&j->sc, cat) &&
	    hta_evidence_finding(&j->ev, -1, j->sc.file, 0, HTA_FIND_SCOPE_LOWEST_RISK,
				 "every r2 factor is at its lowest-risk answer, as 'init' writes "
				 "it: answer the factors before relying on this result"))
		return NOMEM(err);
	if ((rc = hta_evidence_check(&j->ev, cat, j->pool, j->scored, j->as_of, err)))
		return rc;

	/* Evidence integrity: hash what the check resolved, before scoring,
	 * since an artifact that cannot be read makes its level count 0. */
	struct hta_hash_opts ho = HTA_HASH_OPTS_INIT;
	ho.threads = o->hash_threads;
	if (o->progress) {
		pr->p.files_seen = j->ev.files_seen;
		pr->p.manifests = j->ev.n_manifests;
		o->progress(o->progress_ctx, &pr->p);
		ho.progress = hash_progress;
		ho.progress_ctx = pr;
	}
	return hta_evidence_hash(&j->ev, j->pool, j->scored, &ho, o->hash_cache,
				 o->hash_cache_ctx, &j->hr, err);
}

/* Stage 3: the scoring core's input, scores, verdicts, then the plan. */
static int score(struct job *j, struct hta_err *err)
{
	size_t n = j->n;
	j->in = hta_calloc(n ? n : 1, sizeof(*j->in));
	j->out = hta_calloc(n ? n : 1, sizeof(*j->out));
	j->ids = hta_calloc(n ? n : 1, sizeof(*j->ids));
	j->order = hta_calloc(n ? n : 1, sizeof(*j->order));
	if (!j->in || !j->out || !j->ids || !j->order)
		return NOMEM(err);
	for (size_t i = 0; i < n; i++) {
		const struct hta_statement *st = &j->cat->stmts[i];
		const struct hta_manifest *mf = j->ev.by_stmt[i];
		struct hta_req_in *in = &j->in[i];
		j->ids[i] = st->id;
		in->domain = st->domain;
		in->pool = j->pool[i];
		in->never_na = st->never_na;
		in->effort = st->effort;
		if (!mf)
			continue;
		in->has_manifest = true;
		in->na = mf->na_reason != NULL;
		for (int l = 0; l < HTA_LEVEL_COUNT; l++)
			in->own[l] = mf->level[l].claimed ? mf->level[l].own : 0;
		if (mf->provider >= 0) {
			in->weight = mf->weight_used;
			in->provider_h = j->sc.providers[mf->provider].score_h;
		}
		in->waived = mf->has_waiver && mf->waiver_expires >= j->as_of;
	}
	j->sp = (struct hta_score_params){ j->tier, j->mm, &j->cat->settings };
	hta_score_all(&j->sp, j->in, j->out, n, &j->res);
	int rc = hta_deliver_prepare(&j->dc, j->cat, &j->sc, &j->sp, j->in, j->out, n,
					 j->o->errors, err);
	if (rc)
		return rc;
	j->gaps = hta_plan(&j->sp, j->in, j->out, n, &j->res, j->ids, j->order);
	return j->gaps < 0 ? NOMEM(err) : 0;
}

/* Fold: the run's header, verdict and pools. */
static int fold_header(struct hta_run *run, const struct job *j, struct hta_err *err)
{
	const struct hta_catalog *cat = j->cat;
	const struct hta_scope *sc = &j->sc;
	const struct hta_score_result *res = &j->res;
	struct hta_arena *A = &run->arena;
	char started[32];
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(started, sizeof(started), "%Y-%m-%dT%H:%M:%SZ", &tm);
	run->tier = j->tier;
	run->addons = j->addons;
	run->addons_str = hta_addons_str(j->addons);
	run->as_of = j->as_of;
	run->measured_managed = j->mm;
	run->started_at = hta_arena_strdup(A, started);
	run->evidence_root = hta_arena_strdup(A, j->ev.root);
	run->catalog_name = hta_arena_strdup(A, cat->name);
	run->catalog_version = hta_arena_strdup(A, cat->version);
	run->catalog_digest = hta_arena_strdup(A, cat->digest);
	run->tool_version = HTA_VERSION;
	run->organization = sc->organization ? hta_arena_strdup(A, sc->organization) : NULL;
	run->assessment = sc->assessment ? hta_arena_strdup(A, sc->assessment) : NULL;
	run->scope_file = sc->file ? hta_arena_strdup(A, sc->file) : NULL;
	run->pass = res->pass;
	run->gap_count = res->gaps;
	run->cap_count = res->caps;
	run->waived_gaps = res->waived_gaps;
	run->waived_caps = res->waived_caps;
	run->manifests = j->ev.n_manifests;
	run->files_seen = j->ev.files_seen;
	if (!run->started_at || !run->evidence_root || !run->catalog_name || !run->catalog_version ||
	    !run->catalog_digest ||
	    (sc->organization && !run->organization) || (sc->assessment && !run->assessment) ||
	    (sc->file && !run->scope_file))
		return NOMEM(err);
	double overall = 0;
	int scored_domains = 0;
	for (int d = 1; d <= HTA_DOMAINS; d++) {
		char key[12]; /* room for any int: -O1 -Wformat-truncation */
		snprintf(key, sizeof(key), "%02d", d);
		pool_copy(&run->domains[d], &res->domain[d], key,
			  hta_arena_strdup(A, cat->domain_name[d]));
		if (!run->domains[d].name)
			return NOMEM(err);
		if (res->domain[d].scored) {
			overall += run->domains[d].score;
			scored_domains++;
		}
	}
	run->overall = scored_domains ? overall / scored_domains : 0;
	pool_copy(&run->ai_security, &res->ai_security, hta_pool_name(HTA_POOL_AI_SECURITY),
		  hta_pool_label(run, HTA_POOL_AI_SECURITY, 0));
	pool_copy(&run->ai_risk, &res->ai_risk, hta_pool_name(HTA_POOL_AI_RISK),
		  hta_pool_label(run, HTA_POOL_AI_RISK, 0));
	pool_copy(&run->compliance, &res->compliance, hta_pool_name(HTA_POOL_COMPLIANCE),
		  hta_pool_label(run, HTA_POOL_COMPLIANCE, 0));
	return 0;
}

/* Fold one in-scope statement into `r` (strings copied into the run). */
static int fold_req(struct hta_run *run, struct hta_run_req *r, const struct job *j, size_t i)
{
	struct hta_arena *A = &run->arena;
	const struct hta_statement *st = &j->cat->stmts[i];
	const struct hta_manifest *mf = j->ev.by_stmt[i];
	const struct hta_req_out *out = &j->out[i];
	r->id = st->id;
	r->title = st->title;
	r->control = st->control;
	r->statement = st->text;
	r->domain = st->domain;
	r->pool = j->pool[i];
	r->status = out->status;
	r->score = PTS(out->score);
	r->ceiling = PTS(out->ceiling);
	r->scored = out->scored;
	for (int l = 0; l < HTA_LEVEL_COUNT; l++)
		r->level[l] = (double)out->level[l] / (double)HTA_LEVEL_UNIT;
	r->effort = st->effort;
	r->gap = out->gap;
	r->cap = out->cap;
	r->blocker = out->blocker;
	r->rank = out->rank;
	r->rank_kind = out->rank_kind;
	r->points_lost = r->gap ? PTS(out->ceiling - out->score) : 0;
	r->waived = j->in[i].waived && r->gap;
	if (mf) {
		r->owner = mf->owner;
		r->manifest = mf->path;
		r->manifest_line = mf->line;
		r->na_reason = mf->na_reason;
		r->waiver_reason = mf->waiver_reason;
		r->waiver_expires = mf->waiver_expires;
		r->inherited_weight = mf->provider >= 0 ? mf->weight_used : 0;
		r->provider = mf->provider >= 0 ? j->sc.providers[mf->provider].name : NULL;
	}
	/* Strings still point into the catalog, evidence and scope: copy. */
	const char **own[] = { &r->id, &r->title, &r->control, &r->statement, &r->owner,
			       &r->manifest, &r->na_reason, &r->waiver_reason, &r->provider };
	for (size_t k = 0; k < sizeof(own) / sizeof(own[0]); k++)
		if (*own[k] && !(*own[k] = hta_arena_strdup(A, *own[k])))
			return HTA_ENOMEM;
	if (r->gap && !(r->reason = reason(run, r, out, &j->in[i], &j->res, &j->cat->settings)))
		return HTA_ENOMEM;
	return 0;
}

/* Fold: the in-scope statements, in catalog order, and the gap order. */
static int fold_reqs(struct hta_run *run, const struct job *j, struct hta_err *err)
{
	size_t n = j->n, m = 0;
	for (size_t i = 0; i < n; i++)
		m += j->pool[i] != HTA_POOL_OUT;
	run->reqs = hta_arena_array(&run->arena, m ? m : 1, sizeof(*run->reqs));
	run->gap_order = hta_arena_array(&run->arena, (size_t)j->gaps + 1, sizeof(*run->gap_order));
	size_t *slot = hta_calloc(n ? n : 1, sizeof(*slot)); /* catalog index -> reqs index */
	int rc = 0;
	if (!run->reqs || !run->gap_order || !slot) {
		rc = NOMEM(err);
		goto done;
	}
	m = 0;
	for (size_t i = 0; i < n; i++) {
		if (j->pool[i] == HTA_POOL_OUT)
			continue;
		slot[i] = m;
		if (fold_req(run, &run->reqs[m++], j, i)) {
			rc = NOMEM(err);
			goto done;
		}
	}
	run->n_reqs = m;
	for (long k = 0; k < j->gaps; k++)
		run->gap_order[k] = slot[j->order[k]];
	run->n_gaps = (size_t)j->gaps;
done:
	hta_free(slot);
	return rc;
}

/* Fold: the evidence findings. */
static int fold_findings(struct hta_run *run, const struct job *j, struct hta_err *err)
{
	struct hta_arena *A = &run->arena;
	const struct hta_evidence *ev = &j->ev;
	run->findings = hta_arena_array(A, ev->findings.n ? ev->findings.n : 1,
					sizeof(*run->findings));
	if (!run->findings)
		return NOMEM(err);
	for (size_t k = 0; k < ev->findings.n; k++) {
		const struct hta_finding *f = ev->findings.v[k];
		struct hta_run_finding *rf = &run->findings[k];
		rf->req_id = f->stmt >= 0 ? hta_arena_strdup(A, j->cat->stmts[f->stmt].id) : NULL;
		rf->path = f->path ? hta_arena_strdup(A, f->path) : NULL;
		rf->line = f->line;
		rf->code = f->code;
		rf->message = hta_arena_strdup(A, f->message);
		if ((f->stmt >= 0 && !rf->req_id) || (f->path && !rf->path) || !rf->message)
			return NOMEM(err);
	}
	run->n_findings = ev->findings.n;
	return 0;
}

/* Stage 4: the self-contained run record. */
static int fold_run(struct hta_run *run, const struct job *j, struct hta_err *err)
{
	int rc;
	if ((rc = fold_header(run, j, err)) || (rc = fold_reqs(run, j, err)) ||
	    (rc = fold_findings(run, j, err)) || (rc = fold_artifacts(run, &j->ev, &j->hr, err)))
		return rc;
	struct hta_deliver_in di = { j->cat, &j->sc, &j->ev, j->o, j->pool, j->scored, j->in,
				     j->out, j->order, (size_t)j->gaps, &j->res };
	return hta_deliver_fold(run, &j->dc, &di, err);
}

int hta_assess(const struct hta_catalog *cat, const struct hta_assess_opts *o,
	       struct hta_run *run, struct hta_err *err)
{
	struct job j;
	struct progress pr = { o, { 0 } };
	memset(&j, 0, sizeof(j));
	j.cat = cat;
	j.o = o;
	memset(run, 0, sizeof(*run));
	int rc = effective_params(&j, err);
	if (rc == HTA_EINVAL && o->errors)
		rc = list_evidence_errors(&j, err);
	else if (!rc)
		rc = gather_evidence(&j, &pr, err);
	if (!rc)
		rc = score(&j, err);
	if (!rc)
		rc = fold_run(run, &j, err);
	if (rc)
		hta_run_free(run);
	job_free(&j);
	return rc;
}
