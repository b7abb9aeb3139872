set -eu
# site.yml configures both nodes: each serves a page with its own name through nginx.
# Proof that the playbook (not a hand edit) does it: the check replaces node1's page and
# stops nginx on node2, runs site.yml once, and wants both back. It puts its changes back
# when the playbook does not.
ansible_env
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

# One run (playbook_run, lib/ansible.sh), which must go cleanly on both nodes.
why=$(playbook_run site.yml 50 "$tmp/run.log" node1 node2)
case "$why" in
  '') ;;
  fatal*) restore; fail "the check changed node1's page, stopped nginx on node2 and ran site.yml: ${why#* }" ;;
  *) restore; fail "${why#* }" ;;
esac

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
