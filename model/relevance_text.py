"""Text side of the relevance features: content words, light stems, names and passages.

Everything here reads text already passed through ``model.normalize.normalize_text`` (except
:func:`capitalised_names`, which needs the original capitalisation), so spelling variants,
Arabizi and obfuscation fold the same way as everywhere else in Raqib.  It supplies the word
analyser of the word TF-IDF (light-stemmed content words of both languages, stop words removed),
the terms of the overlap features, and the shared salient terms: capitalised names in English
text and a small bilingual gazetteer of place and organisation names, which also bridges Arabic
and English.  :mod:`model.relevance` describes the features they feed.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache

from model.normalize import normalize_text

# Frozen with the model (changing them changes the features, so bump
# model.relevance.FEATURE_VERSION).  Entries are written naturally and normalised with
# normalize_text when first used.
_STOP_EN = (
    "a an the and or but if then than so too very of in on at to for from by with about as into "
    "over under after before between through during without within against up down out off "
    "is are was were be been being am do does did doing done have has had having will would "
    "shall should can could may might must i me my mine we us our ours you your yours he him "
    "his she her hers it its they them their theirs this that these those there here what which "
    "who whom whose when where why how all any both each few more most other some such no nor "
    "not only own same just also now again ever still yet even much many lot lots really quite "
    "get got gets one ones thing things said says say like well know think going go let make "
    "dont doesnt didnt isnt arent wasnt werent wont cant couldnt shouldnt wouldnt im ive youre "
    "thats theres its s t re ve ll d m u ur"
)
_STOP_AR = (
    "في من على الى إلى عن مع ان أن إن او أو ثم لا لم لن ما ماذا هل قد كان كانت يكون تكون "
    "هذا هذه هذي ذلك تلك هؤلاء هناك هنا الذي التي الذين اللي اللى هو هي هم هن انا أنا نحن انت "
    "أنت انتم أنتم انتو كل بعض اي أي غير بين عند عندما حتى اذا إذا لو كما لكن لقد قبل بعد "
    "فيه فيها منه منها عليه عليها له لها لهم به بها بهم ولا وما وهو وهي وكان ومن وفي وعلى "
    "يا ايه إيه شو ايش وش شي اشي مش مو مب بس كمان هيك هيدا هاد هادا هاي هذول هدول "
    "يعني والله بدي بده عم رح راح ليش ليه كيف وين مين امتى لأنه لانه لأن لان بكل "
    "جدا كثير كتير اكثر أكثر الا إلا ايضا أيضا فقط حيث منذ خلال ضمن لدى نحو الآن الان "
)

# A small bilingual gazetteer: canonical id -> surface forms (Arabic and English).  Proper nouns
# are the one bridge between an Arabic comment and an English article (and between spelling
# variants within a language), so a shared id counts as a shared name.
_GAZETTEER: tuple[tuple[str, str], ...] = (
    ("jordan", "jordan|jordanian|jordanians|الاردن|اردن|الأردني|الاردنيين|أردني|الأردنية"),
    ("amman", "amman|عمان|عمّان"),
    ("irbid", "irbid|اربد|إربد"),
    ("zarqa", "zarqa|الزرقاء|زرقاء"),
    ("aqaba", "aqaba|العقبة|عقبة"),
    ("karak", "karak|الكرك|كرك"),
    ("salt", "as-salt|السلط"),
    ("mafraq", "mafraq|المفرق"),
    ("petra", "petra|البتراء"),
    ("dead_sea", "dead sea|البحر الميت"),
    ("syria", "syria|syrian|syrians|سوريا|سورية|السوري|السورية|السوريين"),
    ("damascus", "damascus|دمشق"),
    ("aleppo", "aleppo|حلب"),
    ("raqqa", "raqqa|al-raqqa|rakka|الرقة|رقة|بالرقة"),
    ("daraa", "daraa|deraa|درعا"),
    ("iraq", "iraq|iraqi|iraqis|العراق|عراق|العراقي|العراقية|العراقيين"),
    ("baghdad", "baghdad|بغداد"),
    ("mosul", "mosul|الموصل"),
    ("lebanon", "lebanon|lebanese|لبنان|اللبناني|اللبنانية|اللبنانيين"),
    ("beirut", "beirut|بيروت"),
    ("palestine", "palestine|palestinian|palestinians|فلسطين|الفلسطيني|الفلسطينية|الفلسطينيين"),
    ("gaza", "gaza|غزة|قطاع غزة"),
    ("west_bank", "west bank|الضفة الغربية|الضفة"),
    ("jerusalem", "jerusalem|al-quds|القدس|الأقصى|al-aqsa|aqsa"),
    ("israel", "israel|israeli|israelis|إسرائيل|اسرائيل|الإسرائيلي|الاسرائيلي|الاحتلال"),
    ("egypt", "egypt|egyptian|egyptians|مصر|المصري|المصرية|المصريين"),
    ("cairo", "cairo|القاهرة"),
    ("saudi", "saudi|saudis|saudi arabia|السعودية|السعودي|السعوديين|المملكة العربية السعودية"),
    ("riyadh", "riyadh|الرياض"),
    ("gulf", "gulf|gcc|الخليج|الخليجي|الخليجية"),
    ("qatar", "qatar|qatari|قطر|القطري"),
    ("doha", "doha|الدوحة"),
    ("uae", "uae|emirates|emirati|الإمارات|الامارات|الإماراتي"),
    ("dubai", "dubai|دبي"),
    ("kuwait", "kuwait|kuwaiti|الكويت|الكويتي"),
    ("bahrain", "bahrain|البحرين"),
    ("oman", "sultanate of oman|سلطنة عمان|omani|العماني"),
    ("yemen", "yemen|yemeni|اليمن|اليمني|اليمنيين"),
    ("libya", "libya|libyan|ليبيا|الليبي"),
    ("tunisia", "tunisia|tunisian|تونس|التونسي"),
    ("algeria", "algeria|algerian|الجزائر|الجزائري"),
    ("morocco", "morocco|moroccan|المغرب|المغربي"),
    ("sudan", "sudan|sudanese|السودان|السوداني"),
    ("iran", "iran|iranian|iranians|إيران|ايران|الإيراني|الايراني|الإيرانية"),
    ("turkey", "turkey|turkish|turks|تركيا|التركي|التركية|الأتراك"),
    ("russia", "russia|russian|russians|روسيا|الروسي|الروسية"),
    ("moscow", "moscow|موسكو"),
    (
        "usa",
        "usa|united states|america|american|americans|washington|أمريكا|امريكا|الأمريكي|"
        "الامريكي|الأمريكية|الامريكية|الولايات المتحدة|واشنطن",
    ),
    ("uk", "britain|british|uk|london|بريطانيا|البريطاني|البريطانية|لندن"),
    ("france", "france|french|paris|فرنسا|الفرنسي|الفرنسية|باريس"),
    ("germany", "germany|german|berlin|ألمانيا|المانيا|الألماني|الالماني|برلين"),
    ("europe", "europe|european|eu|أوروبا|اوروبا|الأوروبي|الاوروبي|الاتحاد الأوروبي"),
    ("china", "china|chinese|beijing|الصين|الصيني|الصينية|بكين"),
    ("un", "united nations|un|security council|الأمم المتحدة|الامم المتحدة|مجلس الأمن"),
    ("nato", "nato|الناتو|حلف شمال الأطلسي"),
    ("isis", "isis|isil|daesh|islamic state|داعش|الدولة الإسلامية|تنظيم الدولة"),
    ("hamas", "hamas|حماس"),
    ("hezbollah", "hezbollah|hizbollah|حزب الله"),
    ("qaeda", "al-qaeda|qaeda|القاعدة"),
    ("sdf", "sdf|syrian democratic forces|قسد|قوات سوريا الديمقراطية"),
    ("coalition", "coalition|التحالف|التحالف الدولي"),
    ("corona", "covid|covid-19|coronavirus|corona|كورونا|كوفيد"),
    ("parliament", "parliament|parliamentary|mps|البرلمان|مجلس النواب|النواب"),
    ("government", "government|cabinet|الحكومة|الحكومي|مجلس الوزراء"),
    ("king", "king|monarch|royal|الملك|جلالة الملك|الملكي|الديوان الملكي"),
    ("army", "army|armed forces|military|الجيش|القوات المسلحة|الجيش العربي"),
    ("police", "police|الشرطة|الأمن العام|الامن العام"),
    ("refugees", "refugee|refugees|لاجئ|لاجئين|اللاجئين|اللاجئون"),
    ("election", "election|elections|vote|voting|انتخابات|الانتخابات|الاقتراع"),
    ("football", "football|soccer|كرة القدم|الكرة"),
    ("world_cup", "world cup|كأس العالم|المونديال"),
    ("ramadan", "ramadan|رمضان"),
    ("eid", "eid|العيد|عيد الفطر|عيد الأضحى"),
)

_WORD = re.compile(r"[^\W_]+")
_ARABIC = re.compile("[\u0621-\u064a\u0671-\u06d3]")
_LATIN = re.compile("[a-z]")
_ARABIC_LETTERS = re.compile("^[\u0621-\u064a\u0671-\u06d3]+$")
_AR_PREFIXES = ("وبال", "وكال", "وال", "بال", "فال", "كال", "ولل", "لل", "ال", "و", "ف", "ب", "ل")
_AR_SUFFIXES = ("هما", "ها", "هم", "هن", "كم", "نا", "ان", "ات", "ون", "ين", "يه", "ه", "ي")
_EN_KEEP_S = ("ss", "us", "is", "ous")
_SENTENCE = re.compile(r"(?<=[.!?؟\n])\s+|\n+")
_CAPITALISED = re.compile(r"(?<![\w.])([A-Z][\w'-]*)")
_PASSAGE_WORDS = 40
_MAX_PASSAGES = 60


def stem(token: str) -> str:
    """Light stem of one normalised token: Arabic clitics/suffixes, English plural/-ing/-ed."""
    if _ARABIC_LETTERS.match(token):
        for prefix in _AR_PREFIXES:
            # A bare و/ف/ب/ل also starts many words (وزير، فروا): strip it only from long words.
            keep = 3 if len(prefix) > 1 else 4
            if token.startswith(prefix) and len(token) - len(prefix) >= keep:
                token = token[len(prefix) :]
                break
        for suffix in _AR_SUFFIXES:
            if token.endswith(suffix) and len(token) - len(suffix) >= 3:
                return token[: -len(suffix)]
        return token
    if not token.isalpha() or len(token) <= 3:
        return token
    if token.endswith("ies") and len(token) > 4:
        token = token[:-3] + "y"
    elif token.endswith("es") and token[:-2].endswith(("s", "x", "z", "ch", "sh")):
        token = token[:-2]
    elif token.endswith("s") and not token.endswith(_EN_KEEP_S):
        token = token[:-1]
    elif token.endswith("ing") and len(token) > 5:
        token = token[:-3]
    elif token.endswith("ed") and len(token) > 4:
        token = token[:-2]
    return token[:8]


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """Function words of both languages, normalised like the text they are removed from."""
    words = set()
    for w in (_STOP_EN + " " + _STOP_AR).split():
        words.update(_WORD.findall(normalize_text(w)))
    return frozenset(words)


@lru_cache(maxsize=200_000)
def _stem_cached(token: str) -> str:
    return stem(token)


def words(norm_text: str) -> list[str]:
    """All word tokens of a normalised text (stop words included)."""
    return _WORD.findall(norm_text)


def content_terms(norm_text: str) -> list[str]:
    """Stemmed content words of a normalised text: the word analyser of the TF-IDF."""
    stop = stopwords()
    out = []
    for token in _WORD.findall(norm_text):
        if token in stop or (len(token) < 2 and not token.isdigit()):
            continue
        out.append(_stem_cached(token))
    return out


@lru_cache(maxsize=1)
def _gazetteer() -> tuple[dict[tuple[str, ...], str], int]:
    table: dict[tuple[str, ...], str] = {}
    longest = 1
    for ident, forms in _GAZETTEER:
        for form in forms.split("|"):
            key = tuple(_stem_cached(t) for t in words(normalize_text(form)))
            if key:
                table.setdefault(key, ident)
                longest = max(longest, len(key))
    return table, longest


def gazetteer_ids(norm_text: str) -> set[str]:
    """Canonical ids of gazetteer names in a normalised text (``"raqqa"``, ``"isis"`` ...)."""
    table, longest = _gazetteer()
    stems = [_stem_cached(t) for t in words(norm_text)]
    found = set()
    for i in range(len(stems)):
        for n in range(1, longest + 1):
            ident = table.get(tuple(stems[i : i + n]))
            if ident is not None:
                found.add(ident)
    return found


def capitalised_names(text: str) -> set[str]:
    """Stems of capitalised words inside sentences of an (English) original text.

    Sentence-initial words and title-case headlines say nothing about names, so they are skipped.
    """
    found: set[str] = set()
    stop = stopwords()
    for sentence in _SENTENCE.split(text):
        tokens = sentence.split()
        latin = [t for t in tokens if t[:1].isalpha() and t[:1].isascii()]
        capped = [t for t in latin if t[:1].isupper()]
        if len(latin) >= 4 and len(capped) >= 0.7 * len(latin):
            continue  # a title-case headline
        for m in _CAPITALISED.finditer(sentence):
            if m.start() == len(sentence) - len(sentence.lstrip()):
                continue
            for token in words(normalize_text(m.group(1))):
                if token not in stop and len(token) > 1:
                    found.add(_stem_cached(token))
    return found


def is_arabic(norm_text: str) -> bool:
    """Whether a normalised text is mostly Arabic script (Arabizi is already transliterated)."""
    ar = len(_ARABIC.findall(norm_text))
    return ar > 0 and ar >= len(_LATIN.findall(norm_text))


def passages(norm_body: str) -> list[str]:
    """The body cut into passages of about forty words, on sentence boundaries where possible."""
    out: list[str] = []
    current: list[str] = []
    for sentence in _SENTENCE.split(norm_body):
        current.extend(sentence.split())
        if len(current) >= _PASSAGE_WORDS // 2:
            out.append(" ".join(current[: _PASSAGE_WORDS * 2]))
            current = []
    if current:
        out.append(" ".join(current))
    return out[:_MAX_PASSAGES]


def text_digest(title: str, body: str) -> str:
    """Content hash of an article, for caching its vectors."""
    return hashlib.sha1(f"{title}\x00{body}".encode(), usedforsecurity=False).hexdigest()
