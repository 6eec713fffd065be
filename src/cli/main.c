/*
 * main.c — hitrust-assess: the command table, --help and --version, and
 * dispatch to a subcommand (one cmd_*.c each; shared helpers in cli.c).
 *
 * A new subcommand is one row of commands[]: its name, its function and
 * the one-line usage --help prints. The bash completion's list of
 * subcommands is checked against this table (tests/e2e/t_completion.sh).
 */
#include "cli.h"
#include "hta/report.h"
#include "hta/view.h"

#include <stdio.h>
#include <string.h>

struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *usage; /* after "hitrust-assess NAME "; '\n' starts an indented line */
};

/* `assess` is also what runs when the first word is not a command name. */
static const struct command commands[] = {
	{ "assess", cmd_assess,
	  "[--tier T] [--ai-security] [--ai-risk] [--scope FILE]\n"
	  "[--catalog DIR] [--db FILE] [--as-of DATE] [--format FMT] [-o FILE]\n"
	  "[--max-gaps N] [--max-caps N] [--min-score X] [--fail-on-new]\n"
	  "[--gate LIST] [--baseline FILE] [--no-fail] [--rehash] [-q]\n"
	  "[--top N] [--domain D] [--owner X] [--status LIST]\n"
	  "[--start DATE] [--capacity N] [--summary] [--busy-timeout MS]\n"
	  "[--measured-managed | --no-measured-managed] EVIDENCE_DIR" },
	{ "init", cmd_init, "[--tier T] [--ai-security] [--ai-risk] [--scope FILE] [--catalog DIR] DIR" },
	{ "catalog", cmd_catalog,
	  "list|show ID|stats|validate|export [--tier T] [--addon A]\n"
	  "[--scope FILE] [--crosswalk NAME] [--format text|json|oscal] [-o FILE]\n"
	  "diff DIR_A DIR_B [--format text|json]" },
	{ "report", cmd_report,
	  "[--db FILE] [--run N] [--format FMT] [-o FILE] [--summary] | --list\n"
	  "[--top N] [--domain D] [--owner X] [--status LIST] [--busy-timeout MS]" },
	{ "diff", cmd_diff,
	  "[--db FILE] [A [B] | --baseline FILE [B]] [--fail-on-new]\n"
	  "[--format text|json] [--busy-timeout MS]" },
	{ "import", cmd_import,
	  "FORMAT FILE... --into DIR [--map FILE] [--via-crosswalk] [--dry-run]\n"
	  "[--catalog DIR]\n"
	  "workbook FILE --into DIR [--dry-run] [--force] [--scope FILE]" },
	{ "export", cmd_export,
	  "--format xlsx|csv [-o FILE] [--tier T] [--ai-security] [--ai-risk]\n"
	  "[--scope FILE] [--catalog DIR] EVIDENCE_DIR" },
};

#define N_COMMANDS (sizeof(commands) / sizeof(commands[0]))

static const struct command *find_command(const char *name)
{
	for (size_t i = 0; i < N_COMMANDS; i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

static void usage(FILE *f)
{
	for (size_t i = 0; i < N_COMMANDS; i++) {
		fprintf(f, "%s hitrust-assess %s ", i ? "      " : "usage:", commands[i].name);
		for (const char *u = commands[i].usage; *u; u++) {
			fputc(*u, f);
			if (*u == '\n')
				fprintf(f, "%*s", (int)strlen(commands[i].name) + 23, "");
		}
		fputc('\n', f);
	}
	fprintf(f,
		"       hitrust-assess --help | --version\n"
		"'assess' may be left out: hitrust-assess [OPTIONS] EVIDENCE_DIR.\n"
		"T: %s; FMT: " HTA_FORMAT_NAMES ";\nLIST (--gate): %s;\n"
		"LIST (--status): " HTA_VIEW_STATUS_NAMES ".\n"
		"\n"
		"Exit status: 0 assessed and every gate passed; 1 assessed and a gate failed;\n"
		"2 no verdict (bad usage, invalid catalog, scope or evidence, I/O or database error).\n"
		"See hitrust-assess(1).\n", hta_tier_choices(false), hta_gate_choices());
}

int main(int argc, char **argv)
{
	signals_init();
	if (argc < 2) {
		usage(stderr);
		return EXIT_ERROR;
	}
	/* `hitrust-assess --catalog DIR catalog list`: the one global option
	 * may come before the subcommand; move the subcommand to the front. */
	for (int i = 1; i + 2 < argc && strcmp(argv[i], "--catalog") == 0; i += 2) {
		const char *w = argv[i + 2];
		if (!find_command(w))
			break;
		memmove(&argv[2], &argv[1], (size_t)(i + 1) * sizeof(*argv));
		argv[1] = (char *)w;
		break;
	}
	const char *cmd = argv[1];
	if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
		usage(stdout);
		return finish_stdout(EXIT_PASS);
	}
	if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-V") == 0) {
		printf("hitrust-assess %s\n", HTA_VERSION);
		return finish_stdout(EXIT_PASS);
	}
	/* Every command's output is checked to the last byte (finish_stdout):
	 * a full disk or a closed pipe is exit 2, never a silent exit 0. */
	const struct command *c = find_command(cmd);
	if (c)
		return finish_stdout(c->fn(argc - 1, argv + 1));
	return finish_stdout(cmd_assess(argc, argv));
}
