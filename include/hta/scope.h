/*
 * scope.h — the assessment scope (scope.yaml): date, tier, r2 factors,
 * compliance factors, AI features and inheritance providers; and the
 * selection of the catalog statements a run assesses.
 * The format is documented in docs/hitrust-assess-evidence.5.
 */
#ifndef HTA_SCOPE_H
#define HTA_SCOPE_H

#include "hta/catalog.h"

struct hta_provider {
	const char *name;
	int score_h;      /* the provider's score in hundredths (0..10000) */
	unsigned line;
	/* `matrix:` — the provider's own responsibility matrix (a CSV,
	 * providers.h): the path to open (relative paths are taken from the
	 * scope file's directory) and as written; NULL when not given. */
	const char *matrix, *matrix_shown;
};

/* `soc2:` — a SOC 2 report to reuse as candidate evidence (soc2.h). */
struct hta_scope_soc2 {
	bool given;
	int period_end;                /* the report period's last day */
	const char **exceptions;       /* criteria ids with exceptions */
	unsigned *exception_lines, *exception_cols;
	size_t n_exceptions;
};

struct hta_scope {
	struct hta_arena arena;
	const char *file;              /* display name, NULL when no file */
	const char *organization, *assessment;
	int as_of;                     /* days since 1970-01-01 */
	bool has_as_of;
	enum hta_tier tier;            /* HTA_TIER_NONE when not given */
	bool measured_managed;
	long long *factor_value;       /* [cat->n_factors] */
	bool *factor_set;              /* [cat->n_factors] */
	unsigned factors_line, factors_col; /* the `factors:` key (1:1 when absent) */
	uint64_t compliance;           /* bit per catalog compliance factor */
	unsigned ai;                   /* bit per enum hta_ai_feature */
	bool has_ai;
	struct hta_provider *providers;
	size_t n_providers;
	unsigned addons;               /* `addons:` (HTA_WITH_* bits, defined below) */
	struct hta_scope_soc2 soc2;
	/* Set by a caller on a stand-in for a scope file that failed to load
	 * (its own errors already reported): a manifest's provider is then not
	 * checked against it (hta_evidence_load_all). */
	bool stand_in;
};

/* An empty scope (no file): no factors answered, no providers. */
int hta_scope_init(struct hta_scope *sc, const struct hta_catalog *cat, struct hta_err *err);

/*
 * Load `path` (shown as `display`) against the catalog: unknown keys,
 * factors or compliance names, bad dates and values are errors with
 * file:line:col. Free with hta_scope_free().
 */
int hta_scope_load(struct hta_scope *sc, const struct hta_catalog *cat, const char *path,
		   const char *display, struct hta_err *err);

/*
 * hta_scope_load(), reading on past a bad value so that every error of the
 * file is reported: each error is added to `l` (may be NULL) in the order
 * read (unknown keys first, then the sections), and the first is set in
 * `err`. Returns as hta_scope_load() (`sc` is freed on failure).
 */
int hta_scope_load_all(struct hta_scope *sc, const struct hta_catalog *cat, const char *path,
		       const char *display, struct hta_errlist *l, struct hta_err *err);

void hta_scope_free(struct hta_scope *sc);

/*
 * Append `sc` to `out` as a scope.yaml that hta_scope_load() reads back
 * as the same answers: organization, assessment, as_of, tier,
 * measured_managed, addons, every answered factor, compliance, ai,
 * providers (score, matrix as written) and soc2. Written with libyaml's
 * emitter; every catalog factor's question is a comment above its answer
 * (an unanswered factor keeps its question and says it is unanswered),
 * `as_of` and `ai` are shown commented out when not given, and `header`
 * (may be NULL) is a comment block at the top. Returns 0, HTA_EINVAL (a
 * value that would not read back: an empty or non-UTF-8 string, a date
 * out of range, the reader's size limits) or HTA_ENOMEM; nothing is
 * appended on failure.
 */
int hta_scope_emit(struct hta_buf *out, const struct hta_scope *sc,
		   const struct hta_catalog *cat, const char *header, struct hta_err *err);

/*
 * Check the scope can drive a run of `tier`: r2 needs every catalog factor
 * answered. Returns 0 or HTA_EINVAL naming the first missing factor.
 */
int hta_scope_check(const struct hta_scope *sc, const struct hta_catalog *cat,
		    enum hta_tier tier, struct hta_err *err);

/* Index of provider `name`, or -1. */
int hta_scope_provider(const struct hta_scope *sc, const char *name);

/*
 * Decide, for every catalog statement, its pool in a run of `tier` with
 * `addons` under scope `sc`; writes cat->n_stmts bytes to `pool`. A
 * statement is in when every `requires` condition holds (factor conditions
 * only in r2: e1 and i1 are fixed sets) and, if it has a `when`, any one
 * of those holds.
 * Returns the number of statements in scope.
 */
size_t hta_select(const struct hta_catalog *cat, const struct hta_scope *sc,
		  enum hta_tier tier, unsigned addons, unsigned char *pool);

/*
 * What a run assesses under `sc` — the one selection shared by the
 * assessment, `init` and `catalog list|stats --scope`: the tier is `tier`
 * (a command-line choice) or, when that is HTA_TIER_NONE, the scope's; the add-ons are
 * `addons` together with the scope's `addons:`; r2 needs every factor
 * answered (hta_scope_check). Writes every statement's pool to `pool`
 * (cat->n_stmts bytes, as hta_select) and the effective tier, add-ons and
 * count to the out-parameters (each may be NULL). Returns 0 or HTA_EINVAL
 * (no tier anywhere, an unanswered r2 factor).
 */
int hta_scope_selection(const struct hta_catalog *cat, const struct hta_scope *sc,
			enum hta_tier tier, unsigned addons, unsigned char *pool,
			enum hta_tier *tier_out, unsigned *addons_out, size_t *n_out,
			struct hta_err *err);

/*
 * True when every catalog factor is answered at its lowest-risk value
 * (false, or a number in the first band) and no compliance factor is
 * chosen: the scope `init` writes, which an r2 result should not rest on.
 */
bool hta_scope_lowest_risk(const struct hta_scope *sc, const struct hta_catalog *cat);

/* Answers hta_scope_extreme() gives. */
enum hta_scope_extreme {
	HTA_SCOPE_LOWEST = 0,   /* every factor at its lowest-risk value, no compliance
				 * factor, AI rule-based only */
	HTA_SCOPE_HIGHEST_CORE, /* every factor at its highest, every AI feature,
				 * no compliance factor */
	HTA_SCOPE_HIGHEST       /* the same with every compliance factor chosen */
};

/*
 * Answer every question of `sc` (made with hta_scope_init) at one extreme,
 * for `catalog stats`: how many statements a tier can hold.
 */
void hta_scope_extreme(struct hta_scope *sc, const struct hta_catalog *cat,
		       enum hta_scope_extreme e);

/* Whether `when` condition `c` of a statement holds under `sc`. */
bool hta_cond_holds(const struct hta_scope *sc, const struct hta_catalog *cat,
		    const struct hta_cond *c);

#endif
