/*
 * test_workbook.c — the workbook's table readers: the RFC 4180 record
 * reader (fields, quotes, line breaks, positions, every refusal, any split
 * of the input), the CSV field writer read back by the reader, and the
 * XLSX cell reader over small workbooks built here with libzip (shared and
 * inline strings, rich-text and phonetic runs, cells without references,
 * numbers, booleans, _xHHHH_ escapes, the sheet chosen by name, the 1904
 * date system, and what is refused).
 */
#include "testutil.h"

#include "hta/workbook.h"

#include <zip.h>

/* ---- collecting rows ---- */

struct got {
	char text[8192]; /* "row:col=value|..." per row, rows separated by '\n' */
	size_t len;
	unsigned rows;
	char pos[2048];  /* "line:lcol " of each cell (CSV) */
	size_t plen;
};

static int collect(void *ctx, const struct hta_row *r, struct hta_err *err)
{
	(void)err;
	struct got *g = ctx;
	g->rows++;
	if (g->len > sizeof(g->text) - 1024 || g->plen > sizeof(g->pos) - 256)
		return 0; /* the limit tests: only counted */
	g->len += (size_t)snprintf(g->text + g->len, sizeof(g->text) - g->len, "%u:", r->row);
	for (size_t i = 0; i < r->n; i++) {
		const struct hta_cell *c = &r->cells[i];
		assert_int_equal(strlen(c->s), c->len);
		g->len += (size_t)snprintf(g->text + g->len, sizeof(g->text) - g->len, "%s%u=%s%s",
					   i ? "|" : "", c->col, c->s,
					   c->number ? "#" : c->boolean ? "?" : "");
		g->plen += (size_t)snprintf(g->pos + g->plen, sizeof(g->pos) - g->plen, "%u:%u ",
					    c->line, c->lcol);
	}
	g->len += (size_t)snprintf(g->text + g->len, sizeof(g->text) - g->len, "\n");
	return 0;
}

/* Parse `s` in chunks of `step` bytes (0: at once); returns the status. */
static int csv_parse(const char *s, size_t n, size_t step, struct got *g, struct hta_err *err)
{
	struct hta_csv *p;
	memset(g, 0, sizeof(*g));
	assert_int_equal(hta_csv_new(&p, "t.csv", NULL, collect, g), 0);
	int rc = 0;
	if (!step)
		step = n ? n : 1;
	for (size_t i = 0; i < n && !rc; i += step)
		rc = hta_csv_feed(p, s + i, n - i < step ? n - i : step, err);
	if (!rc)
		rc = hta_csv_finish(p, err);
	hta_csv_free(p);
	return rc;
}

static void csv_ok(const char *s, const char *want)
{
	struct got g, g1;
	struct hta_err err = { 0 };
	size_t n = strlen(s);
	assert_int_equal(csv_parse(s, n, 0, &g, &err), 0);
	assert_string_equal(g.text, want);
	/* any split of the input gives the same rows */
	for (size_t step = 1; step <= 3; step++) {
		assert_int_equal(csv_parse(s, n, step, &g1, &err), 0);
		assert_string_equal(g1.text, want);
		assert_string_equal(g1.pos, g.pos);
	}
}

static void csv_bad(const char *s, size_t n, const char *want)
{
	struct got g;
	struct hta_err err = { 0 };
	assert_int_equal(csv_parse(s, n, 0, &g, &err), HTA_EINVAL);
	if (!strstr(err.msg, want))
		fail_msg("'%s' not in '%s'", want, err.msg);
	assert_int_equal(csv_parse(s, n, 1, &g, &err), HTA_EINVAL);
	if (!strstr(err.msg, want))
		fail_msg("byte by byte: '%s' not in '%s'", want, err.msg);
}

static void test_csv_records(void **state)
{
	(void)state;
	csv_ok("a,b,c\r\n1,2,3\r\n", "1:1=a|2=b|3=c\n2:1=1|2=2|3=3\n");
	csv_ok("a,b\n1,2", "1:1=a|2=b\n2:1=1|2=2\n");                  /* LF, no final break */
	csv_ok("a,b\r1,2\r", "1:1=a|2=b\n2:1=1|2=2\n");                /* CR alone */
	csv_ok(",,x,\r\n", "1:3=x\n");                                  /* empty fields */
	csv_ok("a\r\n\r\nb\r\n", "1:1=a\n2:\n3:1=b\n");                 /* a blank line is a row */
	csv_ok("\"a,b\",\"say \"\"hi\"\"\"\r\n", "1:1=a,b|2=say \"hi\"\n");
	csv_ok("\"one\r\ntwo\rthree\nfour\",x\r\n", "1:1=one\ntwo\nthree\nfour|2=x\n");
	csv_ok("\xEF\xBB\xBFid,v\r\n", "1:1=id|2=v\n");                 /* BOM dropped */
	csv_ok("\xEF\xBB\xBF\"id\",v\r\n", "1:1=id|2=v\n");
	csv_ok("\xEF\xBB\xBEx\r\n", "1:1=\xEF\xBB\xBEx\n");             /* U+FEFE, not a BOM: kept */
	csv_ok("\"\"\r\n", "1:\n");                                    /* a quoted empty field */
	csv_ok("h\xC3\xA9,\xE2\x82\xAC\r\n", "1:1=h\xC3\xA9|2=\xE2\x82\xAC\n");
}

static void test_csv_positions(void **state)
{
	(void)state;
	struct got g;
	struct hta_err err = { 0 };
	const char *s = "id,x\r\n\"a\nb\",\xC3\xA9t\xC3\xA9,z\r\n";
	assert_int_equal(csv_parse(s, strlen(s), 0, &g, &err), 0);
	/* the multi-line field starts at 2:1; the next fields on line 3 */
	assert_string_equal(g.pos, "1:1 1:4 2:1 3:4 3:8 "); /* columns count characters */
}

static void test_csv_refusals(void **state)
{
	(void)state;
	csv_bad("ab\"c\r\n", 6, "t.csv:1:3: quote inside an unquoted field");
	csv_bad("\"ab\"c\r\n", 7, "t.csv:1:5: text after a closing quote");
	csv_bad("x\r\n\"ab", 6, "t.csv:2:1: quoted field is never closed");
	csv_bad("a\0b", 3, "t.csv:1:2: NUL byte");
	csv_bad("a\xC0\x80", 3, "t.csv:1:2: not valid UTF-8");   /* overlong */
	csv_bad("a\xED\xA0\x80", 4, "not valid UTF-8");          /* a surrogate */
	csv_bad("a\xF4\x90\x80\x80", 5, "not valid UTF-8");      /* past U+10FFFF */
	csv_bad("a\xE2\x82", 3, "not valid UTF-8 at the end");   /* cut short */
	size_t n = HTA_WB_MAX_CELL + 10;
	char *big = malloc(n);
	assert_non_null(big);
	memset(big, 'x', n);
	csv_bad(big, n, "t.csv:1:1: cell is longer than 65536 bytes");
	free(big);
	/* rows: the limit counts records */
	n = (size_t)HTA_WB_MAX_ROWS + 1;
	char *rows = malloc(n);
	assert_non_null(rows);
	memset(rows, '\n', n);
	struct got g;
	struct hta_err err = { 0 };
	assert_int_equal(csv_parse(rows, n - 1, 0, &g, &err), 0);
	assert_int_equal(g.rows, HTA_WB_MAX_ROWS);
	assert_int_equal(csv_parse(rows, n, 0, &g, &err), HTA_EINVAL);
	assert_non_null(strstr(err.msg, "more than 100000 rows"));
	free(rows);
}

static void test_csv_writer_round_trip(void **state)
{
	(void)state;
	static const char *const v[] = {
		"plain", "a,b", "say \"hi\"", "two\nlines", "=1+1", "+x", "-5", "@SUM(A1)",
		"\tTab", "'quoted", "''twice", "=\"a,\"\"b\"\n", "caf\xC3\xA9", "x'", NULL
	};
	struct hta_buf b = HTA_BUF_INIT;
	for (size_t i = 0; v[i]; i++) {
		if (i)
			hta_buf_add(&b, ",", 1);
		hta_csv_field(&b, v[i], true);
	}
	hta_buf_add(&b, "\r\n", 2);
	struct got g;
	struct hta_err err = { 0 };
	assert_int_equal(csv_parse(b.s, b.len, 0, &g, &err), 0);
	/* every cell reads back as written, guarded; the guard comes off */
	const char *line = g.text + 2; /* "1:" */
	for (size_t i = 0; v[i]; i++) {
		char want[256];
		const char *s = v[i];
		bool guarded = s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' ||
			       s[0] == '\t' || s[0] == '\'';
		snprintf(want, sizeof(want), "%zu=%s%s", i + 1, guarded ? "'" : "", s);
		if (strncmp(line, want, strlen(want)) != 0)
			fail_msg("cell %zu: want '%s' at '%.40s'", i + 1, want, line);
		line += strlen(want) + 1;
		/* and the guard comes off: one apostrophe */
		char cell[256];
		snprintf(cell, sizeof(cell), "%s%s", guarded ? "'" : "", s);
		assert_string_equal(cell + hta_wb_unguard(cell), guarded ? s : s + hta_wb_unguard(s));
	}
	hta_buf_free(&b);
}

static void test_colname(void **state)
{
	(void)state;
	char c[4];
	hta_wb_colname(1, c);
	assert_string_equal(c, "A");
	hta_wb_colname(26, c);
	assert_string_equal(c, "Z");
	hta_wb_colname(27, c);
	assert_string_equal(c, "AA");
	hta_wb_colname(49, c);
	assert_string_equal(c, "AW");
	hta_wb_colname(16384, c);
	assert_string_equal(c, "XFD");
}

/* ---- XLSX ---- */

static const char *RELS =
	"<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	"<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>";

/* Write a workbook with the given sheets (name, xml) and shared strings. */
static void make_xlsx(const char *path, const char *const *names, const char *const *sheets,
		      size_t n, const char *sst, bool date1904)
{
	int ze;
	zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &ze);
	assert_non_null(z);
	static char wb[4096], wr[4096], part[64][64];
	int o = snprintf(wb, sizeof(wb),
			 "<?xml version=\"1.0\"?><workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
			 "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">%s<sheets>",
			 date1904 ? "<workbookPr date1904=\"1\"/>" : "");
	int p = snprintf(wr, sizeof(wr), "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">");
	for (size_t i = 0; i < n; i++) {
		o += snprintf(wb + o, sizeof(wb) - (size_t)o, "<sheet name=\"%s\" sheetId=\"%zu\" r:id=\"rId%zu\"/>",
			      names[i], i + 1, i + 1);
		p += snprintf(wr + p, sizeof(wr) - (size_t)p,
			      "<Relationship Id=\"rId%zu\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"/xl/worksheets/../worksheets/s%zu.xml\"/>",
			      i + 1, i + 1);
		snprintf(part[i], sizeof(part[i]), "xl/worksheets/s%zu.xml", i + 1);
		zip_source_t *s = zip_source_buffer(z, sheets[i], strlen(sheets[i]), 0);
		assert_true(zip_file_add(z, part[i], s, ZIP_FL_OVERWRITE) >= 0);
	}
	snprintf(wb + o, sizeof(wb) - (size_t)o, "</sheets></workbook>");
	p += snprintf(wr + p, sizeof(wr) - (size_t)p,
		      "<Relationship Id=\"rIdS\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" Target=\"sharedStrings.xml\"/></Relationships>");
	const char *files[][2] = { { "_rels/.rels", RELS }, { "xl/workbook.xml", wb },
				   { "xl/_rels/workbook.xml.rels", wr }, { "xl/sharedStrings.xml", sst } };
	for (size_t i = 0; i < 4; i++) {
		if (!files[i][1])
			continue;
		zip_source_t *s = zip_source_buffer(z, files[i][1], strlen(files[i][1]), 0);
		assert_true(zip_file_add(z, files[i][0], s, ZIP_FL_OVERWRITE) >= 0);
	}
	assert_int_equal(zip_close(z), 0);
}

static int xlsx_read(const char *sheet_xml, const char *sst, struct got *g, struct hta_err *err,
		     struct hta_xlsx_info *info)
{
	char dir[TU_PATH_MAX], path[TU_PATH_MAX];
	const char *names[] = { "Statements" };
	tu_tmpdir(dir);
	tu_join(path, dir, "t.xlsx");
	make_xlsx(path, names, &sheet_xml, 1, sst, false);
	memset(g, 0, sizeof(*g));
	int rc = hta_xlsx_read_file(path, "t.xlsx", HTA_WB_SHEET, collect, g, info, err);
	tu_rmtree(dir);
	return rc;
}

#define SHEET(rows) "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>" rows "</sheetData></worksheet>"

static void test_xlsx_cells(void **state)
{
	(void)state;
	struct got g;
	struct hta_err err = { 0 };
	struct hta_xlsx_info info;
	const char *sst = "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
			  "<si><t>id</t></si>"
			  "<si><r><rPr><b/></rPr><t>rich </t></r><r><t xml:space=\"preserve\">text </t></r>"
			  "<rPh><t>PHONETIC</t></rPh></si>"
			  "<si><t>a_x000D_b_x005F_x0041_</t></si>"
			  "<si/></sst>";
	const char *sheet = SHEET(
		"<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"C1\" t=\"s\"><v>1</v></c></row>"
		"<row r=\"3\"><c t=\"inlineStr\"><is><t>in</t><rPh><t>x</t></rPh></is></c><c><v>92.5</v></c>"
		"<c t=\"b\"><v>1</v></c><c t=\"str\"><f>A1</f><v>f&amp;v</v></c><c s=\"3\"/><c t=\"s\"><v>2</v></c></row>"
		"<row><c r=\"B4\" t=\"s\"><v>3</v></c><c r=\"D4\"><v>46000</v></c></row>"
		"<row r=\"5\"/>");
	assert_int_equal(xlsx_read(sheet, sst, &g, &err, &info), 0);
	assert_string_equal(g.text, "1:1=id|3=rich text \n"
				    "3:1=in|2=92.5#|3=1?|4=f&v|6=a\rb_x0041_\n"
				    "4:4=46000#\n"
				    "5:\n");
	assert_string_equal(info.sheet, "Statements");
	assert_false(info.date1904);
}

static void xlsx_bad(const char *sheet, const char *sst, const char *want)
{
	struct got g;
	struct hta_err err = { 0 };
	assert_int_equal(xlsx_read(sheet, sst, &g, &err, NULL), HTA_EINVAL);
	if (!strstr(err.msg, want))
		fail_msg("'%s' not in '%s'", want, err.msg);
}

static void test_xlsx_refusals(void **state)
{
	(void)state;
	const char *sst = "<sst><si><t>a</t></si></sst>";
	xlsx_bad(SHEET("<row r=\"2\"><c r=\"B2\" t=\"s\"><v>1</v></c></row>"), sst,
		 "t.xlsx:Statements!B2: shared string index 1 is out of range (the workbook has 1)");
	xlsx_bad(SHEET("<row r=\"2\"><c r=\"B2\" t=\"s\"><v>x</v></c></row>"), sst, "is not a number");
	xlsx_bad(SHEET("<row r=\"2\"><c r=\"C2\" t=\"e\"><v>#N/A</v></c></row>"), sst,
		 "Statements!C2: cell holds the error value #N/A");
	xlsx_bad(SHEET("<row r=\"2\"><c r=\"C2\"/><c r=\"B2\"/></row>"), sst, "out of column order");
	xlsx_bad(SHEET("<row r=\"2\"><c r=\"B3\"/></row>"), sst, "outside its row");
	xlsx_bad(SHEET("<row r=\"2\"><c r=\"2B\"/></row>"), sst, "bad cell reference");
	xlsx_bad(SHEET("<row r=\"3\"/><row r=\"2\"/>"), sst, "out of order");
	xlsx_bad(SHEET("<row r=\"2\"><c r=\"A2\"><v>1x</v></c></row>"), sst, "not a number");
	xlsx_bad(SHEET("<row r=\"2\"><c r=\"A2\" t=\"zz\"><v>1</v></c></row>"), sst, "unknown cell type");
	xlsx_bad("<?xml version=\"1.0\"?><!DOCTYPE w [<!ENTITY e \"x\">]><worksheet/>", sst, "has a DTD");
	xlsx_bad(SHEET("<row><c><v>1</v></c>"), sst, "malformed XML");
	xlsx_bad(SHEET(""), "<sst><si><t>a</si></sst>", "sharedStrings.xml line 1: malformed XML");
}

static void test_xlsx_sheet_by_name_and_1904(void **state)
{
	(void)state;
	char dir[TU_PATH_MAX], path[TU_PATH_MAX];
	const char *names[] = { "About", "Statements" };
	const char *sheets[] = { SHEET("<row><c t=\"inlineStr\"><is><t>about</t></is></c></row>"),
				 SHEET("<row><c t=\"inlineStr\"><is><t>rows</t></is></c></row>") };
	tu_tmpdir(dir);
	tu_join(path, dir, "t.xlsx");
	make_xlsx(path, names, sheets, 2, NULL, true);
	struct got g = { 0 };
	struct hta_err err = { 0 };
	struct hta_xlsx_info info;
	assert_int_equal(hta_xlsx_read_file(path, "t.xlsx", "Statements", collect, &g, &info, &err), 0);
	assert_string_equal(g.text, "1:1=rows\n");
	assert_true(info.date1904);
	memset(&g, 0, sizeof(g));
	assert_int_equal(hta_xlsx_read_file(path, "t.xlsx", "Elsewhere", collect, &g, &info, &err), 0);
	assert_string_equal(g.text, "1:1=about\n"); /* no such sheet: the first */
	assert_string_equal(info.sheet, "About");
	tu_rmtree(dir);
}

static void test_xlsx_not_a_zip(void **state)
{
	(void)state;
	struct hta_err err = { 0 };
	assert_int_equal(hta_xlsx_read_mem("PK\3\4junk", 8, "m.xlsx", NULL, collect, NULL, NULL, &err),
			 HTA_EINVAL);
	assert_non_null(strstr(err.msg, "m.xlsx: not a readable XLSX"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csv_records),
		cmocka_unit_test(test_csv_positions),
		cmocka_unit_test(test_csv_refusals),
		cmocka_unit_test(test_csv_writer_round_trip),
		cmocka_unit_test(test_colname),
		cmocka_unit_test(test_xlsx_cells),
		cmocka_unit_test(test_xlsx_refusals),
		cmocka_unit_test(test_xlsx_sheet_by_name_and_1904),
		cmocka_unit_test(test_xlsx_not_a_zip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
