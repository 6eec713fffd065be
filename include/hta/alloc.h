/*
 * alloc.h — the library's allocator and arenas.
 *
 * Every allocation of the library goes through hta_malloc()/hta_realloc()
 * so a test build can make the Nth allocation fail (as SQLite's fault
 * injector does) and check that each failure is handled. Long-lived data
 * (a catalog, a run) lives in an arena freed at once.
 */
#ifndef HTA_ALLOC_H
#define HTA_ALLOC_H

#include <stddef.h>

/* malloc/realloc/free/strdup through the injectable allocator. */
void *hta_malloc(size_t n);
void *hta_calloc(size_t n, size_t size);
void *hta_realloc(void *p, size_t n);
void hta_free(void *p);
char *hta_strdup(const char *s);

/*
 * Fault injection for tests: after `n` more successful allocations, every
 * allocation fails (n < 0 disables). Returns the number of allocations made
 * since the last call.
 */
long hta_alloc_fail_after(long n);

/*
 * Transient fault injection: only the allocation after `n` more successful
 * ones fails, and later ones succeed again (n < 0 disables). Returns what
 * hta_alloc_fail_after() returns.
 */
long hta_alloc_fail_once(long n);

/*
 * How many allocations of the calling thread have failed so far (injected
 * or real). A caller of a library that reports "failed" without saying why
 * (cJSON returns NULL for bad input and for no memory alike) compares it
 * before and after; other threads' failures do not count.
 */
unsigned long hta_alloc_failures(void);

/*
 * Nonzero while a fault is armed (hta_alloc_fail_after/_once with n >= 0).
 * The library's parallel loops (hta/par.h) then run on the calling thread
 * alone, so that the Nth allocation is the same one on every run. The
 * injector itself is thread-safe: its counters are atomic.
 */
int hta_alloc_injecting(void);

/*
 * Route the allocations of the libraries underneath through the injectable
 * allocator too: cJSON (cJSON_InitHooks) and SQLite (SQLITE_CONFIG_MALLOC,
 * which SQLite accepts only before it is first initialised in the
 * process). libyaml has no allocator hooks, so its allocations stay
 * outside fault injection (its failures are still reported: HTA_ENOMEM).
 * Idempotent; the library calls it itself in hta_doc_parse() and
 * hta_store_open(), so a program needs it only when it uses SQLite
 * before the library does. Returns 0, or -1 when SQLite was already
 * initialised with its own allocator.
 */
int hta_alloc_hook_libraries(void);

/* An arena: bump allocation in chunks; everything freed by hta_arena_free. */
struct hta_arena {
	struct hta_chunk *head;
	size_t total;
};

#define HTA_ARENA_INIT { 0, 0 }

/* Allocate `n` zeroed bytes aligned for any type, or NULL on failure. */
void *hta_arena_alloc(struct hta_arena *a, size_t n);

/* Allocate an array of `count` zeroed elements, overflow-checked. */
void *hta_arena_array(struct hta_arena *a, size_t count, size_t size);

/* Copy a string (or `n` bytes of it plus a NUL) into the arena. */
char *hta_arena_strdup(struct hta_arena *a, const char *s);
char *hta_arena_strndup(struct hta_arena *a, const char *s, size_t n);

/* printf into the arena; NULL on failure. */
char *hta_arena_printf(struct hta_arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Free every chunk; the arena is empty and reusable afterwards. */
void hta_arena_free(struct hta_arena *a);

/*
 * Hand every chunk of `src` to `dst`, which frees them with its own; `src`
 * is left empty. Nothing is copied or allocated, so pointers into `src`
 * stay valid: a worker thread fills an arena of its own, and the owner
 * adopts it once the worker is done.
 */
void hta_arena_adopt(struct hta_arena *dst, struct hta_arena *src);

/*
 * A growable array of pointers (owned by the arena for its elements' sake,
 * but the backing store is heap: free with hta_ptrvec_free).
 */
struct hta_ptrvec {
	void **v;
	size_t n, cap;
};

/* Append; returns 0 or HTA_ENOMEM. */
int hta_ptrvec_push(struct hta_ptrvec *pv, void *p);
void hta_ptrvec_free(struct hta_ptrvec *pv);

/* A growable string buffer (heap). */
struct hta_buf {
	char *s;
	size_t len, cap;
	int failed; /* set once an append failed; later appends are no-ops */
};

#define HTA_BUF_INIT { 0, 0, 0, 0 }

void hta_buf_add(struct hta_buf *b, const char *s, size_t n);
void hta_buf_puts(struct hta_buf *b, const char *s);
void hta_buf_printf(struct hta_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void hta_buf_free(struct hta_buf *b);

#endif
