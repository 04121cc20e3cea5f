//! A name's spelling key: what the ways languages write one name have in common, so that
//! a report in one language links to a story told in another through the people it names
//! (Зеленский, Selenskyj, Zelensky, Zełenski; Лавров, Lawrow, Lavrov).
//!
//! Entry point: [`spelling_key`], given a name's word without its case ending (see
//! `Lexicon::name_without_case_ending`: `Зеленского` is `Зеленск`). The word is written in
//! Latin letters (`deunicode` transliterates Cyrillic and Greek and drops the accents of
//! Latin), its sounds that languages spell differently are written one way (`sch`, `sh`,
//! `ш` as `s`; `w` as `v`; `z`, `s` and `ts` as `s`), and its vowels are dropped, as
//! transliterations disagree most on those (`-ский` is `-sky`, `-ski`, `-skyj`, `-skii`).
//! What is left is the name's consonants in order. Different names can share a key
//! (`Putin`, `Patton`): keys are measured only where nothing else of a name can meet,
//! between alphabets (see `link.rs`).

/// Letters that languages write for one sound, longest first, each with the one letter
/// written for it here: `ш`, `sh`, `sch` and `sz` are all written `s`, as are `z` and `s`
/// themselves and `ц`, `ts` and `tz` (which languages hear as `s` or `z`: Scholz, Шольц);
/// `ч`, `ch`, `cz` and `tsch` are `c`; `дж`, `dzh`, `dj` are `j`.
const SOUNDS: [(&str, char); 16] = [
    ("tsch", 'c'),
    ("shch", 's'),
    ("dzh", 'j'),
    ("sch", 's'),
    ("sh", 's'),
    ("zh", 's'),
    ("ch", 'c'),
    ("cz", 'c'),
    ("sz", 's'),
    ("kh", 'k'),
    ("ph", 'f'),
    ("th", 't'),
    ("ts", 's'),
    ("tz", 's'),
    ("ck", 'k'),
    ("dj", 'j'),
];

/// A key of fewer consonants than this says too little to tell names apart (`Li`,
/// `Kim`, `Lee` and `Lu` would all meet): such a word is its Latin letters.
const MIN_CONSONANTS: usize = 3;

/// The spelling key of one word of a name, in lower case and without the case ending its
/// language gives it (see `Lexicon::name_without_case_ending`); none for a word with no
/// letter written in Latin.
pub fn spelling_key(word: &str) -> Option<String> {
    let latin: Vec<u8> = deunicode::deunicode(word)
        .bytes()
        .filter(u8::is_ascii_alphabetic)
        .map(|b| b.to_ascii_lowercase())
        .collect();
    if latin.is_empty() {
        return None;
    }
    let mut key = String::with_capacity(latin.len() + 1);
    // The sound last written, so that a doubled letter ("tt", "ss") is written once.
    let mut last = None;
    let mut i = 0;
    while i < latin.len() {
        let rest = &latin[i..];
        let (sound, used) = match SOUNDS
            .iter()
            .find(|(spelled, _)| rest.starts_with(spelled.as_bytes()))
        {
            Some(&(spelled, sound)) => (Some(sound), spelled.len()),
            // A `j` opening a name is a consonant (Johnson, Jensen); after a vowel it is
            // one (Selenskyj, Nawalnyj).
            None if i == 0 && rest[0] == b'j' => (Some('j'), 1),
            None => (letter_sound(rest[0]), 1),
        };
        i += used;
        match sound {
            // Vowels (and the letters transliterations write for them) are left out.
            None => last = None,
            Some(s) if last == Some(s) => {}
            Some('x') => {
                key.push_str("ks");
                last = Some('s');
                continue;
            }
            Some(s) => key.push(s),
        }
        if sound.is_some() {
            last = sound;
        }
    }
    Some(if key.len() >= MIN_CONSONANTS {
        key
    } else {
        String::from_utf8(latin).unwrap_or_default()
    })
}

/// The names a story spells in one alphabet, by their words' spelling keys, to read an
/// article written in another: its names written as the story writes them, so that
/// `Зеленский` is the `Zelensky` the story holds when its sentences are judged.
pub struct StorySpellings<'a>(rustc_hash::FxHashMap<String, &'a str>);

impl<'a> StorySpellings<'a> {
    /// The spellings of `name_words` (the story's, lower case: see `Held::name_words`),
    /// each keyed without the case ending its language gives it (by `without_ending`), as
    /// linking keys them: a story that names Zelensky only as `Зеленским` still spells him.
    pub fn of(
        name_words: impl Iterator<Item = &'a str>,
        without_ending: impl Fn(&str) -> &str,
    ) -> Self {
        let mut spellings = rustc_hash::FxHashMap::default();
        for word in name_words {
            if let Some(key) = spelling_key(without_ending(word)) {
                spellings.entry(key).or_insert(word);
            }
        }
        StorySpellings(spellings)
    }

    /// `sentence` with each capitalised word whose key (of the word without its case
    /// ending, by `without_ending`) the story spells, written as the story spells it,
    /// capitalised; `None` when there is none. Words in plain Latin letters are respelled
    /// only if `latin_too` (the story is not written in Latin): against a Latin story they
    /// are the story's own spellings or none of its names.
    pub fn respelled(
        &self,
        sentence: &str,
        without_ending: impl Fn(&str) -> &str,
        latin_too: bool,
    ) -> Option<String> {
        use unicode_segmentation::UnicodeSegmentation;
        let mut out = String::with_capacity(sentence.len());
        let mut changed = false;
        for word in sentence.split_word_bounds() {
            let capitalised = word.chars().next().is_some_and(char::is_uppercase);
            let story_word = (capitalised && (latin_too || !word.is_ascii()))
                .then(|| word.to_lowercase())
                .and_then(|lower| spelling_key(without_ending(&lower)))
                .and_then(|key| self.0.get(&key));
            match story_word {
                Some(spelled) => {
                    let mut chars = spelled.chars();
                    out.extend(chars.next().into_iter().flat_map(char::to_uppercase));
                    out.push_str(chars.as_str());
                    changed = true;
                }
                None => out.push_str(word),
            }
        }
        changed.then_some(out)
    }
}

/// The sound one letter is written with in a key, `None` for a vowel.
fn letter_sound(letter: u8) -> Option<char> {
    match letter {
        b'a' | b'e' | b'i' | b'o' | b'u' | b'y' | b'j' | b'h' => None,
        b'z' | b's' => Some('s'),
        b'c' | b'q' | b'k' => Some('k'),
        b'w' | b'v' => Some('v'),
        other => Some(char::from(other)),
    }
}

#[cfg(test)]
mod tests {
    use super::spelling_key;
    use crate::matcher::lexicon::Lexicon;

    /// The key of `word` as linking makes it in the language of `code`.
    fn key_in(code: &str, word: &str) -> Option<String> {
        let word = word.to_lowercase();
        spelling_key(Lexicon::of(code).name_without_case_ending(&word))
    }

    #[test]
    fn one_name_written_in_several_languages_has_one_key() {
        let zelensky = key_in("en", "Zelensky");
        assert_eq!(zelensky.as_deref(), Some("slnsk"));
        for (code, other) in [
            ("ru", "Зеленский"),
            ("ru", "Зеленского"),
            ("ru", "Зеленским"),
            ("uk", "Зеленського"),
            ("uk", "Зеленським"),
            ("de", "Selenskyj"),
            ("pl", "Zełenski"),
            ("en", "Zelenskyy"),
            ("el", "Ζελένσκι"),
        ] {
            assert_eq!(key_in(code, other), zelensky, "{other}");
        }
        for (russian, latin) in [
            ("Лавров", "Lawrow"),
            ("Лавровым", "Lavrov"),
            ("Медведев", "Medvedev"),
            ("Песков", "Peskov"),
            ("Шольцем", "Scholz"),
            ("Путиным", "Putin"),
            ("Эрдоган", "Erdoğan"),
            ("Джонсон", "Johnson"),
        ] {
            assert_eq!(key_in("ru", russian), key_in("en", latin), "{russian}");
        }
    }

    #[test]
    fn an_article_in_another_alphabet_is_respelled_with_the_story_s_names() {
        use super::StorySpellings;
        let names = ["volodymyr", "zelensky", "olaf", "scholz"];
        let story = StorySpellings::of(names.into_iter(), |w| w);
        let ru = Lexicon::of("ru");
        let respelled = |s: &str| story.respelled(s, |w| ru.name_without_case_ending(w), false);
        assert_eq!(
            respelled("Владимир Зеленский встретился с Олафом Шольцем.").as_deref(),
            Some("Volodymyr Zelensky встретился с Olaf Scholz.")
        );
        // Names the story does not hold, and words in lower case, stay as they are.
        assert_eq!(respelled("Эммануэль Макрон встретился с зеленским."), None);
    }

    #[test]
    fn different_names_keep_different_keys() {
        assert_ne!(key_in("en", "Zelensky"), key_in("en", "Selinger"));
        assert_ne!(key_in("en", "Putin"), key_in("en", "Macron"));
        assert_ne!(key_in("en", "Johnson"), key_in("en", "Hansen"));
        // Too few consonants to tell apart: their letters.
        assert_eq!(key_in("en", "Lee").as_deref(), Some("lee"));
        assert_ne!(key_in("en", "Lee"), key_in("en", "Li"));
        assert_eq!(key_in("ru", "Олаф"), key_in("en", "Olaf"));
        assert_eq!(spelling_key("xs").as_deref(), Some("xs"));
        assert_eq!(spelling_key("Maxsim").as_deref(), Some("mksm"));
        // No letter written in Latin: no key (such words would all meet).
        assert_eq!(spelling_key("1234"), None);
        assert_eq!(spelling_key("\u{301}"), None);
    }
}
