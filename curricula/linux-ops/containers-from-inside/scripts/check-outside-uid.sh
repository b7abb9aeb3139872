set -eu
# /root/answers/outside-uid: the UID that root (UID 0) of this host has outside its user
# namespace, on the machine: the second field of the line of /proc/self/uid_map whose first
# field covers 0 (0 when the host has no user namespace of its own).
f=/root/answers/outside-uid
[ -s "$f" ] || fail_t uid-no-answer file="$f"
a=$(head -n 1 "$f" | tr -d ' \t\r')
want=$(awk '$1 <= 0 && 0 < $1 + $3 { print $2 - $1; exit }' /proc/self/uid_map)
[ -n "$want" ] || broken "root is not mapped in /proc/self/uid_map on $(hostname)"
[ "$a" = "$want" ] && pass_t uid-ok host="$(hostname)" want="$want"
case "$a" in ''|*[!0-9]*) fail_t uid-not-number file="$f" answer="$a" ;; esac
count=$(awk '$1 <= 0 && 0 < $1 + $3 { print $3; exit }' /proc/self/uid_map)
[ "$a" = 0 ] &&
  fail_t uid-is-inside
[ "$a" = "$count" ] && fail_t uid-is-count answer="$a"
fail_t uid-wrong answer="$a" host="$(hostname)"
