# The evidence workbook (contract 8.3, docs/workbook.md): export as XLSX
# and CSV from the bundled example, import back — an unchanged workbook
# changes no file; edits (by a script, and through a real LibreOffice
# conversion) change exactly the edited manifests; a manifest changed on
# disk since the export is a conflict (refused, --force overwrites);
# --dry-run writes nothing; cell errors name sheet, row and column, all of
# them in one pass; hostile workbooks (100 MB, a million rows, zip bombs,
# malformed XML, a DTD, a shared-string index out of range, a 10 MB CSV
# cell) are refused with exit 2 and nothing under the evidence tree written.
EX="$SRC/docs/examples/acme-health-ai"
CAT="$SRC/controls"
T="python3 $SRC/tests/e2e/xlsx_tool.py"
cp -r "$EX" ev

# snap — a digest of every file under ev/ (path and SHA-256)
snap() { (cd "$W/ev" && find . -type f -exec sha256sum {} + | LC_ALL=C sort -k2); }
# changed A B — the paths whose digest differs between two snaps, one line
changed() {
	printf '%s\n' "$1" >"$W/.s1"; printf '%s\n' "$2" >"$W/.s2"
	diff "$W/.s1" "$W/.s2" | sed -n 's/^[<>] [0-9a-f]* *\.\///p' | LC_ALL=C sort -u | tr '\n' ' '
}
# col CSV ID HEADER — one cell of an exported CSV
col() {
	python3 - "$1" "$2" "$3" <<'P'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline='', encoding='utf-8')))
h = rows[0]
for r in rows[1:]:
    if r[0] == sys.argv[2]:
        print(r[h.index(sys.argv[3])])
P
}
# edit IN OUT ID HEADER VALUE [ID HEADER VALUE]... — set cells of a CSV
edit() {
	python3 - "$@" <<'P'
import csv, sys
a = sys.argv[1:]
rows = list(csv.reader(open(a[0], newline='', encoding='utf-8')))
h = rows[0]
for i in range(2, len(a), 3):
    hit = [r for r in rows[1:] if r[0] == a[i]]
    assert hit, a[i]
    hit[0][h.index(a[i + 1])] = a[i + 2]
csv.writer(open(a[1], 'w', newline='', encoding='utf-8')).writerows(rows)
P
}
# refused NAME WANT FILE — import FILE: exit 2, WANT in stderr, nothing written
refused() {
	before=$(snap)
	run_hta --catalog "$CAT" import workbook "$3" --into ev
	eq "$1: exit 2" "$rc" 2
	contains "$1: message" "$err" "$2"
	contains "$1: nothing written" "$err" "nothing was written"
	eq "$1: evidence tree untouched" "$(snap)" "$before"
}

# ---- export ----
orig=$(snap)
run_hta --catalog "$CAT" export --format csv --ai-security -o book.csv ev
eq "export csv: exit" "$rc" 0
contains "export csv: summary" "$out" "statements; import with"
run_hta --catalog "$CAT" export --format xlsx --ai-security -o book.xlsx ev
eq "export xlsx: exit" "$rc" 0
n=$(python3 -c "import csv,sys; print(len(list(csv.reader(open('book.csv', newline='', encoding='utf-8')))) - 1)")
run_hta --catalog "$CAT" --tier e1 --ai-security --db "$W/a.db" --format json -o a.json ev
inscope=$(python3 -c "import json; print(len(json.load(open('a.json'))['requirements']))")
eq "one row per statement in scope" "$n" "$inscope"
contains "export xlsx: the same count" "$out" ""
eq "export wrote nothing under ev" "$(snap)" "$orig"
head -1 book.csv | tr -d '\r' >hdr
contains "csv header" "$(cat hdr)" "id,domain,domain name,control,title,statement,owner,not applicable,N/A reason,inherited provider,inherited weight,policy illustrative evidence,policy rating,policy coverage,policy artifacts,policy documents,policy reviewed,policy effective"
contains "csv header: hash last" "$(cat hdr)" ",notes,manifest,manifest sha256"
eq "csv: CRLF records" "$(head -1 book.csv | od -c | grep -c '\\r  \\n')" 1
info=$($T info book.xlsx)
contains "xlsx: sheets" "$info" "sheets: Statements,About"
contains "xlsx: frozen header" "$info" "frozen: yes"
contains "xlsx: rating drop-down" "$info" "validation: list M2:M$((n + 1)) \"FC,MC,PC,SC,NC\""
contains "xlsx: yes/no drop-down" "$info" "validation: list H2:H$((n + 1)) \"yes,no\""
contains "xlsx: provider drop-down" "$info" "validation: list J2:J$((n + 1)) \"aws"
contains "xlsx: coverage is a percent" "$info" "validation: decimal N2:N$((n + 1))"
contains "xlsx: hash column hidden" "$info" "hidden col: 49"
contains "xlsx: autofilter" "$info" "autofilter: yes"
contains "xlsx: wrapped text" "$info" "wrap: yes"

# Three statements of the example to edit, read from the export: S1 with a
# policy rating, S3 with an implemented rating, S2 another; each with one
# YAML manifest, no waiver. Their manifests: P1, P2, P3.
set -- $(python3 - <<'P'
import csv
rows = list(csv.reader(open('book.csv', newline='', encoding='utf-8')))
h = rows[0]
c = lambda r, n: r[h.index(n)]
ok = [r for r in rows[1:] if c(r, 'manifest').endswith('.evidence.yaml') and '\n' not in c(r, 'manifest')
      and 'waiver:' not in open('ev/' + c(r, 'manifest')).read()]
s1 = [r for r in ok if c(r, 'policy rating') == 'FC'][0]
s3 = [r for r in ok if c(r, 'implemented rating') and r is not s1][0]
s2 = [r for r in ok if r is not s1 and r is not s3][0]
print(' '.join(x for r in (s1, s2, s3) for x in (r[0], c(r, 'manifest'))))
P
)
S1=$1 P1=$2 S2=$3 P2=$4 S3=$5 P3=$6
[ -n "$P3" ] || bad "statements to edit" "none found in the export"
# the hidden hash is the SHA-256 of the manifest's bytes
eq "hash column = sha256 of the manifest" "$(col book.csv "$S1" 'manifest sha256')" \
	"$(sha256sum <"ev/$P1" | cut -d' ' -f1)"
eq "a rating" "$(col book.csv "$S1" 'policy rating')" "FC"
contains "illustrative evidence column" "$(col book.csv "$S1" 'policy illustrative evidence')" "olic"

# ---- round trip: nothing changes ----
for f in book.xlsx book.csv; do
	run_hta --catalog "$CAT" import workbook $f --into ev
	eq "round trip $f: exit" "$rc" 0
	contains "round trip $f: nothing to write" "$out" "0 manifests written (0 new), $n unchanged"
	eq "round trip $f: every file byte-identical" "$(snap)" "$orig"
done

# ---- edits: exactly the edited manifests change ----
# (a waiver, an N/A and an inheritance are in the example: kept as they are)
wv=$(grep -l '^waiver:' ev/*/*.evidence.yaml | head -1); wid=$(sed -n 's/^requirement: "*\([^"]*\)"*$/\1/p' "$wv")
edit book.csv edit.csv "$S1" 'policy rating' MC "$S2" owner 'new-owner@acme.example' \
	"$S3" 'implemented rating' '' "$S3" 'implemented coverage' 55.5 \
	"$wid" owner 'waived-owner@acme.example'
run_hta --catalog "$CAT" import workbook edit.csv --into ev --dry-run
eq "dry run: exit" "$rc" 0
contains "dry run: lists the change" "$out" "would write $P1 ($S1: policy: rating)"
contains "dry run: summary" "$out" "4 manifests would be written (0 new)"
eq "dry run: nothing written" "$(snap)" "$orig"
run_hta --catalog "$CAT" import workbook edit.csv --into ev
eq "import edits: exit" "$rc" 0
eq "import edits: exactly the edited manifests" "$(changed "$orig" "$(snap)")" \
	"$(printf '%s\n' "$P1" "$P2" "$P3" "${wv#ev/}" | LC_ALL=C sort -u | tr '\n' ' ')"
contains "edited rating" "$(cat "ev/$P1")" "rating: MC"
contains "edited coverage" "$(cat "ev/$P3")" "coverage: 55.5"
contains "waiver kept" "$(cat "$wv")" "waiver:"
contains "comment header kept" "$(head -1 "ev/$P1")" "# $S1"
run_hta --catalog "$CAT" --tier e1 --ai-security --db "$W/a.db" ev
case "$rc" in 0|1) ok "the edited tree assesses" ;; *) bad "the edited tree assesses" "exit $rc: $err" ;; esac
contains "the assessment reads the new coverage" \
	"$(q "$W/a.db" "select implemented from requirement_scores where run_id = (select max(id) from runs) and requirement_id = '$S3'")" "50"
after_edit=$(snap)
run_hta --catalog "$CAT" import workbook edit.csv --into ev
contains "the same workbook again: nothing to write" "$out" "0 manifests written"
eq "the same workbook again: no file changes" "$(snap)" "$after_edit"

# ---- a statement without a manifest: a new file under workbook/ ----
run_hta --catalog "$CAT" export --format csv --tier r2 -o r2.csv ev
nid=$(python3 -c "
import csv
rows = list(csv.reader(open('r2.csv', newline='', encoding='utf-8')))
h = rows[0]
print([r[0] for r in rows[1:] if not r[h.index('manifest')]][0])")
edit r2.csv r2e.csv "$nid" 'implemented rating' pc "$nid" 'implemented artifacts' 'governance/asset-inventory-2026-10.csv; policies/asset-management-policy.md' \
	"$nid" 'implemented tested' 2026-10-01
run_hta --catalog "$CAT" import workbook r2e.csv --into ev
eq "new manifest: exit" "$rc" 0
contains "new manifest: created" "$out" "created workbook/$nid.evidence.yaml"
contains "new manifest: content" "$(cat "ev/workbook/$nid.evidence.yaml")" "rating: PC"
contains "new manifest: list split at ';'" "$(cat "ev/workbook/$nid.evidence.yaml")" "artifacts: [governance/asset-inventory-2026-10.csv, policies/asset-management-policy.md]"
run_hta --catalog "$CAT" --tier r2 --db "$W/a.db" ev
case "$rc" in 0|1) ok "the tree with the new manifest assesses" ;; *) bad "the tree with the new manifest assesses" "exit $rc: $err" ;; esac

# ---- documents: ids of documents.yaml, checked ----
[ -f ev/documents.yaml ] || printf 'documents: []\n' >ev/documents.yaml
python3 - "$P1" <<'P'
import sys
p = 'ev/documents.yaml'
s = open(p).read().replace('documents: []', 'documents:')
s += '\n  - id: wb-test-policy\n    path: %s\n' % sys.argv[1]
open(p, 'w').write(s)
P
run_hta --catalog "$CAT" export --format csv --ai-security -o d.csv ev
edit d.csv dbad.csv "$S2" 'policy documents' 'no-such-doc'
refused "unknown document id" "document \"no-such-doc\" is not declared in documents.yaml" dbad.csv
edit d.csv dok.csv "$S2" 'policy rating' FC "$S2" 'policy documents' 'wb-test-policy' "$S2" 'policy reviewed' 2026-10-01
run_hta --catalog "$CAT" import workbook dok.csv --into ev
eq "a known document id: exit" "$rc" 0
contains "a known document id: written" "$(cat "ev/$P2")" "documents: [wb-test-policy]"
run_hta --catalog "$CAT" --tier e1 --ai-security --db "$W/a.db" ev
case "$rc" in 0|1) ok "the tree with a document assesses" ;; *) bad "the tree with a document assesses" "exit $rc: $err" ;; esac

# ---- conflicts ----
run_hta --catalog "$CAT" export --format xlsx --ai-security -o c.xlsx ev
run_hta --catalog "$CAT" export --format csv --ai-security -o c.csv ev
sed -i 's/^owner: .*/owner: changed-on-disk@acme.example/' "ev/$P1"
grep -q changed-on-disk "ev/$P1" || printf 'owner: changed-on-disk@acme.example\n' >>"ev/$P1"
edit c.csv ce.csv "$S1" 'policy rating' SC "$S2" owner 'someone@acme.example'
before=$(snap)
run_hta --catalog "$CAT" import workbook ce.csv --into ev
eq "conflict: exit 2" "$rc" 2
contains "conflict: named" "$err" "conflict: $S1: $P1 changed since the export"
contains "conflict: --force named" "$err" "--force overwrites"
eq "conflict: nothing written (not even the other edit)" "$(snap)" "$before"
run_hta --catalog "$CAT" import workbook c.xlsx --into ev
eq "conflict: an unedited workbook would undo the disk change: refused" "$rc" 2
contains "conflict: unedited row" "$err" "conflict: $S1"
run_hta --catalog "$CAT" import workbook ce.csv --into ev --dry-run
eq "conflict: dry run says the same" "$rc" 2
eq "conflict: dry run wrote nothing" "$(snap)" "$before"
run_hta --catalog "$CAT" import workbook ce.csv --into ev --force
eq "conflict --force: exit" "$rc" 0
contains "conflict --force: overwritten" "$out" "[conflict overwritten: --force]"
contains "conflict --force: the workbook's value" "$(cat "ev/$P1")" "rating: SC"
eq "conflict --force: exactly the two manifests" "$(changed "$before" "$(snap)")" \
	"$(printf '%s\n' "$P1" "$P2" | LC_ALL=C sort | tr '\n' ' ')"

# ---- several manifests for one statement (8.1): a hand-written policy, an import's implemented ----
mkdir -p mm/imports/prowler-ocsf mm/p
printf 'as_of: 2026-11-01\ntier: i1\n' >mm/scope.yaml
printf 'x\n' >mm/p/a.txt
printf 'requirement: T.01\npolicy: { rating: PC, artifacts: [p/a.txt], reviewed: 2026-10-01 }\n' >mm/t01.evidence.yaml
printf 'requirement: T.01\nimplemented: { coverage: 80, artifacts: [p/a.txt], tested: 2026-10-01 }\n' \
	>mm/imports/prowler-ocsf/T.01.evidence.yaml
mmsnap() { (cd "$W/mm" && find . -type f -exec sha256sum {} + | LC_ALL=C sort -k2); }
run_hta --catalog "$MINI" export --format csv -o mm.csv mm
eq "several manifests: export" "$rc" 0
eq "several manifests: both listed" "$(col mm.csv T.01 manifest | tr '\n' ' ')" "imports/prowler-ocsf/T.01.evidence.yaml t01.evidence.yaml "
eq "several manifests: the union" "$(col mm.csv T.01 'policy rating') $(col mm.csv T.01 'implemented coverage')" "PC 80"
want=$(cd mm && for f in imports/prowler-ocsf/T.01.evidence.yaml t01.evidence.yaml; do
	printf '%s\0%s\n' "$f" "$(sha256sum <"$f" | cut -d' ' -f1)"; done | sha256sum | cut -d' ' -f1)
eq "several manifests: the hash covers each path and digest" "$(col mm.csv T.01 'manifest sha256')" "$want"
mm0=$(mmsnap)
run_hta --catalog "$MINI" import workbook mm.csv --into mm
contains "several manifests: round trip writes nothing" "$out" "0 manifests written"
eq "several manifests: round trip, no file changes" "$(mmsnap)" "$mm0"
edit mm.csv mm1.csv T.01 'implemented coverage' 95
run_hta --catalog "$MINI" import workbook mm1.csv --into mm
eq "an import's manifest is not rewritten: exit 2" "$rc" 2
contains "an import's manifest is not rewritten: named" "$err" "implemented of T.01 comes from imports/prowler-ocsf/T.01.evidence.yaml, an import's manifest"
eq "an import's manifest is not rewritten: nothing written" "$(mmsnap)" "$mm0"
edit mm.csv mm2.csv T.01 'policy rating' FC T.01 owner 'o@acme.example'
run_hta --catalog "$MINI" import workbook mm2.csv --into mm
eq "several manifests: edit: exit" "$rc" 0
eq "several manifests: only the hand-written one changes" "$(changed "$mm0" "$(mmsnap)")" "t01.evidence.yaml "
contains "several manifests: policy and owner there" "$(cat mm/t01.evidence.yaml)" "rating: FC"
contains "several manifests: owner there" "$(cat mm/t01.evidence.yaml)" "owner: o@acme.example"
run_hta --catalog "$MINI" --db "$W/mm.db" mm
case "$rc" in 0|1) ok "several manifests: the tree assesses" ;; *) bad "several manifests: the tree assesses" "exit $rc: $err" ;; esac

# A spreadsheet's coverage with many decimals (a formula's 2/3) keeps two,
# the rest dropped as in a manifest: the band of its integer part.
run_hta --catalog "$MINI" export --format csv -o mm5.csv mm
edit mm5.csv mm3.csv T.01 'policy coverage' 66.6666667 T.01 'policy rating' ''
run_hta --catalog "$MINI" import workbook mm3.csv --into mm
eq "long coverage cell: exit" "$rc" 0
contains "long coverage cell: two decimals kept" "$(cat mm/t01.evidence.yaml)" "coverage: 66.66"
edit mm5.csv mm4.csv T.01 'policy coverage' 100.001 T.01 'policy rating' ''
run_hta --catalog "$MINI" import workbook mm4.csv --into mm
eq "coverage cell over 100: exit 2" "$rc" 2
contains "coverage cell over 100: message" "$err" 'policy coverage "100.001" is not a percent from 0 to 100'

# ---- cell errors: every one, with sheet, row and column ----
run_hta --catalog "$CAT" export --format csv --ai-security -o e.csv ev
edit e.csv bad.csv "$S1" 'policy rating' XX "$S2" 'implemented tested' 2026-13-01 \
	"$S3" 'inherited provider' gcp "$S3" 'inherited weight' 40
$T from-csv bad.csv bad.xlsx
row=$(python3 -c "
import csv
rows = list(csv.reader(open('bad.csv', newline='', encoding='utf-8')))
print([i for i, r in enumerate(rows, 1) if r[0] == '$S1'][0])")
before=$(snap)
run_hta --catalog "$CAT" import workbook bad.xlsx --into ev
eq "cell errors: exit 2" "$rc" 2
contains "cell error names sheet, row, column" "$err" "bad.xlsx:Statements!M$row: policy rating \"XX\" is not one of FC MC PC SC NC"
contains "cell errors: the date too" "$err" "implemented tested \"2026-13-01\" is not a date as YYYY-MM-DD"
contains "cell errors: the provider too" "$err" "inherited provider \"gcp\" is not declared in scope.yaml"
contains "cell errors: counted" "$err" "3 errors in the workbook; nothing was written"
eq "cell errors: nothing written" "$(snap)" "$before"
run_hta --catalog "$CAT" import workbook bad.csv --into ev
eq "csv cell errors: exit 2" "$rc" 2
contains "csv cell error: line, column, row" "$err" "policy rating \"XX\" is not one of FC MC PC SC NC (row $row, column M)"
printf 'id,owner\r\nT.1,x\r\n' >nohash.csv
refused "no hash column" "no 'manifest sha256' column" nohash.csv
head -1 e.csv | sed 's/^id,/id,bogus,/' >uc.csv
refused "unknown column" "unknown column 'bogus'" uc.csv

# ---- LibreOffice: a real re-save and a real edit ----
if command -v soffice >/dev/null 2>&1; then
	lo() { soffice -env:UserInstallation=file://$W/lo-profile --headless --norestore "$@" >"$W/lo.log" 2>&1; }
	run_hta --catalog "$CAT" export --format xlsx --ai-security -o lo-in.xlsx ev
	run_hta --catalog "$CAT" export --format csv --ai-security -o lo-in.csv ev
	mkdir -p lo1 lo2
	lo --convert-to xlsx --outdir lo1 lo-in.xlsx
	if [ -s lo1/lo-in.xlsx ]; then
		base=$(snap)
		run_hta --catalog "$CAT" import workbook lo1/lo-in.xlsx --into ev
		eq "LibreOffice re-save: exit" "$rc" 0
		contains "LibreOffice re-save: nothing to write" "$out" "0 manifests written"
		eq "LibreOffice re-save: no file changes" "$(snap)" "$base"
		edit lo-in.csv lo-edit.csv "$S1" 'policy rating' PC "$S3" 'implemented tested' 2026-10-15 \
			"$S3" 'notes' 'edited in LibreOffice'
		lo --infilter=CSV:44,34,76,1 --convert-to xlsx --outdir lo2 lo-edit.csv
		run_hta --catalog "$CAT" import workbook lo2/lo-edit.xlsx --into ev
		eq "LibreOffice edit: exit" "$rc" 0
		eq "LibreOffice edit: exactly the edited manifests" "$(changed "$base" "$(snap)")" \
			"$(printf '%s\n' "$P1" "$P3" | LC_ALL=C sort | tr '\n' ' ')"
		contains "LibreOffice edit: rating" "$(cat "ev/$P1")" "rating: PC"
		contains "LibreOffice edit: date" "$(cat "ev/$P3")" "tested: 2026-10-15"
		contains "LibreOffice edit: notes" "$(cat "ev/$P3")" "notes: \"edited in LibreOffice\""
	else
		bad "LibreOffice conversion" "soffice wrote nothing: $(cat "$W/lo.log")"
	fi
else
	echo "skip: t_workbook.sh: LibreOffice parts (no soffice)"
fi

# ---- formula guard in CSV ----
printf 'notes: "=HYPERLINK(\\"http://x.example\\")"\n' >>"ev/$P2"
run_hta --catalog "$CAT" export --format csv --ai-security -o g.csv ev
contains "csv: a formula-like cell is guarded" "$(cat g.csv)" "\"'=HYPERLINK("
guarded=$(snap)
run_hta --catalog "$CAT" import workbook g.csv --into ev
contains "csv: the guard comes off on import" "$out" "0 manifests written"
eq "csv: guarded round trip changes nothing" "$(snap)" "$guarded"

# ---- limits and hostile files: exit 2, nothing written ----
truncate -s 100M big.xlsx
refused "100 MB xlsx" "over the workbook limit" big.xlsx
truncate -s 100M big.csv
refused "100 MB csv" "over the workbook limit" big.csv
$T rows rows.xlsx 1000000
refused "a million rows (xlsx)" "has more than 100000 rows; refused" rows.xlsx
awk 'BEGIN { print "id,manifest sha256"; for (i = 0; i < 1000000; i++) print "" }' >rows.csv
refused "a million rows (csv)" "more than 100000 rows; refused" rows.csv
$T bomb bomb.xlsx 70
refused "zip bomb (honest header)" "inflates to" bomb.xlsx
$T bomb bomb2.xlsx 70 --lie
refused "zip bomb (lying header: checked while streaming)" "inflates past 67108864 bytes; refused" bomb2.xlsx
printf '<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>id</t></is></c>\n<c r="B1"' >mal.xml
$T sheet mal.xlsx mal.xml
refused "malformed XML" "malformed XML" mal.xlsx
printf '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><worksheet><sheetData/></worksheet>' >dtd.xml
$T sheet dtd.xlsx dtd.xml
refused "a DTD (entity expansion)" "has a DTD" dtd.xlsx
printf '<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row><row r="2"><c r="A2" t="s"><v>7</v></c></row></sheetData></worksheet>' >sst.xml
printf '<sst><si><t>id</t></si><si><t>manifest sha256</t></si></sst>' >sst2.xml
$T sheet sst.xlsx sst.xml sst2.xml
refused "shared string out of range" "Statements!A2: shared string index 7 is out of range (the workbook has 2)" sst.xlsx
python3 -c "
import sys
sys.stdout.write('id,manifest sha256,notes\r\n$S1,,\"' + 'x' * (10 << 20) + '\"\r\n')" >cell.csv
refused "a 10 MB CSV cell" "cell is longer than 65536 bytes; refused" cell.csv
printf 'id,"manifest sha256\r\n' >unclosed.csv
refused "csv: unclosed quote" "unclosed.csv:1:4: quoted field is never closed" unclosed.csv
printf 'not a zip at all' >junk.xlsx
printf 'PK\003\004junk' >junk2.xlsx
refused "not a zip" "not a readable XLSX" junk2.xlsx

# ---- an evidence tree that does not load: every error, nothing done ----
cp -r mm mmbad
printf 'requirement: T.02\nbogus: 1\n' >mmbad/b1.evidence.yaml
printf 'requirement: T.03\nimplemented: { rating: ZZ }\n' >mmbad/b2.evidence.yaml
run_hta --catalog "$MINI" export --format csv -o bad-tree.csv mmbad
eq "broken tree: export exit 2" "$rc" 2
contains "broken tree: the first error" "$err" "b1.evidence.yaml:2:1: unknown key 'bogus'"
contains "broken tree: the second error too" "$err" "b2.evidence.yaml:2"
contains "broken tree: counted" "$err" "2 errors in the evidence; nothing was exported"
[ -f bad-tree.csv ] && bad "broken tree: no file written" "bad-tree.csv exists" || ok "broken tree: no file written"
run_hta --catalog "$MINI" import workbook mm.csv --into mmbad
eq "broken tree: import exit 2" "$rc" 2
contains "broken tree: import names both" "$err" "2 errors in the evidence; nothing was imported"

# ---- usage ----
run_hta --catalog "$CAT" export ev
eq "export without --format: exit 2" "$rc" 2
contains "export without --format: message" "$err" "give --format xlsx or --format csv"
run_hta --catalog "$CAT" import nessus x --into ev
eq "import of an unknown format: exit 2" "$rc" 2
run_hta --catalog "$CAT" import workbook missing.xlsx --into ev
eq "import of a missing file: exit 2" "$rc" 2
contains "import of a missing file: message" "$err" "missing.xlsx: cannot read the workbook"
