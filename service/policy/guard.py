"""Guards on the classifier's scores: embedded insults (Scunthorpe) and unconfident rejections.

The offense classifier reads character n-grams, so "Scunthorpe", "Dickens", "assassination",
"cocktail" and "Essex" carry the weight of the insults inside them.  The rule lexicon knows
better: it matches its terms on word boundaries only.  :class:`SubstringGuard` wraps the
classifier check and, when *every* word the model cites as offense evidence merely contains a
lexicon term without being one, takes the model's offense score down to just under the review
threshold: the evidence is explained away.  Evidence with any other word (an insult the lexicon
lacks, or a context word the model weighs) leaves the score alone, so the model still catches
what the rules miss.

A second guard reads insult words the way the rules do: where the offense rules read an insult
word of the comment as not said at anyone (literally: "الكلاب الضالة بتقطع الطريق", "حمار واقف
بنص الشارع"; as a mention or a retold insult: "مش لازم نرد على بعض بكلمة حمار", "واحد بالصف سبه
وقاله يا حمار"; denied; of the writer himself) and find none aimed (mild unaimed words may
remain), the classifier may ask for review but not reject (``explained``).  The offense model
learned those words as insults from tweets and scored such road-safety and garbage complaints
0.99 on the tenth triage set's dev rows.

The third guard applies the policy's "reject only when confident" to the models: a category
the classifier alone would reject, with a calibrated probability under
``min_reject_probability`` (``RAQIB_MODEL_REJECT_PROBABILITY``; 0.0, off, by default since the
operating points decide), is held just under
the reject threshold, so the comment waits for a moderator instead.  The classifier's own
thresholds maximise macro-F1 on tweets, where insults are far more common than in a news site's
comments; rules with lexicon evidence still reject on their own.  (Chosen after measuring the
policy case file: README, "Policy evaluation".)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Literal

from model.normalize import normalize_text
from service.core import CheckResult, Context
from service.policy.lexicon import Lexicon

CATEGORY = "offense"


class CheckGuard:
    """A check wrapped by a guard: the inner check scores, :meth:`_guard` amends each result."""

    def __init__(self, inner):
        self.inner = inner
        self.name = getattr(inner, "name", "classifier")

    def __call__(self, ctx: Context) -> CheckResult:
        """Score one comment with the wrapped check, then apply the guard."""
        return self._guard(ctx, self.inner(ctx))

    def batch(self, ctxs: Sequence[Context]) -> list[CheckResult]:
        """Score a batch with the wrapped check, then apply the guard to each result."""
        batch = getattr(self.inner, "batch", None)
        results = batch(ctxs) if batch is not None else [self.inner(c) for c in ctxs]
        return [self._guard(c, r) for c, r in zip(ctxs, results, strict=True)]

    def _guard(self, ctx: Context, result: CheckResult) -> CheckResult:
        raise NotImplementedError


class SubstringGuard(CheckGuard):
    """Wraps a classifier check; caps scores that rest on embedded terms or low confidence."""

    def __init__(
        self,
        inner,
        lexicon: Lexicon,
        *,
        min_reject_probability: float = 0.0,
        min_term: int = 3,
        explained: Callable[[Context], bool] | None = None,
    ):
        super().__init__(inner)
        self.explained = explained
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

    def _guard(self, ctx: Context, result: CheckResult) -> CheckResult:
        caps: dict[str, Literal["review", "reject"]] = dict(result.caps)
        reasons = []
        for r in result.reasons:
            guard = None
            if r.code == CATEGORY and r.spans and all(self.embedded_only(s.text) for s in r.spans):
                caps[r.code], guard = "review", "embedded term"
            elif r.code == CATEGORY and self.explained is not None and self.explained(ctx):
                caps.setdefault(r.code, "reject")
                guard = "explained by the rules"
            elif self.min_p and float(r.params.get("probability", 1.0)) < self.min_p:
                caps.setdefault(r.code, "reject")
                guard = "not confident"
            reasons.append(replace(r, params={**r.params, "guard": guard}) if guard else r)
        # Categories without a reason (scored below the model's reason floor) stay as they are.
        return CheckResult(
            scores=result.scores,
            reasons=reasons,
            hold=result.hold,
            caps=caps,
            probabilities=result.probabilities,
        )
