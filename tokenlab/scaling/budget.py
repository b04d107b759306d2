"""A training budget in the units people have at hand: FLOPs, tokens, or characters of data.

The paper measures data in characters H, which do not depend on the tokenizer; tokens are
D = H / (characters per token), and training FLOPs are C = 6 (N_nv + V d) D (`utils.func_flops`:
the output layer carries V d, the embedding lookup is free). The paper's f(V) is one estimate
of tokens per character (English SlimPajama BPE); a real tokenizer measured on real text is
another, and the page shows both.

    3e12 characters at 4.0 characters/token -> 7.5e11 tokens;
    7B non-vocabulary parameters, V = 32,000, d = 4096, 7.5e11 tokens -> 3.21e22 FLOPs
"""

from __future__ import annotations

from functools import lru_cache

from tokenlab.corpora.udhr import udhr_paragraph_texts
from tokenlab.scaling import laws
from tokenlab.tokenizers.base import Tokenizer

#: The bundled UDHR's English version: the default text to measure characters per token on.
UDHR_ENGLISH = "eng"


def flops_from_tokens(non_vocab_params: float, vocab_size: float, d_model: float, tokens: float) -> float:
    """C = 6 (N_nv + V d) D, the paper's training FLOPs with the vocabulary correction (section 1.3).

    flops_from_tokens(7e9, 32000, 4096, 7.5e11) -> 3.209e22
    """
    n_nv = laws.check_non_vocab_params(non_vocab_params)
    vocab = laws.check_quantity("Vocabulary size", vocab_size, example="32000", low=2, high=laws.MAX_VOCAB_SIZE)
    d = laws.check_d_model(d_model)
    data = laws.check_quantity("Training tokens", tokens, example="2e12", low=1, high=laws.MAX_TOKENS)
    return 6 * (n_nv + vocab * d) * data


def tokens_from_characters(characters: float, chars_per_token: float) -> float:
    """D = H / (characters per token): 3e12 characters at 4.0 -> 7.5e11 tokens."""
    chars = laws.check_quantity("Training characters", characters, example="8e12", low=1, high=laws.MAX_TOKENS * 100)
    ratio = laws.check_quantity("Characters per token", chars_per_token, example="4.0", low=0.01, high=1000)
    return chars / ratio


def measured_chars_per_token(tokenizer: Tokenizer, text: str) -> float:
    """Characters (code points) of `text` per token of `tokenizer`, no special tokens added.

    o200k_base on "Hello world" (11 characters, 2 tokens) -> 5.5
    """
    tokens = len(tokenizer.encode(text))
    if not tokens:
        raise ValueError("The text to measure characters per token on is empty; paste some text or pick the UDHR.")
    return len(text) / tokens


@lru_cache(maxsize=1)
def udhr_english() -> str:
    """The English UDHR bundled in data/corpora: preamble and articles 1-30, one paragraph a line."""
    return "\n".join(udhr_paragraph_texts(UDHR_ENGLISH, subset=True))
