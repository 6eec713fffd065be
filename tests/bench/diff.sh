#!/bin/sh
# diff.sh — how long comparing two runs of BENCH_N gaps takes (default
# 100,000): the first release searched one gap list per gap of the other
# (O(n^2): 139 s at 100,000); hta_diff_compute sorts both (O(n log n)).
#
# A crafted catalog of N e1 statements over an empty evidence tree gives N
# gaps per run; two runs are stored, then timed, back to back:
#   (r) report --run 2 --format baseline   (loads one run: the yardstick)
#   (d) diff 1 2                           (loads two runs and compares)
#   (b) diff --baseline FILE 2             (one run and a baseline file)
# and the ratios d/r and b/r are printed: loading dominates both, so a
# ratio near 2 (and 1) says the comparison itself costs little. Set
# OLD_HTA_BIN to a build of an earlier commit to time its `diff` too.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
SRC=$(cd "$here/../.." && pwd)
HTA=${HTA_BIN:-$SRC/hitrust-assess}
N=${BENCH_N:-100000}
OUT=${BENCH_DIR:-$SRC/build/bench-diff}
[ -x "$HTA" ] || { echo "bench: no $HTA: run make first" >&2; exit 2; }
rm -rf "$OUT"
mkdir -p "$OUT/cat/statements" "$OUT/ev"
now() { date +%s.%N; }
secs() { echo "$2 - $1" | bc; }

sed '/^statements:/,$d' "$SRC/tests/fixtures/catalog-mini/catalog.yaml" >"$OUT/cat/catalog.yaml"
awk -v n="$N" 'BEGIN {
	print "statements:"
	for (i = 0; i < n; i++)
		printf "  - { id: G.%d, domain: \"%02d\", control: \"01.a\", title: g, statement: s, tiers: [e1, i1, r2], effort: %d }\n", i, 1 + i % 19, 1 + i % 5
}' >"$OUT/cat/statements/g.yaml"
printf 'as_of: 2026-11-01\n' >"$OUT/ev/scope.yaml"
DB=$OUT/d.db
for k in 1 2; do
	"$HTA" --catalog "$OUT/cat" --tier e1 --db "$DB" -q "$OUT/ev" >/dev/null 2>&1 || true
done
gaps=$(sqlite3 -batch -noheader "$DB" "select count(*) from gaps where run_id = 2")
echo "runs 1 and 2: $gaps gaps each"

s=$(now); "$HTA" report --db "$DB" --run 2 --format baseline -o "$OUT/base.json"; e=$(now)
r=$(secs "$s" "$e")
s=$(now); "$HTA" diff --db "$DB" 1 2 >"$OUT/diff.txt"; e=$(now)
d=$(secs "$s" "$e")
s=$(now); "$HTA" diff --db "$DB" --baseline "$OUT/base.json" 2 >/dev/null; e=$(now)
b=$(secs "$s" "$e")
tail -1 "$OUT/diff.txt"
printf '%-44s %8.3f s\n' "(r) report --format baseline (one run)" "$r"
printf '%-44s %8.3f s   d/r %.2f\n' "(d) diff 1 2" "$d" "$(echo "$d / $r" | bc -l)"
printf '%-44s %8.3f s   b/r %.2f\n' "(b) diff --baseline" "$b" "$(echo "$b / $r" | bc -l)"
if [ -n "${OLD_HTA_BIN:-}" ]; then
	s=$(now); "$OLD_HTA_BIN" diff --db "$DB" 1 2 >/dev/null || true; e=$(now)
	o=$(secs "$s" "$e")
	printf '%-44s %8.3f s   o/r %.2f\n' "(o) diff 1 2, $OLD_HTA_BIN" "$o" "$(echo "$o / $r" | bc -l)"
fi
