"""The tuning rows and what the engine's checks say about them, kept apart as rules and models.

Each check runs once over every tuning row (the ``dev`` split of each triage set and the policy
case file); what the rules decide (their category scores, holds, banned words) and what the models
say (calibrated probabilities and caps) are kept apart, so ``decide`` can evaluate any set of
operating points with the core's own decision rule in microseconds.  Split out of
``training.tune_operating_points``, which searches the points; ``training.cv_operating_points``
and ``training.written_probe`` use the same evidence.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, fields
from typing import Any

import numpy as np

from model.operating import NEVER
from model.verdict import CATEGORIES, Article, Context, Submission
from training import evaluate_policy as ep
from training import left_out
from training import triage as tr


@dataclass
class Evidence:
    """Per row: rule-side decisions and model-side probabilities, as arrays over rows."""

    language: np.ndarray  # engine's language per row
    gold: np.ndarray  # (rows, categories) 0/1 labels
    rule_reject: np.ndarray  # (rows, categories) bool
    rule_review: np.ndarray  # (rows, categories) bool
    hold: np.ndarray  # (rows,) bool: hold or banned word -> review at least
    banned: np.ndarray  # (rows,) bool
    prob: np.ndarray  # (rows, categories) model probability (0 where no model)
    has_model: np.ndarray  # (rows, categories) bool
    cap_review: np.ndarray  # (rows, categories) bool: model may not reach review
    cap_reject: np.ndarray  # (rows, categories) bool: model may not reject


Row = tuple[dict, Article]


@dataclass
class Group:
    """Tuning rows scored together, and the articles registered as the site's while they are."""

    rows: list[Row]
    site: list[Article]
    key: str = ""  # the triage set's key


def tuning_groups() -> list[Group]:
    """The dev split of each triage set, the first with the policy case file, with their articles.

    Each set is scored with its own dev articles and the case file's registered as the site's
    recent stories, exactly as ``evaluate_policy --set N --split dev`` scores it: off-topic
    compares a comment with the site's other recent articles, and all of them together would be
    more than the engine keeps (``service.engine.RECENT_ARTICLES``).
    """
    p_articles = ep.load_articles()
    policy = [(c, p_articles[c["article_id"]]) for c in ep.load_cases()]
    groups = []
    for key, (cases_path, articles_path) in tr.TRIAGE_SETS.items():
        arts = ep.load_articles(articles_path)
        rows = [(c, arts[c["article_id"]])
                for c in ep.select_split(ep.load_cases(cases_path), "dev")]
        if not rows and key != "1":
            continue  # a test-only set (the third) tunes nothing
        site = [a for _, a in rows] + list(p_articles.values())
        groups.append(Group(rows + policy if key == "1" else rows, site, key))
    return groups


def tuning_rows() -> list[Row]:
    """Every tuning row, in the order ``collect_tuning`` scores them."""
    return [r for g in tuning_groups() for r in g.rows]


def registered(groups: Sequence[Group]) -> Iterator[Group]:
    """Each group, after registering its site articles (and only those) in the database."""
    for group in groups:
        ep.register_articles(group.site, replace=True)
        yield group


def collect_tuning(engine: Any, news: bool = True, fresh: frozenset[str] = frozenset(),
                   skip: Sequence[str] = ()) -> tuple[list[Row], Evidence]:
    """The tuning rows and their evidence, each group scored with its own site articles.

    The semantic artifact's news heads (``training.news_heads``) and the off-topic news refit
    were fitted on these very rows: the news heads are detached while the rows are scored, and
    (unless ``news`` is False, which keeps both fits out: what ``news_heads`` fits on) each row
    gets instead the news margin of heads fitted without its article (stored with the heads by
    ``training.news_heads``), so the operating points are chosen on what a new story's
    comments would score.  The sets named in ``fresh`` (their keys) were never fitted on: their
    rows come last, scored by the shipped fits as a new story's comments are.  The sets named in
    ``skip`` are left out (``triage.NOT_FOR_POINTS`` when points are chosen).
    """
    heads = engine.models.get("semantic")
    shipped = heads.news if heads is not None else None
    rows: list[Row] = []
    parts = []
    fresh_rows: list[Row] = []
    fresh_parts = []
    groups = [g for g in tuning_groups() if g.key not in skip]
    try:
        if heads is not None:
            heads.news = None
        for group in groups:
            # Without news fits (news=False) the fresh rows are scored without them too.
            if group.key in fresh and news:
                continue
            ep.register_articles(group.site, replace=True)
            if group.key in fresh:
                fresh_rows += group.rows
                fresh_parts.append(collect(engine.policy(), group.rows))
            else:
                rows += group.rows
                parts.append(collect(engine.policy(), group.rows))
    finally:
        if heads is not None:
            heads.news = shipped
    if news:
        for group in groups:
            if group.key in fresh:
                ep.register_articles(group.site, replace=True)
                fresh_rows += group.rows
                fresh_parts.append(collect(engine.policy(), group.rows))
        _check_fresh(engine, shipped, fresh_rows)
    ev = _concat(parts)
    if news and shipped:
        ev = left_out.with_news(rows, ev, shipped)
    if news:
        ev = left_out.with_offtopic(engine, rows, ev)
    if fresh_parts:
        ev = _concat([ev, *fresh_parts])
    return rows + fresh_rows, ev


def _check_fresh(engine: Any, shipped: Mapping[str, Any] | None, rows: Sequence[Row]) -> None:
    """SystemExit if the shipped news heads or off-topic refit were fitted on a fresh row."""
    from training.news_heads import row_key

    check = next((c for c in engine.checks if getattr(c, "name", "") == "off_topic"), None)
    semantic = getattr(check, "semantic", None)
    tables = [(shipped or {}).get("left_out") or {},
              (semantic.metadata.get("left_out") if semantic is not None else None) or {}]
    seen = [c["id"] for c, _ in rows if any(row_key(c) in t for t in tables)]
    if seen:
        raise SystemExit(f"not fresh: the shipped fits were fitted on {len(seen)} of its rows "
                         f"(e.g. {seen[0]}); a set is fresh only until refit_offtopic or "
                         "news_heads run with it")


def _concat(parts: Sequence[Evidence]) -> Evidence:
    return Evidence(**{f.name: np.concatenate([getattr(e, f.name) for e in parts])
                       for f in fields(Evidence)})


def collect(policy: Any, rows: Sequence[tuple[Mapping[str, Any], Article]]) -> Evidence:
    """Run every check of ``policy`` once and split rule and model evidence (see module doc)."""
    from service.core import _capped

    ctxs = [Context(Submission(c["comment"], name=c.get("name") or None), a) for c, a in rows]
    n, k = len(ctxs), len(CATEGORIES)
    rule_score = np.zeros((n, k))
    prob = np.zeros((n, k))
    has_model = np.zeros((n, k), dtype=bool)
    cap_review = np.zeros((n, k), dtype=bool)
    cap_reject = np.zeros((n, k), dtype=bool)
    hold = np.zeros(n, dtype=bool)
    banned = np.zeros(n, dtype=bool)
    for check in policy.checks:
        batch = getattr(check, "batch", None)
        results = batch(ctxs) if batch is not None else [check(c) for c in ctxs]
        for i, result in enumerate(results):
            hold[i] |= result.hold
            banned[i] |= any(r.code == "banned_word" for r in result.reasons)
            capped = _capped(result, policy)
            for j, cat in enumerate(CATEGORIES):
                if cat in result.probabilities:
                    has_model[i, j] = True
                    prob[i, j] = max(prob[i, j], result.probabilities[cat])
                    cap = result.caps.get(cat)
                    cap_review[i, j] |= cap == "review"
                    cap_reject[i, j] |= cap in ("review", "reject")
                elif cat in capped.scores:
                    rule_score[i, j] = max(rule_score[i, j], capped.scores[cat])
    reject = np.array([policy.reject.get(c, 1.01) for c in CATEGORIES])
    review = np.array([policy.review.get(c, 1.01) for c in CATEGORIES])
    gold = np.array([[int(c["labels"][cat]) for cat in CATEGORIES] for c, _ in rows])
    return Evidence(
        language=np.array([ctx.language for ctx in ctxs]),
        gold=gold,
        rule_reject=rule_score >= reject,
        rule_review=rule_score >= review,
        hold=hold | banned,
        banned=banned,
        prob=prob,
        has_model=has_model,
        cap_review=cap_review,
        cap_reject=cap_reject,
    )


def corroborated(ev: Evidence, p_corroborate: np.ndarray | None) -> np.ndarray:
    """(rows, categories): a rule's review cue and the uncapped model at its corroborate point."""
    if p_corroborate is None:
        return np.zeros_like(ev.rule_review)
    return (ev.rule_review & ev.has_model & ~ev.cap_reject & (ev.prob >= p_corroborate)
            & (p_corroborate < NEVER))


def decide(ev: Evidence, p_review: np.ndarray, p_reject: np.ndarray,
           p_corroborate: np.ndarray | None = None) -> np.ndarray:
    """Outcome per row (0 approve, 1 review, 2 reject) for per-row operating points."""
    model_review = ev.has_model & ~ev.cap_review & (ev.prob >= p_review)
    model_reject = ev.has_model & ~ev.cap_reject & (ev.prob >= p_reject) & (p_reject < NEVER)
    model_reject |= corroborated(ev, p_corroborate)
    rejected = (ev.rule_reject | model_reject).any(axis=1) | ev.banned
    reviewed = (ev.rule_review | model_review | model_reject).any(axis=1) | ev.hold
    return np.where(rejected, 2, np.where(reviewed, 1, 0))


@dataclass
class Figures:
    """Triage figures of one language under some operating points."""

    published: float  # acceptable published unreviewed
    leak: float
    false_reject: float
    right_reason: float


def figures(ev: Evidence, rows: np.ndarray, outcome: np.ndarray, p_reject: np.ndarray,
            p_corroborate: np.ndarray | None = None) -> Figures:
    """The triage figures of ``rows`` (a boolean mask) for an outcome vector."""
    bad = ev.gold.any(axis=1)
    ok = rows & ~bad
    viol = rows & bad
    model_reject = ev.has_model & ~ev.cap_reject & (ev.prob >= p_reject) & (p_reject < NEVER)
    model_reject |= corroborated(ev, p_corroborate)
    right = ((ev.rule_reject | model_reject) & (ev.gold == 1)).any(axis=1) & (outcome == 2)
    return Figures(
        published=float((outcome[ok] == 0).mean()) if ok.any() else 0.0,
        leak=float((outcome[viol] == 0).mean()) if viol.any() else 0.0,
        false_reject=float((outcome[ok] == 2).mean()) if ok.any() else 0.0,
        right_reason=float(right[viol].mean()) if viol.any() else 0.0,
    )


def build_engine() -> Any:
    """An app built as the service builds it, without shipped operating points."""
    import tempfile

    from service import create_app
    from service.extensions import db

    app = create_app({
        "DATABASE_URL": "sqlite://",
        "SECRET_KEY": "tune",
        "INSTANCE_PATH": tempfile.mkdtemp(prefix="raqib-tune-"),
        "MODE": "auto",
        "MODEL_REJECT_PROBABILITY": 0.0,
        "OPERATING_POINTS_PATH": "none",
    })
    ctx = app.app_context()
    ctx.push()
    db.create_all()
    ep._seed_like_init()
    return app.extensions["raqib"]


class HardNegatives:
    """The hard-negative benchmark as a ceiling on what the models may add to its rejections.

    ``training/data/hard_negatives.jsonl`` holds acceptable comments written to look like
    violations (``training.hard_negatives``).  The tuning rows hold few such traps, so a reject
    point can fall where the tuning rows lose nothing and the traps are rejected: measured at the
    tenth session, the English offense model's point fell 0.73 -> 0.66 (one more right rejection
    on the tuning rows) and rejected five more of the 120 English traps.  Tuning with this
    ceiling, a model's reject or corroborate point may not take the language's traps rejected
    past what the rules reject alone plus ``extra`` (a share of that language's traps).  The
    budget is the language's, spent in the order the categories are tuned (offense first).  A
    model barred from rejecting alone starts its review point where its reject point would have
    been (``tune_language`` step 1), so the ceiling, by stopping that search higher, can leave
    its review point higher too.
    """

    def __init__(self, ev: Evidence, extra: float):
        self.ev = ev
        self.extra = extra
        never = np.full(ev.prob.shape, NEVER)
        self.base = {lang: self._rejected(lang, decide(ev, never, never))
                     for lang in set(ev.language.tolist())}

    def _rejected(self, lang: str, outcome: np.ndarray) -> float:
        rows = self.ev.language == lang
        return float((outcome[rows] == 2).mean()) if rows.any() else 0.0

    def rejected(self, lang: str, p_reject: np.ndarray,
                 p_corroborate: np.ndarray | None = None) -> float:
        """Share of the language's traps rejected under these reject and corroborate points."""
        shape = self.ev.prob.shape
        corr = None if p_corroborate is None else np.broadcast_to(p_corroborate, shape)
        out = decide(self.ev, np.broadcast_to(p_reject, shape), np.broadcast_to(p_reject, shape),
                     corr)
        return self._rejected(lang, out)

    def allows(self, lang: str, p_reject: np.ndarray,
               p_corroborate: np.ndarray | None = None) -> bool:
        """Whether these reject and corroborate points keep the language's traps in bounds."""
        if lang not in self.base:
            return True
        return self.rejected(lang, p_reject, p_corroborate) <= self.base[lang] + self.extra + 1e-9


def collect_hard(engine: Any, path: Any, extra: float) -> HardNegatives:
    """The hard negatives scored as ``training.hard_negatives`` scores them (no article)."""
    from training.hard_negatives import load

    none = Article("none", "", "")
    rows = [({"comment": r["comment"], "labels": dict.fromkeys(CATEGORIES, 0)}, none)
            for r in load(path)]
    # The site's stories are replaced by an empty one (as ``training.hard_negatives`` scores
    # them): call this after ``collect_tuning``, which registers each group's stories itself.
    ep.register_articles([none], replace=True)
    return HardNegatives(collect(engine.policy(), rows), extra)
