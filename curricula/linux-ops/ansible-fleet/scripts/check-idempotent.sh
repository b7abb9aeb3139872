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
      [ "$1" -eq 2 ] && fail "the first run of site.yml worked, the second did not: ${why#* }. A task that starts nginx with command/shell fails once nginx already runs; ansible.builtin.service with state: started starts it only when it is stopped"
      fail "ansible-playbook site.yml failed: ${why#* }" ;;
    *) fail "${why#* }" ;;
  esac
}

[ -f "$dir/site.yml" ] || fail "there is no $dir/site.yml yet: write the playbook first (previous task)"
cd "$dir"
# An empty playbook changes nothing either: the nodes must serve their pages first.
for h in node1 node2; do
  body=$(http_get "http://$h/" 2>/dev/null) ||
    fail "nothing answers HTTP on $h: finish the previous task first (site.yml must start nginx and write the page)"
  printf %s "$body" | grep -qw "$h" ||
    fail "$h does not serve a page with its name: finish the previous task first"
done

run 1
run 2
changed=$(awk -F '\t' '$1 == "changed" { hosts[$2] = hosts[$2] (hosts[$2] == "" ? "" : ", ") $3; if (!($2 in seen)) { seen[$2] = 1; order[++n] = $2 } }
  END { for (i = 1; i <= n; i++) printf "%s\"%s\" (%s)", (i > 1 ? ", " : ""), order[i], hosts[order[i]] }' "$tmp/run2.log.events")
counts=$(awk -F '\t' '$1 == "recap" && ($2 == "node1" || $2 == "node2") { printf "%s%s changed=%s", (n++ ? ", " : ""), $2, $4 }' "$tmp/run2.log.events")
if [ -n "$changed" ] || printf %s "$counts" | grep -q 'changed=[1-9]'; then
  fail "site.yml is not idempotent: run twice in a row, the second run still reports changes ($counts) from task(s) ${changed:-(unnamed)}. A run on configured nodes must change nothing: use modules that check first (template, service state=started) rather than command/shell, or tell Ansible when they change something (creates:, changed_when:)"
fi
pass "a second run of site.yml changes nothing: $counts"
