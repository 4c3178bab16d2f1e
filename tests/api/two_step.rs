//! Two-step login: setting it up with an authenticator app's code, the code asked after
//! the password (each working once), recovery codes, turning it off.

use isntgram::account::api::{BeginTwoStep, DisableTwoStep, EnableTwoStep, NewRecoveryCodes};
use isntgram::auth::api::{ConfirmTwoStep, SECOND_STEP_EXPIRED};
use leptos::server_fn::ServerFn;
use reqwest::StatusCode;

use crate::support::*;

fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// The code an authenticator app with `user`'s secret shows at `time`.
async fn app_code(app: &TestApp, user: i64, time: u64) -> String {
    let secret: Vec<u8> =
        sqlx::query_scalar("SELECT secret FROM two_step_logins WHERE user_id = $1")
            .bind(user)
            .fetch_one(&app.pool)
            .await
            .unwrap();
    isntgram::auth::two_step::totp(&secret, "")
        .unwrap()
        .generate(time)
        .to_string()
}

/// Ada with two-step login on; her recovery codes.
async fn ada_with_two_step(app: &TestApp) -> (Member, Vec<String>) {
    let ada = app.member("ada").await;
    let begun = ada.call(BeginTwoStep::PATH, &[]).await;
    assert_eq!(begun.status(), 200, "{}", begun.text().await.unwrap());
    let (_, page) = ada.page("/settings/two-step").await;
    assert!(page.contains("QR code for your authenticator app") && page.contains("Key: "));
    let wrong = ada
        .call(
            EnableTwoStep::PATH,
            &[("code", "000000"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(wrong.status(), 422, "a wrong first code turns nothing on");
    let code = app_code(app, ada.id, now()).await;
    let no_password = ada
        .call(
            EnableTwoStep::PATH,
            &[("code", &code), ("password", "not the password")],
        )
        .await;
    assert_eq!(
        no_password.status(),
        422,
        "a session alone cannot turn it on"
    );
    let enabled = ada
        .call(
            EnableTwoStep::PATH,
            &[("code", &code), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(enabled.status(), 200, "{}", enabled.text().await.unwrap());
    let codes: Vec<String> = ada
        .call(NewRecoveryCodes::PATH, &[])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(codes.len(), 10);
    let (_, page) = ada.page("/settings/two-step?codes=new").await;
    assert!(page.contains(&codes[0]), "shown once set up");
    (ada, codes)
}

#[tokio::test]
async fn after_the_password_a_code_from_the_app_logs_in_and_works_once() {
    let app = TestApp::spawn().await;
    let (ada, codes) = ada_with_two_step(&app).await;
    // Only hashes of the recovery codes are kept.
    let stored: Vec<Vec<u8>> =
        sqlx::query_scalar("SELECT code_hash FROM recovery_codes WHERE user_id = $1")
            .bind(ada.id)
            .fetch_all(&app.pool)
            .await
            .unwrap();
    assert_eq!(stored.len(), 10);
    assert!(stored.iter().all(|hash| hash.len() == 32));
    assert!(!stored.contains(&codes[0].as_bytes().to_vec()));

    let phone = app.visitor();
    let password = phone.login("ada", PASSWORD).await;
    assert_eq!(password.status(), 200);
    assert_eq!(phone.logged_in_as().await, None, "not in before the code");
    let (_, page) = phone.page("/login/two-step").await;
    assert!(page.contains("Code") && page.contains("Confirm"));
    let wrong = phone
        .call(ConfirmTwoStep::PATH, &[("code", "123456")])
        .await;
    assert_eq!(wrong.status(), 422);
    // The code of the step after the one used to turn it on (one step of drift is allowed).
    let code = app_code(&app, ada.id, now() + 30).await;
    let right = phone.call(ConfirmTwoStep::PATH, &[("code", &code)]).await;
    assert_eq!(right.status(), 200, "{}", right.text().await.unwrap());
    assert_eq!(phone.logged_in_as().await.as_deref(), Some("ada"));

    // The same code never works twice.
    let laptop = app.visitor();
    laptop.login("ada", PASSWORD).await;
    let replayed = laptop.call(ConfirmTwoStep::PATH, &[("code", &code)]).await;
    assert_eq!(replayed.status(), 422);
    assert_eq!(laptop.logged_in_as().await, None);
}

#[tokio::test]
async fn a_recovery_code_logs_in_once_however_it_is_typed() {
    let app = TestApp::spawn().await;
    let (_ada, codes) = ada_with_two_step(&app).await;
    let phone = app.visitor();
    phone.login("ada", PASSWORD).await;
    let typed = codes[3].to_uppercase().replace('-', " ");
    let used = phone.call(ConfirmTwoStep::PATH, &[("code", &typed)]).await;
    assert_eq!(used.status(), 200, "{}", used.text().await.unwrap());
    assert_eq!(phone.logged_in_as().await.as_deref(), Some("ada"));
    let (_, settings) = phone.page("/settings/two-step").await;
    assert!(settings.contains("9 recovery codes left"), "{settings}");

    let again = app.visitor();
    again.login("ada", PASSWORD).await;
    let reused = again
        .call(ConfirmTwoStep::PATH, &[("code", &codes[3])])
        .await;
    assert_eq!(reused.status(), 422);
}

#[tokio::test]
async fn the_code_needs_the_password_first_and_is_rate_limited() {
    // Setting up takes three password tries (tests of its own); the login a fourth.
    let app = TestApp::spawn_with(|config| config.rate_limits.per_account_per_minute = 6).await;
    let (_ada, codes) = ada_with_two_step(&app).await;
    // No password given in this browser: no code is asked, and none works.
    let stranger = app.visitor();
    let refused = stranger
        .call(ConfirmTwoStep::PATH, &[("code", &codes[0])])
        .await;
    assert_eq!(refused.status(), 422);
    assert!(refused.text().await.unwrap().contains(SECOND_STEP_EXPIRED));

    // Guessing codes counts against the account's quota (with the password's try).
    let guesser = app.visitor();
    guesser.login("ada", PASSWORD).await;
    let mut statuses = Vec::new();
    for guess in ["111111", "222222", "333333"] {
        statuses.push(
            guesser
                .call(ConfirmTwoStep::PATH, &[("code", guess)])
                .await
                .status(),
        );
    }
    assert_eq!(
        statuses.last(),
        Some(&StatusCode::TOO_MANY_REQUESTS),
        "{statuses:?}"
    );
    let blocked = guesser
        .call(ConfirmTwoStep::PATH, &[("code", &codes[0])])
        .await;
    assert_eq!(blocked.status(), StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn turning_two_step_login_off_needs_the_password() {
    let app = TestApp::spawn().await;
    let (ada, _) = ada_with_two_step(&app).await;
    let wrong = ada
        .call(DisableTwoStep::PATH, &[("password", "not it at all")])
        .await;
    assert_eq!(wrong.status(), 422);
    let off = ada
        .call(DisableTwoStep::PATH, &[("password", PASSWORD)])
        .await;
    assert_eq!(off.status(), 200);
    assert_eq!(
        count(&app.pool, "SELECT count(*) FROM recovery_codes").await,
        0
    );
    let phone = app.visitor();
    phone.login("ada", PASSWORD).await;
    assert_eq!(
        phone.logged_in_as().await.as_deref(),
        Some("ada"),
        "no code asked"
    );

    // The shared demo account cannot turn it on.
    let demo = app.visitor();
    demo.demo_login().await;
    assert_eq!(demo.call(BeginTwoStep::PATH, &[]).await.status(), 422);
}
