"""Reason codes of the amplification-link service and their one-line Indonesian phrases (CONV-255).

Both channels (WhatsApp and HTTP, CONV-257) answer with these exact phrases, so an HTTP 400
`message` and a WhatsApp reply never disagree.
"""

from __future__ import annotations

from enum import StrEnum


class Reason(StrEnum):
    NOT_REGISTERED = "not_registered"
    UNRESOLVED_SENDER = "unresolved_sender"
    USER_INACTIVE = "user_inactive"
    CLIENT_INACTIVE = "client_inactive"
    AMPLIFY_DISABLED = "amplify_disabled"
    NO_OPEN_TASKS = "no_open_tasks"
    POST_NOT_FOUND = "post_not_found"
    PLATFORM_MISMATCH = "platform_mismatch"
    NO_AMPLIFICATION_LINK = "no_amplification_link"
    PROFILE_LINK = "profile_link"
    UNSUPPORTED_PLATFORM = "unsupported_platform"
    UNSUPPORTED_LINK_KIND = "unsupported_link_kind"
    UNRESOLVED_SHORT_LINK = "unresolved_short_link"
    TASK_EXPIRED = "task_expired"
    OFFICIAL_OTHER_CLIENT = "official_other_client"
    KHUSUS_INSTAGRAM_ONLY = "khusus_instagram_only"
    DUPLICATE_PLATFORM = "duplicate_platform"
    LINK_USED_ELSEWHERE = "link_used_elsewhere"
    ALREADY_RECORDED = "already_recorded"
    TOO_MANY_LINKS = "too_many_links"
    ACCOUNT_MISMATCH = "account_mismatch"
    BEFORE_FIRST_TASK = "before_first_task"
    # service-level outcomes outside the per-link table
    NO_LINK = "no_link"
    RATE_LIMITED = "rate_limited"
    REPORT_NOT_FOUND = "report_not_found"


PHRASES: dict[Reason, str] = {
    Reason.NOT_REGISTERED: "nomor WhatsApp ini belum terdaftar sebagai personel",
    Reason.UNRESOLVED_SENDER: "nomor pengirim belum dapat dikenali, kirim ulang beberapa saat lagi",
    Reason.USER_INACTIVE: "akun personel Anda berstatus nonaktif",
    Reason.CLIENT_INACTIVE: "satuan Anda sedang tidak aktif di Cicero",
    Reason.AMPLIFY_DISABLED: "fitur amplifikasi belum diaktifkan untuk satuan Anda",
    Reason.NO_OPEN_TASKS: "tidak ada tugas amplifikasi yang terbuka pada periode ini",
    Reason.POST_NOT_FOUND: "post tersebut bukan tugas amplifikasi",
    Reason.PLATFORM_MISMATCH: "link tidak sesuai dengan kolom platformnya",
    Reason.NO_AMPLIFICATION_LINK: "hanya link post resmi, belum ada link amplifikasi Anda",
    Reason.PROFILE_LINK: "link profil/halaman/kanal, bukan link postingan",
    Reason.UNSUPPORTED_PLATFORM: "platform tidak didukung (hanya Facebook, Instagram, X/Twitter, TikTok, YouTube)",
    Reason.UNSUPPORTED_LINK_KIND: "jenis halaman ini bukan postingan",
    Reason.UNRESOLVED_SHORT_LINK: "link pendek tidak dapat dibuka",
    Reason.TASK_EXPIRED: "post resmi satuan Anda di luar periode pelaporan",
    Reason.OFFICIAL_OTHER_CLIENT: "post resmi milik satuan lain",
    Reason.KHUSUS_INSTAGRAM_ONLY: "tugas khusus hanya menerima link Instagram",
    Reason.DUPLICATE_PLATFORM: "sudah ada link lain untuk platform yang sama dalam pesan ini",
    Reason.LINK_USED_ELSEWHERE: "link ini sudah tercatat untuk tugas atau personel lain",
    Reason.ALREADY_RECORDED: "sudah tercatat sebelumnya (tidak berubah)",
    Reason.TOO_MANY_LINKS: "melebihi batas jumlah link per pesan, tidak diproses",
    Reason.ACCOUNT_MISMATCH: "peringatan: link memakai akun lain dari akun yang terdaftar",
    Reason.BEFORE_FIRST_TASK: "link sebelum link post resmi pertama, tidak jelas untuk tugas mana",
    Reason.NO_LINK: "minimal satu link wajib diisi",
    Reason.RATE_LIMITED: "terlalu banyak laporan link dalam satu jam, coba lagi nanti",
    Reason.REPORT_NOT_FOUND: "Laporan link tidak ditemukan",
}

# Per-link reasons that do not stop a link from being kept (CONV-250: `already_recorded` is shown
# as unchanged, `account_mismatch` is a warning on an accepted link).
INFORMATIVE = frozenset({Reason.ALREADY_RECORDED, Reason.ACCOUNT_MISMATCH})


def phrase(reason: Reason | str) -> str:
    return PHRASES[Reason(reason)]


class LinkReportRejected(Exception):
    """A whole report refused for one reason (eligibility, no task, HTTP-level rules)."""

    def __init__(self, reason: Reason, detail: str | None = None) -> None:
        super().__init__(reason.value)
        self.reason = reason
        self.detail = detail

    @property
    def message(self) -> str:
        return self.detail or phrase(self.reason)
