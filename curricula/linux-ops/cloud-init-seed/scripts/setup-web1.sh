set -eu
# A fresh instance: cloud-init installed and never run (no /var/lib/cloud), no SSH host keys.
# The image builder's choice of data sources, as a cloud's images set it: only NoCloud (a seed
# on the machine), else None (cloud-init runs with an empty configuration).
cat > /etc/cloud/cloud.cfg.d/90-datasource.cfg <<'CFG'
# Set by whoever built this image: where cloud-init looks for its instance's data.
datasource_list: [ NoCloud, None ]
CFG
rm -rf /var/lib/cloud /run/cloud-init
