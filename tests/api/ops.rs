//! Operations: seeding, migrating down and up, and backing up and restoring.

use crate::support::{TestApp, TestDb, count, insert_post, insert_user};
use isntgram::media::storage::content_key;
use isntgram::ops::backup::{backup, restore};
use isntgram::ops::migrate;
use isntgram::ops::seed::{SeedArgs, seed};
use isntgram::pagination::PAGE_SIZE;
use isntgram::server::db::MIGRATOR;
use reqwest::StatusCode;
use sqlx::PgPool;

fn small() -> SeedArgs {
    SeedArgs {
        people: 40,
        posts_per_person: 3,
        follows_per_person: 6,
        likes: 400,
        comments: 80,
        photos: 2,
        ..SeedArgs::default()
    }
}

/// The rows in `table`.
async fn rows(pool: &PgPool, table: &str) -> u64 {
    count(pool, &format!("SELECT count(*) FROM {table}")).await as u64
}

/// What seeded data says, row by row, to compare two data sets.
async fn fingerprint(pool: &PgPool) -> Vec<String> {
    sqlx::query_scalar(
        "SELECT u.username || '|' || u.full_name || '|' || p.caption || '|'
                || (SELECT string_agg(ph.url, ',' ORDER BY ph.position) FROM photos ph
                    WHERE ph.post_id = p.id)
         FROM posts p JOIN users u ON u.id = p.user_id ORDER BY p.id",
    )
    .fetch_all(pool)
    .await
    .unwrap()
}

#[tokio::test]
async fn seeding_fills_the_demo_feed_and_the_same_seed_gives_the_same_data() {
    let app = TestApp::spawn().await;
    let args = small();
    let summary = seed(&app.pool, app.state.media.as_ref(), &args)
        .await
        .unwrap();
    assert_eq!(rows(&app.pool, "users").await, 41, "40 people and the demo");
    for table in ["posts", "follows", "comments", "likes", "notifications"] {
        let counted = rows(&app.pool, table).await;
        assert!(counted > 0, "{table}");
        assert_eq!(
            summary.rows(table),
            counted,
            "{table}: the summary tells the truth"
        );
    }
    // Threads one level deep, and saves, for the demo to show.
    let replies = count(
        &app.pool,
        "SELECT count(*) FROM comments WHERE parent_id IS NOT NULL",
    )
    .await;
    assert!(replies > 0);
    assert_eq!(summary.rows("replies"), replies as u64);
    let nested = count(
        &app.pool,
        "SELECT count(*) FROM comments c JOIN comments t ON t.id = c.parent_id
         WHERE t.parent_id IS NOT NULL OR t.post_id <> c.post_id OR t.created_at > c.created_at",
    )
    .await;
    assert_eq!(nested, 0);
    let saves = rows(&app.pool, "saved_posts").await;
    assert!(saves > 0);
    assert_eq!(summary.rows("saved posts"), saves);
    // Every word of every caption is listed for search, though the load skipped the
    // triggers that list them.
    let words = rows(&app.pool, "caption_words").await;
    assert!(words > 0);
    assert_eq!(summary.rows("caption words"), words);
    let unlisted = count(
        &app.pool,
        "SELECT count(*) FROM posts p, unnest(tsvector_to_array(to_tsvector('english', p.caption))) AS word
         WHERE NOT EXISTS (SELECT 1 FROM caption_words w WHERE w.post_id = p.id AND w.word = word)",
    )
    .await;
    assert_eq!(unlisted, 0);
    let likes = rows(&app.pool, "likes").await;
    // About the number asked for, plus a few dozen for each of the demo's 12 photos.
    assert!((380..=440 + 12 * 41).contains(&likes), "likes: {likes}");
    // Photos went through the pipeline: every variant is a stored file.
    let unreadable = count(
        &app.pool,
        "SELECT count(*) FROM photos WHERE placeholder NOT LIKE 'data:image/%'
            OR jsonb_array_length(variants) = 0",
    )
    .await;
    assert_eq!(unreadable, 0);
    assert!(
        app.media_files().len() >= 3,
        "files: {:?}",
        app.media_files()
    );

    // The demo's feed, through the app, is a full page with a next one.
    let demo = app.visitor();
    let response = demo.demo_login().await;
    assert!(response.status().is_success() || response.status().is_redirection());
    let page = demo.feed(None).await;
    assert_eq!(page.items.len(), PAGE_SIZE);
    assert!(page.next.is_some());
    let unread = count(
        &app.pool,
        "SELECT count(*) FROM notifications n JOIN users u ON u.id = n.recipient_id
         WHERE u.username = 'demo' AND n.read_at IS NULL",
    )
    .await;
    assert!(unread > 0, "the demo has something to read");

    // Seeding over people's data needs --wipe.
    let refused = seed(&app.pool, app.state.media.as_ref(), &args).await;
    assert!(format!("{:#}", refused.unwrap_err()).contains("--wipe"));

    // The same seed gives the same data elsewhere; another seed, other data.
    let other = TestApp::spawn().await;
    seed(&other.pool, other.state.media.as_ref(), &args)
        .await
        .unwrap();
    assert_eq!(fingerprint(&app.pool).await, fingerprint(&other.pool).await);
    let reseeded = SeedArgs {
        seed: 7,
        wipe: true,
        ..small()
    };
    seed(&other.pool, other.state.media.as_ref(), &reseeded)
        .await
        .unwrap();
    assert_eq!(rows(&other.pool, "users").await, 41, "wiped, then seeded");
    assert_ne!(fingerprint(&app.pool).await, fingerprint(&other.pool).await);
}

#[tokio::test]
async fn every_migration_can_be_undone_and_applied_again() {
    let db = TestDb::new().await;
    let pool = db.pool().await;
    let total = MIGRATOR
        .iter()
        .filter(|m| m.migration_type.is_up_migration())
        .count();
    assert_eq!(migrate::applied(&pool).await.unwrap().len(), total);
    migrate::down(&pool, 2).await.unwrap();
    assert_eq!(migrate::applied(&pool).await.unwrap().len(), total - 2);
    migrate::down(&pool, total).await.unwrap();
    assert!(migrate::applied(&pool).await.unwrap().is_empty());
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT tablename::text FROM pg_tables WHERE schemaname = 'public' ORDER BY 1",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(
        tables,
        ["_sqlx_migrations"],
        "every down migration cleans up"
    );
    isntgram::server::db::migrate(&pool).await.unwrap();
    assert_eq!(migrate::applied(&pool).await.unwrap().len(), total);
    pool.close().await;
}

#[tokio::test]
async fn a_backup_restores_into_an_empty_database_and_the_app_serves_it() {
    let app = TestApp::spawn().await;
    let ada = insert_user(&app.pool, "ada").await;
    let post = insert_post(&app.pool, ada, "Kept safe #backup", 5).await;
    let photo = b"not really a photo, but bytes to keep".to_vec();
    let key = content_key(&photo, "webp");
    app.state.media.put(&key, &photo).await.unwrap();
    sqlx::query("UPDATE photos SET url = $2 WHERE post_id = $1")
        .bind(post)
        .bind(format!("/media/{key}"))
        .execute(&app.pool)
        .await
        .unwrap();

    let folder = std::env::temp_dir().join(format!("isntgram-backup-{}", app.db.name));
    backup(&app.db.url, &app.state.config.media_dir, &folder)
        .await
        .unwrap();

    // Not over existing data.
    let refused = restore(&app.db.url, &app.state.config.media_dir, &folder).await;
    assert!(format!("{:#}", refused.unwrap_err()).contains("not empty"));

    let empty = TestDb::empty().await;
    let media = std::env::temp_dir().join(format!("isntgram-restored-{}", empty.name));
    restore(&empty.url, &media, &folder).await.unwrap();
    let restored =
        TestApp::spawn_on(empty, |config| config.media_dir = media.clone(), |_| {}).await;
    // Every migration is recorded as applied, with matching checksums.
    isntgram::server::db::migrate(&restored.pool).await.unwrap();

    let client = restored.visitor();
    let (status, page) = client.page(&format!("/p/{post}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Kept safe") && page.contains("href=\"/tags/backup\""));
    let (status, _) = client.page("/tags/backup").await;
    assert_eq!(status, StatusCode::OK);
    let file = client.get(&format!("/media/{key}")).send().await.unwrap();
    assert_eq!(file.status(), StatusCode::OK);
    assert_eq!(file.bytes().await.unwrap().as_ref(), photo.as_slice());
    std::fs::remove_dir_all(&folder).ok();
    std::fs::remove_dir_all(&media).ok();
}
