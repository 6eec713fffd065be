/*
 * cmd_assess.c — `hitrust-assess [options] EVIDENCE_DIR`: assess, store
 * the run, write the reports, apply the gates, exit 0/1/2.
 */
#include "cli.h"
#include "hta/assess.h"
#include "hta/date.h"
#include "hta/diff.h"
#include "hta/gate.h"
#include "hta/report.h"
#include "hta/store.h"
#include "hta/view.h"

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum {
	OPT_TIER = 256, OPT_AI_SEC, OPT_AI_RISK, OPT_SCOPE, OPT_CATALOG, OPT_DB, OPT_AS_OF,
	OPT_FORMAT, OPT_MAX_GAPS, OPT_MAX_CAPS, OPT_MIN_SCORE, OPT_NO_FAIL, OPT_FAIL_NEW,
	OPT_MM, OPT_NO_MM, OPT_TOP, OPT_QUIET, OPT_HELP, OPT_REHASH, OPT_GATE, OPT_BASELINE,
	OPT_START, OPT_CAPACITY, OPT_SUMMARY, OPT_BUSY, OPT_DOMAIN, OPT_OWNER, OPT_STATUS
};

static const struct option opts[] = {
	{ "tier", required_argument, NULL, OPT_TIER },
	{ "ai-security", no_argument, NULL, OPT_AI_SEC },
	{ "ai-risk", no_argument, NULL, OPT_AI_RISK },
	{ "scope", required_argument, NULL, OPT_SCOPE },
	{ "catalog", required_argument, NULL, OPT_CATALOG },
	{ "db", required_argument, NULL, OPT_DB },
	{ "as-of", required_argument, NULL, OPT_AS_OF },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "output", required_argument, NULL, 'o' },
	{ "max-gaps", required_argument, NULL, OPT_MAX_GAPS },
	{ "max-caps", required_argument, NULL, OPT_MAX_CAPS },
	{ "min-score", required_argument, NULL, OPT_MIN_SCORE },
	{ "no-fail", no_argument, NULL, OPT_NO_FAIL },
	{ "fail-on-new", no_argument, NULL, OPT_FAIL_NEW },
	{ "gate", required_argument, NULL, OPT_GATE },
	{ "baseline", required_argument, NULL, OPT_BASELINE },
	{ "measured-managed", no_argument, NULL, OPT_MM },
	{ "no-measured-managed", no_argument, NULL, OPT_NO_MM },
	{ "top", required_argument, NULL, OPT_TOP },
	{ "domain", required_argument, NULL, OPT_DOMAIN },
	{ "owner", required_argument, NULL, OPT_OWNER },
	{ "status", required_argument, NULL, OPT_STATUS },
	{ "rehash", no_argument, NULL, OPT_REHASH },
	{ "start", required_argument, NULL, OPT_START },
	{ "capacity", required_argument, NULL, OPT_CAPACITY },
	{ "summary", no_argument, NULL, OPT_SUMMARY },
	{ "busy-timeout", required_argument, NULL, OPT_BUSY },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, OPT_HELP },
	{ NULL, 0, NULL, 0 },
};

static void usage(FILE *f)
{
	fprintf(f,
		"usage: hitrust-assess [--tier T[,T...]] [--ai-security] [--ai-risk] [--scope FILE]\n"
		"                      [--catalog DIR] [--db FILE] [--as-of DATE] [--format FMT]\n"
		"                      [-o FILE] [--max-gaps N] [--max-caps N] [--min-score X]\n"
		"                      [--fail-on-new] [--gate LIST] [--baseline FILE] [--no-fail]\n"
		"                      [--[no-]measured-managed]\n"
		"                      [--top N] [--domain D] [--owner X] [--status LIST]\n"
		"                      [--rehash] [--start DATE] [--capacity N]\n"
		"                      [--summary] [--busy-timeout MS] [-q] EVIDENCE_DIR\n"
		"LIST (--status): comma-separated from " HTA_VIEW_STATUS_NAMES "\n"
		"T: %s; several (--tier e1,i1,r2) assess a tier ladder\n"
		"FMT: " HTA_FORMAT_NAMES "\n", hta_tier_choices(false));
}

/* The incremental hash cache: the report database, opened read-only. */
static int cache_lookup(void *ctx, const char *root, struct hta_hash_item *items, size_t n,
			struct hta_err *err)
{
	return hta_store_hash_lookup(ctx, root, items, n, err);
}

/*
 * Progress on a terminal: one line rewritten in place with a carriage
 * return, padded over the previous one (no escape sequences, so NO_COLOR
 * and dumb terminals see plain text).
 */
struct progress_line {
	int width; /* of the line on screen; 0: none shown */
};

static void show_progress(void *ctx, const struct hta_progress *p)
{
	struct progress_line *pl = ctx;
	char line[200];
	int n;
	if (p->artifacts)
		n = snprintf(line, sizeof(line),
			     "%s: %zu files, %zu manifests; artifacts: %zu unchanged, %zu of %zu "
			     "hashed (%llu of %llu MiB)", progname, p->files_seen, p->manifests,
			     p->cached, p->hashed, p->artifacts - p->cached, p->bytes_done >> 20,
			     p->bytes >> 20);
	else
		n = snprintf(line, sizeof(line), "%s: %zu files, %zu manifests read", progname,
			     p->files_seen, p->manifests);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof(line))
		n = (int)sizeof(line) - 1;
	fprintf(stderr, "\r%s%*s", line, pl->width > n ? pl->width - n : 0, "");
	fflush(stderr);
	if (n > pl->width)
		pl->width = n;
}

/*
 * Compare the run with its previous gap set: `prev` when it holds the
 * baseline file (*have_prev), else the previous run over the same tier and
 * evidence root. Called BEFORE the run is stored: a damaged or crafted
 * database then fails the command (exit 2) with nothing written. Names
 * the first new gaps on stderr. *have is false when there is nothing to
 * compare with (then nothing is new). Returns 0, or -1 after printing.
 */
static int compare_run(struct hta_store *st, const struct hta_run *run, bool *have_prev,
		       struct hta_gapset *prev, struct hta_diff *d, bool *have)
{
	struct hta_err err = { 0 };
	*have = false;
	if (!*have_prev) {
		int rc = hta_gapset_previous(prev, st, run, NULL, &err);
		if (rc == HTA_ENOTFOUND)
			return 0;
		if (rc) {
			report_err(&err);
			return -1;
		}
		*have_prev = true;
	}
	if (hta_diff_compute(d, prev, run, &err)) {
		report_err(&err);
		return -1;
	}
	*have = true;
	size_t shown = 0;
	for (size_t k = 0; k < d->n_items && shown < 10; k++) {
		const struct hta_change_item *it = &d->items[k];
		if (it->kind != HTA_CH_NEW)
			continue;
		if (prev->baseline)
			fprintf(stderr, "%s: new gap since baseline %s: %s %s\n", progname,
				prev->baseline, it->id, it->title ? it->title : "");
		else
			fprintf(stderr, "%s: new gap since run %lld: %s %s\n", progname, prev->run_id,
				it->id, it->title ? it->title : "");
		shown++;
	}
	if (d->n_new > shown)
		fprintf(stderr, "%s: ... and %zu more new gaps (hitrust-assess diff%s%s lists them)\n",
			progname, d->n_new - shown, prev->baseline ? " --baseline " : "",
			prev->baseline ? prev->baseline : "");
	/* A baseline of another tier lists other statements: most gaps are then
	 * new. Said, not refused (contract 8.4: new is what the file does not list). */
	if (prev->baseline && prev->tier != HTA_TIER_NONE && prev->tier != run->tier)
		fprintf(stderr, "%s: note: baseline %s was written from an %s run and this run is "
			"%s: every gap it does not list counts as new\n", progname, prev->baseline,
			hta_tier_name(prev->tier), hta_tier_name(run->tier));
	return 0;
}

/*
 * --tier: one tier, or a ladder "e1,i1,r2" (any order, each once). Returns
 * the highest tier (the one reported) and sets the bit per tier in *ladder
 * when more than one is given; prints and returns -1 on error.
 */
static int parse_tiers(const char *arg, unsigned *ladder)
{
	char buf[64];
	unsigned bits = 0;
	int n = 0, top = -1;
	if (strlen(arg) >= sizeof(buf)) {
		die_msg("--tier: '%s' is not a tier list (%s)", arg, hta_tier_list());
		return -1;
	}
	memcpy(buf, arg, strlen(arg) + 1);
	for (char *p = buf, *c;; p = c + 1) {
		c = strchr(p, ',');
		if (c)
			*c = 0;
		int t = hta_tier_parse(p);
		if (t < 0) {
			die_msg("--tier: unknown tier '%s' (%s)", p, hta_tier_choices(false));
			return -1;
		}
		if (bits & (1u << t)) {
			die_msg("--tier: tier '%s' is given twice", p);
			return -1;
		}
		bits |= 1u << t;
		n++;
		if (t > top)
			top = t;
		if (!c)
			break;
	}
	*ladder = n > 1 ? bits : 0;
	return top;
}

/* What the command line asks for. */
struct assess_args {
	struct hta_assess_opts ao;
	const char *catalog_dir, *db_path, *out_path, *baseline;
	int fmt, no_fail, quiet, rehash, summary;
	struct hta_view_opts view;            /* --top, --domain, --owner, --status */
	char domain_key[16];
	unsigned ladder;                      /* --tier e1,i1,r2: a bit per tier */
	struct hta_gate_opts go;
};

/* The runs of one command: the reported one, and a ladder's lower tiers. */
struct assess_runs {
	struct hta_run run;
	struct hta_run lower[HTA_TIER_COUNT];  /* the ladder's tiers below the reported one */
	int n_lower;
};

/*
 * Parse the options (one case per option: a long switch, kept whole so
 * each option reads next to its neighbours). Returns -1 to go on, or the
 * exit status (after --help, or a message).
 */
static int parse_args(int argc, char **argv, struct assess_args *x)
{
	struct hta_assess_opts ao = HTA_ASSESS_OPTS_INIT;
	struct hta_gate_opts go = HTA_GATE_OPTS_INIT;
	x->ao = ao;
	x->go = go;
	x->db_path = "hitrust-assess.db";
	x->fmt = -1;
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "o:qh", opts, NULL)) != -1) {
		switch (c) {
		case OPT_TIER:
			if ((x->ao.tier = parse_tiers(optarg, &x->ladder)) < 0)
				return EXIT_ERROR;
			break;
		case OPT_START:
			if ((x->ao.start = parse_date_opt("--start", optarg)) < 0)
				return EXIT_ERROR;
			break;
		case OPT_CAPACITY:
			if ((x->ao.capacity = (int)parse_count_opt("--capacity", optarg)) < 0)
				return EXIT_ERROR;
			if (x->ao.capacity < 1 || x->ao.capacity > 64) {
				die_msg("--capacity: '%s' is not a number of workstreams from 1 to 64",
					optarg);
				return EXIT_ERROR;
			}
			break;
		case OPT_SUMMARY: x->summary = 1; break;
		case OPT_AI_SEC: x->ao.addons |= HTA_WITH_AI_SECURITY; break;
		case OPT_AI_RISK: x->ao.addons |= HTA_WITH_AI_RISK; break;
		case OPT_SCOPE: x->ao.scope_path = optarg; break;
		case OPT_CATALOG: x->catalog_dir = optarg; break;
		case OPT_DB: x->db_path = optarg; break;
		case OPT_AS_OF:
			if ((x->ao.as_of = parse_date_opt("--as-of", optarg)) < 0)
				return EXIT_ERROR;
			break;
		case OPT_FORMAT:
			if ((x->fmt = hta_format_parse(optarg)) < 0) {
				die_msg("--format: unknown format '%s' (" HTA_FORMAT_NAMES ")", optarg);
				return EXIT_ERROR;
			}
			break;
		case 'o': x->out_path = optarg; break;
		case OPT_MAX_GAPS:
			if ((x->go.max_gaps = parse_count_opt("--max-gaps", optarg)) < 0)
				return EXIT_ERROR;
			break;
		case OPT_MAX_CAPS:
			if ((x->go.max_caps = parse_count_opt("--max-caps", optarg)) < 0)
				return EXIT_ERROR;
			break;
		case OPT_MIN_SCORE:
			if (parse_number_opt("--min-score", optarg, 0, 100, &x->go.min_score))
				return EXIT_ERROR;
			break;
		case OPT_NO_FAIL: x->no_fail = 1; break;
		case OPT_FAIL_NEW: x->go.fail_on_new = true; break;
		case OPT_GATE: {
			struct hta_err gerr = { 0 };
			if (hta_gate_list_parse(&x->go, optarg, &gerr)) {
				report_err(&gerr);
				return EXIT_ERROR;
			}
			break;
		}
		case OPT_BASELINE: x->baseline = optarg; break;
		case OPT_MM: x->ao.measured_managed = 1; break;
		case OPT_NO_MM: x->ao.measured_managed = 0; break;
		case OPT_TOP:
		case OPT_DOMAIN:
		case OPT_OWNER:
		case OPT_STATUS:
			if (parse_view_opt(c == OPT_TOP ? "top" : c == OPT_DOMAIN ? "domain"
					   : c == OPT_OWNER ? "owner" : "status",
					   optarg, &x->view, x->domain_key))
				return EXIT_ERROR;
			break;
		case 'q': x->quiet = 1; break;
		case OPT_REHASH: x->rehash = 1; break;
		case OPT_BUSY:
			if (parse_busy_timeout(optarg))
				return EXIT_ERROR;
			break;
		case 'h':
		case OPT_HELP: usage(stdout); return EXIT_PASS;
		default:
			if (optopt && optopt < 256)
				die_msg("unknown or incomplete option '-%c' (see --help)", optopt);
			else
				die_msg("unknown or incomplete option '%s' (see --help)", argv[optind - 1]);
			return EXIT_ERROR;
		}
	}
	if (optind != argc - 1) {
		die_msg(optind >= argc ? "missing EVIDENCE_DIR (see --help)"
				       : "give one EVIDENCE_DIR, not several (see --help)");
		return EXIT_ERROR;
	}
	if (optind != argc - 1) {
		die_msg(optind >= argc ? "missing EVIDENCE_DIR (see --help)"
				       : "give one EVIDENCE_DIR, not several (see --help)");
		return EXIT_ERROR;
	}
	x->ao.evidence_root = argv[optind];
	if ((x->view.top || hta_view_filtered(&x->view)) && !x->out_path && x->fmt > HTA_FMT_TEXT) {
		die_msg("--top, --domain, --owner and --status shape the text summary; --format %s "
			"carries the whole run", hta_format_name((enum hta_format)x->fmt));
		return EXIT_ERROR;
	}
	/* Refuse a --db the run would be lost in before doing the work. */
	struct hta_err perr = { 0 };
	if (hta_store_check_path(x->db_path, &perr)) {
		report_err(&perr);
		return EXIT_ERROR;
	}
	unsigned active;
	if (hta_gates_active(&x->go, &active, &perr)) {
		report_err(&perr);
		return EXIT_ERROR;
	}
	if (x->baseline && !(active & (1u << HTA_GATE_NEW))) {
		die_msg("--baseline is what the 'new' gate compares with: give --gate new or "
			"--fail-on-new");
		return EXIT_ERROR;
	}
	return -1;
}

/* Errors of the evidence: every unreadable manifest, not just the first. */
static void report_assess_errors(const struct hta_errlist *errs, const struct hta_err *err)
{
	if (errs->total > 1) {
		for (size_t i = 0; i < errs->n; i++)
			die_msg("%s", errs->msg[i]);
		if (errs->total > errs->n)
			die_msg("... and %zu more errors", errs->total - errs->n);
		die_msg("%zu errors in the evidence; nothing was assessed or stored", errs->total);
	} else {
		report_err(err);
	}
}

/*
 * Load the catalog and assess: a ladder's lower tiers first, the reported
 * (highest) one last; nothing is stored until every tier is assessed.
 * Returns 0, or EXIT_ERROR after printing (rs holds no run then).
 */
static int assess_all(struct assess_args *x, struct progress_line *pl, struct assess_runs *rs)
{
	struct hta_catalog cat;
	struct hta_err err = { 0 };
	if (load_catalog(&cat, x->catalog_dir))
		return EXIT_ERROR;
	/* The hash cache reads the database before the run; it is opened
	 * read-only, so a run that fails leaves the file as it was (and an
	 * absent database simply means no cache). */
	struct hta_store *cache = NULL;
	int crc = x->rehash ? HTA_ENOTFOUND : hta_store_open_readonly(&cache, x->db_path, &err);
	if (crc == 0) {
		x->ao.hash_cache = cache_lookup;
		x->ao.hash_cache_ctx = cache;
	} else if (crc == HTA_EBUSY) {
		/* The wait is spent: the write could not happen either. */
		report_err(&err);
		hta_catalog_free(&cat);
		return EXIT_ERROR;
	}
	hta_err_clear(&err);
	if (!x->quiet && isatty(STDERR_FILENO)) {
		x->ao.progress = show_progress;
		x->ao.progress_ctx = pl;
	}
	struct hta_errlist errs = { 0 };
	x->ao.errors = &errs;
	int arc = 0, top = x->ao.tier;
	for (int t = 0; t < top && !arc; t++) {
		if (!((x->ladder >> t) & 1))
			continue;
		x->ao.tier = t;
		if (!(arc = hta_assess(&cat, &x->ao, &rs->lower[rs->n_lower], &err)))
			rs->n_lower++;
	}
	x->ao.tier = top;
	if (!arc)
		arc = hta_assess(&cat, &x->ao, &rs->run, &err);
	hta_store_close(cache);
	x->ao.hash_cache_ctx = NULL;
	if (pl->width)
		fprintf(stderr, "\r%*s\r", pl->width, "");
	if (arc) {
		report_assess_errors(&errs, &err);
		for (int k = 0; k < rs->n_lower; k++)
			hta_run_free(&rs->lower[k]);
		rs->n_lower = 0;
	}
	hta_errlist_free(&errs);
	hta_catalog_free(&cat);
	return arc ? EXIT_ERROR : 0;
}

/*
 * The report to -o FILE (`of`, already open; NULL when not given), and the
 * summary (or the format) on standard output, written while the run's
 * transaction is still open. Returns 0 or -1 after printing.
 */
static int write_reports(const struct assess_args *x, const struct hta_run *run,
			 struct output *of)
{
	struct hta_err err = { 0 };
	struct hta_buf b = HTA_BUF_INIT;
	struct hta_report_opts ro = HTA_REPORT_OPTS_INIT;
	int fmt = x->fmt, rc = -1;
	ro.db_path = x->db_path;
	ro.view = x->view;
	ro.summary = x->summary;
	if (of) {
		if (fmt < 0)
			fmt = HTA_FMT_TEXT;
		if (hta_report_render(run, (enum hta_format)fmt, &ro, &b, &err)) {
			report_err(&err);
			goto done;
		}
		if (output_write(of, b.s ? b.s : "", b.len))
			goto done;
		hta_buf_free(&b);
		fmt = HTA_FMT_TEXT; /* stdout keeps the summary */
	}
	if (!x->quiet || (fmt >= 0 && fmt != HTA_FMT_TEXT)) {
		if (fmt < 0)
			fmt = HTA_FMT_TEXT;
		ro.color = fmt == HTA_FMT_TEXT && want_color();
		if (hta_report_render(run, (enum hta_format)fmt, &ro, &b, &err)) {
			report_err(&err);
			goto done;
		}
		if (fwrite(b.s ? b.s : "", 1, b.len, stdout) != b.len || fflush(stdout)) {
			die_msg("cannot write to standard output: %s", strerror(errno));
			goto done;
		}
	}
	rc = 0;
done:
	hta_buf_free(&b);
	return rc;
}

/* "run 7" or, for a ladder (its runs are written in one transaction, so
 * their ids follow each other), "runs 5..7". */
static void stored_ids(char *buf, size_t n, const struct assess_runs *rs)
{
	if (rs->n_lower)
		snprintf(buf, n, "runs %lld..%lld", rs->lower[0].id, rs->run.id);
	else
		snprintf(buf, n, "run %lld", rs->run.id);
}

/*
 * Store the runs in one transaction, with their reports: output is part
 * of the transaction. The runs are written (ids assigned), the reports
 * written (-o to its temporary file, and standard output), then the
 * transaction commits and the temporary file is renamed into place; a
 * report that cannot be written rolls everything back. A signal during
 * the write interrupts it; it rolls back (and the process then dies of
 * that signal). A closed pipe on standard output is an error to roll back
 * on (SIGPIPE ignored), not a death mid-write. Returns 0 or -1 after
 * printing; `of` is finished or aborted either way. A ladder's runs (its
 * lower tiers and the reported one) are all in this one transaction, the
 * ladder and trend context read inside it too: any failure stores none of
 * them (tests/e2e/t_ladder.sh).
 */
static int store_runs(struct hta_store *st, const struct assess_args *x, struct assess_runs *rs,
		      struct output *of)
{
	char ids[64];
	struct hta_err err = { 0 };
	const char *db_path = x->db_path;
	signals_watch(st);
	signal(SIGPIPE, SIG_IGN);
	int wrc = hta_store_begin(st, &err);
	for (int k = 0; k < rs->n_lower && !wrc; k++) {
		/* the first run names the ladder */
		rs->lower[k].dl.ladder = k ? rs->lower[0].dl.ladder : -1;
		wrc = hta_store_write(st, &rs->lower[k], &err);
	}
	if (rs->n_lower)
		rs->run.dl.ladder = rs->lower[0].dl.ladder;
	if (!wrc)
		wrc = hta_store_write(st, &rs->run, &err);
	if (!wrc && hta_store_context(st, &rs->run, &err))
		wrc = -1;
	bool printed = false; /* an output error said what went wrong */
	if (!wrc && write_reports(x, &rs->run, of))
		wrc = -1, printed = true;
	/* The report goes in place (undoably) before the commit, so nothing
	 * that can fail is left for after it. */
	if (!wrc && of && output_stage(of))
		wrc = -1, printed = true;
	if (!wrc)
		wrc = hta_store_commit(st, &err);
	else
		hta_store_rollback(st);
	if (signals_pending()) {
		if (wrc)
			die_msg("interrupted by %s: the %s rolled back; %s is as it was",
				signals_name(signals_pending()),
				rs->n_lower ? "ladder's runs were" : "run was", db_path);
		else {
			stored_ids(ids, sizeof(ids), rs);
			die_msg("interrupted by %s after the run was stored (%s in %s)",
				signals_name(signals_pending()), ids, db_path);
		}
		if (of && wrc)
			output_abort(of);
		else if (of)
			output_done(of); /* stored: so is its report */
		hta_store_close(st);
		hta_run_free(&rs->run);
		signals_die();
	}
	signals_watch(NULL);
	if (wrc) {
		if (!printed)
			report_err(&err);
		else
			die_msg("the %s not stored; %s is as it was",
				rs->n_lower ? "ladder's runs were" : "run was", db_path);
		if (of)
			output_abort(of);
		return -1;
	}
	/* Stored, and the report in place: drop the copy of the old one. Only
	 * where the filesystem has no hard links is the report moved in now,
	 * and only then can this fail. */
	if (of && output_done(of)) {
		stored_ids(ids, sizeof(ids), rs);
		die_msg("(%s %s stored in %s)", ids, rs->n_lower ? "were" : "was", db_path);
		return -1;
	}
	return 0;
}

/* Gates: decided by the library (hta_gates_decide), said here. Returns
 * the exit status. */
static int apply_gates(const struct assess_args *x, const struct hta_run *run,
		       const struct hta_diff *d)
{
	struct hta_err err = { 0 };
	struct hta_gate_verdict gv;
	if (hta_gates_decide(run, &x->go, d, &gv, &err)) {
		report_err(&err);
		return EXIT_ERROR;
	}
	for (enum hta_gate g = HTA_GATE_DOMAINS; g < HTA_GATE_COUNT; g++) {
		if (gv.ignored & (1u << g))
			fprintf(stderr, "%s: note: gate '%s' is not in --gate; its option does not fail "
				"the run\n", progname, hta_gate_name(g));
		if ((gv.failed & (1u << g)) && gv.why[g][0])
			fprintf(stderr, "%s: %s\n", progname, gv.why[g]);
	}
	return gv.failed && !x->no_fail ? EXIT_GATE : EXIT_PASS;
}

int cmd_assess(int argc, char **argv)
{
	struct assess_args x;
	struct assess_runs rs;
	struct progress_line pl = { 0 };
	memset(&x, 0, sizeof(x));
	memset(&rs, 0, sizeof(rs));
	int status = parse_args(argc, argv, &x);
	if (status >= 0)
		return status;
	signals_install();
	if (assess_all(&x, &pl, &rs))
		return EXIT_ERROR;

	/* A baseline that cannot be read stops the run before it is stored. */
	struct hta_err err = { 0 };
	struct hta_gapset prev;
	struct hta_diff d;
	struct hta_store *st = NULL;
	bool have_prev = false, compared = false, have_of = false;
	struct output of = { .fd = -1 };
	status = EXIT_ERROR;
	if (x.baseline) {
		if (hta_baseline_load(&prev, x.baseline, &err)) {
			report_err(&err);
			goto done;
		}
		have_prev = true;
	}
	/* Output is part of the transaction: -o is opened and checked (not
	 * the database, not a directory, its directory there) before anything
	 * is stored; store_runs() finishes or aborts it. */
	output_protect(x.db_path);
	if (x.out_path) {
		if (output_open(&of, x.out_path))
			goto done;
		have_of = true;
	}
	if (hta_store_open(&st, x.db_path, true, &err)) {
		report_err(&err);
		goto done;
	}
	if (hta_gates_need_diff(&x.go) &&
	    compare_run(st, &rs.run, &have_prev, &prev, &d, &compared))
		goto done;
	have_of = false; /* store_runs() finishes or aborts it */
	if (store_runs(st, &x, &rs, x.out_path ? &of : NULL))
		goto done;
	if (x.ao.start >= 0 && x.ao.start < rs.run.as_of) {
		/* contract 8.5 defaults --start to as_of; an earlier day is taken
		 * as given, but its dates can fall before the assessment date */
		char d1[11], d2[11];
		hta_date_format(x.ao.start, d1);
		hta_date_format(rs.run.as_of, d2);
		fprintf(stderr, "%s: note: --start %s is before the assessment date %s: the timeline "
			"counts work from days already past, so its dates can be earlier than %s\n",
			progname, d1, d2, d2);
	}
	if (rs.run.dl.has_soc2 && rs.run.dl.soc2_period_end > rs.run.as_of) {
		/* advisory reuse of a SOC 2 report whose period has not ended */
		char d1[11], d2[11];
		hta_date_format(rs.run.dl.soc2_period_end, d1);
		hta_date_format(rs.run.as_of, d2);
		fprintf(stderr, "%s: note: the SOC 2 period ends %s, after the assessment date %s: "
			"its report cannot exist yet, so its candidate evidence is a plan\n",
			progname, d1, d2);
	}
	status = apply_gates(&x, &rs.run, compared ? &d : NULL);
done:
	if (have_of)
		output_abort(&of);
	if (compared)
		hta_diff_free(&d);
	if (have_prev)
		hta_gapset_free(&prev);
	hta_store_close(st);
	hta_run_free(&rs.run);
	for (int k = 0; k < rs.n_lower; k++)
		hta_run_free(&rs.lower[k]);
	return status;
}
