"""The learned restated-or-new decision: the logistic fit, the shipped weights, the evidence it reads."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime, timedelta, timezone

import pytest

from factdiff import StoryModel
from factdiff.logistic import WEIGHTS_DIR, LogisticModel, fit
from factdiff.train import TRAINING_FILES, fit_rows, load_training, training_rows
from factdiff.wording import FEATURE_NAMES, WordingEvidence, default_model

TZ8 = timezone(timedelta(hours=8))


def test_fit_separates_separable_rows_and_is_deterministic() -> None:
    rows = [([x / 10, 1.0 - x / 10], int(x >= 5)) for x in range(10) for _ in range(3)]
    a = fit(rows, ("up", "down"))
    b = fit(rows, ("up", "down"))
    assert a == b
    assert all((a.probability(x) >= 0.5) == bool(y) for x, y in rows)
    assert a.probability([0.95, 0.05]) > a.probability([0.6, 0.4]) > a.probability([0.1, 0.9])


def test_fit_refuses_rows_of_the_wrong_width() -> None:
    with pytest.raises(ValueError, match="2 inputs"):
        fit([([1.0], 1)], ("a", "b"))
    with pytest.raises(ValueError, match="no training rows"):
        fit([], ("a",))


def test_weights_fitted_for_other_inputs_are_refused() -> None:
    model = fit([([0.0], 0), ([1.0], 1)], ("a",))
    data = model.to_json()
    assert LogisticModel.from_json(data, ("a",)) == LogisticModel.from_json(
        json.loads(json.dumps(data)), ("a",)
    )
    with pytest.raises(ValueError, match="the engine reads"):
        LogisticModel.from_json(data, ("a", "b"))


def test_shipped_weights_read_the_engines_evidence() -> None:
    model = default_model()
    assert model is not None, f"no weights in {WEIGHTS_DIR}: run python -m factdiff.train"
    assert model.features == FEATURE_NAMES
    some = WordingEvidence(**{name: 0 for name in WordingEvidence.__dataclass_fields__})  # type: ignore[arg-type]
    assert len(model.weights) == len(some.vector()) == len(FEATURE_NAMES)


def test_shipped_weights_are_what_training_writes() -> None:
    """The weights are reproducible from the tuning sets: nobody edited them by hand, and they were refitted
    after the last change to the evidence."""
    rows = [r for p in TRAINING_FILES if p.exists() for r in training_rows(load_training(p))]
    assert len(rows) >= 400
    fresh = fit_rows(rows)
    shipped = default_model()
    assert shipped is not None
    assert fresh.features == shipped.features
    for a, b in zip((*fresh.weights, fresh.bias), (*shipped.weights, shipped.bias), strict=True):
        assert a == pytest.approx(b, abs=1e-4)


def test_held_out_files_are_refused_for_training() -> None:
    held = TRAINING_FILES[0].parent / "final.yaml"
    with pytest.raises(ValueError, match="held out"):
        load_training(held)


@pytest.fixture(scope="module")
def riyadh() -> StoryModel:
    paragraphs = [
        "Russian and U.S. officials held four and a half hours of talks in Riyadh on Tuesday. "
        "Foreign Minister Sergei Lavrov led the Russian side.",
        "Ukrainian President Volodymyr Zelensky said Ukraine would not accept any agreement made without it.",
        "The two sides agreed to keep in regular contact by phone.",
    ]
    return StoryModel.from_article(
        "Russia, U.S. hold talks in Riyadh", paragraphs, "", datetime(2025, 2, 19, 2, 0, tzinfo=TZ8)
    )


def _evidence(model: StoryModel, paragraphs: list[str], index: int) -> dict[str, object]:
    diffs = model.diff("Kyiv and Moscow trade blame", paragraphs, "", datetime(2025, 6, 3, 9, 0, tzinfo=TZ8))
    reason = diffs[index].reason
    assert "evidence" in reason, reason
    evidence = reason["evidence"]
    assert isinstance(evidence, dict)
    return evidence


def test_evidence_marks_a_standing_position_and_a_pointer_back(riyadh: StoryModel) -> None:
    article = [
        "Russian and Ukrainian delegations met in Istanbul on Monday for a second round of talks.",
        "The talks lasted a little over an hour, Turkish officials said.",
        "Zelensky has long said Kyiv will not sign any deal reached over its head.",
        "Back then, Lavrov and the Americans agreed to stay in touch by telephone.",
    ]
    standing = _evidence(riyadh, article, 2)
    assert standing["habitual"] is True and standing["back_reference"] is False
    pointer = _evidence(riyadh, article, 3)
    assert pointer["back_reference"] is True and pointer["habitual"] is False
    # background comes late in wire copy: where a fact sits is evidence (a short item has no such shape)
    assert pointer["position"] == 1.0 and 0.6 < standing["position"] < 0.7
    assert _evidence(riyadh, [article[0], article[2]], 1)["position"] == 0.5


def test_a_standing_position_weighs_toward_restated(riyadh: StoryModel) -> None:
    """The same claim told as a standing position (background) is likelier a restatement than as a fresh
    statement of the day: the fitted weights agree with how wire copy is written."""
    model = default_model()
    assert model is not None
    base = _evidence(
        riyadh,
        [
            "Russian and Ukrainian delegations met in Istanbul on Monday for a second round of talks.",
            "Zelensky has long said Kyiv will not sign any deal reached over its head.",
        ],
        1,
    )
    fresh = {**base, "habitual": False}
    ev_standing = WordingEvidence(**base)  # type: ignore[arg-type]
    ev_fresh = WordingEvidence(**fresh)  # type: ignore[arg-type]
    assert model.probability(ev_standing.vector()) > model.probability(ev_fresh.vector())


def test_the_reason_keeps_both_readings(riyadh: StoryModel) -> None:
    diffs = riyadh.diff(
        "Kyiv and Moscow trade blame",
        [
            "Russian and Ukrainian delegations met in Istanbul on Monday for a second round of talks.",
            "Zelensky has long said Kyiv will not sign any deal reached over its head.",
        ],
        "",
        datetime(2025, 6, 3, 9, 0, tzinfo=TZ8),
    )
    reason = diffs[1].reason
    assert reason["hand"] in ("new", "restated")
    assert 0.0 <= float(reason["p_restated"]) <= 1.0  # type: ignore[arg-type]
    assert (diffs[1].label == "restated") == (float(reason["p_restated"]) >= 0.5)  # type: ignore[arg-type]


def test_decisions_do_not_depend_on_the_hash_seed() -> None:
    """Coverage sums run over sets of terms; summed in set order, a share such as 0.4 came out 0.39999 under
    one hash seed and 0.40001 under another, and a threshold flipped a label. Sums are exact now."""
    code = (
        "import json, sys\n"
        "from factdiff.evaluate import engine_predictions, load_story\n"
        "rows = engine_predictions(load_story(sys.argv[1]))\n"
        "print(json.dumps([[r['sentence'], r['label'], r['baseline'], r['reason']] for r in rows],"
        " sort_keys=True, default=str))\n"
    )
    gold = str(TRAINING_FILES[0].parent / "tuning6.yaml")
    outs = {
        subprocess.run(
            [sys.executable, "-c", code, gold],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(outs) == 1
    assert json.loads(outs.pop())
