#!/bin/sh
# run.sh TARGET... — run each libFuzzer harness built by `make fuzz`
# (build-fuzz/fuzz/fuzz_TARGET) for FUZZ_SECONDS (default 60), starting from the
# seeds in tests/fuzz/corpus/TARGET/ and what earlier runs kept in
# build-fuzz/corpus/TARGET/. A crash, leak, timeout or out-of-memory input
# is written to tests/fuzz/regress/TARGET/ (make check replays that
# directory, so it fails until the bug is fixed; then commit the input).
# Prints one line per target: executions, coverage (cov: edges, ft:
# features), corpus size; exits non-zero when a target found a problem.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
secs=${FUZZ_SECONDS:-60}
status=0
printf '%-12s %10s %8s %8s %8s %7s  %s\n' TARGET EXECS EXEC/S COV FT CORPUS RESULT
for t in "$@"; do
	bin="$top/build-fuzz/fuzz/fuzz_$t"
	work="$top/build-fuzz/corpus/$t"
	log="$top/build-fuzz/$t.log"
	mkdir -p "$work" "$top/tests/fuzz/regress/$t"
	# -timeout: an input that takes 10 s is a hang; -rss_limit_mb: 2 GiB
	# is an out-of-memory; -max_len: 128 KiB covers the largest seed.
	"$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=131072 \
		-print_final_stats=1 -artifact_prefix="$top/tests/fuzz/regress/$t/" \
		"$work" "$here/corpus/$t" >"$log" 2>&1
	rc=$?
	last=$(grep -E '^#[0-9]+' "$log" | tail -1)
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
	cov=$(printf '%s\n' "$last" | sed -n 's/.* cov: \([0-9]*\).*/\1/p')
	ft=$(printf '%s\n' "$last" | sed -n 's/.* ft: \([0-9]*\).*/\1/p')
	corp=$(printf '%s\n' "$last" | sed -n 's/.* corp: \([0-9]*\).*/\1/p')
	res=ok
	[ "$rc" -eq 0 ] || { res="FOUND A PROBLEM (see $log)"; status=1; }
	printf '%-12s %10s %8s %8s %8s %7s  %s\n' "$t" "${execs:-?}" "${rate:-?}" "${cov:-?}" \
		"${ft:-?}" "${corp:-?}" "$res"
done
exit $status
