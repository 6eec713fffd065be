/*
 * test_doc.c — the YAML/JSON document tree: positions, the strict loader's
 * refusals (duplicate keys, aliases, several documents, NUL bytes, limits,
 * JSON syntax) and the typed accessors every schema is built on.
 */
#include "testutil.h"

#include "hta/doc.h"

/* Parse a NUL-terminated text as "t.yaml" (or "t.json") with `lim`. */
static int parse_lim(struct hta_doc *d, const char *text, int json,
		     const struct hta_doc_limits *lim, struct hta_err *err)
{
	hta_err_clear(err);
	return hta_doc_parse(d, text, strlen(text), json ? "t.json" : "t.yaml", json, lim, err);
}

static int parse(struct hta_doc *d, const char *text, int json, struct hta_err *err)
{
	return parse_lim(d, text, json, &hta_doc_limits_small, err);
}

/* Expect a refusal whose message starts with `prefix` and contains `what`. */
static void expect_refused(const char *text, int json, const char *prefix, const char *what)
{
	struct hta_doc d;
	struct hta_err err;
	int rc = parse(&d, text, json, &err);
	if (rc != HTA_EINVAL)
		fail_msg("expected HTA_EINVAL for <<%s>>, got %d (%s)", text, rc, err.msg);
	assert_int_equal(err.code, HTA_EINVAL);
	if (strncmp(err.msg, prefix, strlen(prefix)) != 0)
		fail_msg("message \"%s\" does not start with \"%s\"", err.msg, prefix);
	assert_contains(err.msg, what);
	/* A failed parse leaves the document empty. */
	assert_null(d.root);
	assert_null(d.arena.head);
}

static const struct hta_node *node_at(const struct hta_node *m, const char *key)
{
	const struct hta_node *v = hta_map_get(m, key);
	if (!v)
		fail_msg("no key '%s'", key);
	return v;
}

static void test_yaml_positions(void **state)
{
	(void)state;
	static const char text[] =
		"a:\n"
		"  b:\n"
		"    - x\n"
		"    - { c: 42 }\n"
		"  d: \"q\"\n"
		"e: [1, 2]\n";
	struct hta_doc d;
	struct hta_err err;
	assert_int_equal(parse(&d, text, 0, &err), 0);
	const struct hta_node *r = d.root;
	assert_non_null(r);
	assert_int_equal(r->kind, HTA_NODE_MAP);
	assert_int_equal(r->n, 2);
	assert_int_equal(r->line, 1);
	assert_int_equal(r->col, 1);
	/* Keys keep positions too. */
	assert_string_equal(r->items[2]->s, "e");
	assert_int_equal(r->items[2]->line, 6);
	assert_int_equal(r->items[2]->col, 1);

	const struct hta_node *a = node_at(r, "a");
	assert_int_equal(a->kind, HTA_NODE_MAP);
	assert_int_equal(a->line, 2);
	assert_int_equal(a->col, 3);
	const struct hta_node *b = node_at(a, "b");
	assert_int_equal(b->kind, HTA_NODE_SEQ);
	assert_int_equal(b->n, 2);
	assert_int_equal(b->line, 3);
	assert_int_equal(b->col, 5);
	assert_string_equal(b->items[0]->s, "x");
	assert_int_equal(b->items[0]->line, 3);
	assert_int_equal(b->items[0]->col, 7);
	const struct hta_node *cm = b->items[1];
	assert_int_equal(cm->kind, HTA_NODE_MAP);
	assert_int_equal(cm->line, 4);
	assert_int_equal(cm->col, 7);
	const struct hta_node *c = node_at(cm, "c");
	assert_string_equal(c->s, "42");
	assert_int_equal(c->len, 2);
	assert_true(c->plain);
	assert_int_equal(c->line, 4);
	assert_int_equal(c->col, 12);
	const struct hta_node *dq = node_at(a, "d");
	assert_string_equal(dq->s, "q");
	assert_false(dq->plain);
	assert_int_equal(dq->line, 5);
	assert_int_equal(dq->col, 6);
	const struct hta_node *e = node_at(r, "e");
	assert_int_equal(e->kind, HTA_NODE_SEQ);
	assert_int_equal(e->items[1]->line, 6);
	assert_int_equal(e->items[1]->col, 8);
	assert_null(hta_map_get(r, "missing"));
	assert_null(hta_map_get(e, "a")); /* not a map */
	assert_string_equal(d.file, "t.yaml");
	hta_doc_free(&d);
	assert_null(d.root);
}

static void test_json_positions(void **state)
{
	(void)state;
	static const char text[] =
		"{\n"
		"  \"a\": {\n"
		"    \"b\": [1, 2]\n"
		"  },\n"
		"  \"s\": \"x y\"\n"
		"}\n";
	struct hta_doc d;
	struct hta_err err;
	assert_int_equal(parse(&d, text, 1, &err), 0);
	const struct hta_node *a = node_at(d.root, "a");
	assert_int_equal(a->kind, HTA_NODE_MAP);
	assert_int_equal(a->line, 2);
	assert_int_equal(a->col, 8);
	const struct hta_node *b = node_at(a, "b");
	assert_int_equal(b->kind, HTA_NODE_SEQ);
	assert_int_equal(b->line, 3);
	assert_int_equal(b->col, 10);
	assert_string_equal(b->items[1]->s, "2");
	assert_int_equal(b->items[1]->line, 3);
	assert_int_equal(b->items[1]->col, 14);
	const struct hta_node *s = node_at(d.root, "s");
	assert_string_equal(s->s, "x y");
	assert_false(s->plain);
	assert_int_equal(s->line, 5);
	assert_int_equal(s->col, 8);
	hta_doc_free(&d);
}

static void test_empty_documents(void **state)
{
	(void)state;
	struct hta_doc d;
	struct hta_err err;
	assert_int_equal(parse(&d, "", 0, &err), 0);
	assert_null(d.root);
	hta_doc_free(&d);
	assert_int_equal(parse(&d, "# only a comment\n", 0, &err), 0);
	assert_null(d.root);
	hta_doc_free(&d);
	/* An empty JSON text is not JSON. */
	expect_refused("", 1, "t.json:1:1: ", "invalid JSON");
}

static void test_duplicate_keys(void **state)
{
	(void)state;
	expect_refused("a: 1\nb: 2\na: 3\n", 0, "t.yaml:3:1: ", "duplicate key 'a' (first at line 1)");
	/* Nested, and the second of three occurrences is the one named. */
	expect_refused("top:\n  k: 1\n  j: 2\n  k: 3\n  k: 4\n", 0, "t.yaml:4:3: ",
		       "duplicate key 'k' (first at line 2)");
	/* In a flow mapping on one line. */
	expect_refused("m: { x: 1, y: 2, x: 3 }\n", 0, "t.yaml:1:18: ", "duplicate key 'x'");
	/* cJSON takes duplicates; the loader does not. */
	expect_refused("{\n  \"a\": 1,\n  \"a\": 2\n}\n", 1, "t.json:3:3: ",
		       "duplicate key 'a' (first at line 2)");
	/* The same key in two different maps is fine. */
	struct hta_doc d;
	struct hta_err err;
	assert_int_equal(parse(&d, "a: { k: 1 }\nb: { k: 2 }\n", 0, &err), 0);
	hta_doc_free(&d);
}

static void test_aliases_refused(void **state)
{
	(void)state;
	expect_refused("a: &x 1\nb: *x\n", 0, "t.yaml:2:4: ", "aliases");
	expect_refused("base: &b { k: 1 }\nother:\n  <<: *b\n", 0, "t.yaml:3:7: ", "aliases");
	/* A billion-laughs shape dies at the first alias, whatever follows. */
	expect_refused("a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n", 0, "t.yaml:2:", "aliases");
}

static void test_two_documents_refused(void **state)
{
	(void)state;
	expect_refused("a: 1\n---\nb: 2\n", 0, "t.yaml:2:1: ", "more than one document");
	expect_refused("--- 1\n--- 2\n", 0, "t.yaml:2:1: ", "more than one document");
	/* One explicit document is fine. */
	struct hta_doc d;
	struct hta_err err;
	assert_int_equal(parse(&d, "---\na: 1\n...\n", 0, &err), 0);
	assert_non_null(d.root);
	hta_doc_free(&d);
}

static void test_nul_byte_refused(void **state)
{
	(void)state;
	static const char text[] = "a: 1\nb: x\0y\n";
	struct hta_doc d;
	struct hta_err err;
	hta_err_clear(&err);
	int rc = hta_doc_parse(&d, text, sizeof(text) - 1, "t.yaml", 0, &hta_doc_limits_small, &err);
	assert_int_equal(rc, HTA_EINVAL);
	assert_contains(err.msg, "t.yaml:2:5: ");
	assert_contains(err.msg, "NUL");
	assert_null(d.root);
	/* The same in a JSON buffer. */
	static const char js[] = "{\"a\": \"x\"}\0";
	rc = hta_doc_parse(&d, js, sizeof(js) - 1, "t.json", 1, &hta_doc_limits_small, &err);
	assert_int_equal(rc, HTA_EINVAL);
	assert_contains(err.msg, "t.json:1:11: ");
	/* A NUL smuggled in as an escape is refused after decoding. */
	expect_refused("{\"a\": \"x\\u0000y\"}", 1, "t.json:1:", "NUL");
	expect_refused("a: \"x\\0y\"\n", 0, "t.yaml:1:4: ", "NUL");
}

/* "[[[ ... ]]]" nested `depth` deep. */
static char *nested(unsigned depth)
{
	char *s = malloc(2 * depth + 1);
	assert_non_null(s);
	memset(s, '[', depth);
	memset(s + depth, ']', depth);
	s[2 * depth] = 0;
	return s;
}

static void test_depth_limit(void **state)
{
	(void)state;
	struct hta_doc d;
	struct hta_err err;
	unsigned max = hta_doc_limits_small.max_depth;
	assert_int_equal(max, 16);
	char *ok = nested(max), *deep = nested(max + 1);
	assert_int_equal(parse(&d, ok, 0, &err), 0);
	hta_doc_free(&d);
	assert_int_equal(parse(&d, ok, 1, &err), 0);
	hta_doc_free(&d);
	/* The 17th bracket (column 17) is the one refused. */
	expect_refused(deep, 0, "t.yaml:1:17: ", "nesting is too deep (limit 16)");
	expect_refused(deep, 1, "t.json:1:17: ", "nesting is too deep");
	free(ok);
	free(deep);
	/* Maps count as well: with a limit of 3, a map in a map in a map is the most. */
	struct hta_doc_limits lim = hta_doc_limits_small;
	lim.max_depth = 3;
	assert_int_equal(parse_lim(&d, "a: { b: { c: 1 } }\n", 0, &lim, &err), 0);
	hta_doc_free(&d);
	assert_int_equal(parse_lim(&d, "a: { b: { c: [1] } }\n", 0, &lim, &err), HTA_EINVAL);
	assert_contains(err.msg, "t.yaml:1:14: nesting is too deep (limit 3)");
}

static void test_value_count_limit(void **state)
{
	(void)state;
	struct hta_doc d;
	struct hta_err err;
	struct hta_doc_limits lim = hta_doc_limits_small;
	lim.max_nodes = 5; /* the list itself and four items */
	assert_int_equal(parse_lim(&d, "[1, 2, 3, 4]", 0, &lim, &err), 0);
	assert_int_equal(d.root->n, 4);
	hta_doc_free(&d);
	assert_int_equal(parse_lim(&d, "[1, 2, 3, 4, 5]", 0, &lim, &err), HTA_EINVAL);
	assert_contains(err.msg, "t.yaml:1:14: too many values (limit 5)");
	assert_null(d.root);
	/* Keys count as values: a map of two pairs is five. */
	assert_int_equal(parse_lim(&d, "{a: 1, b: 2}", 0, &lim, &err), 0);
	hta_doc_free(&d);
	assert_int_equal(parse_lim(&d, "{a: 1, b: 2, c: 3}", 0, &lim, &err), HTA_EINVAL);

	/* The real limit for manifests: 100000 values, here as 20 lists of
	 * 4999 items in an outer list: 1 + 20 * 5000 = 100001 values. */
	size_t max = hta_doc_limits_small.max_nodes;
	assert_int_equal(max, 100000);
	char *big = malloc(20 * (2 + 2 * 5000) + 4);
	assert_non_null(big);
	size_t len = 0;
	big[len++] = '[';
	for (int l = 0; l < 20; l++) {
		big[len++] = '[';
		for (int i = 0; i < 4999; i++) {
			big[len++] = '0';
			big[len++] = ',';
		}
		big[len - 1] = ']';
		big[len++] = ',';
	}
	big[len - 1] = ']';
	big[len] = 0;
	assert_int_equal(parse(&d, big, 1, &err), HTA_EINVAL);
	assert_contains(err.msg, "too many values (limit 100000)");
	/* One item fewer in the last list: exactly at the limit. */
	memmove(big + len - 4, big + len - 2, 3); /* drop the last ",0" */
	len -= 2;
	assert_string_equal(big + len - 3, "0]]");
	assert_int_equal(parse(&d, big, 1, &err), 0);
	assert_int_equal(d.root->n, 20);
	assert_int_equal(d.root->items[19]->n, 4998);
	hta_doc_free(&d);
	free(big);
}

static void test_size_limits(void **state)
{
	(void)state;
	struct hta_doc d;
	struct hta_err err;
	struct hta_doc_limits lim = hta_doc_limits_small;
	lim.max_scalar = 4;
	assert_int_equal(parse_lim(&d, "a: abcd\n", 0, &lim, &err), 0);
	hta_doc_free(&d);
	assert_int_equal(parse_lim(&d, "a: abcde\n", 0, &lim, &err), HTA_EINVAL);
	assert_contains(err.msg, "t.yaml:1:4: value is too long");
	lim = hta_doc_limits_small;
	lim.max_bytes = 8;
	assert_int_equal(parse_lim(&d, "a: 12345", 0, &lim, &err), 0);
	hta_doc_free(&d);
	assert_int_equal(parse_lim(&d, "a: 123456", 0, &lim, &err), HTA_EINVAL);
	assert_contains(err.msg, "t.yaml:");
	assert_contains(err.msg, "file is too large (9 bytes, limit 8)");
}

static void test_json_syntax_errors(void **state)
{
	(void)state;
	/* A missing comma at the end of line 3: the parser stops where the
	 * next member starts, and says so. */
	expect_refused("{\n  \"a\": 1,\n  \"b\": 2 \"c\": 3\n}\n", 1, "t.json:3:10: ", "invalid JSON");
	expect_refused("{\n  \"a\": 1,\n  \"b\": 2\n  \"c\": 3\n}\n", 1, "t.json:4:3: ", "invalid JSON");
	/* YAML-only syntax is not JSON. */
	expect_refused("{\"a\": 1, 'b': 2}", 1, "t.json:1:", "invalid JSON");
	expect_refused("a: 1\n", 1, "t.json:1:1: ", "invalid JSON");
	expect_refused("{\"a\": [1, 2,]}", 1, "t.json:1:", "invalid JSON");
	expect_refused("{\"a\": 1", 1, "t.json:1:", "invalid JSON");
	/* A YAML syntax error names its position too. */
	expect_refused("a: [1, 2\nb: 3\n", 0, "t.yaml:", "");
	expect_refused("a: 1\n b: 2\n", 0, "t.yaml:2:", "");
}

static void test_json_trailing_garbage(void **state)
{
	(void)state;
	expect_refused("{\"a\": 1} x", 1, "t.json:1:10: ", "text after the value");
	expect_refused("{\"a\": 1}\n}\n", 1, "t.json:2:1: ", "text after the value");
	expect_refused("{\"a\": 1}{\"b\": 2}", 1, "t.json:1:9: ", "text after the value");
	/* Whitespace around the value is fine, tabs included (YAML would
	 * refuse a tab where it expects indentation; JSON allows it). */
	struct hta_doc d;
	struct hta_err err;
	assert_int_equal(parse(&d, "{\"a\": 1}\n\t \r\n", 1, &err), 0);
	hta_doc_free(&d);
	assert_int_equal(parse(&d, "\t{\"a\": 1}\n", 1, &err), 0);
	hta_doc_free(&d);
	/* ... and positions still count from the true start of the file. */
	assert_int_equal(parse(&d, "\n\t\n\t{\"a\":\n\t[1]}\n\t\n", 1, &err), 0);
	assert_int_equal(node_at(d.root, "a")->line, 4);
	assert_int_equal(node_at(d.root, "a")->col, 2);
	hta_doc_free(&d);
	expect_refused("\n\t\n{\"a\": 1, \"a\": 2}\n", 1, "t.json:3:10: ", "duplicate key 'a'");
}

/* ---- accessors ---- */

struct one {
	struct hta_doc d;
	const struct hta_node *v;
};

/* Parse "v: <value>" and point at the value. */
static void one_value(struct one *o, const char *value)
{
	char text[256];
	struct hta_err err;
	int n = snprintf(text, sizeof(text), "v: %s\n", value);
	assert_true(n > 0 && (size_t)n < sizeof(text));
	if (parse(&o->d, text, 0, &err) != 0)
		fail_msg("cannot parse \"%s\": %s", text, err.msg);
	o->v = node_at(o->d.root, "v");
}

static int get_int(const char *value, long long min, long long max, long long *out,
		   struct hta_err *err)
{
	struct one o;
	one_value(&o, value);
	hta_err_clear(err);
	int rc = hta_node_int(&o.d, o.v, "v", min, max, out, err);
	hta_doc_free(&o.d);
	return rc;
}

static void test_node_int(void **state)
{
	(void)state;
	struct hta_err err;
	long long x = 0;
	assert_int_equal(get_int("42", 0, 100, &x, &err), 0);
	assert_int_equal(x, 42);
	assert_int_equal(get_int("2_500_000", 0, (long long)1e15, &x, &err), 0);
	assert_int_equal(x, 2500000);
	assert_int_equal(get_int("10_000_000", 0, (long long)1e15, &x, &err), 0);
	assert_int_equal(x, 10000000);
	assert_int_equal(get_int("+7", 0, 100, &x, &err), 0);
	assert_int_equal(x, 7);
	assert_int_equal(get_int("-5", -10, 10, &x, &err), 0);
	assert_i64_equal(x, -5);
	assert_int_equal(get_int("0", 0, 0, &x, &err), 0);
	assert_int_equal(x, 0);
	assert_int_equal(get_int("1000000000000000", 0, (long long)1e15, &x, &err), 0);
	assert_int_equal(x, 1000000000000000LL);

	/* Range: both ends inclusive, the message names the range and value. */
	assert_int_equal(get_int("100", 0, 100, &x, &err), 0);
	x = 99;
	assert_int_equal(get_int("101", 0, 100, &x, &err), HTA_EINVAL);
	assert_string_equal(err.msg, "t.yaml:1:4: v must be between 0 and 100, not 101");
	assert_int_equal(x, 99); /* untouched on failure */
	assert_int_equal(get_int("-1", 0, 100, &x, &err), HTA_EINVAL);
	assert_contains(err.msg, "between 0 and 100, not -1");
	assert_int_equal(get_int("1_000_000_000_000_001", 0, (long long)1e15, &x, &err), HTA_EINVAL);
	/* Nineteen digits exceed any range without overflowing. */
	assert_int_equal(get_int("9999999999999999999", 0, (long long)1e15, &x, &err), HTA_EINVAL);
	assert_int_equal(get_int("9223372036854775808", 0, (long long)1e15, &x, &err), HTA_EINVAL);
	assert_int_equal(get_int("-9999999999999999", -10, 10, &x, &err), HTA_EINVAL);

	/* Not whole numbers. */
	static const char *const bad[] = { "abc", "1.5", "0x10", "1e3", "+", "_5",
					   "\"42\"", "'7'", "[1]", "{a: 1}", "", "~", "true",
					   "12abc", "1 2", "99999999999999999999" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int rc = get_int(bad[i], -1000, 1000, &x, &err);
		if (rc != HTA_EINVAL)
			fail_msg("'%s' accepted as %lld", bad[i], x);
		assert_contains(err.msg, "t.yaml:1:");
		assert_contains(err.msg, ": v must be a whole number");
	}
}

static int get_h(const char *value, long long max, long long *out, struct hta_err *err)
{
	struct one o;
	one_value(&o, value);
	hta_err_clear(err);
	int rc = hta_node_hundredths(&o.d, o.v, "score", max, out, err);
	hta_doc_free(&o.d);
	return rc;
}

static void test_node_hundredths(void **state)
{
	(void)state;
	struct hta_err err;
	long long h = -1;
	static const struct {
		const char *in;
		long long out;
	} good[] = { { "92.5", 9250 }, { "100.00", 10000 }, { "100", 10000 }, { "0", 0 },
		     { "0.01", 1 }, { "33.33", 3333 }, { "1.230", 123 }, { "87.5", 8750 },
		     { "7", 700 }, { "99.99", 9999 }, { "1.20000", 120 }, { "05", 500 } };
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		if (get_h(good[i].in, 100, &h, &err) != 0)
			fail_msg("'%s' refused: %s", good[i].in, err.msg);
		assert_int_equal(h, good[i].out);
	}
	h = 42;
	assert_int_equal(get_h("100.01", 100, &h, &err), HTA_EINVAL);
	assert_string_equal(err.msg, "t.yaml:1:4: score must be between 0 and 100, not 100.01");
	assert_int_equal(h, 42);
	assert_int_equal(get_h("1.234", 100, &h, &err), HTA_EINVAL);
	assert_string_equal(err.msg, "t.yaml:1:4: score takes at most two decimals, not 1.234");
	assert_int_equal(get_h("1.2301", 100, &h, &err), HTA_EINVAL);
	assert_contains(err.msg, "at most two decimals");
	assert_int_equal(get_h("101", 100, &h, &err), HTA_EINVAL);
	assert_int_equal(get_h("250", 300, &h, &err), 0);
	assert_int_equal(h, 25000);
	static const char *const bad[] = { "-1", ".5", "5.", "1e2", "abc", "1.2.3", "\"50\"",
					   "", "~", "+5", "1,5", "50%", "[50]", "123456789012.5" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int rc = get_h(bad[i], 100, &h, &err);
		if (rc != HTA_EINVAL)
			fail_msg("'%s' accepted as %lld", bad[i], h);
		assert_contains(err.msg, "t.yaml:1:");
		assert_contains(err.msg, ": score must be a number from 0 to 100");
	}
}

static int get_cov(const char *value, long long *out, struct hta_err *err)
{
	struct one o;
	one_value(&o, value);
	hta_err_clear(err);
	int rc = hta_node_coverage(&o.d, o.v, "coverage", out, err);
	hta_doc_free(&o.d);
	return rc;
}

/* A coverage keeps two decimals and drops the rest (contract 4 rule 1: only
 * the integer part chooses the band), never rounding into the next band;
 * above 100 by any amount is refused. */
static void test_node_coverage(void **state)
{
	(void)state;
	struct hta_err err;
	long long h = -1;
	static const struct {
		const char *in;
		long long out;
	} good[] = { { "65.999", 6599 }, { "89.9999999", 8999 }, { "10.999", 1099 },
		     { "32.995", 3299 }, { "66.6666666666666667", 6666 }, { "100.000", 10000 },
		     { "0.001", 0 }, { "92.5", 9250 }, { "100", 10000 }, { "0", 0 },
		     { "000000000000000000000000000000050", 5000 } };
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		if (get_cov(good[i].in, &h, &err) != 0)
			fail_msg("'%s' refused: %s", good[i].in, err.msg);
		assert_int_equal(h, good[i].out);
	}
	h = 42;
	assert_int_equal(get_cov("100.001", &h, &err), HTA_EINVAL);
	assert_string_equal(err.msg, "t.yaml:1:4: coverage must be between 0 and 100, not 100.001");
	assert_int_equal(h, 42);
	assert_int_equal(get_cov("99999999999999999999999.5", &h, &err), HTA_EINVAL);
	assert_contains(err.msg, "coverage must be between 0 and 100");
	static const char *const bad[] = { "-1", ".5", "5.", "1e2", "abc", "\"50\"", "50%", "" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (get_cov(bad[i], &h, &err) != HTA_EINVAL)
			fail_msg("'%s' accepted as %lld", bad[i], h);
		assert_contains(err.msg, ": coverage must be a number from 0 to 100");
	}
}

static void test_node_bool(void **state)
{
	(void)state;
	static const struct {
		const char *in;
		int out; /* -1: refused */
	} cases[] = { { "true", 1 }, { "True", 1 }, { "TRUE", 1 }, { "tRuE", 1 },
		      { "false", 0 }, { "False", 0 }, { "FALSE", 0 }, { "yes", -1 },
		      { "no", -1 }, { "1", -1 }, { "0", -1 }, { "on", -1 }, { "\"true\"", -1 },
		      { "", -1 }, { "~", -1 }, { "[true]", -1 } };
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct one o;
		struct hta_err err;
		bool b = cases[i].out != 1;
		one_value(&o, cases[i].in);
		int rc = hta_node_bool(&o.d, o.v, "flag", &b, &err);
		if (cases[i].out < 0) {
			if (rc != HTA_EINVAL)
				fail_msg("'%s' accepted as a boolean", cases[i].in);
			assert_contains(err.msg, "t.yaml:1:");
			assert_contains(err.msg, ": flag must be true or false");
		} else {
			if (rc != 0)
				fail_msg("'%s' refused: %s", cases[i].in, err.msg);
			assert_int_equal(b, cases[i].out);
		}
		hta_doc_free(&o.d);
	}
}

static void test_node_date(void **state)
{
	(void)state;
	struct one o;
	struct hta_err err;
	int days = 0;
	one_value(&o, "2026-11-01");
	assert_int_equal(hta_node_date(&o.d, o.v, "as_of", &days, &err), 0);
	assert_int_equal(days, tu_days("2026-11-01"));
	hta_doc_free(&o.d);
	one_value(&o, "\"2024-02-29\""); /* quoted is fine */
	assert_int_equal(hta_node_date(&o.d, o.v, "as_of", &days, &err), 0);
	assert_int_equal(days, tu_days("2024-02-29"));
	hta_doc_free(&o.d);
	static const char *const bad[] = { "2026-02-30", "2023-02-29", "2026-1-01", "20260101",
					   "tomorrow", "[2026-01-01]", "2026-01-01T00:00:00Z" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		one_value(&o, bad[i]);
		hta_err_clear(&err);
		if (hta_node_date(&o.d, o.v, "as_of", &days, &err) != HTA_EINVAL)
			fail_msg("'%s' accepted as a date", bad[i]);
		assert_contains(err.msg, "t.yaml:1:4: as_of must be a real date as YYYY-MM-DD");
		hta_doc_free(&o.d);
	}
	one_value(&o, "2026-02-30");
	hta_node_date(&o.d, o.v, "as_of", &days, &err);
	assert_contains(err.msg, "not '2026-02-30'");
	hta_doc_free(&o.d);
}

static void test_node_str_and_null(void **state)
{
	(void)state;
	struct one o;
	struct hta_err err;
	const char *s = NULL;
	one_value(&o, "hello world");
	assert_int_equal(hta_node_str(&o.d, o.v, "name", &s, &err), 0);
	assert_string_equal(s, "hello world");
	assert_false(hta_node_is_null(o.v));
	hta_doc_free(&o.d);
	static const char *const nulls[] = { "", "~", "null", "Null", "NULL" };
	for (size_t i = 0; i < sizeof(nulls) / sizeof(nulls[0]); i++) {
		one_value(&o, nulls[i]);
		assert_true(hta_node_is_null(o.v));
		assert_int_equal(hta_node_str(&o.d, o.v, "name", &s, &err), HTA_EINVAL);
		assert_contains(err.msg, "name must be a text value");
		hta_doc_free(&o.d);
	}
	one_value(&o, "\"null\""); /* quoted: a string, not null */
	assert_false(hta_node_is_null(o.v));
	assert_int_equal(hta_node_str(&o.d, o.v, "name", &s, &err), 0);
	hta_doc_free(&o.d);
	one_value(&o, "\"  \"");
	assert_int_equal(hta_node_str(&o.d, o.v, "name", &s, &err), HTA_EINVAL);
	assert_contains(err.msg, "t.yaml:1:4: name must not be empty");
	hta_doc_free(&o.d);
	one_value(&o, "[a]");
	assert_int_equal(hta_node_str(&o.d, o.v, "name", &s, &err), HTA_EINVAL);
	assert_int_equal(hta_seq_check(&o.d, o.v, "list", &err), 0);
	hta_doc_free(&o.d);
	one_value(&o, "a");
	assert_int_equal(hta_seq_check(&o.d, o.v, "list", &err), HTA_EINVAL);
	assert_contains(err.msg, "t.yaml:1:4: list must be a list");
	hta_doc_free(&o.d);
}

static void test_map_check(void **state)
{
	(void)state;
	static const char *const allowed[] = { "requirement", "owner", "policy", NULL };
	struct hta_doc d;
	struct hta_err err;
	assert_int_equal(parse(&d, "requirement: X\nowner: me\n", 0, &err), 0);
	assert_int_equal(hta_map_check(&d, d.root, "manifest", allowed, &err), 0);
	hta_doc_free(&d);

	assert_int_equal(parse(&d, "requirement: X\nowner: me\npolcy: {}\n", 0, &err), 0);
	assert_int_equal(hta_map_check(&d, d.root, "manifest", allowed, &err), HTA_EINVAL);
	assert_string_equal(err.msg, "t.yaml:3:1: unknown key 'polcy' in manifest");
	assert_int_equal(err.code, HTA_EINVAL);
	hta_doc_free(&d);

	/* Nested: the key's own line and column. */
	assert_int_equal(parse(&d, "a:\n  requirement: X\n  extra: 1\n", 0, &err), 0);
	assert_int_equal(hta_map_check(&d, hta_map_get(d.root, "a"), "level", allowed, &err),
			 HTA_EINVAL);
	assert_string_equal(err.msg, "t.yaml:3:3: unknown key 'extra' in level");
	hta_doc_free(&d);

	/* Not a map at all. */
	assert_int_equal(parse(&d, "- a\n- b\n", 0, &err), 0);
	assert_int_equal(hta_map_check(&d, d.root, "manifest", allowed, &err), HTA_EINVAL);
	assert_string_equal(err.msg, "t.yaml:1:1: manifest must be a mapping of keys to values");
	hta_doc_free(&d);
	/* An empty document has no root: refused without a line. */
	assert_int_equal(parse(&d, "", 0, &err), 0);
	assert_int_equal(hta_map_check(&d, d.root, "manifest", allowed, &err), HTA_EINVAL);
	assert_string_equal(err.msg, "t.yaml: manifest must be a mapping of keys to values");
	hta_doc_free(&d);
}

static void test_doc_load_files(void **state)
{
	(void)state;
	char dir[TU_PATH_MAX], path[TU_PATH_MAX];
	struct hta_doc d;
	struct hta_err err;
	tu_tmpdir(dir);
	tu_write(dir, "ok.yaml", "a: 1\nb:\n  - x\n");
	assert_int_equal(hta_doc_load(&d, tu_join(path, dir, "ok.yaml"), "shown.yaml", 0,
				      &hta_doc_limits_small, &err), 0);
	assert_string_equal(d.file, "shown.yaml");
	assert_int_equal(node_at(d.root, "b")->items[0]->line, 3);
	hta_doc_free(&d);
	/* Messages name the display name. */
	tu_write(dir, "dup.yaml", "a: 1\na: 2\n");
	assert_int_equal(hta_doc_load(&d, tu_join(path, dir, "dup.yaml"), "ev/dup.yaml", 0,
				      &hta_doc_limits_small, &err), HTA_EINVAL);
	assert_contains(err.msg, "ev/dup.yaml:2:1: duplicate key");
	/* A NUL byte in a file. */
	tu_write_n(dir, "bin.yaml", "a: 1\n\0", 6);
	assert_int_equal(hta_doc_load(&d, tu_join(path, dir, "bin.yaml"), NULL, 0,
				      &hta_doc_limits_small, &err), HTA_EINVAL);
	assert_contains(err.msg, "bin.yaml:2:1: binary file");
	/* Missing files and directories are I/O errors naming the path. */
	assert_int_equal(hta_doc_load(&d, tu_join(path, dir, "nope.yaml"), NULL, 0,
				      &hta_doc_limits_small, &err), HTA_EIO);
	assert_contains(err.msg, "nope.yaml: cannot open");
	assert_int_equal(hta_doc_load(&d, dir, NULL, 0, &hta_doc_limits_small, &err), HTA_EIO);
	assert_contains(err.msg, "not a regular file");
	/* Too large is refused before reading. */
	struct hta_doc_limits lim = hta_doc_limits_small;
	lim.max_bytes = 4;
	assert_int_equal(hta_doc_load(&d, tu_join(path, dir, "ok.yaml"), NULL, 0, &lim, &err),
			 HTA_EINVAL);
	assert_contains(err.msg, "file is too large");
	tu_rmtree(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_yaml_positions),
		cmocka_unit_test(test_json_positions),
		cmocka_unit_test(test_empty_documents),
		cmocka_unit_test(test_duplicate_keys),
		cmocka_unit_test(test_aliases_refused),
		cmocka_unit_test(test_two_documents_refused),
		cmocka_unit_test(test_nul_byte_refused),
		cmocka_unit_test(test_depth_limit),
		cmocka_unit_test(test_value_count_limit),
		cmocka_unit_test(test_size_limits),
		cmocka_unit_test(test_json_syntax_errors),
		cmocka_unit_test(test_json_trailing_garbage),
		cmocka_unit_test(test_node_int),
		cmocka_unit_test(test_node_hundredths),
		cmocka_unit_test(test_node_coverage),
		cmocka_unit_test(test_node_bool),
		cmocka_unit_test(test_node_date),
		cmocka_unit_test(test_node_str_and_null),
		cmocka_unit_test(test_map_check),
		cmocka_unit_test(test_doc_load_files),
	};
	return cmocka_run_group_tests_name("doc", tests, NULL, NULL);
}
