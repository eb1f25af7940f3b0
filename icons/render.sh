#!/usr/bin/env bash
# Renders the SecretDesk app icon PNGs from secretdesk.svg (needs rsvg-convert: apt-get install librsvg2-bin).
# The sizes below 32 px come from secretdesk-small.svg, drawn with thicker shapes so they stay legible.
set -euo pipefail
cd "$(dirname "$0")"
command -v rsvg-convert >/dev/null || { echo "render.sh: rsvg-convert is missing: apt-get install -y --no-install-recommends librsvg2-bin" >&2; exit 1; }
for size in 16 24 32 48 64 128 256 512; do
  src=secretdesk.svg
  if [ "$size" -lt 32 ] && [ -f secretdesk-small.svg ]; then src=secretdesk-small.svg; fi
  rsvg-convert -w "$size" -h "$size" "$src" -o "secretdesk-$size.png"
done
# Windows (.ico, several sizes in one file) and macOS (.icns) icons for jpackage on those systems.
if command -v convert >/dev/null; then
  convert secretdesk-16.png secretdesk-24.png secretdesk-32.png secretdesk-48.png secretdesk-64.png secretdesk-256.png secretdesk.ico
else
  echo "render.sh: no ImageMagick (apt-get install imagemagick); secretdesk.ico not rebuilt" >&2
fi
if command -v png2icns >/dev/null; then
  png2icns secretdesk.icns secretdesk-16.png secretdesk-32.png secretdesk-48.png secretdesk-128.png secretdesk-256.png secretdesk-512.png >/dev/null
else
  echo "render.sh: no png2icns (apt-get install icnsutils); secretdesk.icns not rebuilt" >&2
fi
echo "rendered: $(ls secretdesk-*.png secretdesk.ico secretdesk.icns 2>/dev/null | tr '\n' ' ')"
