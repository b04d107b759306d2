"""SentencePiece backend: Mistral v1, Gemma 2 and 3 (BPE with byte fallback), Jurassic-2, XLM-R, umT5 (Unigram).

SentencePiece reports each piece's span in UTF-8 *bytes* of the original input, and gives
the byte-fallback pieces of one character empty spans but the last; both are turned into
character spans by `char_spans_from_byte_spans`. SentencePiece never adds BOS/EOS unless
asked, and has no way to match control tokens in text, so "<s>" typed by a user stays text.

Gemma's models are built from its tokenizer.json (parsing Gemma 3's peaks at 437 MB, loading
its model at 57); a sidecar carries the two things the json does that a model cannot say (see
`SentencePieceTokenizer`), and tests check that ids, spans and kinds are the tokenizer.json's.
umT5's model is built from its tokenizer.json too (the json's Unigram trie keeps 223 MB, the
model 33), with what the json does around it done by `MetaspaceUnigramTokenizer`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from functools import cached_property
from itertools import groupby

import sentencepiece as spm

from tokenlab.errors import TokenizerLoadError
from tokenlab.text.segment import TokenKind, char_spans_from_byte_spans, check_text
from tokenlab.tokenizers.base import SpanArrays, Tokenizer, TokenizerInfo

_WRITTEN_AS_TEXT = (TokenKind.SPECIAL, TokenKind.UNKNOWN)


def _is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


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
    byte_starts, byte_ends = zip(*mapping["offsets"], strict=True) if mapping["ids"] else ((), ())
    return mapping["ids"], *char_spans_from_byte_spans(text, byte_starts, byte_ends)


class SentencePieceTokenizer(Tokenizer):
    """A `SentencePieceProcessor`, encoding without BOS/EOS.

    Three options carry what a tokenizer.json converted to a model does beyond it (Gemma's):

    - `tokens_before_normalizer`: added tokens the tokenizer.json finds in the text before its
      normalizer runs, while SentencePiece matches user-defined pieces after it. Gemma's runs of
      "▁" are such tokens: typed as "▁" they are tokens of their own, while runs of spaces (which
      the normalizer writes as "▁") reach the BPE model. They are split off here first.
    - `specials_as_text`: `decode` writes special tokens as their text, as the json's decoder
      does; SentencePiece's own decoding drops control tokens.
    - `vocab_size`: ids from it on are not the tokenizer's. SentencePiece needs all 256 byte
      pieces for byte fallback; Gemma 2's tokenizer.json has a tab piece where <0x09> was, so its
      model carries <0x09> past the vocabulary, where no text reaches it.
    """

    def __init__(
        self,
        info: TokenizerInfo,
        processor: spm.SentencePieceProcessor,
        *,
        tokens_before_normalizer: Sequence[str] = (),
        vocab_size: int | None = None,
        specials_as_text: bool = False,
    ) -> None:
        super().__init__(info)
        self._processor = processor
        self._specials_as_text = specials_as_text
        self._size = processor.get_piece_size() if vocab_size is None else vocab_size
        # Longest first: at the leftmost match, the longest token wins, as in a tokenizer.json.
        alternatives = sorted(tokens_before_normalizer, key=len, reverse=True)
        self._before_normalizer = re.compile("|".join(map(re.escape, alternatives))) if alternatives else None

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

    def _parts(self, text: str) -> Iterator[tuple[int, int, int | None]]:
        """(start, end, id) of the tokens matched before the normalizer, and (start, end, None)
        of the text between them, which SentencePiece encodes."""
        start = 0
        for match in self._before_normalizer.finditer(text) if self._before_normalizer else ():
            if match.start() > start:
                yield start, match.start(), None
            yield match.start(), match.end(), self._processor.piece_to_id(match.group())
            start = match.end()
        if start < len(text):
            yield start, len(text), None

    def _splits(self, text: str) -> bool:
        return self._before_normalizer is not None and self._before_normalizer.search(text) is not None

    def _encode(self, text: str) -> list[int]:
        if not self._splits(text):
            return self._processor.encode(text)
        ids: list[int] = []
        for start, end, token_id in self._parts(text):
            ids.extend(self._processor.encode(text[start:end]) if token_id is None else [token_id])
        return ids

    def encode_batch(self, texts: Iterable[str]) -> list[list[int]]:
        texts = [check_text(text) for text in texts]
        batch = self._processor.encode(texts)
        return [self._encode(text) if self._splits(text) else ids for text, ids in zip(texts, batch, strict=True)]

    def decode(self, ids: Sequence[int]) -> str:
        """SentencePiece's decoding; with `specials_as_text`, the tokenizer.json's: special and
        unknown tokens are written as their pieces (SentencePiece drops the first and spells the
        second " ⁇ "), and a run of byte-fallback tokens that is not valid UTF-8 becomes one
        U+FFFD per token (SentencePiece replaces only the invalid bytes)."""
        if not self._specials_as_text:
            return self._processor.decode(list(ids))
        parts = []
        for kind, group in groupby(ids, key=self.token_kind):
            run = list(group)
            if kind in _WRITTEN_AS_TEXT:
                parts += self._processor.id_to_piece(run)
            elif kind is TokenKind.BYTE_FALLBACK:
                raw = b"".join(map(self.token_bytes, run))
                parts.append(raw.decode("utf-8") if _is_utf8(raw) else "\ufffd" * len(run))
            else:
                parts.append(self._processor.decode(run))
        return "".join(parts)

    def _spans(self, text: str) -> tuple[list[int], list[int], list[int]]:
        if not self._splits(text):
            return _spans_of(text, self._processor.encode(text, out_type="offset_mapping", return_bytes=True))
        ids: list[int] = []
        starts: list[int] = []
        ends: list[int] = []
        for start, end, token_id in self._parts(text):
            if token_id is not None:
                ids.append(token_id)
                starts.append(start)
                ends.append(end)
                continue
            part = text[start:end]
            part_ids, part_starts, part_ends = _spans_of(
                part, self._processor.encode(part, out_type="offset_mapping", return_bytes=True)
            )
            ids.extend(part_ids)
            starts.extend(start + offset for offset in part_starts)
            ends.extend(start + offset for offset in part_ends)
        return ids, starts, ends

    def _segment_columns(self, text: str) -> tuple[list[int], list[int], list[int], list[bytes]]:
        ids, starts, ends = self._spans(text)
        return ids, starts, ends, list(map(self.token_bytes, ids))

    def spans_batch(self, texts: Sequence[str]) -> SpanArrays:
        texts = [check_text(text) for text in texts]
        batch = self._processor.encode(texts, out_type="offset_mapping", return_bytes=True)
        return SpanArrays.of_texts(
            [
                self._spans(text) if self._splits(text) else _spans_of(text, mapping)
                for text, mapping in zip(texts, batch, strict=True)
            ]
        )

    def normalized_batch(self, texts: Sequence[str]) -> list[tuple[str, list[int]]] | None:
        """SentencePiece's normalizer, with its "▁" spelled as the space the pieces decode to."""
        normalized = self._processor.normalize([check_text(text) for text in texts], with_offsets=True)
        return [(text.replace("▁", " "), offsets) for text, offsets in normalized]

    def vocab(self) -> dict[int, bytes]:
        """All pieces from one batch call; only the few non-normal ids need their kind's rule."""
        pieces = self._processor.id_to_piece(list(range(self._size)))
        table = {token_id: piece.replace("▁", " ").encode("utf-8") for token_id, piece in enumerate(pieces)}
        for token_id, kind in self._kinds.items():
            piece = pieces[token_id]
            table[token_id] = bytes([int(piece[3:5], 16)]) if kind is TokenKind.BYTE_FALLBACK else piece.encode("utf-8")
        return table

    def _lookup_bytes(self, token_id: int) -> bytes:
        processor = self._processor
        if not 0 <= token_id < self._size:
            raise self._missing(token_id)
        piece = processor.id_to_piece(token_id)
        if processor.is_byte(token_id):
            return bytes([int(piece[3:5], 16)])  # "<0xE3>"
        if processor.is_control(token_id) or processor.is_unknown(token_id):
            return piece.encode("utf-8")
        return piece.replace("▁", " ").encode("utf-8")

    def _vocab_ids(self) -> Iterable[int]:
        return range(self._size)

    def _build_kinds(self) -> dict[int, TokenKind]:
        processor = self._processor
        ids = list(range(self._size))  # each test is one batch call over every id
        kinds = {
            token_id: TokenKind.BYTE_FALLBACK
            for token_id, flag in zip(ids, processor.is_byte(ids), strict=True)
            if flag
        }
        kinds |= {
            token_id: TokenKind.SPECIAL for token_id, flag in zip(ids, processor.is_control(ids), strict=True) if flag
        }
        kinds |= {
            token_id: TokenKind.UNKNOWN for token_id, flag in zip(ids, processor.is_unknown(ids), strict=True) if flag
        }
        return kinds


#: Runs of two or more spaces, which umT5's tokenizer.json writes as one space.
_SPACE_RUNS = re.compile(" {2,}")
#: Where umT5's tokenizer.json splits its normalized text into words: before every "▁".
_WORDS = re.compile("(?=▁)")
#: Words where two segmentations can hold the same pieces in another order: the pieces are then
#: powers of one string (x + y = y + x), so the word repeats it, thrice if it is one character.
_REPEATS = re.compile(r"(.)\1\1|(.{2,16})\2")
#: The json's penalty for a character no piece covers, below its lowest score (tokenizers' K_UNK_PENALTY).
_UNKNOWN_PENALTY = 10.0


class MetaspaceUnigramTokenizer(SentencePieceTokenizer):
    """A Unigram tokenizer.json with a Metaspace pre-tokenizer (umT5's) as a SentencePiece model.

    The model holds the json's pieces and scores (the json's trie keeps 223 MB and its loading
    peaks at 320; the model keeps 33 and peaks at 70). What the json does around its Unigram
    model is done here, as it does it:

    - runs of spaces become their last space; "▁" is prepended unless the text then starts with
      a space or "▁" (the json aligns it with the first character), and spaces become "▁";
    - the text is split before every "▁" and each word is encoded on its own. Besides being the
      json's order, this keeps SentencePiece exact: it sums scores in 32-bit floats, and over a
      whole document the sum grows too large to tell "▁los e" from "▁lose" (0.002 apart). Where
      two segmentations of a word score exactly the same (the same pieces in another order, as
      in "------"), the json keeps the one whose last piece is longest and SentencePiece's
      rounding picks either: words with such repeats are segmented here, by the json's Viterbi
      search over SentencePiece's pieces and scores, in 64-bit floats;
    - adjacent unknown tokens fuse into one, "<unk>" typed in the text too (its piece is found
      like any other: special-looking text is text). SentencePiece's own unknown piece lies past
      the vocabulary and is reported as the json's `unknown_id`;
    - the special tokens keep their kind (`special_ids`), as do pieces that are empty strings in
      the json (`empty_ids`: SentencePiece needs a name for them; nothing reaches them), and the
      format appends the json's template tokens (`format_tokens`).
    """

    def __init__(
        self,
        info: TokenizerInfo,
        processor: spm.SentencePieceProcessor,
        *,
        vocab_size: int,
        unknown_id: int,
        special_ids: Sequence[int],
        empty_ids: Sequence[int],
        format_tokens: tuple[list[int], list[int]],
    ) -> None:
        super().__init__(info, processor, vocab_size=vocab_size)
        self._unknown_id = unknown_id
        self._special_ids = frozenset(special_ids)
        self._empty_ids = frozenset(empty_ids)
        self._format = format_tokens

    @property
    def format_tokens(self) -> tuple[list[int], list[int]]:
        return list(self._format[0]), list(self._format[1])

    def _words(self, text: str) -> tuple[list[str], list[int]]:
        """The json's words of `text`, and for each character of their concatenation the
        original character it stands for (the prepended "▁" stands for the first)."""
        kept: list[int] = []
        pieces: list[str] = []
        at = 0
        for run in _SPACE_RUNS.finditer(text):
            pieces.append(text[at : run.start()])
            kept.extend(range(at, run.start()))
            pieces.append(" ")
            kept.append(run.end() - 1)
            at = run.end()
        pieces.append(text[at:])
        kept.extend(range(at, len(text)))
        normalized = "".join(pieces).replace(" ", "▁")
        if normalized and not normalized.startswith("▁"):
            normalized = "▁" + normalized
            kept.insert(0, 0)
        return [word for word in _WORDS.split(normalized) if word], kept

    def _fused(self, ids: list[int]) -> list[int]:
        unknown, size = self._unknown_id, self._size
        out: list[int] = []
        for token_id in ids:
            token_id = unknown if token_id >= size else token_id
            if not (token_id == unknown and out and out[-1] == unknown):
                out.append(token_id)
        return out

    def _encode_words(self, words: list[str]) -> list[dict[str, list]]:
        """Each word's ids and character offsets: SentencePiece's, or the exact search's for
        words with repeats."""
        encoded = self._processor.encode(words, out_type="offset_mapping")
        for at, word in enumerate(words):
            if _REPEATS.search(word):
                encoded[at] = self._viterbi(word)
        return encoded

    @cached_property
    def _search_limits(self) -> tuple[int, float]:
        """The longest piece's length, and the json's score of a character no piece covers."""
        ids = list(range(self._size))
        longest = max(map(len, self._processor.id_to_piece(ids)))
        return longest, min(self._processor.get_score(ids)) - _UNKNOWN_PENALTY

    def _viterbi(self, word: str) -> dict[str, list]:
        """tokenizers' Unigram search (`encode_optimized`): from each position, every piece
        starting there improves the best path to its end only if strictly better; a character
        no piece covers is one unknown token. Ties thus keep the longest last piece."""
        processor, size = self._processor, self._size
        longest, unknown_score = self._search_limits
        best: list[tuple[float, int, int]] = [(0.0, -1, -1)] + [(float("-inf"), -1, -1)] * len(word)
        for start in range(len(word)):
            reached = best[start][0]
            stops = range(start + 1, min(len(word), start + longest) + 1)
            ids = processor.piece_to_id([word[start:stop] for stop in stops])
            covered = False
            for stop, token_id, unused in zip(stops, ids, processor.is_unused(ids), strict=True):
                if token_id >= size or unused:
                    continue
                covered = covered or stop == start + 1
                score = reached + processor.get_score(token_id)
                if best[stop][1] < 0 or score > best[stop][0]:
                    best[stop] = (score, start, token_id)
            if not covered and (best[start + 1][1] < 0 or reached + unknown_score > best[start + 1][0]):
                best[start + 1] = (reached + unknown_score, start, size)
        ids_out: list[int] = []
        offsets: list[tuple[int, int]] = []
        stop = len(word)
        while stop > 0:
            _score, start, token_id = best[stop]
            ids_out.append(token_id)
            offsets.append((start, stop))
            stop = start
        return {"ids": ids_out[::-1], "offsets": offsets[::-1]}

    def _encode(self, text: str) -> list[int]:
        words, _ = self._words(text)
        return self._fused([token_id for mapping in self._encode_words(words) for token_id in mapping["ids"]])

    def encode_batch(self, texts: Iterable[str]) -> list[list[int]]:
        split = [self._words(check_text(text))[0] for text in texts]
        encoded = iter(self._encode_words([word for words in split for word in words]))
        return [self._fused([token_id for _ in words for token_id in next(encoded)["ids"]]) for words in split]

    def decode(self, ids: Sequence[int]) -> str:
        """As the json's Metaspace decoder: "▁" is a space, the first token's leading one dropped."""
        text = "".join(self.token_bytes(token_id).decode("utf-8", "replace") for token_id in ids)
        first = self._processor.id_to_piece(ids[0]) if ids and 0 <= ids[0] < self._size else ""
        return text[1:] if first.startswith("▁") else text

    def _spans(self, text: str) -> tuple[list[int], list[int], list[int]]:
        words, kept = self._words(text)
        return self._spans_of_words(words, kept, self._encode_words(words))

    def _spans_of_words(
        self, words: list[str], kept: list[int], mappings: list[dict[str, list]]
    ) -> tuple[list[int], list[int], list[int]]:
        """Spans in the original text from each word's offsets (characters of the word, as
        SentencePiece reports them for str input), fusing adjacent unknown tokens."""
        unknown, size = self._unknown_id, self._size
        ids: list[int] = []
        starts: list[int] = []
        ends: list[int] = []
        at = 0
        for word, mapping in zip(words, mappings, strict=True):
            for token_id, (start, end) in zip(mapping["ids"], mapping["offsets"], strict=True):
                token_id = unknown if token_id >= size else token_id
                first, last = kept[at + start], kept[at + max(end, start + 1) - 1] + 1
                if token_id == unknown and ids and ids[-1] == unknown:
                    ends[-1] = last
                    continue
                ids.append(token_id)
                starts.append(first)
                ends.append(last)
            at += len(word)
        return ids, starts, ends

    def spans_batch(self, texts: Sequence[str]) -> SpanArrays:
        split = [self._words(check_text(text)) for text in texts]
        mappings = iter(self._encode_words([word for words, _ in split for word in words]))
        return SpanArrays.of_texts(
            [self._spans_of_words(words, kept, [next(mappings) for _ in words]) for words, kept in split]
        )

    def normalized_batch(self, texts: Sequence[str]) -> list[tuple[str, list[int]]] | None:
        """None, as for the json: the engine then takes spans from `spans_batch`."""
        return None

    def _lookup_bytes(self, token_id: int) -> bytes:
        return b"" if token_id in self._empty_ids else super()._lookup_bytes(token_id)

    def vocab(self) -> dict[int, bytes]:
        return super().vocab() | dict.fromkeys(self._empty_ids, b"")

    def _build_kinds(self) -> dict[int, TokenKind]:
        kinds = dict.fromkeys(self._special_ids, TokenKind.SPECIAL)
        kinds[self._unknown_id] = TokenKind.UNKNOWN
        return kinds
