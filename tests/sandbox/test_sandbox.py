"""A visitor's tokenizer in the sandbox: the same tokens as in-process, and no way to stall the server.

Every test runs a real worker process on real files: bundled tokenizers as uploads, and
tokenizer.json files whose pre-tokenizer regex backtracks (`(?:a|b?)*c|.` needs about 5 s of
CPU for 20,000 a's, 2 minutes for 80,000) or panics in Rust (`(a|a)*b|.`).
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator

import polars as pl
import pytest

import tokenlab
from tokenlab import settings
from tokenlab.sandbox.client import Sandbox, SandboxError, sandboxed_tokenizer
from tokenlab.sandbox.protocol import (
    MAX_FRAME_BYTES,
    ProtocolError,
    decode_body,
    encode_frame,
    frame_length,
    pack_bytes,
    unpack_bytes,
)

TEXT = "Hello world! Ça coûte 5 €. 你好，世界。 नमस्ते 🧬👋🏽 <s>[CLS]<|endoftext|> tabs\tand\nlines"
SLOW_REGEX = "(?:a|b?)*c|."
PANIC_REGEX = "(a|a)*b|."


def bundled_file(tokenizer_id: str) -> tuple[bytes, str]:
    path = settings.TOKENIZER_DIR / tokenlab.tokenizer_info(tokenizer_id).files[0]
    return path.read_bytes(), path.name


def split_tokenizer(pattern: str) -> bytes:
    """A valid tokenizer.json: one Split pre-tokenizer with `pattern`, a three-entry BPE."""
    return json.dumps(
        {
            "version": "1.0",
            "truncation": None,
            "padding": None,
            "added_tokens": [],
            "normalizer": None,
            "pre_tokenizer": {"type": "Split", "pattern": {"Regex": pattern}, "behavior": "Isolated", "invert": False},
            "post_processor": None,
            "decoder": None,
            "model": {
                "type": "BPE",
                "dropout": None,
                "unk_token": "[UNK]",
                "continuing_subword_prefix": None,
                "end_of_word_suffix": None,
                "fuse_unk": False,
                "byte_fallback": False,
                "vocab": {"[UNK]": 0, "a": 1, "b": 2},
                "merges": [],
            },
        }
    ).encode()


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    box = Sandbox(cpu_s=1, wall_s=20, idle_s=60, queue_s=30)
    yield box
    box.close()


class Ticker:
    """Counts 10 ms sleeps on a thread of the server's process: it stalls if the GIL is held."""

    def __init__(self) -> None:
        self.ticks = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(0.01):
            self.ticks += 1

    def __enter__(self) -> Ticker:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()


@pytest.mark.parametrize("tokenizer_id", ["llama2", "bert-base-uncased", "mistral-v1", "gpt2", "qwen3"])
def test_a_sandboxed_tokenizer_gives_exactly_what_the_library_gives_in_process(
    sandbox: Sandbox, tokenizer_id: str
) -> None:
    data, name = bundled_file(tokenizer_id)
    local = tokenlab.load_tokenizer_bytes(data, name)
    remote = sandboxed_tokenizer(data, name, sandbox)
    assert remote.info == local.info
    assert (remote.algorithm, remote.vocab_size, remote.lossless) == (local.algorithm, local.vocab_size, local.lossless)
    assert remote.format_tokens == local.format_tokens
    assert dict(remote.kinds) == dict(local.kinds)
    segmentation, expected = remote.segment(TEXT), local.segment(TEXT)
    assert segmentation == expected
    assert [token.kind for token in segmentation] == [token.kind for token in expected]
    assert remote.encode_with_format(TEXT) == local.encode_with_format(TEXT)
    assert remote.decode(expected.ids) == local.decode(expected.ids)
    assert remote.token_bytes(expected.ids[3]) == local.token_bytes(expected.ids[3])


@pytest.mark.parametrize("tokenizer_id", ["bert-base-uncased", "gpt-neox", "mistral-v1"])
def test_a_corpus_counted_in_the_sandbox_has_exactly_the_in_process_counts(sandbox: Sandbox, tokenizer_id: str) -> None:
    """Batches of documents go to the worker in one request each (encode_batch, spans_batch,
    entries_bytes), for a normalizing, a byte-level and a SentencePiece tokenizer."""
    data, name = bundled_file(tokenizer_id)
    corpus = tokenlab.load_corpus("legal")

    def counts(tokenizer: tokenlab.Tokenizer) -> pl.DataFrame:
        result = tokenlab.profile_corpus(corpus, [tokenizer], store=tokenlab.Store(":memory:"), baselines=False)
        return tokenlab.corpus_metrics.summary(result).drop("tokenizer")

    local = tokenlab.load_tokenizer_bytes(data, name)
    remote = sandboxed_tokenizer(data, name, sandbox)
    texts = corpus.texts[:3]
    assert remote.encode_batch(texts) == local.encode_batch(texts)
    ids = [*local.encode(TEXT), local.vocab_size + 10]
    assert remote.entries_bytes(ids) == local.entries_bytes(ids) and remote.entries_bytes(ids)[-1] == b""
    assert counts(remote).equals(counts(local))


def test_the_vocabulary_comes_back_entry_for_entry(sandbox: Sandbox) -> None:
    data, name = bundled_file("bert-base-uncased")
    assert sandboxed_tokenizer(data, name, sandbox).vocab() == tokenlab.load_tokenizer_bytes(data, name).vocab()


def test_a_file_the_library_refuses_gets_the_library_s_message(sandbox: Sandbox) -> None:
    with pytest.raises(tokenlab.TokenizerLoadError) as in_process:
        tokenlab.load_tokenizer_bytes(b'{"model": {"type": "BPE"', "cut.json")
    with pytest.raises(tokenlab.TokenizerLoadError) as sandboxed:
        sandboxed_tokenizer(b'{"model": {"type": "BPE"', "cut.json", sandbox)
    assert str(sandboxed.value) == str(in_process.value)


def test_a_backtracking_regex_is_stopped_by_the_cpu_limit_while_the_server_runs_on(sandbox: Sandbox) -> None:
    slow = sandboxed_tokenizer(split_tokenizer(SLOW_REGEX), "slow.json", sandbox)
    with Ticker() as ticker, pytest.raises(SandboxError) as stopped:
        started = time.monotonic()
        slow.segment("a" * 20_000)
    elapsed = time.monotonic() - started
    assert str(stopped.value) == (
        "Your tokenizer was stopped while encoding 20,000 characters: it used more than 1 s of CPU (a pre-tokenizer "
        "regex that backtracks can take hours). Try a shorter text, or another file."
    )
    # The message above names the CPU limit (not the wall clock): 1 s of CPU, at the lowest priority, so
    # on a busy machine it takes longer than 1 s of wall time, but always less than the wall-clock kill.
    assert elapsed < sandbox.wall_s
    assert ticker.ticks > elapsed / 0.01 / 2  # the server's own threads kept running meanwhile
    # The next request gets a new worker, which loads the file again on its own.
    assert slow.segment("ab").ids == [1, 2]
    assert sandbox.workers_started == 2


def test_the_wall_clock_limit_ends_a_worker_that_does_not_answer() -> None:
    box = Sandbox(cpu_s=60, wall_s=1, idle_s=60)
    try:
        slow = sandboxed_tokenizer(split_tokenizer(SLOW_REGEX), "slow.json", box)
        started = time.monotonic()
        with pytest.raises(SandboxError, match=r"^Your tokenizer took more than 1 s while encoding 20,000 characters"):
            slow.segment("a" * 20_000)
        assert time.monotonic() - started < 3
        assert box.pid is None
    finally:
        box.close()


def test_a_rust_panic_becomes_a_message_and_the_worker_lives_on(sandbox: Sandbox) -> None:
    panicking = sandboxed_tokenizer(split_tokenizer(PANIC_REGEX), "panic.json", sandbox)
    pid = sandbox.pid
    with pytest.raises(tokenlab.SegmentationError) as failed:
        panicking.segment("a" * 1000)
    assert str(failed.value) == (
        "panic.json could not segment this text (Onig: Regex search error: retry-limit-in-match over)."
    )
    assert sandbox.pid == pid and sandbox.workers_started == 1


def test_a_tokenizer_over_the_memory_limit_is_refused_and_the_worker_lives_on() -> None:
    box = Sandbox(memory_bytes=150 * 2**20, idle_s=60)
    try:
        path = settings.TOKENIZER_DIR / "gemma3" / "tokenizer.json.gz"  # kept as the reference
        data, name = path.read_bytes(), path.name  # parsing Gemma 3's tokenizer.json needs about 450 MB
        with pytest.raises(SandboxError) as refused:
            sandboxed_tokenizer(data, name, box)
        assert str(refused.value) == (
            "Your tokenizer needs more than the 150 MB of memory a visitor's tokenizer may use. "
            "Upload a smaller tokenizer."
        )
        small, small_name = bundled_file("bert-base-uncased")
        assert sandboxed_tokenizer(small, small_name, box).encode("hello world") == [7592, 2088]
    finally:
        box.close()


def test_an_idle_worker_stops_and_the_next_request_starts_one() -> None:
    box = Sandbox(idle_s=0.3)
    try:
        data, name = bundled_file("bert-base-uncased")
        tokenizer = sandboxed_tokenizer(data, name, box)
        assert box.pid is not None
        time.sleep(1.5)
        assert box.pid is None
        assert tokenizer.encode("hello world") == [7592, 2088]  # loaded again, transparently
        assert box.workers_started == 2
    finally:
        box.close()


def test_the_worker_keeps_the_most_recent_files_and_reloads_the_others() -> None:
    box = Sandbox(keep=1, idle_s=60)
    try:
        first = sandboxed_tokenizer(*bundled_file("bert-base-uncased"), box)
        second = sandboxed_tokenizer(*bundled_file("llama2"), box)
        assert first.encode("hello world") == [7592, 2088]
        assert second.encode("hello world") == [22172, 3186]
        assert box.workers_started == 1
    finally:
        box.close()


def test_a_second_visitor_is_told_when_the_sandbox_stays_busy() -> None:
    box = Sandbox(cpu_s=30, wall_s=30, queue_s=0.5, idle_s=60)
    try:
        slow = sandboxed_tokenizer(split_tokenizer(SLOW_REGEX), "slow.json", box)
        outcome: list[str] = []

        def hog() -> None:
            try:
                slow.segment("a" * 40_000)
            except SandboxError as error:
                outcome.append(str(error))

        first = threading.Thread(target=hog)
        first.start()
        time.sleep(0.3)
        with pytest.raises(SandboxError) as busy:
            slow.segment("ab")
        assert str(busy.value) == (
            "The server is busy with other visitors' tokenizers; while encoding 2 characters waited 0 s. "
            "Try again in a minute."
        )
        box.close()  # kills the worker under the first visitor's request
        first.join()
        assert outcome and outcome[0].startswith("Your tokenizer was stopped while encoding 40,000 characters")
    finally:
        box.close()


@pytest.mark.parametrize(
    ("read", "body", "message"),
    [
        (decode_body, b"\xff\xfe", "a frame is not JSON"),
        (decode_body, b"[1, 2]", "a frame is not a JSON object"),
        (frame_length, (MAX_FRAME_BYTES + 1).to_bytes(4, "big"), "over the 268,435,456-byte limit"),
    ],
)
def test_frames_that_are_not_frames_are_refused(read: Callable[[bytes], object], body: bytes, message: str) -> None:
    with pytest.raises(ProtocolError, match=message):
        read(body)


def test_frames_and_packed_bytes_round_trip() -> None:
    frame = encode_frame({"op": "segment", "text": "你好 🧬"})
    assert frame_length(frame[:4]) == len(frame) - 4
    assert decode_body(frame[4:]) == {"op": "segment", "text": "你好 🧬"}
    pieces = [b"", b"\xf0\x9f", b"\x00abc", b"\xff"]
    assert unpack_bytes(pack_bytes(pieces)) == pieces
    with pytest.raises(ProtocolError, match="disagree"):
        unpack_bytes({**pack_bytes(pieces), "lengths": [1, 2]})
