/*
 * report_sarif.c — SARIF 2.1.0 (OASIS), so code-scanning UIs (GitHub code
 * scanning, Azure DevOps, the SARIF viewers) annotate the evidence
 * repository with alerts a team can live with (docs/report-formats.md):
 *
 *   - one result per evidence finding, at its manifest and line;
 *   - one result per gap in a statement someone has evidenced, at its
 *     manifest, under a rule of its own that carries the statement's
 *     title, text and what closes the gap;
 *   - statements nobody has touched yet (no manifest, or an init skeleton
 *     that claims nothing; hta/view.h) are not one alert each: one result
 *     per domain or pool lists them, at scope.yaml, so a fresh tree raises
 *     a few dozen alerts, not a thousand.
 *
 * Every result has a file and a line (startLine 1 when the file as a whole
 * is meant). Locations are relative to the evidence root, named by the
 * uriBaseId EVIDENCE_ROOT (given as a file: URI in originalUriBaseIds), so
 * a repository that is the evidence tree matches them as they are. Every
 * result also names its requirement (or pool) as a logical location.
 *
 * partialFingerprints are built from stable parts only — the requirement
 * id, the rule family, the manifest's path relative to the root, and for
 * findings an occurrence number among the same three — never the message
 * (which holds dates and counts) nor the line, so an alert stays the same
 * alert from day to day and while the manifest is edited. Waived gaps
 * carry an accepted external suppression with the waiver's reason.
 */
#include "report_int.h"

#include "hta/date.h"
#include "hta/view.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

struct rule {
	enum hta_finding_code code;  /* its id is hta_finding_name(code) */
	const char *name, *level, *text, *help;
};

/* Finding codes of src/lib/evidence.c: what each means, and what fixes it. */
static const struct rule known[] = {
	{ HTA_FIND_NO_EVIDENCE, "NoEvidence", "warning",
	  "In-scope requirement statements have no evidence yet; each scores 0.",
	  "Write a manifest for each statement listed (hitrust-assess init writes a skeleton per "
	  "in-scope statement) and claim the levels the run scores, with artifacts and dates." },
	{ HTA_FIND_NO_ARTIFACT, "NoArtifact", "warning",
	  "A claimed PRISMA level names no artifact; the level counts 0.",
	  "List at least one artifact (a file under the evidence root) or a document of "
	  "documents.yaml under the level." },
	{ HTA_FIND_ARTIFACT_MISSING, "ArtifactMissing", "warning",
	  "A named artifact does not exist under the evidence root; the level counts 0.",
	  "Add the file at the path the manifest names (relative to the evidence root), or correct "
	  "the path." },
	{ HTA_FIND_ARTIFACT_OUTSIDE, "ArtifactOutsideRoot", "warning",
	  "A named artifact is an absolute path or resolves outside the evidence root; refused, the "
	  "level counts 0.",
	  "Copy the artifact into the evidence tree and name it by a relative path that stays "
	  "inside the root." },
	{ HTA_FIND_ARTIFACT_NOT_FILE, "ArtifactNotFile", "warning",
	  "A named artifact is not a regular file; the level counts 0.",
	  "Name a regular file, not a directory, device, FIFO or socket." },
	{ HTA_FIND_ARTIFACT_REFUSED, "ArtifactRefused", "warning",
	  "A named artifact could not be resolved safely (a symlink loop); the level counts 0.",
	  "Replace the symbolic link by the file itself." },
	{ HTA_FIND_DATE_MISSING, "DateMissing", "warning",
	  "A claimed level has no reviewed/tested date; it counts 0.",
	  "Give the level its last review date (policy, procedure: reviewed) or test date "
	  "(implemented, measured, managed: tested)." },
	{ HTA_FIND_DATE_FUTURE, "DateFuture", "warning",
	  "A level's date is after the assessment date; it counts 0.",
	  "Correct the date, or assess as of a later date (--as-of)." },
	{ HTA_FIND_STALE, "StaleEvidence", "warning",
	  "A level's date is older than the freshness window before the assessment date; it counts 0.",
	  "Review or test the level again and record the new date (and artifacts)." },
	{ HTA_FIND_TOO_RECENT, "TooRecent", "warning",
	  "A level took effect too recently to count (60 days for policy and procedure, 90 for the "
	  "others, by default).",
	  "Nothing to change but time: the level counts once it has operated for the window." },
	{ HTA_FIND_MANAGED_ABOVE, "ManagedAboveMeasured", "warning",
	  "The managed level scored above the measured level; it is capped at measured.",
	  "Raise the measured level's evidence, or rate managed no higher than measured." },
	{ HTA_FIND_NEVER_NA, "NeverNotApplicable", "warning",
	  "The catalog does not allow this statement to be not applicable; it is scored.",
	  "Remove not_applicable and evidence the statement." },
	{ HTA_FIND_INHERIT_CAPPED, "InheritanceCapped", "note",
	  "The inherited weight is above what the catalog allows for the statement; the catalog's "
	  "limit is used.",
	  "Lower the inherited weight to the catalog's limit, and evidence the remainder yourself." },
	{ HTA_FIND_WAIVER_EXPIRED, "WaiverExpired", "warning",
	  "A waiver has expired; it counts as no waiver.",
	  "Close the gap, or renew the waiver with a new expiry date." },
	{ HTA_FIND_OUT_OF_SCOPE, "OutOfScope", "note",
	  "A manifest names a statement outside this run's scope; it is checked and ignored.",
	  "None needed; assess at the tier, factors or add-ons that bring the statement into scope "
	  "to count it." },
	{ HTA_FIND_MANIFEST_REFUSED, "ManifestRefused", "warning",
	  "A manifest is not a regular file (a symlink, FIFO or device); it was not read.",
	  "Replace it by a regular file inside the evidence root." },
	{ HTA_FIND_ARTIFACT_UNREADABLE, "ArtifactUnreadable", "warning",
	  "A named artifact could not be opened or read; the level counts 0.",
	  "Make the file readable by the user that runs the assessment (permissions, a broken "
	  "disk or network share)." },
	{ HTA_FIND_ARTIFACT_REPLACED, "ArtifactReplaced", "warning",
	  "A named artifact was replaced while the run read it (another file, a link or a device); "
	  "the level counts 0.",
	  "Assess again once nothing is writing the evidence tree." },
	{ HTA_FIND_ARTIFACT_MODIFIED, "ArtifactModified", "warning",
	  "A named artifact changed while the run read it; the level counts 0.",
	  "Assess again once nothing is writing the evidence tree." },
	{ HTA_FIND_SCOPE_LOWEST_RISK, "ScopeLowestRisk", "note",
	  "Every r2 factor in the scope is at its lowest-risk answer, as init writes it; the result "
	  "may not reflect the organisation.",
	  "Answer the factors in scope.yaml for the organisation (records held, Internet exposure, "
	  "and the others), then assess again." },
	{ HTA_FIND_MANIFEST_MISNAMED, "ManifestMisnamed", "warning",
	  "A YAML or JSON file holds a 'requirement:' key but is not named "
	  "*.evidence.yaml/yml/json; it was not read as a manifest.",
	  "Rename the file to NAME.evidence.yaml (or .yml, .json) so it is read as a manifest." },
};
#define N_KNOWN (sizeof(known) / sizeof(known[0]))
_Static_assert(N_KNOWN == HTA_FIND_COUNT, "every finding code has a SARIF rule");

/*
 * The rules of one report: the finding codes above, any other code the run
 * has (in order of first appearance), then one rule per statement with a
 * gap of its own in the report (in rank order).
 */
struct rules {
	const char **id;
	const struct hta_run_req **req; /* the statement of a statement rule, else NULL */
	size_t n;
};

static size_t rule_index(const struct rules *rs, const char *id)
{
	for (size_t i = 0; i < rs->n; i++)
		if (strcmp(rs->id[i], id) == 0)
			return i;
	return (size_t)-1;
}

static const struct rule *known_rule(const char *id)
{
	for (size_t i = 0; i < N_KNOWN; i++)
		if (strcmp(hta_finding_name(known[i].code), id) == 0)
			return &known[i];
	return NULL;
}

/* Percent-encode everything but RFC 3986 unreserved characters and '/'. */
static void uri_path(struct hta_buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		    *p == '-' || *p == '.' || *p == '_' || *p == '~' || *p == '/') {
			hta_buf_add(b, (const char *)p, 1);
		} else {
			char e[3] = { '%', hex[*p >> 4], hex[*p & 15] };
			hta_buf_add(b, e, 3);
		}
	}
}

/* A JSON member whose value is the percent-encoded path `s`. */
static void jw_uri(struct hta_jw *w, const char *key, const char *prefix, const char *s,
		   const char *suffix)
{
	struct hta_buf u = HTA_BUF_INIT;
	hta_buf_puts(&u, prefix);
	uri_path(&u, s);
	hta_buf_puts(&u, suffix);
	if (u.failed)
		w->b->failed = 1;
	hta_jw_str(w, key, u.failed ? "" : u.s);
	hta_buf_free(&u);
}

/* A string member built printf-style (a failure marks the writer's buffer). */
static void jw_printf(struct hta_jw *w, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void jw_printf(struct hta_jw *w, const char *key, const char *fmt, ...)
{
	va_list ap, cp;
	va_start(ap, fmt);
	va_copy(cp, ap);
	int n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	char *d = n >= 0 ? hta_malloc((size_t)n + 1) : NULL;
	if (d)
		vsnprintf(d, (size_t)n + 1, fmt, ap);
	else
		w->b->failed = 1;
	va_end(ap);
	hta_jw_str(w, key, d ? d : "");
	hta_free(d);
}

/*
 * A location: the file (a path relative to the root) and a line (1 when
 * the file as a whole is meant), and the requirement or pool as a logical
 * location.
 */
static void location(struct hta_jw *w, const char *path, unsigned line, const char *logical,
		     const char *fqn, const char *kind)
{
	hta_jw_open(w, "locations", '[');
	hta_jw_open(w, NULL, '{');
	hta_jw_open(w, "physicalLocation", '{');
	hta_jw_open(w, "artifactLocation", '{');
	jw_uri(w, "uri", "", path, "");
	hta_jw_str(w, "uriBaseId", "EVIDENCE_ROOT");
	hta_jw_close(w, '}');
	hta_jw_open(w, "region", '{');
	hta_jw_int(w, "startLine", line ? line : 1);
	hta_jw_close(w, '}');
	hta_jw_close(w, '}');
	if (logical) {
		hta_jw_open(w, "logicalLocations", '[');
		hta_jw_open(w, NULL, '{');
		hta_jw_str(w, "name", logical);
		if (fqn)
			hta_jw_str(w, "fullyQualifiedName", fqn);
		hta_jw_str(w, "kind", kind);
		hta_jw_close(w, '}');
		hta_jw_close(w, ']');
	}
	hta_jw_close(w, '}');
	hta_jw_close(w, ']');
}

static void req_location(struct hta_jw *w, const struct hta_run *run, const char *path,
			 unsigned line, const struct hta_run_req *r, const char *req_id)
{
	struct hta_buf q = HTA_BUF_INIT;
	if (r)
		hta_buf_printf(&q, "%s/%s", hta_req_pool_key(run, r), r->id);
	if (q.failed)
		w->b->failed = 1;
	location(w, path, line, req_id, r && !q.failed ? q.s : NULL, "requirement");
	hta_buf_free(&q);
}

static const struct hta_run_req *find_req(const struct hta_run *run, const char *id)
{
	for (size_t i = 0; id && i < run->n_reqs; i++)
		if (strcmp(run->reqs[i].id, id) == 0)
			return &run->reqs[i];
	return NULL;
}

/* partialFingerprints: stable parts only (see the banner). */
static void fingerprint(struct hta_jw *w, const char *req, const char *family, const char *path,
			unsigned occurrence)
{
	hta_jw_open(w, "partialFingerprints", '{');
	if (occurrence)
		jw_printf(w, "hitrustAssessResult/v2", "%s|%s|%s|%u", req ? req : "", family,
			  path ? path : "", occurrence);
	else
		jw_printf(w, "hitrustAssessResult/v2", "%s|%s|%s", req ? req : "", family,
			  path ? path : "");
	hta_jw_close(w, '}');
}

/* 1 + how many earlier findings share this one's requirement, code and path. */
static unsigned occurrence(const struct hta_run *run, size_t k)
{
	const struct hta_run_finding *f = &run->findings[k];
	unsigned n = 1;
	for (size_t j = 0; j < k; j++) {
		const struct hta_run_finding *g = &run->findings[j];
		if (g->code == f->code &&
		    (g->req_id ? f->req_id && strcmp(g->req_id, f->req_id) == 0 : !f->req_id) &&
		    (g->path ? f->path && strcmp(g->path, f->path) == 0 : !f->path))
			n++;
	}
	return n;
}

static void finding_result(struct hta_jw *w, const struct hta_run *run, const struct rules *rs,
			   size_t k)
{
	const struct hta_run_finding *f = &run->findings[k];
	const char *code = hta_finding_name(f->code);
	const struct rule *kr = known_rule(code);
	const struct hta_run_req *r = find_req(run, f->req_id);
	hta_jw_open(w, NULL, '{');
	size_t ri = rule_index(rs, code);
	hta_jw_str(w, "ruleId", code);
	if (ri != (size_t)-1)
		hta_jw_int(w, "ruleIndex", (long long)ri);
	hta_jw_str(w, "level", kr ? kr->level : "warning");
	hta_jw_open(w, "message", '{');
	if (f->req_id)
		jw_printf(w, "text", "%s: %s", f->req_id, f->message);
	else
		hta_jw_str(w, "text", f->message);
	hta_jw_close(w, '}');
	req_location(w, run, f->path ? f->path : "scope.yaml", f->path ? f->line : 1, r,
		     f->req_id);
	fingerprint(w, f->req_id, code, f->path, occurrence(run, k));
	hta_jw_open(w, "properties", '{');
	hta_jw_str(w, "requirement", f->req_id);
	if (r)
		hta_jw_str(w, "pool", hta_req_pool_key(run, r));
	hta_jw_close(w, '}');
	hta_jw_close(w, '}');
}

static void gap_result(struct hta_jw *w, const struct hta_run *run, const struct rules *rs,
		       const struct hta_run_req *r)
{
	char sc[32], ce[32];
	hta_fmt2(sc, r->score);
	hta_fmt2(ce, r->ceiling);
	const struct hta_run_pool *po = hta_req_pool(run, r);
	struct hta_buf m = HTA_BUF_INIT;
	hta_buf_printf(&m, "%s %s: score %s of %s in %s %s", r->id, r->title ? r->title : "", sc,
		       ce, hta_req_pool_key(run, r), po && po->name ? po->name : "");
	if (r->cap)
		hta_buf_puts(&m, "; CAP required");
	if (r->blocker)
		hta_buf_puts(&m, "; blocker");
	hta_buf_printf(&m, "; rank %d of %zu: %s", r->rank, run->n_gaps, r->reason ? r->reason : "");
	if (r->owner)
		hta_buf_printf(&m, "; owner %s", r->owner);
	if (m.failed)
		w->b->failed = 1;
	hta_jw_open(w, NULL, '{');
	hta_jw_str(w, "ruleId", r->id);
	hta_jw_int(w, "ruleIndex", (long long)rule_index(rs, r->id));
	hta_jw_str(w, "level", r->waived ? "note" : r->cap || r->blocker ? "error" : "warning");
	hta_jw_open(w, "message", '{');
	hta_jw_str(w, "text", m.failed ? "" : m.s);
	hta_jw_close(w, '}');
	req_location(w, run, r->manifest ? r->manifest : "scope.yaml", r->manifest_line, r, r->id);
	fingerprint(w, r->id, hta_gap_status_name(HTA_GS_GAP), r->manifest, 0);
	if (r->waived) {
		char exp[11];
		hta_date_format(r->waiver_expires, exp);
		hta_jw_open(w, "suppressions", '[');
		hta_jw_open(w, NULL, '{');
		hta_jw_str(w, "kind", "external");
		hta_jw_str(w, "status", "accepted");
		jw_printf(w, "justification", "waived until %s: %s", exp,
			  r->waiver_reason ? r->waiver_reason : "");
		hta_jw_close(w, '}');
		hta_jw_close(w, ']');
	}
	hta_jw_open(w, "properties", '{');
	hta_jw_str(w, "requirement", r->id);
	hta_jw_str(w, "pool", hta_req_pool_key(run, r));
	hta_jw_str(w, "gapKind", hta_gap_status_name(hta_gap_kind(r)));
	hta_jw_num2(w, "score", r->score);
	hta_jw_num2(w, "ceiling", r->ceiling);
	hta_jw_num2(w, "pointsLost", r->points_lost);
	hta_jw_int(w, "rank", r->rank);
	hta_jw_str(w, "rankKind", hta_rank_kind_name(r->rank_kind));
	hta_jw_bool(w, "capRequired", r->cap);
	hta_jw_bool(w, "blocker", r->blocker);
	hta_jw_bool(w, "waived", r->waived);
	hta_jw_int(w, "effort", r->effort);
	hta_jw_str(w, "owner", r->owner);
	hta_jw_close(w, '}');
	hta_jw_close(w, '}');
	hta_buf_free(&m);
}

/* One result for a pool's statements that nobody has touched yet. */
static void idle_result(struct hta_jw *w, const struct hta_run *run, const struct rules *rs,
			const struct hta_view_pool *p)
{
	bool domain = p->key[0] >= '0' && p->key[0] <= '9';
	struct hta_buf m = HTA_BUF_INIT;
	hta_buf_printf(&m, "%s%s %s: %zu of %zu in-scope statements %s no evidence yet (no "
		       "manifest, or a skeleton that claims nothing): ", domain ? "Domain " : "",
		       p->key, p->name ? p->name : "", p->n, p->total, p->n == 1 ? "has" : "have");
	for (size_t j = 0; j < p->n; j++)
		hta_buf_printf(&m, "%s%s", j ? ", " : "", run->reqs[p->reqs[j]].id);
	hta_buf_puts(&m, ". 'hitrust-assess init' writes a skeleton for each.");
	if (m.failed)
		w->b->failed = 1;
	const char *rule = hta_finding_name(HTA_FIND_NO_EVIDENCE);
	hta_jw_open(w, NULL, '{');
	hta_jw_str(w, "ruleId", rule);
	hta_jw_int(w, "ruleIndex", (long long)rule_index(rs, rule));
	hta_jw_str(w, "level", p->cap || p->blocker ? "error" : "warning");
	hta_jw_open(w, "message", '{');
	hta_jw_str(w, "text", m.failed ? "" : m.s);
	hta_jw_close(w, '}');
	location(w, "scope.yaml", 1, p->key, NULL, "module");
	fingerprint(w, p->key, rule, "scope.yaml", 0);
	hta_jw_open(w, "properties", '{');
	hta_jw_str(w, "pool", p->key);
	hta_jw_int(w, "count", (long long)p->n);
	hta_jw_open(w, "requirements", '[');
	for (size_t j = 0; j < p->n; j++)
		hta_jw_str(w, NULL, run->reqs[p->reqs[j]].id);
	hta_jw_close(w, ']');
	hta_jw_close(w, '}');
	hta_jw_close(w, '}');
	hta_buf_free(&m);
}

/* The levels a statement is scored at, as words ("policy, procedure and implemented"). */
static void level_words(struct hta_buf *b, unsigned scored)
{
	int n = 0, total = 0;
	for (int l = 0; l < HTA_LEVEL_COUNT; l++)
		total += (scored >> l) & 1;
	for (int l = 0; l < HTA_LEVEL_COUNT; l++) {
		if (!((scored >> l) & 1))
			continue;
		hta_buf_printf(b, "%s%s", n == 0 ? "" : n == total - 1 ? " and " : ", ",
			       hta_level_name((enum hta_level)l));
		n++;
	}
	if (!total)
		hta_buf_puts(b, "implemented");
}

static void rule_text(struct hta_jw *w, const char *key, const char *text)
{
	hta_jw_open(w, key, '{');
	hta_jw_str(w, "text", text);
	hta_jw_close(w, '}');
}

/* A statement's rule: its title, its text, and what closes its gap. */
static void statement_rule(struct hta_jw *w, const struct hta_run *run,
			   const struct hta_run_req *r)
{
	struct hta_buf name = HTA_BUF_INIT, help = HTA_BUF_INIT, md = HTA_BUF_INIT, lv = HTA_BUF_INIT;
	hta_buf_puts(&name, "Statement");
	for (const char *c = r->id; *c; c++)
		hta_buf_add(&name, (*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') ||
				   (*c >= '0' && *c <= '9') ? c : "_", 1);
	level_words(&lv, r->scored);
	const struct hta_run_pool *po = hta_req_pool(run, r);
	const char *lvs = lv.failed ? "" : lv.s;
	hta_buf_printf(&help, "%s (%s %s, control %s). To close the gap, evidence the levels this "
		       "run scores (%s) in a manifest with 'requirement: %s': for each, a rating "
		       "or coverage, artifacts under the evidence root, and a reviewed or tested "
		       "date within the freshness window. 'hitrust-assess catalog show %s' gives "
		       "the illustrative evidence; hitrust-assess-evidence(5) the manifest format.",
		       r->title ? r->title : r->id, hta_req_pool_key(run, r),
		       po && po->name ? po->name : "", r->control ? r->control : "-", lvs, r->id,
		       r->id);
	hta_buf_printf(&md, "**%s**\n\n%s\n\nTo close the gap, evidence the levels this run "
		       "scores (%s) in a manifest:\n\n```yaml\nrequirement: %s\n```\n\nEach "
		       "level needs a rating or coverage, artifacts under the evidence root and a "
		       "reviewed or tested date within the freshness window. "
		       "`hitrust-assess catalog show %s` gives the illustrative evidence.",
		       r->title ? r->title : r->id, r->statement ? r->statement : "", lvs, r->id,
		       r->id);
	if (name.failed || help.failed || md.failed || lv.failed)
		w->b->failed = 1;
	hta_jw_open(w, NULL, '{');
	hta_jw_str(w, "id", r->id);
	hta_jw_str(w, "name", name.failed ? "" : name.s);
	rule_text(w, "shortDescription", r->title ? r->title : r->id);
	rule_text(w, "fullDescription", r->statement && *r->statement ? r->statement
				 : r->title ? r->title : r->id);
	hta_jw_open(w, "help", '{');
	hta_jw_str(w, "text", help.failed ? "" : help.s);
	hta_jw_str(w, "markdown", md.failed ? "" : md.s);
	hta_jw_close(w, '}');
	hta_jw_open(w, "defaultConfiguration", '{');
	hta_jw_str(w, "level", "warning");
	hta_jw_close(w, '}');
	hta_jw_open(w, "properties", '{');
	hta_jw_open(w, "tags", '[');
	hta_jw_str(w, NULL, "hitrust");
	hta_jw_str(w, NULL, hta_gap_status_name(HTA_GS_GAP));
	jw_printf(w, NULL, "pool-%s", hta_req_pool_key(run, r));
	hta_jw_close(w, ']');
	hta_jw_str(w, "controlRef", r->control);
	hta_jw_int(w, "effort", r->effort);
	hta_jw_close(w, '}');
	hta_jw_close(w, '}');
	hta_buf_free(&name);
	hta_buf_free(&help);
	hta_buf_free(&md);
	hta_buf_free(&lv);
}

static void code_rule(struct hta_jw *w, const char *id)
{
	const struct rule *k = known_rule(id);
	hta_jw_open(w, NULL, '{');
	hta_jw_str(w, "id", id);
	if (k)
		hta_jw_str(w, "name", k->name);
	rule_text(w, "shortDescription", k ? k->text : id);
	rule_text(w, "fullDescription", k ? k->text : id);
	hta_jw_open(w, "help", '{');
	hta_jw_str(w, "text", k ? k->help : "See hitrust-assess-evidence(5).");
	hta_jw_close(w, '}');
	hta_jw_open(w, "defaultConfiguration", '{');
	hta_jw_str(w, "level", k ? k->level : "warning");
	hta_jw_close(w, '}');
	hta_jw_open(w, "properties", '{');
	hta_jw_open(w, "tags", '[');
	hta_jw_str(w, NULL, "hitrust");
	hta_jw_str(w, NULL, "evidence");
	hta_jw_close(w, ']');
	hta_jw_close(w, '}');
	hta_jw_close(w, '}');
}

static void run_properties(struct hta_jw *w, const struct hta_run *run)
{
	char asof[11];
	hta_date_format(run->as_of, asof);
	hta_jw_open(w, "properties", '{');
	hta_jw_int(w, "runId", run->id);
	hta_jw_str(w, "tier", hta_tier_name(run->tier));
	hta_jw_str(w, "addons", run->addons_str ? run->addons_str : "");
	hta_jw_str(w, "asOf", asof);
	hta_jw_str(w, "verdict", hta_verdict_name(run->pass));
	hta_jw_num2(w, "overallScore", run->overall);
	hta_jw_int(w, "gaps", run->gap_count);
	hta_jw_int(w, "caps", run->cap_count);
	hta_jw_int(w, "waivedGaps", run->waived_gaps);
	hta_jw_str(w, "organization", run->organization);
	hta_jw_str(w, "assessment", run->assessment);
	hta_jw_str(w, "catalogVersion", run->catalog_version);
	hta_jw_close(w, '}');
}

/*
 * The document: the SARIF skeleton in order (tool and rules, automation
 * details, base URI, invocation, results), each part a few calls, so it
 * reads against the specification.
 */
void hta_render_sarif(const struct hta_run *run, struct hta_buf *b)
{
	struct hta_view v;
	if (hta_view_build(&v, run, NULL, NULL)) {
		b->failed = 1;
		hta_view_free(&v);
		return;
	}
	struct rules rs = { 0 };
	size_t cap = N_KNOWN + run->n_findings + v.n_gaps + 1;
	rs.id = hta_arena_array(&v.arena, cap, sizeof(*rs.id));
	rs.req = hta_arena_array(&v.arena, cap, sizeof(*rs.req));
	if (!rs.id || !rs.req) {
		b->failed = 1;
		hta_view_free(&v);
		return;
	}
	for (size_t i = 0; i < N_KNOWN; i++)
		rs.id[rs.n++] = hta_finding_name(known[i].code);
	for (size_t k = 0; k < run->n_findings; k++)
		if (rule_index(&rs, hta_finding_name(run->findings[k].code)) == (size_t)-1)
			rs.id[rs.n++] = hta_finding_name(run->findings[k].code);
	for (size_t k = 0; k < v.n_gaps; k++) {
		const struct hta_run_req *r = &run->reqs[v.gaps[k]];
		if (rule_index(&rs, r->id) == (size_t)-1) {
			rs.req[rs.n] = r;
			rs.id[rs.n++] = r->id;
		}
	}

	struct hta_jw w;
	const char *version = run->tool_version ? run->tool_version : HTA_VERSION;
	hta_jw_init(&w, b);
	hta_jw_open(&w, NULL, '{');
	hta_jw_str(&w, "$schema", "https://json.schemastore.org/sarif-2.1.0.json");
	hta_jw_str(&w, "version", "2.1.0");
	hta_jw_open(&w, "runs", '[');
	hta_jw_open(&w, NULL, '{');

	hta_jw_open(&w, "tool", '{');
	hta_jw_open(&w, "driver", '{');
	hta_jw_str(&w, "name", "hitrust-assess");
	jw_printf(&w, "fullName", "hitrust-assess %s, HITRUST CSF readiness assessor", version);
	hta_jw_str(&w, "version", version);
	hta_jw_str(&w, "semanticVersion", version);
	hta_jw_str(&w, "informationUri", HTA_HOMEPAGE);
	hta_jw_open(&w, "rules", '[');
	for (size_t i = 0; i < rs.n; i++) {
		if (rs.req[i])
			statement_rule(&w, run, rs.req[i]);
		else
			code_rule(&w, rs.id[i]);
	}
	hta_jw_close(&w, ']');
	hta_jw_close(&w, '}');
	hta_jw_close(&w, '}');

	/* The category stays the same from run to run, so alerts are tracked. */
	hta_jw_open(&w, "automationDetails", '{');
	jw_printf(&w, "id", "hitrust-assess/%s/", hta_tier_name(run->tier));
	hta_jw_close(&w, '}');

	hta_jw_open(&w, "originalUriBaseIds", '{');
	hta_jw_open(&w, "EVIDENCE_ROOT", '{');
	const char *root = run->evidence_root ? run->evidence_root : "";
	jw_uri(&w, "uri", root[0] == '/' ? "file://" : "", root,
	       root[0] && root[strlen(root) - 1] == '/' ? "" : "/");
	rule_text(&w, "description", "The evidence root the run assessed.");
	hta_jw_close(&w, '}');
	hta_jw_close(&w, '}');

	hta_jw_open(&w, "invocations", '[');
	hta_jw_open(&w, NULL, '{');
	hta_jw_bool(&w, "executionSuccessful", true);
	if (run->started_at)
		hta_jw_str(&w, "startTimeUtc", run->started_at);
	hta_jw_close(&w, '}');
	hta_jw_close(&w, ']');

	hta_jw_open(&w, "results", '[');
	for (size_t j = 0; j < v.n_findings; j++)
		finding_result(&w, run, &rs, v.findings[j]);
	for (size_t k = 0; k < v.n_gaps; k++)
		gap_result(&w, run, &rs, &run->reqs[v.gaps[k]]);
	for (size_t k = 0; k < v.n_pools; k++)
		idle_result(&w, run, &rs, &v.pools[k]);
	hta_jw_close(&w, ']');

	run_properties(&w, run);
	hta_jw_close(&w, '}');
	hta_jw_close(&w, ']');
	hta_jw_close(&w, '}');
	hta_jw_end(&w);
	hta_view_free(&v);
}
