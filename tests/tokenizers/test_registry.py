"""The catalogue: exact ids, the fields a user sees, lazy cached loading, helpful errors."""

from __future__ import annotations

import json
import shutil
import threading
from collections import OrderedDict
from dataclasses import replace
from pathlib import Path

import pytest
import tiktoken
from tiktoken.load import load_tiktoken_bpe

import tokenlab
from tests.samples import CATALOGUE_IDS
from tokenlab import settings
from tokenlab.errors import TokenizerLoadError
from tokenlab.tokenizers import registry
from tokenlab.tokenizers.footprint import FOOTPRINT_MB
from tokenlab.tokenizers.registry import loaded_tokenizers, memory_estimate


def test_catalogue_lists_the_twenty_three_bundled_ids_in_order() -> None:
    assert [info.id for info in tokenlab.list_tokenizers()] == CATALOGUE_IDS


def test_catalogue_covers_all_four_algorithms() -> None:
    algorithms = {info.algorithm for info in tokenlab.list_tokenizers()}
    assert algorithms == {"byte-level BPE", "SentencePiece BPE", "SentencePiece Unigram", "WordPiece"}


def test_catalogue_entries_say_what_a_user_needs() -> None:
    for info in tokenlab.list_tokenizers():
        assert info.name and info.family and info.licence and info.models, info.id
        assert set(info.summary()) == {"id", "name", "family", "algorithm", "vocab_size", "models", "licence"}


#: Each model's full vocabulary, reserved and special tokens included, as published (model
#: configs and tokenizer files; DeepSeek-V3: 128,000 BPE tokens and 815 added, its config's
#: 129,280 being the padded embedding).
VOCABULARY_SIZES = {
    "gpt2": 50257,
    "whisper": 51865,
    "llama2": 32000,
    "mistral-v1": 32000,
    "deepseek-v3": 128815,
    "claude-legacy": 65000,
    "cl100k_base": 100277,
    "o200k_base": 200019,
    "llama3": 128256,
    "llama4": 202048,
    "mistral-tekken": 131072,
    "qwen3": 151669,
    "gemma3": 262145,
    "bert-base-uncased": 30522,
    "ai21-j2": 262144,
    "xlm-roberta": 250002,
    "umt5": 256300,
    "qwen3.5": 248077,
    "command-r": 255029,
    "gemma2": 256000,
    "falcon": 65024,
    "starcoder": 49152,
    "gpt-neox": 50277,
}


def test_every_bundled_tokenizer_has_a_published_vocabulary_size() -> None:
    assert sorted(VOCABULARY_SIZES) == sorted(CATALOGUE_IDS)


@pytest.mark.parametrize(("tokenizer_id", "vocab_size"), VOCABULARY_SIZES.items())
def test_vocab_size_is_the_models_full_vocabulary(tokenizer_id: str, vocab_size: int) -> None:
    assert tokenlab.tokenizer_info(tokenizer_id).vocab_size == vocab_size
    assert tokenlab.load_tokenizer(tokenizer_id).vocab_size == vocab_size


def test_command_r_says_it_is_non_commercial() -> None:
    info = tokenlab.tokenizer_info("command-r")
    assert info.licence == "CC-BY-NC-4.0"
    assert info.notes.startswith("NON-COMMERCIAL")


def test_unknown_id_names_the_valid_ones() -> None:
    with pytest.raises(tokenlab.UnknownTokenizerError) as raised:
        tokenlab.load_tokenizer("gpt-5")
    assert str(raised.value).startswith("Unknown tokenizer 'gpt-5'. Bundled tokenizers: gpt2, cl100k_base,")


def test_load_is_cached_per_process() -> None:
    assert tokenlab.load_tokenizer("gpt2") is tokenlab.load_tokenizer("gpt2")


def test_concurrent_first_loads_share_one_tokenizer() -> None:
    results: list[tokenlab.Tokenizer] = []
    threads = [threading.Thread(target=lambda: results.append(tokenlab.load_tokenizer("llama2"))) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 8 and all(result is results[0] for result in results)


def test_every_vocabulary_entry_is_available_as_bytes(tokenizer: tokenlab.Tokenizer) -> None:
    vocab = tokenizer.vocab()
    assert len(vocab) <= tokenizer.vocab_size
    assert all(isinstance(raw, bytes) for raw in vocab.values())
    assert max(vocab) < tokenizer.vocab_size
    assert tokenizer.token_bytes(tokenizer.encode("hello")[0]) in vocab.values()


def test_vocab_is_token_bytes_of_every_id(tokenizer: tokenlab.Tokenizer) -> None:
    """`vocab()` is built in one pass per backend; it must agree with the single-id path."""
    vocab = tokenizer.vocab()
    assert sorted(vocab) == sorted(tokenizer._vocab_ids())
    assert all(tokenizer.token_bytes(token_id) == raw for token_id, raw in vocab.items())


def _estimate_mb(tokenizer_id: str) -> tuple[float, float]:
    estimate = memory_estimate(tokenlab.tokenizer_info(tokenizer_id))
    return estimate.resident / 2**20, estimate.peak / 2**20


def test_every_bundled_tokenizer_s_memory_is_measured() -> None:
    assert sorted(FOOTPRINT_MB) == sorted(info.id for info in tokenlab.list_tokenizers()), (
        "measure the new tokenizers with `python -m benchmarks.bench_tokenizer_load ID` and add them "
        "to tokenlab/tokenizers/footprint.py"
    )
    assert _estimate_mb("gemma3") == (47, 57)
    assert all(kept < peak for kept, peak in FOOTPRINT_MB.values())


def test_an_unmeasured_tokenizer_is_estimated_from_its_vocabulary() -> None:
    info = replace(tokenlab.tokenizer_info("gemma3"), id="gemma3-copy")
    estimate = memory_estimate(info)
    assert (estimate.resident, estimate.peak) == (262_145 * 370, int(262_145 * 370 * 2.0))


def test_the_least_recently_used_tokenizers_make_room_within_the_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(registry, "_loaded", OrderedDict())
    monkeypatch.setattr(settings, "TOKENIZER_MEMORY_BUDGET", 150 * 2**20)
    for tokenizer_id in ("gpt2", "llama2", "bert-base-uncased"):  # 14 + 13 + 10 MB kept
        tokenlab.load_tokenizer(tokenizer_id)
    tokenlab.load_tokenizer("gpt2")  # used again: now the most recent
    assert loaded_tokenizers() == ["llama2", "bert-base-uncased", "gpt2"]
    tokenlab.load_tokenizer("cl100k_base")  # 25 kept, 40 at peak: fits beside the three
    assert loaded_tokenizers() == ["llama2", "bert-base-uncased", "gpt2", "cl100k_base"]
    command_r = tokenlab.load_tokenizer("command-r")  # 286 MB at peak: over the budget even alone
    assert loaded_tokenizers() == ["command-r"]
    assert command_r.token_bytes(255000) == b"<|START_OF_TURN_TOKEN|>"
    tokenlab.load_tokenizer("llama2")  # 87 kept + 27 at peak: fits beside Command-R
    assert loaded_tokenizers() == ["command-r", "llama2"]
    gemma = tokenlab.load_tokenizer("gemma3")  # 87 + 13 + 57 at peak > 150: Command-R, the least recent, makes room
    assert loaded_tokenizers() == ["llama2", "gemma3"]
    assert gemma.encode("Hello world") == [9259, 1902]
    tokenlab.load_tokenizer("o200k_base")  # 13 + 47 + 78 at peak: fits too
    assert loaded_tokenizers() == ["llama2", "gemma3", "o200k_base"]


def test_a_tokenizer_let_go_is_loaded_again_with_the_same_ids(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(registry, "_loaded", OrderedDict())
    monkeypatch.setattr(settings, "TOKENIZER_MEMORY_BUDGET", 40 * 2**20)
    first = tokenlab.load_tokenizer("llama2").encode("Hello world 🧬")
    tokenlab.load_tokenizer("gpt2")  # 13 + 21 at peak fits: both kept
    tokenlab.load_tokenizer("bert-base-uncased")  # 13 + 14 + 12 fits; then cl100k_base's 40 does not
    tokenlab.load_tokenizer("cl100k_base")
    assert loaded_tokenizers() == ["cl100k_base"]
    assert tokenlab.load_tokenizer("llama2").encode("Hello world 🧬") == first


def _swap_ranks(path: Path, first: int, second: int) -> None:
    """Exchange the ranks of two tokens in a .tiktoken file: it still parses, with wrong ids."""
    lines = path.read_bytes().splitlines()
    lines[first], lines[second] = lines[second].split()[0] + b" %d" % first, lines[first].split()[0] + b" %d" % second
    path.write_bytes(b"\n".join(lines) + b"\n")


def test_an_edited_tokenizer_file_is_refused_on_every_load(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in tokenlab.tokenizer_info("gpt2").files:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(settings.TOKENIZER_DIR / name, tmp_path / name)
    monkeypatch.setattr(settings, "TOKENIZER_DIR", tmp_path)
    monkeypatch.setattr(registry, "_loaded", OrderedDict())
    assert tokenlab.load_tokenizer("gpt2").encode("Hello world") == [15496, 995]  # the copy is what loads

    edited = tmp_path / "openai" / "r50k_base.tiktoken"
    _swap_ranks(edited, 15496, 995)  # "Hello" and " world"
    pattern = json.loads((tmp_path / "openai" / "r50k_base.json").read_text(encoding="utf-8"))["pat_str"]
    raw = tiktoken.Encoding(
        "edited", pat_str=pattern, mergeable_ranks=load_tiktoken_bpe(str(edited)), special_tokens={}
    )
    assert raw.encode("Hello world") == [995, 15496]  # what would be served without the check
    monkeypatch.setattr(registry, "_loaded", OrderedDict())
    with pytest.raises(TokenizerLoadError) as error:
        tokenlab.load_tokenizer("gpt2")
    assert str(error.value) == (
        f"gpt2: {edited} does not match its sha256 in the catalogue (corrupt or edited). "
        "Restore it from git or rebuild with `python scripts/build_data.py data`."
    )
