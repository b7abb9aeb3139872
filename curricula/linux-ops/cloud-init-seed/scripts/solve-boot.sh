set -eu
# A boot, the way systemd runs cloud-init's four units, with ssh.service where systemd
# puts it: after cloud-init.service (which made the host keys), before the config stage.
cloud-init init --local
cloud-init init
service ssh start
cloud-init modules --mode=config
cloud-init modules --mode=final
cloud-init status --long
