/*
 * import_json.c — the streaming JSON driver of the JSON importers: the file
 * is fed to yajl in 64 KiB chunks and a format's callbacks see each value
 * with the path of keys above it. Nothing of the document is kept.
 *
 * Limits (docs/importers.md): nesting deeper than opts.max_depth, a string
 * longer than opts.max_string, invalid UTF-8 (yajl validates every
 * string), a second top-level value, and a truncated document are errors
 * with the line and column. yajl buffers a token that crosses chunks in
 * full, so a long string is caught while it streams, not after: a chunk in
 * which yajl completes no value at all is inside one token (or a run of
 * blanks), and once max_string bytes of such chunks have passed the parse
 * stops — a 10 MB string is refused after about 1 MiB, never buffered
 * whole.
 */
#include "import_int.h"

#include <stdio.h>
#include <string.h>
#include <yajl/yajl_parse.h>

#define CHUNK (64u * 1024u)

struct drv {
	struct import_json *j;
	const struct import_json_ops *ops;
	yajl_handle h;
	unsigned long events;     /* values and keys yajl completed in this chunk */
	size_t quiet;             /* bytes of chunks in a row without one */
	unsigned line;            /* line at the start of the chunk being fed */
	unsigned long long line_off; /* file offset where that line starts */
	unsigned long long off;   /* file offset of the chunk */
};

static void *y_malloc(void *ctx, size_t n)
{
	(void)ctx;
	return hta_malloc(n);
}

static void *y_realloc(void *ctx, void *p, size_t n)
{
	(void)ctx;
	return hta_realloc(p, n);
}

static void y_free(void *ctx, void *p)
{
	(void)ctx;
	hta_free(p);
}

int import_json_fail(struct import_json *j, const char *fmt, ...)
{
	if (!j->fail[0]) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(j->fail, sizeof(j->fail), fmt, ap);
		va_end(ap);
		if (!j->fail[0])
			snprintf(j->fail, sizeof(j->fail), "refused");
	}
	return 0;
}

bool import_json_at(const struct import_json *j, unsigned from, const char *const *keys,
		    size_t nkeys)
{
	if (from + nkeys - 1 > j->depth)
		return false;
	for (size_t i = 0; i < nkeys; i++) {
		unsigned d = from + (unsigned)i;
		if (strcmp(keys[i], "*") == 0) {
			if (j->is_map[d])
				return false;
		} else if (!j->is_map[d] || strcmp(j->key[d], keys[i]) != 0) {
			return false;
		}
	}
	return true;
}

static int scalar(void *ctx, enum import_json_type t, const char *s, size_t n, bool b)
{
	struct drv *d = ctx;
	d->events++;
	if (n > d->j->c->im->opts.max_string)
		return import_json_fail(d->j, "a string longer than %zu bytes",
					d->j->c->im->opts.max_string);
	if (d->j->depth == 0)
		return import_json_fail(d->j, "expected a JSON %s, found a bare value",
					"object or array");
	return d->ops->scalar ? d->ops->scalar(d->j, t, s, n, b) : 1;
}

static int cb_null(void *ctx)
{
	return scalar(ctx, IJ_NULL, NULL, 0, false);
}

static int cb_bool(void *ctx, int b)
{
	return scalar(ctx, IJ_BOOL, NULL, 0, b != 0);
}

static int cb_number(void *ctx, const char *s, size_t n)
{
	return scalar(ctx, IJ_NUMBER, s, n, false);
}

static int cb_string(void *ctx, const unsigned char *s, size_t n)
{
	return scalar(ctx, IJ_STRING, (const char *)s, n, false);
}

static int open_level(struct drv *d, bool map)
{
	struct import_json *j = d->j;
	d->events++;
	if (j->depth >= j->c->im->opts.max_depth)
		return import_json_fail(j, "nesting deeper than %u levels",
					j->c->im->opts.max_depth);
	j->depth++;
	j->is_map[j->depth] = map;
	j->key[j->depth][0] = 0;
	j->klen[j->depth] = 0;
	return d->ops->open ? d->ops->open(j, map) : 1;
}

static int close_level(struct drv *d, bool map)
{
	struct import_json *j = d->j;
	d->events++;
	int r = d->ops->close ? d->ops->close(j, map) : 1;
	j->depth--;
	return r;
}

static int cb_start_map(void *ctx)
{
	return open_level(ctx, true);
}

static int cb_end_map(void *ctx)
{
	return close_level(ctx, true);
}

static int cb_start_array(void *ctx)
{
	return open_level(ctx, false);
}

static int cb_end_array(void *ctx)
{
	return close_level(ctx, false);
}

static int cb_key(void *ctx, const unsigned char *s, size_t n)
{
	struct drv *d = ctx;
	struct import_json *j = d->j;
	char *k = j->key[j->depth];
	d->events++;
	if (n > j->c->im->opts.max_string)
		return import_json_fail(j, "a key longer than %zu bytes", j->c->im->opts.max_string);
	if (n > IMPORT_JSON_KEY || memchr(s, 0, n)) {
		k[0] = '\x01'; /* never matches */
		k[1] = 0;
		j->klen[j->depth] = 1;
		return 1;
	}
	memcpy(k, s, n);
	k[n] = 0;
	j->klen[j->depth] = (unsigned char)n;
	return 1;
}

static const yajl_callbacks callbacks = {
	cb_null, cb_bool, NULL, NULL, cb_number, cb_string,
	cb_start_map, cb_key, cb_end_map, cb_start_array, cb_end_array
};

/* line:col of byte `at` of the chunk `p` (lines counted from d->line). */
static void where(const struct drv *d, const unsigned char *p, size_t at,
		  unsigned *line, unsigned *col)
{
	unsigned l = d->line;
	unsigned long long ls = d->line_off;
	for (size_t i = 0; i < at; i++)
		if (p[i] == '\n') {
			l++;
			ls = d->off + i + 1;
		}
	*line = l;
	unsigned long long c = d->off + at - ls + 1;
	*col = c > 0xffffffu ? 0xffffffu : (unsigned)c;
}

static void advance(struct drv *d, const unsigned char *p, size_t n)
{
	const unsigned char *q = p, *e = p + n;
	while ((q = memchr(q, '\n', (size_t)(e - q))) != NULL) {
		d->line++;
		q++;
		d->line_off = d->off + (unsigned long long)(q - p);
	}
	d->off += n;
}

static int yajl_failed(struct drv *d, yajl_status st, const unsigned char *p, size_t n,
		       bool at_end)
{
	struct import_json *j = d->j;
	unsigned line, col;
	size_t at = at_end ? n : yajl_get_bytes_consumed(d->h);
	if (at > n)
		at = n;
	where(d, p, at, &line, &col);
	if (st == yajl_status_client_canceled)
		return import_error(j->c, line, col, "%s", j->fail[0] ? j->fail : "refused");
	unsigned char *msg = yajl_get_error(d->h, 0, p, n);
	int r;
	if (at_end)
		r = import_error(j->c, line, col,
				 "truncated JSON: the document ends before it is complete");
	else
		r = import_error(j->c, line, col, "malformed JSON: %s",
				 msg ? (const char *)msg : "parse error");
	if (msg)
		yajl_free_error(d->h, msg);
	return r;
}

int import_json_run(struct import_ctx *c, const struct import_json_ops *ops, void *user)
{
	struct import_json *j = hta_calloc(1, sizeof(*j));
	unsigned char *buf = hta_malloc(CHUNK);
	yajl_alloc_funcs af = { y_malloc, y_realloc, y_free, NULL };
	struct drv d = { .j = j, .ops = ops, .line = 1 };
	int rc = 0;
	if (!j || !buf) {
		c->nomem = 1;
		rc = HTA_ENOMEM;
		goto done;
	}
	j->c = c;
	j->user = user;
	d.h = yajl_alloc(&callbacks, &af, &d);
	if (!d.h) {
		c->nomem = 1;
		rc = HTA_ENOMEM;
		goto done;
	}
	size_t max = c->im->opts.max_string;
	for (;;) {
		ssize_t r = import_src_read(c->src, (char *)buf, CHUNK);
		if (r < 0) {
			rc = import_error(c, 0, 0, "cannot read: %s", c->src->errmsg);
			break;
		}
		if (r == 0) {
			yajl_status st = yajl_complete_parse(d.h);
			if (st != yajl_status_ok)
				rc = yajl_failed(&d, st, buf, 0, st != yajl_status_client_canceled);
			else if (j->depth == 0 && d.off == 0)
				rc = import_error(c, 0, 0, "empty file");
			break;
		}
		d.events = 0;
		yajl_status st = yajl_parse(d.h, buf, (size_t)r);
		if (st != yajl_status_ok) {
			rc = yajl_failed(&d, st, buf, (size_t)r, false);
			break;
		}
		d.quiet = d.events ? 0 : d.quiet + (size_t)r;
		if (d.quiet > max) {
			unsigned line, col;
			where(&d, buf, (size_t)r, &line, &col);
			rc = import_error(c, line, col, "a string (or other value) longer than %zu bytes",
					  max);
			break;
		}
		advance(&d, buf, (size_t)r);
	}
done:
	if (d.h)
		yajl_free(d.h);
	hta_free(buf);
	hta_free(j);
	if (c->nomem)
		return HTA_ENOMEM;
	return rc;
}
