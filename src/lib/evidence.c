/*
 * evidence.c — walk the evidence tree, parse manifests, check claims.
 */
#include "hta/date.h"
#include "hta/doc.h"
#include "hta/evidence.h"
#include "hta/manifest.h"
#include "hta/par.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#define NOMEM(err) hta_err_set((err), HTA_ENOMEM, "out of memory")

int hta_rating_parse(const char *s)
{
	static const struct {
		const char *abbr, *word;
		int result;
	} r[] = { { "FC", "fully", 100 },     { "MC", "mostly", 75 },
		  { "PC", "partially", 50 },  { "SC", "somewhat", 25 },
		  { "NC", "non-compliant", 0 } };
	for (size_t i = 0; i < sizeof(r) / sizeof(r[0]); i++)
		if (strcasecmp(s, r[i].abbr) == 0 || strcasecmp(s, r[i].word) == 0)
			return r[i].result;
	if (strcasecmp(s, "noncompliant") == 0 || strcasecmp(s, "non") == 0)
		return 0;
	return -1;
}

int hta_coverage_band(const struct hta_settings *s, int percent)
{
	for (int b = 0; b < 4; b++)
		if (percent <= s->coverage_bands[b])
			return b * 25;
	return 100;
}

int hta_evidence_finding(struct hta_evidence *ev, long stmt, const char *path,
			 unsigned line, enum hta_finding_code code, const char *fmt, ...)
{
	struct hta_finding *f = hta_arena_alloc(&ev->arena, sizeof(*f));
	if (!f)
		return HTA_ENOMEM;
	char msg[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	f->stmt = stmt;
	f->path = path;
	f->line = line;
	f->code = code;
	f->message = hta_arena_strdup(&ev->arena, msg);
	if (!f->message || hta_ptrvec_push(&ev->findings, f))
		return HTA_ENOMEM;
	return 0;
}

/* ---- the walk ---- */

static int is_manifest_name(const char *n, int *json)
{
	static const char *const sfx[] = { ".evidence.yaml", ".evidence.yml", ".evidence.json" };
	size_t l = strlen(n);
	for (int i = 0; i < 3; i++) {
		size_t sl = strlen(sfx[i]);
		if (l > sl && strcmp(n + l - sl, sfx[i]) == 0) {
			*json = i == 2;
			return 1;
		}
	}
	return 0;
}

/* Is `n` a YAML or JSON file name that is not a manifest's? */
static bool data_name(const char *n, int *json)
{
	size_t l = strlen(n);
	*json = l > 5 && strcmp(n + l - 5, ".json") == 0;
	return *json || (l > 5 && strcmp(n + l - 5, ".yaml") == 0) ||
	       (l > 4 && strcmp(n + l - 4, ".yml") == 0);
}

/*
 * The walk. The root's entries are read first; each entry (a subtree, or
 * a file) is an item of a parallel loop (hta/par.h), walked depth-first by
 * whichever worker takes it. What comes out does not depend on who walked
 * what: the manifests found are sorted afterwards, files are counted, and
 * refused manifests (findings, in walk order) are put back in the order a
 * one-by-one walk meets them: by root entry, then by their rank within it.
 * Directories are opened relative to their parent's descriptor (openat),
 * so a file costs no path building unless it is a manifest.
 */
struct refused {
	size_t item, seq; /* root entry; rank within its subtree's walk */
	char *rel;        /* heap */
};

struct walker { /* one per worker */
	struct hta_ptrvec found;   /* char * relative paths (heap) */
	struct hta_ptrvec others;  /* other YAML/JSON files: char * (heap) */
	struct hta_ptrvec refused; /* struct refused * (heap) */
	size_t files_seen;
	size_t item, seq;          /* the root entry being walked */
	unsigned depth;
};

static int walk_entry(struct walker *w, int dfd, const char *abs, const char *rel,
		      const char *n, unsigned char type, struct hta_err *err);

/* Walk the directory open as `fd` (taken over: closed here), named `abs`
 * in messages and `rel` under the root. */
static int walk_dir(struct walker *w, int fd, const char *abs, const char *rel,
		    struct hta_err *err)
{
	DIR *dh = fdopendir(fd);
	if (!dh) {
		int e = errno;
		close(fd);
		return hta_err_at(err, HTA_EIO, abs, 0, 0, "cannot read evidence directory: %s",
				  strerror(e));
	}
	if (++w->depth > 64) {
		closedir(dh);
		return hta_err_at(err, HTA_EINVAL, abs, 0, 0, "evidence tree is nested too deep");
	}
	int rc = 0;
	struct dirent *de;
	while ((de = readdir(dh)))
		if ((rc = walk_entry(w, dirfd(dh), abs, rel, de->d_name, de->d_type, err)))
			break;
	w->depth--;
	closedir(dh);
	return rc;
}

/* One entry `n` of the directory open as `dfd` (`abs`, `rel`). */
static int walk_entry(struct walker *w, int dfd, const char *abs, const char *rel,
		      const char *n, unsigned char type, struct hta_err *err)
{
	char a[PATH_MAX], r[PATH_MAX];
	int json;
	if (strcmp(n, ".") == 0 || strcmp(n, "..") == 0)
		return 0;
	size_t al = strlen(abs), rl = strlen(rel), nl = strlen(n);
	if (al + 1 + nl >= sizeof(a) || rl + (rl ? 1 : 0) + nl >= sizeof(r))
		return hta_err_at(err, HTA_EINVAL, abs, 0, 0, "path too long under evidence root");
	if (type == DT_UNKNOWN) {
		struct stat st;
		if (fstatat(dfd, n, &st, AT_SYMLINK_NOFOLLOW) < 0)
			return 0;
		type = S_ISDIR(st.st_mode) ? DT_DIR : S_ISREG(st.st_mode) ? DT_REG
			: S_ISLNK(st.st_mode) ? DT_LNK : DT_UNKNOWN;
	}
	if (type == DT_REG) {
		w->files_seen++;
		if (!is_manifest_name(n, &json)) {
			if (!data_name(n, &json))
				return 0;
			snprintf(r, sizeof(r), "%s%s%s", rel, *rel ? "/" : "", n);
			char *o = hta_strdup(r);
			if (!o || hta_ptrvec_push(&w->others, o)) {
				hta_free(o);
				return NOMEM(err);
			}
			return 0;
		}
	} else if (type != DT_DIR ? !is_manifest_name(n, &json) : n[0] == '.') {
		return 0;
	}
	snprintf(r, sizeof(r), "%s%s%s", rel, *rel ? "/" : "", n);
	if (type == DT_DIR) {
		snprintf(a, sizeof(a), "%s/%s", abs, n);
		int fd = openat(dfd, n, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (fd < 0)
			return hta_err_at(err, HTA_EIO, a, 0, 0, "cannot read evidence directory: %s",
					  strerror(errno));
		return walk_dir(w, fd, a, r, err);
	}
	char *c = hta_strdup(r);
	if (type == DT_REG) {
		if (!c || hta_ptrvec_push(&w->found, c)) {
			hta_free(c);
			return NOMEM(err);
		}
		return 0;
	}
	/* A manifest that is a symlink, FIFO or device is never opened. */
	struct refused *f = hta_malloc(sizeof(*f));
	if (!c || !f || hta_ptrvec_push(&w->refused, f)) {
		hta_free(c);
		hta_free(f);
		return NOMEM(err);
	}
	f->item = w->item;
	f->seq = w->seq++;
	f->rel = c;
	return 0;
}

/* The root's entries, read before the walk spreads over the workers. */
struct root_entry {
	char *name; /* heap */
	unsigned char type;
};

struct walk_job {
	const char *root;
	int fd;                     /* the root, open */
	struct root_entry *e;
	struct walker w[HTA_PAR_MAX_WORKERS];
};

static int walk_one(void *ctx, unsigned worker, size_t i, struct hta_err *err)
{
	struct walk_job *j = ctx;
	struct walker *w = &j->w[worker];
	w->item = i;
	w->seq = 0;
	w->depth = 1;
	return walk_entry(w, j->fd, j->root, "", j->e[i].name, j->e[i].type, err);
}

static int cmp_refused(const void *a, const void *b)
{
	const struct refused *x = *(const struct refused *const *)a;
	const struct refused *y = *(const struct refused *const *)b;
	return x->item != y->item ? (x->item < y->item ? -1 : 1)
				  : (x->seq < y->seq ? -1 : x->seq > y->seq);
}

/*
 * Walk the tree under ev->root: the manifests found go to *found (sorted
 * by the caller), refused ones become findings, files are counted.
 */
static int walk_tree(struct hta_evidence *ev, struct hta_ptrvec *found, struct hta_ptrvec *others,
		     struct hta_err *err)
{
	struct walk_job job = { .root = ev->root, .fd = -1 };
	struct hta_ptrvec entries = { 0 }, refused = { 0 };
	int rc = 0;
	DIR *dh = opendir(ev->root);
	if (!dh)
		return hta_err_at(err, HTA_EIO, ev->root, 0, 0, "cannot read evidence directory: %s",
				  strerror(errno));
	struct dirent *de;
	while ((de = readdir(dh))) {
		struct root_entry *e = hta_malloc(sizeof(*e));
		if (!e || !(e->name = hta_strdup(de->d_name)) || hta_ptrvec_push(&entries, e)) {
			if (e)
				hta_free(e->name);
			hta_free(e);
			rc = NOMEM(err);
			goto out;
		}
		e->type = de->d_type;
	}
	/* An array of entries for the workers: one allocation, moved in. */
	if (!(job.e = hta_calloc(entries.n ? entries.n : 1, sizeof(*job.e)))) {
		rc = NOMEM(err);
		goto out;
	}
	for (size_t i = 0; i < entries.n; i++)
		job.e[i] = *(struct root_entry *)entries.v[i];
	job.fd = dirfd(dh);
	rc = hta_par_for(hta_par_workers(entries.n, 2), entries.n, walk_one, &job, NULL, err);
	for (unsigned k = 0; k < HTA_PAR_MAX_WORKERS && !rc; k++) {
		struct walker *w = &job.w[k];
		ev->files_seen += w->files_seen;
		for (size_t i = 0; i < w->found.n && !rc; i++)
			if (hta_ptrvec_push(found, w->found.v[i]))
				rc = NOMEM(err);
			else
				w->found.v[i] = NULL;
		for (size_t i = 0; i < w->others.n && !rc; i++)
			if (hta_ptrvec_push(others, w->others.v[i]))
				rc = NOMEM(err);
			else
				w->others.v[i] = NULL;
		for (size_t i = 0; i < w->refused.n && !rc; i++)
			if (hta_ptrvec_push(&refused, w->refused.v[i]))
				rc = NOMEM(err);
			else
				w->refused.v[i] = NULL;
	}
	if (!rc && refused.n)
		qsort(refused.v, refused.n, sizeof(*refused.v), cmp_refused);
	for (size_t i = 0; i < refused.n && !rc; i++) {
		const struct refused *f = refused.v[i];
		const char *p = hta_arena_strdup(&ev->arena, f->rel);
		if (!p || hta_evidence_finding(ev, -1, p, 0, HTA_FIND_MANIFEST_REFUSED,
					       "manifest is not a regular file (symlink, "
					       "FIFO or device); not read"))
			rc = NOMEM(err);
	}
out:
	for (unsigned k = 0; k < HTA_PAR_MAX_WORKERS; k++) {
		struct walker *w = &job.w[k];
		for (size_t i = 0; i < w->found.n; i++)
			hta_free(w->found.v[i]);
		for (size_t i = 0; i < w->others.n; i++)
			hta_free(w->others.v[i]);
		hta_ptrvec_free(&w->others);
		for (size_t i = 0; i < w->refused.n; i++)
			if (w->refused.v[i]) {
				hta_free(((struct refused *)w->refused.v[i])->rel);
				hta_free(w->refused.v[i]);
			}
		hta_ptrvec_free(&w->found);
		hta_ptrvec_free(&w->refused);
	}
	for (size_t i = 0; i < refused.n; i++) {
		hta_free(((struct refused *)refused.v[i])->rel);
		hta_free(refused.v[i]);
	}
	hta_ptrvec_free(&refused);
	for (size_t i = 0; i < entries.n; i++) {
		hta_free(((struct root_entry *)entries.v[i])->name);
		hta_free(entries.v[i]);
	}
	hta_ptrvec_free(&entries);
	hta_free(job.e);
	closedir(dh);
	return rc;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* ---- manifests ---- */

/* A level's documents (contract 8.2): each counts as one of its artifacts,
 * and lends its dates where the level gives none. */
static int resolve_documents(struct hta_arena *A, const struct hta_evidence *ev,
			     const struct hta_doc *d, const struct hta_level_desc *ld,
			     struct hta_claim *c, struct hta_err *err)
{
	size_t na = ld->n_artifacts, n = na + ld->n_documents;
	const struct hta_document **docs = NULL;
	c->artifacts = hta_arena_array(A, n ? n : 1, sizeof(*c->artifacts));
	c->artifact_lines = hta_arena_array(A, n ? n : 1, sizeof(*c->artifact_lines));
	c->artifact_files = hta_arena_array(A, n ? n : 1, sizeof(*c->artifact_files));
	if (ld->n_documents)
		docs = hta_arena_array(A, ld->n_documents, sizeof(*docs));
	if (!c->artifacts || !c->artifact_lines || !c->artifact_files ||
	    (ld->n_documents && !docs))
		return NOMEM(err);
	for (size_t i = 0; i < na; i++) {
		c->artifacts[i] = ld->artifacts[i];
		c->artifact_lines[i] = ld->artifact_pos[i].line;
	}
	for (size_t i = 0; i < ld->n_documents; i++) {
		const struct hta_document *doc = hta_library_find(&ev->library, ld->documents[i]);
		if (!doc)
			return hta_err_at(err, HTA_EINVAL, d->file, ld->document_pos[i].line,
					  ld->document_pos[i].col, "unknown document '%s' (%s)",
					  hta_shown(ld->documents[i]),
					  ev->library.present ? "not declared in " HTA_LIBRARY_FILE
							      : "there is no " HTA_LIBRARY_FILE
								" at the evidence root");
		docs[i] = doc;
		c->artifacts[na + i] = doc->path;
		c->artifact_lines[na + i] = doc->path_line;
		c->artifact_files[na + i] = HTA_LIBRARY_FILE;
	}
	c->n_artifacts = n;
	const struct hta_document *dd, *ed;
	hta_library_dates((const struct hta_document *const *)docs, ld->n_documents, &dd, &ed);
	if (!c->has_date && dd) {
		c->has_date = true;
		c->date = dd->reviewed;
		c->date_line = dd->reviewed_line;
		c->date_file = HTA_LIBRARY_FILE;
	}
	if (!c->has_effective && ed) {
		c->has_effective = true;
		c->effective = ed->effective;
		c->effective_line = ed->effective_line;
		c->effective_file = HTA_LIBRARY_FILE;
	}
	return 0;
}

/*
 * The manifest in `d`, read (hta_manifest_read_all: the syntax, every
 * error of it to `syntax`), then resolved against the catalog (the
 * requirement), the scope (the provider) and the evidence library
 * (documents).
 */
static int parse_manifest(struct hta_arena *A, const struct hta_catalog *cat,
			  const struct hta_scope *sc, const struct hta_evidence *ev,
			  const struct hta_doc *d, struct hta_manifest *mf,
			  struct hta_errlist *syntax, struct hta_err *err)
{
	struct hta_manifest_desc m;
	mf->provider = -1;
	if (hta_manifest_read_all(&m, A, d, syntax, err))
		return err->code;
	mf->line = m.requirement_pos.line;
	if ((mf->stmt = hta_catalog_find(cat, m.requirement)) < 0) {
		/* An id is ASCII: a look-alike (Cyrillic a, a zero-width space,
		 * full-width digits) is shown escaped, so the user sees why. */
		char shown[256];
		return hta_err_at(err, HTA_EINVAL, d->file, m.requirement_pos.line,
				  m.requirement_pos.col, "unknown requirement '%s' (not in catalog %s)",
				  hta_ascii_escape(m.requirement, shown, sizeof(shown)), cat->version);
	}
	mf->owner = m.owner;
	mf->notes = m.notes;
	mf->na_reason = m.not_applicable;
	mf->na_line = m.na_pos.line;
	const struct hta_pos *fp[HTA_FIELD_COUNT] = { &m.owner_pos, &m.na_pos, &m.inherited_pos,
						      &m.waiver_pos };
	for (int f = 0; f < HTA_FIELD_COUNT; f++) {
		mf->field_line[f] = fp[f]->line;
		mf->field_col[f] = fp[f]->col;
	}
	if (m.provider) {
		if ((mf->provider = hta_scope_provider(sc, m.provider)) < 0 && !sc->stand_in)
			return hta_err_at(err, HTA_EINVAL, d->file, m.provider_pos.line,
					  m.provider_pos.col, "provider '%s' is not declared in %s",
					  hta_shown(m.provider),
					  sc->file ? sc->file : "scope.yaml (there is none)");
		mf->weight = mf->weight_used = m.weight;
		mf->inherit_line = m.weight_pos.line; /* a cap finding points at the weight */
	}
	if (m.has_waiver) {
		mf->has_waiver = true;
		mf->waiver_reason = m.waiver_reason;
		mf->waiver_expires = m.waiver_expires;
		mf->waiver_line = m.waiver_pos.line;
	}
	for (int l = 0; l < HTA_LEVEL_COUNT; l++) {
		const struct hta_level_desc *ld = &m.level[l];
		struct hta_claim *c = &mf->level[l];
		if (!ld->claimed)
			continue;
		c->claimed = true;
		c->line = ld->pos.line;
		c->col = ld->pos.col;
		c->result = ld->rating ? hta_rating_parse(ld->rating)
				       : hta_coverage_band(&cat->settings, ld->coverage_h / 100);
		c->has_date = ld->has_date;
		c->date = ld->date;
		c->date_line = ld->date_pos.line;
		c->has_effective = ld->has_effective;
		c->effective = ld->effective;
		c->effective_line = ld->effective_pos.line;
		int rc = resolve_documents(A, ev, d, ld, c, err);
		if (rc)
			return rc;
	}
	return 0;
}

/* A message's "LINE:COL" after its `skip`-byte "FILE:" prefix, as one
 * sortable number (0 when it has none). */
static unsigned long long msg_pos(const char *msg, size_t skip)
{
	char *end;
	if (strlen(msg) <= skip)
		return 0;
	unsigned long line = strtoul(msg + skip, &end, 10), col = 0;
	if (*end == ':')
		col = strtoul(end + 1, NULL, 10);
	return ((unsigned long long)line << 32) | (col & 0xffffffffUL);
}

/* The messages of one file (prefix "FILE:", `skip` bytes) in the order of
 * their positions in it; stable (an insertion sort: a handful). */
static void sort_by_pos(struct hta_errlist *l, size_t skip)
{
	for (size_t i = 1; i < l->n; i++) {
		char *m = l->msg[i];
		unsigned long long k = msg_pos(m, skip);
		size_t j = i;
		for (; j > 0 && msg_pos(l->msg[j - 1], skip) > k; j--)
			l->msg[j] = l->msg[j - 1];
		l->msg[j] = m;
	}
}

/* The manifests of one load, parsed on all cores (hta/par.h). */
struct parse_job {
	struct hta_evidence *ev;
	const struct hta_catalog *cat;
	const struct hta_scope *sc;
	char *const *rel;                          /* sorted relative paths */
	struct hta_errlist **errs;                 /* [n]: why manifest i is unreadable
						    * (heap; NULL when it is not) */
	bool library_broken;                       /* documents.yaml failed: no id is checked */
	struct hta_arena arena[HTA_PAR_MAX_WORKERS]; /* [0] unused: worker 0 uses ev's */
};

/* Read and parse manifest i into ev->manifests[i]; everything it keeps
 * goes to the worker's arena. A manifest that cannot be read is not a
 * failure of the loop: its message goes to errs[i], so every one is
 * reported. Only running out of memory stops the loop. */
static int parse_one(void *ctx, unsigned worker, size_t i, struct hta_err *err)
{
	struct parse_job *j = ctx;
	struct hta_arena *A = worker ? &j->arena[worker] : &j->ev->arena;
	struct hta_manifest *mf = &j->ev->manifests[i];
	const char *rel = j->rel[i];
	char abs[PATH_MAX];
	int json, rc;
	struct hta_doc d;
	struct hta_err e = { 0 };
	snprintf(abs, sizeof(abs), "%s/%s", j->ev->root, rel);
	is_manifest_name(rel, &json);
	if (!(mf->path = hta_arena_strdup(A, rel)))
		return NOMEM(err);
	mf->stmt = -1;
	/* NOFOLLOW: the walk saw a regular file; a symlink put in its place
	 * since is refused, not followed out of the root. */
	rc = hta_doc_load(&d, abs, mf->path, (json ? HTA_DOC_JSON : 0) | HTA_DOC_NOFOLLOW,
			  &hta_doc_limits_small, &e);
	struct hta_errlist syntax = { 0 };
	if (!rc) {
		rc = parse_manifest(A, j->cat, j->sc, j->ev, &d, mf, &syntax, &e);
		hta_doc_free(&d);
	}
	if (rc == HTA_ENOMEM) {
		hta_errlist_free(&syntax);
		return NOMEM(err);
	}
	if (rc && j->library_broken && strstr(e.msg, "unknown document '"))
		rc = 0; /* documents.yaml's own error says it all */
	if (rc) {
		mf->stmt = -1;
		/* no syntax error: the file did not load, or did not resolve */
		if (!syntax.total && hta_errlist_add(&syntax, e.msg))
			rc = HTA_ENOMEM;
		else if (syntax.n > 1)
			sort_by_pos(&syntax, strlen(mf->path) + 1);
		if (rc != HTA_ENOMEM && (j->errs[i] = hta_malloc(sizeof(syntax))))
			*j->errs[i] = syntax;
		else
			hta_errlist_free(&syntax);
		return j->errs[i] ? 0 : NOMEM(err);
	}
	hta_errlist_free(&syntax);
	return 0;
}

/* Below this many manifests per worker a thread costs more than it saves. */
#define PARSE_MIN_PER_WORKER 16

/*
 * Several manifests for one statement (contract 8.1): `b` (later in path
 * order) must not claim a level `a` claims, nor set a statement-wide field
 * `a` sets. Each clash is one error at `b`, naming `a`.
 */
static int check_pair(const struct hta_catalog *cat, const struct hta_manifest *a,
		      const struct hta_manifest *b, struct hta_errlist *l)
{
	static const char *const field[] = { "owner", "not_applicable", "inherited", "waiver" };
	char msg[HTA_ERR_MAX];
	struct hta_err e;
	const char *id = cat->stmts[b->stmt].id;
	for (int k = 0; k < HTA_LEVEL_COUNT; k++) {
		const struct hta_claim *x = &a->level[k], *y = &b->level[k];
		if (!x->claimed || !y->claimed)
			continue;
		hta_err_at(&e, HTA_EINVAL, b->path, y->line, y->col,
			   "%s for %s is also claimed by %s:%u: two manifests for one statement "
			   "must claim different levels", hta_level_name((enum hta_level)k), id,
			   a->path, x->line);
		snprintf(msg, sizeof(msg), "%s", e.msg);
		if (hta_errlist_add(l, msg))
			return HTA_ENOMEM;
	}
	for (int f = 0; f < HTA_FIELD_COUNT; f++) {
		if (!a->field_line[f] || !b->field_line[f])
			continue;
		hta_err_at(&e, HTA_EINVAL, b->path, b->field_line[f], b->field_col[f],
			   "%s for %s is also set by %s:%u: set it in one manifest of the statement",
			   field[f], id, a->path, a->field_line[f]);
		if (hta_errlist_add(l, e.msg))
			return HTA_ENOMEM;
	}
	return 0;
}

/*
 * A file that looks like a manifest but is not named as one is silently
 * ignored by the walk: say so. Only small files are read (a scan export
 * of megabytes is an artifact, not a misnamed manifest).
 */
static int misnamed(struct hta_evidence *ev, const char *rel, struct hta_err *err)
{
	int json;
	char abs[PATH_MAX];
	struct stat st;
	struct hta_doc d;
	struct hta_err e;
	const struct hta_node *v;
	if (!data_name(rel, &json) || strcmp(rel, "scope.yaml") == 0 ||
	    strcmp(rel, HTA_LIBRARY_FILE) == 0)
		return 0;
	if ((size_t)snprintf(abs, sizeof(abs), "%s/%s", ev->root, rel) >= sizeof(abs) ||
	    lstat(abs, &st) < 0 || !S_ISREG(st.st_mode) ||
	    (unsigned long long)st.st_size > hta_doc_limits_small.max_bytes)
		return 0;
	/* Read it once; only a file that holds the word is parsed (a tree of
	 * small JSON exports costs a read each, not a YAML parse). */
	int fd = open(abs, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return 0;
	char *buf = hta_malloc((size_t)st.st_size + 1);
	size_t len = 0;
	ssize_t r;
	if (!buf) {
		close(fd);
		return NOMEM(err);
	}
	while (len <= (size_t)st.st_size &&
	       (r = read(fd, buf + len, (size_t)st.st_size + 1 - len)) != 0) {
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			break;
		len += (size_t)r;
	}
	close(fd);
	int rc = len <= (size_t)st.st_size && memmem(buf, len, "requirement", 11)
			 ? hta_doc_parse(&d, buf, len, rel, json ? HTA_DOC_JSON : 0,
					 &hta_doc_limits_small, &e)
			 : HTA_EINVAL;
	hta_free(buf);
	if (rc == HTA_ENOMEM)
		return NOMEM(err);
	if (rc)
		return 0; /* not YAML, or no requirement: an artifact like any other */
	rc = 0;
	if ((v = hta_map_get(d.root, "requirement")) && v->kind == HTA_NODE_SCALAR) {
		const char *p = hta_arena_strdup(&ev->arena, rel);
		size_t rl = strlen(rel), stem = rl - (rl > 4 && strcmp(rel + rl - 4, ".yml") == 0 ? 4 : 5);
		if (!p || hta_evidence_finding(ev, -1, p, v->line, HTA_FIND_MANIFEST_MISNAMED,
					       "holds 'requirement: %s' but is not named "
					       "*.evidence.yaml, .yml or .json, so it was not read as "
					       "a manifest (rename it to %.*s.evidence.%s)",
					       v->s, (int)stem, rel, json ? "json" : "yaml"))
			rc = NOMEM(err);
	}
	hta_doc_free(&d);
	return rc;
}

int hta_evidence_load(struct hta_evidence *ev, const struct hta_catalog *cat,
		      const struct hta_scope *sc, const char *root, struct hta_err *err)
{
	return hta_evidence_load_all(ev, cat, sc, root, NULL, err);
}

/* The evidence root, resolved, and the per-statement chain heads. */
static int open_root(struct hta_evidence *ev, const struct hta_catalog *cat, const char *root,
		     struct hta_err *err)
{
	char real[PATH_MAX];
	struct stat st;
	if (!realpath(root, real) || stat(real, &st) < 0) {
		if (errno == ENOENT)
			return hta_err_at(err, HTA_EIO, root, 0, 0,
					  "cannot read evidence dir: it does not exist");
		return hta_err_at(err, HTA_EIO, root, 0, 0, "cannot read evidence dir: %s",
				  strerror(errno));
	}
	if (!S_ISDIR(st.st_mode))
		return hta_err_at(err, HTA_EIO, root, 0, 0, "evidence root is not a directory");
	if (!(ev->root = hta_arena_strdup(&ev->arena, real)) ||
	    !(ev->by_stmt = hta_arena_array(&ev->arena, cat->n_stmts, sizeof(*ev->by_stmt))))
		return NOMEM(err);
	return 0;
}

/*
 * Chain the parsed manifests to their statements in path order, a later
 * manifest checked against every earlier one of its statement; parse
 * errors (errs[i]) and conflicts go to `l`. Returns 0 or HTA_ENOMEM.
 */
static int link_chains(struct hta_evidence *ev, const struct hta_catalog *cat,
		       struct hta_errlist *const *errs, size_t n, struct hta_errlist *l,
		       struct hta_err *err)
{
	int rc = 0;
	struct hta_manifest **tail = hta_calloc(cat->n_stmts ? cat->n_stmts : 1, sizeof(*tail));
	if (!tail)
		return NOMEM(err);
	for (size_t i = 0; i < n && !rc; i++) {
		struct hta_manifest *mf = &ev->manifests[i];
		if (errs[i]) {
			if (hta_errlist_append(l, errs[i]))
				rc = NOMEM(err);
			continue;
		}
		if (mf->stmt < 0)
			continue; /* unknown document under a broken library */
		for (struct hta_manifest *p = ev->by_stmt[mf->stmt]; p && !rc; p = p->next)
			if (check_pair(cat, p, mf, l))
				rc = NOMEM(err);
		if (tail[mf->stmt])
			tail[mf->stmt]->next = mf;
		else
			ev->by_stmt[mf->stmt] = mf;
		tail[mf->stmt] = mf;
	}
	hta_free(tail);
	return rc;
}

/*
 * The load: the root, the library, the walk, every manifest parsed (on all
 * cores), then the statements' chains and their conflicts. Errors of the
 * input are gathered, in path order (documents.yaml first), and fail the
 * load together at the end.
 */
int hta_evidence_load_all(struct hta_evidence *ev, const struct hta_catalog *cat,
			  const struct hta_scope *sc, const char *root,
			  struct hta_errlist *errors, struct hta_err *err)
{
	memset(ev, 0, sizeof(*ev));
	struct hta_ptrvec found = { 0 }, others = { 0 };
	struct parse_job job = { .ev = ev, .cat = cat, .sc = sc };
	struct hta_errlist local = { 0 }, *l = errors ? errors : &local;
	struct hta_err e = { 0 };
	int rc;
	size_t n = 0;
	hta_errlist_free(l);
	if ((rc = open_root(ev, cat, root, err)))
		goto fail;
	if ((rc = hta_library_load_all(&ev->library, ev->root, l, &e))) {
		if (rc == HTA_ENOMEM) {
			rc = NOMEM(err);
			goto fail;
		}
		if (rc != HTA_EINVAL && hta_errlist_add(l, e.msg)) { /* EINVAL's are in `l` */
			rc = NOMEM(err);
			goto fail;
		}
		job.library_broken = true;
	}
	if ((rc = walk_tree(ev, &found, &others, err)))
		goto fail;
	if (found.n)
		qsort(found.v, found.n, sizeof(*found.v), cmp_str);
	if (others.n)
		qsort(others.v, others.n, sizeof(*others.v), cmp_str);
	for (size_t i = 0; i < others.n; i++)
		if ((rc = misnamed(ev, others.v[i], err)))
			goto fail;
	n = found.n;
	ev->manifests = hta_arena_array(&ev->arena, n ? n : 1, sizeof(*ev->manifests));
	job.errs = hta_calloc(n ? n : 1, sizeof(*job.errs));
	if (!ev->manifests || !job.errs) {
		rc = NOMEM(err);
		goto fail;
	}
	/*
	 * Parse every manifest, on all cores. The results are the same as a
	 * one-by-one loop's: manifest i lands in manifests[i] whoever parses
	 * it, and its error (if any) in errs[i]; both are read in path order.
	 */
	unsigned nw = hta_par_workers(n, PARSE_MIN_PER_WORKER);
	job.rel = (char *const *)found.v;
	rc = hta_par_for(nw, n, parse_one, &job, NULL, err);
	for (unsigned k = 1; k < HTA_PAR_MAX_WORKERS; k++)
		hta_arena_adopt(&ev->arena, &job.arena[k]);
	if (rc)
		goto fail;
	if ((rc = link_chains(ev, cat, job.errs, n, l, err)))
		goto fail;
	if (l->total) {
		rc = hta_err_set(err, HTA_EINVAL, "%s", l->msg[0]);
		goto fail;
	}
	ev->n_manifests = n;
	rc = 0;
	goto out;
fail:
	hta_evidence_free(ev);
out:
	for (size_t i = 0; job.errs && i < n; i++)
		if (job.errs[i]) {
			hta_errlist_free(job.errs[i]);
			hta_free(job.errs[i]);
		}
	hta_free(job.errs);
	if (!errors)
		hta_errlist_free(&local);
	for (size_t i = 0; i < found.n; i++)
		hta_free(found.v[i]);
	hta_ptrvec_free(&found);
	for (size_t i = 0; i < others.n; i++)
		hta_free(others.v[i]);
	hta_ptrvec_free(&others);
	return rc;
}

int hta_manifest_cap_managed(struct hta_evidence *ev, struct hta_manifest *mf,
			     unsigned scored, struct hta_err *err)
{
	struct hta_claim *mg = &mf->level[HTA_MANAGED], *ms = &mf->level[HTA_MEASURED];
	if (!((scored >> HTA_MANAGED) & 1) || mg->own <= ms->own)
		return 0;
	int rc = hta_evidence_finding(ev, mf->stmt, mg->file ? mg->file : mf->path, mg->line,
				      HTA_FIND_MANAGED_ABOVE,
				      "managed (%d) cannot score above measured (%d); %d used",
				      mg->own, ms->own, ms->own);
	mg->own = ms->own;
	return rc ? NOMEM(err) : 0;
}

void hta_evidence_free(struct hta_evidence *ev)
{
	hta_library_free(&ev->library);
	hta_ptrvec_free(&ev->findings);
	hta_ptrvec_free(&ev->artifacts);
	hta_arena_free(&ev->arena);
	memset(ev, 0, sizeof(*ev));
}

/* ---- checks ---- */

/* Every artifact the checks look at, by its path as written. */
struct art_table {
	struct hta_artifact **slot;
	size_t cap;
};

/*
 * Directories under the root (relative paths, arena strings) already seen
 * by lstat() to be real directories, not symlinks: see examine(). One per
 * worker of the examining loop.
 */
struct dir_memo {
	const char **dirs;
	size_t cap, n;
};

/* A relative path realpath() would leave as it is: no empty, "." or ".."
 * component. */
static bool plain_rel(const char *rel)
{
	for (const char *c = rel;;) {
		size_t n = strcspn(c, "/");
		if (n == 0 || (n == 1 && c[0] == '.') || (n == 2 && c[0] == '.' && c[1] == '.'))
			return false;
		if (!c[n])
			return true;
		c += n + 1;
	}
}

/*
 * Is every directory on the way to `rel` a real directory (no symlink)?
 * Each directory is lstat()ed once per worker and run, however many
 * artifacts it holds. 1 yes, 0 no or unknown, -1 out of memory.
 */
static int plain_dirs(const char *root, struct hta_arena *A, struct dir_memo *t, const char *rel)
{
	for (const char *sl = strchr(rel, '/'); sl; sl = strchr(sl + 1, '/')) {
		size_t n = (size_t)(sl - rel), i;
		if (t->n * 2 >= t->cap) {
			size_t cap = t->cap ? t->cap * 2 : 256;
			const char **d = hta_calloc(cap, sizeof(*d));
			if (!d)
				return -1;
			for (size_t k = 0; k < t->cap; k++) {
				if (!t->dirs[k])
					continue;
				for (i = hta_hash_str(t->dirs[k]) & (cap - 1); d[i]; i = (i + 1) & (cap - 1))
					;
				d[i] = t->dirs[k];
			}
			hta_free(t->dirs);
			t->dirs = d;
			t->cap = cap;
		}
		for (i = hta_hash_bytes(rel, n) & (t->cap - 1); t->dirs[i]; i = (i + 1) & (t->cap - 1))
			if (strncmp(t->dirs[i], rel, n) == 0 && t->dirs[i][n] == 0)
				break;
		if (t->dirs[i])
			continue;
		char dir[PATH_MAX];
		struct stat st;
		if ((size_t)snprintf(dir, sizeof(dir), "%s/%.*s", root, (int)n, rel) >= sizeof(dir) ||
		    lstat(dir, &st) < 0 || !S_ISDIR(st.st_mode))
			return 0;
		if (!(t->dirs[i] = hta_arena_strndup(A, rel, n)))
			return -1;
		t->n++;
	}
	return 1;
}

/* The artifact named `rel`, or NULL when no claim checked names it. */
static struct hta_artifact *find(const struct art_table *t, const char *rel)
{
	for (size_t i = hta_hash_str(rel) & (t->cap - 1); t->slot[i]; i = (i + 1) & (t->cap - 1))
		if (strcmp(t->slot[i]->path, rel) == 0)
			return t->slot[i];
	return NULL;
}

/* Add `rel` to the table and to ev->artifacts unless it is there. 0 or
 * HTA_ENOMEM. */
static int intern(struct hta_evidence *ev, struct art_table *t, const char *rel)
{
	size_t i = hta_hash_str(rel) & (t->cap - 1);
	for (; t->slot[i]; i = (i + 1) & (t->cap - 1))
		if (strcmp(t->slot[i]->path, rel) == 0)
			return 0;
	struct hta_artifact *a = hta_arena_alloc(&ev->arena, sizeof(*a));
	if (!a || !(a->path = hta_arena_strdup(&ev->arena, rel)) ||
	    hta_ptrvec_push(&ev->artifacts, a))
		return HTA_ENOMEM;
	t->slot[i] = a;
	return 0;
}

/*
 * What the file system says about one artifact: its status, and for a
 * regular file under the root its real path, size, mtime and inode.
 * Reads only `root` and writes only `a`, the worker's arena and memo, so
 * artifacts are examined in parallel. 0, -1 (out of memory), or an errno
 * that is not about the artifact (EMFILE, ENOMEM, EIO: an error of the run).
 */
static int examine_path(const char *root, struct hta_arena *A, struct dir_memo *t,
			struct hta_artifact *a)
{
	const char *rel = a->path;
	if (rel[0] == '/') {
		a->status = HTA_ART_OUTSIDE;
		return 0;
	}
	char joined[PATH_MAX], real[PATH_MAX];
	if ((size_t)snprintf(joined, sizeof(joined), "%s/%s", root, rel) >= sizeof(joined)) {
		a->status = HTA_ART_MISSING;
		return 0;
	}
	struct stat st;
	/*
	 * The fast path, for the usual artifact: a plain relative path through
	 * real directories to a regular file is its own real path. realpath()
	 * would readlink() every component of the absolute path, walking it
	 * from / each time: on a large tree most of a warm run's time. Anything
	 * else (a symlink anywhere, a missing file) takes the slow path below,
	 * which decides it exactly as before.
	 */
	int pd = strcmp(root, "/") != 0 && plain_rel(rel) ? plain_dirs(root, A, t, rel) : 0;
	if (pd < 0)
		return -1;
	if (pd && lstat(joined, &st) == 0 && S_ISREG(st.st_mode)) {
		if (!(a->resolved = hta_arena_strdup(A, joined)))
			return -1;
		a->size = (long long)st.st_size;
		a->mtime_ns = (long long)st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec;
		a->ctime_ns = (long long)st.st_ctim.tv_sec * 1000000000LL + st.st_ctim.tv_nsec;
		a->ino = (unsigned long long)st.st_ino;
		return 0;
	}
	if (!realpath(joined, real)) {
		if (!hta_errno_is_about_file(errno))
			return errno; /* not the artifact's fault: an error of the run */
		a->status = errno == ELOOP ? HTA_ART_LOOP : HTA_ART_MISSING;
		return 0;
	}
	size_t rl = strlen(root);
	if (strncmp(real, root, rl) != 0 || real[rl] != '/') {
		a->status = HTA_ART_OUTSIDE;
		return 0;
	}
	if (stat(real, &st) < 0) {
		if (!hta_errno_is_about_file(errno))
			return errno;
		a->status = HTA_ART_MISSING;
		return 0;
	}
	if (!S_ISREG(st.st_mode)) {
		a->status = HTA_ART_NOT_FILE;
		return 0;
	}
	if (!(a->resolved = hta_arena_strdup(A, real)))
		return -1;
	a->size = (long long)st.st_size;
	a->mtime_ns = (long long)st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec;
	a->ctime_ns = (long long)st.st_ctim.tv_sec * 1000000000LL + st.st_ctim.tv_nsec;
	a->ino = (unsigned long long)st.st_ino;
	return 0;
}

/* Is the last component of `path` a manifest's name? */
static bool names_manifest(const char *path)
{
	const char *base = strrchr(path, '/');
	int json;
	return is_manifest_name(base ? base + 1 : path, &json);
}

/* examine_path(), then: a manifest, by the name written or the one it
 * resolves to, is not an artifact (contract 2.1: artifacts are every
 * other file), so naming one (even itself) lends a level nothing. */
static int examine(const char *root, struct hta_arena *A, struct dir_memo *t,
		   struct hta_artifact *a)
{
	int e = examine_path(root, A, t, a);
	if (!e && a->status == HTA_ART_OK &&
	    (names_manifest(a->path) || (a->resolved && names_manifest(a->resolved)))) {
		a->status = HTA_ART_MANIFEST;
		a->resolved = NULL;
	}
	return e;
}

/* The artifacts of one check, examined on all cores (hta/par.h). */
struct examine_job {
	struct hta_evidence *ev;
	struct hta_arena arena[HTA_PAR_MAX_WORKERS]; /* [0] unused: worker 0 uses ev's */
	struct dir_memo memo[HTA_PAR_MAX_WORKERS];
};

static int examine_one(void *ctx, unsigned worker, size_t i, struct hta_err *err)
{
	struct examine_job *j = ctx;
	struct hta_arena *A = worker ? &j->arena[worker] : &j->ev->arena;
	struct hta_artifact *a = j->ev->artifacts.v[i];
	int e = examine(j->ev->root, A, &j->memo[worker], a);
	if (e < 0)
		return NOMEM(err);
	if (e > 0)
		return hta_err_at(err, HTA_EIO, a->path, 0, 0,
				  "cannot examine artifact: %s (a problem of this run, not of the "
				  "evidence; nothing was stored)", strerror(e));
	return 0;
}

/* An lstat() is a few microseconds: below this many per worker a thread
 * costs more than it saves. */
#define EXAMINE_MIN_PER_WORKER 64

static enum hta_finding_code art_code(int status)
{
	switch (status) {
	case HTA_ART_MISSING: return HTA_FIND_ARTIFACT_MISSING;
	case HTA_ART_OUTSIDE: return HTA_FIND_ARTIFACT_OUTSIDE;
	case HTA_ART_NOT_FILE: return HTA_FIND_ARTIFACT_NOT_FILE;
	default: return HTA_FIND_ARTIFACT_REFUSED;
	}
}

static const char *art_why(int status)
{
	switch (status) {
	case HTA_ART_MISSING: return "does not exist under the evidence root";
	case HTA_ART_OUTSIDE: return "is absolute or resolves outside the evidence root; refused";
	case HTA_ART_NOT_FILE: return "is not a regular file";
	case HTA_ART_MANIFEST: return "is an evidence manifest, not an artifact; refused";
	default: return "is a symlink loop; refused";
	}
}

/* A finding at `file` (NULL: the manifest) and `line`. */
#define FIND_AT(file, ...)                                                         \
	do {                                                                       \
		if (hta_evidence_finding(ev, s, (file) ? (file) : mfile, __VA_ARGS__)) \
			return NOMEM(err);                                         \
	} while (0)

/*
 * One claimed level against the rules of contract 4 rule 2. A finding
 * names the file where the fault can be fixed: the manifest, or
 * documents.yaml for a document's path or a date it lent the level.
 */
static int check_claim(struct hta_evidence *ev, const struct hta_catalog *cat,
		       struct art_table *t, struct hta_manifest *mf, long s, int l,
		       int as_of, struct hta_err *err)
{
	struct hta_claim *c = &mf->level[l];
	const char *ln = hta_level_name((enum hta_level)l);
	const char *mfile = c->file ? c->file : mf->path;
	bool pp = l == HTA_POLICY || l == HTA_PROCEDURE;
	const struct hta_settings *set = &cat->settings;
	char d1[11], d2[11];
	/* A document's finding names documents.yaml, shared by many statements:
	 * it says which statement it is about, or its lines read the same. */
	char from[64];
	snprintf(from, sizeof(from), " (from the document, for %s)", cat->stmts[s].id);
	c->own = c->result;
	if (!c->n_artifacts) {
		FIND_AT(NULL, c->line, HTA_FIND_NO_ARTIFACT,
			"%s is claimed but names no artifact; it counts 0", ln);
		c->own = 0;
	}
	for (size_t i = 0; i < c->n_artifacts; i++) {
		const struct hta_artifact *a = find(t, c->artifacts[i]);
		const char *af = c->artifact_files ? c->artifact_files[i] : NULL;
		if (!a) /* cannot be: hta_evidence_check interned every one */
			return NOMEM(err);
		if (a->status != HTA_ART_OK) {
			FIND_AT(af, c->artifact_lines[i], art_code(a->status),
				"%s %s '%s' %s; the level counts 0%s", ln,
				af ? "document path" : "artifact", c->artifacts[i],
				art_why(a->status), af ? from : "");
			c->own = 0;
		}
	}
	hta_date_format(as_of, d2);
	if (!c->has_date) {
		FIND_AT(NULL, c->line, HTA_FIND_DATE_MISSING, "%s has no '%s' date; it counts 0", ln,
			pp ? "reviewed" : "tested");
		c->own = 0;
	} else if (c->date > as_of) {
		hta_date_format(c->date, d1);
		FIND_AT(c->date_file, c->date_line, HTA_FIND_DATE_FUTURE,
			"%s date %s%s is after the assessment date %s; it counts 0", ln, d1,
			c->date_file ? from : "", d2);
		c->own = 0;
	} else if (as_of - c->date > set->stale_days) {
		hta_date_format(c->date, d1);
		FIND_AT(c->date_file, c->date_line, HTA_FIND_STALE,
			"%s date %s%s is %d days before %s (limit %d); it counts 0", ln, d1,
			c->date_file ? from : "", as_of - c->date, d2,
			set->stale_days);
		c->own = 0;
	}
	if (c->has_effective && (c->effective > as_of ||
				 as_of - c->effective < set->maturity_days[l])) {
		hta_date_format(c->effective, d1);
		if (c->effective > as_of) /* not "-N days before" */
			FIND_AT(c->effective_file, c->effective_line, HTA_FIND_TOO_RECENT,
				"%s takes effect %s%s, after %s; it needs %d days before it "
				"to count", ln, d1, c->effective_file ? from : "",
				d2, set->maturity_days[l]);
		else
			FIND_AT(c->effective_file, c->effective_line, HTA_FIND_TOO_RECENT,
				"%s took effect %s%s, %d days before %s; it needs %d days to count",
				ln, d1, c->effective_file ? from : "",
				as_of - c->effective, d2, set->maturity_days[l]);
		c->own = 0;
	}
	return 0;
}
#undef FIND_AT

/*
 * The rules on a manifest as a whole (not on one level): an N/A claim on
 * a never-N/A statement, an inherited weight over the catalog's cap (the
 * cap is used), an expired waiver. Each is a finding; returns 0 or
 * HTA_ENOMEM.
 */
static int manifest_rules(struct hta_evidence *ev, const struct hta_statement *st,
			  struct hta_manifest *mf, long s, int as_of, struct hta_err *err)
{
	char d1[11], d2[11];
	if (mf->na_reason && st->never_na &&
	    hta_evidence_finding(ev, s, mf->path, mf->na_line, HTA_FIND_NEVER_NA,
				 "%s can never be not applicable; it is scored", st->id))
		return NOMEM(err);
	if (mf->provider >= 0 && mf->weight > st->inheritable) {
		mf->weight_used = st->inheritable;
		if (hta_evidence_finding(ev, s, mf->path, mf->inherit_line, HTA_FIND_INHERIT_CAPPED,
					 "inherited weight %d%% is above the %d%% the catalog "
					 "allows for %s; %d%% used", mf->weight,
					 st->inheritable, st->id, st->inheritable))
			return NOMEM(err);
	}
	if (mf->has_waiver && mf->waiver_expires < as_of) {
		hta_date_format(mf->waiver_expires, d1);
		hta_date_format(as_of, d2);
		if (hta_evidence_finding(ev, s, mf->path, mf->waiver_line, HTA_FIND_WAIVER_EXPIRED,
					 "waiver expired %s (assessment date %s); it counts "
					 "as no waiver", d1, d2))
			return NOMEM(err);
	}
	return 0;
}

/*
 * The union of a statement's manifests (contract 8.1), built once they are
 * checked: a copy of the reported manifest (see hta_evidence_check() in
 * the header) with each level and statement-wide field taken from the
 * manifest that holds it. NULL when out of memory.
 */
static struct hta_manifest *merge_chain(struct hta_evidence *ev, struct hta_manifest *first)
{
	struct hta_manifest *rep = NULL, *m = hta_arena_alloc(&ev->arena, sizeof(*m));
	if (!m)
		return NULL;
	for (struct hta_manifest *p = first; p && !rep; p = p->next)
		for (int f = 0; f < HTA_FIELD_COUNT; f++)
			if (p->field_line[f])
				rep = p;
	for (struct hta_manifest *p = first; p && !rep; p = p->next)
		for (int l = 0; l < HTA_LEVEL_COUNT; l++)
			if (p->level[l].claimed)
				rep = p;
	*m = *(rep ? rep : first);
	for (struct hta_manifest *p = first; p; p = p->next) {
		if (p == rep)
			continue;
		if (p->owner)
			m->owner = p->owner;
		if (p->notes && !m->notes)
			m->notes = p->notes;
		if (p->na_reason) {
			m->na_reason = p->na_reason;
			m->na_line = p->na_line;
		}
		if (p->provider >= 0) {
			m->provider = p->provider;
			m->weight = p->weight;
			m->weight_used = p->weight_used;
			m->inherit_line = p->inherit_line;
		}
		if (p->has_waiver) {
			m->has_waiver = true;
			m->waiver_reason = p->waiver_reason;
			m->waiver_expires = p->waiver_expires;
			m->waiver_line = p->waiver_line;
		}
		for (int l = 0; l < HTA_LEVEL_COUNT; l++)
			if (p->level[l].claimed) {
				m->level[l] = p->level[l];
				m->level[l].file = p->path;
			}
	}
	m->next = NULL;
	return m;
}

int hta_evidence_check(struct hta_evidence *ev, const struct hta_catalog *cat,
		       const unsigned char *pool, unsigned scored, int as_of,
		       struct hta_err *err)
{
	struct art_table t = { 0 };
	size_t mentions = 0;
	for (size_t i = 0; i < ev->n_manifests; i++)
		for (int l = 0; l < HTA_LEVEL_COUNT; l++)
			mentions += ev->manifests[i].level[l].n_artifacts;
	t.cap = 64;
	while (t.cap < mentions * 2)
		t.cap *= 2;
	t.slot = hta_calloc(t.cap, sizeof(*t.slot));
	if (!t.slot)
		return NOMEM(err);
	int rc = 0;
	/*
	 * First every artifact a check below will look at, in the order it
	 * will (ev->artifacts keeps that order); then what the file system
	 * says about each, on all cores (an lstat() each: most of the check's
	 * time); then the checks themselves, in order, without a syscall.
	 */
	for (size_t i = 0; i < ev->n_manifests && !rc; i++) {
		const struct hta_manifest *mf = &ev->manifests[i];
		if (pool[mf->stmt] == HTA_POOL_OUT)
			continue;
		for (int l = 0; l < HTA_LEVEL_COUNT && !rc; l++)
			if (((scored >> l) & 1) && mf->level[l].claimed)
				for (size_t k = 0; k < mf->level[l].n_artifacts && !rc; k++)
					if (intern(ev, &t, mf->level[l].artifacts[k]))
						rc = NOMEM(err);
	}
	if (!rc) {
		struct examine_job job = { .ev = ev };
		size_t n = ev->artifacts.n;
		rc = hta_par_for(hta_par_workers(n, EXAMINE_MIN_PER_WORKER), n, examine_one, &job,
				 NULL, err);
		for (unsigned k = 0; k < HTA_PAR_MAX_WORKERS; k++) {
			hta_arena_adopt(&ev->arena, &job.arena[k]);
			hta_free(job.memo[k].dirs);
		}
	}
	for (size_t i = 0; i < ev->n_manifests && !rc; i++) {
		struct hta_manifest *mf = &ev->manifests[i];
		long s = mf->stmt;
		const struct hta_statement *st = &cat->stmts[s];
		if (pool[s] == HTA_POOL_OUT) {
			if (hta_evidence_finding(ev, s, mf->path, mf->line, HTA_FIND_OUT_OF_SCOPE,
						 "%s is not in this run's scope (tier, factors or "
						 "add-ons); the manifest was checked and ignored", st->id))
				rc = NOMEM(err);
			continue;
		}
		if ((rc = manifest_rules(ev, st, mf, s, as_of, err)))
			break;
		for (int l = 0; l < HTA_LEVEL_COUNT && !rc; l++)
			if (((scored >> l) & 1) && mf->level[l].claimed)
				rc = check_claim(ev, cat, &t, mf, s, l, as_of, err);
		/* Rule 3 holds for the statement: a chain's union is capped below. */
		if (!rc && ev->by_stmt[s] == mf && !mf->next)
			rc = hta_manifest_cap_managed(ev, mf, scored, err);
	}
	for (size_t s = 0; s < cat->n_stmts && !rc; s++) {
		struct hta_manifest *first = ev->by_stmt[s], *m;
		if (!first || !first->next || pool[s] == HTA_POOL_OUT)
			continue;
		if (!(m = merge_chain(ev, first))) {
			rc = NOMEM(err);
			break;
		}
		ev->by_stmt[s] = m;
		rc = hta_manifest_cap_managed(ev, m, scored, err);
	}
	for (size_t s = 0; s < cat->n_stmts && !rc; s++)
		if (pool[s] != HTA_POOL_OUT && !ev->by_stmt[s] &&
		    hta_evidence_finding(ev, (long)s, NULL, 0, HTA_FIND_NO_EVIDENCE,
					 "no evidence manifest for %s; it scores 0", cat->stmts[s].id))
			rc = NOMEM(err);
	hta_free(t.slot);
	return rc;
}
