/*
 * import_common.h — the body of the importer fuzz harnesses
 * (fuzz_import_<format>.c): the input is written as a result file and
 * streamed through hta_import_file() against the shipped catalog, with the
 * fixture --map and (on odd sizes) --via-crosswalk, then resolved against
 * an empty evidence tree. The mappings (the --map file, the shipped one,
 * the r4 -> r5 table) do not depend on the input: one import reads them at
 * start-up and every input's import borrows them (hta_import_init_shared),
 * which saves two thirds of an execution's time. Invariants: an error is
 * HTA_EINVAL (with one message per bad file, each on one line) or
 * HTA_ENOMEM; a success never counts more passes than results counted, and
 * no statement's coverage exceeds 100 %.
 */
#include "fuzz.h"
#include "hta/catalog.h"
#include "hta/import.h"

#ifndef FUZZ_IMPORT_FORMAT
#error "define FUZZ_IMPORT_FORMAT (an enum hta_import_format) before including import_common.h"
#endif

static struct hta_catalog cat;
static struct hta_import base; /* holds the mappings, read once */
static char in_path[4096], root[4096], map_path[4096];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	struct hta_err err = { 0 };
	if (hta_catalog_load(&cat, FUZZ_SRCDIR "/controls", &err)) {
		fprintf(stderr, "fuzz_import: %s\n", err.msg);
		abort();
	}
	fuzz_mkdir(fuzz_path(root, sizeof(root), "ev"));
	fuzz_path(in_path, sizeof(in_path), "scan.in");
	snprintf(map_path, sizeof(map_path), "%s", FUZZ_SRCDIR "/tests/fixtures/import/map.csv");
	struct hta_import_opts o = HTA_IMPORT_OPTS_INIT;
	o.format = FUZZ_IMPORT_FORMAT;
	o.into = root;
	o.map_file = map_path;
	o.via_crosswalk = true;
	if (hta_import_init(&base, &cat, &o, &err)) {
		fprintf(stderr, "fuzz_import: %s\n", err.msg);
		abort();
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_write(in_path, data, size);
	struct hta_import_opts o = HTA_IMPORT_OPTS_INIT;
	o.format = FUZZ_IMPORT_FORMAT;
	o.into = root;
	o.map_file = map_path;
	o.via_crosswalk = size % 2;
	o.today = 20789; /* 2026-12-02 */
	struct hta_import im;
	struct hta_err err = { 0 };
	int rc = hta_import_init_shared(&im, &base, &o, &err);
	FUZZ_ASSERT(rc == 0);
	rc = hta_import_file(&im, in_path, &err);
	if (rc) {
		FUZZ_ASSERT(rc == HTA_EINVAL || rc == HTA_ENOMEM);
		FUZZ_ASSERT(rc == HTA_ENOMEM || im.errors.n == 1);
		FUZZ_ASSERT(err.msg[0] && !strchr(err.msg, '\n'));
		hta_import_free(&im);
		return 0;
	}
	FUZZ_ASSERT(im.passed <= im.counted && im.counted + im.left_out == im.results);
	rc = hta_import_resolve(&im, &err);
	FUZZ_ASSERT(rc == 0 || rc == HTA_ENOMEM);
	for (size_t i = 0; rc == 0 && i < im.n_stmts; i++) {
		const struct hta_import_stmt *s = &im.stmts[i];
		FUZZ_ASSERT(s->passed <= s->counted && s->coverage_h <= 10000);
		FUZZ_ASSERT(s->outcome != HTA_STMT_CLAIM || s->counted > 0);
	}
	hta_import_free(&im);
	return 0;
}
