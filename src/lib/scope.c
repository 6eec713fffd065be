/*
 * scope.c — read and write scope.yaml, and select the statements a run
 * assesses.
 */
#include "hta/doc.h"
#include "hta/manifest.h"
#include "hta/scope.h"
#include "yaml_emit_int.h"

#include <stdio.h>
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

/*
 * One scope read. Like the manifest reader (manifest.c), it reads on past
 * a bad value so that every error of the file is reported: each error is
 * added to `l` (when given) in the order read, the first stays in `first`.
 * Only running out of memory stops the read.
 */
struct srd {
	struct hta_errlist *l;
	struct hta_err first;
	struct hta_err e; /* the part being read */
};

/* The part just read failed with r->e: keep its error (hta_errlist_keep).
 * HTA_ENOMEM when the read must stop, else 0. */
static int keep(struct srd *r)
{
	return hta_errlist_keep(r->l, &r->first, &r->e);
}

/* Keep the error of a part that failed (`rc`: its status). HTA_ENOMEM
 * when the read must stop, else 0. */
static int kept(struct srd *r, int rc)
{
	return rc ? keep(r) : 0;
}

/* One answer of `factors:`. */
static int load_factor(struct hta_scope *sc, const struct hta_catalog *cat,
		       const struct hta_doc *d, const struct hta_node *k, const struct hta_node *v,
		       struct hta_err *err)
{
	int fi = hta_catalog_factor(cat, k->s);
	if (fi < 0)
		return hta_node_err(d, k, err, "unknown factor '%s' (see 'catalog stats')",
				    hta_shown(k->s));
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
	return 0;
}

/* `factors:`, each answer read and each bad one kept. */
static int load_factors(struct hta_scope *sc, const struct hta_catalog *cat,
			const struct hta_doc *d, const struct hta_node *m, struct srd *r)
{
	if (!m || m->kind != HTA_NODE_MAP) {
		hta_node_err(d, m, &r->e, "factors must be a mapping of factor to answer");
		return keep(r);
	}
	for (size_t i = 0; i < m->n; i++)
		if (load_factor(sc, cat, d, m->items[2 * i], m->items[2 * i + 1], &r->e) && keep(r))
			return HTA_ENOMEM;
	return 0;
}

/* The yes/no AI questions of `ai:` (model types are a list). */
static const struct ai_flag {
	const char *key;
	enum hta_ai_feature feature;
} ai_flags[] = { { "rag", HTA_AI_RAG }, { "fine_tuning", HTA_AI_FINE_TUNING },
		 { "agents", HTA_AI_AGENTS } };
#define N_AI_FLAGS (sizeof(ai_flags) / sizeof(ai_flags[0]))

static int load_ai(struct hta_scope *sc, const struct hta_doc *d, const struct hta_node *m,
		   struct hta_err *err)
{
	static const char *const keys[] = { "model_types", "rag", "fine_tuning", "agents", NULL };
	const struct ai_flag *flags = ai_flags;
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
	for (size_t i = 0; i < N_AI_FLAGS; i++) {
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
		/* an empty key ("&a: ..." is an anchor on an empty one): a
		 * provider no manifest can name, and scope.yaml can't write */
		if (!k->s[0])
			return hta_node_err(d, k, err, "a provider needs a name");
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

/* `tier:`. */
static int load_tier(struct hta_scope *sc, const struct hta_doc *d, const struct hta_node *v,
		     struct hta_err *err)
{
	const char *s;
	if (hta_node_str(d, v, "tier", &s, err))
		return HTA_EINVAL;
	if ((sc->tier = hta_tier_parse(s)) == HTA_TIER_NONE)
		return hta_node_err(d, v, err, "tier must be %s, not '%s'", hta_tier_choices(false), s);
	return 0;
}

/* One entry of `compliance:`. */
static int load_compliance_one(struct hta_scope *sc, const struct hta_catalog *cat,
			       const struct hta_doc *d, const struct hta_node *n,
			       struct hta_err *err)
{
	const char *s;
	int ci;
	if (hta_node_str(d, n, "compliance factor", &s, err))
		return HTA_EINVAL;
	if ((ci = hta_catalog_compliance(cat, s)) < 0)
		return hta_node_err(d, n, err, "unknown compliance factor '%s'", hta_shown(s));
	sc->compliance |= 1ull << ci;
	return 0;
}

/* One entry of `addons:`. */
static int load_addon_one(struct hta_scope *sc, const struct hta_doc *d, const struct hta_node *n,
			  struct hta_err *err)
{
	const char *s;
	unsigned f;
	if (hta_node_str(d, n, "add-on", &s, err))
		return HTA_EINVAL;
	if (!(f = hta_addon_flag(hta_addon_parse(s))))
		return hta_node_err(d, n, err, "add-on must be ai-security or ai-risk, not '%s'", s);
	sc->addons |= f;
	return 0;
}

/* A list section (`compliance:`, `addons:`), each entry read by `one` and
 * each bad one kept. */
static int load_list(struct hta_scope *sc, const struct hta_catalog *cat, const struct hta_doc *d,
		     const struct hta_node *v, const char *what, struct srd *r)
{
	if (hta_seq_check(d, v, what, &r->e))
		return keep(r);
	for (size_t i = 0; i < v->n; i++) {
		int rc = strcmp(what, "compliance") == 0
				 ? load_compliance_one(sc, cat, d, v->items[i], &r->e)
				 : load_addon_one(sc, d, v->items[i], &r->e);
		if (rc && keep(r))
			return HTA_ENOMEM;
	}
	return 0;
}

/* Every section of the scope `r` (a mapping), each bad one kept. */
static int load_sections(struct hta_scope *sc, const struct hta_catalog *cat,
			 const struct hta_doc *d, const struct hta_node *r, const char *path,
			 struct srd *rd)
{
	static const char *const keys[] = { "organization", "assessment", "as_of", "tier",
					    "measured_managed", "factors", "compliance", "ai",
					    "providers", "addons", "soc2", NULL };
	const struct hta_node *v;
	for (size_t i = 0; i < r->n; i++) { /* every unknown key, not just the first */
		const struct hta_node *k = r->items[2 * i];
		const char *const *a = keys;
		while (*a && strcmp(*a, k->s) != 0)
			a++;
		if (!*a && (hta_node_err(d, k, &rd->e, "unknown key '%s' in scope", hta_shown(k->s)),
			    keep(rd)))
			return HTA_ENOMEM;
	}
	if ((v = hta_map_get(r, "organization")) &&
	    kept(rd, copy_str(sc, d, v, "organization", &sc->organization, &rd->e)))
		return HTA_ENOMEM;
	if ((v = hta_map_get(r, "assessment")) &&
	    kept(rd, copy_str(sc, d, v, "assessment", &sc->assessment, &rd->e)))
		return HTA_ENOMEM;
	if ((v = hta_map_get(r, "as_of"))) {
		int rc = hta_node_date(d, v, "as_of", &sc->as_of, &rd->e);
		if (kept(rd, rc))
			return HTA_ENOMEM;
		sc->has_as_of = !rc;
	}
	if ((v = hta_map_get(r, "tier")) && kept(rd, load_tier(sc, d, v, &rd->e)))
		return HTA_ENOMEM;
	if ((v = hta_map_get(r, "measured_managed")) &&
	    kept(rd, hta_node_bool(d, v, "measured_managed", &sc->measured_managed, &rd->e)))
		return HTA_ENOMEM;
	for (size_t i = 0; i < r->n; i++) /* where a missing factor is reported */
		if (strcmp(r->items[2 * i]->s, "factors") == 0) {
			sc->factors_line = r->items[2 * i]->line;
			sc->factors_col = r->items[2 * i]->col;
		}
	if ((v = hta_map_get(r, "factors")) && !hta_node_is_null(v) &&
	    load_factors(sc, cat, d, v, rd))
		return HTA_ENOMEM;
	if ((v = hta_map_get(r, "compliance")) && !hta_node_is_null(v) &&
	    load_list(sc, cat, d, v, "compliance", rd))
		return HTA_ENOMEM;
	if ((v = hta_map_get(r, "ai")) && !hta_node_is_null(v) &&
	    kept(rd, load_ai(sc, d, v, &rd->e)))
		return HTA_ENOMEM;
	if ((v = hta_map_get(r, "addons")) && !hta_node_is_null(v) &&
	    load_list(sc, cat, d, v, "addons", rd))
		return HTA_ENOMEM;
	if ((v = hta_map_get(r, "providers")) && !hta_node_is_null(v) &&
	    kept(rd, load_providers(sc, d, v, path, &rd->e)))
		return HTA_ENOMEM;
	if ((v = hta_map_get(r, "soc2")) && !hta_node_is_null(v) &&
	    kept(rd, load_soc2(sc, d, v, &rd->e)))
		return HTA_ENOMEM;
	return 0;
}

int hta_scope_load_all(struct hta_scope *sc, const struct hta_catalog *cat, const char *path,
		       const char *display, struct hta_errlist *l, struct hta_err *err)
{
	int rc = hta_scope_init(sc, cat, err);
	if (rc)
		return rc;
	struct hta_doc d;
	if ((rc = hta_doc_load(&d, path, display, 0, &hta_doc_limits_small, err))) {
		if (l && rc == HTA_EINVAL && hta_errlist_add(l, err->msg))
			rc = hta_err_set(err, HTA_ENOMEM, "out of memory");
		hta_scope_free(sc);
		return rc;
	}
	struct srd rd = { .l = l };
	const struct hta_node *r = d.root;
	if (!(sc->file = hta_arena_strdup(&sc->arena, d.file))) {
		hta_err_set(&rd.first, HTA_ENOMEM, "out of memory");
	} else if (!r) {
		/* an empty scope file: all defaults */
	} else if (r->kind != HTA_NODE_MAP) {
		hta_node_err(&d, r, &rd.e, "scope must be a mapping of keys to values");
		keep(&rd);
	} else {
		load_sections(sc, cat, &d, r, path, &rd);
	}
	hta_doc_free(&d);
	if ((rc = rd.first.code)) {
		if (err)
			*err = rd.first;
		hta_scope_free(sc);
	}
	return rc;
}

int hta_scope_load(struct hta_scope *sc, const struct hta_catalog *cat, const char *path,
		   const char *display, struct hta_err *err)
{
	return hta_scope_load_all(sc, cat, path, display, NULL, err);
}

int hta_scope_check(const struct hta_scope *sc, const struct hta_catalog *cat,
		    enum hta_tier tier, struct hta_err *err)
{
	if (tier != HTA_TIER_R2)
		return 0;
	/* Every missing factor in the one message: the first with its
	 * question, the others by name. */
	size_t first = cat->n_factors, more = 0;
	struct hta_buf rest = HTA_BUF_INIT;
	for (size_t i = 0; i < cat->n_factors; i++) {
		if (sc->factor_set[i])
			continue;
		if (first == cat->n_factors) {
			first = i;
			continue;
		}
		hta_buf_printf(&rest, "%s%s", more++ ? ", " : "", cat->factors[i].name);
	}
	if (first == cat->n_factors)
		return 0;
	if (rest.failed) {
		hta_buf_free(&rest);
		return hta_err_set(err, HTA_ENOMEM, "out of memory");
	}
	const char *file = sc->file ? sc->file : "scope.yaml";
	const char *none = sc->file ? "" : " — there is no scope.yaml";
	/* at the `factors:` key, or the file's start without one; no position
	 * when there is no file */
	unsigned line = !sc->file ? 0 : sc->factors_line ? sc->factors_line : 1;
	unsigned col = !sc->file ? 0 : sc->factors_line ? sc->factors_col : 1;
	int rc = more ? hta_err_at(err, HTA_EINVAL, file, line, col,
				   "r2 needs every factor answered: '%s' is missing (%s), and "
				   "%zu more: %s%s", cat->factors[first].name,
				   cat->factors[first].question, more, rest.s, none)
		      : hta_err_at(err, HTA_EINVAL, file, line, col,
				   "r2 needs every factor answered: '%s' is missing (%s)%s",
				   cat->factors[first].name, cat->factors[first].question, none);
	hta_buf_free(&rest);
	return rc;
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

/* ---- writing ---- */

/*
 * libyaml's emitter has no comment event, so scope.yaml is written in two
 * passes: the emitter writes the document (block style, every value on its
 * own line), and each key that carries a comment is recorded as an
 * anchor, in the order emitted. The splice then copies the document line
 * by line, writing an anchor's comment lines before the line that starts
 * with its key at its indent, and its trailing comment after it. Comment
 * text goes through hta_yaml_comment()'s sanitiser (hta/manifest.h), so a
 * catalog question cannot end a comment early.
 */
struct anchor {
	const char *key;
	unsigned indent;
	size_t from, to;        /* its comment lines: notes.s[from..to) */
	const char *trailing;   /* a comment after the value, or NULL */
};

struct scope_writer {
	struct hta_ye y;
	struct hta_buf yaml, notes;
	size_t pending;         /* notes not yet given to an anchor start here */
	struct anchor *a;
	size_t n, cap;
};

/* Comment lines (each line of `text`), indented, for the next anchor. */
static void note(struct scope_writer *w, unsigned indent, const char *text)
{
	struct hta_buf c = HTA_BUF_INIT;
	hta_yaml_comment(&c, text, 0);
	for (size_t k = 0; c.s && k < c.len; k++) {
		if (k == 0 || c.s[k - 1] == '\n')
			for (unsigned i = 0; i < indent; i++)
				hta_buf_add(&w->notes, " ", 1);
		hta_buf_add(&w->notes, c.s + k, 1);
	}
	if (c.failed)
		w->notes.failed = 1;
	hta_buf_free(&c);
}

/* Emit key `k` (a fixed word or a catalog name) with the pending notes before it. */
static void key_at(struct scope_writer *w, unsigned indent, const char *k, const char *trailing)
{
	if (w->n == w->cap) {
		w->y.rc = w->y.rc ? w->y.rc : hta_err_set(w->y.err, HTA_ENOMEM, "out of memory");
		return;
	}
	w->a[w->n++] = (struct anchor){ k, indent, w->pending, w->notes.len, trailing };
	w->pending = w->notes.len;
	hta_ye_key(&w->y, k);
}

static void bool_value(struct scope_writer *w, bool b)
{
	hta_ye_scalar(&w->y, b ? "true" : "false", true);
}

/* Hundredths as the reader reads them back: 100, 99.5, 99.25. */
static void hundredths_value(struct scope_writer *w, int h)
{
	char num[32];
	if (h % 100 == 0)
		snprintf(num, sizeof(num), "%d", h / 100);
	else if (h % 10 == 0)
		snprintf(num, sizeof(num), "%d.%d", h / 100, h % 100 / 10);
	else
		snprintf(num, sizeof(num), "%d.%02d", h / 100, h % 100);
	hta_ye_scalar(&w->y, num, true);
}

/* `factors:` — every catalog question commented above its answer. */
static void write_factors(struct scope_writer *w, const struct hta_scope *sc,
			  const struct hta_catalog *cat)
{
	key_at(w, 0, "factors", NULL);
	hta_ye_map_start(&w->y, false);
	for (size_t i = 0; i < cat->n_factors; i++) {
		const struct hta_factor *f = &cat->factors[i];
		struct hta_buf q = HTA_BUF_INIT;
		hta_buf_puts(&q, f->question);
		if (f->is_integer) {
			hta_buf_puts(&q, " (levels from");
			for (size_t k = 0; k < f->n_bands; k++)
				hta_buf_printf(&q, "%s %lld", k ? "," : "", f->bands[k]);
			hta_buf_puts(&q, ")");
		}
		if (!sc->factor_set[i])
			hta_buf_printf(&q, "\n%s: (not answered yet: %s)", f->name,
				       f->is_integer ? "a number" : "true or false");
		if (q.failed)
			w->notes.failed = 1;
		note(w, 2, q.s ? q.s : "");
		hta_buf_free(&q);
		if (!sc->factor_set[i])
			continue;
		key_at(w, 2, f->name, NULL);
		if (f->is_integer) {
			char num[32];
			snprintf(num, sizeof(num), "%lld", sc->factor_value[i]);
			hta_ye_scalar(&w->y, num, true);
		} else {
			bool_value(w, sc->factor_value[i] != 0);
		}
	}
	hta_ye_map_end(&w->y);
}

/* `ai:` — written when the scope answers it, else shown commented out. */
static void write_ai(struct scope_writer *w, const struct hta_scope *sc)
{
	if (!sc->has_ai) {
		struct hta_buf t = HTA_BUF_INIT;
		hta_buf_puts(&t, "ai:               # used with the ai-security add-on\n"
				 "  model_types: [rule-based]   # rule-based, predictive, generative");
		for (size_t i = 0; i < N_AI_FLAGS; i++)
			hta_buf_printf(&t, "\n  %s: false", ai_flags[i].key);
		if (t.failed)
			w->notes.failed = 1;
		note(w, 0, t.s ? t.s : "");
		hta_buf_free(&t);
		return;
	}
	key_at(w, 0, "ai", "used with the ai-security add-on");
	hta_ye_map_start(&w->y, false);
	key_at(w, 2, "model_types", "rule-based, predictive, generative");
	hta_ye_seq_start(&w->y, true);
	for (int f = HTA_AI_RULE_BASED; f <= HTA_AI_GENERATIVE; f++)
		if (sc->ai & (1u << f))
			hta_ye_scalar(&w->y, hta_ai_feature_name((enum hta_ai_feature)f), true);
	hta_ye_seq_end(&w->y);
	for (size_t i = 0; i < N_AI_FLAGS; i++) {
		hta_ye_key(&w->y, ai_flags[i].key);
		bool_value(w, sc->ai & (1u << ai_flags[i].feature));
	}
	hta_ye_map_end(&w->y);
}

/* `providers:` and `soc2:`. */
static void write_sources(struct scope_writer *w, const struct hta_scope *sc)
{
	key_at(w, 0, "providers", "inheritance sources, e.g. aws: { score: 100 }");
	hta_ye_map_start(&w->y, false);
	for (size_t i = 0; i < sc->n_providers; i++) {
		const struct hta_provider *p = &sc->providers[i];
		hta_ye_text(&w->y, "provider name", p->name);
		hta_ye_map_start(&w->y, true);
		hta_ye_key(&w->y, "score");
		hundredths_value(w, p->score_h);
		if (p->matrix_shown) {
			hta_ye_key(&w->y, "matrix");
			hta_ye_text(&w->y, "provider matrix", p->matrix_shown);
		}
		hta_ye_map_end(&w->y);
	}
	hta_ye_map_end(&w->y);
	if (!sc->soc2.given)
		return;
	key_at(w, 0, "soc2", NULL);
	hta_ye_map_start(&w->y, false);
	hta_ye_key(&w->y, "period_end");
	hta_ye_date(&w->y, sc->soc2.period_end);
	hta_ye_list(&w->y, "exceptions", "SOC 2 criterion", sc->soc2.exceptions,
		    sc->soc2.n_exceptions);
	hta_ye_map_end(&w->y);
}

/* The document, through the emitter into w->yaml, anchors recorded. */
static void write_doc(struct scope_writer *w, const struct hta_scope *sc,
		      const struct hta_catalog *cat)
{
	hta_ye_map_start(&w->y, false);
	if (sc->organization) {
		key_at(w, 0, "organization", NULL);
		hta_ye_text(&w->y, "organization", sc->organization);
	}
	if (sc->assessment) {
		key_at(w, 0, "assessment", NULL);
		hta_ye_text(&w->y, "assessment", sc->assessment);
	}
	if (sc->has_as_of) {
		key_at(w, 0, "as_of", "the assessment date");
		hta_ye_date(&w->y, sc->as_of);
	} else {
		note(w, 0, "as_of: YYYY-MM-DD   # the assessment date; default: today (UTC)");
	}
	if (sc->tier != HTA_TIER_NONE) {
		key_at(w, 0, "tier", NULL);
		hta_ye_scalar(&w->y, hta_tier_name(sc->tier), true);
	}
	key_at(w, 0, "measured_managed", "r2 only: also score measured and managed");
	bool_value(w, sc->measured_managed);
	key_at(w, 0, "addons", "ai-security, ai-risk");
	hta_ye_seq_start(&w->y, true);
	for (enum hta_addon a = HTA_ADDON_AI_SECURITY; a <= HTA_ADDON_AI_RISK; a++)
		if (sc->addons & hta_addon_flag(a))
			hta_ye_scalar(&w->y, hta_addon_name(a), true);
	hta_ye_seq_end(&w->y);
	write_factors(w, sc, cat);
	/* The trailing comment lists the catalog's compliance factors (splice()). */
	key_at(w, 0, "compliance", cat->n_compliance ? "any of:" : NULL);
	hta_ye_seq_start(&w->y, true);
	for (size_t i = 0; i < cat->n_compliance && i < 64; i++)
		if (sc->compliance & (1ull << i))
			hta_ye_text(&w->y, "compliance factor", cat->compliance[i].id);
	hta_ye_seq_end(&w->y);
	write_ai(w, sc);
	write_sources(w, sc);
	hta_ye_map_end(&w->y);
}

/* Does `line` (len bytes, no newline) start anchor `a`'s key at its indent? */
static bool starts_key(const char *line, size_t len, const struct anchor *a)
{
	size_t kl = strlen(a->key);
	if (len < a->indent + kl + 1)
		return false;
	for (unsigned i = 0; i < a->indent; i++)
		if (line[i] != ' ')
			return false;
	const char *k = line + a->indent;
	return memcmp(k, a->key, kl) == 0 && k[kl] == ':' &&
	       (a->indent + kl + 1 == len || k[kl + 1] == ' ');
}

/* Copy w->yaml to `out` with the anchors' comments; 0 or HTA_EINVAL. */
static int splice(struct scope_writer *w, const struct hta_catalog *cat, struct hta_buf *out,
		  struct hta_err *err)
{
	size_t k = 0;
	for (size_t at = 0; at < w->yaml.len;) {
		const char *line = w->yaml.s + at;
		const char *nl = memchr(line, '\n', w->yaml.len - at);
		size_t len = nl ? (size_t)(nl - line) : w->yaml.len - at;
		bool hit = k < w->n && starts_key(line, len, &w->a[k]);
		if (hit)
			hta_buf_add(out, w->notes.s + w->a[k].from, w->a[k].to - w->a[k].from);
		hta_buf_add(out, line, len);
		if (hit && w->a[k].trailing) {
			struct hta_buf t = HTA_BUF_INIT;
			hta_buf_puts(&t, w->a[k].trailing);
			if (strcmp(w->a[k].key, "compliance") == 0)
				for (size_t i = 0; i < cat->n_compliance; i++)
					hta_buf_printf(&t, " %s", cat->compliance[i].id);
			hta_buf_puts(out, "   ");
			hta_yaml_comment(out, t.s ? t.s : "", 0);
			out->len -= out->len && out->s[out->len - 1] == '\n'; /* added below */
			if (t.failed)
				out->failed = 1;
			hta_buf_free(&t);
		}
		hta_buf_puts(out, "\n");
		k += hit;
		at += len + 1;
	}
	hta_buf_add(out, w->notes.s ? w->notes.s + w->pending : "", w->notes.len - w->pending);
	if (k < w->n)
		return hta_err_set(err, HTA_EINVAL, "cannot write scope: key '%s' not found in "
				   "the emitted document", w->a[k].key);
	return 0;
}

int hta_scope_emit(struct hta_buf *out, const struct hta_scope *sc,
		   const struct hta_catalog *cat, const char *header, struct hta_err *err)
{
	struct scope_writer w = { .cap = cat->n_factors + 16 };
	size_t start = out->len;
	int rc;
	if (!(w.a = hta_calloc(w.cap, sizeof(*w.a))))
		return hta_err_set(err, HTA_ENOMEM, "out of memory");
	if (!(rc = hta_ye_begin(&w.y, &w.yaml, "scope", err))) {
		write_doc(&w, sc, cat);
		rc = hta_ye_end(&w.y);
	}
	if (!rc && w.notes.failed)
		rc = hta_err_set(err, HTA_ENOMEM, "out of memory");
	if (!rc && w.y.nodes > hta_doc_limits_small.max_nodes)
		rc = hta_err_set(err, HTA_EINVAL, "scope has too many values (limit %zu)",
				 hta_doc_limits_small.max_nodes);
	if (!rc) {
		if (header)
			hta_yaml_comment(out, header, 0);
		rc = splice(&w, cat, out, err);
	}
	if (!rc && out->failed)
		rc = hta_err_set(err, HTA_ENOMEM, "out of memory");
	if (!rc && out->len - start > hta_doc_limits_small.max_bytes)
		rc = hta_err_set(err, HTA_EINVAL, "scope is too large (%zu bytes, limit %zu)",
				 out->len - start, hta_doc_limits_small.max_bytes);
	if (rc && !out->failed)
		out->len = start; /* nothing half-written */
	hta_buf_free(&w.yaml);
	hta_buf_free(&w.notes);
	hta_free(w.a);
	return rc;
}
