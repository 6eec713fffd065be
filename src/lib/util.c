/*
 * util.c — error records, enum names and calendar dates.
 */
#include "hta/date.h"
#include "hta/hta.h"

#include <errno.h>
#include <stdarg.h>
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

int hta_err_set(struct hta_err *err, int code, const char *fmt, ...)
{
	if (!err)
		return code;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
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
	int n;
	if (line && col)
		n = snprintf(err->msg, sizeof(err->msg), "%s:%u:%u: ", file, line, col);
	else if (line)
		n = snprintf(err->msg, sizeof(err->msg), "%s:%u: ", file, line);
	else
		n = snprintf(err->msg, sizeof(err->msg), "%s: ", file);
	if (n < 0)
		n = 0;
	if ((size_t)n < sizeof(err->msg)) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(err->msg + n, sizeof(err->msg) - (size_t)n, fmt, ap);
		va_end(ap);
	}
	err_sanitize(err->msg, sizeof(err->msg));
	err->code = code;
	return code;
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
