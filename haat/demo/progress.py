"""A text progress bar for the demo and bench data loaders."""


class ProgressBar:
    """A text progress bar, "[#####.....]  50% products 150/300".

    Redrawn in place on a terminal; written once, when done, to a file or a pipe. ``out``
    is a django OutputWrapper (a management command's stdout, or one around sys.stdout).
    """

    def __init__(self, out, label: str, total: int, width: int = 30):
        self.out, self.label, self.total, self.width = out, label, max(total, 0), width
        self.count = 0
        self.live = out.isatty()
        self._shown = -1
        self._draw()

    def _line(self) -> str:
        share = self.count / self.total if self.total else 1.0
        filled = round(share * self.width)
        bar = "#" * filled + "." * (self.width - filled)
        return f"[{bar}] {share:4.0%} {self.label} {self.count}/{self.total}"

    def _draw(self) -> None:
        percent = int(100 * self.count / self.total) if self.total else 100
        if self.live and percent != self._shown:
            self._shown = percent
            self.out.write("\r" + self._line(), ending="")
            self.out.flush()

    def advance(self, step: int = 1) -> None:
        self.count = min(self.total, self.count + step)
        self._draw()

    def done(self) -> None:
        self.count = self.total
        self.out.write(("\r" if self.live else "") + self._line())
