"""SentencePiece backend: Mistral v1 (BPE with byte fallback) and Jurassic-2 (Unigram).

SentencePiece reports each piece's span in UTF-8 *bytes* of the original input, and gives
the byte-fallback pieces of one character empty spans but the last; both are turned into
character spans by `char_spans_from_byte_spans`. SentencePiece never adds BOS/EOS unless
asked, and has no way to match control tokens in text, so "<s>" typed by a user stays text.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cached_property

import sentencepiece as spm

from tokenlab.errors import TokenizerLoadError
from tokenlab.segment import TokenKind, char_spans_from_byte_spans, check_text
from tokenlab.tokenizers.base import SpanArrays, Tokenizer, TokenizerInfo

_MODEL_TYPES = {1: "SentencePiece Unigram", 2: "SentencePiece BPE", 3: "SentencePiece word", 4: "SentencePiece char"}


def parse_sentencepiece_model(data: bytes, origin: str) -> spm.SentencePieceProcessor:
    """A SentencePieceProcessor from the bytes of a .model file."""
    processor = spm.SentencePieceProcessor()
    try:
        processor.LoadFromSerializedProto(data)
    except (RuntimeError, OSError, TypeError) as error:
        raise TokenizerLoadError(f"{origin} is not a SentencePiece model: {error}") from None
    return processor


def _spans_of(text: str, mapping: dict[str, list]) -> tuple[list[int], list[int], list[int]]:
    """Ids and character spans from an `offset_mapping` encoding (spans in UTF-8 bytes)."""
    byte_starts, byte_ends = zip(*mapping["offsets"]) if mapping["ids"] else ((), ())
    return mapping["ids"], *char_spans_from_byte_spans(text, byte_starts, byte_ends)


class SentencePieceTokenizer(Tokenizer):
    """A `SentencePieceProcessor`, encoding without BOS/EOS."""

    def __init__(self, info: TokenizerInfo, processor: spm.SentencePieceProcessor) -> None:
        super().__init__(info)
        self._processor = processor

    @cached_property  # parses the whole model proto (6.6 MB for Jurassic-2): once is enough
    def algorithm(self) -> str:
        from sentencepiece import sentencepiece_model_pb2  # needs protobuf; only for display

        model = sentencepiece_model_pb2.ModelProto()
        model.ParseFromString(self._processor.serialized_model_proto())
        return _MODEL_TYPES.get(model.trainer_spec.model_type, "SentencePiece")

    @property
    def format_tokens(self) -> tuple[list[int], list[int]]:
        # SentencePiece models define BOS/EOS; prompts start with BOS, EOS ends generated text.
        bos = self._processor.bos_id()
        return ([bos] if bos >= 0 else []), []

    def _encode(self, text: str) -> list[int]:
        return self._processor.encode(text)

    def encode_batch(self, texts: Iterable[str]) -> list[list[int]]:
        return self._processor.encode([check_text(text) for text in texts])

    def decode(self, ids: Sequence[int]) -> str:
        return self._processor.decode(list(ids))

    def _segment_columns(self, text: str) -> tuple[list[int], list[int], list[int], list[bytes]]:
        ids, starts, ends = _spans_of(text, self._processor.encode(text, out_type="offset_mapping", return_bytes=True))
        return ids, starts, ends, list(map(self.token_bytes, ids))

    def spans_batch(self, texts: Sequence[str]) -> SpanArrays:
        texts = [check_text(text) for text in texts]
        batch = self._processor.encode(texts, out_type="offset_mapping", return_bytes=True)
        return SpanArrays.of_texts(list(map(_spans_of, texts, batch)))

    def normalized_batch(self, texts: Sequence[str]) -> list[tuple[str, list[int]]] | None:
        """SentencePiece's normalizer, with its "▁" spelled as the space the pieces decode to."""
        normalized = self._processor.normalize([check_text(text) for text in texts], with_offsets=True)
        return [(text.replace("▁", " "), offsets) for text, offsets in normalized]

    def vocab(self) -> dict[int, bytes]:
        """All pieces from one batch call; only the few non-normal ids need their kind's rule."""
        pieces = self._processor.id_to_piece(list(range(self._processor.get_piece_size())))
        table = {token_id: piece.replace("▁", " ").encode("utf-8") for token_id, piece in enumerate(pieces)}
        for token_id, kind in self._kinds.items():
            piece = pieces[token_id]
            table[token_id] = bytes([int(piece[3:5], 16)]) if kind is TokenKind.BYTE_FALLBACK else piece.encode("utf-8")
        return table

    def _lookup_bytes(self, token_id: int) -> bytes:
        processor = self._processor
        if not 0 <= token_id < processor.get_piece_size():
            raise self._missing(token_id)
        piece = processor.id_to_piece(token_id)
        if processor.is_byte(token_id):
            return bytes([int(piece[3:5], 16)])  # "<0xE3>"
        if processor.is_control(token_id) or processor.is_unknown(token_id):
            return piece.encode("utf-8")
        return piece.replace("▁", " ").encode("utf-8")

    def _vocab_ids(self) -> Iterable[int]:
        return range(self._processor.get_piece_size())

    def _build_kinds(self) -> dict[int, TokenKind]:
        processor = self._processor
        ids = list(range(processor.get_piece_size()))  # each test is one batch call over every id
        kinds = {token_id: TokenKind.BYTE_FALLBACK for token_id, flag in zip(ids, processor.is_byte(ids)) if flag}
        kinds |= {token_id: TokenKind.SPECIAL for token_id, flag in zip(ids, processor.is_control(ids)) if flag}
        kinds |= {token_id: TokenKind.UNKNOWN for token_id, flag in zip(ids, processor.is_unknown(ids)) if flag}
        return kinds
