#!/bin/sh
# valgrind.sh ARGS... — $HTA_VG_BIN under valgrind memcheck, for
# `make valgrind` (HTA_BIN points here). Any memory error or leak (definite,
# indirect or possible; "still reachable" library state at exit is not a
# leak) makes the exit status 99, which tests/e2e/lib.sh fails on.
exec valgrind -q --error-exitcode=99 --leak-check=full \
	--show-leak-kinds=definite,indirect,possible \
	--errors-for-leak-kinds=definite,indirect,possible \
	--track-origins=yes "${HTA_VG_BIN:?set HTA_VG_BIN}" "$@"
