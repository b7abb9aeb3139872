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
# expect_left CASE DEST KEEP ARCHIVES...: exactly these archives of the source, and the
# files that are not its archives, are left in DEST.
expect_left() {
  name=$1 dest=$2 keep=$3
  shift 3
  want=$(printf '%s\n' "$@" README other-2023-12-31.tar.gz project-notes.txt | sort)
  have=$(cd "$dest" && ls -A | sort)
  [ "$have" = "$want" ] && return 0
  gone=$(comm -23 <(printf '%s\n' "$want") <(printf '%s\n' "$have") | tr '\n' ' ' | sed 's/ $//')
  extra=$(comm -13 <(printf '%s\n' "$want") <(printf '%s\n' "$have") | tr '\n' ' ' | sed 's/ $//')
  for f in README other-2023-12-31.tar.gz project-notes.txt; do
    [ -e "$dest/$f" ] ||
      fail_t rotate-deleted-other case="$name" cmd="$cmd" file="$f" gone="$gone"
  done
  if [ -n "$gone" ]; then
    case "$name" in
      second*) fail_t rotate-deleted-second-run case="$name" cmd="$cmd" gone="$gone" keep="$keep" want="$(printf '%s ' "$@" | sed 's/ $//')" ;;
    esac
    fail_t rotate-deleted-too-many case="$name" cmd="$cmd" gone="$gone" keep="$keep" want="$(printf '%s ' "$@" | sed 's/ $//')"
  fi
  fail_t rotate-left-extra case="$name" cmd="$cmd" dest="$dest" extra="$extra" keep="$keep" want="$(printf '%s ' "$@" | sed 's/ $//')"
}

today=$(date +%F)
mkdir -p "$scratch/src/project"
echo data > "$scratch/src/project/file.txt"

prefill "$scratch/keep2" project
run "$scratch/src/project" "$scratch/keep2" 2
[ "$rc" -eq 0 ] || fail_t rotate-exit case='KEEP=2' cmd="$cmd" rc="$rc" out="$out" err="$err"
today=$(date +%F)
expect_left 'KEEP=2' "$scratch/keep2" 2 "project-$today.tar.gz" project-2024-01-05.tar.gz

prefill "$scratch/default" project
run "$scratch/src/project" "$scratch/default"
[ "$rc" -eq 0 ] || fail_t rotate-exit case='KEEP left out (default 3)' cmd="$cmd" rc="$rc" out="$out" err="$err"
today=$(date +%F)
expect_left 'KEEP left out (default 3)' "$scratch/default" 3 "project-$today.tar.gz" project-2024-01-05.tar.gz project-2024-01-04.tar.gz

# Idempotence: the same run again changes nothing but the fresh archive.
run "$scratch/src/project" "$scratch/default"
[ "$rc" -eq 0 ] || fail_t rotate-exit-again case='second run on the same day' cmd="$cmd" rc="$rc" out="$out" err="$err"
today=$(date +%F)
expect_left 'second run on the same day' "$scratch/default" 3 "project-$today.tar.gz" project-2024-01-05.tar.gz project-2024-01-04.tar.gz
tar -tzf "$scratch/default/project-$today.tar.gz" >/dev/null 2>&1 </dev/null ||
  fail_t rotate-second-run-broke case='second run on the same day' cmd="$cmd" today="$today"

mkdir -p "$scratch/many"
for d in 01 02 03 04 05; do echo "old $d" > "$scratch/many/project-2024-01-$d.tar.gz"; done
echo other > "$scratch/many/other-2023-12-31.tar.gz"
echo notes > "$scratch/many/project-notes.txt"
echo readme > "$scratch/many/README"
run "$scratch/src/project" "$scratch/many" 10
[ "$rc" -eq 0 ] || fail_t rotate-exit case='KEEP=10, fewer archives than that' cmd="$cmd" rc="$rc" out="$out" err="$err"
today=$(date +%F)
expect_left 'KEEP=10, fewer archives than that' "$scratch/many" 10 "project-$today.tar.gz" project-2024-01-01.tar.gz project-2024-01-02.tar.gz project-2024-01-03.tar.gz project-2024-01-04.tar.gz project-2024-01-05.tar.gz

pass_t rotate-ok
