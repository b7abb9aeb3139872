set -eu
# `ansible web -m ping`, run in /root/fleet with no -i, gets pong from node1 and node2.
# A fresh non-interactive shell: nothing the learner exported counts, ansible.cfg does.
export HOME=/root ANSIBLE_NOCOLOR=1 ANSIBLE_TIMEOUT=10
# Fresh SSH connections: ansible keeps each one open for 60 s (ControlPersist) under
# ~/.ansible/cp, and an open one would hide a login that no longer works.
cp=$(mktemp -d)
trap 'rm -rf "$cp"' EXIT
export ANSIBLE_SSH_CONTROL_PATH_DIR="$cp"
dir=/root/fleet
[ -f "$dir/inventory" ] || fail "there is no $dir/inventory yet: do the first task first"
cd "$dir"
out=$(timeout 50 ansible web -m ping -o </dev/null 2>&1) || true

if ! printf %s "$out" | grep -q '| SUCCESS\|| UNREACHABLE\|| FAILED'; then
  # ansible found no host called web: no inventory, or not this one.
  if printf %s "$out" | grep -q 'world writable directory'; then
    fail "ansible ignores $dir/ansible.cfg because $dir is world-writable (anyone could plant a config there): chmod 755 $dir"
  fi
  with_i=$(timeout 50 ansible web -i inventory -m ping -o </dev/null 2>&1) || true
  if printf %s "$with_i" | grep -q '| SUCCESS\|| UNREACHABLE'; then
    if [ -f ansible.cfg ]; then
      fail "ansible web -i inventory finds the hosts, but plain ansible web in $dir does not: $dir/ansible.cfg exists but sets no usable inventory. Under [defaults], add: inventory = inventory"
    fi
    fail "ansible web -i inventory finds the hosts, but plain ansible web (what the check runs, in a fresh shell in $dir) reads the default /etc/ansible/hosts: create $dir/ansible.cfg with [defaults] and inventory = inventory (an exported ANSIBLE_INVENTORY does not count: it lives in your shell only)"
  fi
  fail "ansible finds no hosts in group web even with -i inventory: fix the inventory first (task 1). ansible said: $(printf %s "$out" | grep -v '^\s*$' | tail -n 1 | cut -c 1-200)"
fi

ok=''
for h in node1 node2; do
  line=$(printf '%s\n' "$out" | grep "^$h | " | head -n 1)
  case "$line" in
    *'| SUCCESS'*'"pong"'*) ok="$ok $h"; continue ;;
    '') fail "ansible web -m ping did not talk to $h: is $h in group web of the inventory that ansible.cfg names?" ;;
  esac
  msg=$(printf %s "$line" | sed 's/^[^|]*| [A-Z!]*:* *//' | cut -c 1-200)
  case "$line" in
    *'Host key verification failed'*)
      fail "$h: ssh refuses to connect to a host whose key it has never seen (Host key verification failed), and the check has no terminal to answer yes: put both host keys in ~/.ssh/known_hosts (ssh-keyscan node1 node2 >> ~/.ssh/known_hosts, or ssh $h once and answer yes)" ;;
    *'REMOTE HOST IDENTIFICATION HAS CHANGED'*|*'Host key for'*'has changed'*)
      fail "$h: ~/.ssh/known_hosts holds an old key for $h, not the one it has now (the lab was reset?): ssh-keygen -R $h, then ssh-keyscan $h >> ~/.ssh/known_hosts" ;;
    *'Permission denied'*)
      fail "$h refused the login ($msg): ansible must log in as root with the key ~/.ssh/id_ed25519 (check remote_user / ansible_user and ansible_ssh_private_key_file, if you set them)" ;;
    *'Could not resolve hostname'*)
      fail "$h: ssh cannot resolve the name ($msg): a typo in ansible_host?" ;;
    *'Connection refused'*|*'timed out'*|*'No route to host'*)
      fail "$h does not answer on SSH ($msg): sshd must run on $h (start it there with /usr/sbin/sshd)" ;;
    *'| UNREACHABLE'*) fail "$h is unreachable: $msg" ;;
    *) fail "ping on $h did not answer pong: $msg" ;;
  esac
done
pass "ansible web -m ping in $dir: pong from$ok"
