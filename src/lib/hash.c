/*
 * hash.c — SHA-256 of the evidence artifacts: a small pool of worker
 * threads streaming files through OpenSSL's EVP interface. (The glue that
 * turns the evidence check's artifacts into hash items and unreadable
 * files into findings is evidence_hash.c.)
 *
 * Why a thread per core: SHA-256 is CPU-bound (about 2 GB/s per core with
 * the SHA extensions, several times slower than copying from the page
 * cache), so the only way under one core's time is to use every core. Each
 * worker pulls the next file from a shared atomic cursor, so there is no
 * queue to lock; files are handed out largest first so that the last one
 * to finish is a small one and the cores finish together.
 */
#include "hta/alloc.h"
#include "hta/hash.h"
#include "hta/par.h"

#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define NOMEM(err) hta_err_set((err), HTA_ENOMEM, "out of memory")

/* ---- the digest ---- */

/*
 * OpenSSL 3 looks the algorithm up in its provider tables on every
 * EVP_DigestInit_ex() given EVP_sha256(); fetching it once saves that per
 * file. Older libraries have no fetch: the static method is the method.
 */
static EVP_MD *md_fetch(void)
{
#if OPENSSL_VERSION_NUMBER >= 0x30000000L
	return EVP_MD_fetch(NULL, "SHA2-256", NULL);
#else
	return (EVP_MD *)EVP_sha256();
#endif
}

static void md_free(EVP_MD *md)
{
#if OPENSSL_VERSION_NUMBER >= 0x30000000L
	EVP_MD_free(md);
#else
	(void)md;
#endif
}

static void to_hex(const unsigned char *d, unsigned n, char *hex)
{
	static const char digits[] = "0123456789abcdef";
	for (unsigned i = 0; i < n; i++) {
		hex[2 * i] = digits[d[i] >> 4];
		hex[2 * i + 1] = digits[d[i] & 15];
	}
	hex[2 * n] = 0;
}

int hta_sha256_mem(const void *data, size_t len, char hex[HTA_SHA256_HEX], struct hta_err *err)
{
	unsigned char d[EVP_MAX_MD_SIZE];
	unsigned n = 0;
	if (!EVP_Digest(data, len, d, &n, EVP_sha256(), NULL) || n != 32)
		return hta_err_set(err, HTA_EIO, "SHA-256 is not available from OpenSSL");
	to_hex(d, n, hex);
	return 0;
}

/* ---- the worker pool ---- */

struct pool {
	struct hta_hash_item **todo; /* largest first */
	size_t n_todo;
	atomic_size_t next;          /* the next todo[] index to take */
	atomic_size_t done;
	atomic_ullong bytes_done;
	atomic_int evp_failed;
	const EVP_MD *md;
	size_t block;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	unsigned running;            /* workers not yet finished (under mu) */
};

struct worker {
	struct pool *p;
	EVP_MD_CTX *ctx;
	unsigned char *buf;
	pthread_t tid;
	bool started;
};

static long long st_mtime_ns(const struct stat *st)
{
	return (long long)st->st_mtim.tv_sec * 1000000000LL + st->st_mtim.tv_nsec;
}

static long long st_ctime_ns(const struct stat *st)
{
	return (long long)st->st_ctim.tv_sec * 1000000000LL + st->st_ctim.tv_nsec;
}

/* Read one file through the digest. Never allocates. */
static void hash_one(struct worker *w, struct hta_hash_item *it)
{
	const int flags = O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY;
	int fd = open(it->path, flags | O_NOATIME);
	if (fd < 0 && errno == EPERM) /* O_NOATIME needs the file's owner */
		fd = open(it->path, flags);
	if (fd < 0) {
		/* ELOOP: the last component is now a symlink; ENXIO: a socket. */
		it->state = errno == ELOOP || errno == ENXIO ? HTA_HASH_REPLACED : HTA_HASH_UNREADABLE;
		it->err_no = errno;
		return;
	}
	struct stat before, after;
	if (fstat(fd, &before) < 0) {
		it->state = HTA_HASH_UNREADABLE;
		it->err_no = errno;
		goto out;
	}
	if (!S_ISREG(before.st_mode) || (it->ino && (unsigned long long)before.st_ino != it->ino)) {
		it->state = HTA_HASH_REPLACED;
		goto out;
	}
	it->size = (long long)before.st_size;
	it->mtime_ns = st_mtime_ns(&before);
	it->ctime_ns = st_ctime_ns(&before);
	/* A large file read from disk gains from a doubled readahead window; a
	 * small one, or one already in the page cache, only pays a syscall. */
	if (before.st_size > (off_t)(8 * w->p->block))
		(void)posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
	if (!EVP_DigestInit_ex(w->ctx, w->p->md, NULL)) {
		atomic_store(&w->p->evp_failed, 1);
		it->state = HTA_HASH_UNREADABLE;
		goto out;
	}
	long long total = 0;
	for (;;) {
		ssize_t r = read(fd, w->buf, w->p->block);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			it->state = HTA_HASH_UNREADABLE;
			it->err_no = errno;
			goto out;
		}
		if (r == 0)
			break;
		if (!EVP_DigestUpdate(w->ctx, w->buf, (size_t)r)) {
			atomic_store(&w->p->evp_failed, 1);
			it->state = HTA_HASH_UNREADABLE;
			goto out;
		}
		total += r;
		atomic_fetch_add_explicit(&w->p->bytes_done, (unsigned long long)r,
					  memory_order_relaxed);
	}
	unsigned char d[EVP_MAX_MD_SIZE];
	unsigned n = 0;
	if (!EVP_DigestFinal_ex(w->ctx, d, &n) || n != 32) {
		atomic_store(&w->p->evp_failed, 1);
		it->state = HTA_HASH_UNREADABLE;
		goto out;
	}
	/* A file appended to or rewritten while we read it has no single hash. */
	if (fstat(fd, &after) < 0 || after.st_size != before.st_size ||
	    st_mtime_ns(&after) != it->mtime_ns || st_ctime_ns(&after) != it->ctime_ns ||
	    total != (long long)before.st_size) {
		it->state = HTA_HASH_MODIFIED;
		goto out;
	}
	to_hex(d, n, it->sha256);
	it->state = HTA_HASH_DONE;
out:
	close(fd);
}

static void work(struct worker *w)
{
	struct pool *p = w->p;
	for (;;) {
		size_t i = atomic_fetch_add(&p->next, 1);
		if (i >= p->n_todo)
			break;
		hash_one(w, p->todo[i]);
		atomic_fetch_add(&p->done, 1);
	}
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	work(w);
	pthread_mutex_lock(&w->p->mu);
	w->p->running--;
	pthread_cond_signal(&w->p->cv);
	pthread_mutex_unlock(&w->p->mu);
	return NULL;
}

static int by_size_desc(const void *a, const void *b)
{
	const struct hta_hash_item *x = *(struct hta_hash_item *const *)a;
	const struct hta_hash_item *y = *(struct hta_hash_item *const *)b;
	return x->size < y->size ? 1 : x->size > y->size ? -1 : 0;
}

static void report(const struct pool *p, size_t n, unsigned long long bytes,
		   const struct hta_hash_opts *o)
{
	struct hta_hash_progress pr = { p->n_todo, atomic_load(&p->done), n - p->n_todo, bytes,
					atomic_load(&p->bytes_done) };
	o->progress(o->progress_ctx, &pr);
}

/*
 * Start up to `nw` workers on the pool (or do the work here when no
 * thread starts), wait for them, reporting progress every 100 ms when
 * asked, and join them.
 */
static void run_workers(struct pool *p, struct worker *w, unsigned nw, size_t n,
			unsigned long long bytes, const struct hta_hash_opts *o)
{
	unsigned started = 0;
	pthread_mutex_init(&p->mu, NULL);
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&p->cv, &ca);
	pthread_condattr_destroy(&ca);

	pthread_mutex_lock(&p->mu);
	for (unsigned i = 0; i < nw; i++) {
		p->running++;
		if (pthread_create(&w[i].tid, NULL, worker_main, &w[i]) != 0) {
			p->running--;
			break; /* go on with the workers we have */
		}
		w[i].started = true;
		started++;
	}
	if (started == 0) {
		/* No thread at all: do the work here. */
		pthread_mutex_unlock(&p->mu);
		work(&w[0]);
		pthread_mutex_lock(&p->mu);
	}
	while (p->running > 0) {
		if (!o->progress) {
			pthread_cond_wait(&p->cv, &p->mu);
			continue;
		}
		struct timespec ts;
		clock_gettime(CLOCK_MONOTONIC, &ts);
		ts.tv_nsec += 100000000L;
		if (ts.tv_nsec >= 1000000000L) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000L;
		}
		if (pthread_cond_timedwait(&p->cv, &p->mu, &ts) == ETIMEDOUT) {
			pthread_mutex_unlock(&p->mu);
			report(p, n, bytes, o);
			pthread_mutex_lock(&p->mu);
		}
	}
	pthread_mutex_unlock(&p->mu);
	for (unsigned i = 0; i < nw; i++)
		if (w[i].started)
			pthread_join(w[i].tid, NULL);
	pthread_cond_destroy(&p->cv);
	pthread_mutex_destroy(&p->mu);
}

int hta_hash_items(struct hta_hash_item *items, size_t n, const struct hta_hash_opts *o,
		   struct hta_err *err)
{
	static const struct hta_hash_opts defaults = HTA_HASH_OPTS_INIT;
	struct pool p;
	struct worker *w = NULL;
	unsigned nw = 0;
	unsigned long long bytes = 0;
	int rc = 0;
	if (!o)
		o = &defaults;
	memset(&p, 0, sizeof(p));
	for (size_t i = 0; i < n; i++)
		if (items[i].state == HTA_HASH_TODO) {
			p.n_todo++;
			bytes += items[i].size > 0 ? (unsigned long long)items[i].size : 0;
		}
	if (p.n_todo == 0) {
		if (o->progress)
			report(&p, n, 0, o);
		return 0;
	}
	p.block = o->block ? o->block : HTA_HASH_BLOCK;
	nw = o->threads ? o->threads : hta_par_cpus();
	if (nw > HTA_HASH_MAX_THREADS)
		nw = HTA_HASH_MAX_THREADS;
	if (nw > p.n_todo)
		nw = (unsigned)p.n_todo;
	p.todo = hta_calloc(p.n_todo, sizeof(*p.todo));
	w = hta_calloc(nw, sizeof(*w));
	if (!p.todo || !w) {
		hta_free(p.todo);
		hta_free(w);
		return NOMEM(err);
	}
	for (size_t i = 0, k = 0; i < n; i++)
		if (items[i].state == HTA_HASH_TODO)
			p.todo[k++] = &items[i];
	qsort(p.todo, p.n_todo, sizeof(*p.todo), by_size_desc);
	if (!(p.md = md_fetch())) {
		rc = hta_err_set(err, HTA_EIO, "SHA-256 is not available from OpenSSL");
		goto done;
	}
	/* Everything a worker needs is allocated here, before it starts. */
	for (unsigned i = 0; i < nw; i++) {
		w[i].p = &p;
		if (!(w[i].buf = hta_malloc(p.block)) || !(w[i].ctx = EVP_MD_CTX_new())) {
			rc = NOMEM(err);
			goto done;
		}
	}
	run_workers(&p, w, nw, n, bytes, o);
	if (o->progress)
		report(&p, n, bytes, o);
	if (atomic_load(&p.evp_failed))
		rc = hta_err_set(err, HTA_EIO, "SHA-256 failed inside OpenSSL");
done:
	for (unsigned i = 0; i < nw; i++) {
		EVP_MD_CTX_free(w[i].ctx);
		hta_free(w[i].buf);
	}
	if (p.md)
		md_free((EVP_MD *)p.md);
	hta_free(w);
	hta_free(p.todo);
	return rc;
}
