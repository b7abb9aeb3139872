set -eu
# The two settings must hold now, and must come back from the files a boot applies: the check
# sets both to other values, applies every sysctl file that `sysctl --system` reads from /etc,
# /run and /usr/local/lib (in its order: by file name), reads the values again, and puts the
# live values back. A file that sysctl cannot apply (a key this container may not write, a typo)
# is named with sysctl's own message.
fwd=$(sysctl -n net.ipv4.ip_forward)
conn=$(sysctl -n net.core.somaxconn)
[ "$fwd" = 1 ] || fail "net.ipv4.ip_forward is $fwd right now: sysctl -w net.ipv4.ip_forward=1 switches it on"
[ "$conn" = 8192 ] || fail "net.core.somaxconn is $conn right now, not 8192: sysctl -w net.core.somaxconn=8192"

files=$(for d in /etc/sysctl.d /run/sysctl.d /usr/local/lib/sysctl.d; do
  for f in "$d"/*.conf; do [ -e "$f" ] && printf '%s\t%s\n' "${f##*/}" "$f"; done
done | sort -t "$(printf '\t')" -k1,1 | cut -f2)
[ ! -s /etc/sysctl.conf ] || files="$files
/etc/sysctl.conf"

out=$(mktemp)
trap 'sysctl -qw net.ipv4.ip_forward="$fwd" net.core.somaxconn="$conn" >/dev/null 2>&1 || true; rm -f "$out"' EXIT
sysctl -qw net.ipv4.ip_forward=0 net.core.somaxconn=4096 >/dev/null
bad=
for f in $files; do
  sysctl -p "$f" >/dev/null 2>"$out" || [ -n "$bad" ] || bad="$f: $(head -n 1 "$out")"
done
after_fwd=$(sysctl -n net.ipv4.ip_forward)
after_conn=$(sysctl -n net.core.somaxconn)
[ -z "$bad" ] || fail "sysctl -p $bad: a file that does not apply cleanly makes sysctl --system fail at boot; in a container only namespaced keys such as net.* can be written"
[ "$after_fwd" = 1 ] && [ "$after_conn" = 8192 ] ||
  fail "the values are right now, but no file in /etc/sysctl.d sets them: after applying the files ip_forward is $after_fwd and somaxconn is $after_conn, so a reboot loses them (write net.ipv4.ip_forward = 1 and net.core.somaxconn = 8192 in /etc/sysctl.d/60-node.conf)"
pass "ip_forward is 1 and somaxconn 8192, now and from $(echo "$files" | xargs grep -l -E 'ip_forward|somaxconn' 2>/dev/null | head -n 1 || echo 'the sysctl files')"
