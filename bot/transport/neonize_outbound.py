"""Outbound WhatsApp message shapes for neonize (CONV-15, DLV-7) and the DLV-12 error classes.

Images are built as neonize 0.5.2's own `NewAClient.build_image_message` builds them
(aioze/client.py: a JPEG thumbnail fitted into 200 px by `AspectRatioMethod`, the thumbnail fields
pointing at the upload) and additionally carry the picture's width and height, so WhatsApp shows a
preview at the right size before the download. Documents carry MIME type, file name, length and
the media-key fields of `upload` (DLV-7).
"""

from __future__ import annotations

from io import BytesIO
from typing import Any

from bot.transport.base import ErrorClass, SendError

THUMBNAIL_RES = 200  # neonize build_image_message: AspectRatioMethod(*img.size, res=200)


def parse_jid(chat_id: str) -> Any:
    from neonize.proto.Neonize_pb2 import JID

    local, _, server = chat_id.partition("@")
    if not local or not server:
        raise SendError(ErrorClass.PERMANENT, f"malformed jid {chat_id!r}")
    return JID(User=local, Server=server, Device=0, Integrator=0, RawAgent=0, IsEmpty=False)


def _media_fields(upload: Any, mimetype: str, caption: str | None) -> dict[str, Any]:
    fields: dict[str, Any] = dict(
        URL=upload.url,
        directPath=upload.DirectPath,
        fileEncSHA256=upload.FileEncSHA256,
        fileLength=upload.FileLength,
        fileSHA256=upload.FileSHA256,
        mediaKey=upload.MediaKey,
        mimetype=mimetype,
    )
    if caption:
        fields["caption"] = caption
    return fields


def image_message(upload: Any, content: bytes, mimetype: str, caption: str | None) -> Any:
    """An `imageMessage` with thumbnail, width and height; undecodable bytes → permanent error."""
    from neonize.proto.waE2E.WAWebProtobufsE2E_pb2 import ImageMessage, Message
    from neonize.utils.calc import AspectRatioMethod
    from PIL import Image, UnidentifiedImageError

    try:
        img = Image.open(BytesIO(content))
        width, height = img.size
        img.thumbnail(AspectRatioMethod(width, height, res=THUMBNAIL_RES))
        thumb = BytesIO()
        (img if img.mode == "RGB" else img.convert("RGB")).save(thumb, format="jpeg")
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise SendError(ErrorClass.PERMANENT, f"image cannot be read: {exc}") from exc
    return Message(
        imageMessage=ImageMessage(
            **_media_fields(upload, mimetype, caption),
            width=width,
            height=height,
            JPEGThumbnail=thumb.getvalue(),
            thumbnailDirectPath=upload.DirectPath,
            thumbnailEncSHA256=upload.FileEncSHA256,
            thumbnailSHA256=upload.FileSHA256,
        )
    )


def document_message(upload: Any, file_name: str, mimetype: str, caption: str | None) -> Any:
    from neonize.proto.waE2E.WAWebProtobufsE2E_pb2 import DocumentMessage, Message

    return Message(
        documentMessage=DocumentMessage(
            fileName=file_name, title=file_name, **_media_fields(upload, mimetype, caption)
        )
    )


# whatsmeow's error texts as neonize 0.5.2 hands them on (`SendMessageError(model.Error)`, the Go
# `err.Error()`): tulir/whatsmeow errors.go, send.go; all present in neonize-linux-amd64.so (whatsmeow
# v0.0.0-20260921121126). Checked in order: the first match decides. The reason code is what
# `last_error` carries after the class (DLV-12 names `not_in_group`).
_SEND_ERRORS: tuple[tuple[str, ErrorClass, str], ...] = (
    # ErrIQRateOverLimit "info query returned status 429: rate-overlimit"
    ("rate-overlimit", ErrorClass.RATE_LIMITED, "rate_limited"),
    ("status 429", ErrorClass.RATE_LIMITED, "rate_limited"),
    # ErrNotInGroup, wrapped by SendMessage as "failed to get group members: …" (IQ 403)
    ("you're not participating in that group", ErrorClass.PERMANENT, "not_in_group"),
    # ErrGroupNotFound (IQ 404)
    ("that group does not exist", ErrorClass.PERMANENT, "group_not_found"),
    # ErrUnknownServer, ErrBroadcastListUnsupported, ErrRecipientADJID, neonize's JID parse error
    ("can't send message to unknown server", ErrorClass.PERMANENT, "malformed_jid"),
    ("non-status broadcast lists", ErrorClass.PERMANENT, "malformed_jid"),
    ("must be a user jid with no device part", ErrorClass.PERMANENT, "malformed_jid"),
    ("error unmarshaling jid", ErrorClass.PERMANENT, "malformed_jid"),
    ("not on whatsapp", ErrorClass.PERMANENT, "not_on_whatsapp"),
    # ErrNotConnected, ErrNotLoggedIn, DisconnectedError ("websocket disconnected before … returned
    # response"), ErrClientIsNil: the session is not there, the row waits without an attempt
    ("websocket not connected", ErrorClass.SESSION_UNAVAILABLE, "not_connected"),
    ("websocket disconnected before", ErrorClass.SESSION_UNAVAILABLE, "not_connected"),
    ("the store doesn't contain a device jid", ErrorClass.SESSION_UNAVAILABLE, "not_logged_in"),
    ("client is nil", ErrorClass.SESSION_UNAVAILABLE, "not_connected"),
    # IQ 403/404 without a human wrapper (IQError.Error "info query returned status 403: forbidden")
    ("status 403: forbidden", ErrorClass.PERMANENT, "forbidden"),
    ("status 404: item-not-found", ErrorClass.PERMANENT, "not_found"),
    ("status 406: not-acceptable", ErrorClass.PERMANENT, "not_acceptable"),
)


def classify_send_error(exc: BaseException) -> tuple[ErrorClass, str]:
    """DLV-12 class and reason code of a failed send. Everything not listed (ErrIQTimedOut,
    ErrMessageTimedOut, ErrNoSession, ErrServerReturnedError "server returned error <code>", network
    errors) is `transient`: retried with back-off and dead-lettered when the attempts are used up."""
    text = str(exc).lower()
    for needle, error_class, code in _SEND_ERRORS:
        if needle in text:
            return error_class, code
    return ErrorClass.TRANSIENT, "send_failed"


def send_error(exc: BaseException) -> SendError:
    """`SendError` for a failed neonize call; the reason starts with the code, then whatsmeow's text."""
    error_class, code = classify_send_error(exc)
    return SendError(error_class, f"{code}: {str(exc)[:480]}")
