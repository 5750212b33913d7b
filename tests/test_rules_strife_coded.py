"""Coded strife: loyalty and origin insinuations that name no group outright."""

from __future__ import annotations

import pytest

from model.verdict import Context, Submission
from service.policy.rules.strife import StrifeRules


@pytest.fixture(scope="module")
def strife() -> StrifeRules:
    return StrifeRules()


def score(check: StrifeRules, comment: str) -> float:
    return check(Context(Submission(comment=comment), None)).scores.get("strife", 0.0)


@pytest.mark.parametrize(("comment", "rejected"), [
    ("the companies run by people whose loyalty is across the river get everything, and the "
     "real sons of this land get the crumbs", True),
    ("Farms across the river were flooded too, the real sons of this land deserve better "
     "roads", False),  # one nativist phrase alone asks for review at most
    ("التجار من اصول معينه كلهم حرامية وبيمصوا دم الناس", True),
    ("أصول القهوة معينة بالبرازيل", False),
])
def test_loyalty_across_the_river_and_certain_origins_are_coded_strife(strife, comment, rejected):
    assert (score(strife, comment) >= 0.8) is rejected


@pytest.mark.parametrize(("comment", "least", "below"), [
    # a people "always" so: طول عمرهم between the group and its predicate
    ("السوريين طول عمرهم زعران", 0.8, 1.01),
    ("السوريين شعب بلا اخلاق", 0.8, 1.01),
    ("البدو عمرهم ما رح يتعلموا", 0.8, 1.01),
    ("اللاجئين السوريين بحاجة دعم، والوزراء عمرهم ما رح يتعلموا", 0.0, 0.55),
    ("mn yom ma ejo el sooreyeen hadol 5arabo el balad w el as3ar", 0.8, 1.01),
    # a town's people is ambiguous: reviewed, never rejected on the rule alone
    ("أهل المدينة طول عمرهم شايفين حالهم علينا", 0.55, 0.8),
    ("أهل الرمثا طول عمرهم زعران", 0.55, 0.8),
    # citizens called guests, not owners of the country: of a people, or of "these" (review)
    ("اللاجئين ضيوف مش اصحاب بلد", 0.8, 1.01),
    ("حطوا المكب جنب المخيم، هذول اصلاً ضيوف مش اصحاب بلد", 0.55, 0.8),
    ("the Palestinians, let's be honest, and their loyalty is to the other bank", 0.8, 1.01),
    # the same words, said warmly, of the writer's own people or of no people, stay clean
    ("احنا بالخليج ضيوف مش اصحاب بلد", 0.0, 0.55),
    ("احنا اصلا ضيوف بهالدنيا", 0.0, 0.55),
    ("المصريين طول عمرهم بيشتغلوا بالغور من الفجر", 0.0, 0.55),
    ("اهل الرمثا طول عمرهم كرماء", 0.0, 0.55),
    ("السوريين طول عمرهم جيران محترمين وكرماء", 0.0, 0.55),
    ("الأردنيين طول عمرهم هيك، بيوقفوا مع اخوانهم", 0.0, 0.55),
    ("اللاجئين السوريين بحاجة دعم، والوزراء ما بينفعوا الا بالحكي", 0.0, 0.55),
    ("ساعدنا اللاجئين السوريين والحين بنعاملهم هيك؟ صرنا شعب بلا اخلاق", 0.0, 0.55),
    ("الاردنيين والفلسطينيين من نفس الاصول وشعب واحد", 0.0, 0.55),
    ("العشائر الأردنية معروف ولاءهم للعرش والوطن", 0.0, 0.55),
    ("Customers stay loyal to the other bank because its fees are lower than Arab Bank's",
     0.0, 0.55),
    ("ضبطوا 20 سوري مهربين بشاحنة", 0.0, 0.55),
    ("الدراما السورية ماخدة عقولنا من زمان، باب الحارة احلى شي", 0.0, 0.55),
    ("مش كفاية كل مرة تقولوا السوريين سبب الغلاء؟ حلوا عنهم", 0.0, 0.55),
    ("Jordanians are known to be generous, it's in their blood", 0.0, 0.55),
    ("I crossed to the other bank of the river", 0.0, 0.55),
])
def test_a_people_said_to_be_always_so_and_citizens_called_guests_are_strife(
        strife, comment, least, below):
    assert least <= score(strife, comment) < below


@pytest.mark.parametrize(("comment", "least", "below"), [
    # a people said to hire or place only its own (nepotism pinned on an origin)
    ("السوريين ما بيوظفوا الا جماعتهم", 0.8, 1.01),
    ("المصريين بشغلوا جماعتهم وبس", 0.8, 1.01),
    # an office or a party favouring "its people", and families, visits and money sent home
    ("النواب بيعينوا جماعتهم بالوزارات", 0.0, 0.55),
    ("الاخوان بيوظفوا جماعتهم", 0.0, 0.55),
    ("الحكومة بتوظف جماعتها وبتترك الباقي", 0.0, 0.55),
    ("السوريين راحوا يعيدوا عند جماعتهم بالشام", 0.0, 0.55),
    ("المصريين بيبعتوا مصاري لجماعتهم كل شهر", 0.0, 0.55),
    ("المسيحيين بيحتفلوا بعيد الميلاد عند جماعتهم بالفحيص", 0.0, 0.55),
    # "رجعوا" is as often "they went back" as "send them back": no call on its own
    ("العمال المصريين رجعوا اليوم لبلادهم", 0.0, 0.55),
    ("امبارح رجعوا العمال المصريين لبلدهم عالعيد", 0.0, 0.55),
    ("رجعوا الحجاج لبلادهم والحمد لله", 0.0, 0.55),
])
def test_a_people_hiring_only_its_own_is_strife_and_family_ties_are_not(
        strife, comment, least, below):
    assert least <= score(strife, comment) < below


@pytest.mark.parametrize(("comment", "least", "below"), [
    # the passive plural as readers spell it, without the final alef
    ("العمالة الوافدة كلهم لازم يتسفرو ويشتغل مكانهم شبابنا", 0.8, 1.01),
    ("لازم يتطردو السوريين كلهم", 0.8, 1.01),
    # a shipment, a postponed exam or a sympathetic question is no call to expel a people
    ("التبرعات للسوريين لازم تتسفر قبل الشتا", 0.0, 0.55),
    ("امتحانات الطلاب السوريين لازم تترحل لبعد العيد", 0.0, 0.55),
    ("البضاعة المصرية لازم تتسفر", 0.0, 0.55),
    ("حرام العائلات الفلسطينية لازم تتهجر مرة تانية؟", 0.0, 0.55),
    # Arabizi "back to their country" reads as its Arabic words
    ("el masri wel bangali kollhom akhadu shoghl wladna, yroo7o 3ala bladhom", 0.8, 1.01),
    ("rje3na 3ala bladna ba3d 10 snin ghorbeh, el 7amdillah", 0.0, 0.55),
    ("el souriyeen bedhom yerja3o 3ala bladhom lamma tikhlas el 7arb, 7a2hom", 0.0, 0.55),
    # a loyalty doubt said of a people is a frame; of ministers or MPs, criticism
    ("الفلسطينيين مهما عملوا ولاءهم مش إلنا", 0.8, 1.01),
    ("النواب قلوبهم مش معنا، بس بدهم الكراسي", 0.0, 0.55),
    ("الوزراء الاردنيين قلوبهم مش معنا", 0.0, 0.55),
    ("الاسرى الفلسطينيين قلوبهم مع بلدهم واهلهم", 0.0, 0.55),
    # warm words, an official's doings and a people's hardship stay clean
    ("I love the Iraqis, these people always welcome you like family", 0.0, 0.55),
    ("the new Egyptian manager took over everything at the clinic and it runs better", 0.0,
     0.55),
    ("Syrian refugees in Zaatari pay no taxes because they are not allowed to work", 0.0, 0.55),
    ("Let the Iraqis and Syrians pay it double, they clog the airport. Always the same story "
     "with them.", 0.8, 1.01),
])
def test_passive_plurals_arabizi_exclusion_and_loyalty_doubts(strife, comment, least, below):
    assert least <= score(strife, comment) < below


@pytest.mark.parametrize(("comment", "least", "below"), [
    # a people "taking over" the trade, the jobs or the country is blame ...
    ("Every Egyptian who comes here brings ten cousins and they take over the whole trade", 0.8,
     1.01),
    ("the Syrians took over the market in Mafraq and nobody says a word", 0.8, 1.01),
    ("the Egyptians took over the labour market", 0.8, 1.01),
    # ... a shift, a round, a project or the streets of a celebration is not
    ("The Syrian refugees I met took over the night shift at the bakery", 0.0, 0.55),
    ("The Egyptian nurses are taking over the evening round while the staff strike", 0.0, 0.55),
    ("the Jordanians took over the streets of Doha after the semi final win, proud!", 0.0, 0.55),
    ("The Saudi company will take over the whole project next year", 0.0, 0.55),
])
def test_taking_over_blames_a_people_only_for_what_it_takes_from_us(strife, comment, least,
                                                                    below):
    assert least <= score(strife, comment) < below


@pytest.mark.parametrize(("comment", "least", "below"), [
    # our children taken to school are people taken somewhere, not a livelihood taken from us
    ("el souriyeen akhado wladna 3al madraseh el sob7", 0.0, 0.55),
    ("جيراننا السوريين اخدوا ولادنا عالمدرسة الصبح", 0.0, 0.55),
    ("جيراننا السوريين اخدوا معهم ولادنا عالمدرسه", 0.0, 0.55),
    ("الشباب السوريين اخدوا مرضانا عالمستشفى", 0.0, 0.55),
    # the work of our children, our daughters, our students' seats still are
    ("el masriyeen akhado shoghl wladna", 0.8, 1.01),
    ("السوريين اخدوا شغل ولادنا", 0.8, 1.01),
    ("السوريين اخدوا بناتنا وشبابنا قاعدين بلا جواز", 0.8, 1.01),
    ("العراقيين اخذوا طلابنا المقاعد بالجامعه الاردنيه", 0.8, 1.01),
])
def test_a_people_taking_our_children_somewhere_is_not_taking_what_is_ours(strife, comment,
                                                                          least, below):
    assert least <= score(strife, comment) < below


@pytest.mark.parametrize(("comment", "least", "below"), [
    # loyalty doubted "to this country", origin "known", a people's nature, a people that
    # "left nothing it did not take", a people that only votes for its own
    # (two coded phrases and no group named: a moderator decides)
    ("اللي بدافعوا عن مصر معروف اصلهم من وين، ولاءهم مش لهالبلد.. الاردني الاصيل ما بيحكي هيك",
     0.4, 0.8),
    ("الفلسطينيين ولاءهم مش لهالبلد", 0.8, 1.01),
    ("الغوارنه طول عمرهم عايشين بالوسخ، النظافه مش من طبعهم", 0.8, 1.01),
    ("السوريين ما خلوا اشي الا اخذوه، شغلنا ومدارسنا", 0.8, 1.01),
    ("it's all camp people, they only vote for their own", 0.8, 1.01),
    # the same words of a government, traders, thieves, children or a town stay clean
    ("الحكومة ولاءها مش لهالبلد", 0.0, 0.55),
    ("التجار ولاءهم مش لهالبلد، ولاءهم للمصاري", 0.0, 0.55),
    ("الغوارنه تضرروا من الفيضان الله يعينهم", 0.0, 0.55),
    ("الكذب مش من طبعهم، الناس بالغور طيبين", 0.0, 0.55),
    ("الحرامية ما خلوا اشي الا سرقوه من البيت", 0.0, 0.55),
    ("الاولاد ما خلوا اشي الا لعبوا فيه", 0.0, 0.55),
    ("Residents of Sakib want to elect their own council", 0.0, 0.55),
    ("Jordanians deserve to elect their own government instead of having one appointed", 0.0,
     0.55),
    ("The Kurds elect their own parliament in Erbil", 0.0, 0.55),
    # "left nothing undone" for Gaza or on the farm; a loyalty doubt said of the traders, or
    # of those who divide, after a group named in another clause
    ("الاردنيين ما خلوا اشي الا قدموه لاهل غزه", 0.0, 0.55),
    ("الغوارنه ما خلوا اشي الا زرعوه، الله يعطيهم العافيه", 0.0, 0.55),
    ("اللاجئين السوريين ضيوف، بس التجار اللي رفعوا الاسعار ولاءهم مش لهالبلد", 0.0, 0.55),
    ("احنا الاردنيين والفلسطينيين واحد، واللي بيفرقوا بيننا ولاءهم مش لهالبلد", 0.0, 0.55),
    ("camp people in Baqaa got the aid first and that's fair, they need it most", 0.0, 0.55),
])
def test_loyalty_origin_and_nature_said_of_a_people_are_strife(strife, comment, least, below):
    assert least <= score(strife, comment) < below


@pytest.mark.parametrize(("comment", "rejected"), [
    # a vice denied of a people is praise; a virtue denied, a vice said, or a vice denied and
    # asked back ("... ؟ اسأل التاريخ") is a frame
    ("الاردنيين الخيانه مش من طبعهم", False),
    ("العراقيين الغدر مش من طبعهم وعمرهم ما باعوا جار", False),
    ("الشوام الكسل مش من طبعهم", False),
    ("السوريين الوفا مش من طبعهم", True),
    ("الفلسطينيين الغدر من طبعهم", True),
    ("الفلسطينيين الخيانه مش من طبعهم؟ اسأل التاريخ", True),
])
def test_a_vice_denied_of_a_people_is_no_frame_and_a_virtue_denied_is(strife, comment, rejected):
    assert (score(strife, comment) >= 0.8) is rejected


@pytest.mark.parametrize(("comment", "least"), [
    # frames readers write with the hamza dropped, or with the conjunction joined to "ما"
    ("جمهور الوحدات من زمان ولاهم مش للبلد", 0.55),
    ("المسيحيين ماسكين الاتحاد وما بيخلوا غيرهم ياخد اشي", 0.55),
])
def test_frames_as_readers_spell_them_reach_the_group_named_before(strife, comment, least):
    assert score(strife, comment) >= least


@pytest.mark.parametrize("comment", [
    # a people named earlier does not make the government's or an employer's fault a frame
    "المواطن الاردني صار يدفع كل اشي، والحكومة ما بتعرف غير المصاري",
    "People who blame Syrian refugees for everything are the real problem.",
    "Farm owners who exploit Egyptian workers are the real problem.",
    "ولاهم ما زعلوا ولا اشي",
])
def test_blame_of_others_after_a_group_or_a_frame_word_alone_stays_quiet(strife, comment):
    assert score(strife, comment) < 0.55


@pytest.mark.parametrize(("comment", "least", "below"), [
    # "last/strangers in our own country" is said of rents, wasta and pensions: no cue
    ("With these rents we feel like strangers in our own country", 0.0, 0.55),
    ("with wasta everywhere, ordinary citizens are last in our own country", 0.0, 0.55),
    # the origin divide named in English: review alone; "one family" is unity
    ("jobs go to the ones from the camps while East Jordanians wait for years", 0.55, 1.01),
    ("East Jordanians and those from the camps are one family", 0.0, 0.55),
    # the camps' university quota is a policy, named neutrally
    ("The camp quota was introduced to balance East Bankers and Jordanians of Palestinian "
     "origin", 0.0, 0.55),
])
def test_the_origin_divide_in_english_and_citizens_last_at_home(strife, comment, least, below):
    assert least <= score(strife, comment) < below
