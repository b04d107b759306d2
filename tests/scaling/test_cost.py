"""The cost side of a vocabulary: parameters, output-layer FLOPs, logits memory."""

from __future__ import annotations

import pytest

from tokenlab.scaling.cost import logits_bytes, vocabulary_cost


def test_llama2_7b_shape() -> None:
    cost = vocabulary_cost(6_737_856_000, 32000, 4096, tied_embeddings=False)
    assert cost.vocab_matrix_params == 2 * 32000 * 4096
    assert cost.total_params == 7e9
    assert cost.vocab_share == pytest.approx(262_144_000 / 7e9)
    assert cost.output_flops_per_token == 2 * 4096 * 32000
    assert cost.rest_flops_per_token == 2 * 6_737_856_000
    assert cost.output_flops_share == pytest.approx(262_144_000 / (262_144_000 + 13_475_712_000))


def test_tied_embeddings_count_one_matrix() -> None:
    assert vocabulary_cost(8e9, 256_000, 3584, tied_embeddings=True).vocab_matrix_params == 256_000 * 3584


def test_logits_memory() -> None:
    assert logits_bytes(8, 4096, 32000, "bfloat16") == 2_097_152_000
    assert logits_bytes(1, 8192, 262_144, "float32") == 8192 * 262_144 * 4


def test_unknown_dtype_lists_the_known_ones() -> None:
    with pytest.raises(ValueError, match="Unknown dtype 'int3'; use one of: float32, bfloat16, float16, float8"):
        logits_bytes(8, 4096, 32000, "int3")


@pytest.mark.parametrize(
    ("args", "field"),
    [
        ((0, 4096, 32000), "Batch size"),
        ((8, -1, 32000), "Sequence length"),
        ((8, 4096, float("nan")), "Vocabulary size"),
    ],
)
def test_bad_logits_inputs_name_the_field(args: tuple[float, float, float], field: str) -> None:
    with pytest.raises(ValueError, match=field):
        logits_bytes(*args)
