#!/bin/sh
# run.sh — run every tests/e2e/t_*.sh against $HTA_BIN; prints
# "N passed, N failed" and exits non-zero on any failure.
set -u
here=$(cd "$(dirname "$0")" && pwd)
SRC=$(cd "$here/../.." && pwd)
: "${HTA_BIN:?set HTA_BIN to the hitrust-assess binary}"
export HTA_BIN SRC MINI="$SRC/tests/fixtures/catalog-mini"
export NO_COLOR=1 TZ=UTC
command -v sqlite3 >/dev/null || { echo "e2e: needs the sqlite3 command"; exit 2; }
total_pass=0 total_fail=0
for t in "$here"/t_*.sh; do
	# E2E_ONLY="t_a.sh t_b.sh": run only those (make check-tsan)
	case " ${E2E_ONLY:-$(basename "$t")} " in *" $(basename "$t") "*) ;; *) continue ;; esac
	# E2E_SKIP="t_a.sh t_b.sh": run all but those (make check-asan)
	case " ${E2E_SKIP:-} " in *" $(basename "$t") "*) continue ;; esac
	W=$(mktemp -d)
	export W
	res=$(cd "$W" && sh -c '. "$1"; . "$2"; echo "RESULT $checks $fails"' _ "$here/lib.sh" "$t" 2>&1)
	line=$(printf '%s\n' "$res" | grep '^RESULT ' | tail -1)
	printf '%s\n' "$res" | grep -v '^RESULT ' | sed 's/^/    /'
	if [ -z "$line" ]; then
		echo "FAIL $(basename "$t"): did not finish"
		total_fail=$((total_fail + 1))
	else
		set -- $line
		p=$(($2 - $3)); total_pass=$((total_pass + p)); total_fail=$((total_fail + $3))
		[ "$3" -eq 0 ] && echo "ok   $(basename "$t") ($2 checks)" || echo "FAIL $(basename "$t") ($3 of $2 checks)"
	fi
	rm -rf "$W"
done
echo "e2e: $total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
