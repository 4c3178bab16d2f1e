//! Profile photos: uploaded through the image pipeline as a square, replaced, removed,
//! and refused with a clear message when the file is not a photo.

use crate::images::jpeg;
use crate::support::TestApp;
use isntgram::profiles::avatar::RemoveAvatar;
use leptos::server_fn::ServerFn;
use reqwest::multipart::{Form, Part};
use reqwest::{Client, header};

async fn upload_avatar(app: &TestApp, client: &Client, bytes: Vec<u8>) -> String {
    let form = Form::new().part(
        "image",
        Part::bytes(bytes)
            .file_name("me.jpg")
            .mime_str("image/jpeg")
            .unwrap(),
    );
    let response = client
        .post(app.url("/settings/avatar"))
        .header(header::ORIGIN, &app.address)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert!(response.status().is_redirection(), "{}", response.status());
    response.headers()[header::LOCATION]
        .to_str()
        .unwrap()
        .to_owned()
}

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
    let client = app.client();
    app.sign_up(&client, "ada").await;

    let location = upload_avatar(&app, &client, jpeg(1200, 800)).await;
    assert_eq!(location, "/settings?saved=avatar");
    let first = avatar_of(&app, "ada").await.expect("a photo is set");
    let served = client.get(app.url(&first)).send().await.unwrap();
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
    let html = client
        .get(app.url("/ada"))
        .header(header::ACCEPT, "text/html")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains(&first));

    // A new photo replaces the old file.
    upload_avatar(&app, &client, jpeg(600, 900)).await;
    let second = avatar_of(&app, "ada").await.unwrap();
    assert_ne!(first, second);
    assert_eq!(app.media_files().len(), 1, "the old file is gone");

    let response = app.call(&client, RemoveAvatar::PATH, &[]).await;
    assert_eq!(response.status(), 200);
    assert_eq!(avatar_of(&app, "ada").await, None);
    assert!(app.media_files().is_empty());
}

#[tokio::test]
async fn a_file_that_is_not_a_photo_changes_nothing() {
    let app = TestApp::spawn().await;
    let client = app.client();
    app.sign_up(&client, "ada").await;
    let location = upload_avatar(&app, &client, b"<html>hello</html>".to_vec()).await;
    assert_eq!(location, "/settings");
    let (_, page) = app.page(&client, &location).await;
    assert!(page.contains("JPEG"), "the reason is shown: {page}");
    let (_, page) = app.page(&client, &location).await;
    assert!(!page.contains("JPEG"), "and only once");
    assert_eq!(avatar_of(&app, "ada").await, None);
    assert!(app.media_files().is_empty());

    // And nobody can set one without logging in.
    let visitor = app.client();
    let location = upload_avatar(&app, &visitor, jpeg(100, 100)).await;
    assert!(location.starts_with("/login"));
}
