#!/bin/sh
# limits.sh — how fast the tool refuses or gets through hostile input
# (make bench-limits; not part of make check).
#
# tests/e2e/t_hostile.sh checks WHAT happens with input at and past every
# limit of the document reader, the walk and the catalog loader; this
# script checks HOW FAST, which depends on the machine and its load and so
# has no place in the test suite. Each case is run BENCH_REPEAT times (3);
# the median wall and CPU (user + system) seconds are printed with the
# target, and the script exits 1 when a median wall time is over its
# target (LIMITS_TARGET_MS, default 10000: a refused file or a crafted
# catalog must never keep a CI job busy).
#
# Environment: HTA_BIN (default ./hitrust-assess), BENCH_DIR (build/bench),
# BENCH_REPEAT, LIMITS_TARGET_MS.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
SRC=$(cd "$here/../.." && pwd)
HTA=${HTA_BIN:-$SRC/hitrust-assess}
OUT=${BENCH_DIR:-$SRC/build/bench}/limits
REPEAT=${BENCH_REPEAT:-3}
TARGET=${LIMITS_TARGET_MS:-10000}
MINI=$SRC/tests/fixtures/catalog-mini

die() { echo "bench-limits: $*" >&2; exit 2; }
[ -x "$HTA" ] || die "no $HTA: run make first"
[ -x /usr/bin/time ] || die "needs GNU time as /usr/bin/time (Debian package 'time')"
rm -rf "$OUT" && mkdir -p "$OUT" && cd "$OUT"

# ---- the inputs (as in t_hostile.sh) ----
mkdir -p ev && printf 'as_of: 2026-11-01\n' >ev/scope.yaml
printf 'evidence\n' >ev/a.txt
printf 'requirement: T.01\nimplemented: { rating: FC, artifacts: [a.txt], tested: 2026-10-01 }\n' \
	>ev/t01.evidence.yaml

# a list of 10,001 artifacts in one manifest (refused at the limit)
mk_list() {
	{ printf 'requirement: T.02\nimplemented:\n  artifacts: ['
	  awk 'BEGIN { for (i = 0; i < 10000; i++) printf "a.txt,"; print "a.txt]" }'; } >ev/list.evidence.yaml
}
# a tree nested 70 directories deep (refused at 64)
mk_deep() {
	d=ev/deep; i=0
	while [ $i -lt 70 ]; do d=$d/d; i=$((i + 1)); done
	mkdir -p "$d"
}
# a catalog of 100,000 controls and 99,000 statements (loaded)
mkdir -p bigcat/statements
{
	sed '/^controls:/,$d' "$MINI/catalog.yaml"
	echo 'controls:'
	for id in 01.a 01.q 03.b 09.aa 10.b; do printf '  - { id: "%s", title: t }\n' $id; done
	awk 'BEGIN { for (i = 0; i < 99995; i++) printf "  - { id: \"c%d\", title: t }\n", i }'
} >bigcat/catalog.yaml
{
	echo 'statements:'
	awk 'BEGIN { for (i = 0; i < 99000; i++) printf "  - { id: \"S%d\", domain: \"11\", control: \"c%d\", title: t, statement: s, tiers: [r2], effort: 1 }\n", i, 99994 - i }'
} >bigcat/statements/big.yaml

# case NAME WANT_STATUS COMMAND... — median of REPEAT runs
over=0
med() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
case_() {
	name=$1 want=$2; shift 2
	: >walls; : >cpus
	i=0
	while [ "$i" -lt "$REPEAT" ]; do
		st=0
		/usr/bin/time -f '%e %U %S' -o t.out "$@" >/dev/null 2>err.out || st=$?
		[ "$st" = "$want" ] || die "$name: exit $st, want $want: $(head -c 300 err.out)"
		awk '{ printf "%d\n", $1 * 1000 }' t.out >>walls
		awk '{ printf "%d\n", ($2 + $3) * 1000 }' t.out >>cpus
		i=$((i + 1))
	done
	w=$(med <walls) c=$(med <cpus)
	verdict=ok
	[ "$w" -le "$TARGET" ] || { verdict=OVER; over=1; }
	printf '%-44s %8d %8d %8d  %s\n' "$name" "$w" "$c" "$TARGET" "$verdict"
}

echo "bench-limits: $("$HTA" --version); load average $(cut -d' ' -f1-3 /proc/loadavg); median of $REPEAT"
printf '%-44s %8s %8s %8s\n' "" "wall ms" "cpu ms" "target"
mk_list
case_ "manifest list of 10,001 items (refused)" 2 "$HTA" --catalog "$MINI" --tier e1 --db db ev
rm -f ev/list.evidence.yaml
mk_deep
case_ "evidence tree 70 directories deep (refused)" 2 "$HTA" --catalog "$MINI" --tier e1 --db db ev
rm -rf ev/deep
mv ev/scope.yaml scope.keep && mkfifo ev/scope.yaml
case_ "scope.yaml is a FIFO (refused, not opened)" 2 "$HTA" --catalog "$MINI" --tier e1 --db db ev
rm ev/scope.yaml && mv scope.keep ev/scope.yaml
mkfifo db.fifo
case_ "--db is a FIFO (refused, not opened)" 2 "$HTA" --catalog "$MINI" --tier e1 --db db.fifo ev
case_ "catalog: 100,000 controls, 99,000 statements" 0 "$HTA" catalog stats --catalog bigcat
[ "$over" = 0 ] || { echo "bench-limits: a case is over its target"; exit 1; }
