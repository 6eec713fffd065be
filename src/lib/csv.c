/*
 * csv.c — the library's one CSV reader, an incremental RFC 4180 record
 * reader (bounded: no input makes it hold more than one record), and the
 * field writer with its formula guard. Used by the workbook, the Prowler
 * CSV importer, provider matrices and the check mappings (csv.h). No CSV
 * library is kept in Debian's C stack that does both strictly; the reader
 * is a byte-at-a-time state machine small enough to fuzz exhaustively
 * (tests/fuzz/fuzz_csv.c).
 */
#include "hta/csv.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define NOMEM(err) hta_err_set((err), HTA_ENOMEM, "out of memory")

enum csv_state {
	S_START,      /* at the start of a field */
	S_PLAIN,      /* in an unquoted field */
	S_QUOTED,     /* in a quoted field */
	S_QUOTE,      /* a quote seen in a quoted field: doubled, or the end */
	S_COMMENT     /* in a comment line (opts.comments), up to its line break */
};

struct field {
	size_t off, len;     /* in the record buffer */
	unsigned line, lcol;
};

struct hta_csv {
	const char *file;
	struct hta_csv_opts o;   /* defaults filled in */
	hta_row_fn fn;
	void *ctx;
	enum csv_state st;
	unsigned line, lcol;     /* position of the next byte */
	unsigned rec;            /* records delivered */
	bool in_record;          /* a byte of the current record was seen */
	bool after_cr;           /* the last byte was a CR (a following LF is one break) */
	bool field_cr;           /* ... inside a quoted field */
	unsigned long long offset; /* bytes consumed */
	unsigned char bom[3];    /* bytes held while the start might be a BOM */
	unsigned nbom;
	unsigned utf8_need;      /* continuation bytes still expected */
	unsigned char utf8_lo, utf8_hi; /* the range of the next continuation byte */
	unsigned qline, qlcol;   /* where the open quote is */
	unsigned rline;          /* the line the current record starts on */
	struct field *fields;
	size_t n, cap;
	char *buf;               /* the record's fields, each NUL-terminated */
	size_t len, bcap;
	struct hta_cell *cells;
	size_t ccap;
};

int hta_csv_new(struct hta_csv **out, const char *display, const struct hta_csv_opts *opts,
		hta_row_fn fn, void *ctx)
{
	struct hta_csv *p = hta_calloc(1, sizeof(*p));
	if (!p)
		return HTA_ENOMEM;
	p->file = display;
	if (opts)
		p->o = *opts;
	if (!p->o.delim)
		p->o.delim = ',';
	if (!p->o.max_cell)
		p->o.max_cell = HTA_CSV_MAX_CELL;
	if (!p->o.max_record)
		p->o.max_record = HTA_CSV_MAX_RECORD;
	if (!p->o.max_records)
		p->o.max_records = HTA_CSV_MAX_RECORDS;
	if (!p->o.max_file)
		p->o.max_file = HTA_CSV_MAX_FILE;
	p->fn = fn;
	p->ctx = ctx;
	p->line = p->lcol = 1;
	*out = p;
	return 0;
}

void hta_csv_free(struct hta_csv *p)
{
	if (!p)
		return;
	hta_free(p->fields);
	hta_free(p->buf);
	hta_free(p->cells);
	hta_free(p);
}

static int at(struct hta_csv *p, struct hta_err *err, unsigned line, unsigned col,
	      const char *msg)
{
	return hta_err_at(err, HTA_EINVAL, p->file, line, col, "%s", msg);
}

/* Room for `need` bytes in the record buffer. 0 or -1 (out of memory). */
static int reserve(struct hta_csv *p, size_t need)
{
	if (need <= p->bcap)
		return 0;
	size_t cap = p->bcap ? p->bcap : 1024;
	while (cap < need)
		cap *= 2;
	char *nb = hta_realloc(p->buf, cap);
	if (!nb)
		return -1;
	p->buf = nb;
	p->bcap = cap;
	return 0;
}

/* Append one byte to the current field. */
static int put(struct hta_csv *p, char c, struct hta_err *err)
{
	struct field *f = &p->fields[p->n - 1];
	if (f->len >= p->o.max_cell)
		return hta_err_at(err, HTA_EINVAL, p->file, f->line, f->lcol,
				  "cell is longer than %zu bytes; refused", p->o.max_cell);
	if (p->len + 2 > p->o.max_record)
		return hta_err_at(err, HTA_EINVAL, p->file, p->fields[0].line, p->fields[0].lcol,
				  "record is longer than %zu bytes; refused", p->o.max_record);
	if (reserve(p, p->len + 2))
		return NOMEM(err);
	p->buf[p->len++] = c;
	f->len++;
	return 0;
}

/* Start a field at the current position. */
static int begin_field(struct hta_csv *p, struct hta_err *err)
{
	if (p->n >= HTA_CSV_MAX_FIELDS)
		return hta_err_at(err, HTA_EINVAL, p->file, p->line, p->lcol,
				  "record has more than %u fields; refused", HTA_CSV_MAX_FIELDS);
	if (p->n == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 64;
		struct field *nf = hta_realloc(p->fields, cap * sizeof(*nf));
		if (!nf)
			return NOMEM(err);
		p->fields = nf;
		p->cap = cap;
	}
	if (reserve(p, p->len + 1))
		return NOMEM(err);
	struct field *f = &p->fields[p->n++];
	f->off = p->len;
	f->len = 0;
	f->line = p->line;
	f->lcol = p->lcol;
	return 0;
}

/* NUL-terminate the current field. */
static void end_field(struct hta_csv *p)
{
	p->buf[p->len++] = 0; /* room reserved by put/begin_field */
}

/* Deliver the record (its non-empty fields) and start the next one. */
static int end_record(struct hta_csv *p, struct hta_err *err)
{
	if (p->rec >= p->o.max_records)
		return hta_err_at(err, HTA_EINVAL, p->file, p->rline, 0,
				  "more than %lu rows; refused", p->o.max_records);
	p->rec++;
	if (p->n > p->ccap) {
		struct hta_cell *nc = hta_realloc(p->cells, p->n * sizeof(*nc));
		if (!nc)
			return NOMEM(err);
		p->cells = nc;
		p->ccap = p->n;
	}
	size_t k = 0;
	for (size_t i = 0; i < p->n; i++) {
		const struct field *f = &p->fields[i];
		if (!f->len)
			continue;
		struct hta_cell *c = &p->cells[k++];
		memset(c, 0, sizeof(*c));
		c->col = (unsigned)i + 1;
		c->line = f->line;
		c->lcol = f->lcol;
		c->s = p->buf + f->off;
		c->len = f->len;
	}
	struct hta_row row = { p->rec, p->cells, k, p->n, p->rline };
	int rc = p->fn ? p->fn(p->ctx, &row, err) : 0;
	p->n = 0;
	p->len = 0;
	p->in_record = false;
	p->st = S_START;
	return rc;
}

/* Check one byte continues valid UTF-8 (no overlongs, surrogates, > U+10FFFF). */
static int utf8_ok(struct hta_csv *p, unsigned char c)
{
	if (p->utf8_need) {
		if (c < p->utf8_lo || c > p->utf8_hi)
			return 0;
		p->utf8_need--;
		p->utf8_lo = 0x80;
		p->utf8_hi = 0xBF;
		return 1;
	}
	if (c < 0x80)
		return 1;
	p->utf8_lo = 0x80;
	p->utf8_hi = 0xBF;
	if (c >= 0xC2 && c <= 0xDF)
		p->utf8_need = 1;
	else if (c == 0xE0)
		p->utf8_need = 2, p->utf8_lo = 0xA0;
	else if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF)
		p->utf8_need = 2;
	else if (c == 0xED)
		p->utf8_need = 2, p->utf8_hi = 0x9F;
	else if (c == 0xF0)
		p->utf8_need = 3, p->utf8_lo = 0x90;
	else if (c >= 0xF1 && c <= 0xF3)
		p->utf8_need = 3;
	else if (c == 0xF4)
		p->utf8_need = 3, p->utf8_hi = 0x8F;
	else
		return 0;
	return 1;
}

/* A line break outside a quoted field ends the record. */
/* After a comma in_record is set, so "a," ends with an empty last field. */
static int line_break(struct hta_csv *p, struct hta_err *err)
{
	if (p->st == S_START && !p->in_record) {
		/* a blank line: a row with no cells */
	} else if (p->st == S_START) {
		int rc = begin_field(p, err);
		if (rc)
			return rc;
		end_field(p);
	} else {
		end_field(p);
	}
	return end_record(p, err);
}

/*
 * One byte of input. The state machine is the whole of RFC 4180 plus the
 * usual tolerances (LF or CR alone as a record break, a BOM).
 */
static int byte(struct hta_csv *p, unsigned char c, struct hta_err *err)
{
	int rc;
	unsigned line = p->line, lcol = p->lcol;
	if (c == 0)
		return at(p, err, line, lcol, "NUL byte: this is not a CSV text file");
	if (!utf8_ok(p, c))
		return at(p, err, line, lcol, "not valid UTF-8 (save the file as CSV UTF-8)");
	/* position of the next byte */
	if (c == '\n') {
		if (!p->after_cr)
			p->line++;
		p->lcol = 1;
	} else if (c == '\r') {
		p->line++;
		p->lcol = 1;
	} else if ((c & 0xC0) != 0x80) {
		p->lcol++;
	}
	bool was_cr = p->after_cr;
	p->after_cr = c == '\r';
	switch (p->st) {
	case S_COMMENT:
		if (c == '\r' || c == '\n')
			p->st = S_START; /* the line break ends it; nothing delivered */
		return 0;
	case S_START:
		if (c == '\n' && was_cr)
			return 0; /* the LF of a CRLF */
		if (!p->in_record && c == '#' && p->o.comments) {
			p->st = S_COMMENT;
			return 0;
		}
		if (!p->in_record)
			p->rline = line;
		if (c == '\r' || c == '\n')
			return line_break(p, err);
		if ((rc = begin_field(p, err)))
			return rc;
		p->fields[p->n - 1].line = line;
		p->fields[p->n - 1].lcol = lcol;
		p->in_record = true;
		if (c == p->o.delim) {
			end_field(p);
			return 0; /* an empty field; the next one starts */
		}
		if (c == '"') {
			p->st = S_QUOTED;
			p->qline = line;
			p->qlcol = lcol;
			p->field_cr = false;
			return 0;
		}
		p->st = S_PLAIN;
		return put(p, (char)c, err);
	case S_PLAIN:
		if (c == p->o.delim) {
			end_field(p);
			p->st = S_START;
			return 0;
		}
		if (c == '\r' || c == '\n')
			return line_break(p, err);
		if (c == '"')
			return at(p, err, line, lcol,
				  "quote inside an unquoted field (quote the whole field and "
				  "double the quote)");
		return put(p, (char)c, err);
	case S_QUOTED:
		if (c == '"') {
			p->st = S_QUOTE;
			return 0;
		}
		if (c == '\n' && was_cr && p->field_cr)
			return 0; /* CRLF inside a field: one LF, already kept */
		p->field_cr = c == '\r';
		return put(p, c == '\r' ? '\n' : (char)c, err);
	case S_QUOTE:
		if (c == '"') {
			p->st = S_QUOTED;
			p->field_cr = false;
			return put(p, '"', err);
		}
		if (c == p->o.delim) {
			end_field(p);
			p->st = S_START;
			return 0;
		}
		if (c == '\r' || c == '\n')
			return line_break(p, err);
		return at(p, err, line, lcol, "text after a closing quote (a quote inside a "
			  "quoted field is written twice)");
	}
	return 0;
}

/*
 * The fast path: inside a field (plain or quoted), the length of the run
 * of bytes that byte() would only append — printable ASCII that is not the
 * separator or a quote — when the whole run fits the field's and the
 * record's limits; 0 otherwise (byte() then takes the next byte, and
 * reports a limit at the exact place).
 */
static size_t plain_run(const struct hta_csv *p, const unsigned char *d, size_t n)
{
	if ((p->st != S_PLAIN && p->st != S_QUOTED) || p->utf8_need || p->after_cr)
		return 0;
	unsigned char delim = (unsigned char)p->o.delim;
	size_t k = 0;
	while (k < n && d[k] >= 0x20 && d[k] < 0x7F && d[k] != '"' &&
	       (d[k] != delim || p->st == S_QUOTED))
		k++;
	const struct field *f = &p->fields[p->n - 1];
	if (k < 2 || f->len + k > p->o.max_cell || p->len + k + 1 > p->o.max_record)
		return 0;
	return k;
}

/* Append a run plain_run() measured: what byte() does for each of them.
 * -1 when the buffer cannot grow (byte() then reports it). */
static int put_run(struct hta_csv *p, const unsigned char *d, size_t k)
{
	if (reserve(p, p->len + k + 2))
		return -1;
	memcpy(p->buf + p->len, d, k);
	p->len += k;
	p->fields[p->n - 1].len += k;
	p->lcol += (unsigned)k;
	p->field_cr = false;
	return 0;
}

int hta_csv_feed(struct hta_csv *p, const char *data, size_t n, struct hta_err *err)
{
	static const unsigned char bom[3] = { 0xEF, 0xBB, 0xBF };
	const unsigned char *d = (const unsigned char *)data;
	int rc;
	for (size_t i = 0; i < n; i++) {
		if (p->offset < 3) {
			p->offset++;
			if (d[i] == bom[p->nbom] && p->nbom == p->offset - 1) {
				p->bom[p->nbom++] = d[i];
				if (p->nbom == 3) {
					p->nbom = 0; /* a BOM: dropped */
					p->offset = 4;
				}
				continue;
			}
			/* not a BOM: replay what was held, then this byte */
			for (unsigned k = 0; k < p->nbom; k++)
				if ((rc = byte(p, p->bom[k], err)))
					return rc;
			p->nbom = 0;
			p->offset = 4;
		}
		size_t run = plain_run(p, d + i, n - i);
		if (run && put_run(p, d + i, run) == 0) {
			i += run - 1;
			continue;
		}
		if ((rc = byte(p, d[i], err)))
			return rc;
	}
	return 0;
}

int hta_csv_finish(struct hta_csv *p, struct hta_err *err)
{
	int rc;
	for (unsigned k = 0; k < p->nbom; k++)
		if ((rc = byte(p, p->bom[k], err)))
			return rc;
	p->nbom = 0;
	if (p->utf8_need)
		return at(p, err, p->line, p->lcol, "not valid UTF-8 at the end of the file");
	if (p->st == S_QUOTED)
		return hta_err_at(err, HTA_EINVAL, p->file, p->qline, p->qlcol,
				  "quoted field is never closed");
	if (p->in_record)
		return line_break(p, err);
	return 0;
}

int hta_csv_read_file(const char *path, const char *display, const struct hta_csv_opts *opts,
		      hta_row_fn fn, void *ctx, struct hta_err *err)
{
	if (!display)
		display = path;
	struct hta_csv *p;
	if (hta_csv_new(&p, display, opts, fn, ctx))
		return NOMEM(err);
	unsigned long long max = p->o.max_file;
	const char *hint = p->o.limit_hint ? p->o.limit_hint : "the limit";
	int rc = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	struct stat st;
	if (fd < 0) {
		rc = hta_err_at(err, HTA_EIO, display, 0, 0, "cannot open: %s", strerror(errno));
		goto done;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		rc = hta_err_at(err, HTA_EIO, display, 0, 0, "not a regular file");
		goto done;
	}
	if ((unsigned long long)st.st_size > max) {
		rc = hta_err_at(err, HTA_EINVAL, display, 0, 0,
				"file is %lld bytes, over %s of %llu; refused", (long long)st.st_size,
				hint, max);
		goto done;
	}
	char block[65536];
	unsigned long long total = 0;
	for (;;) {
		ssize_t r = read(fd, block, sizeof(block));
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			rc = hta_err_at(err, HTA_EIO, display, 0, 0, "cannot read: %s", strerror(errno));
			break;
		}
		if (r == 0) {
			rc = hta_csv_finish(p, err);
			break;
		}
		if ((total += (size_t)r) > max) {
			rc = hta_err_at(err, HTA_EINVAL, display, 0, 0,
					"file grew past %s of %llu bytes; refused", hint, max);
			break;
		}
		if ((rc = hta_csv_feed(p, block, (size_t)r, err)))
			break;
	}
done:
	if (fd >= 0)
		close(fd);
	hta_csv_free(p);
	return rc;
}

const char *hta_cell_trim(const struct hta_cell *c, size_t *n)
{
	const char *s = c ? c->s : "";
	size_t len = c ? c->len : 0;
	while (len && (*s == ' ' || *s == '\t'))
		s++, len--;
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	*n = len;
	return s;
}

const struct hta_cell *hta_row_cell(const struct hta_row *row, unsigned col)
{
	for (size_t i = 0; i < row->n && row->cells[i].col <= col; i++)
		if (row->cells[i].col == col)
			return &row->cells[i];
	return NULL;
}

void hta_csv_field(struct hta_buf *b, const char *s, bool guard)
{
	bool g = guard && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' ||
			   s[0] == '\t' || s[0] == '\r' || s[0] == '\'');
	if (!g && !strpbrk(s, ",\"\r\n")) {
		hta_buf_puts(b, s);
		return;
	}
	hta_buf_add(b, "\"", 1);
	if (g)
		hta_buf_add(b, "'", 1);
	for (const char *q; (q = strchr(s, '"')); s = q + 1) {
		hta_buf_add(b, s, (size_t)(q - s) + 1);
		hta_buf_add(b, "\"", 1);
	}
	hta_buf_puts(b, s);
	hta_buf_add(b, "\"", 1);
}
