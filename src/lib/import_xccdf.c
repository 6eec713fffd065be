/*
 * import_xccdf.c — XCCDF 1.1 / 1.2 results (a Benchmark holding TestResult
 * elements, a bare TestResult, or an ARF asset-report-collection wrapping
 * them), streamed with libxml2's xmlTextReader: the document is never
 * built in memory.
 *
 * Safety: no network (XML_PARSE_NONET), no entity substitution and no DTD
 * loading (neither XML_PARSE_NOENT nor XML_PARSE_DTDLOAD), every external
 * entity load refused by the loader installed for the parse, and any
 * DOCTYPE or entity reference in the document refused outright: a result
 * file has no use for either, and that closes billion-laughs and external
 * entities alike. libxml2's own limits (no XML_PARSE_HUGE) stay on.
 *
 * Per rule-result: the check is @idref, the status the <result> text
 * (pass, fixed passed; fail, error, unknown not passed; notapplicable,
 * notchecked, notselected, informational left out; any other word not
 * passed), the time @time, else the TestResult's @end-time. With
 * --via-crosswalk the Rules' <reference>s (and <ident>s) that cite NIST SP
 * 800-53 (r4 unless the href says r5) or 45 CFR 164 are the check's ids.
 */
#include "import_int.h"

#include <libxml/parser.h>
#include <libxml/xmlreader.h>
#include <string.h>

#define NS11 "http://checklists.nist.gov/xccdf/1.1"
#define NS12 "http://checklists.nist.gov/xccdf/1.2"
#define NSARF "http://scap.nist.gov/schema/asset-reporting-format/1.1"

enum text_want { T_NONE, T_RESULT, T_REF, T_IDENT };

struct xc {
	struct import_ctx *c;
	xmlTextReaderPtr r;
	char errmsg[256], genmsg[256];
	unsigned errline, errcol;
	/* TestResult */
	bool in_tr, tr_has_end;
	long long tr_end;
	int tr_depth;
	size_t test_results;
	/* rule-result */
	bool in_rr;
	int rr_depth;
	struct hta_buf idref;
	bool rr_has_time, rr_result, word_over;
	long long rr_time;
	char word[96];
	size_t word_n;
	/* Rule (for references) */
	bool in_rule;
	int rule_depth;
	struct hta_buf rule_id;
	/* text being collected */
	enum text_want want;
	int want_depth;
	char text[96];
	size_t text_n;
	bool text_over;
	enum hta_xref_kind ref_kind; /* for T_REF / T_IDENT */
	bool ref_ok;
	/* names interned in the reader's dictionary: compared by pointer */
	const xmlChar *n_testresult, *n_rule_result, *n_result, *n_ident, *n_rule, *n_reference;
	const xmlChar *ns_yes, *ns_no; /* the last namespace found to be XCCDF / not */
};

static int x_read(void *ctx, char *buf, int len)
{
	struct import_src *s = ctx;
	ssize_t r = import_src_read(s, buf, (size_t)len);
	return r < 0 ? -1 : (int)r;
}

static int x_close(void *ctx)
{
	(void)ctx;
	return 0;
}

static void x_error(void *arg, xmlErrorPtr e)
{
	struct xc *x = arg;
	if (x->errmsg[0] || !e || e->level < XML_ERR_ERROR)
		return; /* warnings (a relative namespace URI) do not stop a parse */
	snprintf(x->errmsg, sizeof(x->errmsg), "%s", e->message ? e->message : "XML error");
	size_t l = strlen(x->errmsg);
	while (l && (x->errmsg[l - 1] == '\n' || x->errmsg[l - 1] == ' '))
		x->errmsg[--l] = 0;
	x->errline = e->line > 0 ? (unsigned)e->line : 0;
	x->errcol = e->int2 > 0 ? (unsigned)e->int2 : 0;
}

/*
 * libxml2 reports some errors (an encoding it cannot convert) through its
 * generic handler, which prints to stderr; the library never prints. Keep
 * the first such message as the error instead.
 */
static void x_generic(void *arg, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void x_generic(void *arg, const char *fmt, ...)
{
	struct xc *x = arg;
	if (x->genmsg[0])
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(x->genmsg, sizeof(x->genmsg), fmt, ap);
	va_end(ap);
	for (char *p = x->genmsg; *p; p++)
		if (*p == '\n')
			*p = ' ';
}

static xmlParserInputPtr no_entities(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
	(void)url;
	(void)id;
	(void)ctxt;
	return NULL;
}

static int fail(struct xc *x, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(struct xc *x, const char *fmt, ...)
{
	char msg[HTA_ERR_MAX];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	int line = xmlTextReaderGetParserLineNumber(x->r);
	int col = xmlTextReaderGetParserColumnNumber(x->r);
	return import_error(x->c, line > 0 ? (unsigned)line : 0, col > 0 ? (unsigned)col : 0, "%s", msg);
}

static bool is_xccdf_ns(const xmlChar *ns)
{
	return ns && (strcmp((const char *)ns, NS12) == 0 || strcmp((const char *)ns, NS11) == 0);
}

/* Namespace URIs are interned: remember the last answer per pointer. */
static bool is_xccdf(struct xc *x, const xmlChar *ns)
{
	if (!ns)
		return false;
	if (ns == x->ns_yes)
		return true;
	if (ns == x->ns_no)
		return false;
	bool yes = is_xccdf_ns(ns);
	if (yes)
		x->ns_yes = ns;
	else
		x->ns_no = ns;
	return yes;
}

/* An attribute's value (allocated by libxml2), bounded by max_string. */
static int attr(struct xc *x, const char *name, xmlChar **out)
{
	*out = xmlTextReaderGetAttribute(x->r, (const xmlChar *)name);
	if (*out && strlen((const char *)*out) > x->c->im->opts.max_string) {
		xmlFree(*out);
		*out = NULL;
		return fail(x, "attribute %s longer than %zu bytes", name, x->c->im->opts.max_string);
	}
	return 0;
}

static int time_attr(struct xc *x, const char *name, bool *has, long long *t)
{
	xmlChar *v;
	*has = false;
	if (attr(x, name, &v))
		return HTA_EINVAL;
	if (!v)
		return 0;
	size_t n = strlen((const char *)v);
	int rc = hta_import_time_parse((const char *)v, n, t);
	if (rc) {
		rc = fail(x, "unparseable %s '%.64s'", name, (const char *)v);
	} else {
		char why[128];
		if (import_time_check(x->c, *t, why, sizeof(why)))
			rc = fail(x, "%s", why);
		*has = true;
	}
	xmlFree(v);
	return rc;
}

static int set_buf(struct xc *x, struct hta_buf *b, const char *name, bool required)
{
	xmlChar *v;
	if (attr(x, name, &v))
		return HTA_EINVAL;
	b->len = 0;
	if (!v)
		return required ? fail(x, "<%s> without @%s", (const char *)xmlTextReaderConstLocalName(x->r),
				       name) : 0;
	hta_buf_puts(b, (const char *)v);
	hta_buf_add(b, "", 1);
	b->len = strlen((const char *)v);
	xmlFree(v);
	if (b->failed) {
		x->c->nomem = 1;
		return HTA_ENOMEM;
	}
	return 0;
}

/* How a <reference href> or <ident system> cites a framework. */
static bool ref_kind(const char *href, enum hta_xref_kind *k)
{
	if (!href)
		return false;
	if (strstr(href, "800-53")) {
		*k = strstr(href, "r5") || strstr(href, "Rev5") || strstr(href, "rev5") ||
		     strstr(href, "Rev_5") ? HTA_XREF_NIST_R5 : HTA_XREF_NIST_R4;
		return true;
	}
	if (strstr(href, "title45") || strstr(href, "CFR")) {
		*k = HTA_XREF_HIPAA;
		return true;
	}
	return false;
}

static int start_text(struct xc *x, enum text_want w, int depth)
{
	x->want = w;
	x->want_depth = depth;
	x->text_n = 0;
	x->text_over = false;
	x->ref_ok = false;
	if (w == T_REF || w == T_IDENT) {
		xmlChar *v;
		if (attr(x, w == T_REF ? "href" : "system", &v))
			return HTA_EINVAL;
		x->ref_ok = ref_kind((const char *)v, &x->ref_kind);
		xmlFree(v);
		if (!x->ref_ok)
			x->want = T_NONE;
	}
	return 0;
}

static int on_start(struct xc *x, int depth)
{
	const xmlChar *ns = xmlTextReaderConstNamespaceUri(x->r);
	const xmlChar *lname = xmlTextReaderConstLocalName(x->r);
	const char *name = (const char *)lname;
	if (!name)
		return 0;
	if (depth == 0) {
		bool arf = ns && strcmp((const char *)ns, NSARF) == 0 &&
			   strcmp(name, "asset-report-collection") == 0;
		if (!arf && !(is_xccdf(x, ns) && (strcmp(name, "Benchmark") == 0 ||
					       strcmp(name, "TestResult") == 0)))
			return fail(x, "the root element <%s> is not an XCCDF Benchmark or TestResult, "
				       "nor an ARF report", name);
	}
	if (!is_xccdf(x, ns))
		return 0;
	bool via = x->c->im->opts.via_crosswalk;
	bool empty = xmlTextReaderIsEmptyElement(x->r) == 1;
	if (lname == x->n_testresult) {
		x->test_results++;
		if (empty)
			return 0;
		x->in_tr = true;
		x->tr_depth = depth;
		return time_attr(x, "end-time", &x->tr_has_end, &x->tr_end);
	}
	if (x->in_tr && lname == x->n_rule_result) {
		if (set_buf(x, &x->idref, "idref", true))
			return HTA_EINVAL;
		if (empty)
			return fail(x, "rule-result '%.100s' has no <result>", x->idref.s);
		x->in_rr = true;
		x->rr_depth = depth;
		x->want = T_NONE;
		x->rr_result = false;
		return time_attr(x, "time", &x->rr_has_time, &x->rr_time);
	}
	if (x->in_rr && depth == x->rr_depth + 1) {
		if (lname == x->n_result)
			return start_text(x, T_RESULT, depth);
		if (lname == x->n_ident && via && !empty)
			return start_text(x, T_IDENT, depth);
		return 0;
	}
	if (!x->in_tr && via && lname == x->n_rule && !empty) {
		x->in_rule = true;
		x->rule_depth = depth;
		return set_buf(x, &x->rule_id, "id", true);
	}
	if (x->in_rule && depth == x->rule_depth + 1 && !empty &&
	    (lname == x->n_reference || lname == x->n_ident))
		return start_text(x, lname == x->n_reference ? T_REF : T_IDENT, depth);
	return 0;
}

/*
 * A text node. Only the texts this reader keeps are looked at; libxml2
 * refuses any text node over 10,000,000 bytes itself (no XML_PARSE_HUGE).
 */
static int on_text(struct xc *x)
{
	if (x->want == T_NONE)
		return 0;
	const char *v = (const char *)xmlTextReaderConstValue(x->r);
	if (!v)
		return 0;
	size_t n = strlen(v);
	if (n > x->c->im->opts.max_string)
		return fail(x, "a text longer than %zu bytes", x->c->im->opts.max_string);
	if (x->text_n + n >= sizeof(x->text)) {
		x->text_over = true;
		return 0;
	}
	memcpy(x->text + x->text_n, v, n);
	x->text_n += n;
	x->text[x->text_n] = 0;
	return 0;
}

/* The collected text, trimmed. */
static const char *text_trim(struct xc *x, size_t *n)
{
	const char *s = x->text, *e = x->text + x->text_n;
	while (s < e && (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r'))
		s++;
	while (e > s && (e[-1] == ' ' || e[-1] == '\n' || e[-1] == '\t' || e[-1] == '\r'))
		e--;
	*n = (size_t)(e - s);
	return s;
}

static int xref_text(struct xc *x, const char *check, size_t cn)
{
	size_t n;
	const char *s = text_trim(x, &n);
	if (x->text_over || !n)
		return 0;
	const char *fw = x->ref_kind == HTA_XREF_HIPAA ? "HIPAA" :
			 x->ref_kind == HTA_XREF_NIST_R5 ? "NIST-800-53-Revision-5" :
			 "NIST-800-53-Revision-4";
	if (import_framework_id(x->c, check, cn, fw, strlen(fw), s, n))
		return x->c->nomem ? HTA_ENOMEM : fail(x, "%s", x->c->why);
	return 0;
}

static int on_end(struct xc *x, int depth)
{
	if (x->want != T_NONE && depth == x->want_depth) {
		enum text_want w = x->want;
		x->want = T_NONE;
		if (w == T_RESULT) {
			size_t n;
			const char *t = text_trim(x, &n);
			x->rr_result = true;
			x->word_over = x->text_over;
			x->word_n = n;
			memcpy(x->word, t, n);
			x->word[n] = 0;
			return 0;
		}
		if (x->in_rr)
			return xref_text(x, x->idref.s, x->idref.len);
		if (x->in_rule)
			return xref_text(x, x->rule_id.s, x->rule_id.len);
		return 0;
	}
	if (x->in_rr && depth == x->rr_depth) {
		x->in_rr = false;
		size_t n = x->word_n;
		const char *word = x->word;
		if (!x->rr_result)
			return fail(x, "rule-result '%.100s' has no <result>", x->idref.s);
		if (x->word_over)
			return fail(x, "rule-result '%.100s': result word too long", x->idref.s);
		enum hta_result_class cls = hta_import_classify(HTA_IMPORT_XCCDF, word, n);
		bool has_t = x->rr_has_time || x->tr_has_end;
		long long t = x->rr_has_time ? x->rr_time : x->tr_end;
		if (import_result(x->c, x->idref.s, x->idref.len, cls, word, n, has_t, t))
			return x->c->nomem ? HTA_ENOMEM : fail(x, "%s", x->c->why);
		return 0;
	}
	if (x->in_tr && depth == x->tr_depth) {
		x->in_tr = false;
		x->tr_has_end = false;
	}
	if (x->in_rule && depth == x->rule_depth)
		x->in_rule = false;
	return 0;
}

/* The reader loop: one node at a time, nothing kept behind. */
static int x_loop(struct xc *x)
{
	int ret, rc = 0;
	unsigned maxd = x->c->im->opts.max_depth;
	while (!rc && (ret = xmlTextReaderRead(x->r)) == 1) {
		int type = xmlTextReaderNodeType(x->r);
		int depth = xmlTextReaderDepth(x->r);
		if (depth < 0 || (unsigned)depth > maxd)
			return fail(x, "nesting deeper than %u levels", maxd);
		switch (type) {
		case XML_READER_TYPE_DOCUMENT_TYPE:
			return fail(x, "a DOCTYPE declaration is refused (no DTDs or entities in "
				       "result files)");
		case XML_READER_TYPE_ENTITY_REFERENCE:
		case XML_READER_TYPE_ENTITY:
			return fail(x, "an entity reference is refused");
		case XML_READER_TYPE_ELEMENT:
			rc = on_start(x, depth);
			if (!rc && xmlTextReaderIsEmptyElement(x->r) == 1 && x->want != T_NONE &&
			    x->want_depth == depth)
				x->want = T_NONE;
			break;
		case XML_READER_TYPE_END_ELEMENT:
			rc = on_end(x, depth);
			break;
		case XML_READER_TYPE_TEXT:
		case XML_READER_TYPE_CDATA:
			rc = on_text(x);
			break;
		default:
			break;
		}
	}
	if (rc)
		return rc;
	if (ret < 0 || x->errmsg[0]) {
		const char *m = x->errmsg[0] ? x->errmsg : x->genmsg[0] ? x->genmsg : "malformed XML";
		if (x->c->src->errmsg[0])
			return import_error(x->c, x->errline, x->errcol, "cannot read: %s",
					    x->c->src->errmsg);
		return import_error(x->c, x->errline, x->errcol, "%s%s",
				    strstr(m, "Premature end") ? "truncated XML: " :
				    strstr(m, "ntity") ? "entities are refused: " : "malformed XML: ", m);
	}
	if (!x->test_results)
		return import_error(x->c, 0, 0, "no TestResult: an XCCDF benchmark without results "
						"(run it with 'oscap xccdf eval --results')");
	return 0;
}

int import_xccdf(struct import_ctx *c)
{
	struct xc x;
	memset(&x, 0, sizeof(x));
	x.c = c;
	xmlExternalEntityLoader old = xmlGetExternalEntityLoader();
	xmlGenericErrorFunc old_gen = xmlGenericError;
	void *old_gen_ctx = xmlGenericErrorContext;
	xmlSetExternalEntityLoader(no_entities);
	xmlSetGenericErrorFunc(&x, x_generic);
	x.r = xmlReaderForIO(x_read, x_close, c->src, c->path, NULL, XML_PARSE_NONET);
	int rc;
	if (!x.r) {
		c->nomem = 1;
		rc = HTA_ENOMEM;
	} else {
		xmlTextReaderSetStructuredErrorHandler(x.r, x_error, &x);
		x.n_testresult = xmlTextReaderConstString(x.r, BAD_CAST "TestResult");
		x.n_rule_result = xmlTextReaderConstString(x.r, BAD_CAST "rule-result");
		x.n_result = xmlTextReaderConstString(x.r, BAD_CAST "result");
		x.n_ident = xmlTextReaderConstString(x.r, BAD_CAST "ident");
		x.n_rule = xmlTextReaderConstString(x.r, BAD_CAST "Rule");
		x.n_reference = xmlTextReaderConstString(x.r, BAD_CAST "reference");
		rc = x_loop(&x);
		xmlFreeTextReader(x.r);
	}
	xmlSetExternalEntityLoader(old);
	xmlSetGenericErrorFunc(old_gen_ctx, old_gen);
	hta_buf_free(&x.idref);
	hta_buf_free(&x.rule_id);
	return rc;
}
