//! The counts kept in rows (a post's likes and comments, a comment's likes, a person's
//! posts, followers and following) stay equal to fresh counts whatever happens at
//! once: many members liking, commenting and following together, then a post and an
//! account deleted with everything that cascades from them.

use isntgram::comments::CommentView;
use isntgram::ops::counts;

use crate::support::{PASSWORD, TestApp, count, insert_post};

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
    let mut posts = Vec::new();
    for n in 0..3 {
        posts.push(insert_post(&app.pool, members[0].id, &format!("post {n}"), n).await);
    }

    // Everyone at once: like every post (twice over, and back and forth), comment on
    // each and like the comment, delete some comments, follow everyone else with a
    // change of mind in between.
    let tasks = members.iter().enumerate().map(|(i, member)| {
        let names = &names;
        let posts = &posts;
        async move {
            for &post in posts {
                for liked in [true, true, false, true] {
                    assert_eq!(member.set_like("post", post, liked).await.status(), 200);
                }
                let response = member.comment(post, "so good").await;
                assert_eq!(response.status(), 200);
                let comment: CommentView = response.json().await.unwrap();
                assert_eq!(member.like_comment(comment.id.0).await.status(), 200);
                if i % 2 == 0 {
                    assert_eq!(member.delete_comment(comment.id.0).await.status(), 200);
                }
            }
            for (j, other) in names.iter().enumerate() {
                if i != j {
                    assert_eq!(member.follow(other).await.status(), 200);
                    assert_eq!(member.unfollow(other).await.status(), 200);
                    assert_eq!(member.follow(other).await.status(), 200);
                }
            }
        }
    });
    futures::future::join_all(tasks).await;

    let kept: (i64, i64) =
        sqlx::query_as("SELECT like_count, comment_count FROM posts WHERE id = $1")
            .bind(posts[0])
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(kept, (8, 4), "eight likes, four comments left");
    let followers = "SELECT follower_count FROM users WHERE username = 'member_3'";
    assert_eq!(count(&app.pool, followers).await, 7);
    assert_no_drift(&app).await;

    // A post goes with its likes and comments (and their likes); an account with its
    // posts, likes, comments and follows on both sides.
    assert_eq!(members[0].delete_post(posts[1]).await.status(), 200);
    assert_eq!(members[5].delete_account(PASSWORD).await.status(), 200);
    assert_eq!(
        count(&app.pool, followers).await,
        6,
        "the deleted account no longer follows"
    );
    assert_no_drift(&app).await;
}

#[tokio::test]
async fn drift_is_found_and_repaired() {
    let app = TestApp::spawn().await;
    let ada = app.member("ada").await;
    let bea = app.member("bea").await;
    assert_eq!(ada.follow("bea").await.status(), 200);
    let post = insert_post(&app.pool, bea.id, "hello", 0).await;
    sqlx::raw_sql(&format!(
        "UPDATE users SET follower_count = 40 WHERE id = {};
         UPDATE posts SET comment_count = 3 WHERE id = {post};",
        bea.id
    ))
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
    let followers = format!("SELECT follower_count FROM users WHERE id = {}", bea.id);
    assert_eq!(count(&app.pool, &followers).await, 1);
}

#[tokio::test]
async fn a_change_of_counts_alone_is_not_an_edit() {
    let app = TestApp::spawn().await;
    let ada = app.member("ada").await;
    let post = insert_post(&app.pool, ada.id, "hello", 0).await;
    // Backdated past the trigger, which would otherwise set it to now.
    sqlx::raw_sql(&format!(
        "ALTER TABLE posts DISABLE TRIGGER posts_set_updated_at;
         UPDATE posts SET updated_at = '2020-01-01' WHERE id = {post};
         ALTER TABLE posts ENABLE TRIGGER posts_set_updated_at;"
    ))
    .execute(&app.pool)
    .await
    .unwrap();
    let edited =
        format!("SELECT count(*) FROM posts WHERE id = {post} AND updated_at > '2020-01-02'");

    assert_eq!(ada.like_post(post).await.status(), 200);
    let likes = format!("SELECT like_count FROM posts WHERE id = {post}");
    assert_eq!(count(&app.pool, &likes).await, 1);
    assert_eq!(count(&app.pool, &edited).await, 0, "a like is not an edit");

    assert_eq!(ada.edit_caption(post, "edited").await.status(), 200);
    assert_eq!(count(&app.pool, &edited).await, 1, "a new caption is");
}
