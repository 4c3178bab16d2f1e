//! The social core: likes, comments, follows, profiles and the home feed, each rule
//! checked through the HTTP API the pages use and in the database.

use crate::support::{TestApp, count, insert_post, insert_user, statement_calls, track_statements};
use isntgram::comments::CommentView;
use isntgram::feed::api::FeedPage;
use isntgram::likes::LikeState;
use isntgram::likes::api::SetLike;
use isntgram::pagination::Page;
use isntgram::profiles::{FollowState, PersonView};
use leptos::server_fn::ServerFn;
use reqwest::{StatusCode, header};

#[tokio::test]
async fn a_like_is_idempotent_notifies_the_author_and_unliking_takes_both_back() {
    let app = TestApp::spawn().await;
    let ada = app.member("ada").await;
    let bea = app.member("bea").await;
    let post = insert_post(&app.pool, ada.id, "sunset", 1).await;

    for _ in 0..2 {
        let response = bea.like_post(post).await;
        assert_eq!(response.status(), StatusCode::OK);
        let state: LikeState = response.json().await.unwrap();
        assert_eq!(
            state,
            LikeState {
                liked: true,
                count: 1
            }
        );
    }
    assert_eq!(count(&app.pool, "SELECT count(*) FROM likes").await, 1);
    assert_eq!(
        count(
            &app.pool,
            "SELECT count(*) FROM notifications WHERE kind = 'like_post'"
        )
        .await,
        1
    );

    // Liking my own post counts, but nobody is told.
    let state: LikeState = ada.like_post(post).await.json().await.unwrap();
    assert_eq!(state.count, 2);
    assert_eq!(
        count(&app.pool, "SELECT count(*) FROM notifications").await,
        1
    );

    for _ in 0..2 {
        let state: LikeState = bea.unlike_post(post).await.json().await.unwrap();
        assert_eq!(
            state,
            LikeState {
                liked: false,
                count: 1
            }
        );
    }
    assert_eq!(
        count(&app.pool, "SELECT count(*) FROM notifications").await,
        0
    );
}

#[tokio::test]
async fn fifty_people_liking_at_once_make_fifty_likes() {
    let app = TestApp::spawn_with(|config| config.rate_limits.per_ip_per_minute = 1000).await;
    let author = insert_user(&app.pool, "author").await;
    let post = insert_post(&app.pool, author, "popular", 1).await;
    let mut people = Vec::new();
    for n in 0..50 {
        people.push(app.member(&format!("fan_{n}")).await);
    }
    let answers = futures::future::join_all(people.iter().map(|fan| fan.like_post(post))).await;
    for answer in answers {
        assert_eq!(answer.status(), StatusCode::OK);
        let state: LikeState = answer.json().await.unwrap();
        assert!(state.liked && (1..=50).contains(&state.count));
    }
    assert_eq!(count(&app.pool, "SELECT count(*) FROM likes").await, 50);
    assert_eq!(
        count(&app.pool, "SELECT count(*) FROM notifications").await,
        50
    );
    // And all at once again: nothing changes.
    futures::future::join_all(people.iter().map(|fan| fan.like_post(post))).await;
    assert_eq!(count(&app.pool, "SELECT count(*) FROM likes").await, 50);
}

#[tokio::test]
async fn liking_what_is_missing_is_a_clear_error_and_visitors_are_refused() {
    let app = TestApp::spawn().await;
    let bea = app.member("bea").await;
    for (target, message) in [
        ("post", "This post isn't available"),
        ("comment", "This comment isn't available"),
    ] {
        let response = bea.set_like(target, 999_999, true).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
        assert!(response.text().await.unwrap().contains(message));
        let response = bea.set_like(target, 999_999, false).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
    }
    let post = insert_post(&app.pool, bea.id, "", 1).await;
    let visitor = app.visitor();
    assert_eq!(
        visitor.like_post(post).await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        visitor.comment(post, "hi").await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        visitor.follow("bea").await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(count(&app.pool, "SELECT count(*) FROM likes").await, 0);
    assert_eq!(count(&app.pool, "SELECT count(*) FROM comments").await, 0);
    assert_eq!(count(&app.pool, "SELECT count(*) FROM follows").await, 0);
}

#[tokio::test]
async fn a_like_without_javascript_returns_to_the_page_it_came_from() {
    let app = TestApp::spawn().await;
    let bea = app.member("bea").await;
    let post = insert_post(&app.pool, insert_user(&app.pool, "ada").await, "", 1).await;
    let from = format!("/p/{post}");
    let response = bea
        .form_post(
            SetLike::PATH,
            &from,
            &[
                ("target", "post"),
                ("id", &post.to_string()),
                ("liked", "true"),
            ],
        )
        .await;
    assert!(response.status().is_redirection(), "{}", response.status());
    // Leptos appends an empty query to the page it returns to.
    let location = response.headers()[header::LOCATION].to_str().unwrap();
    assert_eq!(location.trim_end_matches('?'), app.url(&from));
    assert_eq!(count(&app.pool, "SELECT count(*) FROM likes").await, 1);
    let (_, html) = bea.page(&format!("/p/{post}")).await;
    assert!(html.contains("1 like<"), "the page shows the like");
    assert!(html.contains(r#"aria-pressed="true""#));
}

#[tokio::test]
async fn comments_are_trimmed_checked_and_notify_the_post_owner() {
    let app = TestApp::spawn().await;
    let ada = app.member("ada").await;
    let bea = app.member("bea").await;
    let post = insert_post(&app.pool, ada.id, "", 1).await;

    let response = bea.comment(post, "  So good! #sunset  ").await;
    assert_eq!(response.status(), StatusCode::OK);
    let added: CommentView = response.json().await.unwrap();
    assert_eq!(added.content, "So good! #sunset");
    assert_eq!(added.author, "bea");
    assert!(added.can_delete);
    assert_eq!(
        count(
            &app.pool,
            "SELECT count(*) FROM notifications WHERE kind = 'comment'"
        )
        .await,
        1
    );

    for (content, message) in [
        ("   ", "Write something first."),
        (&"x".repeat(1001), "Comments are at most 1000 characters."),
    ] {
        let response = bea.comment(post, content).await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(response.text().await.unwrap().contains(message));
    }
    let response = bea.comment(999_999, "hello?").await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(count(&app.pool, "SELECT count(*) FROM comments").await, 1);

    // The post page lists it, and the text is never HTML.
    bea.comment(post, "<script>alert(1)</script>").await;
    let (_, html) = bea.page(&format!("/p/{post}")).await;
    assert!(html.contains("So good!"));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(!html.contains("<script>alert(1)"));
}

#[tokio::test]
async fn a_comment_can_be_deleted_by_its_author_or_the_post_owner_only() {
    let app = TestApp::spawn().await;
    let ada = app.member("ada").await;
    let bea = app.member("bea").await;
    let cid = app.member("cid").await;
    let post = insert_post(&app.pool, ada.id, "", 1).await;
    let first: CommentView = bea.comment(post, "first").await.json().await.unwrap();
    let second: CommentView = bea.comment(post, "second").await.json().await.unwrap();
    cid.like_comment(first.id.0).await;

    assert_eq!(
        cid.delete_comment(first.id.0).await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(count(&app.pool, "SELECT count(*) FROM comments").await, 2);
    assert_eq!(
        bea.delete_comment(first.id.0).await.status(),
        StatusCode::OK,
        "the author"
    );
    assert_eq!(
        ada.delete_comment(second.id.0).await.status(),
        StatusCode::OK,
        "the post's owner"
    );
    assert_eq!(
        ada.delete_comment(second.id.0).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(count(&app.pool, "SELECT count(*) FROM comments").await, 0);
    // The comment's like and the notifications went with it.
    assert_eq!(count(&app.pool, "SELECT count(*) FROM likes").await, 0);
    assert_eq!(
        count(&app.pool, "SELECT count(*) FROM notifications").await,
        0
    );
}

#[tokio::test]
async fn following_is_idempotent_never_of_oneself_and_shows_on_profiles() {
    let app = TestApp::spawn().await;
    let ada = app.member("ada").await;
    let _bea = app.member("bea").await;

    for _ in 0..2 {
        let response = ada.follow("BEA").await;
        assert_eq!(response.status(), StatusCode::OK);
        let state: FollowState = response.json().await.unwrap();
        assert_eq!(
            state,
            FollowState {
                following: true,
                requested: false,
                followers: 1
            }
        );
    }
    assert_eq!(count(&app.pool, "SELECT count(*) FROM follows").await, 1);
    assert_eq!(
        count(
            &app.pool,
            "SELECT count(*) FROM notifications WHERE kind = 'follow'"
        )
        .await,
        1
    );

    let response = ada.follow("ada").await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("You can't follow yourself.")
    );
    assert_eq!(
        ada.follow("nobody_here").await.status(),
        StatusCode::NOT_FOUND
    );

    let (status, html) = ada.page("/bea").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Unfollow"));
    assert!(
        html.contains(">1</span> follower<") || html.contains(">1</span><!> follower"),
        "{html}"
    );
    let (_, html) = ada.page("/ada").await;
    assert!(html.contains("Edit profile"));
    assert!(!html.contains(">Follow<"));
    let (status, html) = ada.page("/bea/followers").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("href=\"/ada\""));
    let (status, _) = ada.page("/nobody_here").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = ada.page("/nobody_here/followers").await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    for _ in 0..2 {
        let state: FollowState = ada.unfollow("bea").await.json().await.unwrap();
        assert_eq!(
            state,
            FollowState {
                following: false,
                requested: false,
                followers: 0
            }
        );
    }
    assert_eq!(
        count(&app.pool, "SELECT count(*) FROM notifications").await,
        0
    );
}

#[tokio::test]
async fn the_feed_holds_my_posts_and_those_of_people_i_follow_newest_first() {
    let app = TestApp::spawn().await;
    let ada = app.member("ada").await;
    let bea = insert_user(&app.pool, "bea").await;
    let cid = insert_user(&app.pool, "cid").await;
    ada.follow("bea").await;
    let mine = insert_post(&app.pool, ada.id, "mine", 30).await;
    let followed = insert_post(&app.pool, bea, "followed", 10).await;
    let _stranger = insert_post(&app.pool, cid, "stranger", 5).await;

    let page = ada.feed(None).await;
    let ids: Vec<i64> = page.items.iter().map(|item| item.post.id.0).collect();
    assert_eq!(ids, vec![followed, mine]);
    assert_eq!(page.next, None);

    // The two latest comments ride along, oldest of them first.
    for text in ["one", "two", "three"] {
        ada.comment(followed, text).await;
    }
    let page = ada.feed(None).await;
    let card = &page.items[0];
    assert_eq!(card.post.comment_count, 3);
    let latest: Vec<&str> = card
        .latest_comments
        .iter()
        .map(|c| c.content.as_str())
        .collect();
    assert_eq!(latest, vec!["two", "three"]);
    assert!(page.items[1].latest_comments.is_empty());

    // Rendered on the server: the page source has the posts.
    let (_, html) = ada.page("/").await;
    assert!(html.contains("followed") && html.contains("mine") && !html.contains("stranger"));
    assert!(html.contains("<article"));
    // Only islands hydrate, so the page's data does not travel a second time as the
    // serialized resources of a fully hydrated page.
    assert!(!html.contains("__RESOLVED_RESOURCES["), "{html}");
}

#[tokio::test]
async fn feed_pages_return_every_post_once_while_new_ones_arrive() {
    let app = TestApp::spawn().await;
    let ada = app.member("ada").await;
    let bea = insert_user(&app.pool, "bea").await;
    ada.follow("bea").await;
    let mut expected = Vec::new();
    for n in 0..30 {
        // Pairs share a timestamp: the id breaks the tie.
        expected.push(insert_post(&app.pool, bea, &format!("post {n}"), 100 - n / 2).await);
    }
    expected.sort_by_key(|id| std::cmp::Reverse(*id));

    let mut seen = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let page = ada.feed(after.as_deref()).await;
        assert!(page.items.len() <= 12);
        seen.extend(page.items.iter().map(|item| item.post.id.0));
        // Someone posts between two pages: it belongs at the top, not in the next page.
        insert_post(&app.pool, bea, "new arrival", 0).await;
        match page.next {
            Some(next) => after = Some(next),
            None => break,
        }
    }
    assert_eq!(seen, expected);

    let response = ada.call(FeedPage::PATH, &[("after", "garbage!")]).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let (status, html) = ada.page("/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("Load more"),
        "without JavaScript, a link to the next page"
    );
}

#[tokio::test]
async fn someone_who_follows_nobody_gets_suggestions() {
    let app = TestApp::spawn().await;
    let ada = app.member("ada").await;
    insert_user(&app.pool, "popular_pat").await;
    let (_, html) = ada.page("/").await;
    assert!(html.contains("Suggested for you"));
    assert!(html.contains("popular_pat"));
    assert!(html.contains("href=\"/explore\""));
}

/// Statements the app ran in this test's database so far.
async fn statements_run(app: &TestApp) -> i64 {
    statement_calls(&app.pool).await.values().sum()
}

#[tokio::test]
async fn a_feed_page_costs_the_same_statements_for_two_posts_as_for_twelve() {
    let app = TestApp::spawn().await;
    track_statements(&app.pool).await;
    let ada = app.member("ada").await;
    let mut authors = Vec::new();
    for n in 0..12 {
        let name = format!("friend_{n}");
        authors.push(insert_user(&app.pool, &name).await);
        ada.follow(&name).await;
    }
    insert_post(&app.pool, ada.id, "one", 5).await;
    insert_post(&app.pool, authors[0], "two", 4).await;
    ada.feed(None).await; // warm the connections' statement caches

    let before = statements_run(&app).await;
    let small = ada.feed(None).await;
    let for_two = statements_run(&app).await - before;
    assert_eq!(small.items.len(), 2);

    for (n, author) in authors.iter().enumerate() {
        let post = insert_post(&app.pool, *author, &format!("post {n}"), 3).await;
        ada.comment(post, "nice").await;
        ada.like_post(post).await;
    }
    let before = statements_run(&app).await;
    let full = ada.feed(None).await;
    let for_twelve = statements_run(&app).await - before;
    assert_eq!(full.items.len(), 12);
    assert!(
        full.items
            .iter()
            .filter(|item| !item.latest_comments.is_empty())
            .count()
            >= 10
    );

    assert_eq!(for_two, for_twelve, "no statement per post");
    // The session with its user, the posts, their comments.
    assert_eq!(for_twelve, 3, "statements for one page");

    // The page as a browser loads it runs each of them once, too: rendering it must not
    // load its data again (a resource made anew each time the view is walked).
    ada.page("/").await;
    let before = statements_run(&app).await;
    let (status, html) = ada.page("/").await;
    let for_the_page = statements_run(&app).await - before;
    assert_eq!(status, 200);
    assert!(html.contains("post 11"), "{html}");
    assert_eq!(for_the_page, for_twelve, "the page's statements");
}

/// Every node of an EXPLAIN (FORMAT JSON) plan.
fn plan_nodes(plan: &serde_json::Value, out: &mut Vec<(String, String)>) {
    let kind = plan["Node Type"].as_str().unwrap_or_default().to_owned();
    let relation = plan["Relation Name"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    out.push((kind, relation));
    for child in plan["Plans"].as_array().into_iter().flatten() {
        plan_nodes(child, out);
    }
}

#[tokio::test]
async fn the_feed_queries_use_indexes_on_a_realistic_database() {
    let app = TestApp::spawn().await;
    // 2,000 people following 40 each, 40,000 posts, 120,000 likes, 40,000 comments.
    let seed = [
        "INSERT INTO users (username, email, hashed_password, full_name)
         SELECT 'person_' || g, 'person_' || g || '@example.com', '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA', 'Person ' || g
         FROM generate_series(1, 2000) g",
        "INSERT INTO follows (user_id, user_followed_id)
         SELECT a.id, b.id FROM users a CROSS JOIN generate_series(1, 40) k
         JOIN users b ON b.username = 'person_' || (((substr(a.username, 8)::int + k * 37) % 2000) + 1)
         WHERE a.id <> b.id ON CONFLICT DO NOTHING",
        "WITH new AS (
           INSERT INTO posts (user_id, caption, created_at)
           SELECT u.id, 'post ' || g, now() - g * interval '1 minute'
           FROM generate_series(1, 40000) g JOIN users u ON u.username = 'person_' || ((g % 2000) + 1)
           RETURNING id)
         INSERT INTO photos (post_id, position, url, width, height)
         SELECT id, 0, '/media/00/x.webp', 1080, 1080 FROM new",
        "INSERT INTO likes (user_id, likeable_type, likeable_id)
         SELECT u.id, 'post', p.id FROM posts p CROSS JOIN generate_series(1, 3) k
         JOIN users u ON u.username = 'person_' || (((p.id * 7 + k) % 2000) + 1)
         ON CONFLICT DO NOTHING",
        "INSERT INTO comments (user_id, post_id, content)
         SELECT p.user_id, p.id, 'comment on ' || p.id FROM posts p",
        "ANALYZE",
    ];
    for statement in seed {
        sqlx::query(statement).execute(&app.pool).await.unwrap();
    }
    let me: i64 = sqlx::query_scalar("SELECT id FROM users WHERE username = 'person_1'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let cursor: (i64, i64) = sqlx::query_as(
        "SELECT (extract(epoch FROM created_at) * 1000000)::bigint, id FROM posts
         ORDER BY created_at DESC, id DESC OFFSET 500 LIMIT 1",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    let post_ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM posts ORDER BY id LIMIT 12")
        .fetch_all(&app.pool)
        .await
        .unwrap();

    let mut plans = Vec::new();
    for (micros, id) in [(None, None), (Some(cursor.0), Some(cursor.1))] {
        let plan: sqlx::types::Json<serde_json::Value> = sqlx::query_scalar(&format!(
            "EXPLAIN (FORMAT JSON) {}",
            isntgram::feed::db::FEED_SQL
        ))
        .bind(me)
        .bind(micros)
        .bind(id)
        .bind(13_i64)
        .fetch_one(&app.pool)
        .await
        .unwrap();
        plans.push(plan.0);
    }
    let plan: sqlx::types::Json<serde_json::Value> = sqlx::query_scalar(&format!(
        "EXPLAIN (FORMAT JSON) {}",
        isntgram::comments::db::LATEST_COMMENTS_SQL
    ))
    .bind(me)
    .bind(&post_ids)
    .bind(2_i64)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    plans.push(plan.0);

    // The feed's probe per person followed reads the index alone, never a post's row
    // (the visibility it asks, `hidden_at`, is in the index).
    for plan in &plans[..2] {
        let mut nodes = Vec::new();
        plan_nodes(&plan[0]["Plan"], &mut nodes);
        assert!(
            nodes.contains(&("Index Only Scan".to_owned(), "posts".to_owned())),
            "{plan:#}"
        );
    }
    for plan in &plans {
        let mut nodes = Vec::new();
        plan_nodes(&plan[0]["Plan"], &mut nodes);
        for (kind, relation) in &nodes {
            assert!(
                !(kind == "Seq Scan"
                    && ["posts", "likes", "comments", "follows"].contains(&relation.as_str())),
                "sequential scan of {relation}:\n{plan:#}"
            );
        }
        assert!(
            nodes.iter().any(|(kind, _)| kind.contains("Index")),
            "{plan:#}"
        );
    }
}

#[tokio::test]
async fn who_liked_a_post_is_listed_newest_first_with_follow_buttons() {
    let app = TestApp::spawn().await;
    let ada = app.member("ada").await;
    let bea = app.member("bea").await;
    let cleo = app.member("cleo").await;
    let post = insert_post(&app.pool, ada.id, "", 5).await;
    bea.like_post(post).await;
    cleo.like_post(post).await;
    ada.follow("cleo").await;

    let response = ada.likers(post).await;
    assert_eq!(response.status(), StatusCode::OK);
    let page: Page<PersonView> = response.json().await.unwrap();
    let names: Vec<(&str, bool)> = page
        .items
        .iter()
        .map(|person| (person.username.as_str(), person.followed_by_me))
        .collect();
    assert_eq!(names, [("cleo", true), ("bea", false)]);

    // Without JavaScript: the page, with "N likes" on the post leading to it.
    let (_, html) = app.visitor().page(&format!("/p/{post}")).await;
    assert!(html.contains(&format!(r#"href="/p/{post}/likes""#)));
    let (status, html) = app.visitor().page(&format!("/p/{post}/likes")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(">cleo<") && html.contains(">bea<"));

    cleo.unlike_post(post).await;
    let page: Page<PersonView> = ada.likers(post).await.json().await.unwrap();
    assert_eq!(page.items.len(), 1);
    assert_eq!(ada.likers(999_999).await.status(), StatusCode::NOT_FOUND);
    let (status, _) = app.visitor().page("/p/999999/likes").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn opening_notifications_shows_what_was_new_in_html_and_data_alike_then_reads_them() {
    let app = TestApp::spawn().await;
    let ada = app.member("ada").await;
    let bea = app.member("bea").await;
    bea.follow("ada").await;
    let unread = "SELECT count(*) FROM notifications WHERE read_at IS NULL";
    assert_eq!(count(&app.pool, unread).await, 1);

    let (status, html) = ada.page("/notifications").await;
    assert_eq!(status, StatusCode::OK);
    // The page says it is new, and only then is it read.
    assert!(html.contains("(new)"), "{html}");
    assert_eq!(count(&app.pool, unread).await, 0);
    let (_, html) = ada.page("/notifications").await;
    assert!(!html.contains("(new)"));
}
