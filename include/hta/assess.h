/*
 * assess.h — one whole assessment: scope, evidence, scoring and planning
 * over a loaded catalog, producing a self-contained struct hta_run.
 */
#ifndef HTA_ASSESS_H
#define HTA_ASSESS_H

#include "hta/catalog.h"
#include "hta/evidence.h"
#include "hta/hash.h"
#include "hta/run.h"
#include "hta/scope.h"

/* Where a run is (hta_assess_opts.progress). */
struct hta_progress {
	size_t files_seen;            /* files walked under the evidence root */
	size_t manifests;             /* manifests parsed */
	size_t artifacts;             /* distinct artifact files in this run */
	size_t cached;                /* of which known unchanged (not read) */
	size_t hashed;                /* of which read and hashed so far */
	unsigned long long bytes, bytes_done; /* of the files to read */
};

struct hta_assess_opts {
	const char *evidence_root;
	const char *scope_path;   /* NULL: <root>/scope.yaml when present */
	enum hta_tier tier;       /* HTA_TIER_NONE: the scope's tier */
	unsigned addons;          /* HTA_WITH_* */
	int as_of;                /* days; -1: the scope's, else today */
	int measured_managed;     /* -1: the scope's; 0/1 override */
	/* Evidence integrity (hash.h): the incremental cache, or NULL to read
	 * and hash every artifact (a full pass, `--rehash`). */
	hta_hash_cache_fn hash_cache;
	void *hash_cache_ctx;
	unsigned hash_threads;    /* 0: one per online CPU */
	/* Progress, for a display: called on the calling thread after the
	 * manifests are read and about ten times a second while artifacts are
	 * hashed; NULL for none. The library itself never prints. */
	void (*progress)(void *ctx, const struct hta_progress *p);
	void *progress_ctx;
	/* Every unreadable manifest of a failed run (evidence.h), or NULL. */
	struct hta_errlist *errors;
	/* The timeline (docs/deliverable.md): its first day (-1: as_of) and
	 * the parallel workstreams (0: 2). */
	int start;
	int capacity;
};

#define HTA_ASSESS_OPTS_INIT { NULL, NULL, HTA_TIER_NONE, 0, -1, -1, NULL, NULL, 0, NULL, NULL, NULL, -1, 0 }

/*
 * Run the assessment. On success `run` is filled (free with hta_run_free);
 * on failure it is empty and `err` names the file and line at fault.
 */
int hta_assess(const struct hta_catalog *cat, const struct hta_assess_opts *opts,
	       struct hta_run *run, struct hta_err *err);

#endif
