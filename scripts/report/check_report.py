#!/usr/bin/env python3
"""Acceptance check of `stepwise report`: renders the page in a real headless browser
(Debian's `chromium`) and checks that the charts and record rows are there.

Needs: Python 3.8+ (standard library), a built `stepwise`, `chromium` on PATH (or --chromium).

    python3 scripts/report/check_report.py [--stepwise .build/debug/stepwise] [--out OUT] [--keep DIR]

Without --out it runs Pipelines/quickstart.yaml into a temp dir.
Then: `stepwise report OUT --out report.html`; `chromium --headless --dump-dom` (the DOM
after the page's script ran) must hold, per split, a histogram SVG with bars and its limit
marked (a dashed line, or named at the axis' end when far past the longest length) for every
token column, a confusion matrix for closed label spaces, the filter
reasons chart where something was filtered, and the record table with kept and filtered
rows, whose count the script wrote into #shown, and a search (`report.html#q=TEXT`) must
show just the matching rows; `chromium --headless --screenshot` must
write a PNG of the page. --keep DIR keeps report.html and report.png there.
Exit status: 0 when everything was found, 1 otherwise, 2 when chromium is missing.
"""
import argparse
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


class Census(HTMLParser):
    """Counts the elements the check looks for."""

    def __init__(self):
        super().__init__()
        self.counts = {}
        self.shown = None
        self._in_shown = False

    def bump(self, key):
        self.counts[key] = self.counts.get(key, 0) + 1

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        classes = set((a.get('class') or '').split())
        if tag == 'svg' and 'histogram' in classes:
            self.bump('histogram')
        if tag == 'svg' and 'bars' in classes:
            self.bump('reason chart')
        if tag == 'rect' and 'bar' in classes:
            self.bump('bar')
        if tag in ('line', 'text') and 'limit' in classes:
            self.bump('limit mark')
        if tag == 'table' and 'confusion' in classes:
            self.bump('confusion matrix')
        if tag == 'tr' and 'rec' in classes:
            self.bump(f'{a.get("data-kept")} row')
        if tag == 'section' and 'split' in classes:
            self.bump('split section')
        if tag in ('script', 'img', 'link', 'iframe') and (a.get('src') or a.get('href')):
            self.bump('external resource')
        self._in_shown = a.get('id') == 'shown'

    def handle_data(self, data):
        if self._in_shown and data.strip():
            self.shown = int(data.strip())
        self._in_shown = False


def png_size(path):
    head = Path(path).read_bytes()[:24]
    if head[:8] != b'\x89PNG\r\n\x1a\n':
        return None
    return struct.unpack('>II', head[16:24])


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--stepwise', default=str(ROOT / '.build/debug/stepwise'))
    ap.add_argument('--chromium', default=shutil.which('chromium') or shutil.which('chromium-browser'))
    ap.add_argument('--out', help='an existing output directory (default: run the quickstart)')
    ap.add_argument('--keep', help='copy report.html and report.png here')
    args = ap.parse_args()
    if not args.chromium:
        print('SKIP: chromium is not installed (apt-get install -y chromium)')
        sys.exit(2)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        out = Path(args.out) if args.out else tmp / 'out'
        if not args.out:
            text = (ROOT / 'Pipelines/quickstart.yaml').read_text()
            text = text.replace('../data/', f'{ROOT}/data/').replace('exemplars: prompts/', f'exemplars: {ROOT}/Pipelines/prompts/')
            text = text.replace('output: {dir: ../out/quickstart,', f'output: {{dir: {out},')
            (tmp / 'p.yaml').write_text(text)
            subprocess.run([args.stepwise, 'run', str(tmp / 'p.yaml'), '--quiet'], check=True)
        page = tmp / 'report.html'
        subprocess.run([args.stepwise, 'report', str(out), '--out', str(page)], check=True)
        browser = [args.chromium, '--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars',
                   f'--user-data-dir={tmp / "profile"}']
        dom = subprocess.run(browser + ['--dump-dom', page.as_uri()], capture_output=True, text=True, timeout=120).stdout
        # The search box, as a person would use it: the page takes `#q=TEXT` as a search.
        term = 'filtered: ' if 'data-kept="filtered"' in dom else 'kept'
        searched = subprocess.run(browser + ['--dump-dom', page.as_uri() + '#q=' + term.replace(' ', '%20')],
                                  capture_output=True, text=True, timeout=120).stdout
        shot = tmp / 'report.png'
        subprocess.run(browser + ['--window-size=1280,2400', f'--screenshot={shot}', page.as_uri()],
                       capture_output=True, timeout=120)
        if args.keep:
            os.makedirs(args.keep, exist_ok=True)
            shutil.copy(page, args.keep)
            if shot.exists():
                shutil.copy(shot, args.keep)

        census = Census()
        census.feed(dom)
        c = census.counts
        run = json.loads((out / 'run.json').read_text())
        splits = [s for s, v in run['splits'].items() if v['samples'] > 0]
        filtered_splits = [s for s, v in run['splits'].items() if sum(v['filtered'].values()) > 0]
        problems = []

        def want(key, expected, at_least=False):
            got = c.get(key, 0)
            if (got < expected) if at_least else (got != expected):
                problems.append(f'{key}: {got}, expected {"at least " if at_least else ""}{expected}')

        want('split section', len(run['splits']))
        want('histogram', 5 * len(splits))
        want('limit mark', 5 * len(splits))
        want('bar', 5 * len(splits), at_least=True)
        want('reason chart', len(filtered_splits))
        if run.get('task', {}).get('labels', {}).get('kind') == 'classes':
            want('confusion matrix', len(run['splits']))
        want('kept row', 1, at_least=True)
        if filtered_splits:
            want('filtered row', 1, at_least=True)
        want('external resource', 0)
        rows = c.get('kept row', 0) + c.get('filtered row', 0)
        if census.shown != rows:
            problems.append(f'#shown says {census.shown}, the table has {rows} rows (did the page script run?)')
        found = Census()
        found.feed(searched)
        matching = c.get('filtered row', 0) if term.startswith('filtered') else c.get('kept row', 0)
        if found.shown != matching:
            problems.append(f'searching {term!r} shows {found.shown} rows, expected {matching}')
        size = png_size(shot) if shot.exists() else None
        if not size:
            problems.append('no PNG screenshot')
        if problems:
            print('FAIL: ' + '; '.join(problems))
            sys.exit(1)
        print(f'report check passed: {len(dom)} bytes of DOM after the script; {c["histogram"]} histograms '
              f'({c["bar"]} bars, {c["limit mark"]} limit marks), {c.get("reason chart", 0)} filter-reason charts, '
              f'{c.get("confusion matrix", 0)} confusion matrices, {c.get("kept row", 0)} kept + '
              f'{c.get("filtered row", 0)} filtered rows (#shown {census.shown}; search {term!r} shows {found.shown}); '
              f'screenshot {size[0]}x{size[1]} PNG')


if __name__ == '__main__':
    main()
