"""JSON Schema files generated from the Pydantic models: one per page kind, the union of
all records, and the error entry. `ogpparse schema` writes them; `schemas/` holds them.

Pydantic describes the union of records with OpenAPI's `discriminator` keyword, which is
not JSON Schema: strict validators (Ajv) reject it. `standard_choice` rewrites it as plain
draft 2020-12: `page_type` is required and one of the kinds, and an `if`/`then` per kind
applies that kind's schema - which also gives validators one precise error per record
instead of six from a bare `oneOf`.
"""
from __future__ import annotations

import json
from pathlib import Path

DRAFT = "https://json-schema.org/draft/2020-12/schema"


def schemas() -> dict[str, dict]:
    """File name -> JSON Schema."""
    from pydantic import TypeAdapter

    from .models import MODELS, AnyRecord, ErrorEntry

    out = {f"{kind}.schema.json": model.model_json_schema() for kind, model in MODELS.items()}
    out["record.schema.json"] = TypeAdapter(AnyRecord).json_schema()
    out["error.schema.json"] = ErrorEntry.model_json_schema()
    for name, schema in out.items():
        out[name] = {"$schema": DRAFT, "$id": f"https://github.com/ogpparse/ogpparse/schemas/{name}",
                     **standard_choice(schema)}
    return out


def standard_choice(node):
    """`node` with every discriminated union rewritten in standard JSON Schema (see above)."""
    if isinstance(node, list):
        return [standard_choice(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: standard_choice(value) for key, value in node.items()}
    discriminator = node.pop("discriminator", None)
    if discriminator is None:
        return node
    name = discriminator["propertyName"]
    mapping = discriminator["mapping"]
    node.pop("oneOf", None)  # the same $refs as the mapping: replaced by the if/then below
    return {
        **node,
        "type": "object",
        "required": [name],
        "properties": {name: {"enum": list(mapping)}},
        "allOf": [{"if": {"properties": {name: {"const": value}}, "required": [name]}, "then": {"$ref": ref}}
                  for value, ref in mapping.items()],
    }


def render(schema: dict) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def write_schemas(folder: str | Path) -> list[Path]:
    from .export import atomic_output

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in schemas().items():
        with atomic_output(folder / name) as fh:
            fh.write(render(schema))
        written.append(folder / name)
    return written
