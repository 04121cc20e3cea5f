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

/// Reads a date at the start of `text`; returns it and how many bytes it took
/// (a following `HH:MM` time is taken too).
pub fn parse_leading_date(text: &str) -> Option<(NaiveDate, usize)> {
    let words: Vec<(usize, &str)> = word_spans(text).take(4).collect();
    let (date, end) = iso_date(text)
        .or_else(|| day_month_year(&words))
        .or_else(|| month_day_year(&words))?;
    let rest = &text[end..];
    let time_len = leading_time(rest);
    Some((date, end + time_len))
}

/// True when the whole line is a date (with an optional time and nothing else).
pub fn line_is_date(line: &str) -> Option<NaiveDate> {
    let (date, used) = parse_leading_date(line)?;
    line[used..].trim().is_empty().then_some(date)
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
    let day: u32 = d.parse().ok()?;
    let year: i32 = y.parse().ok()?;
    let date = NaiveDate::from_ymd_opt(year, month_number(m)?, day)?;
    Some((date, start + y.len()))
}

fn month_day_year(words: &[(usize, &str)]) -> Option<(NaiveDate, usize)> {
    let [(_, m), (_, d), (start, y), ..] = words else {
        return None;
    };
    let day: u32 = d.trim_end_matches(',').parse().ok()?;
    let year: i32 = y.parse().ok()?;
    let date = NaiveDate::from_ymd_opt(year, month_number(m)?, day)?;
    Some((date, start + y.len()))
}

fn leading_time(rest: &str) -> usize {
    let trimmed = rest.trim_start();
    let skipped = rest.len() - trimmed.len();
    let bytes = trimmed.as_bytes();
    let is_time = bytes.len() >= 5
        && bytes[0].is_ascii_digit()
        && bytes[1].is_ascii_digit()
        && bytes[2] == b':'
        && bytes[3].is_ascii_digit()
        && bytes[4].is_ascii_digit();
    if is_time {
        skipped + 5
    } else {
        0
    }
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
}
