# Web servers that labs of this course set up. Part of the course prelude (roadmap.yaml): these
# functions are defined before every setup, check and solve script of the course. Functions
# only: nothing may run here, or it would run before every script.

# web_site NAME ROOT [DIRECTIVES]: nginx serves one site, NAME, and nothing else: on port 80 of
# every address (default_server, so a request for any name or address, a VIP too, gets it),
# files from ROOT (no root when ROOT is ''), with DIRECTIVES appended to its server block (lines
# as nginx reads them). Debian's default site is disabled; nginx -t runs, then nginx starts.
web_site() {
  local conf=/etc/nginx/sites-available/$1
  {
    printf '# Set up by the lab: no need to change it.\nserver {\n    listen 80 default_server;\n'
    [ -z "$2" ] || printf '    root %s;\n    index index.html;\n' "$2"
    [ -z "${3:-}" ] || printf '%s\n' "$3"
    printf '}\n'
  } >"$conf"
  rm -f /etc/nginx/sites-enabled/default
  ln -sf "../sites-available/$1" "/etc/nginx/sites-enabled/$1"
  nginx -t 2>&1
  nginx
}

# rs_web: a real server's web server. Every request for / gets one line, this host's name
# (rs1), so that a client can count which real server answered; on every address, so on the VIP
# too wherever the learner puts it (lo, tunl0). Requests go to /var/log/nginx/rs-access.log.
rs_web() {
  mkdir -p /var/www/rs
  printf '%s\n' "$OPSLAB_HOST" >/var/www/rs/index.html
  web_site rs /var/www/rs '    access_log /var/log/nginx/rs-access.log;'
}
