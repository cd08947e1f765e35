"""A minimal PDF writer for text pages: enough for an invoice, no dependency, byte-for-byte reproducible.

Why not a PDF library: an invoice is a few lines of text in a table. The standard
Helvetica font needs no embedding, the output has no timestamp or random id, so an
issued invoice renders to the same bytes every time (easy to archive and compare),
and the plugin gains no dependency for one document. The limit that comes with the
standard fonts: they print Western European text (WinAnsi: Latin-1 and a few signs
such as the euro) and, through a second encoding of the same fonts, the Central
European letters of Windows-1250 (Polish ą ć ę ł ń ś ź ż, Czech, Slovak, Hungarian...);
other characters, Cyrillic among them, print as '?'. The CSV and JSON of the same
invoice carry full Unicode. A text that needs no Central European letter renders to
the same bytes as before that encoding existed.
"""
PAGE_WIDTH, PAGE_HEIGHT = 595, 842  # A4 in points
MARGIN, LEADING, FONT_SIZE = 50, 14, 9
LINES_PER_PAGE = (PAGE_HEIGHT - 2 * MARGIN) // LEADING

#: Windows-1250 letters and signs WinAnsi lacks, by the glyph names the standard fonts know them by
#: (Adobe's Latin set of Helvetica); drawn with fonts whose encoding puts them at their Windows-1250 codes.
CENTRAL_EUROPEAN_GLYPHS = {
    "Ś": "Sacute", "Ť": "Tcaron", "Ź": "Zacute", "ś": "sacute", "ť": "tcaron", "ź": "zacute", "ˇ": "caron",
    "˘": "breve", "Ł": "Lslash", "Ą": "Aogonek", "Ş": "Scedilla", "Ż": "Zdotaccent", "˛": "ogonek",
    "ł": "lslash", "ą": "aogonek", "ş": "scedilla", "Ľ": "Lcaron", "˝": "hungarumlaut", "ľ": "lcaron",
    "ż": "zdotaccent", "Ŕ": "Racute", "Ă": "Abreve", "Ĺ": "Lacute", "Ć": "Cacute", "Č": "Ccaron",
    "Ę": "Eogonek", "Ě": "Ecaron", "Ď": "Dcaron", "Đ": "Dcroat", "Ń": "Nacute", "Ň": "Ncaron",
    "Ő": "Ohungarumlaut", "Ř": "Rcaron", "Ů": "Uring", "Ű": "Uhungarumlaut", "Ţ": "Tcommaaccent",
    "ŕ": "racute", "ă": "abreve", "ĺ": "lacute", "ć": "cacute", "č": "ccaron", "ę": "eogonek", "ě": "ecaron",
    "ď": "dcaron", "đ": "dcroat", "ń": "nacute", "ň": "ncaron", "ő": "ohungarumlaut", "ř": "rcaron",
    "ů": "uring", "ű": "uhungarumlaut", "ţ": "tcommaaccent", "˙": "dotaccent",
}
_WESTERN, _CENTRAL = 0, 2  # added to a font's number: F1/F2 WinAnsi, F3/F4 the Central European encoding


def _encoded(char):
    """(encoding, byte) that prints `char`: WinAnsi when it can, else the Central European fonts, else '?'."""
    try:
        return _WESTERN, char.encode("cp1252")
    except UnicodeEncodeError:
        if char in CENTRAL_EUROPEAN_GLYPHS:
            return _CENTRAL, char.encode("cp1250")
        return _WESTERN, b"?"


def printable(text):
    """True when every character of `text` prints (none becomes '?')."""
    return all(char == "?" or _encoded(char)[1] != b"?" for char in str(text))


def _runs(text):
    """`text` as [(encoding, bytes)]: the longest pieces one font can draw."""
    runs = []
    for char in str(text):
        encoding, raw = _encoded(char)
        if runs and runs[-1][0] == encoding:
            runs[-1][1].extend(raw)
        else:
            runs.append((encoding, bytearray(raw)))
    return [(encoding, bytes(raw)) for encoding, raw in runs] or [(_WESTERN, b"")]


def _literal(raw):
    """Encoded bytes as a PDF string literal."""
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def _pdf_text(text):
    """`text` as a PDF string literal for the document's metadata: WinAnsi bytes, else UTF-16 (any language)."""
    try:
        return _literal(str(text).encode("cp1252"))
    except UnicodeEncodeError:
        return _literal(b"\xfe\xff" + str(text).encode("utf-16-be"))


def _needs_central(lines):
    """True when some line has a Central European letter (the page resources then name F3 and F4)."""
    return any(encoding == _CENTRAL for text, _bold in lines for encoding, _raw in _runs(text))


def _page_stream(lines):
    """The content stream drawing `lines` (each (text, bold)) from the top of a page."""
    parts = [b"BT", b"%d TL" % LEADING, b"%d %d Td" % (MARGIN, PAGE_HEIGHT - MARGIN)]
    for text, bold in lines:
        shown = b" ".join(b"/F%d %d Tf %s Tj" % ((2 if bold else 1) + encoding, FONT_SIZE, _literal(raw))
                          for encoding, raw in _runs(text))
        parts.append(shown + b" T*")
    parts.append(b"ET")
    return b"\n".join(parts)


def _central_font(base_font):
    """A standard font whose encoding puts the Central European glyphs at their Windows-1250 codes."""
    differences = b" ".join(b"%d /%s" % (char.encode("cp1250")[0], name.encode("ascii"))
                            for char, name in sorted(CENTRAL_EUROPEAN_GLYPHS.items(),
                                                     key=lambda item: item[0].encode("cp1250")))
    return (b"<< /Type /Font /Subtype /Type1 /BaseFont /%s /Encoding << /Type /Encoding "
            b"/BaseEncoding /WinAnsiEncoding /Differences [%s] >> >>" % (base_font, differences))


def text_pdf(lines, title=""):
    """PDF bytes of monospaced-free text `lines` ((text, bold) pairs), paged, with `title` in its metadata."""
    pages = [lines[i:i + LINES_PER_PAGE] for i in range(0, len(lines), LINES_PER_PAGE)] or [[]]
    objects = []  # object number n is objects[n - 1]
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(b"")  # the page tree, filled in once the page numbers are known
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>")
    objects.append(b"<< /Title " + _pdf_text(title) + b" /Producer (fee_training_xblock) >>")
    fonts = b"/F1 3 0 R /F2 4 0 R"
    if _needs_central(lines):
        objects.append(_central_font(b"Helvetica"))
        objects.append(_central_font(b"Helvetica-Bold"))
        fonts += b" /F3 6 0 R /F4 7 0 R"
    kids = []
    for page in pages:
        stream = _page_stream(page)
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Contents %d 0 R "
                       b"/Resources << /Font << %s >> >> >>" % (PAGE_WIDTH, PAGE_HEIGHT, len(objects), fonts))
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
