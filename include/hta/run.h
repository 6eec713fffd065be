/*
 * run.h — one assessment run, self-contained: what the store writes, what
 * the store reads back, and what every report renderer draws from. A run
 * holds its own copies of every string, so a stored run can be rendered
 * without the catalog or the evidence tree.
 *
 * This header is also the single home of the run's vocabulary: every name
 * a user sees for a tier, an add-on, a pool, a requirement status, a rank
 * kind or a finding code is defined once, with its parser, in run.c. Code
 * elsewhere holds the enums and switches on them; it never spells or
 * compares the names itself.
 */
#ifndef HTA_RUN_H
#define HTA_RUN_H

#include "hta/alloc.h"
#include "hta/hta.h"

/* Domains are numbered 1..HTA_DOMAINS ("01".."19" as text). */
#define HTA_DOMAINS 19

/* ---- tiers ---- */

/* Tiers, in nesting order. HTA_TIER_NONE: not given (scope, options). */
enum hta_tier { HTA_TIER_NONE = -1, HTA_TIER_E1 = 0, HTA_TIER_I1, HTA_TIER_R2, HTA_TIER_COUNT };

/* "e1", "i1", "r2"; "?" for anything else. */
const char *hta_tier_name(enum hta_tier t);

/* "e1 (essentials, 1-year)", ...: the tier with what it means. */
const char *hta_tier_title(enum hta_tier t);

/* Parse a tier name; HTA_TIER_NONE when `s` is NULL or no tier. */
enum hta_tier hta_tier_parse(const char *s);

/* The accepted names: "e1|i1|r2" for a usage line (`usage` true), else
 * "e1, i1 or r2" for a message. */
const char *hta_tier_choices(bool usage);
/* "e1, i1, r2": the tiers listed, for messages about stored values. */
const char *hta_tier_list(void);

/* ---- verdicts ---- */

/* A run's or a pool's verdict as stored and shown: "pass" or "fail". */
const char *hta_verdict_name(bool pass);
/* Parse a verdict: 1 pass, 0 fail, -1 unknown (or NULL). */
int hta_verdict_parse(const char *s);
/* "pass, fail", for messages. */
const char *hta_verdict_list(void);

/* ---- add-ons ---- */

/* Add-on membership of a statement. */
enum hta_addon { HTA_ADDON_NONE = 0, HTA_ADDON_AI_SECURITY, HTA_ADDON_AI_RISK };

/* Add-ons requested for a run (bit flags). */
#define HTA_WITH_AI_SECURITY 1u
#define HTA_WITH_AI_RISK 2u

/* NULL, "ai-security", "ai-risk". */
const char *hta_addon_name(enum hta_addon a);

/* Parse an add-on name; HTA_ADDON_NONE when it is none. */
enum hta_addon hta_addon_parse(const char *s);

/* The HTA_WITH_* bit of an add-on (0 for none). */
unsigned hta_addon_flag(enum hta_addon a);

/*
 * The add-ons of a run as stored (runs.addons): "ai-security,ai-risk",
 * "ai-security", "ai-risk" or "". A static string.
 */
const char *hta_addons_str(unsigned addons);

/* The HTA_WITH_* flags of a stored add-ons string (NULL: none). Unknown
 * words are ignored. */
unsigned hta_addons_parse(const char *s);

/* ---- pools ---- */

/* Where a selected statement is pooled. */
enum hta_pool {
	HTA_POOL_OUT = 0,        /* not in this run's scope */
	HTA_POOL_DOMAIN,         /* counts in its domain's average */
	HTA_POOL_COMPLIANCE,     /* e1/i1 compliance statement, reported apart */
	HTA_POOL_AI_SECURITY,
	HTA_POOL_AI_RISK
};

/* Pool names as stored: "out", "domain", "compliance", "ai-security",
 * "ai-risk" (the last three are also the keys of the apart pools). */
const char *hta_pool_name(enum hta_pool pool);
/* Parse a pool name; -1 when unknown. */
int hta_pool_parse(const char *s);

/* ---- requirement statuses and rank kinds ---- */

enum hta_req_status { HTA_ST_SCORED = 0, HTA_ST_NA, HTA_ST_NO_EVIDENCE };

/* Status names as stored: "scored", "not_applicable", "no_evidence". */
const char *hta_status_name(enum hta_req_status status);
/* Parse a status name; -1 when unknown. */
int hta_status_parse(const char *s);

/* Why a gap ranks where it does. */
enum hta_rank_kind { HTA_RANK_NONE = 0, HTA_RANK_PLAN, HTA_RANK_CAP, HTA_RANK_VALUE };

/* "plan", "cap", "value"; "" for none. */
const char *hta_rank_kind_name(enum hta_rank_kind kind);
/* Parse a stored rank kind; HTA_RANK_VALUE for NULL or an unknown word
 * (the ordering of last resort). */
enum hta_rank_kind hta_rank_kind_parse(const char *s);

/* ---- gap statuses ---- */

/*
 * The words a gap is selected and tagged by: `--status` (view.h's HTA_VS_*
 * bits are 1 << these), the HTML report's filter keys, SARIF's gapKind,
 * tag and fingerprint, JUnit's failure type.
 */
enum hta_gap_status {
	HTA_GS_GAP = 0,       /* "gap": a gap (one needing no CAP, where the two are told apart) */
	HTA_GS_CAP,           /* "cap": a gap that needs a CAP */
	HTA_GS_BLOCKER,       /* "blocker": a gap in a failing domain or pool */
	HTA_GS_WAIVED,        /* "waived": a gap under an unexpired waiver */
	HTA_GS_NO_EVIDENCE,   /* "no-evidence": an unevidenced statement */
	HTA_GS_COUNT
};

/* The names in order, for usage texts (test_run checks it against the table). */
#define HTA_GAP_STATUS_CHOICES "gap, cap, blocker, waived, no-evidence"

/* "gap", "cap", ...; "?" for anything else. */
const char *hta_gap_status_name(enum hta_gap_status s);
/* Parse the `n` bytes at `s` as a gap status name; -1 when unknown. */
int hta_gap_status_parse(const char *s, size_t n);

/* ---- how the plan fixes a gap (the deliverable) ---- */

enum hta_fix_kind {
	HTA_FIX_WORK = 0,   /* "fix": the organisation does the work */
	HTA_FIX_INHERIT,    /* "inherit": a provider's evidence covers it */
	HTA_FIX_WAIT,       /* "wait": in place but too recent; it only has to operate longer */
	HTA_FIX_COUNT
};

/* "fix", "inherit", "wait"; "?" for anything else. */
const char *hta_fix_name(enum hta_fix_kind k);
/* Parse a fix name; -1 when unknown. */
int hta_fix_parse(const char *s);

/* ---- finding codes ---- */

/*
 * What a finding is about. The names (hta_finding_name) are stable: they
 * are stored in findings.code, used as SARIF rule ids and documented in
 * docs/report-json.md. Add a code here and in run.c's name table only.
 */
enum hta_finding_code {
	HTA_FIND_NO_EVIDENCE = 0,     /* "no-evidence" */
	HTA_FIND_NO_ARTIFACT,         /* "no-artifact" */
	HTA_FIND_ARTIFACT_MISSING,    /* "artifact-missing" */
	HTA_FIND_ARTIFACT_OUTSIDE,    /* "artifact-outside-root" */
	HTA_FIND_ARTIFACT_NOT_FILE,   /* "artifact-not-file" */
	HTA_FIND_ARTIFACT_REFUSED,    /* "artifact-refused" */
	HTA_FIND_DATE_MISSING,        /* "date-missing" */
	HTA_FIND_DATE_FUTURE,         /* "date-future" */
	HTA_FIND_STALE,               /* "stale" */
	HTA_FIND_TOO_RECENT,          /* "too-recent" */
	HTA_FIND_MANAGED_ABOVE,       /* "managed-above-measured" */
	HTA_FIND_NEVER_NA,            /* "never-na" */
	HTA_FIND_INHERIT_CAPPED,      /* "inherit-capped" */
	HTA_FIND_WAIVER_EXPIRED,      /* "waiver-expired" */
	HTA_FIND_OUT_OF_SCOPE,        /* "out-of-scope" */
	HTA_FIND_MANIFEST_REFUSED,    /* "manifest-refused" */
	HTA_FIND_ARTIFACT_UNREADABLE, /* "artifact-unreadable" */
	HTA_FIND_ARTIFACT_REPLACED,   /* "artifact-replaced" */
	HTA_FIND_ARTIFACT_MODIFIED,   /* "artifact-modified" */
	HTA_FIND_SCOPE_LOWEST_RISK,   /* "scope-lowest-risk" */
	HTA_FIND_MANIFEST_MISNAMED,   /* "manifest-misnamed" */
	HTA_FIND_COUNT
};

/* The stored name of a finding code; "?" for anything else. */
const char *hta_finding_name(enum hta_finding_code code);

/* Parse a finding code name; -1 when unknown. */
int hta_finding_parse(const char *s);

/*
 * Findings that every view summarises in one line instead of listing
 * (one per statement would drown the findings a person must act on):
 * no-evidence and out-of-scope.
 */
bool hta_finding_summarised(enum hta_finding_code code);
#include "hta/deliver.h"

/* ---- gates ---- */

/* What can fail a run (contract 8.4, --gate). */
enum hta_gate {
	HTA_GATE_DOMAINS = 0,  /* "domains": a domain (or AI Security) under its threshold */
	HTA_GATE_NEW,          /* "new": a gap that is new (diff.h) */
	HTA_GATE_GAPS,         /* "gaps": more gaps (not waived) than --max-gaps */
	HTA_GATE_CAPS,         /* "caps": more CAPs (not waived) than --max-caps */
	HTA_GATE_SCORE,        /* "score": the overall score under --min-score */
	HTA_GATE_COUNT
};

/* "domains", "new", "gaps", "caps", "score"; "?" for anything else. */
const char *hta_gate_name(enum hta_gate g);
/* Parse a gate name; -1 when unknown. */
int hta_gate_parse(const char *s);
/* The gate names for messages: "domains, new, gaps, caps, score". */
const char *hta_gate_choices(void);

struct hta_run_req {
	const char *id, *title, *control, *statement;
	int domain;                  /* 1..19 */
	enum hta_pool pool;
	enum hta_req_status status;
	double score, ceiling;       /* points; score unused for N/A */
	double level[HTA_LEVEL_COUNT];
	unsigned scored;             /* bit per scored level */
	int effort;
	bool gap, cap, blocker, waived;
	int rank;
	enum hta_rank_kind rank_kind;
	double points_lost;
	const char *reason;          /* why it ranks where it does (gaps) */
	const char *owner, *manifest, *na_reason, *waiver_reason, *provider;
	unsigned manifest_line;
	int waiver_expires;          /* days; valid with waiver_reason */
	int inherited_weight;
	struct hta_run_req_deliver dl;   /* the readiness deliverable */
};

struct hta_run_pool {
	char key[16];                /* "01".."19", "ai-security", "ai-risk", "compliance" */
	const char *name;
	double score;
	int threshold;               /* 0: no verdict */
	int statements;              /* applicable statements averaged */
	int total;                   /* in scope, N/A included */
	bool scored, passed;
	int plan_effort, plan_items;
	struct hta_run_pool_deliver dl;  /* the readiness deliverable */
};

struct hta_run_finding {
	const char *req_id;          /* NULL when not about one statement */
	const char *path;            /* manifest path, NULL for none */
	unsigned line;
	enum hta_finding_code code;
	const char *message;
};

/* An artifact the run read (or knew unchanged), with its SHA-256. */
struct hta_run_artifact {
	const char *path;            /* as the manifests name it, relative to the root */
	long long size, mtime_ns;    /* as hashed */
	long long ctime_ns;          /* as hashed; 0: not known (a schema 1 row) */
	unsigned long long inode;
	char sha256[65];             /* lowercase hex */
};

struct hta_run {
	struct hta_arena arena;      /* owns every string and array */
	long long id;                /* database id, 0 before storing */
	const char *started_at;      /* ISO 8601 UTC */
	enum hta_tier tier;
	unsigned addons;             /* HTA_WITH_* */
	const char *addons_str;      /* hta_addons_str(addons) */
	int as_of;
	bool measured_managed;
	const char *evidence_root, *catalog_name, *catalog_version, *tool_version;
	const char *catalog_digest;  /* SHA-256 of the catalog's files; NULL before schema 3 */
	const char *organization, *assessment, *scope_file;
	bool pass;
	int gap_count, cap_count, waived_gaps, waived_caps;
	double overall;              /* mean of the scored domains */
	struct hta_run_pool domains[HTA_DOMAINS + 1]; /* [1..19] */
	struct hta_run_pool ai_security, ai_risk, compliance;
	struct hta_run_req *reqs;    /* in catalog order */
	size_t n_reqs;
	size_t *gap_order;           /* indices into reqs, by rank */
	size_t n_gaps;
	struct hta_run_finding *findings;
	size_t n_findings;
	size_t manifests, files_seen;
	struct hta_run_artifact *artifacts; /* sorted by path; unreadable ones left out */
	size_t n_artifacts;
	size_t artifacts_hashed;     /* distinct files read and hashed by this run */
	size_t artifacts_cached;     /* distinct files whose stored hash was reused */
	unsigned long long bytes_hashed;
	long long hash_started_ns;   /* wall clock before the first artifact was read */
	struct hta_run_deliver dl;       /* the readiness deliverable (deliver.h) */
};

/* Free everything a run owns. */
void hta_run_free(struct hta_run *run);

/* The display name of a pool ("Access Control", "AI Security", ...). */
const char *hta_pool_label(const struct hta_run *run, enum hta_pool pool, int domain);

/* HTA_GS_CAP when gap `r` needs a CAP, else HTA_GS_GAP. */
enum hta_gap_status hta_gap_kind(const struct hta_run_req *r);

/* How the plan fixes gap `r` (gaps.fix): HTA_FIX_INHERIT or HTA_FIX_WORK. */
enum hta_fix_kind hta_gap_fix(const struct hta_run_req *r);

/* Its timeline entry (timeline.fix): HTA_FIX_WAIT, else hta_gap_fix(). */
enum hta_fix_kind hta_timeline_fix(const struct hta_run_req *r);

/* How the text summary and Markdown label gap `r`: "CAP" or "gap". */
const char *hta_gap_label(const struct hta_run_req *r);

/* A pool's key ("01".."19", "ai-security", ...) for requirement `r`. */
const char *hta_req_pool_key(const struct hta_run *run, const struct hta_run_req *r);

/* The pool struct (domain or apart pool) that requirement `r` counts in,
 * or NULL. */
const struct hta_run_pool *hta_req_pool(const struct hta_run *run, const struct hta_run_req *r);

/* How many of the run's findings are no-evidence / out-of-scope (the
 * summarised ones, hta_finding_summarised); either pointer may be NULL. */
void hta_run_summarised(const struct hta_run *run, size_t *no_evidence, size_t *out_of_scope);

#endif
