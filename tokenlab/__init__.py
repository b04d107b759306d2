"""tokenlab: see how real LLM tokenizers cut text, and what that costs.

The public API; pages, the CLI and tests import from here.

    >>> import tokenlab
    >>> tokenlab.load_tokenizer("o200k_base").encode("Hello world")
    [13225, 2375]
"""

from tokenlab import corpus_metrics as corpus_metrics
from tokenlab.corpora import Corpus as Corpus
from tokenlab.corpora import CorpusError as CorpusError
from tokenlab.corpora import list_corpora as list_corpora
from tokenlab.corpora import load_corpus as load_corpus
from tokenlab.corpora import read_upload as read_upload
from tokenlab.errors import InvalidTextError as InvalidTextError
from tokenlab.errors import TokenizerLoadError as TokenizerLoadError
from tokenlab.errors import TokenlabError as TokenlabError
from tokenlab.errors import UnknownTokenizerError as UnknownTokenizerError
from tokenlab.profiling import Profile as Profile
from tokenlab.profiling import profile_corpus as profile_corpus
from tokenlab.results import ResultsError as ResultsError
from tokenlab.results_reader import open_results as open_results
from tokenlab.results_reader import open_uploaded_results as open_uploaded_results
from tokenlab.segment import Segmentation as Segmentation
from tokenlab.segment import Token as Token
from tokenlab.segment import TokenKind as TokenKind
from tokenlab.store import Store as Store
from tokenlab.tokenizers.base import Tokenizer as Tokenizer
from tokenlab.tokenizers.base import TokenizerInfo as TokenizerInfo
from tokenlab.tokenizers.files import load_tokenizer_bytes as load_tokenizer_bytes
from tokenlab.tokenizers.files import load_tokenizer_file as load_tokenizer_file
from tokenlab.tokenizers.hub import load_hub_tokenizer as load_hub_tokenizer
from tokenlab.tokenizers.hub import load_tokenizer_folder as load_tokenizer_folder
from tokenlab.tokenizers.registry import list_tokenizers as list_tokenizers
from tokenlab.tokenizers.registry import load_tokenizer as load_tokenizer
from tokenlab.tokenizers.registry import tokenizer_info as tokenizer_info

__all__ = [
    "Corpus",
    "CorpusError",
    "InvalidTextError",
    "Profile",
    "ResultsError",
    "Segmentation",
    "Store",
    "Token",
    "TokenKind",
    "Tokenizer",
    "TokenizerInfo",
    "TokenizerLoadError",
    "TokenlabError",
    "UnknownTokenizerError",
    "corpus_metrics",
    "list_corpora",
    "list_tokenizers",
    "load_corpus",
    "load_hub_tokenizer",
    "load_tokenizer",
    "load_tokenizer_bytes",
    "load_tokenizer_file",
    "load_tokenizer_folder",
    "open_results",
    "open_uploaded_results",
    "profile_corpus",
    "read_upload",
    "tokenizer_info",
]
