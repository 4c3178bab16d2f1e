//! Where sessions are kept: tower-sessions' records in `tower_sessions.session`
//! (MessagePack, as tower-sessions-sqlx-store encodes them), with the account and the
//! login a session names beside the record as columns. Loading a session thereby
//! resolves its account in the same statement (`db::stored_session`); the middleware
//! that loads it takes the account from [`resolving`].

use std::cell::RefCell;
use std::future::Future;

use async_trait::async_trait;
use sqlx::PgPool;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, SessionStore};

use crate::auth::db::{self, SessionToStore, SessionUserRow};
use crate::auth::session::{LOGIN_TOKEN, USER_ID};
use crate::auth::token::token_hash;

tokio::task_local! {
    /// What loading a session found of its account, for [`resolving`].
    static LOADED_ACCOUNT: RefCell<Option<Option<SessionUserRow>>>;
}

/// Runs `load` (something that loads the session) and returns, beside its output, the
/// account the store found with the session: `Some(account)` when the stored session
/// names one (`None` inside if its login no longer stands), `None` when the session was
/// not loaded here or names no account.
pub async fn resolving<T>(load: impl Future<Output = T>) -> (T, Option<Option<SessionUserRow>>) {
    LOADED_ACCOUNT
        .scope(RefCell::new(None), async move {
            let output = load.await;
            (output, LOADED_ACCOUNT.with(RefCell::take))
        })
        .await
}

#[derive(Clone, Debug)]
pub struct PgSessionStore {
    pool: PgPool,
}

impl PgSessionStore {
    pub fn new(pool: PgPool) -> Self {
        Self { pool }
    }
}

/// The record as stored: encoded, with the account and the hash of the login token it
/// holds.
fn encode(record: &Record) -> session_store::Result<SessionToStore> {
    let data = rmp_serde::to_vec(record)
        .map_err(|error| session_store::Error::Encode(error.to_string()))?;
    let user_id = record.data.get(USER_ID).and_then(|id| id.as_i64());
    let login = record
        .data
        .get(LOGIN_TOKEN)
        .and_then(|token| token.as_str());
    let (user_id, login_sha256) = match (user_id, login) {
        (Some(user_id), Some(login)) => (Some(user_id), Some(token_hash(login))),
        _ => (None, None),
    };
    Ok(SessionToStore {
        id: record.id.to_string(),
        data,
        expiry_date: record.expiry_date,
        user_id,
        login_sha256,
    })
}

fn backend(error: sqlx::Error) -> session_store::Error {
    session_store::Error::Backend(error.to_string())
}

#[async_trait]
impl SessionStore for PgSessionStore {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        let mut session = encode(record)?;
        while !db::create_session(&self.pool, &session)
            .await
            .map_err(backend)?
        {
            // 128 random bits met a session's id: draw again (the record holds its id).
            record.id = Id::default();
            session = encode(record)?;
        }
        Ok(())
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        db::save_session(&self.pool, &encode(record)?)
            .await
            .map_err(backend)
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        let Some(row) = db::stored_session(&self.pool, &id.to_string())
            .await
            .map_err(backend)?
        else {
            return Ok(None);
        };
        let record = rmp_serde::from_slice(&row.data)
            .map_err(|error| session_store::Error::Decode(error.to_string()))?;
        if row.names_account {
            let account = row.into_account();
            // Outside `resolving` nobody asked for the account.
            let _ = LOADED_ACCOUNT.try_with(|slot| slot.replace(Some(account)));
        }
        Ok(Some(record))
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        db::delete_session(&self.pool, &id.to_string())
            .await
            .map_err(backend)
    }
}
