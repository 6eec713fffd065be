/*
 * jsonscan.c — the baseline of the import benchmark: one bare yajl pass
 * over a JSON file (64 KiB read()s, callbacks that do nothing but count
 * values), what `import prowler-ocsf` costs at the least. Not part of the
 * product.
 */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
#include <yajl/yajl_parse.h>

static unsigned long long values;

static int v_null(void *c) { (void)c; values++; return 1; }
static int v_bool(void *c, int b) { (void)c; (void)b; values++; return 1; }
static int v_num(void *c, const char *s, size_t n) { (void)c; (void)s; (void)n; values++; return 1; }
static int v_str(void *c, const unsigned char *s, size_t n) { (void)c; (void)s; (void)n; values++; return 1; }
static int v_key(void *c, const unsigned char *s, size_t n) { (void)c; (void)s; (void)n; return 1; }
static int v_open(void *c) { (void)c; return 1; }

static const yajl_callbacks cb = { v_null, v_bool, NULL, NULL, v_num, v_str,
				   v_open, v_key, v_open, v_open, v_open };

int main(int argc, char **argv)
{
	static unsigned char buf[65536];
	int fd = argc == 2 ? open(argv[1], O_RDONLY) : -1;
	if (fd < 0) {
		fprintf(stderr, "usage: jsonscan FILE\n");
		return 2;
	}
	yajl_handle h = yajl_alloc(&cb, NULL, NULL);
	ssize_t r;
	while ((r = read(fd, buf, sizeof(buf))) > 0)
		if (yajl_parse(h, buf, (size_t)r) != yajl_status_ok)
			return 1;
	if (r < 0 || yajl_complete_parse(h) != yajl_status_ok)
		return 1;
	yajl_free(h);
	printf("%llu values\n", values);
	return 0;
}
