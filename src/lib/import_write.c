/*
 * import_write.c — writing an import: <root>/imports/<format>/ is built
 * beside its final place (imports/.<format>.tmp.<pid>, a dot-directory the
 * evidence walk skips), filled with the scan copies and one manifest per
 * claimed statement (through the manifest writer, manifest.h), then
 * swapped in with one rename. The old folder is removed only after the
 * swap: an import interrupted at any point leaves either the old folder or
 * the new one whole, never a mix. Nothing else under the root is touched.
 */
#include "import_int.h"
#include "hta/manifest.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Remove `name` under directory fd `dfd`, recursively (no symlink followed). */
static int rm_tree_at(int dfd, const char *name, int depth)
{
	struct stat st;
	if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW))
		return errno == ENOENT ? 0 : -1;
	if (!S_ISDIR(st.st_mode))
		return unlinkat(dfd, name, 0);
	if (depth > 32)
		return -1;
	int fd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return -1;
	DIR *d = fdopendir(fd);
	if (!d) {
		close(fd);
		return -1;
	}
	struct dirent *de;
	int rc = 0;
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if (rm_tree_at(fd, de->d_name, depth + 1))
			rc = -1;
	}
	closedir(d);
	if (rc)
		return rc;
	return unlinkat(dfd, name, AT_REMOVEDIR);
}

static int fsync_dir(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	int r = fsync(fd);
	close(fd);
	return r;
}

/* Copy `src` to a new file `dst` (O_EXCL), fsynced. */
static int copy_file(const char *src, const char *dst, struct hta_err *err)
{
	int in = open(src, O_RDONLY | O_CLOEXEC);
	if (in < 0)
		return hta_err_set(err, HTA_EIO, "cannot read '%s': %s", src, strerror(errno));
	int out = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (out < 0) {
		close(in);
		return hta_err_set(err, HTA_EIO, "cannot write '%s': %s", dst, strerror(errno));
	}
	char *buf = hta_malloc(1 << 16);
	int rc = buf ? 0 : hta_err_set(err, HTA_ENOMEM, "out of memory");
	while (!rc) {
		ssize_t r = read(in, buf, 1 << 16);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			rc = hta_err_set(err, HTA_EIO, "cannot read '%s': %s", src, strerror(errno));
			break;
		}
		if (r == 0)
			break;
		for (ssize_t off = 0; off < r;) {
			ssize_t w = write(out, buf + off, (size_t)(r - off));
			if (w < 0 && errno == EINTR)
				continue;
			if (w < 0) {
				rc = hta_err_set(err, HTA_EIO, "cannot write '%s': %s", dst, strerror(errno));
				break;
			}
			off += w;
		}
	}
	hta_free(buf);
	if (!rc && fsync(out))
		rc = hta_err_set(err, HTA_EIO, "cannot write '%s': %s", dst, strerror(errno));
	if (close(out) && !rc)
		rc = hta_err_set(err, HTA_EIO, "cannot write '%s': %s", dst, strerror(errno));
	close(in);
	return rc;
}

/* Remove imports/.<format>.tmp.<pid> folders whose process is gone. */
static void clean_stale(const char *imports, const char *fmt)
{
	int dfd = open(imports, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		return;
	DIR *d = fdopendir(dfd);
	if (!d) {
		close(dfd);
		return;
	}
	char pre[96];
	snprintf(pre, sizeof(pre), ".%s.tmp.", fmt);
	size_t pl = strlen(pre);
	struct dirent *de;
	while ((de = readdir(d)) != NULL) {
		if (strncmp(de->d_name, pre, pl) != 0)
			continue;
		char *end;
		errno = 0;
		long pid = strtol(de->d_name + pl, &end, 10);
		if (errno || *end || pid <= 0)
			continue;
		if (pid == (long)getpid() || (kill((pid_t)pid, 0) && errno == ESRCH))
			rm_tree_at(dirfd(d), de->d_name, 0);
	}
	closedir(d);
}

static int mkdir_here(const char *p, struct hta_err *err)
{
	struct stat st;
	if (mkdir(p, 0755) == 0)
		return 0;
	if (errno == EEXIST && lstat(p, &st) == 0 && S_ISDIR(st.st_mode))
		return 0;
	return hta_err_set(err, HTA_EIO, "cannot create directory '%s': %s", p,
			   errno == EEXIST ? "exists and is not a directory" : strerror(errno));
}

/* The manifest of one claimed statement. */
static int write_manifest(struct hta_import *im, const struct hta_import_stmt *s,
			  const char *tmp, struct hta_err *err)
{
	const char *fmt = hta_import_format_name(im->opts.format);
	const char *id = im->cat->stmts[s->stmt].id;
	struct hta_buf checks = HTA_BUF_INIT;
	for (size_t i = 0; i < s->n_checks && i < 25; i++)
		hta_buf_printf(&checks, "%s%s", i ? ", " : "", s->checks[i]);
	if (s->n_checks > 25)
		hta_buf_printf(&checks, " and %zu more", s->n_checks - 25);
	char *notes = checks.failed ? NULL :
		hta_arena_printf(&im->arena,
				 "Imported by 'hitrust-assess import %s': %zu of %zu counted results "
				 "passed (%zu left out). Checks: %s.",
				 fmt, s->passed, s->counted, s->left_out, checks.s ? checks.s : "");
	hta_buf_free(&checks);
	char *comment = hta_arena_printf(&im->arena,
		"Written by 'hitrust-assess import %s'. A re-import replaces this folder "
		"(imports/%s/); change the mapping (--map) rather than this file.", fmt, fmt);
	char *path = hta_arena_printf(&im->arena, "%s/%s.evidence.yaml", tmp, id);
	if (!notes || !comment || !path)
		return hta_err_set(err, HTA_ENOMEM, "out of memory");
	const char *comments[1] = { comment };
	struct hta_manifest_desc m;
	memset(&m, 0, sizeof(m));
	m.requirement = id;
	m.notes = notes;
	m.comments = comments;
	m.n_comments = 1;
	struct hta_level_desc *l = &m.level[HTA_IMPLEMENTED];
	l->claimed = true;
	l->has_coverage = true;
	l->coverage_h = (int)s->coverage_h;
	l->artifacts = s->artifacts;
	l->n_artifacts = s->n_artifacts;
	l->has_date = true;
	l->date = s->tested;
	return hta_manifest_write_file(path, &m, HTA_WRITE_KEEP, NULL, err);
}

int hta_import_write(struct hta_import *im, struct hta_err *err)
{
	const char *fmt = hta_import_format_name(im->opts.format);
	const char *root = im->opts.into;
	char *imports = hta_arena_printf(&im->arena, "%s/imports", root);
	char *final = hta_arena_printf(&im->arena, "%s/imports/%s", root, fmt);
	char *tmp = hta_arena_printf(&im->arena, "%s/imports/.%s.tmp.%ld", root, fmt, (long)getpid());
	if (!imports || !final || !tmp)
		return hta_err_set(err, HTA_ENOMEM, "out of memory");
	int rc = mkdir_here(root, err);
	if (!rc)
		rc = mkdir_here(imports, err);
	if (rc)
		return rc;
	clean_stale(imports, fmt);
	if (mkdir(tmp, 0755))
		return hta_err_set(err, HTA_EIO, "cannot create directory '%s': %s", tmp, strerror(errno));
	for (size_t i = 0; i < im->n_files && !rc; i++) {
		const char *base = strrchr(im->files[i].artifact, '/') + 1;
		char *dst = hta_arena_printf(&im->arena, "%s/%s", tmp, base);
		rc = dst ? copy_file(im->files[i].path, dst, err) : hta_err_set(err, HTA_ENOMEM, "out of memory");
	}
	for (size_t i = 0; i < im->n_stmts && !rc; i++)
		if (im->stmts[i].outcome == HTA_STMT_CLAIM)
			rc = write_manifest(im, &im->stmts[i], tmp, err);
	if (!rc && fsync_dir(tmp))
		rc = hta_err_set(err, HTA_EIO, "cannot write '%s': %s", tmp, strerror(errno));
	if (rc) {
		int dfd = open(imports, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (dfd >= 0) {
			rm_tree_at(dfd, strrchr(tmp, '/') + 1, 0);
			close(dfd);
		}
		return rc;
	}
	struct stat st;
	bool had = lstat(final, &st) == 0;
	if (had && renameat2(AT_FDCWD, tmp, AT_FDCWD, final, RENAME_EXCHANGE) == 0) {
		/* the old folder is now at tmp */
	} else if (!had && rename(tmp, final) == 0) {
		/* first import */
	} else {
		int e = errno;
		int dfd = open(imports, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (dfd >= 0) {
			rm_tree_at(dfd, strrchr(tmp, '/') + 1, 0);
			close(dfd);
		}
		return hta_err_set(err, HTA_EIO, "cannot replace '%s': %s", final, strerror(e));
	}
	int dfd = open(imports, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		if (had)
			rm_tree_at(dfd, strrchr(tmp, '/') + 1, 0);
		fsync(dfd);
		close(dfd);
	}
	return 0;
}
