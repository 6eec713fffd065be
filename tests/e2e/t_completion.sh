# Bash completion (docs/completion/hitrust-assess.bash): subcommands,
# options and their values complete, and every long option the CLI parses
# and every report format the library knows is offered somewhere, so the
# completion cannot silently fall behind the code.
COMPL="$SRC/docs/completion/hitrust-assess.bash"
if ! command -v bash >/dev/null; then
	echo "skip: t_completion.sh needs bash"
	ok "skipped: no bash"
else
	# comp WORDS... — what completing the last word offers, space-separated
	comp() {
		PATH="$(dirname "$HTA_BIN"):$PATH" bash -c '
			. "$1"; shift
			COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); COMPREPLY=()
			_hitrust_assess; echo "${COMPREPLY[*]}"' _ "$COMPL" "$@"
	}
	bash -n "$COMPL"; eq "completion script parses" "$?" 0
	mkdir -p evdir
	eq "subcommands and directories" "$(comp hitrust-assess "")" "init catalog report diff assess export import evdir"
	eq "report formats" "$(comp hitrust-assess report --format "")" \
	  "text json html md csv junit sarif oscal-ar oscal-poam baseline"
	eq "assess formats" "$(comp hitrust-assess --tier r2 --format o)" "oscal-ar oscal-poam"
	eq "catalog formats" "$(comp hitrust-assess catalog --format "")" "text json oscal"
	eq "tiers" "$(comp hitrust-assess init --tier "")" "e1 i1 r2"
	eq "catalog actions" "$(comp hitrust-assess catalog "")" "list show stats validate export diff"
	eq "catalog show completes ids of --catalog" \
	  "$(comp hitrust-assess --catalog "$MINI" catalog show T.0)" "T.01 T.02 T.03 T.04 T.05 T.06 T.07 T.08"
	eq "diff options" "$(comp hitrust-assess diff --)" "--db --baseline --format --fail-on-new --busy-timeout --help"
	eq "gates" "$(comp hitrust-assess --gate "")" "domains new gaps caps score"
	eq "gates after a comma" "$(comp hitrust-assess --gate new,g)" "new,gaps"
	eq "import formats" "$(comp hitrust-assess import "")" "prowler-ocsf prowler-csv asff xccdf inspec workbook"
	eq "import options" "$(comp hitrust-assess import asff f.json --)" \
	  "--into --map --via-crosswalk --dry-run --force --scope --catalog --help"
	eq "export formats" "$(comp hitrust-assess export --format "")" "xlsx csv"
	eq "assess evidence dir" "$(comp hitrust-assess --tier r2 ev)" "evdir"

	# Every subcommand of main.c's commands[] table is completed.
	cmds=$(sed -n 's/^[[:space:]]*{ "\([a-z][a-z-]*\)", cmd_[a-z_]*,.*/\1/p' "$SRC/src/cli/main.c")
	[ -n "$cmds" ] && ok "commands[] found" || bad "commands[] found" "no rows in src/cli/main.c"
	missing=""
	for c in $cmds; do
		case " $(comp hitrust-assess "") " in *" $c "*) ;; *) missing="$missing $c" ;; esac
	done
	eq "every command of commands[] is completed" "$missing" ""

	# Every long option of every subcommand's option table is offered.
	missing=""
	for o in $(cat "$SRC"/src/cli/cmd_*.c | grep -o '{ "[a-z][a-z-]*", *[a-z_]*argument' | sed 's/{ "\([^"]*\)".*/\1/' | sort -u); do
		grep -q -- "--$o\\b" "$COMPL" || missing="$missing --$o"
	done
	eq "every CLI option is completed" "$missing" ""
	fmts=$(sed -n 's/^#define HTA_FORMAT_NAMES "\(.*\)"/\1/p' "$SRC/include/hta/report.h" | tr -d ',')
	missing=""
	for f in $fmts; do
		case " $(comp hitrust-assess report --format "") " in *" $f "*) ;; *) missing="$missing $f" ;; esac
	done
	[ -n "$fmts" ] && ok "format list found" || bad "format list found" "HTA_FORMAT_NAMES not in report.h"
	eq "every report format is completed" "$missing" ""
fi
