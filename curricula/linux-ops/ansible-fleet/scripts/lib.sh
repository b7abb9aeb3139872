# Shell functions of the ansible-fleet checks (the exercise's prelude: prepended to its scripts).
# Functions only.

# run_field N: field N of $why, what playbook_run (lib/ansible.sh) found, tab-separated.
run_field() { printf '%s\n' "$why" | cut -f "$1"; }
# fail_playbook: fails with what playbook_run found, for the kinds other than fatal.
fail_playbook() {
  case "$why" in
    timeout*) fail_t playbook-timeout book="$(run_field 2)" secs="$(run_field 3)" ;;
    error*) fail_t playbook-error book="$(run_field 2)" error="$(run_field 3)" ;;
    absent*) fail_t playbook-absent book="$(run_field 2)" host="$(run_field 3)" ;;
  esac
  fail_t playbook-status book="$(run_field 2)" rc="$(run_field 3)" last="$(run_field 4)"
}
