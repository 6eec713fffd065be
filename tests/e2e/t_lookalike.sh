# Look-alike ids in every message (issue 14, item 11; docs/robustness.md,
# "Hardening 2"). An id or a name that differs from a real one by a
# look-alike character — here a Cyrillic a (U+0430) in place of a Latin a
# or of a digit — is refused, and the message shows it escaped (\u0430:
# hta_shown, src/lib/util.c), so the user sees why a name that looks right
# is not. One case per family of message that prints a user's id or name;
# each asserts the escaped form and that the raw character is not shown.

CYR=$(printf '\320\260') # U+0430 CYRILLIC SMALL LETTER A, two bytes of UTF-8
E1="--catalog $MINI --tier e1 --as-of 2026-11-01 -q"

# shows NAME WANT — exit 2, WANT (with \u0430) on stderr, no raw U+0430 in it
shows() {
	eq "$1: exit 2" "$rc" 2
	contains "$1: the id escaped" "$err" "$2"
	case "$err" in *"$CYR"*) bad "$1: raw look-alike" "$err" ;; *) ok "$1: raw look-alike" ;; esac
}

mkdir -p ev
artifact ev/a.txt
cat >ev/t01.evidence.yaml <<'Y'
requirement: T.01
owner: alice@example.org
implemented: { rating: PC, artifacts: [a.txt], tested: 2026-10-01 }
Y

# ---- catalog show ID ----
run_hta --catalog "$MINI" catalog show "T.0$CYR"
shows "catalog show" "unknown requirement 'T.0\\u0430'"

# ---- evidence: a manifest's requirement, its document, its provider ----
printf 'requirement: T.0%s\nimplemented: { rating: FC, artifacts: [a.txt], tested: 2026-10-01 }\n' "$CYR" \
	>ev/t02.evidence.yaml
run_hta $E1 --db e.db ev
shows "manifest requirement" "unknown requirement 'T.0\\u0430'"
printf 'documents:\n  - { id: policy, path: a.txt, reviewed: 2026-10-01 }\n' >ev/documents.yaml
printf 'requirement: T.02\npolicy: { rating: FC, documents: [p%slicy], reviewed: 2026-10-01 }\n' "$CYR" \
	>ev/t02.evidence.yaml
run_hta $E1 --db e.db ev
shows "manifest document" "unknown document 'p\\u0430licy'"
printf 'documents:\n  - { id: p%slicy, path: a.txt, reviewed: 2026-10-01 }\n' "$CYR" >ev/documents.yaml
run_hta $E1 --db e.db ev
shows "documents.yaml id" "not 'p\\u0430licy'"
rm ev/documents.yaml
printf 'as_of: 2026-11-01\nproviders:\n  aws: { score: 100 }\n' >ev/scope.yaml
printf 'requirement: T.02\ninherited: { provider: %sws, weight: 50 }\n' "$CYR" >ev/t02.evidence.yaml
run_hta $E1 --db e.db ev
shows "manifest provider" "provider '\\u0430ws' is not declared"
rm ev/t02.evidence.yaml
printf 'requirement: T.02\nimplement%sd: { rating: FC, artifacts: [a.txt], tested: 2026-10-01 }\n' "$(printf '\320\265')" \
	>ev/t02.evidence.yaml
run_hta $E1 --db e.db ev
shows "manifest key (a Cyrillic e)" "unknown key 'implement\\u0435d'"
rm ev/t02.evidence.yaml

# ---- scope.yaml: a factor, a compliance factor ----
printf 'as_of: 2026-11-01\nfactors: { rec%srds_held: 10 }\n' "$CYR" >ev/scope.yaml
run_hta $E1 --db e.db ev
shows "scope factor" "unknown factor 'rec\\u0430rds_held'"
printf 'as_of: 2026-11-01\ncompliance: [hip%s]\n' "$CYR" >ev/scope.yaml
run_hta $E1 --db e.db ev
shows "scope compliance factor" "unknown compliance factor 'hip\\u0430'"

# ---- the provider matrix: a user's CSV, a catalog's YAML ----
printf 'as_of: 2026-11-01\nproviders:\n  aws: { score: 100, matrix: m.csv }\n' >ev/scope.yaml
printf 'requirement,responsibility,weight\nT.0%s,shared,50\n' "$CYR" >ev/m.csv
run_hta $E1 --db e.db ev
shows "user matrix CSV: statement" "m.csv:2:1: unknown statement 'T.0\\u0430'"
printf 'requirement,responsibility,weight\nT.01,sh%sred,50\n' "$CYR" >ev/m.csv
run_hta $E1 --db e.db ev
shows "user matrix CSV: responsibility" "not 'sh\\u0430red'"
printf 'requirement,responsibility,weight\nT.01,shared,5%s\n' "$CYR" >ev/m.csv
run_hta $E1 --db e.db ev
shows "user matrix CSV: weight" "not '5\\u0430'"
rm ev/m.csv
cp -r "$MINI" cat
mkdir -p cat/providers cat/crosswalk
printf 'provider:\n  name: aws\n  title: AWS\n  basis: illustrative\nstatements:\n  - { id: "T.0%s", responsibility: shared, weight: 50 }\n' \
	"$CYR" >cat/providers/aws.yaml
printf 'as_of: 2026-11-01\nproviders:\n  aws: { score: 100 }\n' >ev/scope.yaml
run_hta --catalog cat --tier e1 --as-of 2026-11-01 -q --db e.db ev
shows "provider matrix YAML" "unknown statement 'T.0\\u0430'"
rm cat/providers/aws.yaml

# ---- the SOC 2 crosswalk: its statements, scope.yaml's exceptions ----
printf 'crosswalk:\n  name: soc2\n  title: t\ncriteria:\n  - id: CC1.1\n    title: t\n    nist_800_53: [PL-4]\n    statements: [T.0%s]\n' \
	"$CYR" >cat/crosswalk/soc2.yaml
printf 'as_of: 2026-11-01\nsoc2:\n  period_end: 2026-09-30\n' >ev/scope.yaml
run_hta --catalog cat --tier e1 --as-of 2026-11-01 -q --db e.db ev
shows "SOC 2 crosswalk statement" "unknown statement 'T.0\\u0430'"
printf 'crosswalk:\n  name: soc2\n  title: t\ncriteria:\n  - id: CC1.1\n    title: t\n    nist_800_53: [PL-4]\n    statements: [T.01]\n' \
	>cat/crosswalk/soc2.yaml
printf 'as_of: 2026-11-01\nsoc2:\n  period_end: 2026-09-30\n  exceptions: [CC1.%s]\n' "$CYR" >ev/scope.yaml
run_hta --catalog cat --tier e1 --as-of 2026-11-01 -q --db e.db ev
shows "SOC 2 exception" "unknown SOC 2 criterion 'CC1.\\u0430'"
rm ev/scope.yaml

# ---- the workbook: a row's requirement id, a provider named in a row ----
run_hta --catalog "$MINI" export --tier e1 --format csv -o book.csv ev
eq "export: exit 0" "$rc" 0
python3 - book.csv "T.0$CYR" <<'P'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline='', encoding='utf-8')))
rows[1][0] = sys.argv[2]
csv.writer(open('bad-id.csv', 'w', newline='', encoding='utf-8')).writerows(rows)
P
run_hta --catalog "$MINI" import workbook bad-id.csv --into ev
shows "workbook row id" "unknown requirement \"T.0\\u0430\""

# ---- a scanner import: the --map file's statement, an unmapped check ----
printf 'check_id,requirement\nfx_csv,T.0%s\n' "$CYR" >map.csv
printf 'AUTH_METHOD;TIMESTAMP;CHECK_ID;STATUS;STATUS_EXTENDED;MUTED;COMPLIANCE\nx;2026-09-01 10:00:00;fx_%ssv;PASS;plain;False;\n' \
	"$CYR" >scan.csv
run_hta --catalog "$MINI" import prowler-csv scan.csv --into ev --map map.csv
shows "import --map statement" "map.csv:2:8: unknown statement 'T.0\\u0430'"
printf 'check_id,requirement\nfx_csv,T.01\n' >map.csv
run_hta --catalog "$MINI" import prowler-csv scan.csv --into ev --map map.csv --dry-run
eq "import, unmapped look-alike check: exit 0" "$rc" 0
contains "import: the unmapped check escaped" "$out" "fx_\\u0430sv (1/1 passed)"
case "$out" in *"$CYR"*) bad "import: raw look-alike" "$out" ;; *) ok "import: raw look-alike" ;; esac

# ---- a baseline file's gap ids ----
run_hta $E1 --db b.db ev
run_hta report --db b.db --format baseline -o base.json
python3 - base.json "T.0$CYR" <<'P'
import json, sys
d = json.load(open(sys.argv[1]))
d["gaps"] = [{"requirement_id": sys.argv[2], "waived": "no"}]
json.dump(d, open("bad-base.json", "w"), ensure_ascii=False)
d["gaps"] = [{"requirement_id": sys.argv[2], "waived": False}] * 2
json.dump(d, open("twice-base.json", "w"), ensure_ascii=False)
P
run_hta $E1 --db b.db --gate new --baseline bad-base.json ev
shows "baseline: a gap's waived" "gap T.0\\u0430: 'waived' must be true or false"
run_hta diff --db b.db --baseline twice-base.json
shows "baseline: a gap listed twice" "gap T.0\\u0430 is listed twice"

# ---- the views: --domain, --status, --gate; --owner names its filter ----
run_hta report --db b.db --domain "1$CYR"
shows "--domain" "--domain: '1\\u0430' is not a domain"
run_hta report --db b.db --status "g${CYR}p"
shows "--status" "--status: unknown status 'g\\u0430p'"
run_hta $E1 --db b.db --gate "n${CYR}w" ev
shows "--gate" "--gate: 'n\\u0430w' is not a gate"
run_hta report --db b.db --owner "${CYR}lice@example.org"
eq "--owner: exit 0" "$rc" 0
contains "--owner: as typed, and its code points when it matches no one" "$out" "View: owner ${CYR}lice@example.org (matches no owner; as code points: \\u0430lice@example.org)"
contains "--owner: nothing matches" "$out" "No gap in evidenced statements matches."
run_hta report --db b.db --owner "alice@example.org"
contains "--owner: the real owner, as typed" "$out" "View: owner alice@example.org"
