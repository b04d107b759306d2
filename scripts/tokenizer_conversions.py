"""Tokenizer files that no registry ships as a tokenizer.json, turned into one.

Why: tokenlab reads Hugging Face `tokenizers` files, which report character offsets through
their normalizer. Three sources need a conversion first:

* llama.cpp's GGUF vocabularies (in the llama-cpp-python sdist): tokens, types and merges,
  plus the pre-tokenizer regexes llama.cpp applies for the file's ``tokenizer.ggml.pre``
  value, read from the same sdist's ``src/llama-vocab.cpp``; XLM-R's Unigram pieces and
  charsmap become a SentencePiece model instead, as the original was;
* a tiktoken rank file (Qwen3.5): BPE merges recovered from the ranks;
* a tokenizer.json embedded as a C byte array (umT5 in stable-diffusion.cpp).

Pure functions, values in and tokenizer.json dicts (or a SentencePiece ModelProto) out;
scripts/build_data.py fetches the packages, checks the results against the upstream libraries
and writes them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

# GGUF token types (gguf-py's constants.TokenType).
NORMAL, UNKNOWN, CONTROL, USER_DEFINED, UNUSED, BYTE = 1, 2, 3, 4, 5, 6
#: llama.cpp's converter pads a vocabulary to the model's embedding size with "[PAD<id>]"
#: entries; they are no tokens of the original tokenizer.
GGUF_PADDING = re.compile(r"\[PAD\d+\]")


class ConversionError(ValueError):
    """A source file does not have the shape the conversion expects."""


def c_byte_array(source: str) -> bytes:
    """The bytes of the first ``{ 0x7b, 0x22, ... }`` initialiser in a C/C++ source file."""
    start, end = source.find("{"), source.find("}")
    if start < 0 or end < start:
        raise ConversionError("no { ... } byte array initialiser found")
    values = [v.strip() for v in source[start + 1 : end].split(",") if v.strip()]
    try:
        return bytes(int(v, 16) for v in values)
    except ValueError as error:
        raise ConversionError(f"not a byte array of hex literals: {error}") from None


def llama_cpp_regexes(vocab_cpp: str, pre_type: str) -> list[str]:
    """The ``regex_exprs`` llama.cpp's src/llama-vocab.cpp assigns under
    ``case LLAMA_VOCAB_PRE_TYPE_<pre_type>:`` (later case labels fall through to it),
    with the C string escapes undone: ``"\\\\p{N}"`` -> ``\\p{N}``."""
    label = f"case LLAMA_VOCAB_PRE_TYPE_{pre_type}:"
    at = vocab_cpp.find(label)
    if at < 0:
        raise ConversionError(f"{label} not found in llama-vocab.cpp")
    block = re.compile(r"regex_exprs\s*=\s*\{(.*?)\};", re.DOTALL).search(vocab_cpp, at)
    if block is None:
        raise ConversionError(f"no regex_exprs after {label}")
    literals = re.findall(r'"((?:[^"\\]|\\.)*)"', re.sub(r"//[^\n]*", "", block.group(1)))
    escapes = {"n": "\n", "r": "\r", "t": "\t"}
    return [re.sub(r"\\(.)", lambda m: escapes.get(m.group(1), m.group(1)), literal) for literal in literals]


@dataclass(frozen=True)
class GgufVocab:
    """The tokenizer part of a GGUF file: ``tokenizer.ggml.*`` fields."""

    model: str
    pre: str
    tokens: list[str]
    types: list[int]
    scores: list[float]
    merges: list[str]
    metadata: dict[str, Any]
    charsmap: bytes

    def kept_ids(self) -> list[int]:
        """Ids of real tokens: llama.cpp's padding entries dropped (they must all come last,
        so every other id keeps its number)."""
        kept = [i for i, token in enumerate(self.tokens) if not GGUF_PADDING.fullmatch(token)]
        if kept != list(range(len(kept))):
            raise ConversionError("padding entries are not all at the end of the vocabulary")
        return kept


def read_gguf_vocab(reader: Any) -> GgufVocab:
    """A GgufVocab from a ``gguf.GGUFReader`` (gguf-py, shipped in the same sdist)."""
    fields = reader.fields

    def value(key: str, default: Any = None) -> Any:
        return fields[key].contents() if key in fields else default

    return GgufVocab(
        model=value("tokenizer.ggml.model"),
        pre=value("tokenizer.ggml.pre", "default"),
        tokens=list(value("tokenizer.ggml.tokens")),
        types=[int(t) for t in value("tokenizer.ggml.token_type")],
        scores=[float(s) for s in value("tokenizer.ggml.scores", [])],
        merges=list(value("tokenizer.ggml.merges", [])),
        metadata={
            key.removeprefix("tokenizer.ggml."): fields[key].contents()
            for key in fields
            if key.startswith("tokenizer.ggml.") and key.endswith(("_token_id", "_token", "_prefix", "whitespaces"))
        },
        charsmap=bytes(value("tokenizer.ggml.precompiled_charsmap", [])),
    )


def _added_token(token_id: int, content: str, special: bool, lstrip: bool = False) -> dict[str, Any]:
    return {
        "id": token_id,
        "content": content,
        "single_word": False,
        "lstrip": lstrip,
        "rstrip": False,
        "normalized": not special,
        "special": special,
    }


def _bos_template(bos: str | None) -> dict[str, Any] | None:
    """The post-processor that starts a text with `bos`, as the model's format does (None: nothing added)."""
    if bos is None:
        return None

    def frame(sequence: str, type_id: int) -> list[dict[str, Any]]:
        return [{"SpecialToken": {"id": bos, "type_id": type_id}}, {"Sequence": {"id": sequence, "type_id": type_id}}]

    return {
        "type": "TemplateProcessing",
        "single": frame("A", 0),
        "pair": frame("A", 0) + frame("B", 1),
        "special_tokens": {bos: {"id": bos, "ids": [], "tokens": [bos]}},
    }


def _fill_template_ids(cfg: dict[str, Any], ids: Mapping[str, int]) -> dict[str, Any]:
    post = cfg.get("post_processor")
    if post:
        for name, entry in post["special_tokens"].items():
            entry["ids"] = [ids[name]]
    return cfg


def bpe_from_gguf(
    vocab: GgufVocab, regexes: Sequence[str], *, normalizer: dict[str, Any] | None, add_bos: bool
) -> dict[str, Any]:
    """A byte-level BPE tokenizer.json from a GGUF "gpt2"-model vocabulary.

    Each llama.cpp regex becomes a Split step that isolates its matches, in order (llama.cpp
    applies them one after another to the pieces of the previous one), then ByteLevel maps
    bytes to the vocabulary's alphabet. CONTROL tokens become special added tokens,
    USER_DEFINED ones (GPT-NeoX's runs of spaces) added tokens matched in the text.
    """
    if vocab.model != "gpt2":
        raise ConversionError(f"expected a gpt2 (byte-level BPE) vocabulary, got {vocab.model!r}")
    kept = vocab.kept_ids()
    merges = [merge.split(" ") for merge in vocab.merges]
    if any(len(pair) != 2 for pair in merges):
        raise ConversionError("a merge is not two tokens separated by one space")
    added = [
        _added_token(i, vocab.tokens[i], special=vocab.types[i] == CONTROL)
        for i in kept
        if vocab.types[i] in (CONTROL, USER_DEFINED)
    ]
    # Every token in the model's vocabulary, USER_DEFINED ones too: an added token missing from it
    # would get the next free id, not its own (BPE never produces them: their strings are not
    # spelled in the byte alphabet or have no merges).
    model_vocab = {vocab.tokens[i]: i for i in kept}
    bos_id = vocab.metadata.get("bos_token_id")
    bos = vocab.tokens[bos_id] if add_bos and bos_id is not None else None
    cfg = {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": added,
        "normalizer": normalizer,
        "pre_tokenizer": {
            "type": "Sequence",
            "pretokenizers": [
                *({"type": "Split", "pattern": {"Regex": r}, "behavior": "Isolated", "invert": False} for r in regexes),
                {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": False},
            ],
        },
        "post_processor": _bos_template(bos),
        "decoder": {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": False},
        "model": {
            "type": "BPE",
            "dropout": None,
            "unk_token": None,
            "continuing_subword_prefix": None,
            "end_of_word_suffix": None,
            "fuse_unk": False,
            "byte_fallback": False,
            "ignore_merges": False,
            "vocab": model_vocab,
            "merges": merges,
        },
    }
    return _fill_template_ids(cfg, {vocab.tokens[i]: i for i in kept})


def sentencepiece_from_gguf(vocab: GgufVocab, model_proto: Any) -> Any:
    """A SentencePiece Unigram model (a ``ModelProto`` of `model_proto`, sentencepiece's
    sentencepiece_model_pb2) from a GGUF "t5"-model vocabulary such as XLM-R's: its pieces and
    scores in the file's order, which is the Hugging Face one (``<s>``=0, ``<pad>``=1, ``</s>``=2,
    ``<unk>``=3), the charsmap as an nmt_nfkc normalizer, "▁" prepended and whitespace collapsed,
    as the original sentencepiece.bpe.model. SentencePiece never matches a control piece in
    text, as fairseq's XLM-R did not."""
    if vocab.model != "t5" or not vocab.charsmap:
        raise ConversionError(f"expected a t5 (Unigram) vocabulary with a charsmap, got {vocab.model!r}")
    kept = vocab.kept_ids()
    piece_type = model_proto.ModelProto.SentencePiece.Type
    kinds = {NORMAL: piece_type.NORMAL, CONTROL: piece_type.CONTROL, UNKNOWN: piece_type.UNKNOWN}
    model = model_proto.ModelProto()
    for i in kept:
        if vocab.types[i] not in kinds:
            raise ConversionError(f"token {i} ({vocab.tokens[i]!r}) has GGUF type {vocab.types[i]}")
        model.pieces.add(piece=vocab.tokens[i], score=vocab.scores[i], type=kinds[vocab.types[i]])
    special = {name: vocab.metadata[f"{name}_token_id"] for name in ("bos", "eos", "padding", "unknown")}
    trainer = model.trainer_spec
    trainer.model_type = model_proto.TrainerSpec.UNIGRAM
    trainer.vocab_size = len(kept)
    trainer.bos_id, trainer.eos_id, trainer.pad_id, trainer.unk_id = (
        special["bos"],
        special["eos"],
        special["padding"],
        special["unknown"],
    )
    normalizer = model.normalizer_spec
    normalizer.name = "nmt_nfkc"
    normalizer.precompiled_charsmap = vocab.charsmap
    normalizer.add_dummy_prefix = bool(vocab.metadata.get("add_space_prefix", True))
    normalizer.remove_extra_whitespaces = bool(vocab.metadata.get("remove_extra_whitespaces", True))
    normalizer.escape_whitespaces = True
    return model


@cache
def byte_level_alphabet() -> dict[int, str]:
    """GPT-2's byte -> printable character table ("Ġ" for b" ")."""
    printable = [*range(ord("!"), ord("~") + 1), *range(ord("¡"), ord("¬") + 1), *range(ord("®"), ord("ÿ") + 1)]
    table = {byte: chr(byte) for byte in printable}
    extra = 0
    for byte in range(256):
        if byte not in table:
            table[byte] = chr(256 + extra)
            extra += 1
    return table


def _spell(token: bytes) -> str:
    alphabet = byte_level_alphabet()
    return "".join(alphabet[byte] for byte in token)


def bpe_from_tiktoken(
    ranks: Mapping[bytes, int],
    pat_str: str,
    added_tokens: Sequence[tuple[int, str, bool]],
    *,
    normalizer: dict[str, Any] | None,
) -> dict[str, Any]:
    """A byte-level BPE tokenizer.json that encodes as a tiktoken encoding does: ids are ranks,
    a piece found whole in the vocabulary is kept whole (`ignore_merges`, as tiktoken looks a
    piece up before merging), the split pattern is one Split step (Qwen's layout);
    `added_tokens` are (id, text, special)."""
    # tiktoken merges any two adjacent parts whose concatenation has a rank, lowest rank first;
    # a BPE model merges only listed pairs. Listing every split of every token into two
    # tokens, in the rank order of the result, makes the two agree whatever parts a context
    # leaves next to each other (one merge per token, replayed from the ranks alone, does not:
    # 1 in 15,000 UDHR paragraphs came out different).
    merges = [
        [_spell(token[:cut]), _spell(token[cut:])]
        for token, _rank in sorted(ranks.items(), key=lambda item: item[1])
        for cut in range(1, len(token))
        if token[:cut] in ranks and token[cut:] in ranks
    ]
    byte_level = {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": False, "use_regex": False}
    return {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": [_added_token(i, text, special) for i, text, special in added_tokens],
        "normalizer": normalizer,
        "pre_tokenizer": {
            "type": "Sequence",
            "pretokenizers": [
                {"type": "Split", "pattern": {"Regex": pat_str}, "behavior": "Isolated", "invert": False},
                byte_level,
            ],
        },
        "post_processor": byte_level,
        "decoder": byte_level,
        "model": {
            "type": "BPE",
            "dropout": None,
            "unk_token": None,
            "continuing_subword_prefix": "",
            "end_of_word_suffix": "",
            "fuse_unk": False,
            "byte_fallback": False,
            "ignore_merges": True,
            "vocab": {_spell(token): rank for token, rank in sorted(ranks.items(), key=lambda item: item[1])},
            "merges": merges,
        },
    }


#: A SentencePiece-style byte piece: "<0xE3>".
BYTE_PIECE = re.compile(r"<0x[0-9A-F]{2}>")


def _merge_pairs(merges: Sequence[Any]) -> list[tuple[str, str]]:
    """A tokenizer.json's merges, either "a b" strings (older files) or [a, b] pairs."""
    pairs = [merge.split(" ") if isinstance(merge, str) else list(merge) for merge in merges]
    if any(len(pair) != 2 for pair in pairs):
        raise ConversionError("a merge is not a pair of tokens")
    return [(left, right) for left, right in pairs]


def sentencepiece_from_bpe_json(cfg: Mapping[str, Any], model_proto: Any) -> tuple[Any, dict[str, Any]]:
    """A SentencePiece BPE model (a ``ModelProto`` of `model_proto`) and its tokenlab sidecar
    from a SentencePiece-style BPE tokenizer.json (Gemma's: byte fallback, " " -> "▁", no
    dummy prefix), encoding every text to the same ids and spans.

    Why it can: SentencePiece merges the adjacent pair whose concatenation has the highest
    score, a tokenizer.json the listed pair of lowest rank. Each piece's score is minus the
    rank of its first merge; that gives the same order when every split of a piece into two
    pieces is a listed merge and a piece's merges have neighbouring ranks (checked here; runs of
    one character, whose longer merges come first, are checked by tokenlab's tests).

    Kinds: <0xNN> pieces are BYTE; special added tokens CONTROL (never matched in text, as
    tokenlab encodes special-looking text as text); other added tokens USER_DEFINED (matched
    in the text, as the json matches them) unless they contain "▁": the json matches those in
    the text before its normalizer writes spaces as "▁", so they stay NORMAL pieces reached by
    merges from spaces, and the sidecar's "tokens_before_normalizer" lists them for tokenlab to
    split off first. SentencePiece needs all 256 byte pieces; one the json lacks (Gemma 2 has
    "\t" where <0x09> was) is appended past the vocabulary, and the sidecar's "n_vocab" says
    where the json's ids end.
    """
    model_cfg = cfg["model"]
    expected_normalizer = {"type": "Replace", "pattern": {"String": " "}, "content": "▁"}
    no_op_split = {"type": "Split", "pattern": {"String": " "}, "behavior": "MergedWithPrevious", "invert": False}
    if model_cfg.get("type") != "BPE" or not model_cfg.get("byte_fallback") or model_cfg.get("ignore_merges"):
        raise ConversionError("expected a BPE model with byte fallback that merges every piece")
    if cfg.get("normalizer") != expected_normalizer or cfg.get("pre_tokenizer") not in (None, no_op_split):
        # The Split on " " finds no space once the normalizer has written them all as "▁".
        raise ConversionError('expected the normalizer " " -> "▁" alone and no pre-tokenizer that splits')
    if model_cfg.get("continuing_subword_prefix") or model_cfg.get("end_of_word_suffix") or model_cfg.get("dropout"):
        raise ConversionError("subword prefixes, word suffixes and dropout have no SentencePiece equivalent")
    vocab: dict[str, int] = dict(model_cfg["vocab"])
    added = {token["content"]: token for token in cfg["added_tokens"]}
    for content, token in added.items():
        if vocab.setdefault(content, token["id"]) != token["id"]:
            raise ConversionError(f"added token {content!r} has id {token['id']}, the vocabulary {vocab[content]}")
        if token["lstrip"] or token["rstrip"] or token["single_word"] or (token["normalized"] and not token["special"]):
            raise ConversionError(f"added token {content!r} has matching options SentencePiece lacks")
    n_vocab = len(vocab)
    if sorted(vocab.values()) != list(range(n_vocab)):
        raise ConversionError("the ids are not 0..n-1")
    first_rank = _check_merge_ranks(vocab, added, _merge_pairs(model_cfg["merges"]))
    pieces = sorted(vocab, key=vocab.__getitem__)
    missing_bytes = [f"<0x{byte:02X}>" for byte in range(256) if f"<0x{byte:02X}>" not in vocab]
    piece_type = model_proto.ModelProto.SentencePiece.Type
    unk = model_cfg.get("unk_token")
    before_normalizer = sorted(content for content, token in added.items() if not token["special"] and "▁" in content)
    model = model_proto.ModelProto()
    for piece in [*pieces, *missing_bytes]:
        token = added.get(piece)
        if piece == unk:
            kind = piece_type.UNKNOWN
        elif token is not None and token["special"]:
            kind = piece_type.CONTROL
        elif BYTE_PIECE.fullmatch(piece):
            kind = piece_type.BYTE
        elif token is not None and piece not in before_normalizer:
            kind = piece_type.USER_DEFINED
        else:
            kind = piece_type.NORMAL
        score = -float(first_rank[piece]) if piece in first_rank and kind == piece_type.NORMAL else 0.0
        model.pieces.add(piece=piece, score=score, type=kind)
    trainer = model.trainer_spec
    trainer.model_type = model_proto.TrainerSpec.BPE
    trainer.vocab_size = len(model.pieces)
    trainer.byte_fallback = True
    ids = {name: vocab.get(name, -1) for name in ("<unk>", "<bos>", "<eos>", "<pad>")}
    trainer.unk_id, trainer.bos_id, trainer.eos_id, trainer.pad_id = (
        vocab[unk],
        ids["<bos>"],
        ids["<eos>"],
        ids["<pad>"],
    )
    trainer.unk_piece, trainer.bos_piece, trainer.eos_piece, trainer.pad_piece = unk, "<bos>", "<eos>", "<pad>"
    normalizer = model.normalizer_spec
    normalizer.name = "identity"
    normalizer.add_dummy_prefix = False
    normalizer.remove_extra_whitespaces = False
    normalizer.escape_whitespaces = True
    return model, {"n_vocab": n_vocab, "tokens_before_normalizer": before_normalizer}


def _check_merge_ranks(
    vocab: Mapping[str, int], added: Mapping[str, Any], merges: Sequence[tuple[str, str]]
) -> dict[str, int]:
    """Each merged piece's first rank, once checked that scores can stand for the ranks: every
    split of a piece into two pieces is a merge, and a piece's merges have neighbouring ranks
    (except runs of one character: "▁" * 31 is merged first as "▁" * 30 + "▁")."""
    first: dict[str, int] = {}
    last: dict[str, int] = {}
    count: dict[str, int] = {}
    listed = set(merges)
    for rank, (left, right) in enumerate(merges):
        piece = left + right
        if piece not in vocab:
            raise ConversionError(f"merge {left!r} + {right!r} makes {piece!r}, which is not in the vocabulary")
        first.setdefault(piece, rank)
        last[piece] = rank
        count[piece] = count.get(piece, 0) + 1
    scattered = [piece for piece in first if last[piece] - first[piece] + 1 != count[piece] and len(set(piece)) > 1]
    if scattered:
        raise ConversionError(f"{len(scattered)} pieces have merges of non-neighbouring ranks, e.g. {scattered[0]!r}")
    for piece in vocab:
        if piece in added:
            continue
        for cut in range(1, len(piece)):
            if piece[:cut] in vocab and piece[cut:] in vocab and (piece[:cut], piece[cut:]) not in listed:
                raise ConversionError(f"{piece!r} splits into two pieces at {cut} with no merge for them")
    return first


#: What a SentencePiece-converted Unigram tokenizer.json does with spaces (umT5's, from
#: transformers' converter): runs of spaces become one, then Metaspace writes spaces as "▁",
#: prepends one unless the text starts with it, and splits before every "▁".
METASPACE_NORMALIZERS = (
    {"type": "Sequence", "normalizers": [{"type": "Replace", "pattern": {"Regex": " {2,}"}, "content": " "}]},
    {"type": "Replace", "pattern": {"Regex": " {2,}"}, "content": " "},
)


def _is_metaspace(pre_tokenizer: Mapping[str, Any] | None) -> bool:
    """A Metaspace pre-tokenizer with "▁", prepending always and splitting (old or new keys)."""
    if not pre_tokenizer or pre_tokenizer.get("type") != "Metaspace" or pre_tokenizer.get("replacement") != "▁":
        return False
    prepends = pre_tokenizer.get("prepend_scheme", "always" if pre_tokenizer.get("add_prefix_space") else "never")
    return prepends == "always" and pre_tokenizer.get("split", True)


def sentencepiece_from_unigram_json(cfg: Mapping[str, Any], model_proto: Any) -> tuple[Any, dict[str, Any]]:
    """A SentencePiece Unigram model (a ``ModelProto`` of `model_proto`) and its tokenlab sidecar
    from a Unigram tokenizer.json with umT5's shape (no byte fallback, runs of spaces collapsed,
    Metaspace), encoding every text to the same ids and spans: a model keeps a sixth of what the
    json's trie does.

    Same lattice: every piece keeps its id and score, special tokens too. tokenlab encodes
    special-looking text as text, and the json's Unigram then finds "<pad>", "<unk>" or
    "<extra_id_0>" in its trie like any piece (score 0), so they stay NORMAL pieces and the
    sidecar's "special_ids" gives them their kind. SentencePiece needs an UNKNOWN piece it never
    matches: one is appended past the vocabulary ("n_vocab"), and "unknown_id" is the json's id
    it stands for. Pieces holding "▁" after their first character (umT5's runs of "▁") are
    UNUSED: the json splits before every "▁", so it never reaches them.

    What a model cannot say: the json collapses runs of spaces to their last space and prepends
    "▁" unless the text starts with a space or "▁" ("whitespace": "metaspace" in the sidecar,
    done by tokenlab before SentencePiece, whose own normalizer is left to escaping spaces), and
    its template appends </s> ("format_tokens").
    """
    model_cfg = cfg["model"]
    if model_cfg.get("type") != "Unigram" or model_cfg.get("byte_fallback"):
        raise ConversionError("expected a Unigram model without byte fallback")
    if cfg.get("normalizer") not in METASPACE_NORMALIZERS or not _is_metaspace(cfg.get("pre_tokenizer")):
        raise ConversionError('expected the normalizer " {2,}" -> " " and a Metaspace pre-tokenizer that splits')
    vocab = [(piece, float(score)) for piece, score in model_cfg["vocab"]]
    ids = {piece: token_id for token_id, (piece, _score) in enumerate(vocab) if piece}
    empty = [token_id for token_id, (piece, _score) in enumerate(vocab) if not piece]
    if len(ids) + len(empty) != len(vocab):
        raise ConversionError("a piece is listed twice")
    unknown_id = model_cfg["unk_id"]
    specials = []
    for token in cfg["added_tokens"]:
        if ids.get(token["content"]) != token["id"]:
            raise ConversionError(f"added token {token['content']!r} is not the piece of id {token['id']}")
        if not token["special"] or token["lstrip"] or token["rstrip"] or token["single_word"]:
            raise ConversionError(f"added token {token['content']!r} is matched in text, which a model cannot say")
        specials.append(token["id"])
    unknown = _unused_name("<unk>", ids)  # the json's own "<unk>" stays a piece its trie matches
    piece_type = model_proto.ModelProto.SentencePiece.Type
    model = model_proto.ModelProto()
    for token_id, (piece, score) in enumerate(vocab):
        if not piece:  # SentencePiece pieces are never empty: a placeholder nothing reaches
            model.pieces.add(piece=_unused_name(f"<empty:{token_id}>", ids), score=score, type=piece_type.UNUSED)
            continue
        kind = piece_type.UNUSED if "▁" in piece[1:] else piece_type.NORMAL
        model.pieces.add(piece=piece, score=score, type=kind)
    model.pieces.add(piece=unknown, score=0.0, type=piece_type.UNKNOWN)
    trainer = model.trainer_spec
    trainer.model_type = model_proto.TrainerSpec.UNIGRAM
    trainer.vocab_size = len(model.pieces)
    trainer.unk_id, trainer.bos_id, trainer.eos_id, trainer.pad_id = len(vocab), -1, -1, -1
    trainer.unk_piece = unknown
    normalizer = model.normalizer_spec
    normalizer.name = "identity"
    normalizer.add_dummy_prefix = False
    normalizer.remove_extra_whitespaces = False
    normalizer.escape_whitespaces = True
    sidecar = {
        "n_vocab": len(vocab),
        "unknown_id": unknown_id,
        "special_ids": sorted(specials),
        "empty_ids": empty,
        "format_tokens": _format_tokens(cfg.get("post_processor"), ids),
        "whitespace": "metaspace",
    }
    return model, sidecar


def _unused_name(name: str, pieces: Mapping[str, int]) -> str:
    """`name`, bracketed again until no piece of the vocabulary has it."""
    while name in pieces:
        name = f"<{name}>"
    return name


def _format_tokens(post_processor: Mapping[str, Any] | None, ids: Mapping[str, int]) -> list[list[int]]:
    """The ids a TemplateProcessing post-processor puts before and after a single text."""
    if not post_processor:
        return [[], []]
    if post_processor.get("type") != "TemplateProcessing":
        raise ConversionError(f"a {post_processor.get('type')} post-processor has no SentencePiece equivalent")
    frame: tuple[list[int], list[int]] = ([], [])
    seen_text = False
    for step in post_processor["single"]:
        if "Sequence" in step:
            seen_text = True
        else:
            frame[seen_text].append(ids[step["SpecialToken"]["id"]])
    return [frame[0], frame[1]]
