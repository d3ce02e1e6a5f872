"""The Kasat profile of a directorate (DIR-30.0, ING-REP-35/36): who counts as the unit head."""

from __future__ import annotations

import pytest

from core.reports.kasat import normalise_jabatan, profile_for


def test_normalisation_drops_separators_and_place_words_dir_30_0():
    assert normalise_jabatan("Kasat Binmas Polres Kediri Kota") == "KASAT BINMAS KEDIRI"
    assert normalise_jabatan(" kasat.binmas/polresta  malang-kab ") == "KASAT BINMAS MALANG"
    assert normalise_jabatan("POLRES: Kasat; Lantas\\Wilayah") == "KASAT LANTAS"
    assert normalise_jabatan(None) == ""


@pytest.mark.parametrize(
    ("client_id", "label", "jabatan", "matches"),
    [
        ("DITBINMAS", "Kasat Binmas", "KASAT BINMAS POLRES BLITAR", True),
        ("DITBINMAS", "Kasat Binmas", "Kasatbinmas Polres Blitar", True),
        ("DITBINMAS", "Kasat Binmas", "Polres - Kasat Binmas", True),  # place word removed first
        ("DITBINMAS", "Kasat Binmas", "Polres Blitar - Kasat Binmas", False),  # must start the jabatan
        ("DITBINMAS", "Kasat Binmas", "WAKASAT BINMAS", False),  # deputy
        ("DITBINMAS", "Kasat Binmas", "PJS KASAT BINMAS", False),  # acting head
        ("DITBINMAS", "Kasat Binmas", "KASAT BINMASX", False),  # word boundary
        ("DITBINMAS", "Kasat Binmas", "KANIT BINMAS", False),
        ("ditintelkam", "Kasat Intelkam", "KASAT INTELKAM", True),
        ("DITINTELKAM", "Kasat Intelkam", "Kasat Intel Polres Ngawi", True),
        ("DITINTELKAM", "Kasat Intelkam", "KASATINTEL", True),
        ("DITINTELKAM", "Kasat Intelkam", "KASAT INTELIJEN", False),
        ("DITLANTAS", "Kasat Lantas", "KASAT LANTAS", True),
        ("DITLANTAS", "Kasat Lantas", "KASAT BINMAS", False),  # another directorate's head
        ("DITSAMAPTA", "Kasat Samapta", "kasat samapta polres madiun kota", True),
        ("BIDHUMAS", "Kasi Humas", "KASI HUMAS POLRES JOMBANG", True),
        ("BIDHUMAS", "Kasi Humas", "KASUBSI HUMAS", False),
    ],
)
def test_profile_per_directorate_dir_30_0(client_id, label, jabatan, matches):
    profile = profile_for(client_id)
    assert profile is not None and profile.label == label
    assert profile.matches(jabatan) is matches


def test_directorate_without_a_profile_dir_30_0():
    assert profile_for("DITPOLAIRUD") is None
