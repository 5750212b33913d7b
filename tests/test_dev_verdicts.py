"""Comparing two files of dev verdicts counts the changes by kind."""

from __future__ import annotations

from training.dev_verdicts import compare


def _row(gold, verdict, rejected_for=()):
    return {"set": "4", "language": "ar", "gold": list(gold), "verdict": verdict,
            "rejected_for": list(rejected_for), "comment": "..."}


def test_changes_are_counted_by_kind_and_a_changed_rejection_reason_counts_too():
    old = {"a": _row([], "review"), "b": _row(["strife"], "approve"),
           "c": _row(["spam"], "reject", ["spam"]), "d": _row([], "approve")}
    new = {"a": _row([], "approve"), "b": _row(["strife"], "reject", ["strife"]),
           "c": _row(["spam"], "reject", ["off_topic", "spam"]), "d": _row([], "approve")}
    counts, lines = compare(old, new)
    assert counts == {("acceptable", "review", "approve"): 1,
                      ("violation", "approve", "reject"): 1,
                      ("violation", "reject", "reject"): 1}
    assert len(lines) == 3 and not any(line.startswith("d ") for line in lines)


def test_rows_missing_from_the_new_file_are_not_counted():
    counts, lines = compare({"a": _row([], "review")}, {})
    assert not counts and not lines
