"""Training byte-level BPE tokenizers with Hugging Face `tokenizers`, ordinary and superword.

Ordinary: GPT-2-style byte-level BPE (`pre_tokenizers.ByteLevel`, its regex splits text into
words, so no token crosses a space), all 256 bytes in the initial alphabet, so any text encodes.

Superword, in the spirit of SuperBPE (Liu et al. 2025, arXiv:2503.13423): stage 1 is ordinary
BPE up to a transition size t; stage 2 keeps learning merges of stage-1 tokens *without*
whitespace pre-tokenization, up to V, so that tokens can span several words ("Ġof Ġthe").
Stage 2 still stops at line breaks and sentence punctuation (SUPERWORD_CHUNK), as SuperBPE
keeps punctuation boundaries. `tokenizers` has no two-stage trainer, so stage 2 writes each
chunk's stage-1 tokens as one private-use character each and trains ordinary BPE on those
strings; its merges are then spelled back as stage-1 tokens and appended to stage 1's. The
result is one BPE model whose merges apply by rank over a whole chunk (an approximation of
SuperBPE's encoder, which runs stage 1 inside words first).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

from tokenizers import Regex, Tokenizer, decoders, models, pre_tokenizers, trainers

from tokenlab.vocab.errors import VocabLabError

BYTE_ALPHABET = 256
#: Stage 2 never merges across a line break or after sentence punctuation.
SUPERWORD_CHUNK = r"[^\n.!?;:。！？]+[.!?;:。！？]*|\n+|[.!?;:。！？]+"
#: Stage-1 token ids written as characters of the supplementary private-use planes.
_PRIVATE_USE = 0xF0000


def _byte_level(tokenizer: Tokenizer, use_regex: bool = True) -> Tokenizer:
    tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=use_regex)
    tokenizer.decoder = decoders.ByteLevel()
    return tokenizer


def _check_size(vocab_size: int) -> None:
    if vocab_size <= BYTE_ALPHABET:
        raise VocabLabError(f"A byte-level vocabulary needs more than {BYTE_ALPHABET} entries, got {vocab_size:,}.")


def train_bpe(texts: Iterable[str], vocab_size: int) -> Tokenizer:
    """Ordinary byte-level BPE with (at most) `vocab_size` entries, trained on `texts`."""
    _check_size(vocab_size)
    tokenizer = _byte_level(Tokenizer(models.BPE()))
    trainer = trainers.BpeTrainer(
        vocab_size=vocab_size,
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
        special_tokens=[],
    )
    tokenizer.train_from_iterator(texts, trainer=trainer)
    return tokenizer


def _chunker() -> pre_tokenizers.Split:
    return pre_tokenizers.Split(Regex(SUPERWORD_CHUNK), behavior="isolated")


def _model_parts(tokenizer: Tokenizer) -> tuple[dict[str, int], list[tuple[str, str]]]:
    model = json.loads(tokenizer.to_str())["model"]
    merges = [tuple(m) if isinstance(m, list) else tuple(m.split(" ", 1)) for m in model["merges"]]
    return dict(model["vocab"]), merges


def _chunk_strings(stage1: Tokenizer, texts: Iterable[str]) -> Iterator[str]:
    """Each chunk of `texts` as its stage-1 token ids written one private-use character each."""
    chunker = _chunker()
    for text in texts:
        pieces = [piece for piece, _ in chunker.pre_tokenize_str(text)]
        for encoding in stage1.encode_batch(pieces, add_special_tokens=False):
            if len(encoding.ids) > 1:
                yield "".join(chr(_PRIVATE_USE + token_id) for token_id in encoding.ids)


def train_superword(texts: list[str], stage1: Tokenizer, vocab_size: int) -> Tokenizer:
    """A superword tokenizer of (at most) `vocab_size` entries: `stage1`'s merges, then merges
    across words learned on `texts` (see the module docstring)."""
    vocab, merges = _model_parts(stage1)
    transition = len(vocab)
    if vocab_size <= transition:
        raise VocabLabError(f"The superword size {vocab_size:,} must exceed the transition size {transition:,}.")
    spelling = {token_id: token for token, token_id in vocab.items()}
    chunks = list(_chunk_strings(stage1, texts))
    alphabet = {char for chunk in chunks for char in chunk}
    stage2 = Tokenizer(models.BPE())
    trainer = trainers.BpeTrainer(
        vocab_size=len(alphabet) + vocab_size - transition,
        show_progress=False,
        special_tokens=[],
        limit_alphabet=len(alphabet) or None,
    )
    stage2.train_from_iterator(chunks, trainer=trainer)

    def spell(piece: str) -> str:
        return "".join(spelling[ord(char) - _PRIVATE_USE] for char in piece)

    known_merges = set(merges)
    for left, right in _model_parts(stage2)[1]:
        pair = (spell(left), spell(right))
        if pair in known_merges:
            continue
        known_merges.add(pair)
        merges.append(pair)
        vocab.setdefault(pair[0] + pair[1], len(vocab))
    tokenizer = _byte_level(Tokenizer(models.BPE(vocab=vocab, merges=merges)), use_regex=False)
    tokenizer.pre_tokenizer = pre_tokenizers.Sequence([_chunker(), tokenizer.pre_tokenizer])
    return tokenizer


def truncated(tokenizer: Tokenizer, vocab_size: int) -> Tokenizer:
    """`tokenizer` cut to its first `vocab_size` entries and the merges that make them (BPE
    learns merges greedily, so this equals training with the smaller size)."""
    vocab, merges = _model_parts(tokenizer)
    kept = {token: token_id for token, token_id in vocab.items() if token_id < vocab_size}
    kept_merges = [pair for pair in merges if pair[0] + pair[1] in kept and pair[0] in kept and pair[1] in kept]
    copy = Tokenizer(models.BPE(vocab=kept, merges=kept_merges))
    copy.pre_tokenizer, copy.decoder = tokenizer.pre_tokenizer, tokenizer.decoder
    return copy
