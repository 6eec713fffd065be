/*
 * report_int.h — what the report renderers share inside the library: the
 * renderer entry points called by hta_report_render(), escapers for the
 * markup and data formats, a small streaming JSON writer, and name-based
 * (version 5) UUIDs. Not installed; nothing outside src/lib includes it.
 *
 * Every renderer reads a struct hta_run only, ignores the text options,
 * and appends to a struct hta_buf; an allocation failure shows as
 * b->failed, which hta_report_render() turns into HTA_ENOMEM. Because the
 * output depends on the run alone, `report --db` re-renders a stored run
 * byte for byte as `assess -o` wrote it.
 */
#ifndef HTA_REPORT_INT_H
#define HTA_REPORT_INT_H

#include "hta/report.h"

/* ---- renderers (one file each) ---- */

/* report_html.c; `summary`: the short version (--summary). */
void hta_render_html(const struct hta_run *run, bool summary, struct hta_buf *b);
void hta_render_md(const struct hta_run *run, struct hta_buf *b);      /* report_md.c */
void hta_render_csv(const struct hta_run *run, struct hta_buf *b);     /* report_csv.c */
void hta_render_junit(const struct hta_run *run, struct hta_buf *b);   /* report_junit.c */
void hta_render_sarif(const struct hta_run *run, struct hta_buf *b);   /* report_sarif.c */
/* OSCAL assessment-results (poam false) or POA&M (poam true); report_oscal.c. */
int hta_render_oscal(const struct hta_run *run, bool poam, struct hta_buf *b,
		     struct hta_err *err);

/* ---- the readiness deliverable's sections (report_deliver.c) ---- */

struct cJSON;
void hta_deliver_text(const struct hta_run *run, struct hta_buf *b);  /* brief */
void hta_deliver_json(const struct hta_run *run, struct cJSON *root);
void hta_deliver_md(const struct hta_run *run, struct hta_buf *b);

/* The HTML report's deliverable parts (report_html_deliver.c). */
#define HTA_HTML_SUMMARY_GAPS 12          /* gaps listed by --summary */
extern const char hta_html_css_extra[], hta_html_css_summary[];
void hta_html_exec(struct hta_buf *b, const struct hta_run *run);     /* on the cover */
void hta_html_tools(struct hta_buf *b);                                /* search/filter */
void hta_html_owners(struct hta_buf *b, const struct hta_run *run);   /* gaps by owner */
void hta_html_sections(struct hta_buf *b, const struct hta_run *run, bool summary);
const char *hta_html_script(void);
/* The script's SHA-256, base64 (44 characters), for the CSP; 0 or -1. */
int hta_html_script_hash(char out[64]);

/* Append `s` for a terminal (control characters as \n, \xNN; report.c). */
void hta_esc_text(struct hta_buf *b, const char *s);
/* Append `s` escaped for Markdown (report_md.c). */
void hta_esc_md(struct hta_buf *b, const char *s);

/* ---- text helpers (report_util.c) ---- */

/*
 * Decode one UTF-8 character at *s and advance past it. Returns the code
 * point, or -1 for a byte that does not start a valid, shortest-form
 * sequence (then *s advances by one byte). Never reads past the NUL.
 */
long hta_utf8_next(const char **s);

/*
 * Append `s` escaped for XML and HTML text and attribute values: & < > " '
 * become entities; characters XML 1.0 forbids (C0 controls other than
 * tab, LF and CR, and invalid UTF-8) become U+FFFD. NULL appends nothing.
 */
void hta_esc_xml(struct hta_buf *b, const char *s);

/*
 * Append `s` as a JSON string literal (with the quotes); control
 * characters are \u-escaped and invalid UTF-8 becomes U+FFFD. NULL
 * appends `null`.
 */
void hta_esc_json(struct hta_buf *b, const char *s);

/* "%.2f" of x into out (scores are shown with two decimals). */
void hta_fmt2(char out[32], double x);

/* The findings of requirement `id`, as "code code ..." appended to b. */
void hta_req_finding_codes(const struct hta_run *run, const char *id, const char *sep,
			   struct hta_buf *b);

/* ---- a streaming, pretty-printing JSON writer ---- */

#define HTA_JW_MAX_DEPTH 32

struct hta_jw {
	struct hta_buf *b;
	int depth;
	bool nonempty[HTA_JW_MAX_DEPTH]; /* an item was written at this depth */
};

/* Start writing into `b`. */
void hta_jw_init(struct hta_jw *w, struct hta_buf *b);

/*
 * Open an object ('{') or array ('['), as member `key` of the enclosing
 * object, or as an array element when `key` is NULL. Close with the
 * matching character. Too deep a nesting marks the buffer failed.
 */
void hta_jw_open(struct hta_jw *w, const char *key, char c);
void hta_jw_close(struct hta_jw *w, char c);

/* Members/elements: a string (NULL writes null), an integer, a score with
 * two decimals, a boolean. */
void hta_jw_str(struct hta_jw *w, const char *key, const char *s);
void hta_jw_int(struct hta_jw *w, const char *key, long long v);
void hta_jw_num2(struct hta_jw *w, const char *key, double x);
void hta_jw_bool(struct hta_jw *w, const char *key, bool v);

/* End the document with a newline. */
void hta_jw_end(struct hta_jw *w);

/* ---- UUIDs ---- */

/*
 * A version 5 (SHA-1, name-based) UUID, RFC 4122 section 4.3, in the
 * project's namespace, for the name `a` NUL `b` NUL `c` (any may be NULL,
 * taken as ""). The same names always give the same UUID, so re-rendering
 * a stored run gives the same document. Writes 36 characters and a NUL;
 * returns 0, or -1 when libcrypto fails.
 */
int hta_uuid5(char out[37], const char *a, const char *b, const char *c);

/* A deliverable date as YYYY-MM-DD in `out`, or "never" for -1. */
const char *hta_dl_day(int d, char out[11]);

/* A domain or pool with a verdict that fails: what the deliverable is about. */
bool hta_dl_failing(const struct hta_run_pool *po);

#endif
