"""Running what a visitor sends (their tokenizer files, Hub ids) where it cannot hurt the server.

A tokenizer.json carries its own pre-tokenizer regexes, and Hugging Face `tokenizers` holds
the GIL while one backtracks: `(a|a)*b|.` over 23,000 characters froze every session of a
shared server for minutes, and a Rust panic is a BaseException that ordinary handlers miss.
So a visitor's tokenizer (their file, or the repository a Hub id names: someone else's files)
is fetched, parsed and run in a worker process (worker.py) with limits it sets on itself
before it reads a byte: CPU seconds per request, memory, the lowest CPU priority;
the server's side (client.py) waits for each answer with the GIL released, kills a worker that
overruns its wall-clock budget or dies, and says so in one line. They talk JSON (protocol.py),
never pickle: the worker's answers are data, even if a hostile file subverted the worker.

May import: tokenizers, text, tokenlab.errors, tokenlab.settings, tokenlab.memory.
"""
