# Compromise: an implant on the jump server beaconed to the adversary in the last 90 s
# (the adversary's own listener says so; nothing on the trainee's hosts is read).
last=$(curl -s -m 5 http://attacker:8081/last) || { echo "cannot ask the adversary's listener"; exit 9; }
recent=$(printf '%s' "$last" | tr -d '{} ' | tr ',' '\n' | awk -F: '$2 != "" && $2 + 0 < 90' | wc -l)
if [ "$recent" -gt 0 ]; then
  echo "an implant beacons to the adversary every minute"
  exit 3
fi
echo "no implant beacons"
