# Evidence integrity: the SHA-256 of every artifact is stored per run and
# matches sha256sum; an artifact named twice is read once and stored once;
# the incremental cache reuses a hash while path, size, mtime, ctime and
# inode are unchanged (and only then); --rehash reads everything again.
mkdir -p ev/docs ev/exports && cd ev
artifact docs/policy.pdf "access control policy"
artifact docs/runbook.md "iam runbook"
artifact exports/export.csv "user,mfa"
artifact exports/swap.csv "before the swap"
# 3 MB + 1 byte: many read blocks, a partial last one
head -c 3000001 /dev/urandom >exports/big.bin
cat > scope.yaml <<'Y'
as_of: 2026-11-01
tier: r2
factors:
  records_held: 20_000_000
  internet_facing: false
Y
# docs/policy.pdf is named by two manifests; ./exports/export.csv is a
# second spelling of exports/export.csv (one file, two rows, one read).
cat > t01.evidence.yaml <<'Y'
requirement: T.01
policy: { rating: FC, artifacts: [docs/policy.pdf], reviewed: 2026-10-01 }
procedure: { rating: FC, artifacts: [docs/runbook.md], reviewed: 2026-10-01 }
implemented: { rating: FC, artifacts: [exports/export.csv, exports/big.bin], tested: 2026-10-01 }
Y
cat > t02.evidence.yaml <<'Y'
requirement: T.02
policy: { rating: FC, artifacts: [docs/policy.pdf], reviewed: 2026-10-01 }
implemented: { rating: MC, artifacts: [exports/swap.csv, ./exports/export.csv], tested: 2026-10-01 }
Y
cd ..
# Files written in the same clock tick as they are hashed are never trusted
# from the cache (racily clean): give the tree an old mtime first.
old() { touch -d '2026-01-01 00:00:00' "$@"; }
old ev/docs/* ev/exports/*
# The same holds for the ctime, which no one but the kernel sets: a file
# changed less than 2 s before the run that hashed it is read again by the
# next run. Wait that long after a change whose hash a later check expects
# to be reused.
settle() { sleep 2.1; }
settle

arts() { q r.db "select path||' '||sha256||' '||size||' '||mtime_ns||' '||inode from artifacts where run_id=$1 order by path"; }
counts() { q r.db "select artifacts_hashed||' '||artifacts_cached||' '||bytes_hashed from runs where id=$1"; }
sha() { sha256sum "$1" | cut -d' ' -f1; }

# ---- run 1: cold (no database yet) ----
run_hta --catalog "$MINI" --db r.db ev
eq "cold run: exit 1 (domains fail)" "$rc" 1
case "$err" in *artifacts:*) bad "no progress off a terminal" "$err" ;; *) ok "no progress off a terminal" ;; esac
eq "one row per path as named: 6 (policy.pdf named twice is stored once)" \
  "$(q r.db "select count(*), count(distinct path), sum(path='docs/policy.pdf') from artifacts where run_id=1")" "6|6|1"
total=$(cat ev/docs/policy.pdf ev/docs/runbook.md ev/exports/export.csv ev/exports/swap.csv ev/exports/big.bin | wc -c | tr -d ' ')
eq "cold: 5 distinct files read, all their bytes" "$(counts 1)" "5 0 $total"
for f in docs/policy.pdf docs/runbook.md exports/export.csv exports/swap.csv exports/big.bin ./exports/export.csv; do
	eq "sha256 of $f matches sha256sum" "$(q r.db "select sha256 from artifacts where run_id=1 and path='$f'")" "$(sha "ev/$f")"
	eq "size, inode, mtime of $f as stat has them" \
	  "$(q r.db "select size||' '||inode||' '||mtime_ns from artifacts where run_id=1 and path='$f'")" \
	  "$(stat -c '%s %i' "ev/$f") $(stat -c '%.9Y' "ev/$f" | tr -d .)"
done

# ---- run 2: warm, nothing changed: no file is read ----
run_hta --catalog "$MINI" --db r.db ev
eq "warm: nothing read, 5 reused" "$(counts 2)" "0 5 0"
eq "warm: the same rows as the cold run" "$(arts 2)" "$(arts 1)"

# ---- a new mtime: that file alone is read again ----
touch -d '2026-02-01 00:00:00' ev/exports/export.csv
settle
run_hta --catalog "$MINI" --db r.db ev
eq "touched: 1 read, 4 reused" "$(counts 3)" "1 4 $(stat -c %s ev/exports/export.csv)"
eq "touched: both spellings carry the new mtime" \
  "$(q r.db "select count(*) from artifacts where run_id=3 and mtime_ns=$(stat -c '%.9Y' ev/exports/export.csv | tr -d .)")" "2"

# ---- a file swapped for another with the same size and mtime: the inode
# changed, so it is read again and the new content's hash is stored ----
printf 'after! the swap\n' >ev/exports/swap.new
touch -r ev/exports/swap.csv ev/exports/swap.new
ino_before=$(stat -c %i ev/exports/swap.csv)
mv ev/exports/swap.new ev/exports/swap.csv
[ "$(stat -c %i ev/exports/swap.csv)" != "$ino_before" ] && ok "swap changed the inode" || bad "swap changed the inode" "same inode"
settle
run_hta --catalog "$MINI" --db r.db ev
eq "swapped: 1 read, 4 reused" "$(counts 4 | cut -d' ' -f1,2)" "1 4"
eq "swapped: the new content's hash" "$(q r.db "select sha256 from artifacts where run_id=4 and path='exports/swap.csv'")" "$(sha ev/exports/swap.csv)"
eq "swapped: the new inode" "$(q r.db "select inode from artifacts where run_id=4 and path='exports/swap.csv'")" "$(stat -c %i ev/exports/swap.csv)"

# ---- an in-place rewrite that keeps size, mtime and inode (the mtime set
# back with touch) is seen by its ctime and read again; --rehash reads
# every file again ----
cp -p ev/docs/runbook.md keep.md
printf 'IAM RUNBOOK\n' | dd of=ev/docs/runbook.md conv=notrunc 2>/dev/null
touch -r keep.md ev/docs/runbook.md
run_hta --catalog "$MINI" --db r.db ev
eq "same size, mtime and inode, new ctime: read again" "$(counts 5 | cut -d' ' -f1,2)" "1 4"
eq "same size, mtime and inode, new ctime: the new content's hash" \
  "$(q r.db "select sha256 from artifacts where run_id=5 and path='docs/runbook.md'")" "$(sha ev/docs/runbook.md)"
run_hta --catalog "$MINI" --db r.db --rehash ev
eq "--rehash: every file read" "$(counts 6)" "5 0 $total"
eq "--rehash: the new content's hash" \
  "$(q r.db "select sha256 from artifacts where run_id=6 and path='docs/runbook.md'")" "$(sha ev/docs/runbook.md)"

# ---- racily clean: a file whose mtime is not at least 2 s older than the
# run that hashed it is read again by the next run too, since a second write
# in the same clock tick would keep its mtime. (A file written just before a
# run is such a file; an mtime a minute ahead makes that independent of how
# fast the run starts, under valgrind too.) ----
printf 'fresh runbook\n' >ev/docs/runbook.md
touch -d "@$(($(date +%s) + 60))" ev/docs/runbook.md
run_hta --catalog "$MINI" --db r.db ev
eq "fresh file: read" "$(counts 7 | cut -d' ' -f1,2)" "1 4"
run_hta --catalog "$MINI" --db r.db ev
eq "fresh file: read again (racy), the others reused" "$(counts 8 | cut -d' ' -f1,2)" "1 4"
old ev/docs/runbook.md
settle
run_hta --catalog "$MINI" --db r.db ev
run_hta --catalog "$MINI" --db r.db ev
eq "once old enough it is reused" "$(counts 10 | cut -d' ' -f1,2)" "0 5"

# ---- the cache is per evidence root: another copy of the tree is read ----
cp -a ev ev2
run_hta --catalog "$MINI" --db r.db ev2
eq "another root: everything read" "$(counts 11 | cut -d' ' -f1,2)" "5 0"

# ---- a failed run leaves the database byte-identical, even though the
# cache read it first ----
run_hta --catalog "$MINI" --db "$W/keep.db" ev
eq "keep.db written" "$rc" 1
printf 'requirement: T.03\nbogus: 1\n' >ev/t03.evidence.yaml
expect_error "bad manifest after a cached run" "unknown key" --catalog "$MINI" ev
rm ev/t03.evidence.yaml

# ---- scores are unchanged by the cache ----
eq "same scores cold and warm" "$(q r.db "select group_concat(score) from requirement_scores where run_id=1")" \
  "$(q r.db "select group_concat(score) from requirement_scores where run_id=2")"

# ---- a file the assessor may not read is a finding and its level counts 0
# (root reads everything: only checked as another user) ----
if [ "$(id -u)" != 0 ]; then
	chmod 000 ev/exports/swap.csv
	run_hta --catalog "$MINI" --db u.db ev
	eq "unreadable: a finding" "$(q u.db "select code from findings where requirement_id='T.02' and code like 'artifact-%'")" "artifact-unreadable"
	eq "unreadable: implemented counts 0" "$(q u.db "select implemented from requirement_scores where requirement_id='T.02'")" "0.0"
	eq "unreadable: not in artifacts" "$(q u.db "select count(*) from artifacts where path='exports/swap.csv'")" "0"
	chmod 644 ev/exports/swap.csv
fi

# ---- progress on a terminal: stderr shows what was read; -q silences it ----
if command -v script >/dev/null; then
	script -qec "$HTA_BIN --catalog $MINI --db p.db --rehash ev" /dev/null >tty.out 2>&1
	contains "progress on a terminal" "$(cat tty.out)" "artifacts: 0 unchanged, 5 of 5 hashed"
	script -qec "$HTA_BIN --catalog $MINI --db p.db -q ev" /dev/null >tty2.out 2>&1
	case "$(cat tty2.out)" in *artifacts:*) bad "-q: no progress" "shown" ;; *) ok "-q: no progress" ;; esac
fi

# ---- symlinks: resolve()'s fast path must decide as realpath() does ----
mkdir -p sl/real sl/deep/er outside
artifact sl/real/r.txt "through a link"
artifact sl/deep/er/d.txt "plain"
artifact outside/o.txt "outside"
ln -s real sl/linkdir
ln -s "$W/outside" sl/outdir
ln -s ../real/r.txt sl/deep/file-link
cp ev/scope.yaml sl/
cat > sl/t01.evidence.yaml <<'Y'
requirement: T.01
policy: { rating: FC, artifacts: [linkdir/r.txt, deep/er/d.txt], reviewed: 2026-10-01 }
procedure: { rating: FC, artifacts: [outdir/o.txt], reviewed: 2026-10-01 }
implemented: { rating: FC, artifacts: [deep/file-link, deep//er/./d.txt, deep/er/../er/d.txt], tested: 2026-10-01 }
Y
run_hta --catalog "$MINI" --db s.db sl
eq "symlinks: findings" "$(q s.db "select code||' '||line from findings where requirement_id='T.01' and code like 'artifact-%'")" "artifact-outside-root 3"
eq "symlinks: link to a file inside, and a linked directory inside, are hashed" \
  "$(q s.db "select count(*) from artifacts where sha256='$(sha sl/real/r.txt)'")" "2"
eq "symlinks: three spellings of d.txt, one read" \
  "$(q s.db "select count(*), count(distinct sha256) from artifacts where sha256='$(sha sl/deep/er/d.txt)'")" "3|1"
eq "symlinks: 2 distinct files read" "$(q s.db "select artifacts_hashed from runs")" "2"

# ---- many artifacts: rows are written 64 to an INSERT, plus the rest ----
mkdir -p many/a
cp ev/scope.yaml many/
i=0; list=""
while [ "$i" -lt 150 ]; do
	printf 'artifact %d\n' "$i" >"many/a/f$i.txt"
	list="$list${list:+, }a/f$i.txt"
	i=$((i + 1))
done
printf 'requirement: T.01\nimplemented: { rating: FC, artifacts: [%s], tested: 2026-10-01 }\n' "$list" >many/t01.evidence.yaml
run_hta --catalog "$MINI" --db m.db many
eq "150 artifacts: 150 rows" "$(q m.db "select count(*) from artifacts")" "150"
eq "150 artifacts: every hash is sha256sum's" \
  "$(q m.db "select sha256||'  '||path from artifacts order by path")" \
  "$(cd many && sha256sum a/*.txt | LC_ALL=C sort -k2)"
