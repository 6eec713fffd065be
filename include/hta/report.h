/*
 * report.h — render a run (struct hta_run) into a buffer in one of the
 * report formats. Renderers only read the run, so a stored run renders
 * exactly as it did when it was assessed. The library writes into a
 * buffer; the CLI decides where it goes.
 */
#ifndef HTA_REPORT_H
#define HTA_REPORT_H

#include "hta/run.h"

enum hta_format {
	HTA_FMT_TEXT = 0,
	HTA_FMT_JSON,
	HTA_FMT_COUNT
};

/* Parse a format name ("text", "json"); -1 if unknown. */
int hta_format_parse(const char *s);
const char *hta_format_name(enum hta_format f);

struct hta_report_opts {
	bool color;          /* ANSI colour (text only) */
	int top;             /* gaps listed in text (0: 10) */
	int max_findings;    /* findings listed in text (0: 20; <0: all) */
	const char *db_path; /* named in the text summary, may be NULL */
};

#define HTA_REPORT_OPTS_INIT { false, 0, 0, NULL }

/* Render `run` as `fmt` into `out`. Returns 0 or HTA_ENOMEM. */
int hta_report_render(const struct hta_run *run, enum hta_format fmt,
		      const struct hta_report_opts *opts, struct hta_buf *out,
		      struct hta_err *err);

/* The JSON report's schema id, bumped on any incompatible change. */
#define HTA_JSON_SCHEMA "hitrust-assess/report/v1"

#endif
