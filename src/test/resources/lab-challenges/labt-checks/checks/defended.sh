# The marker named by the first argument exists (the range's busybox, root in the lab).
test -f "$1" || { echo "FAIL: $1 is missing"; exit 1; }
echo "PASS: $1 exists"
