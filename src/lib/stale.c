/*
 * stale.c — evidence going stale (see hta/stale.h).
 */
#include "hta/stale.h"

#include <stdlib.h>
#include <string.h>

static int cmp_stale(const void *a, const void *b)
{
	const struct hta_run_stale *x = a, *y = b;
	if (x->stale_on != y->stale_on)
		return x->stale_on < y->stale_on ? -1 : 1;
	int c = strcmp(x->owner ? x->owner : "\x7f", y->owner ? y->owner : "\x7f");
	if (c)
		return c;
	if ((c = strcmp(x->req_id, y->req_id)))
		return c;
	return x->level - y->level;
}

int hta_stale_collect(const struct hta_evidence *ev, const struct hta_catalog *cat,
		      const unsigned char *pool, unsigned scored, int as_of, int window,
		      struct hta_arena *arena, struct hta_run_stale **out, size_t *n,
		      struct hta_err *err)
{
	int days = cat->settings.stale_days;
	size_t m = 0;
	for (int pass = 0; pass < 2; pass++) {
		if (pass) {
			*out = hta_arena_array(arena, m ? m : 1, sizeof(**out));
			if (!*out)
				return hta_err_set(err, HTA_ENOMEM, "out of memory");
			m = 0;
		}
		/* Per statement, its manifests' union (contract 8.1): the owner,
		 * N/A and each level whichever of its files sets them. */
		for (size_t st = 0; ev->by_stmt && st < cat->n_stmts; st++) {
			const struct hta_manifest *mf = ev->by_stmt[st];
			if (!mf || !pool[st] || (mf->na_reason && !cat->stmts[st].never_na))
				continue;
			for (int l = 0; l < HTA_LEVEL_COUNT; l++) {
				const struct hta_claim *c = &mf->level[l];
				if (!((scored >> l) & 1) || !c->claimed || c->own <= 0 || !c->has_date)
					continue;
				int on = c->date + days + 1;
				if (on <= as_of || on > as_of + window)
					continue;
				if (pass) {
					struct hta_run_stale *s = &(*out)[m];
					/* Where the date is written: the manifest
					 * claiming the level, or documents.yaml
					 * when a document lent it (8.2). */
					const char *at = c->date_file ? c->date_file
						       : c->file ? c->file : mf->path;
					s->req_id = hta_arena_strdup(arena, cat->stmts[st].id);
					s->owner = mf->owner ? hta_arena_strdup(arena, mf->owner) : NULL;
					s->manifest = hta_arena_strdup(arena, at);
					s->line = c->date_line ? c->date_line : c->line;
					s->level = l;
					s->dated = c->date;
					s->stale_on = on;
					if (!s->req_id || !s->manifest || (mf->owner && !s->owner))
						return hta_err_set(err, HTA_ENOMEM, "out of memory");
				}
				m++;
			}
		}
	}
	qsort(*out, m, sizeof(**out), cmp_stale);
	*n = m;
	return 0;
}
