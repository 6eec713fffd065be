# bash completion for hitrust-assess(1)                 -*- shell-script -*-
# Installed by `make install` as
#   $(PREFIX)/share/bash-completion/completions/hitrust-assess
# or source it from ~/.bashrc. Needs nothing from the bash-completion
# package. Completes subcommands, each subcommand's options, and their
# values: tiers, formats, add-ons, files and directories, and, after
# `catalog show`, the requirement ids of the catalog in use.

_hitrust_assess()
{
	local cur prev cmd catalog i w
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD - 1]}
	COMPREPLY=()

	# As main.c reads it: the subcommand is the first word, after any
	# "--catalog DIR" pairs; anything else is an assessment.
	cmd=assess
	catalog=
	i=1
	while [[ ${COMP_WORDS[i]} == --catalog ]] && ((i + 1 < COMP_CWORD)); do
		catalog=${COMP_WORDS[i + 1]}
		((i += 2))
	done
	if ((i < COMP_CWORD)); then
		case ${COMP_WORDS[i]} in
		init | catalog | report | diff | assess | export | import) cmd=${COMP_WORDS[i]} ;;
		esac
	fi
	for ((w = i; w < COMP_CWORD; w++)); do
		[[ ${COMP_WORDS[w]} == --catalog ]] && catalog=${COMP_WORDS[w + 1]}
	done

	local formats="text json html md csv junit sarif oscal-ar oscal-poam baseline"
	case $prev in
	--tier) COMPREPLY=($(compgen -W "e1 i1 r2" -- "$cur")); return ;;
	--addon) COMPREPLY=($(compgen -W "ai-security ai-risk none" -- "$cur")); return ;;
	--crosswalk) COMPREPLY=($(compgen -W "hipaa nist-800-53" -- "$cur")); return ;;
	--format)
		case $cmd in
		catalog) COMPREPLY=($(compgen -W "text json oscal" -- "$cur")) ;;
		diff) COMPREPLY=($(compgen -W "text json" -- "$cur")) ;;
		export) COMPREPLY=($(compgen -W "xlsx csv" -- "$cur")) ;;
		*) COMPREPLY=($(compgen -W "$formats" -- "$cur")) ;;
		esac
		return ;;
	--catalog | --into) COMPREPLY=($(compgen -d -- "$cur")); return ;;
	--map) COMPREPLY=($(compgen -f -- "$cur")); return ;;
	--scope | --db | -o | --output | --baseline) COMPREPLY=($(compgen -f -- "$cur")); return ;;
	--gate)
		# a comma-separated list: complete the word after the last comma
		local done_=${cur%"${cur##*,}"}
		COMPREPLY=($(compgen -P "$done_" -W "domains new gaps caps score" -- "${cur##*,}"))
		return ;;
	--as-of | --start) COMPREPLY=($(compgen -W "$(date -u +%Y-%m-%d 2>/dev/null)" -- "$cur")); return ;;
	--status)
		# comma-separated: complete the word after the last comma
		local done_=${cur%,*} last=${cur##*,} st
		[[ $done_ == "$cur" ]] && done_= || done_+=,
		COMPREPLY=()
		for st in gap cap blocker waived no-evidence; do
			[[ $st == "$last"* ]] && COMPREPLY+=("$done_$st")
		done
		return ;;
	--domain)
		COMPREPLY=($(compgen -W "01 02 03 04 05 06 07 08 09 10 11 12 13 14 15 16 17 18 19
		                         ai-security ai-risk compliance" -- "$cur"))
		return ;;
	--run | --max-gaps | --max-caps | --min-score | --top | --capacity | --busy-timeout | --owner) return ;;
	esac

	local opts
	case $cmd in
	assess)
		opts="--tier --ai-security --ai-risk --scope --catalog --db --as-of --format
		      --output -o --max-gaps --max-caps --min-score --no-fail --fail-on-new
		      --gate --baseline --measured-managed --no-measured-managed --top --domain
		      --owner --status --rehash --quiet -q --start --capacity --summary
		      --busy-timeout --help --version" ;;
	init) opts="--tier --ai-security --ai-risk --scope --catalog --help" ;;
	catalog)
		opts="--tier --addon --format --catalog --scope --crosswalk --output -o --help" ;;
	report)
		opts="--db --run --format --output -o --list --summary --busy-timeout --top
		      --domain --owner --status --help" ;;
	diff) opts="--db --baseline --format --fail-on-new --busy-timeout --help" ;;
	export)
		opts="--format --output -o --tier --ai-security --ai-risk --scope --catalog --help" ;;
	import) opts="--into --map --via-crosswalk --dry-run --force --scope --catalog --help" ;;
	esac

	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$opts" -- "$cur"))
		return
	fi
	case $cmd in
	assess)
		if ((COMP_CWORD == i)); then
			COMPREPLY=($(compgen -W "init catalog report diff assess export import" -- "$cur"))
		fi
		COMPREPLY+=($(compgen -d -- "$cur")) ;;
	init | export) COMPREPLY=($(compgen -d -- "$cur")) ;;
	import)
		# the format right after `import`, then result files
		if ((COMP_CWORD == i + 1)); then
			COMPREPLY=($(compgen -W "prowler-ocsf prowler-csv asff xccdf inspec workbook" -- "$cur"))
		else
			COMPREPLY=($(compgen -f -- "$cur"))
		fi ;;
	catalog)
		local action=
		for ((i = 1; i < COMP_CWORD; i++)); do
			case ${COMP_WORDS[i]} in
			list | show | stats | validate | export | diff) action=${COMP_WORDS[i]} ;;
			esac
		done
		if [[ -z $action ]]; then
			COMPREPLY=($(compgen -W "list show stats validate export diff" -- "$cur"))
		elif [[ $action == diff ]]; then
			COMPREPLY=($(compgen -d -- "$cur"))
		elif [[ $action == show && $prev == show ]]; then
			local ids id
			ids=$("${COMP_WORDS[0]}" ${catalog:+--catalog "$catalog"} catalog list 2>/dev/null |
			      while read -r id _; do printf '%s\n' "$id"; done)
			COMPREPLY=($(compgen -W "$ids" -- "$cur"))
		fi ;;
	esac
}
complete -F _hitrust_assess hitrust-assess
