"""A Hugging Face Hub on localhost, for tests without a network: real HTTP, real huggingface_hub.

It answers the two calls tokenlab makes, a model's file list (`/api/models/<id>/revision/<rev>`)
and a file (`/<id>/resolve/<commit>/<file>`), for the repositories it is given, the way the
Hub does: a gated repository answers 401 with `X-Error-Code: GatedRepo`, an unknown or
private one 401 with `RepoNotFound`. Every request is recorded, so a test can tell that an id
was refused before anything was asked.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlparse


@dataclass
class FakeHub:
    """Public repositories (id -> {file name: bytes}) and gated ones (ids), served at `endpoint`."""

    repos: dict[str, dict[str, bytes]]
    gated: set[str] = field(default_factory=set)
    requests: list[str] = field(default_factory=list)
    endpoint: str = ""
    #: Seconds each answer waits (a slow or stalled Hub).
    delay_s: float = 0.0

    @staticmethod
    def commit(repo_id: str) -> str:
        return hashlib.sha1(repo_id.encode()).hexdigest()

    def answer(self, method: str, path: str) -> tuple[int, dict[str, str], bytes]:
        self.requests.append(f"{method} {path}")
        path = unquote(urlparse(path).path)
        if path.startswith("/api/models/"):
            repo_id, _, revision = path.removeprefix("/api/models/").partition("/revision/")
            if (failure := self._refusal(repo_id)) is not None:
                return failure
            if revision not in ("", "main", self.commit(repo_id)):
                return 404, {"X-Error-Code": "RevisionNotFound"}, b""
            files = self.repos[repo_id]
            siblings = [{"rfilename": name, "size": len(data)} for name, data in files.items()]
            body = json.dumps({"id": repo_id, "sha": self.commit(repo_id), "siblings": siblings}).encode()
            return 200, {"Content-Type": "application/json"}, body
        owner, name, _resolve, commit, filename = path.strip("/").split("/", 4)
        repo_id = f"{owner}/{name}"
        if (failure := self._refusal(repo_id)) is not None:
            return failure
        if filename not in self.repos[repo_id]:
            return 404, {"X-Error-Code": "EntryNotFound"}, b""
        data = self.repos[repo_id][filename]
        headers = {"X-Repo-Commit": commit, "ETag": f'"{hashlib.sha256(data).hexdigest()}"'}
        return 200, headers, data

    def _refusal(self, repo_id: str) -> tuple[int, dict[str, str], bytes] | None:
        if repo_id in self.gated:
            return 401, {"X-Error-Code": "GatedRepo", "X-Error-Message": "Access to model is restricted."}, b""
        if repo_id not in self.repos:
            return 401, {"X-Error-Code": "RepoNotFound", "X-Error-Message": "Repository not found"}, b""
        return None


def folder_files(folder: Path) -> dict[str, bytes]:
    """A model folder's files, as a repository of the fake Hub."""
    return {path.name: path.read_bytes() for path in folder.iterdir() if path.is_file()}


def model_folder(folder: Path, tokenizer_json: bytes, tokenizer_class: str) -> Path:
    """`folder` holding a tokenizer as a model repository holds it: what transformers'
    save_pretrained writes for a tokenizer.json loaded as `tokenizer_class`."""
    from transformers import AutoTokenizer

    source = folder.with_name(folder.name + "-source")
    source.mkdir(parents=True)
    (source / "tokenizer.json").write_bytes(tokenizer_json)
    (source / "tokenizer_config.json").write_text(json.dumps({"tokenizer_class": tokenizer_class}))
    AutoTokenizer.from_pretrained(str(source)).save_pretrained(str(folder))
    return folder


def cache_repo(cache_dir: Path, repo_id: str, folder: Path) -> str:
    """Lay `folder`'s files out in `cache_dir` as huggingface_hub caches a download of
    `repo_id` at "main" (refs/main names the snapshot, whose files link to blobs); the commit."""
    commit = FakeHub.commit(repo_id)
    repo = cache_dir / f"models--{repo_id.replace('/', '--')}"
    for part in ("refs", "blobs", f"snapshots/{commit}"):
        (repo / part).mkdir(parents=True)
    (repo / "refs" / "main").write_text(commit)
    for name, data in folder_files(folder).items():
        blob = repo / "blobs" / hashlib.sha256(data).hexdigest()
        blob.write_bytes(data)
        (repo / "snapshots" / commit / name).symlink_to(f"../../blobs/{blob.name}")
    return commit


@contextmanager
def serving(hub: FakeHub) -> Iterator[FakeHub]:
    """`hub` on a free localhost port for the duration of the block."""

    class Handler(BaseHTTPRequestHandler):
        def _reply(self, with_body: bool) -> None:
            status, headers, body = hub.answer(self.command, self.path)
            time.sleep(hub.delay_s)
            self.send_response(status)
            for key, value in headers.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if with_body:
                self.wfile.write(body)

        def do_GET(self) -> None:
            self._reply(with_body=True)

        def do_HEAD(self) -> None:
            self._reply(with_body=False)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    hub.endpoint = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield hub
    finally:
        server.shutdown()
        server.server_close()
