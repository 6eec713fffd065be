/*
 * fuzz_csv.c — the library's CSV reader (csv.h) over the input fed
 * whole and in chunks whose sizes come from the input (the two must give
 * the same rows, or the same error); then the input as a workbook CSV
 * imported into a small evidence tree with hta_workbook_plan() (header,
 * every cell parser, the comparison and the manifest writer), which must
 * succeed or fail with messages, never write, never crash.
 */
#include "fuzz.h"
#include "hta/hash.h"
#include "hta/workbook.h"

static struct hta_catalog cat;
static char root[4096], book[4096];

struct digest {
	uint64_t h;
	size_t rows, cells;
	unsigned last_row;
};

static int on_row(void *ctx, const struct hta_row *r, struct hta_err *err)
{
	(void)err;
	struct digest *d = ctx;
	FUZZ_ASSERT(r->row == d->last_row + 1);
	d->last_row = r->row;
	d->rows++;
	unsigned prev = 0;
	for (size_t i = 0; i < r->n; i++) {
		const struct hta_cell *c = &r->cells[i];
		FUZZ_ASSERT(c->col > prev && c->col <= HTA_WB_MAX_COLS);
		FUZZ_ASSERT(c->len && c->len <= HTA_WB_MAX_CELL && strlen(c->s) == c->len);
		FUZZ_ASSERT(c->line >= 1 && c->lcol >= 1);
		prev = c->col;
		d->h = (d->h ^ hta_hash_bytes(c->s, c->len)) * 1099511628211ull + c->col + r->row;
		d->cells++;
	}
	return 0;
}

static int parse(const uint8_t *data, size_t size, size_t step, struct digest *d,
		 struct hta_err *err)
{
	struct hta_csv *p;
	memset(d, 0, sizeof(*d));
	/* the other readers' options too (Prowler's ';', the mappings' and
	 * matrices' comment lines), chosen by the input's length so every
	 * corpus file stays what it was */
	struct hta_csv_opts o = { .delim = (size & 1) ? ';' : ',', .comments = (size & 2) != 0 };
	if (hta_csv_new(&p, "f.csv", &o, on_row, d))
		abort();
	int rc = 0;
	for (size_t i = 0; i < size && !rc; i += step)
		rc = hta_csv_feed(p, (const char *)data + i, size - i < step ? size - i : step, err);
	if (!rc)
		rc = hta_csv_finish(p, err);
	hta_csv_free(p);
	return rc;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	struct hta_err err = { 0 };
	if (hta_catalog_load(&cat, FUZZ_SRCDIR "/tests/fixtures/catalog-mini", &err)) {
		fprintf(stderr, "fuzz_csv: %s\n", err.msg);
		abort();
	}
	char p[4096];
	fuzz_mkdir(fuzz_path(root, sizeof(root), "ev"));
	fuzz_write(fuzz_path(p, sizeof(p), "ev/a.txt"), "a\n", 2);
	static const char sc[] = "as_of: 2026-11-01\nproviders:\n  aws: { score: 100 }\n";
	fuzz_write(fuzz_path(p, sizeof(p), "ev/scope.yaml"), sc, sizeof(sc) - 1);
	static const char mf[] = "requirement: T.01\nowner: a@b.example\n"
				 "implemented: { rating: FC, artifacts: [a.txt], tested: 2026-10-01 }\n";
	fuzz_write(fuzz_path(p, sizeof(p), "ev/t01.evidence.yaml"), mf, sizeof(mf) - 1);
	fuzz_path(book, sizeof(book), "book.csv");
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct digest whole, parts;
	struct hta_err e1 = { 0 }, e2 = { 0 };
	int r1 = parse(data, size, size ? size : 1, &whole, &e1);
	size_t step = size ? (size_t)data[0] % 7 + 1 : 1;
	int r2 = parse(data, size, step, &parts, &e2);
	FUZZ_ASSERT(r1 == r2);
	if (r1) {
		FUZZ_ASSERT(r1 == HTA_EINVAL && e1.msg[0] && !strchr(e1.msg, '\n'));
		FUZZ_ASSERT(strcmp(e1.msg, e2.msg) == 0);
	} else {
		FUZZ_ASSERT(whole.h == parts.h && whole.rows == parts.rows && whole.cells == parts.cells);
	}

	/* the input as a workbook to import: planned, never applied */
	fuzz_write(book, data, size);
	struct hta_wb_import_opts o = HTA_WB_IMPORT_OPTS_INIT;
	o.file = book;
	o.display = "book.csv";
	o.evidence_root = root;
	struct hta_wb_plan plan;
	struct hta_err err = { 0 };
	int rc = hta_workbook_plan(&cat, &o, &plan, &err);
	if (rc) {
		FUZZ_ASSERT(rc == HTA_EINVAL || rc == HTA_ENOMEM || rc == HTA_EIO);
		FUZZ_ASSERT(err.msg[0] && !strchr(err.msg, '\n'));
		for (size_t i = 0; i < plan.n_errors && i < HTA_WB_MAX_ERRORS; i++)
			FUZZ_ASSERT(plan.errors[i] && plan.errors[i][0] && !strchr(plan.errors[i], '\n'));
	} else {
		FUZZ_ASSERT(plan.n_errors == 0 && plan.unchanged <= plan.rows);
		for (size_t i = 0; i < plan.n_changes; i++)
			FUZZ_ASSERT(plan.changes[i].len > 0 && plan.changes[i].path[0]);
	}
	hta_workbook_plan_free(&plan);
	return 0;
}
