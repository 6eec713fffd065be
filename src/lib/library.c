/*
 * library.c — documents.yaml, the evidence library (see hta/library.h).
 */
#include "hta/doc.h"
#include "hta/library.h"
#include "hta/manifest.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <yaml.h>

#define NOMEM(err) hta_err_set((err), HTA_ENOMEM, "out of memory")

static bool valid_id(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-'))
			return false;
	return true;
}

/*
 * One documents.yaml read. Like the manifest reader (manifest.c), it reads
 * on past a bad value so that every error of the file is reported: each
 * error goes to `l` (when given) in file order, the first stays in
 * `first`. Only running out of memory stops the read.
 */
struct lrd {
	struct hta_library *lib;
	const struct hta_doc *d;
	struct hta_errlist *l;
	struct hta_err first;
	struct hta_err e; /* the part being read */
};

/* The part just read failed with r->e (when `rc`): keep its error
 * (hta_errlist_keep). HTA_ENOMEM when the read must stop, else 0. */
static int kept(struct lrd *r, int rc)
{
	return rc ? hta_errlist_keep(r->l, &r->first, &r->e) : 0;
}

/* A document's id: present, [a-z0-9-]+. */
static int read_id(struct lrd *r, const struct hta_node *n, struct hta_document *doc)
{
	const struct hta_node *v = hta_map_get(n, "id");
	const char *s;
	if (!v)
		return hta_node_err(r->d, n, &r->e, "document needs an 'id'");
	if (hta_node_str(r->d, v, "document id", &s, &r->e))
		return HTA_EINVAL;
	if (!valid_id(s))
		return hta_node_err(r->d, v, &r->e,
				    "document id must be lowercase letters, digits and '-', not '%s'",
				    hta_shown(s));
	if (!(doc->id = hta_arena_strdup(&r->lib->arena, s)))
		return NOMEM(&r->e);
	return 0;
}

/* A document's path: present, a non-empty string. */
static int read_path(struct lrd *r, const struct hta_node *n, struct hta_document *doc)
{
	const struct hta_node *v = hta_map_get(n, "path");
	const char *s;
	if (!v)
		return hta_node_err(r->d, n, &r->e, "document '%s' needs a 'path' (an artifact under "
				    "the evidence root)", doc->id ? doc->id : "");
	if (hta_node_str(r->d, v, "document path", &s, &r->e))
		return HTA_EINVAL;
	if (!(doc->path = hta_arena_strdup(&r->lib->arena, s)))
		return NOMEM(&r->e);
	doc->path_line = v->line;
	return 0;
}

/* A document's optional date `key`. */
static int read_date(struct lrd *r, const struct hta_node *n, const char *key, int *out,
		     bool *has, unsigned *line)
{
	const struct hta_node *v = hta_map_get(n, key);
	if (!v)
		return 0;
	if (hta_node_date(r->d, v, key, out, &r->e))
		return HTA_EINVAL;
	*has = true;
	*line = v->line;
	return 0;
}

/* One entry of `documents:`, each of its errors kept. HTA_ENOMEM or 0
 * (doc->id NULL when the id is bad). */
static int read_doc(struct lrd *r, const struct hta_node *n, struct hta_document *doc)
{
	static const char *const keys[] = { "id", "path", "reviewed", "effective", "owner", NULL };
	const struct hta_node *v;
	const char *s;
	if (!n || n->kind != HTA_NODE_MAP)
		return kept(r, hta_node_err(r->d, n, &r->e,
					    "document must be a mapping of keys to values"));
	for (size_t i = 0; i < n->n; i++) {
		const struct hta_node *k = n->items[2 * i];
		const char *const *a = keys;
		while (*a && strcmp(*a, k->s) != 0)
			a++;
		if (!*a && kept(r, hta_node_err(r->d, k, &r->e, "unknown key '%s' in document",
						hta_shown(k->s))))
			return HTA_ENOMEM;
	}
	doc->line = n->line;
	if (kept(r, read_id(r, n, doc)) || kept(r, read_path(r, n, doc)))
		return HTA_ENOMEM;
	if ((v = hta_map_get(n, "owner"))) {
		int rc = hta_node_str(r->d, v, "owner", &s, &r->e);
		if (!rc && !(doc->owner = hta_arena_strdup(&r->lib->arena, s)))
			rc = NOMEM(&r->e);
		if (kept(r, rc))
			return HTA_ENOMEM;
	}
	if (kept(r, read_date(r, n, "reviewed", &doc->reviewed, &doc->has_reviewed,
			      &doc->reviewed_line)) ||
	    kept(r, read_date(r, n, "effective", &doc->effective, &doc->has_effective,
			      &doc->effective_line)))
		return HTA_ENOMEM;
	return 0;
}

/* The `documents:` list: every entry read, a repeated id an error. */
static int read_docs(struct lrd *r, const struct hta_node *v)
{
	struct hta_library *lib = r->lib;
	if (hta_seq_check(r->d, v, "documents", &r->e))
		return kept(r, HTA_EINVAL);
	if (!(lib->docs = hta_arena_array(&lib->arena, v->n ? v->n : 1, sizeof(*lib->docs))))
		return kept(r, NOMEM(&r->e));
	for (size_t i = 0; i < v->n; i++) {
		if (read_doc(r, v->items[i], &lib->docs[i]))
			return HTA_ENOMEM;
		/* A library is a few hundred documents at most: a linear check. */
		for (size_t k = 0; k < i && lib->docs[i].id; k++)
			if (lib->docs[k].id && strcmp(lib->docs[k].id, lib->docs[i].id) == 0 &&
			    kept(r, hta_node_err(r->d, hta_map_get(v->items[i], "id"), &r->e,
						 "document id '%s' repeats line %u",
						 lib->docs[i].id, lib->docs[k].line)))
				return HTA_ENOMEM;
		lib->n = i + 1;
	}
	return 0;
}

int hta_library_load_all(struct hta_library *lib, const char *root, struct hta_errlist *l,
			 struct hta_err *err)
{
	static const char *const keys[] = { "documents", NULL };
	char path[PATH_MAX];
	struct stat st;
	struct hta_doc d;
	int rc;
	memset(lib, 0, sizeof(*lib));
	if ((size_t)snprintf(path, sizeof(path), "%s/%s", root, HTA_LIBRARY_FILE) >= sizeof(path))
		return hta_err_at(err, HTA_EIO, root, 0, 0, "path too long");
	if (lstat(path, &st) < 0) {
		if (errno == ENOENT)
			return 0;
		return hta_err_at(err, HTA_EIO, HTA_LIBRARY_FILE, 0, 0, "cannot read: %s",
				  strerror(errno));
	}
	lib->present = true;
	if ((rc = hta_doc_load(&d, path, HTA_LIBRARY_FILE, HTA_DOC_NOFOLLOW, &hta_doc_limits_small,
			       err))) {
		if (l && rc == HTA_EINVAL && hta_errlist_add(l, err->msg))
			rc = NOMEM(err);
		return rc;
	}
	struct lrd r = { .lib = lib, .d = &d, .l = l };
	const struct hta_node *root_node = d.root, *v;
	/* an empty file, or no list: an empty library */
	if (root_node && !hta_node_is_null(root_node) &&
	    !kept(&r, hta_map_check(&d, root_node, "documents.yaml", keys, &r.e)) &&
	    root_node->kind == HTA_NODE_MAP && (v = hta_map_get(root_node, "documents")) &&
	    !hta_node_is_null(v))
		read_docs(&r, v);
	hta_doc_free(&d);
	if ((rc = r.first.code)) {
		if (err)
			*err = r.first;
		hta_library_free(lib);
	}
	return rc;
}

int hta_library_load(struct hta_library *lib, const char *root, struct hta_err *err)
{
	return hta_library_load_all(lib, root, NULL, err);
}

const struct hta_document *hta_library_find(const struct hta_library *lib, const char *id)
{
	for (size_t i = 0; i < lib->n; i++)
		if (strcmp(lib->docs[i].id, id) == 0)
			return &lib->docs[i];
	return NULL;
}

void hta_library_free(struct hta_library *lib)
{
	hta_arena_free(&lib->arena);
	memset(lib, 0, sizeof(*lib));
}

void hta_library_dates(const struct hta_document *const *docs, size_t n,
		       const struct hta_document **date_doc,
		       const struct hta_document **eff_doc)
{
	*date_doc = *eff_doc = NULL;
	for (size_t i = 0; i < n; i++) {
		const struct hta_document *d = docs[i];
		if (d->has_reviewed && (!*date_doc || d->reviewed < (*date_doc)->reviewed))
			*date_doc = d;
		if (d->has_effective && (!*eff_doc || d->effective > (*eff_doc)->effective))
			*eff_doc = d;
	}
}

static int out_handler(void *ctx, unsigned char *buf, size_t size)
{
	struct hta_buf *b = ctx;
	hta_buf_add(b, (const char *)buf, size);
	return !b->failed;
}

int hta_library_skeleton(struct hta_buf *out)
{
	static const char *const head =
		"documents.yaml — the evidence library (hitrust-assess-evidence(5)).\n"
		"Declare each document once; a manifest's level names it with\n"
		"'documents: [id]' beside or instead of 'artifacts'. A named document\n"
		"counts as one of the level's artifacts, and when the level gives no\n"
		"date of its own, the document's 'reviewed' stands for it (for\n"
		"'reviewed' and 'tested' alike) and its 'effective' for 'effective'.\n"
		"\n"
		"documents:\n"
		"  - id: access-control-policy          # [a-z0-9-]+, unique\n"
		"    path: policies/access-control.pdf  # an artifact, under the root\n"
		"    reviewed: 2026-05-02               # optional; last approval or review\n"
		"    effective: 2024-01-10              # optional\n"
		"    owner: ciso@example.com            # optional";
	yaml_emitter_t e;
	yaml_event_t ev;
	int ok = 1;
	hta_alloc_hook_libraries();
	hta_yaml_comment(out, head, 0);
	if (!yaml_emitter_initialize(&e))
		return HTA_ENOMEM;
	yaml_emitter_set_output(&e, out_handler, out);
	yaml_emitter_set_unicode(&e, 1);
	yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING);
	ok = ok && yaml_emitter_emit(&e, &ev);
	yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1);
	ok = ok && yaml_emitter_emit(&e, &ev);
	yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1, YAML_BLOCK_MAPPING_STYLE);
	ok = ok && yaml_emitter_emit(&e, &ev);
	yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)"documents", 9, 1, 0,
				     YAML_PLAIN_SCALAR_STYLE);
	ok = ok && yaml_emitter_emit(&e, &ev);
	yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1, YAML_FLOW_SEQUENCE_STYLE);
	ok = ok && yaml_emitter_emit(&e, &ev);
	yaml_sequence_end_event_initialize(&ev);
	ok = ok && yaml_emitter_emit(&e, &ev);
	yaml_mapping_end_event_initialize(&ev);
	ok = ok && yaml_emitter_emit(&e, &ev);
	yaml_document_end_event_initialize(&ev, 1);
	ok = ok && yaml_emitter_emit(&e, &ev);
	yaml_stream_end_event_initialize(&ev);
	ok = ok && yaml_emitter_emit(&e, &ev);
	yaml_emitter_delete(&e);
	return ok && !out->failed ? 0 : HTA_ENOMEM;
}
