# The hot-journal message (issue 14, item 10; docs/robustness.md,
# "Hardening 2"). A writer killed inside its transaction leaves a hot
# journal (DB-journal) that SQLite must roll back before anyone reads the
# database; a user who cannot write the database or its directory cannot
# do that. Every command that opens the database must then say so, in
# words the user can act on (store.c, db_fail), exit 2, and leave the
# database and the journal byte for byte as they were; a user who can
# write rolls the journal back and no complete run is lost.
#
# As root (CI) the commands run as nobody (setpriv, or runuser), the files
# belonging to root; as any other user the database, the journal and
# their directory are made read-only instead.

sum() { sha256sum <"$1" | cut -d' ' -f1; }
# everything stored, table by table, independent of page layout
dump() { sqlite3 -batch "$1" .dump | sha256sum | cut -d' ' -f1; }

d="$W/hj"
mkdir -p "$d/ev"
chmod 755 "$W" "$d" "$d/ev"
printf 'a\n' >"$d/ev/a.txt"
cat >"$d/ev/t01.evidence.yaml" <<'Y'
requirement: T.01
implemented: { rating: FC, artifacts: [a.txt], tested: 2026-10-01 }
Y
chmod 644 "$d/ev/a.txt" "$d/ev/t01.evidence.yaml"
cd "$d" || exit 1
E1="--catalog $MINI --tier e1 --as-of 2026-11-01 -q"
run_hta $E1 --db db ev
run_hta $E1 --db db ev
eq "two runs stored" "$(q db "select count(*) from runs")" 2
stored=$(dump db)

# The killed writer: with a one-page cache its changes spill into the
# database file before the commit that never comes; the sqlite3 shell
# kills itself (.system runs sh, whose parent it is) with the transaction
# open, so the journal stays behind, hot.
(printf '%s\n' 'PRAGMA cache_size=1;' 'BEGIN;' \
	'UPDATE requirement_scores SET score = 0;' 'DELETE FROM findings;' \
	'UPDATE runs SET verdict = NULL;' '.system kill -9 $PPID' |
	sqlite3 -batch db >/dev/null 2>&1) 2>/dev/null
[ -s db-journal ] && ok "a killed writer left a journal" || bad "hot journal" "no db-journal after the kill"
db_sum=$(sum db)
j_sum=$(sum db-journal)

# Who runs the commands, and with which binary.
bin=$HTA_BIN
if [ "$(id -u)" = 0 ]; then
	if command -v setpriv >/dev/null 2>&1; then
		as_user="setpriv --reuid=65534 --regid=65534 --clear-groups"
	else
		as_user="runuser -u nobody --"
	fi
	chmod 644 db db-journal
	# the build tree may be out of nobody's reach (a home directory): a copy
	if ! $as_user "$bin" --version >/dev/null 2>&1; then
		cp "$HTA_BIN" "$d/hta" && chmod 755 "$d/hta"
		bin="$d/hta"
	fi
	who="nobody"
else
	as_user=""
	chmod 444 db db-journal
	chmod 555 "$d"
	who="$(id -un), read-only files"
fi
# the unprivileged user really cannot write there
if $as_user sh -c ': >>db' 2>/dev/null || $as_user sh -c ': >probe' 2>/dev/null; then
	bad "setup" "the database or its directory is writable by the test user ($who)"
fi

# run_as ARGS... — the binary as the unprivileged user; sets $rc, $out, $err
run_as() {
	$as_user "$bin" "$@" >"$W/.out" 2>"$W/.err"
	rc=$?
	out=$(cat "$W/.out")
	err=$(cat "$W/.err")
	no_tool_report "hitrust-assess $* (as $who)" "$rc" "$err"
}

want="hitrust-assess: db: an interrupted write left a hot journal (db-journal) that must be rolled back first, and this user cannot write the database or its directory; run once as a user who can (nothing is lost: the rollback restores the last complete run)"
for cmd in "report --db db" "report --list --db db" "report --db db --run 1 --format json" \
	"diff --db db 1 2" "$E1 --db db ev" "$E1 --db db --fail-on-new ev"; do
	run_as $cmd
	eq "$cmd: exit 2" "$rc" 2
	eq "$cmd: the hot-journal message, alone" "$err" "$want"
	eq "$cmd: nothing on standard output" "$out" ""
	eq "$cmd: database byte-identical" "$(sum db)" "$db_sum"
	eq "$cmd: journal byte-identical" "$(sum db-journal)" "$j_sum"
done
[ ! -e probe ] && ok "nothing written beside the database" || bad "hot journal" "a file was written"

# A user who can write: the journal is rolled back, both runs are whole.
chmod 755 "$d"
chmod 644 db db-journal
run_hta report --db db
eq "owner: the report reads after the rollback" "$rc" 0
[ ! -e db-journal ] && ok "owner: the journal is rolled back" || bad "owner" "db-journal left"
eq "owner: every stored row as before the killed write" "$(dump db)" "$stored"
eq "owner: integrity" "$(q db "pragma integrity_check")" ok
cd "$W" || exit 1
