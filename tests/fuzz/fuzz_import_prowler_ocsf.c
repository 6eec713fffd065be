/*
 * fuzz_import_prowler_ocsf.c — the prowler-ocsf importer on arbitrary bytes
 * (see import_common.h for what is checked).
 */
#define FUZZ_IMPORT_FORMAT HTA_IMPORT_PROWLER_OCSF
#include "import_common.h"
