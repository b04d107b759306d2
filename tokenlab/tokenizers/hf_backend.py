"""Hugging Face `tokenizers` backend: any tokenizer.json (BPE, WordPiece, Unigram).

The library already reports character offsets into the original text, through its
normalizer, so spans come straight from it. What it does not give is each token's bytes: a
vocabulary entry is a string in one of three spellings, decoded here once per tokenizer:

- byte-level BPE (GPT-2, Qwen, DeepSeek): each byte is one printable character, "Ġ" = b" ";
- SentencePiece-style (Llama 2, Gemma): "▁" is a space and "<0xE3>" is one raw byte;
- WordPiece (BERT): "##" marks a continuation and is not part of the text.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from functools import cache, cached_property
from itertools import chain

import numpy as np
from tokenizers import Encoding
from tokenizers import Tokenizer as HFTokenizerModel

from tokenlab.errors import TokenizerLoadError
from tokenlab.text.segment import TokenKind, check_text
from tokenlab.tokenizers.base import SpanArrays, Tokenizer, TokenizerInfo

_BYTE_PIECE = re.compile(r"<0x([0-9A-Fa-f]{2})>")


@cache
def _byte_level_translation() -> tuple[frozenset[str], dict[int, int]]:
    """The byte-level alphabet, and a `str.translate` table that turns its characters into
    the latin-1 characters of their bytes: one C-level pass per token instead of one Python
    step per character (a 262K vocabulary is decoded in one go for corpus profiling)."""
    alphabet = _byte_level_alphabet()
    return frozenset(alphabet), {ord(char): byte for char, byte in alphabet.items()}


@cache
def _byte_level_alphabet() -> dict[str, int]:
    """GPT-2's byte-to-character table, inverted: "Ġ" -> 32."""
    printable = [*range(ord("!"), ord("~") + 1), *range(ord("¡"), ord("¬") + 1), *range(ord("®"), ord("ÿ") + 1)]
    chars = list(printable)
    extra = 0
    for byte in range(256):
        if byte not in printable:
            printable.append(byte)
            chars.append(256 + extra)
            extra += 1
    return {chr(char): byte for byte, char in zip(printable, chars, strict=True)}


#: What every Hugging Face tokenizer.json holds at its top level.
_TOKENIZER_JSON_KEYS = ("model", "pre_tokenizer", "normalizer")


def _not_a_tokenizer_json(raw: str, origin: str, error: Exception) -> str:
    """Why `raw` failed to load, in the visitor's terms: not JSON at all, JSON that is some other
    file (a config.json, a tokenizer_config.json), or a tokenizer.json the library rejects."""
    upload = "Upload the tokenizer.json from the model's files (not its config.json or tokenizer_config.json)."
    try:
        document = json.loads(raw)
    except json.JSONDecodeError as not_json:
        return f"{origin} is not JSON (line {not_json.lineno}, column {not_json.colno}: {not_json.msg}). {upload}"
    if not isinstance(document, dict) or "model" not in document:
        if not isinstance(document, dict):
            found = f"it holds a {type(document).__name__}"
        elif not document:
            found = "it is empty"
        else:
            found = f"its top-level keys are {', '.join(list(document)[:6])}{', ...' if len(document) > 6 else ''}"
        return (
            f"{origin} is JSON but not a tokenizer.json: a tokenizer.json has {', '.join(_TOKENIZER_JSON_KEYS)} "
            f"sections, and {found}. {upload}"
        )
    return f"{origin} is not a valid tokenizer.json: {error}"


def parse_tokenizer_json(raw: str, origin: str) -> HFTokenizerModel:
    """A tokenizers.Tokenizer from tokenizer.json text, ready for read-only shared use."""
    try:
        model = HFTokenizerModel.from_str(raw)
    except Exception as error:  # the Rust side raises bare Exception with a serde message
        raise TokenizerLoadError(_not_a_tokenizer_json(raw, origin, error)) from None
    # Configure once, at load: cached tokenizers are shared across sessions (threads), and
    # mutating one while another thread encodes raises "Already borrowed".
    model.no_padding()
    model.no_truncation()
    model.encode_special_tokens = True
    # A model with no unknown token, byte fallback or byte alphabet fails on the first
    # character outside its vocabulary, with a bare Exception from Rust: refuse it here.
    try:
        model.encode("a \U0010fffd", add_special_tokens=False)
    except Exception as error:
        raise TokenizerLoadError(
            f"{origin} cannot encode text outside its vocabulary ({error}); a tokenizer.json needs an "
            "unknown token, byte fallback or a byte-level alphabet."
        ) from None
    return model


class HFTokenizer(Tokenizer):
    """A `tokenizers.Tokenizer`, encoding without added special tokens."""

    def __init__(self, info: TokenizerInfo, model: HFTokenizerModel) -> None:
        super().__init__(info)
        self._model = model
        self._spelling = _spelling_of(model)
        self._byte_fallback = bool(getattr(model.model, "byte_fallback", False))
        self._special_bytes = {
            token_id: token.content.encode("utf-8")
            for token_id, token in model.get_added_tokens_decoder().items()
            if token.special
        }

    @property
    def library_tokenizer(self) -> HFTokenizerModel:
        """The underlying `tokenizers.Tokenizer` (read-only use only: it is shared)."""
        return self._model

    @property
    def algorithm(self) -> str:
        return describe_algorithm(self._model)

    @cached_property
    def format_tokens(self) -> tuple[list[int], list[int]]:
        # The post-processor template (e.g. "[CLS] $A [SEP]") is what add_special_tokens applies.
        plain = self._model.encode("a", add_special_tokens=False).ids
        framed = self._model.encode("a", add_special_tokens=True).ids
        at = next((i for i in range(len(framed)) if framed[i : i + len(plain)] == plain), None)
        return ([], []) if at is None else (framed[:at], framed[at + len(plain) :])

    def _encode(self, text: str) -> list[int]:
        return self._model.encode(text, add_special_tokens=False).ids

    def encode_batch(self, texts: Iterable[str]) -> list[list[int]]:
        batch = self._model.encode_batch_fast([check_text(text) for text in texts], add_special_tokens=False)
        return [encoding.ids for encoding in batch]

    def decode(self, ids: Sequence[int]) -> str:
        return self._model.decode(list(ids), skip_special_tokens=False)

    def _segment_columns(self, text: str) -> tuple[list[int], list[int], list[int], list[bytes]]:
        ids, starts, ends = _spans_of(self._model.encode(text, add_special_tokens=False))
        return ids, starts, ends, list(map(self.token_bytes, ids))

    def spans_batch(self, texts: Sequence[str]) -> SpanArrays:
        batch = self._model.encode_batch([check_text(text) for text in texts], add_special_tokens=False)
        counts = np.fromiter((len(encoding) for encoding in batch), dtype=np.int64, count=len(batch))
        total = int(counts.sum())
        ids = np.fromiter(chain.from_iterable(encoding.ids for encoding in batch), dtype=np.int64, count=total)
        # (start, end) pairs, flattened twice in C: one array of 2 x tokens, no tuple per token kept.
        pairs = chain.from_iterable(chain.from_iterable(encoding.offsets for encoding in batch))
        offsets = np.fromiter(pairs, dtype=np.int64, count=2 * total).reshape(total, 2)
        return SpanArrays(ids, counts, offsets[:, 0], offsets[:, 1])

    def vocab(self) -> dict[int, bytes]:
        """One pass over the library's token-to-id map (no per-id lookups)."""
        special = self._special_bytes
        return {
            token_id: special[token_id] if token_id in special else self._token_bytes_of(token)
            for token, token_id in self._model.get_vocab(with_added_tokens=True).items()
        }

    def _lookup_bytes(self, token_id: int) -> bytes:
        special = self._special_bytes.get(token_id)
        if special is not None:
            return special
        token = self._model.id_to_token(token_id) if token_id >= 0 else None
        if token is None:
            raise self._missing(token_id)
        return self._token_bytes_of(token)

    def _vocab_ids(self) -> Iterable[int]:
        return self._model.get_vocab(with_added_tokens=True).values()

    def _build_kinds(self) -> dict[int, TokenKind]:
        kinds = dict.fromkeys(self._special_bytes, TokenKind.SPECIAL)
        if self._byte_fallback:
            for byte in range(256):
                token_id = self._model.token_to_id(f"<0x{byte:02X}>")
                if token_id is not None:
                    kinds[token_id] = TokenKind.BYTE_FALLBACK
        unk_id = _unknown_id(self._model)
        if unk_id is not None:
            kinds[unk_id] = TokenKind.UNKNOWN
        return kinds

    def _token_bytes_of(self, token: str) -> bytes:
        if self._spelling == "byte-level":
            alphabet, to_latin1 = _byte_level_translation()
            if alphabet.issuperset(token):
                return token.translate(to_latin1).encode("latin-1")
            return token.encode("utf-8")
        if self._spelling == "wordpiece":
            return token.removeprefix("##").encode("utf-8")
        if self._byte_fallback and (byte := _BYTE_PIECE.fullmatch(token)):
            return bytes([int(byte.group(1), 16)])
        return token.replace("▁", " ").encode("utf-8")


def _spans_of(encoding: Encoding) -> tuple[list[int], list[int], list[int]]:
    """Ids and character spans of an encoding: the library's offsets are already characters."""
    ids = encoding.ids
    starts, ends = map(list, zip(*encoding.offsets, strict=True)) if ids else ([], [])
    return ids, starts, ends


def _unknown_id(model: HFTokenizerModel) -> int | None:
    """The id of the unknown token: BPE and WordPiece name it, Unigram (XLM-R, umT5) numbers it
    in its serialized state only."""
    unk = getattr(model.model, "unk_token", None)
    if unk:
        return model.token_to_id(unk)
    if type(model.model).__name__ == "Unigram":
        unk_id = json.loads(model.model.__getstate__()).get("unk_id")
        return unk_id if isinstance(unk_id, int) else None
    return None


def _spelling_of(model: HFTokenizerModel) -> str:
    """How vocabulary strings spell bytes, read from the tokenizer's decoder."""
    decoder_json = model.decoder.__getstate__().decode("utf-8") if model.decoder is not None else ""
    if '"ByteLevel"' in decoder_json:
        return "byte-level"
    if '"WordPiece"' in decoder_json:
        return "wordpiece"
    return "sentencepiece"


def describe_algorithm(model: HFTokenizerModel) -> str:
    """A catalogue-style algorithm name for a tokenizer.json we did not bundle."""
    kind = type(model.model).__name__  # BPE, WordPiece, Unigram, WordLevel
    if kind == "BPE":
        return "byte-level BPE" if _spelling_of(model) == "byte-level" else "SentencePiece BPE"
    if kind == "Unigram":
        return "SentencePiece Unigram"
    return kind
