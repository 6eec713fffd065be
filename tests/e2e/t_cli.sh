# The command line itself: --help, --version, the man page's EXIT STATUS
# and options against the program, colour only on a terminal.
run_hta --version
eq "--version exits 0" "$rc" 0
contains "--version" "$out" "hitrust-assess 0."
run_hta --help
eq "--help exits 0" "$rc" 0
man="$SRC/docs/hitrust-assess.1"
# every long option the usage names is documented in the man page
for opt in $(printf '%s\n' "$out" | grep -o -- '--[a-z][a-z-]*' | sort -u); do
	m=$(printf '%s' "$opt" | sed 's/-/\\\\-/g')
	if grep -q -- "$m" "$man"; then ok "man documents $opt"; else bad "man documents $opt" "missing"; fi
done
# and the other way: every long option of the man page's SYNOPSIS is in --help
synopsis=$(sed -n '/^\.SH SYNOPSIS/,/^\.SH [A-Z]/p' "$man" | sed 's/\\-/-/g; s/\[no-\]//g')
for opt in $(printf '%s\n' "$synopsis" | grep -o -- '--[a-z][a-z-]*' | sort -u); do
	contains "--help names $opt (man SYNOPSIS)" "$out" "$opt"
done
# --help is derived from main.c's commands[]: every subcommand has its line
cmds=$(sed -n 's/^[[:space:]]*{ "\([a-z][a-z-]*\)", cmd_[a-z_]*,.*/\1/p' "$SRC/src/cli/main.c")
[ -n "$cmds" ] && ok "commands[] found" || bad "commands[] found" "no rows in src/cli/main.c"
for c in $cmds; do contains "--help lists $c" "$out" "hitrust-assess $c "; done
# EXIT STATUS lists 0, 1 and 2 with the meanings the code gives them
section=$(sed -n '/^\.SH EXIT STATUS/,/^\.SH [A-Z]/p' "$man")
contains "EXIT STATUS 0" "$section" ".B 0"
contains "EXIT STATUS 1" "$section" ".B 1"
contains "EXIT STATUS 2" "$section" ".B 2"
contains "EXIT STATUS names the thresholds" "$section" "62 for r2, 83"
grep -q 'EXIT_PASS 0' "$SRC/src/cli/cli.h" && grep -q 'EXIT_GATE 1' "$SRC/src/cli/cli.h" && grep -q 'EXIT_ERROR 2' "$SRC/src/cli/cli.h" \
  && ok "code's exit constants" || bad "code's exit constants" "cli.h changed"
run_hta
eq "no arguments is usage (2)" "$rc" 2

# colour: never off a terminal or with NO_COLOR, yes on a terminal
mkdir ev && printf 'as_of: 2026-11-01\n' >ev/scope.yaml
run_hta --catalog "$MINI" --tier e1 --db c.db ev
case "$out" in *"$(printf '\033')"*) bad "no colour off a terminal" "escape found" ;; *) ok "no colour off a terminal" ;; esac
if command -v script >/dev/null; then
	env -u NO_COLOR script -qec "$HTA_BIN --catalog $MINI --tier e1 --db c.db ev" /dev/null >tty.out 2>&1
	grep -q "$(printf '\033')\[" tty.out && ok "colour on a terminal" || bad "colour on a terminal" "no escape"
	NO_COLOR=1 script -qec "$HTA_BIN --catalog $MINI --tier e1 --db c.db ev" /dev/null >tty2.out 2>&1
	grep -q "$(printf '\033')\[" tty2.out && bad "NO_COLOR on a terminal" "escape found" || ok "NO_COLOR on a terminal"
fi
