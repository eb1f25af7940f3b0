#!/usr/bin/env bash
# Builds SecretDesk's self-contained app image (a jlink-trimmed runtime + the shaded jar + a launcher)
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
# macOS bundles refuse a first number of 0 (CFBundleVersion): 0.1.0 is packaged there as 1.1.0, documented so.
if [ "$(uname -s)" = Darwin ] && [[ "$app_version" == 0* ]]; then
  app_version="1${app_version#0}"
fi
jdk_bin="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}/bin"
[ -x "$jdk_bin/jpackage" ] || { echo "packaging: jpackage not found in $jdk_bin (needs a full JDK 17+)" >&2; exit 1; }

jar=target/secretdesk.jar
[ -f "$jar" ] || { echo "packaging: $jar is missing; run 'mvn -B package -DskipTests' first" >&2; exit 1; }

# Only the JDK modules SecretDesk uses: `jdeps --print-module-deps` over the jar (java.base, java.management for
# the start-up time, java.net.http, java.prefs, java.scripting for FXML, java.sql, jdk.jfr for JavaFX's logging,
# jdk.unsupported), plus what is
# reached without a static reference: java.desktop (java.beans, for SnakeYAML), java.logging (System.Logger's
# backend), java.xml (the settings file), jdk.crypto.ec (TLS to AWS and Vault), jdk.charsets.
modules=java.base,java.desktop,java.logging,java.management,java.net.http,java.prefs,java.scripting,java.sql,java.xml,jdk.crypto.ec,jdk.jfr,jdk.unsupported,jdk.charsets

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

# On Linux the launcher is a script that reads the same .cfg (packaging/linux/launcher.sh): jpackage's native one
# asks rpm and dpkg for its package on every start, most of a `secretdesk get`'s time.
if [ "$(uname -s)" = Linux ]; then
  install -m 755 packaging/linux/launcher.sh target/app-image/secretdesk/bin/secretdesk
fi

# AppCDS: class loading is most of the start-up time. Record the classes the console loads up to its first frame
# (under Xvfb; with no X server, the CLI's), then dump a static archive of them next to the jar. JDK 17 only maps
# an archive made with the jar at the very same path, so the .deb ships the class list and its postinst dumps the
# archive at the installed path (packaging/linux/postinst).
if [ "$(uname -s)" != Linux ]; then
  echo "packaging: AppCDS is set up on Linux only; this app image starts without it" >&2
else
app_dir=target/app-image/secretdesk/lib/app
classlist="$app_dir/secretdesk.classlist"
scratch="$(mktemp -d)"
record_opts="-XX:DumpLoadedClassList=$PWD/$classlist -Duser.home=$scratch -Djava.util.prefs.userRoot=$scratch/prefs"
display=""
if command -v Xvfb >/dev/null; then
  for n in $(seq 60 70); do [ -e "/tmp/.X$n-lock" ] || { display=":$n"; break; }; done
fi
if [ -n "$display" ]; then
  Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
  xvfb_pid=$!
  for _ in $(seq 1 50); do [ -e "/tmp/.X11-unix/X${display#:}" ] && break; sleep 0.1; done
  DISPLAY="$display" JAVA_TOOL_OPTIONS="$record_opts -Dsecretdesk.exitAfterFirstFrame=true" \
    timeout 120 target/app-image/secretdesk/bin/secretdesk >/dev/null 2>&1 || true
  kill "$xvfb_pid" 2>/dev/null || true
else
  echo "packaging: no Xvfb, so the AppCDS class list covers the CLI only (apt-get install xvfb libgtk-3-0 for the console's)" >&2
  JAVA_TOOL_OPTIONS="$record_opts" target/app-image/secretdesk/bin/secretdesk --version >/dev/null 2>&1 || true
fi
rm -rf "$scratch"
# The CLI's verbs too, so `secretdesk get` maps its classes from the same archive (packaging/cli-cds.sh).
JAVA=target/app-image/secretdesk/lib/runtime/bin/java packaging/cli-cds.sh --classlist "$app_dir/secretdesk.jar" "$classlist" \
  || echo "packaging: the CLI's class list could not be recorded; the archive covers the console only" >&2
if [ -s "$classlist" ]; then
  target/app-image/secretdesk/lib/runtime/bin/java -Xshare:dump -XX:SharedClassListFile="$classlist" \
    -XX:SharedArchiveFile="$PWD/$app_dir/secretdesk.jsa" -cp "$PWD/$app_dir/secretdesk.jar" >/dev/null
  # A missing or unusable archive is ignored silently by -Xshare:auto.
  echo 'java-options=-XX:SharedArchiveFile=$APPDIR/secretdesk.jsa' >> "$app_dir/secretdesk.cfg"
else
  echo "packaging: no class list was recorded; the app runs without AppCDS" >&2
fi
fi

echo "app image: target/app-image/secretdesk ($(du -sh target/app-image/secretdesk | cut -f1))"

case "$(uname -s)" in
  Linux)
    if command -v dpkg-deb >/dev/null && command -v fakeroot >/dev/null; then
      # The archive made above is bound to this folder's path; the package's postinst makes its own.
      rm -rf target/deb-image && mkdir -p target/deb-image && cp -a target/app-image/secretdesk target/deb-image/
      rm -f target/deb-image/secretdesk/lib/app/secretdesk.jsa
      "$jdk_bin/jpackage" --type deb "${common[@]}" --app-image target/deb-image/secretdesk \
        --resource-dir packaging/linux --icon "$icon" --linux-menu-group "Utility;Security;" --linux-app-category utils \
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
