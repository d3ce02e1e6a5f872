"""Mail contents (JOB-62, JOB-63): subject, plain text and a small HTML alternative."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Mail:
    subject: str
    text: str
    html: str


def _html(paragraphs: list[str]) -> str:
    body = "".join(f"<p>{html.escape(p).replace(chr(10), '<br>')}</p>" for p in paragraphs)
    return f'<!doctype html><html><body style="font-family:sans-serif">{body}</body></html>'


def otp_mail(code: str, ttl_minutes: int = 5) -> Mail:
    """JOB-62 / API-26: the code on its own first line, validity, purpose, do-not-share, ignore note."""
    paragraphs = [
        f"Kode OTP Anda: {code}",
        f"Kode ini berlaku selama {ttl_minutes} menit dan dipakai untuk mengonfirmasi pembaruan data "
        "personil Anda di Cicero.",
        "Jangan berikan kode ini kepada siapa pun, termasuk orang yang mengaku sebagai petugas.",
        "Jika Anda tidak meminta kode ini, abaikan saja email ini.",
    ]
    return Mail("Kode OTP Anda", "\n\n".join(paragraphs) + "\n", _html(paragraphs))


def complaint_mail(reporter_name: str, whatsapp_text: str) -> Mail:
    """JOB-63: the WhatsApp complaint response, WhatsApp bold/italic markers removed."""
    plain = re.sub(r"[*_~]", "", whatsapp_text).strip()
    paragraphs = [p for p in plain.split("\n\n") if p.strip()]
    return Mail(f"Tindak Lanjut Laporan Cicero - {reporter_name}", plain + "\n", _html(paragraphs))


def text_mail(subject: str, text: str) -> Mail:
    """A queued mail (JOB-64 stores only the plain text): the HTML alternative is rebuilt from it."""
    paragraphs = [p for p in text.strip().split("\n\n") if p.strip()]
    return Mail(subject, text, _html(paragraphs))
