set -eu
# The node: an MTU that is not the usual 1500 (so the answer has to be read, not guessed), the
# small daemon the last task runs as a service, and nothing else of the learner's.
ip link set dev eth0 mtu 1450

cat > /usr/local/bin/status-page <<'PY'
#!/usr/bin/python3
"""status-page: a tiny HTTP daemon that says who and where it runs.

Settings come from the environment: PORT (required), SITE_NAME (optional). It appends one
line per request to status-page.log in its working directory, so that directory must be
writable by the user it runs as. GET / answers JSON: site, user, cwd, port, pid.
"""
import json
import os
import pwd
import sys
from http.server import BaseHTTPRequestHandler, HTTPServer

port = os.environ.get("PORT")
if not port or not port.isdigit():
    sys.exit("status-page: PORT is not set (or not a number): give it in the environment")
try:
    log = open("status-page.log", "a", buffering=1)
except OSError as e:
    sys.exit(f"status-page: cannot write status-page.log in {os.getcwd()}: {e.strerror}")


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        body = json.dumps({
            "site": os.environ.get("SITE_NAME", ""),
            "user": pwd.getpwuid(os.geteuid()).pw_name,
            "cwd": os.getcwd(),
            "port": int(port),
            "pid": os.getpid(),
        }).encode() + b"\n"
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, fmt, *args):
        log.write("%s %s\n" % (self.address_string(), fmt % args))


print(f"status-page: listening on port {port}", file=sys.stderr, flush=True)
HTTPServer(("", int(port)), Handler).serve_forever()
PY
chmod 755 /usr/local/bin/status-page
