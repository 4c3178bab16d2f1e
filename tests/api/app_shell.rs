//! The frame of the app: health, 404, static pages, server rendering.

use crate::support::TestApp;

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
