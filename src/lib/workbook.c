/*
 * workbook.c — the evidence workbook's model: the columns, the evidence
 * tree as the workbook sees it, the export's rows, and the import's plan
 * (docs/workbook.md).
 *
 * The import never trusts a row to be a whole manifest. It reads each row
 * as edits to the manifests that exist now: a column the workbook lacks
 * leaves its field alone, a field the workbook does not carry (a waiver)
 * is kept, and a statement whose wanted content equals what is on disk
 * (compared as values: "fully" is FC, 92.50 is 92.5) is not written at
 * all, so an export imported back changes no byte. A statement whose
 * manifests changed since the export (the hidden SHA-256 differs) and
 * whose row would change them is a conflict.
 */
#include "workbook_int.h"

#include "hta/date.h"
#include "hta/doc.h"
#include "hta/evidence.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define NOMEM(err) hta_err_set((err), HTA_ENOMEM, "out of memory")

#define LEVEL_COLS(l, name, datekey)                                          \
	{ name " illustrative evidence", K_EXAMPLE, l, I_NONE, 40 },          \
	{ name " rating", K_RATING, l, I_NONE, 9 },                           \
	{ name " coverage", K_COVERAGE, l, I_NONE, 10 },                      \
	{ name " artifacts", K_ARTIFACTS, l, I_NONE, 36 },                    \
	{ name " documents", K_DOCUMENTS, l, I_NONE, 24 },                    \
	{ name " " datekey, K_DATE, l, I_NONE, 12 },                          \
	{ name " effective", K_EFFECTIVE, l, I_NONE, 12 }

const struct wb_col wb_cols[] = {
	{ "id", K_ID, -1, I_NONE, 12 },
	{ "domain", K_INFO, -1, I_DOMAIN, 8 },
	{ "domain name", K_INFO, -1, I_DOMAIN_NAME, 22 },
	{ "control", K_INFO, -1, I_CONTROL, 9 },
	{ "title", K_INFO, -1, I_TITLE, 32 },
	{ "statement", K_INFO, -1, I_TEXT, 60 },
	{ "owner", K_OWNER, -1, I_NONE, 24 },
	{ "not applicable", K_NA, -1, I_NONE, 10 },
	{ "N/A reason", K_NA_REASON, -1, I_NONE, 30 },
	{ "inherited provider", K_PROVIDER, -1, I_NONE, 12 },
	{ "inherited weight", K_WEIGHT, -1, I_NONE, 10 },
	LEVEL_COLS(HTA_POLICY, "policy", "reviewed"),
	LEVEL_COLS(HTA_PROCEDURE, "procedure", "reviewed"),
	LEVEL_COLS(HTA_IMPLEMENTED, "implemented", "tested"),
	LEVEL_COLS(HTA_MEASURED, "measured", "tested"),
	LEVEL_COLS(HTA_MANAGED, "managed", "tested"),
	{ "notes", K_NOTES, -1, I_NONE, 30 },
	{ "manifest", K_MANIFEST, -1, I_NONE, 36 },
	{ "manifest sha256", K_HASH, -1, I_NONE, 66 },
};
const size_t wb_ncols = sizeof(wb_cols) / sizeof(wb_cols[0]);

int hta_wb_format_parse(const char *s)
{
	if (strcmp(s, "xlsx") == 0)
		return HTA_WB_XLSX;
	if (strcmp(s, "csv") == 0)
		return HTA_WB_CSV;
	return -1;
}

const char *wb_rating_abbr(const char *rating)
{
	switch (rating ? hta_rating_parse(rating) : -1) {
	case 100: return "FC";
	case 75: return "MC";
	case 50: return "PC";
	case 25: return "SC";
	case 0: return "NC";
	default: return NULL;
	}
}

/* ---- the tree ---- */

static int load_scope(struct wb_tree *t, const struct hta_catalog *cat, const char *root,
		      const char *scope_path, struct hta_err *err)
{
	char path[PATH_MAX];
	struct stat st;
	int rc;
	if (scope_path)
		rc = hta_scope_load(&t->sc, cat, scope_path, scope_path, err);
	else if ((size_t)snprintf(path, sizeof(path), "%s/scope.yaml", root) >= sizeof(path))
		return hta_err_set(err, HTA_EINVAL, "evidence path is too long");
	else if (lstat(path, &st) == 0)
		rc = hta_scope_load(&t->sc, cat, path, path, err);
	else
		rc = hta_scope_init(&t->sc, cat, err);
	t->have_sc = rc == 0;
	return rc;
}

/* Read a manifest's bytes (a regular file, not a symlink, at most 1 MiB). */
static int slurp(const char *abs, const char *rel, struct hta_buf *b, struct hta_err *err)
{
	int fd = open(abs, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return hta_err_at(err, HTA_EIO, rel, 0, 0, "cannot read manifest: %s", strerror(errno));
	struct stat st;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) ||
	    (size_t)st.st_size > hta_doc_limits_small.max_bytes) {
		close(fd);
		return hta_err_at(err, HTA_EIO, rel, 0, 0, "manifest changed while it was read");
	}
	char block[16384];
	for (;;) {
		ssize_t r = read(fd, block, sizeof(block));
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			int e = errno;
			close(fd);
			return hta_err_at(err, HTA_EIO, rel, 0, 0, "cannot read manifest: %s", strerror(e));
		}
		if (!r)
			break;
		hta_buf_add(b, block, (size_t)r);
		if (b->len > hta_doc_limits_small.max_bytes) {
			close(fd);
			return hta_err_at(err, HTA_EIO, rel, 0, 0, "manifest changed while it was read");
		}
	}
	close(fd);
	return b->failed ? NOMEM(err) : 0;
}

/* The leading comment lines of a manifest ("# " taken off), kept on rewrite. */
static int leading_comments(struct wb_tree *t, struct wb_mf *m, const char *s, size_t n,
			    struct hta_err *err)
{
	size_t lines = 0;
	for (size_t i = 0; i < n && s[i] == '#';) {
		lines++;
		const char *nl = memchr(s + i, '\n', n - i);
		i = nl ? (size_t)(nl - s) + 1 : n;
	}
	if (!lines)
		return 0;
	if (!(m->comments = hta_arena_array(&t->arena, lines, sizeof(char *))))
		return NOMEM(err);
	for (size_t i = 0; i < n && s[i] == '#';) {
		const char *nl = memchr(s + i, '\n', n - i);
		size_t e = nl ? (size_t)(nl - s) : n, b = i + 1;
		if (b < e && s[b] == ' ')
			b++;
		if (e > b && s[e - 1] == '\r')
			e--;
		if (!(m->comments[m->n_comments++] = hta_arena_strndup(&t->arena, s + b, e - b)))
			return NOMEM(err);
		i = nl ? (size_t)(nl - s) + 1 : n;
	}
	return 0;
}

static int cmp_mf(const void *a, const void *b)
{
	const struct wb_mf *x = a, *y = b;
	if (x->stmt != y->stmt)
		return x->stmt < y->stmt ? -1 : 1;
	return strcmp(x->path, y->path);
}

static bool ends_with(const char *s, const char *sfx)
{
	size_t a = strlen(s), b = strlen(sfx);
	return a >= b && strcmp(s + a - b, sfx) == 0;
}

/* One manifest: its bytes, their hash, its description. */
static int load_one(struct wb_tree *t, struct wb_mf *m, const char *rel, long stmt,
		    struct hta_err *err)
{
	char abs[PATH_MAX];
	struct hta_buf b = HTA_BUF_INIT;
	struct hta_doc d;
	int rc;
	if ((size_t)snprintf(abs, sizeof(abs), "%s/%s", t->root, rel) >= sizeof(abs))
		return hta_err_at(err, HTA_EINVAL, rel, 0, 0, "path too long");
	if (!(m->path = hta_arena_strdup(&t->arena, rel)))
		return NOMEM(err);
	m->stmt = stmt;
	m->json = ends_with(rel, ".json");
	m->imported = strncmp(rel, "imports/", 8) == 0;
	if ((rc = slurp(abs, m->path, &b, err)))
		goto out;
	if ((rc = hta_sha256_mem(b.s ? b.s : "", b.len, m->sha, err)))
		goto out;
	if ((rc = hta_doc_parse(&d, b.s ? b.s : "", b.len, m->path, m->json ? HTA_DOC_JSON : 0,
				&hta_doc_limits_small, err)))
		goto out;
	rc = hta_manifest_read(&m->d, &t->arena, &d, err);
	hta_doc_free(&d);
	if (!rc && !m->json)
		rc = leading_comments(t, m, b.s ? b.s : "", b.len, err);
out:
	hta_buf_free(&b);
	return rc;
}

int wb_tree_load(struct wb_tree *t, const struct hta_catalog *cat, const char *root,
		 const char *scope_path, struct hta_errlist *errors, struct hta_err *err)
{
	struct hta_evidence ev;
	int rc;
	memset(t, 0, sizeof(*t));
	if ((rc = load_scope(t, cat, root, scope_path, err)))
		return rc;
	/* The evidence reader checks every manifest as an assessment would:
	 * a tree it refuses is not exported or imported into. */
	if ((rc = errors ? hta_evidence_load_all(&ev, cat, &t->sc, root, errors, err)
			 : hta_evidence_load(&ev, cat, &t->sc, root, err)))
		goto fail;
	if (!(t->root = hta_arena_strdup(&t->arena, ev.root)) ||
	    !(t->mf = hta_arena_array(&t->arena, ev.n_manifests ? ev.n_manifests : 1,
				      sizeof(*t->mf))) ||
	    !(t->first = hta_arena_array(&t->arena, cat->n_stmts ? cat->n_stmts : 1,
					 sizeof(size_t))) ||
	    !(t->count = hta_arena_array(&t->arena, cat->n_stmts ? cat->n_stmts : 1,
					 sizeof(size_t)))) {
		rc = NOMEM(err);
		hta_evidence_free(&ev);
		goto fail;
	}
	for (size_t i = 0; i < ev.n_manifests && !rc; i++)
		rc = load_one(t, &t->mf[i], ev.manifests[i].path, ev.manifests[i].stmt, err);
	t->n_mf = ev.n_manifests;
	t->lib = ev.library; /* taken over: the import checks document ids */
	memset(&ev.library, 0, sizeof(ev.library));
	hta_evidence_free(&ev);
	if (rc)
		goto fail;
	qsort(t->mf, t->n_mf, sizeof(*t->mf), cmp_mf);
	for (size_t i = t->n_mf; i-- > 0;) {
		t->first[t->mf[i].stmt] = i;
		t->count[t->mf[i].stmt]++;
	}
	return 0;
fail:
	wb_tree_free(t);
	return rc;
}

void wb_tree_free(struct wb_tree *t)
{
	if (t->have_sc)
		hta_scope_free(&t->sc);
	hta_library_free(&t->lib);
	hta_arena_free(&t->arena);
	memset(t, 0, sizeof(*t));
}

void wb_union(const struct wb_tree *t, long stmt, struct hta_manifest_desc *u)
{
	memset(u, 0, sizeof(*u));
	for (size_t k = 0; k < t->count[stmt]; k++) {
		const struct hta_manifest_desc *d = &t->mf[t->first[stmt] + k].d;
		if (!u->requirement)
			u->requirement = d->requirement;
		if (!u->owner)
			u->owner = d->owner;
		if (!u->not_applicable)
			u->not_applicable = d->not_applicable;
		if (!u->provider && d->provider) {
			u->provider = d->provider;
			u->weight = d->weight;
		}
		if (!u->has_waiver && d->has_waiver) {
			u->has_waiver = true;
			u->waiver_reason = d->waiver_reason;
			u->waiver_expires = d->waiver_expires;
		}
		if (!u->notes)
			u->notes = d->notes;
		for (int l = 0; l < HTA_LEVEL_COUNT; l++)
			if (!u->level[l].claimed && d->level[l].claimed)
				u->level[l] = d->level[l];
	}
}

int wb_stmt_hash(const struct wb_tree *t, long stmt, char hex[HTA_SHA256_HEX],
		 struct hta_err *err)
{
	size_t n = t->count[stmt];
	hex[0] = 0;
	if (n == 0)
		return 0;
	if (n == 1) {
		memcpy(hex, t->mf[t->first[stmt]].sha, HTA_SHA256_HEX);
		return 0;
	}
	/* several manifests: the hash of "path NUL sha256 LF" for each, in path order */
	struct hta_buf b = HTA_BUF_INIT;
	for (size_t k = 0; k < n; k++) {
		const struct wb_mf *m = &t->mf[t->first[stmt] + k];
		hta_buf_add(&b, m->path, strlen(m->path) + 1);
		hta_buf_printf(&b, "%s\n", m->sha);
	}
	int rc = b.failed ? NOMEM(err) : hta_sha256_mem(b.s, b.len, hex, err);
	hta_buf_free(&b);
	return rc;
}

/* ---- export ---- */

static void join(struct hta_buf *b, const char *const *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (i)
			hta_buf_add(b, "\n", 1);
		hta_buf_puts(b, v[i]);
	}
}

void wb_cell(const struct wb_export *x, size_t r, size_t c, struct hta_buf *buf,
	     struct wb_val *v)
{
	const struct wb_out_row *row = &x->rows[r];
	const struct hta_statement *st = &x->cat->stmts[row->stmt];
	const struct wb_col *col = &wb_cols[c];
	const struct hta_manifest_desc *u = &row->u;
	const struct hta_level_desc *ld = col->level >= 0 ? &u->level[col->level] : NULL;
	memset(v, 0, sizeof(*v));
	buf->len = 0;
	v->kind = V_TEXT;
	switch (col->kind) {
	case K_ID: v->s = st->id; break;
	case K_INFO:
		switch (col->info) {
		case I_DOMAIN: hta_buf_printf(buf, "%02d", st->domain); v->s = buf->s; break;
		case I_DOMAIN_NAME: v->s = x->cat->domain_name[st->domain]; break;
		case I_CONTROL: v->s = st->control; break;
		case I_TITLE: v->s = st->title; break;
		case I_TEXT: v->s = st->text; break;
		default: break;
		}
		break;
	case K_OWNER: v->s = u->owner; break;
	case K_NA: v->s = u->not_applicable ? "yes" : "no"; break;
	case K_NA_REASON: v->s = u->not_applicable; break;
	case K_PROVIDER: v->s = u->provider; break;
	case K_WEIGHT:
		if (u->provider) {
			v->kind = V_NUMBER;
			v->num = u->weight;
		}
		break;
	case K_EXAMPLE: v->s = st->evidence[col->level]; break;
	case K_RATING: v->s = ld->claimed && ld->rating ? wb_rating_abbr(ld->rating) : NULL; break;
	case K_COVERAGE:
		if (ld->claimed && ld->has_coverage) {
			v->kind = V_NUMBER;
			v->num = ld->coverage_h / 100.0;
		}
		break;
	case K_ARTIFACTS:
		join(buf, ld->artifacts, ld->claimed ? ld->n_artifacts : 0);
		v->s = buf->len ? buf->s : NULL;
		break;
	case K_DOCUMENTS:
		join(buf, ld->documents, ld->claimed ? ld->n_documents : 0);
		v->s = buf->len ? buf->s : NULL;
		break;
	case K_DATE:
		if (ld->claimed && ld->has_date) {
			v->kind = V_DATE;
			v->days = ld->date;
		}
		break;
	case K_EFFECTIVE:
		if (ld->claimed && ld->has_effective) {
			v->kind = V_DATE;
			v->days = ld->effective;
		}
		break;
	case K_NOTES: v->s = u->notes; break;
	case K_MANIFEST: v->s = row->manifests; break;
	case K_HASH: v->s = row->hash; break;
	}
	if (v->kind == V_TEXT && (!v->s || !*v->s))
		v->kind = V_EMPTY;
}

/*
 * Where a statement is pooled, as an assessment of this scope would: the
 * tier from the options or the scope, the add-ons given plus the scope's
 * `addons:` (the selection init and catalog list --scope make).
 */
static int select_scope(const struct hta_catalog *cat, struct wb_tree *t,
			const struct hta_wb_export_opts *o, unsigned char *pool, int *tier,
			unsigned *addons, struct hta_err *err)
{
	enum hta_tier eff = HTA_TIER_NONE;
	int rc = hta_scope_selection(cat, &t->sc, o->tier >= 0 ? (enum hta_tier)o->tier
							       : HTA_TIER_NONE,
				     o->addons, pool, &eff, addons, NULL, err);
	if (rc)
		return rc;
	*tier = (int)eff;
	return 0;
}

int hta_workbook_export(const struct hta_catalog *cat, const struct hta_wb_export_opts *o,
			enum hta_wb_format fmt, const char *path, struct hta_buf *csv,
			size_t *rows, struct hta_err *err)
{
	struct wb_tree t;
	struct wb_export x = { .cat = cat, .tree = &t, .addons = o->addons };
	unsigned char *pool = NULL;
	struct hta_buf paths = HTA_BUF_INIT;
	int rc;
	if ((rc = wb_tree_load(&t, cat, o->evidence_root, o->scope_path, o->errors, err)))
		return rc;
	x.generated = o->generated >= 0 ? o->generated : (long long)time(NULL);
	if (!(pool = hta_malloc(cat->n_stmts ? cat->n_stmts : 1)) ||
	    !(x.rows = hta_arena_array(&t.arena, cat->n_stmts ? cat->n_stmts : 1, sizeof(*x.rows)))) {
		rc = NOMEM(err);
		goto out;
	}
	if ((rc = select_scope(cat, &t, o, pool, &x.tier, &x.addons, err)))
		goto out;
	for (size_t s = 0; s < cat->n_stmts; s++) {
		if (pool[s] == HTA_POOL_OUT)
			continue;
		struct wb_out_row *r = &x.rows[x.n++];
		r->stmt = (long)s;
		wb_union(&t, r->stmt, &r->u);
		if ((rc = wb_stmt_hash(&t, r->stmt, r->hash, err)))
			goto out;
		paths.len = 0;
		for (size_t k = 0; k < t.count[s]; k++) {
			if (k)
				hta_buf_add(&paths, "\n", 1);
			hta_buf_puts(&paths, t.mf[t.first[s] + k].path);
		}
		if (paths.failed) {
			rc = NOMEM(err);
			goto out;
		}
		if (paths.len && !(r->manifests = hta_arena_strndup(&t.arena, paths.s, paths.len))) {
			rc = NOMEM(err);
			goto out;
		}
	}
	rc = fmt == HTA_WB_CSV ? wb_write_csv(&x, csv, err) : wb_write_xlsx(&x, path, err);
	if (!rc && rows)
		*rows = x.n;
out:
	hta_buf_free(&paths);
	hta_free(pool);
	wb_tree_free(&t);
	return rc;
}
