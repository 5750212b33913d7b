"""The hard-negative benchmark's data and its tally (the engine's figures are the README's)."""

from __future__ import annotations

from collections import Counter

from training import hard_negatives as hn


def test_the_hard_negatives_are_120_per_script_in_six_kinds_of_20():
    rows = hn.load(hn.DEFAULT_CASES)
    assert len({r["id"] for r in rows}) == len(rows) == 360
    assert Counter(r["script"] for r in rows) == dict.fromkeys(hn.SCRIPTS, 120)
    per = Counter((r["script"], r["kind"]) for r in rows)
    assert set(per.values()) == {20} and len(per) == 18
    assert {r["language"] for r in rows if r["script"] != "latin"} == {"ar"}


def test_the_tally_counts_outcomes_per_script_and_kind_and_rejections_per_category():
    rows = [{"script": "arabic", "kind": 1}, {"script": "arabic", "kind": 1},
            {"script": "latin", "kind": 5}]
    t = hn.tally(rows, ["reject", "approve", "review"], [{"offense"}, set(), set()])
    assert t["scripts"]["arabic"] == Counter(rows=2, reject=1, approve=1)
    assert t["kinds"]["latin:5"] == Counter(rows=1, review=1)
    assert t["rejected_by"] == {"arabic": Counter(offense=1)}
    table = "\n".join(hn.format_tally(t))
    assert "| arabic | 2 | 50.0% | 0.0% | 50.0% | offense 1 |" in table
    assert "| latin | look-alike word | 1 | 0 | 1 |" in table
