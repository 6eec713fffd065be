/*
 * gate.h — which gates can fail a run, and which did (contract 1 and 8.4).
 *
 * One decision, used by every command that exits 1 on a gate: the gates
 * named by --gate LIST, or without it `domains` plus each gate whose
 * option is given (--fail-on-new, --max-gaps, --max-caps, --min-score).
 * Waived gaps and CAPs are out of the counts; a waived gap is never new.
 */
#ifndef HTA_GATE_H
#define HTA_GATE_H

#include "hta/diff.h"
#include "hta/run.h"

struct hta_gate_opts {
	bool listed;        /* --gate given: `gates` names the gates that can fail */
	unsigned gates;     /* bit (1u << enum hta_gate), when listed */
	long max_gaps;      /* -1: not given (with --gate gaps: 0) */
	long max_caps;      /* -1: not given (with --gate caps: 0) */
	double min_score;   /* < 0: not given (--gate score needs it) */
	bool fail_on_new;   /* --fail-on-new: the `new` gate */
};

#define HTA_GATE_OPTS_INIT { false, 0, -1, -1, -1.0, false }

/*
 * Parse "--gate LIST" (comma-separated gate names, hta_gate_choices()):
 * sets o->listed and o->gates. An unknown or empty name is HTA_EINVAL.
 */
int hta_gate_list_parse(struct hta_gate_opts *o, const char *list, struct hta_err *err);

/*
 * The gates that can fail the run under `o` (bit per enum hta_gate).
 * HTA_EINVAL when a listed gate lacks what it needs (`score` without
 * --min-score).
 */
int hta_gates_active(const struct hta_gate_opts *o, unsigned *active, struct hta_err *err);

/* Whether the `new` gate is active, i.e. the run must be compared. */
bool hta_gates_need_diff(const struct hta_gate_opts *o);

/* The outcome: which gates are active, which failed, and why. */
struct hta_gate_verdict {
	unsigned active, failed;              /* bit per enum hta_gate */
	char why[HTA_GATE_COUNT][160];        /* a line per failed gate (domains: the
					       * failing domains, for a log with no
					       * text summary) */
	unsigned ignored;                     /* options given whose gate is not listed */
};

/*
 * Decide the gates of `run`. `d` is its comparison with the previous gap
 * set, or NULL when there is none (then nothing is new). Returns 0 or
 * HTA_EINVAL (see hta_gates_active).
 */
int hta_gates_decide(const struct hta_run *run, const struct hta_gate_opts *o,
		     const struct hta_diff *d, struct hta_gate_verdict *v, struct hta_err *err);

#endif
