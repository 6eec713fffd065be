/*
 * import_asff.c — AWS Security Hub findings (ASFF): {"Findings": [...]},
 * {"findings": [...]} or a bare array, streamed through yajl.
 *
 * Per finding: the check is `GeneratorId`; the status `Compliance.Status`
 * (PASSED passed; FAILED, WARNING, NOT_AVAILABLE not passed; any other
 * word, or no Compliance, left out). Precedence: `RecordState` ARCHIVED
 * (left out) before `Workflow.Status` SUPPRESSED (not passed) before the
 * status. The time is `UpdatedAt`. `Compliance.RelatedRequirements`
 * ("HIPAA 164_308_a_1_ii_b 164_312_e_1") carry the crosswalk ids; Prowler
 * 3.3.0 cuts each string at 63-64 characters, so in a string that long the
 * last id may be partial and is dropped.
 */
#include "import_int.h"

#include <string.h>

#define SMALL 80

struct fld {
	char s[SMALL];
	size_t n;
	bool set, over;
};

static void fset(struct fld *f, const char *s, size_t n)
{
	f->set = true;
	f->over = n >= SMALL;
	f->n = f->over ? 0 : n;
	if (!f->over)
		memcpy(f->s, s, n);
	f->s[f->n] = 0;
}

struct asff {
	unsigned fd;             /* depth of a finding object (0: not known yet) */
	bool root_map, saw_list;
	size_t index;
	struct hta_buf check;
	bool has_check, has_compliance;
	struct fld status, workflow, record, updated;
	struct hta_buf reqs;     /* NUL-separated RelatedRequirements strings */
	size_t n_reqs;
};

static bool findings_key(const char *k)
{
	return strcmp(k, "Findings") == 0 || strcmp(k, "findings") == 0;
}

/* True when depth a->fd holds a finding of the findings list. */
static bool in_finding(const struct import_json *j, const struct asff *a)
{
	if (!a->fd || j->depth < a->fd || !j->is_map[a->fd])
		return false;
	if (a->fd == 2)
		return !j->is_map[1];
	return j->is_map[1] && findings_key(j->key[1]) && !j->is_map[2];
}

static int a_open(struct import_json *j, bool map)
{
	struct asff *a = j->user;
	unsigned d = j->depth;
	if (d == 1) {
		a->root_map = map;
		if (!map) {
			a->fd = 2;
			a->saw_list = true;
		}
		return 1;
	}
	if (d == 2 && a->root_map && findings_key(j->key[1])) {
		if (map || a->saw_list)
			return import_json_fail(j, "'%s' is not a list of findings", j->key[1]);
		a->fd = 3;
		a->saw_list = true;
		return 1;
	}
	if (a->fd && d == a->fd && (a->fd == 2 ? !j->is_map[1] : !j->is_map[2] &&
				    findings_key(j->key[1]))) {
		if (!map)
			return import_json_fail(j, "finding %zu is not an object", a->index + 1);
		a->check.len = 0;
		a->has_check = a->has_compliance = false;
		a->status.set = a->workflow.set = a->record.set = a->updated.set = false;
		a->reqs.len = 0;
		a->n_reqs = 0;
		return 1;
	}
	if (d == a->fd + 1 && map && in_finding(j, a) && strcmp(j->key[a->fd], "Compliance") == 0)
		a->has_compliance = true;
	return 1;
}

/* "HIPAA 164_308_a_1_ii_b 164_312_e_1" -> the framework and its ids. */
static int a_reqs(struct import_ctx *c, const char *check, size_t cn, const char *s)
{
	size_t len = strlen(s);
	bool cut = len >= 63; /* Prowler 3.3.0's limit: the last id may be partial */
	const char *p = s, *e = s + len;
	while (p < e && *p == ' ')
		p++;
	const char *fw = p;
	while (p < e && *p != ' ')
		p++;
	size_t fwn = (size_t)(p - fw);
	while (p < e) {
		while (p < e && *p == ' ')
			p++;
		const char *id = p;
		while (p < e && *p != ' ')
			p++;
		if (p == id || (cut && p == e))
			break;
		if (import_framework_id(c, check, cn, fw, fwn, id, (size_t)(p - id)))
			return c->nomem ? HTA_ENOMEM : HTA_EINVAL;
	}
	return 0;
}

static int a_close(struct import_json *j, bool map)
{
	struct asff *a = j->user;
	struct import_ctx *c = j->c;
	if (j->depth == 1 && !a->saw_list)
		return import_json_fail(j, "expected {\"Findings\": [...]} or an array of ASFF findings");
	if (!a->fd || j->depth != a->fd || !map || !in_finding(j, a))
		return 1;
	a->index++;
	if (!a->has_check || a->check.failed)
		return a->check.failed ? import_json_fail(j, "out of memory")
				       : import_json_fail(j, "finding %zu has no GeneratorId", a->index);
	long long t = 0;
	bool has_t = a->updated.set;
	if (has_t && (a->updated.over || hta_import_time_parse(a->updated.s, a->updated.n, &t)))
		return import_json_fail(j, "finding %zu: unparseable UpdatedAt '%s'", a->index,
					a->updated.over ? "(too long)" : a->updated.s);
	enum hta_result_class cls;
	const char *word = a->status.set ? a->status.s : "no Compliance";
	size_t wn = strlen(word);
	if (a->record.set && import_word_is(a->record.s, a->record.n, "ARCHIVED")) {
		cls = HTA_RESULT_LEFT_OUT;
		word = "ARCHIVED";
		wn = 8;
	} else if (a->workflow.set && import_word_is(a->workflow.s, a->workflow.n, "SUPPRESSED")) {
		cls = HTA_RESULT_FAIL;
	} else if (!a->has_compliance || !a->status.set) {
		cls = HTA_RESULT_LEFT_OUT;
	} else {
		cls = hta_import_classify(HTA_IMPORT_ASFF, a->status.s, a->status.n);
	}
	const char *check = a->check.s;
	size_t cn = a->check.len;
	if (import_result(c, check, cn, cls, word, wn, has_t, t))
		return import_json_fail(j, "finding %zu: %s", a->index, c->why);
	if (a->reqs.failed)
		return import_json_fail(j, "out of memory");
	const char *p = a->reqs.s;
	for (size_t i = 0; i < a->n_reqs; i++) {
		if (a_reqs(c, check, cn, p))
			return import_json_fail(j, "finding %zu: %s", a->index, c->why);
		p += strlen(p) + 1;
	}
	return 1;
}

static int a_scalar(struct import_json *j, enum import_json_type t, const char *s, size_t n, bool b)
{
	struct asff *a = j->user;
	unsigned d = j->depth;
	(void)b;
	if (d == 1 && !a->root_map)
		return import_json_fail(j, "finding %zu is not an object", a->index + 1);
	if (!in_finding(j, a) || t != IJ_STRING)
		return 1;
	unsigned f = a->fd;
	const char *k = j->key[f];
	if (d == f) {
		if (strcmp(k, "GeneratorId") == 0) {
			if (n > 1024)
				return import_json_fail(j, "finding %zu: GeneratorId of %zu bytes",
							a->index + 1, n);
			a->check.len = 0;
			hta_buf_add(&a->check, s, n);
			hta_buf_add(&a->check, "", 1);
			a->check.len = n;
			a->has_check = true;
		} else if (strcmp(k, "RecordState") == 0) {
			fset(&a->record, s, n);
		} else if (strcmp(k, "UpdatedAt") == 0) {
			fset(&a->updated, s, n);
		}
		return 1;
	}
	if (d == f + 1 && j->is_map[f + 1]) {
		if (strcmp(k, "Compliance") == 0 && strcmp(j->key[f + 1], "Status") == 0)
			fset(&a->status, s, n);
		else if (strcmp(k, "Workflow") == 0 && strcmp(j->key[f + 1], "Status") == 0)
			fset(&a->workflow, s, n);
		return 1;
	}
	if (d == f + 2 && j->c->im->opts.via_crosswalk && strcmp(k, "Compliance") == 0 &&
	    j->is_map[f + 1] && strcmp(j->key[f + 1], "RelatedRequirements") == 0 &&
	    !j->is_map[f + 2] && a->n_reqs < 4096 && n <= 4096) {
		hta_buf_add(&a->reqs, s, n);
		hta_buf_add(&a->reqs, "", 1);
		a->n_reqs++;
	}
	return 1;
}

int import_asff(struct import_ctx *c)
{
	static const struct import_json_ops ops = { a_open, a_close, a_scalar };
	struct asff a;
	memset(&a, 0, sizeof(a));
	int rc = import_json_run(c, &ops, &a);
	hta_buf_free(&a.check);
	hta_buf_free(&a.reqs);
	return rc;
}
