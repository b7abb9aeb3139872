set -eu
# site.yml is idempotent: on nodes it has already configured, a run changes nothing.
# The check runs it twice (the first run converges whatever was changed since) and wants
# changed=0 and failed=0 for node1 and node2 in the second; it names the tasks that changed.
ansible_env
dir=/root/fleet
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT


# run N: the Nth run of site.yml (playbook_run, lib/ansible.sh); fails with what went wrong
# unless it ran cleanly on both nodes. Its events are in $tmp/runN.log.events.
run() {
  why=$(playbook_run site.yml 45 "$tmp/run$1.log" node1 node2)
  case "$why" in
    '') ;;
    fatal*)
      if [ "$1" -eq 2 ]; then
        [ "$(run_field 5)" != in-use ] ||
          fail_t second-run-failed-in-use task="$(run_field 2)" host="$(run_field 3)" error="$(run_field 4)"
        fail_t second-run-failed task="$(run_field 2)" host="$(run_field 3)" error="$(run_field 4)"
      fi
      [ "$(run_field 5)" != in-use ] ||
        fail_t run-failed-in-use task="$(run_field 2)" host="$(run_field 3)" error="$(run_field 4)"
      fail_t run-failed task="$(run_field 2)" host="$(run_field 3)" error="$(run_field 4)" ;;
    *) fail_playbook ;;
  esac
}

[ -f "$dir/site.yml" ] || fail_t idempotent-no-playbook dir="$dir"
cd "$dir"
# An empty playbook changes nothing either: the nodes must serve their pages first.
for h in node1 node2; do
  body=$(http_get "http://$h/" 2>/dev/null) ||
    fail_t idempotent-no-http host="$h"
  printf %s "$body" | grep -qw "$h" ||
    fail_t idempotent-no-name host="$h"
done

run 1
run 2
changed=$(awk -F '\t' '$1 == "changed" { hosts[$2] = hosts[$2] (hosts[$2] == "" ? "" : ", ") $3; if (!($2 in seen)) { seen[$2] = 1; order[++n] = $2 } }
  END { for (i = 1; i <= n; i++) printf "%s\"%s\" (%s)", (i > 1 ? ", " : ""), order[i], hosts[order[i]] }' "$tmp/run2.log.events")
counts=$(awk -F '\t' '$1 == "recap" && ($2 == "node1" || $2 == "node2") { printf "%s%s changed=%s", (n++ ? ", " : ""), $2, $4 }' "$tmp/run2.log.events")
if [ -n "$changed" ] || printf %s "$counts" | grep -q 'changed=[1-9]'; then
  [ -n "$changed" ] || fail_t not-idempotent-unnamed counts="$counts"
  fail_t not-idempotent counts="$counts" tasks="$changed"
fi
pass_t idempotent-ok counts="$counts"
