/*
 * diff.h — comparing a run with a previous gap set, and the baseline file.
 *
 * A "gap set" is what a run is compared against: the gaps (and domain
 * scores) of an earlier stored run, or of a baseline file written by
 * `report --format baseline` (docs/baseline.md), so a CI runner without
 * the database can still tell which gaps are new.
 *
 * The rule of what is new lives here and nowhere else: a gap of the run
 * is new when the gap set does not list it and it is not waived. A waived
 * gap is never new (docs/decisions.md), in `assess` and `diff` alike.
 *
 * Cost: sorting the two id lists, O(n log n); a 100,000-gap comparison is
 * a fraction of a second (tests/bench).
 */
#ifndef HTA_DIFF_H
#define HTA_DIFF_H

#include "hta/alloc.h"
#include "hta/run.h"

/* The baseline file's schema id, bumped on any incompatible change. */
#define HTA_BASELINE_SCHEMA "hitrust-assess/baseline/v1"

/* One gap of a previous gap set. */
struct hta_gapref {
	const char *id, *title;  /* title may be NULL */
	double points_lost;
	bool cap, waived;
};

/* A statement the earlier run assessed, with the text it stored. */
struct hta_stmtref {
	const char *id, *statement;  /* statement may be NULL */
};

/* What a run is compared against. */
struct hta_gapset {
	struct hta_arena arena;      /* owns everything below */
	const char *baseline;        /* the baseline file's path; NULL for a stored run */
	long long run_id;            /* the run it came from; 0 when unknown */
	const char *started_at;      /* may be NULL */
	enum hta_tier tier;
	int as_of;
	const char *evidence_root;   /* may be NULL */
	bool pass;
	struct hta_gapref *gaps;     /* in rank order */
	size_t n_gaps;
	double domain[HTA_DOMAINS + 1];      /* [1..19] */
	bool domain_scored[HTA_DOMAINS + 1];
	/* Catalog versions (product.md 8.6): what the earlier run used. */
	const char *catalog_name, *catalog_version, *catalog_digest; /* each may be NULL */
	struct hta_stmtref *stmts;   /* every statement it assessed, sorted by id; */
	size_t n_stmts;              /* none for a baseline file */
};

struct hta_store;

/* The gap set of `run` (copies what it needs; free with hta_gapset_free). */
int hta_gapset_from_run(struct hta_gapset *gs, const struct hta_run *run, struct hta_err *err);

/*
 * Read a baseline file. A file that is not a baseline (not JSON, another
 * schema, a gap without an id, an id listed twice) is HTA_EINVAL with
 * "FILE:LINE:COL: message" (LINE:COL where the parser can tell);
 * HTA_EIO when it cannot be read.
 */
int hta_baseline_load(struct hta_gapset *gs, const char *path, struct hta_err *err);

void hta_gapset_free(struct hta_gapset *gs);

/*
 * The gap set `run` is compared against: the baseline file `baseline`
 * when given, else the previous run in store `st` over the same tier and
 * evidence root (hta_store_previous; for a run not stored yet, id 0, the
 * latest such run: hta_store_latest). HTA_ENOTFOUND
 * when there is no previous run (then nothing is new).
 */
int hta_gapset_previous(struct hta_gapset *gs, struct hta_store *st, const struct hta_run *run,
			const char *baseline, struct hta_err *err);

/*
 * Write the baseline of `run` (JSON, docs/baseline.md) into `out`. It
 * depends on the run alone. Returns 0 or HTA_ENOMEM.
 */
int hta_baseline_render(const struct hta_run *run, struct hta_buf *out, struct hta_err *err);

/* How a gap changed. */
enum hta_change {
	HTA_CH_NEW = 0,      /* a gap now, not in the gap set, not waived */
	HTA_CH_WAIVED,       /* a gap now, not in the gap set, but waived: not new */
	HTA_CH_PERSISTING,   /* a gap in both */
	HTA_CH_FIXED         /* in the gap set, no longer a gap */
};

struct hta_change_item {
	enum hta_change kind;
	const char *id, *title;      /* borrowed from the run or the gap set */
	double before, after;        /* points lost (before: 0 for new; after: 0 for fixed) */
	bool worsened;               /* persisting and losing more points than before */
};

/* The comparison of a run with a gap set. */
struct hta_diff {
	struct hta_change_item *items; /* the run's gaps in rank order, then the fixed ones
					* in the gap set's order */
	size_t n_items;
	size_t n_new, n_waived, n_persisting, n_worsened, n_fixed;
	/* The two runs used different catalogs: digests differ, or (a run
	 * stored before schema 3, a baseline) versions or names differ. */
	bool catalog_changed;
	size_t *text_changed;        /* indexes into run->reqs: statements both runs */
	size_t n_text_changed;       /* assessed whose stored text differs, in run order */
};

/*
 * Compare `run` with `prev`. `prev` and `run` must outlive `d` (items
 * borrow their strings). Returns 0 or HTA_ENOMEM. Free with hta_diff_free.
 */
int hta_diff_compute(struct hta_diff *d, const struct hta_gapset *prev, const struct hta_run *run,
		     struct hta_err *err);

void hta_diff_free(struct hta_diff *d);

/*
 * Render a comparison as text (one line per new, waived-new, worsened and
 * fixed gap, per changed domain score, the catalog change and each
 * statement whose text changed, and a summary line) or as JSON
 * (documented in docs/report-json.md, "diff"). Returns 0 or HTA_ENOMEM.
 */
int hta_diff_render(const struct hta_diff *d, const struct hta_gapset *prev,
		    const struct hta_run *run, bool json, struct hta_buf *out,
		    struct hta_err *err);

#endif
