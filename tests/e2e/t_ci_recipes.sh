# The CI recipes of docs/ci/ cannot rot (issue 15): the hitrust-assess
# commands of the GitHub Actions workflow and of the GitLab CI job run, as
# their CI service would run them (tests/e2e/ci_recipe.py), over three
# pipelines on fresh runners that share only the cached baseline file:
#   1. no baseline yet: today's gaps become the baseline; the gate passes
#      although domains fail;
#   2. unchanged tree: the gate passes again;
#   3. a new gap: the gate fails, the reports are still written, and the
#      baseline is not replaced.
PYYAML=python3
$PYYAML -c 'import yaml' 2>/dev/null || PYYAML=/usr/bin/python3
if ! $PYYAML -c 'import yaml' 2>/dev/null; then
	echo "skip: t_ci_recipes (python3-yaml is not installed)"
	return 0 2>/dev/null || exit 0
fi
mkdir -p bin
printf '#!/bin/sh\nexec "%s" "$@"\n' "$HTA_BIN" >bin/hitrust-assess
chmod +x bin/hitrust-assess
PATH="$W/bin:$PATH"
export HITRUST_ASSESS_CATALOG="$MINI"

# The evidence: e1, domains below the threshold (T.02 partial, T.03 none).
mkdir -p src/evidence && cd src/evidence
artifact x.txt
printf 'as_of: 2026-11-01\ntier: e1\n' >scope.yaml
printf 'requirement: T.01\nimplemented: { rating: FC, artifacts: [x.txt], tested: 2026-10-01 }\n' >t01.evidence.yaml
printf 'requirement: T.02\nimplemented: { rating: PC, artifacts: [x.txt], tested: 2026-10-01 }\n' >t02.evidence.yaml
cd "$W"

# pipeline KIND RECIPE N — a fresh checkout of src/ in run-KIND-N
pipeline() {
	d="$W/run-$1-$3"
	rm -rf "$d" && cp -R "$W/src" "$d"
	$PYYAML "$SRC/tests/e2e/ci_recipe.py" "$1" "$2" "$d" "$W/cache-$1" >"$W/p.out" 2>"$W/p.err"
	prc=$?
	pout=$(cat "$W/p.out")
	no_tool_report "pipeline $1 $3" "$prc" "$(cat "$W/p.err")"
}
gate_status() { printf '%s\n' "$pout" | grep -E '^step .*(Assess|--gate new)' | awk '{ print $NF }' | head -1; }

for kind in github gitlab; do
	case $kind in
	github) R="$SRC/docs/ci/github-actions.yml" ;;
	gitlab) R="$SRC/docs/ci/gitlab-ci.yml" ;;
	esac
	rm -rf "$W/cache-$kind"
	pipeline $kind "$R" 1
	eq "$kind 1: the recipe runs (no unknown step condition)" "$prc" 0
	[ -f "$W/run-$kind-1/.hitrust/bootstrap.db" ] && ok "$kind 1: no baseline yet: today's gaps become the baseline" ||
		bad "$kind 1: bootstrap" "$pout"
	eq "$kind 1: the gate on new gaps passes (domains fail)" "$(gate_status)" 0
	contains "$kind 1: job passes" "$pout" "job pass"
	[ -s "$W/cache-$kind/baseline.json" ] && ok "$kind 1: baseline cached" || bad "$kind 1: baseline cached" "$pout"
	eq "$kind 1: the baseline lists the gaps" "$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(len(d["gaps"]) if isinstance(d, dict) and "gaps" in d else len(d))' "$W/cache-$kind/baseline.json" 2>&1)" \
		"$(q "$W/run-$kind-1/.hitrust/hitrust-assess.db" "select count(*) from gaps")"
	d="$W/run-$kind-1"
	python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$d/hitrust.sarif" 2>/dev/null
	eq "$kind 1: SARIF written" "$?" 0
	/usr/bin/python3 -c 'import sys; from junitparser import JUnitXml; x = JUnitXml.fromfile(sys.argv[1]); print(x.tests)' "$d/hitrust-junit.xml" >/dev/null 2>&1
	eq "$kind 1: JUnit written and parsed" "$?" 0
	case $kind in
	github) contains "github 1: the Markdown summary on the run page" "$(cat "$d/step-summary.md")" "HITRUST e1 readiness" ;;
	gitlab) contains "gitlab 1: the Markdown summary artifact" "$(cat "$d/hitrust-summary.md")" "HITRUST e1 readiness" ;;
	esac

	pipeline $kind "$R" 2
	[ ! -e "$W/run-$kind-2/.hitrust/bootstrap.db" ] && ok "$kind 2: the cached baseline is used (no bootstrap)" ||
		bad "$kind 2: no bootstrap with a cached baseline" "$pout"
	eq "$kind 2: unchanged tree: the gate passes" "$(gate_status)" 0
	contains "$kind 2: job passes" "$pout" "job pass"
	before=$(sha256sum <"$W/cache-$kind/baseline.json")

	# a new gap: T.01's artifact goes missing
	rm "$W/src/evidence/x.txt"
	printf 'other\n' >"$W/src/evidence/y.txt"
	sed -i 's/x.txt/y.txt/' "$W/src/evidence/t02.evidence.yaml"
	pipeline $kind "$R" 3
	eq "$kind 3: a new gap: the gate fails (exit 1)" "$(gate_status)" 1
	contains "$kind 3: job fails" "$pout" "job fail"
	[ -s "$W/run-$kind-3/hitrust-junit.xml" ] && ok "$kind 3: the JUnit report is still written" || bad "$kind 3: junit" "$pout"
	eq "$kind 3: the baseline is not replaced by a failing run" "$(sha256sum <"$W/cache-$kind/baseline.json")" "$before"
	# restore the tree for the next recipe
	mv "$W/src/evidence/y.txt" "$W/src/evidence/x.txt"
	sed -i 's/y.txt/x.txt/' "$W/src/evidence/t02.evidence.yaml"
done
