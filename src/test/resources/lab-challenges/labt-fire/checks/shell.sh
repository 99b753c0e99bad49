# $1: the host checked. Compromised while a web shell answers on it.
if wget -q -O /dev/null "http://$1:8080/shell.txt"; then
  echo "a web shell answers at /shell.txt"
  exit 3
fi
echo "no web shell"
