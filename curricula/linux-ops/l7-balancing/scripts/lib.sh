# Shared by this exercise's checks (its `prelude`): functions only, nothing runs here.

# listening PORT: who listens on TCP PORT on this host. Sets $listeners (ss's lines; empty when
# nothing listens), $owner (the process name) and $addrs (the local addresses, space-separated,
# with a space at the end).
listening() {
  listeners=$(ss -Hltnp "sport = :$1" 2>/dev/null || true)
  owner=$(printf '%s\n' "$listeners" | sed -n 's/.*users:(("\([^"]*\)".*/\1/p' | head -n 1)
  # HAProxy drops root and becomes undumpable, so ss cannot name it (no CAP_SYS_PTRACE here).
  if [ -z "$owner" ] && [ -n "$listeners" ] && pidof haproxy >/dev/null 2>&1; then owner=haproxy; fi
  addrs=$(printf '%s\n' "$listeners" | awk 'NF { print $4 }' | sort -u | tr '\n' ' ')
}
