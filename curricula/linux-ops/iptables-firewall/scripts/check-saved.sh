set -eu
# The rules are saved in iptables-save format, restorable, and the same as the live ones.
f=/etc/iptables/rules.v4
[ -s "$f" ] || fail "there is no $f (or it is empty): mkdir -p /etc/iptables && iptables-save > $f"
if ! err=$(iptables-restore --test < "$f" 2>&1); then
  head=$(head -c 3 "$f")
  [ "$head" = '-P ' ] &&
    fail "$f holds the output of iptables -S, which is a list of commands, not a file iptables-restore reads: iptables-save > $f"
  fail "iptables-restore --test cannot read $f: $(printf '%s\n' "$err" | head -n 1). Write it with iptables-save > $f"
fi
filter() { awk '/^\*filter/ { f = 1; next } /^COMMIT/ { f = 0 } f'; }
saved=$(filter < "$f")
[ -n "$saved" ] || fail "$f has no *filter table: iptables-save > $f saves all tables"
spolicy=$(printf '%s\n' "$saved" | awk '$1 == ":INPUT" { print $2 }')
[ "$spolicy" = DROP ] ||
  fail "$f has INPUT policy ${spolicy:-(none)}: it was saved before iptables -P INPUT DROP (or from another ruleset). Save again: iptables-save > $f"
live=$(iptables-save -t filter | filter | grep '^-A INPUT' || true)
file=$(printf '%s\n' "$saved" | grep '^-A INPUT' || true)
if [ "$live" != "$file" ]; then
  only=$(printf '%s\n' "$live" | grep -vxF -f <(printf '%s\n' "$file") | head -n 1 || true)
  [ -n "$only" ] && fail "$f lacks a rule that is live in INPUT ($only): it was saved before your last change. Save again: iptables-save > $f"
  fail "$f differs from the live INPUT rules (extra or reordered rules): save again, iptables-save > $f"
fi
grep -q -- '--dport 2222' "$f" || fail "$f has no rule for port 2222: the saved set is not the firewall of the first task"
pass "$f is in iptables-save format, restorable, and matches the live INPUT chain (policy DROP)"
