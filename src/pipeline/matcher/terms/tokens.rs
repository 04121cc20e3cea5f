//! A sentence as words: its tokens (each with its case, the punctuation around it, a
//! possessive or a hyphen after it, numbers written in digit groups kept whole), and the
//! name hints a text gives (words seen capitalised inside a sentence, so that a
//! capitalised first word is read as a name only if it is one elsewhere).

use super::*;

/// Each sentence's hint words, remembered per thread (see [`memo`]): an item's
/// sentences give hints when it is matched and again when its story takes it in.
const HINTS_KEPT: usize = 1024;

thread_local! {
    static HINTS: RefCell<Memo<(String, Vec<String>)>> = RefCell::new(Memo::new(HINTS_KEPT));
}

/// Words seen capitalised in the middle of a sentence somewhere in a text: a capitalised
/// word at the start of a sentence is a name only if it is one elsewhere too.
#[derive(Debug, Default)]
pub struct NameHints(FxHashSet<String>);

impl NameHints {
    pub fn from_sentences<'a>(sentences: impl IntoIterator<Item = &'a str>) -> Self {
        let mut names = FxHashSet::default();
        HINTS.with_borrow_mut(|hints| {
            for sentence in sentences {
                let make = || (sentence.to_string(), capitalised_inside(sentence));
                let key = memo::key_of(sentence);
                let (_, words) = hints.get_or_insert_with(key, |(s, _)| s == sentence, make);
                names.extend(words.iter().cloned());
            }
        });
        NameHints(names)
    }

    /// Both sets of hints at once.
    pub fn union(&self, other: &NameHints) -> NameHints {
        NameHints(self.0.union(&other.0).cloned().collect())
    }

    /// Adds the hints of `other`.
    pub fn extend(&mut self, other: NameHints) {
        self.0.extend(other.0);
    }

    pub fn contains(&self, word: &str) -> bool {
        self.0.contains(word)
    }
}

#[derive(Debug)]
pub(super) struct Token {
    pub(super) lower: String,
    pub(super) capitalised: bool,
    pub(super) all_caps: bool,
    /// First word of the sentence or of a quotation: capitalised by position, not name.
    pub(super) initial: bool,
    /// A currency sign just before, or `%` just after.
    pub(super) currency: Option<&'static str>,
    pub(super) percent: bool,
    /// Separated from the previous word by one plain space (no comma, dash or quote):
    /// a run of capitalised words is one name only while this holds.
    pub(super) joined: bool,
    /// Written with a possessive "'s": "Stewart's company".
    pub(super) possessive: bool,
    /// A comma just before: "Lee, 33, said" sets the age apart.
    pub(super) comma_before: bool,
    /// Part of a hyphenated compound ("no-fly"): not a word of its own for negation.
    pub(super) hyphenated: bool,
    /// A title before a name ("Mr.", "Sen.", "Dr"): neither a name nor a word of the
    /// statement, and its full stop ends no sentence (see [`is_title`]).
    pub(super) title: bool,
    /// Part of a telephone number (`412-473-1300`, `(412) 473-1300`, `1-877-903-STOP`):
    /// where to call, no figure of the story.
    pub(super) phone: bool,
}

/// "NATO's" → "NATO", "we're" → "we", "haven't" stays (the negation is the point), and
/// so does a Ukrainian apostrophe, which is part of its word ("п'ять", "об'єкт"). In
/// French and Italian an elided word comes before the apostrophe and the word it goes
/// with after it ("l'OTAN", "d'euros", "n'est", "dell'Unione"): both are kept, as the
/// elided word and the word, so that the word is read and the elided one still counts
/// ("n'" negates, "d'" joins an amount to its unit).
fn strip_clitic<'a>(word: &'a str, lang: &Language) -> (Option<&'a str>, &'a str) {
    if let Some((elided, rest)) = byte_at(word, b'\'').map(|i| (&word[..i], &word[i + 1..])) {
        if !rest.is_empty() && lang.lexicon.is_elision(elided) {
            return (Some(elided), before_apostrophe(rest));
        }
    }
    (None, before_apostrophe(word))
}

/// The part of a word before an English clitic: "NATO's" → "NATO" (see [`strip_clitic`]).
fn before_apostrophe(word: &str) -> &str {
    if word.ends_with("n't") {
        return word;
    }
    let cyrillic = |c: char| ('\u{0400}'..='\u{04FF}').contains(&c);
    match byte_at(word, b'\'') {
        Some(i) if i > 0 && !word[..i].chars().any(cyrillic) => &word[..i],
        _ => word,
    }
}

/// The words of `sentence` that [`tokens()`] reads as capitalised but not initial (not
/// opening the sentence, a quotation or a sentence within it): its name hints. Hints are
/// gathered before the language is known, so words are split as English splits them
/// ("l'OTAN" hints nothing). This is `tokens` cut down to what decides those two marks,
/// because every sentence is scanned for hints before it is read.
pub(super) fn capitalised_inside(sentence: &str) -> Vec<String> {
    let mut hints = Vec::new();
    let mut previous_end = 0;
    let mut first = true;
    // The token before was a capitalised title ("Mr."): its full stop ends no sentence.
    let mut after_title = false;
    for (offset, word) in sentence.unicode_word_indices() {
        let gap = &sentence[previous_end..offset];
        previous_end = offset + word.len();
        let normalised: Cow<str> = if has_curly_apostrophe(word) {
            Cow::Owned(word.replace('’', "'"))
        } else {
            Cow::Borrowed(word)
        };
        let piece = before_apostrophe(&normalised);
        let stripped = without_abbreviation_dots(piece);
        let Some(first_char) = stripped.chars().next() else {
            continue;
        };
        let capitalised = first_char.is_uppercase();
        let before = sentence[..offset].chars().next_back();
        let last_mark = gap.trim_end().chars().next_back();
        let initial = first
            || matches!(before, Some('“' | '"' | '‘' | '(' | '«'))
            || (matches!(last_mark, Some('.' | '!' | '?' | '…' | ':')) && !after_title);
        first = false;
        after_title = false;
        if capitalised {
            let lower = lowercase(&stripped);
            after_title = is_title(&lower, sentence[previous_end..].chars().next());
            if !initial {
                hints.push(lower);
            }
        }
    }
    hints
}

/// Where the ASCII byte `b` first is in `word`. A word is a few bytes: a plain scan
/// beats [`str::find`]'s searcher, which every word of every sentence read went through.
fn byte_at(word: &str, b: u8) -> Option<usize> {
    debug_assert!(b.is_ascii());
    word.bytes().position(|c| c == b)
}

/// Whether `word` has a typographic apostrophe (`’`). Most words are ASCII and cannot.
fn has_curly_apostrophe(word: &str) -> bool {
    !word.is_ascii() && word.contains('’')
}

/// `word` in lower case; an ASCII word (most are) without Unicode's case tables.
fn lowercase(word: &str) -> String {
    if word.is_ascii() {
        word.to_ascii_lowercase()
    } else {
        word.to_lowercase()
    }
}

/// Whether a capitalised word (lower-cased), followed by the character `after`, is a title
/// before a name: an honorific ("Mr", "Dr"), or an abbreviated title with its full stop
/// ("Sen.", "Gen.").
fn is_title(lower: &str, after: Option<char>) -> bool {
    lexicon::is_honorific(lower) || (after == Some('.') && lexicon::is_abbreviated_title(lower))
}

/// A word without the full stops of an abbreviation: "U.S." is "US", but "6.8" keeps its
/// decimal point.
fn without_abbreviation_dots(piece: &str) -> Cow<'_, str> {
    if piece.starts_with(|c: char| c.is_ascii_digit()) || byte_at(piece, b'.').is_none() {
        Cow::Borrowed(piece)
    } else {
        Cow::Owned(piece.replace('.', ""))
    }
}

/// Spaces that may separate the digit groups of a number ("10 000"): a plain space, and
/// the no-break and narrow no-break spaces French and Russian typesetting put there.
const GROUP_SEPARATORS: [char; 3] = [' ', '\u{a0}', '\u{202f}'];

/// A number written in digit groups starting at `words[0]` ("10 000", "1 500 000"): how
/// many words it takes, and the number as English writes it ("10,000"), so that it reads
/// as the same count, and as a count rather than a year. A first group of one to three
/// digits, then groups of exactly three, each after a single [`GROUP_SEPARATORS`] space:
/// "in 2024 100 people" and "3 to 4" are two numbers. Unicode does not break words at a
/// narrow no-break space, so one word may hold several groups.
fn digit_groups(sentence: &str, words: &[(usize, &str)]) -> Option<(usize, String)> {
    let all_digits = |g: &str| g.bytes().all(|b| b.is_ascii_digit());
    let is_group = |g: &str| g.len() == 3 && all_digits(g);
    let &(offset, first) = words.first()?;
    // Most words are no number: no groups to split.
    if !first.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let mut groups = first.split('\u{202f}');
    let head = groups.next()?;
    if !(1..=3).contains(&head.len()) || !all_digits(head) {
        return None;
    }
    let mut number = head.to_string();
    let mut append = |word: &str| {
        for group in word.split('\u{202f}') {
            number.push(',');
            number.push_str(group);
        }
    };
    let rest: Vec<&str> = groups.collect();
    if !rest.iter().all(|g| is_group(g)) {
        return None;
    }
    rest.iter().for_each(|g| append(g));
    let mut end = offset + first.len();
    let mut used = 1;
    for &(next_offset, word) in &words[1..] {
        let mut gap = sentence[end..next_offset].chars();
        let single_space =
            gap.next().is_some_and(|c| GROUP_SEPARATORS.contains(&c)) && gap.next().is_none();
        if !single_space || !word.split('\u{202f}').all(is_group) {
            break;
        }
        append(word);
        end = next_offset + word.len();
        used += 1;
    }
    number.contains(',').then_some((used, number))
}

/// The byte ranges of the telephone numbers in `text`: an area code of three digits
/// (bracketed, or followed by a hyphen, full stop or space), then three digits, a hyphen
/// or full stop and four digits (or four capitals: `903-STOP`), perhaps after `1-`, `1 `
/// or `+1 `; nothing alphanumeric either side. Seven digits alone (`822-1111`) are not
/// taken for one: a range such as `500-1000` is written the same way.
fn phone_numbers(text: &str) -> Vec<std::ops::Range<usize>> {
    let b = text.as_bytes();
    let digits =
        |at: usize, n: usize| at + n <= b.len() && b[at..at + n].iter().all(u8::is_ascii_digit);
    let letters = |at: usize| at + 4 <= b.len() && b[at..at + 4].iter().all(u8::is_ascii_uppercase);
    let sep = |at: usize| at < b.len() && matches!(b[at], b'-' | b'.');
    // The end of the number: not followed by more of a word or a code (`4567-89`).
    let ends = |at: usize| {
        at >= b.len()
            || !(b[at].is_ascii_alphanumeric()
                || (matches!(b[at], b'-' | b'.')
                    && b.get(at + 1).is_some_and(u8::is_ascii_alphanumeric)))
    };
    let mut found = Vec::new();
    let mut at = 0;
    while at < b.len() {
        let starts = (at == 0 || !b[at - 1].is_ascii_alphanumeric())
            && (b[at].is_ascii_digit() || matches!(b[at], b'(' | b'+'));
        if !starts {
            at += 1;
            continue;
        }
        let mut i = at;
        // The country code.
        if b[i] == b'+' && b.get(i + 1) == Some(&b'1') && matches!(b.get(i + 2), Some(b' ' | b'-'))
        {
            i += 3;
        } else if b[i] == b'1' && matches!(b.get(i + 1), Some(b' ' | b'-' | b'.')) {
            i += 2;
        }
        let area = if b.get(i) == Some(&b'(') && digits(i + 1, 3) && b.get(i + 4) == Some(&b')') {
            Some(i + 5 + usize::from(b.get(i + 5) == Some(&b' ')))
        } else if digits(i, 3) && (sep(i + 3) || b.get(i + 3) == Some(&b' ')) {
            Some(i + 4)
        } else {
            None
        };
        let line = area.filter(|&l| {
            digits(l, 3) && sep(l + 3) && (digits(l + 4, 4) || letters(l + 4)) && ends(l + 8)
        });
        match line {
            Some(l) => {
                found.push(at..l + 8);
                at = l + 8;
            }
            None => at += 1,
        }
    }
    found
}

pub(super) fn tokens(sentence: &str, lang: &Language) -> Vec<Token> {
    let words: Vec<(usize, &str)> = sentence.unicode_word_indices().collect();
    let phones = phone_numbers(sentence);
    let mut out: Vec<Token> = Vec::new();
    let mut previous_end = 0;
    let mut next = 0;
    let in_phone = |o: usize| phones.iter().any(|r| r.contains(&o));
    while next < words.len() {
        let (offset, word) = words[next];
        // A number's digit groups stop where a telephone number starts ("March 12
        // 412-473-1300" is not 12,412). Most sentences have none: nothing to look for.
        let before_phone = match phones.iter().find(|r| r.end > offset) {
            Some(r) => words[next..].partition_point(|&(o, _)| o < r.start),
            None => words.len() - next,
        };
        let (used, grouped) = match digit_groups(sentence, &words[next..next + before_phone]) {
            Some((used, number)) => (used, Some(number)),
            None => (1, None),
        };
        next += used;
        let end = words[next - 1].0 + words[next - 1].1.len();
        // Most words have no apostrophe or full stop: they are not copied to be cleaned.
        let normalised: Cow<str> = match grouped {
            Some(number) => Cow::Owned(number),
            None if has_curly_apostrophe(word) => Cow::Owned(word.replace('’', "'")),
            None => Cow::Borrowed(word),
        };
        let (elided, clitic_free) = strip_clitic(&normalised, lang);
        let gap = &sentence[previous_end..offset];
        previous_end = end;
        let before = sentence[..offset].chars().next_back();
        let after = sentence[end..].chars().next();
        // An elided word and its word are two tokens with the apostrophe between them.
        let pieces = match elided {
            Some(elided) => [
                Some((elided, before, Some('\''), gap)),
                Some((clitic_free, Some('\''), after, "")),
            ],
            None => [Some((clitic_free, before, after, gap)), None],
        };
        for (piece, before, after, gap) in pieces.into_iter().flatten() {
            let stripped = without_abbreviation_dots(piece);
            if stripped.is_empty() {
                continue;
            }
            let last_mark = gap.trim_end().chars().next_back();
            let first_char = stripped.chars().next().unwrap_or(' ');
            let mut letters = stripped.chars().filter(|c| c.is_alphabetic());
            let all_caps = letters.clone().nth(1).is_some() && letters.all(char::is_uppercase);
            let lower = lowercase(&stripped);
            let capitalised = first_char.is_uppercase();
            let title = capitalised && is_title(&lower, after);
            out.push(Token {
                lower,
                capitalised,
                all_caps,
                initial: out.is_empty()
                    || matches!(before, Some('“' | '"' | '‘' | '(' | '«'))
                    || (matches!(last_mark, Some('.' | '!' | '?' | '…' | ':'))
                        // "Mr. Tauzin": the full stop of a title ends no sentence.
                        && !out.last().is_some_and(|t: &Token| t.title)),
                currency: match before {
                    Some('$') => Some("usd"),
                    Some('€') => Some("eur"),
                    Some('£') => Some("gbp"),
                    _ => None,
                },
                percent: after == Some('%'),
                joined: gap == " ",
                possessive: after != Some('\'')
                    && (normalised.ends_with("'s") || normalised.ends_with("s'")),
                comma_before: gap.trim_start().starts_with(','),
                hyphenated: after == Some('-') || before == Some('-'),
                title,
                phone: in_phone(offset),
            });
        }
    }
    out
}
