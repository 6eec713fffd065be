/*
 * fuzz_manifest_write.c — the manifest writer against its reader, on any
 * input: whatever hta_manifest_read() accepts is written back with
 * hta_manifest_emit() (its strings as comment lines too), and must parse
 * and read back to the same description, and write again to the same
 * bytes. A description the writer refuses must be one the reader could not
 * have produced only through the limits (a value that grew past them when
 * quoted); anything else is a bug.
 */
#include "fuzz.h"
#include "hta/manifest.h"

static void str_same(const char *a, const char *b)
{
	FUZZ_ASSERT((!a && !b) || (a && b && strcmp(a, b) == 0));
}

static void list_same(const char **a, size_t na, const char **b, size_t nb)
{
	FUZZ_ASSERT(na == nb);
	for (size_t i = 0; i < na; i++)
		str_same(a[i], b[i]);
}

static void same(const struct hta_manifest_desc *a, const struct hta_manifest_desc *b)
{
	str_same(a->requirement, b->requirement);
	str_same(a->owner, b->owner);
	str_same(a->not_applicable, b->not_applicable);
	str_same(a->provider, b->provider);
	FUZZ_ASSERT(!a->provider || a->weight == b->weight);
	FUZZ_ASSERT(a->has_waiver == b->has_waiver);
	FUZZ_ASSERT(!a->has_waiver || a->waiver_expires == b->waiver_expires);
	str_same(a->waiver_reason, b->waiver_reason);
	str_same(a->notes, b->notes);
	for (int l = 0; l < HTA_LEVEL_COUNT; l++) {
		const struct hta_level_desc *x = &a->level[l], *y = &b->level[l];
		FUZZ_ASSERT(x->claimed == y->claimed);
		str_same(x->rating, y->rating);
		FUZZ_ASSERT(x->has_coverage == y->has_coverage && x->coverage_h == y->coverage_h);
		list_same(x->artifacts, x->n_artifacts, y->artifacts, y->n_artifacts);
		list_same(x->documents, x->n_documents, y->documents, y->n_documents);
		FUZZ_ASSERT(x->has_date == y->has_date && (!x->has_date || x->date == y->date));
		FUZZ_ASSERT(x->has_effective == y->has_effective &&
			    (!x->has_effective || x->effective == y->effective));
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct hta_doc d, d2;
	struct hta_err err = { 0 };
	struct hta_arena A = { 0 };
	struct hta_manifest_desc m, r;
	struct hta_buf b = HTA_BUF_INIT, b2 = HTA_BUF_INIT;
	if (hta_doc_parse(&d, (const char *)data, size, "in.yaml", 0, &hta_doc_limits_small, &err))
		return 0;
	int rc = hta_manifest_read(&m, &A, &d, &err);
	hta_doc_free(&d);
	if (rc) {
		FUZZ_ASSERT(rc == HTA_EINVAL || rc == HTA_ENOMEM);
		hta_arena_free(&A);
		return 0;
	}
	/* The strings read, as the comment block: they must stay comments. */
	const char *comments[] = { m.requirement, m.owner ? m.owner : "", m.notes ? m.notes : "" };
	m.comments = comments;
	m.n_comments = 3;
	rc = hta_manifest_emit(&b, &m, &err);
	if (rc == HTA_EINVAL) {
		/* Only the limits may refuse what the reader accepted. */
		FUZZ_ASSERT(strstr(err.msg, "too large") || strstr(err.msg, "too many") ||
			    strstr(err.msg, "too long"));
		goto out;
	}
	FUZZ_ASSERT(rc == 0);
	FUZZ_ASSERT(hta_doc_parse(&d2, b.s, b.len, "out.yaml", 0, &hta_doc_limits_small, &err) == 0);
	FUZZ_ASSERT(hta_manifest_read(&r, &A, &d2, &err) == 0);
	hta_doc_free(&d2);
	same(&m, &r);
	r.comments = comments;
	r.n_comments = 3;
	FUZZ_ASSERT(hta_manifest_emit(&b2, &r, &err) == 0);
	FUZZ_ASSERT(b.len == b2.len && memcmp(b.s, b2.s, b.len) == 0);
out:
	hta_buf_free(&b);
	hta_buf_free(&b2);
	hta_arena_free(&A);
	return 0;
}
