/*
 * cmd_init.c — `hitrust-assess init`: read the scope already there (or
 * write one valid as written, every factor at its lowest-risk answer),
 * then write a manifest skeleton (hta/manifest.h) for every statement of
 * that scope without a manifest, and an empty documents.yaml; never
 * overwrite a file, list the manifests now out of scope.
 */
#include "cli.h"
#include "hta/alloc.h"
#include "hta/date.h"
#include "hta/evidence.h"
#include "hta/library.h"
#include "hta/manifest.h"
#include "hta/scope.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* mkdir -p */
static int make_dirs(const char *path)
{
	char p[PATH_MAX];
	if ((size_t)snprintf(p, sizeof(p), "%s", path) >= sizeof(p))
		return -1;
	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = 0;
		if (mkdir(p, 0755) < 0 && errno != EEXIST)
			return -1;
		*s = '/';
	}
	return mkdir(p, 0755) < 0 && errno != EEXIST ? -1 : 0;
}

static void slug(char *out, size_t n, int domain, const char *name)
{
	size_t o = (size_t)snprintf(out, n, "%02d-", domain);
	int dash = 0;
	for (const char *s = name; *s && o + 1 < n; s++) {
		char c = *s;
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
			out[o++] = c;
			dash = 0;
		} else if (!dash && o > 3) {
			out[o++] = '-';
			dash = 1;
		}
	}
	while (o > 3 && out[o - 1] == '-')
		o--;
	out[o] = 0;
}

/*
 * The skeleton of one statement: `requirement:` only (it claims no level,
 * so it sits beside any other manifest for the statement), with the
 * statement, its illustrative evidence and a commented example as the
 * comment block (hta/manifest.h writes and sanitises it).
 */
static int skeleton(const char *path, const struct hta_catalog *cat,
		    const struct hta_statement *st, enum hta_tier tier, bool *written, struct hta_err *err)
{
	struct hta_arena A = { 0 };
	struct hta_ptrvec c = { 0 };
	int ci = hta_catalog_control(cat, st->control), rc;
#define LINE(...)                                                              \
	do {                                                                   \
		char *l_ = hta_arena_printf(&A, __VA_ARGS__);                  \
		if (!l_ || hta_ptrvec_push(&c, l_))                            \
			goto nomem;                                            \
	} while (0)
	LINE("%s — %s", st->id, st->title);
	LINE("Domain %02d %s · control %s %s", st->domain, cat->domain_name[st->domain],
	     st->control, ci >= 0 ? cat->controls[ci].title : "");
	LINE("effort %d/5%s%s%.0d%s", st->effort, st->never_na ? " · can never be N/A" : "",
	     st->inheritable ? " · inheritable up to " : "", st->inheritable,
	     st->inheritable ? "%" : "");
	LINE("%s", "");
	LINE("Requirement:");
	LINE("   %s", st->text);
	bool any = false;
	for (int l = 0; l < HTA_LEVEL_COUNT; l++)
		any |= st->evidence[l] != NULL;
	if (any) {
		LINE("%s", "");
		LINE("Illustrative evidence:");
		for (int l = 0; l < HTA_LEVEL_COUNT; l++)
			if (st->evidence[l]) {
				LINE("  %s:", hta_level_name((enum hta_level)l));
				LINE("     %s", st->evidence[l]);
			}
	}
	LINE("%s", "");
	LINE("%s. Artifact paths are relative to the evidence root; documents are ids "
	     "from documents.yaml; see hitrust-assess-evidence(5). Uncomment and fill in "
	     "what you can show.",
	     tier == HTA_TIER_R2 || st->addon
		     ? "r2 and the add-ons score policy, procedure and implemented (measured "
		       "and managed with measured_managed: true)"
		     : "e1 and i1 score the implemented level only");
	static const char *const example[] = {
		"owner: someone@example.com",
		"not_applicable: \"why this cannot apply here\"",
		"policy:",
		"  rating: FC              # FC MC PC SC NC, or coverage: 0-100",
		"  artifacts: [policies/example-policy.pdf]",
		"  documents: [example-policy]   # ids from documents.yaml",
		"  reviewed: YYYY-MM-DD",
		"procedure:",
		"  rating: FC",
		"  artifacts: [procedures/example-runbook.md]",
		"  reviewed: YYYY-MM-DD",
		"implemented:",
		"  coverage: 100            # percent of the population covered",
		"  artifacts: [exports/example-export.csv]",
		"  tested: YYYY-MM-DD",
		"measured: { rating: FC, artifacts: [metrics/kpi.csv], tested: YYYY-MM-DD }",
		"managed: { rating: FC, artifacts: [tickets/fixes.csv], tested: YYYY-MM-DD }",
	};
	for (size_t i = 0; i < sizeof(example) / sizeof(example[0]); i++)
		LINE("%s", example[i]);
#undef LINE
	struct hta_manifest_desc m = { .requirement = st->id,
				       .comments = (const char *const *)c.v,
				       .n_comments = c.n };
	rc = hta_manifest_write_file(path, &m, HTA_WRITE_KEEP | HTA_WRITE_NOSYNC, written, err);
	goto out;
nomem:
	rc = hta_err_set(err, HTA_ENOMEM, "out of memory");
out:
	hta_ptrvec_free(&c);
	hta_arena_free(&A);
	return rc;
}

/*
 * The scope.yaml `init` writes when there is none: valid as written, every
 * factor at its lowest-risk answer, AI rule-based when the AI Security
 * add-on is chosen. hta_scope_emit() writes it with every question as a
 * comment.
 */
static int scope_file(struct hta_buf *b, const struct hta_catalog *cat, enum hta_tier tier,
		      unsigned addons, struct hta_err *err)
{
	static const char header[] =
		"hitrust-assess scope — valid as written; edit the answers.\n"
		"Format: hitrust-assess-evidence(5). Factors start at their lowest-risk\n"
		"answer: answer each truthfully before relying on an r2 result, then run\n"
		"'hitrust-assess init' again to add the skeletons the answers bring in.";
	struct hta_scope sc;
	char assessment[64];
	int rc = hta_scope_init(&sc, cat, err);
	if (rc)
		return rc;
	snprintf(assessment, sizeof(assessment), "%s readiness", hta_tier_name(tier));
	sc.organization = "Example Organization";
	sc.assessment = assessment;
	sc.tier = tier;
	sc.addons = addons;
	hta_scope_extreme(&sc, cat, HTA_SCOPE_LOWEST);
	sc.has_ai = (addons & HTA_WITH_AI_SECURITY) != 0;
	rc = hta_scope_emit(b, &sc, cat, header, err);
	hta_scope_free(&sc);
	return rc;
}

/* Where init puts a statement's skeleton: DIR/<domain slug or add-on>/<id>.evidence.yaml */
static int skeleton_path(char *path, size_t n, const char *dir, const struct hta_catalog *cat,
			 const struct hta_statement *st)
{
	char sub[PATH_MAX];
	if (st->addon)
		snprintf(sub, sizeof(sub), "%s", hta_addon_name(st->addon));
	else
		slug(sub, sizeof(sub), st->domain, cat->domain_name[st->domain]);
	if ((size_t)snprintf(path, n, "%s/%s", dir, sub) >= n || make_dirs(path)) {
		die_msg("cannot create directory '%s': %s", path, strerror(errno));
		return -1;
	}
	if ((size_t)snprintf(path, n, "%s/%s/%s.evidence.yaml", dir, sub, st->id) >= n) {
		die_msg("path too long under '%s'", dir);
		return -1;
	}
	return 0;
}

static const char usage[] =
	"usage: hitrust-assess init [--tier e1|i1|r2] [--ai-security] [--ai-risk] "
	"[--scope FILE] [--catalog DIR] DIR";

/*
 * init: the scope (read, or written at its lowest-risk answers when there
 * is none), then the manifests already in DIR (read strictly: a broken one
 * stops init before it writes a skeleton), then one skeleton for every
 * in-scope statement that has no manifest anywhere in DIR, an empty
 * documents.yaml, and the list of manifests now out of scope. Never
 * overwrites or deletes a file. Over 100 lines: one linear story, each
 * step a few lines of calls and messages.
 */
int cmd_init(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "tier", required_argument, NULL, 't' },
		{ "ai-security", no_argument, NULL, 's' },
		{ "ai-risk", no_argument, NULL, 'r' },
		{ "scope", required_argument, NULL, 'S' },
		{ "catalog", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	enum hta_tier tier = HTA_TIER_NONE;
	int c;
	unsigned addons = 0;
	const char *catalog_dir = NULL, *scope_opt = NULL;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 't':
			if ((tier = hta_tier_parse(optarg)) == HTA_TIER_NONE) {
				die_msg("--tier: unknown tier '%s' (%s)", optarg, hta_tier_choices(false));
				return EXIT_ERROR;
			}
			break;
		case 's': addons |= HTA_WITH_AI_SECURITY; break;
		case 'r': addons |= HTA_WITH_AI_RISK; break;
		case 'S': scope_opt = optarg; break;
		case 'c': catalog_dir = optarg; break;
		case 'h':
			printf("%s\n", usage);
			return EXIT_PASS;
		default:
			die_msg("init: unknown or incomplete option '%s'", argv[optind - 1]);
			return EXIT_ERROR;
		}
	}
	if (optind != argc - 1) {
		die_msg("%s", usage);
		return EXIT_ERROR;
	}
	const char *dir = argv[optind];
	struct hta_catalog cat;
	if (load_catalog(&cat, catalog_dir))
		return EXIT_ERROR;
	int status = EXIT_ERROR;
	enum hta_tier eff_tier;
	unsigned eff_addons;
	struct hta_buf b = HTA_BUF_INIT;
	struct hta_scope sc;
	struct hta_evidence ev;
	bool have_sc = false, have_ev = false, w;
	struct hta_err err = { 0 };
	unsigned char *pool = NULL;
	char path[PATH_MAX], scope_path[PATH_MAX];
	int written = 0, kept = 0;
	size_t n = 0, outside = 0;
	struct stat st;

	if (make_dirs(dir)) {
		die_msg("cannot create directory '%s': %s", dir, strerror(errno));
		goto done;
	}
	if ((size_t)snprintf(scope_path, sizeof(scope_path), "%s", scope_opt) >= sizeof(scope_path) ||
	    (!scope_opt && (size_t)snprintf(scope_path, sizeof(scope_path), "%s/scope.yaml", dir) >=
				   sizeof(scope_path))) {
		die_msg("path too long: '%s'", scope_opt ? scope_opt : dir);
		goto done;
	}
	/* A 0-byte scope.yaml is what an init interrupted by a full disk or a
	 * file-size limit left behind (before writes went through a temporary
	 * file): it is no one's answers, so it is written afresh. */
	if (!scope_opt && stat(scope_path, &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 0 &&
	    tier != HTA_TIER_NONE) {
		fprintf(stderr, "%s: %s is empty (an interrupted init?): writing it afresh\n",
			progname, scope_path);
		if (unlink(scope_path) < 0) {
			die_msg("cannot replace empty '%s': %s", scope_path, strerror(errno));
			goto done;
		}
	}
	if (stat(scope_path, &st) == 0) {
		kept++;
	} else {
		if (scope_opt) {
			die_msg("cannot read scope '%s': %s", scope_path, strerror(errno));
			goto done;
		}
		if (tier == HTA_TIER_NONE) {
			die_msg("%s has no scope.yaml: give --tier e1|i1|r2 to write one", dir);
			goto done;
		}
		if (scope_file(&b, &cat, tier, addons, &err)) {
			report_err(&err);
			goto done;
		}
		if (hta_write_file(scope_path, b.s, b.len, HTA_WRITE_KEEP, &w, &err)) {
			report_err(&err);
			goto done;
		}
		w ? written++ : kept++;
		hta_buf_free(&b);
	}
	/* The selection comes from the file as it is on disk, whoever wrote it. */
	if (hta_scope_load(&sc, &cat, scope_path, scope_path, &err)) {
		report_err(&err);
		goto done;
	}
	have_sc = true;
	if (!(pool = hta_malloc(cat.n_stmts ? cat.n_stmts : 1))) {
		die_msg("out of memory");
		goto done;
	}
	/* The scope's `ai:` answers are read only with the AI Security add-on:
	 * a scope that gives them wants its skeletons, even when it does not
	 * list the add-on under `addons:` (a hand-written scope). */
	if (sc.has_ai)
		addons |= HTA_WITH_AI_SECURITY;
	if (hta_scope_selection(&cat, &sc, tier, addons, pool, &eff_tier, &eff_addons, &n, &err)) {
		report_err(&err);
		goto done;
	}
	struct hta_errlist errs = { 0 };
	if (hta_evidence_load_all(&ev, &cat, &sc, dir, &errs, &err)) {
		if (errs.total > 1) {
			for (size_t i = 0; i < errs.n; i++)
				die_msg("%s", errs.msg[i]);
			if (errs.total > errs.n)
				die_msg("... and %zu more errors", errs.total - errs.n);
		} else {
			report_err(&err);
		}
		hta_errlist_free(&errs);
		die_msg("%s: fix the manifests above, then run init again; no skeleton was written",
			dir);
		goto done;
	}
	hta_errlist_free(&errs);
	have_ev = true;
	for (size_t i = 0; i < ev.findings.n; i++) {
		const struct hta_finding *f = ev.findings.v[i];
		if (f->code == HTA_FIND_MANIFEST_MISNAMED)
			fprintf(stderr, "%s: warning: %s/%s:%u: %s\n", progname, dir, f->path, f->line,
				f->message);
	}
	for (size_t i = 0; i < cat.n_stmts; i++) {
		if (pool[i] == HTA_POOL_OUT)
			continue;
		if (ev.by_stmt[i]) { /* a manifest already speaks for it, wherever it is */
			kept++;
			continue;
		}
		if (skeleton_path(path, sizeof(path), dir, &cat, &cat.stmts[i]))
			goto done;
		if (skeleton(path, &cat, &cat.stmts[i], eff_tier, &w, &err)) {
			report_err(&err);
			goto done;
		}
		w ? written++ : kept++;
	}
	if ((size_t)snprintf(path, sizeof(path), "%s/documents.yaml", dir) >= sizeof(path)) {
		die_msg("path too long under '%s'", dir);
		goto done;
	}
	hta_buf_free(&b);
	if (hta_library_skeleton(&b)) {
		die_msg("out of memory");
		goto done;
	}
	if (hta_write_file(path, b.s, b.len, HTA_WRITE_KEEP, &w, &err)) {
		report_err(&err);
		goto done;
	}
	w ? written++ : kept++;
	for (size_t i = 0; i < ev.n_manifests; i++)
		if (pool[ev.manifests[i].stmt] == HTA_POOL_OUT) {
			if (!outside++)
				printf("manifests for statements no longer in scope (kept; delete them "
				       "or change the scope):\n");
			printf("  %s/%s (%s)\n", dir, ev.manifests[i].path,
			       cat.stmts[ev.manifests[i].stmt].id);
		}
	printf("%s: %zu statements in scope for %s%s%s; wrote %d files, kept %d existing%s", dir,
	       n, hta_tier_name(eff_tier),
	       eff_addons & HTA_WITH_AI_SECURITY ? " + ai-security" : "",
	       eff_addons & HTA_WITH_AI_RISK ? " + ai-risk" : "", written, kept,
	       outside ? "" : "\n");
	if (outside)
		printf("; %zu manifest%s out of scope\n", outside, outside == 1 ? "" : "s");
	if (eff_tier == HTA_TIER_R2 && hta_scope_lowest_risk(&sc, &cat))
		printf("note: every r2 factor in %s is at its lowest-risk answer: answer them, "
		       "then run init again to add the statements they bring in\n", scope_path);
	printf("next: fill in the manifests (and documents.yaml), then run\n"
	       "  hitrust-assess %s\n", dir);
	/* The skeletons were written without a sync each (hundreds of
	 * fsyncs take seconds): one for the file system now. */
	int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		syncfs(dfd);
		close(dfd);
	}
	status = EXIT_PASS;
done:
	if (have_ev)
		hta_evidence_free(&ev);
	if (have_sc)
		hta_scope_free(&sc);
	hta_free(pool);
	hta_buf_free(&b);
	hta_catalog_free(&cat);
	return status;
}
