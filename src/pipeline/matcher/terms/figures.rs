//! Numbers and dates as a sentence gives them: a number with its scale and unit
//! (`90000000000 usd`, `5 percent`), whether it is rounded, and the [`Figure`] it stands
//! for, so that a rounded number agrees with the figure it rounds; calendar dates and
//! years, told apart from counts, street numbers and times of day.

use super::*;

/// A number's value and unit, and the place of its last significant digit: `320` is
/// (320, "", 10), `6.8 billion usd` is (6.8e9, "usd", 1e8).
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    value: f64,
    unit: String,
    precision: f64,
}

impl Figure {
    pub(super) fn of(number: &str) -> Option<Figure> {
        let (value, unit) = number.split_once(' ').unwrap_or((number, ""));
        let value: f64 = value.parse().ok()?;
        if value == 0.0 || !value.is_finite() {
            return None;
        }
        let precision = (-6..=15).rev().map(|k| 10f64.powi(k)).find(|p| {
            let steps = value / p;
            steps.round() != 0.0 && (steps - steps.round()).abs() < 1e-6 * steps.abs()
        })?;
        Some(Figure {
            value,
            unit: unit.to_string(),
            precision,
        })
    }
}

/// A rounded figure is at most this far (a share of it) from the figure it rounds.
const ROUNDING_SHARE: f64 = 0.1;

/// Whether two numbers name one figure, one of them rounded: with the same unit, the more
/// precise one rounds to the less precise one, which is approximate (`hedge_a` or
/// `hedge_b`), and lies on the side of it the hedge says ("more than 2,000" is 2,100, not
/// 1,900).
pub(super) fn same_figure(
    (a, hedge_a): (&Figure, Option<Ordering>),
    (b, hedge_b): (&Figure, Option<Ordering>),
) -> bool {
    let ((coarse, side), fine) = if a.precision >= b.precision {
        ((a, hedge_a), b)
    } else {
        ((b, hedge_b), a)
    };
    let Some(side) = side else {
        return false;
    };
    let gap = (fine.value - coarse.value).abs();
    let on_side = side == Ordering::Equal || fine.value.total_cmp(&coarse.value) == side;
    a.unit == b.unit
        && on_side
        && gap < coarse.precision / 2.0
        && gap <= ROUNDING_SHARE * coarse.value.abs()
}

/// `August 18`, `18 August`, either with its year (`November 11, 2011`, `11 Nov 2011`),
/// `November 2011`, `2011-11-11`, or a year on its own (see [`is_year`]). `before` is the
/// rest of the sentence before `tokens`.
pub(super) fn read_date(
    before: &[Token],
    tokens: &[Token],
    lang: &Language,
    terms: &mut SentenceTerms,
) -> Option<usize> {
    let english = lang.is_english();
    // "11" or "11th"; in French "1er".
    let day = |t: &Token| {
        // Most words are no number: nothing to strip and parse. (`parse` would take a
        // leading `+` too, but no word starts with one before a digit: Unicode's word
        // boundaries part them.)
        if !t.lower.starts_with(|c: char| c.is_ascii_digit()) {
            return None;
        }
        let digits = ["st", "nd", "rd", "th"]
            .iter()
            .find_map(|suffix| t.lower.strip_suffix(suffix))
            .or_else(|| {
                (lang.code == "fr")
                    .then(|| t.lower.strip_suffix("er"))
                    .flatten()
            })
            .unwrap_or(&t.lower);
        digits.parse::<u32>().ok().filter(|d| (1..=31).contains(d))
    };
    // "Sept." is September as news abbreviates it. In another language its own month
    // names are read too, in lower case where it writes them so, but only next to a day
    // (`dated`): "18 августа", "18 de agosto", never a bare "mai" or "march".
    let month = |t: &Token, dated: bool| {
        let name = if t.lower == "sept" { "sep" } else { &t.lower };
        let own = (!english)
            .then(|| lang.lexicon.month_word(&t.lower))
            .flatten()
            .filter(|_| t.capitalised || (dated && lang.lexicon.writes_months_lower_case()));
        own.or_else(|| t.capitalised.then(|| month_number(name)).flatten())
    };
    // The year a date goes on to name: the number right after it (`November 11, 2011`,
    // `November of 2011`, `agosto de 2025`), whatever it would mean on its own.
    let year_after = |rest: &[Token], terms: &mut SentenceTerms| -> usize {
        let (skip, t) = match rest {
            [of, t, ..] if of.lower == "of" || lang.lexicon.is_date_connector(&of.lower) => (1, t),
            [t, ..] => (0, t),
            [] => return 0,
        };
        match calendar_year(t) {
            Some(year) => {
                terms.dates.insert(year_date(year));
                skip + 1
            }
            None => 0,
        }
    };
    // "18 de agosto": a day, its connector, a month.
    if let [a, de, c, ..] = tokens {
        if lang.lexicon.is_date_connector(&de.lower) {
            if let Some((m, d)) = month(c, true).zip(day(a)) {
                terms.dates.insert(format!("{m:02}-{d:02}"));
                return Some(3 + year_after(&tokens[3..], terms));
            }
        }
    }
    if let [a, b, ..] = tokens {
        let month_day = month(a, true)
            .zip(day(b))
            .or_else(|| month(b, true).zip(day(a)));
        if let Some((m, d)) = month_day {
            terms.dates.insert(format!("{m:02}-{d:02}"));
            return Some(2 + year_after(&tokens[2..], terms));
        }
        if let Some(m) = month(a, false) {
            // "November 2011": a month with its year and no day.
            let used = year_after(&tokens[1..], terms);
            if used > 0 {
                terms.dates.insert(month_date(m));
                return Some(1 + used);
            }
        }
    }
    let first = tokens.first()?;
    // "in April", "last May", "the March downturn": a month alone. Not in a name
    // ("Theresa May", "April Ryan", "May Day", "May's cabinet"), nor a first word no
    // other word dates ("April told reporters"). English only: other languages' month
    // words are read next to a day.
    if english && !first.possessive {
        if let Some(m) = month(first, false) {
            let previous = before.last().filter(|_| first.joined);
            let dated = previous.is_some_and(|w| {
                TIME_PREPOSITIONS.contains(&w.lower.as_str())
                    || matches!(w.lower.as_str(), "last" | "next" | "this")
            });
            let after_name =
                previous.is_some_and(|w| w.capitalised && !lang.is_stop_word(&w.lower));
            let before_name = tokens.get(1).is_some_and(|t| t.joined && t.capitalised);
            if !before_name && (dated || !(after_name || first.initial)) {
                terms.dates.insert(month_date(m));
                return Some(1);
            }
        }
    }
    let year = calendar_year(first)?;
    // "2011-11-11": the ISO form, written without spaces, is month then day.
    if let [_, m, d, ..] = tokens {
        let month_then_day = m.lower.len() == 2
            && d.lower.len() == 2
            && first.hyphenated
            && m.hyphenated
            && d.hyphenated;
        let parsed = m.lower.parse::<u32>().ok().zip(d.lower.parse::<u32>().ok());
        if let Some((m, d)) = parsed
            .filter(|&(m, d)| month_then_day && (1..=12).contains(&m) && (1..=31).contains(&d))
        {
            terms.dates.insert(format!("{m:02}-{d:02}"));
            terms.dates.insert(year_date(year));
            return Some(3);
        }
    }
    is_year(before, tokens, lang).then(|| {
        terms.dates.insert(year_date(year));
        1
    })
}

/// The date of a year: `year 2025`.
fn year_date(year: u32) -> String {
    format!("year {year}")
}

/// The year a date of [`SentenceTerms::dates`] is, if it is one (see [`year_date`]).
pub(in crate::pipeline::matcher) fn year_of_date(date: &str) -> Option<i32> {
    date.strip_prefix("year ")?.parse().ok()
}

/// The date of a month named without a day: `month 04`. A day of the month holds it (see
/// [`months_of`]).
fn month_date(month: u32) -> String {
    format!("month {month:02}")
}

/// The keys of the months a sentence's days fall in (`04-03` is in `month 04`): a story
/// that said "April 3" holds "in April".
pub(super) fn months_of(dates: &SortedSet<String>) -> Vec<Key> {
    let months = dates.iter().filter_map(|d| {
        let (m, day) = d.split_once('-')?;
        let m: u32 = m.parse().ok().filter(|_| day.len() == 2)?;
        Some(Key::of(&month_date(m)))
    });
    distinct(months.collect())
}

/// A number written as a year could be: four digits from 1900 to 2100, no money or share.
fn calendar_year(t: &Token) -> Option<u32> {
    let year: u32 = t.lower.parse().ok()?;
    let plain = t.lower.len() == 4 && t.currency.is_none() && !t.percent;
    (plain && (1900..=2100).contains(&year)).then_some(year)
}

/// Words after a number that make it a time of day: `at 2045 GMT`, `1800 hours`.
const CLOCK_WORDS: &[&str] = &[
    "gmt", "utc", "bst", "cet", "cest", "eet", "msk", "ist", "hkt", "jst", "sgt", "aest", "est",
    "edt", "cst", "cdt", "mst", "mdt", "pst", "pdt", "hours", "hrs", "local",
];

/// Words before a number that date something: `in 2011`, `since 2008`, `the end of 2007`.
const TIME_PREPOSITIONS: &[&str] = &[
    "in", "since", "by", "until", "till", "through", "from", "to", "between", "during", "before",
    "after", "of", "early", "late", "mid", "circa",
];

/// Words before a number that make the noun after it a thing of that year, not a count:
/// `the 2005 season`, `his 2000 campaign`, `the 1967 slayings`.
const DETERMINERS: &[&str] = &[
    "the", "a", "an", "this", "that", "his", "her", "its", "their", "our", "my", "your",
];

/// Whether a number that could be a year (`tokens[0]`, after `before`) is one. In news text
/// four digits from 1900 to 2100 are nearly always a year (counts of a thousand and more are
/// written `2,045`), so the number is taken for a year unless what is around it makes it
/// something else: a time of day (`at 2045 GMT`), a street number (`at 2016 Ontario
/// Street`), a rounded count (`more than 2000`), a count of things (`2045 people`).
fn is_year(before: &[Token], tokens: &[Token], lang: &Language) -> bool {
    let Some(first) = tokens.first() else {
        return false;
    };
    if calendar_year(first).is_none() {
        return false;
    }
    let next = tokens.get(1);
    let next_word = next.map(|t| t.lower.as_str());
    // "2045 GMT", "2000 dollars", "2000 million": a time of day or a quantity.
    if next_word.is_some_and(|w| {
        CLOCK_WORDS.contains(&w)
            || lang.lexicon.unit_word(w).is_some()
            || lang.lexicon.scale_word(w).is_some()
    }) {
        return false;
    }
    // "more than 2000", "nearly 2000": a figure rounded above or below counts something;
    // "about" and "around" are said of years too ("around 2005").
    let hedged = hedge(before, lang).filter(|side| *side != Ordering::Equal);
    if hedged.is_some() {
        return false;
    }
    // "at 2045", "at about 2045", "at 2016 Ontario Street": a time or a street number.
    // With a common noun after it ("at 2000 feet"), the noun decides, below.
    let at = match before {
        [.., at, h] if Lexicon::english().hedge(&h.lower).is_some() => at.lower == "at",
        [.., at] => at.lower == "at",
        [] => false,
    };
    let noun_after = next.is_some_and(|t| {
        !t.capitalised && !lang.is_stop_word(&t.lower) && t.lower.chars().all(char::is_alphabetic)
    });
    if at && !noun_after {
        return false;
    }
    let previous = before.last().map(|t| t.lower.as_str());
    if previous.is_some_and(|w| TIME_PREPOSITIONS.contains(&w)) {
        return true;
    }
    // "2045 people", "2000 troops": a bare number right before a plural noun counts it,
    // unless a determiner makes the number the noun's year ("the 1967 slayings").
    let counts_plural = noun_after
        && next.is_some_and(|t| {
            matches!(t.lower.as_str(), "people" | "men" | "women" | "children")
                || (t.lower.ends_with('s') && !t.lower.ends_with("ss"))
        });
    let determined = previous.is_some_and(|w| DETERMINERS.contains(&w))
        || before.last().is_some_and(|t| t.possessive);
    !counts_plural || determined
}

/// Whether the words before a number say it is rounded ("about 300", "more than
/// 2,000"), and on which side of it the figure lies.
pub(super) fn hedge(before: &[Token], lang: &Language) -> Option<Ordering> {
    let hedge = |words: &str| lang.lexicon.hedge(words);
    match before {
        [.., a, b] => hedge(&format!("{} {}", a.lower, b.lower)).or_else(|| hedge(&b.lower)),
        [b] => hedge(&b.lower),
        [] => None,
    }
}

/// A number in digits or words, with a scale (`billion`) and unit (`%`, `$`, `percent`),
/// and how many tokens it takes.
pub(super) fn read_number(
    before: Option<&Token>,
    tokens: &[Token],
    lang: &Language,
) -> Option<(usize, String)> {
    let first = tokens.first()?;
    let vague = |t: &Token| lang.lexicon.vague_quantity(&t.lower);
    // "several hundred", "a few thousand": the quantity "hundreds of" and "thousands of"
    // name.
    if matches!(first.lower.as_str(), "several" | "few") {
        let plural = tokens
            .get(1)
            .and_then(|t| lang.lexicon.vague_quantity(&format!("{}s", t.lower)));
        if let Some(quantity) = plural {
            return Some((2, quantity.to_string()));
        }
    }
    if let Some(quantity) = vague(first) {
        // "tens of thousands", "des dizaines de milliers", "десятки тысяч": the larger
        // order of magnitude names the quantity. English, and languages read with its
        // lists, say "of"; the others their own word or none (a genitive).
        let own_lists = lang.lexicon.reads_own_lists();
        let connector = |t: &Token| {
            if own_lists {
                lang.lexicon.is_unit_connector(&t.lower)
            } else {
                t.lower == "of"
            }
        };
        let larger = match &tokens[1..] {
            [of, t, ..] if connector(of) => vague(t).map(|q| (3, q)),
            [t, ..] if own_lists => vague(t).map(|q| (2, q)),
            _ => None,
        };
        let (used, quantity) = larger.unwrap_or((1, quantity));
        return Some((used, quantity.to_string()));
    }
    let ordinal = lang
        .lexicon
        .ordinal_word(&first.lower)
        .filter(|&n| reads_as_ordinal(first, tokens.get(1), n, lang));
    if let Some(n) = ordinal {
        // An ordinal is only a fact together with what it counts: "third line" is not
        // "third country". Without a noun it still counts after an article ("in the
        // sixth", "wounding a third"); otherwise it is an adverb ("first of all", "when
        // they first made them"), unless the language has no articles to tell.
        let noun = tokens[1..]
            .iter()
            .take(3)
            .find(|t| !lang.is_stop_word(&t.lower))
            .map(|t| lang.canonical_stem(&t.lower));
        let counted = lang
            .lexicon
            .is_article(before.map_or("", |t| t.lower.as_str()))
            .unwrap_or(true);
        return match noun {
            Some(noun) => Some((1, format!("#{n} {noun}"))),
            None if counted => Some((1, format!("#{n} "))),
            None => None,
        };
    }
    let mut value: f64;
    let mut used = 1;
    // "one per cent", "one million", "eine Million": "one" counts only before what it
    // counts (see [`Lexicon::is_one`]).
    let counts_one = || {
        let next = tokens.get(1).map(|t| t.lower.as_str());
        let after = tokens.get(2).map(|t| t.lower.as_str());
        next.is_some_and(|w| {
            lang.lexicon.scale_word(w).is_some()
                || lang.lexicon.unit_word(w).is_some()
                || after.is_some_and(|a| lang.lexicon.is_per_cent(w, a))
        })
    };
    if let Some(v) = digits(&first.lower, lang) {
        value = v;
    } else if lang.lexicon.is_one(&first.lower) && counts_one() {
        value = 1.0;
    } else {
        value = lang.lexicon.number_word(&first.lower)?;
        // "twenty five", "двадцать пять"
        if value >= 20.0 && value % 10.0 == 0.0 {
            if let Some(units) = tokens
                .get(1)
                .and_then(|t| lang.lexicon.number_word(&t.lower))
            {
                if units < 10.0 {
                    value += units;
                    used += 1;
                }
            }
        }
    }
    let mut unit = first.currency;
    if tokens[used - 1].percent {
        unit = Some("percent");
    }
    let scale_at = |i: usize| {
        tokens
            .get(i)
            .and_then(|t| lang.lexicon.scale_word(&t.lower))
    };
    if let Some(scale) = scale_at(used) {
        value *= scale;
        used += 1;
        // "mil millones": a thousand millions. English keeps its one scale word.
        if !lang.is_english() {
            if let Some(scale) = scale_at(used).filter(|s| scale < *s) {
                value *= scale;
                used += 1;
            }
        }
    }
    if unit.is_none() {
        let next = tokens.get(used).map(|t| t.lower.as_str());
        let after = tokens.get(used + 1).map(|t| t.lower.as_str());
        if next
            .zip(after)
            .is_some_and(|(a, b)| lang.lexicon.is_per_cent(a, b))
        {
            unit = Some("percent");
            used += 2;
        } else if let Some(u) = next.and_then(|w| lang.lexicon.unit_word(w)) {
            unit = Some(u);
            used += 1;
        } else if let Some(u) = after
            .filter(|_| next.is_some_and(|w| lang.lexicon.is_unit_connector(w)))
            .and_then(|w| lang.lexicon.unit_word(w))
        {
            // "10 milliards de dollars", "mil millones de dólares".
            unit = Some(u);
            used += 2;
        }
    }
    let number = match unit {
        Some(u) => format!("{value} {u}"),
        None => format!("{value}"),
    };
    Some((used, number))
}

/// Whether an ordinal word `first` (of value `n`), followed by `next`, counts something:
/// not "le Premier ministre" (the prime minister), nor an Italian or Portuguese word that
/// is as often "according to", "before" or a weekday unless a lower-case noun follows
/// ("secondo turno", but "secondo il governo", "segundo Lula", "sexta-feira").
fn reads_as_ordinal(first: &Token, next: Option<&Token>, n: u32, lang: &Language) -> bool {
    if n == 1 && next.is_some_and(|t| lang.lexicon.is_title_after_first(&t.lower)) {
        return false;
    }
    if !lang.lexicon.is_ordinal_doubling_as_other_word(&first.lower) {
        return true;
    }
    let noun = next.filter(|t| {
        t.lower.chars().all(char::is_alphabetic)
            && !lang.is_stop_word(&t.lower)
            && (!t.capitalised || (first.capitalised && !first.initial))
    });
    !first.hyphenated && noun.is_some()
}

/// A number written in digits: "2,045" in English; where the language writes a decimal
/// comma, "1,5" is one and a half and "1.000" a thousand. A comma before three digits is
/// read as in English ("1,500"), which most news in those languages also writes.
fn digits(word: &str, lang: &Language) -> Option<f64> {
    // Not "nan", "inf" or "infinity", which Rust would read as numbers.
    if !word.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let comma_decimal = lang.lexicon.reads_own_lists();
    if comma_decimal {
        if let Some((whole, fraction)) = word.split_once(',') {
            let is_digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
            if is_digits(whole) && is_digits(fraction) && fraction.len() != 3 {
                return format!("{whole}.{fraction}").parse().ok();
            }
        }
        let mut groups = word.split('.');
        let head = groups.next().unwrap_or_default();
        let rest: Vec<&str> = groups.collect();
        let grouped = !rest.is_empty()
            && (1..=3).contains(&head.len())
            && head.chars().all(|c| c.is_ascii_digit())
            && rest
                .iter()
                .all(|g| g.len() == 3 && g.chars().all(|c| c.is_ascii_digit()));
        if grouped {
            return word.replace('.', "").parse().ok();
        }
    }
    if word.contains(',') {
        word.replace(',', "").parse().ok()
    } else {
        word.parse().ok()
    }
}
