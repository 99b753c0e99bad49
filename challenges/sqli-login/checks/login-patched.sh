# Defense check from a probe of the range on the lab's network (the range's own busybox, as
# nobody, outside the lab): the login rejects SQL injection and still accepts
# analyst / Welcome2B2C!. $B2C_TARGET is the lab server's address.
BASE="http://${B2C_TARGET:?}:8080"
login() { timeout 5 wget -q -O - --post-data "username=$1&password=$2" "$BASE/login" 2>/dev/null; }
i=0
until timeout 3 wget -q -O /dev/null "$BASE/" 2>/dev/null; do
  i=$((i + 1))
  [ $i -ge 15 ] && { echo "FAIL: the login page on port 8080 does not answer"; exit 1; }
  sleep 1
done
# url-encoded: admin' -- , admin'--, admin'/*, ' OR '1'='1' -- , ' OR 1=1 -- , x' OR 'a'='a' -- ,
# ' UNION SELECT 'admin','admin' -- , admin' OR '1'='1
for inj in "admin%27+--+" "admin%27--" "admin%27%2F*" "%27+OR+%271%27%3D%271%27+--+" \
    "%27+OR+1%3D1+--+" "x%27+OR+%27a%27%3D%27a%27+--+" \
    "%27+UNION+SELECT+%27admin%27%2C%27admin%27+--+" "admin%27+OR+%271%27%3D%271"; do
  case "$(login "$inj" x)" in
    *Welcome*) echo "FAIL: SQL injection still works with username $inj"; exit 1 ;;
  esac
done
case "$(login analyst 'Welcome2B2C%21')" in
  *"Welcome, analyst"*) ;;
  *) echo "FAIL: the legitimate login analyst/Welcome2B2C! no longer works"; exit 1 ;;
esac
case "$(login analyst wrong-password)" in
  *Welcome*) echo "FAIL: a wrong password is accepted"; exit 1 ;;
esac
echo "PASS: injection blocked, legitimate login works"
