"""A corpus of hostile files through every real upload path: refused, nothing left behind.

The paths are the vendor dashboard's product form (new product, and a new photo on an
existing one) and the API's image endpoint. Each refused file must answer 400 (413 for a
body over the request cap), never 500, and leave no file under MEDIA_ROOT and no row.
Real pictures that carry a payload (EXIF, a script after the image data, a PHP name) are
accepted, but what is stored is a re-encoded copy under a random name with none of it.
The process's peak memory over the whole corpus is measured and bounded.
"""

import contextlib
import io
import resource
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from tests.factories import ProductFactory, VendorFactory, leaf_category
from vendors.models import Product, ProductImage

from . import corpus

pytestmark = pytest.mark.django_db

# Growth of the process's peak resident memory over the whole corpus, through one path.
# The largest thing held is the 10 MB over-cap file (read up to the cap plus one byte);
# every bomb is refused from its header.
PEAK_GROWTH_LIMIT_MB = 120

PATHS = ("product_create", "product_edit", "api_image")


def _upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="image/jpeg")


def _form(**extra) -> dict:
    return {
        "title": "আমের আচার",
        "description": "",
        "category": str(leaf_category().pk),
        "price": "250",
        "unit": "piece",
        "stock": "5",
        "is_active": "on",
        **extra,
    }


def _files(root) -> list[Path]:
    root = Path(root)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.fixture
def shop(client):
    vendor = VendorFactory()
    client.force_login(vendor.owner)
    product = ProductFactory(vendor=vendor, title="Existing")
    return vendor, product


def _send(client, path: str, product, name: str, data: bytes):
    upload = _upload(name, data)
    if path == "product_create":
        return client.post(reverse("product_create"), _form(images=[upload]))
    if path == "product_edit":
        return client.post(reverse("product_edit", args=[product.pk]), _form(images=[upload]))
    return client.post(
        reverse("api-own-product-images", args=[product.pk]), {"image": upload}, format="multipart"
    )


def _reset_peak_memory() -> None:
    """Let ru_maxrss start from the current size (Linux); else it keeps the older peak."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def test_the_corpus_is_large_enough():
    assert len(corpus.REFUSED) >= 30
    names = [name for name, _build in corpus.REFUSED]
    assert any("\x00" in name for name in names)


@pytest.mark.parametrize("path", PATHS)
def test_every_hostile_file_is_refused_and_nothing_is_left(client, shop, settings, path):
    # Given a vendor with one product and no photo, and the corpus made in code
    _vendor, product = shop
    built = [(name, build()) for name, build in corpus.REFUSED]
    _reset_peak_memory()
    before = _peak_mb()
    problems = []
    # When each file is sent through this upload path
    for name, data in built:
        response = _send(client, path, product, name, data)
        # Then it is refused with a clear 400, and nothing of it is kept
        if response.status_code != 400:
            problems.append((name, f"status {response.status_code}"))
        left = _files(settings.MEDIA_ROOT)
        if left:
            problems.append((name, f"left {left}"))
        if ProductImage.objects.exists():
            problems.append((name, "an image row"))
        if Product.objects.count() != 1:
            problems.append((name, "a product row"))
    growth = _peak_mb() - before
    print(f"{path}: {len(built)} files refused, peak memory grew {growth:.1f} MB")
    assert problems == []
    # And the memory it took stayed bounded, bombs included
    assert growth < PEAK_GROWTH_LIMIT_MB


@pytest.mark.parametrize("path", PATHS)
def test_refusals_say_why_in_the_members_language(client, shop, path):
    _vendor, product = shop
    response = _send(client, path, product, "bomb.png", corpus.png_30000_square())
    body = response.content.decode()
    assert response.status_code == 400
    assert "megapixels" in body or "মেগাপিক্সেল" in body or "too_many_pixels" in body


@pytest.mark.parametrize("path", PATHS)
def test_a_body_over_the_request_cap_is_refused_with_413_before_it_is_read(
    client, shop, settings, path
):
    # Given a client that announces a body larger than the cap (and sends a small one)
    _vendor, product = shop
    upload = _upload("photo.jpg", corpus.jpeg())
    url = {
        "product_create": reverse("product_create"),
        "product_edit": reverse("product_edit", args=[product.pk]),
        "api_image": reverse("api-own-product-images", args=[product.pk]),
    }[path]
    # When it posts
    response = client.post(
        url,
        {"image": upload} if path == "api_image" else _form(images=[upload]),
        CONTENT_LENGTH=str(settings.HAAT_REQUEST_MAX_BYTES + 1),
    )
    # Then 413, and nothing stored
    assert response.status_code == 413
    assert _files(settings.MEDIA_ROOT) == []
    assert not ProductImage.objects.exists()


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize(
    ("name", "build", "payloads"),
    corpus.DEFUSED,
    ids=[build.__name__ for _name, build, _payloads in corpus.DEFUSED],
)
def test_a_picture_carrying_a_payload_is_stored_as_a_clean_copy(
    client, shop, settings, path, name, build, payloads
):
    # Given a real picture with something else inside (EXIF, PHP, HTML, more frames)
    _vendor, product = shop
    # When it is uploaded
    response = _send(client, path, product, name, build())
    # Then it is accepted
    assert response.status_code in {201, 302}, response.content[:500]
    image = ProductImage.objects.get()
    stored = [image.image, image.display, image.thumbnail]
    for field in stored:
        stem = Path(field.name).name
        # under a random name: nothing of the uploaded one, and our own extension
        assert "php" not in stem.lower()
        assert Path(name.replace("\x00", "")).stem.split(".")[0] not in stem
        assert stem.endswith((".webp", ".jpg"))
        data = Path(field.path).read_bytes()
        # re-encoded: none of the payload's bytes, no EXIF, one frame
        for payload in payloads:
            assert payload not in data
        with Image.open(io.BytesIO(data)) as picture:
            assert picture.format in {"WEBP", "JPEG"}
            assert not picture.getexif()
            assert getattr(picture, "n_frames", 1) == 1
            assert "xmp" not in picture.info
            assert "comment" not in picture.info
    # And the only files on disk are those three
    assert sorted(_files(settings.MEDIA_ROOT)) == sorted(Path(f.path) for f in stored)
