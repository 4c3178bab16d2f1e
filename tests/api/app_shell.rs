//! The frame of the app: health, 404, static pages, server rendering.

use crate::support::{TestApp, insert_post, statement_calls, track_statements};

#[tokio::test]
async fn healthz_reports_a_reachable_database() {
    let app = TestApp::spawn().await;
    let response = app.visitor().get("/healthz").send().await.unwrap();
    assert_eq!(response.status(), 200);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["status"], "ok");
    assert_eq!(body["database"], "ok");
}

#[tokio::test]
async fn healthz_reports_an_unreachable_database_with_503() {
    let app = TestApp::spawn().await;
    app.pool.close().await;
    let response = app.visitor().get("/healthz").send().await.unwrap();
    assert_eq!(response.status(), 503);
}

#[tokio::test]
async fn unknown_pages_answer_404_with_a_real_page() {
    let app = TestApp::spawn().await;
    let response = app
        .visitor()
        .get("/no/such/page/here")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 404);
    let html = response.text().await.unwrap();
    assert!(
        html.contains("this page isn&#x27;t available")
            || html.contains("this page isn't available"),
        "{html}"
    );
    assert!(
        html.contains("<html"),
        "a whole document, with the app's frame"
    );
}

#[tokio::test]
async fn the_landing_page_is_rendered_on_the_server_with_the_hydration_scripts() {
    let app = TestApp::spawn().await;
    let response = app.visitor().get("/").send().await.unwrap();
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    assert!(html.contains("Log in"));
    assert!(
        html.contains("/pkg/isntgram.js"),
        "the page loads the wasm client to hydrate"
    );
}

/// A site folder of the test's own with one built stylesheet, plain and compressed.
fn site_with_a_stylesheet(name: &str) -> std::path::PathBuf {
    let site = std::env::temp_dir().join(format!("isntgram-site-{name}"));
    let pkg = site.join("pkg");
    std::fs::create_dir_all(&pkg).unwrap();
    std::fs::write(pkg.join("isntgram.0123abcd.css"), "body { color: black }").unwrap();
    std::fs::write(pkg.join("isntgram.0123abcd.css.br"), b"brotli bytes").unwrap();
    site
}

/// The app serving a site folder of its own, its file names hashed or plain.
async fn app_with_a_built_stylesheet(hashed_names: bool) -> TestApp {
    let db = crate::support::TestDb::new().await;
    let site = site_with_a_stylesheet(&db.name);
    TestApp::spawn_on(
        db,
        |_| {},
        |state| {
            state.leptos_options.site_root = site.to_string_lossy().into_owned().into();
            state.leptos_options.hash_files = hashed_names;
        },
    )
    .await
}

#[tokio::test]
async fn built_files_are_cached_for_a_year_sent_compressed_ahead_and_need_no_database() {
    let app = app_with_a_built_stylesheet(true).await;
    // Static files answer without asking PostgreSQL (no session, no person).
    app.pool.close().await;
    let visitor = app.visitor();

    let plain = visitor
        .get("/pkg/isntgram.0123abcd.css")
        .send()
        .await
        .unwrap();
    assert_eq!(plain.status(), 200);
    assert_eq!(
        plain.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(plain.headers()["content-type"], "text/css");
    assert!(plain.headers().get("content-encoding").is_none());
    assert_eq!(plain.text().await.unwrap(), "body { color: black }");

    let brotli = visitor
        .get("/pkg/isntgram.0123abcd.css")
        .header("accept-encoding", "br, gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(brotli.status(), 200);
    assert_eq!(brotli.headers()["content-encoding"], "br");
    assert_eq!(
        brotli.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(brotli.bytes().await.unwrap().as_ref(), b"brotli bytes");

    let missing = visitor.get("/pkg/isntgram.ffff.css").send().await.unwrap();
    assert_eq!(missing.status(), 404);
    assert!(
        missing.headers().get("cache-control").is_none(),
        "a missing file may appear with the next build: never cached"
    );
}

#[tokio::test]
async fn built_files_with_plain_names_are_checked_again_on_every_use() {
    let app = app_with_a_built_stylesheet(false).await;
    let response = app
        .visitor()
        .get("/pkg/isntgram.0123abcd.css")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["cache-control"], "no-cache");
}

#[tokio::test]
async fn while_the_database_is_out_of_reach_every_request_answers_503_at_once_and_then_recovers() {
    use crate::support::proxy::TcpRelay;
    use isntgram::discover::api::Search;
    use isntgram::error::AppError;
    use leptos::server_fn::ServerFn;

    let mut db = crate::support::TestDb::new().await;
    let relay = TcpRelay::to(&db.url).await;
    db.url = relay.url(&db.url);
    let app = TestApp::spawn_on(
        db,
        // Longer than any test may take: nothing below waits for it.
        |config| config.database.acquire_timeout = std::time::Duration::from_secs(600),
        |_| {},
    )
    .await;
    let ada = app.member("ada").await;
    let (status, _) = ada.page("/explore").await;
    assert_eq!(status, 200);

    relay.cut();
    // The first request has the database checked while it waits for a connection, and
    // answers as soon as the check finds it gone.
    let (status, page) = ada.page("/explore").await;
    assert_eq!(status, 503);
    assert!(
        page.contains("Isntgram can&#x27;t reach its database")
            || page.contains("Isntgram can't reach its database"),
        "{page}"
    );

    // From then on the server knows, and answers without waiting for a connection:
    // pages, the page's own requests (an error their server functions decode), the
    // health check.
    let page = ada
        .get("/explore")
        .header("accept", "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 503);
    assert_eq!(page.headers()["retry-after"], "5");
    assert!(page.text().await.unwrap().contains("Back in a moment"));
    let call = ada.call(Search::PATH, &[("q", "ada")]).await;
    assert_eq!(call.status(), 503);
    assert_eq!(call.headers()["retry-after"], "5");
    let error: AppError = serde_json::from_str(&call.text().await.unwrap()).unwrap();
    assert_eq!(error, AppError::Unavailable);
    let health = app.visitor().get("/healthz").send().await.unwrap();
    assert_eq!(health.status(), 503);
    let body: serde_json::Value = health.json().await.unwrap();
    assert_eq!(body["database"], "unreachable");
    let visitor_page = app
        .visitor()
        .get("/login")
        .header("accept", "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(visitor_page.status(), 503);

    // Back by itself, with no restart: the next requests after the database returns work.
    relay.restore();
    let mut status = 0;
    for _ in 0..100 {
        status = ada.page("/explore").await.0.as_u16();
        if status == 200 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(status, 200, "the app recovers by itself");
    let (_, page) = ada.page("/explore").await;
    assert!(page.contains("Log out"), "and Ada is still logged in");
}

/// A page is rendered once per request: nothing in it loads its data again (a resource
/// made anew each time a suspense walks its view), so no statement runs twice.
#[tokio::test]
async fn every_page_runs_each_of_its_statements_once() {
    let app = TestApp::spawn().await;
    track_statements(&app.pool).await;
    let ada = app.member("ada").await;
    let bea = app.member("bea").await;
    bea.follow("ada").await;
    ada.follow("bea").await;
    let post = insert_post(&app.pool, ada.id, "A walk by the #river", 5).await;
    bea.comment(post, "Lovely").await;
    bea.like_post(post).await;
    ada.save_post(post).await;
    let newcomer = app.member("cyd").await;

    let pages = [
        "/",
        "/explore",
        "/search?q=be",
        "/tags/river",
        "/ada",
        "/ada/saved",
        "/ada/followers",
        "/bea/following",
        &format!("/p/{post}"),
        &format!("/p/{post}/likes"),
        "/notifications",
        "/settings",
        "/settings/sessions",
        "/settings/privacy",
        "/new",
    ];
    for (who, page) in pages
        .iter()
        .map(|page| (&ada, *page))
        .chain([(&newcomer, "/")])
    {
        // Warm the statement caches and anything a first visit does once.
        who.page(page).await;
        let before = statement_calls(&app.pool).await;
        let (status, _) = who.page(page).await;
        assert_eq!(status, 200, "{page}");
        let after = statement_calls(&app.pool).await;
        let mut ran_in_all = 0;
        for (statement, calls) in after {
            let ran = calls - before.get(&statement).copied().unwrap_or(0);
            assert!(ran <= 1, "{page} ran this {ran} times: {statement}");
            ran_in_all += ran;
        }
        // The pages people read most: one statement for the session with its person,
        // at most two of the page's own.
        let most_read = [
            "/",
            "/explore",
            "/tags/river",
            "/ada",
            &format!("/p/{post}"),
        ];
        if most_read.contains(&page) {
            assert!(ran_in_all <= 3, "{page} ran {ran_in_all} statements");
        }
    }
}
