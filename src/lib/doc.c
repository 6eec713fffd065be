/*
 * doc.c — YAML/JSON into a position-keeping tree (see hta/doc.h).
 *
 * Built on libyaml's event API rather than its document API: the event
 * stream lets us refuse aliases before they can expand (no billion laughs)
 * and count depth and values as they arrive, so a hostile file costs at
 * most its limits.
 */
#include "hta/date.h"
#include "hta/doc.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

const struct hta_doc_limits hta_doc_limits_small = {
	.max_bytes = 1u << 20, .max_depth = 16, .max_nodes = 100000,
	.max_scalar = 64 * 1024, .max_items = 10000,
};

const struct hta_doc_limits hta_doc_limits_catalog = {
	.max_bytes = 32u << 20, .max_depth = 16, .max_nodes = 4000000,
	.max_scalar = 64 * 1024, .max_items = 100000,
};

/* A node under construction: children collect in a vector. */
struct frame {
	struct hta_node *node;
	struct hta_ptrvec kids;
};

static int key_cmp(const void *a, const void *b)
{
	const struct hta_node *x = *(const struct hta_node *const *)a;
	const struct hta_node *y = *(const struct hta_node *const *)b;
	int c = strcmp(x->s, y->s);
	if (c)
		return c;
	return x->line != y->line ? (x->line < y->line ? -1 : 1)
				  : (x->col < y->col ? -1 : x->col > y->col);
}

/* Refuse a map with a repeated key: sort a copy of its keys (n log n). */
static int check_dup_keys(struct hta_doc *d, struct hta_node *m, struct hta_err *err)
{
	if (m->n < 2)
		return 0;
	struct hta_node **keys = hta_malloc(m->n * sizeof(*keys));
	if (!keys)
		return hta_err_set(err, HTA_ENOMEM, "out of memory");
	for (size_t i = 0; i < m->n; i++)
		keys[i] = m->items[2 * i];
	qsort(keys, m->n, sizeof(*keys), key_cmp);
	int rc = 0;
	for (size_t i = 1; i < m->n; i++) {
		if (strcmp(keys[i - 1]->s, keys[i]->s) == 0) {
			rc = hta_err_at(err, HTA_EINVAL, d->file, keys[i]->line,
					keys[i]->col,
					"duplicate key '%s' (first at line %u)",
					keys[i]->s, keys[i - 1]->line);
			break;
		}
	}
	hta_free(keys);
	return rc;
}

static int finish_frame(struct hta_doc *d, struct frame *f, struct hta_err *err)
{
	struct hta_node *n = f->node;
	size_t count = f->kids.n;
	if (n->kind == HTA_NODE_MAP) {
		if (count % 2)
			return hta_err_at(err, HTA_EINVAL, d->file, n->line, n->col,
					  "map has a key without a value");
		n->n = count / 2;
	} else {
		n->n = count;
	}
	if (count) {
		n->items = hta_arena_array(&d->arena, count, sizeof(*n->items));
		if (!n->items)
			return hta_err_set(err, HTA_ENOMEM, "out of memory");
		memcpy(n->items, f->kids.v, count * sizeof(*n->items));
	}
	hta_ptrvec_free(&f->kids);
	if (n->kind == HTA_NODE_MAP)
		return check_dup_keys(d, n, err);
	return 0;
}

/* Line and column (1-based) of byte `off` in buf. */
/* The offset of the first byte that does not begin a valid UTF-8 sequence
 * (overlong forms and surrogates included), or len. */
static size_t first_bad_utf8(const unsigned char *s, size_t len)
{
	size_t i = 0;
	while (i < len) {
		unsigned c = s[i];
		size_t n = c < 0x80 ? 0 : c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2
			 : c >= 0xf0 && c <= 0xf4 ? 3 : 9;
		if (n == 9 || (n && i + n >= len))
			return i;
		unsigned lo = 0x80, hi = 0xbf;
		if (c == 0xe0)
			lo = 0xa0;
		if (c == 0xed)
			hi = 0x9f;
		if (c == 0xf0)
			lo = 0x90;
		if (c == 0xf4)
			hi = 0x8f;
		for (size_t k = 1; k <= n; k++) {
			unsigned t = s[i + k];
			if (t < (k == 1 ? lo : 0x80) || t > (k == 1 ? hi : 0xbf))
				return i;
		}
		i += n + 1;
	}
	return len;
}

static void offset_pos(const char *buf, size_t off, unsigned *line, unsigned *col)
{
	unsigned l = 1, c = 1;
	for (size_t i = 0; i < off; i++) {
		if (buf[i] == '\n') {
			l++;
			c = 1;
		} else {
			c++;
		}
	}
	*line = l;
	*col = c;
}

/*
 * Does line `line` (1-based) of buf begin with whitespace holding a tab?
 * libyaml refuses a tab where indentation goes with a message about
 * tokens; this lets the error say what is wrong. *col gets the tab's
 * column.
 */
static bool tab_indent(const char *buf, size_t len, unsigned line, unsigned *col)
{
	size_t i = 0;
	for (unsigned l = 1; l < line && i < len; i++)
		if (buf[i] == '\n')
			l++;
	for (size_t k = i; k < len && (buf[k] == ' ' || buf[k] == '\t'); k++)
		if (buf[k] == '\t') {
			*col = (unsigned)(k - i) + 1;
			return true;
		}
	return false;
}

/*
 * cJSON keeps its last error position in a global, written by every parse:
 * manifests are parsed on several threads at once (hta/par.h), so its
 * parses take turns. JSON manifests are few; YAML ones never wait.
 */
static pthread_mutex_t cjson_mu = PTHREAD_MUTEX_INITIALIZER;

static int check_json(const char *buf, size_t len, const char *file, size_t *value_end,
		      struct hta_err *err)
{
	const char *end = NULL, *at = NULL;
	unsigned long failed = hta_alloc_failures();
	pthread_mutex_lock(&cjson_mu);
	cJSON *j = cJSON_ParseWithLengthOpts(buf, len, &end, 0);
	if (!j)
		at = end ? end : cJSON_GetErrorPtr();
	pthread_mutex_unlock(&cjson_mu);
	/* cJSON says NULL for bad JSON and for no memory alike. */
	if (!j && hta_alloc_failures() != failed)
		return hta_err_set(err, HTA_ENOMEM, "out of memory");
	if (!j) {
		size_t off = (at && at >= buf && at <= buf + len) ? (size_t)(at - buf) : 0;
		unsigned line, col;
		offset_pos(buf, off, &line, &col);
		return hta_err_at(err, HTA_EINVAL, file, line, col, "invalid JSON");
	}
	/* Anything but whitespace after the value is an error too. */
	size_t off = end ? (size_t)(end - buf) : len;
	cJSON_Delete(j);
	*value_end = off;
	for (size_t i = off; i < len; i++) {
		if (buf[i] != ' ' && buf[i] != '\n' && buf[i] != '\r' && buf[i] != '\t') {
			unsigned line, col;
			offset_pos(buf, i, &line, &col);
			return hta_err_at(err, HTA_EINVAL, file, line, col,
					  "invalid JSON: text after the value");
		}
	}
	return 0;
}

/*
 * Before libyaml sees the bytes: the size limit, no NUL byte, and for JSON
 * a strict check (check_json), then the value alone with tabs before it
 * made spaces (JSON allows tabs around the value where YAML would read
 * indentation and refuse them; every line and column stays the same).
 * *buf may then point into a copy (*copy, to free).
 */
static int precheck(struct hta_doc *doc, const char **buf, size_t *len, int json,
		    const struct hta_doc_limits *lim, char **copy, struct hta_err *err)
{
	if (*len > lim->max_bytes)
		return hta_err_at(err, HTA_EINVAL, doc->file, 1, 1,
				  "file is too large (%zu bytes, limit %zu)", *len, lim->max_bytes);
	const char *nul = memchr(*buf, 0, *len);
	if (nul) {
		unsigned line, col;
		offset_pos(*buf, (size_t)(nul - *buf), &line, &col);
		return hta_err_at(err, HTA_EINVAL, doc->file, line, col,
				  "binary file (NUL byte): not YAML or JSON");
	}
	if (!json)
		return 0;
	size_t vend = *len, lead = 0;
	int jrc = check_json(*buf, *len, doc->file, &vend, err);
	if (jrc)
		return jrc;
	*len = vend;
	while (lead < vend && ((*buf)[lead] == ' ' || (*buf)[lead] == '\t' ||
			       (*buf)[lead] == '\n' || (*buf)[lead] == '\r'))
		lead++;
	if (memchr(*buf, '\t', lead)) {
		if (!(*copy = hta_malloc(vend)))
			return hta_err_set(err, HTA_ENOMEM, "out of memory");
		memcpy(*copy, *buf, vend);
		for (size_t i = 0; i < lead; i++)
			if ((*copy)[i] == '\t')
				(*copy)[i] = ' ';
		*buf = *copy;
	}
	return 0;
}

/* libyaml refused the input: say where and why, as a person reads it. */
static int parse_error(const struct hta_doc *doc, const yaml_parser_t *p, const char *buf,
		       size_t len, struct hta_err *err)
{
	unsigned line = (unsigned)p->problem_mark.line + 1;
	unsigned col = (unsigned)p->problem_mark.column + 1;
	if (p->error == YAML_MEMORY_ERROR)
		return hta_err_set(err, HTA_ENOMEM, "out of memory");
	if (p->error == YAML_READER_ERROR) {
		/* A reader error (bad UTF-8, a control character) has no
		 * mark, only the byte offset. */
		size_t at = p->problem_offset < len ? p->problem_offset : len;
		int byte = p->problem_value;
		/* libyaml says where it noticed (the byte after an incomplete
		 * sequence, or nothing at the end of the file): name the byte
		 * that begins the bad sequence, where it is. */
		if (p->problem && strstr(p->problem, "UTF-8")) {
			size_t bad = first_bad_utf8((const unsigned char *)buf, len);
			if (bad < len) {
				at = bad;
				byte = (unsigned char)buf[bad];
			}
		}
		offset_pos(buf, at, &line, &col);
		if (byte >= 0)
			return hta_err_at(err, HTA_EINVAL, doc->file, line, col, "%s (byte 0x%02x)",
					  p->problem ? p->problem : "unreadable character",
					  (unsigned)byte & 0xffu);
		return hta_err_at(err, HTA_EINVAL, doc->file, line, col, "%s",
				  p->problem ? p->problem : "unreadable character");
	}
	if (tab_indent(buf, len, line, &col))
		return hta_err_at(err, HTA_EINVAL, doc->file, line, col,
				  "a tab is used for indentation: YAML indents with spaces only");
	if (p->context && p->context_mark.line + 1 != line)
		return hta_err_at(err, HTA_EINVAL, doc->file, line, col, "%s %s (from line %u)",
				  p->problem ? p->problem : "syntax error", p->context,
				  (unsigned)p->context_mark.line + 1);
	return hta_err_at(err, HTA_EINVAL, doc->file, line, col, "%s%s%s",
			  p->problem ? p->problem : "syntax error", p->context ? " " : "",
			  p->context ? p->context : "");
}

/* The open collections while parsing, innermost last. */
struct nest {
	struct frame stack[64];
	unsigned depth, max_depth;
	size_t nodes;
};

/* A scalar's node: its text, checked against the limits. */
static int scalar_node(struct hta_doc *doc, struct hta_node *n, const yaml_event_t *ev,
		       const struct hta_doc_limits *lim, struct hta_err *err)
{
	size_t sl = ev->data.scalar.length;
	if (sl > lim->max_scalar)
		return hta_err_at(err, HTA_EINVAL, doc->file, n->line, n->col,
				  "value is too long (%zu bytes, limit %zu)", sl, lim->max_scalar);
	n->kind = HTA_NODE_SCALAR;
	n->s = hta_arena_strndup(&doc->arena, (const char *)ev->data.scalar.value, sl);
	if (!n->s)
		return hta_err_set(err, HTA_ENOMEM, "out of memory");
	if (memchr(n->s, 0, sl))
		return hta_err_at(err, HTA_EINVAL, doc->file, n->line, n->col,
				  "value holds a NUL character");
	n->len = sl;
	n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
	return 0;
}

/* A scalar, mapping or sequence starts: make its node and attach it to
 * the collection it is in (or make it the root); a collection opens. */
static int node_event(struct hta_doc *doc, struct nest *ns, const yaml_event_t *ev,
		      const struct hta_doc_limits *lim, struct hta_err *err)
{
	unsigned line = (unsigned)ev->start_mark.line + 1;
	unsigned col = (unsigned)ev->start_mark.column + 1;
	if (++ns->nodes > lim->max_nodes)
		return hta_err_at(err, HTA_EINVAL, doc->file, line, col,
				  "too many values (limit %zu)", lim->max_nodes);
	struct hta_node *n = hta_arena_alloc(&doc->arena, sizeof(*n));
	if (!n)
		return hta_err_set(err, HTA_ENOMEM, "out of memory");
	n->line = line;
	n->col = col;
	int rc;
	if (ev->type == YAML_SCALAR_EVENT) {
		if ((rc = scalar_node(doc, n, ev, lim, err)))
			return rc;
	} else {
		n->kind = ev->type == YAML_MAPPING_START_EVENT ? HTA_NODE_MAP : HTA_NODE_SEQ;
	}
	struct frame *up = ns->depth ? &ns->stack[ns->depth - 1] : NULL;
	if (!up) {
		doc->root = n;
	} else if (up->kids.n >= lim->max_items * (up->node->kind == HTA_NODE_MAP ? 2 : 1)) {
		return hta_err_at(err, HTA_EINVAL, doc->file, line, col,
				  "%s has too many %s (limit %zu)",
				  up->node->kind == HTA_NODE_MAP ? "a mapping" : "a list",
				  up->node->kind == HTA_NODE_MAP ? "keys" : "items", lim->max_items);
	} else if (hta_ptrvec_push(&up->kids, n)) {
		return hta_err_set(err, HTA_ENOMEM, "out of memory");
	} else if (up->node->kind == HTA_NODE_MAP && up->kids.n % 2 == 1 &&
		   n->kind != HTA_NODE_SCALAR) {
		return hta_err_at(err, HTA_EINVAL, doc->file, line, col,
				  "a key must be a plain value");
	}
	if (n->kind != HTA_NODE_SCALAR) {
		if (ns->depth >= ns->max_depth)
			return hta_err_at(err, HTA_EINVAL, doc->file, line, col,
					  "nesting is too deep (limit %u)", ns->max_depth);
		ns->stack[ns->depth].node = n;
		memset(&ns->stack[ns->depth].kids, 0, sizeof(ns->stack[ns->depth].kids));
		ns->depth++;
	}
	return 0;
}

int hta_doc_parse(struct hta_doc *doc, const char *buf, size_t len,
		  const char *display, unsigned flags,
		  const struct hta_doc_limits *lim, struct hta_err *err)
{
	int json = (flags & HTA_DOC_JSON) != 0;
	hta_alloc_hook_libraries();
	memset(doc, 0, sizeof(*doc));
	doc->file = hta_arena_strdup(&doc->arena, display ? display : "<input>");
	if (!doc->file)
		return hta_err_set(err, HTA_ENOMEM, "out of memory");
	char *copy = NULL;
	int rc = precheck(doc, &buf, &len, json, lim, &copy, err);
	if (rc) {
		hta_free(copy);
		hta_doc_free(doc);
		return rc;
	}

	yaml_parser_t p;
	if (!yaml_parser_initialize(&p)) {
		hta_free(copy);
		hta_doc_free(doc);
		return hta_err_set(err, HTA_ENOMEM, "out of memory");
	}
	yaml_parser_set_input_string(&p, (const unsigned char *)buf, len);

	struct nest ns;
	ns.depth = 0;
	ns.nodes = 0;
	ns.max_depth = lim->max_depth < 64 ? lim->max_depth : 63;
	int docs = 0, done = 0;
	while (!done && !rc) {
		yaml_event_t ev;
		if (!yaml_parser_parse(&p, &ev)) {
			rc = parse_error(doc, &p, buf, len, err);
			break;
		}
		unsigned line = (unsigned)ev.start_mark.line + 1;
		unsigned col = (unsigned)ev.start_mark.column + 1;
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
			done = 1;
			break;
		case YAML_DOCUMENT_START_EVENT:
			if (++docs > 1)
				rc = hta_err_at(err, HTA_EINVAL, doc->file, line, col,
						"more than one document in the file");
			break;
		case YAML_ALIAS_EVENT:
			rc = hta_err_at(err, HTA_EINVAL, doc->file, line, col,
					"aliases (*name) are not supported");
			break;
		case YAML_SCALAR_EVENT:
		case YAML_MAPPING_START_EVENT:
		case YAML_SEQUENCE_START_EVENT:
			rc = node_event(doc, &ns, &ev, lim, err);
			break;
		case YAML_MAPPING_END_EVENT:
		case YAML_SEQUENCE_END_EVENT:
			rc = finish_frame(doc, &ns.stack[ns.depth - 1], err);
			ns.depth--;
			break;
		default:
			break;
		}
		yaml_event_delete(&ev);
	}
	while (ns.depth > 0)
		hta_ptrvec_free(&ns.stack[--ns.depth].kids);
	yaml_parser_delete(&p);
	hta_free(copy);
	if (rc) {
		hta_doc_free(doc);
		return rc;
	}
	return 0;
}

int hta_doc_load(struct hta_doc *doc, const char *path, const char *display,
		 unsigned flags, const struct hta_doc_limits *lim, struct hta_err *err)
{
	const char *name = display ? display : path;
	memset(doc, 0, sizeof(*doc));
	/* O_NONBLOCK: opening a FIFO must not wait for a writer; the fstat
	 * below then refuses it without reading. */
	int fd = open(path, O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC |
				    ((flags & HTA_DOC_NOFOLLOW) ? O_NOFOLLOW : 0));
	if (fd < 0 && errno == ELOOP && (flags & HTA_DOC_NOFOLLOW))
		return hta_err_at(err, HTA_EIO, name, 0, 0, "is a symlink; not followed");
	if (fd < 0)
		return hta_err_at(err, HTA_EIO, name, 0, 0, "cannot open: %s", strerror(errno));
	struct stat st;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return hta_err_at(err, HTA_EIO, name, 0, 0, "not a regular file");
	}
	if ((unsigned long long)st.st_size > lim->max_bytes) {
		close(fd);
		return hta_err_at(err, HTA_EINVAL, name, 1, 1,
				  "file is too large (%lld bytes, limit %zu)",
				  (long long)st.st_size, lim->max_bytes);
	}
	size_t cap = (size_t)st.st_size + 1, len = 0;
	char *buf = hta_malloc(cap);
	if (!buf) {
		close(fd);
		return hta_err_set(err, HTA_ENOMEM, "out of memory");
	}
	for (;;) {
		if (len == cap) { /* the file grew while we read it */
			hta_free(buf);
			close(fd);
			return hta_err_at(err, HTA_EINVAL, name, 0, 0,
					  "file changed while being read");
		}
		ssize_t r = read(fd, buf + len, cap - len);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			int e = errno;
			hta_free(buf);
			close(fd);
			return hta_err_at(err, HTA_EIO, name, 0, 0, "cannot read: %s", strerror(e));
		}
		if (r == 0)
			break;
		len += (size_t)r;
	}
	close(fd);
	int rc = hta_doc_parse(doc, buf, len, name, flags & HTA_DOC_JSON, lim, err);
	hta_free(buf);
	return rc;
}

void hta_doc_free(struct hta_doc *doc)
{
	hta_arena_free(&doc->arena);
	doc->root = NULL;
	doc->file = NULL;
}

int hta_node_err(const struct hta_doc *d, const struct hta_node *n,
		 struct hta_err *err, const char *fmt, ...)
{
	char msg[HTA_ERR_MAX];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return hta_err_at(err, HTA_EINVAL, d->file, n ? n->line : 0, n ? n->col : 0,
			  "%s", msg);
}

const struct hta_node *hta_map_get(const struct hta_node *m, const char *key)
{
	if (!m || m->kind != HTA_NODE_MAP)
		return NULL;
	for (size_t i = 0; i < m->n; i++)
		if (strcmp(m->items[2 * i]->s, key) == 0)
			return m->items[2 * i + 1];
	return NULL;
}

int hta_map_check(const struct hta_doc *d, const struct hta_node *n,
		  const char *what, const char *const *allowed, struct hta_err *err)
{
	if (!n || n->kind != HTA_NODE_MAP)
		return hta_node_err(d, n, err, "%s must be a mapping of keys to values", what);
	for (size_t i = 0; i < n->n; i++) {
		const struct hta_node *k = n->items[2 * i];
		const char *const *a = allowed;
		while (*a && strcmp(*a, k->s) != 0)
			a++;
		if (!*a)
			return hta_node_err(d, k, err, "unknown key '%s' in %s", hta_shown(k->s), what);
	}
	return 0;
}

int hta_seq_check(const struct hta_doc *d, const struct hta_node *n,
		  const char *what, struct hta_err *err)
{
	if (!n || n->kind != HTA_NODE_SEQ)
		return hta_node_err(d, n, err, "%s must be a list", what);
	return 0;
}

int hta_node_is_null(const struct hta_node *n)
{
	return n && n->kind == HTA_NODE_SCALAR && n->plain &&
	       (n->len == 0 || strcmp(n->s, "~") == 0 || strcmp(n->s, "null") == 0 ||
		strcmp(n->s, "Null") == 0 || strcmp(n->s, "NULL") == 0);
}

int hta_node_str(const struct hta_doc *d, const struct hta_node *n,
		 const char *what, const char **out, struct hta_err *err)
{
	if (!n || n->kind != HTA_NODE_SCALAR || hta_node_is_null(n))
		return hta_node_err(d, n, err, "%s must be a text value", what);
	const char *p = n->s;
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	if (!*p)
		return hta_node_err(d, n, err, "%s must not be empty", what);
	*out = n->s;
	return 0;
}

int hta_node_int(const struct hta_doc *d, const struct hta_node *n,
		 const char *what, long long min, long long max, long long *out,
		 struct hta_err *err)
{
	if (!n || n->kind != HTA_NODE_SCALAR || !n->plain || n->len == 0 || n->len > 19)
		goto bad;
	const char *p = n->s;
	int neg = 0;
	if (*p == '-' || *p == '+')
		neg = *p++ == '-';
	if (!*p)
		goto bad;
	long long v = 0;
	for (; *p; p++) {
		if (*p == '_' && p != n->s)
			continue; /* YAML digit grouping: 2_500_000 */
		if (*p < '0' || *p > '9')
			goto bad;
		/* Nineteen digits can exceed LLONG_MAX: out of any range. */
		if (v > (LLONG_MAX - 9) / 10)
			return hta_node_err(d, n, err, "%s must be between %lld and %lld, not %s",
					    what, min, max, n->s);
		v = v * 10 + (*p - '0');
	}
	if (neg)
		v = -v;
	if (v < min || v > max)
		return hta_node_err(d, n, err, "%s must be between %lld and %lld, not %s",
				    what, min, max, n->s);
	*out = v;
	return 0;
bad:
	return hta_node_err(d, n, err, "%s must be a whole number%s%s%s", what,
			    n && n->s ? ", not '" : "", n && n->s ? n->s : "",
			    n && n->s ? "'" : "");
}

/*
 * hta_node_hundredths(), and hta_node_coverage() when `trunc`: decimals past
 * the second are dropped rather than refused (the value may still not
 * exceed max).
 */
static int node_hundredths(const struct hta_doc *d, const struct hta_node *n,
			   const char *what, long long max, bool trunc, long long *out,
			   struct hta_err *err)
{
	bool more = false; /* a non-zero digit past the second decimal */
	if (!n || n->kind != HTA_NODE_SCALAR || !n->plain || n->len == 0 ||
	    n->len > (trunc ? 64 : 12))
		goto bad;
	const char *p = n->s;
	long long whole = 0, frac = 0;
	int digits = 0, fd = 0;
	for (; *p >= '0' && *p <= '9'; p++, digits++)
		if (whole <= 1000000000LL) /* past it: out of range below, no overflow */
			whole = whole * 10 + (*p - '0');
	if (!digits)
		goto bad;
	if (*p == '.') {
		p++;
		for (; *p >= '0' && *p <= '9'; p++, fd++) {
			if (fd < 2)
				frac = frac * 10 + (*p - '0');
			else if (*p != '0' && trunc)
				more = true;
			else if (*p != '0')
				return hta_node_err(d, n, err,
						    "%s takes at most two decimals, not %s",
						    what, n->s);
		}
		if (!fd)
			goto bad;
		if (fd == 1)
			frac *= 10;
	}
	if (*p)
		goto bad;
	long long v = whole * 100 + frac;
	if (v > max * 100 || (v == max * 100 && more))
		return hta_node_err(d, n, err, "%s must be between 0 and %lld, not %s",
				    what, max, n->s);
	*out = v;
	return 0;
bad:
	return hta_node_err(d, n, err, "%s must be a number from 0 to %lld%s%s%s", what,
			    max, n && n->s ? ", not '" : "", n && n->s ? n->s : "",
			    n && n->s ? "'" : "");
}

int hta_node_hundredths(const struct hta_doc *d, const struct hta_node *n,
			const char *what, long long max, long long *out,
			struct hta_err *err)
{
	return node_hundredths(d, n, what, max, false, out, err);
}

int hta_node_coverage(const struct hta_doc *d, const struct hta_node *n,
		      const char *what, long long *out, struct hta_err *err)
{
	return node_hundredths(d, n, what, 100, true, out, err);
}

int hta_node_bool(const struct hta_doc *d, const struct hta_node *n,
		  const char *what, bool *out, struct hta_err *err)
{
	if (n && n->kind == HTA_NODE_SCALAR && n->plain) {
		if (strcasecmp(n->s, "true") == 0) {
			*out = true;
			return 0;
		}
		if (strcasecmp(n->s, "false") == 0) {
			*out = false;
			return 0;
		}
	}
	return hta_node_err(d, n, err, "%s must be true or false%s%s%s", what,
			    n && n->s ? ", not '" : "", n && n->s ? n->s : "",
			    n && n->s ? "'" : "");
}

int hta_node_date(const struct hta_doc *d, const struct hta_node *n,
		  const char *what, int *out, struct hta_err *err)
{
	if (!n || n->kind != HTA_NODE_SCALAR || hta_date_parse(n->s, out) != 0)
		return hta_node_err(d, n, err,
				    "%s must be a real date as YYYY-MM-DD%s%s%s", what,
				    n && n->s ? ", not '" : "", n && n->s ? n->s : "",
				    n && n->s ? "'" : "");
	return 0;
}
