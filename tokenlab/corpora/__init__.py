"""Bundled corpora (UDHR, code, legal, prose, math) and the user's own files, as `Corpus`es.

May import: text, tokenlab.errors, tokenlab.settings. Never tokenizers or the engine: a corpus
is text with its groups, whoever counts it.
"""

from tokenlab.corpora.catalogue import list_corpora as list_corpora
from tokenlab.corpora.catalogue import load_corpus as load_corpus
from tokenlab.corpora.corpus import Corpus as Corpus
from tokenlab.corpora.corpus import CorpusError as CorpusError
from tokenlab.corpora.udhr import udhr as udhr
from tokenlab.corpora.udhr import udhr_languages as udhr_languages
from tokenlab.corpora.udhr import udhr_versions as udhr_versions
from tokenlab.corpora.uploads import corpus_from_table as corpus_from_table
from tokenlab.corpora.uploads import read_table as read_table
from tokenlab.corpora.uploads import read_upload as read_upload
from tokenlab.corpora.uploads import text_columns as text_columns

__all__ = [
    "Corpus",
    "CorpusError",
    "corpus_from_table",
    "list_corpora",
    "load_corpus",
    "read_table",
    "read_upload",
    "text_columns",
    "udhr",
    "udhr_languages",
    "udhr_versions",
]
