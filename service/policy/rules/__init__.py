"""Rule checks: offense, strife, spam, duplicates and the moderators' word lists.

Every check implements :class:`service.core.Check` and reports evidence as spans of the
ORIGINAL comment (``comment[span.start:span.end] == span.text``), mapped back from the
normalised text through ``ctx.span``.  Lexicons live in ``data/*.tsv`` (see
:mod:`service.policy.lexicon` for the columns and affix flags).

Scoring table (the core takes, per category, the maximum over all checks; the default review /
reject thresholds are 0.45 / 0.80 for offense, 0.40 / 0.80 for strife, 0.50 / 0.85 for spam).
"Aimed" means addressed to someone (after a vocative or second-person cue: يا، انت، you, ur) or
said of someone: after a person, role, institution or people named before it (الحكم كان حمار،
الحكومة كلها حرامية), after a collective noun (شوية كلاب، "a bunch of idiots"), an English
copula ("whoever did this is an idiot"), a relative pronoun (اللي كتب هالقانون حمار), with
another insult (كذاب ونصاب), or as a sentence of its own ("Incompetent fool.").  Aiming raises a
term one severity level; vocative-only entries (تافه، "dog") count only when aimed.  Literal
(الكلاب الضالة، على الحمير، "a stray dog"), idiomatic (حمار الطاحونة) and self-mocking (انا حمار
شغل) uses are dropped; criticism words (فاشل) and thing words (زبالة، "garbage") are aimed only
by a direct address or a named person (:mod:`service.policy.rules.offense`).

  offense  severity 3 term, or severity 2 aimed ...................... 0.95  reject
  offense  severity 2 term, or severity 1 aimed ...................... 0.85  reject
  offense  severity 1 term ........................................... 0.55  review
  offense  two / three or more distinct severity-1 terms ............. 0.70 / 0.85
           (distinct by lexicon entry: حمار and الحمير are one term)
  offense  offensive commenter name (Reason.field="name") ............ as the term
  strife   slur or origin code word of severity 3 / 2 / 1
           (روافض / بلجيك، جماعة الوطن البديل / صفوي) ............... 0.95 / 0.85 / 0.55
  strife   group noun + call to harm, expel or curse ................. 0.95  reject
  strife   group noun + dehumanising or generalising predicate ....... 0.90  reject
  strife   group noun + generalising frame later in the comment
           ("that's who they are", كلهم هيك، شعب ما بعرف غير ياخذ) .... 0.90  reject
  strife   group noun + blame later in its sentence (خربوا السوق،
           سبب الغلاء، "take our jobs") ............................... 0.90  reject
  strife   the same three with an ambiguous group noun (السنه, whites,
           Wehdat fans), unless the frame denies a people its
           Jordanian-ness (مش اردنيين) ................................ 0.60  review
  strife   exclusion call to their origin, imperative (رجعوهم لبلادهم،
           ارجعوا عالمخيمات، "go back where you came from") ............ 0.90  reject
           (0.95 when the comment names a group)
  strife   exclusion call with a modal (لازم يرجعوا لبلدهم), a nativist
           slogan (الاردن للاردنيين, "Jordan for Jordanians") .......... 0.60  review
  strife   a slogan that calls fellow citizens guests or not original
           (البلد لاهلها الاصليين مش للضيوف) with a group named ........ 0.90  reject
  strife   two different strife cues in a comment naming a group, or an
           explicit call with a frame or slogan and no group ......... 0.90  reject
  strife   explicit call to harm with no group (اطردوهم, send them back,
           kick them all out, send all of them back),
           or generalising pronoun + predicate or frame (كلهم خونه) ... 0.60  review
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

Strife patterns fire only when a group noun (a people, sect, religion, nationality or origin)
meets a generalising, dehumanising, blaming or harmful cue, so neutral mentions ("Sunni and Shia
leaders met", "المسيحيون يحتفلون") never fire on the group noun alone; a group after the writer's
own "we" (احنا الاردنيين) is no target.  Frames, blame and generalisations are blocked by a
negation right before them, by words that condemn or refute the generalisation in their sentence
(عنصرية، مش كلهم، "racist", "not true"), by a report of the claim before them ("some people
say"), by praise right after them (كلهم هيك كرماء), and inside a quotation after a reporting verb
("the one saying 'send them back'"); a return made conditional or voluntary (لما تستقر،
طوعيا، "when it is safe") is no exclusion call (:mod:`service.policy.rules.strife`).
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
