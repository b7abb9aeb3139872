set -eu
cd /srv/data/inbox
file -- *
for f in *; do
  case "$(file -b --mime-type -- "$f")" in
    image/png) ext=png ;;
    application/gzip) ext=gz ;;
    text/x-shellscript) ext=sh ;;
    text/plain) ext=txt ;;
    application/pdf) ext=pdf ;;
    *) continue ;;
  esac
  case "$f" in *.*) base=${f%.*} ;; *) base=$f ;; esac
  [ "$f" = "$base.$ext" ] || mv -v -- "$f" "$base.$ext"
done
ls -l
