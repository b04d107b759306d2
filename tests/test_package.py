"""`pip install .` gives a working library and `tokenlab` command, bundled data included.

The wheel is built from this checkout into a fresh virtual environment that borrows the
already-installed dependencies (--system-site-packages, --no-deps), and the command runs from
a directory outside the checkout, so only the installed copy can answer.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("venv")
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(root)], check=True)
    pip = [str(root / "bin" / "python"), "-m", "pip", "install", "-q", "--no-deps", "--no-build-isolation"]
    subprocess.run([*pip, str(REPO_ROOT)], check=True, capture_output=True)
    return root


def run(venv: Path, *args: str, cwd: Path) -> str:
    env = {key: value for key, value in os.environ.items() if key not in ("TOKENLAB_DATA_DIR", "PYTHONPATH")}
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, check=True)
    return done.stdout


def test_the_tokenlab_command_tokenizes_with_the_bundled_data(venv: Path, tmp_path: Path) -> None:
    out = run(
        venv, str(venv / "bin" / "tokenlab"), "tokenize", "--tokenizer", "o200k_base", "Hello world", cwd=tmp_path
    )
    assert out.splitlines() == [
        "o200k_base: 2 tokens, 11 characters, 11 bytes",
        "    #      id  start    end  piece",
        '    0   13225      0      5  "Hello"',
        '    1    2375      5     11  " world"',
    ]


def test_the_installed_library_reads_its_own_copy_of_the_data(venv: Path, tmp_path: Path) -> None:
    code = "import tokenlab, tokenlab.settings as s; print(tokenlab.__file__); print(s.DATA_DIR)"
    module_file, data_dir = run(venv, str(venv / "bin" / "python"), "-c", code, cwd=tmp_path).splitlines()
    assert not Path(module_file).is_relative_to(REPO_ROOT)
    assert Path(data_dir) == Path(module_file).parent / "_data"
    assert (Path(data_dir) / "MANIFEST.sha256").read_bytes() == (REPO_ROOT / "data" / "MANIFEST.sha256").read_bytes()


def test_python_dash_m_tokenlab_is_the_same_command(venv: Path, tmp_path: Path) -> None:
    module = run(
        venv, str(venv / "bin" / "python"), "-m", "tokenlab", "vocab", "--non-vocab-params", "7e9", cwd=tmp_path
    )
    command = run(venv, str(venv / "bin" / "tokenlab"), "vocab", "--non-vocab-params", "7e9", cwd=tmp_path)
    assert module == command
    assert "Approach 1 (IsoFLOPs)" in command
