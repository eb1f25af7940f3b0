#!/bin/sh
# SecretDesk's launcher on Linux, for the console and the CLI alike (bin/secretdesk of the app image and the .deb).
# It starts the bundled runtime with the options jpackage wrote to lib/app/secretdesk.cfg, as jpackage's own launcher
# would, but without that launcher's package lookup: it runs `rpm -qf` and `dpkg -S` through /bin/sh on every start,
# which made `secretdesk get` 90 ms slower than `java -jar` with the same archive (docs/performance.md).
self=$(readlink -f "$0") || self=$0
root=${self%/bin/*}
app="$root/lib/app"
args=$#
while IFS= read -r line || [ -n "$line" ]; do
  case $line in
    java-options=*)
      option=${line#java-options=}
      case $option in *'$APPDIR'*) option="${option%%\$APPDIR*}$app${option#*\$APPDIR}" ;; esac
      set -- "$@" "$option" ;;
  esac
done < "$app/secretdesk.cfg"
set -- "$@" -cp "$app/secretdesk.jar" io.secretdesk.Main
# The caller's arguments were first: move them after the options, in their order.
while [ "$args" -gt 0 ]; do
  set -- "$@" "$1"
  shift
  args=$((args - 1))
done
exec "$root/lib/runtime/bin/java" "$@"
