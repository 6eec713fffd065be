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
