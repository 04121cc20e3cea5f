//! A claim's sources: who reported it first, who repeated it (`claim_corroborated`), and
//! when its first reporter dropped it from an edited article (`claim_withdrawn`).

mod common;

use common::*;
use serde_json::Value;

fn claim_texts(log: &[Value]) -> std::collections::HashMap<String, (String, String)> {
    events_of_kind(log, "claim")
        .iter()
        .map(|e| {
            (
                e["claim"].as_str().unwrap().to_string(),
                (
                    e["item"].as_str().unwrap().to_string(),
                    e["text"].as_str().unwrap().to_string(),
                ),
            )
        })
        .collect()
}

#[test]
fn later_reports_that_repeat_a_claim_are_its_corroborating_sources() {
    let tmp = tempfile::tempdir().unwrap();
    let store = tmp.path().join("store");
    replay(&seeds_dir(), &store);
    let log = json_log(&store);
    let claims = claim_texts(&log);
    let corroborated = events_of_kind(&log, "claim_corroborated");

    // 001 rewrites 000: it repeats most of 000's ten claims, each once.
    let by_001: Vec<&&Value> = corroborated
        .iter()
        .filter(|e| e["item"] == "file:001_3b7a4773e1d3e93a.txt")
        .collect();
    assert!(by_001.len() >= 8, "{by_001:#?}");
    let mut repeated: Vec<&str> = by_001
        .iter()
        .map(|e| e["claim"].as_str().unwrap())
        .collect();
    repeated.sort();
    repeated.dedup();
    assert_eq!(repeated.len(), by_001.len(), "each claim once per item");
    for event in &by_001 {
        let (first, _) = &claims[event["claim"].as_str().unwrap()];
        assert_eq!(first, "file:000_ee459bdfdea0fd13.txt");
    }

    // "approximately ten nations" (004) repeats "about 10 countries" (003).
    let ten = corroborated
        .iter()
        .find(|e| {
            e["text"]
                .as_str()
                .unwrap()
                .contains("approximately ten nations")
        })
        .expect("004 repeats the ten-countries claim");
    let (first, text) = &claims[ten["claim"].as_str().unwrap()];
    assert_eq!(first, "file:003_777be51a4515d054.txt");
    assert!(text.contains("about 10 countries"), "{text}");

    // Nobody corroborates their own claim, and vague sentences repeat nothing.
    for event in &corroborated {
        let (first, _) = &claims[event["claim"].as_str().unwrap()];
        assert_ne!(first, event["item"].as_str().unwrap());
        assert!(!event["text"]
            .as_str()
            .unwrap()
            .starts_with("Washington is currently working on this"));
    }

    // The claim records carry their sources too (export shows them).
    let out = storywatch(&["export", "--store", path(&store)]);
    let exported = stdout(&out);
    let c_line = exported
        .lines()
        .find(|l| l.contains("\"repeated_by\"") && l.contains("file:001_3b7a4773e1d3e93a.txt"))
        .expect("a claim record lists 001 among its repeaters");
    assert!(c_line.contains("file:000_ee459bdfdea0fd13.txt"), "{c_line}");
}

#[test]
fn a_claim_dropped_from_an_edited_article_is_withdrawn_and_a_reworded_one_is_not() {
    const SEED: &str = "003_777be51a4515d054.txt";
    const DROPPED: &str = "The WSJ also reported that Rubio could lead a working group that would draft security guarantees for Ukraine.";
    const REWORDED_FROM: &str = "Bloomberg sources also reported that about 10 countries are ready to send their forces to Ukraine as a security guarantee within the framework of a future peace agreement.";
    const REWORDED_TO: &str = "According to Bloomberg's sources, ten countries are prepared to send forces to Ukraine as a security guarantee under a future peace agreement.";
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    let original = std::fs::read_to_string(seeds_dir().join(SEED)).unwrap();
    assert!(original.contains(DROPPED) && original.contains(REWORDED_FROM));
    std::fs::write(corpus.join(SEED), &original).unwrap();
    let store = tmp.path().join("store");
    replay(&corpus, &store);
    let before = json_log(&store);
    let claims = claim_texts(&before);
    let claim_of = |text: &str| {
        claims
            .iter()
            .find(|(_, (_, t))| t == text)
            .map(|(id, _)| id.clone())
            .unwrap_or_else(|| panic!("{text:?} was logged as a claim"))
    };
    let dropped = claim_of(DROPPED);
    let reworded = claim_of(REWORDED_FROM);

    let edited =
        original
            .replacen(&format!("{DROPPED} "), "", 1)
            .replacen(REWORDED_FROM, REWORDED_TO, 1);
    std::fs::write(corpus.join(SEED), &edited).unwrap();
    replay(&corpus, &store);
    let log = json_log(&store);
    let withdrawn = events_of_kind(&log, "claim_withdrawn");
    assert_eq!(withdrawn.len(), 1, "{withdrawn:#?}");
    assert_eq!(withdrawn[0]["claim"], dropped.as_str());
    assert_eq!(withdrawn[0]["text"], DROPPED);
    assert_eq!(withdrawn[0]["item"], format!("file:{SEED}"));
    assert!(withdrawn.iter().all(|e| e["claim"] != reworded.as_str()));
    // The edit itself is still reported as a version.
    assert_eq!(events_of_kind(&log, "version_changed").len(), 1);
}

#[test]
fn each_claim_carries_the_atoms_the_story_lacked_and_its_closest_held_sentence() {
    let tmp = tempfile::tempdir().unwrap();
    let store = tmp.path().join("store");
    replay(&seeds_dir(), &store);
    let log = json_log(&store);
    let claims = events_of_kind(&log, "claim");
    let weapons = claims
        .iter()
        .find(|e| e["text"].as_str().unwrap().contains("$90 billion"))
        .expect("003's $90 billion claim");
    let atoms: Vec<&str> = weapons["atoms"]
        .as_array()
        .expect("atoms listed")
        .iter()
        .map(|a| a.as_str().unwrap())
        .collect();
    assert!(atoms.contains(&"number: 90000000000 usd"), "{atoms:?}");
    // The closest held sentence is another sentence of the seed reports, shown as written.
    let closest = weapons["closest"]
        .as_str()
        .expect("a closest held sentence");
    assert_ne!(closest, weapons["text"].as_str().unwrap());
    let corpus: String = std::fs::read_dir(seeds_dir())
        .unwrap()
        .map(|f| std::fs::read_to_string(f.unwrap().path()).unwrap())
        .collect();
    let words = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(words(&corpus).contains(&words(closest)), "{closest}");
    // The founder's claims have no held sentence to be close to.
    assert!(claims[0].get("closest").is_none());
}
