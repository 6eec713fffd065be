# The report database under faults (docs/robustness.md, "Database"): a run
# killed at random points (SIGKILL) or interrupted (SIGINT, SIGTERM), a
# database that is not ours, read-only or newer, two writers at once (also
# on a new file), and a full disk. Earlier runs must always survive byte for
# byte and the file must pass PRAGMA integrity_check.
CAT="$SRC/controls"
A="--catalog $CAT --tier r2 --ai-security --ai-risk -q"

# A big run: the shipped catalog at r2 with every factor at its highest
# answer and both AI add-ons (over a thousand statements written per run).
"$HTA_BIN" init --catalog "$CAT" --tier r2 --ai-security --ai-risk ev >/dev/null 2>&1
sed -i -e 's/^\(  [a-z_]*\): 0$/\1: 100000000/' -e 's/: false\( *#.*\)\{0,1\}$/: true/' ev/scope.yaml
echo "as_of: 2026-11-01" >>ev/scope.yaml

# digest DB N — runs 1..N: every row of the first two runs in every table
# (order-independent), and how many rows each later run has in each table
digest() {
	for t in $(q "$1" "select name from sqlite_master where type='table' order by name"); do
		if [ "$t" = runs ]; then
			q "$1" "select * from runs where id <= $2"
		else
			q "$1" "select * from \"$t\" where run_id <= 2"
			q "$1" "select '$t', run_id, count(*) from \"$t\" where run_id <= $2 group by run_id"
		fi
	done | sort | sha256sum
}
maxid() { q "$1" "select coalesce(max(id), 0) from runs"; }
# a random whole number in [0, $1)
rnd() { od -An -N4 -tu4 /dev/urandom | awk -v n="$1" '{ print $1 % n }'; }
ms() { date +%s%N | cut -c1-13; }
signum() { case $1 in INT) echo 2 ;; TERM) echo 15 ;; esac; }
# died_of NAME STDERR_FILE — a process that died of a signal cannot free
# what it holds (nor can glibc free its thread caches): valgrind's leak
# list is then no finding, its memory errors and any sanitizer report are.
died_of() {
	e=$(grep -E 'Invalid (read|write|free)|uninitialised|Mismatched free|overlap|Sanitizer|runtime error:' "$2")
	[ -z "$e" ] && ok "$1: no memory error" || bad "$1: memory error" "$e"
}
sleep_ms() { sleep "$(($1 / 1000)).$(printf '%03d' $(($1 % 1000)))"; }

run_hta $A --db db ev
eq "baseline run: a verdict" "$rc" 1
t0=$(ms)
run_hta $A --db db ev
t1=$(ms)
rows=$(q db "select count(*) from requirement_scores where run_id = 1")
[ "$rows" -gt 1000 ] && ok "a run writes over 1000 statements" || bad "run size" "$rows rows"
span=$((t1 - t0 + 20)) # how long a run takes here, in ms

# check_after NAME BEFORE_DIGEST N — runs 1..N intact, integrity ok, and a
# run added since is complete
check_after() {
	eq "$1: integrity" "$(q db "pragma integrity_check")" ok
	eq "$1: earlier runs intact" "$(digest db "$3")" "$2"
	new=$(maxid db)
	if [ "$new" -gt "$3" ]; then
		eq "$1: the run it stored is complete" \
			"$(q db "select count(*) from requirement_scores where run_id = $new")" "$rows"
	fi
}

# ---- SIGKILL at random points -------------------------------------------
# Kill after a random delay in the later part of a run (where the write
# is) until three kills have landed inside a write (a hot journal is left
# behind), at most 25 tries.
inside=0 tries=0 stored=0
while [ "$inside" -lt 3 ] && [ "$tries" -lt 25 ]; do
	tries=$((tries + 1))
	n=$(maxid db)
	before=$(digest db "$n")
	"$HTA_BIN" $A --db db ev >/dev/null 2>&1 &
	pid=$!
	sleep_ms $((span / 4 + $(rnd $((span * 3 / 4)))))
	kill -KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	[ -s db-journal ] && inside=$((inside + 1))
	check_after "SIGKILL #$tries" "$before" "$n"
	[ "$(maxid db)" -gt "$n" ] && stored=$((stored + 1))
done
echo "    SIGKILL: $tries kills, $inside inside a write, $stored after the commit"
[ "$inside" -ge 1 ] && ok "a kill landed inside a write" || bad "SIGKILL" "no kill landed inside a write in $tries tries"

# ---- SIGINT / SIGTERM ----------------------------------------------------
# A kill can leave a journal SQLite does not need (its header never
# written); the next write removes it. Start from a clean directory.
run_hta $A --db db ev
[ ! -e db-journal ] && ok "no journal after a clean run" || bad "clean run" "db-journal left"
# Deterministic: another process holds the write lock, so the run waits in
# its write; the signal cuts the wait, the run rolls back, the command dies
# of the signal with one line, and leaves no journal.
# The signal comes once a whole run's time has passed (the run is then
# surely waiting in its write). No clock is asserted: the run may wait for
# the lock ten minutes (--busy-timeout) and the holder keeps it until the
# run has ended, so a run that ends with the rollback message while the
# lock is still held was cut short by the signal, however slow the machine.
for sig in INT TERM; do
	n=$(maxid db)
	sum=$(sha256sum <db)
	rm -f release
	(echo "BEGIN IMMEDIATE;"; i=0
	 while [ ! -e release ] && [ $i -lt 3000 ]; do sleep 0.1; i=$((i + 1)); done
	 echo "COMMIT;") | sqlite3 db &
	holder=$!
	sleep 0.5
	env --default-signal="$sig" "$HTA_BIN" $A --busy-timeout 600000 --db db ev >"$W/.out" 2>"$W/.err" &
	pid=$!
	sleep_ms $((span + 500))
	kill -"$sig" "$pid"
	wait "$pid" 2>/dev/null
	st=$?
	kill -0 "$holder" 2>/dev/null && held=1 || held=0
	touch release
	wait "$holder"
	died_of "SIG$sig while waiting for the lock" "$W/.err"
	err=$(grep -v '^==[0-9]*==' "$W/.err")
	eq "SIG$sig while waiting for the lock: killed by the signal" "$st" $((128 + $(signum "$sig")))
	contains "SIG$sig while waiting for the lock: message" "$err" "interrupted by SIG$sig: the run was rolled back"
	eq "SIG$sig while waiting for the lock: one line" "$(printf '%s\n' "$err" | wc -l | tr -d ' ')" 1
	eq "SIG$sig: the wait was cut short (the run ended while the lock was held)" "$held" 1
	eq "SIG$sig while waiting for the lock: database untouched" "$(sha256sum <db)" "$sum"
	[ ! -e db-journal ] && ok "SIG$sig: no journal left" || bad "SIG$sig: no journal left" "db-journal exists"
done

# Random: the signal lands anywhere in the run. Whatever the moment, the
# command finishes (0/1) or dies of the signal; no journal is left behind.
rolled=0 late=0
for i in 1 2 3 4 5 6 7 8; do
	case $((i % 2)) in 0) sig=INT ;; *) sig=TERM ;; esac
	n=$(maxid db)
	before=$(digest db "$n")
	env --default-signal="$sig" "$HTA_BIN" $A --db db ev >/dev/null 2>"$W/.err" &
	pid=$!
	sleep_ms "$(rnd "$span")"
	kill -"$sig" "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	st=$?
	if [ "$st" -eq $((128 + $(signum "$sig"))) ]; then
		died_of "SIG$sig #$i" "$W/.err"
	else
		no_tool_report "SIG$sig #$i" "$st" "$(cat "$W/.err")"
	fi
	case $st in
	0|1|$((128 + $(signum "$sig")))) ok "SIG$sig #$i: status" ;;
	*) bad "SIG$sig #$i: status" "$st: $(cat "$W/.err")" ;;
	esac
	grep -q "rolled back" "$W/.err" && rolled=$((rolled + 1))
	grep -q "after the run was stored" "$W/.err" && late=$((late + 1))
	[ ! -e db-journal ] && ok "SIG$sig #$i: no journal" || bad "SIG$sig #$i: no journal" "db-journal left"
	check_after "SIG$sig #$i" "$before" "$n"
done
echo "    SIGINT/SIGTERM: 8 random signals, $rolled rolled a write back, $late came during the commit"

# ---- a database that is not ours ----------------------------------------
n=$(maxid db)
keep=$(digest db "$n")
not_ours() { # NAME WANT FILE
	sum=$(sha256sum <"$3")
	run_hta $A --db "$3" ev
	eq "$1: exit 2" "$rc" 2
	contains "$1: message" "$err" "$2"
	eq "$1: one line" "$(printf '%s\n' "$err" | wc -l | tr -d ' ')" 1
	eq "$1: untouched" "$(sha256sum <"$3")" "$sum"
}
head -c 65536 /dev/urandom >random.db
not_ours "random bytes" "random.db" random.db
printf 'runs,verdict\n1,pass\n' >text.db
not_ours "a text file" "text.db" text.db
head -c 8192 db >truncated.db
not_ours "a truncated database" "truncated.db" truncated.db
sqlite3 other.db "create table notes(x); insert into notes values ('keep me')"
not_ours "another application's SQLite database" "not a hitrust-assess report" other.db
cp db newer.db && sqlite3 newer.db "pragma user_version = 99"
not_ours "a newer schema" "schema version 99 is newer" newer.db
mkfifo fifo.db
run_hta $A --db fifo.db ev
eq "a FIFO as the database: exit 2" "$rc" 2
contains "a FIFO as the database: message" "$err" "not a regular file"

# ---- read-only ----------------------------------------------------------
# As root, permission bits do not stop a write: run as nobody instead.
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
	as_user() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
	chmod 755 "$W"
else
	as_user() { "$@"; }
fi
mkdir ro && cp db ro/ro.db && chmod 444 ro/ro.db && chmod 555 ro
sum=$(sha256sum <ro/ro.db)
as_user "$HTA_BIN" $A --db ro/ro.db ev >"$W/.out" 2>"$W/.err"
rc=$? err=$(cat "$W/.err")
no_tool_report "read-only database" "$rc" "$err"
eq "read-only database: exit 2" "$rc" 2
contains "read-only database: message" "$err" "ro/ro.db"
eq "read-only database: one line" "$(printf '%s\n' "$err" | wc -l | tr -d ' ')" 1
eq "read-only database: untouched" "$(sha256sum <ro/ro.db)" "$sum"
# a writable file in a directory where the journal cannot be created
mkdir rodir && cp db rodir/w.db && chmod 666 rodir/w.db && chmod 555 rodir
sum=$(sha256sum <rodir/w.db)
as_user "$HTA_BIN" $A --db rodir/w.db ev >"$W/.out" 2>"$W/.err"
rc=$? err=$(cat "$W/.err")
no_tool_report "read-only directory" "$rc" "$err"
eq "read-only directory: exit 2" "$rc" 2
contains "read-only directory: message" "$err" "rodir/w.db"
eq "read-only directory: untouched" "$(sha256sum <rodir/w.db)" "$sum"
chmod 755 ro rodir

# ---- two (and four) writers at once -------------------------------------
for round in 1 2 3; do
	n=$(maxid db)
	before=$(digest db "$n")
	"$HTA_BIN" $A --db db ev >/dev/null 2>"$W/.e1" &
	p1=$!
	"$HTA_BIN" $A --db db ev >/dev/null 2>"$W/.e2" &
	p2=$!
	wait "$p1"; s1=$?
	wait "$p2"; s2=$?
	no_tool_report "two writers #$round (1)" "$s1" "$(cat "$W/.e1")"
	no_tool_report "two writers #$round (2)" "$s2" "$(cat "$W/.e2")"
	eq "two writers #$round: both assessed" "$s1 $s2" "1 1"
	eq "two writers #$round: both stored" "$(maxid db)" $((n + 2))
	check_after "two writers #$round" "$before" "$n"
	eq "two writers #$round: second run complete" \
		"$(q db "select count(*) from requirement_scores where run_id = $((n + 1))")" "$rows"
done
n=$(maxid db)
before=$(digest db "$n")
pids=""
for i in 1 2 3 4; do
	"$HTA_BIN" $A --db db ev >/dev/null 2>"$W/.e$i" &
	pids="$pids $!"
done
all=""
for p in $pids; do
	wait "$p"; all="$all $?"
done
eq "four writers: all assessed" "$all" " 1 1 1 1"
eq "four writers: all stored" "$(maxid db)" $((n + 4))
check_after "four writers" "$before" "$n"

# ---- writers at once on a new file --------------------------------------
# The first look at a new file and the creation of the schema are one write
# transaction (store.c create_schema), so runs that open the same new file
# at once agree on who creates it. Deterministic case: another writer holds
# the new file's lock while it creates our schema; the run, having seen an
# empty file, waits for the lock and must then find the schema, not create
# it again ("table runs already exists"). The schema is this build's own.
q db .schema >"$W/schema.sql"
echo "PRAGMA user_version = $(q db 'pragma user_version');" >>"$W/schema.sql"
rm -f new.db release
(echo "BEGIN IMMEDIATE;"; cat "$W/schema.sql"; i=0
 while [ ! -e release ] && [ $i -lt 3000 ]; do sleep 0.1; i=$((i + 1)); done
 echo "COMMIT;") | sqlite3 new.db &
holder=$!
i=0
while [ ! -e new.db-journal ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
"$HTA_BIN" $A --busy-timeout 600000 --db new.db ev >/dev/null 2>"$W/.err" &
pid=$!
sleep_ms $((2 * span + 1000))
touch release
wait "$holder"
wait "$pid"
st=$?
no_tool_report "a new file created by another writer" "$st" "$(cat "$W/.err")"
eq "a new file created by another writer: assessed" "$st" 1
eq "a new file created by another writer: stored" "$(maxid new.db)" 1
eq "a new file created by another writer: integrity" "$(q new.db "pragma integrity_check")" ok
# And the race itself: six runs start together on one new file; every one
# is stored, none reports "not a hitrust-assess report" or a schema error.
S="--catalog $CAT --tier e1 --ai-security -q --busy-timeout 600000"
for round in 1 2 3; do
	rm -f new.db
	pids=""
	for i in 1 2 3 4 5 6; do
		"$HTA_BIN" $S --db new.db "$SRC/docs/examples/acme-health-ai" >/dev/null 2>"$W/.n$i" &
		pids="$pids $!"
	done
	all=""
	for p in $pids; do
		wait "$p"; all="$all $?"
	done
	eq "six runs on a new file #$round: all assessed" "$all" " 1 1 1 1 1 1"
	# each says why its domain gate failed (exit 1), and nothing else
	eq "six runs on a new file #$round: no error" \
		"$(cat "$W"/.n[1-6] | grep -v '^hitrust-assess: gate: 2 of 18 scored domains below the 83 threshold (08, 12)$')" ""
	eq "six runs on a new file #$round: all stored" "$(maxid new.db)" 6
done

# ---- a full disk --------------------------------------------------------
# SQLite cannot grow the file past the limit; SIGXFSZ is ignored, so the
# write fails with EFBIG, rolls back, and the command exits 2.
n=$(maxid db)
sum=$(sha256sum <db)
size=$(wc -c <db)
if (trap '' XFSZ; ulimit -f 1; head -c 600 /dev/zero >u.tst) 2>/dev/null &&
	[ "$(wc -c <u.tst)" -ge 600 ]; then
	unit=1024
else
	unit=512
fi
rm -f u.tst
blocks=$(((size + unit - 1) / unit))
(ulimit -f "$blocks"; exec "$HTA_BIN" $A --db db ev) >"$W/.out" 2>"$W/.err"
rc=$? err=$(cat "$W/.err")
no_tool_report "full disk" "$rc" "$err"
eq "full disk: exit 2" "$rc" 2
contains "full disk: message" "$err" "db: "
eq "full disk: one line" "$(printf '%s\n' "$err" | wc -l | tr -d ' ')" 1
eq "full disk: database untouched" "$(sha256sum <db)" "$sum"
eq "full disk: integrity" "$(q db "pragma integrity_check")" ok
[ ! -e db-journal ] && ok "full disk: no journal left" || bad "full disk: no journal left" "db-journal exists"
run_hta $A --db db ev
eq "after the full disk: the next run is stored" "$rc $(maxid db)" "1 $((n + 1))"
