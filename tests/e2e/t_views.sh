# Views of the text summary (issue 15): the gaps in statements someone has
# evidenced come before the statements nobody has touched, which are
# summarised per domain; --top, --domain, --owner and --status filter the
# summary of assess and of report alike, and never the stored run or the
# other formats.
mkdir -p ev && cd ev
artifact x.txt
cat > scope.yaml <<'Y'
as_of: 2026-11-01
tier: r2
factors:
  records_held: 20_000_000
  internet_facing: true
Y
# T.01: a real manifest with a gap (implemented MC: a CAP); owner alice.
cat > t01.evidence.yaml <<'Y'
requirement: T.01
owner: Alice@Acme.example
policy: { rating: FC, artifacts: [x.txt], reviewed: 2026-06-01 }
procedure: { rating: FC, artifacts: [x.txt], reviewed: 2026-06-01 }
implemented: { rating: MC, artifacts: [x.txt], tested: 2026-10-01 }
Y
# T.03: a real manifest whose artifact is missing (a finding); owner bob.
cat > t03.evidence.yaml <<'Y'
requirement: T.03
owner: bob@acme.example
policy: { rating: FC, artifacts: [x.txt], reviewed: 2026-06-01 }
implemented: { rating: FC, artifacts: [gone.csv], tested: 2026-10-01 }
Y
# T.04: an init skeleton (claims nothing): unevidenced, like no manifest.
printf 'requirement: T.04\n# owner: someone@example.com\n' > t04.evidence.yaml
# T.05: waived (a gap under a waiver); owner bob.
cat > t05.evidence.yaml <<'Y'
requirement: T.05
owner: bob@acme.example
waiver: { reason: accepted for the pilot, expires: 2027-06-30 }
policy: { rating: PC, artifacts: [x.txt], reviewed: 2026-06-01 }
Y
cd ..
A="--catalog $MINI --db v.db"
run_hta $A ev
eq "assess: exit 1 (domains fail)" "$rc" 1
no_tool_report "assess" "$rc" "$err"
full=$out
last=$(q v.db "select max(id) from runs")

# Unevidenced, as the database shows it: no manifest (no_evidence), or a
# manifest with no owner and every level 0 (the skeleton T.04).
idle=$(q v.db "select group_concat(requirement_id, ' ') from (select requirement_id from requirement_scores where run_id=$last and (status='no_evidence' or (owner is null and score = 0 and requirement_id not in (select requirement_id from findings where run_id=$last and requirement_id is not null))) order by requirement_id)")
eq "the unevidenced statements (database)" "$idle" "T.02 T.04 T.06 T.07"
sec() { printf '%s\n' "$1" | awk -v h="$2" 'index($0, h) == 1 { on = 1; next } on && /^$/ { exit } on'; }
fix=$(sec "$full" "Fix first")
eq "fix first: the evidenced gaps only, in rank order" \
	"$(printf '%s\n' "$fix" | awk '{ print $2 }' | tr '\n' ' ')" \
	"$(q v.db "select group_concat(requirement_id, ' ') from (select requirement_id from gaps where run_id=$last and requirement_id in ('T.01','T.03','T.05') order by rank)") "
contains "fix first: a header with the count" "$full" "Fix first — gaps in evidenced statements (3):"
contains "fix first: the waived gap tagged" "$fix" "[waived]"
# order: evidenced gaps, then findings, then the untouched statements
pos() { printf '%s\n' "$full" | grep -n "^$1" | head -1 | cut -d: -f1; }
[ "$(pos 'Fix first')" -lt "$(pos 'Evidence findings')" ] && [ "$(pos 'Evidence findings')" -lt "$(pos 'Not evidenced yet')" ] &&
	ok "order: gaps, findings, then untouched statements" || bad "order" "$full"
contains "findings: the missing artifact by file and line" "$full" "t03.evidence.yaml:4: artifact-missing"
contains "untouched: the count" "$full" "Not evidenced yet: 4 in-scope statements"
idle_lines=$(sec "$full" "Not evidenced yet" | grep -v "hitrust-assess init")
eq "untouched: one line per domain with its count" "$(printf '%s\n' "$idle_lines" | sed -E 's/^ *([0-9a-z-]+) .* ([0-9]+) of [0-9]+.*/\1:\2/' | tr '\n' ' ')" \
	"$(q v.db "select group_concat(d || ':' || n, ' ') from (select domain d, count(*) n from requirement_scores where run_id=$last and requirement_id in ('T.02','T.04','T.06','T.07') group by domain order by domain)") "
case "$idle_lines" in *T.0*) bad "untouched: summarised, not listed" "$idle_lines" ;; *) ok "untouched: no id listed" ;; esac

# ---- --top ----
run_hta $A --top 1 ev
eq "--top 1: one gap listed" "$(sec "$out" "Fix first" | grep -c '^ *[0-9]*\. ')" 1
contains "--top 1: says how many more" "$out" "... and 2 more"
run_hta report --db v.db --top 20
eq "report --top 20: accepted" "$rc" 0
eq "report --top 20: all three evidenced gaps" "$(sec "$out" "Fix first" | grep -c '^ *[0-9]*\. ')" 3
run_hta report --db v.db --top 0
eq "--top 0: usage error" "$rc" 2
# report renders the same summary as assess (same view, same run)
run_hta report --db v.db
eq "report without a view = the assessment's summary" "$(printf '%s\n' "$out" | sed '/^Report database/d')" "$(printf '%s\n' "$full" | sed '/^Report database/d')"

# ---- --domain ----
run_hta report --db v.db --domain 11
eq "--domain 11: exit 0" "$rc" 0
contains "--domain 11: the view is named" "$out" "View: domain 11"
eq "--domain 11: only domain 11's gaps" "$(sec "$out" "Fix first" | awk '{ print $2 }' | tr '\n' ' ')" "T.01 "
eq "--domain 11: only domain 11 untouched" "$(sec "$out" "Not evidenced yet" | awk '/^  [0-9]/ { print $1 }' | tr '\n' ' ')" "11 "
case "$out" in *t03.evidence.yaml*) bad "--domain 11: findings of domain 12 left out" "$out" ;; *) ok "--domain 11: other findings left out" ;; esac
run_hta report --db v.db --domain 1
contains "--domain 1 means 01" "$out" "View: domain 01"
run_hta report --db v.db --domain 20
eq "--domain 20: usage error" "$rc" 2
contains "--domain 20: message" "$err" "'20' is not a domain (01 to 19)"

# ---- --owner ----
run_hta report --db v.db --owner BOB@acme.example
eq "--owner (case-insensitive): bob's gaps" "$(sec "$out" "Fix first" | awk '{ print $2 }' | sort | tr '\n' ' ')" "T.03 T.05 "
case "$out" in *"Not evidenced yet"*) bad "--owner: untouched statements have no owner" "$out" ;; *) ok "--owner: no untouched statement" ;; esac
contains "--owner: bob's finding" "$out" "t03.evidence.yaml:4: artifact-missing"

# ---- --status ----
run_hta report --db v.db --status waived
eq "--status waived" "$(sec "$out" "Fix first" | awk '{ print $2 }' | tr '\n' ' ')" "T.05 "
run_hta report --db v.db --status cap
eq "--status cap" "$(sec "$out" "Fix first" | awk '{ print $2 }' | sort | tr '\n' ' ')" \
	"$(q v.db "select group_concat(requirement_id, ' ') from (select requirement_id from gaps where run_id=$last and cap_required=1 and waived=0 and requirement_id in ('T.01','T.03') order by requirement_id)") "
run_hta report --db v.db --status no-evidence --top 2
eq "--status no-evidence: listed one by one, up to --top" "$(sec "$out" "Not evidenced yet" | awk '/^  T\./ { print $1 }' | tr '\n' ' ')" "T.02 T.04 "
contains "--status no-evidence: says how many more" "$out" "... and 2 more"
run_hta report --db v.db --status gap,waived --domain 12
eq "--status gap,waived --domain 12" "$(sec "$out" "Fix first" | awk '{ print $2 }' | tr '\n' ' ')" "T.03 "
run_hta report --db v.db --status bogus
eq "--status bogus: usage error" "$rc" 2
contains "--status bogus: names the statuses" "$err" "unknown status 'bogus' (gap, cap, blocker, waived, no-evidence)"

# ---- views shape the text summary only ----
run_hta report --db v.db --format json --domain 11
eq "report --format json --domain: refused" "$rc" 2
contains "report --format json --domain: why" "$err" "shape the text summary"
run_hta $A --format json --top 3 ev
eq "assess --format json --top (stdout): refused" "$rc" 2
n=$(q v.db "select count(*) from runs")
run_hta $A --domain 11 --format json -o a.json ev
eq "assess --domain with -o: accepted" "$rc" 1
eq "assess --domain: the run is stored whole" "$(q v.db "select count(*) from requirement_scores where run_id=$((n + 1))")" \
	"$(q v.db "select count(*) from requirement_scores where run_id=$last")"
run_hta report --db v.db --format json
eq "assess --domain -o: the file carries the whole run" "$(cat a.json)" "$out"
