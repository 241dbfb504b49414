"""Text members write, kept from reading otherwise than it is.

A right-to-left override turns ``Invoice \\u202egpj.exe`` into "Invoice exe.jpg" on
screen; a zero-width space makes "Rahima\\u200bs Kitchen" a second shop that looks like
the first. So every text a member writes loses, before it is saved:

- bidirectional controls (embeddings, overrides, isolates, marks), zero-width spaces,
  word joiners, invisible operators, the byte-order mark and the soft hyphen;
- control characters other than tab, line feed and carriage return.

ZWNJ (U+200C) and ZWJ (U+200D) stay: Bengali writes some conjuncts and the ya-phala
with them. Text is also put in Unicode NFC, so one word has one spelling in bytes.
"""

import re
import unicodedata

from django.db.models.signals import pre_save

_INVISIBLE = re.compile(
    "[\u00ad\u061c\u180e\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]"
)
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_JOINERS = re.compile("[\u200c\u200d]")
_TO_ASCII_DIGITS = str.maketrans("০১২৩৪৫৬৭৮৯", "0123456789")


def clean_text(value: str) -> str:
    """Return ``value`` in NFC without invisible and control characters (ZWJ/ZWNJ kept)."""
    return _CONTROL.sub("", _INVISIBLE.sub("", unicodedata.normalize("NFC", value)))


def lookalike_key(value: str) -> str:
    """Return what a name looks like, for finding names that read the same: compatibility
    forms folded (NFKC), case folded, digits in ASCII, and nothing kept but letters, marks
    and digits ("Rahima's  Kitchen", "rahimas kitchen" and "RAHIMAS-KITCHEN" are one)."""
    folded = unicodedata.normalize("NFKC", clean_text(value)).casefold()
    folded = _JOINERS.sub("", folded).translate(_TO_ASCII_DIGITS)
    return "".join(ch for ch in folded if unicodedata.category(ch)[0] in "LMN")


def _cleaner(fields: tuple[str, ...]):
    def clean_fields(sender, instance, **kwargs) -> None:
        for name in fields:
            value = getattr(instance, name)
            if isinstance(value, str):
                setattr(instance, name, clean_text(value))

    return clean_fields


def clean_on_save(model, *fields: str) -> None:
    """Clean ``fields`` of ``model`` (texts members write) on every save, whoever saves."""
    pre_save.connect(
        _cleaner(fields), sender=model, weak=False, dispatch_uid=f"clean-text:{model._meta.label}"
    )
