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

#: Where corpus profiles are cached: TOKENLAB_DB (a file path, or ":memory:"), else
#: $XDG_CACHE_HOME/tokenlab/profiles.duckdb, else ~/.cache/tokenlab/profiles.duckdb.
CACHE_DIR = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "tokenlab"
DB_PATH = os.environ.get("TOKENLAB_DB") or str(CACHE_DIR / "profiles.duckdb")

#: DuckDB's share of the machine: Streamlit Community Cloud gives 690 MB to 2.7 GB and 2 cores.
DUCKDB_MEMORY_LIMIT = "512MB"
DUCKDB_THREADS = 2

#: Blocks from this size up get a mapping of their own, returned to the OS when freed (the app
#: sets it at start, see tokenlab.memory); glibc's own threshold starts at 128 KB and then rises.
MALLOC_MMAP_THRESHOLD = 256 * 1024

#: Characters tokenised per batch call when profiling a corpus: large enough for the libraries'
#: parallel batch encoders, small enough for a progress bar that moves.
PROFILE_BATCH_CHARS = 500_000
#: Threads that encode a batch of texts (TOKENLAB_THREADS, default: the cores this process may
#: use; a Ray worker with one CPU sets 1).
ENCODE_THREADS = int(os.environ.get("TOKENLAB_THREADS") or 0) or len(os.sched_getaffinity(0))
#: Batches profiled at once: at least two, so one batch's counting overlaps another's encoding.
PROFILE_THREADS = max(2, ENCODE_THREADS)

#: Longest document a .txt paragraph makes; longer ones are cut at line breaks (or spaces).
MAX_PARAGRAPH_CHARS = 20_000

#: Largest corpus file a user may upload (bytes), and the most characters a corpus may hold.
MAX_UPLOAD_BYTES = 50 * 1024 * 1024
MAX_CORPUS_CHARS = 20_000_000

#: Each domain corpus is capped at this many characters so profiling it stays interactive.
DOMAIN_CORPUS_CHARS = 400_000

#: Languages whose text is more than this share unknown characters are flagged: their token
#: counts understate the cost, since one <unk> stands for text the model never sees.
UNKNOWN_CHAR_FLAG = 0.10

#: Rényi efficiency order (Zouhar et al. 2023 found alpha = 2.5 correlates best with BLEU).
RENYI_ALPHA = 2.5

#: Bootstrap over parallel articles for parity confidence intervals (seeded: same answer each run).
BOOTSTRAP_SAMPLES = 1000
BOOTSTRAP_SEED = 0
CONFIDENCE = 0.95

#: tokenlab's version, written into exported tables so a result can be traced to the code.
VERSION = "0.1.0"
