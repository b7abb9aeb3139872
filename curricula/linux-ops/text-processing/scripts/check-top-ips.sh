set -eu
log=/srv/logs/access.log
out=/root/answers/top-ips.txt
[ -f "$log" ] || fail "$log is gone: reset the lab to get it back"
[ -f "$out" ] || fail "$out does not exist yet: write the top 3 clients into it, one 'IP COUNT' per line"

# Requests per client, busiest first: "COUNT IP".
counts=$(awk '{ n[$1]++ } END { for (ip in n) print n[ip], ip }' "$log" | sort -k1,1nr -k2,2)
count_of() { printf '%s\n' "$counts" | awk -v ip="$1" '$2 == ip { print $1; found = 1 } END { if (!found) print 0 }'; }

lines=$(grep -c '' "$out" || true)
[ "$lines" -eq 3 ] || fail "$out has $lines line(s); it needs exactly 3, the busiest client first (head -n 3)"

i=0
seen=' '
while IFS= read -r line || [ -n "$line" ]; do
  i=$((i + 1))
  rank=$(printf '%s\n' "$counts" | sed -n "${i}p")
  want="${rank#* } ${rank%% *}"
  case "$line" in
    *"$(printf '\r')") fail "line $i ends in a carriage return (\\r, Windows line ending): remove it (sed -i 's/\\r\$//')" ;;
    [' '$'\t']*) fail "line $i starts with blanks ('$line'): uniq -c pads its counts; print the fields again with awk '{ print \$2, \$1 }'" ;;
  esac
  if printf '%s\n' "$line" | grep -Eq '^[0-9]+[[:space:]]+[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$'; then
    fail "line $i is '$line': put the IP first, then the count ('$want')"
  fi
  printf '%s\n' "$line" | grep -Eq '^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+ [0-9]+$' ||
    fail "line $i is '$line': each line must be an IP, one space and a count, such as '$want'"
  ip=${line% *}
  n=${line#* }
  case "$seen" in *" $ip "*) fail "line $i names $ip again: each client appears once" ;; esac
  seen="$seen$ip "
  real=$(count_of "$ip")
  [ "$real" -gt 0 ] || fail "line $i names $ip, which made no request in $log"
  [ "$n" = "$real" ] || fail "line $i says $ip made $n requests; $log has $real from it (count lines by the first field: awk '{ print \$1 }' | sort | uniq -c)"
  [ "$real" = "${rank%% *}" ] ||
    fail "line $i is $ip with $real requests, but the client in place $i made ${rank%% *} requests (expected '$want'): sort by count, highest first (sort -rn)"
done < "$out"
pass "$out names the three busiest clients with their request counts"
