"""Run the engine (or the lexical baseline) on a gold story YAML and write prediction JSON Lines for score.py.

The YAML's paragraphs are read directly (a paragraph's sentences are joined with spaces, as the page renderer
does), so the engine's own sentence splitter is exercised. Output rows follow the lead's CLI format:
``{"article": "<id>.html", "sentence", "label", "baseline", "score", "reason", "change"}``.

The lexical baseline labels a sentence ``restated`` when the word-overlap cosine to the closest baseline sentence
is at least ``LEXICAL_THRESHOLD``, else ``new``. 0.5 was the best threshold on the dev story (swept 0.05..0.95
in steps of 0.05 for development F1).

Usage: python -m factdiff.evaluate                      (every gold file found: tuning sets, hard cases, held-out
                                                        snapshot, set and final sets (aggregates only), dev)
       python -m factdiff.evaluate GOLD.yaml [OUT.jsonl] [--lexical] [--compare [--misses]] [--scorer PATH]

A gold file without a ``baseline`` section names another story file with ``baseline_from: PATH``.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import math
import re
import sys
from collections import Counter
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml

from .models import LABELS, Diff
from .split import split_sentences
from .story import StoryModel

LEXICAL_THRESHOLD = 0.5
ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SCORER = ROOT.parent / "shared" / "eval" / "score.py"
GOLD_DIR = ROOT / "tests" / "gold"
HARD_DIR = ROOT / "tests" / "factdiff"


def _numbered(folder: Path, stem: str) -> list[Path]:
    """``stem.yaml``, ``stem2.yaml``, ``stem_3.yaml`` ... in numeric order, so new sets join without code edits."""

    def number(p: Path) -> int:
        digits = p.stem[len(stem) :].lstrip("_")
        return int(digits) if digits.isdigit() else 1

    return sorted(folder.glob(f"{stem}*.yaml"), key=number)


def _gold_files() -> tuple[tuple[str, Path], ...]:
    """Every gold file ``python -m factdiff.evaluate`` scores: training sets first, held-out sets last."""
    tuning = [(f"tuning set {p.stem[6:] or 1}", p) for p in _numbered(GOLD_DIR, "tuning")]
    hard = [(f"own hard cases {p.stem[11:] or 1}", p) for p in _numbered(HARD_DIR, "hard_cases")]
    held = [
        ("held-out snapshot", ROOT / "tests" / "fixtures" / "snapshot" / "story.yaml"),
        ("held-out set", GOLD_DIR / "holdout.yaml"),
    ] + [(f"held-out final set {p.stem[5:] or 1}", p) for p in _numbered(GOLD_DIR, "final")]
    return (
        *tuning,
        *hard,
        *held,
        ("shared dev story", ROOT.parent / "shared" / "eval" / "dev" / "story.yaml"),
    )


# Gold files scored by ``python -m factdiff.evaluate`` with no arguments.
GOLD_FILES: tuple[tuple[str, Path], ...] = _gold_files()


def _texts(paragraphs: Sequence[Any]) -> list[str]:
    out = []
    for para in paragraphs:
        if isinstance(para, str):
            out.append(para)
        else:
            out.append(" ".join(item["text"] if isinstance(item, dict) else str(item) for item in para))
    return out


def _when(value: object) -> datetime | None:
    if isinstance(value, datetime):
        return value
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            return None
    return None


def _resolve(ref: str, gold: Path) -> Path:
    """A ``baseline_from`` reference: relative to the gold file, the working directory or the repository."""
    cand = Path(ref)
    for base in (gold.parent, Path.cwd(), ROOT):
        p = cand if cand.is_absolute() else base / cand
        if p.exists():
            return p
    raise FileNotFoundError(f"{gold}: baseline_from {ref!r} not found")


def load_story(path: str | Path) -> dict[str, Any]:
    """A gold story; a file without a baseline section borrows one through ``baseline_from: PATH``."""
    path = Path(path)
    with open(path, encoding="utf-8") as fh:
        data: dict[str, Any] = yaml.safe_load(fh)
    ref = data.get("baseline_from")
    if "baseline" not in data and ref:
        if isinstance(ref, dict):
            ref = ref.get("path") or ref.get("file") or ref.get("story")
        other = load_story(_resolve(str(ref), path))
        data["baseline"] = other["baseline"]
    return data


def _row(article_id: str, d: Diff) -> dict[str, object]:
    return {
        "article": f"{article_id}.html",
        "sentence": d.fact.sentence,
        "text": d.fact.text,
        "label": d.label,
        "baseline": d.baseline.sentence
        if d.baseline is not None and d.label in ("changed", "restated")
        else None,
        "score": d.score,
        "reason": d.reason,
        "change": None
        if d.change is None
        else {"slot": d.change.slot, "before": d.change.before, "after": d.change.after},
    }


def engine_predictions(story: dict[str, Any], wording_mode: str | None = None) -> list[dict[str, object]]:
    """Prediction rows of the engine for every later article of a gold story (``wording_mode``: see
    ``StoryModel.wording_mode``; "hand" leaves the learned model out)."""
    base = story["baseline"]
    model = StoryModel.from_article(
        base["title"], _texts(base["paragraphs"]), base.get("summary", ""), _when(base.get("published"))
    )
    if wording_mode is not None:
        model.wording_mode = wording_mode
    rows: list[dict[str, object]] = []
    for art in story["articles"]:
        diffs = model.diff(
            art["title"], _texts(art["paragraphs"]), art.get("summary", ""), _when(art.get("published"))
        )
        rows.extend(_row(art["id"], d) for d in diffs)
    return rows


def _bag(text: str) -> Counter[str]:
    return Counter(w.lower() for w in re.findall(r"[A-Za-z0-9]+", text))


def _cos(a: Counter[str], b: Counter[str]) -> float:
    num = sum(a[w] * b[w] for w in a if w in b)
    den = math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values()))
    return num / den if den else 0.0


def lexical_predictions(
    story: dict[str, Any], threshold: float = LEXICAL_THRESHOLD
) -> list[dict[str, object]]:
    """The plain lexical baseline: restated if word-overlap cosine to the closest baseline sentence >= threshold."""
    base_sents = [s for p in _texts(story["baseline"]["paragraphs"]) for s in split_sentences(p)]
    bags = [_bag(s) for s in base_sents]
    rows: list[dict[str, object]] = []
    for art in story["articles"]:
        for para in _texts(art["paragraphs"]):
            for s in split_sentences(para):
                bag = _bag(s)
                sims = [_cos(bag, b) for b in bags]
                i = max(range(len(sims)), key=sims.__getitem__)
                restated = sims[i] >= threshold
                rows.append(
                    {
                        "article": f"{art['id']}.html",
                        "sentence": s,
                        "label": "restated" if restated else "new",
                        "baseline": base_sents[i] if restated else None,
                        "score": round(sims[i], 4),
                    }
                )
    return rows


def write_jsonl(rows: list[dict[str, object]], out: str | Path) -> None:
    with open(out, "w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")


def load_scorer(path: str | Path = DEFAULT_SCORER) -> Any:
    """Import the shared scorer module by path."""
    spec = importlib.util.spec_from_file_location("factdiff_gold_scorer", str(path))
    if spec is None or spec.loader is None:
        raise FileNotFoundError(path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def score_rows(story: dict[str, Any], rows: list[dict[str, object]], scorer: Any) -> dict[str, Any]:
    result: dict[str, Any] = scorer.score(story, rows)
    return result


def _summary(name: str, res: dict[str, Any]) -> str:
    d = res["development"]
    lab = res["labels"]
    return (
        f"{name:>8}: dev P {d['precision']:.3f} R {d['recall']:.3f} F1 {d['f1']:.3f} | macro F1 "
        f"{res['macro_f1']:.3f} | changed F1 {lab['changed']['f1']:.3f} | links {res['links']} "
        f"({res['link_accuracy']}) | stray {res['stray_development_facts']}"
    )


def _table(label: str, eng: dict[str, Any], lex: dict[str, Any]) -> str:
    """The scorer's headline figures for the engine and the lexical baseline, side by side."""
    rows = [
        ("development P", eng["development"]["precision"], lex["development"]["precision"]),
        ("development R", eng["development"]["recall"], lex["development"]["recall"]),
        ("development F1", eng["development"]["f1"], lex["development"]["f1"]),
        ("macro F1", eng["macro_f1"], lex["macro_f1"]),
        *((f"{lab} F1", eng["labels"][lab]["f1"], lex["labels"][lab]["f1"]) for lab in LABELS),
        ("link accuracy", eng["link_accuracy"], lex["link_accuracy"]),
        ("links right", eng["links"], lex["links"]),
        ("stray dev facts", eng["stray_development_facts"], lex["stray_development_facts"]),
    ]
    out = [f"== {label}", f"{'':>17} {'engine':>9} {'lexical':>9}"]
    for name, a, b in rows:
        fa = f"{a:.3f}" if isinstance(a, float) else str(a)
        fb = f"{b:.3f}" if isinstance(b, float) else str(b)
        out.append(f"{name:>17} {fa:>9} {fb:>9}")
    return "\n".join(out)


HELD_OUT = frozenset(
    {
        (ROOT / "tests" / "fixtures" / "snapshot" / "story.yaml").resolve(),
        (GOLD_DIR / "holdout.yaml").resolve(),
        *(p.resolve() for p in _numbered(GOLD_DIR, "final")),
    }
)


def _held_out(path: str | Path) -> bool:
    """Held-out gold files: only their aggregate figures may be printed, never their misses."""
    p = Path(path).resolve()
    return p in HELD_OUT or "snapshot" in str(path) or "holdout" in p.name or p.name.startswith("final")


def evaluate_all(scorer_path: str | Path = DEFAULT_SCORER) -> int:
    """Score every gold file that exists (engine beside the lexical baseline); misses are not printed."""
    scorer = load_scorer(scorer_path)
    for label, path in GOLD_FILES:
        if not path.exists():
            print(f"== {label}: {path} not found, skipped")
            continue
        story = load_story(path)
        eng = score_rows(story, engine_predictions(story), scorer)
        lex = score_rows(story, lexical_predictions(story), scorer)
        print(_table(f"{label} ({path.name})", eng, lex))
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    ap.add_argument("gold", nargs="?", help="a gold story YAML; without it, every known gold file is scored")
    ap.add_argument("out", nargs="?")
    ap.add_argument("--lexical", action="store_true", help="write the lexical baseline's predictions instead")
    ap.add_argument("--compare", action="store_true", help="score engine and lexical baseline side by side")
    ap.add_argument("--scorer", default=str(DEFAULT_SCORER))
    ap.add_argument("--misses", action="store_true", help="list the engine's misses (not for held-out files)")
    args = ap.parse_args(argv)
    if args.gold is None:
        return evaluate_all(args.scorer)
    if args.misses and _held_out(args.gold):
        print("--misses is refused for held-out gold files (aggregates only)", file=sys.stderr)
        return 2
    story = load_story(args.gold)
    rows = lexical_predictions(story) if args.lexical else engine_predictions(story)
    if args.out:
        write_jsonl(rows, args.out)
    if args.compare:
        scorer = load_scorer(args.scorer)
        eng = score_rows(story, engine_predictions(story), scorer)
        lex = score_rows(story, lexical_predictions(story), scorer)
        print(_summary("engine", eng))
        print(_summary("lexical", lex))
        if args.misses:
            if _held_out(args.gold):
                print("  (misses of held-out files are not listed)")
            else:
                for m in eng["misses"]:
                    print(f"  [{m['article']}] gold {m['gold']} got {m['got']}: {m['sentence']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
