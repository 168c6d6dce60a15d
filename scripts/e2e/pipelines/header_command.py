#!/usr/bin/env python3
"""Prints the first command in a pipeline file's header comment that starts with a given
prefix (e.g. "stepwise teacher import"), with its backslash-continued lines joined, so
scripts/e2e/check_pipelines.sh runs exactly what the header tells the user to run. Prints
nothing when the header has no such command.

Needs: Python 3.8+ standard library.  Run: header_command.py FILE "stepwise teacher import"
"""
import sys


def header_command(path, prefix):
    parts = []
    with open(path, encoding="utf-8") as f:
        for raw in f:
            if not raw.startswith("#"):
                break  # the header is the leading comment block
            text = raw[1:].strip()
            if not parts and not text.startswith(prefix):
                continue
            if text.endswith("\\"):
                parts.append(text[:-1].strip())
                continue
            parts.append(text)
            return " ".join(parts)
    return " ".join(parts)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: header_command.py FILE PREFIX")
    print(header_command(sys.argv[1], sys.argv[2]))
