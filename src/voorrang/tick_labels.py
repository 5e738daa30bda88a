"""Numbers on chart axes as the reader writes them: ``0,25`` and ``1.500`` in Dutch, ``0.25``
and ``1,500`` in English.

matplotlib's own formatter always writes a decimal point, and its locale option reads the
process's C locale, which differs between machines; this one is given the separators, so the
same numbers and language give the same labels everywhere. Pure: no Django, no locale."""

from __future__ import annotations

import math
from collections.abc import Sequence

from matplotlib.ticker import Formatter

MAX_DECIMALS = 6


def decimals_for(values: Sequence[float]) -> int:
    """The fewest decimals that write every value exactly (up to float noise)."""
    for decimals in range(MAX_DECIMALS + 1):
        if all(
            math.isclose(round(v, decimals), v, rel_tol=0, abs_tol=10 ** -(decimals + 6))
            for v in values
        ):
            return decimals
    return MAX_DECIMALS


def format_number(value: float, decimals: int, *, decimal: str, thousands: str) -> str:
    """``value`` with ``decimals`` decimals, its whole part grouped by three."""
    text = f"{abs(value):,.{decimals}f}"
    if float(text.replace(",", "")) == 0:
        return text.replace(",", thousands).replace(".", decimal)  # no "-0"
    text = text.replace(",", "\0").replace(".", decimal).replace("\0", thousands)
    return f"-{text}" if value < 0 else text


class LocalisedTicks(Formatter):
    """Tick labels with the language's decimal and thousands separators; as many decimals as
    the ticks of the axis need, the same for all of them."""

    def __init__(self, *, decimal: str, thousands: str) -> None:
        self.decimal = decimal
        self.thousands = thousands
        self.decimals = 0

    def set_locs(self, locs: Sequence[float]) -> None:
        super().set_locs(locs)
        self.decimals = decimals_for(list(locs))

    def __call__(self, x: float, pos: int | None = None) -> str:
        return format_number(x, self.decimals, decimal=self.decimal, thousands=self.thousands)
