"""Every tunable number and path of tokenlab, in one place.

Pages, the CLI and the library read limits from here so that a limit shown to the user in a
message is the limit actually enforced.
"""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent
#: Bundled assets (tokenizers, corpora): the package's own _data/ once installed from a wheel,
#: else data/ beside the package in a source checkout; TOKENLAB_DATA_DIR overrides both.
DATA_DIR = Path(
    os.environ.get("TOKENLAB_DATA_DIR")
    or (_PACKAGE_DIR / "_data" if (_PACKAGE_DIR / "_data").is_dir() else _PACKAGE_DIR.parent / "data")
)
TOKENIZER_DIR = DATA_DIR / "tokenizers"
TOKENIZER_MANIFEST = TOKENIZER_DIR / "manifest.json"

#: Largest text the app segments in one request (characters). Counts beyond it would still be
#: exact, but rendering and caching that much text per tokenizer is what freezes browsers.
MAX_TEXT_CHARS = 100_000

#: Most token ids decoded at once (a pasted list): each becomes a row of the per-id table.
MAX_DECODE_IDS = 10_000

#: Most turns in a chat to count, and most characters in all of them together (as one text).
MAX_CHAT_TURNS = 50
MAX_CHAT_CHARS = MAX_TEXT_CHARS

#: Token spans drawn per tokenizer; beyond it the page says so. Counts always cover every token.
MAX_RENDERED_TOKENS = 3000

#: Memory the bundled tokenizers loaded in one process may take (bytes; None: no limit),
#: counting the next one's loading peak: a 690 MB container less the server itself (about
#: 360 MB with its libraries, caches and sessions once every page is open). With 260 MB,
#: benchmarks/bench_server.py peaks at 614 MB (678 with 300, 724 with 420); a page that needs
#: more (Languages' six defaults while a seventh loads) lets the least recently used go and
#: loads it again later. Measured per tokenizer in tokenizers/footprint.py;
#: one measured nowhere is estimated from its vocabulary: bytes kept per entry, and its loading
#: peak per library as a multiple of that. Set from TOKENLAB_TOKENIZER_BUDGET_MB ("none": keep
#: every tokenizer, as the test suite does).
TOKENIZER_MEMORY_BUDGET: int | None = (
    None
    if os.environ.get("TOKENLAB_TOKENIZER_BUDGET_MB") == "none"
    else int(os.environ.get("TOKENLAB_TOKENIZER_BUDGET_MB") or 260) * 1024 * 1024
)
TOKENIZER_BYTES_PER_ENTRY = 370
TOKENIZER_LOAD_PEAK = {"hf-tokenizers": 4.5, "tiktoken": 1.8, "sentencepiece": 2.0}

#: Largest tokenizer file a user may load (bytes). The biggest real tokenizer.json files
#: (Gemma 3) are about 35 MB uncompressed.
MAX_TOKENIZER_FILE_BYTES = 64 * 1024 * 1024

#: A visitor's tokenizer runs in a sandbox worker process (tokenlab.sandbox) with these limits.
#: CPU seconds per request: loading Gemma 3's 33 MB tokenizer.json takes 2 s and segmenting
#: MAX_TEXT_CHARS well under 1 s, while a backtracking pre-tokenizer regex can take hours.
SANDBOX_CPU_S = 10.0
#: Wall-clock seconds per request, for a worker at the lowest priority on a fraction of a core.
SANDBOX_WALL_S = 30.0
#: The worker's data segment (RLIMIT_DATA): Gemma 3's tokenizer.json needs about 400 MB of it.
SANDBOX_MEMORY_BYTES = 640 * 1024 * 1024
#: Tokenizer files the worker keeps parsed (most recently used), and how long an idle worker lives.
SANDBOX_TOKENIZERS = 2
SANDBOX_IDLE_S = 300.0
#: How long a visitor's request waits while another visitor's runs.
SANDBOX_QUEUE_S = 60.0
#: A Hub tokenizer's load (fetch, transformers, our own parse) may take this many times the CPU
#: and wall-clock seconds of other requests: Gemma 3's 33 MB tokenizer.json takes 7.7 s of CPU and
#: peaks at 600 MB here, Qwen3's 3.5 s and 250 MB.
SANDBOX_HUB_LOAD_SCALE = 3.0

#: How long a Hugging Face Hub lookup may wait for the network before it fails (seconds): to
#: resolve and reach the host, for each request's answer, and for the whole download.
HUB_CONNECT_TIMEOUT_S = 3.0
HUB_TIMEOUT_S = 5.0
HUB_NETWORK_DEADLINE_S = 20.0
HUB_HOST = "huggingface.co"

#: The user's cache directory for tokenlab (the default home of the profile cache).
CACHE_DIR = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "tokenlab"
#: Where Hub tokenizers' files are kept (TOKENLAB_HUB_CACHE, else CACHE_DIR/hub; a cache of
#: tokenlab's own, never the user's Hugging Face cache, since it is trimmed), and its size on
#: disk, past which the least recently used repositories are deleted.
HUB_CACHE_DIR = Path(os.environ.get("TOKENLAB_HUB_CACHE") or CACHE_DIR / "hub")
HUB_CACHE_BYTES = 256 * 1024 * 1024
#: Hub tokenizers one app session may add (each is a request to the sandbox worker and a
#: byte cache in the server).
HUB_TOKENIZERS_PER_SESSION = 4


def db_path() -> str:
    """Where corpus profiles are cached: TOKENLAB_DB (a file path, or ":memory:"), else
    $XDG_CACHE_HOME/tokenlab/profiles.duckdb, else ~/.cache/tokenlab/profiles.duckdb.
    Read when a store opens, so a process (or a test) may set TOKENLAB_DB after import."""
    return os.environ.get("TOKENLAB_DB") or str(CACHE_DIR / "profiles.duckdb")


#: How often a profile cache kept in memory (its file locked or not writable) tries the file
#: again, at most (seconds); each try is one open of the file, on the next use of the cache.
STORE_RETRY_S = 10.0

#: DuckDB's share of the machine: Streamlit Community Cloud guarantees 690 MB and a fraction of
#: a core. DuckDB keeps table blocks cached up to its memory limit, so the limit is what it holds
#: between requests: 128 MB (past it, blocks are read back from the file or spilled to the
#: temporary directory; 64 MB ran out of memory when three sessions wrote at once). One thread
#: and a small allocator cache return the rest of a query's memory when it ends.
DUCKDB_MEMORY_LIMIT = "128MB"
#: A cache kept in memory (its file locked or unwritable) holds every table in that memory, so
#: it gets the room the file's blocks would have taken on disk.
DUCKDB_MEMORY_ONLY_LIMIT = "512MB"
DUCKDB_THREADS = 1
DUCKDB_ALLOCATOR_FLUSH = "4MB"

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
#: The most rows a table upload may have (Parquet: from its metadata; CSV and JSON Lines: lines
#: counted), checked before it is parsed; larger corpora go through `tokenlab profile` shards.
MAX_UPLOAD_ROWS = 200_000
#: The most bytes of text a Parquet upload may decode to, all its text columns together, checked
#: batch by batch before any is decoded: 255 KB of Parquet can hold a dictionary of 2 billion
#: characters.
MAX_UPLOAD_DECODED_BYTES = 128 * 1024 * 1024
#: The most characters one upload may hold in the app (the library and CLI take
#: MAX_CORPUS_CHARS), and the characters of uploads one visitor's session may count in all: a
#: shared server on a fraction of a core counts about 1M characters per second per tokenizer.
MAX_APP_UPLOAD_CHARS = 5_000_000
MAX_SESSION_UPLOAD_CHARS = 15_000_000
#: A visitor's uploaded corpus (and uploaded results) stay in the shared profile cache this long
#: after their last use, then are deleted; bundled corpora stay.
UPLOAD_RETENTION_S = 3600
#: A text too long for a link (text/share.py) is kept in the profile cache under its hash, so the
#: link carries the hash: each text at most MAX_TEXT_CHARS, all of them together at most
#: SHARED_TEXTS_BYTES (the oldest shared go first), each for SHARED_TEXT_RETENTION_S after it
#: was last shared or opened. With the cache in memory (TOKENLAB_DB=:memory:) they last until
#: the server restarts.
SHARED_TEXTS_BYTES = 32 * 1024 * 1024
SHARED_TEXT_RETENTION_S = 30 * 24 * 3600
#: Heavy jobs (counting a corpus, training a BPE sweep) the server runs at once; more visitors
#: wait in line, up to HEAVY_JOB_QUEUE_S, with a message saying so.
HEAVY_JOBS = 1
HEAVY_JOB_QUEUE_S = 300

#: Each domain corpus is capped at this many characters so profiling it stays interactive.
DOMAIN_CORPUS_CHARS = 400_000

#: A (tokenizer, text) pair whose coverage (the share of characters that reach the model: not
#: an unknown token, not dropped by a normalizer; text/coverage.py) is below this is flagged:
#: its token counts understate the cost, since the model never sees the text behind them. Flagged
#: pairs are marked wherever they are shown and left out of rankings, the Gini and worst served.
MIN_COVERAGE = 0.90

#: Parity needs this many parallel articles shared with the reference: fewer give no figure
#: (a one-article version would get a zero-width bootstrap interval).
MIN_PARITY_ARTICLES = 10

#: What a "page" means in budgets: 3,000 characters, about one printed page of English prose
#: (roughly 500 words); the page says so next to every page count.
PAGE_CHARS = 3000

#: Rényi efficiency order (Zouhar et al. 2023 found alpha = 2.5 correlates best with BLEU).
RENYI_ALPHA = 2.5

#: Bootstrap over parallel articles for parity confidence intervals (seeded: same answer each run).
BOOTSTRAP_SAMPLES = 1000
BOOTSTRAP_SEED = 0
CONFIDENCE = 0.95

#: tokenlab's version, written into exported tables so a result can be traced to the code.
VERSION = "0.1.0"
