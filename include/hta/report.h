/*
 * report.h — render a run (struct hta_run) into a buffer in one of the
 * report formats. Renderers only read the run, so a stored run renders
 * exactly as it did when it was assessed. The library writes into a
 * buffer; the CLI decides where it goes.
 */
#ifndef HTA_REPORT_H
#define HTA_REPORT_H

#include "hta/catalog.h"
#include "hta/run.h"
#include "hta/view.h"

enum hta_format {
	HTA_FMT_TEXT = 0,
	HTA_FMT_JSON,
	HTA_FMT_HTML,        /* self-contained readiness report (report_html.c) */
	HTA_FMT_MD,          /* GitHub-flavoured Markdown summary */
	HTA_FMT_CSV,         /* RFC 4180, one row per in-scope statement */
	HTA_FMT_JUNIT,       /* JUnit XML, a testcase per statement */
	HTA_FMT_SARIF,       /* SARIF 2.1.0, a result per finding and per gap */
	HTA_FMT_OSCAL_AR,    /* OSCAL 1.1.3 assessment-results (JSON) */
	HTA_FMT_OSCAL_POAM,  /* OSCAL 1.1.3 plan-of-action-and-milestones (JSON) */
	HTA_FMT_BASELINE,    /* the gap list for --baseline (docs/baseline.md; diff.c) */
	HTA_FMT_COUNT
};

/* The format names, comma-separated, for usage and error messages. */
#define HTA_FORMAT_NAMES "text, json, html, md, csv, junit, sarif, oscal-ar, oscal-poam, baseline"

/* Parse a format name (see HTA_FORMAT_NAMES; "markdown" is md); -1 if unknown. */
int hta_format_parse(const char *s);
const char *hta_format_name(enum hta_format f);

struct hta_report_opts {
	bool color;          /* ANSI colour (text only) */
	int top;             /* gaps listed in text (0: 10); view.top wins when set */
	int max_findings;    /* findings listed in text (0: 20; <0: all) */
	const char *db_path; /* named in the text summary, may be NULL */
	bool summary;        /* html: the short version (docs/deliverable.md) */
	/* What the text summary lists (hta/view.h): --top, --domain, --owner,
	 * --status. The other formats carry the whole run. */
	struct hta_view_opts view;
};

#define HTA_REPORT_OPTS_INIT { false, 0, 0, NULL, false, HTA_VIEW_OPTS_INIT }

/*
 * Render `run` as `fmt` into `out`. The output depends on the run alone
 * (and, for text, on `opts`), so a run loaded back from the store renders
 * byte for byte as it did when assessed; docs/report-formats.md describes
 * every format. Returns 0, HTA_ENOMEM, or HTA_EINVAL when an OSCAL UUID
 * cannot be computed (libcrypto failed).
 */
int hta_report_render(const struct hta_run *run, enum hta_format fmt,
		      const struct hta_report_opts *opts, struct hta_buf *out,
		      struct hta_err *err);

/*
 * Write catalog `cat` as an OSCAL 1.1.3 catalog (JSON) into `out`: a group
 * per domain and add-on, a control per requirement statement (id "hta-"
 * + the statement id), its statement, illustrative evidence, scoping and
 * mappings as parts and props. `last_modified` (seconds since the epoch,
 * UTC) is the metadata timestamp; everything else depends on the catalog
 * alone. Returns 0, HTA_ENOMEM, or HTA_EINVAL when a UUID cannot be made or
 * `last_modified` is not a time from 1900-01-01 to 9999-12-31.
 */
int hta_catalog_oscal(const struct hta_catalog *cat, long long last_modified,
		      struct hta_buf *out, struct hta_err *err);

/* The JSON report's schema id, bumped on any incompatible change. */
#define HTA_JSON_SCHEMA "hitrust-assess/report/v2"

#endif
