//! Profile photos: uploaded through the image pipeline as a square, replaced, removed,
//! and refused with a clear message when the file is not a photo.

use crate::images::jpeg;
use crate::support::TestApp;
use reqwest::header;

async fn avatar_of(app: &TestApp, username: &str) -> Option<String> {
    sqlx::query_scalar("SELECT profile_image_url FROM users WHERE username = $1")
        .bind(username)
        .fetch_one(&app.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_profile_photo_is_stored_square_replaced_and_removed() {
    let app = TestApp::spawn().await;
    let ada = app.member("ada").await;

    let location = ada.set_avatar(jpeg(1200, 800)).await;
    assert_eq!(location, "/settings?saved=avatar");
    let first = avatar_of(&app, "ada").await.expect("a photo is set");
    let served = ada.get(&first).send().await.unwrap();
    assert_eq!(served.headers()[header::CONTENT_TYPE], "image/webp");
    let bytes = served.bytes().await.unwrap();
    let decoded = image::load_from_memory(&bytes).unwrap();
    assert_eq!(
        (decoded.width(), decoded.height()),
        (320, 320),
        "cropped square"
    );
    assert_eq!(app.media_files().len(), 1, "one size is kept");

    // Pages show it: the profile and the navigation.
    let (_, html) = ada.page("/ada").await;
    assert!(html.contains(&first));

    // A new photo replaces the old file.
    ada.set_avatar(jpeg(600, 900)).await;
    let second = avatar_of(&app, "ada").await.unwrap();
    assert_ne!(first, second);
    assert_eq!(app.media_files().len(), 1, "the old file is gone");

    let response = ada.remove_avatar().await;
    assert_eq!(response.status(), 200);
    assert_eq!(avatar_of(&app, "ada").await, None);
    assert!(app.media_files().is_empty());
}

#[tokio::test]
async fn a_file_that_is_not_a_photo_changes_nothing() {
    let app = TestApp::spawn().await;
    let ada = app.member("ada").await;
    let location = ada.set_avatar(b"<html>hello</html>".to_vec()).await;
    assert_eq!(location, "/settings");
    let (_, page) = ada.page(&location).await;
    assert!(page.contains("JPEG"), "the reason is shown: {page}");
    let (_, page) = ada.page(&location).await;
    assert!(!page.contains("JPEG"), "and only once");
    assert_eq!(avatar_of(&app, "ada").await, None);
    assert!(app.media_files().is_empty());

    // And nobody can set one without logging in.
    let location = app.visitor().set_avatar(jpeg(100, 100)).await;
    assert!(location.starts_with("/login"));
}
