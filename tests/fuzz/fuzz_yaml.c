/*
 * fuzz_yaml.c — hta_doc_parse() in YAML mode: the reader behind every
 * catalog, scope and manifest file.
 */
#include "doc_walk.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return doc_one(data, size, 0);
}
