"""Shared helpers of the rule checks: the comment's tokens and lexicon hits scored by severity."""

from __future__ import annotations

from collections.abc import Sequence

from model.normalize import Token, normalize, tokenize
from service.core import CheckResult, Context, Reason, Span
from service.policy.lexicon import Lexicon, Match

SEVERITY_SCORE = {1: 0.55, 2: 0.85, 3: 0.95}
MILD_COMBO_SCORE = {1: 0.55, 2: 0.70}
MILD_COMBO_MAX = 0.85


def tokens_of(ctx: Context) -> list[Token]:
    # Context has a __dict__ for derived values; the tokens are shared by every rule check
    # so the comment is tokenised once.
    cached = ctx.__dict__.get("_rule_tokens")
    if cached is None:
        cached = tokenize(ctx.norm)
        ctx.__dict__["_rule_tokens"] = cached
    return cached


def cached_find(ctx: Context, key: str, lexicon: Lexicon) -> list[Match]:
    """``lexicon.find`` on the comment, kept on the context for the other rule checks."""
    cached = ctx.__dict__.get(key)
    if cached is None:
        cached = lexicon.find(ctx.norm, tokens_of(ctx))
        ctx.__dict__[key] = cached
    return cached


def name_matches(lexicon: Lexicon, name: str | None) -> list[tuple[Match, str]]:
    """Matches in a form field with the original text of each."""
    if not name or not name.strip():
        return []
    norm = normalize(name)
    out = []
    for m in lexicon.find(norm):
        start, end = norm.to_original(m.start, m.end)
        out.append((m, name[start:end]))
    return out


def _severity(match: Match) -> int:
    """Entry severity, one level higher when the term is addressed to someone."""
    sev = match.entry.severity
    # Vocative-only entries are raised too: "يا تافه" is as pointed as "انت حمار".
    if match.vocative:
        sev += 1
    return max(1, min(3, sev))


def severity_score(severities: Sequence[tuple[int, str]]) -> float:
    """Category score from (severity, entry key) pairs: worst term, or several mild ones.

    Mild terms are counted by entry key, so two forms of one word (حمار، الحمير) are one term.
    """
    if not severities:
        return 0.0
    worst = max(s for s, _ in severities)
    score = SEVERITY_SCORE[worst]
    mild = {t for s, t in severities if s == 1}
    if len(mild) >= 2:
        score = max(score, MILD_COMBO_SCORE.get(len(mild), MILD_COMBO_MAX))
    return score


def lexicon_result(lexicon: Lexicon, ctx: Context, category: str) -> CheckResult:
    found: list[tuple[int, str]] = []
    reasons: list[Reason] = []
    hits = [(m, ctx.span(m.start, m.end)) for m in lexicon.find(ctx.norm, tokens_of(ctx))]
    comment = ctx.submission.comment
    lowered = comment.lower()
    if len(lowered) == len(comment):  # lower() keeps offsets for all but a few letters
        hits += [
            (m, Span(m.start, m.end, comment[m.start : m.end]))
            for m in lexicon.find_masked(lowered)
            if not any(s.start < m.end and m.start < s.end for _, s in hits)
        ]
    for m, span in hits:
        sev = _severity(m)
        found.append((sev, m.entry.key))
        reasons.append(
            Reason(
                code=category,
                source="rule",
                score=SEVERITY_SCORE[sev],
                spans=(span,),
                params={"term": span.text, "severity": str(sev)},
            )
        )
    for m, text in name_matches(lexicon, ctx.submission.name):
        sev = _severity(m)
        found.append((sev, m.entry.key))
        reasons.append(
            Reason(
                code=category,
                source="rule",
                score=SEVERITY_SCORE[sev],
                field="name",
                params={"term": text, "severity": str(sev)},
            )
        )
    if not found:
        return CheckResult()
    return CheckResult(scores={category: severity_score(found)}, reasons=reasons)
