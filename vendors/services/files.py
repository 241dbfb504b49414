"""Files that follow their rows: removed once a deletion or replacement commits."""

import logging

logger = logging.getLogger(__name__)


def files_delete(storage, names: list[str]) -> None:
    """Delete stored files by name; a file already gone is not an error."""
    for name in names:
        if not name:
            continue
        try:
            storage.delete(name)
        except OSError:
            # Leaving one orphan is better than failing the request that removed its row.
            logger.warning("Could not delete stored file %s", name, exc_info=True)
