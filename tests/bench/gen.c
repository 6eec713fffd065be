/*
 * gen.c — the benchmark's synthetic evidence tree, reproducible from a seed.
 *
 *   gen OUTDIR IDS_FILE N_MANIFESTS TOTAL_BYTES SEED
 *
 * Writes one manifest per statement id (the first N_MANIFESTS lines of
 * IDS_FILE) at OUTDIR/<prefix>/<id>.evidence.yaml, each claiming all five
 * PRISMA levels with two artifacts apiece (ten per manifest), under
 * OUTDIR/<prefix>/<id>/. Artifact sizes are log-uniform over a 1:4096
 * range (a few hundred bytes to about a MiB at 1 GiB in total), scaled so
 * that they add up to exactly TOTAL_BYTES; contents are pseudo-random. All
 * files get the same fixed mtime (2026-01-01T00:00:00Z), so two runs with
 * the same arguments give the same tree. Also writes OUTDIR.artifacts and
 * OUTDIR.manifests: NUL-separated path lists for the baselines.
 *
 * Not part of the product: a test tool, built by tests/bench/run.sh.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define PER_MANIFEST 10
#define FIXED_MTIME 1767225600 /* 2026-01-01T00:00:00Z */

static uint64_t rng;

/* splitmix64: tiny, fast, and the same on every machine. */
static uint64_t next(void)
{
	uint64_t z = (rng += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static double uniform(void)
{
	return (double)(next() >> 11) / 9007199254740992.0;
}

static void die(const char *what, const char *path)
{
	fprintf(stderr, "gen: %s %s: %s\n", what, path, strerror(errno));
	exit(2);
}

static void mkdirs(const char *path)
{
	char buf[PATH_MAX];
	snprintf(buf, sizeof(buf), "%s", path);
	for (char *p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = 0;
		if (mkdir(buf, 0755) < 0 && errno != EEXIST)
			die("cannot create", buf);
		*p = '/';
	}
	if (mkdir(buf, 0755) < 0 && errno != EEXIST)
		die("cannot create", buf);
}

static void set_mtime(const char *path)
{
	struct timespec ts[2] = { { FIXED_MTIME, 0 }, { FIXED_MTIME, 0 } };
	if (utimensat(AT_FDCWD, path, ts, 0) < 0)
		die("cannot set mtime of", path);
}

static void write_artifact(const char *path, unsigned long long size)
{
	static unsigned char buf[1 << 20];
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		die("cannot create", path);
	while (size > 0) {
		size_t n = size < sizeof(buf) ? (size_t)size : sizeof(buf);
		for (size_t i = 0; i < n; i += 8) {
			uint64_t v = next();
			memcpy(buf + i, &v, n - i < 8 ? n - i : 8);
		}
		if (write(fd, buf, n) != (ssize_t)n)
			die("cannot write", path);
		size -= n;
	}
	if (close(fd) < 0)
		die("cannot close", path);
	set_mtime(path);
}

static const char *const levels[5] = { "policy", "procedure", "implemented", "measured",
					"managed" };
static const char *const exts[5] = { "pdf", "md", "csv", "xlsx", "json" };
static const char *const ratings[5] = { "FC", "MC", "FC", "PC", "FC" };

int main(int argc, char **argv)
{
	if (argc != 6) {
		fprintf(stderr, "usage: gen OUTDIR IDS_FILE N_MANIFESTS TOTAL_BYTES SEED\n");
		return 2;
	}
	const char *out = argv[1];
	long nm = strtol(argv[3], NULL, 10);
	unsigned long long total = strtoull(argv[4], NULL, 10);
	rng = strtoull(argv[5], NULL, 10);
	if (nm <= 0) {
		fprintf(stderr, "gen: N_MANIFESTS must be positive\n");
		return 2;
	}

	FILE *ids = fopen(argv[2], "r");
	if (!ids)
		die("cannot read", argv[2]);
	char **id = calloc((size_t)nm, sizeof(*id));
	char line[256];
	long n = 0;
	while (n < nm && fgets(line, sizeof(line), ids)) {
		line[strcspn(line, "\r\n")] = 0;
		if (*line)
			id[n++] = strdup(line);
	}
	fclose(ids);
	if (n < nm) {
		fprintf(stderr, "gen: %s has only %ld ids\n", argv[2], n);
		return 2;
	}

	/* Sizes: log-uniform weights, scaled to the total. */
	size_t na = (size_t)nm * PER_MANIFEST;
	double *w = malloc(na * sizeof(*w)), sum = 0;
	unsigned long long *size = malloc(na * sizeof(*size)), given = 0;
	for (size_t i = 0; i < na; i++)
		sum += (w[i] = exp(uniform() * log(4096.0)));
	for (size_t i = 0; i < na; i++) {
		size[i] = (unsigned long long)((double)total * w[i] / sum);
		given += size[i];
	}
	size[na - 1] += total - given; /* exact total */

	char path[PATH_MAX], list[PATH_MAX];
	snprintf(list, sizeof(list), "%s.artifacts", out);
	FILE *la = fopen(list, "w");
	if (!la)
		die("cannot create", list);
	snprintf(list, sizeof(list), "%s.manifests", out);
	FILE *lm = fopen(list, "w");
	if (!lm)
		die("cannot create", list);
	mkdirs(out);

	for (long m = 0; m < nm; m++) {
		char prefix[32];
		snprintf(prefix, sizeof(prefix), "%.*s", (int)strcspn(id[m], "."), id[m]);
		snprintf(path, sizeof(path), "%s/%s/%s", out, prefix, id[m]);
		mkdirs(path);
		char arts[5][2][128];
		for (int l = 0; l < 5; l++)
			for (int k = 0; k < 2; k++) {
				size_t i = (size_t)m * PER_MANIFEST + (size_t)l * 2 + (size_t)k;
				snprintf(arts[l][k], sizeof(arts[l][k]), "%s/%s/%s-%d.%s", prefix, id[m],
					 levels[l], k + 1, exts[(m + l + k) % 5]);
				snprintf(path, sizeof(path), "%s/%s", out, arts[l][k]);
				write_artifact(path, size[i]);
				fprintf(la, "%s%c", path, 0);
			}
		snprintf(path, sizeof(path), "%s/%s/%s.evidence.yaml", out, prefix, id[m]);
		FILE *f = fopen(path, "w");
		if (!f)
			die("cannot create", path);
		fprintf(f, "# synthetic benchmark manifest (tests/bench/gen.c)\n"
			   "requirement: %s\n"
			   "owner: owner-%ld@bench.example\n", id[m], m % 17);
		for (int l = 0; l < 5; l++) {
			bool pp = l < 2;
			fprintf(f, "%s:\n", levels[l]);
			if ((m + l) % 3 == 0)
				fprintf(f, "  coverage: %ld\n", 60 + (m * 7 + l) % 41);
			else
				fprintf(f, "  rating: %s\n", ratings[(m + l) % 5]);
			fprintf(f, "  artifacts:\n    - %s\n    - %s\n", arts[l][0], arts[l][1]);
			fprintf(f, "  %s: 2026-%02ld-%02ld\n", pp ? "reviewed" : "tested",
				6 + (m + l) % 4, 1 + (m * 3 + l) % 28);
			if (pp)
				fprintf(f, "  effective: 2024-01-%02ld\n", 1 + m % 28);
		}
		fprintf(f, "notes: >-\n  Generated for the benchmark; the artifacts are pseudo-random "
			   "bytes of\n  log-uniform sizes.\n");
		if (fclose(f) != 0)
			die("cannot write", path);
		set_mtime(path);
		fprintf(lm, "%s%c", path, 0);
	}
	if (fclose(la) != 0 || fclose(lm) != 0) {
		fprintf(stderr, "gen: cannot write the path lists\n");
		return 2;
	}
	printf("%ld manifests, %zu artifacts, %llu bytes\n", nm, na, total);
	return 0;
}
