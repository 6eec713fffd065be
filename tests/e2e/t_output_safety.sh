# Output safety (docs/robustness.md): hostile ids, owners, reasons, names,
# paths and catalog text reach the database verbatim through bound
# parameters, and every report format escapes them for its consumer.
# The formats are whatever this build offers (the list in its own
# "unknown format" message), so a new renderer is checked as soon as it
# exists.

# The hostile text: markup, quotes, a formula, a Markdown link, a table
# pipe, SQL, a terminal escape, a newline, U+2028; as a YAML double-quoted
# string. Decoded it contains the marker <hta-pwn a="1">.
H='<hta-pwn a=\"1\"><x>&amp;</x> '"'"'\"|`*_[x](javascript:alert(1)) \e[31mred\e[0m\n=cmd|'"'"' /C calc'"'"'!A0;\u2028 ]]></x> --> </script>'"'"'); DROP TABLE runs; --'

# A catalog whose text is hostile too (ids must match [A-Za-z0-9._-]).
cp -r "$MINI" cat
python3 - "$H" <<'P'
import sys
h = sys.argv[1]
def edit(path, old, new):
    text = open(path).read()
    assert old in text, old
    open(path, "w").write(text.replace(old, new, 1))
edit("cat/statements/mini.yaml", "    title: Named accounts\n", '    title: "Named %s"\n' % h)
edit("cat/statements/mini.yaml",
     "    statement: Every interactive login uses an account assigned to one named person.\n",
     '    statement: "Every login %s"\n' % h)
edit("cat/catalog.yaml", '{ id: "11", name: Access Control }', '{ id: "11", name: "Access %s" }' % h)
P
run_hta catalog validate --catalog cat
eq "the hostile catalog is valid" "$rc" 0

mkdir -p ev/docs && cd ev
artifact docs/p.pdf
cat >scope.yaml <<Y
organization: "Org $H"
assessment: "Assessment $H"
as_of: 2026-11-01
tier: r2
factors: { records_held: 70000000, internet_facing: true }
compliance: [hipaa]
ai: { model_types: [generative] }
providers:
  "prov $H": { score: 50 }
Y
cat >t01.evidence.yaml <<Y
requirement: T.01
owner: "$H"
notes: "$H"
implemented: { rating: FC, artifacts: ["docs/p.pdf", "missing $H.pdf"], tested: 2026-10-01 }
Y
cat >t02.evidence.yaml <<Y
requirement: T.02
not_applicable: "N/A $H"
Y
cat >t03.evidence.yaml <<Y
requirement: T.03
owner: "=HYPERLINK(\"http://evil.example\",\"x\")"
waiver: { reason: "Waiver $H", expires: 2027-01-01 }
inherited: { provider: "prov $H", weight: 40 }
implemented: { rating: PC, artifacts: [docs/p.pdf], tested: 2026-10-01 }
Y
# a manifest whose file name is hostile (a newline, markup, quotes)
printf 'requirement: T.04\nowner: "+1-2"\n' >"$(printf 'm <hta-pwn a="1">&\047"\nx').evidence.yaml"
cd ..

A="--catalog cat --ai-security --ai-risk --db out.db"
run_hta $A ev
eq "assessed" "$rc" 1
no_ctl() { printf '%s' "$1" | LC_ALL=C tr -d '\n\t' | LC_ALL=C grep -c '[[:cntrl:]]'; }
eq "text summary on stdout: no control character" "$(no_ctl "$out")" 0

# ---- the database holds the text verbatim --------------------------------
# (bound parameters: the quote, the semicolon and DROP TABLE are just text)
decoded=$(python3 -c 'import sys, yaml; print(yaml.safe_load("v: \"" + sys.argv[1] + "\"")["v"], end="")' "$H")
python3 - "$decoded" <<'P' >db.txt
import sqlite3, sys
h = sys.argv[1]
db = sqlite3.connect("out.db")
one = lambda sql: db.execute(sql).fetchone()[0]
print("owner", one("select owner from requirement_scores where requirement_id='T.01'") == h)
print("na", one("select na_reason from requirement_scores where requirement_id='T.02'") == "N/A " + h)
print("waiver", one("select waiver_reason from requirement_scores where requirement_id='T.03'") == "Waiver " + h)
print("provider", one("select provider from requirement_scores where requirement_id='T.03'") == "prov " + h)
print("organization", one("select organization from runs") == "Org " + h)
print("title", one("select title from requirement_scores where requirement_id='T.01'") == "Named " + h)
print("domain", one("select name from domain_scores where domain='11'") == "Access " + h)
print("finding", any(("'missing " + h + ".pdf'") in m for (m,) in db.execute("select message from findings")))
print("path", one("select count(*) from requirement_scores where manifest = 'm <hta-pwn a=\"1\">&''\"' || char(10) || 'x.evidence.yaml'") == 1)
print("tables", one("select count(*) from sqlite_master where name = 'runs'") == 1)
P
eq "database: every hostile string stored verbatim" "$(tr '\n' ' ' <db.txt)" \
	"owner True na True waiver True provider True organization True title True domain True finding True path True tables True "

# ---- every report format --------------------------------------------------
run_hta --catalog cat --format no-such-format ev
formats=$(printf '%s\n' "$err" | sed -n 's/.*unknown format .no-such-format. (\(.*\)).*/\1/p' | tr -d ',')
[ -n "$formats" ] && ok "format list" || bad "format list" "none in: $err"
for f in $formats; do
	run_hta $A --format "$f" -o "report.$f" ev
	eq "$f: assessed" "$rc" 1
	eq "$f: escaped for its consumer" "$(python3 "$SRC/tests/e2e/check_escaping.py" "$f" "report.$f")" ok
	# the stored run renders the same way
	run_hta report --db out.db --format "$f" -o "stored.$f"
	eq "$f (report --db): escaped for its consumer" \
		"$(python3 "$SRC/tests/e2e/check_escaping.py" "$f" "stored.$f")" ok
done
echo "    formats checked: $formats"

# ---- every SQL statement is prepared with bound parameters ----------------
# A static check of the library: SQL text is a literal or a constant table
# of literals, never assembled from data.
python3 - "$SRC"/src/lib/*.c <<'P' >sql.txt
import re, sys
bad = []
for path in sys.argv[1:]:
    src = open(path).read()
    for name in ("sqlite3_mprintf", "sqlite3_vmprintf", "sqlite3_snprintf"):
        if name + "(" in src:
            bad.append(f"{path}: {name}")
    for m in re.finditer(r"sqlite3_(?:prepare_v[23]|prepare|exec)\s*\(\s*[^,]+,\s*", src):
        arg = src[m.end():m.end() + 200]
        if not re.match(r'("|sql\[|sql\b|schema_v\d\w*\b)', arg):
            bad.append(f"{path}: {arg.splitlines()[0][:60]}")
    for m in re.finditer(r"(?:snprintf|hta_buf_printf|hta_arena_printf)\s*\([^;]*\b(SELECT|INSERT|UPDATE|DELETE)\b", src):
        bad.append(f"{path}: SQL built with a printf")
print("\n".join(bad) if bad else "ok")
P
eq "SQL only from literals" "$(cat sql.txt)" ok
