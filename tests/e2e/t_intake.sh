# Evidence intake (contract 8.1, 8.2): scope-aware init, catalog --scope,
# several manifests per statement, the evidence library, every error of
# the evidence in one pass, misnamed manifests, tabs, a missing directory.

# ---- the r2 scenario, on the shipped catalog ----
# A compliance lead: init r2 with the AI Security add-on, answer the
# factors, init again, assess: a manifest for every in-scope statement.
run_hta init --tier r2 --ai-security ev
eq "init: exit" "$rc" 0
contains "init: lowest-risk note" "$out" "at its lowest-risk answer"
n0=$(printf '%s\n' "$out" | sed -n 's/.*: \([0-9]*\) statements in scope.*/\1/p')
[ -f ev/documents.yaml ] && ok "init writes documents.yaml" || bad "init writes documents.yaml" "missing"
contains "documents.yaml is empty" "$(cat ev/documents.yaml)" "documents: []"
contains "documents.yaml is commented" "$(cat ev/documents.yaml)" "# documents.yaml — the evidence library"
contains "scope records the add-on" "$(cat ev/scope.yaml)" "addons: [ai-security]"
skel=$(find ev -name '11.01q.1.evidence.yaml')
contains "skeleton: statement in comments" "$(cat "$skel")" "# Requirement:"
contains "skeleton: illustrative evidence" "$(cat "$skel")" "# Illustrative evidence:"
contains "skeleton: requirement" "$(cat "$skel")" 'requirement: "11.01q.1"'
# The lowest-risk scope is noted in the assessment's summary too.
run_hta --tier r2 --ai-security --db lr.db --as-of 2026-11-01 ev
contains "assessment: lowest-risk notice" "$out" "scope-lowest-risk: every r2 factor is at its lowest-risk answer"

# Answer the factors: 1.2M records, 6,000 users, internet-facing, AWS,
# HIPAA, generative AI with RAG.
sed -i 's/records_held: 0/records_held: 1200000/; s/users: 0/users: 6000/;
  s/internet_facing: false/internet_facing: true/; s/cloud_hosted: false/cloud_hosted: true/;
  s/compliance: \[\]/compliance: [hipaa]/; s/model_types: \[rule-based\]/model_types: [generative]/;
  s/rag: false/rag: true/; s/providers: {}/providers: { aws: { score: 100 } }/' ev/scope.yaml
printf '# hand-edited\nrequirement: "11.01q.1"\nowner: iam@acme.example\n' >"$skel"
run_hta init ev
eq "re-init: exit" "$rc" 0
n1=$(printf '%s\n' "$out" | sed -n 's/.*: \([0-9]*\) statements in scope.*/\1/p')
w1=$(printf '%s\n' "$out" | sed -n 's/.*wrote \([0-9]*\) files.*/\1/p')
[ "$n1" -gt "$n0" ] && ok "re-init: the factors bring statements in" || bad "re-init: more in scope" "$n0 -> $n1"
eq "re-init: writes exactly the missing skeletons" "$w1" "$((n1 - n0))"
contains "re-init: add-on from the scope" "$out" "for r2 + ai-security"
contains "re-init never overwrites" "$(cat "$skel")" "# hand-edited"
run_hta init ev
contains "third init writes nothing" "$out" "wrote 0 files, kept $((n1 + 2)) existing"
run_hta --tier r2 --ai-security --db r2.db --as-of 2026-11-01 ev
eq "assess: verdict (exit 1)" "$rc" 1
eq "assess: every in-scope statement" "$(q r2.db "select count(*) from requirement_scores")" "$n1"
eq "assess: none without a manifest" "$(q r2.db "select count(*) from requirement_scores where status='no_evidence'")" 0
# catalog list --scope selects exactly what the assessment assessed.
run_hta catalog list --scope ev/scope.yaml --tier r2 --format json
eq "catalog list --scope: the assessment's statements" \
  "$(printf '%s' "$out" | python3 -c 'import json,sys; print("\n".join(sorted(s["id"] for s in json.load(sys.stdin))))')" \
  "$(q r2.db "select requirement_id from requirement_scores order by 1")"
run_hta catalog stats --scope ev/scope.yaml --format json
eq "catalog stats --scope: count" \
  "$(printf '%s' "$out" | python3 -c 'import json,sys; d=json.load(sys.stdin)["scope"]; print(d["statements"], d["addons"], d["lowest_risk"])')" \
  "$n1 ['ai-security'] False"
run_hta catalog list --scope ev/scope.yaml
eq "catalog list --scope: no notice for an answered scope" "$err" ""
run_hta init --tier r2 ev-low
run_hta catalog list --scope ev-low/scope.yaml
contains "catalog list --scope: lowest-risk notice" "$err" "lowest-risk answer"

# Narrow the scope again: the manifests it drops are listed, never deleted.
sed -i 's/internet_facing: true/internet_facing: false/' ev/scope.yaml
run_hta init ev
contains "narrowed: out-of-scope manifests listed" "$out" "no longer in scope (kept"
gone=$(printf '%s\n' "$out" | sed -n 's/^  \(ev\/[^ ]*\.evidence\.yaml\) .*/\1/p' | head -1)
[ -n "$gone" ] && [ -f "$gone" ] && ok "narrowed: kept on disk" || bad "narrowed: kept" "'$gone'"
# init --scope FILE reads that scope.
cp ev/scope.yaml other-scope.yaml
run_hta init --scope other-scope.yaml ev-other
contains "init --scope FILE" "$out" "for r2 + ai-security"
[ ! -f ev-other/scope.yaml ] && ok "init --scope writes no scope.yaml" || bad "init --scope" "wrote a scope"
run_hta init ev-none
eq "init without a scope or --tier: exit" "$rc" 2
contains "init without a scope or --tier: message" "$err" "give --tier"

# ---- several manifests per statement, on the mini catalog ----
mkdir -p sp && cd sp
artifact p.pdf
artifact i.csv
printf 'as_of: 2026-11-01\nfactors: { records_held: 0, internet_facing: false }\nproviders: { aws: { score: 100 } }\n' >scope.yaml
cat > hand.evidence.yaml <<'Y'
requirement: T.02
owner: grc@test.example
policy: { rating: FC, artifacts: [p.pdf], reviewed: 2026-10-01 }
procedure: { rating: MC, artifacts: [p.pdf], reviewed: 2026-10-01 }
Y
mkdir -p imports/prowler
cat > imports/prowler/T.02.evidence.yaml <<'Y'
requirement: T.02
implemented: { coverage: 50, artifacts: [i.csv], tested: 2026-10-15 }
Y
printf 'requirement: T.02\n' >skeleton.evidence.yaml
cd ..
run_hta --catalog "$MINI" --tier r2 --db split.db sp
eq "split: assessed" "$rc" 1
eq "split: the union is scored" "$(q split.db "select policy, procedure, implemented from requirement_scores where requirement_id='T.02'")" "100.0|75.0|50.0"
# 0.15*100 + 0.20*75 + 0.40*50 = 50
eq "split: score" "$(q split.db "select score from requirement_scores where requirement_id='T.02'")" "50.0"
contains "split: the owner's manifest reported" "$(run_hta report --db split.db --format json; printf '%s' "$out")" "hand.evidence.yaml"
# Two manifests claiming the same level: an error naming both files and lines.
cat > sp/imports/prowler/dup.evidence.yaml <<'Y'
requirement: T.02
owner: someone@else.example
policy: { rating: PC, artifacts: [p.pdf], reviewed: 2026-10-01 }
Y
run_hta --catalog "$MINI" --tier r2 --db split.db sp
eq "conflict: exit" "$rc" 2
contains "conflict: level, both files and lines" "$err" \
  "imports/prowler/dup.evidence.yaml:3:9: policy for T.02 is also claimed by hand.evidence.yaml:3"
contains "conflict: owner, both files and lines" "$err" \
  "imports/prowler/dup.evidence.yaml:2:8: owner for T.02 is also set by hand.evidence.yaml:2"
eq "conflict: nothing stored" "$(q split.db "select count(*) from runs")" 1
rm sp/imports/prowler/dup.evidence.yaml

# ---- the evidence library ----
mkdir -p lib/policies && cd lib
artifact policies/ac.pdf
artifact policies/old.pdf
printf 'as_of: 2026-11-01\nfactors: { records_held: 0, internet_facing: false }\n' >scope.yaml
cat > documents.yaml <<'Y'
# the library
documents:
  - id: ac-policy
    path: policies/ac.pdf
    reviewed: 2026-05-02
    effective: 2024-01-10
  - id: old-policy
    path: policies/old.pdf
    reviewed: 2025-06-30
  - id: runbook
    path: policies/ac.pdf
    reviewed: 2026-09-01
    effective: 2026-10-01
Y
# T.01: every level from one fresh document. T.02: the stale document in
# three levels. T.03: the stale document, but the level's own date wins.
# T.04: two documents: the oldest reviewed (stale), the newest effective.
cat > t01.evidence.yaml <<'Y'
requirement: T.01
policy: { rating: FC, documents: [ac-policy] }
procedure: { rating: FC, documents: [ac-policy] }
implemented: { rating: FC, documents: [ac-policy] }
Y
cat > t02.evidence.yaml <<'Y'
requirement: T.02
policy: { rating: FC, documents: [old-policy] }
procedure: { rating: FC, artifacts: [policies/ac.pdf], documents: [old-policy] }
implemented: { rating: FC, documents: [old-policy] }
Y
cat > t03.evidence.yaml <<'Y'
requirement: T.03
implemented: { rating: FC, documents: [old-policy], tested: 2026-10-01 }
Y
cat > t04.evidence.yaml <<'Y'
requirement: T.04
policy: { rating: FC, documents: [runbook, old-policy] }
Y
cd ..
run_hta --catalog "$MINI" --tier r2 --db lib.db lib
eq "library: assessed" "$rc" 1
eq "library: a fresh document's dates" "$(q lib.db "select policy, procedure, implemented from requirement_scores where requirement_id='T.01'")" "100.0|100.0|100.0"
eq "library: a stale document makes every level naming it count 0" \
  "$(q lib.db "select policy, procedure, implemented from requirement_scores where requirement_id='T.02'")" "0.0|0.0|0.0"
eq "library: the stale findings are on documents.yaml, at the date's line" \
  "$(q lib.db "select count(*), min(path), min(line), max(line) from findings where requirement_id='T.02' and code='stale'")" \
  "3|documents.yaml|9|9"
eq "library: the level's own date wins" "$(q lib.db "select implemented from requirement_scores where requirement_id='T.03'")" "100.0"
eq "library: oldest reviewed of several (stale)" \
  "$(q lib.db "select path, line from findings where requirement_id='T.04' and code='stale'")" "documents.yaml|9"
eq "library: newest effective of several (too recent)" \
  "$(q lib.db "select path, line from findings where requirement_id='T.04' and code='too-recent'")" "documents.yaml|13"
# A document whose file is missing: the artifact finding, on documents.yaml.
rm lib/policies/old.pdf
run_hta --catalog "$MINI" --tier r2 --db lib2.db lib
eq "library: a missing document file" \
  "$(q lib2.db "select count(*), min(path), min(line) from findings where requirement_id='T.02' and code='artifact-missing'")" \
  "3|documents.yaml|8"
printf 'requirement: T.05\npolicy: { rating: FC, documents: [no-such-doc] }\n' >lib/t05.evidence.yaml
expect_error "library: unknown document id" "t05.evidence.yaml:2:35: unknown document 'no-such-doc' (not declared in documents.yaml)" --catalog "$MINI" --tier r2 lib
rm lib/t05.evidence.yaml
# Every error of documents.yaml, not just its first, and a manifest's beside them.
cp lib/documents.yaml documents.ok
cat > lib/documents.yaml <<'Y'
documents:
  - id: dup
    path: a.txt
  - id: dup
    path: a.txt
  - id: typo
    path: a.txt
    reviwed: 2026-10-01
  - id: nopath
    reviewed: 2026-13-01
Y
printf 'requirement: T.05\nbogus: 1\n' >lib/t05.evidence.yaml
run_hta --catalog "$MINI" --tier r2 --db keep.db lib
eq "library: every error listed" "$(printf '%s\n' "$err" | sed -n 's/^hitrust-assess: \([^ ]*:[0-9]*:[0-9]*:\) .*/\1/p' | tr '\n' ' ')" \
  "documents.yaml:4:9: documents.yaml:8:5: documents.yaml:9:5: documents.yaml:10:15: t05.evidence.yaml:2:1: "
contains "library: every error, the count" "$err" "5 errors in the evidence; nothing was assessed or stored"
cp documents.ok lib/documents.yaml
rm lib/t05.evidence.yaml

# ---- every error in one pass ----
mkdir -p many/sub && cd many
printf 'as_of: 2026-11-01\n' >scope.yaml
artifact a.txt
printf 'requirement: T.01\nimplemented: { rating: FC, artifacts: [a.txt], tested: 2026-10-01 }\n' >t01.evidence.yaml
printf 'requirement: T.404\n' >a.evidence.yaml
printf 'requirement: T.02\nimplemnted: { rating: FC }\n' >b.evidence.yaml
printf 'requirement: T.03\nimplemented:\n\trating: FC\n' >sub/tabs.evidence.yaml
printf '{"requirement": "T.04", }' >sub/c.evidence.json
cd ..
run_hta --catalog "$MINI" --tier e1 --db keep.db many
eq "one pass: exit" "$rc" 2
contains "one pass: first" "$err" "a.evidence.yaml:1:14: unknown requirement 'T.404'"
contains "one pass: second" "$err" "b.evidence.yaml:2:1: unknown key 'implemnted' in manifest"
contains "one pass: JSON" "$err" "sub/c.evidence.json:1:"
contains "one pass: tab" "$err" "sub/tabs.evidence.yaml:3:1: a tab is used for indentation: YAML indents with spaces only"
contains "one pass: count" "$err" "4 errors in the evidence; nothing was assessed or stored"
[ ! -f keep.db ] && ok "one pass: no database written" || bad "one pass: database" "written"
i=0
while [ $i -lt 55 ]; do printf 'requirement: [\n' >"many/sub/bad$i.evidence.yaml"; i=$((i + 1)); done
run_hta --catalog "$MINI" --tier e1 --db keep.db many
eq "one pass: 50 shown" "$(printf '%s\n' "$err" | grep -c 'evidence\.\(yaml\|json\):[0-9]*:[0-9]*: ')" 50
contains "one pass: then a count" "$err" "... and 9 more errors"
contains "one pass: total" "$err" "59 errors in the evidence"
rm -rf many/sub many/a.evidence.yaml many/b.evidence.yaml

# ---- a misnamed manifest; a missing directory ----
printf 'requirement: T.02\nimplemented: { rating: FC, artifacts: [a.txt], tested: 2026-10-01 }\n' >many/11.01a.1.yaml
run_hta --catalog "$MINI" --tier e1 --db misnamed.db many
eq "misnamed: assessed" "$rc" 1
contains "misnamed: a warning naming the file" "$out" "11.01a.1.yaml:1: manifest-misnamed: holds 'requirement: T.02' but is not named *.evidence.yaml"
eq "misnamed: stored as a finding" "$(q misnamed.db "select path from findings where code='manifest-misnamed'")" "11.01a.1.yaml"
expect_error "missing evidence dir" "no-such-dir: cannot read evidence dir: it does not exist" --catalog "$MINI" --tier e1 no-such-dir
# init warns about a misnamed manifest too (and writes the skeleton, since
# the misnamed file does not count).
mkdir -p mis && printf 'requirement: "11.01q.1"\n' >mis/11.01q.1.yaml
run_hta init --tier e1 mis
contains "init: misnamed warning" "$err" "warning: mis/11.01q.1.yaml:1: holds 'requirement: 11.01q.1' but is not named"
# init reads the manifests already there strictly: two broken ones are
# both named, and no skeleton is written.
mkdir -p brk && printf 'requirement: [\n' >brk/a.evidence.yaml && printf 'requirement: "11.01q.1"\nbogus: 1\n' >brk/b.evidence.yaml
run_hta init --tier e1 brk
eq "init on broken manifests: exit" "$rc" 2
contains "init on broken manifests: first" "$err" "a.evidence.yaml:2:1:"
contains "init on broken manifests: second" "$err" "b.evidence.yaml:2:1: unknown key 'bogus'"
eq "init on broken manifests: no skeleton" "$(find brk -name '*.evidence.yaml' | wc -l | tr -d ' ')" 2
# A scope written by hand (no addons: key) that answers ai: brings in no
# AI Security statement by itself: a plain `init DIR` writes exactly what
# `catalog list --scope` lists (what the assessment would assess) and says
# how to add them; `init --ai-security DIR` adds them, and the assessment
# with --ai-security then finds a manifest for every in-scope statement.
mkdir -p hand
cat > hand/scope.yaml <<'Y'
as_of: 2026-11-01
tier: r2
factors: { records_held: 70000000, users: 6000, transactions_per_day: 0, interfaces: 0,
  internet_facing: true, third_party_access: false, data_exchange: false,
  publicly_positioned: false, remote_access: false, mobile_devices: false,
  wireless: false, cloud_hosted: true, develops_software: false }
compliance: [hipaa]
ai: { model_types: [generative], rag: true }
providers: { aws: { score: 100 } }
Y
run_hta init hand
contains "hand scope: plain init, r2 only" "$out" "statements in scope for r2; wrote"
contains "hand scope: plain init says why no AI statement" "$out" "answers 'ai:' but the AI Security add-on is not selected"
run_hta catalog list --scope hand/scope.yaml --format json
listed=$(printf '%s' "$out" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(len(d["statements"]) if isinstance(d, dict) else len(d))')
eq "hand scope: init wrote exactly what catalog list --scope lists" \
  "$(find hand -name '*.evidence.yaml' | wc -l | tr -d ' ')" "$listed"
run_hta init --ai-security hand
contains "hand scope: init --ai-security adds AI Security" "$out" "for r2 + ai-security"
run_hta --tier r2 --ai-security --db hand.db hand
eq "hand scope: a manifest for every statement" "$(q hand.db "select count(*) from requirement_scores where status='no_evidence'")" 0
[ "$(q hand.db "select count(*) from requirement_scores where pool='ai-security'")" -gt 27 ] && ok "hand scope: generative+RAG AI statements" || bad "hand scope: AI statements" "$(q hand.db "select count(*) from requirement_scores where pool='ai-security'")"

# ---- a split statement's artifact that cannot be read counts 0 in the
# union that is scored, as it does for a statement with one manifest (and
# managed, in another file, is capped again at the measured level it
# lost). EACCES injected by the LD_PRELOAD shim (we may run as root). ----
cd "$W" && mkdir un && cd un
artifact p/a.txt
artifact p/bad.csv
printf 'as_of: 2026-11-01\ntier: r2\nmeasured_managed: true\nfactors: { records_held: 5, internet_facing: false }\n' >scope.yaml
printf 'requirement: T.01\nowner: a@x.example\nmanaged: { rating: FC, artifacts: [p/a.txt], tested: 2026-10-01 }\n' >a.evidence.yaml
printf 'requirement: T.01\nimplemented: { rating: FC, artifacts: [p/bad.csv], tested: 2026-10-01 }\nmeasured: { rating: FC, artifacts: [p/bad.csv], tested: 2026-10-01 }\n' >b.evidence.yaml
printf 'requirement: T.02\nimplemented: { rating: FC, artifacts: [p/bad.csv], tested: 2026-10-01 }\n' >c.evidence.yaml
cd ..
cc -shared -fPIC -o failio.so "$SRC/tests/e2e/failio.c" -ldl 2>cc.err || bad "failio shim builds" "$(cat cc.err)"
ASAN_OPTIONS="${ASAN_OPTIONS:-}:verify_asan_link_order=0" LD_PRELOAD="$W/failio.so" \
  FAILIO_MATCH=bad.csv FAILIO_ERRNO=13 "$HTA_BIN" --catalog "$MINI" --db un.db un >o.txt 2>e.txt
eq "split unreadable: exit" "$?" 1
eq "split unreadable: levels 0 in the scored union, managed capped" \
	"$(q un.db "select requirement_id, score, implemented, measured, managed from requirement_scores where requirement_id in ('T.01', 'T.02') order by 1")" \
	"T.01|0.0|0.0|0.0|0.0
T.02|0.0|0.0|0.0|0.0"
eq "split unreadable: findings" "$(q un.db "select requirement_id, path, code from findings where code in ('artifact-unreadable', 'managed-above-measured') order by 1, 2, 3")" \
	"T.01|a.evidence.yaml|managed-above-measured
T.01|b.evidence.yaml|artifact-unreadable
T.01|b.evidence.yaml|artifact-unreadable
T.02|c.evidence.yaml|artifact-unreadable"
