/*
 * alloc_hooks.c — hand cJSON's and SQLite's allocations to the injectable
 * allocator (hta/alloc.h), so that a fault-injection test reaches the
 * allocations made on the library's behalf, not only its own.
 *
 * SQLite asks its allocator for the size of a block (xSize), which
 * malloc() cannot answer portably, so each block carries its size in a
 * header of one max_align_t (keeping SQLite's 8-byte alignment).
 */
#include "hta/alloc.h"

#include <cjson/cJSON.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stddef.h>
#include <string.h>

#define HDR (sizeof(max_align_t))

static void *sq_malloc(int n)
{
	if (n <= 0)
		return NULL;
	char *p = hta_malloc((size_t)n + HDR);
	if (!p)
		return NULL;
	memcpy(p, &(size_t){ (size_t)n }, sizeof(size_t));
	return p + HDR;
}

static void sq_free(void *p)
{
	if (p)
		hta_free((char *)p - HDR);
}

static void *sq_realloc(void *p, int n)
{
	if (!p)
		return sq_malloc(n);
	if (n <= 0)
		return NULL;
	char *q = hta_realloc((char *)p - HDR, (size_t)n + HDR);
	if (!q)
		return NULL; /* the old block stays valid, as SQLite expects */
	memcpy(q, &(size_t){ (size_t)n }, sizeof(size_t));
	return q + HDR;
}

static int sq_size(void *p)
{
	size_t n = 0;
	if (p)
		memcpy(&n, (char *)p - HDR, sizeof(size_t));
	return (int)n;
}

static int sq_roundup(int n)
{
	return (n + 7) & ~7;
}

static int sq_init(void *app)
{
	(void)app;
	return SQLITE_OK;
}

static void sq_shutdown(void *app)
{
	(void)app;
}

static void *cj_malloc(size_t n)
{
	return hta_malloc(n);
}

static void cj_free(void *p)
{
	hta_free(p);
}

static int state; /* 1: hooked; -1: SQLite was already up */

static void hook_once(void)
{
	cJSON_Hooks hooks = { cj_malloc, cj_free };
	cJSON_InitHooks(&hooks);
	static const sqlite3_mem_methods mem = { sq_malloc, sq_free, sq_realloc, sq_size,
						 sq_roundup, sq_init, sq_shutdown, NULL };
	state = sqlite3_config(SQLITE_CONFIG_MALLOC, &mem) == SQLITE_OK ? 1 : -1;
}

int hta_alloc_hook_libraries(void)
{
	/* Once per process, whichever thread comes first (hta_doc_parse runs
	 * on the parsing workers too); pthread_once orders `state`. */
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, hook_once);
	return state > 0 ? 0 : -1;
}
