/*
 * cmd_report.c — `hitrust-assess report`: re-render a stored run.
 */
#include "cli.h"
#include "hta/date.h"
#include "hta/report.h"
#include "hta/store.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

int cmd_report(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "run", required_argument, NULL, 'r' },
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "list", no_argument, NULL, 'l' },
		{ "summary", no_argument, NULL, 's' },
		{ "busy-timeout", required_argument, NULL, 'B' },
		{ "top", required_argument, NULL, 'T' },
		{ "domain", required_argument, NULL, 'D' },
		{ "owner", required_argument, NULL, 'O' },
		{ "status", required_argument, NULL, 'S' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = "hitrust-assess.db", *out = "-";
	long run_id = 0;
	int fmt = HTA_FMT_TEXT, list = 0, summary = 0, c, li = 0;
	struct hta_view_opts view = HTA_VIEW_OPTS_INIT;
	char domain_key[16];
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "o:h", opts, &li)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'T':
		case 'D':
		case 'O':
		case 'S':
			if (parse_view_opt(opts[li].name, optarg, &view, domain_key))
				return EXIT_ERROR;
			break;
		case 'r':
			if ((run_id = parse_count_opt("--run", optarg)) < 0)
				return EXIT_ERROR;
			break;
		case 'f':
			if ((fmt = hta_format_parse(optarg)) < 0) {
				die_msg("--format: unknown format '%s' (" HTA_FORMAT_NAMES ")", optarg);
				return EXIT_ERROR;
			}
			break;
		case 'o': out = optarg; break;
		case 'l': list = 1; break;
		case 's': summary = 1; break;
		case 'B':
			if (parse_busy_timeout(optarg))
				return EXIT_ERROR;
			break;
		case 'h':
			printf("usage: hitrust-assess report --db FILE [--run N] [--format F] [--summary]"
			       " [-o FILE]\n"
			       "                             [--top N] [--domain D] [--owner X] [--status LIST]\n"
			       "       hitrust-assess report --db FILE --list\n"
			       "F: " HTA_FORMAT_NAMES "\n"
			       "LIST: comma-separated from " HTA_VIEW_STATUS_NAMES " (text only)\n");
			return EXIT_PASS;
		default:
			die_msg("report: unknown or incomplete option '%s'", argv[optind - 1]);
			return EXIT_ERROR;
		}
	}
	if (optind != argc) {
		die_msg("report: unexpected argument '%s'", argv[optind]);
		return EXIT_ERROR;
	}
	if ((view.top || hta_view_filtered(&view)) && (fmt != HTA_FMT_TEXT || list)) {
		die_msg("report: --top, --domain, --owner and --status shape the text summary; %s%s "
			"carries the whole run", list ? "--list" : "--format ",
			list ? "" : hta_format_name((enum hta_format)fmt));
		return EXIT_ERROR;
	}
	struct hta_store *st = NULL;
	struct hta_err err = { 0 };
	struct hta_buf b = HTA_BUF_INIT;
	int status = EXIT_ERROR;
	output_protect(db);
	if (hta_store_open(&st, db, false, &err)) {
		report_err(&err);
		return EXIT_ERROR;
	}
	if (list) {
		if (hta_store_list(st, &b, &err))
			report_err(&err);
		else if (!write_output(out, b.s ? b.s : "", b.len))
			status = EXIT_PASS;
	} else {
		struct hta_run run;
		if (hta_store_load(st, run_id, &run, &err)) {
			report_err(&err);
		} else {
			struct hta_report_opts ro = HTA_REPORT_OPTS_INIT;
			ro.db_path = db; /* the text summary names it, as assess's does */
			ro.summary = summary;
			ro.view = view;
			ro.color = fmt == HTA_FMT_TEXT && strcmp(out, "-") == 0 && want_color();
			if (hta_report_render(&run, (enum hta_format)fmt, &ro, &b, &err))
				report_err(&err);
			else if (!write_output(out, b.s ? b.s : "", b.len))
				status = EXIT_PASS;
			hta_run_free(&run);
		}
	}
	hta_buf_free(&b);
	hta_store_close(st);
	return status;
}
