# Shared by this exercise's scripts (the exercise's `prelude`): functions only, nothing runs here.

# cgroup_limits: this host's own limits, read the way the kernel exposes them, on cgroup v2
# (cpu.max, memory.max) or v1 (cpu.cfs_quota_us / cpu.cfs_period_us, memory.limit_in_bytes).
# Sets cpu_limit ("0.5", or "max" when there is no quota) and mem_limit (bytes, or "max").
cgroup_limits() {
  local q p
  if [ -r /sys/fs/cgroup/cpu.max ]; then
    read -r q p < /sys/fs/cgroup/cpu.max
  elif [ -r /sys/fs/cgroup/cpu/cpu.cfs_quota_us ]; then
    q=$(cat /sys/fs/cgroup/cpu/cpu.cfs_quota_us)
    p=$(cat /sys/fs/cgroup/cpu/cpu.cfs_period_us)
    [ "$q" != -1 ] || q=max
  else
    broken "no CPU controller under /sys/fs/cgroup"
  fi
  if [ "$q" = max ]; then cpu_limit=max; else cpu_limit=$(awk -v q="$q" -v p="$p" 'BEGIN { printf "%g", q / p }'); fi
  if [ -r /sys/fs/cgroup/memory.max ]; then
    mem_limit=$(cat /sys/fs/cgroup/memory.max)
  elif [ -r /sys/fs/cgroup/memory/memory.limit_in_bytes ]; then
    mem_limit=$(cat /sys/fs/cgroup/memory/memory.limit_in_bytes)
    # v1 says "no limit" with a huge number (the page-rounded maximum of a signed 64-bit value)
    [ "${#mem_limit}" -lt 19 ] || mem_limit=max
  else
    broken "no memory controller under /sys/fs/cgroup"
  fi
}

# fact KEY: the value the learner wrote for KEY in /root/facts.txt (KEY=VALUE or KEY = VALUE,
# the last one wins, spaces around the value trimmed); sets $val, empty when absent.
fact() {
  val=$(awk -v k="$1" '
    /^[[:space:]]*(#|$)/ { next }
    { i = index($0, "="); if (!i) next
      key = substr($0, 1, i - 1); gsub(/^[[:space:]]+|[[:space:]]+$/, "", key)
      if (key != k) next
      v = substr($0, i + 1); gsub(/^[[:space:]]+|[[:space:]]+$/, "", v); gsub(/\r/, "", v); found = v }
    END { printf "%s", found }' /root/facts.txt)
}

# unit_parse FILE DIR: reads a systemd unit the way systemd does for the keys this exercise uses
# (sections, comments, backslash continuations, later lines overriding earlier ones, an empty
# assignment resetting a list, quoting in Environment=, EnvironmentFile=, $VAR in ExecStart=).
# Writes DIR/settings (KEY<TAB>VALUE lines: User Group WorkingDirectory Restart Type After Wants
# Requires WantedBy ExecStarts), DIR/env (NUL-separated NAME=VALUE, systemd's defaults plus the
# unit's) and DIR/argv (the first ExecStart=, NUL-separated, prefixes such as "-" removed);
# DIR/error holds one line when the unit cannot be run as written: a message key of messages.yaml
# and its values, tab-separated (check-unit.sh names them).
unit_parse() {
  python3 - "$1" "$2" <<'PY'
import os, pwd, re, shlex, sys
path, out = sys.argv[1], sys.argv[2]
err = lambda *parts: (open(os.path.join(out, 'error'), 'w').write('\t'.join(str(p).replace('\t', ' ').replace('\n', ' ') for p in parts) + '\n'), sys.exit(0))
lines, buf = [], ''
for raw in open(path, encoding='utf-8', errors='replace'):
    raw = raw.rstrip('\n').rstrip('\r')
    if not buf and raw.lstrip().startswith(('#', ';')):
        continue
    if raw.endswith('\\'):
        buf += raw[:-1] + ' '
        continue
    lines.append(buf + raw)
    buf = ''
if buf:
    lines.append(buf)
sec, vals = None, {}
for line in lines:
    s = line.strip()
    if not s:
        continue
    if s.startswith('[') and s.endswith(']'):
        sec = s[1:-1]
        continue
    if '=' not in s or sec is None:
        continue
    k, v = s.split('=', 1)
    key = (sec, k.strip())
    v = v.strip()
    if v == '':
        vals[key] = []
    else:
        vals.setdefault(key, []).append(v)
one = lambda sec, k: (vals.get((sec, k)) or [''])[-1]
words = lambda sec, k: ' '.join(w for v in vals.get((sec, k), []) for w in v.split())
env = {'PATH': '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'LANG': 'C.UTF-8'}
user = one('Service', 'User')
if user:
    try:
        pw = pwd.getpwnam(user) if not user.isdigit() else pwd.getpwuid(int(user))
    except KeyError:
        err('unit-no-such-user', user)
    env.update(HOME=pw.pw_dir, USER=pw.pw_name, LOGNAME=pw.pw_name, SHELL=pw.pw_shell)
for ef in vals.get(('Service', 'EnvironmentFile'), []):
    optional = ef.startswith('-')
    ef = ef.lstrip('-')
    try:
        for l in open(ef, encoding='utf-8', errors='replace'):
            l = l.strip()
            if not l or l.startswith(('#', ';')) or '=' not in l:
                continue
            n, v = l.split('=', 1)
            v = v.strip()
            if len(v) >= 2 and v[0] == v[-1] and v[0] in '"\'':
                v = v[1:-1]
            env[n.strip().removeprefix('export ').strip()] = v
    except OSError as e:
        if not optional:
            err('env-file-unreadable', ef, e.strerror)
for v in vals.get(('Service', 'Environment'), []):
    try:
        for a in shlex.split(v):
            if '=' in a:
                n, x = a.split('=', 1)
                env[n] = x
    except ValueError as e:
        err('environment-bad', v, e)
execs = vals.get(('Service', 'ExecStart'), [])
if not execs:
    err('no-execstart')
cmd = execs[0]
try:
    argv = shlex.split(cmd)
except ValueError as e:
    err('execstart-bad', cmd, e)
if not argv:
    err('execstart-empty')
first = argv[0]
at = False
while first and first[0] in '-@:+!':
    at = at or first[0] == '@'
    first = first[1:]
argv[0] = first
if at and len(argv) > 1:
    argv = [argv[0]] + argv[2:]
def expand(w):
    w = re.sub(r'\$\{(\w+)\}', lambda m: env.get(m.group(1), ''), w)
    w = w.replace('%%', '\0')
    return w.replace('\0', '%')
exp = []
for w in argv:
    m = re.fullmatch(r'\$(\w+)', w)
    if m:
        exp += env.get(m.group(1), '').split()
    else:
        exp.append(expand(w))
with open(os.path.join(out, 'settings'), 'w') as f:
    for k in ('User', 'Group', 'WorkingDirectory', 'Restart', 'Type'):
        f.write(f'{k}\t{one("Service", k)}\n')
    for k in ('After', 'Wants', 'Requires'):
        f.write(f'{k}\t{words("Unit", k)}\n')
    f.write(f'WantedBy\t{words("Install", "WantedBy")}\n')
    f.write(f'ExecStarts\t{len(execs)}\n')
with open(os.path.join(out, 'env'), 'wb') as f:
    f.write(b''.join(f'{n}={v}'.encode() + b'\0' for n, v in env.items()))
with open(os.path.join(out, 'argv'), 'wb') as f:
    f.write(b''.join(a.encode() + b'\0' for a in exp))
PY
}

# setting NAME: a value from unit_parse's settings file in $unit_dir; sets $val.
setting() { val=$(awk -F '\t' -v k="$1" '$1 == k { print $2 }' "$unit_dir/settings"); }
