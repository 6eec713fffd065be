/*
 * test_evidence.c — ratings, coverage bands, and the evidence reader on
 * small trees against the mini catalog: what is an error (file:line), what
 * is a finding that makes a level count 0 (contract section 4, rule 2 and
 * 4.1).
 */
#include "testutil.h"

#include "hta/evidence.h"
#include "hta/scope.h"
#include "hta/score.h"

/* ---- ratings and bands ---- */

static void test_rating_parse(void **state)
{
	(void)state;
	static const struct {
		const char *s;
		int r;
	} cases[] = {
		{ "FC", 100 }, { "fc", 100 }, { "Fc", 100 }, { "fully", 100 }, { "FULLY", 100 },
		{ "MC", 75 }, { "mc", 75 }, { "mostly", 75 }, { "Mostly", 75 },
		{ "PC", 50 }, { "pC", 50 }, { "partially", 50 }, { "PARTIALLY", 50 },
		{ "SC", 25 }, { "sc", 25 }, { "somewhat", 25 }, { "SomeWhat", 25 },
		{ "NC", 0 }, { "nc", 0 }, { "non-compliant", 0 }, { "Non-Compliant", 0 },
		{ "", -1 }, { "F", -1 }, { "FCC", -1 }, { "F C", -1 }, { " FC", -1 },
		{ "full", -1 }, { "fully compliant", -1 }, { "100", -1 }, { "yes", -1 },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int r = hta_rating_parse(cases[i].s);
		if (r != cases[i].r)
			fail_msg("rating '%s' -> %d, expected %d", cases[i].s, r, cases[i].r);
	}
}

static void test_coverage_bands(void **state)
{
	(void)state;
	struct hta_settings s;
	hta_settings_default(&s);
	static const int edges[][2] = { { 0, 0 },   { 10, 0 },  { 11, 25 }, { 32, 25 },
					{ 33, 50 }, { 65, 50 }, { 66, 75 }, { 89, 75 },
					{ 90, 100 }, { 100, 100 } };
	for (size_t i = 0; i < sizeof(edges) / sizeof(edges[0]); i++) {
		int b = hta_coverage_band(&s, edges[i][0]);
		if (b != edges[i][1])
			fail_msg("coverage %d -> %d, expected %d", edges[i][0], b, edges[i][1]);
	}
	/* The edges are catalog settings. */
	const int custom[4] = { 20, 40, 60, 80 };
	memcpy(s.coverage_bands, custom, sizeof(custom));
	assert_int_equal(hta_coverage_band(&s, 20), 0);
	assert_int_equal(hta_coverage_band(&s, 21), 25);
	assert_int_equal(hta_coverage_band(&s, 80), 75);
	assert_int_equal(hta_coverage_band(&s, 81), 100);
}

/* ---- trees ---- */

struct fx {
	struct hta_catalog cat;
	struct hta_scope sc;
	int as_of;
	char base[TU_PATH_MAX], root[TU_PATH_MAX];
	unsigned char pool[64];
	struct hta_evidence ev;
	bool have_ev;
};

static int group_setup(void **state)
{
	static struct fx f;
	char p[TU_PATH_MAX];
	struct hta_err err;
	if (hta_catalog_load(&f.cat, tu_src_path(p, "tests/fixtures/catalog-mini"), &err) != 0) {
		fprintf(stderr, "cannot load the mini catalog: %s\n", err.msg);
		return -1;
	}
	f.as_of = tu_days("2026-11-01");
	*state = &f;
	return 0;
}

static int group_teardown(void **state)
{
	struct fx *f = *state;
	hta_catalog_free(&f->cat);
	return 0;
}

/* A fresh tree per test: <base>/ev is the evidence root, <base>/scope.yaml
 * declares provider aws (100) and answers the r2 factors at their lowest. */
static int setup(void **state)
{
	struct fx *f = *state;
	struct hta_err err;
	char path[TU_PATH_MAX];
	tu_tmpdir(f->base);
	tu_join(f->root, f->base, "ev");
	if (mkdir(f->root, 0755) != 0)
		return -1;
	tu_write(f->base, "scope.yaml",
		 "providers:\n  aws: { score: 100 }\n"
		 "factors: { records_held: 0, internet_facing: false }\n");
	if (hta_scope_load(&f->sc, &f->cat, tu_join(path, f->base, "scope.yaml"), "scope.yaml",
			   &err) != 0) {
		fprintf(stderr, "scope: %s\n", err.msg);
		return -1;
	}
	f->have_ev = false;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	if (f->have_ev)
		hta_evidence_free(&f->ev);
	hta_scope_free(&f->sc);
	tu_rmtree(f->base);
	return 0;
}

/* A date `delta` days from as_of, as text (a few rotating buffers). */
static const char *ds(const struct fx *f, int delta)
{
	static char buf[16][11];
	static unsigned k;
	char *b = buf[k++ % 16];
	hta_date_format(f->as_of + delta, b);
	return b;
}

/* Write a manifest from a printf format. */
static void manifest(const struct fx *f, const char *rel, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void manifest(const struct fx *f, const char *rel, const char *fmt, ...)
{
	char text[8192];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	assert_true(n > 0 && (size_t)n < sizeof(text));
	tu_write(f->root, rel, text);
}

/* Load the tree; on success also select for `tier` and check. */
static int load_check(struct fx *f, enum hta_tier tier, bool mm, unsigned addons,
		      struct hta_err *err)
{
	hta_err_clear(err);
	int rc = hta_evidence_load(&f->ev, &f->cat, &f->sc, f->root, err);
	if (rc) {
		/* A failed load leaves the evidence empty. */
		assert_int_equal(f->ev.n_manifests, 0);
		assert_null(f->ev.arena.head);
		assert_int_equal(f->ev.findings.n, 0);
		return rc;
	}
	f->have_ev = true;
	hta_select(&f->cat, &f->sc, tier, addons, f->pool);
	return hta_evidence_check(&f->ev, &f->cat, f->pool, hta_scored_levels(tier, mm), f->as_of,
				  err);
}

static void load_ok(struct fx *f, enum hta_tier tier, bool mm)
{
	struct hta_err err;
	if (load_check(f, tier, mm, 0, &err) != 0)
		fail_msg("evidence: %s", err.msg);
}

static long sid(const struct fx *f, const char *id)
{
	long i = hta_catalog_find(&f->cat, id);
	if (i < 0)
		fail_msg("no statement %s", id);
	return i;
}

static const struct hta_manifest *mf_of(const struct fx *f, const char *id)
{
	const struct hta_manifest *m = f->ev.by_stmt[sid(f, id)];
	if (!m)
		fail_msg("no manifest for %s", id);
	return m;
}

static int own(const struct fx *f, const char *id, enum hta_level l)
{
	return mf_of(f, id)->level[l].own;
}

/* The finding with `code` for statement `id` (NULL: any), or NULL. */
static const struct hta_finding *finding(const struct fx *f, const char *id, const char *code)
{
	for (size_t i = 0; i < f->ev.findings.n; i++) {
		const struct hta_finding *x = f->ev.findings.v[i];
		if (strcmp(hta_finding_name(x->code), code) == 0 && (!id || (x->stmt >= 0 && x->stmt == sid(f, id))))
			return x;
	}
	return NULL;
}

static size_t count(const struct fx *f, const char *id, const char *code)
{
	size_t n = 0;
	for (size_t i = 0; i < f->ev.findings.n; i++) {
		const struct hta_finding *x = f->ev.findings.v[i];
		n += strcmp(hta_finding_name(x->code), code) == 0 && (!id || x->stmt == sid(f, id));
	}
	return n;
}

/* Expect one finding `code` for `id` at `line` whose message holds `what`. */
static void expect_finding(const struct fx *f, const char *id, const char *code, unsigned line,
			   const char *what)
{
	const struct hta_finding *x = finding(f, id, code);
	if (!x) {
		for (size_t i = 0; i < f->ev.findings.n; i++) {
			const struct hta_finding *y = f->ev.findings.v[i];
			fprintf(stderr, "  finding: %s line %u %s: %s\n", y->path ? y->path : "-",
				y->line, hta_finding_name(y->code), y->message);
		}
		fail_msg("no '%s' finding for %s", code, id);
	}
	assert_int_equal(x->line, line);
	assert_contains(x->message, what);
	assert_int_equal(count(f, id, code), 1);
}

static void test_fresh_and_stale(void **state)
{
	struct fx *f = *state;
	tu_write(f->root, "docs/p.pdf", "policy\n");
	tu_write(f->root, "docs/i.csv", "a,b\n");
	tu_write(f->root, "docs/m.csv", "m\n");
	manifest(f, "t01.evidence.yaml",
		 "requirement: T.01\n"
		 "policy: { rating: FC, artifacts: [docs/p.pdf], reviewed: %s }\n"
		 "procedure: { rating: mostly, artifacts: [docs/p.pdf], reviewed: %s }\n"
		 "implemented: { coverage: 92, artifacts: [docs/i.csv], tested: %s }\n"
		 "measured: { rating: PC, artifacts: [docs/m.csv], tested: %s }\n"
		 "managed: { rating: sc, artifacts: [docs/m.csv], tested: %s }\n",
		 ds(f, -365), ds(f, -366), ds(f, 0), ds(f, 1), ds(f, -1));
	load_ok(f, HTA_TIER_R2, true);
	const struct hta_manifest *m = mf_of(f, "T.01");
	assert_string_equal(m->path, "t01.evidence.yaml");
	assert_int_equal(m->line, 1);
	/* 365 days back is still fresh. */
	assert_int_equal(m->level[HTA_POLICY].result, 100);
	assert_int_equal(own(f, "T.01", HTA_POLICY), 100);
	/* 366 is stale: counts 0. */
	assert_int_equal(m->level[HTA_PROCEDURE].result, 75);
	assert_int_equal(own(f, "T.01", HTA_PROCEDURE), 0);
	expect_finding(f, "T.01", "stale", 3, "366 days before 2026-11-01 (limit 365)");
	/* A date equal to as_of is fine; coverage 92 is band 100. */
	assert_int_equal(own(f, "T.01", HTA_IMPLEMENTED), 100);
	/* A date after as_of counts 0. */
	assert_int_equal(m->level[HTA_MEASURED].result, 50);
	assert_int_equal(own(f, "T.01", HTA_MEASURED), 0);
	expect_finding(f, "T.01", "date-future", 5, "after the assessment date 2026-11-01");
	/* Managed (25) cannot exceed measured (now 0). */
	assert_int_equal(m->level[HTA_MANAGED].result, 25);
	assert_int_equal(own(f, "T.01", HTA_MANAGED), 0);
	expect_finding(f, "T.01", "managed-above-measured", 6, "managed (25)");
	/* Nothing else about T.01. */
	size_t n = 0;
	for (size_t i = 0; i < f->ev.findings.n; i++)
		n += ((const struct hta_finding *)f->ev.findings.v[i])->stmt == sid(f, "T.01");
	assert_int_equal(n, 3);
}

static void test_stale_edges_e1(void **state)
{
	struct fx *f = *state;
	tu_write(f->root, "a.csv", "x\n");
	/* e1 scores implemented only: T.01 at exactly 365 days, T.02 at 366;
	 * T.03's stale policy is not looked at in e1. */
	manifest(f, "t01.evidence.yaml",
		 "requirement: T.01\nimplemented: { rating: FC, artifacts: [a.csv], tested: %s }\n",
		 ds(f, -365));
	manifest(f, "t02.evidence.yaml",
		 "requirement: T.02\nimplemented: { rating: FC, artifacts: [a.csv], tested: %s }\n",
		 ds(f, -366));
	manifest(f, "t03.evidence.yaml",
		 "requirement: T.03\n"
		 "policy: { rating: FC, artifacts: [a.csv], reviewed: 2001-01-01 }\n"
		 "implemented: { rating: MC, artifacts: [a.csv], tested: %s }\n",
		 ds(f, 0));
	load_ok(f, HTA_TIER_E1, false);
	assert_int_equal(own(f, "T.01", HTA_IMPLEMENTED), 100);
	assert_int_equal(own(f, "T.02", HTA_IMPLEMENTED), 0);
	expect_finding(f, "T.02", "stale", 2, "366 days");
	assert_int_equal(own(f, "T.03", HTA_IMPLEMENTED), 75);
	assert_null(finding(f, "T.03", "stale"));
	assert_null(finding(f, "T.01", "stale"));
}

static void test_effective_windows(void **state)
{
	struct fx *f = *state;
	tu_write(f->root, "p.pdf", "x\n");
	manifest(f, "t02.evidence.yaml",
		 "requirement: T.02\n"
		 "policy: { rating: FC, artifacts: [p.pdf], reviewed: %s, effective: %s }\n"
		 "procedure: { rating: FC, artifacts: [p.pdf], reviewed: %s, effective: %s }\n"
		 "implemented: { rating: FC, artifacts: [p.pdf], tested: %s, effective: %s }\n"
		 "measured: { rating: FC, artifacts: [p.pdf], tested: %s, effective: %s }\n"
		 "managed: { rating: FC, artifacts: [p.pdf], tested: %s, effective: %s }\n",
		 ds(f, -10), ds(f, -59), ds(f, -10), ds(f, -60), ds(f, -10), ds(f, -89),
		 ds(f, -10), ds(f, -90), ds(f, -10), ds(f, 5));
	load_ok(f, HTA_TIER_R2, true);
	/* Policy 59 days old: too recent (60 needed); procedure 60: fine. */
	assert_int_equal(own(f, "T.02", HTA_POLICY), 0);
	assert_int_equal(own(f, "T.02", HTA_PROCEDURE), 100);
	/* Implemented 89: too recent (90 needed); measured 90: fine. */
	assert_int_equal(own(f, "T.02", HTA_IMPLEMENTED), 0);
	assert_int_equal(own(f, "T.02", HTA_MEASURED), 100);
	/* Effective after as_of: too recent. */
	assert_int_equal(own(f, "T.02", HTA_MANAGED), 0);
	assert_int_equal(count(f, "T.02", "too-recent"), 3);
	const struct hta_finding *x = finding(f, "T.02", "too-recent");
	assert_int_equal(x->line, 2);
	assert_contains(x->message, "59 days before 2026-11-01; it needs 60 days");
	assert_string_equal(x->path, "t02.evidence.yaml");
	const struct hta_manifest *m = mf_of(f, "T.02");
	assert_int_equal(m->level[HTA_IMPLEMENTED].effective, f->as_of - 89);
	assert_int_equal(m->level[HTA_IMPLEMENTED].effective_line, 4);
}

static void test_artifacts(void **state)
{
	struct fx *f = *state;
	char abs_in[TU_PATH_MAX], p[TU_PATH_MAX], q[TU_PATH_MAX];
	tu_write(f->base, "outside.txt", "secret\n");
	tu_write(f->root, "docs/in.txt", "twelve bytes");
	assert_int_equal(symlink("../outside.txt", tu_join(p, f->root, "link-out")), 0);
	assert_int_equal(symlink("docs/in.txt", tu_join(p, f->root, "link-in")), 0);
	assert_int_equal(symlink("loop", tu_join(p, f->root, "loop")), 0);
	assert_int_equal(mkdir(tu_join(p, f->root, "dir"), 0755), 0);
	/* The absolute path of a file that is inside the root: still refused. */
	snprintf(abs_in, sizeof(abs_in), "%s", tu_join(q, f->root, "docs/in.txt"));
	const char *d = ds(f, -10);
	manifest(f, "t01.evidence.yaml",
		 "requirement: T.01\n"
		 "policy:\n"
		 "  rating: FC\n"
		 "  artifacts:\n"
		 "    - docs/in.txt\n"
		 "    - link-in\n"
		 "  reviewed: %s\n"
		 "procedure:\n"
		 "  rating: FC\n"
		 "  artifacts: [nope.csv]\n"
		 "  reviewed: %s\n"
		 "implemented:\n"
		 "  rating: FC\n"
		 "  artifacts: [../outside.txt]\n"
		 "  tested: %s\n"
		 "measured:\n"
		 "  rating: FC\n"
		 "  artifacts: [link-out]\n"
		 "  tested: %s\n"
		 "managed:\n"
		 "  rating: FC\n"
		 "  artifacts: [dir]\n"
		 "  tested: %s\n",
		 d, d, d, d, d);
	manifest(f, "t02.evidence.yaml",
		 "requirement: T.02\n"
		 "policy: { rating: FC, artifacts: [\"%s\"], reviewed: %s }\n"
		 "implemented: { rating: FC, tested: %s }\n"
		 "procedure: { rating: FC, artifacts: [docs/in.txt, docs/../docs/in.txt], reviewed: %s }\n"
		 "measured: { rating: FC, artifacts: [loop], tested: %s }\n",
		 abs_in, d, d, d, d);
	manifest(f, "t03.evidence.yaml",
		 "requirement: T.03\n"
		 "implemented: { rating: FC, artifacts: [docs/in.txt] }\n"
		 "policy: { rating: FC, artifacts: [] , reviewed: %s }\n",
		 d);
	load_ok(f, HTA_TIER_R2, true);
	/* A symlink that stays inside the root is fine. */
	assert_int_equal(own(f, "T.01", HTA_POLICY), 100);
	expect_finding(f, "T.01", "artifact-missing", 10, "'nope.csv' does not exist");
	assert_int_equal(own(f, "T.01", HTA_PROCEDURE), 0);
	/* Outside via .. (line 14) and via a symlink (line 18). */
	assert_int_equal(own(f, "T.01", HTA_IMPLEMENTED), 0);
	assert_int_equal(own(f, "T.01", HTA_MEASURED), 0);
	assert_int_equal(count(f, "T.01", "artifact-outside-root"), 2);
	unsigned lines[2], k = 0;
	for (size_t i = 0; i < f->ev.findings.n; i++) {
		const struct hta_finding *x = f->ev.findings.v[i];
		if (strcmp(hta_finding_name(x->code), "artifact-outside-root") == 0 && x->stmt == sid(f, "T.01"))
			lines[k++] = x->line;
	}
	assert_int_equal(lines[0], 14);
	assert_int_equal(lines[1], 18);
	/* A directory is not an artifact. */
	expect_finding(f, "T.01", "artifact-not-file", 22, "'dir' is not a regular file");
	assert_int_equal(own(f, "T.01", HTA_MANAGED), 0);

	/* An absolute path is refused even when it points inside the root. */
	expect_finding(f, "T.02", "artifact-outside-root", 2, "absolute or resolves outside");
	assert_int_equal(own(f, "T.02", HTA_POLICY), 0);
	/* A claim naming no artifact counts 0. */
	expect_finding(f, "T.02", "no-artifact", 3, "names no artifact");
	assert_int_equal(own(f, "T.02", HTA_IMPLEMENTED), 0);
	/* A path through "docs/.." that stays inside is fine. */
	assert_int_equal(own(f, "T.02", HTA_PROCEDURE), 100);
	/* A symlink loop. */
	expect_finding(f, "T.02", "artifact-refused", 5, "symlink loop");
	assert_int_equal(own(f, "T.02", HTA_MEASURED), 0);

	/* A claim without its date counts 0; an empty artifact list too. */
	expect_finding(f, "T.03", "date-missing", 2, "no 'tested' date");
	assert_int_equal(own(f, "T.03", HTA_IMPLEMENTED), 0);
	expect_finding(f, "T.03", "no-artifact", 3, "policy is claimed but names no artifact");

	/* Every named artifact is listed once, resolved when usable. */
	size_t in_txt = 0;
	for (size_t i = 0; i < f->ev.artifacts.n; i++) {
		const struct hta_artifact *a = f->ev.artifacts.v[i];
		if (strcmp(a->path, "docs/in.txt") == 0) {
			in_txt++;
			assert_int_equal(a->status, HTA_ART_OK);
			assert_non_null(a->resolved);
			assert_contains(a->resolved, "/ev/docs/in.txt");
			assert_int_equal(a->size, 12);
		} else if (strcmp(a->path, "link-out") == 0) {
			assert_int_equal(a->status, HTA_ART_OUTSIDE);
			assert_null(a->resolved);
		} else if (strcmp(a->path, "nope.csv") == 0) {
			assert_int_equal(a->status, HTA_ART_MISSING);
		} else if (strcmp(a->path, "loop") == 0) {
			assert_int_equal(a->status, HTA_ART_LOOP);
		}
	}
	assert_int_equal(in_txt, 1);
}

static void test_not_claimed_and_coverage_decimals(void **state)
{
	struct fx *f = *state;
	tu_write(f->root, "a.txt", "a\n");
	const char *d = ds(f, -1);
	manifest(f, "t05.evidence.yaml",
		 "requirement: T.05\n"
		 "policy: { coverage: 10.99, artifacts: [a.txt], reviewed: %s }\n"
		 "procedure: { coverage: 11, artifacts: [a.txt], reviewed: %s }\n"
		 "implemented: { coverage: 89.99, artifacts: [a.txt], tested: %s }\n"
		 "measured: { coverage: 90, artifacts: [a.txt], tested: %s }\n"
		 "managed: { coverage: 65.5, artifacts: [a.txt], tested: %s }\n",
		 d, d, d, d, d);
	manifest(f, "t01.evidence.yaml", "requirement: T.01\npolicy:\nprocedure: {}\n");
	load_ok(f, HTA_TIER_R2, true);
	/* A decimal falls in the band its integer part is in. */
	const struct hta_manifest *m = mf_of(f, "T.05");
	assert_int_equal(m->level[HTA_POLICY].result, 0);
	assert_int_equal(m->level[HTA_PROCEDURE].result, 25);
	assert_int_equal(m->level[HTA_IMPLEMENTED].result, 75);
	assert_int_equal(m->level[HTA_MEASURED].result, 100);
	assert_int_equal(m->level[HTA_MANAGED].result, 50);
	assert_int_equal(own(f, "T.05", HTA_MANAGED), 50);
	/* A null or empty level is not claimed: no finding, counts 0. */
	const struct hta_manifest *t1 = mf_of(f, "T.01");
	assert_false(t1->level[HTA_POLICY].claimed);
	assert_false(t1->level[HTA_PROCEDURE].claimed);
	assert_int_equal(t1->level[HTA_POLICY].own, 0);
	assert_int_equal(count(f, "T.01", "no-artifact"), 0);
	assert_int_equal(count(f, "T.01", "date-missing"), 0);
}

static void test_manifest_fields_and_findings(void **state)
{
	struct fx *f = *state;
	char p[TU_PATH_MAX];
	tu_write(f->root, "x/a.csv", "a\n");
	manifest(f, "t01.evidence.yaml",
		 "requirement: T.01\n"
		 "owner: iam@test.example\n"
		 "not_applicable: \"No interactive logins\"\n"
		 "implemented: { rating: FC, artifacts: [x/a.csv], tested: %s }\n"
		 "notes: free text\n",
		 ds(f, -1));
	manifest(f, "sub/dir/t02.evidence.yml",
		 "requirement: T.02\n"
		 "inherited:\n"
		 "  provider: aws\n"
		 "  weight: 60\n"
		 "waiver:\n"
		 "  reason: Legacy system replaced in Q1\n"
		 "  expires: %s\n",
		 ds(f, -1));
	/* A JSON manifest for an r2-only statement: checked, out of scope in e1. */
	manifest(f, "t05.evidence.json",
		 "{\n  \"requirement\": \"T.05\",\n  \"implemented\": {\"rating\": \"FC\"}\n}\n");
	/* A waiver that expires on as_of still holds. */
	manifest(f, "t03.evidence.yaml",
		 "requirement: T.03\nwaiver: { reason: ok, expires: %s }\n", ds(f, 0));
	/* Hidden directories are not walked; a manifest that is a symlink is
	 * never opened. */
	tu_write(f->root, ".git/bad.evidence.yaml", "this: [is not: valid\n");
	assert_int_equal(symlink("t01.evidence.yaml", tu_join(p, f->root, "link.evidence.yaml")), 0);
	load_ok(f, HTA_TIER_E1, false);

	assert_int_equal(f->ev.n_manifests, 4);
	/* Regular files walked: a.csv + 4 manifests (not .git's, not the symlink). */
	assert_int_equal(f->ev.files_seen, 5);
	const struct hta_manifest *m1 = mf_of(f, "T.01");
	assert_string_equal(m1->owner, "iam@test.example");
	assert_string_equal(m1->na_reason, "No interactive logins");
	assert_int_equal(m1->na_line, 3);
	assert_string_equal(m1->notes, "free text");
	assert_int_equal(m1->provider, -1);
	/* T.01 is never_na: a finding, and it is scored. */
	expect_finding(f, "T.01", "never-na", 3, "can never be not applicable");
	assert_int_equal(own(f, "T.01", HTA_IMPLEMENTED), 100);

	const struct hta_manifest *m2 = mf_of(f, "T.02");
	assert_string_equal(m2->path, "sub/dir/t02.evidence.yml");
	assert_int_equal(m2->provider, hta_scope_provider(&f->sc, "aws"));
	assert_int_equal(m2->weight, 60);
	/* The catalog allows 50% for T.02: capped, with a finding. */
	assert_int_equal(m2->weight_used, 50);
	/* The cap finding points at the weight (line 4). */
	assert_int_equal(m2->inherit_line, 4);
	expect_finding(f, "T.02", "inherit-capped", 4, "60% is above the 50%");
	assert_true(m2->has_waiver);
	assert_string_equal(m2->waiver_reason, "Legacy system replaced in Q1");
	assert_int_equal(m2->waiver_expires, f->as_of - 1);
	expect_finding(f, "T.02", "waiver-expired", 6, "expired");
	assert_null(finding(f, "T.03", "waiver-expired"));
	assert_true(mf_of(f, "T.03")->has_waiver);

	/* T.05 is r2-only. */
	expect_finding(f, "T.05", "out-of-scope", 2, "not in this run's scope");
	assert_int_equal(mf_of(f, "T.05")->level[HTA_IMPLEMENTED].result, 100);
	/* The symlinked manifest. */
	const struct hta_finding *x = finding(f, NULL, "manifest-refused");
	assert_non_null(x);
	assert_string_equal(x->path, "link.evidence.yaml");
	assert_int_equal(x->stmt, -1);
	/* Every in-scope statement has its manifest here: no no-evidence. */
	assert_int_equal(count(f, NULL, "no-evidence"), 0);
}

static void test_no_evidence(void **state)
{
	struct fx *f = *state;
	load_ok(f, HTA_TIER_I1, false);
	assert_int_equal(f->ev.n_manifests, 0);
	/* One finding per in-scope statement (T.01-T.04 in i1), in catalog order. */
	assert_int_equal(count(f, NULL, "no-evidence"), 4);
	const struct hta_finding *x = finding(f, "T.04", "no-evidence");
	assert_non_null(x);
	assert_null(x->path);
	assert_int_equal(x->line, 0);
	assert_contains(x->message, "T.04");
	assert_null(finding(f, "T.05", "no-evidence"));
}

/* A tree that holds one bad manifest: the load fails with this message. */
static void expect_load_error(struct fx *f, const char *rel, const char *text, const char *where,
			      const char *what)
{
	struct hta_err err;
	tu_write(f->root, rel, text);
	int rc = load_check(f, HTA_TIER_R2, true, 0, &err);
	if (rc != HTA_EINVAL)
		fail_msg("expected HTA_EINVAL for <<%s>>, got %d", text, rc);
	if (strncmp(err.msg, where, strlen(where)) != 0)
		fail_msg("message \"%s\" does not start with \"%s\"", err.msg, where);
	assert_contains(err.msg, what);
	char p[TU_PATH_MAX];
	unlink(tu_join(p, f->root, rel));
}

static void test_manifest_errors(void **state)
{
	struct fx *f = *state;
	expect_load_error(f, "t.evidence.yaml", "requirement: T.01\nowner: me\nimplemnted: {}\n",
			  "t.evidence.yaml:3:1: ", "unknown key 'implemnted' in manifest");
	expect_load_error(f, "t.evidence.yaml",
			  "requirement: T.01\nimplemented:\n  rating: FC\n  artefacts: [a]\n",
			  "t.evidence.yaml:4:3: ", "unknown key 'artefacts' in implemented");
	expect_load_error(f, "t.evidence.yaml",
			  "requirement: T.01\npolicy: { rating: FC, tested: 2026-01-01 }\n",
			  "t.evidence.yaml:2:23: ", "unknown key 'tested' in policy");
	expect_load_error(f, "deep/t.evidence.yaml", "requirement: X.99\n",
			  "deep/t.evidence.yaml:1:14: ", "unknown requirement 'X.99'");
	expect_load_error(f, "t.evidence.yaml", "owner: me\n", "t.evidence.yaml:1:1: ",
			  "manifest needs 'requirement: ID'");
	expect_load_error(f, "t.evidence.yaml", "", "t.evidence.yaml:1:1: ", "empty manifest");
	expect_load_error(f, "t.evidence.yaml",
			  "requirement: T.01\nimplemented: { rating: FC, coverage: 90 }\n",
			  "t.evidence.yaml:2:", "both rating and coverage");
	expect_load_error(f, "t.evidence.yaml",
			  "requirement: T.01\nimplemented: { artifacts: [a] }\n",
			  "t.evidence.yaml:2:14: ", "needs a rating");
	expect_load_error(f, "t.evidence.yaml",
			  "requirement: T.01\nimplemented: { rating: great }\n",
			  "t.evidence.yaml:2:24: ", "rating must be FC, MC, PC, SC or NC");
	expect_load_error(f, "t.evidence.yaml",
			  "requirement: T.01\nimplemented: { coverage: 100.5 }\n",
			  "t.evidence.yaml:2:26: ", "coverage must be between 0 and 100");
	expect_load_error(f, "t.evidence.yaml",
			  "requirement: T.01\nimplemented: { rating: FC, tested: 2026-02-30 }\n",
			  "t.evidence.yaml:2:36: ", "tested must be a real date");
	expect_load_error(f, "t.evidence.yaml",
			  "requirement: T.01\nimplemented: { rating: FC, artifacts: a.csv }\n",
			  "t.evidence.yaml:2:39: ", "artifacts must be a list");
	expect_load_error(f, "t.evidence.yaml", "requirement: T.01\nnot_applicable: true\n",
			  "t.evidence.yaml:2:17: ", "not_applicable takes the reason, as text");
	expect_load_error(f, "t.evidence.yaml",
			  "requirement: T.02\ninherited: { provider: gcp, weight: 10 }\n",
			  "t.evidence.yaml:2:24: ", "provider 'gcp' is not declared in scope.yaml");
	expect_load_error(f, "t.evidence.yaml",
			  "requirement: T.02\ninherited: { provider: aws, weight: 101 }\n",
			  "t.evidence.yaml:2:37: ", "weight must be between 0 and 100");
	expect_load_error(f, "t.evidence.yaml", "requirement: T.02\ninherited: { provider: aws }\n",
			  "t.evidence.yaml:2:12: ", "inherited needs provider and weight");
	expect_load_error(f, "t.evidence.yaml", "requirement: T.02\nwaiver: { expires: 2027-01-01 }\n",
			  "t.evidence.yaml:2:9: ", "waiver needs a reason");
	expect_load_error(f, "t.evidence.yaml", "requirement: T.02\nwaiver: { reason: r }\n",
			  "t.evidence.yaml:2:9: ", "waiver needs an expires date");
	expect_load_error(f, "t.evidence.json", "{\"requirement\": \"T.01\",\n \"owner\": \"a\" \"x\"}\n",
			  "t.evidence.json:2:", "invalid JSON");
	expect_load_error(f, "t.evidence.json", "{\"requirement\": \"T.01\", \"extra\": 1}\n",
			  "t.evidence.json:1:25: ", "unknown key 'extra' in manifest");
	expect_load_error(f, "t.evidence.yaml", "requirement: T.01\nrequirement: T.02\n",
			  "t.evidence.yaml:2:1: ", "duplicate key 'requirement'");
}

/* Several manifests for one statement (contract 8.1): fine when they claim
 * different levels; two claiming one level is an error naming both. */
static void test_two_manifests_one_id(void **state)
{
	struct fx *f = *state;
	struct hta_err err;
	manifest(f, "a.evidence.yaml", "requirement: T.01\n");
	manifest(f, "sub/b.evidence.yml", "# the same statement\nrequirement: T.01\n");
	assert_int_equal(load_check(f, HTA_TIER_E1, false, 0, &err), 0);
	hta_evidence_free(&f->ev);
	f->have_ev = false;
	manifest(f, "a.evidence.yaml", "requirement: T.01\nimplemented: { rating: FC }\n");
	manifest(f, "sub/b.evidence.yml",
		 "# the same statement\nrequirement: T.01\nimplemented: { rating: PC }\n");
	assert_int_equal(load_check(f, HTA_TIER_E1, false, 0, &err), HTA_EINVAL);
	/* Names both files, each with its line. */
	assert_string_equal(err.msg,
			    "sub/b.evidence.yml:3:14: implemented for T.01 is also claimed by "
			    "a.evidence.yaml:2: two manifests for one statement must claim "
			    "different levels");
}

static void test_not_a_directory(void **state)
{
	struct fx *f = *state;
	struct hta_err err;
	char p[TU_PATH_MAX];
	tu_write(f->base, "file.txt", "x\n");
	assert_int_equal(hta_evidence_load(&f->ev, &f->cat, &f->sc, tu_join(p, f->base, "file.txt"),
					   &err), HTA_EIO);
	assert_contains(err.msg, "not a directory");
	assert_int_equal(hta_evidence_load(&f->ev, &f->cat, &f->sc, tu_join(p, f->base, "none"),
					   &err), HTA_EIO);
	assert_contains(err.msg, "none");
}


/* ---- several manifests per statement (contract 8.1) ---- */

static void test_split_manifests_union(void **state)
{
	struct fx *f = *state;
	tu_write(f->root, "p.pdf", "p\n");
	tu_write(f->root, "i.csv", "i\n");
	/* Hand-written: policy and procedure, owner, waiver. Imported:
	 * implemented (stale). A skeleton beside both. */
	manifest(f, "hand/t02.evidence.yaml",
		 "requirement: T.02\nowner: me@example.com\n"
		 "waiver: { reason: r, expires: %s }\n"
		 "policy: { rating: FC, artifacts: [p.pdf], reviewed: %s }\n"
		 "procedure: { rating: MC, artifacts: [p.pdf], reviewed: %s }\n",
		 ds(f, 30), ds(f, -10), ds(f, -10));
	manifest(f, "imports/x/t02.evidence.yaml",
		 "requirement: T.02\ninherited: { provider: aws, weight: 40 }\n"
		 "implemented: { coverage: 95, artifacts: [i.csv], tested: %s }\n", ds(f, -400));
	manifest(f, "skel/T.02.evidence.yaml", "# a skeleton\nrequirement: T.02\n");
	load_ok(f, HTA_TIER_R2, false);
	const struct hta_manifest *m = mf_of(f, "T.02");
	/* The union: every level and field, from the manifest that holds it. */
	assert_int_equal(own(f, "T.02", HTA_POLICY), 100);
	assert_int_equal(own(f, "T.02", HTA_PROCEDURE), 75);
	assert_true(m->level[HTA_IMPLEMENTED].claimed);
	assert_int_equal(own(f, "T.02", HTA_IMPLEMENTED), 0);
	assert_string_equal(m->owner, "me@example.com");
	assert_true(m->has_waiver);
	assert_int_equal(m->provider, 0);
	assert_int_equal(m->weight_used, 40);
	/* Reported: the first (in path order) setting a statement-wide field. */
	assert_string_equal(m->path, "hand/t02.evidence.yaml");
	/* The stale finding names the file that claims the level. */
	const struct hta_finding *x = finding(f, "T.02", "stale");
	assert_non_null(x);
	assert_string_equal(x->path, "imports/x/t02.evidence.yaml");
	assert_int_equal(x->line, 3);
}

static void test_split_managed_capped_across_files(void **state)
{
	struct fx *f = *state;
	tu_write(f->root, "m.csv", "m\n");
	manifest(f, "a.evidence.yaml", "requirement: T.01\n"
		 "measured: { rating: PC, artifacts: [m.csv], tested: %s }\n", ds(f, -5));
	manifest(f, "b.evidence.yaml", "requirement: T.01\n"
		 "managed: { rating: FC, artifacts: [m.csv], tested: %s }\n", ds(f, -5));
	load_ok(f, HTA_TIER_R2, true);
	assert_int_equal(own(f, "T.01", HTA_MEASURED), 50);
	assert_int_equal(own(f, "T.01", HTA_MANAGED), 50);
	const struct hta_finding *x = finding(f, "T.01", "managed-above-measured");
	assert_non_null(x);
	assert_string_equal(x->path, "b.evidence.yaml");
	assert_int_equal(x->line, 2);
}

static void test_split_conflicts_every_one(void **state)
{
	struct fx *f = *state;
	struct hta_err err;
	struct hta_errlist l = { 0 };
	manifest(f, "a.evidence.yaml", "requirement: T.02\nowner: a\nnot_applicable: x\n"
		 "inherited: { provider: aws, weight: 10 }\nwaiver: { reason: r, expires: %s }\n"
		 "policy: { rating: FC }\n", ds(f, 1));
	manifest(f, "b.evidence.yaml", "requirement: T.02\nowner: b\nnot_applicable: y\n"
		 "inherited: { provider: aws, weight: 20 }\nwaiver: { reason: s, expires: %s }\n"
		 "policy: { rating: PC }\n", ds(f, 1));
	assert_int_equal(hta_evidence_load_all(&f->ev, &f->cat, &f->sc, f->root, &l, &err),
			 HTA_EINVAL);
	assert_int_equal(l.total, 5);
	assert_int_equal(l.n, 5);
	assert_string_equal(l.msg[0], "b.evidence.yaml:6:9: policy for T.02 is also claimed by "
				      "a.evidence.yaml:6: two manifests for one statement must "
				      "claim different levels");
	assert_string_equal(l.msg[1], "b.evidence.yaml:2:8: owner for T.02 is also set by "
				      "a.evidence.yaml:2: set it in one manifest of the statement");
	assert_contains(l.msg[2], "b.evidence.yaml:3:17: not_applicable for T.02 is also set by "
				  "a.evidence.yaml:3");
	assert_contains(l.msg[3], "b.evidence.yaml:4:12: inherited for T.02 is also set by "
				  "a.evidence.yaml:4");
	assert_contains(l.msg[4], "b.evidence.yaml:5:9: waiver for T.02 is also set by "
				  "a.evidence.yaml:5");
	assert_string_equal(err.msg, l.msg[0]);
	hta_errlist_free(&l);
}

/* ---- every error in one pass ---- */

static void test_every_error_in_one_pass(void **state)
{
	struct fx *f = *state;
	struct hta_err err;
	struct hta_errlist l = { 0 };
	manifest(f, "a.evidence.yaml", "requirement: T.404\n");
	manifest(f, "b.evidence.yaml", "requirement: T.01\nimplemnted: {}\n");
	manifest(f, "c.evidence.yaml", "requirement: T.02\npolicy:\n\trating: FC\n");
	manifest(f, "d.evidence.yaml", "requirement: T.03\n");
	assert_int_equal(hta_evidence_load_all(&f->ev, &f->cat, &f->sc, f->root, &l, &err),
			 HTA_EINVAL);
	assert_int_equal(l.total, 3);
	assert_contains(l.msg[0], "a.evidence.yaml:1:14: unknown requirement 'T.404'");
	assert_contains(l.msg[1], "b.evidence.yaml:2:1: unknown key 'implemnted'");
	assert_string_equal(l.msg[2], "c.evidence.yaml:3:1: a tab is used for indentation: "
				      "YAML indents with spaces only");
	hta_errlist_free(&l);
	/* Past 50: the first 50 kept, all counted. */
	for (int i = 0; i < 60; i++) {
		char name[64];
		snprintf(name, sizeof(name), "bad/%02d.evidence.yaml", i);
		manifest(f, name, "requirement: [\n");
	}
	assert_int_equal(hta_evidence_load_all(&f->ev, &f->cat, &f->sc, f->root, &l, &err),
			 HTA_EINVAL);
	assert_int_equal(l.total, 63);
	assert_int_equal(l.n, HTA_ERRLIST_MAX);
	assert_contains(l.msg[2], "bad/00.evidence.yaml:2:1:");
	hta_errlist_free(&l);
}

static void test_misnamed_manifest_warned(void **state)
{
	struct fx *f = *state;
	manifest(f, "11.01a.1.yaml", "# mine\nrequirement: T.01\n");
	manifest(f, "sub/t03.json", "{\"requirement\": \"T.03\"}");
	manifest(f, "sub/data.yaml", "rows: [1, 2]\n");
	manifest(f, "sub/notyaml.yml", "a: [\n");
	tu_write(f->base, "unused", "");
	load_ok(f, HTA_TIER_E1, false);
	assert_int_equal(count(f, NULL, "manifest-misnamed"), 2);
	const struct hta_finding *x = finding(f, NULL, "manifest-misnamed");
	assert_string_equal(x->path, "11.01a.1.yaml");
	assert_int_equal(x->line, 2);
	assert_contains(x->message, "rename it to 11.01a.1.evidence.yaml");
}

/* ---- the evidence library (contract 8.2) ---- */

static void library(const struct fx *f, const char *text)
{
	tu_write(f->root, "documents.yaml", text);
}

static void test_library_dates(void **state)
{
	struct fx *f = *state;
	char lib[1024];
	tu_write(f->root, "p.pdf", "p\n");
	tu_write(f->root, "q.pdf", "q\n");
	snprintf(lib, sizeof(lib),
		 "documents:\n"
		 "  - id: pol\n    path: p.pdf\n    reviewed: %s\n    effective: %s\n"
		 "  - id: std\n    path: q.pdf\n    reviewed: %s\n    effective: %s\n"
		 "  - id: undated\n    path: q.pdf\n",
		 ds(f, -100), ds(f, -400), ds(f, -200), ds(f, -30));
	library(f, lib);
	/* T.01: one document, its dates used. T.02: two, the oldest reviewed
	 * and the newest effective (30 days: too recent for policy). T.03: the
	 * level's own date wins. T.04: an undated document: no date. */
	manifest(f, "t01.evidence.yaml", "requirement: T.01\n"
		 "policy: { rating: FC, documents: [pol] }\n");
	manifest(f, "t02.evidence.yaml", "requirement: T.02\n"
		 "policy: { rating: FC, documents: [pol, std] }\n");
	manifest(f, "t03.evidence.yaml", "requirement: T.03\n"
		 "policy: { rating: FC, documents: [std], reviewed: %s, effective: %s }\n",
		 ds(f, -1), ds(f, -100));
	manifest(f, "t04.evidence.yaml", "requirement: T.04\n"
		 "policy: { rating: FC, documents: [undated] }\n");
	load_ok(f, HTA_TIER_R2, false);
	const struct hta_claim *c = &mf_of(f, "T.01")->level[HTA_POLICY];
	assert_int_equal(c->date, f->as_of - 100);
	assert_int_equal(c->effective, f->as_of - 400);
	assert_int_equal(c->n_artifacts, 1);
	assert_string_equal(c->artifacts[0], "p.pdf");
	assert_int_equal(own(f, "T.01", HTA_POLICY), 100);
	c = &mf_of(f, "T.02")->level[HTA_POLICY];
	assert_int_equal(c->date, f->as_of - 200);
	assert_int_equal(c->effective, f->as_of - 30);
	assert_int_equal(own(f, "T.02", HTA_POLICY), 0);
	const struct hta_finding *x = finding(f, "T.02", "too-recent");
	assert_non_null(x);
	assert_string_equal(x->path, "documents.yaml");
	assert_int_equal(x->line, 9); /* std's effective */
	c = &mf_of(f, "T.03")->level[HTA_POLICY];
	assert_int_equal(c->date, f->as_of - 1);
	assert_int_equal(c->effective, f->as_of - 100);
	assert_int_equal(own(f, "T.03", HTA_POLICY), 100);
	x = finding(f, "T.04", "date-missing");
	assert_non_null(x);
	assert_string_equal(x->path, "t04.evidence.yaml");
}

static void test_library_stale_document_every_level(void **state)
{
	struct fx *f = *state;
	char lib[512];
	tu_write(f->root, "p.pdf", "p\n");
	snprintf(lib, sizeof(lib), "documents:\n  - id: old\n    path: p.pdf\n    reviewed: %s\n"
		 "  - id: gone\n    path: nowhere.pdf\n    reviewed: %s\n", ds(f, -400), ds(f, -1));
	library(f, lib);
	manifest(f, "t01.evidence.yaml", "requirement: T.01\n"
		 "policy: { rating: FC, documents: [old] }\n"
		 "procedure: { rating: FC, documents: [old] }\n"
		 "implemented: { rating: FC, documents: [old] }\n");
	manifest(f, "t02.evidence.yaml", "requirement: T.02\n"
		 "implemented: { rating: FC, documents: [gone] }\n");
	load_ok(f, HTA_TIER_R2, false);
	for (int l = HTA_POLICY; l <= HTA_IMPLEMENTED; l++)
		assert_int_equal(own(f, "T.01", (enum hta_level)l), 0);
	assert_int_equal(count(f, "T.01", "stale"), 3);
	for (size_t i = 0; i < f->ev.findings.n; i++) {
		const struct hta_finding *y = f->ev.findings.v[i];
		if (y->code == HTA_FIND_STALE) {
			assert_string_equal(y->path, "documents.yaml");
			assert_int_equal(y->line, 4);
		}
	}
	/* A document whose path is missing: the artifact finding, on its line. */
	assert_int_equal(own(f, "T.02", HTA_IMPLEMENTED), 0);
	const struct hta_finding *x = finding(f, "T.02", "artifact-missing");
	assert_non_null(x);
	assert_string_equal(x->path, "documents.yaml");
	assert_int_equal(x->line, 6);
}

static void test_library_errors(void **state)
{
	struct fx *f = *state;
	struct hta_err err;
	struct hta_errlist l = { 0 };
	/* An unknown id: an error at the id, whether or not there is a library. */
	manifest(f, "t01.evidence.yaml", "requirement: T.01\n"
		 "policy: { rating: FC, documents: [nope] }\n");
	assert_int_equal(load_check(f, HTA_TIER_E1, false, 0, &err), HTA_EINVAL);
	assert_string_equal(err.msg, "t01.evidence.yaml:2:35: unknown document 'nope' (there is "
				     "no documents.yaml at the evidence root)");
	library(f, "documents:\n  - { id: pol, path: p.pdf }\n");
	assert_int_equal(load_check(f, HTA_TIER_E1, false, 0, &err), HTA_EINVAL);
	assert_contains(err.msg, "unknown document 'nope' (not declared in documents.yaml)");
	/* Every error of a broken library is listed (the Bad_Id and the
	 * unknown key of another entry); the ids it would declare are not
	 * reported again; the other manifests' errors still are. */
	library(f, "documents:\n  - { id: Bad_Id, path: p.pdf }\n  - { id: x, path: p.pdf, colour: red }\n");
	manifest(f, "t02.evidence.yaml", "requirement: T.02\nbogus: 1\n");
	assert_int_equal(hta_evidence_load_all(&f->ev, &f->cat, &f->sc, f->root, &l, &err),
			 HTA_EINVAL);
	assert_int_equal(l.total, 3);
	assert_string_equal(l.msg[0], "documents.yaml:2:11: document id must be lowercase "
				      "letters, digits and '-', not 'Bad_Id'");
	assert_string_equal(l.msg[1], "documents.yaml:3:27: unknown key 'colour' in document");
	assert_contains(l.msg[2], "t02.evidence.yaml:2:1: unknown key 'bogus'");
	hta_errlist_free(&l);
	library(f, "documents:\n  - { id: a, path: p.pdf }\n  - { id: a, path: q.pdf }\n");
	assert_int_equal(load_check(f, HTA_TIER_E1, false, 0, &err), HTA_EINVAL);
	assert_string_equal(err.msg, "documents.yaml:3:11: document id 'a' repeats line 2");
}

int main(void)
{
	const struct CMUnitTest pure[] = {
		cmocka_unit_test(test_rating_parse),
		cmocka_unit_test(test_coverage_bands),
	};
	const struct CMUnitTest trees[] = {
		cmocka_unit_test_setup_teardown(test_fresh_and_stale, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stale_edges_e1, setup, teardown),
		cmocka_unit_test_setup_teardown(test_effective_windows, setup, teardown),
		cmocka_unit_test_setup_teardown(test_artifacts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_claimed_and_coverage_decimals, setup, teardown),
		cmocka_unit_test_setup_teardown(test_manifest_fields_and_findings, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_evidence, setup, teardown),
		cmocka_unit_test_setup_teardown(test_manifest_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_two_manifests_one_id, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_a_directory, setup, teardown),
		cmocka_unit_test_setup_teardown(test_split_manifests_union, setup, teardown),
		cmocka_unit_test_setup_teardown(test_split_managed_capped_across_files, setup, teardown),
		cmocka_unit_test_setup_teardown(test_split_conflicts_every_one, setup, teardown),
		cmocka_unit_test_setup_teardown(test_every_error_in_one_pass, setup, teardown),
		cmocka_unit_test_setup_teardown(test_misnamed_manifest_warned, setup, teardown),
		cmocka_unit_test_setup_teardown(test_library_dates, setup, teardown),
		cmocka_unit_test_setup_teardown(test_library_stale_document_every_level, setup, teardown),
		cmocka_unit_test_setup_teardown(test_library_errors, setup, teardown),
	};
	int failed = cmocka_run_group_tests_name("evidence: ratings and bands", pure, NULL, NULL);
	failed += cmocka_run_group_tests_name("evidence: trees", trees, group_setup, group_teardown);
	return failed;
}
