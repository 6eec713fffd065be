# A readiness engagement used end to end, feature after feature, on one
# tree (init, scope answers, imports, the workbook, several manifests per
# statement, assess, report): regressions for what broke when the
# features were used together.
CAT="$SRC/controls"

# --- init with add-ons recorded in scope.yaml, then export: the workbook
# has a row for every statement init wrote a skeleton for (the scope's
# addons: count, as they do for init, assess and catalog list --scope).
run_hta --catalog "$CAT" init --tier i1 --ai-security --ai-risk j
eq "init i1 + add-ons: exit 0" "$rc" 0
skel=$(find j -name '*.evidence.yaml' | wc -l | tr -d ' ')
run_hta --catalog "$CAT" catalog list --scope j/scope.yaml
listed=$(printf '%s\n' "$out" | grep -c .)
eq "init wrote what catalog list --scope lists" "$skel" "$listed"
run_hta --catalog "$CAT" export --format csv -o j.csv j
eq "export, add-ons only in scope.yaml: exit 0" "$rc" 0
rows=$(python3 -c "import csv,sys; print(len(list(csv.reader(open(sys.argv[1],newline=''))))-1)" j.csv)
eq "export has a row per init skeleton (scope's addons:)" "$rows" "$skel"
contains "export names the add-ons it covers" "$out" "$skel statements"
run_hta --catalog "$CAT" export --format csv --ai-security -o j2.csv j
rows2=$(python3 -c "import csv,sys; print(len(list(csv.reader(open(sys.argv[1],newline=''))))-1)" j2.csv)
eq "export --ai-security adds to the scope's add-ons, never drops one" "$rows2" "$skel"

# --- scanner evidence through the XLSX workbook. XCCDF rule ids and file
# names hold "_xccdf_" and "_x11_", which read like OOXML's _xHHHH_
# escape: the export must escape their underscore (_x005F_) so that its
# own import, Excel and LibreOffice read the text back as written. An
# unchanged export (and one re-saved by LibreOffice) changes no file.
XC="$SRC/../shared/samples/xccdf_arf/openscap_parser__xccdf_report.xml"
run_hta --catalog "$CAT" init --tier r2 x
run_hta --catalog "$CAT" import xccdf "$XC" --via-crosswalk --into x
eq "xccdf import into an init tree: exit 0" "$rc" 0
# a hand-written claim naming an artifact with "_x11_" in its name
m=$(grep -l '^requirement: "01.00a.1"' -r x | head -1)
artifact x/runbooks/sshd_x11_forwarding.md
printf 'procedure:\n  rating: FC\n  artifacts: [runbooks/sshd_x11_forwarding.md]\n  reviewed: 2026-06-01\n' >>"$m"
run_hta --catalog "$CAT" export --format xlsx -o x.xlsx x
eq "export with imported manifests: exit 0" "$rc" 0
run_hta --catalog "$CAT" import workbook x.xlsx --into x --dry-run
eq "the unchanged XLSX export imports back: exit 0" "$rc" 0
contains "the unchanged XLSX export changes no file" "$out" "0 manifests would be written"
cells=$(python3 - x.xlsx <<'P'
import re, sys, zipfile
x = zipfile.ZipFile(sys.argv[1]).read('xl/sharedStrings.xml').decode()
print(len(re.findall(r'openscap_parser__x005F_xccdf_report\.xml', x)) > 0,
      'openscap_parser__x005Fxccdf' in x, 'sshd_x005F_x11_forwarding.md' in x,
      '_x11_' in x.replace('_x005F_x11_', ''))
P
)
eq "XLSX cells escape '_xccdf_' and '_x11_' as _x005F_" "$cells" "True False True False"
if command -v soffice >/dev/null 2>&1; then
	mkdir lo
	soffice -env:UserInstallation=file://$W/lo-profile --headless --norestore \
		--convert-to xlsx --outdir lo x.xlsx >lo.log 2>&1
	if [ -f lo/x.xlsx ]; then
		run_hta --catalog "$CAT" import workbook lo/x.xlsx --into x --dry-run
		eq "the export re-saved by LibreOffice imports back: exit 0" "$rc" 0
		contains "the export re-saved by LibreOffice changes no file" "$out" "0 manifests would be written"
	else
		bad "LibreOffice conversion" "soffice wrote nothing: $(cat lo.log)"
	fi
else
	echo "skip: t_journey.sh: LibreOffice round trip (no soffice)"
fi

# --- CI: baseline, then gates over changed evidence. diff against a
# baseline file (which keeps two decimals) lists a domain only when its
# score as shown changed, and its JSON gives from/to as shown.
cp -r "$SRC/docs/examples/acme-health-ai" ci
run_hta --catalog "$CAT" --db ci.db --tier i1 -q ci
eq "CI baseline run: exit 1 (domains fail)" "$rc" 1
run_hta report --db ci.db --format baseline -o base.json
eq "report --format baseline: exit 0" "$rc" 0
# fix a gap, break another
sed -i 's/  rating: MC          # the edge/  rating: FC          # the edge/' ci/network/08.09m.1.evidence.yaml
sed -i '/^implemented:/,/^[a-z]/s/  rating: FC/  rating: PC/' ci/governance/01.04a.1.evidence.yaml
run_hta --catalog "$CAT" --db ci.db --tier i1 -q --gate new --baseline base.json ci
eq "--gate new with a new gap: exit 1" "$rc" 1
contains "--gate new names the new gap" "$err" "01.04a.1"
run_hta diff --db ci.db --baseline base.json
eq "diff --baseline: exit 0" "$rc" 0
contains "diff --baseline: the new gap" "$out" "new        01.04a.1"
contains "diff --baseline: the fixed gap" "$out" "fixed      08.09m.1"
same=$(printf '%s\n' "$out" | awk '/^  domain / { if ($(NF-2) == $NF) print $2 }' | tr '\n' ' ')
eq "diff --baseline lists no domain whose score as shown is unchanged" "$same" ""
eq "diff --baseline lists the two domains that changed" \
	"$(printf '%s\n' "$out" | grep -c '^  domain ')" 2
run_hta diff --db ci.db --baseline base.json --format json
long=$(printf '%s' "$out" | python3 -c "
import json, sys
d = json.load(sys.stdin)
print([x['domain'] for x in d['domains'] if x['to'] is not None and round(x['to'], 2) != x['to']])")
eq "diff --format json: domain scores with two decimals" "$long" "[]"

# --- CI log with -q: a failing domains gate says why on standard error,
# as every other failing gate does (a -q job has no text summary).
run_hta --catalog "$CAT" --db ci.db --tier i1 -q --gate domains,caps ci
eq "--gate domains,caps: exit 1" "$rc" 1
contains "-q: the domains gate says which domains fail" "$err" \
	"gate: 19 of 19 scored domains below the 83 threshold (01, 02, 03"
contains "-q: the caps gate says why" "$err" "CAPs (not waived) exceed --max-caps 0"
run_hta --catalog "$CAT" --db ci.db --tier i1 -q --gate new ci
eq "--gate new, unchanged since the last run: exit 0" "$rc" 0
eq "--gate new passing: nothing on standard error" "$err" ""

# --- a baseline of another tier: every gap it does not list is new (the
# contract's rule, kept); the log says why there are so many, and says
# how many new gaps it did not name.
run_hta --catalog "$CAT" --db r2.db --tier r2 -q --gate new --baseline base.json ci
eq "r2 run against an i1 baseline: exit 1" "$rc" 1
contains "another tier's baseline: a note" "$err" \
	"note: baseline base.json was written from an i1 run and this run is r2"
named=$(printf '%s\n' "$err" | grep -c 'new gap since baseline')
total=$(printf '%s\n' "$err" | sed -n 's/.*gate: \([0-9]*\) new gaps.*/\1/p')
more=$(printf '%s\n' "$err" | sed -n 's/.*\.\.\. and \([0-9]*\) more new gaps.*/\1/p')
eq "the new gaps not named are counted" "$((named + ${more:-0}))" "$total"
contains "the count says how to list them" "$err" "more new gaps (hitrust-assess diff --baseline base.json lists them)"
run_hta --catalog "$CAT" --db r2.db --tier i1 -q --gate new --baseline base.json ci
case "$err" in *"note: baseline"*) bad "same tier: no note" "$err" ;; *) ok "same tier: no note" ;; esac

# --- documents.yaml used by several manifests: a finding about a
# document's date or path names documents.yaml and its line, and says
# which statement it is about (otherwise two statements' lines read the
# same in the text summary).
mkdir -p lib/policies
artifact lib/policies/isp.md
cat >lib/documents.yaml <<'Y'
documents:
  - id: isp
    path: policies/isp.md
    reviewed: 2025-01-02
  - id: gone
    path: policies/gone.md
    reviewed: 2026-06-01
Y
for id in 01.00a.1 12.09aa.1; do
	printf 'requirement: %s\npolicy:\n  rating: FC\n  documents: [isp, gone]\n' "$id" >lib/$id.evidence.yaml
done
run_hta --catalog "$CAT" init --tier r2 lib
run_hta --catalog "$CAT" --db lib.db --tier r2 --as-of 2026-11-01 lib
contains "stale document date: for the first statement" "$out" \
	"documents.yaml:4: stale: policy date 2025-01-02 (from the document, for 01.00a.1)"
contains "stale document date: for the second statement" "$out" \
	"documents.yaml:4: stale: policy date 2025-01-02 (from the document, for 12.09aa.1)"
contains "missing document path: which statement" "$out" \
	"documents.yaml:6: artifact-missing: policy document path 'policies/gone.md' does not exist under the evidence root; the level counts 0 (from the document, for 12.09aa.1)"

# --- a key added by hand to a manifest an import wrote (an owner, a
# policy level, a waiver) would be dropped by the next import of that
# format, which replaces its folder: the re-import refuses (exit 2, each
# such file named at the key's line, nothing written) and says where the
# fields belong. An untouched import folder re-imports as before.
OC="$SRC/../shared/samples/asff/defectdojo__asff__prowler-output.asff.json"
run_hta --catalog "$CAT" init --tier i1 im
run_hta --catalog "$CAT" import asff "$OC" --into im
eq "asff import: exit 0" "$rc" 0
run_hta --catalog "$CAT" import asff "$OC" --into im
eq "asff re-import of an untouched folder: exit 0" "$rc" 0
printf 'owner: net@acme.example\npolicy:\n  rating: FC\n' >>im/imports/asff/08.09m.1.evidence.yaml
printf 'waiver:\n  reason: "vendor fix in Q1"\n  expires: 2027-03-31\n' >>im/imports/asff/11.01q.2.evidence.yaml
l1=$(grep -n '^owner:' im/imports/asff/08.09m.1.evidence.yaml | cut -d: -f1)
l2=$(grep -n '^waiver:' im/imports/asff/11.01q.2.evidence.yaml | cut -d: -f1)
before=$(cd im && find . -type f -exec sha256sum {} + | LC_ALL=C sort -k2 | sha256sum)
run_hta --catalog "$CAT" import asff "$OC" --into im
eq "re-import over hand-added keys: exit 2" "$rc" 2
contains "the first file, at its added key" "$err" \
	"imports/asff/08.09m.1.evidence.yaml:$l1:1: 'owner', 'policy' added to a manifest that 'import asff' wrote"
contains "the second file too" "$err" "imports/asff/11.01q.2.evidence.yaml:$l2:1: 'waiver' added"
contains "where the fields belong" "$err" "move it to a manifest of your own"
after=$(cd im && find . -type f -exec sha256sum {} + | LC_ALL=C sort -k2 | sha256sum)
eq "refused re-import: the tree is byte-identical" "$after" "$before"
run_hta --catalog "$CAT" import prowler-csv "$SRC/../shared/samples/prowler_csv/prowler__example_output_aws.csv" --into im
eq "another format's import is not held up by them: exit 0" "$rc" 0

# --- an artifact path holding ';' (a legal file name) survives the
# workbook: the unchanged export (CSV and XLSX) changes no file, while a
# typed "a.csv;b.csv" still gives two artifacts.
run_hta --catalog "$CAT" init --tier i1 sc
artifact 'sc/exports/okta;mfa.csv'
m=$(grep -l '^requirement: "11.01q.1"' -r sc | head -1)
printf 'implemented:\n  coverage: 95\n  artifacts: ["exports/okta;mfa.csv"]\n  tested: 2026-10-01\n' >>"$m"
for f in csv xlsx; do
	run_hta --catalog "$CAT" export --format $f -o sc.$f sc
	run_hta --catalog "$CAT" import workbook sc.$f --into sc --dry-run
	eq "';' in a path: the unchanged $f export imports back: exit 0" "$rc" 0
	contains "';' in a path: the unchanged $f export changes no file" "$out" "0 manifests would be written"
done
python3 - sc.csv sc2.csv <<'P'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline='', encoding='utf-8')))
h = rows[0]
for r in rows[1:]:
    if r[0] == '11.01q.2':
        r[h.index('implemented coverage')] = '50'
        r[h.index('implemented artifacts')] = 'a.csv; b.csv'
        r[h.index('implemented tested')] = '2026-10-01'
csv.writer(open(sys.argv[2], 'w', newline='', encoding='utf-8'), lineterminator='\r\n').writerows(rows)
P
run_hta --catalog "$CAT" import workbook sc2.csv --into sc
eq "typed 'a.csv; b.csv': exit 0" "$rc" 0
m2=$(grep -l '^requirement: "11.01q.2"' -r sc | head -1)
contains "typed 'a.csv; b.csv' gives two artifacts" "$(cat "$m2")" "artifacts: [a.csv, b.csv]"
contains "the ';' path kept whole" "$(cat "$m")" 'exports/okta;mfa.csv'

# --- free text the workbook cells trim (a "notes: |" block's final line
# break, spaces around an owner or an N/A reason) is not a change: the
# unchanged export changes no file; an edit inside the text still does.
run_hta --catalog "$CAT" init --tier i1 tx
artifact tx/e/a.csv
m=$(grep -l '^requirement: "11.01q.1"' -r tx | head -1)
printf 'owner: "  ops@acme.example "\nimplemented:\n  rating: fully\n  artifacts: [e/a.csv]\n  tested: 2026-10-01\nnotes: |\n  line one\n  line two\n' >>"$m"
m2=$(grep -l '^requirement: "11.01q.2"' -r tx | head -1)
printf 'not_applicable: "  no such systems "\n' >>"$m2"
for f in csv xlsx; do
	run_hta --catalog "$CAT" export --format $f -o tx.$f tx
	run_hta --catalog "$CAT" import workbook tx.$f --into tx --dry-run
	contains "trimmed text: the unchanged $f export changes no file" "$out" "0 manifests would be written"
done
python3 - tx.csv tx2.csv <<'P'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline='', encoding='utf-8')))
h = rows[0]
for r in rows[1:]:
    if r[0] == '11.01q.1':
        r[h.index('notes')] = 'line one\nline 2'
csv.writer(open(sys.argv[2], 'w', newline='', encoding='utf-8'), lineterminator='\r\n').writerows(rows)
P
run_hta --catalog "$CAT" import workbook tx2.csv --into tx --dry-run
contains "an edit inside the notes is a change" "$out" "(11.01q.1: notes)"

# --- init after an import: the import's manifests for statements outside
# the scope (a crosswalk import maps to every statement) are counted in
# one line, not listed for deleting (the next import rewrites them).
mkdir -p x/imports/mine
printf 'requirement: "19.13k.3"\n' >x/imports/mine/own.evidence.yaml
run_hta --catalog "$CAT" init x
eq "init again after an xccdf import: exit 0" "$rc" 0
n_listed=$(printf '%s\n' "$out" | grep -c '^  x/imports/xccdf/')
eq "init lists no import manifest for deleting" "$n_listed" 0
contains "a hand manifest in a folder no import owns is listed" "$out" "  x/imports/mine/own.evidence.yaml (19.13k.3)"
rm -r x/imports/mine
"$HTA_BIN" --catalog "$CAT" catalog list --scope x/scope.yaml | awk '{print $1}' >x.ids
n_out=$(for f in x/imports/xccdf/*.evidence.yaml; do
	sed -n 's/^requirement: "*\([^"]*\)"*$/\1/p' "$f"
done | grep -cvxF -f x.ids)
contains "init counts the import's out-of-scope manifests" "$out" "$n_out manifests under x/imports/ are for statements outside this scope"

# --- editing an imported level in the workbook is refused at the cell the
# row changed, and the message says how to change it (the scan or the
# mapping: the import rewrites its own manifests).
run_hta --catalog "$CAT" export --format csv -o im.csv im
python3 - im.csv im2.csv <<'P'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline='', encoding='utf-8')))
h = rows[0]
for r in rows[1:]:
    if r[0] == '08.01m.1':
        r[h.index('implemented coverage')] = '99'
    if r[0] == '08.09m.1':  # its owner was added by hand to the import's manifest
        r[h.index('owner')] = 'other@acme.example'
csv.writer(open(sys.argv[2], 'w', newline='', encoding='utf-8'), lineterminator='\r\n').writerows(rows)
P
run_hta --catalog "$CAT" import workbook im2.csv --into im
eq "workbook edit of an imported level: exit 2" "$rc" 2
contains "the message names the edited cell" "$err" "column AB)"
contains "the message says how to change it" "$err" "change the scan or the mapping (--map) and import again"
contains "an owner in an import's manifest: move it" "$err" "owner of 08.09m.1 comes from imports/asff/08.09m.1.evidence.yaml, an import's manifest, which the workbook does not rewrite; an import writes none: move it to a manifest of your own"

# --- a coverage typed as "85%" in Excel or LibreOffice is kept as 0.85 in
# a percent format: the import reads the percent shown (85), not 0.85 (a
# silent band 0-10, level 0). Built here from our own export: one more
# cell format (built-in 9, "0%") and a coverage cell (95) set to 0.85 in it.
run_hta --catalog "$CAT" export --format xlsx -o pc.xlsx sc
python3 - pc.xlsx pc2.xlsx <<'P'
import re, sys, zipfile
zin = zipfile.ZipFile(sys.argv[1])
parts = {n: zin.read(n) for n in zin.namelist()}
st = parts['xl/styles.xml'].decode()
m = re.search(r'<cellXfs count="(\d+)">(.*?)</cellXfs>', st, re.S)
n = int(m.group(1))
st = st.replace(m.group(0), '<cellXfs count="%d">%s<xf numFmtId="9" fontId="0" fillId="0" '
                'borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>' % (n + 1, m.group(2)))
parts['xl/styles.xml'] = st.encode()
sh = parts['xl/worksheets/sheet1.xml'].decode()
sst = re.findall(r'<si>(.*?)</si>', parts['xl/sharedStrings.xml'].decode(), re.S)
head = re.search(r'<row r="1".*?</row>', sh, re.S).group(0)
col = None
for c in re.finditer(r'<c r="([A-Z]+)1"[^>]*t="s"[^>]*><v>(\d+)</v></c>', head):
    if re.sub('<[^>]+>', '', sst[int(c.group(2))]) == 'implemented coverage':
        col = c.group(1)
for r in re.finditer(r'<row r="(\d+)".*?</row>', sh, re.S):
    if re.search(r'<t[^>]*>11\.01q\.1</t>', ''.join(sst[int(v)] for v in re.findall(r't="s"><v>(\d+)</v>', r.group(0))[:1])):
        row = r.group(1)
        cell = re.search(r'<c r="%s%s"[^>]*>.*?</c>' % (col, row), r.group(0), re.S)
        new = '<c r="%s%s" s="%d"><v>0.85</v></c>' % (col, row, n)
        if cell:
            sh = sh.replace(cell.group(0), new)
        else:
            sys.exit('no coverage cell to replace')
        break
parts['xl/worksheets/sheet1.xml'] = sh.encode()
with zipfile.ZipFile(sys.argv[2], 'w', zipfile.ZIP_DEFLATED) as z:
    for k, v in parts.items():
        z.writestr(k, v)
P
run_hta --catalog "$CAT" import workbook pc2.xlsx --into sc
eq "a percent-formatted coverage cell: exit 0" "$rc" 0
m=$(grep -l '^requirement: "11.01q.1"' -r sc | head -1)
contains "85% reads as coverage 85" "$(cat "$m")" "coverage: 85"
# ... and "85%" typed as text (a CSV) is 85 too
python3 - sc.csv sc3.csv <<'P'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline='', encoding='utf-8')))
h = rows[0]
for r in rows[1:]:
    if r[0] == '11.01q.1':
        r[h.index('implemented coverage')] = '70%'
csv.writer(open(sys.argv[2], 'w', newline='', encoding='utf-8'), lineterminator='\r\n').writerows(rows)
P
run_hta --catalog "$CAT" import workbook sc3.csv --into sc --force
eq "'70%' as CSV text: exit 0" "$rc" 0
contains "'70%' as CSV text reads as coverage 70" "$(cat "$m")" "coverage: 70"

# --- --start before the assessment date is taken as given, with a note:
# the timeline's dates can then fall before as_of (a failing domain
# "passes" on a day already past).
run_hta --catalog "$CAT" --db st.db --tier e1 -q --start 2026-01-01 ci
eq "--start before as_of: still assessed (exit 1, the domains gate)" "$rc" 1
contains "--start before as_of: a note" "$err" \
	"note: --start 2026-01-01 is before the assessment date 2026-11-01"
run_hta --catalog "$CAT" --db st.db --tier e1 -q --start 2026-11-01 ci
case "$err" in *"note: --start"*) bad "--start on as_of: no note" "$err" ;; *) ok "--start on as_of: no note" ;; esac

# --- diff between runs of two tiers (a ladder's e1 and r2 runs) says so:
# the statements of one tier only show as new or fixed.
run_hta --catalog "$CAT" --db lad.db --tier e1,r2 -q ci
first=$(q lad.db "select min(id) from runs"); last=$(q lad.db "select max(id) from runs")
run_hta diff --db lad.db "$first" "$last"
contains "diff across tiers: a note" "$out" "note: run $first is e1 and run $last is r2"
run_hta diff --db lad.db "$first" "$last" --format json
eq "diff --format json: the tiers" \
	"$(printf '%s' "$out" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["tiers"]["from"], d["tiers"]["to"])')" "e1 r2"
run_hta diff --db ci.db
case "$out" in *"note: run"*) bad "diff within a tier: no note" "$out" ;; *) ok "diff within a tier: no note" ;; esac

# --- the workbook CSV as Excel saves it in other locales: ';'-separated
# with a decimal comma ("CSV" where the decimal mark is a comma), or
# tab-separated ("Text"): read as the export's own CSV.
run_hta --catalog "$CAT" export --format csv -o loc.csv sc
python3 - loc.csv loc-semi.csv loc-tab.csv <<'P'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline='', encoding='utf-8')))
csv.writer(open(sys.argv[3], 'w', newline='', encoding='utf-8'), delimiter='\t',
           lineterminator='\r\n').writerows(rows)
h = rows[0]
for r in rows[1:]:
    if r[0] == '11.01q.1':
        r[h.index('implemented coverage')] = '92,5'
csv.writer(open(sys.argv[2], 'w', newline='', encoding='utf-8'), delimiter=';',
           lineterminator='\r\n').writerows(rows)
P
run_hta --catalog "$CAT" import workbook loc-tab.csv --into sc --dry-run
contains "a tab-separated workbook CSV: read, unchanged" "$out" "0 manifests would be written"
run_hta --catalog "$CAT" import workbook loc-semi.csv --into sc
eq "a ';'-separated workbook CSV with a decimal comma: exit 0" "$rc" 0
contains "';' CSV: only the edited statement written" "$out" "1 manifest written"
contains "'92,5' reads as 92.5" "$(cat "$m")" "coverage: 92.5"

# --- a SOC 2 period that ends after the assessment date: its report
# cannot exist yet; the reuse is still listed (advisory), with a note.
cp -r ci soc
sed -i 's/period_end: 2026-09-30/period_end: 2027-09-30/' soc/scope.yaml
run_hta --catalog "$CAT" --db soc.db --tier e1 -q soc
eq "a future SOC 2 period: still assessed (exit 1, the domains gate)" "$rc" 1
contains "a future SOC 2 period: a note" "$err" "note: the SOC 2 period ends 2027-09-30, after the assessment date 2026-11-01"
run_hta --catalog "$CAT" --db soc.db --tier e1 -q ci
case "$err" in *"SOC 2 period"*) bad "a past SOC 2 period: no note" "$err" ;; *) ok "a past SOC 2 period: no note" ;; esac

# --- init with an add-on the scope file does not list (init never
# rewrites scope.yaml): the next step it prints gives the option, and a
# note says so; otherwise the assessment ignores the skeletons it wrote.
run_hta --catalog "$CAT" init --tier i1 ad
run_hta --catalog "$CAT" init --ai-security ad
contains "init --ai-security on an existing tree: a note" "$out" "note: ad/scope.yaml does not say addons: [ai-security]"
contains "init --ai-security: the next step keeps the option" "$out" "  hitrust-assess --ai-security ad"
run_hta --catalog "$CAT" --db ad.db -q --ai-security ad
n_oos=$(q ad.db "select count(*) from findings where code = 'out-of-scope'")
eq "the suggested assessment reads every skeleton init wrote" "$n_oos" 0
run_hta --catalog "$CAT" init --tier i1 ad-plain
case "$out" in *"does not say"*) bad "init on a new tree: no note" "$out" ;; *) ok "init on a new tree: no note" ;; esac
contains "init on a new tree: the plain next step" "$out" "  hitrust-assess ad-plain"
