/*
 * view.c — evidenced and unevidenced statements, and the filters of the
 * text summary (`--domain`, `--owner`, `--status`, `--top`); see view.h.
 */
#include "hta/view.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int hta_view_status_parse(const char *list, struct hta_err *err)
{
	unsigned bits = 0;
	const char *p = list;
	for (;;) {
		size_t n = strcspn(p, ",");
		int st = hta_gap_status_parse(p, n);
		if (st >= 0)
			bits |= 1u << st;
		else {
			hta_err_set(err, HTA_EINVAL, "--status: unknown status '%s' (%s)",
				    hta_shown_n(p, n > 64 ? 64 : n), HTA_VIEW_STATUS_NAMES);
			return -1;
		}
		if (!p[n])
			break;
		p += n + 1;
	}
	return (int)bits;
}

int hta_view_domain_parse(const char *s, char key[16], struct hta_err *err)
{
	int pool = hta_pool_parse(s);
	if (pool == HTA_POOL_AI_SECURITY || pool == HTA_POOL_AI_RISK || pool == HTA_POOL_COMPLIANCE) {
		snprintf(key, 16, "%s", hta_pool_name((enum hta_pool)pool));
		return 0;
	}
	int d = 0;
	size_t n = strlen(s);
	if (n >= 1 && n <= 2 && s[0] >= '0' && s[0] <= '9' && (n == 1 || (s[1] >= '0' && s[1] <= '9')))
		d = n == 1 ? s[0] - '0' : (s[0] - '0') * 10 + (s[1] - '0');
	if (d < 1 || d > HTA_DOMAINS)
		return hta_err_set(err, HTA_EINVAL,
				   "--domain: '%s' is not a domain (01 to 19) or a pool "
				   "(ai-security, ai-risk, compliance)", hta_shown_n(s, 64));
	snprintf(key, 16, "%02d", d);
	return 0;
}

bool hta_view_filtered(const struct hta_view_opts *o)
{
	return o && (o->domain || o->owner || o->status);
}

/* Rule of view.h: nothing a person gave for the statement shows in the run. */
static bool is_unevidenced(const struct hta_run_req *r, const unsigned char *has_finding)
{
	if (r->status == HTA_ST_NO_EVIDENCE)
		return true;
	if (r->status != HTA_ST_SCORED || r->owner || r->provider || r->waiver_reason ||
	    r->na_reason || *has_finding || r->score > 0)
		return false;
	for (int l = 0; l < HTA_LEVEL_COUNT; l++)
		if (((r->scored >> l) & 1) && r->level[l] > 0)
			return false;
	return true;
}

static unsigned gap_bits(const struct hta_run_req *r)
{
	if (!r->gap)
		return 0;
	if (r->waived)
		return HTA_VS_WAIVED;
	return HTA_VS_GAP | (r->cap ? HTA_VS_CAP : 0) | (r->blocker ? HTA_VS_BLOCKER : 0);
}

/* A statement id and its index in run->reqs, sorted by id for look-ups. */
struct id_ix {
	const char *id;
	size_t i;
};

static int by_id(const void *a, const void *b)
{
	return strcmp(((const struct id_ix *)a)->id, ((const struct id_ix *)b)->id);
}

static long req_index(const struct id_ix *ix, size_t n, const char *id)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(ix[mid].id, id);
		if (c == 0)
			return (long)ix[mid].i;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/* Pools in report order: domains 01..19, then the apart pools. */
static const struct hta_run_pool *pool_at(const struct hta_run *run, size_t i)
{
	if (i < HTA_DOMAINS)
		return &run->domains[i + 1];
	switch (i - HTA_DOMAINS) {
	case 0: return &run->ai_security;
	case 1: return &run->ai_risk;
	default: return &run->compliance;
	}
}

#define N_POOLS (HTA_DOMAINS + 3)

static const char *pool_key_at(const struct hta_run *run, size_t i)
{
	static const enum hta_pool apart[] = { HTA_POOL_AI_SECURITY, HTA_POOL_AI_RISK,
					       HTA_POOL_COMPLIANCE };
	return i < HTA_DOMAINS ? run->domains[i + 1].key : hta_pool_name(apart[i - HTA_DOMAINS]);
}

static size_t pool_slot(const struct hta_run_req *r)
{
	switch (r->pool) {
	case HTA_POOL_AI_SECURITY: return HTA_DOMAINS;
	case HTA_POOL_AI_RISK: return HTA_DOMAINS + 1;
	case HTA_POOL_COMPLIANCE: return HTA_DOMAINS + 2;
	default: return r->domain >= 1 && r->domain <= HTA_DOMAINS ? (size_t)r->domain - 1 : N_POOLS;
	}
}

/*
 * Build the view. The findings are matched to statements through an id
 * index (sorted copy of the statement order), so a run with thousands of
 * findings and statements costs n log n, not n * m.
 */
int hta_view_build(struct hta_view *v, const struct hta_run *run,
		   const struct hta_view_opts *o, struct hta_err *err)
{
	struct hta_view_opts none = HTA_VIEW_OPTS_INIT;
	if (!o)
		o = &none;
	memset(v, 0, sizeof(*v));
	struct hta_arena *a = &v->arena;
	size_t nr = run->n_reqs;
	unsigned char *has_finding = hta_arena_array(a, nr + 1, 1);
	long *finding_req = hta_arena_array(a, run->n_findings + 1, sizeof(long));
	struct id_ix *order = hta_arena_array(a, nr + 1, sizeof(struct id_ix));
	v->unevidenced = hta_arena_array(a, nr + 1, sizeof(bool));
	v->selected = hta_arena_array(a, nr + 1, sizeof(bool));
	v->gaps = hta_arena_array(a, run->n_gaps + 1, sizeof(size_t));
	v->idle = hta_arena_array(a, nr + 1, sizeof(size_t));
	v->findings = hta_arena_array(a, run->n_findings + 1, sizeof(size_t));
	v->pools = hta_arena_array(a, N_POOLS, sizeof(struct hta_view_pool));
	size_t *pool_n = hta_arena_array(a, N_POOLS + 1, sizeof(size_t));
	if (!has_finding || !finding_req || !order || !v->unevidenced || !v->selected ||
	    !v->gaps || !v->idle || !v->findings || !v->pools || !pool_n)
		return hta_err_set(err, HTA_ENOMEM, "out of memory");

	for (size_t i = 0; i < nr; i++)
		order[i] = (struct id_ix){ run->reqs[i].id ? run->reqs[i].id : "", i };
	qsort(order, nr, sizeof(*order), by_id);
	for (size_t k = 0; k < run->n_findings; k++) {
		const struct hta_run_finding *f = &run->findings[k];
		finding_req[k] = f->req_id ? req_index(order, nr, f->req_id) : -1;
		if (finding_req[k] >= 0 && f->code != HTA_FIND_NO_EVIDENCE)
			has_finding[finding_req[k]] = 1;
	}

	bool want_idle = !o->status || (o->status & HTA_VS_NO_EVIDENCE);
	for (size_t i = 0; i < nr; i++) {
		const struct hta_run_req *r = &run->reqs[i];
		v->unevidenced[i] = is_unevidenced(r, &has_finding[i]);
		size_t slot = pool_slot(r);
		v->selected[i] = (!o->domain ||
				  (slot < N_POOLS && strcmp(pool_key_at(run, slot), o->domain) == 0)) &&
				 (!o->owner || (r->owner && strcasecmp(r->owner, o->owner) == 0));
		if (v->selected[i] && v->unevidenced[i] && want_idle) {
			v->idle[v->n_idle++] = i;
			if (slot < N_POOLS)
				pool_n[slot]++;
		}
	}
	for (size_t k = 0; k < run->n_gaps; k++) {
		size_t i = run->gap_order[k];
		if (v->selected[i] && !v->unevidenced[i] &&
		    (!o->status || (gap_bits(&run->reqs[i]) & o->status)))
			v->gaps[v->n_gaps++] = i;
	}
	bool any_filter = o->domain || o->owner;
	for (size_t k = 0; k < run->n_findings; k++) {
		if (run->findings[k].code == HTA_FIND_NO_EVIDENCE)
			continue;
		long i = finding_req[k];
		if (i >= 0 ? v->selected[i] : !any_filter)
			v->findings[v->n_findings++] = k;
	}

	for (size_t s = 0; s < N_POOLS; s++) {
		if (!pool_n[s])
			continue;
		struct hta_view_pool *p = &v->pools[v->n_pools++];
		p->key = pool_key_at(run, s);
		p->name = pool_at(run, s)->name;
		p->total = (size_t)pool_at(run, s)->total;
		p->reqs = hta_arena_array(a, pool_n[s], sizeof(size_t));
		if (!p->reqs)
			return hta_err_set(err, HTA_ENOMEM, "out of memory");
		for (size_t j = 0; j < v->n_idle; j++) {
			const struct hta_run_req *r = &run->reqs[v->idle[j]];
			if (pool_slot(r) != s)
				continue;
			p->reqs[p->n++] = v->idle[j];
			p->cap |= r->cap;
			p->blocker |= r->blocker;
		}
	}
	return 0;
}

void hta_view_free(struct hta_view *v)
{
	hta_arena_free(&v->arena);
	memset(v, 0, sizeof(*v));
}
