"""Word lists of the names check and the token helpers they are matched with.

Everything is compared on normalised tokens (:mod:`model.normalize`), so hamza, taa marbuta and
alif-maqsura spellings, case, tatweel and Arabizi fold once, in the normaliser.  The lists that
moderators may want to extend live in ``service/policy/data`` (given names, institutions, roles);
the closed-class words (function words, modifiers, kinship terms) live here.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterator, Sequence
from functools import lru_cache
from pathlib import Path

from model.normalize import normalize, tokenize
from service.core import Span

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
GIVEN_NAMES_PATH = DATA_DIR / "given_names.tsv"
INSTITUTIONS_PATH = DATA_DIR / "institutions.tsv"
ROLES_PATH = DATA_DIR / "roles.tsv"
WATCHLIST_SURNAMES_PATH = DATA_DIR / "watchlist.tsv"

# Longest first; those ending in the article also try the stem with ال put back ("للاسد").
PROCLITICS: tuple[str, ...] = (
    "وبال", "وكال", "ولل", "فلل", "وال", "فال", "بال", "كال",
    "ال", "لل", "وب", "ول", "فب", "فل", "و", "ف", "ب", "ل", "ك",
)  # fmt: skip
_ARTICLE_PROCLITICS = frozenset(
    {"ال", "وال", "فال", "بال", "كال", "وبال", "وكال", "لل", "ولل", "فلل"}
)
MIN_STEM = 2

ARABIC = re.compile(r"[\u0600-\u06ff]")
LATIN = re.compile(r"[a-z\u00c0-\u024f]", re.IGNORECASE)
LETTERS = re.compile(r"^[^\W\d_]+$")

# Words that sit between a title and the name ("Russian Foreign Minister Sergei Lavrov",
# "وزير الخارجية الروسي سيرغي لافروف") and are skipped, never taken for the name.
_MODIFIERS_EN = (
    "former late then current new acting deputy interim elect outgoing incoming "
    "foreign defence defense interior finance prime crown vice state affairs general "
    "executive chief senior assistant managing "
    "us american russian french british israeli iranian turkish syrian iraqi jordanian "
    "egyptian saudi palestinian lebanese qatari emirati kuwaiti chinese german ukrainian "
    "yemeni libyan tunisian algerian moroccan sudanese omani bahraini indian pakistani"
)
_NATIONALITIES_AR = (
    "الامريكي الاميركي الروسي الفرنسي البريطاني الاسرائيلي الايراني التركي السوري العراقي "
    "الاردني المصري السعودي الفلسطيني اللبناني القطري الاماراتي الكويتي الصيني الالماني "
    "الاوكراني اليمني الليبي التونسي الجزائري المغربي السوداني العماني البحريني الهندي "
    "الباكستاني الياباني الايطالي الاسباني الكوري الاوروبي العربي"
)
_MODIFIERS_AR = (
    "السابق الاسبق الراحل الحالي الجديد المخلوع المعزول المكلف بالوكاله الاول المنتهيه ولايته "
    "الوزراء الحكومه الجمهوريه الديوان الملكي الهاشمي مجلس النواب الاعيان الامن العام الاركان "
    "المشتركه باسم الرسمي الخارجيه الداخليه الدفاع الماليه الاعلام التربيه التعليم الصحه العدل "
    "الاقتصاد الطاقه الزراعه العمل الثقافه الشباب الاوقاف النقل السياحه الاتصال الحكومي "
    "الشؤون السياسيه البرلمانيه الدوله المعظم المفدى الشهيد عام العام التنفيذي الصهيوني "
    "الاعلامي الفني الاداري الوزاري الوزاريه "
    # adjectives of an office's complement ("وزير الاقتصاد الرقمي", "التعليم العالي"): nisba
    # shaped like family names, they follow the noun they agree with.  Not the ones that are
    # also family names (العسكري، المالي، الرياضي، المدني): those stay names.
    "الرقمي الرقميه العالي العسكريه الاقتصادي الاقتصاديه الاجتماعي الاجتماعيه "
    "الصحي الصحيه البيئي الزراعي الصناعي التجاري الاستثماري القانوني الطبي الثقافي "
    "الوطنيه الرقابي الاعلى المحلي المحليه الاقليمي النيابي النيابيه "
    # "الحكم الاجنبي" is the foreign referee: foreign is no family name
    "الاجنبي الاجنبيه الاجانب"
)
# Function words, verbs of saying and time words: a title followed by one of these has no name
# ("the President said", "الملك حكى").
_STOPWORDS = (
    "a an the of and or to in on at for with by from as about into over after before during "
    "beyond across within without "
    "if then because while maybe please yes ok thanks thank hi hello dear oh lol user url "
    "said says say told tells tell stated announced added warned is was were are be been being "
    "has have had will would should could can may might must did does do not no nor but so "
    "he she they it we you i his her their its our your my him them this that these those "
    "who whom which what when where why how himself herself themselves also just only even "
    "today yesterday tomorrow tonight now here there very more most much many some any all "
    "monday tuesday wednesday thursday friday saturday sunday january february march april may "
    "june july august september october november december "
    "قال قالت يقول تقول قالوا اكد اكدت يؤكد اعلن اعلنت صرح ذكر اضاف اشار دعا طالب زار يزور "
    "التقى استقبل بحث حكى حكت بيحكي بحكي بقول يحكي كان كانت يكون تكون صار بدو بده بدها راح رح "
    "هو هي هم هن انا انت احنا نحن في من على الى عن مع ان انه انها لا لم لن ما هذا هذه ذلك تلك "
    "الذي التي الذين اللي الي يا قد لقد عم نفسه نفسها شخصيا اليوم امس غدا ايضا كل بعض غير "
    "بعد قبل خلال حول عند حتى او ثم لكن بس كمان مش مو ليش شو كيف وين متى لما اذا لو الله "
    "الباقي الباقيه الباقين الباقيين "
    "والله حفظه ادام رحمه يرحمه لازم مفروض بدنا بدهم لصالح "
    # "الدكتور عندي حاكيلي", "الدكتور قلي": a reader's own doctor and what he said, no name
    "عندي عنا عندنا تبعي تبعنا تاعي تاعنا قلي قللي قالي حكالي حكالنا حاكيلي بقلي بيقلي يخاف"
)
# "حسن" read husn, "goodness of", before an abstract noun: "شهادة حسن سلوك", "حسن النية",
# "حسن الجوار" are phrases, not a man called Hasan.
_HUSN_NOUNS_AR = (
    "سلوك السلوك الخلق الاخلاق خلق النيه نيه الظن ظن الحظ حظ الجوار جوار التدبير التصرف "
    "تصرف الاداره اداره المعامله معامله التعامل الاستقبال استقبال الضيافه الخاتمه خاتمه "
    "الاداء اداء السيره سيره الادب ادب الاستماع الاختيار اختيار النوايا التنظيم تنظيم"
)
# Places and organisations the CRF, trained on little of this region's news, takes for people
# ("Raqqa" scores 0.87 in a comment).  A tagger-only span made only of these is dropped, and
# none of them is ever taken for a surname.
_NOT_PERSONS = (
    "jordan amman irbid zarqa aqaba salt madaba karak jerash mafraq tafileh maan ajloun ramtha "
    "syria damascus aleppo raqqa idlib homs hama deir ezzor daraa iraq baghdad mosul basra "
    "erbil kirkuk fallujah lebanon beirut palestine gaza jerusalem ramallah hebron nablus jenin "
    "israel tel aviv egypt cairo alexandria sinai saudi arabia riyadh jeddah mecca makkah "
    "medina qatar doha uae emirates dubai abu dhabi kuwait bahrain manama oman muscat yemen "
    "sanaa aden libya tripoli benghazi tunisia tunis algeria algiers morocco rabat sudan "
    "khartoum turkey ankara istanbul iran tehran russia moscow ukraine kyiv kiev america usa "
    "washington europe britain london france paris germany berlin china beijing brussels "
    "isis isil daesh hamas hezbollah hizbollah taliban qaeda nato un unesco unicef unrwa unhcr "
    "petra shoubak fuheis sweileh azraq zaatari wehdat faisaly ramtha "
    "shia shiite shiites sunni sunnis kurd kurds kurdish yazidi yazidis druze christian "
    "christians muslim muslims jewish jews arab arabs bedouin circassian chechen "
    "allah god jesus christ "
    # peoples: a plural demonym at a sentence's end ("side by side with Jordanians") is
    # capitalised like a family name
    "jordanians syrians egyptians iraqis palestinians saudis kuwaitis qataris emiratis yemenis "
    "libyans tunisians algerians moroccans turks iranians americans europeans brits germans "
    "kenyans ethiopians filipinos bangladeshis indians pakistanis israelis russians ukrainians "
    "lebanese sudanese chinese "
    # words of institutions and ranks the tagger takes for a family name ("Consumer Protection
    # Society", "Badia Textile Industries", "Sahar Events", "Southern Command")
    "protection industries industry events command officer officers society customs "
    # drugs in border and health stories, capitalised like names ("meth and Captagon")
    "captagon kaptagon كبتاجون كبتاغون الكبتاجون الكبتاغون "
    # religious expressions written in Latin letters, capitalised at a sentence start
    "alhamdulillah alhamdulilah alhamdullilah hamdulillah inshallah inshaallah insha mashallah "
    "mashaallah subhanallah bismillah astaghfirullah wallah wallahi yallah allahu akbar "
    "ameen amen salam salaam "
    "الاردن عمان اربد الزرقاء العقبة السلط مادبا الكرك جرش المفرق الطفيلة معان عجلون الرمثا "
    "سوريا سورية دمشق الشام حلب الرقة ادلب حمص حماة دير الزور درعا العراق بغداد الموصل البصرة "
    "اربيل كركوك الفلوجة لبنان بيروت فلسطين غزة القدس رام الله الخليل نابلس جنين اسرائيل "
    "تل ابيب مصر القاهرة الاسكندرية سيناء السعودية الرياض جدة مكة المدينة قطر الدوحة "
    "الامارات دبي ابوظبي الكويت البحرين المنامة مسقط اليمن صنعاء عدن ليبيا طرابلس بنغازي "
    "تونس الجزائر المغرب الرباط السودان الخرطوم تركيا انقرة اسطنبول ايران طهران روسيا موسكو "
    "اوكرانيا امريكا اميركا واشنطن اوروبا بريطانيا لندن فرنسا باريس المانيا برلين الصين "
    "داعش حماس حزب الله طالبان القاعدة الناتو الامم المتحدة الاونروا "
    "البتراء الشوبك الفحيص صويلح الازرق الزعتري الوحدات الفيصلي "
    "الله ربنا المسيح "
    # plurals of people that end like a nisba once ى is read as ي ("طيب المرضى": "well, the
    # patients"; "طيب" and "حسن" are given names too)
    "المرضى الجرحى القتلى الاسرى الموتى الاهالي"
)
# Common Arabic given names, kept by hand beside the built list (data/given_names.tsv): in
# dialect comments the CRF proposes as many verbs and phrases as names, so an Arabic name it
# finds alone must start with a given name or a kunya ("محمد عبده", "أبو جويدة").
_GIVEN_NAMES_AR = (
    "محمد احمد محمود مصطفى علي عمر عثمان خالد خليل ابراهيم اسماعيل يوسف يعقوب موسى عيسى "
    "سليمان داود حسن حسين حسام عبدالله عبدالرحمن عبدالعزيز عبدالكريم عبدالرحيم عبدالحميد "
    "عبدالمجيد عبدالسلام عبدالفتاح عبدالقادر عبدالناصر عبدالحليم عبد سامي سمير سعد سعود سلمان "
    "سالم سليم صالح صلاح صابر طارق طلال عادل عماد عمار عامر عمرو عصام فادي فراس فيصل فهد فؤاد "
    "فايز فريد فارس قاسم ماجد مازن مالك مجدي مراد مروان منصور منذر مهند معاذ ناصر نبيل نادر "
    "نزار نضال نعيم هاني هشام هيثم وائل وليد وسيم ياسر يزن زيد زياد زكريا رامي رائد رياض رشيد "
    "رضا رجب جمال جعفر جهاد حمزة حمدي حازم حاتم حامد حافظ حيدر باسم باسل بسام بشار بشير توفيق "
    "ثامر جورج ايمن انس اسامة اشرف ايهاب امجد انور اياد بلال تامر شادي شريف غسان غازي لؤي ليث "
    "مؤمن معتز مهدي نايف نواف هادي يحيى ياسين عدنان عدي قصي راشد راغب كاظم نجيب نوري حيدر "
    "عوني عزمي سامر معن هيفاء ركان اوس يمان "
    "فاطمة عائشة مريم خديجة زينب سارة رانيا رنا ريم هبة هند نورا ليلى لينا دينا دعاء اسماء "
    "آمنة ايمان سلمى سمر سهى سناء سميرة عبير علا غادة لمى منى مها ميس نادية نجلاء نسرين هالة "
    "هيفاء وفاء ياسمين رهف روان رزان شيماء بشرى حنان خلود سوسن نانسي اليسا نوال لطيفة شيرين"
)
# Given names that are also everyday words, whatever the built list says (it only knows the
# news corpus): "على" folds to "علي", "سعيد" is "happy", "امين" "trustworthy"...
_AMBIGUOUS_AR = (
    "علي سعيد امين كريم جمال نبيل عادل سالم صالح فريد منصور ناصر سامي رائد هاني مالك راشد "
    "فارس وليد باسم شريف حبيب امل نور سلام فرح هدى منى رجاء صباح ربيع سهل عزيز لطيف جميل "
    "حسن حسين محمود ماجد مجد حامد شاكر صابر عامر فايز فاضل كامل مختار مبارك مسعود منير "
    "عارف مبروك مرسي صدام دنيا زين سيد فواد بدر سيف اسلام حاج جان بو سيدي عبدال مي نصر عون "
    "غيث صقر نمر رعد ثابت راضي فالح كرم حنين شروق جليل عطا مفتاح مكي تقي صافي عنتر ناجي حكيم "
    "غانم زكي اسعد اكرم ضياء اقبال بهاء وسام فهمي شوقي هادي راغب طاهر هلال نجاح مفيد موفق "
    "غالب منار صفاء وفاء احلام اماني بشري هدي نعيم سلمي صبري حلمي زهره وداد ساميه دره صادق "
    "باسل حازم عاطف عاصم امان حياه طيب خير فجر شمس قمر ورد حب ملك امير ملاك رواد "
    "ابو ام عبد بن"
)
_KUNYA = frozenset({"ابو", "ام", "abu", "abou", "umm"})
# No "iii": runs of three letters are squeezed by the normaliser, so it would read as "i".
_ORDINALS = "ii iv jr sr الثاني الثالث الرابع الخامس السادس الاول الاب الابن"
_CONNECTORS = "bin ibn bint al el abu de da van von der la le بن بنت ابن ابو ام ال بني"
ABBREVIATIONS = frozenset(
    {"col", "dr", "gen", "lt", "capt", "sgt", "sen", "gov", "mr", "mrs", "ms", "st", "prof",
     "rep", "maj", "brig", "adm", "cmdr", "jr", "sr", "d", "د"}
)  # fmt: skip
# A name right after one of these belongs to a private person: the commenter's family, friends
# and neighbours ("my son Omar", "ابني يزن", "جارنا أبو محمد").  Arabic forms carry the
# first-person suffix (ي/نا), which is what makes them private.
_KIN_EN = (
    "son sons daughter daughters brother brothers sister sisters father mother dad mom mum "
    "wife husband uncle aunt cousin cousins friend friends neighbour neighbor neighbours "
    "neighbors colleague colleagues boss kid kids child children grandson granddaughter "
    "grandfather grandmother grandma grandpa nephew niece baby boy girl fiance fiancee "
    "classmate roommate partner teacher student"
)
_KIN_STEMS_AR = (
    "ابن بنت اخ اخت اخو ابو ام جار جاره صاحب صاحبه صديق صديقه زوج زوجه مرت ولد اولاد بنات "
    "عم عمه خال خاله جد جده حفيد حفيده زميل زميله مدير استاذ استاذه معلم معلمه "
    "طفل ابنه ابناء اخوان خطيب خطيبه نسيب حما حماه كنه"
)
# Common broken plurals with the fa'aalila shape of Jordanian family names (الخرابشة,
# الطراونة): never a family name.
_PLURAL_NOT_FAMILY = (
    "اساتذه دكاتره سماسره صيادله فلاسفه عمالقه جبابره فراعنه قياصره اكاسره برابره تلامذه "
    "زنادقه بطارقه جهابذه اباطره مشارقه مغاربه صهاينه حراميه قراصنه زعرنه بلاطجه شبيحه "
    "اراذله سلاطين ملايين مليارات دراهم صعاليك عباقره جزاره مطارنه شمامسه كهنه رهابنه"
)
# Family names that are everyday words ("عمر سلامة": "مع السلامة"; "نزار حمدان" is no word):
# an article's official is named by such a surname only with the given name or a title.
_EVERYDAY_SURNAMES = (
    "سلامه سلام عطيه نعمه رحمه بركه بركات فرح صبح حسن سعيد جميل جمال كريم امين منصور ناصر "
    "نصر صالح طيب عادل نبيل شريف رشيد حكيم منير سرور فضل عيد خير حرب عز شرف ثابت راضي سالم "
    "غني نور هلال بدر قمر شمس ورد امل حمد فخر عمر حياه جبر صبري شاكر حامد محمود مسعود سعاده "
    "الشريف السعيد الحسن الصالح الطيب الامين العادل النبيل الرشيد الحكيم"
)
# Words of the era and tenure of an official: "أيام فلان" (the days of X) names a public figure.
_ERA_AR = "ايام زمن عهد عصر حكومه وزاره ولايه"
# A given name before a day or time is a time of day ("صباح الأحد"), not a person.
_TIMES_AR = ("الأحد الإثنين الاثنين الثلاثاء الأربعاء الخميس الجمعة السبت اليوم الباكر الماضي "
             "الماضية المقبل المقبلة الفايت الغد")
# Words whose next word is their complement, not a name: "بمناسبة عيد الاستقلال", "صلاة عيد
# الفطر", "برنامج صباح الخير", "حملة سلامة المرور", "حول علاوة المناوبات".
_CONSTRUCT_HEADS_AR = (
    "حول خلال بمناسبة مناسبة مجال حملة برنامج لبرنامج ببرنامج صلاة احتفال احتفالات احتفالية "
    "مهرجان مبادرة مشروع جائزة ذكرى يوم عيد موسم بعد قبل منذ حتى في من على الى إلى عن مع بين "
    "ضمن لصالح بدل علاوة"
)
_ERA_EN = "era days tenure term government administration cabinet reign"


def norm_tokens(text: str) -> tuple[str, ...]:
    """Normalised word tokens of a short text (cached: lexicon entries and names)."""
    return _norm_tokens(text)


@lru_cache(maxsize=8192)
def _norm_tokens(text: str) -> tuple[str, ...]:
    return tuple(t.text for t in tokenize(normalize(text)))


def norm_words(words: str) -> frozenset[str]:
    """The normalised tokens of a space-separated word list."""
    return frozenset(t for w in words.split() for t in _norm_tokens(w))


def variants(token: str) -> Iterator[tuple[str, int]]:
    """``token`` and its stems without Arabic proclitics, each with how many letters were cut.

    When ال is put back the cut stops before the article (``والاسد`` -> ``الاسد``, cut 1); in
    the contracted ``لل`` the article's alif is elided, so ``للاسد`` keeps the token whole.
    """
    yield token, 0
    if not ARABIC.match(token):
        return
    for pre in PROCLITICS:
        if token.startswith(pre) and len(token) - len(pre) >= MIN_STEM:
            stem = token[len(pre) :]
            yield stem, len(pre)
            if pre in _ARTICLE_PROCLITICS:
                yield "ال" + stem, len(pre) - 2


def definite(token: str) -> bool:
    """Whether an Arabic word carries the article, behind any proclitic ("والوزير", "للنائب")."""
    return any(token.startswith(pre) and len(token) - len(pre) >= MIN_STEM
               for pre in _ARTICLE_PROCLITICS)


def read_tsv(path: Path) -> list[dict[str, str]]:
    """Rows of a tab-separated file with a header; ``#`` lines are comments."""
    with open(path, encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if line.strip() and not line.startswith("#")]
    return [
        {k: (v or "").strip() for k, v in row.items() if k}
        for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    ]


def stopwords() -> frozenset[str]:
    """Function words, verbs of saying and time words (both languages)."""
    return lexicons()["stopwords"]


@lru_cache(maxsize=1)
def lexicons() -> dict[str, frozenset[str]]:
    """Every closed word list, normalised once."""
    nationalities = norm_words(_NATIONALITIES_AR)
    feminine = frozenset(w + "ه" for w in nationalities)
    kin_ar = frozenset(
        form
        for stem in norm_words(_KIN_STEMS_AR)
        for form in (stem + "ي", stem + "نا", stem + "تي", stem + "ونا", stem + "وي")
    ) | frozenset(  # the feminine before "our": "جارتنا", "خالتنا" (not "امتنا", a nation); before
        # a kunya and a given name only the neighbour's forms count (``check._private_relation``)
        stem + "تنا" for stem in norm_words(_KIN_STEMS_AR) if stem not in ("ام", "ابو")
    ) | norm_words("ابوي امي اخوي ابويا ابني بنتي مرتي ستي")
    return {
        "modifiers": norm_words(_MODIFIERS_EN)
        | norm_words(_MODIFIERS_AR)
        | nationalities
        | feminine,
        "nationalities": nationalities | feminine,
        "stopwords": norm_words(_STOPWORDS),
        "not_persons": norm_words(_NOT_PERSONS),
        "husn_nouns": norm_words(_HUSN_NOUNS_AR),
        "ordinals": norm_words(_ORDINALS),
        "connectors": norm_words(_CONNECTORS),
        "kunya": _KUNYA,
        "kin_en": norm_words(_KIN_EN),
        "kin_ar": kin_ar,
        "plural_not_family": norm_words(_PLURAL_NOT_FAMILY),
        "everyday_surnames": norm_words(_EVERYDAY_SURNAMES),
        "era": norm_words(_ERA_AR) | norm_words(_ERA_EN),
        "times": norm_words(_TIMES_AR),
        "construct_heads": norm_words(_CONSTRUCT_HEADS_AR),
    }


@lru_cache(maxsize=1)
def watchlist_surnames() -> frozenset[str]:
    """Arabic family names of the seed watchlist's figures ("المومني", "الفايز", "الرفاعي").

    After an office ("الوزير المومني", "النائب الفايز", "حكومة الرفاعي") such a word is the
    figure, though its shape alone (a nisba, a short stem) is no evidence of a name.
    """
    lex = lexicons()
    out = set()
    # Family names that are also everyday words after an office ("رئيس الدوري", "الوزير
    # المهندس", "عطوفة الشيخ"): left out.
    common = norm_words(
        "الثانيه الحسين الحكيم الحيه الدوري الشيخ الشريف الضيف الطيب الصدر الغيط العوده الذهبي "
        "الرومي الجابر الراغب الصباح البنا المعلم المهندس المهدي الناصر الوهاب القاسم الماجد "
        "العاطي الرباعي القرشي البشير الفتاح الصيفي")
    for row in read_tsv(WATCHLIST_SURNAMES_PATH):
        words = norm_tokens(row.get("name_ar") or "")
        last = words[-1] if len(words) >= 2 else ""
        if (last.startswith("ال") and len(last) >= 5 and last not in lex["modifiers"]
                and last not in lex["stopwords"] and last not in lex["not_persons"]
                and last not in lex["ordinals"] and last not in common):
            out.add(last)
    return frozenset(out)


@lru_cache(maxsize=1)
def watchlist_latin_surnames() -> frozenset[str]:
    """Latin family names of the seed watchlist's figures ("khasawneh", "rifai"), lowercased.

    Said beside a word of an era ("Khasawneh's government", "the Rifai era") such a word is the
    figure; alone it may be anyone of the family, or a word.
    """
    lex = lexicons()
    out = set()
    for row in read_tsv(WATCHLIST_SURNAMES_PATH):
        words = norm_tokens(row.get("name_en") or "")
        last = words[-1] if len(words) >= 2 else ""
        if (len(last) >= 5 and LATIN.match(last) and not is_given(last)
                and last not in lex["stopwords"] and last not in lex["not_persons"]):
            out.add(last)
    return frozenset(out)


COMMON_GIVEN_COUNT = 500  # a name this frequent (محمد، احمد، خالد، Ali) may be any reader


@lru_cache(maxsize=1)
def given_names() -> dict[str, frozenset[str]]:
    """Given names: ``ar`` (normalised Arabic), ``ar_ambiguous`` (also everyday words), ``en``,
    and ``common`` (either script, :data:`COMMON_GIVEN_COUNT` or more bearers)."""
    ar = set(norm_words(_GIVEN_NAMES_AR))
    ambiguous = set(norm_words(_AMBIGUOUS_AR))
    en: set[str] = set()
    common: set[str] = set()
    lex = lexicons()
    stop = lex["stopwords"] | lex["not_persons"] | lex["connectors"] | lex["kunya"]
    if GIVEN_NAMES_PATH.exists():
        for row in read_tsv(GIVEN_NAMES_PATH):
            name = row.get("name", "")
            if not name or name in stop:
                continue
            if int(row.get("count") or 0) >= COMMON_GIVEN_COUNT:
                common.add(name)
            if row.get("script") == "en":
                en.add(name)
            else:
                ar.add(name)
                if row.get("ambiguous") == "1":
                    ambiguous.add(name)
    return {
        "ar": frozenset(ar - stop),
        "ar_ambiguous": frozenset(ambiguous),
        "en": frozenset(en - stop),
        "common": frozenset(common),
    }


def common_given_names() -> frozenset[str]:
    """The most frequent given names of ``given_names.tsv``: a bare address by one of them may
    be to anyone (another reader, a relative), not to the story's person of that name."""
    return given_names()["common"]


def is_given(token: str, *, strict: bool = False) -> bool:
    """Whether a normalised token is a given name (``strict``: and not also an everyday word)."""
    names = given_names()
    if LATIN.match(token):
        return token in names["en"]
    if token not in names["ar"]:
        return False
    return not (strict and token in names["ar_ambiguous"])


def family_shaped(token: str) -> bool:
    """Whether an Arabic token has the shape of a Jordanian family name: ال + CCاCCه.

    The fa'aalila broken plural (الخرابشة، الطراونة، المعايطة، الروابدة) is how most tribal
    family names are written; common nouns of that shape (الاساتذة، الصهاينة) are listed out and
    feminine nisba adjectives (النيابية) have ي where a family name has its last root letter.
    Nisba names (المعاني) are adjectives as often, so they are not included here.
    """
    if not token.startswith("ال"):
        return False
    stem = token[2:]
    return (
        len(stem) == 6
        and stem[2] == "ا"
        and stem[5] == "ه"
        and "ا" not in (stem[0], stem[1], stem[3], stem[4])
        and stem[4] != "ي"  # feminine nisba adjectives: النيابية، الحكومية
        and stem not in lexicons()["plural_not_family"]
    )


def nisba_shaped(token: str) -> bool:
    """Whether an Arabic token looks like a nisba surname: ال + stem ending in ي (المعاني)."""
    lex = lexicons()
    return (
        token.startswith("ال")
        and token.endswith("ي")
        and len(token) >= 6
        and token not in lex["modifiers"]
        and token not in lex["stopwords"]
        and token not in lex["not_persons"]
    )


# -- text helpers ----------------------------------------------------------------------------


def adjacent(original: str, spans: Sequence[Span], texts: Sequence[str], k: int) -> bool:
    """Whether token ``k`` directly follows token ``k - 1``: only spaces between, a hyphen or
    apostrophe inside a name, or the full stop of an abbreviation ("Col. Ryan").

    A name never sits across a sentence break, a comma or a handle ("the President... If").
    """
    gap = original[spans[k - 1].end : spans[k].start]
    if "\n" in gap:
        return False
    gap = gap.strip()
    return gap in ("", "-", "'", "’") or (gap == "." and texts[k - 1] in ABBREVIATIONS)


def handle(text: str, start: int) -> bool:
    """Whether the word at ``start`` is an @handle, #hashtag or "+Name" reply: an account."""
    k = start - 1
    while k >= 0 and unicodedata.category(text[k]) == "Cf":
        k -= 1  # bidi marks a client put between "+" and a right-to-left name
    return k >= 0 and text[k] in "@#+"


def mixed_case(text: str) -> bool:
    """Whether capitals carry information: not all-lowercase, not every word capitalised."""
    words = re.findall(r"[A-Za-z\u00c0-\u024f]+", text)
    capped = sum(1 for w in words if w[0].isupper())
    return 0 < capped < len(words) or (capped == 1 and len(words) == 1)
