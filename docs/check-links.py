#!/usr/bin/env python3
"""Checks the links of README.md and docs/**/*.md: every relative ](path) exists, and every #anchor names a heading
of its target, slugged as GitHub does. Prints each broken link; exit 1 if any. Run from the repository root."""
import re
import sys
from pathlib import Path

LINK = re.compile(r'!?\[(?:[^\]\[]|\[[^\]]*\])*\]\(([^)\s]+)\)')
HEADING = re.compile(r'^(#{1,6})\s+(.*?)\s*#*\s*$')


def strip_code(text):
    """Drops fenced code blocks (links and headings inside them are not links or headings)."""
    out, fenced = [], False
    for line in text.split('\n'):
        if line.lstrip().startswith('```'):
            fenced = not fenced
            out.append('')
            continue
        out.append('' if fenced else line)
    return out


def slug(heading):
    text = re.sub(r'\[([^\]]*)\]\([^)]*\)', r'\1', heading)  # [text](url) -> text
    text = text.replace('`', '').strip().lower()
    text = re.sub(r'[^\w\- ]', '', text)
    return text.replace(' ', '-')


def anchors(path):
    seen, result = {}, set()
    for line in strip_code(path.read_text(encoding='utf-8')):
        m = HEADING.match(line)
        if m:
            base = slug(m.group(2))
            n = seen.get(base, 0)
            seen[base] = n + 1
            result.add(base if n == 0 else f'{base}-{n}')
    return result


def main():
    root = Path('.')
    files = [root / 'README.md'] + sorted((root / 'docs').rglob('*.md'))
    broken, count = [], 0
    for md in files:
        for number, line in enumerate(strip_code(md.read_text(encoding='utf-8')), 1):
            for target in LINK.findall(line):
                if re.match(r'^[a-z]+:', target):
                    continue  # http:, https:, mailto:
                count += 1
                path, _, anchor = target.partition('#')
                dest = (md.parent / path) if path else md
                if not dest.exists():
                    broken.append(f'{md}:{number}: {target}: no such file')
                elif anchor:
                    if dest.is_dir() or dest.suffix != '.md':
                        broken.append(f'{md}:{number}: {target}: an anchor into a non-Markdown target')
                    elif anchor not in anchors(dest):
                        broken.append(f'{md}:{number}: {target}: no heading #{anchor} in {dest}')
    for line in broken:
        print(line)
    print(f'{count} links checked in {len(files)} files, {len(broken)} broken', file=sys.stderr)
    return 1 if broken else 0


if __name__ == '__main__':
    sys.exit(main())
