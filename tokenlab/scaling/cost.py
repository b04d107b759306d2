"""What a vocabulary costs to train and serve, for the scaling-laws page's other scale pan.

A larger V buys compression (fewer tokens per character) and, per the scaling laws, a lower
loss; it also costs parameters in the embedding and output matrices, FLOPs in the output
projection (2 d V per token forward, the dominant share of `utils.func_flops`' vocabulary
term), and memory for the logits: batch x sequence x V values, the tensor that memory-efficient
cross-entropy (Wijmans et al. 2024, "Cut Your Losses in Large-Vocabulary Language Models") and
vocabulary parallelism (Yeung et al. 2024) avoid materialising.

    Llama2-7B shape (N_nv = 6.74B, V = 32,000, d = 4096, untied): 262M vocabulary parameters,
    3.7 % of the total; logits for 8 x 4096 tokens in bfloat16 = 2.1 GB
"""

from __future__ import annotations

from dataclasses import dataclass

from tokenlab.scaling import laws

#: Bytes per logit value for the dtypes people train and serve in.
DTYPE_BYTES = {"float32": 4, "bfloat16": 2, "float16": 2, "float8": 1}


@dataclass(frozen=True)
class VocabularyCost:
    """Parameters and forward FLOPs per token a vocabulary of `vocab_size` adds to a model."""

    vocab_size: float
    d_model: float
    non_vocab_params: float
    tied_embeddings: bool

    @property
    def vocab_matrix_params(self) -> float:
        """Input embedding plus output head: V d if they are tied (one matrix), else 2 V d."""
        return (1 if self.tied_embeddings else 2) * self.vocab_size * self.d_model

    @property
    def total_params(self) -> float:
        return self.non_vocab_params + self.vocab_matrix_params

    @property
    def vocab_share(self) -> float:
        """Share of all parameters in the embedding and output matrices."""
        return self.vocab_matrix_params / self.total_params

    @property
    def output_flops_per_token(self) -> float:
        """Forward FLOPs of the output projection per token: 2 d V (a multiply and an add)."""
        return 2 * self.d_model * self.vocab_size

    @property
    def rest_flops_per_token(self) -> float:
        """Forward FLOPs of everything else per token, 2 N_nv (attention over the context not counted)."""
        return 2 * self.non_vocab_params

    @property
    def output_flops_share(self) -> float:
        return self.output_flops_per_token / (self.output_flops_per_token + self.rest_flops_per_token)


def vocabulary_cost(
    non_vocab_params: float, vocab_size: float, d_model: float, tied_embeddings: bool = False
) -> VocabularyCost:
    """The cost side of `vocab_size` for a model of `non_vocab_params` and width `d_model`."""
    return VocabularyCost(
        vocab_size=laws.check_quantity("Vocabulary size", vocab_size, example="32000", low=2, high=laws.MAX_VOCAB_SIZE),
        d_model=laws.check_d_model(d_model),
        non_vocab_params=laws.check_non_vocab_params(non_vocab_params),
        tied_embeddings=tied_embeddings,
    )


def logits_bytes(batch_size: int, sequence_length: int, vocab_size: float, dtype: str = "bfloat16") -> float:
    """Memory of one batch's logits: batch x sequence x V x bytes per value.

    logits_bytes(8, 4096, 32000, "bfloat16") -> 2,097,152,000 (2.1 GB)
    """
    if dtype not in DTYPE_BYTES:
        raise ValueError(f"Unknown dtype {dtype!r}; use one of: {', '.join(DTYPE_BYTES)}.")
    batch = laws.check_quantity("Batch size", batch_size, example="8", low=1, high=1e7)
    sequence = laws.check_quantity("Sequence length", sequence_length, example="4096", low=1, high=1e9)
    vocab = laws.check_quantity("Vocabulary size", vocab_size, example="32000", low=2, high=laws.MAX_VOCAB_SIZE)
    return batch * sequence * vocab * DTYPE_BYTES[dtype]
