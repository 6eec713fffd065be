/*
 * evidence_hash.c — the evidence model's side of hashing: the artifacts the
 * evidence check resolved become hash items (each distinct file once), the
 * cache is asked first, and a file that cannot be read, or changed while it
 * was read, becomes a finding on every scored claim that names it. The
 * digest engine itself (hash.c) knows nothing of manifests.
 */
#include "hta/evidence.h"
#include "hta/hash.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define NOMEM(err) hta_err_set((err), HTA_ENOMEM, "out of memory")

struct by_real {
	const char *resolved;
	size_t art; /* index into ev->artifacts */
};

static int cmp_real(const void *a, const void *b)
{
	const struct by_real *x = a, *y = b;
	int c = strcmp(x->resolved, y->resolved);
	return c ? c : x->art < y->art ? -1 : x->art > y->art;
}

struct bad_name {
	const char *name;                 /* first: compared as a string key */
	const struct hta_hash_item *it;
};

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static enum hta_finding_code bad_code(int state)
{
	switch (state) {
	case HTA_HASH_REPLACED: return HTA_FIND_ARTIFACT_REPLACED;
	case HTA_HASH_MODIFIED: return HTA_FIND_ARTIFACT_MODIFIED;
	default: return HTA_FIND_ARTIFACT_UNREADABLE;
	}
}

/* Findings for the claims that name an artifact which could not be hashed. */
static int refuse_claims(struct hta_evidence *ev, const unsigned char *pool, unsigned scored,
			 struct hta_hash_result *res, struct hta_err *err)
{
	size_t nbad = 0;
	for (size_t a = 0; a < ev->artifacts.n; a++) {
		const struct hta_hash_item *it = res->by_artifact[a];
		nbad += it && it->state >= HTA_HASH_UNREADABLE;
	}
	if (!nbad)
		return 0;
	/* The bad artifacts by name (failures are rare: a sorted array will do). */
	struct bad_name *bad = hta_calloc(nbad, sizeof(*bad));
	if (!bad)
		return NOMEM(err);
	for (size_t a = 0, k = 0; a < ev->artifacts.n; a++) {
		const struct hta_artifact *art = ev->artifacts.v[a];
		const struct hta_hash_item *it = res->by_artifact[a];
		if (it && it->state >= HTA_HASH_UNREADABLE)
			bad[k++] = (struct bad_name){ art->path, it };
	}
	qsort(bad, nbad, sizeof(*bad), cmp_name);
	int rc = 0;
	for (size_t i = 0; i < ev->n_manifests && !rc; i++) {
		struct hta_manifest *mf = &ev->manifests[i];
		if (pool[mf->stmt] == HTA_POOL_OUT)
			continue;
		bool touched = false;
		for (int l = 0; l < HTA_LEVEL_COUNT && !rc; l++) {
			struct hta_claim *c = &mf->level[l];
			if (!((scored >> l) & 1) || !c->claimed)
				continue;
			for (size_t j = 0; j < c->n_artifacts; j++) {
				const struct bad_name *hit = bsearch(&c->artifacts[j], bad, nbad,
								     sizeof(*bad), cmp_name);
				if (!hit)
					continue;
				const struct hta_hash_item *it = hit->it;
				const char *ln = hta_level_name((enum hta_level)l);
				if (it->state == HTA_HASH_UNREADABLE)
					rc = hta_evidence_finding(ev, mf->stmt, mf->path,
								  c->artifact_lines[j], bad_code(it->state),
								  "%s artifact '%s' cannot be read (%s); the "
								  "level counts 0", ln, c->artifacts[j],
								  it->err_no ? strerror(it->err_no)
									     : "read failed");
				else
					rc = hta_evidence_finding(ev, mf->stmt, mf->path,
								  c->artifact_lines[j], bad_code(it->state),
								  "%s artifact '%s' %s while it was being "
								  "hashed; the level counts 0", ln,
								  c->artifacts[j],
								  it->state == HTA_HASH_REPLACED
									  ? "was replaced (no longer the "
									    "regular file that was checked)"
									  : "changed");
				if (rc) {
					rc = NOMEM(err);
					break;
				}
				c->own = 0;
				touched = true;
			}
		}
		/* A statement split across manifests is scored from their union
		 * (contract 8.1; built by hta_evidence_check()): the level this
		 * file claims drops to 0 there too. Then rule 3 again, on what is
		 * scored, since measured may just have dropped to 0. */
		struct hta_manifest *u = ev->by_stmt ? ev->by_stmt[mf->stmt] : NULL;
		if (!u)
			u = mf;
		if (!rc && touched && u != mf)
			for (int l = 0; l < HTA_LEVEL_COUNT; l++)
				if (((scored >> l) & 1) && mf->level[l].claimed && !mf->level[l].own)
					u->level[l].own = 0;
		if (!rc && touched)
			rc = hta_manifest_cap_managed(ev, u, scored, err);
	}
	hta_free(bad);
	return rc;
}

int hta_evidence_hash(struct hta_evidence *ev, const unsigned char *pool, unsigned scored,
		      const struct hta_hash_opts *o, hta_hash_cache_fn cache, void *cache_ctx,
		      struct hta_hash_result *res, struct hta_err *err)
{
	size_t na = ev->artifacts.n, nok = 0;
	int rc = 0;
	memset(res, 0, sizeof(*res));
	res->by_artifact = hta_arena_array(&ev->arena, na ? na : 1, sizeof(*res->by_artifact));
	if (!res->by_artifact)
		return NOMEM(err);
	for (size_t a = 0; a < na; a++)
		nok += ((const struct hta_artifact *)ev->artifacts.v[a])->status == HTA_ART_OK;

	/* One item per distinct file: two spellings of a path are read once. */
	struct by_real *r = hta_calloc(nok ? nok : 1, sizeof(*r));
	if (!r)
		return NOMEM(err);
	for (size_t a = 0, k = 0; a < na; a++) {
		const struct hta_artifact *art = ev->artifacts.v[a];
		if (art->status == HTA_ART_OK)
			r[k++] = (struct by_real){ art->resolved, a };
	}
	qsort(r, nok, sizeof(*r), cmp_real);
	size_t m = 0;
	for (size_t k = 0; k < nok; k++)
		m += k == 0 || strcmp(r[k].resolved, r[k - 1].resolved) != 0;
	res->items = hta_arena_array(&ev->arena, m ? m : 1, sizeof(*res->items));
	if (!res->items) {
		hta_free(r);
		return NOMEM(err);
	}
	for (size_t k = 0, i = 0; k < nok; k++) {
		const struct hta_artifact *art = ev->artifacts.v[r[k].art];
		if (k == 0 || strcmp(r[k].resolved, r[k - 1].resolved) != 0) {
			struct hta_hash_item *it = &res->items[i++];
			it->name = art->path;
			it->path = art->resolved;
			it->ino = art->ino;
			it->size = art->size;
			it->mtime_ns = art->mtime_ns;
			it->ctime_ns = art->ctime_ns;
		}
		res->by_artifact[r[k].art] = &res->items[i - 1];
	}
	res->n_items = m;
	hta_free(r);

	struct timespec now;
	clock_gettime(CLOCK_REALTIME, &now);
	res->started_ns = (long long)now.tv_sec * 1000000000LL + now.tv_nsec;
	if (cache && m) {
		/* The cache only saves work: when it fails, read everything. */
		struct hta_err cerr = { 0 };
		(void)cache(cache_ctx, ev->root, res->items, m, &cerr);
	}
	if ((rc = hta_hash_items(res->items, m, o, err)))
		return rc;
	/* Out of descriptors or memory, an I/O error: the run could not look,
	 * which says nothing about the evidence. Blaming the file would store
	 * a run full of findings and a FAIL that a rerun does not repeat. */
	for (size_t i = 0; i < m; i++) {
		const struct hta_hash_item *it = &res->items[i];
		if (it->state == HTA_HASH_UNREADABLE && it->err_no &&
		    !hta_errno_is_about_file(it->err_no))
			return hta_err_at(err, HTA_EIO, it->name, 0, 0,
					  "cannot read artifact: %s (a problem of this run, not of "
					  "the evidence; nothing was stored)", strerror(it->err_no));
	}
	for (size_t i = 0; i < m; i++) {
		const struct hta_hash_item *it = &res->items[i];
		if (it->state == HTA_HASH_CACHED)
			res->cached++;
		else if (it->state == HTA_HASH_DONE) {
			res->hashed++;
			res->bytes_hashed += (unsigned long long)it->size;
		} else
			res->failed++;
	}
	return refuse_claims(ev, pool, scored, res, err);
}
