# Compromise: the adversary's web shell still runs commands on the portal.
token="b2c-$$-$(date +%s)"
out=$(curl -s -m 5 -G "http://$1:8080/uploads/thumb.py" --data-urlencode "c=echo $token")
case "$out" in
  *"$token"*) echo "a web shell runs commands at /uploads/thumb.py"; exit 3 ;;
esac
echo "no web shell answers"
