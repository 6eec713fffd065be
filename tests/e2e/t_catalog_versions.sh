# Catalog versions (product.md 8.6): runs store the catalog's version and a
# SHA-256 digest of its files; `catalog diff` lists exactly the changes
# between two catalogs (the fixture pair tests/fixtures/catalog-diff, whose
# README lists the edits); `diff` between runs made with different catalogs
# names the statements whose text changed; a schema 3 database is upgraded.
A="$SRC/tests/fixtures/catalog-diff/a"
B="$SRC/tests/fixtures/catalog-diff/b"

# ---- catalog diff, JSON: exactly the fixture's edits ----
run_hta catalog diff "$A" "$B" --format json
eq "catalog diff exits 0" "$rc" 0
printf '%s' "$out" >d.json
eq "catalog diff: exactly the edits made" "$(python3 - <<'P'
import json
d = json.load(open("d.json"))
print(sorted(s["id"] for s in d["added"]), sorted(s["id"] for s in d["removed"]))
for c in d["changed"]:
    print(c["id"], c["fields"], json.dumps(c["from"], sort_keys=True), json.dumps(c["to"], sort_keys=True))
for s in d["settings"]:
    print(s["setting"], s["from"], s["to"])
print(d["counts"], d["from"]["version"], d["to"]["version"], d["from"]["digest"] != d["to"]["digest"])
P
)" "['T.09'] ['T.05']
T.01 ['text'] {\"statement\": \"Every interactive login uses an account assigned to one named person.\"} {\"statement\": \"Every interactive login uses an account assigned to exactly one named person.\"}
T.02 ['inheritable', 'effort'] {\"effort\": 3, \"inheritable\": 50} {\"effort\": 4, \"inheritable\": 20}
T.03 ['maps'] {\"maps\": {}} {\"maps\": {\"nist_800_53\": [\"AU-11\"]}}
T.04 ['tiers'] {\"tiers\": [\"i1\", \"r2\"]} {\"tiers\": [\"r2\"]}
T.06 ['factors'] {\"requires\": [], \"when\": [\"internet_facing\"]} {\"requires\": [], \"when\": [\"internet_facing\", \"records_held>=2\"]}
version test-1 test-2
thresholds.r2 62 65
{'added': 1, 'removed': 1, 'changed': 5, 'settings': 2} test-1 test-2 True"

# Text: one line per statement, the fields named, a count line.
run_hta catalog diff "$A" "$B"
contains "text: removed" "$out" "removed  T.05"
contains "text: added" "$out" "added    T.09"
contains "text: changed fields" "$out" "changed  T.02           inheritable, effort: Access policy"
contains "text: setting" "$out" "setting  thresholds.r2: 62 -> 65"
contains "text: counts" "$out" "1 added, 1 removed, 5 changed, 2 settings changed"

# A catalog against itself, and against a copy elsewhere: nothing; same digest.
cp -r "$A" copy
run_hta catalog diff "$A" copy --format json
eq "a copy: nothing differs, same digest" \
  "$(printf '%s' "$out" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["counts"], d["from"]["digest"] == d["to"]["digest"], len(d["from"]["digest"]))')" \
  "{'added': 0, 'removed': 0, 'changed': 0, 'settings': 0} True 64"
# Any byte of any file changes the digest, even a comment; the diff stays empty.
printf '# a comment\n' >>copy/statements/mini.yaml
run_hta catalog diff "$A" copy --format json
eq "a comment: digest differs, no statement does" \
  "$(printf '%s' "$out" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["counts"]["changed"], d["from"]["digest"] != d["to"]["digest"])')" "0 True"
run_hta catalog stats --catalog "$A" --format json
eq "stats shows the digest" \
  "$(printf '%s' "$out" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["digest"]))')" 64

# Usage and bad input.
run_hta catalog diff "$A"
eq "one directory: usage error" "$rc" 2
run_hta catalog diff "$A" "$B" --tier e1
eq "diff with --tier: usage error" "$rc" 2
mkdir -p broken && cp -r "$B"/* broken/ && sed -i 's/effort: 4/effort: 9/' broken/statements/mini.yaml
run_hta catalog diff "$A" broken
eq "an invalid catalog: exit 2" "$rc" 2
contains "names file and line" "$err" "broken/statements/mini.yaml:"

# ---- runs record the catalog; diff across catalogs names changed text ----
mkdir -p ev && cd ev
artifact exports/a.csv
printf 'as_of: 2026-11-01\n' >scope.yaml
for t in T.01 T.02 T.03; do
	printf 'requirement: %s\nimplemented: { rating: FC, artifacts: [exports/a.csv], tested: 2026-10-01 }\n' "$t" >"$t.evidence.yaml"
done
cd ..
run_hta --catalog "$A" --tier e1 --db r.db ev
eq "run with catalog a" "$rc" 0
run_hta catalog stats --catalog "$A" --format json
digest_a=$(printf '%s' "$out" | python3 -c 'import json,sys; print(json.load(sys.stdin)["digest"])')
# The digest is the documented construction (docs/catalog-format.md).
eq "digest: SHA-256 over path, NUL, size, NUL, bytes of each file" "$(python3 - "$A" <<'P'
import hashlib, os, sys
d = sys.argv[1]
h = hashlib.sha256()
for rel in ["catalog.yaml"] + ["statements/" + n for n in sorted(os.listdir(d + "/statements")) if n.endswith((".yaml", ".yml"))]:
    b = open(os.path.join(d, rel), "rb").read()
    h.update(rel.encode() + b"\0" + str(len(b)).encode() + b"\0" + b)
print(h.hexdigest())
P
)" "$digest_a"
eq "runs store the catalog's version and digest" "$(q r.db "select catalog_version, catalog_digest from runs")" "test-1|$digest_a"
eq "schema version 4" "$(q r.db "pragma user_version")" 4
run_hta --catalog "$A" --tier e1 --db r.db ev
run_hta diff --db r.db
eq "same catalog: diff says nothing about it" "$rc|$(printf '%s' "$out" | grep -c 'catalog changed')" "0|0"
run_hta --catalog "$B" --tier e1 --db r.db ev
run_hta diff --db r.db
contains "diff: catalog changed, versions named" "$out" "catalog changed: test-1 ("
contains "diff: the statement whose text changed" "$out" "text changed T.01"
eq "diff: only T.01's text changed" "$(printf '%s' "$out" | grep -c '^  text changed')" 1
run_hta diff --db r.db --format json
eq "diff JSON: catalog and text_changed" \
  "$(printf '%s' "$out" | python3 -c 'import json,sys; d=json.load(sys.stdin); c=d["catalog"]; print(c["changed"], c["from"]["version"], c["to"]["version"], d["text_changed"])')" \
  "True test-1 test-2 ['T.01']"
run_hta diff --db r.db 1 2 --format json
eq "diff JSON, same catalog: nothing changed" \
  "$(printf '%s' "$out" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["catalog"]["changed"], d["text_changed"])')" "False []"

# ---- a schema 3 database (no catalog_digest) is read, then upgraded ----
cp r.db v2.db
sqlite3 v2.db "alter table runs drop column catalog_digest; pragma user_version = 3"
run_hta report --db v2.db --run 1 --format json
eq "v3: report reads it" "$rc" 0
eq "v3: report leaves it at version 3" "$(q v2.db "pragma user_version")" 3
run_hta diff --db v2.db --format json
eq "v3: diff across catalogs falls back to versions" \
  "$(printf '%s' "$out" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["catalog"]["changed"], d["catalog"]["from"]["digest"], d["text_changed"])')" "True None ['T.01']"
run_hta --catalog "$B" --tier e1 --db v2.db ev
eq "v3: a run upgrades it to version 4" "$rc|$(q v2.db "pragma user_version")" "0|4"
eq "v3: old runs keep no digest, the new one has it" \
  "$(q v2.db "select count(*) from runs where catalog_digest is null")|$(q v2.db "select length(catalog_digest) from runs where id = 4")" "3|64"
