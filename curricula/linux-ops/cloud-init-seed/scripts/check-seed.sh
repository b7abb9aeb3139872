set -eu
[ -d "$SEED" ] || fail_t no-seed-folder seed="$SEED"
[ -f "$SEED/meta-data" ] || fail_t no-meta-data seed="$SEED"
[ -f "$SEED/user-data" ] || fail_t no-user-data seed="$SEED"
python3 -c 'import sys, yaml; d = yaml.safe_load(open(sys.argv[1])); sys.exit(0 if isinstance(d, dict) else 1)' "$SEED/meta-data" 2>/dev/null ||
  fail_t meta-data-not-mapping
iid=$(seed_meta instance-id)
[ -n "$iid" ] || fail_t no-instance-id
host=$(seed_meta local-hostname)
[ "$host" = web1 ] || {
  [ -n "$host" ] || fail_t no-local-hostname
  fail_t wrong-local-hostname host="$host"
}
first=$(head -n 1 "$SEED/user-data" | tr -d '\r')
[ "$first" = '#cloud-config' ] || fail_t not-cloud-config first="$first"
out=$(cloud-init schema --config-file "$SEED/user-data" 2>&1) ||
  fail_t schema-refuses said="$(printf '%s\n' "$out" | grep -v -e '^$' -e 'deprecations: *$' | tail -n 3 | tr '\n' ' ' | head -c 300)"
pass_t seed-ok iid="$iid" seed="$SEED"
