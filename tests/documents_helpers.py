"""Writers of small but real .docx and .pdf files for the ingest tests (no third-party writer)."""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def make_docx(paragraphs: list[str], *, table: list[list[str]] | None = None) -> bytes:
    """A Word document: one <w:p> per paragraph; '\\t' becomes <w:tab/>, '\\n' <w:br/>, '\\u00ad'
    a soft hyphen; `table` rows of cells follow the paragraphs."""
    def para(text: str) -> str:
        runs = []
        for piece in text.replace("\t", "\x00tab\x00").replace("\n", "\x00br\x00").replace(
                "\u00ad", "\x00softHyphen\x00").split("\x00"):
            if piece in ("tab", "br", "softHyphen"):
                runs.append(f"<w:r><w:{piece}/></w:r>")
            elif piece:
                runs.append(f'<w:r><w:t xml:space="preserve">{escape(piece)}</w:t></w:r>')
        return f"<w:p>{''.join(runs)}</w:p>"

    body = "".join(para(p) for p in paragraphs)
    if table:
        rows = "".join("<w:tr>" + "".join(f"<w:tc>{para(c)}</w:tc>" for c in row) + "</w:tr>" for row in table)
        body += f"<w:tbl>{rows}</w:tbl>"
    document = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                f'<w:document xmlns:w="{W_NS}"><w:body>{body}<w:sectPr/></w:body></w:document>')
    content_types = (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override '
        'PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        'wordprocessingml.document.main+xml"/></Types>')
    rels = (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
        'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", content_types)
        archive.writestr("_rels/.rels", rels)
        archive.writestr("word/document.xml", document)
    return buffer.getvalue()


def make_pdf(pages: list[list[str]]) -> bytes:
    """A PDF whose pages show the given lines in a simple font with a /ToUnicode map (one byte
    per distinct character), so the text layer holds exactly these lines, Cyrillic included.
    A page with no lines has no text layer (like a scan)."""
    chars = sorted({ch for page in pages for line in page for ch in line} - {" "})
    if len(chars) > 200:
        raise ValueError("too many distinct characters for a one-byte font")
    code = {" ": 0x20, **{ch: 0x21 + i for i, ch in enumerate(chars)}}
    entries = [f"<{code[ch]:02X}> <{ord(ch):04X}>" for ch in [" ", *chars]]
    blocks = "".join(f"{len(chunk)} beginbfchar\n" + "\n".join(chunk) + "\nendbfchar\n"
                     for chunk in (entries[i:i + 100] for i in range(0, len(entries), 100)))
    cmap = ("/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
            "/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
            "1 begincodespacerange <00> <FF> endcodespacerange\n" + blocks +
            "endcmap CMapName currentdict /CIDInit /defineresource exec pop end end\n").encode("ascii")

    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    def stream(data: bytes) -> bytes:
        return b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"

    catalog = add(b"")  # filled in below
    tree = add(b"")
    tounicode = add(stream(cmap))
    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode %d 0 R >>" % tounicode)
    kids = []
    for lines in pages:
        ops = [b"BT /F1 11 Tf 14 TL 60 780 Td"]
        for line in lines:
            ops.append(b"<" + "".join(f"{code[ch]:02X}" for ch in line).encode("ascii") + b"> Tj T*")
        ops.append(b"ET")
        content = add(stream(b"\n".join(ops) if lines else b""))
        kids.append(add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Resources << /Font "
                        b"<< /F1 %d 0 R >> >> /Contents %d 0 R >>" % (tree, font, content)))
    objects[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % tree
    objects[tree - 1] = (b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % k for k in kids)
                         + b"] /Count %d >>" % len(kids))
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, catalog, xref)
    return bytes(out)
