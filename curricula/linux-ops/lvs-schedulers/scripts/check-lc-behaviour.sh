set -eu
# Held connections (the hold service on port 9000 keeps them open). With nothing else open:
# 3 holds land one per server under lc (and rr). Then close the one on the server of hold 2
# and open a new one: lc must pick that server, the only one with no active connection,
# while rr would go on to the server of hold 1. Then again with the server of hold 3.
out=$(holds 9000 o o o c2 o c3 o)
err=$(printf '%s\n' "$out" | awk '$1 == "error" { print $2, $3; exit }')
[ -z "$err" ] || hold_error $err 9000
srv() { printf '%s\n' "$out" | awk -v n="$1" '$1 == "open" && $2 == n { print $3 }'; }
s1=$(srv 1) s2=$(srv 2) s3=$(srv 3) s4=$(srv 4) s5=$(srv 5)
[ -n "$s5" ] || broken "holds gave no result: $(printf '%s' "$out" | tr '\n' ' ')"
first="3 held connections to $VIP:9000 went to $s1, $s2, $s3"
if [ "$s1" = "$s2" ] && [ "$s2" = "$s3" ]; then
  fail "$first: all to one server, although it already had open connections. lc never piles on while another server has fewer; sh or persistence (-p) keep one client on one server"
fi
if [ "$s1" = "$s2" ] || [ "$s2" = "$s3" ] || [ "$s1" = "$s3" ]; then
  fail "$first: one server got two while another had none. lc picks the server with the fewest active connections. Is a connection of your own still open to $VIP:9000 (close it), or a server at weight 0?"
fi
[ "$s4" = "$s2" ] ||
  fail "$first. Then the one on $s2 was closed, so $s2 had 0 active connections and the others 1 each, yet the next new connection went to $s4. lc would choose $s2; $s4 is where the turn of rr (or wrr) comes next. The scheduler takes turns instead of counting connections"
[ "$s5" = "$s3" ] ||
  fail "$first, and after closing the one on $s2 the next went to $s2 (right). Then the one on $s3 was closed, but the next went to $s5 instead of $s3, the only server with no active connection"
pass "$first; after closing the one on $s2, the next went to $s2, and after closing the one on $s3, the next to $s3: the fewest active connections wins"
