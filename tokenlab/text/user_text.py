"""Text that users paste or upload, checked before any tokenizer sees it.

Uploads are bytes of unknown origin: they must be UTF-8 text (a BOM is allowed), not a binary
file renamed to .txt. Text longer than the app's limit is clipped with a notice, never
silently: counts are exact for what is shown.
"""

from __future__ import annotations

from tokenlab import settings
from tokenlab.errors import InvalidTextError


def decode_text_upload(data: bytes, filename: str) -> str:
    """The text of an uploaded file, or InvalidTextError saying why it is not text."""
    if b"\x00" in data[:8192]:
        raise InvalidTextError(f"{filename} looks like a binary file, not text. Upload a UTF-8 .txt file.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InvalidTextError(
            f"{filename} is not UTF-8 text (byte {error.start} is 0x{data[error.start]:02X}). "
            "Save it as UTF-8 and upload it again."
        ) from None


def clip_text(text: str, limit: int = settings.MAX_TEXT_CHARS) -> tuple[str, str | None]:
    """`text` cut to `limit` characters, and a notice when it was cut (else None)."""
    if len(text) <= limit:
        return text, None
    return text[:limit], (
        f"The text has {len(text):,} characters; tokenlab segments up to {limit:,} at a time, "
        f"so only the first {limit:,} are shown and counted."
    )
