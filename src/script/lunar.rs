//! The Vietnamese lunar date (âm lịch) of a day, for the greeting: "tức ngày mười tám tháng
//! mười âm lịch". Astronomical new moons and solar terms computed for the meridian of Vietnam
//! (UTC+7), after Hồ Ngọc Đức's published algorithm (Jean Meeus' formulas). UTC+7 matters: in
//! some years (1985 for one) Vietnam's Tết falls a month apart from China's (UTC+8).

use std::f64::consts::PI;

use chrono::{Datelike, NaiveDate};

/// Vietnam's time zone, in hours east of UTC.
const TZ: f64 = 7.0;

/// A day of the lunar calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LunarDate {
    /// 1 to 30.
    pub day: u32,
    /// 1 (tháng giêng) to 12 (tháng chạp).
    pub month: u32,
    /// The lunar year (the one Tết opens).
    pub year: i32,
    /// A leap month (tháng nhuận), which repeats the month before it.
    pub leap: bool,
}

/// The Julian day number of a Gregorian date.
fn jd(d: NaiveDate) -> i64 {
    // chrono counts days from 0001-01-01 (day 1); that day is JDN 1721426.
    i64::from(d.num_days_from_ce()) + 1_721_425
}

/// The day (JDN, local) of the `k`-th new moon after 1900-01-01.
fn new_moon_day(k: i64) -> i64 {
    let k = k as f64;
    let t = k / 1236.85;
    let (t2, t3) = (t * t, t * t * t);
    let dr = PI / 180.0;
    let mut jd1 = 2_415_020.759_33 + 29.530_588_68 * k + 0.000_117_8 * t2 - 0.000_000_155 * t3;
    jd1 += 0.000_33 * ((166.56 + 132.87 * t - 0.009_173 * t2) * dr).sin();
    let m = 359.2242 + 29.105_356_08 * k - 0.000_033_3 * t2 - 0.000_003_47 * t3;
    let mpr = 306.0253 + 385.816_918_06 * k + 0.010_730_6 * t2 + 0.000_012_36 * t3;
    let f = 21.2964 + 390.670_506_46 * k - 0.001_652_8 * t2 - 0.000_002_39 * t3;
    let (m, mpr, f) = (m * dr, mpr * dr, f * dr);
    let mut c1 = (0.1734 - 0.000_393 * t) * m.sin() + 0.0021 * (2.0 * m).sin();
    c1 += -0.4068 * mpr.sin() + 0.0161 * (2.0 * mpr).sin();
    c1 += -0.0004 * (3.0 * mpr).sin();
    c1 += 0.0104 * (2.0 * f).sin() - 0.0051 * (m + mpr).sin();
    c1 += -0.0074 * (m - mpr).sin() + 0.0004 * (2.0 * f + m).sin();
    c1 += -0.0004 * (2.0 * f - m).sin() - 0.0006 * (2.0 * f + mpr).sin();
    c1 += 0.0010 * (2.0 * f - mpr).sin() + 0.0005 * (2.0 * mpr + m).sin();
    let deltat = if t < -11.0 {
        0.001 + 0.000_839 * t + 0.000_226_1 * t2 - 0.000_008_45 * t3 - 0.000_000_081 * t * t3
    } else {
        -0.000_278 + 0.000_265 * t + 0.000_262 * t2
    };
    let jd_new = jd1 + c1 - deltat;
    (jd_new + 0.5 + TZ / 24.0).floor() as i64
}

/// The sun's longitude at the start of local day `jdn`, as one of 12 sectors (0 = the spring
/// equinox's sector).
fn sun_sector(jdn: i64) -> i64 {
    let t = (jdn as f64 - 2_451_545.5 - TZ / 24.0) / 36525.0;
    let t2 = t * t;
    let dr = PI / 180.0;
    let m = 357.529_10 + 35_999.050_30 * t - 0.000_155_9 * t2 - 0.000_000_48 * t * t2;
    let l0 = 280.466_45 + 36_000.769_83 * t + 0.000_303_2 * t2;
    let mut dl = (1.914_600 - 0.004_817 * t - 0.000_014 * t2) * (dr * m).sin();
    dl += (0.019_993 - 0.000_101 * t) * (dr * 2.0 * m).sin() + 0.000_290 * (dr * 3.0 * m).sin();
    let l = (l0 + dl) * dr;
    let l = l - PI * 2.0 * (l / (PI * 2.0)).floor();
    (l / PI * 6.0).floor() as i64
}

/// The day the lunar month holding the winter solstice (tháng mười một) starts, for year `y`.
fn month_11(y: i32) -> i64 {
    let off = jd(NaiveDate::from_ymd_opt(y, 12, 31).expect("a real day")) - 2_415_021;
    let k = (off as f64 / 29.530_588_853).floor() as i64;
    let nm = new_moon_day(k);
    if sun_sector(nm) >= 9 {
        new_moon_day(k - 1)
    } else {
        nm
    }
}

/// Which month after month 11 is the leap one, in a year of 13 months starting at `a11`.
fn leap_month_offset(a11: i64) -> i64 {
    let k = ((a11 as f64 - 2_415_021.076_998_695) / 29.530_588_853 + 0.5).floor() as i64;
    let mut i = 1;
    let mut arc = sun_sector(new_moon_day(k + i));
    loop {
        let last = arc;
        i += 1;
        arc = sun_sector(new_moon_day(k + i));
        if arc == last || i >= 14 {
            return i - 1;
        }
    }
}

/// The lunar date of a Gregorian day, in Vietnam's time zone.
pub fn lunar(d: NaiveDate) -> LunarDate {
    let day = jd(d);
    let k = ((day as f64 - 2_415_021.076_998_695) / 29.530_588_853).floor() as i64;
    let mut start = new_moon_day(k + 1);
    if start > day {
        start = new_moon_day(k);
    }
    // The months 11 around the day: the one that starts its lunar year's last stretch (a11)
    // and the next (b11).
    let this = month_11(d.year());
    let (a11, b11, mut year) = if this >= start {
        (month_11(d.year() - 1), this, d.year())
    } else {
        (this, month_11(d.year() + 1), d.year() + 1)
    };
    let day_of_month = (day - start + 1) as u32;
    let diff = (start - a11) / 29;
    let mut leap = false;
    let mut month = diff + 11;
    if b11 - a11 > 365 {
        let leap_diff = leap_month_offset(a11);
        if diff >= leap_diff {
            month = diff + 10;
            leap = diff == leap_diff;
        }
    }
    if month > 12 {
        month -= 12;
    }
    if month >= 11 && diff < 4 {
        year -= 1;
    }
    LunarDate {
        day: day_of_month,
        month: month as u32,
        year,
        leap,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn on(y: i32, m: u32, d: u32) -> LunarDate {
        lunar(NaiveDate::from_ymd_opt(y, m, d).unwrap())
    }

    #[test]
    fn tet_mid_autumn_and_leap_months() {
        let l = |day, month, year, leap| LunarDate {
            day,
            month,
            year,
            leap,
        };
        for ((y, m, d), want) in [
            // Tết Nguyên Đán.
            ((2024, 2, 10), l(1, 1, 2024, false)),
            ((2025, 1, 29), l(1, 1, 2025, false)),
            ((2026, 2, 17), l(1, 1, 2026, false)),
            ((2027, 2, 6), l(1, 1, 2027, false)),
            // 1985: Vietnam's Tết a month before China's, because of UTC+7.
            ((1985, 1, 21), l(1, 1, 1985, false)),
            // The eve of Tết 2026 is the 29th of tháng chạp of the year before.
            ((2026, 2, 16), l(29, 12, 2025, false)),
            // Mid-autumn (15/8).
            ((2025, 10, 6), l(15, 8, 2025, false)),
            ((2026, 9, 25), l(15, 8, 2026, false)),
            // Leap months: tháng hai nhuận 2023, tháng tư nhuận 2020, tháng sáu nhuận 2025.
            ((2023, 3, 22), l(1, 2, 2023, true)),
            ((2020, 5, 23), l(1, 4, 2020, true)),
            ((2025, 7, 25), l(1, 6, 2025, true)),
        ] {
            assert_eq!(on(y, m, d), want, "{y}-{m}-{d}");
        }
    }

    #[test]
    fn every_day_of_a_decade_follows_the_one_before() {
        let mut d = NaiveDate::from_ymd_opt(2020, 1, 1).unwrap();
        let mut prev = lunar(d);
        while d.year() < 2031 {
            d = d.succ_opt().unwrap();
            let cur = lunar(d);
            let next_day = cur.day == prev.day + 1 && cur.month == prev.month;
            let new_month = cur.day == 1 && (29..=30).contains(&prev.day);
            assert!(next_day || new_month, "{prev:?} then {cur:?} on {d}");
            prev = cur;
        }
    }
}
