/*
 * crosswalk.c — load a crosswalk list and measure the catalog against it.
 */
#include "hta/crosswalk.h"
#include "hta/doc.h"

#include <stdio.h>
#include <string.h>

int hta_crosswalk_load(struct hta_crosswalk *cw, const struct hta_catalog *cat,
		       const char *name, struct hta_err *err)
{
	static const char *const keys[] = { "crosswalk", "items", NULL };
	static const char *const hkeys[] = { "name", "map", "title", NULL };
	static const char *const ikeys[] = { "id", "title", NULL };
	char path[4096];
	struct hta_doc d;
	int rc;
	memset(cw, 0, sizeof(*cw));
	for (const char *p = name; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-'))
			return hta_err_set(err, HTA_EINVAL, "unknown crosswalk '%s'", name);
	if ((size_t)snprintf(path, sizeof(path), "%s/crosswalk/%s.yaml", cat->dir, name) >=
	    sizeof(path))
		return hta_err_set(err, HTA_EINVAL, "crosswalk path is too long");
	if ((rc = hta_doc_load(&d, path, path, 0, &hta_doc_limits_catalog, err)))
		return rc;
	const struct hta_node *h, *items, *v;
	const char *s;
	rc = HTA_EINVAL;
	if (hta_map_check(&d, d.root, "crosswalk file", keys, err) ||
	    hta_map_check(&d, h = hta_map_get(d.root, "crosswalk"), "crosswalk", hkeys, err) ||
	    hta_seq_check(&d, items = hta_map_get(d.root, "items"), "items", err))
		goto done;
	if (hta_node_str(&d, v = hta_map_get(h, "map"), "map", &s, err))
		goto done;
	int k;
	for (k = 0; k < HTA_MAP_COUNT && strcmp(hta_map_name((enum hta_map_kind)k), s); k++)
		;
	if (k == HTA_MAP_COUNT) {
		hta_node_err(&d, v, err, "unknown map '%s'", s);
		goto done;
	}
	cw->map = (enum hta_map_kind)k;
	if (hta_node_str(&d, hta_map_get(h, "name"), "name", &s, err) ||
	    !(cw->name = hta_arena_strdup(&cw->arena, s)) ||
	    hta_node_str(&d, hta_map_get(h, "title"), "title", &s, err) ||
	    !(cw->title = hta_arena_strdup(&cw->arena, s)))
		goto done_mem;
	cw->items = hta_arena_array(&cw->arena, items->n ? items->n : 1, sizeof(*cw->items));
	cw->mapped_by = hta_arena_array(&cw->arena, items->n ? items->n : 1, sizeof(size_t));
	if (!cw->items || !cw->mapped_by)
		goto done_mem;
	for (size_t i = 0; i < items->n; i++) {
		const struct hta_node *it = items->items[i];
		const char *id, *title;
		if (hta_map_check(&d, it, "item", ikeys, err) ||
		    hta_node_str(&d, hta_map_get(it, "id"), "id", &id, err) ||
		    hta_node_str(&d, hta_map_get(it, "title"), "title", &title, err))
			goto done;
		if (!(cw->items[i].id = hta_arena_strdup(&cw->arena, id)) ||
		    !(cw->items[i].title = hta_arena_strdup(&cw->arena, title)))
			goto done_mem;
	}
	cw->n_items = items->n;
	rc = 0;
	goto done;
done_mem:
	if (err && !err->code)
		hta_err_set(err, HTA_ENOMEM, "out of memory");
	rc = err ? err->code : HTA_EINVAL;
done:
	hta_doc_free(&d);
	if (rc)
		hta_crosswalk_free(cw);
	return rc;
}

size_t hta_crosswalk_cover(struct hta_crosswalk *cw, const struct hta_catalog *cat,
			   unsigned tiers, bool addons)
{
	size_t covered = 0;
	for (size_t i = 0; i < cw->n_items; i++) {
		cw->mapped_by[i] = 0;
		for (size_t s = 0; s < cat->n_stmts; s++) {
			const struct hta_statement *st = &cat->stmts[s];
			if (!(st->tiers & tiers) && !(addons && st->addon))
				continue;
			const struct hta_strlist *m = &st->maps[cw->map];
			for (size_t j = 0; j < m->n; j++)
				if (strcmp(m->v[j], cw->items[i].id) == 0) {
					cw->mapped_by[i]++;
					break;
				}
		}
		covered += cw->mapped_by[i] > 0;
	}
	return covered;
}

void hta_crosswalk_free(struct hta_crosswalk *cw)
{
	hta_arena_free(&cw->arena);
	memset(cw, 0, sizeof(*cw));
}
