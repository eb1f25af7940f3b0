#!/usr/bin/env bash
# Checks the packaged app: its launcher prints the version and runs CLI verbs exactly as `java -jar` does.
# Run after `mvn -B -Ppackage package -DskipTests`. Uses a throw-away home, never your ~/.simpletuner.
set -euo pipefail
cd "$(dirname "$0")/.."
launcher=target/app-image/secretdesk/bin/secretdesk
[ -x "$launcher" ] || { echo "smoke-test: $launcher is missing; run mvn -B -Ppackage package -DskipTests" >&2; exit 1; }
home="$(mktemp -d)"
trap 'rm -rf "$home"' EXIT
export JAVA_TOOL_OPTIONS="-Duser.home=$home"

fail() { echo "smoke-test: $*" >&2; exit 1; }
version="$("$launcher" --version 2>/dev/null)"
expected="$(java -jar target/secretdesk.jar --version 2>/dev/null)"
[[ "$expected" == "SecretDesk "[0-9]* ]] || fail "java -jar target/secretdesk.jar --version printed '$expected'"
[ "$version" = "$expected" ] || fail "--version printed '$version', java -jar prints '$expected'"
printf 'hf_smoke_value' | "$launcher" set HF_TOKEN >/dev/null 2>&1 || fail "set HF_TOKEN failed"
[ "$("$launcher" get HF_TOKEN 2>/dev/null)" = "hf_smoke_value" ] || fail "get HF_TOKEN did not return what set wrote"
[ "$(stat -c %a "$home/.simpletuner/secrets.json")" = 600 ] || fail "secrets.json is not 0600"
set +e; "$launcher" get NOT_THERE >/dev/null 2>&1; code=$?; set -e
[ "$code" = 1 ] || fail "get of a missing key exited $code, not 1"
"$launcher" providers --json 2>/dev/null | grep -q '"name" : "vault"' || fail "providers --json lists no vault provider"
[ "$("$launcher" export HF_TOKEN 2>/dev/null)" = "export HF_TOKEN='hf_smoke_value'" ] || fail "export HF_TOKEN printed something else"
[ "$("$launcher" run --only HF_TOKEN -- sh -c 'printf %s "$HF_TOKEN"' 2>/dev/null)" = "hf_smoke_value" ] \
  || fail "run --only HF_TOKEN did not give the command the value"
"$launcher" completion bash 2>/dev/null | grep -q 'complete -F' || fail "completion bash printed no completion script"

# No arguments opens the console: under Xvfb, the launcher must show its first frame (and exit, by request).
console="not checked (no Xvfb: apt-get install xvfb libgtk-3-0)"
if command -v Xvfb >/dev/null; then
  display=""
  for n in $(seq 80 90); do [ -e "/tmp/.X$n-lock" ] || { display=":$n"; break; }; done
  [ -n "$display" ] || fail "no free X display number between :80 and :90"
  Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
  xvfb_pid=$!
  trap 'kill "$xvfb_pid" 2>/dev/null; rm -rf "$home"' EXIT
  for _ in $(seq 1 50); do [ -e "/tmp/.X11-unix/X${display#:}" ] && break; sleep 0.1; done
  frame="$(DISPLAY="$display" JAVA_TOOL_OPTIONS="$JAVA_TOOL_OPTIONS -Dsecretdesk.exitAfterFirstFrame=true" \
    timeout 120 "$launcher" 2>/dev/null | grep -o 'first-frame-ms=[0-9]*' || true)"
  [ -n "$frame" ] || fail "the launcher with no arguments showed no console window under Xvfb"
  console="opened the console ($frame)"
fi
echo "smoke-test: $version; launcher ran --version, set, get, get (missing), providers, export, run and completion as java -jar does; $console"
