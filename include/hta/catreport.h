/*
 * catreport.h — what `catalog list|show|stats|diff` report about a
 * catalog: the counts behind `catalog stats` (with and without a scope),
 * and the JSON documents of those actions (docs/catalog-format.md;
 * product.md section 8.6). The CLI chooses what to report, calls these
 * and writes the buffer; it builds no document itself.
 *
 * Every renderer appends one pretty-printed JSON document and a newline to
 * `out`, and returns 0 or HTA_ENOMEM (a document that lost a node to a
 * failed allocation is never appended).
 */
#ifndef HTA_CATREPORT_H
#define HTA_CATREPORT_H

#include "hta/alloc.h"
#include "hta/catalog.h"
#include "hta/catdiff.h"
#include "hta/crosswalk.h"
#include "hta/scope.h"

/* Statements per tier (before factors) and per add-on: what `catalog
 * validate` reports. */
struct hta_catcounts {
	size_t tier[HTA_TIER_COUNT];
	size_t ai_security, ai_risk;
};

/* Count `cat`'s statements per tier and add-on. */
void hta_catalog_counts(const struct hta_catalog *cat, struct hta_catcounts *out);

/* Statements a tier can hold, at each extreme of the scope's answers. */
struct hta_catstats_tier {
	bool counted;              /* false: not asked for (--tier chose another) */
	size_t lowest;             /* every factor at its lowest-risk answer */
	size_t highest_core;       /* every factor at its highest, no compliance factor */
	size_t highest_all;        /* ... and every compliance factor chosen */
};

/* `catalog stats` without a scope. */
struct hta_catstats {
	struct hta_catstats_tier tier[HTA_TIER_COUNT];
	size_t ai_rule_based;      /* AI Security statements for rule-based AI only */
	size_t ai_every_feature;   /* AI Security statements with every AI feature */
	size_t ai_risk;            /* AI Risk Management statements */
};

/*
 * Count what every tier (or only `only`, unless HTA_TIER_NONE) and each
 * add-on can hold. Returns 0 or HTA_ENOMEM.
 */
int hta_catalog_stats(const struct hta_catalog *cat, enum hta_tier only,
		      struct hta_catstats *out, struct hta_err *err);

/* `catalog stats --scope FILE`: what the scope brings in, and why. */
struct hta_scopestats {
	const char *file;          /* as given (borrowed) */
	enum hta_tier tier;        /* the effective tier */
	unsigned addons;           /* the effective add-ons (HTA_WITH_*) */
	size_t statements;         /* assessed in all */
	size_t base;               /* of the tier's base set (no `when`) */
	size_t by_factor;          /* brought in by a factor or compliance answer */
	size_t addon_stmts;        /* of the chosen add-ons */
	/* [cat->n_factors + cat->n_compliance]: statements each factor, then
	 * each compliance factor, brings in (counted once, under the first of
	 * its conditions that holds). Owned; hta_scopestats_free(). */
	size_t *brought_in;
	size_t hint_ai_security;   /* what --ai-security would bring (rule-based AI
				    * when the scope says nothing of AI) */
	size_t hint_ai_risk;       /* what --ai-risk would bring */
	bool lowest_risk;          /* r2 with every answer at its lowest risk */
};

/*
 * Count, for scope `sc` whose selection (hta_scope_selection) gave `pool`,
 * `tier`, `addons` and `n`, the statements by why they are in. `file` is
 * borrowed for the report. Returns 0 or HTA_ENOMEM.
 */
int hta_scope_stats(const struct hta_catalog *cat, const struct hta_scope *sc,
		    const unsigned char *pool, enum hta_tier tier, unsigned addons, size_t n,
		    const char *file, struct hta_scopestats *out, struct hta_err *err);
void hta_scopestats_free(struct hta_scopestats *s);

/*
 * `catalog list --format json`: an array of the statements whose `keep`
 * byte is non-zero (cat->n_stmts bytes), each as `catalog show` without
 * its statement text and evidence.
 */
int hta_catalog_list_json(const struct hta_catalog *cat, const unsigned char *keep,
			  struct hta_buf *out, struct hta_err *err);

/* `catalog show ID --format json`: statement `index`, whole. */
int hta_catalog_show_json(const struct hta_catalog *cat, size_t index, struct hta_buf *out,
			  struct hta_err *err);

/*
 * `catalog validate --format json`, for a catalog that loaded and holds no
 * near-duplicate statement: its name, version and digest, "valid": true,
 * the statements per tier and add-on, and `warnings` (the possible
 * restatements reported on stderr).
 */
int hta_catalog_validate_json(const struct hta_catalog *cat, size_t warnings,
			      struct hta_buf *out, struct hta_err *err);

/* `catalog stats --format json`; `scope` is NULL without --scope. */
int hta_catalog_stats_json(const struct hta_catalog *cat, const struct hta_catstats *st,
			   const struct hta_scopestats *scope, struct hta_buf *out,
			   struct hta_err *err);

/*
 * `catalog stats --crosswalk NAME --format json`: `covered` of the
 * crosswalk's ids are mapped by `tier`'s statements (hta_crosswalk_cover
 * filled cw->mapped_by); the others are listed.
 */
int hta_crosswalk_json(const struct hta_crosswalk *cw, enum hta_tier tier, size_t covered,
		       struct hta_buf *out, struct hta_err *err);

/*
 * `catalog diff DIR_A DIR_B --format json`: `d` compares catalog `a`
 * (loaded from `dir_a`) with `b` (from `dir_b`); a changed statement
 * carries the changed fields' values on each side (keys as in `show`).
 */
int hta_catalog_diff_json(const struct hta_catalog *a, const char *dir_a,
			  const struct hta_catalog *b, const char *dir_b,
			  const struct hta_catdiff *d, struct hta_buf *out, struct hta_err *err);

#endif
