# Integrity: the portal's database still holds every citizen record.
# down: no status; faulty: records lost.
out=$(curl -s -m 5 -f "http://$1:8080/status") || { echo "the portal's status does not answer"; exit 1; }
n=$(printf '%s' "$out" | sed -n 's/.*"citizens":\([0-9]*\).*/\1/p')
[ -n "$n" ] || { echo "the status names no record count"; exit 2; }
[ "$n" -ge 50 ] || { echo "citizen records lost: $n of 50 left"; exit 2; }
echo "all $n citizen records are there"
