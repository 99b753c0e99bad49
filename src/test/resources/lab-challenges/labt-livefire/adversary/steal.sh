# The attacker takes the secret the web host serves: the attack succeeds (exit 0) while it is
# served, and is stopped (exit 1) once the trainee removes it.
if wget -q -O - "http://web:8080/secret.txt"; then
  echo "secret taken"
  exit 0
fi
echo "the secret is not served"
exit 1
