/*
 * diff.c — one comparison of a run with a previous gap set (a stored run
 * or a baseline file), the rule of what is new applied once, and the
 * baseline file's writer and reader.
 *
 * The comparison sorts the ids of both sides and walks the sorted lists
 * together (O(n log n)); the first release searched one list per gap of
 * the other (O(n^2): 139 s for 100,000 gaps).
 */
#include "hta/diff.h"

#include "hta/date.h"
#include "hta/store.h"
#include "report_int.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define NOMEM(err) hta_err_set((err), HTA_ENOMEM, "out of memory")

/* A baseline is a list of ids: a larger file is not one. */
#define BASELINE_MAX_BYTES (512L * 1024 * 1024)

void hta_gapset_free(struct hta_gapset *gs)
{
	hta_arena_free(&gs->arena);
	memset(gs, 0, sizeof(*gs));
}

static void gapset_init(struct hta_gapset *gs)
{
	memset(gs, 0, sizeof(*gs));
	gs->tier = HTA_TIER_NONE;
}

static char *dup_or_null(struct hta_arena *A, const char *s, bool *oom)
{
	char *d = s ? hta_arena_strdup(A, s) : NULL;
	if (s && !d)
		*oom = true;
	return d;
}

static int cmp_stmtref(const void *a, const void *b)
{
	return strcmp(((const struct hta_stmtref *)a)->id, ((const struct hta_stmtref *)b)->id);
}

/* The catalog a run used and the text of every statement it assessed. */
static int gapset_catalog(struct hta_gapset *gs, const struct hta_run *run)
{
	struct hta_arena *A = &gs->arena;
	bool oom = false;
	gs->catalog_name = dup_or_null(A, run->catalog_name, &oom);
	gs->catalog_version = dup_or_null(A, run->catalog_version, &oom);
	gs->catalog_digest = dup_or_null(A, run->catalog_digest, &oom);
	gs->stmts = hta_arena_array(A, run->n_reqs ? run->n_reqs : 1, sizeof(*gs->stmts));
	if (oom || !gs->stmts)
		return -1;
	for (size_t i = 0; i < run->n_reqs; i++) {
		gs->stmts[i].id = dup_or_null(A, run->reqs[i].id, &oom);
		gs->stmts[i].statement = dup_or_null(A, run->reqs[i].statement, &oom);
		if (oom || !gs->stmts[i].id)
			return -1;
	}
	gs->n_stmts = run->n_reqs;
	if (gs->n_stmts)
		qsort(gs->stmts, gs->n_stmts, sizeof(*gs->stmts), cmp_stmtref);
	return 0;
}

int hta_gapset_from_run(struct hta_gapset *gs, const struct hta_run *run, struct hta_err *err)
{
	gapset_init(gs);
	struct hta_arena *A = &gs->arena;
	gs->run_id = run->id;
	gs->tier = run->tier;
	gs->as_of = run->as_of;
	gs->pass = run->pass;
	gs->started_at = run->started_at ? hta_arena_strdup(A, run->started_at) : NULL;
	gs->evidence_root = run->evidence_root ? hta_arena_strdup(A, run->evidence_root) : NULL;
	gs->gaps = hta_arena_array(A, run->n_gaps ? run->n_gaps : 1, sizeof(*gs->gaps));
	if (!gs->gaps || (run->started_at && !gs->started_at) ||
	    (run->evidence_root && !gs->evidence_root))
		goto nomem;
	for (size_t k = 0; k < run->n_gaps; k++) {
		const struct hta_run_req *r = &run->reqs[run->gap_order[k]];
		struct hta_gapref *g = &gs->gaps[k];
		g->id = hta_arena_strdup(A, r->id);
		g->title = r->title ? hta_arena_strdup(A, r->title) : NULL;
		if (!g->id || (r->title && !g->title))
			goto nomem;
		g->points_lost = r->points_lost;
		g->cap = r->cap;
		g->waived = r->waived;
	}
	gs->n_gaps = run->n_gaps;
	for (int d = 1; d <= HTA_DOMAINS; d++) {
		gs->domain[d] = run->domains[d].score;
		gs->domain_scored[d] = run->domains[d].scored;
	}
	if (gapset_catalog(gs, run))
		goto nomem;
	return 0;
nomem:
	hta_gapset_free(gs);
	return NOMEM(err);
}

int hta_gapset_previous(struct hta_gapset *gs, struct hta_store *st, const struct hta_run *run,
			const char *baseline, struct hta_err *err)
{
	gapset_init(gs);
	if (baseline)
		return hta_baseline_load(gs, baseline, err);
	/* Not stored yet (assess compares before it writes): the latest such run. */
	long long prev = run->id ? hta_store_previous(st, run->id, err)
				 : hta_store_latest(st, run, err);
	if (prev < 0)
		return err && err->code ? err->code : HTA_EDB;
	if (prev == 0)
		return hta_err_set(err, HTA_ENOTFOUND,
				   "run %lld has no earlier run of the same tier and evidence root",
				   run->id);
	struct hta_run old;
	int rc = hta_store_load(st, prev, &old, err);
	if (rc)
		return rc;
	rc = hta_gapset_from_run(gs, &old, err);
	hta_run_free(&old);
	return rc;
}

/* ---- the comparison ---- */

struct idref {
	const char *id;
	size_t at;    /* index in its own list */
};

static int cmp_idref(const void *a, const void *b)
{
	const struct idref *x = a, *y = b;
	int c = strcmp(x->id, y->id);
	return c ? c : (x->at > y->at) - (x->at < y->at);
}

/* Where each of `a` (n) is in `b` (m) by id, as an index or SIZE_MAX:
 * both sorted, then walked together. */
static int match_ids(struct idref *a, size_t n, struct idref *b, size_t m, size_t *where)
{
	qsort(a, n, sizeof(*a), cmp_idref);
	qsort(b, m, sizeof(*b), cmp_idref);
	size_t j = 0;
	for (size_t i = 0; i < n; i++) {
		while (j < m && strcmp(b[j].id, a[i].id) < 0)
			j++;
		where[a[i].at] = j < m && strcmp(b[j].id, a[i].id) == 0 ? b[j].at : SIZE_MAX;
	}
	return 0;
}

void hta_diff_free(struct hta_diff *d)
{
	hta_free(d->items);
	hta_free(d->text_changed);
	memset(d, 0, sizeof(*d));
}

static bool same_str(const char *x, const char *y)
{
	return (!x && !y) || (x && y && strcmp(x, y) == 0);
}

/*
 * Catalog versions: did the catalog change, and which statements both runs
 * assessed have different stored text (their evidence needs a fresh
 * review)? A bsearch per statement of the run.
 */
static int catalog_changes(struct hta_diff *d, const struct hta_gapset *prev,
			   const struct hta_run *run)
{
	/* Digests when both are known; else versions (and names) when known. */
	if (prev->catalog_digest && run->catalog_digest)
		d->catalog_changed = strcmp(prev->catalog_digest, run->catalog_digest) != 0;
	else if (prev->catalog_version && run->catalog_version)
		d->catalog_changed = !same_str(prev->catalog_version, run->catalog_version) ||
				     (prev->catalog_name && run->catalog_name &&
				      !same_str(prev->catalog_name, run->catalog_name));
	d->text_changed = hta_calloc(run->n_reqs ? run->n_reqs : 1, sizeof(*d->text_changed));
	if (!d->text_changed)
		return -1;
	if (!d->catalog_changed)
		return 0;
	for (size_t i = 0; i < run->n_reqs; i++) {
		const struct hta_run_req *r = &run->reqs[i];
		struct hta_stmtref key = { r->id, NULL };
		const struct hta_stmtref *o =
			prev->n_stmts ? bsearch(&key, prev->stmts, prev->n_stmts, sizeof(key),
						cmp_stmtref)
				      : NULL;
		if (o && o->statement && r->statement && strcmp(o->statement, r->statement) != 0)
			d->text_changed[d->n_text_changed++] = i;
	}
	return 0;
}

int hta_diff_compute(struct hta_diff *d, const struct hta_gapset *prev, const struct hta_run *run,
		     struct hta_err *err)
{
	memset(d, 0, sizeof(*d));
	size_t n = run->n_gaps, m = prev->n_gaps;
	struct idref *now = hta_calloc(n ? n : 1, sizeof(*now));
	struct idref *was = hta_calloc(m ? m : 1, sizeof(*was));
	size_t *now_in_was = hta_calloc(n ? n : 1, sizeof(size_t));
	size_t *was_in_now = hta_calloc(m ? m : 1, sizeof(size_t));
	d->items = hta_calloc(n + m ? n + m : 1, sizeof(*d->items));
	int rc = 0;
	if (!now || !was || !now_in_was || !was_in_now || !d->items) {
		rc = NOMEM(err);
		goto done;
	}
	for (size_t k = 0; k < n; k++)
		now[k] = (struct idref){ run->reqs[run->gap_order[k]].id, k };
	for (size_t k = 0; k < m; k++)
		was[k] = (struct idref){ prev->gaps[k].id, k };
	match_ids(now, n, was, m, now_in_was);
	match_ids(was, m, now, n, was_in_now); /* both already sorted: cheap */

	/* A baseline keeps points with two decimals: a smaller rise is noise. */
	double eps = prev->baseline ? 0.005 : 1e-9;
	for (size_t k = 0; k < n; k++) {
		const struct hta_run_req *r = &run->reqs[run->gap_order[k]];
		struct hta_change_item *it = &d->items[d->n_items++];
		it->id = r->id;
		it->title = r->title;
		it->after = r->points_lost;
		if (now_in_was[k] == SIZE_MAX) {
			/* The one rule: a waived gap is never new. */
			it->kind = r->waived ? HTA_CH_WAIVED : HTA_CH_NEW;
			if (r->waived)
				d->n_waived++;
			else
				d->n_new++;
		} else {
			const struct hta_gapref *o = &prev->gaps[now_in_was[k]];
			it->kind = HTA_CH_PERSISTING;
			it->before = o->points_lost;
			it->worsened = r->points_lost > o->points_lost + eps;
			d->n_persisting++;
			d->n_worsened += it->worsened;
		}
	}
	for (size_t k = 0; k < m; k++) {
		if (was_in_now[k] != SIZE_MAX)
			continue;
		struct hta_change_item *it = &d->items[d->n_items++];
		it->kind = HTA_CH_FIXED;
		it->id = prev->gaps[k].id;
		it->title = prev->gaps[k].title;
		it->before = prev->gaps[k].points_lost;
		d->n_fixed++;
	}
	if (catalog_changes(d, prev, run))
		rc = NOMEM(err);
done:
	hta_free(now);
	hta_free(was);
	hta_free(now_in_was);
	hta_free(was_in_now);
	if (rc)
		hta_diff_free(d);
	return rc;
}

/* ---- rendering ---- */

static void header(struct hta_buf *b, const struct hta_gapset *prev, const struct hta_run *run)
{
	char da[11], db[11];
	hta_date_format(prev->as_of, da);
	hta_date_format(run->as_of, db);
	if (prev->baseline)
		hta_buf_printf(b, "diff: baseline %s (run %lld, as of %s) -> run %lld (%s, as of %s)\n",
			       prev->baseline, prev->run_id, da, run->id,
			       run->started_at ? run->started_at : "?", db);
	else
		hta_buf_printf(b, "diff: run %lld (%s, as of %s) -> run %lld (%s, as of %s)\n",
			       prev->run_id, prev->started_at ? prev->started_at : "?", da, run->id,
			       run->started_at ? run->started_at : "?", db);
	/* runs of two tiers assess different statements: most gaps differ */
	if (prev->tier != HTA_TIER_NONE && prev->tier != run->tier) {
		if (prev->baseline)
			hta_buf_printf(b, "  note: the baseline is from an %s run", hta_tier_name(prev->tier));
		else
			hta_buf_printf(b, "  note: run %lld is %s", prev->run_id, hta_tier_name(prev->tier));
		hta_buf_printf(b, " and run %lld is %s: statements of one tier only show as new "
			       "or fixed\n", run->id, hta_tier_name(run->tier));
	}
}

/*
 * A domain score as reports show it: two decimals. A baseline file keeps
 * only those, so a domain compared with one is compared as shown (22.92
 * against 22.9166... is no change).
 */
static double shown2(double x)
{
	char s[32];
	hta_fmt2(s, x);
	return strtod(s, NULL);
}

static void render_text(const struct hta_diff *d, const struct hta_gapset *prev,
			const struct hta_run *run, struct hta_buf *b)
{
	header(b, prev, run);
	for (size_t k = 0; k < d->n_items; k++) {
		const struct hta_change_item *it = &d->items[k];
		const char *t = it->title ? it->title : "";
		switch (it->kind) {
		case HTA_CH_NEW:
			hta_buf_printf(b, "  new        %-14s %6.2f lost  %s\n", it->id, it->after, t);
			break;
		case HTA_CH_WAIVED:
			hta_buf_printf(b, "  waived     %-14s %6.2f lost  %s (a waived gap is not new)\n",
				       it->id, it->after, t);
			break;
		case HTA_CH_PERSISTING:
			if (it->worsened)
				hta_buf_printf(b, "  worsened   %-14s %6.2f -> %.2f lost  %s\n", it->id,
					       it->before, it->after, t);
			break;
		case HTA_CH_FIXED:
			hta_buf_printf(b, "  fixed      %-14s  %s\n", it->id, t);
			break;
		}
	}
	for (int dd = 1; dd <= HTA_DOMAINS; dd++) {
		const struct hta_run_pool *y = &run->domains[dd];
		bool xs = prev->domain_scored[dd];
		double x = prev->domain[dd];
		if (!xs && !y->scored)
			continue;
		if (xs != y->scored || shown2(x) != shown2(y->score))
			hta_buf_printf(b, "  domain %s %-40s %6.2f -> %6.2f\n", y->key,
				       y->name ? y->name : "", x, y->score);
	}
	if (d->catalog_changed) {
		hta_buf_printf(b, "  catalog changed: %s (%.12s) -> %s (%.12s); %zu statement%s with "
			       "changed text, whose evidence needs a fresh review\n",
			       prev->catalog_version ? prev->catalog_version : "?",
			       prev->catalog_digest ? prev->catalog_digest : "no digest",
			       run->catalog_version ? run->catalog_version : "?",
			       run->catalog_digest ? run->catalog_digest : "no digest",
			       d->n_text_changed, d->n_text_changed == 1 ? "" : "s");
		for (size_t k = 0; k < d->n_text_changed; k++) {
			const struct hta_run_req *r = &run->reqs[d->text_changed[k]];
			hta_buf_printf(b, "  text changed %-14s %s\n", r->id, r->title ? r->title : "");
		}
	}
	hta_buf_printf(b, "%zu new, %zu fixed, %zu persisting (%zu worsened)", d->n_new, d->n_fixed,
		       d->n_persisting, d->n_worsened);
	if (d->n_waived)
		hta_buf_printf(b, ", %zu waived (not new)", d->n_waived);
	hta_buf_printf(b, "; verdict %s -> %s\n", hta_verdict_name(prev->pass),
		       hta_verdict_name(run->pass));
}

static void add_id(cJSON *a, const char *id)
{
	cJSON *s = cJSON_CreateString(id);
	if (!cJSON_AddItemToArray(a, s))
		cJSON_Delete(s);
}

static cJSON *number_or_null(bool scored, double x)
{
	return scored ? cJSON_CreateNumber(shown2(x)) : cJSON_CreateNull();
}

static cJSON *diff_json(const struct hta_diff *d, const struct hta_gapset *prev,
			const struct hta_run *run)
{
	cJSON *j = cJSON_CreateObject();
	if (!j)
		return NULL;
	cJSON_AddNumberToObject(j, "from", (double)prev->run_id);
	cJSON_AddNumberToObject(j, "to", (double)run->id);
	if (prev->baseline)
		cJSON_AddStringToObject(j, "baseline", prev->baseline);
	cJSON *jt = cJSON_AddObjectToObject(j, "tiers");
	if (jt) {
		if (prev->tier != HTA_TIER_NONE)
			cJSON_AddStringToObject(jt, "from", hta_tier_name(prev->tier));
		else
			cJSON_AddNullToObject(jt, "from");
		cJSON_AddStringToObject(jt, "to", hta_tier_name(run->tier));
	}
	cJSON *jn = cJSON_AddArrayToObject(j, "new");
	cJSON *jf = cJSON_AddArrayToObject(j, "fixed");
	cJSON *jp = cJSON_AddArrayToObject(j, "persisting");
	cJSON *jw = cJSON_AddArrayToObject(j, "worsened");
	cJSON *jv = cJSON_AddArrayToObject(j, "waived");
	cJSON *jd = cJSON_AddArrayToObject(j, "domains");
	for (size_t k = 0; k < d->n_items; k++) {
		const struct hta_change_item *it = &d->items[k];
		switch (it->kind) {
		case HTA_CH_NEW: add_id(jn, it->id); break;
		case HTA_CH_WAIVED: add_id(jv, it->id); break;
		case HTA_CH_PERSISTING:
			add_id(jp, it->id);
			if (it->worsened)
				add_id(jw, it->id);
			break;
		case HTA_CH_FIXED: add_id(jf, it->id); break;
		}
	}
	for (int dd = 1; dd <= HTA_DOMAINS; dd++) {
		const struct hta_run_pool *y = &run->domains[dd];
		if (!prev->domain_scored[dd] && !y->scored)
			continue;
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "domain", y->key);
		cJSON_AddItemToObject(o, "from", number_or_null(prev->domain_scored[dd],
								prev->domain[dd]));
		cJSON_AddItemToObject(o, "to", number_or_null(y->scored, y->score));
		if (!cJSON_AddItemToArray(jd, o))
			cJSON_Delete(o);
	}
	cJSON_AddNumberToObject(j, "new_count", (double)d->n_new);
	cJSON_AddNumberToObject(j, "fixed_count", (double)d->n_fixed);
	cJSON_AddNumberToObject(j, "persisting_count", (double)d->n_persisting);
	cJSON_AddNumberToObject(j, "worsened_count", (double)d->n_worsened);
	cJSON_AddNumberToObject(j, "waived_count", (double)d->n_waived);
	cJSON *c = cJSON_AddObjectToObject(j, "catalog");
	cJSON_AddBoolToObject(c, "changed", d->catalog_changed);
	const char *ver[2] = { prev->catalog_version, run->catalog_version };
	const char *dig[2] = { prev->catalog_digest, run->catalog_digest };
	for (int k = 0; k < 2; k++) {
		cJSON *o = cJSON_AddObjectToObject(c, k ? "to" : "from");
		cJSON_AddItemToObject(o, "version", ver[k] ? cJSON_CreateString(ver[k]) : cJSON_CreateNull());
		cJSON_AddItemToObject(o, "digest", dig[k] ? cJSON_CreateString(dig[k]) : cJSON_CreateNull());
	}
	cJSON *tc = cJSON_AddArrayToObject(j, "text_changed");
	for (size_t k = 0; k < d->n_text_changed; k++)
		add_id(tc, run->reqs[d->text_changed[k]].id);
	return j;
}

int hta_diff_render(const struct hta_diff *d, const struct hta_gapset *prev,
		    const struct hta_run *run, bool json, struct hta_buf *out,
		    struct hta_err *err)
{
	if (!json) {
		render_text(d, prev, run, out);
		return out->failed ? NOMEM(err) : 0;
	}
	/* A tree that lost a node to a failed allocation is not printed. */
	unsigned long failed = hta_alloc_failures();
	cJSON *j = diff_json(d, prev, run);
	char *s = j && hta_alloc_failures() == failed ? cJSON_Print(j) : NULL;
	cJSON_Delete(j);
	if (!s)
		return NOMEM(err);
	hta_buf_puts(out, s);
	hta_buf_puts(out, "\n");
	cJSON_free(s);
	return out->failed ? NOMEM(err) : 0;
}

/* ---- the baseline file ---- */

int hta_baseline_render(const struct hta_run *run, struct hta_buf *out, struct hta_err *err)
{
	struct hta_jw w;
	char asof[11];
	hta_date_format(run->as_of, asof);
	hta_jw_init(&w, out);
	hta_jw_open(&w, NULL, '{');
	hta_jw_str(&w, "schema", HTA_BASELINE_SCHEMA);
	hta_jw_open(&w, "run", '{');
	hta_jw_int(&w, "id", run->id);
	hta_jw_str(&w, "started_at", run->started_at);
	hta_jw_str(&w, "tier", hta_tier_name(run->tier));
	hta_jw_str(&w, "addons", run->addons_str ? run->addons_str : "");
	hta_jw_str(&w, "as_of", asof);
	hta_jw_str(&w, "evidence_root", run->evidence_root);
	hta_jw_str(&w, "catalog_version", run->catalog_version);
	hta_jw_str(&w, "verdict", hta_verdict_name(run->pass));
	hta_jw_close(&w, '}');
	hta_jw_open(&w, "domains", '[');
	for (int d = 1; d <= HTA_DOMAINS; d++) {
		if (!run->domains[d].scored)
			continue;
		hta_jw_open(&w, NULL, '{');
		hta_jw_str(&w, "domain", run->domains[d].key);
		hta_jw_num2(&w, "score", run->domains[d].score);
		hta_jw_close(&w, '}');
	}
	hta_jw_close(&w, ']');
	hta_jw_open(&w, "gaps", '[');
	for (size_t k = 0; k < run->n_gaps; k++) {
		const struct hta_run_req *r = &run->reqs[run->gap_order[k]];
		hta_jw_open(&w, NULL, '{');
		hta_jw_str(&w, "requirement_id", r->id);
		hta_jw_bool(&w, "waived", r->waived);
		hta_jw_bool(&w, "cap_required", r->cap);
		hta_jw_num2(&w, "points_lost", r->points_lost);
		hta_jw_str(&w, "title", r->title);
		hta_jw_close(&w, '}');
	}
	hta_jw_close(&w, ']');
	hta_jw_close(&w, '}');
	hta_jw_end(&w);
	return out->failed ? NOMEM(err) : 0;
}

/* Line and column (1-based) of byte `off` of `s`. */
static void line_col(const char *s, size_t off, unsigned *line, unsigned *col)
{
	*line = 1;
	*col = 1;
	for (size_t i = 0; i < off && s[i]; i++) {
		if (s[i] == '\n') {
			(*line)++;
			*col = 1;
		} else {
			(*col)++;
		}
	}
}

static int read_all(const char *path, char **data, size_t *len, struct hta_err *err)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return hta_err_set(err, HTA_EIO, "%s: cannot read the baseline: %s", path,
				   strerror(errno));
	struct stat st;
	if (fstat(fileno(f), &st) || !S_ISREG(st.st_mode) || st.st_size > BASELINE_MAX_BYTES) {
		fclose(f);
		return hta_err_set(err, HTA_EINVAL, "%s: not a baseline file (%s)", path,
				   "not a regular file of at most 512 MiB");
	}
	size_t cap = (size_t)st.st_size + 1, n = 0;
	char *buf = hta_malloc(cap);
	if (!buf) {
		fclose(f);
		return NOMEM(err);
	}
	size_t r;
	while (n < cap - 1 && (r = fread(buf + n, 1, cap - 1 - n, f)) > 0)
		n += r;
	int bad = ferror(f);
	fclose(f);
	if (bad) {
		hta_free(buf);
		return hta_err_set(err, HTA_EIO, "%s: cannot read the baseline", path);
	}
	buf[n] = 0;
	*data = buf;
	*len = n;
	return 0;
}

static const char *opt_str(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* Domains of a baseline: [{"domain": "01", "score": 93.75}, ...]. */
static int load_domains(struct hta_gapset *gs, const cJSON *ds, const char *path,
			struct hta_err *err)
{
	const cJSON *o;
	if (!ds)
		return 0;
	if (!cJSON_IsArray(ds))
		return hta_err_set(err, HTA_EINVAL, "%s: 'domains' must be an array", path);
	cJSON_ArrayForEach(o, ds) {
		const char *k = opt_str(o, "domain");
		const cJSON *sc = cJSON_GetObjectItemCaseSensitive(o, "score");
		int d = k && k[0] >= '0' && k[0] <= '9' && k[1] >= '0' && k[1] <= '9' && !k[2]
				? (k[0] - '0') * 10 + (k[1] - '0') : 0;
		if (d < 1 || d > HTA_DOMAINS || !cJSON_IsNumber(sc))
			return hta_err_set(err, HTA_EINVAL,
					   "%s: a domain needs 'domain' (\"01\"..\"19\") and a numeric "
					   "'score'", path);
		gs->domain[d] = sc->valuedouble;
		gs->domain_scored[d] = true;
	}
	return 0;
}

static int load_gaps(struct hta_gapset *gs, const cJSON *gl, const char *path, struct hta_err *err)
{
	if (!cJSON_IsArray(gl))
		return hta_err_set(err, HTA_EINVAL, "%s: 'gaps' must be an array", path);
	size_t n = (size_t)cJSON_GetArraySize(gl);
	gs->gaps = hta_arena_array(&gs->arena, n ? n : 1, sizeof(*gs->gaps));
	if (!gs->gaps)
		return NOMEM(err);
	const cJSON *o;
	size_t k = 0;
	cJSON_ArrayForEach(o, gl) {
		const char *id = opt_str(o, "requirement_id"), *title = opt_str(o, "title");
		const cJSON *wv = cJSON_GetObjectItemCaseSensitive(o, "waived");
		const cJSON *cp = cJSON_GetObjectItemCaseSensitive(o, "cap_required");
		const cJSON *pl = cJSON_GetObjectItemCaseSensitive(o, "points_lost");
		if (!id || !*id)
			return hta_err_set(err, HTA_EINVAL, "%s: gap %zu has no 'requirement_id'", path,
					   k + 1);
		if (!cJSON_IsBool(wv))
			return hta_err_set(err, HTA_EINVAL, "%s: gap %s: 'waived' must be true or false",
					   path, hta_shown(id));
		struct hta_gapref *g = &gs->gaps[k++];
		g->id = hta_arena_strdup(&gs->arena, id);
		g->title = title ? hta_arena_strdup(&gs->arena, title) : NULL;
		if (!g->id || (title && !g->title))
			return NOMEM(err);
		g->waived = cJSON_IsTrue(wv);
		g->cap = cJSON_IsTrue(cp);
		g->points_lost = cJSON_IsNumber(pl) ? pl->valuedouble : 0;
	}
	gs->n_gaps = k;
	/* An id listed twice is not a gap set. */
	struct idref *ids = hta_calloc(k ? k : 1, sizeof(*ids));
	if (!ids)
		return NOMEM(err);
	for (size_t i = 0; i < k; i++)
		ids[i] = (struct idref){ gs->gaps[i].id, i };
	qsort(ids, k, sizeof(*ids), cmp_idref);
	int rc = 0;
	for (size_t i = 1; i < k && !rc; i++)
		if (strcmp(ids[i - 1].id, ids[i].id) == 0)
			rc = hta_err_set(err, HTA_EINVAL, "%s: gap %s is listed twice", path,
					 hta_shown(ids[i].id));
	hta_free(ids);
	return rc;
}

static int load_run(struct hta_gapset *gs, const cJSON *run, const char *path, struct hta_err *err)
{
	if (!cJSON_IsObject(run))
		return hta_err_set(err, HTA_EINVAL, "%s: no 'run' object", path);
	const cJSON *id = cJSON_GetObjectItemCaseSensitive(run, "id");
	const char *tier = opt_str(run, "tier"), *asof = opt_str(run, "as_of");
	const char *root = opt_str(run, "evidence_root"), *started = opt_str(run, "started_at");
	const char *verdict = opt_str(run, "verdict");
	if ((gs->tier = hta_tier_parse(tier)) == HTA_TIER_NONE)
		return hta_err_set(err, HTA_EINVAL, "%s: run.tier must be %s", path,
				   hta_tier_choices(false));
	if (!asof || hta_date_parse(asof, &gs->as_of))
		return hta_err_set(err, HTA_EINVAL, "%s: run.as_of must be a date (YYYY-MM-DD)",
				   path);
	gs->run_id = cJSON_IsNumber(id) && id->valuedouble >= 0 && id->valuedouble < 9e15
			     ? (long long)id->valuedouble : 0;
	gs->pass = hta_verdict_parse(verdict) == 1;
	gs->evidence_root = root ? hta_arena_strdup(&gs->arena, root) : NULL;
	gs->started_at = started ? hta_arena_strdup(&gs->arena, started) : NULL;
	const char *cv = opt_str(run, "catalog_version");
	gs->catalog_version = cv ? hta_arena_strdup(&gs->arena, cv) : NULL;
	if ((root && !gs->evidence_root) || (started && !gs->started_at) ||
	    (cv && !gs->catalog_version))
		return NOMEM(err);
	return 0;
}

int hta_baseline_load(struct hta_gapset *gs, const char *path, struct hta_err *err)
{
	char *data = NULL;
	size_t len = 0;
	gapset_init(gs);
	int rc = read_all(path, &data, &len, err);
	if (rc)
		return rc;
	cJSON *j = cJSON_ParseWithLength(data, len);
	if (!j) {
		const char *at = cJSON_GetErrorPtr();
		unsigned line = 1, col = 1;
		if (at && at >= data && at <= data + len)
			line_col(data, (size_t)(at - data), &line, &col);
		rc = hta_err_at(err, HTA_EINVAL, path, line, col, "not a baseline file: not valid JSON");
		goto done;
	}
	const char *schema = opt_str(j, "schema");
	if (!schema || strcmp(schema, HTA_BASELINE_SCHEMA) != 0) {
		rc = hta_err_set(err, HTA_EINVAL, "%s: not a baseline file: 'schema' is not \"%s\"",
				 path, HTA_BASELINE_SCHEMA);
		goto done;
	}
	gs->baseline = hta_arena_strdup(&gs->arena, path);
	if (!gs->baseline) {
		rc = NOMEM(err);
		goto done;
	}
	if ((rc = load_run(gs, cJSON_GetObjectItemCaseSensitive(j, "run"), path, err)) ||
	    (rc = load_domains(gs, cJSON_GetObjectItemCaseSensitive(j, "domains"), path, err)) ||
	    (rc = load_gaps(gs, cJSON_GetObjectItemCaseSensitive(j, "gaps"), path, err)))
		goto done;
done:
	cJSON_Delete(j);
	hta_free(data);
	if (rc)
		hta_gapset_free(gs);
	return rc;
}
