"""False rejections read off the dev rows: counter-speech that quotes a generalisation to rebuke
it, and an animal word the story itself is about (each both ways)."""

from __future__ import annotations

import pytest

from model.verdict import Article
from service.core import Context, Submission
from service.policy.rules import OffenseRules, StrifeRules
from service.policy.warm import defended_group

DOGS = Article("dogs", "حملة على الكلاب الضالة في الرمثا", "وقالت البلدية إن فرقها ستلتقط الكلاب "
               "الضالة بعد شكاوى من عض أطفال.", "ar")
PRICES = Article("prices", "ارتفاع أسعار الخضار", "وقالت الوزارة إن الأسعار سترتفع.", "ar")


@pytest.mark.parametrize(("comment", "defended"), [
    ("اللي بيحكي انه السوريين جابوا المرض عيب عليه. حاسبوا المهرب", True),
    ("اللي بيوصف اهل المخيم بانهم \"عالة\" على البلد لازم يخجل من حاله", True),
    ("Anyone who blames the Syrian refugees for this is wrong, smugglers did it", True),
    ("اللي بيحكي انه السوريين اخوانا غلطان، هدول خربوا البلد", False),  # a strife cue follows
    ("عيب على السوريين اللي بيعملوا هيك", False),  # the rebuke alone attacks as often
])
def test_rebuking_whoever_says_a_generalisation_defends_the_group(comment, defended):
    assert defended_group(Context(Submission(comment), None), StrifeRules()) is defended


@pytest.mark.parametrize(("comment", "article", "offensive"), [
    ("شو مصير الكلاب اللي رح تنمسك؟ وين بتروح؟", DOGS, False),  # the story's dogs
    ("شو مصير الكلاب اللي رح تنمسك؟ وين بتروح؟", PRICES, True),  # no dogs in this story
    ("يا كلاب حلوا عنا", DOGS, True),  # addressed, whatever the story
    ("الحكومة كلاب", DOGS, True),  # said of an institution
])
def test_an_animal_word_the_story_is_about_is_the_animal(comment, article, offensive):
    result = OffenseRules()(Context(Submission(comment), article))
    assert bool(result.scores.get("offense", 0.0) >= 0.8) is offensive


@pytest.mark.parametrize(("comment", "article", "offensive"), [
    # Arabizi writes the article apart: "el klab" before "elli" is the story's dogs
    ("shu masir el klab elli rah yemsekuhom?", DOGS, False),
    ("shu masir el klab elli rah yemsekuhom?", PRICES, True),
    ("ya klab 7elu 3anna", DOGS, True),  # addressed, whatever the story
])
def test_the_storys_animal_word_in_arabizi_with_its_article_apart(comment, article, offensive):
    result = OffenseRules()(Context(Submission(comment), article))
    assert bool(result.scores.get("offense", 0.0) >= 0.8) is offensive


# -- the reviewer's probes that the first draft let through ----------------------------------
@pytest.mark.parametrize("comment", [
    "اللي بيقول انه السوريين ضيوف ناسي انهم صاروا اكتر منا",  # rebukes the defenders
    "اللي بيتهم السوريين بالتهريب مش ظالم ابدا",  # a negated rebuke
    "Whoever says Egyptians are our guests is wrong. They are invaders.",
])
def test_rebuking_the_defenders_of_a_group_defends_nobody(comment):
    assert not defended_group(Context(Submission(comment), None), StrifeRules())


@pytest.mark.parametrize("comment", [
    "كلاب اللي قرروا هالحملة",  # indefinite before a relative clause: an insult
    "اللي قرروا هالحملة كلاب",  # said of the subject clause before it
    "The councillors are filthy dogs",
    "والله ك.ل.ا.ب",  # spelled out: nobody disguises a word meant literally
])
def test_an_aimed_animal_word_stays_an_insult_under_a_story_about_the_animal(comment):
    story = Article("dogs", "Stray dogs campaign", "The council will catch stray dogs. "
                    "Dogs bit three children. الكلاب الضالة", "en")
    assert OffenseRules()(Context(Submission(comment), story)).scores.get("offense", 0.0) >= 0.8
