/*
 * test_scope.c — scope.yaml against the mini catalog, and the selection of
 * the statements a run assesses (tiers, factor conditions, compliance
 * statements, AI add-ons).
 */
#include "testutil.h"

#include "hta/catalog.h"
#include "hta/scope.h"

struct fx {
	struct hta_catalog cat;
	char dir[TU_PATH_MAX];
	unsigned char pool[64];
};

static int setup(void **state)
{
	static struct fx f;
	char p[TU_PATH_MAX];
	struct hta_err err;
	if (hta_catalog_load(&f.cat, tu_src_path(p, "tests/fixtures/catalog-mini"), &err) != 0) {
		fprintf(stderr, "cannot load the mini catalog: %s\n", err.msg);
		return -1;
	}
	if (f.cat.n_stmts > sizeof(f.pool))
		return -1;
	tu_tmpdir(f.dir);
	*state = &f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	hta_catalog_free(&f->cat);
	tu_rmtree(f->dir);
	return 0;
}

/* Write `text` as <tmp>/scope.yaml and load it, shown as "scope.yaml". */
static int load(struct fx *f, struct hta_scope *sc, const char *text, struct hta_err *err)
{
	char path[TU_PATH_MAX];
	tu_write(f->dir, "scope.yaml", text);
	hta_err_clear(err);
	int rc = hta_scope_load(sc, &f->cat, tu_join(path, f->dir, "scope.yaml"), "scope.yaml", err);
	if (rc) { /* a failed load leaves the scope empty */
		assert_null(sc->arena.head);
		assert_null(sc->providers);
	}
	return rc;
}

static void expect_bad(struct fx *f, const char *text, const char *where, const char *what)
{
	struct hta_scope sc;
	struct hta_err err;
	int rc = load(f, &sc, text, &err);
	if (rc != HTA_EINVAL)
		fail_msg("expected HTA_EINVAL for <<%s>>, got %d", text, rc);
	if (strncmp(err.msg, where, strlen(where)) != 0)
		fail_msg("message \"%s\" does not start with \"%s\"", err.msg, where);
	assert_contains(err.msg, what);
}

static void test_full_scope(void **state)
{
	struct fx *f = *state;
	struct hta_scope sc;
	struct hta_err err;
	static const char text[] =
		"organization: Acme Health AI\n"
		"assessment: FY2027 r2 readiness\n"
		"as_of: 2026-11-01\n"
		"tier: r2\n"
		"measured_managed: true\n"
		"factors:\n"
		"  records_held: 10_000_000\n"
		"  internet_facing: true\n"
		"compliance: [hipaa]\n"
		"ai:\n"
		"  model_types: [generative, predictive]\n"
		"  rag: true\n"
		"  fine_tuning: false\n"
		"  agents: true\n"
		"providers:\n"
		"  aws: { score: 87.5 }\n"
		"  gcp: { score: 100 }\n"
		"  tiny: { score: 33.33 }\n"
		"  none: { score: 0 }\n";
	if (load(f, &sc, text, &err) != 0)
		fail_msg("%s", err.msg);
	assert_string_equal(sc.file, "scope.yaml");
	assert_string_equal(sc.organization, "Acme Health AI");
	assert_string_equal(sc.assessment, "FY2027 r2 readiness");
	assert_true(sc.has_as_of);
	assert_int_equal(sc.as_of, tu_days("2026-11-01"));
	assert_int_equal(sc.tier, HTA_TIER_R2);
	assert_true(sc.measured_managed);
	int rh = hta_catalog_factor(&f->cat, "records_held");
	int inet = hta_catalog_factor(&f->cat, "internet_facing");
	assert_true(sc.factor_set[rh]);
	assert_int_equal(sc.factor_value[rh], 10000000);
	assert_true(sc.factor_set[inet]);
	assert_int_equal(sc.factor_value[inet], 1);
	assert_int_equal(sc.compliance, 1u << hta_catalog_compliance(&f->cat, "hipaa"));
	assert_true(sc.has_ai);
	assert_int_equal(sc.ai, (1u << HTA_AI_GENERATIVE) | (1u << HTA_AI_PREDICTIVE) |
					(1u << HTA_AI_RAG) | (1u << HTA_AI_AGENTS));
	assert_int_equal(sc.n_providers, 4);
	assert_int_equal(hta_scope_provider(&sc, "aws"), 0);
	assert_int_equal(hta_scope_provider(&sc, "tiny"), 2);
	assert_int_equal(hta_scope_provider(&sc, "azure"), -1);
	/* Scores in hundredths, exactly. */
	assert_int_equal(sc.providers[0].score_h, 8750);
	assert_int_equal(sc.providers[1].score_h, 10000);
	assert_int_equal(sc.providers[2].score_h, 3333);
	assert_int_equal(sc.providers[3].score_h, 0);
	assert_string_equal(sc.providers[1].name, "gcp");
	assert_int_equal(sc.providers[0].line, 16);
	assert_int_equal(sc.providers[2].line, 18);
	assert_int_equal(hta_scope_check(&sc, &f->cat, HTA_TIER_R2, &err), 0);
	hta_scope_free(&sc);
	assert_null(sc.arena.head);
}

static void test_empty_and_default_scope(void **state)
{
	struct fx *f = *state;
	struct hta_scope sc;
	struct hta_err err;
	/* An empty file: every default. */
	assert_int_equal(load(f, &sc, "", &err), 0);
	assert_string_equal(sc.file, "scope.yaml");
	assert_false(sc.has_as_of);
	assert_int_equal(sc.tier, -1);
	assert_false(sc.measured_managed);
	assert_int_equal(sc.n_providers, 0);
	assert_int_equal(sc.compliance, 0);
	assert_int_equal(sc.ai, 0);
	assert_false(sc.has_ai);
	for (size_t i = 0; i < f->cat.n_factors; i++)
		assert_false(sc.factor_set[i]);
	hta_scope_free(&sc);
	/* Null sections are allowed. */
	assert_int_equal(load(f, &sc, "factors:\ncompliance:\nai:\nproviders:\n", &err), 0);
	assert_false(sc.has_ai);
	hta_scope_free(&sc);
	/* No file at all. */
	assert_int_equal(hta_scope_init(&sc, &f->cat, &err), 0);
	assert_null(sc.file);
	assert_int_equal(sc.tier, -1);
	assert_false(sc.factor_set[0]);
	hta_scope_free(&sc);
}

static void test_bad_scopes(void **state)
{
	struct fx *f = *state;
	expect_bad(f, "factors:\n  records_held: 5\n  records: 5\n", "scope.yaml:3:3: ",
		   "unknown factor 'records'");
	expect_bad(f, "compliance: [hipaa, sox]\n", "scope.yaml:1:21: ",
		   "unknown compliance factor 'sox'");
	expect_bad(f, "compliance: hipaa\n", "scope.yaml:1:13: ", "compliance must be a list");
	expect_bad(f, "as_of: 2026-02-30\n", "scope.yaml:1:8: ",
		   "as_of must be a real date as YYYY-MM-DD, not '2026-02-30'");
	expect_bad(f, "as_of: 2026-1-1\n", "scope.yaml:1:8: ", "as_of must be a real date");
	expect_bad(f, "providers:\n  aws: { score: 100.5 }\n", "scope.yaml:2:17: ",
		   "provider score must be between 0 and 100, not 100.5");
	expect_bad(f, "providers:\n  aws: { score: 87.555 }\n", "scope.yaml:2:17: ",
		   "provider score takes at most two decimals");
	expect_bad(f, "providers:\n  aws: { score: -1 }\n", "scope.yaml:2:17: ",
		   "provider score must be a number from 0 to 100");
	expect_bad(f, "providers:\n  aws: { score: high }\n", "scope.yaml:2:17: ",
		   "provider score must be a number");
	expect_bad(f, "providers:\n  aws: {}\n", "scope.yaml:2:8: ",
		   "provider 'aws' needs a score");
	expect_bad(f, "providers:\n  aws: { score: 90, level: 2 }\n", "scope.yaml:2:21: ",
		   "unknown key 'level' in provider");
	expect_bad(f, "providers: [aws]\n", "scope.yaml:1:12: ", "providers must be a mapping");
	expect_bad(f, "tier: r3\n", "scope.yaml:1:7: ", "tier must be e1, i1 or r2, not 'r3'");
	expect_bad(f, "measured_managed: yes\n", "scope.yaml:1:19: ",
		   "measured_managed must be true or false");
	expect_bad(f, "factors:\n  internet_facing: maybe\n", "scope.yaml:2:20: ",
		   "internet_facing must be true or false");
	expect_bad(f, "factors:\n  records_held: -1\n", "scope.yaml:2:17: ",
		   "records_held must be between 0 and");
	expect_bad(f, "factors:\n  records_held: many\n", "scope.yaml:2:17: ",
		   "records_held must be a whole number");
	expect_bad(f, "factors: [records_held]\n", "scope.yaml:1:10: ",
		   "factors must be a mapping");
	expect_bad(f, "ai:\n  model_types: [rag]\n", "scope.yaml:2:17: ",
		   "model type must be rule-based, predictive or generative, not 'rag'");
	expect_bad(f, "ai:\n  rag: sometimes\n", "scope.yaml:2:8: ", "rag must be true or false");
	expect_bad(f, "ai:\n  fine-tuning: true\n", "scope.yaml:2:3: ",
		   "unknown key 'fine-tuning' in ai");
	expect_bad(f, "organisation: Acme\n", "scope.yaml:1:1: ", "unknown key 'organisation' in scope");
	expect_bad(f, "organization: \"\"\n", "scope.yaml:1:15: ", "organization must not be empty");
	expect_bad(f, "- tier: r2\n", "scope.yaml:1:1: ", "scope must be a mapping");
	expect_bad(f, "tier: r2\ntier: e1\n", "scope.yaml:2:1: ", "duplicate key 'tier'");
}

static void test_missing_file(void **state)
{
	struct fx *f = *state;
	struct hta_scope sc;
	struct hta_err err;
	char path[TU_PATH_MAX];
	assert_int_equal(hta_scope_load(&sc, &f->cat, tu_join(path, f->dir, "nope.yaml"),
					"nope.yaml", &err), HTA_EIO);
	assert_contains(err.msg, "nope.yaml");
	assert_null(sc.arena.head);
}

static void test_scope_check(void **state)
{
	struct fx *f = *state;
	struct hta_scope sc;
	struct hta_err err;
	assert_int_equal(load(f, &sc, "factors:\n  records_held: 0\n", &err), 0);
	/* e1 and i1 need no factors. */
	assert_int_equal(hta_scope_check(&sc, &f->cat, HTA_TIER_E1, &err), 0);
	assert_int_equal(hta_scope_check(&sc, &f->cat, HTA_TIER_I1, &err), 0);
	/* r2 names the first missing factor and its question. */
	hta_err_clear(&err);
	assert_int_equal(hta_scope_check(&sc, &f->cat, HTA_TIER_R2, &err), HTA_EINVAL);
	assert_contains(err.msg, "scope.yaml:1:1: "); /* at the factors: key */
	assert_contains(err.msg, "'internet_facing' is missing");
	assert_contains(err.msg, "Reachable from the Internet?");
	assert_not_contains(err.msg, "there is no scope.yaml");
	hta_scope_free(&sc);
	/* Without any scope file, the message says so. */
	assert_int_equal(hta_scope_init(&sc, &f->cat, &err), 0);
	assert_int_equal(hta_scope_check(&sc, &f->cat, HTA_TIER_R2, &err), HTA_EINVAL);
	assert_contains(err.msg, "'records_held' is missing");
	assert_contains(err.msg, "there is no scope.yaml");
	hta_scope_free(&sc);
	/* false and 0 are answers. */
	assert_int_equal(load(f, &sc, "factors: { records_held: 0, internet_facing: false }\n",
			      &err), 0);
	assert_int_equal(hta_scope_check(&sc, &f->cat, HTA_TIER_R2, &err), 0);
	hta_scope_free(&sc);
}

/* The pool of every mini statement, in catalog order, as a string of digits. */
static const char *pools(struct fx *f, const struct hta_scope *sc, enum hta_tier tier,
			 unsigned addons, size_t *n)
{
	static char s[64];
	size_t k = hta_select(&f->cat, sc, tier, addons, f->pool), c = 0;
	for (size_t i = 0; i < f->cat.n_stmts; i++) {
		s[i] = (char)('0' + f->pool[i]);
		c += f->pool[i] != HTA_POOL_OUT;
	}
	s[f->cat.n_stmts] = 0;
	assert_int_equal(k, c); /* the return value counts the in-scope ones */
	if (n)
		*n = k;
	return s;
}

/*
 * Pools as digits: 0 out, 1 domain, 2 compliance, 3 AI Security, 4 AI Risk.
 * Catalog order: T.01 T.02 T.03 T.04 T.05 T.06 T.07 T.08 A.01 A.02 R.01.
 */
static void test_select_tiers(void **state)
{
	struct fx *f = *state;
	struct hta_scope sc;
	struct hta_err err;
	size_t n;
	assert_int_equal(HTA_POOL_DOMAIN, 1);
	assert_int_equal(HTA_POOL_COMPLIANCE, 2);
	assert_int_equal(HTA_POOL_AI_SECURITY, 3);
	assert_int_equal(HTA_POOL_AI_RISK, 4);
	assert_int_equal(hta_scope_init(&sc, &f->cat, &err), 0);
	/* e1: the three [e1, i1, r2] statements. */
	assert_string_equal(pools(f, &sc, HTA_TIER_E1, 0, &n), "11100000000");
	assert_int_equal(n, 3);
	/* i1 adds T.04. */
	assert_string_equal(pools(f, &sc, HTA_TIER_I1, 0, &n), "11110000000");
	assert_int_equal(n, 4);
	/* r2 adds T.05 (no condition); T.06-T.08 need their conditions. */
	assert_string_equal(pools(f, &sc, HTA_TIER_R2, 0, &n), "11111000000");
	assert_int_equal(n, 5);
	hta_scope_free(&sc);
}

static void test_select_factors(void **state)
{
	struct fx *f = *state;
	struct hta_scope sc;
	struct hta_err err;
	assert_int_equal(load(f, &sc, "factors: { records_held: 9_999_999, internet_facing: false }\n",
			      &err), 0);
	assert_string_equal(pools(f, &sc, HTA_TIER_R2, 0, NULL), "11111000000");
	hta_scope_free(&sc);
	/* 10,000,000 records is level 2: T.07 (records_held>=2) comes in. */
	assert_int_equal(load(f, &sc, "factors: { records_held: 10_000_000, internet_facing: false }\n",
			      &err), 0);
	assert_int_equal(hta_factor_level(&f->cat.factors[0], sc.factor_value[0]), 2);
	assert_string_equal(pools(f, &sc, HTA_TIER_R2, 0, NULL), "11111010000");
	/* Factors never touch e1 or i1. */
	assert_string_equal(pools(f, &sc, HTA_TIER_E1, 0, NULL), "11100000000");
	assert_string_equal(pools(f, &sc, HTA_TIER_I1, 0, NULL), "11110000000");
	hta_scope_free(&sc);
	/* Level 3 holds >=2 too; internet_facing brings T.06. */
	assert_int_equal(load(f, &sc, "factors: { records_held: 60000000, internet_facing: true }\n",
			      &err), 0);
	assert_string_equal(pools(f, &sc, HTA_TIER_R2, 0, NULL), "11111110000");
	hta_scope_free(&sc);
	/* An unanswered factor holds no condition. */
	assert_int_equal(load(f, &sc, "factors: { internet_facing: true }\n", &err), 0);
	assert_string_equal(pools(f, &sc, HTA_TIER_R2, 0, NULL), "11111100000");
	hta_scope_free(&sc);
}

static void test_select_compliance(void **state)
{
	struct fx *f = *state;
	struct hta_scope sc;
	struct hta_err err;
	size_t n;
	assert_int_equal(load(f, &sc, "compliance: [hipaa]\n", &err), 0);
	/* e1/i1: the compliance statement T.08 is assessed, pooled apart. */
	assert_string_equal(pools(f, &sc, HTA_TIER_E1, 0, &n), "11100002000");
	assert_int_equal(n, 4);
	assert_string_equal(pools(f, &sc, HTA_TIER_I1, 0, &n), "11110002000");
	/* r2: in its domain. */
	assert_string_equal(pools(f, &sc, HTA_TIER_R2, 0, &n), "11111001000");
	assert_int_equal(n, 6);
	hta_scope_free(&sc);
	/* A statement with a factor condition is never a compliance statement. */
	assert_int_equal(load(f, &sc, "factors: { internet_facing: true }\n", &err), 0);
	assert_string_equal(pools(f, &sc, HTA_TIER_I1, 0, NULL), "11110000000");
	hta_scope_free(&sc);
}

static void test_select_ai(void **state)
{
	struct fx *f = *state;
	struct hta_scope sc;
	struct hta_err err;
	size_t n;
	assert_int_equal(hta_scope_init(&sc, &f->cat, &err), 0);
	/* Add-ons only when asked for. */
	assert_string_equal(pools(f, &sc, HTA_TIER_E1, 0, NULL), "11100000000");
	/* AI Security: A.01 always, A.02 only for generative models. */
	assert_string_equal(pools(f, &sc, HTA_TIER_E1, HTA_WITH_AI_SECURITY, &n), "11100000300");
	assert_int_equal(n, 4);
	assert_string_equal(pools(f, &sc, HTA_TIER_R2, HTA_WITH_AI_RISK, NULL), "11111000004");
	assert_string_equal(pools(f, &sc, HTA_TIER_I1, HTA_WITH_AI_SECURITY | HTA_WITH_AI_RISK, &n),
			    "11110000304");
	assert_int_equal(n, 6);
	hta_scope_free(&sc);
	assert_int_equal(load(f, &sc, "ai: { model_types: [predictive], rag: true }\n", &err), 0);
	assert_string_equal(pools(f, &sc, HTA_TIER_E1, HTA_WITH_AI_SECURITY, NULL), "11100000300");
	hta_scope_free(&sc);
	assert_int_equal(load(f, &sc, "ai: { model_types: [rule-based, generative] }\n", &err), 0);
	assert_string_equal(pools(f, &sc, HTA_TIER_E1, HTA_WITH_AI_SECURITY, NULL), "11100000330");
	/* The scope's AI answers alone bring nothing in without the add-on. */
	assert_string_equal(pools(f, &sc, HTA_TIER_E1, 0, NULL), "11100000000");
	hta_scope_free(&sc);
}

/*
 * `requires`: conjunctive conditions beside `when`. A catalog of its own:
 * Q.01 in every tier but needing the `wireless` topic; Q.02 an r2
 * statement brought in by many records but only with wireless; Q.03 a
 * compliance statement that also needs Internet exposure; Q.04 an AI
 * statement needing both generative models and agents.
 */
static void test_select_requires(void **state)
{
	struct fx *f = *state;
	char p[TU_PATH_MAX], dir[TU_PATH_MAX];
	struct hta_catalog cat;
	struct hta_scope sc;
	struct hta_err err;
	unsigned char pool[8];
	char *top = tu_read(tu_src_path(p, "tests/fixtures/catalog-mini/catalog.yaml"), NULL);
	assert_non_null(top);
	size_t wn = strlen(top) + 128;
	char *wl = malloc(wn);
	assert_non_null(wl);
	/* The mini catalog plus a boolean `wireless` factor. */
	const char *at = strstr(top, "compliance:");
	assert_non_null(at);
	snprintf(wl, wn, "%.*s  - { name: wireless, type: boolean, question: Wi-Fi? }\n%s",
		 (int)(at - top), top, at);
	tu_write(tu_join(dir, f->dir, "req"), "catalog.yaml", wl);
	tu_write(dir, "statements/q.yaml",
		 "statements:\n"
		 "  - { id: Q.01, domain: \"05\", control: \"01.a\", title: a, statement: Wi-Fi uses WPA3.,\n"
		 "      tiers: [e1, i1, r2], requires: [wireless], effort: 1 }\n"
		 "  - { id: Q.02, domain: \"05\", control: \"01.a\", title: b, statement: Rogue AP scans.,\n"
		 "      tiers: [r2], when: [records_held>=2, internet_facing], requires: [wireless], effort: 1 }\n"
		 "  - { id: Q.03, domain: \"12\", control: \"01.a\", title: c, statement: HIPAA logs.,\n"
		 "      tiers: [r2], when: [compliance:hipaa], requires: [internet_facing], effort: 1 }\n"
		 "  - { id: Q.04, domain: \"10\", control: \"10.b\", title: d, statement: Agent limits.,\n"
		 "      addon: ai-security, requires: [ai:generative, ai:agents], effort: 1 }\n");
	free(top);
	free(wl);
	assert_int_equal(hta_catalog_load(&cat, dir, &err), 0);
	assert_int_equal(cat.stmts[0].n_requires, 1);
	assert_int_equal(cat.stmts[1].n_when, 2);
	assert_true(cat.stmts[2].compliance_only); /* requires does not change that */
	struct {
		const char *scope;
		enum hta_tier tier;
		const char *want; /* pools of Q.01..Q.04 */
	} cases[] = {
		/* r2, wireless answered no: neither wireless statement, whatever `when` says. */
		{ "factors: { records_held: 60000000, internet_facing: true, wireless: false }\n",
		  HTA_TIER_R2, "0000" },
		/* wireless yes: Q.01 always; Q.02 when any `when` holds. */
		{ "factors: { records_held: 0, internet_facing: false, wireless: true }\n",
		  HTA_TIER_R2, "1000" },
		{ "factors: { records_held: 0, internet_facing: true, wireless: true }\n",
		  HTA_TIER_R2, "1100" },
		/* Q.03: hipaa AND internet_facing, in r2. */
		{ "factors: { records_held: 0, internet_facing: false, wireless: true }\n"
		  "compliance: [hipaa]\n", HTA_TIER_R2, "1000" },
		{ "factors: { records_held: 0, internet_facing: true, wireless: false }\n"
		  "compliance: [hipaa]\n", HTA_TIER_R2, "0010" },
		/* e1 and i1 are fixed sets: factor requirements are not tested there. */
		{ "factors: { records_held: 0, internet_facing: false, wireless: false }\n"
		  "compliance: [hipaa]\n", HTA_TIER_E1, "1020" },
		{ "factors: { wireless: false }\n", HTA_TIER_I1, "1000" },
		/* AI: both generative models and agents, in any tier. */
		{ "ai: { model_types: [generative], agents: false }\n", HTA_TIER_E1, "1000" },
		{ "ai: { model_types: [predictive], agents: true }\n", HTA_TIER_E1, "1000" },
		{ "ai: { model_types: [generative], agents: true }\n", HTA_TIER_E1, "1003" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char got[8];
		tu_write(dir, "scope.yaml", cases[i].scope);
		if (hta_scope_load(&sc, &cat, tu_join(p, dir, "scope.yaml"), "scope.yaml", &err))
			fail_msg("case %zu: %s", i, err.msg);
		hta_select(&cat, &sc, cases[i].tier, HTA_WITH_AI_SECURITY, pool);
		for (size_t k = 0; k < 4; k++)
			got[k] = (char)('0' + pool[k]);
		got[4] = 0;
		if (strcmp(got, cases[i].want) != 0)
			fail_msg("case %zu (%s): pools %s, want %s", i, cases[i].scope, got,
				 cases[i].want);
		hta_scope_free(&sc);
	}
	hta_catalog_free(&cat);
}

/* hta_scope_load_all reads on past a bad value: every error of the file
 * in the list (unknown keys first, then the sections in order), the first
 * in err, the scope freed; a clean file loads as hta_scope_load does. */
static void test_load_all_lists_every_error(void **state)
{
	struct fx *f = *state;
	struct hta_scope sc;
	struct hta_err err = { 0 };
	struct hta_errlist l = { 0 };
	char path[TU_PATH_MAX];
	tu_write(f->dir, "scope.yaml",
		 "as_of: 2026-02-30\n"
		 "factors: { records_held: -1, internet_facing: maybe, nope: 1 }\n"
		 "typo: 1\n"
		 "compliance: [hipaa, sox]\n"
		 "addons: [ai-magic]\n"
		 "providers: { aws: { score: 101 } }\n");
	tu_join(path, f->dir, "scope.yaml");
	assert_int_equal(hta_scope_load_all(&sc, &f->cat, path, "scope.yaml", &l, &err), HTA_EINVAL);
	assert_null(sc.arena.head);
	assert_int_equal(l.total, 8);
	assert_string_equal(err.msg, l.msg[0]);
	assert_contains(l.msg[0], "scope.yaml:3:1: unknown key 'typo' in scope");
	assert_contains(l.msg[1], "scope.yaml:1:8: as_of must be a real date");
	assert_contains(l.msg[2], "records_held must be between 0 and");
	assert_contains(l.msg[3], "internet_facing must be true or false");
	assert_contains(l.msg[4], "unknown factor 'nope'");
	assert_contains(l.msg[5], "unknown compliance factor 'sox'");
	assert_contains(l.msg[6], "add-on must be ai-security or ai-risk");
	assert_contains(l.msg[7], "provider score must be between 0 and 100");
	hta_errlist_free(&l);
	tu_write(f->dir, "scope.yaml", "as_of: 2026-11-01\nfactors: { records_held: 5 }\n");
	assert_int_equal(hta_scope_load_all(&sc, &f->cat, path, "scope.yaml", &l, &err), 0);
	assert_int_equal(l.total, 0);
	assert_true(sc.has_as_of);
	assert_int_equal(sc.factors_line, 2);
	assert_int_equal(sc.factors_col, 1);
	hta_scope_free(&sc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_load_all_lists_every_error),
		cmocka_unit_test(test_full_scope),
		cmocka_unit_test(test_empty_and_default_scope),
		cmocka_unit_test(test_bad_scopes),
		cmocka_unit_test(test_missing_file),
		cmocka_unit_test(test_scope_check),
		cmocka_unit_test(test_select_tiers),
		cmocka_unit_test(test_select_factors),
		cmocka_unit_test(test_select_compliance),
		cmocka_unit_test(test_select_ai),
		cmocka_unit_test(test_select_requires),
	};
	return cmocka_run_group_tests_name("scope", tests, setup, teardown);
}
