/*
 * run.h — one assessment run, self-contained: what the store writes, what
 * the store reads back, and what every report renderer draws from. A run
 * holds its own copies of every string, so a stored run can be rendered
 * without the catalog or the evidence tree.
 */
#ifndef HTA_RUN_H
#define HTA_RUN_H

#include "hta/alloc.h"
#include "hta/catalog.h"
#include "hta/score.h"

struct hta_run_req {
	const char *id, *title, *control, *statement;
	int domain;                  /* 1..19 */
	int pool;                    /* enum hta_pool */
	int status;                  /* enum hta_req_status */
	double score, ceiling;       /* points; score unused for N/A */
	double level[HTA_LEVEL_COUNT];
	unsigned scored;             /* bit per scored level */
	int effort;
	bool gap, cap, blocker, waived;
	int rank, rank_kind;
	double points_lost;
	const char *reason;          /* why it ranks where it does (gaps) */
	const char *owner, *manifest, *na_reason, *waiver_reason, *provider;
	unsigned manifest_line;
	int waiver_expires;          /* days; valid with waiver_reason */
	int inherited_weight;
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
};

struct hta_run_finding {
	const char *req_id;          /* NULL when not about one statement */
	const char *path;            /* manifest path, NULL for none */
	unsigned line;
	const char *code, *message;
};

/* An artifact the run read (or knew unchanged), with its SHA-256. */
struct hta_run_artifact {
	const char *path;            /* as the manifests name it, relative to the root */
	long long size, mtime_ns;    /* as hashed */
	unsigned long long inode;
	char sha256[65];             /* lowercase hex */
};

struct hta_run {
	struct hta_arena arena;      /* owns every string and array */
	long long id;                /* database id, 0 before storing */
	const char *started_at;      /* ISO 8601 UTC */
	int tier;
	unsigned addons;             /* HTA_WITH_* */
	const char *addons_str;      /* "ai-security,ai-risk" or "" */
	int as_of;
	bool measured_managed;
	const char *evidence_root, *catalog_name, *catalog_version, *tool_version;
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
};

/* Free everything a run owns. */
void hta_run_free(struct hta_run *run);

/* The display name of a pool ("Access Control", "AI Security", ...). */
const char *hta_pool_label(const struct hta_run *run, int pool, int domain);

/* Status names as stored: "scored", "not_applicable", "no_evidence". */
const char *hta_status_name(int status);
int hta_status_parse(const char *s);

/* Pool names as stored: "domain", "compliance", "ai-security", "ai-risk". */
const char *hta_pool_name(int pool);
int hta_pool_parse(const char *s);

#endif
