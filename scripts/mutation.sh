#!/usr/bin/env bash
# Mutation testing of the core (mutmut, pinned in requirements-dev.txt): the corpus metrics
# (tokenlab/metrics/), the token/word alignment (tokenlab/text/segment.py, alignment.py) and the
# engine's per-document counts (tokenlab/engine/doc_counts.py), against the tests that exercise
# them ([tool.mutmut] in pyproject.toml). Not part of .ci/run: most modules take minutes, fairness.py far longer.
#
# Usage: scripts/mutation.sh [mutant name globs]
#   scripts/mutation.sh                                  every mutant, module by module
#   scripts/mutation.sh "tokenlab.text.alignment*"       one module
#   MUTMUT_CHILDREN=1 scripts/mutation.sh                one worker (default 2)
# Mutants and results go to mutants/ (git-ignored); `python -m mutmut browse` or
# `python -m mutmut show <name>` shows a survivor's diff. Results are kept between runs: a
# mutant already checked is not run again unless its function changed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# The mutated copy of tokenlab lives in mutants/; the bundled data stays where it is.
export TOKENLAB_DATA_DIR="$PWD/data" HF_HUB_OFFLINE=1 TOKENIZERS_PARALLELISM=false

if (( $# == 0 )); then
    set -- "tokenlab.text.alignment*" "tokenlab.engine.doc_counts*" "tokenlab.text.segment*" \
        "tokenlab.metrics.corpus_metrics*" "tokenlab.metrics.fairness*" "tokenlab.metrics.budget*" \
        "tokenlab.metrics.table_export*" "tokenlab.metrics.languages*"
fi
for names in "$@"; do
    echo "== $names"
    # mutmut redraws a progress line many times a second: keep only its result lines.
    nice -n 15 python3 -m mutmut run --max-children "${MUTMUT_CHILDREN:-2}" "$names" 2>&1 | tr '\r' '\n' \
        | grep -E '^(🎉|🙁|⏰|🤔|🔇|🧙|🫥) ' | grep -v '^🎉' || true
done
python3 -m mutmut export-cicd-stats >/dev/null
python3 - <<'PYTHON'
import json

stats = json.load(open("mutants/mutmut-cicd-stats.json"))
checked = stats["killed"] + stats["survived"] + stats["timeout"] + stats["suspicious"] + stats["segfault"]
caught = stats["killed"] + stats["timeout"] + stats["segfault"]
print(f"{checked} of {stats['total']} mutants checked: {caught} killed, {stats['survived']} survived, "
      f"score {caught / max(checked, 1):.1%}")
PYTHON
