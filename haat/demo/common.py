"""What the demo seeder's stages share: their output, their seed, and a few helpers."""

import random

from .progress import ProgressBar


def demo_phone(prefix: str, number: int) -> str:
    """Return demo member ``number``'s phone: the prefix, then seven digits."""
    return f"{prefix}{number:07d}"


def seeded_rng(seed: int, *parts) -> random.Random:
    """Return a generator fixed by the seed and ``parts``: a top-up re-creates nothing
    differently, whichever run makes an item."""
    return random.Random(":".join(str(p) for p in (seed, *parts)))


def has_bengali(text: str) -> bool:
    """Return whether ``text`` holds a Bengali letter or digit."""
    return any("\u0980" <= char <= "\u09ff" for char in text)


class Stages:
    """A group of seeding stages: each writes its progress to ``stdout``.

    ``stdout`` is a management command's output (django's OutputWrapper); ``seed`` fixes
    every random choice.
    """

    def __init__(self, stdout, *, seed: int):
        self.stdout = stdout
        self.seed = seed

    def progress(self, label: str, total: int) -> ProgressBar:
        return ProgressBar(self.stdout, label, total)
