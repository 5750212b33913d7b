"""Article names as readers write them: appositive speakers, Arabizi surnames, foreign refs."""

from __future__ import annotations

import pytest

from service.core import Article
from service.policy.names import PersonalNameCheck
from tests.names_support import named_in, seed_check


@pytest.fixture(scope="module")
def check() -> PersonalNameCheck:
    return seed_check()


REFEREES = Article(
    id="refs", title="حكام أجانب لمباريات القمة", language="ar",
    body="من جهته، قال رئيس لجنة الحكام في الاتحاد، جمال البدور، إن القرار مؤقت.\n"
         "وقال النائب سليمان الفاعوري إن الأردن تحمّل فوق طاقته.",
)
# One comma only: the words before the reported clause may be the office's own.
OPEN_COMMA = Article(
    id="refs2", title="حكام أجانب", language="ar",
    body="قال رئيس لجنة الحكام في الاتحاد، جمال البدور إن القرار مؤقت.",
)
STORM = Article(
    id="storm", title="Snow isolates southern villages", language="en",
    body="TAFILEH - The Southern Military Region said army vehicles had transported 37 people.\n"
         "Tafileh Governor Fawaz Rawajfeh said crews were working.",
)


def test_a_speaker_set_off_by_commas_after_his_office_is_harvested_even_with_a_word_name(
        check):
    names = {name for _, name in check.extract_article_names(REFEREES)}
    assert {"جمال البدور", "البدور", "سليمان الفاعوري"} <= names
    # not closed by a comma: "جمال" (beauty) before a definite word is not taken for a name
    assert not {name for _, name in check.extract_article_names(OPEN_COMMA)} & {"جمال البدور"}


CHAMBER = Article(
    id="chamber", title="انتخابات غرفة التجارة", language="ar",
    body="تنافست قائمة «تجار العاصمة» برئاسة مازن الحديدي وقائمة «النهضة» برئاسة رائد العكشة."
         "\nفي المقابل، وصف العكشة الاتهامات بأنها محاولة مكشوفة.",
)


TRADES = Article(
    id="trades", title="اسعار الخدمات", language="ar",
    body="وقال الدكتور سامي الحلاق إن الاسعار ارتفعت، وأضاف محمد الطباخ أن الطلب تراجع.",
)


@pytest.mark.parametrize(("comment", "named"), [
    ("kul shi ghali, 7atta el 7allaq sar ghali", False),  # the barber, not Dr Sami
    ("el 6abba5 bil ma63am rafa3 el as3ar", False),
    ("sami el 7allaq lazem yesta2eel", True),
])
def test_a_doubled_three_letter_reading_names_the_official_only_after_his_given_name(
        check, comment, named):
    assert named_in(check, comment, TRADES) is named


def test_a_list_headed_by_someone_names_him_even_with_a_word_name(check):
    # رائد is a rank and a word (pioneer) as well as a name: "headed by" says it is a person
    names = {name for _, name in check.extract_article_names(CHAMBER)}
    assert {"رائد العكشة", "مازن الحديدي"} <= names
    assert named_in(check, "العكشة أكبر نصاب بالسوق", CHAMBER)
    # an honorific after "headed by" is the title's: "سعادة" (happiness) is no name
    assert not named_in(check, "اللجنة برئاسة سعادة النائب ما رح تحاسب حدا", CHAMBER, at=0.5)


@pytest.mark.parametrize("body", [
    "وقال مهاجم الفيصلي، قائد الفريق، إن المباراة صعبة",
    "وقال اللاعب، نجم المباراة، إن الفوز مهم",
    "وقال المواطن، صاحب المحل، إن الاسعار نار",
    "وقال الشاب، حارس العمارة، إن المي مقطوعة",
    "وقال الضيف، سعادة السفير، إن العلاقات متينة",
])
def test_a_role_set_off_by_commas_is_not_harvested_as_a_name(check, body):
    article = Article(id="role", title="خبر", body=body, language="ar")
    assert check.extract_article_names(article) == []


def test_a_command_that_speaks_is_not_harvested_as_a_person(check):
    names = {name.lower() for _, name in check.extract_article_names(STORM)}
    assert "fawaz rawajfeh" in names and not names & {"military region", "region"}
    assert not named_in(check, "Our region is always forgotten in storms", STORM, at=0.5)


@pytest.mark.parametrize(("comment", "named"), [
    ("Jamal el Bdour lazem yista2eel, 3 sneen w nafs el akhta2", True),
    # Arabizi writes the long a short: el fa3ouri is الفاعوري
    ("wein el na2eb el fa3ouri men zaman ma7ada shafo", True),
    ("el fa3ouri 7aki mazbout", True),
    ("el fa3l ma bikfi", False),  # another word after the article
])
def test_an_arabizi_surname_without_its_long_alef_names_the_official(check, comment, named):
    assert named_in(check, comment, REFEREES) is named


FORMULA = Article(
    id="formula", title="نقص حليب الأطفال", language="ar",
    body="وقال المدير العام للمؤسسة الدكتور سامر العزام إن شحنة تصل الأسبوع المقبل.",
)


@pytest.mark.parametrize(("comment", "named"), [
    # a doubled letter is one Arabic letter with a shadda: el 3azzam is العزام
    ("el mudeer samer el 3azzam lazem yesta2eel", True),
    ("el 3azzam kan fi el sa7a", False),  # three letters need the given name before them
    ("el 3azm mawjood bas el 7aleeb la", False),  # no doubling: three letters are a word
    ("bdna el 7ammam ysakker", False),  # doubled, but no name of the story reads so
])
def test_an_arabizi_surname_with_a_doubled_letter_names_the_official(check, comment, named):
    assert named_in(check, comment, FORMULA) is named


@pytest.mark.parametrize("comment", [
    "انا ضد القرار، الحكم الاجنبي كمان بغلط بس ما حدا رح يحكي عليه",
    "طيب المرضى اللي تحولوا بيدفعوا اشي ولا على التأمين؟",
    "طيب الاهالي شو ذنبهم",
])
def test_the_foreign_referee_and_a_plural_of_people_after_a_name_like_word_name_nobody(
        check, comment):
    assert not named_in(check, comment, REFEREES, at=0.5)


NAMED_LIKE_WORDS = Article(
    id="words", title="مهرجان الشعر", language="ar",
    body="وقال الدكتور محمد السالم إن المهرجان بدأ.\nوقال الشاعر احمد العالم إن الامسية ناجحة.",
)


@pytest.mark.parametrize("comment", [
    "el salam 3aleikom ya jama3a",  # سلم: three letters read like السالم without its alef
    "el 3alam kolo sakt",
])
def test_a_three_letter_arabizi_word_after_el_is_no_officials_name(check, comment):
    assert not named_in(check, comment, NAMED_LIKE_WORDS, at=0.5)


def test_a_given_name_before_an_abu_family_name_is_harvested_whole(check):
    """"Ziad Abu Hamdan" after an office no title cue knows: the run goes on over "Abu"."""
    article = Article(id="ase", title="Stocks at a ten-year high",
                      body="AMMAN - ASE Chief Executive Officer Ziad Abu Hamdan told reporters "
                           "that trading rose. Flights to Abu Dhabi were full.",
                      language="en")
    names = {name.lower() for _, name in check.extract_article_names(article)}
    assert {"ziad abu hamdan", "abu hamdan"} <= names
    assert not names & {"abu dhabi", "dhabi"}
    assert named_in(check, "Credit where it's due, Ziad Abu Hamdan modernised the ASE", article)
    assert not named_in(check, "We flew to Abu Dhabi for the same fee", article)


def test_a_given_name_with_an_ayn_apostrophe_is_harvested_and_its_surname_names_him(check):
    """"Ra'ed Sawalha": the apostrophe splits the given name; "Aqaba's" stays a possessive."""
    article = Article(id="jfa", title="Aqaba Club withdraws from the league",
                      body="All of Aqaba's results will be annulled, JFA Competitions Committee "
                           "head Ra'ed Sawalha said.",
                      language="en")
    names = {name.lower() for _, name in check.extract_article_names(article)}
    assert {"raed sawalha", "sawalha"} <= names
    assert not any(n.startswith("aqaba") for n in names)
    assert named_in(check, "Where is Sawalha now? Healthier for whom?", article)


def test_a_surname_with_an_apostrophe_still_names_him_as_readers_copy_it(check):
    article = Article(id="cafes", title="Cafe smoking ban enforced",
                      body="Health Minister Firas Masa'deh said inspectors would visit cafes.",
                      language="en")
    assert named_in(check, "Masa'deh has been minister for eight months and achieved nothing",
                    article)


def test_a_given_name_after_a_title_is_not_read_as_an_english_storys_surname(check):
    """A title before a given name or a full name: not the English story's surname."""
    article = Article(id="hamdan", title="Clinic hours extended", language="en",
                      body="Health director Ahmad Hamdan and Sheikh Sami Ramadan spoke.")
    assert not named_in(check, "الدكتور حمدان العبادي حكى عكس هالكلام", article)
    assert not named_in(check, "الشيخ رمضان الله يرحمه كان يحكي هيك", article)
