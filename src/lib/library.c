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

static int read_doc(struct hta_library *lib, const struct hta_doc *d, const struct hta_node *n,
		    struct hta_document *doc, struct hta_err *err)
{
	static const char *const keys[] = { "id", "path", "reviewed", "effective", "owner", NULL };
	const struct hta_node *v;
	const char *s;
	if (hta_map_check(d, n, "document", keys, err))
		return HTA_EINVAL;
	doc->line = n->line;
	if (!(v = hta_map_get(n, "id")))
		return hta_node_err(d, n, err, "document needs an 'id'");
	if (hta_node_str(d, v, "document id", &s, err))
		return HTA_EINVAL;
	if (!valid_id(s))
		return hta_node_err(d, v, err,
				    "document id must be lowercase letters, digits and '-', not '%s'",
				    hta_shown(s));
	if (!(doc->id = hta_arena_strdup(&lib->arena, s)))
		return NOMEM(err);
	if (!(v = hta_map_get(n, "path")))
		return hta_node_err(d, n, err, "document '%s' needs a 'path' (an artifact under the "
				    "evidence root)", doc->id);
	if (hta_node_str(d, v, "document path", &s, err))
		return HTA_EINVAL;
	if (!(doc->path = hta_arena_strdup(&lib->arena, s)))
		return NOMEM(err);
	doc->path_line = v->line;
	if ((v = hta_map_get(n, "owner"))) {
		if (hta_node_str(d, v, "owner", &s, err))
			return HTA_EINVAL;
		if (!(doc->owner = hta_arena_strdup(&lib->arena, s)))
			return NOMEM(err);
	}
	if ((v = hta_map_get(n, "reviewed"))) {
		if (hta_node_date(d, v, "reviewed", &doc->reviewed, err))
			return HTA_EINVAL;
		doc->has_reviewed = true;
		doc->reviewed_line = v->line;
	}
	if ((v = hta_map_get(n, "effective"))) {
		if (hta_node_date(d, v, "effective", &doc->effective, err))
			return HTA_EINVAL;
		doc->has_effective = true;
		doc->effective_line = v->line;
	}
	return 0;
}

int hta_library_load(struct hta_library *lib, const char *root, struct hta_err *err)
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
			       err)))
		return rc;
	const struct hta_node *r = d.root, *v;
	rc = HTA_EINVAL;
	if (!r || hta_node_is_null(r)) { /* an empty file: an empty library */
		rc = 0;
		goto done;
	}
	if (hta_map_check(&d, r, "documents.yaml", keys, err))
		goto done;
	if (!(v = hta_map_get(r, "documents")) || hta_node_is_null(v)) {
		rc = 0;
		goto done;
	}
	if (hta_seq_check(&d, v, "documents", err))
		goto done;
	if (!(lib->docs = hta_arena_array(&lib->arena, v->n ? v->n : 1, sizeof(*lib->docs)))) {
		rc = NOMEM(err);
		goto done;
	}
	for (size_t i = 0; i < v->n; i++) {
		if ((rc = read_doc(lib, &d, v->items[i], &lib->docs[i], err)))
			goto done;
		/* A library is a few hundred documents at most: a linear check. */
		for (size_t k = 0; k < i; k++)
			if (strcmp(lib->docs[k].id, lib->docs[i].id) == 0) {
				const struct hta_node *id = hta_map_get(v->items[i], "id");
				rc = hta_node_err(&d, id, err, "document id '%s' repeats line %u",
						  lib->docs[i].id, lib->docs[k].line);
				goto done;
			}
		lib->n = i + 1;
	}
	rc = 0;
done:
	hta_doc_free(&d);
	if (rc)
		hta_library_free(lib);
	return rc;
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
