/*
 * hta.h — common definitions of the hitrust-assess library: status codes,
 * the error record every fallible call fills, and version information.
 *
 * Conventions (see docs/decisions.md): a library call returns 0 on success
 * or a negative HTA_E* code, and on failure writes a one-line message into
 * the caller's struct hta_err, prefixed "FILE:LINE:COL: " when a user's
 * file is at fault. The library never prints and never exits.
 */
#ifndef HTA_HTA_H
#define HTA_HTA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HTA_VERSION "0.1.0"

/*
 * Where the tool is documented: SARIF's tool.driver.informationUri and the
 * Debian package's Homepage. The project has no public home yet, so the
 * default is a reserved example domain (RFC 2606); a release build sets
 * the real one with `make HOMEPAGE=URL`.
 */
#ifndef HTA_HOMEPAGE
#define HTA_HOMEPAGE "https://hitrust-assess.example/"
#endif

/* Status codes. Zero is success; every failure is negative. */
enum {
	HTA_OK = 0,
	HTA_EINVAL = -1,   /* input that cannot be read as written */
	HTA_ENOMEM = -2,   /* allocation failed */
	HTA_EIO = -3,      /* a file or directory could not be read/written */
	HTA_EDB = -4,      /* the report database failed */
	HTA_ENOTFOUND = -5, /* a looked-up thing does not exist */
	HTA_EBUSY = -6     /* the report database is locked by another process */
};

/* Room for one message; longer messages are truncated, never overflowed. */
#define HTA_ERR_MAX 512

/* The error record. `code` repeats the returned status. */
struct hta_err {
	int code;
	char msg[HTA_ERR_MAX];
};

/*
 * Set `err` (may be NULL) to `code` and a printf-style message; returns
 * `code` so a caller can write `return hta_err_set(err, HTA_EINVAL, ...)`.
 */
int hta_err_set(struct hta_err *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * Like hta_err_set(), prefixed with "FILE:LINE:COL: " (COL omitted when 0,
 * LINE and COL omitted when LINE is 0).
 */
int hta_err_at(struct hta_err *err, int code, const char *file, unsigned line,
	       unsigned col, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

/*
 * Whether a failed open/stat/read with this errno says something about the
 * file itself (it is missing, not allowed, replaced by a symlink or a
 * special file: ENOENT, ENOTDIR, EACCES, EPERM, ELOOP, ENXIO, ENODEV,
 * EISDIR, ENAMETOOLONG) rather than about the process or the machine
 * (EMFILE, ENFILE, ENOMEM, EIO, ... : an error of the run, never a finding).
 */
bool hta_errno_is_about_file(int e);

/*
 * `s` for a message about an identifier, in plain ASCII: printable ASCII as
 * it is, every other character as \uXXXX (\UXXXXXXXX above the BMP) and a
 * byte that is not UTF-8 as \xNN, so a look-alike (Cyrillic a, a zero-width
 * space, full-width digits) is visible. Written into buf (n bytes,
 * truncated with "..." when too long); returns buf.
 */
const char *hta_ascii_escape(const char *s, char *buf, size_t n);
/* The same for the first `len` bytes of `s` at most (it stops at a NUL). */
const char *hta_ascii_escape_n(const char *s, size_t len, char *buf, size_t n);

/*
 * hta_ascii_escape() into a buffer of the calling thread's own, for an id
 * or a name a user gave, as a printf argument of a message:
 *   hta_err_set(err, HTA_EINVAL, "unknown statement '%s'", hta_shown(id));
 * The result holds up to 255 bytes ("..." when cut) and stays valid until
 * the thread's fourth call after this one, so one message may show up to
 * four. NULL gives "(none)". hta_shown_n() shows at most `len` bytes.
 */
const char *hta_shown(const char *s);
const char *hta_shown_n(const char *s, size_t len);

/* Clear an error record. */
void hta_err_clear(struct hta_err *err);

/*
 * Every input error of a load (an evidence tree, a catalog), in the order
 * met: the first HTA_ERRLIST_MAX messages (FILE:LINE:COL: message, heap)
 * and the count of all.
 */
#define HTA_ERRLIST_MAX 50
struct hta_errlist {
	char *msg[HTA_ERRLIST_MAX];
	size_t n, total;
};

/* Count `msg` and keep a copy of it while fewer than HTA_ERRLIST_MAX are
 * kept. 0, or HTA_ENOMEM when the copy fails (the count stands). */
int hta_errlist_add(struct hta_errlist *l, const char *msg);

/*
 * For a reader that goes on past a bad value (every error of a file
 * reported): keep the error `e` of the part just read. Its message goes to
 * `l` (may be NULL) and the first error of the read stays in `first`.
 * Returns HTA_ENOMEM when the read must stop (`e` is itself out of
 * memory, or the copy failed; `first` then says so), else 0.
 */
int hta_errlist_keep(struct hta_errlist *l, struct hta_err *first, const struct hta_err *e);

/* `src`'s messages, then the count of those it did not keep, after
 * `dst`'s. 0 or HTA_ENOMEM. */
int hta_errlist_append(struct hta_errlist *dst, const struct hta_errlist *src);

/* Free the messages and empty the list. */
void hta_errlist_free(struct hta_errlist *l);

/*
 * FNV-1a hash of `n` bytes / of a NUL-terminated string: the one string
 * hash of the library's open-addressing tables (ids, paths).
 */
uint64_t hta_hash_bytes(const void *p, size_t n);
uint64_t hta_hash_str(const char *s);

/* The five PRISMA levels, in order. */
enum hta_level {
	HTA_POLICY = 0,
	HTA_PROCEDURE,
	HTA_IMPLEMENTED,
	HTA_MEASURED,
	HTA_MANAGED,
	HTA_LEVEL_COUNT
};

/* Names: "policy" ... "managed". (Tiers, add-ons and the other names of
 * a run are in hta/run.h.) */
const char *hta_level_name(enum hta_level l);

#endif
