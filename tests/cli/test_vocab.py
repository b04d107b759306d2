"""`python -m tokenlab vocab`: exact tables for the published anchors, clean errors."""

from __future__ import annotations

import pytest

from tokenlab.cli import main


def test_vocab_prints_all_three_approaches_for_7b(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["vocab", "--non-vocab-params", "7e9", "--d-model", "4096"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[:5] == [
        "N_nv 7B, d 4096 (given), 7.05e+21 FLOPs (compute-optimal)",
        "approach                              V              N_v",
        "Approach 1 (IsoFLOPs)            62,280      255,102,858",
        "Approach 2 (derivative)          67,450      276,276,206",
        "Approach 3 (parametric loss)     59,547      243,906,869",
    ]
    assert lines[5].startswith("note: 7B non-vocabulary parameters is outside the 33M–3B range")


def test_vocab_with_flops_answers_by_approach_3_only(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["vocab", "--non-vocab-params", "2870142400", "--flops", "2.3e21", "--d-model", "3200"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "N_nv 2.87B, d 3200 (given), 2.3e+21 FLOPs (given)",
        "approach                              V              N_v",
        "Approach 1 (IsoFLOPs)                 -                -  (assumes the compute-optimal budget; only Approach "
        "3 takes a FLOPs budget)",
        "Approach 2 (derivative)               -                -  (assumes the compute-optimal budget; only Approach "
        "3 takes a FLOPs budget)",
        "Approach 3 (parametric loss)     42,212      135,078,898",
    ]


def test_vocab_without_d_uses_the_paper_width(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["vocab", "--non-vocab-params", "1e9"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert (
        out[0]
        == "N_nv 1B, d 1536 (the paper's width for this size; set it with --d-model), 1.44e+20 FLOPs (compute-optimal)"
    )
    assert len(out) == 5  # inside the fitted range: no note


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--non-vocab-params", "nan"], "error: Non-vocabulary parameters is not a number (NaN); enter e.g. 7e9."),
        (["--non-vocab-params=-7e9"], "error: Non-vocabulary parameters must be positive, got -7e+09; enter e.g. 7e9."),
        (["--non-vocab-params", "7e9", "--d-model", "0"], "error: d_model must be positive, got 0; enter e.g. 4096."),
        (
            ["--non-vocab-params", "7e9", "--flops", "inf"],
            "error: The FLOPs budget = inf is beyond what the scaling laws cover (at most 1e+35); check the units.",
        ),
    ],
)
def test_invalid_input_exits_1_with_the_message(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["vocab", *argv]) == 1
    captured = capsys.readouterr()
    assert captured.err.strip() == message
    assert captured.out == ""
