/*
 * util.c — error records, enum names and calendar dates.
 */
#include "hta/alloc.h"
#include "hta/date.h"
#include "hta/hta.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

/*
 * Keep a message on one line and free of terminal control sequences: file
 * names and values quoted from a user's file may hold newlines or escape
 * codes. Control characters (C0, DEL, and the UTF-8 encoded C1 range) are
 * written as \xNN; the message is truncated, never overflowed.
 */
static void err_sanitize(char *msg, size_t cap)
{
	char tmp[HTA_ERR_MAX];
	size_t o = 0;
	for (const unsigned char *p = (const unsigned char *)msg; *p && o + 1 < sizeof(tmp); p++) {
		int c1 = p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f;
		if (*p >= 0x20 && *p != 0x7f && !c1) {
			tmp[o++] = (char)*p;
			continue;
		}
		unsigned v = c1 ? p[1] : *p;
		if (o + 5 >= sizeof(tmp))
			break;
		snprintf(tmp + o, sizeof(tmp) - o, "\\x%02x", v);
		o += 4;
		if (c1)
			p++;
	}
	tmp[o] = 0;
	snprintf(msg, cap, "%s", tmp);
}

/*
 * A message longer than the record (a 5,000-character path) keeps its head
 * and its tail, where the cause is ("...: File name too long"), with " ... "
 * between; the cut never splits a UTF-8 character. `prefix` (may be "")
 * comes first. Without memory it is simply truncated.
 */
#define ERR_HEAD 160
static void err_format(struct hta_err *err, const char *file, const char *pos, const char *fmt,
		       va_list ap) __attribute__((format(printf, 4, 0)));
static void err_format(struct hta_err *err, const char *file, const char *pos, const char *fmt,
		       va_list ap)
{
	va_list ap2;
	va_copy(ap2, ap);
	size_t fl = strlen(file), pl = strlen(pos);
	int n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	size_t full = fl + pl + (n > 0 ? (size_t)n : 0);
	char *buf = full >= sizeof(err->msg) ? hta_malloc(full + 1) : NULL;
	if (!buf) {
		int k = snprintf(err->msg, sizeof(err->msg), "%s%s", file, pos);
		if (k >= 0 && (size_t)k < sizeof(err->msg))
			vsnprintf(err->msg + k, sizeof(err->msg) - (size_t)k, fmt, ap);
		return;
	}
	memcpy(buf, file, fl);
	memcpy(buf + fl, pos, pl);
	vsnprintf(buf + fl + pl, full - fl - pl + 1, fmt, ap);
	size_t head = ERR_HEAD, tail = sizeof(err->msg) - 1 - ERR_HEAD - 5;
	while (head > 0 && ((unsigned char)buf[head] & 0xc0) == 0x80)
		head--;
	size_t from = full - tail;
	while (from < full && ((unsigned char)buf[from] & 0xc0) == 0x80)
		from++;
	memcpy(err->msg, buf, head);
	memcpy(err->msg + head, " ... ", 5);
	memcpy(err->msg + head + 5, buf + from, full - from);
	err->msg[head + 5 + full - from] = 0;
	hta_free(buf);
}

int hta_err_set(struct hta_err *err, int code, const char *fmt, ...)
{
	if (!err)
		return code;
	va_list ap;
	va_start(ap, fmt);
	err_format(err, "", "", fmt, ap);
	va_end(ap);
	err_sanitize(err->msg, sizeof(err->msg));
	err->code = code;
	return code;
}

int hta_err_at(struct hta_err *err, int code, const char *file, unsigned line,
	       unsigned col, const char *fmt, ...)
{
	if (!err)
		return code;
	/* the position as its own short prefix; a long file name goes into the
	 * message whole and is shortened there, keeping the cause */
	char pos[32] = "";
	if (line && col)
		snprintf(pos, sizeof(pos), ":%u:%u: ", line, col);
	else if (line)
		snprintf(pos, sizeof(pos), ":%u: ", line);
	else
		snprintf(pos, sizeof(pos), ": ");
	va_list ap;
	va_start(ap, fmt);
	err_format(err, file, pos, fmt, ap);
	va_end(ap);
	err_sanitize(err->msg, sizeof(err->msg));
	err->code = code;
	return code;
}

const char *hta_ascii_escape_n(const char *s, size_t len, char *buf, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t o = 0;
	if (!n)
		return buf;
	while (len && *p) {
		char one[16];
		unsigned c = *p, v = 0;
		size_t k = c < 0x80 ? 0 : c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2
			 : c >= 0xf0 && c <= 0xf4 ? 3 : 9;
		bool ok = k != 9 && k < len;
		for (size_t i = 1; ok && i <= k; i++)
			ok = (p[i] & 0xc0) == 0x80;
		if (c >= 0x20 && c < 0x7f) {
			one[0] = (char)c;
			one[1] = 0;
		} else if (!ok || k == 0) {
			snprintf(one, sizeof(one), "\\x%02x", c);
			k = 0;
		} else {
			v = c & (0x3f >> k);
			for (size_t i = 1; i <= k; i++)
				v = v << 6 | (p[i] & 0x3f);
			snprintf(one, sizeof(one), v > 0xffff ? "\\U%08x" : "\\u%04x", v);
		}
		size_t l = strlen(one);
		if (o + l + 4 > n) {
			snprintf(buf + o, n - o, "...");
			return buf;
		}
		memcpy(buf + o, one, l);
		o += l;
		p += k + 1;
		len -= k + 1;
	}
	buf[o] = 0;
	return buf;
}

const char *hta_ascii_escape(const char *s, char *buf, size_t n)
{
	return hta_ascii_escape_n(s, SIZE_MAX, buf, n);
}

/* hta_shown's buffers: a few per thread, used in turn. */
#define SHOWN_SLOTS 4
#define SHOWN_SIZE 256

const char *hta_shown_n(const char *s, size_t len)
{
	static _Thread_local char ring[SHOWN_SLOTS][SHOWN_SIZE];
	static _Thread_local unsigned next;
	if (!s)
		return "(none)";
	char *buf = ring[next++ % SHOWN_SLOTS];
	return hta_ascii_escape_n(s, len, buf, SHOWN_SIZE);
}

const char *hta_shown(const char *s)
{
	return hta_shown_n(s, SIZE_MAX);
}

bool hta_errno_is_about_file(int e)
{
	switch (e) {
	case ENOENT: case ENOTDIR: case EACCES: case EPERM: case ELOOP:
	case ENXIO: case ENODEV: case EISDIR: case ENAMETOOLONG:
		return true;
	default:
		return false;
	}
}

void hta_err_clear(struct hta_err *err)
{
	if (err) {
		err->code = 0;
		err->msg[0] = 0;
	}
}

int hta_errlist_add(struct hta_errlist *l, const char *msg)
{
	l->total++;
	if (l->n < HTA_ERRLIST_MAX && !(l->msg[l->n++] = hta_strdup(msg))) {
		l->n--;
		return HTA_ENOMEM;
	}
	return 0;
}

int hta_errlist_keep(struct hta_errlist *l, struct hta_err *first, const struct hta_err *e)
{
	if (e->code == HTA_ENOMEM) {
		*first = *e;
		return HTA_ENOMEM;
	}
	if (!first->code)
		*first = *e;
	if (l && hta_errlist_add(l, e->msg)) {
		hta_err_set(first, HTA_ENOMEM, "out of memory");
		return HTA_ENOMEM;
	}
	return 0;
}

int hta_errlist_append(struct hta_errlist *dst, const struct hta_errlist *src)
{
	for (size_t i = 0; i < src->n; i++)
		if (hta_errlist_add(dst, src->msg[i]))
			return HTA_ENOMEM;
	dst->total += src->total - src->n;
	return 0;
}

void hta_errlist_free(struct hta_errlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		hta_free(l->msg[i]);
	memset(l, 0, sizeof(*l));
}

uint64_t hta_hash_bytes(const void *p, size_t n)
{
	const unsigned char *b = p;
	uint64_t h = 1469598103934665603ULL;
	for (size_t i = 0; i < n; i++) {
		h ^= b[i];
		h *= 1099511628211ULL;
	}
	return h;
}

uint64_t hta_hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return h;
}

const char *hta_level_name(enum hta_level l)
{
	static const char *const names[] = { "policy", "procedure", "implemented",
					     "measured", "managed" };
	return (unsigned)l < HTA_LEVEL_COUNT ? names[l] : "?";
}

/* Days from 1970-01-01 to y-m-d (Howard Hinnant's civil-date algorithm). */
static int days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	int era = (y >= 0 ? y : y - 399) / 400;
	int yoe = y - era * 400;
	int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static int is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int hta_date_parse(const char *s, int *days)
{
	int v[3] = { 0, 0, 0 };
	static const int width[3] = { 4, 2, 2 };
	const char *p = s;
	for (int f = 0; f < 3; f++) {
		for (int i = 0; i < width[f]; i++, p++) {
			if (*p < '0' || *p > '9')
				return -1;
			v[f] = v[f] * 10 + (*p - '0');
		}
		if (f < 2 && *p++ != '-')
			return -1;
	}
	if (*p)
		return -1;
	static const int mdays[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (v[0] < 1900 || v[1] < 1 || v[1] > 12 || v[2] < 1)
		return -1;
	int max = mdays[v[1] - 1] + (v[1] == 2 && is_leap(v[0]));
	if (v[2] > max)
		return -1;
	*days = days_from_civil(v[0], v[1], v[2]);
	return 0;
}

void hta_date_format(int days, char out[11])
{
	int z = days + 719468;
	int era = (z >= 0 ? z : z - 146096) / 146097;
	int doe = z - era * 146097;
	int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int y = yoe + era * 400;
	int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int mp = (5 * doy + 2) / 153;
	int d = doy - (153 * mp + 2) / 5 + 1;
	int m = mp + (mp < 10 ? 3 : -9);
	y += m <= 2;
	if (y < 0 || y > 9999) { /* outside what hta_date_parse accepts */
		memcpy(out, "0000-00-00", 11);
		return;
	}
	out[0] = (char)('0' + y / 1000);
	out[1] = (char)('0' + y / 100 % 10);
	out[2] = (char)('0' + y / 10 % 10);
	out[3] = (char)('0' + y % 10);
	out[4] = '-';
	out[5] = (char)('0' + m / 10);
	out[6] = (char)('0' + m % 10);
	out[7] = '-';
	out[8] = (char)('0' + d / 10);
	out[9] = (char)('0' + d % 10);
	out[10] = 0;
}

int hta_date_today(void)
{
	return (int)(time(NULL) / 86400);
}
