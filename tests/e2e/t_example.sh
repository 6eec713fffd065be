# The bundled example (docs/examples/acme-health-ai) gives the result its
# README describes: e1 with the AI Security add-on fails domains 08 and 12
# through deliberate evidence problems, the AI pool passes with
# gaps, one inherited share is capped, one gap is waived, five statements
# are not applicable; plain e1 lists the AI manifests as out of scope; r2
# shows every statement without a manifest as no-evidence. Runs on the
# shipped catalog; every value is read back from the report database.
EX="$SRC/docs/examples/acme-health-ai"
DB="$W/example.db"
last="(select max(id) from runs)"
# the shipped catalog of this tree, whichever binary runs (build-asan/ has none beside it)
CAT="$SRC/controls"

# no_sanitizer NAME — the run left no sanitizer report on stderr
no_sanitizer() {
	case "$err" in *Sanitizer*|*"runtime error"*) bad "$1" "sanitizer report: $(printf '%s' "$err" | head -c 300)" ;; *) ok "$1" ;; esac
}

# line_of FILE PATTERN — line number of the first line of FILE matching PATTERN
line_of() { grep -n -- "$2" "$EX/$1" | head -1 | cut -d: -f1; }

# The deliberate problems, each at the line the tool must name.
L_MISSING=$(line_of logging/12.09ab.1.evidence.yaml 'weekly-log-review-2026-q3.csv')
L_RECENT=$(line_of network/08.01j.1.evidence.yaml 'effective: 2026-09-01')
L_CAPPED=$(line_of physical/18.08b.1.evidence.yaml 'weight: 100')
L_AGING=$(line_of risk/17.03b.1.evidence.yaml 'tested: 2025-11-20')
L_POLICY=$(line_of privacy/19.06d.1.evidence.yaml 'reviewed: 2025-08-20')
for v in "$L_MISSING" "$L_RECENT" "$L_CAPPED" "$L_AGING" "$L_POLICY"; do
	[ -n "$v" ] || bad "example manifests" "a deliberate problem is no longer in the example"
done
[ ! -e "$EX/logging/weekly-log-review-2026-q3.csv" ] || bad "missing artifact" "the example now has it"
FINDINGS_E1="logging/12.09ab.1.evidence.yaml|$L_MISSING|artifact-missing|12.09ab.1
network/08.01j.1.evidence.yaml|$L_RECENT|too-recent|08.01j.1
physical/18.08b.1.evidence.yaml|$L_CAPPED|inherit-capped|18.08b.1"
NA="05.09m.1
05.09m.17
08.01m.12
14.05k.14
14.05k.15"
files=$(find "$EX" -name '.*' -prune -o -type f -print | wc -l | tr -d ' ')

# ---- e1 + AI Security: the quick-start run ----
run_hta --catalog "$CAT" --tier e1 --ai-security --db "$DB" "$EX"
no_sanitizer "e1+ai: no sanitizer report"
eq "e1+ai: exit 1 (domains fail)" "$rc" 1
contains "e1+ai: verdict line" "$out" "VERDICT: FAIL — 2 of 18 scored domains below the 83 threshold; AI Security passes"
eq "e1+ai: run row" "$(q "$DB" "select tier, addons, as_of, verdict, gap_count, cap_count, waived_gaps, waived_caps, manifests, measured_managed, organization from runs where id=$last")" \
	"e1|ai-security|2026-11-01|fail|11|5|1|0|101|0|Acme Health AI"
eq "e1+ai: every regular file walked" "$(q "$DB" "select files_seen from runs where id=$last")" "$files"
eq "e1+ai: failing domains" "$(q "$DB" "select group_concat(domain, ',') from (select domain from domain_scores where run_id=$last and passed=0 order by domain)")" "08,12"
eq "e1+ai: failing domain scores" "$(q "$DB" "select domain, printf('%.2f', score), statements from domain_scores where run_id=$last and passed=0 order by domain")" \
	"08|58.33|3
12|66.67|3"
eq "e1+ai: 18 domains scored, 16 pass" "$(q "$DB" "select count(score), sum(passed) from domain_scores where run_id=$last")" "18|16"
eq "e1+ai: domain 05 all N/A, not scored" "$(q "$DB" "select score is null, passed is null, statements, in_scope from domain_scores where run_id=$last and domain='05'")" "1|1|0|1"
eq "e1+ai: passing domains below 100" "$(q "$DB" "select domain, printf('%.2f', score) from domain_scores where run_id=$last and passed=1 and score < 100 order by domain")" \
	"07|91.67
11|93.75
13|87.50
18|98.75"
eq "e1+ai: AI Security pool passes" "$(q "$DB" "select printf('%.2f', score), threshold, statements, in_scope, passed from pool_scores where run_id=$last and pool='ai-security'")" "96.71|83.0|38|38|1"
eq "e1+ai: HIPAA statements reported apart" "$(q "$DB" "select printf('%.2f', score), statements, in_scope, passed is null from pool_scores where run_id=$last and pool='compliance'")" "96.67|15|19|1"
eq "e1+ai: statuses" "$(q "$DB" "select status, count(*) from requirement_scores where run_id=$last group by status order by status")" \
	"not_applicable|5
scored|96"
eq "e1+ai: every e1 statement has a manifest" "$(q "$DB" "select count(*) from requirement_scores where run_id=$last and pool='domain' and status != 'no_evidence'")" 44
eq "e1+ai: not applicable, with reasons" "$(q "$DB" "select requirement_id from requirement_scores where run_id=$last and status='not_applicable' and length(na_reason) > 40 order by requirement_id")" "$NA"
eq "e1+ai: gaps in rank order" "$(q "$DB" "select rank, requirement_id, cap_required, blocker, waived, kind from gaps where run_id=$last order by rank")" \
	"1|12.09ab.1|1|1|0|plan
2|08.01j.1|1|1|0|plan
3|11.01v.10|1|0|0|cap
4|AIS.02|1|0|0|cap
5|AIS.15|1|0|0|cap
6|08.09m.1|0|1|0|value
7|11.02i.1|0|0|0|value
8|13.02e.1|0|0|0|value
9|07.10m.2|0|0|1|value
10|AIS.14|0|0|0|value
11|18.08b.1|0|0|0|value"
eq "e1+ai: findings, file:line" "$(q "$DB" "select path, line, code, requirement_id from findings where run_id=$last order by path")" "$FINDINGS_E1"
eq "e1+ai: no no-evidence" "$(q "$DB" "select count(*) from findings where run_id=$last and code='no-evidence'")" 0
contains "e1+ai: text names the missing artifact" "$out" "logging/12.09ab.1.evidence.yaml:$L_MISSING: artifact-missing"
# inheritance: 18.08b.1 claims 100% from aws, capped at 90%: .9*100 + .1*75
eq "e1+ai: capped inheritance" "$(q "$DB" "select provider, inherited_weight, implemented, score from requirement_scores where run_id=$last and requirement_id='18.08b.1'")" "aws|90|97.5|97.5"
eq "e1+ai: inherited statements" "$(q "$DB" "select group_concat(requirement_id || ':' || inherited_weight, ' ') from (select requirement_id, inherited_weight from requirement_scores where run_id=$last and provider='aws' order by requirement_id)")" \
	"08.01m.1:40 09.10f.1:30 18.08b.1:90 18.08j.7:80 AIS.22:40 AIS.24:40 AIS.25:30"
eq "e1+ai: the waiver" "$(q "$DB" "select waiver_expires, score from requirement_scores where run_id=$last and requirement_id='07.10m.2'")" "2027-01-31|75.0"
eq "e1+ai: JSON manifests read" "$(q "$DB" "select requirement_id, status, implemented from requirement_scores where run_id=$last and manifest like '%.json' order by requirement_id")" \
	"07.10m.1|scored|100.0
09.10f.1|scored|100.0
AIS.13|scored|100.0"
eq "e1+ai: coverage 85.9 falls in the 75 band" "$(q "$DB" "select implemented from requirement_scores where run_id=$last and requirement_id='07.10m.2'")" "75.0"
eq "e1+ai: owners kept" "$(q "$DB" "select count(*) from requirement_scores where run_id=$last and owner like '%@acmehealth.example'")" 101

# ---- e1 without the add-on: same domains, AI manifests out of scope ----
run_hta --catalog "$CAT" --tier e1 --db "$DB" "$EX"
no_sanitizer "e1: no sanitizer report"
eq "e1: exit 1" "$rc" 1
eq "e1: run row" "$(q "$DB" "select addons, verdict, gap_count, cap_count, waived_gaps from runs where id=$last")" "|fail|8|3|1"
eq "e1: failing domains" "$(q "$DB" "select group_concat(domain, ',') from (select domain from domain_scores where run_id=$last and passed=0 order by domain)")" "08,12"
eq "e1: no AI statements scored" "$(q "$DB" "select count(*) from requirement_scores where run_id=$last and requirement_id like 'AIS.%'")" 0
eq "e1: AI manifests reported out of scope" "$(q "$DB" "select count(*), sum(path like 'scribe/AIS.%' and line = 2) from findings where run_id=$last and code='out-of-scope'")" "38|38"
eq "e1: the evidence findings" "$(q "$DB" "select path, line, code, requirement_id from findings where run_id=$last and code != 'out-of-scope' order by path")" "$FINDINGS_E1"
contains "e1: text lists the real findings first" "$(printf '%s\n' "$out" | grep -A1 '^Evidence findings')" "logging/12.09ab.1.evidence.yaml:$L_MISSING: artifact-missing"

# ---- r2: the policy and procedure levels count; most statements have no manifest ----
run_hta --catalog "$CAT" --tier r2 --db "$DB" "$EX"
no_sanitizer "r2: no sanitizer report"
eq "r2: exit 1" "$rc" 1
eq "r2: run row" "$(q "$DB" "select tier, verdict, measured_managed, manifests from runs where id=$last")" "r2|fail|0|101"
eq "r2: every domain fails" "$(q "$DB" "select count(*), sum(passed = 0) from domain_scores where run_id=$last and score is not null")" "19|19"
# Two e1 manifests are about Wi-Fi (05.x), which the scope answers no to (wireless: false): out of r2.
eq "r2: 61 of the base manifests are in scope" "$(q "$DB" "select count(*) from requirement_scores where run_id=$last and status != 'no_evidence'")" 61
eq "r2: one no-evidence finding per statement without a manifest" \
	"$(q "$DB" "select count(*) from findings where run_id=$last and code='no-evidence'")" \
	"$(q "$DB" "select count(*) from requirement_scores where run_id=$last and status='no_evidence'")"
eq "r2: gaps counted" "$(q "$DB" "select gap_count = (select count(*) from gaps where run_id=$last) from runs where id=$last")" 1
eq "r2: evidence findings" "$(q "$DB" "select path, line, code, requirement_id from findings where run_id=$last and code not in ('out-of-scope', 'no-evidence') order by path")" \
	"logging/12.09ab.1.evidence.yaml|$L_MISSING|artifact-missing|12.09ab.1
network/08.01j.1.evidence.yaml|$L_RECENT|too-recent|08.01j.1
physical/18.08b.1.evidence.yaml|$L_CAPPED|inherit-capped|18.08b.1
privacy/19.06d.1.evidence.yaml|$L_POLICY|stale|19.06d.1"
# .15 policy + .20 procedure + .40 implemented, ceiling 75
eq "r2: designed statement scores" "$(q "$DB" "select requirement_id, policy, procedure, implemented, score, ceiling from requirement_scores where run_id=$last and requirement_id in ('11.01q.1', '08.01j.1', '19.06d.1', '18.08b.1', '13.02e.1') order by requirement_id")" \
	"08.01j.1|100.0|100.0|0.0|35.0|75.0
11.01q.1|100.0|100.0|100.0|75.0|75.0
13.02e.1|100.0|100.0|75.0|65.0|75.0
18.08b.1|100.0|100.0|97.5|74.0|75.0
19.06d.1|0.0|100.0|100.0|60.0|75.0"
eq "r2: a fully evidenced statement is no gap" "$(q "$DB" "select count(*) from gaps where run_id=$last and requirement_id='11.01q.1'")" 0
eq "r2: three runs stored" "$(q "$DB" "select group_concat(tier || '/' || addons, ' ') from runs")" "e1/ai-security e1/ r2/"

# ---- the readiness deliverable on the quick-start run (docs/deliverable.md) ----
run_hta --catalog "$CAT" --tier e1 --ai-security --db "$W/d.db" "$EX"
eq "deliverable: exit 1" "$rc" 1
# 08.09m.1 (implemented MC) does not claim AWS's 40%: 40 * 100 + 60 * 75 =
# 85, 10 points; domain 08 goes from 175 to 185 of the 249 it needs: no lift.
eq "deliverable: the inheritance opportunity" "$(q "$W/d.db" "select requirement_id, provider, responsibility, weight, points, planned from inheritance")" \
	"08.09m.1|aws|shared|40|10.0|0"
eq "deliverable: inheritance alone lifts no failing domain" "$(q "$W/d.db" "select domain, inherit_points, inherit_lifts from domain_scores where passed = 0 order by domain")" \
	"08|10.0|0
12|0.0|0"
# Timeline, 2 workstreams from 2026-11-01: 12.09ab.1 (effort 2: 4 weeks) is
# done 2026-11-29, ready 90 days later, 2027-02-27. 08.01j.1 needs no fix:
# the gateway (FC) took effect 2026-09-01 and counts once it has operated
# 90 days, on 2026-11-30; it takes no workstream. Domain 08 lacks 74
# points; 08.01j.1 brings 100.
eq "deliverable: a control that only has to operate longer" "$(q "$W/d.db" "select fix, workstream, start, fix_done, ready, weeks from timeline where requirement_id = '08.01j.1'")" \
	"wait|0|2026-11-01|2026-11-01|2026-11-30|0"
eq "deliverable: the days the failing domains pass" "$(q "$W/d.db" "select domain, passes_on from domain_scores where passed = 0 order by domain")" \
	"08|2026-11-30
12|2027-02-27"
eq "deliverable: readiness date" "$(q "$W/d.db" "select ready_on from runs")" 2027-02-27
# The risk analysis, tested 2025-11-20, turns stale on 2026-11-21.
eq "deliverable: evidence going stale" "$(q "$W/d.db" "select requirement_id, level, owner, line, stale_on from stale_evidence")" \
	"17.03b.1|implemented|grc@acmehealth.example|$L_AGING|2026-11-21"
eq "deliverable: SOC 2 period and exceptions" "$(q "$W/d.db" "select soc2_period_end, soc2_exceptions from runs")" "2026-09-30|CC7.2"
eq "deliverable: SOC 2 never names an exception" "$(q "$W/d.db" "select count(*) from soc2_evidence where ' ' || criteria || ' ' like '% CC7.2 %'")" 0
contains "deliverable: text shows every section" "$out" "Inheritance: 1 gap the providers could cover, 10.00 points recoverable"
contains "deliverable: text timeline" "$out" "every failing domain passes by 2027-02-27 (08 2026-11-30, 12 2027-02-27)"
contains "deliverable: text stale" "$out" "soonest 2026-11-21: 17.03b.1 implemented (grc@acmehealth.example)"
contains "deliverable: text SOC 2" "$out" "SOC 2 (period ending 2026-09-30; exceptions: CC7.2)"
for f in md html json; do
	run_hta report --db "$W/d.db" --format $f -o "$W/ex.$f"
	eq "deliverable: $f rendered" "$rc" 0
done
for s in "Inheritance opportunities" "Timeline" "Evidence going stale" "SOC 2 reuse"; do
	contains "deliverable: md $s" "$(cat "$W/ex.md")" "### $s"
done
for s in 'id="inheritance"' 'id="timeline"' 'id="stale"' 'id="soc2"' 'id="scope"' 'id="at-a-glance"'; do
	contains "deliverable: html $s" "$(cat "$W/ex.html")" "$s"
done
eq "deliverable: json keys" "$(python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); print(len(j["inheritance"]["opportunities"]), j["timeline"]["ready_on"], len(j["stale_evidence"]["items"]), j["soc2"]["period_end"])' "$W/ex.json")" \
	"1 2027-02-27 1 2026-09-30"
