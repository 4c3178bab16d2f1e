//! The schema's own rules, checked against the database itself (no application code):
//! migrations round-trip, and every constraint the design names holds.

use crate::support::{
    TestDb, UNUSABLE_HASH, count, insert_comment, insert_post, insert_user, try_insert_user,
};
use isntgram::server::db::MIGRATOR;
use sqlx::PgPool;

async fn like(pool: &PgPool, user_id: i64, kind: &str, id: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO likes (user_id, likeable_type, likeable_id) VALUES ($1, $2, $3) RETURNING id",
    )
    .bind(user_id)
    .bind(kind)
    .bind(id)
    .fetch_one(pool)
    .await
}

fn constraint_of(error: sqlx::Error) -> String {
    error
        .as_database_error()
        .and_then(|e| e.constraint().map(str::to_owned))
        .unwrap_or_else(|| panic!("expected a constraint violation, got {error:?}"))
}

#[tokio::test]
async fn migrations_go_all_the_way_down_and_up_again() {
    let db = TestDb::new().await;
    let pool = db.pool().await;
    let tables = "SELECT count(*) FROM pg_tables WHERE schemaname IN ('public', 'tower_sessions') AND tablename <> '_sqlx_migrations'";
    assert_eq!(
        count(&pool, tables).await,
        25,
        "users, posts, photos, comments, likes, follows, hashtags, post_hashtags, notifications, session, rate_limits, login_devices, saved_posts, logins, blocks, mutes, follow_requests, reports, moderation_actions, mail_outbox, email_tokens, two_step_logins, recovery_codes, data_exports, caption_words"
    );

    MIGRATOR
        .undo(&pool, 0)
        .await
        .expect("every down migration applies");
    assert_eq!(
        count(&pool, tables).await,
        0,
        "nothing is left after the last down migration"
    );
    assert_eq!(count(&pool, "SELECT count(*) FROM pg_proc WHERE proname IN ('set_updated_at', 'likes_check_target', 'delete_likes_of_target', 'keep_demo_account', 'comments_check_parent', 'list_new_caption_words', 'relist_caption_words', 'relist_every_caption_word')").await, 0);

    MIGRATOR
        .run(&pool)
        .await
        .expect("every up migration applies again");
    assert_eq!(count(&pool, tables).await, 25);
}

#[tokio::test]
async fn usernames_and_emails_are_unique_whatever_their_case() {
    let db = TestDb::new().await;
    let pool = db.pool().await;
    try_insert_user(&pool, "Alice", "alice@example.com", "Test Person")
        .await
        .unwrap();

    let error = try_insert_user(&pool, "aLICE", "other@example.com", "Test Person")
        .await
        .unwrap_err();
    assert_eq!(constraint_of(error), "idx_users_username_lower");
    let error = try_insert_user(&pool, "bob", "ALICE@Example.com", "Test Person")
        .await
        .unwrap_err();
    assert_eq!(constraint_of(error), "idx_users_email_lower");
}

#[tokio::test]
async fn user_fields_are_checked_by_the_database() {
    let db = TestDb::new().await;
    let pool = db.pool().await;
    for (username, email, constraint) in [
        ("ab", "a@example.com", "username_format"),
        ("has space", "a@example.com", "username_format"),
        (
            "a_very_long_username_of_31_chars",
            "a@example.com",
            "username_format",
        ),
        ("valid_name", "not-an-email", "email_format"),
        ("valid_name", "a@b", "email_format"),
    ] {
        let error = try_insert_user(&pool, username, email, "Test Person")
            .await
            .unwrap_err();
        // The 31-character name hits the column's length before the check.
        if let Some(code) = error.as_database_error().and_then(|e| e.code())
            && code == "22001"
        {
            continue;
        }
        assert_eq!(constraint_of(error), constraint, "{username} / {email}");
    }

    let error = sqlx::query("INSERT INTO users (username, email, hashed_password, full_name) VALUES ('carol', 'c@example.com', 'plaintext', 'Carol')")
        .execute(&pool)
        .await
        .unwrap_err();
    assert_eq!(constraint_of(error), "hashed_password_phc");
    let error = sqlx::query("INSERT INTO users (username, email, hashed_password, full_name) VALUES ('carol', 'c@example.com', $1, '   ')")
        .bind(UNUSABLE_HASH)
        .execute(&pool)
        .await
        .unwrap_err();
    assert_eq!(constraint_of(error), "full_name_present");
}

#[tokio::test]
async fn updated_at_is_kept_current_by_the_database() {
    let db = TestDb::new().await;
    let pool = db.pool().await;
    let id = insert_user(&pool, "dora").await;
    sqlx::query("UPDATE users SET updated_at = now() - interval '1 day' WHERE id = $1")
        .bind(id)
        .execute(&pool)
        .await
        .unwrap();
    // The trigger overrides even an explicit value: updated_at is the time of the update.
    sqlx::query("UPDATE users SET bio = 'hi' WHERE id = $1")
        .bind(id)
        .execute(&pool)
        .await
        .unwrap();
    let fresh: bool = sqlx::query_scalar(
        "SELECT updated_at > now() - interval '1 minute' FROM users WHERE id = $1",
    )
    .bind(id)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert!(fresh);
}

#[tokio::test]
async fn deleting_a_post_removes_the_likes_of_the_post_and_of_its_comments() {
    let db = TestDb::new().await;
    let pool = db.pool().await;
    let author = insert_user(&pool, "author").await;
    let fan = insert_user(&pool, "fan").await;
    let post = insert_post(&pool, author, "hello", 0).await;
    let other_post = insert_post(&pool, author, "hello", 0).await;
    let comment = insert_comment(&pool, fan, post, "nice").await;
    like(&pool, fan, "post", post).await.unwrap();
    like(&pool, author, "comment", comment).await.unwrap();
    like(&pool, fan, "post", other_post).await.unwrap();

    sqlx::query("DELETE FROM posts WHERE id = $1")
        .bind(post)
        .execute(&pool)
        .await
        .unwrap();

    assert_eq!(count(&pool, "SELECT count(*) FROM comments").await, 0);
    assert_eq!(
        count(&pool, "SELECT count(*) FROM likes").await,
        1,
        "only the like of the other post is left"
    );
}

#[tokio::test]
async fn deleting_a_comment_removes_its_likes() {
    let db = TestDb::new().await;
    let pool = db.pool().await;
    let author = insert_user(&pool, "author").await;
    let post = insert_post(&pool, author, "hello", 0).await;
    let comment = insert_comment(&pool, author, post, "nice").await;
    like(&pool, author, "comment", comment).await.unwrap();
    sqlx::query("DELETE FROM comments WHERE id = $1")
        .bind(comment)
        .execute(&pool)
        .await
        .unwrap();
    assert_eq!(count(&pool, "SELECT count(*) FROM likes").await, 0);
}

#[tokio::test]
async fn likes_need_an_existing_target_and_count_once() {
    let db = TestDb::new().await;
    let pool = db.pool().await;
    let user = insert_user(&pool, "liker").await;
    let post = insert_post(&pool, user, "hello", 0).await;

    let error = like(&pool, user, "post", post + 1000).await.unwrap_err();
    assert_eq!(constraint_of(error), "likes_target_exists");
    let error = like(&pool, user, "comment", 12345).await.unwrap_err();
    assert_eq!(constraint_of(error), "likes_target_exists");
    let error = like(&pool, user, "story", post).await.unwrap_err();
    assert_eq!(constraint_of(error), "valid_likeable_type");

    like(&pool, user, "post", post).await.unwrap();
    let error = like(&pool, user, "post", post).await.unwrap_err();
    assert_eq!(constraint_of(error), "unique_user_like");
}

#[tokio::test]
async fn follows_are_unique_and_never_of_oneself() {
    let db = TestDb::new().await;
    let pool = db.pool().await;
    let a = insert_user(&pool, "first").await;
    let b = insert_user(&pool, "second").await;
    let follow = |x: i64, y: i64| {
        sqlx::query("INSERT INTO follows (user_id, user_followed_id) VALUES ($1, $2)")
            .bind(x)
            .bind(y)
            .execute(&pool)
    };
    follow(a, b).await.unwrap();
    assert_eq!(
        constraint_of(follow(a, b).await.unwrap_err()),
        "unique_follow"
    );
    assert_eq!(
        constraint_of(follow(a, a).await.unwrap_err()),
        "no_self_follow"
    );
    follow(b, a).await.unwrap();
}

#[tokio::test]
async fn comments_and_captions_have_their_limits() {
    let db = TestDb::new().await;
    let pool = db.pool().await;
    let user = insert_user(&pool, "writer").await;
    let post = insert_post(&pool, user, "hello", 0).await;
    let comment = |content: String| {
        sqlx::query("INSERT INTO comments (user_id, post_id, content) VALUES ($1, $2, $3)")
            .bind(user)
            .bind(post)
            .bind(content)
            .execute(&pool)
    };
    assert_eq!(
        constraint_of(comment("   \n ".into()).await.unwrap_err()),
        "content_not_empty"
    );
    assert_eq!(
        constraint_of(comment("x".repeat(1001)).await.unwrap_err()),
        "content_length"
    );
    comment("x".repeat(1000)).await.unwrap();

    let error = sqlx::query("UPDATE posts SET caption = $1 WHERE id = $2")
        .bind("y".repeat(2001))
        .bind(post)
        .execute(&pool)
        .await
        .unwrap_err();
    assert_eq!(constraint_of(error), "caption_length");
}

#[tokio::test]
async fn notifications_vanish_with_the_action_that_caused_them() {
    let db = TestDb::new().await;
    let pool = db.pool().await;
    let author = insert_user(&pool, "poster").await;
    let fan = insert_user(&pool, "admirer").await;
    let post = insert_post(&pool, author, "hello", 0).await;
    let like_id = like(&pool, fan, "post", post).await.unwrap();
    sqlx::query("INSERT INTO notifications (recipient_id, actor_id, kind, post_id, like_id) VALUES ($1, $2, 'like_post', $3, $4)")
        .bind(author)
        .bind(fan)
        .bind(post)
        .bind(like_id)
        .execute(&pool)
        .await
        .unwrap();
    let error = sqlx::query("INSERT INTO notifications (recipient_id, actor_id, kind, post_id, like_id) VALUES ($1, $1, 'like_post', $2, $3)")
        .bind(author)
        .bind(post)
        .bind(like_id)
        .execute(&pool)
        .await
        .unwrap_err();
    assert_eq!(constraint_of(error), "notification_not_self");

    sqlx::query("DELETE FROM likes WHERE id = $1")
        .bind(like_id)
        .execute(&pool)
        .await
        .unwrap();
    assert_eq!(count(&pool, "SELECT count(*) FROM notifications").await, 0);
}
