/*
 * cmd_import.c — `hitrust-assess import FORMAT FILE... --into DIR`: scanner
 * results (Prowler OCSF/CSV, Security Hub ASFF, XCCDF/ARF, InSpec/OHDF)
 * as implemented-level manifests under DIR/imports/FORMAT/ (contract 8.3).
 * Parse options, call the library (import.h), print the summary, exit.
 */
#include "cli.h"
#include "hta/date.h"
#include "hta/import.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void import_usage(FILE *f)
{
	fprintf(f,
		"usage: hitrust-assess import FORMAT FILE... --into DIR [--map FILE]\n"
		"                             [--via-crosswalk] [--dry-run] [--catalog DIR]\n"
		"\n"
		"FORMAT: prowler-ocsf, prowler-csv, asff, xccdf (XCCDF 1.1/1.2 results or an\n"
		"ARF report; .bz2/.gz/.xz read as is), inspec (InSpec JSON or OHDF);\n"
		"workbook (a workbook written by 'export': see 'import workbook --help').\n"
		"\n"
		"Writes DIR/imports/FORMAT/: a copy of each FILE and one manifest per mapped\n"
		"statement claiming `implemented` (coverage = 100 x passed / counted, tested =\n"
		"the newest result's date), replacing an earlier import of FORMAT atomically.\n"
		"Only a scanner's own pass counts as passed; muted, suppressed, error and\n"
		"unknown results count as not passed; n/a, not selected, informational,\n"
		"manual and skipped results are left out and listed.\n"
		"\n"
		"  --into DIR        the evidence tree to write into (required)\n"
		"  --map FILE        CSV 'check_id,requirement': the first mapping consulted\n"
		"  --via-crosswalk   also map through the HIPAA / NIST SP 800-53 ids results carry\n"
		"  --dry-run         print what would be written; write nothing\n"
		"  --catalog DIR     use another catalog (and its mappings/)\n"
		"\n"
		"Exit status: 0 imported (or dry run); 2 bad usage or bad input (nothing written).\n"
		"See hitrust-assess(1) and docs/importers.md.\n");
}

static void day(int d, char out[11])
{
	if (d)
		hta_date_format(d, out);
	else
		snprintf(out, 11, "-");
}

static void print_stmt(const struct hta_import *im, const struct hta_import_stmt *s)
{
	char t[11], cov[32];
	day(s->tested, t);
	if (s->counted)
		snprintf(cov, sizeof(cov), "%lld.%02lld", s->coverage_h / 100, s->coverage_h % 100);
	else
		snprintf(cov, sizeof(cov), "-");
	printf("  %-12s %6zu/%-6zu %7s  %-10s", im->cat->stmts[s->stmt].id, s->passed, s->counted,
	       cov, t);
	switch (s->outcome) {
	case HTA_STMT_CLAIM:
		printf("  %s\n", s->manifest);
		break;
	case HTA_STMT_CLAIMED:
		printf("  skipped: %s claims implemented\n", s->claimed_by);
		break;
	case HTA_STMT_NO_COUNTED:
		printf("  skipped: no counted result (%zu left out)\n", s->left_out);
		break;
	}
}

static const char *source_name(enum hta_map_source s)
{
	switch (s) {
	case HTA_MAP_FROM_USER: return "--map";
	case HTA_MAP_FROM_SHIPPED: return "shipped mapping";
	case HTA_MAP_FROM_CROSSWALK: return "crosswalk";
	default: return "none";
	}
}

static void print_summary(const struct hta_import *im, bool dry)
{
	const char *fmt = hta_import_format_name(im->opts.format);
	size_t claims = 0, skipped = 0, by_src[4] = { 0 };
	char shown[6 * 1024 + 8]; /* a check id (at most 1 KiB) with every character escaped */
	for (size_t i = 0; i < im->n_stmts; i++) {
		if (im->stmts[i].outcome == HTA_STMT_CLAIM)
			claims++;
		else
			skipped++;
	}
	for (size_t i = 0; i < im->n_checks; i++)
		if (im->checks[i]->n_stmts)
			by_src[im->checks[i]->source]++;
	printf("import %s: %zu file%s, %zu results: %zu passed, %zu not passed, %zu left out; "
	       "%zu checks\n", fmt, im->n_files, im->n_files == 1 ? "" : "s", im->results, im->passed,
	       im->counted - im->passed, im->left_out, im->unmapped.n +
	       by_src[1] + by_src[2] + by_src[3]);
	printf("mapped checks: %zu (--map %zu, shipped mapping %zu, crosswalk %zu)\n",
	       by_src[1] + by_src[2] + by_src[3], by_src[1], by_src[2], by_src[3]);
	printf("statements: %zu (%zu claimed, %zu skipped)\n", im->n_stmts, claims, skipped);
	if (im->n_stmts)
		printf("  %-12s %13s %7s  %-10s  %s\n", "statement", "passed/counted", "coverage",
		       "tested", "manifest");
	for (size_t i = 0; i < im->n_stmts; i++)
		print_stmt(im, &im->stmts[i]);
	size_t left_checks = 0;
	for (size_t i = 0; i < im->n_checks; i++)
		left_checks += im->checks[i]->left_out > 0;
	if (left_checks) {
		printf("left out (%zu results of %zu checks, not counted):\n", im->left_out, left_checks);
		for (size_t i = 0; i < im->n_checks; i++) {
			const struct hta_import_check *k = im->checks[i];
			if (k->left_out)
				printf("  %s: %zu (%s)%s\n", hta_ascii_escape(k->id, shown, sizeof(shown)),
				       k->left_out,
				       k->left_word ? k->left_word : "?",
				       k->n_stmts ? "" : " [unmapped]");
		}
	}
	printf("unmapped checks: %zu\n", im->unmapped.n);
	for (size_t i = 0; i < im->unmapped.n; i++) {
		const struct hta_import_check *k = im->unmapped.v[i];
		printf("  %s (%zu/%zu passed)\n", hta_ascii_escape(k->id, shown, sizeof(shown)),
		       k->passed, k->counted);
	}
	if (dry)
		printf("dry run: nothing written (would write imports/%s/: %zu manifest%s, %zu scan "
		       "file%s)\n", fmt, claims, claims == 1 ? "" : "s", im->n_files,
		       im->n_files == 1 ? "" : "s");
	(void)source_name;
}

static void print_errors(const struct hta_import *im, const struct hta_err *err)
{
	if (!im->errors.n) {
		report_err(err);
		return;
	}
	for (size_t i = 0; i < im->errors.n; i++)
		die_msg("%s", (const char *)im->errors.v[i]);
}

/*
 * The format: the first operand, skipping the options and the values of
 * those that take one (getopt permutes, so options may come first).
 */
static const char *format_word(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--"))
			return i + 1 < argc ? argv[i + 1] : NULL;
		if (a[0] != '-')
			return a;
		if (!strchr(a, '=') && (!strcmp(a, "--into") || !strcmp(a, "--map") ||
					!strcmp(a, "--catalog") || !strcmp(a, "--scope")))
			i++;
	}
	return NULL;
}

/*
 * Import the result files `files[0..n)` with options `o`: read each
 * (every error of every file is listed), resolve them to statements,
 * write the manifests (unless a dry run), and summarise.
 */
static int run_import(const struct hta_catalog *cat, const struct hta_import_opts *o,
		      char **files, int n, bool dry)
{
	struct hta_import im;
	struct hta_err err = { 0 };
	int rc = hta_import_init(&im, cat, o, &err);
	int bad = 0;
	if (rc) {
		print_errors(&im, &err);
		goto fail;
	}
	for (int i = 0; i < n; i++) {
		rc = hta_import_file(&im, files[i], &err);
		if (rc == HTA_ENOMEM) {
			report_err(&err);
			goto fail;
		}
		if (rc)
			bad = 1;
	}
	if (bad) {
		print_errors(&im, &err);
		goto fail;
	}
	if ((rc = hta_import_resolve(&im, &err))) {
		print_errors(&im, &err);
		goto fail;
	}
	if (!dry && (rc = hta_import_write(&im, &err))) {
		report_err(&err);
		goto fail;
	}
	print_summary(&im, dry);
	if (fflush(stdout) || ferror(stdout)) {
		die_msg("cannot write to standard output");
		goto fail;
	}
	hta_import_free(&im);
	return EXIT_PASS;
fail:
	hta_import_free(&im);
	return EXIT_ERROR;
}

int cmd_import(int argc, char **argv)
{
	const char *fw = format_word(argc, argv);
	if (fw && strcmp(fw, "workbook") == 0)
		return cmd_import_workbook(argc, argv);
	static const struct option opts[] = {
		{ "into", required_argument, NULL, 'i' },
		{ "map", required_argument, NULL, 'm' },
		{ "via-crosswalk", no_argument, NULL, 'x' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "catalog", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct hta_import_opts o = HTA_IMPORT_OPTS_INIT;
	const char *catalog_dir = NULL;
	bool dry = false;
	int ch;
	optind = 1;
	opterr = 0;
	/* GNU getopt permutes: options may come before or after the operands */
	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (ch) {
		case 'i': o.into = optarg; break;
		case 'm': o.map_file = optarg; break;
		case 'x': o.via_crosswalk = true; break;
		case 'n': dry = true; break;
		case 'c': catalog_dir = optarg; break;
		case 'h': import_usage(stdout); return EXIT_PASS;
		default:
			die_msg("import: unknown option '%s' (see 'hitrust-assess import --help')",
				argv[optind - 1]);
			return EXIT_ERROR;
		}
	}
	int nops = argc - optind;
	char **ops = argv + optind;
	if (nops < 1) {
		import_usage(stderr);
		return EXIT_ERROR;
	}
	int f = hta_import_format_parse(ops[0]);
	if (f < 0) {
		die_msg("import: unknown format '%s' (prowler-ocsf, prowler-csv, asff, xccdf, inspec, "
			"workbook)",
			ops[0]);
		return EXIT_ERROR;
	}
	o.format = (enum hta_import_format)f;
	if (nops < 2) {
		die_msg("import %s: no result file given", ops[0]);
		return EXIT_ERROR;
	}
	if (!o.into) {
		die_msg("import %s: --into DIR is required", ops[0]);
		return EXIT_ERROR;
	}
	o.today = hta_date_today();
	struct hta_catalog cat;
	if (load_catalog(&cat, catalog_dir))
		return EXIT_ERROR;
	int status = run_import(&cat, &o, ops + 1, nops - 1, dry);
	hta_catalog_free(&cat);
	return status;
}
