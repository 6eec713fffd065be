/*
 * fuzz_import_xccdf.c — the xccdf importer on arbitrary bytes
 * (see import_common.h for what is checked).
 */
#define FUZZ_IMPORT_FORMAT HTA_IMPORT_XCCDF
#include "import_common.h"
