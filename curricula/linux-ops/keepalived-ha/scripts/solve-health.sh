set -eu
# Health checks are already in the configuration of task 1 (HTTP_GET on /, delay_loop 2).
# Show what keepalived does when a real server fails: its log and the table.
grep -n -E 'delay_loop|HTTP_GET|TCP_CHECK|path|status_code|connect_timeout|retry' /etc/keepalived/keepalived.conf
ipvsadm -Ln
