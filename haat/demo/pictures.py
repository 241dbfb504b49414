"""The demo pictures: a coloured shape with a letter on it, drawn with Pillow as a JPEG.

Product pictures and shop logos of ``manage.py seed_demo``, and the template pictures
of the benchmark's data; either way they then go through the real upload pipeline.
"""

import functools
import io

from PIL import Image, ImageDraw, ImageFont, features

PALETTE = [
    ((252, 228, 214), (196, 69, 54)),
    ((222, 239, 226), (46, 125, 50)),
    ((226, 234, 252), (40, 80, 170)),
    ((255, 243, 205), (191, 130, 0)),
    ((243, 226, 245), (130, 60, 140)),
    ((225, 245, 245), (0, 121, 121)),
    ((245, 235, 225), (121, 85, 61)),
    ((235, 235, 235), (80, 80, 80)),
]


@functools.lru_cache(maxsize=64)
def picture(letter: str, colours: int, shape: int, size: tuple[int, int]) -> bytes:
    """Return a JPEG of a coloured shape with ``letter`` on it (cached: a small palette)."""
    background, ink = PALETTE[colours % len(PALETTE)]
    img = Image.new("RGB", size, background)
    draw = ImageDraw.Draw(img)
    w, h = size
    box = (w * 0.18, h * 0.14, w * 0.82, h * 0.86)
    match shape % 4:
        case 0:
            draw.ellipse(box, fill=ink)
        case 1:
            draw.rounded_rectangle(box, radius=w // 10, fill=ink)
        case 2:
            draw.polygon([(w / 2, box[1]), (box[2], box[3]), (box[0], box[3])], fill=ink)
        case _:
            draw.polygon(
                [(w / 2, box[1]), (box[2], h / 2), (w / 2, box[3]), (box[0], h / 2)], fill=ink
            )
    if features.check("freetype2"):
        font = ImageFont.load_default(size=int(h * 0.36))
    else:
        font = ImageFont.load_default()
    draw.text((w / 2, h * 0.54), letter, fill=background, font=font, anchor="mm")
    buffer = io.BytesIO()
    img.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()
