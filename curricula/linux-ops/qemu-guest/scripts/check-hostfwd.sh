set -eu
url="http://$VMHOST_IP:8080/"
# QEMU accepts on 8080 at once, but the guest answers only once it has booted: try again until
# a deadline well inside the check's 20 s, each try bounded by the time left.
end=$(($(date +%s) + 14))
while :; do
  left=$((end - $(date +%s)))
  [ "$left" -gt 3 ] && left=3
  [ "$left" -ge 1 ] || left=1
  set +e
  body=$(curl -s -m "$left" "$url" 2>/dev/null)
  rc=$?
  set -e
  if [ "$rc" = 0 ]; then
    case "$body" in
      *'served from base.qcow2'*) pass_t hostfwd-ok ;;
    esac
    fail_t hostfwd-wrong-page body="$(printf %s "$body" | head -c 60)"
  fi
  [ "$rc" = 7 ] && fail_t hostfwd-not-listening
  [ $((end - $(date +%s))) -gt 1 ] || fail_t hostfwd-guest-silent rc="$rc"
  sleep 1
done
