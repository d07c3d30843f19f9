#!/usr/bin/env python3
"""Check a storydiff gold tuning file and print its label counts.

Usage: python tests/gold/check_gold.py [GOLD.yaml] [--merged OUT.yaml]
       (default GOLD: tuning.yaml next to this script)

--merged OUT.yaml writes a self-contained story (the referenced baseline + these articles) that
/work/shared/eval/render.py can render; score.py reads the gold file directly.

Checks:
- top level: `baseline_from` (path relative to the gold file) pointing at a story file with a
  `baseline` section, and a non-empty `articles` list; no `baseline` section of its own;
- each article: id (unique, not `baseline`), url, published, title, summary, paragraphs
  (non-empty list of non-empty lists of sentence items); optional section, outlet, related, template;
- each sentence item: text, label in {new, changed, restated, unrelated, skip}; no unknown keys;
  sentence texts unique within an article;
- `baseline:` present on every changed/restated item, absent on new/unrelated, and a verbatim
  substring of exactly one baseline sentence of the referenced story;
- `event:` only on new/changed items.
Prints label counts, events reported by more than one article/outlet, and exits 1 on any error.
Pure Python + PyYAML.
"""

from __future__ import annotations

import sys
from collections import Counter, defaultdict
from pathlib import Path

import yaml

LABELS = ("new", "changed", "restated", "unrelated", "skip")
ARTICLE_REQUIRED = ("id", "url", "published", "title", "summary", "paragraphs")
ARTICLE_OPTIONAL = ("section", "outlet", "related", "template")
ITEM_KEYS = {"text", "label", "baseline", "event"}


def baseline_sentences(story: dict) -> list[str]:
    base = story.get("baseline") or {}
    return [s for para in base.get("paragraphs", []) for s in para]


def check(path: Path) -> int:
    errors: list[str] = []
    gold = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(gold, dict):
        print(f"{path}: not a YAML mapping")
        return 1
    if "baseline" in gold:
        errors.append("gold file must not carry its own baseline section (use baseline_from)")
    ref = gold.get("baseline_from")
    sentences: list[str] = []
    if not ref:
        errors.append("missing baseline_from")
    else:
        ref_path = (path.parent / ref).resolve()
        if not ref_path.exists():
            errors.append(f"baseline_from {ref!r} -> {ref_path} does not exist")
        else:
            sentences = baseline_sentences(yaml.safe_load(ref_path.read_text(encoding="utf-8")))
            if not sentences:
                errors.append(f"{ref_path} has no baseline sentences")
    articles = gold.get("articles")
    if not isinstance(articles, list) or not articles:
        errors.append("articles must be a non-empty list")
        articles = []

    counts: Counter = Counter()
    per_article: dict[str, Counter] = {}
    events: dict[str, set] = defaultdict(set)
    event_outlets: dict[str, set] = defaultdict(set)
    ids: set[str] = set()
    for n, art in enumerate(articles):
        where = f"article #{n} ({art.get('id', '?') if isinstance(art, dict) else '?'})"
        if not isinstance(art, dict):
            errors.append(f"{where}: not a mapping")
            continue
        for key in ARTICLE_REQUIRED:
            if not art.get(key):
                errors.append(f"{where}: missing {key}")
        for key in art:
            if key not in ARTICLE_REQUIRED + ARTICLE_OPTIONAL:
                errors.append(f"{where}: unknown key {key!r}")
        aid = str(art.get("id", ""))
        if aid in ids:
            errors.append(f"{where}: duplicate id")
        if aid == "baseline":
            errors.append(f"{where}: id 'baseline' is reserved")
        ids.add(aid)
        per_article[aid] = Counter()
        texts: set[str] = set()
        paras = art.get("paragraphs") or []
        if not isinstance(paras, list):
            errors.append(f"{where}: paragraphs must be a list")
            continue
        for p, para in enumerate(paras):
            if not isinstance(para, list) or not para:
                errors.append(f"{where} paragraph {p}: must be a non-empty list")
                continue
            for s, item in enumerate(para):
                at = f"{where} [{p}][{s}]"
                if not isinstance(item, dict):
                    errors.append(f"{at}: not a mapping")
                    continue
                extra = set(item) - ITEM_KEYS
                if extra:
                    errors.append(f"{at}: unknown keys {sorted(extra)}")
                text, label = item.get("text"), item.get("label")
                if not isinstance(text, str) or not text.strip():
                    errors.append(f"{at}: missing text")
                    continue
                if text in texts:
                    errors.append(f"{at}: duplicate sentence text in article")
                texts.add(text)
                if label not in LABELS:
                    errors.append(f"{at}: unknown label {label!r}")
                    continue
                counts[label] += 1
                per_article[aid][label] += 1
                phrase = item.get("baseline")
                if label in ("changed", "restated"):
                    if not phrase:
                        errors.append(f"{at}: {label} needs a baseline phrase")
                    elif sentences:
                        hits = [b for b in sentences if phrase in b]
                        if len(hits) != 1:
                            errors.append(
                                f"{at}: baseline phrase {phrase!r} matches {len(hits)} baseline sentences"
                            )
                elif phrase:
                    errors.append(f"{at}: baseline phrase on a {label} sentence")
                ev = item.get("event")
                if ev is not None:
                    if label not in ("new", "changed"):
                        errors.append(f"{at}: event on a {label} sentence")
                    events[ev].add(aid)
                    event_outlets[ev].add(art.get("outlet") or "?")

    scored = sum(v for k, v in counts.items() if k != "skip")
    print(f"{path}: {len(articles)} articles, {sum(counts.values())} sentences, {scored} scored")
    for lab in LABELS:
        print(f"  {lab:>9}: {counts[lab]}")
    offtopic = [a for a, c in per_article.items() if c and set(c) <= {"unrelated", "skip"}]
    print(f"  off-topic articles (all unrelated): {len(offtopic)} {offtopic}")
    shared = {e: sorted(a) for e, a in events.items() if len(a) > 1}
    print(f"  events: {len(events)}; reported by >1 article: {len(shared)}")
    for e, arts in sorted(shared.items()):
        print(f"    {e}: {arts} outlets={sorted(event_outlets[e])}")
    if errors:
        print(f"{len(errors)} error(s):")
        for e in errors:
            print("  " + e)
        return 1
    print("OK")
    return 0


def write_merged(path: Path, out: Path) -> None:
    gold = yaml.safe_load(path.read_text(encoding="utf-8"))
    ref = yaml.safe_load((path.parent / gold["baseline_from"]).resolve().read_text(encoding="utf-8"))
    merged = {
        "story": gold.get("story") or ref.get("story"),
        "baseline": ref["baseline"],
        "articles": gold["articles"],
    }
    out.write_text(yaml.safe_dump(merged, sort_keys=False, allow_unicode=True, width=1000), encoding="utf-8")
    print(f"wrote {out}")


def main(argv: list[str]) -> int:
    import argparse

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("gold", nargs="?", default=str(Path(__file__).resolve().parent / "tuning.yaml"))
    ap.add_argument("--merged", help="also write baseline + articles as one story file (for render.py)")
    args = ap.parse_args(argv)
    rc = check(Path(args.gold))
    if rc == 0 and args.merged:
        write_merged(Path(args.gold), Path(args.merged))
    return rc


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
