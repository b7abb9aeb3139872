# Running the learner's Ansible the same way every time, and reading what it did. Part of the
# course prelude (roadmap.yaml): functions only.

# ansible_env: what a check runs ansible in: root's home (the learner's ansible.cfg and keys),
# no colours, 10 s to log in, no .retry files, and the default output with each task result as
# one line of JSON, which is what playbook_events reads.
ansible_env() {
  export HOME=/root ANSIBLE_NOCOLOR=1 ANSIBLE_TIMEOUT=10 ANSIBLE_RETRY_FILES_ENABLED=false \
    ANSIBLE_STDOUT_CALLBACK=default ANSIBLE_CALLBACK_RESULT_FORMAT=json ANSIBLE_CALLBACK_FORMAT_PRETTY=false
}

# playbook_events LOG: what a run of ansible-playbook did (LOG: its output under ansible_env), one
# tab-separated line per event:
#   recap HOST OK CHANGED UNREACHABLE FAILED | changed TASK HOST | fatal TASK HOST MESSAGE IN_USE | error MESSAGE
# (IN_USE: "in-use" when the task failed because a port is taken, which a check explains, else "-")
playbook_events() {
  python3 - "$1" <<'PY'
import json, re, sys
task = ''
error = None
for line in open(sys.argv[1], errors='replace'):
    line = line.rstrip('\n')
    if error is not None:
        if line.strip():
            error += ' ' + line.strip()
            continue
        print('error', ' '.join(error.split())[:220], sep='\t')
        error = None
    m = re.match(r'^(?:TASK|RUNNING HANDLER) \[(.*)\] \**$', line)
    if m:
        task = m.group(1)
        continue
    m = re.match(r'^changed: \[([^\]]+)\]', line)
    if m:
        print('changed', task, m.group(1).split(' -> ')[0], sep='\t')
        continue
    m = re.match(r'^(?:fatal|failed): \[([^\]]+)\].*?(?:FAILED|UNREACHABLE)! => (.*)$', line)
    if m:
        try:
            d = json.loads(m.group(2))
        except ValueError:
            d = {'msg': m.group(2)}
        msg = str(d.get('stderr') or d.get('msg') or d.get('module_stderr') or '').strip()
        msg = ' '.join((msg.splitlines() or [''])[0].split())[:220]
        in_use = 'in-use' if 'Address already in use' in msg else '-'
        print('fatal', task, m.group(1).split(' -> ')[0], msg, in_use, sep='\t')
        continue
    m = re.match(r'^(\S+)\s+: ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)', line)
    if m:
        print('recap', *m.groups(), sep='\t')
        continue
    m = re.match(r'^ERROR! (.*)', line)
    if m:
        error = m.group(1)  # ansible wraps it: the lines up to the next blank one
if error is not None:
    print('error', ' '.join(error.split())[:220], sep='\t')
PY
}

# playbook_run PLAYBOOK SECONDS LOG HOST...: runs ansible-playbook PLAYBOOK (in the current
# folder, under ansible_env) for at most SECONDS; its output goes to LOG, its events
# (playbook_events) to LOG.events. Prints what went wrong as one line of tab-separated fields,
# the first of:
#   timeout PLAYBOOK SECONDS (it did not finish), error PLAYBOOK MESSAGE (ansible stopped: bad
#   YAML, a missing role), fatal TASK HOST MESSAGE IN_USE (a task failed on a host; IN_USE as in
#   playbook_events), absent PLAYBOOK HOST (the play did not run on one of the HOSTs), status
#   PLAYBOOK STATUS LAST_LINE (it exited non-zero for another reason); nothing when it ran
#   cleanly on every HOST.
# It prints instead of failing, so that a check can put things back before it fails; fields
# rather than a sentence, so that the check says it with fail_t in the learner's language.
playbook_run() {
  local book=$1 secs=$2 log=$3 rc=0 what h
  shift 3
  timeout "$secs" ansible-playbook "$book" </dev/null >"$log" 2>&1 || rc=$?
  playbook_events "$log" >"$log.events"
  if [ "$rc" -eq 124 ]; then
    printf 'timeout\t%s\t%s\n' "$book" "$secs"
    return
  fi
  what=$(awk -F '\t' '$1 == "error" { print $2; exit }' "$log.events")
  [ -z "$what" ] || { printf 'error\t%s\t%s\n' "$book" "$what"; return; }
  what=$(awk -F '\t' '$1 == "fatal" { print; exit }' "$log.events")
  [ -z "$what" ] || { printf '%s\n' "$what"; return; }
  for h in "$@"; do
    awk -F '\t' -v h="$h" '$1 == "recap" && $2 == h { f = 1 } END { exit !f }' "$log.events" ||
      { printf 'absent\t%s\t%s\n' "$book" "$h"; return; }
  done
  [ "$rc" -eq 0 ] ||
    printf 'status\t%s\t%s\t%s\n' "$book" "$rc" "$(grep -v '^\s*$' "$log" | tail -n 1 | cut -c 1-200 | tr '\t' ' ')"
}
