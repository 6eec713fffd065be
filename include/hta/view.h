/*
 * view.h — what a reader of a run looks at first: the statements a person
 * has worked on, apart from the ones nobody has touched yet, and filters
 * over a run by pool, owner and gap status (`--domain`, `--owner`,
 * `--status`, `--top`). The text summary and the SARIF report draw from
 * it; the CLI only parses the options.
 *
 * A statement is **unevidenced** ("nobody has touched it") when the run
 * shows nothing a person gave for it: it has no manifest (status
 * no_evidence), or only manifests that claim nothing — no owner, not
 * applicable, inheritance or waiver, every scored level 0 and no evidence
 * finding (an `init` skeleton). Everything else in scope is **evidenced**.
 * The test needs the run alone, so a stored run gives the same answer.
 */
#ifndef HTA_VIEW_H
#define HTA_VIEW_H

#include "hta/run.h"

/* Gap statuses a view can select (`--status`), one bit each; the names
 * are run.h's gap statuses (hta_gap_status_name). */
enum hta_view_status {
	HTA_VS_GAP = 1 << HTA_GS_GAP,                 /* a gap, not waived */
	HTA_VS_CAP = 1 << HTA_GS_CAP,                 /* a gap that needs a CAP, not waived */
	HTA_VS_BLOCKER = 1 << HTA_GS_BLOCKER,         /* a gap in a failing domain or pool */
	HTA_VS_WAIVED = 1 << HTA_GS_WAIVED,           /* a gap under an unexpired waiver */
	HTA_VS_NO_EVIDENCE = 1 << HTA_GS_NO_EVIDENCE  /* an unevidenced statement */
};

/* The names, comma-separated, for usage and error messages. */
#define HTA_VIEW_STATUS_NAMES HTA_GAP_STATUS_CHOICES

/*
 * Parse a comma-separated list of status names into bits. Returns the
 * bits (> 0), or -1 with `err` naming the first unknown word.
 */
int hta_view_status_parse(const char *list, struct hta_err *err);

/*
 * Parse a pool name for `--domain`: "1".."19" or "01".."19" (written back
 * as the two-digit key into key[3..]), "ai-security", "ai-risk" or
 * "compliance". Returns 0, or HTA_EINVAL with a message.
 */
int hta_view_domain_parse(const char *s, char key[16], struct hta_err *err);

struct hta_view_opts {
	int top;              /* list at most this many statements; 0: the default (10) */
	const char *domain;   /* a pool key ("01", "ai-security", ...); NULL: every pool */
	const char *owner;    /* the statement's owner, compared case-insensitively; NULL: any */
	unsigned status;      /* HTA_VS_* bits; 0: every gap */
};

#define HTA_VIEW_OPTS_INIT { 0, NULL, NULL, 0 }

/* True when some filter is set (domain, owner or status). */
bool hta_view_filtered(const struct hta_view_opts *o);

/* One pool's unevidenced statements (struct hta_view.pools). */
struct hta_view_pool {
	const char *key;             /* "01".."19", "ai-security", "ai-risk", "compliance" */
	const char *name;
	size_t total;                /* in scope, N/A included */
	size_t *reqs;                /* indices into run->reqs, catalog order */
	size_t n;
	bool cap, blocker;           /* some of them needs a CAP / is a blocker */
};

/*
 * A view of a run. Owns its arrays; the run must outlive it.
 */
struct hta_view {
	struct hta_arena arena;
	bool *unevidenced;           /* [run->n_reqs] */
	bool *selected;              /* [run->n_reqs]: passes domain and owner */
	/* Gaps of evidenced, selected statements whose status matches (all
	 * gaps without --status), in rank order: indices into run->reqs. */
	size_t *gaps;
	size_t n_gaps;
	/* Unevidenced, selected statements whose gap matches the status (all
	 * of them without --status; none with a --status lacking
	 * no-evidence), in catalog order. */
	size_t *idle;
	size_t n_idle;
	/* The same, per pool in report order (domains 01..19, AI Security, AI
	 * Risk Management, compliance factors); pools without any left out. */
	struct hta_view_pool *pools;
	size_t n_pools;
	/* Findings about selected statements, and about no statement when no
	 * domain or owner is set; no-evidence findings left out (the idle
	 * statements stand for them). Indices into run->findings. */
	size_t *findings;
	size_t n_findings;
};

/*
 * Build the view of `run` under `o` (NULL: no filter). Returns 0 or
 * HTA_ENOMEM. Free with hta_view_free() in either case.
 */
int hta_view_build(struct hta_view *v, const struct hta_run *run,
		   const struct hta_view_opts *o, struct hta_err *err);

void hta_view_free(struct hta_view *v);

#endif
