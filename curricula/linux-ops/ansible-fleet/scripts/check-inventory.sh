set -eu
# The inventory parses, and its group web is exactly node1 and node2, by name.
export HOME=/root ANSIBLE_NOCOLOR=1
inv=/root/fleet/inventory
[ -e "$inv" ] || fail_t no-inventory inv="$inv"
[ -f "$inv" ] || fail_t inventory-not-file inv="$inv"
cd /root/fleet
out=$(timeout 40 ansible web -i "$inv" --list-hosts </dev/null 2>&1) || fail_t inventory-unreadable inv="$inv" said="$(printf %s "$out" | tail -n 1)"

if printf %s "$out" | grep -q "Unable to parse $inv"; then
  if grep -qE '^[[:space:]]*\[' "$inv"; then plugin=ini; else plugin=yaml; fi
  # ansible wraps its warnings at 80 columns: one line per warning, then the one of this plugin.
  why=$(printf '%s\n' "$out" | awk '/^\[WARNING\]|^ERROR!/ { if (w != "") print w; w = $0; next } { w = w " " $0 } END { print w }' |
    sed -n "s/.*Failed to parse $(printf %s "$inv" | sed 's|/|\\/|g') with $plugin plugin: //p" | head -n 1)
  case "$plugin" in
    ini) why=$(printf %s "$why" | sed "s|^$inv:\([0-9]*\):|line \1:|") ;;
    yaml) why=$(printf %s "$why" | sed -n 's/.*Syntax Error while loading YAML\. *\(.*\) *The error appears to be in [^:]*: \(line [0-9]*\).*/\2: \1/p') ;;
  esac
  why=$(printf %s "$why" | sed 's/  */ /g; s/ *$//' | cut -c 1-200)
  if [ "$plugin" = ini ]; then
    [ -z "$why" ] || fail_t ini-unparsable-why inv="$inv" why="$why"
    fail_t ini-unparsable inv="$inv"
  fi
  [ -z "$why" ] || fail_t inventory-unparsable-why inv="$inv" why="$why"
  fail_t inventory-unparsable inv="$inv"
fi
hosts=$(printf '%s\n' "$out" | awk '/^ *hosts \([0-9]+\):/ { on = 1; next } on && NF { print $1 }' | sort | tr '\n' ' ' | sed 's/ $//')
if [ -z "$hosts" ]; then
  groups=$(ansible-inventory -i "$inv" --graph </dev/null 2>/dev/null | sed -n 's/^ *|--@\([^:]*\):$/\1/p' | grep -vx -e all -e ungrouped | tr '\n' ' ' | sed 's/ $//')
  loose=$(ansible ungrouped -i "$inv" --list-hosts </dev/null 2>/dev/null | awk '/^ *hosts \(/ { on = 1; next } on && NF { print $1 }' | tr '\n' ' ' | sed 's/ $//')
  [ -z "$loose" ] || fail_t hosts-in-no-group inv="$inv" hosts="$loose"
  [ -z "$groups" ] || fail_t no-web-group-has-groups inv="$inv" groups="$groups"
  fail_t no-web-group inv="$inv"
fi
[ "$hosts" = "node1 node2" ] && pass_t inventory-ok inv="$inv"

for h in $hosts; do
  case "$h" in
    node1|node2) ;;
    *[0-9].[0-9]*[0-9].[0-9]*) fail_t web-lists-address host="$h" ;;
    *) getent hosts "$h" >/dev/null 2>&1 ||
         fail_t web-lists-unknown host="$h"
       fail_t web-lists-other host="$h" hosts="$hosts" ;;
  esac
done
fail_t web-missing-host hosts="$hosts"
