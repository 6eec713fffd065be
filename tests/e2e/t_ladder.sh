# The tier ladder is one transaction (contract 8.5; docs/deliverable.md,
# "Tier ladder"): `--tier e1,i1,r2` stores all its runs or none. Any
# failure (a store error in a lower or the top tier, in the deliverable's
# rows, reading the ladder and trend back, the report's output, a full
# disk, a signal mid-write) exits 2 (or dies of the signal), leaves the
# database byte-identical and no run row; a failure after the commit says
# which runs were stored. Faults are injected deterministically: SQLite
# triggers that refuse (or spin on) one tier's insert, /dev/full, a
# closed pipe, ulimit -f, an LD_PRELOAD shim on rename().
EX="$SRC/docs/examples/acme-health-ai"
A="--catalog $SRC/controls -q"
L="$A --tier e1,i1,r2"
sum() { if [ -e "$1" ]; then sha256sum <"$1"; else echo none; fi; }
runs() { q "$1" "select count(*) from runs"; }

# A database with one ordinary run to protect.
run_hta $A --tier e1 --db d.db "$EX"
eq "setup: one run" "$rc|$(runs d.db)" "1|1"

# fails2 NAME DB WANT ARGS... : exit 2, WANT in one line (nl=2: an
# output error, then that nothing was stored), DB byte-identical, no run
# added, no journal left
fails2() {
	name=$1 db=$2 want=$3; shift 3
	before=$(sum "$db") n=$(runs "$db")
	run_hta "$@"
	eq "$name: exit 2" "$rc" 2
	contains "$name: message" "$err" "$want"
	eq "$name: lines" "$(printf '%s\n' "$err" | wc -l | tr -d ' ')" "${nl:-1}"
	[ "${nl:-1}" = 2 ] && contains "$name: says so" "$err" "the ladder's runs were not stored; $db is as it was"
	eq "$name: database byte-identical" "$(sum "$db")" "$before"
	eq "$name: no run stored" "$(runs "$db")" "$n"
	[ ! -e "$db-journal" ] && ok "$name: no journal" || bad "$name: no journal" "$db-journal left"
}

# ---- a store error at each tier of the ladder ----
# The trigger refuses one tier's row after the tiers below it were written
# in the same transaction: nothing of them may stay.
for t in e1 i1 r2; do
	sqlite3 d.db "create trigger refuse before insert on runs when new.tier = '$t'
	              begin select raise(abort, 'refused by test trigger ($t)'); end"
	fails2 "store error at $t" d.db "refused by test trigger ($t)" $L --db d.db "$EX"
	sqlite3 d.db "drop trigger refuse"
done
# ... and in the deliverable's rows of the top tier (its timeline), the
# last table written before the commit.
sqlite3 d.db "create trigger refuse before insert on timeline when
              (select tier from runs where id = new.run_id) = 'r2'
              begin select raise(abort, 'refused by test trigger (timeline)'); end"
fails2 "store error in the top tier's timeline" d.db "refused by test trigger (timeline)" $L --db d.db "$EX"
sqlite3 d.db "drop trigger refuse"

# ---- the ladder and trend context, read inside the transaction ----
# A crafted earlier run claims the ladder id the new ladder will get (the
# id of its first run) with a tier that is not one: reading the ladder
# back fails after every row was written; all of it rolls back.
next=$(( $(q d.db "select max(id) from runs") + 2 ))
cp d.db c.db
sqlite3 c.db "insert into runs(started_at, tier, addons, as_of, evidence_root, catalog_version,
              verdict, gap_count, cap_count, ladder) select started_at, 'x9', addons, as_of,
              'elsewhere', catalog_version, verdict, gap_count, cap_count, $next from runs where id = 1"
fails2 "ladder context unreadable" c.db "table runs, column tier, row $((next - 1))" $L --db c.db "$EX"

# ---- the report's output fails after every tier was written ----
nl=2; fails2 "-o a full disk (/dev/full)" d.db "No space left on device" $L --db d.db --format json -o /dev/full "$EX"; nl=1
mkdir outdir
fails2 "-o a directory" d.db "Is a directory" $L --db d.db -o outdir "$EX"
# Standard output closed before the report is read: a JSON report far
# larger than a pipe's buffer, so the write surely meets the closed end.
before=$(sum d.db) n=$(runs d.db)
"$HTA_BIN" $L --db d.db --format json "$EX" 2>e.txt | true
eq "closed stdout: database byte-identical" "$(sum d.db)|$(runs d.db)" "$before|$n"
contains "closed stdout: message" "$(cat e.txt)" "cannot write to standard output"
contains "closed stdout: says the ladder was not stored" "$(cat e.txt)" "the ladder's runs were not stored"

# ---- a full disk for the database: the file may not grow ----
if (trap '' XFSZ; ulimit -f 1; head -c 600 /dev/zero >u.tst) 2>/dev/null &&
	[ "$(wc -c <u.tst)" -ge 600 ]; then unit=1024; else unit=512; fi
rm -f u.tst
blocks=$((($(wc -c <d.db) + unit - 1) / unit))
before=$(sum d.db) n=$(runs d.db)
(trap '' XFSZ; ulimit -f "$blocks"; exec "$HTA_BIN" $L --db d.db "$EX") >o.txt 2>e.txt
rc=$?
no_tool_report "full disk" "$rc" "$(cat e.txt)"
eq "full disk mid-ladder: exit 2" "$rc" 2
eq "full disk mid-ladder: database byte-identical, no run" "$(sum d.db)|$(runs d.db)" "$before|$n"
eq "full disk mid-ladder: integrity" "$(q d.db "pragma integrity_check")" ok

# ---- a signal while the ladder is being written ----
# The i1 row's trigger counts for minutes, so once the journal exists the
# e1 run is written and the process is surely inside the transaction.
for sig in TERM INT; do
	sqlite3 d.db "create trigger slow after insert on runs when new.tier = 'i1' begin
	  select count(*) from (with recursive c(x) as (select 1 union all select x + 1 from c
	  where x < 4000000000) select x from c); end"
	before=$(sum d.db) n=$(runs d.db)
	env --default-signal="$sig" "$HTA_BIN" $L --db d.db "$EX" >o.txt 2>e.txt &
	pid=$!
	i=0
	while [ ! -e d.db-journal ] && [ $i -lt 1200 ]; do sleep 0.05; i=$((i + 1)); done
	[ -e d.db-journal ] && ok "SIG$sig: the ladder is writing" || bad "SIG$sig" "no journal after 60 s"
	sleep 0.3
	kill -"$sig" "$pid"
	wait "$pid" 2>/dev/null
	st=$?
	case $sig in TERM) want=143 ;; INT) want=130 ;; esac
	eq "SIG$sig mid-ladder: killed by the signal" "$st" "$want"
	contains "SIG$sig mid-ladder: message" "$(cat e.txt)" "interrupted by SIG$sig: the ladder's runs were rolled back; d.db is as it was"
	eq "SIG$sig mid-ladder: database byte-identical, no run" "$(sum d.db)|$(runs d.db)" "$before|$n"
	sqlite3 d.db "drop trigger slow"
	[ ! -e d.db-journal ] && ok "SIG$sig: no journal" || bad "SIG$sig: no journal" "d.db-journal left"
done

# ---- after all that, the ladder stores whole: three runs, one group ----
run_hta $L --db d.db "$EX"
eq "ladder stored: three runs" "$rc|$(runs d.db)" "1|4"
eq "ladder stored: one group named by its first run, tiers in order" \
	"$(q d.db "select group_concat(tier || ':' || (ladder = 2), ' ') from (select * from runs where id > 1 order by id)")" \
	"e1:1 i1:1 r2:1"

# ---- the report file is part of the transaction too ----
# It is put in place (the file it replaces kept as a hard link) before the
# commit, so nothing that can fail is left for after it. Moving it in
# fails (rename(), an LD_PRELOAD shim): nothing stored, the old report
# kept, nothing left behind.
cc -shared -fPIC -o failio.so "$SRC/tests/e2e/failio.c" -ldl 2>cc.err || bad "failio shim builds" "$(cat cc.err)"
echo "the previous report" >late.html
before=$(sum d.db) n=$(runs d.db)
ASAN_OPTIONS="${ASAN_OPTIONS:-}:verify_asan_link_order=0" LD_PRELOAD="$W/failio.so" \
  FAILIO_MATCH=late.html FAILIO_ERRNO=28 FAILIO_ON=rename \
  "$HTA_BIN" $L --db d.db --format html -o late.html "$EX" >o.txt 2>e.txt
rc=$?
no_tool_report "rename fails" "$rc" "$(cat e.txt)"
eq "the report cannot be moved in: exit 2" "$rc" 2
contains "the report cannot be moved in: names it" "$(cat e.txt)" "-o: cannot write 'late.html': No space left on device"
contains "the report cannot be moved in: nothing stored" "$(cat e.txt)" "the ladder's runs were not stored; d.db is as it was"
eq "the report cannot be moved in: database byte-identical, no run" "$(sum d.db)|$(runs d.db)" "$before|$n"
eq "the report cannot be moved in: the old report kept" "$(cat late.html)" "the previous report"
eq "the report cannot be moved in: nothing left behind" "$(ls late.html.* 2>/dev/null)" ""
# The commit itself fails (the database may not grow: the pages are
# written at the commit, after the report went in): the old report is put
# back.
(trap '' XFSZ; ulimit -f "$(( ($(wc -c <d.db) + unit - 1) / unit ))"; \
 exec "$HTA_BIN" $A --tier e1,i1 --db d.db -o late.html "$EX") >o.txt 2>e.txt
rc=$?
no_tool_report "commit fails" "$rc" "$(cat e.txt)"
eq "the commit fails: exit 2" "$rc" 2
contains "the commit fails: at the commit" "$(cat e.txt)" "cannot commit"
eq "the commit fails: database byte-identical, no run" "$(sum d.db)|$(runs d.db)" "$before|$n"
eq "the commit fails: the old report is back" "$(cat late.html)" "the previous report"
eq "the commit fails: nothing left behind" "$(ls late.html.* 2>/dev/null)" ""
# And when all goes well the report replaces the old one, no copy left.
run_hta $L --db d.db --format html -o late.html "$EX"
eq "stored with its report" "$rc|$(runs d.db)" "1|$((n + 3))"
contains "the new report is in place" "$(head -c 2000 late.html)" "<html"
eq "no copy of the old report left" "$(ls late.html.* 2>/dev/null)" ""
