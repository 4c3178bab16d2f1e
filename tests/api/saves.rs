//! Saved posts: saving is idempotent and private, the saved tab lists mine newest saved
//! first a page at a time, and nobody else can read it.

use crate::support::{TestApp, count, insert_post, insert_user};
use isntgram::pagination::{PAGE_SIZE, Page};
use isntgram::posts::GridPost;
use isntgram::saves::api::SetSaved;
use leptos::server_fn::ServerFn;
use reqwest::{StatusCode, header};

async fn saved_page(response: reqwest::Response) -> Page<GridPost> {
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.unwrap()
}

#[tokio::test]
async fn saving_is_idempotent_private_and_listed_newest_saved_first() {
    let app = TestApp::spawn().await;
    let ada = app.member("ada").await;
    let bea = app.member("bea").await;
    let older = insert_post(&app.pool, ada.id, "older", 10).await;
    let newer = insert_post(&app.pool, ada.id, "newer", 5).await;
    bea.follow("ada").await;

    for _ in 0..2 {
        let response = bea.save_post(newer).await;
        assert_eq!(response.status(), StatusCode::OK);
        assert!(response.json::<bool>().await.unwrap());
    }
    bea.save_post(older).await;
    assert_eq!(
        count(&app.pool, "SELECT count(*) FROM saved_posts").await,
        2
    );
    // Nobody is told of a save (Ada hears of the follow only).
    assert_eq!(
        count(
            &app.pool,
            "SELECT count(*) FROM notifications WHERE kind <> 'follow'"
        )
        .await,
        0
    );

    // The one saved last comes first, whatever the posts' own ages.
    let page = saved_page(bea.saved_posts("bea", None).await).await;
    let ids: Vec<i64> = page.items.iter().map(|post| post.id.0).collect();
    assert_eq!(ids, [older, newer]);
    assert_eq!(page.next, None);

    // Only the saver sees it as saved.
    let feed = bea.feed(None).await;
    assert!(feed.items.iter().all(|item| item.post.saved_by_me));
    let feed = ada.feed(None).await;
    assert!(feed.items.iter().all(|item| !item.post.saved_by_me));

    for _ in 0..2 {
        let response = bea.unsave_post(newer).await;
        assert_eq!(response.status(), StatusCode::OK);
        assert!(!response.json::<bool>().await.unwrap());
    }
    let page = saved_page(bea.saved_posts("bea", None).await).await;
    assert_eq!(page.items.len(), 1);
    assert_eq!(page.items[0].id.0, older);
}

#[tokio::test]
async fn nobody_reads_anyone_elses_saved_posts() {
    let app = TestApp::spawn().await;
    let ada = app.member("ada").await;
    let bea = app.member("bea").await;
    let post = insert_post(&app.pool, ada.id, "", 1).await;
    bea.save_post(post).await;

    // Another member: not found, through the API and the page, in any spelling.
    for name in ["bea", "BEA", "Bea"] {
        assert_eq!(
            ada.saved_posts(name, None).await.status(),
            StatusCode::NOT_FOUND
        );
        let (status, html) = ada.page(&format!("/{name}/saved")).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{name}");
        assert!(!html.contains(&format!("/p/{post}")));
    }
    // My own, in another spelling, is mine.
    let page = saved_page(bea.saved_posts("BEA", None).await).await;
    assert_eq!(page.items.len(), 1);

    // A visitor: refused, and the page sends them to log in.
    let visitor = app.visitor();
    assert_eq!(
        visitor.saved_posts("bea", None).await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        visitor.save_post(post).await.status(),
        StatusCode::UNAUTHORIZED
    );
    let response = visitor
        .get("/bea/saved")
        .header(header::ACCEPT, "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FOUND);
    assert_eq!(
        response.headers()[header::LOCATION],
        "/login?next=/bea/saved"
    );

    // The owner sees the tab and the post; others see no "Saved" tab on the profile.
    let (status, html) = bea.page("/bea/saved").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(&format!("/p/{post}")));
    assert!(html.contains(r#"href="/bea/saved""#));
    let (_, html) = ada.page("/bea").await;
    assert!(!html.contains(r#"href="/bea/saved""#));
    assert_eq!(
        count(&app.pool, "SELECT count(*) FROM saved_posts").await,
        1
    );
}

#[tokio::test]
async fn saving_what_is_missing_is_a_clear_error_and_deletes_cascade() {
    let app = TestApp::spawn().await;
    let ada = app.member("ada").await;
    let bea = app.member("bea").await;
    for saved in [true, false] {
        let response = bea.set_saved(999_999, saved).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
        assert!(
            response
                .text()
                .await
                .unwrap()
                .contains("This post isn't available")
        );
    }
    assert_eq!(
        count(&app.pool, "SELECT count(*) FROM saved_posts").await,
        0
    );

    let post = insert_post(&app.pool, ada.id, "", 1).await;
    let other = insert_post(&app.pool, ada.id, "", 2).await;
    bea.save_post(post).await;
    bea.save_post(other).await;
    assert_eq!(ada.delete_post(post).await.status(), StatusCode::OK);
    let page = saved_page(bea.saved_posts("bea", None).await).await;
    assert_eq!(page.items.len(), 1);
    assert_eq!(page.items[0].id.0, other);

    // A saver's account going takes their saves with it.
    let cleo = insert_user(&app.pool, "cleo").await;
    sqlx::query("INSERT INTO saved_posts (user_id, post_id) VALUES ($1, $2)")
        .bind(cleo)
        .bind(other)
        .execute(&app.pool)
        .await
        .unwrap();
    sqlx::query("DELETE FROM users WHERE id = $1")
        .bind(cleo)
        .execute(&app.pool)
        .await
        .unwrap();
    assert_eq!(
        count(&app.pool, "SELECT count(*) FROM saved_posts").await,
        1
    );
    // The database holds one save per person and post, whatever the application does.
    let twice = sqlx::query("INSERT INTO saved_posts (user_id, post_id) VALUES ($1, $2)")
        .bind(bea.id)
        .bind(other)
        .execute(&app.pool)
        .await;
    assert!(twice.is_err());
}

#[tokio::test]
async fn saved_posts_come_a_page_at_a_time() {
    let app = TestApp::spawn().await;
    let ada = app.member("ada").await;
    let mut posts = Vec::new();
    for n in 0..PAGE_SIZE as i64 + 3 {
        let post = insert_post(&app.pool, ada.id, &format!("post {n}"), 100 - n).await;
        ada.save_post(post).await;
        posts.push(post);
    }
    let first = saved_page(ada.saved_posts("ada", None).await).await;
    assert_eq!(first.items.len(), PAGE_SIZE);
    let cursor = first.next.clone().expect("a second page");
    // Saving another one meanwhile does not shift the next page.
    let late = insert_post(&app.pool, ada.id, "late", 0).await;
    ada.save_post(late).await;
    let second = saved_page(ada.saved_posts("ada", Some(&cursor)).await).await;
    assert_eq!(second.next, None);
    let mut seen: Vec<i64> = first
        .items
        .iter()
        .chain(&second.items)
        .map(|post| post.id.0)
        .collect();
    posts.reverse();
    assert_eq!(seen, posts);
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), PAGE_SIZE + 3);
    assert_eq!(
        ada.saved_posts("ada", Some("garbage")).await.status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
}

#[tokio::test]
async fn a_save_without_javascript_returns_to_the_page_it_came_from() {
    let app = TestApp::spawn().await;
    let bea = app.member("bea").await;
    let post = insert_post(&app.pool, insert_user(&app.pool, "ada").await, "", 1).await;
    let from = format!("/p/{post}");
    let (_, html) = bea.page(&from).await;
    assert!(html.contains(">Save<"));
    let response = bea
        .form_post(
            SetSaved::PATH,
            &from,
            &[("post_id", &post.to_string()), ("saved", "true")],
        )
        .await;
    assert!(response.status().is_redirection(), "{}", response.status());
    let location = response.headers()[header::LOCATION].to_str().unwrap();
    assert_eq!(location.trim_end_matches('?'), app.url(&from));
    let (_, html) = bea.page(&from).await;
    assert!(html.contains(">Remove from saved<"));
    assert_eq!(
        count(&app.pool, "SELECT count(*) FROM saved_posts").await,
        1
    );
}
