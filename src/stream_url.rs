//! Stream URLs: a relay's source (`http://…/vov1.mp3`) and an Icecast mount to feed
//! (`http://source@host:8000/xa.mp3`), read into their parts and checked, so that a station
//! file's mistake is named by `check` and not met on the air.

use std::fmt;

/// An `http://` or `https://` URL of a stream, taken apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StreamUrl {
    /// `https`?
    pub tls: bool,
    /// The user name before `@`, if any (the password is never read from a URL).
    pub user: Option<String>,
    /// Host name or address.
    pub host: String,
    /// Port (80 or 443 when not written).
    pub port: u16,
    /// Path with any query, from the first `/` (`/` when none).
    pub path: String,
}

impl StreamUrl {
    /// Reads a URL; `Err` says what is wrong with it, in words for the operator.
    pub fn parse(text: &str) -> Result<StreamUrl, String> {
        let (tls, rest) = if let Some(r) = text.strip_prefix("http://") {
            (false, r)
        } else if let Some(r) = text.strip_prefix("https://") {
            (true, r)
        } else {
            return Err("it must start with http:// or https://".into());
        };
        if text.contains(char::is_whitespace) {
            return Err("it has a space in it".into());
        }
        let (authority, path) = match rest.find('/') {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, "/"),
        };
        let path = path.split('#').next().unwrap_or("/");
        let (user, hostport) = match authority.rsplit_once('@') {
            Some((u, _)) if u.contains(':') => {
                return Err("put no password in the URL; give it another way".into())
            }
            Some((u, h)) => (Some(u.to_string()).filter(|u| !u.is_empty()), h),
            None => (None, authority),
        };
        let (host, port) = split_port(hostport, tls)?;
        if host.is_empty() {
            return Err("it has no host".into());
        }
        Ok(StreamUrl {
            tls,
            user,
            host,
            port,
            path: path.to_string(),
        })
    }

    /// The URL without the user name (for logs and requests).
    pub fn public(&self) -> String {
        self.to_string()
    }
}

/// `host:port` (or `[v6]:port`), with the scheme's port when none is written.
fn split_port(hostport: &str, tls: bool) -> Result<(String, u16), String> {
    let default = if tls { 443 } else { 80 };
    let (host, port) = if let Some(v6) = hostport.strip_prefix('[') {
        let (h, after) = v6
            .split_once(']')
            .ok_or("its IPv6 address has no closing ]")?;
        (h.to_string(), after.strip_prefix(':'))
    } else {
        match hostport.rsplit_once(':') {
            Some((h, p)) => (h.to_string(), Some(p)),
            None => (hostport.to_string(), None),
        }
    };
    let port = match port {
        None => default,
        Some(p) => p
            .parse::<u16>()
            .ok()
            .filter(|p| *p > 0)
            .ok_or_else(|| format!("`{p}` is not a port"))?,
    };
    Ok((host, port))
}

impl fmt::Display for StreamUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let scheme = if self.tls { "https" } else { "http" };
        let default = if self.tls { 443 } else { 80 };
        let host = if self.host.contains(':') {
            format!("[{}]", self.host)
        } else {
            self.host.clone()
        };
        match self.port == default {
            true => write!(f, "{scheme}://{host}{}", self.path),
            false => write!(f, "{scheme}://{host}:{}{}", self.port, self.path),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_taken_apart_or_refused_with_a_reason() {
        let ok = |t: &str| StreamUrl::parse(t).unwrap();
        let u = ok("http://127.0.0.1:8000/vov1.mp3");
        assert_eq!(
            (u.host.as_str(), u.port, u.path.as_str()),
            ("127.0.0.1", 8000, "/vov1.mp3")
        );
        assert!(!u.tls);
        let u = ok("https://radio.example.vn/live?token=1");
        assert_eq!(
            (u.port, u.path.as_str(), u.tls),
            (443, "/live?token=1", true)
        );
        let u = ok("http://source@10.0.0.5:8000/xa");
        assert_eq!(u.user.as_deref(), Some("source"));
        assert_eq!(u.public(), "http://10.0.0.5:8000/xa");
        assert_eq!(ok("http://[::1]:8000/a").port, 8000);
        assert_eq!(ok("http://host").path, "/");
        for (bad, why) in [
            ("ftp://host/a", "http://"),
            ("vov1.mp3", "http://"),
            ("http:///a", "no host"),
            ("http://host:port/a", "not a port"),
            ("http://host:0/a", "not a port"),
            ("http://source:hackme@host/a", "no password"),
            ("http://host/a b", "space"),
        ] {
            let e = StreamUrl::parse(bad).unwrap_err();
            assert!(e.contains(why), "{bad}: {e}");
        }
    }
}
