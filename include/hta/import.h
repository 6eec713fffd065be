/*
 * import.h — scanner results as implemented-level evidence (contract
 * section 8.3).
 *
 * An import reads one or more result files of one format (Prowler OCSF or
 * CSV, AWS Security Hub ASFF, XCCDF/ARF, InSpec JSON/OHDF), streaming each
 * through the library made for it (yajl, libxml2's xmlTextReader, the CSV
 * reader of csv.h), and aggregates per check id: results passed, results
 * counted, results left out, the newest result time. Memory grows with the
 * number of distinct checks, never with the file's size.
 *
 * Checks are then mapped to catalog statements, first match wins: the
 * user's --map file, a mapping shipped in <catalog>/mappings/ for the tool,
 * then (only when asked) the HIPAA / NIST SP 800-53 ids the results carry,
 * matched against the statements' `maps`. Each mapped statement gets
 * coverage = 100 x passed / counted and tested = the newest result time.
 *
 * Writing: the import owns <root>/imports/<format>/. It copies each scan
 * file there and writes one manifest per statement claiming `implemented`
 * only, into a folder built beside it and renamed over the old one, so an
 * interrupted import leaves the previous folder whole.
 *
 * Fail closed: only a scanner's own pass (and XCCDF `fixed`) is a pass;
 * muted, suppressed, error and unknown results are counted as not passed.
 */
#ifndef HTA_IMPORT_H
#define HTA_IMPORT_H

#include "hta/alloc.h"
#include "hta/catalog.h"
#include "hta/hta.h"

#include <sys/types.h>

/* The formats; names "prowler-ocsf" "prowler-csv" "asff" "xccdf" "inspec". */
enum hta_import_format {
	HTA_IMPORT_PROWLER_OCSF = 0,
	HTA_IMPORT_PROWLER_CSV,
	HTA_IMPORT_ASFF,
	HTA_IMPORT_XCCDF,
	HTA_IMPORT_INSPEC,
	HTA_IMPORT_FORMAT_COUNT
};

/* The format's command-line name. */
const char *hta_import_format_name(enum hta_import_format f);

/* Parse a format name; returns the format or -1. */
int hta_import_format_parse(const char *s);

/* How one result counts (contract 8.3's table). */
enum hta_result_class {
	HTA_RESULT_PASS = 0,   /* counted, passed */
	HTA_RESULT_FAIL,       /* counted, not passed */
	HTA_RESULT_LEFT_OUT    /* not counted; listed */
};

/*
 * Classify status word `word` (`n` bytes, any case) of `format`'s primary
 * status field: prowler PASS/FAIL/MANUAL; asff Compliance.Status; xccdf
 * rule-result/result; inspec results[].status. A word the contract's table
 * does not name is HTA_RESULT_FAIL (asff: HTA_RESULT_LEFT_OUT).
 * Modifiers (muted, suppressed, archived, waived) are applied by the
 * parsers, in the contract's order of precedence.
 */
enum hta_result_class hta_import_classify(enum hta_import_format format,
					   const char *word, size_t n);

/*
 * Parse an ISO 8601 date-time of `n` bytes into seconds since the epoch
 * (UTC): "YYYY-MM-DD", optionally followed by 'T' or ' ' and "HH:MM",
 * ":SS", a fraction, then an optional zone: "Z", "+HH:MM", "+HHMM",
 * "+HH", also after one space ("2017-09-22 14:12:44 -0400"). No zone: UTC.
 * Returns 0, or -1 when malformed or not a real date and time.
 */
int hta_import_time_parse(const char *s, size_t n, long long *out);

/*
 * A numeric epoch as Prowler writes it: seconds, or milliseconds when the
 * value is above 10^11. Returns 0, or -1 when not positive.
 */
int hta_import_epoch(double v, long long *out);

/* Where a check's statements came from. */
enum hta_map_source {
	HTA_MAP_FROM_NONE = 0,
	HTA_MAP_FROM_USER,      /* --map FILE */
	HTA_MAP_FROM_SHIPPED,   /* <catalog>/mappings/<tool>-*.csv */
	HTA_MAP_FROM_CROSSWALK  /* --via-crosswalk */
};

/* A cross-reference a result carries, normalised. */
enum hta_xref_kind { HTA_XREF_HIPAA = 0, HTA_XREF_NIST_R5, HTA_XREF_NIST_R4 };

struct hta_xref {
	enum hta_xref_kind kind;
	const char *id;       /* "164.308(a)(1)(ii)(A)", "AC-2(1)" */
};

/* A slot of the check index: the id's hash and its check (NULL: empty). */
struct hta_import_slot {
	uint64_t hash;
	struct hta_import_check *check;
};

/* One check id and everything its results added up to. */
struct hta_import_check {
	const char *id;
	size_t passed, counted, left_out;
	long long newest;      /* newest counted result time (epoch s) */
	bool has_time;         /* newest is set */
	const char *left_word; /* a status word of a left-out result */
	struct hta_xref *xrefs;
	size_t n_xrefs, cap_xrefs;
	long *stmts;           /* mapped statements (catalog indices) */
	size_t n_stmts;
	enum hta_map_source source;
	size_t *files;         /* indices of the files with its results */
	size_t n_files, cap_files;
	size_t pending_untimed; /* untimed counted results in the current file */
};

/* What happened to one statement the results map to. */
enum hta_stmt_outcome {
	HTA_STMT_CLAIM = 0,    /* a manifest is (or would be) written */
	HTA_STMT_CLAIMED,      /* skipped: another manifest claims implemented */
	HTA_STMT_NO_COUNTED    /* skipped: every result was left out */
};

struct hta_import_stmt {
	long stmt;
	size_t passed, counted, left_out;
	long long coverage_h;  /* 100 x passed / counted, in hundredths, floored */
	int tested;            /* days since 1970-01-01 (UTC date) */
	enum hta_stmt_outcome outcome;
	const char *claimed_by; /* HTA_STMT_CLAIMED: that manifest (relative) */
	const char *manifest;  /* HTA_STMT_CLAIM: the manifest (relative) */
	const char **checks;   /* check ids mapped to it */
	size_t n_checks;
	const char **artifacts; /* scan copies (relative to the root) */
	size_t n_artifacts;
};

/* One input file. */
struct hta_import_file {
	const char *path;      /* as given */
	const char *artifact;  /* its copy, relative to the root */
	size_t results;        /* results read from it */
	dev_t dev;             /* its identity: a file given twice is refused */
	ino_t ino;
};

/* Options; start from HTA_IMPORT_OPTS_INIT. */
struct hta_import_opts {
	enum hta_import_format format;
	const char *into;        /* the evidence root */
	const char *map_file;    /* --map FILE, or NULL */
	bool via_crosswalk;
	int today;               /* days: a result dated after this day is refused */
	size_t max_string;       /* longest string/field accepted (bytes) */
	unsigned max_depth;      /* deepest nesting accepted */
};

#define HTA_IMPORT_OPTS_INIT { HTA_IMPORT_PROWLER_OCSF, NULL, NULL, false, 0, \
			       (size_t)1 << 20, 64 }

struct hta_import {
	struct hta_arena arena;  /* owns everything below */
	struct hta_import_opts opts;
	const struct hta_catalog *cat;
	struct hta_import_check **checks; /* in first-seen order */
	size_t n_checks, cap_checks;
	struct hta_import_slot *index; /* open addressing over checks (import.c) */
	size_t index_cap;
	struct hta_import_file *files;
	size_t n_files, cap_files;
	size_t results, passed, counted, left_out;
	struct hta_import_stmt *stmts; /* after hta_import_resolve, by catalog order */
	size_t n_stmts;
	struct hta_ptrvec unmapped;  /* struct hta_import_check * with results, no statement */
	struct hta_ptrvec errors;    /* char *: every input error, "FILE:LINE:COL: msg" */
	/* the mappings (see import.c) */
	struct hta_import_map *user_map, *shipped_map, *r4_map;
	const char *shipped_name; /* the shipped mapping's path, or NULL */
};

/*
 * Prepare an import of `opts->format` into `opts->into` against `cat`:
 * reads the --map file (every unknown statement is an error naming the
 * map's line), the shipped mapping for the tool and the 800-53 r4 -> r5
 * table. Free with hta_import_free() whatever it returns.
 */
int hta_import_init(struct hta_import *im, const struct hta_catalog *cat,
		    const struct hta_import_opts *opts, struct hta_err *err);

/*
 * Prepare an import like hta_import_init(), but use the mappings `base`
 * (initialised with hta_import_init) has already read instead of reading
 * them again: for a process that imports many inputs one by one with the
 * same catalog, --map file and tool (the fuzz harnesses). `base` must have
 * been made with the same map file and tool, and with via_crosswalk if
 * `opts` asks for it (else HTA_EINVAL); it must outlive `im`, and
 * hta_import_free(im) leaves the mappings to it.
 */
int hta_import_init_shared(struct hta_import *im, const struct hta_import *base,
			   const struct hta_import_opts *opts, struct hta_err *err);
/*
 * Stream one result file (plain, or compressed: bzip2, gzip, xz through
 * libarchive) into the aggregate. Bad input (truncated, another format,
 * entities, deep nesting, an over-long string, invalid UTF-8, a time in
 * the future or unparseable) returns HTA_EINVAL; every such error is also
 * appended to im->errors. A caller goes on with the next file to collect
 * every error of the run, then writes nothing.
 */
int hta_import_file(struct hta_import *im, const char *path, struct hta_err *err);

/*
 * Map checks to statements, compute each statement's result and find the
 * statements whose `implemented` level another manifest under the root
 * (outside imports/<format>/) already claims. Fills im->stmts and
 * im->unmapped.
 */
int hta_import_resolve(struct hta_import *im, struct hta_err *err);

/*
 * Replace <root>/imports/<format>/ with the scan copies and one manifest
 * per HTA_STMT_CLAIM statement: built in <root>/imports/.<format>.tmp.<pid>
 * and swapped in atomically; the old folder is then removed. Nothing else
 * under the root is touched.
 */
int hta_import_write(struct hta_import *im, struct hta_err *err);

/* Release everything the import owns. */
void hta_import_free(struct hta_import *im);

#endif
