/*
 * test_csv.c — what the shared CSV reader (csv.h) adds for its other
 * users (Prowler CSV, provider matrices, check mappings): another field
 * separator, comment lines, the count of fields (empty ones included),
 * the line a record starts on, limits set per reader, hta_row_cell. The
 * RFC 4180 cases themselves are in test_workbook.c.
 */
#include "testutil.h"

#include "hta/csv.h"

struct rows {
	char text[4096]; /* "line/fields:col=value|...\n" per row */
	size_t len;
};

static int collect(void *ctx, const struct hta_row *r, struct hta_err *err)
{
	(void)err;
	struct rows *g = ctx;
	g->len += (size_t)snprintf(g->text + g->len, sizeof(g->text) - g->len, "%u/%zu:", r->line,
				   r->fields);
	for (size_t i = 0; i < r->n; i++)
		g->len += (size_t)snprintf(g->text + g->len, sizeof(g->text) - g->len, "%s%u=%s",
					   i ? "|" : "", r->cells[i].col, r->cells[i].s);
	g->len += (size_t)snprintf(g->text + g->len, sizeof(g->text) - g->len, "\n");
	return 0;
}

/* Read `s` with `o`, fed one byte at a time and at once: the same rows and
 * the same status either way. Returns the status; rows in g. */
static int read_with(const struct hta_csv_opts *o, const char *s, struct rows *g,
		     struct hta_err *err)
{
	struct rows g1;
	struct hta_err e1 = { 0 };
	int rcs[2];
	for (int pass = 0; pass < 2; pass++) {
		struct rows *gg = pass ? g : &g1;
		struct hta_err *ee = pass ? err : &e1;
		memset(gg, 0, sizeof(*gg));
		struct hta_csv *p;
		assert_int_equal(hta_csv_new(&p, "m.csv", o, collect, gg), 0);
		size_t n = strlen(s), step = pass ? n : 1;
		int rc = 0;
		for (size_t i = 0; i < n && !rc; i += step)
			rc = hta_csv_feed(p, s + i, n - i < step ? n - i : step, ee);
		if (!rc)
			rc = hta_csv_finish(p, ee);
		hta_csv_free(p);
		rcs[pass] = rc;
	}
	assert_int_equal(rcs[0], rcs[1]);
	assert_string_equal(g1.text, g->text);
	if (rcs[1])
		assert_string_equal(e1.msg, err->msg);
	return rcs[1];
}

static void test_semicolon(void **state)
{
	(void)state;
	struct rows g;
	struct hta_err err = { 0 };
	struct hta_csv_opts o = { .delim = ';' };
	assert_int_equal(read_with(&o, "A;B;C\r\nx,1;\"q;r\"\"s\";\n\n", &g, &err), 0);
	/* commas are text; a quoted ';' is text; the trailing empty field
	 * counts; the blank line is a row with no fields */
	assert_string_equal(g.text, "1/3:1=A|2=B|3=C\n2/3:1=x,1|2=q;r\"s\n3/0:\n");
}

static void test_comments(void **state)
{
	(void)state;
	struct rows g;
	struct hta_err err = { 0 };
	struct hta_csv_opts o = { .comments = true };
	/* a comment line between records is skipped whatever it holds (even an
	 * unbalanced quote); '#' inside a record, or after a separator, is text;
	 * a quoted field spanning lines keeps its start line */
	assert_int_equal(read_with(&o, "# a \"comment\r\nid,#x\r\n\"two\nlines\",b\n#last", &g, &err),
			 0);
	assert_string_equal(g.text, "2/2:1=id|2=#x\n3/2:1=two\nlines|2=b\n");
	/* without the option, '#' starts a field like any other character */
	struct hta_csv_opts plain = { 0 };
	assert_int_equal(read_with(&plain, "#a,b\n", &g, &err), 0);
	assert_string_equal(g.text, "1/2:1=#a|2=b\n");
}

static void test_limits(void **state)
{
	(void)state;
	struct rows g;
	struct hta_err err = { 0 };
	struct hta_csv_opts o = { .max_cell = 4, .max_records = 2 };
	assert_int_not_equal(read_with(&o, "abcde,e\n", &g, &err), 0);
	assert_string_equal(err.msg, "m.csv:1:1: cell is longer than 4 bytes; refused");
	assert_int_equal(read_with(&o, "abc\nd\n", &g, &err), 0);
	assert_int_not_equal(read_with(&o, "a\nb\nc\n", &g, &err), 0);
	assert_string_equal(err.msg, "m.csv:3: more than 2 rows; refused");
	struct hta_csv_opts r = { .max_record = 8 };
	assert_int_not_equal(read_with(&r, "abc,def,ghi\n", &g, &err), 0);
	assert_string_equal(err.msg, "m.csv:1:1: record is longer than 8 bytes; refused");
}

static int cells_of(void *ctx, const struct hta_row *r, struct hta_err *err)
{
	(void)err;
	int *seen = ctx;
	const struct hta_cell *c2 = hta_row_cell(r, 2), *c3 = hta_row_cell(r, 3),
			      *c9 = hta_row_cell(r, 9);
	assert_non_null(c2);
	assert_string_equal(c2->s, "b");
	assert_int_equal(c2->lcol, 4);
	assert_null(c3); /* empty */
	assert_null(c9); /* absent */
	size_t n;
	const char *t = hta_cell_trim(hta_row_cell(r, 4), &n);
	assert_int_equal(n, 1);
	assert_memory_equal(t, "d", 1);
	hta_cell_trim(c3, &n);
	assert_int_equal(n, 0);
	(*seen)++;
	return 0;
}

static void test_row_cell(void **state)
{
	(void)state;
	struct hta_err err = { 0 };
	struct hta_csv *p;
	int seen = 0;
	assert_int_equal(hta_csv_new(&p, "m.csv", NULL, cells_of, &seen), 0);
	assert_int_equal(hta_csv_feed(p, "aa,b,, \td \n", 11, &err), 0);
	assert_int_equal(hta_csv_finish(p, &err), 0);
	hta_csv_free(p);
	assert_int_equal(seen, 1);
}

static void test_read_file(void **state)
{
	(void)state;
	char dir[] = "/tmp/test_csv.XXXXXX", path[64];
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/m.csv", dir);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs("a;b\n1;2\n", f);
	fclose(f);
	struct rows g = { 0 };
	struct hta_err err = { 0 };
	struct hta_csv_opts o = { .delim = ';', .max_file = 4, .limit_hint = "the test limit" };
	assert_int_equal(hta_csv_read_file(path, "m.csv", &o, collect, &g, &err), HTA_EINVAL);
	assert_string_equal(err.msg, "m.csv: file is 8 bytes, over the test limit of 4; refused");
	o.max_file = 0;
	assert_int_equal(hta_csv_read_file(path, "m.csv", &o, collect, &g, &err), 0);
	assert_string_equal(g.text, "1/2:1=a|2=b\n2/2:1=1|2=2\n");
	assert_int_equal(hta_csv_read_file(dir, "d", NULL, collect, &g, &err), HTA_EIO);
	assert_string_equal(err.msg, "d: not a regular file");
	unlink(path);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_semicolon), cmocka_unit_test(test_comments),
		cmocka_unit_test(test_limits),    cmocka_unit_test(test_row_cell),
		cmocka_unit_test(test_read_file),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
