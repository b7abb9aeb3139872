# Shared by this exercise's checks (its `prelude`): functions only, nothing runs here.

# ask NAME TYPE: ask ns without recursion (only what ns itself knows); sets $out (dig's whole
# output), $status (NOERROR, NXDOMAIN, ...; empty when ns did not answer) and $answer (the
# answer section).
ask() {
  out=$(dig @"$NS_IP" +norec +time=2 +tries=1 "$1" "$2" 2>&1) || true
  status=$(printf '%s\n' "$out" | sed -n 's/.*status: \([A-Z]*\),.*/\1/p' | head -n 1)
  answer=$(printf '%s\n' "$out" | awk '/^;; ANSWER SECTION:/ { a = 1; next } /^$/ { a = 0 } a')
}

# zone_served: fails unless ns answers for lab.test at all. The check about the SOA (the first
# task) says why not; the checks of the records only point there.
zone_served() {
  ask lab.test SOA
  case "$status" in
    NOERROR) ;;
    '') fail_t ns-no-answer-soa ns_ip="$NS_IP" ;;
    *) fail_t zone-not-served-soa status="$status" ;;
  esac
}
