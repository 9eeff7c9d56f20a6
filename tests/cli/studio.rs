//! `loaxa studio`, the recording booth: the real binary on a free port, spoken to over raw
//! HTTP/1.1 (unknown ids, the upload limit, the token on a non-loopback address), and a whole
//! take recorded, analysed and kept in headless Chromium with a fake microphone playing an
//! espeak-ng take of a demo item.
//!
//! The browser test needs Debian's `chromium` and `espeak-ng` (`.ci/run` installs both and sets
//! `LOAXA_REQUIRE_CHROMIUM=1` and `LOAXA_REQUIRE_ESPEAK=1`); without them it says so and passes.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::takes::{build_take, espeak_ready, TakeSpec};
use crate::util::TestProject;

/// The item the browser records: among the demo's shortest scripts (11 lines).
const ITEM: &str = "mo-cam-nang-lang-so";

/// A running `loaxa studio`, stopped when dropped.
struct Booth {
    child: Child,
    /// Its standard output, kept open so the booth can go on printing.
    _stdout: BufReader<std::process::ChildStdout>,
    port: u16,
    /// The printed address (`http://ADDR/` and `?token=…` when there is one).
    url: String,
}

impl Booth {
    fn start(p: &TestProject, args: &[&str]) -> Booth {
        let mut child = Command::new(env!("CARGO_BIN_EXE_loaxa"))
            .arg("studio")
            .args(args)
            .arg("--project")
            .arg(p.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let mut first = String::new();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        stdout.read_line(&mut first).unwrap();
        let url = first
            .trim()
            .strip_prefix("loaxa studio: ")
            .unwrap_or_else(|| panic!("first line: {first:?}"))
            .to_string();
        let addr = url.trim_start_matches("http://").split('/').next().unwrap();
        let port = addr.rsplit(':').next().unwrap().parse().unwrap();
        Booth {
            child,
            _stdout: stdout,
            port,
            url,
        }
    }

    /// The token printed with the address, if any.
    fn token(&self) -> Option<&str> {
        self.url.split_once("?token=").map(|(_, t)| t)
    }

    /// `http://127.0.0.1:PORT` + `path`.
    fn local(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }
}

impl Drop for Booth {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An HTTP answer: status, head (lower-case), body.
struct Answer {
    status: u16,
    head: String,
    body: String,
}

/// One HTTP/1.1 request over a fresh connection (`Connection: close`); the body is written
/// from another thread so an early answer (413) is read even if the server stops reading.
fn http(port: u16, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Answer {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .unwrap();
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    if !headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("host")) {
        head.push_str(&format!("Host: 127.0.0.1:{port}\r\n"));
    }
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).unwrap();
    let mut writer = stream.try_clone().unwrap();
    let body = body.to_vec();
    let sender = std::thread::spawn(move || {
        let _ = writer.write_all(&body);
    });
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    let _ = stream.shutdown(std::net::Shutdown::Both);
    let _ = sender.join();
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("{method} {path}: no status in {text:?}"));
    Answer {
        status,
        head: head.to_lowercase(),
        body: body.to_string(),
    }
}

fn get(port: u16, path: &str) -> Answer {
    http(port, "GET", path, &[], b"")
}

/// A request that writes, with the header the booth asks of those.
fn post(port: u16, path: &str, body: &[u8]) -> Answer {
    http(port, "POST", path, &[("X-Loaxa-Booth", "1")], body)
}

/// A second of a 440 Hz tone as a 16-bit WAV.
fn tone_wav() -> Vec<u8> {
    let m = loaxa::audio::Mono {
        rate: 16_000,
        samples: (0..16_000)
            .map(|i| 0.3 * (i as f32 * 440.0 * std::f32::consts::TAU / 16_000.0).sin())
            .collect(),
    };
    loaxa::audio::encode::wav(&m).unwrap()
}

#[test]
fn studio_refuses_unknown_items_lines_and_takes() {
    let p = TestProject::demo();
    let b = Booth::start(&p, &["--listen", "127.0.0.1:0"]);
    assert_eq!(b.url, format!("http://127.0.0.1:{}/", b.port));
    let index = get(b.port, "/");
    assert_eq!(index.status, 200);
    assert!(
        index.body.contains(&format!("/item/{ITEM}")),
        "{}",
        index.body
    );
    let page = get(b.port, &format!("/item/{ITEM}"));
    assert_eq!(page.status, 200);
    assert!(page.body.contains("id=\"take-record\""));
    assert!(page.body.contains("data-line=\"station:day-la\""));
    assert_eq!(get(b.port, "/item/no-such-item").status, 404);
    assert_eq!(get(b.port, "/item/..%2f..%2fetc").status, 404);
    assert_eq!(
        get(b.port, &format!("/clip/item/{ITEM}/no-such-line")).status,
        404
    );
    assert_eq!(
        get(b.port, &format!("/clip/item/{ITEM}/tieu-de")).status,
        404
    );
    let wav = tone_wav();
    let line = post(b.port, &format!("/api/item/{ITEM}/line/no-such-line"), &wav);
    assert_eq!(line.status, 404, "{}", line.body);
    assert!(line.head.contains("application/json"));
    let take = |id: &str| post(b.port, &format!("/api/item/{ITEM}/take/{id}/keep"), b"").status;
    assert_eq!(take("not-hex-at-all"), 400);
    assert_eq!(take("0123456789ABCDEF"), 400);
    assert_eq!(take("0123456789abcdef"), 404);
    assert_eq!(
        post(b.port, "/api/item/no-such-item/take", &wav).status,
        404
    );
    let unreadable = post(
        b.port,
        &format!("/api/item/{ITEM}/take"),
        b"<html>not audio</html>",
    );
    assert_eq!(unreadable.status, 415, "{}", unreadable.body);
    // A write without the booth's header, and a foreign host name, are refused.
    let bare = http(b.port, "POST", &format!("/api/item/{ITEM}/take"), &[], &wav);
    assert_eq!(bare.status, 403);
    let rebound = http(b.port, "GET", "/", &[("Host", "evil.example")], b"");
    assert_eq!(rebound.status, 403);
    assert!(
        !p.join("audio-assets/voice").exists(),
        "nothing was written"
    );
}

#[test]
fn studio_refuses_an_upload_over_the_limit_with_413() {
    let p = TestProject::demo();
    let b = Booth::start(&p, &["--listen", "127.0.0.1:0", "--max-upload-mb", "1"]);
    let big = vec![0u8; 2 * 1024 * 1024];
    let answer = post(b.port, &format!("/api/item/{ITEM}/take"), &big);
    assert_eq!(answer.status, 413, "{}", answer.body);
    assert!(answer.body.contains("1 MB"), "{}", answer.body);
    let line = post(b.port, &format!("/api/item/{ITEM}/line/tieu-de"), &big);
    assert_eq!(line.status, 413);
    assert!(!p.join("audio-assets/takes/.incoming").exists());
}

#[test]
fn studio_on_a_network_address_needs_its_token() {
    let p = TestProject::demo();
    let b = Booth::start(&p, &["--listen", "0.0.0.0:0"]);
    let token = b
        .token()
        .expect("a token in the printed address")
        .to_string();
    assert_eq!(token.len(), 32);
    assert!(token.bytes().all(|c| c.is_ascii_hexdigit()));
    assert_eq!(get(b.port, "/").status, 403);
    assert_eq!(
        get(b.port, "/?token=00112233445566778899aabbccddeeff").status,
        403
    );
    let wrong = http(b.port, "GET", "/", &[("X-Loaxa-Token", "nope")], b"");
    assert_eq!(wrong.status, 403);
    let cookie_wrong = http(b.port, "GET", "/", &[("Cookie", "loaxa_token=nope")], b"");
    assert_eq!(cookie_wrong.status, 403);
    let with_header = http(b.port, "GET", "/", &[("X-Loaxa-Token", &token)], b"");
    assert_eq!(with_header.status, 200);
    let first = get(b.port, &format!("/item/{ITEM}?token={token}"));
    assert_eq!(first.status, 303);
    assert!(
        first.head.contains(&format!("location: /item/{ITEM}\r\n")),
        "{}",
        first.head
    );
    assert!(first
        .head
        .contains(&format!("set-cookie: loaxa_token={token};")));
    let cookie = format!("loaxa_token={token}");
    let page = http(
        b.port,
        "GET",
        &format!("/item/{ITEM}"),
        &[("Cookie", &cookie)],
        b"",
    );
    assert_eq!(page.status, 200);
    let status = http(
        b.port,
        "GET",
        &format!("/api/item/{ITEM}"),
        &[("Cookie", &cookie)],
        b"",
    );
    assert_eq!(status.status, 200);
}

// ---- the browser ----

/// Debian's chromium, or the first Chromium on PATH; none skips the browser tests (a failure
/// when `LOAXA_REQUIRE_CHROMIUM` is set) and espeak-ng must be there too.
fn chromium_and_espeak() -> Option<PathBuf> {
    let debian = PathBuf::from("/usr/bin/chromium");
    let found = debian.is_file().then_some(debian).or_else(|| {
        let paths = std::env::var_os("PATH")?;
        ["chromium", "chromium-browser", "google-chrome"]
            .iter()
            .find_map(|name| {
                std::env::split_paths(&paths)
                    .map(|d| d.join(name))
                    .find(|p| p.is_file())
            })
    });
    if found.is_none() {
        assert!(
            std::env::var_os("LOAXA_REQUIRE_CHROMIUM").is_none(),
            "LOAXA_REQUIRE_CHROMIUM is set but chromium is not installed"
        );
        eprintln!("skipped: chromium is not installed (apt-get install chromium)");
        return None;
    }
    found.filter(|_| espeak_ready())
}

/// Headless Chromium whose microphone plays `capture` (a WAV) once.
fn browser_with_mic(chrome: PathBuf, capture: &Path) -> headless_chrome::Browser {
    let capture = format!(
        "--use-file-for-fake-audio-capture={}%noloop",
        capture.display()
    );
    let flags = [
        "--use-fake-ui-for-media-stream",
        "--use-fake-device-for-media-stream",
        capture.as_str(),
        "--autoplay-policy=no-user-gesture-required",
    ];
    let args: Vec<&std::ffi::OsStr> = flags.iter().map(std::ffi::OsStr::new).collect();
    let options = headless_chrome::LaunchOptions::default_builder()
        .path(Some(chrome))
        .headless(true)
        .sandbox(false)
        .args(args)
        .idle_browser_timeout(Duration::from_secs(600))
        .build()
        .unwrap();
    headless_chrome::Browser::new(options).unwrap()
}

/// A tab on `url`.
fn open(browser: &headless_chrome::Browser, url: &str) -> std::sync::Arc<headless_chrome::Tab> {
    let tab = browser.new_tab().unwrap();
    tab.set_default_timeout(Duration::from_secs(120));
    tab.navigate_to(url)
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    tab
}

fn js_value(tab: &headless_chrome::Tab, expr: &str) -> Option<serde_json::Value> {
    tab.evaluate(expr, false).ok().and_then(|r| r.value)
}

fn js_bool(tab: &headless_chrome::Tab, expr: &str) -> bool {
    js_value(tab, &format!("!!({expr})")).and_then(|v| v.as_bool()) == Some(true)
}

fn js_number(tab: &headless_chrome::Tab, expr: &str) -> f64 {
    js_value(tab, expr).and_then(|v| v.as_f64()).unwrap_or(-1.0)
}

/// The text of the elements matching `selector`.
fn page_text(tab: &headless_chrome::Tab, selector: &str) -> String {
    let js = format!(
        "Array.from(document.querySelectorAll({selector:?})).map(e => e.innerText).join('\\n')"
    );
    js_value(tab, &js)
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// Polls `expr` in the page until it is true, or fails with `what` and what the page says.
fn wait_for(tab: &headless_chrome::Tab, expr: &str, secs: u64, what: &str) {
    let until = Instant::now() + Duration::from_secs(secs);
    while !js_bool(tab, expr) {
        assert!(
            Instant::now() < until,
            "timed out waiting for {what}; the page says: {}",
            page_text(tab, "#take-status, #take-result, .line-review")
        );
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// Clicks the element matching `selector` once it is shown and enabled.
fn click(tab: &headless_chrome::Tab, selector: &str) {
    let ready = format!(
        "(e => e && !e.disabled && e.offsetParent !== null)(document.querySelector({selector:?}))"
    );
    wait_for(tab, &ready, 60, selector);
    tab.find_element(selector).unwrap().click().unwrap();
}

fn seconds_of(file: &Path) -> f64 {
    let d = loaxa::audio::decode::decode_file(file).unwrap().into_mono();
    d.samples.len() as f64 / f64::from(d.rate)
}

/// Rows of the page in a state other than present (repeats aside).
const NOT_PRESENT: &str =
    "document.querySelectorAll('tr.line[data-state=missing], tr.line[data-state=rerecord]').length";

#[test]
fn studio_records_a_whole_take_in_chromium_and_keeps_its_lines() {
    let Some(chrome) = chromium_and_espeak() else {
        return;
    };
    let p = TestProject::demo();
    let take = build_take(&p, ITEM, &TakeSpec::default(), &p.join("recordings"));
    let length = seconds_of(&take.file);
    let b = Booth::start(&p, &["--listen", "127.0.0.1:0"]);
    let browser = browser_with_mic(chrome, &take.file);
    let tab = open(&browser, &b.local(&format!("/item/{ITEM}")));
    assert!(
        js_number(&tab, NOT_PRESENT) > 0.0,
        "the demo copy has no clips"
    );
    click(&tab, "#take-record");
    wait_for(
        &tab,
        "!document.getElementById('take-stop').hidden",
        30,
        "the recording to start",
    );
    std::thread::sleep(Duration::from_secs_f64(length + 1.5));
    click(&tab, "#take-stop");
    click(&tab, "#take-analyse");
    wait_for(
        &tab,
        "!document.getElementById('take-decide').hidden",
        120,
        "the analysis",
    );
    assert!(
        js_bool(&tab, "!document.getElementById('take-keep').hidden"),
        "the take was refused:\n{}",
        page_text(&tab, "#take-result")
    );
    let planned = js_number(
        &tab,
        "document.querySelectorAll('#take-result tr.plan-line').length",
    );
    assert!(
        planned >= take.lines.len() as f64,
        "{planned} lines in the plan"
    );
    click(&tab, "#take-keep");
    let all_present = format!(
        "document.readyState === 'complete' && document.querySelectorAll('tr.line').length > 0 && {NOT_PRESENT} === 0"
    );
    wait_for(
        &tab,
        &all_present,
        120,
        "the page to show every line present",
    );
    let present = js_number(
        &tab,
        "document.querySelectorAll('tr.line[data-state=present]').length",
    );
    assert!(
        present >= take.lines.len() as f64 - 1.0,
        "{present} present"
    );
    for t in &take.lines {
        let clip = ["items/mo-cam-nang-lang-so", "shared", "stations/dinh-tan"]
            .iter()
            .map(|d| p.join(&format!("audio-assets/voice/{d}/{}.wav", t.line_id)))
            .find(|f| f.is_file());
        assert!(clip.is_some(), "no clip for {}", t.line_id);
    }
    let item_clips = p.join(&format!("audio-assets/voice/items/{ITEM}"));
    assert!(std::fs::read_dir(item_clips).unwrap().count() >= 5);
    let pending = p.join("audio-assets/takes/.incoming");
    assert_eq!(
        std::fs::read_dir(pending).unwrap().count(),
        0,
        "the pending take is cleared"
    );
}

#[test]
fn studio_records_one_station_line_in_chromium() {
    let Some(chrome) = chromium_and_espeak() else {
        return;
    };
    let p = TestProject::demo();
    let (_, text, _) = crate::takes::script_lines(&p, ITEM)
        .into_iter()
        .find(|(id, _, _)| id == "day-la")
        .unwrap();
    let wav = p.join("recordings/day-la.wav");
    std::fs::create_dir_all(wav.parent().unwrap()).unwrap();
    let spoken = Command::new("espeak-ng")
        .args(["-v", "vi", "-w"])
        .arg(&wav)
        .arg(&text)
        .status()
        .unwrap();
    assert!(spoken.success());
    let b = Booth::start(&p, &["--listen", "127.0.0.1:0"]);
    let browser = browser_with_mic(chrome, &wav);
    let tab = open(&browser, &b.local("/station"));
    let row = "tr.line[data-line='station:day-la']";
    assert!(js_bool(
        &tab,
        &format!("document.querySelector(\"{row}\").dataset.state === 'missing'")
    ));
    click(&tab, &format!("{row} .line-record"));
    std::thread::sleep(Duration::from_secs_f64(seconds_of(&wav) + 1.0));
    click(&tab, &format!("{row} .line-record"));
    click(&tab, &format!("{row} .line-save"));
    let saved = format!("document.readyState === 'complete' && document.querySelector(\"{row}\").dataset.state === 'present'");
    wait_for(&tab, &saved, 60, "the line to be saved");
    assert!(p
        .join("audio-assets/voice/stations/dinh-tan/day-la.wav")
        .is_file());
    let clip = http(b.port, "GET", "/clip/station/station:day-la", &[], b"");
    assert_eq!(clip.status, 200);
    assert!(clip.head.contains("content-type: audio/wav"));
}

#[test]
fn the_booth_shows_a_clips_problems_in_vietnamese() {
    let p = TestProject::demo();
    // A whole-second 440 Hz tone clipped hard at full scale, saved as an item line's clip.
    let m = loaxa::audio::Mono {
        rate: 16_000,
        samples: (0..32_000)
            .map(|i| {
                (1.8 * (i as f32 * 440.0 * std::f32::consts::TAU / 16_000.0).sin()).clamp(-1.0, 1.0)
            })
            .collect(),
    };
    p.write(
        &format!("audio-assets/voice/items/{ITEM}/tieu-de.wav"),
        loaxa::audio::encode::wav(&m).unwrap(),
    );
    let b = Booth::start(&p, &["--listen", "127.0.0.1:0"]);
    let page = get(b.port, &format!("/item/{ITEM}"));
    assert_eq!(page.status, 200);
    assert!(page.body.contains("bị vỡ tiếng"), "{}", page.body);
    assert!(page.body.contains("giảm âm lượng micro"), "{}", page.body);
    assert!(
        !page.body.contains("clipped runs"),
        "English leaked into the booth"
    );
}
