"""Offense rules: insults aimed at people reject, literal and idiomatic uses stay clean."""

from __future__ import annotations

import pytest

from model.normalize import normalize
from service.core import Context, Submission
from service.policy.lexicon import Entry, Lexicon
from service.policy.rules import OffenseRules

REJECT = 0.80
REVIEW_SCORE = 0.45


@pytest.fixture(scope="module")
def offense() -> OffenseRules:
    return OffenseRules()


def score(check: OffenseRules, comment: str) -> float:
    return check(Context(Submission(comment=comment), None)).scores.get("offense", 0.0)


def spans_ok(check: OffenseRules, comment: str) -> bool:
    result = check(Context(Submission(comment=comment), None))
    return all(comment[s.start : s.end] == s.text for r in result.reasons for s in r.spans)


@pytest.mark.parametrize(
    "comment",
    [
        # said of a person, role or institution named before it
        "المدرب كان حمار بالتبديلات",
        "الوزير حرامي ومش مخبي",
        "البلدية كلها حرامية من فوق لتحت",
        "هالنواب كلهم ولاد كلب",
        "المسؤولين هدول كلاب كراسي",
        "الحكومه زباله",
        # a collective noun in front of a plural insult
        "اعضاء المجلس شوية جحاش",
        "اللجنة عصابة لصوص",
        "el majles kollo shwayet 7meer",
        "the council is a bunch of idiots",
        "a gang of crooks runs this ministry",
        # relative-clause subjects and either-or predicates
        "اللي قرر يرفع الاسعار حمار",
        "اللي صمم هالشارع يا اما اعمى يا اما غبي",
        "whoever approved this budget is a clown",
        # insult before a relative pronoun or a person, and attributes
        "غبي اللي بصدق هالحكي",
        "حرامية الحكومة سرقونا",
        "الموظف الحقير ما رد علينا",
        # copulas, adjectives said of people, and exclamations
        "the minister is a liar",
        "He's a lying rat",
        "she is a puppet of the lobby",
        "Spineless cowardly buffoon.",
        "useless idiots!",
        # two insults joined: name-calling by enumeration
        "نصاب وكذاب وما بستحي",
        "حرامية ولصوص",
        "crooks and thieves, all of them",
        # "without manners / shame" said to a person
        "يا عديم الاخلاق",
        "انت قليل ادب وما بتستحي",
        # a person word with its definite complement, then the insult
        "تجار الذهب حرامية",
        "سواقين الشاحنات كلاب",
        "وزير الداخلية حمار",
        "اصحاب المحلات حرامية",
        # pointed at by an English demonstrative
        "listen to this clown of a spokesman",
        "these clowns in the ministry again",
        "The owners crying about fees are the same cr00ks who charged us 40 JD",
        "you cock",  # a word with a literal sense (the bird) is still aimed by "you"
        "the minister is a cock",
    ],
)


def test_insults_aimed_at_people_reject(offense, comment):
    assert score(offense, comment) >= REJECT, comment
    assert spans_ok(offense, comment)


@pytest.mark.parametrize(
    "comment",
    [
        # animals and garbage meant literally
        "الكلاب الضالة بتهاجم الاطفال بالحارة",
        "كلب ضال عض بنت الجيران",
        "جارنا بيربي حمار بالمزرعة",
        "طيب والغنم اللي ماتت مين بدو يعوض اصحابها؟",  # "and the sheep that died"
        "كانوا يطلعوا عالحمير للجبل",
        "بدنا كابسة تشيل الزبالة من الشارع",
        "الزبالة مكومة جنب الحاويات",
        "رجعنا لزمن الحمير",
        "a stray dog bit my neighbour's kid",
        "we rode donkeys up to the monastery",
        "The breeders lost their cocks too, and a good breeding rooster isn't cheap.",
        "the hens and cocks on the farm were culled",
        "the garbage trucks did not come for a week",
        "the streets are full of garbage again",
        "the leeches in the pond by the farm",
        "Our farm pond is full of leeches",
        "سعر الذهب نار والتجار الكبار ساكتين",
        "سواقين الشاحنات بيطلعوا على الطريق الصحراوي بالليل",
        # idioms and figures about oneself or citizens
        "المواطن صار زي حمار الطاحونة",
        "انا حمار شغل من الصبح للمسا",
        "قتلونا بالاسعار",
        # harsh criticism without insulting words, sarcasm
        "حكومة فاشلة وفشل ذريع بكل الملفات",
        "حكومة جباية وبس",
        "الحكومة فاشلة",
        "the worst government we ever had",
        "a failed policy by a failed ministry",
        "this decision is stupid",
        "wow, another brilliant plan from the ministry 👏",
        "the service is garbage",
        # the names of people and places that contain a word
        "ابو سامي الحمارنة فتح محل جديد",
        "the clown at the festival made the kids laugh",
        # self-mockery, similes and verbs that look like insults
        "I'm an idiot, I forgot my umbrella",
        "احنا حمير لانا انتخبناهم",
        "He worked like a donkey all his life",
        "بعاملونا زي الكلاب بالمستشفى",
        "this budget trick might fool the guy who never reads it",
        # curses and nouns used as modifiers are not raised by a named person
        "شو هاد يخرب بيتك كيف عمل هيك",
        "the puppet government of the occupation fell",
        "الاحتلال الهمجي قصف المخيم",
        "مسخ الذين عصوا الى قردة كما في القصص",
        "this clown show at the festival was fun",  # the word modifies a noun
        "The kids loved this clown at the party",  # no person follows: a real clown
        "those puppets at the kids' theatre were lovely",
        "I always knew that fools and their money are soon parted",  # "that" is no pointer
        "those dogs of the neighbours bark all night",  # a literal-sense word is not raised
    ],
)


def test_literal_idiomatic_and_critical_uses_are_not_rejected(offense, comment):
    assert score(offense, comment) < REJECT, comment


@pytest.mark.parametrize(
    "comment",
    ["الكلاب الضالة صارت بكل مكان", "حكومة فاشلة", "a stray dog", "انا حمار شغل"],
)


def test_literal_uses_score_nothing(offense, comment):
    assert score(offense, comment) == 0.0


@pytest.mark.parametrize(
    ("addressed", "said_of_institution"),
    [("يا فاشل", "الوزارة فاشلة"), ("you coward", "the ministry is a coward")],
)


def test_criticism_words_need_a_direct_address(offense, addressed, said_of_institution):
    assert score(offense, addressed) >= REJECT
    assert score(offense, said_of_institution) < REJECT


def test_thing_words_need_a_named_person(offense):
    assert score(offense, "الخدمة زبالة") < REJECT
    assert score(offense, "الحكومة زبالة") >= REJECT
    assert score(offense, "this plan is garbage") < REJECT
    assert score(offense, "the government is garbage") >= REJECT


def test_a_literal_context_does_not_cancel_a_direct_address(offense):
    assert score(offense, "يا كلب يا ضال") >= REJECT


def test_aimed_reason_says_how(offense):
    result = offense(Context(Submission(comment="الحكم كان حمار"), None))
    (reason,) = result.reasons
    assert reason.params["aimed"] == "target"
    assert reason.params["term"] == "حمار"


def test_unaddressed_vocative_only_entries_are_found_on_request():
    lex = Lexicon([Entry("كذاب", 2, "ar", "offense", affix="v")])
    assert lex.find(normalize("الوزير كذاب")) == []
    (m,) = lex.find(normalize("الوزير كذاب"), unaddressed=True)
    assert m.entry.term == "كذاب" and not m.vocative


@pytest.mark.parametrize(
    "comment",
    [
        "يا جماعة مش لازم كل واحد يرد على التاني بكلمة حمار وخاين، خلونا نحكي بالموضوع",
        "Someone on Facebook called the governor an idiot for this. He's not, he's boxed in.",
        "Calling people 'idiots' for selling signatures is cheap. They're broke.",
        "اللي بيسمي سواقين التكسي زعران يجرب يقعد 12 ساعة ورا الستيرنغ",
        "Whoever calls the drivers idiots should try one shift in August",
    ],
)


def test_an_insult_talked_about_is_no_insult(offense, comment):
    assert score(offense, comment) == 0.0


@pytest.mark.parametrize(
    "comment",
    [
        "كلمة حق: الوزير حمار",  # after the colon the writer speaks
        "He called me, the idiot never listens",  # a comma ends the report
        "you idiot, calling us names",  # addressed
    ],
)


def test_a_mention_cue_does_not_reach_past_a_colon_comma_or_an_address(offense, comment):
    assert score(offense, comment) >= REJECT


@pytest.mark.parametrize(("comment", "insult"), [
    ("Shut up, you ignorant fool.", True),  # adjectives said of people between "you" and it
    ("you pathetic clown", True),
    ("Did you see old dogs near the site?", False),  # a verb after "you": no address
    ("you lazy people should apply for the jobs", False),  # no insult word
    ("I'm telling you, lazy thieves run this airline", False),  # a comma ends the address
    ("Jordan, I love you. Corrupt thieves have ruined you.", False),  # so does a full stop
    ("Ha, you old dog, you predicted the cut months ago", False),  # banter: "old" is no filler
    ("I love you\nThieves ruined you", False),  # a line break ends it too
    # a cue that opens its own clause reaches over the comma after it
    ("انتو، ذباب الكتروني مدفوع وبتعرفوا حالكم", True),
    ("ولك، خاين", True),
    ("you, thief", True),
])
def test_an_address_reaches_over_people_adjectives_but_punctuation_only_after_an_opening_cue(
        offense, comment, insult):
    assert (score(offense, comment) >= REJECT) is insult


@pytest.mark.parametrize(
    ("comment", "insult"),
    [
        ("زبون شتمه وقاله يا حرامي لما طلب منه الهوية", False),  # retold: another said it
        ("ابني رجع بعيط لانه واحد بالصف سبه وقاله يا حمار", False),
        ("بقولك يا حمار افهم", True),  # the writer says it to the reader
        ("يا حمار، قاله الكل", True),  # the address comes first
    ],
)


def test_an_insult_someone_else_said_to_a_third_person_is_retold_not_said(
        offense, comment, insult):
    assert (score(offense, comment) >= REJECT) is insult


def test_a_definite_vocative_only_word_before_a_relative_is_a_thing(offense):
    assert score(offense, "حدا بيعرف الخروف اللي وزنه 50 كيلو قديش بيطلع لحمة؟") == 0.0
    assert score(offense, "الخروف اللي بالزريبة قديش سعره؟") == 0.0
    assert score(offense, "خروف اللي صدقهم") >= REJECT


@pytest.mark.parametrize(
    "comment",
    [
        "He is not an idiot, he is boxed in by the peg",
        "he isn't an idiot",
        "They're broke, not stupid.",
        "الحكم مش حمار، بس القرار غلط",
    ],
)


def test_a_denied_insult_is_no_insult(offense, comment):
    assert score(offense, comment) == 0.0


@pytest.mark.parametrize(
    "comment",
    ["not only corrupt, he is a stupid thief", "يا حمار مش فاهم اشي", "you idiot, not again"],
)


def test_a_negation_elsewhere_does_not_deny_the_insult(offense, comment):
    assert score(offense, comment) >= REJECT


@pytest.mark.parametrize(
    "comment",
    ["wallah enkom klab ya as7ab el masane3", "انكم كلاب", "inta wa7ad jahel ma bt3ref shi"],
)


def test_you_are_in_dialect_and_arabizi_addresses_the_insult(offense, comment):
    assert score(offense, comment) >= REJECT


@pytest.mark.parametrize(("comment", "aimed"), [
    ("تجار الجملة عنا كلاب مسعورة، أول ما يسمعوا البورصة طلعت بيرفعوا", True),  # "here" glue
    ("الموظفين هون حرامية وما حدا بحاسبهم", True),
    ("عنا كلاب بالحارة بتنبح طول الليل", False),  # no person before it: the animals
    ("The people signing that petition are backward cavemen who'd ban colours", True),
    ("The caveman diet is a fad, eat what your grandmother ate", False),  # aimed only
    ("Loved the Neanderthal exhibit at the Jordan Museum", False),
])
def test_a_locative_between_the_people_and_the_insult_still_aims_it(offense, comment, aimed):
    assert (score(offense, comment) >= 0.8) is aimed
    if not aimed:
        assert score(offense, comment) < 0.45  # not even review: no literal use asks for one


@pytest.mark.parametrize("comment", [
    "اصحاب هالمطاعم حيوانات ما عندهم ذرة ضمير",  # "these" restaurants' owners, named and insulted
    "سكّر تمك يا ذباب الكتروني",
])
def test_owners_of_these_places_and_addressed_trolls_are_insulted(offense, comment):
    assert score(offense, comment) >= REJECT


@pytest.mark.parametrize("comment", [
    "طيب والغنم اللي نفقت مين بدو يعوض اصحابها؟",  # livestock that died
    "اصحاب الكلاب لازم يربطوهم بالليل",  # the dogs are what the owners have
    "الذباب الالكتروني صار بكل صفحة",  # the phenomenon, addressed to nobody
])
def test_livestock_owned_animals_and_the_troll_phenomenon_are_not_rejected(offense, comment):
    assert score(offense, comment) < REJECT


@pytest.mark.parametrize("comment", [
    "هالكلب مات ضميره",  # a death near an insult is no literal sense
    "حكومة الحرامية رفعت الاسعار",  # a construct of people, not of kept animals
    "مجلس الحمير صوت عالقانون",
    "بسبب 'الحرامية' بالحكومة",  # scare quotes after no reporting verb
    "انا بقول للنواب 'يا حرامية'",  # the writer's own voice
    "I told you 'you are an idiot'",
    "I told him 'you don't listen, you idiot'",  # the writer's own words, with a contraction
    "الوزير بيحكي عن الاصلاح، 'يا كذاب'",  # a retort after a comma
])
def test_insults_near_a_death_in_a_construct_or_in_the_writers_own_quotes_count(offense, comment):
    assert score(offense, comment) >= REVIEW_SCORE


@pytest.mark.parametrize("comment", [
    "جارنا صار يصرخ على ابني 'يا كلب' لانه بيطعمي القطط.. هيك اسلوب مرفوض",
    "كانوا يسبوا الحكم 'يا حمار' طول الشوط التاني، هاي مش روح رياضيه",
    "Ppl in the comments calling the suspects 'animals' and 'scum'... let the court decide",
    # a contraction inside the retold words does not end the quotation
    "A waiter once told me 'if you don't like the smoke go home, you donkey' when I complained",
    "احنا بعز حمّارة القيظ، الله يعين اللي بيشتغلوا بالشمس",  # the height of summer
    "اخدت الولاد يشوفوا القرود والحمار الوحشي",  # the zebra
])
def test_a_quoted_insult_retold_or_an_animal_idiom_is_not_rejected(offense, comment):
    assert score(offense, comment) < REJECT


def test_an_insult_said_outside_the_retold_quote_still_counts(offense):
    assert score(offense, "بيصرخ 'يا كلب' وانت يا حمار ساكت") >= REJECT


@pytest.mark.parametrize("comment", [
    "el klab el dalle sarat tmshi gta3an 3ind el madrase",  # stray dogs, in Arabizi
    "ana el 7mar eli bi3t el 3ejel el sane el madye b nos se3ro",  # the writer himself
    "ana mesh 7mar asoo2 b 120 3ala hek 6aree2",  # denied
    "shefet fidyo wa7ad byes2ol 3amel el na6afe 'ya zbale' 😡 hek ma byenfa3",  # retold
    "rje3t mn el shoghl zay el kalb mn el ta3ab",  # a simile, as in Arabic
])
def test_arabizi_literal_self_denied_and_retold_insults_are_not_rejected(offense, comment):
    assert score(offense, comment) < REJECT


@pytest.mark.parametrize("comment", [
    "ya 7mar",
    "el mas2oleen 3anna kollhom 7ameer, ma bye9ho illa lama el nas tmoot",
    "enta 7mar w ma bt3ref shi",
])
def test_arabizi_insults_aimed_at_people_still_reject(offense, comment):
    assert score(offense, comment) >= REJECT


@pytest.mark.parametrize("comment", [
    "There are freeloader apps that skip the ads",
    "There are parasites in the water of the old cistern",
    "there's a clown at every kids' party in Abdoun",
    "عنده جحوش بالمزرعة",
    "الله يعلم انك صادق وما بتكذب",
    # "that you" after a denial, a guess or a feeling is no address
    "انا ما قلت انك كذاب يا اخي",
    "ما بصدق انك حرامي، اكيد في غلط",
    "بتحس انك حيوان بهالازمة، ساعتين عالدوار",
    "and there are clowns in the circus every winter",
    # the article written apart after an owner, or before a literal adjective: the animals
    "اصحاب الـ كلاب الضالة لازم يتحاسبوا",
    "بلدية الـ كلاب الضالة ما بتعمل اشي",
])
def test_there_is_states_existence_and_aims_at_no_one(offense, comment):
    assert score(offense, comment) < REVIEW_SCORE


@pytest.mark.parametrize("comment", [
    "Bunch of lazy freeloaders who want the taxpayer to pay for their plays",
    "These artists are freeloaders",
    "ابصر شو بيعمل هالوزير الـ ح م ا ر بمكتبه",  # the article written apart, the word spaced
    "إنتو شوية جحوش ما بتفهموا اشي",
    "واضح انك واحد ت ي س وما بتفهم اشي",  # "that you are": a second-person address
])
def test_freeloaders_and_an_article_written_apart_still_aim_the_insult(offense, comment):
    assert score(offense, comment) >= REJECT


@pytest.mark.parametrize("comment", [
    "That MP sitting over there is a clown",
    "The people who live there are parasites",
])
def test_there_as_a_place_keeps_the_subject_of_the_insult(offense, comment):
    assert score(offense, comment) >= REJECT


@pytest.mark.parametrize(("spaced", "joined"), [
    ("موظفين الارصاد بطلعوا علينا بنشرة نسخ لصق.. ت ي و س بكل معنى الكلمة",
     "موظفين الارصاد بطلعوا علينا بنشرة نسخ لصق.. تيوس بكل معنى الكلمة"),
    ("the people who wrote this are i d i o t s", "the people who wrote this are idiots"),
])
def test_an_insult_spelled_out_letter_by_letter_counts_as_disguised(offense, spaced, joined):
    (reason,) = offense(Context(Submission(comment=spaced), None)).reasons
    assert reason.params["aimed"] == "disguised"
    assert reason.score >= max(REJECT, score(offense, joined))



@pytest.mark.parametrize("comment", ["my son is learning to spell: d o g, c a t, c o w",
                                     "الدرس اليوم عن الحيوانات: ب ق ر ه"])
def test_a_word_spelled_out_for_a_reader_is_no_disguise(offense, comment):
    assert score(offense, comment) < REJECT


@pytest.mark.parametrize(("comment", "rejected"), [
    # Arabizi writes the article apart: "el 7akam el 7mar" is "الحكم الحمار"
    ("el 7akam el 7mar 3amel qararat ghalat", True),
    ("el kalb el 3ad 3a jar", False),  # an animal that bit a neighbour: no person before it
])
def test_an_arabizi_article_written_apart_joins_the_insult_to_its_person(offense, comment,
                                                                         rejected):
    assert (score(offense, comment) >= 0.8) is rejected
