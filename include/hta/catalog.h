/*
 * catalog.h — the control catalog: settings, domains, scoping factors,
 * control references and requirement statements, loaded from a directory
 * (catalog.yaml plus the YAML files under statements/), validated strictly.
 * The format is documented in docs/catalog-format.md.
 */
#ifndef HTA_CATALOG_H
#define HTA_CATALOG_H

#include "hta/alloc.h"
#include "hta/hta.h"
#include "hta/run.h"

#define HTA_MAX_BANDS 8
#define HTA_MAX_COMPLIANCE 64
#define HTA_MAX_FACTORS 256

/* AI scoping features a statement can depend on (bit numbers). */
enum hta_ai_feature {
	HTA_AI_RULE_BASED = 0,
	HTA_AI_PREDICTIVE,
	HTA_AI_GENERATIVE,
	HTA_AI_RAG,
	HTA_AI_FINE_TUNING,
	HTA_AI_AGENTS,
	HTA_AI_COUNT
};

/* Public source families a statement maps to. */
enum hta_map_kind {
	HTA_MAP_HIPAA = 0,
	HTA_MAP_NIST_800_53,
	HTA_MAP_NIST_CSF,
	HTA_MAP_AI_RMF,
	HTA_MAP_OWASP_LLM,
	HTA_MAP_PCI_DSS,      /* PCI DSS 4.0.1 requirement numbers ("8.4.2") */
	HTA_MAP_NIST_800_171, /* NIST SP 800-171 r2 ids ("3.5.3") */
	HTA_MAP_GDPR,         /* GDPR articles ("32", "33(1)") */
	HTA_MAP_FEDRAMP,      /* FedRAMP baselines (low, moderate, high, li-saas) */
	HTA_MAP_STATE_LAW,    /* state statute citations, free text */
	HTA_MAP_COUNT
};

/* The catalog key of a map kind ("hipaa", "nist_800_53", ...). */
const char *hta_map_name(enum hta_map_kind k);

/* Map kind of catalog key `name`, or -1. */
int hta_map_parse(const char *name);

/*
 * Whether `id` is well formed for map kind `k` (PCI DSS requirement
 * numbers, 800-171 r2 ids that exist, GDPR article numbers, FedRAMP
 * baseline names; other kinds: any non-empty text). On failure *why (when
 * not NULL) says what is expected.
 */
bool hta_map_id_valid(enum hta_map_kind k, const char *id, const char **why);

/* One `when` or `requires` condition. */
struct hta_cond {
	enum { HTA_COND_BOOL, HTA_COND_LEVEL, HTA_COND_COMPLIANCE, HTA_COND_AI } kind;
	int index; /* factor, compliance or AI feature index */
	int level; /* HTA_COND_LEVEL: at least this level */
};

struct hta_strlist {
	const char **v;
	size_t n;
};

struct hta_statement {
	const char *id, *title, *text;
	const char *control;       /* control reference id, "01.q" */
	int domain;                /* 1..19 */
	unsigned tiers;            /* bit (1 << enum hta_tier) */
	enum hta_addon addon;
	const struct hta_cond *when;   /* in scope when any holds (none: always) */
	size_t n_when;
	const struct hta_cond *requires; /* ... and only when every one holds */
	size_t n_requires;
	bool compliance_only;      /* `when` holds only compliance conditions */
	bool never_na;
	bool oversight;            /* the customer's own oversight: never inheritable */
	int inheritable;           /* 0..100 */
	int effort;                /* 1..5 */
	const char *evidence[HTA_LEVEL_COUNT]; /* illustrative; may be NULL */
	struct hta_strlist maps[HTA_MAP_COUNT];
	const char *file;          /* where it was defined (its mapping's start) */
	unsigned line, col;
};

struct hta_settings {
	int threshold[HTA_TIER_COUNT];
	int weight[HTA_LEVEL_COUNT];   /* percent; sum 100 */
	int cap_below;
	int stale_days;
	int maturity_days[HTA_LEVEL_COUNT];
	int coverage_bands[4];         /* upper edges of bands 0, 25, 50, 75 */
	/* The readiness deliverable (docs/deliverable.md): */
	int inherit_effort;            /* 1..5: effort of inheriting a statement */
	int effort_weeks[6];           /* [1..5]: weeks a fix of that effort takes */
	int stale_window_days;         /* "going stale" looks this far after as_of */
};

struct hta_factor {
	const char *name, *question;
	bool is_integer;
	long long bands[HTA_MAX_BANDS];
	size_t n_bands;
};

struct hta_named {
	const char *id, *title;
	int map;                   /* compliance factors: the map kind its
				      statements must cite (`map:`), or -1 */
};

struct hta_catalog {
	struct hta_arena arena;   /* owns everything below */
	const char *dir, *name, *version;
	char digest[65];          /* SHA-256 of its files (hta_catalog_load), hex */
	struct hta_settings settings;
	const char *domain_name[HTA_DOMAINS + 1]; /* [1..19] */
	struct hta_factor *factors;
	size_t n_factors;
	struct hta_named *compliance;
	size_t n_compliance;
	struct hta_named *controls;
	size_t n_controls;
	struct hta_statement *stmts; /* in file order */
	size_t n_stmts;
	size_t *index;               /* open-addressing id -> stmt index + 1 */
	size_t index_cap;
	size_t *control_index;       /* the same for controls (0: none built) */
	size_t control_index_cap;
};

/* The defaults of every setting (see docs/scoring.md). */
void hta_settings_default(struct hta_settings *s);

/*
 * Load and validate the catalog in directory `dir`. On failure the catalog
 * is left empty and `err` names the file and line at fault. Free with
 * hta_catalog_free().
 */
int hta_catalog_load(struct hta_catalog *cat, const char *dir, struct hta_err *err);

/*
 * hta_catalog_load(), listing every error of the catalog in `errors` (may
 * be NULL; freed and refilled): catalog.yaml (every setting and every
 * entry of domains, factors and controls; the first error of the header
 * and of the compliance list), then each statement file in name order
 * (each statement's every field error and broken rule), then the checks
 * across files (every duplicate id). A file that is not YAML is one
 * error. When a part the statements are checked against (factors,
 * compliance factors, control references) holds an error, the statements
 * are not checked. On failure
 * `err` holds the first error (HTA_EINVAL), or what stopped the load
 * (HTA_ENOMEM; HTA_EIO: a file or the statements directory cannot be read).
 */
int hta_catalog_load_all(struct hta_catalog *cat, const char *dir, struct hta_errlist *errors,
			 struct hta_err *err);

/*
 * The SHA-256 digest that identifies a catalog's content, in lowercase hex:
 * over catalog.yaml, then every statements/ file in name order, each
 * contributing its path relative to the catalog directory, a NUL byte, its
 * size in decimal, a NUL byte and its bytes. Renaming, adding or editing
 * any file changes it; the directory's own location does not.
 * hta_catalog_load() fills cat->digest with it.
 */
int hta_catalog_digest(const char *dir, char *const *stmt_files, size_t n,
		       char hex[65], struct hta_err *err);

/* Release everything the catalog owns. */
void hta_catalog_free(struct hta_catalog *cat);

/* Index of statement `id`, or -1. O(1). */
long hta_catalog_find(const struct hta_catalog *cat, const char *id);

/* Index of factor / compliance factor / control `name`, or -1. */
int hta_catalog_factor(const struct hta_catalog *cat, const char *name);
int hta_catalog_compliance(const struct hta_catalog *cat, const char *name);
int hta_catalog_control(const struct hta_catalog *cat, const char *id);

/* Level (1..) of an integer factor's value. */
int hta_factor_level(const struct hta_factor *f, long long value);

/*
 * Similarity of two statements' text: the Jaccard index of their sets of
 * lower-cased words, in percent (0..100). Used by `catalog validate` to
 * refuse statements under one control reference that differ only in
 * wording.
 */
int hta_statement_similarity(const struct hta_statement *a, const struct hta_statement *b);

/* A pair of statements whose text is alike (see hta_catalog_near_dups). */
struct hta_dup {
	size_t a, b;      /* statement indexes, a < b */
	int similarity;   /* percent of distinct words shared (Jaccard) */
};

/*
 * Every pair of statements in the whole catalog whose text shares at least
 * `min_pct` percent of its distinct words (hta_statement_similarity), in
 * statement order. Statements with the same word set are grouped first and
 * the rest are compared only when they share one of their rarest words
 * (prefix filtering: exact for Jaccard thresholds, near-linear on real
 * catalogs). At most `budget` comparisons are made; *truncated is set when
 * the budget ran out before every candidate was compared. *out is
 * allocated with hta_malloc (free with hta_free), even when empty.
 */
int hta_catalog_near_dups(const struct hta_catalog *cat, int min_pct, size_t budget,
			  struct hta_dup **out, size_t *n_out, bool *truncated,
			  struct hta_err *err);

/* Parse an AI feature name ("generative", "rag", "fine-tuning"...); -1 if unknown. */
int hta_ai_feature_parse(const char *s);
const char *hta_ai_feature_name(enum hta_ai_feature f);

#endif
