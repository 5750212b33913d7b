"""Names of personalities: places, institutions, private people, Arabic name shapes and the
article's own officials (hand-written fixtures)."""

from __future__ import annotations

import pytest

from service.core import Article
from service.policy.names import (
    PersonalNameCheck,
    Watchlist,
    load_seed_watchlist,
)
from tests.names_support import FakeTagger, found, make_check, run, seed_check

# -- places, institutions, private people (hand-written fixtures) -------------------------------

AR_ARTICLE = Article(
    "ar-fixture",
    "الحكومة ترفع أجور النقل العام",
    "قال وزير النقل المهندس باسل العضايلة إن الأجور سترتفع.\n\n"
    "وقال رئيس جمعية المخابز الأردنية عمر الحياصات إن الخبز لن يتأثر.\n\n"
    "وأكد العضايلة أن القرار مؤقت.",
)
EN_ARTICLE = Article(
    "en-fixture",
    "Bus fares rise in Irbid",
    "IRBID — Transport Commissioner Dana Khreisat said fares would rise.\n\n"
    "Festival manager Karim Haddadin told reporters the King Hussein Park shuttle would run. "
    "Residents of Wadi Seer and Jabal Hussein complained.",
)


@pytest.fixture(scope="module")
def seeded() -> PersonalNameCheck:
    return seed_check()


@pytest.mark.parametrize(
    "comment",
    [
        "بسكن بضاحية الامير حسن والباص ما بيوصل",  # proclitic ب on the head
        "الطريق لمطار الملكة علياء الدولي مزدحم",  # the title between head and name
        "عشارع وصفي التل في أزمة كل يوم",  # dialect ع of على
        "شارع الملكة رانيا مسكر من الصبح",
        "مدينة الحسين للشباب بدها باصات",
        "جسر الملك حسين مسكر اليوم",
        "رحت على مستشفى الأمير حمزة وكان الوضع ممتاز",
        "Queen Alia International Airport buses are late",  # descriptors before the head
        "King Abdullah II Park needs a shuttle too",  # an ordinal before the head
        "near the King Talal Dam road",
        "Prince Hamzah Hospital staff were great",
        "Roads to King Abdullah University Hospital are closed",
        "the queen alia airport road is flooded",  # lowercase head
        "Queen Alia International already feels like a ghost town",  # the airport, no head
    ],
)
def test_names_inside_place_and_institution_names_are_not_personalities(seeded, comment):
    assert found(run(seeded, comment)) == []


@pytest.mark.parametrize(
    ("comment", "name"),
    [
        ("الملك عبدالله زار مستشفى البشير امس", "الملك عبدالله"),  # head after: no construct
        ("I met Prince Hamzah at the hospital", "Prince Hamzah"),
        ("King Abdullah visited the hospital yesterday", "King Abdullah"),
        ("الملكة رانيا زارت المدرسة", "الملكة رانيا"),
        ("فنان كبير كاظم الساهر", "كاظم الساهر"),  # كبير is not ك + بير ("well")
        ("In the hospital, King Abdullah said thanks", "King Abdullah"),  # a comma in between
    ],
)
def test_personalities_beside_place_words_are_still_personalities(seeded, comment, name):
    assert found(run(seeded, comment)) == [(name, "watchlist")]


def test_the_queen_is_no_airport_when_no_place_descriptor_follows_her_name(seeded):
    assert [n for n, _ in found(run(seeded, "Queen Alia Al Hussein would be ashamed"))] == [
        "Alia Al Hussein"]
    assert found(run(seeded, "Queen Alia International feels like a ghost town")) == []


@pytest.mark.parametrize(
    ("comment", "tagged"),
    [
        ("my son Omar takes the bus every day", {"Omar": 0.9}),
        ("Our neighbour Khaled Haddad fixed it", {"Khaled Haddad": 0.9}),
        ("ابني يزن بيروح عالمدرسة بالباص", {"يزن": 0.9}),
        ("جاري ابو سامي الحمايدة سواق باص", {}),  # kin word before the kunya
        ("أخوي محمد سواق تكسي", {"محمد سواق": 0.8}),
        ("انا اسمي خالد الرواجفة وبشتغل سواق", {}),
        ("Great article, thanks. - Rania", {"Rania": 0.9}),  # a signature
        ("Great article, thanks.\nKhaled", {"Khaled": 0.9}),
    ],
)
def test_private_people_and_signatures_are_not_personalities(seeded, comment, tagged):
    watchlist = Watchlist.from_entries(load_seed_watchlist())
    check = PersonalNameCheck(FakeTagger(tagged), lambda: watchlist)
    assert found(run(check, comment)) == []


def test_a_signature_that_poses_as_a_royal_is_still_a_personality(seeded):
    assert found(run(seeded, "Nice work everyone - King Abdullah")) == [
        ("King Abdullah", "watchlist")
    ]


@pytest.mark.parametrize(
    "comment",
    [
        "النائب ما بيمثلنا",
        "رئيس الوزراء لازم يتدخل",
        "وزير النقل لازم يستقيل",
        "الوزير الجديد ما عمل اشي",
        "The minister should explain the fares",
        "The Prime Minister said nothing",
        "الاساتذة نواب عن الشعب",  # a plural of the family-name shape
        "على المستوى الشعبي الناس تعبانة",  # على folds to علي, المستوى looks like a nisba
    ],
)
def test_titles_without_a_name_are_not_personalities(seeded, comment):
    assert found(run(seeded, comment)) == []


# -- Arabic names by shape, context and Arabizi --------------------------------------------------


@pytest.mark.parametrize(
    ("comment", "name", "via", "score"),
    [
        ("الوزير العواملة ما بحس فينا", "العواملة", "title", 0.9),  # family-name shape
        ("وزير الزراعة خالد الرواجفة لازم يستقيل", "خالد الرواجفة", "title", 0.9),
        ("رئيس جمعية تجار الخضار عوض المناصير حكى", "عوض المناصير", "title", 0.6),
        ("العواملة نائب محترم", "العواملة", "shape", 0.85),  # a family name holding an office
        ("خالد الرواجفة حكى كلام منطقي", "خالد الرواجفة", "shape", 0.6),  # review
        ("خالد الرواجفة كان أحسن وزير نقل", "خالد الرواجفة", "context", 0.85),
        ("الله يرحم ايام الدكتور سليم القضاة", "سليم القضاة", "context", 0.85),  # era
        ("el na2eb Haddad 7aka mnee7", "Haddad", "title", 0.9),  # Arabizi title
    ],
)
def test_arabic_names_are_found_by_shape_title_and_context(seeded, comment, name, via, score):
    result = run(seeded, comment)
    assert found(result) == [(name, via)]
    assert result.scores["personal_name"] == score


def test_a_courtesy_title_alone_stays_in_review(seeded):
    result = run(seeded, "سألت الدكتور سليم القضاة عن الدوا")
    assert found(result) == [("سليم القضاة", "title")]
    assert result.scores["personal_name"] == 0.6


# -- the article's own officials ----------------------------------------------------------------


def test_article_officials_are_harvested_by_role_and_given_name(seeded):
    ar = {name for _, name in seeded.extract_article_names(AR_ARTICLE)}
    assert {"باسل العضايلة", "العضايله", "عمر الحياصات", "الحياصات"} <= ar
    en = {name for _, name in seeded.extract_article_names(EN_ARTICLE)}
    assert {"Dana Khreisat", "khreisat", "Karim Haddadin", "haddadin"} <= en
    # Places are not persons, nor their last words surnames.
    assert not en & {"Wadi Seer", "seer", "Jabal Hussein", "hussein", "park"}


@pytest.mark.parametrize(
    ("article", "comment", "name"),
    [
        (AR_ARTICLE, "العضايلة ما بعرف شو بيحكي", "العضايلة"),
        (AR_ARTICLE, "والحياصات كمان نفس الحكي", "الحياصات"),  # the clitic stays outside
        (AR_ARTICLE, "el Hiyasat bi7ki 3ala kefo", "Hiyasat"),  # Arabizi, other script
        (AR_ARTICLE, "Hiyasat should resign", "Hiyasat"),
        (EN_ARTICLE, "Khreisat should resign", "Khreisat"),
        (EN_ARTICLE, "Haddadin is doing a good job", "Haddadin"),
    ],
)
def test_article_officials_by_surname_in_either_script(seeded, article, comment, name):
    result = run(seeded, comment, article=article)
    assert found(result) == [(name, "article")]
    assert result.scores["personal_name"] == 0.9


@pytest.mark.parametrize(
    "comment",
    [
        "they called it a plan but nothing changed",  # "called" has the skeleton of a name
        "Residents of Wadi Seer are angry",
        "Hussein Park is crowded",
    ],
)
def test_article_names_do_not_match_common_words_or_places(seeded, comment):
    article = Article(
        "ar-fixture-2",
        "الوزارة تفتتح مدرسة",
        "قال وزير التربية الدكتور سامي الخوالدي إن المدرسة جاهزة.",
    )
    assert found(run(seeded, comment, article=article)) == []
    assert found(run(seeded, comment, article=EN_ARTICLE)) == []


def test_cross_script_skeletons_fold_what_latin_spelling_loses():
    from service.policy.names.phonetic import skeleton

    assert skeleton("الطراونه") == skeleton("tarawneh") == "trn"
    assert skeleton("الصرايره") == skeleton("sarayreh")
    assert skeleton("القضاه") == skeleton("qudah")
    assert skeleton("الخوالده") != skeleton("الطراونه")


def test_given_name_lexicon_builder_marks_everyday_words_ambiguous(tmp_path):
    import sqlite3

    from service.policy.names.build_given_names import build

    db = tmp_path / "names.sqlite3"
    con = sqlite3.connect(db)
    con.execute(
        "CREATE TABLE units (arabic_key TEXT, latin TEXT, latin_lang TEXT, country TEXT, "
        "role TEXT, count INTEGER, source TEXT)"
    )
    con.executemany(
        "INSERT INTO units VALUES (?, ?, '', ?, ?, ?, 'test')",
        [
            ("يزن", "Yazan", "JO", "given", 9),
            ("جمال", "Jamal", "JO", "given", 9),
            ("عبد الله", "Abdullah", "JO", "given", 9),
            ("بهرام", "Bahram", "IR", "given", 9),  # not an Arab country: Latin only
            ("حداد", "Haddad", "LB", "surname", 9),  # a surname, not a given name
            ("نادر", "Nader", "EG", "given", 1),  # too rare
        ],
    )
    con.commit()
    con.close()
    corpus = tmp_path / "anercorp"
    corpus.mkdir()
    (corpus / "train.txt").write_text(
        "جمال O\nجمال O\nجمال O\nجمال B-PERS\nيزن B-PERS\nالطقس O\n", encoding="utf-8"
    )
    rows = {(name, script): ambiguous for name, script, _, ambiguous in build(db, corpus)}
    assert rows[("يزن", "ar")] == 0 and rows[("جمال", "ar")] == 1
    assert ("عبدالله", "ar") in rows  # joined as the watchlist joins it
    assert ("بهرام", "ar") not in rows and ("bahram", "en") in rows
    assert ("حداد", "ar") not in rows and ("haddad", "en") not in rows
    assert ("نادر", "ar") not in rows


@pytest.mark.parametrize(
    ("body", "person", "noun"),
    [
        ("من جهته، عزا نقيب تجار المواشي فواز الزبن الارتفاع إلى زيادة الأعلاف.",
         "فواز الزبن", "الارتفاع"),
        ("وأكد الناطق باسم الوزارة سليمان الخوالدة الحكومتين ملتزمتان بالاتفاق.",
         "سليمان الخوالدة", "الحكومتين"),
    ],
)
def test_an_article_name_ends_at_its_family_name_not_at_the_noun_after_it(
    seeded, body, person, noun
):
    article = Article("ar-fixture-run-on", "خبر", body, "ar")
    names = {name for _, name in seeded.extract_article_names(article)}
    assert person in names and noun not in names
    assert not any(n.endswith(noun) for n in names)
    # A reader writing the noun names nobody; the family name alone still does.
    assert found(run(seeded, f"{noun} مش طبيعي هالسنة", article=article)) == []
    assert found(run(seeded, f"{person.split()[-1]} حكى كلام مش منطقي", article=article))


@pytest.mark.parametrize(
    ("body", "person"),
    [
        ("وقال مدير المديرية عبد الرحيم الزيود إن العمل مستمر.", "عبد الرحيم الزيود"),
        ("وقال المهندس نور الدين الحمايدة إن العمل مستمر.", "نور الدين الحمايدة"),
    ],
)
def test_compound_given_names_keep_their_family_name(seeded, body, person):
    article = Article("ar-fixture-compound", "خبر", body, "ar")
    names = {name for _, name in seeded.extract_article_names(article)}
    assert person in names


@pytest.mark.parametrize(
    ("comment", "named"),
    [
        ("الله يرحمك يا وصفي، بزمانك كانت الدولة غير", True),  # a late PM by first name
        ("رحم الله وصفي، ما كان في فساد هيك", True),
        ("والله لو وصفي عايش ما صار هيك", True),  # "if Wasfi were alive": the late PM
        ("ابني وصفي نجح بالتوجيهي الحمدلله", False),  # a reader's son of the same name
        ("شارع وصفي التل مسكر من الصبح", False),  # a street
    ],
)
def test_a_prayer_for_wasfi_names_the_late_prime_minister(seeded, comment, named):
    assert bool(found(run(seeded, comment))) is named


@pytest.mark.parametrize(
    ("comment", "named"),
    [
        ("الله يحفظ ابو حسين، لولا توجيهاته ما فتحوا مراكز البيع", True),  # the King's kunya
        ("الله يحمي ابو الحسين ويطول عمره", True),
        ("ابو حسين الله يحفظه هو الوحيد اللي حاسس فينا", True),  # the prayer after the kunya
        ("ابو حسين صاحب الملحمة رفع السعر", False),  # a butcher known by his son's name
    ],
)
def test_a_prayer_for_abu_hussein_names_the_king(seeded, comment, named):
    assert bool(found(run(seeded, comment))) is named


@pytest.mark.parametrize(
    "comment",
    ["قناة الملك عبدالله نصها تبخر وتسريب", "The King Abdullah Canal loses half its water"],
)
def test_the_king_abdullah_canal_is_a_place(seeded, comment):
    assert found(run(seeded, comment)) == []


@pytest.mark.parametrize(
    ("comment", "named"),
    [
        ("حولونا على مستشفى الملك المؤسس عبدالله الجامعي وعملوا لابني العملية", False),
        ("مستشفى الملك الراحل الحسين للسرطان", False),
        ("الله يرحم الملك الحسين، بنى هالبلد", True),
    ],
)
def test_a_hospital_named_for_the_founding_king_is_a_place(seeded, comment, named):
    assert bool(found(run(seeded, comment))) is named


@pytest.mark.parametrize(("comment", "tagged"), [
    ("Does anyone know if JETT buses run on Fridays?", "JETT"),
    ("The JFA should sort out ticketing", "JFA"),
])
def test_one_word_in_capitals_the_tagger_finds_is_an_acronym(comment, tagged):
    watchlist = Watchlist.from_entries(load_seed_watchlist())
    check = PersonalNameCheck(FakeTagger({tagged: 0.9}), lambda: watchlist)
    assert found(run(check, comment)) == []


@pytest.mark.parametrize("name_field", ["ابو عمار", "أبو مازن", "Abu Mazen", "ام حسين"])
def test_a_kunya_in_the_name_field_poses_as_nobody(seeded, name_field):
    assert run(seeded, "كلام منطقي والله", name=name_field).reasons == []


def test_a_full_name_in_the_name_field_still_poses(seeded):
    (reason,) = run(seeded, "كلام منطقي والله", name="الملك عبدالله الثاني").reasons
    assert reason.field == "name" and reason.source == "form"


@pytest.mark.parametrize(
    ("comment", "named"),
    [
        ("الوزير المومني حكى الصح", True),  # a watchlist figure's family name after an office
        ("النائب الفايز ما بنشوفه الا بالانتخابات", True),
        ("رئيس الدوري استقال", False),  # a family name that is also an everyday word
        ("الوزير الجديد ما عمل اشي", False),
    ],
)
def test_a_known_family_name_after_an_office_is_the_figure(seeded, comment, named):
    scores = [r.score for r in run(seeded, comment).reasons if r.field is None]
    assert (max(scores, default=0.0) >= 0.8) is named


@pytest.mark.parametrize(
    "comment",
    [
        "Safadi made a strong speech at the UN",
        "Al-Tamari is the best player we ever had",
        "السلامي لازم يغير التشكيلة",
        "Allah yir7am Wasfi, he would never allow this",
    ],
)
def test_well_known_figures_by_surname_or_prayer_are_named(seeded, comment):
    assert found(run(seeded, comment))


def test_a_greeting_that_spells_a_coachs_name_without_the_article_names_nobody(seeded):
    assert found(run(seeded, "سلامي لكل الاهل والله يحميكم")) == []


def test_a_town_the_tagger_takes_for_a_person_after_an_office_is_not_harvested():
    watchlist = Watchlist.from_entries(load_seed_watchlist())
    check = PersonalNameCheck(FakeTagger({"Jerash": 0.9}), lambda: watchlist)
    article = Article(
        "en-camp", "Work permits for Jerash camp residents",
        "MP Fawaz Al-Masaeed, a deputy for Jerash governorate, welcomed the step.", "en")
    names = {name for _, name in check.extract_article_names(article)}
    assert "Jerash" not in names and "Fawaz Al-Masaeed" in names
    assert found(run(check, "Good news for the families of Jerash camp", article=article)) == []


@pytest.mark.parametrize(
    ("comment", "named"),
    [
        ("وزير المالية عبد الحكيم الشبلي وعدنا وما صار اشي", True),  # the sitting cabinet
        ("يعني فراس الهواري بعرف شو بصير بالطوارئ؟", True),
        ("Talal Abu-Ghazaleh predicted this years ago", True),  # a businessman in the news
        ("ما في حدا مثل يزن العرب بالدفاع", True),  # a national-team player
        ("وزير المالية وعدنا وما صار اشي", False),  # the office alone
        ("الشبل طلع من الملعب مصاب", False),  # an everyday word near a listed surname
    ],
)
def test_more_jordanian_public_figures_are_on_the_seed_watchlist(seeded, comment, named):
    assert bool(found(run(seeded, comment))) is named


def test_a_list_of_capitalised_names_ending_in_areas_names_places():
    article = Article(
        "en-floods", "Storm floods Aqaba streets",
        "ASEZA Commissioner for Infrastructure and Services Eng. Tareq Shawabkeh told Ammon "
        "that civil defence and municipal crews pumped water out of streets in the "
        "Al-Mahdood, Al-Sha'bi and downtown areas, where water reached half a metre in places.",
    )
    # The tagger takes the neighbourhood for a person, as the shipped one did.
    check = make_check(Watchlist([]), {"Al-Sha'bi": 0.9, "Tareq Shawabkeh": 0.95})
    place = found(run(check, "Still no storm drain in Al-Sha'bi, every winter", article=article))
    assert "article" not in {via for _, via in place}  # at most the tagger's own review
    assert ("Shawabkeh", "article") in found(run(check, "Shawabkeh should resign", article=article))


@pytest.mark.parametrize(
    "comment",
    ["Is this inside the King Hussein Bin Talal Development Area or a new site?",
     "The King Abdullah II Industrial Estate already has the roads"],
)
def test_development_areas_and_estates_named_after_royals_are_places(seeded, comment):
    assert found(run(seeded, comment)) == []


@pytest.mark.parametrize(
    ("comment", "named"),
    [
        ("من أيام حكومة الرفاعي وهم يحكولنا الضريبة مؤقتة", True),
        ("Khasawneh's government promised a one-stop window", True),
        ("the Rifai government raised taxes", True),
        ("in the days of Khasawneh it was the same", True),
        ("الرفاعي وعد وما وفى", False),  # a family name alone: anyone of the family
        ("حكومة الطوارئ ما بتحل اشي", False),
        ("Bennett said the government would act", False),  # no era word beside the name
    ],
)
def test_a_watchlist_family_name_beside_its_government_or_era_names_the_figure(
        seeded, comment, named):
    assert bool(found(run(seeded, comment))) is named


@pytest.mark.parametrize(
    ("comment", "named"),
    [
        ("shabab 7ada shaf gol el ta3mari mbare7?? wallah janan", True),
        ("lazem ykon 3enna wa7ad zay el ta3mari bel yad", True),
        ("el ta3mir bel balad mashi", False),  # another word of the same letters
        ("ta3mari w 3ammar msh nafs el eshi", False),  # no article: no family name meant
    ],
)
def test_a_watchlist_family_name_in_arabizi_after_el_names_the_figure(seeded, comment, named):
    assert bool(found(run(seeded, comment))) is named
