"""Text search over products, in Bengali and English.

Each product keeps ``search_text``: its title, description, shop name and category names
in both languages. On PostgreSQL a query matches by full-text search (prefix terms, the
'simple' configuration) or by trigram word similarity (typos, partial words), both served
by GIN indexes (migration 0004). On SQLite every word must appear in the text.
"""

import re

from django.contrib.postgres.search import TrigramWordSimilarity
from django.db import connection
from django.db.models import (
    BooleanField,
    F,
    FloatField,
    Func,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Value,
)
from django.db.models.functions import Coalesce, Concat, Lower

from accounts.phone import to_ascii_digits

from .models import Category, Product, Vendor

# Letters, digits and Bengali signs (vowel signs are combining marks, not \w).
_WORD = re.compile(r"[\w\u0980-\u09FF]+")
MAX_QUERY_WORDS = 8


def query_words(query: str) -> list[str]:
    """Return the searchable words of a user's query, lower-cased, at most eight."""
    return [w.lower() for w in _WORD.findall(to_ascii_digits(query or ""))][:MAX_QUERY_WORDS]


def search_text_refresh(*, product_ids=None, vendor_id=None, category_ids=None) -> int:
    """Recompute ``search_text`` for the chosen products in one UPDATE; return how many.

    Call after a product is saved, a shop renamed or a category renamed.
    """
    products = Product.objects.all()
    if product_ids is not None:
        products = products.filter(pk__in=product_ids)
    if vendor_id is not None:
        products = products.filter(vendor_id=vendor_id)
    if category_ids is not None:
        products = products.filter(
            Q(category_id__in=category_ids) | Q(category__parent_id__in=category_ids)
        )
    category = Category.objects.filter(pk=OuterRef("category_id"))
    parent = Category.objects.filter(children__pk=OuterRef("category_id"))

    def text_of(queryset, field):
        return Coalesce(Subquery(queryset.values(field)[:1]), Value(""))

    space = Value(" ")
    text = Lower(
        Concat(
            "title", space,
            text_of(Vendor.objects.filter(pk=OuterRef("vendor_id")), "shop_name"), space,
            text_of(category, "name_bn"), space,
            text_of(category, "name_en"), space,
            text_of(parent, "name_bn"), space,
            text_of(parent, "name_en"), space,
            "description",
            output_field=TextField(),
        )
    )  # fmt: skip
    return products.update(search_text=text)


class SimpleTextMatch(Func):
    """``to_tsvector('simple', text) @@ to_tsquery('simple', query)``: the form the
    product_search_fts index is built on (Django's SearchVector adds a COALESCE that the
    index would not match)."""

    template = "(to_tsvector('simple'::regconfig, %(expressions)s))"
    arg_joiner = ") @@ to_tsquery('simple'::regconfig, "
    output_field = BooleanField()


def search_filter(products: QuerySet, query: str) -> QuerySet:
    """Return ``products`` narrowed to those matching ``query``, with a ``relevance``."""
    words = query_words(query)
    if not words:
        return products.annotate(relevance=Value(0.0, output_field=FloatField()))
    phrase = " ".join(words)
    if connection.vendor != "postgresql":
        for word in words:
            products = products.filter(search_text__contains=word)
        return products.annotate(relevance=Value(1.0, output_field=FloatField()))
    tsquery = " & ".join(f"{word}:*" for word in words)
    return products.filter(
        Q(SimpleTextMatch(F("search_text"), Value(tsquery)))
        | Q(search_text__trigram_word_similar=phrase)
    ).annotate(relevance=TrigramWordSimilarity(phrase, "search_text"))
