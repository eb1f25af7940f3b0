#!/usr/bin/env bash
# Builds SecretDesk's self-contained app image (a jlink-trimmed runtime + the shaded jar + a native launcher)
# and, where the platform's tools allow, an installer. Called by `mvn -B -Ppackage package`; runnable by hand
# after `mvn -B package -DskipTests` as: packaging/build-app-image.sh VERSION
#
# Output (Linux):   target/app-image/secretdesk/bin/secretdesk   and   target/installer/secretdesk_<v>_amd64.deb
# Windows (.msi) and macOS (.dmg) use the same script on those systems; see the case below for their options.
set -euo pipefail
cd "$(dirname "$0")/.."

version="${1:?usage: build-app-image.sh VERSION}"
# jpackage wants a plain numeric version: 0.1.0-SNAPSHOT -> 0.1.0
app_version="$(echo "$version" | sed -E 's/^([0-9]+(\.[0-9]+){0,2}).*/\1/')"
jdk_bin="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}/bin"
[ -x "$jdk_bin/jpackage" ] || { echo "packaging: jpackage not found in $jdk_bin (needs a full JDK 17+)" >&2; exit 1; }

jar=target/secretdesk.jar
[ -f "$jar" ] || { echo "packaging: $jar is missing; run 'mvn -B package -DskipTests' first" >&2; exit 1; }

# Only the JDK modules SecretDesk uses (jdeps over the jar, plus what is loaded reflectively:
# prefs for the console's settings, management for start-up timing, crypto.ec for TLS to AWS and Vault).
modules=java.base,java.desktop,java.logging,java.management,java.naming,java.net.http,java.prefs,java.scripting,java.sql,java.xml,jdk.crypto.ec,jdk.jfr,jdk.unsupported,jdk.unsupported.desktop,jdk.charsets

rm -rf target/jlink-runtime target/app-image target/jpackage-input target/installer
mkdir -p target/jpackage-input target/app-image target/installer
cp "$jar" target/jpackage-input/

"$jdk_bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages \
  --compress=2 --output target/jlink-runtime

common=(--name secretdesk --app-version "$app_version" --vendor "SecretDesk"
        --description "Secrets, caches and credential encryption console for SimpleTuner")

case "$(uname -s)" in
  Linux)  icon=icons/secretdesk-256.png ;;
  Darwin) icon=icons/secretdesk.icns ;;
  *)      icon=icons/secretdesk.ico ;;
esac

"$jdk_bin/jpackage" --type app-image "${common[@]}" \
  --input target/jpackage-input --main-jar secretdesk.jar --main-class io.secretdesk.Main \
  --runtime-image target/jlink-runtime --icon "$icon" \
  --java-options '-Xshare:auto' --java-options '-Dfile.encoding=UTF-8' \
  --dest target/app-image

echo "app image: target/app-image/secretdesk ($(du -sh target/app-image/secretdesk | cut -f1))"

case "$(uname -s)" in
  Linux)
    if command -v dpkg-deb >/dev/null && command -v fakeroot >/dev/null; then
      "$jdk_bin/jpackage" --type deb "${common[@]}" --app-image target/app-image/secretdesk \
        --icon "$icon" --linux-menu-group "Utility;Security;" --linux-app-category utils \
        --linux-shortcut --linux-package-name secretdesk --install-dir /opt \
        --dest target/installer
      ls -l target/installer/*.deb
    else
      echo "packaging: dpkg-deb or fakeroot missing; skipped the .deb (apt-get install dpkg-dev fakeroot)" >&2
    fi ;;
  Darwin)
    "$jdk_bin/jpackage" --type dmg "${common[@]}" --app-image target/app-image/secretdesk.app \
      --mac-package-identifier io.secretdesk --mac-package-name SecretDesk --dest target/installer ;;
  MINGW*|MSYS*|CYGWIN*)
    # Needs the WiX Toolset 3 on PATH.
    "$jdk_bin/jpackage" --type msi "${common[@]}" --app-image target/app-image/secretdesk \
      --win-menu --win-menu-group SecretDesk --win-shortcut --win-dir-chooser \
      --win-upgrade-uuid 7b7c6a52-5c1e-4c1f-9d55-5ec7e7de5d01 --dest target/installer ;;
esac
