set -eu
# app's own self-signed certificate and key for its Postfix, as a real install makes them:
# the image's pair would be the same private key in every lab.
make-ssl-cert generate-default-snakeoil --force-overwrite
