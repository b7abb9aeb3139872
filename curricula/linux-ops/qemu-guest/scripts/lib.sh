# Shared by qemu-guest's scripts (the exercise's `prelude`): functions only, nothing runs here.

# guest_kver: the version of the guest kernel /boot/vmlinuz (not the lab's own `uname -r`).
guest_kver() {
  file -b /boot/vmlinuz | sed -n 's/.*version \([^ ,]*\).*/\1/p'
}

# qmp_ask JSON...: sends each QMP command (after qmp_capabilities) to /root/vm/qmp.sock and
# prints QEMU's answers, one JSON object a line; returns 1 when nothing answers there.
qmp_ask() {
  [ -S /root/vm/qmp.sock ] || return 1
  printf '%s\n' '{"execute":"qmp_capabilities"}' "$@" | timeout 5 socat -t 2 - UNIX-CONNECT:/root/vm/qmp.sock 2>/dev/null
}

# qmp_return OUTPUT COMMAND: the "return" of the COMMAND-th answer in qmp_ask's OUTPUT (1 =
# the first command after qmp_capabilities), as JSON; events are skipped.
qmp_return() {
  printf '%s\n' "$1" | python3 -c '
import json, sys
n = int(sys.argv[1]); seen = -1
for line in sys.stdin:
    try: o = json.loads(line)
    except ValueError: continue
    if "return" in o or "error" in o:
        seen += 1
        if seen == n:
            print(json.dumps(o.get("return", o)))
            break
' "$2"
}

# json_get JSON EXPR: a Python expression on the parsed JSON `j` (for example j["status"]).
json_get() {
  printf '%s' "$1" | python3 -c 'import json, sys; j = json.load(sys.stdin); v = eval(sys.argv[1]); print(v if not isinstance(v, (dict, list)) else json.dumps(v))' "$2" 2>/dev/null
}

# qemu_pids: PIDs of the QEMU processes running on this host.
qemu_pids() {
  pgrep -x qemu-system-x86 2>/dev/null || pgrep -f '^qemu-system-x86_64' 2>/dev/null || true
}

# disk_file IMAGE PATH: prints the file PATH of the ext4 filesystem in the qcow2 IMAGE (with
# its backing chain, read with --force-share so a running guest's disk can be read too);
# returns 1 when IMAGE holds no ext4 filesystem, 2 when it has no such file.
disk_file() {
  local raw rc=0
  raw=$(mktemp /tmp/disk.XXXXXX)
  if ! qemu-img convert -U -O raw "$1" "$raw" 2>/dev/null || ! debugfs -R stats "$raw" >/dev/null 2>&1; then
    rm -f "$raw"; return 1
  fi
  debugfs -R "cat $2" "$raw" 2>/dev/null > "$raw.out" || true
  if debugfs -R "stat $2" "$raw" 2>&1 | grep -q 'File not found'; then rc=2; else cat "$raw.out"; fi
  rm -f "$raw" "$raw.out"
  return "$rc"
}
