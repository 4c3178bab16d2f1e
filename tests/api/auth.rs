//! Accounts and sessions, through HTTP as a browser would drive them.

use crate::support::TestApp;
use isntgram::account::api::{ChangePassword, DeleteAccount, UpdateProfile};
use isntgram::auth::api::{DemoLogin, Login, Logout, Signup};
use leptos::server_fn::ServerFn;
use reqwest::{Client, Response, header};

const PASSWORD: &str = "correct horse battery";

/// Posts a plain HTML form from page `from`, as a browser without JavaScript does.
async fn form_post(
    app: &TestApp,
    client: &Client,
    path: &str,
    from: &str,
    form: &[(&str, &str)],
) -> Response {
    client
        .post(app.url(path))
        .header(header::ACCEPT, "text/html,application/xhtml+xml")
        .header(header::ORIGIN, &app.address)
        .header(header::REFERER, app.url(from))
        .header("sec-fetch-site", "same-origin")
        .form(form)
        .send()
        .await
        .unwrap()
}

async fn sign_up(app: &TestApp, client: &Client, username: &str) -> Response {
    let email = format!("{username}@example.com");
    app.call(
        client,
        Signup::PATH,
        &[
            ("email", &email),
            ("full_name", "Test Person"),
            ("username", username),
            ("password", PASSWORD),
        ],
    )
    .await
}

async fn logged_in_as(app: &TestApp, client: &Client) -> Option<String> {
    let html = client
        .get(app.url("/settings"))
        .header(header::ACCEPT, "text/html")
        .send()
        .await
        .unwrap();
    if html.status() != 200 {
        return None;
    }
    let html = html.text().await.unwrap();
    let start = html.find("name=\"username\"")?;
    let value = &html[start..];
    let value = &value[value.find("value=\"")? + 7..];
    Some(value[..value.find('"')?].to_owned())
}

fn session_cookie(response: &Response) -> Option<String> {
    response
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .find(|value| value.starts_with("isntgram_session="))
        .map(str::to_owned)
}

async fn user_count(app: &TestApp) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM users WHERE username <> 'demo'")
        .fetch_one(&app.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn sign_up_logs_in_and_lands_on_the_home_feed() {
    let app = TestApp::spawn().await;
    let client = app.client();
    let response = sign_up(&app, &client, "ada").await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()[header::LOCATION], "/");
    let cookie = session_cookie(&response).expect("a session cookie");
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
    assert!(!cookie.contains("Secure"), "plain http: no Secure flag");
    assert_eq!(logged_in_as(&app, &client).await.as_deref(), Some("ada"));

    let stored: String =
        sqlx::query_scalar("SELECT hashed_password FROM users WHERE username = 'ada'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert!(
        stored.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
        "{stored}"
    );
}

#[tokio::test]
async fn bad_sign_ups_get_a_clear_message_and_create_nothing() {
    let app = TestApp::spawn().await;
    let client = app.client();
    let cases: [(&[(&str, &str)], &str); 6] = [
        (
            &[
                ("email", "nope"),
                ("full_name", "A"),
                ("username", "abc"),
                ("password", PASSWORD),
            ],
            "valid email",
        ),
        (
            &[
                ("email", "a@example.com"),
                ("full_name", " "),
                ("username", "abc"),
                ("password", PASSWORD),
            ],
            "full name",
        ),
        (
            &[
                ("email", "a@example.com"),
                ("full_name", "A"),
                ("username", "ab"),
                ("password", PASSWORD),
            ],
            "3 to 30",
        ),
        (
            &[
                ("email", "a@example.com"),
                ("full_name", "A"),
                ("username", "no-dash"),
                ("password", PASSWORD),
            ],
            "letters, numbers",
        ),
        (
            &[
                ("email", "a@example.com"),
                ("full_name", "A"),
                ("username", "Explore"),
                ("password", PASSWORD),
            ],
            "isn't available",
        ),
        (
            &[
                ("email", "a@example.com"),
                ("full_name", "A"),
                ("username", "abc"),
                ("password", "short"),
            ],
            "at least 8",
        ),
    ];
    for (form, message) in cases {
        let response = app.call(&client, Signup::PATH, form).await;
        assert_eq!(response.status(), 422, "{form:?}");
        let body = response.text().await.unwrap();
        assert!(body.contains(message), "{form:?}: {body}");
        assert!(!body.contains(PASSWORD), "the password is never echoed");
    }
    assert_eq!(user_count(&app).await, 0);
}

#[tokio::test]
async fn taken_usernames_and_emails_are_refused_case_insensitively() {
    let app = TestApp::spawn().await;
    sign_up(&app, &app.client(), "Ada").await;
    let response = app
        .call(
            &app.client(),
            Signup::PATH,
            &[
                ("email", "other@example.com"),
                ("full_name", "B"),
                ("username", "aDA"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(response.status(), 422);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("The username aDA isn't available")
    );
    let response = app
        .call(
            &app.client(),
            Signup::PATH,
            &[
                ("email", "ADA@EXAMPLE.COM"),
                ("full_name", "B"),
                ("username", "bea"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("Another account is using the same email.")
    );
    assert_eq!(user_count(&app).await, 1);
}

#[tokio::test]
async fn racing_sign_ups_for_one_username_create_exactly_one_account() {
    let app = TestApp::spawn_with(|config| config.rate_limits.per_account_per_minute = 100).await;
    let attempts = (0..12).map(|i| {
        let client = app.client();
        let app = &app;
        async move {
            let email = format!("racer{i}@example.com");
            let response = app
                .call(
                    &client,
                    Signup::PATH,
                    &[
                        ("email", &email),
                        ("full_name", "Racer"),
                        ("username", "racer"),
                        ("password", PASSWORD),
                    ],
                )
                .await;
            (response.status().as_u16(), response.text().await.unwrap())
        }
    });
    let results = futures::future::join_all(attempts).await;
    let created = results.iter().filter(|(status, _)| *status == 200).count();
    assert_eq!(created, 1, "{results:?}");
    for (status, body) in results.iter().filter(|(status, _)| *status != 200) {
        assert_eq!(*status, 422, "{body}");
        assert!(body.contains("isn't available"), "{body}");
    }
    assert_eq!(user_count(&app).await, 1);
}

#[tokio::test]
async fn login_by_username_or_email_changes_the_session_id() {
    let app = TestApp::spawn().await;
    sign_up(&app, &app.client(), "ada").await;

    let client = app.client();
    // A visitor's session before logging in (a failed attempt creates none, so use the demo
    // flow's absence: fetch a page, which sets no cookie for visitors).
    let wrong = app
        .call(
            &client,
            Login::PATH,
            &[("login", "ada"), ("password", "wrong password")],
        )
        .await;
    assert_eq!(wrong.status(), 422);
    let response = app
        .call(
            &client,
            Login::PATH,
            &[("login", "ADA@example.com"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(response.status(), 200);
    let first = session_cookie(&response).expect("a session cookie at login");
    assert_eq!(logged_in_as(&app, &client).await.as_deref(), Some("ada"));

    // Logging in again on the same session gives it a new id.
    let again = app
        .call(
            &client,
            Login::PATH,
            &[("login", "ada"), ("password", PASSWORD)],
        )
        .await;
    let second = session_cookie(&again).expect("a new cookie");
    assert_ne!(first.split(';').next(), second.split(';').next());
}

#[tokio::test]
async fn wrong_username_and_wrong_password_are_told_apart_by_nothing() {
    let app = TestApp::spawn().await;
    sign_up(&app, &app.client(), "ada").await;
    let unknown = app
        .call(
            &app.client(),
            Login::PATH,
            &[("login", "nobody"), ("password", PASSWORD)],
        )
        .await;
    let wrong = app
        .call(
            &app.client(),
            Login::PATH,
            &[("login", "ada"), ("password", "not it at all")],
        )
        .await;
    assert_eq!(unknown.status(), wrong.status());
    let unknown = unknown.text().await.unwrap();
    let wrong = wrong.text().await.unwrap();
    assert_eq!(unknown.replace("nobody", "ada"), wrong);
    assert!(wrong.contains("Sorry, your username or password was incorrect."));
}

#[tokio::test]
async fn login_returns_only_to_local_paths() {
    let app = TestApp::spawn().await;
    sign_up(&app, &app.client(), "ada").await;
    for (next, expected) in [
        ("/settings", "/settings"),
        ("https://evil.example/", "/"),
        ("//evil.example", "/"),
    ] {
        let response = app
            .call(
                &app.client(),
                Login::PATH,
                &[("login", "ada"), ("password", PASSWORD), ("next", next)],
            )
            .await;
        assert_eq!(
            response.headers()[header::LOCATION],
            expected,
            "next={next}"
        );
    }
}

#[tokio::test]
async fn logout_destroys_the_session_and_the_old_cookie_is_worthless() {
    let app = TestApp::spawn().await;
    let client = app.client();
    let response = sign_up(&app, &client, "ada").await;
    let cookie = session_cookie(&response).unwrap();
    let cookie = cookie.split(';').next().unwrap().to_owned();

    let response = app.call(&client, Logout::PATH, &[]).await;
    assert_eq!(response.status(), 200);
    let sessions: i64 = sqlx::query_scalar("SELECT count(*) FROM tower_sessions.session")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(sessions, 0, "the session row is gone");

    // Replaying the old cookie gets a visitor's view.
    let replay = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let response = replay
        .get(app.url("/settings"))
        .header(header::COOKIE, cookie)
        .header(header::ACCEPT, "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 302);
    assert_eq!(
        response.headers()[header::LOCATION],
        "/login?next=/settings"
    );
}

#[tokio::test]
async fn members_pages_redirect_visitors_to_login_with_the_way_back() {
    let app = TestApp::spawn().await;
    let response = app
        .client()
        .get(app.url("/settings"))
        .header(header::ACCEPT, "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 302);
    assert_eq!(
        response.headers()[header::LOCATION],
        "/login?next=/settings"
    );
}

#[tokio::test]
async fn server_functions_answer_401_to_visitors() {
    let app = TestApp::spawn().await;
    let response = app
        .call(
            &app.client(),
            UpdateProfile::PATH,
            &[
                ("full_name", "X"),
                ("username", "xyz"),
                ("email", "x@example.com"),
                ("bio", ""),
            ],
        )
        .await;
    assert_eq!(response.status(), 401);
}

#[tokio::test]
async fn cross_site_posts_are_refused_and_change_nothing() {
    let app = TestApp::spawn().await;
    for (name, value) in [
        ("origin", "https://evil.example"),
        ("sec-fetch-site", "cross-site"),
        ("sec-fetch-site", "same-site"),
    ] {
        let response = app
            .client()
            .post(app.url(Signup::PATH))
            .header(name, value)
            .form(&[
                ("email", "x@example.com"),
                ("full_name", "X"),
                ("username", "xyz"),
                ("password", PASSWORD),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 403, "{name}: {value}");
    }
    assert_eq!(user_count(&app).await, 0);
}

#[tokio::test]
async fn state_changing_server_functions_do_not_answer_get() {
    let app = TestApp::spawn().await;
    for path in [
        Signup::PATH,
        Login::PATH,
        Logout::PATH,
        DemoLogin::PATH,
        UpdateProfile::PATH,
        ChangePassword::PATH,
        DeleteAccount::PATH,
    ] {
        let response = app.client().get(app.url(path)).send().await.unwrap();
        assert_eq!(response.status(), 405, "{path}");
    }
}

#[tokio::test]
async fn a_plain_form_post_from_our_own_page_works_and_errors_come_back_to_the_form() {
    let app = TestApp::spawn().await;
    let client = app.client();
    let response = form_post(
        &app,
        &client,
        Signup::PATH,
        "/signup",
        &[
            ("email", "ada@example.com"),
            ("full_name", "Ada"),
            ("username", "ada"),
            ("password", PASSWORD),
        ],
    )
    .await;
    assert_eq!(response.status(), 302);
    assert_eq!(response.headers()[header::LOCATION], "/");
    assert_eq!(logged_in_as(&app, &client).await.as_deref(), Some("ada"));

    let other = app.client();
    let response = form_post(
        &app,
        &other,
        Login::PATH,
        "/login",
        &[("login", "ada"), ("password", "wrong password")],
    )
    .await;
    assert_eq!(response.status(), 302);
    let back = response.headers()[header::LOCATION]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        back.starts_with(&app.url("/login")) && back.contains("__err="),
        "{back}"
    );
    let page = other.get(&back).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Sorry, your username or password was incorrect."));
    assert!(page.contains("value=\"ada\""), "the login typed is kept");
}

#[tokio::test]
async fn too_many_login_attempts_get_429() {
    let app = TestApp::spawn_with(|config| {
        config.rate_limits.per_account_per_minute = 3;
        config.rate_limits.per_ip_per_minute = 100;
    })
    .await;
    sign_up(&app, &app.client(), "ada").await;
    for _ in 0..3 {
        let response = app
            .call(
                &app.client(),
                Login::PATH,
                &[("login", "ada"), ("password", "wrong password")],
            )
            .await;
        assert_eq!(response.status(), 422);
    }
    let response = app
        .call(
            &app.client(),
            Login::PATH,
            &[("login", "ada"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(response.status(), 429);
    assert!(response.text().await.unwrap().contains("Too many attempts"));
}

#[tokio::test]
async fn the_demo_user_exists_and_the_demo_button_logs_in() {
    let app = TestApp::spawn().await;
    let client = app.client();
    let response = app.call(&client, DemoLogin::PATH, &[]).await;
    assert_eq!(response.status(), 200);
    assert_eq!(logged_in_as(&app, &client).await.as_deref(), Some("demo"));
}

#[tokio::test]
async fn changing_the_password_ends_other_sessions_but_not_this_one() {
    let app = TestApp::spawn().await;
    let here = app.client();
    sign_up(&app, &here, "ada").await;
    let elsewhere = app.client();
    app.call(
        &elsewhere,
        Login::PATH,
        &[("login", "ada"), ("password", PASSWORD)],
    )
    .await;
    assert!(logged_in_as(&app, &elsewhere).await.is_some());

    let wrong = app
        .call(
            &here,
            ChangePassword::PATH,
            &[
                ("current_password", "nope nope"),
                ("new_password", "new password 1"),
            ],
        )
        .await;
    assert_eq!(wrong.status(), 422);
    let response = app
        .call(
            &here,
            ChangePassword::PATH,
            &[
                ("current_password", PASSWORD),
                ("new_password", "new password 1"),
            ],
        )
        .await;
    assert_eq!(response.status(), 200);

    assert_eq!(logged_in_as(&app, &here).await.as_deref(), Some("ada"));
    assert_eq!(
        logged_in_as(&app, &elsewhere).await,
        None,
        "the other device is logged out"
    );
    let old = app
        .call(
            &app.client(),
            Login::PATH,
            &[("login", "ada"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(old.status(), 422);
    let new = app
        .call(
            &app.client(),
            Login::PATH,
            &[("login", "ada"), ("password", "new password 1")],
        )
        .await;
    assert_eq!(new.status(), 200);
}

#[tokio::test]
async fn updating_the_profile_follows_the_sign_up_rules() {
    let app = TestApp::spawn().await;
    let client = app.client();
    sign_up(&app, &client, "ada").await;
    sign_up(&app, &app.client(), "bea").await;
    let update = |username: &'static str, email: &'static str| {
        let client = client.clone();
        let app = &app;
        async move {
            app.call(
                &client,
                UpdateProfile::PATH,
                &[
                    ("full_name", "Ada L"),
                    ("username", username),
                    ("email", email),
                    ("bio", "hi"),
                    ("email_password", PASSWORD),
                ],
            )
            .await
        }
    };
    let taken = update("BEA", "ada@example.com").await;
    assert_eq!(taken.status(), 422);
    assert!(taken.text().await.unwrap().contains("isn't available"));
    let taken = update("ada", "bea@example.com").await;
    assert!(taken.text().await.unwrap().contains("same email"));
    let ok = update("ada_l", "ada.l@example.com").await;
    assert_eq!(ok.status(), 200);
    let row: (String, String, Option<String>) = sqlx::query_as(
        "SELECT username, full_name, bio FROM users WHERE email = 'ada.l@example.com'",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(row, ("ada_l".into(), "Ada L".into(), Some("hi".into())));
}

#[tokio::test]
async fn deleting_the_account_needs_the_password_and_removes_everything() {
    let app = TestApp::spawn().await;
    let client = app.client();
    sign_up(&app, &client, "ada").await;
    sign_up(&app, &app.client(), "bea").await;
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM users WHERE username IN ('ada', 'bea') ORDER BY username",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap();
    let (ada, bea) = (ids[0], ids[1]);
    let post: i64 = sqlx::query_scalar("INSERT INTO posts (user_id, image_url, image_width, image_height) VALUES ($1, '/m.webp', 1, 1) RETURNING id")
        .bind(bea)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    sqlx::query("INSERT INTO likes (user_id, likeable_type, likeable_id) VALUES ($1, 'post', $2)")
        .bind(ada)
        .bind(post)
        .execute(&app.pool)
        .await
        .unwrap();
    sqlx::query("INSERT INTO comments (user_id, post_id, content) VALUES ($1, $2, 'hi')")
        .bind(ada)
        .bind(post)
        .execute(&app.pool)
        .await
        .unwrap();
    sqlx::query("INSERT INTO follows (user_id, user_followed_id) VALUES ($1, $2)")
        .bind(ada)
        .bind(bea)
        .execute(&app.pool)
        .await
        .unwrap();

    let wrong = app
        .call(
            &client,
            DeleteAccount::PATH,
            &[("password", "not my password")],
        )
        .await;
    assert_eq!(wrong.status(), 422);
    assert_eq!(user_count(&app).await, 2);

    let response = app
        .call(&client, DeleteAccount::PATH, &[("password", PASSWORD)])
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(user_count(&app).await, 1);
    for table in ["likes", "comments", "follows"] {
        let left: i64 = sqlx::query_scalar(&format!("SELECT count(*) FROM {table}"))
            .fetch_one(&app.pool)
            .await
            .unwrap();
        assert_eq!(left, 0, "{table}");
    }
    assert_eq!(logged_in_as(&app, &client).await, None);
}
