//! The security rules of PRODUCT.md and what holds each of them: the tests in this
//! file, and the ones elsewhere that the table names.
//!
//! | rule | held by |
//! |---|---|
//! | user text never becomes markup: `<title>` | `user_text_in_titles_stays_text` |
//! | … nor JSON embedded in the page | `user_text_in_embedded_data_stays_text` |
//! | … nor link previews (`<meta>` Open Graph and Twitter tags) | `user_text_in_link_previews_stays_text` |
//! | HTML pages: nonce-only scripts (CSP), `frame-ancestors 'none'`, `nosniff`, referrer policy | `pages_send_the_security_headers`; every Playwright test fails on a CSP violation (end2end/tests/fixtures.ts) |
//! | HSTS when served over HTTPS | `hsts_only_over_https` |
//! | pages with private data are not stored by caches | `private_pages_are_not_stored` |
//! | messages on a page come from the app, never from the address | `query_strings_cannot_put_words_in_the_apps_mouth` |
//! | hostile input answers 4xx or an empty result, never 500 | `hostile_input_never_answers_500`; `pagination` unit tests |
//! | passwords: Argon2id off the async workers, one hash per CPU at a time | `auth::password`; `auth` |
//! | passwords: ≥ 8 characters, common ones refused with the reason | `common_passwords_are_refused`; `auth::domain` unit tests |
//! | the demo account cannot be taken over, renamed, locked or deleted | `the_demo_account_keeps_its_name_email_and_password` |
//! | login limits keyed to the account, whatever its spelling | `login_limits_hold_for_every_spelling_of_the_account` |
//! | limits hold across every app server | `login_limits_hold_across_app_servers` |
//! | an attack cannot lock the owner out (device cookie) | `an_attack_on_an_account_does_not_lock_out_a_browser_that_logged_in_before` |
//! | the client is the TCP peer, or what a *trusted* proxy forwarded; IPv6 by /64 | `forwarded_addresses_count_only_behind_a_trusted_proxy`; `server::client_ip`, `server::rate_limit` unit tests |
//! | re-entering a password is rate-limited like a login | `re_entering_the_password_in_settings_is_rate_limited` |
//! | a new email needs the password; email changes are rate-limited | `a_new_email_needs_the_password_and_is_rate_limited` |
//! | reset and confirmation links: 256 random bits, only their SHA-256 stored, single use, expiring (reset: 1 hour) | `mail` `signing_up_mails_a_link_that_confirms_the_email_once`, `a_reset_link_sets_a_new_password_once_and_ends_every_session`, `a_reset_link_expires_after_an_hour`, `a_confirmation_link_expires` |
//! | asking for a reset never tells whether an account exists | `mail` `asking_for_a_reset_never_tells_whether_an_account_uses_the_address` |
//! | reset links are limited per address, whatever its spelling (and per client) | `mail` `reset_links_are_limited_per_address_however_it_is_spelled` |
//! | a reset ends every session; a new email is confirmed from it, the old one told | `mail` `a_reset_link_sets_a_new_password_once_and_ends_every_session`, `a_new_email_waits_for_its_link_and_the_old_address_is_told` |
//! | mail escapes what it quotes in its HTML | `mail` unit test |
//! | per-account limits on posting, commenting, following | `comments_and_follows_have_per_account_limits`; `posts` `posting_is_limited_per_account_and_keeps_the_caption` |
//! | a full upload queue answers 503 with `Retry-After` | `a_busy_server_turns_uploads_away_with_retry_after` |
//! | a post page pages its comments | `a_flooded_post_shows_its_comments_a_page_at_a_time` |
//! | a stored file goes only when nothing refers to it | `deleting_a_post_keeps_a_file_someone_else_still_uses` |
//! | sessions: HttpOnly, SameSite=Lax, new id at login, logout destroys, password change ends the others | `auth` |
//! | sessions end 90 days after login, however active | `auth::session` unit test |
//! | cross-site requests cannot change state; no state change answers GET | `server::security` unit tests; `auth` |
//! | every write checks ownership | `posts`, `social` |
//! | uploads are served only as images (`nosniff`) | `posts` |
//! | the embedded PostgreSQL admits only its generated password | `the_embedded_cluster_admits_only_its_password` |

use crate::support::{PASSWORD, TestApp, count, insert_comment, insert_post, insert_user};

/// Text a visitor could write, built to break out of every context it may land in.
const HOSTILE: &str =
    r#"</title><script>alert(1)</script>"><img src=x onerror=alert(2)> javascript:alert(3)"#;

/// Fails when any part of `HOSTILE` became markup in `html`.
fn assert_inert(html: &str) {
    assert!(
        !html.contains("<script>alert"),
        "a script got through:\n{html}"
    );
    assert!(
        !html.contains("<img src=x"),
        "an element got through:\n{html}"
    );
    assert!(
        !html.contains("href=\"javascript:"),
        "a javascript: link got through:\n{html}"
    );
    assert_eq!(html.matches("<title>").count(), 1, "one <title>:\n{html}");
    assert_eq!(html.matches("</title>").count(), 1, "one </title>:\n{html}");
}

/// The text of the page's `<title>` element, as sent.
fn title_of(html: &str) -> &str {
    let start = html.find("<title>").expect("a <title>") + "<title>".len();
    let end = html[start..].find("</title>").expect("a </title>") + start;
    &html[start..end]
}

#[tokio::test]
async fn user_text_in_titles_stays_text() {
    let app = TestApp::spawn().await;
    let author = insert_user(&app.pool, "mallory").await;
    sqlx::query("UPDATE users SET full_name = $1 WHERE id = $2")
        .bind(HOSTILE)
        .bind(author)
        .execute(&app.pool)
        .await
        .unwrap();
    let post = insert_post(&app.pool, author, HOSTILE, 1).await;
    let visitor = app.visitor();

    // A full name, for everyone who opens the profile.
    let (status, html) = visitor.page("/mallory").await;
    assert_eq!(status, 200);
    assert_inert(&html);
    assert!(
        title_of(&html).starts_with("&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{}",
        title_of(&html)
    );

    // The start of a caption, for everyone who opens the post.
    let (status, html) = visitor.page(&format!("/p/{post}")).await;
    assert_eq!(status, 200);
    assert_inert(&html);
    assert!(
        title_of(&html).contains("mallory: &lt;/title&gt;"),
        "{}",
        title_of(&html)
    );

    // A hashtag from the address, without logging in.
    let encoded: String = url_encode(HOSTILE);
    let (_, html) = visitor.page(&format!("/tags/{encoded}")).await;
    assert_inert(&html);
    let (_, html) = visitor.page(&format!("/search?q={encoded}")).await;
    assert_inert(&html);
}

#[tokio::test]
async fn user_text_in_embedded_data_stays_text() {
    let app = TestApp::spawn().await;
    let author = insert_user(&app.pool, "mallory").await;
    let post = insert_post(&app.pool, author, HOSTILE, 1).await;
    insert_comment(&app.pool, author, post, HOSTILE).await;
    // The post page hands its comments to the islands that draw them in the browser,
    // as JSON in an attribute.
    let (status, html) = app.visitor().page(&format!("/p/{post}")).await;
    assert_eq!(status, 200);
    assert_inert(&html);
    assert!(
        !html.contains("</script><script>"),
        "a script element was closed from the data:\n{html}"
    );
    let carried = island_props(&html).into_iter().any(|props| {
        props
            .to_string()
            .contains(&serde_json::to_string(HOSTILE).unwrap())
    });
    assert!(
        carried,
        "the comment reached an island's props whole:\n{html}"
    );
}

/// The props of every island in `html`, decoded from their attributes.
fn island_props(html: &str) -> Vec<serde_json::Value> {
    html.split(r#" data-props=""#)
        .skip(1)
        .map(|rest| {
            let attribute = &rest[..rest.find('"').expect("a closing quote")];
            serde_json::from_str(&html_escape::decode_html_entities(attribute))
                .expect("island props are JSON")
        })
        .collect()
}

/// The `content` of the `<meta>` whose `key` attribute (`property` or `name`) is
/// `value`, as sent (still escaped).
fn meta_content<'a>(html: &'a str, key: &str, value: &str) -> Option<&'a str> {
    let at = html.find(&format!(r#"{key}="{value}""#))?;
    let tag_start = html[..at].rfind("<meta")?;
    let tag = &html[tag_start..tag_start + html[tag_start..].find('>')?];
    let start = tag.find(r#"content=""#)? + r#"content=""#.len();
    let end = tag[start..].find('"')? + start;
    Some(&tag[start..end])
}

#[tokio::test]
async fn user_text_in_link_previews_stays_text() {
    let app = TestApp::spawn().await;
    let author = insert_user(&app.pool, "mallory").await;
    sqlx::query("UPDATE users SET full_name = $1, bio = $1 WHERE id = $2")
        .bind(HOSTILE)
        .bind(author)
        .execute(&app.pool)
        .await
        .unwrap();
    let post = insert_post(&app.pool, author, HOSTILE, 1).await;
    let visitor = app.visitor();

    for path in [format!("/p/{post}"), "/mallory".to_owned()] {
        let (status, html) = visitor.page(&path).await;
        assert_eq!(status, 200);
        assert_inert(&html);
        let description = meta_content(&html, "property", "og:description")
            .unwrap_or_else(|| panic!("og:description on {path}:\n{html}"));
        // Every quote and angle bracket arrives escaped; read back, it is the text.
        assert!(!description.contains(['<', '>', '"']), "{description}");
        assert_eq!(html_escape::decode_html_entities(description), HOSTILE);
        for (key, name) in [
            ("property", "og:title"),
            ("name", "twitter:title"),
            ("name", "twitter:description"),
        ] {
            let content = meta_content(&html, key, name).expect(name);
            assert!(!content.contains(['<', '>', '"']), "{name}: {content}");
        }
        // Addresses are absolute, to this site, and never the user's text.
        let url = meta_content(&html, "property", "og:url").expect("og:url");
        assert!(url.starts_with("http://") && url.ends_with(&path), "{url}");
    }
    let (_, html) = visitor.page(&format!("/p/{post}")).await;
    assert_eq!(
        meta_content(&html, "name", "twitter:card"),
        Some("summary_large_image")
    );
    let image = meta_content(&html, "property", "og:image").expect("og:image");
    assert!(
        image.starts_with("http://") && image.ends_with("/media/00/test.webp"),
        "{image}"
    );
}

fn url_encode(text: &str) -> String {
    text.bytes()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => {
                (byte as char).to_string()
            }
            _ => format!("%{byte:02X}"),
        })
        .collect()
}

/// The nonce the page's scripts carry.
fn script_nonce(html: &str) -> &str {
    let start = html.find("nonce=\"").expect("a nonced script") + "nonce=\"".len();
    let end = html[start..].find('"').unwrap() + start;
    &html[start..end]
}

#[tokio::test]
async fn pages_send_the_security_headers() {
    let app = TestApp::spawn().await;
    for path in ["/login", "/", "/explore", "/no/such/page"] {
        let response = app
            .visitor()
            .get(path)
            .header("accept", "text/html")
            .send()
            .await
            .unwrap();
        let headers = response.headers().clone();
        let html = response.text().await.unwrap();
        let policy = headers["content-security-policy"]
            .to_str()
            .unwrap()
            .to_owned();
        let nonce = script_nonce(&html);
        assert!(nonce.len() >= 16, "{path}: a real nonce");
        assert!(
            policy.contains(&format!("script-src 'nonce-{nonce}'")),
            "{path}: scripts run by this page's nonce: {policy}"
        );
        for directive in [
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
            "default-src 'self'",
        ] {
            assert!(
                policy.contains(directive),
                "{path}: {directive} in {policy}"
            );
        }
        let scripts = policy
            .split(';')
            .find(|directive| directive.trim().starts_with("script-src"))
            .unwrap();
        assert!(!scripts.contains("unsafe-inline"), "{path}: {scripts}");
        // Every script element carries the nonce (none would run otherwise).
        for (at, _) in html.match_indices("<script") {
            let tag = &html[at..at + html[at..].find('>').unwrap()];
            assert!(tag.contains(&format!("nonce=\"{nonce}\"")), "{path}: {tag}");
        }
        assert_eq!(headers["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(
            headers["referrer-policy"], "strict-origin-when-cross-origin",
            "{path}"
        );
        assert!(
            !headers.contains_key("strict-transport-security"),
            "{path}: not over http"
        );
    }
    // A second page gets a nonce of its own.
    let first = app.visitor().page("/login").await.1;
    let second = app.visitor().page("/login").await.1;
    assert_ne!(script_nonce(&first), script_nonce(&second));
    // Files that are not pages still say nosniff.
    let health = app.visitor().get("/healthz").send().await.unwrap();
    assert_eq!(health.headers()["x-content-type-options"], "nosniff");
}

#[tokio::test]
async fn hsts_only_over_https() {
    let app = TestApp::spawn_with(|config| {
        config.public_url = Some("https://isntgram.example".into());
    })
    .await;
    let response = app.visitor().get("/login").send().await.unwrap();
    let hsts = response.headers()["strict-transport-security"]
        .to_str()
        .unwrap();
    assert!(hsts.starts_with("max-age="), "{hsts}");
}

#[tokio::test]
async fn private_pages_are_not_stored() {
    let app = TestApp::spawn().await;
    let visitor = app.visitor();
    let response = visitor.get("/login").send().await.unwrap();
    assert!(response.headers().get("cache-control").is_none());

    let member = app.member("ada").await;
    for path in ["/", "/settings", "/notifications", "/ada", "/explore"] {
        let response = member.get(path).send().await.unwrap();
        assert_eq!(response.status(), 200, "{path}");
        assert_eq!(response.headers()["cache-control"], "no-store", "{path}");
    }
    // What is the same for everyone (a photo) stays cacheable.
    let bytes = b"a stored photo".to_vec();
    let key = isntgram::media::storage::content_key(&bytes, "webp");
    app.state.media.put(&key, &bytes).await.unwrap();
    let photo = member.get(&format!("/media/{key}")).send().await.unwrap();
    assert_eq!(photo.status(), 200);
    let caching = photo.headers()["cache-control"].to_str().unwrap();
    assert!(caching.contains("immutable"), "{caching}");
}

#[tokio::test]
async fn query_strings_cannot_put_words_in_the_apps_mouth() {
    let app = TestApp::spawn().await;
    let member = app.member("ada").await;
    let planted = "Your account is locked, call 555-0100";
    let encoded = url_encode(planted);
    for path in [
        format!("/new?error={encoded}&caption={encoded}&alt_text={encoded}"),
        format!("/settings?avatar_error={encoded}&error={encoded}&saved={encoded}"),
    ] {
        let (status, html) = member.page(&path).await;
        assert_eq!(status, 200, "{path}");
        assert!(
            !html.contains("call 555-0100"),
            "{path} showed the address's words"
        );
    }
}

#[tokio::test]
async fn common_passwords_are_refused() {
    use isntgram::auth::domain::NewPassword;
    let app = TestApp::spawn().await;
    let response = app
        .visitor()
        .sign_up_as("ada@example.com", "Ada", "ada", "12345678")
        .await;
    assert_eq!(response.status(), 422);
    let body = response.text().await.unwrap();
    assert!(body.contains(NewPassword::COMMON), "{body}");
    let users = count(
        &app.pool,
        "SELECT count(*) FROM users WHERE username = 'ada'",
    )
    .await;
    assert_eq!(users, 0);
}

#[tokio::test]
async fn the_demo_account_keeps_its_name_email_and_password() {
    let app = TestApp::spawn().await;
    let visitor = app.visitor();
    assert_eq!(visitor.demo_login().await.status(), 200);
    let demo_id: i64 = sqlx::query_scalar("SELECT id FROM users WHERE is_demo")
        .fetch_one(&app.pool)
        .await
        .unwrap();

    // Renaming it, moving its email, changing or deleting it: refused, with the reason.
    for (what, response) in [
        (
            "a new name",
            visitor
                .update_profile(&[
                    ("full_name", "Demo Person"),
                    ("username", "not_demo"),
                    ("email", "demo@isntgram.example"),
                    ("bio", ""),
                ])
                .await,
        ),
        (
            "a new email",
            visitor
                .update_profile(&[
                    ("full_name", "Demo Person"),
                    ("username", "demo"),
                    ("email", "mine@example.com"),
                    ("bio", ""),
                ])
                .await,
        ),
        (
            "a new password",
            visitor.change_password("x", "correct horse battery").await,
        ),
        ("deleting it", visitor.delete_account("x").await),
    ] {
        assert_eq!(response.status(), 422, "{what}");
        assert!(
            response
                .text()
                .await
                .unwrap()
                .contains("shared demo account")
        );
    }
    // The ordinary parts of a profile change as for anyone.
    let response = visitor
        .update_profile(&[
            ("full_name", "Demo Visitor"),
            ("username", "demo"),
            ("email", "demo@isntgram.example"),
            ("bio", "hello"),
        ])
        .await;
    assert_eq!(response.status(), 200);
    let row: (String, String, String) =
        sqlx::query_as("SELECT username, email, full_name FROM users WHERE id = $1")
            .bind(demo_id)
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(
        row,
        (
            "demo".into(),
            "demo@isntgram.example".into(),
            "Demo Visitor".into()
        )
    );

    // The database holds the rule too, whoever asks.
    for statement in [
        "UPDATE users SET username = 'renamed' WHERE is_demo",
        "UPDATE users SET email = 'x@example.com' WHERE is_demo",
        "UPDATE users SET hashed_password = 'x' WHERE is_demo",
        "UPDATE users SET is_demo = false WHERE is_demo",
        "DELETE FROM users WHERE is_demo",
    ] {
        assert!(
            sqlx::query(statement).execute(&app.pool).await.is_err(),
            "{statement}"
        );
    }

    // The name is nobody else's, and nobody logs in to it with a password.
    let response = app
        .visitor()
        .sign_up_as("x@example.com", "Impostor", "Demo", "correct horse battery")
        .await;
    assert_eq!(response.status(), 422);
    let response = app.visitor().login("demo", "anything at all").await;
    assert_eq!(response.status(), 422);

    // And "Try the demo" still finds it by its flag.
    let next = app.visitor();
    assert_eq!(next.demo_login().await.status(), 200);
    let (_, html) = next.page("/settings").await;
    assert!(
        html.contains("demo@isntgram.example"),
        "logged in as the demo"
    );
}

/// The app allowing `attempts` logins a minute to each account, and plenty to each
/// address (the tests' clients all come from one).
async fn app_limiting_logins_to(attempts: u32) -> TestApp {
    TestApp::spawn_with(|config| {
        config.rate_limits.per_account_per_minute = attempts;
        config.rate_limits.per_ip_per_minute = 1000;
    })
    .await
}

#[tokio::test]
async fn login_limits_hold_for_every_spelling_of_the_account() {
    let app = app_limiting_logins_to(4).await;
    app.member("ada").await;
    // Each attempt from a new client, as a botnet would.
    for spelling in ["ada", "@ada", "ADA", "ada@example.com"] {
        assert_eq!(
            app.visitor().login(spelling, "wrong guess").await.status(),
            422,
            "{spelling}"
        );
    }
    for spelling in ["@@Ada", " ada ", "ADA@EXAMPLE.COM", "ada"] {
        assert_eq!(
            app.visitor().login(spelling, PASSWORD).await.status(),
            429,
            "{spelling} is the same account"
        );
    }
    // A name longer than any account is refused before any work.
    let long = "a".repeat(300);
    assert_eq!(app.visitor().login(&long, PASSWORD).await.status(), 422);
}

#[tokio::test]
async fn login_limits_hold_across_app_servers() {
    use isntgram::auth::api::Login;
    use leptos::server_fn::ServerFn;
    let app = app_limiting_logins_to(2).await;
    app.member("ada").await;
    let second = app.another_server().await;
    let client = app.visitor();
    assert_eq!(client.login("ada", "wrong guess").await.status(), 422);
    assert_eq!(client.login("ada", "wrong guess").await.status(), 422);
    // The second server knows the account's quota is spent.
    let response = client
        .client
        .post(format!("{second}{}", Login::PATH))
        .header("accept", "application/json")
        .form(&[("login", "ada"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 429);
}

#[tokio::test]
async fn an_attack_on_an_account_does_not_lock_out_a_browser_that_logged_in_before() {
    let app = app_limiting_logins_to(2).await;
    app.member("ada").await;
    let owner = app.visitor();
    assert_eq!(owner.login("ada", PASSWORD).await.status(), 200);
    // Someone else guesses until the account's quota is gone.
    let attacker = app.visitor();
    while attacker.login("ada", "wrong guess").await.status() != 429 {}
    assert_eq!(app.visitor().login("ada", PASSWORD).await.status(), 429);
    // The owner's browser has its own quota on the account.
    assert_eq!(owner.login("ada", PASSWORD).await.status(), 200);
}

#[tokio::test]
async fn forwarded_addresses_count_only_behind_a_trusted_proxy() {
    async fn attempt(app: &TestApp, forwarded_for: &str) -> reqwest::StatusCode {
        use isntgram::auth::api::Login;
        use leptos::server_fn::ServerFn;
        app.visitor()
            .post(Login::PATH)
            .header("accept", "application/json")
            .header("x-forwarded-for", forwarded_for)
            .form(&[("login", "nobody_here"), ("password", "wrong guess")])
            .send()
            .await
            .unwrap()
            .status()
    }
    // No trusted proxy: the header is anyone's to send, so it changes nothing.
    let direct = TestApp::spawn_with(|config| {
        config.rate_limits.per_ip_per_minute = 2;
        config.rate_limits.per_account_per_minute = 1000;
    })
    .await;
    assert_eq!(attempt(&direct, "198.51.100.1").await, 422);
    assert_eq!(attempt(&direct, "198.51.100.2").await, 422);
    assert_eq!(attempt(&direct, "198.51.100.3").await, 429);

    // Behind a trusted proxy: each client it names has its own quota, and an IPv6
    // client's whole /64 is one client.
    let proxied = TestApp::spawn_with(|config| {
        config.rate_limits.per_ip_per_minute = 2;
        config.rate_limits.per_account_per_minute = 1000;
        config.trusted_proxies = vec!["127.0.0.1/32".parse().unwrap()];
    })
    .await;
    assert_eq!(attempt(&proxied, "2001:db8:1:2::1").await, 422);
    assert_eq!(attempt(&proxied, "2001:db8:1:2::ffff").await, 422);
    assert_eq!(attempt(&proxied, "2001:db8:1:2:aaaa::7").await, 429);
    assert_eq!(attempt(&proxied, "spoofed, 198.51.100.9").await, 422);
    assert_eq!(attempt(&proxied, "2001:db8:1:3::1").await, 422);
}

#[tokio::test]
async fn re_entering_the_password_in_settings_is_rate_limited() {
    let app = app_limiting_logins_to(2).await;
    let member = app.member("ada").await;
    for expected in [422, 422, 429] {
        let response = member
            .change_password("wrong guess", "a fresh passphrase")
            .await;
        assert_eq!(response.status(), expected);
    }
}

/// Strings a visitor could type or craft: the awkward ones by hand, then random ones
/// (the same every run) from every range of characters.
fn hostile_strings() -> Vec<String> {
    use rand::{Rng, SeedableRng};
    let mut strings: Vec<String> = [
        "",
        " ",
        "\0",
        "a\0b",
        "%00",
        "%",
        "_",
        "\\",
        "'",
        "\"",
        "''; DROP TABLE users; --",
        "../../etc/passwd",
        "😀",
        "\u{202e}evil",
        "\u{fffd}",
        "\r\n",
        "#",
        "@",
        "#@#",
        "0",
        "-1",
        "99999999999999999999999",
        "9223372036854775807",
        "OTIyMzM3MjAzNjg1NDc3NTgwNzox",
        "LTE6MQ",
        "MDox",
        "=",
        "&",
        "?",
        "/",
        "//evil.example",
        "javascript:alert(1)",
        HOSTILE,
    ]
    .into_iter()
    .map(str::to_owned)
    .collect();
    strings.push("x".repeat(5000));
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(14);
    for _ in 0..30 {
        let length = rng.random_range(1..60);
        let text: String = (0..length)
            .filter_map(|_| {
                let code = match rng.random_range(0..4) {
                    0 => rng.random_range(0..0x20),
                    1 => rng.random_range(0x20..0x7f),
                    2 => rng.random_range(0x80..0x800),
                    _ => rng.random_range(0x800..0x11_0000),
                };
                char::from_u32(code)
            })
            .collect();
        strings.push(text);
    }
    strings
}

#[tokio::test]
async fn hostile_input_never_answers_500() {
    use isntgram::discover::api::Search;
    use leptos::server_fn::ServerFn;
    let app = TestApp::spawn_with(|config| {
        config.rate_limits.per_ip_per_minute = 100_000;
        config.rate_limits.per_account_per_minute = 100_000;
        config.rate_limits.comments_per_hour = 100_000;
    })
    .await;
    let member = app.member("ada").await;
    let post = insert_post(&app.pool, member.id, "a post", 1).await;
    let visitor = app.visitor();
    for text in hostile_strings() {
        let q = url_encode(&text);
        let pages = [
            format!("/search?q={q}"),
            format!("/?after={q}"),
            format!("/ada?after={q}"),
            format!("/ada/followers?after={q}"),
            format!("/explore?after={q}"),
            format!("/tags/{q}"),
            format!("/tags/cats?after={q}"),
            format!("/p/{q}"),
            format!("/{q}"),
            format!("/{q}/following"),
            format!("/notifications?after={q}"),
            format!("/login?next={q}"),
            format!("/settings?saved={q}"),
        ];
        for path in &pages {
            for client in [&*member, &visitor] {
                let (status, _) = client.page(path).await;
                assert!(status.as_u16() < 500, "{path} ({text:?}) answered {status}");
            }
        }
        let answers = [
            ("login", member.login(&text, &text).await),
            (
                "sign up",
                member.sign_up_as(&text, &text, &text, &text).await,
            ),
            ("search", member.call(Search::PATH, &[("q", &text)]).await),
            ("comment", member.comment(post, &text).await),
            ("caption", member.edit_caption(post, &text).await),
        ];
        for (what, response) in answers {
            let status = response.status();
            assert!(status.as_u16() < 500, "{what} ({text:?}) answered {status}");
        }
    }
}

#[tokio::test]
async fn deleting_a_post_keeps_a_file_someone_else_still_uses() {
    use isntgram::media::storage::content_key;
    let app = TestApp::spawn().await;
    let bea = app.member("bea").await;
    // One file, both ada's avatar and the small size of bea's square post.
    let bytes = b"the same pixels, encoded the same way".to_vec();
    let key = content_key(&bytes, "webp");
    app.state.media.put(&key, &bytes).await.unwrap();
    let url = format!("/media/{key}");
    let ada = insert_user(&app.pool, "ada").await;
    sqlx::query("UPDATE users SET profile_image_url = $1 WHERE id = $2")
        .bind(&url)
        .bind(ada)
        .execute(&app.pool)
        .await
        .unwrap();
    let post: i64 = sqlx::query_scalar(
        "WITH post AS (INSERT INTO posts (user_id, caption) VALUES ($1, '') RETURNING id)
         INSERT INTO photos (post_id, position, url, width, height, variants)
         SELECT id, 0, '/media/00/full.webp', 640, 640,
                jsonb_build_array(jsonb_build_object('width', 320, 'url', $2::text),
                                  jsonb_build_object('width', 640, 'url', '/media/00/full.webp'))
         FROM post
         RETURNING post_id",
    )
    .bind(bea.id)
    .bind(&url)
    .fetch_one(&app.pool)
    .await
    .unwrap();

    let response = bea.delete_post(post).await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        app.state.media.get(&key).await.unwrap().as_deref(),
        Some(&bytes[..]),
        "ada's avatar is still there"
    );
    let avatar = app.visitor().get(&url).send().await.unwrap();
    assert_eq!(avatar.status(), 200);
}

#[tokio::test]
async fn a_busy_server_turns_uploads_away_with_retry_after() {
    let app = TestApp::spawn_customised(
        |_| {},
        |state| state.uploads_in_flight = std::sync::Arc::new(tokio::sync::Semaphore::new(0)),
    )
    .await;
    let member = app.member("ada").await;
    let form = reqwest::multipart::Form::new()
        .part(
            "image",
            reqwest::multipart::Part::bytes(vec![0u8; 1000]).file_name("a.jpg"),
        )
        .text("caption", "busy?");
    let response = member.upload("/new", form).await;
    assert_eq!(response.status(), 503);
    assert_eq!(response.headers()["retry-after"], "10");
}

#[tokio::test]
async fn comments_and_follows_have_per_account_limits() {
    let app = TestApp::spawn_with(|config| {
        config.rate_limits.comments_per_hour = 2;
        config.rate_limits.follows_per_hour = 1;
    })
    .await;
    let member = app.member("ada").await;
    let post = insert_post(&app.pool, member.id, "a post", 1).await;
    for expected in [200, 200, 429] {
        let response = member.comment(post, "hello").await;
        assert_eq!(response.status(), expected);
    }
    assert_eq!(count(&app.pool, "SELECT count(*) FROM comments").await, 2);
    insert_user(&app.pool, "bea").await;
    insert_user(&app.pool, "cyd").await;
    assert_eq!(member.follow("bea").await.status(), 200);
    assert_eq!(member.follow("cyd").await.status(), 429);
}

#[tokio::test]
async fn the_embedded_cluster_admits_only_its_password() {
    use isntgram::server::db::embedded::{Durability, EmbeddedPostgres};
    use sqlx::Connection;
    use std::os::unix::fs::PermissionsExt;
    let root = std::env::temp_dir().join(format!("isntgram-pg-auth-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    let cluster = EmbeddedPostgres::start(&root, Durability::Throwaway)
        .await
        .unwrap();
    let url = cluster.url("postgres");
    let connection = sqlx::PgConnection::connect(&url)
        .await
        .expect("with the password");
    connection.close().await.unwrap();

    let without_password = format!("postgres://postgres@127.0.0.1:{}/postgres", cluster.port());
    assert!(
        sqlx::PgConnection::connect(&without_password)
            .await
            .is_err()
    );
    let wrong_password = format!(
        "postgres://postgres:guess@127.0.0.1:{}/postgres",
        cluster.port()
    );
    assert!(sqlx::PgConnection::connect(&wrong_password).await.is_err());

    let file = std::fs::metadata(root.join("superuser-password")).unwrap();
    assert_eq!(
        file.permissions().mode() & 0o077,
        0,
        "the password file is the owner's only"
    );
    let folder = std::fs::metadata(&root).unwrap();
    assert_eq!(
        folder.permissions().mode() & 0o077,
        0,
        "so is the folder with the socket"
    );
    cluster.stop().await;
    let _ = std::fs::remove_dir_all(&root);
}

#[tokio::test]
async fn a_flooded_post_shows_its_comments_a_page_at_a_time() {
    let app = TestApp::spawn().await;
    let ada = insert_user(&app.pool, "ada").await;
    let post = insert_post(&app.pool, ada, "popular", 500).await;
    sqlx::query(
        "INSERT INTO comments (user_id, post_id, content, created_at)
         SELECT $1, $2, 'flood ' || lpad(n::text, 4, '0'), now() - (400 - n) * interval '1 second'
         FROM generate_series(1, 120) AS n",
    )
    .bind(ada)
    .bind(post)
    .execute(&app.pool)
    .await
    .unwrap();
    let visitor = app.visitor();
    let (status, first) = visitor.page(&format!("/p/{post}")).await;
    assert_eq!(status, 200);
    assert!(first.contains("flood 0001") && first.contains("flood 0050"));
    assert!(
        !first.contains("flood 0051"),
        "one page of comments, not all of them"
    );
    let start = first.find("?after=").expect("a link to the next comments");
    let end = start + first[start..].find('"').unwrap();
    let (_, second) = visitor
        .page(&format!("/p/{post}{}", &first[start..end]))
        .await;
    assert!(second.contains("flood 0051") && second.contains("flood 0100"));
    assert!(!second.contains("flood 0050") && !second.contains("flood 0101"));
}

#[tokio::test]
async fn a_new_email_needs_the_password_and_is_rate_limited() {
    let app = TestApp::spawn_with(|config| config.rate_limits.email_changes_per_hour = 2).await;
    let member = app.member("ada").await;
    let change = |email: &'static str, password: &'static str| {
        let member = &member;
        async move {
            let response = member
                .update_profile(&[
                    ("full_name", "Ada"),
                    ("username", "ada"),
                    ("email", email),
                    ("bio", ""),
                    ("email_password", password),
                ])
                .await;
            (response.status(), response.text().await.unwrap())
        }
    };
    let (status, body) = change("new@example.com", "").await;
    assert_eq!(status, 422);
    assert!(
        body.contains("Enter your password to change your email."),
        "{body}"
    );
    let (status, _) = change("new@example.com", "wrong guess").await;
    assert_eq!(status, 422);
    let (status, body) = change("new@example.com", PASSWORD).await;
    assert_eq!(status, 429, "{body}");
    let email: String = sqlx::query_scalar("SELECT email FROM users WHERE id = $1")
        .bind(member.id)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(email, "ada@example.com");
    // The rest of the profile needs no password.
    let (status, _) = change("ada@example.com", "").await;
    assert_eq!(status, 200);
}
