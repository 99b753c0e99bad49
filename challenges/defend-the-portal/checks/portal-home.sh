# SLA and integrity, as a citizen: the home page answers with the portal's announcements, and
# the search finds one. down: no answer; faulty: defaced, announcements missing, search broken.
page=$(curl -s -m 5 -f "http://$1:8080/") || { echo "the portal does not answer"; exit 1; }
case "$page" in
  *[Hh][Aa][Cc][Kk][Ee][Dd]*) echo "the home page is defaced"; exit 2 ;;
esac
printf '%s' "$page" | grep -q 'Portal Layanan Warga' || { echo "not the portal's home page"; exit 2; }
n=$(printf '%s' "$page" | grep -o '<li>' | wc -l)
[ "$n" -ge 5 ] || { echo "announcements missing ($n of 5)"; exit 2; }
found=$(curl -s -m 5 -f -G "http://$1:8080/search" --data-urlencode "q=KTP") \
  || { echo "the search does not answer"; exit 2; }
case "$found" in
  *"Jadwal layanan KTP"*) ;;
  *) echo "the search does not find the KTP announcement"; exit 2 ;;
esac
echo "the home page, its $n announcements and the search are served"
