# lib.sh — helpers for the end-to-end tests. Each t_*.sh test file is run
# by run.sh in a fresh temporary directory ($W) with $HTA_BIN, $SRC and
# $MINI (the small test catalog) set.

fails=0
checks=0

# ok NAME — record a passing check; bad NAME DETAIL — a failing one.
ok() { checks=$((checks + 1)); }
bad() {
	checks=$((checks + 1)); fails=$((fails + 1))
	printf '  FAIL %s: %s\n' "$1" "$2"
}

# eq NAME GOT WANT
eq() {
	if [ "$2" = "$3" ]; then ok "$1"; else bad "$1" "got '$2', want '$3'"; fi
}

# contains NAME HAYSTACK NEEDLE
contains() {
	case "$2" in
	*"$3"*) ok "$1" ;;
	*) bad "$1" "'$3' not in: $(printf '%s' "$2" | head -c 400)" ;;
	esac
}

# q DB SQL — one query, '|' separated
q() { sqlite3 -batch -noheader "$1" "$2"; }

# run_hta ARGS... — runs the binary; sets $rc, $out, $err. A sanitizer or
# valgrind report fails a check whatever the test expects: make check-asan
# sets exit status 86 (ASan/LSan) and 87 (UBSan), make valgrind 99.
run_hta() {
	"$HTA_BIN" "$@" >"$W/.out" 2>"$W/.err"
	rc=$?
	out=$(cat "$W/.out")
	err=$(cat "$W/.err")
	no_tool_report "hitrust-assess $*" "$rc" "$err"
}

# no_tool_report NAME STATUS STDERR — fail NAME on a sanitizer/valgrind report
no_tool_report() {
	case "$2" in 86|87|99) bad "$1" "exit $2: sanitizer or valgrind report: $(printf '%s' "$3" | head -c 800)"; return ;; esac
	case "$3" in
	*"Sanitizer"*|*"runtime error:"*|*==[0-9]*==\ *)
		bad "$1" "sanitizer or valgrind report: $(printf '%s' "$3" | head -c 800)" ;;
	esac
}

# artifact PATH [TEXT] — create an artifact file under the current tree
artifact() {
	mkdir -p "$(dirname "$1")"
	printf '%s\n' "${2:-evidence}" >"$1"
}

# expect_error NAME WANT_IN_MESSAGE ARGS... — exit 2, a one-line message, the
# database (if any) byte-identical to before
expect_error() {
	name=$1; want=$2; shift 2
	before=""
	[ -f "$W/keep.db" ] && before=$(sha256sum <"$W/keep.db")
	run_hta --db "$W/keep.db" "$@"
	eq "$name: exit status" "$rc" 2
	contains "$name: message" "$err" "$want"
	eq "$name: one line" "$(printf '%s\n' "$err" | wc -l | tr -d ' ')" 1
	case "$err" in *"Sanitizer"*|*"runtime error"*) bad "$name" "sanitizer report" ;; esac
	after=""
	[ -f "$W/keep.db" ] && after=$(sha256sum <"$W/keep.db")
	eq "$name: database untouched" "$after" "$before"
}
