"""Warm mentions of a group: the strife model may not send them to review on its own.

The policy forbids stirring up sectarian or racial strife, not naming a people: "Egyptian workers
built half of Amman, they deserve fair pay", "العمال المصريين ناس محترمين وتعبانين", "المريض مريض،
سواء اردني او سوري، الكل بيستاهل العلاج".  The strife classifier learned from tweets where a
nationality or sect next to strong words is mostly hate, so it scores such comments 0.2-0.6 and
sends them to a moderator.  :class:`WarmMentionGuard` wraps the classifier check and caps its
strife score under the review threshold (``caps["strife"] = "review"``) when

* the comment names a group (a ``group`` noun of ``strife_patterns.tsv``),
* a word of respect or sympathy for people (``WARM``: deserve, respect, dignity, بيستاهلوا،
  حقهم، محترمين، تعبانين) stands in the same sentence as the group, with no negation in the two
  words before it ("don't deserve", "ما بيستاهلوا"), or both faiths are named together as one
  people (``INCLUSIVE``, 2026-12-07: "young people, Christians and Muslims, who ..."), and
* no contrast follows the warm word ("I respect Syrians, they are our brothers, but ...",
  "السوريين اخوانا بس ..."): respect put first to excuse what comes after is the classic
  preface of a generalisation, so the model's score stands, and
* the strife rules find nothing at all in the comment (no slur, frame, blame, call or slogan:
  "Syrians took our jobs, respect to nobody" keeps the model's score).

The rules still reject on their own, and the other categories are untouched.  On the tuning rows
(``training.tune_operating_points``) the condition holds for 8 comments: 7 acceptable (strife
P 0.06-0.44) and an insult to a teacher (no strife); every strife violation with such a word also
had a rule cue.  The group and the warm word must share a sentence, or the warm word stands in
the next one when it opens with "they" ("... Syrians, Egyptian workers. They all deserve clean
streets", 2026-12-07): "Egyptian workers built half of Amman. Respect to them" is not covered
(kept narrow on purpose).  A negation split at its apostrophe ("don't" -> "don", "t") and an
object that takes the word back ("they deserve nothing") are no warm words.

A prayer that names no group (``supplication``: "اللهم ردهم الى ديارهم ردا جميلا", for
refugees going home) is held the same way, below the reject threshold.

A wider net only keeps the model from **rejecting** on its own (``caps["strife"] = "reject"``: it
can still send the comment to a moderator): a word of defence or solidarity in a sentence that
names a group (``DEFENCE``: "Jesus is honoured in Islam too"), a phrase that clears the group
named before it (``EXONERATING``: "they are not the problem", ما إلهم ذنب) or one of solidarity
in the clause that names it (``SOLIDARITY``: "spare a thought for the Egyptian workers"), under
the same conditions (no negation before it, no contrast after it, no strife rule cue), a phrase
neither asked ("ما الهم ذنب؟") nor followed by another group ("the Syrians are not the problem
the Egyptians are").  Words that attack as often as they defend stay out (thanks, shame, love,
innocent, عيب، يخجل، تعميم: "thanks to the Syrians we have no jobs", "بدون تعميم ...").
Measured (a throwaway script over ``collect_tuning``'s evidence, tenth session): every tuning
row covered with a strife P of 0.3 or more is acceptable, two of them at P 0.60-0.91, which the
tuner had kept under the reject point by raising it for every comment.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from service.core import CheckResult, Context
from service.policy.guard import CheckGuard
from service.policy.rules import OffenseRules, StrifeRules
from service.policy.rules.common import cached_find, tokens_of
from service.policy.rules.strife import STRIFE_PATTERN_MATCHES, strife_patterns

CATEGORY = "strife"
# Normalised forms (taa marbuta folded to ه).
WARM = frozenset(
    ["respect", "respected", "deserve", "deserves", "dignity", "welcomed", "welcoming", "hosted",
     "rights", "brothers", "sisters", "hardworking", "hard-working", "decent", "honest",
     "يستاهلوا", "بيستاهلوا", "يستاهل", "بيستاهل", "يستحقوا", "يستحق", "حقهم", "يعينهم", "بعونهم",
     "اخوانا", "اخوتنا", "اخواننا", "احترام", "نحترم", "محترمين", "بكرامه", "كرامه",
     "يستفيدوا", "يشملهم",
     "يكرمهم", "تعبانين", "مساكين", "مظلومين", "شغيلين", "طيبين", "كرماء", "نشامي", "اوادم",
     "شغيله",
     # a welcome ("اهلا وسهلا بالمربين ... والاخوة السوريين"); not "welcome", said in scorn
     # too ("Syrians are welcome to go back home"), nor "الاخوة", a preface to blame as often
     "اهلا", "وسهلا",
     # groups as victims ("السنة والشيعة والمسيحيون عانوا من داعش")
     "victims", "suffered", "عانوا", "بيعانوا", "يعانوا", "يعانون", "ضحايا"]
)  # fmt: skip
# Defence and solidarity: enough to hold back the model's rejection, not its review.  Words
# that attack as often (love, innocent, neighbours, racism, تعميم) stay out: "I would love to see
# every Syrian leave", "بدون تعميم المصريين كلهم ...".
DEFENCE = WARM | frozenset(
    ["honoured", "honored", "heritage", "solidarity", "grateful", "together", "generalise",
     "generalize", "generalising", "generalizing", "اهلنا", "عنصريه", "نسيج",
     # others' comments called racist ("اللي عم يعلقوا على الخليجيين بعنصرية")
     "بعنصريه"]
)  # fmt: skip
# Phrases that clear the group named before them ("the workers are not the problem") and
# phrases of solidarity with a group in their own clause ("spare a thought for the workers").
EXONERATING = ("not the problem", "مش المشكله", "ما الهم ذنب", "ما الهم دخل", "مش ذنبه",
               "مش ذنبهم", "مالهم ذنب",
               # a vice denied ("الخيانه مش من طبعهم"); a virtue denied is a strife frame,
               # which turns this guard off
               "مش من طبعهم",
               # "السوري اللي عاش معنا مش عدو": not the enemy
               "مش عدو", "مش عدونا", "مش اعداء", "مش اعدائنا", "not the enemy", "not our enemy",
               "not enemies",
               # blame the one, not the people ("حاسبوا المهرب مش شعب كامل")
               "مش شعب كامل", "مش شعب بكامله", "مش شعب بحاله", "not a whole people",
               "not a whole nation")
# A crime said to have no nationality or religion, closing the comment, clears every group named
# before it, in any sentence ("بلاش نحط الحق على اللاجئين ... السرقة ما الها جنسية"); "Crime has
# no nationality, so deport them" goes on.
NO_NATIONALITY = ("ما الها جنسيه", "مالها جنسيه", "ما الها دين", "has no nationality",
                  "has no religion")
SOLIDARITY = ("one family", "spare a thought", "same boat", "عيله وحده", "عائله وحده",
              "وحده وطنيه",
              # all in the same trouble ("الاردنيين والسوريين والمصريين كلهم بنفس المصيبة")
              # not "نفس المصيبه" without "in": "كلهم نفس المصيبه على البلد" is an insult
              "بنفس المصيبه", "بنفس الهم", "بنفس القارب", "in the same mess",
              # the group as victims ("ولاد سوريين ومصريين بيتعرضوا لتنمر اكتر من غيرهم"); not
              # تعرض alone, which also means "to harass" ("بيتعرضوا للبنات")
              "تعرضوا لتنمر", "تعرضوا للتنمر", "تعرضوا لعنصريه", "تعرضوا للعنصريه",
              "تعرضوا لظلم", "تعرضوا للظلم", "تعرضوا لاعتداء", "تعرضوا للاعتداء")
# The two faiths named together as one people: "young people, Christians and Muslims, who
# studied hospitality" (set off by commas, a list of who is meant) or with a word of togetherness
# ("مسلمين ومسيحيين عايشين مع بعض").  Words that separate ("each their own", "stay away from")
# take it back, as do a negation next to the pair and a contrast after it.
INCLUSIVE = ("christians and muslims", "muslims and christians", "christian and muslim",
             "muslim and christian", "مسلمين ومسيحيين",
             "مسيحيين ومسلمين", "المسلمين والمسيحيين", "المسيحيين والمسلمين", "مسلم ومسيحي",
             "مسيحي ومسلم")
_INCLUSIVE = re.compile("|".join(map(re.escape, INCLUSIVE)))
TOGETHER = frozenset(
    ["together", "alike", "both", "same", "brothers", "family", "neighbours", "neighbors",
     "مع", "سوا", "سوى", "سويه", "اخوه", "اخوان", "اخوات", "كلنا", "عايشين", "عيله", "واحد",
     "اهل", "جيران"]
)  # fmt: skip
APART = frozenset(
    ["each", "own", "away", "apart", "separate", "separately", "never", "لحال", "لحالهم",
     "لحاله", "بعاد", "يبعدوا", "ينفصلوا", "منفصلين"]
)  # fmt: skip
NEGATIONS = frozenset(
    ["not", "don't", "dont", "doesn't", "didn't", "isn't", "aren't", "wasn't", "weren't",
     "won't", "can't", "cannot", "never", "no", "nor", "none",
     "t",  # the tokens split a contraction at its apostrophe: "don't" -> "don", "t"
     "مش", "ما", "مو", "ليس", "لا", "بلا", "ولا", "بدون"]
)  # fmt: skip
# Contrast markers after the warm word; "بس" also means "only" but after a warm word it is
# mostly "but" ("محترمين بس ...").
CONTRASTS = frozenset(
    ["but", "however", "yet", "though", "although", "bas", "bs", "walakin", "lakin",
     "بس", "لكن", "لاكن", "ولكن", "بينما", "الا", "انما"]
)  # fmt: skip
_THEY = frozenset(["they", "هم", "همه", "كلهم"])
# A warm word's object that takes it back: "they deserve nothing", "deserve no help".
_NOTHING = frozenset(["nothing", "no", "none", "zero"])
_WORD = re.compile(r"\w")
_SENTENCE_BREAK = re.compile(r"[.!?؟\n;؛]")
_CLAUSE_BREAK = re.compile(r"[.!?؟\n;؛,،:]")
_MENTIONS = "_warm_mentions"
_EDGE = ".,!?:;،؟؛\"'()"


def warm_mention(ctx: Context, strife_rules: StrifeRules) -> bool:
    """Whether the comment speaks warmly of a group it names, with no strife cue anywhere."""
    return _mentions(ctx, strife_rules)[0]


def defended_group(ctx: Context, strife_rules: StrifeRules) -> bool:
    """Whether the comment defends or stands with a group it names (no strife cue)."""
    return _mentions(ctx, strife_rules)[1]


def _mentions(ctx: Context, strife_rules: StrifeRules) -> tuple[bool, bool]:
    """(warm mention, defended group), read once per comment and rule set."""
    cached = ctx.__dict__.get(_MENTIONS)
    if cached is not None and cached[0] is strife_rules:
        return cached[1]
    found = _read(ctx, strife_rules)
    ctx.__dict__[_MENTIONS] = (strife_rules, found)
    return found


def _read(ctx: Context, strife_rules: StrifeRules) -> tuple[bool, bool]:
    groups = [m for m in cached_find(ctx, STRIFE_PATTERN_MATCHES, strife_patterns())
              if m.entry.category == "group" and m.first >= 0]
    if not groups:
        return False, False
    tokens = tokens_of(ctx)
    text = ctx.norm.text
    sentence, sid = [], 0
    for k, tok in enumerate(tokens):
        if k and _SENTENCE_BREAK.search(text[tokens[k - 1].end:tok.start]):
            sid += 1
        sentence.append(sid)
    group_sentences = {sentence[m.first] for m in groups if m.first < len(sentence)}
    words = [t.text.strip(_EDGE) for t in tokens]
    # A sentence that opens with "they" goes on about the groups just named ("... Syrians,
    # Egyptian workers. They all deserve clean streets").
    group_sentences |= {sentence[k] for k, w in enumerate(words)
                        if w in _THEY and sentence[k] - 1 in group_sentences
                        and (k == 0 or sentence[k - 1] != sentence[k])}

    def cue_at(vocabulary: frozenset[str]) -> list[int]:
        return [k for k, w in enumerate(words)
                if w in vocabulary and sentence[k] in group_sentences
                and not NEGATIONS.intersection(words[max(0, k - 2):k])
                and not _NOTHING.intersection(words[k + 1:k + 2])]

    def stands(found: list[int]) -> bool:
        return bool(found) and not CONTRASTS.intersection(words[min(found) + 1:])

    warm = stands(cue_at(WARM)) or _inclusive(text, tokens, words)
    defended = warm or stands(cue_at(DEFENCE))
    if not defended:
        defended = _phrase_defends(text, tokens, words, groups) or _rebukes_speakers(text)
    if not defended or strife_rules(ctx).scores.get(CATEGORY, 0.0):
        return False, False
    return warm, defended


# A comment that opens as a supplication ("اللهم ردهم الى ديارهم ردا جميلا", "يا رب فرج
# عنهم"): the strife model read "return them to their homes" as a call to expel.
_PRAYER = re.compile(r"^\W*(?:اللهم|يا\s?رب)(?!\w)")


def supplication(ctx: Context, strife_rules: StrifeRules) -> bool:
    """Whether the comment is a prayer that names no group and no strife rule fires on."""
    if not _PRAYER.match(ctx.norm.text):
        return False
    if any(m.entry.category == "group" and m.first >= 0
           for m in cached_find(ctx, STRIFE_PATTERN_MATCHES, strife_patterns())):
        return False
    return not strife_rules(ctx).scores.get(CATEGORY, 0.0)


def _inclusive(text: str, tokens: Sequence, words: list[str]) -> bool:
    """Both faiths named together, in a list set off by commas or with a word of togetherness
    in their sentence, and no separating word, negation next to it or contrast after it."""
    for m in _INCLUSIVE.finditer(text):
        k = next((j for j, t in enumerate(tokens) if t.end > m.start()), len(tokens) - 1)
        after = k + len(m.group().split())
        stop = _SENTENCE_BREAK.search(text, m.end())
        start = max((b.end() for b in _SENTENCE_BREAK.finditer(text, 0, m.start())), default=0)
        sentence = {w for j, w in enumerate(words)
                    if start <= tokens[j].start and (stop is None or tokens[j].end <= stop.start())}
        listed = (text[:m.start()].rstrip().endswith((",", "،"))
                  and text[m.end():].lstrip().startswith((",", "،")))
        if ((listed or TOGETHER & sentence) and not APART & sentence
                and not NEGATIONS.intersection(words[max(0, k - 2):k] + words[after:after + 4])
                and not CONTRASTS.intersection(words[k + 1:])):
            return True
    return False


def _phrase_defends(text: str, tokens: Sequence, words: list[str], groups: Sequence) -> bool:
    """A defending phrase: an exonerating one after the group it clears, with no group after
    it ("the Syrians are not the problem, the Egyptians are" moves the blame), or one of
    solidarity in the clause that names the group, no group in another clause ("السوريين ضيعوا
    البلد، الاردنيين عيله وحده"); neither negated, asked ("ما الهم ذنب؟") or contradicted."""
    clause, cid = [], 0
    for k, tok in enumerate(tokens):
        if k and _CLAUSE_BREAK.search(text[tokens[k - 1].end:tok.start]):
            cid += 1
        clause.append(cid)
    at_group = [m.first for m in groups if m.first < len(tokens)]
    for phrases, exonerating in ((EXONERATING, True), (SOLIDARITY, False), (NO_NATIONALITY, None)):
        for phrase in phrases:
            at = text.find(phrase)
            if at < 0:
                continue
            k = next((j for j, t in enumerate(tokens) if t.end > at), len(tokens) - 1)
            end = at + len(phrase)
            stop = _SENTENCE_BREAK.search(text, end)
            if (NEGATIONS.intersection(words[max(0, k - 2):k])
                    or "?" in text[end:stop.end() if stop else None]
                    or "؟" in text[end:stop.end() if stop else None]
                    or CONTRASTS.intersection(words[k + 1:])):
                continue
            if exonerating is None:  # and it closes the comment: nothing said after it
                ok = any(g < k for g in at_group) and not _WORD.search(text[end:])
            elif exonerating:
                ok = any(g < k and clause[g] == clause[k] for g in at_group) and not any(
                    g > k for g in at_group)
            else:
                ok = any(clause[g] == clause[k] for g in at_group) and all(
                    clause[g] == clause[k] for g in at_group)
            if ok:
                return True
    return False


# Counter-speech: "whoever says X about a group" rebuked in the same or the next sentence ("اللي
# بيحكي انه السوريين جابوا المرض عيب عليه", "اللي بيوصف اهل المخيم بانهم عالة لازم يخجل من
# حاله", "anyone who blames the refugees should be ashamed").  The model reads the quoted
# generalisation as the writer's; the rebuke takes it back.  The rebuke words alone attack as
# often ("عيب على ..."), so they count only after such an opener (twenty-fifth session).
_SPEAKERS = re.compile(
    r"(?<!\w)(?:(?:اللي|الي|يلي|كل\s+واحد|كل\s+مين|مين|من)\s+(?:عم\s+)?"
    r"(?:بيحكي|بحكي|يحكي|بيحكو|بيقول|بقول|يقول|بيقولوا|بيوصف|بوصف|يوصف|بيكتب|بكتب|يكتب"
    r"|بيعلق|بعلق|يعلق|بيلوم|بلوم|يلوم|بيتهم|بتهم|يتهم|بيحط|بحط|يحط)"
    r"|(?:whoever|anyone\s+who|those\s+who|people\s+who|the\s+ones\s+who)\s+"
    r"(?:says?|blames?|calls?|writes?|claims?|accuses?))(?!\w)")
_REBUKE = re.compile(
    # not "ناسي انهم ...", which goes on to the charge itself ("ناسي انهم بيهربوا مخدرات")
    r"(?<!\w)(?:عيب\s+عليه|عيب\s+عليهم|يخجل|يستحي|يستحوا|يخجلوا"
    r"|(?:ناسي|ناسيين)(?!\s+(?:انهم|انها|انهن)(?!\w))|غلطان|غلطانين"
    r"|مخطئ|عنصري|عنصريين|ظالم|ظالمين|ashamed|shame\s+on|is\s+wrong|are\s+wrong"
    r"|racist|unfair)(?!\w)")


# Words that show the rebuked speakers were *defending* the group ("اللي بيقول انه السوريين
# ضيوف ناسي ...", "whoever says refugees are welcome is wrong"): rebuking them is the strife.
_DEFENDERS_SAID = frozenset(["welcome", "guests", "belong", "innocent", "ضيوف", "حقوق", "مظلومين",
                             "مظلومه"])


def _rebukes_speakers(text: str) -> bool:
    """Whether the comment opens a clause on those who say something and rebukes them in that
    sentence or the next (:data:`_SPEAKERS`, :data:`_REBUKE`): not a negated rebuke ("مش
    ظالم"), not one of speakers quoted defending the group, and no contrast after it."""
    for m in _SPEAKERS.finditer(text):
        first = _SENTENCE_BREAK.search(text, m.end())
        second = _SENTENCE_BREAK.search(text, first.end()) if first else None
        span = text[m.end():second.start() if second else None]
        rebuke = _REBUKE.search(span)
        if rebuke is None:
            continue
        said = span[:rebuke.start()].split()
        if (NEGATIONS.intersection(said[-2:])
                or set(said) & (WARM | DEFENCE | _DEFENDERS_SAID)
                or CONTRASTS.intersection(span[rebuke.end():].split())):
            continue
        return True
    return False


class WarmMentionGuard(CheckGuard):
    """Wraps the classifier check; caps its strife score on warm mentions of a group."""

    def __init__(self, inner, strife_rules: StrifeRules | None = None,
                 offense_rules: OffenseRules | None = None):
        super().__init__(inner)
        self.strife_rules = strife_rules if strife_rules is not None else StrifeRules()
        # With the offense rules, a warm mention that trips none of them also keeps the offense
        # model from sending it to review on its own: the model reads the group names ("السنة
        # والشيعة والمسيحيون ... عانوا من داعش") as the insult (twenty-first session).
        self.offense_rules = offense_rules

    def _guard(self, ctx: Context, result: CheckResult) -> CheckResult:
        if CATEGORY not in result.probabilities:
            return result
        caps = dict(result.caps)
        capped = {CATEGORY}
        if warm_mention(ctx, self.strife_rules):
            guard, cap = "warm mention", "review"
            if (self.offense_rules is not None and "offense" in result.probabilities
                    and not self.offense_rules(ctx).scores):
                caps["offense"] = "review"
                capped.add("offense")
        elif defended_group(ctx, self.strife_rules):
            guard, cap = "defended group", "reject"
        elif supplication(ctx, self.strife_rules):
            guard, cap = "prayer", "reject"
        else:
            return result
        reasons = [replace(r, params={"guard": guard, **r.params})
                   if r.code in capped and r.source == "model" else r for r in result.reasons]
        if result.caps.get(CATEGORY) == "review":
            cap = "review"  # a stricter cap from the wrapped check stands
        return replace(result, reasons=reasons, caps={**caps, CATEGORY: cap})
