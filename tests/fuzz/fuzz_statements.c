/*
 * fuzz_statements.c — a catalog statements file: the input is the one file
 * under statements/ of a catalog directory whose catalog.yaml is the
 * shipped one (controls/catalog.yaml: every domain, factor, compliance
 * factor and control reference).
 */
#include "catalog_common.h"

static char dir[4096], file[4096];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	char p[4096];
	fuzz_mkdir(fuzz_path(dir, sizeof(dir), "stm"));
	fuzz_mkdir(fuzz_path(p, sizeof(p), "stm/statements"));
	fuzz_copy_src("controls/catalog.yaml", fuzz_path(p, sizeof(p), "stm/catalog.yaml"));
	fuzz_path(file, sizeof(file), "stm/statements/fuzz.yaml");
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_write(file, data, size);
	catalog_one(dir);
	return 0;
}
