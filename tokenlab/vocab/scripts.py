"""What a vocabulary is made of: every entry with its kind and its Unicode script.

An entry's *class* says what it does in text, from its bytes alone:

    b" the" -> "word-initial"    b"ing" -> "continuation"    b"\\n\\n" -> "whitespace"
    b"123"  -> "digits"          b"');" -> "punctuation"     b"_paths" -> "mixed"
    (punctuation includes symbols and control characters)
    b"\\xe0\\xa4" -> "partial UTF-8" (a byte-level BPE piece of a character)

plus "byte fallback" (SentencePiece <0x41> pieces) and "special" (control and unknown tokens),
which the tokenizer itself declares. Its *script* is the Unicode script most of its letters are
in ("Latin", "Han", "Cyrillic"), or "no letters". WordPiece (BERT) drops its "##" continuation
mark from the bytes, so its continuations are read from the library's own token strings.
"""

from __future__ import annotations

from collections import Counter

import polars as pl
import regex

from tokenlab.text.segment import TokenKind
from tokenlab.text.unicode_scripts import SCRIPT_NAMES, UNKNOWN_SCRIPT, script_of
from tokenlab.tokenizers.base import Tokenizer

CLASSES = (
    "word-initial",
    "continuation",
    "whitespace",
    "digits",
    "punctuation",
    "mixed",
    "partial UTF-8",
    "byte fallback",
    "special",
)
NO_LETTERS = "no letters"
OTHER_SCRIPT = "other letters"
#: Columns of a vocabulary table, one row per entry in id order; "text" shows a partial character
#: as its bytes ("\\xe0\\xa4"), "n_chars" counts it as one U+FFFD.
TABLE_SCHEMA = {
    "id": pl.Int64,
    "bytes": pl.Binary,
    "text": pl.String,
    "n_bytes": pl.Int32,
    "n_chars": pl.Int32,
    "class": pl.String,
    "script": pl.String,
}


def token_text(raw: bytes) -> str | None:
    """The entry as text, or None when its bytes are not whole UTF-8 characters."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return None


_DIGITS = regex.compile(r"\s*\p{Nd}+")
_PUNCTUATION = regex.compile(r"\s*[\p{P}\p{S}\p{C}\p{Z}]+")  # symbols and control characters too
_LETTERS = regex.compile(r"(\s*)[\p{L}\p{M}]+")


def token_class(raw: bytes, kind: TokenKind = TokenKind.NORMAL, continuation: bool | None = None) -> str:
    """The class of one entry (see the module docstring); `continuation` overrides the leading-space
    rule for tokenizers that mark continuations another way (WordPiece "##")."""
    if kind in (TokenKind.SPECIAL, TokenKind.UNKNOWN):
        return "special"
    if kind is TokenKind.BYTE_FALLBACK:
        return "byte fallback"
    text = token_text(raw)
    if text is None:
        return "partial UTF-8"
    if text.isspace():
        return "whitespace"
    if letters := _LETTERS.fullmatch(text):
        if continuation is not None:
            return "continuation" if continuation else "word-initial"
        return "word-initial" if letters.group(1) else "continuation"
    if _DIGITS.fullmatch(text):
        return "digits"
    if _PUNCTUATION.fullmatch(text):
        return "punctuation"
    return "mixed"


def script_label(code: str | None) -> str:
    """Display name of an ISO 15924 code from `unicode_scripts` ("Latn" -> "Latin")."""
    if code is None:
        return NO_LETTERS
    if code == UNKNOWN_SCRIPT:
        return OTHER_SCRIPT
    return SCRIPT_NAMES.get(code, OTHER_SCRIPT).replace("_", " ")


def token_script(text: str) -> str:
    """The script most letters of `text` are in, by display name; "no letters" if it has none.

    token_script(" Всеобщая") -> "Cyrillic";  token_script("123") -> "no letters"
    """
    if text.isascii():  # most entries of most vocabularies: skip the per-character lookup
        return "Latin" if any(char.isalpha() for char in text) else NO_LETTERS
    counts = Counter(code for code in map(script_of, text) if code is not None)
    return script_label(counts.most_common(1)[0][0] if counts else None)


def visible(text: str) -> str:
    """`text` with whitespace made visible for tables: " the" -> "␣the", "\\n" -> "↵"."""
    return text.translate(_VISIBLE)


_VISIBLE = str.maketrans({" ": "␣", "\n": "↵", "\t": "⇥", "\r": "␍"})


def _continuations(tokenizer: Tokenizer) -> dict[int, bool] | None:
    """For WordPiece, which ids carry the "##" mark (the bytes do not show it); else None."""
    library = getattr(tokenizer, "library_tokenizer", None)
    if library is None or "WordPiece" not in tokenizer.algorithm:
        return None
    return {token_id: (library.id_to_token(token_id) or "").startswith("##") for token_id in tokenizer.vocab()}


def vocab_table(tokenizer: Tokenizer) -> pl.DataFrame:
    """Every entry of `tokenizer` with its text, lengths, class and script (TABLE_SCHEMA).

    Built column by column: a tuple per row would cost one more object per entry, and this
    runs in the app's server for vocabularies of up to 262K entries (a third less peak memory,
    and faster).
    """
    continuations = _continuations(tokenizer) or {}
    vocab = tokenizer.vocab()
    ids = sorted(vocab)
    raws = [vocab[token_id] for token_id in ids]
    kinds = [tokenizer.token_kind(token_id) for token_id in ids]
    texts = [raw.decode("utf-8", errors="replace") for raw in raws]
    classes = [
        token_class(raw, kind, continuations.get(token_id))
        for token_id, raw, kind in zip(ids, raws, kinds, strict=True)
    ]
    scripts = [
        NO_LETTERS if kind is not TokenKind.NORMAL else token_script(text)
        for kind, text in zip(kinds, texts, strict=True)
    ]
    # Partial characters are shown as their bytes ("\\xe0\\xa4"), not as a row of "�".
    shown = [
        raw.decode("utf-8", errors="backslashreplace") if class_ == "partial UTF-8" else text
        for raw, text, class_ in zip(raws, texts, classes, strict=True)
    ]
    columns = {
        "id": ids,
        "bytes": raws,
        "text": shown,
        "n_bytes": list(map(len, raws)),
        "n_chars": list(map(len, texts)),
        "class": classes,
        "script": scripts,
    }
    return pl.DataFrame(columns, schema=TABLE_SCHEMA)


def split_by(table: pl.DataFrame, column: str, examples: int = 8) -> pl.DataFrame:
    """Entries per value of `column` ("class" or "script"): count, share and the first `examples`
    entries by id (in BPE, the earliest merges: the most frequent pieces), largest group first."""
    return (
        table.group_by(column)
        .agg(pl.len().alias("entries"), pl.col("text").sort_by("id").head(examples).alias("examples"))
        .with_columns(
            pl.col("examples").map_elements(lambda texts: [visible(t) for t in texts], return_dtype=pl.List(pl.String))
        )
        .with_columns((pl.col("entries") / len(table)).alias("share"))
        .sort(["entries", column], descending=[True, False])
        .select(column, "entries", "share", "examples")
    )
