//! The matcher on hand-made pairs: a restatement adds nothing, a new fact is a claim,
//! an unrelated report joins no story.

mod common;

use common::story_founded_by;
use storywatch::matcher::{match_article, Decision, MatchParams, StoryIndex};
use storywatch::model::{Article, BlockKind, Paragraph, Story};

fn article(paragraphs: &[&str]) -> Article {
    Article {
        paragraphs: paragraphs
            .iter()
            .map(|t| Paragraph {
                kind: BlockKind::Paragraph,
                text: t.to_string(),
            })
            .collect(),
        ..Article::default()
    }
}

/// A story founded by `text`.
fn story_of(text: &str) -> Story {
    story_founded_by(&article(&[text]))
}

/// The new claims `later` adds to a story founded by `first`, judged against it (linking
/// is the linking tests' business).
fn new_claims(first: &str, later: &str) -> Vec<String> {
    storywatch::matcher::judge_against(
        &story_of(first),
        &article(&[later]),
        &MatchParams::default(),
    )
    .into_iter()
    .filter(|v| v.is_new_claim())
    .map(|v| v.text)
    .collect()
}

const QUAKE: &str =
    "A magnitude 6.4 earthquake struck near the city of Izmir in western Turkey on Sunday, \
    killing at least 12 people, the country's disaster agency AFAD said. \
    Rescue teams from Ankara were searching collapsed buildings in the Bayrakli district. \
    Interior Minister Ali Yerlikaya said 300 people had been injured.";

#[test]
fn a_reworded_report_adds_no_claim() {
    let rewrite = "Turkey's disaster agency AFAD said a 6.4-magnitude quake hit close to Izmir on Sunday and killed at least twelve people. \
        Rescuers sent from Ankara searched through fallen buildings in Bayrakli. \
        According to Interior Minister Ali Yerlikaya, 300 people were hurt.";
    assert_eq!(new_claims(QUAKE, rewrite), Vec::<String>::new());
}

#[test]
fn a_new_number_is_a_new_claim() {
    let update = "Rescue teams from Ankara were searching collapsed buildings in Izmir. \
        The death toll from the Izmir earthquake rose to 27 on Monday, AFAD said.";
    assert_eq!(
        new_claims(QUAKE, update),
        ["The death toll from the Izmir earthquake rose to 27 on Monday, AFAD said."]
    );
}

#[test]
fn a_new_person_quoted_is_a_new_claim() {
    let update =
        "Izmir mayor Tunc Soyer said the Bayrakli district was the worst hit by the earthquake.";
    assert_eq!(new_claims(QUAKE, update).len(), 1);
}

#[test]
fn a_denial_is_not_the_statement_it_denies() {
    let first = "The ministry said the Izmir dam was damaged by the earthquake and AFAD ordered an evacuation.";
    let denial = "AFAD later said the Izmir dam was not damaged by the earthquake.";
    assert_eq!(new_claims(first, denial), [denial]);
}

#[test]
fn a_statement_without_a_specific_fact_is_not_a_claim() {
    let vague = "Many questions remain unanswered. Rescue teams from Ankara were searching collapsed buildings in Izmir.";
    assert_eq!(new_claims(QUAKE, vague), Vec::<String>::new());
}

#[test]
fn an_unrelated_report_joins_no_story() {
    let story = story_of(QUAKE);
    let budget = article(&["The European Central Bank kept interest rates unchanged on Thursday, \
        President Christine Lagarde told reporters in Frankfurt, adding that inflation in the euro zone \
        was expected to ease to 2.1 percent next year as energy prices fall."]);
    match match_article(
        &StoryIndex::from_stories([story]),
        &budget,
        &MatchParams::default(),
    ) {
        // It shares no word worth looking it up by, or too few to come close.
        Decision::Unmatched { closest: None } => {}
        Decision::Unmatched {
            closest: Some((_, score)),
        } => assert!(score < 0.12, "{score}"),
        other => panic!("an unrelated report must stay unmatched, got {other:?}"),
    }
}

/// The kind of `later` joining a story founded by `first`.
fn kind_of(first: &[&str], later: &[&str]) -> storywatch::model::ItemKind {
    let story = story_founded_by(&article(first));
    match match_article(
        &StoryIndex::from_stories([story.clone()]),
        &article(later),
        &MatchParams::default(),
    ) {
        Decision::Linked { sentences, .. } => storywatch::matcher::item_kind(&story, &sentences),
        other => panic!("expected the later report to join the story, got {other:?}"),
    }
}

const WIRE: [&str; 3] = [
    "Senior US officials told European counterparts that Washington would contribute strategic enablers to a European-led force in Ukraine, four sources said.",
    "The assistance could include US aircraft, logistics and ground-based radar supporting a no-fly zone over Ukraine.",
    "Russian Foreign Minister Sergey Lavrov said any foreign military presence in Ukraine was absolutely unacceptable.",
];

#[test]
fn a_wire_copy_is_a_duplicate_a_restatement_a_rewrite_and_a_new_fact_an_update() {
    use storywatch::model::ItemKind;
    // Syndicated: a dateline, different case and punctuation, one paragraph dropped.
    let copy = [
        "KYIV (Reuters) - SENIOR US officials told European counterparts that Washington would contribute strategic enablers to a European-led force in Ukraine, four sources said",
        WIRE[1],
        WIRE[2],
    ];
    assert_eq!(kind_of(&WIRE, &copy[1..]), ItemKind::Duplicate);
    assert_eq!(kind_of(&WIRE, &copy), ItemKind::Duplicate);
    let rewrite = [
        "Washington is ready to provide strategic enablers for a European-led force in Ukraine, US officials told their European counterparts, according to four sources.",
        "Aircraft, logistics and ground-based radar supporting a no-fly zone over Ukraine could be part of the US assistance.",
    ];
    assert_eq!(kind_of(&WIRE, &rewrite), ItemKind::Rewrite);
    let update = [
        WIRE[0],
        "Defense Secretary Pete Hegseth met British and French defence ministers in London on August 27 to discuss the plan.",
    ];
    assert_eq!(kind_of(&WIRE, &update), ItemKind::Update);
}

#[test]
fn a_russian_report_is_read_with_russian_stems_and_stop_words() {
    let first = [
        "Соединённые Штаты готовы предоставить европейским союзникам разведывательные данные и системы противовоздушной обороны для гарантий безопасности Украины, сообщила газета Financial Times.",
        "Министры обороны двенадцати европейских стран обсудили в Брюсселе размещение миротворческих сил на Украине.",
    ];
    // The same facts, other inflections and word order: linked, and nothing new.
    let restated = [
        "По данным газеты Financial Times, Соединённые Штаты готовы предоставить разведывательные данные и системы противовоздушной обороны европейским союзникам для гарантии безопасности Украины.",
    ];
    let story = story_founded_by(&article(&first));
    match match_article(
        &StoryIndex::from_stories([story.clone()]),
        &article(&restated),
        &MatchParams::default(),
    ) {
        Decision::Linked { sentences, .. } => {
            let new: Vec<_> = sentences.iter().filter(|v| v.is_new_claim()).collect();
            assert!(
                new.is_empty(),
                "a restatement in other inflections adds nothing: {new:?}"
            );
        }
        other => panic!("the Russian restatement should join its story: {other:?}"),
    }
    // Without Russian stems the inflections would not meet: the English stemmer leaves
    // Cyrillic words as they are.
    let lang = storywatch::matcher::language::detect(restated[0]);
    assert_eq!(lang.code, "ru");
    assert_eq!(
        lang.canonical_stem("гарантий"),
        lang.canonical_stem("гарантии")
    );
}

#[test]
fn a_declared_story_never_goes_quiet_a_discovered_one_does() {
    let day = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    let mut story = story_founded_by(&article(&WIRE));
    story.first_date = Some(day("2025-08-18"));
    story.last_date = Some(day("2025-08-20"));
    let mut later = article(&WIRE[..2]);
    let linked = |story: &Story, later: &Article| {
        matches!(
            match_article(
                &StoryIndex::from_stories([story.clone()]),
                later,
                &MatchParams::default()
            ),
            Decision::Linked { .. }
        )
    };
    later.published = Some(day("2025-10-01"));
    assert!(linked(&story, &later), "six weeks later: still live");
    later.published = Some(day("2027-08-18"));
    assert!(!linked(&story, &later), "two years later: quiet");
    later.published = Some(day("2023-08-18"));
    assert!(
        !linked(&story, &later),
        "two years before: another story too"
    );
    later.published = None;
    assert!(
        linked(&story, &later),
        "an undated report is not held apart"
    );
    story.declared = true;
    later.published = Some(day("2027-08-18"));
    assert!(linked(&story, &later), "a declared story never goes quiet");
}

#[test]
fn a_quiet_story_lets_go_of_its_judging_state_and_judges_the_same_when_woken() {
    let day = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    let mut old = story_founded_by(&article(&WIRE));
    old.first_date = Some(day("2025-08-18"));
    old.last_date = Some(day("2025-08-20"));
    let mut recent = story_founded_by(&article(&[QUAKE]));
    recent.id = storywatch::model::StoryId("story-quake".into());
    recent.first_date = Some(day("2026-09-01"));
    recent.last_date = Some(day("2026-09-02"));
    let fresh = StoryIndex::from_stories([old.clone(), recent.clone()]);
    let mut rested = StoryIndex::from_stories([old.clone(), recent.clone()]);
    let all = rested.sentences_ready();
    rested.rest_quiet(90);
    assert_eq!(
        rested.sentences_ready(),
        all - old.sentences.len(),
        "the story quiet for a year holds nothing ready; the live one keeps all"
    );
    // An undated report may still join the quiet story: it is judged as it was before.
    let mut follow_up: Vec<&str> = WIRE[..2].to_vec();
    follow_up.push("Defense Secretary Pete Hegseth met General Dan Caine on Tuesday.");
    let later = article(&follow_up);
    let params = MatchParams::default();
    let decision = match_article(&rested, &later, &params);
    assert!(matches!(decision, Decision::Linked { .. }), "{decision:?}");
    assert_eq!(decision, match_article(&fresh, &later, &params));
    // Declared stories never rest.
    let mut declared = old.clone();
    declared.declared = true;
    let mut index = StoryIndex::from_stories([declared, recent]);
    let all = index.sentences_ready();
    index.rest_quiet(90);
    assert_eq!(index.sentences_ready(), all);
}

#[test]
fn a_russian_figure_in_words_adds_nothing_and_a_russian_denial_is_a_claim() {
    let first = "Соединённые Штаты продали Украине вооружения на 10 млрд долларов, сообщило 18 августа министерство обороны в Вашингтоне. \
        При обстреле Харькова погибли пять человек, сообщили местные власти.";
    // The same figures in other words ("$10 млрд", "5"), the date in another order.
    let restated = "По данным министерства обороны в Вашингтоне, Соединённые Штаты продали Украине вооружения на $10 млрд 18 августа. \
        Местные власти сообщили, что при обстреле Харькова погибли 5 человек.";
    assert_eq!(new_claims(first, restated), Vec::<String>::new());
    let denial = "Министерство обороны в Вашингтоне заявило, что Соединённые Штаты не продали Украине вооружения на 10 млрд долларов.";
    let later =
        format!("{denial} При обстреле Харькова погибли пять человек, сообщили местные власти.");
    assert_eq!(new_claims(first, &later), [denial]);
}

#[test]
fn a_german_report_reads_its_nouns_as_words_not_as_new_actors() {
    // German capitalises every noun: were they names, each restated sentence would bring
    // "new actors" (Beteiligung, Hauptlast, Verbündeten) and be logged again.
    let first = "Die Vereinigten Staaten wollen sich an Sicherheitsgarantien für die Ukraine beteiligen. \
        Das sagte Präsident Donald Trump am Montag nach einem Treffen mit Wolodymyr Selenskyj im Weißen Haus. \
        Die europäischen Verbündeten sollen die Hauptlast tragen.";
    let later = "Präsident Donald Trump hat eine Beteiligung der USA an Sicherheitsgarantien für die Ukraine zugesagt. \
        Die Hauptlast sollen nach seinen Worten die europäischen Verbündeten tragen. \
        Bundeskanzler Friedrich Merz begrüßte die Zusage in Berlin.";
    assert_eq!(
        new_claims(first, later),
        ["Bundeskanzler Friedrich Merz begrüßte die Zusage in Berlin."]
    );
    // The founding report's claims name its people and places, not its nouns.
    let (_, verdicts) = storywatch::matcher::founding(&article(&[first]), &MatchParams::default());
    let atoms: Vec<&str> = verdicts
        .iter()
        .flat_map(|v| v.atoms.iter().map(String::as_str))
        .collect();
    for noun in [
        "sicherheitsgarantien",
        "montag",
        "treffen",
        "hauptlast",
        "verbündeten",
    ] {
        assert!(
            !atoms.iter().any(|a| a.contains(noun)),
            "{noun} in {atoms:?}"
        );
    }
    for name in [
        "donald trump",
        "wolodymyr selenskyj",
        "weißen haus",
        "united states",
        "europe",
    ] {
        assert!(
            atoms.iter().any(|a| a.ends_with(name)),
            "{name} not in {atoms:?}"
        );
    }
}

#[test]
fn russian_and_ukrainian_names_and_places_are_known_in_every_case() {
    // Russian and Ukrainian decline names and places: "с Владимиром Зеленским" and
    // "Владимир Зеленский" are one man, "Соединенные Штаты" and "США" one country, and
    // "европейские" (in lower case) is Europe's. A restatement in other cases adds
    // nothing; a new person does.
    let first = "Соединенные Штаты готовы участвовать в гарантиях безопасности для Украины. \
        Об этом заявил президент Дональд Трамп после встречи с Владимиром Зеленским. \
        Основную нагрузку должны взять на себя европейские союзники.";
    let later = "Владимир Зеленский заявил, что гарантии безопасности от США важны для Украины. \
        Встреча Зеленского и Трампа прошла в понедельник. \
        Канцлер Германии Фридрих Мерц приветствовал это решение.";
    assert_eq!(
        new_claims(first, later),
        ["Канцлер Германии Фридрих Мерц приветствовал это решение."]
    );
    let first = "Сполучені Штати готові брати участь у гарантіях безпеки для України. \
        Про це заявив президент Дональд Трамп після зустрічі з Володимиром Зеленським.";
    let later =
        "Володимир Зеленський заявив, що Україна отримає гарантії безпеки від Сполучених Штатів. \
        Прем'єр-міністр Польщі Дональд Туск привітав це рішення.";
    assert_eq!(
        new_claims(first, later),
        ["Прем'єр-міністр Польщі Дональд Туск привітав це рішення."]
    );
}

/// The novelty the matcher gives each sentence of `later`, judged against a story
/// founded by `first`.
fn novelty(first: &str, later: &str) -> Vec<f64> {
    storywatch::matcher::judge_against(
        &story_of(first),
        &article(&[later]),
        &MatchParams::default(),
    )
    .into_iter()
    .map(|v| v.novelty)
    .collect()
}

#[test]
fn a_new_fact_is_more_novel_than_a_restatement() {
    let restated = novelty(
        QUAKE,
        "Turkey's disaster agency AFAD said a 6.4-magnitude quake hit close to Izmir on Sunday and killed at least twelve people.",
    );
    let new_toll = novelty(
        QUAKE,
        "The death toll from the Izmir earthquake rose to 27 on Monday, AFAD said.",
    );
    let new_event = novelty(
        QUAKE,
        "Prosecutors in Izmir detained 18 building contractors on Tuesday over the collapse of three apartment blocks.",
    );
    assert!(new_toll[0] > restated[0] + 0.2, "{new_toll:?} {restated:?}");
    assert!(
        new_event[0] > restated[0] + 0.2,
        "{new_event:?} {restated:?}"
    );
    assert!((0.0..=1.0).contains(&restated[0]) && new_event[0] <= 1.0);
}

#[test]
fn a_report_in_a_script_without_capitals_is_judged_sentence_by_sentence() {
    // Chinese: sentences end at `。` with no space after it. The story held the toll and
    // the rescue; the follow-up restates the toll and adds the damage and the evacuation,
    // facts without a number or a name read from capitals.
    let first = "四川芦山县发生6.1级地震，已造成4人死亡。救援队伍正赶赴震中。";
    let later = "芦山县6.1级地震已造成4人死亡。多处房屋倒塌，村民连夜转移到安置点。";
    assert_eq!(
        new_claims(first, later),
        ["多处房屋倒塌，村民连夜转移到安置点。"]
    );
    // Arabic: a sentence ends at a full stop before any word, not only a capital.
    let first = "ضرب زلزال بقوة 6.1 درجات مدينة إزمير وقتل 12 شخصا. وصلت فرق الإنقاذ إلى المدينة.";
    let later = "قتل الزلزال 12 شخصا في إزمير. وانهارت ثلاثة مبان سكنية في وسط المدينة.";
    assert_eq!(
        new_claims(first, later),
        ["وانهارت ثلاثة مبان سكنية في وسط المدينة."]
    );
}

#[test]
fn each_sentence_is_judged_against_the_story_and_a_repeated_one_is_logged_once() {
    // A careful reader judges each sentence against the earlier reports: the arrest is
    // new in the sentence that gives it and again in the one that gives it with the
    // man's age. A sentence the report repeats word for word (a pull quote) is one claim.
    let first = "A fire destroyed a furniture warehouse in Leeds on Monday night.";
    let later = "Police charged John Hale with arson over the Leeds warehouse fire. \
                 Hale, 33, was charged with arson and remanded in custody. \
                 Police charged John Hale with arson over the Leeds warehouse fire.";
    assert_eq!(
        new_claims(first, later),
        [
            "Police charged John Hale with arson over the Leeds warehouse fire.",
            "Hale, 33, was charged with arson and remanded in custody."
        ]
    );
}

#[test]
fn a_report_in_another_language_adds_only_the_facts_the_story_lacks() {
    let english = "Volkswagen is recalling 2.1 million cars worldwide because of faulty \
        airbags, chief executive Oliver Blume said in Wolfsburg on March 3. \
        Blume said repairs would cost about 700 million euros.";
    // The same recall in German, and one figure the English report did not give: its
    // words say nothing of what the story holds in English, its figures and names do.
    let german = "Grund seien fehlerhafte Airbags, teilte Konzernchef Oliver Blume mit. \
        Die Kosten schätzt das Unternehmen auf etwa 700 Millionen Euro. \
        Auch 40.000 Fahrzeuge des Modells Tiguan sind betroffen, wie ein Sprecher sagte.";
    assert_eq!(
        new_claims(english, german),
        ["Auch 40.000 Fahrzeuge des Modells Tiguan sind betroffen, wie ein Sprecher sagte."]
    );
}

#[test]
fn a_report_in_another_alphabet_names_the_story_s_people_as_the_story_spells_them() {
    let english = "Ukrainian President Volodymyr Zelensky and German Chancellor Olaf Scholz \
        met in Berlin on Friday. Zelensky said the systems would protect Kharkiv.";
    // In Russian: the first sentence restates what Zelensky said, by his name in Cyrillic
    // and declined (Зеленского); the second gives a figure the story lacks.
    let russian = "По словам Зеленского, системы защитят Харьков. \
        Шольц пообещал 500 миллионов евро на восстановление энергетики.";
    assert_eq!(
        new_claims(english, russian),
        ["Шольц пообещал 500 миллионов евро на восстановление энергетики."]
    );
}

#[test]
fn a_report_in_latin_letters_names_a_russian_story_s_people_as_it_spells_them() {
    let russian = "Владимир Зеленский и Олаф Шольц встретились в Берлине в пятницу. \
        Зеленский заявил, что системы защитят Харьков.";
    // The name inside the sentence, where its capital says it is one.
    let english = "The systems will protect Kharkiv, President Zelensky said. \
        Scholz pledged 500 million euros to rebuild the power grid.";
    assert_eq!(
        new_claims(russian, english),
        ["Scholz pledged 500 million euros to rebuild the power grid."]
    );
}

#[test]
fn a_report_in_latin_letters_meets_the_names_a_russian_story_gives_only_declined() {
    // The story names Zelensky and Scholz only in oblique cases (Зеленским, Шольцем,
    // Зеленского): their spelling keys are taken without those endings, as linking
    // takes them.
    let russian = "Олаф Шольц встретился с Владимиром Зеленским в Берлине в пятницу. \
        По словам Зеленского, системы защитят Харьков.";
    let english = "In Berlin on Friday, Scholz met President Zelensky. \
        Scholz pledged 500 million euros to rebuild the power grid.";
    assert_eq!(
        new_claims(russian, english),
        ["Scholz pledged 500 million euros to rebuild the power grid."]
    );
}
