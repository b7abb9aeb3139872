set -eu
# The rules are saved in iptables-save format, restorable, and the same as the live ones.
f=/etc/iptables/rules.v4
[ -s "$f" ] || fail_t saved-missing f="$f"
if ! err=$(iptables-restore --test < "$f" 2>&1); then
  head=$(head -c 3 "$f")
  [ "$head" = '-P ' ] &&
    fail_t saved-is-iptables-s f="$f"
  fail_t saved-unreadable f="$f" out="$(printf '%s\n' "$err" | head -n 1)"
fi
filter() { awk '/^\*filter/ { f = 1; next } /^COMMIT/ { f = 0 } f'; }
saved=$(filter < "$f")
[ -n "$saved" ] || fail_t saved-no-filter f="$f"
spolicy=$(printf '%s\n' "$saved" | awk '$1 == ":INPUT" { print $2 }')
[ -n "$spolicy" ] || fail_t saved-no-input-policy f="$f"
[ "$spolicy" = DROP ] || fail_t saved-policy-not-drop f="$f" spolicy="$spolicy"
live=$(iptables-save -t filter | filter | grep '^-A INPUT' || true)
file=$(printf '%s\n' "$saved" | grep '^-A INPUT' || true)
if [ "$live" != "$file" ]; then
  only=$(printf '%s\n' "$live" | grep -vxF -f <(printf '%s\n' "$file") | head -n 1 || true)
  [ -n "$only" ] && fail_t saved-lacks-rule f="$f" only="$only"
  fail_t saved-differs f="$f"
fi
grep -q -- '--dport 2222' "$f" || fail_t saved-no-2222 f="$f"
pass_t saved-ok f="$f"
