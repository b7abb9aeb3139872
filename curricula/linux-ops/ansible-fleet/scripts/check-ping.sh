set -eu
# `ansible web -m ping`, run in /root/fleet with no -i, gets pong from node1 and node2.
# A fresh non-interactive shell: nothing the learner exported counts, ansible.cfg does.
export HOME=/root ANSIBLE_NOCOLOR=1 ANSIBLE_TIMEOUT=10
# Fresh SSH connections: ansible keeps each one open for 60 s (ControlPersist) under
# ~/.ansible/cp, and an open one would hide a login that no longer works.
cp=$(mktemp -d)
trap 'rm -rf "$cp"' EXIT
export ANSIBLE_SSH_CONTROL_PATH_DIR="$cp"
dir=/root/fleet
[ -f "$dir/inventory" ] || fail_t ping-no-inventory dir="$dir"
cd "$dir"
out=$(timeout 50 ansible web -m ping -o </dev/null 2>&1) || true

if ! printf %s "$out" | grep -q '| SUCCESS\|| UNREACHABLE\|| FAILED'; then
  # ansible found no host called web: no inventory, or not this one.
  if printf %s "$out" | grep -q 'world writable directory'; then
    fail_t cfg-world-writable dir="$dir"
  fi
  with_i=$(timeout 50 ansible web -i inventory -m ping -o </dev/null 2>&1) || true
  if printf %s "$with_i" | grep -q '| SUCCESS\|| UNREACHABLE'; then
    if [ -f ansible.cfg ]; then
      fail_t cfg-no-inventory dir="$dir"
    fi
    fail_t no-cfg dir="$dir"
  fi
  fail_t ping-no-hosts said="$(printf %s "$out" | grep -v '^\s*$' | tail -n 1 | cut -c 1-200)"
fi

ok=''
for h in node1 node2; do
  line=$(printf '%s\n' "$out" | grep "^$h | " | head -n 1)
  case "$line" in
    *'| SUCCESS'*'"pong"'*) ok="$ok $h"; continue ;;
    '') fail_t ping-skipped-host host="$h" ;;
  esac
  msg=$(printf %s "$line" | sed 's/^[^|]*| [A-Z!]*:* *//' | cut -c 1-200)
  case "$line" in
    *'Host key verification failed'*)
      fail_t host-key-unknown host="$h" ;;
    *'REMOTE HOST IDENTIFICATION HAS CHANGED'*|*'Host key for'*'has changed'*)
      fail_t host-key-changed host="$h" ;;
    *'Permission denied'*)
      fail_t login-refused host="$h" msg="$msg" ;;
    *'Could not resolve hostname'*)
      fail_t name-unresolved host="$h" msg="$msg" ;;
    *'Connection refused'*|*'timed out'*|*'No route to host'*)
      fail_t ssh-no-answer host="$h" msg="$msg" ;;
    *'| UNREACHABLE'*) fail_t host-unreachable host="$h" msg="$msg" ;;
    *) fail_t no-pong host="$h" msg="$msg" ;;
  esac
done
pass_t ping-ok dir="$dir" hosts="${ok# }"
