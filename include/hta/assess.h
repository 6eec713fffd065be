/*
 * assess.h — one whole assessment: scope, evidence, scoring and planning
 * over a loaded catalog, producing a self-contained struct hta_run.
 */
#ifndef HTA_ASSESS_H
#define HTA_ASSESS_H

#include "hta/catalog.h"
#include "hta/run.h"
#include "hta/scope.h"

struct hta_assess_opts {
	const char *evidence_root;
	const char *scope_path;   /* NULL: <root>/scope.yaml when present */
	int tier;                 /* -1: the scope's tier */
	unsigned addons;          /* HTA_WITH_* */
	int as_of;                /* days; -1: the scope's, else today */
	int measured_managed;     /* -1: the scope's; 0/1 override */
};

#define HTA_ASSESS_OPTS_INIT { NULL, NULL, -1, 0, -1, -1 }

/*
 * Run the assessment. On success `run` is filled (free with hta_run_free);
 * on failure it is empty and `err` names the file and line at fault.
 */
int hta_assess(const struct hta_catalog *cat, const struct hta_assess_opts *opts,
	       struct hta_run *run, struct hta_err *err);

#endif
