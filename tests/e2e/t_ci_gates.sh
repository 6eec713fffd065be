# CI gates (contract 8.4): --gate LIST names the gates that can fail a run;
# --gate new fails only on new gaps; "new" against the previous run over the
# same evidence root, or against a baseline file (report --format baseline)
# so two fresh databases can gate; a waived gap is never new, in assess and
# in diff alike.
mkdir ev && cd ev
artifact x.txt
printf 'as_of: 2026-11-01\n' >scope.yaml
fc() { printf 'requirement: %s\nimplemented: { rating: FC, artifacts: [x.txt], tested: 2026-10-01 }\n' "$1"; }
pc_waived() {
	printf 'requirement: %s\nimplemented: { rating: PC, artifacts: [x.txt], tested: 2026-10-01 }\n' "$1"
	printf 'waiver: { reason: "Accepted until the Q1 rebuild", expires: 2027-01-31 }\n'
}
fc T.02 >t02.evidence.yaml
fc T.03 >t03.evidence.yaml
cd ..
A="--catalog $MINI --tier e1"

# T.01 has no manifest: domain 11 is under the e1 threshold, a gap.
run_hta $A --db c.db ev
eq "below threshold: the domain gate fails by default" "$rc" 1
run_hta $A --db c.db --gate new ev
eq "--gate new, unchanged tree below threshold: exit 0" "$rc" 0
eq "the run is still stored as failing" "$(q c.db "select verdict from runs order by id desc limit 1")" "fail"
run_hta $A --db c.db --gate new ev
eq "--gate new, unchanged again: exit 0" "$rc" 0
eq "--gate new: no gate message" "$err" ""
run_hta $A --db c.db --gate domains,new ev
eq "--gate domains,new: the domain gate still fails" "$rc" 1
run_hta $A --db c.db --fail-on-new ev
eq "--fail-on-new keeps the domain gate (no --gate)" "$rc" 1

# A gap appears: T.03 loses its manifest.
mv ev/t03.evidence.yaml t03.keep
run_hta $A --db c.db --gate new ev
eq "--gate new, a new gap: exit 1" "$rc" 1
contains "--gate new names the new gap" "$err" "new gap since run"
contains "--gate new names T.03" "$err" "T.03"
contains "--gate new says which gate" "$err" "gate: 1 new gaps (--gate new)"
run_hta $A --db c.db --gate new --no-fail ev
eq "--no-fail turns it into 0" "$rc" 0
mv t03.keep ev/t03.evidence.yaml

# --gate gaps without --max-gaps: no gap allowed; other options outside
# the list do not fail the run (and say so).
run_hta $A --db c.db --gate gaps ev
eq "--gate gaps alone: any gap fails" "$rc" 1
contains "--gate gaps: the message" "$err" "exceed --max-gaps 0"
run_hta $A --db c.db --gate new --max-gaps 0 ev
eq "--max-gaps outside --gate does not fail" "$rc" 0
contains "--max-gaps outside --gate: a note" "$err" "gate 'gaps' is not in --gate"
run_hta $A --db c.db --gate score ev
eq "--gate score without --min-score: usage" "$rc" 2
contains "--gate score: the message" "$err" "--min-score"
run_hta $A --db c.db --gate bogus ev
eq "--gate with an unknown gate: usage" "$rc" 2
contains "--gate unknown: names the gates" "$err" "domains, new, gaps, caps, score"
run_hta $A --db c.db --gate new, ev
eq "--gate with an empty name: usage" "$rc" 2
run_hta $A --db c.db --baseline nothere.json ev
eq "--baseline without the new gate: usage" "$rc" 2

# Two fresh runners that share only a baseline file.
run_hta $A --db first.db ev
run_hta report --db first.db --format baseline -o base.json
eq "report --format baseline: exit 0" "$rc" 0
eq "baseline: schema, tier and gaps" "$(python3 -c '
import json,sys
d=json.load(open("base.json"))
print(d["schema"], d["run"]["tier"], d["run"]["as_of"], [(g["requirement_id"], g["waived"]) for g in d["gaps"]])')" \
  "hitrust-assess/baseline/v1 e1 2026-11-01 [('T.01', False)]"
run_hta report --db first.db --run 1 --format baseline
eq "report --run N --format baseline to stdout" "$out" "$(cat base.json)"
run_hta $A --db second.db --gate new --baseline base.json ev
eq "fresh database + baseline, unchanged tree: exit 0" "$rc" 0
rm second.db
mv ev/t03.evidence.yaml t03.keep
run_hta $A --db second.db --gate new --baseline base.json ev
eq "fresh database + baseline, a new gap: exit 1" "$rc" 1
contains "baseline: names the new gap" "$err" "new gap since baseline base.json: T.03"
mv t03.keep ev/t03.evidence.yaml
printf '{"schema": "something-else"}\n' >bad.json
run_hta $A --db second.db --gate new --baseline bad.json ev
eq "a file that is not a baseline: exit 2" "$rc" 2
contains "not a baseline: the message" "$err" "bad.json: not a baseline file"
printf '{"schema": \n' >broken.json
run_hta $A --db second.db --gate new --baseline broken.json ev
eq "broken JSON baseline: exit 2" "$rc" 2
contains "broken JSON baseline: file:line:col" "$err" "broken.json:1:12: "

# diff --baseline: the same comparison from the database side.
mv ev/t03.evidence.yaml t03.keep
run_hta $A --db first.db ev
run_hta diff --db first.db --baseline base.json
eq "diff --baseline: exit 0" "$rc" 0
contains "diff --baseline: header" "$out" "diff: baseline base.json (run 1"
contains "diff --baseline: the new gap" "$out" "new        T.03"
run_hta diff --db first.db --baseline base.json --fail-on-new --format json
eq "diff --baseline --fail-on-new: exit 1" "$rc" 1
eq "diff --baseline json" "$(printf '%s' "$out" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["new"], d["persisting"], d["baseline"])')" "['T.03'] ['T.01'] base.json"
mv t03.keep ev/t03.evidence.yaml

# A waived gap that reappears is not new, in assess and in diff alike.
# (The first release's diff counted it new: `diff --fail-on-new` exited 1.)
fc T.01 >ev/t01.evidence.yaml
run_hta $A --db w.db ev
eq "waiver history: all FC" "$rc" 0
pc_waived T.02 >ev/t02.evidence.yaml
run_hta $A --db w.db --gate new ev
eq "a waived gap is not new in assess (--gate new)" "$rc" 0
eq "it is a waived gap" "$(q w.db "select requirement_id, waived from gaps where run_id=2")" "T.02|1"
run_hta $A --db w.db --fail-on-new ev
eq "--fail-on-new: domain 11 at 75 fails its gate" "$rc" 1
eq "a waived gap is not new in assess (--fail-on-new)" "$(printf '%s' "$err" | grep -c 'new gap')" 0
run_hta diff --db w.db 1 2 --fail-on-new
eq "a waived gap is not new in diff --fail-on-new" "$rc" 0
contains "diff shows it as waived" "$out" "waived     T.02"
contains "diff summary counts it apart" "$out" "0 new, 0 fixed, 0 persisting (0 worsened), 1 waived (not new)"
run_hta diff --db w.db 1 2 --format json
eq "diff json: waived, not new" "$(printf '%s' "$out" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["new"], d["waived"], d["new_count"], d["waived_count"])')" "[] ['T.02'] 0 1"
run_hta report --db w.db --run 1 --format baseline -o wbase.json
run_hta $A --db w2.db --gate new --baseline wbase.json ev
eq "a waived gap is not new against a baseline" "$rc" 0
# The waiver expires: now the gap counts as new (it was not a gap before).
sed -i 's/expires: 2027-01-31/expires: 2026-10-31/' ev/t02.evidence.yaml
run_hta $A --db w.db --gate new ev
eq "an expired waiver: not new, it was a (waived) gap the run before" "$rc" 0
run_hta diff --db w.db 1 --fail-on-new
eq "expired waiver: new against run 1" "$rc" 1
