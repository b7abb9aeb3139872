# Shared by cloud-init-seed's scripts (the exercise's `prelude`): functions only.

SEED=/var/lib/cloud/seed/nocloud

# seed_meta KEY: the value of KEY in the seed's meta-data (YAML), empty when unset.
seed_meta() {
  python3 -c '
import sys, yaml
try:
    d = yaml.safe_load(open(sys.argv[1])) or {}
except Exception:
    sys.exit(0)
v = d.get(sys.argv[2], "") if isinstance(d, dict) else ""
print(v if v is not None else "")
' "$SEED/meta-data" "$1" 2>/dev/null
}

# ssh_to_web1 "SSH OPTIONS" COMMAND...: ana's SSH login from ops to web1 (by name, then by
# address, as known_hosts may hold either); sets $ssh_out (the first try's output when both
# fail) and returns 0 when one of them worked. Each try ends within 8 s, and the second is
# made only when the first reached web1 (a host-key or login refusal), so a caller's check
# needs a timeout of 20 s.
ssh_to_web1() {
  local opts=$1 first
  shift
  # shellcheck disable=SC2086
  ssh_out=$(timeout 8 ssh -o BatchMode=yes -o ConnectTimeout=4 -i /root/.ssh/id_ed25519 $opts ana@web1 "$@" 2>&1) && return 0
  [ $? != 124 ] || ssh_out="$ssh_out
ssh to web1 timed out after 8 s"
  first=$ssh_out
  case "$first" in
    *'Connection refused'*|*'timed out'*|*'No route'*) return 1 ;;
  esac
  # shellcheck disable=SC2086
  ssh_out=$(timeout 8 ssh -o BatchMode=yes -o ConnectTimeout=4 -i /root/.ssh/id_ed25519 $opts "ana@$WEB1_IP" "$@" 2>&1) && return 0
  ssh_out=$first
  return 1
}
