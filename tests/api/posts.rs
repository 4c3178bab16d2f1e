//! Sharing photos: the upload, the pipeline's guarantees as stored, serving, editing
//! and deleting, and who may do what.

use std::sync::Arc;

use crate::images::{contains, huge_png, jpeg, jpeg_with_exif};
use crate::support::{TestApp, count, insert_comment, insert_post, insert_user, photo_form};
use futures::StreamExt;
use isntgram::media::storage::{MediaStore, ObjectStoreMedia, StoreFuture};
use isntgram::posts::UploadAnswer;
use object_store::{ObjectStore, ObjectStoreExt};
use reqwest::{StatusCode, header};

fn post_id(location: &str) -> i64 {
    location
        .strip_prefix("/p/")
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("not a post: {location}"))
}

/// The address of the full-size photo of the post at `location`.
async fn image_url(app: &TestApp, location: &str) -> String {
    sqlx::query_scalar("SELECT url FROM photos WHERE post_id = $1 AND position = 0")
        .bind(post_id(location))
        .fetch_one(&app.pool)
        .await
        .unwrap()
}

/// The hashtags stored for a post.
async fn tags_of(app: &TestApp, post: i64) -> Vec<String> {
    sqlx::query_scalar(
        "SELECT h.name FROM post_hashtags ph JOIN hashtags h ON h.id = ph.hashtag_id WHERE ph.post_id = $1",
    )
    .bind(post)
    .fetch_all(&app.pool)
    .await
    .unwrap()
}

#[tokio::test]
async fn sharing_a_photo_stores_it_and_opens_its_page() {
    let app = TestApp::spawn().await;
    let ada = app.member("ada").await;
    insert_user(&app.pool, "bea_b").await;
    let location = ada
        .share(photo_form(
            jpeg(1600, 1200),
            "holiday.jpg",
            "At the #Beach with @bea_b #beach",
            "Waves at dusk",
        ))
        .await;
    let id = post_id(&location);

    let (width, height, alt, caption): (i32, i32, String, String) = sqlx::query_as(
        "SELECT ph.width, ph.height, ph.alt_text, p.caption
         FROM posts p JOIN photos ph ON ph.post_id = p.id WHERE p.id = $1",
    )
    .bind(id)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!((width, height), (1600, 1200));
    assert_eq!(alt, "Waves at dusk");
    assert_eq!(caption, "At the #Beach with @bea_b #beach");
    let tags = tags_of(&app, id).await;
    assert_eq!(tags, ["beach"]);
    assert_eq!(
        app.media_files().len(),
        4,
        "320, 750, 1080 and the full size"
    );

    let page = ada.get(&location).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("<article"));
    assert!(html.contains("alt=\"Waves at dusk\""));
    assert!(
        html.contains(" 320w,") && html.contains(" 1600w"),
        "srcset lists every width"
    );
    assert!(
        html.contains("aspect-ratio: 1600 / 1200"),
        "the box is reserved"
    );
    assert!(html.contains("href=\"/tags/beach\""));
    assert!(
        html.contains("href=\"/bea_b\""),
        "a mention of someone who exists"
    );
    assert!(html.contains("Edit caption") && html.contains("Delete post"));
}

#[tokio::test]
async fn stored_images_carry_no_metadata_and_follow_the_exif_orientation() {
    let app = TestApp::spawn().await;
    let ada = app.member("ada").await;
    let input = jpeg_with_exif(400, 200, 6);
    assert!(contains(&input, b"Exif") && contains(&input, b"MM"));
    let location = ada.share(photo_form(input, "gps.jpg", "", "")).await;
    let (width, height): (i32, i32) =
        sqlx::query_as("SELECT width, height FROM photos WHERE post_id = $1")
            .bind(post_id(&location))
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(
        (width, height),
        (200, 400),
        "orientation 6 turns landscape into portrait"
    );
    for file in app.media_files() {
        let bytes = std::fs::read(&file).unwrap();
        assert!(
            !contains(&bytes, b"Exif") && !contains(&bytes, b"GPS"),
            "{file:?} carries metadata"
        );
        let decoded = image::load_from_memory(&bytes).unwrap();
        assert!(decoded.height() > decoded.width(), "{file:?} is portrait");
    }
}

#[tokio::test]
async fn bad_files_get_a_clear_message_and_leave_nothing_behind() {
    let app = TestApp::spawn_with(|config| config.max_upload_bytes = 1_000_000).await;
    let ada = app.member("ada").await;
    let truncated = {
        let whole = jpeg(800, 600);
        whole[..whole.len() / 2].to_vec()
    };
    let cases: Vec<(Vec<u8>, &str, &str)> = vec![
        (Vec::new(), "empty.jpg", "Choose a photo to share."),
        (
            b"<!doctype html><script>alert(1)</script>".to_vec(),
            "page.jpg",
            "Isntgram accepts JPEG, PNG and WebP images.",
        ),
        (truncated, "cut.jpg", "damaged or incomplete"),
        (
            vec![0xAB; 1_500_000],
            "big.jpg",
            "The file is 1.5 MB; the limit is 1 MB.",
        ),
        (
            huge_png(30_000, 30_000),
            "bomb.png",
            "This image is 30000×30000 pixels",
        ),
    ];
    for (bytes, name, message) in cases {
        let location = ada
            .share(photo_form(bytes, name, "My caption #kept", "kept alt"))
            .await;
        assert_eq!(location, "/new", "{name}");
        let (_, page) = ada.page(&location).await;
        assert!(
            page.contains(message) || page.contains(&message.replace('\'', "&#x27;")),
            "{name}: {page}"
        );
        assert!(
            page.contains("My caption #kept"),
            "{name}: the caption typed is kept"
        );
    }
    assert_eq!(count(&app.pool, "SELECT count(*) FROM posts").await, 0);
    assert!(app.media_files().is_empty(), "{:?}", app.media_files());
}

#[tokio::test]
async fn visitors_cannot_upload() {
    let app = TestApp::spawn().await;
    let location = app
        .visitor()
        .share(photo_form(jpeg(100, 100), "a.jpg", "", ""))
        .await;
    assert_eq!(location, "/login?next=/new");
    assert_eq!(count(&app.pool, "SELECT count(*) FROM posts").await, 0);
}

/// A store whose writes always fail.
struct BrokenStore;

impl MediaStore for BrokenStore {
    fn put<'a>(&'a self, _key: &'a str, _bytes: &'a [u8]) -> StoreFuture<'a, ()> {
        Box::pin(async { Err(std::io::Error::other("disk on fire")) })
    }
    fn get<'a>(&'a self, _key: &'a str) -> StoreFuture<'a, Option<Vec<u8>>> {
        Box::pin(async { Ok(None) })
    }
    fn delete<'a>(&'a self, _key: &'a str) -> StoreFuture<'a, ()> {
        Box::pin(async { Ok(()) })
    }
}

#[tokio::test]
async fn a_storage_failure_leaves_no_post() {
    let app = TestApp::spawn_customised(|_| {}, |state| state.media = Arc::new(BrokenStore)).await;
    let ada = app.member("ada").await;
    let location = ada
        .share(photo_form(jpeg(300, 200), "a.jpg", "lost?", ""))
        .await;
    assert_eq!(location, "/new");
    let (_, page) = ada.page(&location).await;
    assert!(page.contains("lost?"), "the caption comes back: {page}");
    assert!(page.contains("right now, so nothing was shared"), "{page}");
    assert_eq!(count(&app.pool, "SELECT count(*) FROM posts").await, 0);
}

#[tokio::test]
async fn a_failed_insert_leaves_no_file() {
    let app = TestApp::spawn().await;
    let ada = app.member("ada").await;
    sqlx::raw_sql(
        "CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused'; END $$;
         CREATE TRIGGER refuse BEFORE INSERT ON posts FOR EACH ROW EXECUTE FUNCTION refuse();",
    )
    .execute(&app.pool)
    .await
    .unwrap();
    let location = ada.share(photo_form(jpeg(300, 200), "a.jpg", "", "")).await;
    assert_eq!(location, "/new");
    assert_eq!(count(&app.pool, "SELECT count(*) FROM posts").await, 0);
    assert!(app.media_files().is_empty(), "{:?}", app.media_files());
}

#[tokio::test]
async fn photos_can_live_in_an_object_store_instead_of_the_disk() {
    let bucket = Arc::new(object_store::memory::InMemory::new());
    let store = bucket.clone();
    let app = TestApp::spawn_customised(
        |_| {},
        move |state| state.media = Arc::new(ObjectStoreMedia::new(store, "media/")),
    )
    .await;
    let ada = app.member("ada").await;
    let location = ada
        .share(photo_form(jpeg(700, 500), "a.jpg", "In a bucket", ""))
        .await;
    let url = image_url(&app, &location).await;
    let response = app.visitor().get(&url).send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()[header::CONTENT_TYPE], "image/webp");
    let served = response.bytes().await.unwrap();
    let key = url.strip_prefix("/media/").unwrap();
    let stored = bucket
        .get(&object_store::path::Path::from(format!("media/{key}")))
        .await
        .expect("the photo is in the bucket");
    assert_eq!(stored.bytes().await.unwrap(), served);
    assert!(app.media_files().is_empty(), "nothing on the disk");

    // Deleting the post empties the bucket of its files.
    let response = ada.delete_post(post_id(&location)).await;
    assert!(response.status().is_success() || response.status().is_redirection());
    let left = bucket.list(None).collect::<Vec<_>>().await;
    assert!(left.is_empty(), "{} objects left", left.len());
}

#[tokio::test]
async fn media_is_served_only_as_images_and_cached_forever() {
    let app = TestApp::spawn().await;
    let ada = app.member("ada").await;
    let location = ada.share(photo_form(jpeg(500, 500), "a.jpg", "", "")).await;
    let url = image_url(&app, &location).await;
    let response = app.visitor().get(&url).send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()[header::CONTENT_TYPE], "image/webp");
    assert_eq!(response.headers()["x-content-type-options"], "nosniff");
    assert_eq!(
        response.headers()[header::CACHE_CONTROL],
        "public, max-age=31536000, immutable"
    );
    let etag = response.headers()[header::ETAG].clone();
    assert!(!response.bytes().await.unwrap().is_empty());

    let again = app
        .visitor()
        .get(&url)
        .header(header::IF_NONE_MATCH, etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 304);

    for bad in [
        "/media/../Cargo.toml",
        "/media/ab/not-a-hash.webp",
        "/media/x.html",
    ] {
        let response = app.visitor().get(bad).send().await.unwrap();
        assert_eq!(response.status(), 404, "{bad}");
    }
}

#[tokio::test]
async fn only_the_owner_edits_and_deletes_and_files_go_with_the_post() {
    let app = TestApp::spawn().await;
    let ada = app.member("ada").await;
    let bea = app.member("bea").await;
    let location = ada
        .share(photo_form(jpeg(400, 300), "a.jpg", "#old tag", ""))
        .await;
    let id = post_id(&location);

    let response = bea.edit_caption(id, "mine now").await;
    assert_eq!(response.status(), 403);
    let response = bea.delete_post(id).await;
    assert_eq!(response.status(), 403);
    let response = app.visitor().delete_post(id).await;
    assert_eq!(response.status(), 401);
    let response = ada.delete_post(999999).await;
    assert_eq!(response.status(), 404);

    let response = ada.edit_caption(id, "#New words").await;
    assert_eq!(response.status(), 200);
    let tags = tags_of(&app, id).await;
    assert_eq!(tags, ["new"], "hashtags follow the edited caption");

    insert_comment(&app.pool, bea.id, id, "nice").await;
    let response = ada.delete_post(id).await;
    assert_eq!(response.status(), 200);
    assert_eq!(count(&app.pool, "SELECT count(*) FROM posts").await, 0);
    assert_eq!(count(&app.pool, "SELECT count(*) FROM comments").await, 0);
    assert!(app.media_files().is_empty(), "{:?}", app.media_files());
    let page = app.visitor().get(&location).send().await.unwrap();
    assert_eq!(page.status(), 404);
}

#[tokio::test]
async fn a_missing_post_is_a_404_page() {
    let app = TestApp::spawn().await;
    for path in ["/p/424242", "/p/not-a-number"] {
        let response = app.visitor().get(path).send().await.unwrap();
        assert_eq!(response.status(), 404, "{path}");
        assert!(response.text().await.unwrap().contains("isn"));
    }
}

#[tokio::test]
async fn posting_is_limited_per_account_and_keeps_the_caption() {
    let app = TestApp::spawn_with(|config| config.rate_limits.posts_per_hour = 1).await;
    let ada = app.member("ada").await;
    let first = ada
        .share(photo_form(jpeg(300, 200), "a.jpg", "first", ""))
        .await;
    assert!(first.starts_with("/p/"), "{first}");
    let second = ada
        .share(photo_form(jpeg(300, 200), "b.jpg", "second #kept", ""))
        .await;
    assert_eq!(second, "/new");
    let (_, page) = ada.page(&second).await;
    assert!(page.contains("shared a lot of photos"), "{page}");
    assert!(
        page.contains("second #kept"),
        "the caption typed is kept: {page}"
    );
    assert_eq!(count(&app.pool, "SELECT count(*) FROM posts").await, 1);
}

#[tokio::test]
async fn only_the_owner_rewrites_a_photos_alt_text() {
    let app = TestApp::spawn().await;
    let ada = app.member("ada").await;
    let bea = app.member("bea").await;
    let post = insert_post(&app.pool, ada.id, "", 1).await;
    let alt = |pool: sqlx::PgPool| async move {
        sqlx::query_scalar::<_, String>("SELECT alt_text FROM photos")
            .fetch_one(&pool)
            .await
            .unwrap()
    };

    let status = ada.edit_alt_text(post, "  Waves at dusk  ").await.status();
    assert!(status.is_success() || status.is_redirection(), "{status}");
    assert_eq!(alt(app.pool.clone()).await, "Waves at dusk");
    let (_, html) = app.visitor().page(&format!("/p/{post}")).await;
    assert!(html.contains(r#"alt="Waves at dusk""#));

    // Someone else, a visitor, too long, a missing post: refused, nothing changed.
    assert_eq!(
        bea.edit_alt_text(post, "mine now").await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.visitor().edit_alt_text(post, "x").await.status(),
        StatusCode::UNAUTHORIZED
    );
    let response = ada.edit_alt_text(post, &"a".repeat(1001)).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(response.text().await.unwrap().contains("at most 1000"));
    assert_eq!(
        ada.edit_alt_text(999_999, "x").await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(alt(app.pool.clone()).await, "Waves at dusk");
}

#[tokio::test]
async fn the_pages_own_upload_gets_json_answers_and_keeps_nothing_on_refusal() {
    let app = TestApp::spawn().await;
    let ada = app.member("ada").await;
    let send = |form| {
        ada.post("/new")
            .header(header::ACCEPT, "application/json")
            .header(header::ORIGIN, ada.url("").trim_end_matches('/'))
            .multipart(form)
            .send()
    };

    let response = send(photo_form(jpeg(300, 200), "a.jpg", "Shared", ""))
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    let answer: UploadAnswer = response.json().await.unwrap();
    let UploadAnswer::Shared { href } = answer else {
        panic!("{answer:?}")
    };
    assert!(href.starts_with("/p/"), "{href}");

    // A refusal says why, as data; no flash is left for the next page load.
    let response = send(photo_form(b"<html>".to_vec(), "b.jpg", "Kept", ""))
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let answer: UploadAnswer = response.json().await.unwrap();
    assert!(
        matches!(&answer, UploadAnswer::Refused { error } if error.contains("JPEG, PNG and WebP")),
        "{answer:?}"
    );
    let (_, html) = ada.page("/new").await;
    assert!(!html.contains("JPEG, PNG and WebP images."));
    assert_eq!(count(&app.pool, "SELECT count(*) FROM posts").await, 1);

    let response = app
        .visitor()
        .post("/new")
        .header(header::ACCEPT, "application/json")
        .multipart(photo_form(jpeg(10, 10), "c.jpg", "", ""))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_photo_is_cropped_to_the_frame_chosen_before_sharing() {
    let app = TestApp::spawn().await;
    let ada = app.member("ada").await;
    for (crop, size) in [
        ("square", (300, 300)),
        ("portrait", (240, 300)),
        ("landscape", (400, 209)),
        ("original", (400, 300)),
    ] {
        let form = photo_form(jpeg(400, 300), "a.jpg", crop, "").text("crop", crop);
        let location = ada.share(form).await;
        assert!(location.starts_with("/p/"), "{crop}: {location}");
        let stored: (i32, i32) = sqlx::query_as(
            "SELECT ph.width, ph.height FROM posts p JOIN photos ph ON ph.post_id = p.id
                 WHERE p.caption = $1",
        )
        .bind(crop)
        .fetch_one(&app.pool)
        .await
        .unwrap();
        assert_eq!(stored, size, "{crop}");
    }
    let form = photo_form(jpeg(400, 300), "a.jpg", "odd", "").text("crop", "16:9");
    assert_eq!(ada.share(form).await, "/new");
    assert_eq!(count(&app.pool, "SELECT count(*) FROM posts").await, 4);
    let (_, html) = ada.page("/new").await;
    assert!(html.contains("Choose one of the crops offered."));
}

#[tokio::test]
async fn a_plain_form_post_leaves_a_notice_for_the_next_page_only() {
    use isntgram::posts::api::UpdateCaption;
    use leptos::server_fn::ServerFn;

    let app = TestApp::spawn().await;
    let ada = app.member("ada").await;
    let post = insert_post(&app.pool, ada.id, "Before", 1).await;
    let page = format!("/p/{post}");
    let response = ada
        .form_post(
            UpdateCaption::PATH,
            &page,
            &[("id", &post.to_string()), ("caption", "After")],
        )
        .await;
    assert!(response.status().is_redirection(), "{}", response.status());
    let (_, html) = ada.page(&page).await;
    assert!(html.contains("After"), "the caption was saved");
    assert!(
        html.contains("Caption saved"),
        "the page after the form has the notice"
    );
    let (_, html) = ada.page(&page).await;
    assert!(!html.contains("Caption saved"), "the notice is shown once");

    // A call from the page's script answers for itself: nothing waits for the next page.
    let response = ada.edit_caption(post, "Again").await;
    assert_eq!(response.status(), StatusCode::OK);
    let (_, html) = ada.page(&page).await;
    assert!(
        !html.contains("Caption saved"),
        "no notice after a script's call"
    );
}
