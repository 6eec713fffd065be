/*
 * report_sarif.c — SARIF 2.1.0 (OASIS), so code-scanning UIs annotate the
 * evidence repository: one result per evidence finding and one per gap.
 *
 * Locations are relative to the evidence root, named by the uriBaseId
 * EVIDENCE_ROOT (given as a file: URI in originalUriBaseIds), so a
 * repository that is the evidence tree matches them as they are. A result
 * about a manifest points at its file and line; a result about a statement
 * that has no manifest points at scope.yaml at the root, the file that
 * brought the statement into scope, because GitHub refuses results without
 * a physical location. Every result also names its requirement as a
 * logical location.
 *
 * Rules: one per finding code (a fixed, documented list, then any other
 * code in order of first appearance) and two for gaps, "gap-cap" (needs a
 * corrective action plan) and "gap". Waived gaps carry an accepted
 * external suppression with the waiver's reason. Fingerprints use the
 * requirement, the rule and the message, not the line, so an alert stays
 * the same alert while the manifest is edited.
 */
#include "report_int.h"

#include "hta/date.h"
#include "hta/scope.h"

#include <stdio.h>
#include <string.h>

struct rule {
	int id;                      /* enum hta_finding_code, or RULE_GAP_CAP/RULE_GAP */
	const char *level, *text;
};

/* The gap rules, after the finding codes. */
enum { RULE_GAP_CAP = HTA_FIND_COUNT, RULE_GAP, RULE_COUNT };

/* The documented finding codes (src/lib/evidence.c) in their documented
 * order, then the gap rules; any other code follows in order of first
 * appearance. */
static const struct rule known[] = {
	{ HTA_FIND_NO_EVIDENCE, "warning", "An in-scope requirement statement has no evidence manifest; it scores 0." },
	{ HTA_FIND_NO_ARTIFACT, "warning", "A claimed PRISMA level names no artifact; the level counts 0." },
	{ HTA_FIND_ARTIFACT_MISSING, "warning", "A named artifact does not exist under the evidence root; the level counts 0." },
	{ HTA_FIND_ARTIFACT_OUTSIDE, "warning", "A named artifact is an absolute path or resolves outside the evidence root; refused, the level counts 0." },
	{ HTA_FIND_ARTIFACT_NOT_FILE, "warning", "A named artifact is not a regular file; the level counts 0." },
	{ HTA_FIND_ARTIFACT_REFUSED, "warning", "A named artifact could not be resolved safely (a symlink loop); the level counts 0." },
	{ HTA_FIND_DATE_MISSING, "warning", "A claimed level has no reviewed/tested date; it counts 0." },
	{ HTA_FIND_DATE_FUTURE, "warning", "A level's date is after the assessment date; it counts 0." },
	{ HTA_FIND_STALE, "warning", "A level's date is older than the freshness window before the assessment date; it counts 0." },
	{ HTA_FIND_TOO_RECENT, "warning", "A level took effect too recently to count (60 days for policy and procedure, 90 for the others, by default)." },
	{ HTA_FIND_MANAGED_ABOVE, "warning", "The managed level scored above the measured level; it is capped at measured." },
	{ HTA_FIND_NEVER_NA, "warning", "The catalog does not allow this statement to be not applicable; it is scored." },
	{ HTA_FIND_INHERIT_CAPPED, "note", "The inherited weight is above what the catalog allows for the statement; the catalog's limit is used." },
	{ HTA_FIND_WAIVER_EXPIRED, "warning", "A waiver has expired; it counts as no waiver." },
	{ HTA_FIND_OUT_OF_SCOPE, "note", "A manifest names a statement outside this run's scope; it is checked and ignored." },
	{ HTA_FIND_SCOPE_LOWEST_RISK, "note", "Every r2 factor in the scope is at its lowest-risk answer, as init writes it; the result may not reflect the organisation." },
	{ HTA_FIND_MANIFEST_MISNAMED, "warning", "A YAML or JSON file holds a 'requirement:' key but is not named *.evidence.yaml/yml/json; it was not read as a manifest." },
	{ HTA_FIND_MANIFEST_REFUSED, "warning", "A manifest is not a regular file (a symlink, FIFO or device); it was not read." },
	{ RULE_GAP_CAP, "error", "A gap that needs a corrective action plan: the statement scores below its ceiling, its implemented level is below 100 and its score is below the catalog's CAP threshold." },
	{ RULE_GAP, "warning", "A gap: the statement scores below its ceiling (100, or 75 for r2 without measured and managed)." },
};
#define N_KNOWN (sizeof(known) / sizeof(known[0]))

struct rules {
	int id[RULE_COUNT];
	size_t n;
};

static const char *rule_name(int id)
{
	return id == RULE_GAP_CAP ? "gap-cap" : id == RULE_GAP ? "gap"
					      : hta_finding_name((enum hta_finding_code)id);
}

static size_t rule_index(const struct rules *rs, int id)
{
	for (size_t i = 0; i < rs->n; i++)
		if (rs->id[i] == id)
			return i;
	return (size_t)-1;
}

static const struct rule *known_rule(int id)
{
	for (size_t i = 0; i < N_KNOWN; i++)
		if (known[i].id == id)
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

static void location(struct hta_jw *w, const char *path, unsigned line, const char *req_id,
		     const struct hta_run *run, const struct hta_run_req *r)
{
	hta_jw_open(w, "locations", '[');
	hta_jw_open(w, NULL, '{');
	hta_jw_open(w, "physicalLocation", '{');
	hta_jw_open(w, "artifactLocation", '{');
	jw_uri(w, "uri", "", path ? path : "scope.yaml", "");
	hta_jw_str(w, "uriBaseId", "EVIDENCE_ROOT");
	hta_jw_close(w, '}');
	if (path && line) {
		hta_jw_open(w, "region", '{');
		hta_jw_int(w, "startLine", line);
		hta_jw_close(w, '}');
	}
	hta_jw_close(w, '}');
	if (req_id) {
		hta_jw_open(w, "logicalLocations", '[');
		hta_jw_open(w, NULL, '{');
		hta_jw_str(w, "name", req_id);
		if (r) {
			struct hta_buf q = HTA_BUF_INIT;
			hta_buf_printf(&q, "%s/%s", hta_req_pool_key(run, r), req_id);
			if (q.failed)
				w->b->failed = 1;
			hta_jw_str(w, "fullyQualifiedName", q.failed ? req_id : q.s);
			hta_buf_free(&q);
		}
		hta_jw_str(w, "kind", "requirement");
		hta_jw_close(w, '}');
		hta_jw_close(w, ']');
	}
	hta_jw_close(w, '}');
	hta_jw_close(w, ']');
}

static const struct hta_run_req *find_req(const struct hta_run *run, const char *id)
{
	for (size_t i = 0; id && i < run->n_reqs; i++)
		if (strcmp(run->reqs[i].id, id) == 0)
			return &run->reqs[i];
	return NULL;
}

static void fingerprint(struct hta_jw *w, const char *req, const char *rule, const char *msg)
{
	struct hta_buf f = HTA_BUF_INIT;
	hta_buf_printf(&f, "%s|%s|%s", req ? req : "", rule, msg ? msg : "");
	if (f.failed)
		w->b->failed = 1;
	hta_jw_open(w, "partialFingerprints", '{');
	hta_jw_str(w, "hitrustAssessResult/v1", f.failed ? "" : f.s);
	hta_jw_close(w, '}');
	hta_buf_free(&f);
}

static void finding_result(struct hta_jw *w, const struct hta_run *run, const struct rules *rs,
			   const struct hta_run_finding *f)
{
	const struct rule *k = known_rule(f->code);
	const struct hta_run_req *r = find_req(run, f->req_id);
	struct hta_buf m = HTA_BUF_INIT;
	if (f->req_id)
		hta_buf_printf(&m, "%s: ", f->req_id);
	hta_buf_puts(&m, f->message);
	if (m.failed)
		w->b->failed = 1;
	hta_jw_open(w, NULL, '{');
	size_t ri = rule_index(rs, f->code);
	hta_jw_str(w, "ruleId", rule_name(f->code));
	if (ri != (size_t)-1) /* every code has a rule; kept for safety */
		hta_jw_int(w, "ruleIndex", (long long)ri);
	hta_jw_str(w, "level", k ? k->level : "warning");
	hta_jw_open(w, "message", '{');
	hta_jw_str(w, "text", m.failed ? "" : m.s);
	hta_jw_close(w, '}');
	location(w, f->path, f->line, f->req_id, run, r);
	fingerprint(w, f->req_id, rule_name(f->code), f->message);
	hta_jw_open(w, "properties", '{');
	hta_jw_str(w, "requirement", f->req_id);
	if (r)
		hta_jw_str(w, "pool", hta_req_pool_key(run, r));
	hta_jw_close(w, '}');
	hta_jw_close(w, '}');
	hta_buf_free(&m);
}

static void gap_result(struct hta_jw *w, const struct hta_run *run, const struct rules *rs,
		       const struct hta_run_req *r)
{
	int rule = r->cap ? RULE_GAP_CAP : RULE_GAP;
	char sc[32], ce[32], pl[32];
	hta_fmt2(sc, r->score);
	hta_fmt2(ce, r->ceiling);
	hta_fmt2(pl, r->points_lost);
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
	hta_jw_str(w, "ruleId", rule_name(rule));
	hta_jw_int(w, "ruleIndex", (long long)rule_index(rs, rule));
	hta_jw_str(w, "level", r->waived ? "note" : r->cap || r->blocker ? "error" : "warning");
	hta_jw_open(w, "message", '{');
	hta_jw_str(w, "text", m.failed ? "" : m.s);
	hta_jw_close(w, '}');
	location(w, r->manifest, r->manifest_line, r->id, run, r);
	struct hta_buf fp = HTA_BUF_INIT;
	hta_buf_printf(&fp, "%s gap", r->id);
	fingerprint(w, r->id, rule_name(rule), fp.failed ? "" : fp.s);
	if (fp.failed)
		w->b->failed = 1;
	hta_buf_free(&fp);
	if (r->waived) {
		char exp[11];
		hta_date_format(r->waiver_expires, exp);
		struct hta_buf j = HTA_BUF_INIT;
		hta_buf_printf(&j, "waived until %s: %s", exp, r->waiver_reason ? r->waiver_reason : "");
		if (j.failed)
			w->b->failed = 1;
		hta_jw_open(w, "suppressions", '[');
		hta_jw_open(w, NULL, '{');
		hta_jw_str(w, "kind", "external");
		hta_jw_str(w, "status", "accepted");
		hta_jw_str(w, "justification", j.failed ? "" : j.s);
		hta_jw_close(w, '}');
		hta_jw_close(w, ']');
		hta_buf_free(&j);
	}
	hta_jw_open(w, "properties", '{');
	hta_jw_str(w, "requirement", r->id);
	hta_jw_str(w, "pool", hta_req_pool_key(run, r));
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

void hta_render_sarif(const struct hta_run *run, struct hta_buf *b)
{
	struct rules rs = { .n = 0 };
	for (size_t i = 0; i < N_KNOWN; i++)
		rs.id[rs.n++] = known[i].id;
	for (size_t k = 0; k < run->n_findings; k++)
		if (rule_index(&rs, run->findings[k].code) == (size_t)-1 &&
		    rs.n < sizeof(rs.id) / sizeof(rs.id[0]))
			rs.id[rs.n++] = run->findings[k].code;

	struct hta_jw w;
	char asof[11];
	hta_date_format(run->as_of, asof);
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
	hta_jw_str(&w, "version", version);
	hta_jw_str(&w, "semanticVersion", version);
	hta_jw_open(&w, "rules", '[');
	for (size_t i = 0; i < rs.n; i++) {
		const struct rule *k = known_rule(rs.id[i]);
		hta_jw_open(&w, NULL, '{');
		hta_jw_str(&w, "id", rule_name(rs.id[i]));
		hta_jw_open(&w, "shortDescription", '{');
		hta_jw_str(&w, "text", k ? k->text : rule_name(rs.id[i]));
		hta_jw_close(&w, '}');
		hta_jw_open(&w, "defaultConfiguration", '{');
		hta_jw_str(&w, "level", k ? k->level : "warning");
		hta_jw_close(&w, '}');
		hta_jw_open(&w, "properties", '{');
		hta_jw_open(&w, "tags", '[');
		hta_jw_str(&w, NULL, "hitrust");
		hta_jw_str(&w, NULL, rs.id[i] >= RULE_GAP_CAP ? "gap" : "evidence");
		hta_jw_close(&w, ']');
		hta_jw_close(&w, '}');
		hta_jw_close(&w, '}');
	}
	hta_jw_close(&w, ']');
	hta_jw_close(&w, '}');
	hta_jw_close(&w, '}');

	/* The category stays the same from run to run, so alerts are tracked. */
	hta_jw_open(&w, "automationDetails", '{');
	struct hta_buf cat = HTA_BUF_INIT;
	hta_buf_printf(&cat, "hitrust-assess/%s/", hta_tier_name(run->tier));
	if (cat.failed)
		b->failed = 1;
	hta_jw_str(&w, "id", cat.failed ? "" : cat.s);
	hta_buf_free(&cat);
	hta_jw_close(&w, '}');

	hta_jw_open(&w, "originalUriBaseIds", '{');
	hta_jw_open(&w, "EVIDENCE_ROOT", '{');
	const char *root = run->evidence_root ? run->evidence_root : "";
	jw_uri(&w, "uri", root[0] == '/' ? "file://" : "", root,
	       root[0] && root[strlen(root) - 1] == '/' ? "" : "/");
	hta_jw_open(&w, "description", '{');
	hta_jw_str(&w, "text", "The evidence root the run assessed.");
	hta_jw_close(&w, '}');
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
	for (size_t k = 0; k < run->n_findings; k++)
		finding_result(&w, run, &rs, &run->findings[k]);
	for (size_t k = 0; k < run->n_gaps; k++)
		gap_result(&w, run, &rs, &run->reqs[run->gap_order[k]]);
	hta_jw_close(&w, ']');

	hta_jw_open(&w, "properties", '{');
	hta_jw_int(&w, "runId", run->id);
	hta_jw_str(&w, "tier", hta_tier_name(run->tier));
	hta_jw_str(&w, "addons", run->addons_str ? run->addons_str : "");
	hta_jw_str(&w, "asOf", asof);
	hta_jw_str(&w, "verdict", run->pass ? "pass" : "fail");
	hta_jw_num2(&w, "overallScore", run->overall);
	hta_jw_int(&w, "gaps", run->gap_count);
	hta_jw_int(&w, "caps", run->cap_count);
	hta_jw_int(&w, "waivedGaps", run->waived_gaps);
	hta_jw_str(&w, "organization", run->organization);
	hta_jw_str(&w, "assessment", run->assessment);
	hta_jw_str(&w, "catalogVersion", run->catalog_version);
	hta_jw_close(&w, '}');

	hta_jw_close(&w, '}');
	hta_jw_close(&w, ']');
	hta_jw_close(&w, '}');
	hta_jw_end(&w);
}
