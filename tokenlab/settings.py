"""Every tunable number and path of tokenlab, in one place.

Pages, the CLI and the library read limits from here so that a limit shown to the user in a
message is the limit actually enforced.
"""

from __future__ import annotations

import os
from pathlib import Path

#: Bundled assets (tokenizers, corpora); override with TOKENLAB_DATA_DIR for a relocated tree.
DATA_DIR = Path(os.environ.get("TOKENLAB_DATA_DIR", Path(__file__).resolve().parent.parent / "data"))
TOKENIZER_DIR = DATA_DIR / "tokenizers"
TOKENIZER_MANIFEST = TOKENIZER_DIR / "manifest.json"

#: Largest text the app segments in one request (characters). Counts beyond it would still be
#: exact, but rendering and caching that much text per tokenizer is what freezes browsers.
MAX_TEXT_CHARS = 100_000

#: Token spans drawn per tokenizer; beyond it the page says so. Counts always cover every token.
MAX_RENDERED_TOKENS = 3000

#: Largest tokenizer file a user may load (bytes). The biggest real tokenizer.json files
#: (Gemma 3) are about 35 MB uncompressed.
MAX_TOKENIZER_FILE_BYTES = 64 * 1024 * 1024

#: How long a Hugging Face Hub lookup may wait for the network before it fails (seconds).
HUB_CONNECT_TIMEOUT_S = 3.0
HUB_HOST = "huggingface.co"
