//! A name's spelling key: what the ways languages write one name have in common, so that
//! a report in one language links to a story told in another through the people it names
//! (Зеленский, Selenskyj, Zelensky, Zełenski; Лавров, Lawrow, Lavrov).
//!
//! Entry point: [`spelling_key`]. The name is written in Latin letters (`deunicode`
//! transliterates Cyrillic and Greek and drops the accents of Latin), its sounds that
//! languages spell differently are written one way (`sch`, `sh`, `ш` as `s`; `w` as `v`;
//! `z`, `s` and `ts` as `s`), and its vowels are dropped, as transliterations disagree
//! most on those (`-ский` is `-sky`, `-ski`, `-skyj`, `-skii`). What is left is the
//! name's consonants in order.

/// Letters that languages write one sound with, longest first, each with the one letter
/// written for it here: `ш`, `sh`, `sch` and `sz` are one sound, and so are `ц`, `ts`
/// and `tz`.
const SOUNDS: [(&str, char); 14] = [
    ("tsch", 'c'),
    ("shch", 's'),
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
];

/// A key of fewer consonants than this says too little to tell names apart (`Li`,
/// `Kim`, `Lee` and `Lu` would all meet): such a word is its Latin letters.
const MIN_CONSONANTS: usize = 3;

/// The spelling key of one word of a name (its stem, as the language reads it).
pub fn spelling_key(word: &str) -> String {
    let latin: Vec<u8> = deunicode::deunicode(word)
        .bytes()
        .filter(u8::is_ascii_alphabetic)
        .map(|b| b.to_ascii_lowercase())
        .collect();
    let mut key = String::with_capacity(latin.len());
    // The sound last written, so that a doubled letter ("tt", "ss") is written once.
    let mut last = None;
    let mut i = 0;
    while i < latin.len() {
        let rest = &latin[i..];
        let (sound, used) = SOUNDS
            .iter()
            .find(|(spelled, _)| rest.starts_with(spelled.as_bytes()))
            .map_or_else(
                || (letter_sound(rest[0]), 1),
                |&(spelled, s)| (Some(s), spelled.len()),
            );
        i += used;
        match sound {
            // Vowels (and the letters transliterations write for them) are left out.
            None => last = None,
            Some(s) if last == Some(s) => {}
            Some('x') => key.push_str("ks"),
            Some(s) => key.push(s),
        }
        if sound.is_some() {
            last = sound;
        }
    }
    if key.len() >= MIN_CONSONANTS {
        key
    } else {
        String::from_utf8(latin).unwrap_or_default()
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

    #[test]
    fn one_name_written_in_several_languages_has_one_key() {
        let zelensky = spelling_key("Zelensky");
        assert_eq!(zelensky, "slnsk");
        for other in [
            "Зеленский",
            "Selenskyj",
            "Zełenski",
            "Zelenskyy",
            "Ζελένσκι",
        ] {
            assert_eq!(spelling_key(other), zelensky, "{other}");
        }
        assert_eq!(spelling_key("Лавров"), spelling_key("Lawrow"));
        assert_eq!(spelling_key("Шольц"), spelling_key("Scholz"));
        assert_eq!(spelling_key("Эрдоган"), spelling_key("Erdoğan"));
    }

    #[test]
    fn different_names_keep_different_keys() {
        assert_ne!(spelling_key("Zelensky"), spelling_key("Selinger"));
        assert_ne!(spelling_key("Putin"), spelling_key("Macron"));
        // Too few consonants to tell apart: their letters.
        assert_eq!(spelling_key("Lee"), "lee");
        assert_ne!(spelling_key("Lee"), spelling_key("Li"));
        assert_eq!(spelling_key("Олаф"), spelling_key("Olaf"));
    }
}
