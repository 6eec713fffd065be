/*
 * report_oscal.c — NIST OSCAL 1.1.3 JSON: assessment-results and
 * plan-of-action-and-milestones for a run, and the catalog itself, so GRC
 * tools that speak OSCAL can import what the assessor found.
 *
 * The three documents refer to one another by id: the catalog has a
 * control "hta-<statement id>" per requirement statement, with a
 * statement part "hta-<id>_smt"; the assessment results review those
 * controls and target those parts.
 *
 * Every UUID is a version 5 (name-based) UUID, so rendering a stored run
 * again gives the same bytes. Run documents name their parts by the run
 * (id, start time and evidence root); the POA&M's items and risks, and
 * its system id, are named by the organisation and evidence root instead,
 * so the same gap keeps the same POA&M item from one run to the next.
 *
 * OSCAL is strict (additionalProperties false everywhere, minItems 1 on
 * every array, prop values without leading or trailing whitespace): every
 * array is written only when it has an item, and prop values are cleaned
 * (control characters and line breaks become spaces, surrounding white
 * space is trimmed, an empty value leaves the prop out). The test suite
 * validates all three documents against NIST's schema.
 */
#include "report_int.h"

#include "hta/date.h"
#include "hta/scope.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define OSCAL_VERSION "1.1.3"
/* Namespace of the props this tool defines (OSCAL's own props have none). */
#define NS "urn:hitrust-assess:oscal"

/* ---- shared: props, timestamps ---- */

static bool is_space_cp(long cp)
{
	return (cp >= 0x09 && cp <= 0x0D) || (cp >= 0x1C && cp <= 0x20) || cp == 0x85 ||
	       cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 ||
	       cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

/*
 * `s` made a valid OSCAL string (pattern ^\S(.*\S)?$): controls and
 * Unicode line/space separators become a space, outer space is trimmed.
 * Empty result: out->len == 0.
 */
static void clean(struct hta_buf *out, const char *s)
{
	out->len = 0;
	if (out->s)
		out->s[0] = 0;
	size_t keep = 0; /* length up to the last non-space character */
	while (s && *s) {
		const char *ch = s;
		long cp = hta_utf8_next(&s);
		if (cp < 0 || cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || is_space_cp(cp)) {
			if (out->len) /* drop leading space */
				hta_buf_add(out, " ", 1);
			continue;
		}
		hta_buf_add(out, ch, (size_t)(s - ch));
		keep = out->len;
	}
	if (out->failed)
		return;
	out->len = keep;
	if (out->s)
		out->s[keep] = 0;
}

struct ctx {
	struct hta_jw w;
	char run_key[512];     /* names this run's UUIDs */
	char sys_key[512];     /* names the POA&M's stable UUIDs */
	char when[32];         /* the run's start, OSCAL date-time */
	bool uuid_failed;
};

/* A prop; `ns` NULL for OSCAL's own names; nothing when value is blank. */
static void prop(struct ctx *c, const char *name, const char *ns, const char *cls,
		 const char *value)
{
	struct hta_buf v = HTA_BUF_INIT;
	clean(&v, value);
	if (v.failed)
		c->w.b->failed = 1;
	if (v.len) {
		hta_jw_open(&c->w, NULL, '{');
		hta_jw_str(&c->w, "name", name);
		if (ns)
			hta_jw_str(&c->w, "ns", ns);
		if (cls)
			hta_jw_str(&c->w, "class", cls);
		hta_jw_str(&c->w, "value", v.s);
		hta_jw_close(&c->w, '}');
	}
	hta_buf_free(&v);
}

static void prop_int(struct ctx *c, const char *name, long long v)
{
	char s[32];
	snprintf(s, sizeof(s), "%lld", v);
	prop(c, name, NS, NULL, s);
}

static void prop_num(struct ctx *c, const char *name, double x)
{
	char s[32];
	hta_fmt2(s, x);
	prop(c, name, NS, NULL, s);
}

/* A string member from a printf format, through the scratch buffer. */
static void strf(struct ctx *c, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void strf(struct ctx *c, const char *key, const char *fmt, ...)
{
	char small[1024];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0) {
		c->w.b->failed = 1;
		return;
	}
	if ((size_t)n < sizeof(small)) {
		hta_jw_str(&c->w, key, small);
		return;
	}
	char *big = hta_malloc((size_t)n + 1);
	if (!big) {
		c->w.b->failed = 1;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	va_end(ap);
	hta_jw_str(&c->w, key, big);
	hta_free(big);
}

/* Member `key` holding the UUID named by (base, kind, name). */
static void uuid(struct ctx *c, const char *key, const char *base, const char *kind,
		 const char *name)
{
	char u[37];
	if (hta_uuid5(u, base, kind, name)) {
		c->uuid_failed = true;
		snprintf(u, sizeof(u), "00000000-0000-5000-8000-000000000000");
	}
	hta_jw_str(&c->w, key, u);
}

/* True when s looks like "YYYY-MM-DDTHH:MM:SSZ" with a real date from 1900
 * to 9999 (hta_date_parse's range). */
static bool plausible_datetime(const char *s)
{
	static const char shape[] = "dddd-dd-ddTdd:dd:ddZ";
	if (!s || strlen(s) != sizeof(shape) - 1 || s[0] < '1' || s[0] > '9')
		return false;
	for (size_t i = 0; shape[i]; i++)
		if (shape[i] == 'd' ? s[i] < '0' || s[i] > '9' : s[i] != shape[i])
			return false;
	int d;
	char day[11];
	memcpy(day, s, 10);
	day[10] = 0;
	return hta_date_parse(day, &d) == 0;
}

/* A percent-encoded relative URI reference for an evidence-root path. */
static void href(struct ctx *c, const char *key, const char *path)
{
	static const char hex[] = "0123456789ABCDEF";
	struct hta_buf u = HTA_BUF_INIT;
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		    *p == '-' || *p == '.' || *p == '_' || *p == '~' || *p == '/') {
			hta_buf_add(&u, (const char *)p, 1);
		} else {
			char e[3] = { '%', hex[*p >> 4], hex[*p & 15] };
			hta_buf_add(&u, e, 3);
		}
	}
	if (u.failed)
		c->w.b->failed = 1;
	hta_jw_str(&c->w, key, u.failed || !u.s ? "#" : u.s);
	hta_buf_free(&u);
}


static void metadata(struct ctx *c, const struct hta_run *run, const char *what)
{
	const char *org = run->organization ? run->organization : "";
	char asof[11];
	hta_date_format(run->as_of, asof);
	hta_jw_open(&c->w, "metadata", '{');
	strf(c, "title", "HITRUST %s readiness %s%s%s%s%s", hta_tier_name(run->tier),
	     what, *org ? ": " : "", org, run->assessment ? " — " : "",
	     run->assessment ? run->assessment : "");
	hta_jw_str(&c->w, "last-modified", c->when);
	strf(c, "version", "run-%lld", run->id);
	hta_jw_str(&c->w, "oscal-version", OSCAL_VERSION);
	hta_jw_open(&c->w, "props", '[');
	char tool[64];
	snprintf(tool, sizeof(tool), "hitrust-assess %s",
		 run->tool_version ? run->tool_version : HTA_VERSION);
	prop(c, "tool", NS, NULL, tool);
	prop(c, "tier", NS, NULL, hta_tier_name(run->tier));
	prop(c, "as-of", NS, NULL, asof);
	prop(c, "catalog", NS, NULL, run->catalog_name);
	prop(c, "catalog-version", NS, NULL, run->catalog_version);
	hta_jw_close(&c->w, ']');
	struct hta_buf o = HTA_BUF_INIT;
	clean(&o, org);
	if (o.len) {
		hta_jw_open(&c->w, "parties", '[');
		hta_jw_open(&c->w, NULL, '{');
		uuid(c, "uuid", c->sys_key, "party", "organization");
		hta_jw_str(&c->w, "type", "organization");
		hta_jw_str(&c->w, "name", o.s);
		hta_jw_close(&c->w, '}');
		hta_jw_close(&c->w, ']');
	}
	if (o.failed)
		c->w.b->failed = 1;
	hta_buf_free(&o);
	hta_jw_str(&c->w, "remarks",
		   "Generated by hitrust-assess from a stored run. A readiness self-assessment "
		   "against the tool's catalog: not a HITRUST validated assessment or certification.");
	hta_jw_close(&c->w, '}');
}

/* ---- observations, risks, findings ---- */

static void levels_text(struct hta_buf *b, const struct hta_run_req *r)
{
	bool first = true;
	for (int l = 0; l < HTA_LEVEL_COUNT; l++) {
		if (!((r->scored >> l) & 1))
			continue;
		char v[32];
		hta_fmt2(v, r->level[l]);
		hta_buf_printf(b, "%s%s %s", first ? "" : ", ", hta_level_name((enum hta_level)l), v);
		first = false;
	}
}

static void req_observation(struct ctx *c, const struct hta_run_req *r)
{
	char sc[32], ce[32];
	hta_fmt2(sc, r->score);
	hta_fmt2(ce, r->ceiling);
	hta_jw_open(&c->w, NULL, '{');
	uuid(c, "uuid", c->run_key, "observation", r->id);
	strf(c, "title", "Evidence for %s", r->id);
	struct hta_buf d = HTA_BUF_INIT;
	if (r->status == HTA_ST_NA) {
		hta_buf_printf(&d, "Claimed not applicable in %s: %s", r->manifest ? r->manifest : "?",
			       r->na_reason ? r->na_reason : "");
	} else if (r->status == HTA_ST_NO_EVIDENCE) {
		hta_buf_printf(&d, "No evidence manifest names %s; it scores 0 of %s.", r->id, ce);
	} else {
		hta_buf_printf(&d, "Manifest %s, line %u: score %s of %s (", r->manifest ? r->manifest : "?",
			       r->manifest_line, sc, ce);
		levels_text(&d, r);
		hta_buf_puts(&d, ")");
		if (r->provider)
			hta_buf_printf(&d, "; %d%% inherited from %s", r->inherited_weight, r->provider);
		hta_buf_puts(&d, ".");
	}
	if (d.failed)
		c->w.b->failed = 1;
	hta_jw_str(&c->w, "description", d.failed || !d.s ? "" : d.s);
	hta_buf_free(&d);
	hta_jw_open(&c->w, "props", '[');
	prop(c, "status", NS, NULL, hta_status_name(r->status));
	if (r->status != HTA_ST_NA)
		prop_num(c, "score", r->score);
	for (int l = 0; l < HTA_LEVEL_COUNT; l++)
		if ((r->scored >> l) & 1) {
			char v[32];
			hta_fmt2(v, r->level[l]);
			prop(c, "level", NS, hta_level_name((enum hta_level)l), v);
		}
	prop(c, "owner", NS, NULL, r->owner);
	if (r->provider) {
		prop(c, "inherited-from", NS, NULL, r->provider);
		prop_int(c, "inherited-weight", r->inherited_weight);
	}
	hta_jw_close(&c->w, ']');
	hta_jw_open(&c->w, "methods", '[');
	hta_jw_str(&c->w, NULL, "EXAMINE");
	hta_jw_close(&c->w, ']');
	hta_jw_open(&c->w, "types", '[');
	hta_jw_str(&c->w, NULL, "control-objective");
	hta_jw_close(&c->w, ']');
	if (r->manifest) {
		hta_jw_open(&c->w, "relevant-evidence", '[');
		hta_jw_open(&c->w, NULL, '{');
		href(c, "href", r->manifest);
		strf(c, "description", "Evidence manifest (line %u), relative to the evidence root.",
		     r->manifest_line);
		hta_jw_close(&c->w, '}');
		hta_jw_close(&c->w, ']');
	}
	hta_jw_str(&c->w, "collected", c->when);
	hta_jw_close(&c->w, '}');
}

static void finding_observation(struct ctx *c, size_t k, const struct hta_run_finding *f)
{
	char idx[32];
	snprintf(idx, sizeof(idx), "%zu", k);
	hta_jw_open(&c->w, NULL, '{');
	uuid(c, "uuid", c->run_key, "evidence-finding", idx);
	strf(c, "title", "%s%s%s", hta_finding_name(f->code), f->req_id ? " in " : "", f->req_id ? f->req_id : "");
	if (f->path && f->line)
		strf(c, "description", "%s:%u: %s", f->path, f->line, f->message);
	else if (f->path)
		strf(c, "description", "%s: %s", f->path, f->message);
	else
		hta_jw_str(&c->w, "description", f->message);
	hta_jw_open(&c->w, "props", '[');
	prop(c, "finding-code", NS, NULL, hta_finding_name(f->code));
	prop(c, "requirement", NS, NULL, f->req_id);
	hta_jw_close(&c->w, ']');
	hta_jw_open(&c->w, "methods", '[');
	hta_jw_str(&c->w, NULL, "EXAMINE");
	hta_jw_close(&c->w, ']');
	hta_jw_open(&c->w, "types", '[');
	hta_jw_str(&c->w, NULL, "finding");
	hta_jw_close(&c->w, ']');
	if (f->path) {
		hta_jw_open(&c->w, "relevant-evidence", '[');
		hta_jw_open(&c->w, NULL, '{');
		href(c, "href", f->path);
		if (f->line)
			strf(c, "description", "Evidence manifest, line %u.", f->line);
		else
			hta_jw_str(&c->w, "description", "Evidence manifest.");
		hta_jw_close(&c->w, '}');
		hta_jw_close(&c->w, ']');
	}
	hta_jw_str(&c->w, "collected", c->when);
	hta_jw_close(&c->w, '}');
}

static bool finding_of(const struct hta_run_finding *f, const struct hta_run_req *r)
{
	return f->req_id && strcmp(f->req_id, r->id) == 0;
}

/* related-observations: the statement's own, then its evidence findings'. */
static void related_observations(struct ctx *c, const struct hta_run *run,
				 const struct hta_run_req *r)
{
	char idx[32];
	hta_jw_open(&c->w, "related-observations", '[');
	hta_jw_open(&c->w, NULL, '{');
	uuid(c, "observation-uuid", c->run_key, "observation", r->id);
	hta_jw_close(&c->w, '}');
	for (size_t k = 0; k < run->n_findings; k++) {
		if (!finding_of(&run->findings[k], r))
			continue;
		snprintf(idx, sizeof(idx), "%zu", k);
		hta_jw_open(&c->w, NULL, '{');
		uuid(c, "observation-uuid", c->run_key, "evidence-finding", idx);
		hta_jw_close(&c->w, '}');
	}
	hta_jw_close(&c->w, ']');
}

static void gap_statement(struct hta_buf *b, const struct hta_run *run, const struct hta_run_req *r)
{
	char sc[32], ce[32], pl[32];
	hta_fmt2(sc, r->score);
	hta_fmt2(ce, r->ceiling);
	hta_fmt2(pl, r->points_lost);
	const struct hta_run_pool *po = hta_req_pool(run, r);
	hta_buf_printf(b, "%s scores %s of its %s ceiling in %s %s (%s points lost).", r->id, sc, ce,
		       hta_req_pool_key(run, r), po && po->name ? po->name : "", pl);
	if (r->cap)
		hta_buf_puts(b, " A corrective action plan (CAP) is required.");
	if (r->blocker)
		hta_buf_puts(b, " It is in a pool below its threshold (a blocker).");
}

static void gap_props(struct ctx *c, const struct hta_run_req *r)
{
	prop(c, "requirement", NS, NULL, r->id);
	prop_int(c, "rank", r->rank);
	prop(c, "rank-kind", NS, NULL, hta_rank_kind_name(r->rank_kind));
	prop_num(c, "points-lost", r->points_lost);
	prop_int(c, "effort", r->effort);
	prop(c, "cap-required", NS, NULL, r->cap ? "true" : "false");
	prop(c, "blocker", NS, NULL, r->blocker ? "true" : "false");
	prop(c, "waived", NS, NULL, r->waived ? "true" : "false");
	prop(c, "owner", NS, NULL, r->owner);
	if (r->waived)
		prop(c, "waiver-reason", NS, NULL, r->waiver_reason);
}

static void risk(struct ctx *c, const struct hta_run *run, const struct hta_run_req *r, bool poam)
{
	const char *base = poam ? c->sys_key : c->run_key;
	hta_jw_open(&c->w, NULL, '{');
	uuid(c, "uuid", base, "risk", r->id);
	strf(c, "title", "Gap in %s: %s", r->id, r->title ? r->title : "");
	hta_jw_str(&c->w, "description", r->reason ? r->reason : "");
	struct hta_buf s = HTA_BUF_INIT;
	gap_statement(&s, run, r);
	if (s.failed)
		c->w.b->failed = 1;
	hta_jw_str(&c->w, "statement", s.failed || !s.s ? "" : s.s);
	hta_buf_free(&s);
	hta_jw_open(&c->w, "props", '[');
	gap_props(c, r);
	hta_jw_close(&c->w, ']');
	/* A waiver is an approved deviation, until it expires. */
	hta_jw_str(&c->w, "status", r->waived ? "deviation-approved" : "open");
	if (r->waived) {
		char exp[11], dl[32];
		hta_date_format(r->waiver_expires, exp);
		snprintf(dl, sizeof(dl), "%sT23:59:59Z", exp);
		if (plausible_datetime(dl))
			hta_jw_str(&c->w, "deadline", dl);
	}
	if (poam) {
		char sc[32], ce[32];
		hta_fmt2(sc, r->score);
		hta_fmt2(ce, r->ceiling);
		hta_jw_open(&c->w, "remediations", '[');
		hta_jw_open(&c->w, NULL, '{');
		uuid(c, "uuid", base, "remediation", r->id);
		hta_jw_str(&c->w, "lifecycle", "planned");
		strf(c, "title", "Close the gap in %s", r->id);
		strf(c, "description",
		     "Raise %s from %s to %s: current, dated evidence with named artifacts for every "
		     "scored PRISMA level (effort %d of 5 in the catalog).", r->id, sc, ce, r->effort);
		hta_jw_open(&c->w, "props", '[');
		prop_int(c, "effort", r->effort);
		hta_jw_close(&c->w, ']');
		hta_jw_close(&c->w, '}');
		hta_jw_close(&c->w, ']');
	}
	hta_jw_open(&c->w, "related-observations", '[');
	hta_jw_open(&c->w, NULL, '{');
	uuid(c, "observation-uuid", c->run_key, "observation", r->id);
	hta_jw_close(&c->w, '}');
	hta_jw_close(&c->w, ']');
	hta_jw_close(&c->w, '}');
}

static void ar_finding(struct ctx *c, const struct hta_run *run, const struct hta_run_req *r)
{
	char sc[32], ce[32];
	hta_fmt2(sc, r->score);
	hta_fmt2(ce, r->ceiling);
	bool na = r->status == HTA_ST_NA;
	hta_jw_open(&c->w, NULL, '{');
	uuid(c, "uuid", c->run_key, "finding", r->id);
	strf(c, "title", "%s %s", r->id, r->title ? r->title : "");
	if (na)
		strf(c, "description", "%s is not applicable: %s", r->id,
		     r->na_reason ? r->na_reason : "");
	else if (r->gap)
		strf(c, "description", "%s scores %s of %s: %s", r->id, sc, ce,
		     r->reason ? r->reason : "");
	else
		strf(c, "description", "%s scores %s of %s.", r->id, sc, ce);
	hta_jw_open(&c->w, "props", '[');
	prop(c, "pool", NS, NULL, hta_req_pool_key(run, r));
	prop(c, "control-ref", NS, NULL, r->control);
	hta_jw_close(&c->w, ']');
	hta_jw_open(&c->w, "target", '{');
	hta_jw_str(&c->w, "type", "statement-id");
	strf(c, "target-id", "hta-%s_smt", r->id);
	hta_jw_open(&c->w, "status", '{');
	hta_jw_str(&c->w, "state", r->gap ? "not-satisfied" : "satisfied");
	hta_jw_str(&c->w, "reason", na ? "other" : r->gap ? "fail" : "pass");
	if (na)
		hta_jw_str(&c->w, "remarks", "Not applicable; left out of the domain average.");
	hta_jw_close(&c->w, '}');
	const char *impl = na ? "not-applicable" : !r->gap ? "implemented"
			   : r->score > 0 ? "partial" : NULL;
	if (impl) {
		hta_jw_open(&c->w, "implementation-status", '{');
		hta_jw_str(&c->w, "state", impl);
		hta_jw_close(&c->w, '}');
	}
	hta_jw_close(&c->w, '}');
	related_observations(c, run, r);
	if (r->gap) {
		hta_jw_open(&c->w, "related-risks", '[');
		hta_jw_open(&c->w, NULL, '{');
		uuid(c, "risk-uuid", c->run_key, "risk", r->id);
		hta_jw_close(&c->w, '}');
		hta_jw_close(&c->w, ']');
	}
	hta_jw_close(&c->w, '}');
}

static void pool_props(struct ctx *c, const char *group, const struct hta_run_pool *po)
{
	if (!po->total)
		return;
	char g[32];
	snprintf(g, sizeof(g), "%s%s", group[0] >= '0' && group[0] <= '9' ? "domain-" : "", group);
	if (po->scored) {
		char v[32];
		hta_fmt2(v, po->score);
		hta_jw_open(&c->w, NULL, '{');
		hta_jw_str(&c->w, "name", "pool-score");
		hta_jw_str(&c->w, "ns", NS);
		hta_jw_str(&c->w, "group", g);
		hta_jw_str(&c->w, "value", v);
		hta_jw_close(&c->w, '}');
	}
	hta_jw_open(&c->w, NULL, '{');
	hta_jw_str(&c->w, "name", "pool-result");
	hta_jw_str(&c->w, "ns", NS);
	hta_jw_str(&c->w, "group", g);
	hta_jw_str(&c->w, "value", !po->scored ? "not-scored" : !po->threshold ? "no-verdict"
				   : hta_verdict_name(po->passed));
	hta_jw_close(&c->w, '}');
	if (po->threshold) {
		hta_jw_open(&c->w, NULL, '{');
		hta_jw_str(&c->w, "name", "pool-threshold");
		hta_jw_str(&c->w, "ns", NS);
		hta_jw_str(&c->w, "group", g);
		char t[16];
		snprintf(t, sizeof(t), "%d", po->threshold);
		hta_jw_str(&c->w, "value", t);
		hta_jw_close(&c->w, '}');
	}
}

/* ---- the two run documents ---- */

static void result_description(struct hta_buf *b, const struct hta_run *run)
{
	int failing = 0, scored = 0;
	for (int d = 1; d <= HTA_DOMAINS; d++) {
		scored += run->domains[d].scored;
		failing += run->domains[d].scored && !run->domains[d].passed;
	}
	char ov[32];
	hta_fmt2(ov, run->overall);
	hta_buf_printf(b, "Verdict: %s. %d of %d scored domains are below the %s threshold of %d; "
		       "overall score %s. %d gaps, %d of them needing a corrective action plan",
		       run->pass ? "PASS" : "FAIL", failing, scored,
		       hta_tier_name(run->tier), run->domains[1].threshold, ov,
		       run->gap_count, run->cap_count);
	if (run->waived_gaps)
		hta_buf_printf(b, "; %d waived", run->waived_gaps);
	hta_buf_printf(b, ". %zu requirement statements in scope, %zu evidence manifests read.",
		       run->n_reqs, run->manifests);
	if (run->ai_security.scored)
		hta_buf_printf(b, " AI Security add-on: %s.", hta_verdict_name(run->ai_security.passed));
}

static void render_ar(struct ctx *c, const struct hta_run *run)
{
	char asof[11];
	hta_date_format(run->as_of, asof);
	hta_jw_open(&c->w, "assessment-results", '{');
	uuid(c, "uuid", c->run_key, "document", "assessment-results");
	metadata(c, run, "assessment results");
	hta_jw_open(&c->w, "import-ap", '{');
	hta_jw_str(&c->w, "href", "#");
	hta_jw_str(&c->w, "remarks",
		   "No OSCAL assessment plan: the scope came from scope.yaml and the catalog.");
	hta_jw_close(&c->w, '}');
	hta_jw_open(&c->w, "results", '[');
	hta_jw_open(&c->w, NULL, '{');
	uuid(c, "uuid", c->run_key, "result", "");
	strf(c, "title", "Readiness run %lld, %s as of %s", run->id, hta_tier_title(run->tier), asof);
	struct hta_buf d = HTA_BUF_INIT;
	result_description(&d, run);
	if (d.failed)
		c->w.b->failed = 1;
	hta_jw_str(&c->w, "description", d.failed || !d.s ? "" : d.s);
	hta_buf_free(&d);
	hta_jw_str(&c->w, "start", c->when);

	hta_jw_open(&c->w, "props", '[');
	prop(c, "verdict", NS, NULL, hta_verdict_name(run->pass));
	prop(c, "tier", NS, NULL, hta_tier_name(run->tier));
	prop(c, "addons", NS, NULL, run->addons_str);
	prop(c, "as-of", NS, NULL, asof);
	prop(c, "measured-managed", NS, NULL, run->measured_managed ? "true" : "false");
	prop_num(c, "overall-score", run->overall);
	prop_int(c, "gap-count", run->gap_count);
	prop_int(c, "cap-count", run->cap_count);
	prop_int(c, "waived-gaps", run->waived_gaps);
	prop(c, "evidence-root", NS, NULL, run->evidence_root);
	for (int dd = 1; dd <= HTA_DOMAINS; dd++)
		pool_props(c, run->domains[dd].key, &run->domains[dd]);
	pool_props(c, hta_pool_name(HTA_POOL_AI_SECURITY), &run->ai_security);
	pool_props(c, hta_pool_name(HTA_POOL_AI_RISK), &run->ai_risk);
	pool_props(c, hta_pool_name(HTA_POOL_COMPLIANCE), &run->compliance);
	hta_jw_close(&c->w, ']');

	hta_jw_open(&c->w, "reviewed-controls", '{');
	hta_jw_open(&c->w, "control-selections", '[');
	hta_jw_open(&c->w, NULL, '{');
	if (run->n_reqs) {
		hta_jw_open(&c->w, "include-controls", '[');
		for (size_t i = 0; i < run->n_reqs; i++) {
			hta_jw_open(&c->w, NULL, '{');
			strf(c, "control-id", "hta-%s", run->reqs[i].id);
			hta_jw_close(&c->w, '}');
		}
		hta_jw_close(&c->w, ']');
	} else {
		hta_jw_open(&c->w, "include-all", '{');
		hta_jw_close(&c->w, '}');
	}
	hta_jw_close(&c->w, '}');
	hta_jw_close(&c->w, ']');
	hta_jw_close(&c->w, '}');

	if (run->n_reqs || run->n_findings) {
		hta_jw_open(&c->w, "observations", '[');
		for (size_t i = 0; i < run->n_reqs; i++)
			req_observation(c, &run->reqs[i]);
		for (size_t k = 0; k < run->n_findings; k++)
			finding_observation(c, k, &run->findings[k]);
		hta_jw_close(&c->w, ']');
	}
	if (run->n_gaps) {
		hta_jw_open(&c->w, "risks", '[');
		for (size_t k = 0; k < run->n_gaps; k++)
			risk(c, run, &run->reqs[run->gap_order[k]], false);
		hta_jw_close(&c->w, ']');
	}
	if (run->n_reqs) {
		hta_jw_open(&c->w, "findings", '[');
		for (size_t i = 0; i < run->n_reqs; i++)
			ar_finding(c, run, &run->reqs[i]);
		hta_jw_close(&c->w, ']');
	}
	hta_jw_close(&c->w, '}');
	hta_jw_close(&c->w, ']');
	hta_jw_close(&c->w, '}');
}

static void render_poam(struct ctx *c, const struct hta_run *run)
{
	hta_jw_open(&c->w, "plan-of-action-and-milestones", '{');
	uuid(c, "uuid", c->run_key, "document", "plan-of-action-and-milestones");
	metadata(c, run, "plan of action and milestones");
	hta_jw_open(&c->w, "system-id", '{');
	hta_jw_str(&c->w, "identifier-type", "http://ietf.org/rfc/rfc4122");
	uuid(c, "id", c->sys_key, "system", "");
	hta_jw_close(&c->w, '}');
	if (run->n_gaps) {
		hta_jw_open(&c->w, "observations", '[');
		for (size_t k = 0; k < run->n_gaps; k++)
			req_observation(c, &run->reqs[run->gap_order[k]]);
		for (size_t k = 0; k < run->n_gaps; k++) {
			const struct hta_run_req *r = &run->reqs[run->gap_order[k]];
			for (size_t j = 0; j < run->n_findings; j++)
				if (finding_of(&run->findings[j], r))
					finding_observation(c, j, &run->findings[j]);
		}
		hta_jw_close(&c->w, ']');
		hta_jw_open(&c->w, "risks", '[');
		for (size_t k = 0; k < run->n_gaps; k++)
			risk(c, run, &run->reqs[run->gap_order[k]], true);
		hta_jw_close(&c->w, ']');
	}
	hta_jw_open(&c->w, "poam-items", '[');
	for (size_t k = 0; k < run->n_gaps; k++) {
		const struct hta_run_req *r = &run->reqs[run->gap_order[k]];
		hta_jw_open(&c->w, NULL, '{');
		uuid(c, "uuid", c->sys_key, "poam-item", r->id);
		strf(c, "title", "%s %s%s", r->id, r->title ? r->title : "",
		     r->cap ? " (CAP)" : "");
		struct hta_buf d = HTA_BUF_INIT;
		gap_statement(&d, run, r);
		hta_buf_printf(&d, " Rank %d of %zu: %s", r->rank, run->n_gaps,
			       r->reason ? r->reason : "");
		if (d.failed)
			c->w.b->failed = 1;
		hta_jw_str(&c->w, "description", d.failed || !d.s ? "" : d.s);
		hta_buf_free(&d);
		hta_jw_open(&c->w, "props", '[');
		gap_props(c, r);
		prop(c, "pool", NS, NULL, hta_req_pool_key(run, r));
		hta_jw_close(&c->w, ']');
		related_observations(c, run, r);
		hta_jw_open(&c->w, "related-risks", '[');
		hta_jw_open(&c->w, NULL, '{');
		uuid(c, "risk-uuid", c->sys_key, "risk", r->id);
		hta_jw_close(&c->w, '}');
		hta_jw_close(&c->w, ']');
		hta_jw_close(&c->w, '}');
	}
	if (!run->n_gaps) {
		/* OSCAL requires at least one item; say plainly that none is open. */
		hta_jw_open(&c->w, NULL, '{');
		uuid(c, "uuid", c->run_key, "poam-item", "none");
		hta_jw_str(&c->w, "title", "No open gaps");
		strf(c, "description", "Run %lld found no gap: every applicable in-scope statement "
		     "scores its ceiling.", run->id);
		hta_jw_close(&c->w, '}');
	}
	hta_jw_close(&c->w, ']');
	hta_jw_close(&c->w, '}');
}

static void ctx_init(struct ctx *c, const struct hta_run *run, struct hta_buf *b)
{
	memset(c, 0, sizeof(*c));
	hta_jw_init(&c->w, b);
	const char *root = run->evidence_root ? run->evidence_root : "";
	snprintf(c->run_key, sizeof(c->run_key), "run|%lld|%s|%s", run->id,
		 run->started_at ? run->started_at : "", root);
	snprintf(c->sys_key, sizeof(c->sys_key), "system|%s|%s",
		 run->organization ? run->organization : "", root);
	if (plausible_datetime(run->started_at)) {
		snprintf(c->when, sizeof(c->when), "%s", run->started_at);
	} else {
		char d[11];
		hta_date_format(run->as_of, d);
		snprintf(c->when, sizeof(c->when), "%sT00:00:00Z", d);
		if (!plausible_datetime(c->when))
			snprintf(c->when, sizeof(c->when), "1970-01-01T00:00:00Z");
	}
}

int hta_render_oscal(const struct hta_run *run, bool poam, struct hta_buf *b, struct hta_err *err)
{
	struct ctx c;
	ctx_init(&c, run, b);
	hta_jw_open(&c.w, NULL, '{');
	if (poam)
		render_poam(&c, run);
	else
		render_ar(&c, run);
	hta_jw_close(&c.w, '}');
	hta_jw_end(&c.w);
	if (c.uuid_failed)
		return hta_err_set(err, HTA_EINVAL, "cannot compute a UUID: SHA-1 (libcrypto) failed");
	return b->failed ? hta_err_set(err, HTA_ENOMEM, "out of memory") : 0;
}

/* ---- the catalog ---- */

static void cond_text(const struct hta_catalog *cat, const struct hta_cond *k, char *out, size_t n)
{
	switch (k->kind) {
	case HTA_COND_BOOL: snprintf(out, n, "%s", cat->factors[k->index].name); break;
	case HTA_COND_LEVEL: snprintf(out, n, "%s>=%d", cat->factors[k->index].name, k->level); break;
	case HTA_COND_COMPLIANCE: snprintf(out, n, "compliance:%s", cat->compliance[k->index].id); break;
	case HTA_COND_AI:
		snprintf(out, n, "ai:%s", hta_ai_feature_name((enum hta_ai_feature)k->index));
		break;
	}
}

static const char *const level_title[HTA_LEVEL_COUNT] = {
	"Policy", "Procedure", "Implemented", "Measured", "Managed",
};

static void catalog_control(struct ctx *c, const struct hta_catalog *cat,
			    const struct hta_statement *st)
{
	char buf[160];
	hta_jw_open(&c->w, NULL, '{');
	strf(c, "id", "hta-%s", st->id);
	hta_jw_str(&c->w, "class", "requirement-statement");
	hta_jw_str(&c->w, "title", st->title);
	hta_jw_open(&c->w, "props", '[');
	prop(c, "label", NULL, NULL, st->id);
	snprintf(buf, sizeof(buf), "%02d", st->domain);
	prop(c, "domain", NS, NULL, buf);
	prop(c, "control-ref", NS, NULL, st->control);
	int ci = hta_catalog_control(cat, st->control);
	if (ci >= 0)
		prop(c, "control-title", NS, NULL, cat->controls[ci].title);
	for (enum hta_tier t = HTA_TIER_E1; t < HTA_TIER_COUNT; t++)
		if (st->tiers & (1u << t))
			prop(c, "tier", NS, NULL, hta_tier_name(t));
	if (st->addon)
		prop(c, "addon", NS, NULL, hta_addon_name(st->addon));
	for (size_t i = 0; i < st->n_when; i++) {
		cond_text(cat, &st->when[i], buf, sizeof(buf));
		prop(c, "when", NS, NULL, buf);
	}
	for (size_t i = 0; i < st->n_requires; i++) {
		cond_text(cat, &st->requires[i], buf, sizeof(buf));
		prop(c, "requires", NS, NULL, buf);
	}
	/* Named as the finding an N/A claim on it gives (run.c's table). */
	prop(c, hta_finding_name(HTA_FIND_NEVER_NA), NS, NULL, st->never_na ? "true" : "false");
	prop_int(c, "inheritable", st->inheritable);
	prop_int(c, "effort", st->effort);
	for (int k = 0; k < HTA_MAP_COUNT; k++)
		for (size_t i = 0; i < st->maps[k].n; i++)
			prop(c, hta_map_name((enum hta_map_kind)k), NS, "mapping", st->maps[k].v[i]);
	hta_jw_close(&c->w, ']');
	hta_jw_open(&c->w, "parts", '[');
	hta_jw_open(&c->w, NULL, '{');
	strf(c, "id", "hta-%s_smt", st->id);
	hta_jw_str(&c->w, "name", "statement");
	hta_jw_str(&c->w, "prose", st->text ? st->text : "");
	hta_jw_close(&c->w, '}');
	bool any = false;
	for (int l = 0; l < HTA_LEVEL_COUNT; l++)
		any |= st->evidence[l] != NULL;
	if (any) {
		hta_jw_open(&c->w, NULL, '{');
		strf(c, "id", "hta-%s_evidence", st->id);
		hta_jw_str(&c->w, "name", "guidance");
		hta_jw_str(&c->w, "title", "Illustrative evidence per PRISMA level");
		hta_jw_open(&c->w, "parts", '[');
		for (int l = 0; l < HTA_LEVEL_COUNT; l++) {
			if (!st->evidence[l])
				continue;
			hta_jw_open(&c->w, NULL, '{');
			hta_jw_str(&c->w, "name", "item");
			hta_jw_str(&c->w, "class", hta_level_name((enum hta_level)l));
			hta_jw_str(&c->w, "title", level_title[l]);
			hta_jw_str(&c->w, "prose", st->evidence[l]);
			hta_jw_close(&c->w, '}');
		}
		hta_jw_close(&c->w, ']');
		hta_jw_close(&c->w, '}');
	}
	hta_jw_close(&c->w, ']');
	hta_jw_close(&c->w, '}');
}

static void catalog_group(struct ctx *c, const struct hta_catalog *cat, const char *id,
			  const char *cls, const char *title, const char *label, int domain,
			  enum hta_addon addon)
{
	hta_jw_open(&c->w, NULL, '{');
	hta_jw_str(&c->w, "id", id);
	hta_jw_str(&c->w, "class", cls);
	hta_jw_str(&c->w, "title", title);
	hta_jw_open(&c->w, "props", '[');
	prop(c, "label", NULL, NULL, label);
	hta_jw_close(&c->w, ']');
	bool any = false;
	for (size_t i = 0; i < cat->n_stmts; i++) {
		const struct hta_statement *st = &cat->stmts[i];
		if (st->addon != addon || (addon == HTA_ADDON_NONE && st->domain != domain))
			continue;
		if (!any)
			hta_jw_open(&c->w, "controls", '[');
		any = true;
		catalog_control(c, cat, st);
	}
	if (any)
		hta_jw_close(&c->w, ']');
	hta_jw_close(&c->w, '}');
}

int hta_catalog_oscal(const struct hta_catalog *cat, long long last_modified,
		      struct hta_buf *out, struct hta_err *err)
{
	struct ctx c;
	memset(&c, 0, sizeof(c));
	hta_jw_init(&c.w, out);
	time_t t = (time_t)last_modified;
	struct tm tm;
	if (!gmtime_r(&t, &tm) ||
	    !strftime(c.when, sizeof(c.when), "%Y-%m-%dT%H:%M:%SZ", &tm) ||
	    !plausible_datetime(c.when))
		return hta_err_set(err, HTA_EINVAL, "timestamp %lld is not a time from "
				   "1900-01-01 to 9999-12-31 (UTC)", last_modified);
	snprintf(c.sys_key, sizeof(c.sys_key), "catalog|%s|%s", cat->name ? cat->name : "",
		 cat->version ? cat->version : "");

	struct hta_buf v = HTA_BUF_INIT;
	clean(&v, cat->version);
	hta_jw_open(&c.w, NULL, '{');
	hta_jw_open(&c.w, "catalog", '{');
	uuid(&c, "uuid", c.sys_key, "document", "catalog");
	hta_jw_open(&c.w, "metadata", '{');
	hta_jw_str(&c.w, "title", cat->name ? cat->name : "hitrust-assess catalog");
	hta_jw_str(&c.w, "last-modified", c.when);
	hta_jw_str(&c.w, "version", v.len ? v.s : "unversioned");
	hta_jw_str(&c.w, "oscal-version", OSCAL_VERSION);
	hta_jw_open(&c.w, "props", '[');
	prop(&c, "tool", NS, NULL, "hitrust-assess " HTA_VERSION);
	hta_jw_close(&c.w, ']');
	hta_jw_str(&c.w, "remarks",
		   "Exported by hitrust-assess. Each control is one requirement statement of the "
		   "tool's catalog, written in the project's own words; ids are the project's, not "
		   "HITRUST's. CSF control reference ids and titles are cited as facts; HITRUST CSF "
		   "text is not reproduced.");
	hta_jw_close(&c.w, '}');
	if (v.failed)
		out->failed = 1;
	hta_buf_free(&v);

	hta_jw_open(&c.w, "groups", '[');
	char id[32], label[16];
	for (int d = 1; d <= HTA_DOMAINS; d++) {
		snprintf(id, sizeof(id), "domain-%02d", d);
		snprintf(label, sizeof(label), "%02d", d);
		catalog_group(&c, cat, id, "assessment-domain",
			      cat->domain_name[d] ? cat->domain_name[d] : label, label, d,
			      HTA_ADDON_NONE);
	}
	static const struct { enum hta_addon a; const char *title; } addons[] = {
		{ HTA_ADDON_AI_SECURITY, "AI Security add-on" },
		{ HTA_ADDON_AI_RISK, "AI Risk Management add-on" },
	};
	for (size_t k = 0; k < sizeof(addons) / sizeof(addons[0]); k++) {
		bool any = false;
		for (size_t i = 0; i < cat->n_stmts && !any; i++)
			any = cat->stmts[i].addon == addons[k].a;
		if (any)
			catalog_group(&c, cat, hta_addon_name(addons[k].a), "addon", addons[k].title,
				      hta_addon_name(addons[k].a), 0, addons[k].a);
	}
	hta_jw_close(&c.w, ']');
	hta_jw_close(&c.w, '}');
	hta_jw_close(&c.w, '}');
	hta_jw_end(&c.w);
	if (c.uuid_failed)
		return hta_err_set(err, HTA_EINVAL, "cannot compute a UUID: SHA-1 (libcrypto) failed");
	return out->failed ? hta_err_set(err, HTA_ENOMEM, "out of memory") : 0;
}
