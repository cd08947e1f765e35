"""A minimal PDF writer for text pages: enough for an invoice, no dependency, byte-for-byte reproducible.

Why not a PDF library: an invoice is a few lines of text in a table. The standard
Helvetica font needs no embedding, the output has no timestamp or random id, so an
issued invoice renders to the same bytes every time (easy to archive and compare),
and the plugin gains no dependency for one document. The limit that comes with the
standard fonts: text is WinAnsi (Latin-1 and a few signs such as the euro); other
characters print as '?'. The CSV and JSON of the same invoice carry full Unicode.
"""
PAGE_WIDTH, PAGE_HEIGHT = 595, 842  # A4 in points
MARGIN, LEADING, FONT_SIZE = 50, 14, 9
LINES_PER_PAGE = (PAGE_HEIGHT - 2 * MARGIN) // LEADING


def _pdf_text(text):
    """`text` as a PDF string literal in WinAnsi encoding (unencodable characters become '?')."""
    raw = str(text).encode("cp1252", errors="replace")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def _page_stream(lines):
    """The content stream drawing `lines` (each (text, bold)) from the top of a page."""
    parts = [b"BT", b"%d TL" % LEADING, b"%d %d Td" % (MARGIN, PAGE_HEIGHT - MARGIN)]
    for text, bold in lines:
        parts.append(b"/F%d %d Tf %s Tj T*" % (2 if bold else 1, FONT_SIZE, _pdf_text(text)))
    parts.append(b"ET")
    return b"\n".join(parts)


def text_pdf(lines, title=""):
    """PDF bytes of monospaced-free text `lines` ((text, bold) pairs), paged, with `title` in its metadata."""
    pages = [lines[i:i + LINES_PER_PAGE] for i in range(0, len(lines), LINES_PER_PAGE)] or [[]]
    objects = []  # object number n is objects[n - 1]
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(b"")  # the page tree, filled in once the page numbers are known
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>")
    objects.append(b"<< /Title " + _pdf_text(title) + b" /Producer (fee_training_xblock) >>")
    kids = []
    for page in pages:
        stream = _page_stream(page)
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Contents %d 0 R "
                       b"/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> >>" % (PAGE_WIDTH, PAGE_HEIGHT, len(objects)))
        kids.append(len(objects))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 5 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)
