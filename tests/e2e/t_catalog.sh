# The shipped catalog: counts per tier and add-on, nesting e1 within i1
# within r2, factor-driven growth, crosswalk coverage, no near-duplicates;
# and the validator refusing a catalog that breaks each rule.
run_hta catalog validate
eq "shipped catalog validates" "$rc" 0
# --format json (contract 6: catalog list|show ID|stats|validate [--format json])
run_hta catalog validate --format json
eq "validate --format json: exit 0" "$rc" 0
eq "validate --format json: a JSON object with the counts" \
  "$(printf '%s' "$out" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["valid"], d["statements"], d["tiers"]["e1"], d["tiers"]["i1"], d["ai_risk"], len(d["digest"]))')" \
  "True 1161 44 182 51 64"
run_hta catalog list --tier e1 --format json
e1=$(printf '%s' "$out" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(len(d), len({s["domain"] for s in d}))')
eq "e1: 44 statements over all 19 domains" "$e1" "44 19"
"$HTA_BIN" catalog list --tier e1 --format json >e1.json
"$HTA_BIN" catalog list --tier i1 --format json >i1.json
"$HTA_BIN" catalog list --tier r2 --format json >r2.json
"$HTA_BIN" catalog list --format json >all.json
nest=$(python3 - <<'PY'
import json
ids = lambda f: {s["id"] for s in json.load(open(f))}
e1, i1, r2 = ids("e1.json"), ids("i1.json"), ids("r2.json")
d = json.load(open("all.json"))
doms = lambda t: {s["domain"] for s in d if t in s["tiers"]}
ais = [s for s in d if s["addon"] == "ai-security"]
air = [s for s in d if s["addon"] == "ai-risk"]
print(len(i1), e1 <= i1, i1 <= r2, len(doms("i1")), len(doms("r2")), len(ais), len(air),
      all(s["tiers"] == [] for s in ais + air))
PY
)
eq "i1 = 182 containing e1, within r2, every domain, add-ons 44 + 51" "$nest" "182 True True 19 19 44 51 True"

run_hta catalog stats --format json
growth=$(printf '%s' "$out" | python3 -c '
import json,sys; d=json.load(sys.stdin); r=d["r2"]; a=d["ai_security"]
print(r["lowest_risk"] >= 300 and r["lowest_risk"] < 500, r["every_factor_highest"] > 1000, a["rule_based"], a["every_feature"], d["ai_risk"])')
eq "r2: a few hundred at lowest risk, over 1,000 at highest; AI 27..44; AI RM 51" "$growth" "True True 27 44 51"

run_hta catalog stats --crosswalk hipaa --format json
eq "every HIPAA Security Rule standard and specification mapped by r2" \
  "$(printf '%s' "$out" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["ids"], d["mapped"], d["unmapped"])')" "68 68 []"
run_hta catalog stats --crosswalk nist-800-53 --format json
eq "every 800-53 moderate control mapped by r2" \
  "$(printf '%s' "$out" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["ids"], d["mapped"], d["unmapped"])')" "287 287 []"
run_hta catalog stats --crosswalk nist-800-53 --tier i1
contains "unmapped ids are listed" "$out" "unmapped: "

# A scope brings in statements and says why.
cat > scope.yaml <<'Y'
factors: { records_held: 0, users: 6000, transactions_per_day: 0, interfaces: 0,
  internet_facing: true, third_party_access: false, data_exchange: false,
  publicly_positioned: false, remote_access: false, mobile_devices: false,
  wireless: false, cloud_hosted: false, develops_software: false }
compliance: [hipaa]
Y
run_hta catalog stats --tier r2 --scope scope.yaml
contains "stats --scope counts" "$out" "brought in by factors"
contains "stats --scope names internet_facing" "$out" "internet_facing"
contains "stats --scope names hipaa" "$out" "hipaa"
contains "stats --scope: what each add-on would bring" "$out" "with --ai-security: +27; with --ai-risk: +51"
# An add-on the scope has is not offered again.
printf 'addons: [ai-security]\n' >>scope.yaml
run_hta catalog stats --tier r2 --scope scope.yaml
contains "stats --scope with ai-security: only ai-risk offered" "$out" "  with --ai-risk: +51"
case "$out" in *"with --ai-security:"*) bad "stats --scope with ai-security: not offered again" "$out" ;; *) ok "stats --scope: ai-security not offered again" ;; esac
# A scope that does not load fails the command before it prints anything.
printf 'tier: r2\nbogus: 1\n' >badscope.yaml
run_hta catalog stats --scope badscope.yaml
eq "stats --scope, bad scope: exit 2" "$rc" 2
contains "stats --scope, bad scope: the error" "$err" "badscope.yaml:2:1: unknown key 'bogus' in scope"
eq "stats --scope, bad scope: nothing on stdout" "$out" ""
printf 'tier: r2\nbogus: 1\nfactors: { nosuch: 1 }\n' >badscope2.yaml
run_hta catalog list --scope badscope2.yaml
eq "list --scope, two scope errors: the count names the scope" "$(printf '%s\n' "$err" | tail -n 1)" \
  "hitrust-assess: 2 errors in the scope; nothing was listed"
mkdir -p initbad && cp badscope2.yaml initbad/scope.yaml
run_hta init initbad
eq "init, two scope errors: the count names the scope" "$(printf '%s\n' "$err" | tail -n 1)" \
  "hitrust-assess: 2 errors in the scope; no skeleton was written"

# Every statement has text, illustrative evidence for all five levels and a mapping.
run_hta catalog show 11.01q.1 --format json
eq "show has the statement and evidence" \
  "$(printf '%s' "$out" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(len(d["statement"]) > 40, sorted(d["evidence"]))')" \
  "True ['implemented', 'managed', 'measured', 'policy', 'procedure']"
complete=$(python3 - "$SRC/controls/statements" <<'PY'
import sys, glob, yaml
bad = []
for f in glob.glob(sys.argv[1] + "/*.yaml"):
    for s in yaml.safe_load(open(f))["statements"]:
        ev = s.get("evidence", {})
        if len(ev) != 5 or not s.get("maps") or len(s["statement"]) < 60:
            bad.append(s["id"])
print(len(bad), bad[:5])
PY
)
eq "every shipped statement is complete" "$complete" "0 []"

# The validator refuses near-duplicates, bad nesting and unknown names.
cp -r "$MINI" cat
cat >> cat/statements/mini.yaml <<'Y'
  - id: T.99
    domain: "11"
    control: "01.q"
    title: Named accounts again
    statement: Every interactive login uses an account that is assigned to one named person.
    tiers: [e1, i1, r2]
    effort: 2
Y
run_hta --catalog cat catalog validate
eq "near-duplicate refused" "$rc" 2
contains "near-duplicate names both" "$err" "T.99 repeats T.01"
cp -r "$MINI" cat2
sed -i 's/tiers: \[i1, r2\]/tiers: [e1, r2]/' cat2/statements/mini.yaml
run_hta --catalog cat2 catalog validate
eq "tiers not nested refused" "$rc" 2
contains "nesting message with file:line" "$err" "mini.yaml:"
contains "nesting message" "$err" "tiers must nest"
cp -r "$MINI" cat3
sed -i 's/when: \[internet_facing\]/when: [internet_exposed]/' cat3/statements/mini.yaml
run_hta --catalog cat3 catalog validate
eq "unknown factor refused" "$rc" 2
contains "unknown factor message" "$err" "unknown factor 'internet_exposed'"
cp -r "$MINI" cat4
sed -i 's/id: T.05/id: T.04/' cat4/statements/mini.yaml
run_hta --catalog cat4 catalog validate
eq "duplicate id refused" "$rc" 2
contains "duplicate id names the first" "$err" "duplicate statement id 'T.04' (first in"

# Restatements across the whole catalog: a warning naming both (file:line),
# not an error, when the two are under different control references.
cp -r "$MINI" cat5
cat >> cat5/statements/mini.yaml <<'Y'
  - id: T.98
    domain: "12"
    control: "09.aa"
    title: Named accounts, restated under audit logging
    statement: Every interactive login uses an account assigned to exactly one named person.
    tiers: [r2]
    effort: 2
Y
run_hta --catalog cat5 catalog validate
eq "cross-control restatement is a warning, not an error" "$rc" 0
contains "warning names both and a line" "$err" "mini.yaml:"
contains "warning names both" "$err" "warning: T.98 may restate T.01"
run_hta catalog validate
eq "shipped catalog validates" "$rc" 0

# requires / oversight / compliance ids show up in list and show.
run_hta --catalog cat5 catalog show T.01 --format json
eq "show lists requires and oversight" \
  "$(printf '%s' "$out" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["requires"], d["oversight"])')" \
  "[] False"
