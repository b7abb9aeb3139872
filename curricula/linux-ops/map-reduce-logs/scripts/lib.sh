# Shared by this exercise's scripts (the exercise's `prelude`): functions only, nothing runs here.

# worker_ssh HOST CMD...: runs CMD on HOST as root over the lab's key, without questions.
worker_ssh() {
  local h=$1
  shift
  ssh -o BatchMode=yes -o ConnectTimeout=5 -n "root@$h" "$@"
}

# require_exec NAME: /root/mr/NAME exists, is executable and starts with #!; sets $prog.
require_exec() {
  prog=/root/mr/$1
  [ -e "$prog" ] || fail_t prog-missing prog="$prog"
  [ -x "$prog" ] || fail_t prog-not-executable prog="$prog"
  head -n 1 "$prog" | grep -q '^#!' || fail_t prog-no-shebang prog="$prog"
}

# truth: the answer, computed the check's own way: reads access-log lines on stdin, prints
# "PATH<TAB>HITS" for every path, sorted (C locale). The rules of the task: a line counts when
# it has a request field "METHOD PATH PROTOCOL" (METHOD in capitals, PATH starting with /,
# PROTOCOL HTTP/x) followed by a 3-digit status; the key is PATH without its ?query.
truth() {
  python3 -c '
import re, sys
from collections import Counter
LINE = re.compile(r"^\S+ \S+ \S+ \[[^\]]*\] \"([A-Z]+) (/[^ \"]*) (HTTP/[0-9.]+)\" \d{3} ")
c = Counter()
for raw in sys.stdin.buffer:
    m = LINE.match(raw.decode("utf-8", "replace"))
    if m:
        c[m.group(2).split("?", 1)[0]] += 1
for k in sorted(c, key=lambda s: s.encode()):
    print(f"{k}\t{c[k]}")
'
}

# summed FILE: the key<TAB>count lines of FILE summed per key, sorted (C locale): what a
# mapper's or job's output means, whatever its order or how much it combined. Lines that are
# not KEY<TAB>positive integer are printed as "!BAD<TAB>line" first.
summed() {
  python3 -c '
import sys
from collections import Counter
c, bad = Counter(), []
for raw in open(sys.argv[1], "rb"):
    line = raw.decode("utf-8", "replace").rstrip("\n")
    k, sep, v = line.rpartition("\t")
    if not sep or not v.strip().isdigit() or int(v) < 1:
        bad.append(line)
        continue
    c[k] += int(v)
for b in bad[:1]:
    print(f"!BAD\t{b[:80]}")
for k in sorted(c, key=lambda s: s.encode()):
    print(f"{k}\t{c[k]}")
' "$1"
}

# first_diff EXPECTED GOT: the first key whose count differs, as one tab-separated line that
# fail_diff turns into a message: "bad<TAB>LINE" (a line that is not KEY<TAB>COUNT) or
# "count<TAB>KEY<TAB>EXPECTED<TAB>GOT", "missing<TAB>KEY<TAB>EXPECTED" (no line for KEY in GOT),
# "extra<TAB>KEY<TAB>GOT" (a line for a KEY that EXPECTED has not); KEY and LINE quoted as
# Python repr.
first_diff() {
  python3 -c '
import sys
def load(p):
    d = {}
    for l in open(p, errors="replace"):
        k, _, v = l.rstrip("\n").rpartition("\t")
        d[k] = v
    return d
e, g = load(sys.argv[1]), load(sys.argv[2])
bad = g.get("!BAD")
if bad is not None:
    print(f"bad\t{bad!r}"); sys.exit()
for k in sorted(set(e) | set(g)):
    if e.get(k) != g.get(k):
        if k not in g:
            print(f"missing\t{k!r}\t{e[k]}")
        elif k not in e:
            print(f"extra\t{k!r}\t{g[k]}")
        else:
            print(f"count\t{k!r}\t{e[k]}\t{g[k]}")
        sys.exit()
' "$1" "$2"
}

# diff_fields EXPECTED GOT: sets d_kind, d_a, d_b, d_c from first_diff's line, so that a check
# can say the difference with a catalog message in the learner's language:
# d_kind=bad (d_a: the line), count (d_a: the key, d_b: expected, d_c: got), missing (d_a: the
# key, d_b: expected) or extra (d_a: the key, d_b: got).
diff_fields() {
  IFS="$(printf '\t')" read -r d_kind d_a d_b d_c <<EOF
$(first_diff "$1" "$2")
EOF
}
