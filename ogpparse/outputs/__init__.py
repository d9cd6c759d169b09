"""Output formats that live beside export.py and tables.py (which stay where they are for
now): the SQLite database (sqlite.py, over dbfile.py's atomic file) and its Datasette
metadata (metadata.py). Nothing is imported here, so that `--help` loads none of them."""
