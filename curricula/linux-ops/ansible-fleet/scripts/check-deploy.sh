set -eu
# site.yml configures both nodes: each serves a page with its own name through nginx.
# Proof that the playbook (not a hand edit) does it: the check replaces node1's page and
# stops nginx on node2, runs site.yml once, and wants both back. It puts its changes back
# when the playbook does not.
export HOME=/root ANSIBLE_NOCOLOR=1 ANSIBLE_TIMEOUT=10 ANSIBLE_RETRY_FILES_ENABLED=false \
  ANSIBLE_STDOUT_CALLBACK=default ANSIBLE_CALLBACK_RESULT_FORMAT=json ANSIBLE_CALLBACK_FORMAT_PRETTY=false
dir=/root/fleet
page=/var/www/html/index.html
saved=/root/.opslab-check-index.html
marker='opslab-check: page changed by hand'
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# fetch HOST: the body of http://HOST/ in $tmp/HOST.body, its Server header in $tmp/HOST.server.
fetch() {
  : > "$tmp/$1.body"; : > "$tmp/$1.server"
  curl -sS --noproxy '*' --connect-timeout 2 --max-time 5 -D "$tmp/$1.head" -o "$tmp/$1.body" "http://$1/" 2>/dev/null || return 1
  sed -n 's/^[Ss]erver: *//p' "$tmp/$1.head" | tr -d '\r' > "$tmp/$1.server"
}
# page_problem HOST: why HOST's page is not right, as "KIND message" (nothing: it is right).
# KIND: down (no HTTP), hand (the check's hand-written page), page (anything else).
page_problem() {
  h=$1; other=node1; [ "$h" = node1 ] && other=node2
  fetch "$h" || { echo "down nothing answers HTTP on $h (port 80): nginx is not running there"; return; }
  grep -qi nginx "$tmp/$h.server" || { echo "page $h answers HTTP, but the server is '$(cat "$tmp/$h.server")', not nginx"; return; }
  if grep -q "$marker" "$tmp/$h.body"; then echo "hand $h still serves the page the check wrote by hand"; return; fi
  if grep -q 'Welcome to nginx' "$tmp/$h.body"; then echo "page $h serves nginx's default page: there is no $page on $h (nginx falls back to index.nginx-debian.html)"; return; fi
  grep -qw "$h" "$tmp/$h.body" ||
    { echo "page $h's page does not contain its name $h (it says: $(tr -s '\n\t ' '   ' < "$tmp/$h.body" | cut -c 1-80)): template {{ inventory_hostname }} into it"; return; }
  ! grep -qw "$other" "$tmp/$h.body" ||
    { echo "page $h's page names $other too: each node's page must name only itself; {{ inventory_hostname }} is the name of the host the task runs on"; return; }
}
rsh() {
  ssh -n -o BatchMode=yes -o ConnectTimeout=5 -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null \
    -o LogLevel=ERROR -i /root/.ssh/id_ed25519 "root@$1" "$2"
}
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

[ -f "$dir/site.yml" ] || fail "there is no $dir/site.yml yet: write the playbook there"
[ -f "$dir/inventory" ] || fail "there is no $dir/inventory: do the first task first"
cd "$dir"
if ! out=$(timeout 25 ansible-playbook --syntax-check site.yml </dev/null 2>&1); then
  where=$(printf '%s\n' "$out" | sed -n "s/.*The error appears to be in '\([^']*\)': \(line [0-9]*\).*/\1, \2/p" | head -n 1)
  what=$(printf '%s\n' "$out" | grep -m 1 'ERROR!' | sed 's/^ERROR! //' | cut -c 1-200)
  case "$what" in
    *'unable to read either as JSON nor YAML'*)
      what="YAML syntax error: $(printf '%s\n' "$out" | sed -n '/Syntax Error while loading YAML/{n;p;q}' | sed 's/^ *//')" ;;
  esac
  fail "site.yml is not a valid playbook${where:+ ($where)}: $what"
fi

# Before touching anything: the learner has run the playbook, and it worked.
for h in node1 node2; do
  why=$(page_problem "$h")
  [ -z "$why" ] || fail "${why#* }. Run the playbook (cd $dir; ansible-playbook site.yml) and read what it says"
done

# Drift: a page changed by hand on node1, nginx stopped on node2; one run must fix both.
rsh node1 "cp -p $page $saved && printf '<h1>%s</h1>\n' '$marker' > $page" ||
  fail "the check cannot log in to node1 as root over ssh with ~/.ssh/id_ed25519 (sshd stopped? key changed?)"
rsh node2 'pkill -x nginx; for i in $(seq 50); do pgrep -x nginx >/dev/null || exit 0; sleep 0.1; done; exit 1' ||
  fail "the check cannot stop nginx on node2 over ssh to test the playbook"
restore() {
  rsh node1 "grep -q '$marker' $page && cp -p $saved $page; rm -f $saved" || true
  rsh node2 'pgrep -x nginx >/dev/null || nginx' || true
}

rc=0
timeout 50 ansible-playbook site.yml </dev/null > "$tmp/run.log" 2>&1 || rc=$?
summary "$tmp/run.log" > "$tmp/events"
if [ "$rc" -eq 124 ]; then restore; fail "site.yml ran for more than 50 s without finishing: does a task wait for something (pause, prompt, a command that never ends)?"; fi
err=$(awk -F '\t' '$1 == "error" { print $2; exit }' "$tmp/events")
[ -z "$err" ] || { restore; fail "ansible-playbook site.yml stopped with an error: $err"; }
bad=$(awk -F '\t' '$1 == "fatal" { printf "task \"%s\" failed on %s: %s\n", $2, $3, $4; exit }' "$tmp/events")
[ -z "$bad" ] || { restore; fail "the check changed node1's page, stopped nginx on node2 and ran site.yml: $bad"; }
for h in node1 node2; do
  awk -F '\t' -v h="$h" '$1 == "recap" && $2 == h { f = 1 } END { exit !f }' "$tmp/events" ||
    { restore; fail "site.yml did not run on $h: the play must target it (hosts: web)"; }
done
[ "$rc" -eq 0 ] || { restore; fail "ansible-playbook site.yml exited with status $rc: $(grep -v '^\s*$' "$tmp/run.log" | tail -n 1 | cut -c 1-200)"; }

for h in node1 node2; do
  why=$(page_problem "$h")
  case "$why" in
    '') ;;
    hand*) restore; fail "the check wrote a page of its own into $page on $h and ran site.yml, but $h still serves it: the playbook itself must write the page (ansible.builtin.template, dest: $page)" ;;
    down*) restore
      [ "$h" = node2 ] || fail "after a run of site.yml, ${why#* }: does the playbook stop it?"
      fail "the check stopped nginx on node2 and ran site.yml, and then ${why#* }. The playbook must make sure nginx runs (ansible.builtin.service with state: started), not only restart it when the page changes" ;;
    *) restore; fail "after a run of site.yml, ${why#* }" ;;
  esac
done
rsh node1 "rm -f $saved" || true
pass "site.yml puts each node's page back and starts nginx: node1 and node2 serve their own names"
