"""The tuners' shared command-line values: per-language exchange rates and model bars."""

from __future__ import annotations

import argparse

import numpy as np
import pytest

from model.verdict import CATEGORIES
from training import cv_operating_points as cv
from training import tune_operating_points as top
from training.tuner_options import (
    describe_ceilings,
    describe_rates,
    exchange_rates,
    leak_ceilings,
    rate_for,
)


@pytest.mark.parametrize(("value", "rates"), [
    ("0", {"ar": 0.0, "en": 0.0}),
    ("3", {"ar": 3.0, "en": 3.0}),
    ("en=3", {"ar": 0.0, "en": 3.0}),
    ("ar=1.5,en=3", {"ar": 1.5, "en": 3.0}),
    (" en=2 , ar=0 ", {"ar": 0.0, "en": 2.0}),
])
def test_an_exchange_rate_is_given_for_both_languages_or_per_language(value, rates):
    assert exchange_rates(value) == rates


@pytest.mark.parametrize("value", ["", "three", "fr=3", "en=", "en=x", "-1", "en=-2", "nan",
                                   "EN=3"])
def test_a_malformed_exchange_rate_is_refused(value):
    with pytest.raises(argparse.ArgumentTypeError):
        exchange_rates(value)


@pytest.mark.parametrize(("value", "ceilings"), [
    ("0.03", {"ar": 0.03, "en": 0.03}),
    ("ar=0.02", {"ar": 0.02, "en": 0.03}),
    ("ar=0.02,en=0.04", {"ar": 0.02, "en": 0.04}),
    ("en=0", {"ar": 0.03, "en": 0.0}),
])
def test_a_leak_ceiling_is_given_for_both_languages_or_per_language(value, ceilings):
    # A language not named keeps the default ceiling, not 0 (which would mean "no leak at all").
    assert leak_ceilings(value) == ceilings


@pytest.mark.parametrize("value", ["", "two", "fr=0.02", "ar=", "ar=x", "-0.01", "ar=1.5",
                                   "nan", "AR=0.02"])
def test_a_malformed_leak_ceiling_is_refused(value):
    with pytest.raises(argparse.ArgumentTypeError):
        leak_ceilings(value)


@pytest.mark.parametrize(("option", "value"), [("--exchange", "fr=3"), ("--leak", "fr=0.02")])
def test_both_tuners_read_per_language_values_from_the_command_line(capsys, option, value):
    for main in (top.main, cv.main):
        with pytest.raises(SystemExit):
            main([option, value])
        assert option in capsys.readouterr().err


def test_a_rate_is_read_per_language_and_printed_compactly():
    assert rate_for({"ar": 0.0, "en": 3.0}, "en") == 3.0
    assert rate_for({"en": 3.0}, "ar") == 0.0
    assert rate_for(2.0, "ar") == 2.0
    assert describe_rates({"ar": 3.0, "en": 3.0}) == "3"
    assert describe_rates({"ar": 0.0, "en": 3.0}) == "ar 0, en 3"
    assert describe_ceilings(0.03) == "3%"
    assert describe_ceilings({"ar": 0.02, "en": 0.03}) == "ar 2%, en 3%"
    assert describe_ceilings({"ar": 0.02}) == "ar 2%, en 3%"
    assert describe_ceilings({"ar": 0.015, "en": 0.02}) == "ar 1.5%, en 2%"


def _stray_violation(lang: str) -> top.Evidence:
    """Ten high-scoring offense violations and one stray among twenty acceptable comments."""
    n_ok, n_bad = 60, 11
    gold = np.zeros((n_ok + n_bad, len(CATEGORIES)), dtype=int)
    gold[n_ok:, 0] = 1
    prob = np.zeros(gold.shape)
    prob[:40, 0] = np.linspace(0.01, 0.1, 40)
    prob[40:n_ok, 0] = np.linspace(0.2, 0.5, 20)
    prob[n_ok:-1, 0] = np.linspace(0.8, 0.95, n_bad - 1)
    prob[-1, 0] = 0.15
    n = len(gold)
    has = np.zeros_like(prob, dtype=bool)
    has[:, 0] = True
    none = np.zeros_like(has)
    return top.Evidence(language=np.array([lang] * n), gold=gold, rule_reject=none,
                        rule_review=none, hold=np.zeros(n, bool), banned=np.zeros(n, bool),
                        prob=prob, has_model=has, cap_review=none, cap_reject=none)


@pytest.mark.parametrize(("lang", "rated"), [("en", True), ("ar", False)])
def test_a_per_language_rate_applies_to_its_language_only(lang, rated):
    # At rate 3 the search leaves the stray violation to leak rather than hold back twenty
    # acceptable comments; a language without a rate lowers its point below the stray.
    points, f = top.tune_language(_stray_violation(lang), lang, leak=0.0, false_reject=1.0,
                                  precision=1.1, exchange={"ar": 0.0, "en": 3.0})
    assert (points["offense"].review > 0.5) is rated
    assert (f.leak > 0) is rated


@pytest.mark.parametrize(("lang", "held"), [("ar", True), ("en", False)])
def test_a_per_language_leak_ceiling_applies_to_its_language_only(lang, held):
    # With no leak allowed the search lowers the offense point below the stray violation (at
    # the cost of twenty acceptable comments); a ceiling of 10% lets the one stray of eleven go.
    points, f = top.tune_language(_stray_violation(lang), lang,
                                  leak={"ar": 0.0, "en": 0.10}, false_reject=1.0,
                                  precision=1.1)
    assert (points["offense"].review < 0.15) is held
    assert (f.leak == 0) is held


def _points_file(tmp_path, constraints):
    from model.operating import OperatingPoints, Point

    path = tmp_path / "points.json"
    OperatingPoints({"offense": {"ar": Point(0.4, 0.9)}}, {"constraints": constraints}).save(path)
    return path


SHIPPED = {"leak": 0.02, "false_reject": 0.005, "false_reject_extra": 0.005,
           "model_reject_precision": 0.9, "model_recall_at_review": 0.75,
           "model_reject_min_support": 5, "exchange": {"ar": 0.0, "en": 3.0},
           "corroborate": True, "recall_exempt": ["spam"], "no_model_reject": ["spam"],
           "hard_negative_extra": 0.01}


def test_the_settings_a_points_file_was_tuned_with_are_read_by_argument_name(tmp_path):
    from training.tuner_options import recorded_settings

    got = recorded_settings(_points_file(tmp_path, SHIPPED))
    assert got["leak"] == 0.02 and got["false_reject_extra"] == 0.005
    assert got["model_recall"] == 0.75 and got["precision"] == 0.9
    assert got["exchange"] == {"ar": 0.0, "en": 3.0}
    with pytest.raises(ValueError, match="false_reject_extra"):
        recorded_settings(_points_file(tmp_path, {k: v for k, v in SHIPPED.items()
                                                  if k != "false_reject_extra"}))


class _Parsed(Exception):
    pass


@pytest.fixture
def cv_args(monkeypatch):
    """Run ``cv_operating_points.main`` up to its parsed arguments (no engine is built)."""
    seen = []
    original = argparse.ArgumentParser.parse_args

    def parse(self, *a, **kw):
        seen.append(original(self, *a, **kw))
        return seen[-1]

    def stop():
        raise _Parsed

    monkeypatch.setattr(argparse.ArgumentParser, "parse_args", parse)
    monkeypatch.setattr(top, "build_engine", stop)

    def run(argv):
        with pytest.raises(_Parsed):
            cv.main(argv)
        return seen[-1]

    return run


@pytest.mark.parametrize(("extra", "leak"), [([], 0.02), (["--leak", "ar=0.01"],
                                                          {"ar": 0.01, "en": 0.03})])
def test_cross_validation_starts_from_the_shipped_settings_when_asked(
        monkeypatch, tmp_path, cv_args, extra, leak):
    # The command's defaults are the (3%, 1%); --shipped takes the file's record, and an
    # option given on the command line still wins over it.
    monkeypatch.setattr(top, "DEFAULT_PATH", _points_file(tmp_path, SHIPPED))
    args = cv_args(["--shipped", *extra])
    assert args.leak == leak
    assert (args.false_reject, args.false_reject_extra) == (0.005, 0.005)
    assert args.no_model_reject == ["spam"] and args.exchange == {"ar": 0.0, "en": 3.0}
    plain = cv_args([])
    assert (plain.leak, plain.false_reject, plain.false_reject_extra) == (0.03, 0.01, None)


def test_cross_validation_refuses_shipped_settings_it_cannot_read(monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(top, "DEFAULT_PATH", tmp_path / "none.json")
    with pytest.raises(SystemExit):
        cv.main(["--shipped"])
    assert "--shipped" in capsys.readouterr().err


def test_cross_validation_holds_out_several_fresh_sets(cv_args):
    assert cv_args(["--fresh", "58", "60"]).fresh == ["58", "60"]
