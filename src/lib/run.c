/*
 * run.c — names and lifetime of a run record.
 */
#include "hta/run.h"
#include "hta/scope.h"

#include <string.h>

void hta_run_free(struct hta_run *run)
{
	hta_arena_free(&run->arena);
	memset(run, 0, sizeof(*run));
}

const char *hta_pool_label(const struct hta_run *run, int pool, int domain)
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

static const char *const status_names[] = { "scored", "not_applicable", "no_evidence" };

const char *hta_status_name(int status)
{
	return status >= 0 && status <= HTA_ST_NO_EVIDENCE ? status_names[status] : "?";
}

int hta_status_parse(const char *s)
{
	for (int i = 0; i <= HTA_ST_NO_EVIDENCE; i++)
		if (strcmp(s, status_names[i]) == 0)
			return i;
	return -1;
}

static const char *const pool_names[] = { "out", "domain", "compliance", "ai-security", "ai-risk" };

const char *hta_pool_name(int pool)
{
	return pool >= 0 && pool <= HTA_POOL_AI_RISK ? pool_names[pool] : "?";
}

int hta_pool_parse(const char *s)
{
	for (int i = 0; i <= HTA_POOL_AI_RISK; i++)
		if (strcmp(s, pool_names[i]) == 0)
			return i;
	return -1;
}
