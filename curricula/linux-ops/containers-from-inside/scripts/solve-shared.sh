set -eu
# Same kernel (release and boot_id), own UTS and network namespaces (hostname and netns).
printf 'kernel\nboot_id\n' | tee /root/answers/shared
