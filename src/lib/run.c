/*
 * run.c — the run record's vocabulary and lifetime. Every name a user sees
 * for a tier, an add-on, a pool, a requirement status, a rank kind or a
 * finding code is spelled here and nowhere else (one table each, with its
 * parser), so the store, the renderers and the CLI cannot disagree.
 */
#include "hta/run.h"

#include <string.h>

/* ---- tiers ---- */

static const char *const tier_names[HTA_TIER_COUNT] = { "e1", "i1", "r2" };
static const char *const tier_titles[HTA_TIER_COUNT] = {
	"e1 (essentials, 1-year)", "i1 (implemented, 1-year)", "r2 (risk-based, 2-year)",
};

const char *hta_tier_name(enum hta_tier t)
{
	return t >= 0 && t < HTA_TIER_COUNT ? tier_names[t] : "?";
}

const char *hta_tier_title(enum hta_tier t)
{
	return t >= 0 && t < HTA_TIER_COUNT ? tier_titles[t] : "?";
}

enum hta_tier hta_tier_parse(const char *s)
{
	for (int t = 0; s && t < HTA_TIER_COUNT; t++)
		if (strcmp(s, tier_names[t]) == 0)
			return (enum hta_tier)t;
	return HTA_TIER_NONE;
}

const char *hta_tier_choices(bool usage)
{
	return usage ? "e1|i1|r2" : "e1, i1 or r2";
}

const char *hta_tier_list(void)
{
	return "e1, i1, r2";
}

/* ---- verdicts ---- */

static const char *const verdict_names[2] = { "fail", "pass" };

const char *hta_verdict_name(bool pass)
{
	return verdict_names[pass];
}

int hta_verdict_parse(const char *s)
{
	for (int k = 0; s && k < 2; k++)
		if (strcmp(s, verdict_names[k]) == 0)
			return k;
	return -1;
}

const char *hta_verdict_list(void)
{
	return "pass, fail";
}

/* ---- add-ons ---- */

static const char *const addon_names[] = { NULL, "ai-security", "ai-risk" };

const char *hta_addon_name(enum hta_addon a)
{
	return a > HTA_ADDON_NONE && a <= HTA_ADDON_AI_RISK ? addon_names[a] : NULL;
}

enum hta_addon hta_addon_parse(const char *s)
{
	for (int a = HTA_ADDON_AI_SECURITY; s && a <= HTA_ADDON_AI_RISK; a++)
		if (strcmp(s, addon_names[a]) == 0)
			return (enum hta_addon)a;
	return HTA_ADDON_NONE;
}

unsigned hta_addon_flag(enum hta_addon a)
{
	switch (a) {
	case HTA_ADDON_AI_SECURITY: return HTA_WITH_AI_SECURITY;
	case HTA_ADDON_AI_RISK: return HTA_WITH_AI_RISK;
	default: return 0;
	}
}

const char *hta_addons_str(unsigned addons)
{
	bool sec = addons & HTA_WITH_AI_SECURITY, risk = addons & HTA_WITH_AI_RISK;
	return sec && risk ? "ai-security,ai-risk" : sec ? "ai-security" : risk ? "ai-risk" : "";
}

unsigned hta_addons_parse(const char *s)
{
	unsigned a = 0;
	while (s && *s) {
		size_t n = strcspn(s, ",");
		for (int k = HTA_ADDON_AI_SECURITY; k <= HTA_ADDON_AI_RISK; k++)
			if (strlen(addon_names[k]) == n && memcmp(s, addon_names[k], n) == 0)
				a |= hta_addon_flag((enum hta_addon)k);
		s += n;
		s += *s == ',';
	}
	return a;
}

/* ---- pools ---- */

static const char *const pool_names[] = { "out", "domain", "compliance", "ai-security",
					  "ai-risk" };

const char *hta_pool_name(enum hta_pool pool)
{
	return pool >= 0 && pool <= HTA_POOL_AI_RISK ? pool_names[pool] : "?";
}

int hta_pool_parse(const char *s)
{
	for (int i = 0; s && i <= HTA_POOL_AI_RISK; i++)
		if (strcmp(s, pool_names[i]) == 0)
			return i;
	return -1;
}

const char *hta_pool_label(const struct hta_run *run, enum hta_pool pool, int domain)
{
	switch (pool) {
	case HTA_POOL_AI_SECURITY: return "AI Security";
	case HTA_POOL_AI_RISK: return "AI Risk Management";
	case HTA_POOL_COMPLIANCE: return "Compliance factors";
	default:
		return domain >= 1 && domain <= HTA_DOMAINS && run->domains[domain].name
			       ? run->domains[domain].name : "?";
	}
}

const struct hta_run_pool *hta_req_pool(const struct hta_run *run, const struct hta_run_req *r)
{
	switch (r->pool) {
	case HTA_POOL_AI_SECURITY: return &run->ai_security;
	case HTA_POOL_AI_RISK: return &run->ai_risk;
	case HTA_POOL_COMPLIANCE: return &run->compliance;
	default:
		return r->domain >= 1 && r->domain <= HTA_DOMAINS ? &run->domains[r->domain] : NULL;
	}
}

const char *hta_req_pool_key(const struct hta_run *run, const struct hta_run_req *r)
{
	switch (r->pool) {
	case HTA_POOL_AI_SECURITY:
	case HTA_POOL_AI_RISK:
	case HTA_POOL_COMPLIANCE:
		return pool_names[r->pool];
	default:
		return r->domain >= 1 && r->domain <= HTA_DOMAINS ? run->domains[r->domain].key : "?";
	}
}

/* ---- statuses and rank kinds ---- */

static const char *const status_names[] = { "scored", "not_applicable", "no_evidence" };

const char *hta_status_name(enum hta_req_status status)
{
	return status >= 0 && status <= HTA_ST_NO_EVIDENCE ? status_names[status] : "?";
}

int hta_status_parse(const char *s)
{
	for (int i = 0; s && i <= HTA_ST_NO_EVIDENCE; i++)
		if (strcmp(s, status_names[i]) == 0)
			return i;
	return -1;
}

static const char *const gap_status_names[HTA_GS_COUNT] = {
	"gap", "cap", "blocker", "waived", "no-evidence"
};

const char *hta_gap_status_name(enum hta_gap_status st)
{
	return st >= 0 && st < HTA_GS_COUNT ? gap_status_names[st] : "?";
}

int hta_gap_status_parse(const char *s, size_t n)
{
	for (int i = 0; s && i < HTA_GS_COUNT; i++)
		if (strlen(gap_status_names[i]) == n && strncmp(gap_status_names[i], s, n) == 0)
			return i;
	return -1;
}

enum hta_gap_status hta_gap_kind(const struct hta_run_req *r)
{
	return r->cap ? HTA_GS_CAP : HTA_GS_GAP;
}

const char *hta_gap_label(const struct hta_run_req *r)
{
	return r->cap ? "CAP" : gap_status_names[HTA_GS_GAP];
}

static const char *const fix_names[HTA_FIX_COUNT] = { "fix", "inherit", "wait" };

const char *hta_fix_name(enum hta_fix_kind k)
{
	return k >= 0 && k < HTA_FIX_COUNT ? fix_names[k] : "?";
}

int hta_fix_parse(const char *s)
{
	for (int k = 0; s && k < HTA_FIX_COUNT; k++)
		if (strcmp(s, fix_names[k]) == 0)
			return k;
	return -1;
}

enum hta_fix_kind hta_gap_fix(const struct hta_run_req *r)
{
	return r->dl.fix_inherit ? HTA_FIX_INHERIT : HTA_FIX_WORK;
}

enum hta_fix_kind hta_timeline_fix(const struct hta_run_req *r)
{
	return r->dl.tl_wait ? HTA_FIX_WAIT : hta_gap_fix(r);
}

static const char *const rank_kind_names[] = { "", "plan", "cap", "value" };

const char *hta_rank_kind_name(enum hta_rank_kind kind)
{
	return kind > HTA_RANK_NONE && kind <= HTA_RANK_VALUE ? rank_kind_names[kind] : "";
}

enum hta_rank_kind hta_rank_kind_parse(const char *s)
{
	for (int k = HTA_RANK_PLAN; s && k <= HTA_RANK_VALUE; k++)
		if (strcmp(s, rank_kind_names[k]) == 0)
			return (enum hta_rank_kind)k;
	return HTA_RANK_VALUE;
}

/* ---- finding codes ---- */

static const char *const finding_names[HTA_FIND_COUNT] = {
	[HTA_FIND_NO_EVIDENCE] = "no-evidence",
	[HTA_FIND_NO_ARTIFACT] = "no-artifact",
	[HTA_FIND_ARTIFACT_MISSING] = "artifact-missing",
	[HTA_FIND_ARTIFACT_OUTSIDE] = "artifact-outside-root",
	[HTA_FIND_ARTIFACT_NOT_FILE] = "artifact-not-file",
	[HTA_FIND_ARTIFACT_REFUSED] = "artifact-refused",
	[HTA_FIND_DATE_MISSING] = "date-missing",
	[HTA_FIND_DATE_FUTURE] = "date-future",
	[HTA_FIND_STALE] = "stale",
	[HTA_FIND_TOO_RECENT] = "too-recent",
	[HTA_FIND_MANAGED_ABOVE] = "managed-above-measured",
	[HTA_FIND_NEVER_NA] = "never-na",
	[HTA_FIND_INHERIT_CAPPED] = "inherit-capped",
	[HTA_FIND_WAIVER_EXPIRED] = "waiver-expired",
	[HTA_FIND_OUT_OF_SCOPE] = "out-of-scope",
	[HTA_FIND_MANIFEST_REFUSED] = "manifest-refused",
	[HTA_FIND_ARTIFACT_UNREADABLE] = "artifact-unreadable",
	[HTA_FIND_ARTIFACT_REPLACED] = "artifact-replaced",
	[HTA_FIND_ARTIFACT_MODIFIED] = "artifact-modified",
	[HTA_FIND_SCOPE_LOWEST_RISK] = "scope-lowest-risk",
	[HTA_FIND_MANIFEST_MISNAMED] = "manifest-misnamed",
};

const char *hta_finding_name(enum hta_finding_code code)
{
	return code >= 0 && code < HTA_FIND_COUNT && finding_names[code] ? finding_names[code]
									 : "?";
}

int hta_finding_parse(const char *s)
{
	for (int i = 0; s && i < HTA_FIND_COUNT; i++)
		if (finding_names[i] && strcmp(s, finding_names[i]) == 0)
			return i;
	return -1;
}

bool hta_finding_summarised(enum hta_finding_code code)
{
	return code == HTA_FIND_NO_EVIDENCE || code == HTA_FIND_OUT_OF_SCOPE;
}

void hta_run_summarised(const struct hta_run *run, size_t *no_evidence, size_t *out_of_scope)
{
	size_t ne = 0, oos = 0;
	for (size_t k = 0; k < run->n_findings; k++) {
		ne += run->findings[k].code == HTA_FIND_NO_EVIDENCE;
		oos += run->findings[k].code == HTA_FIND_OUT_OF_SCOPE;
	}
	if (no_evidence)
		*no_evidence = ne;
	if (out_of_scope)
		*out_of_scope = oos;
}

/* ---- gates ---- */

static const char *const gate_names[HTA_GATE_COUNT] = { "domains", "new", "gaps", "caps",
							"score" };

const char *hta_gate_name(enum hta_gate g)
{
	return g >= 0 && g < HTA_GATE_COUNT ? gate_names[g] : "?";
}

int hta_gate_parse(const char *s)
{
	for (int g = 0; s && g < HTA_GATE_COUNT; g++)
		if (strcmp(s, gate_names[g]) == 0)
			return g;
	return -1;
}

const char *hta_gate_choices(void)
{
	return "domains, new, gaps, caps, score";
}

/* ---- lifetime ---- */

void hta_run_free(struct hta_run *run)
{
	hta_arena_free(&run->arena);
	memset(run, 0, sizeof(*run));
}
