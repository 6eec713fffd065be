/*
 * cli.h — what the subcommands of the hitrust-assess command share.
 * Only the CLI prints and exits; it calls the library in src/lib/.
 */
#ifndef HTA_CLI_H
#define HTA_CLI_H

#include "hta/catalog.h"
#include "hta/hta.h"

/* Exit statuses (documented in hitrust-assess(1), EXIT STATUS). */
#define EXIT_PASS 0
#define EXIT_GATE 1
#define EXIT_ERROR 2

extern const char *progname;

/* Print "hitrust-assess: MESSAGE" to stderr. */
void die_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Print the library's error (one line) to stderr. */
void report_err(const struct hta_err *err);

/*
 * Find the catalog directory: `explicit`, $HITRUST_ASSESS_CATALOG, the
 * controls/ beside the executable, ../share/hitrust-assess/controls beside
 * it, or the compiled-in data directory. Writes into buf.
 */
const char *locate_catalog(const char *explicit_dir, char *buf, size_t n);

/* Load the catalog found by locate_catalog(); prints every error of it
 * (up to HTA_ERRLIST_MAX, then a count) itself. 0 or -1. */
int load_catalog(struct hta_catalog *cat, const char *explicit_dir);

/*
 * An output file (-o), opened and checked BEFORE a run is stored: output
 * is part of the transaction (a report that cannot be written rolls the
 * run back). What `path` may be:
 *  - "-": standard output;
 *  - absent, or a regular file: written to a temporary file beside it
 *    (PATH.tmp.PID), renamed over it by output_finish(), so PATH is never
 *    half-written;
 *  - a symlink to a regular file: written through (the temporary file goes
 *    beside the target, which is replaced; the link stays a link); a
 *    dangling symlink is refused;
 *  - a device, FIFO or socket (/dev/stdout, /dev/null, a terminal): opened
 *    and written directly, never replaced;
 *  - a directory, or the report database given to output_protect() (same
 *    device and inode, or the same resolved path; its journal too): refused.
 * Each function prints its error (naming the file and the cause) and
 * returns -1, or returns 0.
 */
struct output {
	const char *path;  /* as given */
	char *tmp;         /* heap: the temporary file; NULL when written directly */
	char *target;      /* heap: what tmp is renamed over */
	char *old;         /* heap, while staged: the previous target, kept as a hard link */
	bool staged;       /* tmp is in place; output_done() keeps it, output_abort() undoes it */
	bool deferred;     /* staged without a hard link (the filesystem has none): the
			    * rename is left to output_done() */
	int fd;            /* -1: standard output */
};
void output_protect(const char *db_path);
int output_open(struct output *o, const char *path);
int output_write(struct output *o, const char *data, size_t len);
/*
 * Put the written report in place, undoably, before the database commits
 * (output is part of the transaction): close it, keep the file it replaces
 * as a hard link (FILE.old.PID), rename the temporary file over FILE. Then
 * output_done() after the commit (drops the old copy), or output_abort()
 * when the commit does not happen (puts the old file back, or removes the
 * new one). Returns 0 or -1 after printing (nothing is then changed).
 */
int output_stage(struct output *o);
int output_done(struct output *o);   /* after the commit; -1 only when deferred */
int output_finish(struct output *o); /* output_stage + output_done */
void output_abort(struct output *o); /* close; remove the temporary file; undo a stage */

/* output_open + output_write + output_finish. */
int write_output(const char *path, const char *data, size_t len);

/*
 * Flush and close standard output at exit; a write error anywhere
 * (a full disk, /dev/full, EPIPE with SIGPIPE ignored) is reported and
 * turns the status into EXIT_ERROR. main() calls it for every command.
 */
int finish_stdout(int status);

/* True when colour should be used on stdout (a terminal, no NO_COLOR). */
int want_color(void);

/* Parse a YYYY-MM-DD date option; prints and returns -1 on error. */
int parse_date_opt(const char *opt, const char *s);

/*
 * Parse a decimal number option into *out: a finite number from lo to hi
 * (nan, inf and -nan are refused: a NaN threshold compares false with
 * everything and would switch its gate off). Prints and returns -1 on
 * error, 0 on success.
 */
int parse_number_opt(const char *opt, const char *s, double lo, double hi, double *out);

/*
 * --busy-timeout MS: how long, in all, the command waits for another
 * process's lock on the database (hta_store_set_busy_timeout; default
 * HTA_STORE_BUSY_MS). Prints and returns -1 on error, else 0.
 */
int parse_busy_timeout(const char *s);

/* Parse a non-negative integer option; prints and returns -1 on error. */
long parse_count_opt(const char *opt, const char *s);

/*
 * The view options of the text summary (assess and report): --top N,
 * --domain D, --owner X, --status LIST. `name` is the long option's name
 * without dashes; the parsed value lands in `v` (`domain_key` holds the
 * domain's two-digit key). Prints and returns -1 on a bad value.
 */
struct hta_view_opts;
int parse_view_opt(const char *name, const char *arg, struct hta_view_opts *v,
		   char domain_key[16]);

/*
 * Signals (signals.c). signals_init: ignore SIGXFSZ (a file-size limit
 * makes writes fail, not the process die). signals_install: handle SIGINT,
 * SIGTERM and SIGHUP (unless ignored): by default they still kill at once;
 * while a store is watched (signals_watch(st)) a signal is recorded and
 * interrupts the store's write, which rolls back. signals_pending: the
 * signal recorded, or 0. signals_watch(NULL) ends the watch (dying if a
 * signal came in meanwhile). signals_die: re-raise the recorded signal with
 * its default action (no return when there is one).
 */
struct hta_store;
void signals_init(void);
void signals_install(void);
void signals_watch(struct hta_store *st);
int signals_pending(void);
const char *signals_name(int sig); /* "SIGINT", "SIGTERM", "SIGHUP" */
void signals_die(void);

/*
 * Print the errors of an evidence tree (or of a scope file) that did not
 * load: each of `errs` (then a count) when there are several, else `err`;
 * the count says where ("the evidence", "the scope") and `what` ends the
 * last line ("nothing was exported").
 */
struct hta_errlist;
void report_tree_errors(const struct hta_errlist *errs, const struct hta_err *err,
			const char *where, const char *what);

int cmd_assess(int argc, char **argv);
int cmd_init(int argc, char **argv);
int cmd_catalog(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_import_workbook(int argc, char **argv);

#endif
