/*
 * cmd_export.c — `hitrust-assess export --format xlsx|csv [-o FILE] DIR`:
 * the evidence workbook, one row per statement in scope (docs/workbook.md).
 */
#include "cli.h"
#include "hta/evidence.h"
#include "hta/scope.h"
#include "hta/workbook.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { OPT_FORMAT = 256, OPT_TIER, OPT_AI_SEC, OPT_AI_RISK, OPT_SCOPE, OPT_CATALOG, OPT_HELP };

static const struct option opts[] = {
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "output", required_argument, NULL, 'o' },
	{ "tier", required_argument, NULL, OPT_TIER },
	{ "ai-security", no_argument, NULL, OPT_AI_SEC },
	{ "ai-risk", no_argument, NULL, OPT_AI_RISK },
	{ "scope", required_argument, NULL, OPT_SCOPE },
	{ "catalog", required_argument, NULL, OPT_CATALOG },
	{ "help", no_argument, NULL, OPT_HELP },
	{ NULL, 0, NULL, 0 },
};

static void usage(FILE *f)
{
	fprintf(f, "usage: hitrust-assess export --format xlsx|csv [-o FILE] [--tier e1|i1|r2]\n"
		   "                             [--ai-security] [--ai-risk] [--scope FILE]\n"
		   "                             [--catalog DIR] EVIDENCE_DIR\n");
}

/* Copy the file at `path` to standard output. */
static int cat_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	char buf[65536];
	size_t n;
	int rc = 0;
	if (!f) {
		die_msg("cannot read '%s': %s", path, strerror(errno));
		return -1;
	}
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		if (fwrite(buf, 1, n, stdout) != n) {
			rc = -1;
			break;
		}
	if (ferror(f) || fflush(stdout) || rc) {
		die_msg("cannot write to standard output: %s", strerror(errno));
		rc = -1;
	}
	fclose(f);
	return rc;
}

/*
 * XLSX: libxlsxwriter writes a file by name; it goes to a fresh temporary
 * file beside the output (or in $TMPDIR for standard output), renamed
 * into place once whole.
 */
static int export_xlsx(const struct hta_catalog *cat, const struct hta_wb_export_opts *o,
		       const char *out, size_t *rows)
{
	char tmp[PATH_MAX];
	struct hta_err err = { 0 };
	bool to_stdout = strcmp(out, "-") == 0;
	const char *td = getenv("TMPDIR");
	int n = to_stdout ? snprintf(tmp, sizeof(tmp), "%s/hitrust-assess-XXXXXX.xlsx",
				      td && *td ? td : "/tmp")
			  : snprintf(tmp, sizeof(tmp), "%s.tmp-XXXXXX.xlsx", out);
	if (n < 0 || (size_t)n >= sizeof(tmp)) {
		die_msg("output path is too long: %s", out);
		return -1;
	}
	int fd = mkstemps(tmp, 5);
	if (fd < 0) {
		die_msg("cannot write '%s': %s", to_stdout ? tmp : out, strerror(errno));
		return -1;
	}
	mode_t um = umask(0);
	umask(um);
	(void)fchmod(fd, 0666 & ~um); /* as any file the user creates, not mkstemp's 0600 */
	close(fd);
	int rc = hta_workbook_export(cat, o, HTA_WB_XLSX, tmp, NULL, rows, &err);
	if (rc) {
		report_tree_errors(o->errors, &err, "the evidence", "nothing was exported");
	} else if (to_stdout) {
		rc = cat_file(tmp);
	} else if (rename(tmp, out) < 0) {
		die_msg("cannot write '%s': %s", out, strerror(errno));
		rc = -1;
	}
	if (rc || to_stdout)
		unlink(tmp);
	return rc ? -1 : 0;
}

int cmd_export(int argc, char **argv)
{
	struct hta_wb_export_opts o = HTA_WB_EXPORT_OPTS_INIT;
	const char *catalog_dir = NULL, *out = "-";
	int fmt = -1, c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
		switch (c) {
		case OPT_FORMAT:
			if ((fmt = hta_wb_format_parse(optarg)) < 0) {
				die_msg("--format: unknown workbook format '%s' (xlsx or csv)", optarg);
				return EXIT_ERROR;
			}
			break;
		case 'o': out = optarg; break;
		case OPT_TIER:
			if ((o.tier = hta_tier_parse(optarg)) < 0) {
				die_msg("--tier: unknown tier '%s' (e1, i1 or r2)", optarg);
				return EXIT_ERROR;
			}
			break;
		case OPT_AI_SEC: o.addons |= HTA_WITH_AI_SECURITY; break;
		case OPT_AI_RISK: o.addons |= HTA_WITH_AI_RISK; break;
		case OPT_SCOPE: o.scope_path = optarg; break;
		case OPT_CATALOG: catalog_dir = optarg; break;
		case 'h':
		case OPT_HELP: usage(stdout); return EXIT_PASS;
		default:
			die_msg("export: unknown or incomplete option '%s' (see --help)", argv[optind - 1]);
			return EXIT_ERROR;
		}
	}
	if (fmt < 0) {
		die_msg("export: give --format xlsx or --format csv");
		return EXIT_ERROR;
	}
	if (optind != argc - 1) {
		die_msg(optind >= argc ? "export: missing EVIDENCE_DIR (see --help)"
				       : "export: give one EVIDENCE_DIR (see --help)");
		return EXIT_ERROR;
	}
	if (fmt == HTA_WB_XLSX && strcmp(out, "-") == 0 && isatty(STDOUT_FILENO)) {
		die_msg("export: an XLSX workbook is binary: give -o FILE");
		return EXIT_ERROR;
	}
	o.evidence_root = argv[optind];
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	if (sde && *sde) {
		char *end;
		errno = 0;
		long long v = strtoll(sde, &end, 10);
		if (errno || *end || v < 0) {
			die_msg("SOURCE_DATE_EPOCH: '%s' is not a count of seconds", sde);
			return EXIT_ERROR;
		}
		o.generated = v;
	}
	struct hta_catalog cat;
	struct hta_errlist errs = { 0 };
	if (load_catalog(&cat, catalog_dir))
		return EXIT_ERROR;
	o.errors = &errs;
	int status = EXIT_ERROR;
	size_t rows = 0;
	if (fmt == HTA_WB_XLSX) {
		if (export_xlsx(&cat, &o, out, &rows) == 0)
			status = EXIT_PASS;
	} else {
		struct hta_buf b = HTA_BUF_INIT;
		struct hta_err err = { 0 };
		if (hta_workbook_export(&cat, &o, HTA_WB_CSV, NULL, &b, &rows, &err))
			report_tree_errors(&errs, &err, "the evidence", "nothing was exported");
		else if (write_output(out, b.s ? b.s : "", b.len) == 0)
			status = EXIT_PASS;
		hta_buf_free(&b);
	}
	if (status == EXIT_PASS && strcmp(out, "-") != 0)
		printf("%s: %zu statements; import with: hitrust-assess import workbook %s --into %s\n",
		       out, rows, out, o.evidence_root);
	hta_errlist_free(&errs);
	hta_catalog_free(&cat);
	return status;
}
