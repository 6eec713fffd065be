/*
 * soc2.c — the SOC 2 crosswalk and candidate evidence (see hta/soc2.h).
 */
#include "hta/doc.h"
#include "hta/soc2.h"

#include <stdio.h>
#include <string.h>

void hta_soc2_free(struct hta_soc2 *x)
{
	hta_arena_free(&x->arena);
	memset(x, 0, sizeof(*x));
}

/* CC1.1, A1.2, C1.1, PI1.5, P4.2: letters, a digit, a dot, digits. */
static bool valid_id(const char *s)
{
	size_t i = 0;
	while (s[i] >= 'A' && s[i] <= 'Z')
		i++;
	if (i == 0 || i > 2 || s[i] < '1' || s[i] > '9')
		return false;
	i++;
	if (s[i++] != '.' || s[i] < '0' || s[i] > '9')
		return false;
	while (s[i] >= '0' && s[i] <= '9')
		i++;
	return s[i] == 0 && i < 8;
}

long hta_soc2_find(const struct hta_soc2 *x, const char *id)
{
	for (size_t i = 0; i < x->n_crit; i++)
		if (strcmp(x->crit[i].id, id) == 0)
			return (long)i;
	return -1;
}

static int load_criterion(struct hta_soc2 *x, const struct hta_catalog *cat,
			  const struct hta_doc *d, const struct hta_node *m,
			  struct hta_soc2_criterion *c, struct hta_err *err)
{
	static const char *const keys[] = { "id", "title", "nist_800_53", "statements", NULL };
	const struct hta_node *idn = hta_map_get(m, "id"), *tn = hta_map_get(m, "title"),
			      *sn = hta_map_get(m, "statements"), *nn;
	const char *id, *title;
	if (hta_map_check(d, m, "criterion", keys, err))
		return HTA_EINVAL;
	if (!idn || !tn || !sn)
		return hta_node_err(d, m, err, "a criterion needs id, title and statements");
	if (hta_node_str(d, idn, "id", &id, err) || hta_node_str(d, tn, "title", &title, err))
		return HTA_EINVAL;
	if (!valid_id(id))
		return hta_node_err(d, idn, err, "'%s' is not a Trust Services Criteria id",
				    hta_shown(id));
	if (hta_soc2_find(x, id) >= 0)
		return hta_node_err(d, idn, err, "criterion %s is listed twice", id);
	if ((nn = hta_map_get(m, "nist_800_53")) && hta_seq_check(d, nn, "nist_800_53", err))
		return HTA_EINVAL;
	if (hta_seq_check(d, sn, "statements", err))
		return HTA_EINVAL;
	if (!(c->id = hta_arena_strdup(&x->arena, id)) ||
	    !(c->title = hta_arena_strdup(&x->arena, title)) ||
	    !(c->stmts = hta_arena_array(&x->arena, sn->n ? sn->n : 1, sizeof(*c->stmts))))
		return hta_err_set(err, HTA_ENOMEM, "out of memory");
	for (size_t i = 0; i < sn->n; i++) {
		const char *s;
		if (hta_node_str(d, sn->items[i], "statement id", &s, err))
			return HTA_EINVAL;
		long si = hta_catalog_find(cat, s);
		if (si < 0)
			return hta_node_err(d, sn->items[i], err, "unknown statement '%s'",
					    hta_shown(s));
		c->stmts[c->n_stmts++] = (size_t)si;
	}
	return 0;
}

int hta_soc2_load(struct hta_soc2 *x, const struct hta_catalog *cat, struct hta_err *err)
{
	static const char *const keys[] = { "crosswalk", "criteria", NULL };
	char path[4096];
	memset(x, 0, sizeof(*x));
	if ((size_t)snprintf(path, sizeof(path), "%s/crosswalk/soc2.yaml", cat->dir ? cat->dir : ".") >=
	    sizeof(path))
		return hta_err_set(err, HTA_EINVAL, "catalog path is too long");
	struct hta_doc d;
	int rc = hta_doc_load(&d, path, NULL, 0, &hta_doc_limits_catalog, err);
	if (rc)
		return rc;
	rc = HTA_EINVAL;
	const struct hta_node *r = d.root, *seq;
	if (!r || hta_map_check(&d, r, "soc2 crosswalk", keys, err))
		goto done;
	if (!(seq = hta_map_get(r, "criteria"))) {
		hta_node_err(&d, r, err, "missing 'criteria'");
		goto done;
	}
	if (hta_seq_check(&d, seq, "criteria", err))
		goto done;
	x->crit = hta_arena_array(&x->arena, seq->n ? seq->n : 1, sizeof(*x->crit));
	x->file = hta_arena_strdup(&x->arena, path);
	if (!x->crit || !x->file) {
		rc = hta_err_set(err, HTA_ENOMEM, "out of memory");
		goto done;
	}
	for (size_t i = 0; i < seq->n; i++) {
		if ((rc = load_criterion(x, cat, &d, seq->items[i], &x->crit[i], err)))
			goto done;
		x->n_crit = i + 1;
	}
	rc = 0;
done:
	hta_doc_free(&d);
	if (rc)
		hta_soc2_free(x);
	return rc;
}

int hta_soc2_candidates(const struct hta_soc2 *x, const struct hta_catalog *cat,
			const struct hta_scope *sc, struct hta_arena *arena, const char **out,
			struct hta_err *err)
{
	const struct hta_scope_soc2 *so = &sc->soc2;
	bool *excluded = hta_calloc(x->n_crit ? x->n_crit : 1, sizeof(*excluded));
	struct hta_buf *bufs = hta_calloc(cat->n_stmts ? cat->n_stmts : 1, sizeof(*bufs));
	int rc = 0;
	if (!excluded || !bufs) {
		rc = hta_err_set(err, HTA_ENOMEM, "out of memory");
		goto done;
	}
	for (size_t k = 0; k < so->n_exceptions; k++) {
		long c = hta_soc2_find(x, so->exceptions[k]);
		if (c < 0) {
			rc = hta_err_at(err, HTA_EINVAL, sc->file ? sc->file : "scope.yaml",
					so->exception_lines[k], so->exception_cols[k],
					"unknown SOC 2 criterion '%s' (%s lists them)",
					hta_shown(so->exceptions[k]), x->file);
			goto done;
		}
		excluded[c] = true;
	}
	for (size_t c = 0; c < x->n_crit; c++) {
		if (excluded[c])
			continue;
		for (size_t k = 0; k < x->crit[c].n_stmts; k++) {
			struct hta_buf *b = &bufs[x->crit[c].stmts[k]];
			hta_buf_printf(b, "%s%s", b->len ? " " : "", x->crit[c].id);
		}
	}
	for (size_t i = 0; i < cat->n_stmts; i++) {
		if (bufs[i].failed) {
			rc = hta_err_set(err, HTA_ENOMEM, "out of memory");
			goto done;
		}
		out[i] = NULL;
		if (bufs[i].len && !(out[i] = hta_arena_strdup(arena, bufs[i].s))) {
			rc = hta_err_set(err, HTA_ENOMEM, "out of memory");
			goto done;
		}
	}
done:
	if (bufs)
		for (size_t i = 0; i < cat->n_stmts; i++)
			hta_buf_free(&bufs[i]);
	hta_free(bufs);
	hta_free(excluded);
	return rc;
}
