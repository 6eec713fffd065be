/*
 * workbook_xlsx.c — read one sheet of an XLSX workbook as rows of cells.
 *
 * The zip is libzip's; every XML part is streamed through libxml2's
 * xmlTextReader fed by zip_fread(), so no part is ever held whole: the
 * bytes it inflates to are counted as they come and a part is refused the
 * moment it passes HTA_WB_MAX_PART, whatever its zip header claims (a zip
 * bomb's header lies). The parser never touches the network, refuses any
 * DTD (so no entity is declared, let alone expanded), and reports through
 * a structured handler instead of printing.
 *
 * Parts read, in order: _rels/.rels (where the workbook is),
 * workbook.xml (the sheets, the 1904 date flag), its relationships (the
 * sheet's part, the shared strings), the shared strings (kept: cells refer
 * to them by index), then the sheet, row by row. What a sheet from Excel,
 * LibreOffice or libxlsxwriter may hold is accepted: `r` references or
 * none, shared or inline strings, rich-text runs, phonetic runs (skipped),
 * formulas (their cached value is read), numbers, booleans, _xHHHH_
 * escapes.
 */
#include "hta/workbook.h"

#include <errno.h>
#include <fcntl.h>
#include <libxml/xmlreader.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#define NOMEM(err) hta_err_set((err), HTA_ENOMEM, "out of memory")

void hta_wb_colname(unsigned col, char out[4])
{
	char tmp[4];
	int n = 0;
	if (col == 0 || col > HTA_WB_MAX_COLS) {
		memcpy(out, "?", 2);
		return;
	}
	while (col && n < 3) {
		col--;
		tmp[n++] = (char)('A' + col % 26);
		col /= 26;
	}
	for (int i = 0; i < n; i++)
		out[i] = tmp[n - 1 - i];
	out[n] = 0;
}

/* ---- the reader's state ---- */

struct xrow_cell {
	unsigned col;
	size_t off, len;
	bool number, boolean;
};

struct xr {
	const char *file;          /* display name */
	struct hta_err *err;
	zip_t *za;
	/* the part being read */
	const char *part;
	zip_file_t *zf;
	unsigned long long inflated;
	bool bomb, zerr;
	xmlTextReaderPtr rd;
	char xmlmsg[200];          /* the parser's first complaint */
	int xmlline;
	/* shared strings */
	struct hta_arena arena;
	const char **sst;
	size_t n_sst, cap_sst;
	/* text being gathered (one string or cell) */
	char *text;
	size_t tlen, tcap;
	/* the row being read */
	struct xrow_cell *cells;
	size_t n_cells, cap_cells;
	char *rbuf;
	size_t rlen, rcap;
	struct hta_cell *out;
	size_t cap_out;
	/* styles: which cell formats (cellXfs index) show a number as a percent */
	unsigned char *pct;
	size_t n_xf;
	struct hta_xlsx_info info;
	struct hta_xlsx_info *user_info; /* the caller's, filled before the rows */
	hta_row_fn fn;
	void *ctx;
};

static int fail(struct xr *x, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(struct xr *x, const char *fmt, ...)
{
	char msg[400];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return hta_err_set(x->err, HTA_EINVAL, "%s: %s", x->file, msg);
}

/* An error about the cell at (row, col) of the sheet. */
static int cell_fail(struct xr *x, unsigned row, unsigned col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static int cell_fail(struct xr *x, unsigned row, unsigned col, const char *fmt, ...)
{
	char msg[400], cn[4];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	hta_wb_colname(col, cn);
	return hta_err_set(x->err, HTA_EINVAL, "%s:%s!%s%u: %s", x->file, x->info.sheet, cn, row,
			   msg);
}

/* ---- parts: zip entry -> xmlTextReader ---- */

static int part_read(void *ctx, char *buf, int len)
{
	struct xr *x = ctx;
	if (len <= 0)
		return 0;
	zip_int64_t r = zip_fread(x->zf, buf, (zip_uint64_t)len);
	if (r < 0) {
		x->zerr = true;
		return -1;
	}
	x->inflated += (unsigned long long)r;
	if (x->inflated > HTA_WB_MAX_PART) {
		x->bomb = true;
		return -1;
	}
	return (int)r;
}

static int part_close(void *ctx)
{
	(void)ctx;
	return 0;
}

static void xml_error(void *ctx, xmlErrorPtr e)
{
	struct xr *x = ctx;
	if (x->xmlmsg[0] || !e)
		return;
	snprintf(x->xmlmsg, sizeof(x->xmlmsg), "%s", e->message ? e->message : "error");
	size_t n = strlen(x->xmlmsg);
	while (n && (x->xmlmsg[n - 1] == '\n' || x->xmlmsg[n - 1] == ' '))
		x->xmlmsg[--n] = 0;
	for (char *c = x->xmlmsg; *c; c++)
		if ((unsigned char)*c < 0x20)
			*c = ' ';
	x->xmlline = e->line;
}

static void part_end(struct xr *x)
{
	if (x->rd)
		xmlFreeTextReader(x->rd);
	x->rd = NULL;
	if (x->zf)
		zip_fclose(x->zf);
	x->zf = NULL;
	x->part = NULL;
}

/*
 * Open part `name` for streaming. 1 opened, 0 absent (when `optional`),
 * negative on error.
 */
static int part_begin(struct xr *x, const char *name, bool optional)
{
	zip_int64_t idx = zip_name_locate(x->za, name, 0);
	if (idx < 0)
		return optional ? 0 : fail(x, "%s is missing: not an XLSX workbook", name);
	zip_stat_t st;
	zip_stat_init(&st);
	if (zip_stat_index(x->za, (zip_uint64_t)idx, 0, &st) == 0 && (st.valid & ZIP_STAT_SIZE) &&
	    st.size > HTA_WB_MAX_PART)
		return fail(x, "%s inflates to %llu bytes, over the limit of %u; refused", name,
			    (unsigned long long)st.size, HTA_WB_MAX_PART);
	if (!(x->zf = zip_fopen_index(x->za, (zip_uint64_t)idx, 0)))
		return fail(x, "%s cannot be read: %s", name, zip_strerror(x->za));
	x->part = name;
	x->inflated = 0;
	x->bomb = x->zerr = false;
	x->xmlmsg[0] = 0;
	x->rd = xmlReaderForIO(part_read, part_close, x, NULL, NULL,
			       XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_COMPACT);
	if (!x->rd) {
		part_end(x);
		return NOMEM(x->err);
	}
	xmlTextReaderSetStructuredErrorHandler(x->rd, xml_error, x);
	return 1;
}

/*
 * The next node of the part: 1 a node, 0 the end, negative an error (a
 * DTD, malformed XML, a bomb, a zip error).
 */
static int next(struct xr *x)
{
	int r = xmlTextReaderRead(x->rd);
	if (r == 1 && xmlTextReaderNodeType(x->rd) == XML_READER_TYPE_DOCUMENT_TYPE)
		return fail(x, "%s has a DTD (<!DOCTYPE>); refused", x->part);
	if (r == 1 && xmlTextReaderNodeType(x->rd) == XML_READER_TYPE_ENTITY_REFERENCE)
		return fail(x, "%s refers to an entity; refused", x->part);
	if (r >= 0)
		return r;
	if (x->bomb)
		return fail(x, "%s inflates past %u bytes; refused (a zip bomb?)", x->part,
			    HTA_WB_MAX_PART);
	if (x->zerr)
		return fail(x, "%s cannot be read: %s", x->part,
			    zip_file_strerror(x->zf));
	if (x->xmlmsg[0])
		return fail(x, "%s line %d: malformed XML: %s", x->part, x->xmlline, x->xmlmsg);
	return fail(x, "%s: malformed XML", x->part);
}

static const char *lname(struct xr *x)
{
	const xmlChar *n = xmlTextReaderConstLocalName(x->rd);
	return n ? (const char *)n : "";
}

static bool is_start(struct xr *x, const char *name)
{
	return xmlTextReaderNodeType(x->rd) == XML_READER_TYPE_ELEMENT && strcmp(lname(x), name) == 0;
}

static bool is_end(struct xr *x, const char *name)
{
	return xmlTextReaderNodeType(x->rd) == XML_READER_TYPE_END_ELEMENT &&
	       strcmp(lname(x), name) == 0;
}

/* Attribute `name` (local name; `ns` true: any namespace, else none) as a
 * heap string, or NULL. */
static char *attr(struct xr *x, const char *name, bool ns)
{
	char *v = NULL;
	if (xmlTextReaderMoveToFirstAttribute(x->rd) != 1)
		return NULL;
	do {
		const xmlChar *uri = xmlTextReaderConstNamespaceUri(x->rd);
		if (strcmp(lname(x), name) == 0 && (ns ? uri != NULL : uri == NULL)) {
			const xmlChar *val = xmlTextReaderConstValue(x->rd);
			v = hta_strdup(val ? (const char *)val : "");
			break;
		}
	} while (xmlTextReaderMoveToNextAttribute(x->rd) == 1);
	xmlTextReaderMoveToElement(x->rd);
	return v;
}

/* ---- gathered text ---- */

static int text_add(struct xr *x, const char *s, size_t n, unsigned limit)
{
	if (x->tlen + n > limit)
		return 1;
	if (x->tlen + n + 1 > x->tcap) {
		size_t cap = x->tcap ? x->tcap : 256;
		while (cap < x->tlen + n + 1)
			cap *= 2;
		char *t = hta_realloc(x->text, cap);
		if (!t)
			return -1;
		x->text = t;
		x->tcap = cap;
	}
	memcpy(x->text + x->tlen, s, n);
	x->tlen += n;
	x->text[x->tlen] = 0;
	return 0;
}

/* Text of the current node (text or whitespace) into the gathered text. */
static int text_node(struct xr *x, unsigned limit)
{
	int t = xmlTextReaderNodeType(x->rd);
	if (t != XML_READER_TYPE_TEXT && t != XML_READER_TYPE_CDATA &&
	    t != XML_READER_TYPE_WHITESPACE && t != XML_READER_TYPE_SIGNIFICANT_WHITESPACE)
		return 0;
	const xmlChar *v = xmlTextReaderConstValue(x->rd);
	if (!v)
		return 0;
	return text_add(x, (const char *)v, strlen((const char *)v), limit);
}

static int hexval(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
	       : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/*
 * Undo the OOXML escape of characters XML cannot hold: "_xHHHH_" is the
 * character U+HHHH ("_x005F_" an underscore), in place. NUL, surrogates
 * and an escape of nothing valid stay as written.
 */
static void unescape_x(char *s, size_t *len)
{
	size_t o = 0, n = *len;
	for (size_t i = 0; i < n;) {
		if (i + 7 <= n && s[i] == '_' && s[i + 1] == 'x' && s[i + 6] == '_') {
			int h[4], ok = 1;
			for (int k = 0; k < 4; k++)
				ok &= (h[k] = hexval(s[i + 2 + k])) >= 0;
			unsigned cp = ok ? (unsigned)(h[0] << 12 | h[1] << 8 | h[2] << 4 | h[3]) : 0;
			if (ok && cp && (cp < 0xD800 || cp > 0xDFFF)) {
				if (cp < 0x80) {
					s[o++] = (char)cp;
				} else if (cp < 0x800) {
					s[o++] = (char)(0xC0 | cp >> 6);
					s[o++] = (char)(0x80 | (cp & 0x3F));
				} else {
					s[o++] = (char)(0xE0 | cp >> 12);
					s[o++] = (char)(0x80 | ((cp >> 6) & 0x3F));
					s[o++] = (char)(0x80 | (cp & 0x3F));
				}
				i += 7;
				continue;
			}
		}
		s[o++] = s[i++];
	}
	s[o] = 0;
	*len = o;
}

/* ---- package structure ---- */

/* Resolve `target` against the directory of part `base` ("xl/workbook.xml"). */
static char *resolve(const char *base, const char *target)
{
	char path[1024];
	size_t n = 0;
	if (target[0] == '/') {
		target++;
	} else {
		const char *sl = strrchr(base, '/');
		if (sl) {
			n = (size_t)(sl - base) + 1;
			if (n >= sizeof(path))
				return NULL;
			memcpy(path, base, n);
		}
	}
	/* append target segment by segment, resolving . and .. */
	for (const char *s = target; *s;) {
		size_t l = strcspn(s, "/");
		if (l == 2 && s[0] == '.' && s[1] == '.') {
			if (n)
				n--;
			while (n && path[n - 1] != '/')
				n--;
		} else if (!(l == 1 && s[0] == '.') && l) {
			if (n + l + 1 >= sizeof(path))
				return NULL;
			memcpy(path + n, s, l);
			n += l;
			if (s[l] == '/')
				path[n++] = '/';
		}
		s += l;
		if (*s == '/')
			s++;
	}
	path[n] = 0;
	return hta_strdup(path);
}

/* The relationships part of part `p`: "xl/_rels/workbook.xml.rels". */
static char *rels_of(const char *p)
{
	const char *sl = strrchr(p, '/');
	size_t d = sl ? (size_t)(sl - p) + 1 : 0;
	size_t len = d + strlen("_rels/") + strlen(p + d) + strlen(".rels") + 1;
	char *r = hta_malloc(len);
	if (r)
		snprintf(r, len, "%.*s_rels/%s.rels", (int)d, p, p + d);
	return r;
}

struct rel {
	char *id, *type, *target;
};

static void rels_free(struct rel *r, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		hta_free(r[i].id);
		hta_free(r[i].type);
		hta_free(r[i].target);
	}
	hta_free(r);
}

/* Read the relationships of part `rels` (absent: none). */
static int read_rels(struct xr *x, const char *rels, struct rel **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	int rc = part_begin(x, rels, true);
	if (rc <= 0)
		return rc;
	size_t cap = 0;
	while ((rc = next(x)) == 1) {
		if (!is_start(x, "Relationship"))
			continue;
		if (*n >= 10000) {
			rc = fail(x, "%s has more than 10000 relationships; refused", rels);
			break;
		}
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			struct rel *nr = hta_realloc(*out, cap * sizeof(*nr));
			if (!nr) {
				rc = NOMEM(x->err);
				break;
			}
			*out = nr;
		}
		struct rel *r = &(*out)[(*n)++];
		r->id = attr(x, "Id", false);
		r->type = attr(x, "Type", false);
		r->target = attr(x, "Target", false);
		if (!r->id || !r->type || !r->target) {
			rc = fail(x, "%s: a relationship without Id, Type or Target", rels);
			break;
		}
	}
	part_end(x);
	if (rc < 0) {
		rels_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return rc < 0 ? rc : 0;
}

static bool ends_with(const char *s, const char *sfx)
{
	size_t a = strlen(s), b = strlen(sfx);
	return a >= b && strcmp(s + a - b, sfx) == 0;
}

/* Find the workbook part, its sheet to read, the shared strings and styles parts. */
static int find_parts(struct xr *x, const char *want, char **wb, char **sheet, char **sst,
		      char **sty)
{
	struct rel *r = NULL;
	size_t n = 0;
	char *wrels = NULL, *sheet_rid = NULL, *first_rid = NULL;
	int rc;
	*wb = *sheet = *sst = *sty = NULL;
	if ((rc = read_rels(x, "_rels/.rels", &r, &n)))
		return rc;
	for (size_t i = 0; i < n && !*wb; i++)
		if (ends_with(r[i].type, "/officeDocument"))
			*wb = resolve("", r[i].target);
	rels_free(r, n);
	r = NULL;
	n = 0;
	if (!*wb && !(*wb = hta_strdup("xl/workbook.xml")))
		return NOMEM(x->err);
	/* workbook.xml: the sheets and the date system */
	if ((rc = part_begin(x, *wb, false)) < 0)
		return rc;
	while ((rc = next(x)) == 1) {
		if (is_start(x, "workbookPr")) {
			char *d = attr(x, "date1904", false);
			x->info.date1904 = d && (strcmp(d, "1") == 0 || strcmp(d, "true") == 0);
			hta_free(d);
		} else if (is_start(x, "sheet")) {
			char *name = attr(x, "name", false), *rid = attr(x, "id", true);
			if (rid && !first_rid) {
				first_rid = hta_strdup(rid);
				snprintf(x->info.sheet, sizeof(x->info.sheet), "%s", name ? name : "");
			}
			if (rid && name && want && strcmp(name, want) == 0 && !sheet_rid) {
				sheet_rid = hta_strdup(rid);
				snprintf(x->info.sheet, sizeof(x->info.sheet), "%s", name);
			}
			hta_free(name);
			hta_free(rid);
		}
	}
	part_end(x);
	if (rc < 0)
		goto out;
	if (!first_rid) {
		rc = fail(x, "%s names no sheet", *wb);
		goto out;
	}
	if (!(wrels = rels_of(*wb))) {
		rc = NOMEM(x->err);
		goto out;
	}
	if ((rc = read_rels(x, wrels, &r, &n)))
		goto out;
	const char *rid = sheet_rid ? sheet_rid : first_rid;
	for (size_t i = 0; i < n; i++) {
		if (!*sheet && strcmp(r[i].id, rid) == 0)
			*sheet = resolve(*wb, r[i].target);
		if (!*sst && ends_with(r[i].type, "/sharedStrings"))
			*sst = resolve(*wb, r[i].target);
		if (!*sty && ends_with(r[i].type, "/styles"))
			*sty = resolve(*wb, r[i].target);
	}
	if (!*sheet)
		rc = fail(x, "%s: sheet '%s' has no part (relationship %s)", *wb, x->info.sheet, rid);
out:
	rels_free(r, n);
	hta_free(wrels);
	hta_free(sheet_rid);
	hta_free(first_rid);
	return rc < 0 ? rc : 0;
}

/* ---- styles: percent formats ---- */

/* Does a number format show its value as a percent ('%' outside quotes)? */
static bool pct_code(const char *code)
{
	bool q = false;
	for (const char *p = code; p && *p; p++) {
		if (*p == '"')
			q = !q;
		else if (!q && *p == '\\' && p[1])
			p++;
		else if (!q && *p == '%')
			return true;
	}
	return false;
}

static long num_attr(struct xr *x, const char *name)
{
	char *v = attr(x, name, false), *end = NULL;
	long n = v ? strtol(v, &end, 10) : -1;
	if (!v || end == v || *end || n < 0)
		n = -1;
	hta_free(v);
	return n;
}

/*
 * Read the styles part for one fact: which cell formats show a number as
 * a percent (built-in formats 9 and 10, or a custom code with '%'). A
 * spreadsheet keeps "85%" typed in a cell as 0.85 in such a format; the
 * sheet reader gives the percent shown (85), as a person reads the cell.
 * A workbook without a styles part has no percent formats.
 */
static int read_styles(struct xr *x, const char *part)
{
	enum { MAX_FMT = 1024, MAX_XF = 65536 };
	long fid[MAX_FMT];
	bool fpct[MAX_FMT];
	size_t nf = 0, cap = 0;
	bool in_fmts = false, in_xfs = false;
	int rc = part_begin(x, part, true);
	if (rc <= 0)
		return rc < 0 ? rc : 0;
	while ((rc = next(x)) == 1) {
		if (is_start(x, "numFmts") || is_end(x, "numFmts")) {
			in_fmts = is_start(x, "numFmts") && !xmlTextReaderIsEmptyElement(x->rd);
		} else if (is_start(x, "cellXfs") || is_end(x, "cellXfs")) {
			in_xfs = is_start(x, "cellXfs") && !xmlTextReaderIsEmptyElement(x->rd);
		} else if (in_fmts && is_start(x, "numFmt") && nf < MAX_FMT) {
			char *code = attr(x, "formatCode", false);
			fid[nf] = num_attr(x, "numFmtId");
			fpct[nf++] = pct_code(code);
			hta_free(code);
		} else if (in_xfs && is_start(x, "xf") && x->n_xf < MAX_XF) {
			long id = num_attr(x, "numFmtId");
			bool p = id == 9 || id == 10;
			for (size_t i = 0; i < nf && !p; i++)
				p = fid[i] == id && fpct[i];
			if (x->n_xf == cap) {
				size_t nc = cap ? cap * 2 : 64;
				unsigned char *np = hta_arena_array(&x->arena, nc, 1);
				if (!np) {
					rc = NOMEM(x->err);
					break;
				}
				if (cap)
					memcpy(np, x->pct, cap);
				x->pct = np;
				cap = nc;
			}
			x->pct[x->n_xf++] = p;
		}
	}
	part_end(x);
	return rc < 0 ? rc : 0;
}

/* ---- shared strings ---- */

static int read_sst(struct xr *x, const char *part)
{
	int rc = part_begin(x, part, true);
	if (rc <= 0)
		return rc;
	int in_si = 0, in_t = 0, in_rph = 0;
	while ((rc = next(x)) == 1) {
		if (is_start(x, "si")) {
			in_si = 1;
			x->tlen = 0;
			if (x->text)
				x->text[0] = 0;
			if (xmlTextReaderIsEmptyElement(x->rd))
				goto add;
		} else if (in_si && is_start(x, "rPh")) {
			in_rph = !xmlTextReaderIsEmptyElement(x->rd);
		} else if (in_si && is_end(x, "rPh")) {
			in_rph = 0;
		} else if (in_si && !in_rph && is_start(x, "t")) {
			in_t = !xmlTextReaderIsEmptyElement(x->rd);
		} else if (is_end(x, "t")) {
			in_t = 0;
		} else if (in_t && !in_rph) {
			int t = text_node(x, HTA_WB_MAX_CELL);
			if (t < 0) {
				rc = NOMEM(x->err);
				break;
			}
			if (t > 0) {
				rc = fail(x, "%s: shared string %zu is longer than %u bytes; refused",
					  part, x->n_sst, HTA_WB_MAX_CELL);
				break;
			}
		} else if (is_end(x, "si")) {
add:
			in_si = in_t = in_rph = 0;
			if (x->n_sst >= HTA_WB_MAX_STRINGS) {
				rc = fail(x, "%s has more than %u shared strings; refused", part,
					  HTA_WB_MAX_STRINGS);
				break;
			}
			if (x->n_sst == x->cap_sst) {
				size_t cap = x->cap_sst ? x->cap_sst * 2 : 1024;
				const char **ns = hta_realloc(x->sst, cap * sizeof(*ns));
				if (!ns) {
					rc = NOMEM(x->err);
					break;
				}
				x->sst = ns;
				x->cap_sst = cap;
			}
			size_t len = x->tlen;
			char *s = hta_arena_strndup(&x->arena, x->text ? x->text : "", len);
			if (!s) {
				rc = NOMEM(x->err);
				break;
			}
			unescape_x(s, &len);
			x->sst[x->n_sst++] = s;
		}
	}
	part_end(x);
	return rc < 0 ? rc : 0;
}

/* ---- the sheet ---- */

/* Parse a cell reference "AB12" into column and row; 0 on success. */
static int parse_ref(const char *s, unsigned *col, unsigned *row)
{
	unsigned c = 0, r = 0;
	size_t i = 0;
	for (; s[i] >= 'A' && s[i] <= 'Z'; i++) {
		if (i >= 3)
			return -1;
		c = c * 26 + (unsigned)(s[i] - 'A' + 1);
	}
	if (i == 0 || c > HTA_WB_MAX_COLS)
		return -1;
	size_t d = i;
	for (; s[i] >= '0' && s[i] <= '9'; i++) {
		if (i - d >= 7)
			return -1;
		r = r * 10 + (unsigned)(s[i] - '0');
	}
	if (i == d || s[i] || r == 0 || r > 1048576)
		return -1;
	*col = c;
	*row = r;
	return 0;
}

/* A row number attribute; 0 when not a valid one. */
static unsigned parse_rownum(const char *s)
{
	unsigned r = 0;
	size_t i = 0;
	for (; s[i] >= '0' && s[i] <= '9'; i++) {
		if (i >= 7)
			return 0;
		r = r * 10 + (unsigned)(s[i] - '0');
	}
	return s[i] || r > 1048576 ? 0 : r;
}

/* Deliver the row read so far. */
static int flush_row(struct xr *x, unsigned rownum)
{
	if (x->n_cells > x->cap_out) {
		struct hta_cell *o = hta_realloc(x->out, x->n_cells * sizeof(*o));
		if (!o)
			return NOMEM(x->err);
		x->out = o;
		x->cap_out = x->n_cells;
	}
	for (size_t i = 0; i < x->n_cells; i++) {
		struct hta_cell *c = &x->out[i];
		memset(c, 0, sizeof(*c));
		c->col = x->cells[i].col;
		c->s = x->rbuf + x->cells[i].off;
		c->len = x->cells[i].len;
		c->number = x->cells[i].number;
		c->boolean = x->cells[i].boolean;
	}
	struct hta_row row = { rownum, x->out, x->n_cells };
	int rc = x->fn ? x->fn(x->ctx, &row, x->err) : 0;
	x->n_cells = 0;
	x->rlen = 0;
	return rc;
}

/* Keep the finished cell (text in x->text). */
static int keep_cell(struct xr *x, unsigned row, unsigned col, bool number, bool boolean)
{
	size_t len = x->tlen;
	if (!len)
		return 0;
	if (x->rlen + len + 1 > HTA_WB_MAX_ROW_BYTES)
		return cell_fail(x, row, col, "row is longer than %u bytes; refused",
				 HTA_WB_MAX_ROW_BYTES);
	if (x->rlen + len + 1 > x->rcap) {
		size_t cap = x->rcap ? x->rcap : 4096;
		while (cap < x->rlen + len + 1)
			cap *= 2;
		char *nb = hta_realloc(x->rbuf, cap);
		if (!nb)
			return NOMEM(x->err);
		x->rbuf = nb;
		x->rcap = cap;
	}
	if (x->n_cells == x->cap_cells) {
		size_t cap = x->cap_cells ? x->cap_cells * 2 : 64;
		struct xrow_cell *nc = hta_realloc(x->cells, cap * sizeof(*nc));
		if (!nc)
			return NOMEM(x->err);
		x->cells = nc;
		x->cap_cells = cap;
	}
	memcpy(x->rbuf + x->rlen, x->text, len + 1);
	struct xrow_cell *c = &x->cells[x->n_cells++];
	c->col = col;
	c->off = x->rlen;
	c->len = len;
	c->number = number;
	c->boolean = boolean;
	x->rlen += len + 1;
	return 0;
}

/* What a cell's type attribute says. */
enum ctype { CT_NUMBER, CT_SHARED, CT_INLINE, CT_STR, CT_BOOL, CT_ERROR, CT_DATE };

static int ctype_of(const char *t)
{
	if (!t || !strcmp(t, "n"))
		return CT_NUMBER;
	if (!strcmp(t, "s"))
		return CT_SHARED;
	if (!strcmp(t, "inlineStr"))
		return CT_INLINE;
	if (!strcmp(t, "str"))
		return CT_STR;
	if (!strcmp(t, "b"))
		return CT_BOOL;
	if (!strcmp(t, "e"))
		return CT_ERROR;
	if (!strcmp(t, "d"))
		return CT_DATE;
	return -1;
}

/* The cell that just ended: turn its gathered value into text and keep it. */
static int end_cell(struct xr *x, unsigned row, unsigned col, int type, bool has_v, bool pct)
{
	if (!has_v && type != CT_INLINE)
		return 0;
	switch (type) {
	case CT_SHARED: {
		size_t idx = 0, i = 0;
		for (; i < x->tlen && x->text[i] >= '0' && x->text[i] <= '9' && idx <= HTA_WB_MAX_STRINGS; i++)
			idx = idx * 10 + (size_t)(x->text[i] - '0');
		if (i == 0 || i != x->tlen)
			return cell_fail(x, row, col, "shared string index '%.20s' is not a number",
					 x->text ? x->text : "");
		if (idx >= x->n_sst)
			return cell_fail(x, row, col,
					 "shared string index %zu is out of range (the workbook has %zu); "
					 "refused", idx, x->n_sst);
		x->tlen = 0;
		if (text_add(x, x->sst[idx], strlen(x->sst[idx]), HTA_WB_MAX_CELL) < 0)
			return NOMEM(x->err);
		return keep_cell(x, row, col, false, false);
	}
	case CT_INLINE:
	case CT_STR:
	case CT_DATE:
		if (x->text)
			unescape_x(x->text, &x->tlen);
		return keep_cell(x, row, col, false, false);
	case CT_BOOL:
		if (!x->text || (strcmp(x->text, "0") && strcmp(x->text, "1")))
			return cell_fail(x, row, col, "boolean cell holds '%.20s', not 0 or 1",
					 x->text ? x->text : "");
		return keep_cell(x, row, col, false, true);
	case CT_ERROR:
		return cell_fail(x, row, col, "cell holds the error value %.40s; fix or clear it",
				 x->text ? x->text : "");
	default: {
		char *end;
		if (!x->text || !x->tlen)
			return 0;
		errno = 0;
		double v = strtod(x->text, &end);
		if (*end || end == x->text)
			return cell_fail(x, row, col, "numeric cell holds '%.40s', not a number",
					 x->text);
		if (pct) { /* the percent shown: 0.85 as "85%" reads 85 */
			char buf[40];
			int k = snprintf(buf, sizeof(buf), "%.12g", v * 100);
			x->tlen = 0;
			if (k < 0 || (size_t)k >= sizeof(buf) || text_add(x, buf, (size_t)k, 64) != 0)
				return NOMEM(x->err);
		}
		return keep_cell(x, row, col, true, false);
	}
	}
}

/* Per-cell parse state while streaming the sheet. */
struct cellst {
	unsigned row, col, prev_row, prev_col, rows;
	int type;
	long style;      /* the cell's s= (cellXfs index), -1 when none */
	bool in_row, in_cell, in_v, in_is, in_t, in_rph, has_v;
};

static int sheet_start(struct xr *x, struct cellst *c)
{
	int rc;
	if (is_start(x, "row")) {
		char *r = attr(x, "r", false);
		unsigned n = r ? parse_rownum(r) : c->prev_row + 1;
		hta_free(r);
		if (!n || n <= c->prev_row || n > 1048576)
			return fail(x, "%s: row %u: row number missing, out of order or out of range",
				    x->part, c->prev_row + 1);
		if (++c->rows > HTA_WB_MAX_ROWS)
			return fail(x, "sheet '%s' has more than %lu rows; refused", x->info.sheet,
				    HTA_WB_MAX_ROWS);
		c->row = c->prev_row = n;
		c->prev_col = 0;
		if (xmlTextReaderIsEmptyElement(x->rd))
			return 0;
		c->in_row = true;
		return 0;
	}
	if (c->in_row && is_start(x, "c")) {
		char *r = attr(x, "r", false), *t = attr(x, "t", false);
		unsigned col = c->prev_col + 1, row = c->row;
		int bad = r && parse_ref(r, &col, &row);
		c->type = ctype_of(t);
		c->style = num_attr(x, "s");
		hta_free(t);
		if (bad) {
			rc = fail(x, "%s: row %u: bad cell reference '%.20s'", x->part, c->row, r);
			hta_free(r);
			return rc;
		}
		hta_free(r);
		if (row != c->row)
			return cell_fail(x, row, col, "cell reference is outside its row %u", c->row);
		if (col <= c->prev_col || col > HTA_WB_MAX_COLS)
			return cell_fail(x, row, col, "cell is out of column order or beyond column XFD");
		if (c->type < 0)
			return cell_fail(x, row, col, "unknown cell type");
		c->col = c->prev_col = col;
		c->has_v = false;
		x->tlen = 0;
		if (x->text)
			x->text[0] = 0;
		if (xmlTextReaderIsEmptyElement(x->rd))
			return 0;
		c->in_cell = true;
		return 0;
	}
	if (!c->in_cell)
		return 0;
	if (is_start(x, "v")) {
		c->in_v = !xmlTextReaderIsEmptyElement(x->rd);
		c->has_v = true;
	} else if (is_start(x, "is")) {
		c->in_is = !xmlTextReaderIsEmptyElement(x->rd);
	} else if (c->in_is && is_start(x, "rPh")) {
		c->in_rph = !xmlTextReaderIsEmptyElement(x->rd);
	} else if (c->in_is && !c->in_rph && is_start(x, "t")) {
		c->in_t = !xmlTextReaderIsEmptyElement(x->rd);
	}
	return 0;
}

/*
 * Stream the sheet's rows. Long, one loop: a state machine over the
 * reader's nodes (row, c, v, is, t, rPh), cut into sheet_start() for the
 * start tags; the rest is text and end tags.
 */
static int read_sheet(struct xr *x, const char *part)
{
	int rc = part_begin(x, part, false);
	if (rc < 0)
		return rc;
	struct cellst c = { 0 };
	bool in_data = false;
	while ((rc = next(x)) == 1) {
		int nt = xmlTextReaderNodeType(x->rd);
		if (!in_data) {
			if (is_start(x, "sheetData"))
				in_data = !xmlTextReaderIsEmptyElement(x->rd);
			if (!in_data && is_start(x, "sheetData"))
				break;
			continue;
		}
		if (nt == XML_READER_TYPE_ELEMENT) {
			if ((rc = sheet_start(x, &c)))
				break;
			if (!c.in_row && is_start(x, "row") && (rc = flush_row(x, c.row)))
				break;
			continue;
		}
		if (nt == XML_READER_TYPE_END_ELEMENT) {
			const char *n = lname(x);
			if (!strcmp(n, "sheetData"))
				break;
			if (!strcmp(n, "row") && c.in_row) {
				c.in_row = false;
				if ((rc = flush_row(x, c.row)))
					break;
			} else if (!strcmp(n, "c") && c.in_cell) {
				c.in_cell = c.in_v = c.in_is = c.in_t = c.in_rph = false;
				bool pct = c.style >= 0 && (size_t)c.style < x->n_xf && x->pct[c.style];
				if ((rc = end_cell(x, c.row, c.col, c.type, c.has_v, pct)))
					break;
			} else if (!strcmp(n, "v")) {
				c.in_v = false;
			} else if (!strcmp(n, "t")) {
				c.in_t = false;
			} else if (!strcmp(n, "rPh")) {
				c.in_rph = false;
			} else if (!strcmp(n, "is")) {
				c.in_is = false;
			}
			continue;
		}
		if (c.in_cell && (c.in_v || (c.in_is && c.in_t && !c.in_rph))) {
			int t = text_node(x, HTA_WB_MAX_CELL);
			if (t < 0) {
				rc = NOMEM(x->err);
				break;
			}
			if (t > 0) {
				rc = cell_fail(x, c.row, c.col, "cell is longer than %u bytes; refused",
					       HTA_WB_MAX_CELL);
				break;
			}
		}
	}
	part_end(x);
	return rc < 0 ? rc : 0;
}

/* ---- entry points ---- */

static int read_zip(struct xr *x, const char *want)
{
	char *wb = NULL, *sheet = NULL, *sst = NULL, *sty = NULL;
	zip_int64_t n = zip_get_num_entries(x->za, 0);
	int rc;
	if (n < 0 || (zip_uint64_t)n > HTA_WB_MAX_ENTRIES)
		return fail(x, "the zip has %lld entries (limit %u); refused", (long long)n,
			    HTA_WB_MAX_ENTRIES);
	if (!(rc = find_parts(x, want, &wb, &sheet, &sst, &sty)) && sst)
		rc = read_sst(x, sst);
	if (!rc && sty)
		rc = read_styles(x, sty);
	if (x->user_info)
		*x->user_info = x->info;
	if (!rc)
		rc = read_sheet(x, sheet);
	hta_free(wb);
	hta_free(sheet);
	hta_free(sst);
	hta_free(sty);
	return rc;
}

static void xr_free(struct xr *x)
{
	part_end(x);
	if (x->za)
		zip_discard(x->za);
	hta_free(x->sst);
	hta_free(x->text);
	hta_free(x->cells);
	hta_free(x->rbuf);
	hta_free(x->out);
	hta_arena_free(&x->arena);
}

static int zip_fail(struct xr *x, int ze)
{
	zip_error_t e;
	zip_error_init_with_code(&e, ze);
	int rc = fail(x, "not a readable XLSX (zip) file: %s", zip_error_strerror(&e));
	zip_error_fini(&e);
	return rc;
}

static int xr_run(struct xr *x, const char *want, struct hta_xlsx_info *info)
{
	x->user_info = info;
	int rc = read_zip(x, want);
	if (info)
		*info = x->info;
	xr_free(x);
	return rc;
}

int hta_xlsx_read_mem(const void *data, size_t len, const char *display, const char *sheet,
		      hta_row_fn fn, void *ctx, struct hta_xlsx_info *info,
		      struct hta_err *err)
{
	struct xr x = { .file = display ? display : "(memory)", .err = err, .fn = fn, .ctx = ctx };
	if (len > HTA_WB_MAX_FILE)
		return fail(&x, "file is %zu bytes, over the workbook limit of %u; refused", len,
			    HTA_WB_MAX_FILE);
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(data, len, 0, &ze);
	if (!src) {
		zip_error_fini(&ze);
		return NOMEM(err);
	}
	if (!(x.za = zip_open_from_source(src, ZIP_RDONLY, &ze))) {
		int code = zip_error_code_zip(&ze);
		zip_source_free(src);
		zip_error_fini(&ze);
		return zip_fail(&x, code);
	}
	zip_error_fini(&ze);
	return xr_run(&x, sheet, info);
}

int hta_xlsx_read_file(const char *path, const char *display, const char *sheet,
		       hta_row_fn fn, void *ctx, struct hta_xlsx_info *info,
		       struct hta_err *err)
{
	struct xr x = { .file = display ? display : path, .err = err, .fn = fn, .ctx = ctx };
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return hta_err_at(err, HTA_EIO, x.file, 0, 0, "cannot open: %s", strerror(errno));
	struct stat st;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return hta_err_at(err, HTA_EIO, x.file, 0, 0, "not a regular file");
	}
	if ((unsigned long long)st.st_size > HTA_WB_MAX_FILE) {
		close(fd);
		return fail(&x, "file is %lld bytes, over the workbook limit of %u; refused",
			    (long long)st.st_size, HTA_WB_MAX_FILE);
	}
	int ze = 0;
	if (!(x.za = zip_fdopen(fd, ZIP_RDONLY, &ze))) {
		close(fd);
		return zip_fail(&x, ze);
	}
	return xr_run(&x, sheet, info);
}
