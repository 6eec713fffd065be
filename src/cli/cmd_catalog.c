/*
 * cmd_catalog.c — `hitrust-assess catalog list|show|stats|validate|export`.
 */
#include "cli.h"
#include "hta/alloc.h"
#include "hta/catdiff.h"
#include "hta/crosswalk.h"
#include "hta/report.h"
#include "hta/scope.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <limits.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void cond_str(const struct hta_catalog *cat, const struct hta_cond *c, char *out, size_t n)
{
	switch (c->kind) {
	case HTA_COND_BOOL: snprintf(out, n, "%s", cat->factors[c->index].name); break;
	case HTA_COND_LEVEL: snprintf(out, n, "%s>=%d", cat->factors[c->index].name, c->level); break;
	case HTA_COND_COMPLIANCE: snprintf(out, n, "compliance:%s", cat->compliance[c->index].id); break;
	case HTA_COND_AI: snprintf(out, n, "ai:%s", hta_ai_feature_name((enum hta_ai_feature)c->index)); break;
	}
}

static cJSON *stmt_json(const struct hta_catalog *cat, const struct hta_statement *st, bool full)
{
	char buf[128];
	cJSON *o = cJSON_CreateObject();
	if (!o)
		return NULL;
	snprintf(buf, sizeof(buf), "%02d", st->domain);
	cJSON_AddStringToObject(o, "id", st->id);
	cJSON_AddStringToObject(o, "domain", buf);
	cJSON_AddStringToObject(o, "domain_name", cat->domain_name[st->domain]);
	cJSON_AddStringToObject(o, "control_ref", st->control);
	int ci = hta_catalog_control(cat, st->control);
	cJSON_AddStringToObject(o, "control_title", ci >= 0 ? cat->controls[ci].title : "");
	cJSON_AddStringToObject(o, "title", st->title);
	cJSON *tiers = cJSON_AddArrayToObject(o, "tiers");
	for (enum hta_tier t = HTA_TIER_E1; t < HTA_TIER_COUNT; t++)
		if (st->tiers & (1u << t))
			cJSON_AddItemToArray(tiers, cJSON_CreateString(hta_tier_name(t)));
	const char *addon = hta_addon_name(st->addon);
	cJSON_AddItemToObject(o, "addon", addon ? cJSON_CreateString(addon) : cJSON_CreateNull());
	cJSON *when = cJSON_AddArrayToObject(o, "when");
	for (size_t i = 0; i < st->n_when; i++) {
		cond_str(cat, &st->when[i], buf, sizeof(buf));
		cJSON_AddItemToArray(when, cJSON_CreateString(buf));
	}
	cJSON *req = cJSON_AddArrayToObject(o, "requires");
	for (size_t i = 0; i < st->n_requires; i++) {
		cond_str(cat, &st->requires[i], buf, sizeof(buf));
		cJSON_AddItemToArray(req, cJSON_CreateString(buf));
	}
	cJSON_AddBoolToObject(o, "never_na", st->never_na);
	cJSON_AddBoolToObject(o, "oversight", st->oversight);
	cJSON_AddNumberToObject(o, "inheritable", st->inheritable);
	cJSON_AddNumberToObject(o, "effort", st->effort);
	if (full) {
		cJSON_AddStringToObject(o, "statement", st->text);
		cJSON *ev = cJSON_AddObjectToObject(o, "evidence");
		for (int l = 0; l < HTA_LEVEL_COUNT; l++)
			if (st->evidence[l])
				cJSON_AddStringToObject(ev, hta_level_name((enum hta_level)l), st->evidence[l]);
	}
	cJSON *maps = cJSON_AddObjectToObject(o, "maps");
	for (int k = 0; k < HTA_MAP_COUNT; k++) {
		if (!st->maps[k].n)
			continue;
		cJSON *a = cJSON_AddArrayToObject(maps, hta_map_name((enum hta_map_kind)k));
		for (size_t i = 0; i < st->maps[k].n; i++)
			cJSON_AddItemToArray(a, cJSON_CreateString(st->maps[k].v[i]));
	}
	return o;
}

static int print_json(cJSON *j)
{
	char *s = j ? cJSON_Print(j) : NULL;
	cJSON_Delete(j);
	if (!s) {
		die_msg("out of memory");
		return EXIT_ERROR;
	}
	int rc = write_output("-", s, strlen(s)) || write_output("-", "\n", 1) ? EXIT_ERROR : EXIT_PASS;
	cJSON_free(s);
	return rc;
}

static const char *tiers_str(const struct hta_statement *st, char *buf, size_t n)
{
	if (st->addon) {
		snprintf(buf, n, "%s", hta_addon_name(st->addon));
		return buf;
	}
	buf[0] = 0;
	for (enum hta_tier t = HTA_TIER_E1; t < HTA_TIER_COUNT; t++)
		if (st->tiers & (1u << t)) {
			size_t l = strlen(buf);
			snprintf(buf + l, n - l, "%s%s", l ? "," : "", hta_tier_name(t));
		}
	if (st->n_when) {
		size_t l = strlen(buf);
		snprintf(buf + l, n - l, "+");
	}
	return buf;
}

static bool keep(const struct hta_statement *st, enum hta_tier tier, int addon)
{
	if (tier != HTA_TIER_NONE && !(st->tiers & (1u << tier)))
		return false;
	if (addon >= 0 && (int)st->addon != addon)
		return false;
	return true;
}

static int scope_select(const struct hta_catalog *cat, enum hta_tier tier, const char *path,
			struct hta_scope *sc, unsigned char *pool, enum hta_tier *t, unsigned *addons,
			size_t *n);
static void lowest_risk_note(const struct hta_catalog *cat, const struct hta_scope *sc, enum hta_tier t,
			     const char *path, FILE *to);

/*
 * `catalog list`: every statement, or those whose tiers hold --tier; with
 * --scope FILE exactly those an assessment with that scope assesses
 * (--tier then chooses the tier, as it does for an assessment).
 */
static int do_list(const struct hta_catalog *cat, enum hta_tier tier, int addon, int json,
		   const char *scope_path)
{
	unsigned char *pool = NULL;
	if (scope_path) {
		struct hta_scope sc;
		enum hta_tier t;
		if (!(pool = hta_malloc(cat->n_stmts ? cat->n_stmts : 1))) {
			die_msg("out of memory");
			return EXIT_ERROR;
		}
		if (scope_select(cat, tier, scope_path, &sc, pool, &t, NULL, NULL)) {
			hta_free(pool);
			return EXIT_ERROR;
		}
		lowest_risk_note(cat, &sc, t, scope_path, stderr);
		hta_scope_free(&sc);
		tier = HTA_TIER_NONE;
	}
#define KEEP(i) (keep(&cat->stmts[i], tier, addon) && (!pool || pool[i] != HTA_POOL_OUT))
	int rc = EXIT_PASS;
	if (json) {
		cJSON *a = cJSON_CreateArray();
		for (size_t i = 0; a && i < cat->n_stmts; i++)
			if (KEEP(i))
				cJSON_AddItemToArray(a, stmt_json(cat, &cat->stmts[i], false));
		rc = print_json(a);
	} else {
		char tb[64];
		for (size_t i = 0; i < cat->n_stmts; i++) {
			const struct hta_statement *st = &cat->stmts[i];
			if (KEEP(i))
				printf("%-14s %02d  %-6s %-12s %s\n", st->id, st->domain, st->control,
				       tiers_str(st, tb, sizeof(tb)), st->title);
		}
	}
#undef KEEP
	hta_free(pool);
	return rc;
}

static int do_show(const struct hta_catalog *cat, const char *id, int json)
{
	long i = hta_catalog_find(cat, id);
	if (i < 0) {
		die_msg("unknown requirement '%s'", id);
		return EXIT_ERROR;
	}
	const struct hta_statement *st = &cat->stmts[i];
	if (json)
		return print_json(stmt_json(cat, st, true));
	char tb[64], cb[128];
	int ci = hta_catalog_control(cat, st->control);
	printf("%s — %s\n", st->id, st->title);
	printf("domain:      %02d %s\n", st->domain, cat->domain_name[st->domain]);
	printf("control:     %s %s\n", st->control, ci >= 0 ? cat->controls[ci].title : "");
	printf("in:          %s\n", tiers_str(st, tb, sizeof(tb)));
	if (st->n_when) {
		printf("when any of:");
		for (size_t k = 0; k < st->n_when; k++) {
			cond_str(cat, &st->when[k], cb, sizeof(cb));
			printf(" %s", cb);
		}
		printf("\n");
	}
	if (st->n_requires) {
		printf("requires:   ");
		for (size_t k = 0; k < st->n_requires; k++) {
			cond_str(cat, &st->requires[k], cb, sizeof(cb));
			printf(" %s", cb);
		}
		printf("\n");
	}
	if (st->oversight)
		printf("oversight:   the customer's own oversight (never inheritable)\n");
	printf("effort:      %d/5   never N/A: %s   inheritable: %d%%\n", st->effort,
	       st->never_na ? "yes" : "no", st->inheritable);
	printf("defined at:  %s:%u\n\n%s\n", st->file, st->line, st->text);
	for (int l = 0; l < HTA_LEVEL_COUNT; l++)
		if (st->evidence[l])
			printf("\n%-12s %s", hta_level_name((enum hta_level)l), st->evidence[l]);
	printf("\n");
	for (int k = 0; k < HTA_MAP_COUNT; k++) {
		if (!st->maps[k].n)
			continue;
		printf("\n%-12s", hta_map_name((enum hta_map_kind)k));
		for (size_t j = 0; j < st->maps[k].n; j++)
			printf("%s%s", j ? ", " : " ", st->maps[k].v[j]);
	}
	printf("\n");
	return EXIT_PASS;
}

/* Count statements a scope brings in; with `why`, per deciding condition. */
static size_t count_scope(const struct hta_catalog *cat, const struct hta_scope *sc, enum hta_tier tier,
			  unsigned addons, size_t per_pool[5])
{
	unsigned char *pool = hta_malloc(cat->n_stmts ? cat->n_stmts : 1);
	if (!pool)
		return 0;
	size_t n = hta_select(cat, sc, tier, addons, pool);
	for (int p = 0; p < 5; p++)
		per_pool[p] = 0;
	for (size_t i = 0; i < cat->n_stmts; i++)
		per_pool[pool[i]]++;
	hta_free(pool);
	return n;
}

/* `catalog stats --crosswalk NAME`: which source ids the tier's statements map. */
static int do_crosswalk(const struct hta_catalog *cat, enum hta_tier tier, const char *name, int json)
{
	struct hta_crosswalk cw;
	struct hta_err err = { 0 };
	if (hta_crosswalk_load(&cw, cat, name, &err)) {
		report_err(&err);
		return EXIT_ERROR;
	}
	enum hta_tier t = tier != HTA_TIER_NONE ? tier : HTA_TIER_R2;
	size_t covered = hta_crosswalk_cover(&cw, cat, 1u << t, false);
	int rc = EXIT_PASS;
	if (json) {
		cJSON *j = cJSON_CreateObject();
		cJSON_AddStringToObject(j, "crosswalk", cw.name);
		cJSON_AddStringToObject(j, "tier", hta_tier_name(t));
		cJSON_AddNumberToObject(j, "ids", (double)cw.n_items);
		cJSON_AddNumberToObject(j, "mapped", (double)covered);
		cJSON *un = cJSON_AddArrayToObject(j, "unmapped");
		for (size_t i = 0; i < cw.n_items; i++)
			if (!cw.mapped_by[i])
				cJSON_AddItemToArray(un, cJSON_CreateString(cw.items[i].id));
		rc = print_json(j);
	} else {
		printf("%s: %zu of %zu ids mapped by %s statements (%.1f%%)\n", cw.title, covered,
		       cw.n_items, hta_tier_name(t),
		       cw.n_items ? 100.0 * (double)covered / (double)cw.n_items : 0.0);
		for (size_t i = 0; i < cw.n_items; i++)
			if (!cw.mapped_by[i])
				printf("  unmapped: %-22s %s\n", cw.items[i].id, cw.items[i].title);
	}
	hta_crosswalk_free(&cw);
	return rc;
}

/*
 * Load `path` and select what an assessment with that scope would assess
 * (hta_scope_selection: the tier from --tier or the scope, the scope's
 * add-ons). Prints the error itself. `pool` has cat->n_stmts bytes.
 */
static int scope_select(const struct hta_catalog *cat, enum hta_tier tier, const char *path,
			struct hta_scope *sc, unsigned char *pool, enum hta_tier *t, unsigned *addons,
			size_t *n)
{
	struct hta_err err = { 0 };
	if (hta_scope_load(sc, cat, path, path, &err)) {
		report_err(&err);
		return -1;
	}
	if (hta_scope_selection(cat, sc, tier, 0, pool, t, addons, n, &err)) {
		report_err(&err);
		hta_scope_free(sc);
		return -1;
	}
	return 0;
}

/* The one-line notice for a scope left as `init` wrote it. */
static void lowest_risk_note(const struct hta_catalog *cat, const struct hta_scope *sc, enum hta_tier t,
			     const char *path, FILE *to)
{
	if (t == HTA_TIER_R2 && hta_scope_lowest_risk(sc, cat))
		fprintf(to, "note: every r2 factor in %s is at its lowest-risk answer (as init "
			"writes it): answer them before relying on this scope\n", path);
}

/*
 * `catalog stats --scope FILE`: what the scope brings in, and why: the
 * statements an assessment with it assesses, those of the base tier, and
 * those each factor or compliance answer brings in (counted once, under
 * the first condition that holds).
 */
static int scope_stats(const struct hta_catalog *cat, enum hta_tier tier, const char *scope_path, cJSON *j)
{
	struct hta_scope sc;
	enum hta_tier t;
	unsigned addons;
	size_t n, pp[5];
	unsigned char *pool = hta_malloc(cat->n_stmts ? cat->n_stmts : 1);
	size_t *fcount = hta_calloc(cat->n_factors + cat->n_compliance + 1, sizeof(size_t));
	if (!pool || !fcount) {
		hta_free(pool);
		hta_free(fcount);
		die_msg("out of memory");
		return -1;
	}
	if (scope_select(cat, tier, scope_path, &sc, pool, &t, &addons, &n)) {
		hta_free(pool);
		hta_free(fcount);
		return -1;
	}
	size_t base = 0, by_factor = 0, ais = 0, air = 0;
	for (size_t i = 0; i < cat->n_stmts; i++) {
		const struct hta_statement *st = &cat->stmts[i];
		ais += pool[i] == HTA_POOL_AI_SECURITY;
		air += pool[i] == HTA_POOL_AI_RISK;
		if (pool[i] == HTA_POOL_OUT || st->addon)
			continue;
		if (!st->n_when) {
			base++;
			continue;
		}
		by_factor++;
		for (size_t k = 0; k < st->n_when; k++) {
			const struct hta_cond *cnd = &st->when[k];
			size_t slot = cnd->kind == HTA_COND_COMPLIANCE
					      ? cat->n_factors + (size_t)cnd->index
					      : (size_t)cnd->index;
			if (cnd->kind != HTA_COND_AI && hta_cond_holds(&sc, cat, cnd)) {
				fcount[slot]++;
				break;
			}
		}
	}
	/* What each add-on not in the scope would bring (AI: rule-based
	 * when the scope says nothing of AI). */
	struct hta_scope hint = sc;
	if (!hint.has_ai)
		hint.ai |= 1u << HTA_AI_RULE_BASED;
	count_scope(cat, &hint, t, HTA_WITH_AI_SECURITY | HTA_WITH_AI_RISK, pp);
	bool low = t == HTA_TIER_R2 && hta_scope_lowest_risk(&sc, cat);
	if (j) {
		cJSON *o = cJSON_AddObjectToObject(j, "scope");
		cJSON_AddStringToObject(o, "file", scope_path);
		cJSON_AddStringToObject(o, "tier", hta_tier_name(t));
		cJSON *ad = cJSON_AddArrayToObject(o, "addons");
		for (enum hta_addon a = HTA_ADDON_AI_SECURITY; a <= HTA_ADDON_AI_RISK; a++)
			if (addons & hta_addon_flag(a))
				cJSON_AddItemToArray(ad, cJSON_CreateString(hta_addon_name(a)));
		cJSON_AddNumberToObject(o, "statements", (double)n);
		cJSON_AddNumberToObject(o, "base", (double)base);
		cJSON *w = cJSON_AddObjectToObject(o, "brought_in_by");
		for (size_t k = 0; k < cat->n_factors + cat->n_compliance; k++)
			if (fcount[k])
				cJSON_AddNumberToObject(w, k < cat->n_factors ? cat->factors[k].name
					: cat->compliance[k - cat->n_factors].id, (double)fcount[k]);
		cJSON_AddNumberToObject(o, "ai_security", (double)pp[HTA_POOL_AI_SECURITY]);
		cJSON_AddNumberToObject(o, "ai_risk", (double)pp[HTA_POOL_AI_RISK]);
		cJSON_AddBoolToObject(o, "lowest_risk", low);
	} else {
		printf("\nscope %s (%s%s%s): %zu statements assessed = %zu base + %zu brought in by "
		       "factors", scope_path, hta_tier_name(t),
		       addons & HTA_WITH_AI_SECURITY ? " + ai-security" : "",
		       addons & HTA_WITH_AI_RISK ? " + ai-risk" : "", n, base, by_factor);
		if (addons)
			printf(" + %zu add-on", ais + air);
		printf("\n");
		for (size_t k = 0; k < cat->n_factors + cat->n_compliance; k++)
			if (fcount[k])
				printf("  %-24s +%zu\n", k < cat->n_factors ? cat->factors[k].name
					: cat->compliance[k - cat->n_factors].id, fcount[k]);
		if (!(addons & HTA_WITH_AI_SECURITY) || !(addons & HTA_WITH_AI_RISK))
			printf("  with --ai-security: +%zu; with --ai-risk: +%zu\n",
			       pp[HTA_POOL_AI_SECURITY], pp[HTA_POOL_AI_RISK]);
		lowest_risk_note(cat, &sc, t, scope_path, stdout);
	}
	hta_free(fcount);
	hta_free(pool);
	hta_scope_free(&sc);
	return 0;
}

static int do_stats(const struct hta_catalog *cat, enum hta_tier tier, const char *scope_path, int json)
{
	struct hta_scope sc;
	struct hta_err err = { 0 };
	size_t pp[5];
	int rc = EXIT_ERROR;
	cJSON *j = json ? cJSON_CreateObject() : NULL;
	if (!json)
		printf("catalog %s %s: %zu statements, %zu control references, %zu r2 factors, "
		       "%zu compliance factors\n  digest (SHA-256 of its files): %s\n", cat->name,
		       cat->version, cat->n_stmts, cat->n_controls, cat->n_factors,
		       cat->n_compliance, cat->digest);
	else {
		cJSON_AddStringToObject(j, "catalog", cat->name);
		cJSON_AddStringToObject(j, "version", cat->version);
		cJSON_AddStringToObject(j, "digest", cat->digest);
		cJSON_AddNumberToObject(j, "statements", (double)cat->n_stmts);
	}
	if (hta_scope_init(&sc, cat, &err)) {
		report_err(&err);
		cJSON_Delete(j);
		return EXIT_ERROR;
	}
	for (enum hta_tier t = HTA_TIER_E1; t < HTA_TIER_COUNT; t++) {
		if (tier != HTA_TIER_NONE && t != tier)
			continue;
		hta_scope_extreme(&sc, cat, HTA_SCOPE_LOWEST);
		size_t lo = count_scope(cat, &sc, t, 0, pp);
		hta_scope_extreme(&sc, cat, HTA_SCOPE_HIGHEST_CORE);
		size_t hi_core = count_scope(cat, &sc, t, 0, pp);
		hta_scope_extreme(&sc, cat, HTA_SCOPE_HIGHEST);
		size_t hi_all = count_scope(cat, &sc, t, 0, pp);
		if (json) {
			cJSON *o = cJSON_AddObjectToObject(j, hta_tier_name(t));
			cJSON_AddNumberToObject(o, "lowest_risk", (double)lo);
			cJSON_AddNumberToObject(o, "every_factor_highest", (double)hi_core);
			cJSON_AddNumberToObject(o, "with_every_compliance_factor", (double)hi_all);
		} else if (t == HTA_TIER_R2) {
			printf("  r2: %zu statements at the lowest-risk answers; %zu with every factor at "
			       "its highest (%zu with every compliance factor too)\n",
			       lo, hi_core, hi_all);
		} else {
			printf("  %s: %zu statements (+%zu compliance-factor statements when every "
			       "compliance factor is chosen)\n", hta_tier_name(t), lo, hi_all - lo);
		}
	}
	/* Add-ons. */
	hta_scope_extreme(&sc, cat, HTA_SCOPE_LOWEST);
	size_t ai_lo = (count_scope(cat, &sc, HTA_TIER_E1, HTA_WITH_AI_SECURITY, pp),
			pp[HTA_POOL_AI_SECURITY]);
	size_t air = (count_scope(cat, &sc, HTA_TIER_E1, HTA_WITH_AI_RISK, pp), pp[HTA_POOL_AI_RISK]);
	hta_scope_extreme(&sc, cat, HTA_SCOPE_HIGHEST);
	size_t ai_hi = (count_scope(cat, &sc, HTA_TIER_E1, HTA_WITH_AI_SECURITY, pp),
			pp[HTA_POOL_AI_SECURITY]);
	if (json) {
		cJSON *o = cJSON_AddObjectToObject(j, "ai_security");
		cJSON_AddNumberToObject(o, "rule_based", (double)ai_lo);
		cJSON_AddNumberToObject(o, "every_feature", (double)ai_hi);
		cJSON_AddNumberToObject(j, "ai_risk", (double)air);
	} else {
		printf("  AI Security: %zu statements for rule-based AI, %zu with every AI feature\n",
		       ai_lo, ai_hi);
		printf("  AI Risk Management: %zu statements\n", air);
	}
	hta_scope_free(&sc);

	if (scope_path && scope_stats(cat, tier, scope_path, j)) {
		cJSON_Delete(j);
		return EXIT_ERROR;
	}
	rc = json ? print_json(j) : EXIT_PASS;
	return rc;
}

/*
 * `catalog export --format oscal [-o FILE]`: the catalog as an OSCAL
 * catalog. The timestamp is $SOURCE_DATE_EPOCH when set (reproducible
 * output), else now.
 */
static int do_export(const struct hta_catalog *cat, const char *out)
{
	long long when = (long long)time(NULL);
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	if (sde && *sde) {
		char *end;
		errno = 0;
		long long v = strtoll(sde, &end, 10);
		if (errno || *end || v < 0) {
			die_msg("SOURCE_DATE_EPOCH: '%s' is not a count of seconds", sde);
			return EXIT_ERROR;
		}
		if (v > 253402300799LL) { /* 9999-12-31T23:59:59Z */
			die_msg("SOURCE_DATE_EPOCH: %s is after 9999-12-31T23:59:59Z, the last "
				"time OSCAL's date-time can say", sde);
			return EXIT_ERROR;
		}
		when = v;
	}
	struct hta_buf b = HTA_BUF_INIT;
	struct hta_err err = { 0 };
	int rc = EXIT_ERROR;
	if (hta_catalog_oscal(cat, when, &b, &err))
		report_err(&err);
	else if (!write_output(out, b.s ? b.s : "", b.len))
		rc = EXIT_PASS;
	hta_buf_free(&b);
	return rc;
}

/* The JSON of the fields of `st` that changed (keys as in `catalog show`). */
static cJSON *changed_json(const struct hta_catalog *cat, const struct hta_statement *st,
			   unsigned fields)
{
	static const char *const keys[HTA_CD_COUNT][3] = {
		[HTA_CD_TITLE] = { "title" }, [HTA_CD_TEXT] = { "statement" },
		[HTA_CD_DOMAIN] = { "domain" }, [HTA_CD_CONTROL] = { "control_ref" },
		[HTA_CD_TIERS] = { "tiers" }, [HTA_CD_ADDON] = { "addon" },
		[HTA_CD_FACTORS] = { "when", "requires" }, [HTA_CD_NEVER_NA] = { "never_na" },
		[HTA_CD_OVERSIGHT] = { "oversight" }, [HTA_CD_INHERITABLE] = { "inheritable" },
		[HTA_CD_EFFORT] = { "effort" }, [HTA_CD_MAPS] = { "maps" },
		[HTA_CD_EVIDENCE] = { "evidence" },
	};
	cJSON *all = stmt_json(cat, st, true), *o = cJSON_CreateObject();
	for (int f = 0; all && o && f < HTA_CD_COUNT; f++)
		for (int k = 0; (fields >> f) & 1 && k < 3 && keys[f][k]; k++) {
			cJSON *v = cJSON_GetObjectItemCaseSensitive(all, keys[f][k]);
			if (v)
				cJSON_AddItemToObject(o, keys[f][k], cJSON_Duplicate(v, 1));
		}
	cJSON_Delete(all);
	return o;
}

static cJSON *side_json(const char *dir, const struct hta_catalog *cat)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "dir", dir);
	cJSON_AddStringToObject(o, "name", cat->name);
	cJSON_AddStringToObject(o, "version", cat->version);
	cJSON_AddStringToObject(o, "digest", cat->digest);
	cJSON_AddNumberToObject(o, "statements", (double)cat->n_stmts);
	return o;
}

/*
 * `catalog diff DIR_A DIR_B`: statements removed, added and changed (by
 * field), then changed settings. Text or JSON; exit 0 whatever differs.
 */
static int do_diff(const char *da, const char *db, int json)
{
	struct hta_catalog a, b;
	struct hta_catdiff d;
	struct hta_err err = { 0 };
	if (load_catalog(&a, da))
		return EXIT_ERROR;
	if (load_catalog(&b, db)) {
		hta_catalog_free(&a);
		return EXIT_ERROR;
	}
	if (hta_catalog_diff(&a, &b, &d, &err)) {
		report_err(&err);
		hta_catalog_free(&a);
		hta_catalog_free(&b);
		return EXIT_ERROR;
	}
	int rc = EXIT_PASS;
	if (json) {
		cJSON *j = cJSON_CreateObject();
		cJSON_AddItemToObject(j, "from", side_json(da, &a));
		cJSON_AddItemToObject(j, "to", side_json(db, &b));
		cJSON *ja = cJSON_AddArrayToObject(j, "added"), *jr = cJSON_AddArrayToObject(j, "removed"),
		      *jc = cJSON_AddArrayToObject(j, "changed"), *js = cJSON_AddArrayToObject(j, "settings");
		for (size_t i = 0; i < d.n; i++) {
			const struct hta_cd_change *c = &d.v[i];
			const struct hta_statement *x = c->a >= 0 ? &a.stmts[c->a] : NULL,
						   *y = c->b >= 0 ? &b.stmts[c->b] : NULL;
			cJSON *o = cJSON_CreateObject();
			cJSON_AddStringToObject(o, "id", y ? y->id : x->id);
			cJSON_AddStringToObject(o, "title", y ? y->title : x->title);
			if (x && y) {
				cJSON *f = cJSON_AddArrayToObject(o, "fields");
				for (int k = 0; k < HTA_CD_COUNT; k++)
					if ((c->fields >> k) & 1)
						cJSON_AddItemToArray(f, cJSON_CreateString(
							hta_cd_field_name((enum hta_cd_field)k)));
				cJSON_AddItemToObject(o, "from", changed_json(&a, x, c->fields));
				cJSON_AddItemToObject(o, "to", changed_json(&b, y, c->fields));
			}
			cJSON_AddItemToArray(x && y ? jc : x ? jr : ja, o);
		}
		for (size_t i = 0; i < d.n_settings; i++) {
			cJSON *o = cJSON_CreateObject();
			cJSON_AddStringToObject(o, "setting", d.settings[i].name);
			cJSON_AddStringToObject(o, "from", d.settings[i].from);
			cJSON_AddStringToObject(o, "to", d.settings[i].to);
			cJSON_AddItemToArray(js, o);
		}
		cJSON *n = cJSON_AddObjectToObject(j, "counts");
		cJSON_AddNumberToObject(n, "added", (double)d.added);
		cJSON_AddNumberToObject(n, "removed", (double)d.removed);
		cJSON_AddNumberToObject(n, "changed", (double)d.changed);
		cJSON_AddNumberToObject(n, "settings", (double)d.n_settings);
		rc = print_json(j);
	} else {
		printf("catalog diff: %s (%s %s) -> %s (%s %s)\n  digest %.12s -> %.12s\n", da,
		       a.name, a.version, db, b.name, b.version, a.digest, b.digest);
		for (size_t i = 0; i < d.n; i++) {
			const struct hta_cd_change *c = &d.v[i];
			const struct hta_statement *st = c->b >= 0 ? &b.stmts[c->b] : &a.stmts[c->a];
			printf("%-8s %-14s ", c->a < 0 ? "added" : c->b < 0 ? "removed" : "changed",
			       st->id);
			if (c->a >= 0 && c->b >= 0) {
				bool first = true;
				for (int k = 0; k < HTA_CD_COUNT; k++)
					if ((c->fields >> k) & 1) {
						printf("%s%s", first ? "" : ", ",
						       hta_cd_field_name((enum hta_cd_field)k));
						first = false;
					}
				printf(": ");
			}
			printf("%s\n", st->title);
		}
		for (size_t i = 0; i < d.n_settings; i++)
			printf("setting  %s: %s -> %s\n", d.settings[i].name, d.settings[i].from,
			       d.settings[i].to);
		printf("%zu added, %zu removed, %zu changed, %zu setting%s changed\n", d.added,
		       d.removed, d.changed, d.n_settings, d.n_settings == 1 ? "" : "s");
	}
	hta_catdiff_free(&d);
	hta_catalog_free(&a);
	hta_catalog_free(&b);
	return rc;
}

/*
 * `catalog validate`'s look for restated obligations, over the whole
 * catalog through a word index (hta_catalog_near_dups): two statements
 * under one control reference sharing 80% or more of their words are an
 * error (they differ only in wording); any two sharing 50% or more are a
 * warning to read them side by side. Returns the errors, or -1.
 */
#define DUP_ERROR_PCT 80
#define DUP_WARN_PCT 50
#define DUP_BUDGET 2000000u
#define DUP_MAX_SHOWN 200u

static int validate_dups(const struct hta_catalog *cat)
{
	struct hta_dup *d;
	size_t n, warned = 0;
	bool truncated;
	struct hta_err err = { 0 };
	if (hta_catalog_near_dups(cat, DUP_WARN_PCT, DUP_BUDGET, &d, &n, &truncated, &err)) {
		report_err(&err);
		return -1;
	}
	int errors = 0;
	for (size_t i = 0; i < n; i++) {
		const struct hta_statement *x = &cat->stmts[d[i].a], *y = &cat->stmts[d[i].b];
		if (d[i].similarity >= DUP_ERROR_PCT && strcmp(x->control, y->control) == 0) {
			if ((size_t)errors < DUP_MAX_SHOWN)
				fprintf(stderr, "%s:%u: %s repeats %s (%s:%u) in substance "
					"(%d%% of words shared)\n", y->file, y->line, y->id,
					x->id, x->file, x->line, d[i].similarity);
			if (errors < INT_MAX)
				errors++;
		} else if (warned++ < DUP_MAX_SHOWN) {
			fprintf(stderr, "%s:%u: warning: %s may restate %s (%s:%u): %d%% of words "
				"shared; one obligation belongs in one statement\n", y->file, y->line,
				y->id, x->id, x->file, x->line, d[i].similarity);
		}
	}
	if ((size_t)errors > DUP_MAX_SHOWN)
		fprintf(stderr, "%zu more statements repeating another not shown\n",
			(size_t)errors - DUP_MAX_SHOWN);
	if (warned > DUP_MAX_SHOWN)
		fprintf(stderr, "warning: %zu more possible restatements not shown\n",
			warned - DUP_MAX_SHOWN);
	if (truncated)
		fprintf(stderr, "warning: the near-duplicate check stopped after %u comparisons; "
			"pairs may be missing\n", DUP_BUDGET);
	hta_free(d);
	return errors;
}

int cmd_catalog(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "tier", required_argument, NULL, 't' },
		{ "addon", required_argument, NULL, 'a' },
		{ "format", required_argument, NULL, 'f' },
		{ "catalog", required_argument, NULL, 'c' },
		{ "scope", required_argument, NULL, 's' },
		{ "crosswalk", required_argument, NULL, 'x' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	enum hta_tier tier = HTA_TIER_NONE;
	int addon = -1, json = 0, oscal = 0, c;
	const char *catalog_dir = NULL, *scope = NULL, *crosswalk = NULL, *out = "-";
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
		switch (c) {
		case 't':
			if ((tier = hta_tier_parse(optarg)) == HTA_TIER_NONE) {
				die_msg("--tier: unknown tier '%s' (%s)", optarg, hta_tier_choices(false));
				return EXIT_ERROR;
			}
			break;
		case 'a':
			if (strcmp(optarg, "none") == 0)
				addon = HTA_ADDON_NONE;
			else if ((addon = hta_addon_parse(optarg)) == HTA_ADDON_NONE)
				addon = -2;
			if (addon == -2) {
				die_msg("--addon: ai-security, ai-risk or none");
				return EXIT_ERROR;
			}
			break;
		case 'f':
			if (strcmp(optarg, "json") == 0)
				json = 1;
			else if (strcmp(optarg, "oscal") == 0)
				oscal = 1;
			else if (strcmp(optarg, "text") != 0) {
				die_msg("--format: text, json or oscal (oscal: export only)");
				return EXIT_ERROR;
			}
			break;
		case 'o': out = optarg; break;
		case 'c': catalog_dir = optarg; break;
		case 's': scope = optarg; break;
		case 'x': crosswalk = optarg; break;
		case 'h':
			printf("usage: hitrust-assess catalog list|show ID|stats|validate [--tier T] "
			       "[--addon A] [--format text|json] [--scope FILE]\n"
			       "       [--crosswalk hipaa|nist-800-53] [--catalog DIR]\n"
			       "       hitrust-assess catalog export [--format oscal] [-o FILE] "
			       "[--catalog DIR]\n"
			       "       hitrust-assess catalog diff DIR_A DIR_B [--format text|json]\n");
			return EXIT_PASS;
		default:
			die_msg("catalog: unknown or incomplete option '%s'", argv[optind - 1]);
			return EXIT_ERROR;
		}
	}
	if (optind >= argc) {
		die_msg("catalog: which action? list, show ID, stats, validate, export or diff");
		return EXIT_ERROR;
	}
	const char *action = argv[optind];
	bool show = strcmp(action, "show") == 0, diff = strcmp(action, "diff") == 0;
	if (diff) {
		if (optind + 3 != argc || catalog_dir || tier >= 0 || addon >= 0 || scope ||
		    crosswalk || oscal || strcmp(out, "-")) {
			die_msg("catalog diff takes two catalog directories and only --format");
			return EXIT_ERROR;
		}
		return do_diff(argv[optind + 1], argv[optind + 2], json);
	}
	if (show ? optind + 2 != argc : optind + 1 != argc) {
		die_msg(show ? "catalog show takes one requirement id" : "catalog %s takes no argument",
			action);
		return EXIT_ERROR;
	}
	bool export = strcmp(action, "export") == 0;
	if (strcmp(action, "list") && !show && strcmp(action, "stats") && strcmp(action, "validate") &&
	    !export) {
		die_msg("catalog: unknown action '%s' (list, show, stats, validate, export, diff)",
			action);
		return EXIT_ERROR;
	}
	if (export ? json : oscal) {
		die_msg(export ? "catalog export: --format oscal (the only export format)"
			       : "--format oscal: only with catalog export");
		return EXIT_ERROR;
	}
	struct hta_catalog cat;
	if (load_catalog(&cat, catalog_dir))
		return EXIT_ERROR;
	int rc;
	if (export)
		rc = do_export(&cat, out);
	else if (strcmp(action, "list") == 0)
		rc = do_list(&cat, tier, addon, json, scope);
	else if (show)
		rc = do_show(&cat, argv[optind + 1], json);
	else if (strcmp(action, "stats") == 0 && crosswalk)
		rc = do_crosswalk(&cat, tier, crosswalk, json);
	else if (strcmp(action, "stats") == 0)
		rc = do_stats(&cat, tier, scope, json);
	else {
		size_t n[HTA_TIER_COUNT] = { 0 }, ais = 0, air = 0;
		for (size_t i = 0; i < cat.n_stmts; i++) {
			for (enum hta_tier t = HTA_TIER_E1; t < HTA_TIER_COUNT; t++)
				n[t] += (cat.stmts[i].tiers >> t) & 1;
			ais += cat.stmts[i].addon == HTA_ADDON_AI_SECURITY;
			air += cat.stmts[i].addon == HTA_ADDON_AI_RISK;
		}
		int dups = validate_dups(&cat);
		if (dups < 0) {
			hta_catalog_free(&cat);
			return EXIT_ERROR;
		}
		if (dups) {
			die_msg("catalog is invalid: %d near-duplicate statements", dups);
			hta_catalog_free(&cat);
			return EXIT_ERROR;
		}
		printf("catalog %s %s is valid: %zu statements (e1 %zu, i1 %zu, r2 %zu before factors; "
		       "AI Security %zu, AI Risk Management %zu)\n", cat.name, cat.version, cat.n_stmts,
		       n[0], n[1], n[2], ais, air);
		rc = EXIT_PASS;
	}
	hta_catalog_free(&cat);
	return rc;
}
