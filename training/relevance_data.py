"""The (comment, article) pairs of the off-topic relevance model, and its unlabelled corpus.

Data and splits (nothing here is copied into the repository; the data folder is read at run time):

* **SemEval-2015 CQA** (question -> answer; Good = on-topic, Bad/Dialogue = off-topic): the
  official dev split trains, the official test split is held out.  Title = question subject,
  body = question text.
* **Fox News / SFU comments** (comment vs its own article title = on-topic, vs another article's
  title = off-topic).  Articles are split into train and test *as groups* (a fixed hash order), and
  the off-topic partner of a comment is always another article **of the same fold**, so no article
  appears on both sides.  Fox titles come with the article's lead (``meta``) as body; SFU has none.
* **Arabic, constructed** (there is no public Arabic comment/article relevance set):
  - ``anercorp_windows``: ANERcorp newswire; three consecutive sentences play the article (first =
    title), the next sentence is on-topic and a sentence from far away in the corpus is
    off-topic.  Train file -> training pairs, test file -> held out.  It measures whether the
    Arabic spaces tell a passage's continuation from an unrelated news sentence; positives are
    noisy where a story ends inside the window.
  - ``ar_tweets_hashtag``: real dialectal tweets (hashtags, mentions and links removed) grouped by
    the trend hashtag they carried, paired with a short news-style article on that trend written
    for this evaluation (:data:`AR_TOPICS`) = on-topic, and with another trend's article =
    off-topic.  Held out entirely (never fitted on, and removed from the unlabelled corpus).  It
    measures "which of a few distinct trends is this tweet about"; the articles were written after
    reading a few tweets per trend, so their wording may favour the model.

The unlabelled corpus the vectorisers are fitted on is a language-balanced, hash-ordered sample
of the classification sets plus the training-side texts it is given; the Fox/SFU comments and
the trend tweets never enter it.
"""

from __future__ import annotations

import csv
import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from model.normalize import normalize_text
from training.dataset_ner import load_ner
from training.dataset_pairs import load_relevance_pairs

TEST_ARTICLES = {"fox_news_comments": 3, "sfu_ctc": 4}
CORPUS_PER_LANGUAGE = 40_000
TWEETS_PER_TOPIC = 150
WINDOW = 3
WINDOW_STEP = 5
UNLABELLED_EXCLUDE = ("fox_news_comments", "sfu_ctc")


@dataclass(frozen=True, slots=True)
class Pair:
    """A labelled (comment, article) pair; ``group`` keeps related pairs in one CV fold."""

    comment: str
    title: str
    body: str
    on_topic: int
    source: str
    split: str
    group: str
    language: str


def _hash(text: str) -> int:
    return int(hashlib.sha256(text.encode("utf-8")).hexdigest(), 16)


# --------------------------------------------------------------------------- English pairs


def _fox_leads(data: Path) -> dict[str, str]:
    path = data / "fox_news_comments" / "fox_news_comments.csv"
    leads: dict[str, str] = {}
    if path.exists():
        with path.open(encoding="utf-8-sig", newline="") as fh:
            for r in csv.DictReader(fh):
                leads.setdefault(r["thread_id"].strip(), r["meta"].strip())
    return leads


def test_articles(source: str, article_ids: Iterable[str]) -> set[str]:
    """The held-out articles of a Fox/SFU source: a fixed hash order, not chosen by results."""
    ranked = sorted(set(article_ids), key=lambda a: _hash(f"raqib-relevance:{source}:{a}"))
    return set(ranked[: TEST_ARTICLES[source]])


def english_pairs(data: Path) -> list[Pair]:
    """SemEval (official dev/test) and Fox/SFU (grouped by article, negatives within the fold)."""
    pairs: list[Pair] = []
    raw = load_relevance_pairs(data)
    for p in raw:
        if p.source != "semeval2015_cqa":
            continue
        title, _, body = p.context.partition("\n")
        split = "test" if p.split == "test" else "train"
        pairs.append(Pair(p.comment, title, body, p.label, p.source, split, p.context_id, "en"))
    leads = _fox_leads(data)
    for source in TEST_ARTICLES:
        home = [p for p in raw if p.source == source and p.label == 1]
        titles = {p.context_id: p.context for p in home}
        held = test_articles(source, titles)
        for split, ids in (("train", sorted(set(titles) - held)), ("test", sorted(held))):
            bodies = {a: leads.get(a, "") if source == "fox_news_comments" else "" for a in ids}
            for p in home:
                if p.context_id not in ids:
                    continue
                group = f"{source}:{p.context_id}"
                pairs.append(Pair(p.comment, titles[p.context_id], bodies[p.context_id], 1,
                                  source, split, group, "en"))
                others = [a for a in ids if a != p.context_id]
                other = others[_hash(p.comment) % len(others)]
                pairs.append(Pair(p.comment, titles[other], bodies[other], 0, source, split,
                                  group, "en"))
    return pairs


# --------------------------------------------------------------------------- Arabic pairs


def anercorp_sentences(data: Path) -> dict[str, list[str]]:
    """ANERcorp sentences per split (tokens joined by spaces)."""
    ner = load_ner(data).get("anercorp", {})
    return {split: [" ".join(tokens) for tokens, _ in sents] for split, sents in ner.items()}


def window_pairs(sentences: Sequence[str], split: str) -> list[Pair]:
    """Consecutive-sentence windows of newswire: next sentence on-topic, a distant one off."""
    pairs: list[Pair] = []
    n = len(sentences)
    for i in range(0, n - WINDOW - 1, WINDOW_STEP):
        title, body = sentences[i], " ".join(sentences[i + 1 : i + WINDOW])
        follow = sentences[i + WINDOW]
        # Half the corpus away: a different story, in a corpus of many short stories.
        far = sentences[(i + WINDOW + n // 2) % n]
        if len(follow.split()) < 6 or len(far.split()) < 6 or len(title.split()) < 4:
            continue
        group = f"anercorp:{split}:{i}"
        pairs.append(Pair(follow, title, body, 1, "anercorp_windows", split, group, "ar"))
        pairs.append(Pair(far, title, body, 0, "anercorp_windows", split, group, "ar"))
    return pairs


# Written for this evaluation (news-style, MSA): one article per trend hashtag family.
AR_TOPICS: dict[str, tuple[tuple[str, ...], str, str]] = {
    "kleija": (
        ("بايع_الكليجا", "بائع_الكليجا"),
        "شاب يبيع الكليجا في مهرجان بالقصيم يتحول إلى حديث مواقع التواصل",
        "انتشر مقطع فيديو لشاب سعودي يبيع الكليجا في مهرجان الكليجا في بريدة، وتحول الوسم "
        "باسمه إلى الأكثر تداولا في المملكة. وتفاعل آلاف المغردين والمغردات مع المقطع بين "
        "الإعجاب والسخرية، فيما استضافته قنوات تلفزيونية للحديث عن تجربته في البيع. ويقام "
        "المهرجان سنويا لدعم الأسر المنتجة وتسويق الكليجا والمنتجات الشعبية.",
    ),
    "dima_sadek": (
        ("كلنا_ديما_صادق", "ديما_صادق", "ديما_الواطية", "ديما_الوطية", "ديما_الواطيه", "ديما"),
        "الإعلامية اللبنانية ديما صادق تتعرض لحملة إساءة بعد مقدمة نشرة الأخبار",
        "تعرضت مقدمة الأخبار في قناة إل بي سي آي ديما صادق لحملة شتائم وتهديدات على مواقع "
        "التواصل الاجتماعي بعد مقدمة انتقدت فيها أحزاب السلطة في لبنان. وأطلق متضامنون معها "
        "وسما للدفاع عن حرية الإعلام، بينما هاجمها مناصرو أحزاب اعتبروا كلامها تحريضا. وقالت "
        "الإعلامية إنها لن تتراجع عن مواقفها رغم التهديدات.",
    ),
    "iraq_protests": (
        ("العراق_ينتفض",),
        "مظاهرات العراق: آلاف المحتجين في بغداد والجنوب يطالبون بإسقاط الحكومة",
        "خرج آلاف العراقيين إلى ساحة التحرير في بغداد ومدن الجنوب احتجاجا على الفساد والبطالة "
        "وتردي الخدمات، مطالبين برحيل الطبقة السياسية وإنهاء النفوذ الإيراني في البلاد. "
        "واستخدمت قوات الأمن الرصاص الحي والغاز المسيل للدموع، ما أدى إلى سقوط قتلى وجرحى. "
        "ودعت المرجعية الدينية في النجف الحكومة إلى الاستجابة لمطالب المتظاهرين.",
    ),
    "saudi_football": (
        ("الاتحاد_النصر", "الهلال_والاهلي", "الهلال_الاهلي", "الفيحاء_الاهلي", "الهلال",
         "النصر", "الاتحاد", "الاهلي"),
        "الدوري السعودي: قمة مرتقبة بين الاتحاد والنصر ومواجهة للهلال والأهلي",
        "يلتقي فريق الاتحاد مع ضيفه النصر مساء اليوم في جدة ضمن الجولة الجديدة من الدوري "
        "السعودي للمحترفين، فيما يخوض الهلال والأهلي مباراتين صعبتين. ويسعى المدربون إلى "
        "تحقيق الفوز لتحسين المواقع في جدول الترتيب والمنافسة على اللقب، وسط حضور جماهيري "
        "كبير من المشجعين في الملاعب.",
    ),
    "sudan_sit_in": (
        ("اعتصام_القيادة_العامة", "اعتصام_القياده_العامه"),
        "آلاف السودانيين يواصلون الاعتصام أمام القيادة العامة للجيش في الخرطوم",
        "يواصل المعتصمون في محيط مقر القيادة العامة للقوات المسلحة في الخرطوم اعتصامهم للمطالبة "
        "بتسليم السلطة إلى حكومة مدنية بعد عزل الرئيس عمر البشير. ويرفض المحتجون بقاء المجلس "
        "العسكري الانتقالي في الحكم، ويطالبون بمحاسبة رموز النظام السابق والقصاص لضحايا "
        "الاحتجاجات. وأعلن تجمع المهنيين تمسكه بالاعتصام حتى تحقيق مطالب الثورة.",
    ),
    "expose_abuser": (
        ("افضح_معنفك",),
        "وسم «افضح معنفك» يكشف قصص العنف والتنمر في المدارس والبيوت",
        "أطلق مغردون سعوديون وسما يدعو ضحايا العنف إلى رواية تجاربهم مع المعلمين والأهل "
        "والأزواج الذين أساؤوا إليهم. وروت مئات المشاركات قصصا عن الضرب والإهانة والتنمر في "
        "المدارس وداخل الأسرة، بينما طالب مختصون بتفعيل أنظمة الحماية من الإيذاء وتشجيع "
        "الضحايا على التبليغ.",
    ),
    "funeral_reminder": (
        ("صلاه_الجنازه_القادمه_انت",),
        "وسم «صلاة الجنازة القادمة أنت» يذكر بالموت والاستعداد للآخرة",
        "انتشر على تويتر وسم يذكر المستخدمين بأن الموت قريب وأن صلاة الجنازة القادمة قد تكون "
        "على أي واحد منهم. وتبادل المغردون آيات وأحاديث وأدعية تحث على التوبة والمحافظة على "
        "الصلاة وترك المعاصي، وطلبوا الرحمة والمغفرة لموتاهم.",
    ),
}
_HASHTAG = re.compile(r"#(\w+)")
_TWEET_NOISE = re.compile(r"#\w+|@\w+|https?://\S+|www\.\S+|<LF>|\bRT\b|\bURL\b|\bUSER\b")


def hashtag_pairs(texts: Iterable[str]) -> tuple[list[Pair], set[str]]:
    """Held-out Arabic tweet pairs by trend hashtag, and the raw tweets used (to exclude)."""
    owner = {tag: topic for topic, (tags, _, _) in AR_TOPICS.items() for tag in tags}
    by_topic: dict[str, dict[str, str]] = defaultdict(dict)
    used: set[str] = set()
    for text in texts:
        topics = {owner[t] for t in _HASHTAG.findall(text) if t in owner}
        if not topics:
            continue
        used.add(text)  # every trend tweet leaves the unlabelled corpus, used or not
        if len(topics) != 1:
            continue
        clean = " ".join(_TWEET_NOISE.sub(" ", text).split())
        if len(clean.split()) < 3:
            continue
        by_topic[topics.pop()].setdefault(normalize_text(clean), clean)
    names = sorted(AR_TOPICS)
    pairs: list[Pair] = []
    for topic in names:
        tweets = sorted(by_topic[topic].values(), key=_hash)[:TWEETS_PER_TOPIC]
        others = [t for t in names if t != topic and by_topic[t]]
        for tweet in tweets:
            other = others[_hash(tweet) % len(others)]
            _, title, body = AR_TOPICS[topic]
            _, o_title, o_body = AR_TOPICS[other]
            group = f"tweets:{topic}"
            pairs.append(Pair(tweet, title, body, 1, "ar_tweets_hashtag", "test", group, "ar"))
            pairs.append(Pair(tweet, o_title, o_body, 0, "ar_tweets_hashtag", "test", group,
                              "ar"))
    return pairs, used


# --------------------------------------------------------------------------- corpus


def unlabelled_corpus(
    examples: Sequence[Any], exclude: set[str], extra: Sequence[str]
) -> list[str]:
    """A fixed-size, language-balanced sample of unlabelled text plus the training texts."""
    by_lang: dict[str, list[str]] = defaultdict(list)
    for ex in examples:
        if ex.source in UNLABELLED_EXCLUDE or ex.text in exclude:
            continue
        by_lang[ex.language].append(ex.text)
    corpus: list[str] = []
    for lang in sorted(by_lang):
        texts = sorted(by_lang[lang], key=_hash)[:CORPUS_PER_LANGUAGE]
        corpus.extend(texts)
    corpus.extend(extra)
    return corpus

