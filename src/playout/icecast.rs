//! Feeding an Icecast2 mount as its source: the HTTP `PUT` that Icecast 2.4 takes from a
//! source client (user `source` unless the URL names another, the password given apart from
//! the URL, `Content-Type: audio/mpeg`), then the MP3 bytes as they are made. The answer is
//! read before any audio is sent, so a wrong password or a mount in use is said at once.

use std::io::{Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::time::Duration;

use base64::Engine;

use crate::stream_url::StreamUrl;

/// How long connecting, the answer, and each write may take.
pub const TIMEOUT: Duration = Duration::from_secs(5);

/// What listeners are told of the stream.
#[derive(Debug, Clone, PartialEq)]
pub struct StreamInfo {
    /// The station's name.
    pub name: String,
    /// Samples per second.
    pub rate: u32,
    /// MP3 bit rate.
    pub kbps: u32,
}

/// Reads `--icecast URL`: an `http://` URL with the mount as its path (`https` is not taken:
/// Icecast 2.4 sources speak plain HTTP).
pub fn parse_mount(text: &str) -> Result<StreamUrl, String> {
    let url = StreamUrl::parse(text)?;
    if url.tls {
        return Err("Icecast 2.4 takes its sources over http://, not https://".into());
    }
    if url.path.len() < 2 || url.path.contains('?') {
        return Err("give the mount as the path, e.g. http://127.0.0.1:8000/xa.mp3".into());
    }
    Ok(url)
}

/// Connects to the mount as its source; the stream to write the MP3 bytes to.
pub fn connect(mount: &StreamUrl, password: &str, info: &StreamInfo) -> Result<TcpStream, String> {
    let mut s = open(mount)?;
    s.set_write_timeout(Some(TIMEOUT))
        .map_err(|e| e.to_string())?;
    s.set_read_timeout(Some(TIMEOUT))
        .map_err(|e| e.to_string())?;
    s.set_nodelay(true).map_err(|e| e.to_string())?;
    s.write_all(request(mount, password, info).as_bytes())
        .map_err(|e| format!("cannot talk to Icecast: {e}"))?;
    let head = read_head(&mut s)?;
    check_answer(&head)?;
    Ok(s)
}

/// A connection to the first of the host's addresses that answers.
fn open(mount: &StreamUrl) -> Result<TcpStream, String> {
    let addrs = (mount.host.as_str(), mount.port)
        .to_socket_addrs()
        .map_err(|e| format!("cannot find {}: {e}", mount.host))?;
    let mut last = format!("cannot find {}", mount.host);
    for addr in addrs {
        match TcpStream::connect_timeout(&addr, TIMEOUT) {
            Ok(s) => return Ok(s),
            Err(e) => last = format!("cannot connect to {}:{}: {e}", mount.host, mount.port),
        }
    }
    Err(last)
}

/// The source request.
fn request(mount: &StreamUrl, password: &str, info: &StreamInfo) -> String {
    let user = mount.user.as_deref().unwrap_or("source");
    let auth = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
    let name: String = info.name.chars().filter(|c| !c.is_control()).collect();
    let host = match mount.host.contains(':') {
        true => format!("[{}]", mount.host),
        false => mount.host.clone(),
    };
    format!(
        "PUT {path} HTTP/1.1\r\nHost: {host}:{port}\r\nAuthorization: Basic {auth}\r\n\
         User-Agent: loaxa/{version}\r\nContent-Type: audio/mpeg\r\nIce-Public: 0\r\n\
         Ice-Name: {name}\r\nIce-Audio-Info: samplerate={rate};channels=1;bitrate={kbps}\r\n\r\n",
        path = mount.path,
        port = mount.port,
        version = env!("CARGO_PKG_VERSION"),
        rate = info.rate,
        kbps = info.kbps,
    )
}

/// The answer's header, up to the blank line.
fn read_head(s: &mut TcpStream) -> Result<String, String> {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") && head.len() < 8192 {
        match s.read(&mut byte) {
            Ok(0) => break,
            Ok(_) => head.push(byte[0]),
            Err(e) => return Err(format!("Icecast did not answer: {e}")),
        }
    }
    Ok(String::from_utf8_lossy(&head).into_owned())
}

/// `Ok` for 200; the reason in words otherwise.
fn check_answer(head: &str) -> Result<(), String> {
    let status = head.lines().next().unwrap_or("");
    let code = status.split_whitespace().nth(1).unwrap_or("");
    match code {
        "200" => Ok(()),
        "401" => Err("Icecast refused the source password (401)".into()),
        "403" => Err(format!(
            "Icecast refused the mount: {status} (in use by another source, or not allowed)"
        )),
        "" => Err("Icecast closed the connection without an answer".into()),
        _ => Err(format!("Icecast answered `{status}`")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mounts_are_http_urls_with_a_path() {
        assert_eq!(
            parse_mount("http://127.0.0.1:8000/xa.mp3").unwrap().path,
            "/xa.mp3"
        );
        for (bad, why) in [
            ("https://host/xa", "http://"),
            ("http://host", "mount"),
            ("http://host/", "mount"),
            ("http://source:pw@host/xa", "no password"),
        ] {
            let e = parse_mount(bad).unwrap_err();
            assert!(e.contains(why), "{bad}: {e}");
        }
    }

    #[test]
    fn the_request_names_the_source_and_the_stream() {
        let info = StreamInfo {
            name: "Đài xã\r\nX: y".into(),
            rate: 44_100,
            kbps: 96,
        };
        let r = request(
            &parse_mount("http://127.0.0.1:8000/xa.mp3").unwrap(),
            "hackme",
            &info,
        );
        assert!(r.starts_with("PUT /xa.mp3 HTTP/1.1\r\n"), "{r}");
        assert!(
            r.contains("Authorization: Basic c291cmNlOmhhY2ttZQ==\r\n"),
            "{r}"
        );
        assert!(r.contains("Ice-Name: Đài xãX: y\r\n"), "{r}");
        assert!(r.contains("samplerate=44100;channels=1;bitrate=96"), "{r}");
        assert!(r.ends_with("\r\n\r\n"));
    }

    #[test]
    fn answers_are_read_into_words() {
        for (head, want) in [
            ("HTTP/1.0 200 OK\r\n\r\n", Ok(())),
            (
                "HTTP/1.0 401 Authentication Required\r\n\r\n",
                Err("password"),
            ),
            ("HTTP/1.0 403 Mountpoint in use\r\n\r\n", Err("in use")),
            ("", Err("without an answer")),
            ("HTTP/1.0 500 Internal Server Error\r\n\r\n", Err("500")),
        ] {
            match (check_answer(head), want) {
                (Ok(()), Ok(())) => {}
                (Err(e), Err(w)) => assert!(e.contains(w), "{head}: {e}"),
                (got, _) => panic!("{head}: {got:?}"),
            }
        }
    }
}
