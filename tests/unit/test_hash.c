/*
 * test_hash.c — the hash module: SHA-256 against the FIPS 180-2 example
 * vectors, files streamed in blocks of every awkward size, the worker pool
 * over many files, and the refusals (a swapped inode, a FIFO, a symlink, a
 * missing file) that protect the evidence's integrity.
 */
#include "testutil.h"

#include "hta/alloc.h"
#include "hta/hash.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/types.h>

/* FIPS 180-2, appendix B, and the empty message. */
static const char *const abc =
	"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
static const char *const two_block =
	"248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1";
static const char *const million_a =
	"cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";
static const char *const empty =
	"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

static void test_vectors_in_memory(void **state)
{
	(void)state;
	char hex[HTA_SHA256_HEX];
	assert_int_equal(hta_sha256_mem("abc", 3, hex, NULL), 0);
	assert_string_equal(hex, abc);
	const char *m = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	assert_int_equal(hta_sha256_mem(m, strlen(m), hex, NULL), 0);
	assert_string_equal(hex, two_block);
	assert_int_equal(hta_sha256_mem("", 0, hex, NULL), 0);
	assert_string_equal(hex, empty);
}

/* One item for the file at `path`, expected to be its current inode. */
static struct hta_hash_item item_for(const char *path)
{
	struct hta_hash_item it;
	struct stat st;
	memset(&it, 0, sizeof(it));
	it.name = path;
	it.path = path;
	if (lstat(path, &st) == 0) {
		it.ino = (unsigned long long)st.st_ino;
		it.size = (long long)st.st_size;
	}
	return it;
}

/* A million 'a' read in blocks that split the 64-byte SHA blocks every way. */
static void test_million_a_streamed(void **state)
{
	(void)state;
	char dir[TU_PATH_MAX], path[TU_PATH_MAX];
	tu_tmpdir(dir);
	char *buf = malloc(1000000);
	assert_non_null(buf);
	memset(buf, 'a', 1000000);
	tu_write_n(dir, "a.bin", buf, 1000000);
	free(buf);
	tu_join(path, dir, "a.bin");
	static const size_t blocks[] = { 63, 64, 65, 1000, 4096, 999999, 1000000, 0 };
	for (size_t b = 0; b < sizeof(blocks) / sizeof(blocks[0]); b++) {
		struct hta_hash_item it = item_for(path);
		struct hta_hash_opts o = HTA_HASH_OPTS_INIT;
		o.block = blocks[b];
		o.threads = 1;
		assert_int_equal(hta_hash_items(&it, 1, &o, NULL), 0);
		assert_int_equal(it.state, HTA_HASH_DONE);
		assert_string_equal(it.sha256, million_a);
		assert_i64_equal(it.size, 1000000);
	}
	tu_rmtree(dir);
}

/* A larger file (40 MiB + 7 bytes of pseudo-random data) streamed in the
 * default block size hashes to what a one-shot digest of its bytes gives,
 * and the progress callback sees every byte. */
struct seen {
	int calls;
	unsigned long long last_done, bytes;
	size_t done, items, skipped;
};

static void on_progress(void *ctx, const struct hta_hash_progress *p)
{
	struct seen *s = ctx;
	s->calls++;
	s->last_done = p->bytes_done;
	s->bytes = p->bytes;
	s->done = p->done;
	s->items = p->items;
	s->skipped = p->skipped;
}

static void test_large_file(void **state)
{
	(void)state;
	const size_t n = 40u * 1024 * 1024 + 7;
	char dir[TU_PATH_MAX], path[TU_PATH_MAX], want[HTA_SHA256_HEX];
	tu_tmpdir(dir);
	unsigned char *buf = malloc(n);
	assert_non_null(buf);
	uint64_t x = 0x9e3779b97f4a7c15ULL;
	for (size_t i = 0; i < n; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		buf[i] = (unsigned char)(x >> 24);
	}
	assert_int_equal(hta_sha256_mem(buf, n, want, NULL), 0);
	tu_write_n(dir, "big.bin", (const char *)buf, n);
	free(buf);
	tu_join(path, dir, "big.bin");
	struct hta_hash_item it = item_for(path);
	struct seen s = { 0 };
	struct hta_hash_opts o = HTA_HASH_OPTS_INIT;
	o.progress = on_progress;
	o.progress_ctx = &s;
	assert_int_equal(hta_hash_items(&it, 1, &o, NULL), 0);
	assert_int_equal(it.state, HTA_HASH_DONE);
	assert_string_equal(it.sha256, want);
	assert_true(s.calls >= 1);
	assert_true(s.last_done == n && s.bytes == n && s.done == 1 && s.items == 1);
	tu_rmtree(dir);
}

/* Many files over the pool: each gets its own hash; cached items and the
 * ones in a final state are not touched (their paths do not even exist). */
static void test_pool_many_files(void **state)
{
	(void)state;
	enum { N = 300 };
	char dir[TU_PATH_MAX];
	static char paths[N][TU_PATH_MAX];
	static char want[N][HTA_SHA256_HEX];
	struct hta_hash_item items[N + 2];
	tu_tmpdir(dir);
	for (int i = 0; i < N; i++) {
		char rel[32], body[200];
		snprintf(rel, sizeof(rel), "d%d/f%03d.txt", i % 7, i);
		int len = snprintf(body, sizeof(body), "artifact %d %.*s", i, i % 150,
				   "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
				   "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
		tu_write_n(dir, rel, body, (size_t)len);
		tu_join(paths[i], dir, rel);
		assert_int_equal(hta_sha256_mem(body, (size_t)len, want[i], NULL), 0);
		items[i] = item_for(paths[i]);
	}
	memset(&items[N], 0, 2 * sizeof(items[0]));
	items[N].path = items[N].name = "/nonexistent/cached";
	items[N].state = HTA_HASH_CACHED;
	snprintf(items[N].sha256, sizeof(items[N].sha256), "%s", abc);
	items[N + 1].path = items[N + 1].name = "/nonexistent/done-before";
	items[N + 1].state = HTA_HASH_UNREADABLE;
	struct seen s = { 0 };
	struct hta_hash_opts o = HTA_HASH_OPTS_INIT;
	o.threads = 4;
	o.block = 64; /* many reads per file */
	o.progress = on_progress;
	o.progress_ctx = &s;
	assert_int_equal(hta_hash_items(items, N + 2, &o, NULL), 0);
	for (int i = 0; i < N; i++) {
		assert_int_equal(items[i].state, HTA_HASH_DONE);
		assert_string_equal(items[i].sha256, want[i]);
	}
	assert_int_equal(items[N].state, HTA_HASH_CACHED);
	assert_string_equal(items[N].sha256, abc);
	assert_int_equal(items[N + 1].state, HTA_HASH_UNREADABLE);
	assert_true(s.done == N && s.items == N && s.skipped == 2);
	tu_rmtree(dir);
}

/* The refusals: a file swapped for another (new inode), a symlink or a FIFO
 * where the regular file was, a file that is gone; none of them blocks. */
static void test_refusals(void **state)
{
	(void)state;
	char dir[TU_PATH_MAX], a[TU_PATH_MAX], b[TU_PATH_MAX], fifo[TU_PATH_MAX],
		link[TU_PATH_MAX], gone[TU_PATH_MAX], tmp[TU_PATH_MAX];
	tu_tmpdir(dir);
	tu_write(dir, "a.txt", "original\n");
	tu_write(dir, "b.txt", "target\n");
	tu_join(a, dir, "a.txt");
	tu_join(b, dir, "b.txt");
	tu_join(fifo, dir, "fifo");
	tu_join(link, dir, "link");
	tu_join(gone, dir, "gone");
	tu_join(tmp, dir, "tmp.txt");

	struct hta_hash_item it[4];
	it[0] = item_for(a);                 /* resolved, then replaced by rename */
	tu_write(dir, "tmp.txt", "forged!!\n");
	assert_int_equal(rename(tmp, a), 0);

	tu_write(dir, "fifo", "x");          /* resolved as a file, now a FIFO */
	it[1] = item_for(fifo);
	assert_int_equal(unlink(fifo), 0);
	assert_int_equal(mkfifo(fifo, 0600), 0);
	it[1].ino = 0;                       /* even without the inode check */

	tu_write(dir, "link", "x");          /* resolved as a file, now a symlink */
	it[2] = item_for(link);
	assert_int_equal(unlink(link), 0);
	assert_int_equal(symlink(b, link), 0);
	it[2].ino = 0;

	tu_write(dir, "gone", "x");          /* resolved, then deleted */
	it[3] = item_for(gone);
	assert_int_equal(unlink(gone), 0);

	assert_int_equal(hta_hash_items(it, 4, NULL, NULL), 0);
	assert_int_equal(it[0].state, HTA_HASH_REPLACED);
	assert_int_equal(it[1].state, HTA_HASH_REPLACED);
	assert_int_equal(it[2].state, HTA_HASH_REPLACED);
	assert_int_equal(it[3].state, HTA_HASH_UNREADABLE);
	assert_int_equal(it[3].err_no, ENOENT);

	/* The same file with its current inode hashes fine. */
	struct hta_hash_item ok = item_for(a);
	assert_int_equal(hta_hash_items(&ok, 1, NULL, NULL), 0);
	assert_int_equal(ok.state, HTA_HASH_DONE);
	char want[HTA_SHA256_HEX];
	assert_int_equal(hta_sha256_mem("forged!!\n", 9, want, NULL), 0);
	assert_string_equal(ok.sha256, want);
	tu_rmtree(dir);
}

/* A file that cannot be opened (no read permission) is UNREADABLE with
 * EACCES; root reads everything, so the check is skipped there. */
static void test_unreadable(void **state)
{
	(void)state;
	if (geteuid() == 0)
		skip();
	char dir[TU_PATH_MAX], p[TU_PATH_MAX];
	tu_tmpdir(dir);
	tu_write(dir, "secret", "x");
	tu_join(p, dir, "secret");
	assert_int_equal(chmod(p, 0), 0);
	struct hta_hash_item it = item_for(p);
	assert_int_equal(hta_hash_items(&it, 1, NULL, NULL), 0);
	assert_int_equal(it.state, HTA_HASH_UNREADABLE);
	assert_int_equal(it.err_no, EACCES);
	chmod(p, 0600);
	tu_rmtree(dir);
}

/* Allocation failure is reported, not crashed on; nothing is read. */
static void test_nomem(void **state)
{
	(void)state;
	char dir[TU_PATH_MAX], p[TU_PATH_MAX];
	tu_tmpdir(dir);
	tu_write(dir, "f", "abc");
	tu_join(p, dir, "f");
	for (long k = 0; k < 4; k++) {
		struct hta_hash_item it = item_for(p);
		struct hta_err err = { 0 };
		hta_alloc_fail_after(k);
		int rc = hta_hash_items(&it, 1, NULL, &err);
		hta_alloc_fail_after(-1);
		if (rc == 0) {
			assert_int_equal(it.state, HTA_HASH_DONE);
			assert_string_equal(it.sha256, abc);
			break;
		}
		assert_int_equal(rc, HTA_ENOMEM);
		assert_int_equal(it.state, HTA_HASH_TODO);
	}
	tu_rmtree(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vectors_in_memory),
		cmocka_unit_test(test_million_a_streamed),
		cmocka_unit_test(test_large_file),
		cmocka_unit_test(test_pool_many_files),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_unreadable),
		cmocka_unit_test(test_nomem),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
