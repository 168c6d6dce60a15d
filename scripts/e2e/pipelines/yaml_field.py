#!/usr/bin/env python3
"""Prints one `section.key` value of a Stepwise pipeline file (empty when absent), for
scripts/e2e/check_pipelines.sh. Reads the subset of YAML the files in Pipelines/ use: a
top-level section either in block style (indented `key: value` lines) or as a one-line
flow mapping `section: {key: value, ...}` with plain scalars. No PyYAML needed.

Needs: Python 3.8+ standard library.  Run: yaml_field.py FILE teacher.kind
"""
import re
import sys


def unquote(v):
    v = v.strip()
    if len(v) >= 2 and v[0] == v[-1] and v[0] in "\"'":
        return v[1:-1]
    return v


def field(path, dotted):
    section, key = dotted.split(".", 1)
    in_section = False
    with open(path, encoding="utf-8") as f:
        for raw in f:
            line = raw.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            if not line.startswith(" "):
                in_section = False
                m = re.match(r"^([A-Za-z_]+):\s*(.*)$", line)
                if m and m.group(1) == section:
                    rest = m.group(2).strip()
                    if rest.startswith("{") and rest.endswith("}"):
                        for item in rest[1:-1].split(","):
                            k, _, v = item.partition(":")
                            if k.strip() == key:
                                return unquote(v)
                        return ""
                    in_section = True
                continue
            if in_section:
                m = re.match(r"^  ([A-Za-z_]+):\s*(.*)$", line)
                if m and m.group(1) == key:
                    return unquote(m.group(2).split(" #", 1)[0])
    return ""


if __name__ == "__main__":
    if len(sys.argv) != 3 or "." not in sys.argv[2]:
        sys.exit("usage: yaml_field.py FILE section.key")
    print(field(sys.argv[1], sys.argv[2]))
