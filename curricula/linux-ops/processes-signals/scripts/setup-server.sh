set -eu
# Five small programs, started the way a service manager would: in their own session,
# without a terminal, with stdin/stdout/stderr detached (so this setup can return).
# Not under nohup: nohup starts a program with SIGHUP ignored, and a bash script cannot
# trap a signal that was ignored when it started, so statusd could never reload.
bin=/usr/local/bin

cat > "$bin/jobrunner" <<'PROG'
#!/bin/bash
# jobrunner: runs the number cruncher, and starts it again 2 s after it ends.
while :; do
  /usr/local/bin/cruncher
  sleep 2
done
PROG

cat > "$bin/cruncher" <<'PROG'
#!/bin/bash
# cruncher: crunches numbers, forever, on one CPU.
n=0
while :; do n=$(( (n * 7 + 1) % 1000003 )); done
PROG

cat > "$bin/statusd" <<'PROG'
#!/bin/bash
# statusd: a tiny daemon. It reads /etc/statusd.conf at start and on SIGHUP, and writes
# its state to /run/statusd.status. SIGTERM (or SIGINT) stops it cleanly.
conf=/etc/statusd.conf
status=/run/statusd.status
pidfile=/run/statusd.pid
if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
  echo "statusd: already running as PID $(cat "$pidfile")" >&2
  exit 1
fi
level=
reloads=0
read_conf() { level=$(sed -n 's/^level=//p' "$conf" 2>/dev/null | tail -n 1); }
write_status() {
  printf 'state=%s\npid=%s\nlevel=%s\nreloads=%s\nsince=%s\n' \
    "$1" "$$" "${level:-unset}" "$reloads" "$(date '+%F %T')" > "$status.new"
  mv "$status.new" "$status"
}
on_hup() { reloads=$((reloads + 1)); read_conf; write_status reloaded; }
on_term() { write_status stopped; rm -f "$pidfile"; exit 0; }
trap on_hup HUP
trap on_term TERM INT
echo $$ > "$pidfile"
read_conf
write_status running
# sleep in the background and wait for it, so that a signal is handled at once.
while :; do
  sleep 1 &
  wait $! || true
done
PROG

cat > "$bin/stubborn" <<'PROG'
#!/bin/bash
# stubborn: a badly written worker that refuses to be stopped politely.
trap '' TERM INT HUP QUIT
while :; do sleep 1; done
PROG

cat > "$bin/reindex" <<'PROG'
#!/bin/bash
# reindex: rebuilds the search index, slowly. Interrupting it means starting over.
echo $$ > /run/reindex.pid
i=0
while :; do
  i=$((i + 1))
  echo "$i" > /run/reindex.progress
  sleep 1
done
PROG
chmod 755 "$bin/jobrunner" "$bin/cruncher" "$bin/statusd" "$bin/stubborn" "$bin/reindex"

printf '# statusd configuration: read at start and on SIGHUP.\nlevel=info\n' > /etc/statusd.conf
rm -f /run/statusd.status /run/statusd.pid

for prog in statusd stubborn reindex jobrunner; do
  setsid -f "$bin/$prog" </dev/null >/dev/null 2>&1
done

# Let statusd read its configuration, then change it: the task is to make it reload.
for _ in $(seq 1 50); do
  grep -qs '^state=running' /run/statusd.status && break
  sleep 0.1
done
grep -qs '^state=running' /run/statusd.status || broken "statusd did not start"
printf '# statusd configuration: read at start and on SIGHUP.\n# 4 March: debug logging for ticket OPS-1234.\nlevel=debug\n' > /etc/statusd.conf
for prog in cruncher stubborn reindex; do
  for _ in $(seq 1 50); do pgrep -x "$prog" >/dev/null && break; sleep 0.1; done
  pgrep -x "$prog" >/dev/null || broken "$prog did not start"
done
