/*
 * import_src.c — the importers' common ground: format names, the status
 * table of contract 8.3, date-time parsing, reading a result file (plain,
 * or bzip2/gzip/xz through libarchive: never a shell-out) and telling
 * which format a file looks like from its first bytes.
 */
#include "import_int.h"
#include "hta/date.h"

#include <archive.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const format_names[HTA_IMPORT_FORMAT_COUNT] = {
	"prowler-ocsf", "prowler-csv", "asff", "xccdf", "inspec"
};

const char *hta_import_format_name(enum hta_import_format f)
{
	return (unsigned)f < HTA_IMPORT_FORMAT_COUNT ? format_names[f] : "?";
}

int hta_import_format_parse(const char *s)
{
	for (int i = 0; i < HTA_IMPORT_FORMAT_COUNT; i++)
		if (strcmp(s, format_names[i]) == 0)
			return i;
	return -1;
}

bool import_word_is(const char *s, size_t n, const char *lit)
{
	size_t l = strlen(lit);
	if (l != n)
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char a = (unsigned char)s[i], b = (unsigned char)lit[i];
		if (a >= 'A' && a <= 'Z')
			a = (unsigned char)(a - 'A' + 'a');
		if (b >= 'A' && b <= 'Z')
			b = (unsigned char)(b - 'A' + 'a');
		if (a != b)
			return false;
	}
	return true;
}

static bool word_in(const char *s, size_t n, const char *const *list)
{
	for (; *list; list++)
		if (import_word_is(s, n, *list))
			return true;
	return false;
}

/* The table of contract 8.3, one row per format. */
enum hta_result_class hta_import_classify(enum hta_import_format format,
					   const char *word, size_t n)
{
	static const char *const pr_pass[] = { "PASS", NULL }, *const pr_left[] = { "MANUAL", NULL };
	static const char *const as_pass[] = { "PASSED", NULL },
		*const as_fail[] = { "FAILED", "WARNING", "NOT_AVAILABLE", NULL };
	static const char *const xc_pass[] = { "pass", "fixed", NULL },
		*const xc_left[] = { "notapplicable", "notchecked", "notselected",
				     "informational", NULL };
	static const char *const in_pass[] = { "passed", NULL }, *const in_left[] = { "skipped", NULL };
	switch (format) {
	case HTA_IMPORT_PROWLER_OCSF:
	case HTA_IMPORT_PROWLER_CSV:
		if (word_in(word, n, pr_pass))
			return HTA_RESULT_PASS;
		return word_in(word, n, pr_left) ? HTA_RESULT_LEFT_OUT : HTA_RESULT_FAIL;
	case HTA_IMPORT_ASFF:
		if (word_in(word, n, as_pass))
			return HTA_RESULT_PASS;
		return word_in(word, n, as_fail) ? HTA_RESULT_FAIL : HTA_RESULT_LEFT_OUT;
	case HTA_IMPORT_XCCDF:
		if (word_in(word, n, xc_pass))
			return HTA_RESULT_PASS;
		return word_in(word, n, xc_left) ? HTA_RESULT_LEFT_OUT : HTA_RESULT_FAIL;
	case HTA_IMPORT_INSPEC:
		if (word_in(word, n, in_pass))
			return HTA_RESULT_PASS;
		return word_in(word, n, in_left) ? HTA_RESULT_LEFT_OUT : HTA_RESULT_FAIL;
	default:
		return HTA_RESULT_FAIL;
	}
}

/* ---- time ---- */

static long long days_from_civil(long long y, unsigned m, unsigned d)
{
	y -= m <= 2;
	long long era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (long long)doe - 719468;
}

static bool leap(long y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Read exactly `w` digits at *p (bounded by e). */
static int digits(const char **p, const char *e, int w, long *out)
{
	long v = 0;
	if (e - *p < w)
		return -1;
	for (int i = 0; i < w; i++) {
		char ch = (*p)[i];
		if (ch < '0' || ch > '9')
			return -1;
		v = v * 10 + (ch - '0');
	}
	*p += w;
	*out = v;
	return 0;
}

static int parse_zone(const char *p, const char *e, long *off)
{
	*off = 0;
	if (p == e)
		return 0;
	if ((*p == 'Z' || *p == 'z') && p + 1 == e)
		return 0;
	if (*p != '+' && *p != '-')
		return -1;
	int sign = *p == '-' ? -1 : 1;
	long hh, mm = 0;
	p++;
	if (digits(&p, e, 2, &hh))
		return -1;
	if (p < e && *p == ':')
		p++;
	if (p < e && digits(&p, e, 2, &mm))
		return -1;
	if (p != e || hh > 23 || mm > 59)
		return -1;
	*off = sign * (hh * 3600 + mm * 60);
	return 0;
}

int hta_import_time_parse(const char *s, size_t n, long long *out)
{
	static const unsigned mdays[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	const char *p = s, *e = s + n;
	long y, mo, d, hh = 0, mi = 0, ss = 0, off = 0;
	if (digits(&p, e, 4, &y) || p == e || *p++ != '-' || digits(&p, e, 2, &mo) ||
	    p == e || *p++ != '-' || digits(&p, e, 2, &d))
		return -1;
	if (y < 1900 || mo < 1 || mo > 12 || d < 1)
		return -1;
	if (d > (long)mdays[mo - 1] + (mo == 2 && leap(y)))
		return -1;
	if (p < e) {
		if (*p != 'T' && *p != 't' && *p != ' ')
			return -1;
		p++;
		if (digits(&p, e, 2, &hh) || p == e || *p++ != ':' || digits(&p, e, 2, &mi))
			return -1;
		if (p < e && *p == ':') {
			p++;
			if (digits(&p, e, 2, &ss))
				return -1;
			if (p < e && (*p == '.' || *p == ',')) {
				const char *f = ++p;
				while (p < e && *p >= '0' && *p <= '9')
					p++;
				if (p == f)
					return -1;
			}
		}
		if (p < e && *p == ' ' && p + 1 < e && (p[1] == '+' || p[1] == '-' || p[1] == 'Z'))
			p++;
		if (hh > 23 || mi > 59 || ss > 60 || parse_zone(p, e, &off))
			return -1;
		if (ss == 60)
			ss = 59;
	}
	long long days = days_from_civil(y, (unsigned)mo, (unsigned)d);
	*out = days * 86400 + hh * 3600 + mi * 60 + ss - off;
	return 0;
}

int hta_import_epoch(double v, long long *out)
{
	if (!isfinite(v) || v <= 0 || v >= 1e17)
		return -1;
	if (v > 1e11)
		v /= 1000.0;
	*out = (long long)v;
	return 0;
}

int import_time_check(const struct import_ctx *c, long long t, char *msg, size_t n)
{
	long long day = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
	if (day > c->im->opts.today) {
		char d1[11], d2[11];
		int dd = day > 2932896 ? 2932896 : (int)day; /* 9999-12-31 */
		hta_date_format(dd, d1);
		hta_date_format(c->im->opts.today, d2);
		snprintf(msg, n, "result time %s is in the future (today is %s)", d1, d2);
		return -1;
	}
	return 0;
}

/* ---- reading ---- */

int import_src_open(struct import_src *src, const char *path, struct hta_err *err)
{
	memset(src, 0, sizeof(*src));
	src->fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (src->fd < 0)
		return hta_err_set(err, HTA_EIO, "cannot read '%s': %s", path, strerror(errno));
	struct stat st;
	if (fstat(src->fd, &st) || !S_ISREG(st.st_mode)) {
		close(src->fd);
		src->fd = -1;
		return hta_err_set(err, HTA_EIO, "cannot read '%s': not a regular file", path);
	}
	src->dev = st.st_dev;
	src->ino = st.st_ino;
	int fl = fcntl(src->fd, F_GETFL);
	if (fl >= 0)
		fcntl(src->fd, F_SETFL, fl & ~O_NONBLOCK);
	src->peek = hta_malloc(IMPORT_PEEK);
	if (!src->peek) {
		import_src_close(src);
		return hta_err_set(err, HTA_ENOMEM, "out of memory");
	}
	unsigned char magic[6] = { 0 };
	ssize_t m = pread(src->fd, magic, sizeof(magic), 0);
	bool packed = m >= 3 && ((magic[0] == 'B' && magic[1] == 'Z' && magic[2] == 'h') ||
				 (magic[0] == 0x1f && magic[1] == 0x8b) ||
				 (m >= 6 && magic[0] == 0xfd && memcmp(magic + 1, "7zXZ", 4) == 0));
	if (packed) {
		src->ar = archive_read_new();
		if (!src->ar || archive_read_support_filter_all(src->ar) != ARCHIVE_OK ||
		    archive_read_support_format_raw(src->ar) != ARCHIVE_OK ||
		    archive_read_open_fd(src->ar, src->fd, 65536) != ARCHIVE_OK) {
			/* libarchive reads the stream's first block while opening:
			 * a corrupt one is bad input, like one found later; only
			 * the system failing to read or to give memory is not */
			int e = src->ar ? archive_errno(src->ar) : ENOMEM;
			int code = e == ENOMEM ? HTA_ENOMEM
				   : e == EIO || e == EMFILE || e == ENFILE ? HTA_EIO : HTA_EINVAL;
			hta_err_set(err, code, "cannot read '%s': %s", path,
				    src->ar && archive_error_string(src->ar)
					    ? archive_error_string(src->ar) : "out of memory");
			import_src_close(src);
			return code;
		}
		struct archive_entry *ent;
		if (archive_read_next_header(src->ar, &ent) != ARCHIVE_OK) {
			hta_err_set(err, HTA_EINVAL, "cannot read '%s': %s", path,
				    archive_error_string(src->ar));
			import_src_close(src);
			return HTA_EINVAL;
		}
	}
	/* fill the peek buffer */
	while (src->peek_len < IMPORT_PEEK) {
		ssize_t r;
		if (src->ar)
			r = archive_read_data(src->ar, src->peek + src->peek_len, IMPORT_PEEK - src->peek_len);
		else
			r = read(src->fd, src->peek + src->peek_len, IMPORT_PEEK - src->peek_len);
		if (r < 0 && !src->ar && errno == EINTR)
			continue;
		if (r < 0) {
			hta_err_set(err, HTA_EINVAL, "cannot read '%s': %s", path,
				    src->ar ? archive_error_string(src->ar) : strerror(errno));
			import_src_close(src);
			return HTA_EINVAL;
		}
		if (r == 0)
			break;
		src->peek_len += (size_t)r;
	}
	return 0;
}

ssize_t import_src_read(struct import_src *src, char *buf, size_t n)
{
	if (src->peek_off < src->peek_len) {
		size_t k = src->peek_len - src->peek_off;
		if (k > n)
			k = n;
		memcpy(buf, src->peek + src->peek_off, k);
		src->peek_off += k;
		return (ssize_t)k;
	}
	if (src->peek_len < IMPORT_PEEK)
		return 0; /* the whole file fit in the peek buffer */
	for (;;) {
		ssize_t r;
		if (src->ar) {
			r = archive_read_data(src->ar, buf, n);
			if (r < 0)
				snprintf(src->errmsg, sizeof(src->errmsg), "%s",
					 archive_error_string(src->ar));
			return r < 0 ? -1 : r;
		}
		r = read(src->fd, buf, n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			snprintf(src->errmsg, sizeof(src->errmsg), "%s", strerror(errno));
		return r;
	}
}

void import_src_close(struct import_src *src)
{
	if (src->ar) {
		archive_read_free(src->ar);
		src->ar = NULL;
	}
	if (src->fd >= 0)
		close(src->fd);
	src->fd = -1;
	hta_free(src->peek);
	src->peek = NULL;
}

/* ---- sniffing ---- */

/* True when `"key"` followed by optional spaces and ':' occurs in buf. */
static bool has_key(const char *buf, size_t n, const char *key)
{
	size_t kl = strlen(key);
	const char *p = buf, *e = buf + n;
	while ((p = memmem(p, (size_t)(e - p), key, kl)) != NULL) {
		const char *q = p + kl;
		if (p > buf && p[-1] == '"' && q < e && *q == '"') {
			q++;
			while (q < e && (*q == ' ' || *q == '\t' || *q == '\r' || *q == '\n'))
				q++;
			if (q < e && *q == ':')
				return true;
		}
		p++;
	}
	return false;
}

static bool has(const char *buf, size_t n, const char *s)
{
	return memmem(buf, n, s, strlen(s)) != NULL;
}

int import_sniff(const char *buf, size_t n, const char **what)
{
	size_t i = 0;
	*what = NULL;
	if (n >= 3 && (unsigned char)buf[0] == 0xef && (unsigned char)buf[1] == 0xbb &&
	    (unsigned char)buf[2] == 0xbf)
		i = 3;
	while (i < n && (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\r' || buf[i] == '\n'))
		i++;
	if (i == n) {
		*what = "an empty file";
		return -1;
	}
	if (buf[i] == '<') {
		if (has(buf, n, "asset-report-collection") || has(buf, n, "checklists.nist.gov/xccdf"))
			return HTA_IMPORT_XCCDF;
		if (has(buf, n, "oval_results") || has(buf, n, "oval-results") ||
		    has(buf, n, "oval-definitions"))
			*what = "OVAL XML";
		else if (has(buf, n, "<testsuite"))
			*what = "JUnit XML";
		else
			*what = "XML that is not XCCDF";
		return -1;
	}
	if (buf[i] == '{' || buf[i] == '[') {
		if (has_key(buf, n, "event_code") || has_key(buf, n, "class_uid"))
			return HTA_IMPORT_PROWLER_OCSF;
		if (has_key(buf, n, "GeneratorId") || has_key(buf, n, "AwsAccountId"))
			return HTA_IMPORT_ASFF;
		if (has_key(buf, n, "profiles") || has_key(buf, n, "other_checks") ||
		    (has_key(buf, n, "controls") && has_key(buf, n, "code_desc")))
			return HTA_IMPORT_INSPEC;
		if (has_key(buf, n, "Totals") || has_key(buf, n, "node_type") ||
		    has_key(buf, n, "test_number"))
			*what = "kube-bench JSON";
		else if (has_key(buf, n, "ArtifactName") || has_key(buf, n, "Misconfigurations") ||
			 has_key(buf, n, "ClusterName"))
			*what = "Trivy JSON";
		else if (has_key(buf, n, "runs") && has_key(buf, n, "$schema"))
			*what = "SARIF JSON";
		return -1;
	}
	/* CSV: the header line */
	const char *nl = memchr(buf + i, '\n', n - i);
	size_t ll = nl ? (size_t)(nl - (buf + i)) : n - i;
	if (memmem(buf + i, ll, "CHECK_ID", 8)) {
		if (memchr(buf + i, ';', ll))
			return HTA_IMPORT_PROWLER_CSV;
		*what = "a CSV file with CHECK_ID but not ';'-separated (an older Prowler CSV?)";
	}
	return -1;
}
