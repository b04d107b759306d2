"""Code by programming language, for comparing what tokenizers charge for each.

Why: tokenizer users compare Python with Java, Go, SQL or YAML, and a vocabulary trained
mostly on prose or on one language shows it. Each language gets up to LANGUAGE_CHARS
characters of real, permissively licensed source from one or two pinned registry packages
(PyPI wheels and sdists, npm tarballs, Debian's source-carrying -dev packages): whole files
in path order, each clipped at a line boundary so that many files share the budget.

scripts/build_data.py fetches the packages and writes the result as corpora/code.json.gz;
tokenlab.corpora.domains reads it.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

#: Characters of source per language (a few hundred KB of text).
LANGUAGE_CHARS = 250_000
#: A file's share when a package has many: enough for whole modules, small enough for many of them.
FILE_CHARS = 40_000


@dataclass(frozen=True)
class CodeSource:
    """Files of one package for one language: `patterns` are globs under the unpacked root."""

    registry: str  # "pypi", "npm" or "debian": which of the build's pins `package` names
    package: str
    patterns: tuple[str, ...]
    licence: str  # SPDX expression
    licence_file: str  # the package's own licence text, copied to data/licenses/
    exclude: tuple[str, ...] = ()
    note: str = ""  # what data/NOTICE must add about the licence


@dataclass(frozen=True)
class CodeLanguage:
    """One group of the code corpus."""

    id: str
    name: str
    sources: tuple[CodeSource, ...]


CODE_LANGUAGES: tuple[CodeLanguage, ...] = (
    CodeLanguage(
        "python",
        "Python",
        (CodeSource("pypi", "click", ("click/*.py",), "BSD-3-Clause", "click-8.5.1.dist-info/licenses/LICENSE.txt"),),
    ),
    CodeLanguage("javascript", "JavaScript", (CodeSource("npm", "lodash", ("lodash.js",), "MIT", "LICENSE"),)),
    CodeLanguage(
        "typescript",
        "TypeScript",
        (CodeSource("npm", "rxjs", ("src/internal/*.ts", "src/internal/**/*.ts"), "Apache-2.0", "LICENSE.txt"),),
    ),
    CodeLanguage(
        "java",
        "Java",
        (CodeSource("npm", "cordova-android", ("framework/src/**/*.java",), "Apache-2.0", "LICENSE"),),
    ),
    CodeLanguage(
        "c",
        "C",
        (
            CodeSource(
                "pypi",
                "lz4",
                ("lz4libs/*.c", "lz4libs/*.h"),
                "BSD-2-Clause",
                "LICENSE",
                note="the LZ4 library (Yann Collet) is BSD-2-Clause, its licence text heads each of its files; "
                "licenses/code-lz4.txt is the python-lz4 package's own LICENSE (BSD-3-Clause)",
            ),
        ),
    ),
    CodeLanguage(
        "cpp",
        "C++",
        (
            CodeSource(
                "pypi",
                "pybind11",
                ("pybind11/include/pybind11/*.h", "pybind11/include/pybind11/**/*.h"),
                "BSD-3-Clause",
                "pybind11-3.1.0.dist-info/licenses/LICENSE",
            ),
        ),
    ),
    CodeLanguage(
        "go",
        "Go",
        (
            CodeSource(
                "debian",
                "golang-github-spf13-cobra-dev",
                ("usr/share/gocode/src/github.com/spf13/cobra/*.go",),
                "Apache-2.0",
                "usr/share/doc/golang-github-spf13-cobra-dev/copyright",
                exclude=("*_test.go",),
            ),
        ),
    ),
    CodeLanguage(
        "rust",
        "Rust",
        (
            CodeSource(
                "debian",
                "librust-serde-dev",
                ("usr/share/cargo/registry/serde-*/src/*.rs", "usr/share/cargo/registry/serde-*/src/**/*.rs"),
                "MIT OR Apache-2.0",
                "usr/share/doc/librust-serde-dev/copyright",
            ),
        ),
    ),
    CodeLanguage(
        "shell",
        "Shell",
        (
            CodeSource("npm", "neofetch", ("neofetch",), "MIT", "LICENSE.md"),
            CodeSource("npm", "n", ("bin/n",), "MIT", "LICENSE"),
        ),
    ),
    CodeLanguage(
        "sql",
        "SQL",
        (
            CodeSource(
                "pypi",
                "sqlglot",
                ("tests/fixtures/*.sql", "tests/fixtures/**/*.sql"),
                "MIT",
                "LICENSE",
                # TPC-H and TPC-DS queries are under the TPC's own licence.
                exclude=("*/tpc-h/*", "*/tpc-ds/*"),
            ),
        ),
    ),
    CodeLanguage(
        "html",
        "HTML",
        (
            CodeSource(
                "pypi",
                "django",
                ("django/*/templates/**/*.html", "django/**/templates/**/*.html"),
                "BSD-3-Clause",
                "django-5.2.20.dist-info/licenses/LICENSE",
            ),
        ),
    ),
    CodeLanguage("css", "CSS", (CodeSource("npm", "bootstrap", ("dist/css/bootstrap.css",), "MIT", "LICENSE"),)),
    CodeLanguage("json", "JSON", (CodeSource("npm", "mime-db", ("db.json",), "MIT", "LICENSE"),)),
    CodeLanguage("yaml", "YAML", (CodeSource("npm", "uap-core", ("regexes.yaml",), "Apache-2.0", "LICENSE"),)),
)


def _clip_lines(text: str, limit: int) -> str:
    """`text` cut to at most `limit` characters, at the last line break before the cut."""
    if len(text) <= limit:
        return text
    cut = text.rfind("\n", 0, limit)
    return text[: cut + 1 if cut > 0 else limit]


def matching_files(root: Path, source: CodeSource) -> list[str]:
    """Paths under `root` (POSIX, relative) that a pattern matches and no exclusion does, sorted."""
    found = {
        path.relative_to(root).as_posix()
        for pattern in source.patterns
        for path in root.glob(pattern)
        if path.is_file()
    }
    return sorted(rel for rel in found if not any(fnmatch.fnmatch(rel, ex) for ex in source.exclude))


def language_files(roots: Mapping[CodeSource, Path], language: CodeLanguage) -> list[dict[str, str]]:
    """{"path", "text"} of one language's files, within LANGUAGE_CHARS in all."""
    entries = [
        (source, rel, (roots[source] / rel).read_bytes())
        for source in language.sources
        for rel in matching_files(roots[source], source)
    ]
    texts = []
    for source, rel, data in entries:
        try:
            texts.append((f"{source.package}/{rel}", data.decode("utf-8")))
        except UnicodeDecodeError:
            continue  # not text we can show; no bundled source has any
    per_file = max(FILE_CHARS, LANGUAGE_CHARS // max(len(texts), 1))
    files, budget = [], LANGUAGE_CHARS
    for path, text in texts:
        if budget <= 0:
            break
        clipped = _clip_lines(text, min(per_file, budget))
        if clipped.strip():
            files.append({"path": path, "text": clipped})
            budget -= len(clipped)
    return files


def code_corpus(roots: Mapping[CodeSource, Path], refs: Mapping[CodeSource, str]) -> dict[str, Any]:
    """The corpus document: every language with its files, source and licence."""
    languages = []
    for language in CODE_LANGUAGES:
        files = language_files(roots, language)
        if not files:
            raise ValueError(f"no {language.name} files found in {[refs[s] for s in language.sources]}")
        languages.append(
            {
                "id": language.id,
                "name": language.name,
                "source": [refs[source] for source in language.sources],
                "licence": " AND ".join(dict.fromkeys(source.licence for source in language.sources)),
                "files": files,
            }
        )
    return {"languages": languages}
