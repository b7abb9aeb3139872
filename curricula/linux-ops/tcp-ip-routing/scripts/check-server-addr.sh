set -eu
plan_addr
where=$(addr_where "$second")
if [ -z "$where" ]; then
  # Name the common wrong answers: an address of that /26 that is not its last usable one.
  near=$(ip -o -4 addr show | awk -v b="${RIGHT_SUBNET%.*}." -v own="$SERVER_IP" '
    { split($4, a, "/"); if (index(a[1], b) == 1 && a[1] != own) { print a[1] "/" a[2]; exit } }')
  case "$near" in
    '') fail_t second-missing server_ip="$SERVER_IP" right_subnet="$RIGHT_SUBNET" ;;
    *.191/*) fail_t second-is-broadcast addr="${near%/*}" second_net="$second_net" ;;
    *.192/*) fail_t second-is-fourth-net addr="${near%/*}" right_subnet="$RIGHT_SUBNET" second_net="$second_net" ;;
    *.128/*) fail_t second-is-network addr="${near%/*}" ;;
    *.129/*) fail_t second-is-first addr="${near%/*}" ;;
    *) fail_t second-wrong near="$near" right_subnet="$RIGHT_SUBNET" ;;
  esac
fi
dev=$(printf '%s\n' "$where" | awk 'NR == 1 { print $1 }')
prefix=$(printf '%s\n' "$where" | awk 'NR == 1 { print $2 }')
[ "$prefix" = 26 ] || fail_t second-prefix-wrong second="$second" prefix="$prefix" dev="$dev"
[ "$dev" = eth0 ] || fail_t second-wrong-dev second="$second" dev="$dev"
has_addr "$SERVER_IP" || fail_t server-ip-gone server_ip="$SERVER_IP" right_prefix="$RIGHT_PREFIX"
pass_t second-ok second="$second" second_net="$second_net" server_ip="$SERVER_IP"
