"""Strife cues of blame and of a people's one trait: "took our jobs" and "they only know ...".

Split out of :mod:`service.policy.rules.strife_cues` (the cue kinds and their shared helpers):
blame by possession (اخذوا شغلنا، بياكلوا حقوقنا، "steal our jobs"), livelihood blame (رفعوا
الايجارات، "drove up the rents") and the only-know frame (ما بيعرفوا غير الطوش، "they only
understand force"), each a regular expression over the normalised comment.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from model.normalize import Token
from service.policy.rules.strife_cues import Cue, token_range

_AR_TAKE_OURS = re.compile(
    r"(?<!\S)[وف]?(?:ب|بي|بت|م)?(?:اخذوا|اخدوا|اخذو|اخدو|سرقوا|سرقو|اكلوا|اكلو|نهبوا|ياخذوا"
    r"|سرقت|اخذت|اخدت|اكلت|تاخذ|تاخد|تسرق|توكل|تاكل|ساكنين|يسكنوا"
    r"|ياخدوا|يوخذوا|يوخدوا|ياكلوا|ياكلو|يسرقوا|يسرقو|ينهبوا|ماخذين|ماخدين|سارقين|واكلين"
    r"|بلعوا|يبلعوا|خطفوا|يخطفوا)\s+"
    # "they took our kids to school": people taken somewhere, not a thing taken from us
    r"(?!(?:\S+\s+)?(?:ولاد|اولاد|اطفال|عيال|صغار|ابناء|ابنا|ابناي|اهل|اخوات|اخوان|ضيوف|طلاب"
    r"|مرضا|مرضي)نا\s+(?:مشوار|(?:ع|عال|عل|على|الي|لل)\S*))(?:\S+\s+)?"
    r"(?!(?:من|عن|ال|علي|في|مع|الي|ل|ب|عند|بين)نا(?!\w))\w{2,}نا(?!\w)"
)
_EN_TAKE_OURS = re.compile(
    r"\b(?:took|take|takes|taking|steal|steals|stealing|stole|stolen|eat|eating|ate|grab|"
    r"grabbing|grabbed|drink|drank|drinking|use\s+up|used\s+up)\s+(?:all\s+|up\s+)?our\s+\w+"
)


# A people blamed for the cost of living or for lost work: a verb of raising, cutting,
# cornering or bringing with a livelihood object ("رفعوا الايجارات", "قطعوا رزق شبابنا",
# "بيحتكروا تجارة", "جابوا الغلاء", "drove up the rents").  Like every blame cue it counts only
# with a group as its subject in the sentence (``service.policy.rules.strife``), so "التجار
# رفعوا الاسعار" and "the war drove up the rents" stay clean.
_AR_LIVELIHOOD = re.compile(
    r"(?<!\S)[وف]?(?:ب|بي|بت|م)?(?:رفعوا|رفعو|يرفعوا|غلوا|قطعوا|قطعو|يقطعوا|احتكروا|يحتكروا"
    r"|حتكروا|محتكرين|جابوا|جابو|جايبين|زاحموا|يزاحموا|نافسوا|ينافسوا|كسروا|يكسروا|ضربوا|يضربوا"
    r"|نزلوا|نزلو|ينزلوا|دمروا|يدمروا|خربوا|خربو|يخربوا|مخربين|ماسكين|مسيطرين|ماكلين|اكلوا"
    r"|اكلو|ياكلوا)"
    r"\s+(?:\S+\s+)?(?:ال|لل|ب)?(?:ايجارات|اجارات|اجار|ايجار|اسعار|رزق|رزقنا|ارزاق|تجاره|شغل"
    r"|وظايف|وظائف|فرص|غلاء|غلا|اجور|رواتب|يوميه|اليوميات|سوق|البطاله|بطاله|الامراض|امراض"
    r"|جريمه|الجرايم|الفوضي|فوضي|نقل|بلد|اقتصاد|مدارس|مستشفيات|خدمات|مهنه|كار|مصلحه"
    # a town or quarter ruined by a people ("خربوا اربد", "ماكلين الحارة")
    r"|عمان|اربد|الزرقا|زرقا|المفرق|الرمثا|العقبه|الكرك|السلط|جرش|معان|مادبا|حي|حاره|منطقه"
    r"|مدينه)(?!\w)"
)
_EN_LIVELIHOOD = re.compile(
    r"\b(?:drove|drive|driving|drives|pushed|push|pushing)\s+(?:up|down)\s+(?:the\s+|our\s+)?"
    r"(?:rents?|prices|wages|salaries)\b"
    r"|\b(?:undercut|undercutting|undercuts)\s+(?:our|local|jordanian)\b"
    r"|\b(?:ruined|ruining|ruin|destroyed|destroying|wrecked|wrecking)\s+(?:the\s+|our\s+|this\s+)?"
    r"(?:country|city|town|neighbou?rhoods?|market|economy|jordan|amman|irbid|zarqa|mafraq|ramtha"
    r"|aqaba|karak|salt|jerash|everything)\b"
)


# "They only know fights / nepotism / theft" (البدو ما بعرفوا الا الفزعة): a generalising frame
# whatever the verb's spelling; the noun list keeps "ما بيعرفوا غير الشغل" (only work) out.
_AR_ONLY_KNOW = re.compile(
    r"(?<!\S)[وف]?(?:ما|مش)\s*(?:ب|بي|بت|ي)?(?:عرفوا|عرفو|يعرفوا|يعرفو|يعرفون)\s+(?:غير|الا|سوي)\s+"
    r"(?:\S+\s+)?(?:ال|لل|ب)?(?:فزعه|طوش|طوشه|طوشات|مشاكل|سرقه|حرمنه|كذب|واسطه|بلطجه|زعرنه"
    r"|غش|تهريب|شحده|نصب|خراب|تخريب|فوضي|عنف|قتل|ثار|عنصريه|خيانه|غدر|تسول|عصبيه)(?!\w)"
)


# "... the bedu there, they only understand goats and guns": the same frame in English, of
# "they" (a group before it decides), with a noun list that keeps "they only know hard work" out.
_EN_ONLY_KNOW = re.compile(
    r"\bthey\s+only\s+(?:know|understand|care\s+about)\s+(?:the\s+language\s+of\s+)?"
    r"(?:\w+\s+(?:and|&)\s+)?(?:violence|force|fights?|fighting|guns?|weapons?|goats?|camels?"
    r"|stealing|theft|lies|lying|chaos|cheating|smuggling|begging|revenge)\b"
)


def only_know(text: str, tokens: Sequence[Token]) -> list[Cue]:
    """Frames of the form "<they> only know <trouble>", in any spelling of the verb."""
    out = []
    for m in (*_AR_ONLY_KNOW.finditer(text), *_EN_ONLY_KNOW.finditer(text)):
        rng = token_range(tokens, m.start(), m.end())
        if rng is not None:
            out.append(Cue("frame", 1, rng[0], rng[1], m.start(), m.end()))
    return out


def taking_ours(text: str, tokens: Sequence[Token]) -> list[Cue]:
    """Blame cues of the form "<took/eats/steals> our <thing>" and livelihood blame
    ("رفعوا الايجارات", "drove up the rents"), in both languages."""
    out = []
    for rx in (_AR_TAKE_OURS, _EN_TAKE_OURS, _AR_LIVELIHOOD, _EN_LIVELIHOOD):
        for m in rx.finditer(text):
            rng = token_range(tokens, m.start(), m.end())
            if rng is not None:
                out.append(Cue("blame", 1, rng[0], rng[1], m.start(), m.end()))
    return out
