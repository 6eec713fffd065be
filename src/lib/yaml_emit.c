/*
 * yaml_emit.c — the YAML writer shared by manifest.c and scope.c
 * (yaml_emit_int.h).
 */
#include "yaml_emit_int.h"

#include "hta/date.h"
#include "hta/doc.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#define NOMEM(err) hta_err_set((err), HTA_ENOMEM, "out of memory")

static int out_handler(void *ctx, unsigned char *buf, size_t size)
{
	struct hta_buf *b = ctx;
	hta_buf_add(b, (const char *)buf, size);
	return !b->failed;
}

static bool reserved_word(const char *s)
{
	static const char *const w[] = { "y", "n", "yes", "no", "on", "off", "true", "false",
					 "null", NULL };
	for (const char *const *p = w; *p; p++)
		if (strcasecmp(s, *p) == 0)
			return true;
	return false;
}

/* Could `s` be written plain and read back as this string, whatever the
 * reader's idea of implicit types? */
bool hta_ye_plain_safe(const char *s)
{
	if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')))
		return false;
	for (const char *p = s; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || strchr("._/@+-", *p)))
			return false;
	return !reserved_word(s);
}

static int ev_emit(struct hta_ye *x, yaml_event_t *ev)
{
	if (x->rc)
		return x->rc;
	if (!yaml_emitter_emit(&x->e, ev)) {
		if (x->out->failed || x->e.error == YAML_MEMORY_ERROR)
			x->rc = NOMEM(x->err);
		else
			x->rc = hta_err_set(x->err, HTA_EINVAL, "cannot write %s: %s",
					    x->what, x->e.problem ? x->e.problem : "emitter error");
	}
	return x->rc;
}

int hta_ye_scalar(struct hta_ye *x, const char *s, bool plain)
{
	yaml_event_t ev;
	if (x->rc)
		return x->rc;
	x->nodes++;
	if (!yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)s, (int)strlen(s),
					  plain, !plain,
					  plain ? YAML_PLAIN_SCALAR_STYLE
						: YAML_DOUBLE_QUOTED_SCALAR_STYLE))
		return x->rc = hta_err_set(x->err, HTA_EINVAL, "text is not valid UTF-8: '%.40s'",
					   s);
	return ev_emit(x, &ev);
}

/*
 * A user's string, checked to read back as itself: not empty or blank
 * (the reader refuses those), within the reader's scalar limit, UTF-8.
 */
int hta_ye_text(struct hta_ye *x, const char *what, const char *s)
{
	if (x->rc)
		return x->rc;
	if (!s)
		return x->rc = hta_err_set(x->err, HTA_EINVAL, "%s: no value", what);
	if (!s[strspn(s, " \t\r\n")])
		return x->rc = hta_err_set(x->err, HTA_EINVAL, "%s must not be empty", what);
	if (strlen(s) > hta_doc_limits_small.max_scalar)
		return x->rc = hta_err_set(x->err, HTA_EINVAL, "%s is too long (limit %zu bytes)",
					   what, hta_doc_limits_small.max_scalar);
	if (hta_ye_scalar(x, s, hta_ye_plain_safe(s)) == HTA_EINVAL)
		hta_err_set(x->err, HTA_EINVAL, "%s is not valid UTF-8 text", what);
	return x->rc;
}

int hta_ye_key(struct hta_ye *x, const char *k)
{
	return hta_ye_scalar(x, k, true);
}

int hta_ye_map_start(struct hta_ye *x, bool flow)
{
	yaml_event_t ev;
	x->nodes++;
	yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1,
					    flow ? YAML_FLOW_MAPPING_STYLE : YAML_BLOCK_MAPPING_STYLE);
	return ev_emit(x, &ev);
}

int hta_ye_map_end(struct hta_ye *x)
{
	yaml_event_t ev;
	yaml_mapping_end_event_initialize(&ev);
	return ev_emit(x, &ev);
}

int hta_ye_date(struct hta_ye *x, int days)
{
	char d[16];
	int back;
	/* 1900-01-01 .. 9999-12-31, what hta_date_parse() reads back. */
	if (days < -25567 || days > 2932896)
		return x->rc = hta_err_set(x->err, HTA_EINVAL, "date out of range (1900..9999)");
	hta_date_format(days, d);
	if (hta_date_parse(d, &back) != 0 || back != days)
		return x->rc = hta_err_set(x->err, HTA_EINVAL, "date out of range (1900..9999)");
	return hta_ye_scalar(x, d, true);
}

int hta_ye_list(struct hta_ye *x, const char *k, const char *what, const char *const *v, size_t n)
{
	if (!n)
		return x->rc;
	if (n > hta_doc_limits_small.max_items)
		return x->rc = hta_err_set(x->err, HTA_EINVAL, "%s: too many items (limit %zu)", k,
					   hta_doc_limits_small.max_items);
	hta_ye_key(x, k);
	hta_ye_seq_start(x, true);
	for (size_t i = 0; i < n; i++)
		hta_ye_text(x, what, v[i]);
	return hta_ye_seq_end(x);
}

int hta_ye_seq_start(struct hta_ye *x, bool flow)
{
	yaml_event_t ev;
	x->nodes++;
	yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1,
					     flow ? YAML_FLOW_SEQUENCE_STYLE : YAML_BLOCK_SEQUENCE_STYLE);
	return ev_emit(x, &ev);
}

int hta_ye_seq_end(struct hta_ye *x)
{
	yaml_event_t ev;
	yaml_sequence_end_event_initialize(&ev);
	return ev_emit(x, &ev);
}

int hta_ye_begin(struct hta_ye *x, struct hta_buf *out, const char *what, struct hta_err *err)
{
	yaml_event_t ev;
	memset(x, 0, sizeof(*x));
	x->out = out;
	x->err = err;
	x->what = what;
	hta_alloc_hook_libraries();
	if (!yaml_emitter_initialize(&x->e))
		return x->rc = NOMEM(err);
	yaml_emitter_set_output(&x->e, out_handler, out);
	yaml_emitter_set_unicode(&x->e, 1);
	yaml_emitter_set_width(&x->e, -1);
	yaml_emitter_set_indent(&x->e, 2);
	yaml_emitter_set_break(&x->e, YAML_LN_BREAK);
	yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING);
	ev_emit(x, &ev);
	yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1);
	ev_emit(x, &ev);
	return 0; /* a failure so far is in x->rc; hta_ye_end() frees the emitter */
}

int hta_ye_end(struct hta_ye *x)
{
	yaml_event_t ev;
	yaml_document_end_event_initialize(&ev, 1);
	ev_emit(x, &ev);
	yaml_stream_end_event_initialize(&ev);
	ev_emit(x, &ev);
	if (!x->rc && !yaml_emitter_flush(&x->e))
		x->rc = NOMEM(x->err);
	yaml_emitter_delete(&x->e);
	if (!x->rc && x->out->failed)
		x->rc = NOMEM(x->err);
	return x->rc;
}
