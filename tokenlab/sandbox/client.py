"""The server's side of the sandbox: one worker process, its requests, and the tokenizer they serve.

`Sandbox` starts the worker on first use, sends it one request at a time (another visitor's
request waits up to `queue_s`), and waits for each answer in `select`, so the GIL stays free
and every other session keeps running while a visitor's tokenizer works. A worker that
overruns `wall_s` is killed; one that dies (CPU limit, memory limit, a crash) is replaced on
the next request; one idle for `idle_s` is stopped, so a server nobody uploads to carries none.

`SandboxedTokenizer` is a `Tokenizer` whose work happens there: pages use it like any other.

    tokenizer = sandboxed_tokenizer(data, "tokenizer.json")   # parsed in the worker
    tokenizer.segment("Hello")                                # encoded in the worker
"""

from __future__ import annotations

import base64
import logging
import os
import select
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterable, Sequence
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np

from tokenlab import settings
from tokenlab.errors import SegmentationError, TokenizerLoadError, TokenlabError
from tokenlab.sandbox.protocol import ProtocolError, decode_body, encode_frame, frame_length, unpack_bytes
from tokenlab.sandbox.worker import NOT_LOADED
from tokenlab.text.segment import TokenKind, check_text
from tokenlab.tokenizers.base import SpanArrays, Tokenizer, TokenizerInfo
from tokenlab.tokenizers.hub import check_hub_id

log = logging.getLogger(__name__)

#: The directory that holds the tokenlab package, so the worker imports this same copy.
_PACKAGE_PARENT = str(Path(__file__).resolve().parents[2])
#: The worker runs one thread: no Rust thread pools, few malloc arenas (each reserves memory).
#: Hub downloads go over plain HTTP, whose every request times out (Xet's transfers run on
#: threads of their own).
_WORKER_ENV = {
    "RAYON_NUM_THREADS": "1",
    "TOKENIZERS_PARALLELISM": "false",
    "MALLOC_ARENA_MAX": "2",
    "HF_HUB_DISABLE_XET": "1",
    "HF_HUB_DOWNLOAD_TIMEOUT": str(round(settings.HUB_TIMEOUT_S)),
    "HF_HUB_ETAG_TIMEOUT": str(round(settings.HUB_TIMEOUT_S)),
    "HF_HUB_DISABLE_TELEMETRY": "1",
}


class SandboxError(TokenlabError):
    """A visitor's tokenizer was stopped by a limit, or the sandbox is busy."""


class Sandbox:
    """One worker process for visitors' tokenizers, shared by every session of a server."""

    def __init__(
        self,
        *,
        cpu_s: float = settings.SANDBOX_CPU_S,
        wall_s: float = settings.SANDBOX_WALL_S,
        memory_bytes: int = settings.SANDBOX_MEMORY_BYTES,
        keep: int = settings.SANDBOX_TOKENIZERS,
        idle_s: float = settings.SANDBOX_IDLE_S,
        queue_s: float = settings.SANDBOX_QUEUE_S,
    ) -> None:
        self.cpu_s, self.wall_s, self.memory_bytes, self.keep = cpu_s, wall_s, memory_bytes, keep
        self.idle_s, self.queue_s = idle_s, queue_s
        self._process: subprocess.Popen[bytes] | None = None
        self._lock = threading.Lock()
        self._idle_timer: threading.Timer | None = None
        #: Worker processes started so far (a worker that died or idled out is replaced on demand).
        self.workers_started = 0

    @property
    def pid(self) -> int | None:
        """The worker's process id while one runs."""
        process = self._process
        return process.pid if process is not None and process.poll() is None else None

    def request(self, message: dict[str, Any], what: str) -> dict[str, Any]:
        """The worker's reply to `message`; `what` names the work in messages ("loading x.json")."""
        if not self._lock.acquire(timeout=self.queue_s):
            raise SandboxError(
                f"The server is busy with other visitors' tokenizers; {what} waited {self.queue_s:.0f} s. "
                "Try again in a minute."
            )
        try:
            process = self._running()
            # A Hub load imports transformers and parses the tokenizer twice: it gets more time.
            scale = settings.SANDBOX_HUB_LOAD_SCALE if message.get("op") == "hub" else 1.0
            try:
                return self._exchange(process, encode_frame(message), what, scale)
            except BaseException:
                self._stop()  # a half-read reply cannot be resumed: start afresh next time
                raise
        finally:
            self._lock.release()
            self._arm_idle_timer()

    def close(self) -> None:
        """Stop the worker now, even in the middle of a request (which then fails with a message)."""
        if self._idle_timer is not None:
            self._idle_timer.cancel()
        process = self._process
        if process is not None and process.poll() is None:
            process.kill()
            process.wait()  # gone for good: the next request starts a new worker

    def _running(self) -> subprocess.Popen[bytes]:
        if self._process is not None and self._process.poll() is None:
            return self._process
        self.workers_started += 1
        command = [sys.executable, "-m", "tokenlab.sandbox.worker", "--cpu", str(self.cpu_s)]
        command += ["--memory", str(self.memory_bytes), "--keep", str(self.keep)]
        path = os.pathsep.join(p for p in (_PACKAGE_PARENT, os.environ.get("PYTHONPATH")) if p)
        env = {**os.environ, **_WORKER_ENV, "PYTHONPATH": path, "TOKENLAB_HUB_CACHE": str(settings.HUB_CACHE_DIR)}
        self._process = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env
        )
        return self._process

    def _exchange(self, process: subprocess.Popen[bytes], frame: bytes, what: str, scale: float) -> dict[str, Any]:
        """Send `frame` and read the reply within `scale` times the usual wall-clock and CPU time."""
        assert process.stdin is not None and process.stdout is not None
        deadline = time.monotonic() + self.wall_s * scale
        try:
            process.stdin.write(frame)
            process.stdin.flush()
            header = self._read(process, 4, deadline, what, scale)
            return decode_body(self._read(process, frame_length(header), deadline, what, scale))
        except (BrokenPipeError, ProtocolError) as error:
            raise self._died(process, what, str(error), scale) from None

    def _read(self, process: subprocess.Popen[bytes], size: int, deadline: float, what: str, scale: float) -> bytes:
        assert process.stdout is not None
        fd, chunks, got = process.stdout.fileno(), [], 0
        while got < size:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([fd], [], [], left)[0]:
                process.kill()
                process.wait()
                wall_s = self.wall_s * scale
                raise SandboxError(
                    f"Your tokenizer took more than {wall_s:.0f} s {what} and was stopped (a pre-tokenizer "
                    "regex that backtracks can take hours). Try a shorter text, or another tokenizer file."
                )
            chunk = os.read(fd, min(size - got, 1 << 20))
            if not chunk:
                raise self._died(process, what, "no reply", scale)
            chunks.append(chunk)
            got += len(chunk)
        return b"".join(chunks)

    def _died(self, process: subprocess.Popen[bytes], what: str, detail: str, scale: float) -> SandboxError:
        try:
            status = process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            status = process.wait()
        log.warning("sandbox worker ended %s: status %s (%s)", what, status, detail)
        if status == -signal.SIGXCPU:
            reason = (
                f"it used more than {self.cpu_s * scale:.0f} s of CPU (a pre-tokenizer regex that backtracks can "
                "take hours)"
            )
        else:
            reason = (
                f"it needed more than the {self.memory_bytes / 2**20:.0f} MB of memory a visitor's tokenizer may use, "
                "or crashed"
            )
        return SandboxError(f"Your tokenizer was stopped {what}: {reason}. Try a shorter text, or another file.")

    def _stop(self) -> None:
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            process.kill()
            process.wait()

    def _arm_idle_timer(self) -> None:
        if self._idle_timer is not None:
            self._idle_timer.cancel()
        self._idle_timer = threading.Timer(self.idle_s, self._stop_if_idle)
        self._idle_timer.daemon = True
        self._idle_timer.start()

    def _stop_if_idle(self) -> None:
        if self._lock.acquire(blocking=False):  # a request in progress keeps the worker
            try:
                self._stop()
            finally:
                self._lock.release()


class SandboxedTokenizer(Tokenizer):
    """A visitor's tokenizer file, parsed and run in the sandbox's worker."""

    def __init__(self, sandbox: Sandbox, data: bytes, filename: str) -> None:
        self._sandbox, self._data, self._filename = sandbox, data, filename
        self._start()

    def _start(self) -> None:
        reply = self._load()
        # JSON has no tuples: TokenizerInfo's tuple fields come back as lists.
        fields: dict[str, Any] = {k: tuple(v) if isinstance(v, list) else v for k, v in reply["info"].items()}
        super().__init__(TokenizerInfo(**fields))
        self._algorithm: str = reply["algorithm"]
        self.lossless = bool(reply["lossless"])
        prefix, suffix = reply["format_tokens"]
        self._format = ([int(i) for i in prefix], [int(i) for i in suffix])
        self._remote_kinds = {int(token_id): TokenKind(kind) for token_id, kind in reply["kinds"].items()}

    def _load_request(self) -> tuple[dict[str, Any], str]:
        """The request that loads this tokenizer in the worker, and what to call it in messages."""
        label = Path(self._filename.replace("\\", "/")).name or "upload"
        message = {"op": "load", "data": base64.b64encode(self._data).decode("ascii"), "filename": self._filename}
        return message, f"while loading {label}"

    def _load(self) -> dict[str, Any]:
        reply = self._checked(self._sandbox.request(*self._load_request()))
        self._key: str = reply["key"]
        return reply

    def _call(self, op: str, what: str, **fields: Any) -> dict[str, Any]:
        reply = self._sandbox.request({"op": op, "key": self._key, **fields}, what)
        if reply.get("error") == NOT_LOADED:  # the worker was restarted or kept other files
            self._load()
            reply = self._sandbox.request({"op": op, "key": self._key, **fields}, what)
        return self._checked(reply)

    def _checked(self, reply: dict[str, Any]) -> dict[str, Any]:
        if reply.get("ok"):
            return reply
        error, message = reply.get("error"), str(reply.get("message", "the sandbox gave no reason"))[:500]
        if error == "SegmentationError":
            raise SegmentationError(message)
        if error in ("TokenizerLoadError", "UnknownTokenizerError", "InvalidTextError"):
            raise TokenizerLoadError(message)
        if error == "MemoryError":
            raise SandboxError(
                f"Your tokenizer needs more than the {self._sandbox.memory_bytes / 2**20:.0f} MB of memory a "
                "visitor's tokenizer may use. Upload a smaller tokenizer."
            )
        raise TokenizerLoadError(f"Your tokenizer failed ({error}: {message}).")

    @property
    def format_tokens(self) -> tuple[list[int], list[int]]:
        return self._format

    @property
    def algorithm(self) -> str:
        return self._algorithm

    def decode(self, ids: Sequence[int]) -> str:
        return str(self._call("decode", "while decoding", ids=[int(i) for i in ids])["text"])

    def vocab(self) -> dict[int, bytes]:
        reply = self._call("vocab", "while listing its vocabulary")
        return dict(zip((int(i) for i in reply["ids"]), unpack_bytes(reply["bytes"]), strict=True))

    def _encode(self, text: str) -> list[int]:
        return [int(i) for i in self._call("encode", f"while encoding {len(text):,} characters", text=text)["ids"]]

    # Corpus profiling asks for a batch of documents at a time: one request each, not one per document.
    def encode_batch(self, texts: Iterable[str]) -> list[list[int]]:
        checked = [check_text(text) for text in texts]
        reply = self._call("encode_batch", f"while encoding {sum(map(len, checked)):,} characters", texts=checked)
        ids, bounds = reply["ids"], np.cumsum([0, *reply["counts"]]).tolist()
        return [[int(i) for i in ids[start:end]] for start, end in pairwise(bounds)]

    def spans_batch(self, texts: Sequence[str]) -> SpanArrays:
        checked = [check_text(text) for text in texts]
        reply = self._call("spans_batch", f"while encoding {sum(map(len, checked)):,} characters", texts=checked)
        return SpanArrays(*(np.asarray(reply[name], dtype=np.int64) for name in ("ids", "counts", "starts", "ends")))

    def entries_bytes(self, ids: Sequence[int]) -> list[bytes]:
        return unpack_bytes(self._call("entries", "while reading its vocabulary", ids=[int(i) for i in ids])["bytes"])

    def _segment_columns(self, text: str) -> tuple[list[int], list[int], list[int], list[bytes]]:
        reply = self._call("segment", f"while encoding {len(text):,} characters", text=text)
        return reply["ids"], reply["starts"], reply["ends"], unpack_bytes(reply["bytes"])

    def _lookup_bytes(self, token_id: int) -> bytes:
        return unpack_bytes(self._call("token_bytes", "while reading a token", ids=[token_id])["bytes"])[0]

    def _vocab_ids(self) -> Iterable[int]:
        return self.vocab().keys()

    def _build_kinds(self) -> dict[int, TokenKind]:
        return self._remote_kinds


class SandboxedHubTokenizer(SandboxedTokenizer):
    """A Hugging Face Hub tokenizer, fetched, parsed and run in the sandbox's worker: the
    repository is someone else's files (its pre-tokenizer regexes, its size)."""

    def __init__(self, sandbox: Sandbox, repo_id: str, revision: str | None = None) -> None:
        check_hub_id(repo_id, revision)  # before any request, to the worker or the Hub
        self._sandbox, self._repo_id, self._revision = sandbox, repo_id, revision
        self._commit: str | None = None
        self._start()

    def _load_request(self) -> tuple[dict[str, Any], str]:
        message = {"op": "hub", "repo_id": self._repo_id, "revision": self._revision, "commit": self._commit}
        return message, f"while fetching {self._repo_id}"

    def _load(self) -> dict[str, Any]:
        reply = super()._load()
        self._commit = reply.get("commit")  # a reload reads the same files from the worker's cache
        return reply


_default: Sandbox | None = None
_default_lock = threading.Lock()


def default_sandbox() -> Sandbox:
    """The process-wide sandbox (settings.SANDBOX_*), created on first use."""
    global _default
    with _default_lock:
        if _default is None:
            _default = Sandbox()
        return _default


def sandboxed_tokenizer(data: bytes, filename: str, sandbox: Sandbox | None = None) -> SandboxedTokenizer:
    """A visitor's tokenizer file, loaded in the sandbox (TokenizerLoadError/SandboxError if it cannot be)."""
    return SandboxedTokenizer(sandbox or default_sandbox(), data, filename)


def sandboxed_hub_tokenizer(
    repo_id: str, revision: str | None = None, sandbox: Sandbox | None = None
) -> SandboxedHubTokenizer:
    """A Hub id's tokenizer, fetched and loaded in the sandbox (TokenizerLoadError/SandboxError if it cannot be)."""
    return SandboxedHubTokenizer(sandbox or default_sandbox(), repo_id, revision)
