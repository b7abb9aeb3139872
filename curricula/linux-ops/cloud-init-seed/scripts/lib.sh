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
# fail) and returns 0 when one of them worked.
ssh_to_web1() {
  local opts=$1 first
  shift
  # shellcheck disable=SC2086
  ssh_out=$(timeout 15 ssh -o BatchMode=yes -o ConnectTimeout=5 -i /root/.ssh/id_ed25519 $opts ana@web1 "$@" 2>&1) && return 0
  first=$ssh_out
  # shellcheck disable=SC2086
  ssh_out=$(timeout 15 ssh -o BatchMode=yes -o ConnectTimeout=5 -i /root/.ssh/id_ed25519 $opts "ana@$WEB1_IP" "$@" 2>&1) && return 0
  ssh_out=$first
  return 1
}
