/*
 * fuzz_import_prowler_csv.c — the prowler-csv importer on arbitrary bytes
 * (see import_common.h for what is checked).
 */
#define FUZZ_IMPORT_FORMAT HTA_IMPORT_PROWLER_CSV
#include "import_common.h"
