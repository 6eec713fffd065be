/*
 * report_csv.c — the CSV report: RFC 4180 (comma-separated, CRLF line
 * ends, fields quoted when they hold a comma, quote, CR or LF; quotes
 * doubled), a header row, then one row per in-scope requirement statement
 * in catalog order. Columns are documented in docs/report-formats.md.
 *
 * The file is meant to be opened in a spreadsheet, so it must not be a way
 * to run formulas: any cell whose text starts with = + - @ TAB or CR (the
 * characters spreadsheets treat as the start of a formula or that hide
 * one) gets a leading single quote, as OWASP's "CSV injection" advice
 * says. Numbers written by the tool never start with those characters, so
 * only user text (owners, reasons, titles, paths) is ever changed.
 */
#include "report_int.h"

#include "hta/date.h"
#include "hta/scope.h"

#include <stdio.h>
#include <string.h>

static void cell(struct hta_buf *b, const char *s, bool last)
{
	if (!s)
		s = "";
	bool quote = strpbrk(s, ",\"\r\n") != NULL;
	bool formula = s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' ||
		       s[0] == '\r';
	if (quote)
		hta_buf_add(b, "\"", 1);
	if (formula)
		hta_buf_add(b, "'", 1);
	for (const char *p = s; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (*p == '"')
			hta_buf_add(b, "\"\"", 2);
		else if ((c < 0x20 && c != '\t' && c != '\r' && c != '\n') || c == 0x7f)
			hta_buf_puts(b, "\xEF\xBF\xBD"); /* a terminal escape: U+FFFD */
		else
			hta_buf_add(b, p, 1);
	}
	if (quote)
		hta_buf_add(b, "\"", 1);
	hta_buf_puts(b, last ? "\r\n" : ",");
}

static void cell_num(struct hta_buf *b, bool present, double x)
{
	char s[32] = "";
	if (present)
		hta_fmt2(s, x);
	cell(b, s, false);
}

static void cell_int(struct hta_buf *b, bool present, long long v)
{
	char s[32] = "";
	if (present)
		snprintf(s, sizeof(s), "%lld", v);
	cell(b, s, false);
}

static const char *const columns[] = {
	"requirement_id", "domain", "pool", "control_ref", "title", "status", "score", "ceiling",
	"policy", "procedure", "implemented", "measured", "managed", "gap", "cap_required",
	"blocker", "waived", "rank", "points_lost", "effort", "owner", "manifest", "manifest_line",
	"findings", "not_applicable_reason", "inherited_provider", "inherited_weight",
	"waiver_reason", "waiver_expires", "gap_reason",
};

void hta_render_csv(const struct hta_run *run, struct hta_buf *b)
{
	size_t nc = sizeof(columns) / sizeof(columns[0]);
	for (size_t i = 0; i < nc; i++)
		cell(b, columns[i], i + 1 == nc);
	struct hta_buf codes = HTA_BUF_INIT;
	for (size_t i = 0; i < run->n_reqs; i++) {
		const struct hta_run_req *r = &run->reqs[i];
		char dom[8], date[11] = "";
		snprintf(dom, sizeof(dom), "%02d", r->domain);
		bool na = r->status == HTA_ST_NA;
		cell(b, r->id, false);
		cell(b, dom, false);
		cell(b, hta_pool_name(r->pool), false);
		cell(b, r->control, false);
		cell(b, r->title, false);
		cell(b, hta_status_name(r->status), false);
		cell_num(b, !na, r->score);
		cell_num(b, !na, r->ceiling);
		for (int l = 0; l < HTA_LEVEL_COUNT; l++)
			cell_num(b, (r->scored >> l) & 1, r->level[l]);
		cell_int(b, true, r->gap);
		cell_int(b, true, r->cap);
		cell_int(b, true, r->blocker);
		cell_int(b, true, r->waived);
		cell_int(b, r->gap, r->rank);
		cell_num(b, r->gap, r->points_lost);
		cell_int(b, true, r->effort);
		cell(b, r->owner, false);
		cell(b, r->manifest, false);
		cell_int(b, r->manifest && r->manifest_line, r->manifest_line);
		codes.len = 0;
		if (codes.s)
			codes.s[0] = 0;
		hta_req_finding_codes(run, r->id, " ", &codes);
		cell(b, codes.failed ? NULL : codes.s, false);
		cell(b, r->na_reason, false);
		cell(b, r->provider, false);
		cell_int(b, r->provider != NULL, r->inherited_weight);
		cell(b, r->waiver_reason, false);
		if (r->waiver_reason)
			hta_date_format(r->waiver_expires, date);
		cell(b, date, false);
		cell(b, r->gap ? r->reason : NULL, true);
	}
	if (codes.failed)
		b->failed = 1;
	hta_buf_free(&codes);
}
