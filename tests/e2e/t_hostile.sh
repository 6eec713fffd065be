# Hostile evidence trees (docs/robustness.md): every limit of the document
# reader, confinement of artifacts and manifests to the evidence root, and
# files that are not what their names say. Unreadable input exits 2 with one
# line naming file and line, with the database byte-identical; evidence
# that is readable but refused becomes a finding.
#
# No check here measures time: how fast the limits are hit is measured by
# tests/bench/limits.sh (make bench-limits), where a busy machine or a
# sanitizer build cannot fail the test suite.

# Every run is bounded so that a hang (a FIFO opened for reading, a loop)
# ends as a failure (exit 124 from timeout) rather than a stuck test suite.
# The bound is a hang guard, far above any real run (10 minutes under
# valgrind, which runs code some 50 times slower).
real_bin=$HTA_BIN
guard=120
[ -n "${HTA_VG_BIN:-}" ] && guard=600
printf '#!/bin/sh\nexec timeout -k 5 %s "%s" "$@"\n' "$guard" "$real_bin" >"$W/hta-guard"
chmod +x "$W/hta-guard"
HTA_BIN="$W/hta-guard"

mkdir -p ev/sub && cd ev
artifact a.txt
printf 'as_of: 2026-11-01\n' >scope.yaml
printf 'requirement: T.01\nimplemented: { rating: FC, artifacts: [a.txt], tested: 2026-10-01 }\n' >t01.evidence.yaml
cd ..
run_hta --catalog "$MINI" --tier e1 --db keep.db ev
eq "baseline run" "$rc" 1

# hostile NAME WANT FILE — FILE (already written under ev/) is refused:
# exit 2, one line with WANT, database untouched; then removed
hostile() {
	expect_error "$1" "$2" --catalog "$MINI" --tier e1 ev
	rm -f "ev/$3"
}

# ---- limits of the document reader --------------------------------------
# Billion laughs: nine levels of nine aliases would expand to 10^9 values;
# the first alias is refused before anything expands.
{
	echo 'requirement: T.02'
	echo 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'
	p=a
	for c in b c d e f g h i; do
		printf '%s: &%s [*%s,*%s,*%s,*%s,*%s,*%s,*%s,*%s,*%s]\n' $c $c $p $p $p $p $p $p $p $p $p
		p=$c
	done
} >ev/lol.evidence.yaml
hostile "billion laughs" "lol.evidence.yaml:3:8: aliases (*name) are not supported" lol.evidence.yaml

# nesting: 16 levels are the limit (the manifest itself is the first)
printf 'requirement: T.02\nnotes: %s1%s\n' "$(printf '%040d' 0 | tr 0 '[')" "$(printf '%040d' 0 | tr 0 ']')" >ev/deep.evidence.yaml
hostile "nesting too deep" "deep.evidence.yaml:2:23: nesting is too deep (limit 16)" deep.evidence.yaml
# a megabyte of '[' stops at the 16th
{ printf 'requirement: T.02\nnotes: '; head -c 1000000 /dev/zero | tr '\0' '['; } >ev/flow.evidence.yaml
hostile "a megabyte of open brackets" "flow.evidence.yaml:2:23: nesting is too deep" flow.evidence.yaml

# a list of 10,001 artifacts; a mapping of 10,001 keys
{ printf 'requirement: T.02\nimplemented:\n  artifacts: ['; i=0; while [ $i -lt 10000 ]; do printf 'a.txt,'; i=$((i + 1)); done; printf 'a.txt]\n'; } >ev/list.evidence.yaml
hostile "list too long" "list.evidence.yaml:3:60015: a list has too many items (limit 10000)" list.evidence.yaml
{ printf 'requirement: T.02\npolicy:\n'; i=0; while [ $i -le 10000 ]; do printf '  k%d: 1\n' $i; i=$((i + 1)); done; } >ev/keys.evidence.yaml
hostile "mapping too wide" "keys.evidence.yaml:10003:3: a mapping has too many keys (limit 10000)" keys.evidence.yaml
# 11 lists of 9,999 values: 110,000 values in all, over the 100,000 limit
{
	printf 'requirement: T.02\nnotes:\n'
	l=0
	while [ $l -lt 11 ]; do
		printf '  - ['; head -c 9999 /dev/zero | tr '\0' '1' | sed 's/1/1,/g; s/,$//'; printf ']\n'
		l=$((l + 1))
	done
} >ev/values.evidence.yaml
hostile "too many values" "values.evidence.yaml:" values.evidence.yaml
contains "too many values: the limit" "$err" "too many values (limit 100000)"
# one scalar of 70,000 bytes
{ printf 'requirement: T.02\nnotes: '; head -c 70000 /dev/zero | tr '\0' x; echo; } >ev/long.evidence.yaml
hostile "value too long" "long.evidence.yaml:2:8: value is too long (70000 bytes, limit 65536)" long.evidence.yaml

# ---- files that are not what they say -----------------------------------
# an 8 GiB (sparse) file named as a manifest: refused by its size, unread
truncate -s 8G ev/giant.evidence.yaml
hostile "gigantic manifest" "giant.evidence.yaml:1:1: file is too large (8589934592 bytes, limit 1048576)" giant.evidence.yaml
# a program named as a manifest
cp /bin/true ev/bin.evidence.yaml
hostile "binary manifest" "bin.evidence.yaml:1:" bin.evidence.yaml
contains "binary manifest: why" "$err" "binary file (NUL byte)"
# bytes that are not UTF-8, with no NUL
printf 'requirement: T.02\nnotes: caf\351\n' >ev/latin1.evidence.yaml
hostile "not UTF-8" "latin1.evidence.yaml:2:11: incomplete UTF-8 octet sequence" latin1.evidence.yaml
printf 'requirement: T.02\nnotes: a\001b\n' >ev/ctl.evidence.yaml
hostile "control character" "ctl.evidence.yaml:2:9: control characters are not allowed" ctl.evidence.yaml
printf 'requirement: T.02\n---\nrequirement: T.03\n' >ev/two.evidence.yaml
hostile "two documents" "two.evidence.yaml:2:1: more than one document" two.evidence.yaml
# JSON: 2,000 levels deep stops in the strict check; 10,001 items
{ printf '{"requirement": "T.02", "notes": '; head -c 2000 /dev/zero | tr '\0' '['; head -c 2000 /dev/zero | tr '\0' ']'; printf '}\n'; } >ev/deep.evidence.json
hostile "JSON nested 2,000 deep" "deep.evidence.json:1:" deep.evidence.json
{ printf '{"requirement": "T.02", "notes": ['; i=0; while [ $i -lt 10000 ]; do printf '1,'; i=$((i + 1)); done; printf '1]}\n'; } >ev/wide.evidence.json
hostile "JSON list too long" "a list has too many items (limit 10000)" wide.evidence.json

# ---- hostile text in names and values ------------------------------------
# a requirement id with a newline and a terminal escape: one line, escaped
printf 'requirement: "T.\\e[2J\\nX"\n' >ev/id.evidence.yaml
hostile "escape codes in an id" "unknown requirement 'T.\\x1b[2J\\x0aX'" id.evidence.yaml
# a manifest whose file name holds a newline and an escape
nl_name="$(printf 'new\nline\033[31m').evidence.yaml"
printf 'requirement: T.02\nbogus: 1\n' >"ev/$nl_name"
hostile "escape codes in a file name" "new\\x0aline\\x1b[31m.evidence.yaml:2:1: unknown key 'bogus'" "$nl_name"

# ---- not regular files: scope, database -----------------------------------
mv ev/scope.yaml scope.keep && mkfifo ev/scope.yaml
expect_error "scope.yaml is a FIFO" "scope.yaml: not a regular file" --catalog "$MINI" --tier e1 ev
rm ev/scope.yaml && mv scope.keep ev/scope.yaml
mkfifo db.fifo
run_hta --catalog "$MINI" --tier e1 --db db.fifo ev
eq "--db is a FIFO: exit 2" "$rc" 2
contains "--db is a FIFO: message" "$err" "db.fifo: not a regular file"
mkdir db.dir
run_hta --catalog "$MINI" --tier e1 --db db.dir ev
eq "--db is a directory: exit 2" "$rc" 2

# ---- the evidence walk: nothing read outside the root, nothing but files --
# Outside the root: a broken manifest and a directory of broken manifests;
# if either were read the run would fail with exit 2.
printf 'requirement: [\n' >outside.yaml
mkdir outdir && printf 'requirement: [\n' >outdir/bad.evidence.yaml
echo secret >outside.txt
cd ev
ln -s ../outside.yaml link.evidence.yaml      # symlink manifest, out of the root
ln -s t01.evidence.yaml alias.evidence.yaml   # symlink manifest, in the root
mkfifo fifo.evidence.yaml                     # would block a reader
ln -s ../outdir outdir                        # directory symlink out of the root
ln -s . self                                  # directory symlink loop
mkdir .hidden && cp ../outside.yaml .hidden/x.evidence.yaml
python3 -c 'import socket,sys; [socket.socket(socket.AF_UNIX).bind(p) for p in sys.argv[1:]]' \
	sock.evidence.yaml sock
devices=0
if mknod null.evidence.yaml c 1 3 2>/dev/null && mknod null c 1 3 2>/dev/null; then devices=1; fi
# artifacts: outside by .., absolute, through a symlink, a symlink loop, a
# FIFO, a socket, a device, a directory, a symlinked directory out of the
# root; and two that stay inside (.. within the root, a symlink within it)
mkfifo fifo
ln -s ../outside.txt out-link
ln -s loop loop
ln -s a.txt inside-link
cat >t02.evidence.yaml <<'Y'
requirement: T.02
implemented:
  rating: FC
  tested: 2026-10-01
  artifacts:
    - ../outside.txt
    - /etc/hostname
    - out-link
    - sub/../../outside.txt
    - loop
    - fifo
    - sock
    - "null"
    - sub
    - outdir/bad.evidence.yaml
    - sub/../a.txt
    - inside-link
    - self/a.txt
Y
cd ..
run_hta --catalog "$MINI" --tier e1 --db keep.db ev
eq "hostile tree: assessed (a gate fails), not refused" "$rc" 1
f() { q keep.db "select code from findings where run_id = (select max(id) from runs) and ($1)"; }
art() { f "message like '%artifact ''$1''%'"; }
eq "artifact ../outside.txt" "$(art ../outside.txt)" artifact-outside-root
eq "artifact /etc/hostname" "$(art /etc/hostname)" artifact-outside-root
eq "artifact symlink out of the root" "$(art out-link)" artifact-outside-root
eq "artifact sub/../../outside.txt" "$(art sub/../../outside.txt)" artifact-outside-root
eq "artifact symlink loop" "$(art loop)" artifact-refused
contains "artifact symlink loop: why" "$(q keep.db "select message from findings where message like '%''loop''%'")" "symlink loop"
eq "artifact FIFO" "$(art fifo)" artifact-not-file
eq "artifact socket" "$(art sock)" artifact-not-file
[ "$devices" = 1 ] && eq "artifact device" "$(art null)" artifact-not-file
[ "$devices" = 1 ] || eq "artifact missing (no device here)" "$(art null)" artifact-missing
eq "artifact directory" "$(art sub)" artifact-not-file
eq "artifact through a directory symlink out of the root" "$(art outdir/bad.evidence.yaml)" artifact-outside-root
eq "artifact sub/../a.txt stays inside: accepted" "$(art sub/../a.txt)" ""
eq "artifact symlink inside the root: accepted" "$(art inside-link)" ""
eq "artifact through the self link: accepted" "$(art self/a.txt)" ""
eq "hostile artifacts count 0" "$(q keep.db "select implemented from requirement_scores where run_id = (select max(id) from runs) and requirement_id = 'T.02'")" "0.0"
m() { f "path = '$1' and code = 'manifest-refused'"; }
eq "manifest symlink out of the root: refused, not read" "$(m link.evidence.yaml)" manifest-refused
eq "manifest symlink inside the root: refused" "$(m alias.evidence.yaml)" manifest-refused
eq "manifest FIFO: refused, not opened" "$(m fifo.evidence.yaml)" manifest-refused
eq "manifest socket: refused" "$(m sock.evidence.yaml)" manifest-refused
[ "$devices" = 1 ] && eq "manifest device: refused" "$(m null.evidence.yaml)" manifest-refused
eq "directory symlinks and hidden directories are not walked" \
	"$(f "path like 'outdir/%' or path like 'self/%' or path like '.hidden/%'")" ""
eq "manifests read: t01 and t02 only" "$(q keep.db "select manifests from runs where id = (select max(id) from runs)")" 2

# ---- a tree nested deeper than 64 directories ------------------------------
d=ev/deep
i=0
while [ $i -lt 70 ]; do d=$d/d; i=$((i + 1)); done
mkdir -p "$d"
expect_error "evidence tree too deep" "evidence tree is nested too deep" --catalog "$MINI" --tier e1 ev
rm -rf ev/deep

# ---- a hostile catalog: big lists cost linear time, then a limit ---------
# (--catalog is the operator's, but a crafted one must not hang the tool)
mkdir -p bigcat/statements
{
	sed '/^controls:/,$d' "$MINI/catalog.yaml"
	echo 'controls:'
	for id in 01.a 01.q 03.b 09.aa 10.b; do printf '  - { id: "%s", title: t }\n' $id; done
	awk 'BEGIN { for (i = 0; i < 99995; i++) printf "  - { id: \"c%d\", title: t }\n", i }'
} >bigcat/catalog.yaml
{
	echo 'statements:'
	awk 'BEGIN { for (i = 0; i < 99000; i++) printf "  - { id: \"S%d\", domain: \"11\", control: \"c%d\", title: t, statement: s, tiers: [r2], effort: 1 }\n", i, 99994 - i }'
} >bigcat/statements/big.yaml
run_hta catalog stats --catalog bigcat
eq "100,000 controls and 99,000 statements: loaded" "$rc" 0
echo '  - { id: "one-too-many", title: t }' >>bigcat/catalog.yaml
run_hta catalog stats --catalog bigcat
eq "100,001 controls: exit 2" "$rc" 2
contains "100,001 controls: message" "$err" "bigcat/catalog.yaml:100039:5: a list has too many items (limit 100000)"
{
	sed '/^factors:/,$d' "$MINI/catalog.yaml"
	echo 'factors:'
	awk 'BEGIN { for (i = 0; i < 257; i++) printf "  - { name: f%d, type: boolean, question: q }\n", i }'
	sed -n '/^compliance:/,$p' "$MINI/catalog.yaml"
} >bigcat/catalog.yaml
run_hta catalog stats --catalog bigcat
eq "257 factors: exit 2" "$rc" 2
contains "257 factors: message" "$err" "at most 256 factors"

# A manifest is not an artifact (contract 2.1: artifacts are every other
# file): a level whose artifacts are manifests (itself, another, a link to
# one) lends nothing; the same level with a real artifact scores.
mkdir mv && artifact mv/a.txt
printf 'requirement: T.02\n' >mv/t02.evidence.yaml
ln -s t02.evidence.yaml mv/notes.txt
printf 'requirement: T.01\nimplemented: { rating: FC, artifacts: [t01.evidence.yaml, t02.evidence.yaml, notes.txt], tested: 2026-10-01 }\n' >mv/t01.evidence.yaml
run_hta --catalog "$MINI" --tier e1 --as-of 2026-11-01 --db mv.db mv
eq "manifests as artifacts: assessed" "$rc" 1
mvf() { q mv.db "select code from findings where message like '%artifact ''$1''%'"; }
eq "itself as its artifact" "$(mvf t01.evidence.yaml)" artifact-refused
eq "another manifest as an artifact" "$(mvf t02.evidence.yaml)" artifact-refused
eq "a link to a manifest as an artifact" "$(mvf notes.txt)" artifact-refused
contains "manifest as artifact: why" "$(q mv.db "select message from findings where message like '%''notes.txt''%'")" "is an evidence manifest, not an artifact"
eq "manifests as artifacts: the level counts 0" "$(q mv.db "select implemented from requirement_scores where requirement_id = 'T.01'")" "0.0"
printf 'requirement: T.01\nimplemented: { rating: FC, artifacts: [a.txt], tested: 2026-10-01 }\n' >mv/t01.evidence.yaml
run_hta --catalog "$MINI" --tier e1 --as-of 2026-11-01 --db mv2.db mv
eq "a real artifact: the level scores" "$(q mv2.db "select implemented from requirement_scores where requirement_id = 'T.01'")" "100.0"
