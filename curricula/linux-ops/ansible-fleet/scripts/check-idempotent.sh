set -eu
# site.yml is idempotent: on nodes it has already configured, a run changes nothing.
# The check runs it twice (the first run converges whatever was changed since) and wants
# changed=0 and failed=0 for node1 and node2 in the second; it names the tasks that changed.
export HOME=/root ANSIBLE_NOCOLOR=1 ANSIBLE_TIMEOUT=10 ANSIBLE_RETRY_FILES_ENABLED=false \
  ANSIBLE_STDOUT_CALLBACK=default ANSIBLE_CALLBACK_RESULT_FORMAT=json ANSIBLE_CALLBACK_FORMAT_PRETTY=false
dir=/root/fleet
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# summary LOG: what a playbook run did, one tab-separated line per event:
#   recap HOST OK CHANGED UNREACHABLE FAILED | changed TASK HOST | fatal TASK HOST MESSAGE | error MESSAGE
summary() {
  python3 - "$1" <<'PY'
import json, re, sys
task = ''
error = None
for line in open(sys.argv[1], errors='replace'):
    line = line.rstrip('\n')
    if error is not None:
        if line.strip():
            error += ' ' + line.strip()
            continue
        print('error', ' '.join(error.split())[:220], sep='\t')
        error = None
    m = re.match(r'^(?:TASK|RUNNING HANDLER) \[(.*)\] \**$', line)
    if m:
        task = m.group(1)
        continue
    m = re.match(r'^changed: \[([^\]]+)\]', line)
    if m:
        print('changed', task, m.group(1).split(' -> ')[0], sep='\t')
        continue
    m = re.match(r'^(?:fatal|failed): \[([^\]]+)\].*?(?:FAILED|UNREACHABLE)! => (.*)$', line)
    if m:
        try:
            d = json.loads(m.group(2))
        except ValueError:
            d = {'msg': m.group(2)}
        msg = str(d.get('stderr') or d.get('msg') or d.get('module_stderr') or '').strip()
        msg = ' '.join((msg.splitlines() or [''])[0].split())[:220]
        if 'Address already in use' in msg:
            msg += ' (nginx runs there already: a command that starts it fails on every later run; ansible.builtin.service with state: started starts it only when it is stopped)'
        print('fatal', task, m.group(1).split(' -> ')[0], msg, sep='\t')
        continue
    m = re.match(r'^(\S+)\s+: ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)', line)
    if m:
        print('recap', *m.groups(), sep='\t')
        continue
    m = re.match(r'^ERROR! (.*)', line)
    if m:
        error = m.group(1)  # ansible wraps it: the lines up to the next blank one
if error is not None:
    print('error', ' '.join(error.split())[:220], sep='\t')
PY
}
# run N: the Nth run of site.yml; fails with what went wrong unless it ran cleanly on both nodes.
run() {
  rc=0
  timeout 45 ansible-playbook site.yml </dev/null > "$tmp/run$1.log" 2>&1 || rc=$?
  summary "$tmp/run$1.log" > "$tmp/events$1"
  [ "$rc" -ne 124 ] || fail "site.yml ran for more than 45 s without finishing: does a task wait for something (pause, prompt, a command that never ends)?"
  err=$(awk -F '\t' '$1 == "error" { print $2; exit }' "$tmp/events$1")
  [ -z "$err" ] || fail "ansible-playbook site.yml stopped with an error: $err"
  bad=$(awk -F '\t' '$1 == "fatal" { printf "task \"%s\" failed on %s: %s", $2, $3, $4; exit }' "$tmp/events$1")
  if [ -n "$bad" ]; then
    [ "$1" -eq 2 ] && fail "the first run of site.yml worked, the second did not: $bad. A task that starts nginx with command/shell fails once nginx already runs; ansible.builtin.service with state: started starts it only when it is stopped"
    fail "ansible-playbook site.yml failed: $bad"
  fi
  for h in node1 node2; do
    awk -F '\t' -v h="$h" '$1 == "recap" && $2 == h { f = 1 } END { exit !f }' "$tmp/events$1" ||
      fail "site.yml did not run on $h: the play must target it (hosts: web)"
  done
  [ "$rc" -eq 0 ] || fail "ansible-playbook site.yml exited with status $rc: $(grep -v '^\s*$' "$tmp/run$1.log" | tail -n 1 | cut -c 1-200)"
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
  END { for (i = 1; i <= n; i++) printf "%s\"%s\" (%s)", (i > 1 ? ", " : ""), order[i], hosts[order[i]] }' "$tmp/events2")
counts=$(awk -F '\t' '$1 == "recap" && ($2 == "node1" || $2 == "node2") { printf "%s%s changed=%s", (n++ ? ", " : ""), $2, $4 }' "$tmp/events2")
if [ -n "$changed" ] || printf %s "$counts" | grep -q 'changed=[1-9]'; then
  fail "site.yml is not idempotent: run twice in a row, the second run still reports changes ($counts) from task(s) ${changed:-(unnamed)}. A run on configured nodes must change nothing: use modules that check first (template, service state=started) rather than command/shell, or tell Ansible when they change something (creates:, changed_when:)"
fi
pass "a second run of site.yml changes nothing: $counts"
