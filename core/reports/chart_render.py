"""PNG drawing for the chart report kinds (issue 21): matplotlib's Agg backend, offline.

matplotlib is imported inside `_new_figure()` only, so commands that draw nothing (`cicero --help`,
text reports) never pay its import time or memory. Every picture is 1200 px wide with large type,
because operators forward them to commanders who read them on a phone; colours come from
`core.reports.palette`, the one status palette the workbooks use too.
"""

from __future__ import annotations

import io
import textwrap
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from core.reports.formatting import fmt_pct, pct
from core.reports.palette import StatusColour, swatch
from core.timefmt import BULAN_PENDEK

if TYPE_CHECKING:
    from matplotlib.figure import Figure

WIDTH_PX = 1200
DPI = 100
FONT = 17
PNG_MIME = "image/png"
BAR_PX = 44  # one unit's row

# The words of the text recaps (Lengkap/Kurang/Belum), in the palette's colours.
STATUS_SERIES = (
    ("lengkap", "Lengkap", StatusColour.SUDAH),
    ("kurang", "Kurang", StatusColour.KURANG),
    ("belum", "Belum", StatusColour.BELUM),
    ("no_username", "Username kosong", StatusColour.KOSONG),
)


@dataclass(frozen=True)
class BarRow:
    """One bar: a unit (or division) and its status counts, as the text recap counts them."""

    name: str
    total: int
    lengkap: int
    kurang: int
    belum: int
    no_username: int
    note: str = ""  # extra words after the percentage, e.g. "12 link"

    @property
    def pct(self) -> float:
        return pct(self.lengkap, self.total)


@dataclass(frozen=True)
class TrendPoint:
    day: date
    value: float | None  # lengkap %; None: no content that day
    lengkap: int = 0
    total: int = 0


def _new_figure(**kw: Any) -> Figure:
    """A Figure on its own Agg canvas: no pyplot, so no global figure registry to leak or lock."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(**kw)
    FigureCanvasAgg(fig)
    return fig


def _png(fig: Figure) -> bytes:
    buf = io.BytesIO()
    # compress_level 3: a third of level 6's encoding time for a file ~15 % larger (issue 21 timing)
    fig.savefig(buf, format="png", dpi=DPI, metadata={"Software": None}, pil_kwargs={"compress_level": 3})
    return buf.getvalue()


def _wrap(text: str, width: int = 95) -> str:
    """Break between the caption's ` · ` parts, so no phrase (e.g. "Sat Intelkam") is split."""
    lines: list[str] = []
    for part in text.split(" · "):
        if lines and len(lines[-1]) + 3 + len(part) <= width:
            lines[-1] += f" · {part}"
        else:
            lines += textwrap.wrap(part, width) or [""]
    return "\n".join(lines)


def _figure(height_in: float, layout: str | None = "constrained") -> Figure:
    return _new_figure(figsize=(WIDTH_PX / DPI, height_in), dpi=DPI, layout=layout)


def _headings(fig: Figure, title: str, subtitle: str, caption: str) -> None:
    fig.suptitle(f"{title}\n{subtitle}", fontsize=FONT + 4, fontweight="bold", linespacing=1.3)
    if caption:
        fig.supxlabel(_wrap(caption), fontsize=FONT - 2, color="#333333", linespacing=1.3)


def sort_rows(rows: list[BarRow]) -> list[BarRow]:
    """Best first: lengkap %, then sudah share, then population, then name (stable for ties)."""
    return sorted(rows, key=lambda r: (-r.pct, -pct(r.lengkap + r.kurang, r.total), -r.total, r.name))


def units_png(rows: list[BarRow], *, title: str, subtitle: str, caption: str) -> bytes:
    """Horizontal stacked bars of status shares per unit, sorted, the lengkap % printed per bar."""
    rows = sort_rows(rows)
    n = max(len(rows), 1)
    wrapped = _wrap(caption)
    # Margins in pixels, not constrained layout: its extra layout passes doubled the 40-unit render time.
    top, bottom = 150, 60 + 28 * (wrapped.count("\n") + 1)
    height = top + bottom + BAR_PX * n
    fig = _figure(height / DPI, layout=None)
    ax = fig.add_subplot()
    ys = list(range(len(rows)))
    # One PolyCollection for every segment: 4 x 40 Rectangle patches cost a third of the render time.
    from matplotlib.collections import PolyCollection
    from matplotlib.patches import Patch

    polys, colours = [], []
    for y, r in zip(ys, rows, strict=True):
        x = 0.0
        for attr, _, colour in STATUS_SERIES:
            w = pct(getattr(r, attr), r.total)
            if w > 0:
                polys.append([(x, y - 0.36), (x + w, y - 0.36), (x + w, y + 0.36), (x, y + 0.36)])
                colours.append(swatch(colour).ink_hex)
            x += w
    ax.add_collection(PolyCollection(polys, facecolors=colours, edgecolors="none"))
    ax.set_ylim(n - 0.5, -0.5)  # best first, at the top (n >= 1: an empty population still draws)
    labels = []
    for y, r in zip(ys, rows, strict=True):
        words = f"{fmt_pct(r.pct, 1)}%  ({r.lengkap} dari {r.total} pers)"
        if r.note:
            words += f" · {r.note}"
        labels.append(ax.text(101.5, y, words, va="center", ha="left", fontsize=FONT - 1))
    ax.set_yticks(ys, [r.name for r in rows], fontsize=FONT - 1)
    ax.set_xticks([0, 25, 50, 75, 100], ["0%", "25%", "50%", "75%", "100%"], fontsize=FONT - 3)
    ax.tick_params(axis="y", length=0)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.grid(axis="x", color="#DDDDDD", linewidth=0.8)
    ax.set_axisbelow(True)
    ax.legend(
        handles=[Patch(color=swatch(c).ink_hex, label=label) for _, label, c in STATUS_SERIES],
        loc="lower left", bbox_to_anchor=(0, 1.0), ncol=4, fontsize=FONT - 2, frameon=False,
        handlelength=1.2, borderaxespad=0.3,
    )  # fmt: skip
    renderer = fig.canvas.get_renderer()
    label_px = max((t.get_window_extent(renderer).width for t in ax.get_yticklabels()), default=0)
    fig.subplots_adjust(
        left=(label_px + 24) / WIDTH_PX, right=0.985, top=1 - top / height, bottom=bottom / height
    )
    # Widen the x range until the longest "72,0% (18 dari 25 pers) · 12 link" fits right of 100 %.
    axes_px = ax.get_position().width * WIDTH_PX
    right_px = max((t.get_window_extent(renderer).width for t in labels), default=0) + 12
    ax.set_xlim(0, 101.5 * axes_px / max(axes_px - right_px, axes_px * 0.3))
    fig.suptitle(f"{title}\n{subtitle}", y=1 - 8 / height, va="top", fontsize=FONT + 4, fontweight="bold",
                 linespacing=1.3)  # fmt: skip
    fig.text(
        0.5,
        12 / height,
        wrapped,
        ha="center",
        va="bottom",
        fontsize=FONT - 2,
        color="#333333",
        linespacing=1.3,
    )
    return _png(fig)


def _day_label(d: date) -> str:
    return f"{d.day} {BULAN_PENDEK[d.month - 1]}"


def trend_png(points: list[TrendPoint], *, title: str, subtitle: str, caption: str) -> bytes:
    """Daily lengkap % as a line; days without content are marked, not drawn as 0%."""
    fig = _figure(7.5)
    ax = fig.add_subplot()
    xs = list(range(len(points)))
    ink = swatch(StatusColour.SUDAH).ink_hex
    ax.plot(xs, [p.value for p in points], color=ink, linewidth=3, marker="o", markersize=8)
    label_all = len(points) <= 10
    shown = [p.value for p in points if p.value is not None]
    for x, p in zip(xs, points, strict=True):
        if p.value is None and label_all:
            ax.text(x, 2, "tanpa\nkonten", ha="center", va="bottom", fontsize=FONT - 6, color="#666666")
        elif p.value is None:  # 30 labels side by side overlap: a grey column per empty day instead
            ax.axvspan(x - 0.5, x + 0.5, color="#EEEEEE", zorder=0)
        elif label_all or p.value in (max(shown), min(shown)) or x == xs[-1]:
            ax.annotate(
                f"{fmt_pct(p.value, 1)}%", (x, p.value), textcoords="offset points", xytext=(0, 10),
                ha="center", fontsize=FONT - 3 if label_all else FONT - 5,
            )  # fmt: skip
    step = 1 if len(points) <= 10 else 3
    ticks = xs[::-1][::step][::-1]  # counted from the last day, so today is always labelled
    ax.set_xticks(
        ticks,
        [_day_label(points[x].day) for x in ticks],
        fontsize=FONT - 3,
        rotation=0 if step == 1 else 45,
    )
    if not label_all and len(shown) < len(points):
        ax.text(0, 1.0, "kolom abu-abu = hari tanpa konten", transform=ax.transAxes, ha="left", va="bottom",
                fontsize=FONT - 5, color="#666666")  # fmt: skip
    ax.set_ylim(0, 112)
    ax.set_yticks([0, 25, 50, 75, 100], ["0%", "25%", "50%", "75%", "100%"], fontsize=FONT - 3)
    ax.set_ylabel("Personel lengkap", fontsize=FONT - 2)
    ax.grid(axis="y", color="#DDDDDD", linewidth=0.8)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    _headings(fig, title, subtitle, caption)
    return _png(fig)
