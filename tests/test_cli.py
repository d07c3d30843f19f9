"""The command line: `diff` in the evaluation kit's format, and errors as one clear line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from storydiff.cli import main

REPO = Path(__file__).resolve().parent.parent
SITE = REPO / "tests" / "fixtures" / "snapshot" / "site"
BASELINE = SITE / "news.cgtn.com/news/2025-02-19/news-1B6QoQPl8EE/p.html"
SHARED_EVAL = REPO.parent / "shared" / "eval"


def page(fragment: str) -> Path:
    [found] = [p for p in SITE.rglob("*.html") if fragment in str(p)]
    return found


def test_diff_prints_one_json_object_per_fact(capsys: pytest.CaptureFixture[str]) -> None:
    later = page("Trump-names-Waltz-UN-envoy")
    off_topic = page("Esports-World-Cup")
    assert main(["diff", str(BASELINE), str(later), str(off_topic), "--format", "jsonl"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert rows
    assert {r["article"] for r in rows} == {str(later), str(off_topic)}
    for row in rows:
        assert row["label"] in {"new", "changed", "restated", "unrelated"}
        assert set(row) >= {"article", "sentence", "label", "baseline"}
    # the off-topic article shares a city with the story, nothing more
    assert all(r["label"] == "unrelated" for r in rows if r["article"] == str(off_topic))
    # the Waltz article reports a change of who holds a baseline role
    assert any(r["label"] == "changed" for r in rows if r["article"] == str(later))


def test_diff_text_format_is_readable(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", str(BASELINE), str(page("Trump-names-Waltz-UN-envoy"))]) == 0
    out = capsys.readouterr().out
    assert "changed" in out and "baseline:" in out


def test_missing_file_is_one_line_and_status_1(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["diff", str(BASELINE), str(tmp_path / "nope.html")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("storydiff: error: ") and err.count("\n") == 1
    assert "nope.html" in err


def test_page_without_article_is_a_clear_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    empty = tmp_path / "empty.html"
    empty.write_text("<html><body><p>menu</p></body></html>", encoding="utf-8")
    assert main(["diff", str(BASELINE), str(empty)]) == 1
    assert capsys.readouterr().err.startswith("storydiff: error: ")


def test_broken_config_exits_2_naming_the_key(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    cfg = tmp_path / "stories.toml"
    cfg.write_text('[[stories]]\nslug = "x"\ntitle = "X"\nbaseline = "nope"\n', encoding="utf-8")
    assert main(["feed", "x", "--config", str(cfg)]) == 2
    err = capsys.readouterr().err
    assert "stories[0].baseline" in err and str(cfg) in err and err.count("\n") == 1


def test_feed_before_any_run_says_what_to_do(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    cfg = tmp_path / "stories.toml"
    cfg.write_text(
        '[[stories]]\nslug = "x"\ntitle = "X"\nbaseline = "https://news.cgtn.com/a/p.html"\n',
        encoding="utf-8",
    )
    assert main(["feed", "x", "--config", str(cfg)]) == 1
    assert "storydiff run x" in capsys.readouterr().err


@pytest.mark.skipif(not (SHARED_EVAL / "dev" / "story.yaml").exists(), reason="shared eval kit not present")
def test_diff_on_shared_dev_story_beats_the_lexical_baseline(tmp_path: Path) -> None:
    """The acceptance check of the first slice, through the real command and the kit's own scorer."""
    pages = tmp_path / "pages"
    subprocess.run(
        [sys.executable, str(SHARED_EVAL / "render.py"), str(SHARED_EVAL / "dev" / "story.yaml"), str(pages)],
        check=True,
        capture_output=True,
    )
    import yaml

    story = yaml.safe_load((SHARED_EVAL / "dev" / "story.yaml").read_text(encoding="utf-8"))
    articles = [str(pages / f"{a['id']}.html") for a in story["articles"]]
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "storydiff.cli",
            "diff",
            str(pages / "baseline.html"),
            *articles,
            "--format",
            "jsonl",
        ],
        check=True,
        capture_output=True,
        text=True,
        cwd=REPO,
    ).stdout
    pred = tmp_path / "pred.jsonl"
    pred.write_text(out, encoding="utf-8")
    scored = subprocess.run(
        [
            sys.executable,
            str(SHARED_EVAL / "score.py"),
            str(SHARED_EVAL / "dev" / "story.yaml"),
            str(pred),
            "--json",
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    result = json.loads(scored.stdout)
    # the lexical baseline scores development F1 0.78 and macro F1 0.42 on this story
    assert result["development"]["f1"] > 0.78
    assert result["macro_f1"] > 0.42
    assert result["stray_development_facts"] == 0


def test_serve_feeds_answers_304_to_a_conditional_poll(tmp_path: Path) -> None:
    import httpx

    (tmp_path / "story.atom").write_bytes(b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"/>')
    proc = subprocess.Popen(
        [sys.executable, "-m", "storydiff.cli", "serve-feeds", "--dir", str(tmp_path), "--port", "0"],
        stdout=subprocess.PIPE,
        text=True,
        cwd=REPO,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        base = line.split(" at ", 1)[1].split()[0]
        first = httpx.get(base + "story.atom", timeout=10)
        assert first.status_code == 200 and first.headers["content-type"].startswith("application/atom+xml")
        again = httpx.get(base + "story.atom", headers={"If-None-Match": first.headers["etag"]}, timeout=10)
        assert again.status_code == 304 and again.content == b""
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_sql_prints_a_table_csv_or_json(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    import duckdb

    db = tmp_path / "w.duckdb"
    with duckdb.connect(str(db)) as con:
        con.execute(
            "CREATE TABLE developments AS SELECT 'new' AS label, 'Talks were held in Istanbul.' AS evidence"
        )
    assert main(["sql", "--db", str(db), "SELECT label, evidence FROM developments"]) == 0
    table = capsys.readouterr().out.splitlines()
    assert table[0].split() == ["label", "evidence"] and "Istanbul" in table[2] and table[-1] == "(1 row)"
    assert main(["sql", "--db", str(db), "SELECT * FROM developments", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"label": "new", "evidence": "Talks were held in Istanbul."}
    assert main(["sql", "--db", str(db), "SELECT * FROM nowhere"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("storydiff: error: ") and "nowhere" in err and err.count("\n") == 1
