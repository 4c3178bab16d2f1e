//! Discovery and activity: Explore, hashtag pages, search (ranking and hostile input)
//! and notifications.

use crate::support::{TestApp, insert_post, insert_user, user_id};
use isntgram::discover::api::{ExplorePosts, Search, TagPosts};
use isntgram::discover::{SearchResults, TagPage};
use isntgram::likes::api::SetLike;
use isntgram::notifications::api::MyNotifications;
use isntgram::notifications::{NotificationKind, NotificationView};
use isntgram::pagination::Page;
use isntgram::posts::PostView;
use isntgram::posts::api::UpdateCaption;
use leptos::server_fn::ServerFn;
use reqwest::{Client, StatusCode};

/// Tags are written by the app when it saves a caption; posts made in SQL get theirs here.
async fn tag(app: &TestApp, post_id: i64, caption: &str, owner: &Client) {
    let response = app
        .call(
            owner,
            UpdateCaption::PATH,
            &[("id", &post_id.to_string()), ("caption", caption)],
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
}

#[tokio::test]
async fn explore_shows_everyones_posts_newest_first_a_page_at_a_time() {
    let app = TestApp::spawn().await;
    let ada = insert_user(&app.pool, "ada").await;
    let bea = insert_user(&app.pool, "bea").await;
    let mut expected = Vec::new();
    for n in 0..15 {
        expected
            .push(insert_post(&app.pool, if n % 2 == 0 { ada } else { bea }, "", 100 - n).await);
    }
    expected.reverse();
    let visitor = app.client();
    let first: Page<PostView> = app
        .call(&visitor, ExplorePosts::PATH, &[])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(first.items.len(), 12);
    let second: Page<PostView> = app
        .call(
            &visitor,
            ExplorePosts::PATH,
            &[("after", first.next.as_deref().unwrap())],
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(second.next, None);
    let seen: Vec<i64> = first
        .items
        .iter()
        .chain(&second.items)
        .map(|post| post.id.0)
        .collect();
    assert_eq!(seen, expected);
    let (status, page) = app.page(&visitor, "/explore").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains(&format!("href=\"/p/{}\"", expected[0])));
}

#[tokio::test]
async fn a_tag_page_follows_captions_as_they_are_edited_and_posts_deleted() {
    let app = TestApp::spawn().await;
    let ada = app.member("ada").await;
    let me = user_id(&app.pool, "ada").await;
    let first = insert_post(&app.pool, me, "", 2).await;
    let second = insert_post(&app.pool, me, "", 1).await;
    tag(&app, first, "Golden #Sunset at the #beach", &ada).await;
    tag(&app, second, "#sunset again, #ÉtéÀParis", &ada).await;

    let page: TagPage = app
        .call(&ada, TagPosts::PATH, &[("tag", "SUNSET")])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(page.tag, "sunset");
    assert_eq!(page.post_count, 2);
    assert_eq!(
        page.posts.items.iter().map(|p| p.id.0).collect::<Vec<_>>(),
        vec![second, first]
    );
    let page: TagPage = app
        .call(&ada, TagPosts::PATH, &[("tag", "étéàparis")])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(page.post_count, 1, "Unicode letters make tags too");

    tag(&app, first, "No tags now", &ada).await;
    let page: TagPage = app
        .call(&ada, TagPosts::PATH, &[("tag", "sunset")])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(page.post_count, 1);
    sqlx::query("DELETE FROM posts WHERE id = $1")
        .bind(second)
        .execute(&app.pool)
        .await
        .unwrap();
    let page: TagPage = app
        .call(&ada, TagPosts::PATH, &[("tag", "sunset")])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(page.post_count, 0);

    let (status, body) = app.page(&ada, "/tags/beach").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("#beach"));
}

async fn search(app: &TestApp, client: &Client, q: &str) -> SearchResults {
    let response = app.call(client, Search::PATH, &[("q", q)]).await;
    assert_eq!(response.status(), StatusCode::OK, "searching {q:?}");
    response.json().await.unwrap()
}

#[tokio::test]
async fn people_are_ranked_exact_username_first_then_prefixes_then_the_rest() {
    let app = TestApp::spawn().await;
    let client = app.member("searcher").await;
    for (username, full_name) in [
        ("joanne", "Joanne Ann"),
        ("annabel", "Annabel Lee"),
        ("ann", "Ann Other"),
        ("zed", "Zed Annex"),
    ] {
        sqlx::query(
            "INSERT INTO users (username, email, hashed_password, full_name)
             VALUES ($1, $1 || '@example.com', '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA', $2)",
        )
        .bind(username)
        .bind(full_name)
        .execute(&app.pool)
        .await
        .unwrap();
    }
    let results = search(&app, &client, "ANN").await;
    let names: Vec<&str> = results.people.iter().map(|p| p.username.as_str()).collect();
    assert_eq!(names[..2], ["ann", "annabel"]);
    assert_eq!(names.len(), 4);
    let results = search(&app, &client, "@annab").await;
    assert_eq!(results.people.len(), 1);
    let results = search(&app, &client, "lee").await;
    assert_eq!(results.people[0].username, "annabel", "by full name");
}

#[tokio::test]
async fn full_names_are_found_whatever_their_accents_and_case() {
    let app = TestApp::spawn().await;
    let client = app.member("searcher").await;
    let jose = insert_user(&app.pool, "jperez").await;
    sqlx::query("UPDATE users SET full_name = 'José Pérez' WHERE id = $1")
        .bind(jose)
        .execute(&app.pool)
        .await
        .unwrap();
    for typed in ["jose", "JOSÉ", "perez", "Pérez", "josé pe"] {
        let results = search(&app, &client, typed).await;
        let names: Vec<&str> = results.people.iter().map(|p| p.username.as_str()).collect();
        assert_eq!(names, ["jperez"], "{typed:?}");
        assert_eq!(
            results.people[0].full_name, "José Pérez",
            "shown as written"
        );
    }
    assert!(search(&app, &client, "josef").await.people.is_empty());
}

#[tokio::test]
async fn mentions_link_only_to_people_who_exist() {
    let app = TestApp::spawn().await;
    let client = app.member("writer").await;
    let me = user_id(&app.pool, "writer").await;
    insert_user(&app.pool, "ada_l").await;
    let post = insert_post(
        &app.pool,
        me,
        "with @Ada_L and @nobody_here, mail me@ada_l.com",
        1,
    )
    .await;
    sqlx::query("INSERT INTO comments (user_id, post_id, content) VALUES ($1, $2, $3)")
        .bind(me)
        .bind(post)
        .bind("thanks @ada_l, not @ghost_user")
        .execute(&app.pool)
        .await
        .unwrap();
    let (status, page) = app.page(&client, &format!("/p/{post}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains(r#"href="/Ada_L""#),
        "the caption's mention links"
    );
    assert!(
        page.contains(r#"href="/ada_l""#),
        "the comment's mention links"
    );
    assert!(page.contains("@nobody_here") && !page.contains(r#"href="/nobody_here""#));
    assert!(page.contains("@ghost_user") && !page.contains(r#"href="/ghost_user""#));
    assert!(
        !page.contains(r#"href="/ada_l.com""#),
        "an e-mail address stays text"
    );
}

#[tokio::test]
async fn any_search_text_is_safe_and_wildcards_match_only_themselves() {
    let app = TestApp::spawn().await;
    let client = app.member("searcher").await;
    let me = user_id(&app.pool, "searcher").await;
    insert_post(&app.pool, me, "sunny day at the lake", 1).await;
    let long = "x".repeat(5000);
    for hostile in [
        "%",
        "_",
        // Folding maps these to % _ \ : they must stay literal all the same.
        "％",
        "＿",
        "＼",
        "'",
        "\"",
        "\\",
        "a & b | !c:*",
        "(((",
        "' OR 1=1 --",
        "日本語",
        "<script>",
        long.as_str(),
        "#",
        "@",
        "   ",
    ] {
        let results = search(&app, &client, hostile).await;
        assert!(
            results.people.is_empty() || hostile == "日本語",
            "{hostile:?} matched {:?}",
            results.people
        );
    }
    let results = search(&app, &client, "lake sunny").await;
    assert_eq!(results.posts.len(), 1, "posts by their words");
    let (status, page) = app.page(&client, "/search?q=%25%27%3Cb%3E").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("No results for"));
    assert!(page.contains("&lt;b&gt;"), "shown as text");
}

#[tokio::test]
async fn an_underscore_typed_matches_an_underscore_and_nothing_else() {
    let app = TestApp::spawn().await;
    let client = app.member("searcher").await;
    insert_user(&app.pool, "ada_lovelace").await;
    insert_user(&app.pool, "adaxlovelace").await;
    for typed in ["ada_l", "a_lov", "@ADA_LOVELACE"] {
        let results = search(&app, &client, typed).await;
        let names: Vec<&str> = results.people.iter().map(|p| p.username.as_str()).collect();
        assert_eq!(names, ["ada_lovelace"], "{typed:?}");
    }
    sqlx::query("INSERT INTO hashtags (name) VALUES ('golden_hour'), ('goldenxhour')")
        .execute(&app.pool)
        .await
        .unwrap();
    let results = search(&app, &client, "#golden_").await;
    let tags: Vec<&str> = results.tags.iter().map(|tag| tag.name.as_str()).collect();
    assert_eq!(tags, ["golden_hour"]);
}

#[tokio::test]
async fn notifications_tell_what_happened_and_opening_them_marks_them_read() {
    let app = TestApp::spawn().await;
    let ada = app.member("ada").await;
    let bea = app.member("bea").await;
    let post = insert_post(&app.pool, user_id(&app.pool, "ada").await, "", 5).await;
    let post_id = post.to_string();
    app.call(
        &bea,
        SetLike::PATH,
        &[("target", "post"), ("id", &post_id), ("liked", "true")],
    )
    .await;
    app.call(
        &bea,
        isntgram::comments::api::AddComment::PATH,
        &[("post_id", &post_id), ("content", "Lovely light")],
    )
    .await;
    app.call(
        &bea,
        isntgram::profiles::api::SetFollow::PATH,
        &[("username", "ada"), ("follow", "true")],
    )
    .await;
    // Ada's own like on her own post tells nobody.
    app.call(
        &ada,
        SetLike::PATH,
        &[("target", "post"), ("id", &post_id), ("liked", "true")],
    )
    .await;

    let (_, page) = app.page(&ada, "/").await;
    assert!(
        page.contains("3<span class=\"sr-only\"> unread</span>") || page.contains(">3<"),
        "the badge"
    );

    let page: Page<NotificationView> = app
        .call(&ada, MyNotifications::PATH, &[])
        .await
        .json()
        .await
        .unwrap();
    let kinds: Vec<NotificationKind> = page.items.iter().map(|n| n.kind).collect();
    assert_eq!(
        kinds,
        vec![
            NotificationKind::Follow,
            NotificationKind::Comment,
            NotificationKind::LikePost
        ]
    );
    assert!(page.items.iter().all(|n| n.unread && n.actor == "bea"));
    assert_eq!(page.items[1].comment.as_deref(), Some("Lovely light"));
    let unread: i64 =
        sqlx::query_scalar("SELECT count(*) FROM notifications WHERE read_at IS NULL")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(unread, 0, "opening them reads them");

    let (status, body) = app.page(&ada, "/notifications").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("started following you."));
    assert!(body.contains("commented: Lovely light"));
    assert!(body.contains("liked your post."));
    let (_, body) = app.page(&bea, "/notifications").await;
    assert!(body.contains("Activity on your posts"));
    let (status, _) = app.page(&app.client(), "/notifications").await;
    assert!(status.is_redirection(), "visitors log in first");
}
