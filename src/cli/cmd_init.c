/*
 * cmd_init.c — `hitrust-assess init`: write a scope.yaml that is valid as
 * written (every factor at its lowest-risk answer) and one manifest
 * skeleton per in-scope statement, never overwriting a file.
 */
#include "cli.h"
#include "hta/alloc.h"
#include "hta/date.h"
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

/* Create `path` with `data` unless it exists: 1 written, 0 kept, -1 error. */
static int write_new(const char *path, const struct hta_buf *b)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0) {
		if (errno == EEXIST)
			return 0;
		die_msg("cannot create '%s': %s", path, strerror(errno));
		return -1;
	}
	size_t off = 0;
	while (off < b->len) {
		ssize_t w = write(fd, b->s + off, b->len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0) {
			die_msg("cannot write '%s': %s", path, strerror(errno));
			close(fd);
			return -1;
		}
		off += (size_t)w;
	}
	if (close(fd) < 0) {
		die_msg("cannot write '%s': %s", path, strerror(errno));
		return -1;
	}
	return 1;
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

/* Append `text` as comment lines wrapped near 76 columns. */
static void comment_wrap(struct hta_buf *b, const char *indent, const char *text)
{
	const char *s = text;
	while (*s) {
		while (*s == ' ' || *s == '\n')
			s++;
		if (!*s)
			break;
		size_t room = 74 - strlen(indent), len = strlen(s), cut = len;
		if (len > room) {
			cut = room;
			while (cut > 0 && s[cut] != ' ')
				cut--;
			if (cut == 0)
				cut = room;
		}
		hta_buf_printf(b, "#%s%.*s\n", indent, (int)cut, s);
		s += cut;
	}
}

static void skeleton(struct hta_buf *b, const struct hta_catalog *cat,
		     const struct hta_statement *st, enum hta_tier tier)
{
	int ci = hta_catalog_control(cat, st->control);
	hta_buf_printf(b, "# %s — %s\n", st->id, st->title);
	hta_buf_printf(b, "# Domain %02d %s · control %s %s\n", st->domain,
		       cat->domain_name[st->domain], st->control,
		       ci >= 0 ? cat->controls[ci].title : "");
	hta_buf_printf(b, "# effort %d/5%s%s", st->effort, st->never_na ? " · can never be N/A" : "",
		       st->inheritable ? " · inheritable up to " : "");
	if (st->inheritable)
		hta_buf_printf(b, "%d%%", st->inheritable);
	hta_buf_printf(b, "\n#\n# Requirement:\n");
	comment_wrap(b, "   ", st->text);
	bool any = false;
	for (int l = 0; l < HTA_LEVEL_COUNT; l++)
		any |= st->evidence[l] != NULL;
	if (any) {
		hta_buf_printf(b, "#\n# Illustrative evidence:\n");
		for (int l = 0; l < HTA_LEVEL_COUNT; l++) {
			if (!st->evidence[l])
				continue;
			hta_buf_printf(b, "#   %s:\n", hta_level_name((enum hta_level)l));
			comment_wrap(b, "     ", st->evidence[l]);
		}
	}
	hta_buf_printf(b,
		       "#\n# %s. Artifact paths are relative to the evidence root; see\n"
		       "# hitrust-assess-evidence(5). Uncomment and fill in what you can show.\n",
		       tier == HTA_TIER_R2 || st->addon
			       ? "r2 and the add-ons score policy, procedure and implemented "
				 "(measured and managed with measured_managed: true)"
			       : "e1 and i1 score the implemented level only");
	hta_buf_printf(b, "requirement: \"%s\"\n", st->id);
	hta_buf_printf(b,
		       "# owner: someone@example.com\n"
		       "# not_applicable: \"why this cannot apply here\"\n"
		       "# policy:\n"
		       "#   rating: FC              # FC MC PC SC NC, or coverage: 0-100\n"
		       "#   artifacts: [policies/example-policy.pdf]\n"
		       "#   reviewed: YYYY-MM-DD\n"
		       "# procedure:\n"
		       "#   rating: FC\n"
		       "#   artifacts: [procedures/example-runbook.md]\n"
		       "#   reviewed: YYYY-MM-DD\n"
		       "# implemented:\n"
		       "#   coverage: 100            # percent of the population covered\n"
		       "#   artifacts: [exports/example-export.csv]\n"
		       "#   tested: YYYY-MM-DD\n"
		       "# measured: { rating: FC, artifacts: [metrics/example.csv], tested: YYYY-MM-DD }\n"
		       "# managed: { rating: FC, artifacts: [tickets/example.csv], tested: YYYY-MM-DD }\n");
}

static void scope_file(struct hta_buf *b, const struct hta_catalog *cat, enum hta_tier tier,
		       unsigned addons)
{
	char today[11];
	hta_date_format(hta_date_today(), today);
	hta_buf_printf(b,
		       "# hitrust-assess scope — valid as written; edit the answers.\n"
		       "# Format: hitrust-assess-evidence(5). Factors start at their lowest-risk\n"
		       "# answer: answer each truthfully before relying on an r2 result.\n"
		       "organization: Example Organization\n"
		       "assessment: %s readiness\n"
		       "# as_of: %s        # the assessment date; default: today (UTC)\n"
		       "tier: %s\n"
		       "measured_managed: false  # r2 only: also score measured and managed\n",
		       hta_tier_name(tier), today, hta_tier_name(tier));
	hta_buf_printf(b, "factors:\n");
	for (size_t i = 0; i < cat->n_factors; i++) {
		const struct hta_factor *f = &cat->factors[i];
		hta_buf_printf(b, "  # %s", f->question);
		if (f->is_integer) {
			hta_buf_printf(b, " (levels from");
			for (size_t k = 0; k < f->n_bands; k++)
				hta_buf_printf(b, "%s %lld", k ? "," : "", f->bands[k]);
			hta_buf_printf(b, ")\n  %s: 0\n", f->name);
		} else {
			hta_buf_printf(b, "\n  %s: false\n", f->name);
		}
	}
	hta_buf_printf(b, "compliance: []   # any of:");
	for (size_t i = 0; i < cat->n_compliance; i++)
		hta_buf_printf(b, " %s", cat->compliance[i].id);
	hta_buf_printf(b, "\n");
	hta_buf_printf(b,
		       "%sai:               # used with --ai-security\n"
		       "%s  model_types: [rule-based]   # rule-based, predictive, generative\n"
		       "%s  rag: false\n"
		       "%s  fine_tuning: false\n"
		       "%s  agents: false\n",
		       addons & HTA_WITH_AI_SECURITY ? "" : "# ",
		       addons & HTA_WITH_AI_SECURITY ? "" : "# ",
		       addons & HTA_WITH_AI_SECURITY ? "" : "# ",
		       addons & HTA_WITH_AI_SECURITY ? "" : "# ",
		       addons & HTA_WITH_AI_SECURITY ? "" : "# ");
	hta_buf_printf(b, "providers: {}    # inheritance sources, e.g. aws: { score: 100 }\n");
}

int cmd_init(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "tier", required_argument, NULL, 't' },
		{ "ai-security", no_argument, NULL, 's' },
		{ "ai-risk", no_argument, NULL, 'r' },
		{ "catalog", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	enum hta_tier tier = HTA_TIER_NONE;
	int c;
	unsigned addons = 0;
	const char *catalog_dir = NULL;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 't':
			if ((tier = hta_tier_parse(optarg)) == HTA_TIER_NONE) {
				die_msg("--tier: unknown tier '%s' (%s)", optarg, hta_tier_choices(false));
				return EXIT_ERROR;
			}
			break;
		case 's': addons |= HTA_WITH_AI_SECURITY; break;
		case 'r': addons |= HTA_WITH_AI_RISK; break;
		case 'c': catalog_dir = optarg; break;
		case 'h':
			printf("usage: hitrust-assess init --tier e1|i1|r2 [--ai-security] [--ai-risk] "
			       "[--catalog DIR] DIR\n");
			return EXIT_PASS;
		default:
			die_msg("init: unknown or incomplete option '%s'", argv[optind - 1]);
			return EXIT_ERROR;
		}
	}
	if (tier == HTA_TIER_NONE || optind != argc - 1) {
		die_msg("usage: hitrust-assess init --tier e1|i1|r2 [--ai-security] [--ai-risk] DIR");
		return EXIT_ERROR;
	}
	const char *dir = argv[optind];
	struct hta_catalog cat;
	if (load_catalog(&cat, catalog_dir))
		return EXIT_ERROR;
	int status = EXIT_ERROR;
	struct hta_buf b = HTA_BUF_INIT;
	struct hta_scope sc;
	struct hta_err err = { 0 };
	unsigned char *pool = NULL;
	char path[PATH_MAX], sub[PATH_MAX];
	int written = 0, kept = 0, rc;

	if (make_dirs(dir)) {
		die_msg("cannot create directory '%s': %s", dir, strerror(errno));
		goto done;
	}
	scope_file(&b, &cat, tier, addons);
	snprintf(path, sizeof(path), "%s/scope.yaml", dir);
	if ((rc = write_new(path, &b)) < 0)
		goto done;
	rc ? written++ : kept++;
	hta_buf_free(&b);

	/* Select with the lowest-risk answers, as the scope was written. */
	if (hta_scope_init(&sc, &cat, &err)) {
		report_err(&err);
		goto done;
	}
	for (size_t i = 0; i < cat.n_factors; i++)
		sc.factor_set[i] = true;
	sc.ai = addons & HTA_WITH_AI_SECURITY ? 1u << HTA_AI_RULE_BASED : 0;
	pool = hta_malloc(cat.n_stmts);
	if (!pool) {
		die_msg("out of memory");
		hta_scope_free(&sc);
		goto done;
	}
	size_t n = hta_select(&cat, &sc, tier, addons, pool);
	hta_scope_free(&sc);
	for (size_t i = 0; i < cat.n_stmts; i++) {
		if (pool[i] == HTA_POOL_OUT)
			continue;
		const struct hta_statement *st = &cat.stmts[i];
		if (st->addon)
			snprintf(sub, sizeof(sub), "%s", hta_addon_name(st->addon));
		else
			slug(sub, sizeof(sub), st->domain, cat.domain_name[st->domain]);
		if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, sub) >= sizeof(path) ||
		    make_dirs(path)) {
			die_msg("cannot create directory '%s': %s", path, strerror(errno));
			goto done;
		}
		if ((size_t)snprintf(path, sizeof(path), "%s/%s/%s.evidence.yaml", dir, sub, st->id) >=
		    sizeof(path)) {
			die_msg("path too long under '%s'", dir);
			goto done;
		}
		hta_buf_free(&b);
		skeleton(&b, &cat, st, tier);
		if (b.failed) {
			die_msg("out of memory");
			goto done;
		}
		if ((rc = write_new(path, &b)) < 0)
			goto done;
		rc ? written++ : kept++;
	}
	printf("%s: %zu statements in scope for %s%s%s; wrote %d files, kept %d existing\n", dir,
	       n, hta_tier_name(tier), addons & HTA_WITH_AI_SECURITY ? " + ai-security" : "",
	       addons & HTA_WITH_AI_RISK ? " + ai-risk" : "", written, kept);
	printf("next: answer the factors in %s/scope.yaml, fill in the manifests, then run\n"
	       "  hitrust-assess --tier %s%s%s %s\n", dir, hta_tier_name(tier),
	       addons & HTA_WITH_AI_SECURITY ? " --ai-security" : "",
	       addons & HTA_WITH_AI_RISK ? " --ai-risk" : "", dir);
	status = EXIT_PASS;
done:
	hta_free(pool);
	hta_buf_free(&b);
	hta_catalog_free(&cat);
	return status;
}
