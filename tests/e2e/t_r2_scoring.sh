# r2 on the mini catalog: PRISMA weights and the 75 ceiling, factor
# scoping, every evidence check of rule 2 with its edge dates, N/A and
# never_na, out-of-scope manifests.
mkdir -p ev/docs && cd ev
artifact docs/policy.pdf
artifact docs/runbook.md
artifact docs/export.csv
echo outside > ../outside.txt
cat > scope.yaml <<'Y'
as_of: 2026-11-01
tier: r2
factors:
  records_held: 20_000_000
  internet_facing: false
Y
# policy reviewed exactly 365 days before as_of (fresh) = 100;
# procedure coverage 89.9 -> band of 89 = 75; implemented "fully" on as_of = 100
# score = .15*100 + .20*75 + .40*100 = 70 (ceiling 75). never_na: N/A refused.
cat > t01.evidence.yaml <<'Y'
requirement: T.01
not_applicable: "we think so"
policy: { rating: FC, artifacts: [docs/policy.pdf], reviewed: 2025-11-01 }
procedure: { coverage: 89.9, artifacts: [docs/runbook.md], reviewed: 2026-10-01 }
implemented: { rating: fully, artifacts: [docs/export.csv], tested: 2026-11-01 }
Y
cat > t02.evidence.yaml <<'Y'
requirement: T.02
not_applicable: "No access policy needed: no users (test)"
Y
cat > t03.evidence.yaml <<'Y'
requirement: T.03
Y
# policy effective exactly 60 days before: old enough -> PC 50;
# procedure names a missing artifact -> 0; implemented tested after as_of -> 0
# score = .15*50 = 7.5
cat > t04.evidence.json <<'Y'
{
  "requirement": "T.04",
  "policy": {"rating": "pc", "artifacts": ["docs/policy.pdf"], "reviewed": "2026-10-01", "effective": "2026-09-02"},
  "procedure": {"rating": "SC", "artifacts": ["docs/missing.pdf"], "reviewed": "2026-10-01"},
  "implemented": {"coverage": 95, "artifacts": ["docs/export.csv"], "tested": "2026-11-02"}
}
Y
# outside the root, absolute, no artifact, too recent: all 0
cat > t05.evidence.yaml <<'Y'
requirement: T.05
policy: { rating: FC, artifacts: [/etc/passwd], reviewed: 2026-10-01 }
procedure: { rating: FC, artifacts: [../outside.txt], reviewed: 2026-10-01 }
implemented: { rating: FC, tested: 2026-10-01 }
measured: { rating: FC, artifacts: [docs/export.csv], tested: 2026-10-01 }
Y
cat > t06.evidence.yaml <<'Y'
requirement: T.06
implemented: { rating: FC, artifacts: [docs/export.csv], tested: 2026-10-01, effective: 2026-10-01 }
Y
cd ..
run_hta --catalog "$MINI" --db r.db ev
eq "exit 1" "$rc" 1
eq "in scope: T.06 out (internet_facing false), T.07 in (records level 2), T.08 out" \
  "$(q r.db "select group_concat(requirement_id) from (select requirement_id from requirement_scores order by requirement_id)")" "T.01,T.02,T.03,T.04,T.05,T.07"
eq "T.01 levels and score" "$(q r.db "select policy, procedure, implemented, measured is null, managed is null, score, status from requirement_scores where requirement_id='T.01'")" "100.0|75.0|100.0|1|1|70.0|scored"
eq "T.02 not applicable" "$(q r.db "select status, score is null from requirement_scores where requirement_id='T.02'")" "not_applicable|1"
eq "T.03 only requirement: scored 0" "$(q r.db "select status, score, policy, procedure, implemented from requirement_scores where requirement_id='T.03'")" "scored|0.0|0.0|0.0|0.0"
eq "T.04 = 7.5" "$(q r.db "select policy, procedure, implemented, score from requirement_scores where requirement_id='T.04'")" "50.0|0.0|0.0|7.5"
eq "T.05 = 0" "$(q r.db "select score from requirement_scores where requirement_id='T.05'")" "0.0"
eq "T.07 no evidence" "$(q r.db "select status, score from requirement_scores where requirement_id='T.07'")" "no_evidence|0.0"
eq "domain 11 excludes N/A: (70+0)/2" "$(q r.db "select score, statements, passed from domain_scores where domain='11'")" "35.0|2|0"
eq "domain 12 = (0+7.5)/2" "$(q r.db "select score from domain_scores where domain='12'")" "3.75"
eq "finding codes" "$(q r.db "select requirement_id||':'||code from findings order by requirement_id, code" | tr '\n' ' ')" \
  "T.01:never-na T.04:artifact-missing T.04:date-future T.05:artifact-outside-root T.05:artifact-outside-root T.05:no-artifact T.06:out-of-scope T.07:no-evidence "
eq "T.01 gap without CAP (implemented 100)" "$(q r.db "select cap_required, points_lost from gaps where requirement_id='T.01'")" "0|5.0"
eq "T.03 CAP" "$(q r.db "select cap_required from gaps where requirement_id='T.03'")" "1"
eq "no gap for N/A" "$(q r.db "select count(*) from gaps where requirement_id='T.02'")" "0"
eq "ranks are 1..N" "$(q r.db "select group_concat(rank) from (select rank from gaps order by rank)")" "1,2,3,4,5"

# measured_managed on: ceiling 100, measured and managed scored
run_hta --catalog "$MINI" --db r.db --measured-managed ev
eq "mm: T.01 score now has ceiling 100" "$(q r.db "select score, measured, managed from requirement_scores where run_id=2 and requirement_id='T.01'")" "70.0|0.0|0.0"
eq "mm: T.01 points lost 30" "$(q r.db "select points_lost from gaps where run_id=2 and requirement_id='T.01'")" "30.0"

# Dates at the edges (contract 4.1): exactly 365 days back is fresh, an
# effective date exactly 60/90 days back is old enough, a date equal to
# as_of is fine; an effective date after as_of is too recent (said so,
# not "-1 days before").
mkdir -p ed && cd ed
artifact a.txt
printf 'as_of: 2026-11-01\ntier: r2\nfactors: { records_held: 5, internet_facing: false }\n' >scope.yaml
cat >t01.evidence.yaml <<'Y'
requirement: T.01
policy: { rating: FC, artifacts: [a.txt], reviewed: 2025-11-01, effective: 2026-09-02 }
procedure: { rating: FC, artifacts: [a.txt], reviewed: 2026-11-01 }
implemented: { rating: FC, artifacts: [a.txt], tested: 2026-11-01, effective: 2026-08-03 }
Y
cat >t02.evidence.yaml <<'Y'
requirement: T.02
policy: { rating: FC, artifacts: [a.txt], reviewed: 2025-10-31, effective: 2026-09-03 }
implemented: { rating: FC, artifacts: [a.txt], tested: 2026-11-01, effective: 2026-11-02 }
Y
cd ..
run_hta --catalog "$MINI" --db ed.db ed
eq "date edges: T.01 at every edge counts" "$(q ed.db "select score, policy, procedure, implemented from requirement_scores where requirement_id='T.01'")" "75.0|100.0|100.0|100.0"
eq "date edges: T.02 one day past each edge" "$(q ed.db "select score, policy, implemented from requirement_scores where requirement_id='T.02'")" "0.0|0.0|0.0"
eq "date edges: findings" "$(q ed.db "select line || ' ' || code || ': ' || message from findings where requirement_id='T.02' order by line, code")" \
"2 stale: policy date 2025-10-31 is 366 days before 2026-11-01 (limit 365); it counts 0
2 too-recent: policy took effect 2026-09-03, 59 days before 2026-11-01; it needs 60 days to count
3 too-recent: implemented takes effect 2026-11-02, after 2026-11-01; it needs 90 days before it to count"
