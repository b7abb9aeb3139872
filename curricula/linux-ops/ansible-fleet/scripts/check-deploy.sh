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
# page_problem HOST: why HOST's page is not right, as KIND<TAB>DETAIL (nothing: it is right).
# KIND: down (no HTTP), server (not nginx; DETAIL: its Server header), hand (the check's
# hand-written page), default (nginx's default page), no-name (DETAIL: what the page says),
# other-name (DETAIL: the other node, which the page names too).
page_problem() {
  h=$1; other=node1; [ "$h" = node1 ] && other=node2
  fetch "$h" || { echo down; return; }
  grep -qi nginx "$tmp/$h.server" || { printf 'server\t%s\n' "$(cat "$tmp/$h.server")"; return; }
  if grep -q "$marker" "$tmp/$h.body"; then echo hand; return; fi
  if grep -q 'Welcome to nginx' "$tmp/$h.body"; then echo default; return; fi
  grep -qw "$h" "$tmp/$h.body" ||
    { printf 'no-name\t%s\n' "$(tr -s '\n\t ' '   ' < "$tmp/$h.body" | cut -c 1-80)"; return; }
  ! grep -qw "$other" "$tmp/$h.body" ||
    { printf 'other-name\t%s\n' "$other"; return; }
}

rsh() {
  ssh -n -o BatchMode=yes -o ConnectTimeout=5 -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null \
    -o LogLevel=ERROR -i /root/.ssh/id_ed25519 "root@$1" "$2"
}

[ -f "$dir/site.yml" ] || fail_t no-playbook dir="$dir"
[ -f "$dir/inventory" ] || fail_t deploy-no-inventory dir="$dir"
cd "$dir"
if ! out=$(timeout 25 ansible-playbook --syntax-check site.yml </dev/null 2>&1); then
  where=$(printf '%s\n' "$out" | sed -n "s/.*The error appears to be in '\([^']*\)': \(line [0-9]*\).*/\1, \2/p" | head -n 1)
  what=$(printf '%s\n' "$out" | grep -m 1 'ERROR!' | sed 's/^ERROR! //' | cut -c 1-200)
  case "$what" in
    *'unable to read either as JSON nor YAML'*)
      what="YAML syntax error: $(printf '%s\n' "$out" | sed -n '/Syntax Error while loading YAML/{n;p;q}' | sed 's/^ *//')" ;;
  esac
  [ -z "$where" ] || fail_t playbook-invalid-at where="$where" error="$what"
  fail_t playbook-invalid error="$what"
fi

# Before touching anything: the learner has run the playbook, and it worked.
for h in node1 node2; do
  why=$(page_problem "$h")
  detail=$(printf '%s\n' "$why" | cut -f 2)
  case "$why" in
    '') ;;
    down*) fail_t before-down host="$h" dir="$dir" ;;
    server*) fail_t before-not-nginx host="$h" server="$detail" dir="$dir" ;;
    hand*) fail_t before-hand-page host="$h" dir="$dir" ;;
    default*) fail_t before-default-page host="$h" page="$page" dir="$dir" ;;
    no-name*) fail_t before-no-name host="$h" says="$detail" dir="$dir" ;;
    *) fail_t before-other-name host="$h" other="$detail" dir="$dir" ;;
  esac
done

# Drift: a page changed by hand on node1, nginx stopped on node2; one run must fix both.
rsh node1 "cp -p $page $saved && printf '<h1>%s</h1>\n' '$marker' > $page" ||
  fail_t cannot-login-node1
rsh node2 'pkill -x nginx; for i in $(seq 50); do pgrep -x nginx >/dev/null || exit 0; sleep 0.1; done; exit 1' ||
  fail_t cannot-stop-nginx
restore() {
  rsh node1 "grep -q '$marker' $page && cp -p $saved $page; rm -f $saved" || true
  rsh node2 'pgrep -x nginx >/dev/null || nginx' || true
}

# One run (playbook_run, lib/ansible.sh), which must go cleanly on both nodes.
why=$(playbook_run site.yml 50 "$tmp/run.log" node1 node2)
case "$why" in
  '') ;;
  fatal*) restore
    [ "$(run_field 5)" != in-use ] ||
      fail_t drift-task-failed-in-use task="$(run_field 2)" host="$(run_field 3)" error="$(run_field 4)"
    fail_t drift-task-failed task="$(run_field 2)" host="$(run_field 3)" error="$(run_field 4)" ;;
  *) restore; fail_playbook ;;
esac

for h in node1 node2; do
  why=$(page_problem "$h")
  detail=$(printf '%s\n' "$why" | cut -f 2)
  case "$why" in
    '') ;;
    hand*) restore; fail_t after-hand-page host="$h" page="$page" ;;
    down*) restore
      [ "$h" = node2 ] || fail_t after-down host="$h"
      fail_t after-nginx-not-started host="$h" ;;
    server*) restore; fail_t after-not-nginx host="$h" server="$detail" ;;
    default*) restore; fail_t after-default-page host="$h" page="$page" ;;
    no-name*) restore; fail_t after-no-name host="$h" says="$detail" ;;
    *) restore; fail_t after-other-name host="$h" other="$detail" ;;
  esac
done
rsh node1 "rm -f $saved" || true
pass_t deploy-ok
