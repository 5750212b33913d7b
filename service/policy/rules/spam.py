"""Spam: links, phone numbers, handles, prices, promotional words, repetition and shouting."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

from model.normalize import normalize_text
from service.core import CheckResult, Context, Reason, Span
from service.policy.lexicon import Lexicon, Match, load
from service.policy.rules.common import tokens_of


@lru_cache(maxsize=1)
def spam_lexicon() -> Lexicon:
    """Promotional, contact and messenger vocabulary in both languages."""
    return load("spam.tsv")


# Arabic-Indic and Persian digits become ASCII one for one, so offsets stay valid.
_DIGITS = str.maketrans(
    {
        **dict(zip(map(ord, "٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹"), "01234567890123456789", strict=True)),
        # Full-width forms (ｗｗｗ．ｘ．ｃｏｍ) read as ASCII; one for one, so offsets stay valid.
        **{cp: chr(cp - 0xFEE0) for cp in range(0xFF01, 0xFF5F)},
        0x3000: " ",
    }
)
_SHORT_LINK = re.compile(
    r"(?i)\b(?:t\.me|wa\.me|bit\.ly|goo\.gl|tinyurl\.com|cutt\.ly|rebrand\.ly|is\.gd|ow\.ly"
    r"|tiny\.cc|shorturl\.at|linktr\.ee|chat\.whatsapp\.com|api\.whatsapp\.com)/[^\s<>\"']*"
)
_URL = re.compile(r"(?i)\b(?:https?://|www\.)[^\s<>\"']+")
URL = _URL  # a written link (the off-topic request rule reads past it)
# Bare domains: TLDs that are also English words ("in", "me", "us") need a path, so a missing
# space after a full stop ("government.In addition") is not a link; the TLD must be lower case
# for the same reason.
# Each pattern starts only where its match can start (a look-behind instead of \b): a search
# that may start inside a run of its own characters ("a.a.a.…", "1111…") is quadratic.
_BARE_DOMAIN = re.compile(
    r"(?<![A-Za-z0-9-])(?<![A-Za-z0-9-]\.)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}"
    r"[A-Za-z0-9])?)*"
    r"(?:\.(?:com|net|org|info|biz|io|xyz|top|site|online|shop|store|club|app|link|live|jo|sa"
    r"|ae|eg|ru|cn|uk|tk|ml|ga|cf|gq|ws|cc|tv|ir|tr|fr|de|ps|lb|sy|iq|kw|qa|bh|om)\b"
    r"(?:/[^\s<>\"']*)?|\.(?:me|co|us|in|ly|gl|it|to|be|am|do|so)/[^\s<>\"']*)"
)
# Links spelled out to dodge filters: "w w w . x . com", "www . example . com",
# "example (dot) com".  A bare spaced domain needs a lower-case com/net/org so a full stop
# before "Net" or "com" in prose is not a link.
_URL_SEP = r"(?:\s*\.\s*|\s+dot\s+|\s*[(\[]dot[)\]]\s*)"
_SPACED_URL = re.compile(
    rf"(?i)(?<![\w.])w(?:\s*\.?\s*)w(?:\s*\.?\s*)w{_URL_SEP}[a-z0-9-]+(?:{_URL_SEP}[a-z0-9-]+)*"
    rf"{_URL_SEP}(?:c\s?o\s?m|n\s?e\s?t|o\s?r\s?g|info|biz|io|xyz|top|site|online|shop|store"
    rf"|club|app|j\s?o|sa|ae|eg"
    rf"|me|co|us)\b"
)
_SPACED_DOMAIN = re.compile(
    r"(?<![A-Za-z0-9-])[A-Za-z0-9][A-Za-z0-9-]+(?:\s+\.\s*|\.\s+|\s*[(\[][Dd][Oo][Tt][)\]]\s*)(?:com|net|org)\b"
)
# Any word shaped like a host, listed TLD or not: the reference guard trusts no comment that
# has one it cannot place.
# It starts after no letter, digit, "@", "." or "-" of its own run; after a "-" only when no
# Latin letter or digit stands before that dash ("زوروا-lucky.bet"): a start inside a run
# ("a-a-a-…") would make the search quadratic.
_HOST_SHAPED = re.compile(
    r"(?i)(?:(?<![\w@.-])|(?<=-)(?<![a-z0-9.@-]-))[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}\b"
)
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
_HANDLE = re.compile(r"(?<![\w@])@[A-Za-z0-9_][A-Za-z0-9_.]{2,29}")
_PHONE = re.compile(r"(?<![\w+])(?:\+|00)?\d(?:[ \t.\-/()]{0,2}\d){7,14}(?!\w)")
# "JD5", "JOD 12": Jordanian English writes the currency before the amount too.
_PRICE = re.compile(
    r"(?i)(?:[$€£]\s?\d[\d,.]*|(?<![A-Za-z])(?:jd|jds|jod)\s?\d[\d,.]*"
    r"|(?<![\d,.])\d[\d,.]*\s?(?:[$€£]|usd\b|jd\b|jds\b|jod\b|dinars?\b"
    r"|dollars?\b|euros?\b|sar\b|aed\b|دينار|دنانير|ريال|درهم|دولار|جنيه|ليره|ليرة))"
)
# "JD5 million", "$4.9 مليون" is a sum the comment reckons with, never a price offered.
# A spaced "m"/"mn" is Arabizi "from" ("JD 300 mn el wakeel"): the short forms only written on.
_SUM = re.compile(r"(?i)(?:(?:bn|mn|m)\b|\s?(?:million|billion|مليون|ملايين|مليار))")
_CHAR_RUN = re.compile(r"([^\sه\d.\-_=*])\1{9,}")
_EMOJI = re.compile(
    r"(?:[\U0001F300-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF][\uFE0F\U0001F3FB-\U0001F3FF]?\s?){6,}"
)
_WORD_RUN = re.compile(r"(?i)\b(\w{2,})(?:\W+\1\b){3,}")
_LATIN_LETTER = re.compile(r"[A-Za-z]")

# Shouting or letter runs alone are a quality signal more than spam: just under the default
# review band (0.50), so they show up only where a site lowers it or another cue joins them.
SHAPE_SCORE = {1: 0.45, 2: 0.55}
CHANNEL_SCORE = {"url": 0.60, "link": 0.80, "phone": 0.60, "email": 0.50, "handle": 0.40}


def _phone_ok(raw: str) -> bool:
    """Whether a digit run looks like a phone number rather than a year list or an amount."""
    digits = re.sub(r"\D", "", raw)
    if raw.startswith(("+", "00")):
        return 8 <= len(digits) <= 15
    if digits.startswith("9627") and len(digits) == 12:
        return True
    if digits.startswith("07") and len(digits) == 10:
        return True
    if len(digits) == 9 and digits[:2] in ("77", "78", "79"):
        return True
    return digits.startswith("0") and 10 <= len(digits) <= 13


@dataclass(frozen=True, slots=True)
class _SpamCue:
    kind: str  # url, link, phone, email, handle, promo, contact, platform, price, repeat, caps
    weight: int
    span: Span


# Public references a reader cites as a source, not a shop: health and UN agencies and the
# Jordanian government's own sites (any host under them: moh.gov.jo, www.who.int/...).  A
# site adds its own domains with ``SITE_DOMAINS``.  A link to one of these is no spam cue.
REFERENCE_DOMAINS = ("gov.jo", "who.int", "un.org", "unicef.org", "unhcr.org", "unrwa.org",
                     "worldbank.org", "imf.org")


_LINK_END = ".,;:!?)]}،؛؟\"'»”"
_LINK_START = "([{\"'«“"
_PLAIN_HOST = re.compile(r"[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?")


def _reference(host: str) -> bool:
    return any(host == d or host.endswith("." + d) for d in REFERENCE_DOMAINS)


def _host(link: str) -> str:
    """A written link's host: spelled-out dots joined, port, user, path, query and fragment
    dropped (so "x.buzz?ref=moh.gov.jo" is x.buzz), and the www prefix and trailing dots; ""
    where no plain host can be trusted (a backslash is a browser's slash; other characters
    or a malformed port)."""
    link = re.sub(r"(?i)\s*(?:[(\[]dot[)\]]|\bdot\b)\s*", ".", link.replace("\\", "/"))
    link = re.sub(r"\s+", "", link).rstrip(_LINK_END).lstrip(_LINK_START)
    link = re.sub(r"(?i)^(?:https?://)?(?:w\.?w\.?w\.)?", "", link)
    try:
        host = urlsplit("//" + link).hostname or ""
    except ValueError:
        return ""
    host = host.rstrip(".")
    return host if _PLAIN_HOST.fullmatch(host) else ""


_SPACE = re.compile(r"\s")  # the same characters as str.isspace


class _Words:
    """The whole run of non-space characters around a match: a reference's name inside a longer
    link ("x.buzz/moh.gov.jo") is judged by the link it is part of.  The spaces are indexed once
    per text, since scanning outwards from each match made a 2,000-character run with a match
    every two characters quadratic (``tests/test_adversarial.py``)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.spaces = [m.start() for m in _SPACE.finditer(text)]

    def around(self, start: int, end: int) -> str:
        """``text[start:end]`` widened to the spaces (or the text's ends) on either side."""
        i = bisect_left(self.spaces, start)
        left = self.spaces[i - 1] + 1 if i else 0
        j = bisect_left(self.spaces, end)
        right = self.spaces[j] if j < len(self.spaces) else len(self.text)
        return self.text[left:right]


def is_reference_link(link: str, allowed_domains: frozenset[str] = frozenset()) -> bool:
    """Whether a written link points at one of :data:`REFERENCE_DOMAINS` or ``allowed_domains``."""
    host = _host(link)
    return bool(host) and (host in allowed_domains or _reference(host))


def ascii_digits(text: str) -> str:
    """Arabic-Indic, Persian and full-width digits (and full-width forms) as ASCII, one for one."""
    return text.translate(_DIGITS)


def written_links(text: str) -> list[str]:
    """The links the spam rules read in a text (with a scheme, www, or a bare domain), each
    with the rest of its word, and any other host-shaped word ("lucky.bet")."""
    plain = ascii_digits(text)
    words = _Words(plain)
    found = [words.around(m.start(), m.end())
             for rx in (_URL, _BARE_DOMAIN, _HOST_SHAPED) for m in rx.finditer(plain)]
    return list(dict.fromkeys(found))


def _spam_cues(text: str, allowed_domains: frozenset[str]) -> list[_SpamCue]:
    """Channel, price and shape cues found by regular expressions in an original text."""
    cues: list[_SpamCue] = []
    plain = text.translate(_DIGITS)
    taken: list[tuple[int, int]] = []

    def add(kind: str, start: int, end: int, weight: int = 1) -> None:
        if any(s < end and start < e for s, e in taken):
            return
        taken.append((start, end))
        cues.append(_SpamCue(kind, weight, Span(start, end, text[start:end])))

    for m in _EMAIL.finditer(plain):
        add("email", m.start(), m.end())
    for m in _SHORT_LINK.finditer(plain):
        add("link", m.start(), m.end())
    words = _Words(plain)
    for rx in (_URL, _BARE_DOMAIN, _SPACED_URL, _SPACED_DOMAIN):
        for m in rx.finditer(plain):
            spaced = rx is _SPACED_URL or rx is _SPACED_DOMAIN
            host = _host(m.group(0) if spaced else words.around(m.start(), m.end()))
            if host and (host in allowed_domains or _reference(host)):
                continue
            add("url", m.start(), m.end())
    for m in _HANDLE.finditer(plain):
        add("handle", m.start(), m.end())
    for m in _PHONE.finditer(plain):
        if _phone_ok(m.group(0)):
            add("phone", m.start(), m.end())
    for m in _PRICE.finditer(plain):
        if not _SUM.match(plain, m.end()):
            add("price", m.start(), m.end())
    for rx in (_CHAR_RUN, _EMOJI, _WORD_RUN):
        for m in rx.finditer(text):
            add("repeat", m.start(), m.end())
    letters = _LATIN_LETTER.findall(text)
    if len(letters) >= 12 and sum(c.isupper() for c in letters) >= 0.7 * len(letters):
        first = next(i for i, c in enumerate(text) if c.isascii() and c.isalpha())
        last = max(i for i, c in enumerate(text) if c.isascii() and c.isalpha()) + 1
        cues.append(_SpamCue("caps", 1, Span(first, last, text[first:last])))
    return cues


# Words that are neutral alone: "تواصل" (also "continues": تواصل الاحتجاجات) is a contact phrase
# only next to a channel, "رابط" (link) a promotional word only next to an actual link, and an
# advertiser's phrase ("best rates", "باسعار منافسه", "call or WhatsApp") one only in a comment
# with a number, a link or an email.
_NEAR_TOKENS = 2
# A reply's @mention is a handle too, but no way to reach a seller.
_SELLER_CHANNELS = frozenset({"url", "link", "phone", "email"})
_NEAR_CHARS = 25
# A describing word (affix ``d``: "cheap") after a copula or a degree word describes what the
# reader talks about ("blaming them is cheap and racist", "JD25 is cheap honestly"); an advert
# puts it before its product ("cheap flights") or says it of its own goods with a way to reach
# it ("our loans are cheap, WhatsApp 07..."), so it still counts with a channel or "our/we/us".
# On the dev rows of sets 1-54 two acceptable comments went to review on such a "cheap" and a
# price; no spam comment used it so.
# Tokens as the tokenizer leaves them: "isn't" -> "isn", "t"; "that's" -> "that", "s".
_PREDICATIVE = frozenset(["is", "was", "are", "were", "so", "too", "very", "not", "t", "s",
                          "isnt", "wasnt", "arent", "werent", "pretty", "quite"])
_SELLERS = frozenset(["our", "we", "us", "ours"])
_SELLER_REACH = 5  # tokens before "cheap" where "our"/"we" makes it the seller's own


def _word_cues(
    matches: Sequence[Match], regex_cues: Sequence[_SpamCue], ctx: Context
) -> list[_SpamCue]:
    """Lexicon cues, with channel-dependent words kept only next to their channel."""

    def near_words(m: Match, kinds: tuple[str, ...]) -> bool:
        return any(
            o is not m
            and o.entry.category in kinds
            and o.first - m.last < _NEAR_TOKENS
            and m.first - o.last < _NEAR_TOKENS
            for o in matches
        )

    def near_channel(span: Span, kinds: frozenset[str]) -> bool:
        return any(
            c.kind in kinds
            and c.span.start - span.end <= _NEAR_CHARS
            and span.start - c.span.end <= _NEAR_CHARS
            for c in regex_cues
        )

    out = []
    texts = [t.text for t in tokens_of(ctx)]
    for m in matches:
        kind, span = m.entry.category, ctx.span(m.start, m.end)
        if kind == "channelword":
            continue
        if (kind == "promo" and "d" in m.entry.affix and m.first
                and texts[m.first - 1] in _PREDICATIVE
                and not any(c.kind in _SELLER_CHANNELS for c in regex_cues)
                and not _SELLERS & set(texts[max(0, m.first - _SELLER_REACH) : m.first])):
            continue
        if kind == "weakcontact":
            if not (
                near_words(m, ("platform", "channelword"))
                or near_channel(span, frozenset(CHANNEL_SCORE))
            ):
                continue
            kind = "contact"
        elif kind == "linkword":
            if not near_channel(span, frozenset({"url", "link"})):
                continue
            kind = "promo"
        elif kind in ("adpromo", "adcontact"):
            # "best rates", "call or WhatsApp": everyday words about prices and phoning unless
            # the comment gives a way to reach a seller (a number, a link, an email)
            if not any(c.kind in _SELLER_CHANNELS for c in regex_cues):
                continue
            kind = "promo" if kind == "adpromo" else "contact"
        out.append(_SpamCue(kind, m.entry.severity, span))
    return out


def spam_score(cues: Sequence[_SpamCue]) -> float:
    """Combine spam cues into one score following the module's scoring table."""
    kinds = {c.kind for c in cues}
    channels = kinds & set(CHANNEL_SCORE)
    seen: dict[tuple[str, str], int] = {}
    for c in cues:
        key = (c.kind, c.span.text.casefold())
        seen[key] = max(seen.get(key, 0), c.weight)
    # Prices are everyday news ("the price of fuel rose to 1.3 JD"): however many, one point.
    commercial = sum(w for (k, _), w in seen.items() if k == "promo") + ("price" in kinds)
    contact = sum(w for (k, _), w in seen.items() if k == "contact")
    platform = sum(1 for (k, _) in seen if k == "platform")
    shape_points = len(kinds & {"repeat", "caps"})
    invitation = commercial + contact + platform + shape_points
    candidates = [0.0]
    candidates += [CHANNEL_SCORE[k] for k in channels]
    if channels and invitation >= 2:
        candidates.append(0.95)
    elif channels and invitation == 1:
        candidates.append(0.80)
    if len(channels) >= 2:
        candidates.append(0.90)
    if contact >= 2 and platform:
        candidates.append(0.85)
    elif contact >= 2:
        candidates.append(0.40)
    if commercial >= 2 and contact:
        candidates.append(0.85)
    if commercial >= 4:
        candidates.append(0.85)
    elif commercial == 3:
        candidates.append(0.60)
    elif commercial == 2:
        candidates.append(0.50)
    shape = len(kinds & {"repeat", "caps"})
    if shape:
        candidates.append(SHAPE_SCORE[shape])
    return max(candidates)


_AMOUNT = re.compile(r"\d[\d,.]*")
# An advertiser's address to the reader: with one of these no cue is explained by the story.
_INVITING = frozenset({"contact", "platform", "handle", *CHANNEL_SCORE})


def _amount(text: str) -> str | None:
    found = _AMOUNT.search(text)
    return found.group().replace(",", "").rstrip(".") if found else None


@lru_cache(maxsize=64)
def _story_terms(title: str, body: str) -> tuple[frozenset[str], str]:
    """The amounts an article quotes with a currency and its normalised, case-folded text:
    read once per article version, not once per comment that quotes a price."""
    raw = f"{title} {body}".translate(_DIGITS)
    prices = frozenset(a for m in _PRICE.finditer(raw) if (a := _amount(m.group())))
    return prices, normalize_text(raw).casefold()


def _beyond_the_story(cues: list[_SpamCue], ctx: Context) -> list[_SpamCue]:
    """The cues that say more than the story does.

    A price the article quotes with its currency ("JD45" under a story of a JD45 departure tax)
    or a commercial word the article itself uses ("cheap" flights under a story of the cheapest
    fares, "للبيع" under a story of votes for sale) is the reader quoting the story, not an
    advert.  Not when the comment also invites the reader anywhere (a link, a phone, a handle,
    "contact us", "على الخاص"), and a commercial word only when it is the comment's only one
    and the comment names no price of its own: an advert for what the story covers is still an
    advert.
    """
    if ctx.article is None or not any(c.kind in ("price", "promo") for c in cues):
        return cues
    if any(c.kind in _INVITING for c in cues):
        return cues
    prices, story = _story_terms(ctx.article.title, ctx.article.body)
    # One commercial word is a quote; two or more ("عروض حج مضمونة"), or one beside a price
    # of the comment's own, are an advert's voice.
    quoting = sum(c.kind == "promo" for c in cues) == 1 and all(
        _amount(c.span.text) in prices for c in cues if c.kind == "price")
    kept = []
    for c in cues:
        if c.kind == "price" and _amount(c.span.text) in prices:
            continue
        if c.kind == "promo" and quoting:
            term = normalize_text(c.span.text).casefold()
            # a clitic before it, a plural or comparative after it ("the cheapest fares")
            if re.search(rf"(?<!\w)(?:و|ب|ف|ل|ال|وال|بال|لل)?{re.escape(term)}"
                         rf"(?:s|es|er|est|ات)?(?!\w)", story):
                continue
        kept.append(c)
    return kept


class SpamRules:
    """Links, phone numbers, handles, prices, promotional words, repetition and shouting."""

    name = "spam_rules"
    category = "spam"

    def __init__(self, allowed_domains: Iterable[str] = (), lexicon: Lexicon | None = None):
        # Compared by host, as links are: "https://partner.example" and "localhost:8123" too.
        self.allowed_domains = frozenset(h for d in allowed_domains if (h := _host(d.lower())))
        self.lexicon = lexicon if lexicon is not None else spam_lexicon()

    def __call__(self, ctx: Context) -> CheckResult:
        """Score the comment's spam cues together; links or phones in the name count too."""
        cues = _spam_cues(ctx.submission.comment, self.allowed_domains)
        cues.extend(_word_cues(self.lexicon.find(ctx.norm, tokens_of(ctx)), cues, ctx))
        cues = _beyond_the_story(cues, ctx)
        score = spam_score(cues)
        reasons = (
            [
                Reason(
                    code=self.category,
                    source="rule",
                    score=score,
                    spans=(c.span,),
                    params={"term": c.span.text, "cue": c.kind},
                )
                for c in sorted(cues, key=lambda c: c.span.start)
            ]
            if score > 0
            else []
        )
        name = ctx.submission.name or ""
        name_cues = [c for c in _spam_cues(name, self.allowed_domains) if c.kind in CHANNEL_SCORE]
        if name_cues:
            # A link as the commenter's name is the classic SEO spam signature.
            name_score = 0.85 if any(c.kind in ("url", "link") for c in name_cues) else 0.60
            score = max(score, name_score)
            reasons.extend(
                Reason(
                    code=self.category,
                    source="rule",
                    score=name_score,
                    field="name",
                    params={"term": c.span.text, "cue": c.kind},
                )
                for c in name_cues
            )
        if score <= 0:
            return CheckResult()
        return CheckResult(scores={self.category: score}, reasons=reasons)
