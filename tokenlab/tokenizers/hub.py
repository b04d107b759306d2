"""Tokenizers from the Hugging Face Hub, through `transformers`, when the network is there.

Optional: nothing bundled depends on it. Remote code is never run (`trust_remote_code=False`),
and without a network the call fails in seconds with a message, instead of the ~48 s that
transformers spends retrying DNS before it gives up. The fast tokenizer's tokenizer.json is
copied into our own `HFTokenizer`, so a hub tokenizer behaves exactly like a bundled one.
"""

from __future__ import annotations

import os
import re
import socket
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlparse

from tokenlab import settings
from tokenlab.errors import TokenizerLoadError
from tokenlab.tokenizers.base import Tokenizer, TokenizerInfo
from tokenlab.tokenizers.hf_backend import HFTokenizer, parse_tokenizer_json

_REPO_ID = re.compile(r"[A-Za-z0-9][\w.-]{0,95}(/[A-Za-z0-9][\w.-]{0,95})?")


def load_hub_tokenizer(repo_id: str, *, revision: str | None = None) -> Tokenizer:
    """The tokenizer of a Hugging Face Hub model id, e.g. "Qwen/Qwen3-0.6B" (needs the network)."""
    if not _REPO_ID.fullmatch(repo_id) or ".." in repo_id:
        raise TokenizerLoadError(
            f"{repo_id!r} is not a Hugging Face model id; expected 'owner/name', for example 'Qwen/Qwen3-0.6B'."
        )
    _require_network(repo_id)
    return _from_transformers(repo_id, repo_id, revision)


def load_tokenizer_folder(path: str | Path) -> Tokenizer:
    """The tokenizer of a local model folder (tokenizer.json + tokenizer_config.json), via transformers.

    Not offered to app users: a hosted app must not read arbitrary server folders.
    """
    folder = Path(path)
    if not folder.is_dir():
        raise TokenizerLoadError(f"{folder} is not a folder holding a tokenizer.json.")
    return _from_transformers(str(folder), folder.name, None)


def _from_transformers(name_or_path: str, label: str, revision: str | None) -> Tokenizer:
    try:
        from transformers import AutoTokenizer
    except ImportError:
        raise TokenizerLoadError("Loading Hub tokenizers needs transformers: pip install transformers") from None
    try:
        loaded = AutoTokenizer.from_pretrained(name_or_path, revision=revision, trust_remote_code=False)
    except Exception as error:  # transformers raises OSError, ValueError, KeyError, HTTP errors...
        raise TokenizerLoadError(f"Could not load a tokenizer for {label!r}: {error}") from None
    backend = getattr(loaded, "backend_tokenizer", None)
    if backend is None:
        raise TokenizerLoadError(
            f"{label!r} has no fast (tokenizer.json) tokenizer; tokenlab reads fast tokenizers only."
        )
    model = parse_tokenizer_json(backend.to_str(), label)
    info = TokenizerInfo(
        id=f"hub:{label}", name=label, family="Hugging Face Hub", algorithm="", vocab_size=0, source=(f"hub:{label}",)
    )
    tokenizer = HFTokenizer(info, model)
    tokenizer.info = replace(info, algorithm=tokenizer.algorithm, vocab_size=model.get_vocab_size(with_added_tokens=True))
    return tokenizer


def _require_network(repo_id: str) -> None:
    if os.environ.get("HF_HUB_OFFLINE", "").lower() in ("1", "true", "yes", "on"):
        raise TokenizerLoadError(
            f"Cannot fetch {repo_id!r}: HF_HUB_OFFLINE is set, so the Hugging Face Hub is not "
            "used. Pick a bundled tokenizer, or upload a tokenizer.json."
        )
    host = urlparse(os.environ.get("HF_ENDPOINT", "")).hostname or settings.HUB_HOST
    try:
        socket.create_connection((host, 443), timeout=settings.HUB_CONNECT_TIMEOUT_S).close()
    except OSError:
        raise TokenizerLoadError(
            f"Cannot fetch {repo_id!r}: {host} is not reachable (offline?). Pick a bundled "
            "tokenizer, or upload a tokenizer.json."
        ) from None
