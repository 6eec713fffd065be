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

/* The options of `report`, as given. */
struct report_args {
	const char *db, *out;
	long run_id;                 /* 0: the latest run */
	int fmt, list, summary;
	struct hta_view_opts view;
	char domain_key[16];         /* view.domain points here */
};

/* Parse the options into `x`: 0, 1 after --help, or -1 (message printed). */
static int parse_opts(int argc, char **argv, struct report_args *x)
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
	struct hta_view_opts view = HTA_VIEW_OPTS_INIT;
	int c, li = 0;
	x->db = "hitrust-assess.db";
	x->out = "-";
	x->run_id = 0;
	x->fmt = HTA_FMT_TEXT;
	x->list = x->summary = 0;
	x->view = view;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "o:h", opts, &li)) != -1) {
		switch (c) {
		case 'd': x->db = optarg; break;
		case 'T':
		case 'D':
		case 'O':
		case 'S':
			if (parse_view_opt(opts[li].name, optarg, &x->view, x->domain_key))
				return -1;
			break;
		case 'r':
			if ((x->run_id = parse_count_opt("--run", optarg)) < 0)
				return -1;
			break;
		case 'f':
			if ((x->fmt = hta_format_parse(optarg)) < 0) {
				die_msg("--format: unknown format '%s' (" HTA_FORMAT_NAMES ")", optarg);
				return -1;
			}
			break;
		case 'o': x->out = optarg; break;
		case 'l': x->list = 1; break;
		case 's': x->summary = 1; break;
		case 'B':
			if (parse_busy_timeout(optarg))
				return -1;
			break;
		case 'h':
			printf("usage: hitrust-assess report --db FILE [--run N] [--format F] [--summary]"
			       " [-o FILE]\n"
			       "                             [--top N] [--domain D] [--owner X] [--status LIST]\n"
			       "       hitrust-assess report --db FILE --list\n"
			       "F: " HTA_FORMAT_NAMES "\n"
			       "LIST: comma-separated from " HTA_VIEW_STATUS_NAMES " (text only)\n");
			return 1;
		default:
			die_msg("report: unknown or incomplete option '%s'", argv[optind - 1]);
			return -1;
		}
	}
	if (optind != argc) {
		die_msg("report: unexpected argument '%s'", argv[optind]);
		return -1;
	}
	if ((x->view.top || hta_view_filtered(&x->view)) && (x->fmt != HTA_FMT_TEXT || x->list)) {
		die_msg("report: --top, --domain, --owner and --status shape the text summary; %s%s "
			"carries the whole run", x->list ? "--list" : "--format ",
			x->list ? "" : hta_format_name((enum hta_format)x->fmt));
		return -1;
	}
	return 0;
}

int cmd_report(int argc, char **argv)
{
	struct report_args x;
	int prc = parse_opts(argc, argv, &x);
	if (prc)
		return prc > 0 ? EXIT_PASS : EXIT_ERROR;
	struct hta_store *st = NULL;
	struct hta_err err = { 0 };
	struct hta_buf b = HTA_BUF_INIT;
	int status = EXIT_ERROR;
	output_protect(x.db);
	if (hta_store_open(&st, x.db, false, &err)) {
		report_err(&err);
		return EXIT_ERROR;
	}
	if (x.list) {
		if (hta_store_list(st, &b, &err))
			report_err(&err);
		else if (!write_output(x.out, b.s ? b.s : "", b.len))
			status = EXIT_PASS;
	} else {
		struct hta_run run;
		if (hta_store_load(st, x.run_id, &run, &err)) {
			report_err(&err);
		} else {
			struct hta_report_opts ro = HTA_REPORT_OPTS_INIT;
			ro.db_path = x.db; /* the text summary names it, as assess's does */
			ro.summary = x.summary;
			ro.view = x.view;
			ro.color = x.fmt == HTA_FMT_TEXT && strcmp(x.out, "-") == 0 && want_color();
			if (hta_report_render(&run, (enum hta_format)x.fmt, &ro, &b, &err))
				report_err(&err);
			else if (!write_output(x.out, b.s ? b.s : "", b.len))
				status = EXIT_PASS;
			hta_run_free(&run);
		}
	}
	hta_buf_free(&b);
	hta_store_close(st);
	return status;
}
