//! The server functions of `/settings`. Who is always the session's user; a new email,
//! a new password and deleting the account each ask for the password again.

use leptos::prelude::*;

use crate::account::{EditableProfile, LoginView, TwoStepView};
use crate::error::AppError;

#[cfg(feature = "ssr")]
use crate::{
    account::TwoStepSetup,
    account::{db, device_name},
    auth::api::{DEMO_ACCOUNT_FIXED, EMAIL_TAKEN, unique_violation, username_taken_message},
    auth::db::{self as auth_db, TokenPurpose},
    auth::token::{new_token, token_hash},
    auth::{domain::*, mails, password, rate_limit::check_reauthentication, session, two_step},
    error::with_status,
    ids::UserId,
    server::rate_limit::{self, Quota},
    server::state::AppState,
};

#[server]
pub async fn load_editable_profile() -> Result<EditableProfile, AppError> {
    with_status(
        async {
            let user = session::require_user()?;
            let state = expect_context::<AppState>();
            Ok(db::editable_profile(&state.pool, user.id).await?.into())
        }
        .await,
    )
}

/// Saves the profile. A new email also needs the password (`email_password`).
#[server]
pub async fn update_profile(
    full_name: String,
    username: String,
    email: String,
    bio: String,
    email_password: Option<String>,
) -> Result<(), AppError> {
    with_status(
        async {
            let user = session::require_user()?;
            let state = expect_context::<AppState>();
            let kept = [
                ("full_name", full_name.as_str()),
                ("username", username.as_str()),
                ("email", email.as_str()),
                ("bio", bio.as_str()),
            ];
            let invalid = |message: String| AppError::invalid_keeping(message, &kept);
            let full_name = FullName::parse(&full_name).map_err(invalid)?;
            if user.is_demo {
                return update_demo_profile(
                    &state.pool,
                    &user,
                    &username,
                    &email,
                    &full_name,
                    &bio,
                )
                .await
                .map_err(|error| match error {
                    AppError::Invalid { message, .. } => invalid(message),
                    other => other,
                });
            }
            let username = Username::parse(&username).map_err(invalid)?;
            let email = Email::parse(&email).map_err(invalid)?;
            let bio = Bio::parse(&bio).map_err(invalid)?;
            let stored_email = db::email_of(&state.pool, user.id).await?;
            let new_email = !email.as_str().eq_ignore_ascii_case(&stored_email);
            if new_email {
                // Whether another account has an address is only told this often.
                let quota = Quota::per_hour(state.config.rate_limits.email_changes_per_hour);
                let key = format!("email-change:{}", user.id);
                rate_limit::enforce(
                    &state.pool,
                    &key,
                    quota,
                    "Your email has been changed too often.",
                )
                .await?;
                let password = email_password.unwrap_or_default();
                if password.is_empty() {
                    return Err(invalid("Enter your password to change your email.".into()));
                }
                if !is_own_password(&state, user.id, password).await? {
                    return Err(invalid(
                        "That password is not correct, so your email was not changed.".into(),
                    ));
                }
                if db::email_taken(&state.pool, user.id, email.as_str()).await? {
                    return Err(invalid(EMAIL_TAKEN.into()));
                }
            }
            let profile = db::ProfileUpdate {
                full_name: full_name.as_str(),
                username: username.as_str(),
                bio: bio.as_str(),
            };
            let mut tx = state.pool.begin().await?;
            if let Err(error) = db::update_profile(&mut *tx, user.id, profile).await {
                return Err(match unique_violation(&error) {
                    Some("idx_users_username_lower") => invalid(username_taken_message(&username)),
                    _ => error.into(),
                });
            }
            if new_email {
                // The new address becomes the account's once the link mailed to it is
                // opened; until then nothing about the email changes.
                let token = new_token();
                auth_db::issue_token(
                    &mut tx,
                    user.id,
                    TokenPurpose::ChangeEmail,
                    email.as_str(),
                    &token_hash(&token),
                )
                .await?;
                let link = format!("{}/email/confirm?token={token}", state.public_origin());
                let mail = mails::email_change(email.as_str(), username.as_str(), &link);
                crate::mail::outbox::enqueue(&mut *tx, &mail).await?;
            }
            tx.commit().await?;
            if new_email {
                state.outbox_wake.ring();
                leptos_axum::redirect("/settings?saved=email");
            } else {
                leptos_axum::redirect("/settings?saved=profile");
            }
            Ok(())
        }
        .await,
    )
}

/// The demo account's profile: its name and bio change like anyone's, its username and
/// email stay (the database refuses too).
#[cfg(feature = "ssr")]
async fn update_demo_profile(
    pool: &sqlx::PgPool,
    user: &crate::auth::CurrentUser,
    username: &str,
    email: &str,
    full_name: &FullName,
    bio: &str,
) -> Result<(), AppError> {
    let bio = Bio::parse(bio).map_err(AppError::invalid)?;
    let stored_email = db::email_of(pool, user.id).await?;
    if username.trim() != user.username || !email.trim().eq_ignore_ascii_case(&stored_email) {
        return Err(AppError::invalid(DEMO_ACCOUNT_FIXED));
    }
    db::update_name_and_bio(pool, user.id, full_name.as_str(), bio.as_str()).await?;
    leptos_axum::redirect("/settings?saved=profile");
    Ok(())
}

/// Does `password` match the account's? (Settings that matter ask for it again.) Each
/// try counts against the account's login quota, so it is no way around that limit.
#[cfg(feature = "ssr")]
async fn is_own_password(
    state: &AppState,
    user_id: UserId,
    password: String,
) -> Result<bool, AppError> {
    check_reauthentication(&state.pool, &state.config, user_id).await?;
    let stored = db::hashed_password_of(&state.pool, user_id).await?;
    Ok(password::verify(password, Some(stored)).await?)
}

#[server]
pub async fn change_password(
    current_password: String,
    new_password: String,
) -> Result<(), AppError> {
    with_status(
        async {
            let user = session::require_user()?;
            if user.is_demo {
                return Err(AppError::invalid(DEMO_ACCOUNT_FIXED));
            }
            let state = expect_context::<AppState>();
            let new_password = NewPassword::parse(&new_password).map_err(AppError::invalid)?;
            if !is_own_password(&state, user.id, current_password).await? {
                return Err(AppError::invalid("Your current password is not correct."));
            }
            let hashed = password::hash(new_password.expose().to_owned()).await?;
            // A new epoch ends every other session of this account; this one moves along.
            let epoch = db::set_password(&state.pool, user.id, hashed).await?;
            session::log_in(&session::session()?, user.id, epoch).await?;
            leptos_axum::redirect("/settings?saved=password");
            Ok(())
        }
        .await,
    )
}

#[server]
pub async fn delete_account(password: String) -> Result<(), AppError> {
    with_status(
        async {
            let user = session::require_user()?;
            if user.is_demo {
                return Err(AppError::invalid(DEMO_ACCOUNT_FIXED));
            }
            let state = expect_context::<AppState>();
            if !is_own_password(&state, user.id, password).await? {
                return Err(AppError::invalid(
                    "That password is not correct. Your account is still here.",
                ));
            }
            // Posts, comments, likes, follows and notifications all cascade with the row.
            db::delete_account(&state.pool, user.id).await?;
            session::log_out(&session::session()?).await?;
            tracing::info!(user_id = %user.id, "account deleted");
            leptos_axum::redirect("/");
            Ok(())
        }
        .await,
    )
}

/// Where this account is logged in, most recently active first; the current one marked.
#[server]
pub async fn my_logins() -> Result<Vec<LoginView>, AppError> {
    with_status(
        async {
            let user = session::require_user()?;
            let state = expect_context::<AppState>();
            let this_one = session::this_login(&session::session()?).await?;
            let max_age = session::MAX_SESSION_AGE.whole_days();
            let rows = crate::auth::db::logins_of(&state.pool, user.id, max_age).await?;
            Ok(rows
                .into_iter()
                .map(|row| LoginView {
                    id: row.id,
                    device: device_name(&row.user_agent),
                    created_at: row.created_at,
                    last_seen_at: row.last_seen_at,
                    now: row.now,
                    this_one: this_one.is_some_and(|hash| hash[..] == row.token_sha256[..]),
                })
                .collect())
        }
        .await,
    )
}

/// Ends every session of this account but this one (a lost phone, a shared computer).
#[server]
pub async fn log_out_other_sessions() -> Result<(), AppError> {
    with_status(
        async {
            let user = session::require_user()?;
            if user.is_demo {
                return Err(AppError::invalid(
                    "The demo account is shared: its other sessions stay.",
                ));
            }
            let state = expect_context::<AppState>();
            let epoch = crate::auth::db::new_session_epoch(&state.pool, user.id).await?;
            session::log_in(&session::session()?, user.id, epoch).await?;
            tracing::info!(user_id = %user.id, "other sessions ended");
            leptos_axum::redirect("/settings/sessions?ended=others");
            Ok(())
        }
        .await,
    )
}

/// Ends one session of this account ("Log out" beside it in the list); this one too,
/// when it is the one named.
#[server]
pub async fn log_out_session(login: i64) -> Result<(), AppError> {
    with_status(
        async {
            let user = session::require_user()?;
            if user.is_demo {
                return Err(AppError::invalid(
                    "The demo account is shared: its other sessions stay.",
                ));
            }
            let state = expect_context::<AppState>();
            let session = session::session()?;
            let this_one = session::this_login(&session).await?;
            // Someone else's, or ended already: nothing of theirs to tell.
            let ended = crate::auth::db::end_login(&state.pool, user.id, login)
                .await?
                .ok_or_else(|| AppError::invalid("That session has ended already."))?;
            let is_this_one = this_one.is_some_and(|hash| hash[..] == ended[..]);
            tracing::info!(user_id = %user.id, login, "a session ended from the list");
            if is_this_one {
                session::log_out(&session).await?;
                leptos_axum::redirect("/");
            } else {
                leptos_axum::redirect("/settings/sessions?ended=one");
            }
            Ok(())
        }
        .await,
    )
}

/// Where two-step login stands (and, while it is being set up, the key for the app).
/// `forget_codes`: the page is not showing new recovery codes, so the session lets go
/// of any it kept to show.
#[server]
pub async fn two_step_status(forget_codes: bool) -> Result<TwoStepView, AppError> {
    with_status(
        async {
            let user = session::require_user()?;
            let state = expect_context::<AppState>();
            if forget_codes {
                session::forget_recovery_codes(&session::session()?).await?;
            }
            let row = auth_db::two_step_state(&state.pool, user.id).await?;
            let setup = match (&row.secret, row.enabled) {
                (Some(secret), false) => {
                    let totp = two_step::totp(secret, &user.username)?;
                    let (qr_width, qr_path) = two_step::qr_code(&totp)?;
                    Some(TwoStepSetup {
                        key: two_step::typed_key(&totp),
                        qr_width,
                        qr_path,
                    })
                }
                _ => None,
            };
            Ok(TwoStepView {
                enabled: row.enabled,
                recovery_codes_left: row.recovery_codes_left,
                setup,
            })
        }
        .await,
    )
}

/// Starts setting up two-step login: a new secret for the authenticator app.
#[server]
pub async fn begin_two_step() -> Result<(), AppError> {
    with_status(
        async {
            let user = session::require_user()?;
            if user.is_demo {
                return Err(AppError::invalid(
                    "The demo account is shared: it can't have two-step login.",
                ));
            }
            let state = expect_context::<AppState>();
            auth_db::begin_two_step(&state.pool, user.id, &two_step::new_secret()).await?;
            leptos_axum::redirect("/settings/two-step");
            Ok(())
        }
        .await,
    )
}

/// Turns two-step login on once the app's first code is right and the password given,
/// with ten new recovery codes (shown once, on the next page).
#[server]
pub async fn enable_two_step(code: String, password: String) -> Result<(), AppError> {
    with_status(
        async {
            let user = session::require_user()?;
            let state = expect_context::<AppState>();
            // A stolen session alone must not tie the account to someone else's app.
            if !is_own_password(&state, user.id, password).await? {
                return Err(AppError::invalid(
                    "That password is not correct. Two-step login is still off.",
                ));
            }
            let secret = auth_db::two_step_secret(&state.pool, user.id, false)
                .await?
                .ok_or_else(|| AppError::invalid("Set up two-step login first."))?;
            let digits: String = code.chars().filter(char::is_ascii_digit).collect();
            let step = two_step::current_step(&secret, &digits)?.ok_or_else(|| {
                AppError::invalid("That code isn't right. Enter the 6 digits your app shows now.")
            })?;
            let codes = two_step::new_recovery_codes();
            let hashes: Vec<Vec<u8>> = codes
                .iter()
                .map(|code| two_step::recovery_code_hash(code).to_vec())
                .collect();
            let mut tx = state.pool.begin().await?;
            if !auth_db::enable_two_step(&mut tx, user.id, &secret, step as i64, &hashes).await? {
                return Err(AppError::invalid("Two-step login is on already."));
            }
            tx.commit().await?;
            session::show_recovery_codes(&session::session()?, &codes).await?;
            tracing::info!(user_id = %user.id, "two-step login turned on");
            leptos_axum::redirect("/settings/two-step?codes=new");
            Ok(())
        }
        .await,
    )
}

/// The recovery codes just made, while they are on show (ten minutes, this session).
#[server]
pub async fn new_recovery_codes() -> Result<Vec<String>, AppError> {
    with_status(
        async {
            session::require_user()?;
            session::recovery_codes_on_show(&session::session()?).await
        }
        .await,
    )
}

/// Turns two-step login off; needs the password.
#[server]
pub async fn disable_two_step(password: String) -> Result<(), AppError> {
    with_status(
        async {
            let user = session::require_user()?;
            let state = expect_context::<AppState>();
            if !is_own_password(&state, user.id, password).await? {
                return Err(AppError::invalid(
                    "That password is not correct. Two-step login is still on.",
                ));
            }
            auth_db::disable_two_step(&state.pool, user.id).await?;
            tracing::info!(user_id = %user.id, "two-step login turned off");
            leptos_axum::redirect("/settings/two-step?saved=off");
            Ok(())
        }
        .await,
    )
}
