set -eu
# The whole tool and its tests, written by the learner in /root/fleetcheck.
install -d /root/fleetcheck
cat > /root/fleetcheck/fleetcheck.py <<'PY'
#!/usr/bin/env python3
"""Check a fleet of hosts over SSH: disk use, load, one service. Prints JSON; exit 0 when all is well."""
import argparse
import json
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

# One ssh round trip per host: three commands, their outputs separated by a marker line.
REMOTE = "df -P /; echo ---; cat /proc/loadavg; echo ---; pgrep -x {service} >/dev/null && echo up || echo down"


def parse_df(text):
    """Use% of the filesystem in the output of `df -P /` (or df -h /), as an int."""
    lines = [line for line in text.splitlines() if line.strip()]
    for field in reversed(lines[-1].split()):
        if field.endswith("%"):
            return int(field[:-1])
    raise ValueError(f"no Use% in df output: {lines[-1]!r}")


def parse_loadavg(text):
    """The 1-minute load average from /proc/loadavg."""
    return float(text.split()[0])


def check_host(host, service, timeout):
    cmd = ["ssh", "-o", "BatchMode=yes", "-o", f"ConnectTimeout={max(1, round(timeout))}", f"root@{host}",
           REMOTE.format(service=service)]
    try:
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        return {"reachable": False, "error": f"no answer within {timeout} s"}
    if r.returncode == 255:  # ssh's own failure: no connection, no login
        return {"reachable": False, "error": r.stderr.strip() or "ssh failed"}
    try:
        df, load, state = r.stdout.split("---\n")
        return {
            "reachable": True,
            "disk_used_pct": parse_df(df),
            "load1": parse_loadavg(load),
            "services": {service: state.strip() == "up"},
        }
    except ValueError as e:
        return {"reachable": True, "error": f"unexpected output: {e}"}


def build_report(results, service, disk_max):
    ok = all(
        h.get("reachable") and h.get("services", {}).get(service) and h.get("disk_used_pct", 100) < disk_max
        for h in results.values()
    )
    return {"hosts": results, "ok": ok}


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("hosts", nargs="+")
    p.add_argument("--timeout", type=float, default=5.0, help="seconds per host (default 5)")
    p.add_argument("--service", default="nginx", help="process that must run (default nginx)")
    p.add_argument("--disk-max", type=int, default=90, help="highest healthy Use%% (default 90)")
    args = p.parse_args(argv)
    with ThreadPoolExecutor(max_workers=len(args.hosts)) as pool:
        futures = {h: pool.submit(check_host, h, args.service, args.timeout) for h in args.hosts}
        results = {h: f.result() for h, f in futures.items()}
    report = build_report(results, args.service, args.disk_max)
    print(json.dumps(report, indent=2))
    return 0 if report["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
PY
chmod 755 /root/fleetcheck/fleetcheck.py

cat > /root/fleetcheck/test_fleetcheck.py <<'PY'
import unittest

from fleetcheck import build_report, parse_df, parse_loadavg

DF_P = """Filesystem     1024-blocks    Used Available Capacity Mounted on
overlay           41152736 15212540  23827040      39% /
"""
DF_H = "Filesystem  Size  Used Avail Use% Mounted on\noverlay      40G   15G   23G  100% /\n\n"


class ParseTest(unittest.TestCase):
    def test_df_posix(self):
        self.assertEqual(parse_df(DF_P), 39)

    def test_df_human_full_disk_and_blank_line(self):
        self.assertEqual(parse_df(DF_H), 100)

    def test_loadavg(self):
        self.assertEqual(parse_loadavg("0.42 0.30 0.25 1/123 4567\n"), 0.42)
        self.assertEqual(parse_loadavg("12.50 3.00 1.00 2/99 1\n"), 12.5)


class ReportTest(unittest.TestCase):
    def test_unreachable_host_is_not_ok(self):
        r = build_report({"a": {"reachable": False, "error": "timeout"}}, "nginx", 90)
        self.assertFalse(r["ok"])

    def test_all_well(self):
        h = {"reachable": True, "disk_used_pct": 40, "load1": 0.1, "services": {"nginx": True}}
        self.assertTrue(build_report({"a": h}, "nginx", 90)["ok"])
        self.assertFalse(build_report({"a": h}, "nginx", 30)["ok"])


if __name__ == "__main__":
    unittest.main()
PY
cd /root/fleetcheck && python3 -m unittest -v
