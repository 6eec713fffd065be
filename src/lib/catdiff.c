/*
 * catdiff.c — catalog-to-catalog and run-to-run comparison of statements
 * (hta/catdiff.h).
 */
#include "hta/catdiff.h"
#include "hta/alloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const field_names[HTA_CD_COUNT] = {
	"title", "text", "domain", "control", "tiers", "addon", "factors",
	"never_na", "oversight", "inheritable", "effort", "maps", "evidence"
};

const char *hta_cd_field_name(enum hta_cd_field f)
{
	return (unsigned)f < HTA_CD_COUNT ? field_names[f] : "?";
}

void hta_cond_name(const struct hta_catalog *cat, const struct hta_cond *c, char *out, size_t n)
{
	switch (c->kind) {
	case HTA_COND_BOOL: snprintf(out, n, "%s", cat->factors[c->index].name); break;
	case HTA_COND_LEVEL:
		snprintf(out, n, "%s>=%d", cat->factors[c->index].name, c->level);
		break;
	case HTA_COND_COMPLIANCE:
		snprintf(out, n, "compliance:%s", cat->compliance[c->index].id);
		break;
	case HTA_COND_AI:
		snprintf(out, n, "ai:%s", hta_ai_feature_name((enum hta_ai_feature)c->index));
		break;
	}
}

static bool str_eq(const char *x, const char *y)
{
	return (!x && !y) || (x && y && strcmp(x, y) == 0);
}

static int cmp_cstr(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* Two lists of strings hold the same set (order and repeats aside). */
static bool same_set(const char **x, size_t nx, const char **y, size_t ny, int *oom)
{
	if (!nx && !ny)
		return true;
	const char **sx = hta_calloc(nx ? nx : 1, sizeof(*sx)), **sy = hta_calloc(ny ? ny : 1, sizeof(*sy));
	bool same = false;
	if (!sx || !sy) {
		*oom = 1;
		goto out;
	}
	if (nx) { /* memcpy and qsort must not be handed NULL, even for 0 items */
		memcpy(sx, x, nx * sizeof(*sx));
		qsort(sx, nx, sizeof(*sx), cmp_cstr);
	}
	if (ny) {
		memcpy(sy, y, ny * sizeof(*sy));
		qsort(sy, ny, sizeof(*sy), cmp_cstr);
	}
	size_t i = 0, j = 0;
	same = true;
	while (same && (i < nx || j < ny)) {
		if (i < nx && i > 0 && strcmp(sx[i], sx[i - 1]) == 0) {
			i++;
			continue;
		}
		if (j < ny && j > 0 && strcmp(sy[j], sy[j - 1]) == 0) {
			j++;
			continue;
		}
		same = i < nx && j < ny && strcmp(sx[i], sy[j]) == 0;
		i++;
		j++;
	}
out:
	hta_free(sx);
	hta_free(sy);
	return same;
}

/* The condition names of a statement's when (or requires) list. */
static const char **cond_names(const struct hta_catalog *cat, const struct hta_cond *c, size_t n,
			       char (*buf)[96])
{
	const char **v = hta_calloc(n ? n : 1, sizeof(*v));
	for (size_t i = 0; v && i < n; i++) {
		hta_cond_name(cat, &c[i], buf[i], sizeof(buf[i]));
		v[i] = buf[i];
	}
	return v;
}

static bool same_conds(const struct hta_catalog *ca, const struct hta_cond *a, size_t na,
		       const struct hta_catalog *cb, const struct hta_cond *b, size_t nb, int *oom)
{
	if (!na && !nb)
		return true;
	char (*ba)[96] = hta_calloc(na ? na : 1, sizeof(*ba)), (*bb)[96] = hta_calloc(nb ? nb : 1, sizeof(*bb));
	const char **va = ba ? cond_names(ca, a, na, ba) : NULL;
	const char **vb = bb ? cond_names(cb, b, nb, bb) : NULL;
	bool same = false;
	if (!va || !vb)
		*oom = 1;
	else
		same = same_set(va, na, vb, nb, oom);
	hta_free(va);
	hta_free(vb);
	hta_free(ba);
	hta_free(bb);
	return same;
}

static unsigned stmt_fields(const struct hta_catalog *ca, const struct hta_statement *x,
			    const struct hta_catalog *cb, const struct hta_statement *y, int *oom)
{
	unsigned f = 0;
	if (!str_eq(x->title, y->title))
		f |= 1u << HTA_CD_TITLE;
	if (!str_eq(x->text, y->text))
		f |= 1u << HTA_CD_TEXT;
	if (x->domain != y->domain)
		f |= 1u << HTA_CD_DOMAIN;
	if (!str_eq(x->control, y->control))
		f |= 1u << HTA_CD_CONTROL;
	if (x->tiers != y->tiers)
		f |= 1u << HTA_CD_TIERS;
	if (x->addon != y->addon)
		f |= 1u << HTA_CD_ADDON;
	if (!same_conds(ca, x->when, x->n_when, cb, y->when, y->n_when, oom) ||
	    !same_conds(ca, x->requires, x->n_requires, cb, y->requires, y->n_requires, oom))
		f |= 1u << HTA_CD_FACTORS;
	if (x->never_na != y->never_na)
		f |= 1u << HTA_CD_NEVER_NA;
	if (x->oversight != y->oversight)
		f |= 1u << HTA_CD_OVERSIGHT;
	if (x->inheritable != y->inheritable)
		f |= 1u << HTA_CD_INHERITABLE;
	if (x->effort != y->effort)
		f |= 1u << HTA_CD_EFFORT;
	for (int k = 0; k < HTA_MAP_COUNT; k++)
		if (!same_set(x->maps[k].v, x->maps[k].n, y->maps[k].v, y->maps[k].n, oom))
			f |= 1u << HTA_CD_MAPS;
	for (int l = 0; l < HTA_LEVEL_COUNT; l++)
		if (!str_eq(x->evidence[l], y->evidence[l]))
			f |= 1u << HTA_CD_EVIDENCE;
	return f;
}

struct setv {
	struct hta_cd_setting *v;
	size_t n, cap;
	int oom;
};

static void setting(struct setv *s, const char *name, const char *from, const char *to)
{
	if (str_eq(from, to) || s->oom)
		return;
	if (s->n == s->cap) {
		size_t nc = s->cap ? s->cap * 2 : 16;
		struct hta_cd_setting *nv = hta_realloc(s->v, nc * sizeof(*nv));
		if (!nv) {
			s->oom = 1;
			return;
		}
		s->v = nv;
		s->cap = nc;
	}
	struct hta_cd_setting *e = &s->v[s->n++];
	snprintf(e->name, sizeof(e->name), "%s", name);
	snprintf(e->from, sizeof(e->from), "%s", from ? from : "(none)");
	snprintf(e->to, sizeof(e->to), "%s", to ? to : "(none)");
}

static void setting_int(struct setv *s, const char *name, int from, int to)
{
	char a[24], b[24];
	snprintf(a, sizeof(a), "%d", from);
	snprintf(b, sizeof(b), "%d", to);
	setting(s, name, a, b);
}

static void factor_str(const struct hta_factor *f, char *out, size_t n)
{
	size_t l = (size_t)snprintf(out, n, "%s", f->is_integer ? "integer [" : "boolean");
	for (size_t i = 0; f->is_integer && i < f->n_bands && l < n; i++)
		l += (size_t)snprintf(out + l, n - l, "%s%lld", i ? ", " : "", f->bands[i]);
	if (f->is_integer && l < n)
		snprintf(out + l, n - l, "]");
}

/* Index of `id` in a named list: the catalog's hash index for controls. */
static size_t named_find(const struct hta_catalog *cat, const struct hta_named *v, size_t n,
			 const char *id)
{
	if (v == cat->controls) {
		int k = hta_catalog_control(cat, id);
		return k >= 0 ? (size_t)k : n;
	}
	size_t j = 0;
	while (j < n && strcmp(v[j].id, id))
		j++;
	return j;
}

/* Named lists (controls, compliance factors): added, removed, retitled. */
static void named_diff(struct setv *s, const char *what, const struct hta_catalog *ca,
		       const struct hta_named *a, size_t na, const struct hta_catalog *cb,
		       const struct hta_named *b, size_t nb)
{
	char name[96];
	for (size_t i = 0; i < na; i++) {
		size_t j = named_find(cb, b, nb, a[i].id);
		snprintf(name, sizeof(name), "%s %s", what, a[i].id);
		setting(s, name, a[i].title, j < nb ? b[j].title : NULL);
		if (j < nb && a[i].map != b[j].map) {
			snprintf(name, sizeof(name), "%s %s map", what, a[i].id);
			setting(s, name, a[i].map >= 0 ? hta_map_name((enum hta_map_kind)a[i].map) : NULL,
				b[j].map >= 0 ? hta_map_name((enum hta_map_kind)b[j].map) : NULL);
		}
	}
	for (size_t j = 0; j < nb; j++) {
		if (named_find(ca, a, na, b[j].id) == na) {
			snprintf(name, sizeof(name), "%s %s", what, b[j].id);
			setting(s, name, NULL, b[j].title);
		}
	}
}

static void settings_diff(struct setv *s, const struct hta_catalog *a, const struct hta_catalog *b)
{
	char name[96], fa[160], fb[160];
	setting(s, "name", a->name, b->name);
	setting(s, "version", a->version, b->version);
	const struct hta_settings *x = &a->settings, *y = &b->settings;
	for (enum hta_tier t = HTA_TIER_E1; t < HTA_TIER_COUNT; t++) {
		snprintf(name, sizeof(name), "thresholds.%s", hta_tier_name(t));
		setting_int(s, name, x->threshold[t], y->threshold[t]);
	}
	for (enum hta_level l = HTA_POLICY; l < HTA_LEVEL_COUNT; l++) {
		snprintf(name, sizeof(name), "weights.%s", hta_level_name(l));
		setting_int(s, name, x->weight[l], y->weight[l]);
		snprintf(name, sizeof(name), "maturity_days.%s", hta_level_name(l));
		setting_int(s, name, x->maturity_days[l], y->maturity_days[l]);
	}
	setting_int(s, "cap_below", x->cap_below, y->cap_below);
	setting_int(s, "stale_days", x->stale_days, y->stale_days);
	for (int i = 0; i < 4; i++) {
		snprintf(name, sizeof(name), "coverage_bands[%d]", i);
		setting_int(s, name, x->coverage_bands[i], y->coverage_bands[i]);
	}
	for (int d = 1; d <= HTA_DOMAINS; d++) {
		snprintf(name, sizeof(name), "domain %02d", d);
		setting(s, name, a->domain_name[d], b->domain_name[d]);
	}
	for (size_t i = 0; i < a->n_factors; i++) {
		int j = hta_catalog_factor(b, a->factors[i].name);
		factor_str(&a->factors[i], fa, sizeof(fa));
		if (j >= 0)
			factor_str(&b->factors[j], fb, sizeof(fb));
		snprintf(name, sizeof(name), "factor %s", a->factors[i].name);
		setting(s, name, fa, j >= 0 ? fb : NULL);
	}
	for (size_t j = 0; j < b->n_factors; j++)
		if (hta_catalog_factor(a, b->factors[j].name) < 0) {
			factor_str(&b->factors[j], fb, sizeof(fb));
			snprintf(name, sizeof(name), "factor %s", b->factors[j].name);
			setting(s, name, NULL, fb);
		}
	named_diff(s, "compliance", a, a->compliance, a->n_compliance, b, b->compliance,
		   b->n_compliance);
	named_diff(s, "control", a, a->controls, a->n_controls, b, b->controls, b->n_controls);
}

int hta_catalog_diff(const struct hta_catalog *a, const struct hta_catalog *b,
		     struct hta_catdiff *out, struct hta_err *err)
{
	memset(out, 0, sizeof(*out));
	size_t cap = a->n_stmts + b->n_stmts;
	out->v = hta_calloc(cap ? cap : 1, sizeof(*out->v));
	if (!out->v)
		return hta_err_set(err, HTA_ENOMEM, "out of memory");
	int oom = 0;
	for (size_t i = 0; i < a->n_stmts; i++)
		if (hta_catalog_find(b, a->stmts[i].id) < 0) {
			out->v[out->n++] = (struct hta_cd_change){ (long)i, -1, 0 };
			out->removed++;
		}
	for (size_t j = 0; j < b->n_stmts; j++)
		if (hta_catalog_find(a, b->stmts[j].id) < 0) {
			out->v[out->n++] = (struct hta_cd_change){ -1, (long)j, 0 };
			out->added++;
		}
	for (size_t j = 0; j < b->n_stmts; j++) {
		long i = hta_catalog_find(a, b->stmts[j].id);
		if (i < 0)
			continue;
		unsigned f = stmt_fields(a, &a->stmts[i], b, &b->stmts[j], &oom);
		if (f) {
			out->v[out->n++] = (struct hta_cd_change){ i, (long)j, f };
			out->changed++;
		}
	}
	struct setv s = { 0 };
	settings_diff(&s, a, b);
	out->settings = s.v;
	out->n_settings = s.n;
	if (oom || s.oom) {
		hta_catdiff_free(out);
		return hta_err_set(err, HTA_ENOMEM, "out of memory");
	}
	return 0;
}

void hta_catdiff_free(struct hta_catdiff *d)
{
	hta_free(d->v);
	hta_free(d->settings);
	memset(d, 0, sizeof(*d));
}
