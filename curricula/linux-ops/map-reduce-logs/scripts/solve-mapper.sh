set -eu
# The mapper: one access-log line in, "PATH<TAB>1" out; broken lines are skipped.
install -d /root/mr
cat > /root/mr/mapper <<'PY'
#!/usr/bin/python3
"""Map: access-log lines on stdin -> 'PATH<TAB>1' on stdout. Broken lines are skipped."""
import re
import sys

# client ident user [time] "METHOD PATH PROTOCOL" status ...
LINE = re.compile(r'^\S+ \S+ \S+ \[[^\]]*\] "([A-Z]+) (/[^ "]*) (HTTP/[0-9.]+)" \d{3} ')

for line in sys.stdin.buffer:  # bytes: a log may hold anything, and one bad byte must not stop the job
    m = LINE.match(line.decode("utf-8", "replace"))
    if m:
        path = m.group(2).split("?", 1)[0]
        sys.stdout.write(f"{path}\t1\n")
PY
chmod 755 /root/mr/mapper
/root/mr/mapper < /root/mr/sample.log | head -n 3
