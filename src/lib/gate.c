/*
 * gate.c — the one decision of which gates can fail a run and which did.
 */
#include "hta/gate.h"

#include <stdio.h>
#include <string.h>

int hta_gate_list_parse(struct hta_gate_opts *o, const char *list, struct hta_err *err)
{
	unsigned gates = 0;
	const char *s = list;
	for (;;) {
		size_t n = strcspn(s, ",");
		char word[16];
		int g = -1;
		if (n > 0 && n < sizeof(word)) {
			memcpy(word, s, n);
			word[n] = 0;
			g = hta_gate_parse(word);
		}
		if (g < 0)
			return hta_err_set(err, HTA_EINVAL, "--gate: '%s' is not a gate (%s)",
					   hta_shown_n(s, n > 40 ? 40 : n), hta_gate_choices());
		gates |= 1u << g;
		if (!s[n])
			break;
		s += n + 1;
	}
	o->listed = true;
	o->gates = gates;
	return 0;
}

int hta_gates_active(const struct hta_gate_opts *o, unsigned *active, struct hta_err *err)
{
	if (o->listed) {
		if ((o->gates & (1u << HTA_GATE_SCORE)) && o->min_score < 0)
			return hta_err_set(err, HTA_EINVAL,
					   "--gate score needs --min-score X (the score to reach)");
		*active = o->gates;
		return 0;
	}
	unsigned a = 1u << HTA_GATE_DOMAINS;
	if (o->fail_on_new)
		a |= 1u << HTA_GATE_NEW;
	if (o->max_gaps >= 0)
		a |= 1u << HTA_GATE_GAPS;
	if (o->max_caps >= 0)
		a |= 1u << HTA_GATE_CAPS;
	if (o->min_score >= 0)
		a |= 1u << HTA_GATE_SCORE;
	*active = a;
	return 0;
}

bool hta_gates_need_diff(const struct hta_gate_opts *o)
{
	unsigned a = 0;
	return hta_gates_active(o, &a, NULL) == 0 && (a & (1u << HTA_GATE_NEW));
}

/*
 * Why the domain gate failed, for a CI log that has no text summary (-q,
 * a format on standard output): "gate: 2 of 19 scored domains below the
 * 83 threshold (05, 12); AI Security below 83".
 */
static void domains_why(const struct hta_run *run, char *out, size_t size)
{
	char list[HTA_DOMAINS * 4 + 1] = "";
	size_t n = 0;
	int failing = 0, scored = 0, th = 0;
	for (int d = 1; d <= HTA_DOMAINS; d++) {
		const struct hta_run_pool *p = &run->domains[d];
		if (!p->scored)
			continue;
		scored++;
		th = p->threshold;
		if (p->passed)
			continue;
		int k = snprintf(list + n, sizeof(list) - n, "%s%s", failing ? ", " : "", p->key);
		if (k > 0 && (size_t)k < sizeof(list) - n)
			n += (size_t)k;
		failing++;
	}
	int w = 0;
	if (failing)
		w = snprintf(out, size, "gate: %d of %d scored domains below the %d threshold (%s)",
			     failing, scored, th, list);
	else
		w = snprintf(out, size, "gate: every scored domain at or above its threshold");
	if (run->ai_security.scored && !run->ai_security.passed && w > 0 && (size_t)w < size)
		snprintf(out + w, size - (size_t)w, "; AI Security %.2f below %d",
			 run->ai_security.score, run->ai_security.threshold);
}

int hta_gates_decide(const struct hta_run *run, const struct hta_gate_opts *o,
		     const struct hta_diff *d, struct hta_gate_verdict *v, struct hta_err *err)
{
	memset(v, 0, sizeof(*v));
	int rc = hta_gates_active(o, &v->active, err);
	if (rc)
		return rc;
	unsigned on = v->active;
	/* Options given whose gate the list leaves out do not fail the run. */
	if (o->listed) {
		v->ignored = (o->fail_on_new ? 1u << HTA_GATE_NEW : 0) |
			     (o->max_gaps >= 0 ? 1u << HTA_GATE_GAPS : 0) |
			     (o->max_caps >= 0 ? 1u << HTA_GATE_CAPS : 0) |
			     (o->min_score >= 0 ? 1u << HTA_GATE_SCORE : 0);
		v->ignored &= ~on;
	}
	/* Waived gaps are out of --max-gaps / --max-caps (rule 11). */
	int gaps = run->gap_count - run->waived_gaps, caps = run->cap_count - run->waived_caps;
	long max_gaps = o->max_gaps >= 0 ? o->max_gaps : 0;
	long max_caps = o->max_caps >= 0 ? o->max_caps : 0;
	if ((on & (1u << HTA_GATE_DOMAINS)) && !run->pass) {
		v->failed |= 1u << HTA_GATE_DOMAINS;
		domains_why(run, v->why[HTA_GATE_DOMAINS], sizeof(v->why[0]));
	}
	if ((on & (1u << HTA_GATE_GAPS)) && gaps > max_gaps) {
		v->failed |= 1u << HTA_GATE_GAPS;
		snprintf(v->why[HTA_GATE_GAPS], sizeof(v->why[0]),
			 "gate: %d gaps (not waived) exceed --max-gaps %ld", gaps, max_gaps);
	}
	if ((on & (1u << HTA_GATE_CAPS)) && caps > max_caps) {
		v->failed |= 1u << HTA_GATE_CAPS;
		snprintf(v->why[HTA_GATE_CAPS], sizeof(v->why[0]),
			 "gate: %d CAPs (not waived) exceed --max-caps %ld", caps, max_caps);
	}
	if ((on & (1u << HTA_GATE_SCORE)) && run->overall < o->min_score) {
		v->failed |= 1u << HTA_GATE_SCORE;
		snprintf(v->why[HTA_GATE_SCORE], sizeof(v->why[0]),
			 "gate: overall score %.2f is below --min-score %g", run->overall,
			 o->min_score);
	}
	if ((on & (1u << HTA_GATE_NEW)) && d && d->n_new) {
		v->failed |= 1u << HTA_GATE_NEW;
		snprintf(v->why[HTA_GATE_NEW], sizeof(v->why[0]), "gate: %zu new gaps (%s)", d->n_new,
			 o->fail_on_new ? "--fail-on-new" : "--gate new");
	}
	return 0;
}
