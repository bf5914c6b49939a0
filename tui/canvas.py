"""A braille canvas: 2×4 dots per terminal cell, a colour per cell, text laid over it.

Pure Rich, no Textual, so the map and the distance plot share it and tests can read
it as plain text. Dots are addressed (x, y) from the top-left, x < 2·cols, y < 4·rows;
points off the canvas are dropped silently (a pan can put towns off screen).
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text

_BRAILLE = 0x2800
_DOT_BITS = ((0x01, 0x08), (0x02, 0x10), (0x04, 0x20), (0x40, 0x80))
"""_DOT_BITS[y % 4][x % 2]: the bit of that dot inside one braille character."""


class BrailleCanvas:
    """A grid of `cols` × `rows` cells. The last colour drawn into a cell is its colour."""

    def __init__(self, cols: int, rows: int) -> None:
        self.cols = max(0, cols)
        self.rows = max(0, rows)
        self._bits = [[0] * self.cols for _ in range(self.rows)]
        self._style: list[list[Style | str]] = [[""] * self.cols for _ in range(self.rows)]
        self._text: list[list[tuple[str, Style | str] | None]] = [
            [None] * self.cols for _ in range(self.rows)
        ]

    @property
    def width(self) -> int:
        """Dots across."""
        return self.cols * 2

    @property
    def height(self) -> int:
        """Dots down."""
        return self.rows * 4

    def dot(self, x: float, y: float, style: Style | str = "") -> None:
        ix, iy = round(x), round(y)
        if not (0 <= ix < self.width and 0 <= iy < self.height):
            return
        col, row = ix // 2, iy // 4
        self._bits[row][col] |= _DOT_BITS[iy % 4][ix % 2]
        if style:
            self._style[row][col] = style

    def line(self, x0: float, y0: float, x1: float, y1: float, style: Style | str = "") -> None:
        """A straight line of dots (a step per dot along the longer axis)."""
        steps = int(max(abs(x1 - x0), abs(y1 - y0))) + 1
        for i in range(steps + 1):
            t = i / steps
            self.dot(x0 + (x1 - x0) * t, y0 + (y1 - y0) * t, style)

    def blob(self, x: float, y: float, style: Style | str = "") -> None:
        """A 2×2 block of dots: a point that stays visible among lines."""
        for dx in (0, 1):
            for dy in (0, 1):
                self.dot(x + dx - 0.5, y + dy - 0.5, style)

    def is_free(self, col: int, row: int, length: int) -> bool:
        """Whether `length` cells from (col, row) are on the canvas and carry no text yet."""
        if not (0 <= row < self.rows and col >= 0 and col + length <= self.cols):
            return False
        return all(self._text[row][c] is None for c in range(col, col + length))

    def write(self, col: int, row: int, text: str, style: Style | str = "") -> None:
        """Text over the dots, one character per cell, clipped at the canvas edge."""
        if not 0 <= row < self.rows:
            return
        for i, char in enumerate(text):
            c = col + i
            if 0 <= c < self.cols:
                self._text[row][c] = (char, style)

    def lines(self) -> list[Text]:
        out: list[Text] = []
        for row in range(self.rows):
            text = Text(no_wrap=True, overflow="crop")
            for col in range(self.cols):
                over = self._text[row][col]
                if over is not None:
                    text.append(over[0], over[1])
                    continue
                bits = self._bits[row][col]
                text.append(chr(_BRAILLE + bits) if bits else " ", self._style[row][col])
            out.append(text)
        return out

    def render(self) -> Text:
        return Text("\n", no_wrap=True).join(self.lines())

    def plain(self) -> str:
        return "\n".join(line.plain for line in self.lines())
