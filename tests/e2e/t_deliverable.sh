# The readiness deliverable (contract 8.5; docs/deliverable.md), on the
# shipped catalog and its illustrative AWS matrix, every figure computed by
# hand: inheritance opportunities and inherit-as-fix, the timeline (the
# 90-day window, capacity 1 and 2, --start), evidence going stale, the
# provider CSV matrix, the tier ladder, the database, and every format.
mkdir ev && cd ev
artifact a.txt
cat > scope.yaml <<'Y'
as_of: 2026-11-01
providers:
  aws: { score: 100 }
Y
# Every e1 statement implemented FC, tested 2026-10-01 (fresh) ...
"$HTA_BIN" catalog list --tier e1 --format json |
	python3 -c 'import json,sys; print("\n".join(x["id"] for x in json.load(sys.stdin)))' >ids
while read -r id; do
	printf 'requirement: %s\nowner: team@x.example\nimplemented: { rating: FC, artifacts: [a.txt], tested: 2026-10-01 }\n' \
		"$id" >"$id.evidence.yaml"
done <ids
rm ids
lvl() { printf 'requirement: %s\nowner: %s\nimplemented: { rating: %s, artifacts: [a.txt], tested: %s }\n' "$@"; }
# ... but: 18.08b.1 (inheritable 90; AWS: provider, 90) not implemented;
lvl 18.08b.1 facilities@x.example NC 2026-10-01 >18.08b.1.evidence.yaml
# 12.09ab.1 not implemented (effort 2), 12.09ac.1 half (effort 3);
lvl 12.09ab.1 soc@x.example NC 2026-10-01 >12.09ab.1.evidence.yaml
lvl 12.09ac.1 soc@x.example PC 2026-10-01 >12.09ac.1.evidence.yaml
# and three claims aging: stale on date + 366 days.
lvl 01.05c.1 alice@x.example FC 2025-12-01 >01.05c.1.evidence.yaml   # stale on 2026-12-02
lvl 11.01q.1 bob@x.example FC 2026-01-15 >11.01q.1.evidence.yaml     # 2027-01-16
lvl 10.01r.1 carol@x.example FC 2026-03-01 >10.01r.1.evidence.yaml   # 2027-03-02: after the window
cd ..

run_hta --tier e1 --db d.db ev
eq "e1: two failing domains" "$rc" 1
R="run_id = (select max(id) from runs)"
eq "failing domains" "$(q d.db "select group_concat(domain, ' ') from domain_scores where $R and passed = 0")" "12 18"

# Inheritance: 18.08b.1 at 90% from a provider at 100: 90*100 = 90.00 points
# recovered; domain 18 goes from (0 + 100)/2 = 50 to 95 >= 83: it lifts.
eq "opportunity" "$(q d.db "select requirement_id, provider, responsibility, weight, points, planned from inheritance where $R")" \
	"18.08b.1|aws|provider|90|90.0|1"
eq "run total" "$(q d.db "select inherit_points, inherit_count from runs where id = (select max(id) from runs)")" "90.0|1"
eq "domain 18 lifts, 12 does not" "$(q d.db "select domain, inherit_points, inherit_lifts from domain_scores where $R and passed = 0 order by domain")" \
	"12|0.0|0
18|90.0|1"
# Inheriting (effort 1) is cheaper than fixing (effort 2) and enough:
# the plan inherits, and the gap's reason says so.
eq "the plan's fix" "$(q d.db "select fix from gaps where $R and requirement_id = '18.08b.1'")" inherit
contains "reason names the inheritance" "$(q d.db "select reason from gaps where $R and requirement_id = '18.08b.1'")" \
	"fix: inherit from aws at 90% (effort 1 instead of 2, recovers 90.00 points)"
eq "domain 18 plan effort" "$(q d.db "select plan_effort from domain_scores where $R and domain = '18'")" 1
eq "closing evidence names the level" \
	"$(q d.db "select substr(closing_evidence, 1, 12) from gaps where $R and requirement_id = '12.09ab.1'")" "implemented:"

# Timeline, 2 workstreams from as_of 2026-11-01. Ranks: 18.08b.1 (plan,
# inherit: 90/1), 12.09ab.1 (plan: 100/2), 12.09ac.1 (CAP).
#   18.08b.1: stream 1, 2 weeks (effort 1), no window: ready 2026-11-15
#   12.09ab.1: stream 2, 4 weeks -> 2026-11-29, + 90 days: 2027-02-27
#   12.09ac.1: stream 1 from 2026-11-15, 6 weeks (effort 3) -> 2026-12-27, +90: 2027-03-27
# Domain 12 needs 83*3 - 150 = 99 points: 12.09ab.1's 100, ready 2027-02-27.
eq "timeline, capacity 2" "$(q d.db "select rank, requirement_id, workstream, fix, start, fix_done, ready, weeks, window_days from timeline where $R order by rank")" \
	"1|18.08b.1|1|inherit|2026-11-01|2026-11-15|2026-11-15|2|0
2|12.09ab.1|2|fix|2026-11-01|2026-11-29|2027-02-27|4|90
3|12.09ac.1|1|fix|2026-11-15|2026-12-27|2027-03-27|6|90"
eq "pass days, capacity 2" "$(q d.db "select domain, passes_on from domain_scores where $R and passed = 0 order by domain")" \
	"12|2027-02-27
18|2026-11-15"
eq "ready on, capacity 2" "$(q d.db "select timeline_start, capacity, ready_on from runs where id = (select max(id) from runs)")" \
	"2026-11-01|2|2027-02-27"
# One workstream: 12.09ab.1 waits for 18.08b.1: 2026-11-15 + 28 + 90 = 2027-03-13.
run_hta --tier e1 --db d.db --capacity 1 ev
eq "timeline, capacity 1" "$(q d.db "select requirement_id, workstream, start, fix_done, ready from timeline where $R order by rank")" \
	"18.08b.1|1|2026-11-01|2026-11-15|2026-11-15
12.09ab.1|1|2026-11-15|2026-12-13|2027-03-13
12.09ac.1|1|2026-12-13|2027-01-24|2027-04-24"
eq "ready on, capacity 1" "$(q d.db "select ready_on from runs where id = (select max(id) from runs)")" 2027-03-13
run_hta --tier e1 --db d.db --start 2027-01-04 --capacity 2 ev
eq "--start moves it: 2027-01-04 + 28 days + 90 days" "$(q d.db "select timeline_start, ready_on from runs where id = (select max(id) from runs)")" \
	"2027-01-04|2027-05-02"
run_hta --tier e1 --db d.db --capacity 0 ev
eq "--capacity 0 is usage" "$rc" 2
run_hta --tier e1 --db d.db --start 2027-02-30 ev
eq "--start bad date is usage" "$rc" 2

# Evidence going stale within 90 days after 2026-11-01 (to 2027-01-30).
eq "stale, soonest first" "$(q d.db "select stale_on, owner, requirement_id, level, dated from stale_evidence where $R order by rowid")" \
	"2026-12-02|alice@x.example|01.05c.1|implemented|2025-12-01
2027-01-16|bob@x.example|11.01q.1|implemented|2026-01-15"

# Scope answers are stored.
eq "scope answers" "$(q d.db "select key || '=' || value from scope_answers where $R order by seq" | tr '\n' ' ')" \
	"as_of=2026-11-01 tier=e1 providers.aws=score 100.00 "

# Formats: text (brief), JSON (keys), Markdown, HTML.
run_hta --tier e1 --db d.db ev
contains "text: inheritance" "$out" "Inheritance: 1 gap the providers could cover, 90.00 points recoverable; the plan inherits 1; inheritance alone lifts 18"
contains "text: timeline" "$out" "every failing domain passes by 2027-02-27 (12 2027-02-27, 18 2026-11-15)"
contains "text: stale" "$out" "Evidence going stale within 90 days: 2 claims; soonest 2026-12-02: 01.05c.1 implemented (alice@x.example)"
run_hta --tier e1 --db d.db --format json ev
printf '%s' "$out" >r.json
eq "json" "$(python3 - r.json <<'P'
import json, sys
j = json.load(open(sys.argv[1]))
o = j["inheritance"]["opportunities"][0]
t = j["timeline"]
print(j["schema"], o["requirement_id"], o["points"], o["planned"], t["ready_on"],
      [x["ready"] for x in t["items"]], [s["stale_on"] for s in j["stale_evidence"]["items"]],
      [g["gap"]["fix"] for g in j["requirements"] if g["gap"]])
P
)" "hitrust-assess/report/v2 18.08b.1 90 True 2027-02-27 ['2026-11-15', '2027-02-27', '2027-03-27'] ['2026-12-02', '2027-01-16'] ['fix', 'fix', 'inherit']"
run_hta report --db d.db --format md
contains "md: inheritance" "$out" "### Inheritance opportunities"
contains "md: timeline" "$out" "every failing domain passes by **2027-02-27**"
contains "md: stale" "$out" "| 2026-12-02 | alice@x.example | 01.05c.1 | implemented | 2025-12-01 |"
run_hta report --db d.db --format json
printf '%s' "$out" >stored.json
eq "stored run renders the same JSON" "$(cmp -s r.json stored.json && echo same)" same

# The provider's own matrix (CSV) instead of the shipped file: 50% shared.
# 50*100 = 50.00 points; domain 18 reaches (50 + 100)/2 = 75 < 83: no lift.
printf 'requirement,responsibility,weight\n18.08b.1,shared,50\n"12.09ab.1",customer,0\n' >ev/aws-matrix.csv
sed 's/aws: { score: 100 }/aws: { score: 100, matrix: aws-matrix.csv }/' ev/scope.yaml >s2 && mv s2 ev/scope.yaml
run_hta --tier e1 --db d.db ev
eq "matrix: weight and points" "$(q d.db "select responsibility, weight, points from inheritance where $R")" "shared|50|50.0"
eq "matrix: no lift" "$(q d.db "select inherit_lifts from domain_scores where $R and domain = '18'")" 0
printf 'requirement,responsibility,weight\n18.08b.1,shared,50\n99.99z.9,provider,10\n' >ev/aws-matrix.csv
expect_error "matrix: unknown id" "aws-matrix.csv:3:1: unknown statement '99.99z.9'" --tier e1 ev
printf 'requirement,responsibility,weight\n18.08b.1,landlord,50\n' >ev/aws-matrix.csv
expect_error "matrix: bad responsibility" "aws-matrix.csv:2:10: responsibility must be provider, shared or customer" --tier e1 ev
printf 'requirement,responsibility,weight\n18.08b.1,provider,120\n' >ev/aws-matrix.csv
expect_error "matrix: bad weight" "aws-matrix.csv:2:19: weight must be a whole percent" --tier e1 ev
printf '18.08b.1,provider,90\n' >ev/aws-matrix.csv
expect_error "matrix: no header" "aws-matrix.csv:1:1: the first line must be the header" --tier e1 ev
# Every bad row of the matrix is reported, not just the first; the file is
# read as CSV (a comment line, a quoted field holding a comma, CRLF).
printf 'requirement,responsibility,weight\r\n# our own review, 2026-11\r\n99.99z.9,provider,10\r\n"18.08b.1",landlord,50\r\n18.08b.1,provider,"1,20"\r\n18.08b.1,provider\r\n' >ev/aws-matrix.csv
cp d.db keep.db; sum0=$(sha256sum <keep.db)
run_hta --tier e1 --db keep.db ev
eq "matrix: every bad row: exit 2" "$rc" 2
contains "matrix: row 3" "$err" "aws-matrix.csv:3:1: unknown statement '99.99z.9'"
contains "matrix: row 4" "$err" "aws-matrix.csv:4:12: responsibility must be provider, shared or customer, not 'landlord'"
contains "matrix: row 5 (quoted comma)" "$err" "aws-matrix.csv:5:19: weight must be a whole percent 0..100, not '1,20'"
contains "matrix: row 6" "$err" "aws-matrix.csv:6:1: expected 3 fields"
contains "matrix: counted" "$err" "4 errors"
eq "matrix: every bad row: db unchanged" "$(sha256sum <keep.db)" "$sum0"
printf 'requirement,responsibility,weight\n18.08b.1,"provider\n' >ev/aws-matrix.csv
expect_error "matrix: unclosed quote" "aws-matrix.csv:2:10: quoted field is never closed" --tier e1 ev
# Above the catalog's inheritable (90): capped to it.
printf 'requirement,responsibility,weight\n18.08b.1,provider,100\n' >ev/aws-matrix.csv
run_hta --tier e1 --db d.db ev
eq "matrix: capped at inheritable" "$(q d.db "select weight from inheritance where $R")" 90
rm ev/aws-matrix.csv
expect_error "matrix: missing file" "aws-matrix.csv: cannot read provider matrix" --tier e1 ev
sed 's/, matrix: aws-matrix.csv//' ev/scope.yaml >s2 && mv s2 ev/scope.yaml

# SOC 2 reuse: candidate criteria through controls/crosswalk/soc2.yaml.
# 12.09ab.1 maps AU-6: CC2.1, CC7.2 and CC7.3 read AU-6 in domain 12; CC7.2
# has an exception, so it is left out. 18.08b.1 maps PE-3: CC6.4. Advisory:
# every score is the same as without it.
q d.db "select domain || ' ' || score from domain_scores where $R order by domain" >scores.before
cp ev/scope.yaml scope.keep
printf 'soc2:\n  period_end: 2026-09-30\n  exceptions: [CC7.2]\n' >>ev/scope.yaml
run_hta --tier e1 --db d.db ev
eq "soc2: criteria minus exceptions" "$(q d.db "select requirement_id, criteria from soc2_evidence where $R and requirement_id in ('12.09ab.1', '18.08b.1') order by 1")" \
	"12.09ab.1|CC2.1 CC7.3
18.08b.1|CC6.4"
eq "soc2: run columns" "$(q d.db "select soc2_period_end, soc2_exceptions from runs where id = (select max(id) from runs)")" "2026-09-30|CC7.2"
q d.db "select domain || ' ' || score from domain_scores where $R order by domain" >scores.after
eq "soc2: scores unchanged" "$(cmp -s scores.before scores.after && echo same)" same
contains "soc2: text" "$out" "SOC 2 (period ending 2026-09-30; exceptions: CC7.2): candidate evidence for"
run_hta report --db d.db --format md
contains "soc2: md" "$out" "| 12.09ab.1 | yes | CC2.1 CC7.3 |"
cp scope.keep ev/scope.yaml
printf 'soc2:\n  period_end: 2026-09-30\n  exceptions: [CC7.2, CC99.1]\n' >>ev/scope.yaml
expect_error "soc2: unknown criterion" "scope.yaml:6:23: unknown SOC 2 criterion 'CC99.1'" --tier e1 ev
cp scope.keep ev/scope.yaml
printf 'soc2:\n  exceptions: [CC7.2]\n' >>ev/scope.yaml
expect_error "soc2: period_end required" "soc2 needs period_end" --tier e1 ev
cp scope.keep ev/scope.yaml
printf 'soc2:\n  period_end: 2026-09-30\n  auditor: x\n' >>ev/scope.yaml
expect_error "soc2: unknown key" "auditor" --tier e1 ev
cp scope.keep ev/scope.yaml

# The tier ladder: e1 and i1 of the same evidence, one stored run each,
# grouped; the report is the highest tier's, and so is the exit status.
run_hta --tier i1,e1 --db l.db ev
eq "ladder: exit status of i1 (fails)" "$rc" 1
eq "ladder: two runs, one group" "$(q l.db "select count(*), count(distinct ladder), min(ladder) = min(id) from runs")" "2|1|1"
eq "ladder: tiers in order" "$(q l.db "select group_concat(tier, ' ') from (select tier from runs order by id)")" "e1 i1"
contains "ladder: text table" "$out" "Tier ladder (runs 1..2):"
contains "ladder: e1 row" "$out" "e1   FAIL         3         0      3    94.74  12 18"
run_hta report --db l.db --format json
eq "ladder: json" "$(printf '%s' "$out" | python3 -c 'import json,sys; j=json.load(sys.stdin); print([(l["tier"], l["verdict"], l["failing_domains"]) for l in j["ladder"]][0])')" \
	"('e1', 'fail', ['12', '18'])"
run_hta report --db l.db --format md
contains "ladder: md" "$out" "| e1 | ❌ fail | 12 18 | 3 | 0 | 3 |"
run_hta report --db l.db --run 1 --format md
contains "ladder: the lower run renders the ladder too" "$out" "### Tier ladder"
run_hta --tier e1,e1 --db l.db ev
eq "ladder: a tier twice is usage" "$rc" 2
run_hta --tier e1,x9 --db l.db ev
eq "ladder: unknown tier is usage" "$rc" 2

# An older (version 1) database is upgraded in the run's transaction, its
# run kept; report reads it without the deliverable.
"$SRC/tests/e2e/mkdb_v1.sh" old.db
run_hta --tier e1 --db old.db ev
eq "upgraded: exit" "$rc" 1
eq "upgraded: version 4 (3: the deliverable, 4: catalog digest), deliverable stored" "$(q old.db "pragma user_version; select count(*) from runs; select count(*) from timeline")" "4
2
3"
"$SRC/tests/e2e/mkdb_v1.sh" old2.db
run_hta report --db old2.db --format json
eq "a version 1 run renders (no deliverable rows)" "$rc|$(q old2.db "pragma user_version")" "0|1"

# Evidence going stale names where the date is written and the statement's
# owner, also when the statement's evidence is split across manifests (8.1)
# or its date is lent by a document (8.2): the owner set in one manifest,
# the implemented claim in another, the policy date from documents.yaml.
cd "$W" && mkdir sp && cd sp
artifact p/a.txt
printf 'as_of: 2026-11-01\ntier: r2\nfactors: { records_held: 5, internet_facing: false }\n' >scope.yaml
printf 'documents:\n  - id: pol\n    path: p/a.txt\n    reviewed: 2025-12-10\n' >documents.yaml
printf 'requirement: T.02\nowner: ana@x.example\npolicy: { rating: FC, documents: [pol] }\n' >a.evidence.yaml
mkdir z && printf 'requirement: T.02\n\n\nimplemented: { rating: FC, artifacts: [p/a.txt], tested: 2025-12-01 }\n' >z/b.evidence.yaml
cd ..
run_hta --catalog "$MINI" --db sp.db sp
eq "split stale: exit" "$rc" 1
eq "split stale: file, line and owner of each date" \
	"$(q sp.db "select requirement_id, level, owner, manifest, line, dated, stale_on from stale_evidence order by rowid")" \
	"T.02|implemented|ana@x.example|z/b.evidence.yaml|4|2025-12-01|2026-12-02
T.02|policy|ana@x.example|documents.yaml|4|2025-12-10|2026-12-11"
# AI Risk Management and the compliance pool get no verdict: no pass day
# (NULL, not the epoch).
printf 'compliance: [hipaa]\n' >>sp/scope.yaml
run_hta --catalog "$MINI" --db sp.db --tier i1 --ai-risk sp
eq "no-verdict pools: no pass day" "$(q sp.db "select pool, passes_on is null from pool_scores where run_id = 2 order by pool")" \
	"ai-risk|1
compliance|1"
