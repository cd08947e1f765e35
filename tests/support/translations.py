"""Real gettext catalogues for tests: write a .mo file (GNU format) from a dict, as msgfmt would."""
import array
import gettext
import os
import struct


def mo_bytes(messages):
    """The bytes of a .mo catalogue holding `messages` ({msgid: msgstr}) plus a UTF-8 header."""
    catalogue = {"": "Content-Type: text/plain; charset=UTF-8\n", **messages}
    keys = sorted(catalogue)
    ids = strs = b""
    offsets = []
    for key in keys:
        msgid, msgstr = key.encode(), catalogue[key].encode()
        offsets.append((len(ids), len(msgid), len(strs), len(msgstr)))
        ids += msgid + b"\0"
        strs += msgstr + b"\0"
    key_start = 7 * 4 + 16 * len(keys)
    value_start = key_start + len(ids)
    key_offsets, value_offsets = [], []
    for id_offset, id_length, str_offset, str_length in offsets:
        key_offsets += [id_length, id_offset + key_start]
        value_offsets += [str_length, str_offset + value_start]
    header = struct.pack("Iiiiiii", 0x950412DE, 0, len(keys), 7 * 4, 7 * 4 + len(keys) * 8, 0, 0)
    return header + array.array("i", key_offsets + value_offsets).tobytes() + ids + strs


def write_catalogue(locale_dir, language, messages, domain="django"):
    """Write <locale_dir>/<language>/LC_MESSAGES/<domain>.mo; returns the parsed GNUTranslations."""
    folder = os.path.join(locale_dir, language, "LC_MESSAGES")
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, f"{domain}.mo")
    with open(path, "wb") as handle:
        handle.write(mo_bytes(messages))
    with open(path, "rb") as handle:
        return gettext.GNUTranslations(handle)
