"""What each bundled tokenizer costs in memory: kept once loaded, and at the peak of its loading.

Measured with `python -m benchmarks.bench_tokenizer_load` (one fresh process per tokenizer,
after the registry returns freed memory to the OS), MB, rounded up. The registry's memory
budget reads these; a tokenizer missing here is estimated from its vocabulary size, and a
test asks for every bundled tokenizer to be measured. Parsing a Hugging Face tokenizer.json
peaks far above what it keeps (Command-R: 286 MB for 87), so the peak decides what must be let
go before a load. That is why Gemma 3 and 2 and umT5 are bundled as SentencePiece models (Gemma
3: 57 MB at the peak for 47 kept, where its tokenizer.json peaked at 437 for 98; umT5: 70 for
33, where its json, a Unigram trie of 256K pieces, peaked at 320 for 223) and Qwen3.5 as a
tiktoken file (107 for 66, where its json peaked at 405 for 93).
"""

from __future__ import annotations

#: Tokenizer id -> (MB kept once loaded, MB at the peak of loading), above the process before.
FOOTPRINT_MB: dict[str, tuple[int, int]] = {
    "gpt2": (14, 21),
    "cl100k_base": (25, 40),
    "o200k_base": (45, 78),
    "whisper": (16, 23),
    "llama2": (13, 27),
    "llama3": (37, 55),
    "llama4": (47, 79),
    "mistral-v1": (7, 8),
    "mistral-tekken": (39, 56),
    "qwen3": (49, 137),
    "gemma3": (47, 57),
    "deepseek-v3": (41, 78),
    "claude-legacy": (21, 40),
    "bert-base-uncased": (10, 12),
    "ai21-j2": (52, 89),
    "xlm-roberta": (37, 70),
    "umt5": (33, 70),
    "qwen3.5": (66, 107),
    "command-r": (87, 286),
    "gemma2": (45, 56),
    "falcon": (24, 67),
    "starcoder": (16, 50),
    "gpt-neox": (17, 47),
}
