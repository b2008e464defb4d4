"""Validators for the official OCDS 1.1.5 and 360Giving 1.4.3 package schemas, read from
`settings.OPEN_DATA_STANDARDS_DIR` (../shared/standards) with the schemas' URLs mapped to the
local files: no machine running the tests reaches the internet."""

import json
from pathlib import Path

import pytest
from django.conf import settings
from jsonschema import Draft202012Validator
from jsonschema.validators import validator_for
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

OCDS_PACKAGE = "ocds-1.1.5-release-package-schema.json"
OCDS_RELEASE = "ocds-1.1.5-release-schema.json"
GIVING_PACKAGE = "360giving-1.4.3-package-schema.json"
GIVING_GRANT = "360giving-1.4.3-schema.json"
# The 360Giving package schema names the 1.4.2 grant schema; 1.4.3 is the same structure
# (../shared/standards/README.md).
GIVING_GRANT_142 = "https://raw.githubusercontent.com/ThreeSixtyGiving/standard/1.4.2/schema/360-giving-schema.json"


def standards_dir() -> Path:
    folder = Path(settings.OPEN_DATA_STANDARDS_DIR)
    if not (folder / OCDS_PACKAGE).exists():
        pytest.skip(
            f"The official open-data schemas are not at {folder} (OPEN_DATA_STANDARDS_DIR): "
            "package validation skipped; see docs/open-data.md."
        )
    return folder


def _load(folder, name):
    return json.loads((folder / name).read_text(encoding="utf-8"))


def _validator(package_name, items):
    folder = standards_dir()
    registry = Registry()
    for url, name in items:
        contents = _load(folder, name)
        resource = Resource.from_contents(contents, default_specification=DRAFT4)
        registry = registry.with_resource(url, resource)
        if contents.get("$id") or contents.get("id"):
            registry = registry.with_resource(contents.get("$id") or contents["id"], resource)
    schema = _load(folder, package_name)
    # The 360Giving schemas name draft 2020-12 without the trailing "#" jsonschema knows.
    if "2020-12" in schema.get("$schema", ""):
        cls = Draft202012Validator
    else:
        cls = validator_for(schema)
    return cls(schema, registry=registry, format_checker=cls.FORMAT_CHECKER)


def ocds_validator():
    release = _load(standards_dir(), OCDS_RELEASE)
    return _validator(OCDS_PACKAGE, [(release["id"], OCDS_RELEASE)])


def giving_validator():
    return _validator(GIVING_PACKAGE, [(GIVING_GRANT_142, GIVING_GRANT)])


def errors(validator, package) -> list[str]:
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in validator.iter_errors(package)
    ]
