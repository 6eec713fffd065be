/*
 * manifest.c — a manifest's syntax, both ways (see hta/manifest.h): the
 * strict reader over a parsed document, and the writer over libyaml's
 * emitter, with the comment header and the atomic file write.
 *
 * Strings are written plain only when no YAML reader could take them for
 * anything but a string (a letter first, then letters, digits and . _ / @
 * + -, and not a YAML 1.1 boolean or null word); everything else is
 * double-quoted, which libyaml escapes completely (quotes, line breaks,
 * control characters, NEL, U+2028/9, the BOM). So "yes", "null", "0123",
 * "# not a comment" and "key: value" come back as the strings they were.
 */
#include "hta/date.h"
#include "hta/evidence.h"
#include "hta/manifest.h"
#include "yaml_emit_int.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

#define NOMEM(err) hta_err_set((err), HTA_ENOMEM, "out of memory")

/* ---- reading ---- */

/*
 * One manifest read. The reader goes on after a bad value, so that every
 * error of the file is reported, not just the first: each error is added
 * to `l` (when given) in the order read, and the first stays in `first`,
 * the read's answer. Only running out of memory stops the read.
 */
struct rd {
	struct hta_arena *A;
	const struct hta_doc *d;
	struct hta_errlist *l;
	struct hta_err first;
	struct hta_err e; /* the part being read */
};

/* The part just read failed with r->e: keep its error (hta_errlist_keep).
 * HTA_ENOMEM when the read must stop, else 0. */
static int keep(struct rd *r)
{
	return hta_errlist_keep(r->l, &r->first, &r->e);
}

/* Like hta_map_check(), keeping an error for every unknown key. Returns
 * HTA_EINVAL when `n` is not a mapping (nothing more to read in it),
 * HTA_ENOMEM, or 0 (unknown keys kept, the known ones still to read). */
static int check_keys(struct rd *r, const struct hta_node *n, const char *what,
		      const char *const *allowed)
{
	if (!n || n->kind != HTA_NODE_MAP) {
		hta_node_err(r->d, n, &r->e, "%s must be a mapping of keys to values", what);
		return keep(r) ? HTA_ENOMEM : HTA_EINVAL;
	}
	for (size_t i = 0; i < n->n; i++) {
		const struct hta_node *k = n->items[2 * i];
		const char *const *a = allowed;
		while (*a && strcmp(*a, k->s) != 0)
			a++;
		if (!*a) {
			hta_node_err(r->d, k, &r->e, "unknown key '%s' in %s", hta_shown(k->s), what);
			if (keep(r))
				return HTA_ENOMEM;
		}
	}
	return 0;
}

static struct hta_pos pos_of(const struct hta_node *n)
{
	struct hta_pos p = { n ? n->line : 0, n ? n->col : 0 };
	return p;
}

static int copy_str(struct hta_arena *A, const struct hta_doc *d, const struct hta_node *n,
		    const char *what, const char **out, struct hta_err *err)
{
	const char *s;
	if (hta_node_str(d, n, what, &s, err))
		return HTA_EINVAL;
	if (!(*out = hta_arena_strdup(A, s)))
		return NOMEM(err);
	return 0;
}

/* A list of strings (`artifacts`, `documents`): null or [a, b]. */
static int read_list(struct hta_arena *A, const struct hta_doc *d, const struct hta_node *v,
		     const char *what, const char *item, const char ***out,
		     struct hta_pos **pos, size_t *n, struct hta_err *err)
{
	if (v->kind == HTA_NODE_SCALAR && !hta_node_is_null(v))
		return hta_node_err(d, v, err, "%s must be a list: [%s, ...]", what,
				    strcmp(what, "artifacts") == 0 ? "path" : "id");
	if (hta_node_is_null(v))
		return 0;
	if (hta_seq_check(d, v, what, err))
		return HTA_EINVAL;
	*out = hta_arena_array(A, v->n ? v->n : 1, sizeof(**out));
	*pos = hta_arena_array(A, v->n ? v->n : 1, sizeof(**pos));
	if (!*out || !*pos)
		return NOMEM(err);
	for (size_t i = 0; i < v->n; i++) {
		if (copy_str(A, d, v->items[i], item, &(*out)[i], err))
			return err->code;
		(*pos)[i] = pos_of(v->items[i]);
	}
	*n = v->n;
	return 0;
}

/* The rating or the coverage of a claimed level `m`. */
static int read_result(struct rd *r, const struct hta_node *m, const char *lname,
		       struct hta_level_desc *c)
{
	const struct hta_node *rt = hta_map_get(m, "rating"), *cv = hta_map_get(m, "coverage");
	if (rt && cv)
		return hta_node_err(r->d, cv, &r->e, "%s has both rating and coverage: give one",
				    lname);
	if (!rt && !cv)
		return hta_node_err(r->d, m, &r->e,
				    "%s needs a rating (FC MC PC SC NC) or a coverage percent", lname);
	if (rt) {
		if (copy_str(r->A, r->d, rt, "rating", &c->rating, &r->e))
			return r->e.code;
		if (hta_rating_parse(c->rating) < 0)
			return hta_node_err(r->d, rt, &r->e,
					    "rating must be FC, MC, PC, SC or NC (or fully, mostly, "
					    "partially, somewhat, non-compliant), not '%s'", c->rating);
		c->rating_pos = pos_of(rt);
		return 0;
	}
	long long h;
	if (hta_node_coverage(r->d, cv, "coverage", &h, &r->e))
		return HTA_EINVAL;
	c->has_coverage = true;
	c->coverage_h = (int)h;
	c->rating_pos = pos_of(cv);
	return 0;
}

/* One date of a level (`reviewed`/`tested`, or `effective`), when given. */
static int read_date(struct rd *r, const struct hta_node *m, const char *key, int *out,
		     bool *has, struct hta_pos *pos)
{
	const struct hta_node *v = hta_map_get(m, key);
	if (!v)
		return 0;
	if (hta_node_date(r->d, v, key, out, &r->e))
		return HTA_EINVAL;
	*has = true;
	*pos = pos_of(v);
	return 0;
}

/* A claimed level: each of its parts read, and each bad one kept. */
static int read_level(struct rd *r, const struct hta_node *m, int lvl, struct hta_level_desc *c)
{
	static const char *const keys_pp[] = { "rating", "coverage", "artifacts", "documents",
					       "reviewed", "effective", NULL };
	static const char *const keys_im[] = { "rating", "coverage", "artifacts", "documents",
					       "tested", "effective", NULL };
	bool pp = lvl == HTA_POLICY || lvl == HTA_PROCEDURE;
	const char *lname = hta_level_name((enum hta_level)lvl);
	const struct hta_node *v;
	int rc;
	if (hta_node_is_null(m))
		return 0;
	if ((rc = check_keys(r, m, lname, pp ? keys_pp : keys_im)))
		return rc == HTA_ENOMEM ? rc : 0;
	if (m->n == 0)
		return 0;
	c->claimed = true;
	c->pos = pos_of(m);
	if (read_result(r, m, lname, c) && keep(r))
		return HTA_ENOMEM;
	if ((v = hta_map_get(m, "artifacts")) &&
	    read_list(r->A, r->d, v, "artifacts", "artifact path", &c->artifacts, &c->artifact_pos,
		      &c->n_artifacts, &r->e) && keep(r))
		return HTA_ENOMEM;
	if ((v = hta_map_get(m, "documents")) &&
	    read_list(r->A, r->d, v, "documents", "document id", &c->documents, &c->document_pos,
		      &c->n_documents, &r->e) && keep(r))
		return HTA_ENOMEM;
	if (read_date(r, m, pp ? "reviewed" : "tested", &c->date, &c->has_date, &c->date_pos) &&
	    keep(r))
		return HTA_ENOMEM;
	if (read_date(r, m, "effective", &c->effective, &c->has_effective, &c->effective_pos) &&
	    keep(r))
		return HTA_ENOMEM;
	return 0;
}

static int read_inherited(struct rd *r, struct hta_manifest_desc *m, const struct hta_node *v)
{
	static const char *const ikeys[] = { "provider", "weight", NULL };
	const struct hta_node *p, *w;
	long long x;
	int rc = check_keys(r, v, "inherited", ikeys);
	if (rc)
		return rc == HTA_ENOMEM ? rc : 0;
	if (!(p = hta_map_get(v, "provider")) || !(w = hta_map_get(v, "weight"))) {
		hta_node_err(r->d, v, &r->e, "inherited needs provider and weight");
		return keep(r);
	}
	if (copy_str(r->A, r->d, p, "provider", &m->provider, &r->e))
		return keep(r);
	if (hta_node_int(r->d, w, "weight", 0, 100, &x, &r->e)) {
		m->provider = NULL; /* no half-read inheritance */
		return keep(r);
	}
	m->weight = (int)x;
	m->inherited_pos = pos_of(v);
	m->provider_pos = pos_of(p);
	m->weight_pos = pos_of(w);
	return 0;
}

static int read_waiver(struct rd *r, struct hta_manifest_desc *m, const struct hta_node *v)
{
	static const char *const wkeys[] = { "reason", "expires", NULL };
	const struct hta_node *e = hta_map_get(v, "expires"), *why = hta_map_get(v, "reason");
	int rc = check_keys(r, v, "waiver", wkeys);
	bool ok = true;
	if (rc)
		return rc == HTA_ENOMEM ? rc : 0;
	if (!why) {
		hta_node_err(r->d, v, &r->e, "waiver needs a reason");
		ok = false;
		if (keep(r))
			return HTA_ENOMEM;
	} else if (copy_str(r->A, r->d, why, "waiver reason", &m->waiver_reason, &r->e)) {
		ok = false;
		if (keep(r))
			return HTA_ENOMEM;
	}
	if (!e) {
		hta_node_err(r->d, v, &r->e, "waiver needs an expires date");
		return keep(r);
	}
	if (hta_node_date(r->d, e, "expires", &m->waiver_expires, &r->e))
		return keep(r);
	m->has_waiver = ok;
	m->waiver_pos = pos_of(v);
	m->expires_pos = pos_of(e);
	return 0;
}

/* `not_applicable`: the reason, as text (not a boolean). */
static int read_na(struct rd *r, struct hta_manifest_desc *m, const struct hta_node *v)
{
	if (v->kind != HTA_NODE_SCALAR ||
	    (v->plain && (strcasecmp(v->s, "true") == 0 || strcasecmp(v->s, "false") == 0)))
		return hta_node_err(r->d, v, &r->e, "not_applicable takes the reason, as text");
	if (copy_str(r->A, r->d, v, "not_applicable reason", &m->not_applicable, &r->e))
		return r->e.code;
	m->na_pos = pos_of(v);
	return 0;
}

/* The manifest's top-level fields; each bad one is kept and the read goes
 * on. HTA_ENOMEM or 0 (r->first tells whether anything was wrong). */
static int read_fields(struct rd *r, struct hta_manifest_desc *m, const struct hta_node *root)
{
	const struct hta_node *v;
	if ((v = hta_map_get(root, "requirement"))) {
		if (copy_str(r->A, r->d, v, "requirement", &m->requirement, &r->e) && keep(r))
			return HTA_ENOMEM;
		m->requirement_pos = pos_of(v);
	} else {
		hta_node_err(r->d, root, &r->e, "manifest needs 'requirement: ID'");
		if (keep(r))
			return HTA_ENOMEM;
	}
	if ((v = hta_map_get(root, "owner"))) {
		if (copy_str(r->A, r->d, v, "owner", &m->owner, &r->e) && keep(r))
			return HTA_ENOMEM;
		m->owner_pos = pos_of(v);
	}
	if ((v = hta_map_get(root, "notes"))) {
		if (copy_str(r->A, r->d, v, "notes", &m->notes, &r->e) && keep(r))
			return HTA_ENOMEM;
		m->notes_pos = pos_of(v);
	}
	if ((v = hta_map_get(root, "not_applicable")) && read_na(r, m, v) && keep(r))
		return HTA_ENOMEM;
	if ((v = hta_map_get(root, "inherited")) && read_inherited(r, m, v))
		return HTA_ENOMEM;
	if ((v = hta_map_get(root, "waiver")) && read_waiver(r, m, v))
		return HTA_ENOMEM;
	for (int l = 0; l < HTA_LEVEL_COUNT; l++)
		if ((v = hta_map_get(root, hta_level_name((enum hta_level)l))) &&
		    read_level(r, v, l, &m->level[l]))
			return HTA_ENOMEM;
	return 0;
}

int hta_manifest_read_all(struct hta_manifest_desc *m, struct hta_arena *A,
			  const struct hta_doc *d, struct hta_errlist *l, struct hta_err *err)
{
	static const char *const keys[] = { "requirement", "owner", "not_applicable", "inherited",
					    "waiver", "policy", "procedure", "implemented",
					    "measured", "managed", "notes", NULL };
	const struct hta_node *root = d->root;
	struct rd r = { .A = A, .d = d, .l = l };
	memset(m, 0, sizeof(*m));
	if (!root) {
		hta_err_at(&r.e, HTA_EINVAL, d->file, 1, 1,
			   "empty manifest: it needs at least 'requirement:'");
		keep(&r);
	} else if (!check_keys(&r, root, "manifest", keys)) {
		m->pos = pos_of(root);
		read_fields(&r, m, root);
	}
	if (r.first.code && err)
		*err = r.first;
	return r.first.code;
}

int hta_manifest_read(struct hta_manifest_desc *m, struct hta_arena *A,
		      const struct hta_doc *d, struct hta_err *err)
{
	return hta_manifest_read_all(m, A, d, NULL, err);
}

/* ---- comments ---- */

/*
 * The length of the valid UTF-8 sequence at s (at most `n` bytes), or 0
 * when the bytes there are not one: overlong forms, surrogates and code
 * points past U+10FFFF are refused, as libyaml's reader refuses them.
 * *cp gets the code point.
 */
static size_t utf8_len(const unsigned char *s, size_t n, unsigned *cp)
{
	unsigned c = s[0], need, min;
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if ((c & 0xe0) == 0xc0) {
		need = 1, min = 0x80, c &= 0x1f;
	} else if ((c & 0xf0) == 0xe0) {
		need = 2, min = 0x800, c &= 0x0f;
	} else if ((c & 0xf8) == 0xf0) {
		need = 3, min = 0x10000, c &= 0x07;
	} else {
		return 0;
	}
	if (n < need + 1)
		return 0;
	for (unsigned i = 1; i <= need; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return need + 1;
}

/* Write one sanitised line `s` (n bytes, no break in it) wrapped at `width`. */
static void comment_line(struct hta_buf *out, const char *s, size_t n, unsigned width)
{
	size_t indent = 0;
	while (indent < n && s[indent] == ' ')
		indent++;
	while (n && s[n - 1] == ' ')
		n--;
	if (indent >= n) {
		hta_buf_puts(out, "#\n");
		return;
	}
	size_t at = indent;
	while (at < n) {
		size_t room = width > indent + 12 ? width - 2 - indent : (size_t)-1;
		size_t len = n - at, cut = len;
		if (len > room) {
			cut = room;
			while (cut > 0 && s[at + cut] != ' ')
				cut--;
			if (cut == 0) { /* one long word: cut it, not inside a character */
				cut = room;
				while (cut > 0 && ((unsigned char)s[at + cut] & 0xc0) == 0x80)
					cut--;
				if (cut == 0)
					cut = len;
			}
		}
		size_t seg = cut;
		while (seg && s[at + seg - 1] == ' ')
			seg--;
		hta_buf_puts(out, "# ");
		for (size_t i = 0; i < indent; i++)
			hta_buf_add(out, " ", 1);
		hta_buf_add(out, s + at, seg);
		hta_buf_add(out, "\n", 1);
		at += cut;
		while (at < n && s[at] == ' ')
			at++;
	}
}

void hta_yaml_comment(struct hta_buf *out, const char *text, unsigned width)
{
	struct hta_buf line = HTA_BUF_INIT;
	const unsigned char *s = (const unsigned char *)(text ? text : "");
	size_t n = strlen((const char *)s);
	for (size_t i = 0; i <= n;) {
		unsigned cp = 0;
		size_t k = i < n ? utf8_len(s + i, n - i, &cp) : 0;
		bool brk = i == n || cp == '\n' || cp == '\r' || cp == 0x85 || cp == 0x2028 ||
			   cp == 0x2029;
		if (brk && k) {
			if (cp == '\r' && i + 1 < n && s[i + 1] == '\n')
				k = 2; /* CRLF is one break */
		}
		if (brk) {
			comment_line(out, line.s ? line.s : "", line.len, width);
			line.len = 0;
			if (i == n)
				break;
			i += k;
			continue;
		}
		if (!k) {
			hta_buf_add(&line, "?", 1);
			i++;
		} else if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0) || cp == 0xfeff ||
			   cp == 0xfffe || cp == 0xffff) {
			/* not printable for YAML (nor a byte-order mark): the
			 * reader would refuse the file, comment or not */
			hta_buf_add(&line, " ", 1);
			i += k;
		} else {
			hta_buf_add(&line, (const char *)s + i, k);
			i += k;
		}
	}
	if (line.failed)
		out->failed = 1;
	hta_buf_free(&line);
}

/* ---- writing ---- */

static int emit_level(struct hta_ye *x, int l, const struct hta_level_desc *c)
{
	const char *ln = hta_level_name((enum hta_level)l);
	bool pp = l == HTA_POLICY || l == HTA_PROCEDURE;
	char num[32];
	if (!c->claimed)
		return 0;
	if (!!c->rating == c->has_coverage)
		return x->rc = hta_err_set(x->err, HTA_EINVAL,
					   "%s: give a rating or a coverage (exactly one)", ln);
	hta_ye_key(x, ln);
	hta_ye_map_start(x, false);
	if (c->rating) {
		if (hta_rating_parse(c->rating) < 0)
			return x->rc = hta_err_set(x->err, HTA_EINVAL,
						   "%s: rating must be FC, MC, PC, SC or NC, not '%.40s'",
						   ln, c->rating);
		hta_ye_key(x, "rating");
		hta_ye_scalar(x, c->rating, true);
	} else {
		if (c->coverage_h < 0 || c->coverage_h > 10000)
			return x->rc = hta_err_set(x->err, HTA_EINVAL,
						   "%s: coverage must be 0..100", ln);
		if (c->coverage_h % 100 == 0)
			snprintf(num, sizeof(num), "%d", c->coverage_h / 100);
		else if (c->coverage_h % 10 == 0)
			snprintf(num, sizeof(num), "%d.%d", c->coverage_h / 100,
				 c->coverage_h % 100 / 10);
		else
			snprintf(num, sizeof(num), "%d.%02d", c->coverage_h / 100,
				 c->coverage_h % 100);
		hta_ye_key(x, "coverage");
		hta_ye_scalar(x, num, true);
	}
	hta_ye_list(x, "artifacts", "artifact path", c->artifacts, c->n_artifacts);
	hta_ye_list(x, "documents", "document id", c->documents, c->n_documents);
	if (c->has_date) {
		hta_ye_key(x, pp ? "reviewed" : "tested");
		hta_ye_date(x, c->date);
	}
	if (c->has_effective) {
		hta_ye_key(x, "effective");
		hta_ye_date(x, c->effective);
	}
	return hta_ye_map_end(x);
}

static int emit_doc(struct hta_ye *x, const struct hta_manifest_desc *m)
{
	char num[16];
	hta_ye_map_start(x, false);
	hta_ye_key(x, "requirement");
	hta_ye_text(x, "requirement", m->requirement);
	if (m->owner) {
		hta_ye_key(x, "owner");
		hta_ye_text(x, "owner", m->owner);
	}
	if (m->not_applicable) {
		hta_ye_key(x, "not_applicable");
		hta_ye_text(x, "not_applicable", m->not_applicable);
	}
	if (m->provider && (m->weight < 0 || m->weight > 100) && !x->rc)
		x->rc = hta_err_set(x->err, HTA_EINVAL, "inherited weight must be 0..100");
	if (m->provider) {
		hta_ye_key(x, "inherited");
		hta_ye_map_start(x, false);
		hta_ye_key(x, "provider");
		hta_ye_text(x, "provider", m->provider);
		hta_ye_key(x, "weight");
		snprintf(num, sizeof(num), "%d", m->weight);
		hta_ye_scalar(x, num, true);
		hta_ye_map_end(x);
	}
	if (m->has_waiver) {
		hta_ye_key(x, "waiver");
		hta_ye_map_start(x, false);
		hta_ye_key(x, "reason");
		hta_ye_text(x, "waiver reason", m->waiver_reason);
		hta_ye_key(x, "expires");
		hta_ye_date(x, m->waiver_expires);
		hta_ye_map_end(x);
	}
	for (int l = 0; l < HTA_LEVEL_COUNT && !x->rc; l++)
		emit_level(x, l, &m->level[l]);
	if (m->notes) {
		hta_ye_key(x, "notes");
		hta_ye_text(x, "notes", m->notes);
	}
	return hta_ye_map_end(x);
}

int hta_manifest_emit(struct hta_buf *out, const struct hta_manifest_desc *m,
		      struct hta_err *err)
{
	struct hta_ye x;
	size_t start = out->len;
	for (size_t i = 0; i < m->n_comments; i++)
		hta_yaml_comment(out, m->comments[i], 78);
	if (out->failed)
		return NOMEM(err);
	if (hta_ye_begin(&x, out, "manifest", err))
		return x.rc;
	emit_doc(&x, m);
	hta_ye_end(&x);
	if (!x.rc && x.nodes > hta_doc_limits_small.max_nodes)
		x.rc = hta_err_set(err, HTA_EINVAL, "manifest has too many values (limit %zu)",
				   hta_doc_limits_small.max_nodes);
	if (!x.rc && out->len - start > hta_doc_limits_small.max_bytes)
		x.rc = hta_err_set(err, HTA_EINVAL, "manifest is too large (%zu bytes, limit %zu)",
				   out->len - start, hta_doc_limits_small.max_bytes);
	if (x.rc && !out->failed)
		out->len = start; /* nothing half-written */
	return x.rc;
}

/* ---- files ---- */

static int write_all(int fd, const void *data, size_t len)
{
	const char *p = data;
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

/* fsync the directory holding `path`, so a rename or link survives a crash. */
static void sync_dir(const char *path)
{
	char dir[PATH_MAX];
	const char *sl = strrchr(path, '/');
	if (!sl)
		snprintf(dir, sizeof(dir), ".");
	else if ((size_t)snprintf(dir, sizeof(dir), "%.*s", (int)(sl != path ? sl - path : 1),
				  path) >= sizeof(dir))
		return;
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
}

int hta_write_file(const char *path, const void *data, size_t len, unsigned flags,
		   bool *written, struct hta_err *err)
{
	char tmp[PATH_MAX];
	if (written)
		*written = false;
	const char *sl = strrchr(path, '/');
	/* "<dir>/.<name>.tmp-XXXXXX": hidden, and no manifest pattern matches. */
	if ((size_t)snprintf(tmp, sizeof(tmp), "%.*s.%s.tmp-XXXXXX",
			     (int)(sl ? sl + 1 - path : 0), path, sl ? sl + 1 : path) >= sizeof(tmp))
		return hta_err_at(err, HTA_EIO, path, 0, 0, "path too long");
	if (flags & HTA_WRITE_KEEP) {
		struct stat st;
		if (lstat(path, &st) == 0)
			return 0;
	}
	int fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0)
		return hta_err_at(err, HTA_EIO, path, 0, 0, "cannot create: %s", strerror(errno));
	int e = 0;
	if (fchmod(fd, 0644) < 0 || write_all(fd, data, len) < 0 ||
	    (!(flags & HTA_WRITE_NOSYNC) && fsync(fd) < 0))
		e = errno;
	if (close(fd) < 0 && !e)
		e = errno;
	if (e) {
		unlink(tmp);
		return hta_err_at(err, HTA_EIO, path, 0, 0, "cannot write: %s", strerror(e));
	}
	if (flags & HTA_WRITE_KEEP) {
		if (link(tmp, path) < 0) {
			e = errno;
			unlink(tmp);
			if (e == EEXIST)
				return 0;
			return hta_err_at(err, HTA_EIO, path, 0, 0, "cannot create: %s",
					  strerror(e));
		}
		unlink(tmp);
	} else if (rename(tmp, path) < 0) {
		e = errno;
		unlink(tmp);
		return hta_err_at(err, HTA_EIO, path, 0, 0, "cannot write: %s", strerror(e));
	}
	if (!(flags & HTA_WRITE_NOSYNC))
		sync_dir(path);
	if (written)
		*written = true;
	return 0;
}

int hta_manifest_write_file(const char *path, const struct hta_manifest_desc *m,
			    unsigned flags, bool *written, struct hta_err *err)
{
	struct hta_buf b = HTA_BUF_INIT;
	char msg[HTA_ERR_MAX];
	int rc = hta_manifest_emit(&b, m, err);
	if (rc == HTA_EINVAL) {
		snprintf(msg, sizeof(msg), "%s", err->msg);
		rc = hta_err_at(err, HTA_EINVAL, path, 0, 0, "not written: %s", msg);
	}
	if (!rc)
		rc = hta_write_file(path, b.s ? b.s : "", b.len, flags, written, err);
	else if (written)
		*written = false;
	hta_buf_free(&b);
	return rc;
}
