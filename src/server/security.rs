//! Cross-site request protection: a state-changing request (anything but GET, HEAD and
//! OPTIONS) must come from our own pages. Browsers say where a request comes from in
//! `Sec-Fetch-Site` (all current ones) or at least `Origin`; a request from another site
//! is refused with 403 before it reaches any handler. Requests that carry neither header
//! do not come from a browser, so they cannot ride on a victim's cookies.

use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::server::state::AppState;

pub async fn reject_cross_site_writes(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    if matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    ) {
        return next.run(request).await;
    }
    match verdict(request.headers(), state.config.public_url.as_deref()) {
        Ok(()) => next.run(request).await,
        Err(reason) => {
            tracing::warn!(method = %request.method(), path = %request.uri().path(), reason, "refused a cross-site request");
            (
                StatusCode::FORBIDDEN,
                "Cross-site requests cannot change anything here.",
            )
                .into_response()
        }
    }
}

fn verdict(headers: &HeaderMap, public_url: Option<&str>) -> Result<(), &'static str> {
    if let Some(site) = headers.get("sec-fetch-site") {
        return match site.as_bytes() {
            b"same-origin" | b"none" => Ok(()),
            _ => Err("Sec-Fetch-Site is not same-origin"),
        };
    }
    let Some(origin) = headers.get(header::ORIGIN) else {
        return Ok(());
    };
    let origin = origin.to_str().map_err(|_| "unreadable Origin")?;
    let own_origin = match public_url {
        Some(url) => url.to_owned(),
        // Without a configured public URL, our origin is the host the request was sent to.
        None => {
            let host = headers
                .get(header::HOST)
                .and_then(|host| host.to_str().ok())
                .ok_or("no Host header")?;
            format!("http://{host}")
        }
    };
    if origin.eq_ignore_ascii_case(&own_origin) {
        Ok(())
    } else {
        Err("Origin is another site")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, value.parse().unwrap());
        }
        map
    }

    #[test]
    fn sec_fetch_site_decides_when_present() {
        let own = Some("https://isntgram.example");
        assert!(verdict(&headers(&[("sec-fetch-site", "same-origin")]), own).is_ok());
        assert!(verdict(&headers(&[("sec-fetch-site", "none")]), own).is_ok());
        assert!(verdict(&headers(&[("sec-fetch-site", "cross-site")]), own).is_err());
        assert!(verdict(&headers(&[("sec-fetch-site", "same-site")]), own).is_err());
        // Even with a matching Origin, a cross-site fetch is refused.
        assert!(
            verdict(
                &headers(&[
                    ("sec-fetch-site", "cross-site"),
                    ("origin", "https://isntgram.example")
                ]),
                own
            )
            .is_err()
        );
    }

    #[test]
    fn origin_must_be_ours_without_sec_fetch_site() {
        let own = Some("https://isntgram.example");
        assert!(verdict(&headers(&[("origin", "https://isntgram.example")]), own).is_ok());
        assert!(verdict(&headers(&[("origin", "https://evil.example")]), own).is_err());
        assert!(verdict(&headers(&[("origin", "null")]), own).is_err());
        assert!(
            verdict(
                &headers(&[
                    ("origin", "http://localhost:3000"),
                    ("host", "localhost:3000")
                ]),
                None
            )
            .is_ok()
        );
        assert!(
            verdict(
                &headers(&[
                    ("origin", "http://evil.example"),
                    ("host", "localhost:3000")
                ]),
                None
            )
            .is_err()
        );
    }

    #[test]
    fn requests_without_browser_headers_pass() {
        assert!(verdict(&HeaderMap::new(), Some("https://isntgram.example")).is_ok());
    }
}
