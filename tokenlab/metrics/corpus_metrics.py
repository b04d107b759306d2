"""Corpus-level metrics, computed in DuckDB SQL from a `Profile`'s stored counts.

Every function returns a polars frame with one row per tokenizer (baselines included) and,
with `by_group=True`, per group (a UDHR language, a code language, an upload's group column);
`groups` restricts the documents to some groups. Sums are taken before ratios are formed, so
a group's rate is its totals' ratio, not a mean of per-document ratios. Tokens are always
those of each document encoded whole, in context, without special tokens.

Definitions and sources (the docstring of each function repeats its formula):

- compression: characters per token, bytes per token, tokens per 1,000 characters
  (Goldman et al. 2024, "Unpacking Tokenization");
- fertility: tokens per word unit (Rust et al. 2021, "How Good is Your Tokenizer?"), with the
  unit (whitespace word, ICU dictionary word, grapheme cluster..., see word_units.py) beside it;
- split-word rate, Rust et al.'s "proportion of continued words" (a share of word units), and
  the continuation-token rate (a share of tokens), kept apart (alignment.py);
- parity: tokens for a language / tokens for the reference on the same parallel articles
  (Petrov et al. 2023, "Language Model Tokenizers Introduce Unfairness Between Languages",
  their tokenization premium), with a seeded bootstrap confidence interval over articles,
  given only with settings.MIN_PARITY_ARTICLES shared articles, and the Gini coefficient of
  parity across the languages other than the reference whose coverage is not flagged;
- coverage: the share of characters that reach the model, 1 - (unknown + dropped characters) /
  characters (text/coverage.py); pairs below settings.MIN_COVERAGE are `flagged`;
- unknown-token, unknown-character and byte-fallback rates;
- vocabulary utilisation: distinct tokens used / vocabulary size;
- Shannon and Rényi efficiency (Zouhar et al. 2023, "Tokenization and the Noiseless Channel").
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import duckdb
import numpy as np
import polars as pl

from tokenlab import settings
from tokenlab.corpora.corpus import CorpusError
from tokenlab.engine.profiling import Profile

ALL_GROUPS = "(all)"

_SELECTED = """
WITH wanted AS (SELECT unnest($keys) AS tokenizer_key, generate_subscripts($keys, 1) AS position),
counted AS (
    SELECT r.tokenizer_id AS tokenizer, w.position, r.vocab_size, d.group_name, d.part, d.unit,
           d.characters, d.bytes, d.words, c.tokens, c.split_words, c.continuation_tokens,
           c.unknown_tokens, c.unknown_chars, c.byte_fallback_tokens, c.dropped_chars
    FROM doc_counts AS c
    JOIN wanted AS w USING (tokenizer_key)
    JOIN runs AS r USING (corpus_hash, tokenizer_key)
    JOIN documents AS d USING (corpus_hash, doc)
    WHERE c.corpus_hash = $corpus AND ($groups::VARCHAR[] IS NULL OR list_contains($groups, d.group_name))
),
totals AS (
    SELECT tokenizer, any_value(position) AS position,
           CASE WHEN $by_group THEN group_name ELSE $all_groups END AS "group",
           string_agg(DISTINCT unit, '+' ORDER BY unit) AS unit,
           count(*) AS documents, sum(tokens)::BIGINT AS tokens, sum(characters)::BIGINT AS characters,
           sum(bytes)::BIGINT AS bytes, sum(words)::BIGINT AS words, sum(split_words)::BIGINT AS split_words,
           sum(continuation_tokens)::BIGINT AS continuation_tokens, sum(unknown_tokens)::BIGINT AS unknown_tokens,
           sum(unknown_chars)::BIGINT AS unknown_chars, sum(byte_fallback_tokens)::BIGINT AS byte_fallback_tokens,
           sum(dropped_chars)::BIGINT AS dropped_chars
    FROM counted GROUP BY tokenizer, "group"
)
"""

_USAGE = """
WITH wanted AS (SELECT unnest($keys) AS tokenizer_key, generate_subscripts($keys, 1) AS position),
usage AS (
    SELECT r.tokenizer_id AS tokenizer, any_value(w.position) AS position, any_value(r.vocab_size) AS vocab_size,
           CASE WHEN $by_group THEN u.group_name ELSE $all_groups END AS "group", u.token_id, sum(u.count) AS n
    FROM token_usage AS u
    JOIN wanted AS w USING (tokenizer_key)
    JOIN runs AS r USING (corpus_hash, tokenizer_key)
    WHERE u.corpus_hash = $corpus AND ($groups::VARCHAR[] IS NULL OR list_contains($groups, u.group_name))
    GROUP BY tokenizer, "group", u.token_id
),
distribution AS (SELECT *, n / sum(n) OVER (PARTITION BY tokenizer, "group") AS p FROM usage)
"""

_RATES = {
    "chars_per_token": "characters / nullif(tokens, 0)",
    "bytes_per_token": "bytes / nullif(tokens, 0)",
    "tokens_per_1k_chars": "1000.0 * tokens / nullif(characters, 0)",
    "fertility": "tokens / nullif(words, 0)",
    "word_split_rate": "split_words / nullif(words, 0)",
    "continuation_rate": "continuation_tokens / nullif(tokens, 0)",
    "unknown_rate": "unknown_tokens / nullif(tokens, 0)",
    "unknown_char_rate": "unknown_chars / nullif(characters, 0)",
    "byte_fallback_rate": "byte_fallback_tokens / nullif(tokens, 0)",
    "dropped_char_rate": "dropped_chars / nullif(characters, 0)",
    "coverage": "1 - (unknown_chars + dropped_chars) / nullif(characters, 0)",
}
_FLAGGED = pl.col("coverage") < settings.MIN_COVERAGE


def _query(profile: Profile, sql: str, groups: Sequence[str] | None, by_group: bool, **extra: Any) -> pl.DataFrame:
    params = {
        "keys": list(profile.tokenizer_keys.values()),
        "corpus": profile.corpus_hash,
        "groups": list(groups) if groups else None,
        "by_group": by_group,
        "all_groups": ALL_GROUPS,
        **extra,
    }
    return profile.store.query(sql, params)


def _totals(profile: Profile, columns: Sequence[str], groups: Sequence[str] | None, by_group: bool) -> pl.DataFrame:
    """Selected columns of the per-(tokenizer, group) totals; rates by their _RATES formula."""
    select = ", ".join(f"{_RATES[c]} AS {c}" if c in _RATES else c for c in columns)
    sql = f'{_SELECTED} SELECT tokenizer, "group", {select} FROM totals ORDER BY position, "group"'
    return _query(profile, sql, groups, by_group)


def compression(profile: Profile, groups: Sequence[str] | None = None, by_group: bool = True) -> pl.DataFrame:
    """chars_per_token = C / T, bytes_per_token = B / T, tokens_per_1k_chars = 1000 T / C, with T
    tokens, C characters (code points) and B UTF-8 bytes summed over the documents (Goldman et al.
    2024). Higher chars/token, fewer tokens per 1k characters: cheaper text."""
    return _totals(
        profile,
        ("documents", "tokens", "characters", "bytes", "chars_per_token", "bytes_per_token", "tokens_per_1k_chars"),
        groups,
        by_group,
    )


def fertility(profile: Profile, groups: Sequence[str] | None = None, by_group: bool = True) -> pl.DataFrame:
    """fertility = T / W: tokens per word unit (Rust et al. 2021), 1.0 = one token per unit.

    W counts each document's unit (word_units.py): whitespace words, words between Ethiopic
    wordspaces, ICU dictionary words for Thai, Lao, Khmer, Myanmar, Chinese and Japanese, tsheg
    syllables for Tibetan, grapheme clusters for unspaced scripts without a dictionary; `unit`
    names it ("icu_word+word" when the documents mix). Compare languages with different units
    through chars_per_token or parity instead.
    """
    return _totals(profile, ("unit", "words", "tokens", "fertility"), groups, by_group)


def word_split_rate(profile: Profile, groups: Sequence[str] | None = None, by_group: bool = True) -> pl.DataFrame:
    """word_split_rate = S / W: share of word units that more than one token overlaps (token
    offsets of the in-context encoding; see alignment.py): Rust et al.'s (2021) "proportion of
    continued words"."""
    return _totals(profile, ("unit", "words", "split_words", "word_split_rate"), groups, by_group)


def continuation_rate(profile: Profile, groups: Sequence[str] | None = None, by_group: bool = True) -> pl.DataFrame:
    """continuation_rate = K / T: share of tokens that continue a word unit an earlier token
    began (alignment.py). A share of tokens, not Rust et al.'s proportion of continued words
    (a share of words: word_split_rate): one word cut in 4 adds 1 split word, 3 continuation
    tokens."""
    return _totals(profile, ("unit", "tokens", "continuation_tokens", "continuation_rate"), groups, by_group)


def unknown_rates(profile: Profile, groups: Sequence[str] | None = None, by_group: bool = True) -> pl.DataFrame:
    """unknown_rate = U / T (tokens that are <unk>), unknown_char_rate = Uc / C (characters those
    tokens stand for), byte_fallback_rate = F / T (SentencePiece <0xNN> byte tokens),
    dropped_char_rate = D / C (characters a normalizer dropped, text/coverage.py), and
    coverage = 1 - (Uc + D) / C, the share of characters that reach the model.

    `flagged` marks coverage < settings.MIN_COVERAGE (90%): such counts understate the cost,
    since the model never sees the text behind an <unk> or a dropped character.
    """
    frame = _totals(
        profile,
        (
            "characters",
            "tokens",
            "unknown_tokens",
            "unknown_rate",
            "unknown_chars",
            "unknown_char_rate",
            "byte_fallback_tokens",
            "byte_fallback_rate",
            "dropped_chars",
            "dropped_char_rate",
            "coverage",
        ),
        groups,
        by_group,
    )
    return frame.with_columns(flagged=_FLAGGED)


def coverage(profile: Profile, groups: Sequence[str] | None = None, by_group: bool = True) -> pl.DataFrame:
    """coverage = 1 - (Uc + D) / C per tokenizer (and group), with `flagged` (see unknown_rates)."""
    frame = _totals(profile, ("characters", "unknown_chars", "dropped_chars", "coverage"), groups, by_group)
    return frame.with_columns(flagged=_FLAGGED)


def summary(profile: Profile, groups: Sequence[str] | None = None, by_group: bool = True) -> pl.DataFrame:
    """Every per-document metric above in one frame (what `profile --out` writes), with names."""
    frame = _totals(
        profile,
        ("documents", "unit", "tokens", "characters", "bytes", "words", "unknown_chars", "dropped_chars", *_RATES),
        groups,
        by_group,
    )
    frame = frame.with_columns(flagged=_FLAGGED)
    names = profile.store.query(
        'SELECT group_name AS "group", name FROM groups WHERE corpus_hash = $corpus', {"corpus": profile.corpus_hash}
    )
    return frame.join(names, on="group", how="left", maintain_order="left").select(
        "tokenizer", "group", "name", *[c for c in frame.columns if c not in ("tokenizer", "group")]
    )


def vocab_utilisation(profile: Profile, groups: Sequence[str] | None = None, by_group: bool = False) -> pl.DataFrame:
    """utilisation = |{distinct token ids used}| / |V|, on the corpus (or each group), with |V|
    the tokenizer's full vocabulary size. Low values on a large corpus mean vocabulary spent on
    other languages or domains."""
    sql = f"""{_USAGE}
        SELECT tokenizer, "group", any_value(vocab_size) AS vocab_size, count(*) AS distinct_tokens,
               count(*) / any_value(vocab_size) AS utilisation
        FROM usage GROUP BY tokenizer, "group" ORDER BY any_value(position), "group" """
    return _query(profile, sql, groups, by_group)


def efficiency(
    profile: Profile, groups: Sequence[str] | None = None, by_group: bool = False, alpha: float = settings.RENYI_ALPHA
) -> pl.DataFrame:
    """Shannon efficiency H(p) / log|V| and Rényi efficiency H_a(p) / log|V| of the unigram token
    distribution p (Zouhar et al. 2023), where H(p) = -sum p log p and
    H_a(p) = log(sum p^a) / (1 - a); a = 2.5 by default, |V| the vocabulary size. Both lie in
    [0, 1]; Rényi efficiency penalises very frequent tokens as well as very rare ones."""
    if alpha <= 0 or alpha == 1:
        raise ValueError(f"The Rényi order alpha must be positive and not 1 (got {alpha}); 2.5 is the usual choice.")
    sql = f"""{_USAGE}
        SELECT tokenizer, "group", any_value(vocab_size) AS vocab_size, sum(n)::BIGINT AS tokens,
               -sum(p * ln(p)) AS shannon_entropy,
               ln(sum(power(p, $alpha))) / (1 - $alpha) AS renyi_entropy,
               -sum(p * ln(p)) / ln(any_value(vocab_size)) AS shannon_efficiency,
               ln(sum(power(p, $alpha))) / (1 - $alpha) / ln(any_value(vocab_size)) AS renyi_efficiency
        FROM distribution GROUP BY tokenizer, "group" ORDER BY any_value(position), "group" """
    return _query(profile, sql, groups, by_group, alpha=float(alpha))


def _article_tokens(profile: Profile, groups: Sequence[str] | None) -> pl.DataFrame:
    """Tokens per (tokenizer, group, part): the parallel units parity compares."""
    sql = f"""{_SELECTED}
        SELECT tokenizer, any_value(position) AS position, group_name AS "group", part, sum(tokens)::BIGINT AS tokens
        FROM counted GROUP BY tokenizer, group_name, part ORDER BY position, "group", part"""
    return _query(profile, sql, groups, True)


def parity(
    profile: Profile,
    reference: str = "eng",
    groups: Sequence[str] | None = None,
    samples: int = settings.BOOTSTRAP_SAMPLES,
    confidence: float = settings.CONFIDENCE,
    seed: int = settings.BOOTSTRAP_SEED,
    min_articles: int = settings.MIN_PARITY_ARTICLES,
) -> pl.DataFrame:
    """parity(L) = sum_a T_L(a) / sum_a T_ref(a) over the parallel articles a both have
    (Petrov et al. 2023 call it the tokenization premium; 1.0 is parity, 2.0 costs double).

    The interval is a percentile bootstrap over articles: `samples` resamples of the shared
    articles with replacement, from a generator seeded with `seed` for every (tokenizer,
    language), so the same request always gives the same interval. With fewer than
    `min_articles` shared articles there is no figure (parity and interval are null).
    `coverage` and `flagged` are the language's (see unknown_rates): a flagged language's
    parity is low because the model does not see its text.
    """
    wanted = sorted({*groups, reference}) if groups else None
    articles = _article_tokens(profile, wanted)
    if articles.filter(pl.col("group") == reference).is_empty():
        raise CorpusError(f"The reference language {reference!r} is not in this corpus; pick one of its groups.")
    rows = []
    for (tokenizer,), frame in articles.group_by("tokenizer", maintain_order=True):
        table = frame.pivot(on="group", index="part", values="tokens")
        ref = table.get_column(reference).to_numpy().astype(float)
        for group in frame.get_column("group").unique(maintain_order=True):
            own = table.get_column(group).to_numpy().astype(float)
            shared = ~np.isnan(own) & ~np.isnan(ref)
            rows.append(
                {
                    "tokenizer": tokenizer,
                    "group": group,
                    "reference": reference,
                    **_bootstrap(own[shared], ref[shared], samples, confidence, seed, min_articles),
                }
            )
    covered = coverage(profile, wanted).select("tokenizer", "group", "coverage", "flagged")
    return pl.DataFrame(
        rows,
        schema={
            "tokenizer": pl.String,
            "group": pl.String,
            "reference": pl.String,
            "articles": pl.Int64,
            "tokens": pl.Int64,
            "reference_tokens": pl.Int64,
            "parity": pl.Float64,
            "ci_low": pl.Float64,
            "ci_high": pl.Float64,
        },
    ).join(covered, on=["tokenizer", "group"], how="left", maintain_order="left")


def _bootstrap(
    own: np.ndarray, ref: np.ndarray, samples: int, confidence: float, seed: int, min_articles: int
) -> dict[str, Any]:
    n = len(own)
    point = own.sum() / ref.sum() if n >= min_articles and n and ref.sum() else None
    low = high = point
    if point is not None and n > 1:
        weights = np.random.default_rng(seed).multinomial(n, np.full(n, 1 / n), size=samples)
        ratios = (weights @ own) / np.maximum(weights @ ref, 1e-12)
        low, high = np.quantile(ratios, [(1 - confidence) / 2, (1 + confidence) / 2])
    return {
        "articles": n,
        "tokens": int(own.sum()),
        "reference_tokens": int(ref.sum()),
        "parity": point,
        "ci_low": low,
        "ci_high": high,
    }


def parity_gini(parities: pl.DataFrame) -> pl.DataFrame:
    """Gini coefficient of parity across the languages in `parities` (a `parity` frame), per
    tokenizer: G = sum_i sum_j |x_i - x_j| / (2 n^2 mean(x)), computed from the sorted values as
    G = 2 sum_i i x_(i) / (n sum x) - (n + 1) / n. 0 = every language costs the same.

    Over the languages other than the reference (at parity 1.0 by definition) that have a
    parity figure and whose coverage is not flagged: `left_out` counts the flagged ones, whose
    low token counts would make an unfair tokenizer look fair."""
    sql = """
        WITH ranked AS (
            SELECT tokenizer, parity AS x, row_number() OVER (PARTITION BY tokenizer ORDER BY parity) AS i,
                   count(*) OVER (PARTITION BY tokenizer) AS n
            FROM eligible WHERE NOT flagged)
        SELECT tokenizer, any_value(n) AS languages,
               2 * sum(i * x) / (any_value(n) * sum(x)) - (any_value(n) + 1) / any_value(n) AS gini
        FROM ranked GROUP BY tokenizer"""
    flagged = pl.col("flagged").fill_null(False) if "flagged" in parities.columns else pl.lit(False)
    eligible = parities.filter(pl.col("parity").is_not_null(), pl.col("group") != pl.col("reference")).select(
        "tokenizer", "parity", flagged=flagged
    )
    with duckdb.connect() as connection:
        connection.register("eligible", eligible)
        gini = connection.sql(sql).pl()
    left_out = eligible.group_by("tokenizer").agg(left_out=pl.col("flagged").sum().cast(pl.Int64))
    result = (
        left_out.join(gini, on="tokenizer", how="left")
        .with_columns(pl.col("languages").fill_null(0).cast(pl.Int64))
        .select("tokenizer", "languages", "left_out", "gini")
    )
    order = {name: i for i, name in enumerate(parities.get_column("tokenizer").unique(maintain_order=True))}
    return result.sort(pl.col("tokenizer").replace_strict(order, return_dtype=pl.Int64))
