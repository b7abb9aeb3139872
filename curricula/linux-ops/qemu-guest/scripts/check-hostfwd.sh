set -eu
url="http://$VMHOST_IP:8080/"
i=0
while :; do
  set +e
  body=$(curl -s -m 3 "$url" 2>/dev/null)
  rc=$?
  set -e
  if [ "$rc" = 0 ]; then
    case "$body" in
      *'served from base.qcow2'*) pass "client gets the guest's page through vmhost:8080: served from base.qcow2" ;;
    esac
    fail "vmhost:8080 answers, but not with the page on the guest's disk (got: $(printf %s "$body" | head -c 60)): is httpd serving /srv, where the disk is mounted?"
  fi
  [ "$rc" = 7 ] && fail "nothing listens on vmhost:8080 for client: forward it with -nic user,...,hostfwd=tcp::8080-:80 (hostfwd=tcp:127.0.0.1:8080-:80 would listen on vmhost's loopback only)"
  i=$((i + 1))
  # QEMU accepts on 8080 at once, but the guest answers only once it has booted.
  [ "$i" -lt 8 ] || fail "vmhost:8080 accepts connections, but the guest never answers on its port 80: is eth0 up with 10.0.2.15/24 and httpd running in the guest? (curl exit $rc)"
  sleep 1
done
