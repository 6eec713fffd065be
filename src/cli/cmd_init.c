/*
 * cmd_init.c — `hitrust-assess init`: read the scope already there (or
 * write one valid as written, every factor at its lowest-risk answer),
 * then write a manifest skeleton (hta/manifest.h) for every statement of
 * that scope without a manifest, and an empty documents.yaml; never
 * overwrite a file, list the manifests now out of scope.
 */
#include "cli.h"
#include "hta/import.h"
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

/* What one `init` works with, step to step. */
struct init_job {
	const char *dir, *scope_opt, *catalog_dir;
	enum hta_tier tier;          /* --tier, or HTA_TIER_NONE */
	unsigned addons;             /* --ai-security / --ai-risk, then the scope's */
	char scope_path[PATH_MAX];
	struct hta_catalog cat;
	struct hta_scope sc;
	struct hta_evidence ev;
	unsigned char *pool;         /* [cat.n_stmts]: the selection */
	enum hta_tier eff_tier;
	unsigned eff_addons;
	size_t n;                    /* statements in scope */
	int written, kept;
};

/* Parse the options into `j`: 0, 1 after --help, or -1 (message printed). */
static int parse_opts(int argc, char **argv, struct init_job *j)
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
	int c;
	j->tier = HTA_TIER_NONE;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 't':
			if ((j->tier = hta_tier_parse(optarg)) == HTA_TIER_NONE) {
				die_msg("--tier: unknown tier '%s' (%s)", optarg, hta_tier_choices(false));
				return -1;
			}
			break;
		case 's': j->addons |= HTA_WITH_AI_SECURITY; break;
		case 'r': j->addons |= HTA_WITH_AI_RISK; break;
		case 'S': j->scope_opt = optarg; break;
		case 'c': j->catalog_dir = optarg; break;
		case 'h':
			printf("%s\n", usage);
			return 1;
		default:
			die_msg("init: unknown or incomplete option '%s'", argv[optind - 1]);
			return -1;
		}
	}
	if (optind != argc - 1) {
		die_msg("%s", usage);
		return -1;
	}
	j->dir = argv[optind];
	return 0;
}

/*
 * Write the file `b` holds (when `rc`, what made it, is 0) to `path`
 * unless a file is there already, count it written or kept, free `b`.
 * Returns 0 or -1 (message printed).
 */
static int write_new(struct init_job *j, const char *path, int rc, struct hta_buf *b,
		     struct hta_err *err)
{
	bool w = false;
	if (!rc)
		rc = hta_write_file(path, b->s ? b->s : "", b->len, HTA_WRITE_KEEP, &w, err);
	hta_buf_free(b);
	if (rc) {
		report_err(err);
		return -1;
	}
	w ? j->written++ : j->kept++;
	return 0;
}

/*
 * Step 1: DIR exists and so does the scope — the one given (--scope), or
 * DIR/scope.yaml, written at its lowest-risk answers when there is none.
 */
static int ensure_scope(struct init_job *j)
{
	struct hta_err err = { 0 };
	struct stat st;
	if (make_dirs(j->dir)) {
		die_msg("cannot create directory '%s': %s", j->dir, strerror(errno));
		return -1;
	}
	if ((size_t)snprintf(j->scope_path, sizeof(j->scope_path), "%s", j->scope_opt) >=
		    sizeof(j->scope_path) ||
	    (!j->scope_opt && (size_t)snprintf(j->scope_path, sizeof(j->scope_path),
					       "%s/scope.yaml", j->dir) >= sizeof(j->scope_path))) {
		die_msg("path too long: '%s'", j->scope_opt ? j->scope_opt : j->dir);
		return -1;
	}
	/* A 0-byte scope.yaml is what an init interrupted by a full disk or a
	 * file-size limit left behind (before writes went through a temporary
	 * file): it is no one's answers, so it is written afresh. */
	if (!j->scope_opt && stat(j->scope_path, &st) == 0 && S_ISREG(st.st_mode) &&
	    st.st_size == 0 && j->tier != HTA_TIER_NONE) {
		fprintf(stderr, "%s: %s is empty (an interrupted init?): writing it afresh\n",
			progname, j->scope_path);
		if (unlink(j->scope_path) < 0) {
			die_msg("cannot replace empty '%s': %s", j->scope_path, strerror(errno));
			return -1;
		}
	}
	if (stat(j->scope_path, &st) == 0) {
		j->kept++;
		return 0;
	}
	if (j->scope_opt) {
		die_msg("cannot read scope '%s': %s", j->scope_path, strerror(errno));
		return -1;
	}
	if (j->tier == HTA_TIER_NONE) {
		die_msg("%s has no scope.yaml: give --tier e1|i1|r2 to write one", j->dir);
		return -1;
	}
	struct hta_buf b = HTA_BUF_INIT;
	return write_new(j, j->scope_path, scope_file(&b, &j->cat, j->tier, j->addons, &err), &b,
			 &err);
}

/*
 * Step 2: the scope as it is on disk (whoever wrote it) and its
 * selection, then the manifests already in DIR, read strictly: a broken
 * one stops init before it writes a skeleton.
 */
static int read_existing(struct init_job *j, bool *have_sc, bool *have_ev)
{
	struct hta_err err = { 0 };
	struct hta_errlist serrs = { 0 };
	if (hta_scope_load_all(&j->sc, &j->cat, j->scope_path, j->scope_path, &serrs, &err)) {
		report_tree_errors(&serrs, &err, "the scope", "no skeleton was written");
		hta_errlist_free(&serrs);
		return -1;
	}
	*have_sc = true;
	if (!(j->pool = hta_malloc(j->cat.n_stmts ? j->cat.n_stmts : 1))) {
		die_msg("out of memory");
		return -1;
	}
	/* Exactly what an assessment with this scope would assess (contract
	 * 8.1, the selection `catalog list --scope` makes): the scope's `ai:`
	 * answers apply with the AI Security add-on only (--ai-security or
	 * `addons:`); show_summary() says so when they are left unused. */
	if (hta_scope_selection(&j->cat, &j->sc, j->tier, j->addons, j->pool, &j->eff_tier,
				&j->eff_addons, &j->n, &err)) {
		report_err(&err);
		return -1;
	}
	struct hta_errlist errs = { 0 };
	if (hta_evidence_load_all(&j->ev, &j->cat, &j->sc, j->dir, &errs, &err)) {
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
			j->dir);
		return -1;
	}
	hta_errlist_free(&errs);
	*have_ev = true;
	for (size_t i = 0; i < j->ev.findings.n; i++) {
		const struct hta_finding *f = j->ev.findings.v[i];
		if (f->code == HTA_FIND_MANIFEST_MISNAMED)
			fprintf(stderr, "%s: warning: %s/%s:%u: %s\n", progname, j->dir, f->path,
				f->line, f->message);
	}
	return 0;
}

/*
 * Step 3: a skeleton for every in-scope statement that no manifest
 * anywhere in DIR speaks for, and an empty documents.yaml; never over an
 * existing file.
 */
static int write_skeletons(struct init_job *j)
{
	struct hta_err err = { 0 };
	char path[PATH_MAX];
	bool w;
	for (size_t i = 0; i < j->cat.n_stmts; i++) {
		if (j->pool[i] == HTA_POOL_OUT)
			continue;
		if (j->ev.by_stmt[i]) { /* a manifest already speaks for it, wherever it is */
			j->kept++;
			continue;
		}
		if (skeleton_path(path, sizeof(path), j->dir, &j->cat, &j->cat.stmts[i]))
			return -1;
		if (skeleton(path, &j->cat, &j->cat.stmts[i], j->eff_tier, &w, &err)) {
			report_err(&err);
			return -1;
		}
		w ? j->written++ : j->kept++;
	}
	if ((size_t)snprintf(path, sizeof(path), "%s/documents.yaml", j->dir) >= sizeof(path)) {
		die_msg("path too long under '%s'", j->dir);
		return -1;
	}
	struct hta_buf b = HTA_BUF_INIT;
	return write_new(j, path, hta_library_skeleton(&b) ? hta_err_set(&err, HTA_ENOMEM,
									  "out of memory") : 0,
			 &b, &err);
}

/* Is `path` in a folder an import owns (imports/FORMAT/, FORMAT a format)? */
static bool import_owned(const char *path)
{
	if (strncmp(path, "imports/", 8) != 0)
		return false;
	const char *f = path + 8, *slash = strchr(f, '/');
	if (!slash)
		return false;
	for (int k = 0; k < HTA_IMPORT_FORMAT_COUNT; k++) {
		const char *n = hta_import_format_name((enum hta_import_format)k);
		if (strlen(n) == (size_t)(slash - f) && strncmp(f, n, (size_t)(slash - f)) == 0)
			return true;
	}
	return false;
}

/* Step 4: the manifests now out of scope, the counts, what to do next. */
static void print_summary(const struct init_job *j)
{
	size_t outside = 0, imported = 0;
	for (size_t i = 0; i < j->ev.n_manifests; i++) {
		if (j->pool[j->ev.manifests[i].stmt] != HTA_POOL_OUT)
			continue;
		/* An import writes a manifest for every statement its checks map
		 * to, whatever the scope, and rewrites them on its next run:
		 * counted, not listed for deleting. */
		if (import_owned(j->ev.manifests[i].path)) {
			imported++;
			continue;
		}
		if (!outside++)
			printf("manifests for statements no longer in scope (kept; delete them "
			       "or change the scope):\n");
		printf("  %s/%s (%s)\n", j->dir, j->ev.manifests[i].path,
		       j->cat.stmts[j->ev.manifests[i].stmt].id);
	}
	if (imported)
		printf("%zu manifest%s under %s/imports/ %s for statements outside this scope: "
		       "written by an import (it maps checks to every statement), rewritten by its "
		       "next run, ignored by assess\n", imported, imported == 1 ? "" : "s", j->dir,
		       imported == 1 ? "is" : "are");
	outside += imported;
	printf("%s: %zu statements in scope for %s%s%s; wrote %d files, kept %d existing%s",
	       j->dir, j->n, hta_tier_name(j->eff_tier),
	       j->eff_addons & HTA_WITH_AI_SECURITY ? " + ai-security" : "",
	       j->eff_addons & HTA_WITH_AI_RISK ? " + ai-risk" : "", j->written, j->kept,
	       outside ? "" : "\n");
	if (outside)
		printf("; %zu manifest%s out of scope\n", outside, outside == 1 ? "" : "s");
	if (j->sc.has_ai && !(j->eff_addons & HTA_WITH_AI_SECURITY))
		printf("note: %s answers 'ai:' but the AI Security add-on is not selected: its "
		       "statements are not in scope; run init --ai-security (or list it under "
		       "'addons:') to add them\n", j->scope_path);
	if (j->eff_tier == HTA_TIER_R2 && hta_scope_lowest_risk(&j->sc, &j->cat))
		printf("note: every r2 factor in %s is at its lowest-risk answer: answer them, "
		       "then run init again to add the statements they bring in\n", j->scope_path);
	/* Options init took that the scope file does not say (init never
	 * rewrites it): the assessment needs them too, or it ignores the
	 * skeletons they brought in. */
	unsigned extra = j->eff_addons & ~j->sc.addons;
	bool tier_opt = j->tier != HTA_TIER_NONE && j->tier != j->sc.tier;
	if (extra || tier_opt)
		printf("note: %s does not say %s%s%s%s%s (init never rewrites it): give the same "
		       "option%s to every assessment, or write %s there\n", j->scope_path,
		       tier_opt ? "tier: " : "", tier_opt ? hta_tier_name(j->tier) : "",
		       tier_opt && extra ? " or " : "", extra ? "addons: " : "",
		       extra == (HTA_WITH_AI_SECURITY | HTA_WITH_AI_RISK) ? "[ai-security, ai-risk]"
		       : extra & HTA_WITH_AI_SECURITY ? "[ai-security]"
		       : extra ? "[ai-risk]" : "",
		       (tier_opt && extra) || extra == (HTA_WITH_AI_SECURITY | HTA_WITH_AI_RISK)
			       ? "s" : "", tier_opt && extra ? "them" : "it");
	printf("next: fill in the manifests (and documents.yaml), then run\n"
	       "  hitrust-assess%s%s%s%s%s%s %s\n", tier_opt ? " --tier " : "",
	       tier_opt ? hta_tier_name(j->tier) : "",
	       extra & HTA_WITH_AI_SECURITY ? " --ai-security" : "",
	       extra & HTA_WITH_AI_RISK ? " --ai-risk" : "", j->scope_opt ? " --scope " : "",
	       j->scope_opt ? j->scope_opt : "", j->dir);
}

/*
 * init: the scope (read, or written at its lowest-risk answers when there
 * is none), then the manifests already in DIR, then one skeleton for
 * every in-scope statement that has no manifest anywhere in DIR, an empty
 * documents.yaml, and the list of manifests now out of scope. Never
 * overwrites or deletes a file.
 */
int cmd_init(int argc, char **argv)
{
	struct init_job j = { 0 };
	bool have_sc = false, have_ev = false;
	int prc = parse_opts(argc, argv, &j);
	if (prc)
		return prc > 0 ? EXIT_PASS : EXIT_ERROR;
	if (load_catalog(&j.cat, j.catalog_dir))
		return EXIT_ERROR;
	int status = EXIT_ERROR;
	if (!ensure_scope(&j) && !read_existing(&j, &have_sc, &have_ev) && !write_skeletons(&j)) {
		print_summary(&j);
		/* The skeletons were written without a sync each (hundreds of
		 * fsyncs take seconds): one for the file system now. */
		int dfd = open(j.dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (dfd >= 0) {
			syncfs(dfd);
			close(dfd);
		}
		status = EXIT_PASS;
	}
	if (have_ev)
		hta_evidence_free(&j.ev);
	if (have_sc)
		hta_scope_free(&j.sc);
	hta_free(j.pool);
	hta_catalog_free(&j.cat);
	return status;
}
