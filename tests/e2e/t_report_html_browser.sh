# The HTML report in a real browser (Debian's chromium, headless): the page
# renders (a screenshot that is not blank, with the verdict badge's red in
# it), and the DOM the browser builds holds the verdict and the SVG chart
# with a bar per scored domain. Skipped, with a "skip" line, only when
# chromium is not installed (apt-get install chromium).
CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$CHROMIUM" ]; then
	echo "skip: t_report_html_browser.sh needs chromium (apt-get install chromium)"
	ok "skipped: no chromium"
else
	PROBE="python3 $SRC/tests/e2e/report_probe.py"
	mkdir -p ev/docs && artifact ev/docs/p.pdf
	cat > ev/scope.yaml <<'Y'
organization: "Browser <b>Test</b> Co"
assessment: Chromium check
as_of: 2026-11-01
tier: r2
factors:
  records_held: 20_000_000
  internet_facing: false
Y
	cat > ev/t01.evidence.yaml <<'Y'
requirement: T.01
owner: "<script>document.title='pwned'</script>"
policy: { rating: FC, artifacts: [docs/p.pdf], reviewed: 2026-01-01 }
implemented: { rating: FC, artifacts: [docs/p.pdf], tested: 2026-10-01 }
Y
	run_hta --catalog "$MINI" --db r.db --format html -o report.html -q ev
	eq "assess exit 1" "$rc" 1

	# chromium FLAGS... — headless, no network, no profile left behind
	chrome() {
		prof=$(mktemp -d)
		timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu \
			--disable-background-networking --disable-component-update --disable-sync \
			--no-first-run --user-data-dir="$prof" "$@" 2>"$W/chrome.err"
		crc=$?
		rm -rf "$prof"
		return $crc
	}
	chrome --screenshot="$W/shot.png" --window-size=1200,1600 "file://$W/report.html" >/dev/null
	eq "screenshot taken" "$?" 0
	if [ -s shot.png ]; then
		s=$($PROBE png shot.png b3261e)
		contains "screenshot size" "$s" "size=1200x1600"
		colours=$(printf '%s\n' "$s" | sed -n 's/^colours=//p')
		nonwhite=$(printf '%s\n' "$s" | sed -n 's/^nonwhite_permille=//p')
		red=$(printf '%s\n' "$s" | sed -n 's/^near=//p')
		[ "${colours:-0}" -ge 50 ] && ok "not blank: many colours" || bad "not blank: many colours" "$s"
		[ "${nonwhite:-0}" -ge 20 ] && ok "not blank: ink on the page" || bad "not blank: ink on the page" "$s"
		# The FAIL badge (about 230x55 px) and three failing bars are this red.
		[ "${red:-0}" -ge 5000 ] && ok "verdict badge and failing bars drawn" || bad "verdict badge and failing bars drawn" "$s"
	else
		bad "screenshot file" "no PNG written: $(head -c 300 "$W/chrome.err")"
	fi

	dom=$(chrome --dump-dom "file://$W/report.html")
	contains "dom: verdict" "$dom" '<div class="verdict fail" id="verdict">Verdict: FAIL</div>'
	contains "dom: svg chart" "$dom" '<svg class="chart" id="score-chart"'
	eq "dom: a bar per scored domain" "$(printf '%s' "$dom" | grep -o '<g class="bar fail"><text' | wc -l | tr -d ' ')" 3
	eq "dom: three bar rectangles" "$(printf '%s' "$dom" | grep -o '<rect x="312" ' | wc -l | tr -d ' ')" 3
	contains "dom: title untouched by the hostile owner" "$dom" "<title>HITRUST r2 readiness: FAIL — Browser &lt;b&gt;Test&lt;/b&gt; Co</title>"
	eq "dom: only the report's own script" "$(printf '%s' "$dom" | grep -o '<script[^>]*>' | tr '\n' ' ')" "<script> "
	contains "dom: owner shown as text" "$dom" "&lt;script&gt;document.title='pwned'&lt;/script&gt;"
fi
