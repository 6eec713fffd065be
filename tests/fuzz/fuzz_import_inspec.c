/*
 * fuzz_import_inspec.c — the inspec importer on arbitrary bytes
 * (see import_common.h for what is checked).
 */
#define FUZZ_IMPORT_FORMAT HTA_IMPORT_INSPEC
#include "import_common.h"
