"""The one exception of the vocabulary lab: a search, corpus or sweep the user must change."""

from __future__ import annotations

from tokenlab.errors import TokenlabError


class VocabLabError(TokenlabError, ValueError):
    """An input to the vocabulary lab that cannot be used as given; the message says what to do."""
