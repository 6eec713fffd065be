/*
 * catreport.c — the counts and JSON documents of `catalog list|show|stats|
 * diff` (hta/catreport.h). The JSON is built with cJSON and printed only
 * when no allocation failed while building it.
 */
#include "hta/catreport.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <string.h>

#define N_POOLS 5 /* enum hta_pool: out, domain, compliance, AI Security, AI Risk */

/*
 * Select under `sc` for `tier` with `addons` and count the statements of
 * each pool into per_pool[]. Returns the statements in scope, or
 * (size_t)-1 when out of memory.
 */
static size_t count_scope(const struct hta_catalog *cat, const struct hta_scope *sc,
			  enum hta_tier tier, unsigned addons, size_t per_pool[N_POOLS])
{
	unsigned char *pool = hta_malloc(cat->n_stmts ? cat->n_stmts : 1);
	if (!pool)
		return (size_t)-1;
	size_t n = hta_select(cat, sc, tier, addons, pool);
	for (int p = 0; p < N_POOLS; p++)
		per_pool[p] = 0;
	for (size_t i = 0; i < cat->n_stmts; i++)
		per_pool[pool[i]]++;
	hta_free(pool);
	return n;
}

/* Count under `sc` answered at extreme `e` into *n (and per_pool). */
static int count_at(struct hta_scope *sc, const struct hta_catalog *cat, enum hta_scope_extreme e,
		    enum hta_tier tier, unsigned addons, size_t per_pool[N_POOLS], size_t *n)
{
	hta_scope_extreme(sc, cat, e);
	*n = count_scope(cat, sc, tier, addons, per_pool);
	return *n == (size_t)-1 ? HTA_ENOMEM : 0;
}

int hta_catalog_stats(const struct hta_catalog *cat, enum hta_tier only,
		      struct hta_catstats *out, struct hta_err *err)
{
	struct hta_scope sc;
	size_t pp[N_POOLS], n;
	memset(out, 0, sizeof(*out));
	int rc = hta_scope_init(&sc, cat, err);
	if (rc)
		return rc;
	for (enum hta_tier t = HTA_TIER_E1; !rc && t < HTA_TIER_COUNT; t++) {
		struct hta_catstats_tier *o = &out->tier[t];
		if (only != HTA_TIER_NONE && t != only)
			continue;
		o->counted = true;
		rc = count_at(&sc, cat, HTA_SCOPE_LOWEST, t, 0, pp, &o->lowest);
		rc = rc ? rc : count_at(&sc, cat, HTA_SCOPE_HIGHEST_CORE, t, 0, pp, &o->highest_core);
		rc = rc ? rc : count_at(&sc, cat, HTA_SCOPE_HIGHEST, t, 0, pp, &o->highest_all);
	}
	/* The add-ons: AI Security depends on the AI features, AI RM does not. */
	if (!rc && !(rc = count_at(&sc, cat, HTA_SCOPE_LOWEST, HTA_TIER_E1, HTA_WITH_AI_SECURITY, pp, &n)))
		out->ai_rule_based = pp[HTA_POOL_AI_SECURITY];
	if (!rc && !(rc = count_at(&sc, cat, HTA_SCOPE_LOWEST, HTA_TIER_E1, HTA_WITH_AI_RISK, pp, &n)))
		out->ai_risk = pp[HTA_POOL_AI_RISK];
	if (!rc && !(rc = count_at(&sc, cat, HTA_SCOPE_HIGHEST, HTA_TIER_E1, HTA_WITH_AI_SECURITY, pp, &n)))
		out->ai_every_feature = pp[HTA_POOL_AI_SECURITY];
	hta_scope_free(&sc);
	return rc ? hta_err_set(err, rc, "out of memory") : 0;
}

/* The slot of hta_scopestats.brought_in that the first holding `when` of `st` counts in. */
static long first_holding(const struct hta_catalog *cat, const struct hta_scope *sc,
			  const struct hta_statement *st)
{
	for (size_t k = 0; k < st->n_when; k++) {
		const struct hta_cond *c = &st->when[k];
		if (c->kind != HTA_COND_AI && hta_cond_holds(sc, cat, c))
			return c->kind == HTA_COND_COMPLIANCE ? (long)(cat->n_factors + (size_t)c->index)
							      : (long)c->index;
	}
	return -1;
}

int hta_scope_stats(const struct hta_catalog *cat, const struct hta_scope *sc,
		    const unsigned char *pool, enum hta_tier tier, unsigned addons, size_t n,
		    const char *file, struct hta_scopestats *out, struct hta_err *err)
{
	memset(out, 0, sizeof(*out));
	out->file = file;
	out->tier = tier;
	out->addons = addons;
	out->statements = n;
	if (!(out->brought_in = hta_calloc(cat->n_factors + cat->n_compliance + 1, sizeof(size_t))))
		return hta_err_set(err, HTA_ENOMEM, "out of memory");
	for (size_t i = 0; i < cat->n_stmts; i++) {
		const struct hta_statement *st = &cat->stmts[i];
		out->addon_stmts += pool[i] == HTA_POOL_AI_SECURITY || pool[i] == HTA_POOL_AI_RISK;
		if (pool[i] == HTA_POOL_OUT || st->addon)
			continue;
		if (!st->n_when) {
			out->base++;
			continue;
		}
		out->by_factor++;
		long slot = first_holding(cat, sc, st);
		if (slot >= 0)
			out->brought_in[slot]++;
	}
	/* What each add-on not in the scope would bring (AI: rule-based
	 * when the scope says nothing of AI). */
	struct hta_scope hint = *sc;
	size_t pp[N_POOLS];
	if (!hint.has_ai)
		hint.ai |= 1u << HTA_AI_RULE_BASED;
	if (count_scope(cat, &hint, tier, HTA_WITH_AI_SECURITY | HTA_WITH_AI_RISK, pp) == (size_t)-1) {
		hta_scopestats_free(out);
		return hta_err_set(err, HTA_ENOMEM, "out of memory");
	}
	out->hint_ai_security = pp[HTA_POOL_AI_SECURITY];
	out->hint_ai_risk = pp[HTA_POOL_AI_RISK];
	out->lowest_risk = tier == HTA_TIER_R2 && hta_scope_lowest_risk(sc, cat);
	return 0;
}

void hta_scopestats_free(struct hta_scopestats *s)
{
	hta_free(s->brought_in);
	s->brought_in = NULL;
}

/*
 * Print `j` (taking it) into `out` with a newline, unless an allocation
 * failed since `failed` was read (the tree may then lack a node).
 */
static int emit(cJSON *j, unsigned long failed, struct hta_buf *out, struct hta_err *err)
{
	char *s = j && hta_alloc_failures() == failed ? cJSON_Print(j) : NULL;
	cJSON_Delete(j);
	if (s) {
		hta_buf_puts(out, s);
		hta_buf_puts(out, "\n");
		cJSON_free(s);
	}
	return !s || out->failed ? hta_err_set(err, HTA_ENOMEM, "out of memory") : 0;
}

/* Attach `item` to `o` (or array `a`), or free it: no node is left unowned. */
static void add(cJSON *o, const char *key, cJSON *item)
{
	if (!o || !item || !cJSON_AddItemToObject(o, key, item))
		cJSON_Delete(item);
}

static void push(cJSON *a, cJSON *item)
{
	if (!a || !item || !cJSON_AddItemToArray(a, item))
		cJSON_Delete(item);
}

static cJSON *conds_json(const struct hta_catalog *cat, const struct hta_cond *c, size_t n)
{
	char buf[128];
	cJSON *a = cJSON_CreateArray();
	for (size_t i = 0; a && i < n; i++) {
		hta_cond_name(cat, &c[i], buf, sizeof(buf));
		push(a, cJSON_CreateString(buf));
	}
	return a;
}

/* One statement as `catalog show` gives it; `full` adds its text and evidence. */
static cJSON *stmt_json(const struct hta_catalog *cat, const struct hta_statement *st, bool full)
{
	char buf[16];
	cJSON *o = cJSON_CreateObject();
	if (!o)
		return NULL;
	snprintf(buf, sizeof(buf), "%02d", st->domain);
	cJSON_AddStringToObject(o, "id", st->id);
	cJSON_AddStringToObject(o, "domain", buf);
	cJSON_AddStringToObject(o, "domain_name", cat->domain_name[st->domain]);
	cJSON_AddStringToObject(o, "control_ref", st->control);
	int ci = hta_catalog_control(cat, st->control);
	cJSON_AddStringToObject(o, "control_title", ci >= 0 ? cat->controls[ci].title : "");
	cJSON_AddStringToObject(o, "title", st->title);
	cJSON *tiers = cJSON_AddArrayToObject(o, "tiers");
	for (enum hta_tier t = HTA_TIER_E1; t < HTA_TIER_COUNT; t++)
		if (st->tiers & (1u << t))
			push(tiers, cJSON_CreateString(hta_tier_name(t)));
	const char *addon = hta_addon_name(st->addon);
	add(o, "addon", addon ? cJSON_CreateString(addon) : cJSON_CreateNull());
	add(o, "when", conds_json(cat, st->when, st->n_when));
	add(o, "requires", conds_json(cat, st->requires, st->n_requires));
	cJSON_AddBoolToObject(o, "never_na", st->never_na);
	cJSON_AddBoolToObject(o, "oversight", st->oversight);
	cJSON_AddNumberToObject(o, "inheritable", st->inheritable);
	cJSON_AddNumberToObject(o, "effort", st->effort);
	if (full) {
		cJSON_AddStringToObject(o, "statement", st->text);
		cJSON *ev = cJSON_AddObjectToObject(o, "evidence");
		for (int l = 0; l < HTA_LEVEL_COUNT; l++)
			if (st->evidence[l])
				cJSON_AddStringToObject(ev, hta_level_name((enum hta_level)l), st->evidence[l]);
	}
	cJSON *maps = cJSON_AddObjectToObject(o, "maps");
	for (int k = 0; k < HTA_MAP_COUNT; k++) {
		if (!st->maps[k].n)
			continue;
		cJSON *a = cJSON_AddArrayToObject(maps, hta_map_name((enum hta_map_kind)k));
		for (size_t i = 0; i < st->maps[k].n; i++)
			push(a, cJSON_CreateString(st->maps[k].v[i]));
	}
	return o;
}

int hta_catalog_list_json(const struct hta_catalog *cat, const unsigned char *keep,
			  struct hta_buf *out, struct hta_err *err)
{
	unsigned long failed = hta_alloc_failures();
	cJSON *a = cJSON_CreateArray();
	for (size_t i = 0; a && i < cat->n_stmts; i++)
		if (keep[i])
			push(a, stmt_json(cat, &cat->stmts[i], false));
	return emit(a, failed, out, err);
}

int hta_catalog_show_json(const struct hta_catalog *cat, size_t index, struct hta_buf *out,
			  struct hta_err *err)
{
	unsigned long failed = hta_alloc_failures();
	return emit(stmt_json(cat, &cat->stmts[index], true), failed, out, err);
}

static void scope_stats_json(const struct hta_catalog *cat, const struct hta_scopestats *s, cJSON *j)
{
	cJSON *o = cJSON_AddObjectToObject(j, "scope");
	cJSON_AddStringToObject(o, "file", s->file);
	cJSON_AddStringToObject(o, "tier", hta_tier_name(s->tier));
	cJSON *ad = cJSON_AddArrayToObject(o, "addons");
	for (enum hta_addon a = HTA_ADDON_AI_SECURITY; a <= HTA_ADDON_AI_RISK; a++)
		if (s->addons & hta_addon_flag(a))
			push(ad, cJSON_CreateString(hta_addon_name(a)));
	cJSON_AddNumberToObject(o, "statements", (double)s->statements);
	cJSON_AddNumberToObject(o, "base", (double)s->base);
	cJSON *w = cJSON_AddObjectToObject(o, "brought_in_by");
	for (size_t k = 0; k < cat->n_factors + cat->n_compliance; k++)
		if (s->brought_in[k])
			cJSON_AddNumberToObject(w, k < cat->n_factors ? cat->factors[k].name
				: cat->compliance[k - cat->n_factors].id, (double)s->brought_in[k]);
	cJSON_AddNumberToObject(o, "ai_security", (double)s->hint_ai_security);
	cJSON_AddNumberToObject(o, "ai_risk", (double)s->hint_ai_risk);
	cJSON_AddBoolToObject(o, "lowest_risk", s->lowest_risk);
}

int hta_catalog_stats_json(const struct hta_catalog *cat, const struct hta_catstats *st,
			   const struct hta_scopestats *scope, struct hta_buf *out,
			   struct hta_err *err)
{
	unsigned long failed = hta_alloc_failures();
	cJSON *j = cJSON_CreateObject();
	cJSON_AddStringToObject(j, "catalog", cat->name);
	cJSON_AddStringToObject(j, "version", cat->version);
	cJSON_AddStringToObject(j, "digest", cat->digest);
	cJSON_AddNumberToObject(j, "statements", (double)cat->n_stmts);
	for (enum hta_tier t = HTA_TIER_E1; t < HTA_TIER_COUNT; t++) {
		const struct hta_catstats_tier *c = &st->tier[t];
		if (!c->counted)
			continue;
		cJSON *o = cJSON_AddObjectToObject(j, hta_tier_name(t));
		cJSON_AddNumberToObject(o, "lowest_risk", (double)c->lowest);
		cJSON_AddNumberToObject(o, "every_factor_highest", (double)c->highest_core);
		cJSON_AddNumberToObject(o, "with_every_compliance_factor", (double)c->highest_all);
	}
	cJSON *o = cJSON_AddObjectToObject(j, "ai_security");
	cJSON_AddNumberToObject(o, "rule_based", (double)st->ai_rule_based);
	cJSON_AddNumberToObject(o, "every_feature", (double)st->ai_every_feature);
	cJSON_AddNumberToObject(j, "ai_risk", (double)st->ai_risk);
	if (scope && j)
		scope_stats_json(cat, scope, j);
	return emit(j, failed, out, err);
}

void hta_catalog_counts(const struct hta_catalog *cat, struct hta_catcounts *out)
{
	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < cat->n_stmts; i++) {
		for (enum hta_tier t = HTA_TIER_E1; t < HTA_TIER_COUNT; t++)
			out->tier[t] += (cat->stmts[i].tiers >> t) & 1;
		out->ai_security += cat->stmts[i].addon == HTA_ADDON_AI_SECURITY;
		out->ai_risk += cat->stmts[i].addon == HTA_ADDON_AI_RISK;
	}
}

int hta_catalog_validate_json(const struct hta_catalog *cat, size_t warnings,
			      struct hta_buf *out, struct hta_err *err)
{
	unsigned long failed = hta_alloc_failures();
	struct hta_catcounts c;
	hta_catalog_counts(cat, &c);
	cJSON *j = cJSON_CreateObject();
	cJSON_AddStringToObject(j, "catalog", cat->name);
	cJSON_AddStringToObject(j, "version", cat->version);
	cJSON_AddStringToObject(j, "digest", cat->digest);
	cJSON_AddBoolToObject(j, "valid", 1);
	cJSON_AddNumberToObject(j, "statements", (double)cat->n_stmts);
	cJSON *t = cJSON_AddObjectToObject(j, "tiers"); /* before factors */
	for (enum hta_tier k = HTA_TIER_E1; t && k < HTA_TIER_COUNT; k++)
		cJSON_AddNumberToObject(t, hta_tier_name(k), (double)c.tier[k]);
	cJSON_AddNumberToObject(j, "ai_security", (double)c.ai_security);
	cJSON_AddNumberToObject(j, "ai_risk", (double)c.ai_risk);
	cJSON_AddNumberToObject(j, "warnings", (double)warnings);
	return emit(j, failed, out, err);
}

int hta_crosswalk_json(const struct hta_crosswalk *cw, enum hta_tier tier, size_t covered,
		       struct hta_buf *out, struct hta_err *err)
{
	unsigned long failed = hta_alloc_failures();
	cJSON *j = cJSON_CreateObject();
	cJSON_AddStringToObject(j, "crosswalk", cw->name);
	cJSON_AddStringToObject(j, "tier", hta_tier_name(tier));
	cJSON_AddNumberToObject(j, "ids", (double)cw->n_items);
	cJSON_AddNumberToObject(j, "mapped", (double)covered);
	cJSON *un = cJSON_AddArrayToObject(j, "unmapped");
	for (size_t i = 0; un && i < cw->n_items; i++)
		if (!cw->mapped_by[i])
			push(un, cJSON_CreateString(cw->items[i].id));
	return emit(j, failed, out, err);
}

/* The JSON of the fields of `st` that changed (keys as in `catalog show`). */
static cJSON *changed_json(const struct hta_catalog *cat, const struct hta_statement *st,
			   unsigned fields)
{
	static const char *const keys[HTA_CD_COUNT][3] = {
		[HTA_CD_TITLE] = { "title" }, [HTA_CD_TEXT] = { "statement" },
		[HTA_CD_DOMAIN] = { "domain" }, [HTA_CD_CONTROL] = { "control_ref" },
		[HTA_CD_TIERS] = { "tiers" }, [HTA_CD_ADDON] = { "addon" },
		[HTA_CD_FACTORS] = { "when", "requires" }, [HTA_CD_NEVER_NA] = { "never_na" },
		[HTA_CD_OVERSIGHT] = { "oversight" }, [HTA_CD_INHERITABLE] = { "inheritable" },
		[HTA_CD_EFFORT] = { "effort" }, [HTA_CD_MAPS] = { "maps" },
		[HTA_CD_EVIDENCE] = { "evidence" },
	};
	cJSON *all = stmt_json(cat, st, true), *o = cJSON_CreateObject();
	for (int f = 0; all && o && f < HTA_CD_COUNT; f++)
		for (int k = 0; (fields >> f) & 1 && k < 3 && keys[f][k]; k++) {
			cJSON *v = cJSON_GetObjectItemCaseSensitive(all, keys[f][k]);
			if (v)
				add(o, keys[f][k], cJSON_Duplicate(v, 1));
		}
	cJSON_Delete(all);
	return o;
}

static cJSON *side_json(const char *dir, const struct hta_catalog *cat)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "dir", dir);
	cJSON_AddStringToObject(o, "name", cat->name);
	cJSON_AddStringToObject(o, "version", cat->version);
	cJSON_AddStringToObject(o, "digest", cat->digest);
	cJSON_AddNumberToObject(o, "statements", (double)cat->n_stmts);
	return o;
}

/* One statement added, removed or changed (x from A, y from B; either may be NULL). */
static cJSON *change_json(const struct hta_catalog *a, const struct hta_catalog *b,
			  const struct hta_statement *x, const struct hta_statement *y, unsigned fields)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "id", y ? y->id : x->id);
	cJSON_AddStringToObject(o, "title", y ? y->title : x->title);
	if (x && y) {
		cJSON *f = cJSON_AddArrayToObject(o, "fields");
		for (int k = 0; k < HTA_CD_COUNT; k++)
			if ((fields >> k) & 1)
				push(f, cJSON_CreateString(
					hta_cd_field_name((enum hta_cd_field)k)));
		add(o, "from", changed_json(a, x, fields));
		add(o, "to", changed_json(b, y, fields));
	}
	return o;
}

int hta_catalog_diff_json(const struct hta_catalog *a, const char *dir_a,
			  const struct hta_catalog *b, const char *dir_b,
			  const struct hta_catdiff *d, struct hta_buf *out, struct hta_err *err)
{
	unsigned long failed = hta_alloc_failures();
	cJSON *j = cJSON_CreateObject();
	add(j, "from", side_json(dir_a, a));
	add(j, "to", side_json(dir_b, b));
	cJSON *ja = cJSON_AddArrayToObject(j, "added"), *jr = cJSON_AddArrayToObject(j, "removed"),
	      *jc = cJSON_AddArrayToObject(j, "changed"), *js = cJSON_AddArrayToObject(j, "settings");
	for (size_t i = 0; i < d->n; i++) {
		const struct hta_cd_change *c = &d->v[i];
		const struct hta_statement *x = c->a >= 0 ? &a->stmts[c->a] : NULL,
					   *y = c->b >= 0 ? &b->stmts[c->b] : NULL;
		push(x && y ? jc : x ? jr : ja, change_json(a, b, x, y, c->fields));
	}
	for (size_t i = 0; i < d->n_settings; i++) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "setting", d->settings[i].name);
		cJSON_AddStringToObject(o, "from", d->settings[i].from);
		cJSON_AddStringToObject(o, "to", d->settings[i].to);
		push(js, o);
	}
	cJSON *n = cJSON_AddObjectToObject(j, "counts");
	cJSON_AddNumberToObject(n, "added", (double)d->added);
	cJSON_AddNumberToObject(n, "removed", (double)d->removed);
	cJSON_AddNumberToObject(n, "changed", (double)d->changed);
	cJSON_AddNumberToObject(n, "settings", (double)d->n_settings);
	return emit(j, failed, out, err);
}
