# The readiness deliverable's rows read back from the database are
# untrusted (issue 14 item 5 applied to issue 12's tables; docs/robustness.md):
# a NULL, a wrong type, an out-of-range enum, a bad date, a negative number
# or a statement the run does not have, in runs' deliverable and ladder
# columns, domain_scores, pool_scores, gaps, inheritance, timeline,
# stale_evidence, soc2_evidence or scope_answers, is refused by report,
# diff and assess --fail-on-new (and the HTML report, for the tables it
# draws) with exit 2 naming table, column and row,
# the database byte-identical. The ladder and trend are read from the
# other runs: a bad value there is refused the same way, and assess stores
# nothing (the context is read inside the run's transaction).
sum() { if [ -f "$1" ]; then sha256sum <"$1" | cut -d' ' -f1; else echo none; fi; }
fails2() {
	name=$1; db=$2; want=$3; shift 3
	before=$(sum "$db") nruns=$(q "$db" "select count(*) from runs")
	run_hta "$@"
	eq "$name: exit 2" "$rc" 2
	contains "$name: message" "$err" "$want"
	eq "$name: database byte-identical" "$(sum "$db")|$(q "$db" "select count(*) from runs")" "$before|$nruns"
}
# loose DB TABLE — drop the table's NOT NULL and CHECK constraints, as a
# crafted file would not have them
loose() {
	q "$1" "create table x_$2 as select * from $2; drop table $2; alter table x_$2 rename to $2;"
}

# Every deliverable table gets rows: e1 with the AI Security add-on on the
# shipped catalog, AWS declared (18.08b.1 can be inherited), SOC 2 in
# scope, two claims going stale, failing domains (a timeline).
mkdir ev && cd ev
artifact a.txt
printf 'as_of: 2026-11-01\nproviders:\n  aws: { score: 100 }\nsoc2:\n  period_end: 2026-09-30\n  exceptions: [CC7.2]\n' >scope.yaml
"$HTA_BIN" catalog list --tier e1 --format json |
	python3 -c 'import json,sys; print("\n".join(x["id"] for x in json.load(sys.stdin)))' >ids
while read -r id; do
	printf 'requirement: %s\nowner: team@x.example\nimplemented: { rating: FC, artifacts: [a.txt], tested: 2026-10-01 }\n' \
		"$id" >"$id.evidence.yaml"
done <ids
rm ids
lvl() { printf 'requirement: %s\nowner: %s\nimplemented: { rating: %s, artifacts: [a.txt], tested: %s }\n' "$@"; }
lvl 18.08b.1 facilities@x.example NC 2026-10-01 >18.08b.1.evidence.yaml
lvl 12.09ab.1 soc@x.example NC 2026-10-01 >12.09ab.1.evidence.yaml
lvl 01.05c.1 alice@x.example FC 2025-12-01 >01.05c.1.evidence.yaml
lvl 11.01q.1 bob@x.example FC 2026-01-15 >11.01q.1.evidence.yaml
cd ..
A="--tier e1 --ai-security -q"
run_hta $A --db good.db ev
run_hta $A --db good.db ev
eq "fixture: two runs" "$(q good.db "select count(*) from runs")" 2
for t in inheritance timeline stale_evidence soc2_evidence scope_answers pool_scores; do
	[ "$(q good.db "select count(*) from $t where run_id = 2")" -gt 0 ] && ok "fixture: $t has rows" \
		|| bad "fixture: $t has rows" "none"
done
eq "fixture: report reads it" "$(run_hta report --db good.db --format json; echo $rc)" 0

n=0
for c in "runs ladder -3" "runs inherit_points -1" "runs inherit_count 'many'" \
	 "runs timeline_start '2026-02-30'" "runs capacity 0" "runs capacity NULL" \
	 "runs ready_on 'soon'" "runs stale_window -1" "runs soc2_period_end 20261231" \
	 "runs soc2_exceptions x'00ff'" \
	 "domain_scores inherit_points -1" "domain_scores inherit_lifts 2" \
	 "domain_scores passes_on '2027-13-01'" "pool_scores inherit_lifts 5" \
	 "pool_scores passes_on 7" \
	 "gaps fix 'sideways'" "gaps closing_evidence x'01'" \
	 "inheritance requirement_id 'ZZ.99z.9'" "inheritance provider NULL" \
	 "inheritance responsibility 'landlord'" "inheritance weight 101" \
	 "inheritance points -1" "inheritance planned 7" \
	 "timeline requirement_id NULL" "timeline rank 0" "timeline workstream -1" \
	 "timeline fix 'later'" "timeline start NULL" "timeline fix_done 'x'" \
	 "timeline ready '2020-01-01'" "timeline weeks -2" "timeline window_days 'x'" \
	 "stale_evidence requirement_id NULL" "stale_evidence level 'excellent'" \
	 "stale_evidence manifest NULL" "stale_evidence line -4" \
	 "stale_evidence dated 'yesterday'" "stale_evidence stale_on NULL" \
	 "soc2_evidence requirement_id 'ZZ.99z.9'" "soc2_evidence criteria NULL" \
	 "scope_answers key NULL" "scope_answers value x'00ff'"; do
	set -- $c
	n=$((n + 1))
	cp good.db bad$n.db
	loose bad$n.db "$1"
	if [ "$1" = runs ]; then where="id=2"; row=2
	else
		row=$(q bad$n.db "select min(rowid) from $1 where run_id=2")
		where="rowid=$row"
	fi
	q bad$n.db "update $1 set $2 = $3 where $where"
	want="table $1, column $2, row $row"
	fails2 "crafted $1.$2=$3: report" bad$n.db "$want" report --db bad$n.db
	case $1 in timeline|inheritance) # drawn by the HTML report (Gantt chart, opportunities)
		fails2 "crafted $1.$2=$3: report --format html" bad$n.db "$want" report --db bad$n.db --format html ;;
	esac
	fails2 "crafted $1.$2=$3: diff" bad$n.db "$want" diff --db bad$n.db
	fails2 "crafted $1.$2=$3: assess --fail-on-new" bad$n.db "$want" $A --db bad$n.db --fail-on-new ev
done

# The ladder and the trend come from the other runs. A ladder e1,i1 (runs
# 1, 2); a bad value in run 1 is refused when run 2 is rendered, and when
# a new run over the same evidence reads its trend (inside its
# transaction: nothing stored, even without --fail-on-new).
run_hta --tier e1,i1 --ai-security -q --db lad.db ev
eq "ladder fixture: one group" "$(q lad.db "select group_concat(id || ':' || ladder, ' ') from runs")" "1:1 2:1"
n=0
for c in "runs tier 'x9'" "runs verdict 'maybe'" "runs gap_count -1" "runs overall_score 'high'" \
	 "domain_scores plan_effort -5"; do
	set -- $c
	n=$((n + 1))
	cp lad.db lbad$n.db
	loose lbad$n.db "$1"
	if [ "$1" = runs ]; then where="id=1"; row=1
	else where="run_id=1 and passed=0"; row=1; fi
	q lbad$n.db "update $1 set $2 = $3 where $where"
	fails2 "ladder run 1 $1.$2=$3: report of run 2" lbad$n.db "table $1, column $2, row $row" \
		report --db lbad$n.db --run 2
done
for c in "runs as_of NULL" "runs started_at NULL" "runs overall_score 101" "domain_scores score -0.5" \
	 "domain_scores domain '77'"; do
	set -- $c
	# run 1 (e1) is in the trend of every later e1 run over this evidence,
	# run 2 (i1) in that of a new ladder's top tier
	for id in 1 2; do
		n=$((n + 1))
		cp lad.db lbad$n.db
		loose lbad$n.db "$1"
		if [ "$1" = runs ]; then where="id=$id"; row=$id
		else row=$(q lbad$n.db "select min(rowid) from $1 where run_id=$id"); where="rowid=$row"; fi
		q lbad$n.db "update $1 set $2 = $3 where $where"
		if [ $id = 1 ]; then
			fails2 "trend run 1 $1.$2=$3: a new e1 run stores nothing" lbad$n.db \
				"table $1, column $2, row $row" --tier e1 --ai-security -q --db lbad$n.db ev
		else
			fails2 "trend run 2 $1.$2=$3: a new ladder stores nothing" lbad$n.db \
				"table $1, column $2, row $row" --tier e1,i1 --ai-security -q --db lbad$n.db ev
		fi
	done
done
