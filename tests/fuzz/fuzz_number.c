/*
 * fuzz_number.c — the value parsers behind coverage percents, weights,
 * scores, ratings and booleans: hta_node_int(), hta_node_hundredths(),
 * hta_node_bool(), hta_rating_parse() and hta_coverage_band().
 *
 * Input: the first byte says how the value was written ('q': quoted,
 * anything else: plain); the rest, up to a NUL, is the value's text.
 */
#include "fuzz.h"
#include "hta/doc.h"
#include "hta/evidence.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	char *s = fuzz_cstr(data + 1, size - 1);
	struct hta_node n = { .kind = HTA_NODE_SCALAR, .line = 1, .col = 1, .s = s,
			      .len = strlen(s), .plain = data[0] != 'q' };
	struct hta_doc d = { .file = "fuzz" };
	struct hta_err err = { 0 };
	struct hta_settings set;
	hta_settings_default(&set);
	long long v = -7;
	bool b;

	if (hta_node_hundredths(&d, &n, "coverage", 100, &v, &err) == 0) {
		FUZZ_ASSERT(n.plain && v >= 0 && v <= 10000);
		int band = hta_coverage_band(&set, (int)(v / 100));
		FUZZ_ASSERT(band % 25 == 0 && band >= 0 && band <= 100);
		/* bands never fall as coverage rises */
		if (v >= 100)
			FUZZ_ASSERT(hta_coverage_band(&set, (int)(v / 100) - 1) <= band);
	} else {
		FUZZ_ASSERT(v == -7 && err.code == HTA_EINVAL && !strchr(err.msg, '\n'));
	}
	v = -7;
	if (hta_node_int(&d, &n, "weight", 0, 100, &v, &err) == 0)
		FUZZ_ASSERT(n.plain && v >= 0 && v <= 100);
	else
		FUZZ_ASSERT(v == -7);
	if (hta_node_int(&d, &n, "records", -(long long)1e15, (long long)1e15, &v, &err) == 0)
		FUZZ_ASSERT(v >= -(long long)1e15 && v <= (long long)1e15);
	if (hta_node_bool(&d, &n, "flag", &b, &err) == 0)
		FUZZ_ASSERT(n.plain && (b == true || b == false));
	int r = hta_rating_parse(s);
	FUZZ_ASSERT(r == -1 || (r >= 0 && r <= 100 && r % 25 == 0));
	for (int p = -1; p <= 101; p += 17)
		FUZZ_ASSERT(hta_coverage_band(&set, p) % 25 == 0);
	free(s);
	return 0;
}
