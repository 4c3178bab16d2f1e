//! Discovery and activity: Explore, hashtag pages, search (ranking and hostile input)
//! and notifications.

use crate::support::{TestApp, count, insert_comment, insert_post, insert_user, try_insert_user};
use isntgram::discover::SearchResults;
use isntgram::notifications::NotificationKind;
use reqwest::StatusCode;

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
    let visitor = app.visitor();
    let first = visitor.explore(None).await;
    assert_eq!(first.items.len(), 12);
    let second = visitor
        .explore(Some(first.next.as_deref().expect("a second page")))
        .await;
    assert_eq!(second.next, None);
    let seen: Vec<i64> = first
        .items
        .iter()
        .chain(&second.items)
        .map(|post| post.id.0)
        .collect();
    assert_eq!(seen, expected);
    let (status, page) = visitor.page("/explore").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains(&format!("href=\"/p/{}\"", expected[0])));
}

#[tokio::test]
async fn a_tag_page_follows_captions_as_they_are_edited_and_posts_deleted() {
    let app = TestApp::spawn().await;
    let ada = app.member("ada").await;
    let first = insert_post(&app.pool, ada.id, "", 2).await;
    let second = insert_post(&app.pool, ada.id, "", 1).await;
    // Tags are written by the app when it saves a caption: posts made in SQL get theirs
    // through an edit.
    for (post, caption) in [
        (first, "Golden #Sunset at the #beach"),
        (second, "#sunset again, #ÉtéÀParis"),
    ] {
        assert_eq!(
            ada.edit_caption(post, caption).await.status(),
            StatusCode::OK
        );
    }

    let page = ada.tag("SUNSET").await;
    assert_eq!(page.tag, "sunset");
    assert_eq!(page.post_count, 2);
    assert_eq!(
        page.posts.items.iter().map(|p| p.id.0).collect::<Vec<_>>(),
        vec![second, first]
    );
    let page = ada.tag("étéàparis").await;
    assert_eq!(page.post_count, 1, "Unicode letters make tags too");

    assert_eq!(
        ada.edit_caption(first, "No tags now").await.status(),
        StatusCode::OK
    );
    let page = ada.tag("sunset").await;
    assert_eq!(page.post_count, 1);
    sqlx::query("DELETE FROM posts WHERE id = $1")
        .bind(second)
        .execute(&app.pool)
        .await
        .unwrap();
    let page = ada.tag("sunset").await;
    assert_eq!(page.post_count, 0);

    let (status, body) = ada.page("/tags/beach").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("#beach"));
}

#[tokio::test]
async fn people_are_ranked_exact_username_first_then_prefixes_then_the_rest() {
    let app = TestApp::spawn().await;
    let me = app.member("searcher").await;
    for (username, full_name) in [
        ("joanne", "Joanne Ann"),
        ("annabel", "Annabel Lee"),
        ("ann", "Ann Other"),
        ("zed", "Zed Annex"),
    ] {
        let email = format!("{username}@example.com");
        try_insert_user(&app.pool, username, &email, full_name)
            .await
            .unwrap();
    }
    let results = me.search("ANN").await;
    let names: Vec<&str> = results.people.iter().map(|p| p.username.as_str()).collect();
    assert_eq!(names[..2], ["ann", "annabel"]);
    assert_eq!(names.len(), 4);
    let results = me.search("@annab").await;
    assert_eq!(results.people.len(), 1);
    let results = me.search("lee").await;
    assert_eq!(results.people[0].username, "annabel", "by full name");

    // Someone who blocked me is in no tier: not "ann" (exact), not "zed" (contained).
    sqlx::query(
        "INSERT INTO blocks (blocker_id, blocked_id)
         SELECT id, $1 FROM users WHERE username IN ('ann', 'zed')",
    )
    .bind(me.id)
    .execute(&app.pool)
    .await
    .unwrap();
    let results = me.search("ANN").await;
    let names: Vec<&str> = results.people.iter().map(|p| p.username.as_str()).collect();
    assert_eq!(names, ["annabel", "joanne"]);
}

#[tokio::test]
async fn full_names_are_found_whatever_their_accents_and_case() {
    let app = TestApp::spawn().await;
    let me = app.member("searcher").await;
    let jose = insert_user(&app.pool, "jperez").await;
    sqlx::query("UPDATE users SET full_name = 'José Pérez' WHERE id = $1")
        .bind(jose)
        .execute(&app.pool)
        .await
        .unwrap();
    for typed in ["jose", "JOSÉ", "perez", "Pérez", "josé pe"] {
        let results = me.search(typed).await;
        let names: Vec<&str> = results.people.iter().map(|p| p.username.as_str()).collect();
        assert_eq!(names, ["jperez"], "{typed:?}");
        assert_eq!(
            results.people[0].full_name, "José Pérez",
            "shown as written"
        );
    }
    assert!(me.search("josef").await.people.is_empty());
}

#[tokio::test]
async fn mentions_link_only_to_people_who_exist() {
    let app = TestApp::spawn().await;
    let me = app.member("writer").await;
    insert_user(&app.pool, "ada_l").await;
    let post = insert_post(
        &app.pool,
        me.id,
        "with @Ada_L and @nobody_here, mail me@ada_l.com",
        1,
    )
    .await;
    insert_comment(&app.pool, me.id, post, "thanks @ada_l, not @ghost_user").await;
    let (status, page) = me.page(&format!("/p/{post}")).await;
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
    let me = app.member("searcher").await;
    insert_post(&app.pool, me.id, "sunny day at the lake", 1).await;
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
        let results = me.search(hostile).await;
        assert!(
            results.people.is_empty() || hostile == "日本語",
            "{hostile:?} matched {:?}",
            results.people
        );
    }
    let results = me.search("lake sunny").await;
    assert_eq!(results.posts.len(), 1, "posts by their words");
    let (status, page) = me.page("/search?q=%25%27%3Cb%3E").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("No results for"));
    assert!(page.contains("&lt;b&gt;"), "shown as text");
}

#[tokio::test]
async fn posts_found_by_a_word_are_the_newest_twelve_and_follow_edits_and_deletes() {
    let app = TestApp::spawn().await;
    let me = app.member("searcher").await;
    let ada = app.member("ada").await;
    // Fifteen posts holding "harbour" (one spelt as its plural, one in capitals), the
    // newest made last; one post without it.
    let mut holding = Vec::new();
    for minutes_ago in (1..=15).rev() {
        let caption = match minutes_ago {
            3 => "Boats in the HARBOUR".to_string(),
            5 => "two harbours, one day".to_string(),
            _ => format!("harbour walk {minutes_ago}"),
        };
        holding.push(insert_post(&app.pool, ada.id, &caption, minutes_ago).await);
    }
    let other = insert_post(&app.pool, ada.id, "a quiet lane", 0).await;
    let newest_first: Vec<i64> = holding.iter().rev().copied().collect();

    let found = |results: SearchResults| -> Vec<i64> {
        results.posts.iter().map(|post| post.id.0).collect()
    };
    assert_eq!(found(me.search("harbour").await), newest_first[..12]);
    assert_eq!(
        found(me.search("Harbours").await),
        newest_first[..12],
        "the same word"
    );
    assert_eq!(
        found(me.search("harbour boats").await),
        [holding[12]],
        "two words ask the caption index"
    );
    assert_eq!(
        found(me.search("-harbour").await),
        [other],
        "a word left out"
    );

    // An edit lists the caption's words again; a deleted post leaves none behind.
    assert_eq!(
        ada.edit_caption(other, "Harbour lights").await.status(),
        StatusCode::OK
    );
    assert_eq!(found(me.search("harbour").await)[0], other);
    assert_eq!(
        ada.edit_caption(holding[14], "no water here")
            .await
            .status(),
        StatusCode::OK
    );
    sqlx::query("DELETE FROM posts WHERE id = $1")
        .bind(holding[13])
        .execute(&app.pool)
        .await
        .unwrap();
    let results = found(me.search("harbour").await);
    assert_eq!(results[0], other);
    assert_eq!(results[1..], newest_first[2..13]);
    let listed: i64 =
        sqlx::query_scalar("SELECT count(*) FROM caption_words WHERE post_id = ANY($1)")
            .bind([holding[13], holding[14]])
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(
        listed, 1,
        "the deleted post's words are gone; the edited one has one"
    );
}

#[tokio::test]
async fn an_underscore_typed_matches_an_underscore_and_nothing_else() {
    let app = TestApp::spawn().await;
    let me = app.member("searcher").await;
    insert_user(&app.pool, "ada_lovelace").await;
    insert_user(&app.pool, "adaxlovelace").await;
    for typed in ["ada_l", "a_lov", "@ADA_LOVELACE"] {
        let results = me.search(typed).await;
        let names: Vec<&str> = results.people.iter().map(|p| p.username.as_str()).collect();
        assert_eq!(names, ["ada_lovelace"], "{typed:?}");
    }
    sqlx::query("INSERT INTO hashtags (name) VALUES ('golden_hour'), ('goldenxhour')")
        .execute(&app.pool)
        .await
        .unwrap();
    let results = me.search("#golden_").await;
    let tags: Vec<&str> = results.tags.iter().map(|tag| tag.name.as_str()).collect();
    assert_eq!(tags, ["golden_hour"]);
}

#[tokio::test]
async fn the_unread_count_stops_at_a_hundred_and_the_badge_says_99_plus() {
    use isntgram::notifications::api::UnreadNotifications;
    use leptos::server_fn::ServerFn;
    let app = TestApp::spawn().await;
    let ada = app.member("ada").await;
    let bea = app.member("bea").await;
    let post = insert_post(&app.pool, ada.id, "", 5).await;
    sqlx::query(
        "WITH c AS (INSERT INTO comments (user_id, post_id, content)
                    SELECT $2, $3, 'Comment ' || n FROM generate_series(1, 150) n
                    RETURNING id)
         INSERT INTO notifications (recipient_id, actor_id, kind, post_id, comment_id)
         SELECT $1, $2, 'comment', $3, id FROM c",
    )
    .bind(ada.id)
    .bind(bea.id)
    .bind(post)
    .execute(&app.pool)
    .await
    .unwrap();
    assert_eq!(
        count(
            &app.pool,
            "SELECT count(*) FROM notifications WHERE read_at IS NULL"
        )
        .await,
        150
    );

    let (_, page) = ada.page("/").await;
    assert!(page.contains(">99+<"), "the badge: {page}");
    let response = ada.call(UnreadNotifications::PATH, &[]).await;
    assert_eq!(response.text().await.unwrap(), "100");
}

#[tokio::test]
async fn notifications_tell_what_happened_and_opening_them_marks_them_read() {
    let app = TestApp::spawn().await;
    let ada = app.member("ada").await;
    let bea = app.member("bea").await;
    let post = insert_post(&app.pool, ada.id, "", 5).await;
    bea.like_post(post).await;
    bea.comment(post, "Lovely light").await;
    bea.follow("ada").await;
    // Ada's own like on her own post tells nobody.
    ada.like_post(post).await;

    let (_, page) = ada.page("/").await;
    assert!(
        page.contains("3<span class=\"sr-only\"> unread</span>") || page.contains(">3<"),
        "the badge"
    );

    let page = ada.notifications().await;
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
    assert_eq!(
        count(
            &app.pool,
            "SELECT count(*) FROM notifications WHERE read_at IS NULL"
        )
        .await,
        0,
        "opening them reads them"
    );

    let (status, body) = ada.page("/notifications").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("started following you."));
    assert!(body.contains("commented: Lovely light"));
    assert!(body.contains("liked your post."));
    let (_, body) = bea.page("/notifications").await;
    assert!(body.contains("Activity on your posts"));
    let (status, _) = app.visitor().page("/notifications").await;
    assert!(status.is_redirection(), "visitors log in first");
}

#[tokio::test]
async fn a_search_that_runs_out_of_time_keeps_what_it_found_and_says_so() {
    let app = TestApp::spawn().await;
    let ada = app.member("ada").await;
    insert_post(&app.pool, ada.id, "Ada's sunset", 1).await;

    // Another transaction holds the posts table: the posts' statement waits for it
    // until its budget runs out; people and tags were found before.
    let mut holder = app.pool.begin().await.unwrap();
    sqlx::query("LOCK TABLE posts IN ACCESS EXCLUSIVE MODE")
        .execute(&mut *holder)
        .await
        .unwrap();
    let results = ada.search("ada").await;
    assert!(results.cut_short);
    let people: Vec<&str> = results.people.iter().map(|p| p.username.as_str()).collect();
    assert_eq!(people, ["ada"]);
    assert!(results.posts.is_empty());
    let (status, page) = ada.page("/search?q=ada").await;
    assert_eq!(status, 200);
    assert!(page.contains("This search took too long, so some results may be missing."));
    holder.rollback().await.unwrap();

    let results = ada.search("ada").await;
    assert!(!results.cut_short);
    assert_eq!(results.people.len(), 1);
    assert_eq!(results.posts.len(), 1, "the caption's word");
}
