//! Publication dates written out in text: `2025-08-27`, `28 August 2025 15:24`,
//! `August 28, 2025`.

use chrono::NaiveDate;

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// A month name or its three-letter abbreviation, as 1..=12.
pub fn month_number(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_lowercase();
    if w.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| *m == w || (w.len() == 3 && m.starts_with(&w)))
        .map(|i| i as u32 + 1)
}

const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// Reads a date at the start of `text`; returns it and how many bytes it took. Datelines
/// as news pages print them are taken whole: a leading weekday (`Fri, 11 Nov 2011`),
/// ordinal days (`August 2nd, 2013`) and a time before or after the date (`5:33PM GMT 12
/// Mar 2013`, `11 Nov 2011 at 09: 56 IST`). All-numeric dates other than ISO are not
/// read: `05/03/2013` may be either day or month first.
pub fn parse_leading_date(text: &str) -> Option<(NaiveDate, usize)> {
    let mut pos = skip_weekday(text, 0);
    let time_len = leading_time(&text[pos..]);
    if time_len > 0 {
        pos = skip_separators(text, pos + time_len);
        pos = skip_weekday(text, pos);
    }
    let rest = &text[pos..];
    let words: Vec<(usize, &str)> = word_spans(rest).take(4).collect();
    let (date, used) = iso_date(rest)
        .or_else(|| day_month_year(&words))
        .or_else(|| month_day_year(&words))?;
    let end = pos + used;
    if time_len > 0 {
        return Some((date, end));
    }
    // A time after the date, perhaps after a comma or "at".
    let mut after = skip_separators(text, end);
    if let Some(at) = text[after..].strip_prefix("at ") {
        after = text.len() - at.len();
    }
    match leading_time(&text[after..]) {
        0 => Some((date, end)),
        len => Some((date, after + len)),
    }
}

/// True when the whole line is a date (with an optional time and nothing else, or other
/// header fields after a `|`, as in `Friday, Sep 10, 2010 | Updated 9: 28 AM EDT`).
pub fn line_is_date(line: &str) -> Option<NaiveDate> {
    let (date, used) = parse_leading_date(line)?;
    let rest = line[used..].trim_start_matches([',', ' ']);
    (rest.is_empty() || rest.starts_with('|')).then_some(date)
}

/// Past a weekday (`Fri,`, `Tuesday`, `WEDNESDAY,`) at `pos`, or `pos` if there is none.
fn skip_weekday(text: &str, pos: usize) -> usize {
    let Some((start, word)) = word_spans(&text[pos..]).next() else {
        return pos;
    };
    let w = word.trim_end_matches([',', '.']).to_lowercase();
    let is_weekday = w.len() >= 3
        && WEEKDAYS
            .iter()
            .any(|d| *d == w || (w.len() == 3 && d.starts_with(&w)));
    if is_weekday {
        skip_separators(text, pos + start + word.len())
    } else {
        pos
    }
}

fn skip_separators(text: &str, pos: usize) -> usize {
    text.len() - text[pos..].trim_start_matches([',', ' ']).len()
}

fn iso_date(text: &str) -> Option<(NaiveDate, usize)> {
    let candidate = text.get(..10)?;
    let date = NaiveDate::parse_from_str(candidate, "%Y-%m-%d").ok()?;
    Some((date, 10))
}

fn day_month_year(words: &[(usize, &str)]) -> Option<(NaiveDate, usize)> {
    let [(_, d), (_, m), (start, y), ..] = words else {
        return None;
    };
    date_of(d, m.trim_end_matches(','), *start, y)
}

fn month_day_year(words: &[(usize, &str)]) -> Option<(NaiveDate, usize)> {
    let [(_, m), (_, d), (start, y), ..] = words else {
        return None;
    };
    date_of(d.trim_end_matches(','), m, *start, y)
}

/// The date of a day (`11`, `2nd`), a month name and a four-digit year (a comma after
/// it is not taken), and where it ends.
fn date_of(day: &str, month: &str, year_start: usize, year: &str) -> Option<(NaiveDate, usize)> {
    let day = ["st", "nd", "rd", "th"]
        .iter()
        .find_map(|s| day.strip_suffix(s))
        .unwrap_or(day);
    let year = year.trim_end_matches(',');
    if year.len() != 4 {
        return None;
    }
    let date =
        NaiveDate::from_ymd_opt(year.parse().ok()?, month_number(month)?, day.parse().ok()?)?;
    Some((date, year_start + year.len()))
}

/// The length of a time at the start of `rest` (after blanks): `15:24`, `5:33PM`,
/// `6: 07: 15 pm`, `22. 34`, with the blank after the colon that tokenised text has, and
/// a zone after it (`GMT`, `IST`); 0 if there is none.
fn leading_time(rest: &str) -> usize {
    let b = rest.as_bytes();
    let mut pos = rest.len() - rest.trim_start().len();
    let hours = digits_at(b, pos);
    if !(1..=2).contains(&hours) {
        return 0;
    }
    pos += hours;
    let mut groups = 0;
    // Minutes, then perhaps seconds; a full stop stands for a colon only in `22. 34`.
    while groups < 2 && (b.get(pos) == Some(&b':') || (groups == 0 && b.get(pos) == Some(&b'.'))) {
        let mut p = pos + 1;
        if b.get(p) == Some(&b' ') {
            p += 1;
        }
        if digits_at(b, p) != 2 {
            break;
        }
        pos = p + 2;
        groups += 1;
    }
    if groups == 0 {
        return 0;
    }
    pos += word_after(&rest[pos..], |w| {
        ["am", "pm", "a.m.", "p.m.", "a. m.", "p. m."]
            .iter()
            .any(|m| w.eq_ignore_ascii_case(m))
    });
    pos + word_after(&rest[pos..], |w| {
        (2..=5).contains(&w.len()) && w.bytes().all(|c| c.is_ascii_uppercase())
    })
}

/// The length of the word at the start of `rest` (after at most one blank) that `accept`
/// takes, up to a blank, comma or the end; 0 if it is not taken. A word may hold one
/// inner blank (`p. m.`).
fn word_after(rest: &str, accept: impl Fn(&str) -> bool) -> usize {
    let skipped = usize::from(rest.starts_with(' '));
    let body = &rest[skipped..];
    let ends: Vec<usize> = body
        .match_indices([' ', ','])
        .map(|(i, _)| i)
        .chain([body.len()])
        .take(2)
        .collect();
    ends.iter()
        .rev()
        .find(|&&end| accept(&body[..end]))
        .map_or(0, |end| skipped + end)
}

fn digits_at(bytes: &[u8], pos: usize) -> usize {
    bytes
        .get(pos..)
        .map_or(0, |b| b.iter().take_while(|c| c.is_ascii_digit()).count())
}

fn word_spans(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split(' ')
        .scan(0usize, |offset, word| {
            let start = *offset;
            *offset += word.len() + 1;
            Some((start, word))
        })
        .filter(|(_, w)| !w.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_forms_news_text_uses() {
        let d = NaiveDate::from_ymd_opt(2025, 8, 28).unwrap();
        assert_eq!(line_is_date("28 August 2025 15:24"), Some(d));
        assert_eq!(line_is_date("August 28, 2025"), Some(d));
        assert_eq!(line_is_date("2025-08-28"), Some(d));
        assert_eq!(line_is_date("28 Aug 2025"), Some(d));
        assert_eq!(line_is_date("28 August 2025 was a Thursday"), None);
        assert_eq!(line_is_date("31 February 2025"), None);
        let (date, used) = parse_leading_date("2025-08-27 Senior US officials").unwrap();
        assert_eq!(date, NaiveDate::from_ymd_opt(2025, 8, 27).unwrap());
        assert_eq!(used, 10);
    }

    #[test]
    fn reads_datelines_with_weekdays_ordinals_and_times() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
        // Forms from news pages saved as text (ECB+), with their tokenised times.
        assert_eq!(
            line_is_date("Tuesday 28 April 2009 22. 34 BST"),
            day(2009, 4, 28)
        );
        assert_eq!(
            line_is_date("Fri, 11 Nov 2011 at 09: 56 IST"),
            day(2011, 11, 11)
        );
        assert_eq!(
            line_is_date("November 11, 2011 19: 04 IST"),
            day(2011, 11, 11)
        );
        assert_eq!(line_is_date("WEDNESDAY, MARCH 13, 2013"), day(2013, 3, 13));
        assert_eq!(
            line_is_date("WEDNESDAY, MARCH 13, 2013, 12: 38 AM"),
            day(2013, 3, 13)
        );
        assert_eq!(line_is_date("5:33PM GMT 12 Mar 2013"), day(2013, 3, 12));
        assert_eq!(line_is_date("02: 31 GMT, 12 March 2013"), day(2013, 3, 12));
        assert_eq!(
            line_is_date("12: 17 am, Monday, September 16, 2013"),
            day(2013, 9, 16)
        );
        assert_eq!(
            line_is_date("December 15th, 2008, 7: 35 am"),
            day(2008, 12, 15)
        );
        assert_eq!(
            line_is_date("August 2nd, 2013 at 5: 19 pm"),
            day(2013, 8, 2)
        );
        assert_eq!(
            line_is_date("April 7th, 2012 12: 30pm EDT"),
            day(2012, 4, 7)
        );
        assert_eq!(
            line_is_date("Thu Jun 13, 2013 08: 45 AM PDT"),
            day(2013, 6, 13)
        );
        assert_eq!(line_is_date("3: 09 AM EST Dec 19, 2008"), day(2008, 12, 19));
        assert_eq!(
            line_is_date("6:07:15 p. m. ET 11th November 2011"),
            day(2011, 11, 11)
        );
        assert_eq!(
            line_is_date("Friday, Sep 10, 2010 | Updated 9: 28 AM EDT"),
            day(2010, 9, 10)
        );
    }

    #[test]
    fn leaves_what_is_not_a_dateline() {
        // Day and month order of an all-numeric date is not known.
        assert_eq!(line_is_date("05 / 03 / 2013"), None);
        assert_eq!(line_is_date("05/03/2013"), None);
        assert_eq!(line_is_date("Updated 9: 06 AM"), None);
        assert_eq!(line_is_date("Tuesday 28 April 2009 was a quiet day"), None);
        assert_eq!(line_is_date("Friday, the council met"), None);
        assert_eq!(
            line_is_date("12:30 US officials met on 12 March 2013"),
            None
        );
        assert_eq!(line_is_date("28 August 25"), None);
        assert_eq!(line_is_date("2012. 08. 08 09: 01 AM"), None);
        // A time needs its minutes.
        let (_, used) = parse_leading_date("12 March 2013 at 9 sharp").unwrap();
        assert_eq!(used, "12 March 2013".len());
    }
}
