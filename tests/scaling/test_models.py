"""Real models on the scaling-law chart: N_nv from the nominal size, bundled tokenizers, ratios."""

from __future__ import annotations

import pytest

import tokenlab
from tokenlab.scaling.models import (
    PUBLIC_MODELS,
    bundled_tokenizer_of,
    compare_model,
    compare_public_models,
    non_vocab_params_from_total,
)


def test_untied_models_lose_two_matrices_tied_ones_one() -> None:
    assert non_vocab_params_from_total(70e9, 32000, 8192, tied_embeddings=False) == 69_475_712_000
    assert non_vocab_params_from_total(9e9, 256_000, 3584, tied_embeddings=True) == 9e9 - 256_000 * 3584


def test_embeddings_larger_than_the_model_are_rejected() -> None:
    with pytest.raises(ValueError, match="not smaller than the total"):
        non_vocab_params_from_total(1e8, 256_000, 4096, tied_embeddings=False)


@pytest.mark.parametrize(
    ("args", "field"),
    [
        ((0, 32000, 4096), "Total parameters"),
        ((7e9, -1, 4096), "Vocabulary size"),
        ((7e9, 32000, float("nan")), "d_model"),
    ],
)
def test_bad_totals_name_the_field(args: tuple[float, float, float], field: str) -> None:
    with pytest.raises(ValueError, match=field):
        non_vocab_params_from_total(*args, tied_embeddings=False)


def test_the_table_holds_the_sixteen_models_of_figure_1() -> None:
    assert len(PUBLIC_MODELS) == 16
    by_name = {m.name: m for m in PUBLIC_MODELS}
    assert (by_name["Nemotron4-340B"].vocab_size, by_name["Nemotron4-340B"].d_model) == (256_000, 18432)
    assert [m.name for m in PUBLIC_MODELS if m.tied_embeddings] == ["Gemma2-9B", "Gemma2-27B"]


def test_bundled_tokenizers_map_to_the_llama_gemma_2_and_starcoder2_models() -> None:
    assert bundled_tokenizer_of(PUBLIC_MODELS, tokenlab.list_tokenizers()) == {
        "StarCoder2-3B": "starcoder",
        "Llama2-7B": "llama2",
        "Llama3-8B": "llama3",
        "Gemma2-9B": "gemma2",
        "Gemma2-27B": "gemma2",
        "Llama2-34B": "llama2",
        "Llama3-70B": "llama3",
        "Llama2-70B": "llama2",
    }


def test_llama2_70b_is_at_0_15_of_its_optimum() -> None:
    llama = next(c for c in compare_public_models(tokenlab.list_tokenizers()) if c.name == "Llama2-70B")
    assert llama.tokenizer_id == "llama2"
    assert llama.vocab_params == 32000 * 8192
    assert int(llama.optimal_vocab_sizes["isoloss"]) == 216_548
    assert round(llama.ratio(), 3) == 0.148
    assert round(llama.ratio("derivative"), 3) == round(32000 / 229_415.8, 3)


def test_compare_model_rejects_a_bad_vocabulary() -> None:
    with pytest.raises(ValueError, match="Vocabulary size must be positive"):
        compare_model("Yours", 0, 4096, 7e9)
