"""The upload pipeline: what is accepted, how it is stored, what is refused and left behind."""

import io
import random
import struct
import zlib
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.utils import translation
from PIL import ExifTags, Image, ImageDraw, ImageFile

from tests.factories import ProductFactory, VendorFactory
from vendors import images, services
from vendors.images import ImageRejected
from vendors.models import Product, ProductImage, Vendor

pytestmark = pytest.mark.django_db

RED = (220, 20, 20)
BLUE = (20, 20, 220)


# --- helpers ----------------------------------------------------------------------------


def encoded(img: Image.Image, fmt: str, **params) -> bytes:
    buffer = io.BytesIO()
    img.save(buffer, fmt, **params)
    return buffer.getvalue()


def upload(data: bytes, name: str = "photo.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="image/jpeg")


def noise(size: tuple[int, int], seed: int = 1) -> Image.Image:
    """Return an RGB image of random pixels: it compresses badly, so files are big."""
    rng = random.Random(seed)
    return Image.frombytes("RGB", size, rng.randbytes(size[0] * size[1] * 3))


def jpeg_rotated_with_gps() -> bytes:
    """A 300x200 JPEG whose top band is red, tagged Orientation=6 and with a GPS position."""
    img = Image.new("RGB", (300, 200), BLUE)
    ImageDraw.Draw(img).rectangle((0, 0, 299, 39), fill=RED)
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    exif[ExifTags.Base.Make] = "Walton"
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (23.0, 48.0, 36.0),
        ExifTags.GPS.GPSLongitudeRef: "E",
        ExifTags.GPS.GPSLongitude: (90.0, 24.0, 0.0),
    }
    return encoded(img, "JPEG", exif=exif, comment=b"taken at home")


def png_chunk(kind: bytes, payload: bytes) -> bytes:
    return (
        struct.pack(">I", len(payload))
        + kind
        + payload
        + struct.pack(">I", zlib.crc32(kind + payload) & 0xFFFFFFFF)
    )


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that claims ``width`` x ``height`` 1-bit pixels and holds almost no data.

    A real bomb compresses a huge blank canvas into a few kilobytes; the header is what
    the pipeline must refuse on, so the header is all this needs to be.
    """
    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 64)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", ihdr)
        + png_chunk(b"IDAT", idat)
        + png_chunk(b"IEND", b"")
    )


def media_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def stored(field) -> Image.Image:
    img = Image.open(field.path)
    img.load()
    return img


@pytest.fixture
def product():
    return ProductFactory()


@pytest.fixture
def no_decoding(monkeypatch):
    """Fail the test if any image data is decoded."""

    def refuse(self, *args, **kwargs):
        raise AssertionError("pixel data was decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", refuse)


# --- accepted pictures ------------------------------------------------------------------


def test_jpeg_is_turned_upright_and_loses_exif_and_gps(product, settings):
    # Given a phone photo stored sideways with its orientation and a GPS position in EXIF
    data = jpeg_rotated_with_gps()
    source = Image.open(io.BytesIO(data))
    assert source.getexif().get_ifd(ExifTags.IFD.GPSInfo)

    # When it is added to a product
    image = services.product_image_add(product=product, upload=upload(data))

    # Then the stored picture is upright: 200 wide, 300 high, the red band on the right
    image.refresh_from_db()
    assert (image.width, image.height) == (200, 300)
    original = stored(image.image)
    assert original.size == (200, 300)
    assert original.getpixel((195, 150))[0] > 150
    assert original.getpixel((5, 150))[2] > 150
    # And no metadata survived, in any of the three copies
    for field in (image.image, image.display, image.thumbnail):
        copy = stored(field)
        assert copy.format == "WEBP"
        assert not copy.getexif()
        assert not {"exif", "xmp", "icc_profile", "comment"} & set(copy.info)
        assert b"Walton" not in Path(field.path).read_bytes()
    assert len(media_files(settings)) == 3


def test_png_with_alpha_is_accepted_and_flattened_onto_white(product):
    img = Image.new("RGBA", (120, 80), (0, 0, 0, 0))
    ImageDraw.Draw(img).rectangle((60, 0, 119, 79), fill=(*RED, 255))

    image = services.product_image_add(product=product, upload=upload(encoded(img, "PNG")))

    original = stored(image.image)
    assert original.mode == "RGB"
    assert all(channel > 240 for channel in original.getpixel((10, 40)))
    assert original.getpixel((100, 40))[0] > 180


def test_paletted_png_with_transparency_is_accepted(product):
    img = Image.new("P", (64, 64), 0)
    img.putpalette([255, 0, 0, 0, 0, 255] + [0] * 762)
    data = encoded(img, "PNG", transparency=0)

    image = services.product_image_add(product=product, upload=upload(data, "logo.png"))

    assert all(channel > 240 for channel in stored(image.image).getpixel((5, 5)))


def test_webp_is_accepted(product):
    data = encoded(Image.new("RGB", (500, 400), BLUE), "WEBP", quality=70)

    image = services.product_image_add(product=product, upload=upload(data, "a.webp"))

    assert (image.width, image.height) == (500, 400)
    assert image.image.name.endswith(".webp")


def test_animated_picture_keeps_only_its_first_frame(product):
    frames = [Image.new("RGB", (80, 80), RED), Image.new("RGB", (80, 80), BLUE)]
    data = encoded(frames[0], "PNG", save_all=True, append_images=frames[1:], duration=100)
    assert Image.open(io.BytesIO(data)).n_frames == 2

    image = services.product_image_add(product=product, upload=upload(data, "anim.png"))

    assert stored(image.image).getpixel((40, 40))[0] > 180


def test_large_photo_is_stored_at_fixed_sizes(product):
    # Given a 12-megapixel camera photo
    data = encoded(Image.new("RGB", (4000, 3000), BLUE), "JPEG", quality=85)

    image = services.product_image_add(product=product, upload=upload(data))

    # Then the original is capped at 2000 px, the copies at 1200 and 400, ratio kept
    assert (image.width, image.height) == (2000, 1500)
    assert stored(image.image).size == (2000, 1500)
    assert stored(image.display).size == (1200, 900)
    assert stored(image.thumbnail).size == (400, 300)


def test_jpeg_is_written_when_pillow_has_no_webp(product, monkeypatch):
    monkeypatch.setattr(images.features, "check", lambda name: name != "webp")

    image = services.product_image_add(
        product=product, upload=upload(encoded(Image.new("RGB", (50, 50)), "PNG"))
    )

    assert image.image.name.endswith(".jpg")
    assert stored(image.thumbnail).format == "JPEG"


def test_uploaded_name_is_never_kept(product):
    image = services.product_image_add(
        product=product,
        upload=upload(encoded(Image.new("RGB", (50, 50)), "PNG"), "../../evil.php.png"),
    )

    names = [image.image.name, image.display.name, image.thumbnail.name]
    assert len(set(names)) == 3
    assert all(name.startswith("products/") and "evil" not in name for name in names)


def test_images_go_last_and_can_be_reordered(product):
    def add():
        data = encoded(Image.new("RGB", (40, 40)), "PNG")
        return services.product_image_add(product=product, upload=upload(data))

    first, second, third = add(), add(), add()
    assert [first.position, second.position, third.position] == [0, 1, 2]

    services.product_images_reorder(product=product, image_ids=[third.pk, first.pk, second.pk])

    assert list(product.images.values_list("pk", flat=True)) == [third.pk, first.pk, second.pk]
    assert product.images.first().position == 0


@pytest.mark.parametrize("bad", ["missing", "duplicate", "foreign"])
def test_reorder_refuses_a_list_that_is_not_the_products_images(product, bad):
    data = encoded(Image.new("RGB", (40, 40)), "PNG")
    one = services.product_image_add(product=product, upload=upload(data))
    two = services.product_image_add(product=product, upload=upload(data))
    other = services.product_image_add(product=ProductFactory(), upload=upload(data))
    ids = {
        "missing": [one.pk],
        "duplicate": [one.pk, one.pk, two.pk],
        "foreign": [one.pk, two.pk, other.pk],
    }[bad]

    with pytest.raises(ValidationError) as caught:
        services.product_images_reorder(product=product, image_ids=ids)

    assert caught.value.code == "bad_image_order"
    assert list(product.images.values_list("position", flat=True)) == [0, 1]


# --- refused uploads --------------------------------------------------------------------


def _gif_image() -> Image.Image:
    return Image.new("P", (20, 20))


def _gif() -> bytes:
    return encoded(_gif_image(), "GIF")


def _bmp() -> bytes:
    return encoded(Image.new("RGB", (20, 20)), "BMP")


def _tiff() -> bytes:
    return encoded(Image.new("RGB", (20, 20)), "TIFF")


def _svg() -> bytes:
    return (
        b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" '
        b'height="10"><script>alert(1)</script></svg>'
    )


def _svg_bare() -> bytes:
    return b'<svg xmlns="http://www.w3.org/2000/svg"><rect width="5" height="5"/></svg>'


def _text() -> bytes:
    return "এটি একটি ছবি নয় — this is not a picture\n".encode() * 10


def _truncated_jpeg() -> bytes:
    data = encoded(noise((400, 300)), "JPEG", quality=90)
    return data[: len(data) * 6 // 10]


def _truncated_png() -> bytes:
    data = encoded(noise((200, 150)), "PNG")
    return data[: len(data) // 2]


def _heic() -> bytes:
    return b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64


REFUSALS = {
    "empty": (b"", "photo.jpg", "empty"),
    "text named .jpg": (_text(), "photo.jpg", "not_image"),
    "gif": (_gif(), "photo.gif", "format_not_allowed"),
    "bmp": (_bmp(), "photo.bmp", "format_not_allowed"),
    "tiff": (_tiff(), "photo.tif", "format_not_allowed"),
    "svg": (_svg(), "logo.svg", "format_not_allowed"),
    "svg without prolog": (_svg_bare(), "logo.jpg", "format_not_allowed"),
    "heic": (_heic(), "IMG_0001.HEIC", "format_not_allowed"),
    "truncated jpeg": (_truncated_jpeg(), "photo.jpg", "truncated"),
    "truncated png": (_truncated_png(), "photo.png", "truncated"),
    "bomb far above pillow's limit": (png_header_only(30000, 30000), "bomb.png", None),
    "bomb above pillow's warning": (png_header_only(10000, 10000), "bomb.png", None),
    "above our own cap": (png_header_only(8000, 6000), "big.png", None),
}


@pytest.mark.parametrize("data,name,code", REFUSALS.values(), ids=REFUSALS.keys())
def test_refused_upload_leaves_nothing_behind(product, settings, data, name, code):
    # When an unacceptable file is added to a product
    with pytest.raises(ImageRejected) as caught:
        services.product_image_add(product=product, upload=upload(data, name))

    # Then it is refused with a clear message, and no file and no row exist
    assert caught.value.code == (code or "too_many_pixels")
    assert caught.value.messages[0]
    assert media_files(settings) == []
    assert not ProductImage.objects.exists()


@pytest.mark.parametrize("width,height", [(30000, 30000), (10000, 10000), (8000, 6000)])
def test_decompression_bomb_is_refused_from_its_header_without_decoding(no_decoding, width, height):
    with pytest.raises(ImageRejected) as caught:
        images.process_image(upload(png_header_only(width, height), "bomb.png"))

    assert caught.value.code == "too_many_pixels"
    assert "40" in caught.value.messages[0]


def test_pixel_cap_can_be_lowered(monkeypatch):
    monkeypatch.setattr(images, "MAX_PIXELS", 100 * 100)
    data = encoded(Image.new("RGB", (101, 100)), "PNG")

    with pytest.raises(ImageRejected) as caught:
        images.process_image(upload(data))

    assert caught.value.code == "too_many_pixels"


def test_file_over_the_size_cap_is_refused(product, settings):
    settings.HAAT_IMAGE_MAX_BYTES = 20_000
    data = encoded(noise((200, 200)), "PNG")
    assert len(data) > 20_000

    with pytest.raises(ImageRejected) as caught:
        services.product_image_add(product=product, upload=upload(data))

    assert caught.value.code == "too_large"
    assert media_files(settings) == []
    assert not ProductImage.objects.exists()


def test_file_at_the_size_cap_is_accepted(product, settings):
    data = encoded(Image.new("RGB", (60, 60)), "PNG")
    settings.HAAT_IMAGE_MAX_BYTES = len(data)

    services.product_image_add(product=product, upload=upload(data))

    assert ProductImage.objects.count() == 1


class _UnreadableFile(ContentFile):
    def read(self, *args, **kwargs):
        raise AssertionError("the file was read")


def test_oversized_upload_is_refused_before_it_is_read(settings):
    settings.HAAT_IMAGE_MAX_BYTES = 1000

    with pytest.raises(ImageRejected) as caught:
        images.process_image(_UnreadableFile(b"x" * 1001, name="big.jpg"))

    assert caught.value.code == "too_large"


def test_oversized_stream_without_a_size_is_refused_after_reading_only_the_cap(settings):
    settings.HAAT_IMAGE_MAX_BYTES = 1000
    stream = io.BytesIO(b"x" * 50_000)

    with pytest.raises(ImageRejected) as caught:
        images.process_image(stream)

    assert caught.value.code == "too_large"
    assert stream.tell() == 1001


def test_refusal_is_a_validation_error_with_a_readable_message():
    with pytest.raises(ValidationError) as caught:
        images.process_image(upload(encoded(_gif_image(), "GIF"), "cat.gif"))

    with translation.override("en"):
        assert caught.value.messages == [
            "GIF files are not accepted. Upload a JPEG, PNG or WebP picture."
        ]


# --- nothing half-saved -----------------------------------------------------------------


def test_storage_failure_midway_removes_the_files_already_written(product, settings, monkeypatch):
    real_save = FileSystemStorage._save
    calls = []

    def flaky(self, name, content):
        calls.append(name)
        if len(calls) == 3:
            raise OSError("disk full")
        return real_save(self, name, content)

    monkeypatch.setattr(FileSystemStorage, "_save", flaky)
    data = encoded(Image.new("RGB", (50, 50)), "PNG")

    with pytest.raises(OSError, match="disk full"):
        services.product_image_add(product=product, upload=upload(data))

    assert len(calls) == 3
    assert media_files(settings) == []
    assert not ProductImage.objects.exists()


def test_database_failure_removes_the_files_written(product, settings, monkeypatch):
    def broken_save(self, *args, **kwargs):
        raise IntegrityError("boom")

    monkeypatch.setattr(ProductImage, "save", broken_save)
    data = encoded(Image.new("RGB", (50, 50)), "PNG")

    with pytest.raises(IntegrityError):
        services.product_image_add(product=product, upload=upload(data))

    assert media_files(settings) == []
    assert not ProductImage.objects.exists()


# --- deleting ---------------------------------------------------------------------------


def _two_images(product) -> list[ProductImage]:
    data = encoded(Image.new("RGB", (50, 50)), "PNG")
    return [services.product_image_add(product=product, upload=upload(data)) for _ in "ab"]


def test_deleting_an_image_removes_its_files_after_commit(
    product, settings, django_capture_on_commit_callbacks
):
    keep, gone = _two_images(product)
    gone_paths = [Path(f.path) for f in (gone.image, gone.display, gone.thumbnail)]

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert services.product_image_delete(image_id=gone.pk) is True
    # Before commit the files are still there: a rollback would keep a working image
    assert all(path.exists() for path in gone_paths)
    for callback in callbacks:
        callback()

    assert not any(path.exists() for path in gone_paths)
    assert len(media_files(settings)) == 3
    assert list(ProductImage.objects.values_list("pk", flat=True)) == [keep.pk]
    assert services.product_image_delete(image_id=gone.pk) is False


def test_deleting_a_product_removes_its_image_files(
    product, settings, django_capture_on_commit_callbacks
):
    other = ProductFactory()
    _two_images(product)
    _two_images(other)
    assert len(media_files(settings)) == 12

    with django_capture_on_commit_callbacks(execute=True):
        assert services.product_delete(product_id=product.pk) is True

    assert not Product.objects.filter(pk=product.pk).exists()
    assert len(media_files(settings)) == 6
    assert ProductImage.objects.filter(product=other).count() == 2


def test_deleting_a_shop_removes_its_products_image_files_and_logo(
    product, settings, django_capture_on_commit_callbacks
):
    _two_images(product)
    logo = encoded(Image.new("RGB", (300, 100), RED), "PNG")
    services.vendor_logo_set(vendor=product.vendor, upload=upload(logo))
    assert len(media_files(settings)) == 7

    with django_capture_on_commit_callbacks(execute=True):
        Vendor.objects.filter(pk=product.vendor_id).delete()

    assert media_files(settings) == []


# --- shop logos -------------------------------------------------------------------------


def test_logo_is_stored_square_and_replaces_the_old_one(
    settings, django_capture_on_commit_callbacks
):
    vendor = VendorFactory()
    wide = encoded(Image.new("RGB", (900, 300), RED), "JPEG")
    with django_capture_on_commit_callbacks(execute=True):
        services.vendor_logo_set(vendor=vendor, upload=upload(wide))
    first = Path(vendor.logo.path)
    assert stored(vendor.logo).size == (images.LOGO_SIDE, images.LOGO_SIDE)

    with django_capture_on_commit_callbacks(execute=True):
        services.vendor_logo_set(vendor=vendor, upload=upload(wide))

    vendor.refresh_from_db()
    assert Path(vendor.logo.path).exists()
    assert not first.exists()
    assert media_files(settings) == [Path(vendor.logo.path)]


def test_refused_logo_keeps_the_old_one(settings):
    vendor = VendorFactory()
    services.vendor_logo_set(
        vendor=vendor, upload=upload(encoded(Image.new("RGB", (50, 50)), "PNG"))
    )
    before = vendor.logo.name

    with pytest.raises(ImageRejected):
        services.vendor_logo_set(vendor=vendor, upload=upload(_text()))

    vendor.refresh_from_db()
    assert vendor.logo.name == before
    assert len(media_files(settings)) == 1
