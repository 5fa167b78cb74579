"""Validate a JSON document against a JSON Schema, with the standard library only.

Usage: python3 json-schema-check.py SCHEMA DOCUMENT
Prints each violation as 'PATH: MESSAGE' and exits 1 when there is one.
Supports the subset docs/report.schema.json uses: type (a name or a list),
enum, required, properties, additionalProperties (false or a schema),
items, minimum, maximum, pattern, and $ref to '#/$defs/NAME'.  Any other
keyword is an error, so the schema cannot silently outgrow the check.
"""
import json
import re
import sys

KNOWN = {"$schema", "$id", "title", "description", "$defs", "type", "enum", "required",
         "properties", "additionalProperties", "items", "minimum", "maximum", "pattern", "$ref"}
TYPES = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "integer": lambda v: (isinstance(v, int) and not isinstance(v, bool))
    or (isinstance(v, float) and v.is_integer()),
}


def check(schema, value, path, root, errors):
    unknown = set(schema) - KNOWN
    if unknown:
        raise SystemExit("schema keyword(s) not supported at %s: %s" % (path, sorted(unknown)))
    if "$ref" in schema:
        name = schema["$ref"].split("#/$defs/", 1)[1]
        check(root["$defs"][name], value, path, root, errors)
    if "type" in schema:
        types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        if not any(TYPES[t](value) for t in types):
            errors.append("%s: %r is not of type %s" % (path, value, "/".join(types)))
            return
    if "enum" in schema and value not in schema["enum"]:
        errors.append("%s: %r is not one of %r" % (path, value, schema["enum"]))
    if TYPES["number"](value):
        if "minimum" in schema and value < schema["minimum"]:
            errors.append("%s: %r is below %r" % (path, value, schema["minimum"]))
        if "maximum" in schema and value > schema["maximum"]:
            errors.append("%s: %r is above %r" % (path, value, schema["maximum"]))
    if isinstance(value, str) and "pattern" in schema and not re.search(schema["pattern"], value):
        errors.append("%s: %r does not match %s" % (path, value, schema["pattern"]))
    if isinstance(value, dict):
        for key in schema.get("required", []):
            if key not in value:
                errors.append("%s: missing %r" % (path, key))
        props = schema.get("properties", {})
        extra = schema.get("additionalProperties", True)
        for key, v in value.items():
            if key in props:
                check(props[key], v, path + "/" + key, root, errors)
            elif extra is False:
                errors.append("%s: unexpected %r" % (path, key))
            elif isinstance(extra, dict):
                check(extra, v, path + "/" + key, root, errors)
    if isinstance(value, list) and "items" in schema:
        for i, v in enumerate(value):
            check(schema["items"], v, "%s/%d" % (path, i), root, errors)


def main():
    with open(sys.argv[1]) as f:
        schema = json.load(f)
    with open(sys.argv[2]) as f:
        doc = json.load(f)
    errors = []
    check(schema, doc, "", schema, errors)
    for e in errors:
        print(e)
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
