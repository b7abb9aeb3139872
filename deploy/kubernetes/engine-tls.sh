#!/bin/sh
# Makes the TLS files between the opslab servers and the lab engines' dockerd, and (with --apply)
# the two Secrets engine.yaml and server.yaml mount:
#   opslab-engine-tls         the engines' server certificate (ca.pem, cert.pem, key.pem)
#   opslab-engine-client-tls  the servers' client certificate (ca.pem, cert.pem, key.pem)
# dockerd runs with --tlsverify, so it answers only clients whose certificate this CA signed; the
# servers verify the engine's name (opslab-engine-N.opslab-engine) against the same CA.
# The engine certificate may only serve and the client certificate may only be a client (extended
# key usage), so the engine's key, which sits on the engine nodes, cannot open another engine.
#
#   deploy/kubernetes/engine-tls.sh [--engines N] [--namespace NS] [--out DIR] [--apply]
#
# N (default 2) must cover the engine replicas: every engine's name is in the one certificate.
# Raising the replicas later: run it again with the same --out (the CA there is reused), --apply,
# and restart the engines and servers. ca-key.pem in DIR signs certificates that are root on
# every engine: keep it offline, not in the cluster. `localhost` is also a name of the engine
# certificate, for `kubectl port-forward` (deploy/README.md, "Lab images").
set -eu

engines=2
namespace=opslab
out=./engine-tls
apply=no
while [ $# -gt 0 ]; do
  case "$1" in
    --engines) engines=$2; shift 2 ;;
    --namespace) namespace=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --apply) apply=yes; shift ;;
    *) echo "usage: $0 [--engines N] [--namespace NS] [--out DIR] [--apply]" >&2; exit 2 ;;
  esac
done
case "$engines" in ''|*[!0-9]*) echo "--engines wants a number, got '$engines'" >&2; exit 2 ;; esac

umask 077
mkdir -p "$out/engine" "$out/client"
cd "$out"

# The CA: made once, reused when the script runs again.
if [ ! -f ca-key.pem ]; then
  openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -sha256 -days 3650 \
    -subj "/CN=opslab engine CA" -keyout ca-key.pem -out ca.pem \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
fi

# sign NAME USAGE SAN: a fresh key and a certificate for it, valid two years.
sign() {
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -sha256 \
    -subj "/CN=opslab-$1" -keyout "$1/key.pem" -out "$1/req.csr" 2>/dev/null
  {
    echo "basicConstraints=critical,CA:FALSE"
    echo "keyUsage=critical,digitalSignature"
    echo "extendedKeyUsage=$2"
    [ -z "$3" ] || echo "subjectAltName=$3"
  } > "$1/ext.cnf"
  openssl x509 -req -sha256 -days 730 -in "$1/req.csr" -CA ca.pem -CAkey ca-key.pem \
    -set_serial "0x$(openssl rand -hex 16)" -extfile "$1/ext.cnf" -out "$1/cert.pem" 2>/dev/null
  rm "$1/req.csr" "$1/ext.cnf"
  cp ca.pem "$1/ca.pem"
}

# Every name a server may use for engine i: short (what OPSLAB_ENGINES uses) and qualified.
sans="DNS:localhost,IP:127.0.0.1"
i=0
while [ "$i" -lt "$engines" ]; do
  pod="opslab-engine-$i.opslab-engine"
  sans="$sans,DNS:$pod,DNS:$pod.$namespace,DNS:$pod.$namespace.svc,DNS:$pod.$namespace.svc.cluster.local"
  i=$((i + 1))
done
sign engine serverAuth "$sans"
sign client clientAuth ""
echo "engine-tls: $engines engine name(s) in $(pwd)/engine/cert.pem; client certificate in $(pwd)/client"

if [ "$apply" = yes ]; then
  for pair in "opslab-engine-tls engine" "opslab-engine-client-tls client"; do
    set -- $pair
    kubectl -n "$namespace" create secret generic "$1" \
      --from-file=ca.pem="$2/ca.pem" --from-file=cert.pem="$2/cert.pem" --from-file=key.pem="$2/key.pem" \
      --dry-run=client -o yaml | kubectl apply -f -
  done
fi
