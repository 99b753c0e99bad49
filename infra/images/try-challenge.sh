#!/usr/bin/env bash
# try-challenge.sh - run a Born2Control challenge locally the way the range does,
# and verify that its solution works.
#
# Usage:
#   infra/images/try-challenge.sh [--keep] [--no-precheck] challenges/<slug> [more dirs...]
#
#   --keep          leave the container/network/image running for manual poking
#                   (prints how to attach; clean up with the printed commands)
#   --no-precheck   do not require the defense checks to FAIL before the solution
#
# For each challenge folder it:
#   1. validates challenge.yml (known keys, required fields, files exist);
#   2. lab-less: runs solution/solve.sh with B2C_CHALLENGE_DIR and compares the
#      last stdout line with the flags (static / case_insensitive / regex);
#   3. with a lab: builds b2c-test/<slug>, creates it on an --internal network with
#      --cap-drop ALL, the listed --cap-add, no-new-privileges, pids/memory/cpu
#      limits (a second, non-internal network without masquerading is attached
#      only to publish ports on 127.0.0.1), writes a random dynamic flag with the
#      declared path/mode/owner (or env var) BEFORE start, starts it, runs every
#      check (must fail), runs solve.sh with B2C_LAB_HOST / B2C_LAB_PORT_<port> /
#      B2C_LAB_EXEC, compares the printed flag, runs every check again (must pass)
#      and removes everything it created (base images are kept).
# Needs: docker, python3 with PyYAML (Debian: apt-get install python3-yaml).
# A lab of several hosts (lab.hosts, live-fire scenarios) is skipped: only the range runs it.
# Prints "N passed, N failed, N skipped" at the end; exit status 0 only if none failed.
set -euo pipefail

KEEP=0; PRECHECK=1; DIRS=()
for a in "$@"; do
  case "$a" in
    --keep) KEEP=1 ;;
    --no-precheck) PRECHECK=0 ;;
    -h|--help) sed -n '2,27p' "$0"; exit 0 ;;
    *) DIRS+=("$a") ;;
  esac
done
[ ${#DIRS[@]} -gt 0 ] || { sed -n '2,27p' "$0"; exit 2; }
python3 -c 'import yaml' 2>/dev/null || { echo "python3-yaml is required (apt-get install python3-yaml)" >&2; exit 2; }

PASSED=0; FAILED=0; SKIPPED=0
say() { printf '\033[1m[try]\033[0m %s\n' "$*"; }
ok() { printf '  \033[32mOK\033[0m   %s\n' "$*"; }
bad() { printf '  \033[31mFAIL\033[0m %s\n' "$*"; RESULT=1; }

# Parse + validate challenge.yml; emit shell assignments (shlex-quoted).
parse_yml() {
  python3 - "$1" <<'PY'
import os, re, shlex, sys, yaml
d = sys.argv[1]
try:
    y = yaml.safe_load(open(os.path.join(d, "challenge.yml")))
except yaml.YAMLError as e:
    m = getattr(e, "problem_mark", None)
    where = f"challenge.yml:{m.line + 1}:{m.column + 1}" if m else "challenge.yml"
    print("SLUG=" + shlex.quote(os.path.basename(os.path.abspath(d))) + " NAME='' WARNINGS=''")
    print("ERRORS=" + shlex.quote(f"{where}: not valid YAML: {getattr(e, 'problem', e)}"))
    sys.exit(0)
if not isinstance(y, dict):
    print("SLUG=" + shlex.quote(os.path.basename(os.path.abspath(d))) + " NAME='' WARNINGS=''")
    print("ERRORS=" + shlex.quote("challenge.yml: the top level must be a mapping of keys"))
    sys.exit(0)
errs, warns = [], []
TOP = {"name", "author", "category", "description", "value", "type", "extra", "flags", "logic", "hints",
       "requirements", "tags", "topics", "files", "connection_info", "attempts", "state", "version",
       "attribution", "healthcheck", "next",
       "image", "protocol", "host", "lab", "solution", "scenario"}
LAB = {"build", "dockerfile", "ports", "limits", "ttl", "egress", "capabilities", "user", "environment",
       "flag", "checks", "workstation", "terminal", "hosts", "networks"}
for k in y:
    if k not in TOP: warns.append(f"unknown top-level key {k!r} is ignored")
for k in ("name", "category", "description", "solution"):
    if not y.get(k): errs.append(f"missing required key {k!r}")
typ = y.get("type", "standard")
if typ not in ("standard", "dynamic"): errs.append(f"bad type {typ!r}")
if typ == "standard" and "value" not in y: errs.append("type standard needs 'value'")
if typ == "dynamic":
    ex = y.get("extra") or {}
    for k in ("initial", "decay", "minimum"):
        if k not in ex: errs.append(f"type dynamic needs extra.{k}")
slug = os.path.basename(os.path.abspath(d))
if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug): errs.append(f"bad slug {slug!r}")
for f in y.get("files") or []:
    if not os.path.isfile(os.path.join(d, f)): errs.append(f"listed file missing: {f}")
sol = os.path.join(d, y.get("solution") or "solution/solve.sh")
if not os.access(sol, os.X_OK): errs.append(f"solution not executable: {sol}")
lab = y.get("lab") or {}
for k in lab:
    if k not in LAB: warns.append(f"unknown key 'lab.{k}' is ignored")
static, ci, regex = [], [], []
for f in y.get("flags") or []:
    if isinstance(f, str): static.append(f); continue
    t, c, data = f.get("type", "static"), f.get("content", ""), f.get("data", "")
    if t == "regex": regex.append(("(?i)" if data == "case_insensitive" else "") + c)
    elif data == "case_insensitive": ci.append(c)
    else: static.append(c)
if not (static or ci or regex or lab.get("flag") or lab.get("checks")):
    errs.append("no way to score: no flags, no lab.flag, no lab.checks")
out = {"SLUG": slug, "NAME": y.get("name", ""), "SOLUTION": sol, "ERRORS": "\n".join(errs),
       "WARNINGS": "\n".join(warns),
       "STATIC_FLAGS": "\n".join(static), "CI_FLAGS": "\n".join(ci), "REGEX_FLAGS": "\n".join(regex),
       "HAS_LAB": "1" if lab else "0", "MULTI_HOST": "1" if lab.get("hosts") else "0"}
if lab:
    ctx = os.path.normpath(os.path.join(d, str(lab.get("build", "."))))
    out["CTX"] = ctx
    out["DOCKERFILE"] = os.path.join(ctx, lab.get("dockerfile", "Dockerfile"))
    out["PORTS"] = " ".join(str(p["port"] if isinstance(p, dict) else p) for p in lab.get("ports") or [])
    lim = lab.get("limits") or {}
    out["CPUS"], out["MEMORY"], out["PIDS"] = str(lim.get("cpus", 0.5)), str(lim.get("memory", "256m")), str(lim.get("pids", 128))
    out["CAPS"] = " ".join(lab.get("capabilities") or [])
    out["LAB_USER"] = str(lab.get("user", "root"))
    out["ENVS"] = "\n".join(f"{k}={v}" for k, v in (lab.get("environment") or {}).items())
    fl = lab.get("flag") or {}
    out["FLAG_TEMPLATE"] = fl.get("template", "")
    out["FLAG_FILE"] = fl.get("file", "")
    out["FLAG_MODE"] = str(fl.get("mode", "0400"))
    out["FLAG_OWNER"] = str(fl.get("owner", "root"))
    out["FLAG_ENV"] = fl.get("env", "")
    if fl and not (out["FLAG_FILE"] or out["FLAG_ENV"]): errs.append("lab.flag needs file or env")
    if fl and "{{token}}" not in out["FLAG_TEMPLATE"]: errs.append("lab.flag.template lacks {{token}}")
    checks = lab.get("checks") or []
    out["CHECK_NAMES"] = "\n".join(c["name"] for c in checks)
    out["CHECK_RUNS"] = "\n".join(str(c.get("run") or "").replace("\n", " ") for c in checks)
    # from: probe|target|workstation (in: the older spelling); script: a file of the folder
    out["CHECK_FROMS"] = "\n".join(str(c.get("from") or c.get("in") or "target") for c in checks)
    out["CHECK_SCRIPTS"] = "\n".join(os.path.join(d, c["script"]) if c.get("script") else "" for c in checks)
    out["CHECK_ARGS"] = "\n".join(" ".join(shlex.quote(str(a)) for a in (c.get("args") or [])) for c in checks)
    ws = lab.get("workstation") or {}
    out["WS_CTX"] = os.path.normpath(os.path.join(d, ws["build"])) if ws else ""
    out["TERMINAL"] = lab.get("terminal", "target")
    if out["TERMINAL"] == "workstation" and not ws: errs.append("terminal: workstation without lab.workstation")
    out["ERRORS"] = "\n".join(errs)
for k, v in out.items():
    print(f"{k}={shlex.quote(str(v))}")
PY
}

# Does $1 (the solver's answer) match the flags of the challenge?
flag_matches() {
  ANSWER="$1" STATIC_FLAGS="$STATIC_FLAGS" CI_FLAGS="$CI_FLAGS" REGEX_FLAGS="$REGEX_FLAGS" python3 - <<'PY'
import os, re, sys
a = os.environ["ANSWER"].strip()
st = [x for x in os.environ["STATIC_FLAGS"].split("\n") if x]
ci = [x for x in os.environ["CI_FLAGS"].split("\n") if x]
rx = [x for x in os.environ["REGEX_FLAGS"].split("\n") if x]
sys.exit(0 if a in st or a.lower() in [c.lower() for c in ci] or any(re.match(r, a) for r in rx) else 1)
PY
}

CLEANUP=()
cleanup() {
  local c
  [ "$KEEP" = 1 ] && return 0
  for c in "${CLEANUP[@]:-}"; do [ -n "$c" ] && eval "$c" >/dev/null 2>&1 || true; done
  CLEANUP=()
}
trap cleanup EXIT

try_one() {
  local dir; dir="$(cd "$1" && pwd)"
  RESULT=0
  [ -f "$dir/challenge.yml" ] || { say "$1: no challenge.yml"; RESULT=1; return; }
  eval "$(parse_yml "$dir")"
  say "$SLUG - $NAME"
  if [ -n "$ERRORS" ]; then while IFS= read -r e; do bad "yml: $e"; done <<<"$ERRORS"; return; fi
  # Unknown keys are warnings, as in the range's catalog: ctfcli repositories carry keys of their own.
  if [ -n "$WARNINGS" ]; then while IFS= read -r w; do say "warning: $w"; done <<<"$WARNINGS"; fi
  ok "challenge.yml valid"

  if [ "$MULTI_HOST" = 1 ]; then
    # Hosts, networks and a scenario's clock are the range's: its tests run these labs
    # (labs.ShippedScenariosTest, labs.ShippedLabsSolvableTest).
    say "skipped: a lab of several hosts (lab.hosts) runs only on the range"
    RESULT=skip; return
  fi
  if [ "$HAS_LAB" = 0 ]; then
    local out last
    out="$(B2C_CHALLENGE_DIR="$dir" "$SOLUTION" 2>/tmp/b2c-try-$SLUG.err)" || { bad "solve.sh exited non-zero (stderr: /tmp/b2c-try-$SLUG.err)"; return; }
    last="$(printf '%s\n' "$out" | tail -n1)"
    if flag_matches "$last"; then ok "solve.sh printed an accepted flag: $last"; else bad "solve.sh printed '$last', not accepted"; fi
    return
  fi

  local tag="b2c-test/$SLUG" name="b2c-test-$SLUG" net="b2c-test-$SLUG" pub="b2c-test-$SLUG-pub"
  docker build -t "$tag" -f "$DOCKERFILE" "$CTX" >"/tmp/b2c-try-$SLUG.build" 2>&1 \
    || { bad "docker build failed: $(tail -n5 "/tmp/b2c-try-$SLUG.build")"; return; }
  ok "built $tag"
  CLEANUP+=("docker rm -f $name" "docker rm -f $name-ws" "docker network rm $net" "docker network rm $pub" "docker rmi -f $tag" "docker rmi -f $tag-ws")
  docker network create --internal "$net" >/dev/null
  local args=(--name "$name" --hostname "$SLUG" --network "$net" --cap-drop ALL --security-opt no-new-privileges
              --pids-limit "$PIDS" --memory "$MEMORY" --cpus "$CPUS")
  local c p e
  for c in $CAPS; do args+=(--cap-add "$c"); done
  for p in $PORTS; do args+=(-p "127.0.0.1::$p"); done
  while IFS= read -r e; do [ -n "$e" ] && args+=(-e "$e"); done <<<"$ENVS"
  local flag=""
  if [ -n "$FLAG_TEMPLATE" ]; then
    local token; token="$(python3 -c 'import secrets; print(secrets.token_hex(16))')"
    flag="${FLAG_TEMPLATE//\{\{token\}\}/$token}"
    [ -n "$FLAG_ENV" ] && args+=(-e "$FLAG_ENV=$flag")
  fi
  docker create "${args[@]}" "$tag" >/dev/null || { bad "docker create failed"; return; }
  if [ -n "$flag" ] && [ -n "$FLAG_FILE" ]; then
    # Write the flag with its mode and owner through a tar stream (docker cp -a keeps both).
    local uid=0 gid=0
    if [ "$FLAG_OWNER" != root ] && [ "$FLAG_OWNER" != 0 ]; then
      read -r uid gid < <(docker cp "$name:/etc/passwd" - | tar -xO | awk -F: -v u="$FLAG_OWNER" '$1==u || $3==u {print $3, $4; exit}')
      [ -n "$uid" ] || { bad "flag owner $FLAG_OWNER not in the image's /etc/passwd"; return; }
    fi
    FLAG="$flag" FNAME="$(basename "$FLAG_FILE")" FMODE="$FLAG_MODE" FUID="$uid" FGID="$gid" python3 -c '
import io, os, sys, tarfile, time
data = (os.environ["FLAG"] + "\n").encode()
ti = tarfile.TarInfo(os.environ["FNAME"]); ti.size = len(data); ti.mode = int(os.environ["FMODE"], 8)
ti.uid, ti.gid, ti.mtime = int(os.environ["FUID"]), int(os.environ["FGID"]), int(time.time())
with tarfile.open(fileobj=sys.stdout.buffer, mode="w|") as t: t.addfile(ti, io.BytesIO(data))
' | docker cp -a - "$name:$(dirname "$FLAG_FILE")"
    ok "dynamic flag written to $FLAG_FILE (mode $FLAG_MODE, owner $FLAG_OWNER): $flag"
  fi
  if [ -n "$PORTS" ]; then
    docker network create -o com.docker.network.bridge.enable_ip_masquerade=false "$pub" >/dev/null
    docker network connect "$pub" "$name"
  fi
  local exec_target="$name"
  if [ -n "$WS_CTX" ]; then
    docker build -t "$tag-ws" "$WS_CTX" >"/tmp/b2c-try-$SLUG-ws.build" 2>&1 \
      || { bad "workstation build failed: $(tail -n5 "/tmp/b2c-try-$SLUG-ws.build")"; return; }
    docker run -d --name "$name-ws" --network "$net" --cap-drop ALL --security-opt no-new-privileges \
      --pids-limit "$PIDS" --memory "$MEMORY" --cpus "$CPUS" "$tag-ws" >/dev/null
    [ "$TERMINAL" = workstation ] && exec_target="$name-ws"
  fi
  docker start "$name" >/dev/null || { bad "docker start failed"; return; }
  # Wait for published ports (or just a moment for labs without ports).
  local envs=(B2C_CHALLENGE_DIR="$dir" B2C_LAB_HOST=127.0.0.1) hp
  for p in $PORTS; do
    hp="$(docker port "$name" "$p/tcp" | head -n1 | sed 's/.*://')"
    envs+=("B2C_LAB_PORT_$p=$hp")
    for _ in $(seq 1 60); do (exec 3<>"/dev/tcp/127.0.0.1/$hp") 2>/dev/null && break; sleep 0.5; done
  done
  sleep 3
  docker inspect -f '{{.State.Running}}' "$name" | grep -q true || { bad "container not running: $(docker logs --tail 20 "$name" 2>&1)"; return; }
  ok "lab running (caps: ${CAPS:-none}; ports: ${PORTS:-none})"
  local exec_prefix="docker exec -i"
  [ "$LAB_USER" != root ] && exec_prefix+=" -u $LAB_USER"
  envs+=("B2C_LAB_EXEC=$exec_prefix $exec_target")

  local names=() runs=() froms=() scripts=() argss=() i
  if [ -n "$CHECK_NAMES" ]; then
    mapfile -t names <<<"$CHECK_NAMES"; mapfile -t runs <<<"$CHECK_RUNS"; mapfile -t froms <<<"$CHECK_FROMS"
    mapfile -t scripts <<<"$CHECK_SCRIPTS"; mapfile -t argss <<<"$CHECK_ARGS"
  fi
  # As the range does: its own static busybox and the script, copied into a fresh directory of
  # the lab (or of a probe container on the lab network), never a program of the lab.
  run_check() { # run_check <index>
    local i="$1" d="/.b2c-check-$RANDOM$RANDOM" tmp where cmd
    tmp="$(mktemp -d)"; cp /bin/busybox "$tmp/busybox"; chmod 0555 "$tmp/busybox"
    if [ -n "${scripts[$i]}" ]; then
      cp "${scripts[$i]}" "$tmp/check.sh"; chmod 0444 "$tmp/check.sh"
      eval "cmd=(\"$d/busybox\" sh \"$d/check.sh\" ${argss[$i]})"
    else
      cmd=("$d/busybox" sh -c "${runs[$i]}")
    fi
    case "${froms[$i]}" in
      probe)
        local ip; ip="$(docker inspect -f "{{(index .NetworkSettings.Networks \"$net\").IPAddress}}" "$name")"
        docker create --name "$name-probe" --network "$net" --user 65534:65534 --cap-drop ALL \
          --security-opt no-new-privileges -e "B2C_TARGET=$ip" --entrypoint "${cmd[0]}" \
          b2c/busybox:latest "${cmd[@]:1}" >/dev/null
        docker cp "$tmp/." "$name-probe:$d"
        docker start -a "$name-probe"; local rc=$?
        docker rm -f "$name-probe" >/dev/null; rm -rf "$tmp"; return $rc ;;
      workstation) where="$name-ws" ;;
      *) where="$name" ;;
    esac
    docker cp "$tmp/." "$where:$d"; rm -rf "$tmp"
    docker exec -u 0 "$where" "${cmd[@]}"; local rc=$?
    docker exec -u 0 "$where" "$d/busybox" rm -rf "$d"
    return $rc
  }
  if [ "$PRECHECK" = 1 ]; then
    for i in "${!names[@]}"; do
      if run_check "$i" >/tmp/b2c-try-check.out 2>&1; then
        bad "check ${names[$i]} passes BEFORE the solution: $(tail -n1 /tmp/b2c-try-check.out)"
      else ok "check ${names[$i]} fails before the solution: $(tail -n1 /tmp/b2c-try-check.out)"; fi
    done
  fi
  local out last
  if out="$(env "${envs[@]}" "$SOLUTION" 2>/tmp/b2c-try-$SLUG.err)"; then
    ok "solve.sh exited 0"
  else
    bad "solve.sh exited non-zero; stderr tail: $(tail -n5 /tmp/b2c-try-$SLUG.err)"
  fi
  last="$(printf '%s\n' "$out" | tail -n1)"
  if [ -n "$flag" ]; then
    if [ "$last" = "$flag" ]; then ok "solve.sh printed the dynamic flag"; else bad "solve.sh printed '$last', expected '$flag'"; fi
  elif [ -n "$STATIC_FLAGS$CI_FLAGS$REGEX_FLAGS" ]; then
    if flag_matches "$last"; then ok "solve.sh printed an accepted flag: $last"; else bad "solve.sh printed '$last', not accepted"; fi
  fi
  for i in "${!names[@]}"; do
    if run_check "$i" >/tmp/b2c-try-check.out 2>&1; then
      ok "check ${names[$i]} passes after the solution: $(tail -n1 /tmp/b2c-try-check.out)"
    else bad "check ${names[$i]} fails after the solution: $(tail -n3 /tmp/b2c-try-check.out)"; fi
  done
  if [ "$KEEP" = 1 ]; then
    say "kept: docker exec -it ${LAB_USER:+-u $LAB_USER} $exec_target bash   (cleanup: docker rm -f $name $name-ws; docker network rm $net $pub; docker rmi $tag)"
  fi
  cleanup
}

for d in "${DIRS[@]}"; do
  try_one "$d" || RESULT=1
  case "${RESULT:-1}" in
    0) PASSED=$((PASSED + 1)) ;;
    skip) SKIPPED=$((SKIPPED + 1)) ;;
    *) FAILED=$((FAILED + 1)) ;;
  esac
done
echo "$PASSED passed, $FAILED failed, $SKIPPED skipped"
[ "$FAILED" = 0 ]
