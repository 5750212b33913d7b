"""Rule checks: offense, strife, spam, duplicates and the moderators' word lists.

Every check implements :class:`service.core.Check` and reports evidence as spans of the
ORIGINAL comment (``comment[span.start:span.end] == span.text``), mapped back from the
normalised text through ``ctx.span``.  Lexicons live in ``data/*.tsv`` (see
:mod:`service.policy.lexicon` for the columns and affix flags).

Scoring table (the core takes, per category, the maximum over all checks; the default review /
reject thresholds are 0.45 / 0.80 for offense, 0.40 / 0.80 for strife, 0.50 / 0.85 for spam).
"Addressed" means after a vocative or second-person cue (يا، انت، you, ur), which raises a
term one severity level (vocative-only entries such as تافه or "dog" included).

  offense  severity 3 term, or severity 2 addressed .................. 0.95  reject
  offense  severity 2 term, or severity 1 addressed .................. 0.85  reject
  offense  severity 1 term ........................................... 0.55  review
  offense  two / three or more distinct severity-1 terms ............. 0.70 / 0.85
           (distinct by lexicon entry: حمار and الحمير are one term)
  offense  offensive commenter name (Reason.field="name") ............ as the term
  strife   slur of severity 3 / 2 / 1 ................................ 0.95 / 0.85 / 0.55
  strife   group noun + call to harm, expel or curse ................. 0.95  reject
  strife   group noun + dehumanising or generalising predicate ....... 0.90  reject
  strife   the same with an ambiguous group noun (السنه, whites) ..... 0.60  review
  strife   explicit call to harm with no group (اطردوهم, send them back,
           kick them all out, send all of them back),
           or generalising pronoun + predicate (كلهم خونه) ........... 0.60  review
  spam     URL alone, phone number alone ............................. 0.60  review
  spam     shortener or messenger link alone (bit.ly, t.me, wa.me) ... 0.80  review
  spam     e-mail address alone / @handle alone ...................... 0.50 / 0.40
  spam     contact channel + one other cue (promo, contact phrase,
           messenger name, price, shouting) .......................... 0.80  review
  spam     contact channel + two or more such cues (URL + promo) ..... 0.95  reject
  spam     two kinds of contact channel (URL + phone) ................ 0.90  reject
  spam     contact phrase + messenger name (للتواصل واتس) ............ 0.85  reject
  spam     commercial cues worth 2 / 3 / 4+ .......................... 0.50 / 0.60 / 0.85
  spam     commercial cues worth 2+ and a contact phrase ............. 0.85  reject
  spam     contact phrase alone (للتواصل) ............................ 0.40
  spam     letter/emoji/word repetition or ALL CAPS / both ........... 0.45 / 0.55
  spam     link in the commenter's name / phone in the name .......... 0.85 / 0.60
  spam     same text already submitted twice or more recently ........ 0.90  reject
  lists    banned word ............. offense 1.0 and Reason(code="banned_word", score=None)
  lists    suspect word ............ hold=True and Reason(code="suspect_word", score=None)

Commercial cues: a strong promotional phrase ("buy now", اطلب الان) is worth 2, a weak word
("discount", خصم) 1, and prices count 1 in all, because prices are everyday news.

Spaced-out links ("w w w . x . com", "example (dot) com") count as URLs.  "تواصل" (also
"continues") is a contact phrase only next to a channel (واتس، رقم، خاص, a phone), and "رابط"
(link) a promotional word only next to a link.

Harm words that are no call by themselves (verbal nouns: طرد، ترحيل، تهجير، expulsion,
deportation) count as a call to harm only after a call cue (يجب، لازم، نطالب، يا ريت, should,
we need) or before a verdict (هو الحل, is necessary).  Condemnation, opposition or negation in
front of any harm cue (ندين، نرفض، ضد، لا يجب, condemn, oppose, don't) blocks it, so "ندين
تهجير المسيحيين" and "we condemn the expulsion of Christians" are news, not strife.  Singular
predicates (حرامي, "a criminal") need a generalising cue (كل سوري, شعب, every).

Strife patterns fire only when a group noun (a people, sect, religion or nationality) meets a
generalising, dehumanising or harmful cue next to it in the same sentence, so neutral mentions
("Sunni and Shia leaders met", "المسيحيون يحتفلون") never fire on the group noun alone.
"""

from service.policy.rules.common import SEVERITY_SCORE
from service.policy.rules.duplicates import (
    DUPLICATE_SCORE,
    DuplicateRules,
    fingerprint,
    fingerprint_normalized,
)
from service.policy.rules.offense import OffenseRules, offense_lexicon
from service.policy.rules.spam import SpamRules, spam_lexicon, spam_score
from service.policy.rules.strife import StrifeRules, strife_lexicon, strife_patterns
from service.policy.rules.wordlists import WordListCheck, WordLists

__all__ = [
    "DUPLICATE_SCORE",
    "SEVERITY_SCORE",
    "DuplicateRules",
    "OffenseRules",
    "SpamRules",
    "StrifeRules",
    "WordListCheck",
    "WordLists",
    "fingerprint",
    "fingerprint_normalized",
    "offense_lexicon",
    "spam_lexicon",
    "spam_score",
    "strife_lexicon",
    "strife_patterns",
]
