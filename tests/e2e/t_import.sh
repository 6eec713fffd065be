# hitrust-assess import: real scanner output of every format (read in place
# from ../shared/samples), our own fixtures for what the samples lack (muted
# results, every status value), hostile input, the atomic replace, then an
# assessment of the imported tree checked in the database.
S="$SRC/../shared/samples"
FX="$SRC/tests/fixtures/import"
MAP="$FX/map.csv"

# tree STATE: a listing with content hashes of everything under a directory
tree_state() { (cd "$1" 2>/dev/null && find . -print | sort && find . -type f -exec sha256sum {} + | sort); }

# has NAME NEEDLE — NEEDLE in the last command's stdout, runs of spaces as one
has() { contains "$1" "$(printf '%s' "$out" | tr -s ' ')" "$2"; }

mktree() { # DIR AS_OF
	mkdir -p "$1"
	printf 'organization: Import test\nas_of: %s\ntier: i1\n' "$2" >"$1/scope.yaml"
}

# stmt_col DB ID COL — a requirement_scores column of the newest run
stmt_col() { q "$1" "select $3 from requirement_scores where run_id = (select max(id) from runs) and requirement_id = '$2'"; }

# ---- help ----
run_hta import --help
eq "import --help: exit" "$rc" 0
has "import --help: synopsis" "usage: hitrust-assess import FORMAT FILE... --into DIR"
has "import --help: formats" "prowler-ocsf, prowler-csv, asff, xccdf"
run_hta import nosuch x --into t
eq "unknown format: exit" "$rc" 2
contains "unknown format: message" "$err" "unknown format 'nosuch'"
run_hta import asff "$S/asff/heimdall2__asff_sample.json"
eq "no --into: exit" "$rc" 2
contains "no --into: message" "$err" "--into DIR is required"

# ---- ASFF: Prowler 3.3.0's real 731-finding run, through the shipped mapping ----
mktree asff 2023-06-01
run_hta import asff "$S/asff/defectdojo__asff__prowler-output.asff.json" --into asff
eq "asff: exit" "$rc" 0
has "asff: counts" "731 results: 441 passed, 286 not passed, 4 left out; 101 checks"
has "asff: shipped mapping" "shipped mapping 95"
has "asff: INFOED left out and listed" "prowler-trustedadvisor_errors_and_warnings: 1 (INFOED)"
has "asff: a statement's ratio" "08.01m.1 24/26 92.30 2023-03-18"
has "asff: unmapped listed" "unmapped checks: 6"
m=asff/imports/asff/08.01m.1.evidence.yaml
[ -f "$m" ] && ok "asff: manifest written" || bad "asff: manifest written" "$m missing"
contains "asff: manifest coverage" "$(cat "$m")" "coverage: 92.3"
contains "asff: manifest date" "$(cat "$m")" "tested: 2023-03-18"
contains "asff: manifest names the copy" "$(cat "$m")" "artifacts: [imports/asff/defectdojo__asff__prowler-output.asff.json]"
eq "asff: the copy is byte-identical" \
  "$(sha256sum <asff/imports/asff/defectdojo__asff__prowler-output.asff.json)" \
  "$(sha256sum <"$S/asff/defectdojo__asff__prowler-output.asff.json")"
case "$(cat "$m")" in *"rating"*|*"policy:"*|*"procedure:"*) bad "asff: implemented only" "$(cat "$m")" ;; *) ok "asff: implemented only" ;; esac
run_hta --tier i1 --db asff.db asff
eq "asff: assess exit (domains fail)" "$rc" 1
eq "asff: 92.3% -> 100" "$(stmt_col asff.db 08.01m.1 implemented)" 100.0
eq "asff: 87.36% -> 75" "$(stmt_col asff.db 08.09m.1 implemented)" 75.0
eq "asff: 0/39 -> 0, scored" "$(stmt_col asff.db 12.09aa.1 implemented)|$(stmt_col asff.db 12.09aa.1 status)" "0.0|scored"
eq "asff: unmapped statement has no evidence" "$(stmt_col asff.db 11.01a.1 status)" no_evidence
eq "asff: no finding on the imported claims but out-of-scope (r2) statements" \
  "$(q asff.db "select count(*) from findings where run_id = (select max(id) from runs) and path like 'imports/%' and code != 'out-of-scope'")" 0
eq "asff: an r2-only statement's manifest is out of scope for i1" \
  "$(q asff.db "select code from findings where run_id = (select max(id) from runs) and requirement_id = '06.10j.3'")" out-of-scope
eq "asff: the scan copy is hashed in the run" \
  "$(q asff.db "select count(*) from artifacts where path = 'imports/asff/defectdojo__asff__prowler-output.asff.json'")" 1

# ---- Prowler OCSF: three real files (4.2.1 with a muted finding, 4.5.0, the sample) ----
mktree ocsf 2025-03-01
run_hta import prowler-ocsf "$S"/prowler_ocsf/*.json --into ocsf
eq "ocsf: exit" "$rc" 0
has "ocsf: counts" "3 files, 12 results: 1 passed, 7 not passed, 4 left out; 11 checks"
has "ocsf: the muted FAIL counts as not passed" "11.01c.1 0/3 0.00 2024-06-03"
has "ocsf: epoch seconds give the date" "11.01e.1 0/1 0.00 2025-02-14"
has "ocsf: MANUAL left out" "account_maintain_current_contact_details: 1 (MANUAL) [unmapped]"
has "ocsf: Azure checks unmapped" "aks_cluster_rbac_enabled (1/1 passed)"
run_hta --tier i1 --db ocsf.db ocsf
eq "ocsf: assess exit" "$rc" 1
eq "ocsf: 0/1 -> 0" "$(stmt_col ocsf.db 11.01e.1 implemented)" 0.0

# ---- Prowler CSV: both real files ----
mktree csv 2025-03-01
run_hta import prowler-csv "$S"/prowler_csv/*.csv --into csv
eq "csv: exit" "$rc" 0
has "csv: counts" "2 files, 8 results: 3 passed, 3 not passed, 2 left out; 7 checks"
has "csv: AWS check mapped" "11.01e.1 0/1 0.00 2025-02-14"
run_hta --tier i1 --db csv.db csv
eq "csv: assess" "$(stmt_col csv.db 11.01e.1 status)" scored

# ---- XCCDF: XCCDF 1.2, a bzip2-compressed ARF, a plain ARF; --map ----
mktree xccdf 2018-12-01
cat >xmap.csv <<'M'
xccdf_org.ssgproject.content_rule_service_firewalld_enabled,08.09m.1
xccdf_org.ssgproject.content_rule_set_firewalld_default_zone,08.09m.1
xccdf_org.ssgproject.content_rule_installed_firefox_version_supported,07.10m.2
xccdf_org.ssgproject.content_rule_firefox_preferences-lock_settings_obscure,07.10m.2
xccdf_moc.elpmaxe.www_rule_applicable_fail,06.10h.1
xccdf_moc.elpmaxe.www_rule_applicable_fail,07.10m.2
xccdf_moc.elpmaxe.www_rule_notapplicable,06.10h.1
M
run_hta import xccdf "$S"/xccdf_arf/openscap_parser__xccdf_report.xml \
  "$S"/xccdf_arf/foreman_openscap__arf_report.xml.bz2 "$S"/xccdf_arf/openscap-report__arf_rule_and_cpe_check.xml \
  --into xccdf --map xmap.csv
eq "xccdf: exit" "$rc" 0
has "xccdf: counts (bz2 read)" "3 files, 398 results: 15 passed, 71 not passed, 312 left out"
has "xccdf: pass + fail" "08.09m.1 1/2 50.00 2018-09-20"
has "xccdf: from the .bz2 ARF" "07.10m.2 1/3 33.33 2021-11-30"
has "xccdf: notapplicable left out, zone honoured" "06.10h.1 0/1 0.00 2021-11-30"
[ -f xccdf/imports/xccdf/foreman_openscap__arf_report.xml.bz2 ] && ok "xccdf: .bz2 copied as is" || bad "xccdf: .bz2 copied" missing
contains "xccdf: manifest names both files" "$(cat xccdf/imports/xccdf/07.10m.2.evidence.yaml)" \
  "artifacts: [imports/xccdf/foreman_openscap__arf_report.xml.bz2, imports/xccdf/openscap-report__arf_rule_and_cpe_check.xml]"
run_hta --tier i1 --db xccdf.db xccdf
eq "xccdf: 50% -> 50" "$(stmt_col xccdf.db 08.09m.1 implemented)" 50.0
eq "xccdf: a 2021 result after as_of 2018-12-01 is a finding and counts 0" \
  "$(stmt_col xccdf.db 06.10h.1 implemented)|$(q xccdf.db "select count(*) from findings where run_id = (select max(id) from runs) and requirement_id = '06.10h.1' and path = 'imports/xccdf/06.10h.1.evidence.yaml'")" "0.0|1"

# ---- InSpec: three real files (1.37, 3.0, 4.19), --map and --via-crosswalk ----
mktree inspec 2020-12-01
printf 's3-buckets-no-public-access,08.01m.1\ncis-aws-foundations-1.14,11.01q.2\n' >imap.csv
run_hta import inspec "$S"/inspec_json/*.json --into inspec --map imap.csv
eq "inspec: exit" "$rc" 0
has "inspec: counts" "3 files, 453 results: 406 passed, 34 not passed, 13 left out; 79 checks"
has "inspec: per result, not per control" "08.01m.1 2/3 66.66 2018-11-19"
run_hta --tier i1 --db inspec.db inspec
eq "inspec: 66.66% -> 75 (stale: 2018 for as_of 2020)" "$(stmt_col inspec.db 08.01m.1 implemented)" 0.0
eq "inspec: stale finding" "$(q inspec.db "select code from findings where run_id = (select max(id) from runs) and requirement_id = '08.01m.1'")" stale
run_hta import inspec "$S"/inspec_json/heimdall2__good_nginxresults.json --into inspec --via-crosswalk --dry-run
eq "inspec crosswalk: exit" "$rc" 0
has "inspec crosswalk: r4 tags matched" "crosswalk 40"
has "inspec crosswalk: a CM-6 statement" "10.01d.1 "

# ---- fixtures: every status value, muted results, waivers ----
mktree fx 2026-11-01
run_hta import prowler-ocsf "$FX/ocsf-statuses.json" --into fx --map "$MAP"
eq "fx ocsf: exit" "$rc" 0
has "fx ocsf: PASS+FAIL" "06.10h.1 1/2 50.00 2026-09-21"
has "fx ocsf: a muted FAIL never raises coverage" "06.06h.1 1/3 33.33"
has "fx ocsf: muted/suppressed PASS and muted MANUAL not passed" "07.10m.1 0/4 0.00"
has "fx ocsf: MANUAL only gets no claim" "07.10m.2 0/0 - - skipped: no counted result (1 left out)"
has "fx ocsf: epoch in ms" "12.09aa.1 1/1 100.00 2026-09-22"
has "fx ocsf: no time takes the file's newest" "12.09ab.1 1/1 100.00 2026-09-22"
has "fx ocsf: unknown status not passed" "12.09ac.1 0/1 0.00 2026-09-01"
has "fx ocsf: offset honoured" "12.09ac.2 1/1 100.00 2026-09-21"
[ -f fx/imports/prowler-ocsf/07.10m.2.evidence.yaml ] && bad "fx ocsf: no manifest without a counted result" exists || ok "fx"
run_hta import asff "$FX/asff-statuses.json" --into fx --map "$MAP"
has "fx asff: PASSED only passes; SUPPRESSED not passed" "08.09m.1 1/5 20.00 2026-09-01"
has "fx asff: INFOED, ARCHIVED, no Compliance left out" "fx-asff: 3 (INFOED)"
has "fx asff: prowler- prefix through the shipped mapping" "11.01e.1 1/1 100.00 2026-09-03"
run_hta import xccdf "$FX/xccdf-statuses.xml" --into fx --map "$MAP"
has "fx xccdf: pass, fixed vs fail, error, unknown, other" "06.10h.1 2/6 33.33"
has "fx xccdf: end-time when no @time" "06.06h.1 1/1 100.00 2026-09-05"
has "fx xccdf: 06.10h.1 already claimed by prowler-ocsf" "skipped: imports/prowler-ocsf/06.10h.1.evidence.yaml claims implemented"
run_hta import xccdf "$FX/xccdf11.xml" --into fxb --map "$MAP" --dry-run
has "fx xccdf 1.1" "06.10k.1 1/2 50.00 2026-08-01"
run_hta import inspec "$FX/inspec-waiver.json" --into fxb --map "$MAP" --dry-run
has "fx inspec: skipped under a waiver not passed" "11.01c.1 1/2 50.00"
has "fx inspec: skipped left out" "11.01b.2 1/1 100.00 2026-09-02"
has "fx inspec: error not passed" "11.01e.1 1/3 33.33"
run_hta import prowler-csv "$FX/csv-statuses.csv" --into fxb --map "$MAP" --dry-run
has "fx csv: MUTED True PASS not passed; quoted fields" "10.01r.1 1/3 33.33 2026-09-02"
[ -e fxb ] && bad "dry run writes nothing" "fxb exists" || ok "dry run"
run_hta --tier i1 --db fx.db fx
eq "fx: assess" "$rc" 1
eq "fx: 33.33 -> 50" "$(stmt_col fx.db 06.06h.1 implemented)" 50.0

# ---- re-import replaces the folder atomically; a failed one changes nothing ----
mktree re 2025-03-01
run_hta import prowler-ocsf "$S"/prowler_ocsf/*.json --into re
eq "re: first" "$rc" 0
mkdir -p re/imports/.prowler-ocsf.tmp.999999999 && echo x >re/imports/.prowler-ocsf.tmp.999999999/junk
run_hta import prowler-ocsf "$S/prowler_ocsf/prowler__example_output_aws.ocsf.json" --into re
eq "re: second" "$rc" 0
eq "re: only the second import's files" "$(ls re/imports/prowler-ocsf | tr '\n' ' ')" \
  "11.01e.1.evidence.yaml prowler__example_output_aws.ocsf.json "
[ -e re/imports/.prowler-ocsf.tmp.999999999 ] && bad "re: stale temp folder removed" present || ok "re: stale"
echo 'hand' >re/keep.txt
before=$(tree_state re)
head -c 5000 "$S/prowler_ocsf/prowler__example_output_aws.ocsf.json" >trunc.json
run_hta import prowler-ocsf "$S/prowler_ocsf/prowler__example_output_aws.ocsf.json" trunc.json --into re
eq "re: truncated: exit" "$rc" 2
contains "re: truncated: message" "$err" "trunc.json:"
contains "re: truncated: says so" "$err" "truncated JSON"
eq "re: truncated: nothing changed" "$(tree_state re)" "$before"

# ---- another manifest already claims implemented: skipped and listed ----
mktree hand 2023-06-01
mkdir -p hand/net && echo evidence >hand/net/fw.txt
printf 'requirement: "08.01m.1"\nimplemented: { coverage: 100, artifacts: [net/fw.txt], tested: 2023-05-01 }\n' >hand/net/seg.evidence.yaml
# a hand-written manifest for policy only (and the owner): the import's
# implemented claim sits beside it (several manifests per statement, 8.1)
printf 'requirement: "08.09m.1"\nowner: net@example.org\npolicy: { rating: FC, artifacts: [net/fw.txt], reviewed: 2023-01-01 }\n' >hand/net/fw.evidence.yaml
run_hta import asff "$S/asff/defectdojo__asff__prowler-output.asff.json" --into hand
has "hand: skipped and listed" "skipped: net/seg.evidence.yaml claims implemented"
has "hand: a policy-only manifest does not block the import" "08.09m.1 394/451 87.36 2023-03-18 imports/asff/08.09m.1.evidence.yaml"
[ -f hand/imports/asff/08.01m.1.evidence.yaml ] && bad "hand: not written" exists || ok "hand"
eq "hand: the hand-written file untouched" "$(cat hand/net/seg.evidence.yaml | head -1)" 'requirement: "08.01m.1"'
run_hta --tier i1 --db hand.db hand
eq "hand: the tree still loads" "$rc" 1
eq "hand: hand-written claim scored" "$(stmt_col hand.db 08.01m.1 implemented)" 100.0
eq "hand: both manifests of 08.09m.1 load; the imported level scores" "$(stmt_col hand.db 08.09m.1 implemented)" 75.0

# ---- bad input: exit 2, one message, nothing under DIR changed ----
mktree bad 2026-11-01
before=$(tree_state bad)
bad_import() { # NAME WANT FORMAT FILE [ARGS]
	name=$1 want=$2; shift 2
	run_hta import "$@" --into bad
	eq "$name: exit" "$rc" 2
	contains "$name: message" "$err" "$want"
	eq "$name: one line" "$(printf '%s\n' "$err" | wc -l | tr -d ' ')" 1
	eq "$name: nothing changed" "$(tree_state bad)" "$before"
}
bad_import "wrong format" "looks like AWS Security Hub ASFF JSON, not prowler-ocsf: try 'import asff'" \
  prowler-ocsf "$S/asff/heimdall2__asff_sample.json"
bad_import "kube-bench" "looks like kube-bench JSON" asff "$S/kube_bench/defectdojo__kube-bench-controls.json"
bad_import "XML to a JSON importer" "looks like XCCDF/ARF XML" inspec "$S/xccdf_arf/openscap-report__arf_rule_and_cpe_check.xml"
head -c 20000 "$S/xccdf_arf/openscap-report__arf_rule_and_cpe_check.xml" >trunc.xml
bad_import "truncated XML" "trunc.xml:" xccdf trunc.xml
cat >laughs.xml <<'X'
<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<TestResult xmlns="http://checklists.nist.gov/xccdf/1.2"><rule-result idref="a"><result>&lol3;</result></rule-result></TestResult>
X
bad_import "billion laughs" "laughs.xml:" xccdf laughs.xml
contains "billion laughs: entities refused" "$err" "entit"
cat >xxe.xml <<'X'
<?xml version="1.0"?>
<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<TestResult xmlns="http://checklists.nist.gov/xccdf/1.2" end-time="2026-01-01T00:00:00"><rule-result idref="a"><result>&x;</result></rule-result></TestResult>
X
bad_import "external entity" "DOCTYPE declaration is refused" xccdf xxe.xml
printf '<?xml version="1.0" encoding="ISO-2022-JP"?>\n<TestResult xmlns="http://checklists.nist.gov/xccdf/1.2">\033$B\377\376\000\000</TestResult>' >enc.xml
bad_import "XML in an encoding its bytes do not follow (libxml2 prints nothing)" "enc.xml: malformed XML" xccdf enc.xml
awk 'BEGIN { printf "["; for (i = 0; i < 200; i++) printf "{\"a\": "; }' >deep.json
bad_import "deep nesting" "nesting deeper than 64 levels" prowler-ocsf deep.json
awk 'BEGIN { printf "[{\"metadata\": {\"event_code\": \""; for (i = 0; i < 10485760 / 64; i++) printf "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"; printf "\"}}]"; }' >big.json
bad_import "10 MB string" "longer than 1048576 bytes" prowler-ocsf big.json
awk 'BEGIN { printf "[{\"metadata\": {\"event_code\": \""; for (i = 0; i < 10485760 / 64; i++) printf "\\\"\\\"\\\"\\\"\\\"\\\"\\\"\\\"\\\"\\\"\\\"\\\"\\\"\\\"\\\"\\\"\\\"\\\"\\\"\\\"\\\"\\\"\\\"\\\"\\\"\\\"\\\"\\\"\\\"\\\"\\\"\\\""; printf "\"}}]"; }' >bigq.json
bad_import "10 MB string of escaped quotes" "longer than 1048576 bytes" prowler-ocsf bigq.json
printf '[{"metadata": {"event_code": "a\377b"}, "status_code": "PASS", "time": 1790000000}]' >utf.json
bad_import "invalid UTF-8 (JSON)" "utf.json:1:" prowler-ocsf utf.json
printf 'CHECK_ID;STATUS;TIMESTAMP\nab\377;PASS;2026-01-01 00:00:00\n' >utf.csv
bad_import "invalid UTF-8 (CSV)" "utf.csv:2:3: not valid UTF-8" prowler-csv utf.csv
printf 'CHECK_ID;STATUS;TIMESTAMP\n"ab"c;PASS;2026-01-01 00:00:00\n' >afterq.csv
bad_import "text after a closing quote (CSV)" "afterq.csv:2:5: text after a closing quote" prowler-csv afterq.csv
printf 'CHECK_ID;STATUS;TIMESTAMP\nfx_pass_fail;"PASS;2026-01-01 00:00:00\n' >openq.csv
bad_import "unclosed quote (CSV)" "openq.csv:2:14: quoted field is never closed" prowler-csv openq.csv
printf 'CHECK_ID;STATUS;TIMESTAMP\nfx_pass_fail;PASS\n' >short.csv
bad_import "short row (CSV)" "short.csv:2:1: row has 2 fields, the header 3" prowler-csv short.csv
printf 'CHECK_ID;STATUS;TIMESTAMP\nfx_pass_fail;PASS;soon\n' >badts.csv
bad_import "bad TIMESTAMP (CSV): at its field" "badts.csv:2:19: row 1: unparseable TIMESTAMP 'soon'" prowler-csv badts.csv
# --map is read as CSV too: a comment, a quoted id, and every bad line reported
printf '# ours\ncheck_id,requirement\n"fx_pass_fail",06.10h.1\nfx_ms,99.99z.9\nfx_a,06.10h.1,extra\nfx_b,"99.99z.8"\n' >badmap2.csv
run_hta import prowler-ocsf "$FX/ocsf-statuses.json" --map badmap2.csv --into bad
eq "--map every bad line: exit" "$rc" 2
contains "--map every bad line: line 4" "$err" "badmap2.csv:4:7: unknown statement '99.99z.9'"
contains "--map every bad line: line 5" "$err" "badmap2.csv:5:1: expected 'check_id,requirement'"
contains "--map every bad line: line 6" "$err" "badmap2.csv:6:6: unknown statement '99.99z.8'"
eq "--map every bad line: nothing changed" "$(tree_state bad)" "$before"
printf '[{"metadata": {"event_code": "a"}, "status_code": "PASS", "time": 4102444800}]' >future.json
bad_import "future time" "result time 2100-01-01 is in the future" prowler-ocsf future.json
printf '{"Findings": [{"GeneratorId": "a", "Compliance": {"Status": "PASSED"}, "UpdatedAt": "yesterday"}]}' >when.json
bad_import "unparseable time" "finding 1: unparseable UpdatedAt 'yesterday'" asff when.json
printf '[{"metadata": {"event_code": "a"}, "status_code": "PASS"}]' >notime.json
bad_import "no time at all" "no result in the file has a time" prowler-ocsf notime.json
printf 'check_id,requirement\nfx_pass_fail,06.10h.1\nfx_ms,99.99z.9\n' >badmap.csv
bad_import "--map unknown statement" "badmap.csv:3:7: unknown statement '99.99z.9'" \
  prowler-ocsf "$FX/ocsf-statuses.json" --map badmap.csv
bad_import "--map missing" "cannot read 'nomap.csv'" prowler-ocsf "$FX/ocsf-statuses.json" --map nomap.csv
printf '[{"metadata": {"event_code": "a"}, "status_code": "PASS", "time": 1790000000}] []' >two.json
bad_import "two JSON documents" "two.json:1:" prowler-ocsf two.json
printf '{"findings": {"a": 1}}' >notlist.json
bad_import "ASFF findings not a list" "'findings' is not a list of findings" asff notlist.json
run_hta import prowler-ocsf trunc.json "$FX/ocsf-statuses.json" future.json --into bad
eq "every error of the run: one line per bad file" "$(printf '%s\n' "$err" | wc -l | tr -d ' ')" 2
eq "every error: nothing changed" "$(tree_state bad)" "$before"

# A file given twice (the same path, or a link to it) would count each of
# its results twice: refused, naming the first.
ln -s "$S/asff/defectdojo__asff__prowler-output.asff.json" again.json
bad_import "the same file twice" \
  "again.json: the same file as '$S/asff/defectdojo__asff__prowler-output.asff.json', given twice" \
  asff "$S/asff/defectdojo__asff__prowler-output.asff.json" again.json
bad_import "the same path twice" "given twice" asff "$FX/asff-statuses.json" "$FX/asff-statuses.json"
