/*
 * catalog.c — load and validate a catalog directory (docs/catalog-format.md).
 *
 * Strings are copied into the catalog's arena so each YAML document can be
 * freed as soon as it is read; statement ids are indexed in an
 * open-addressing hash table for O(1) look-up by the evidence reader.
 */
#include "hta/catalog.h"
#include "hta/doc.h"
#include "hta/par.h"

#include <dirent.h>
#include <errno.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_STR(dst, src)                                          \
	do {                                                         \
		if (!((dst) = hta_arena_strdup(&cat->arena, (src)))) \
			return hta_err_set(err, HTA_ENOMEM, "out of memory"); \
	} while (0)

static const char *const map_names[HTA_MAP_COUNT + 1] = {
	"hipaa", "nist_800_53", "nist_csf", "ai_rmf", "owasp_llm",
	"pci_dss", "nist_800_171", "gdpr", "fedramp", "state_law", NULL
};

const char *hta_map_name(enum hta_map_kind k)
{
	return (unsigned)k < HTA_MAP_COUNT ? map_names[k] : "?";
}

int hta_map_parse(const char *name)
{
	for (int k = 0; k < HTA_MAP_COUNT; k++)
		if (strcmp(map_names[k], name) == 0)
			return k;
	return -1;
}

/* A run of 1..maxd digits at *p, its value to *v; advances *p. */
static int digits(const char **p, int maxd, int *v)
{
	int n = 0, x = 0;
	while (**p >= '0' && **p <= '9' && n < maxd) {
		x = x * 10 + (**p - '0');
		(*p)++;
		n++;
	}
	*v = x;
	return n > 0 && !(**p >= '0' && **p <= '9');
}

/* PCI DSS 4.0.1: "R.N[.N[.N]]" with R 1..12, or an appendix "A1.N[.N]".. "A3". */
static bool pci_valid(const char *s)
{
	int v, parts = 1;
	if (*s == 'A') {
		s++;
		if (!digits(&s, 1, &v) || v < 1 || v > 3)
			return false;
	} else if (!digits(&s, 2, &v) || v < 1 || v > 12) {
		return false;
	}
	while (*s == '.') {
		s++;
		if (!digits(&s, 2, &v) || v < 1)
			return false;
		parts++;
	}
	return !*s && parts >= 2 && parts <= 4;
}

/* NIST SP 800-171 r2: 3.F.N, the 110 requirements of its 14 families. */
static bool nist171_valid(const char *s)
{
	static const int per_family[15] = { 0, 22, 3, 9, 9, 11, 3, 6, 9, 2, 6, 3, 4, 16, 7 };
	int f, n;
	if (strncmp(s, "3.", 2) != 0)
		return false;
	s += 2;
	if (!digits(&s, 2, &f) || f < 1 || f > 14 || *s != '.')
		return false;
	s++;
	return digits(&s, 2, &n) && !*s && n >= 1 && n <= per_family[f];
}

/* GDPR: an article number 1..99, optionally a paragraph "(N)" and point "(x)". */
static bool gdpr_valid(const char *s)
{
	int a;
	if (!digits(&s, 2, &a) || a < 1 || a > 99)
		return false;
	if (*s == '(') {
		s++;
		if (!digits(&s, 2, &a) || a < 1 || *s++ != ')')
			return false;
		if (*s == '(') {
			if (!(s[1] >= 'a' && s[1] <= 'z') || s[2] != ')')
				return false;
			s += 3;
		}
	}
	return !*s;
}

bool hta_map_id_valid(enum hta_map_kind k, const char *id, const char **why)
{
	const char *w = NULL;
	switch (k) {
	case HTA_MAP_PCI_DSS:
		if (!pci_valid(id))
			w = "a PCI DSS 4.0.1 requirement number such as 8.4.2 (1..12 or A1..A3, "
			    "2 to 4 parts)";
		break;
	case HTA_MAP_NIST_800_171:
		if (!nist171_valid(id))
			w = "a NIST SP 800-171 r2 requirement id such as 3.5.3 (3.1.1 .. 3.14.7)";
		break;
	case HTA_MAP_GDPR:
		if (!gdpr_valid(id))
			w = "a GDPR article such as 32 or 33(1) or 32(1)(a)";
		break;
	case HTA_MAP_FEDRAMP:
		if (strcmp(id, "low") && strcmp(id, "moderate") && strcmp(id, "high") &&
		    strcmp(id, "li-saas"))
			w = "a FedRAMP baseline: low, moderate, high or li-saas";
		break;
	default:
		if (!*id)
			w = "a non-empty id";
		break;
	}
	if (why)
		*why = w;
	return w == NULL;
}

static const char *const ai_names[HTA_AI_COUNT] = {
	"rule-based", "predictive", "generative", "rag", "fine-tuning", "agents"
};

int hta_ai_feature_parse(const char *s)
{
	for (int i = 0; i < HTA_AI_COUNT; i++)
		if (strcmp(s, ai_names[i]) == 0)
			return i;
	return -1;
}

const char *hta_ai_feature_name(enum hta_ai_feature f)
{
	return (unsigned)f < HTA_AI_COUNT ? ai_names[f] : "?";
}

void hta_settings_default(struct hta_settings *s)
{
	static const struct hta_settings def = {
		.threshold = { 83, 83, 62 },
		.weight = { 15, 20, 40, 10, 15 },
		.cap_below = 71,
		.stale_days = 365,
		.maturity_days = { 60, 60, 90, 90, 90 },
		.coverage_bands = { 10, 32, 65, 89 },
		.inherit_effort = 1,
		.effort_weeks = { 0, 2, 4, 6, 8, 12 },
		.stale_window_days = 90,
	};
	*s = def;
}

long hta_catalog_find(const struct hta_catalog *cat, const char *id)
{
	if (!cat->index_cap)
		return -1;
	size_t mask = cat->index_cap - 1;
	for (size_t i = hta_hash_str(id) & mask;; i = (i + 1) & mask) {
		size_t v = cat->index[i];
		if (!v)
			return -1;
		if (strcmp(cat->stmts[v - 1].id, id) == 0)
			return (long)(v - 1);
	}
}

int hta_catalog_factor(const struct hta_catalog *cat, const char *name)
{
	for (size_t i = 0; i < cat->n_factors; i++)
		if (strcmp(cat->factors[i].name, name) == 0)
			return (int)i;
	return -1;
}

int hta_catalog_compliance(const struct hta_catalog *cat, const char *name)
{
	for (size_t i = 0; i < cat->n_compliance; i++)
		if (strcmp(cat->compliance[i].id, name) == 0)
			return (int)i;
	return -1;
}

int hta_catalog_control(const struct hta_catalog *cat, const char *id)
{
	if (cat->control_index_cap) { /* every statement looks its control up */
		size_t mask = cat->control_index_cap - 1;
		for (size_t i = hta_hash_str(id) & mask;; i = (i + 1) & mask) {
			size_t v = cat->control_index[i];
			if (!v)
				return -1;
			if (strcmp(cat->controls[v - 1].id, id) == 0)
				return (int)(v - 1);
		}
	}
	for (size_t i = 0; i < cat->n_controls; i++)
		if (strcmp(cat->controls[i].id, id) == 0)
			return (int)i;
	return -1;
}

int hta_factor_level(const struct hta_factor *f, long long value)
{
	if (!f->is_integer)
		return value ? 2 : 1;
	int level = 1;
	for (size_t i = 0; i < f->n_bands; i++)
		if (value >= f->bands[i])
			level = (int)i + 2;
	return level;
}

static int valid_name(const char *s, int allow_dash)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_' ||
		      (allow_dash && *s == '-')))
			return 0;
	return 1;
}

static int valid_id(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > 63)
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || *s == '.' || *s == '_' || *s == '-'))
			return 0;
	return 1;
}

/* "07" -> 7; the caller checked both are digits. */
static int atoi_2(const char *s)
{
	return (s[0] - '0') * 10 + (s[1] - '0');
}

/*
 * The text under `key` in map `m` (its node to *vn unless NULL). A missing
 * key is reported at the map's own position, so the message has a line.
 */
static int need_str(const struct hta_doc *d, const struct hta_node *m, const char *key,
		    const char *what, const char **out, const struct hta_node **vn,
		    struct hta_err *err)
{
	const struct hta_node *v = hta_map_get(m, key);
	if (vn)
		*vn = v;
	if (!v)
		return hta_node_err(d, m, err, "missing '%s' (%s)", key, what);
	return hta_node_str(d, v, what, out, err);
}

/* ---- catalog.yaml ---- */

static int int_field(const struct hta_doc *d, const struct hta_node *m, const char *key,
		     long long min, long long max, int *out, struct hta_err *err)
{
	const struct hta_node *v = hta_map_get(m, key);
	long long x;
	if (!v)
		return 0;
	if (hta_node_int(d, v, key, min, max, &x, err))
		return HTA_EINVAL;
	*out = (int)x;
	return 0;
}

static int per_level(const struct hta_doc *d, const struct hta_node *m, const char *what,
		     long long max, int out[HTA_LEVEL_COUNT], struct hta_err *err)
{
	static const char *const keys[] = { "policy", "procedure", "implemented",
					    "measured", "managed", NULL };
	if (hta_map_check(d, m, what, keys, err))
		return HTA_EINVAL;
	for (int l = 0; l < HTA_LEVEL_COUNT; l++)
		if (int_field(d, m, keys[l], 0, max, &out[l], err))
			return HTA_EINVAL;
	return 0;
}

/*
 * One error of a catalog.yaml part: with a list `l`, it is listed and the
 * next item read (0 returned, HTA_ENOMEM passed up); without one (NULL),
 * it stops the part, as rc with `err` set.
 */
static int item_err(struct hta_errlist *l, int rc, const struct hta_err *e, struct hta_err *err)
{
	if (!rc)
		return 0;
	if (!l || rc == HTA_ENOMEM) {
		*err = *e;
		return rc;
	}
	return hta_errlist_add(l, e->msg) ? hta_err_set(err, HTA_ENOMEM, "out of memory") : 0;
}

/* settings.thresholds and settings.weights (which must add up to 100). */
static int settings_levels(struct hta_catalog *cat, const struct hta_doc *d,
			   const struct hta_node *m, struct hta_errlist *l, struct hta_err *err)
{
	const char *tkeys[HTA_TIER_COUNT + 1];
	for (enum hta_tier t = HTA_TIER_E1; t < HTA_TIER_COUNT; t++)
		tkeys[t] = hta_tier_name(t);
	tkeys[HTA_TIER_COUNT] = NULL;
	struct hta_settings *s = &cat->settings;
	struct hta_err e = { 0 };
	const struct hta_node *v;
	int rc = 0;
	if ((v = hta_map_get(m, "thresholds"))) {
		rc = hta_map_check(d, v, "thresholds", tkeys, &e);
		for (enum hta_tier t = HTA_TIER_E1; !rc && t < HTA_TIER_COUNT; t++)
			rc = int_field(d, v, tkeys[t], 0, 100, &s->threshold[t], &e);
		if ((rc = item_err(l, rc, &e, err)))
			return rc;
	}
	if ((v = hta_map_get(m, "weights"))) {
		int sum = 0;
		if (!(rc = per_level(d, v, "weights", 100, s->weight, &e))) {
			for (int k = 0; k < HTA_LEVEL_COUNT; k++)
				sum += s->weight[k];
			if (sum != 100)
				rc = hta_node_err(d, v, &e, "weights must add up to 100, not %d", sum);
		}
		if ((rc = item_err(l, rc, &e, err)))
			return rc;
	}
	if ((v = hta_map_get(m, "maturity_days")) &&
	    (rc = item_err(l, per_level(d, v, "maturity_days", 100000, s->maturity_days, &e), &e,
			   err)))
		return rc;
	return 0;
}

/* settings.effort_weeks (five) and settings.coverage_bands (four, ascending). */
static int settings_lists(struct hta_catalog *cat, const struct hta_doc *d,
			  const struct hta_node *m, struct hta_errlist *l, struct hta_err *err)
{
	struct hta_settings *s = &cat->settings;
	struct hta_err e = { 0 };
	const struct hta_node *v;
	long long x;
	int rc;
	if ((v = hta_map_get(m, "effort_weeks"))) {
		/* Weeks per effort 1..5, a list of five. */
		if (!(rc = hta_seq_check(d, v, "effort_weeks", &e)) && v->n != 5)
			rc = hta_node_err(d, v, &e, "effort_weeks needs 5 entries (effort 1..5)");
		for (size_t i = 0; !rc && i < 5; i++)
			if (!(rc = hta_node_int(d, v->items[i], "weeks", 0, 520, &x, &e)))
				s->effort_weeks[i + 1] = (int)x;
		if ((rc = item_err(l, rc, &e, err)))
			return rc;
	}
	if ((v = hta_map_get(m, "coverage_bands"))) {
		if (!(rc = hta_seq_check(d, v, "coverage_bands", &e)) && v->n != 4)
			rc = hta_node_err(d, v, &e, "coverage_bands needs 4 ascending edges");
		int prev = -1;
		for (size_t i = 0; !rc && i < 4; i++) {
			if ((rc = hta_node_int(d, v->items[i], "coverage band", 0, 99, &x, &e)))
				break;
			if (x <= prev)
				rc = hta_node_err(d, v->items[i], &e, "coverage_bands must ascend");
			prev = (int)x;
			s->coverage_bands[i] = (int)x;
		}
		if ((rc = item_err(l, rc, &e, err)))
			return rc;
	}
	return 0;
}

/* settings:, each key read on its own (an error in one does not hide the next). */
static int load_settings(struct hta_catalog *cat, const struct hta_doc *d,
			 const struct hta_node *m, struct hta_errlist *l, struct hta_err *err)
{
	static const char *const keys[] = { "thresholds", "weights", "cap_below", "stale_days",
					    "maturity_days", "coverage_bands", "inherit_effort",
					    "effort_weeks", "stale_window_days", NULL };
	struct hta_settings *s = &cat->settings;
	struct hta_err e = { 0 };
	int rc = hta_map_check(d, m, "settings", keys, &e);
	if (rc && (!m || m->kind != HTA_NODE_MAP))
		return item_err(l, rc, &e, err);
	if ((rc = item_err(l, rc, &e, err)) || (rc = settings_levels(cat, d, m, l, err)) ||
	    (rc = item_err(l, int_field(d, m, "cap_below", 0, 101, &s->cap_below, &e), &e, err)) ||
	    (rc = item_err(l, int_field(d, m, "stale_days", 1, 100000, &s->stale_days, &e), &e,
			   err)) ||
	    (rc = item_err(l, int_field(d, m, "inherit_effort", 1, 5, &s->inherit_effort, &e), &e,
			   err)) ||
	    (rc = item_err(l, int_field(d, m, "stale_window_days", 0, 100000,
					&s->stale_window_days, &e), &e, err)))
		return rc;
	return settings_lists(cat, d, m, l, err);
}

/* domains:, each entry checked on its own; then every missing domain. */
static int load_domains(struct hta_catalog *cat, const struct hta_doc *d,
			const struct hta_node *seq, struct hta_errlist *l, struct hta_err *err)
{
	static const char *const keys[] = { "id", "name", NULL };
	struct hta_err e = { 0 };
	int rc;
	if (hta_seq_check(d, seq, "domains", &e))
		return item_err(l, HTA_EINVAL, &e, err);
	for (size_t i = 0; i < seq->n; i++) {
		const struct hta_node *m = seq->items[i], *idn;
		const char *id, *name;
		if (!(rc = hta_map_check(d, m, "domain", keys, &e)) &&
		    !(rc = need_str(d, m, "id", "domain id", &id, &idn, &e)) &&
		    !(rc = need_str(d, m, "name", "domain name", &name, NULL, &e))) {
			if (strlen(id) != 2 || id[0] < '0' || id[0] > '1' || id[1] < '0' ||
			    id[1] > '9' || atoi_2(id) < 1 || atoi_2(id) > HTA_DOMAINS)
				rc = hta_node_err(d, idn, &e,
						  "domain id must be \"01\"..\"19\", not '%s'", id);
			else if (cat->domain_name[atoi_2(id)])
				rc = hta_node_err(d, idn, &e, "domain %s is defined twice", id);
			else
				ARENA_STR(cat->domain_name[atoi_2(id)], name);
		}
		if ((rc = item_err(l, rc, &e, err)))
			return rc;
	}
	for (int n = 1; n <= HTA_DOMAINS; n++)
		if (!cat->domain_name[n] &&
		    (rc = item_err(l, hta_node_err(d, seq, &e, "domain %02d is missing (01..19 are "
						   "required)", n), &e, err)))
			return rc;
	return 0;
}

/* One factor into *f (name, type, bands, question); 0 or an error in err. */
static int load_factor(struct hta_catalog *cat, const struct hta_doc *d, const struct hta_node *m,
		       struct hta_factor *f, struct hta_err *err)
{
	static const char *const keys[] = { "name", "type", "bands", "question", NULL };
	const struct hta_node *nn, *tn, *bn;
	const char *name, *type, *q;
	if (hta_map_check(d, m, "factor", keys, err) ||
	    need_str(d, m, "name", "factor name", &name, &nn, err) ||
	    need_str(d, m, "type", "factor type", &type, &tn, err) ||
	    need_str(d, m, "question", "factor question", &q, NULL, err))
		return HTA_EINVAL;
	if (!valid_name(name, 0))
		return hta_node_err(d, nn, err, "factor name '%s' must be [a-z0-9_]+", name);
	if (hta_catalog_factor(cat, name) >= 0)
		return hta_node_err(d, nn, err, "factor '%s' is defined twice", name);
	if (strcmp(type, "integer") == 0)
		f->is_integer = true;
	else if (strcmp(type, "boolean") != 0)
		return hta_node_err(d, tn, err, "factor type must be integer or boolean, not '%s'", type);
	bn = hta_map_get(m, "bands");
	if (f->is_integer) {
		if (!bn || hta_seq_check(d, bn, "bands", err))
			return bn ? HTA_EINVAL
				  : hta_node_err(d, m, err, "integer factor '%s' needs bands", name);
		if (bn->n < 1 || bn->n > HTA_MAX_BANDS)
			return hta_node_err(d, bn, err, "bands needs 1 to %d edges", HTA_MAX_BANDS);
		for (size_t b = 0; b < bn->n; b++) {
			long long x;
			if (hta_node_int(d, bn->items[b], "band edge", 1, (long long)1e15, &x, err))
				return HTA_EINVAL;
			if (b && x <= f->bands[b - 1])
				return hta_node_err(d, bn->items[b], err, "bands must ascend");
			f->bands[b] = x;
		}
		f->n_bands = bn->n;
	} else if (bn) {
		return hta_node_err(d, bn, err, "a boolean factor has no bands");
	}
	ARENA_STR(f->name, name);
	ARENA_STR(f->question, q);
	return 0;
}

/* factors:, each entry checked on its own; the good ones are kept in order. */
static int load_factors(struct hta_catalog *cat, const struct hta_doc *d,
			const struct hta_node *seq, struct hta_errlist *l, struct hta_err *err)
{
	struct hta_err e = { 0 };
	int rc;
	if (hta_seq_check(d, seq, "factors", &e))
		return item_err(l, HTA_EINVAL, &e, err);
	if (seq->n > HTA_MAX_FACTORS)
		return item_err(l, hta_node_err(d, seq, &e, "at most %d factors", HTA_MAX_FACTORS),
				&e, err);
	cat->factors = hta_arena_array(&cat->arena, seq->n, sizeof(*cat->factors));
	if (seq->n && !cat->factors)
		return hta_err_set(err, HTA_ENOMEM, "out of memory");
	for (size_t i = 0; i < seq->n; i++) {
		struct hta_factor *f = &cat->factors[cat->n_factors];
		if (!(rc = load_factor(cat, d, seq->items[i], f, &e))) {
			cat->n_factors++;
			continue;
		}
		memset(f, 0, sizeof(*f));
		if ((rc = item_err(l, rc, &e, err)))
			return rc;
	}
	return 0;
}

/* A further check of one entry of a named list (its node, its id). */
typedef int (*named_check)(const struct hta_doc *d, const struct hta_node *m, const char *id,
			   struct hta_named *out, struct hta_err *err);

/*
 * A list of { idkey, title }. Ids are checked for duplicates through an
 * open-addressing table (id -> index + 1) kept in the arena, so a list of
 * 100,000 costs linear time, not quadratic; the table is handed back in
 * *index / *index_cap for look-ups. `check`, when given, checks the rest
 * of each entry and fills what it reads. With a list `l`, each entry's
 * first error is listed and the good entries kept in order; without, the
 * first error stops it.
 */
static int load_named(struct hta_catalog *cat, const struct hta_doc *d,
		      const struct hta_node *seq, const char *what, const char *idkey,
		      const char *extra, named_check check, struct hta_named **out, size_t *n_out,
		      size_t **index, size_t *index_cap, struct hta_errlist *l, struct hta_err *err)
{
	const char *const keys[] = { idkey, "title", extra, NULL };
	struct hta_err e = { 0 };
	int rc;
	if (hta_seq_check(d, seq, what, &e))
		return item_err(l, HTA_EINVAL, &e, err);
	size_t cap = 16, n = 0;
	while (cap < 2 * seq->n)
		cap *= 2;
	size_t *seen = hta_arena_array(&cat->arena, cap, sizeof(*seen));
	*out = hta_arena_array(&cat->arena, seq->n, sizeof(**out));
	if ((seq->n && !*out) || !seen)
		return hta_err_set(err, HTA_ENOMEM, "out of memory");
	for (size_t i = 0; i < seq->n; i++) {
		const struct hta_node *m = seq->items[i], *idn;
		const char *id, *title;
		size_t h = 0;
		(*out)[n].map = -1;
		if (!(rc = hta_map_check(d, m, what, keys, &e)) &&
		    !(rc = need_str(d, m, idkey, idkey, &id, &idn, &e)) &&
		    !(rc = need_str(d, m, "title", "title", &title, NULL, &e))) {
			for (h = hta_hash_str(id) & (cap - 1); seen[h]; h = (h + 1) & (cap - 1))
				if (strcmp((*out)[seen[h] - 1].id, id) == 0) {
					rc = hta_node_err(d, idn, &e, "'%s' is defined twice", id);
					break;
				}
			if (!rc && check)
				rc = check(d, m, id, &(*out)[n], &e);
		}
		if (rc) {
			if ((rc = item_err(l, rc, &e, err)))
				return rc;
			continue;
		}
		ARENA_STR((*out)[n].id, id);
		ARENA_STR((*out)[n].title, title);
		seen[h] = n + 1;
		*n_out = ++n;
	}
	*index = seen;
	*index_cap = cap;
	return 0;
}

/* A compliance factor's name and `map: pci_dss`, the map key whose ids
 * every statement it brings in must cite. */
static int compliance_check(const struct hta_doc *d, const struct hta_node *m, const char *id,
			    struct hta_named *out, struct hta_err *err)
{
	const struct hta_node *mn = hta_map_get(m, "map");
	const char *s;
	if (!valid_name(id, 1))
		return hta_node_err(d, hta_map_get(m, "name"), err,
				    "compliance name '%s' must be [a-z0-9_-]+", id);
	if (!mn)
		return 0;
	if (hta_node_str(d, mn, "map", &s, err))
		return HTA_EINVAL;
	if ((out->map = hta_map_parse(s)) < 0)
		return hta_node_err(d, mn, err, "unknown map key '%s' (hipaa, nist_800_53, "
				    "nist_csf, ai_rmf, owasp_llm, pci_dss, nist_800_171, gdpr, "
				    "fedramp, state_law)", s);
	return 0;
}

/* The compliance factors, each entry checked on its own. */
static int load_compliance(struct hta_catalog *cat, const struct hta_doc *d,
			   const struct hta_node *v, struct hta_errlist *l, struct hta_err *err)
{
	size_t *unused, unused_cap;
	struct hta_err e = { 0 };
	if (v->kind == HTA_NODE_SEQ && v->n > HTA_MAX_COMPLIANCE)
		return item_err(l, hta_node_err(d, v, &e, "at most %d compliance factors",
						HTA_MAX_COMPLIANCE), &e, err);
	return load_named(cat, d, v, "compliance factor", "name", "map", compliance_check,
			  &cat->compliance, &cat->n_compliance, &unused, &unused_cap, l, err);
}

/* catalog.yaml's `catalog:` block: name and version, each error listed. */
static int load_header(struct hta_catalog *cat, const struct hta_doc *d, const struct hta_node *r,
		       struct hta_errlist *l, struct hta_err *err)
{
	static const char *const ckeys[] = { "name", "version", "csf_version", NULL };
	static const char *const what[] = { "catalog name", "catalog version" };
	const struct hta_node *v = hta_map_get(r, "catalog");
	const char **field[] = { &cat->name, &cat->version };
	struct hta_err e = { 0 };
	const char *s;
	int rc;
	if (!v)
		return item_err(l, hta_node_err(d, r, &e, "missing 'catalog' (name and version)"),
				&e, err);
	if ((rc = item_err(l, hta_map_check(d, v, "catalog", ckeys, &e), &e, err)))
		return rc;
	if (v->kind != HTA_NODE_MAP)
		return 0;
	for (size_t k = 0; k < 2; k++) {
		if ((rc = need_str(d, v, ckeys[k], what[k], &s, NULL, &e))) {
			if ((rc = item_err(l, rc, &e, err)))
				return rc;
			continue;
		}
		if (!(*field[k] = hta_arena_strdup(&cat->arena, s)))
			return hta_err_set(err, HTA_ENOMEM, "out of memory");
	}
	return 0;
}

/* A part's outcome into the list: 0 read or listed; HTA_ENOMEM passed up. */
static int listed(struct hta_errlist *l, int rc, const struct hta_err *e, struct hta_err *err)
{
	if (!rc)
		return 0;
	if (rc != HTA_ENOMEM && !hta_errlist_add(l, e->msg))
		return 0;
	return hta_err_set(err, HTA_ENOMEM, "out of memory");
}

/*
 * catalog.yaml, each part read on its own and its first error listed in
 * `l`. *names_ok is cleared when a part the statements are checked against
 * (factors, compliance factors, control references) could not be read:
 * checking the statements then would list only its consequences. Returns
 * 0 or HTA_ENOMEM; a file that cannot be read at all is one listed error.
 */
static int load_top(struct hta_catalog *cat, const char *path, const char *display,
		    struct hta_errlist *l, bool *names_ok, struct hta_err *err)
{
	static const char *const keys[] = { "catalog", "settings", "domains", "factors",
					    "compliance", "controls", NULL };
	struct hta_doc d;
	struct hta_err e = { 0 };
	*names_ok = false;
	int rc = hta_doc_load(&d, path, display, 0, &hta_doc_limits_catalog, &e);
	if (rc == HTA_EIO) { /* not there or not readable: nothing else to check */
		*err = e;
		return rc;
	}
	if (rc)
		return listed(l, rc, &e, err);
	const struct hta_node *r = d.root, *v;
	if (hta_map_check(&d, r, "catalog.yaml", keys, &e) &&
	    ((rc = listed(l, HTA_EINVAL, &e, err)) || !r || r->kind != HTA_NODE_MAP))
		goto done;
	if ((rc = load_header(cat, &d, r, l, err)))
		goto done;
	if ((v = hta_map_get(r, "settings")) && (rc = load_settings(cat, &d, v, l, err)))
		goto done;
	if (!(v = hta_map_get(r, "domains")))
		rc = listed(l, hta_node_err(&d, r, &e, "missing 'domains'"), &e, err);
	else
		rc = load_domains(cat, &d, v, l, err);
	if (rc)
		goto done;
	size_t before = l->total;
	if ((v = hta_map_get(r, "factors")) && (rc = load_factors(cat, &d, v, l, err)))
		goto done;
	if ((v = hta_map_get(r, "compliance")) && (rc = load_compliance(cat, &d, v, l, err)))
		goto done;
	if ((v = hta_map_get(r, "controls")) &&
	    (rc = load_named(cat, &d, v, "control", "id", NULL, NULL, &cat->controls, &cat->n_controls,
			     &cat->control_index, &cat->control_index_cap, l, err)))
		goto done;
	*names_ok = l->total == before;
done:
	hta_doc_free(&d);
	return rc;
}

/* ---- statements ---- */

static int parse_cond(const struct hta_catalog *cat, const struct hta_doc *d,
		      const struct hta_node *n, struct hta_cond *c, struct hta_err *err)
{
	const char *s;
	if (hta_node_str(d, n, "condition", &s, err))
		return HTA_EINVAL;
	if (strncmp(s, "compliance:", 11) == 0) {
		c->kind = HTA_COND_COMPLIANCE;
		if ((c->index = hta_catalog_compliance(cat, s + 11)) < 0)
			return hta_node_err(d, n, err, "unknown compliance factor '%s'", s + 11);
		return 0;
	}
	if (strncmp(s, "ai:", 3) == 0) {
		c->kind = HTA_COND_AI;
		if ((c->index = hta_ai_feature_parse(s + 3)) < 0)
			return hta_node_err(d, n, err, "unknown AI feature '%s'", s + 3);
		return 0;
	}
	const char *ge = strstr(s, ">=");
	char name[64];
	size_t nl = ge ? (size_t)(ge - s) : strlen(s);
	if (nl == 0 || nl >= sizeof(name))
		return hta_node_err(d, n, err, "bad condition '%s'", s);
	memcpy(name, s, nl);
	name[nl] = 0;
	int fi = hta_catalog_factor(cat, name);
	if (fi < 0)
		return hta_node_err(d, n, err, "unknown factor '%s' in condition", name);
	const struct hta_factor *f = &cat->factors[fi];
	c->index = fi;
	if (!ge) {
		if (f->is_integer)
			return hta_node_err(d, n, err, "factor '%s' is an integer: write %s>=LEVEL",
					    name, name);
		c->kind = HTA_COND_BOOL;
		return 0;
	}
	if (!f->is_integer)
		return hta_node_err(d, n, err, "factor '%s' is boolean: write just '%s'", name, name);
	const char *p = ge + 2;
	int lv = 0;
	if (!*p)
		return hta_node_err(d, n, err, "bad condition '%s'", s);
	for (; *p; p++) {
		if (*p < '0' || *p > '9' || lv > 100)
			return hta_node_err(d, n, err, "bad condition '%s'", s);
		lv = lv * 10 + (*p - '0');
	}
	if (lv < 2 || lv > (int)f->n_bands + 1)
		return hta_node_err(d, n, err, "factor '%s' has levels 1..%zu; a condition needs 2..%zu",
				    name, f->n_bands + 1, f->n_bands + 1);
	c->kind = HTA_COND_LEVEL;
	c->level = lv;
	return 0;
}

/* Statements are loaded on several threads at once (hta/par.h): each into
 * its worker's arena `A`, reading the rest of the catalog only. */
#define A_STR(dst, src)                                                      \
	do {                                                                 \
		if (!((dst) = hta_arena_strdup(A, (src))))                   \
			return hta_err_set(err, HTA_ENOMEM, "out of memory"); \
	} while (0)

static int str_list(struct hta_arena *A, const struct hta_doc *d, const struct hta_node *n,
		    const char *what, struct hta_strlist *out, struct hta_err *err)
{
	if (hta_seq_check(d, n, what, err))
		return HTA_EINVAL;
	out->v = hta_arena_array(A, n->n, sizeof(*out->v));
	if (n->n && !out->v)
		return hta_err_set(err, HTA_ENOMEM, "out of memory");
	for (size_t i = 0; i < n->n; i++) {
		const char *s;
		if (hta_node_str(d, n->items[i], what, &s, err))
			return HTA_EINVAL;
		A_STR(out->v[i], s);
	}
	out->n = n->n;
	return 0;
}

/* A `when` or `requires` list: at least one condition; ai: only on add-ons. */
static int cond_list(const struct hta_catalog *cat, struct hta_arena *A, const struct hta_doc *d,
		     const struct hta_node *v, const char *what, const struct hta_statement *st,
		     const struct hta_cond **out, size_t *n_out, struct hta_err *err)
{
	if (hta_seq_check(d, v, what, err))
		return HTA_EINVAL;
	if (!v->n)
		return hta_node_err(d, v, err, "%s must list at least one condition", what);
	struct hta_cond *c = hta_arena_array(A, v->n, sizeof(*c));
	if (!c)
		return hta_err_set(err, HTA_ENOMEM, "out of memory");
	for (size_t i = 0; i < v->n; i++) {
		if (parse_cond(cat, d, v->items[i], &c[i], err))
			return HTA_EINVAL;
		if (c[i].kind == HTA_COND_AI && !st->addon)
			return hta_node_err(d, v->items[i], err,
					    "ai: conditions are for add-on statements");
		for (size_t k = 0; k < i; k++)
			if (c[k].kind == c[i].kind && c[k].index == c[i].index &&
			    c[k].level == c[i].level)
				return hta_node_err(d, v->items[i], err,
						    "condition listed twice in %s", what);
	}
	*out = c;
	*n_out = v->n;
	return 0;
}

/*
 * Reading one statement gathers every error it holds (`catalog validate`
 * lists them all): each field is read on its own, an input error is added
 * to the file's list and the next field is read. Only running out of
 * memory stops the load. `bad` records which parts failed, so a rule that
 * needs a part is not checked against a value that was never read.
 */
struct st_read {
	const struct hta_catalog *cat;
	struct hta_arena *A;
	const struct hta_doc *d;
	struct hta_errlist *l;     /* the file's errors */
	unsigned bad;              /* BAD_* bits of the statement being read */
};

enum { BAD_TIERS = 1u, BAD_WHEN = 2u, BAD_OVERSIGHT = 4u, BAD_INHERIT = 8u, BAD_MAPS = 16u,
       BAD_ANY = 32u };

/* The outcome of reading one field: 0 read; an input error is listed
 * (and `bits` marked bad); HTA_ENOMEM is passed up with `err` set. */
static int noted(struct st_read *x, int rc, const struct hta_err *e, unsigned bits,
		 struct hta_err *err)
{
	if (!rc)
		return 0;
	if (rc != HTA_ENOMEM && !hta_errlist_add(x->l, e->msg)) {
		x->bad |= bits | BAD_ANY;
		return 0;
	}
	return hta_err_set(err, HTA_ENOMEM, "out of memory");
}

/* The id for messages about a statement whose own id could not be read. */
#define SID(st) ((st)->id ? (st)->id : "(no valid id)")

/*
 * The cross-field rules of one statement, once every key is read: an
 * oversight statement is not inheritable, a statement a compliance factor
 * brings in cites that factor's ids, and every map id is well formed. Each
 * broken rule is one error; a rule over a part that failed is not checked.
 */
static int statement_rules(struct st_read *x, const struct hta_node *m,
			   const struct hta_statement *st, struct hta_err *err)
{
	const struct hta_catalog *cat = x->cat;
	const struct hta_doc *d = x->d;
	struct hta_err e = { 0 };
	const struct hta_node *v = hta_map_get(m, "inheritable");
	if (!(x->bad & (BAD_OVERSIGHT | BAD_INHERIT)) && st->oversight && st->inheritable &&
	    noted(x, hta_node_err(d, v ? v : m, &e,
				  "statement '%s' is the customer's own oversight (oversight: "
				  "true): a provider cannot carry it, so inheritable must be 0",
				  SID(st)), &e, 0, err))
		return HTA_ENOMEM;
	const struct hta_node *wn = hta_map_get(m, "when");
	for (size_t i = 0; !(x->bad & (BAD_WHEN | BAD_MAPS)) && i < st->n_when; i++) {
		const struct hta_cond *c = &st->when[i];
		if (c->kind != HTA_COND_COMPLIANCE || cat->compliance[c->index].map < 0)
			continue;
		int k = cat->compliance[c->index].map;
		if (!st->maps[k].n &&
		    noted(x, hta_node_err(d, wn->items[i], &e,
					  "statement '%s' is brought in by compliance:%s, so its "
					  "maps need %s ids", SID(st), cat->compliance[c->index].id,
					  hta_map_name((enum hta_map_kind)k)), &e, 0, err))
			return HTA_ENOMEM;
	}
	const struct hta_node *mn = hta_map_get(m, "maps");
	for (int k = 0; mn && !(x->bad & BAD_MAPS) && k < HTA_MAP_COUNT; k++) {
		const struct hta_node *en = hta_map_get(mn, hta_map_name((enum hta_map_kind)k));
		const char *why;
		for (size_t i = 0; i < st->maps[k].n; i++)
			if (!hta_map_id_valid((enum hta_map_kind)k, st->maps[k].v[i], &why) &&
			    noted(x, hta_node_err(d, en->items[i], &e, "%s: '%s' is not %s",
						  hta_map_name((enum hta_map_kind)k),
						  st->maps[k].v[i], why), &e, 0, err))
				return HTA_ENOMEM;
	}
	return 0;
}

/* Every key of statement `m` outside the format, each one error. */
static int statement_keys(struct st_read *x, const struct hta_node *m, struct hta_err *err)
{
	static const char *const keys[] = { "id", "domain", "control", "title", "statement",
					    "tiers", "when", "requires", "addon", "never_na",
					    "oversight", "inheritable", "effort", "evidence", "maps",
					    NULL };
	struct hta_err e = { 0 };
	for (size_t i = 0; i < m->n; i++) {
		const struct hta_node *k = m->items[2 * i];
		const char *const *a = keys;
		while (*a && strcmp(*a, k->s) != 0)
			a++;
		if (!*a && noted(x, hta_node_err(x->d, k, &e, "unknown key '%s' in statement",
						  k->s), &e, 0, err))
			return HTA_ENOMEM;
	}
	return 0;
}

/* id, domain, control reference, title and text: each read on its own. */
static int statement_ident(struct st_read *x, const struct hta_node *m, struct hta_statement *st,
			   struct hta_err *err)
{
	struct hta_arena *A = x->A;
	const struct hta_doc *d = x->d;
	const struct hta_node *v;
	const char *s;
	struct hta_err e = { 0 };
	int rc = need_str(d, m, "id", "id", &s, &v, &e);
	if (!rc && !valid_id(s))
		rc = hta_node_err(d, v, &e, "id '%s' must be 1-63 of [A-Za-z0-9._-]", s);
	if (!rc)
		A_STR(st->id, s);
	if (noted(x, rc, &e, 0, err))
		return HTA_ENOMEM;
	rc = need_str(d, m, "domain", "domain", &s, &v, &e);
	if (!rc && (strlen(s) != 2 || s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9' ||
		    atoi_2(s) < 1 || atoi_2(s) > HTA_DOMAINS))
		rc = hta_node_err(d, v, &e, "unknown domain '%s' (\"01\"..\"19\")", s);
	if (!rc)
		st->domain = atoi_2(s);
	if (noted(x, rc, &e, 0, err))
		return HTA_ENOMEM;
	int ci = -1;
	rc = need_str(d, m, "control", "control", &s, &v, &e);
	if (!rc && (ci = hta_catalog_control(x->cat, s)) < 0)
		rc = hta_node_err(d, v, &e, "unknown control reference '%s'", s);
	if (!rc)
		st->control = x->cat->controls[ci].id;
	if (noted(x, rc, &e, 0, err))
		return HTA_ENOMEM;
	rc = need_str(d, m, "title", "title", &s, NULL, &e);
	if (!rc)
		A_STR(st->title, s);
	if (noted(x, rc, &e, 0, err))
		return HTA_ENOMEM;
	rc = need_str(d, m, "statement", "statement", &s, NULL, &e);
	if (!rc)
		A_STR(st->text, s);
	return noted(x, rc, &e, 0, err);
}

/* `tiers` (nested) or `addon`, then `when` and `requires`, which depend on them. */
static int statement_scope(struct st_read *x, const struct hta_node *m, struct hta_statement *st,
			   struct hta_err *err)
{
	const struct hta_doc *d = x->d;
	const struct hta_node *tn = hta_map_get(m, "tiers"), *an = hta_map_get(m, "addon"), *v;
	const char *s;
	struct hta_err e = { 0 };
	int rc = 0;
	if (tn && an)
		rc = hta_node_err(d, an, &e, "a statement has tiers or an addon, not both");
	else if (!tn && !an)
		rc = hta_node_err(d, m, &e, "statement '%s' needs tiers or an addon", SID(st));
	else if (tn && !(rc = hta_seq_check(d, tn, "tiers", &e))) {
		for (size_t i = 0; !rc && i < tn->n; i++) {
			enum hta_tier t = HTA_TIER_NONE;
			if (!(rc = hta_node_str(d, tn->items[i], "tier", &s, &e)) &&
			    (t = hta_tier_parse(s)) == HTA_TIER_NONE)
				rc = hta_node_err(d, tn->items[i], &e, "unknown tier '%s'", s);
			else if (!rc && (st->tiers & (1u << t)))
				rc = hta_node_err(d, tn->items[i], &e, "tier '%s' listed twice", s);
			else if (!rc)
				st->tiers |= 1u << t;
		}
		/* Nesting: e1 within i1 within r2. */
		unsigned e1 = 1u << HTA_TIER_E1, i1 = 1u << HTA_TIER_I1, r2 = 1u << HTA_TIER_R2;
		if (!rc && (!st->tiers || ((st->tiers & e1) && !(st->tiers & i1)) ||
			    ((st->tiers & i1) && !(st->tiers & r2))))
			rc = hta_node_err(d, tn, &e, "tiers must nest (e1 within i1 within r2): "
					  "[e1, i1, r2], [i1, r2] or [r2]");
	} else if (an && !(rc = hta_node_str(d, an, "addon", &s, &e)) &&
		   (st->addon = hta_addon_parse(s)) == HTA_ADDON_NONE) {
		rc = hta_node_err(d, an, &e, "addon must be ai-security or ai-risk, not '%s'", s);
	}
	if (noted(x, rc, &e, BAD_TIERS | BAD_WHEN, err))
		return HTA_ENOMEM;
	if (x->bad & BAD_TIERS) /* the conditions' rules depend on tiers and addon */
		return 0;
	if ((v = hta_map_get(m, "when"))) {
		if (tn && st->tiers != (1u << HTA_TIER_R2))
			rc = hta_node_err(d, v, &e, "when is only for r2-only or add-on statements");
		else
			rc = cond_list(x->cat, x->A, d, v, "when", st, &st->when, &st->n_when, &e);
		if (noted(x, rc, &e, BAD_WHEN, err))
			return HTA_ENOMEM;
		st->compliance_only = !rc && !st->addon;
		for (size_t i = 0; i < st->n_when; i++)
			if (st->when[i].kind != HTA_COND_COMPLIANCE)
				st->compliance_only = false;
	}
	if ((v = hta_map_get(m, "requires")))
		return noted(x, cond_list(x->cat, x->A, d, v, "requires", st, &st->requires,
					  &st->n_requires, &e), &e, 0, err);
	return 0;
}

/* never_na, oversight, inheritable, effort and the illustrative evidence. */
static int statement_attrs(struct st_read *x, const struct hta_node *m, struct hta_statement *st,
			   struct hta_err *err)
{
	static const char *const lkeys[] = { "policy", "procedure", "implemented",
					     "measured", "managed", NULL };
	struct hta_arena *A = x->A;
	const struct hta_doc *d = x->d;
	const struct hta_node *v;
	struct hta_err e = { 0 };
	long long n;
	int rc;
	if ((v = hta_map_get(m, "never_na")) &&
	    noted(x, hta_node_bool(d, v, "never_na", &st->never_na, &e), &e, 0, err))
		return HTA_ENOMEM;
	if ((v = hta_map_get(m, "oversight")) &&
	    noted(x, hta_node_bool(d, v, "oversight", &st->oversight, &e), &e, BAD_OVERSIGHT, err))
		return HTA_ENOMEM;
	if ((v = hta_map_get(m, "inheritable"))) {
		if (!(rc = hta_node_int(d, v, "inheritable", 0, 100, &n, &e)))
			st->inheritable = (int)n;
		if (noted(x, rc, &e, BAD_INHERIT, err))
			return HTA_ENOMEM;
	}
	if (!(v = hta_map_get(m, "effort")))
		rc = hta_node_err(d, m, &e, "statement '%s' needs an effort (1..5)", SID(st));
	else if (!(rc = hta_node_int(d, v, "effort", 1, 5, &n, &e)))
		st->effort = (int)n;
	if (noted(x, rc, &e, 0, err))
		return HTA_ENOMEM;
	if (!(v = hta_map_get(m, "evidence")))
		return 0;
	if (hta_map_check(d, v, "evidence", lkeys, &e))
		return noted(x, HTA_EINVAL, &e, 0, err);
	for (int l = 0; l < HTA_LEVEL_COUNT; l++) {
		const struct hta_node *en = hta_map_get(v, lkeys[l]);
		const char *s;
		if (!en)
			continue;
		if (!(rc = hta_node_str(d, en, lkeys[l], &s, &e)))
			A_STR(st->evidence[l], s);
		if (noted(x, rc, &e, 0, err))
			return HTA_ENOMEM;
	}
	return 0;
}

/* `maps`: each source's list of ids (checked in statement_rules). */
static int statement_maps(struct st_read *x, const struct hta_node *m, struct hta_statement *st,
			  struct hta_err *err)
{
	const struct hta_node *v = hta_map_get(m, "maps");
	struct hta_err e = { 0 };
	if (!v)
		return 0;
	if (hta_map_check(x->d, v, "maps", map_names, &e))
		return noted(x, HTA_EINVAL, &e, BAD_MAPS, err);
	for (int k = 0; k < HTA_MAP_COUNT; k++) {
		const struct hta_node *en = hta_map_get(v, map_names[k]);
		if (en && noted(x, str_list(x->A, x->d, en, map_names[k], &st->maps[k], &e), &e,
				BAD_MAPS, err))
			return HTA_ENOMEM;
	}
	return 0;
}

/*
 * One statement, every error of it listed. Returns 0 (errors or not; `bad`
 * says) or HTA_ENOMEM. A statement whose id cannot be read keeps id NULL.
 */
static int load_statement(struct st_read *x, const struct hta_node *m, struct hta_statement *st,
			  struct hta_err *err)
{
	struct hta_err e = { 0 };
	x->bad = 0;
	st->file = x->d->file;
	st->line = m ? m->line : 0;
	st->col = m ? m->col : 0;
	if (!m || m->kind != HTA_NODE_MAP)
		return noted(x, hta_node_err(x->d, m, &e, "statement must be a mapping of keys "
					     "to values"), &e, 0, err);
	if (statement_keys(x, m, err) || statement_ident(x, m, st, err) ||
	    statement_scope(x, m, st, err) || statement_attrs(x, m, st, err) ||
	    statement_maps(x, m, st, err))
		return HTA_ENOMEM;
	return statement_rules(x, m, st, err);
}

/*
 * One statements file into `out`, its errors into `l` (file order). The
 * return is 0 whatever the file holds, or HTA_ENOMEM; a file that is not
 * YAML or not a `statements:` list is one error.
 */
static int load_statements_file(const struct hta_catalog *cat, struct hta_arena *A,
				struct hta_ptrvec *out, struct hta_errlist *l, const char *path,
				const char *display, struct hta_err *err)
{
	static const char *const keys[] = { "statements", NULL };
	struct hta_doc d;
	struct hta_err e = { 0 };
	int rc = hta_doc_load(&d, path, display, 0, &hta_doc_limits_catalog, &e);
	if (rc == HTA_EIO) { /* a file that cannot be read stops the load */
		*err = e;
		return rc;
	}
	if (rc)
		return listed(l, rc, &e, err);
	struct st_read x = { .cat = cat, .A = A, .d = &d, .l = l };
	/* Keep the file name for messages about statements after the doc is gone. */
	const char *file = hta_arena_strdup(A, display);
	const struct hta_node *list = hta_map_get(d.root, "statements");
	rc = 0;
	if (!file) {
		rc = hta_err_set(err, HTA_ENOMEM, "out of memory");
	} else if (hta_map_check(&d, d.root, "statements file", keys, &e) ||
		   (!list && hta_node_err(&d, d.root, &e, "missing 'statements'")) ||
		   hta_seq_check(&d, list, "statements", &e)) {
		if (hta_errlist_add(l, e.msg))
			rc = hta_err_set(err, HTA_ENOMEM, "out of memory");
	} else {
		for (size_t i = 0; !rc && i < list->n; i++) {
			struct hta_statement *st = hta_arena_alloc(A, sizeof(*st));
			if (!st || hta_ptrvec_push(out, st)) {
				rc = hta_err_set(err, HTA_ENOMEM, "out of memory");
				break;
			}
			memset(st, 0, sizeof(*st));
			rc = load_statement(&x, list->items[i], st, err);
			st->file = file;
		}
	}
	hta_doc_free(&d);
	return rc;
}

/* The statement files of one catalog, loaded on all cores (hta/par.h). */
struct stmt_job {
	struct hta_catalog *cat;   /* read only, but for worker 0's arena */
	const char *dir;
	char *const *names;        /* file names under statements/, sorted */
	struct hta_ptrvec *stmts;  /* per file: its statements, in order */
	struct hta_errlist *errs;  /* per file: its errors, in order */
	struct hta_arena arena[HTA_PAR_MAX_WORKERS]; /* [0] unused: worker 0 uses cat's */
};

static int load_one_file(void *ctx, unsigned worker, size_t i, struct hta_err *err)
{
	struct stmt_job *j = ctx;
	char path[4096];
	if ((size_t)snprintf(path, sizeof(path), "%s/statements/%s", j->dir, j->names[i]) >=
	    sizeof(path))
		return hta_err_set(err, HTA_EINVAL, "catalog path is too long");
	return load_statements_file(j->cat, worker ? &j->arena[worker] : &j->cat->arena,
				    &j->stmts[i], &j->errs[i], path, path, err);
}

static int is_yaml_name(const char *n)
{
	size_t l = strlen(n);
	return n[0] != '.' && ((l > 5 && strcmp(n + l - 5, ".yaml") == 0) ||
			       (l > 4 && strcmp(n + l - 4, ".yml") == 0));
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The id index; every id defined twice is one error in `l`, naming the
 * first. Statements whose id could not be read are left out. */
static int build_index(struct hta_catalog *cat, struct hta_errlist *l, struct hta_err *err)
{
	size_t cap = 16;
	while (cap < cat->n_stmts * 2 + 1)
		cap *= 2;
	cat->index = hta_arena_array(&cat->arena, cap, sizeof(*cat->index));
	if (!cat->index)
		return hta_err_set(err, HTA_ENOMEM, "out of memory");
	cat->index_cap = cap;
	for (size_t s = 0; s < cat->n_stmts; s++) {
		const struct hta_statement *st = &cat->stmts[s];
		struct hta_err e = { 0 };
		if (!st->id)
			continue;
		long prev = hta_catalog_find(cat, st->id);
		if (prev >= 0) {
			hta_err_at(&e, HTA_EINVAL, st->file, st->line, st->col,
				   "duplicate statement id '%s' (first in %s:%u:%u)", st->id,
				   cat->stmts[prev].file, cat->stmts[prev].line, cat->stmts[prev].col);
			if (hta_errlist_add(l, e.msg))
				return hta_err_set(err, HTA_ENOMEM, "out of memory");
			continue;
		}
		size_t i = hta_hash_str(st->id) & (cap - 1);
		while (cat->index[i])
			i = (i + 1) & (cap - 1);
		cat->index[i] = s + 1;
	}
	return 0;
}

/* The names of the statement files under dir/statements, sorted. */
static int list_statement_files(const char *dir, struct hta_ptrvec *names, struct hta_err *err)
{
	char path[4096];
	if ((size_t)snprintf(path, sizeof(path), "%s/statements", dir) >= sizeof(path))
		return hta_err_set(err, HTA_EINVAL, "catalog path is too long");
	DIR *dh = opendir(path);
	if (!dh)
		return hta_err_at(err, HTA_EIO, path, 0, 0, "cannot read catalog statements directory");
	struct dirent *de;
	while ((de = readdir(dh))) {
		if (!is_yaml_name(de->d_name))
			continue;
		char *n = hta_strdup(de->d_name);
		if (!n || hta_ptrvec_push(names, n)) {
			hta_free(n);
			closedir(dh);
			return hta_err_set(err, HTA_ENOMEM, "out of memory");
		}
	}
	closedir(dh);
	if (names->n) /* qsort must not be handed NULL, even for zero items */
		qsort(names->v, names->n, sizeof(*names->v), cmp_str);
	return 0;
}

/*
 * The statement files, on all cores: each file's statements and errors
 * land in its own lists whoever loads it, and they are joined in file
 * order, so the errors come out as a one-by-one loop would list them. The
 * rest of the catalog (controls, factors, compliance factors) is complete
 * and only read meanwhile. Then the checks across files (duplicate ids).
 */
static int load_statement_files(struct hta_catalog *cat, const char *dir,
				const struct hta_ptrvec *names, struct hta_errlist *l,
				struct hta_err *err)
{
	struct stmt_job job = { .cat = cat, .dir = dir, .names = (char *const *)names->v };
	char path[4096];
	int rc = HTA_ENOMEM;
	size_t total = 0, n = names->n;
	job.stmts = hta_calloc(n ? n : 1, sizeof(*job.stmts));
	job.errs = hta_calloc(n ? n : 1, sizeof(*job.errs));
	if (!job.stmts || !job.errs) {
		rc = hta_err_set(err, HTA_ENOMEM, "out of memory");
		goto out;
	}
	rc = hta_par_for(hta_par_workers(n, 2), n, load_one_file, &job, NULL, err);
	for (unsigned k = 1; k < HTA_PAR_MAX_WORKERS; k++)
		hta_arena_adopt(&cat->arena, &job.arena[k]);
	if (rc)
		goto out;
	for (size_t i = 0; i < n; i++) {
		total += job.stmts[i].n;
		if (hta_errlist_append(l, &job.errs[i])) {
			rc = hta_err_set(err, HTA_ENOMEM, "out of memory");
			goto out;
		}
	}
	cat->stmts = hta_arena_array(&cat->arena, total, sizeof(*cat->stmts));
	if (total && !cat->stmts) {
		rc = hta_err_set(err, HTA_ENOMEM, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < job.stmts[i].n; k++)
			cat->stmts[cat->n_stmts++] = *(struct hta_statement *)job.stmts[i].v[k];
	if (!cat->n_stmts) {
		struct hta_err e = { 0 };
		if (n) /* the last file read: where "no statements" points */
			snprintf(path, sizeof(path), "%s/statements/%s", dir, (char *)names->v[n - 1]);
		else
			snprintf(path, sizeof(path), "%s/statements", dir);
		hta_err_at(&e, HTA_EINVAL, path, 0, 0, "the catalog has no statements");
		if ((rc = listed(l, HTA_EINVAL, &e, err)))
			goto out;
	}
	rc = build_index(cat, l, err);
out:
	for (size_t i = 0; job.stmts && i < n; i++)
		hta_ptrvec_free(&job.stmts[i]);
	for (size_t i = 0; job.errs && i < n; i++)
		hta_errlist_free(&job.errs[i]);
	hta_free(job.stmts);
	hta_free(job.errs);
	return rc;
}

int hta_catalog_load_all(struct hta_catalog *cat, const char *dir, struct hta_errlist *errors,
			 struct hta_err *err)
{
	memset(cat, 0, sizeof(*cat));
	hta_settings_default(&cat->settings);
	struct hta_ptrvec names = { 0 };
	struct hta_errlist local = { 0 }, *l = errors ? errors : &local;
	char path[4096];
	bool names_ok;
	int rc;
	hta_errlist_free(l);
	if (!(cat->dir = hta_arena_strdup(&cat->arena, dir))) {
		rc = hta_err_set(err, HTA_ENOMEM, "out of memory");
		goto fail;
	}
	if ((size_t)snprintf(path, sizeof(path), "%s/catalog.yaml", dir) >= sizeof(path)) {
		rc = hta_err_set(err, HTA_EINVAL, "catalog path is too long");
		goto fail;
	}
	if ((rc = load_top(cat, path, path, l, &names_ok, err)))
		goto fail;
	if (!names_ok) /* the statements would be checked against what is not there */
		goto invalid;
	if ((rc = list_statement_files(dir, &names, err)))
		goto fail;
	if ((rc = load_statement_files(cat, dir, &names, l, err)))
		goto fail;
	if (l->total)
		goto invalid;
	if ((rc = hta_catalog_digest(dir, (char *const *)names.v, names.n, cat->digest, err)))
		goto fail;
	rc = 0;
	goto out;
invalid:
	rc = l->n ? hta_err_set(err, HTA_EINVAL, "%s", l->msg[0])
		  : hta_err_set(err, HTA_ENOMEM, "out of memory");
fail:
	hta_catalog_free(cat);
out:
	if (!errors)
		hta_errlist_free(&local);
	for (size_t i = 0; i < names.n; i++)
		hta_free(names.v[i]);
	hta_ptrvec_free(&names);
	return rc;
}

int hta_catalog_load(struct hta_catalog *cat, const char *dir, struct hta_err *err)
{
	return hta_catalog_load_all(cat, dir, NULL, err);
}

/* One file into the digest: "REL\0SIZE\0" then its bytes. */
static int digest_file(EVP_MD_CTX *md, const char *dir, const char *rel, struct hta_err *err)
{
	char path[4096], head[64];
	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, rel) >= sizeof(path))
		return hta_err_set(err, HTA_EINVAL, "catalog path is too long");
	FILE *f = fopen(path, "rb");
	if (!f)
		return hta_err_at(err, HTA_EIO, path, 0, 0, "cannot read: %s", strerror(errno));
	long long size = 0;
	if (fseek(f, 0, SEEK_END) == 0)
		size = ftell(f);
	rewind(f);
	int hl = snprintf(head, sizeof(head), "%lld", size);
	int ok = EVP_DigestUpdate(md, rel, strlen(rel) + 1) &&
		 EVP_DigestUpdate(md, head, (size_t)hl + 1);
	unsigned char buf[65536];
	size_t got;
	while (ok && (got = fread(buf, 1, sizeof(buf), f)) > 0)
		ok = EVP_DigestUpdate(md, buf, got);
	int bad = ferror(f);
	fclose(f);
	if (bad)
		return hta_err_at(err, HTA_EIO, path, 0, 0, "cannot read");
	return ok ? 0 : hta_err_set(err, HTA_ENOMEM, "SHA-256 failed");
}

int hta_catalog_digest(const char *dir, char *const *stmt_files, size_t n,
		       char hex[65], struct hta_err *err)
{
	static const char digits[] = "0123456789abcdef";
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	unsigned char d[EVP_MAX_MD_SIZE];
	unsigned dl = 0;
	char rel[4096];
	int rc = 0;
	hex[0] = 0;
	if (!md || !EVP_DigestInit_ex(md, EVP_sha256(), NULL)) {
		EVP_MD_CTX_free(md);
		return hta_err_set(err, HTA_ENOMEM, "SHA-256 failed");
	}
	rc = digest_file(md, dir, "catalog.yaml", err);
	for (size_t i = 0; !rc && i < n; i++) {
		if ((size_t)snprintf(rel, sizeof(rel), "statements/%s", stmt_files[i]) >= sizeof(rel))
			rc = hta_err_set(err, HTA_EINVAL, "catalog path is too long");
		else
			rc = digest_file(md, dir, rel, err);
	}
	if (!rc && !EVP_DigestFinal_ex(md, d, &dl))
		rc = hta_err_set(err, HTA_ENOMEM, "SHA-256 failed");
	EVP_MD_CTX_free(md);
	if (rc)
		return rc;
	for (unsigned i = 0; i < dl && i < 32; i++) {
		hex[2 * i] = digits[d[i] >> 4];
		hex[2 * i + 1] = digits[d[i] & 15];
	}
	hex[64] = 0;
	return 0;
}

void hta_catalog_free(struct hta_catalog *cat)
{
	hta_arena_free(&cat->arena);
	memset(cat, 0, sizeof(*cat));
}

/* ---- similarity ---- */

#define MAX_WORDS 256

/* Split into distinct lower-cased words (hashes), sorted; returns count. */
static size_t word_set(const char *s, uint64_t *out)
{
	size_t n = 0;
	while (*s && n < MAX_WORDS) {
		while (*s && !((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
			       (*s >= '0' && *s <= '9')))
			s++;
		if (!*s)
			break;
		uint64_t h = 1469598103934665603ULL;
		for (; (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9'); s++) {
			char c = *s >= 'A' && *s <= 'Z' ? (char)(*s - 'A' + 'a') : *s;
			h ^= (unsigned char)c;
			h *= 1099511628211ULL;
		}
		size_t i = n;
		while (i > 0 && out[i - 1] > h) /* insertion keeps it sorted */
			i--;
		if (i > 0 && out[i - 1] == h)
			continue;
		memmove(&out[i + 1], &out[i], (n - i) * sizeof(*out));
		out[i] = h;
		n++;
	}
	return n;
}

int hta_statement_similarity(const struct hta_statement *a, const struct hta_statement *b)
{
	uint64_t wa[MAX_WORDS], wb[MAX_WORDS];
	size_t na = word_set(a->text, wa), nb = word_set(b->text, wb), i = 0, j = 0, both = 0;
	while (i < na && j < nb) {
		if (wa[i] == wb[j]) {
			both++;
			i++;
			j++;
		} else if (wa[i] < wb[j]) {
			i++;
		} else {
			j++;
		}
	}
	size_t uni = na + nb - both;
	return uni ? (int)(both * 100 / uni) : 100;
}

/* ---- near-duplicates across the catalog ---- */

struct nd_set {
	uint64_t *w;      /* distinct word hashes, sorted by hash */
	uint64_t *pref;   /* the same, rarest first */
	size_t n, n_pref; /* words; prefix length */
	size_t group;     /* first statement with the same word set */
};

struct nd_df {           /* one distinct word and its document frequency */
	uint64_t h;
	size_t df;
};

struct nd_post {         /* a prefix word of a statement, for the index */
	uint64_t h;
	size_t stmt;
};

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

static int cmp_post(const void *a, const void *b)
{
	const struct nd_post *x = a, *y = b;
	if (x->h != y->h)
		return x->h < y->h ? -1 : 1;
	return x->stmt < y->stmt ? -1 : x->stmt > y->stmt;
}

static const struct nd_df *nd_df_find(const struct nd_df *v, size_t n, uint64_t h)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (v[mid].h < h)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && v[lo].h == h ? &v[lo] : NULL;
}

/* The document-frequency table qsort_r needs for "rarest first". */
struct nd_dfs {
	const struct nd_df *v;
	size_t n;
};

static int cmp_rarest(const void *a, const void *b, void *ctx)
{
	const struct nd_dfs *t = ctx;
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	size_t fx = nd_df_find(t->v, t->n, x)->df, fy = nd_df_find(t->v, t->n, y)->df;
	if (fx != fy)
		return fx < fy ? -1 : 1;
	return x < y ? -1 : x > y;
}

static int sim_sets(const struct nd_set *a, const struct nd_set *b)
{
	size_t i = 0, j = 0, both = 0;
	while (i < a->n && j < b->n) {
		if (a->w[i] == b->w[j]) {
			both++;
			i++;
			j++;
		} else if (a->w[i] < b->w[j]) {
			i++;
		} else {
			j++;
		}
	}
	size_t uni = a->n + b->n - both;
	return uni ? (int)(both * 100 / uni) : 100;
}

static int nd_push(struct hta_dup **v, size_t *n, size_t *cap, size_t a, size_t b, int sim)
{
	if (*n == *cap) {
		size_t nc = *cap ? *cap * 2 : 64;
		if (nc > SIZE_MAX / sizeof(**v))
			return HTA_ENOMEM;
		struct hta_dup *nv = hta_realloc(*v, nc * sizeof(*nv));
		if (!nv)
			return HTA_ENOMEM;
		*v = nv;
		*cap = nc;
	}
	(*v)[(*n)++] = (struct hta_dup){ a, b, sim };
	return 0;
}

static int cmp_dup(const void *a, const void *b)
{
	const struct hta_dup *x = a, *y = b;
	if (x->b != y->b)
		return x->b < y->b ? -1 : 1;
	return x->a < y->a ? -1 : x->a > y->a;
}

/* The near-duplicate search's arrays, shared by its steps. */
struct nd {
	const struct hta_catalog *cat;
	size_t n;                  /* statements */
	int min_pct;
	struct nd_set *set;        /* [n] word sets */
	uint64_t *all;             /* every word of every group representative */
	size_t total;
	struct nd_df *df;          /* document frequency per word */
	size_t n_df;
	struct nd_post *post;      /* (prefix word, statement), sorted */
	size_t n_post;
	size_t *mark;              /* [n] scratch */
	struct hta_dup **out;
	size_t *n_out, cap;
};

/* Step 1: each statement's set of words, and a copy to order into its prefix. */
static int nd_word_sets(struct nd *d)
{
	uint64_t *words = hta_calloc(MAX_WORDS, sizeof(*words));
	if (!words)
		return HTA_ENOMEM;
	for (size_t i = 0; i < d->n; i++) {
		size_t k = word_set(d->cat->stmts[i].text, words);
		struct nd_set *x = &d->set[i];
		x->n = k;
		if (!(x->w = hta_calloc(k ? k : 1, sizeof(uint64_t))) ||
		    !(x->pref = hta_calloc(k ? k : 1, sizeof(uint64_t)))) {
			hta_free(words);
			return HTA_ENOMEM;
		}
		memcpy(x->w, words, k * sizeof(*words));
		memcpy(x->pref, words, k * sizeof(*words));
		d->total += k;
	}
	hta_free(words);
	return 0;
}

/*
 * Step 2: identical word sets, grouped by (size, words) in one sort of
 * indexes by the set's hash; each copy is a pair at 100% and joins its
 * group (only the group's first member takes part in what follows).
 */
static int nd_group_identical(struct nd *d)
{
	size_t n = d->n;
	struct nd_post *tmp = hta_calloc(n ? n : 1, sizeof(*tmp));
	if (!tmp)
		return HTA_ENOMEM;
	for (size_t i = 0; i < n; i++) {
		const struct nd_set *x = &d->set[i];
		uint64_t h = 1469598103934665603ULL ^ x->n;
		for (size_t k = 0; k < x->n; k++)
			h = (h ^ x->w[k]) * 1099511628211ULL;
		d->set[i].group = i;
		tmp[i] = (struct nd_post){ h, i };
	}
	if (n)
		qsort(tmp, n, sizeof(*tmp), cmp_post);
	for (size_t i = 1, first = 0; i < n; i++) {
		if (tmp[i].h != tmp[i - 1].h)
			first = i;
		if (first == i)
			continue;
		/* Same hash: confirm the sets match the run's first member. */
		for (size_t f = first; f < i; f++) {
			const struct nd_set *a = &d->set[tmp[f].stmt], *b = &d->set[tmp[i].stmt];
			if (a->group == tmp[f].stmt && a->n == b->n &&
			    memcmp(a->w, b->w, a->n * sizeof(*a->w)) == 0) {
				d->set[tmp[i].stmt].group = tmp[f].stmt;
				if (nd_push(d->out, d->n_out, &d->cap, tmp[f].stmt, tmp[i].stmt, 100)) {
					hta_free(tmp);
					return HTA_ENOMEM;
				}
				break;
			}
		}
	}
	hta_free(tmp);
	return 0;
}

/* Step 3: the document frequency of each word, over group representatives. */
static int nd_doc_freq(struct nd *d)
{
	if (!(d->all = hta_calloc(d->total ? d->total : 1, sizeof(*d->all))))
		return HTA_ENOMEM;
	d->total = 0;
	for (size_t i = 0; i < d->n; i++)
		if (d->set[i].group == i) {
			memcpy(d->all + d->total, d->set[i].w, d->set[i].n * sizeof(*d->all));
			d->total += d->set[i].n;
		}
	if (d->total)
		qsort(d->all, d->total, sizeof(*d->all), cmp_u64);
	if (!(d->df = hta_calloc(d->total ? d->total : 1, sizeof(*d->df))))
		return HTA_ENOMEM;
	for (size_t i = 0; i < d->total; i++) {
		if (d->n_df && d->df[d->n_df - 1].h == d->all[i])
			d->df[d->n_df - 1].df++;
		else
			d->df[d->n_df++] = (struct nd_df){ d->all[i], 1 };
	}
	return 0;
}

/* Step 4: each representative's prefix, rarest word first, and the sorted index of prefix words. */
static int nd_prefixes(struct nd *d)
{
	if (!(d->post = hta_calloc(d->total ? d->total : 1, sizeof(*d->post))))
		return HTA_ENOMEM;
	struct nd_dfs ctx = { d->df, d->n_df };
	for (size_t i = 0; i < d->n; i++) {
		struct nd_set *x = &d->set[i];
		if (x->group != i)
			continue;
		if (x->n)
			qsort_r(x->pref, x->n, sizeof(*x->pref), cmp_rarest, &ctx);
		size_t need = (x->n * (size_t)d->min_pct + 99) / 100; /* ceil(t|x|) */
		x->n_pref = x->n >= need ? x->n - need + 1 : 0;
		if (x->n_pref > x->n)
			x->n_pref = x->n;
		for (size_t k = 0; k < x->n_pref; k++)
			d->post[d->n_post++] = (struct nd_post){ x->pref[k], i };
	}
	if (d->n_post)
		qsort(d->post, d->n_post, sizeof(*d->post), cmp_post);
	return 0;
}

/* The first posting of word `h` in d->post. */
static size_t nd_first_posting(const struct nd *d, uint64_t h)
{
	size_t lo = 0, hi = d->n_post;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (d->post[mid].h < h)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * Step 5: each representative against the earlier ones sharing a prefix
 * word (each candidate once), within the size filter, until `budget`
 * comparisons (then *truncated).
 */
static int nd_probe(struct nd *d, size_t budget, bool *truncated)
{
	size_t checks = 0;
	for (size_t i = 0; i < d->n; i++)
		d->mark[i] = (size_t)-1;
	for (size_t i = 0; i < d->n && !*truncated; i++) {
		const struct nd_set *x = &d->set[i];
		if (x->group != i)
			continue;
		for (size_t k = 0; k < x->n_pref && !*truncated; k++) {
			for (size_t p = nd_first_posting(d, x->pref[k]);
			     p < d->n_post && d->post[p].h == x->pref[k] && d->post[p].stmt < i; p++) {
				size_t y = d->post[p].stmt;
				if (d->mark[y] == i)
					continue;
				d->mark[y] = i;
				/* Size filter: |y| within [t|x|, |x|/t]. */
				if (d->set[y].n * 100 < x->n * (size_t)d->min_pct ||
				    x->n * 100 < d->set[y].n * (size_t)d->min_pct)
					continue;
				if (++checks > budget) {
					*truncated = true;
					break;
				}
				int sim = sim_sets(&d->set[y], x);
				if (sim >= d->min_pct && nd_push(d->out, d->n_out, &d->cap, y, i, sim))
					return HTA_ENOMEM;
			}
		}
	}
	return 0;
}

/*
 * Prefix filtering (the "All-Pairs" method): order each statement's words
 * rarest first; two sets with Jaccard >= t share a word among the first
 * |x| - ceil(t|x|) + 1 of either, so only statements sharing a prefix word
 * are compared. Identical word sets are grouped beforehand so a catalog of
 * copies costs linear time.
 */
int hta_catalog_near_dups(const struct hta_catalog *cat, int min_pct, size_t budget,
			  struct hta_dup **out, size_t *n_out, bool *truncated,
			  struct hta_err *err)
{
	struct nd d = { .cat = cat, .n = cat->n_stmts, .min_pct = min_pct < 1 ? 1 : min_pct,
			.out = out, .n_out = n_out };
	int rc = HTA_ENOMEM;
	*out = NULL;
	*n_out = 0;
	*truncated = false;
	d.set = hta_calloc(d.n ? d.n : 1, sizeof(*d.set));
	d.mark = hta_calloc(d.n ? d.n : 1, sizeof(*d.mark));
	if (d.set && d.mark && !nd_word_sets(&d) && !nd_group_identical(&d) && !nd_doc_freq(&d) &&
	    !nd_prefixes(&d) && !nd_probe(&d, budget, truncated)) {
		if (*n_out)
			qsort(*out, *n_out, sizeof(**out), cmp_dup);
		rc = 0;
	}
	if (rc) {
		hta_free(*out);
		*out = NULL;
		*n_out = 0;
		hta_err_set(err, rc, "out of memory");
	} else if (!*out && !(*out = hta_malloc(sizeof(**out)))) {
		rc = hta_err_set(err, HTA_ENOMEM, "out of memory");
	}
	for (size_t i = 0; d.set && i < d.n; i++) {
		hta_free(d.set[i].w);
		hta_free(d.set[i].pref);
	}
	hta_free(d.set);
	hta_free(d.all);
	hta_free(d.df);
	hta_free(d.post);
	hta_free(d.mark);
	return rc;
}
