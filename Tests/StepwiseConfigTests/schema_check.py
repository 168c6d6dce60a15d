#!/usr/bin/env python3
"""Validate pipeline YAML files against Schemas/pipeline.schema.json.

Needs: Python 3.9+, jsonschema (4.x, draft 2020-12) and PyYAML
(`pip install jsonschema pyyaml`). Used by Tests/StepwiseConfigTests/SchemaAgreementTests.swift;
also runs by hand:

    python3 Tests/StepwiseConfigTests/schema_check.py Schemas/pipeline.schema.json Pipelines/*.yaml

Prints one JSON object per file: {"file": ..., "valid": true|false, "errors": [...]}.
Exits 0 when it could check (whatever the verdicts), 3 when jsonschema or PyYAML is
missing (the reason is printed), 2 on bad usage.

YAML is read with PyYAML's safe loader (YAML 1.1 scalars, like the Swift decoder's Yams)
except that a mapping with a repeated key is an error, as it is for the Swift decoder.
"""
import json
import sys

try:
    import jsonschema
    import yaml
except ImportError as error:  # reported to the Swift test, which skips the schema half
    print(f"SKIP: {error}")
    sys.exit(3)


class UniqueKeyLoader(yaml.SafeLoader):
    """SafeLoader that rejects duplicate keys instead of keeping the last one."""

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r}", key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def check(validator, path):
    try:
        with open(path, encoding="utf-8") as handle:
            document = yaml.load(handle, Loader=UniqueKeyLoader)
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        return {"file": path, "valid": False, "errors": [f"YAML: {error}"]}
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
    messages = [f"{'.'.join(str(p) for p in e.absolute_path) or '(root)'}: {e.message}" for e in errors]
    return {"file": path, "valid": not messages, "errors": messages}


def main(argv):
    if len(argv) < 2:
        print("usage: schema_check.py SCHEMA FILE...", file=sys.stderr)
        return 2
    with open(argv[1], encoding="utf-8") as handle:
        schema = json.load(handle)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    for path in argv[2:]:
        print(json.dumps(check(validator, path)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
