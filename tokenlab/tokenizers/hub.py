"""Tokenizers from the Hugging Face Hub, through `transformers`, when the network is there.

Optional: nothing bundled depends on it. A Hub id is a visitor's input and the repository is
someone else's files, so every step is bounded:

- the id (and revision) is checked against the Hub's own naming rules before any request:
  no paths, no URLs, no "..", at most 96 characters a part;
- only the tokenizer's files are fetched (tokenizer.json and its configs; the slow
  tokenizer's vocabulary only when there is no tokenizer.json), each size announced by the
  Hub checked first, together at most settings.MAX_TOKENIZER_FILE_BYTES;
- the network part has a deadline: the host is resolved on a thread of its own (a resolver
  with no network retries for most of a minute), each request times out after
  settings.HUB_TIMEOUT_S, and all of it stops after settings.HUB_NETWORK_DEADLINE_S;
- no token is ever sent (a server's own HF_TOKEN must not open its owner's private repos to
  visitors) and remote code is never run (`trust_remote_code=False`);
- files land in tokenlab's own Hub cache (settings.HUB_CACHE_DIR), trimmed to
  settings.HUB_CACHE_BYTES, least recently used repositories first. With HF_HUB_OFFLINE set
  only that cache is read, and a repository not in it fails at once with a message.

The fast tokenizer's tokenizer.json is then copied into our own `HFTokenizer`, so a Hub
tokenizer behaves exactly like a bundled one. The app runs all of this in the sandbox worker.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import replace
from pathlib import Path
from types import FrameType
from urllib.parse import urlparse

from tokenlab import settings
from tokenlab.errors import TokenizerLoadError, first_line
from tokenlab.tokenizers.base import Tokenizer, TokenizerInfo
from tokenlab.tokenizers.hf_backend import HFTokenizer, parse_tokenizer_json

#: The Hub's rule for a part of a repo id (huggingface_hub's validate_repo_id): letters, digits,
#: "_", "-" and ".", starting and ending with a letter or digit, at most 96 characters.
_PART = r"[A-Za-z0-9](?:[\w.-]{0,94}[A-Za-z0-9])?"
_REPO_ID = re.compile(rf"(?:{_PART}/)?{_PART}", re.ASCII)
#: A branch, tag or commit: "main", "v1.0", "refs/pr/3", a commit's 40 hex digits.
_REVISION = re.compile(r"[A-Za-z0-9][\w.-]{0,99}(?:/[\w.-]{1,100}){0,3}", re.ASCII)
_COMMIT = re.compile(r"[0-9a-f]{40}")
_EXAMPLE = "'Qwen/Qwen3-0.6B'"
_ALTERNATIVES = "Pick a bundled tokenizer, or upload a tokenizer.json."

#: What AutoTokenizer reads of a repository that has a tokenizer.json ...
TOKENIZER_FILES = (
    "tokenizer.json",
    "tokenizer_config.json",
    "special_tokens_map.json",
    "added_tokens.json",
    "config.json",
)
#: ... and the slow tokenizer's vocabulary it converts when there is none.
SLOW_VOCABULARY_FILES = (
    "tokenizer.model",
    "spiece.model",
    "sentencepiece.bpe.model",
    "vocab.json",
    "merges.txt",
    "vocab.txt",
)


class _Deadline(BaseException):
    """The network part ran out of time; a BaseException, so no library's `except Exception` eats it."""


def check_hub_id(repo_id: str, revision: str | None = None) -> None:
    """Refuse what is not a Hub model id (or revision) before anything is requested."""
    if (
        not isinstance(repo_id, str)
        or not _REPO_ID.fullmatch(repo_id)
        or ".." in repo_id
        or "--" in repo_id
        or repo_id.endswith(".git")
    ):
        raise TokenizerLoadError(
            f"{str(repo_id)[:100]!r} is not a Hugging Face model id; expected 'owner/name', for example {_EXAMPLE}."
        )
    if revision is not None and (not _REVISION.fullmatch(revision) or ".." in revision):
        raise TokenizerLoadError(
            f"{revision[:100]!r} is not a revision; give a branch, a tag or a commit hash, for example 'main'."
        )


def hub_page(repo_id: str) -> str:
    """Where a repository's model card is: its source, and where its licence is stated."""
    return f"https://huggingface.co/{repo_id}"


def hub_tokenizer_id(repo_id: str, revision: str | None = None) -> str:
    """The id a Hub tokenizer goes by: "hub:Qwen/Qwen3-0.6B", "hub:Qwen/Qwen3-0.6B@v1"."""
    return f"hub:{repo_id}" + (f"@{revision}" if revision else "")


def load_hub_tokenizer(repo_id: str, *, revision: str | None = None) -> Tokenizer:
    """The tokenizer of a Hugging Face Hub model id, e.g. "Qwen/Qwen3-0.6B" (needs the network,
    or the repository in tokenlab's Hub cache)."""
    check_hub_id(repo_id, revision)
    folder = fetch_tokenizer_files(repo_id, revision)
    return tokenizer_from_folder(folder, repo_id, hub_tokenizer_id(repo_id, revision), hub_page(repo_id))


def load_tokenizer_folder(path: str | Path) -> Tokenizer:
    """The tokenizer of a local model folder (tokenizer.json + tokenizer_config.json), via transformers.

    Not offered to app users: a hosted app must not read arbitrary server folders.
    """
    folder = Path(path)
    if not folder.is_dir():
        raise TokenizerLoadError(f"{folder} is not a folder holding a tokenizer.json.")
    return tokenizer_from_folder(folder, folder.name, f"hub:{folder.name}")


def fetch_tokenizer_files(repo_id: str, revision: str | None = None) -> Path:
    """The folder (a snapshot in settings.HUB_CACHE_DIR) holding `repo_id`'s tokenizer files:
    from the cache for a commit hash it holds, or offline, or when the Hub cannot be reached;
    else downloaded, within the limits."""
    cached = _cached_snapshot(repo_id, revision)
    if cached is not None and (_offline() or (revision is not None and _COMMIT.fullmatch(revision))):
        return cached
    if _offline():
        raise TokenizerLoadError(
            f"Cannot fetch {repo_id!r}: HF_HUB_OFFLINE is set, so the Hugging Face Hub is not used, and "
            f"{repo_id!r} is not in tokenlab's Hub cache. {_ALTERNATIVES}"
        )
    try:
        with _network_deadline(repo_id):
            _require_network(repo_id)
            folder = _download(repo_id, revision)
    except TokenizerLoadError:
        if cached is None:
            raise
        return cached  # the Hub is down or unreachable: the copy fetched before serves
    _trim_cache(keep=repo_id)
    return folder


def _endpoint() -> str:
    """The Hub's address: HF_ENDPOINT (a mirror, or a test's server), read at each call, else settings.HUB_HOST."""
    return os.environ.get("HF_ENDPOINT") or f"https://{settings.HUB_HOST}"


def _offline() -> bool:
    return os.environ.get("HF_HUB_OFFLINE", "").lower() in ("1", "true", "yes", "on")


def _cached_snapshot(repo_id: str, revision: str | None) -> Path | None:
    from huggingface_hub import try_to_load_from_cache

    for name in ("tokenizer.json", "tokenizer_config.json"):
        found = try_to_load_from_cache(repo_id, name, cache_dir=settings.HUB_CACHE_DIR, revision=revision)
        if isinstance(found, str):
            return Path(found).parent
    return None


def _download(repo_id: str, revision: str | None) -> Path:
    from huggingface_hub import HfApi, hf_hub_download
    from huggingface_hub.errors import GatedRepoError, RepositoryNotFoundError, RevisionNotFoundError

    try:
        info = HfApi(endpoint=_endpoint(), token=False).model_info(
            repo_id, revision=revision, files_metadata=True, timeout=settings.HUB_TIMEOUT_S, token=False
        )
    except GatedRepoError:
        raise TokenizerLoadError(
            f"{repo_id!r} is gated on the Hugging Face Hub (its authors approve each user); tokenlab loads public "
            f"repositories only. {_ALTERNATIVES}"
        ) from None
    except RepositoryNotFoundError:
        raise TokenizerLoadError(
            f"There is no public model {repo_id!r} on the Hugging Face Hub (unknown, or private). Check the id, "
            f"for example {_EXAMPLE}."
        ) from None
    except RevisionNotFoundError:
        raise TokenizerLoadError(f"{repo_id!r} has no revision {revision!r} on the Hugging Face Hub.") from None
    except Exception as error:  # httpx's timeouts and connection errors, a 5xx, a proxy's answer
        raise TokenizerLoadError(
            f"Cannot fetch {repo_id!r} from the Hugging Face Hub ({first_line(error)}). Try again later. "
            + _ALTERNATIVES
        ) from None
    sizes = {sibling.rfilename: sibling.size or 0 for sibling in info.siblings or ()}
    wanted = [name for name in TOKENIZER_FILES if name in sizes]
    if "tokenizer.json" not in sizes:
        wanted += [name for name in SLOW_VOCABULARY_FILES if name in sizes]
    if not {"tokenizer.json", "tokenizer_config.json"} & set(wanted):
        raise TokenizerLoadError(f"{repo_id!r} has no tokenizer on the Hugging Face Hub (no tokenizer.json).")
    total = sum(sizes[name] for name in wanted)
    if total > settings.MAX_TOKENIZER_FILE_BYTES:
        raise TokenizerLoadError(
            f"The tokenizer files of {repo_id!r} are {total / 1e6:.1f} MB; tokenizers up to "
            f"{settings.MAX_TOKENIZER_FILE_BYTES / 1e6:.1f} MB are loaded."
        )
    path = ""
    for name in wanted:
        try:
            path = hf_hub_download(
                repo_id,
                name,
                revision=info.sha,
                cache_dir=settings.HUB_CACHE_DIR,
                etag_timeout=settings.HUB_TIMEOUT_S,
                token=False,
                endpoint=_endpoint(),
            )
        except Exception as error:
            raise TokenizerLoadError(
                f"Cannot download {name} of {repo_id!r} ({first_line(error)}). Try again later. {_ALTERNATIVES}"
            ) from None
    return Path(path).parent


def _require_network(repo_id: str) -> None:
    """Fail in seconds when the Hub's host cannot be reached: the name is resolved on a thread
    of its own, since a resolver without a network may retry for most of a minute."""
    endpoint = urlparse(_endpoint())
    host = endpoint.hostname or settings.HUB_HOST
    port = endpoint.port or (80 if endpoint.scheme == "http" else 443)
    found: list[tuple[object, ...]] = []

    def resolve() -> None:
        with suppress(OSError):
            found.extend(socket.getaddrinfo(host, port, type=socket.SOCK_STREAM))

    resolver = threading.Thread(target=resolve, daemon=True)
    resolver.start()
    resolver.join(settings.HUB_CONNECT_TIMEOUT_S)
    try:
        if not found:
            raise OSError(f"cannot resolve {host}")
        socket.create_connection((host, port), timeout=settings.HUB_CONNECT_TIMEOUT_S).close()
    except OSError:
        raise TokenizerLoadError(
            f"Cannot fetch {repo_id!r}: {host} is not reachable (offline?). {_ALTERNATIVES}"
        ) from None


@contextmanager
def _network_deadline(repo_id: str) -> Iterator[None]:
    """Stop the block after settings.HUB_NETWORK_DEADLINE_S (a server trickling bytes would
    pass every per-request timeout). Only the main thread gets signals: elsewhere, as in a
    Streamlit session, the per-request timeouts alone apply (the app loads in the sandbox,
    whose worker is single-threaded)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum: int, frame: FrameType | None) -> None:
        raise _Deadline

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, settings.HUB_NETWORK_DEADLINE_S)
    try:
        yield
    except _Deadline:
        raise TokenizerLoadError(
            f"Fetching {repo_id!r} from the Hugging Face Hub took more than {settings.HUB_NETWORK_DEADLINE_S:.0f} s "
            f"and was stopped. Try again later. {_ALTERNATIVES}"
        ) from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _trim_cache(keep: str) -> None:
    """Delete the least recently used repositories until the Hub cache fits settings.HUB_CACHE_BYTES."""
    from huggingface_hub import scan_cache_dir

    scanned = scan_cache_dir(settings.HUB_CACHE_DIR)
    total = scanned.size_on_disk
    for repo in sorted(scanned.repos, key=lambda repo: repo.last_accessed):
        if total <= settings.HUB_CACHE_BYTES:
            break
        if repo.repo_id != keep:
            shutil.rmtree(repo.repo_path, ignore_errors=True)
            total -= repo.size_on_disk


def tokenizer_from_folder(folder: Path, label: str, tokenizer_id: str, source: str = "") -> Tokenizer:
    """The fast tokenizer transformers makes of `folder` (a Hub snapshot, named by its commit),
    as an `HFTokenizer` named `label`, from `source`."""
    try:
        from transformers import AutoTokenizer
    except ImportError:
        raise TokenizerLoadError("Loading Hub tokenizers needs transformers: pip install transformers") from None
    for path in folder.iterdir():
        if path.is_file() and path.stat().st_size > settings.MAX_TOKENIZER_FILE_BYTES:
            raise TokenizerLoadError(
                f"{path.name} of {label!r} is {path.stat().st_size / 1e6:.1f} MB; tokenizer files up to "
                f"{settings.MAX_TOKENIZER_FILE_BYTES / 1e6:.1f} MB are loaded."
            )
    try:
        loaded = AutoTokenizer.from_pretrained(str(folder), trust_remote_code=False, local_files_only=True)
    except Exception as error:  # transformers raises OSError, ValueError, KeyError...
        raise TokenizerLoadError(f"Could not load a tokenizer for {label!r} ({first_line(error)}).") from None
    backend = getattr(loaded, "backend_tokenizer", None)
    if backend is None:
        raise TokenizerLoadError(
            f"{label!r} has no fast (tokenizer.json) tokenizer; tokenlab reads fast tokenizers only."
        )
    raw = backend.to_str()
    del loaded, backend  # one parsed copy at a time: a 262K vocabulary is hundreds of MB while parsed
    model = parse_tokenizer_json(raw, label)
    info = TokenizerInfo(
        id=tokenizer_id,
        name=label,
        family="Hugging Face Hub",
        algorithm="",
        vocab_size=model.get_vocab_size(with_added_tokens=True),
        source=(source,) if source else (),
        # The serialised tokenizer stands for its files: corpus counts are cached under its hash.
        sha256={"tokenizer.json": hashlib.sha256(raw.encode("utf-8")).hexdigest()},
        licence="see the model card" if source else "unknown",
        notes=f"commit {folder.name}" if _COMMIT.fullmatch(folder.name) else "",
    )
    tokenizer = HFTokenizer(info, model)
    tokenizer.info = replace(info, algorithm=tokenizer.algorithm)
    return tokenizer
