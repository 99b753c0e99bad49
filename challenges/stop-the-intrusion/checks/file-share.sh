# SLA and integrity: staff open the share's documents, unchanged.
# down: the share does not answer; faulty: a document is missing or changed (locked).
curl -s -m 5 -f -o /dev/null "http://$1:8080/" || { echo "the share does not answer on $1:8080"; exit 1; }
for doc in handbook.txt:ext.\ 120 rapat-2026-11.txt:anggaran payroll.csv:nip,nama,gaji; do
  name=${doc%%:*}; word=${doc#*:}
  body=$(curl -s -m 5 -f "http://$1:8080/$name") || { echo "$name is missing from the share"; exit 2; }
  case "$body" in
    *"$word"*) ;;
    *) echo "$name is changed"; exit 2 ;;
  esac
done
echo "the share and its documents are intact"
