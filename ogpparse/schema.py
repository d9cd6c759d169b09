"""JSON Schema files generated from the Pydantic models: one per page kind, the union of
all records, and the error entry. `ogpparse schema` writes them; `schemas/` holds them."""
from __future__ import annotations

import json
from pathlib import Path


def schemas() -> dict[str, dict]:
    """File name -> JSON Schema."""
    from pydantic import TypeAdapter

    from .models import MODELS, AnyRecord, ErrorEntry

    out = {f"{kind}.schema.json": model.model_json_schema() for kind, model in MODELS.items()}
    out["record.schema.json"] = TypeAdapter(AnyRecord).json_schema()
    out["error.schema.json"] = ErrorEntry.model_json_schema()
    for name, schema in out.items():
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["$id"] = f"https://github.com/ogpparse/ogpparse/schemas/{name}"
    return out


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
