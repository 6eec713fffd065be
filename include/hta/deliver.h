/*
 * deliver.h — the readiness deliverable's parts of a run record (contract
 * section 8.5): inheritance opportunities, the timeline, evidence going
 * stale, SOC 2 reuse, the tier ladder, the scope answers. run.h embeds
 * these; the modules that compute them are inherit.h, timeline.h,
 * stale.h and soc2.h; docs/deliverable.md explains each for a reader.
 * Strings are owned by the run's arena.
 */
#ifndef HTA_DELIVER_H
#define HTA_DELIVER_H

#include <stdbool.h>
#include <stddef.h>

/* Per statement (in struct hta_run_req). */
struct hta_run_req_deliver {
	/* Inheritance opportunity: a gap the declared providers can cover
	 * whose manifest does not inherit yet; provider NULL when none. */
	const char *inherit_provider;
	int inherit_resp;            /* enum hta_resp */
	int inherit_weight;          /* the largest allowed weight */
	double inherit_points;       /* points recovered at that weight */
	bool fix_inherit;            /* the plan fixes it by inheriting */
	/* What would close the gap: the catalog's illustrative evidence for
	 * each scored level short of 100, "level: text" lines; NULL if none. */
	const char *closing_evidence;
	/* Timeline (gaps only; scheduled false otherwise). */
	bool scheduled;
	bool tl_wait;                /* in place, too recent: only has to operate longer */
	int tl_stream;               /* workstream 1..capacity; 0 for a wait */
	int tl_start, tl_done, tl_ready; /* days since 1970-01-01 */
	int tl_weeks, tl_window;     /* fix weeks, maturity window days */
	/* SOC 2 criteria (without exceptions) that are candidate evidence,
	 * space-separated; NULL when none or no soc2: in scope. */
	const char *soc2;
};

/* Per domain or pool (in struct hta_run_pool). */
struct hta_run_pool_deliver {
	double inherit_points;       /* recoverable by inheritance in this pool */
	bool inherit_lifts;          /* failing now; inheritance alone would pass it */
	int passes_on;               /* timeline: day it passes; -1 never/not failing */
};

/* A claim whose date turns stale soon after as_of. */
struct hta_run_stale {
	const char *req_id, *owner, *manifest;
	unsigned line;
	int level;                   /* enum hta_level */
	int dated;                   /* the claim's reviewed/tested date */
	int stale_on;                /* the first day it counts as stale */
};

/* One tier of a ladder (--tier e1,i1,r2): a summary of its stored run. */
struct hta_run_ladder {
	long long run_id;
	int tier;
	bool pass;
	const char *failing;         /* failing domain keys, "01 11 ai-security"; "" none */
	int gaps, no_evidence;       /* statements still to evidence: gaps, of them no manifest */
	int plan_effort, plan_items; /* summed over failing domains and pools */
	double overall;
};

/* One stored run of the same evidence root and tier, for the trend. */
struct hta_run_trend {
	long long run_id;
	int as_of;
	const char *started_at;
	double overall;
	double score[20];            /* [1..19] per domain */
	unsigned scored;             /* bit d: domain d was scored */
};

/* A scope answer as shown in the report ("factors.records_held", "2500000"). */
struct hta_run_answer {
	const char *key, *value;
};

/* Per run (in struct hta_run). */
struct hta_run_deliver {
	double inherit_total;        /* points recoverable over every opportunity */
	size_t inherit_count;
	bool has_timeline;
	int tl_start, tl_capacity;
	int ready_on;                /* every failing pool passes; -1: never */
	int stale_window;            /* days after as_of */
	struct hta_run_stale *stale; /* soonest first */
	size_t n_stale;
	bool has_soc2;
	int soc2_period_end;
	const char *soc2_exceptions; /* space-separated criteria ids, "" none */
	size_t soc2_count;           /* statements with candidate SOC 2 evidence */
	long long ladder;            /* ladder group (the first run's id); 0 none */
	struct hta_run_ladder *ladder_rows;
	size_t n_ladder;
	struct hta_run_answer *answers;
	size_t n_answers;
	struct hta_run_trend *trend; /* oldest first, this run last; from the store */
	size_t n_trend;
};

#endif
