"""The upload pipeline for every picture the site stores: product photos and shop logos.

An upload is refused unless it is a real JPEG, PNG or WebP of sane size. An accepted one
is decoded once, turned upright by its EXIF orientation, stripped of every piece of
metadata (EXIF, GPS, comments, ICC), flattened onto white and re-encoded at fixed sizes —
WebP when Pillow has it, JPEG otherwise. Nothing the member sent is ever stored as is.
"""

import contextlib
import io
import math
import struct
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError, features

# Only these decoders ever see an upload: each extra parser is extra attack surface.
ALLOWED_FORMATS = ("JPEG", "PNG", "WEBP")

# Bytes; the ``HAAT_IMAGE_MAX_BYTES`` setting overrides it.
MAX_UPLOAD_BYTES = 10 * 1024 * 1024

# Well below Pillow's own limit (about 89 megapixels): a 40 MP photo decodes to at most
# 160 MB, which a small server survives; a phone camera makes 12-50 MP.
MAX_PIXELS = 40_000_000

ORIGINAL_MAX_SIDE = 2000
DISPLAY_MAX_SIDE = 1200
THUMBNAIL_MAX_SIDE = 400
LOGO_SIDE = 400

WEBP_QUALITY = 80
JPEG_QUALITY = 82

# Errors Pillow's decoders raise on broken input, besides OSError.
_DECODE_ERRORS = (OSError, SyntaxError, ValueError, EOFError, IndexError, struct.error)

# Magic numbers of formats people commonly try, so that the refusal can name them.
_KNOWN_OTHER_FORMATS = (
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"BM", "BMP"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
    (b"\x00\x00\x01\x00", "ICO"),
    (b"8BPS", "PSD"),
    (b"%PDF", "PDF"),
)


class ImageRejected(ValidationError):
    """An upload that is not an acceptable picture; ``code`` says why."""


def _reject(code: str, **params) -> ImageRejected:
    messages = {
        "empty": _("The file is empty. Choose a photo and try again."),
        "too_large": _(
            "The file is too large: a photo may be at most %(limit_mb)s MB. Send a smaller photo."
        ),
        "not_image": _("This file is not a photo we can read. Upload a JPEG, PNG or WebP picture."),
        "format_not_allowed": _(
            "%(format)s files are not accepted. Upload a JPEG, PNG or WebP picture."
        ),
        "too_many_pixels": _(
            "The picture has too many pixels: at most %(limit)s megapixels are accepted. "
            "Send a smaller photo."
        ),
        "truncated": _(
            "The photo is damaged or was not uploaded completely. Please upload it again."
        ),
    }
    return ImageRejected(messages[code], code=code, params=params or None)


@dataclass(frozen=True)
class ProcessedImage:
    """The re-encoded copies of one accepted picture, ready to save to storage."""

    original: ContentFile
    display: ContentFile
    thumbnail: ContentFile
    width: int
    height: int


def max_upload_bytes() -> int:
    """Return the largest upload accepted, in bytes."""
    return getattr(settings, "HAAT_IMAGE_MAX_BYTES", MAX_UPLOAD_BYTES)


def output_format() -> tuple[str, str]:
    """Return the (Pillow format, file extension) pictures are stored in."""
    if features.check("webp"):
        return "WEBP", "webp"
    return "JPEG", "jpg"


def _read_bounded(upload) -> bytes:
    """Return the upload's bytes; raise ImageRejected if it is empty or over the cap.

    The declared size is checked first, and at most one byte more than the cap is read,
    so a huge upload is refused without being read into memory.
    """
    limit = max_upload_bytes()
    limit_mb = round(limit / (1024 * 1024), 1)
    size = getattr(upload, "size", None)
    if size is not None:
        if size == 0:
            raise _reject("empty")
        if size > limit:
            raise _reject("too_large", limit_mb=limit_mb)
    if hasattr(upload, "seek"):
        upload.seek(0)
    data = upload.read(limit + 1)
    if not data:
        raise _reject("empty")
    if len(data) > limit:
        raise _reject("too_large", limit_mb=limit_mb)
    return data


def _too_many_pixels() -> ImageRejected:
    return _reject("too_many_pixels", limit=MAX_PIXELS // 1_000_000)


def _unidentified(data: bytes) -> ImageRejected:
    head = data[:512]
    for magic, name in _KNOWN_OTHER_FORMATS:
        if head.startswith(magic):
            return _reject("format_not_allowed", format=name)
    if head[4:12] in (b"ftypheic", b"ftypheix", b"ftypmif1", b"ftypavif"):
        return _reject("format_not_allowed", format="HEIC/AVIF")
    if b"<svg" in head.lower() or head.lstrip().startswith(b"<?xml"):
        return _reject("format_not_allowed", format="SVG")
    return _reject("not_image")


def _open_checked(data: bytes) -> Image.Image:
    """Open ``data`` as an allowed format and decode its first frame.

    Raises ImageRejected for a non-image, a format off the allowlist, too many pixels
    (checked from the header before anything is decoded) or a truncated file.
    """
    # Pillow warns above its own limit and errors at twice it; the warning is an error
    # here too. catch_warnings() is process-wide, so under threads this is only a second
    # line: the cap checked below is lower than Pillow's and always applies.
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            img = Image.open(io.BytesIO(data), formats=list(ALLOWED_FORMATS))
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise _too_many_pixels() from exc
        except UnidentifiedImageError as exc:
            raise _unidentified(data) from exc
        except _DECODE_ERRORS as exc:
            raise _reject("not_image") from exc

    width, height = img.size
    if width < 1 or height < 1:
        raise _reject("not_image")
    if width * height > MAX_PIXELS:
        raise _too_many_pixels()

    if img.format == "JPEG" and max(width, height) > ORIGINAL_MAX_SIDE:
        # Let libjpeg decode at 1/2, 1/4 or 1/8 scale: a 12 MP phone photo costs a
        # quarter of the memory and time, and we would shrink it anyway.
        k = ORIGINAL_MAX_SIDE / max(width, height)
        img.draft(img.mode, (math.ceil(width * k), math.ceil(height * k)))

    try:
        # Only the first frame is decoded: later frames of an animation are never read.
        img.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _too_many_pixels() from exc
    except _DECODE_ERRORS as exc:
        raise _reject("truncated") from exc
    return img


def _upright_rgb(img: Image.Image, max_side: int) -> Image.Image:
    """Return a new RGB image, upright, at most ``max_side`` px, with no metadata at all."""
    if img.mode in ("I", "F") or img.mode.startswith("I;"):
        # 16-bit greyscale (scans): scale to 8 bits, a plain convert would clip to white.
        img = img.convert("I").point(lambda v: v * (1 / 256)).convert("L")
    if img.mode not in ("RGB", "RGBA"):
        has_alpha = img.mode in ("LA", "La", "PA") or "transparency" in img.info
        img = img.convert("RGBA" if has_alpha else "RGB")
    # Shrink before turning upright: the rotation then copies 4 MP, not 40.
    # thumbnail() keeps the EXIF that exif_transpose() reads.
    img.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    # A malformed EXIF block is not worth refusing a good photo for.
    with contextlib.suppress(*_DECODE_ERRORS):
        img = ImageOps.exif_transpose(img)
    # A fresh image carries no info dict: no EXIF, GPS, XMP, comment or ICC can leak
    # into the encoder (JPEG's writer copies a comment from the source otherwise).
    clean = Image.new("RGB", img.size, (255, 255, 255))
    clean.paste(img, mask=img.getchannel("A") if img.mode == "RGBA" else None)
    return clean


def _encode(img: Image.Image, stem: str) -> ContentFile:
    fmt, ext = output_format()
    buffer = io.BytesIO()
    if fmt == "WEBP":
        img.save(buffer, fmt, quality=WEBP_QUALITY, method=4)
    else:
        # Progressive: a slow connection shows a blurry whole picture early.
        img.save(buffer, fmt, quality=JPEG_QUALITY, optimize=True, progressive=True)
    return ContentFile(buffer.getvalue(), name=f"{stem}.{ext}")


def _shrunk(img: Image.Image, max_side: int) -> Image.Image:
    copy = img.copy()
    copy.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    return copy


def process_image(upload) -> ProcessedImage:
    """Validate an uploaded photo and return its re-encoded original, display and thumbnail.

    ``upload`` is any file object (an UploadedFile, a ContentFile, an open file). Raises
    ImageRejected (a ValidationError) with code ``empty``, ``too_large``, ``not_image``,
    ``format_not_allowed``, ``too_many_pixels`` or ``truncated``.
    """
    with _open_checked(_read_bounded(upload)) as img:
        original = _upright_rgb(img, ORIGINAL_MAX_SIDE)
    display = _shrunk(original, DISPLAY_MAX_SIDE)
    thumbnail = _shrunk(display, THUMBNAIL_MAX_SIDE)
    return ProcessedImage(
        original=_encode(original, "original"),
        display=_encode(display, "display"),
        thumbnail=_encode(thumbnail, "thumbnail"),
        width=original.width,
        height=original.height,
    )


def process_logo(upload) -> ContentFile:
    """Validate an uploaded shop logo and return it as a LOGO_SIDE square, padded white.

    Padding, not cropping: a logo's lettering often runs to its edges. Raises
    ImageRejected like :func:`process_image`.
    """
    with _open_checked(_read_bounded(upload)) as img:
        upright = _upright_rgb(img, LOGO_SIDE)
    square = ImageOps.pad(upright, (LOGO_SIDE, LOGO_SIDE), color=(255, 255, 255))
    return _encode(square, "logo")
