#!/usr/bin/env python3
"""validate_schema.py SCHEMA DOCUMENT... — validate JSON documents against a
JSON Schema (Draft-07 or later) with python3-jsonschema; print every error
as "DOCUMENT: PATH: MESSAGE" and exit 1 when there is one, 0 when all are
valid, 3 when jsonschema is not installed (the caller reports a skip).

NIST's OSCAL schemas use \\p{L} and \\p{N} in their patterns, which Python's
re module does not know; they are replaced by equivalent classes
([^\\W\\d_] for letters, \\d for digits, both Unicode-aware in Python 3)
before validation, as the reference README advises.
"""
import json
import sys

try:
    import jsonschema
except ImportError:
    print("python3 jsonschema is not installed", file=sys.stderr)
    sys.exit(3)


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    with open(argv[1], encoding="utf-8") as f:
        text = f.read()
    text = text.replace("\\\\p{L}", "[^\\\\W\\\\d_]").replace("\\\\p{N}", "\\\\d")
    schema = json.loads(text)
    # The stored SARIF schema (from AdaCore/sarif-ada) keeps the log's root
    # object as definitions/Root and has no root constraints of its own, so
    # validating against it as-is would accept anything: validate against
    # Root explicitly.
    if "properties" not in schema and "Root" in schema.get("definitions", {}):
        schema["$ref"] = "#/definitions/Root"
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    validator = cls(schema, format_checker=cls.FORMAT_CHECKER)
    bad = 0
    for path in argv[2:]:
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
        errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
        for e in errors[:20]:
            # oneOf/anyOf errors hide the real cause; show the best match.
            best = jsonschema.exceptions.best_match([e])
            where = "/".join(str(p) for p in best.absolute_path)
            print(f"{path}: /{where}: {best.message[:300]}")
        bad += len(errors)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
