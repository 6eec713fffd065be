/*
 * procio.c — run a command and report what it cost, as
 *
 *   procio OUTFILE COMMAND [ARG...]
 *
 * Appends one line to OUTFILE: "wall_s rchar read_bytes maxrss_kib cpu_s"
 * — the wall time from fork to exit (CLOCK_MONOTONIC), the bytes the
 * command's read() calls returned and the bytes it caused to be fetched
 * from storage (/proc/PID/io, read while the child is a zombie:
 * waitid(WNOWAIT) lets us look before it is reaped; a process's counters
 * include those of the children it reaped), its peak RSS and its user +
 * system CPU time (wait4's rusage, children included). Exits with the
 * command's status. Not part of the product.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static unsigned long long io_field(const char *text, const char *key)
{
	const char *p = strstr(text, key);
	return p ? strtoull(p + strlen(key), NULL, 10) : 0;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: procio OUTFILE COMMAND [ARG...]\n");
		return 2;
	}
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	pid_t pid = fork();
	if (pid < 0) {
		perror("fork");
		return 2;
	}
	if (pid == 0) {
		execvp(argv[2], argv + 2);
		perror(argv[2]);
		_exit(127);
	}
	siginfo_t si;
	if (waitid(P_PID, (id_t)pid, &si, WEXITED | WNOWAIT) < 0) {
		perror("waitid");
		return 2;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	char path[64], text[2048] = "";
	snprintf(path, sizeof(path), "/proc/%d/io", (int)pid);
	FILE *f = fopen(path, "r");
	if (f) {
		size_t n = fread(text, 1, sizeof(text) - 1, f);
		text[n] = 0;
		fclose(f);
	}
	int status;
	struct rusage ru;
	if (wait4(pid, &status, 0, &ru) < 0) {
		perror("wait4");
		return 2;
	}
	FILE *out = fopen(argv[1], "a");
	if (!out) {
		perror(argv[1]);
		return 2;
	}
	double wall = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	double cpu = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
		     (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
	fprintf(out, "%.4f %llu %llu %ld %.3f\n", wall, io_field(text, "rchar: "),
		io_field(text, "read_bytes: "), ru.ru_maxrss, cpu);
	fclose(out);
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	return 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}
