"""Real models against the scaling laws: the public models of the paper's Figure 1 (right), the
ones behind tokenlab's bundled tokenizers, and the user's own model.

N_nv is derived from the nominal size as the figure does (total - 2 V d for untied input and
output embeddings), except that tied-embedding models subtract one V x d matrix. V and d are
each model's public config values (scaling-laws.md section 7); no other sizes are used.

    Llama2-70B: N_nv = 70e9 - 2 * 32,000 * 8192 = 69.48B, N_v = 262.1M; the compute-optimal
    vocabulary by Approach 3 is 216.5K, so its 32K is 0.15 of the optimum.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from tokenlab.scaling import laws
from tokenlab.tokenizers.base import TokenizerInfo


def non_vocab_params_from_total(total_params: float, vocab_size: float, d_model: float, tied_embeddings: bool) -> float:
    """N_nv = total - V d (tied: one matrix serves input and output) or total - 2 V d (untied).

    non_vocab_params_from_total(70e9, 32000, 8192, tied_embeddings=False) -> 69,475,712,000
    """
    total = laws.check_quantity(
        "Total parameters", total_params, example="7e9", low=laws.MIN_NON_VOCAB_PARAMS, high=laws.MAX_PARAMS
    )
    vocab = laws.check_quantity("Vocabulary size", vocab_size, example="32000", low=2, high=laws.MAX_VOCAB_SIZE)
    d = laws.check_d_model(d_model)
    embeddings = (1 if tied_embeddings else 2) * vocab * d
    if embeddings >= total:
        raise ValueError(
            f"The embeddings alone ({embeddings:.3g} parameters: {'V·d' if tied_embeddings else '2·V·d'}) are not "
            f"smaller than the total ({total:.3g}); check the total, the vocabulary size and d_model."
        )
    return total - embeddings


@dataclass(frozen=True)
class PublicModel:
    """A released model placed on the paper's Figure 1 (right): its config's V and d and its nominal size."""

    name: str
    vocab_size: int
    d_model: int
    nominal_params: float
    tied_embeddings: bool = False

    @property
    def family(self) -> str:
        """ "Llama2-70B" -> "Llama2"."""
        return self.name.rsplit("-", 1)[0]

    @property
    def non_vocab_params(self) -> float:
        return non_vocab_params_from_total(self.nominal_params, self.vocab_size, self.d_model, self.tied_embeddings)


#: scaling-laws.md section 7. Gemma 2 ties its input and output embeddings (the Gemma reports),
#: so one V x d is subtracted; the paper's figure subtracts two for every model.
PUBLIC_MODELS = (
    PublicModel("TinyLlama-1.1B", 32_000, 2048, 1.1e9),
    PublicModel("StarCoder2-3B", 49_152, 3072, 3e9),
    PublicModel("OLMo-7B", 50_280, 4096, 7e9),
    PublicModel("Llama2-7B", 32_000, 4096, 7e9),
    PublicModel("Qwen2-7B", 152_064, 3584, 7e9),
    PublicModel("Llama3-8B", 128_256, 4096, 8e9),
    PublicModel("Gemma2-9B", 256_000, 3584, 9e9, tied_embeddings=True),
    PublicModel("InternLM2-20B", 92_544, 6144, 20e9),
    PublicModel("Gemma2-27B", 256_000, 4608, 27e9, tied_embeddings=True),
    PublicModel("Llama2-34B", 32_000, 8192, 34e9),
    PublicModel("DeepSeek-67B", 102_400, 8192, 67e9),
    PublicModel("Llama3-70B", 128_256, 8192, 70e9),
    PublicModel("Llama2-70B", 32_000, 8192, 70e9),
    PublicModel("Qwen2-72B", 152_064, 8192, 72e9),
    PublicModel("Falcon-180B", 65_024, 14848, 180e9),
    PublicModel("Nemotron4-340B", 256_000, 18432, 340e9),
)


def _squash(name: str) -> str:
    return "".join(ch for ch in name.lower() if ch.isalnum())


def bundled_tokenizer_of(models: Iterable[PublicModel], catalogue: Iterable[TokenizerInfo]) -> dict[str, str]:
    """Public model name -> bundled tokenizer id, where a catalogue entry lists the model's
    family ("Llama 2" for Llama2-70B) and has exactly its vocabulary size."""
    catalogue = list(catalogue)
    matches = {}
    for model in models:
        for info in catalogue:
            if info.vocab_size == model.vocab_size and _squash(model.family) in map(_squash, info.models):
                matches[model.name] = info.id
                break
    return matches


@dataclass(frozen=True)
class ModelComparison:
    """A model's actual vocabulary next to the compute-optimal one of each approach."""

    name: str
    vocab_size: float
    d_model: float
    non_vocab_params: float
    optimal_vocab_sizes: Mapping[str, float]
    tied_embeddings: bool = False
    tokenizer_id: str | None = None

    @property
    def vocab_params(self) -> float:
        return self.vocab_size * self.d_model

    def ratio(self, approach: str = "isoloss") -> float:
        """Actual / optimal V by `approach` (below 1: the vocabulary is smaller than recommended)."""
        return self.vocab_size / self.optimal_vocab_sizes[approach]


def compare_model(
    name: str,
    vocab_size: float,
    d_model: float,
    non_vocab_params: float,
    tied_embeddings: bool = False,
    tokenizer_id: str | None = None,
) -> ModelComparison:
    """`name`'s vocabulary against the compute-optimal V of every approach, at its own d."""
    vocab = laws.check_quantity("Vocabulary size", vocab_size, example="32000", low=2, high=laws.MAX_VOCAB_SIZE)
    d = laws.check_d_model(d_model)
    optimal = {approach: laws.optimal_vocab_size(non_vocab_params, approach, d_model=d) for approach in laws.APPROACHES}
    return ModelComparison(name, vocab, d, non_vocab_params, optimal, tied_embeddings, tokenizer_id)


def compare_public_models(catalogue: Iterable[TokenizerInfo]) -> list[ModelComparison]:
    """Every model of `PUBLIC_MODELS` compared, with its bundled tokenizer id where there is one."""
    tokenizers = bundled_tokenizer_of(PUBLIC_MODELS, catalogue)
    return [
        compare_model(m.name, m.vocab_size, m.d_model, m.non_vocab_params, m.tied_embeddings, tokenizers.get(m.name))
        for m in PUBLIC_MODELS
    ]
