/*
 * hash.h — evidence integrity: the SHA-256 of every artifact a manifest
 * names, so that a stored run proves which bytes were reviewed.
 *
 * The digest is OpenSSL's (libcrypto EVP), never a hand-written one. Files
 * are streamed in fixed-size blocks (memory does not grow with file size)
 * by a small pool of worker threads, one per online CPU. Each distinct file
 * is read once, however many manifests name it.
 *
 * The incremental cache works like git's index: a caller-supplied look-up
 * (the report database, see hta_store_hash_lookup) may fill in the hash of
 * a file whose path, size, mtime (ns), ctime (ns) and inode are what they
 * were when it was last hashed; such a file is not opened at all. The
 * ctime is what catches an in-place edit whose mtime was set back
 * (`touch -d`): no one but the kernel sets a ctime.
 *
 * Threads: hta_hash_items() starts and joins its workers; every callback
 * runs on the calling thread, and the workers never allocate (everything
 * they need is allocated before they start).
 */
#ifndef HTA_HASH_H
#define HTA_HASH_H

#include "hta/hta.h"

/* A SHA-256 as lowercase hex, with its NUL. */
#define HTA_SHA256_HEX 65

/* The default read size: fits a core's L2 cache, amortises the syscalls. */
#define HTA_HASH_BLOCK (128u * 1024u)

/* Never more workers than this, whatever the CPU count. */
#define HTA_HASH_MAX_THREADS 64

/*
 * A stored hash is reused only when the file's mtime and ctime are both at
 * least this much older than the moment its run began reading artifacts: a
 * file written in the same timestamp tick as it was hashed could change
 * again without either moving (git's "racily clean" entries). 2 s covers coarse (FAT, some
 * network) filesystems as well as the kernel's jiffy-grained clock.
 */
#define HTA_HASH_RACY_NS 2000000000LL

/* What became of one item (struct hta_hash_item.state). */
enum hta_hash_state {
	HTA_HASH_TODO = 0,   /* to be read and hashed */
	HTA_HASH_CACHED,     /* sha256 came from the cache; the file was not read */
	HTA_HASH_DONE,       /* read and hashed by this call */
	HTA_HASH_UNREADABLE, /* could not be opened or read: err_no says why
			      * (a reason about the file itself, see
			      * hta_errno_is_about_file; any other errno is an
			      * error of the run, see hta_evidence_hash) */
	HTA_HASH_REPLACED,   /* no longer the regular file that was resolved
			      * (another inode, a symlink, a FIFO, a device) */
	HTA_HASH_MODIFIED    /* its size or mtime changed while it was read */
};

/* One file to hash. */
struct hta_hash_item {
	const char *name;          /* as the manifests name it (relative to the root) */
	const char *path;          /* what to open: an absolute, resolved path */
	unsigned long long ino;    /* the inode it must still have; 0: any */
	long long size, mtime_ns;  /* in: as resolved (the cache key);
				    * out (DONE): as read, from the open file */
	long long ctime_ns;        /* the same, for the inode's change time */
	int state;                 /* enum hta_hash_state */
	int err_no;                /* UNREADABLE: the errno */
	char sha256[HTA_SHA256_HEX]; /* CACHED, DONE: lowercase hex */
};

/* Progress of one hta_hash_items() call. */
struct hta_hash_progress {
	size_t items, done;                  /* files to read, files finished */
	size_t skipped;                      /* items not to read (hash known) */
	unsigned long long bytes, bytes_done; /* their sizes as resolved, bytes read */
};

struct hta_hash_opts {
	unsigned threads;  /* workers; 0: the online CPUs (at most HTA_HASH_MAX_THREADS) */
	size_t block;      /* bytes per read(); 0: HTA_HASH_BLOCK */
	/* Called on the calling thread about ten times a second while files
	 * are read, and once at the end; may be NULL. */
	void (*progress)(void *ctx, const struct hta_hash_progress *p);
	void *progress_ctx;
};

#define HTA_HASH_OPTS_INIT { 0, 0, NULL, NULL }

/*
 * The incremental cache, as a callback: mark as HTA_HASH_CACHED (with
 * sha256 filled in) every item still HTA_HASH_TODO whose name, size,
 * mtime_ns, ctime_ns and ino match a hash known for evidence root `root`. Items it
 * does not know stay TODO. Returns 0 or a negative HTA_E* code (the caller
 * then treats the cache as empty).
 */
typedef int (*hta_hash_cache_fn)(void *ctx, const char *root, struct hta_hash_item *items,
				 size_t n, struct hta_err *err);

/*
 * Hash every item in state HTA_HASH_TODO; leave the others alone. Each
 * file is opened with O_NOFOLLOW|O_NONBLOCK and checked with fstat() to be
 * a regular file with the expected inode before a byte is read; problems
 * with a file are recorded in its item, never returned. Returns 0, or
 * HTA_ENOMEM / HTA_EIO (OpenSSL could not provide SHA-256).
 */
int hta_hash_items(struct hta_hash_item *items, size_t n, const struct hta_hash_opts *o,
		   struct hta_err *err);

/* SHA-256 of a memory buffer, as hex. Returns 0 or HTA_EIO. */
int hta_sha256_mem(const void *data, size_t len, char hex[HTA_SHA256_HEX], struct hta_err *err);

#endif
