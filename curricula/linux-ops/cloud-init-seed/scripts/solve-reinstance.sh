set -eu
boot() {
  rm -rf /run/cloud-init        # what a reboot does: /run is a tmpfs
  cloud-init init --local
  cloud-init init
  cloud-init modules --mode=config
  cloud-init modules --mode=final
}
# A reboot: same instance-id. bootcmd runs again, runcmd does not.
boot
wc -l /var/log/boots.log /var/log/instance-setup.log
# A new instance (as if this disk had been cloned into a new VM): a new instance-id.
sed -i 's/^instance-id:.*/instance-id: web1-002/' /var/lib/cloud/seed/nocloud/meta-data
boot
wc -l /var/log/boots.log /var/log/instance-setup.log
ls /var/lib/cloud/instances
ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub
