/*
 * report_util.c — helpers the report renderers share: UTF-8 decoding and
 * the XML/HTML and JSON escapers, a streaming JSON writer (so the JSON
 * formats are written in one pass, in a fixed order, through the
 * library's allocator), and deterministic version 5 UUIDs for OSCAL.
 *
 * Escaping lives here, in one place, because every user-supplied string
 * (owners, reasons, notes, file names, the organisation) reaches several
 * formats and must be made inert in each.
 */
#include "report_int.h"

#include "hta/scope.h"

#include <openssl/evp.h>
#include <stdio.h>
#include <string.h>

/* U+FFFD REPLACEMENT CHARACTER, in UTF-8. */
#define REPLACEMENT "\xEF\xBF\xBD"

long hta_utf8_next(const char **s)
{
	const unsigned char *p = (const unsigned char *)*s;
	unsigned c = p[0];
	long cp;
	int n;
	if (c < 0x80) {
		*s += 1;
		return (long)c;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		n = 1;
		cp = c & 0x1F;
	} else if (c >= 0xE0 && c <= 0xEF) {
		n = 2;
		cp = c & 0x0F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		n = 3;
		cp = c & 0x07;
	} else {
		*s += 1;
		return -1;
	}
	for (int i = 1; i <= n; i++) {
		if ((p[i] & 0xC0) != 0x80) { /* also stops at the NUL */
			*s += 1;
			return -1;
		}
		cp = (cp << 6) | (p[i] & 0x3F);
	}
	/* Overlong forms, surrogates and values beyond U+10FFFF are invalid. */
	if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) || cp > 0x10FFFF ||
	    (cp >= 0xD800 && cp <= 0xDFFF)) {
		*s += 1;
		return -1;
	}
	*s += n + 1;
	return cp;
}

void hta_esc_xml(struct hta_buf *b, const char *s)
{
	if (!s)
		return;
	while (*s) {
		/* Copy the longest run that needs no escaping in one go. */
		const char *start = s;
		while (*s && (unsigned char)*s >= 0x20 && (unsigned char)*s < 0x7F && *s != '&' &&
		       *s != '<' && *s != '>' && *s != '"' && *s != '\'')
			s++;
		if (s > start)
			hta_buf_add(b, start, (size_t)(s - start));
		if (!*s)
			break;
		const char *ch = s;
		long cp = hta_utf8_next(&s);
		switch (cp) {
		case '&': hta_buf_puts(b, "&amp;"); break;
		case '<': hta_buf_puts(b, "&lt;"); break;
		case '>': hta_buf_puts(b, "&gt;"); break;
		case '"': hta_buf_puts(b, "&quot;"); break;
		case '\'': hta_buf_puts(b, "&#39;"); break;
		case '\t': case '\n': case '\r': hta_buf_add(b, ch, 1); break;
		default:
			/* C0 controls, DEL and C1 controls are not allowed (or not
			 * wanted) in XML; nor are U+FFFE and U+FFFF. */
			if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0xFFFE || cp == 0xFFFF)
				hta_buf_puts(b, REPLACEMENT);
			else
				hta_buf_add(b, ch, (size_t)(s - ch));
		}
	}
}

void hta_esc_json(struct hta_buf *b, const char *s)
{
	if (!s) {
		hta_buf_puts(b, "null");
		return;
	}
	hta_buf_add(b, "\"", 1);
	while (*s) {
		const char *start = s;
		while (*s && (unsigned char)*s >= 0x20 && (unsigned char)*s < 0x80 && *s != '"' &&
		       *s != '\\')
			s++;
		if (s > start)
			hta_buf_add(b, start, (size_t)(s - start));
		if (!*s)
			break;
		const char *ch = s;
		long cp = hta_utf8_next(&s);
		switch (cp) {
		case '"': hta_buf_puts(b, "\\\""); break;
		case '\\': hta_buf_puts(b, "\\\\"); break;
		case '\n': hta_buf_puts(b, "\\n"); break;
		case '\r': hta_buf_puts(b, "\\r"); break;
		case '\t': hta_buf_puts(b, "\\t"); break;
		default:
			if (cp < 0)
				hta_buf_puts(b, REPLACEMENT);
			else if (cp < 0x20)
				hta_buf_printf(b, "\\u%04lx", (unsigned long)cp);
			else
				hta_buf_add(b, ch, (size_t)(s - ch));
		}
	}
	hta_buf_add(b, "\"", 1);
}

void hta_fmt2(char out[32], double x)
{
	/* Never "-0.00": scores are not negative, but rounding noise may be. */
	if (x > -0.005 && x < 0.005)
		x = 0;
	snprintf(out, 32, "%.2f", x);
}

void hta_req_finding_codes(const struct hta_run *run, const char *id, const char *sep,
			   struct hta_buf *b)
{
	bool first = true;
	for (size_t k = 0; k < run->n_findings; k++) {
		const struct hta_run_finding *f = &run->findings[k];
		if (!f->req_id || strcmp(f->req_id, id) != 0)
			continue;
		if (!first)
			hta_buf_puts(b, sep);
		hta_buf_puts(b, hta_finding_name(f->code));
		first = false;
	}
}

/* ---- JSON writer ---- */

void hta_jw_init(struct hta_jw *w, struct hta_buf *b)
{
	memset(w, 0, sizeof(*w));
	w->b = b;
}

/* Comma, newline and indentation before an item, then its key. */
static void item(struct hta_jw *w, const char *key)
{
	if (w->nonempty[w->depth])
		hta_buf_add(w->b, ",", 1);
	w->nonempty[w->depth] = true;
	if (w->depth > 0) {
		hta_buf_add(w->b, "\n", 1);
		for (int i = 0; i < w->depth; i++)
			hta_buf_add(w->b, "  ", 2);
	}
	if (key) {
		hta_esc_json(w->b, key);
		hta_buf_add(w->b, ": ", 2);
	}
}

void hta_jw_open(struct hta_jw *w, const char *key, char c)
{
	if (w->depth + 1 >= HTA_JW_MAX_DEPTH) {
		w->b->failed = 1;
		return;
	}
	item(w, key);
	hta_buf_add(w->b, &c, 1);
	w->depth++;
	w->nonempty[w->depth] = false;
}

void hta_jw_close(struct hta_jw *w, char c)
{
	if (w->depth <= 0) {
		w->b->failed = 1;
		return;
	}
	bool had = w->nonempty[w->depth];
	w->depth--;
	if (had) {
		hta_buf_add(w->b, "\n", 1);
		for (int i = 0; i < w->depth; i++)
			hta_buf_add(w->b, "  ", 2);
	}
	hta_buf_add(w->b, &c, 1);
}

void hta_jw_str(struct hta_jw *w, const char *key, const char *s)
{
	item(w, key);
	hta_esc_json(w->b, s);
}

void hta_jw_int(struct hta_jw *w, const char *key, long long v)
{
	item(w, key);
	hta_buf_printf(w->b, "%lld", v);
}

void hta_jw_num2(struct hta_jw *w, const char *key, double x)
{
	char s[32];
	hta_fmt2(s, x);
	item(w, key);
	hta_buf_puts(w->b, s);
}

void hta_jw_bool(struct hta_jw *w, const char *key, bool v)
{
	item(w, key);
	hta_buf_puts(w->b, v ? "true" : "false");
}

void hta_jw_end(struct hta_jw *w)
{
	if (w->depth != 0)
		w->b->failed = 1;
	hta_buf_add(w->b, "\n", 1);
}

/* ---- UUIDs ---- */

/* The project's namespace for name-based UUIDs (a fixed random v4 UUID). */
static const unsigned char uuid_ns[16] = {
	0x6b, 0x1e, 0x9c, 0x52, 0x3a, 0x0d, 0x4f, 0x27,
	0x9e, 0x41, 0x58, 0xc3, 0x7d, 0x02, 0xa6, 0xf9,
};

int hta_uuid5(char out[37], const char *a, const char *b, const char *c)
{
	const char *part[3] = { a ? a : "", b ? b : "", c ? c : "" };
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	int ok = ctx && EVP_DigestInit_ex(ctx, EVP_sha1(), NULL) &&
		 EVP_DigestUpdate(ctx, uuid_ns, sizeof(uuid_ns));
	/* Each part with its NUL, so ("ab","c") and ("a","bc") differ. */
	for (int i = 0; ok && i < 3; i++)
		ok = EVP_DigestUpdate(ctx, part[i], strlen(part[i]) + 1);
	ok = ok && EVP_DigestFinal_ex(ctx, md, &mdlen) && mdlen >= 16;
	EVP_MD_CTX_free(ctx);
	if (!ok) {
		out[0] = 0;
		return -1;
	}
	md[6] = (unsigned char)((md[6] & 0x0F) | 0x50); /* version 5 */
	md[8] = (unsigned char)((md[8] & 0x3F) | 0x80); /* RFC 4122 variant */
	static const char hex[] = "0123456789abcdef";
	size_t o = 0;
	for (int i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			out[o++] = '-';
		out[o++] = hex[md[i] >> 4];
		out[o++] = hex[md[i] & 15];
	}
	out[o] = 0;
	return 0;
}
