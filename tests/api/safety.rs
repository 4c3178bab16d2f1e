//! Keeping people apart: a block holds both ways on every surface and in the database,
//! a mute only empties the feed, and a follower can be removed.

use crate::images::jpeg;
use crate::support::{TestApp, count, insert_comment, insert_post, photo_form};
use reqwest::StatusCode;

fn post_id(location: &str) -> i64 {
    location.strip_prefix("/p/").unwrap().parse().unwrap()
}

fn ok(response: &reqwest::Response) {
    assert!(response.status().is_success(), "{}", response.status());
}

#[tokio::test]
async fn a_block_keeps_two_people_apart_on_every_surface() {
    let app = TestApp::spawn().await;
    let ada = app.member("ada").await;
    let bea = app.member("bea").await;
    let cid = app.member("cid").await;
    // Shared through the form, so their tags are stored too.
    let share = |caption: &'static str| photo_form(jpeg(64, 64), "a.jpg", caption, "");
    let ada_post = post_id(&ada.share(share("Sunny #harbour by ada")).await);
    let bea_post = post_id(&bea.share(share("Sunny #harbour by bea")).await);
    let cid_post = post_id(&cid.share(share("A third post")).await);
    ok(&ada.follow("bea").await);
    ok(&bea.follow("ada").await);
    ok(&bea.comment(cid_post, "bea was here").await);
    ok(&bea.like_post(cid_post).await);

    ok(&ada.set_block("BEA", true).await);
    // The follows both ways ended.
    assert_eq!(count(&app.pool, "SELECT count(*) FROM follows").await, 0);

    // Profiles: bea finds no ada; ada sees that she blocked bea, and none of her posts.
    let (status, _) = bea.page("/ada").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, page) = ada.page("/bea").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("You blocked this account"), "{page}");
    assert!(!page.contains("Sunny #harbour by bea") && !page.contains("by bea</"));
    let (status, _) = bea.page("/ada/followers").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(bea.likers(ada_post).await.status(), StatusCode::NOT_FOUND);

    // Posts: the page, Explore, the tag, search, the feed.
    for (who, post) in [(&bea, ada_post), (&ada, bea_post)] {
        let (status, _) = who.page(&format!("/p/{post}")).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "post {post}");
    }
    let seen = |posts: Vec<isntgram::posts::GridPost>| -> Vec<String> {
        posts.into_iter().map(|post| post.author).collect()
    };
    assert_eq!(seen(bea.explore(None).await.items), ["cid", "bea"]);
    assert_eq!(seen(ada.explore(None).await.items), ["cid", "ada"]);
    assert_eq!(seen(bea.tag("harbour").await.posts.items), ["bea"]);
    assert_eq!(seen(bea.search("sunny").await.posts), ["bea"]);
    assert!(bea.search("ada").await.people.is_empty());
    assert!(
        ada.feed(None)
            .await
            .items
            .iter()
            .all(|item| item.post.author == "ada")
    );
    // Logged out, everything is there.
    assert_eq!(app.visitor().explore(None).await.items.len(), 3);

    // Comments and likes: ada no longer sees bea's on cid's post.
    assert!(ada.comments(cid_post).await.items.is_empty());
    let likers = ada.likers(cid_post).await.text().await.unwrap();
    assert!(!likers.contains("\"bea\""), "{likers}");
    assert!(
        cid.comments(cid_post).await.items.len() == 1,
        "others still see it"
    );

    // Nothing across the block: follow, like, comment, reply, save.
    assert_eq!(bea.follow("ada").await.status(), StatusCode::NOT_FOUND);
    assert_eq!(ada.follow("bea").await.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        bea.like_post(ada_post).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        bea.comment(ada_post, "hello?").await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        bea.save_post(ada_post).await.status(),
        StatusCode::NOT_FOUND
    );
    let ada_comment = insert_comment(&app.pool, ada.id, cid_post, "ada too").await;
    assert_eq!(
        bea.reply(cid_post, ada_comment, "@ada hi").await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(count(&app.pool, "SELECT count(*) FROM follows").await, 0);

    // Mentions do not reach across it; earlier notifications from bea are hidden.
    ok(&bea.comment(cid_post, "what does @ada think?").await);
    let told: Vec<String> = ada
        .notifications()
        .await
        .items
        .into_iter()
        .map(|n| n.actor)
        .collect();
    assert!(!told.contains(&"bea".to_owned()), "{told:?}");

    // Unblocked: each sees the other again (the follows stay ended).
    ok(&ada.set_block("bea", false).await);
    let (status, _) = bea.page("/ada").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(bea.explore(None).await.items.len(), 3);
    ok(&bea.follow("ada").await);
}

#[tokio::test]
async fn nobody_blocks_or_mutes_themselves_or_someone_missing() {
    let app = TestApp::spawn().await;
    let ada = app.member("ada").await;
    let response = ada.set_block("Ada", true).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("You can't block yourself.")
    );
    assert_eq!(
        ada.set_mute("ada", true).await.status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        ada.set_block("nobody", true).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.visitor().set_block("ada", true).await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(count(&app.pool, "SELECT count(*) FROM blocks").await, 0);

    // The database refuses the same, and a pair twice.
    let own = sqlx::query("INSERT INTO blocks (blocker_id, blocked_id) VALUES ($1, $1)")
        .bind(ada.id)
        .execute(&app.pool)
        .await
        .unwrap_err();
    assert_eq!(
        own.as_database_error().unwrap().constraint(),
        Some("no_self_block")
    );
    let bea = app.member("bea").await;
    ok(&ada.set_block("bea", true).await);
    ok(&ada.set_block("bea", true).await);
    let twice = sqlx::query("INSERT INTO blocks (blocker_id, blocked_id) VALUES ($1, $2)")
        .bind(ada.id)
        .bind(bea.id)
        .execute(&app.pool)
        .await
        .unwrap_err();
    assert_eq!(
        twice.as_database_error().unwrap().constraint(),
        Some("blocks_pkey")
    );
    // Across a block the database refuses a follow whatever the app does.
    let follow = sqlx::query("INSERT INTO follows (user_id, user_followed_id) VALUES ($1, $2)")
        .bind(bea.id)
        .bind(ada.id)
        .execute(&app.pool)
        .await
        .unwrap_err();
    assert_eq!(
        follow.as_database_error().unwrap().constraint(),
        Some("follows_not_blocked")
    );
    // An account's blocks go with it.
    sqlx::query("DELETE FROM users WHERE id = $1")
        .bind(bea.id)
        .execute(&app.pool)
        .await
        .unwrap();
    assert_eq!(count(&app.pool, "SELECT count(*) FROM blocks").await, 0);
}

/// An insert of two ids into a table: `(statement, first, second)`.
type Insert = (&'static str, i64, i64);

/// Runs `first` in a transaction, then `second` beside it, and commits `first` only once
/// `second` waits for a lock (or after ten seconds): what `second` then answers.
async fn while_uncommitted(
    pool: &sqlx::PgPool,
    first: Insert,
    second: Insert,
) -> sqlx::Result<sqlx::postgres::PgQueryResult> {
    let mut tx = pool.begin().await.unwrap();
    sqlx::query(first.0)
        .bind(first.1)
        .bind(first.2)
        .execute(&mut *tx)
        .await
        .unwrap();
    let beside = pool.clone();
    let second = tokio::spawn(async move {
        let (statement, a, b) = second;
        sqlx::query(statement)
            .bind(a)
            .bind(b)
            .execute(&beside)
            .await
    });
    for _ in 0..200 {
        let waiting = count(
            pool,
            "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
             WHERE NOT l.granted AND a.datname = current_database()",
        )
        .await;
        if waiting > 0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    tx.commit().await.unwrap();
    second.await.unwrap()
}

#[tokio::test]
async fn a_follow_and_a_block_written_at_once_never_leave_a_follow_across_the_block() {
    let app = TestApp::spawn().await;
    let ada = app.member("ada").await.id;
    let bea = app.member("bea").await.id;
    let follow = "INSERT INTO follows (user_id, user_followed_id) VALUES ($1, $2)";
    let block = "INSERT INTO blocks (blocker_id, blocked_id) VALUES ($1, $2)";

    // The follow first, still uncommitted when the block arrives: the block ends it.
    while_uncommitted(&app.pool, (follow, bea, ada), (block, ada, bea))
        .await
        .unwrap();
    assert_eq!(count(&app.pool, "SELECT count(*) FROM follows").await, 0);

    // The block first, still uncommitted when the follow arrives: the follow is refused.
    sqlx::query("DELETE FROM blocks")
        .execute(&app.pool)
        .await
        .unwrap();
    let refused = while_uncommitted(&app.pool, (block, ada, bea), (follow, bea, ada))
        .await
        .unwrap_err();
    assert_eq!(
        refused.as_database_error().unwrap().constraint(),
        Some("follows_not_blocked")
    );
    assert_eq!(count(&app.pool, "SELECT count(*) FROM follows").await, 0);
}

#[tokio::test]
async fn a_mute_only_takes_their_posts_out_of_my_feed() {
    let app = TestApp::spawn().await;
    let ada = app.member("ada").await;
    let bea = app.member("bea").await;
    let post = insert_post(&app.pool, bea.id, "Muted words", 1).await;
    ok(&ada.follow("bea").await);
    assert_eq!(ada.feed(None).await.items.len(), 1);

    ok(&ada.set_mute("bea", true).await);
    assert!(ada.feed(None).await.items.is_empty());
    // Everything else as before, and bea cannot tell.
    let (status, page) = ada.page("/bea").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Unfollow"));
    let (status, _) = ada.page(&format!("/p/{post}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(ada.explore(None).await.items.len(), 1);
    // Bea's view of Ada offers her own "Mute", nothing about being muted.
    let (_, seen_by_bea) = bea.page("/ada").await;
    assert!(!seen_by_bea.contains("Unmute"));
    let (_, settings) = ada.page("/settings/privacy").await;
    assert!(settings.contains("Unmute") && settings.contains("href=\"/bea\""));

    ok(&ada.set_mute("bea", false).await);
    assert_eq!(ada.feed(None).await.items.len(), 1);
}

#[tokio::test]
async fn i_remove_a_follower_and_only_my_own() {
    let app = TestApp::spawn().await;
    let ada = app.member("ada").await;
    let bea = app.member("bea").await;
    let _cid = app.member("cid").await;
    ok(&bea.follow("ada").await);
    ok(&bea.follow("cid").await);
    let (_, list) = ada.page("/ada/followers").await;
    assert!(list.contains("Remove follower"));
    let (_, others) = ada.page("/cid/followers").await;
    assert!(!others.contains("Remove follower"));

    ok(&ada.remove_follower("bea").await);
    assert_eq!(
        count(&app.pool, "SELECT count(*) FROM follows").await,
        1,
        "bea still follows cid"
    );
    let again = ada.remove_follower("bea").await;
    assert_eq!(again.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // bea may follow again: a removal is not a block.
    ok(&bea.follow("ada").await);
}

#[tokio::test]
async fn a_report_says_why_and_is_filed_once_while_open() {
    let app = TestApp::spawn().await;
    let ada = app.member("ada").await;
    let bea = app.member("bea").await;
    let post = insert_post(&app.pool, ada.id, "Reported", 1).await;
    let comment = insert_comment(&app.pool, ada.id, post, "A comment").await;
    let (post, comment) = (post.to_string(), comment.to_string());

    ok(&bea.report(("post", &post), "spam", "").await);
    let again = bea.report(("post", &post), "violence", "").await;
    assert_eq!(again.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(again.text().await.unwrap().contains("already reported"));
    ok(&bea
        .report(("comment", &comment), "harassment", "Rude")
        .await);
    ok(&bea
        .report(("account", "ADA"), "other", "Pretends to be me")
        .await);

    // A reason from the list; "other" needs words; not oneself; only what one can see.
    let refused = [
        bea.report(("account", "ada"), "", "").await,
        bea.report(("account", "ada"), "boring", "").await,
        bea.report(("post", &post), "other", "   ").await,
        ada.report(("account", "ada"), "spam", "").await,
        bea.report(("post", &post), "nudity", &"x".repeat(1001))
            .await,
    ];
    for response in refused {
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    }
    assert_eq!(
        bea.report(("post", "999999"), "spam", "").await.status(),
        StatusCode::NOT_FOUND
    );
    ok(&ada.set_block("bea", true).await);
    assert_eq!(
        bea.report(("comment", &comment), "spam", "").await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.visitor()
            .report(("post", &post), "spam", "")
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(count(&app.pool, "SELECT count(*) FROM reports").await, 3);

    // The database holds the same rules.
    let twice =
        sqlx::query("INSERT INTO reports (reporter_id, post_id, reason) VALUES ($1, $2, 'spam')")
            .bind(bea.id)
            .bind(post.parse::<i64>().unwrap())
            .execute(&app.pool)
            .await
            .unwrap_err();
    assert_eq!(
        twice.as_database_error().unwrap().constraint(),
        Some("reports_open_once")
    );
    let unexplained = sqlx::query(
        "INSERT INTO reports (reporter_id, account_id, reason) VALUES ($1, $1, 'other')",
    )
    .bind(ada.id)
    .execute(&app.pool)
    .await
    .unwrap_err();
    assert_eq!(
        unexplained.as_database_error().unwrap().constraint(),
        Some("report_other_explained")
    );
    // A report goes with what it reports.
    sqlx::query("DELETE FROM posts WHERE id = $1")
        .bind(post.parse::<i64>().unwrap())
        .execute(&app.pool)
        .await
        .unwrap();
    assert_eq!(count(&app.pool, "SELECT count(*) FROM reports").await, 1);
}

#[tokio::test]
async fn a_menu_of_options_opens_by_its_address_and_holds_its_choices_only_then() {
    let app = TestApp::spawn().await;
    let ada = app.member("ada").await;
    let bea = app.member("bea").await;
    let post = insert_post(&app.pool, bea.id, "Options", 1).await;
    let comment = insert_comment(&app.pool, bea.id, post, "A comment").await;
    ok(&ada.follow("bea").await);
    let report_post = format!("href=\"/report?post={post}\"");
    let report_comment = format!("href=\"/report?comment={comment}\"");
    let block_bea = "name=\"username\" value=\"bea\"";

    // Closed, each menu is its button: the feed and the post page hold no choices.
    for path in ["/".to_owned(), format!("/p/{post}")] {
        let (status, page) = ada.page(&path).await;
        assert_eq!(status, StatusCode::OK);
        assert!(page.contains("More options"), "{path}");
        assert!(!page.contains(&report_post), "{path}");
        assert!(!page.contains(&report_comment), "{path}");
        assert!(!page.contains(block_bea), "{path}");
    }

    // Without JavaScript the button asks for the page with `?options=KEY`, which opens
    // that menu alone.
    for path in [
        format!("/?options={post}"),
        format!("/p/{post}?options={post}"),
    ] {
        let (_, page) = ada.page(&path).await;
        assert!(page.contains(&report_post), "{path}");
        assert!(page.contains(block_bea), "{path}");
        assert!(!page.contains(&report_comment), "{path}");
    }
    let (_, page) = ada
        .page(&format!("/p/{post}?options=comment-{comment}"))
        .await;
    assert!(page.contains(&report_comment));
    assert!(!page.contains(&report_post));
}
