//! Reads from a replica (`DATABASE_REPLICA_URL`): which requests use it, that a person
//! reads their own writes from the primary until the replica has them, and that a
//! replica out of reach leaves its reads to the primary. The "replica" here is a second
//! database that never receives the primary's writes, so every read shows where it came
//! from; scripts/cluster tests the same with a streaming replica whose replay is paused.

use crate::support::{TestApp, TestDb, insert_post, insert_user};
use isntgram::server::config::DatabaseSettings;
use isntgram::server::db;
use reqwest::StatusCode;
use std::time::Duration;

/// An app whose replica is a database of its own, migrated and empty.
async fn app_with_a_stale_replica() -> (TestApp, TestDb) {
    let stale = TestDb::new().await;
    let replica = stale.pool().await;
    let app = TestApp::spawn_customised(
        |_| {},
        move |state| *state = state.clone().with_replica(replica),
    )
    .await;
    (app, stale)
}

#[tokio::test]
async fn lag_tolerant_pages_read_the_replica_and_a_writer_reads_the_primary() {
    let (app, _stale) = app_with_a_stale_replica().await;
    let ada = insert_user(&app.pool, "ada").await;
    let post = insert_post(&app.pool, ada, "#sunset at the pier", 1).await;
    let visitor = app.visitor();

    // Someone who never wrote anything reads Explore, tags, search and profiles from the
    // replica, which has none of it.
    let (status, explore) = visitor.page("/explore").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        !explore.contains(&format!("/p/{post}")),
        "Explore came from the primary"
    );
    let (status, _) = visitor.page("/ada").await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "the profile came from the primary"
    );
    let (_, tag) = visitor.page("/tags/sunset").await;
    assert!(!tag.contains(&format!("/p/{post}")));
    let (_, search) = visitor.page("/search?q=ada").await;
    assert!(!search.contains("href=\"/ada\""));
    // Pages that are not lag-tolerant read the primary.
    let (status, _) = visitor.page(&format!("/p/{post}")).await;
    assert_eq!(status, StatusCode::OK);

    // After a write (signing up is one), the writer's reads go to the primary while the
    // replica has not replayed it: this "replica" never will.
    let bea = app.member("bea").await;
    let response = bea.follow("ada").await;
    assert_eq!(response.status(), StatusCode::OK);
    let (status, profile) = bea.page("/ada").await;
    assert_eq!(status, StatusCode::OK, "the writer read the replica");
    assert!(
        profile.contains(">Unfollow<"),
        "the writer does not see their follow"
    );
    let (_, explore) = bea.page("/explore").await;
    assert!(explore.contains(&format!("/p/{post}")));
    // Their own profile is the primary's whatever they did last.
    let (status, _) = bea.page("/bea").await;
    assert_eq!(status, StatusCode::OK);
    // The others still read the replica.
    let (status, _) = visitor.page("/ada").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_write_hands_the_browser_the_primarys_position_and_a_failed_one_does_not() {
    let (app, _stale) = app_with_a_stale_replica().await;
    insert_user(&app.pool, "ada").await;
    let bea = app.member("bea").await;
    let followed = bea.follow("ada").await;
    let cookie = wrote_at_cookie(&followed).expect("a follow hands out the WAL position");
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    let position = cookie["isntgram_wrote_at=".len()..]
        .split(';')
        .next()
        .unwrap();
    let current: String = sqlx::query_scalar("SELECT pg_current_wal_lsn()::text")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let lsn = |text: &str| db::replica::Lsn::parse(text).expect("a WAL position");
    assert!(lsn(position) <= lsn(&current));

    let refused = bea.follow("nobody-by-that-name").await;
    assert!(refused.status().is_client_error());
    assert_eq!(
        wrote_at_cookie(&refused),
        None,
        "a refused write hands out a position"
    );
}

/// The `Set-Cookie` line of the WAL position, if the response has one.
fn wrote_at_cookie(response: &reqwest::Response) -> Option<String> {
    response
        .headers()
        .get_all(reqwest::header::SET_COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .find(|cookie| cookie.starts_with("isntgram_wrote_at="))
        .map(str::to_owned)
}

#[tokio::test]
async fn a_replica_out_of_reach_leaves_its_reads_to_the_primary() {
    let settings = DatabaseSettings {
        acquire_timeout: Duration::from_millis(500),
        ..Default::default()
    };
    // Nothing listens on port 1.
    let unreachable =
        db::connect_lazily("postgres://isntgram@127.0.0.1:1/isntgram", &settings).unwrap();
    let app = TestApp::spawn_customised(
        |_| {},
        move |state| *state = state.clone().with_replica(unreachable),
    )
    .await;
    let ada = insert_user(&app.pool, "ada").await;
    let post = insert_post(&app.pool, ada, "", 1).await;
    let visitor = app.visitor();
    // The request that finds the replica gone may fail; the primary is not blamed.
    let (first, _) = visitor.page("/explore").await;
    assert!(
        first == StatusCode::OK || first == StatusCode::SERVICE_UNAVAILABLE,
        "{first}"
    );
    assert!(!app.state.database.is_down(), "the primary was marked down");
    let (status, explore) = visitor.page("/explore").await;
    assert_eq!(status, StatusCode::OK);
    assert!(explore.contains(&format!("/p/{post}")));
    let (status, _) = visitor.page("/ada").await;
    assert_eq!(status, StatusCode::OK);
}
