"""Strife rules as they look on a Jordanian site: origin, refugees, migrant workers, sects.

Violations must reject on the rules alone; criticism of governments, labour policy, a team or a
state, and neutral, warm or condemning mentions of groups must not be touched.
"""

from __future__ import annotations

import pytest

from service.core import Context, Submission
from service.policy.rules import StrifeRules

REJECT = 0.80
REVIEW = 0.40


@pytest.fixture(scope="module")
def strife() -> StrifeRules:
    return StrifeRules()


def result(check: StrifeRules, comment: str):
    return check(Context(Submission(comment=comment), None))


def score(check: StrifeRules, comment: str) -> float:
    return result(check, comment).scores.get("strife", 0.0)


@pytest.mark.parametrize(
    "comment",
    [
        # origin: code words, accusations and denial of Jordanian-ness
        "جماعة الوطن البديل سيطروا على البلديات",
        "نص المرشحين بلجيك وما بهمهم البلد",
        "اهل المخيمات بدهم البلد كلها",
        "الفلسطينية ما الهم ولاء للبلد",
        "الشرق اردنيين عمرهم ما رح يقبلوا فينا",
        "اللي من اصول غير اردنية لازم ما يترشحوا، البلد لاهلها الاصليين",
        "Palestinians in Jordan never accepted this country and never will",
        "جمهور الفيصلي مش اردنيين اصلا",
        "روحوا عالمخيمات وخلوا البلد لاهلها",
        # refugees and migrant workers: blame, frames and exclusion
        "السوريين بياخذوا شغلنا وبيشتغلوا ببلاش",
        "العراقيين اكلوا البلد وبعدين بيحكوا علينا",
        "المصريين كلهم هيك ما بيعرفوا غير المصاري",
        "عمالة وافدة سرقت شغلنا",
        "كل سوري بالبلد عالة علينا",
        "ارجعوا على بلادكم يا سوريين",
        "Syrians take our jobs and live off our taxes",
        "The Egyptians are all the same, they only care about money",
        "Iraqis ruined the real estate market, send them back to Iraq",
        "go back where you came from",
        "Send all of them back to Sudan, Jordan for Jordanians",
        # Gulf nationals, Bedouin and urban, sects, religions, Jews as a people, race
        "الخلايجه شايفين حالهم علينا وهيك طبعهم",
        "Gulf Arabs think they own us, that's how they are",
        "Bedouins are backward, that's their culture",
        "Shia can't be trusted, it's in their blood",
        "Christians look down on us and always have",
        "Jews control the media, always have",
        "اليهود قتلة الانبياء",
        "الهنود ريحتهم بتقرف",
        "yel3an el masriyeen kollhom",
    ],
)
def test_strife_on_a_jordanian_site_rejects(strife, comment):
    res = result(strife, comment)
    assert res.scores.get("strife", 0.0) >= REJECT, comment
    assert all(comment[s.start : s.end] == s.text for r in res.reasons for s in r.spans)


@pytest.mark.parametrize(
    "comment",
    [
        # criticism of governments, labour policy, teams and states
        "الحكومة الاسرائيلية حكومة مجرمة وقتلت الاطفال بغزة",
        "اسرائيل دولة احتلال والاحتلال سرق ارضنا",
        "دول الخليج ما وقفت معنا بالازمة",
        "وزارة العمل لازم تشدد على تصاريح العمالة الوافدة",
        "الحكومة لازم تنظم سوق العمل وتعطي الاولوية للاردنيين",
        "التجار خربوا السوق بالاحتكار",
        "الحكومة سبب الغلاء مش السوريين",
        "الفيصلي خسر لانه المدرب ما بعرف يبدل",
        "The Israeli government is committing war crimes",
        "Gulf governments have cut aid to Jordan again",
        "the government ruined the country with taxes",
        "companies steal our jobs by hiring cheap labour illegally",
        "Faisaly were terrible today, the coach should go",
        # neutral, warm and condemning mentions of groups
        "العمال المصريين اخوتنا وبشتغلوا بظروف صعبة",
        "السوريين ضيوف عنا وما قصروا بحق البلد",
        "السوريين عمرهم ما نسيوا فضل الاردن",
        "المصريين ما بيعرفوا غير الشغل والتعب، الله يعينهم",
        "الاردنيين كلهم هيك كرماء",
        "احنا الاردنيين ما بنعرف غير نشتكي",
        "البدو اهل كرم وشهامة",
        "جمهور الوحدات كان رائع اليوم",
        "الشيعة والسنة اخوة ومن يقول غير هيك فتنة",
        "اليهود مش كلهم صهاينة",
        "مش صحيح انه السوريين سبب البطالة، السبب سياسات الحكومة",
        "بدل ما تلوموا المصريين لوموا التجار اللي ماسكين السوق",
        "Egyptian workers keep this country running, respect them",
        "Some people say Syrians take our jobs, that's simply not true",
        "Jordan for Jordanians is a racist slogan, stop it",
        'He shouted "go back where you came from" at a refugee and was arrested',
        "The Kuwaitis took our water? No, the dam was empty because of drought",
        "Wehdat fans were amazing, what an atmosphere",
        "The bloody Syrian war destroyed a generation",
        # origin politics stated without accusing anyone
        "الاردنيون من شتى الاصول والمنابت اخوة",
        "لا للوطن البديل ولا للتوطين",
        "الفلسطينيين بيرفضوا الوطن البديل",
        "الاردنيين والفلسطينيين ضد مشروع الوطن البديل",
        "الكرم بدمهم الاردنيين",
        "Jordanians are generous, it's in their blood",
        "Syrians fled the war, they are all the same as us, human beings",
        "Christians in Jordan don't care about our differences, they celebrate with us",
        "نرفض الوطن البديل والاردن للاردنيين والفلسطيني حقه بالعودة",
        # returns that are news, prayers, conditional or voluntary
        "اللاجئين السوريين الله يرجعهم لبلادهم سالمين",
        "السوريين رجعوا لبلدهم بعد ما استقرت الامور",
        "اللاجئين لازم يرجعوا لبلدهم لما تصير امنة",
        "المقاتلين الاجانب لازم يرجعوا لبلادهم ويتحاكموا هناك",
        "Refugees should go back when Syria is safe and only voluntarily",
        "They go back to their country every summer to visit family",
        "Many Syrians went back to Syria last year",
        # religious expressions
        "الله يرحم شهداء غزة ويصبر اهلهم",
        "اللهم احفظ الاردن وشعبه",
        "كل عام والمسيحيين بخير بمناسبة الميلاد",
    ],
)
def test_criticism_and_neutral_or_warm_mentions_are_not_rejected(strife, comment):
    assert score(strife, comment) < REJECT, comment


@pytest.mark.parametrize(
    "comment",
    [
        "الحكومة الاسرائيلية حكومة مجرمة",
        "السوريين عمرهم ما نسيوا فضل الاردن",
        "اللاجئين السوريين الله يرجعهم لبلادهم سالمين",
        "Some people say Syrians take our jobs, that's simply not true",
        "Wehdat fans were amazing",
    ],
)
def test_clean_mentions_score_nothing(strife, comment):
    assert score(strife, comment) == 0.0


@pytest.mark.parametrize(
    "comment",
    [
        "Jordan for Jordanians",
        "اللاجئين لازم يرجعوا لبلدهم",
        "refugees should go back to their country",
    ],
)
def test_slogans_and_modal_return_calls_alone_are_reviewed(strife, comment):
    assert REVIEW <= score(strife, comment) < REJECT


def test_a_modal_return_call_with_blame_rejects(strife):
    assert score(strife, "اللاجئين لازم يرجعوا لبلدهم") < REJECT
    assert score(strife, "اللاجئين خربوا البلد ولازم يرجعوا لبلدهم") >= REJECT


def test_an_imperative_return_rejects_without_a_group(strife):
    assert score(strife, "رجعوهم لبلادهم وخلصنا") >= REJECT
    assert score(strife, "go back to your own country") >= REJECT


def test_blame_needs_the_group_as_its_subject(strife):
    assert score(strife, "السوريين خربوا السوق") >= REJECT
    # The traders, not the group named before them, ruined the market.
    assert score(strife, "السوريين ما الهم دخل، التجار خربوا السوق") < REJECT


def test_team_fans_are_an_ambiguous_group(strife):
    assert score(strife, "Wehdat fans are animals") < REJECT
    assert score(strife, "Wehdat fans are not even Jordanians") >= REJECT


def test_frame_reason_names_the_pattern(strife):
    res = result(strife, "Bedouins are greedy, that's who they are")
    assert {r.params.get("pattern") for r in res.reasons} & {"frame", "generalisation"}


@pytest.mark.parametrize(
    "comment",
    [
        "el souriyeen kollhom heik",
        "el masriyeen sare2o sho3'elna",
        "rawwe7ohom 3ala bladhom",
        "irja3o 3ala bladkom ya masriyeen",
        "el soriyeen 5arrabo el balad w rafa3o el ajarat",  # other spellings of the group
        "el 3ra2yeen kollhom ejo 3al balad w raf3o el ajarat",
        # a group spelled without digits, and "heek" read as the Arabic word it is
        "el masryeen kolhom heek",
    ],
)
def test_arabizi_strife_rejects(strife, comment):
    assert score(strife, comment) >= REJECT


@pytest.mark.parametrize(
    "comment",
    ["el souriyeen 7abayeb w ahel", "allah yerja3hom 3ala bladhom salmeen",
     "el soriyeen ahlna w ma elhom ghair allah"],
)
def test_arabizi_warm_mentions_pass(strife, comment):
    assert score(strife, comment) < REJECT


@pytest.mark.parametrize(
    "comment",
    [
        "رجعوهم على بلادهم، البلد ضاقت فينا",
        "رجعوهم لبلادهم.",
        "ارجعوا عالمخيمات!!",
        "المصريين اخذوا شغلنا، والحكومة ساكتة",
        "السوريين لازم يطردوا.",
        "المصريين لازم ينطردوا!!",
    ],
)
def test_punctuation_after_the_destination_or_the_thing_taken_does_not_hide_the_call(
    strife, comment
):
    assert score(strife, comment) >= REJECT


@pytest.mark.parametrize(
    "comment",
    [
        "Syrians ruined this country, rents doubled since they arrived",
        "Iraqis bring nothing but trouble wherever they go",
        "The Shia are a fifth column",
        "Christians here should remember whose country this is",
        "العراقيين وين ما راحوا بتلحقهم المشاكل",
        "المسيحيين لازم يعرفوا حدودهم بهالبلد",
        "الشيعة خطر على كل بلد بدخلوها",
        "The Palestinians want to take over parliament, alternative homeland by the back door",
        "هاي عقلية البدو بالملاعب، ما بيعرفوا غير الطوش والفزعة",
        "المصاروة مسيطرين على الحلال ومخربين السوق، لازم يترحلوا كلهم",
        "المصريين بالمزارع صاروا يفرضوا الاجور عكيفهم، لازم يتسفروا كلهم ونشغل شبابنا",
        "المصريين هم أصل المشكلة، مالين البلد وبيشتغلوا بأي راتب",
        "المصريين ما بعرفوا غير المشاكل وين ما راحوا",
    ],
)
def test_generalisations_in_other_words_reject(strife, comment):
    assert score(strife, comment) >= REJECT


@pytest.mark.parametrize(
    "comment",
    [
        "The new tax is a burden on families, the government ruined this economy",
        "Wherever they go, our athletes make Jordan proud",
        "المشاكل بتلحق الحكومة وين ما راحت",
        "الغلاء خطر على كل بيت بالاردن",
        "Jordan rejects any alternative homeland plan, the minister said",
        "The alternative homeland talk is a myth: Palestinians and East Bankers are one people",
        "الحكومة ما بتعرف غير الجباية",
        "التجار مخربين السوق والحكومة نايمة",
        "العمال اللي انتهت تصاريحهم بيتسفروا حسب القانون",
        "الشباب ما بيعرفوا غير الموبايل هالايام",
        # "it's all from", "they control", "they're behind it" were tried as strife cues and
        # dropped: a nationality adjective, control of a ball or of one's fate, and officials
        # blamed after a people named in sympathy read the same
        "التهريب كله من الجانب السوري والجيش ما قصر",
        "اللاعبين السوريين بالجزيرة بيتحكموا بالكورة احسن من لاعبينا",
        "الفلسطينيين من حقهم يكونوا متحكمين بمصيرهم وارضهم",
        "الشعب السوري بدفع الثمن، والميليشيات والنظام هم وراها",
        "Jordanian farmers are losing everything while the ministry and the traders do "
        "nothing. They're all part of it.",
    ],
)
def test_the_same_words_without_a_group_pass(strife, comment):
    assert score(strife, comment) < REVIEW


@pytest.mark.parametrize(
    "comment",
    [
        "Every Egyptian who comes here takes over the trade. Send them all home.",
        "المصاروة هدول ما بيجي منهم الا المشاكل",
        "كل العراقيين هيك هم، بكل مكان بيدخلوه بيخربوه",
    ],
)
def test_send_them_home_and_what_comes_from_a_group_reject(strife, comment):
    assert score(strife, comment) >= REJECT


def test_let_them_go_back_is_a_call(strife):
    assert score(strife, "خليهم يرجعوا لبلدهم") >= REVIEW
    assert score(strife, "خليهم يرجعوا لبيوتهم بأمان بعد ما يخلص الدوام") < REVIEW


@pytest.mark.parametrize(
    "comment", ["نص البلد صارت سوريين، ارجعوا على درعا وخلصونا", "روحوا عالقاهرة"]
)
def test_sending_people_back_to_a_city_of_origin_rejects(strife, comment):
    assert score(strife, comment) >= REJECT


@pytest.mark.parametrize(
    "comment",
    [
        "The minister must go home, he failed",
        "The coach should go home after this loss",
        "Schools should send them home early because of the dust storm",
    ],
)
def test_going_or_sending_home_is_no_exclusion_call(strife, comment):
    assert score(strife, comment) < REVIEW


def test_a_yes_no_question_about_the_rules_is_no_call(strife):
    asked = "Do the workers have to go back to Egypt and reapply, or can the employer renew?"
    assert score(strife, asked) < REVIEW
    assert score(strife, "The workers have to go back to Egypt, all of them.") >= REVIEW


@pytest.mark.parametrize(
    "comment",
    [
        "كل ما تغلى الاسعار بتلاقي كبار التجار من اياهم",
        "اكبر مستوردين الغنم مش من ملتنا، افهموها لحالكم",
        "الكل بعرف مين ماسك التجارة بهالبلد",
        "Everyone knows who really owns the big banks here",
        "اللي رجل هون ورجل هناك بحولوا مصاريهم برا",
        "تجار وسط البلد معروف من وين اصلهم، عمرهم ما كانوا مع البلد",
        "اللي معهم جوازين بستثمروا برا وبتعرفوا مين بقصد",
        "البنوك كلها بايد جماعة ورا النهر",
    ],
)
def test_coded_language_for_an_unnamed_people_goes_to_review(strife, comment):
    assert REVIEW <= score(strife, comment) < REJECT


@pytest.mark.parametrize(
    "comment",
    [
        "كبار تجار الحلال من اياهم.. قلوبهم مش مع البلد، البلد لأهلها وبس",
        "جماهير الرمثا أردنيين أصليين مش زي غيرهم اللي بنعرف شو بيهتفوا ولمين ولاءهم",
        "الزيتون للشرق اردنيين، اما الجماعة التانيين ما بيعرفوا غير التجارة",
        "كبار التجار كلهم من المنابت اياها، والشرق اردني الغلبان هو اللي بيدفع",
        "احنا ولاد البلد الاصليين مركونين عالرف، البلد صارت لغير اهلها",
        "The council is run by people of one origin while the original sons of this country wait",
        "فريق المخيم وصل حده، روحوا العبوا بدوري الضفة أحسنلكم",
        # Both sides of the origin divide with another cue (strife_origins).
        "Always the same origins in the top jobs, never the sons of the tribes",
        "احنا ولاد البلد الاصليين مركونين، وولاد المخيمات ماسكين البلد",
    ],
)
def test_coded_language_with_a_group_or_a_second_coded_phrase_rejects(strife, comment):
    assert score(strife, comment) >= REJECT


@pytest.mark.parametrize(
    "comment",
    [
        "زيت زيتون أصلي من معاصر عجلون",
        "We know who won the match: the better team",
        "ولاءهم للوطن ما بينشك فيه، الله يحمي جيشنا",
        "Their loyalty to the club is something else, 40 years of Faisaly",
        "الاردنيين من شتى الاصول والمنابت ايد وحدة",
        "بغض النظر من اي اصول او منابت، كلنا اردنيين",
        "Both teams share the same origins: a neighbourhood club in the 1950s",
        "الخضرة من وين اصلهم؟ من الغور ولا مستوردة",  # asked, not insinuated
        "اللاجئين السوريين من وين اصلهم؟ من درعا وحمص",
        "دفعت رسوم جوازين لولادي والمعاملة خلصت بيوم",
        "Everyone knows which road floods first in Aqaba",
        # Both sides named to say they are one, or a reader introducing himself.
        "انا شرق اردني ومرتي من اصل فلسطيني والحمد لله عايشين احلى عيشة",
        "ولاد العشاير وولاد المخيمات اخوان وما حدا بيفرقنا",
        "الشباب من المخيمات ومن ولاد العشاير تطوعوا سوا بحملة التنظيف",
        "ولاد العشاير قاتلوا بالكرامة جنب اخوانهم من ولاد المخيمات",
        "المخيمات السياحية بوادي رم كلها بيشغلها ابناء العشائر هناك",
    ],
)
def test_the_same_words_said_of_no_people_are_not_coded(strife, comment):
    assert score(strife, comment) < REVIEW


@pytest.mark.parametrize("comment", [
    "التشكيلة كلها ولاد عشاير، مش زي أيام ما كانوا جماعة المخيمات مسيطرين",
    "جدي من ولاد العشاير وجدتي من اصل فلسطيني، وانا فخور بالاثنين",
    "الوزير زار ولاد المخيمات وزار ابناء العشائر في الجنوب",
])
def test_both_sides_of_the_origin_divide_alone_go_to_review(strife, comment):
    assert REVIEW <= score(strife, comment) < REJECT


@pytest.mark.parametrize(
    "comment",
    [
        "Iraqis always cheat",
        "The Christians always push this stuff on our youth and then cry about freedom",
        "Egyptians always get free treatment while we pay for everything",
    ],
)
def test_a_bad_habit_said_of_a_whole_group_with_always_rejects(strife, comment):
    assert score(strife, comment) >= REJECT


@pytest.mark.parametrize(
    "comment",
    [
        "Muslims always pray on Friday, the clinic should open after noon",
        "Refugees always get the short end of the stick",
        "Egyptian workers always send money home to their families",
        "a typical Egyptian breakfast of foul and falafel",
        "typical Jordanians, always late to everything including weddings",
    ],
)
def test_a_neutral_or_sympathetic_always_passes(strife, comment):
    assert score(strife, comment) < REVIEW


@pytest.mark.parametrize(
    "comment",
    [
        "السوريين رفعوا الايجارات علينا وصرنا نستأجر باضعاف",
        "المصاروه بيشتغلوا بنص الاجره وقطعوا رزق شبابنا",
        "العراقيين جابوا معهم الغلاء من يوم ما اجو",
        "Syrians drove up the rents in Irbid and now we can't afford anything",
        "ولاد المخيمات ما بيعرفوا يعيشوا بدون فوضى",
    ],
)
def test_a_people_blamed_for_the_cost_of_living_rejects(strife, comment):
    assert score(strife, comment) >= REJECT


@pytest.mark.parametrize(
    "comment",
    [
        "التجار رفعوا الاسعار قبل العيد",
        "الحكومة قطعت رزق الناس بالضرايب",
        "The war drove up the rents and the aid cuts did the rest",
        "اللاجئين السوريين رفعوا الايجارات؟ لا، الحكومة هي السبب",  # the claim is denied
    ],
)
def test_the_same_blame_of_no_people_or_denied_passes(strife, comment):
    assert score(strife, comment) < REJECT


@pytest.mark.parametrize(
    "comment",
    [
        "Typical Syrians, they come here and expect everything for free",
        "Iraqis are all corrupt, that's why prices are up",
        "Christians in this country get special treatment and everyone knows it",
        "Shia are loyal to Iran first, Jordan second",
        "Bedouins think the law doesn't apply to them",
        "Palestinians in Jordan should remember who took them in",
        "Go back to Syria if you don't like it here",
        "اذا مش عاجبك ارجع لبلدك",
        "investors of certain origins are all thieves",  # the English of اصول معينة
    ],
)
def test_english_generalisations_and_the_if_you_dont_like_it_taunt_reject(strife, comment):
    assert score(strife, comment) >= REJECT


@pytest.mark.parametrize(
    "comment",
    [
        "Typical government, always late",
        "Go back to Syria when it's safe, inshallah soon",
        "Jordanians are not corrupt, the system is",
        "ارجع لبلدك لما تخلص الحرب وتعمرها",
        "بدي ارجع لبلدي بس ما في شغل",
    ],
)
def test_the_same_words_of_a_government_a_safe_return_or_oneself_pass(strife, comment):
    assert score(strife, comment) < REJECT


def test_a_group_getting_for_free_while_we_pay_rejects(strife):
    comment = "Egyptians and Syrians get free treatment everywhere while we pay for everything"
    assert score(strife, comment) >= REJECT
    factual = "Refugees get free treatment at UNHCR clinics, that's how it works"
    assert score(strife, factual) < REVIEW


@pytest.mark.parametrize(
    "comment",
    [
        "الفيصلي فريق العشاير والوحدات فريق المخيمات، هيك الحقيقة",
        "الشركس والشيشان عايشين بخيرنا وما بيعطوا البلد اشي",
        "المسيحيين بالاردن عددهم قليل بس ماسكين نص الاقتصاد",
        "اليهود ملة وحدة، ما الهم امان",
        "الاردنيين من اصل فلسطيني ولاءهم مزدوج",
        "المصريين كلهم بيشتغلوا بدون تصاريح وبيتهربوا من الضريبة",
        "السوريين بالمفرق صاروا اكثر من اهلها، هاد احتلال",
        "ارجعوا على مخيماتكم",
        "الغزازوة ما الهم اشي بالبلد",
    ],
)
def test_origin_sect_and_refugee_generalisations_in_dialect_reject(strife, comment):
    assert score(strife, comment) >= REJECT


@pytest.mark.parametrize(
    "comment",
    [
        "التجار ماسكين السوق والحكومة نايمة",
        "الشركات الكبيرة مسيطرين على الاقتصاد",
        "اللاجئين السوريين عايشين بظروف صعبة بالمخيمات",
        "الحكومة بتتهرب من مسؤوليتها",
        "الشركس جزء اصيل من نسيج البلد",
    ],
)
def test_the_same_verbs_said_of_traders_companies_or_in_sympathy_pass(strife, comment):
    assert score(strife, comment) < REVIEW


@pytest.mark.parametrize(
    "comment",
    [
        "كل مصايبنا من اللاجئين، من يوم ما فتحنا الحدود والبلد رايحة لورا",
        "المشكله كلها بسبب المصريين اللي بشتغلوا بنص الاجر",
        "All our problems are because of the refugees, plain and simple",
        "it's all because of the Syrians, everyone knows it",
        "The Syrians ruined Irbid, it was a quiet city before they came",
        "المصاروة صاروا ماكلين البلد",
        "العراقيين خربوا اربد",
    ],
)
def test_a_people_named_as_the_cause_of_all_problems_or_of_a_ruined_town_rejects(strife, comment):
    assert score(strife, comment) >= REJECT


@pytest.mark.parametrize(
    "comment",
    [
        "كل مشاكلنا من الحكومة مش من اللاجئين",  # the people comes after a denial
        "كل مشاكلنا من الفساد والواسطة",
        "All our problems are because of bad planning",
        "The floods ruined Irbid's old market",
        "التجار خربوا السوق",
    ],
)
def test_the_same_cause_and_ruin_frames_of_no_people_pass(strife, comment):
    assert score(strife, comment) < REVIEW


@pytest.mark.parametrize(
    "comment",
    [
        "لا تأمن لمصري، بيضحكلك بوشك وبيسرقك من ورا ظهرك",  # distrust of a people, named after
        "never trust the Iraqis with your money",
        "الأكراد عملاء لأمريكا، وهاي طبيعتهم مش سياسة",  # "their nature"
        "شو جابه هالعبد يحكّم المباراة؟",  # an anti-black slur with a demonstrative
    ],
)
def test_distrust_nature_frames_and_demonstrative_slurs_reject(strife, comment):
    assert score(strife, comment) >= REJECT


@pytest.mark.parametrize(
    "comment",
    [
        "لا تأمن للبنوك، الفوايد بتاكلك",  # distrust of banks, not of a people
        "never trust a politician's promise",
        "never trust the Syrian regime, it lies",  # a state, not its people
        "لا تأمن للنظام السوري",
        "The Syrian regime ruined the country",
        "الحمدلله على طبيعتهم الطيبة، جيراننا السوريين اوادم",
    ],
)
def test_the_same_frames_of_no_people_or_in_praise_pass(strife, comment):
    assert score(strife, comment) < REVIEW


@pytest.mark.parametrize(
    ("comment", "rejects"),
    [
        ("البدو ما بعرفوا الا الفزعة للعشيرة، عقلهم لسا بالخيمة", True),  # any verb spelling
        ("الفيصلي فريق البدو وما بيعرفوا غير الفزعه والطوش", True),
        ("السوريين ما بعرفوا غير الشغل من الصبح للمسا", False),  # "only know work": praise
        ("الحكومة ما بتعرف غير الجباية", False),  # no people
    ],
)
def test_they_only_know_trouble_is_a_frame_in_any_spelling(strife, comment, rejects):
    assert (score(strife, comment) >= REJECT) is rejects


def test_everyone_knows_how_they_behave_is_an_insinuation_for_review(strife):
    assert REVIEW <= score(strife, "Everyone knows how they behave, garbage everywhere") < REJECT


@pytest.mark.parametrize(
    ("comment", "strife_kept"),
    [
        ('اللي بيوصف اهل المخيم بانهم "عالة" على البلد لازم يخجل من حاله', False),
        ("Whoever calls the Syrians 'parasites' should be ashamed of himself", False),
        ("اهل المخيم عالة على البلد", True),  # said, not quoted to rebuke it
        ('These so-called "refugees" are all thieves', True),  # a scare quote is no report
    ],
)
def test_a_word_quoted_to_rebuke_whoever_calls_a_people_so_is_not_said(strife, comment,
                                                                      strife_kept):
    assert (score(strife, comment) >= REVIEW) is strife_kept


@pytest.mark.parametrize(
    "comment",
    [
        # a people "used to taking", "living off" the state, in the same sentence
        "البدو بالجنوب متعودين ياخذوا الوظيفه بالواسطه والراتب بلا تعب",
        "اللاجئين كلهم عايشين على حساب الدوله",
        # origin: a people who "never saw Jordan as home"
        "most of the expats are of Palestinian origin who never saw Jordan as home anyway",
    ],
)
def test_habit_and_loyalty_frames_reject(strife, comment):
    assert score(strife, comment) >= REJECT


@pytest.mark.parametrize(
    "comment",
    [
        "اللاجئين السوريين متعودين على البرد بالمخيمات، الله يعينهم",
        "I never saw Jordan as home until I moved back from Dubai",
        # the people named in another sentence, or the state living off loans
        "I am one of the Jordanians working abroad. My kids never saw Jordan as home.",
        "الأردنيين صاروا عايشين على حساب القروض",
    ],
)
def test_the_same_words_without_a_people_or_a_habit_of_taking_do_not_reject(strife, comment):
    assert score(strife, comment) < REJECT

