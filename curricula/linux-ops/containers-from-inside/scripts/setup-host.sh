set -eu
# Nothing to break or start: the lab host itself is the subject. Only a place for answers.
install -d -m 755 /root/answers
