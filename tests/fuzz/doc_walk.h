/*
 * doc_walk.h — the document harnesses' common body: parse the input with
 * hta_doc_parse() (YAML or JSON), then check the tree's invariants and run
 * every schema helper of hta/doc.h over every value, as the catalog,
 * scope and manifest readers do.
 */
#ifndef HTA_FUZZ_DOC_WALK_H
#define HTA_FUZZ_DOC_WALK_H

#include "fuzz.h"
#include "hta/doc.h"

static inline void walk(const struct hta_doc *d, const struct hta_node *n, unsigned depth,
		 const struct hta_doc_limits *lim, size_t *count)
{
	static const char *const allowed[] = { "requirement", "owner", "policy", "rating",
					       "coverage", "artifacts", NULL };
	struct hta_err err = { 0 };
	FUZZ_ASSERT(n && n->line >= 1 && n->col >= 1);
	/* depth counts the collections around a value, itself included */
	FUZZ_ASSERT(depth <= lim->max_depth + (n->kind == HTA_NODE_SCALAR));
	FUZZ_ASSERT(++*count <= lim->max_nodes);
	switch (n->kind) {
	case HTA_NODE_SCALAR: {
		FUZZ_ASSERT(n->s && strlen(n->s) == n->len && n->len <= lim->max_scalar);
		FUZZ_ASSERT(n->items == NULL && n->n == 0);
		const char *s;
		long long v;
		bool b;
		int day;
		if (hta_node_str(d, n, "value", &s, &err) == 0)
			FUZZ_ASSERT(s == n->s);
		if (hta_node_int(d, n, "value", -1000, 1000000, &v, &err) == 0)
			FUZZ_ASSERT(v >= -1000 && v <= 1000000);
		if (hta_node_hundredths(d, n, "value", 100, &v, &err) == 0)
			FUZZ_ASSERT(v >= 0 && v <= 10000);
		if (hta_node_bool(d, n, "value", &b, &err) == 0)
			FUZZ_ASSERT(n->plain);
		hta_node_date(d, n, "value", &day, &err);
		FUZZ_ASSERT(hta_node_is_null(n) == 0 || n->plain);
		break;
	}
	case HTA_NODE_MAP:
		FUZZ_ASSERT(n->n <= lim->max_items && (n->n == 0 || n->items));
		for (size_t i = 0; i < n->n; i++) {
			const struct hta_node *k = n->items[2 * i];
			FUZZ_ASSERT(k->kind == HTA_NODE_SCALAR);
			/* keys are unique: the first match is this one */
			FUZZ_ASSERT(hta_map_get(n, k->s) == n->items[2 * i + 1]);
			walk(d, k, depth + 1, lim, count);
			walk(d, n->items[2 * i + 1], depth + 1, lim, count);
		}
		hta_map_check(d, n, "mapping", allowed, &err);
		break;
	case HTA_NODE_SEQ:
		FUZZ_ASSERT(n->n <= lim->max_items && (n->n == 0 || n->items));
		FUZZ_ASSERT(hta_seq_check(d, n, "list", &err) == 0);
		for (size_t i = 0; i < n->n; i++)
			walk(d, n->items[i], depth + 1, lim, count);
		break;
	default:
		FUZZ_ASSERT(!"unknown node kind");
	}
	if (err.msg[0])
		FUZZ_ASSERT(strchr(err.msg, '\n') == NULL);
}

static inline int doc_one(const uint8_t *data, size_t size, unsigned flags)
{
	/* A tighter limit than a manifest's, so the fuzzer also meets the
	 * depth, item and size limits. */
	static const struct hta_doc_limits lim = {
		.max_bytes = 64 * 1024, .max_depth = 8, .max_nodes = 2000,
		.max_scalar = 512, .max_items = 64,
	};
	struct hta_doc d;
	struct hta_err err = { 0 };
	int rc = hta_doc_parse(&d, (const char *)data, size, "fuzz", flags, &lim, &err);
	if (rc) {
		FUZZ_ASSERT(rc == HTA_EINVAL || rc == HTA_ENOMEM);
		FUZZ_ASSERT(err.code == rc && err.msg[0] && !strchr(err.msg, '\n'));
		FUZZ_ASSERT(d.root == NULL);
		return 0;
	}
	size_t count = 0;
	if (d.root)
		walk(&d, d.root, 1, &lim, &count);
	hta_doc_free(&d);
	return 0;
}

#endif
