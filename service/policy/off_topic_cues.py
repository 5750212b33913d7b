"""Words with which readers leave the subject: off-topic evidence a rule can point at.

Two patterns, both on what the reader writes rather than on the article:

* **A declaration** ("off topic but ...", "OT:", "سؤال خارج الموضوع"): a comment that opens by
  saying it is off-topic is, whatever the model thinks (it ranks "Is the museum open on
  Fridays?" under a festival story as on-topic).
* **A question to the other readers** ("حدا بيعرف ...؟", "مين عنده خبر ...؟", "7ada bya3ref",
  "Does anyone know ...?"): the comment section used as a help desk - where to renew a passport,
  a good dentist in Irbid, whether the Dead Sea road is open.  Such a question about the story
  itself is on-topic ("حدا بيعرف اذا المباريات الجاية رح تكون بدون جمهور؟" under the match
  report), so the cue alone decides nothing: ``service.policy.off_topic`` rejects a reader
  question only when the relevance model already leans off-topic (``READER_QUESTION_P``).

Cues are matched on the normalised text (``Context.norm``: alef forms, hamza, taa marbuta and
letter runs folded) for Arabic script, and on the lowercased comment for English and Arabizi
(whose digits the normaliser partly rewrites).
"""

from __future__ import annotations

import re

from model.verdict import Context, Span

# Only at the start, and not after a negation ("not off topic"); a declaration goes on: a colon,
# a comma, a dash or "but" - not a question ("Off topic? No, ...") or a quote.
_DECLARED = re.compile(
    r"^[^\w\"'«“]*(?:(?:sorry|apologies|excuse\s+me)\W+)?"
    r"(?:(?:a\s+bit|slightly|bit|totally|completely|شوي|شوية)\s+)?"
    r"(?:off[\s-]?topic|ot|unrelated(?:\s+question)?|not\s+related\s+to\s+(?:the|this)\s+"
    r"(?:article|story|topic|news)"
    r"|(?:(?:عذرا|معلش|اسف|سامحوني)\W+)?(?:سوال\s+|بس\s+)?(?:خارج|بعيدا?\s+عن|برا|بره)\s+"
    r"(?:عن\s+)?(?:ال)?موضوع(?:نا)?)"
    r"(?!\w)\s*(?:[:,\-–—؛،]|\bbut\b|بس(?!\w)|لكن(?!\w))"
)

# "someone/who + knows/has news/tried", "I want to ask", "please (all of you)", in Jordanian
# dialect and MSA, after normalisation (أحد -> احد, أسأل -> اسال).
_ASK_AR = re.compile(
    r"(?<!\w)(?:"
    r"(?:حدا|حد|احد|مين|من)\s+(?:(?:بي|ب|ي)عرف|عنده\s+خبر|عندو\s+خبر|جرب|بيقدر\s+يساعد|"
    r"بقدر\s+يساعد|ب?يفيدني|يفيدنا)"
    r"|بدي\s+اسال|حابب\s+اسال|ممكن\s+(?:حدا|حد|احد)"
    r"|لو\s+سمحتوا?"
    r")(?!\w)"
)
_ASK_LATIN = re.compile(
    r"\b(?:"
    r"(?:does\s+|do\s+)?any\s?(?:one|body)\s+(?:here\s+)?(?:know|knows|got|have|has|tried|"
    r"going|heard)"
    r"|can\s+(?:some|any)\s?(?:one|body)\s+(?:explain|tell|help|recommend|confirm)"
    r"|who(?:'s|\s+is)\s+going\b|quick\s+question"
    # Arabizi: 7ada/meen + bya3ref/bi3raf/3indo khabar, bdi as2al, law sama7to
    r"|(?:7ada|7ad|meen|min)\s+(?:b?[iy]?a?3[ae]?r[ae]?f|3[ae]ndo\s+5abar|3[ae]ndo\s+khabar|"
    r"jarrab|jarab)"
    r"|bd[iy]\s+as2al|law\s+sama7t[ou]"
    r")\b",
    re.IGNORECASE,
)
_QUESTION = re.compile(r"[?؟]")


def declared_off_topic(norm_text: str) -> tuple[int, int] | None:
    """The span of a normalised comment's opening declaration that it is off-topic, if any."""
    m = _DECLARED.search(norm_text[:80])
    return (m.start(), m.end()) if m else None


def reader_question(ctx: Context) -> Span | None:
    """Where a comment asks the other readers a question ("حدا بيعرف ...؟", "anyone know"), if it
    does: a cue and a question mark (the comment's topic is for the caller to judge)."""
    comment = ctx.submission.comment
    if not _QUESTION.search(comment):
        return None
    m = _ASK_AR.search(ctx.norm.text)
    if m:
        return ctx.span(m.start(), m.end())
    m = _ASK_LATIN.search(comment)
    if m:
        return Span(m.start(), m.end(), comment[m.start():m.end()])
    return None
