//! Private accounts: their posts are for the followers they approve, on every surface
//! (media files included); following one is a request its owner answers.

use crate::images::jpeg;
use crate::support::{TestApp, count, photo_form};
use isntgram::notifications::NotificationKind;
use isntgram::profiles::FollowState;
use reqwest::{StatusCode, header};

fn ok(response: &reqwest::Response) {
    assert!(response.status().is_success(), "{}", response.status());
}

async fn follow_state(response: reqwest::Response) -> FollowState {
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.unwrap()
}

#[tokio::test]
async fn a_private_accounts_posts_reach_only_its_approved_followers() {
    let app = TestApp::spawn().await;
    let ada = app.member("ada").await;
    let bea = app.member("bea").await;
    let cid = app.member("cid").await;
    ok(&ada.set_private(true).await);
    let location = ada
        .share(photo_form(
            jpeg(80, 80),
            "a.jpg",
            "A #quiet secret",
            "Kept close",
        ))
        .await;
    let post: i64 = location.strip_prefix("/p/").unwrap().parse().unwrap();
    let photo: String = sqlx::query_scalar("SELECT url FROM photos WHERE post_id = $1")
        .bind(post)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    ok(&cid.follow("ada").await);
    ok(&ada.answer_follow_request("cid", true).await);

    let visitor = app.visitor();
    for (who, name) in [(&*bea, "bea"), (&visitor, "a visitor")] {
        let (status, page) = who.page("/ada").await;
        assert_eq!(status, StatusCode::OK, "{name}");
        assert!(page.contains("This account is private"), "{name}");
        assert!(!page.contains("Kept close"), "{name}");
        assert!(!page.contains("href=\"/ada/followers\""), "{name}");
        let (status, _) = who.page(&location).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{name}");
        assert!(who.explore(None).await.items.is_empty(), "{name}");
        assert!(who.tag("quiet").await.posts.items.is_empty(), "{name}");
        assert!(who.search("secret").await.posts.is_empty(), "{name}");
        assert_eq!(
            who.likers(post).await.status(),
            StatusCode::NOT_FOUND,
            "{name}"
        );
        assert!(who.comments(post).await.items.is_empty(), "{name}");
        let (_, followers) = who.page("/ada/followers").await;
        assert!(!followers.contains("href=\"/cid\""), "{name}");
        // The photo's file, by its URL.
        let response = who.get(&photo).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{name}");
    }
    // Nothing can be done to it from outside.
    assert_eq!(bea.like_post(post).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        bea.comment(post, "hi").await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(bea.save_post(post).await.status(), StatusCode::NOT_FOUND);

    // The approved follower and the owner see it all; the file is not for shared caches.
    for who in [&cid, &ada] {
        let (status, _) = who.page(&location).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(who.explore(None).await.items.len(), 1);
        assert_eq!(who.tag("quiet").await.posts.items.len(), 1);
        let response = who.get(&photo).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(
            response.headers()[header::CACHE_CONTROL],
            "private, max-age=31536000, immutable"
        );
    }
    ok(&cid.like_post(post).await);
    assert_eq!(cid.feed(None).await.items.len(), 1);

    // Public again: everyone sees it, and the file is public.
    ok(&ada.set_private(false).await);
    let (status, _) = visitor.page(&location).await;
    assert_eq!(status, StatusCode::OK);
    let response = visitor.get(&photo).send().await.unwrap();
    assert_eq!(
        response.headers()[header::CACHE_CONTROL],
        "public, max-age=31536000, immutable"
    );
}

#[tokio::test]
async fn following_a_private_account_is_a_request_its_owner_answers() {
    let app = TestApp::spawn().await;
    let ada = app.member("ada").await;
    let bea = app.member("bea").await;
    let cid = app.member("cid").await;
    let dan = app.member("dan").await;
    ok(&ada.set_private(true).await);

    let state = follow_state(bea.follow("ada").await).await;
    assert!(!state.following && state.requested);
    assert_eq!(state.followers, 0);
    let (_, page) = bea.page("/ada").await;
    assert!(page.contains("Requested"));
    let requests: Vec<String> = ada
        .notifications()
        .await
        .items
        .into_iter()
        .filter(|n| n.kind == NotificationKind::FollowRequest)
        .map(|n| n.actor)
        .collect();
    assert_eq!(requests, ["bea"]);
    let (_, page) = ada.page("/notifications").await;
    assert!(page.contains("Confirm") && page.contains("Delete"));

    // Withdrawn: the request and its notification go.
    let state = follow_state(bea.unfollow("ada").await).await;
    assert!(!state.following && !state.requested);
    assert_eq!(
        count(&app.pool, "SELECT count(*) FROM follow_requests").await,
        0
    );
    assert_eq!(
        count(
            &app.pool,
            "SELECT count(*) FROM notifications WHERE kind = 'follow_request'"
        )
        .await,
        0
    );

    // Asked again and confirmed: a follow; the request is answered once.
    ok(&bea.follow("ada").await);
    ok(&ada.answer_follow_request("bea", true).await);
    assert_eq!(
        ada.answer_follow_request("bea", true).await.status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let (_, page) = bea.page("/ada").await;
    assert!(page.contains("Unfollow"));
    // Deleted: no follow.
    ok(&cid.follow("ada").await);
    ok(&ada.answer_follow_request("cid", false).await);
    // Going public confirms whoever is still waiting.
    ok(&dan.follow("ada").await);
    ok(&ada.set_private(false).await);
    let followers: Vec<String> = sqlx::query_scalar(
        "SELECT u.username::text FROM follows f JOIN users u ON u.id = f.user_id
         WHERE f.user_followed_id = $1 ORDER BY u.username",
    )
    .bind(ada.id)
    .fetch_all(&app.pool)
    .await
    .unwrap();
    assert_eq!(followers, ["bea", "dan"]);
    assert_eq!(
        count(&app.pool, "SELECT count(*) FROM follow_requests").await,
        0
    );
}

#[tokio::test]
async fn the_database_keeps_private_follows_to_confirmed_requests() {
    let app = TestApp::spawn().await;
    let ada = app.member("ada").await;
    let bea = app.member("bea").await;
    ok(&ada.set_private(true).await);
    let follow = sqlx::query("INSERT INTO follows (user_id, user_followed_id) VALUES ($1, $2)")
        .bind(bea.id)
        .bind(ada.id)
        .execute(&app.pool)
        .await
        .unwrap_err();
    assert_eq!(
        follow.as_database_error().unwrap().constraint(),
        Some("follows_need_approval")
    );
    let own = sqlx::query("INSERT INTO follow_requests (requester_id, target_id) VALUES ($1, $1)")
        .bind(ada.id)
        .execute(&app.pool)
        .await
        .unwrap_err();
    assert_eq!(
        own.as_database_error().unwrap().constraint(),
        Some("no_self_request")
    );
    ok(&bea.follow("ada").await);
    ok(&bea.follow("ada").await);
    let twice =
        sqlx::query("INSERT INTO follow_requests (requester_id, target_id) VALUES ($1, $2)")
            .bind(bea.id)
            .bind(ada.id)
            .execute(&app.pool)
            .await
            .unwrap_err();
    assert_eq!(
        twice.as_database_error().unwrap().constraint(),
        Some("unique_follow_request")
    );
    // A block ends a pending request; an account's requests go with it.
    ok(&ada.set_block("bea", true).await);
    assert_eq!(
        count(&app.pool, "SELECT count(*) FROM follow_requests").await,
        0
    );
    ok(&ada.set_block("bea", false).await);
    ok(&bea.follow("ada").await);
    sqlx::query("DELETE FROM users WHERE id = $1")
        .bind(bea.id)
        .execute(&app.pool)
        .await
        .unwrap();
    assert_eq!(
        count(&app.pool, "SELECT count(*) FROM follow_requests").await,
        0
    );
}

#[tokio::test]
async fn the_demo_account_stays_public() {
    let app = TestApp::spawn().await;
    let visitor = app.visitor();
    ok(&visitor.demo_login().await);
    let response = visitor.set_private(true).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        count(&app.pool, "SELECT count(*) FROM users WHERE is_private").await,
        0
    );
}
