set -eu
key=$(curl -fsS http://ops/ana.pub)
mkdir -p /var/lib/cloud/seed/nocloud
cd /var/lib/cloud/seed/nocloud

cat > meta-data <<'META'
instance-id: web1-001
local-hostname: web1
META

cat > user-data <<USER
#cloud-config
users:
  - default
  - name: ana
    shell: /bin/bash
    sudo: ALL=(ALL) NOPASSWD:ALL
    ssh_authorized_keys:
      - $key
write_files:
  - path: /etc/motd
    content: |
      web1: configured by cloud-init
  - path: /home/ana/app.env
    owner: ana:ana
    permissions: '0600'
    defer: true
    content: |
      APP_ENV=production
bootcmd:
  - echo "boot \$(date -u +%FT%TZ)" >> /var/log/boots.log
runcmd:
  - echo "instance \$(cat /var/lib/cloud/data/instance-id) set up \$(date -u +%FT%TZ)" >> /var/log/instance-setup.log
USER

cloud-init schema --config-file user-data
