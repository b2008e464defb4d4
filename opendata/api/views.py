"""/api/v1/: the OpenAPI document for people, rendered on the server from the same document
(no Swagger UI: its scripts would come from a CDN or need inline script, which the CSP forbids)."""

from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from opendata.api.api import api


def _fields(schema: dict, components: dict) -> list[dict]:
    """The top-level properties of a response schema (following one $ref)."""
    ref = schema.get("$ref", "")
    if ref:
        schema = components.get(ref.rsplit("/", 1)[-1], {})
    return [
        {"name": name, "description": prop.get("description", "")}
        for name, prop in schema.get("properties", {}).items()
    ]


@require_GET
def docs(request):
    document = api.get_openapi_schema()
    components = document.get("components", {}).get("schemas", {})
    operations = []
    for route, methods in document["paths"].items():
        for method, op in methods.items():
            ok = op["responses"].get("200", {}).get("content", {}).get("application/json", {})
            operations.append(
                {
                    "method": method.upper(),
                    "path": route,
                    "summary": op.get("summary", ""),
                    "tag": (op.get("tags") or [""])[0],
                    "parameters": [
                        {
                            "name": p["name"],
                            "where": p["in"],
                            "description": p.get("description")
                            or p.get("schema", {}).get("description", ""),
                        }
                        for p in op.get("parameters", [])
                    ],
                    "fields": _fields(ok.get("schema", {}), components),
                }
            )
    return render(
        request,
        "opendata/api_docs.html",
        {
            "info": document["info"],
            "operations": operations,
            "openapi_url": reverse("opendata_api:openapi-json"),
        },
    )
