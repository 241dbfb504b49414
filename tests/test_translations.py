"""The Bengali catalogue: complete, never fuzzy, compiled as committed, and used by the pages.

The compiled ``django.mo`` is committed because a fresh machine with only Python has no
GNU gettext to compile it; these tests keep it from drifting away from ``django.po``.
After adding or changing a marked string::

    python manage.py makemessages -l bn --no-obsolete --ignore='.venv/*' --ignore='var/*' \
        --ignore='media/*' --ignore='staticfiles/*' --ignore='node_modules/*' \
        --ignore='tests/*' --ignore='bench/*'
    # translate every new or fuzzy entry in locale/bn/LC_MESSAGES/django.po, then
    python manage.py compilemessages -l bn --ignore='.venv/*'
"""

import gettext
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import ProductFactory, VendorFactory

LC_MESSAGES = Path(settings.BASE_DIR) / "locale" / "bn" / "LC_MESSAGES"
PO_PATH = LC_MESSAGES / "django.po"
MO_PATH = LC_MESSAGES / "django.mo"
NPLURALS = 2  # Bengali: one, other

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b"}
_KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(".*")\s*$')


@dataclass
class Entry:
    """One message of a PO file."""

    line: int
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)

    @property
    def key(self) -> str:
        """Return the message's key in a compiled catalogue (context, EOT, msgid)."""
        return f"{self.msgctxt}\x04{self.msgid}" if self.msgctxt is not None else self.msgid

    def __str__(self):
        return f"line {self.line}: {self.msgid!r}"


def _unquote(text: str, line_number: int) -> str:
    text = text.strip()
    if len(text) < 2 or text[0] != '"' or text[-1] != '"':
        raise ValueError(f"line {line_number}: not a quoted string: {text}")
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(0)), text[1:-1])


def read_po(path: Path = PO_PATH) -> list[Entry]:
    """Return every live entry of a PO file (the header included, obsolete ones left out)."""
    entries: list[Entry] = []
    entry, target = None, None
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            entry, target = None, None
            continue
        if line.startswith("#~"):
            continue
        if entry is None:
            entry = Entry(line=number)
            entries.append(entry)
        if line.startswith("#,"):
            entry.flags.update(flag.strip() for flag in line[2:].split(",") if flag.strip())
        elif line.startswith("#"):
            continue
        elif match := _KEYWORD.match(line):
            keyword, index, value = match.group(1), match.group(2), _unquote(match.group(3), number)
            if keyword.startswith("msgstr"):
                target = ("msgstr", int(index or 0))
                entry.msgstr[target[1]] = value
            else:
                target = (keyword, None)
                setattr(entry, keyword, value)
        elif line.startswith('"') and target is not None:
            value = _unquote(line, number)
            if target[0] == "msgstr":
                entry.msgstr[target[1]] += value
            else:
                setattr(entry, target[0], getattr(entry, target[0]) + value)
        else:
            raise ValueError(f"{path.name} line {number}: cannot read {raw!r}")
    return [e for e in entries if e.msgstr]


def messages() -> list[Entry]:
    """Return the catalogue's messages, without the header."""
    return [e for e in read_po() if e.msgid != "" or e.msgctxt is not None]


def header() -> dict[str, str]:
    """Return the catalogue's header fields."""
    (head,) = [e for e in read_po() if e.msgid == "" and e.msgctxt is None]
    fields = {}
    for line in head.msgstr[0].splitlines():
        name, colon, value = line.partition(":")
        if colon:
            fields[name.strip()] = value.strip()
    return fields


# --- the catalogue is complete ---------------------------------------------------------


def test_the_catalogue_has_messages():
    assert len(messages()) > 400


def test_every_message_is_translated_and_none_is_fuzzy():
    problems = []
    for entry in messages():
        if "fuzzy" in entry.flags:
            problems.append(f"fuzzy: {entry}")
        expected = range(NPLURALS) if entry.msgid_plural is not None else range(1)
        missing = [i for i in expected if not entry.msgstr.get(i, "").strip()]
        if missing:
            forms = "" if entry.msgid_plural is None else f" (plural forms {missing})"
            problems.append(f"untranslated{forms}: {entry}")
    assert not problems, "Translate these in locale/bn/LC_MESSAGES/django.po:\n" + "\n".join(
        problems
    )


def test_the_header_declares_bengali_in_utf8_with_two_plural_forms():
    fields = header()
    assert fields["Language"] == "bn"
    assert "charset=UTF-8" in fields["Content-Type"]
    assert fields["Plural-Forms"].replace(" ", "") == "nplurals=2;plural=(n!=1);"
    head = [e for e in read_po() if e.msgid == ""][0]
    assert "fuzzy" not in head.flags, "a fuzzy header is ignored by msgfmt"


def test_each_message_appears_once():
    keys = [(e.msgctxt, e.msgid) for e in messages()]
    assert len(keys) == len(set(keys))


# --- placeholders survive translation -------------------------------------------------

_PRINTF = re.compile(r"%(?:\((?P<name>[^)]+)\))?[#0 +-]*\d*(?:\.\d+)?(?P<conv>[diouxXeEfFgGcrsa%])")
_BRACES = re.compile(r"\{\{\s*[^}]+?\s*\}\}|\{[A-Za-z_][A-Za-z0-9_]*\}")
_TAGS = re.compile(r"</?[A-Za-z][^>]*>")


def placeholders(text: str) -> tuple[list[str], list[str], list[str]]:
    """Return a message's named %(…)s, positional %s and {…} placeholders, and HTML tags."""
    named, positional = [], []
    for match in _PRINTF.finditer(text):
        if match.group("conv") == "%":
            continue
        if match.group("name"):
            named.append(match.group(0))
        else:
            positional.append(match.group(0))
    braces = [re.sub(r"\s+", "", b) for b in _BRACES.findall(text)]
    return sorted(named), positional, sorted(braces + _TAGS.findall(text))


def test_translations_keep_every_placeholder():
    problems = []
    for entry in messages():
        sources = {0: entry.msgid}
        if entry.msgid_plural is not None:
            sources = {i: entry.msgid if i == 0 else entry.msgid_plural for i in range(NPLURALS)}
        for index, source in sources.items():
            translated = entry.msgstr.get(index, "")
            if placeholders(translated) != placeholders(source):
                problems.append(
                    f"{entry} msgstr[{index}] {placeholders(translated)} != {placeholders(source)}"
                )
    assert not problems, "\n".join(problems)


def test_the_placeholder_check_sees_a_lost_or_renamed_placeholder():
    assert placeholders("%(shop)s: ৳%(total)s") == placeholders("৳%(total)s — %(shop)s")
    assert placeholders("%(shop)s: %(total)s") != placeholders("%(shop)s")
    assert placeholders("%(count)d shops") != placeholders("%(count)s দোকান")
    assert placeholders("%s at %s") != placeholders("%s")
    assert placeholders("100%% free") == placeholders("১০০%% ফ্রি")
    assert placeholders("{name} joined") != placeholders("{nam} যোগ দিয়েছেন")


# --- the committed .mo is the compiled .po -------------------------------------------


def compiled() -> gettext.GNUTranslations:
    with MO_PATH.open("rb") as mo:
        return gettext.GNUTranslations(mo)


def test_the_committed_mo_translates_every_message_as_the_po_does():
    catalogue = compiled()
    problems = []
    for entry in messages():
        if entry.msgid_plural is None:
            got = catalogue._catalog.get(entry.key)
            if got != entry.msgstr[0]:
                problems.append(f"{entry}: .mo has {got!r}, .po has {entry.msgstr[0]!r}")
            continue
        for index in range(NPLURALS):
            got = catalogue._catalog.get((entry.key, index))
            if got != entry.msgstr.get(index):
                problems.append(f"{entry} [{index}]: .mo has {got!r}")
    assert not problems, (
        "locale/bn/LC_MESSAGES/django.mo is out of date: run "
        "`python manage.py compilemessages -l bn --ignore='.venv/*'`\n" + "\n".join(problems)
    )


def test_the_committed_mo_has_nothing_the_po_lacks():
    expected = {""}
    for entry in messages():
        if entry.msgid_plural is None:
            expected.add(entry.key)
        else:
            expected.update((entry.key, index) for index in range(NPLURALS))
    assert set(compiled()._catalog) == expected


def test_the_committed_mo_reads_in_bengali_through_the_gettext_api():
    catalogue = compiled()
    assert catalogue.info()["language"] == "bn"
    assert catalogue.gettext("Add to cart") == "কার্টে যোগ করুন"
    assert catalogue.ngettext("%(shown)s review", "%(shown)s reviews", 1) == "%(shown)sটি রিভিউ"
    assert catalogue.ngettext("%(shown)s review", "%(shown)s reviews", 5) == "%(shown)sটি রিভিউ"


# --- the pages read in the visitor's language ----------------------------------------


class _VisibleText(HTMLParser):
    """Collect what a person reads: text outside script/style, and labelling attributes."""

    SHOWN_ATTRIBUTES = {"placeholder", "aria-label", "title", "alt"}

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "style"}:
            self._hidden += 1
        self.parts.extend(v for k, v in attrs if k in self.SHOWN_ATTRIBUTES and v)

    def handle_endtag(self, tag):
        if tag in {"script", "style"}:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _VisibleText()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


# Latin words a Bengali page may show: the switch to English is written in English.
ALLOWED_LATIN = {"English"}


def latin_words(text: str) -> set[str]:
    """Return the Latin words of a text, but for digit masks such as 01XXXXXXXXX."""
    words = set(re.findall(r"[A-Za-z]{2,}", text)) - ALLOWED_LATIN
    return {word for word in words if set(word) != {"X"}}


@pytest.fixture
def bengali_shop(db, make_open_haat):
    """A haat open now and a shop whose data is all in Bengali, with one product."""
    make_open_haat(number=261)
    vendor = VendorFactory(shop_name="রহিমার রান্নাঘর", slug="রহিমার-রান্নাঘর", upazila="পীরগঞ্জ")
    return ProductFactory(vendor=vendor, title="আমের আচার", unit="jar", stock=5)


def _page(client, name, language, *args):
    response = client.get(reverse(name, args=args), HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return visible_text(response.content.decode())


def _cart(client, product, language):
    client.post(
        reverse("cart_add", args=[product.pk]), {"quantity": 1}, HTTP_ACCEPT_LANGUAGE=language
    )
    return _page(client, "cart", language)


# Per page: (English, Bengali) pairs of the page's own words.
PAGES = {
    "home": [
        ("Online Haat", "অনলাইন হাট"),
        ("All products", "সব পণ্য"),
        ("New in the haat", "হাটে নতুন"),
        ("We are the buyers, we are the sellers.", "আমরাই ক্রেতা, আমরাই বিক্রেতা।"),
        ("Log in", "লগ ইন"),
        ("is open now", "এখন চলছে"),
    ],
    "product_list": [
        ("All products", "সব পণ্য"),
        ("Filters and sort", "ফিল্টার ও সাজানো"),
        ("Search", "খুঁজুন"),
        ("Commission", "কমিশন"),
    ],
    "login": [
        ("Log in", "লগ ইন"),
        ("Mobile number", "মোবাইল নম্বর"),
        ("Password", "পাসওয়ার্ড"),
        ("New here?", "নতুন এসেছেন?"),
        ("Sign up", "অ্যাকাউন্ট খুলুন"),
    ],
    "cart": [
        ("Your cart", "আপনার কার্ট"),
        ("Subtotal", "পণ্যের দাম"),
        ("Checkout", "অর্ডার করুন"),
        ("Added to your cart.", "আপনার কার্টে যোগ হয়েছে।"),
        ("Update", "আপডেট করুন"),
    ],
}


def _render(client, page, product, language):
    if page == "cart":
        return _cart(client, product, language)
    return _page(client, page, language)


@pytest.mark.parametrize("page", sorted(PAGES))
def test_pages_read_in_bengali_with_no_english_left(client, bengali_shop, page):
    text = _render(client, page, bengali_shop, "bn")
    for english, bengali in PAGES[page]:
        assert bengali in text
        assert english not in text
    assert "আমের আচার" in text or page == "login"
    assert not latin_words(text), f"English left on the Bengali {page} page: {text}"


@pytest.mark.parametrize("page", sorted(PAGES))
def test_pages_read_in_english_when_english_is_chosen(client, bengali_shop, page):
    text = _render(client, page, bengali_shop, "en")
    for english, bengali in PAGES[page]:
        assert english in text
        assert bengali not in text
    assert "বাংলা" in text  # the switch back
