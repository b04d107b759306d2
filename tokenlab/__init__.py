"""tokenlab: see how real LLM tokenizers cut text, and what that costs.

The public API; pages, the CLI and tests import from here.

    >>> import tokenlab
    >>> tokenlab.load_tokenizer("o200k_base").encode("Hello world")
    [13225, 2375]

The parts, one subpackage each (their `__init__` says what each owns and may import):
tokenizers, text, corpora, engine, metrics, scaling, vocab, charts, sandbox, cli.

Names are imported on first use (PEP 562), so `import tokenlab.tokenizers.formats` (the
sandbox worker) or `tokenlab tokenize` does not pull in polars, DuckDB and every part.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tokenlab.corpora import Corpus as Corpus
    from tokenlab.corpora import CorpusError as CorpusError
    from tokenlab.corpora import list_corpora as list_corpora
    from tokenlab.corpora import load_corpus as load_corpus
    from tokenlab.corpora import read_upload as read_upload
    from tokenlab.engine.profiling import Profile as Profile
    from tokenlab.engine.profiling import profile_corpus as profile_corpus
    from tokenlab.engine.results import ResultsError as ResultsError
    from tokenlab.engine.results_reader import open_results as open_results
    from tokenlab.engine.results_reader import open_uploaded_results as open_uploaded_results
    from tokenlab.engine.store import Store as Store
    from tokenlab.engine.store import StoreError as StoreError
    from tokenlab.errors import InvalidTextError as InvalidTextError
    from tokenlab.errors import SegmentationError as SegmentationError
    from tokenlab.errors import TokenizerLoadError as TokenizerLoadError
    from tokenlab.errors import TokenlabError as TokenlabError
    from tokenlab.errors import UnknownTokenizerError as UnknownTokenizerError
    from tokenlab.metrics import corpus_metrics as corpus_metrics
    from tokenlab.text.segment import Segmentation as Segmentation
    from tokenlab.text.segment import Token as Token
    from tokenlab.text.segment import TokenKind as TokenKind
    from tokenlab.tokenizers.base import Tokenizer as Tokenizer
    from tokenlab.tokenizers.base import TokenizerInfo as TokenizerInfo
    from tokenlab.tokenizers.files import load_tokenizer_bytes as load_tokenizer_bytes
    from tokenlab.tokenizers.files import load_tokenizer_file as load_tokenizer_file
    from tokenlab.tokenizers.hub import load_hub_tokenizer as load_hub_tokenizer
    from tokenlab.tokenizers.hub import load_tokenizer_folder as load_tokenizer_folder
    from tokenlab.tokenizers.registry import list_tokenizers as list_tokenizers
    from tokenlab.tokenizers.registry import load_tokenizer as load_tokenizer
    from tokenlab.tokenizers.registry import tokenizer_info as tokenizer_info

#: Public name -> (module, attribute); None: the name is the module itself.
_EXPORTS: dict[str, tuple[str, str | None]] = {
    "Corpus": ("tokenlab.corpora", "Corpus"),
    "CorpusError": ("tokenlab.corpora", "CorpusError"),
    "list_corpora": ("tokenlab.corpora", "list_corpora"),
    "load_corpus": ("tokenlab.corpora", "load_corpus"),
    "read_upload": ("tokenlab.corpora", "read_upload"),
    "Profile": ("tokenlab.engine.profiling", "Profile"),
    "profile_corpus": ("tokenlab.engine.profiling", "profile_corpus"),
    "ResultsError": ("tokenlab.engine.results", "ResultsError"),
    "open_results": ("tokenlab.engine.results_reader", "open_results"),
    "open_uploaded_results": ("tokenlab.engine.results_reader", "open_uploaded_results"),
    "Store": ("tokenlab.engine.store", "Store"),
    "StoreError": ("tokenlab.engine.store", "StoreError"),
    "InvalidTextError": ("tokenlab.errors", "InvalidTextError"),
    "SegmentationError": ("tokenlab.errors", "SegmentationError"),
    "TokenizerLoadError": ("tokenlab.errors", "TokenizerLoadError"),
    "TokenlabError": ("tokenlab.errors", "TokenlabError"),
    "UnknownTokenizerError": ("tokenlab.errors", "UnknownTokenizerError"),
    "corpus_metrics": ("tokenlab.metrics.corpus_metrics", None),
    "Segmentation": ("tokenlab.text.segment", "Segmentation"),
    "Token": ("tokenlab.text.segment", "Token"),
    "TokenKind": ("tokenlab.text.segment", "TokenKind"),
    "Tokenizer": ("tokenlab.tokenizers.base", "Tokenizer"),
    "TokenizerInfo": ("tokenlab.tokenizers.base", "TokenizerInfo"),
    "load_tokenizer_bytes": ("tokenlab.tokenizers.files", "load_tokenizer_bytes"),
    "load_tokenizer_file": ("tokenlab.tokenizers.files", "load_tokenizer_file"),
    "load_hub_tokenizer": ("tokenlab.tokenizers.hub", "load_hub_tokenizer"),
    "load_tokenizer_folder": ("tokenlab.tokenizers.hub", "load_tokenizer_folder"),
    "list_tokenizers": ("tokenlab.tokenizers.registry", "list_tokenizers"),
    "load_tokenizer": ("tokenlab.tokenizers.registry", "load_tokenizer"),
    "tokenizer_info": ("tokenlab.tokenizers.registry", "tokenizer_info"),
}
_PARTS = ("text", "tokenizers", "corpora", "engine", "metrics", "scaling", "vocab", "charts", "sandbox", "cli")

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    """A public name or a part, imported on first use and then kept as an ordinary attribute."""
    if name in _EXPORTS:
        module, attribute = _EXPORTS[name]
        value = importlib.import_module(module)
        if attribute is not None:
            value = getattr(value, attribute)
    elif name in _PARTS:
        value = importlib.import_module(f"tokenlab.{name}")
    else:
        raise AttributeError(f"module 'tokenlab' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__, *_PARTS})
