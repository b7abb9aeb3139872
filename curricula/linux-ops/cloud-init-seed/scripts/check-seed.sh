set -eu
[ -d "$SEED" ] || fail "there is no seed folder $SEED on web1"
[ -f "$SEED/meta-data" ] || fail "$SEED/meta-data does not exist"
[ -f "$SEED/user-data" ] || fail "$SEED/user-data does not exist"
python3 -c 'import sys, yaml; d = yaml.safe_load(open(sys.argv[1])); sys.exit(0 if isinstance(d, dict) else 1)' "$SEED/meta-data" 2>/dev/null ||
  fail "meta-data is not a YAML mapping (lines such as instance-id: web1-001)"
iid=$(seed_meta instance-id)
[ -n "$iid" ] || fail "meta-data has no instance-id: cloud-init compares it at every boot to tell a new instance from a reboot"
host=$(seed_meta local-hostname)
[ "$host" = web1 ] || fail "meta-data's local-hostname is '${host:-unset}', not web1"
first=$(head -n 1 "$SEED/user-data" | tr -d '\r')
[ "$first" = '#cloud-config' ] || fail "user-data's first line is '$first': cloud-init treats user-data as cloud-config only when it starts with #cloud-config (a #! line would make it a script)"
out=$(cloud-init schema --config-file "$SEED/user-data" 2>&1) ||
  fail "cloud-init schema refuses user-data: $(printf '%s\n' "$out" | grep -v -e '^$' -e 'deprecations: *$' | tail -n 3 | tr '\n' ' ' | head -c 300)"
pass "meta-data (instance-id $iid, local-hostname web1) and user-data (valid #cloud-config) are in $SEED"
