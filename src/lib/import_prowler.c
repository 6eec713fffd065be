/*
 * import_prowler.c — Prowler's two result formats.
 *
 * prowler-ocsf: a JSON array of OCSF Detection Findings, read with yajl's
 * callbacks (import_json.c). Per finding: the check `metadata.event_code`,
 * `status_code` PASS/FAIL/MANUAL, muted when `muted` (or `unmapped.muted`)
 * is true, `status` is Suppressed or `status_id` is 3 (OCSF's Suppressed);
 * the time from `time` (epoch s, or ms above 10^11), else `time_dt`, else
 * `event_time`; `unmapped.compliance` carries HIPAA / 800-53 ids.
 *
 * prowler-csv: ';'-separated, quoted fields ("" inside a quoted field is a
 * quote; a quoted field may span lines), a header row naming the columns
 * (CHECK_ID, STATUS, MUTED, TIMESTAMP, COMPLIANCE). Streamed through the
 * library's CSV reader (csv.h: one record in memory, every byte checked
 * to be UTF-8); each row's kept columns are read by name.
 */
#include "hta/csv.h"
#include "import_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SMALL 80

/* A bounded copy of one short field (longer: `over` set). */
struct field {
	char s[SMALL];
	size_t n;
	bool set, over;
};

static void field_set(struct field *f, const char *s, size_t n)
{
	f->set = true;
	f->over = n >= SMALL;
	f->n = f->over ? 0 : n;
	if (!f->over)
		memcpy(f->s, s, n);
	f->s[f->n] = 0;
}

/* Cross-references buffered for one finding (the check id may come later). */
struct xbuf {
	struct hta_buf b; /* NUL-separated framework/id pairs */
	size_t n;
};

static void xbuf_add(struct xbuf *x, const char *fw, size_t fwn, const char *id, size_t idn)
{
	if (x->n >= 4096 || idn > 128 || fwn > 64)
		return;
	hta_buf_add(&x->b, fw, fwn);
	hta_buf_add(&x->b, "", 1);
	hta_buf_add(&x->b, id, idn);
	hta_buf_add(&x->b, "", 1);
	x->n++;
}

static int xbuf_flush(struct xbuf *x, struct import_ctx *c, const char *check, size_t n)
{
	if (x->b.failed) {
		c->nomem = 1;
		return HTA_ENOMEM;
	}
	const char *p = x->b.s;
	for (size_t i = 0; i < x->n; i++) {
		const char *fw = p, *id = p + strlen(p) + 1;
		p = id + strlen(id) + 1;
		if (import_framework_id(c, check, n, fw, strlen(fw), id, strlen(id)))
			return c->nomem ? HTA_ENOMEM : HTA_EINVAL;
	}
	x->b.len = 0;
	x->n = 0;
	return 0;
}

/* ---- OCSF ---- */

struct ocsf {
	size_t index;            /* findings seen */
	char *check;             /* heap, up to MAX bytes */
	size_t check_n;
	bool has_check;
	struct field code, status, time_dt, event_time, time_s;
	bool muted, has_epoch;
	double epoch;
	struct xbuf x;
};

static int ocsf_open(struct import_json *j, bool map)
{
	struct ocsf *o = j->user;
	if (j->depth == 1 && map)
		return import_json_fail(j, "expected a JSON array of Prowler OCSF findings, "
					   "found an object");
	if (j->depth == 2) {
		if (!map)
			return import_json_fail(j, "finding %zu is not an object", o->index + 1);
		o->has_check = o->muted = o->has_epoch = false;
		o->code.set = o->status.set = o->time_dt.set = o->event_time.set = o->time_s.set = false;
		o->x.b.len = 0;
		o->x.n = 0;
	}
	return 1;
}

static int ocsf_time(struct import_json *j, struct ocsf *o, bool *has, long long *t)
{
	*has = false;
	if (o->has_epoch) {
		if (hta_import_epoch(o->epoch, t))
			return import_json_fail(j, "finding %zu: 'time' is not a valid epoch", o->index);
		*has = true;
		return 1;
	}
	const struct field *f = o->time_s.set ? &o->time_s : o->time_dt.set ? &o->time_dt :
				o->event_time.set ? &o->event_time : NULL;
	const char *name = o->time_s.set ? "time" : o->time_dt.set ? "time_dt" : "event_time";
	if (!f)
		return 1;
	if (f->over || hta_import_time_parse(f->s, f->n, t))
		return import_json_fail(j, "finding %zu: unparseable %s '%s'", o->index, name,
					f->over ? "(too long)" : f->s);
	*has = true;
	return 1;
}

static int ocsf_close(struct import_json *j, bool map)
{
	struct ocsf *o = j->user;
	struct import_ctx *c = j->c;
	if (j->depth != 2 || !map)
		return 1;
	o->index++;
	if (!o->has_check)
		return import_json_fail(j, "finding %zu has no metadata.event_code (the check id)",
					o->index);
	if (!o->code.set || o->code.over)
		return import_json_fail(j, "finding %zu (%.*s) has no status_code", o->index,
					(int)(o->check_n > 80 ? 80 : o->check_n), o->check);
	bool has_t;
	long long t = 0;
	if (!ocsf_time(j, o, &has_t, &t))
		return 0;
	enum hta_result_class cls = hta_import_classify(HTA_IMPORT_PROWLER_OCSF, o->code.s, o->code.n);
	if (o->muted || (o->status.set && import_word_is(o->status.s, o->status.n, "Suppressed")))
		cls = HTA_RESULT_FAIL; /* muted: not passed whatever the status, MANUAL too */
	if (import_result(c, o->check, o->check_n, cls, o->code.s, o->code.n, has_t, t))
		return import_json_fail(j, "finding %zu: %s", o->index, c->why);
	if (o->x.n && xbuf_flush(&o->x, c, o->check, o->check_n))
		return import_json_fail(j, "finding %zu: %s", o->index, c->why);
	return 1;
}

static int ocsf_scalar(struct import_json *j, enum import_json_type t, const char *s, size_t n, bool b)
{
	struct ocsf *o = j->user;
	unsigned d = j->depth;
	if (d < 2)
		return d == 1 ? import_json_fail(j, "finding %zu is not an object", o->index + 1) : 1;
	if (d == 2) {
		if (IMPORT_KEY_IS(j, 2, "status_code") && t == IJ_STRING)
			field_set(&o->code, s, n);
		else if (IMPORT_KEY_IS(j, 2, "status") && t == IJ_STRING)
			field_set(&o->status, s, n);
		else if (IMPORT_KEY_IS(j, 2, "status_id") && t == IJ_NUMBER && n == 1 && s[0] == '3')
			o->muted = true;
		else if (IMPORT_KEY_IS(j, 2, "muted") && t == IJ_BOOL)
			o->muted = o->muted || b;
		else if (IMPORT_KEY_IS(j, 2, "time") && t == IJ_NUMBER) {
			char tmp[64];
			if (n >= sizeof(tmp))
				return import_json_fail(j, "finding %zu: 'time' is not a valid epoch",
							o->index + 1);
			memcpy(tmp, s, n);
			tmp[n] = 0;
			char *end;
			o->epoch = strtod(tmp, &end);
			o->has_epoch = true;
			if (*end)
				o->epoch = -1;
		} else if (IMPORT_KEY_IS(j, 2, "time") && t == IJ_STRING)
			field_set(&o->time_s, s, n);
		else if (IMPORT_KEY_IS(j, 2, "time_dt") && t == IJ_STRING)
			field_set(&o->time_dt, s, n);
		else if (IMPORT_KEY_IS(j, 2, "event_time") && t == IJ_STRING)
			field_set(&o->event_time, s, n);
		return 1;
	}
	if (d == 3 && IMPORT_KEY_IS(j, 2, "metadata") && j->is_map[3] &&
	    IMPORT_KEY_IS(j, 3, "event_code") && t == IJ_STRING) {
		if (n > o->check_n || !o->check) {
			char *v = hta_realloc(o->check, n + 1);
			if (!v) {
				j->c->nomem = 1;
				return import_json_fail(j, "out of memory");
			}
			o->check = v;
		}
		if (n > 1024)
			return import_json_fail(j, "finding %zu: check id of %zu bytes", o->index + 1, n);
		memcpy(o->check, s, n);
		o->check[n] = 0;
		o->check_n = n;
		o->has_check = true;
		return 1;
	}
	if (!IMPORT_KEY_IS(j, 2, "unmapped") || !j->is_map[3])
		return 1;
	if (d == 3 && IMPORT_KEY_IS(j, 3, "muted") && t == IJ_BOOL) {
		o->muted = o->muted || b;
		return 1;
	}
	if (d == 5 && j->c->im->opts.via_crosswalk && IMPORT_KEY_IS(j, 3, "compliance") &&
	    j->is_map[4] && !j->is_map[5] && t == IJ_STRING)
		xbuf_add(&o->x, j->key[4], strlen(j->key[4]), s, n);
	return 1;
}

int import_prowler_ocsf(struct import_ctx *c)
{
	static const struct import_json_ops ops = { ocsf_open, ocsf_close, ocsf_scalar };
	struct ocsf o;
	memset(&o, 0, sizeof(o));
	int rc = import_json_run(c, &ops, &o);
	hta_free(o.check);
	hta_buf_free(&o.x.b);
	return rc;
}

/* ---- CSV ---- */

enum { COL_CHECK, COL_STATUS, COL_MUTED, COL_TIME, COL_COMPLIANCE, COL_COUNT };
static const char *const col_names[COL_COUNT] = { "CHECK_ID", "STATUS", "MUTED", "TIMESTAMP",
						  "COMPLIANCE" };

struct csv {
	struct import_ctx *c;
	unsigned col_of[COL_COUNT]; /* 1-based column, or 0 */
	size_t ncols;               /* header fields (0: no header yet) */
	size_t rows;
};

/* "CIS-1.4: 1.20 | HIPAA: 164_308_a_1_ii_a, 164_312_b | ..." */
static int csv_xrefs(struct csv *v, const char *check, size_t n, const char *s)
{
	while (*s) {
		const char *bar = strchr(s, '|'), *end = bar ? bar : s + strlen(s);
		const char *colon = memchr(s, ':', (size_t)(end - s));
		if (colon) {
			const char *fw = s, *fe = colon;
			while (fw < fe && *fw == ' ')
				fw++;
			while (fe > fw && fe[-1] == ' ')
				fe--;
			const char *p = colon + 1;
			while (p < end) {
				const char *comma = memchr(p, ',', (size_t)(end - p)), *ie = comma ? comma : end;
				const char *a = p, *b = ie;
				while (a < b && *a == ' ')
					a++;
				while (b > a && b[-1] == ' ')
					b--;
				if (b > a && import_framework_id(v->c, check, n, fw, (size_t)(fe - fw), a,
								 (size_t)(b - a)))
					return HTA_ENOMEM;
				p = comma ? comma + 1 : end;
			}
		}
		s = bar ? bar + 1 : end;
	}
	return 0;
}

/* The header: where the columns this import reads are. */
static int csv_header(struct csv *v, const struct hta_row *row)
{
	struct import_ctx *c = v->c;
	v->ncols = row->fields;
	for (size_t i = 0; i < row->n; i++)
		for (int k = 0; k < COL_COUNT; k++)
			if (!v->col_of[k] && row->cells[i].len == strlen(col_names[k]) &&
			    memcmp(row->cells[i].s, col_names[k], row->cells[i].len) == 0)
				v->col_of[k] = row->cells[i].col;
	if (!v->col_of[COL_CHECK] || !v->col_of[COL_STATUS])
		return import_error(c, row->line, 1,
				    "not a Prowler CSV: the header has no CHECK_ID or STATUS column");
	if (!c->im->opts.via_crosswalk)
		v->col_of[COL_COMPLIANCE] = 0; /* the cross-references are read with --via-crosswalk only */
	return 0;
}

/* Where the field of column `col` starts on its line (1 when the field is
 * empty: the row's start), for a message about it. */
static unsigned field_col(const struct hta_row *row, unsigned col)
{
	const struct hta_cell *cell = col ? hta_row_cell(row, col) : NULL;
	return cell && cell->lcol ? cell->lcol : 1;
}

/* One record (';'-separated, from the library's CSV reader): the header,
 * then one result per row. */
static int csv_row(void *ctx, const struct hta_row *row, struct hta_err *err)
{
	struct csv *v = ctx;
	struct import_ctx *c = v->c;
	(void)err;
	if (!row->fields)
		return 0; /* a blank line */
	if (!v->ncols)
		return csv_header(v, row);
	v->rows++;
	if (row->fields != v->ncols)
		return import_error(c, row->line, 1, "row has %zu fields, the header %zu", row->fields,
				    v->ncols);
	const char *val[COL_COUNT];
	for (int k = 0; k < COL_COUNT; k++) {
		const struct hta_cell *cell = v->col_of[k] ? hta_row_cell(row, v->col_of[k]) : NULL;
		val[k] = cell ? cell->s : "";
	}
	const char *check = val[COL_CHECK], *status = val[COL_STATUS];
	const char *muted = val[COL_MUTED], *ts = val[COL_TIME];
	size_t cn = strlen(check), sn = strlen(status);
	if (!cn)
		return import_error(c, row->line, 1, "row %zu has no CHECK_ID", v->rows);
	if (!sn)
		return import_error(c, row->line, 1, "row %zu (%s) has no STATUS", v->rows, check);
	long long t = 0;
	bool has_t = *ts != 0;
	if (has_t && hta_import_time_parse(ts, strlen(ts), &t))
		return import_error(c, row->line, field_col(row, v->col_of[COL_TIME]),
				    "row %zu: unparseable TIMESTAMP '%.64s'", v->rows,
				    ts);
	enum hta_result_class cls = hta_import_classify(HTA_IMPORT_PROWLER_CSV, status, sn);
	/* muted unless MUTED says False (or is empty): fail closed */
	if (*muted && !import_word_is(muted, strlen(muted), "False"))
		cls = HTA_RESULT_FAIL;
	if (import_result(c, check, cn, cls, status, sn, has_t, t))
		return c->nomem ? HTA_ENOMEM
				: import_error(c, row->line, field_col(row, v->col_of[COL_CHECK]),
					       "row %zu: %s", v->rows, c->why);
	if (*val[COL_COMPLIANCE] && csv_xrefs(v, check, cn, val[COL_COMPLIANCE]))
		return HTA_ENOMEM;
	return 0;
}

int import_prowler_csv(struct import_ctx *c)
{
	struct csv v = { .c = c };
	struct hta_csv_opts opts = { .delim = ';',
				     .max_cell = c->im->opts.max_string,
				     .max_record = 16u << 20,
				     .max_records = ~0ul };
	struct hta_csv *p = NULL;
	struct hta_err err = { 0 };
	char *buf = hta_malloc(65536);
	int rc = !buf || hta_csv_new(&p, c->path, &opts, csv_row, &v) ? HTA_ENOMEM : 0;
	while (!rc) {
		ssize_t r = import_src_read(c->src, buf, 65536);
		if (r < 0) {
			rc = import_error(c, 0, 0, "cannot read: %s", c->src->errmsg);
			break;
		}
		if (r == 0) {
			rc = hta_csv_finish(p, &err);
			break;
		}
		rc = hta_csv_feed(p, buf, (size_t)r, &err);
	}
	/* the reader's own refusal (not CSV as written) carries its place */
	if (rc == HTA_EINVAL && err.code)
		import_error_msg(c, err.msg);
	if (!rc && !v.ncols)
		rc = import_error(c, 0, 0, "empty file: no header row");
	hta_csv_free(p);
	hta_free(buf);
	if (rc == HTA_ENOMEM)
		c->nomem = 1;
	return rc;
}
