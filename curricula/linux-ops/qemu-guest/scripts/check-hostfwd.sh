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
      *'served from base.qcow2'*) pass "client gets the guest's page through vmhost:8080: served from base.qcow2" ;;
    esac
    fail "vmhost:8080 answers, but not with the page on the guest's disk (got: $(printf %s "$body" | head -c 60)): is httpd serving /srv, where the disk is mounted?"
  fi
  [ "$rc" = 7 ] && fail "nothing listens on vmhost:8080 for client: forward it with -nic user,...,hostfwd=tcp::8080-:80 (hostfwd=tcp:127.0.0.1:8080-:80 would listen on vmhost's loopback only)"
  [ $((end - $(date +%s))) -gt 1 ] || fail "vmhost:8080 accepts connections, but the guest never answered on its port 80 in 14 s: is eth0 up with 10.0.2.15/24 (virtio_net loaded) and httpd running in the guest? (curl exit $rc)"
  sleep 1
done
