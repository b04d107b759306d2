"""The catalogue of bundled tokenizers and the cached, lazy way to load them.

`data/tokenizers/manifest.json` (written by scripts/build_data.py) is the catalogue. Nothing
is read until a tokenizer is asked for; each is loaded under a lock of its own so that two
sessions asking for Gemma 3 share one load while a third loads Llama 2. Every file is checked
against its sha256 before it is parsed: a truncated or edited asset fails loudly instead of
producing wrong ids.

Loaded tokenizers stay in memory within a budget (settings.TOKENIZER_MEMORY_BUDGET): one
server holds every visitor's tokenizers, and all 15 take 510 MB, more than a 690 MB container
can spare. Before a load, the least recently used are let go until the resident ones and the
newcomer's load peak fit (footprint.py: parsing umT5's tokenizer.json peaks at 320 MB for
223 MB kept, so little else stays while it loads).
"""

from __future__ import annotations

import gc
import hashlib
import json
import threading
from collections import OrderedDict
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from tokenlab import settings
from tokenlab.errors import TokenizerLoadError, UnknownTokenizerError
from tokenlab.memory import return_freed_memory
from tokenlab.tokenizers.base import Tokenizer, TokenizerInfo
from tokenlab.tokenizers.footprint import FOOTPRINT_MB
from tokenlab.tokenizers.formats import from_sentencepiece, from_tiktoken, from_tokenizer_json, read_sidecar

_registry_lock = threading.Lock()
_load_locks: dict[str, threading.Lock] = {}
_one_load_at_a_time = threading.Lock()
_loaded: OrderedDict[str, Tokenizer] = OrderedDict()  # least recently used first


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
    """The bundled tokenizer `tokenizer_id`, loaded on first use and kept while the budget allows."""
    with _registry_lock:
        if (tokenizer := _loaded.get(tokenizer_id)) is not None:
            _loaded.move_to_end(tokenizer_id)
            return tokenizer
    info = tokenizer_info(tokenizer_id)
    with _registry_lock:
        lock = _load_locks.setdefault(tokenizer_id, threading.Lock())
    with lock:
        with _registry_lock:
            if (tokenizer := _loaded.get(tokenizer_id)) is not None:
                return tokenizer
        with _one_load_at_a_time:  # two loading peaks at once would not fit the budget
            with _registry_lock:
                let_go = _let_go_until(memory_estimate(info).peak)
            if let_go:
                # A tokenizer refers to itself through its byte cache, so only the cycle collector
                # frees it: now, before the next one's loading peak, not at some later collection.
                gc.collect()
            return_freed_memory()
            tokenizer = _load_bundled(info)
            with _registry_lock:
                _loaded[tokenizer_id] = tokenizer
            return_freed_memory()
    return tokenizer


def loaded_tokenizers() -> list[str]:
    """Ids of the tokenizers held in memory, least recently used first."""
    with _registry_lock:
        return list(_loaded)


@dataclass(frozen=True)
class MemoryEstimate:
    """What a bundled tokenizer costs in memory once loaded, and at the peak of its loading (bytes)."""

    resident: int
    peak: int


def memory_estimate(info: TokenizerInfo) -> MemoryEstimate:
    """What `info`'s tokenizer keeps and peaks at while loading: measured (footprint.py), else
    estimated from its vocabulary size and its library's parser (settings.TOKENIZER_*)."""
    if info.id in FOOTPRINT_MB:
        resident, peak = FOOTPRINT_MB[info.id]
        return MemoryEstimate(resident * 2**20, peak * 2**20)
    resident = info.vocab_size * settings.TOKENIZER_BYTES_PER_ENTRY
    return MemoryEstimate(resident, int(resident * settings.TOKENIZER_LOAD_PEAK.get(info.loader, 1.0)))


def _let_go_until(incoming: int) -> list[str]:
    """Drop the least recently used tokenizers until those left and `incoming` bytes fit the
    budget (caller holds _registry_lock); the ids dropped. A tokenizer still in use elsewhere is
    freed when that use ends; it is loaded again when asked for."""
    budget = settings.TOKENIZER_MEMORY_BUDGET
    dropped: list[str] = []
    if budget is None:
        return dropped
    held = sum(memory_estimate(tokenizer.info).resident for tokenizer in _loaded.values())
    while _loaded and held + incoming > budget:
        tokenizer_id, tokenizer = _loaded.popitem(last=False)
        held -= memory_estimate(tokenizer.info).resident
        dropped.append(tokenizer_id)
    return dropped


def _load_bundled(info: TokenizerInfo) -> Tokenizer:
    main, *rest = (_read_verified(info, name) for name in info.files)
    origin = f"{info.id} ({info.files[0]})"
    if info.loader == "tiktoken":
        return from_tiktoken(info, main, read_sidecar(rest[0], info.files[1]), origin)
    if info.loader == "hf-tokenizers":
        return from_tokenizer_json(info, main, origin)
    if info.loader == "sentencepiece":
        return from_sentencepiece(info, main, origin, read_sidecar(rest[0], info.files[1]) if rest else None)
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
