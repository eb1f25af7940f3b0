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
echo "rendered: $(ls secretdesk-*.png | tr '\n' ' ')"
