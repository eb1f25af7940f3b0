#!/usr/bin/env bash
# Measures how long the console takes from JVM start to its first frame, under Xvfb, and prints the median.
#
#   packaging/measure-startup.sh [runs] [jar]        default: 7 runs of target/secretdesk.jar
#   CDS=1 packaging/measure-startup.sh               also measures with an AppCDS archive (built on the first run)
#
# Each run starts the jar with -Dsecretdesk.exitAfterFirstFrame=true: the app prints first-frame-ms=N (JVM
# start, from RuntimeMXBean, to the first rendered frame) and closes itself. One warm-up run is not counted.
# It also fails if the AWS SDK, the Vault driver or SQLite is loaded before the first frame.
# Settings go to a throw-away java.util.prefs root, so your own console settings are not touched.
# Needs: apt-get install -y --no-install-recommends xvfb libgtk-3-0
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-7}"
jar="${2:-target/secretdesk.jar}"

command -v Xvfb >/dev/null || { echo "measure-startup: Xvfb is missing: apt-get install -y --no-install-recommends xvfb libgtk-3-0" >&2; exit 2; }
[ -f "$jar" ] || { echo "measure-startup: $jar not found: build it with mvn -B -o -q package -DskipTests" >&2; exit 2; }

# A display number nobody else on this machine is using.
display=""
for n in $(seq 71 99); do
  if [ ! -e "/tmp/.X$n-lock" ] && [ ! -e "/tmp/.X11-unix/X$n" ]; then display=":$n"; break; fi
done
[ -n "$display" ] || { echo "measure-startup: no free X display between :71 and :99" >&2; exit 1; }

work="$(mktemp -d)"
Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
xvfb_pid=$!
trap 'kill "$xvfb_pid" 2>/dev/null || true; wait "$xvfb_pid" 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 50); do [ -e "/tmp/.X11-unix/X${display#:}" ] && break; sleep 0.1; done

one_run() { # extra JVM options...
  DISPLAY="$display" java -Djava.util.prefs.userRoot="$work/prefs" "$@" -Dsecretdesk.exitAfterFirstFrame=true -jar "$jar" 2>"$work/err.log" \
    | sed -n 's/^first-frame-ms=//p' | tail -1
}

median() { sort -n | awk '{a[NR]=$1} END {if (NR==0) exit 1; print (NR%2 ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2))}'; }

measure() { # label, extra JVM options...
  local label="$1"; shift
  one_run "$@" >/dev/null || true   # warm-up: file cache, prefs file
  local times=()
  for i in $(seq 1 "$runs"); do
    t="$(one_run "$@")"
    if [ -z "$t" ]; then echo "measure-startup: run $i printed no time; its stderr:" >&2; cat "$work/err.log" >&2; exit 1; fi
    times+=("$t")
  done
  echo "$label: runs ${times[*]} ms; median $(printf '%s\n' "${times[@]}" | median) ms"
}

# Nothing heavy may load on the way to the first frame (the run exits right after it).
heavy="$(one_run -Xlog:class+load=info:file="$work/classes.log" >/dev/null; grep -E -o ' (software\.amazon|io\.github\.jopenlibs\.vault|org\.sqlite|java\.sql)\.[A-Za-z0-9_.$]+' "$work/classes.log" | head -5 || true)"
if [ -n "$heavy" ]; then echo "measure-startup: loaded before the first frame, but must not be:$heavy" >&2; exit 1; fi
echo "classes loaded up to the first frame: $(wc -l < "$work/classes.log") (no AWS SDK, Vault driver or SQLite)"

measure "first frame (plain jar)"
if [ "${CDS:-0}" = "1" ]; then
  jsa="$work/secretdesk.jsa"
  one_run -XX:ArchiveClassesAtExit="$jsa" >/dev/null
  measure "first frame (AppCDS)" -XX:SharedArchiveFile="$jsa"
fi
