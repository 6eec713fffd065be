/*
 * signals.c — SIGINT and SIGTERM during an assessment.
 *
 * The library never installs handlers and never exits; the CLI owns the
 * process. Outside the database write there is nothing to undo, so a
 * signal takes its default action at once. While a run is being written
 * (signals_watch), the handler only records the signal and asks the store
 * to stop (hta_store_interrupt: it sets flags, async-signal-safe, as the
 * sqlite3 shell's own SIGINT handler relies on). The write then fails, the
 * library rolls the transaction back, and the command prints one line and
 * dies of the same signal (restored to its default), so a shell or CI
 * runner sees "interrupted" rather than an ordinary failure, and the
 * database holds exactly the runs it held before.
 *
 * SIGXFSZ is ignored for every subcommand: past a file-size limit
 * (ulimit -f) a write then fails with EFBIG, SQLite rolls back, and the
 * command exits 2 with a message instead of being killed mid-write.
 */
#include "cli.h"
#include "hta/store.h"

#include <signal.h>
#include <string.h>

static volatile sig_atomic_t got_signal;
static struct hta_store *volatile watched;

static void on_signal(int sig)
{
	struct hta_store *st = watched;
	if (!st) { /* nothing to roll back: the default action, now */
		signal(sig, SIG_DFL);
		raise(sig);
		return;
	}
	got_signal = sig;
	hta_store_interrupt(st);
}

void signals_init(void)
{
	signal(SIGXFSZ, SIG_IGN);
}

void signals_install(void)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		struct sigaction old, sa;
		/* A signal the caller ignores (nohup, a background job of a
		 * non-interactive shell) stays ignored. */
		if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN)
			continue;
		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = on_signal;
		sigemptyset(&sa.sa_mask);
		sa.sa_flags = 0; /* no SA_RESTART: a blocking call returns EINTR */
		sigaction(sigs[i], &sa, NULL);
	}
}

void signals_watch(struct hta_store *st)
{
	watched = st;
	if (!st && got_signal) /* caught after the caller last looked */
		signals_die();
}

int signals_pending(void)
{
	return got_signal;
}

const char *signals_name(int sig)
{
	switch (sig) {
	case SIGINT: return "SIGINT";
	case SIGTERM: return "SIGTERM";
	case SIGHUP: return "SIGHUP";
	default: return "a signal";
	}
}

void signals_die(void)
{
	int sig = got_signal;
	if (!sig)
		return;
	watched = NULL;
	signal(sig, SIG_DFL);
	raise(sig);
}
