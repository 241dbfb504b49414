"""Keep derived catalogue data in step when a category changes."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import Category
from .search import search_text_refresh
from .selectors import category_tree_changed


@receiver(post_save, sender=Category, dispatch_uid="vendors.category_saved")
def category_saved(sender, instance: Category, created: bool, **kwargs):
    transaction.on_commit(category_tree_changed)
    if not created:
        # Products are found by their category's names in both languages.
        search_text_refresh(category_ids=[instance.pk])


@receiver(post_delete, sender=Category, dispatch_uid="vendors.category_deleted")
def category_deleted(sender, instance: Category, **kwargs):
    transaction.on_commit(category_tree_changed)
