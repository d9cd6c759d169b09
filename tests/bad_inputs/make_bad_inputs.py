"""Build the corpus of bad inputs for tests/test_bad_inputs.py.

Small inputs built from real pages are committed beside this script (see README.md here);
the large or binary ones are generated on demand, into a folder given on the command line:

    python tests/bad_inputs/make_bad_inputs.py /tmp/bad

Each builder returns the path it wrote. Nothing here needs the network.
"""
from __future__ import annotations

import io
import re
import sys
import tarfile
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
FIXTURES = HERE.parent.parent / "fixtures"
SEED_002 = FIXTURES / "seeds/002_d0aed3a1e4458158.txt"
SEED_003 = FIXTURES / "seeds/003_870d1cf21ae36b1b.txt"
SEED_004 = FIXTURES / "seeds/004_687a1dd39a55e036.txt"
GH0025 = FIXTURES / "corpus/en/commitment_GH0025.txt"


def empty(d: Path) -> Path:
    p = d / "empty.txt"
    p.write_bytes(b"")
    return p


def binary(d: Path) -> Path:
    p = d / "binary.txt"
    p.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 64)
    return p


def huge(d: Path) -> Path:
    """50 MB: a real page repeated. Over the default 20 MiB page limit."""
    p = d / "huge.txt"
    page = SEED_002.read_bytes()
    with open(p, "wb") as fh:
        for _ in range(50 * 1024 * 1024 // len(page) + 1):
            fh.write(page)
    return p


def invalid_utf8(d: Path) -> Path:
    """Seed 003 (French) saved as cp1252 with stray bytes that are not UTF-8."""
    p = d / "invalid-utf8.txt"
    p.write_bytes(SEED_003.read_text(encoding="utf-8").replace("œ", "oe").encode("cp1252", "replace") + b"\xff\xfe\x81")
    return p


def utf16(d: Path) -> Path:
    p = d / "utf16-bom.txt"
    p.write_bytes(SEED_004.read_text(encoding="utf-8").encode("utf-16"))  # with BOM
    return p


def deep_html(d: Path) -> Path:
    """A real page's lines inside 10,000 nested <div> elements."""
    p = d / "deep.html"
    body = "".join(f"<p>{line}</p>" for line in GH0025.read_text(encoding="utf-8").splitlines() if line.strip())
    p.write_text("<html><body>" + "<div>" * 10000 + body + "</div>" * 10000 + "</body></html>", encoding="utf-8")
    return p


def billion_laughs(d: Path) -> Path:
    """A real page in HTML that declares nested entities (an entity-expansion bomb)."""
    p = d / "billion-laughs.html"
    entities = '<!ENTITY lol0 "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 10))
    body = "".join(f"<p>{line}</p>" for line in GH0025.read_text(encoding="utf-8").splitlines() if line.strip())
    p.write_text(f'<?xml version="1.0"?><!DOCTYPE html [{entities}]><html><body><p>&lol9;</p>{body}'
                 '<img src="http://example.invalid/x.png"></body></html>', encoding="utf-8")
    return p


def zip_bomb(d: Path) -> Path:
    """A small zip whose one member expands to 100 MB of zeros, beside a real page."""
    p = d / "bomb.zip"
    with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("page.txt", SEED_002.read_bytes())
        with zf.open("zeros.txt", "w", force_zip64=True) as fh:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(100):
                fh.write(chunk)
    return p


def zip_slip(d: Path) -> Path:
    p = d / "slip.zip"
    with zipfile.ZipFile(p, "w") as zf:
        zf.writestr("ok/page.txt", SEED_002.read_bytes())
        zf.writestr("../../evil.txt", GH0025.read_bytes())
        zf.writestr("/etc/evil.txt", GH0025.read_bytes())
    return p


def tar_slip(d: Path) -> Path:
    """A tar with '..' and absolute names, a symbolic link, a hard link and device files."""
    p = d / "slip.tar"
    with tarfile.open(p, "w") as tf:
        def add(name: str, data: bytes = b"", kind: bytes = tarfile.REGTYPE, link: str = ""):
            info = tarfile.TarInfo(name)
            info.type, info.linkname, info.size = kind, link, len(data)
            tf.addfile(info, io.BytesIO(data) if data else None)
        add("ok/page.txt", SEED_002.read_bytes())
        add("../evil.txt", GH0025.read_bytes())
        add("/tmp/evil.txt", GH0025.read_bytes())
        add("ok/link.txt", kind=tarfile.SYMTYPE, link="/etc/passwd")
        add("ok/hard.txt", kind=tarfile.LNKTYPE, link="ok/page.txt")
        add("ok/tty.txt", kind=tarfile.CHRTYPE)
        add("ok/fifo.txt", kind=tarfile.FIFOTYPE)
    return p


def truncated_gzip(d: Path) -> Path:
    """A .tar.gz of the seed pages, cut in the middle of its gzip stream."""
    p = d / "cut.tar.gz"
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tf:
        for page in (SEED_002, SEED_003, SEED_004):
            tf.add(page, page.name)
    data = buf.getvalue()
    p.write_bytes(data[: len(data) * 2 // 3])
    return p


def warc_bad_length(d: Path) -> Path:
    """A WARC of three seed pages whose second record declares 500 bytes fewer than it holds."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    p = d / "bad-length.warc"
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=False)
    for page in (SEED_002, SEED_003, SEED_004):
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/plain")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(f"https://www.opengovpartnership.org/{page.name}",
                                                      "response", payload=io.BytesIO(page.read_bytes()),
                                                      http_headers=headers))
    data = buf.getvalue()
    lengths = list(re.finditer(rb"Content-Length: (\d+)\r\n", data))
    second = next(m for m in lengths if m.start() > data.index(b"WARC/1.0", 10))
    data = data[:second.start()] + b"Content-Length: %d\r\n" % (int(second.group(1)) - 500) + data[second.end():]
    p.write_bytes(data)
    return p


BUILDERS = [empty, binary, huge, invalid_utf8, utf16, deep_html, billion_laughs, zip_bomb, zip_slip, tar_slip,
            truncated_gzip, warc_bad_length]


def build_all(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    return {b.__name__: b(folder) for b in BUILDERS}


if __name__ == "__main__":
    for name, path in build_all(Path(sys.argv[1] if len(sys.argv) > 1 else "bad_inputs_out")).items():
        print(f"{name:16} {path} ({path.stat().st_size:,} bytes)")
