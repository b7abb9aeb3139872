set -eu
# The reducer: sorted "KEY<TAB>COUNT" lines in, one "KEY<TAB>SUM" per key out. It keeps only
# the current key in memory, as a reducer of sorted input can.
cat > /root/mr/reducer <<'AWK'
#!/usr/bin/awk -f
BEGIN { FS = OFS = "\t" }
$1 != key { if (NR > 1) print key, sum; key = $1; sum = 0 }
{ sum += $2 }
END { if (NR > 0) print key, sum }
AWK
chmod 755 /root/mr/reducer
printf '/a\t1\n/a\t2\n/b\t1\n' | /root/mr/reducer
