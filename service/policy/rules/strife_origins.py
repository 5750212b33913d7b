"""Origin division: a comment that sets Jordanians of one origin against those of the other.

The commonest strife on a Jordanian site needs no slur and often no predicate the pattern rules
know: it names both sides of the East Bank / Palestinian-origin divide and lets the contrast
speak ("احنا ولاد البلد الاصليين مركونين ... روح شوف المخيمات", "التشكيلة كلها ولاد عشاير شرق
أردنيين، مش زي أيام ما كانوا جماعة المخيمات", "jobs go to the ones from the camps ... the sons
of the tribes get nothing").  One side alone is a slogan or a group mention, which
``service.policy.rules.strife`` reviews; both sides in one comment, with no word of unity or
condemnation (``_UNITY``, and the strife patterns' block words, checked by the caller), reject.

The sides are phrases, not single words: "المخيم" alone is a refugee camp or a scout camp,
"ولاد البلد" alone is "the locals"; "ولاد البلد الاصليين" ("the original sons of the country")
and "ولاد المخيمات" name a side.  On the triage sets' dev rows (``tests/test_rules_strife.py``
counts them) every comment naming both sides is labelled strife.
"""

from __future__ import annotations

import re
from functools import lru_cache

from model.normalize import normalize_text

# Jordanians of Palestinian origin, as the divisive comments name them ("the camps" alone is also
# Wadi Rum's tourist camps: "from the camps").
_CAMPS = (
    "المخيمات", "ولاد المخيمات", "اهل المخيمات", "جماعة المخيمات", "اصل فلسطيني",
    "اصول فلسطينية", "ورا النهر", "وراء النهر", "غرب النهر", "اصول معينة", "اصول معروفة",
    "mokhayamat", "mukhayyamat", "mo5ayamat", "from the camps", "certain origins",
    "same origins", "those people",
)
# East Bankers, named as the "original" or tribal side: a plain "شرق أردني" is how a reader
# introduces himself ("انا شرق اردني ومرتي من اصل فلسطيني"), not a side taken against others.
_EAST = (
    "ولاد العشاير", "ابناء العشاير", "ابناء العشائر", "ولاد العشائر", "اولاد العشاير",
    "ولاد عشاير", "ابناء عشاير", "ولاد البلد الاصليين", "اهل البلد الاصليين",
    "الاردنيين الاصليين", "الاردني الاصيل", "wlad el balad", "sons of the tribes",
    "sons of the east bank", "real sons", "original sons",
)
# Unity: the two sides named to say they are one or act as one ("كلنا اردنيين من شتى الاصول",
# "شباب المخيمات وولاد العشاير تطوعوا سوا").
_UNITY = ("كلنا", "لا فرق", "ما في فرق", "ايد وحدة", "يد واحدة", "اخوان", "سوا", "سوى",
          "مع بعض", "جنب بعض", "we are all", "no difference", "one people", "together",
          "side by side")
_PROCLITICS = r"(?<!\w)(?:و|ب|ل|ف|لل|بال|وال|ع)?(?:"


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    def alt(phrases: tuple[str, ...]) -> str:
        forms = sorted({normalize_text(p).lower() for p in phrases}, key=len, reverse=True)
        return "|".join(re.escape(f) for f in forms)

    return (re.compile(_PROCLITICS + alt(_CAMPS) + r")(?!\w)"),
            re.compile(_PROCLITICS + alt(_EAST) + r")(?!\w)"),
            re.compile(r"(?<!\w)(?:" + alt(_UNITY) + r")(?!\w)"))


def origin_contrast(norm_text: str) -> tuple[int, int] | None:
    """The span from the first side named to the last, when a normalised comment names both
    sides of the origin divide and no word of unity."""
    camps, east, unity = _patterns()
    text = norm_text  # already lower-cased by the normaliser, so offsets are the text's own
    if unity.search(text):
        return None
    found = list(camps.finditer(text))
    if not found:
        return None
    other = list(east.finditer(text))
    if not other:
        return None
    spans = found + other
    return min(m.start() for m in spans), max(m.end() for m in spans)
