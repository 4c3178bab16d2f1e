//! Replies (one level deep) and mentions: who is told, once, and what the database
//! refuses whatever the application does.

use crate::support::{TestApp, count, insert_comment, insert_post, insert_user};
use isntgram::comments::CommentView;
use isntgram::notifications::NotificationKind;
use reqwest::StatusCode;

async fn added(response: reqwest::Response) -> CommentView {
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.unwrap()
}

async fn kinds(app: &TestApp, recipient: i64) -> Vec<String> {
    sqlx::query_scalar("SELECT kind::text FROM notifications WHERE recipient_id = $1 ORDER BY id")
        .bind(recipient)
        .fetch_all(&app.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_reply_joins_its_thread_and_tells_the_person_replied_to() {
    let app = TestApp::spawn().await;
    let ada = app.member("ada").await;
    let bea = app.member("bea").await;
    let cleo = app.member("cleo").await;
    let post = insert_post(&app.pool, ada.id, "", 5).await;

    let top = added(bea.comment(post, "First!").await).await;
    assert_eq!(top.parent_id, None);
    let reply = added(cleo.reply(post, top.id.0, "@bea welcome").await).await;
    assert_eq!(reply.parent_id, Some(top.id));
    // Replying to a reply answers the same thread, and tells that reply's author.
    let answer = added(ada.reply(post, reply.id.0, "@cleo thanks").await).await;
    assert_eq!(answer.parent_id, Some(top.id));

    // The post lists its top comments (with their reply counts); the thread its replies.
    let comments = ada.comments(post).await;
    assert_eq!(comments.items.len(), 1);
    assert_eq!(comments.items[0].reply_count, 2);
    let replies = ada.replies(top.id.0).await;
    let ids: Vec<_> = replies.items.iter().map(|reply| reply.id).collect();
    assert_eq!(ids, [reply.id, answer.id]);
    // Every comment counts on the post.
    let comment_count: i64 = count(
        &app.pool,
        &format!("SELECT comment_count FROM posts WHERE id = {post}"),
    )
    .await;
    assert_eq!(comment_count, 3);

    // Bea: a reply (Cleo's) and no mention on top of it (the "@bea" of that reply).
    assert_eq!(kinds(&app, bea.id).await, ["reply"]);
    // Cleo: Ada's reply to her reply.
    assert_eq!(kinds(&app, cleo.id).await, ["reply"]);
    // Ada, the post's author: Bea's comment and Cleo's reply; not her own.
    assert_eq!(kinds(&app, ada.id).await, ["comment", "comment"]);

    // Bea's notification leads to the reply, its thread open.
    let notifications = bea.notifications().await;
    assert_eq!(notifications.items[0].kind, NotificationKind::Reply);
    assert_eq!(
        notifications.items[0].href(),
        format!("/p/{post}?thread={}#comment-{}", top.id, reply.id)
    );
    let (status, html) = bea.page(&notifications.items[0].href()).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(&format!(r#"id="comment-{}""#, reply.id)));
    assert!(html.contains("Hide replies"));
    // Closed, the thread offers its replies.
    let (_, html) = bea.page(&format!("/p/{post}")).await;
    assert!(html.contains("View 2 replies"));
    assert!(!html.contains(&format!(r#"id="comment-{}""#, reply.id)));
}

#[tokio::test]
async fn replies_go_with_their_thread_and_refuse_other_posts() {
    let app = TestApp::spawn().await;
    let ada = app.member("ada").await;
    let bea = app.member("bea").await;
    let post = insert_post(&app.pool, ada.id, "", 5).await;
    let other = insert_post(&app.pool, ada.id, "", 4).await;
    let top = added(bea.comment(post, "top").await).await;
    let reply = added(ada.reply(post, top.id.0, "reply").await).await;
    bea.like_comment(reply.id.0).await;

    // A reply to a comment of another post, or to one that does not exist: not found,
    // and nothing written.
    for (post, comment) in [(other, top.id.0), (post, 999_999)] {
        let response = bea.reply(post, comment, "lost").await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
    }
    assert_eq!(count(&app.pool, "SELECT count(*) FROM comments").await, 2);

    // The database holds the rules too: same post, one level.
    let cross_post = sqlx::query(
        "INSERT INTO comments (user_id, post_id, content, parent_id) VALUES ($1, $2, 'x', $3)",
    )
    .bind(bea.id)
    .bind(other)
    .bind(top.id.0)
    .execute(&app.pool)
    .await;
    assert!(cross_post.is_err());
    let nested = sqlx::query(
        "INSERT INTO comments (user_id, post_id, content, parent_id) VALUES ($1, $2, 'x', $3)",
    )
    .bind(bea.id)
    .bind(post)
    .bind(reply.id.0)
    .execute(&app.pool)
    .await
    .unwrap_err();
    assert!(nested.to_string().contains("a reply answers"), "{nested}");

    // Deleting the top comment takes its replies, their likes and notifications.
    assert_eq!(bea.delete_comment(top.id.0).await.status(), StatusCode::OK);
    assert_eq!(count(&app.pool, "SELECT count(*) FROM comments").await, 0);
    assert_eq!(count(&app.pool, "SELECT count(*) FROM likes").await, 0);
    assert_eq!(
        count(&app.pool, "SELECT count(*) FROM notifications").await,
        0
    );
    assert_eq!(
        count(
            &app.pool,
            &format!("SELECT comment_count FROM posts WHERE id = {post}")
        )
        .await,
        0
    );
}

#[tokio::test]
async fn mentions_notify_once_and_never_oneself() {
    let app = TestApp::spawn().await;
    let ada = app.member("ada").await;
    let bea = app.member("bea").await;
    let cleo = insert_user(&app.pool, "cleo").await;
    let post = insert_post(&app.pool, ada.id, "", 5).await;

    // A comment mentioning two people (one twice, in another case), oneself and nobody.
    added(
        bea.comment(post, "@cleo @ADA @Cleo @bea @nobody_here look")
            .await,
    )
    .await;
    assert_eq!(kinds(&app, cleo).await, ["mention"]);
    // Ada owns the post: told of the comment once, not again of the mention in it.
    assert_eq!(kinds(&app, ada.id).await, ["comment"]);
    assert!(kinds(&app, bea.id).await.is_empty());

    // A caption: editing it tells only the newly mentioned.
    let status = ada.edit_caption(post, "with @bea").await.status();
    assert!(status.is_success() || status.is_redirection(), "{status}");
    assert_eq!(kinds(&app, bea.id).await, ["mention"]);
    ada.edit_caption(post, "with @bea and @cleo and @ada").await;
    assert_eq!(kinds(&app, bea.id).await, ["mention"]);
    assert_eq!(kinds(&app, cleo).await, ["mention", "mention"]);
    assert_eq!(kinds(&app, ada.id).await, ["comment"]);
    // Taking a mention out and putting it back tells nobody again.
    ada.edit_caption(post, "nobody").await;
    ada.edit_caption(post, "@bea again").await;
    assert_eq!(kinds(&app, bea.id).await, ["mention"]);

    // The mention in a caption leads to the post; in a comment, to the comment.
    let notifications = bea.notifications().await;
    assert_eq!(notifications.items[0].kind, NotificationKind::Mention);
    assert_eq!(notifications.items[0].comment, None);
    assert_eq!(notifications.items[0].href(), format!("/p/{post}"));
    let comment = insert_comment(&app.pool, ada.id, post, "plain").await;
    let mention = added(ada.reply(post, comment, "cc @bea").await).await;
    let notifications = bea.notifications().await;
    assert_eq!(notifications.items[0].kind, NotificationKind::Mention);
    assert_eq!(
        notifications.items[0].href(),
        format!("/p/{post}?thread={comment}#comment-{}", mention.id)
    );
}
