/*
 * yamlscan.c — the benchmark's floor for reading manifests: a bare libyaml
 * event scan (parse to events, build nothing) of every file in a
 * NUL-separated list, as `yamlscan LIST`. Prints the event count so the
 * work cannot be optimised away. Not part of the product.
 */
#include <stdio.h>
#include <stdlib.h>
#include <yaml.h>

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: yamlscan LIST\n");
		return 2;
	}
	FILE *list = fopen(argv[1], "r");
	if (!list) {
		perror(argv[1]);
		return 2;
	}
	char *path = NULL;
	size_t cap = 0;
	unsigned long long events = 0, files = 0;
	while (getdelim(&path, &cap, 0, list) > 0) {
		FILE *f = fopen(path, "rb");
		if (!f) {
			perror(path);
			return 2;
		}
		yaml_parser_t p;
		yaml_event_t ev;
		yaml_parser_initialize(&p);
		yaml_parser_set_input_file(&p, f);
		for (;;) {
			if (!yaml_parser_parse(&p, &ev)) {
				fprintf(stderr, "%s: %s\n", path, p.problem ? p.problem : "parse error");
				return 2;
			}
			int end = ev.type == YAML_STREAM_END_EVENT;
			yaml_event_delete(&ev);
			events++;
			if (end)
				break;
		}
		yaml_parser_delete(&p);
		fclose(f);
		files++;
	}
	printf("%llu files, %llu events\n", files, events);
	free(path);
	fclose(list);
	return 0;
}
