set -eu
# The inventory parses, and its group web is exactly node1 and node2, by name.
export HOME=/root COLUMNS=1000 ANSIBLE_NOCOLOR=1
inv=/root/fleet/inventory
[ -e "$inv" ] || fail "there is no $inv yet: create it (an INI file: a line [web], then node1 and node2, one per line)"
[ -f "$inv" ] || fail "$inv is not a file: this exercise wants one inventory file at that path"
cd /root/fleet
out=$(timeout 40 ansible web -i "$inv" --list-hosts </dev/null 2>&1) || fail "ansible could not read $inv: $(printf %s "$out" | tail -n 1)"

if printf %s "$out" | grep -q "Unable to parse $inv"; then
  if grep -qE '^[[:space:]]*\[' "$inv"; then plugin=ini; else plugin=yaml; fi
  why=$(printf '%s\n' "$out" | sed -n "s/.*Failed to parse .* with $plugin plugin: //p" | head -n 1 | cut -c 1-220)
  fail "ansible cannot parse $inv as an inventory${why:+ ($plugin: $why)}: in INI, a group is a line [web] and each host goes on a line of its own"
fi
hosts=$(printf '%s\n' "$out" | awk '/^ *hosts \([0-9]+\):/ { on = 1; next } on && NF { print $1 }' | sort | tr '\n' ' ' | sed 's/ $//')
if [ -z "$hosts" ]; then
  groups=$(ansible-inventory -i "$inv" --graph </dev/null 2>/dev/null | sed -n 's/^ *|--@\([^:]*\):$/\1/p' | grep -vx -e all -e ungrouped | tr '\n' ' ' | sed 's/ $//')
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
