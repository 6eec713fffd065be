/*
 * cmd_diff.c — `hitrust-assess diff`: compare a stored run with an earlier
 * one or with a baseline file; new, fixed, persisting and worsened gaps.
 * The comparison and its rendering are the library's (hta/diff.h).
 */
#include "cli.h"
#include "hta/diff.h"
#include "hta/store.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

struct diff_args {
	const char *db, *baseline;
	bool json, fail_new;
	long a, b;
};

/* Parse the command line; returns -1 when done (help printed: *status
 * set), 0 to go on, or prints and returns EXIT_ERROR. */
static int parse_args(int argc, char **argv, struct diff_args *x, int *status)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "baseline", required_argument, NULL, 'B' },
		{ "format", required_argument, NULL, 'f' },
		{ "fail-on-new", no_argument, NULL, 'n' },
		{ "busy-timeout", required_argument, NULL, 'T' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': x->db = optarg; break;
		case 'B': x->baseline = optarg; break;
		case 'f':
			if (strcmp(optarg, "json") == 0)
				x->json = true;
			else if (strcmp(optarg, "text") != 0) {
				die_msg("--format: text or json");
				return EXIT_ERROR;
			}
			break;
		case 'n': x->fail_new = true; break;
		case 'T':
			if (parse_busy_timeout(optarg))
				return EXIT_ERROR;
			break;
		case 'h':
			printf("usage: hitrust-assess diff --db FILE [A [B]] [--fail-on-new] "
			       "[--format text|json]\n"
			       "       hitrust-assess diff --db FILE --baseline FILE [B] [--fail-on-new] "
			       "[--format text|json]\n");
			*status = EXIT_PASS;
			return -1;
		default:
			die_msg("diff: unknown or incomplete option '%s'", argv[optind - 1]);
			return EXIT_ERROR;
		}
	}
	int max = x->baseline ? 1 : 2;
	if (argc - optind > max) {
		die_msg(x->baseline ? "diff: with --baseline, at most one run id"
				    : "diff: at most two run ids");
		return EXIT_ERROR;
	}
	/* With a baseline the one id is the run to compare (B). */
	long *first = x->baseline ? &x->b : &x->a;
	if (optind < argc && (*first = parse_count_opt("run A", argv[optind])) < 0)
		return EXIT_ERROR;
	if (optind + 1 < argc && (x->b = parse_count_opt("run B", argv[optind + 1])) < 0)
		return EXIT_ERROR;
	return 0;
}

int cmd_diff(int argc, char **argv)
{
	struct diff_args x = { "hitrust-assess.db", NULL, false, false, 0, 0 };
	int status = EXIT_ERROR;
	int prc = parse_args(argc, argv, &x, &status);
	if (prc)
		return prc < 0 ? status : prc;

	struct hta_store *st = NULL;
	struct hta_err err = { 0 };
	struct hta_run rb;
	struct hta_gapset prev;
	struct hta_diff d;
	struct hta_buf out = HTA_BUF_INIT;
	bool have_b = false, have_prev = false, have_d = false;
	if (hta_store_open(&st, x.db, false, &err)) {
		report_err(&err);
		return EXIT_ERROR;
	}
	/* One id: compare it with the latest. None: the last two comparable
	 * runs (or the latest run and the baseline). */
	if (hta_store_load(st, x.b, &rb, &err))
		goto fail;
	have_b = true;
	int rc;
	if (x.a) {
		struct hta_run ra;
		if (hta_store_load(st, x.a, &ra, &err))
			goto fail;
		rc = hta_gapset_from_run(&prev, &ra, &err);
		hta_run_free(&ra);
	} else {
		rc = hta_gapset_previous(&prev, st, &rb, x.baseline, &err);
	}
	if (rc == HTA_ENOTFOUND) {
		die_msg("diff: %s to compare with", err.msg);
		goto done;
	}
	if (rc)
		goto fail;
	have_prev = true;
	if (hta_diff_compute(&d, &prev, &rb, &err))
		goto fail;
	have_d = true;
	if (hta_diff_render(&d, &prev, &rb, x.json, &out, &err))
		goto fail;
	if (write_output("-", out.s ? out.s : "", out.len))
		goto done;
	status = x.fail_new && d.n_new ? EXIT_GATE : EXIT_PASS;
	goto done;
fail:
	report_err(&err);
done:
	hta_buf_free(&out);
	if (have_d)
		hta_diff_free(&d);
	if (have_prev)
		hta_gapset_free(&prev);
	if (have_b)
		hta_run_free(&rb);
	hta_store_close(st);
	return status;
}
