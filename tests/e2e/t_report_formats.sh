# Report formats (issue 4): every format rendered from one r2 run on the
# mini catalog, read back the way its consumer reads it (CSV reader, XML
# parser, JSON Schema validator) and checked for content; hostile strings in
# the scope and the manifests must come out inert (HTML escaped, CSV
# formulas neutralised); `report --db --run N` must reproduce what
# `assess -o` wrote, byte for byte, in every format; a run with no gap must
# still give valid OSCAL.
PROBE="python3 $SRC/tests/e2e/report_probe.py"
VALIDATE="$SRC/tests/e2e/validate_schema.py"
SCHEMAS="$SRC/tests/fixtures/schemas"
OSCAL_SCHEMA="$SCHEMAS/oscal_complete_schema-1.1.3.json"
SARIF_SCHEMA="$SCHEMAS/sarif-schema-2.1.0.json"
if python3 -c 'import jsonschema' 2>/dev/null; then have_js=1; else have_js=0
	echo "skip: schema validation (python3 jsonschema is not installed; apt-get install python3-jsonschema)"
fi

# validate NAME SCHEMA FILE... — valid against the schema (skipped without jsonschema)
validate() {
	vname=$1; shift
	[ "$have_js" = 1 ] || { ok "$vname (skipped)"; return; }
	vout=$(python3 "$VALIDATE" "$@" 2>&1); vrc=$?
	eq "$vname: valid" "$vrc" 0
	[ "$vrc" = 0 ] || printf '%s\n' "$vout" | head -5 | sed 's/^/    /'
}

# ---- the evidence: hostile strings everywhere a user can write one ----
mkdir -p ev/docs "ev/sub dir" && cd ev
artifact docs/p.pdf
cat > scope.yaml <<'Y'
organization: "Acme <script>alert('org')</script> & \"Co\""
assessment: "=HYPERLINK(\"http://evil.example\",\"x\")"
as_of: 2026-11-01
tier: r2
factors:
  records_held: 20_000_000
  internet_facing: false
providers:
  aws: { score: 90 }
Y
# T.01: policy 100 -> 15 of 75; implemented names a missing file (line 5).
cat > "sub dir/t01.evidence.yaml" <<'Y'
requirement: T.01
owner: "=cmd|' /C calc'!A0"
notes: "<script>alert('notes')</script>"
policy: { rating: FC, artifacts: [docs/p.pdf], reviewed: 2026-01-01 }
implemented: { rating: MC, artifacts: [docs/missing.pdf], tested: 2026-10-01 }
Y
cat > t02.evidence.yaml <<'Y'
requirement: T.02
owner: "-2+3"
not_applicable: "<img src=x onerror=alert(1)> \"quoted\" =1+1"
Y
# T.03: implemented 100 -> 40 of 75, no CAP; waived; inheritance capped to 0.
cat > t03.evidence.yaml <<'Y'
requirement: T.03
owner: "@ops"
inherited: { provider: aws, weight: 60 }
waiver: { reason: "\tTAB =1", expires: 2027-01-01 }
implemented: { rating: FC, artifacts: [docs/p.pdf], tested: 2026-10-01 }
Y
cd ..

# ---- assess -o and report --run N, byte for byte, every format ----
for f in html md csv junit sarif oscal-ar oscal-poam json text; do
	run_hta --catalog "$MINI" --db r.db --format "$f" -o "a.$f" -q ev
	eq "$f: assess exits 1 (failing domains)" "$rc" 1
	id=$(q r.db "select max(id) from runs")
	run_hta report --db r.db --run "$id" --format "$f" -o "b.$f"
	eq "$f: report exits 0" "$rc" 0
	if cmp -s "a.$f" "b.$f"; then ok "$f: identical"; else bad "$f: identical" "report --run $id differs from assess -o"; fi
	"$HTA_BIN" report --db r.db --run "$id" --format "$f" >"c.$f" 2>/dev/null
	if cmp -s "a.$f" "c.$f"; then ok "$f: stdout identical"; else bad "$f: stdout identical" "report to stdout differs"; fi
	[ -s "a.$f" ] && ok "$f: not empty" || bad "$f: not empty" "empty file"
done
expect_error "unknown format names the formats" "html, md, csv, junit, sarif, oscal-ar, oscal-poam" \
	--catalog "$MINI" --format pdf -o x.pdf ev
run_hta report --db r.db --format docx
eq "report: unknown format exit 2" "$rc" 2
contains "report: unknown format message" "$err" "oscal-poam"

# ---- CSV: RFC 4180, one row per in-scope statement, no formula survives ----
s=$($PROBE csv-summary a.csv)
contains "csv: 6 in-scope statements" "$s" "rows=6"
contains "csv: CRLF line ends" "$s" "crlf=1"
contains "csv: every row as wide as the header" "$s" "same_width=1"
contains "csv: no cell starts like a formula" "$s" "formula_cells=0"
eq "csv: header" "$(head -1 a.csv | tr -d '\r')" \
  "requirement_id,domain,pool,control_ref,title,status,score,ceiling,policy,procedure,implemented,measured,managed,gap,cap_required,blocker,waived,rank,points_lost,effort,owner,manifest,manifest_line,findings,not_applicable_reason,inherited_provider,inherited_weight,waiver_reason,waiver_expires,gap_reason"
eq "csv: = owner neutralised" "$($PROBE csv-cell a.csv T.01 owner)" "'=cmd|' /C calc'!A0"
eq "csv: - owner neutralised" "$($PROBE csv-cell a.csv T.02 owner)" "'-2+3"
eq "csv: @ owner neutralised" "$($PROBE csv-cell a.csv T.03 owner)" "'@ops"
eq "csv: tab-led waiver reason neutralised" "$($PROBE csv-cell a.csv T.03 waiver_reason)" "'	TAB =1"
eq "csv: N/A reason round-trips (quotes doubled)" "$($PROBE csv-cell a.csv T.02 not_applicable_reason)" \
  '<img src=x onerror=alert(1)> "quoted" =1+1'
eq "csv: T.01 scores" "$(for c in score ceiling policy procedure implemented measured gap cap_required blocker rank points_lost findings manifest manifest_line; do $PROBE csv-cell a.csv T.01 $c; done | tr '\n' '|')" \
  "15.00|75.00|100.00|0.00|0.00||1|1|1|4|60.00|artifact-missing|sub dir/t01.evidence.yaml|1|"
eq "csv: N/A has no score" "$(for c in status score gap rank; do $PROBE csv-cell a.csv T.02 $c; done | tr '\n' '|')" "not_applicable||0||"
eq "csv: waived gap" "$(for c in waived cap_required inherited_provider inherited_weight findings waiver_expires; do $PROBE csv-cell a.csv T.03 $c; done | tr '\n' '|')" \
  "1|0|aws|0|inherit-capped|2027-01-01|"
eq "csv: no evidence" "$(for c in status score findings; do $PROBE csv-cell a.csv T.07 $c; done | tr '\n' '|')" "no_evidence|0.00|no-evidence|"

# ---- HTML: escaped, self-contained, the sections a client needs ----
html=$(cat a.html)
# One script element, the report's own (search, filter, sort; allowed by
# its hash in the CSP); none and no img from user strings.
eq "html: only the report's own script, no img" "$(grep -o '<script[^>]*>\|<img' a.html | tr '\n' ' ')" "<script> "
contains "html: the script allowed by its hash only" "$(cat a.html)" "script-src 'sha256-"
contains "html: organisation escaped" "$html" "Acme &lt;script&gt;alert(&#39;org&#39;)&lt;/script&gt; &amp; &quot;Co&quot;"
contains "html: owner escaped" "$html" "=cmd|&#39; /C calc&#39;!A0"
contains "html: N/A justification escaped" "$html" "&lt;img src=x onerror=alert(1)&gt; &quot;quoted&quot; =1+1"
contains "html: verdict" "$html" 'id="verdict">Verdict: FAIL<'
contains "html: tier" "$html" 'id="tier">r2 (risk-based, 2-year)<'
contains "html: as-of" "$html" 'id="as-of">2026-11-01<'
eq "html: one inline SVG chart" "$(grep -c '<svg class="chart" id="score-chart"' a.html)" 1
eq "html: a failing bar per scored domain" "$(grep -o '<g class="bar fail">' a.html | wc -l | tr -d ' ')" 3
eq "html: a threshold mark per bar, at 62" "$(grep -o 'class="threshold" x1="572.4"' a.html | wc -l | tr -d ' ')" 3
# (User text may mention a URL or "src=", escaped; what must not appear is
# an element or attribute that fetches anything.)
eq "html: no external asset or network reference" \
  "$(sed 's|xmlns="http://www.w3.org/2000/svg"||g; /^<script>/,/<\/script>/d' a.html | grep -ciE '<(link|script|img|iframe|object|embed|audio|video|source)[ >]|@import|url\(|<[a-z][^>]* (src|href)="?[a-z]+:')" 0
contains "html: content security policy" "$html" "default-src 'none'"
contains "html: print stylesheet with page breaks" "$html" "section{break-before:page;page-break-before:always}"
# The certification path, in rank order within each failing domain.
eq "html: certification path" \
  "$(sed -n '/<section id="path">/,/<\/section>/p' a.html | grep -o '<h3>[^:]*\|<code>T\.[0-9]*' | sed 's/<h3>//;s/<code>//' | tr '\n' ' ')" \
  "11 Access Control T.07 T.01 12 Audit Logging &amp; Monitoring T.03 T.04 17 Risk Management T.05 "
eq "html: gaps in rank order" \
  "$(sed -n '/<section id="gaps">/,/<\/section>/p' a.html | grep -o 'id="gap-[0-9]*"[^>]*><td class="num">[0-9]*</td><td class="id"><code>T\.[0-9]*' | sed 's/.*<code>//' | tr '\n' ' ')" \
  "T.07 T.05 T.03 T.01 T.04 "
contains "html: waived gap shows its waiver" "$html" "Waiver until 2027-01-01: 	TAB =1"
contains "html: finding at file and line" "$html" "<td><code>sub dir/t01.evidence.yaml</code></td><td class=\"num\">5</td>"
contains "html: inherited statement and weight" "$html" "<td>aws</td><td class=\"num\">0%</td>"
contains "html: statements without evidence named" "$html" "<code>T.04</code>, <code>T.05</code>, <code>T.07</code>."

# ---- Markdown ----
md=$(cat a.md)
contains "md: verdict heading" "$md" "## ❌ HITRUST r2 readiness: FAIL"
contains "md: domain row" "$md" "| 11 | Access Control | 7.50 | 62 | 2 of 3 | ❌ fail |"
contains "md: first gap" "$md" "| 1 | T.07 | Automated account reviews at scale | 11 | 0.00 / 75.00 | 75.00 | CAP, blocker | 1 |"
contains "md: organisation escaped" "$md" 'Acme \<script\>alert('
eq "md: no raw HTML from user strings (only backslash-escaped)" "$(grep -c '\(^\|[^\\]\)<\(script\|img\)' a.md)" 0
contains "md: pipe in owner escaped" "$md" '=cmd\|'

# ---- JUnit ----
j=$($PROBE junit a.junit)
contains "junit: totals" "$j" "root=testsuites tests=6 failures=4 skipped=2 errors=0"
contains "junit: suite per domain" "$j" "suite 11 Access Control|tests=3|failures=2|skipped=1|result=fail"
contains "junit: suite 12" "$j" "suite 12 Audit Logging & Monitoring|tests=2|failures=1|skipped=1|result=fail"
contains "junit: CAP failure with score and reason" "$j" \
  "case hitrust.r2.11|T.01 Named accounts|failure|cap|score 15.00 of 75.00; CAP required; blocker: in the cheapest plan to lift domain 11"
contains "junit: failure body names owner and finding" "$j" "owner: =cmd|' /C calc'!A0"
contains "junit: N/A skipped with its reason" "$j" \
  "case hitrust.r2.11|T.02 Access policy|skipped|not applicable: <img src=x onerror=alert(1)> \"quoted\" =1+1"
contains "junit: waived gap skipped" "$j" "case hitrust.r2.12|T.03 Audit logs kept|skipped|waived gap: score 40.00 of 75.00"
contains "junit: no evidence" "$j" "case hitrust.r2.17|T.05 Annual risk assessment|failure|no-evidence|score 0.00 of 75.00"

# ---- SARIF ----
validate "sarif" "$SARIF_SCHEMA" a.sarif
s=$($PROBE sarif a.sarif)
contains "sarif: a result per finding, per gap of an evidenced statement, per domain with unevidenced statements" "$s" "version=2.1.0 runs=1 results=7"
contains "sarif: evidence root as a file URI" "$s" "base=file://$W/ev/"
contains "sarif: finding at manifest and line, URI-encoded" "$s" \
  "result artifact-missing|warning|EVIDENCE_ROOT:sub%20dir/t01.evidence.yaml|5|T.01|index_ok=1|suppressed=-|T.01: implemented artifact 'docs/missing.pdf'"
contains "sarif: gap at its manifest, under the statement's rule" "$s" "result T.01|error|EVIDENCE_ROOT:sub%20dir/t01.evidence.yaml|1|T.01|index_ok=1|suppressed=-|T.01 Named accounts: score 15.00 of 75.00"
contains "sarif: waived gap suppressed" "$s" "result T.03|note|EVIDENCE_ROOT:t03.evidence.yaml|1|T.03|index_ok=1|suppressed=accepted|"
contains "sarif: statements without a manifest: one result per domain at scope.yaml" "$s" "result no-evidence|error|EVIDENCE_ROOT:scope.yaml|1|12|index_ok=1|suppressed=-|Domain 12 Audit Logging & Monitoring: 1 of 2 in-scope statements has no evidence yet (no manifest, or a skeleton that claims nothing): T.04."
eq "sarif: every ruleIndex matches its ruleId" "$(printf '%s\n' "$s" | grep -c 'index_ok=0')" 0

# ---- OSCAL assessment results and POA&M ----
validate "oscal-ar" "$OSCAL_SCHEMA" a.oscal-ar
validate "oscal-poam" "$OSCAL_SCHEMA" a.oscal-poam
s=$($PROBE oscal a.oscal-ar)
contains "ar: kind" "$s" "kind=assessment-results"
contains "ar: uuids unique" "$s" "uuids_unique=1"
contains "ar: every reference resolves" "$s" "refs_resolve=1"
contains "ar: a finding per statement, an observation per statement and evidence finding, a risk per gap" \
  "$s" "findings=6 observations=11 risks=5"
contains "ar: reviewed controls" "$s" "reviewed=6"
contains "ar: verdict" "$s" "verdict=fail"
contains "ar: gap not satisfied" "$s" "finding hta-T.01_smt|not-satisfied|partial|risks=1"
contains "ar: N/A" "$s" "finding hta-T.02_smt|satisfied|not-applicable|risks=0"
contains "ar: waived gap is an approved deviation" "$s" "risk Gap in T.03: Audit logs kept|deviation-approved"
s=$($PROBE oscal a.oscal-poam)
contains "poam: an item per gap" "$s" "items=5 risks=5"
contains "poam: uuids unique" "$s" "uuids_unique=1"
contains "poam: references resolve" "$s" "refs_resolve=1"
contains "poam: first item is rank 1" "$s" "item T.07 Automated account reviews at scale (CAP)|rank=1"
contains "poam: owner carried" "$s" "item T.01 Named accounts (CAP)|rank=4|owner==cmd|' /C calc'!A0|cap=true"
# POA&M items keep their identity from one run to the next.
id=$(q r.db "select max(id) from runs")
"$HTA_BIN" report --db r.db --run "$id" --format oscal-poam -o p2.json
eq "poam: item uuids stable across runs" \
  "$($PROBE oscal a.oscal-poam | grep '^item' | sed 's/.*uuid=//')" "$($PROBE oscal p2.json | grep '^item' | sed 's/.*uuid=//')"

# ---- OSCAL catalog export ----
run_hta catalog export --format oscal --catalog "$MINI" -o cat.json
eq "catalog export: exit 0" "$rc" 0
validate "catalog export" "$OSCAL_SCHEMA" cat.json
s=$($PROBE oscal-catalog cat.json)
contains "catalog export: a control per statement" "$s" "controls=11"
contains "catalog export: ids" "$s" "ids=hta-A.01,hta-A.02,hta-R.01,hta-T.01,hta-T.02,hta-T.03,hta-T.04,hta-T.05,hta-T.06,hta-T.07,hta-T.08"
contains "catalog export: statement prose" "$s" "prose hta-T.01|Every interactive login uses an account assigned to one named person."
SOURCE_DATE_EPOCH=1700000000 "$HTA_BIN" catalog export --catalog "$MINI" -o cat1.json
SOURCE_DATE_EPOCH=1700000000 "$HTA_BIN" catalog export --catalog "$MINI" -o cat2.json
if cmp -s cat1.json cat2.json; then ok "catalog export: reproducible"; else bad "catalog export: reproducible" "differs"; fi
contains "catalog export: SOURCE_DATE_EPOCH" "$(cat cat1.json)" '"last-modified": "2023-11-14T22:13:20Z"'
# The assessment results target the catalog's statement parts.
eq "ar targets exist in the catalog" \
  "$($PROBE oscal a.oscal-ar | grep '^finding ' | cut -d'|' -f1 | sed 's/finding hta-//;s/_smt//' | while read -r i; do grep -c "\"id\": \"hta-${i}_smt\"" cat.json; done | sort -u)" 1
run_hta catalog export --format json --catalog "$MINI"
eq "export refuses json: exit 2" "$rc" 2
contains "export refuses json: message" "$err" "--format oscal"

# ---- a run with no gap: PASS everywhere, OSCAL still valid ----
mkdir -p ok/docs && artifact ok/docs/x.pdf
cat > ok/scope.yaml <<'Y'
organization: Pass Co
as_of: 2026-11-01
tier: e1
Y
for t in T.01 T.02 T.03; do
	printf 'requirement: %s\nimplemented: { rating: FC, artifacts: [docs/x.pdf], tested: 2026-10-01 }\n' "$t" >"ok/$t.evidence.yaml"
done
for f in html junit oscal-poam oscal-ar sarif; do
	run_hta --catalog "$MINI" --db ok.db --format "$f" -o "ok.$f" -q ok
	eq "pass $f: exit 0" "$rc" 0
done
contains "pass html: verdict" "$(cat ok.html)" 'id="verdict">Verdict: PASS<'
contains "pass html: no path needed" "$(cat ok.html)" "no certification path is needed"
contains "pass junit: no failure" "$($PROBE junit ok.junit)" "root=testsuites tests=3 failures=0 skipped=0"
validate "pass oscal-poam" "$OSCAL_SCHEMA" ok.oscal-poam
validate "pass oscal-ar" "$OSCAL_SCHEMA" ok.oscal-ar
validate "pass sarif" "$SARIF_SCHEMA" ok.sarif
contains "pass poam: says no item is open" "$($PROBE oscal ok.oscal-poam)" "item No open gaps|"
contains "pass sarif: no result" "$($PROBE sarif ok.sarif)" "results=0"
