/*
 * test_manifest.c — the manifest writer against its reader: for every
 * field, parse(write(m)) == m, with hostile strings (quotes, colons, line
 * breaks, Unicode, a leading '#', YAML's boolean and null words, numbers
 * and dates as strings); comments that try to break out of the comment
 * block; what the writer refuses; the atomic file write.
 */
#include "testutil.h"

#include "hta/manifest.h"

static const char *const hostile[] = {
	"plain-id_1.2/x@y+z",
	"\"double\" and 'single' quotes",
	"key: value",
	"colon:",
	"line one\nline two\n",
	"cr\rlf\r\nend",
	"tab\there",
	"unicode: ünïcödé ✓ 漢字 🎉",
	"# not a comment",
	"#",
	"a #b",
	"yes", "no", "Yes", "NO", "y", "n", "on", "Off", "true", "False",
	"null", "Null", "~",
	"0123", "12", "-1", "+3", "1e3", ".5", "0x1F", ".inf", ".NaN",
	"2026-05-02", "11.01a.1",
	" leading space", "trailing space ",
	"- dash", "[x, y]", "{a: 1}", "&anchor", "*alias", "!tag", "%percent",
	"@at", "`tick", "|", ">", "?", "?x", "'", "\"", "\\backslash\\",
	"ctrl\x01\x02\x1b\x7f chars",
	"nel\xc2\x85line sep\xe2\x80\xa8par sep\xe2\x80\xa9",
	"bom\xef\xbb\xbfinside",
	"nonchar\xef\xbf\xbf" "and\xef\xbf\xbe",
	"---", "...", "--- x", "= equals", "<<",
};
#define N_HOSTILE (sizeof(hostile) / sizeof(hostile[0]))

/* Emit, parse as "m.evidence.yaml", read back into *out (arena A). */
static void roundtrip(const struct hta_manifest_desc *in, struct hta_manifest_desc *out,
		      struct hta_arena *A, char **text)
{
	struct hta_buf b = HTA_BUF_INIT;
	struct hta_err err = { 0 };
	struct hta_doc d;
	if (hta_manifest_emit(&b, in, &err))
		fail_msg("emit failed: %s", err.msg);
	if (hta_doc_parse(&d, b.s, b.len, "m.evidence.yaml", 0, &hta_doc_limits_small, &err))
		fail_msg("written manifest does not parse: %s\n---\n%.*s", err.msg, (int)b.len, b.s);
	if (hta_manifest_read(out, A, &d, &err))
		fail_msg("written manifest does not read: %s\n---\n%.*s", err.msg, (int)b.len, b.s);
	hta_doc_free(&d);
	if (text) {
		*text = strndup(b.s, b.len);
		assert_non_null(*text);
	}
	hta_buf_free(&b);
}

static void str_eq(const char *what, const char *a, const char *b)
{
	if (!a && !b)
		return;
	if (!a || !b || strcmp(a, b) != 0)
		fail_msg("%s: wrote \"%s\", read \"%s\"", what, a ? a : "(null)", b ? b : "(null)");
}

static void list_eq(const char *what, const char **a, size_t na, const char **b, size_t nb)
{
	if (na != nb)
		fail_msg("%s: wrote %zu items, read %zu", what, na, nb);
	for (size_t i = 0; i < na; i++)
		str_eq(what, a[i], b[i]);
}

/* Every field the writer takes, compared with what the reader gives. */
static void desc_eq(const struct hta_manifest_desc *a, const struct hta_manifest_desc *b)
{
	str_eq("requirement", a->requirement, b->requirement);
	str_eq("owner", a->owner, b->owner);
	str_eq("not_applicable", a->not_applicable, b->not_applicable);
	str_eq("provider", a->provider, b->provider);
	if (a->provider)
		assert_int_equal(a->weight, b->weight);
	assert_int_equal(a->has_waiver, b->has_waiver);
	if (a->has_waiver) {
		str_eq("waiver reason", a->waiver_reason, b->waiver_reason);
		assert_int_equal(a->waiver_expires, b->waiver_expires);
	}
	str_eq("notes", a->notes, b->notes);
	for (int l = 0; l < HTA_LEVEL_COUNT; l++) {
		const struct hta_level_desc *x = &a->level[l], *y = &b->level[l];
		assert_int_equal(x->claimed, y->claimed);
		if (!x->claimed)
			continue;
		str_eq("rating", x->rating, y->rating);
		assert_int_equal(x->has_coverage, y->has_coverage);
		if (x->has_coverage)
			assert_int_equal(x->coverage_h, y->coverage_h);
		list_eq("artifacts", x->artifacts, x->n_artifacts, y->artifacts, y->n_artifacts);
		list_eq("documents", x->documents, x->n_documents, y->documents, y->n_documents);
		assert_int_equal(x->has_date, y->has_date);
		if (x->has_date)
			assert_int_equal(x->date, y->date);
		assert_int_equal(x->has_effective, y->has_effective);
		if (x->has_effective)
			assert_int_equal(x->effective, y->effective);
	}
}

/* A manifest with every field set. */
static void full(struct hta_manifest_desc *m, const char **arts, const char **docs)
{
	memset(m, 0, sizeof(*m));
	m->requirement = "11.01q.1";
	m->owner = "identity@acme.example";
	m->not_applicable = "No wireless networks in scope";
	m->provider = "aws";
	m->weight = 60;
	m->has_waiver = true;
	m->waiver_reason = "Legacy PACS replaced in Q1";
	m->waiver_expires = tu_days("2027-03-31");
	m->notes = "free text";
	static const char *const ratings[] = { "FC", "mostly", "pc", "Somewhat", "non-compliant" };
	for (int l = 0; l < HTA_LEVEL_COUNT; l++) {
		struct hta_level_desc *c = &m->level[l];
		c->claimed = true;
		if (l % 2)
			c->rating = ratings[l];
		else
			c->has_coverage = true, c->coverage_h = l == 0 ? 9250 : l == 2 ? 9225 : 10000;
		c->artifacts = arts;
		c->n_artifacts = 2;
		c->documents = docs;
		c->n_documents = l == 4 ? 0 : 1;
		c->has_date = true;
		c->date = tu_days("2026-05-02") + l;
		c->has_effective = l != 3;
		c->effective = tu_days("2024-01-10");
	}
}

static void test_roundtrip_every_field(void **state)
{
	(void)state;
	const char *arts[] = { "policies/access-control.pdf", "screenshots/mfa policy (1).png" };
	const char *docs[] = { "access-control-policy" };
	struct hta_manifest_desc m, r;
	struct hta_arena A = { 0 };
	char *text;
	full(&m, arts, docs);
	roundtrip(&m, &r, &A, &text);
	desc_eq(&m, &r);
	/* Reads as the contract's example does: keys in order, plain where
	 * plain is safe. */
	assert_contains(text, "requirement: \"11.01q.1\"\n");
	assert_contains(text, "owner: identity@acme.example\n");
	assert_contains(text, "coverage: 92.5\n");
	assert_contains(text, "coverage: 92.25\n");
	assert_contains(text, "coverage: 100\n");
	assert_contains(text, "reviewed: 2026-05-02\n");
	assert_contains(text, "tested: 2026-05-04\n");
	assert_contains(text, "weight: 60\n");
	assert_contains(text, "expires: 2027-03-31\n");
	assert_true(strstr(text, "requirement:") < strstr(text, "policy:"));
	assert_true(strstr(text, "policy:") < strstr(text, "managed:"));
	assert_true(strstr(text, "managed:") < strstr(text, "notes:"));
	free(text);
	/* Only a requirement: nothing else appears. */
	struct hta_manifest_desc s = { .requirement = "01.a.1" };
	roundtrip(&s, &r, &A, &text);
	desc_eq(&s, &r);
	assert_string_equal(text, "requirement: \"01.a.1\"\n");
	free(text);
	hta_arena_free(&A);
}

/* Each hostile string in every string field, one at a time. */
static void test_roundtrip_hostile_strings(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_HOSTILE; i++) {
		const char *h = hostile[i];
		const char *arts[] = { h, "ok.pdf" };
		const char *docs[] = { h };
		struct hta_manifest_desc m, r;
		struct hta_arena A = { 0 };
		full(&m, arts, docs);
		m.requirement = h;
		m.owner = h;
		m.not_applicable = h;
		m.provider = h;
		m.waiver_reason = h;
		m.notes = h;
		roundtrip(&m, &r, &A, NULL);
		desc_eq(&m, &r);
		hta_arena_free(&A);
	}
}

/* The comment block: whatever it holds, it stays comments. */
static void test_comments_cannot_escape(void **state)
{
	(void)state;
	static const char *const lines[] = {
		"11.01q.1 — Unique user IDs",
		"\nowner: injected@evil.example\nrequirement: 99.99z.9",
		"nel\xc2\x85owner: evil",
		"ls\xe2\x80\xa8owner: evil",
		"ps\xe2\x80\xa9owner: evil",
		"cr\rowner: evil",
		"bad utf-8 \xff\xfe here \xc3",
		"ctrl \x01\x1b[31m red \x7f \xc2\x9b",
		"bom \xef\xbb\xbf",
		/* noncharacters YAML does not allow, even in a comment (fuzz_manifest_write) */
		"nonchar \xef\xbf\xbf and \xef\xbf\xbe",
		"",
		"   indented line",
		"---",
		"...",
		"%YAML 1.1",
	};
	struct hta_manifest_desc m = { .requirement = "01.a.1", .comments = lines,
				       .n_comments = sizeof(lines) / sizeof(lines[0]) };
	struct hta_manifest_desc r;
	struct hta_arena A = { 0 };
	char *text;
	roundtrip(&m, &r, &A, &text);
	desc_eq(&m, &r); /* owner still NULL: nothing injected */
	assert_null(r.owner);
	/* Every line before the document is a comment, and is valid UTF-8
	 * without control characters (the parse above would refuse it). */
	const char *doc = strstr(text, "requirement:");
	assert_non_null(doc);
	for (const char *p = text; p < doc; p = strchr(p, '\n') + 1) {
		if (*p != '#')
			fail_msg("not a comment line: %.40s", p);
	}
	assert_contains(text, "# 11.01q.1 — Unique user IDs\n");
	assert_contains(text, "# owner: injected@evil.example\n");
	assert_contains(text, "# nel\n# owner: evil\n");
	assert_contains(text, "# bad utf-8 ?? here ?\n");
	assert_contains(text, "#    indented line\n");
	assert_contains(text, "# nonchar   and\n");
	assert_contains(text, "\n#\n");
	free(text);
	hta_arena_free(&A);
}

static void test_comment_wrapping(void **state)
{
	(void)state;
	struct hta_buf b = HTA_BUF_INIT;
	char long_text[400];
	size_t o = 0;
	o += (size_t)snprintf(long_text, sizeof(long_text), "   ");
	while (o + 8 < sizeof(long_text))
		o += (size_t)snprintf(long_text + o, sizeof(long_text) - o, "word%02zu ", o % 97);
	hta_yaml_comment(&b, long_text, 78);
	assert_false(b.failed);
	size_t lines = 0;
	for (char *p = b.s, *nl; p < b.s + b.len; p = nl + 1, lines++) {
		nl = memchr(p, '\n', (size_t)(b.s + b.len - p));
		assert_non_null(nl);
		if (nl - p > 78)
			fail_msg("line longer than 78 columns: %.*s", (int)(nl - p), p);
		if (strncmp(p, "#    word", 9) != 0) /* the indent is kept */
			fail_msg("continuation lost its indent: %.*s", (int)(nl - p), p);
	}
	assert_true(lines >= 5);
	/* One word longer than the line is cut, not lost. */
	b.len = 0;
	char word[200];
	memset(word, 'x', sizeof(word) - 1);
	word[sizeof(word) - 1] = 0;
	hta_yaml_comment(&b, word, 78);
	size_t xs = 0;
	for (size_t i = 0; i < b.len; i++)
		xs += b.s[i] == 'x';
	assert_int_equal(xs, sizeof(word) - 1);
	hta_buf_free(&b);
}

static void expect_refused(const struct hta_manifest_desc *m, const char *what)
{
	struct hta_buf b = HTA_BUF_INIT;
	struct hta_err err = { 0 };
	hta_buf_puts(&b, "kept");
	int rc = hta_manifest_emit(&b, m, &err);
	if (rc != HTA_EINVAL)
		fail_msg("expected a refusal mentioning '%s', got %d", what, rc);
	assert_contains(err.msg, what);
	/* Nothing half-written is left in the buffer. */
	assert_int_equal(b.len, 4);
	hta_buf_free(&b);
}

static void test_writer_refuses_what_would_not_read_back(void **state)
{
	(void)state;
	const char *arts[] = { "a.pdf" };
	struct hta_manifest_desc m;
	memset(&m, 0, sizeof(m));
	expect_refused(&m, "requirement");
	m.requirement = "";
	expect_refused(&m, "requirement must not be empty");
	m.requirement = " \t\n";
	expect_refused(&m, "requirement must not be empty");
	m.requirement = "01.a.1";
	m.owner = "bad \xff utf-8";
	expect_refused(&m, "owner is not valid UTF-8");
	m.owner = NULL;
	m.level[HTA_POLICY].claimed = true;
	m.level[HTA_POLICY].artifacts = arts;
	m.level[HTA_POLICY].n_artifacts = 1;
	expect_refused(&m, "policy: give a rating or a coverage");
	m.level[HTA_POLICY].rating = "FC";
	m.level[HTA_POLICY].has_coverage = true;
	expect_refused(&m, "policy: give a rating or a coverage");
	m.level[HTA_POLICY].has_coverage = false;
	m.level[HTA_POLICY].rating = "excellent";
	expect_refused(&m, "rating must be");
	m.level[HTA_POLICY].rating = NULL;
	m.level[HTA_POLICY].has_coverage = true;
	m.level[HTA_POLICY].coverage_h = 10001;
	expect_refused(&m, "coverage must be 0..100");
	m.level[HTA_POLICY].coverage_h = 5000;
	m.level[HTA_POLICY].has_date = true;
	m.level[HTA_POLICY].date = 3000000;
	expect_refused(&m, "date out of range");
	m.level[HTA_POLICY].date = tu_days("2026-01-01");
	m.provider = "aws";
	m.weight = 101;
	expect_refused(&m, "weight must be 0..100");
	m.weight = 100;
	char *big = malloc(hta_doc_limits_small.max_scalar + 2);
	assert_non_null(big);
	memset(big, 'a', hta_doc_limits_small.max_scalar + 1);
	big[hta_doc_limits_small.max_scalar + 1] = 0;
	m.notes = big;
	expect_refused(&m, "notes is too long");
	free(big);
	m.notes = NULL;
	/* And with all of that fixed, it writes. */
	struct hta_manifest_desc r;
	struct hta_arena A = { 0 };
	roundtrip(&m, &r, &A, NULL);
	desc_eq(&m, &r);
	hta_arena_free(&A);
}

static size_t count_entries(const char *dir)
{
	char cmd[TU_PATH_MAX + 64];
	snprintf(cmd, sizeof(cmd), "ls -A '%s' | wc -l", dir);
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	unsigned long n = 0;
	assert_int_equal(fscanf(p, "%lu", &n), 1);
	pclose(p);
	return n;
}

static void test_write_file_atomic_and_keep(void **state)
{
	(void)state;
	char dir[TU_PATH_MAX], path[TU_PATH_MAX];
	struct hta_err err = { 0 };
	bool written;
	tu_tmpdir(dir);
	tu_join(path, dir, "x.evidence.yaml");
	struct hta_manifest_desc m = { .requirement = "01.a.1", .owner = "first" };
	assert_int_equal(hta_manifest_write_file(path, &m, HTA_WRITE_KEEP, &written, &err), 0);
	assert_true(written);
	/* KEEP: an existing file is left exactly as it was. */
	tu_write(dir, "x.evidence.yaml", "hand-edited: true\n");
	m.owner = "second";
	assert_int_equal(hta_manifest_write_file(path, &m, HTA_WRITE_KEEP, &written, &err), 0);
	assert_false(written);
	char *t = tu_read(path, NULL);
	assert_string_equal(t, "hand-edited: true\n");
	free(t);
	/* Without KEEP the file is replaced. */
	assert_int_equal(hta_manifest_write_file(path, &m, 0, &written, &err), 0);
	assert_true(written);
	t = tu_read(path, NULL);
	assert_contains(t, "owner: second\n");
	free(t);
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0644);
	/* A refused description writes nothing, and no temporary file stays. */
	struct hta_manifest_desc bad = { .requirement = "01.a.1", .owner = " " };
	tu_join(path, dir, "y.evidence.yaml");
	assert_int_equal(hta_manifest_write_file(path, &bad, 0, &written, &err), HTA_EINVAL);
	assert_false(written);
	assert_contains(err.msg, "y.evidence.yaml: not written: owner must not be empty");
	assert_int_equal(count_entries(dir), 1);
	/* A directory that does not exist: an I/O error naming the path. */
	tu_join(path, dir, "no/such/dir/z.evidence.yaml");
	assert_int_equal(hta_manifest_write_file(path, &m, 0, &written, &err), HTA_EIO);
	assert_contains(err.msg, "z.evidence.yaml");
	tu_rmtree(dir);
}

/* hta_manifest_read_all reads on past a bad value: every error of the
 * file in the list, the first in err; a clean manifest reads as before. */
static void test_read_all_lists_every_error(void **state)
{
	(void)state;
	static const char bad[] =
		"requirement: T.01\n"
		"typo: 1\n"
		"implemented: { rating: ZZ, artifacts: [a], tested: 2026-02-30, x: 1 }\n"
		"waiver: { reason: r }\n";
	struct hta_arena A = { 0 };
	struct hta_errlist l = { 0 };
	struct hta_err err = { 0 };
	struct hta_manifest_desc m;
	struct hta_doc d;
	assert_int_equal(hta_doc_parse(&d, bad, sizeof(bad) - 1, "m.evidence.yaml", 0,
				       &hta_doc_limits_small, &err), 0);
	assert_int_equal(hta_manifest_read_all(&m, &A, &d, &l, &err), HTA_EINVAL);
	assert_int_equal(l.total, 5);
	assert_contains(l.msg[0], "m.evidence.yaml:2:1: unknown key 'typo' in manifest");
	assert_contains(err.msg, "m.evidence.yaml:2:1: unknown key 'typo'");
	/* then in the order read: statement-wide fields, then the levels */
	assert_contains(l.msg[1], "m.evidence.yaml:4:9: waiver needs an expires date");
	assert_contains(l.msg[2], "unknown key 'x' in implemented");
	assert_contains(l.msg[3], "rating must be FC");
	assert_contains(l.msg[4], "tested must be a real date");
	hta_errlist_free(&l);
	hta_doc_free(&d);
	static const char good[] = "requirement: T.01\nowner: o\n";
	assert_int_equal(hta_doc_parse(&d, good, sizeof(good) - 1, "g.evidence.yaml", 0,
				       &hta_doc_limits_small, &err), 0);
	assert_int_equal(hta_manifest_read_all(&m, &A, &d, &l, &err), 0);
	assert_int_equal(l.total, 0);
	assert_string_equal(m.requirement, "T.01");
	assert_string_equal(m.owner, "o");
	hta_doc_free(&d);
	hta_arena_free(&A);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_read_all_lists_every_error),
		cmocka_unit_test(test_roundtrip_every_field),
		cmocka_unit_test(test_roundtrip_hostile_strings),
		cmocka_unit_test(test_comments_cannot_escape),
		cmocka_unit_test(test_comment_wrapping),
		cmocka_unit_test(test_writer_refuses_what_would_not_read_back),
		cmocka_unit_test(test_write_file_atomic_and_keep),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
