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
[[ "$version" == "SecretDesk "* ]] || fail "--version printed '$version'"
printf 'hf_smoke_value' | "$launcher" set HF_TOKEN >/dev/null 2>&1 || fail "set HF_TOKEN failed"
[ "$("$launcher" get HF_TOKEN 2>/dev/null)" = "hf_smoke_value" ] || fail "get HF_TOKEN did not return what set wrote"
[ "$(stat -c %a "$home/.simpletuner/secrets.json")" = 600 ] || fail "secrets.json is not 0600"
set +e; "$launcher" get NOT_THERE >/dev/null 2>&1; code=$?; set -e
[ "$code" = 1 ] || fail "get of a missing key exited $code, not 1"
"$launcher" providers --json 2>/dev/null | grep -q '"name" : "vault"' || fail "providers --json lists no vault provider"
echo "smoke-test: $version; launcher ran --version, set, get, get (missing) and providers as java -jar does"
