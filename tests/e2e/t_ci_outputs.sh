# The CI outputs read by their real consumers (issue 15): SARIF checked by
# Microsoft's SARIF multitool (its own rules and GitHub's: zero errors and
# zero warnings) and the SARIF 2.1.0 schema, with fingerprints that stay the
# same from day to day; a fresh r2 tree summarised instead of a thousand
# alerts; JUnit parsed by python3-junitparser, its counts against the
# database.
SCHEMA="$SRC/tests/fixtures/schemas/sarif-schema-2.1.0.json"
MT="$SRC/tests/tools/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"
CAT="$SRC/controls"

# multitool NAME FILE — zero errors and zero warnings from `validate`, with
# the SARIF rules and GitHub's (the GH rules are what code scanning needs).
multitool() {
	if [ ! -x "$MT" ]; then
		ok "$1: multitool (skipped)"
		return
	fi
	rm -f "$W/mt.sarif"
	DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 "$MT" validate "$2" --level "Error;Warning" \
		--rule-kind "Sarif;Gh" -o "$W/mt.sarif" --log ForceOverwrite >"$W/mt.out" 2>&1
	mrc=$?
	eq "$1: multitool ran" "$mrc" 0
	# A result with no level is a warning (SARIF's default).
	got=$(python3 -c '
import json, sys
run = json.load(open(sys.argv[1]))["runs"][0]
bad = [r for r in run.get("results", []) if r.get("level", "warning") in ("error", "warning")]
ok = all(i.get("executionSuccessful") for i in run.get("invocations", []))
notes = [n for i in run.get("invocations", []) for n in i.get("toolExecutionNotifications", [])
         if n.get("level", "warning") in ("error", "warning")]
print(len(bad) + len(notes), int(ok))
for r in bad[:5]:
    print(r["ruleId"], r.get("level", "warning"), r["message"].get("text", r["message"].get("id", ""))[:200])
' "$W/mt.sarif" 2>&1)
	eq "$1: multitool: no error, no warning" "$(printf '%s\n' "$got" | head -1)" "0 1"
	[ "$(printf '%s\n' "$got" | head -1)" = "0 1" ] || printf '%s\n' "$got" | sed 's/^/    /'
}
if [ ! -x "$MT" ]; then
	echo "skip: SARIF multitool (run 'sh .ci/npm' to install @microsoft/sarif-multitool)"
fi
if python3 -c 'import jsonschema' 2>/dev/null; then have_js=1; else have_js=0
	echo "skip: SARIF schema validation (python3-jsonschema is not installed)"
fi
schema() {
	[ "$have_js" = 1 ] || { ok "$1: schema (skipped)"; return; }
	vout=$(python3 "$SRC/tests/e2e/validate_schema.py" "$SCHEMA" "$2" 2>&1)
	eq "$1: valid against the SARIF 2.1.0 schema" "$?" 0
}
# fp FILE — "ruleId fingerprint" per result, sorted
fp() {
	python3 -c '
import json, sys
for r in json.load(open(sys.argv[1]))["runs"][0]["results"]:
    print(r["ruleId"], r["partialFingerprints"]["hitrustAssessResult/v2"])
' "$1" | sort
}

# ---- a tree with a stale policy, a missing artifact and a skeleton ----
mkdir -p ev && cd ev
artifact x.txt
cat > scope.yaml <<'Y'
as_of: 2026-11-01
tier: r2
factors:
  records_held: 20_000_000
  internet_facing: true
Y
cat > t01.evidence.yaml <<'Y'
requirement: T.01
owner: alice@acme.example
policy: { rating: FC, artifacts: [x.txt], reviewed: 2025-06-10 }
procedure: { rating: FC, artifacts: [x.txt], reviewed: 2026-06-01 }
implemented: { rating: MC, artifacts: [x.txt, gone.csv], tested: 2026-10-01 }
Y
cat > t03.evidence.yaml <<'Y'
requirement: T.03
policy: { rating: FC, artifacts: [gone.pdf], reviewed: 2026-06-01 }
implemented: { rating: FC, artifacts: [gone.csv], tested: 2026-10-01 }
Y
printf 'requirement: T.04\n' > t04.evidence.yaml
cd ..
A="--catalog $MINI --db s.db"
run_hta $A --as-of 2026-11-01 --format sarif -o day1.sarif ev
eq "day 1: exit 1" "$rc" 1
run_hta $A --as-of 2026-11-02 --format sarif -o day2.sarif ev
eq "day 2: exit 1" "$rc" 1
schema "day 1" day1.sarif
multitool "day 1" day1.sarif

msg_stale() { python3 -c '
import json, sys
print([r["message"]["text"] for r in json.load(open(sys.argv[1]))["runs"][0]["results"] if r["ruleId"] == "stale"][0])' "$1"; }
contains "the stale finding's message holds the day count (day 1)" "$(msg_stale day1.sarif)" "is 509 days before 2026-11-01"
contains "the stale finding's message holds the day count (day 2)" "$(msg_stale day2.sarif)" "is 510 days before 2026-11-02"
eq "fingerprints: the same two runs a day apart (stale finding included)" "$(fp day2.sarif)" "$(fp day1.sarif)"
eq "fingerprints: one per result, all distinct" "$(fp day1.sarif | awk '{ print $2 }' | sort -u | wc -l | tr -d ' ')" \
	"$(fp day1.sarif | wc -l | tr -d ' ')"
contains "fingerprints: requirement, code, manifest path (two missing artifacts in one manifest: 1 and 2)" \
	"$(fp day1.sarif)" "artifact-missing T.03|artifact-missing|t03.evidence.yaml|2"
case "$(fp day1.sarif)" in *2026*|*2025*|*days*) bad "fingerprints: no date or message text" "$(fp day1.sarif)" ;;
*) ok "fingerprints: no date or message text" ;; esac
# Editing the manifest (a line moves) keeps the alert.
sed -i '1a # a comment moves every line down' ev/t01.evidence.yaml
run_hta $A --as-of 2026-11-01 --format sarif -o moved.sarif ev
eq "fingerprints: unchanged when a manifest's lines move" "$(fp moved.sarif)" "$(fp day1.sarif)"

python3 - day1.sarif s.db >facts.txt <<'PY'
import json, sqlite3, sys
d = json.load(open(sys.argv[1]))
run = d["runs"][0]
db = sqlite3.connect(sys.argv[2])
rid = db.execute("select max(id) - 2 from runs").fetchone()[0]
drv = run["tool"]["driver"]
print("informationUri=" + str(drv.get("informationUri", "")).split(":")[0])
rules = {r["id"]: r for r in drv["rules"]}
print("every result has a line:", all("startLine" in r["locations"][0]["physicalLocation"].get("region", {})
                                    for r in run["results"]))
print("every rule has help and a full description:",
      all(r.get("help", {}).get("text") and r.get("fullDescription", {}).get("text") for r in drv["rules"]))
for (req, title, stmt) in db.execute("select requirement_id, title, statement from requirement_scores "
                                      "where run_id=? and requirement_id='T.01'", (rid,)):
    r = rules.get(req, {})
    print("T.01 rule title matches:", r.get("shortDescription", {}).get("text") == title)
    print("T.01 rule statement matches:", r.get("fullDescription", {}).get("text") == stmt)
    print("T.01 rule help names the levels:", "policy, procedure and implemented" in r.get("help", {}).get("text", ""))
res = [r for r in run["results"] if r["ruleId"] == "T.01"]
print("T.01 gap at", res[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
      res[0]["locations"][0]["physicalLocation"]["region"]["startLine"], res[0]["level"])
idle = [r for r in run["results"] if r["ruleId"] == "no-evidence"]
print("no-evidence results:", " ".join(r["locations"][0]["logicalLocations"][0]["name"] + "=" +
      ",".join(r["properties"]["requirements"]) for r in idle))
print("results about single unevidenced statements:",
      sum(1 for r in run["results"] if r["ruleId"] in ("T.02", "T.04", "T.06", "T.07")))
PY
f=$(cat facts.txt)
contains "driver.informationUri is an https URI" "$f" "informationUri=https"
contains "every result has a file and a line" "$f" "every result has a line: True"
contains "every rule has help text and a full description" "$f" "every rule has help and a full description: True"
contains "statement rule: the title (database)" "$f" "T.01 rule title matches: True"
contains "statement rule: the statement text (database)" "$f" "T.01 rule statement matches: True"
contains "statement rule: help names the levels to evidence" "$f" "T.01 rule help names the levels: True"
contains "gap result at its manifest's requirement line" "$f" "T.01 gap at t01.evidence.yaml 1 error"
contains "unevidenced statements (no manifest, skeleton) summarised per domain" "$f" "no-evidence results: 11=T.02,T.07 12=T.04 17=T.05,T.06"
contains "no alert per unevidenced statement" "$f" "results about single unevidenced statements: 0"

# ---- a fresh r2 tree on the shipped catalog: dozens of results, not a thousand ----
run_hta init --tier r2 --ai-security fresh
eq "init r2: exit 0" "$rc" 0
run_hta --db f.db --tier r2 --ai-security --format sarif -o fresh.sarif -q fresh
eq "fresh r2: exit 1" "$rc" 1
# rule counts: "no-evidence N" and one line per other rule
counts() { python3 -c '
import json, sys, collections
c = collections.Counter(r["ruleId"] for r in json.load(open(sys.argv[1]))["runs"][0]["results"])
for k in sorted(c): print(k, c[k])' "$1"; }
n_res=$(counts fresh.sarif | awk '$1 == "no-evidence" { print $2 }')
POOLKEY="case when pool = 'domain' then domain else pool end"
n_pools=$(q f.db "select count(distinct $POOLKEY) from requirement_scores where run_id=1 and status != 'not_applicable'")
n_stmt=$(q f.db "select count(*) from requirement_scores where run_id=1")
eq "fresh r2: one result per domain or pool ($n_stmt statements in scope)" "$n_res" "$n_pools"
eq "fresh r2: no other result but the lowest-risk scope note" "$(counts fresh.sarif | grep -v '^no-evidence ')" "scope-lowest-risk 1"
[ "$n_stmt" -gt 300 ] && ok "fresh r2: hundreds of statements in scope" || bad "fresh r2 size" "$n_stmt"
schema "fresh r2" fresh.sarif
multitool "fresh r2" fresh.sarif
rm -rf fresh
# the same tree without the skeletons: still one result per domain
mkdir bare && cp "$CAT/../docs/examples/acme-health-ai/scope.yaml" bare/ 2>/dev/null
run_hta --db b.db --tier e1 --format sarif -o bare.sarif -q bare
eq "bare e1 tree: exit 1" "$rc" 1
eq "bare e1 tree: one result per domain or pool" \
	"$(counts bare.sarif | awk '{ n += $2 } END { print n }')" \
	"$(q b.db "select count(distinct $POOLKEY) from requirement_scores where run_id=1")"

# ---- the bundled example, e1 and r2 ----
EX="$SRC/docs/examples/acme-health-ai"
for t in e1 r2; do
	run_hta --db ex.db --tier "$t" --ai-security --format sarif -o "ex-$t.sarif" -q "$EX"
	eq "example $t: exit 1" "$rc" 1
	schema "example $t" "ex-$t.sarif"
	multitool "example $t" "ex-$t.sarif"
done

# ---- JUnit through python3-junitparser ----
# (Debian's package is in the system Python, which a python3 earlier in
# PATH, e.g. pyenv's, does not see.)
JPY=python3
$JPY -c 'import junitparser' 2>/dev/null || JPY=/usr/bin/python3
if $JPY -c 'import junitparser' 2>/dev/null; then
	for t in e1 r2; do
		run_hta --db ju.db --tier "$t" --ai-security --format junit -o "ex-$t.xml" -q "$EX"
		id=$(q ju.db "select max(id) from runs")
		got=$($JPY - "ex-$t.xml" <<'PY'
import sys
from junitparser import JUnitXml, Failure, Skipped, Error
xml = JUnitXml.fromfile(sys.argv[1])
tests = failures = skipped = errors = 0
per = []
for suite in xml:
    n = f = s = 0
    for case in suite:
        n += 1
        kinds = [type(r) for r in case.result]
        f += Failure in kinds
        s += Skipped in kinds
        errors += Error in kinds
    # the suite's own attributes agree with its cases
    assert (suite.tests, suite.failures, suite.skipped) == (n, f, s), (suite.name, suite.tests, n)
    key = {"AI Security": "ai-security", "AI Risk": "ai-risk", "Compliance factors": "compliance"}
    name = next((v for k, v in key.items() if suite.name.startswith(k)), suite.name.split()[0])
    per.append(f"{name}:{n}/{f}/{s}")
    tests += n; failures += f; skipped += s
print(tests, failures, skipped, errors)
print(" ".join(sorted(per)))
PY
)
		want=$(q ju.db "select count(*), sum(g.requirement_id is not null and g.waived = 0), sum(s.status = 'not_applicable' or coalesce(g.waived, 0) = 1), 0 from requirement_scores s left join gaps g on g.run_id = s.run_id and g.requirement_id = s.requirement_id where s.run_id=$id" | tr '|' ' ')
		eq "junit $t: junitparser totals (tests failures skipped errors) = database" "$(printf '%s\n' "$got" | head -1)" "$want"
		want_d=$(q ju.db "select group_concat(k, ' ') from (select k from (select case when s.pool = 'domain' then s.domain else s.pool end || ':' || count(*) || '/' || sum(g.requirement_id is not null and g.waived = 0) || '/' || sum(s.status = 'not_applicable' or coalesce(g.waived, 0) = 1) k from requirement_scores s left join gaps g on g.run_id = s.run_id and g.requirement_id = s.requirement_id where s.run_id=$id group by case when s.pool = 'domain' then s.domain else s.pool end) order by k)")
		eq "junit $t: per suite counts = database" "$(printf '%s\n' "$got" | sed -n 2p)" "$want_d"
	done
else
	echo "skip: JUnit consumer (python3-junitparser is not installed)"
fi
