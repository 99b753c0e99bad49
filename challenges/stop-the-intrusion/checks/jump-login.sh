# SLA: the helpdesk signs in to the jump server and runs a command.
# down: no answer on 2222; faulty: the helpdesk's login or command fails.
token="ok-$$-$(date +%s)"
out=$(printf 'helpdesk\nHd-2026-kopi-pagi-senja\necho %s\n' "$token" | nc -w 5 "$1" 2222 2>&1)
[ -n "$out" ] || { echo "no login service answers on $1:2222"; exit 1; }
case "$out" in
  *"$token"*) echo "the helpdesk signs in and works" ;;
  *incorrect*) echo "the helpdesk's login is refused"; exit 2 ;;
  *) echo "the helpdesk's command did not run"; exit 2 ;;
esac
