set -eu
# Runs the learner's backup-rotate against destination directories that already hold
# older archives and other files, and reports the first case that misbehaves.
require_script

make_scratch

# prefill DIR NAME: five older archives of NAME, plus files that are not NAME's archives.
prefill() {
  mkdir -p "$1"
  for d in 01 02 03 04 05; do echo "old $d" > "$1/$2-2024-01-$d.tar.gz"; done
  echo other > "$1/other-2023-12-31.tar.gz"
  echo notes > "$1/$2-notes.txt"
  echo readme > "$1/README"
}
# expect_left DEST KEEP ARCHIVES...: exactly these archives of the source, and the files that are
# not its archives, are left in DEST. $c names the case: each case has its own messages (KEY.$c),
# so that the case's name is in the learner's language.
expect_left() {
  dest=$1 keep=$2
  shift 2
  want=$(printf '%s\n' "$@" README other-2023-12-31.tar.gz project-notes.txt | sort)
  have=$(cd "$dest" && ls -A | sort)
  [ "$have" = "$want" ] && return 0
  gone=$(comm -23 <(printf '%s\n' "$want") <(printf '%s\n' "$have") | tr '\n' ' ' | sed 's/ $//')
  extra=$(comm -13 <(printf '%s\n' "$want") <(printf '%s\n' "$have") | tr '\n' ' ' | sed 's/ $//')
  for f in README other-2023-12-31.tar.gz project-notes.txt; do
    [ -e "$dest/$f" ] ||
      fail_t "rotate-deleted-other.$c" cmd="$cmd" file="$f" gone="$gone"
  done
  # Too many archives deleted: the second run's message says why a second run may do that.
  [ -z "$gone" ] || fail_t "rotate-deleted.$c" cmd="$cmd" gone="$gone" keep="$keep" want="$(printf '%s ' "$@" | sed 's/ $//')"
  fail_t "rotate-left-extra.$c" cmd="$cmd" dest="$dest" extra="$extra" keep="$keep" want="$(printf '%s ' "$@" | sed 's/ $//')"
}

today=$(date +%F)
mkdir -p "$scratch/src/project"
echo data > "$scratch/src/project/file.txt"

prefill "$scratch/keep2" project
run "$scratch/src/project" "$scratch/keep2" 2
c=keep-2
[ "$rc" -eq 0 ] || fail_t rotate-exit.keep-2 cmd="$cmd" rc="$rc" out="$out" err="$err"
today=$(date +%F)
expect_left "$scratch/keep2" 2 "project-$today.tar.gz" project-2024-01-05.tar.gz

prefill "$scratch/default" project
run "$scratch/src/project" "$scratch/default"
c=default
[ "$rc" -eq 0 ] || fail_t rotate-exit.default cmd="$cmd" rc="$rc" out="$out" err="$err"
today=$(date +%F)
expect_left "$scratch/default" 3 "project-$today.tar.gz" project-2024-01-05.tar.gz project-2024-01-04.tar.gz

# Idempotence: the same run again changes nothing but the fresh archive.
run "$scratch/src/project" "$scratch/default"
c=second-run
[ "$rc" -eq 0 ] || fail_t rotate-exit-again cmd="$cmd" rc="$rc" out="$out" err="$err"
today=$(date +%F)
expect_left "$scratch/default" 3 "project-$today.tar.gz" project-2024-01-05.tar.gz project-2024-01-04.tar.gz
tar -tzf "$scratch/default/project-$today.tar.gz" >/dev/null 2>&1 </dev/null ||
  fail_t rotate-second-run-broke cmd="$cmd" today="$today"

mkdir -p "$scratch/many"
for d in 01 02 03 04 05; do echo "old $d" > "$scratch/many/project-2024-01-$d.tar.gz"; done
echo other > "$scratch/many/other-2023-12-31.tar.gz"
echo notes > "$scratch/many/project-notes.txt"
echo readme > "$scratch/many/README"
run "$scratch/src/project" "$scratch/many" 10
c=keep-10
[ "$rc" -eq 0 ] || fail_t rotate-exit.keep-10 cmd="$cmd" rc="$rc" out="$out" err="$err"
today=$(date +%F)
expect_left "$scratch/many" 10 "project-$today.tar.gz" project-2024-01-01.tar.gz project-2024-01-02.tar.gz project-2024-01-03.tar.gz project-2024-01-04.tar.gz project-2024-01-05.tar.gz

pass_t rotate-ok
