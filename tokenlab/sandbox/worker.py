"""The sandbox worker: loads visitors' tokenizer files and Hub ids and runs them, under limits it sets itself.

Started by client.py as `python -m tokenlab.sandbox.worker --cpu S --memory BYTES --keep N`.
Before reading any request it caps its own data segment (RLIMIT_DATA: heap and private
mappings, which is what parsing a tokenizer allocates) and lowers its CPU priority; before each
request it allows itself S more CPU seconds (RLIMIT_CPU, so the kernel ends a backtracking
regex with SIGXCPU). Every failure of a request, a Rust panic included, becomes an error reply;
a failure the process cannot survive (a limit, an abort) ends it, and the client says why.

    {"op": "load", "data": <base64>, "filename": "tokenizer.json"}  ->  key, info, kinds, ...
    {"op": "hub", "repo_id": "Qwen/Qwen3-0.6B", "revision": null}     ->  key, info, ..., commit
    {"op": "segment", "key": ..., "text": ...}                      ->  ids, starts, ends, bytes
    {"op": "spans_batch", "key": ..., "texts": [...]}               ->  ids, counts, starts, ends
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import math
import os
import resource
import sys
from collections import OrderedDict
from dataclasses import asdict
from itertools import chain
from typing import Any, BinaryIO

from tokenlab import settings
from tokenlab.errors import TokenlabError, first_line
from tokenlab.memory import return_freed_memory, return_large_blocks_on_free
from tokenlab.sandbox.protocol import encode_frame, pack_bytes, read_frame
from tokenlab.tokenizers.base import Tokenizer
from tokenlab.tokenizers.files import load_tokenizer_bytes
from tokenlab.tokenizers.hub import (
    check_hub_id,
    fetch_tokenizer_files,
    hub_page,
    hub_tokenizer_id,
    tokenizer_from_folder,
)

#: The reply to a key the worker does not hold (evicted, or the worker restarted): the client
#: loads the file again and repeats the request.
NOT_LOADED = "NotLoaded"


def limit_self(memory_bytes: int) -> None:
    """Cap this process's memory and take the lowest CPU priority, for good; large blocks are
    returned to the OS when freed, as in the server (parsing a tokenizer.json peaks high)."""
    resource.setrlimit(resource.RLIMIT_DATA, (memory_bytes, memory_bytes))
    os.nice(19)
    return_large_blocks_on_free()


def allow_cpu_seconds(seconds: float) -> None:
    """Let this process use `seconds` more CPU time from now; past it the kernel ends it."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    used = usage.ru_utime + usage.ru_stime
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    resource.setrlimit(resource.RLIMIT_CPU, (math.ceil(used + seconds), hard))


class Worker:
    """The tokenizers this worker holds (the `keep` most recently used) and the requests on them."""

    def __init__(self, keep: int) -> None:
        self.keep = keep
        self.loaded: OrderedDict[str, Tokenizer] = OrderedDict()

    def handle(self, request: dict[str, Any]) -> dict[str, Any]:
        op = request.get("op")
        if op == "load":
            return self._load(base64.b64decode(request["data"], validate=True), str(request["filename"]))
        if op == "hub":
            return self._load_hub(str(request["repo_id"]), request.get("revision"), request.get("commit"))
        tokenizer = self.loaded.get(str(request.get("key")))
        if tokenizer is None:
            return {"ok": False, "error": NOT_LOADED, "message": "the tokenizer is not loaded"}
        self.loaded.move_to_end(str(request["key"]))
        if op == "segment":
            segmentation = tokenizer.segment(request["text"])
            columns = {"ids": segmentation.ids, "starts": segmentation.starts, "ends": segmentation.ends}
            return {"ok": True, **columns, "bytes": pack_bytes(segmentation.token_bytes)}
        if op == "encode":
            return {"ok": True, "ids": tokenizer.encode(request["text"])}
        if op == "encode_batch":
            batch = tokenizer.encode_batch(request["texts"])
            return {"ok": True, "ids": list(chain.from_iterable(batch)), "counts": [len(ids) for ids in batch]}
        if op == "spans_batch":
            spans = tokenizer.spans_batch(request["texts"])
            arrays = {"ids": spans.ids, "counts": spans.counts, "starts": spans.starts, "ends": spans.ends}
            return {"ok": True, **{name: array.tolist() for name, array in arrays.items()}}
        if op == "entries":
            return {"ok": True, "bytes": pack_bytes(tokenizer.entries_bytes([int(i) for i in request["ids"]]))}
        if op == "decode":
            return {"ok": True, "text": tokenizer.decode([int(i) for i in request["ids"]])}
        if op == "token_bytes":
            return {"ok": True, "bytes": pack_bytes([tokenizer.token_bytes(int(i)) for i in request["ids"]])}
        if op == "vocab":
            vocab = tokenizer.vocab()
            return {"ok": True, "ids": list(vocab), "bytes": pack_bytes(list(vocab.values()))}
        return {"ok": False, "error": "ProtocolError", "message": f"unknown request {op!r}"}

    def _load(self, data: bytes, filename: str) -> dict[str, Any]:
        key = hashlib.sha256(filename.encode("utf-8") + b"\0" + data).hexdigest()
        return self._keep(key, self.loaded.get(key) or load_tokenizer_bytes(data, filename))

    def _load_hub(self, repo_id: str, revision: str | None, commit: str | None) -> dict[str, Any]:
        """A Hub tokenizer, fetched here (the id is checked again: the worker trusts no request);
        `commit`, once known, reads the same files from the cache instead of the network."""
        check_hub_id(repo_id, revision)
        key = hashlib.sha256(f"hub\0{repo_id}\0{revision or ''}".encode()).hexdigest()
        if (tokenizer := self.loaded.get(key)) is None:
            folder = fetch_tokenizer_files(repo_id, commit or revision)
            tokenizer = tokenizer_from_folder(folder, repo_id, hub_tokenizer_id(repo_id, revision), hub_page(repo_id))
        return {**self._keep(key, tokenizer), "commit": tokenizer.info.notes.removeprefix("commit ") or None}

    def _keep(self, key: str, tokenizer: Tokenizer) -> dict[str, Any]:
        """Hold `tokenizer` under `key` (letting the least recently used go) and describe it."""
        self.loaded[key] = tokenizer
        self.loaded.move_to_end(key)
        while len(self.loaded) > self.keep:
            self.loaded.popitem(last=False)
        return_freed_memory()
        prefix, suffix = tokenizer.format_tokens
        return {
            "ok": True,
            "key": key,
            "info": asdict(tokenizer.info),
            "algorithm": tokenizer.algorithm,
            "lossless": tokenizer.lossless,
            "format_tokens": [prefix, suffix],
            "kinds": {str(token_id): kind.value for token_id, kind in tokenizer.kinds.items()},
        }


def reply_to(worker: Worker, request: dict[str, Any]) -> dict[str, Any]:
    """The worker's answer to one request; whatever goes wrong becomes an error reply."""
    try:
        return worker.handle(request)
    except TokenlabError as error:
        return {"ok": False, "error": type(error).__name__, "message": str(error)}
    except MemoryError:
        return {
            "ok": False,
            "error": "MemoryError",
            "message": "it needs more memory than a visitor's tokenizer may use",
        }
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as error:  # Rust panics (pyo3_runtime.PanicException) derive from BaseException
        return {"ok": False, "error": type(error).__name__, "message": first_line(error)}


def serve(stdin: BinaryIO, stdout: BinaryIO, worker: Worker, cpu_seconds: float) -> None:
    """Answer requests from `stdin` until it closes, each under a fresh CPU allowance (a Hub
    load, which imports transformers and parses the tokenizer twice, settings.SANDBOX_HUB_LOAD_SCALE
    times as much)."""
    while (request := read_frame(stdin)) is not None:
        allow_cpu_seconds(cpu_seconds * (settings.SANDBOX_HUB_LOAD_SCALE if request.get("op") == "hub" else 1.0))
        stdout.write(encode_frame(reply_to(worker, request)))
        stdout.flush()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="tokenlab's sandbox worker (started by the server)")
    parser.add_argument("--cpu", type=float, required=True, help="CPU seconds per request")
    parser.add_argument("--memory", type=int, required=True, help="RLIMIT_DATA in bytes")
    parser.add_argument("--keep", type=int, required=True, help="tokenizers kept loaded")
    args = parser.parse_args(argv)
    limit_self(args.memory)
    # Frames go to the original stdout; anything a library prints goes to stderr instead of
    # into the middle of a frame.
    frames = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    serve(sys.stdin.buffer, frames, Worker(args.keep), args.cpu)


if __name__ == "__main__":
    main()
