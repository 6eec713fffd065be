#!/bin/sh
# workbook.sh — the evidence workbook at the largest scope (docs/workbook.md):
# export and import of one row per catalog statement (r2 with every factor
# at its highest, every compliance factor, both AI add-ons: 1,227 with the
# shipped catalog), each statement with a manifest claiming all five PRISMA
# levels (tests/bench/gen.c, small artifacts). Not part of make check: no
# figure here is asserted; the target is under a second for each.
#
# Prints, for each step, the median wall time of BENCH_REPEAT runs (5) in
# ms and its ratio to two baselines measured in the same script:
#   (z) unzip -p of the exported workbook's sheet piped into
#       xmllint --stream (libxml2's xmlTextReader, the parser the import
#       uses) — a bare read of the same bytes, no checks
#   (k) hitrust-assess catalog stats --scope: loading and scoping the
#       catalog, which every export and import does first
# Settings: BENCH_REPEAT, BENCH_DIR (build/bench-workbook), HTA_BIN.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
SRC=$(cd "$here/../.." && pwd)
HTA=${HTA_BIN:-$SRC/hitrust-assess}
REPEAT=${BENCH_REPEAT:-5}
OUT=${BENCH_DIR:-$SRC/build/bench-workbook}
CC=${CC:-cc}
die() { echo "bench: $*" >&2; exit 2; }
for t in unzip xmllint python3 awk "$CC"; do command -v "$t" >/dev/null || die "needs $t"; done
[ -x "$HTA" ] || die "no $HTA: run make first"

mkdir -p "$OUT/bin"
$CC -O2 -o "$OUT/bin/gen" "$here/gen.c" -lm
"$HTA" catalog list --format json | grep -o '"id":[[:space:]]*"[^"]*"' |
	sed 's/.*"\([^"]*\)"$/\1/' >"$OUT/ids.txt"
N=$(wc -l <"$OUT/ids.txt" | tr -d ' ')
rm -rf "$OUT/tree"
"$OUT/bin/gen" "$OUT/tree" "$OUT/ids.txt" "$N" $((N * 10 * 64)) 42 >/dev/null
awk -f "$here/scope.awk" "$SRC/controls/catalog.yaml" >"$OUT/tree/scope.yaml"
TREE=$OUT/tree
X="--ai-security --ai-risk"

# ms COMMAND... — wall time of one run in ms (output discarded)
ms() {
	s=$(date +%s%N)
	"$@" >/dev/null 2>&1 || die "failed: $*"
	e=$(date +%s%N)
	echo $(((e - s) / 1000000))
}
# median LABEL COMMAND... — median of REPEAT runs, stored in $OUT/LABEL
median() {
	label=$1; shift
	: >"$OUT/$label.ms"
	i=0
	while [ "$i" -lt "$REPEAT" ]; do ms "$@" >>"$OUT/$label.ms"; i=$((i + 1)); done
	sort -n "$OUT/$label.ms" | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}
ratio() { awk -v x="$1" -v y="$2" 'BEGIN { printf "%.1f", y ? x / y : 0 }'; }

"$HTA" export --format xlsx $X -o "$OUT/book.xlsx" "$TREE" >/dev/null
"$HTA" export --format csv $X -o "$OUT/book.csv" "$TREE" >/dev/null
rows=$(python3 -c "import csv; print(len(list(csv.reader(open('$OUT/book.csv', newline='', encoding='utf-8')))) - 1)")
# an edit of every row (the owner), to time the writes
python3 - "$OUT/book.csv" "$OUT/all.csv" <<'P'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline='', encoding='utf-8')))
o = rows[0].index('owner')
for r in rows[1:]:
    r[o] = 'bench-owner@example.com'
csv.writer(open(sys.argv[2], 'w', newline='', encoding='utf-8')).writerows(rows)
P
z=$(median z sh -c 'unzip -p "$1" xl/worksheets/sheet1.xml | xmllint --stream --noout -' _ "$OUT/book.xlsx")
k=$(median k "$HTA" catalog stats --scope "$TREE/scope.yaml")
ex=$(median ex "$HTA" export --format xlsx $X -o "$OUT/b.xlsx" "$TREE")
ec=$(median ec "$HTA" export --format csv $X -o "$OUT/b.csv" "$TREE")
ix=$(median ix "$HTA" import workbook "$OUT/book.xlsx" --into "$TREE")
ic=$(median ic "$HTA" import workbook "$OUT/book.csv" --into "$TREE")
id=$(median id "$HTA" import workbook "$OUT/all.csv" --into "$TREE" --dry-run)
# every manifest rewritten: a fresh copy of the tree each time (not timed)
: >"$OUT/iw.ms"
i=0
while [ "$i" -lt "$REPEAT" ]; do
	rm -rf "$OUT/copy" && cp -r "$TREE" "$OUT/copy"
	ms "$HTA" import workbook "$OUT/all.csv" --into "$OUT/copy" >>"$OUT/iw.ms"
	i=$((i + 1))
done
iw=$(sort -n "$OUT/iw.ms" | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
changed=$(find "$OUT/copy" -name '*.evidence.yaml' -newer "$OUT/all.csv" | wc -l | tr -d ' ')

echo "hitrust-assess workbook benchmark, $(date -u +%Y-%m-%dT%H:%M:%SZ); $(nproc) CPUs; load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "$rows rows (one per statement in scope), every statement with a manifest of five levels"
echo "workbook: $(wc -c <"$OUT/book.xlsx" | tr -d ' ') bytes XLSX, $(wc -c <"$OUT/book.csv" | tr -d ' ') bytes CSV; median of $REPEAT runs"
printf '%-44s %7s %9s %9s\n' step ms "x (z)" "x (k)"
printf '%-44s %7s %9s %9s\n' "(z) unzip -p sheet | xmllint --stream" "$z" 1.0 "$(ratio "$z" "$k")"
printf '%-44s %7s %9s %9s\n' "(k) catalog stats --scope (catalog load)" "$k" "$(ratio "$k" "$z")" 1.0
printf '%-44s %7s %9s %9s\n' "export --format xlsx" "$ex" "$(ratio "$ex" "$z")" "$(ratio "$ex" "$k")"
printf '%-44s %7s %9s %9s\n' "export --format csv" "$ec" "$(ratio "$ec" "$z")" "$(ratio "$ec" "$k")"
printf '%-44s %7s %9s %9s\n' "import workbook xlsx (unchanged: no write)" "$ix" "$(ratio "$ix" "$z")" "$(ratio "$ix" "$k")"
printf '%-44s %7s %9s %9s\n' "import workbook csv (unchanged: no write)" "$ic" "$(ratio "$ic" "$z")" "$(ratio "$ic" "$k")"
printf '%-44s %7s %9s %9s\n' "import csv --dry-run (every row changed)" "$id" "$(ratio "$id" "$z")" "$(ratio "$id" "$k")"
printf '%-44s %7s %9s %9s\n' "import workbook csv ($changed manifests written)" "$iw" "$(ratio "$iw" "$z")" "$(ratio "$iw" "$k")"
