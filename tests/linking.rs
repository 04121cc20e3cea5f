//! Linking on hand-made streams, each played through the matcher as the pipeline plays
//! it (an item that joins a story is added to it, one that does not founds its own):
//! same-kind events stay apart however many there are, a follow-up weeks later joins its
//! story, and a report in another language joins the story it tells.

use chrono::NaiveDate;
use storywatch::matcher::{match_article, Decision, MatchParams, StoryIndex};
use storywatch::model::{Article, BlockKind, ItemId, Paragraph, Story, StoryId};

/// A report: its headline, its paragraphs and the day it was published.
struct Report {
    title: String,
    paragraphs: Vec<String>,
    date: NaiveDate,
}

impl Report {
    fn article(&self) -> Article {
        Article {
            title: Some(self.title.clone()),
            published: Some(self.date),
            paragraphs: self
                .paragraphs
                .iter()
                .map(|t| Paragraph {
                    kind: BlockKind::Paragraph,
                    text: t.clone(),
                })
                .collect(),
            ..Article::default()
        }
    }
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("a date")
}

/// Plays `reports` in order; returns the story each joined or founded (`story-N`).
fn play(reports: &[Report]) -> Vec<String> {
    play_stories(reports).0
}

/// Plays `reports` in order; returns the story each joined or founded, the stories and
/// their index.
fn play_stories(reports: &[Report]) -> (Vec<String>, Vec<Story>, StoryIndex) {
    let params = &MatchParams::default();
    let mut index = StoryIndex::new();
    let mut stories: Vec<Story> = Vec::new();
    let mut placed = Vec::new();
    for (n, report) in reports.iter().enumerate() {
        let item = ItemId(format!("item-{n}"));
        let article = report.article();
        let (slot, sentences) = match match_article(&index, &article, params) {
            Decision::Linked {
                story, sentences, ..
            } => {
                let slot = stories
                    .iter()
                    .position(|s| s.id == story)
                    .expect("a held story");
                (slot, sentences)
            }
            Decision::Found { sentences, .. } => (usize::MAX, sentences),
            Decision::Unmatched { .. } => (
                usize::MAX,
                storywatch::matcher::founding(&article, params).1,
            ),
        };
        let slot = if slot == usize::MAX {
            stories.push(Story {
                id: StoryId(format!("story-{}", stories.len() + 1)),
                title: report.title.clone(),
                founded_by: item.clone(),
                ..Story::default()
            });
            stories.len() - 1
        } else {
            slot
        };
        let story = &mut stories[slot];
        story.add_item(
            &item,
            Some(&report.title),
            sentences.into_iter().map(|v| v.text),
            Some(report.date),
        );
        index.upsert(story.clone());
        placed.push(story.id.0.clone());
    }
    (placed, stories, index)
}

/// Forty shootings in forty towns, told in much the same words: the reports of a city's
/// local news, where every story is a decoy for the others.
fn shooting(n: usize) -> Report {
    const TOWNS: [&str; 40] = [
        "Abilene",
        "Bakersfield",
        "Chattanooga",
        "Dayton",
        "Evansville",
        "Fresno",
        "Gary",
        "Hartford",
        "Independence",
        "Jackson",
        "Kalamazoo",
        "Lansing",
        "Macon",
        "Norfolk",
        "Odessa",
        "Peoria",
        "Quincy",
        "Reno",
        "Savannah",
        "Toledo",
        "Utica",
        "Vallejo",
        "Waco",
        "Yonkers",
        "Akron",
        "Billings",
        "Camden",
        "Durham",
        "Erie",
        "Flint",
        "Greeley",
        "Hampton",
        "Irving",
        "Joliet",
        "Killeen",
        "Lowell",
        "Modesto",
        "Newark",
        "Oxnard",
        "Pueblo",
    ];
    const FIRST: [&str; 8] = [
        "Marcus", "Tyrone", "Devin", "Jamal", "Carlos", "Andre", "Brandon", "Luis",
    ];
    const LAST: [&str; 10] = [
        "Whitaker", "Holloway", "Pruitt", "Mercado", "Ashby", "Calloway", "Dunbar", "Fenwick",
        "Galloway", "Hensley",
    ];
    const STREETS: [&str; 8] = [
        "Oak", "Elm", "Maple", "Pine", "Cedar", "Walnut", "Spruce", "Willow",
    ];
    const WAYS: [&str; 5] = ["Street", "Avenue", "Drive", "Road", "Boulevard"];
    let town = TOWNS[n];
    // Each victim, and each street, once in the stream.
    let victim = format!("{} {}", FIRST[n % 8], LAST[(n + n / 8) % 10]);
    let age = 19 + n;
    let street = format!("{} {}", STREETS[n % 8], WAYS[n / 8]);
    // Local reports of shootings share their words, not all of them: each says it in one
    // of a few ways.
    let what = [
        format!("A man was shot and killed late Saturday on {street} in {town}, police said."),
        format!("Police in {town} are investigating a fatal shooting on {street} overnight."),
        format!("A {age}-year-old man died after a shooting on {street} in {town} on Sunday."),
        format!("Gunfire on {street} in {town} left one man dead early Friday, officers said."),
    ];
    let who = [
        format!(
            "Officers responding to reports of gunfire found {victim}, {age}, with a gunshot \
             wound. He was taken to a hospital, where he died."
        ),
        format!(
            "The victim, identified as {victim}, was pronounced dead at the scene by \
             paramedics."
        ),
        format!("Relatives identified him as {victim}. He was struck several times."),
        format!("{victim} was found in a parked car with wounds to the chest."),
    ];
    let after = [
        "Police said no arrests had been made and asked anyone with information to call \
         detectives.",
        "No suspect description was released. The investigation is continuing.",
        "Detectives believe the shooting was not random, a spokesman said.",
        "Neighbors said they heard several shots before a car drove away.",
    ];
    Report {
        title: format!("Man shot and killed in {town}"),
        paragraphs: vec![
            what[n % 4].clone(),
            who[(n / 4) % 4].clone(),
            after[(n + n / 4) % 4].to_string(),
        ],
        date: day("2015-03-01") + chrono::Days::new(2 * n as u64),
    }
}

#[test]
fn a_long_stream_of_same_kind_events_stays_apart() {
    let reports: Vec<Report> = (0..40).map(shooting).collect();
    let placed = play(&reports);
    let distinct: std::collections::HashSet<&String> = placed.iter().collect();
    assert_eq!(
        distinct.len(),
        reports.len(),
        "every shooting is a story of its own: {placed:?}"
    );
}

#[test]
fn a_follow_up_weeks_later_joins_its_story_and_not_the_others() {
    let mut reports: Vec<Report> = (0..12).map(shooting).collect();
    // Three weeks after the shooting in Dayton (report 3), the arrest: other words,
    // the same victim, town and street.
    let first = &reports[3];
    reports.push(Report {
        title: "Arrest made in deadly Dayton shooting".to_string(),
        paragraphs: vec![
            "Detectives on Tuesday arrested a 24-year-old man in the killing of Jamal \
             Pruitt, who was found fatally wounded on Pine Street in Dayton three weeks ago."
                .to_string(),
            "Kevin Rowe was booked into the county jail on a charge of murder and is due in \
             court on Friday, a police spokesman said."
                .to_string(),
            "Pruitt's family said they were relieved by the arrest.".to_string(),
        ],
        date: first.date + chrono::Days::new(21),
    });
    let placed = play(&reports);
    assert_eq!(
        placed[12], placed[3],
        "the arrest joins the Dayton shooting: {placed:?}"
    );
    let distinct: std::collections::HashSet<&String> = placed.iter().collect();
    assert_eq!(distinct.len(), 12, "and no other story: {placed:?}");
}

/// Half a year after the shooting in Dayton (report 3), the verdict: the victim, town and
/// street again, in the words of a courtroom.
fn verdict_in_dayton(shooting: &Report) -> Report {
    Report {
        title: "Jury convicts man in Dayton shooting death".to_string(),
        paragraphs: vec![
            "A jury on Thursday found Kevin Rowe guilty of murder in the death of Jamal \
             Mercado in Dayton in March."
                .to_string(),
            "Rowe faces up to life in prison when he is sentenced next month, prosecutors \
             said."
                .to_string(),
        ],
        date: shooting.date + chrono::Days::new(200),
    }
}

#[test]
fn a_verdict_months_later_joins_the_one_story_it_resembles_and_not_two() {
    let mut reports: Vec<Report> = (0..12).map(shooting).collect();
    let verdict = verdict_in_dayton(&reports[3]);
    let article = verdict.article();
    // Played as the daemon plays it, the verdict joins Dayton's shooting.
    reports.push(verdict_in_dayton(&reports[3]));
    let placed = play(&reports);
    assert_eq!(placed[12], placed[3], "{placed:?}");
    reports.pop();
    // How likely Dayton's story is.
    let (placed, stories, mut index) = play_stories(&reports);
    let measured = MatchParams {
        link_threshold: 1.0,
        unrivalled_threshold: 1.0,
        ..MatchParams::default()
    };
    let Decision::Unmatched {
        closest: Some((closest, p)),
    } = match_article(&index, &article, &measured)
    else {
        panic!("a report unmatched at thresholds of 1");
    };
    assert_eq!(closest.0, placed[3]);
    // With the link threshold above that, it still joins Dayton's: unrivalled, at the
    // lower threshold...
    let params = MatchParams {
        link_threshold: (p + 0.1).min(1.0),
        unrivalled_threshold: p - 0.1,
        ..MatchParams::default()
    };
    match match_article(&index, &article, &params) {
        Decision::Linked { story, .. } => assert_eq!(story.0, placed[3]),
        other => panic!("the verdict joins Dayton's shooting, not {other:?}"),
    }
    // ... but a second story as close (the Dayton shooting founded twice) is a rival:
    // below the link threshold the report joins neither.
    let mut twin = stories[3].clone();
    twin.id = StoryId("story-twin".to_string());
    index.upsert(twin);
    assert!(
        matches!(
            match_article(&index, &article, &params),
            Decision::Unmatched { .. }
        ),
        "a report as close to two stories is not put in either"
    );
}

#[test]
fn a_german_report_of_an_english_story_joins_it() {
    let english = Report {
        title: "Volkswagen recalls 2.1 million cars over faulty airbags".to_string(),
        paragraphs: vec![
            "Volkswagen is recalling 2.1 million cars worldwide because of faulty airbags, \
             chief executive Oliver Blume said in Wolfsburg on March 3."
                .to_string(),
            "The recall covers Golf and Passat models built between 2019 and 2022, the \
             company said."
                .to_string(),
            "Blume said repairs would cost about 700 million euros.".to_string(),
        ],
        date: day("2025-03-03"),
    };
    let other = Report {
        title: "Heavy rain floods streets in Lisbon".to_string(),
        paragraphs: vec![
            "Heavy rain flooded streets across Lisbon on Monday and firefighters rescued \
             dozens of drivers, the city said."
                .to_string(),
            "Mayor Carlos Moedas said schools would stay closed on Tuesday.".to_string(),
        ],
        date: day("2025-03-03"),
    };
    // Another outlet's report, in German: it shares the figures and the chief
    // executive, not the words.
    let german = Report {
        title: "Rückruf bei VW: Airbag-Probleme betreffen Millionen Fahrzeuge".to_string(),
        paragraphs: vec![
            "Der Wolfsburger Autobauer holt weltweit rund 2,1 Millionen Wagen in die \
             Werkstätten."
                .to_string(),
            "Grund seien fehlerhafte Airbags, teilte Konzernchef Oliver Blume mit.".to_string(),
            "Die Kosten schätzt das Unternehmen auf etwa 700 Millionen Euro.".to_string(),
        ],
        date: day("2025-03-04"),
    };
    let placed = play(&[english, other, german]);
    assert_eq!(
        placed[2], placed[0],
        "the German report joins the recall: {placed:?}"
    );
    assert_ne!(placed[1], placed[0]);
}

/// A report of `title`, `paragraphs` and the day `date`.
fn report(title: &str, paragraphs: &[&str], date: &str) -> Report {
    Report {
        title: title.to_string(),
        paragraphs: paragraphs.iter().map(|p| p.to_string()).collect(),
        date: day(date),
    }
}

#[test]
fn a_russian_report_of_an_english_story_joins_it_through_the_names_it_spells_in_cyrillic() {
    let english = report(
        "Volodymyr Zelensky and Olaf Scholz agree on air defence",
        &[
            "Ukrainian President Volodymyr Zelensky and German Chancellor Olaf Scholz \
             agreed in Berlin on Friday on four more Patriot systems.",
            "Zelensky thanked Scholz and said the systems would protect Kharkiv.",
        ],
        "2024-05-10",
    );
    let other = report(
        "Emmanuel Macron and Giorgia Meloni meet in Rome",
        &[
            "French President Emmanuel Macron and Italian Prime Minister Giorgia Meloni met \
             in Rome on Friday to discuss migration.",
            "Meloni said the talks were constructive.",
        ],
        "2024-05-10",
    );
    // The same meeting told in Russian: what it shares with the English report is the
    // two men's names, in another script, and the number of systems.
    let russian = report(
        "Владимир Зеленский и Олаф Шольц договорились о ПВО",
        &[
            "Владимир Зеленский и Олаф Шольц договорились о поставке четырех систем \
             Patriot.",
            "Зеленский поблагодарил Шольца.",
        ],
        "2024-05-11",
    );
    assert_joins_the_first(english, other, russian);
}

#[test]
fn a_greek_report_of_an_english_story_joins_it_through_the_names_it_spells_in_greek() {
    let english = report(
        "Kyriakos Mitsotakis calls snap election for June 25",
        &[
            "Greek Prime Minister Kyriakos Mitsotakis called a snap election for June 25 \
             after his New Democracy party fell short of a majority.",
            "Mitsotakis said a second vote would give the country a stable government.",
        ],
        "2023-05-22",
    );
    let other = report(
        "Pedro Sanchez calls early election in Spain",
        &[
            "Spanish Prime Minister Pedro Sanchez called an early general election after \
             heavy losses in regional and local polls.",
            "Sanchez said voters would decide in July.",
        ],
        "2023-05-29",
    );
    // The same decision told in Greek: the Prime Minister's name, in Greek letters, and
    // the date are what it shares with the English report.
    let greek = report(
        "Ο Κυριάκος Μητσοτάκης προκήρυξε νέες εκλογές",
        &[
            "Ο πρωθυπουργός Κυριάκος Μητσοτάκης ανακοίνωσε νέες εκλογές για τις 25 Ιουνίου, \
             καθώς το κόμμα του δεν εξασφάλισε αυτοδυναμία.",
            "Ο Μητσοτάκης ζήτησε σταθερή κυβέρνηση για τη χώρα.",
        ],
        "2023-05-30",
    );
    assert_joins_the_first(english, other, greek);
}

/// Plays `first`, a report of another story, and `foreign` (a report of the first's
/// story in another alphabet): the foreign report joins the first's story, the other
/// report founds its own.
fn assert_joins_the_first(first: Report, other: Report, foreign: Report) {
    let placed = play(&[first, other, foreign]);
    assert_eq!(
        placed[2], placed[0],
        "the report in another alphabet joins its story: {placed:?}"
    );
    assert_ne!(placed[1], placed[0]);
}
