/*
 * fuzz_date.c — hta_date_parse() and hta_date_format(): a date that parses
 * formats back to exactly the same text (the format is canonical), and
 * formatting any day number stays in its 11 bytes.
 */
#include "fuzz.h"
#include "hta/date.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_cstr(data, size);
	int days = 0x5a5a5a5a;
	char out[11];
	if (hta_date_parse(s, &days) == 0) {
		hta_date_format(days, out);
		FUZZ_ASSERT(strcmp(out, s) == 0);
		/* the next and previous days parse back to neighbours */
		int d2;
		if (strcmp(s, "9999-12-31") != 0) {
			hta_date_format(days + 1, out);
			FUZZ_ASSERT(hta_date_parse(out, &d2) == 0 && d2 == days + 1);
		}
		if (strcmp(s, "1900-01-01") != 0) {
			hta_date_format(days - 1, out);
			FUZZ_ASSERT(hta_date_parse(out, &d2) == 0 && d2 == days - 1);
		}
	} else {
		FUZZ_ASSERT(days == 0x5a5a5a5a); /* untouched on failure */
	}
	if (size >= 4) {
		int32_t any;
		memcpy(&any, data, 4);
		/* day numbers of the accepted years and far beyond */
		hta_date_format((int)(any % 5000000), out);
		FUZZ_ASSERT(strlen(out) == 10);
	}
	free(s);
	return 0;
}
