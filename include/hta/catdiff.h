/*
 * catdiff.h — what changed between two catalogs (`catalog diff DIR_A DIR_B`)
 * (runs made with different catalogs are compared by hta/diff.h). Contract: product.md section 8.6; format in
 * docs/catalog-format.md ("Versions").
 */
#ifndef HTA_CATDIFF_H
#define HTA_CATDIFF_H

#include "hta/catalog.h"

/* The parts of a statement compared (bit numbers in hta_cd_change.fields). */
enum hta_cd_field {
	HTA_CD_TITLE = 0,
	HTA_CD_TEXT,        /* the statement itself */
	HTA_CD_DOMAIN,
	HTA_CD_CONTROL,
	HTA_CD_TIERS,
	HTA_CD_ADDON,
	HTA_CD_FACTORS,     /* `when` and `requires`, by condition name, in any order */
	HTA_CD_NEVER_NA,
	HTA_CD_OVERSIGHT,
	HTA_CD_INHERITABLE,
	HTA_CD_EFFORT,
	HTA_CD_MAPS,        /* every map kind, ids in any order */
	HTA_CD_EVIDENCE,    /* illustrative evidence */
	HTA_CD_COUNT
};

/* The field's name in text and JSON output ("text", "tiers", ...). */
const char *hta_cd_field_name(enum hta_cd_field f);

/* One statement: added (a < 0), removed (b < 0) or changed (both). */
struct hta_cd_change {
	long a, b;           /* statement index in catalog A / B, or -1 */
	unsigned fields;     /* changed: bit (1 << enum hta_cd_field) per field */
};

/* One catalog-level setting that differs ("thresholds.r2", "factor users"...). */
struct hta_cd_setting {
	char name[96];
	char from[160], to[160];   /* "(none)" when added or removed */
};

struct hta_catdiff {
	struct hta_cd_change *v;   /* removed (A order), added, changed (B order) */
	size_t n, added, removed, changed;
	struct hta_cd_setting *settings;
	size_t n_settings;
};

/*
 * Compare catalogs `a` and `b`: statements by id, then settings, the
 * catalog's name and version, domains, factors, compliance factors and
 * control references. Free with hta_catdiff_free().
 */
int hta_catalog_diff(const struct hta_catalog *a, const struct hta_catalog *b,
		     struct hta_catdiff *out, struct hta_err *err);
void hta_catdiff_free(struct hta_catdiff *d);

/* A condition as the catalog writes it ("wireless", "users>=2", "compliance:hipaa"). */
void hta_cond_name(const struct hta_catalog *cat, const struct hta_cond *c, char *out, size_t n);

#endif
