set -eu
log=/srv/logs/access.log
out=/root/answers/top-ips.txt
[ -f "$log" ] || fail_t gone path="$log"
[ -f "$out" ] || fail_t no-top-ips-answer out="$out"

# Requests per client, busiest first: "COUNT IP".
counts=$(awk '{ n[$1]++ } END { for (ip in n) print n[ip], ip }' "$log" | sort -k1,1nr -k2,2)
count_of() { printf '%s\n' "$counts" | awk -v ip="$1" '$2 == ip { print $1; found = 1 } END { if (!found) print 0 }'; }

lines=$(grep -c '' "$out" || true)
[ "$lines" -eq 3 ] || fail_t top-ips-lines out="$out" lines="$lines"

i=0
seen=' '
while IFS= read -r line || [ -n "$line" ]; do
  i=$((i + 1))
  rank=$(printf '%s\n' "$counts" | sed -n "${i}p")
  want="${rank#* } ${rank%% *}"
  case "$line" in
    *"$(printf '\r')") fail_t top-ips-crlf line="$i" ;;
    [' '$'\t']*) fail_t top-ips-leading-blanks line="$i" text="$line" ;;
  esac
  if printf '%s\n' "$line" | grep -Eq '^[0-9]+[[:space:]]+[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$'; then
    fail_t top-ips-count-first line="$i" text="$line" want="$want"
  fi
  printf '%s\n' "$line" | grep -Eq '^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+ [0-9]+$' ||
    fail_t top-ips-bad-line line="$i" text="$line" want="$want"
  ip=${line% *}
  n=${line#* }
  case "$seen" in *" $ip "*) fail_t top-ips-repeated line="$i" ip="$ip" ;; esac
  seen="$seen$ip "
  real=$(count_of "$ip")
  [ "$real" -gt 0 ] || fail_t top-ips-unknown line="$i" ip="$ip" log="$log"
  [ "$n" = "$real" ] || fail_t top-ips-wrong-count line="$i" ip="$ip" n="$n" log="$log" real="$real"
  [ "$real" = "${rank%% *}" ] ||
    fail_t top-ips-wrong-rank line="$i" ip="$ip" real="$real" rank="${rank%% *}" want="$want"
done < "$out"
pass_t top-ips-ok out="$out"
