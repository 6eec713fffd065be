# A run's parallel parts (the walk, the manifests, the artifact checks and
# the catalog's statement files, spread over every CPU: hta/par.h) change
# nothing. The example assessed on one CPU (taskset -c 0: one worker
# everywhere) and on all of them prints the same report and stores the same
# rows in the same order; and a tree with two broken manifests names the
# first in path order on every run, whichever thread meets it first.
# Skipped, with a "skip" line, only without taskset (util-linux).
EX="$SRC/docs/examples/acme-health-ai"
CAT="$SRC/controls"
if ! command -v taskset >/dev/null 2>&1; then
	echo "skip: t_parallel.sh needs taskset (util-linux)"
	ok "skipped: no taskset"
else
	# hta ONE|ALL ARGS...: the binary on CPU 0 only, or on every CPU;
	# sets $rc, $out, $err as run_hta does
	hta() {
		how=$1; shift
		if [ "$how" = ONE ]; then
			taskset -c 0 "$HTA_BIN" "$@" >"$W/.out" 2>"$W/.err"
		else
			"$HTA_BIN" "$@" >"$W/.out" 2>"$W/.err"
		fi
		rc=$?
		out=$(cat "$W/.out")
		err=$(cat "$W/.err")
		no_tool_report "hitrust-assess ($how) $*" "$rc" "$err"
	}
	# every stored row but the run's clock, in insertion (rowid) order
	dump() {
		for t in domain_scores pool_scores requirement_scores gaps findings; do
			echo "== $t"
			sqlite3 -batch -noheader "$1" "select * from $t order by rowid"
		done
		echo "== artifacts" # WITHOUT ROWID: in key order
		sqlite3 -batch -noheader "$1" "select * from artifacts"
		sqlite3 -batch -noheader "$1" "select tier, addons, as_of, evidence_root, verdict, gap_count,
		  cap_count, waived_gaps, waived_caps, overall_score, manifests, files_seen,
		  artifacts_hashed, artifacts_cached, bytes_hashed from runs"
	}
	cpus=$(taskset -c -p $$ 2>/dev/null | sed 's/.*: //')
	echo "    this shell may run on CPUs $cpus"

	for args in "--tier e1 --ai-security" "--tier r2 --ai-security --ai-risk"; do
		# shellcheck disable=SC2086
		hta ONE --catalog "$CAT" $args --db one.db --as-of 2026-11-01 "$EX"
		rc_one=$rc
		out_one=$(printf '%s\n' "$out" | grep -v '^Report database:')
		for i in 1 2 3; do
			rm -f all.db
			# shellcheck disable=SC2086
			hta ALL --catalog "$CAT" $args --db all.db --as-of 2026-11-01 "$EX"
			eq "$args, run $i: exit status as on one CPU" "$rc" "$rc_one"
			eq "$args, run $i: report as on one CPU" \
				"$(printf '%s\n' "$out" | grep -v '^Report database:')" "$out_one"
			eq "$args, run $i: stored rows as on one CPU" "$(dump all.db)" "$(dump one.db)"
		done
		eq "$args: the run stored what it found" \
			"$(q one.db "select manifests > 90, files_seen > manifests, (select count(*) > 0 from findings),
			  (select count(*) > 50 from artifacts) from runs")" "1|1|1|1"
		rm -f one.db all.db
	done

	# Two broken manifests: the one first in path order is named, every time.
	cp -R "$EX" ex2
	first=$(cd ex2 && find . -name '*.evidence.yaml' | sed 's|^\./||' | LC_ALL=C sort | sed -n 2p)
	later=$(cd ex2 && find . -name '*.evidence.yaml' | sed 's|^\./||' | LC_ALL=C sort | sed -n 90p)
	printf 'bogus_key: 1\n' >>"ex2/$later"
	printf 'bogus_key: 1\n' >>"ex2/$first"
	line=$(wc -l <"ex2/$first" | tr -d ' ')
	hta ONE --catalog "$CAT" --tier e1 --db keep.db "ex2"
	eq "two broken manifests (one CPU): exit 2" "$rc" 2
	contains "two broken manifests (one CPU): the first in path order" "$err" \
		"$first:$line:1: unknown key 'bogus_key' in manifest"
	want=$err
	for i in 1 2 3 4 5 6 7 8; do
		hta ALL --catalog "$CAT" --tier e1 --db keep.db "ex2"
		eq "two broken manifests, run $i: the same message" "$err" "$want"
	done
	[ ! -e keep.db ] && ok "no database written" || bad "no database written" "keep.db exists"
fi
