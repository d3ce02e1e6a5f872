"""Email transport against real aiosmtpd servers: STARTTLS, implicit TLS, login, retries (JOB-60 … JOB-62)."""

from __future__ import annotations

import shutil
import socket
import ssl
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

import core.email.sender as sender_module
from core.config import Settings
from core.email import EmailError, EmailSender, complaint_mail, otp_mail


def _port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def tls_context(tmp_path_factory: pytest.TempPathFactory) -> ssl.SSLContext:
    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make a throw-away certificate")
    folder: Path = tmp_path_factory.mktemp("tls")
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(folder / "key.pem"), "-out", str(folder / "cert.pem")],
        check=True, capture_output=True,
    )  # fmt: skip
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(folder / "cert.pem", folder / "key.pem")
    return context


class Recorder:
    def __init__(self, replies: list[str] | None = None) -> None:
        self.replies = list(replies or [])
        self.received: list[bytes] = []
        self.logins: list[tuple[bytes, bytes]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        if self.replies:
            return self.replies.pop(0)
        self.received.append(envelope.content)
        return "250 OK"

    def authenticate(
        self, server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any
    ) -> AuthResult:
        assert isinstance(auth_data, LoginPassword)
        self.logins.append((auth_data.login, auth_data.password))
        return AuthResult(success=auth_data.password == b"rahasia-smtp")


@pytest.fixture
def serve() -> Iterator[Any]:
    started: list[Controller] = []

    def start(recorder: Recorder, **kwargs: Any) -> int:
        port = _port()
        controller = Controller(recorder, hostname="127.0.0.1", port=port, **kwargs)
        controller.start()
        started.append(controller)
        return port

    yield start
    for controller in started:
        controller.stop()


def _settings(port: int, **extra: Any) -> Settings:
    return Settings(
        smtp_host="127.0.0.1", smtp_port=port, smtp_from="cicero@contoh.com", smtp_timeout_s=5, **extra
    )


async def test_job60_starttls_with_login(serve, tls_context: ssl.SSLContext) -> None:
    recorder = Recorder()
    port = serve(
        recorder, tls_context=tls_context, require_starttls=True, authenticator=recorder.authenticate,
        auth_require_tls=True,
    )  # fmt: skip
    settings = _settings(port, smtp_tls="starttls", smtp_tls_verify=False, smtp_user="cicero",
                         smtp_pass="rahasia-smtp")  # fmt: skip
    await EmailSender(settings).send("Anggota@Contoh.com", otp_mail("654321"))
    assert recorder.logins == [(b"cicero", b"rahasia-smtp")]
    assert b"Kode OTP Anda: 654321" in recorder.received[0]


async def test_job60_starttls_is_mandatory(serve) -> None:
    """A server without STARTTLS is an error: credentials are never sent in clear."""
    recorder = Recorder()
    port = serve(recorder, auth_require_tls=False, authenticator=recorder.authenticate)
    settings = _settings(port, smtp_tls="starttls", smtp_user="cicero", smtp_pass="rahasia-smtp")
    with pytest.raises(EmailError):
        await EmailSender(settings).send("a@contoh.com", otp_mail("111111"))
    assert recorder.logins == [] and recorder.received == []


async def test_job60_implicit_tls(serve, tls_context: ssl.SSLContext) -> None:
    recorder = Recorder()
    port = serve(recorder, ssl_context=tls_context)
    await EmailSender(_settings(port, smtp_tls="ssl", smtp_tls_verify=False)).send(
        "a@contoh.com", otp_mail("222222")
    )
    assert len(recorder.received) == 1


async def test_job62_transient_reply_is_retried_permanent_is_not(serve, monkeypatch) -> None:
    monkeypatch.setattr(sender_module, "RETRY_DELAY_S", 0.01)
    transient = Recorder(["451 4.3.0 coba lagi"])
    port = serve(transient)
    await EmailSender(_settings(port, smtp_tls="none")).send("a@contoh.com", otp_mail("333333"))
    assert len(transient.received) == 1
    permanent = Recorder(["550 5.1.1 tidak ada", "550 5.1.1 tidak ada"])
    port = serve(permanent)
    with pytest.raises(EmailError) as failure:
        await EmailSender(_settings(port, smtp_tls="none")).send("a@contoh.com", otp_mail("444444"))
    assert failure.value.refused is False
    assert permanent.replies == ["550 5.1.1 tidak ada"]  # one attempt only


async def test_job63_complaint_mail_plain_and_html(serve) -> None:
    recorder = Recorder()
    port = serve(recorder)
    mail = complaint_mail("BUDI", "*Tindak lanjut*\n\nMasalah: _akun_ belum tercatat")
    assert (
        mail.subject == "Tindak Lanjut Laporan Cicero - BUDI"
        and "*" not in mail.text
        and "_" not in mail.text
    )
    await EmailSender(_settings(port, smtp_tls="none")).send("a@contoh.com", mail)
    raw = recorder.received[0]
    assert b"text/plain" in raw and b"text/html" in raw
