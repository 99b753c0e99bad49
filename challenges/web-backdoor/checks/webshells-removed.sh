# Defense check, run by the range's own busybox as root inside the lab (copied in at check
# time): no web shell is left under /www, and the legitimate site (index + status.cgi) still
# works.
fail() { echo "FAIL: $*"; exit 1; }
B=http://127.0.0.1:8080
timeout 5 wget -q -O - "$B/" | grep -q 'Diskominfo' || fail "the home page no longer works"
timeout 5 wget -q -O - "$B/cgi-bin/status.cgi" | grep -q 'uptime' || fail "the legitimate /cgi-bin/status.cgi no longer works"
P="B2CPROBE$$"
for f in /www/cgi-bin/* /www/cgi-bin/.[!.]*; do
  [ -f "$f" ] || continue
  n=${f##*/}
  out=$(timeout 5 wget -q -O - "$B/cgi-bin/$n?c=echo%20$P%2B1&k=echo%20$P%2B1&cmd=echo%20$P%2B1" 2>/dev/null)
  case "$out" in *"$P+1"*) fail "/cgi-bin/$n still executes commands" ;; esac
done
hit=$(grep -rlE 'eval|sh -c|QUERY_STRING' /www 2>/dev/null | grep -v '/cgi-bin/status.cgi$' | head -n1)
[ -z "$hit" ] || fail "suspicious code still present in $hit"
echo "PASS: no web shell left, site and status page work"
