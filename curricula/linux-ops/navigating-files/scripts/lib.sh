# Shared by this exercise's scripts (its `prelude`): functions only, nothing runs here.

# make_inbox DIR: the inbox files, whose names do not tell their type. The setup fills
# /srv/data/inbox with them; check-inbox.sh makes them again to know what each one was.
make_inbox() {
  printf 'order,qty\n1001,3\n1002,1\n' | gzip -n > "$1/upload-1"
  printf '\211PNG\r\n\032\n\000\000\000\rIHDR\000\000\000\020\000\000\000\020\010\006\000\000\000\037\363\377a' > "$1/upload-2"
  printf '#!/bin/sh\n# remove uploads older than a day\nfind /tmp -name "upload-*" -mtime +1 -delete\n' > "$1/upload-3"
  printf 'Meeting notes, 4 March\n- move the shop to v1.10\n- restore the site from backup\n' > "$1/upload-4"
  printf '%%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%%%EOF\n' > "$1/scan.jpg"
}
