"""Hub tokenizers without a network: a prepared cache, and a Hub on localhost (tests/fake_hub.py).

The repository is BERT's: the bundled tokenizer.json saved by transformers' save_pretrained, as
a model repository holds it, so every test can compare with the bundled `bert-base-uncased`.
The worker tests start a real sandbox worker, which fetches and loads exactly as the app's does.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from pathlib import Path

import huggingface_hub.constants
import polars as pl
import pytest
from huggingface_hub.errors import HFValidationError
from huggingface_hub.utils import validate_repo_id
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

import tokenlab
from tests.e2e.server import free_port
from tests.fake_hub import FakeHub, cache_repo, folder_files, model_folder, serving
from tokenlab import settings
from tokenlab.engine.encoding import corpus_encoder
from tokenlab.metrics.table_export import with_provenance
from tokenlab.sandbox.client import Sandbox, sandboxed_hub_tokenizer, sandboxed_tokenizer
from tokenlab.tokenizers.hub import check_hub_id, fetch_tokenizer_files

BERT = "google-bert/bert-base-uncased"
TEXT = "Hello World! Ça coûte 5 €. 你好，世界。 [CLS] tabs\tand\nlines"
INVALID_IDS = [
    "",
    "../../etc/passwd",
    "/etc/passwd",
    "a/b/c",
    "https://huggingface.co/google-bert/bert-base-uncased",
    "google-bert/../bert",
    "google-bert/bert--base",
    "-bert/bert",
    "google-bert/bert.",
    "google bert/bert",
    "google-bert/bert\n",
    "<script>/x",
    "o/" + "n" * 97,
    "google-bert/bert.git",
]
#: A tokenizer.json of three entries, loaded in a blink.
SMALL_TOKENIZER = {
    "version": "1.0",
    "added_tokens": [],
    "normalizer": None,
    "pre_tokenizer": None,
    "post_processor": None,
    "decoder": None,
    "model": {"type": "WordLevel", "vocab": {"[UNK]": 0, "a": 1, "b": 2}, "unk_token": "[UNK]"},
}
OFFLINE_MESSAGE = (
    "Cannot fetch 'nobody/nothing': HF_HUB_OFFLINE is set, so the Hugging Face Hub is not used, and "
    "'nobody/nothing' is not in tokenlab's Hub cache. Pick a bundled tokenizer, or upload a tokenizer.json."
)


@pytest.fixture(scope="module")
def bert_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """BERT's model folder, as save_pretrained writes it."""
    tokenizer_json = (settings.TOKENIZER_DIR / tokenlab.tokenizer_info("bert-base-uncased").files[0]).read_bytes()
    return model_folder(tmp_path_factory.mktemp("models") / "bert", tokenizer_json, "BertTokenizer")


@pytest.fixture
def hub_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty Hub cache of tokenlab's own, for this test and the workers it starts."""
    monkeypatch.setattr(settings, "HUB_CACHE_DIR", tmp_path / "hub")
    return tmp_path / "hub"


@pytest.fixture
def sandbox(hub_cache: Path) -> Iterator[Sandbox]:
    """A worker that keeps one tokenizer loaded: loading another one lets the first go."""
    box = Sandbox(keep=1, idle_s=60, queue_s=30)
    yield box
    box.close()


def evict(sandbox: Sandbox) -> None:
    """Make the worker let go of what it holds, by loading another tokenizer."""
    sandboxed_tokenizer(json.dumps(SMALL_TOKENIZER).encode(), "small.json", sandbox)


@pytest.fixture
def online(monkeypatch: pytest.MonkeyPatch, bert_folder: Path) -> Iterator[FakeHub]:
    """The Hub on localhost, holding BERT and a gated repository, with the Hub switched on
    for this process (huggingface_hub read HF_HUB_OFFLINE=1 when the suite imported it) and
    for the workers it starts."""
    hub = FakeHub({BERT: folder_files(bert_folder)}, gated={"meta-llama/Llama-3.2-1B"})
    with serving(hub):
        monkeypatch.setenv("HF_HUB_OFFLINE", "0")
        monkeypatch.setenv("HF_ENDPOINT", hub.endpoint)
        monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_OFFLINE", False)
        yield hub


def assert_like_bundled_bert(tokenizer: tokenlab.Tokenizer) -> None:
    bundled = tokenlab.load_tokenizer("bert-base-uncased")
    ours, theirs = tokenizer.segment(TEXT), bundled.segment(TEXT)
    assert (ours.ids, ours.starts, ours.ends) == (theirs.ids, theirs.starts, theirs.ends)
    assert tokenizer.format_tokens == bundled.format_tokens == ([101], [102])
    assert tokenizer.vocab_size == 30522
    assert tokenizer.algorithm == "WordPiece"


def test_a_cached_repository_loads_offline_with_the_bundled_ids(hub_cache: Path, bert_folder: Path) -> None:
    commit = cache_repo(hub_cache, BERT, bert_folder)
    tokenizer = tokenlab.load_hub_tokenizer(BERT)
    assert_like_bundled_bert(tokenizer)
    assert tokenizer.id == f"hub:{BERT}"
    assert tokenizer.info.notes == f"commit {commit}"
    assert tokenizer.info.source == (f"https://huggingface.co/{BERT}",)


def test_a_cached_repository_loads_in_the_sandbox_worker(sandbox: Sandbox, hub_cache: Path, bert_folder: Path) -> None:
    commit = cache_repo(hub_cache, BERT, bert_folder)
    tokenizer = sandboxed_hub_tokenizer(BERT, sandbox=sandbox)
    assert tokenizer.id == f"hub:{BERT}"
    assert tokenizer.info.notes == f"commit {commit}"
    assert_like_bundled_bert(tokenizer)
    evict(sandbox)
    assert tokenizer.encode("hello again") == [7592, 2153]  # loaded again, at the commit it first read


def test_offline_and_not_cached_is_one_line_within_seconds(sandbox: Sandbox) -> None:
    started = time.monotonic()
    with pytest.raises(tokenlab.TokenizerLoadError) as refused:
        sandboxed_hub_tokenizer("nobody/nothing", sandbox=sandbox)  # a cold worker included
    assert str(refused.value) == OFFLINE_MESSAGE
    assert time.monotonic() - started < 5
    with pytest.raises(tokenlab.TokenizerLoadError) as in_process:
        tokenlab.load_hub_tokenizer("nobody/nothing")
    assert str(in_process.value) == OFFLINE_MESSAGE


@pytest.mark.parametrize("repo_id", INVALID_IDS)
def test_an_invalid_id_is_refused_before_any_request(repo_id: str, online: FakeHub, sandbox: Sandbox) -> None:
    expected = (
        f"{repo_id[:100]!r} is not a Hugging Face model id; expected 'owner/name', for example 'Qwen/Qwen3-0.6B'."
    )
    with pytest.raises(tokenlab.TokenizerLoadError) as in_process:
        tokenlab.load_hub_tokenizer(repo_id)
    with pytest.raises(tokenlab.TokenizerLoadError) as in_sandbox:
        sandboxed_hub_tokenizer(repo_id, sandbox=sandbox)
    assert str(in_process.value) == str(in_sandbox.value) == expected
    assert online.requests == []
    assert sandbox.workers_started == 0  # not even the worker was asked


@pytest.mark.parametrize("revision", ["../main", "main/../../x", "-x", "a b", "https://x/y", "r" * 101])
def test_an_invalid_revision_is_refused_before_any_request(revision: str, online: FakeHub) -> None:
    with pytest.raises(tokenlab.TokenizerLoadError, match="is not a revision; give a branch, a tag or a commit hash"):
        tokenlab.load_hub_tokenizer(BERT, revision=revision)
    assert online.requests == []


@hypothesis_settings(max_examples=300, deadline=None)
@given(repo_id=st.from_regex(r"[A-Za-z0-9_.\-/:~ ]{0,40}", fullmatch=True) | st.text(max_size=40))
def test_every_id_accepted_is_one_the_hub_itself_accepts(repo_id: str) -> None:
    """Our rule is no looser than huggingface_hub's own, and never lets a path or URL through."""
    try:
        check_hub_id(repo_id)
    except tokenlab.TokenizerLoadError:
        return
    try:
        validate_repo_id(repo_id)
    except HFValidationError as error:
        pytest.fail(f"{repo_id!r} passed tokenlab's check but not the Hub's: {error}")
    assert repo_id.count("/") <= 1 and ".." not in repo_id and ":" not in repo_id and not repo_id.startswith("/")


def test_a_public_repository_is_fetched_from_the_hub_and_loaded_in_the_worker(
    online: FakeHub, sandbox: Sandbox, hub_cache: Path
) -> None:
    tokenizer = sandboxed_hub_tokenizer(BERT, sandbox=sandbox)
    assert_like_bundled_bert(tokenizer)
    commit = FakeHub.commit(BERT)
    assert online.requests == [
        f"GET /api/models/{BERT}?blobs=true",
        f"HEAD /{BERT}/resolve/{commit}/tokenizer.json",
        f"GET /{BERT}/resolve/{commit}/tokenizer.json",
        f"HEAD /{BERT}/resolve/{commit}/tokenizer_config.json",
        f"GET /{BERT}/resolve/{commit}/tokenizer_config.json",
    ]
    assert (hub_cache / "models--google-bert--bert-base-uncased" / "snapshots" / commit / "tokenizer.json").exists()
    evict(sandbox)
    assert tokenizer.encode("hello again") == [7592, 2153]  # loaded again from the cache: no new request
    assert len(online.requests) == 5


@pytest.mark.parametrize(
    ("repo_id", "revision", "message"),
    [
        (
            "meta-llama/Llama-3.2-1B",
            None,
            "'meta-llama/Llama-3.2-1B' is gated on the Hugging Face Hub (its authors approve each user); tokenlab "
            "loads public repositories only. Pick a bundled tokenizer, or upload a tokenizer.json.",
        ),
        (
            "nobody/nothing",
            None,
            "There is no public model 'nobody/nothing' on the Hugging Face Hub (unknown, or private). Check the id, "
            "for example 'Qwen/Qwen3-0.6B'.",
        ),
        (BERT, "v9", f"'{BERT}' has no revision 'v9' on the Hugging Face Hub."),
    ],
)
def test_a_gated_unknown_or_private_repository_is_one_line(
    repo_id: str, revision: str | None, message: str, online: FakeHub, sandbox: Sandbox
) -> None:
    started = time.monotonic()
    with pytest.raises(tokenlab.TokenizerLoadError) as refused:
        sandboxed_hub_tokenizer(repo_id, revision, sandbox=sandbox)
    assert str(refused.value) == message
    assert time.monotonic() - started < 5


def test_files_larger_than_the_limit_are_refused_before_download(
    online: FakeHub, hub_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(settings, "MAX_TOKENIZER_FILE_BYTES", 500_000)
    with pytest.raises(tokenlab.TokenizerLoadError) as refused:
        tokenlab.load_hub_tokenizer(BERT)
    assert str(refused.value) == f"The tokenizer files of '{BERT}' are 0.7 MB; tokenizers up to 0.5 MB are loaded."
    assert online.requests == [f"GET /api/models/{BERT}?blobs=true"]
    assert not hub_cache.exists()


def test_a_slow_hub_is_given_up_on_at_the_deadline(online: FakeHub, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings, "HUB_NETWORK_DEADLINE_S", 1.0)
    online.delay_s = 30  # each answer waits longer than any request timeout here
    started = time.monotonic()
    with pytest.raises(tokenlab.TokenizerLoadError) as stopped:
        tokenlab.load_hub_tokenizer(BERT)
    assert str(stopped.value) == (
        f"Fetching '{BERT}' from the Hugging Face Hub took more than 1 s and was stopped. Try again later. "
        "Pick a bundled tokenizer, or upload a tokenizer.json."
    )
    assert time.monotonic() - started < 3


def test_the_hub_cache_keeps_within_its_bytes(
    online: FakeHub, hub_cache: Path, bert_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    online.repos["someone/bert-copy"] = folder_files(bert_folder)
    size = sum(len(data) for data in online.repos[BERT].values())
    monkeypatch.setattr(settings, "HUB_CACHE_BYTES", size + 1000)  # room for one repository
    first = fetch_tokenizer_files(BERT)
    second = fetch_tokenizer_files("someone/bert-copy")
    assert second.exists() and not first.exists()
    assert sorted(path.name for path in hub_cache.iterdir() if path.name.startswith("models--")) == [
        "models--someone--bert-copy"
    ]


def test_downloads_name_a_hub_tokenizer_by_the_hash_its_counts_are_cached_under(
    hub_cache: Path, bert_folder: Path
) -> None:
    cache_repo(hub_cache, BERT, bert_folder)
    first, again = tokenlab.load_hub_tokenizer(BERT), tokenlab.load_hub_tokenizer(BERT)
    digest = first.info.sha256["tokenizer.json"]
    assert again.info.sha256 == {"tokenizer.json": digest} and re.fullmatch("[0-9a-f]{64}", digest)
    assert corpus_encoder(first).cache_key == corpus_encoder(again).cache_key
    table = pl.DataFrame({"tokenizer": [first.id, "utf8-bytes"], "tokens": [1, 2]})
    assert with_provenance(table, {first.id: first.info}).get_column("tokenizer_sha256").to_list() == [
        f"tokenizer.json={digest}",
        "",
    ]


def test_a_cached_repository_still_loads_when_the_hub_cannot_be_reached(
    hub_cache: Path, bert_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    commit = cache_repo(hub_cache, BERT, bert_folder)
    monkeypatch.setenv("HF_HUB_OFFLINE", "0")
    monkeypatch.setenv("HF_ENDPOINT", f"http://127.0.0.1:{free_port()}")  # nothing listens there
    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_OFFLINE", False)
    tokenizer = tokenlab.load_hub_tokenizer(BERT)
    assert tokenizer.info.notes == f"commit {commit}"
    assert_like_bundled_bert(tokenizer)
    with pytest.raises(tokenlab.TokenizerLoadError) as refused:
        tokenlab.load_hub_tokenizer("nobody/nothing")
    assert str(refused.value) == (
        "Cannot fetch 'nobody/nothing': 127.0.0.1 is not reachable (offline?). Pick a bundled tokenizer, or upload "
        "a tokenizer.json."
    )
