# `catalog validate` lists every error of a catalog (issue 13, the project
# rule "every such error of the run"): inside one statement, across the
# statements of a file, across files (duplicate ids), and in catalog.yaml;
# FILE:LINE:COL each, exit 2, capped at 50 and a count. The fixture's
# README lists the errors it holds.
F="$SRC/tests/fixtures/catalog-errors"
cp -r "$F" cat
run_hta --catalog cat catalog validate
eq "validate: exit 2" "$rc" 2
eq "validate: every error of the fixture, in file order, then across files" "$err" \
"hitrust-assess: cat/statements/a-access.yaml:4:14: unknown control reference '99.z'
hitrust-assess: cat/statements/a-access.yaml:8:13: effort must be between 1 and 5, not 9
hitrust-assess: cat/statements/a-access.yaml:14:12: tiers must nest (e1 within i1 within r2): [e1, i1, r2], [i1, r2] or [r2]
hitrust-assess: cat/statements/a-access.yaml:29:12: unknown factor 'internet_exposed' in condition
hitrust-assess: cat/statements/a-access.yaml:31:18: statement 'E.04' is the customer's own oversight (oversight: true): a provider cannot carry it, so inheritable must be 0
hitrust-assess: cat/statements/b-logging.yaml:17:37: nist_800_171: '3.3.10' is not a NIST SP 800-171 r2 requirement id such as 3.5.3 (3.1.1 .. 3.14.7)
hitrust-assess: cat/statements/b-logging.yaml:17:55: gdpr: '100' is not a GDPR article such as 32 or 33(1) or 32(1)(a)
hitrust-assess: cat/statements/b-logging.yaml:21:5: unknown key 'owner' in statement
hitrust-assess: cat/statements/b-logging.yaml:19:13: unknown domain '20' (\"01\"..\"19\")
hitrust-assess: cat/statements/c-broken.yaml:4:1: found unexpected end of stream while scanning a quoted scalar (from line 3)
hitrust-assess: cat/statements/b-logging.yaml:2:5: duplicate statement id 'E.03' (first in cat/statements/a-access.yaml:16:5)
hitrust-assess: 11 errors in the catalog cat"
eq "validate: nothing on stdout" "$out" ""

# Mending one error removes exactly its line.
sed -i 's/effort: 9/effort: 3/' cat/statements/a-access.yaml
run_hta --catalog cat catalog validate
eq "one mended: 10 errors" "$(printf '%s\n' "$err" | tail -n 1)" "hitrust-assess: 10 errors in the catalog cat"
contains "one mended: the other error of E.01 stays" "$err" "a-access.yaml:4:14: unknown control reference '99.z'"
case "$err" in *"not 9"*) bad "one mended: its line is gone" "$err" ;; *) ok x ;; esac

# Every command that loads a catalog lists them the same way; assess
# writes nothing.
mkdir ev
run_hta --catalog cat --tier e1 --db r.db ev
eq "assess: exit 2" "$rc" 2
eq "assess: the same list" "$(printf '%s\n' "$err" | grep -c '^hitrust-assess: cat/')" 10
eq "assess: no database" "$(test -e r.db && echo yes || echo no)" no
run_hta catalog list --catalog cat
eq "list: exit 2 with the list" "$rc $(printf '%s\n' "$err" | tail -n 1)" "2 hitrust-assess: 10 errors in the catalog cat"

# catalog.yaml: one error per part (settings, factors ...); the statements
# are not checked against factors that could not be read.
cp -r "$MINI" top
sed -i -e 's/cap_below: 71/cap_below: 700/' -e 's/type: boolean/type: bool/' top/catalog.yaml
run_hta --catalog top catalog validate
eq "catalog.yaml: exit 2" "$rc" 2
contains "catalog.yaml: the setting" "$err" "top/catalog.yaml:9:14: cap_below must be between 0 and 101, not 700"
contains "catalog.yaml: the factor" "$err" "top/catalog.yaml:35:"
contains "catalog.yaml: the factor's message" "$err" "factor type must be integer or boolean, not 'bool'"
eq "catalog.yaml: two errors, no consequence in the statements" "$(printf '%s\n' "$err" | tail -n 1)" \
  "hitrust-assess: 2 errors in the catalog top"

# One error: one line, as before.
cp -r "$MINI" one
sed -i 's/effort: 4/effort: 6/' one/statements/mini.yaml
run_hta --catalog one catalog validate
eq "one error: one line" "$rc $(printf '%s\n' "$err" | wc -l | tr -d ' ')" "2 1"
contains "one error: FILE:LINE:COL" "$err" "one/statements/mini.yaml:"

# Many errors: the first 50, then a count of the rest and of all.
cp -r "$MINI" many
python3 - many/statements <<'P'
import sys
with open(sys.argv[1] + "/many.yaml", "w") as f:
    f.write("statements:\n")
    for i in range(60):
        f.write(f"  - id: M.{i:02d}\n    domain: \"11\"\n    control: \"01.q\"\n"
                f"    title: Statement {i}\n    statement: Text number {i} of the many.\n"
                f"    tiers: [r2]\n    effort: 0\n")
P
run_hta --catalog many catalog validate
eq "many: exit 2" "$rc" 2
eq "many: 50 listed" "$(printf '%s\n' "$err" | grep -c 'many.yaml:.*effort must be between 1 and 5, not 0')" 50
contains "many: the rest counted" "$err" "hitrust-assess: ... and 10 more errors"
eq "many: the total" "$(printf '%s\n' "$err" | tail -n 1)" "hitrust-assess: 60 errors in the catalog many"

# An empty catalog.yaml (no document at all) or a statements file holding
# only a comment: one error each, no crash (the fuzz replay found the
# empty root).
cp -r "$MINI" empty
: >empty/catalog.yaml
run_hta --catalog empty catalog validate
eq "empty catalog.yaml: exit 2, one line" "$rc $(printf '%s\n' "$err" | wc -l | tr -d ' ')" "2 1"
contains "empty catalog.yaml: named" "$err" "empty/catalog.yaml"
cp -r "$MINI" cmt
printf '# nothing here\n' >cmt/statements/z-empty.yaml
run_hta --catalog cmt catalog validate
eq "comment-only statements file: exit 2, one line" "$rc $(printf '%s\n' "$err" | wc -l | tr -d ' ')" "2 1"
contains "comment-only statements file: named" "$err" "cmt/statements/z-empty.yaml"

# catalog.yaml with six errors across its parts, two in the controls list:
# every one listed, in file order; the statements are not checked.
cp -r "$SRC/tests/fixtures/catalog-errors-top" top6
run_hta --catalog top6 catalog validate
eq "catalog.yaml errors: every one, in order" "$err" \
"hitrust-assess: top6/catalog.yaml:8:12: weights must add up to 100, not 101
hitrust-assess: top6/catalog.yaml:9:14: cap_below must be between 0 and 101, not -1
hitrust-assess: top6/catalog.yaml:14:3: domain 05 is missing (01..19 are required)
hitrust-assess: top6/catalog.yaml:34:36: factor type must be integer or boolean, not 'bool'
hitrust-assess: top6/catalog.yaml:38:19: unknown key 'titel' in control
hitrust-assess: top6/catalog.yaml:41:11: '01.q' is defined twice
hitrust-assess: 6 errors in the catalog top6"
eq "catalog.yaml errors: exit 2" "$rc" 2

# The header and the compliance list: every error of each, not the first.
cp -r "$SRC/tests/fixtures/catalog-mini" hdr
python3 - hdr/catalog.yaml <<'PY'
import sys
p = sys.argv[1]
s = open(p).read()
s = s.replace('  name: test mini catalog\n  version: "test-1"\n',
              '  nmae: test mini catalog\n')
s = s.replace('  - { name: hipaa, title: HIPAA Security Rule }\n',
              '  - { name: hipaa, title: HIPAA Security Rule }\n'
              '  - { name: pci, title: PCI DSS, map: pci }\n'
              '  - { name: "PCI DSS", title: PCI DSS }\n'
              '  - { name: gdpr }\n'
              '  - { name: hipaa, title: HIPAA again }\n'
              '  - { name: state, title: State law, map: state_law }\n')
open(p, 'w').write(s)
PY
run_hta --catalog hdr catalog validate
eq "header and compliance errors: every one, in order" "$err" \
"hitrust-assess: hdr/catalog.yaml:4:3: unknown key 'nmae' in catalog
hitrust-assess: hdr/catalog.yaml:4:3: missing 'name' (catalog name)
hitrust-assess: hdr/catalog.yaml:4:3: missing 'version' (catalog version)
hitrust-assess: hdr/catalog.yaml:37:39: unknown map key 'pci' (hipaa, nist_800_53, nist_csf, ai_rmf, owasp_llm, pci_dss, nist_800_171, gdpr, fedramp, state_law)
hitrust-assess: hdr/catalog.yaml:38:13: compliance name 'PCI DSS' must be [a-z0-9_-]+
hitrust-assess: hdr/catalog.yaml:39:5: missing 'title' (title)
hitrust-assess: hdr/catalog.yaml:40:13: 'hipaa' is defined twice
hitrust-assess: 7 errors in the catalog hdr"
eq "header and compliance errors: exit 2" "$rc" 2
eq "header and compliance errors: nothing on stdout" "$out" ""
