# $1: the host checked. Down if it does not answer, faulty if the page is not its own.
page=$(wget -q -O - "http://$1:8080/") || { echo "no answer on port 8080"; exit 1; }
case "$page" in
  "$1") echo "answers" ;;
  *) echo "defaced: $(printf '%s' "$page" | head -n 1)"; exit 2 ;;
esac
