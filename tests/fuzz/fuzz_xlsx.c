/*
 * fuzz_xlsx.c — the workbook's XLSX reader over the input as a zip in
 * memory (libzip, then libxml2's streaming reader on every part): rows in
 * order, cells in ascending columns, within the limits, each string as long
 * as it says; any failure a one-line message.
 */
#include "fuzz.h"
#include "hta/workbook.h"

struct seen {
	unsigned last_row;
	size_t rows;
};

static int on_row(void *ctx, const struct hta_row *r, struct hta_err *err)
{
	(void)err;
	struct seen *s = ctx;
	FUZZ_ASSERT(r->row > s->last_row && r->row <= 1048576);
	s->last_row = r->row;
	FUZZ_ASSERT(++s->rows <= HTA_WB_MAX_ROWS);
	unsigned prev = 0;
	size_t bytes = 0;
	for (size_t i = 0; i < r->n; i++) {
		const struct hta_cell *c = &r->cells[i];
		FUZZ_ASSERT(c->col > prev && c->col <= HTA_WB_MAX_COLS);
		FUZZ_ASSERT(c->len && c->len <= HTA_WB_MAX_CELL && strlen(c->s) == c->len);
		bytes += c->len + 1;
		prev = c->col;
	}
	FUZZ_ASSERT(bytes <= HTA_WB_MAX_ROW_BYTES);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct seen s = { 0, 0 };
	struct hta_err err = { 0 };
	struct hta_xlsx_info info;
	int rc = hta_xlsx_read_mem(data, size, "f.xlsx", HTA_WB_SHEET, on_row, &s, &info, &err);
	if (rc) {
		FUZZ_ASSERT(rc == HTA_EINVAL || rc == HTA_ENOMEM);
		FUZZ_ASSERT(err.msg[0] && !strchr(err.msg, '\n'));
	}
	return 0;
}
