# SLA, as a citizen: file a service request, then follow it and an older one by ticket.
# down: the form does not answer; faulty: a ticket is lost.
out=$(curl -s -m 5 -f --data-urlencode "name=Warga Uji" --data-urlencode "need=Kartu keluarga" \
  "http://$1:8080/request") || { echo "the request form does not answer"; exit 1; }
ticket=$(printf '%s' "$out" | grep -oE 'REQ-[0-9]{4}' | head -n 1)
[ -n "$ticket" ] || { echo "no ticket given for a new request"; exit 2; }
curl -s -m 5 -f -o /dev/null "http://$1:8080/request/$ticket" \
  || { echo "new ticket $ticket cannot be followed"; exit 2; }
curl -s -m 5 -f -o /dev/null "http://$1:8080/request/REQ-0002" \
  || { echo "ticket REQ-0002 is lost"; exit 2; }
echo "a request was filed ($ticket) and followed"
