//! Accounts and sessions, through HTTP as a browser would drive them.

use crate::support::{PASSWORD, TestApp, count, insert_comment, insert_post, mailed_link};
use isntgram::account::api::{ChangePassword, DeleteAccount, UpdateProfile};
use isntgram::auth::api::{DemoLogin, Login, Logout, Signup};
use leptos::server_fn::ServerFn;
use reqwest::{Response, StatusCode, header};

fn session_cookie(response: &Response) -> Option<String> {
    response
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .find(|value| value.starts_with("isntgram_session="))
        .map(str::to_owned)
}

/// Asks for the settings page from a new browser sending `cookie`, and checks that it
/// is sent to log in, with the way back.
async fn assert_settings_send_to_login(app: &TestApp, cookie: Option<&str>) {
    let mut request = app
        .visitor()
        .get("/settings")
        .header(header::ACCEPT, "text/html");
    if let Some(cookie) = cookie {
        request = request.header(header::COOKIE, cookie);
    }
    let response = request.send().await.unwrap();
    assert_eq!(response.status(), 302);
    assert_eq!(
        response.headers()[header::LOCATION],
        "/login?next=/settings"
    );
}

/// Everyone but the demo account, which every database has.
const USERS: &str = "SELECT count(*) FROM users WHERE username <> 'demo'";

#[tokio::test]
async fn sign_up_logs_in_and_lands_on_the_home_feed() {
    let app = TestApp::spawn().await;
    let client = app.visitor();
    let response = client.sign_up("ada").await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()[header::LOCATION], "/");
    let cookie = session_cookie(&response).expect("a session cookie");
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
    assert!(!cookie.contains("Secure"), "plain http: no Secure flag");
    assert_eq!(client.logged_in_as().await.as_deref(), Some("ada"));

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
    let client = app.visitor();
    let cases = [
        ("nope", "A", "abc", PASSWORD, "valid email"),
        ("a@example.com", " ", "abc", PASSWORD, "full name"),
        ("a@example.com", "A", "ab", PASSWORD, "3 to 30"),
        (
            "a@example.com",
            "A",
            "no-dash",
            PASSWORD,
            "letters, numbers",
        ),
        ("a@example.com", "A", "Explore", PASSWORD, "isn't available"),
        ("a@example.com", "A", "abc", "short", "at least 8"),
    ];
    for (email, full_name, username, password, message) in cases {
        let form = (email, full_name, username, password);
        let response = client
            .sign_up_as(email, full_name, username, password)
            .await;
        assert_eq!(response.status(), 422, "{form:?}");
        let body = response.text().await.unwrap();
        assert!(body.contains(message), "{form:?}: {body}");
        assert!(!body.contains(PASSWORD), "the password is never echoed");
    }
    assert_eq!(count(&app.pool, USERS).await, 0);
}

#[tokio::test]
async fn taken_usernames_and_emails_are_refused_case_insensitively() {
    let app = TestApp::spawn().await;
    app.visitor().sign_up("Ada").await;
    let response = app
        .visitor()
        .sign_up_as("other@example.com", "B", "aDA", PASSWORD)
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
        .visitor()
        .sign_up_as("ADA@EXAMPLE.COM", "B", "bea", PASSWORD)
        .await;
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("Another account is using the same email.")
    );
    assert_eq!(count(&app.pool, USERS).await, 1);
}

#[tokio::test]
async fn racing_sign_ups_for_one_username_create_exactly_one_account() {
    let app = TestApp::spawn_with(|config| config.rate_limits.per_account_per_minute = 100).await;
    let attempts = (0..12).map(|i| {
        let racer = app.visitor();
        async move {
            let email = format!("racer{i}@example.com");
            let response = racer.sign_up_as(&email, "Racer", "racer", PASSWORD).await;
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
    assert_eq!(count(&app.pool, USERS).await, 1);
}

#[tokio::test]
async fn login_by_username_or_email_changes_the_session_id() {
    let app = TestApp::spawn().await;
    app.visitor().sign_up("ada").await;

    let client = app.visitor();
    // A visitor's session before logging in (a failed attempt creates none, so use the demo
    // flow's absence: fetch a page, which sets no cookie for visitors).
    let wrong = client.login("ada", "wrong password").await;
    assert_eq!(wrong.status(), 422);
    let response = client.login("ADA@example.com", PASSWORD).await;
    assert_eq!(response.status(), 200);
    let first = session_cookie(&response).expect("a session cookie at login");
    assert_eq!(client.logged_in_as().await.as_deref(), Some("ada"));

    // Logging in again on the same session gives it a new id.
    let again = client.login("ada", PASSWORD).await;
    let second = session_cookie(&again).expect("a new cookie");
    assert_ne!(first.split(';').next(), second.split(';').next());
}

#[tokio::test]
async fn wrong_username_and_wrong_password_are_told_apart_by_nothing() {
    let app = TestApp::spawn().await;
    app.visitor().sign_up("ada").await;
    let unknown = app.visitor().login("nobody", PASSWORD).await;
    let wrong = app.visitor().login("ada", "not it at all").await;
    assert_eq!(unknown.status(), wrong.status());
    let unknown = unknown.text().await.unwrap();
    let wrong = wrong.text().await.unwrap();
    assert_eq!(unknown.replace("nobody", "ada"), wrong);
    assert!(wrong.contains("Sorry, your username or password was incorrect."));
}

#[tokio::test]
async fn login_returns_only_to_local_paths() {
    let app = TestApp::spawn().await;
    app.visitor().sign_up("ada").await;
    for (next, expected) in [
        ("/settings", "/settings"),
        ("https://evil.example/", "/"),
        ("//evil.example", "/"),
    ] {
        let response = app
            .visitor()
            .call(
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
    let client = app.visitor();
    let response = client.sign_up("ada").await;
    let cookie = session_cookie(&response).unwrap();
    let cookie = cookie.split(';').next().unwrap().to_owned();

    let response = client.logout().await;
    assert_eq!(response.status(), 200);
    let sessions = count(&app.pool, "SELECT count(*) FROM tower_sessions.session").await;
    assert_eq!(sessions, 0, "the session row is gone");

    // Replaying the old cookie gets a visitor's view.
    assert_settings_send_to_login(&app, Some(&cookie)).await;
}

#[tokio::test]
async fn a_session_names_its_account_and_one_saved_without_it_comes_to_name_it() {
    let app = TestApp::spawn().await;
    let ada = app.member("ada").await;
    let named = "SELECT count(*) FROM tower_sessions.session
                 WHERE user_id IS NOT NULL AND login_sha256 IS NOT NULL";
    assert_eq!(
        count(&app.pool, named).await,
        1,
        "the login names its account"
    );

    // A session stored with the account inside its record only, as sessions were saved
    // before the columns: still logged in, and from this request on it names it.
    sqlx::query("UPDATE tower_sessions.session SET user_id = NULL, login_sha256 = NULL")
        .execute(&app.pool)
        .await
        .unwrap();
    let (status, page) = ada.page("/settings").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("ada"));
    assert_eq!(count(&app.pool, named).await, 1);

    // Naming another account beside the record logs nobody in as them: the login's
    // token must be theirs.
    let bea = app.member("bea").await;
    sqlx::query("UPDATE tower_sessions.session SET user_id = $1 WHERE user_id = $2")
        .bind(bea.id)
        .bind(ada.id)
        .execute(&app.pool)
        .await
        .unwrap();
    let (status, _) = ada.page("/settings").await;
    assert_eq!(status, StatusCode::FOUND, "logged out");
}

#[tokio::test]
async fn members_pages_redirect_visitors_to_login_with_the_way_back() {
    let app = TestApp::spawn().await;
    assert_settings_send_to_login(&app, None).await;
}

#[tokio::test]
async fn server_functions_answer_401_to_visitors() {
    let app = TestApp::spawn().await;
    let response = app
        .visitor()
        .update_profile(&[
            ("full_name", "X"),
            ("username", "xyz"),
            ("email", "x@example.com"),
            ("bio", ""),
        ])
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
            .visitor()
            .post(Signup::PATH)
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
    assert_eq!(count(&app.pool, USERS).await, 0);
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
        let response = app.visitor().get(path).send().await.unwrap();
        assert_eq!(response.status(), 405, "{path}");
    }
}

#[tokio::test]
async fn a_plain_form_post_from_our_own_page_works_and_errors_come_back_to_the_form() {
    let app = TestApp::spawn().await;
    let client = app.visitor();
    let response = client
        .form_post(
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
    assert_eq!(client.logged_in_as().await.as_deref(), Some("ada"));

    let other = app.visitor();
    let response = other
        .form_post(
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
    let page = other
        .client
        .get(&back)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
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
    app.visitor().sign_up("ada").await;
    for _ in 0..3 {
        let response = app.visitor().login("ada", "wrong password").await;
        assert_eq!(response.status(), 422);
    }
    let response = app.visitor().login("ada", PASSWORD).await;
    assert_eq!(response.status(), 429);
    assert!(response.text().await.unwrap().contains("Too many attempts"));
}

#[tokio::test]
async fn the_demo_user_exists_and_the_demo_button_logs_in() {
    let app = TestApp::spawn().await;
    let client = app.visitor();
    let response = client.demo_login().await;
    assert_eq!(response.status(), 200);
    assert_eq!(client.logged_in_as().await.as_deref(), Some("demo"));
}

#[tokio::test]
async fn changing_the_password_ends_other_sessions_but_not_this_one() {
    let app = TestApp::spawn().await;
    let here = app.visitor();
    here.sign_up("ada").await;
    let elsewhere = app.visitor();
    elsewhere.login("ada", PASSWORD).await;
    assert!(elsewhere.logged_in_as().await.is_some());

    let wrong = here.change_password("nope nope", "new password 1").await;
    assert_eq!(wrong.status(), 422);
    let response = here.change_password(PASSWORD, "new password 1").await;
    assert_eq!(response.status(), 200);

    assert_eq!(here.logged_in_as().await.as_deref(), Some("ada"));
    assert_eq!(
        elsewhere.logged_in_as().await,
        None,
        "the other device is logged out"
    );
    let old = app.visitor().login("ada", PASSWORD).await;
    assert_eq!(old.status(), 422);
    let new = app.visitor().login("ada", "new password 1").await;
    assert_eq!(new.status(), 200);
}

#[tokio::test]
async fn updating_the_profile_follows_the_sign_up_rules() {
    let app = TestApp::spawn().await;
    let client = app.visitor();
    client.sign_up("ada").await;
    app.visitor().sign_up("bea").await;
    let update = |username: &'static str, email: &'static str| {
        let client = &client;
        async move {
            client
                .update_profile(&[
                    ("full_name", "Ada L"),
                    ("username", username),
                    ("email", email),
                    ("bio", "hi"),
                    ("email_password", PASSWORD),
                ])
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
    // The new email waits for the link mailed to it (tests/api/mail.rs).
    let row: (String, String, Option<String>) = sqlx::query_as(
        "SELECT username, full_name, bio FROM users WHERE email = 'ada@example.com'",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(row, ("ada_l".into(), "Ada L".into(), Some("hi".into())));
    mailed_link(&app, "ada.l@example.com", "/email/confirm").await;
}

#[tokio::test]
async fn deleting_the_account_needs_the_password_and_removes_everything() {
    let app = TestApp::spawn().await;
    let client = app.member("ada").await;
    let bea = app.member("bea").await;
    let (ada, bea) = (client.id, bea.id);
    let post = insert_post(&app.pool, bea, "", 1).await;
    sqlx::query("INSERT INTO likes (user_id, likeable_type, likeable_id) VALUES ($1, 'post', $2)")
        .bind(ada)
        .bind(post)
        .execute(&app.pool)
        .await
        .unwrap();
    insert_comment(&app.pool, ada, post, "hi").await;
    sqlx::query("INSERT INTO follows (user_id, user_followed_id) VALUES ($1, $2)")
        .bind(ada)
        .bind(bea)
        .execute(&app.pool)
        .await
        .unwrap();

    let wrong = client.delete_account("not my password").await;
    assert_eq!(wrong.status(), 422);
    assert_eq!(count(&app.pool, USERS).await, 2);

    let response = client.delete_account(PASSWORD).await;
    assert_eq!(response.status(), 200);
    assert_eq!(count(&app.pool, USERS).await, 1);
    for table in ["likes", "comments", "follows"] {
        let left = count(&app.pool, &format!("SELECT count(*) FROM {table}")).await;
        assert_eq!(left, 0, "{table}");
    }
    assert_eq!(client.logged_in_as().await, None);
}

#[tokio::test]
async fn log_out_other_sessions_ends_every_session_but_this_one() {
    let app = TestApp::spawn().await;
    let ada = app.member("ada").await;
    let phone = app.visitor();
    phone.login("ada", PASSWORD).await;
    let laptop = app.visitor();
    laptop.login("ADA@example.com", PASSWORD).await;
    assert_eq!(phone.logged_in_as().await.as_deref(), Some("ada"));

    let logins = ada.logins().await;
    assert_eq!(logins.len(), 3);
    assert_eq!(logins.iter().filter(|login| login.this_one).count(), 1);
    // Logging out takes a login off the list.
    laptop.logout().await;
    assert_eq!(ada.logins().await.len(), 2);

    let response = ada.log_out_other_sessions().await;
    assert!(response.status().is_success(), "{}", response.status());
    assert_eq!(phone.logged_in_as().await, None);
    assert_eq!(ada.logged_in_as().await.as_deref(), Some("ada"));
    let logins = ada.logins().await;
    assert_eq!(logins.len(), 1);
    assert!(logins[0].this_one);
    // The page lists it, with the button.
    let (status, html) = ada.page("/settings/sessions").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("This device") && html.contains("Log out other sessions"));

    // Visitors are refused; the shared demo account keeps its other sessions.
    assert_eq!(
        app.visitor().log_out_other_sessions().await.status(),
        StatusCode::UNAUTHORIZED
    );
    let demo = app.visitor();
    demo.demo_login().await;
    let other_demo = app.visitor();
    other_demo.demo_login().await;
    assert_eq!(
        demo.log_out_other_sessions().await.status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(other_demo.logged_in_as().await.as_deref(), Some("demo"));
}

#[tokio::test]
async fn log_out_one_session_from_the_list_and_never_someone_elses() {
    use isntgram::account::api::LogOutSession;
    let app = TestApp::spawn().await;
    let ada = app.member("ada").await;
    let phone = app.visitor();
    phone.login("ada", PASSWORD).await;
    let laptop = app.visitor();
    laptop.login("ada", PASSWORD).await;
    let logins = ada.logins().await;
    assert_eq!(logins.len(), 3);
    assert!(
        logins
            .iter()
            .all(|login| login.now - login.last_seen_at < 300)
    );
    let (_, html) = ada.page("/settings/sessions").await;
    assert_eq!(html.matches("Active now").count(), 3, "{html}");

    // The phone's login: the newest but one. Ada ends it from her list.
    let phone_login = phone.logins().await;
    let phone_id = phone_login.iter().find(|login| login.this_one).unwrap().id;
    let bea = app.member("bea").await;
    let theirs = bea
        .call(LogOutSession::PATH, &[("login", &phone_id.to_string())])
        .await;
    assert_eq!(theirs.status(), 422, "not Bea's to end");
    assert_eq!(phone.logged_in_as().await.as_deref(), Some("ada"));

    let ended = ada
        .call(LogOutSession::PATH, &[("login", &phone_id.to_string())])
        .await;
    assert_eq!(ended.status(), 200, "{}", ended.text().await.unwrap());
    assert_eq!(phone.logged_in_as().await, None, "the phone is logged out");
    assert_eq!(laptop.logged_in_as().await.as_deref(), Some("ada"));
    assert_eq!(ada.logins().await.len(), 2);

    // Ending this session's own login logs this browser out.
    let laptop_id = laptop
        .logins()
        .await
        .into_iter()
        .find(|login| login.this_one)
        .unwrap()
        .id;
    laptop
        .call(LogOutSession::PATH, &[("login", &laptop_id.to_string())])
        .await;
    assert_eq!(laptop.logged_in_as().await, None);
    assert_eq!(ada.logged_in_as().await.as_deref(), Some("ada"));
}
