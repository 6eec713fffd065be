/*
 * scope.c — read scope.yaml and select the statements a run assesses.
 */
#include "hta/doc.h"
#include "hta/scope.h"

#include <string.h>

int hta_scope_init(struct hta_scope *sc, const struct hta_catalog *cat, struct hta_err *err)
{
	memset(sc, 0, sizeof(*sc));
	sc->tier = HTA_TIER_NONE;
	size_t n = cat->n_factors ? cat->n_factors : 1;
	sc->factor_value = hta_arena_array(&sc->arena, n, sizeof(*sc->factor_value));
	sc->factor_set = hta_arena_array(&sc->arena, n, sizeof(*sc->factor_set));
	if (!sc->factor_value || !sc->factor_set) {
		hta_scope_free(sc);
		return hta_err_set(err, HTA_ENOMEM, "out of memory");
	}
	return 0;
}

void hta_scope_free(struct hta_scope *sc)
{
	hta_arena_free(&sc->arena);
	memset(sc, 0, sizeof(*sc));
	sc->tier = HTA_TIER_NONE;
}

int hta_scope_provider(const struct hta_scope *sc, const char *name)
{
	for (size_t i = 0; i < sc->n_providers; i++)
		if (strcmp(sc->providers[i].name, name) == 0)
			return (int)i;
	return -1;
}

static int copy_str(struct hta_scope *sc, const struct hta_doc *d, const struct hta_node *n,
		    const char *what, const char **out, struct hta_err *err)
{
	const char *s;
	if (hta_node_str(d, n, what, &s, err))
		return HTA_EINVAL;
	if (!(*out = hta_arena_strdup(&sc->arena, s)))
		return hta_err_set(err, HTA_ENOMEM, "out of memory");
	return 0;
}

static int load_factors(struct hta_scope *sc, const struct hta_catalog *cat,
			const struct hta_doc *d, const struct hta_node *m, struct hta_err *err)
{
	if (!m || m->kind != HTA_NODE_MAP)
		return hta_node_err(d, m, err, "factors must be a mapping of factor to answer");
	for (size_t i = 0; i < m->n; i++) {
		const struct hta_node *k = m->items[2 * i], *v = m->items[2 * i + 1];
		int fi = hta_catalog_factor(cat, k->s);
		if (fi < 0)
			return hta_node_err(d, k, err, "unknown factor '%s' (see 'catalog stats')", k->s);
		if (cat->factors[fi].is_integer) {
			if (hta_node_int(d, v, k->s, 0, (long long)1e15, &sc->factor_value[fi], err))
				return HTA_EINVAL;
		} else {
			bool b;
			if (hta_node_bool(d, v, k->s, &b, err))
				return HTA_EINVAL;
			sc->factor_value[fi] = b;
		}
		sc->factor_set[fi] = true;
	}
	return 0;
}

static int load_ai(struct hta_scope *sc, const struct hta_doc *d, const struct hta_node *m,
		   struct hta_err *err)
{
	static const char *const keys[] = { "model_types", "rag", "fine_tuning", "agents", NULL };
	static const struct {
		const char *key;
		int feature;
	} flags[] = { { "rag", HTA_AI_RAG }, { "fine_tuning", HTA_AI_FINE_TUNING },
		      { "agents", HTA_AI_AGENTS } };
	if (hta_map_check(d, m, "ai", keys, err))
		return HTA_EINVAL;
	sc->has_ai = true;
	const struct hta_node *t = hta_map_get(m, "model_types");
	if (t) {
		if (hta_seq_check(d, t, "model_types", err))
			return HTA_EINVAL;
		for (size_t i = 0; i < t->n; i++) {
			const char *s;
			int f;
			if (hta_node_str(d, t->items[i], "model type", &s, err))
				return HTA_EINVAL;
			f = hta_ai_feature_parse(s);
			if (f < 0 || f > HTA_AI_GENERATIVE)
				return hta_node_err(d, t->items[i], err,
						    "model type must be rule-based, predictive or generative, not '%s'", s);
			sc->ai |= 1u << f;
		}
	}
	for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
		const struct hta_node *v = hta_map_get(m, flags[i].key);
		bool b = false;
		if (v && hta_node_bool(d, v, flags[i].key, &b, err))
			return HTA_EINVAL;
		if (b)
			sc->ai |= 1u << flags[i].feature;
	}
	return 0;
}

/* A path written in the scope file, taken from the scope file's directory. */
static const char *beside(struct hta_scope *sc, const char *scope_path, const char *rel)
{
	if (rel[0] == '/')
		return hta_arena_strdup(&sc->arena, rel);
	const char *slash = strrchr(scope_path, '/');
	if (!slash)
		return hta_arena_strdup(&sc->arena, rel);
	return hta_arena_printf(&sc->arena, "%.*s/%s", (int)(slash - scope_path), scope_path, rel);
}

static int load_soc2(struct hta_scope *sc, const struct hta_doc *d, const struct hta_node *m,
		     struct hta_err *err)
{
	static const char *const keys[] = { "period_end", "exceptions", NULL };
	struct hta_scope_soc2 *so = &sc->soc2;
	if (hta_map_check(d, m, "soc2", keys, err))
		return HTA_EINVAL;
	const struct hta_node *v = hta_map_get(m, "period_end"), *e;
	if (!v)
		return hta_node_err(d, m, err, "soc2 needs period_end (the report period's last day)");
	if (hta_node_date(d, v, "period_end", &so->period_end, err))
		return HTA_EINVAL;
	if ((e = hta_map_get(m, "exceptions")) && !hta_node_is_null(e)) {
		if (hta_seq_check(d, e, "exceptions", err))
			return HTA_EINVAL;
		size_t n = e->n ? e->n : 1;
		so->exceptions = hta_arena_array(&sc->arena, n, sizeof(*so->exceptions));
		so->exception_lines = hta_arena_array(&sc->arena, n, sizeof(unsigned));
		so->exception_cols = hta_arena_array(&sc->arena, n, sizeof(unsigned));
		if (!so->exceptions || !so->exception_lines || !so->exception_cols)
			return hta_err_set(err, HTA_ENOMEM, "out of memory");
		for (size_t i = 0; i < e->n; i++) {
			const char *s;
			if (hta_node_str(d, e->items[i], "criterion", &s, err))
				return HTA_EINVAL;
			if (!(so->exceptions[i] = hta_arena_strdup(&sc->arena, s)))
				return hta_err_set(err, HTA_ENOMEM, "out of memory");
			so->exception_lines[i] = e->items[i]->line;
			so->exception_cols[i] = e->items[i]->col;
			so->n_exceptions = i + 1;
		}
	}
	so->given = true;
	return 0;
}

static int load_providers(struct hta_scope *sc, const struct hta_doc *d,
			  const struct hta_node *m, const char *scope_path, struct hta_err *err)
{
	static const char *const keys[] = { "score", "matrix", NULL };
	if (!m || m->kind != HTA_NODE_MAP)
		return hta_node_err(d, m, err, "providers must be a mapping of name to { score: N }");
	sc->providers = hta_arena_array(&sc->arena, m->n ? m->n : 1, sizeof(*sc->providers));
	if (!sc->providers)
		return hta_err_set(err, HTA_ENOMEM, "out of memory");
	for (size_t i = 0; i < m->n; i++) {
		const struct hta_node *k = m->items[2 * i], *v = m->items[2 * i + 1];
		long long h;
		if (hta_map_check(d, v, "provider", keys, err))
			return HTA_EINVAL;
		const struct hta_node *s = hta_map_get(v, "score");
		if (!s)
			return hta_node_err(d, v, err, "provider '%s' needs a score (0..100)", k->s);
		if (hta_node_hundredths(d, s, "provider score", 100, &h, err))
			return HTA_EINVAL;
		struct hta_provider *p = &sc->providers[i];
		if (!(p->name = hta_arena_strdup(&sc->arena, k->s)))
			return hta_err_set(err, HTA_ENOMEM, "out of memory");
		p->score_h = (int)h;
		p->line = k->line;
		const struct hta_node *mx = hta_map_get(v, "matrix");
		if (mx) {
			const char *ms;
			if (hta_node_str(d, mx, "matrix", &ms, err))
				return HTA_EINVAL;
			if (!(p->matrix_shown = hta_arena_strdup(&sc->arena, ms)) ||
			    !(p->matrix = beside(sc, scope_path, ms)))
				return hta_err_set(err, HTA_ENOMEM, "out of memory");
		}
		sc->n_providers = i + 1;
	}
	return 0;
}

int hta_scope_load(struct hta_scope *sc, const struct hta_catalog *cat, const char *path,
		   const char *display, struct hta_err *err)
{
	static const char *const keys[] = { "organization", "assessment", "as_of", "tier",
					    "measured_managed", "factors", "compliance", "ai",
					    "providers", "addons", "soc2", NULL };
	int rc = hta_scope_init(sc, cat, err);
	if (rc)
		return rc;
	struct hta_doc d;
	if ((rc = hta_doc_load(&d, path, display, 0, &hta_doc_limits_small, err))) {
		hta_scope_free(sc);
		return rc;
	}
	const struct hta_node *r = d.root, *v;
	rc = HTA_EINVAL;
	if (!(sc->file = hta_arena_strdup(&sc->arena, d.file))) {
		rc = hta_err_set(err, HTA_ENOMEM, "out of memory");
		goto done;
	}
	if (!r) { /* an empty scope file: all defaults */
		rc = 0;
		goto done;
	}
	if (hta_map_check(&d, r, "scope", keys, err))
		goto done;
	if ((v = hta_map_get(r, "organization")) &&
	    copy_str(sc, &d, v, "organization", &sc->organization, err))
		goto done;
	if ((v = hta_map_get(r, "assessment")) &&
	    copy_str(sc, &d, v, "assessment", &sc->assessment, err))
		goto done;
	if ((v = hta_map_get(r, "as_of"))) {
		if (hta_node_date(&d, v, "as_of", &sc->as_of, err))
			goto done;
		sc->has_as_of = true;
	}
	if ((v = hta_map_get(r, "tier"))) {
		const char *s;
		if (hta_node_str(&d, v, "tier", &s, err))
			goto done;
		if ((sc->tier = hta_tier_parse(s)) == HTA_TIER_NONE) {
			hta_node_err(&d, v, err, "tier must be %s, not '%s'", hta_tier_choices(false), s);
			goto done;
		}
	}
	if ((v = hta_map_get(r, "measured_managed")) &&
	    hta_node_bool(&d, v, "measured_managed", &sc->measured_managed, err))
		goto done;
	if ((v = hta_map_get(r, "factors")) && !hta_node_is_null(v) &&
	    load_factors(sc, cat, &d, v, err))
		goto done;
	if ((v = hta_map_get(r, "compliance")) && !hta_node_is_null(v)) {
		if (hta_seq_check(&d, v, "compliance", err))
			goto done;
		for (size_t i = 0; i < v->n; i++) {
			const char *s;
			int ci;
			if (hta_node_str(&d, v->items[i], "compliance factor", &s, err))
				goto done;
			if ((ci = hta_catalog_compliance(cat, s)) < 0) {
				hta_node_err(&d, v->items[i], err, "unknown compliance factor '%s'", s);
				goto done;
			}
			sc->compliance |= 1ull << ci;
		}
	}
	if ((v = hta_map_get(r, "ai")) && !hta_node_is_null(v) && load_ai(sc, &d, v, err))
		goto done;
	if ((v = hta_map_get(r, "addons")) && !hta_node_is_null(v)) {
		if (hta_seq_check(&d, v, "addons", err))
			goto done;
		for (size_t i = 0; i < v->n; i++) {
			const char *s;
			unsigned f;
			if (hta_node_str(&d, v->items[i], "add-on", &s, err))
				goto done;
			if (!(f = hta_addon_flag(hta_addon_parse(s)))) {
				hta_node_err(&d, v->items[i], err,
					     "add-on must be ai-security or ai-risk, not '%s'", s);
				goto done;
			}
			sc->addons |= f;
		}
	}
	if ((v = hta_map_get(r, "providers")) && !hta_node_is_null(v) &&
	    load_providers(sc, &d, v, path, err))
		goto done;
	if ((v = hta_map_get(r, "soc2")) && !hta_node_is_null(v) && load_soc2(sc, &d, v, err))
		goto done;
	rc = 0;
done:
	hta_doc_free(&d);
	if (rc)
		hta_scope_free(sc);
	return rc;
}

int hta_scope_check(const struct hta_scope *sc, const struct hta_catalog *cat,
		    enum hta_tier tier, struct hta_err *err)
{
	if (tier != HTA_TIER_R2)
		return 0;
	for (size_t i = 0; i < cat->n_factors; i++)
		if (!sc->factor_set[i])
			return hta_err_at(err, HTA_EINVAL, sc->file ? sc->file : "scope.yaml", 0, 0,
					  "r2 needs every factor answered: '%s' is missing "
					  "(%s)%s", cat->factors[i].name, cat->factors[i].question,
					  sc->file ? "" : " — there is no scope.yaml");
	return 0;
}

void hta_scope_extreme(struct hta_scope *sc, const struct hta_catalog *cat,
		       enum hta_scope_extreme e)
{
	bool max = e != HTA_SCOPE_LOWEST;
	for (size_t i = 0; i < cat->n_factors; i++) {
		const struct hta_factor *f = &cat->factors[i];
		sc->factor_set[i] = true;
		sc->factor_value[i] = !max ? 0 : f->is_integer ? f->bands[f->n_bands - 1] : 1;
	}
	sc->compliance = e != HTA_SCOPE_HIGHEST ? 0
			 : cat->n_compliance >= 64 ? ~0ull : (1ull << cat->n_compliance) - 1;
	sc->ai = max ? (1u << HTA_AI_COUNT) - 1 : 1u << HTA_AI_RULE_BASED;
}

static bool cond_holds(const struct hta_catalog *cat, const struct hta_scope *sc,
		       const struct hta_cond *c)
{
	switch (c->kind) {
	case HTA_COND_BOOL:
		return sc->factor_set[c->index] && sc->factor_value[c->index] != 0;
	case HTA_COND_LEVEL:
		return sc->factor_set[c->index] &&
		       hta_factor_level(&cat->factors[c->index], sc->factor_value[c->index]) >= c->level;
	case HTA_COND_COMPLIANCE:
		return (sc->compliance >> c->index) & 1;
	case HTA_COND_AI:
		return (sc->ai >> c->index) & 1;
	}
	return false;
}

bool hta_cond_holds(const struct hta_scope *sc, const struct hta_catalog *cat,
		    const struct hta_cond *c)
{
	return cond_holds(cat, sc, c);
}

static bool any_holds(const struct hta_catalog *cat, const struct hta_scope *sc,
		      const struct hta_statement *st)
{
	for (size_t i = 0; i < st->n_when; i++)
		if (cond_holds(cat, sc, &st->when[i]))
			return true;
	return false;
}

/*
 * Every `requires` condition holds. Factor conditions are r2 tailoring:
 * e1 and i1 are fixed sets, so there they are not tested (a topic the
 * scope lacks is answered with not_applicable). Compliance and AI
 * conditions are tested in every tier.
 */
static bool all_required(const struct hta_catalog *cat, const struct hta_scope *sc,
			 const struct hta_statement *st, enum hta_tier tier)
{
	for (size_t i = 0; i < st->n_requires; i++) {
		const struct hta_cond *c = &st->requires[i];
		bool factor = c->kind == HTA_COND_BOOL || c->kind == HTA_COND_LEVEL;
		if (factor && tier != HTA_TIER_R2)
			continue;
		if (!cond_holds(cat, sc, c))
			return false;
	}
	return true;
}

size_t hta_select(const struct hta_catalog *cat, const struct hta_scope *sc,
		  enum hta_tier tier, unsigned addons, unsigned char *pool)
{
	size_t n = 0;
	for (size_t i = 0; i < cat->n_stmts; i++) {
		const struct hta_statement *st = &cat->stmts[i];
		unsigned char p = HTA_POOL_OUT;
		if (!all_required(cat, sc, st, tier))
			; /* out: a required condition fails */
		else if (st->addon == HTA_ADDON_AI_SECURITY) {
			if ((addons & HTA_WITH_AI_SECURITY) && (!st->n_when || any_holds(cat, sc, st)))
				p = HTA_POOL_AI_SECURITY;
		} else if (st->addon == HTA_ADDON_AI_RISK) {
			if ((addons & HTA_WITH_AI_RISK) && (!st->n_when || any_holds(cat, sc, st)))
				p = HTA_POOL_AI_RISK;
		} else if (st->tiers & (1u << tier)) {
			if (!st->n_when || any_holds(cat, sc, st))
				p = HTA_POOL_DOMAIN;
		} else if (st->compliance_only && any_holds(cat, sc, st)) {
			p = HTA_POOL_COMPLIANCE; /* e1/i1 with a compliance factor */
		}
		pool[i] = p;
		n += p != HTA_POOL_OUT;
	}
	return n;
}

int hta_scope_selection(const struct hta_catalog *cat, const struct hta_scope *sc,
			enum hta_tier tier, unsigned addons, unsigned char *pool,
			enum hta_tier *tier_out, unsigned *addons_out, size_t *n_out,
			struct hta_err *err)
{
	enum hta_tier t = tier != HTA_TIER_NONE ? tier : sc->tier;
	if (t == HTA_TIER_NONE)
		return hta_err_set(err, HTA_EINVAL, "no tier: give --tier %s or 'tier:' in scope.yaml",
				   hta_tier_choices(true));
	int rc = hta_scope_check(sc, cat, t, err);
	if (rc)
		return rc;
	addons |= sc->addons;
	size_t n = hta_select(cat, sc, t, addons, pool);
	if (tier_out)
		*tier_out = t;
	if (addons_out)
		*addons_out = addons;
	if (n_out)
		*n_out = n;
	return 0;
}

bool hta_scope_lowest_risk(const struct hta_scope *sc, const struct hta_catalog *cat)
{
	if (sc->compliance || !cat->n_factors)
		return false;
	for (size_t i = 0; i < cat->n_factors; i++) {
		const struct hta_factor *f = &cat->factors[i];
		if (!sc->factor_set[i])
			return false;
		if (f->is_integer ? hta_factor_level(f, sc->factor_value[i]) > 1
				  : sc->factor_value[i] != 0)
			return false;
	}
	return true;
}
