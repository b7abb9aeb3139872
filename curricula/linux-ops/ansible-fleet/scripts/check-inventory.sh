set -eu
# The inventory parses, and its group web is exactly node1 and node2, by name.
export HOME=/root ANSIBLE_NOCOLOR=1
inv=/root/fleet/inventory
[ -e "$inv" ] || fail "there is no $inv yet: create it (an INI file: a line [web], then node1 and node2, one per line)"
[ -f "$inv" ] || fail "$inv is not a file: this exercise wants one inventory file at that path"
cd /root/fleet
out=$(timeout 40 ansible web -i "$inv" --list-hosts </dev/null 2>&1) || fail "ansible could not read $inv: $(printf %s "$out" | tail -n 1)"

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
  [ "$plugin" = ini ] && fail "ansible cannot parse $inv as an INI inventory${why:+ ($why)}: a group is a line [web], and each host goes on a line of its own"
  fail "ansible cannot parse $inv, as INI (it has no [group] line) or as YAML${why:+ (YAML $why)}: the simplest inventory is INI, a line [web] and then one host per line"
fi
hosts=$(printf '%s\n' "$out" | awk '/^ *hosts \([0-9]+\):/ { on = 1; next } on && NF { print $1 }' | sort | tr '\n' ' ' | sed 's/ $//')
if [ -z "$hosts" ]; then
  groups=$(ansible-inventory -i "$inv" --graph </dev/null 2>/dev/null | sed -n 's/^ *|--@\([^:]*\):$/\1/p' | grep -vx -e all -e ungrouped | tr '\n' ' ' | sed 's/ $//')
  loose=$(ansible ungrouped -i "$inv" --list-hosts </dev/null 2>/dev/null | awk '/^ *hosts \(/ { on = 1; next } on && NF { print $1 }' | tr '\n' ' ' | sed 's/ $//')
  [ -z "$loose" ] || fail "$inv lists $loose, but in no group: put a line [web] above them"
  fail "$inv has no group web with hosts in it${groups:+ (its groups: $groups)}: start the group with a line [web] (web, lower case) and list node1 and node2 under it"
fi
[ "$hosts" = "node1 node2" ] && pass "group web of $inv holds node1 and node2"

for h in $hosts; do
  case "$h" in
    node1|node2) ;;
    *[0-9].[0-9]*[0-9].[0-9]*) fail "group web lists the address $h: name the hosts node1 and node2 (they resolve through /etc/hosts, and the playbook will write each host's inventory name into its page)" ;;
    *) getent hosts "$h" >/dev/null 2>&1 ||
         fail "group web lists $h, which no name lookup knows (getent hosts $h finds nothing): the lab's hosts are node1 and node2"
       fail "group web lists $h, but the web servers of this lab are node1 and node2: web must hold exactly those two (found: $hosts)" ;;
  esac
done
fail "group web holds only $hosts: it needs both node1 and node2"
