/*
 * fuzz_import_asff.c — the asff importer on arbitrary bytes
 * (see import_common.h for what is checked).
 */
#define FUZZ_IMPORT_FORMAT HTA_IMPORT_ASFF
#include "import_common.h"
