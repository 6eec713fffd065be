# Input that cannot be read as written: exit 2, a one-line message naming
# file and line, and the report database left byte-identical.
mkdir ev && cd ev
artifact a.txt
cat > scope.yaml <<'Y'
as_of: 2026-11-01
Y
printf 'requirement: T.01\nimplemented: { rating: FC, artifacts: [a.txt], tested: 2026-10-01 }\n' >t01.evidence.yaml
cd ..
run_hta --catalog "$MINI" --tier e1 --db keep.db ev
eq "baseline run" "$rc" 1
eq "baseline run stored" "$(q keep.db "select count(*) from runs")" 1

# each case: write a bad manifest, expect the error, remove it
bad_manifest() { # NAME WANT FILE CONTENT
	printf '%s' "$4" >"ev/$3"
	expect_error "$1" "$2" --catalog "$MINI" --tier e1 ev
	rm -f "ev/$3"
}
bad_manifest "unknown key" "bad.evidence.yaml:2:1: unknown key 'implemnted'" bad.evidence.yaml \
  'requirement: T.02
implemnted: { rating: FC }
'
bad_manifest "impossible date" "bad.evidence.yaml:2:56: tested must be a real date" bad.evidence.yaml \
  'requirement: T.02
implemented: { rating: FC, artifacts: [a.txt], tested: 2026-02-30 }
'
bad_manifest "unknown requirement" "unknown requirement 'T.404'" bad.evidence.yaml 'requirement: T.404
'
# Several manifests may speak for one statement (contract 8.1), but not
# for the same level: the error names both files and lines.
bad_manifest "two manifests claiming one level" "t01.evidence.yaml:2:14: implemented for T.01 is also claimed by bad.evidence.yaml:2" bad.evidence.yaml 'requirement: T.01
implemented: { rating: PC, artifacts: [a.txt], tested: 2026-10-01 }
'
bad_manifest "malformed YAML" "(from line 2)" bad.evidence.yaml 'requirement: T.02
implemented: { rating: FC
'
bad_manifest "malformed JSON" "bad.evidence.json:2:29: invalid JSON" bad.evidence.json '{ "requirement": "T.02",
  "implemented": { "rating" "FC" } }
'
bad_manifest "rating and coverage" "bad.evidence.yaml:2:38: implemented has both rating and coverage" bad.evidence.yaml \
  'requirement: T.02
implemented: { rating: FC, coverage: 50, artifacts: [a.txt], tested: 2026-10-01 }
'
bad_manifest "bad rating" "rating must be FC" bad.evidence.yaml 'requirement: T.02
implemented: { rating: great, artifacts: [a.txt], tested: 2026-10-01 }
'
bad_manifest "coverage over 100" "coverage must be between 0 and 100" bad.evidence.yaml 'requirement: T.02
implemented: { coverage: 101, artifacts: [a.txt], tested: 2026-10-01 }
'
bad_manifest "undeclared provider" "provider 'gcp' is not declared" bad.evidence.yaml 'requirement: T.02
inherited: { provider: gcp, weight: 40 }
'
bad_manifest "N/A without a reason" "not_applicable takes the reason" bad.evidence.yaml 'requirement: T.02
not_applicable: true
'
bad_manifest "duplicate key" "duplicate key 'requirement'" bad.evidence.yaml 'requirement: T.02
requirement: T.03
'
bad_manifest "alias" "aliases (*name) are not supported" bad.evidence.yaml 'requirement: &r T.02
notes: *r
'
printf 'requirement: T.02\n\000\001\002' >ev/bin.evidence.yaml
expect_error "binary manifest" "bin.evidence.yaml:2:1: binary file" --catalog "$MINI" --tier e1 ev
rm ev/bin.evidence.yaml
head -c 2000000 /dev/zero | tr '\0' 'a' >ev/huge.evidence.yaml
expect_error "huge manifest" "huge.evidence.yaml:1:1: file is too large" --catalog "$MINI" --tier e1 ev
rm ev/huge.evidence.yaml

# Every error of one manifest is listed, not just the first, each at its
# own line and column, in the order of the file; nothing is stored.
printf 'requirement: T.02\nimplmented: 1\nimplemented: { coverage: 50, artifacts: [a.txt], tested: 2026-10-32, bogus: 2 }\nprocedure: { rating: XX, artifacts: a.txt }\nwaiver: { reason: x, expires: 2027-02-30 }\ninherited: { provider: aws, weight: 300 }\nnot_applicable: true\n' >ev/many.evidence.yaml
before=$(sha256sum <keep.db)
run_hta --catalog "$MINI" --tier e1 --db keep.db ev
eq "one manifest, many errors: exit 2" "$rc" 2
eq "one manifest, many errors: each listed in file order" "$(printf '%s\n' "$err" | sed -n 's/^hitrust-assess: \(many[^ ]*\) .*/\1/p' | tr '\n' ' ')" \
  "many.evidence.yaml:2:1: many.evidence.yaml:3:58: many.evidence.yaml:3:70: many.evidence.yaml:4:22: many.evidence.yaml:4:37: many.evidence.yaml:5:31: many.evidence.yaml:6:37: many.evidence.yaml:7:17: "
contains "one manifest, many errors: the count" "$err" "8 errors in the evidence; nothing was assessed or stored"
eq "one manifest, many errors: database untouched" "$(sha256sum <keep.db)" "$before"
rm ev/many.evidence.yaml

# scope errors
cp ev/scope.yaml scope.ok
printf 'as_of: 2026-11-01\ntier: r9\n' >ev/scope.yaml
expect_error "bad tier in scope" "scope.yaml:2:7: tier must be e1, i1 or r2" --catalog "$MINI" ev
printf 'as_of: 2026-11-01\nfactors: { records: 5 }\n' >ev/scope.yaml
expect_error "unknown factor in scope" "scope.yaml:2:12: unknown factor 'records'" --catalog "$MINI" --tier r2 ev
printf 'as_of: 2026-11-01\nfactors: { records_held: 5 }\n' >ev/scope.yaml
expect_error "r2 scope missing a factor" "scope.yaml:2:1: r2 needs every factor answered: 'internet_facing' is missing" --catalog "$MINI" --tier r2 ev
printf 'as_of: 2026-11-01\n' >ev/scope.yaml
expect_error "r2 scope missing every factor: all named" "scope.yaml:1:1: r2 needs every factor answered: 'records_held' is missing (How many records?), and 1 more: internet_facing" --catalog "$MINI" --tier r2 ev
printf 'as_of: 2026-13-01\n' >ev/scope.yaml
expect_error "bad as_of" "scope.yaml:1:8: as_of must be a real date" --catalog "$MINI" --tier e1 ev
cp scope.ok ev/scope.yaml

# Every error of the run: each of scope.yaml's (not just its first) and the
# manifests' beside them, the manifest's provider not checked against a
# scope that did not load; nothing stored.
printf 'as_of: 2026-11-01\nfactors: { records_held: 1, internet_facing: maybe }\nfoo: 1\ncompliance: [hipaa, sox]\nproviders: { aws: { score: 101 } }\n' >ev/scope.yaml
printf 'requirement: T.02\ntypo: 1\ninherited: { provider: aws, weight: 10 }\n' >ev/bad.evidence.yaml
before=$(sha256sum <keep.db)
run_hta --catalog "$MINI" --tier r2 --db keep.db ev
eq "scope and manifest errors: exit 2" "$rc" 2
eq "scope and manifest errors: each listed" "$(printf '%s\n' "$err" | sed -n 's/^hitrust-assess: \([^ ]*:[0-9]*:[0-9]*:\) .*/\1/p' | tr '\n' ' ')" \
  "ev/scope.yaml:3:1: ev/scope.yaml:2:46: ev/scope.yaml:4:21: ev/scope.yaml:5:28: bad.evidence.yaml:2:1: "
contains "scope and manifest errors: the count" "$err" "5 errors in the evidence; nothing was assessed or stored"
eq "scope and manifest errors: database untouched" "$(sha256sum <keep.db)" "$before"
printf 'as_of: 2026-11-01\n' >ev/scope.yaml
printf 'requirement: T.03\ninherited: { provider: aws, weight: 10 }\n' >ev/prov.evidence.yaml
run_hta --catalog "$MINI" --tier r2 --db keep.db ev
contains "r2 factors missing and a manifest error: both listed" "$err" "r2 needs every factor answered"
contains "r2 factors missing and a manifest error: the manifest's too" "$err" "bad.evidence.yaml:2:1: unknown key 'typo' in manifest"
contains "r2 factors missing: an undeclared provider still named" "$err" "provider 'aws' is not declared"
rm ev/bad.evidence.yaml ev/prov.evidence.yaml
cp scope.ok ev/scope.yaml

# usage errors
expect_error "unknown tier" "unknown tier 'x9'" --catalog "$MINI" --tier x9 ev
expect_error "missing evidence dir" "cannot read evidence dir" --catalog "$MINI" --tier e1 no-such-dir
expect_error "bad --as-of" "--as-of: '2026-02-30' is not a real date" --catalog "$MINI" --tier e1 --as-of 2026-02-30 ev
expect_error "unknown option" "unknown or incomplete option '--frobnicate'" --catalog "$MINI" --frobnicate ev
expect_error "no tier anywhere" "no tier" --catalog "$MINI" ev
expect_error "bad catalog" "catalog.yaml" --catalog "$W/ev" --tier e1 ev

# database errors leave the file as it was
printf 'this is not a database, it is a text file\n' >notdb.db
sum=$(sha256sum <notdb.db)
run_hta --catalog "$MINI" --tier e1 --db notdb.db ev
eq "not a database: exit 2" "$rc" 2
contains "not a database: message" "$err" "notdb.db"
eq "not a database: untouched" "$(sha256sum <notdb.db)" "$sum"
cp keep.db newer.db && sqlite3 newer.db "pragma user_version = 99"
sum=$(sha256sum <newer.db)
run_hta --catalog "$MINI" --tier e1 --db newer.db ev
eq "newer schema: exit 2" "$rc" 2
contains "newer schema: message" "$err" "schema version 99 is newer"
eq "newer schema: untouched" "$(sha256sum <newer.db)" "$sum"
eq "baseline still the only run" "$(q keep.db "select count(*) from runs")" 1
