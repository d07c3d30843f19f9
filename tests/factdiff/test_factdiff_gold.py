"""The engine on the gold stories, scored by the shared scorer (floors a little below the measured scores).

dev: ../shared/eval/dev/story.yaml and our hard cases (tests/factdiff/hard_cases*.yaml) were tuned on;
tuning: tests/gold/tuning*.yaml, written independently; the wording model is fitted on them and the hard cases;
held out: tests/gold/holdout.yaml and final*.yaml (aggregates only);
snapshot: tests/fixtures/snapshot/story.yaml, held out until engine 2.5.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from factdiff.evaluate import engine_predictions, lexical_predictions, load_scorer, load_story

ROOT = Path(__file__).resolve().parents[2]
SCORER = ROOT.parent / "shared" / "eval" / "score.py"
DEV = ROOT.parent / "shared" / "eval" / "dev" / "story.yaml"
SNAPSHOT = ROOT / "tests" / "fixtures" / "snapshot" / "story.yaml"
GOLD = ROOT / "tests" / "gold"
HARD = [
    ROOT / "tests" / "factdiff" / "hard_cases.yaml",
    ROOT / "tests" / "factdiff" / "hard_cases_2.yaml",
    ROOT / "tests" / "factdiff" / "hard_cases_3.yaml",
    ROOT / "tests" / "factdiff" / "hard_cases_4.yaml",
]
# written for engine 2.3 and scored once before tuning; the hardest set, so its floors stand apart
HARD5 = ROOT / "tests" / "factdiff" / "hard_cases_5.yaml"
# written for engine 2.4 and scored once before tuning (dev F1 0.800, macro 0.733, changed 0.857, links 5/9)
HARD6 = ROOT / "tests" / "factdiff" / "hard_cases_6.yaml"
# written for engine 2.5 and scored once before tuning (dev F1 0.774, macro 0.685, changed 0.750, links 6/10)
HARD7 = ROOT / "tests" / "factdiff" / "hard_cases_7.yaml"
# written for engine 2.5 and scored once before tuning (dev F1 0.800, macro 0.311, changed 0.000, links 3/10)
HARD8 = ROOT / "tests" / "factdiff" / "hard_cases_8.yaml"


def _score(path: Path) -> tuple[dict, dict]:
    if not SCORER.exists():
        pytest.skip(f"shared scorer not found at {SCORER}")
    if not path.exists():
        pytest.skip(f"gold story not found at {path}")
    scorer = load_scorer(SCORER)
    story = load_story(path)
    return scorer.score(story, engine_predictions(story)), scorer.score(story, lexical_predictions(story))


# (gold file, floors: development F1, macro F1, changed F1, link accuracy), each a little below the score measured
# when the floor was set. Sets the engine was fitted or tuned on carry in-sample floors: regression guards, not
# measurements (README "Fact engine" gives the cross-validated and held-out figures).
FLOORS: list[tuple[Path, tuple[float, float, float, float]]] = [
    (DEV, (0.95, 0.95, 0.9, 0.85)),
    (HARD[0], (0.95, 0.95, 0.95, 0.9)),
    (HARD[1], (0.9, 0.93, 0.95, 0.9)),
    (HARD[2], (0.95, 0.95, 0.95, 0.9)),
    (HARD[3], (0.8, 0.9, 0.95, 0.82)),
    # its "Trump would nominate Waltz as UN ambassador" is `new`; 26 other gold sentences call a nomination that
    # moves Waltz out of his baseline office `changed`, and so does the engine since 3.5
    (HARD5, (0.87, 0.87, 0.9, 0.9)),
    (HARD6, (0.91, 0.85, 0.8, 0.85)),
    (HARD7, (0.78, 0.8, 0.85, 0.85)),
    (HARD8, (0.95, 0.95, 0.95, 0.9)),
    (GOLD / "tuning.yaml", (0.96, 0.95, 0.95, 0.9)),
    (GOLD / "tuning2.yaml", (0.94, 0.93, 0.97, 0.9)),
    (GOLD / "tuning3.yaml", (0.9, 0.85, 0.84, 0.81)),
    (GOLD / "tuning4.yaml", (0.92, 0.85, 0.72, 0.74)),
    (GOLD / "tuning5.yaml", (0.8, 0.73, 0.69, 0.6)),
    (GOLD / "tuning6.yaml", (0.92, 0.9, 0.92, 0.8)),
    # written as held-out final3-final6; each measured once (3.1, 3.2), then trained on
    (GOLD / "tuning7.yaml", (0.91, 0.86, 0.87, 0.79)),
    (GOLD / "tuning8.yaml", (0.94, 0.94, 0.97, 0.88)),
    (GOLD / "tuning9.yaml", (0.95, 0.87, 0.76, 0.88)),
    (GOLD / "tuning10.yaml", (0.93, 0.9, 0.93, 0.84)),
    # the recorded snapshot's gold: held out until engine 2.5, its misses read for 2.6
    (SNAPSHOT, (0.92, 0.89, 0.9, 0.87)),
    # held out: written without the engine, only aggregate figures read
    (GOLD / "holdout.yaml", (0.9, 0.86, 0.83, 0.75)),
    (GOLD / "final.yaml", (0.9, 0.78, 0.66, 0.82)),
    (GOLD / "final2.yaml", (0.89, 0.78, 0.79, 0.72)),
    # measured once at engine 3.7 (0.953/0.892/0.842/39 of 41 and 0.964/0.944/0.947/36 of 42); not trained on
    (GOLD / "final15.yaml", (0.93, 0.87, 0.82, 0.92)),
    (GOLD / "final16.yaml", (0.94, 0.92, 0.92, 0.83)),
    # written as held-out final7/final8; measured at engine 3.3, then trained on
    (GOLD / "tuning11.yaml", (0.93, 0.86, 0.72, 0.77)),
    (GOLD / "tuning12.yaml", (0.92, 0.85, 0.76, 0.74)),
    # written as held-out final9/final10; measured once at engine 3.4, then trained on
    (GOLD / "tuning13.yaml", (0.88, 0.79, 0.64, 0.8)),
    (GOLD / "tuning14.yaml", (0.91, 0.83, 0.7, 0.78)),
    # written as training sets for engine 3.5 (recaps hard to link, oblique changes, the later timeline)
    (GOLD / "tuning15.yaml", (0.94, 0.93, 0.95, 0.92)),
    (GOLD / "tuning16.yaml", (0.92, 0.87, 0.8, 0.8)),
    (GOLD / "tuning17.yaml", (0.94, 0.83, 0.6, 0.86)),
    # written as held-out final11/final12; measured once at engine 3.5, then trained on
    (GOLD / "tuning18.yaml", (0.95, 0.9, 0.83, 0.88)),
    (GOLD / "tuning19.yaml", (0.92, 0.84, 0.74, 0.8)),
    # written as held-out final13/final14; measured once at engine 3.6, then trained on
    (GOLD / "tuning20.yaml", (0.92, 0.85, 0.74, 0.77)),
    (GOLD / "tuning21.yaml", (0.94, 0.84, 0.64, 0.8)),
]


@pytest.mark.parametrize(("path", "floors"), FLOORS, ids=lambda v: v.stem if isinstance(v, Path) else "")
def test_gold_floors(path: Path, floors: tuple[float, float, float, float]) -> None:
    eng, lex = _score(path)
    dev_f1, macro, changed, links = floors
    assert eng["stray_development_facts"] == 0
    assert eng["development"]["f1"] >= dev_f1
    assert eng["macro_f1"] >= macro
    assert eng["labels"]["changed"]["f1"] >= changed
    assert eng["link_accuracy"] >= links
    assert eng["development"]["f1"] > lex["development"]["f1"]
    assert eng["macro_f1"] > lex["macro_f1"]


def test_a_gold_file_can_borrow_its_baseline() -> None:
    story = load_story(HARD[0])
    if "baseline" not in story:
        pytest.skip("shared dev story not found")
    assert story["baseline"]["id"] == "baseline" and story["articles"]
