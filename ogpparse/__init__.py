"""ogpparse: Open Government Partnership pages (HTML or text dumps) to validated records.

    from ogpparse import parse_file
    record = parse_file("commitment.txt")     # Commitment, ActionPlan, ... (Pydantic models)

Names are imported lazily so that `ogpparse --version` stays fast.
"""
__version__ = "0.1.0"

_API = {
    "parse_file": "api", "parse_text": "api", "parse_bytes": "api", "extract_paths": "api",
    "PageError": "api", "records_to_rows": "tables",
}
__all__ = sorted(_API) + ["__version__"]


def __getattr__(name):
    if name in _API:
        import importlib

        return getattr(importlib.import_module(f".{_API[name]}", __name__), name)
    raise AttributeError(f"module 'ogpparse' has no attribute {name!r}")
