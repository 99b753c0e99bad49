#!/usr/bin/env bash
# lint.sh - check a challenge repository the way the range loads it, without the service, a
# database or Keycloak: fast enough for a git pre-commit hook or CI.
#
# Usage:
#   infra/lint.sh [--solve] [folder]      (folder: default challenges/)
#
# Prints every problem as file:line:column: severity: reason and exits 1 if there is an
# error (warnings alone exit 0). It runs the service's own parser (id.born2control.catalog.Lint)
# from target/classes, building it with ./mvnw the first time.
#   --solve   then, for every challenge that loads and has solution/solve.sh, builds its lab
#             and runs the solution against it with infra/images/try-challenge.sh (needs
#             docker and the base images), printing PASS or FAIL per challenge (SKIP for a
#             lab of several hosts, which only the range runs).
set -euo pipefail
REPO="$(cd "$(dirname "$0")/.." && pwd)"
SOLVE=0; FOLDER=""
for a in "$@"; do
  case "$a" in
    --solve) SOLVE=1 ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    -*) echo "unknown option $a" >&2; sed -n '2,14p' "$0" >&2; exit 2 ;;
    *) FOLDER="$a" ;;
  esac
done
FOLDER="${FOLDER:-$REPO/challenges}"

CLASSES="$REPO/target/classes"
CLASSPATH_FILE="$REPO/target/lint.classpath"
if [ ! -f "$CLASSES/id/born2control/catalog/Lint.class" ]; then
  (cd "$REPO" && ./mvnw -q -Dskip.ui -DskipTests compile) >&2
fi
if [ ! -s "$CLASSPATH_FILE" ] || [ "$REPO/pom.xml" -nt "$CLASSPATH_FILE" ]; then
  (cd "$REPO" && ./mvnw -q dependency:build-classpath -Dmdep.includeScope=runtime \
    -Dmdep.outputFile="$CLASSPATH_FILE") >&2
fi

FOLDERS_FILE=""
if [ "$SOLVE" = 1 ]; then
  FOLDERS_FILE="$(mktemp)"
  trap 'rm -f "$FOLDERS_FILE"' EXIT
fi
STATUS=0
java -Xshare:auto -XX:TieredStopAtLevel=1 -cp "$CLASSES:$(cat "$CLASSPATH_FILE")" \
  id.born2control.catalog.Lint ${FOLDERS_FILE:+--folders "$FOLDERS_FILE"} "$FOLDER" || STATUS=$?
[ "$SOLVE" = 1 ] || exit "$STATUS"
[ "$STATUS" -le 1 ] || exit "$STATUS"

FAILED=0
while IFS= read -r dir; do
  [ -f "$dir/solution/solve.sh" ] || continue
  if "$REPO/infra/images/try-challenge.sh" "$dir" >"$FOLDERS_FILE.log" 2>&1; then
    if grep -q '^0 passed, 0 failed, 1 skipped$' "$FOLDERS_FILE.log"; then
      echo "SKIP $dir (a lab of several hosts: the range's tests run it)"
    else
      echo "PASS $dir"
    fi
  else
    echo "FAIL $dir"; sed 's/^/    /' "$FOLDERS_FILE.log"; FAILED=1
  fi
done < "$FOLDERS_FILE"
rm -f "$FOLDERS_FILE.log"
[ "$STATUS" = 0 ] && [ "$FAILED" = 0 ]
