/*
 * workbook_out.c — the workbook's writers: CSV (RFC 4180, UTF-8, CRLF,
 * formula-guarded) and XLSX through libxlsxwriter (a frozen header and id
 * column, an autofilter, drop-down lists for ratings, yes/no and the
 * scope's providers, number and date validation, wrapped text, read-only
 * columns shaded, the content hash in a hidden column, and an "About"
 * sheet saying what the workbook is and how to bring it back).
 */
#include "workbook_int.h"

#include "hta/date.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <xlsxwriter.h>

#define NOMEM(err) hta_err_set((err), HTA_ENOMEM, "out of memory")

/* ---- CSV ---- */

static void fmt_number(char *out, size_t n, double v)
{
	/* coverage (two decimals at most) and weight: shortest exact form */
	long long h = llround(v * 100);
	if (h % 100 == 0)
		snprintf(out, n, "%lld", h / 100);
	else if (h % 10 == 0)
		snprintf(out, n, "%lld.%lld", h / 100, (h % 100) / 10);
	else
		snprintf(out, n, "%lld.%02lld", h / 100, h % 100);
}

int wb_write_csv(const struct wb_export *x, struct hta_buf *out, struct hta_err *err)
{
	struct hta_buf cell = HTA_BUF_INIT;
	struct wb_val v;
	char tmp[32];
	for (size_t c = 0; c < wb_ncols; c++) {
		if (c)
			hta_buf_add(out, ",", 1);
		hta_csv_field(out, wb_cols[c].name, true);
	}
	hta_buf_add(out, "\r\n", 2);
	for (size_t r = 0; r < x->n; r++) {
		for (size_t c = 0; c < wb_ncols; c++) {
			if (c)
				hta_buf_add(out, ",", 1);
			wb_cell(x, r, c, &cell, &v);
			switch (v.kind) {
			case V_EMPTY: break;
			case V_TEXT: hta_csv_field(out, v.s, true); break;
			case V_NUMBER:
				fmt_number(tmp, sizeof(tmp), v.num);
				hta_buf_puts(out, tmp);
				break;
			case V_DATE:
				hta_date_format(v.days, tmp);
				hta_buf_puts(out, tmp);
				break;
			}
		}
		hta_buf_add(out, "\r\n", 2);
	}
	int failed = out->failed || cell.failed;
	hta_buf_free(&cell);
	return failed ? NOMEM(err) : 0;
}

/* ---- XLSX ---- */

/*
 * Is "_xH_" .. "_xHHHH_" at s? "_xHHHH_" is the OOXML escape every reader
 * undoes; LibreOffice also takes a shorter one ("_x11_" in the XCCDF rule
 * id ..._sshd_enable_x11_forwarding) for a control character, so those are
 * escaped too: "_x005F_" always reads back as one underscore.
 */
static bool x_escape_at(const char *s)
{
	if (s[0] != '_' || s[1] != 'x')
		return false;
	int i = 2;
	while (i < 6 && ((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f') ||
			 (s[i] >= 'A' && s[i] <= 'F')))
		i++;
	return i > 2 && s[i] == '_';
}

/*
 * The text as the cell must hold it: an underscore that starts something
 * a reader would take for an _xHHHH_ escape is itself escaped (_x005F_),
 * so the text reads back as written. NULL: use `s` as it is.
 */
static const char *x_escape(const char *s, struct hta_buf *b)
{
	const char *p = strstr(s, "_x");
	while (p && !x_escape_at(p))
		p = strstr(p + 1, "_x");
	if (!p)
		return NULL;
	b->len = 0;
	for (const char *q = s; *q; q++) {
		if (x_escape_at(q))
			hta_buf_puts(b, "_x005F"); /* with the '_' below: "_x005F_" */
		hta_buf_add(b, q, 1);
	}
	hta_buf_add(b, "", 1);
	return b->failed ? NULL : b->s;
}

static lxw_datetime lxw_date(int days)
{
	char d[11];
	hta_date_format(days, d);
	lxw_datetime t = { 0 };
	t.year = (uint16_t)((d[0] - '0') * 1000 + (d[1] - '0') * 100 + (d[2] - '0') * 10 + (d[3] - '0'));
	t.month = (d[5] - '0') * 10 + (d[6] - '0');
	t.day = (d[8] - '0') * 10 + (d[9] - '0');
	return t;
}

struct xfmt {
	lxw_format *header, *text, *wrap, *ro, *ro_wrap, *date, *number;
};

static void add_formats(lxw_workbook *wb, struct xfmt *f)
{
	f->header = workbook_add_format(wb);
	format_set_bold(f->header);
	format_set_text_wrap(f->header);
	format_set_align(f->header, LXW_ALIGN_VERTICAL_TOP);
	format_set_bg_color(f->header, 0xDDEBF7);
	format_set_bottom(f->header, LXW_BORDER_THIN);
	f->text = workbook_add_format(wb);
	format_set_align(f->text, LXW_ALIGN_VERTICAL_TOP);
	format_set_num_format(f->text, "@");
	f->wrap = workbook_add_format(wb);
	format_set_text_wrap(f->wrap);
	format_set_align(f->wrap, LXW_ALIGN_VERTICAL_TOP);
	format_set_num_format(f->wrap, "@");
	f->ro = workbook_add_format(wb);
	format_set_align(f->ro, LXW_ALIGN_VERTICAL_TOP);
	format_set_bg_color(f->ro, 0xF2F2F2);
	format_set_num_format(f->ro, "@");
	f->ro_wrap = workbook_add_format(wb);
	format_set_text_wrap(f->ro_wrap);
	format_set_align(f->ro_wrap, LXW_ALIGN_VERTICAL_TOP);
	format_set_bg_color(f->ro_wrap, 0xF2F2F2);
	format_set_num_format(f->ro_wrap, "@");
	f->date = workbook_add_format(wb);
	format_set_num_format(f->date, "yyyy-mm-dd");
	format_set_align(f->date, LXW_ALIGN_VERTICAL_TOP);
	f->number = workbook_add_format(wb);
	format_set_num_format(f->number, "0.##");
	format_set_align(f->number, LXW_ALIGN_VERTICAL_TOP);
}

/* The format of column `c`'s cells. */
static lxw_format *col_format(const struct xfmt *f, size_t c)
{
	switch (wb_cols[c].kind) {
	case K_ID: case K_MANIFEST: case K_HASH: return f->ro;
	case K_INFO: return wb_cols[c].info == I_TITLE || wb_cols[c].info == I_TEXT ? f->ro_wrap : f->ro;
	case K_EXAMPLE: return f->ro_wrap;
	case K_NA_REASON: case K_ARTIFACTS: case K_DOCUMENTS: case K_NOTES: return f->wrap;
	case K_DATE: case K_EFFECTIVE: return f->date;
	case K_WEIGHT: case K_COVERAGE: return f->number;
	default: return f->text;
	}
}

/* Drop-down lists and number/date checks over the data rows of column c. */
static lxw_error validate(lxw_worksheet *ws, const struct wb_export *x, size_t c,
			  char **providers)
{
	static char *ratings[] = { "FC", "MC", "PC", "SC", "NC", NULL };
	static char *yesno[] = { "yes", "no", NULL };
	lxw_data_validation dv;
	memset(&dv, 0, sizeof(dv));
	dv.error_type = LXW_VALIDATION_ERROR_TYPE_STOP;
	switch (wb_cols[c].kind) {
	case K_RATING:
		dv.validate = LXW_VALIDATION_TYPE_LIST;
		dv.value_list = ratings;
		dv.error_message = "FC, MC, PC, SC or NC (or leave it empty and give a coverage)";
		break;
	case K_NA:
		dv.validate = LXW_VALIDATION_TYPE_LIST;
		dv.value_list = yesno;
		dv.error_message = "yes or no; yes needs an N/A reason";
		break;
	case K_PROVIDER:
		if (!providers || !providers[0])
			return LXW_NO_ERROR;
		dv.validate = LXW_VALIDATION_TYPE_LIST;
		dv.value_list = providers;
		dv.error_message = "a provider declared in scope.yaml";
		break;
	case K_COVERAGE:
		dv.validate = LXW_VALIDATION_TYPE_DECIMAL;
		dv.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
		dv.minimum_number = 0;
		dv.maximum_number = 100;
		dv.error_message = "a percent from 0 to 100 (two decimals at most)";
		break;
	case K_WEIGHT:
		dv.validate = LXW_VALIDATION_TYPE_INTEGER;
		dv.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
		dv.minimum_number = 0;
		dv.maximum_number = 100;
		dv.error_message = "a whole percent from 0 to 100";
		break;
	case K_DATE:
	case K_EFFECTIVE:
		dv.validate = LXW_VALIDATION_TYPE_DATE;
		dv.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
		dv.minimum_datetime = (lxw_datetime){ 1900, 1, 1, 0, 0, 0 };
		dv.maximum_datetime = (lxw_datetime){ 9999, 12, 31, 0, 0, 0 };
		dv.error_message = "a date (YYYY-MM-DD)";
		break;
	default:
		return LXW_NO_ERROR;
	}
	return worksheet_data_validation_range(ws, 1, (lxw_col_t)c, (lxw_row_t)x->n,
					       (lxw_col_t)c, &dv);
}

/* Write one data cell; long text is an error Excel would give too. */
static lxw_error put_cell(lxw_worksheet *ws, size_t r, size_t c, const struct wb_val *v,
			  lxw_format *fmt, struct hta_buf *esc)
{
	lxw_datetime dt;
	const char *s;
	switch (v->kind) {
	case V_EMPTY: return LXW_NO_ERROR;
	case V_NUMBER: return worksheet_write_number(ws, (lxw_row_t)r, (lxw_col_t)c, v->num, fmt);
	case V_DATE:
		dt = lxw_date(v->days);
		return worksheet_write_datetime(ws, (lxw_row_t)r, (lxw_col_t)c, &dt, fmt);
	case V_TEXT:
		s = x_escape(v->s, esc);
		return worksheet_write_string(ws, (lxw_row_t)r, (lxw_col_t)c, s ? s : v->s, fmt);
	}
	return LXW_NO_ERROR;
}

static lxw_error about_sheet(lxw_workbook *wb, const struct wb_export *x, const struct xfmt *f)
{
	lxw_worksheet *ws = workbook_add_worksheet(wb, "About");
	if (!ws)
		return LXW_ERROR_MEMORY_MALLOC_FAILED;
	char when[32], buf[600];
	time_t g = (time_t)x->generated;
	struct tm tm;
	gmtime_r(&g, &tm);
	strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S UTC", &tm);
	snprintf(buf, sizeof(buf), "%s%s%s", hta_tier_name((enum hta_tier)x->tier),
		 x->addons & HTA_WITH_AI_SECURITY ? " + ai-security" : "",
		 x->addons & HTA_WITH_AI_RISK ? " + ai-risk" : "");
	const char *rows[][2] = {
		{ "What", "hitrust-assess evidence workbook: one row per statement in scope" },
		{ "Evidence root", x->tree->root },
		{ "Scope", buf },
		{ "Catalog", x->cat->version },
		{ "Exported", when },
		{ "Edit", "the white columns of the Statements sheet; shaded columns are read-only "
			  "and ignored on import. Lists (artifacts, documents) take one item per line "
			  "or items separated by ';'." },
		{ "Import", "hitrust-assess import workbook FILE --into EVIDENCE_DIR "
			    "[--dry-run] [--force]" },
		{ "Conflicts", "the hidden column 'manifest sha256' holds each statement's manifest "
			       "hash at export; a manifest changed on disk since then is not "
			       "overwritten unless --force is given" },
		{ "Format", "docs/workbook.md and hitrust-assess(1)" },
	};
	worksheet_set_column(ws, 0, 0, 16, f->header);
	worksheet_set_column(ws, 1, 1, 100, f->wrap);
	lxw_error e = LXW_NO_ERROR;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]) && !e; i++) {
		e = worksheet_write_string(ws, (lxw_row_t)i, 0, rows[i][0], f->header);
		if (!e)
			e = worksheet_write_string(ws, (lxw_row_t)i, 1, rows[i][1] ? rows[i][1] : "",
						   f->wrap);
	}
	return e;
}

/*
 * The workbook. One sheet, "Statements", with a domain column rather than
 * a sheet per domain: one filter and one sort cover every statement, and
 * the import reads one table (docs/workbook.md says why).
 */
int wb_write_xlsx(const struct wb_export *x, const char *path, struct hta_err *err)
{
	lxw_workbook_options wo = { .constant_memory = 0, .tmpdir = NULL, .use_zip64 = 0 };
	lxw_workbook *wb = workbook_new_opt(path, &wo);
	struct hta_buf cell = HTA_BUF_INIT, esc = HTA_BUF_INIT;
	struct xfmt f;
	struct wb_val v;
	char **providers = NULL;
	lxw_error e = LXW_NO_ERROR;
	if (!wb)
		return hta_err_set(err, HTA_EIO, "cannot create '%s'", path);
	lxw_doc_properties props = { .title = "hitrust-assess evidence workbook",
				     .created = (time_t)x->generated };
	workbook_set_properties(wb, &props);
	add_formats(wb, &f);
	lxw_worksheet *ws = workbook_add_worksheet(wb, HTA_WB_SHEET);
	if (!ws) {
		e = LXW_ERROR_MEMORY_MALLOC_FAILED;
		goto close;
	}
	size_t np = x->tree->sc.n_providers;
	if (!(providers = hta_calloc(np + 1, sizeof(*providers)))) {
		e = LXW_ERROR_MEMORY_MALLOC_FAILED;
		goto close;
	}
	size_t plen = 0;
	for (size_t i = 0; i < np; i++) {
		providers[i] = (char *)x->tree->sc.providers[i].name;
		plen += strlen(providers[i]) + 1;
	}
	if (plen > 255) /* Excel's limit for a literal list */
		providers[0] = NULL;
	for (size_t c = 0; c < wb_ncols && !e; c++) {
		lxw_row_col_options hide = { .hidden = 1 };
		e = worksheet_set_column_opt(ws, (lxw_col_t)c, (lxw_col_t)c, wb_cols[c].width,
					     col_format(&f, c),
					     wb_cols[c].kind == K_HASH ? &hide : NULL);
		if (!e)
			e = worksheet_write_string(ws, 0, (lxw_col_t)c, wb_cols[c].name, f.header);
	}
	for (size_t r = 0; r < x->n && !e; r++)
		for (size_t c = 0; c < wb_ncols && !e; c++) {
			wb_cell(x, r, c, &cell, &v);
			if (cell.failed || esc.failed) {
				e = LXW_ERROR_MEMORY_MALLOC_FAILED;
				break;
			}
			e = put_cell(ws, r + 1, c, &v, col_format(&f, c), &esc);
		}
	for (size_t c = 0; c < wb_ncols && !e && x->n; c++)
		e = validate(ws, x, c, providers);
	if (!e)
		worksheet_freeze_panes(ws, 1, 1);
	if (!e)
		e = worksheet_autofilter(ws, 0, 0, (lxw_row_t)x->n, (lxw_col_t)(wb_ncols - 1));
	if (!e)
		e = about_sheet(wb, x, &f);
close:;
	lxw_error ce = workbook_close(wb);
	hta_free(providers);
	hta_buf_free(&cell);
	hta_buf_free(&esc);
	if (e == LXW_ERROR_MEMORY_MALLOC_FAILED)
		return NOMEM(err);
	if (e || ce)
		return hta_err_set(err, HTA_EIO, "cannot write the workbook '%s': %s", path,
				   lxw_strerror(e ? e : ce));
	return 0;
}
