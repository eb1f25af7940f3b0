#!/usr/bin/env bash
# Class-data sharing (AppCDS) for the CLI: records the classes the CLI verbs load and dumps a static archive of
# them, so `get` and friends map their classes instead of loading them from the jar.
#
#   packaging/cli-cds.sh JAR ARCHIVE.jsa        record and dump: then run java -XX:SharedArchiveFile=ARCHIVE.jsa -jar JAR ...
#   packaging/cli-cds.sh --classlist JAR LIST   only record, appending the class list to LIST (build-app-image.sh
#                                               adds it to the console's list before it dumps the app's archive)
#
# JDK 17 maps an archive only with the very jar it was dumped from, at the same path (a rebuilt jar makes the JVM
# ignore it silently with -Xshare:auto, the default). The recording runs use a throw-away home and no network:
# AWS and Vault are not set up, so nothing is asked of them.
set -euo pipefail
only_list=0
if [ "${1:-}" = "--classlist" ]; then only_list=1; shift; fi
jar="${1:?usage: cli-cds.sh [--classlist] JAR ARCHIVE.jsa|LIST}"
out="${2:?usage: cli-cds.sh [--classlist] JAR ARCHIVE.jsa|LIST}"
java="${JAVA:-java}"
[ -f "$jar" ] || { echo "cli-cds: $jar not found" >&2; exit 2; }
jar="$(cd "$(dirname "$jar")" && pwd)/$(basename "$jar")"

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/home/.simpletuner"
printf '{"HF_TOKEN": "hf_training_value", "REPLICATE_API_TOKEN": "r8_training_value"}\n' > "$scratch/home/.simpletuner/secrets.json"
chmod 600 "$scratch/home/.simpletuner/secrets.json"

n=0
record() { # CLI arguments...
  n=$((n + 1))
  env -i PATH="$PATH" HOME="$scratch/home" AWS_EC2_METADATA_DISABLED=true HF_ENV_TOKEN=hf_env_value \
    "$java" -XX:DumpLoadedClassList="$scratch/list.$n" -Duser.home="$scratch/home" \
    -Djava.util.prefs.userRoot="$scratch/prefs" -jar "$jar" "$@" </dev/null >/dev/null 2>&1 || true
}
record --version
record get HF_TOKEN
record get HF_ENV_TOKEN
record get --json HF_TOKEN REPLICATE_API_TOKEN
record get NOT_THERE
record which HF_TOKEN
record which --json HF_TOKEN
record providers --json
record export --all --format dotenv
record run --only HF_TOKEN -- true
record get --help
record credentials list
# A key rotation of a small store: the rotation's own classes (backup, re-encryption, audit) are in the archive too.
{ printf '['; for i in $(seq 1 50); do printf '%s{"provider": "replicate", "name": "token%03d", "value": "r8_%040d"}' \
    "$([ "$i" = 1 ] || echo ,)" "$i" "$i"; done; printf ']\n'; } > "$scratch/creds.json"
record_stdin() { # FILE CLI arguments...
  local input="$1"; shift
  n=$((n + 1))
  env -i PATH="$PATH" HOME="$scratch/home" AWS_EC2_METADATA_DISABLED=true \
    "$java" -XX:DumpLoadedClassList="$scratch/list.$n" -Duser.home="$scratch/home" \
    -Djava.util.prefs.userRoot="$scratch/prefs" -jar "$jar" "$@" <"$input" >/dev/null 2>&1 || true
}
record_stdin "$scratch/creds.json" credentials import
record rotate-key --yes
record rotate-key --status

cat "$scratch"/list.* | sort -u > "$scratch/cli.classlist"
if [ "$only_list" = 1 ]; then
  cat "$scratch/cli.classlist" >> "$out"
  echo "cli-cds: appended $(wc -l < "$scratch/cli.classlist") classes of the CLI to $out"
  exit 0
fi
"$java" -Xshare:dump -XX:SharedClassListFile="$scratch/cli.classlist" -XX:SharedArchiveFile="$out" -cp "$jar" >/dev/null
echo "cli-cds: $out ($(du -h "$out" | cut -f1), $(wc -l < "$scratch/cli.classlist") classes); use it with:"
echo "  java -XX:SharedArchiveFile=$out -jar $jar VERB ..."
