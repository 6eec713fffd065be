/*
 * providers.c — provider responsibility matrices (see hta/providers.h).
 *
 * The shipped files are YAML read through the document tree (positions for
 * every error); a user's matrix is a three-column CSV read with the
 * library's CSV reader (csv.h), every bad row reported.
 */
#include "hta/csv.h"
#include "hta/doc.h"
#include "hta/providers.h"

#include <stdarg.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char *const resp_names[] = { "customer", "shared", "provider" };

const char *hta_resp_name(int resp)
{
	return resp >= 0 && resp <= HTA_RESP_PROVIDER ? resp_names[resp] : "?";
}

int hta_resp_parse(const char *s)
{
	for (int i = 0; i <= HTA_RESP_PROVIDER; i++)
		if (strcasecmp(s, resp_names[i]) == 0)
			return i;
	return -1;
}

void hta_provider_matrix_free(struct hta_provider_matrix *pm)
{
	hta_arena_free(&pm->arena);
	memset(pm, 0, sizeof(*pm));
}

static bool valid_name(const char *s)
{
	if (!*s || strlen(s) > 64)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-' || *s == '_'))
			return false;
	return true;
}

/* The shipped (or catalog-local) YAML file. */
static int load_yaml(struct hta_provider_matrix *pm, const struct hta_catalog *cat,
		     const char *path, struct hta_err *err)
{
	static const char *const keys[] = { "provider", "statements", NULL };
	static const char *const pkeys[] = { "name", "title", "basis", "sources", NULL };
	static const char *const skeys[] = { "id", "responsibility", "weight", NULL };
	struct hta_doc d;
	int rc = hta_doc_load(&d, path, NULL, 0, &hta_doc_limits_catalog, err);
	if (rc)
		return rc;
	rc = HTA_EINVAL;
	const struct hta_node *r = d.root, *v, *seq;
	if (!r || hta_map_check(&d, r, "provider file", keys, err))
		goto done;
	if ((v = hta_map_get(r, "provider")) && hta_map_check(&d, v, "provider", pkeys, err))
		goto done;
	seq = hta_map_get(r, "statements");
	if (!seq) {
		hta_node_err(&d, r, err, "missing 'statements'");
		goto done;
	}
	if (hta_seq_check(&d, seq, "statements", err))
		goto done;
	for (size_t i = 0; i < seq->n; i++) {
		const struct hta_node *m = seq->items[i], *idn, *rn, *wn;
		const char *id, *rs;
		long long w = -1;
		if (hta_map_check(&d, m, "statement", skeys, err))
			goto done;
		if (!(idn = hta_map_get(m, "id")) || !(rn = hta_map_get(m, "responsibility"))) {
			hta_node_err(&d, m, err, "each statement needs 'id' and 'responsibility'");
			goto done;
		}
		if (hta_node_str(&d, idn, "id", &id, err) ||
		    hta_node_str(&d, rn, "responsibility", &rs, err))
			goto done;
		long si = hta_catalog_find(cat, id);
		if (si < 0) {
			hta_node_err(&d, idn, err, "unknown statement '%s'", hta_shown(id));
			goto done;
		}
		int resp = hta_resp_parse(rs);
		if (resp < 0) {
			hta_node_err(&d, rn, err,
				     "responsibility must be provider, shared or customer, not '%s'",
				     hta_shown(rs));
			goto done;
		}
		if ((wn = hta_map_get(m, "weight")) &&
		    hta_node_int(&d, wn, "weight", 0, 100, &w, err))
			goto done;
		int cap = cat->stmts[si].inheritable;
		if (w < 0)
			w = resp == HTA_RESP_CUSTOMER ? 0 : cap;
		if (w > cap) {
			hta_node_err(&d, wn, err, "weight %lld is above the catalog's inheritable %d "
				     "for %s", w, cap, id);
			goto done;
		}
		pm->resp[si] = (unsigned char)resp;
		pm->weight[si] = (unsigned char)(resp == HTA_RESP_CUSTOMER ? 0 : w);
	}
	rc = 0;
done:
	hta_doc_free(&d);
	return rc;
}

/* Reading a user's matrix: the state carried from row to row. */
struct csv_load {
	struct hta_provider_matrix *pm;
	const struct hta_catalog *cat;
	const char *shown;
	struct hta_errlist *errors; /* may be NULL */
	struct hta_err first;       /* the first error (code 0: none yet) */
	bool header;
	bool stopped;               /* the header is wrong: the read was stopped */
};

/* Record one error of the matrix and go on (every bad row is reported).
 * Returns HTA_ENOMEM when the list cannot grow, else 0. */
static int csv_bad(struct csv_load *L, unsigned line, unsigned col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static int csv_bad(struct csv_load *L, unsigned line, unsigned col, const char *fmt, ...)
{
	char msg[HTA_ERR_MAX];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	struct hta_err e = { 0 };
	hta_err_at(&e, HTA_EINVAL, L->shown, line, col, "%s", msg);
	if (!L->first.code)
		L->first = e;
	return L->errors && hta_errlist_add(L->errors, e.msg) ? HTA_ENOMEM : 0;
}

/* Field `col` (1-based) of `row`, trimmed of spaces and tabs, into `out`;
 * `*at` gets the field's column (its first character). */
static void csv_text(const struct hta_row *row, unsigned col, char *out, size_t size,
		     unsigned *at)
{
	const struct hta_cell *c = hta_row_cell(row, col);
	*at = c ? c->lcol : 1;
	size_t n;
	const char *s = hta_cell_trim(c, &n);
	if (n >= size)
		n = size - 1;
	memcpy(out, s, n);
	out[n] = 0;
}

/* One record of a user's matrix: the header first, then
 * requirement,responsibility,weight. */
static int csv_row(void *ctx, const struct hta_row *row, struct hta_err *err)
{
	struct csv_load *L = ctx;
	char id[256], rs[64], ws[64];
	unsigned cid, crs, cws;
	csv_text(row, 1, id, sizeof(id), &cid);
	csv_text(row, 2, rs, sizeof(rs), &crs);
	csv_text(row, 3, ws, sizeof(ws), &cws);
	if (row->fields <= 1 && !*id)
		return 0; /* a blank line */
	if (!L->header) {
		L->header = true;
		if (row->fields != 3 || strcasecmp(id, "requirement") ||
		    strcasecmp(rs, "responsibility") || strcasecmp(ws, "weight")) {
			csv_bad(L, row->line, 1,
				"the first line must be the header 'requirement,responsibility,weight'");
			L->stopped = true; /* the rows mean nothing */
			return hta_err_set(err, HTA_EINVAL, "stopped");
		}
		return 0;
	}
	if (row->fields != 3)
		return csv_bad(L, row->line, 1, "expected 3 fields: requirement,responsibility,weight");
	long si = hta_catalog_find(L->cat, id);
	if (si < 0)
		return csv_bad(L, row->line, cid, "unknown statement '%s'", hta_shown(id));
	int resp = hta_resp_parse(rs);
	if (resp < 0)
		return csv_bad(L, row->line, crs,
			       "responsibility must be provider, shared or customer, not '%s'",
			       hta_shown(rs));
	char *end;
	errno = 0;
	long w = strtol(ws, &end, 10);
	if (errno || end == ws || *end || w < 0 || w > 100)
		return csv_bad(L, row->line, cws, "weight must be a whole percent 0..100, not '%s'",
			       hta_shown(ws));
	int cap = L->cat->stmts[si].inheritable;
	L->pm->resp[si] = (unsigned char)resp;
	L->pm->weight[si] = (unsigned char)(resp == HTA_RESP_CUSTOMER ? 0 : w > cap ? cap : w);
	return 0;
}

/* A user's matrix: `requirement,responsibility,weight`, a header first;
 * '#' comment lines and blank lines skipped. Every bad row is reported. */
static int load_csv(struct hta_provider_matrix *pm, const struct hta_catalog *cat,
		    const char *path, const char *shown, struct hta_errlist *errors,
		    struct hta_err *err)
{
	static const struct hta_csv_opts opts = { .comments = true,
						  .max_cell = 4096,
						  .max_records = 1000000,
						  .max_file = 64ull << 20,
						  .limit_hint = "the matrix limit" };
	struct stat sb;
	if (stat(path, &sb) != 0)
		return hta_err_set(err, HTA_EIO, "%s: cannot read provider matrix: %s", shown,
				   strerror(errno));
	if (!S_ISREG(sb.st_mode))
		return hta_err_set(err, HTA_EIO, "%s: not a regular file", shown);
	struct csv_load L = { .pm = pm, .cat = cat, .shown = shown, .errors = errors };
	struct hta_err rerr = { 0 };
	int rc = hta_csv_read_file(path, shown, &opts, csv_row, &L, &rerr);
	if (rc == HTA_ENOMEM)
		return hta_err_set(err, HTA_ENOMEM, "out of memory");
	if (rc == HTA_EIO) {
		*err = rerr;
		return rc;
	}
	if (rc && !L.stopped) { /* the reader's own error: the file as CSV */
		if (!L.first.code)
			L.first = rerr;
		if (errors && hta_errlist_add(errors, rerr.msg))
			return hta_err_set(err, HTA_ENOMEM, "out of memory");
	}
	if (!L.first.code && !L.header)
		csv_bad(&L, 1, 1, "empty matrix: expected the header 'requirement,responsibility,weight'");
	if (L.first.code) {
		*err = L.first;
		return HTA_EINVAL;
	}
	return 0;
}

int hta_provider_matrix_load(struct hta_provider_matrix *pm, const struct hta_catalog *cat,
			     const char *name, const char *csv_path, const char *csv_display,
			     struct hta_errlist *errors, struct hta_err *err)
{
	memset(pm, 0, sizeof(*pm));
	size_t n = cat->n_stmts ? cat->n_stmts : 1;
	pm->resp = hta_arena_array(&pm->arena, n, 1);
	pm->weight = hta_arena_array(&pm->arena, n, 1);
	if (!pm->resp || !pm->weight) {
		hta_provider_matrix_free(pm);
		return hta_err_set(err, HTA_ENOMEM, "out of memory");
	}
	int rc = 0;
	char path[4096];
	struct stat sb;
	if (csv_path) {
		pm->source = hta_arena_strdup(&pm->arena, csv_display ? csv_display : csv_path);
		rc = pm->source ? load_csv(pm, cat, csv_path, pm->source, errors, err)
				: hta_err_set(err, HTA_ENOMEM, "out of memory");
	} else if (valid_name(name) && cat->dir &&
		   (size_t)snprintf(path, sizeof(path), "%s/providers/%s.yaml", cat->dir, name) <
			   sizeof(path) &&
		   stat(path, &sb) == 0) {
		pm->source = hta_arena_strdup(&pm->arena, path);
		rc = pm->source ? load_yaml(pm, cat, path, err)
				: hta_err_set(err, HTA_ENOMEM, "out of memory");
	} else {
		pm->source = "catalog";
		for (size_t i = 0; i < cat->n_stmts; i++) {
			pm->weight[i] = (unsigned char)cat->stmts[i].inheritable;
			pm->resp[i] = cat->stmts[i].inheritable ? HTA_RESP_SHARED : HTA_RESP_CUSTOMER;
		}
	}
	if (rc)
		hta_provider_matrix_free(pm);
	return rc;
}
