set -eu
want=15
running=$(pgrep -x reindex | tr '\n' ' ' | sed 's/ $//')
[ -n "$running" ] ||
  fail_t reindex-gone want="$want"
for pid in $running; do
  ni=$(ps -o ni= -p "$pid" | tr -d ' ')
  [ "$ni" = "$want" ] && continue
  if [ "$ni" -lt "$want" ]; then
    fail_t nice-too-low pid="$pid" ni="$ni" want="$want"
  fi
  fail_t nice-too-high pid="$pid" ni="$ni" want="$want"
done
case "$(ps -o stat= -p "${running%% *}")" in
  T*) fail_t reindex-stopped pid="${running%% *}" want="$want" ;;
esac
pass_t nice-ok pid="$running" want="$want"
