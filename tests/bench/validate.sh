#!/bin/sh
# validate.sh — how long `catalog validate` takes (the near-duplicate index,
# docs/catalog-format.md): the shipped catalog, then crafted catalogs of
# N copies of one statement and N near-variants of one statement (each
# pair of variants shares most of its words), N from BENCH_N (20000).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
SRC=$(cd "$here/../.." && pwd)
HTA=${HTA_BIN:-$SRC/hitrust-assess}
N=${BENCH_N:-20000}
OUT=${BENCH_DIR:-$SRC/build/bench-validate}
[ -x "$HTA" ] || { echo "bench: no $HTA: run make first" >&2; exit 2; }
rm -rf "$OUT"
mkdir -p "$OUT"
t() { # label, then the command; prints wall seconds
	label=$1
	shift
	s=$(date +%s.%N)
	"$@" >/dev/null 2>&1 || true
	e=$(date +%s.%N)
	printf '%-40s %6.3f s\n' "$label" "$(echo "$e - $s" | bc)"
}
t "shipped catalog" "$HTA" catalog validate
for kind in copies variants; do
	d=$OUT/$kind
	mkdir -p "$d/statements"
	cp "$SRC/tests/fixtures/catalog-mini/catalog.yaml" "$d/"
	awk -v n="$N" -v kind="$kind" 'BEGIN {
		print "statements:"
		for (i = 0; i < n; i++) {
			txt = "Every laptop that stores covered information encrypts its disk"
			if (kind == "variants")
				txt = txt " and reports key " i " to the escrow service"
			printf "  - { id: C.%d, domain: \"02\", control: \"01.a\", title: c, effort: 1,", i
			printf " tiers: [r2], statement: %s }\n", txt
		}
	}' >"$d/statements/c.yaml"
	t "$N $kind" "$HTA" --catalog "$d" catalog validate
done
