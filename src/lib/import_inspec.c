/*
 * import_inspec.c — Chef InSpec's JSON reporter (1.x to 5.x) and MITRE's
 * OHDF, streamed through yajl: profiles[].controls[] with an `id`, the
 * results[] of each control (`status`, `start_time`), `tags.nist` (800-53
 * ids; r4 unless the list says "Rev_5") and `waiver_data`.
 *
 * Each result counts once: passed passed; failed and error not passed;
 * skipped left out, except under a waiver (a non-empty `waiver_data` on
 * its control), where a skipped result is not passed. The top-level
 * `controls` list of InSpec 1.x repeats the profiles' results and is not
 * read. A control's results are rolled up as counts while it streams, so a
 * control's keys may come in any order.
 */
#include "import_int.h"

#include <string.h>

#define SMALL 80

struct insp {
	bool saw_profiles;
	size_t controls;
	/* the current control */
	struct hta_buf id;
	bool has_id, waived, rev5;
	size_t pass, fail, skip, other_untimed, skip_untimed;
	long long newest;
	bool has_time;
	struct hta_buf nist;     /* NUL-separated */
	size_t n_nist;
	/* the current result */
	char status[SMALL], start[SMALL];
	size_t status_n, start_n;
	bool has_status, has_start, start_over;
};

/* Depth 5 is a control of profiles[].controls[]. */
static bool at_control(const struct import_json *j)
{
	return j->depth >= 5 && j->is_map[1] && strcmp(j->key[1], "profiles") == 0 &&
	       !j->is_map[2] && j->is_map[3] && strcmp(j->key[3], "controls") == 0 &&
	       !j->is_map[4] && j->is_map[5];
}

static bool at_result(const struct import_json *j)
{
	return j->depth >= 7 && at_control(j) && strcmp(j->key[5], "results") == 0 &&
	       !j->is_map[6] && j->is_map[7];
}

static int i_open(struct import_json *j, bool map)
{
	struct insp *p = j->user;
	unsigned d = j->depth;
	if (d == 1 && !map)
		return import_json_fail(j, "expected an InSpec JSON object, found an array");
	if (d == 2 && strcmp(j->key[1], "profiles") == 0)
		p->saw_profiles = true;
	if (d == 5 && map && at_control(j)) {
		p->id.len = 0;
		p->has_id = p->waived = p->rev5 = p->has_time = false;
		p->pass = p->fail = p->skip = p->other_untimed = p->skip_untimed = 0;
		p->nist.len = 0;
		p->n_nist = 0;
	}
	if (d == 7 && map && at_result(j))
		p->has_status = p->has_start = p->start_over = false;
	if (d == 6 && at_control(j) && strcmp(j->key[5], "waiver_data") == 0 && !map)
		p->waived = true; /* not an object, but not empty either */
	return 1;
}

static int i_result(struct import_json *j, struct insp *p)
{
	if (!p->has_status)
		return import_json_fail(j, "control %zu: a result has no status", p->controls + 1);
	long long t = 0;
	bool has_t = p->has_start;
	if (has_t && (p->start_over || hta_import_time_parse(p->start, p->start_n, &t)))
		return import_json_fail(j, "control %zu: unparseable start_time '%s'", p->controls + 1,
					p->start_over ? "(too long)" : p->start);
	if (has_t && import_time_check(j->c, t, j->c->why, sizeof(j->c->why)))
		return import_json_fail(j, "control %zu: %s", p->controls + 1, j->c->why);
	enum hta_result_class cls = hta_import_classify(HTA_IMPORT_INSPEC, p->status, p->status_n);
	if (cls == HTA_RESULT_PASS)
		p->pass++;
	else if (cls == HTA_RESULT_FAIL)
		p->fail++;
	else
		p->skip++;
	if (!has_t && cls == HTA_RESULT_LEFT_OUT)
		p->skip_untimed++;
	else if (!has_t)
		p->other_untimed++;
	if (has_t && (!p->has_time || t > p->newest)) {
		p->newest = t;
		p->has_time = true;
	}
	return 1;
}

static int i_control(struct import_json *j, struct insp *p)
{
	struct import_ctx *c = j->c;
	p->controls++;
	if (!p->has_id || p->id.failed)
		return p->id.failed ? import_json_fail(j, "out of memory")
				    : import_json_fail(j, "control %zu has no id", p->controls);
	size_t pass = p->pass, fail = p->fail, skip = p->skip, untimed = p->other_untimed;
	if (p->waived) { /* skipped under a waiver: not passed */
		fail += skip;
		untimed += p->skip_untimed;
		skip = 0;
	}
	if (pass + fail + skip == 0)
		return 1;
	/* a control's newest time stands for its timed results; the counted
	 * ones without a time take the file's newest */
	if (import_results(c, p->id.s, p->id.len, pass, fail, skip, untimed, "skipped", 7,
			   p->has_time, p->newest))
		return import_json_fail(j, "control %s: %s", p->id.s, c->why);
	const char *s = p->nist.s;
	for (size_t i = 0; i < p->n_nist; i++) {
		size_t n = strlen(s);
		const char *fw = p->rev5 ? "NIST-800-53-Revision-5" : "NIST-800-53-Revision-4";
		if (import_framework_id(c, p->id.s, p->id.len, fw, strlen(fw), s, n))
			return import_json_fail(j, "control %s: %s", p->id.s, c->why);
		s += n + 1;
	}
	return 1;
}

static int i_close(struct import_json *j, bool map)
{
	struct insp *p = j->user;
	unsigned d = j->depth;
	if (d == 1 && !p->saw_profiles)
		return import_json_fail(j, "no profiles[] list: not InSpec JSON reporter output or OHDF");
	if (d == 7 && map && at_result(j))
		return i_result(j, p);
	if (d == 5 && map && at_control(j))
		return i_control(j, p);
	return 1;
}

static int i_scalar(struct import_json *j, enum import_json_type t, const char *s, size_t n, bool b)
{
	struct insp *p = j->user;
	unsigned d = j->depth;
	(void)b;
	if (d < 5 || !at_control(j))
		return 1;
	const char *k = j->key[5];
	if (d == 5 && strcmp(k, "id") == 0 && t == IJ_STRING) {
		if (n > 1024)
			return import_json_fail(j, "control id of %zu bytes", n);
		p->id.len = 0;
		hta_buf_add(&p->id, s, n);
		hta_buf_add(&p->id, "", 1);
		p->id.len = n;
		p->has_id = true;
	} else if (d == 5 && strcmp(k, "waiver_data") == 0 && t != IJ_NULL) {
		p->waived = true; /* a scalar waiver_data: not the empty object */
	} else if (d == 6 && strcmp(k, "waiver_data") == 0 && j->is_map[6]) {
		p->waived = true; /* a key inside waiver_data */
	} else if (d == 7 && strcmp(k, "tags") == 0 && j->is_map[6] &&
		   strcmp(j->key[6], "nist") == 0 && !j->is_map[7] && t == IJ_STRING) {
		if (import_word_is(s, n, "Rev_5"))
			p->rev5 = true;
		else if (p->n_nist < 256 && n <= 64 && j->c->im->opts.via_crosswalk) {
			hta_buf_add(&p->nist, s, n);
			hta_buf_add(&p->nist, "", 1);
			p->n_nist++;
		}
	} else if (d == 7 && at_result(j) && t == IJ_STRING) {
		if (strcmp(j->key[7], "status") == 0) {
			p->has_status = true;
			p->status_n = n < SMALL ? n : SMALL - 1;
			memcpy(p->status, s, p->status_n);
			p->status[p->status_n] = 0;
		} else if (strcmp(j->key[7], "start_time") == 0) {
			p->has_start = true;
			p->start_over = n >= SMALL;
			p->start_n = p->start_over ? 0 : n;
			memcpy(p->start, s, p->start_n);
			p->start[p->start_n] = 0;
		}
	}
	return 1;
}

int import_inspec(struct import_ctx *c)
{
	static const struct import_json_ops ops = { i_open, i_close, i_scalar };
	struct insp p;
	memset(&p, 0, sizeof(p));
	int rc = import_json_run(c, &ops, &p);
	hta_buf_free(&p.id);
	hta_buf_free(&p.nist);
	return rc;
}
