//! Station files in full: slots on standard cron, planning rules and local announcements, and
//! the ISO weeks they are planned in.
//!
//! Cron is written as operators know it — five fields, `30 6 * * 1-6` is Monday to Saturday at
//! 06:30, 0 and 7 are Sunday, names like `Mon-Sat` work — and converted for the `cron` crate,
//! which wants a seconds field and counts 1 = Sunday. Every problem is reported with the station
//! file's line.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, TimeZone, Weekday};
use chrono_tz::Tz;
use serde::Deserialize;
use toml::Spanned;

use crate::content::{Kind, Topic};
use crate::diagnostic::{line_of, Diagnostic};
use crate::project::station::StationInfo;
use crate::script::words::WEEKDAYS;

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

const DOW_NAMES: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

fn dow_number(token: &str) -> Option<u32> {
    if let Ok(n) = token.parse::<u32>() {
        return (n <= 7).then_some(n % 7);
    }
    let t = token.to_lowercase();
    DOW_NAMES
        .iter()
        .position(|n| t.starts_with(&n.to_lowercase()) && t.len() >= 3)
        .map(|p| p as u32)
}

/// The day-of-week field as a set of days (0 = Sunday … 6 = Saturday).
fn parse_dow(field: &str) -> Result<[bool; 7], String> {
    let mut days = [false; 7];
    for part in field.split(',') {
        let (range, step) = match part.split_once('/') {
            Some((r, s)) => (
                r,
                s.parse::<u32>()
                    .map_err(|_| format!("bad step `{s}` in the day-of-week field"))?,
            ),
            None => (part, 1),
        };
        if step == 0 {
            return Err("a step of 0 in the day-of-week field".into());
        }
        let (from, to) = if range == "*" {
            (0, 6)
        } else if let Some((a, b)) = range.split_once('-') {
            let a = dow_number(a).ok_or_else(|| format!("unknown day `{a}`"))?;
            // `5-7` means Friday to Sunday: 7 is Sunday at the end of a range.
            let b = match b.parse::<u32>() {
                Ok(7) => 7,
                _ => dow_number(b).ok_or_else(|| format!("unknown day `{b}`"))?,
            };
            if b < a {
                return Err(format!("day range `{range}` runs backwards"));
            }
            (a, b)
        } else {
            let d = dow_number(range).ok_or_else(|| format!("unknown day `{range}`"))?;
            (d, if step > 1 { 6 } else { d })
        };
        let mut d = from;
        while d <= to {
            days[(d % 7) as usize] = true;
            d += step;
        }
    }
    Ok(days)
}

/// Converts standard 5-field cron to the `cron` crate's 6-field form with named weekdays.
pub fn convert_cron(five: &str) -> Result<String, String> {
    let fields: Vec<&str> = five.split_whitespace().collect();
    if fields.len() != 5 {
        return Err(format!(
            "cron needs 5 fields (minute hour day month weekday), `{five}` has {}",
            fields.len()
        ));
    }
    let dow = if fields[4] == "*" {
        "*".to_string()
    } else {
        let days = parse_dow(fields[4])?;
        let names: Vec<&str> = (0..7).filter(|d| days[*d]).map(|d| DOW_NAMES[d]).collect();
        if names.is_empty() {
            return Err("the day-of-week field names no day".into());
        }
        names.join(",")
    };
    let six = format!(
        "0 {} {} {} {} {dow}",
        fields[0], fields[1], fields[2], fields[3]
    );
    cron::Schedule::from_str(&six).map_err(|e| format!("invalid cron `{five}`: {e}"))?;
    Ok(six)
}

/// When a slot plays.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Priority {
    /// Ordinary notice: fills in after the programmes.
    Normal,
    /// Priority notice: ahead of normal items, spread over days and dayparts.
    Priority,
    /// Emergency: opens every slot of its valid days.
    Emergency,
}

/// A slot definition.
#[derive(Debug, Clone, PartialEq)]
pub struct SlotSpec {
    /// Slug.
    pub id: String,
    /// "Bản tin sáng".
    pub name: String,
    /// The cron as written.
    pub cron: String,
    /// The converted schedule.
    pub schedule: cron::Schedule,
    /// Length.
    pub length: Duration,
    /// Kinds allowed: story, howto, announcement.
    pub kinds: Vec<String>,
    /// Mastering profile of the slot file.
    pub profile: String,
    /// Line in the station file.
    pub line: usize,
}

/// Planning rules.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Rules {
    /// Airings of each programme a week, in different dayparts, never twice a day.
    pub airings_per_item: u32,
    /// Topic preferred on a weekday: `mon = "thanh-toan"`.
    pub topic_by_weekday: BTreeMap<String, String>,
    /// Most items in one slot.
    pub max_items_per_slot: usize,
}

impl Default for Rules {
    fn default() -> Self {
        Rules {
            airings_per_item: 2,
            topic_by_weekday: BTreeMap::new(),
            max_items_per_slot: 4,
        }
    }
}

/// A local notice.
#[derive(Debug, Clone, PartialEq)]
pub struct Announcement {
    /// Slug.
    pub id: String,
    /// Title.
    pub title: String,
    /// Text read from a script, if any.
    pub text: Option<String>,
    /// A recording inside the project, if any.
    pub file: Option<PathBuf>,
    /// Priority level (circular 39/2020/TT-BTTTT).
    pub priority: Priority,
    /// First valid day.
    pub valid_from: NaiveDate,
    /// Last valid day.
    pub valid_until: NaiveDate,
    /// Airings wanted within the validity (priority and normal).
    pub airings: u32,
}

/// A whole station file.
#[derive(Debug, Clone)]
pub struct StationFile {
    /// The file, relative to the project.
    pub path: PathBuf,
    /// `[station]`.
    pub station: StationInfo,
    /// The station's time zone.
    pub tz: Tz,
    /// `[[slot]]`s.
    pub slots: Vec<SlotSpec>,
    /// `[rules]`.
    pub rules: Rules,
    /// `[[announcement]]`s.
    pub announcements: Vec<Announcement>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSlot {
    id: Spanned<String>,
    name: Spanned<String>,
    cron: Spanned<String>,
    length: Spanned<String>,
    #[serde(default)]
    kinds: Option<Spanned<Vec<String>>>,
    #[serde(default)]
    profile: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAnnouncement {
    id: Spanned<String>,
    title: Spanned<String>,
    #[serde(default)]
    text: Option<Spanned<String>>,
    #[serde(default)]
    file: Option<Spanned<String>>,
    #[serde(default)]
    priority: Option<Spanned<String>>,
    valid_from: Spanned<toml::value::Datetime>,
    valid_until: Spanned<toml::value::Datetime>,
    #[serde(default)]
    airings: Option<u32>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    station: Spanned<StationInfo>,
    #[serde(default)]
    slot: Vec<RawSlot>,
    #[serde(default)]
    rules: Option<Spanned<Rules>>,
    #[serde(default)]
    announcement: Vec<RawAnnouncement>,
}

/// Parses `20m`, `1h`, `1h30m`, `90s`, `45` (minutes).
pub fn parse_length(s: &str) -> Option<Duration> {
    let s = s.trim();
    if let Ok(m) = s.parse::<i64>() {
        return (m > 0).then(|| Duration::minutes(m));
    }
    let mut total = 0i64;
    let mut num = String::new();
    for c in s.chars() {
        if c.is_ascii_digit() {
            num.push(c);
            continue;
        }
        let n: i64 = num.parse().ok()?;
        num.clear();
        total += match c {
            'h' => n * 3600,
            'm' => n * 60,
            's' => n,
            _ => return None,
        };
    }
    (num.is_empty() && total > 0).then(|| Duration::seconds(total))
}

fn toml_date(d: &toml::value::Datetime) -> Option<NaiveDate> {
    let date = d.date?;
    NaiveDate::from_ymd_opt(date.year.into(), date.month.into(), date.day.into())
}

/// What `load` needs to know about the project to validate a station file.
pub struct Known<'a> {
    /// The project root, to keep announcement files inside it.
    pub root: &'a Path,
    /// Profile names in `loaxa.toml`.
    pub profiles: Vec<String>,
}

/// Reads and validates a station file. Returns it (when usable) and every problem found.
pub fn load(path: &Path, rel: &Path, known: &Known) -> (Option<StationFile>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            diags.push(Diagnostic::error(
                rel,
                None,
                "file",
                format!("cannot read: {e}"),
            ));
            return (None, diags);
        }
    };
    let (file, more) = parse(&text, rel, known);
    diags.extend(more);
    (file, diags)
}

/// Validates the text of a station file (`rel` names it in the diagnostics). Never panics,
/// whatever the text: fuzzed by `fuzz/fuzz_targets/station.rs`.
pub fn parse(text: &str, rel: &Path, known: &Known) -> (Option<StationFile>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let raw: RawFile = match toml::from_str(text) {
        Ok(r) => r,
        Err(e) => {
            let line = e.span().map(|s| line_of(text, s.start));
            diags.push(Diagnostic::error(
                rel,
                line,
                "toml",
                e.message().trim().to_string(),
            ));
            return (None, diags);
        }
    };
    let line = |span: std::ops::Range<usize>| Some(line_of(text, span.start));
    let err = |l: Option<usize>, field: &str, msg: String| Diagnostic::error(rel, l, field, msg);
    let station_line = line(raw.station.span());
    // The `[station]` fields are not spanned one by one: find a key's own line in the text.
    let key_line = |key: &str| {
        text.lines()
            .position(|l| l.trim_start().starts_with(key) && l.contains('='))
            .map(|i| i + 1)
            .or(station_line)
    };
    let station = raw.station.into_inner();
    let tz: Tz = match station.timezone.parse() {
        Ok(tz) => tz,
        Err(_) => {
            diags.push(
                err(
                    key_line("timezone"),
                    "timezone",
                    format!("unknown time zone `{}`", station.timezone),
                )
                .with_hint("use an IANA name such as Asia/Ho_Chi_Minh"),
            );
            Tz::Asia__Ho_Chi_Minh
        }
    };
    if !station.week_start.eq_ignore_ascii_case("monday") {
        diags.push(err(
            key_line("week_start"),
            "week_start",
            format!(
                "`{}`: weeks are ISO weeks and start on Monday",
                station.week_start
            ),
        ));
    }
    let mut slots = Vec::new();
    for s in raw.slot {
        let l = line(s.id.span());
        let cron_line = line(s.cron.span());
        let id = s.id.into_inner();
        if !crate::content::is_slug(&id) {
            diags.push(err(l, "slot.id", format!("`{id}` is not a slug")));
        }
        let six = match convert_cron(s.cron.get_ref()) {
            Ok(c) => c,
            Err(m) => {
                diags.push(err(cron_line, "cron", m).with_hint("five fields: minute hour day month weekday, e.g. \"30 6 * * 1-6\" or \"0 17 * * Mon-Sat\""));
                continue;
            }
        };
        let Some(length) = parse_length(s.length.get_ref()) else {
            diags.push(err(
                line(s.length.span()),
                "length",
                format!(
                    "`{}` is not a length like \"20m\" or \"1h\"",
                    s.length.get_ref()
                ),
            ));
            continue;
        };
        let kinds = s
            .kinds
            .map(|k| (line(k.span()), k.into_inner()))
            .unwrap_or((
                l,
                vec!["story".into(), "howto".into(), "announcement".into()],
            ));
        for k in &kinds.1 {
            if !["story", "howto", "announcement"].contains(&k.as_str()) {
                diags.push(
                    err(kinds.0, "kinds", format!("unknown kind `{k}`"))
                        .with_hint("use story, howto, announcement"),
                );
            }
        }
        let profile = match s.profile {
            Some(p) => {
                if !known.profiles.contains(p.get_ref()) {
                    diags.push(
                        err(
                            line(p.span()),
                            "profile",
                            format!("unknown profile `{}`", p.get_ref()),
                        )
                        .with_hint(format!("profiles: {}", known.profiles.join(", "))),
                    );
                }
                p.into_inner()
            }
            None => "loudspeaker".to_string(),
        };
        slots.push(SlotSpec {
            id,
            name: s.name.into_inner(),
            cron: s.cron.into_inner(),
            schedule: cron::Schedule::from_str(&six).expect("validated"),
            length,
            kinds: kinds.1,
            profile,
            line: cron_line.unwrap_or(1),
        });
    }
    if slots.is_empty() && diags.is_empty() {
        diags.push(
            err(station_line, "slot", "the station has no [[slot]]".into())
                .with_hint("add [[slot]] tables with id, name, cron and length"),
        );
    }
    for pair in slots
        .iter()
        .enumerate()
        .flat_map(|(i, a)| slots[i + 1..].iter().map(move |b| (a, b)))
    {
        if pair.0.id == pair.1.id {
            diags.push(err(
                Some(pair.1.line),
                "slot.id",
                format!("slot id `{}` used twice", pair.1.id),
            ));
        }
    }
    // Overlaps: over a reference fortnight, no two slot occurrences may intersect.
    let reference = Week {
        year: 2026,
        week: 2,
    };
    let mut occ: Vec<(DateTime<Tz>, DateTime<Tz>, usize)> = Vec::new();
    for (i, s) in slots.iter().enumerate() {
        for start in
            occurrences(s, tz, reference)
                .into_iter()
                .chain(occurrences(s, tz, reference.next()))
        {
            occ.push((start, start + s.length, i));
        }
    }
    occ.sort();
    let mut reported = std::collections::BTreeSet::new();
    for w in occ.windows(2) {
        let (a, b) = (&w[0], &w[1]);
        if b.0 < a.1 && reported.insert((a.2.min(b.2), a.2.max(b.2))) {
            let (first, second) = if slots[a.2].line <= slots[b.2].line {
                (a.2, b.2)
            } else {
                (b.2, a.2)
            };
            diags.push(err(
                Some(slots[second].line),
                "cron",
                format!(
                    "slot `{}` overlaps slot `{}` (e.g. {} starts before the other ends)",
                    slots[second].id,
                    slots[first].id,
                    b.0.format("%a %H:%M")
                ),
            ));
        }
    }
    let rules = match raw.rules {
        Some(r) => {
            let l = line(r.span());
            let r = r.into_inner();
            for (day, topic) in &r.topic_by_weekday {
                if weekday_key(day).is_none() {
                    diags.push(
                        err(l, "topic_by_weekday", format!("unknown weekday `{day}`"))
                            .with_hint("use mon, tue, wed, thu, fri, sat, sun"),
                    );
                }
                if Topic::from_slug(topic).is_none() {
                    diags.push(err(
                        l,
                        "topic_by_weekday",
                        format!("unknown topic `{topic}`"),
                    ));
                }
            }
            if r.airings_per_item == 0 || r.max_items_per_slot == 0 {
                diags.push(err(
                    l,
                    "rules",
                    "airings_per_item and max_items_per_slot must be at least 1".into(),
                ));
            }
            r
        }
        None => Rules::default(),
    };
    let mut announcements = Vec::new();
    for a in raw.announcement {
        let l = line(a.id.span());
        let id = a.id.into_inner();
        if !crate::content::is_slug(&id) {
            diags.push(err(l, "announcement.id", format!("`{id}` is not a slug")));
        }
        let priority = match a.priority.as_ref().map(|p| p.get_ref().as_str()) {
            None | Some("normal") => Priority::Normal,
            Some("priority") => Priority::Priority,
            Some("emergency") => Priority::Emergency,
            Some(other) => {
                diags.push(
                    err(
                        a.priority.as_ref().map(|p| line_of(text, p.span().start)),
                        "priority",
                        format!("unknown priority `{other}`"),
                    )
                    .with_hint("use normal, priority or emergency (circular 39/2020/TT-BTTTT)"),
                );
                Priority::Normal
            }
        };
        let file = match &a.file {
            Some(f) => {
                let fl = line(f.span());
                match inside(known.root, Path::new(f.get_ref())) {
                    Ok(p) => Some(p),
                    Err(m) => {
                        diags.push(err(fl, "file", m));
                        None
                    }
                }
            }
            None => None,
        };
        if a.text.is_none() && a.file.is_none() {
            diags.push(err(
                l,
                "announcement",
                format!("`{id}` needs `text` or `file`"),
            ));
        }
        let (from, until) = (
            toml_date(a.valid_from.get_ref()),
            toml_date(a.valid_until.get_ref()),
        );
        let (Some(from), Some(until)) = (from, until) else {
            diags.push(err(
                line(a.valid_from.span()),
                "valid_from",
                "valid_from and valid_until must be dates like 2026-11-30".into(),
            ));
            continue;
        };
        if until < from {
            diags.push(err(
                line(a.valid_until.span()),
                "valid_until",
                format!("{until} is before valid_from {from}"),
            ));
        }
        if a.file.is_some() && file.is_none() {
            continue;
        }
        announcements.push(Announcement {
            id,
            title: a.title.into_inner(),
            text: a.text.map(Spanned::into_inner),
            file,
            priority,
            valid_from: from,
            valid_until: until,
            airings: a
                .airings
                .unwrap_or(if matches!(priority, Priority::Emergency) {
                    0
                } else {
                    3
                }),
        });
    }
    let ok = !diags.iter().any(Diagnostic::is_error);
    let file = StationFile {
        path: rel.to_path_buf(),
        station,
        tz,
        slots,
        rules,
        announcements,
    };
    (ok.then_some(file), diags)
}

/// Resolves a project-relative path and refuses anything that leaves the project, through `..`,
/// an absolute path or a symbolic link. Returns the path relative to the project.
pub fn inside(root: &Path, rel: &Path) -> Result<PathBuf, String> {
    if rel.is_absolute() {
        return Err(format!(
            "`{}` is an absolute path; name a file inside the project",
            rel.display()
        ));
    }
    let joined = root.join(rel);
    let real = joined
        .canonicalize()
        .map_err(|e| format!("`{}`: {e}", rel.display()))?;
    let root_real = root
        .canonicalize()
        .map_err(|e| format!("project folder: {e}"))?;
    if !real.starts_with(&root_real) {
        return Err(format!(
            "`{}` leads outside the project folder",
            rel.display()
        ));
    }
    Ok(real.strip_prefix(&root_real).unwrap_or(&real).to_path_buf())
}

/// `mon` … `sun` (or full English names) as a weekday.
pub fn weekday_key(s: &str) -> Option<Weekday> {
    let t = s.to_lowercase();
    WEEKDAYS
        .into_iter()
        .find(|w| t.starts_with(&w.to_string().to_lowercase()))
}

/// Start times of a slot within a week, in the station's time zone.
pub fn occurrences(slot: &SlotSpec, tz: Tz, week: Week) -> Vec<DateTime<Tz>> {
    let start_local = week.monday().and_time(NaiveTime::MIN);
    let Some(start) = tz.from_local_datetime(&start_local).earliest() else {
        return Vec::new();
    };
    let end = start + Duration::days(7);
    slot.schedule
        .after(&(start - Duration::seconds(1)))
        .take_while(|t| *t < end)
        .collect()
}

/// Kind names.
pub fn kind_name(k: Kind) -> &'static str {
    k.as_str()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_cron_as_operators_write_it() {
        // (standard cron, cron-crate form)
        for (five, six) in [
            ("30 6 * * 1-6", "0 30 6 * * Mon,Tue,Wed,Thu,Fri,Sat"),
            ("0 17 * * 0", "0 0 17 * * Sun"),
            ("0 17 * * 7", "0 0 17 * * Sun"),
            ("0 17 * * 5-7", "0 0 17 * * Sun,Fri,Sat"),
            ("0 6 * * Mon-Sat", "0 0 6 * * Mon,Tue,Wed,Thu,Fri,Sat"),
            ("0 6 * * mon,wed,FRI", "0 0 6 * * Mon,Wed,Fri"),
            ("0 6 * * */2", "0 0 6 * * Sun,Tue,Thu,Sat"),
            ("0 6 * * 1-5/2", "0 0 6 * * Mon,Wed,Fri"),
            ("*/30 6-7 * * *", "0 */30 6-7 * * *"),
            ("0 6,17 1-15 * 1", "0 0 6,17 1-15 * Mon"),
        ] {
            assert_eq!(convert_cron(five).unwrap(), six, "{five}");
        }
    }

    #[test]
    fn rejects_bad_cron() {
        for bad in [
            "30 6 * *",
            "61 6 * * *",
            "0 25 * * *",
            "0 6 * * 8",
            "0 6 * * Funday",
            "0 6 * * 5-1",
            "0 6 * * */0",
        ] {
            assert!(convert_cron(bad).is_err(), "{bad}");
        }
    }

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
    fn lengths() {
        for (s, secs) in [
            ("20m", Some(1200)),
            ("1h", Some(3600)),
            ("1h30m", Some(5400)),
            ("45", Some(2700)),
            ("90s", Some(90)),
            ("0m", None),
            ("soon", None),
            ("20x", None),
        ] {
            assert_eq!(parse_length(s).map(|d| d.num_seconds()), secs, "{s}");
        }
    }

    #[test]
    fn occurrences_follow_cron_in_the_station_time_zone() {
        let slot = SlotSpec {
            id: "sang".into(),
            name: "Sáng".into(),
            cron: "30 5 * * 1-6".into(),
            schedule: cron::Schedule::from_str(&convert_cron("30 5 * * 1-6").unwrap()).unwrap(),
            length: Duration::minutes(20),
            kinds: vec![],
            profile: "loudspeaker".into(),
            line: 1,
        };
        let week: Week = "2026-W49".parse().unwrap();
        let times = occurrences(&slot, Tz::Asia__Ho_Chi_Minh, week);
        assert_eq!(times.len(), 6);
        assert_eq!(times[0].to_rfc3339(), "2026-11-30T05:30:00+07:00");
        assert_eq!(times[5].to_rfc3339(), "2026-12-05T05:30:00+07:00");
        assert!(times.iter().all(|t| t.weekday() != Weekday::Sun));
    }
}
