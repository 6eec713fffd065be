# Hardening 2 (issue 14, docs/robustness.md "Hardening 2"): the hash cache
# sees an in-place edit whose mtime was set back (ctime); a resource error
# of the process is an error of the run, never a finding; a crafted
# database is refused cleanly; non-finite numbers, SQLite's special
# database names, long paths, bad bytes and look-alike ids; the lock wait.
# Every exit 2 here leaves the database byte-identical.

# sum FILE — the file's SHA-256 ("none" when absent)
sum() { if [ -f "$1" ]; then sha256sum <"$1" | cut -d' ' -f1; else echo none; fi; }
sha() { sha256sum "$1" | cut -d' ' -f1; }

# fails2 NAME DB WANT ARGS... — exit 2, WANT in the message, DB byte-identical
fails2() {
	name=$1; db=$2; want=$3; shift 3
	before=$(sum "$db")
	run_hta "$@"
	eq "$name: exit 2" "$rc" 2
	contains "$name: message" "$err" "$want"
	eq "$name: database byte-identical" "$(sum "$db")" "$before"
}

mkdir -p ev/docs ev/exports
artifact ev/docs/policy.md "access control policy"
artifact ev/exports/users.csv "alice,mfa"
cat >ev/t01.evidence.yaml <<'Y'
requirement: T.01
implemented: { rating: FC, artifacts: [exports/users.csv], tested: 2026-10-01 }
Y
cat >ev/t02.evidence.yaml <<'Y'
requirement: T.02
implemented: { rating: FC, artifacts: [docs/policy.md], tested: 2026-10-01 }
Y
touch -d '2026-01-01 00:00:00' ev/docs/* ev/exports/*
E1="--catalog $MINI --tier e1 --as-of 2026-11-01 -q"

# ---- item 2: the hash cache compares the ctime. An in-place edit of the
# same size whose mtime is set back keeps path, size, mtime and inode; only
# the ctime moves (no one but the kernel sets it). ----
run_hta $E1 --db c.db ev
eq "ctime: first run stored" "$(q c.db "select count(*) from artifacts where run_id=1")" 2
ino=$(stat -c %i ev/exports/users.csv)
printf 'bob,nomfa\n' | dd of=ev/exports/users.csv conv=notrunc 2>/dev/null
touch -d '2026-01-01 00:00:00' ev/exports/users.csv
eq "ctime: same inode, size and mtime after the edit" \
  "$(stat -c '%i %s %Y' ev/exports/users.csv)" "$ino $(q c.db "select size||' '||(mtime_ns/1000000000) from artifacts where run_id=1 and path='exports/users.csv'")"
run_hta $E1 --db c.db ev
eq "ctime: the edited file's NEW sha256 is stored" \
  "$(q c.db "select sha256 from artifacts where run_id=2 and path='exports/users.csv'")" "$(sha ev/exports/users.csv)"
eq "ctime: stored with the file's ctime" \
  "$(q c.db "select ctime_ns from artifacts where run_id=2 and path='exports/users.csv'")" \
  "$(stat -c '%.9Z' ev/exports/users.csv | tr -d .)"
eq "ctime: schema version 4 (2: ctime, 3: the deliverable, 4: catalog digest)" "$(q c.db "pragma user_version")" 4
# Once the ctime is safely old (2 s: the racily-clean margin), the next run
# reuses the hash: the ctime makes the cache exact, not useless.
sleep 2.2
run_hta $E1 --db c.db ev
run_hta $E1 --db c.db ev
eq "ctime: an unchanged tree is reused" "$(q c.db "select artifacts_hashed||' '||artifacts_cached from runs where id=4")" "0 2"

# A version 1 database (the first release's): read, upgraded in the run's
# own transaction, its rows (no ctime) never trusted.
"$SRC/tests/e2e/mkdb_v1.sh" v1.db
run_hta $E1 --db v1.db ev
eq "v1: a run is added" "$rc|$(q v1.db "select count(*) from runs")" "1|2"
eq "v1: upgraded to version 4" "$(q v1.db "pragma user_version")" 4
eq "v1: the old row is kept, ctime NULL" "$(q v1.db "select count(*) from artifacts where run_id=1 and ctime_ns is null")" 1
eq "v1: nothing trusted from version 1 rows" "$(q v1.db "select artifacts_hashed||' '||artifacts_cached from runs where id=2")" "2 0"
"$SRC/tests/e2e/mkdb_v1.sh" v1b.db
run_hta report --db v1b.db
eq "v1: report reads a version 1 database" "$rc" 0
eq "v1: report leaves it version 1" "$(q v1b.db "pragma user_version")" 1
printf 'requirement: T.03\nbogus: 1\n' >ev/t03.evidence.yaml
fails2 "v1: a failed run leaves a version 1 database as it was" v1b.db "unknown key" $E1 --db v1b.db ev
rm ev/t03.evidence.yaml

# ---- item 3: out of descriptors, memory, or an I/O error while reading an
# artifact is an error of the run (exit 2, nothing stored), never an
# artifact-unreadable finding. Injected exactly there by an LD_PRELOAD shim
# (deterministic); then under real ulimit -n limits. ----
cc -shared -fPIC -o failio.so "$SRC/tests/e2e/failio.c" -ldl 2>cc.err || bad "failio shim builds" "$(cat cc.err)"
run_hta $E1 --db r.db ev
rm -f r.db
run_hta $E1 --db r.db ev
for e in "24 EMFILE open" "23 ENFILE open" "12 ENOMEM open" "5 EIO read"; do
	set -- $e
	before=$(sum r.db)
	ASAN_OPTIONS="${ASAN_OPTIONS:-}:verify_asan_link_order=0" LD_PRELOAD="$W/failio.so" \
	  FAILIO_MATCH=users.csv FAILIO_ERRNO=$1 FAILIO_ON=$3 \
	  "$HTA_BIN" $E1 --db r.db --rehash ev >o.txt 2>e.txt
	rc=$?
	eq "$2 on $3: exit 2" "$rc" 2
	contains "$2 on $3: names the artifact and the cause" "$(cat e.txt)" "exports/users.csv: cannot read artifact: $(perl -e "\$! = $1; print \"\$!\"")"
	eq "$2 on $3: nothing stored" "$(sum r.db)" "$before"
done
# EACCES is about the file: still a finding (the level counts 0), exit 1
ASAN_OPTIONS="${ASAN_OPTIONS:-}:verify_asan_link_order=0" LD_PRELOAD="$W/failio.so" \
  FAILIO_MATCH=users.csv FAILIO_ERRNO=13 "$HTA_BIN" $E1 --db r.db --rehash ev >o.txt 2>e.txt
eq "EACCES: a finding, not an error" "$?|$(q r.db "select code from findings where run_id=2 and code like 'artifact-%'")" "1|artifact-unreadable"
# Real descriptor limits: whatever the limit, a run either fails (exit 2,
# nothing stored) or completes without blaming the evidence.
for n in 5 6 7 8 9 10; do
	rm -f u.db
	(ulimit -n $n; exec "$HTA_BIN" $E1 --db u.db --rehash ev) >o.txt 2>e.txt
	urc=$?
	if [ "$urc" = 2 ]; then
		eq "ulimit -n $n: exit 2 stores nothing" "$(sum u.db)" none
	else
		eq "ulimit -n $n: no artifact blamed" "$(q u.db "select count(*) from findings where code like 'artifact-%'")" 0
	fi
done

# ---- item 5: every value read back from the database is untrusted. A
# database with our tables and user_version but a NULL, a wrong type, an
# unknown name, an impossible date or a bad rank is refused by report,
# diff and assess --fail-on-new with exit 2, naming table, column and row,
# and left byte-identical (--fail-on-new fails before its run is stored). ----
rm -f good.db
run_hta $E1 --db good.db ev
run_hta $E1 --db good.db ev
eq "crafted: two good runs" "$(q good.db "select count(*) from runs")" 2
# loose TABLE — drop the table's NOT NULL and CHECK constraints, as a
# crafted file would not have them
loose() {
	q "$1" "create table x_$2 as select * from $2; drop table $2; alter table x_$2 rename to $2;"
}
rowid_of() { q "$1" "select rowid from $2 where run_id=2 $3 limit 1"; }
n=0
for c in "runs verdict NULL" "runs tier NULL" "runs as_of NULL" "runs tier 'x9'" \
	 "runs as_of '2026-02-30'" "runs verdict 'maybe'" "runs addons 'ai-bogus'" \
	 "runs gap_count 'many'" "runs overall_score 1e999" \
	 "findings code NULL" "findings code 'no-such-code'" "findings message NULL" \
	 "findings line -4" "requirement_scores status 'bogus'" "requirement_scores score 'high'" \
	 "requirement_scores domain '99'" "requirement_scores pool NULL" \
	 "requirement_scores implemented x'00ff'" "requirement_scores requirement_id NULL" \
	 "gaps rank 999" "gaps kind 'sideways'" "gaps points_lost -1" "gaps reason NULL" \
	 "domain_scores name NULL" "domain_scores score 1e999" "domain_scores domain '1x'" \
	 "artifacts sha256 'zz'" "artifacts size NULL"; do
	set -- $c
	n=$((n + 1))
	cp good.db bad$n.db
	loose bad$n.db "$1"
	if [ "$1" = runs ]; then where="id=2"; row=2
	elif [ "$1" = artifacts ]; then where="run_id=2 and path='docs/policy.md'"; row=1
	else where="rowid=(select min(rowid) from $1 where run_id=2)"; row=$(q bad$n.db "select min(rowid) from $1 where run_id=2"); fi
	q bad$n.db "update $1 set $2 = $3 where $where"
	want="table $1, column $2, row $row"
	[ "$1" = gaps ] && [ "$2" = rank ] && want="table gaps, column rank"
	fails2 "crafted $1.$2=$3: report" bad$n.db "$want" report --db bad$n.db
	fails2 "crafted $1.$2=$3: diff" bad$n.db "$want" diff --db bad$n.db
	# (a run whose tier is not a tier is not comparable: --fail-on-new
	# rightly compares with run 1 then)
	[ "$2" = tier ] ||
	fails2 "crafted $1.$2=$3: assess --fail-on-new" bad$n.db "$want" $E1 --db bad$n.db --fail-on-new ev
	fails2 "crafted $1.$2=$3: report --format json" bad$n.db "$want" report --db bad$n.db --format json
done
# two gaps with one rank (i1: T.03 and T.04 have no manifest)
run_hta --catalog "$MINI" --tier i1 --as-of 2026-11-01 -q --db dup.db ev
loose dup.db gaps
if [ "$(q dup.db "select count(*) from gaps where run_id=1")" -ge 2 ]; then
	q dup.db "update gaps set rank = 1 where run_id=1"
	fails2 "crafted: a rank given twice" dup.db "table gaps, column rank" report --db dup.db
else
	bad "crafted: a rank given twice" "the fixture has fewer than two gaps"
fi
# report --list survives NULLs
cp good.db list.db
loose list.db runs
q list.db "update runs set tier = NULL, started_at = NULL, verdict = x'00' where id=2"
run_hta report --db list.db --list
eq "crafted: report --list prints NULLs as ?" "$rc" 0

# ---- item 6: non-finite numbers are refused in every numeric option and
# file value (a NaN threshold compares false and switched the gate off) ----
run_hta $E1 --db g.db --min-score 95 ev
eq "min-score 95: the gate fails" "$rc" 1
for v in nan NaN -nan inf -inf infinity 1e999 0x1p99999; do
	fails2 "--min-score $v" g.db "--min-score: '$v' is not a number from 0 to 100" $E1 --db g.db --min-score "$v" ev
done
mkdir -p nv && cp -r ev/docs ev/exports nv/
for bad in "coverage: .nan" "coverage: nan" "coverage: .inf" "coverage: -.inf" "coverage: 1e999"; do
	printf 'requirement: T.01\nimplemented: { %s, artifacts: [exports/users.csv], tested: 2026-10-01 }\n' "$bad" >nv/t01.evidence.yaml
	fails2 "manifest $bad" g.db "t01.evidence.yaml:2:" $E1 --db g.db nv
done
printf 'requirement: T.01\ninherited: { provider: aws, weight: .nan }\n' >nv/t01.evidence.yaml
printf 'providers:\n  aws: { score: 100 }\n' >nv/scope.yaml
fails2 "manifest weight .nan" g.db "t01.evidence.yaml:2:" $E1 --db g.db nv
printf 'requirement: T.01\n' >nv/t01.evidence.yaml
for v in .nan .inf nan; do
	printf 'providers:\n  aws: { score: %s }\n' "$v" >nv/scope.yaml
	fails2 "scope provider score $v" g.db "scope.yaml:2:" $E1 --db g.db nv
done

# ---- item 8: --db names SQLite treats specially (a temporary or in-memory
# database: the run would be lost) are refused by every command, before
# any work; ./NAME is an ordinary file ----
for d in "" ":memory:" "file:x.db?mode=memory" "file::memory:" "FILE:x.db" "file:y.db"; do
	run_hta $E1 --db "$d" ev
	eq "--db '$d': assess exit 2" "$rc" 2
	contains "--db '$d': assess says why" "$err" "--db:"
	run_hta report --db "$d"
	eq "--db '$d': report exit 2" "$rc" 2
	contains "--db '$d': report says why" "$err" "--db:"
	run_hta diff --db "$d"
	eq "--db '$d': diff exit 2" "$rc" 2
done
eq "--db URIs: no file made" "$(ls | grep -c '^file:\|^FILE:\|^x.db\|^y.db')" 0
run_hta $E1 --db ./file:y.db ev
eq "--db ./file:y.db: an ordinary file" "$rc|$(q ./file:y.db "select count(*) from runs")" "1|1"

# ---- the lock wait (issue 15): another process holds the database lock.
# One bounded wait for the whole run (the read-only cache open and the
# write share it), then exit 2 with "database is locked by another
# process" naming the file; the file byte-identical. The holder is the
# sqlite3 shell inside BEGIN EXCLUSIVE, fed through a FIFO. ----
rm -f lk.db
run_hta $E1 --db lk.db ev
mkfifo lk.fifo
sqlite3 lk.db <lk.fifo >lk.out 2>&1 &
holder=$!
exec 3>lk.fifo
# The holder says when it holds the lock (a poll of its output: probing the
# file from here could itself make its BEGIN EXCLUSIVE busy).
echo ".timeout 20000
BEGIN EXCLUSIVE; SELECT 'locked', count(*) FROM runs;" >&3
i=0
while [ $i -lt 400 ] && ! grep -q locked lk.out; do
	sleep 0.05; i=$((i + 1))
done
grep -q locked lk.out && ok "lock: held by another process" || bad "lock: held by another process" "$(cat lk.out)"
fails2 "lock: assess" lk.db "lk.db: database is locked by another process" $E1 --db lk.db --busy-timeout 200 ev
eq "lock: assess gives up once (one line)" "$(printf '%s\n' "$err" | wc -l | tr -d ' ')" 1
fails2 "lock: assess --rehash (no cache open: the write waits)" lk.db "database is locked by another process" \
  $E1 --db lk.db --busy-timeout 200 --rehash ev
fails2 "lock: report" lk.db "lk.db: database is locked by another process" report --db lk.db --busy-timeout 100
fails2 "lock: diff" lk.db "database is locked by another process" diff --db lk.db --busy-timeout 100
fails2 "--busy-timeout -1" lk.db "--busy-timeout: '-1' is not a whole number" report --db lk.db --busy-timeout -1
exec 3>&-
wait $holder
run_hta $E1 --db lk.db --busy-timeout 0 ev
eq "lock released: the run is stored" "$rc|$(q lk.db "select count(*) from runs")" "1|2"

# ---- item 1: -o never destroys the database, a device or a symlink ----
rm -f o.db
run_hta $E1 --db o.db ev
for spelling in o.db ./o.db "$W/o.db" "sub/../o.db" o.db-journal; do
	mkdir -p sub
	fails2 "-o $spelling (the database): assess" o.db "is the report database" $E1 --db o.db -o "$spelling" --format json ev
	fails2 "-o $spelling (the database): report" o.db "is the report database" report --db o.db -o "$spelling"
done
ln -s o.db o-link.db
fails2 "-o a symlink to the database" o.db "is the report database" report --db o.db -o o-link.db
eq "the database is still a database" "$(q o.db "select count(*) from runs")" 1
# a symlink to a regular file is written through: the link stays a link
printf 'old\n' >real.json
ln -s real.json link.json
run_hta report --db o.db --format json -o link.json
eq "-o symlink: exit 0" "$rc" 0
[ -L link.json ] && ok "-o symlink: still a symlink" || bad "-o symlink: still a symlink" "replaced by a file"
contains "-o symlink: the target holds the report" "$(cat real.json)" '"verdict"'
ln -s nowhere/x.json dangling.json
run_hta report --db o.db -o dangling.json
eq "-o dangling symlink: exit 2" "$rc" 2
contains "-o dangling symlink: says so" "$err" "symlink to nothing"
# a symlink to standard output, as /dev/stdout is (not /dev/stdout itself:
# run as root, the first release's binary would replace the real one)
ln -s /proc/self/fd/1 my-stdout
"$HTA_BIN" report --db o.db --format json -o my-stdout 2>e.txt | cat >got.txt
[ -L my-stdout ] && ok "-o /proc/self/fd/1 link: still a symlink" || bad "-o /proc/self/fd/1 link: still a symlink" "replaced"
contains "-o /proc/self/fd/1 link: the report went to stdout" "$(cat got.txt)" '"verdict"'
# devices: written in place, never replaced (as root: copies made with mknod)
if [ "$(id -u)" = 0 ]; then
	mknod full.dev c 1 7 && mknod null.dev c 1 3
	fails2 "-o a copy of /dev/full" o.db "No space left on device" report --db o.db -o full.dev
	[ -c full.dev ] && ok "-o /dev/full copy: still a device" || bad "-o /dev/full copy: still a device" "replaced"
	run_hta report --db o.db -o null.dev
	eq "-o /dev/null copy: exit 0" "$rc" 0
	[ -c null.dev ] && ok "-o /dev/null copy: still a device" || bad "-o /dev/null copy: still a device" "replaced"
	fails2 "assess -o a copy of /dev/full: rolled back" o.db "No space left on device" $E1 --db o.db -o full.dev ev
fi
mkfifo out.fifo
cat out.fifo >fifo.txt &
run_hta report --db o.db --format json -o out.fifo
wait $!
eq "-o a FIFO: exit 0" "$rc" 0
[ -p out.fifo ] && ok "-o a FIFO: still a FIFO" || bad "-o a FIFO: still a FIFO" "replaced"
contains "-o a FIFO: the reader got the report" "$(cat fifo.txt)" '"verdict"'

# ---- item 4: output is part of the transaction. An -o that cannot be
# written is found before the run is stored (or rolls it back); either way
# the database is byte-identical, and no temporary file is left ----
mkdir -p outdir
long=$(printf '%05000d' 0)
fails2 "-o a directory" o.db "Is a directory" $E1 --db o.db -o outdir ev
fails2 "-o under a missing directory" o.db "No such file or directory" $E1 --db o.db -o nodir/r.json ev
fails2 "-o a 5,000-character name" o.db "File name too long" $E1 --db o.db -o "$long.json" ev
fails2 "-o /dev/full (write fails after the store's inserts)" o.db "No space left on device" $E1 --db o.db -o /dev/full ev
E1V="--catalog $MINI --tier e1 --as-of 2026-11-01" # the summary on stdout
before=$(sum o.db)
"$HTA_BIN" $E1V --db o.db ev >/dev/full 2>e.txt
eq "stdout is /dev/full: exit 2" "$?" 2
contains "stdout is /dev/full: says so" "$(cat e.txt)" "cannot write to standard output: No space left on device"
eq "stdout is /dev/full: database byte-identical" "$(sum o.db)" "$before"
"$HTA_BIN" $E1V --db o.db ev >&- 2>e.txt
eq "stdout closed: exit 2" "$?" 2
contains "stdout closed: says so" "$(cat e.txt)" "cannot write to standard output"
eq "stdout closed: database byte-identical" "$(sum o.db)" "$before"
# a pipe whose reader is gone (EPIPE): assess ignores SIGPIPE while storing
cat >epipe.py <<'P'
import os, signal, subprocess, sys
r, w = os.pipe()
os.close(r)
p = subprocess.run(sys.argv[2:], stdout=w, stderr=subprocess.PIPE,
                   preexec_fn=(lambda: signal.signal(signal.SIGPIPE, signal.SIG_IGN)) if sys.argv[1] == "ign" else None)
sys.stdout.write("%d %s" % (p.returncode, p.stderr.decode(errors="replace").strip()))
P
before=$(sum o.db)
res=$(python3 epipe.py dfl "$HTA_BIN" $E1V --db o.db ev)
eq "stdout a closed pipe: assess exit 2" "${res%% *}" 2
contains "stdout a closed pipe: says so" "$res" "Broken pipe"
eq "stdout a closed pipe: database byte-identical" "$(sum o.db)" "$before"
# the other order: the store fails after -o was opened: -o untouched
printf 'keep me\n' >keep.json
printf 'not a database\n' >text.db
run_hta $E1 --db text.db -o keep.json --format json ev
eq "store fails after -o opened: exit 2" "$rc" 2
eq "store fails after -o opened: -o untouched" "$(cat keep.json)" "keep me"
eq "no temporary file left behind" "$(ls | grep -c '\.tmp\.')" 0
n0=$(q o.db "select count(*) from runs")
run_hta $E1 --db o.db -o good.json --format json ev
eq "a good -o: stored and written" "$rc|$(q o.db "select count(*) from runs")|$(grep -c '"verdict"' good.json)" "1|$((n0 + 1))|1"

# ---- item 7: every command's standard output is checked to the end ----
for cmdline in "diff --db o.db" "catalog list --catalog $MINI" "catalog stats --catalog $MINI" \
	       "catalog list --catalog $MINI --format json" "report --db o.db" "report --db o.db --list" \
	       "--version" "--help"; do
	# shellcheck disable=SC2086
	"$HTA_BIN" $cmdline >/dev/full 2>e.txt
	eq "$cmdline >/dev/full: exit 2" "$?" 2
	contains "$cmdline >/dev/full: says so" "$(cat e.txt)" "cannot write to standard output: No space left on device"
	# shellcheck disable=SC2086
	res=$(python3 epipe.py ign "$HTA_BIN" $cmdline)
	eq "$cmdline into a closed pipe, SIGPIPE ignored: exit 2" "${res%% *}" 2
	# shellcheck disable=SC2086
	res=$(python3 epipe.py dfl "$HTA_BIN" $cmdline)
	eq "$cmdline into a closed pipe: SIGPIPE (documented)" "${res%% *}" -13
done

# ---- item 10: messages say what went wrong and with which file ----
long=$(printf '%05000d' 0)
fails2 "a 5,000-character --scope: the cause is printed" o.db "scope.yaml: cannot open: File name too long" \
  $E1 --db o.db --scope "$W/$long/scope.yaml" ev
eq "a 5,000-character --scope: one line, shortened in the middle" \
  "$(printf '%s\n' "$err" | wc -l | tr -d ' ')|$(printf '%s' "$err" | grep -c ' \.\.\. ')" "1|1"
run_hta $E1 --db "$W/$long/x.db" ev
eq "a 5,000-character --db: exit 2" "$rc" 2
contains "a 5,000-character --db: the cause is printed" "$err" "File name too long"
mkdir -p u8
printf 'requirement: T.01\nowner: "ab\351cd"\n' >u8/a.evidence.yaml
fails2 "Latin-1 byte inside a value: its real value and place" o.db "a.evidence.yaml:2:11: invalid trailing UTF-8 octet (byte 0xe9)" $E1 --db o.db u8
printf 'requirement: T.01\nowner: ab\351' >u8/a.evidence.yaml
fails2 "a bad byte at the end of the file: its real value" o.db "a.evidence.yaml:2:10: incomplete UTF-8 octet sequence (byte 0xe9)" $E1 --db o.db u8
printf 'requirement: T.01\nowner: ab\303\n' >u8/a.evidence.yaml
fails2 "a lead byte before a newline: the lead byte" o.db "a.evidence.yaml:2:10: invalid trailing UTF-8 octet (byte 0xc3)" $E1 --db o.db u8
rm -rf u8
run_hta catalog export --format oscal --catalog "$MINI"
SOURCE_DATE_EPOCH=253402300799 "$HTA_BIN" catalog export --format oscal --catalog "$MINI" >sde.json 2>e.txt
contains "SOURCE_DATE_EPOCH=253402300799: written as 9999-12-31" "$(cat sde.json)" '"last-modified": "9999-12-31T23:59:59Z"'
SOURCE_DATE_EPOCH=253402300800 "$HTA_BIN" catalog export --format oscal --catalog "$MINI" >sde.json 2>e.txt
eq "SOURCE_DATE_EPOCH past 9999: exit 2" "$?" 2
contains "SOURCE_DATE_EPOCH past 9999: says so" "$(cat e.txt)" "after 9999-12-31T23:59:59Z"
# init under a file-size limit leaves no 0-byte scope.yaml; an empty one
# left by an older version is written afresh
(ulimit -f 0; exec "$HTA_BIN" init --catalog "$MINI" --tier r2 fz) 2>&1 | cat >/dev/null
[ -s fz/scope.yaml ] || [ ! -e fz/scope.yaml ] && ok "init under ulimit -f 0: no empty scope.yaml" \
  || bad "init under ulimit -f 0: no empty scope.yaml" "$(ls -la fz)"
mkdir -p ez && : >ez/scope.yaml
run_hta init --catalog "$MINI" --tier r2 ez
eq "init over an empty scope.yaml: exit 0" "$rc" 0
contains "init over an empty scope.yaml: written afresh" "$(cat ez/scope.yaml)" "records_held"
contains "init over an empty scope.yaml: says so" "$err" "is empty"

# ---- item 11: a look-alike character in an id is shown escaped ----
mkdir -p la
for id in 'T.0\320\260:T.0\u0430' 'T.01\342\200\213:T.01\u200b' 'T.\357\274\220\357\274\221:T.\uff10\uff11'; do
	printf "requirement: \"${id%%:*}\"\n" >la/a.evidence.yaml
	fails2 "look-alike id ${id#*:}" o.db "unknown requirement '${id#*:}'" $E1 --db o.db la
done
