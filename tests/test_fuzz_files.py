"""Fuzzing the files a visitor uploads: whatever the bytes, only a TokenlabError comes out.

Each kind of file starts from a real, small one (a BPE and a WordPiece tokenizer.json trained
here, the same gzipped, the first 400 ranks of GPT-2's .tiktoken file, SentencePiece BPE and
Unigram models trained here, and the counts and usage Parquet files of a real profiling run),
then hypothesis flips, cuts, inserts and deletes bytes, or replaces one field of the JSON or
one column of the Parquet file. Every result goes through what the app does with an upload:
`load_tokenizer_bytes` and `segment`, or `open_uploaded_results` and the Corpus efficiency
page's tables. A tokenizer or a table is fine; a TokenlabError is fine; anything else (a
Rust panic, a UnicodeDecodeError, a polars or DuckDB error) fails the test.

Bounded to a few seconds in all (the examples per kind below); a failure prints the bytes
that caused it, to turn into a named test.
"""

from __future__ import annotations

import copy
import gzip
import io
import json
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import sentencepiece as spm
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from tokenizers import Tokenizer as HFTokenizerModel
from tokenizers import models, normalizers, pre_tokenizers, trainers

import tokenlab
from tokenlab import settings
from tokenlab.engine.results_run import profile_to_directory
from tokenlab.engine.store import MEMORY, Store
from tokenlab.metrics.budget import efficiency_table, what_fits
from tokenlab.vocab.bpe import train_bpe
from tokenlab.vocab.corpus import udhr_documents

#: Examples per kind of file: about a second for tokenizer files, five for results files (each
#: opens DuckDB three times). 600 of each found nothing more when this test was written.
TOKENIZER_EXAMPLES = 80
RESULTS_EXAMPLES = 25
TEXTS = ["Hello world", "a😀 ü\n\t東京 <s> [CLS] ▁x <0xE3>"]


def fuzz_settings(examples: int) -> hypothesis_settings:
    return hypothesis_settings(
        max_examples=examples, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
    )


#: Values a mutated JSON field takes: wrong types, out-of-range numbers, broken regexes.
HOSTILE_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.sampled_from([-1, 0, 2**31, 2**63, 2**64 + 1, 1e308, -0.5]),
    st.sampled_from(["", "(", "[", "\\", "\\p{Foo}", "(?<=a+)b", "\ud800", "<0xZZ>", "▁", "##", "$A", "[UNK]"]),
    st.text(max_size=6),
    st.lists(st.integers(-2, 2), max_size=3),
    st.just({}),
    st.just([["a", "b", "c"]]),
)


def _english() -> list[str]:
    return udhr_documents(["eng"])


def _wordpiece_json() -> str:
    model = HFTokenizerModel(models.WordPiece(unk_token="[UNK]"))
    model.normalizer = normalizers.BertNormalizer(lowercase=True)
    model.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    trainer = trainers.WordPieceTrainer(vocab_size=300, special_tokens=["[UNK]", "[CLS]", "[SEP]"], show_progress=False)
    model.train_from_iterator(_english(), trainer=trainer)
    return model.to_str()


def _sentencepiece(model_type: str) -> bytes:
    model = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(_english()),
        model_writer=model,
        vocab_size=400,
        model_type=model_type,
        byte_fallback=model_type == "bpe",
        minloglevel=2,
    )
    return model.getvalue()


@pytest.fixture(scope="module")
def tokenizer_files() -> dict[str, bytes]:
    """Real small files of each format load_tokenizer_bytes reads, by upload name."""
    bpe = train_bpe(_english(), 400).to_str()
    ranks = (settings.DATA_DIR / "tokenizers" / "openai" / "r50k_base.tiktoken").read_bytes().splitlines()[:400]
    files = {
        "bpe.json": bpe.encode(),
        "wordpiece.json": _wordpiece_json().encode(),
        "bpe.json.gz": gzip.compress(bpe.encode(), mtime=0),
        "ranks.tiktoken": b"\n".join(ranks) + b"\n",
        "bpe.model": _sentencepiece("bpe"),
        "unigram.model": _sentencepiece("unigram"),
    }
    for name, data in files.items():  # each one works before it is mutated
        tokenlab.load_tokenizer_bytes(data, name).segment(TEXTS[1])
    return files


@pytest.fixture(scope="module")
def results_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The counts and usage files of a real run of the local engine, by upload name."""
    corpus = tmp_path_factory.mktemp("corpus") / "shard.jsonl"
    rows = [{"text": text, "lang": lang} for lang in ("eng", "fra") for text in udhr_documents([lang])[:6]]
    corpus.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    out = tmp_path_factory.mktemp("results")
    profile_to_directory(str(corpus), ["gpt2"], out, text_column="text", group_column="lang", store=Store(MEMORY))
    (counts,) = (out / "counts" / "gpt2").glob("*.parquet")
    (usage,) = (out / "usage" / "gpt2").glob("*.parquet")
    return {"counts.parquet": counts.read_bytes(), "usage.parquet": usage.read_bytes()}


@st.composite
def mutated_bytes(draw: st.DrawFn, original: bytes) -> bytes:
    """`original` with one to four byte flips, cuts, insertions or deletions."""
    data = bytearray(original)
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        edit = draw(st.sampled_from(["flip", "truncate", "insert", "delete"]))
        if edit == "flip" and data:
            data[at] ^= draw(st.integers(1, 255))
        elif edit == "truncate":
            del data[at:]
        elif edit == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=8))
        else:
            del data[at : at + draw(st.integers(1, 64))]
    return bytes(data)


@st.composite
def mutated_json(draw: st.DrawFn, original: bytes) -> bytes:
    """`original` (a tokenizer.json) with one field, at any depth, replaced by a hostile value."""
    document = copy.deepcopy(json.loads(original))
    node: Any = document
    while True:
        keys = list(node) if isinstance(node, dict) else list(range(len(node)))
        if not keys:
            break
        key = draw(st.sampled_from(keys[:50]))
        child = node[key]
        if isinstance(child, dict | list) and child and draw(st.booleans()):
            node = child
            continue
        node[key] = draw(HOSTILE_VALUES)
        break
    return json.dumps(document).encode("utf-8", "surrogatepass")


@st.composite
def mutated_parquet(draw: st.DrawFn, original: bytes) -> bytes:
    """`original` (a results file) with one column's values replaced: zeros, negatives, nulls, huge."""
    table = pq.read_table(io.BytesIO(original))
    index = draw(st.integers(0, table.num_columns - 1))
    field = table.schema.field(index)
    if pa.types.is_integer(field.type):
        values = draw(st.sampled_from([0, -1, 2**62, None]))
    else:
        values = draw(st.sampled_from(["", None, "<b>x</b>", "x" * 10_000]))
    column = pa.array([values] * table.num_rows, type=field.type)
    buffer = io.BytesIO()
    pq.write_table(table.set_column(index, field, column), buffer)
    return buffer.getvalue()


def tokenizer_cases(files: dict[str, bytes]) -> st.SearchStrategy[tuple[str, bytes]]:
    def mutations(name: str) -> st.SearchStrategy[bytes]:
        data = files[name]
        json_fields = [mutated_json(data)] if name.endswith(".json") else []
        gzipped_fields = [mutated_json(gzip.decompress(data)).map(gzip.compress)] if name.endswith(".gz") else []
        return st.one_of(mutated_bytes(data), *json_fields, *gzipped_fields)

    return st.sampled_from(sorted(files)).flatmap(lambda name: st.tuples(st.just(name), mutations(name)))


def results_cases(files: dict[str, bytes]) -> st.SearchStrategy[list[tuple[str, bytes]]]:
    """One mutated file, alone or beside the other (unmutated) one."""

    def case(name: str) -> st.SearchStrategy[list[tuple[str, bytes]]]:
        other = next(n for n in files if n != name)
        mutated = st.one_of(mutated_bytes(files[name]), mutated_parquet(files[name]))
        return st.tuples(mutated, st.booleans()).map(
            lambda pair: [(name, pair[0]), *([(other, files[other])] if pair[1] else [])]
        )

    return st.sampled_from(sorted(files)).flatmap(case)


def test_mutated_tokenizer_files_load_and_segment_or_raise_a_tokenlab_error(tokenizer_files: dict[str, bytes]) -> None:
    @fuzz_settings(TOKENIZER_EXAMPLES)
    @given(tokenizer_cases(tokenizer_files))
    def check(case: tuple[str, bytes]) -> None:
        name, data = case
        try:
            tokenizer = tokenlab.load_tokenizer_bytes(data, name)
            for text in TEXTS:
                tokenizer.segment(text)
        except tokenlab.TokenlabError as error:
            assert str(error).strip() and "\n" not in str(error).strip()

    check()


def test_mutated_results_files_open_and_tabulate_or_raise_a_tokenlab_error(results_files: dict[str, bytes]) -> None:
    store = Store(MEMORY)  # one for every example: each mutated file is a corpus of its own

    @fuzz_settings(RESULTS_EXAMPLES)
    @given(results_cases(results_files))
    def check(uploads: list[tuple[str, bytes]]) -> None:
        try:
            profile = tokenlab.open_uploaded_results(uploads, store=store)
            table = efficiency_table(profile, "results", by_group=True)
            what_fits(table, 128_000)
        except tokenlab.TokenlabError as error:
            message = str(error)
            assert message.strip() and "\n" not in message.strip()
            assert "tokenlab-results-" not in message  # no server path

    check()


def test_the_unmutated_results_are_read_in_full(results_files: dict[str, bytes]) -> None:
    """The starting point is a real run: two groups counted by gpt2, with token usage."""
    profile = tokenlab.open_uploaded_results(list(results_files.items()), store=Store(MEMORY))
    table = efficiency_table(profile, "results", by_group=True)
    assert table.get_column("domain").to_list() == ["results: eng", "results: fra"]
    assert table.get_column("utilisation").is_not_null().all()
