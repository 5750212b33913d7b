"""The private people a story quotes: witnesses, not personalities.

A report names its officials and its witnesses alike ("Dr. Marwan Khreisat, director of ...";
"Hussein Masarweh, a 52-year-old farmer from Deir Alla").  The officials are personalities;
the farmer is not, and a reader who agrees with him by name ("What Mr. Masarweh said is exactly
it") names no personality.  News prose introduces a witness in a few set ways, which
:func:`private_role` reads:

* a comma and a private role: "، وهو نجار من داريا", ", a producer from Ay", also after an
  age ("أحمد الزعبي (27 عاماً)، وهو خريج", "Sami Khalil, 27, a graphic designer", "a
  52-year-old farmer");
* a comma and a relative clause of a trade: "Ziad Saleh, who runs a bakery on the street";
* a private descriptor before the name: "قال الشاب أحمد الزعبي", "المواطن ...", "farmer ...".

An office anywhere in the role's clause ("a resident of Irbid and its former mayor", "، وهو
مدير ...") or a title before the name ("النائب أحمد الخلايلة، وهو مزارع") makes the person an
official again.  A role not listed ("a board member at the Chamber of Industry", "a member of
the council") may be a public one, so the name stays a personality.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .finder import Tokens
from .places import is_head_after, is_head_before
from .titles import Cues

COMMAS = frozenset("،,")
# What introduces a person's role after a comma: "، وهو نجار", "، a producer from Ay".
ROLE_INTRO = frozenset(["وهو", "وهي", "a", "an"])
CLAUSE_END = re.compile(r"[,،.:;؛\"«»“”]")
# Roles of the private people a story quotes (normalised): a trade, a resident, a parent.
PRIVATE_ROLES = frozenset(
    ["producer", "farmer", "resident", "vendor", "seller", "shopkeeper", "driver", "carpenter",
     "mother", "father", "parent", "student", "worker", "refugee", "returnee", "shepherd",
     "fisherman", "customer", "passenger", "patient", "housewife", "pensioner", "retiree",
     "grandmother", "grandfather", "widow", "neighbour", "neighbor", "volunteer", "visitor",
     "teacher", "schoolteacher", "baker", "butcher", "mechanic", "nurse", "graduate", "trader",
     "merchant", "breeder", "designer", "cyclist", "commuter", "labourer", "laborer", "tenant",
     "plumber", "electrician", "tailor", "barber", "cook", "waiter", "courier", "beekeeper",
     "herder", "villager", "homemaker", "cleaner",
     "نجار", "مزارع", "بايع", "بائع", "سايق", "سائق", "طالب", "طالبه", "ام", "اب", "والد",
     "والده", "لاجي", "لاجئ", "مواطن", "مواطنه", "عامل", "عامله", "راعي", "صياد", "مريض",
     "مريضه", "متقاعد", "متقاعده", "جار", "جاره", "ارمله", "حداد", "خياط", "خياطه", "مربي",
     "مربيه", "تاجر", "زائر", "زائره", "ربه", "متطوع", "متطوعه", "معلم", "معلمه", "مدرس",
     "مدرسه", "خريج", "خريجه", "خباز", "ميكانيكي", "ممرض", "ممرضه", "متعطل", "متعطله", "عاطل",
     "سباك", "حلاق", "طباخ", "مستاجر", "مستاجره", "شاب", "شابه", "موظف", "موظفه"]
)  # fmt: skip
# "who runs a bakery": a witness's trade told by a verb and the place of business.
_WHO_VERBS = frozenset(["runs", "owns", "keeps", "works", "sells", "drives", "farms", "rents"])
_BUSINESSES = frozenset(
    ["bakery", "shop", "store", "stall", "grocery", "cafe", "café", "restaurant", "kiosk",
     "workshop", "garage", "salon", "pharmacy", "farm", "butchery", "laundry", "barbershop",
     "taxi", "minibus", "truck", "van", "bus", "boat", "flock", "orchard", "greenhouse"]
)  # fmt: skip
# Descriptors a report puts before a witness's name (normalised): "قال الشاب أحمد الزعبي".
_DESCRIPTORS = frozenset(
    ["الشاب", "الشابه", "المواطن", "المواطنه", "المزارع", "الطالب", "الطالبه", "التاجر",
     "السائق", "اللاجي", "اللاجئ", "العامل", "العامله", "الطفل", "الطفله", "الفتى", "الفتاه",
     "المتقاعد", "المتقاعده", "المعلم", "المعلمه", "الخباز", "farmer", "resident", "student",
     "shopkeeper", "baker", "vendor", "villager", "pensioner", "retiree"]
)  # fmt: skip
# Words of an age told between a name and its role ("(27 عاماً)", ", 27,", "52-year-old").
_AGE = frozenset(["عاما", "عام", "سنه", "year", "years", "old", "aged"])
_ROLE_REACH = 6  # tokens after the intro a role may come: "a 52 year old farmer"


def common_head(token: str, cues: Cues) -> bool:
    """A definite or bare head noun of an institution or an office ("المستشفى", "الوزارة")."""
    bare = token[2:] if token.startswith("ال") and len(token) > 4 else token
    return is_head_before(bare) or is_head_after(bare) or cues.head_of(bare)


def private_role(tok: Tokens, chunk: str, first: int, last: int, cues: Cues) -> bool:
    """Whether the name at tokens ``first:last`` is a witness the story quotes (module doc)."""
    texts = tok.texts
    if any(cues.at(texts, k) is not None for k in range(max(0, first - 3), first)):
        return False  # "النائب أحمد الخلايلة، وهو مزارع": a title makes it an official's
    intro = last
    while intro < len(texts) and intro - last < 3 and (texts[intro].isdigit()
                                                       or texts[intro] in _AGE):
        intro += 1
    comma = 0 < intro < len(texts) and bool(
        COMMAS & set(chunk[tok.spans[intro - 1].end : tok.spans[intro].start]))
    clause = _clause(tok, chunk, intro) if comma else range(0)
    # An office anywhere after the comma makes an official of any witness: "المعلم ناصر
    # الرواشدة، رئيس فرع النقابة", "Farmer Ali Dmour, head of the union", "a teacher who heads".
    if comma and any(_office(texts, k, intro, cues) for k in (intro, *clause)):
        return False
    if first > 0 and texts[first - 1] in _DESCRIPTORS and tok.adjacent(first):
        return True
    if not comma or intro + 1 >= len(texts):
        return False
    if texts[intro] == "who":
        return (texts[intro + 1] in _WHO_VERBS
                and any(texts[k] in _BUSINESSES or texts[k] in PRIVATE_ROLES for k in clause))
    if texts[intro] not in ROLE_INTRO:
        return False
    near = [k for k in clause if k - intro <= _ROLE_REACH]
    return any(texts[k] in PRIVATE_ROLES for k in near)


# Offices and bodies a role clause may name without a listed title cue.
_OFFICE_WORDS = frozenset(
    ["head", "heads", "headed", "chair", "chairs", "chaired", "chairman", "chairwoman",
     "chairperson", "president", "director", "leader", "leads", "led", "secretary", "spokesman",
     "spokeswoman", "spokesperson", "member", "union", "syndicate", "association", "council",
     "party", "federation", "chamber", "committee", "former",
     "رئيس", "رئيسه", "نقابه", "نقيب", "اتحاد", "جمعيه", "مجلس", "حزب", "لجنه", "عضو", "مدير",
     "مديره", "ناطق", "السابق", "الاسبق"]
)  # fmt: skip


def _office(texts: Sequence[str], k: int, intro: int, cues: Cues) -> bool:
    """Whether token ``k`` of a role clause names an office or a public body."""
    word = texts[k]
    if word == "head" and k > 0 and texts[k - 1].isdigit():
        return False  # "a breeder from Mafraq with 300 head": a count of livestock
    if cues.at(texts, k) is not None or word in _OFFICE_WORDS:
        return True
    return bool(cues.head_of(word) or common_head(word, cues)) and not _where(texts, k, intro)


# Where a witness lives or works, not an office: "from Deir Alla", "on the street", "من دير علا".
_FROM = frozenset(["from", "on", "near", "من", "قرب"])


def _where(texts: Sequence[str], k: int, intro: int) -> bool:
    """Whether the head word at ``k`` names a place after "from"/"on" (a witness's home)."""
    j = k - 1 if k - 1 > intro and texts[k - 1] == "the" else k
    return j - 1 > intro and texts[j - 1] in _FROM


def _clause(tok: Tokens, chunk: str, intro: int) -> range:
    """Tokens after ``intro`` up to the end of its clause (a comma, a stop, a quote)."""
    end = intro + 1
    while (end < len(tok.texts) and end - intro < 12
           and not CLAUSE_END.search(chunk[tok.spans[end - 1].end : tok.spans[end].start])):
        end += 1
    return range(intro + 1, end)


def witness_surnames(witnesses: Sequence[str], others: Sequence[str]) -> frozenset[str]:
    """The family words of the witnesses' names (normalised keys), what readers repeat, unless
    an official of the story has the same one ("Minister Mazen Al-Atoum" and a young "Mohammad
    Al-Atoum" quoted: the surname stays the minister's)."""
    taken = {key.split()[-1] for key in others if len(key.split()) >= 2} - set(witnesses)
    return frozenset(key.split()[-1] for key in witnesses
                     if len(key.split()) >= 2 and key.split()[-1] not in taken)
