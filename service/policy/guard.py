"""Guards on the classifier's scores: embedded insults (Scunthorpe) and unconfident rejections.

The offense classifier reads character n-grams, so "Scunthorpe", "Dickens", "assassination",
"cocktail" and "Essex" carry the weight of the insults inside them.  The rule lexicon knows
better: it matches its terms on word boundaries only.  :class:`SubstringGuard` wraps the
classifier check and, when *every* word the model cites as offense evidence merely contains a
lexicon term without being one, takes the model's offense score down to just under the review
threshold: the evidence is explained away.  Evidence with any other word (an insult the lexicon
lacks, or a context word the model weighs) leaves the score alone, so the model still catches
what the rules miss.

The second guard applies the policy's "reject only when confident" to the models: a category
the classifier alone would reject, with a calibrated probability under
``min_reject_probability`` (``RAQIB_MODEL_REJECT_PROBABILITY``, default 0.9), is held just under
the reject threshold, so the comment waits for a moderator instead.  The classifier's own
thresholds maximise macro-F1 on tweets, where insults are far more common than in a news site's
comments; rules with lexicon evidence still reject on their own.  (Chosen after measuring the
policy case file: README, "Policy evaluation".)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from model.normalize import normalize_text
from service.core import CheckResult, Context
from service.policy.lexicon import Lexicon

CATEGORY = "offense"


class SubstringGuard:
    """Wraps a classifier check; vetoes offense scores that rest on embedded lexicon terms."""

    def __init__(
        self,
        inner,
        lexicon: Lexicon,
        *,
        review: float,
        reject: Mapping[str, float] | None = None,
        min_reject_probability: float = 0.0,
        min_term: int = 3,
    ):
        self.inner = inner
        self.name = getattr(inner, "name", "classifier")
        self.ceiling = max(0.0, review - 0.01)
        self.reject = dict(reject or {})
        self.min_p = min_reject_probability
        # Only whole-word terms matter here: an embedded multi-word phrase cannot happen.
        self.terms = sorted(
            {
                t
                for e in lexicon
                if " " not in e.term
                and (t := normalize_text(e.term)).isascii()
                and len(t) >= min_term
            }
        )
        self._words: dict[str, bool] = {}

    def __call__(self, ctx: Context) -> CheckResult:
        """Score one comment with the wrapped check, then apply the guard."""
        return self._guard(self.inner(ctx))

    def batch(self, ctxs: Sequence[Context]) -> list[CheckResult]:
        """Score a batch with the wrapped check, then apply the guard to each result."""
        batch = getattr(self.inner, "batch", None)
        results = batch(ctxs) if batch is not None else [self.inner(c) for c in ctxs]
        return [self._guard(r) for r in results]

    def embedded_only(self, word: str) -> bool:
        """Whether ``word`` contains a lexicon term without being that term (or term + s)."""
        hit = self._words.get(word)
        if hit is None:
            norm = normalize_text(word)
            # Latin script only: Arabic words carry clitics (والحمار), which the lexicon
            # handles, so an Arabic term inside a longer word is usually the insult itself.
            exact = any(norm in (t, t + "s", t + "es") for t in self.terms)
            hit = norm.isascii() and not exact and any(t in norm for t in self.terms)
            if len(self._words) > 50_000:  # bounded: evidence words are a small vocabulary
                self._words.clear()
            self._words[word] = hit
        return hit

    def _guard(self, result: CheckResult) -> CheckResult:
        return self._confident(self._embedded(result))

    def _confident(self, result: CheckResult) -> CheckResult:
        if not self.min_p:
            return result
        scores = dict(result.scores)
        reasons = []
        for r in result.reasons:
            limit = self.reject.get(r.code)
            p = float(r.params.get("probability", 1.0))
            if limit is not None and r.score is not None and r.score >= limit and p < self.min_p:
                capped = max(0.0, limit - 0.01)
                scores[r.code] = min(scores.get(r.code, capped), capped)
                r = replace(r, score=capped, params={**r.params, "guard": "not confident"})
            reasons.append(r)
        return CheckResult(scores=scores, reasons=reasons, hold=result.hold)

    def _embedded(self, result: CheckResult) -> CheckResult:
        score = result.scores.get(CATEGORY, 0.0)
        if score < self.ceiling:
            return result
        spans = [s for r in result.reasons if r.code == CATEGORY for s in r.spans]
        if not spans or not all(self.embedded_only(s.text) for s in spans):
            return result
        scores = dict(result.scores)
        scores[CATEGORY] = self.ceiling
        reasons = [
            replace(r, score=self.ceiling, params={**r.params, "guard": "embedded term"})
            if r.code == CATEGORY
            else r
            for r in result.reasons
        ]
        return CheckResult(scores=scores, reasons=reasons, hold=result.hold)
