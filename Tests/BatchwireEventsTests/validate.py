#!/usr/bin/env python3
"""Validate JSON documents against a JSON Schema (Draft 2020-12), offline.

Usage: validate.py <schema.json> <document.json> [<document.json> ...]

Every *.json file in the schema's folder is loaded into a `referencing` registry under its
`$id`, so `$ref`s between local files (the OpenLineage facet schemas point at
https://openlineage.io/spec/2-0-2/OpenLineage.json) resolve without the network.

When the schema is OpenLineage's (it defines `$defs/RunEvent`), the facets are also checked
against their own schemas, as the OpenLineage project does: `run.facets` against every
*RunFacet.json, `job.facets` against every *JobFacet.json and each dataset's `facets` against
every *DatasetFacet.json in that folder (a facet file constrains only the facet it names).

Formats are checked: date-time, uuid, uri.
Exit status: 0 valid, 1 invalid (errors on stderr), 2 usage or unreadable file,
3 the jsonschema package is missing (the calling test must fail, not skip).
"""

import json
import pathlib
import sys

try:
    import jsonschema
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012
except ImportError as error:  # pragma: no cover - depends on the machine
    print(f"validate.py needs the jsonschema package ({error}): pip install jsonschema", file=sys.stderr)
    sys.exit(3)

from datetime import datetime
from urllib.parse import urlparse


def load(path):
    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except (OSError, ValueError) as error:
        print(f"{path}: cannot read JSON: {error}", file=sys.stderr)
        sys.exit(2)


def format_checker():
    checker = jsonschema.Draft202012Validator.FORMAT_CHECKER

    @checker.checks("uri", raises=ValueError)
    def is_uri(instance):
        if not isinstance(instance, str):
            return True
        parsed = urlparse(instance)
        return bool(parsed.scheme) and not any(c.isspace() for c in instance)

    if "date-time" not in checker.checkers:  # rfc3339-validator missing: check it ourselves

        @checker.checks("date-time", raises=ValueError)
        def is_date_time(instance):
            if not isinstance(instance, str):
                return True
            datetime.fromisoformat(instance.replace("Z", "+00:00").replace("z", "+00:00"))
            return "T" in instance or "t" in instance

    return checker


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    schema_path = pathlib.Path(argv[1])
    schema = load(schema_path)
    folder = {}
    for path in sorted(schema_path.parent.glob("*.json")):
        document = load(path)
        if isinstance(document, dict) and "$id" in document:
            folder[path.name] = document
    registry = Registry().with_resources(
        (document["$id"], Resource.from_contents(document, default_specification=DRAFT202012))
        for document in folder.values()
    )
    checker = format_checker()

    def validator(for_schema):
        return jsonschema.Draft202012Validator(for_schema, registry=registry, format_checker=checker)

    jsonschema.Draft202012Validator.check_schema(schema)
    is_openlineage = "RunEvent" in schema.get("$defs", {})
    facet_schemas = {
        kind: [document for name, document in folder.items() if name.endswith(f"{kind}Facet.json")]
        for kind in ("Run", "Job", "Dataset")
    }

    failures = 0
    for document_path in argv[2:]:
        instance = load(document_path)
        checks = [("", validator(schema), instance)]
        if is_openlineage and isinstance(instance, dict):
            run_facets = (instance.get("run") or {}).get("facets")
            job_facets = (instance.get("job") or {}).get("facets")
            if isinstance(run_facets, dict):
                checks += [("run.facets", validator(s), run_facets) for s in facet_schemas["Run"]]
            if isinstance(job_facets, dict):
                checks += [("job.facets", validator(s), job_facets) for s in facet_schemas["Job"]]
            for side in ("inputs", "outputs"):
                for index, dataset in enumerate(instance.get(side) or []):
                    facets = dataset.get("facets") if isinstance(dataset, dict) else None
                    if isinstance(facets, dict):
                        where = f"{side}[{index}].facets"
                        checks += [(where, validator(s), facets) for s in facet_schemas["Dataset"]]
        for where, check, value in checks:
            for error in check.iter_errors(value):
                failures += 1
                location = "/".join(str(part) for part in error.absolute_path)
                prefix = f"{where}/" if where else ""
                print(f"{document_path}: {prefix}{location or '(root)'}: {error.message}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
