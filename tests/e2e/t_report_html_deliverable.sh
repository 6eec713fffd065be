# The HTML report as a deliverable, in a real browser: the system Chromium
# driven by puppeteer-core (tests/tools; `sh .ci/npm` installs it). On the
# bundled example: the executive summary, the sections, search / filter /
# sort of the gaps table with the visible rows checked, the static report
# without JavaScript, no console error, the PDF's pages; and --summary for
# an r2 tree of about 900 statements prints on at most 12 pages while the
# full report keeps every statement. Skipped, with a "skip" line, when
# node, puppeteer-core or chromium is absent.
CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
HTA_TOOLS=${HTA_TOOLS:-$SRC/tests/tools}
[ -d "$HTA_TOOLS/node_modules/puppeteer-core" ] || HTA_TOOLS=$SRC/../main/tests/tools
if [ -z "$CHROMIUM" ] || ! command -v node >/dev/null || [ ! -d "$HTA_TOOLS/node_modules/puppeteer-core" ]; then
	echo "skip: t_report_html_deliverable.sh needs node, chromium and puppeteer-core (sh .ci/npm)"
	ok "skipped"
else
export HTA_TOOLS CHROMIUM
DRIVE="node $SRC/tests/e2e/html_drive.js"
cp -r "$SRC/docs/examples/acme-health-ai" ev
# A second visit first, so the trend has two points.
run_hta --tier e1 --ai-security --db h.db --as-of 2026-10-01 -q ev
run_hta --tier e1 --ai-security --db h.db --format html -o full.html -q ev
eq "assessed" "$rc" 1
html=$(cat full.html)
contains "exec summary: three numbers" "$html" 'id="glance-failing"'
contains "exec summary: readiness date" "$html" 'id="glance-ready"'
contains "exec summary: inheritance" "$html" 'id="glance-inherit"'
contains "a gap's statement text" "$html" '<p class="stmt">'
contains "what would close it" "$html" '<strong>What would close it:</strong> implemented: '
contains "scope answers" "$html" '<td><code>factors.records_held</code></td>'
contains "trend: a sparkline" "$html" '<svg class="spark"'
contains "timeline: Gantt chart" "$html" '<svg class="gantt" id="gantt"'
contains "gaps by owner" "$html" 'id="by-owner"'
eq "one script, the report's own, allowed by its hash" \
  "$(grep -o '<script[^>]*>' full.html | tr '\n' ' ')|$(grep -c "script-src 'sha256-" full.html)" "<script> |1"

$DRIVE full.html full.pdf >drive.json 2>drive.err
eq "driver ran" "$?" 0
j() { python3 -c "import json,sys; d=json.load(open('drive.json')); print(eval(sys.argv[1]))" "$1"; }
eq "no console error or page error" "$(j 'd["console"] + d["errors"]')" "[]"
eq "tools shown with the script" "$(j 'd["tools_visible"]')" True
eq "every gap row visible at first" "$(j 'd["total"] == d["rows_in_dom"] and d["total"] > 5')" True
eq "search: the typed id alone" "$(j 'd["search"]["ids"] == [d["search"]["typed"]]')" True
contains "search: count shown" "$(j 'd["search"]["count_text"]')" "1 of "
eq "domain filter: exactly that domain's gaps" "$(j 'd["domain"]["all_match"] and d["domain"]["shown"] == d["domain"]["expected"] > 0')" True
eq "status filter: exactly the CAPs" "$(j 'd["status"]["all_cap"] and d["status"]["shown"] == d["status"]["expected"] > 0')" True
eq "owner filter: exactly that owner's gaps" "$(j 'd["owner"]["all_match"] and d["owner"]["shown"] == d["owner"]["expected"] > 0')" True
eq "sort by points lost, both ways" "$(j 'd["sort"]["ascending"] and d["sort"]["descending"] and d["sort"]["rows"] == d["total"]')" True
pages=$(j 'd["pdf_pages"]')
[ "${pages:-0}" -ge 3 ] && ok "pdf printed" || bad "pdf printed" "pages=$pages $(cat drive.err | head -c 300)"
echo "    full report of the example: $pages printed pages"

$DRIVE full.html nojs.pdf nojs >drive.json 2>drive.err
eq "without JavaScript: controls hidden" "$(j 'd["tools_visible"]')" False
eq "without JavaScript: every gap row" "$(j 'd["total"] == d["rows_in_dom"]')" True

# About 900 statements: r2 with most factors at their highest and the AI
# Security add-on, over the example's evidence (most statements without any).
python3 - ev/scope.yaml <<'P'
import re, sys
p = sys.argv[1]; s = open(p).read()
s = s.replace("records_held: 2500000", "records_held: 70000000")
s = s.replace("publicly_positioned: false", "publicly_positioned: true")
s = s.replace("wireless: false", "wireless: true")
open(p, "w").write(s)
P
run_hta --tier r2 --ai-security --db big.db --format html -o big.html -q ev
n=$(q big.db "select count(*) from requirement_scores where run_id = (select max(id) from runs)")
[ "$n" -ge 800 ] && ok "a large tree" || bad "a large tree" "$n statements"
$DRIVE big.html big.pdf nojs,nopdf >drive.json 2>drive.err
eq "full report keeps every statement" "$(j 'd["statements_rows"]')" "$n"
run_hta report --db big.db --format html --summary -o small.html
eq "summary written" "$rc" 0
$DRIVE small.html small.pdf >drive.json 2>drive.err
sp=$(j 'd["pdf_pages"]')
[ "${sp:-99}" -le 12 ] && ok "summary: at most 12 pages" || bad "summary: at most 12 pages" "$sp pages"
eq "summary: no console error" "$(j 'd["console"] + d["errors"]')" "[]"
echo "    r2 tree of $n statements: summary $sp printed pages, full $(wc -c <big.html) bytes"
fi
