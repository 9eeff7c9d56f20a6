//! Who may use the booth. On a loopback address anyone on this machine may, but only through a
//! loopback host name (a page elsewhere cannot reach the booth by rebinding its own name to
//! 127.0.0.1). On any other address every request carries the token the binary printed: the
//! address's `?token=` once (answered with a cookie and a redirect to the same page without
//! it), then the `loaxa_token` cookie or an `X-Loaxa-Token` header. Every request that changes
//! something also carries `X-Loaxa-Booth: 1`, which a form on another site cannot send.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::Shared;

/// The cookie that carries the token.
pub const COOKIE: &str = "loaxa_token";
/// The header that carries the token.
pub const TOKEN_HEADER: &str = "x-loaxa-token";
/// The header every request that writes carries.
pub const BOOTH_HEADER: &str = "x-loaxa-booth";

/// What becomes of a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Let it through.
    Pass,
    /// The right token in the address: set the cookie and go to `location` without it.
    Redirect {
        /// The same path and query, the token left out.
        location: String,
    },
    /// Refused, with the reason.
    Forbidden(&'static str),
}

/// Compares two tokens in time independent of where they differ.
pub fn same_token(expected: &str, given: &str) -> bool {
    let (a, b) = (expected.as_bytes(), given.as_bytes());
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The verdict on a request with this method, path, query and headers, when the booth expects
/// `token` (none on a loopback address).
pub fn judge(
    token: Option<&str>,
    method: &Method,
    path: &str,
    query: Option<&str>,
    headers: &HeaderMap,
) -> Verdict {
    let writes = !matches!(*method, Method::GET | Method::HEAD);
    if writes && header_value(headers, BOOTH_HEADER) != Some("1") {
        return Verdict::Forbidden("a request that writes must carry the X-Loaxa-Booth header");
    }
    let Some(token) = token else {
        return match host_is_loopback(headers) {
            true => Verdict::Pass,
            false => Verdict::Forbidden("this booth answers only at 127.0.0.1 or localhost"),
        };
    };
    if let Some(given) = query.and_then(|q| query_token(q)) {
        if !same_token(token, given) || writes {
            return Verdict::Forbidden("wrong token");
        }
        return Verdict::Redirect {
            location: without_token(path, query.unwrap_or_default()),
        };
    }
    let header = header_value(headers, TOKEN_HEADER);
    let cookie = cookie_value(headers, COOKIE);
    match header.or(cookie) {
        Some(given) if same_token(token, given) => Verdict::Pass,
        Some(_) => Verdict::Forbidden("wrong token"),
        None => Verdict::Forbidden(
            "this booth needs the token it printed: open the address with ?token=",
        ),
    }
}

fn header_value<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

/// The value of cookie `name` in the `Cookie` headers.
fn cookie_value<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

fn query_token(query: &str) -> Option<&str> {
    query
        .split('&')
        .filter_map(|p| p.split_once('='))
        .find(|(k, _)| *k == "token")
        .map(|(_, v)| v)
}

fn without_token(path: &str, query: &str) -> String {
    let rest: Vec<&str> = query
        .split('&')
        .filter(|p| !p.is_empty() && !p.starts_with("token="))
        .collect();
    match rest.is_empty() {
        true => path.to_string(),
        false => format!("{path}?{}", rest.join("&")),
    }
}

/// Whether the `Host` header names this machine's loopback (`localhost`, `127.x.x.x`, `[::1]`).
fn host_is_loopback(headers: &HeaderMap) -> bool {
    let Some(host) = header_value(headers, header::HOST.as_str()) else {
        return false;
    };
    let name = match host.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or_default(),
        None => host.rsplit_once(':').map_or(host, |(h, _)| h),
    };
    name.eq_ignore_ascii_case("localhost")
        || name
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// The middleware: applies [`judge`] to every request.
pub async fn guard(State(shared): State<Arc<Shared>>, request: Request, next: Next) -> Response {
    let uri = request.uri();
    let verdict = judge(
        shared.booth.token.as_deref(),
        request.method(),
        uri.path(),
        uri.query(),
        request.headers(),
    );
    match verdict {
        Verdict::Pass => next.run(request).await,
        Verdict::Forbidden(why) => {
            (StatusCode::FORBIDDEN, format!("403 forbidden: {why}\n")).into_response()
        }
        Verdict::Redirect { location } => {
            let token = shared.booth.token.as_deref().unwrap_or_default();
            let cookie = format!("{COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict");
            (
                StatusCode::SEE_OTHER,
                [(header::LOCATION, location), (header::SET_COOKIE, cookie)],
            )
                .into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(*k, v.parse().unwrap());
        }
        h
    }

    const T: &str = "00112233445566778899aabbccddeeff";

    #[test]
    fn loopback_passes_only_through_a_loopback_host_name() {
        let get = |host: &str| judge(None, &Method::GET, "/", None, &headers(&[("host", host)]));
        for ok in [
            "127.0.0.1:8765",
            "localhost:8765",
            "[::1]:8765",
            "LOCALHOST",
        ] {
            assert_eq!(get(ok), Verdict::Pass, "{ok}");
        }
        for bad in ["evil.example:8765", "192.168.1.5:8765", ""] {
            assert!(matches!(get(bad), Verdict::Forbidden(_)), "{bad}");
        }
    }

    #[test]
    fn a_token_is_needed_in_the_address_a_cookie_or_a_header() {
        let h = headers(&[("host", "10.0.0.2:8765")]);
        let get = |q: Option<&str>, h: &HeaderMap| judge(Some(T), &Method::GET, "/item/a", q, h);
        assert!(matches!(get(None, &h), Verdict::Forbidden(_)));
        assert!(matches!(get(Some("token=0011"), &h), Verdict::Forbidden(_)));
        assert_eq!(
            get(Some(&format!("x=1&token={T}")), &h),
            Verdict::Redirect {
                location: "/item/a?x=1".into()
            }
        );
        let cookie = headers(&[("cookie", &format!("a=b; {COOKIE}={T}"))]);
        assert_eq!(get(None, &cookie), Verdict::Pass);
        let wrong = headers(&[("cookie", &format!("{COOKIE}=ff{}", &T[2..]))]);
        assert!(matches!(get(None, &wrong), Verdict::Forbidden(_)));
        assert_eq!(get(None, &headers(&[(TOKEN_HEADER, T)])), Verdict::Pass);
    }

    #[test]
    fn writes_need_the_booth_header() {
        let h = headers(&[("host", "127.0.0.1")]);
        assert!(matches!(
            judge(None, &Method::POST, "/api/x", None, &h),
            Verdict::Forbidden(_)
        ));
        let h = headers(&[("host", "127.0.0.1"), (BOOTH_HEADER, "1")]);
        assert_eq!(
            judge(None, &Method::POST, "/api/x", None, &h),
            Verdict::Pass
        );
    }

    #[test]
    fn tokens_compare_whole() {
        assert!(same_token(T, T));
        assert!(!same_token(T, &T[..31]));
        assert!(!same_token(T, ""));
    }
}
