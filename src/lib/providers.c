/*
 * providers.c — provider responsibility matrices (see hta/providers.h).
 *
 * The shipped files are YAML read through the document tree (positions for
 * every error); a user's matrix is a three-column CSV, read line by line
 * (no CSV library is kept here; quoted fields are accepted, without
 * embedded newlines).
 */
#include "hta/doc.h"
#include "hta/providers.h"

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
			hta_node_err(&d, idn, err, "unknown statement '%s'", id);
			goto done;
		}
		int resp = hta_resp_parse(rs);
		if (resp < 0) {
			hta_node_err(&d, rn, err,
				     "responsibility must be provider, shared or customer, not '%s'", rs);
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

/* Split one CSV line into at most 3 fields, in place; returns the count
 * or -1 for a malformed quote. cols[] receive 1-based columns. */
static int csv_split(char *line, char *f[3], unsigned cols[3])
{
	int n = 0;
	char *p = line;
	for (;;) {
		if (n == 3)
			return 4;
		cols[n] = (unsigned)(p - line) + 1;
		if (*p == '"') {
			char *o = ++p;
			f[n] = o;
			for (;;) {
				if (!*p)
					return -1;
				if (*p == '"' && p[1] == '"') {
					*o++ = '"';
					p += 2;
				} else if (*p == '"') {
					p++;
					break;
				} else {
					*o++ = *p++;
				}
			}
			*o = 0;
			n++;
			if (*p == ',') {
				p++;
				continue;
			}
			return *p ? -1 : n;
		}
		f[n++] = p;
		char *c = strchr(p, ',');
		if (!c)
			return n;
		*c = 0;
		p = c + 1;
	}
}

static char *trim(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		s[--n] = 0;
	return s;
}

/* A user's matrix: `requirement,responsibility,weight`, a header first. */
static int load_csv(struct hta_provider_matrix *pm, const struct hta_catalog *cat,
		    const char *path, const char *shown, struct hta_err *err)
{
	struct stat sb;
	if (stat(path, &sb) != 0)
		return hta_err_set(err, HTA_EIO, "%s: cannot read provider matrix: %s", shown,
				   strerror(errno));
	if (!S_ISREG(sb.st_mode))
		return hta_err_set(err, HTA_EIO, "%s: not a regular file", shown);
	FILE *f = fopen(path, "r");
	if (!f)
		return hta_err_set(err, HTA_EIO, "%s: cannot read provider matrix: %s", shown,
				   strerror(errno));
	char line[4096];
	unsigned ln = 0;
	int rc = 0;
	bool header = false;
	while (fgets(line, sizeof(line), f)) {
		ln++;
		size_t len = strlen(line);
		if (len && line[len - 1] == '\n')
			line[--len] = 0;
		else if (!feof(f)) {
			rc = hta_err_at(err, HTA_EINVAL, shown, ln, 1, "line too long");
			break;
		}
		char *s = line;
		if (ln == 1 && (unsigned char)s[0] == 0xEF && (unsigned char)s[1] == 0xBB &&
		    (unsigned char)s[2] == 0xBF)
			s += 3; /* a UTF-8 byte order mark from a spreadsheet */
		if (!*trim(s) || *trim(s) == '#')
			continue;
		char *fv[3];
		unsigned col[3];
		int n = csv_split(s, fv, col);
		if (n != 3) {
			rc = hta_err_at(err, HTA_EINVAL, shown, ln, 1,
					"expected 3 fields: requirement,responsibility,weight");
			break;
		}
		for (int k = 0; k < 3; k++)
			fv[k] = trim(fv[k]);
		if (!header) {
			header = true;
			if (strcasecmp(fv[0], "requirement") || strcasecmp(fv[1], "responsibility") ||
			    strcasecmp(fv[2], "weight")) {
				rc = hta_err_at(err, HTA_EINVAL, shown, ln, 1,
						"the first line must be the header "
						"'requirement,responsibility,weight'");
				break;
			}
			continue;
		}
		long si = hta_catalog_find(cat, fv[0]);
		if (si < 0) {
			rc = hta_err_at(err, HTA_EINVAL, shown, ln, col[0], "unknown statement '%s'",
					fv[0]);
			break;
		}
		int resp = hta_resp_parse(fv[1]);
		if (resp < 0) {
			rc = hta_err_at(err, HTA_EINVAL, shown, ln, col[1],
					"responsibility must be provider, shared or customer, not '%s'",
					fv[1]);
			break;
		}
		char *end;
		errno = 0;
		long w = strtol(fv[2], &end, 10);
		if (errno || end == fv[2] || *end || w < 0 || w > 100) {
			rc = hta_err_at(err, HTA_EINVAL, shown, ln, col[2],
					"weight must be a whole percent 0..100, not '%s'", fv[2]);
			break;
		}
		int cap = cat->stmts[si].inheritable;
		pm->resp[si] = (unsigned char)resp;
		pm->weight[si] = (unsigned char)(resp == HTA_RESP_CUSTOMER ? 0 : w > cap ? cap : w);
	}
	if (!rc && ferror(f))
		rc = hta_err_set(err, HTA_EIO, "%s: read error", shown);
	if (!rc && !header)
		rc = hta_err_at(err, HTA_EINVAL, shown, 1, 1,
				"empty matrix: expected the header 'requirement,responsibility,weight'");
	fclose(f);
	return rc;
}

int hta_provider_matrix_load(struct hta_provider_matrix *pm, const struct hta_catalog *cat,
			     const char *name, const char *csv_path, const char *csv_display,
			     struct hta_err *err)
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
		rc = pm->source ? load_csv(pm, cat, csv_path, pm->source, err)
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
