"""Column widths for a one-line-a-row table at any terminal width.

Every column starts at its least width (or its natural width, the widest cell or heading, when
that is smaller); the one flexible column (the quote, the title) starts at its floor. Then each
step of ``grow`` widens one column towards a target, in order, while room is left, and what
remains goes to the flexible column. A table wider than the room (a very narrow terminal, many
ledgers) shrinks the flexible column to 8, then the others from the last, to 3. Pure arithmetic:
``terminal`` draws the cells, cut with an ellipsis where their column ends.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

NATURAL = 10_000
"""A ``grow`` target meaning "as wide as the column's widest cell"."""


@dataclass(frozen=True)
class Column:
    natural: int  # the widest cell or heading
    least: int = NATURAL  # never narrower while the table fits (NATURAL: never cut)


def fit(
    room: int,
    columns: Sequence[Column],
    *,
    flex: int,
    floor: int,
    grow: Sequence[tuple[int, int]],
    gap: int = 1,
) -> list[int]:
    """Widths of ``columns`` in ``room`` characters, ``gap`` between two columns.

    ``flex`` is the index of the column that takes what is left, at least ``floor`` wide;
    ``grow`` lists (column index, target width) steps, taken in order.
    """
    room -= gap * (len(columns) - 1)
    widths = [min(c.least, c.natural) for c in columns]
    widths[flex] = min(floor, columns[flex].natural)
    left = room - sum(widths)
    for index, target in grow:
        if left <= 0:
            break
        more = max(0, min(target, columns[index].natural) - widths[index])
        widths[index] += min(more, left)
        left -= min(more, left)
    if left > 0:
        widths[flex] += min(left, max(0, columns[flex].natural - widths[flex]))
    elif left < 0:
        order = [flex, *reversed([i for i in range(len(columns)) if i != flex])]
        for index in order:
            least = 8 if index == flex else 3
            cut = min(-left, max(0, widths[index] - least))
            widths[index] -= cut
            left += cut
    return widths
