/*
 * fuzz_manifest.c — an evidence manifest, end to end: the input is written
 * as the one manifest of an evidence tree (m.evidence.json when it starts
 * with '{', else m.evidence.yaml) and assessed against the mini catalog
 * with hta_assess() — walk, parse, artifact checks (the tree holds a
 * symlink out of the root, a symlink loop, a FIFO and a directory),
 * scoring and planning — then rendered as text and in one other report
 * format chosen by the input's size (every format over the corpus).
 */
#include "fuzz.h"
#include "hta/assess.h"
#include "hta/report.h"

static struct hta_catalog cat;
static char root[4096], scope[4096], yaml_path[4096], json_path[4096];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	struct hta_err err = { 0 };
	if (hta_catalog_load(&cat, FUZZ_SRCDIR "/tests/fixtures/catalog-mini", &err)) {
		fprintf(stderr, "fuzz_manifest: %s\n", err.msg);
		abort();
	}
	char p[4096];
	fuzz_mkdir(fuzz_path(root, sizeof(root), "ev"));
	fuzz_mkdir(fuzz_path(p, sizeof(p), "ev/exports"));
	fuzz_mkdir(fuzz_path(p, sizeof(p), "ev/dir"));
	fuzz_write(fuzz_path(p, sizeof(p), "ev/a.txt"), "a\n", 2);
	fuzz_write(fuzz_path(p, sizeof(p), "ev/exports/mfa.csv"), "user,mfa\n", 9);
	fuzz_write(fuzz_path(p, sizeof(p), "outside.txt"), "secret\n", 7);
	if (symlink("../outside.txt", fuzz_path(p, sizeof(p), "ev/out.txt")) ||
	    symlink("loop", fuzz_path(p, sizeof(p), "ev/loop")) ||
	    mkfifo(fuzz_path(p, sizeof(p), "ev/fifo"), 0644)) {
		perror("fuzz_manifest: tree");
		abort();
	}
	static const char sc[] =
		"organization: Fuzz\nas_of: 2026-11-01\nmeasured_managed: true\n"
		"factors: { records_held: 70000000, internet_facing: true }\n"
		"compliance: [hipaa]\nai: { model_types: [generative], rag: true, agents: true }\n"
		"providers:\n  aws: { score: 100 }\n  onprem: { score: 40.5 }\n";
	fuzz_write(fuzz_path(scope, sizeof(scope), "scope.yaml"), sc, sizeof(sc) - 1);
	fuzz_path(yaml_path, sizeof(yaml_path), "ev/m.evidence.yaml");
	fuzz_path(json_path, sizeof(json_path), "ev/m.evidence.json");
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t i = 0;
	while (i < size && (data[i] == ' ' || data[i] == '\n' || data[i] == '\t' || data[i] == '\r'))
		i++;
	int json = i < size && data[i] == '{';
	unlink(json ? yaml_path : json_path);
	fuzz_write(json ? json_path : yaml_path, data, size);

	struct hta_assess_opts o = HTA_ASSESS_OPTS_INIT;
	o.evidence_root = root;
	o.scope_path = scope;
	o.tier = (int)(size % HTA_TIER_COUNT);
	o.addons = HTA_WITH_AI_SECURITY | HTA_WITH_AI_RISK;
	struct hta_run run;
	struct hta_err err = { 0 };
	int rc = hta_assess(&cat, &o, &run, &err);
	if (rc) {
		FUZZ_ASSERT(rc == HTA_EINVAL || rc == HTA_ENOMEM || rc == HTA_EIO);
		FUZZ_ASSERT(err.msg[0] && !strchr(err.msg, '\n'));
		return 0;
	}
	FUZZ_ASSERT(run.manifests <= 1 && run.n_gaps <= run.n_reqs);
	for (size_t k = 0; k < run.n_reqs; k++) {
		const struct hta_run_req *r = &run.reqs[k];
		FUZZ_ASSERT(r->score >= 0 && r->score <= r->ceiling && r->ceiling <= 100);
	}
	struct hta_report_opts ro = HTA_REPORT_OPTS_INIT;
	ro.max_findings = -1;
	/* Text and one other format chosen by the input's size: every format
	 * over the corpus. All nine per input cost 70 % of an execution (the
	 * OSCAL assessment results alone 44 %), for code that mostly does not
	 * depend on the manifest. */
	int other = 1 + (int)(size % (HTA_FMT_COUNT - 1));
	for (int f = 0; f < HTA_FMT_COUNT; f++) {
		if (f != HTA_FMT_TEXT && f != other)
			continue;
		struct hta_buf b = HTA_BUF_INIT;
		FUZZ_ASSERT(hta_report_render(&run, (enum hta_format)f, &ro, &b, &err) == 0);
		FUZZ_ASSERT(!b.failed);
		hta_buf_free(&b);
	}
	hta_run_free(&run);
	return 0;
}
