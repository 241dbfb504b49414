"""The SMS backend of the benchmark: sends nothing, so a fan-out measures our own work."""


class NullSMSBackend:
    """Drop every message (the real backends are the network's business, not ours)."""

    def send(self, phone: str, text: str) -> None:
        return None
