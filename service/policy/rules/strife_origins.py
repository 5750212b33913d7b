"""Origin division: a comment that names Jordanians of one origin and those of the other.

The commonest strife on a Jordanian site needs no slur and often no predicate the pattern rules
know: it names both sides of the East Bank / Palestinian-origin divide and lets the contrast
speak ("احنا ولاد البلد الاصليين مركونين ... روح شوف ولاد المخيمات", "التشكيلة كلها ولاد عشاير،
مش زي أيام ما كانوا جماعة المخيمات", "jobs go to the ones from the camps ... the sons of the
tribes get nothing").  But a reader's family, a minister's visits or a funeral name both sides
too, and unity has more spellings than a list holds, so ``service.policy.rules.strife`` sends
the contrast alone to review and rejects it only with another strife cue (a slogan, a frame, a
blame, a generalisation) in the comment.  Words of unity (``_UNITY``, by prefix) and the strife
patterns' block words silence it.

The sides are phrases, not single words: "المخيمات" alone is also Wadi Rum's tourist camps or
a summer camp, "ولاد البلد" alone is "the locals"; "ولاد المخيمات" and "ولاد البلد الاصليين"
("the original sons of the country") name a side.
"""

from __future__ import annotations

import re
from functools import lru_cache

from model.normalize import normalize_text

# Jordanians of Palestinian origin, as the divisive comments name them.
_CAMPS = (
    "ولاد المخيمات", "اولاد المخيمات", "ابناء المخيمات", "اهل المخيمات", "جماعة المخيمات",
    "سكان المخيمات", "ولاد المخيم", "اصل فلسطيني", "اصول فلسطينية", "ورا النهر", "وراء النهر",
    "غرب النهر", "اصول معينة", "اصول معروفة", "wlad el mokhayamat", "ahl el mokhayamat",
    "from the camps", "certain origins", "same origins",
)
# East Bankers, named as the "original" or tribal side: a plain "شرق أردني" is how a reader
# introduces himself ("انا شرق اردني ومرتي من اصل فلسطيني"), not a side taken against others.
_EAST = (
    "ولاد العشاير", "ابناء العشاير", "ابناء العشائر", "ولاد العشائر", "اولاد العشاير",
    "ولاد عشاير", "ابناء عشاير", "ولاد البلد الاصليين", "اهل البلد الاصليين",
    "الاردنيين الاصليين", "الاردني الاصيل", "wlad el balad el asliyeen", "sons of the tribes",
    "sons of the east bank", "real sons", "original sons", "east jordanians", "east bankers",
)
# Unity: the two sides named to say they are one or act as one ("كلنا اردنيين من شتى الاصول",
# "شباب المخيمات وولاد العشاير تطوعوا سوا"); matched as word starts (اخوانهم, اخواننا).
_UNITY = ("كلنا", "لا فرق", "ما في فرق", "ما بيفرق", "ما بفرق", "ايد وحدة", "يد واحدة", "اخوان",
          "اخوه", "اخوة", "سوا", "سوى", "سواء", "مع بعض", "جنب بعض", "جنب اخوان", "واحد",
          "اهل وحبايب", "we are all", "no difference", "one people", "one family", "together",
          "side by side", "both")
_PROCLITICS = r"(?<!\w)(?:و|ب|ل|ف|لل|بال|وال|ع)?(?:"


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    def alt(phrases: tuple[str, ...]) -> str:
        forms = sorted({normalize_text(p).lower() for p in phrases}, key=len, reverse=True)
        return "|".join(re.escape(f) for f in forms)

    return (re.compile(_PROCLITICS + alt(_CAMPS) + r")(?!\w)"),
            re.compile(_PROCLITICS + alt(_EAST) + r")(?!\w)"),
            re.compile(r"(?<!\w)(?:" + alt(_UNITY) + r")"))


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
