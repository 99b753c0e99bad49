# $1: the host checked. Compromised while it still serves the secret the attacker takes.
if wget -q -O /dev/null "http://$1:8080/secret.txt"; then
  echo "the secret is served to anyone"
  exit 3
fi
echo "the secret is kept"
