/*
 * fuzz_import_asff.c — the asff importer on arbitrary bytes
 * (see import_common.h for what is checked).
 */
#include "import_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_import(HTA_IMPORT_ASFF, data, size);
}
