"""The cues of the strife check: call, harm and block vocabulary, exclusion calls, helpers.

Kept apart from :mod:`service.policy.rules.strife`, which combines the cues into scores.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from model.normalize import Token

SENTENCE_BREAK = re.compile(r"[.!?؟\n;؛]")

_EN_MODAL_HARM = re.compile(
    r"\b(?:should|must|need to|needs to|ought to|have to|has to|deserve to|deserves to|gotta)"
    r"\s+(?:all\s+)?(?:be\s+)?(?:killed|deported|expelled|exterminated|gassed|hanged|hung|shot"
    r"|burned|burnt|banned|kicked out|sent back|thrown out|wiped out|eliminated|slaughtered"
    r"|executed|die|burn|rot in hell)\b"
)
_EN_SEND_BACK = re.compile(r"\b(?:send|ship|kick)\s+(?:\w+\s+){1,3}(?:back|out)\b")
# "send all of them back", "kick them all out": an imperative with only pronouns and
# quantifiers before its particle is an explicit call even when no group is named.
_EN_PHRASAL_CALL = re.compile(
    r"\b(?:send|ship|kick|throw|wipe|drive|chase|boot)"
    r"(?:\s+(?:them|em|all|of|those|these|these\s+people|those\s+people)){1,3}"
    r"\s+(?:back|out)\b"
)
_AR_MODAL = re.compile(
    r"(?<!\S)[وف]?(?:يجب|لازم|لازمهم|لا بد من|لابد من|بدهم|بدنا|واجب|ضروري|الواجب)"
    r"\s+(?:ان\s+|انه\s+|يتم\s+|نشوف\s+|كلهم\s+)?(\w+)"  # the word, not its punctuation
)
_AR_HARM_NOUNS = frozenset(
    ["طرد", "ترحيل", "قتل", "ذبح", "حرق", "اباده", "ابادت", "تهجير", "اعدام", "سحق", "تصفيه",
     "تصفيت", "ابعاد", "نفي", "تسفير"]
)  # fmt: skip
_AR_HARM_VERBS = frozenset(
    ["يطردوا", "ينطردوا", "يتطردوا", "نطرد", "يترحلوا", "يرحلوا", "يتسفروا", "يتهجروا", "يطلعوا",
     "نقتل", "نذبح", "نحرق", "نبيد", "نرحل", "نسفر", "نهجر", "يطردو", "يرحلو", "يطلعو"]
)  # fmt: skip
_AR_DEATH_VERBS = frozenset(
    ["يموتوا", "ينقتلوا", "يتقتلوا", "ينذبحوا", "ينحرقوا", "ينبادوا", "يتبادوا", "ينعدموا"]
)
_QUANTIFIERS = frozenset(
    {"كل", "جميع", "all", "the", "every", "those", "these", "هدول", "هؤلاء", "el", "al", "il"}
)

# A harm word that is no call by itself (a verbal noun: طرد، تهجير، expulsion) is aimed at a
# group only after a call cue: a modal, a demand or a wish ("يجب طرد", "نطالب بترحيل",
# "يا ريت تهجير", "we need the deportation of"), or a verdict after it ("ترحيلهم هو الحل").
CALL_BEFORE = frozenset(
    ["يجب", "لازم", "لابد", "لا بد", "ضروري", "واجب", "الواجب", "بدنا", "بدي", "نريد",
     "ريت", "ياريت", "ليت", "نطالب", "يطالب", "اطالب", "نطالبكم", "ندعو", "ادعو", "الحل",
     "خلي", "خلينا", "خلونا", "خلوا", "خليهم", "خلوهم", "عسي",
     "should", "must", "need", "needs", "want", "demand", "demands", "urge"]
)  # fmt: skip
_CALL_AFTER = frozenset(
    ["ضروري", "ضروره", "واجب", "الحل", "حل", "مطلوب", "necessary", "needed", "solution",
     "overdue"]
)  # fmt: skip
# Condemnation, opposition or fear before a harm word blocks it ("ندين تهجير المسيحيين",
# "we condemn the expulsion of", "نحن ضد طرد"); negation blocks the call right after it
# ("لا يجب طرد", "مش لازم", "should not").
_BLOCKERS = frozenset(
    ["ندين", "ادين", "يدين", "تدين", "ادان", "ادانت", "ادانه", "ندد", "نندد", "يندد", "تندد",
     "نرفض", "ارفض", "يرفض", "ترفض", "رفض", "رفضت", "رفضوا", "رافض", "رافضين", "ضد",
     "بيرفضوا", "برفضوا", "يرفضوا", "بنرفض", "برفض", "بترفض", "رافضه", "يقاوموا", "قاوموا",
     "يستنكر", "نستنكر", "استنكر", "استنكرت", "تستنكر", "استنكار", "عدم", "وقف", "ايقاف",
     "منع", "نوقف", "يوقف", "توقف", "يمنع", "نمنع", "تمنع", "جريمه", "جرائم", "ماساه",
     "حذر", "يحذر", "تحذر", "نحذر", "تحذير", "مخاوف", "خوف", "يخشي", "تخشي", "ضحايا",
     "condemn", "condemns", "condemned", "condemning", "condemnation", "denounce",
     "denounces", "denounced", "oppose", "opposes", "opposed", "opposing", "against",
     "reject", "rejects", "rejected", "protest", "protests", "protested", "stop", "stopped",
     "prevent", "prevented", "halt", "halted", "fear", "fears", "feared", "warn", "warns",
     "warned", "crime", "victims", "survivors"]
)  # fmt: skip
NEGATIONS = frozenset(
    ["لا", "ما", "مش", "مو", "ليس", "لن", "لم", "مب", "not", "no", "never", "t", "dont",
     "shouldnt", "mustnt", "cant", "wont"]
)  # fmt: skip
CLAUSE_BREAK = re.compile(r"[.!?؟\n;؛,،:]")
SINGULAR_OK = frozenset({"كل", "جميع", "every", "each", "any", "شعب", "people", "كلهم"})
_CALL_REACH = 3
_BLOCK_REACH = 5


def _ar_harm_weight(word: str) -> int:
    """0 when ``word`` is no harm verb; 2 for explicit ones (with an object or of death)."""
    stem = word[:-2] if word.endswith("هم") else word
    if word in _AR_DEATH_VERBS:
        return 2
    if stem in _AR_HARM_NOUNS or stem in _AR_HARM_VERBS:
        return 2 if stem != word else 1
    return 0


@dataclass(frozen=True, slots=True)
class Cue:
    kind: str
    weight: int
    first: int
    last: int
    start: int
    end: int


def sentence_ids(
    text: str, tokens: Sequence[Token], breaks: re.Pattern[str] = SENTENCE_BREAK
) -> list[int]:
    ids, current = [], 0
    for k, tok in enumerate(tokens):
        if k and breaks.search(text, tokens[k - 1].end, tok.start):
            current += 1
        ids.append(current)
    return ids


def word_in(word: str, words: frozenset[str]) -> bool:
    """Whether a token is one of ``words``, also after a leading و/ف ("وندين", "فلازم")."""
    return word in words or (word[:1] in ("و", "ف") and len(word) > 3 and word[1:] in words)


def called(cue: Cue, texts: Sequence[str], clause: Sequence[int], kinds: dict[int, str]) -> bool:
    """Whether a harm word is a call: a call cue before it or a verdict after its group."""
    for j in range(cue.first - 1, max(cue.first - 1 - _CALL_REACH, -1), -1):
        if clause[j] != clause[cue.first] or word_in(texts[j], _BLOCKERS):
            return False
        if j and f"{texts[j - 1]} {texts[j]}" in CALL_BEFORE:  # "لا بد" is no negation
            return not negated(texts, j - 1)
        if word_in(texts[j], CALL_BEFORE):
            return not negated(texts, j)
    # "ترحيل السوريين هو الحل": the verdict follows the group, past glue words; "ليس الحل",
    # "is not the solution" anywhere on the way denies it.
    for j in range(cue.last, min(cue.last + _CALL_REACH + 2, len(texts))):
        if clause[j] != clause[cue.first]:
            return False
        if word_in(texts[j], _CALL_AFTER):
            between = range(cue.last, j)
            return any(kinds.get(k) == "group" for k in between) and not any(
                word_in(texts[k], NEGATIONS) for k in between
            )
    return False


def blocked(cue: Cue, texts: Sequence[str], clause: Sequence[int], kinds: dict[int, str]) -> bool:
    """Whether condemnation or negation governs a harm cue ("ندين طرد", "don't kill")."""
    if negated(texts, cue.first):
        return True
    for j in range(cue.first - 1, max(cue.first - 1 - _BLOCK_REACH, -1), -1):
        # A group between the two means the blocker is about the group, not the call:
        # "انا ضد السوريين اطردوهم".
        if clause[j] != clause[cue.first] or kinds.get(j) == "group":
            return False
        if word_in(texts[j], _BLOCKERS):
            return True
        if word_in(texts[j], CALL_BEFORE) and negated(texts, j):
            return True
    return False


def negated(texts: Sequence[str], j: int) -> bool:
    return j > 0 and word_in(texts[j - 1], NEGATIONS)


def harm_reaches(harm: Cue, group: Cue, tokens: Sequence[Token], sentence: Sequence[int]) -> bool:
    """Whether a harm cue is close enough to a group noun to be aimed at it."""
    if sentence[harm.first] != sentence[group.first]:
        return False
    gap = max(group.first - harm.last, harm.first - group.last, 0)
    if harm.weight >= 2:
        # An explicit call ("اطردوهم", "kick them all out") is aimed at any group the same
        # sentence names.
        return True
    if gap == 0:
        return True
    # A weak cue reaches its group over quantifiers and "of" only: "kill all the Jews",
    # "الله يلعن كل ...", "the deportation of all Syrians", never "سبب الموت لدى اللاجئين".
    if gap <= 2:
        first = harm.last if group.first > harm.first else group.last
        return all(
            tokens[k].text in _QUANTIFIERS or tokens[k].text == "of"
            for k in range(first, first + gap)
        )
    return False


def token_range(tokens: Sequence[Token], start: int, end: int) -> tuple[int, int] | None:
    inside = [k for k, t in enumerate(tokens) if t.start < end and t.end > start]
    return (inside[0], inside[-1] + 1) if inside else None


def regex_harms(text: str, tokens: Sequence[Token]) -> list[Cue]:
    cues = []
    for rx, weight in ((_EN_MODAL_HARM, 1), (_EN_SEND_BACK, 1), (_EN_PHRASAL_CALL, 2)):
        for m in rx.finditer(text):
            rng = token_range(tokens, m.start(), m.end())
            if rng:
                cues.append(Cue("harm", weight, rng[0], rng[1], m.start(), m.end()))
    for m in _AR_MODAL.finditer(text):
        weight = _ar_harm_weight(m.group(1))
        rng = token_range(tokens, m.start(), m.end())
        if weight and rng:
            cues.append(Cue("harm", weight, rng[0], rng[1], m.start(), m.end()))
    return cues


# --- exclusion calls: "go back where you came from", رجعوهم لبلادهم ------------------------

# Where someone is sent "back" to: their country, the camps, the West Bank.  The destination
# itself says the people meant are foreigners or of another origin, so the call needs no
# group noun to be strife.
_AR_ORIGIN = (
    r"(?:[لب]?(?:بلاد|بلد|ديار|اوطان)(?:هم|هن|كم|كو|ك)"
    r"|(?:علي|الي)\s+(?:بلاد|بلد|ديار)(?:هم|هن|كم|كو)"
    r"|ع(?:بلاد|بلد)(?:هم|هن|كم|كو)"
    r"|(?:مطرح|محل|من وين|من حيث)\s+ما\s+(?:اجوا|اجو|اجيتوا|اجيتو|جم|جيتوا)"
    r"|من حيث (?:اتوا|جاءوا|جاوا|اتيتم)"
    r"|(?:علي ال|عال|لل|الي ال|ع)(?:مخيمات|مخيم|ضفه|خيم)"
    r"|(?:علي |الي |ع|ل)(?:مخيمات|مخيم|خيم)(?:كم|كو|هم)"
    r"|(?:علي |الي |ع|ل)(?:سوريا|سوريه|مصر|العراق|عراق|السودان|اليمن|فلسطين|غزه|الضفه|افريقيا"
    r"|درعا|حمص|حلب|الشام|دمشق|القاهره|الصعيد|بغداد"
    r"|الهند|بنغلادش|باكستان|الصومال|اثيوبيا|الفلبين)"
    r")(?!\w)"  # a word ends at a space or at punctuation (رجعوهم لبلادهم.)
)
# Imperatives: the call is in the verb itself.
_AR_RETURN_IMPERATIVE = (
    r"(?<!\S)[وف]?(?:ارجعوا|ارجعو|رجعوهم|رجعوهن|رجعوهم|رحلوهم|رحلوهن|سفروهم|سفروهن"
    r"|روحوا|روحو|اطلعوا|اطلعو|ارحلوا|ارحلو|طلعوهم|اطردوهم|ابعتوهم|شحنوهم"
    r"|ارجع|ارحل|روح|اطلع)"  # singular, to one reader: "اذا مش عاجبك ارجع لبلدك"
)
# Third-person forms: a call only after a call cue (لازم يرجعوا، خليهم يرجعوا).
_AR_RETURN_SUBJUNCTIVE = (
    r"(?<!\S)[وف]?(?:يرجعوا|يرجعو|يروحوا|يروحو|يرحلوا|يرحلو|يترحلوا|يترحلو|ينرحلوا"
    r"|يتسفروا|يتسفرو|ينطردوا|يطلعوا|يطلعو|ترجعوهم|نرجعهم|نرحلهم|يرجعوهم|يرحلوهم"
    r"|ترجعهم|ترحلهم|ترحيلهم|تسفيرهم|رجوعهم|عودتهم|طردهم|ترجيعهم|يتم ترحيلهم)"
)
_AR_BETWEEN = r"(?:\s+(?!لما|اذا|لحد|بعد)\S+){0,2}?\s+"
AR_EXCLUDE_STRONG = re.compile(_AR_RETURN_IMPERATIVE + _AR_BETWEEN + _AR_ORIGIN)
AR_EXCLUDE_CALLED = re.compile(_AR_RETURN_SUBJUNCTIVE + _AR_BETWEEN + _AR_ORIGIN)

_EN_DEST = (
    r"(?:where\s+(?:you|they|u)\s+(?:came|come)\s+from"
    r"|(?:your|their|ur)\s+(?:own\s+)?(?:country|countries|homeland|homelands|camps?|tents?)"
    r"|(?:the\s+)?camps?"
    r"|syria|egypt|iraq|sudan|yemen|palestine|gaza|the\s+west\s+bank|africa|india"
    r"|bangladesh|pakistan|somalia|ethiopia|the\s+philippines)\b"
)
EN_EXCLUDE_STRONG = re.compile(
    r"\b(?:go|get|run|head|crawl|piss\s+off|fuck\s+off|move|f\s+off)\s+(?:all\s+)?back\s+(?:to\s+)?"
    + _EN_DEST
    + r"|\b(?:send|ship|kick|deport|throw|put|chase|drive|boot)\s+(?:\w+\s+){0,3}?back\s+"
    r"(?:to\s+)?"
    + _EN_DEST
    # "home" only in a sentence-initial imperative: "the minister must go home" (resign) and
    # "schools should send them home early" are no calls to send people away.
    + r"|(?:^|(?<=[.!?;:,])\s*)(?:send|ship|deport|kick)\s+(?:them|em|those|these)"
    r"(?:\s+(?:people|all))?\s+home\b"
    + r"|\b(?:camps?|tents?|countries|country|desert)\s+where\s+(?:they|you|u)\s+belong\b"
    r"|\bback\s+where\s+(?:they|you|u)\s+belong\b"
)
EN_EXCLUDE_CALLED = re.compile(
    r"\b(?:should|must|need\s+to|needs\s+to|have\s+to|has\s+to|ought\s+to|gotta|better)\s+"
    r"(?:all\s+)?(?:go|be\s+sent|be\s+deported|return|be\s+returned|head|move)\s+"
    r"(?:back\s+)?(?:to\s+)?" + _EN_DEST
)
# Words that make a return conditional or voluntary ("when it is safe", طوعيا): policy, not
# exclusion.  They count in the exclusion call's clause, after its verb.
CONDITIONS = frozenset(
    ["لما", "اذا", "لحد", "بعد", "وقت", "متي", "حين", "عندما", "طوعي", "طوعا", "طوعيا",
     "طوعيه", "بارادتهم", "باختيارهم", "بكرامه", "بامان", "امنه", "امن", "سالمين",
     "بالسلامه", "تستقر", "استقرت", "when", "once", "if", "after", "until", "voluntarily",
     "voluntary", "safely", "safe", "dignity", "choose", "want", "يتحاكموا", "ويتحاكموا",
     "يحاكموا", "للمحاكمه", "محاكمتهم", "tried", "trial", "prosecuted", "justice"]
)  # fmt: skip
# "if you don't like it" / "اذا مش عاجبك" is no condition on a return but its taunt: "go back
# to Syria if you don't like it here".
_NOT_LIKING = re.compile(
    r"(?:if|اذا|لو|ان)\s+(?:you|u|they|انت|انتو|انتم)?\s*(?:don'?t|do\s+not|dont|doesn'?t|مش|ما|مو)"
    r"\s*(?:like|love|عاجب|عاجبه|عاجبك|عاجبكم|عاجبهم|بيعجب|بعجب|حاب)"
)
# Subjects that make the sentence a statement about someone going back, not a call:
# "they go back to their country every summer".
_EN_SUBJECTS = frozenset(
    ["they", "we", "i", "he", "she", "families", "many", "some", "most", "who", "that",
     "people", "refugees", "thousands", "hundreds", "jordan", "government", "will", "would",
     "can", "could", "did", "to", "may", "might", "want", "wants", "wanted", "helped"]
)  # fmt: skip


EN_MODALS = frozenset(
    ["should", "must", "need", "needs", "have", "has", "ought", "gotta", "better", "shall"]
)


# A yes/no question about what the rules require: "Do the workers have to go back to Egypt?",
# "Will they need to return to Syria?"; not "Why don't they go back?" (a call put as a question).
_YES_NO = re.compile(r"(?:do|does|did|will|would|can|could|is|are|must|what\s+happens)\b", re.I)


def _asked(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` lies in a yes/no question (opening word and a "?")."""
    opening = max(text.rfind(c, 0, start) for c in ".!?\n") + 1
    closing = min((i for i in (text.find(c, end) for c in ".!?\n") if i >= 0), default=-1)
    return closing >= 0 and text[closing] == "?" and bool(
        _YES_NO.match(text[opening:start].lstrip()))


def exclusion_calls(text: str, tokens: Sequence[Token], clause: Sequence[int]) -> list[Cue]:
    """Calls to send people back to their origin, as cues of kind ``exclude``.

    Weight 2 for an imperative or an English call with no subject before it; weight 1 for a
    third-person form after a call cue (checked by the caller) or an English modal.  A
    condition after the verb in its clause (لما تستقر، "when it is safe") cancels the call.
    """
    texts = [t.text for t in tokens]
    out = []
    for rx, weight in (
        (AR_EXCLUDE_STRONG, 2),
        (EN_EXCLUDE_STRONG, 2),
        (AR_EXCLUDE_CALLED, 1),
        (EN_EXCLUDE_CALLED, 1),
    ):
        for m in rx.finditer(text):
            rng = token_range(tokens, m.start(), m.end())
            if rng is None or any(c.first < rng[1] and rng[0] < c.last for c in out):
                continue
            first, last = rng
            weight_here = weight
            if rx is EN_EXCLUDE_STRONG and first:
                before = texts[first - 1]
                if before in _EN_SUBJECTS:
                    continue
                if before in EN_MODALS or (first > 1 and texts[first - 2] in EN_MODALS):
                    weight_here = 1  # "they should go back to their country": a modal call
            end = last
            while end < len(texts) and clause[end] == clause[first] and end - last < 6:
                end += 1
            if any(word_in(texts[k], CONDITIONS) for k in range(first, end)) and not (
                    _NOT_LIKING.search(text, m.end(), m.end() + 40)):
                continue
            if rx is EN_EXCLUDE_CALLED and _asked(text, m.start(), m.end()):
                continue  # "Do the workers have to go back to Egypt and reapply?": a question
            out.append(Cue("exclude", weight_here, first, last, m.start(), m.end()))
    return out


# --- reported speech -------------------------------------------------------------------------

# An English contraction's apostrophe ("don't", "I'm", "they're") is part of the quoted words,
# not its end; any other apostrophe still closes the quotation.
_QUOTE = re.compile(
    r"(?:(?<=\s)|^|(?<=\sو)|(?<=\sف))['‘\"“«]"
    r"((?:[^'’\"”»\n]|(?<=\w)['’](?=(?:t|s|d|m|ll|re|ve)\b)){2,200})"
    r"['’\"”»](?=\W|$)"
)
_REPORTING = re.compile(
    r"(?<!\w)(?:و|ف)?(?P<verb>saying|says|say|said|claim|claims|claiming|chant|chanting|chanted|"
    r"wrote|writes|shouting|shout|slogan|يقول|بيقول|بتقول|بتقولوا|بيقولوا|بقولوا|قال|قالوا|"
    r"يحكي|بيحكي|حكي|كاتب|كتب|بيكتب|يكتب|شعار|يهتف|بهتفوا|هتفوا|ينادي|"
    # what bullies call a child: "بنادوه «يا دب» و«يا أهبل»"
    r"بنادو|بينادو|ينادو|نادو|"
    # shouting at, telling, cursing someone with a quoted word: "يصرخ على ابني 'يا كلب'"
    # (third person only: بقول، بقل، بصرخ are the writer's own "I say, I tell, I shout")
    r"صرخ|يصرخ|بيصرخ|يقل|بيقل|قلتل|يسب|بيسب|يشتم|بيشتم|شتم|يعيط|بيعيط|"
    r"told|tells|telling|yelled|yelling|screamed|screaming|shouted|"
    # a saying others repeat: "اللي بيرددوا «القانون لا يحمي المغفلين»" (they, not "I repeat",
    # nor "repeat", the writer's own "let me repeat ...")
    r"يرددوا|بيرددوا|رددوا|يرددو|بيرددو|"
    # Arabizi, as the normaliser leaves it: 2allo, bye2ol, 9arakh; sarakh, katab, bysammi
    r"ءل(?:لو|و|ها|لي|ولي|تلو)?(?!\w)|بيءول|بيسءول|قرخ|sarakh|tsarrekh|bysarrekh|btsarrekh|katab|bykteb|bysammi|bysammo|"
    r"ysabb|bysabb|byesabb)"
    r"\w*\W{0,3}(?:\w+\W+){0,3}$"
)
# The writer's own voice: "I told you 'idiot'", "انا بقول للنواب ..."; and a retort after a
# comma or a full stop ("الوزير بيحكي عن الاصلاح، 'يا كذاب'") is the writer speaking too.
_FIRST_PERSON = frozenset({"i", "we", "m", "انا", "احنا", "ana", "e7na", "ne7na"})
_OWN_VOICE_BREAK = re.compile(r"[،,.!?؟;؛]")
# Calling a people something in order to rebuke it names the people between the verb and the
# quoted word: "اللي بيوصف اهل المخيم بانهم 'عالة'", "whoever calls the workers 'thieves'".
# A whole word only: the "so-called 'refugees'" of a scare quote is the writer's own sneer.
_DESCRIBING = re.compile(
    r"(?<![\w-])(?:calls|calling|called|describes|describing|labels|labelling|يوصف|بيوصف|بوصف|وصف|يصف|"
    r"يسمي|بيسمي|بسمي|سمى|بيسموا|بسموا)\W{0,3}(?:\w+\W+){0,4}$"
)


_JOINED = re.compile(r"(?<=\s)[وف]$")


@lru_cache(maxsize=256)
def reported_ranges(text: str) -> tuple[tuple[int, int], ...]:
    """Character ranges quoted after a reporting verb: "the one saying 'send them back'".

    Cached by text: the strife and offense checks both ask of the same normalised comment.
    """
    out = []
    for m in _QUOTE.finditer(text):
        # "بنادوه «يا دب» و«يا اهبل»": a conjunction joined to the quote is not the quote's
        before = _JOINED.sub("", text[max(0, m.start() - 40) : m.start()])
        if _reported(before) or _DESCRIBING.search(before):
            out.append((m.start(), m.end()))
    return tuple(out)


def _reported(before: str) -> bool:
    """Whether the text before a quote ends with someone else's reporting verb."""
    m = _REPORTING.search(before)
    if m is None or _OWN_VOICE_BREAK.search(before[m.end("verb"):]):
        return False
    said_by = before[:m.start()].split()
    return not (said_by and said_by[-1] in _FIRST_PERSON)


# Praise next to a frame turns it round: "الاردنيين كلهم هيك كرماء", "الكرم بدمهم".
POSITIVE = frozenset(
    ["كرماء", "كريمين", "طيبين", "محترمين", "اوادم", "شرفاء", "اجاويد", "نشامي", "كويسين",
     "الكرم", "كرم", "الطيبه", "طيبه", "طيب", "الشهامه", "شهامه", "النخوه", "الاصاله",
     "الجدعنه", "الشجاعه", "الوفاء", "الاجتهاد",
     "الخير", "للخير", "بالخير", "للكرم", "والكرم",
     "منيحين", "اصيلين", "تعبانين", "مساكين", "مظلومين", "شغيلين", "شغيله", "generous",
     "kind", "good", "great", "nice", "honest", "hardworking", "respectful", "decent",
     "welcoming", "lovely", "amazing", "heroes", "brothers"]
)  # fmt: skip
DENIALS = frozenset({"no", "nope", "wrong", "false", "لا", "غلط", "مش", "كذب", "ابدا"})
