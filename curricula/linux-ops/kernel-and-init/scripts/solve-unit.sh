set -eu
# A system account that cannot log in, a directory it owns, the unit, and enable.
id status >/dev/null 2>&1 || useradd --system --home-dir /var/lib/status-page --no-create-home --shell /usr/sbin/nologin status
install -d -o status -g status -m 755 /var/lib/status-page
cat > /etc/systemd/system/status-page.service <<'UNIT'
[Unit]
Description=Status page of the shop
After=network-online.target
Wants=network-online.target

[Service]
Type=simple
User=status
Group=status
WorkingDirectory=/var/lib/status-page
Environment=PORT=8080 SITE_NAME=shop
ExecStart=/usr/local/bin/status-page
Restart=on-failure
RestartSec=2

[Install]
WantedBy=multi-user.target
UNIT
systemd-analyze verify /etc/systemd/system/status-page.service
systemctl enable status-page.service
