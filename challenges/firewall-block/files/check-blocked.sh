#!/bin/sh
# Defense check (root inside the lab): traffic from the attacker 198.51.100.23 is
# dropped/rejected by the firewall, while the portal still serves everybody else.
fail() { echo "FAIL: $*"; exit 1; }
ip -o addr show dev lo | grep -q ' 198.51.100.23/' \
  || fail "the attacker's simulated address was removed from lo; block it with iptables instead"
curl -fsS -m 3 -o /dev/null http://127.0.0.1:8080/health || fail "the portal does not answer locally on 127.0.0.1:8080"
curl -fsS -m 3 -o /dev/null --interface 198.51.100.99 http://192.0.2.10:8080/health \
  || fail "the monitoring host 198.51.100.99 cannot reach the portal any more (block only the attacker)"
curl -fsS -m 3 -o /dev/null --interface 192.0.2.31 http://192.0.2.10:8080/ \
  || fail "the citizen 192.0.2.31 cannot reach the portal any more (block only the attacker)"
if curl -sS -m 3 -o /dev/null --interface 198.51.100.23 http://192.0.2.10:8080/health 2>/dev/null; then
  fail "198.51.100.23 can still reach the portal"
fi
echo "PASS: 198.51.100.23 is blocked and the portal still serves other clients"
