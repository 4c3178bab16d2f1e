//! The account's own pages beyond the profile form: downloading one's data.

use std::io::Read;

use crate::images::jpeg;
use crate::support::{TestApp, photo_form};
use reqwest::{StatusCode, header};

#[tokio::test]
async fn download_your_data_holds_what_i_wrote_and_my_photos_and_nothing_of_others() {
    let app = TestApp::spawn().await;
    let ada = app.member("ada").await;
    let bea = app.member("bea").await;
    let location = ada
        .share(photo_form(
            jpeg(400, 300),
            "a.jpg",
            "Ada's own words",
            "Ada's alt",
        ))
        .await;
    let post: i64 = location.trim_start_matches("/p/").parse().unwrap();
    ada.comment(post, "A note to self").await;
    bea.comment(post, "Bea's secret thoughts").await;
    ada.like_post(post).await;
    ada.save_post(post).await;
    ada.follow("bea").await;

    let response = ada.get("/settings/data/export").send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[header::CONTENT_TYPE], "application/zip");
    assert!(
        response.headers()[header::CONTENT_DISPOSITION]
            .to_str()
            .unwrap()
            .contains("isntgram-ada.zip")
    );
    assert_eq!(response.headers()[header::CACHE_CONTROL], "no-store");
    let bytes = response.bytes().await.unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).unwrap();

    let mut readme = String::new();
    archive
        .by_name("README.txt")
        .unwrap()
        .read_to_string(&mut readme)
        .unwrap();
    assert!(readme.contains("data.json") && readme.contains("photos/"));

    let mut data = String::new();
    archive
        .by_name("data.json")
        .unwrap()
        .read_to_string(&mut data)
        .unwrap();
    let data: serde_json::Value = serde_json::from_str(&data).unwrap();
    assert_eq!(data["account"]["username"], "ada");
    assert_eq!(data["account"]["email"], "ada@example.com");
    assert_eq!(data["posts"][0]["caption"], "Ada's own words");
    assert_eq!(data["posts"][0]["photos"][0]["alt_text"], "Ada's alt");
    assert_eq!(data["comments"].as_array().unwrap().len(), 1);
    assert_eq!(data["comments"][0]["text"], "A note to self");
    assert_eq!(data["likes"][0]["id"], post);
    assert_eq!(data["saved"][0]["post"], post);
    assert_eq!(data["following"][0]["username"], "bea");
    assert!(!data.to_string().contains("secret thoughts"));

    // The photo, byte for byte as stored.
    let name = format!("photos/post-{post}-1.");
    assert!(
        data["posts"][0]["photos"][0]["file"]
            .as_str()
            .unwrap()
            .starts_with(&name)
    );
    let photo_name = archive
        .file_names()
        .filter_map(Result::ok)
        .find(|file| file.starts_with(&name))
        .expect("the post's photo")
        .into_owned();
    let mut photo = Vec::new();
    archive
        .by_name(&photo_name)
        .unwrap()
        .read_to_end(&mut photo)
        .unwrap();
    let (_, extension) = photo_name.rsplit_once('.').unwrap();
    let stored = app
        .media_files()
        .into_iter()
        .map(|path| std::fs::read(path).unwrap())
        .any(|bytes| bytes == photo);
    assert!(stored && !extension.is_empty());

    // A visitor is sent to log in; the page holds the button.
    let response = app
        .visitor()
        .get("/settings/data/export")
        .send()
        .await
        .unwrap();
    assert!(response.status().is_redirection());
    let (status, html) = ada.page("/settings/data").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Download your data</button>"));
}

#[tokio::test]
async fn one_download_of_your_data_at_a_time() {
    let app = TestApp::spawn().await;
    let ada = app.member("ada").await;
    // A download under way (on this server or another one).
    sqlx::query("INSERT INTO data_exports (user_id) VALUES ($1)")
        .bind(ada.id)
        .execute(&app.pool)
        .await
        .unwrap();
    let busy = ada.get("/settings/data/export").send().await.unwrap();
    assert_eq!(busy.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(busy.headers().contains_key(header::RETRY_AFTER));
    // Another account's download is its own.
    let bea = app.member("bea").await;
    let theirs = bea.get("/settings/data/export").send().await.unwrap();
    assert_eq!(theirs.status(), StatusCode::OK);
    theirs.bytes().await.unwrap();

    // A lease left by a server that died ends after 15 minutes.
    sqlx::query(
        "UPDATE data_exports SET started_at = now() - interval '16 minutes' WHERE user_id = $1",
    )
    .bind(ada.id)
    .execute(&app.pool)
    .await
    .unwrap();
    let response = ada.get("/settings/data/export").send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let bytes = response.bytes().await.unwrap();
    assert!(zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).is_ok());
    // Once the archive is whole, the lease is gone.
    let mut left = 1;
    for _ in 0..50 {
        left = crate::support::count(&app.pool, "SELECT count(*) FROM data_exports").await;
        if left == 0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(left, 0);
}
