# Defense check, run by the range's own busybox as root inside the lab (copied in at check
# time: no program of the lab is used). Connections from the attacker 198.51.100.23 to the
# portal fail, while 127.0.0.1, the monitoring host and a citizen still get answers. Each
# simulated client is played by choosing the source address through the kernel: the portal
# address's local route gets that preferred source for one connection, then is restored.
P=192.0.2.10
restore() { ip route replace local "$P" dev lo table local proto kernel scope host src "$P" 2>/dev/null; }
fail() { restore; echo "FAIL: $*"; exit 1; }
# from SOURCE COMMAND...: runs COMMAND with new connections to the portal coming from SOURCE
from() {
  src="$1"; shift
  ip route replace local "$P" dev lo table local proto kernel scope host src "$src" \
    || fail "cannot use $src as a source address"
  "$@" >/dev/null 2>&1; r=$?
  restore
  return $r
}
trap restore EXIT INT TERM
ip addr show dev lo | grep -q 'inet 198.51.100.23/' \
  || fail "the attacker's simulated address was removed from lo; block it with iptables instead"
timeout 3 wget -q -O /dev/null http://127.0.0.1:8080/health || fail "the portal does not answer locally on 127.0.0.1:8080"
from 198.51.100.99 timeout 3 wget -q -O - "http://$P:8080/health" \
  || fail "the monitoring host 198.51.100.99 cannot reach the portal any more (block only the attacker)"
from 192.0.2.31 timeout 3 wget -q -O - "http://$P:8080/" \
  || fail "the citizen 192.0.2.31 cannot reach the portal any more (block only the attacker)"
# A bare connection: whatever a rule matches beyond the address, the attacker's SYN must not pass.
if from 198.51.100.23 nc -w 3 "$P" 8080 </dev/null; then
  fail "198.51.100.23 can still reach the portal"
fi
echo "PASS: 198.51.100.23 is blocked and the portal still serves other clients"
