"""Arabizi and leetspeak: deciding what a Latin-script word with digits is, and transliterating.

The word steps 5/7/8 of :mod:`model.normalize` (see its docstring): a word of ASCII letters and
digits is ``plain``, ``leet`` (``h3ll0``) or ``arabizi`` (``7mar``), and Arabizi words are
transliterated to Arabic script by a dictionary of common spellings and a letter scheme.
"""

from __future__ import annotations

import re

_SQUEEZE_RE = re.compile(r"([^\W\d_])\1{2,}")


_ARABIZI_DICT: dict[str, str] = {}


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


def _add_arabizi(arabic: str, *spellings: str) -> None:
    for spelling in spellings:
        _ARABIZI_DICT[spelling] = arabic


# Insults first: these are what the offence lexicon must be able to match.
_add_arabizi("حمار", "7mar", "hmar", "7imar", "7emar", "7umar", "humar", "himar", "7amar")
_add_arabizi("حماره", "7mara", "7mare", "hmara", "7mareh")
_add_arabizi("حمير", "7mir", "7amir", "7ameer")
_add_arabizi("كلب", "kalb", "kelb", "kaleb", "klb")
_add_arabizi("كلاب", "klab", "kilab", "kelab")
_add_arabizi("كلبه", "kalbe", "kalbeh", "kalba")
_add_arabizi("حيوان", "7ayawan", "7aywan", "hayawan", "haywan", "7ayawn", "7aiwan", "7aywn")
_add_arabizi("حيوانات", "7ayawanat", "hayawanat", "7aywanat")
_add_arabizi("خرا", "5ara", "khara", "5ra", "khra", "5era", "khera")
_add_arabizi("ابن", "ibn", "ebn", "ibin")
_add_arabizi("بنت", "bint")
_add_arabizi("شرموطه", "sharmouta", "sharmoota", "sharmuta", "charmouta", "sharmota", "sharmoutah")
_add_arabizi("احا", "a7a", "a7eh")
_add_arabizi("عرص", "3ars", "3ares", "3arss")  # not "3rs": عرس, a wedding
_add_arabizi("عاهره", "3ahra", "3ahera", "3ahira", "3ahrah")
_add_arabizi("منياك", "manyak", "manyok", "manyouk", "manyake")
_add_arabizi("غبي", "ghabi", "8abi", "ghaby", "8aby", "ghbi", "8bi")
_add_arabizi("اهبل", "ahbal")
_add_arabizi("هبل", "habal")
_add_arabizi("زباله", "zbala", "zbale", "zbaleh", "zebala")
_add_arabizi("وسخ", "wes5", "wiskh", "wesikh", "wis5", "wsikh")
_add_arabizi("طيز", "tiz", "teez", "6iz", "6eez")
_add_arabizi("خنزير", "5anzir", "khanzir", "khanzeer", "5anzeer")
_add_arabizi("جحش", "ja7sh", "jahsh", "ja7esh", "jahesh")
_add_arabizi("حقير", "7aqir", "7a2ir", "haqir", "7a2eer", "7aqeer", "haqeer")
_add_arabizi("خاين", "5ayen", "khayen", "5ayin", "khayin", "5a2en")
_add_arabizi("عميل", "3ameel", "3amil")
_add_arabizi("كس", "kos", "koss", "kuss")
_add_arabizi("نيك", "nik", "neek", "nayek")
_add_arabizi("اير", "ayre", "ayri", "ayr")
_add_arabizi("عبد", "3abd")
_add_arabizi("عبيد", "3abeed", "3abid")
_add_arabizi("كافر", "kafir", "kafer")
_add_arabizi("كفار", "kuffar", "koffar")
_add_arabizi("ملعون", "mal3oun", "mal3un", "mal3on")
_add_arabizi("خول", "khawal", "5awal")
_add_arabizi("احمق", "ahmaq", "a7ma2", "a7maq")
_add_arabizi("تافه", "tafeh", "tafe7", "tafih")
# Feminine and plural forms and the dialect's other common insults, as readers spell them.
_add_arabizi("غبيه", "ghabyeh", "ghabye", "ghabiyeh", "ghabiyye", "ghabiyyeh", "8abyeh", "8abye")
_add_arabizi("اغبيا", "aghbiya", "a8biya", "aghbya", "a8bya")
_add_arabizi("بهايم", "bahayem", "bahayim", "bahaiem")
_add_arabizi("حراميه", "7aramiye", "7aramiyeh", "7aramiyye", "7aramiyyeh", "haramiyeh",
             "haramiye", "7aramyeh", "7aramieh")
_add_arabizi("حرامي", "7arami", "harami", "7aramy")
_add_arabizi("زعران", "za3ran", "zo3ran", "z3ran")
_add_arabizi("نصاب", "nassab")
_add_arabizi("نصابين", "nassabeen", "nassabin")
_add_arabizi("كذاب", "kazzab", "kaddab")
_add_arabizi("كذابين", "kazzabeen", "kazzabin")
_add_arabizi("سرسري", "sarsari", "sarsary")
_add_arabizi("تافهين", "tafheen", "tafhin", "tafheeen")
_add_arabizi("كلاب", "klaab", "kilaab")
# Peoples and the words that generalise over them: strife in Arabizi is read like strife in
# Arabic ("el 3emale el masriyye kollhom ...").
_add_arabizi("مصري", "masri", "masry")
_add_arabizi("مصريه", "masriyye", "masriyyeh", "masriyeh", "masriye", "masriya")
_add_arabizi("مصريين", "masriyeen", "masriyyeen", "masriyin", "masriyyin", "masreyeen")
_add_arabizi("مصاروه", "masarweh", "masarwa")
_add_arabizi("سوري", "soori", "souri", "suri")  # not "sory": English "sorry" misspelt
_add_arabizi("سوريين", "sooriyeen", "souriyeen", "suriyeen", "sooriyyeen", "soryeen", "souriyyin")
_add_arabizi("فلسطيني", "falastini", "filastini", "falasteeni")
_add_arabizi("فلسطين", "falastine", "falasteen", "filastine")
_add_arabizi("فلسطينيين", "falastiniyeen", "falasteeniyeen", "filastiniyeen", "falastinyeen")
_add_arabizi("اردني", "ordoni", "urduni", "ordony")
_add_arabizi("اردنيين", "ordoniyeen", "urduniyeen", "ordoniyyeen", "ordonyeen")
_add_arabizi("خليجي", "khaleeji", "5aleeji", "khaliji")
_add_arabizi("خليجيين", "khaleejiyeen", "khalijiyeen", "5aleejiyeen")
_add_arabizi("مغاربه", "maghareba", "magharbeh", "magharba", "maghaarbeh")
_add_arabizi("عراقيين", "3ra2iyeen", "3iraqiyeen", "3ra2yeen", "iraqiyeen")
_add_arabizi("سعوديين", "sa3oudiyeen", "sa3udiyeen", "saudiyeen")
_add_arabizi("هنود", "hnood", "hunood")
_add_arabizi("يهود", "yahood", "yahud", "yehood")
_add_arabizi("نصارى", "nasara", "nsara")
_add_arabizi("لاجئين", "laj2een", "laje2een", "lajeen")
_add_arabizi("كلهم", "kollhom", "kolhom", "kullhum", "kilhom", "kellhom", "kollhum", "kulhum")
_add_arabizi("دايما", "dayman", "daiman", "da2iman")
_add_arabizi("هيك", "heek", "heik", "hayk")
# Words that speak well of a people ("fi minhom awadem w shaghileh"), read as the Arabic ones
# the warm-mention guard knows.
_add_arabizi("اوادم", "awadem", "awadim", "awaadem")
_add_arabizi("شغيله", "shaghileh", "shaghile", "shagheeleh", "shaghyleh")
# Common words, so that Arabizi comments become ordinary Arabic for the classifiers.
_add_arabizi("علي", "3ala", "3la")
_add_arabizi("مع", "ma3")
_add_arabizi("انشالله", "inshallah", "inshalla", "nshalla", "enshallah", "insha2allah")
_add_arabizi("والله", "wallah", "wallahi", "walla")
_add_arabizi("يلا", "yalla", "yallah")
_add_arabizi("حبيبي", "habibi", "7abibi", "7abibe")
_add_arabizi("حبيبتي", "habibti", "7abibti")
_add_arabizi("شكرا", "shukran", "shokran")
_add_arabizi("مرحبا", "mar7aba", "marhaba")
_add_arabizi("اهلا", "ahlan")
_add_arabizi("سلام", "salam")
_add_arabizi("عرب", "3arab")
_add_arabizi("عربي", "3arabi")
_add_arabizi("خلاص", "5alas", "5alass", "khalas")
_add_arabizi("حرام", "7aram", "haram")
_add_arabizi("يعني", "ya3ni", "y3ni")
_add_arabizi("لازم", "lazem", "lazim", "lazm")
_add_arabizi("بلدهم", "baladhom", "baladhum", "baladhon")
_add_arabizi("بلدكم", "baladkom", "baladkum")
_add_arabizi("بلاد", "blad", "bilad", "belad")
_add_arabizi("بلادهم", "bladhom", "biladhom", "beladhom")
_add_arabizi("بلادنا", "bladna", "biladna", "beladna")
_add_arabizi("لما", "lamma")
_add_arabizi("شغل", "shoghl", "shughl", "shogl")
_add_arabizi("اخدوا", "akhadu", "akhado", "a5adu", "a5ado")
_add_arabizi("ولادنا", "wladna", "awladna", "awlaadna")
_add_arabizi("حيوانه", "7ayawaneh", "7ayawane", "7aywaneh", "7ayawana", "hayawaneh")
_add_arabizi("جاهل", "jahel", "ja7el", "jahil")
# Words whose leet or English reading is an insult or profanity: "ra7" (the future particle)
# reads "rat", "shita" (winter) starts with "shit".
_add_arabizi("رح", "ra7")
_add_arabizi("رايح", "ray7", "raye7", "rayi7")
_add_arabizi("شتا", "shita", "shitaa", "sheta", "shitta")
_add_arabizi("شتي", "shiti", "shitti")

# Latin words that only count as evidence of Arabizi for script_of (too ambiguous to
# transliterate on their own: "ya", "el", "bas" are also English/Spanish words).
_ARABIZI_HINTS = _word_set(
    """ya el il ana enta inta enti inti howa huwa heya hiya e7na ehna mesh mish msh shu sho
    eh ezay izzay leh lesh lish bas wala kaman kteer ktir keda kda bidi badi mafi fi aywa la2
    shou hay hada hayda hek heik ba3d abl ma3a lal bel bil"""
)

# English words that people commonly write in leetspeak; consulted before the digit rules so
# that "gr3at", "d3ad" or "5ucks" are not mistaken for Arabizi.
_LEET_WORDS = _word_set(
    """idiot idiots stupid dumb dumbass moron morons loser losers noob fool fools jerk suck
    sucks sucker shit shits shitty bullshit ass asses asshole assholes bitch bitches bastard
    dick dicks cock cunt fuck fucks fucker fucking fucked motherfucker whore whores slut sluts
    hoe pussy porn sex sexy nude nudes kill killer kills die dead death hate hater haters
    hates racist nazi nazis terrorist terrorists trash scum retard retarded freak ugly fat pig
    pigs dog dogs rat rats liar liars crap damn hell piss pissed twat wanker prick douche nigga
    nigger faggot fag gay homo lame fake scam spam leet elite hacker hacked hack hello hey
    free money cash win winner best great cool love the and you your are get got eat beat
    team mean dear year read head real deal idea area clean cheap near fear tea sea easy east
    evil devil satan shame lies lie boobs tits vote voted elect sell sold seat test testing
    please thanks thief thieves garbage hypocrite hypocrites parasite parasites swine degenerate
    imbecile lowlife asswipe arsehole dickface dyke pussies stupidest dumbest people video"""
)

# Words that look like Arabizi by the digit rules but are codes or units.
_PLAIN_WORDS = _word_set("h2o co2 o2 a3 a4 a5 mp3 mp4 3g 4g 5g 2d 3d 4k 8k")

_VOWELS = frozenset("aeiou")
_CONSONANTS = frozenset("bcdfghjklmnpqrstvwxyz")

_LEET_TABLE = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t"})

_CODE_SUFFIX_RE = re.compile(
    r"\d+(?:st|nd|rd|th|s|k|m|b|bn|g|x|d|p|h|am|pm|px|kg|km|mm|cm|gb|mb|tb|ml|hz|fps|mp|v|w"
    r"|min|sec|yo|yr|yrs|ft|lb|lbs)"
)
_CODE_PREFIX_RE = re.compile(r"[bcdfghjklmnpqrstvwxz]{1,4}\d{1,5}")
_CODE_INFIX_RE = re.compile(r"[bcdfghjklmnpqrstvwxz]\d[bcdfghjklmnpqrstvwxz]")
_EDGE_DIGITS_RE = re.compile(r"^\d{2}|\d{2}$")
_LATIN_WORD_RE = re.compile(r"[a-z0-9]+")

_PLAIN, _LEET, _ARABIZI = "plain", "leet", "arabizi"


def _squeeze(s: str, idx: list[int]) -> tuple[str, list[int]]:
    if _SQUEEZE_RE.search(s) is None:
        return s, idx
    out: list[str] = []
    out_idx: list[int] = []
    pos = 0
    for m in _SQUEEZE_RE.finditer(s):
        out.append(s[pos : m.start() + 1])
        out_idx.extend(idx[pos : m.start() + 1])
        pos = m.end()
    out.append(s[pos:])
    out_idx.extend(idx[pos:])
    return "".join(out), out_idx


def _is_code_like(s: str, digits: int) -> bool:
    letters = len(s) - digits
    if digits > letters or len({c for c in s if c.isdigit()}) >= 3:
        return True
    if _EDGE_DIGITS_RE.search(s):
        return True
    return bool(
        _CODE_SUFFIX_RE.fullmatch(s) or _CODE_PREFIX_RE.fullmatch(s) or _CODE_INFIX_RE.fullmatch(s)
    )


def _arabizi_digit_context(s: str) -> bool:
    last = len(s) - 1
    for i, c in enumerate(s):
        if c not in "357":
            continue
        near = (s[i - 1] if i else "") + (s[i + 1] if i < last else "")
        nxt = s[i + 1] if i < last else ""
        initial_consonant = i == 0 and nxt in _CONSONANTS
        if c == "3":
            # Leet puts 3 for e between consonants (l33t, s3x, th3); beside a vowel it is ع
            # (3eib, bi3raf, mawqe3), the leet words with "ea" (gr3at) being listed first.
            if any(v in near for v in _VOWELS) or initial_consonant:
                return True
        elif c == "7":
            if any(v in near for v in _VOWELS) or (initial_consonant and nxt not in "hrw"):
                return True
        elif any(v in near for v in "aou") or (initial_consonant and nxt not in "hptckwmnlq"):
            return True
    return False


def _classify(s: str) -> str:
    """Decide plain / leet / arabizi for a squeezed word of ASCII letters and digits."""
    if s in _ARABIZI_DICT:
        return _ARABIZI
    if s in _PLAIN_WORDS:
        return _PLAIN
    digits = sum(c.isdigit() for c in s)
    if not digits or digits == len(s):
        return _PLAIN
    reading = _squeeze(s.translate(_LEET_TABLE), [])[0]
    if reading in _LEET_WORDS:
        return _LEET
    if _is_code_like(s, digits):
        return _PLAIN
    if any(d in s for d in "2689"):
        return _ARABIZI
    if any(d in s for d in "014"):
        return _LEET
    return _ARABIZI if _arabizi_digit_context(s) else _LEET


_TRANSLIT_DIGRAPHS = {"sh": "ش", "ch": "ش", "kh": "خ", "gh": "غ", "th": "ث", "dh": "ذ"}
_TRANSLIT_SINGLE = {
    "2": "ء", "3": "ع", "5": "خ", "6": "ط", "7": "ح", "8": "غ", "9": "ق",
    "b": "ب", "t": "ت", "j": "ج", "g": "ج", "d": "د", "r": "ر", "z": "ز", "s": "س",
    "f": "ف", "v": "ف", "q": "ق", "k": "ك", "c": "ك", "l": "ل", "m": "م", "n": "ن",
    "h": "ه", "w": "و", "y": "ي", "p": "ب", "x": "كس",
}  # fmt: skip
_FINAL_VOWEL = {"a": "ا", "e": "ه", "i": "ي", "o": "و", "u": "و"}


def _medial_vowels(group: str) -> str:
    if "o" in group or "u" in group:
        return "و"
    if "i" in group or group == "ee":
        return "ي"
    if group == "aa":
        return "ا"
    return ""  # short a/e are not written in Arabic


def _transliterate(s: str, idx: list[int]) -> tuple[str, list[int]]:
    known = _ARABIZI_DICT.get(s)
    if known is not None:
        # No letter-level alignment for dictionary words: spread the source evenly, which keeps
        # the map monotonic and anchors the first letter on the first source character.
        n, m = len(s), len(known)
        return known, [idx[k * n // m] for k in range(m)]
    out: list[str] = []
    out_idx: list[int] = []
    i, n = 0, len(s)
    while i < n:
        two = s[i : i + 2]
        if two in _TRANSLIT_DIGRAPHS:
            out.append(_TRANSLIT_DIGRAPHS[two])
            out_idx.append(idx[i])
            i += 2
            continue
        c = s[i]
        if c in _VOWELS:
            j = i
            while j < n and s[j] in _VOWELS:
                j += 1
            group = s[i:j]
            if i == 0:
                letters = "ا"
            elif j == n:
                letters = _medial_vowels(group[:-1]) + _FINAL_VOWEL[group[-1]]
            else:
                letters = _medial_vowels(group)
            out.append(letters)
            out_idx.extend([idx[i]] * len(letters))
            i = j
            continue
        letters = _TRANSLIT_SINGLE.get(c, c)
        out.append(letters)
        out_idx.extend([idx[i]] * len(letters))
        i += 1
    return "".join(out), out_idx


# Whole-comment reading of Arabizi (``arabic_reading``): the short function words that the
# letter scheme renders badly (the normaliser's dictionary above is consulted after these),
# and the clitics that Arabic writes joined to the next word.
_READING_WORDS = {
    "el": "ال", "il": "ال", "al": "ال", "w": "و", "wa": "و", "b": "ب", "bel": "بال",
    "bil": "بال", "bl": "بال", "lal": "لل", "3al": "عال", "3a": "ع", "mesh": "مش", "mish": "مش",
    "msh": "مش", "shu": "شو", "sho": "شو", "shou": "شو", "bas": "بس", "ya": "يا", "ana": "انا",
    "hada": "هاد", "hay": "هاي", "hek": "هيك", "heik": "هيك", "kteer": "كتير", "ktir": "كتير",
    "fi": "في", "fee": "في", "la2": "لا", "la": "لا", "ma": "ما", "kol": "كل", "kul": "كل",
    "eshi": "اشي", "ishi": "اشي", "bedna": "بدنا", "badna": "بدنا", "bidna": "بدنا",
    "3an": "عن", "min": "من", "men": "من",
    "mn": "من", "enno": "انه", "inno": "انه", "ento": "انتو", "e7na": "احنا", "ehna": "احنا",
    "howe": "هو", "hiye": "هي", "allah": "الله", "elli": "اللي", "illi": "اللي",
}  # fmt: skip
_READING_LATIN_RE = re.compile(r"[A-Za-z0-9']+")
_READING_CLITIC_RE = re.compile(r"(?<!\w)(ال|و|ب|ع) (?=\w)")


# Arabizi doubles a consonant for a shadda (5allo, hassa), which Arabic does not write; and a
# single "a" after a consonant is as often a long ا (nas, ghali, as3ar) as a short vowel, and
# the encoder reads a spelled-out alef better than a dropped one (on the 52 Arabizi tuning rows
# the acceptable comments' P(off-topic) fell and the off-topic ones' rose).  A vowel right
# after the stem's first letter is left short (madares -> مدارس, elmadares -> المدارس); after a
# digraph it is not (ghali -> غالي, but shabab -> شاباب): a rough reading, measured as such.
# "hh" after s/k/g/t/d/c is a digraph and an h (mashhoor, mashhad), not a doubled h.
_DOUBLED_CONSONANT_RE = re.compile(r"([b-df-gj-np-tv-z])\1|(?<![sckgtd])(h)h")
_MEDIAL_A_RE = re.compile(r"(?<=[b-df-hj-np-tv-z2-9])a(?=[b-df-hj-np-tv-z2-9])")
_JOINED_PREFIX = ("bel", "bil", "wel", "wil", "lal", "el", "il", "al")


def _stem_start(w: str) -> int:
    """Where a medial a may be read long: past a joined article ("elmadares") and one letter."""
    i = 0
    for prefix in _JOINED_PREFIX:
        if w.startswith(prefix) and len(w) > len(prefix) + 2:
            i = len(prefix)
            break
    return i + 1


def _reading_word(word: str) -> str:
    w = word.lower().replace("'", "")
    if w.isdigit():
        return w
    known = _READING_WORDS.get(w) or _ARABIZI_DICT.get(w)
    if known is not None:
        return known
    w = _DOUBLED_CONSONANT_RE.sub(lambda m: m.group(1) or m.group(2), w)
    k = _stem_start(w)
    w = w[:k] + _MEDIAL_A_RE.sub("aa", w[k:])
    if w[:2] in ("el", "il") and len(w) > 4 and w[2] not in _VOWELS:
        return "ال" + _transliterate(w[2:], list(range(len(w) - 2)))[0]
    return _transliterate(w, list(range(len(w))))[0]


def arabic_reading(text: str) -> str:
    """Every Latin-script word of an Arabizi comment in Arabic letters (a rough reading).

    The normaliser transliterates only words it is sure are Arabizi (they carry digits or are
    in its dictionary), so a comment such as "el bandora b dinar, bedna 7al" stays mostly
    Latin. Off-topic compares a comment with an Arabic article's words and meaning; for a
    comment written wholly in Arabizi (``model.language.script_of``) it reads this instead:
    vowels follow the letter scheme (short a/e dropped), clitics join the next word.
    """
    out = _READING_LATIN_RE.sub(lambda m: _reading_word(m.group()), text)
    return _READING_CLITIC_RE.sub(r"\1", out)
