"""The catalogue of bundled tokenizers and the cached, lazy way to load them.

`data/tokenizers/manifest.json` (written by scripts/build_data.py) is the catalogue. Nothing
is read until a tokenizer is asked for; each is loaded once per process, under a lock of its
own so that two sessions asking for Gemma 3 share one load while a third loads Llama 2.
Every file is checked against its sha256 before it is parsed: a truncated or edited asset
fails loudly instead of producing wrong ids.
"""

from __future__ import annotations

import hashlib
import json
import threading
from functools import cache
from pathlib import Path

from tokenlab import settings
from tokenlab.errors import TokenizerLoadError, UnknownTokenizerError
from tokenlab.memory import return_freed_memory
from tokenlab.tokenizers.base import Tokenizer, TokenizerInfo
from tokenlab.tokenizers.formats import from_sentencepiece, from_tiktoken, from_tokenizer_json, read_sidecar

_registry_lock = threading.Lock()
_load_locks: dict[str, threading.Lock] = {}
_loaded: dict[str, Tokenizer] = {}


@cache
def _catalogue() -> dict[str, TokenizerInfo]:
    try:
        manifest = json.loads(settings.TOKENIZER_MANIFEST.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise TokenizerLoadError(
            f"No tokenizer catalogue at {settings.TOKENIZER_MANIFEST}. "
            "Run `python scripts/build_data.py data` or restore data/ from git."
        ) from None
    catalogue = {}
    for entry in manifest["tokenizers"]:
        source = entry.get("source", ())
        catalogue[entry["id"]] = TokenizerInfo(
            id=entry["id"],
            name=entry["name"],
            family=entry["family"],
            algorithm=entry["algorithm"],
            vocab_size=int(entry["vocab_size"]),
            models=tuple(entry.get("models", ())),
            licence=entry.get("licence", "unknown"),
            loader=entry["loader"],
            files=tuple(entry["files"]),
            sha256=dict(entry["sha256"]),
            source=(source,) if isinstance(source, str) else tuple(source),
            normalizer=entry.get("normalizer"),
            byte_fallback=bool(entry.get("byte_fallback", False)),
            notes=entry.get("notes", ""),
        )
    return catalogue


def list_tokenizers() -> list[TokenizerInfo]:
    """The bundled tokenizers, in catalogue order."""
    return list(_catalogue().values())


def tokenizer_info(tokenizer_id: str) -> TokenizerInfo:
    """The catalogue entry of one bundled tokenizer."""
    catalogue = _catalogue()
    try:
        return catalogue[tokenizer_id]
    except KeyError:
        raise UnknownTokenizerError(
            f"Unknown tokenizer {tokenizer_id!r}. Bundled tokenizers: {', '.join(catalogue)}."
        ) from None


def load_tokenizer(tokenizer_id: str) -> Tokenizer:
    """The bundled tokenizer `tokenizer_id`, loaded on first use and cached for the process."""
    if (tokenizer := _loaded.get(tokenizer_id)) is not None:
        return tokenizer
    info = tokenizer_info(tokenizer_id)
    with _registry_lock:
        lock = _load_locks.setdefault(tokenizer_id, threading.Lock())
    with lock:
        if tokenizer_id not in _loaded:
            _loaded[tokenizer_id] = _load_bundled(info)
            return_freed_memory()
    return _loaded[tokenizer_id]


def _load_bundled(info: TokenizerInfo) -> Tokenizer:
    main, *rest = (_read_verified(info, name) for name in info.files)
    origin = f"{info.id} ({info.files[0]})"
    if info.loader == "tiktoken":
        return from_tiktoken(info, main, read_sidecar(rest[0], info.files[1]), origin)
    if info.loader == "hf-tokenizers":
        return from_tokenizer_json(info, main, origin)
    if info.loader == "sentencepiece":
        return from_sentencepiece(info, main, origin)
    raise TokenizerLoadError(f"{info.id}: unknown loader {info.loader!r} in the catalogue.")


def _read_verified(info: TokenizerInfo, name: str) -> bytes:
    path = settings.TOKENIZER_DIR / name
    if Path(name).is_absolute() or ".." in Path(name).parts:
        raise TokenizerLoadError(f"{info.id}: catalogue path {name!r} leaves data/tokenizers/.")
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise TokenizerLoadError(f"{info.id}: {path} is missing. Restore data/ from git.") from None
    digest = hashlib.sha256(data).hexdigest()
    if digest != info.sha256.get(name):
        raise TokenizerLoadError(
            f"{info.id}: {path} does not match its sha256 in the catalogue (corrupt or edited). "
            "Restore it from git or rebuild with `python scripts/build_data.py data`."
        )
    return data
