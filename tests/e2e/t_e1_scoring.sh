# e1 on the mini catalog: implemented-only scoring, inheritance with the
# catalog's cap, a stale date, domain verdicts, the plan and gap ranks.
mkdir -p ev && cd ev
artifact exports/mfa.csv
artifact exports/policy.txt
artifact logs/siem.png
cat > scope.yaml <<'Y'
organization: Test Org
as_of: 2026-11-01
providers:
  aws: { score: 100 }
Y
cat > t01.evidence.yaml <<'Y'
requirement: T.01
owner: iam@test.example
implemented: { rating: FC, artifacts: [exports/mfa.csv], tested: 2026-10-01 }
Y
# coverage 50 -> band 50; inherited 60% capped to the catalog's 50%:
# 0.5 * 100 + 0.5 * 50 = 75
cat > t02.evidence.yaml <<'Y'
requirement: T.02
inherited: { provider: aws, weight: 60 }
implemented:
  coverage: 50
  artifacts: [exports/policy.txt]
  tested: 2026-09-15
Y
# tested 366 days before as_of: stale, counts 0
cat > t03.evidence.yaml <<'Y'
requirement: T.03
implemented: { rating: MC, artifacts: [logs/siem.png], tested: 2025-10-31 }
Y
cd ..
run_hta --catalog "$MINI" --tier e1 --db r.db ev
eq "exit 1 on a failing domain" "$rc" 1
contains "text names the verdict" "$out" "VERDICT: FAIL"
eq "run row" "$(q r.db "select tier, verdict, gap_count, cap_count, as_of from runs")" "e1|fail|2|1|2026-11-01"
eq "domain 11 = (100+75)/2" "$(q r.db "select score, threshold, statements, passed from domain_scores where domain='11'")" "87.5|83.0|2|1"
eq "domain 12 = 0" "$(q r.db "select score, passed from domain_scores where domain='12'")" "0.0|0"
eq "unscored domain" "$(q r.db "select score is null, passed is null, statements from domain_scores where domain='05'")" "1|1|0"
eq "T.02 blended implemented" "$(q r.db "select implemented, score, policy is null, status from requirement_scores where requirement_id='T.02'")" "75.0|75.0|1|scored"
eq "T.03 stale counts 0" "$(q r.db "select implemented, score from requirement_scores where requirement_id='T.03'")" "0.0|0.0"
eq "findings" "$(q r.db "select requirement_id, code, path, line from findings order by requirement_id")" "T.02|inherit-capped|t02.evidence.yaml|2
T.03|stale|t03.evidence.yaml|2"
eq "gap ranks: the plan first" "$(q r.db "select rank, requirement_id, cap_required, blocker, points_lost, effort from gaps order by rank")" "1|T.03|1|1|100.0|1
2|T.02|0|0|25.0|3"
contains "plan reason" "$(q r.db "select reason from gaps where rank=1")" "cheapest plan"
eq "owner stored" "$(q r.db "select owner from requirement_scores where requirement_id='T.01'")" "iam@test.example"
eq "schema version" "$(q r.db "pragma user_version")" 4

# --no-fail turns 1 into 0; the run is still written
run_hta --catalog "$MINI" --tier e1 --db r.db --no-fail ev
eq "--no-fail exit" "$rc" 0
eq "runs appended" "$(q r.db "select count(*) from runs")" 2

# A coverage with more than two decimals falls in the band of its integer
# part (contract 4 rule 1): 89.999 is 75, 65.999 is 50, never rounded up.
mkdir -p cv && cd cv
artifact a.txt
printf 'as_of: 2026-11-01\n' >scope.yaml
printf 'requirement: T.01\nimplemented: { coverage: 89.999, artifacts: [a.txt], tested: 2026-10-01 }\n' >t01.evidence.yaml
printf 'requirement: T.02\nimplemented: { coverage: 65.9999999, artifacts: [a.txt], tested: 2026-10-01 }\n' >t02.evidence.yaml
printf 'requirement: T.03\nimplemented: { coverage: 100.001, artifacts: [a.txt], tested: 2026-10-01 }\n' >t03.evidence.yaml
cd ..
run_hta --catalog "$MINI" --tier e1 --db cv.db cv
eq "coverage over 100 by a decimal: exit 2" "$rc" 2
contains "coverage over 100: message" "$err" "t03.evidence.yaml:2:26: coverage must be between 0 and 100, not 100.001"
sed -i 's/100.001/10.999/' cv/t03.evidence.yaml
run_hta --catalog "$MINI" --tier e1 --db cv.db cv
eq "long decimals: assessed" "$rc" 1
eq "long decimals: bands of the integer part" \
	"$(q cv.db "select requirement_id, implemented from requirement_scores order by 1")" \
	"T.01|75.0
T.02|50.0
T.03|0.0"
