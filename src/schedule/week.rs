//! ISO 8601 weeks (`2026-W48`): the unit loaxa plans in. Weeks start on Monday and the
//! week-numbering year may differ from the calendar year at its edges.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, Duration, NaiveDate, Weekday};

/// An ISO 8601 week, such as `2026-W48`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Week {
    /// ISO week-numbering year.
    pub year: i32,
    /// Week 1 to 52 or 53.
    pub week: u32,
}

impl Week {
    /// The Monday that starts the week.
    pub fn monday(self) -> NaiveDate {
        NaiveDate::from_isoywd_opt(self.year, self.week, Weekday::Mon).expect("validated week")
    }

    /// The week containing `date`.
    pub fn of(date: NaiveDate) -> Week {
        let iso = date.iso_week();
        Week {
            year: iso.year(),
            week: iso.week(),
        }
    }

    /// The following week.
    pub fn next(self) -> Week {
        Week::of(self.monday() + Duration::days(7))
    }

    /// The seven dates of the week.
    pub fn days(self) -> Vec<NaiveDate> {
        (0..7).map(|d| self.monday() + Duration::days(d)).collect()
    }
}

impl fmt::Display for Week {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-W{:02}", self.year, self.week)
    }
}

impl FromStr for Week {
    type Err = String;

    /// Parses `2026-W48` (also `2026W48`, lower-case `w`); rejects weeks the year does not have.
    fn from_str(s: &str) -> Result<Week, String> {
        let bad = || format!("`{s}` is not an ISO week like 2026-W48");
        let (y, w) = s.split_once(['W', 'w']).ok_or_else(bad)?;
        let year: i32 = y.trim_end_matches('-').parse().map_err(|_| bad())?;
        let week: u32 = w.parse().map_err(|_| bad())?;
        if NaiveDate::from_isoywd_opt(year, week, Weekday::Mon).is_none() {
            return Err(format!("{year} has no ISO week {week}"));
        }
        Ok(Week { year, week })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weeks_parse_and_cross_the_year_boundary() {
        let w: Week = "2026-W53".parse().unwrap();
        assert_eq!(w.monday(), NaiveDate::from_ymd_opt(2026, 12, 28).unwrap());
        assert_eq!(w.next().to_string(), "2027-W01");
        assert_eq!(
            w.next().monday(),
            NaiveDate::from_ymd_opt(2027, 1, 4).unwrap()
        );
        assert!("2027-W53".parse::<Week>().is_err(), "2027 has 52 weeks");
        assert!("2026-W00".parse::<Week>().is_err());
        assert!("next week".parse::<Week>().is_err());
        assert_eq!("2026w48".parse::<Week>().unwrap().to_string(), "2026-W48");
    }

    #[test]
    fn a_week_has_seven_days_from_monday_and_contains_them() {
        let w: Week = "2027-W01".parse().unwrap();
        let days = w.days();
        assert_eq!(days.len(), 7);
        assert_eq!(days[0].weekday(), Weekday::Mon);
        assert!(days.iter().all(|d| Week::of(*d) == w));
        assert_eq!(
            Week::of(NaiveDate::from_ymd_opt(2027, 1, 3).unwrap()).to_string(),
            "2026-W53"
        );
    }
}
