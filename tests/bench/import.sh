#!/bin/sh
# import.sh — the import benchmark (docs/performance.md, "Importers").
#
# Generates a Prowler OCSF file of BENCH_FINDINGS findings (default
# 1,000,000, about 1 GB) and an XCCDF result of BENCH_RULES rule-results
# (default 100,000: 50 hosts' results of one 2,000-rule profile), then, back to back, BENCH_REPEAT times each (the median
# is reported):
#   (a) a bare yajl pass over the OCSF file (tests/bench/jsonscan.c)
#   (b) hitrust-assess import prowler-ocsf --dry-run over it
#   (c) a bare xmlTextReader pass over the XCCDF file (tests/bench/xmlscan.c)
#   (d) hitrust-assess import xccdf --dry-run --map over it
# and prints wall times, the ratios b/a and d/c (target <= 1.5) and peak
# RSS (target <= 64 MiB). --dry-run: the parse and aggregation are
# measured, not the copy of a 1 GB file into the tree.
# Settings: BENCH_FINDINGS, BENCH_RULES, BENCH_REPEAT (3), BENCH_DIR
# (build/bench-import), HTA_BIN, BENCH_NICE (a nice value for every run).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
SRC=$(cd "$here/../.." && pwd)
HTA=${HTA_BIN:-$SRC/hitrust-assess}
N=${BENCH_FINDINGS:-1000000}
R=${BENCH_RULES:-100000}
REPEAT=${BENCH_REPEAT:-3}
OUT=${BENCH_DIR:-$SRC/build/bench-import}
NICE=${BENCH_NICE:-0}
CC=${CC:-cc}
[ -x "$HTA" ] || { echo "bench: no $HTA: run make first" >&2; exit 2; }
mkdir -p "$OUT/bin" "$OUT/tree"
B=$OUT/bin
$CC -O2 -o "$B/gen_import" "$here/gen_import.c"
$CC -O2 -o "$B/procio" "$here/procio.c"
# shellcheck disable=SC2046
$CC -O2 $(pkg-config --cflags yajl) -o "$B/jsonscan" "$here/jsonscan.c" $(pkg-config --libs yajl)
# shellcheck disable=SC2046
$CC -O2 $(pkg-config --cflags libxml-2.0) -o "$B/xmlscan" "$here/xmlscan.c" $(pkg-config --libs libxml-2.0)
[ -s "$OUT/ocsf-$N.json" ] || "$B/gen_import" ocsf "$N" "$OUT/ocsf-$N.json"
[ -s "$OUT/xccdf-$R.xml" ] || "$B/gen_import" xccdf "$R" "$OUT/xccdf-$R.xml"
awk 'BEGIN { for (i = 0; i < 2000; i++) printf "xccdf_org.bench.content_rule_%05d,06.10h.1\n", i }' >"$OUT/xmap.csv"

# measure NAME COMMAND... — REPEAT runs; prints "NAME median_wall max_rss_kib
# median_cpu" (CPU time, user + system, is the steadier figure on a shared
# machine: other work stretches the wall time, not the CPU time)
measure() {
	name=$1; shift
	rm -f "$OUT/$name.m"
	i=0
	while [ "$i" -lt "$REPEAT" ]; do
		nice -n "$NICE" "$B/procio" "$OUT/$name.m" "$@" >/dev/null
		i=$((i + 1))
	done
	wall=$(awk '{ print $1 }' "$OUT/$name.m" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
	rss=$(awk '$4 > m { m = $4 } END { print m }' "$OUT/$name.m")
	cpu=$(awk '{ print $5 }' "$OUT/$name.m" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
	echo "$name $wall $rss $cpu"
}
printf 'OCSF: %s findings, %s bytes; XCCDF: %s rule-results, %s bytes\n' "$N" \
  "$(wc -c <"$OUT/ocsf-$N.json")" "$R" "$(wc -c <"$OUT/xccdf-$R.xml")"
a=$(measure yajl "$B/jsonscan" "$OUT/ocsf-$N.json")
b=$(measure import-ocsf "$HTA" import prowler-ocsf "$OUT/ocsf-$N.json" --into "$OUT/tree" --dry-run)
c=$(measure xmlreader "$B/xmlscan" "$OUT/xccdf-$R.xml")
d=$(measure import-xccdf "$HTA" import xccdf "$OUT/xccdf-$R.xml" --into "$OUT/tree" --map "$OUT/xmap.csv" --dry-run)
printf '%-14s %10s %12s %10s\n' RUN WALL_S MAXRSS_KIB CPU_S
for l in "$a" "$b" "$c" "$d"; do printf '%-14s %10s %12s %10s\n' $l; done
echo "$a $b" | awk '{ printf "import prowler-ocsf / bare yajl: wall %.2fx, cpu %.2fx (target <= 1.5); peak RSS %.1f MiB (target <= 64)\n", $6 / $2, $8 / $4, $7 / 1024 }'
echo "$c $d" | awk '{ printf "import xccdf / bare xmlTextReader: wall %.2fx, cpu %.2fx (target <= 1.5); peak RSS %.1f MiB (target <= 64)\n", $6 / $2, $8 / $4, $7 / 1024 }'
