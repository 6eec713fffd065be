/*
 * fuzz_catalog.c — catalog.yaml: the input is the catalog.yaml of a
 * catalog directory whose statements/ holds the mini catalog's statements.
 */
#include "catalog_common.h"

static char dir[4096], file[4096];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	char p[4096];
	fuzz_mkdir(fuzz_path(dir, sizeof(dir), "cat"));
	fuzz_mkdir(fuzz_path(p, sizeof(p), "cat/statements"));
	fuzz_copy_src("tests/fixtures/catalog-mini/statements/mini.yaml",
		      fuzz_path(p, sizeof(p), "cat/statements/mini.yaml"));
	fuzz_path(file, sizeof(file), "cat/catalog.yaml");
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_write(file, data, size);
	catalog_one(dir);
	return 0;
}
