/*
 * cmd_import_workbook.c — `hitrust-assess import workbook FILE --into DIR
 * [--dry-run] [--force]`: read back a workbook written by `export` and
 * write the manifests it changes (docs/workbook.md). cmd_import.c hands
 * the `workbook` format here.
 */
#include "cli.h"
#include "hta/evidence.h"
#include "hta/workbook.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

enum { OPT_INTO = 256, OPT_DRY_RUN, OPT_FORCE, OPT_SCOPE, OPT_CATALOG, OPT_HELP };

static void usage(FILE *f)
{
	fprintf(f, "usage: hitrust-assess import workbook FILE --into DIR [--dry-run] [--force]\n"
		   "                             [--scope FILE] [--catalog DIR]\n");
}

/* Print the plan's errors (at most HTA_WB_MAX_ERRORS, then a count). */
static void print_errors(const struct hta_wb_plan *p, const struct hta_errlist *tree,
			 const struct hta_err *err)
{
	if (!p->n_errors) {
		report_tree_errors(tree, err, "the evidence", "nothing was imported");
		return;
	}
	size_t shown = p->n_errors < HTA_WB_MAX_ERRORS ? p->n_errors : HTA_WB_MAX_ERRORS;
	for (size_t i = 0; i < shown; i++)
		die_msg("%s", p->errors[i]);
	if (p->n_errors > shown)
		die_msg("... and %zu more errors", p->n_errors - shown);
	die_msg("%zu error%s in the workbook; nothing was written", p->n_errors,
		p->n_errors == 1 ? "" : "s");
}

int cmd_import_workbook(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "into", required_argument, NULL, OPT_INTO },
		{ "dry-run", no_argument, NULL, OPT_DRY_RUN },
		{ "force", no_argument, NULL, OPT_FORCE },
		{ "scope", required_argument, NULL, OPT_SCOPE },
		{ "catalog", required_argument, NULL, OPT_CATALOG },
		{ "help", no_argument, NULL, OPT_HELP },
		{ NULL, 0, NULL, 0 },
	};
	struct hta_wb_import_opts o = HTA_WB_IMPORT_OPTS_INIT;
	const char *catalog_dir = NULL;
	bool dry = false, force = false;
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case OPT_INTO: o.evidence_root = optarg; break;
		case OPT_DRY_RUN: dry = true; break;
		case OPT_FORCE: force = true; break;
		case OPT_SCOPE: o.scope_path = optarg; break;
		case OPT_CATALOG: catalog_dir = optarg; break;
		case 'h':
		case OPT_HELP: usage(stdout); return EXIT_PASS;
		default:
			die_msg("import workbook: unknown or incomplete option '%s' (see --help)",
				argv[optind - 1]);
			return EXIT_ERROR;
		}
	}
	/* GNU getopt permutes: the operands are "workbook FILE" */
	if (argc - optind != 2 || strcmp(argv[optind], "workbook") || !o.evidence_root) {
		die_msg("usage: hitrust-assess import workbook FILE --into DIR [--dry-run] [--force]");
		return EXIT_ERROR;
	}
	o.file = argv[optind + 1];
	struct hta_catalog cat;
	if (load_catalog(&cat, catalog_dir))
		return EXIT_ERROR;
	struct hta_wb_plan p;
	struct hta_err err = { 0 };
	int status = EXIT_ERROR;
	struct hta_errlist errs = { 0 };
	o.errors = &errs;
	if (hta_workbook_plan(&cat, &o, &p, &err)) {
		print_errors(&p, &errs, &err);
		goto done;
	}
	size_t creates = 0;
	for (size_t i = 0; i < p.n_changes; i++) {
		const struct hta_wb_change *ch = &p.changes[i];
		creates += ch->create;
		if (ch->conflict && !force)
			die_msg("conflict: %s: %s changed since the export and the workbook changes "
				"it (%s); not overwritten (--force overwrites)", ch->id, ch->path,
				ch->what);
		else
			printf("%s %s (%s: %s)%s\n",
			       dry ? (ch->create ? "would create" : "would write")
				   : (ch->create ? "created" : "wrote"),
			       ch->path, ch->id, ch->what,
			       ch->conflict ? " [conflict overwritten: --force]" : "");
	}
	if (p.n_conflicts && !force) {
		die_msg("%zu conflict%s; nothing was written", p.n_conflicts,
			p.n_conflicts == 1 ? "" : "s");
		goto done;
	}
	if (!dry) {
		size_t written = 0;
		if (hta_workbook_apply(&p, force, &written, &err)) {
			report_err(&err);
			die_msg("%zu of %zu manifests were written before the error", written,
				p.n_changes);
			goto done;
		}
	}
	printf("%s: %zu statement rows; %zu manifest%s %s (%zu new), %zu unchanged%s\n", o.file,
	       p.rows, p.n_changes, p.n_changes == 1 ? "" : "s",
	       dry ? "would be written" : "written", creates, p.unchanged,
	       dry ? " (dry run: nothing written)" : "");
	status = EXIT_PASS;
done:
	hta_errlist_free(&errs);
	hta_workbook_plan_free(&p);
	hta_catalog_free(&cat);
	return status;
}
