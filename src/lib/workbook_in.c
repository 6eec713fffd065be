/*
 * workbook_in.c — `import workbook`: read the table (csv.c or
 * workbook_xlsx.c), check every cell, compare each statement's wanted
 * manifest content with what is on disk, and plan the writes; then, once
 * the caller agrees, write them (docs/workbook.md).
 *
 * A row edits the manifests that exist. Each changed field goes to the
 * manifest that sets it now (a level to the one claiming it), else to the
 * statement's first hand-written YAML manifest, else to a new
 * workbook/<id>.evidence.yaml. JSON manifests (a collector's) and those
 * under imports/ (an importer's) are never rewritten: an edit that would
 * have to change one is an error naming it.
 */
#include "workbook_int.h"

#include "hta/date.h"
#include "hta/evidence.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <strings.h>
#include <fcntl.h>
#include <unistd.h>

#define NOMEM(err) hta_err_set((err), HTA_ENOMEM, "out of memory")

/* The fields a row can change; a level is F_LEVEL + level. */
enum { F_OWNER, F_NA, F_INHERIT, F_NOTES, F_LEVEL, F_COUNT = F_LEVEL + HTA_LEVEL_COUNT };

struct imp {
	const struct hta_catalog *cat;
	struct wb_tree t;
	struct hta_wb_plan *plan;
	const char *file;
	bool csv;
	struct hta_xlsx_info info;
	bool have_header;
	int *colmap;              /* [ncolmap]: file column -> wb_cols index, or -1 */
	unsigned ncolmap;
	int where[64];            /* wb_cols index -> file column (1-based), 0: absent */
	unsigned *seen;           /* [n_stmts]: the row a statement was on, 0 */
	struct hta_err first;     /* the first error */
	bool row_bad;
	struct hta_buf scratch;
	size_t cap_changes;
	bool stop;                /* the row callback stopped the read (its error is recorded) */
};

/* ---- errors ---- */

static void add_error(struct imp *m, const char *msg)
{
	struct hta_wb_plan *p = m->plan;
	if (!p->n_errors++)
		hta_err_set(&m->first, HTA_EINVAL, "%s", msg);
	msg = m->first.msg[0] && p->n_errors == 1 ? m->first.msg : msg;
	if (p->n_errors > HTA_WB_MAX_ERRORS)
		return;
	const char *s = hta_arena_strdup(&p->arena, msg);
	if (s)
		p->errors[p->n_errors - 1] = s;
	else
		p->n_errors--;
}

/*
 * An error about column `c` (a wb_cols index) of row `row`; `cell` is the
 * cell when it holds something. XLSX: FILE:SHEET!F12; CSV: FILE:LINE:COL
 * (where the field starts) and the row and column.
 */
static void cell_err(struct imp *m, unsigned row, int c, const struct hta_cell *cell,
		     const char *fmt, ...) __attribute__((format(printf, 5, 6)));
static void cell_err(struct imp *m, unsigned row, int c, const struct hta_cell *cell,
		     const char *fmt, ...)
{
	char msg[600], text[400], cn[4];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	unsigned col = cell ? cell->col : c >= 0 && m->where[c] ? (unsigned)m->where[c] : 1;
	hta_wb_colname(col, cn);
	if (m->csv && cell)
		snprintf(msg, sizeof(msg), "%s:%u:%u: %s (row %u, column %s)", m->file, cell->line,
			 cell->lcol, text, row, cn);
	else if (m->csv)
		snprintf(msg, sizeof(msg), "%s: row %u, column %s: %s", m->file, row, cn, text);
	else
		snprintf(msg, sizeof(msg), "%s:%s!%s%u: %s", m->file, m->info.sheet, cn, row, text);
	m->row_bad = true;
	struct hta_err e;
	hta_err_set(&e, HTA_EINVAL, "%s", msg); /* one line, control characters escaped */
	add_error(m, e.msg);
}

/* ---- the header ---- */

static int header(struct imp *m, const struct hta_row *r, struct hta_err *err)
{
	unsigned maxcol = r->n ? r->cells[r->n - 1].col : 0;
	if (!(m->colmap = hta_calloc(maxcol + 1, sizeof(int))))
		return NOMEM(err);
	m->ncolmap = maxcol + 1;
	for (unsigned i = 0; i <= maxcol; i++)
		m->colmap[i] = -1;
	for (size_t i = 0; i < r->n; i++) {
		const struct hta_cell *c = &r->cells[i];
		const char *name = c->s + (m->csv ? hta_wb_unguard(c->s) : 0);
		size_t k = 0;
		while (k < wb_ncols && strcasecmp(wb_cols[k].name, name) != 0)
			k++;
		if (k == wb_ncols) {
			cell_err(m, r->row, -1, c, "unknown column '%.60s' (the columns are listed in "
				 "docs/workbook.md)", name);
			m->colmap[c->col] = -2; /* its cells are not reported again */
			continue;
		}
		if (m->where[k]) {
			cell_err(m, r->row, -1, c, "column '%s' appears twice", wb_cols[k].name);
			continue;
		}
		m->where[k] = (int)c->col;
		m->colmap[c->col] = (int)k;
	}
	for (size_t k = 0; k < wb_ncols; k++)
		if ((wb_cols[k].kind == K_ID || wb_cols[k].kind == K_HASH) && !m->where[k]) {
			cell_err(m, r->row, -1, NULL,
				 "no '%s' column: import a workbook written by 'hitrust-assess export'",
				 wb_cols[k].name);
			m->stop = true;
		}
	m->have_header = true;
	/* without an id or a hash no row can be read: stop here */
	return m->stop ? hta_err_set(err, HTA_EINVAL, "no header") : 0;
}

/* ---- cell values ---- */

/* The cell's text, trimmed (and, for CSV, without its guarding apostrophe). */
static const char *text_of(struct imp *m, const struct hta_cell *c, struct hta_arena *A)
{
	const char *s = c->s + (m->csv ? hta_wb_unguard(c->s) : 0);
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r'))
		n--;
	return n ? hta_arena_strndup(A, s, n) : "";
}

/*
 * A number: an XLSX numeric cell, or decimal text, which may end in '%'
 * ("85%" as typed in a CSV: the percent, as a percent-formatted XLSX cell
 * reads) and may use one ',' as its decimal mark ("92,5", as Excel writes
 * numbers in a ';'-separated CSV in locales that use a decimal comma).
 */
static int number_of(const char *s, bool numeric, double *out)
{
	char *end, t[64];
	size_t n = strlen(s), dots = 0, commas = 0;
	if (!numeric) {
		if (n > 1 && s[n - 1] == '%')
			n--;
		if (n >= sizeof(t))
			return -1;
		for (size_t i = 0; i < n; i++) {
			if (!((s[i] >= '0' && s[i] <= '9') || s[i] == '.' || s[i] == ','))
				return -1;
			dots += s[i] == '.';
			commas += s[i] == ',';
		}
		if (commas > 1 || (commas && dots))
			return -1;
		memcpy(t, s, n);
		t[n] = 0;
		char *c = strchr(t, ',');
		if (c)
			*c = '.';
		s = t;
	}
	errno = 0;
	double v = strtod(s, &end);
	if (errno || end != s + n || end == s || !isfinite(v))
		return -1;
	*out = v;
	return 0;
}

/* A date: an XLSX serial number, or YYYY-MM-DD text. */
static int date_of(struct imp *m, const struct hta_cell *c, const char *s, int *days)
{
	double v;
	if (c->number && !number_of(s, true, &v)) {
		/* serial days: 25569 is 1970-01-01 (1900 system), 24107 (1904) */
		double d = floor(v) - (m->info.date1904 ? 24107 : 25569);
		char tmp[11];
		if (d < -25567 || d > 2932896) /* 1900-01-01 .. 9999-12-31 */
			return -1;
		hta_date_format((int)d, tmp);
		return hta_date_parse(tmp, days);
	}
	return hta_date_parse(s, days);
}

/* Split a list cell at the characters of `seps` into trimmed, non-empty items. */
static int list_of(struct hta_arena *A, const char *s, const char ***out, size_t *n,
		   const char *seps)
{
	size_t cap = 1;
	for (const char *p = s; *p; p++)
		cap += strchr(seps, *p) != NULL;
	const char **v = hta_arena_array(A, cap, sizeof(*v));
	if (!v)
		return -1;
	size_t k = 0;
	for (const char *p = s;;) {
		size_t len = strcspn(p, seps);
		const char *b = p, *e = p + len;
		while (b < e && (*b == ' ' || *b == '\t' || *b == '\r'))
			b++;
		while (e > b && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
			e--;
		if (e > b && !(v[k++] = hta_arena_strndup(A, b, (size_t)(e - b))))
			return -1;
		if (!p[len])
			break;
		p += len + 1;
	}
	*out = v;
	*n = k;
	return 0;
}

/*
 * The artifacts cell: items at line breaks (one path per line, as export
 * writes them) and at ';' (as people type them), except that a line naming
 * a file under the evidence root, or an artifact the level already lists,
 * is kept whole: a path may hold a ';' ("exports/okta;mfa.csv"), and an
 * unchanged export must read back as written.
 */
static int artifacts_of(struct hta_arena *A, const char *s, const char *root,
			const char *const *cur, size_t ncur, const char ***out, size_t *n)
{
	const char **lines;
	size_t nl, k = 0, cap = 0;
	if (list_of(A, s, &lines, &nl, "\n"))
		return -1;
	for (const char *p = s; *p; p++)
		cap += *p == ';';
	const char **v = hta_arena_array(A, nl + cap + 1, sizeof(*v));
	if (!v)
		return -1;
	for (size_t i = 0; i < nl; i++) {
		bool whole = !strchr(lines[i], ';');
		for (size_t j = 0; j < ncur && !whole; j++)
			whole = strcmp(cur[j], lines[i]) == 0;
		if (!whole && root && lines[i][0] != '/') {
			struct stat st;
			char *full = hta_arena_printf(A, "%s/%s", root, lines[i]);
			if (!full)
				return -1;
			whole = stat(full, &st) == 0 && S_ISREG(st.st_mode);
		}
		if (whole) {
			v[k++] = lines[i];
			continue;
		}
		const char **parts;
		size_t np;
		if (list_of(A, lines[i], &parts, &np, ";"))
			return -1;
		for (size_t j = 0; j < np; j++)
			v[k++] = parts[j];
	}
	*out = v;
	*n = k;
	return 0;
}

static bool doc_id_ok(const char *s)
{
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-'))
			return false;
	return true;
}

/* The row's cell for wb_cols index k (NULL: empty or absent). */
struct rowcells {
	const struct hta_cell *c[64];
	const char *s[64]; /* trimmed text; "" when empty */
};

/*
 * Apply one level's cells to `ld` (the wanted level, starting as the
 * current one): a column present replaces its field, an absent one keeps
 * it. Then the level must be whole: claimed means a rating or a coverage.
 */
static void apply_level(struct imp *m, unsigned row, const struct rowcells *rc, int l,
			struct hta_level_desc *ld, struct hta_arena *A)
{
	int ki[K_EFFECTIVE + 1] = { 0 };
	for (size_t k = 0; k < wb_ncols; k++)
		if (wb_cols[k].level == l)
			ki[wb_cols[k].kind] = (int)k;
	int kr = ki[K_RATING], kc = ki[K_COVERAGE], ka = ki[K_ARTIFACTS], kd = ki[K_DOCUMENTS],
	    kt = ki[K_DATE], ke = ki[K_EFFECTIVE];
	const char *lname = hta_level_name((enum hta_level)l);
	size_t errors = m->plan->n_errors;
	if (m->where[kr]) {
		ld->rating = NULL;
		if (*rc->s[kr]) {
			if (hta_rating_parse(rc->s[kr]) < 0)
				cell_err(m, row, kr, rc->c[kr], "%s \"%s\" is not one of FC MC PC SC NC",
					 wb_cols[kr].name, hta_shown_n(rc->s[kr], 40));
			else
				ld->rating = rc->s[kr];
		}
	}
	if (m->where[kc]) {
		ld->has_coverage = false;
		if (*rc->s[kc]) {
			double v;
			long long h;
			/* Decimals past the second are dropped, as in a manifest
			 * (hta_node_coverage): a spreadsheet's 66.666667 is 66.66. */
			if (number_of(rc->s[kc], rc->c[kc]->number, &v) || v < 0 || v > 100 ||
			    (h = (long long)floor(v * 100 + 1e-6)) > 10000)
				cell_err(m, row, kc, rc->c[kc],
					 "%s \"%s\" is not a percent from 0 to 100",
					 wb_cols[kc].name, hta_shown_n(rc->s[kc], 40));
			else
				ld->has_coverage = true, ld->coverage_h = (int)h;
		}
	}
	if (m->where[ka]) {
		const char *const *cur = ld->artifacts;
		size_t ncur = ld->n_artifacts;
		ld->n_artifacts = 0;
		if (*rc->s[ka] && artifacts_of(A, rc->s[ka], m->t.root, cur, ncur, &ld->artifacts,
					       &ld->n_artifacts))
			cell_err(m, row, ka, rc->c[ka], "out of memory");
	}
	if (m->where[kd]) {
		ld->n_documents = 0;
		if (*rc->s[kd] && list_of(A, rc->s[kd], &ld->documents, &ld->n_documents, "\n;"))
			cell_err(m, row, kd, rc->c[kd], "out of memory");
		for (size_t i = 0; i < ld->n_documents; i++)
			if (!doc_id_ok(ld->documents[i]) ||
			    !hta_library_find(&m->t.lib, ld->documents[i])) {
				cell_err(m, row, kd, rc->c[kd],
					 "document \"%s\" is not declared in documents.yaml",
					 hta_shown_n(ld->documents[i], 40));
				break;
			}
	}
	int kk[2] = { kt, ke };
	for (int i = 0; i < 2; i++) {
		int k = kk[i];
		bool *has = i ? &ld->has_effective : &ld->has_date;
		int *val = i ? &ld->effective : &ld->date;
		if (!m->where[k])
			continue;
		*has = false;
		if (*rc->s[k]) {
			if (date_of(m, rc->c[k], rc->s[k], val))
				cell_err(m, row, k, rc->c[k], "%s \"%s\" is not a date as YYYY-MM-DD",
					 wb_cols[k].name, hta_shown_n(rc->s[k], 40));
			else
				*has = true;
		}
	}
	if (m->plan->n_errors != errors)
		return; /* a cell of the level is wrong: say nothing of the whole */
	if (ld->rating && ld->has_coverage)
		cell_err(m, row, kc, rc->c[kc], "%s has both a rating and a coverage: give one",
			 lname);
	ld->claimed = ld->rating || ld->has_coverage || ld->n_artifacts || ld->n_documents ||
		      ld->has_date || ld->has_effective;
	if (ld->claimed && !ld->rating && !ld->has_coverage)
		cell_err(m, row, kr, rc->c[kr],
			 "%s has artifacts, documents or dates but no rating (FC MC PC SC NC) or "
			 "coverage", lname);
}

/* Statement-level cells: owner, N/A, inheritance, notes. */
static void apply_stmt(struct imp *m, unsigned row, const struct rowcells *rc,
		       struct hta_manifest_desc *w)
{
	int k_owner = -1, k_na = -1, k_reason = -1, k_prov = -1, k_weight = -1, k_notes = -1;
	for (size_t k = 0; k < wb_ncols; k++)
		switch (wb_cols[k].kind) {
		case K_OWNER: k_owner = (int)k; break;
		case K_NA: k_na = (int)k; break;
		case K_NA_REASON: k_reason = (int)k; break;
		case K_PROVIDER: k_prov = (int)k; break;
		case K_WEIGHT: k_weight = (int)k; break;
		case K_NOTES: k_notes = (int)k; break;
		default: break;
		}
	if (m->where[k_owner])
		w->owner = *rc->s[k_owner] ? rc->s[k_owner] : NULL;
	if (m->where[k_notes])
		w->notes = *rc->s[k_notes] ? rc->s[k_notes] : NULL;
	if (m->where[k_reason] || m->where[k_na]) {
		const char *reason = m->where[k_reason] ? rc->s[k_reason]
							: w->not_applicable ? w->not_applicable : "";
		int na = *reason ? 1 : 0; /* without the yes/no column: a reason is N/A */
		if (m->where[k_na] && *rc->s[k_na]) {
			const char *s = rc->s[k_na];
			if (!strcasecmp(s, "yes") || !strcasecmp(s, "y") || !strcasecmp(s, "true") ||
			    !strcmp(s, "1"))
				na = 1;
			else if (!strcasecmp(s, "no") || !strcasecmp(s, "n") || !strcasecmp(s, "false") ||
				 !strcmp(s, "0"))
				na = 0;
			else
				cell_err(m, row, k_na, rc->c[k_na], "not applicable \"%s\" is not yes or no",
					 hta_shown_n(s, 40)), na = -1;
		} else if (m->where[k_na]) {
			na = 0;
		}
		if (na == 1 && !*reason)
			cell_err(m, row, k_reason, rc->c[k_reason],
				 "not applicable is yes but the N/A reason is empty: give the reason");
		else if (na == 0 && *reason)
			cell_err(m, row, k_na, rc->c[k_na],
				 "an N/A reason is given but not applicable is not yes: set it to yes, "
				 "or clear the reason");
		else if (na >= 0)
			w->not_applicable = na ? reason : NULL;
	}
	if (m->where[k_prov] || m->where[k_weight]) {
		const char *prov = m->where[k_prov] ? rc->s[k_prov] : w->provider ? w->provider : "";
		bool has_w = m->where[k_weight] ? *rc->s[k_weight] != 0 : w->provider != NULL;
		int weight = w->weight;
		double v;
		if (m->where[k_weight] && has_w) {
			if (number_of(rc->s[k_weight], rc->c[k_weight]->number, &v) || v < 0 || v > 100 ||
			    v != floor(v))
				cell_err(m, row, k_weight, rc->c[k_weight],
					 "inherited weight \"%s\" is not a whole percent from 0 to 100",
					 hta_shown_n(rc->s[k_weight], 40));
			else
				weight = (int)v;
		}
		if (*prov && hta_scope_provider(&m->t.sc, prov) < 0)
			cell_err(m, row, k_prov, rc->c[k_prov],
				 "inherited provider \"%s\" is not declared in scope.yaml",
				 hta_shown_n(prov, 40));
		else if (*prov && !has_w)
			cell_err(m, row, k_weight, rc->c[k_weight],
				 "inherited provider is given but the inherited weight is empty");
		else if (!*prov && has_w)
			cell_err(m, row, k_prov, rc->c[k_prov],
				 "inherited weight is given but the inherited provider is empty");
		else {
			w->provider = *prov ? prov : NULL;
			w->weight = *prov ? weight : 0;
		}
	}
}

/* ---- comparing ---- */

static bool str_eq(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

/*
 * Free text as a cell holds it: cells are trimmed, so a manifest's
 * "notes: |" block (a final line break) or an owner with a space around it
 * equals its exported cell; anything inside the text still counts.
 */
static bool text_eq(const char *a, const char *b)
{
	static const char ws[] = " \t\r\n";
	if (!a)
		a = "";
	if (!b)
		b = "";
	a += strspn(a, ws);
	b += strspn(b, ws);
	size_t la = strlen(a), lb = strlen(b);
	while (la && strchr(ws, a[la - 1]))
		la--;
	while (lb && strchr(ws, b[lb - 1]))
		lb--;
	return la == lb && memcmp(a, b, la) == 0;
}

static bool list_eq(const char *const *a, size_t na, const char *const *b, size_t nb)
{
	if (na != nb)
		return false;
	for (size_t i = 0; i < na; i++)
		if (strcmp(a[i], b[i]))
			return false;
	return true;
}

/* What differs between two levels, as words into b; false when nothing. */
static bool level_diff(const struct hta_level_desc *a, const struct hta_level_desc *w,
		       struct hta_buf *b)
{
	size_t start = b->len;
	if (a->claimed != w->claimed) {
		hta_buf_puts(b, w->claimed ? " claimed," : " removed,");
		if (!w->claimed)
			goto done;
	}
	if (!w->claimed)
		goto done;
	if ((a->rating != NULL) != (w->rating != NULL) || a->has_coverage != w->has_coverage ||
	    (a->rating && hta_rating_parse(a->rating) != hta_rating_parse(w->rating)) ||
	    (a->has_coverage && a->coverage_h != w->coverage_h))
		hta_buf_puts(b, w->rating ? " rating," : " coverage,");
	if (!list_eq(a->artifacts, a->claimed ? a->n_artifacts : 0, w->artifacts, w->n_artifacts))
		hta_buf_puts(b, " artifacts,");
	if (!list_eq(a->documents, a->claimed ? a->n_documents : 0, w->documents, w->n_documents))
		hta_buf_puts(b, " documents,");
	if (a->has_date != w->has_date || (w->has_date && a->date != w->date))
		hta_buf_puts(b, " date,");
	if (a->has_effective != w->has_effective || (w->has_effective && a->effective != w->effective))
		hta_buf_puts(b, " effective,");
done:
	if (b->len > start)
		b->s[--b->len] = 0; /* the last comma */
	return b->len > start;
}

/*
 * The fields that differ between the current union `u` and the wanted
 * `w`: a bit per F_*, and their names for people into `what`.
 */
static unsigned diff(const struct hta_manifest_desc *u, const struct hta_manifest_desc *w,
		     struct hta_buf *what)
{
	unsigned bits = 0;
	what->len = 0;
#define NOTE(bit, name)                                          \
	do {                                                     \
		bits |= 1u << (bit);                             \
		hta_buf_printf(what, "%s%s", what->len ? "; " : "", name); \
	} while (0)
	if (!text_eq(u->owner, w->owner))
		NOTE(F_OWNER, "owner");
	if (!text_eq(u->not_applicable, w->not_applicable))
		NOTE(F_NA, "not applicable");
	if (!str_eq(u->provider, w->provider) || (w->provider && u->weight != w->weight))
		NOTE(F_INHERIT, "inherited");
	if (!text_eq(u->notes, w->notes))
		NOTE(F_NOTES, "notes");
#undef NOTE
	struct hta_buf lb = HTA_BUF_INIT;
	for (int l = 0; l < HTA_LEVEL_COUNT; l++) {
		lb.len = 0;
		if (level_diff(&u->level[l], &w->level[l], &lb)) {
			bits |= 1u << (F_LEVEL + l);
			hta_buf_printf(what, "%s%s:%s", what->len ? "; " : "",
				       hta_level_name((enum hta_level)l), lb.s ? lb.s : "");
		}
	}
	hta_buf_free(&lb);
	return bits;
}

/* Does manifest d set field f? */
static bool sets(const struct hta_manifest_desc *d, int f)
{
	switch (f) {
	case F_OWNER: return d->owner != NULL;
	case F_NA: return d->not_applicable != NULL;
	case F_INHERIT: return d->provider != NULL;
	case F_NOTES: return d->notes != NULL;
	default: return d->level[f - F_LEVEL].claimed;
	}
}

static void copy_field(struct hta_manifest_desc *d, const struct hta_manifest_desc *w, int f)
{
	switch (f) {
	case F_OWNER: d->owner = w->owner; break;
	case F_NA: d->not_applicable = w->not_applicable; break;
	case F_INHERIT: d->provider = w->provider; d->weight = w->weight; break;
	case F_NOTES: d->notes = w->notes; break;
	default: {
		struct hta_level_desc *dl = &d->level[f - F_LEVEL];
		const struct hta_level_desc *wl = &w->level[f - F_LEVEL];
		/* a rating of the same result keeps its spelling ("fully") */
		const char *keep = dl->claimed && dl->rating && wl->rating &&
				   hta_rating_parse(dl->rating) == hta_rating_parse(wl->rating)
				   ? dl->rating : NULL;
		*dl = *wl;
		if (keep)
			dl->rating = keep;
		else if (dl->rating)
			dl->rating = wb_rating_abbr(dl->rating);
		memset(&dl->pos, 0, sizeof(dl->pos));
		dl->artifact_pos = dl->document_pos = NULL;
	}
	}
}

static const char *field_name(int f)
{
	static const char *const n[] = { "owner", "not applicable", "inherited", "notes" };
	return f < F_LEVEL ? n[f] : hta_level_name((enum hta_level)(f - F_LEVEL));
}

/* The row's representative cell for field f, for messages. */
static int field_col(int f)
{
	for (size_t k = 0; k < wb_ncols; k++) {
		enum wb_kind kd = wb_cols[k].kind;
		if ((f == F_OWNER && kd == K_OWNER) || (f == F_NA && kd == K_NA_REASON) ||
		    (f == F_INHERIT && kd == K_PROVIDER) || (f == F_NOTES && kd == K_NOTES) ||
		    (f >= F_LEVEL && kd == K_RATING && wb_cols[k].level == f - F_LEVEL))
			return (int)k;
	}
	return 0;
}

static int add_change(struct imp *m, const char *id, const char *path, bool create,
		      bool conflict, const char *what, const struct hta_buf *data)
{
	struct hta_wb_plan *p = m->plan;
	if (p->n_changes == m->cap_changes) {
		size_t cap = m->cap_changes ? m->cap_changes * 2 : 16;
		struct hta_wb_change *nv = hta_realloc(p->changes, cap * sizeof(*nv));
		if (!nv)
			return HTA_ENOMEM;
		p->changes = nv;
		m->cap_changes = cap;
	}
	struct hta_wb_change *c = &p->changes[p->n_changes];
	memset(c, 0, sizeof(*c));
	if (!(c->data = hta_arena_strndup(&p->arena, data->s ? data->s : "", data->len)) ||
	    !(c->what = hta_arena_strdup(&p->arena, what)) ||
	    !(c->path = hta_arena_strdup(&p->arena, path)) ||
	    !(c->id = hta_arena_strdup(&p->arena, id)))
		return HTA_ENOMEM;
	c->len = data->len;
	c->create = create;
	c->conflict = conflict;
	p->n_changes++;
	p->n_conflicts += conflict;
	return 0;
}

/*
 * Route the changed fields of statement s to its manifests and plan one
 * write per manifest touched. Returns 0, or HTA_ENOMEM.
 */
static int plan_writes(struct imp *m, long s, unsigned row, const struct rowcells *rc,
		       const struct hta_manifest_desc *w, unsigned bits, bool conflict,
		       const char *what)
{
	const struct wb_tree *t = &m->t;
	const struct hta_statement *st = &m->cat->stmts[s];
	size_t n = t->count[s], first = t->first[s];
	long primary = -1; /* index into t->mf, or -1: a new file */
	for (size_t k = 0; k < n && primary < 0; k++)
		if (!t->mf[first + k].json && !t->mf[first + k].imported)
			primary = (long)(first + k);
	long target[F_COUNT];
	for (int f = 0; f < F_COUNT; f++) {
		target[f] = -2; /* untouched */
		if (!((bits >> f) & 1))
			continue;
		target[f] = primary;
		for (size_t k = 0; k < n; k++)
			if (sets(&t->mf[first + k].d, f)) {
				target[f] = (long)(first + k);
				break;
			}
		if (target[f] >= 0 && (t->mf[target[f]].json || t->mf[target[f]].imported)) {
			int k = field_col(f);
			/* a level: point at the cell of it the row fills (the edited
			 * coverage, say), not at an empty rating cell */
			for (size_t c = 0; f >= F_LEVEL && c < wb_ncols && !(rc->c[k] && *rc->s[k]); c++)
				if (wb_cols[c].level == f - F_LEVEL && rc->c[c] && *rc->s[c] &&
				    wb_cols[c].kind != K_EXAMPLE)
					k = (int)c;
			cell_err(m, row, k, rc->c[k],
				 "%s of %s comes from %s, %s, which the workbook does not rewrite; "
				 "%s", field_name(f), st->id, t->mf[target[f]].path,
				 t->mf[target[f]].json ? "a JSON manifest" : "an import's manifest",
				 t->mf[target[f]].json
					 ? "change it there"
					 : f == F_NOTES
						   ? "the next import of that format rewrites it"
					 : f < F_LEVEL
						   ? "an import writes none: move it to a manifest of "
						     "your own, then import the workbook again"
						   : "the next import of that format rewrites it: change "
						     "the scan or the mapping (--map) and import again");
			return 0;
		}
	}
	struct hta_buf out = HTA_BUF_INIT;
	const char *lines[2];
	int rc2 = 0;
	/* each distinct target once: the existing ones, then the new file */
	for (int f0 = 0; f0 < F_COUNT && !rc2; f0++) {
		long tg = target[f0];
		bool done = tg == -2;
		for (int g = 0; g < f0 && !done; g++)
			done = target[g] == tg;
		if (done)
			continue;
		struct hta_manifest_desc d;
		const char *path;
		char newpath[PATH_MAX];
		if (tg >= 0) {
			d = t->mf[tg].d;
			d.comments = t->mf[tg].comments;
			d.n_comments = t->mf[tg].n_comments;
			path = t->mf[tg].path;
		} else {
			memset(&d, 0, sizeof(d));
			d.requirement = st->id;
			char *l0 = hta_arena_printf(&m->plan->arena, "%s — %s", st->id, st->title);
			if (!l0) {
				rc2 = HTA_ENOMEM;
				break;
			}
			lines[0] = l0;
			lines[1] = "Written by 'hitrust-assess import workbook'; format: "
				   "hitrust-assess-evidence(5).";
			d.comments = lines;
			d.n_comments = 2;
			snprintf(newpath, sizeof(newpath), "workbook/%s.evidence.yaml", st->id);
			for (char *c = newpath + 9; *c; c++)
				if (*c == '/')
					*c = '_';
			path = newpath;
		}
		for (int f = f0; f < F_COUNT; f++)
			if (target[f] == tg)
				copy_field(&d, w, f);
		struct hta_err e = { 0 };
		out.len = 0;
		if (hta_manifest_emit(&out, &d, &e)) {
			if (e.code == HTA_ENOMEM)
				rc2 = HTA_ENOMEM;
			else
				cell_err(m, row, 0, rc->c[0], "%s cannot be written: %s", st->id, e.msg);
			break;
		}
		rc2 = add_change(m, st->id, path, tg < 0, conflict, what, &out);
	}
	hta_buf_free(&out);
	return rc2;
}

/* ---- rows ---- */

/* One statement row: check it, compare it, plan its writes. */
static int data_row(struct imp *m, const struct hta_row *r, struct hta_err *err)
{
	struct rowcells rc;
	struct hta_arena *A = &m->plan->arena;
	memset(&rc, 0, sizeof(rc));
	for (size_t k = 0; k < wb_ncols; k++)
		rc.s[k] = "";
	bool any = false;
	for (size_t i = 0; i < r->n; i++) {
		const struct hta_cell *c = &r->cells[i];
		int k = c->col < m->ncolmap ? m->colmap[c->col] : -1;
		const char *s;
		if (k == -2)
			continue;
		if (k < 0) {
			if (*(s = text_of(m, c, A)))
				cell_err(m, r->row, -1, c, "cell outside the workbook's columns");
			continue;
		}
		if (!(s = text_of(m, c, A)))
			return NOMEM(err);
		rc.c[k] = c;
		rc.s[k] = s;
		any |= *s != 0;
	}
	if (!any)
		return 0;
	m->row_bad = false;
	int kid = 0, khash = 0;
	for (size_t k = 0; k < wb_ncols; k++)
		if (wb_cols[k].kind == K_ID)
			kid = (int)k;
		else if (wb_cols[k].kind == K_HASH)
			khash = (int)k;
	if (!*rc.s[kid]) {
		cell_err(m, r->row, kid, NULL, "row has values but no id");
		return 0;
	}
	long s = hta_catalog_find(m->cat, rc.s[kid]);
	if (s < 0) {
		cell_err(m, r->row, kid, rc.c[kid], "unknown requirement \"%s\" (not in catalog %s)",
			 hta_shown_n(rc.s[kid], 40), m->cat->version);
		return 0;
	}
	if (m->seen[s]) {
		cell_err(m, r->row, kid, rc.c[kid], "%s is already on row %u", rc.s[kid], m->seen[s]);
		return 0;
	}
	m->seen[s] = r->row;
	m->plan->rows++;
	const char *hash = rc.s[khash];
	if (*hash && strlen(hash) != 64) {
		cell_err(m, r->row, khash, rc.c[khash], "manifest sha256 is not a SHA-256 (64 hex digits)");
		return 0;
	}
	struct hta_manifest_desc u, w;
	wb_union(&m->t, s, &u);
	w = u;
	apply_stmt(m, r->row, &rc, &w);
	for (int l = 0; l < HTA_LEVEL_COUNT; l++)
		apply_level(m, r->row, &rc, l, &w.level[l], A);
	if (m->row_bad)
		return 0;
	unsigned bits = diff(&u, &w, &m->scratch);
	if (m->scratch.failed)
		return NOMEM(err);
	if (!bits) {
		m->plan->unchanged++;
		return 0;
	}
	char now[HTA_SHA256_HEX];
	int rc2 = wb_stmt_hash(&m->t, s, now, err);
	if (rc2)
		return rc2;
	bool conflict = strcasecmp(now, hash) != 0;
	char *what = hta_arena_strndup(A, m->scratch.s ? m->scratch.s : "", m->scratch.len);
	if (!what || plan_writes(m, s, r->row, &rc, &w, bits, conflict, what))
		return NOMEM(err);
	return 0;
}

static int on_row(void *ctx, const struct hta_row *r, struct hta_err *err)
{
	struct imp *m = ctx;
	if (!m->have_header)
		return r->n ? header(m, r, err) : 0;
	return data_row(m, r, err);
}

/*
 * The CSV's separator, from its header line: ',' as export writes it, or
 * ';' (or a tab) when the header holds no comma but those: Excel saves
 * "CSV" with ';' in locales whose decimal mark is a comma, and "Text" with
 * tabs. The header's names hold none of the three.
 */
static char csv_delim(const char *path)
{
	char buf[4096];
	FILE *f = fopen(path, "rb");
	if (!f)
		return 0;
	size_t n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = 0;
	size_t line = strcspn(buf, "\r\n");
	size_t commas = 0, semis = 0, tabs = 0;
	for (size_t i = 0; i < line; i++) {
		commas += buf[i] == ',';
		semis += buf[i] == ';';
		tabs += buf[i] == '\t';
	}
	if (commas)
		return 0;
	return semis ? ';' : tabs ? '\t' : 0;
}

static bool is_zip(const char *path)
{
	FILE *f = fopen(path, "rb");
	unsigned char b[4] = { 0 };
	if (!f)
		return false;
	size_t n = fread(b, 1, 4, f);
	fclose(f);
	return n == 4 && b[0] == 'P' && b[1] == 'K' && b[2] == 3 && b[3] == 4;
}

int hta_workbook_plan(const struct hta_catalog *cat, const struct hta_wb_import_opts *o,
		      struct hta_wb_plan *plan, struct hta_err *err)
{
	struct imp m;
	struct stat st;
	struct hta_err rerr = { 0 };
	int rc;
	memset(plan, 0, sizeof(*plan));
	memset(&m, 0, sizeof(m));
	m.cat = cat;
	m.plan = plan;
	m.file = o->display ? o->display : o->file;
	/* the file first: a workbook that cannot be read needs no tree */
	if (stat(o->file, &st) < 0)
		return hta_err_at(err, HTA_EIO, m.file, 0, 0, "cannot read the workbook: %s",
				  strerror(errno));
	if (!S_ISREG(st.st_mode))
		return hta_err_at(err, HTA_EIO, m.file, 0, 0, "the workbook is not a regular file");
	if (!(plan->errors = hta_arena_array(&plan->arena, HTA_WB_MAX_ERRORS, sizeof(char *))))
		return NOMEM(err);
	if ((rc = wb_tree_load(&m.t, cat, o->evidence_root, o->scope_path, o->errors, err)))
		goto out;
	if (!(plan->root = hta_arena_strdup(&plan->arena, m.t.root)) ||
	    !(m.seen = hta_calloc(cat->n_stmts ? cat->n_stmts : 1, sizeof(unsigned)))) {
		rc = NOMEM(err);
		goto out;
	}
	m.csv = !is_zip(o->file);
	struct hta_csv_opts csv_opts = { .max_file = HTA_WB_MAX_FILE,
					 .limit_hint = "the workbook limit",
					 .delim = m.csv ? csv_delim(o->file) : 0 };
	if (m.csv)
		rc = hta_csv_read_file(o->file, m.file, &csv_opts, on_row, &m, &rerr);
	else
		rc = hta_xlsx_read_file(o->file, m.file, HTA_WB_SHEET, on_row, &m, &m.info, &rerr);
	if (rc == HTA_ENOMEM || rc == HTA_EIO) {
		*err = rerr;
		goto out;
	}
	if (rc) {
		if (!m.stop)
			add_error(&m, rerr.msg);
	} else if (!m.have_header) {
		add_error(&m, "the workbook is empty: no header row");
	}
	rc = 0;
	if (plan->n_errors) {
		*err = m.first;
		rc = HTA_EINVAL;
	}
out:
	hta_buf_free(&m.scratch);
	hta_free(m.colmap);
	hta_free(m.seen);
	wb_tree_free(&m.t);
	if (rc && rc != HTA_EINVAL)
		hta_workbook_plan_free(plan);
	return rc;
}

/* Write all of `len` bytes; 0 or -1 (errno set). */
static int write_all(int fd, const char *p, size_t len)
{
	while (len) {
		ssize_t w = write(fd, p, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -1;
		p += w;
		len -= (size_t)w;
	}
	return 0;
}

/*
 * Write the planned manifests as one batch, so that an I/O error leaves
 * the tree as it was and a thousand manifests cost two flushes, not two
 * thousand: (1) every new content into a hidden temporary file beside its
 * manifest (".NAME.wb-XXXXXX": no manifest pattern matches it); (2) one
 * syncfs(), so the contents are on disk; (3) each temporary renamed over
 * its manifest (a new manifest linked, so one that appeared meanwhile is
 * never replaced); (4) one syncfs(), so the renames are. A failure in (1)
 * or (2) removes every temporary: nothing was written.
 */
int hta_workbook_apply(const struct hta_wb_plan *plan, bool force, size_t *written,
		       struct hta_err *err)
{
	size_t n = 0, k;
	int rc = 0, syncfd = -1;
	char (*tmp)[PATH_MAX] = hta_calloc(plan->n_changes ? plan->n_changes : 1, sizeof(*tmp));
	if (written)
		*written = 0;
	if (!tmp)
		return NOMEM(err);
	for (k = 0; k < plan->n_changes && !rc; k++) {
		const struct hta_wb_change *c = &plan->changes[k];
		char abs[PATH_MAX];
		if (c->conflict && !force)
			continue;
		const char *sl = strrchr(c->path, '/');
		int dl = sl ? (int)(sl + 1 - c->path) : 0;
		if ((size_t)snprintf(abs, sizeof(abs), "%s/%s", plan->root, c->path) >= sizeof(abs) ||
		    (size_t)snprintf(tmp[k], sizeof(tmp[k]), "%s/%.*s.%s.wb-XXXXXX", plan->root, dl,
				     c->path, c->path + dl) >= sizeof(tmp[k])) {
			tmp[k][0] = 0;
			rc = hta_err_at(err, HTA_EIO, c->path, 0, 0, "path too long");
			break;
		}
		if (c->create && dl) {
			char dir[PATH_MAX];
			snprintf(dir, sizeof(dir), "%s/%.*s", plan->root, dl - 1, c->path);
			if (mkdir(dir, 0755) < 0 && errno != EEXIST) {
				tmp[k][0] = 0;
				rc = hta_err_at(err, HTA_EIO, c->path, 0, 0, "cannot create its directory: %s",
						strerror(errno));
				break;
			}
		}
		int fd = mkostemp(tmp[k], O_CLOEXEC);
		if (fd < 0) {
			tmp[k][0] = 0;
			rc = hta_err_at(err, HTA_EIO, c->path, 0, 0, "cannot create: %s", strerror(errno));
			break;
		}
		int e = fchmod(fd, 0644) < 0 || write_all(fd, c->data, c->len) < 0 ? errno : 0;
		if (close(fd) < 0 && !e)
			e = errno;
		if (e)
			rc = hta_err_at(err, HTA_EIO, c->path, 0, 0, "cannot write: %s", strerror(e));
		if (syncfd < 0)
			syncfd = open(tmp[k], O_RDONLY | O_CLOEXEC);
	}
	if (!rc && syncfd >= 0 && syncfs(syncfd) < 0)
		rc = hta_err_at(err, HTA_EIO, plan->root, 0, 0, "cannot flush the evidence tree: %s",
				strerror(errno));
	if (rc) {
		for (size_t i = 0; i < plan->n_changes; i++)
			if (tmp[i][0])
				unlink(tmp[i]);
		goto out;
	}
	for (k = 0; k < plan->n_changes; k++) {
		const struct hta_wb_change *c = &plan->changes[k];
		char abs[PATH_MAX];
		if (!tmp[k][0])
			continue;
		snprintf(abs, sizeof(abs), "%s/%s", plan->root, c->path);
		int bad = c->create ? link(tmp[k], abs) : rename(tmp[k], abs);
		int e = errno;
		if (c->create || bad)
			unlink(tmp[k]);
		if (bad && !rc)
			rc = hta_err_at(err, HTA_EIO, c->path, 0, 0, "%s",
					c->create && e == EEXIST
						? "appeared while the import ran; not replaced (run it again)"
						: strerror(e));
		n += !bad;
	}
	if (syncfd >= 0)
		(void)syncfs(syncfd);
out:
	if (syncfd >= 0)
		close(syncfd);
	hta_free(tmp);
	if (written)
		*written = n;
	return rc;
}

void hta_workbook_plan_free(struct hta_wb_plan *plan)
{
	hta_free(plan->changes);
	hta_arena_free(&plan->arena);
	memset(plan, 0, sizeof(*plan));
}

size_t hta_wb_unguard(const char *s)
{
	return s[0] == '\'' ? 1 : 0;
}
