# From the probe: the lab serves the defense page.
timeout 5 wget -q -O - "http://${B2C_TARGET:?}:8080/defended.html" | grep -q defended \
  || { echo "FAIL: no defense page served"; exit 1; }
echo "PASS: defense page served"
