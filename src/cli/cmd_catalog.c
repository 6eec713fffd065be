/*
 * cmd_catalog.c — `hitrust-assess catalog list|show|stats|validate|export`.
 */
#include "cli.h"
#include "hta/alloc.h"
#include "hta/catreport.h"
#include "hta/report.h"
#include "hta/scope.h"

#include <errno.h>
#include <limits.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Write the JSON `render` appended to `b` (or its error), and free it. */
static int write_json(int render_rc, struct hta_buf *b, const struct hta_err *err)
{
	int rc = EXIT_ERROR;
	if (render_rc)
		report_err(err);
	else if (!write_output("-", b->s ? b->s : "", b->len))
		rc = EXIT_PASS;
	hta_buf_free(b);
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
		unsigned char *sel = hta_malloc(cat->n_stmts ? cat->n_stmts : 1);
		struct hta_buf b = HTA_BUF_INIT;
		struct hta_err err = { 0 };
		for (size_t i = 0; sel && i < cat->n_stmts; i++)
			sel[i] = KEEP(i);
		if (sel)
			rc = write_json(hta_catalog_list_json(cat, sel, &b, &err), &b, &err);
		else {
			die_msg("out of memory");
			rc = EXIT_ERROR;
		}
		hta_free(sel);
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
		die_msg("unknown requirement '%s'", hta_shown(id));
		return EXIT_ERROR;
	}
	const struct hta_statement *st = &cat->stmts[i];
	if (json) {
		struct hta_buf b = HTA_BUF_INIT;
		struct hta_err err = { 0 };
		return write_json(hta_catalog_show_json(cat, (size_t)i, &b, &err), &b, &err);
	}
	char tb[64], cb[128];
	int ci = hta_catalog_control(cat, st->control);
	printf("%s — %s\n", st->id, st->title);
	printf("domain:      %02d %s\n", st->domain, cat->domain_name[st->domain]);
	printf("control:     %s %s\n", st->control, ci >= 0 ? cat->controls[ci].title : "");
	printf("in:          %s\n", tiers_str(st, tb, sizeof(tb)));
	if (st->n_when) {
		printf("when any of:");
		for (size_t k = 0; k < st->n_when; k++) {
			hta_cond_name(cat, &st->when[k], cb, sizeof(cb));
			printf(" %s", cb);
		}
		printf("\n");
	}
	if (st->n_requires) {
		printf("requires:   ");
		for (size_t k = 0; k < st->n_requires; k++) {
			hta_cond_name(cat, &st->requires[k], cb, sizeof(cb));
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
		struct hta_buf b = HTA_BUF_INIT;
		rc = write_json(hta_crosswalk_json(&cw, t, covered, &b, &err), &b, &err);
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
	struct hta_errlist errs = { 0 };
	if (hta_scope_load_all(sc, cat, path, path, &errs, &err)) {
		report_tree_errors(&errs, &err, "the scope", "nothing was listed");
		hta_errlist_free(&errs);
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
 * `catalog stats --scope FILE`: what the scope brings in, and why
 * (hta_scope_stats): the statements an assessment with it assesses,
 * those of the base tier, and those each factor or compliance answer
 * brings in (counted once, under the first condition that holds).
 */
static int scope_stats(const struct hta_catalog *cat, enum hta_tier tier, const char *scope_path,
		       struct hta_scopestats *out)
{
	struct hta_scope sc;
	struct hta_err err = { 0 };
	enum hta_tier t;
	unsigned addons;
	size_t n;
	unsigned char *pool = hta_malloc(cat->n_stmts ? cat->n_stmts : 1);
	if (!pool) {
		die_msg("out of memory");
		return -1;
	}
	if (scope_select(cat, tier, scope_path, &sc, pool, &t, &addons, &n)) {
		hta_free(pool);
		return -1;
	}
	int rc = hta_scope_stats(cat, &sc, pool, t, addons, n, scope_path, out, &err);
	if (rc)
		report_err(&err);
	hta_free(pool);
	hta_scope_free(&sc);
	return rc ? -1 : 0;
}

static void print_scope_stats(const struct hta_catalog *cat, const struct hta_scopestats *s)
{
	printf("\nscope %s (%s%s%s): %zu statements assessed = %zu base + %zu brought in by "
	       "factors", s->file, hta_tier_name(s->tier),
	       s->addons & HTA_WITH_AI_SECURITY ? " + ai-security" : "",
	       s->addons & HTA_WITH_AI_RISK ? " + ai-risk" : "", s->statements, s->base,
	       s->by_factor);
	if (s->addons)
		printf(" + %zu add-on", s->addon_stmts);
	printf("\n");
	for (size_t k = 0; k < cat->n_factors + cat->n_compliance; k++)
		if (s->brought_in[k])
			printf("  %-24s +%zu\n", k < cat->n_factors ? cat->factors[k].name
				: cat->compliance[k - cat->n_factors].id, s->brought_in[k]);
	/* What the add-ons the scope lacks would bring. */
	if (!(s->addons & HTA_WITH_AI_SECURITY) && !(s->addons & HTA_WITH_AI_RISK))
		printf("  with --ai-security: +%zu; with --ai-risk: +%zu\n", s->hint_ai_security,
		       s->hint_ai_risk);
	else if (!(s->addons & HTA_WITH_AI_SECURITY))
		printf("  with --ai-security: +%zu\n", s->hint_ai_security);
	else if (!(s->addons & HTA_WITH_AI_RISK))
		printf("  with --ai-risk: +%zu\n", s->hint_ai_risk);
	if (s->lowest_risk)
		printf("note: every r2 factor in %s is at its lowest-risk answer (as init "
		       "writes it): answer them before relying on this scope\n", s->file);
}

static void print_stats(const struct hta_catalog *cat, const struct hta_catstats *st)
{
	printf("catalog %s %s: %zu statements, %zu control references, %zu r2 factors, "
	       "%zu compliance factors\n  digest (SHA-256 of its files): %s\n", cat->name,
	       cat->version, cat->n_stmts, cat->n_controls, cat->n_factors, cat->n_compliance,
	       cat->digest);
	for (enum hta_tier t = HTA_TIER_E1; t < HTA_TIER_COUNT; t++) {
		const struct hta_catstats_tier *c = &st->tier[t];
		if (!c->counted)
			continue;
		if (t == HTA_TIER_R2)
			printf("  r2: %zu statements at the lowest-risk answers; %zu with every factor at "
			       "its highest (%zu with every compliance factor too)\n",
			       c->lowest, c->highest_core, c->highest_all);
		else
			printf("  %s: %zu statements (+%zu compliance-factor statements when every "
			       "compliance factor is chosen)\n", hta_tier_name(t), c->lowest,
			       c->highest_all - c->lowest);
	}
	printf("  AI Security: %zu statements for rule-based AI, %zu with every AI feature\n",
	       st->ai_rule_based, st->ai_every_feature);
	printf("  AI Risk Management: %zu statements\n", st->ai_risk);
}

/* `catalog stats [--tier T] [--scope FILE]`: what each tier and add-on can hold. */
static int do_stats(const struct hta_catalog *cat, enum hta_tier tier, const char *scope_path, int json)
{
	struct hta_catstats st;
	struct hta_scopestats ss = { 0 };
	struct hta_err err = { 0 };
	if (hta_catalog_stats(cat, tier, &st, &err)) {
		report_err(&err);
		return EXIT_ERROR;
	}
	/* the scope first: a bad one fails the command before any output */
	if (scope_path && scope_stats(cat, tier, scope_path, &ss))
		return EXIT_ERROR;
	if (!json)
		print_stats(cat, &st);
	int rc = EXIT_PASS;
	if (json) {
		struct hta_buf b = HTA_BUF_INIT;
		rc = write_json(hta_catalog_stats_json(cat, &st, scope_path ? &ss : NULL, &b, &err),
				&b, &err);
	} else if (scope_path) {
		print_scope_stats(cat, &ss);
	}
	hta_scopestats_free(&ss);
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
		struct hta_buf buf = HTA_BUF_INIT;
		rc = write_json(hta_catalog_diff_json(&a, da, &b, db, &d, &buf, &err), &buf, &err);
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

static int validate_dups(const struct hta_catalog *cat, size_t *warnings)
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
	*warnings = warned;
	return errors;
}

/*
 * `catalog validate`: the catalog loaded (load_catalog refused what is
 * malformed); what is left is the look for restated obligations.
 */
static int do_validate(const struct hta_catalog *cat, int json)
{
	size_t warnings = 0;
	int dups = validate_dups(cat, &warnings);
	if (dups < 0)
		return EXIT_ERROR;
	if (dups) {
		die_msg("catalog is invalid: %d near-duplicate statements", dups);
		return EXIT_ERROR;
	}
	if (json) {
		struct hta_buf b = HTA_BUF_INIT;
		struct hta_err err = { 0 };
		return write_json(hta_catalog_validate_json(cat, warnings, &b, &err), &b, &err);
	}
	struct hta_catcounts c;
	hta_catalog_counts(cat, &c);
	printf("catalog %s %s is valid: %zu statements (e1 %zu, i1 %zu, r2 %zu before factors; "
	       "AI Security %zu, AI Risk Management %zu)\n", cat->name, cat->version, cat->n_stmts,
	       c.tier[HTA_TIER_E1], c.tier[HTA_TIER_I1], c.tier[HTA_TIER_R2], c.ai_security,
	       c.ai_risk);
	return EXIT_PASS;
}

/* The options of `catalog`, as given. */
struct catalog_opts {
	enum hta_tier tier;   /* HTA_TIER_NONE: not given */
	int addon;            /* enum hta_addon, or -1: not given */
	int json, oscal;
	const char *catalog_dir, *scope, *crosswalk, *out;
};

/* Parse the options into `o`: 0, 1 after --help, or -1 (message printed). */
static int parse_opts(int argc, char **argv, struct catalog_opts *o)
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
	int c;
	*o = (struct catalog_opts){ .tier = HTA_TIER_NONE, .addon = -1, .out = "-" };
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
		switch (c) {
		case 't':
			if ((o->tier = hta_tier_parse(optarg)) == HTA_TIER_NONE) {
				die_msg("--tier: unknown tier '%s' (%s)", optarg, hta_tier_choices(false));
				return -1;
			}
			break;
		case 'a':
			if (strcmp(optarg, "none") == 0)
				o->addon = HTA_ADDON_NONE;
			else if ((o->addon = hta_addon_parse(optarg)) == HTA_ADDON_NONE)
				o->addon = -2;
			if (o->addon == -2) {
				die_msg("--addon: ai-security, ai-risk or none");
				return -1;
			}
			break;
		case 'f':
			if (strcmp(optarg, "json") == 0)
				o->json = 1;
			else if (strcmp(optarg, "oscal") == 0)
				o->oscal = 1;
			else if (strcmp(optarg, "text") != 0) {
				die_msg("--format: text, json or oscal (oscal: export only)");
				return -1;
			}
			break;
		case 'o': o->out = optarg; break;
		case 'c': o->catalog_dir = optarg; break;
		case 's': o->scope = optarg; break;
		case 'x': o->crosswalk = optarg; break;
		case 'h':
			printf("usage: hitrust-assess catalog list|show ID|stats|validate [--tier T] "
			       "[--addon A] [--format text|json] [--scope FILE]\n"
			       "       [--crosswalk hipaa|nist-800-53] [--catalog DIR]\n"
			       "       hitrust-assess catalog export [--format oscal] [-o FILE] "
			       "[--catalog DIR]\n"
			       "       hitrust-assess catalog diff DIR_A DIR_B [--format text|json]\n");
			return 1;
		default:
			die_msg("catalog: unknown or incomplete option '%s'", argv[optind - 1]);
			return -1;
		}
	}
	return 0;
}

int cmd_catalog(int argc, char **argv)
{
	struct catalog_opts o;
	int prc = parse_opts(argc, argv, &o);
	if (prc)
		return prc > 0 ? EXIT_PASS : EXIT_ERROR;
	enum hta_tier tier = o.tier;
	int addon = o.addon, json = o.json, oscal = o.oscal;
	const char *catalog_dir = o.catalog_dir, *scope = o.scope, *crosswalk = o.crosswalk,
		   *out = o.out;
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
	else
		rc = do_validate(&cat, json);
	hta_catalog_free(&cat);
	return rc;
}
