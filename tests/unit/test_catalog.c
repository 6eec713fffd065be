/*
 * test_catalog.c — loading and validating catalogs: the mini fixture in
 * detail, hostile variants of it (each refused with file:line), and the
 * shipped catalog's published counts (contract section 3).
 */
#include "testutil.h"

#include <limits.h>

#include "hta/catalog.h"
#include "hta/scope.h"

/* ---- helpers ---- */

/* The mini fixture's two files, read once per test. */
struct mini {
	char *cat, *stmts;
};

static void mini_read(struct mini *m)
{
	char p[TU_PATH_MAX];
	m->cat = tu_read(tu_src_path(p, "tests/fixtures/catalog-mini/catalog.yaml"), NULL);
	m->stmts = tu_read(tu_src_path(p, "tests/fixtures/catalog-mini/statements/mini.yaml"), NULL);
}

static void mini_free(struct mini *m)
{
	free(m->cat);
	free(m->stmts);
}

/* 1-based line of the first occurrence of `needle` in `text`. */
static unsigned line_of(const char *text, const char *needle)
{
	const char *at = strstr(text, needle);
	if (!at)
		fail_msg("'%s' not in the fixture", needle);
	unsigned line = 1;
	for (const char *p = text; p < at; p++)
		line += *p == '\n';
	return line;
}

/* A copy of `text` with the first `from` replaced by `to` (malloc'd). */
static char *replace(const char *text, const char *from, const char *to)
{
	const char *at = strstr(text, from);
	if (!at)
		fail_msg("'%s' not in the fixture", from);
	size_t a = (size_t)(at - text), fl = strlen(from), tl = strlen(to), rest = strlen(at + fl);
	char *s = malloc(a + tl + rest + 1);
	assert_non_null(s);
	memcpy(s, text, a);
	memcpy(s + a, to, tl);
	memcpy(s + a + tl, at + fl, rest + 1);
	return s;
}

/*
 * Write a catalog to a fresh temp dir (catalog.yaml, statements/mini.yaml
 * and, when `extra` is given, statements/z-extra.yaml), load it, and return
 * the status; the dir is left in `dir` for messages and removed by the caller.
 */
static int load_variant(char *dir, const char *cat_yaml, const char *stmts_yaml,
			const char *extra, struct hta_err *err)
{
	struct hta_catalog cat;
	tu_tmpdir(dir);
	tu_write(dir, "catalog.yaml", cat_yaml);
	tu_write(dir, "statements/mini.yaml", stmts_yaml);
	if (extra)
		tu_write(dir, "statements/z-extra.yaml", extra);
	hta_err_clear(err);
	int rc = hta_catalog_load(&cat, dir, err);
	if (rc == 0)
		hta_catalog_free(&cat);
	/* A failed load leaves the catalog empty. */
	else {
		assert_int_equal(cat.n_stmts, 0);
		assert_null(cat.arena.head);
	}
	return rc;
}

/*
 * Expect the variant refused with HTA_EINVAL and a message that contains
 * "<dir>/<file>:<line>:" and `what`.
 */
static void expect_bad(const char *cat_yaml, const char *stmts_yaml, const char *extra,
		       const char *file, unsigned line, const char *what)
{
	char dir[TU_PATH_MAX], where[TU_PATH_MAX + 64];
	struct hta_err err;
	int rc = load_variant(dir, cat_yaml, stmts_yaml, extra, &err);
	if (rc != HTA_EINVAL)
		fail_msg("expected HTA_EINVAL (%s), got %d: %s", what, rc, err.msg);
	assert_int_equal(err.code, HTA_EINVAL);
	snprintf(where, sizeof(where), "%s/%s:%u:", dir, file, line);
	if (strncmp(err.msg, where, strlen(where)) != 0)
		fail_msg("message \"%s\" does not start with \"%s\"", err.msg, where);
	assert_contains(err.msg, what);
	tu_rmtree(dir);
}

static long find(const struct hta_catalog *cat, const char *id)
{
	long i = hta_catalog_find(cat, id);
	if (i < 0)
		fail_msg("statement %s not found", id);
	return i;
}

/* ---- the mini catalog ---- */

static int mini_setup(void **state)
{
	static struct hta_catalog cat;
	char p[TU_PATH_MAX];
	struct hta_err err;
	if (hta_catalog_load(&cat, tu_src_path(p, "tests/fixtures/catalog-mini"), &err) != 0) {
		fprintf(stderr, "cannot load the mini catalog: %s\n", err.msg);
		return -1;
	}
	*state = &cat;
	return 0;
}

static int mini_teardown(void **state)
{
	hta_catalog_free(*state);
	return 0;
}

static void test_mini_counts_and_settings(void **state)
{
	const struct hta_catalog *cat = *state;
	assert_string_equal(cat->name, "test mini catalog");
	assert_string_equal(cat->version, "test-1");
	assert_int_equal(cat->n_stmts, 11);
	assert_int_equal(cat->n_factors, 2);
	assert_int_equal(cat->n_compliance, 1);
	assert_int_equal(cat->n_controls, 5);
	const struct hta_settings *s = &cat->settings;
	assert_int_equal(s->threshold[HTA_TIER_E1], 83);
	assert_int_equal(s->threshold[HTA_TIER_I1], 83);
	assert_int_equal(s->threshold[HTA_TIER_R2], 62);
	static const int w[HTA_LEVEL_COUNT] = { 15, 20, 40, 10, 15 };
	static const int md[HTA_LEVEL_COUNT] = { 60, 60, 90, 90, 90 };
	for (int l = 0; l < HTA_LEVEL_COUNT; l++) {
		assert_int_equal(s->weight[l], w[l]);
		assert_int_equal(s->maturity_days[l], md[l]);
	}
	assert_int_equal(s->cap_below, 71);
	assert_int_equal(s->stale_days, 365);
	static const int bands[4] = { 10, 32, 65, 89 };
	for (int b = 0; b < 4; b++)
		assert_int_equal(s->coverage_bands[b], bands[b]);
	assert_string_equal(cat->domain_name[1], "Information Protection Program");
	assert_string_equal(cat->domain_name[13], "Education, Training and Awareness");
	assert_string_equal(cat->domain_name[19], "Data Protection & Privacy");
	/* The defaults match the mini catalog's explicit settings. */
	struct hta_settings def;
	hta_settings_default(&def);
	assert_memory_equal(&def, s, sizeof(def));
}

static void test_mini_factors(void **state)
{
	const struct hta_catalog *cat = *state;
	int rh = hta_catalog_factor(cat, "records_held");
	int inet = hta_catalog_factor(cat, "internet_facing");
	assert_int_equal(rh, 0);
	assert_int_equal(inet, 1);
	assert_int_equal(hta_catalog_factor(cat, "records"), -1);
	const struct hta_factor *f = &cat->factors[rh];
	assert_true(f->is_integer);
	assert_int_equal(f->n_bands, 2);
	assert_int_equal(f->bands[0], 10000000);
	assert_int_equal(f->bands[1], 60000000);
	assert_string_equal(f->question, "How many records?");
	/* Level 1 below the first edge, 2 from it, 3 from the second. */
	assert_int_equal(hta_factor_level(f, 0), 1);
	assert_int_equal(hta_factor_level(f, 9999999), 1);
	assert_int_equal(hta_factor_level(f, 10000000), 2);
	assert_int_equal(hta_factor_level(f, 59999999), 2);
	assert_int_equal(hta_factor_level(f, 60000000), 3);
	assert_int_equal(hta_factor_level(f, 1000000000000LL), 3);
	const struct hta_factor *b = &cat->factors[inet];
	assert_false(b->is_integer);
	assert_int_equal(b->n_bands, 0);
	assert_int_equal(hta_factor_level(b, 0), 1);
	assert_int_equal(hta_factor_level(b, 1), 2);
	assert_int_equal(hta_catalog_compliance(cat, "hipaa"), 0);
	assert_int_equal(hta_catalog_compliance(cat, "HIPAA"), -1);
	assert_string_equal(cat->compliance[0].title, "HIPAA Security Rule");
	assert_int_equal(hta_catalog_control(cat, "09.aa"), 3);
	assert_int_equal(hta_catalog_control(cat, "09.a"), -1);
	assert_string_equal(cat->controls[1].title, "User Identification and Authentication");
}

static void test_mini_find(void **state)
{
	const struct hta_catalog *cat = *state;
	static const char *const ids[] = { "T.01", "T.02", "T.03", "T.04", "T.05", "T.06",
					   "T.07", "T.08", "A.01", "A.02", "R.01" };
	for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		assert_int_equal(hta_catalog_find(cat, ids[i]), (long)i);
		assert_string_equal(cat->stmts[i].id, ids[i]);
	}
	assert_int_equal(hta_catalog_find(cat, "T.1"), -1);
	assert_int_equal(hta_catalog_find(cat, "t.01"), -1);
	assert_int_equal(hta_catalog_find(cat, ""), -1);
	assert_int_equal(hta_catalog_find(cat, "T.01 "), -1);
}

static void test_mini_statements(void **state)
{
	const struct hta_catalog *cat = *state;
	const unsigned E1 = 1u << HTA_TIER_E1, I1 = 1u << HTA_TIER_I1, R2 = 1u << HTA_TIER_R2;
	const struct hta_statement *t1 = &cat->stmts[find(cat, "T.01")];
	assert_int_equal(t1->domain, 11);
	assert_string_equal(t1->control, "01.q");
	assert_string_equal(t1->title, "Named accounts");
	assert_contains(t1->text, "one named person");
	assert_int_equal(t1->tiers, E1 | I1 | R2);
	assert_int_equal(t1->addon, HTA_ADDON_NONE);
	assert_true(t1->never_na);
	assert_int_equal(t1->inheritable, 0);
	assert_int_equal(t1->effort, 2);
	assert_int_equal(t1->n_when, 0);
	assert_string_equal(t1->evidence[HTA_POLICY], "p");
	assert_string_equal(t1->evidence[HTA_MANAGED], "g");
	assert_int_equal(t1->maps[HTA_MAP_HIPAA].n, 1);
	assert_string_equal(t1->maps[HTA_MAP_HIPAA].v[0], "164.312(a)(2)(i)");
	assert_string_equal(t1->maps[HTA_MAP_NIST_800_53].v[0], "IA-2");
	assert_int_equal(t1->maps[HTA_MAP_NIST_CSF].n, 0);
	assert_contains(t1->file, "statements/mini.yaml");
	assert_int_equal(t1->line, 2);

	const struct hta_statement *t2 = &cat->stmts[find(cat, "T.02")];
	assert_int_equal(t2->inheritable, 50);
	assert_false(t2->never_na);
	assert_null(t2->evidence[HTA_POLICY]);
	assert_int_equal(cat->stmts[find(cat, "T.04")].tiers, I1 | R2);
	assert_int_equal(cat->stmts[find(cat, "T.05")].tiers, R2);

	/* Conditions. */
	const struct hta_statement *t6 = &cat->stmts[find(cat, "T.06")];
	assert_int_equal(t6->n_when, 1);
	assert_int_equal(t6->when[0].kind, HTA_COND_BOOL);
	assert_int_equal(t6->when[0].index, hta_catalog_factor(cat, "internet_facing"));
	assert_false(t6->compliance_only);
	const struct hta_statement *t7 = &cat->stmts[find(cat, "T.07")];
	assert_int_equal(t7->when[0].kind, HTA_COND_LEVEL);
	assert_int_equal(t7->when[0].index, hta_catalog_factor(cat, "records_held"));
	assert_int_equal(t7->when[0].level, 2);
	assert_false(t7->compliance_only);
	const struct hta_statement *t8 = &cat->stmts[find(cat, "T.08")];
	assert_int_equal(t8->when[0].kind, HTA_COND_COMPLIANCE);
	assert_int_equal(t8->when[0].index, 0);
	assert_true(t8->compliance_only);
	assert_int_equal(t8->tiers, R2);

	const struct hta_statement *a1 = &cat->stmts[find(cat, "A.01")];
	assert_int_equal(a1->addon, HTA_ADDON_AI_SECURITY);
	assert_int_equal(a1->tiers, 0);
	assert_int_equal(a1->n_when, 0);
	assert_false(a1->compliance_only);
	const struct hta_statement *a2 = &cat->stmts[find(cat, "A.02")];
	assert_int_equal(a2->when[0].kind, HTA_COND_AI);
	assert_int_equal(a2->when[0].index, HTA_AI_GENERATIVE);
	assert_false(a2->compliance_only);
	assert_int_equal(cat->stmts[find(cat, "R.01")].addon, HTA_ADDON_AI_RISK);
}

static void test_names(void **state)
{
	(void)state;
	assert_int_equal(hta_ai_feature_parse("rule-based"), HTA_AI_RULE_BASED);
	assert_int_equal(hta_ai_feature_parse("fine-tuning"), HTA_AI_FINE_TUNING);
	assert_int_equal(hta_ai_feature_parse("agents"), HTA_AI_AGENTS);
	assert_int_equal(hta_ai_feature_parse("fine_tuning"), -1);
	for (int f = 0; f < HTA_AI_COUNT; f++)
		assert_int_equal(hta_ai_feature_parse(hta_ai_feature_name((enum hta_ai_feature)f)), f);
	assert_string_equal(hta_map_name(HTA_MAP_NIST_800_53), "nist_800_53");
	assert_string_equal(hta_map_name(HTA_MAP_OWASP_LLM), "owasp_llm");
	assert_int_equal(hta_tier_parse("r2"), HTA_TIER_R2);
	assert_int_equal(hta_tier_parse("R2"), -1);
}

/* ---- hostile catalogs ---- */

static void test_mini_copy_loads(void **state)
{
	(void)state;
	struct mini m;
	char dir[TU_PATH_MAX];
	struct hta_err err;
	mini_read(&m);
	/* The unmodified copy loads: the hostile cases below differ by one edit. */
	assert_int_equal(load_variant(dir, m.cat, m.stmts, NULL, &err), 0);
	tu_rmtree(dir);
	mini_free(&m);
}

static void test_duplicate_id(void **state)
{
	(void)state;
	struct mini m;
	mini_read(&m);
	char dir[TU_PATH_MAX], where[TU_PATH_MAX + 64];
	struct hta_err err;
	static const char extra[] =
		"statements:\n"
		"  - id: T.03\n"
		"    domain: \"12\"\n"
		"    control: \"09.aa\"\n"
		"    title: Again\n"
		"    statement: The same id twice.\n"
		"    tiers: [r2]\n"
		"    effort: 1\n";
	assert_int_equal(load_variant(dir, m.cat, m.stmts, extra, &err), HTA_EINVAL);
	/* Names the second (z-extra.yaml, line 2) and the first (mini.yaml). */
	snprintf(where, sizeof(where), "%s/statements/z-extra.yaml:2:", dir);
	assert_contains(err.msg, where);
	assert_contains(err.msg, "duplicate statement id 'T.03'");
	snprintf(where, sizeof(where), "%s/statements/mini.yaml:%u", dir,
		 line_of(m.stmts, "- id: T.03"));
	assert_contains(err.msg, where);
	tu_rmtree(dir);
	/* Within one file too. */
	char *twice = replace(m.stmts, "id: T.05", "id: T.04");
	expect_bad(m.cat, twice, NULL, "statements/mini.yaml", line_of(m.stmts, "id: T.05"),
		   "duplicate statement id 'T.04'");
	free(twice);
	mini_free(&m);
}

static void test_bad_statements(void **state)
{
	(void)state;
	struct mini m;
	mini_read(&m);
	static const struct {
		const char *from, *to, *what;
	} cases[] = {
		{ "domain: \"12\"", "domain: \"20\"", "unknown domain '20'" },
		{ "domain: \"12\"", "domain: \"00\"", "unknown domain '00'" },
		{ "domain: \"12\"", "domain: 12x", "unknown domain '12x'" },
		{ "control: \"09.aa\"", "control: \"09.zz\"", "unknown control reference '09.zz'" },
		{ "when: [internet_facing]", "when: [internet_facin]",
		  "unknown factor 'internet_facin' in condition" },
		{ "when: [records_held>=2]", "when: [records_held]",
		  "factor 'records_held' is an integer: write records_held>=LEVEL" },
		{ "when: [records_held>=2]", "when: [records_held>=4]", "has levels 1..3" },
		{ "when: [records_held>=2]", "when: [records_held>=1]", "a condition needs 2..3" },
		{ "when: [internet_facing]", "when: [internet_facing>=2]", "is boolean" },
		{ "when: [compliance:hipaa]", "when: [compliance:sox]",
		  "unknown compliance factor 'sox'" },
		{ "when: [ai:generative]", "when: [ai:quantum]", "unknown AI feature 'quantum'" },
		{ "when: [internet_facing]", "when: [ai:generative]",
		  "ai: conditions are for add-on statements" },
		{ "when: [internet_facing]", "when: []", "when must list at least one condition" },
		{ "tiers: [e1, i1, r2]", "tiers: [e1, r2]", "tiers must nest" },
		{ "tiers: [e1, i1, r2]", "tiers: [e1, i1]", "tiers must nest" },
		{ "tiers: [i1, r2]", "tiers: [i1]", "tiers must nest" },
		{ "tiers: [e1, i1, r2]", "tiers: []", "tiers must nest" },
		{ "tiers: [e1, i1, r2]", "tiers: [e1, i1, r2, r2]", "tier 'r2' listed twice" },
		{ "tiers: [e1, i1, r2]", "tiers: [e1, i1, r3]", "unknown tier 'r3'" },
		{ "addon: ai-risk", "addon: ai-fun", "addon must be ai-security or ai-risk" },
		{ "effort: 2", "effort: 6", "effort must be between 1 and 5, not 6" },
		{ "effort: 2", "effort: 0", "effort must be between 1 and 5" },
		{ "inheritable: 50", "inheritable: 101", "inheritable must be between 0 and 100" },
		{ "never_na: true", "never_na: yes", "never_na must be true or false" },
		{ "id: T.03", "id: T 03", "id 'T 03' must be 1-63 of [A-Za-z0-9._-]" },
		{ "    effort: 1\n", "    effort: 1\n    severity: high\n",
		  "unknown key 'severity' in statement" },
		{ "maps: { hipaa:", "maps: { iso: [A], hipaa:", "unknown key 'iso' in maps" },
		{ "evidence: { policy: p,", "evidence: { plan: x, policy: p,",
		  "unknown key 'plan' in evidence" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *s = replace(m.stmts, cases[i].from, cases[i].to);
		/* The error is on the edited line (the key's or value's own). */
		unsigned line = line_of(s, cases[i].to) +
				(strncmp(cases[i].to, "    effort: 1\n", 14) == 0);
		expect_bad(m.cat, s, NULL, "statements/mini.yaml", line, cases[i].what);
		free(s);
	}
	mini_free(&m);
}

static void test_when_on_e1_statement(void **state)
{
	(void)state;
	struct mini m;
	mini_read(&m);
	/* T.01 is in e1: a condition on it would take it out of e1 runs. */
	char *s = replace(m.stmts, "    tiers: [e1, i1, r2]\n    never_na: true\n",
			  "    tiers: [e1, i1, r2]\n    when: [internet_facing]\n    never_na: true\n");
	expect_bad(m.cat, s, NULL, "statements/mini.yaml", line_of(s, "when: [internet_facing]"),
		   "when is only for r2-only or add-on statements");
	free(s);
	/* The same on an i1 statement. */
	s = replace(m.stmts, "    tiers: [i1, r2]\n", "    tiers: [i1, r2]\n    when: [compliance:hipaa]\n");
	expect_bad(m.cat, s, NULL, "statements/mini.yaml", line_of(s, "when: [compliance:hipaa]"),
		   "when is only for r2-only or add-on statements");
	free(s);
	/* Tiers and an addon together, or neither. */
	s = replace(m.stmts, "    addon: ai-risk\n", "    addon: ai-risk\n    tiers: [r2]\n");
	expect_bad(m.cat, s, NULL, "statements/mini.yaml", line_of(s, "addon: ai-risk"),
		   "a statement has tiers or an addon, not both");
	free(s);
	s = replace(m.stmts, "    addon: ai-risk\n", "");
	expect_bad(m.cat, s, NULL, "statements/mini.yaml", line_of(s, "- id: R.01"),
		   "statement 'R.01' needs tiers or an addon");
	free(s);
	/* A missing required key is reported at its statement. */
	s = replace(m.stmts, "    title: Named accounts\n", "");
	expect_bad(m.cat, s, NULL, "statements/mini.yaml", line_of(s, "- id: T.01"),
		   "missing 'title'");
	free(s);
	s = replace(m.stmts, "    statement: Security logs are reviewed", "    text: Security logs are reviewed");
	expect_bad(m.cat, s, NULL, "statements/mini.yaml", line_of(s, "text: Security logs"),
		   "unknown key 'text' in statement");
	free(s);
	s = replace(m.stmts, "    effort: 3\n", "");
	expect_bad(m.cat, s, NULL, "statements/mini.yaml", line_of(s, "- id: T.02"),
		   "statement 'T.02' needs an effort");
	free(s);
	s = replace(m.stmts, "    control: \"09.aa\"\n", "");
	expect_bad(m.cat, s, NULL, "statements/mini.yaml", line_of(s, "- id: T.03"),
		   "missing 'control'");
	free(s);
	s = replace(m.stmts, "  - id: T.04\n", "  - idx: T.04\n");
	expect_bad(m.cat, s, NULL, "statements/mini.yaml", line_of(s, "- idx: T.04"),
		   "unknown key 'idx'");
	free(s);
	mini_free(&m);
}

/*
 * `requires`, `oversight`, the compliance-layer map keys and a compliance
 * factor's `map:` rule: each refused at the line at fault.
 */
static void test_requires_oversight_maps(void **state)
{
	(void)state;
	struct mini m;
	char dir[TU_PATH_MAX];
	struct hta_err err;
	mini_read(&m);
	static const struct {
		const char *from, *to, *at, *what;
	} cases[] = {
		{ "    tiers: [e1, i1, r2]\n    never_na: true\n",
		  "    tiers: [e1, i1, r2]\n    requires: []\n    never_na: true\n",
		  "requires: []", "requires must list at least one condition" },
		{ "    tiers: [e1, i1, r2]\n    never_na: true\n",
		  "    tiers: [e1, i1, r2]\n    requires: [wirelesss]\n    never_na: true\n",
		  "requires: [wirelesss]", "unknown factor 'wirelesss' in condition" },
		{ "    tiers: [e1, i1, r2]\n    never_na: true\n",
		  "    tiers: [e1, i1, r2]\n    requires: [ai:agents]\n    never_na: true\n",
		  "requires: [ai:agents]", "ai: conditions are for add-on statements" },
		{ "    tiers: [e1, i1, r2]\n    never_na: true\n",
		  "    tiers: [e1, i1, r2]\n    requires: [internet_facing, internet_facing]\n"
		  "    never_na: true\n",
		  "requires: [internet_facing, internet_facing]", "condition listed twice in requires" },
		{ "    tiers: [e1, i1, r2]\n    never_na: true\n",
		  "    tiers: [e1, i1, r2]\n    requires: internet_facing\n    never_na: true\n",
		  "requires: internet_facing", "requires" },
		/* An oversight statement a provider could carry. */
		{ "    inheritable: 50\n", "    oversight: true\n    inheritable: 50\n",
		  "inheritable: 50", "inheritable must be 0" },
		{ "    inheritable: 50\n", "    oversight: maybe\n    inheritable: 50\n",
		  "oversight: maybe", "oversight must be true or false" },
		/* Map ids in the compliance layers. */
		{ "nist_800_53: [IA-2] }", "nist_800_53: [IA-2], pci_dss: [\"13.1\"] }",
		  "pci_dss:", "pci_dss: '13.1' is not a PCI DSS 4.0.1 requirement number" },
		{ "nist_800_53: [IA-2] }", "nist_800_53: [IA-2], pci_dss: [\"8\"] }",
		  "pci_dss:", "pci_dss: '8' is not" },
		{ "nist_800_53: [IA-2] }", "nist_800_53: [IA-2], nist_800_171: [\"3.5.12\"] }",
		  "nist_800_171:", "nist_800_171: '3.5.12' is not a NIST SP 800-171 r2" },
		{ "nist_800_53: [IA-2] }", "nist_800_53: [IA-2], nist_800_171: [\"3.15.1\"] }",
		  "nist_800_171:", "'3.15.1' is not" },
		{ "nist_800_53: [IA-2] }", "nist_800_53: [IA-2], gdpr: [\"Art. 32\"] }",
		  "gdpr:", "gdpr: 'Art. 32' is not a GDPR article" },
		{ "nist_800_53: [IA-2] }", "nist_800_53: [IA-2], fedramp: [medium] }",
		  "fedramp:", "fedramp: 'medium' is not a FedRAMP baseline" },
		{ "nist_800_53: [IA-2] }", "nist_800_53: [IA-2], iso_27001: [A.5.1] }",
		  "nist_800_53: [IA-2], iso", "unknown key 'iso_27001' in maps" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *st = replace(m.stmts, cases[i].from, cases[i].to);
		expect_bad(m.cat, st, NULL, "statements/mini.yaml", line_of(st, cases[i].at),
			   cases[i].what);
		free(st);
	}
	/* Good ids, requires on an e1 statement and oversight at 0 all load. */
	char *good = replace(m.stmts, "nist_800_53: [IA-2] }",
			     "nist_800_53: [IA-2], pci_dss: [\"8.4.2\", \"A1.1.1\", \"12.10.1\"],"
			     " nist_800_171: [\"3.5.3\", \"3.1.22\", \"3.14.7\"],"
			     " gdpr: [\"32\", \"33(1)\", \"32(1)(a)\"], fedramp: [moderate, li-saas],"
			     " state_law: [\"Cal. Civ. Code 1798.82\"] }");
	char *good2 = replace(good, "    tiers: [e1, i1, r2]\n    never_na: true\n",
			      "    tiers: [e1, i1, r2]\n    requires: [internet_facing]\n"
			      "    oversight: true\n    never_na: true\n");
	assert_int_equal(load_variant(dir, m.cat, good2, NULL, &err), 0);
	tu_rmtree(dir);
	/* A compliance factor with `map:`: its statements must cite those ids. */
	char *cat_map = replace(m.cat, "{ name: hipaa, title: HIPAA Security Rule }",
				"{ name: hipaa, title: HIPAA Security Rule, map: hipaa }");
	expect_bad(cat_map, m.stmts, NULL, "statements/mini.yaml",
		   line_of(m.stmts, "when: [compliance:hipaa]"),
		   "brought in by compliance:hipaa, so its maps need hipaa ids");
	char *t8 = replace(m.stmts, "    when: [compliance:hipaa]\n",
			   "    when: [compliance:hipaa]\n    maps: { hipaa: [\"164.316(b)(2)(i)\"] }\n");
	assert_int_equal(load_variant(dir, cat_map, t8, NULL, &err), 0);
	tu_rmtree(dir);
	char *cat_bad = replace(m.cat, "{ name: hipaa, title: HIPAA Security Rule }",
				"{ name: hipaa, title: HIPAA Security Rule, map: hippa }");
	expect_bad(cat_bad, m.stmts, NULL, "catalog.yaml", line_of(cat_bad, "map: hippa"),
		   "unknown map key 'hippa'");
	free(good);
	free(good2);
	free(cat_map);
	free(t8);
	free(cat_bad);
	mini_free(&m);
}

static void test_map_ids(void **state)
{
	(void)state;
	static const char *const ok171[] = { "3.1.1", "3.1.22", "3.2.3", "3.3.9", "3.4.9",
					     "3.5.11", "3.6.3", "3.7.6", "3.8.9", "3.9.2",
					     "3.10.6", "3.11.3", "3.12.4", "3.13.16", "3.14.7" };
	for (size_t i = 0; i < sizeof(ok171) / sizeof(ok171[0]); i++)
		assert_true(hta_map_id_valid(HTA_MAP_NIST_800_171, ok171[i], NULL));
	/* One past the end of every family, and malformed ids. */
	static const char *const bad171[] = { "3.1.23", "3.2.4", "3.3.10", "3.4.10", "3.5.12",
					      "3.6.4", "3.7.7", "3.8.10", "3.9.3", "3.10.7",
					      "3.11.4", "3.12.5", "3.13.17", "3.14.8", "3.0.1",
					      "3.15.1", "3.1", "3.1.0", "03.01.01", "3.1.1a", "" };
	for (size_t i = 0; i < sizeof(bad171) / sizeof(bad171[0]); i++)
		if (hta_map_id_valid(HTA_MAP_NIST_800_171, bad171[i], NULL))
			fail_msg("800-171 id '%s' accepted", bad171[i]);
	assert_true(hta_map_id_valid(HTA_MAP_PCI_DSS, "1.2", NULL));
	assert_true(hta_map_id_valid(HTA_MAP_PCI_DSS, "12.10.1", NULL));
	assert_true(hta_map_id_valid(HTA_MAP_PCI_DSS, "A3.2.5.1", NULL));
	assert_false(hta_map_id_valid(HTA_MAP_PCI_DSS, "0.1", NULL));
	assert_false(hta_map_id_valid(HTA_MAP_PCI_DSS, "1.2.3.4.5", NULL));
	assert_false(hta_map_id_valid(HTA_MAP_PCI_DSS, "A4.1", NULL));
	assert_false(hta_map_id_valid(HTA_MAP_PCI_DSS, "3.4.", NULL));
	assert_true(hta_map_id_valid(HTA_MAP_GDPR, "5(1)(f)", NULL));
	assert_false(hta_map_id_valid(HTA_MAP_GDPR, "100", NULL));
	assert_false(hta_map_id_valid(HTA_MAP_GDPR, "32(", NULL));
	assert_true(hta_map_id_valid(HTA_MAP_FEDRAMP, "high", NULL));
	assert_false(hta_map_id_valid(HTA_MAP_FEDRAMP, "High", NULL));
	assert_false(hta_map_id_valid(HTA_MAP_STATE_LAW, "", NULL));
	for (int k = 0; k < HTA_MAP_COUNT; k++)
		assert_int_equal(hta_map_parse(hta_map_name((enum hta_map_kind)k)), k);
	assert_int_equal(hta_map_parse("pci-dss"), -1);
}

/* The near-duplicate index over the whole catalog: pairs across controls,
 * copies grouped, the comparison budget, and a catalog of copies. */
static void test_near_dups(void **state)
{
	(void)state;
	struct mini m;
	char dir[TU_PATH_MAX];
	struct hta_err err;
	struct hta_catalog cat;
	struct hta_dup *d;
	size_t n;
	bool trunc;
	mini_read(&m);
	/* Two statements far apart, under different controls, nearly alike. */
	const char *extra =
		"statements:\n"
		"  - { id: X.01, domain: \"02\", control: \"01.a\", title: x, effort: 1, tiers: [r2],\n"
		"      statement: Accounts lock for 15 minutes after five failed logon attempts in a row. }\n"
		"  - { id: X.02, domain: \"02\", control: \"01.a\", title: x, effort: 1, tiers: [r2],\n"
		"      statement: Backups are encrypted. }\n"
		"  - { id: X.03, domain: \"11\", control: \"01.q\", title: x, effort: 1, tiers: [r2],\n"
		"      statement: Accounts lock for 30 minutes after five failed logon attempts in a row. }\n"
		"  - { id: X.04, domain: \"11\", control: \"01.q\", title: x, effort: 1, tiers: [r2],\n"
		"      statement: Backups   are ENCRYPTED! }\n";
	assert_int_equal(load_variant(dir, m.cat, m.stmts, NULL, &err), 0);
	tu_write(dir, "statements/z-extra.yaml", extra);
	assert_int_equal(hta_catalog_load(&cat, dir, &err), 0);
	assert_int_equal(hta_catalog_near_dups(&cat, 50, 1000000, &d, &n, &trunc, &err), 0);
	assert_false(trunc);
	/* Exactly the two pairs, each found once, whatever their control. */
	assert_int_equal(n, 2);
	long x1 = hta_catalog_find(&cat, "X.01"), x2 = hta_catalog_find(&cat, "X.02"),
	     x3 = hta_catalog_find(&cat, "X.03"), x4 = hta_catalog_find(&cat, "X.04");
	assert_int_equal(d[0].a, x1);
	assert_int_equal(d[0].b, x3);
	assert_int_equal(d[0].similarity, hta_statement_similarity(&cat.stmts[x1], &cat.stmts[x3]));
	assert_true(d[0].similarity >= 80 && d[0].similarity < 100);
	assert_int_equal(d[1].a, x2);
	assert_int_equal(d[1].b, x4);
	assert_int_equal(d[1].similarity, 100);
	hta_free(d);
	/* At 95% the 15/30-minute pair is not reported; the copies still are. */
	assert_int_equal(hta_catalog_near_dups(&cat, 95, 1000000, &d, &n, &trunc, &err), 0);
	assert_int_equal(n, 1);
	hta_free(d);
	/* A budget of 0 comparisons: copies are still found (no comparison
	 * needed), the rest is reported as not checked. */
	assert_int_equal(hta_catalog_near_dups(&cat, 50, 0, &d, &n, &trunc, &err), 0);
	assert_int_equal(n, 1);
	assert_true(trunc);
	hta_free(d);
	hta_catalog_free(&cat);
	tu_rmtree(dir);

	/* 3,000 copies of one statement: grouped, 2,999 pairs, no comparisons. */
	size_t cap = 3000 * 160 + 64, len = 0;
	char *big = malloc(cap);
	assert_non_null(big);
	len += (size_t)snprintf(big + len, cap - len, "statements:\n");
	for (int i = 0; i < 3000; i++)
		len += (size_t)snprintf(big + len, cap - len,
					"  - { id: C.%d, domain: \"02\", control: \"01.a\", title: c,"
					" effort: 1, tiers: [r2], statement: All laptops encrypt disks. }\n", i);
	assert_int_equal(load_variant(dir, m.cat, m.stmts, NULL, &err), 0);
	tu_write(dir, "statements/z-extra.yaml", big);
	assert_int_equal(hta_catalog_load(&cat, dir, &err), 0);
	assert_int_equal(hta_catalog_near_dups(&cat, 50, 10, &d, &n, &trunc, &err), 0);
	assert_int_equal(n, 2999);
	assert_false(trunc);
	assert_int_equal(d[0].a, hta_catalog_find(&cat, "C.0"));
	assert_int_equal(d[2998].a, hta_catalog_find(&cat, "C.0"));
	hta_free(d);
	hta_catalog_free(&cat);
	tu_rmtree(dir);
	free(big);
	mini_free(&m);
}

static void test_bad_catalog_yaml(void **state)
{
	(void)state;
	struct mini m;
	mini_read(&m);
	static const struct {
		const char *from, *to, *what;
		int line_of_next; /* 1: the line after `to`; -1, -2: see below */
	} cases[] = {
		{ "weights: { policy: 15, procedure: 20, implemented: 40, measured: 10, managed: 15 }",
		  "weights: { policy: 15, procedure: 20, implemented: 40, measured: 10, managed: 16 }",
		  "weights must add up to 100, not 101", 0 },
		{ "weights: { policy: 15,", "weights: { polcy: 15,", "unknown key 'polcy' in weights", 0 },
		{ "thresholds: { e1: 83,", "thresholds: { e1: 101,", "between 0 and 100", 0 },
		{ "coverage_bands: [10, 32, 65, 89]", "coverage_bands: [10, 32, 32, 89]",
		  "coverage_bands must ascend", 0 },
		{ "coverage_bands: [10, 32, 65, 89]", "coverage_bands: [10, 32, 65]",
		  "coverage_bands needs 4 ascending edges", 0 },
		{ "  stale_days: 365\n", "  stale_days: 365\n  grace_days: 3\n",
		  "unknown key 'grace_days' in settings", 1 },
		{ "  - { id: \"07\", name: Vulnerability Management }\n", "",
		  "domain 07 is missing (01..19 are required)", -1 },
		{ "  - { id: \"07\", name: Vulnerability Management }\n",
		  "  - { id: \"06\", name: Vulnerability Management }\n", "domain 06 is defined twice", 0 },
		{ "  - { id: \"07\", name: Vulnerability Management }\n",
		  "  - { id: \"20\", name: Vulnerability Management }\n", "domain id must be", 0 },
		{ "bands: [10000000, 60000000]", "bands: [60000000, 10000000]", "bands must ascend", 0 },
		{ "type: integer, bands: [10000000, 60000000], ", "type: integer, ",
		  "integer factor 'records_held' needs bands", 0 },
		{ "type: boolean,", "type: boolean, bands: [1],", "a boolean factor has no bands", 0 },
		{ "type: boolean,", "type: text,", "factor type must be integer or boolean", 0 },
		{ "name: internet_facing,", "name: records_held,", "factor 'records_held' is defined twice", 1 },
		{ "name: internet_facing,", "name: Internet-Facing,", "must be [a-z0-9_]+", 0 },
		{ "  - { id: \"09.aa\", title: Audit Logging }\n",
		  "  - { id: \"09.aa\", title: Audit Logging }\n  - { id: \"09.aa\", title: Again }\n",
		  "'09.aa' is defined twice", 1 },
		{ "settings:\n", "colour: blue\nsettings:\n", "unknown key 'colour' in catalog.yaml", 0 },
		{ "name: records_held, type: integer,", "name: records_held,", "missing 'type'", 0 },
		{ "  - { id: \"01.a\", title: Access Control Policy }", "  - { id: \"01.a\" }",
		  "missing 'title'", 0 },
		{ "  version: \"test-1\"\n", "", "missing 'version'", -2 },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *s = replace(m.cat, cases[i].from, cases[i].to);
		unsigned line;
		if (cases[i].line_of_next == -1) /* the domains list itself */
			line = line_of(s, "  - { id: \"01\"");
		else if (cases[i].line_of_next == -2) /* the catalog: mapping */
			line = line_of(s, "  name: test mini catalog");
		else
			line = line_of(s, cases[i].to) + (unsigned)cases[i].line_of_next;
		expect_bad(s, m.stmts, NULL, "catalog.yaml", line, cases[i].what);
		free(s);
	}
	mini_free(&m);
}

static void test_missing_parts(void **state)
{
	(void)state;
	struct mini m;
	char dir[TU_PATH_MAX];
	struct hta_err err;
	struct hta_catalog cat;
	mini_read(&m);
	/* No statements directory. */
	tu_tmpdir(dir);
	tu_write(dir, "catalog.yaml", m.cat);
	assert_int_equal(hta_catalog_load(&cat, dir, &err), HTA_EIO);
	assert_contains(err.msg, "statements");
	/* A statements directory with no statements. */
	tu_write(dir, "statements/README", "not yaml\n");
	assert_int_equal(hta_catalog_load(&cat, dir, &err), HTA_EINVAL);
	assert_contains(err.msg, "the catalog has no statements");
	tu_rmtree(dir);
	/* No catalog.yaml. */
	tu_tmpdir(dir);
	tu_write(dir, "statements/mini.yaml", m.stmts);
	assert_int_equal(hta_catalog_load(&cat, dir, &err), HTA_EIO);
	assert_contains(err.msg, "catalog.yaml");
	tu_rmtree(dir);
	/* A statements file that is not a mapping of `statements`. */
	expect_bad(m.cat, "- id: X\n", NULL, "statements/mini.yaml", 1,
		   "statements file must be a mapping");
	expect_bad(m.cat, m.stmts, "statement:\n  - id: X\n", "statements/z-extra.yaml", 1,
		   "unknown key 'statement' in statements file");
	mini_free(&m);
}

/*
 * hta_catalog_load_all lists every error of the fixture catalog-errors (its
 * README: 11, in file order, the duplicate id across files last); the
 * first is also in `err`, and the catalog is left empty.
 */
static void test_every_error_listed(void **state)
{
	(void)state;
	char p[TU_PATH_MAX];
	struct hta_err err;
	struct hta_catalog cat;
	struct hta_errlist l = { 0 };
	const char *want[] = { "a-access.yaml:4:14: unknown control reference '99.z'",
			       "a-access.yaml:8:13: effort must be between 1 and 5, not 9",
			       "a-access.yaml:14:12: tiers must nest",
			       "a-access.yaml:29:12: unknown factor 'internet_exposed'",
			       "a-access.yaml:31:18: statement 'E.04' is the customer's own oversight",
			       "b-logging.yaml:17:37: nist_800_171: '3.3.10'",
			       "b-logging.yaml:17:55: gdpr: '100'",
			       "b-logging.yaml:21:5: unknown key 'owner' in statement",
			       "b-logging.yaml:19:13: unknown domain '20'",
			       "c-broken.yaml:4:1: ",
			       "b-logging.yaml:2:5: duplicate statement id 'E.03' (first in " };
	assert_int_equal(hta_catalog_load_all(&cat, tu_src_path(p, "tests/fixtures/catalog-errors"),
					      &l, &err), HTA_EINVAL);
	assert_int_equal(l.total, 11);
	assert_int_equal(l.n, 11);
	for (size_t i = 0; i < 11; i++)
		assert_contains(l.msg[i], want[i]);
	assert_string_equal(err.msg, l.msg[0]);
	assert_int_equal(cat.n_stmts, 0);
	assert_null(cat.stmts);
	hta_errlist_free(&l);
	/* A good catalog leaves the list empty. */
	l.total = 7;
	assert_int_equal(hta_catalog_load_all(&cat, tu_src_path(p, "tests/fixtures/catalog-mini"),
					      &l, &err), 0);
	assert_int_equal(l.total, 0);
	assert_true(cat.n_stmts > 0);
	hta_catalog_free(&cat);
}

/*
 * The error-collecting load under allocation failure, at every allocation
 * point of a load of catalog-errors (11 errors in statement files) and of
 * catalog-errors-top (6 in catalog.yaml), persistent and transient: each
 * load either lists exactly the errors of a clean load or fails with
 * HTA_ENOMEM; never another status, never a different list (ASan checks
 * the leaks in make check-asan).
 */
static void walk_faults(const char *fixture, size_t want)
{
	char p[TU_PATH_MAX];
	struct hta_err err;
	struct hta_catalog cat;
	struct hta_errlist ref = { 0 }, l = { 0 };
	tu_src_path(p, fixture);
	hta_alloc_fail_after(LONG_MAX); /* armed, never reached: one thread */
	assert_int_equal(hta_catalog_load_all(&cat, p, &ref, &err), HTA_EINVAL);
	long total = hta_alloc_fail_after(-1);
	assert_int_equal(ref.total, want);
	assert_true(total > 20);
	long enomem = 0, listed = 0;
	for (int transient = 0; transient < 2; transient++)
		for (long k = 0; k < total; k++) {
			if (transient)
				hta_alloc_fail_once(k);
			else
				hta_alloc_fail_after(k);
			int rc = hta_catalog_load_all(&cat, p, &l, &err);
			hta_alloc_fail_after(-1);
			if (rc == HTA_ENOMEM) {
				assert_int_equal(err.code, HTA_ENOMEM);
				enomem++;
			} else {
				if (rc != HTA_EINVAL || l.total != ref.total)
					fail_msg("point %ld (%s): status %d, %zu errors", k,
						 transient ? "transient" : "persistent", rc, l.total);
				for (size_t i = 0; i < l.n; i++)
					assert_string_equal(l.msg[i], ref.msg[i]);
				listed++;
			}
			assert_int_equal(cat.n_stmts, 0);
			hta_errlist_free(&l);
		}
	assert_true(enomem >= total); /* every persistent point fails */
	hta_errlist_free(&ref);
}

static void test_every_error_under_faults(void **state)
{
	(void)state;
	walk_faults("tests/fixtures/catalog-errors", 11);     /* statement files */
	walk_faults("tests/fixtures/catalog-errors-top", 6);  /* catalog.yaml */
}

/* ---- the shipped catalog ---- */

struct shipped {
	struct hta_catalog cat;
	unsigned char *pool;
};

static int shipped_setup(void **state)
{
	static struct shipped s;
	char p[TU_PATH_MAX];
	struct hta_err err;
	if (hta_catalog_load(&s.cat, tu_src_path(p, "controls"), &err) != 0) {
		fprintf(stderr, "cannot load the shipped catalog: %s\n", err.msg);
		return -1;
	}
	s.pool = calloc(s.cat.n_stmts, 1);
	if (!s.pool)
		return -1;
	*state = &s;
	return 0;
}

static int shipped_teardown(void **state)
{
	struct shipped *s = *state;
	hta_catalog_free(&s->cat);
	free(s->pool);
	return 0;
}

/* Answer every factor at its lowest (0) or highest level. */
static void set_factors(struct hta_scope *sc, const struct hta_catalog *cat, bool highest)
{
	for (size_t i = 0; i < cat->n_factors; i++) {
		const struct hta_factor *f = &cat->factors[i];
		sc->factor_set[i] = true;
		sc->factor_value[i] = !highest ? 0 : f->is_integer ? f->bands[f->n_bands - 1] : 1;
	}
}

static size_t count_pool(const struct shipped *s, unsigned char which, int per_domain[HTA_DOMAINS + 1])
{
	size_t n = 0;
	if (per_domain)
		memset(per_domain, 0, sizeof(int) * (HTA_DOMAINS + 1));
	for (size_t i = 0; i < s->cat.n_stmts; i++) {
		if (s->pool[i] != which)
			continue;
		n++;
		if (per_domain)
			per_domain[s->cat.stmts[i].domain]++;
	}
	return n;
}

static void assert_every_domain(const int per_domain[HTA_DOMAINS + 1], const char *what)
{
	for (int d = 1; d <= HTA_DOMAINS; d++)
		if (per_domain[d] == 0)
			fail_msg("%s has no statement in domain %02d", what, d);
}

static void test_shipped_e1_i1(void **state)
{
	struct shipped *s = *state;
	const struct hta_catalog *cat = &s->cat;
	struct hta_scope sc;
	struct hta_err err;
	int per[HTA_DOMAINS + 1];
	assert_int_equal(hta_scope_init(&sc, cat, &err), 0);
	assert_true(cat->n_stmts > 1000);
	assert_int_equal(cat->n_factors > 0, 1);
	for (int d = 1; d <= HTA_DOMAINS; d++)
		assert_non_null(cat->domain_name[d]);

	/* e1: exactly 44, by membership and by selection (no compliance). */
	size_t e1 = 0, i1 = 0;
	for (size_t i = 0; i < cat->n_stmts; i++) {
		unsigned t = cat->stmts[i].tiers;
		e1 += (t >> HTA_TIER_E1) & 1;
		i1 += (t >> HTA_TIER_I1) & 1;
		/* i1 contains every e1 statement, r2 every i1 statement. */
		if ((t & (1u << HTA_TIER_E1)) && !(t & (1u << HTA_TIER_I1)))
			fail_msg("%s is e1 but not i1", cat->stmts[i].id);
		if ((t & (1u << HTA_TIER_I1)) && !(t & (1u << HTA_TIER_R2)))
			fail_msg("%s is i1 but not r2", cat->stmts[i].id);
	}
	assert_int_equal(e1, 44);
	assert_int_equal(i1, 182);

	hta_select(cat, &sc, HTA_TIER_E1, 0, s->pool);
	assert_int_equal(count_pool(s, HTA_POOL_DOMAIN, per), 44);
	assert_every_domain(per, "e1");
	assert_int_equal(count_pool(s, HTA_POOL_COMPLIANCE, NULL), 0);
	/* Remember the e1 set; every one must be in the i1 selection. */
	unsigned char *e1_pool = malloc(cat->n_stmts);
	assert_non_null(e1_pool);
	memcpy(e1_pool, s->pool, cat->n_stmts);
	hta_select(cat, &sc, HTA_TIER_I1, 0, s->pool);
	assert_int_equal(count_pool(s, HTA_POOL_DOMAIN, per), 182);
	assert_every_domain(per, "i1");
	for (size_t i = 0; i < cat->n_stmts; i++)
		if (e1_pool[i] == HTA_POOL_DOMAIN && s->pool[i] != HTA_POOL_DOMAIN)
			fail_msg("e1 statement %s is not in i1", cat->stmts[i].id);
	free(e1_pool);
	hta_scope_free(&sc);
}

static void test_shipped_r2(void **state)
{
	struct shipped *s = *state;
	const struct hta_catalog *cat = &s->cat;
	struct hta_scope sc;
	struct hta_err err;
	int per[HTA_DOMAINS + 1];
	assert_int_equal(hta_scope_init(&sc, cat, &err), 0);
	set_factors(&sc, cat, false);
	assert_int_equal(hta_scope_check(&sc, cat, HTA_TIER_R2, &err), 0);
	size_t low = hta_select(cat, &sc, HTA_TIER_R2, 0, s->pool);
	size_t low_domain = count_pool(s, HTA_POOL_DOMAIN, per);
	assert_int_equal(low, low_domain);
	/* At the lowest answers there is no Wi-Fi: domain 05 has nothing to
	 * assess (its statements require it; 04 keeps teleworking); every
	 * other domain does. */
	for (int d = 1; d <= HTA_DOMAINS; d++)
		if ((per[d] == 0) != (d == 5))
			fail_msg("r2 at the lowest answers: domain %02d has %d statements", d, per[d]);
	if (low_domain < 250 || low_domain > 500)
		fail_msg("r2 at the lowest answers has %zu statements, expected a few hundred", low_domain);
	/* Every i1 statement is in every r2 run, unless it requires a topic
	 * the scope answers no to. */
	for (size_t i = 0; i < cat->n_stmts; i++)
		if ((cat->stmts[i].tiers & (1u << HTA_TIER_I1)) && !cat->stmts[i].n_requires &&
		    s->pool[i] != HTA_POOL_DOMAIN)
			fail_msg("i1 statement %s missing from r2", cat->stmts[i].id);
	/* With Wi-Fi and mobile devices in use, every domain is represented. */
	sc.factor_value[hta_catalog_factor(cat, "wireless")] = 1;
	sc.factor_value[hta_catalog_factor(cat, "mobile_devices")] = 1;
	sc.factor_value[hta_catalog_factor(cat, "develops_software")] = 1;
	hta_select(cat, &sc, HTA_TIER_R2, 0, s->pool);
	count_pool(s, HTA_POOL_DOMAIN, per);
	assert_every_domain(per, "r2 with the three topics answered yes");
	for (size_t i = 0; i < cat->n_stmts; i++)
		if ((cat->stmts[i].tiers & (1u << HTA_TIER_I1)) && s->pool[i] != HTA_POOL_DOMAIN)
			fail_msg("i1 statement %s missing from r2", cat->stmts[i].id);

	set_factors(&sc, cat, true);
	size_t high = hta_select(cat, &sc, HTA_TIER_R2, 0, s->pool);
	size_t compliance_only = 0;
	for (size_t i = 0; i < cat->n_stmts; i++)
		compliance_only += s->pool[i] == HTA_POOL_DOMAIN && cat->stmts[i].compliance_only;
	/* No compliance factor chosen: none of those is in. */
	assert_int_equal(compliance_only, 0);
	if (high <= 1000)
		fail_msg("r2 with every factor at its highest has %zu statements, expected > 1000", high);
	assert_true(high > low);
	hta_scope_free(&sc);
}

static void test_shipped_ai(void **state)
{
	struct shipped *s = *state;
	const struct hta_catalog *cat = &s->cat;
	struct hta_scope sc;
	struct hta_err err;
	assert_int_equal(hta_scope_init(&sc, cat, &err), 0);
	sc.ai = 1u << HTA_AI_RULE_BASED;
	sc.has_ai = true;
	hta_select(cat, &sc, HTA_TIER_R2, HTA_WITH_AI_SECURITY, s->pool);
	assert_int_equal(count_pool(s, HTA_POOL_AI_SECURITY, NULL), 27);
	sc.ai = (1u << HTA_AI_COUNT) - 1;
	hta_select(cat, &sc, HTA_TIER_R2, HTA_WITH_AI_SECURITY, s->pool);
	assert_int_equal(count_pool(s, HTA_POOL_AI_SECURITY, NULL), 44);
	assert_int_equal(count_pool(s, HTA_POOL_AI_RISK, NULL), 0);
	/* The add-on is the same in every tier. */
	hta_select(cat, &sc, HTA_TIER_E1, HTA_WITH_AI_SECURITY, s->pool);
	assert_int_equal(count_pool(s, HTA_POOL_AI_SECURITY, NULL), 44);
	hta_scope_free(&sc);
}

static void test_shipped_ai_risk(void **state)
{
	struct shipped *s = *state;
	char p[TU_PATH_MAX];
	struct stat st;
	if (stat(tu_src_path(p, "controls/statements/ai-risk.yaml"), &st) != 0)
		skip(); /* being written by another developer */
	struct hta_scope sc;
	struct hta_err err;
	assert_int_equal(hta_scope_init(&sc, &s->cat, &err), 0);
	hta_select(&s->cat, &sc, HTA_TIER_I1, HTA_WITH_AI_RISK, s->pool);
	assert_int_equal(count_pool(s, HTA_POOL_AI_RISK, NULL), 51);
	assert_int_equal(count_pool(s, HTA_POOL_AI_SECURITY, NULL), 0);
	hta_scope_free(&sc);
}

int main(void)
{
	const struct CMUnitTest mini[] = {
		cmocka_unit_test(test_mini_counts_and_settings),
		cmocka_unit_test(test_mini_factors),
		cmocka_unit_test(test_mini_find),
		cmocka_unit_test(test_mini_statements),
		cmocka_unit_test(test_names),
	};
	const struct CMUnitTest hostile[] = {
		cmocka_unit_test(test_mini_copy_loads),
		cmocka_unit_test(test_duplicate_id),
		cmocka_unit_test(test_bad_statements),
		cmocka_unit_test(test_when_on_e1_statement),
		cmocka_unit_test(test_requires_oversight_maps),
		cmocka_unit_test(test_map_ids),
		cmocka_unit_test(test_near_dups),
		cmocka_unit_test(test_bad_catalog_yaml),
		cmocka_unit_test(test_missing_parts),
		cmocka_unit_test(test_every_error_listed),
		cmocka_unit_test(test_every_error_under_faults),
	};
	const struct CMUnitTest shipped[] = {
		cmocka_unit_test(test_shipped_e1_i1),
		cmocka_unit_test(test_shipped_r2),
		cmocka_unit_test(test_shipped_ai),
		cmocka_unit_test(test_shipped_ai_risk),
	};
	int failed = 0;
	failed += cmocka_run_group_tests_name("catalog: mini", mini, mini_setup, mini_teardown);
	failed += cmocka_run_group_tests_name("catalog: hostile", hostile, NULL, NULL);
	failed += cmocka_run_group_tests_name("catalog: shipped", shipped, shipped_setup,
					      shipped_teardown);
	return failed;
}
