# Gates and exit statuses (0/1/2), waivers, --no-fail, the AI and
# compliance pools, --fail-on-new, diff, and report re-rendering.
mkdir ev && cd ev
artifact x.txt
cat > scope.yaml <<'Y'
as_of: 2026-11-01
providers:
  partner: { score: 75 }
Y
fc() { printf 'requirement: %s\nimplemented: { rating: FC, artifacts: [x.txt], tested: 2026-10-01 }\n' "$1"; }
fc T.01 >t01.evidence.yaml
fc T.02 >t02.evidence.yaml
fc T.03 >t03.evidence.yaml
cd ..
A="--catalog $MINI --tier e1"
run_hta $A --db g.db ev
eq "all FC: exit 0" "$rc" 0
eq "all FC: pass, no gaps" "$(q g.db "select verdict, gap_count from runs")" "pass|0"
run_hta $A --db g.db --min-score 100 ev
eq "--min-score 100 holds at 100" "$rc" 0
run_hta $A --db g.db --min-score 100.5 ev
eq "--min-score out of range is usage" "$rc" 2

# T.02 half inherited from a provider scoring 75: .5*75 + .5*100 = 87.5 (a gap, no CAP)
fc T.02 | sed 's/^requirement: T.02$/requirement: T.02\ninherited: { provider: partner, weight: 50 }/' >ev/t02.evidence.yaml
run_hta $A --db g.db ev
eq "inherited gap: exit 0 (domains pass)" "$rc" 0
eq "inherited level" "$(q g.db "select implemented, score from requirement_scores where run_id=(select max(id) from runs) and requirement_id='T.02'")" "87.5|87.5"
run_hta $A --db g.db --max-gaps 0 ev
eq "--max-gaps 0 fails" "$rc" 1
contains "--max-gaps names the gate" "$err" "exceed --max-gaps 0"
run_hta $A --db g.db --max-gaps 1 --max-caps 0 ev
eq "--max-gaps 1 --max-caps 0 pass" "$rc" 0
run_hta $A --db g.db --max-gaps 0 --no-fail ev
eq "--no-fail turns 1 into 0" "$rc" 0
# overall = mean of scored domains: (93.75 + 100) / 2 = 96.875
run_hta $A --db g.db --min-score 96.875 ev
eq "--min-score at the unrounded overall passes" "$rc" 0
run_hta $A --db g.db --min-score 96.88 ev
eq "--min-score above it fails" "$rc" 1

# a waiver holds while expires >= as_of, and only changes gates
printf 'waiver: { reason: "Partner replaced in Q1", expires: 2026-11-01 }\n' >>ev/t02.evidence.yaml
run_hta $A --db g.db --max-gaps 0 ev
eq "waived gap is out of --max-gaps" "$rc" 0
eq "waiver stored, score unchanged" "$(q g.db "select g.waived, r.score, ru.waived_gaps from gaps g join requirement_scores r using (run_id, requirement_id) join runs ru on ru.id = g.run_id where g.run_id=(select max(id) from runs)")" "1|87.5|1"
sed -i 's/expires: 2026-11-01/expires: 2026-10-31/' ev/t02.evidence.yaml
run_hta $A --db g.db --max-gaps 0 ev
eq "expired waiver counts as none" "$rc" 1
eq "expired waiver finding" "$(q g.db "select code, line from findings where run_id=(select max(id) from runs)")" "waiver-expired|4"

# AI Security pooled apart and gets a verdict; AI Risk never blocks;
# e1 compliance statements reported apart.
fc T.02 >ev/t02.evidence.yaml
fc A.01 >ev/a01.evidence.yaml
cat >>ev/scope.yaml <<'Y'
ai: { model_types: [generative] }
compliance: [hipaa]
Y
run_hta $A --db g.db --ai-risk ev
eq "AI Risk alone never blocks" "$rc" 0
eq "AI Risk pool: no verdict" "$(q g.db "select pool, score, threshold is null, passed is null from pool_scores where run_id=(select max(id) from runs) order by pool")" "ai-risk|0.0|1|1
compliance|0.0|1|1"
eq "AI Risk gap listed" "$(q g.db "select count(*) from gaps where run_id=(select max(id) from runs) and requirement_id='R.01'")" 1
eq "compliance statement not in its domain" "$(q g.db "select statements, score from domain_scores where run_id=(select max(id) from runs) and domain='12'")" "1|100.0"
run_hta $A --db g.db --ai-security ev
eq "AI Security (100+0)/2 = 50 < 83: exit 1" "$rc" 1
eq "AI Security pool" "$(q g.db "select score, threshold, statements, passed from pool_scores where run_id=(select max(id) from runs) and pool='ai-security'")" "50.0|83.0|2|0"
eq "verdict covers AI Security" "$(q g.db "select verdict, addons from runs where id=(select max(id) from runs)")" "fail|ai-security"
eq "A.02 is a blocker" "$(q g.db "select blocker from gaps where run_id=(select max(id) from runs) and requirement_id='A.02'")" 1

# history: --fail-on-new compares with the previous run of the same tier and root
rm ev/a01.evidence.yaml
run_hta $A --db h.db ev
eq "history base" "$rc" 0
rm ev/t01.evidence.yaml
run_hta $A --db h.db --fail-on-new -o run2.json --format json ev
eq "--fail-on-new with a new gap" "$rc" 1
contains "--fail-on-new names it" "$err" "new gap since run 1: T.01"
run_hta diff --db h.db
eq "diff exit" "$rc" 0
contains "diff lists the new gap" "$out" "new        T.01"
run_hta diff --db h.db --fail-on-new
eq "diff --fail-on-new" "$rc" 1
run_hta diff --db h.db 2 1 --format json
eq "diff json: fixed T.01 going back" "$(printf '%s' "$out" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["fixed"], d["new"])')" "['T.01'] []"
run_hta report --db h.db --run 2 --format json
printf '%s\n' "$out" >rerender.json
eq "report re-renders the stored run identically" "$(cmp -s run2.json rerender.json && echo same)" "same"
run_hta report --db h.db --list
contains "report --list" "$out" "RUN"
eq "report --list rows" "$(printf '%s\n' "$out" | wc -l | tr -d ' ')" 3
run_hta report --db h.db --run 9
eq "report of a missing run" "$rc" 2
