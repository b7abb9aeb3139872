set -eu
mkdir -p /root/fleet
cat > /root/fleet/inventory <<'INI'
# The fleet: hosts by name (they resolve through /etc/hosts).
[web]
node1
node2
INI
cd /root/fleet
ansible-inventory -i inventory --graph </dev/null
