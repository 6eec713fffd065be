/*
 * fuzz_json.c — hta_doc_parse() in JSON mode (*.evidence.json): cJSON's
 * strict check first, then the position-keeping YAML reader.
 */
#include "doc_walk.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return doc_one(data, size, HTA_DOC_JSON);
}
