"""One colour per attendance status, shared by every workbook and chart (ING-XLS-1, ING-XLS-7).

Excel cells take `fill` (a light background, `RRGGBB` as openpyxl wants it) with `ink` as the
text colour; a chart takes `ink` for bars and lines. The Sudah/Belum fills are the ones ING-XLS-7
fixes (`C6EFCE`, `F8CBAD`); Kurang and Username kosong follow Excel's own "Neutral" and grey, so a
reader who knows Excel's traffic lights reads them without a legend.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class StatusColour(StrEnum):
    SUDAH = "sudah"  # engaged with every post counted (lengkap), or a 1 in a per-post column
    KURANG = "kurang"  # engaged with some posts, not all
    BELUM = "belum"  # engaged with none
    KOSONG = "kosong"  # no username on the platform, so nothing could be counted


@dataclass(frozen=True)
class Swatch:
    fill: str  # RRGGBB, cell background
    ink: str  # RRGGBB, text on that fill; bars and lines of a chart
    label: str  # the word a legend shows

    @property
    def fill_hex(self) -> str:
        return f"#{self.fill}"

    @property
    def ink_hex(self) -> str:
        return f"#{self.ink}"


PALETTE: dict[StatusColour, Swatch] = {
    StatusColour.SUDAH: Swatch(fill="C6EFCE", ink="006100", label="Sudah"),
    StatusColour.KURANG: Swatch(fill="FFEB9C", ink="9C5700", label="Kurang"),
    StatusColour.BELUM: Swatch(fill="F8CBAD", ink="9C0006", label="Belum"),
    StatusColour.KOSONG: Swatch(fill="D9D9D9", ink="404040", label="Username kosong"),
}


def swatch(status: StatusColour) -> Swatch:
    return PALETTE[status]
