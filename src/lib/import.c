/*
 * import.c — the aggregation behind `hitrust-assess import` (contract
 * 8.3): results per check id (passed / counted / left out, newest time),
 * the mapping of checks to statements (--map, the shipped mapping, the
 * crosswalk), each statement's coverage and date, the statements another
 * manifest already claims, and the atomic write of imports/<format>/.
 *
 * The format parsers (import_prowler.c, import_asff.c, import_xccdf.c,
 * import_inspec.c) stream a file and call import_result() once per result
 * (or import_results() for a rolled-up control); memory here grows with the
 * number of distinct checks only.
 */
#include "import_int.h"
#include "hta/date.h"
#include "hta/csv.h"
#include "hta/doc.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_CHECK_ID 1024
#define MAX_CHECKS 1000000

/* ---- errors ---- */

int import_error_msg(struct import_ctx *c, const char *msg)
{
	char *s = hta_arena_strdup(&c->im->arena, msg);
	if (!s || hta_ptrvec_push(&c->im->errors, s))
		c->nomem = 1;
	c->errors++;
	return HTA_EINVAL;
}

int import_verror(struct import_ctx *c, unsigned line, unsigned col, const char *fmt, va_list ap)
{
	struct hta_err e = { 0 };
	char msg[HTA_ERR_MAX];
	vsnprintf(msg, sizeof(msg), fmt, ap);
	hta_err_at(&e, HTA_EINVAL, c->path, line, col, "%s", msg);
	return import_error_msg(c, e.msg);
}

int import_error(struct import_ctx *c, unsigned line, unsigned col, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int r = import_verror(c, line, col, fmt, ap);
	va_end(ap);
	return r;
}

/* ---- the check table ---- */

/* FNV-1a's low bits vary little between ids that differ only in their
 * last characters (rule_00123, rule_00124): mix before masking. */
static size_t slot(uint64_t h, size_t cap)
{
	h ^= h >> 29;
	h *= 0xbf58476d1ce4e5b9ULL;
	h ^= h >> 32;
	return (size_t)h & (cap - 1);
}

static int index_grow(struct hta_import *im)
{
	size_t cap = im->index_cap ? im->index_cap * 2 : 1024;
	struct hta_import_slot *ix = hta_calloc(cap, sizeof(*ix));
	if (!ix)
		return HTA_ENOMEM;
	for (size_t i = 0; i < im->index_cap; i++) {
		if (!im->index[i].check)
			continue;
		size_t h = slot(im->index[i].hash, cap);
		while (ix[h].check)
			h = (h + 1) & (cap - 1);
		ix[h] = im->index[i];
	}
	hta_free(im->index);
	im->index = ix;
	im->index_cap = cap;
	return 0;
}

/*
 * Find check `s` (n bytes) or create it. NULL with c->why set on failure.
 * The hot path of every import (once per result): the slot keeps the
 * hash, and the id is stored right after its check, so a lookup touches
 * the slot and one check.
 */
static struct hta_import_check *check_get(struct import_ctx *c, const char *s, size_t n)
{
	struct hta_import *im = c->im;
	if (n == 0) {
		snprintf(c->why, sizeof(c->why), "empty check id");
		return NULL;
	}
	if (n > MAX_CHECK_ID) {
		snprintf(c->why, sizeof(c->why), "check id of %zu bytes (at most %d)", n, MAX_CHECK_ID);
		return NULL;
	}
	uint64_t hash = hta_hash_bytes(s, n);
	if (im->index_cap) {
		size_t h = slot(hash, im->index_cap);
		while (im->index[h].check) {
			struct hta_import_check *k = im->index[h].check;
			if (im->index[h].hash == hash && memcmp(k->id, s, n) == 0 && k->id[n] == 0)
				return k;
			h = (h + 1) & (im->index_cap - 1);
		}
	}
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f) {
			snprintf(c->why, sizeof(c->why), "check id holds a control character");
			return NULL;
		}
	if (im->n_checks >= MAX_CHECKS) {
		snprintf(c->why, sizeof(c->why), "more than %d distinct check ids", MAX_CHECKS);
		return NULL;
	}
	if ((im->n_checks + 1) * 2 > im->index_cap && index_grow(im))
		goto nomem;
	if (im->n_checks == im->cap_checks) {
		size_t cap = im->cap_checks ? im->cap_checks * 2 : 256;
		void *v = hta_realloc(im->checks, cap * sizeof(*im->checks));
		if (!v)
			goto nomem;
		im->checks = v;
		im->cap_checks = cap;
	}
	struct hta_import_check *k = hta_arena_alloc(&im->arena, sizeof(*k) + n + 1);
	if (!k)
		goto nomem;
	char *id = (char *)(k + 1);
	memcpy(id, s, n);
	id[n] = 0;
	k->id = id;
	im->checks[im->n_checks++] = k;
	size_t h = slot(hash, im->index_cap);
	while (im->index[h].check)
		h = (h + 1) & (im->index_cap - 1);
	im->index[h].hash = hash;
	im->index[h].check = k;
	return k;
nomem:
	c->nomem = 1;
	snprintf(c->why, sizeof(c->why), "out of memory");
	return NULL;
}

static int note_file(struct import_ctx *c, struct hta_import_check *k)
{
	if (k->n_files && k->files[k->n_files - 1] == c->file)
		return 0;
	if (k->n_files == k->cap_files) {
		size_t cap = k->cap_files ? k->cap_files * 2 : 2;
		void *v = hta_realloc(k->files, cap * sizeof(*k->files));
		if (!v) {
			c->nomem = 1;
			snprintf(c->why, sizeof(c->why), "out of memory");
			return HTA_ENOMEM;
		}
		k->files = v;
		k->cap_files = cap;
	}
	k->files[k->n_files++] = c->file;
	return 0;
}

int import_results(struct import_ctx *c, const char *check, size_t n,
		   size_t npass, size_t nfail, size_t nleft, size_t nuntimed,
		   const char *word, size_t wn, bool has_time, long long t)
{
	struct hta_import_check *k = check_get(c, check, n);
	if (!k || note_file(c, k))
		return c->nomem ? HTA_ENOMEM : HTA_EINVAL;
	if (has_time && import_time_check(c, t, c->why, sizeof(c->why)))
		return HTA_EINVAL;
	size_t all = npass + nfail + nleft;
	k->passed += npass;
	k->counted += npass + nfail;
	k->left_out += nleft;
	c->im->results += all;
	c->im->passed += npass;
	c->im->counted += npass + nfail;
	c->im->left_out += nleft;
	c->results += all;
	if (nleft && !k->left_word && word && wn) {
		k->left_word = hta_arena_strndup(&c->im->arena, word, wn > 64 ? 64 : wn);
		if (!k->left_word) {
			c->nomem = 1;
			return HTA_ENOMEM;
		}
	}
	if (has_time) {
		if (!c->has_time || t > c->newest)
			c->newest = t;
		c->has_time = true;
		if (npass + nfail > nuntimed && (!k->has_time || t > k->newest)) {
			k->newest = t;
			k->has_time = true;
		}
	}
	if (nuntimed) {
		c->untimed_results += nuntimed;
		if (npass + nfail) {
			if (!k->pending_untimed && hta_ptrvec_push(&c->untimed, k)) {
				c->nomem = 1;
				return HTA_ENOMEM;
			}
			k->pending_untimed += nuntimed;
		}
	}
	return 0;
}

int import_result(struct import_ctx *c, const char *check, size_t n,
		  enum hta_result_class cls, const char *word, size_t wn,
		  bool has_time, long long t)
{
	return import_results(c, check, n, cls == HTA_RESULT_PASS, cls == HTA_RESULT_FAIL,
			      cls == HTA_RESULT_LEFT_OUT,
			      !has_time && cls != HTA_RESULT_LEFT_OUT ? 1 : 0, word, wn, has_time, t);
}

int import_xref(struct import_ctx *c, const char *check, size_t n,
		enum hta_xref_kind kind, const char *id, size_t idn)
{
	if (!c->im->opts.via_crosswalk || idn == 0 || idn > 128)
		return 0;
	struct hta_import_check *k = check_get(c, check, n);
	if (!k)
		return c->nomem ? HTA_ENOMEM : HTA_EINVAL;
	for (size_t i = 0; i < k->n_xrefs; i++)
		if (k->xrefs[i].kind == kind && strncmp(k->xrefs[i].id, id, idn) == 0 &&
		    k->xrefs[i].id[idn] == 0)
			return 0;
	if (k->n_xrefs >= 4096)
		return 0; /* a bound; no real check carries this many */
	if (k->n_xrefs == k->cap_xrefs) {
		size_t cap = k->cap_xrefs ? k->cap_xrefs * 2 : 8;
		struct hta_xref *v = hta_realloc(k->xrefs, cap * sizeof(*v));
		if (!v)
			goto nomem;
		k->xrefs = v;
		k->cap_xrefs = cap;
	}
	const char *s = hta_arena_strndup(&c->im->arena, id, idn);
	if (!s)
		goto nomem;
	k->xrefs[k->n_xrefs].kind = kind;
	k->xrefs[k->n_xrefs++].id = s;
	return 0;
nomem:
	c->nomem = 1;
	snprintf(c->why, sizeof(c->why), "out of memory");
	return HTA_ENOMEM;
}

/* ---- framework ids ---- */

/*
 * "164_308_a_1_ii_a", "164.308(a)(1)(ii)(A)" -> "164.308(a)(1)(ii)(A)":
 * the part after section and paragraph letters in lower case, the fourth
 * (an implementation specification's letter) in upper case.
 */
static int hipaa_norm(const char *s, size_t n, char *out, size_t cap)
{
	size_t o = 0, i = 0;
	int part = 0;
	char tok[16];
	while (i < n) {
		while (i < n && (s[i] == '_' || s[i] == '.' || s[i] == '(' || s[i] == ')' || s[i] == ' '))
			i++;
		size_t t = 0;
		while (i < n && s[i] != '_' && s[i] != '.' && s[i] != '(' && s[i] != ')' && s[i] != ' ') {
			char ch = s[i++];
			if (!((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z')))
				return -1;
			if (t + 1 >= sizeof(tok))
				return -1;
			tok[t++] = ch;
		}
		if (!t)
			break;
		tok[t] = 0;
		for (size_t k = 0; k < t; k++) {
			char ch = tok[k];
			if (part == 5 && ch >= 'a' && ch <= 'z')
				ch = (char)(ch - 'a' + 'A');
			else if (part != 5 && ch >= 'A' && ch <= 'Z')
				ch = (char)(ch - 'A' + 'a');
			tok[k] = ch;
		}
		int w;
		if (part == 0)
			w = snprintf(out + o, cap - o, "%s", tok);
		else if (part == 1)
			w = snprintf(out + o, cap - o, ".%s", tok);
		else
			w = snprintf(out + o, cap - o, "(%s)", tok);
		if (w < 0 || (size_t)w >= cap - o)
			return -1;
		o += (size_t)w;
		part++;
	}
	if (part < 2 || strncmp(out, "164.", 4) != 0)
		return -1;
	return 0;
}

/*
 * An 800-53 id as the scanners write it -> "AC-2" or "AC-2(6)": "ac_2_6",
 * "AC-2 (6)", "AC-02(06)", "ac_2_3_a" (item a dropped), "ac_2_d_1" (item
 * d.1 dropped), "AC-2(6)(a)".
 */
static int nist_norm(const char *s, size_t n, char *out, size_t cap)
{
	size_t i = 0;
	while (i < n && s[i] == ' ')
		i++;
	char fam[3];
	for (int k = 0; k < 2; k++, i++) {
		if (i >= n)
			return -1;
		char ch = s[i];
		if (ch >= 'a' && ch <= 'z')
			ch = (char)(ch - 'a' + 'A');
		if (ch < 'A' || ch > 'Z')
			return -1;
		fam[k] = ch;
	}
	fam[2] = 0;
	if (i < n && (s[i] == '-' || s[i] == '_' || s[i] == ' ' || s[i] == '.'))
		i++;
	long ctl = 0, enh = -1;
	size_t d0 = i;
	while (i < n && s[i] >= '0' && s[i] <= '9' && ctl < 1000)
		ctl = ctl * 10 + (s[i++] - '0');
	if (i == d0 || ctl == 0 || ctl >= 1000)
		return -1;
	while (i < n && s[i] == ' ')
		i++;
	if (i < n && (s[i] == '(' || s[i] == '_' || s[i] == '.')) {
		size_t j = i + 1, e0 = j;
		long v = 0;
		while (j < n && s[j] >= '0' && s[j] <= '9' && v < 1000)
			v = v * 10 + (s[j++] - '0');
		if (j > e0 && v > 0 && v < 1000 && (s[i] != '(' || (j < n && s[j] == ')')))
			enh = v;
	}
	int w = enh >= 0 ? snprintf(out, cap, "%s-%ld(%ld)", fam, ctl, enh)
			 : snprintf(out, cap, "%s-%ld", fam, ctl);
	return w < 0 || (size_t)w >= cap ? -1 : 0;
}

int import_framework_id(struct import_ctx *c, const char *check, size_t n,
			const char *fw, size_t fwn, const char *id, size_t idn)
{
	char buf[96];
	if (!c->im->opts.via_crosswalk)
		return 0;
	if (import_word_is(fw, fwn, "HIPAA")) {
		if (hipaa_norm(id, idn, buf, sizeof(buf)) == 0)
			return import_xref(c, check, n, HTA_XREF_HIPAA, buf, strlen(buf));
		return 0;
	}
	bool r5 = import_word_is(fw, fwn, "NIST-800-53-Revision-5") ||
		  import_word_is(fw, fwn, "NIST.800-53.r5") || import_word_is(fw, fwn, "NIST-800-53-r5");
	bool r4 = import_word_is(fw, fwn, "NIST-800-53-Revision-4") ||
		  import_word_is(fw, fwn, "NIST.800-53.r4") || import_word_is(fw, fwn, "NIST-800-53-r4");
	if ((r5 || r4) && nist_norm(id, idn, buf, sizeof(buf)) == 0)
		return import_xref(c, check, n, r5 ? HTA_XREF_NIST_R5 : HTA_XREF_NIST_R4, buf, strlen(buf));
	return 0;
}

/* ---- mapping files ---- */

struct map_pair {
	const char *check;
	long stmt;
	const char *file;
	unsigned line;
};

struct hta_import_map {
	struct map_pair *v;
	size_t n, cap;
};

static int pair_cmp(const void *a, const void *b)
{
	const struct map_pair *x = a, *y = b;
	int r = strcmp(x->check, y->check);
	if (r)
		return r;
	return x->stmt < y->stmt ? -1 : x->stmt > y->stmt;
}

/* Reading one mapping file: the state carried from row to row. */
struct map_read {
	struct hta_import *im;
	struct import_ctx c;
	struct hta_import_map *m;
	const char *fname;
	bool stmts, first;
};

/* One record of a mapping: "check_id,requirement". A bad record is an
 * error of the import, and the read goes on. */
static int map_row(void *ctx, const struct hta_row *row, struct hta_err *err)
{
	struct map_read *r = ctx;
	struct hta_import *im = r->im;
	struct hta_import_map *m = r->m;
	const struct hta_cell *ca = hta_row_cell(row, 1), *cb = hta_row_cell(row, 2);
	size_t na, nb;
	const char *a = hta_cell_trim(ca, &na), *b = hta_cell_trim(cb, &nb);
	if (row->fields <= 1 && !na)
		return 0; /* a blank line */
	bool first = r->first;
	r->first = false;
	if (row->fields != 2 || !na || !nb) {
		if (first && row->fields == 2 && ((na == 8 && !memcmp(a, "check_id", 8)) ||
						  (na == 5 && !memcmp(a, "r4_id", 5))))
			return 0;
		import_error(&r->c, row->line, 1, "expected 'check_id,requirement'");
		return r->c.nomem ? hta_err_set(err, HTA_ENOMEM, "out of memory") : 0;
	}
	if (first && ((na == 8 && !memcmp(a, "check_id", 8)) || (na == 5 && !memcmp(a, "r4_id", 5))))
		return 0; /* the header */
	char *bs = hta_arena_strndup(&im->arena, b, nb);
	if (!bs)
		return hta_err_set(err, HTA_ENOMEM, "out of memory");
	long st = -1;
	if (r->stmts && (st = hta_catalog_find(im->cat, bs)) < 0) {
		import_error(&r->c, row->line, cb->lcol, "unknown statement '%s' (not in the catalog)",
			     hta_shown(bs));
		return r->c.nomem ? hta_err_set(err, HTA_ENOMEM, "out of memory") : 0;
	}
	if (m->n == m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 64;
		void *v = hta_arena_array(&im->arena, cap, sizeof(*m->v));
		if (!v)
			return hta_err_set(err, HTA_ENOMEM, "out of memory");
		if (m->n)
			memcpy(v, m->v, m->n * sizeof(*m->v));
		m->v = v;
		m->cap = cap;
	}
	struct map_pair *p = &m->v[m->n];
	p->check = hta_arena_strndup(&im->arena, a, na);
	p->stmt = st;
	p->file = r->stmts ? r->fname : bs; /* the r4 table keeps the r5 id here */
	p->line = row->line;
	if (!p->check)
		return hta_err_set(err, HTA_ENOMEM, "out of memory");
	m->n++;
	return 0;
}

/*
 * Read a two-column CSV mapping ("check_id,requirement"; '#' comment lines
 * and blank lines ignored; a first line "check_id,requirement" is a
 * header) with the library's CSV reader (csv.h). With `stmts` false the
 * second column is any id (the r4 -> r5 table). Every bad line is recorded
 * in im->errors; returns HTA_EINVAL if any.
 */
static int map_load(struct hta_import *im, struct hta_import_map **out, const char *path,
		    bool stmts, struct hta_err *err)
{
	static const struct hta_csv_opts opts = { .comments = true,
						  .max_cell = 4096,
						  .max_records = 10000000,
						  .max_file = 256ull << 20,
						  .limit_hint = "the mapping limit" };
	struct map_read r = { .im = im, .c = { .im = im, .path = path }, .stmts = stmts,
			      .first = true };
	struct stat sb;
	if (stat(path, &sb) != 0)
		return hta_err_set(err, HTA_EIO, "cannot read '%s': %s", path, strerror(errno));
	r.m = hta_arena_alloc(&im->arena, sizeof(*r.m));
	r.fname = hta_arena_strdup(&im->arena, path);
	if (!r.m || !r.fname)
		return hta_err_set(err, HTA_ENOMEM, "out of memory");
	struct hta_err rerr = { 0 };
	int rc = hta_csv_read_file(path, path, &opts, map_row, &r, &rerr);
	if (rc == HTA_ENOMEM || r.c.nomem)
		return hta_err_set(err, HTA_ENOMEM, "out of memory");
	if (rc == HTA_EIO) {
		*err = rerr;
		return rc;
	}
	if (rc && import_error_msg(&r.c, rerr.msg) && r.c.nomem) /* not CSV as written */
		return hta_err_set(err, HTA_ENOMEM, "out of memory");
	if (r.m->n)
		qsort(r.m->v, r.m->n, sizeof(*r.m->v), pair_cmp);
	*out = r.m;
	if (r.c.errors)
		return hta_err_set(err, HTA_EINVAL, "%s",
				   (const char *)im->errors.v[im->errors.n - (size_t)r.c.errors]);
	return 0;
}

/* The pairs of `check` in `m`: *n of them from the returned one. */
static const struct map_pair *map_find(const struct hta_import_map *m, const char *check, size_t *n)
{
	*n = 0;
	if (!m || !m->n)
		return NULL;
	size_t lo = 0, hi = m->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(m->v[mid].check, check) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	size_t k = lo;
	while (k < m->n && strcmp(m->v[k].check, check) == 0)
		k++;
	*n = k - lo;
	return *n ? &m->v[lo] : NULL;
}

/* The tool whose shipped mappings apply to a format. */
static const char *format_tool(enum hta_import_format f)
{
	switch (f) {
	case HTA_IMPORT_PROWLER_OCSF:
	case HTA_IMPORT_PROWLER_CSV:
	case HTA_IMPORT_ASFF: /* Prowler's ASFF: GeneratorId "prowler-<check>" */
		return "prowler";
	case HTA_IMPORT_XCCDF:
		return "openscap";
	case HTA_IMPORT_INSPEC:
		return "inspec";
	default:
		return "none";
	}
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Load <catalog>/mappings/<tool>-*.csv, every one (in name order). */
static int shipped_load(struct hta_import *im, struct hta_err *err)
{
	char dir[4096];
	if ((size_t)snprintf(dir, sizeof(dir), "%s/mappings", im->cat->dir) >= sizeof(dir))
		return 0;
	DIR *d = opendir(dir);
	if (!d)
		return 0; /* a catalog without mappings */
	const char *tool = format_tool(im->opts.format);
	size_t tl = strlen(tool);
	struct hta_ptrvec names = { 0 };
	struct dirent *de;
	int rc = 0;
	while ((de = readdir(d)) != NULL) {
		size_t l = strlen(de->d_name);
		if (strncmp(de->d_name, tool, tl) == 0 && de->d_name[tl] == '-' && l > 4 &&
		    strcmp(de->d_name + l - 4, ".csv") == 0) {
			char *p = hta_arena_printf(&im->arena, "%s/%s", dir, de->d_name);
			if (!p || hta_ptrvec_push(&names, p)) {
				rc = hta_err_set(err, HTA_ENOMEM, "out of memory");
				break;
			}
		}
	}
	closedir(d);
	if (!rc && names.n) {
		qsort(names.v, names.n, sizeof(*names.v), name_cmp);
		struct hta_import_map *all = NULL;
		for (size_t i = 0; i < names.n && !rc; i++) {
			struct hta_import_map *m = NULL;
			rc = map_load(im, &m, names.v[i], true, err);
			if (rc)
				break;
			if (!all) {
				all = m;
				continue;
			}
			/* merge: rebuild one sorted array */
			struct map_pair *v = hta_arena_array(&im->arena, all->n + m->n, sizeof(*v));
			if (!v) {
				rc = hta_err_set(err, HTA_ENOMEM, "out of memory");
				break;
			}
			if (all->n)
				memcpy(v, all->v, all->n * sizeof(*v));
			if (m->n)
				memcpy(v + all->n, m->v, m->n * sizeof(*v));
			all->v = v;
			all->n += m->n;
			all->cap = all->n;
			qsort(all->v, all->n, sizeof(*v), pair_cmp);
		}
		im->shipped_map = all;
		im->shipped_name = names.n == 1 ? names.v[0] : dir;
	}
	hta_ptrvec_free(&names);
	return rc;
}

/* The part of an init that reads no file: the options, normalised. */
static int init_opts(struct hta_import *im, const struct hta_catalog *cat,
		     const struct hta_import_opts *opts, struct hta_err *err)
{
	memset(im, 0, sizeof(*im));
	im->opts = *opts;
	im->cat = cat;
	if (im->opts.max_depth > IMPORT_JSON_DEPTH || im->opts.max_depth == 0)
		im->opts.max_depth = IMPORT_JSON_DEPTH;
	if (!im->opts.max_string)
		im->opts.max_string = (size_t)1 << 20;
	if (!opts->into)
		return hta_err_set(err, HTA_EINVAL, "no evidence directory given (--into DIR)");
	return 0;
}

int hta_import_init_shared(struct hta_import *im, const struct hta_import *base,
			   const struct hta_import_opts *opts, struct hta_err *err)
{
	int rc = init_opts(im, base->cat, opts, err);
	if (rc)
		return rc;
	if (format_tool(opts->format) != format_tool(base->opts.format) ||
	    (opts->map_file != NULL) != (base->opts.map_file != NULL) ||
	    (opts->map_file && strcmp(opts->map_file, base->opts.map_file) != 0) ||
	    (opts->via_crosswalk && !base->opts.via_crosswalk))
		return hta_err_set(err, HTA_EINVAL,
				   "internal: an import can only share the mappings of a like one");
	im->user_map = base->user_map;
	im->shipped_map = base->shipped_map;
	im->shipped_name = base->shipped_name;
	im->r4_map = opts->via_crosswalk ? base->r4_map : NULL;
	return 0;
}

int hta_import_init(struct hta_import *im, const struct hta_catalog *cat,
		    const struct hta_import_opts *opts, struct hta_err *err)
{
	int rc = init_opts(im, cat, opts, err);
	if (rc)
		return rc;
	if (opts->map_file)
		rc = map_load(im, &im->user_map, opts->map_file, true, err);
	if (!rc)
		rc = shipped_load(im, err);
	if (!rc && opts->via_crosswalk) {
		char p[4096];
		struct stat st;
		if ((size_t)snprintf(p, sizeof(p), "%s/mappings/nist-800-53-r4-to-r5.csv", cat->dir) <
			    sizeof(p) &&
		    stat(p, &st) == 0)
			rc = map_load(im, &im->r4_map, p, false, err);
	}
	return rc;
}

/* ---- one file ---- */

int hta_import_file(struct hta_import *im, const char *path, struct hta_err *err)
{
	if (im->n_files == im->cap_files) {
		size_t cap = im->cap_files ? im->cap_files * 2 : 8;
		struct hta_import_file *v = hta_arena_array(&im->arena, cap, sizeof(*v));
		if (!v)
			return hta_err_set(err, HTA_ENOMEM, "out of memory");
		if (im->n_files)
			memcpy(v, im->files, im->n_files * sizeof(*v));
		im->files = v;
		im->cap_files = cap;
	}
	struct hta_import_file *f = &im->files[im->n_files];
	memset(f, 0, sizeof(*f));
	if (!(f->path = hta_arena_strdup(&im->arena, path)))
		return hta_err_set(err, HTA_ENOMEM, "out of memory");
	im->n_files++;
	struct import_src src;
	struct import_ctx c = { .im = im, .path = f->path, .file = im->n_files - 1, .src = &src };
	int rc = import_src_open(&src, path, err);
	if (rc) {
		char *s = hta_arena_strdup(&im->arena, err->msg);
		if (s)
			hta_ptrvec_push(&im->errors, s);
		return rc;
	}
	f->dev = src.dev;
	f->ino = src.ino;
	const struct hta_import_file *twice = NULL;
	for (size_t i = 0; i + 1 < im->n_files && !twice; i++)
		if (im->files[i].dev == f->dev && im->files[i].ino == f->ino)
			twice = &im->files[i];
	const char *what = NULL;
	int looks = import_sniff(src.peek, src.peek_len, &what);
	if (twice) {
		/* its results would count twice */
		rc = import_error(&c, 0, 0, "the same file as '%s', given twice", twice->path);
	} else if (looks >= 0 && looks != (int)im->opts.format) {
		rc = import_error(&c, 0, 0, "this looks like %s, not %s: try 'import %s'",
				  looks == HTA_IMPORT_PROWLER_OCSF ? "Prowler OCSF JSON" :
				  looks == HTA_IMPORT_PROWLER_CSV ? "Prowler CSV" :
				  looks == HTA_IMPORT_ASFF ? "AWS Security Hub ASFF JSON" :
				  looks == HTA_IMPORT_XCCDF ? "XCCDF/ARF XML" : "InSpec JSON",
				  hta_import_format_name(im->opts.format), hta_import_format_name(looks));
	} else if (looks < 0 && what) {
		rc = import_error(&c, 0, 0, "this looks like %s, which 'import %s' does not read", what,
				  hta_import_format_name(im->opts.format));
	} else {
		switch (im->opts.format) {
		case HTA_IMPORT_PROWLER_OCSF: rc = import_prowler_ocsf(&c); break;
		case HTA_IMPORT_PROWLER_CSV: rc = import_prowler_csv(&c); break;
		case HTA_IMPORT_ASFF: rc = import_asff(&c); break;
		case HTA_IMPORT_XCCDF: rc = import_xccdf(&c); break;
		case HTA_IMPORT_INSPEC: rc = import_inspec(&c); break;
		default: rc = import_error(&c, 0, 0, "unknown format"); break;
		}
	}
	import_src_close(&src);
	if (!rc && !c.errors && !c.nomem && c.results && !c.has_time)
		rc = import_error(&c, 0, 0, "no result in the file has a time: cannot date the evidence");
	/* untimed results take the file's newest time */
	for (size_t i = 0; i < c.untimed.n; i++) {
		struct hta_import_check *k = c.untimed.v[i];
		if (c.has_time && (!k->has_time || c.newest > k->newest)) {
			k->newest = c.newest;
			k->has_time = true;
		}
		k->pending_untimed = 0;
	}
	hta_ptrvec_free(&c.untimed);
	f->results = c.results;
	if (c.nomem)
		return hta_err_set(err, HTA_ENOMEM, "out of memory");
	if (c.errors) {
		hta_err_set(err, HTA_EINVAL, "%s", (const char *)im->errors.v[im->errors.n - (size_t)c.errors]);
		return HTA_EINVAL;
	}
	return rc;
}

/* ---- resolving: checks -> statements ---- */

/* The statements' maps, normalised once (HIPAA and 800-53 r5). */
struct stmt_maps {
	char **hipaa, **nist;
	size_t n_hipaa, n_nist;
};

static int stmt_maps_build(struct hta_import *im, struct stmt_maps **out)
{
	const struct hta_catalog *cat = im->cat;
	struct stmt_maps *sm = hta_arena_array(&im->arena, cat->n_stmts ? cat->n_stmts : 1, sizeof(*sm));
	if (!sm)
		return HTA_ENOMEM;
	char buf[96];
	for (size_t i = 0; i < cat->n_stmts; i++) {
		const struct hta_strlist *h = &cat->stmts[i].maps[HTA_MAP_HIPAA];
		const struct hta_strlist *n = &cat->stmts[i].maps[HTA_MAP_NIST_800_53];
		sm[i].hipaa = hta_arena_array(&im->arena, h->n + 1, sizeof(char *));
		sm[i].nist = hta_arena_array(&im->arena, n->n + 1, sizeof(char *));
		if (!sm[i].hipaa || !sm[i].nist)
			return HTA_ENOMEM;
		for (size_t k = 0; k < h->n; k++)
			if (hipaa_norm(h->v[k], strlen(h->v[k]), buf, sizeof(buf)) == 0 &&
			    !(sm[i].hipaa[sm[i].n_hipaa++] = hta_arena_strdup(&im->arena, buf)))
				return HTA_ENOMEM;
		for (size_t k = 0; k < n->n; k++)
			if (nist_norm(n->v[k], strlen(n->v[k]), buf, sizeof(buf)) == 0 &&
			    !(sm[i].nist[sm[i].n_nist++] = hta_arena_strdup(&im->arena, buf)))
				return HTA_ENOMEM;
	}
	*out = sm;
	return 0;
}

/* A result's HIPAA id matches a statement's when equal, or when the
 * statement cites the paragraph the result's id sits under. */
static bool hipaa_match(const char *res, const char *st)
{
	size_t l = strlen(st);
	return strncmp(res, st, l) == 0 && (res[l] == 0 || res[l] == '(');
}

/* A result's 800-53 id matches when equal, or when the statement cites
 * the base control of the result's enhancement (AC-2(6) -> AC-2). */
static bool nist_match(const char *res, const char *st)
{
	size_t l = strlen(st);
	return strncmp(res, st, l) == 0 && (res[l] == 0 || (res[l] == '(' && !strchr(st, '(')));
}

static bool xref_hits(const struct hta_import *im, const struct hta_xref *x,
		      const struct stmt_maps *sm)
{
	if (x->kind == HTA_XREF_HIPAA) {
		for (size_t k = 0; k < sm->n_hipaa; k++)
			if (hipaa_match(x->id, sm->hipaa[k]))
				return true;
		return false;
	}
	/* r4: a control r5 withdrew stands for the r5 controls it went into;
	 * any other r4 id is the same id in r5 (see docs/importers.md) */
	size_t nt = 0;
	const struct map_pair *t = x->kind == HTA_XREF_NIST_R4 ? map_find(im->r4_map, x->id, &nt) : NULL;
	for (size_t k = 0; k < sm->n_nist; k++) {
		if (!nt && nist_match(x->id, sm->nist[k]))
			return true;
		for (size_t j = 0; j < nt; j++)
			if (nist_match(t[j].file, sm->nist[k]))
				return true;
	}
	return false;
}

static int add_stmt(struct hta_import *im, struct hta_import_check *k, long st)
{
	for (size_t i = 0; i < k->n_stmts; i++)
		if (k->stmts[i] == st)
			return 0;
	long *v = hta_arena_array(&im->arena, k->n_stmts + 1, sizeof(*v));
	if (!v)
		return HTA_ENOMEM;
	if (k->n_stmts)
		memcpy(v, k->stmts, k->n_stmts * sizeof(*v));
	v[k->n_stmts++] = st;
	k->stmts = v;
	return 0;
}

static int map_check(struct hta_import *im, struct hta_import_check *k, const struct stmt_maps *sm)
{
	const struct hta_import_map *maps[2] = { im->user_map, im->shipped_map };
	const enum hta_map_source src[2] = { HTA_MAP_FROM_USER, HTA_MAP_FROM_SHIPPED };
	for (int m = 0; m < 2; m++) {
		size_t n;
		const struct map_pair *p = map_find(maps[m], k->id, &n);
		if (!p && strncmp(k->id, "prowler-", 8) == 0)
			p = map_find(maps[m], k->id + 8, &n);
		if (!p)
			continue;
		for (size_t i = 0; i < n; i++)
			if (add_stmt(im, k, p[i].stmt))
				return HTA_ENOMEM;
		k->source = src[m];
		return 0;
	}
	if (!im->opts.via_crosswalk || !k->n_xrefs)
		return 0;
	for (size_t s = 0; s < im->cat->n_stmts; s++)
		for (size_t x = 0; x < k->n_xrefs; x++)
			if (xref_hits(im, &k->xrefs[x], &sm[s])) {
				if (add_stmt(im, k, (long)s))
					return HTA_ENOMEM;
				k->source = HTA_MAP_FROM_CROSSWALK;
				break;
			}
	return 0;
}

/* ---- what other manifests claim ---- */

struct claim_walk {
	struct hta_import *im;
	const char **claimed;     /* [n_stmts]: a manifest claiming implemented */
	const char *skip;         /* "imports/<format>" */
	struct import_ctx ctx;    /* for errors */
	int depth;
};

static bool manifest_name(const char *n)
{
	size_t l = strlen(n);
	static const char *const suf[] = { ".evidence.yaml", ".evidence.yml", ".evidence.json" };
	for (int i = 0; i < 3; i++) {
		size_t sl = strlen(suf[i]);
		if (l > sl && strcmp(n + l - sl, suf[i]) == 0)
			return true;
	}
	return false;
}

static int claim_file(struct claim_walk *w, const char *abs, const char *rel)
{
	struct hta_doc doc = { 0 };
	struct hta_err e = { 0 };
	size_t l = strlen(rel);
	unsigned fl = HTA_DOC_NOFOLLOW | (l > 5 && strcmp(rel + l - 5, ".json") == 0 ? HTA_DOC_JSON : 0);
	int rc = hta_doc_load(&doc, abs, rel, fl, &hta_doc_limits_small, &e);
	if (rc == HTA_ENOMEM)
		return rc;
	if (rc) {
		/* assess will refuse it too; an import does not write beside a
		 * tree it cannot read */
		struct import_ctx *c = &w->ctx;
		c->path = "";
		char *s = hta_arena_printf(&w->im->arena, "cannot read an existing manifest: %s", e.msg);
		if (!s || hta_ptrvec_push(&w->im->errors, s))
			rc = HTA_ENOMEM;
		else
			rc = HTA_EINVAL;
		return rc;
	}
	const struct hta_node *root = doc.root, *req, *impl;
	if (root && root->kind == HTA_NODE_MAP && (req = hta_map_get(root, "requirement")) &&
	    req->kind == HTA_NODE_SCALAR && (impl = hta_map_get(root, "implemented")) &&
	    !hta_node_is_null(impl) && !(impl->kind != HTA_NODE_SCALAR && impl->n == 0)) {
		long st = hta_catalog_find(w->im->cat, req->s);
		if (st >= 0 && !w->claimed[st] &&
		    !(w->claimed[st] = hta_arena_strdup(&w->im->arena, rel)))
			rc = HTA_ENOMEM;
	}
	hta_doc_free(&doc);
	return rc;
}

/* Walk like the evidence loader: no dot-directories, no directory symlinks. */
static int claim_dir(struct claim_walk *w, const char *abs, const char *rel)
{
	if (w->depth > 64)
		return 0;
	DIR *d = opendir(abs);
	if (!d)
		return 0;
	int rc = 0;
	struct dirent *de;
	w->depth++;
	while (!rc && (de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		char *a = hta_arena_printf(&w->im->arena, "%s/%s", abs, de->d_name);
		char *r = *rel ? hta_arena_printf(&w->im->arena, "%s/%s", rel, de->d_name)
			       : hta_arena_strdup(&w->im->arena, de->d_name);
		if (!a || !r) {
			rc = HTA_ENOMEM;
			break;
		}
		struct stat st;
		if (lstat(a, &st))
			continue;
		if (S_ISDIR(st.st_mode)) {
			if (strcmp(r, w->skip) != 0)
				rc = claim_dir(w, a, r);
		} else if (manifest_name(de->d_name) && (S_ISREG(st.st_mode) || S_ISLNK(st.st_mode))) {
			rc = claim_file(w, a, r);
		}
	}
	w->depth--;
	closedir(d);
	return rc;
}

/*
 * The import's own folder holds only what it wrote: requirement,
 * implemented and notes. A key added there by hand (an owner, a policy
 * level, a waiver) would be dropped by this re-import, which replaces the
 * folder: each such manifest is an error (every one named), nothing is
 * written, and the message says where the fields belong. A file that does
 * not parse is left to the replace (assess would refuse it anyway).
 */
static int own_file_check(struct claim_walk *w, const char *abs, const char *rel)
{
	static const char *const ours[] = { "requirement", "implemented", "notes" };
	struct hta_doc doc = { 0 };
	struct hta_err e = { 0 };
	size_t l = strlen(rel);
	unsigned fl = HTA_DOC_NOFOLLOW | (l > 5 && strcmp(rel + l - 5, ".json") == 0 ? HTA_DOC_JSON : 0);
	int rc = hta_doc_load(&doc, abs, rel, fl, &hta_doc_limits_small, &e);
	if (rc)
		return rc == HTA_ENOMEM ? rc : 0;
	const struct hta_node *root = doc.root;
	struct hta_buf keys = HTA_BUF_INIT;
	unsigned line = 0, col = 0, n = 0;
	for (size_t i = 0; root && root->kind == HTA_NODE_MAP && i < root->n; i++) {
		const struct hta_node *k = root->items[2 * i];
		bool mine = false;
		for (size_t j = 0; j < sizeof(ours) / sizeof(ours[0]) && k->s; j++)
			mine |= strcmp(k->s, ours[j]) == 0;
		if (mine || !k->s)
			continue;
		if (!line) {
			line = k->line;
			col = k->col;
		}
		hta_buf_printf(&keys, "%s'%s'", keys.len ? ", " : "", hta_shown(k->s));
		n++;
	}
	if (keys.len) {
		const char *f = hta_import_format_name(w->im->opts.format);
		char *m = keys.failed ? NULL
			: hta_arena_printf(&w->im->arena,
				"%s:%u:%u: %s added to a manifest that 'import %s' wrote; importing "
				"again replaces %s/ and would drop %s: move %s to a manifest of "
				"your own (several manifests may speak for one statement), then "
				"import again", rel, line, col, keys.s, f, w->skip,
				n > 1 ? "them" : "it", n > 1 ? "them" : "it");
		rc = !m || hta_ptrvec_push(&w->im->errors, m) ? HTA_ENOMEM : HTA_EINVAL;
	}
	hta_buf_free(&keys);
	hta_doc_free(&doc);
	return rc;
}

/* Check every manifest directly in DIR/imports/FORMAT/ (own_file_check). */
static int own_dir_check(struct claim_walk *w)
{
	char *abs = hta_arena_printf(&w->im->arena, "%s/%s", w->im->opts.into, w->skip);
	if (!abs)
		return HTA_ENOMEM;
	DIR *d = opendir(abs);
	if (!d)
		return 0;
	int rc = 0;
	struct dirent *de;
	while ((de = readdir(d)) != NULL) {
		struct stat st;
		if (de->d_name[0] == '.' || !manifest_name(de->d_name))
			continue;
		char *a = hta_arena_printf(&w->im->arena, "%s/%s", abs, de->d_name);
		char *r = hta_arena_printf(&w->im->arena, "%s/%s", w->skip, de->d_name);
		if (!a || !r) {
			rc = HTA_ENOMEM;
			break;
		}
		if (lstat(a, &st) || !S_ISREG(st.st_mode))
			continue;
		int r1 = own_file_check(w, a, r);
		if (r1 == HTA_ENOMEM) {
			rc = r1;
			break;
		}
		if (r1)
			rc = r1;
	}
	closedir(d);
	return rc;
}

/* ---- statements ---- */

static const char *artifact_name(struct hta_import *im, size_t i)
{
	const char *p = im->files[i].path, *b = strrchr(p, '/');
	b = b ? b + 1 : p;
	const char *suffix = manifest_name(b) ? ".scan" : "";
	const char *dot = b[0] == '.' || !b[0] ? "scan" : "";
	/* two inputs with one name: number the later ones */
	unsigned dup = 0;
	for (size_t k = 0; k < i; k++) {
		const char *q = im->files[k].path, *c = strrchr(q, '/');
		if (strcmp(c ? c + 1 : q, b) == 0)
			dup++;
	}
	if (dup)
		return hta_arena_printf(&im->arena, "imports/%s/%u-%s%s%s",
					hta_import_format_name(im->opts.format), dup + 1, dot, b, suffix);
	return hta_arena_printf(&im->arena, "imports/%s/%s%s%s",
				hta_import_format_name(im->opts.format), dot, b, suffix);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Fill one statement's result from its checks (listed in `ks`). */
static int stmt_fill(struct hta_import *im, struct hta_import_stmt *s,
		     struct hta_import_check **ks, size_t nk, const char *claimed)
{
	long long newest = 0;
	bool timed = false;
	unsigned char *used = hta_arena_array(&im->arena, im->n_files ? im->n_files : 1, 1);
	s->checks = hta_arena_array(&im->arena, nk, sizeof(*s->checks));
	if (!used || !s->checks)
		return HTA_ENOMEM;
	for (size_t i = 0; i < nk; i++) {
		struct hta_import_check *k = ks[i];
		s->passed += k->passed;
		s->counted += k->counted;
		s->left_out += k->left_out;
		s->checks[s->n_checks++] = k->id;
		if (k->counted && k->has_time && (!timed || k->newest > newest)) {
			newest = k->newest;
			timed = true;
		}
		for (size_t f = 0; f < k->n_files; f++)
			used[k->files[f]] = 1;
	}
	qsort(s->checks, s->n_checks, sizeof(*s->checks), cmp_str);
	size_t na = 0;
	for (size_t f = 0; f < im->n_files; f++)
		na += used[f];
	s->artifacts = hta_arena_array(&im->arena, na ? na : 1, sizeof(*s->artifacts));
	if (!s->artifacts)
		return HTA_ENOMEM;
	for (size_t f = 0; f < im->n_files; f++)
		if (used[f])
			s->artifacts[s->n_artifacts++] = im->files[f].artifact;
	s->tested = timed ? (int)(newest >= 0 ? newest / 86400 : -((-newest + 86399) / 86400)) : 0;
	if (s->counted)
		s->coverage_h = (long long)((unsigned long long)s->passed * 10000ull / s->counted);
	if (!s->counted) {
		s->outcome = HTA_STMT_NO_COUNTED;
	} else if (claimed) {
		s->outcome = HTA_STMT_CLAIMED;
		s->claimed_by = claimed;
	} else {
		s->outcome = HTA_STMT_CLAIM;
		s->manifest = hta_arena_printf(&im->arena, "imports/%s/%s.evidence.yaml",
					       hta_import_format_name(im->opts.format),
					       im->cat->stmts[s->stmt].id);
		if (!s->manifest)
			return HTA_ENOMEM;
	}
	return 0;
}

int hta_import_resolve(struct hta_import *im, struct hta_err *err)
{
	const struct hta_catalog *cat = im->cat;
	struct stmt_maps *sm = NULL;
	struct claim_walk w = { .im = im };
	size_t *count = NULL;
	struct hta_import_check ***by = NULL;
	int rc = HTA_ENOMEM;
	for (size_t i = 0; i < im->n_files; i++)
		if (!(im->files[i].artifact = artifact_name(im, i)))
			goto done;
	if (im->opts.via_crosswalk && stmt_maps_build(im, &sm))
		goto done;
	count = hta_calloc(cat->n_stmts + 1, sizeof(*count));
	by = hta_calloc(cat->n_stmts + 1, sizeof(*by));
	w.claimed = hta_arena_array(&im->arena, cat->n_stmts + 1, sizeof(*w.claimed));
	w.skip = hta_arena_printf(&im->arena, "imports/%s", hta_import_format_name(im->opts.format));
	if (!count || !by || !w.claimed || !w.skip)
		goto done;
	for (size_t i = 0; i < im->n_checks; i++) {
		struct hta_import_check *k = im->checks[i];
		if (!k->counted && !k->left_out)
			continue; /* xrefs only (XCCDF rules never run) */
		if (map_check(im, k, sm))
			goto done;
		if (!k->n_stmts && hta_ptrvec_push(&im->unmapped, k))
			goto done;
		for (size_t s = 0; s < k->n_stmts; s++)
			count[k->stmts[s]]++;
	}
	size_t nst = 0;
	for (size_t s = 0; s < cat->n_stmts; s++)
		if (count[s]) {
			nst++;
			if (!(by[s] = hta_calloc(count[s], sizeof(**by))))
				goto done;
			count[s] = 0;
		}
	for (size_t i = 0; i < im->n_checks; i++) {
		struct hta_import_check *k = im->checks[i];
		for (size_t s = 0; s < k->n_stmts; s++)
			by[k->stmts[s]][count[k->stmts[s]]++] = k;
	}
	rc = claim_dir(&w, im->opts.into, "");
	if (!rc)
		rc = own_dir_check(&w);
	if (rc == HTA_EINVAL) {
		hta_err_set(err, rc, "%s", (const char *)im->errors.v[im->errors.n - 1]);
		goto done;
	}
	if (rc)
		goto done;
	rc = HTA_ENOMEM;
	im->stmts = hta_arena_array(&im->arena, nst ? nst : 1, sizeof(*im->stmts));
	if (!im->stmts)
		goto done;
	for (size_t s = 0; s < cat->n_stmts; s++) {
		if (!count[s])
			continue;
		struct hta_import_stmt *st = &im->stmts[im->n_stmts++];
		st->stmt = (long)s;
		if (stmt_fill(im, st, by[s], count[s], w.claimed[s]))
			goto done;
	}
	rc = 0;
done:
	if (by)
		for (size_t s = 0; s < cat->n_stmts; s++)
			hta_free(by[s]);
	hta_free(by);
	hta_free(count);
	if (rc == HTA_ENOMEM)
		hta_err_set(err, rc, "out of memory");
	return rc;
}

void hta_import_free(struct hta_import *im)
{
	for (size_t i = 0; i < im->n_checks; i++) {
		hta_free(im->checks[i]->xrefs);
		hta_free(im->checks[i]->files);
	}
	hta_free(im->checks);
	hta_free(im->index);
	hta_ptrvec_free(&im->unmapped);
	hta_ptrvec_free(&im->errors);
	hta_arena_free(&im->arena);
	memset(im, 0, sizeof(*im));
}
