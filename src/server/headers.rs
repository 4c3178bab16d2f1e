//! Browser security headers. Every response says `nosniff`, keeps the referrer to our
//! origin on other sites, refuses to be framed, and (over HTTPS) asks for HTTPS only.
//! HTML pages also carry a Content-Security-Policy whose scripts run only with the
//! page's nonce, which leptos_axum draws for each render and puts on its own scripts.

use axum::http::{HeaderName, HeaderValue, header};
use tower_http::set_header::SetResponseHeaderLayer;

/// The policy for one page. `'strict-dynamic'` lets the nonced hydration script import
/// the wasm glue; `'wasm-unsafe-eval'` lets it compile the wasm. Inline `style`
/// attributes (image boxes, placeholders) are allowed; inline scripts and handlers are not.
pub fn content_security_policy(nonce: &str, live_reload: bool) -> String {
    // `cargo leptos watch` reloads the page over a WebSocket on a port of its own, at
    // whatever host the page was opened by.
    let connect = if live_reload {
        "connect-src 'self' ws: wss:"
    } else {
        "connect-src 'self'"
    };
    format!(
        "default-src 'self'; script-src 'nonce-{nonce}' 'strict-dynamic' 'wasm-unsafe-eval'; \
         style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; {connect}; \
         object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// Sends this page's policy, from inside its render (where the nonce is known).
pub fn send_content_security_policy() {
    use leptos::prelude::use_context;
    let (Some(nonce), Some(response)) = (
        leptos::nonce::use_nonce(),
        use_context::<leptos_axum::ResponseOptions>(),
    ) else {
        return;
    };
    let live_reload = std::env::var_os("LEPTOS_WATCH").is_some();
    if let Ok(value) = HeaderValue::from_str(&content_security_policy(&nonce, live_reload)) {
        response.insert_header(header::CONTENT_SECURITY_POLICY, value);
    }
}

/// The headers every response carries; `https` adds HSTS.
pub fn layers(https: bool) -> impl Iterator<Item = SetResponseHeaderLayer<HeaderValue>> {
    let mut headers = vec![
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "strict-origin-when-cross-origin"),
        (header::X_FRAME_OPTIONS, "DENY"),
    ];
    if https {
        headers.push((
            header::STRICT_TRANSPORT_SECURITY,
            "max-age=63072000; includeSubDomains",
        ));
    }
    headers
        .into_iter()
        .map(|(name, value): (HeaderName, &str)| {
            SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value))
        })
}

#[cfg(test)]
mod tests {
    use super::content_security_policy;

    #[test]
    fn scripts_run_by_nonce_only_and_live_reload_may_connect() {
        let policy = content_security_policy("abc123", false);
        assert!(policy.contains("script-src 'nonce-abc123' 'strict-dynamic' 'wasm-unsafe-eval';"));
        let scripts = policy
            .split(';')
            .find(|directive| directive.trim().starts_with("script-src"))
            .unwrap();
        assert!(!scripts.contains("unsafe-inline") && !scripts.contains("'unsafe-eval'"));
        assert!(policy.contains("connect-src 'self';"));
        assert!(content_security_policy("abc123", true).contains("connect-src 'self' ws: wss:;"));
    }
}
