"""Online Haat: the project package and the haat-session domain."""

from .celery import app as celery_app

__all__ = ("celery_app",)
