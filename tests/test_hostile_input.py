"""Whatever a user sends (bytes, file names, hub ids, corpus names), tokenlab answers with a
result or a TokenlabError whose message it can show; never another exception, never a file
read or written because of a name.

Complements tests/tokenizers/test_user_files.py, tests/test_text_input.py, tests/test_share.py
and tests/corpora/test_uploads.py, which cover the named bad inputs one by one.
"""

from __future__ import annotations

import base64
import gzip
import json
import os

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

import tokenlab
from tokenlab.text.user_text import decode_text_upload
from tokenlab.tokenizers.formats import GZIP_MAGIC

HOSTILE_NAMES = [
    "../../etc/passwd",
    "..\\..\\windows\\win.ini",
    "/etc/shadow",
    "'); DROP TABLE documents;--",
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    "con.txt\x00.json",
    "**bold** [link](javascript:alert(1))",
]

# Bytes that reach each parser of load_tokenizer_bytes: JSON-ish, gzip-ish, rank-file-ish, other.
_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=8),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=12,
)
_tokenizer_json = st.fixed_dictionaries(
    {
        "model": st.fixed_dictionaries(
            {"type": st.sampled_from(["BPE", "WordPiece", "Unigram", "WordLevel", "x"])},
            optional={"vocab": _json_values, "merges": _json_values, "unk_token": _json_values},
        )
    },
    optional={
        "added_tokens": _json_values,
        "normalizer": _json_values,
        "pre_tokenizer": _json_values,
        "decoder": _json_values,
        "post_processor": _json_values,
    },
).map(lambda value: json.dumps(value).encode())
_rank_files = st.lists(
    st.tuples(st.sampled_from(["SGVsbG8=", "IA==", "YQ==", "", "!!"]), st.integers(-3, 300)), min_size=1, max_size=6
).map(lambda lines: "".join(f"{token} {rank}\n" for token, rank in lines).encode())
tokenizer_bytes = st.one_of(
    st.binary(max_size=200),
    _tokenizer_json,
    _tokenizer_json.map(gzip.compress),
    st.binary(max_size=100).map(lambda data: GZIP_MAGIC + data),
    st.binary(max_size=100).map(lambda data: b"{" + data),
    _rank_files,
)
file_names = st.text(max_size=40) | st.sampled_from(HOSTILE_NAMES)


@pytest.fixture(autouse=True)
def no_files_appear(tmp_path, monkeypatch: pytest.MonkeyPatch):
    """Run from an empty directory: a name used as a path would leave a file here."""
    monkeypatch.chdir(tmp_path)
    yield
    assert os.listdir(tmp_path) == []


@hypothesis_settings(max_examples=300, deadline=None)
@given(data=tokenizer_bytes, filename=file_names)
def test_any_bytes_and_name_give_a_tokenizer_or_a_tokenlab_error(data: bytes, filename: str) -> None:
    try:
        tokenizer = tokenlab.load_tokenizer_bytes(data, filename)
    except tokenlab.TokenlabError as error:
        assert str(error) and "Traceback" not in str(error)
    else:
        assert tokenizer.id.startswith("file:") and "/" not in tokenizer.id and "\\" not in tokenizer.id
        tokenizer.segment("Hello world")


def _ranks(extra: dict[bytes, int], drop: int | None = None) -> bytes:
    ranks = {bytes([byte]): byte for byte in range(256) if byte != drop} | extra
    return b"".join(b"%s %d\n" % (base64.b64encode(token), rank) for token, rank in ranks.items())


@pytest.mark.parametrize(
    ("data", "message"),
    [  # each once reached tiktoken's Rust core: a panic on the first encode, or while building it
        (
            _ranks({}, drop=ord("a")),
            "not a complete byte-level rank file: 1 of the 256 single bytes have no rank .the first is 0x61.",
        ),
        (_ranks({b"ab": 5}), "ranks must be distinct integers from 0"),
        (_ranks({b"ab": -1}), "ranks must be distinct integers from 0"),
        (_ranks({b"ab": 2**40}), "ranks must be distinct integers from 0"),
    ],
    ids=["missing-byte", "repeated-rank", "negative-rank", "huge-rank"],
)
def test_incomplete_or_inconsistent_rank_files_are_refused_at_load(data: bytes, message: str) -> None:
    with pytest.raises(tokenlab.TokenizerLoadError, match=message):
        tokenlab.load_tokenizer_bytes(data, "ranks.tiktoken")


def test_a_tokenizer_json_that_cannot_encode_unknown_text_is_refused_at_load() -> None:
    """A Unigram model with no unknown token: the Rust encoder fails on the first unknown character."""
    data = json.dumps({"model": {"type": "Unigram", "vocab": [["hello", 0.0]]}}).encode()
    with pytest.raises(tokenlab.TokenizerLoadError, match=r"^wp\.json cannot encode text outside its vocabulary"):
        tokenlab.load_tokenizer_bytes(data, "wp.json")


@pytest.mark.parametrize("filename", HOSTILE_NAMES)
def test_a_path_in_an_upload_name_is_only_a_label(filename: str) -> None:
    with pytest.raises(tokenlab.TokenizerLoadError) as caught:
        tokenlab.load_tokenizer_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", filename)
    label = str(caught.value).split(" is not a tokenizer file")[0]
    assert "/" not in label and "\\" not in label


@pytest.mark.parametrize("filename", HOSTILE_NAMES)
def test_hostile_upload_names_neither_break_nor_change_text_decoding(filename: str) -> None:
    with pytest.raises(tokenlab.InvalidTextError, match="looks like a binary file"):
        decode_text_upload(b"\x00\x01\x02", filename)
    assert decode_text_upload(b"'); DROP TABLE documents;--", filename) == "'); DROP TABLE documents;--"


@hypothesis_settings(max_examples=200, deadline=None)
@given(repo_id=st.text(max_size=60) | st.sampled_from(HOSTILE_NAMES))
def test_any_hub_id_offline_is_refused_with_a_message(repo_id: str) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HF_HUB_OFFLINE", "1")
        with pytest.raises(tokenlab.TokenizerLoadError, match=r"is not a Hugging Face model id|HF_HUB_OFFLINE is set"):
            tokenlab.load_hub_tokenizer(repo_id)


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_a_hostile_tokenizer_name_is_an_unknown_name(name: str) -> None:
    with pytest.raises(tokenlab.UnknownTokenizerError, match="Unknown tokenizer"):
        tokenlab.load_tokenizer(name)


def test_a_nul_byte_in_a_cli_path_is_a_message_not_a_crash() -> None:
    with pytest.raises(tokenlab.CorpusError, match=r"Cannot read .*embedded null byte"):
        tokenlab.load_corpus("notes\x00.txt")
    with pytest.raises(tokenlab.TokenizerLoadError, match=r"Cannot read .*embedded null byte"):
        tokenlab.load_tokenizer_file("tokenizer\x00.json")


@pytest.mark.parametrize("filename", [name + ".txt" for name in HOSTILE_NAMES])
def test_hostile_corpus_upload_names_and_sql_text_are_stored_as_data(filename: str) -> None:
    text = "'); DROP TABLE documents;--\n\n<script>alert(1)</script>"
    corpus = tokenlab.read_upload(text.encode(), filename)
    store = tokenlab.Store(":memory:")
    profile = tokenlab.profile_corpus(corpus, ["gpt2"], store=store, baselines=False)
    row = tokenlab.corpus_metrics.compression(profile, by_group=False).row(0, named=True)
    assert row["characters"] == len(text.replace("\n\n", ""))
    assert store.query("SELECT count(*) AS n FROM documents").item() == 2
