"""A small multi-language code sample, written for tokenlab, so that the code corpus is not
only Python: one short, idiomatic program per language (group = language)."""

CODE_SAMPLES: dict[str, str] = {
    "javascript": """\
// Debounce: run `fn` only after `wait` ms without another call.
export function debounce(fn, wait = 200) {
  let timer = null;
  return function debounced(...args) {
    clearTimeout(timer);
    timer = setTimeout(() => fn.apply(this, args), wait);
  };
}

const counts = new Map();
for (const word of "the quick brown fox jumps over the lazy dog".split(/\\s+/)) {
  counts.set(word, (counts.get(word) ?? 0) + 1);
}
console.log([...counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, 3));
""",
    "typescript": """\
interface Tokenizer {
  readonly id: string;
  encode(text: string): number[];
}

type Stats = { tokens: number; characters: number; charsPerToken: number };

export function stats(tokenizer: Tokenizer, text: string): Stats {
  const tokens = tokenizer.encode(text).length;
  return { tokens, characters: text.length, charsPerToken: tokens ? text.length / tokens : 0 };
}

export async function fetchJson<T>(url: string, signal?: AbortSignal): Promise<T> {
  const response = await fetch(url, { signal, headers: { Accept: "application/json" } });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return (await response.json()) as T;
}
""",
    "rust": """\
use std::collections::HashMap;

/// Count byte pairs, the first step of byte-pair encoding.
pub fn pair_counts(ids: &[u32]) -> HashMap<(u32, u32), usize> {
    let mut counts = HashMap::new();
    for pair in ids.windows(2) {
        *counts.entry((pair[0], pair[1])).or_insert(0) += 1;
    }
    counts
}

pub fn merge(ids: &[u32], pair: (u32, u32), new_id: u32) -> Vec<u32> {
    let mut out = Vec::with_capacity(ids.len());
    let mut i = 0;
    while i < ids.len() {
        if i + 1 < ids.len() && (ids[i], ids[i + 1]) == pair {
            out.push(new_id);
            i += 2;
        } else {
            out.push(ids[i]);
            i += 1;
        }
    }
    out
}
""",
    "c": """\
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Read a whole file into a NUL-terminated buffer; the caller frees it. */
static char *read_file(const char *path, size_t *length) {
    FILE *f = fopen(path, "rb");
    if (f == NULL) return NULL;
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    rewind(f);
    char *buffer = malloc((size_t)size + 1);
    if (buffer != NULL && fread(buffer, 1, (size_t)size, f) == (size_t)size) {
        buffer[size] = '\\0';
        *length = (size_t)size;
    }
    fclose(f);
    return buffer;
}

int main(int argc, char **argv) {
    size_t n = 0;
    char *text = argc > 1 ? read_file(argv[1], &n) : NULL;
    if (text == NULL) { fprintf(stderr, "usage: %s FILE\\n", argv[0]); return 1; }
    printf("%zu bytes\\n", n);
    free(text);
    return 0;
}
""",
    "go": """\
package main

import (
\t"bufio"
\t"fmt"
\t"os"
\t"strings"
)

// wordCounts reads standard input and counts whitespace-separated words.
func wordCounts() (map[string]int, error) {
\tcounts := make(map[string]int)
\tscanner := bufio.NewScanner(os.Stdin)
\tfor scanner.Scan() {
\t\tfor _, word := range strings.Fields(scanner.Text()) {
\t\t\tcounts[strings.ToLower(word)]++
\t\t}
\t}
\treturn counts, scanner.Err()
}

func main() {
\tcounts, err := wordCounts()
\tif err != nil {
\t\tfmt.Fprintln(os.Stderr, err)
\t\tos.Exit(1)
\t}
\tfmt.Println(len(counts), "distinct words")
}
""",
    "sql": """\
-- Tokens per 1,000 characters for each language and tokenizer.
SELECT r.tokenizer_id,
       d.group_name AS language,
       1000.0 * SUM(c.tokens) / NULLIF(SUM(d.characters), 0) AS tokens_per_1k_chars
FROM doc_counts AS c
JOIN documents AS d USING (corpus_hash, doc)
JOIN runs AS r USING (corpus_hash, tokenizer_key)
WHERE d.group_name IN ('eng', 'fra', 'jpn')
GROUP BY ALL
ORDER BY tokens_per_1k_chars DESC;
""",
    "html": """\
<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Tokenizer comparison</title>
  <style>
    .token { border-radius: 3px; padding: 0 1px; }
    .token:nth-child(odd) { background: #e3f2fd; }
    .token:nth-child(even) { background: #fff3e0; }
  </style>
</head>
<body>
  <main>
    <h1>How does GPT-4o cut this sentence?</h1>
    <p><span class="token">How</span><span class="token"> does</span><span class="token"> it</span></p>
  </main>
</body>
</html>
""",
    "shell": """\
#!/usr/bin/env bash
set -euo pipefail

# Profile every UDHR language with three tokenizers and keep the results.
out="${1:-results.parquet}"
python -m tokenlab profile --corpus udhr \\
  --tokenizers o200k_base,llama3,gemma3 \\
  --out "$out"
echo "wrote $out ($(du -h "$out" | cut -f1))"
""",
}
