/*
 * alloc.c — the injectable allocator, arenas, pointer vectors and string
 * buffers. Everything the library allocates passes through here so that
 * tests can fail the Nth allocation.
 */
#include "hta/alloc.h"
#include "hta/hta.h"

#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * The fault injector is shared by every thread (the library parses on
 * several, hta/par.h), so its state is atomic. Disarmed, an allocation
 * costs one relaxed increment; armed, the countdown is a compare-and-swap
 * loop, so that exactly one allocation sees zero. The failure count is per
 * thread: a caller comparing it around a call (see hta_alloc_failures)
 * must not see another thread's failures.
 */
static atomic_long fail_after = -1; /* allocations left before failing; <0: never */
static atomic_int fail_once;         /* only that one fails */
static atomic_long alloc_count;
static _Thread_local unsigned long failures;

static int should_fail(void)
{
	atomic_fetch_add_explicit(&alloc_count, 1, memory_order_relaxed);
	long left = atomic_load_explicit(&fail_after, memory_order_relaxed);
	while (left >= 0) {
		long next = left > 0 ? left - 1 : atomic_load(&fail_once) ? -1 : 0;
		if (left > 0 || next != left) {
			if (!atomic_compare_exchange_weak(&fail_after, &left, next))
				continue; /* another thread moved it: look again */
		}
		if (left > 0)
			return 0;
		failures++;
		return 1;
	}
	return 0;
}

unsigned long hta_alloc_failures(void)
{
	return failures;
}

int hta_alloc_injecting(void)
{
	return atomic_load(&fail_after) >= 0;
}

static long arm(long n, int once)
{
	atomic_store(&fail_after, -1); /* disarmed while it is set up */
	atomic_store(&fail_once, once);
	long c = atomic_exchange(&alloc_count, 0);
	atomic_store(&fail_after, n);
	return c;
}

long hta_alloc_fail_after(long n)
{
	return arm(n, 0);
}

long hta_alloc_fail_once(long n)
{
	return arm(n, 1);
}

/* A real allocation failure counts like an injected one. */
static void *counted(void *p)
{
	if (!p)
		failures++;
	return p;
}

void *hta_malloc(size_t n)
{
	if (should_fail())
		return NULL;
	return counted(malloc(n ? n : 1));
}

void *hta_calloc(size_t n, size_t size)
{
	if (should_fail())
		return NULL;
	return counted(calloc(n ? n : 1, size ? size : 1));
}

void *hta_realloc(void *p, size_t n)
{
	if (should_fail())
		return NULL;
	return counted(realloc(p, n ? n : 1));
}

void hta_free(void *p)
{
	free(p);
}

char *hta_strdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = hta_malloc(n);
	if (d)
		memcpy(d, s, n);
	return d;
}

/* Arena chunks: a header followed by the payload. */
struct hta_chunk {
	struct hta_chunk *next;
	size_t used, size;
	max_align_t data[];
};

#define CHUNK_MIN ((size_t)64 * 1024)
#define ALIGN (sizeof(max_align_t))

void *hta_arena_alloc(struct hta_arena *a, size_t n)
{
	struct hta_chunk *c = a->head;
	size_t need = (n + ALIGN - 1) & ~(ALIGN - 1);
	if (need < n)
		return NULL;
	if (!c || c->size - c->used < need) {
		size_t size = need > CHUNK_MIN ? need : CHUNK_MIN;
		if (size > SIZE_MAX - sizeof(*c))
			return NULL;
		c = hta_malloc(sizeof(*c) + size);
		if (!c)
			return NULL;
		c->used = 0;
		c->size = size;
		/* A big one-off block goes behind the head so the head keeps
		 * its free room for the small allocations that follow. */
		if (a->head && need > CHUNK_MIN) {
			c->next = a->head->next;
			a->head->next = c;
		} else {
			c->next = a->head;
			a->head = c;
		}
		a->total += size;
	}
	void *p = (char *)c->data + c->used;
	c->used += need;
	memset(p, 0, n);
	return p;
}

void *hta_arena_array(struct hta_arena *a, size_t count, size_t size)
{
	if (size && count > SIZE_MAX / size)
		return NULL;
	return hta_arena_alloc(a, count * size);
}

char *hta_arena_strndup(struct hta_arena *a, const char *s, size_t n)
{
	char *d = hta_arena_alloc(a, n + 1);
	if (d) {
		memcpy(d, s, n);
		d[n] = 0;
	}
	return d;
}

char *hta_arena_strdup(struct hta_arena *a, const char *s)
{
	return s ? hta_arena_strndup(a, s, strlen(s)) : NULL;
}

char *hta_arena_printf(struct hta_arena *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return NULL;
	char *d = hta_arena_alloc(a, (size_t)n + 1);
	if (!d)
		return NULL;
	va_start(ap, fmt);
	vsnprintf(d, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return d;
}

void hta_arena_free(struct hta_arena *a)
{
	struct hta_chunk *c = a->head;
	while (c) {
		struct hta_chunk *next = c->next;
		hta_free(c);
		c = next;
	}
	a->head = NULL;
	a->total = 0;
}

void hta_arena_adopt(struct hta_arena *dst, struct hta_arena *src)
{
	struct hta_chunk *tail = src->head;
	if (!tail)
		return;
	while (tail->next)
		tail = tail->next;
	/* Behind dst's head, which keeps its free room for what follows. */
	if (dst->head) {
		tail->next = dst->head->next;
		dst->head->next = src->head;
	} else {
		dst->head = src->head;
	}
	dst->total += src->total;
	src->head = NULL;
	src->total = 0;
}

int hta_ptrvec_push(struct hta_ptrvec *pv, void *p)
{
	if (pv->n == pv->cap) {
		size_t cap = pv->cap ? pv->cap * 2 : 16;
		void **v = hta_realloc(pv->v, cap * sizeof(*v));
		if (!v)
			return HTA_ENOMEM;
		pv->v = v;
		pv->cap = cap;
	}
	pv->v[pv->n++] = p;
	return 0;
}

void hta_ptrvec_free(struct hta_ptrvec *pv)
{
	hta_free(pv->v);
	pv->v = NULL;
	pv->n = pv->cap = 0;
}

void hta_buf_add(struct hta_buf *b, const char *s, size_t n)
{
	if (b->failed)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		while (cap < b->len + n + 1) {
			if (cap > SIZE_MAX / 2) {
				b->failed = 1;
				return;
			}
			cap *= 2;
		}
		char *s2 = hta_realloc(b->s, cap);
		if (!s2) {
			b->failed = 1;
			return;
		}
		b->s = s2;
		b->cap = cap;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = 0;
}

void hta_buf_puts(struct hta_buf *b, const char *s)
{
	hta_buf_add(b, s, strlen(s));
}

void hta_buf_printf(struct hta_buf *b, const char *fmt, ...)
{
	char small[512];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0) {
		b->failed = 1;
		return;
	}
	if ((size_t)n < sizeof(small)) {
		hta_buf_add(b, small, (size_t)n);
		return;
	}
	char *big = hta_malloc((size_t)n + 1);
	if (!big) {
		b->failed = 1;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	va_end(ap);
	hta_buf_add(b, big, (size_t)n);
	hta_free(big);
}

void hta_buf_free(struct hta_buf *b)
{
	hta_free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
	b->failed = 0;
}
