//! Posts of several photos: stored whole or not at all, in order, each with its alt
//! text; shown as a carousel; described again by their owner; and the database's own
//! rule that a post has its photos.

use crate::images::jpeg;
use crate::support::{TestApp, carousel_form, count, insert_post};
use reqwest::StatusCode;

/// (width, height, alt text) of each photo of `post`, in carousel order.
async fn photos_of(app: &TestApp, post: i64) -> Vec<(i32, i32, String)> {
    sqlx::query_as(
        "SELECT width, height, alt_text FROM photos WHERE post_id = $1 ORDER BY position",
    )
    .bind(post)
    .fetch_all(&app.pool)
    .await
    .unwrap()
}

fn post_id(location: &str) -> i64 {
    location
        .strip_prefix("/p/")
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("not a post: {location}"))
}

#[tokio::test]
async fn a_carousel_keeps_its_photos_in_order_each_with_its_alt_text() {
    let app = TestApp::spawn().await;
    let ada = app.member("ada").await;
    let form = carousel_form(
        vec![jpeg(600, 400), jpeg(400, 600), jpeg(500, 500)],
        "Three views",
        &["  The bay  ", "", "A <b>lighthouse</b>"],
    );
    let post = post_id(&ada.share(form).await);
    assert_eq!(
        photos_of(&app, post).await,
        vec![
            (600, 400, "The bay".to_owned()),
            (400, 600, String::new()),
            (500, 500, "A <b>lighthouse</b>".to_owned()),
        ]
    );

    let (status, html) = app.visitor().page(&format!("/p/{post}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Photo 1 of 3"), "{html}");
    assert!(html.contains(r#"aria-label="Next photo""#));
    assert!(html.contains(r#"aria-label="Previous photo""#));
    assert!(html.contains(r#"alt="The bay""#));
    // A photo left undescribed is still described; the alt text is escaped.
    assert!(html.contains(r#"alt="Photo 2 of 3 by ada""#));
    assert!(html.contains(r#"alt="A &lt;b&gt;lighthouse&lt;/b&gt;""#));
    assert!(!html.contains("<b>lighthouse"));

    // The profile grid marks it as several photos; the feed and Explore carry them all.
    let (_, profile) = app.visitor().page("/ada").await;
    assert!(profile.contains("Several photos"));
    let explore = app.visitor().explore(None).await;
    assert_eq!(explore.items[0].photo_count, 3);
    assert_eq!(explore.items[0].cover.width, 600);
}

#[tokio::test]
async fn a_post_of_one_photo_has_no_carousel() {
    let app = TestApp::spawn().await;
    let ada = app.member("ada").await;
    let post = post_id(
        &ada.share(carousel_form(vec![jpeg(300, 300)], "", &["Alone"]))
            .await,
    );
    let (_, html) = app.visitor().page(&format!("/p/{post}")).await;
    assert!(!html.contains("Next photo"));
    assert!(!html.contains("Photo 1 of 1"));
    let (_, profile) = app.visitor().page("/ada").await;
    assert!(!profile.contains("Several photos"));
}

#[tokio::test]
async fn one_bad_photo_refuses_the_whole_post_and_leaves_nothing_behind() {
    let app = TestApp::spawn().await;
    let ada = app.member("ada").await;
    let form = carousel_form(
        vec![
            jpeg(300, 200),
            jpeg(200, 300),
            b"<svg onload=alert(1)>".to_vec(),
        ],
        "Kept words",
        &["first", "second", "third"],
    );
    let location = ada.share(form).await;
    assert_eq!(location, "/new");
    let (_, page) = ada.page(&location).await;
    assert!(
        page.contains("Photo 3: Isntgram accepts JPEG, PNG and WebP images."),
        "{page}"
    );
    assert!(page.contains("Kept words"));
    assert!(
        page.contains(r#"value="first""#),
        "the first alt text is kept"
    );
    assert_eq!(count(&app.pool, "SELECT count(*) FROM posts").await, 0);
    assert_eq!(count(&app.pool, "SELECT count(*) FROM photos").await, 0);
    assert!(app.media_files().is_empty(), "{:?}", app.media_files());
}

#[tokio::test]
async fn a_post_holds_at_most_ten_photos() {
    let app = TestApp::spawn().await;
    let ada = app.member("ada").await;
    let photo = jpeg(64, 64);
    let location = ada
        .share(carousel_form(vec![photo.clone(); 11], "Too many", &[]))
        .await;
    assert_eq!(location, "/new");
    let (_, page) = ada.page(&location).await;
    assert!(page.contains("A post holds at most 10 photos."), "{page}");
    assert_eq!(count(&app.pool, "SELECT count(*) FROM posts").await, 0);
    assert!(app.media_files().is_empty());

    let post = post_id(&ada.share(carousel_form(vec![photo; 10], "", &[])).await);
    assert_eq!(photos_of(&app, post).await.len(), 10);
}

#[tokio::test]
async fn only_the_owner_describes_each_photo_again() {
    let app = TestApp::spawn().await;
    let ada = app.member("ada").await;
    let bea = app.member("bea").await;
    let post = post_id(
        &ada.share(carousel_form(
            vec![jpeg(300, 200), jpeg(200, 300)],
            "",
            &["one"],
        ))
        .await,
    );
    let response = ada.edit_alt_texts(post, &[" First ", "Second"]).await;
    assert!(response.status().is_success(), "{}", response.status());
    let alts: Vec<String> = photos_of(&app, post)
        .await
        .into_iter()
        .map(|p| p.2)
        .collect();
    assert_eq!(alts, ["First", "Second"]);

    // The editor names each field; a too-long text keeps every field as typed.
    let (_, editor) = ada.page(&format!("/p/{post}?edit=alt")).await;
    assert!(editor.contains(r#"name="alt_text[1]""#) && editor.contains("Describe photo 2"));
    let long = "a".repeat(1001);
    let response = ada.edit_alt_texts(post, &["kept", &long]).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        bea.edit_alt_texts(post, &["mine", "now"]).await.status(),
        StatusCode::FORBIDDEN
    );
    let alts: Vec<String> = photos_of(&app, post)
        .await
        .into_iter()
        .map(|p| p.2)
        .collect();
    assert_eq!(alts, ["First", "Second"]);
}

#[tokio::test]
async fn deleting_a_carousel_removes_every_photo_file() {
    let app = TestApp::spawn().await;
    let ada = app.member("ada").await;
    let post = post_id(
        &ada.share(carousel_form(vec![jpeg(300, 200), jpeg(200, 300)], "", &[]))
            .await,
    );
    assert!(!app.media_files().is_empty());
    let response = ada.delete_post(post).await;
    assert!(response.status().is_success(), "{}", response.status());
    assert_eq!(count(&app.pool, "SELECT count(*) FROM photos").await, 0);
    assert!(app.media_files().is_empty(), "{:?}", app.media_files());
}

#[tokio::test]
async fn the_database_keeps_every_post_with_its_first_photo() {
    let app = TestApp::spawn().await;
    let ada = crate::support::insert_user(&app.pool, "ada").await;

    // A post alone cannot be committed.
    let alone = sqlx::query("INSERT INTO posts (user_id, caption) VALUES ($1, 'no photo')")
        .bind(ada)
        .execute(&app.pool)
        .await;
    let error = alone.expect_err("a post without photos is refused");
    assert!(error.to_string().contains("has no first photo"), "{error}");

    // Its first photo cannot leave it; an eleventh place does not exist.
    let post = insert_post(&app.pool, ada, "", 1).await;
    let removed = sqlx::query("DELETE FROM photos WHERE post_id = $1")
        .bind(post)
        .execute(&app.pool)
        .await;
    assert!(removed.is_err());
    let eleventh = sqlx::query(
        "INSERT INTO photos (post_id, position, url, width, height)
         VALUES ($1, 10, '/media/00/x.webp', 10, 10)",
    )
    .bind(post)
    .execute(&app.pool)
    .await;
    assert!(eleventh.is_err());

    // With its post, it goes.
    sqlx::query("DELETE FROM posts WHERE id = $1")
        .bind(post)
        .execute(&app.pool)
        .await
        .unwrap();
    assert_eq!(count(&app.pool, "SELECT count(*) FROM photos").await, 0);
}
