set -eu
# /root/answers/outside-uid: the UID that root (UID 0) of this host has outside its user
# namespace, on the machine: the second field of the line of /proc/self/uid_map whose first
# field covers 0 (0 when the host has no user namespace of its own).
f=/root/answers/outside-uid
[ -s "$f" ] || fail "there is no $f yet: write the UID that root of this host is on the machine (cat /proc/self/uid_map)"
a=$(head -n 1 "$f" | tr -d ' \t\r')
want=$(awk '$1 <= 0 && 0 < $1 + $3 { print $2 - $1; exit }' /proc/self/uid_map)
[ -n "$want" ] || broken "root is not mapped in /proc/self/uid_map on $(hostname)"
[ "$a" = "$want" ] && pass "root of $(hostname) is UID $want on the machine"
case "$a" in ''|*[!0-9]*) fail "$f says '$a': write a UID, a whole number" ;; esac
count=$(awk '$1 <= 0 && 0 < $1 + $3 { print $3; exit }' /proc/self/uid_map)
[ "$a" = 0 ] &&
  fail "0 is root's UID inside this host's user namespace, where id says uid=0. /proc/self/uid_map maps it: inside-UID, outside-UID, count. Write the outside one"
[ "$a" = "$count" ] && fail "$a is the third field of uid_map, how many UIDs are mapped; the second field is where UID 0 lands on the machine"
fail "$a is not where root of $(hostname) lands: read the line of /proc/self/uid_map that starts with 0 (inside UID, outside UID, count)"
