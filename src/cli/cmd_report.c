/*
 * cmd_report.c — `hitrust-assess report` (re-render a stored run) and
 * `hitrust-assess diff` (compare two stored runs).
 */
#include "cli.h"
#include "hta/date.h"
#include "hta/report.h"
#include "hta/store.h"

#include <cjson/cJSON.h>
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
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = "hitrust-assess.db", *out = "-";
	long run_id = 0;
	int fmt = HTA_FMT_TEXT, list = 0, c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
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
		case 'h':
			printf("usage: hitrust-assess report --db FILE [--run N] [--format F] [-o FILE]\n"
			       "       hitrust-assess report --db FILE --list\n"
			       "F: " HTA_FORMAT_NAMES "\n");
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
	struct hta_store *st = NULL;
	struct hta_err err = { 0 };
	struct hta_buf b = HTA_BUF_INIT;
	int status = EXIT_ERROR;
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

static const struct hta_run_req *find_gap(const struct hta_run *r, const char *id)
{
	for (size_t k = 0; k < r->n_gaps; k++)
		if (strcmp(r->reqs[r->gap_order[k]].id, id) == 0)
			return &r->reqs[r->gap_order[k]];
	return NULL;
}

int cmd_diff(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "format", required_argument, NULL, 'f' },
		{ "fail-on-new", no_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = "hitrust-assess.db";
	int json = 0, fail_new = 0, c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'f':
			if (strcmp(optarg, "json") == 0)
				json = 1;
			else if (strcmp(optarg, "text") != 0) {
				die_msg("--format: text or json");
				return EXIT_ERROR;
			}
			break;
		case 'n': fail_new = 1; break;
		case 'h':
			printf("usage: hitrust-assess diff --db FILE [A [B]] [--fail-on-new] "
			       "[--format text|json]\n");
			return EXIT_PASS;
		default:
			die_msg("diff: unknown or incomplete option '%s'", argv[optind - 1]);
			return EXIT_ERROR;
		}
	}
	long a = 0, b = 0;
	if (argc - optind > 2) {
		die_msg("diff: at most two run ids");
		return EXIT_ERROR;
	}
	if (optind < argc && (a = parse_count_opt("run A", argv[optind])) < 0)
		return EXIT_ERROR;
	if (optind + 1 < argc && (b = parse_count_opt("run B", argv[optind + 1])) < 0)
		return EXIT_ERROR;

	struct hta_store *st = NULL;
	struct hta_err err = { 0 };
	struct hta_run ra, rb;
	int status = EXIT_ERROR, have_a = 0, have_b = 0;
	memset(&ra, 0, sizeof(ra));
	memset(&rb, 0, sizeof(rb));
	if (hta_store_open(&st, db, false, &err)) {
		report_err(&err);
		return EXIT_ERROR;
	}
	/* One id: compare it with the latest. None: the last two comparable runs. */
	if (hta_store_load(st, b, &rb, &err))
		goto fail;
	have_b = 1;
	if (!a) {
		long long prev = hta_store_previous(st, rb.id, &err);
		if (prev < 0)
			goto fail;
		if (prev == 0) {
			die_msg("diff: run %lld has no earlier run of the same tier and evidence root "
				"to compare with", rb.id);
			goto done;
		}
		a = (long)prev;
	}
	if (hta_store_load(st, a, &ra, &err))
		goto fail;
	have_a = 1;

	int n_new = 0, n_fixed = 0, n_persist = 0, n_worse = 0;
	cJSON *j = json ? cJSON_CreateObject() : NULL;
	cJSON *jn = NULL, *jf = NULL, *jp = NULL, *jw = NULL, *jd = NULL;
	if (json) {
		cJSON_AddNumberToObject(j, "from", (double)ra.id);
		cJSON_AddNumberToObject(j, "to", (double)rb.id);
		jn = cJSON_AddArrayToObject(j, "new");
		jf = cJSON_AddArrayToObject(j, "fixed");
		jp = cJSON_AddArrayToObject(j, "persisting");
		jw = cJSON_AddArrayToObject(j, "worsened");
		jd = cJSON_AddArrayToObject(j, "domains");
	} else {
		char da[11], db_[11];
		hta_date_format(ra.as_of, da);
		hta_date_format(rb.as_of, db_);
		printf("diff: run %lld (%s, as of %s) -> run %lld (%s, as of %s)\n", ra.id,
		       ra.started_at ? ra.started_at : "?", da, rb.id,
		       rb.started_at ? rb.started_at : "?", db_);
	}
	for (size_t k = 0; k < rb.n_gaps; k++) {
		const struct hta_run_req *r = &rb.reqs[rb.gap_order[k]];
		const struct hta_run_req *o = find_gap(&ra, r->id);
		if (!o) {
			n_new++;
			if (json)
				cJSON_AddItemToArray(jn, cJSON_CreateString(r->id));
			else
				printf("  new        %-14s %6.2f lost  %s\n", r->id, r->points_lost,
				       r->title ? r->title : "");
		} else {
			n_persist++;
			if (json)
				cJSON_AddItemToArray(jp, cJSON_CreateString(r->id));
			if (r->points_lost > o->points_lost + 1e-9) {
				n_worse++;
				if (json)
					cJSON_AddItemToArray(jw, cJSON_CreateString(r->id));
				else
					printf("  worsened   %-14s %6.2f -> %.2f lost  %s\n", r->id,
					       o->points_lost, r->points_lost, r->title ? r->title : "");
			}
		}
	}
	for (size_t k = 0; k < ra.n_gaps; k++) {
		const struct hta_run_req *o = &ra.reqs[ra.gap_order[k]];
		if (!find_gap(&rb, o->id)) {
			n_fixed++;
			if (json)
				cJSON_AddItemToArray(jf, cJSON_CreateString(o->id));
			else
				printf("  fixed      %-14s  %s\n", o->id, o->title ? o->title : "");
		}
	}
	for (int d = 1; d <= HTA_DOMAINS; d++) {
		const struct hta_run_pool *x = &ra.domains[d], *y = &rb.domains[d];
		if (!x->scored && !y->scored)
			continue;
		if (json) {
			cJSON *o = cJSON_CreateObject();
			cJSON_AddStringToObject(o, "domain", y->key);
			cJSON_AddItemToObject(o, "from", x->scored ? cJSON_CreateNumber(x->score) : cJSON_CreateNull());
			cJSON_AddItemToObject(o, "to", y->scored ? cJSON_CreateNumber(y->score) : cJSON_CreateNull());
			cJSON_AddItemToArray(jd, o);
		} else if (x->scored != y->scored || x->score != y->score) {
			printf("  domain %s %-40s %6.2f -> %6.2f\n", y->key, y->name ? y->name : "",
			       x->score, y->score);
		}
	}
	if (json) {
		cJSON_AddNumberToObject(j, "new_count", n_new);
		cJSON_AddNumberToObject(j, "fixed_count", n_fixed);
		cJSON_AddNumberToObject(j, "persisting_count", n_persist);
		cJSON_AddNumberToObject(j, "worsened_count", n_worse);
		char *s = cJSON_Print(j);
		cJSON_Delete(j);
		if (!s || write_output("-", s, strlen(s)) || write_output("-", "\n", 1)) {
			cJSON_free(s);
			goto done;
		}
		cJSON_free(s);
	} else {
		printf("%d new, %d fixed, %d persisting (%d worsened); verdict %s -> %s\n", n_new,
		       n_fixed, n_persist, n_worse, ra.pass ? "pass" : "fail", rb.pass ? "pass" : "fail");
	}
	status = fail_new && n_new ? EXIT_GATE : EXIT_PASS;
	goto done;
fail:
	report_err(&err);
done:
	if (have_a)
		hta_run_free(&ra);
	if (have_b)
		hta_run_free(&rb);
	hta_store_close(st);
	return status;
}
