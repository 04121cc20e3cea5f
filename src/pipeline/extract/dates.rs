//! Publication dates written out in text: `2025-08-27`, `28 August 2025 15:24`,
//! `August 28, 2025`, and all-numeric ones whose day and month order is certain
//! (`11 / 27 / 2005`, `04 / 28 / 09 07: 35 PM ET`).

use chrono::{Datelike, NaiveDate, Utc};

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

/// Time zones of places that write the month first (`11/27/2005`): the United States.
const MONTH_FIRST_ZONES: &[&str] = &[
    "ET", "EST", "EDT", "CT", "CST", "CDT", "MT", "MST", "MDT", "PT", "PST", "PDT", "AKST", "AKDT",
    "HST",
];

/// Time zones of places that write the day first (`27/11/2005`): Britain and Ireland
/// (`GMT`, `BST`, `IST`), continental Europe, India and Israel (`IST` too), Russia,
/// Australia, New Zealand and South Africa.
const DAY_FIRST_ZONES: &[&str] = &[
    "GMT", "BST", "IST", "WET", "CET", "CEST", "EET", "EEST", "MSK", "AEST", "AEDT", "ACST",
    "ACDT", "AWST", "NZST", "NZDT", "SAST",
];

/// All-numeric dates before this year are not read: in a header, such a number is more
/// likely something else than the date of an article on the web.
const NUMERIC_FIRST_YEAR: i32 = 1990;

/// Reads a date at the start of `text`; returns it and how many bytes it took. Datelines
/// as news pages print them are taken whole: a leading weekday (`Fri, 11 Nov 2011`),
/// ordinal days (`August 2nd, 2013`) and a time before or after the date (`5:33PM GMT 12
/// Mar 2013`, `11 Nov 2011 at 09: 56 IST`). An all-numeric date other than ISO is read
/// only when its order is certain (see [`NumericDate::date`]): `05/03/2013` may be
/// either day or month first.
pub fn parse_leading_date(text: &str) -> Option<(NaiveDate, usize)> {
    let found = read_dateline(text, Utc::now().date_naive())?;
    Some((found.date, found.end))
}

/// A dateline run into the text of its line: a date with its time (`04 / 28 / 09 07: 35
/// PM ET Federal agencies ...`) or a date and a dash (`27 / 09 / 2013 - Turkmenistan to
/// hold ...`). Returns the date and the text after it. A date followed straight by words
/// (`28 August 2025 was a Thursday`) starts a sentence instead, and a whole-line date is
/// [`line_is_date`]'s.
pub fn leading_dateline(line: &str) -> Option<(NaiveDate, &str)> {
    dateline_before_text(line, Utc::now().date_naive())
}

/// [`leading_dateline`] on the day `today`.
fn dateline_before_text(line: &str, today: NaiveDate) -> Option<(NaiveDate, &str)> {
    let found = read_dateline(line, today)?;
    let rest = line[found.end..].trim_start_matches([',', ' ']);
    let text = match rest.strip_prefix(['-', '–', '—']) {
        Some(after_dash) => after_dash.trim_start(),
        None if found.timed => rest,
        None => return None,
    };
    (!text.is_empty() && !text.starts_with('|')).then_some((found.date, text))
}

/// A date read at the start of a text, where it ends (with its time), and whether a time
/// came with it.
struct Dateline {
    date: NaiveDate,
    end: usize,
    timed: bool,
}

/// What [`read_dateline`] found at the date's place, before a numeric one's order is
/// settled by the time zone next to it.
enum Found {
    Written(NaiveDate),
    Numeric(NumericDate),
}

/// [`parse_leading_date`] on the day `today`, which bounds numeric dates and gives
/// two-digit years their century.
fn read_dateline(text: &str, today: NaiveDate) -> Option<Dateline> {
    let mut pos = skip_weekday(text, 0);
    // `12.09.2013` begins like the time `12.09`.
    let time_len = if numeric_date(&text[pos..]).is_some() {
        0
    } else {
        leading_time(&text[pos..])
    };
    let time_before = &text[pos..pos + time_len];
    if time_len > 0 {
        pos = skip_separators(text, pos + time_len);
        pos = skip_weekday(text, pos);
    }
    let rest = &text[pos..];
    let words: Vec<(usize, &str)> = word_spans(rest).take(4).collect();
    let (found, used) = iso_date(rest)
        .or_else(|| day_month_year(&words))
        .or_else(|| month_day_year(&words))
        .map(|(date, used)| (Found::Written(date), used))
        .or_else(|| numeric_date(rest).map(|(parts, used)| (Found::Numeric(parts), used)))?;
    let date_end = pos + used;
    let end = if time_len > 0 {
        date_end
    } else {
        time_after(text, date_end)
    };
    let date = match found {
        Found::Written(date) => date,
        // Only the zone of this date's own time is taken as a clue to its order.
        Found::Numeric(parts) => {
            let clue = order_clue(time_before).or_else(|| order_clue(&text[date_end..end]));
            parts.date(clue, today)?
        }
    };
    Some(Dateline {
        date,
        end,
        timed: time_len > 0 || end > date_end,
    })
}

/// Where a time after a date ends, perhaps after a comma or "at" (`, 9: 00 PM PDT`, `at
/// 09: 56 IST`), or `date_end` if none follows.
fn time_after(text: &str, date_end: usize) -> usize {
    let mut after = skip_separators(text, date_end);
    if let Some(at) = text[after..].strip_prefix("at ") {
        after = text.len() - at.len();
    }
    match leading_time(&text[after..]) {
        0 => date_end,
        len => after + len,
    }
}

/// True when the whole line is a date (with an optional time and nothing else, or other
/// header fields after a `|`, as in `Friday, Sep 10, 2010 | Updated 9: 28 AM EDT`).
pub fn line_is_date(line: &str) -> Option<NaiveDate> {
    let (date, used) = parse_leading_date(line)?;
    let rest = line[used..].trim_start_matches([',', ' ']);
    (rest.is_empty() || rest.starts_with('|')).then_some(date)
}

/// A weekday's name or its three-letter abbreviation, as 1 (Monday) ..= 7.
pub fn weekday_number(word: &str) -> Option<u32> {
    let w = word.trim_end_matches([',', '.']).to_lowercase();
    if w.len() < 3 {
        return None;
    }
    WEEKDAYS
        .iter()
        .position(|d| *d == w || (w.len() == 3 && d.starts_with(&w)))
        .map(|i| i as u32 + 1)
}

/// Past a weekday (`Fri,`, `Tuesday`, `WEDNESDAY,`) at `pos`, or `pos` if there is none.
fn skip_weekday(text: &str, pos: usize) -> usize {
    let Some((start, word)) = word_spans(&text[pos..]).next() else {
        return pos;
    };
    if weekday_number(word).is_some() {
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

/// Which of the first two parts of a numeric date is the month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Order {
    MonthFirst,
    DayFirst,
}

/// An all-numeric date as written (`11 / 27 / 2005`, `27.09.13`): its day and month order
/// is not known yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct NumericDate {
    first: u32,
    second: u32,
    year: i32,
    two_digit_year: bool,
}

impl NumericDate {
    /// The date, when its order is certain: a part above 12 is the day; equal parts read
    /// the same either way; otherwise the `clue` of a time zone next to it decides, and
    /// without one (`8 / 2 / 2013`) there is no date. A two-digit year is of this century
    /// up to next year (`08` is 2008), else of the last (`98` is 1998). Dates before 1990
    /// or after tomorrow are taken for other numbers.
    fn date(self, clue: Option<Order>, today: NaiveDate) -> Option<NaiveDate> {
        let order = if self.first > 12 {
            Order::DayFirst
        } else if self.second > 12 || self.first == self.second {
            Order::MonthFirst
        } else {
            clue?
        };
        let (month, day) = match order {
            Order::MonthFirst => (self.first, self.second),
            Order::DayFirst => (self.second, self.first),
        };
        let year = if self.two_digit_year {
            let this_year = today.year() % 100;
            let century = today.year() - this_year;
            if self.year <= this_year + 1 {
                century + self.year
            } else {
                century - 100 + self.year
            }
        } else {
            self.year
        };
        let date = NaiveDate::from_ymd_opt(year, month, day)?;
        let tomorrow = today.succ_opt()?;
        (year >= NUMERIC_FIRST_YEAR && date <= tomorrow).then_some(date)
    }
}

/// An all-numeric date at the start of `rest`: two parts of one or two digits and a year
/// of two or four, split twice by the same `/`, `.` or `-`, with or without a blank on
/// either side (tokenised text has `11 / 27 / 2005`). The year is required, so fractions,
/// scores and `24/7` or `9/11` are not dates, and so is the end: `1.2.10.4` is not one.
fn numeric_date(rest: &str) -> Option<(NumericDate, usize)> {
    let b = rest.as_bytes();
    let first_len = digits_at(b, 0);
    if !(1..=2).contains(&first_len) {
        return None;
    }
    let (separator, second_start) = date_separator_at(b, first_len)?;
    let second_len = digits_at(b, second_start);
    if !(1..=2).contains(&second_len) {
        return None;
    }
    let (again, year_start) = date_separator_at(b, second_start + second_len)?;
    let year_len = digits_at(b, year_start);
    if again != separator || !(year_len == 2 || year_len == 4) {
        return None;
    }
    let end = year_start + year_len;
    let goes_on = match b.get(end) {
        None => false,
        Some(c) if c.is_ascii_alphanumeric() => true,
        Some(b'/' | b'.' | b'-' | b':') => b.get(end + 1).is_some_and(u8::is_ascii_digit),
        Some(_) => false,
    };
    if goes_on {
        return None;
    }
    let date = NumericDate {
        first: rest[..first_len].parse().ok()?,
        second: rest[second_start..second_start + second_len].parse().ok()?,
        year: rest[year_start..end].parse().ok()?,
        two_digit_year: year_len == 2,
    };
    Some((date, end))
}

/// The separator of a numeric date at `pos` (`/`, `.` or `-`, perhaps with a blank on
/// either side) and where the next part starts.
fn date_separator_at(b: &[u8], pos: usize) -> Option<(u8, usize)> {
    let pos = pos + usize::from(b.get(pos) == Some(&b' '));
    let separator = *b.get(pos).filter(|c| matches!(c, b'/' | b'.' | b'-'))?;
    let next = pos + 1;
    Some((separator, next + usize::from(b.get(next) == Some(&b' '))))
}

/// The order a time zone in `time` (`7: 35 PM ET`, `09: 56 IST`) tells for a numeric date
/// beside it.
fn order_clue(time: &str) -> Option<Order> {
    time.split([' ', ',']).find_map(|word| {
        if MONTH_FIRST_ZONES.contains(&word) {
            Some(Order::MonthFirst)
        } else if DAY_FIRST_ZONES.contains(&word) {
            Some(Order::DayFirst)
        } else {
            None
        }
    })
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

    #[test]
    fn reads_numeric_dates_whose_order_is_certain() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
        // A part above 12 is the day, whatever the separator and spacing.
        assert_eq!(line_is_date("11 / 27 / 2005 7: 21 AM"), day(2005, 11, 27));
        assert_eq!(line_is_date("11 / 28 / 05"), day(2005, 11, 28));
        assert_eq!(line_is_date("11/27/2005"), day(2005, 11, 27));
        assert_eq!(line_is_date("Fri, 11/27/2005"), day(2005, 11, 27));
        assert_eq!(line_is_date("27 / 09 / 2013"), day(2013, 9, 27));
        assert_eq!(line_is_date("27.09.2013"), day(2013, 9, 27));
        assert_eq!(line_is_date("27. 09. 13"), day(2013, 9, 27));
        assert_eq!(line_is_date("27-09-2013"), day(2013, 9, 27));
        assert_eq!(line_is_date("12 / 16 / 08 1: 30 AM EST"), day(2008, 12, 16));
        // Equal parts read the same either way.
        assert_eq!(line_is_date("5 / 5 / 2010 1: 41 PM"), day(2010, 5, 5));
        assert_eq!(line_is_date("23: 37: 00 05 / 05 / 2010"), day(2010, 5, 5));
        // The zone of the date's own time tells the order, before or after it.
        assert_eq!(line_is_date("04 / 28 / 09 07: 35 PM ET"), day(2009, 4, 28));
        assert_eq!(
            line_is_date("04 / 02 / 07, 9: 00 PM PDT |"),
            day(2007, 4, 2)
        );
        assert_eq!(line_is_date("8: 13 AM PDT 8 / 2 / 2013"), day(2013, 8, 2));
        assert_eq!(
            line_is_date("05 / 03 / 2013 at 11: 00 AM EDT"),
            day(2013, 5, 3)
        );
        assert_eq!(line_is_date("05.03.2013 10: 20 GMT"), day(2013, 3, 5));
        assert_eq!(line_is_date("05 / 03 / 2013 09: 56 IST"), day(2013, 3, 5));
        assert_eq!(line_is_date("05/03/2013 10:00 AEST"), day(2013, 3, 5));
    }

    #[test]
    fn numeric_dates_need_a_likely_year() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 5).unwrap();
        let read = |text| read_dateline(text, today).map(|found| found.date);
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
        // Two-digit years are of this century up to next year, else of the last.
        assert_eq!(read("13/11/26"), day(2026, 11, 13));
        assert_eq!(read("13/11/98"), day(1998, 11, 13));
        assert_eq!(read("13/11/27"), None);
        // Not before 1990, nor after tomorrow.
        assert_eq!(read("13/11/89"), None);
        assert_eq!(read("13/11/1989"), None);
        assert_eq!(read("31/12/1990"), day(1990, 12, 31));
        assert_eq!(read("6/12/2026 10:00 GMT"), day(2026, 12, 6));
        assert_eq!(read("7/12/2026 10:00 GMT"), None);
        // Written dates are not bounded here: the replay judges dates in the future.
        assert_eq!(read("7 December 2026"), day(2026, 12, 7));
    }

    #[test]
    fn leaves_numbers_whose_date_is_uncertain_or_absent() {
        // Both parts 12 or below and no zone beside them: either order.
        assert_eq!(line_is_date("8 / 2 / 2013"), None);
        assert_eq!(line_is_date("4 / 11 / 2007 1: 26 PM"), None);
        assert_eq!(line_is_date("05 / 02 / 2013"), None);
        assert_eq!(line_is_date("9/11/2001"), None);
        // A zone elsewhere on the line is not this date's.
        assert_eq!(line_is_date("8 / 2 / 2013 | Updated 9: 28 AM EDT"), None);
        assert_eq!(line_is_date("8 / 2 / 2013 UTC"), None);
        // No year: fractions, scores, `24/7`, `9/11`.
        for text in [
            "3 / 4",
            "1/2 cup of sugar",
            "24/7",
            "9/11",
            "2 - 1",
            "3 - 1 - 0",
        ] {
            assert_eq!(parse_leading_date(text), None, "{text}");
        }
        // Not a date's end, or not one separator: versions and longer numbers.
        for text in [
            "1.13.10.4",
            "13/11/2005a",
            "24/7/365",
            "13/11-2005",
            "13 // 11 / 2005",
        ] {
            assert_eq!(parse_leading_date(text), None, "{text}");
        }
        assert_eq!(line_is_date("13 / 11 / 2005 was a Sunday"), None);
    }

    #[test]
    fn a_dateline_may_run_into_the_text() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 5).unwrap();
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(
            dateline_before_text(
                "04 / 28 / 09 07: 35 PM ET Federal agencies again will have to consult",
                today
            ),
            Some((
                day(2009, 4, 28),
                "Federal agencies again will have to consult"
            ))
        );
        assert_eq!(
            dateline_before_text(
                "27 / 09 / 2013 - Turkmenistan to hold first - ever elections",
                today
            ),
            Some((
                day(2013, 9, 27),
                "Turkmenistan to hold first - ever elections"
            ))
        );
        assert_eq!(
            dateline_before_text("28 August 2025 — The storm hit the coast.", today),
            Some((day(2025, 8, 28), "The storm hit the coast."))
        );
        for line in [
            "28 August 2025 was a Thursday",
            "27 / 09 / 2013",
            "8 / 2 / 2013 - Ellen DeGeneres will host the Oscars",
            "Friday, Sep 10, 2010 9: 00 AM | Updated 9: 28 AM EDT",
        ] {
            assert_eq!(dateline_before_text(line, today), None, "{line}");
        }
    }
}
