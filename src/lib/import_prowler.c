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
 * (CHECK_ID, STATUS, MUTED, TIMESTAMP, COMPLIANCE). Read by a streaming
 * line reader that keeps only those columns of the current row; every
 * byte is checked to be UTF-8.
 */
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
	int col_of[COL_COUNT];   /* column index, or -1 */
	int kept[256];           /* column -> COL_*, or -1 (columns past 255: never kept) */
	size_t ncols;            /* header columns */
	bool header_done;
	size_t field;            /* index of the field being read */
	struct hta_buf cell;     /* the current field, when kept (or in the header) */
	struct hta_buf keep[COL_COUNT];
	bool keep_set[COL_COUNT];
	size_t flen;             /* current field's length */
	bool in_q, after_q, any;  /* inside quotes; after a quote inside quotes; row not blank */
	unsigned line, col, row_line;
	size_t rows;
	unsigned u_need;         /* UTF-8 continuation bytes still expected */
	unsigned char u_first;
	bool u_second;
};

static bool keeping(const struct csv *v)
{
	return !v->header_done || (v->field < 256 && v->kept[v->field] >= 0);
}

static int csv_row(struct csv *v);

static int csv_end_field(struct csv *v)
{
	if (v->header_done && v->field < 256 && v->kept[v->field] >= 0) {
		int k = v->kept[v->field];
		v->keep[k].len = 0;
		hta_buf_add(&v->keep[k], v->cell.s ? v->cell.s : "", v->cell.len);
		hta_buf_add(&v->keep[k], "", 1);
		v->keep_set[k] = true;
	} else if (!v->header_done) {
		for (int k = 0; k < COL_COUNT; k++)
			if (v->col_of[k] < 0 && v->cell.len == strlen(col_names[k]) && v->cell.s &&
			    memcmp(v->cell.s, col_names[k], v->cell.len) == 0)
				v->col_of[k] = (int)v->field;
	}
	if (v->cell.failed)
		return HTA_ENOMEM;
	v->cell.len = 0;
	v->field++;
	v->flen = 0;
	v->in_q = v->after_q = false;
	return 0;
}

static int csv_xrefs(struct csv *v, const char *check, size_t n, const char *s)
{
	/* "CIS-1.4: 1.20 | HIPAA: 164_308_a_1_ii_a, 164_312_b | ..." */
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

static int csv_row(struct csv *v)
{
	struct import_ctx *c = v->c;
	size_t nf = v->field;
	if (!v->header_done) {
		v->header_done = true;
		v->ncols = nf;
		if (v->col_of[COL_CHECK] < 0 || v->col_of[COL_STATUS] < 0)
			return import_error(c, v->row_line, 0,
					    "not a Prowler CSV: the header has no CHECK_ID or STATUS column");
		for (int k = 0; k < COL_COUNT; k++) {
			if (v->col_of[k] >= 256)
				return import_error(c, v->row_line, 0, "column %s is past column 256",
						    col_names[k]);
			if (v->col_of[k] >= 0)
				v->kept[v->col_of[k]] = k;
		}
		if (!c->im->opts.via_crosswalk && v->col_of[COL_COMPLIANCE] >= 0 &&
		    v->col_of[COL_COMPLIANCE] < 256)
			v->kept[v->col_of[COL_COMPLIANCE]] = -1;
		return 0;
	}
	v->rows++;
	if (nf != v->ncols)
		return import_error(c, v->row_line, 0, "row has %zu fields, the header %zu", nf, v->ncols);
	const char *check = v->keep[COL_CHECK].s, *status = v->keep[COL_STATUS].s;
	size_t cn = strlen(check), sn = strlen(status);
	const char *muted = v->keep_set[COL_MUTED] ? v->keep[COL_MUTED].s : "";
	const char *ts = v->keep_set[COL_TIME] ? v->keep[COL_TIME].s : "";
	if (!cn)
		return import_error(c, v->row_line, 0, "row %zu has no CHECK_ID", v->rows);
	if (!sn)
		return import_error(c, v->row_line, 0, "row %zu (%s) has no STATUS", v->rows, check);
	long long t = 0;
	bool has_t = *ts != 0;
	if (has_t && hta_import_time_parse(ts, strlen(ts), &t))
		return import_error(c, v->row_line, 0, "row %zu: unparseable TIMESTAMP '%.64s'", v->rows, ts);
	enum hta_result_class cls = hta_import_classify(HTA_IMPORT_PROWLER_CSV, status, sn);
	/* muted unless MUTED says False (or is empty): fail closed */
	if (*muted && !import_word_is(muted, strlen(muted), "False"))
		cls = HTA_RESULT_FAIL;
	if (import_result(c, check, cn, cls, status, sn, has_t, t))
		return c->nomem ? HTA_ENOMEM : import_error(c, v->row_line, 0, "row %zu: %s", v->rows, c->why);
	if (v->keep_set[COL_COMPLIANCE] && csv_xrefs(v, check, cn, v->keep[COL_COMPLIANCE].s))
		return HTA_ENOMEM;
	for (int k = 0; k < COL_COUNT; k++)
		v->keep_set[k] = false;
	return 0;
}

/* One byte of UTF-8 validation; false when the byte cannot be there. */
static bool utf8_ok(struct csv *v, unsigned char b)
{
	if (!v->u_need) {
		if (b < 0x80)
			return b != 0;
		v->u_first = b;
		v->u_second = true;
		if (b >= 0xc2 && b <= 0xdf)
			v->u_need = 1;
		else if (b >= 0xe0 && b <= 0xef)
			v->u_need = 2;
		else if (b >= 0xf0 && b <= 0xf4)
			v->u_need = 3;
		else
			return false;
		return true;
	}
	if (b < 0x80 || b > 0xbf)
		return false;
	if (v->u_second) {
		unsigned char f = v->u_first;
		if ((f == 0xe0 && b < 0xa0) || (f == 0xed && b > 0x9f) || (f == 0xf0 && b < 0x90) ||
		    (f == 0xf4 && b > 0x8f))
			return false;
		v->u_second = false;
	}
	v->u_need--;
	return true;
}

static int csv_end_row(struct csv *v)
{
	int rc = 0;
	if (v->field == 0 && v->flen == 0 && !v->any)
		return 0; /* a blank line */
	if ((rc = csv_end_field(v)))
		return rc;
	rc = csv_row(v);
	v->field = 0;
	v->any = false;
	return rc;
}

/* Feed n bytes. Physical lines are counted for messages. */
static int csv_feed(struct csv *v, const unsigned char *p, size_t n)
{
	size_t max = v->c->im->opts.max_string;
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = p[i];
		v->col++;
		if (!utf8_ok(v, ch))
			return import_error(v->c, v->line, v->col, ch ? "invalid UTF-8" : "a NUL byte");
		if (v->field == 0 && v->flen == 0 && !v->any && !v->in_q)
			v->row_line = v->line;
		if (v->in_q) {
			if (ch == '"') {
				v->in_q = false;
				v->after_q = true;
				continue;
			}
		} else if (v->after_q) {
			if (ch == '"') {
				v->in_q = true;
				v->after_q = false;
			} else if (ch == ';') {
				if (csv_end_field(v))
					goto nomem;
				continue;
			} else if (ch == '\n') {
				int rc = csv_end_row(v);
				v->line++;
				v->col = 0;
				if (rc)
					return rc;
				continue;
			} else if (ch == '\r') {
				continue;
			} else {
				return import_error(v->c, v->line, v->col,
						    "malformed CSV: text after a closing quote");
			}
		} else if (ch == '"' && v->flen == 0) {
			v->in_q = v->any = true;
			continue;
		} else if (ch == ';') {
			v->any = true;
			if (csv_end_field(v))
				goto nomem;
			continue;
		} else if (ch == '\n') {
			int rc = csv_end_row(v);
			v->line++;
			v->col = 0;
			if (rc)
				return rc;
			continue;
		} else if (ch == '\r') {
			continue;
		}
		if (ch == '\n') {
			v->line++;
			v->col = 0;
		}
		if (++v->flen > max)
			return import_error(v->c, v->line, v->col, "a field longer than %zu bytes", max);
		v->any = true;
		if (keeping(v))
			hta_buf_add(&v->cell, (const char *)&p[i], 1);
	}
	return 0;
nomem:
	v->c->nomem = 1;
	return HTA_ENOMEM;
}

int import_prowler_csv(struct import_ctx *c)
{
	struct csv v;
	memset(&v, 0, sizeof(v));
	v.c = c;
	v.line = 1;
	for (int k = 0; k < COL_COUNT; k++)
		v.col_of[k] = -1;
	for (int k = 0; k < 256; k++)
		v.kept[k] = -1;
	char *buf = hta_malloc(65536);
	int rc = buf ? 0 : HTA_ENOMEM;
	/* a UTF-8 byte-order mark before the header */
	bool first = true;
	while (!rc) {
		ssize_t r = import_src_read(c->src, buf, 65536);
		if (r < 0) {
			rc = import_error(c, 0, 0, "cannot read: %s", c->src->errmsg);
			break;
		}
		if (r == 0)
			break;
		size_t skip = 0;
		if (first && r >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
			skip = 3;
		first = false;
		rc = csv_feed(&v, (const unsigned char *)buf + skip, (size_t)r - skip);
	}
	if (!rc) {
		if (v.in_q)
			rc = import_error(c, v.line, v.col, "truncated CSV: a quoted field is not closed");
		else if (v.u_need)
			rc = import_error(c, v.line, v.col, "invalid UTF-8 at the end of the file");
		else
			rc = csv_end_row(&v);
	}
	if (!rc && !v.header_done)
		rc = import_error(c, 0, 0, "empty file: no header row");
	hta_free(buf);
	hta_buf_free(&v.cell);
	for (int k = 0; k < COL_COUNT; k++)
		hta_buf_free(&v.keep[k]);
	if (rc == HTA_ENOMEM)
		c->nomem = 1;
	return rc;
}
