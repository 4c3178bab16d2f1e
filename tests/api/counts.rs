//! The counts kept in rows (a post's likes and comments, a comment's likes, a person's
//! posts, followers and following) stay equal to fresh counts whatever happens at
//! once: many members liking, commenting and following together, then a post and an
//! account deleted with everything that cascades from them.

use isntgram::account::api::DeleteAccount;
use isntgram::comments::CommentView;
use isntgram::comments::api::{AddComment, DeleteComment};
use isntgram::likes::api::SetLike;
use isntgram::ops::counts;
use isntgram::posts::api::DeletePost;
use isntgram::profiles::api::SetFollow;
use leptos::server_fn::ServerFn;

use crate::support::{TestApp, insert_post, user_id};

async fn assert_no_drift(app: &TestApp) {
    let drift = counts::drift(&app.pool).await.unwrap();
    assert_eq!(drift.len(), 6, "every kept count is checked");
    for row in drift {
        assert_eq!(row.rows_off, 0, "{} drifted", row.count);
    }
}

#[tokio::test]
async fn kept_counts_match_fresh_counts_after_concurrent_activity_and_cascading_deletes() {
    let app = TestApp::spawn().await;
    let names: Vec<String> = (0..8).map(|n| format!("member_{n}")).collect();
    let mut members = Vec::new();
    for name in &names {
        members.push(app.member(name).await);
    }
    let author = user_id(&app.pool, "member_0").await;
    let mut posts = Vec::new();
    for n in 0..3 {
        posts.push(insert_post(&app.pool, author, &format!("post {n}"), n).await);
    }

    // Everyone at once: like every post twice over (idempotent), comment on each, follow
    // everyone else, and take some of it back.
    let mut tasks = Vec::new();
    for (i, client) in members.iter().enumerate() {
        let app = &app;
        let names = &names;
        let posts = &posts;
        tasks.push(async move {
            for &post in posts {
                let id = post.to_string();
                for liked in ["true", "true", "false", "true"] {
                    let response = app
                        .call(
                            client,
                            SetLike::PATH,
                            &[("target", "post"), ("id", &id), ("liked", liked)],
                        )
                        .await;
                    assert_eq!(response.status(), 200);
                }
                let response = app
                    .call(
                        client,
                        AddComment::PATH,
                        &[("post_id", &id), ("content", "so good")],
                    )
                    .await;
                assert_eq!(response.status(), 200);
                let comment: CommentView = response.json().await.unwrap();
                let comment_id = comment.id.to_string();
                let response = app
                    .call(
                        client,
                        SetLike::PATH,
                        &[
                            ("target", "comment"),
                            ("id", &comment_id),
                            ("liked", "true"),
                        ],
                    )
                    .await;
                assert_eq!(response.status(), 200);
                if i % 2 == 0 {
                    let response = app
                        .call(client, DeleteComment::PATH, &[("id", &comment_id)])
                        .await;
                    assert_eq!(response.status(), 200);
                }
            }
            for (j, other) in names.iter().enumerate() {
                if i != j {
                    for follow in ["true", "false", "true"] {
                        let response = app
                            .call(
                                client,
                                SetFollow::PATH,
                                &[("username", other), ("follow", follow)],
                            )
                            .await;
                        assert_eq!(response.status(), 200);
                    }
                }
            }
        });
    }
    futures::future::join_all(tasks).await;

    let kept: (i64, i64) =
        sqlx::query_as("SELECT like_count, comment_count FROM posts WHERE id = $1")
            .bind(posts[0])
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(kept, (8, 4), "eight likes, four comments left");
    let followers: i64 =
        sqlx::query_scalar("SELECT follower_count FROM users WHERE username = 'member_3'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(followers, 7);
    assert_no_drift(&app).await;

    // A post goes with its likes and comments (and their likes); an account with its
    // posts, likes, comments and follows on both sides.
    let post = posts[1].to_string();
    let response = app
        .call(&members[0], DeletePost::PATH, &[("id", &post)])
        .await;
    assert_eq!(response.status(), 200);
    let response = app
        .call(
            &members[5],
            DeleteAccount::PATH,
            &[("password", "correct horse battery")],
        )
        .await;
    assert_eq!(response.status(), 200);
    let followers: i64 =
        sqlx::query_scalar("SELECT follower_count FROM users WHERE username = 'member_3'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(followers, 6, "the deleted account no longer follows");
    assert_no_drift(&app).await;
}

#[tokio::test]
async fn drift_is_found_and_repaired() {
    let app = TestApp::spawn().await;
    let ada = app.member("ada").await;
    let _bea = app.member("bea").await;
    let response = app
        .call(
            &ada,
            SetFollow::PATH,
            &[("username", "bea"), ("follow", "true")],
        )
        .await;
    assert_eq!(response.status(), 200);
    let bea = user_id(&app.pool, "bea").await;
    let post = insert_post(&app.pool, bea, "hello", 0).await;
    sqlx::query("UPDATE users SET follower_count = 40 WHERE id = $1")
        .bind(bea)
        .execute(&app.pool)
        .await
        .unwrap();
    sqlx::query("UPDATE posts SET comment_count = 3 WHERE id = $1")
        .bind(post)
        .execute(&app.pool)
        .await
        .unwrap();

    let drift = counts::drift(&app.pool).await.unwrap();
    let off = |name: &str| drift.iter().find(|row| row.count == name).unwrap().rows_off;
    assert_eq!(off("users.follower_count"), 1);
    assert_eq!(off("posts.comment_count"), 1);
    assert_eq!(off("users.following_count"), 0);

    counts::repair(&app.pool).await.unwrap();
    assert_no_drift(&app).await;
    let followers: i64 = sqlx::query_scalar("SELECT follower_count FROM users WHERE id = $1")
        .bind(bea)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(followers, 1);
}

#[tokio::test]
async fn a_change_of_counts_alone_is_not_an_edit() {
    let app = TestApp::spawn().await;
    let ada = app.member("ada").await;
    let ada_id = user_id(&app.pool, "ada").await;
    let post = insert_post(&app.pool, ada_id, "hello", 0).await;
    // Backdated past the trigger, which would otherwise set it to now.
    sqlx::raw_sql(&format!(
        "ALTER TABLE posts DISABLE TRIGGER posts_set_updated_at;
         UPDATE posts SET updated_at = '2020-01-01' WHERE id = {post};
         ALTER TABLE posts ENABLE TRIGGER posts_set_updated_at;"
    ))
    .execute(&app.pool)
    .await
    .unwrap();
    let id = post.to_string();
    let response = app
        .call(
            &ada,
            SetLike::PATH,
            &[("target", "post"), ("id", &id), ("liked", "true")],
        )
        .await;
    assert_eq!(response.status(), 200);
    let (likes, edited): (i64, bool) =
        sqlx::query_as("SELECT like_count, updated_at > '2020-01-02' FROM posts WHERE id = $1")
            .bind(post)
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(likes, 1);
    assert!(!edited, "a like does not make the post edited");

    sqlx::query("UPDATE posts SET caption = 'edited' WHERE id = $1")
        .bind(post)
        .execute(&app.pool)
        .await
        .unwrap();
    let edited: bool =
        sqlx::query_scalar("SELECT updated_at > '2020-01-02' FROM posts WHERE id = $1")
            .bind(post)
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert!(edited, "a new caption is an edit");
}
