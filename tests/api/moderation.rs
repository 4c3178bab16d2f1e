//! Moderation: only moderators reach the queue; each action closes the reports, is
//! logged for good, and tells the reporters (and, for hidden content, its author).

use crate::images::jpeg;
use crate::support::{PASSWORD, TestApp, count, insert_comment, insert_post, photo_form};
use isntgram::moderation::{LoggedAction, QueuedReport, ReportedKind};
use isntgram::notifications::NotificationKind;
use isntgram::ops::admin::{Action, apply};
use reqwest::StatusCode;

fn ok(response: &reqwest::Response) {
    assert!(response.status().is_success(), "{}", response.status());
}

async fn queue(app: &crate::support::Member) -> Vec<QueuedReport> {
    let response = app.moderation_queue().await;
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.unwrap()
}

async fn grant(app: &TestApp, username: &str) {
    let said = apply(
        &app.pool,
        Action::Grant {
            username: username.into(),
        },
    )
    .await
    .unwrap();
    assert_eq!(said, format!("{username} is a moderator now."));
}

#[tokio::test]
async fn only_moderators_reach_the_queue_and_the_log() {
    let app = TestApp::spawn().await;
    let ada = app.member("ada").await;
    for response in [ada.moderation_queue().await, ada.moderation_log().await] {
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
    }
    assert_eq!(
        ada.moderate("account", ada.id, "dismiss").await.status(),
        StatusCode::NOT_FOUND
    );
    let (status, _) = ada.page("/admin/reports").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = app.visitor().page("/admin/log").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(
        apply(
            &app.pool,
            Action::Grant {
                username: "nobody".into()
            }
        )
        .await
        .is_err()
    );

    grant(&app, "ADA").await;
    let (status, page) = ada.page("/admin/reports").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Nothing to review"));
    apply(
        &app.pool,
        Action::Revoke {
            username: "ada".into(),
        },
    )
    .await
    .unwrap();
    assert_eq!(ada.moderation_queue().await.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn moderators_hide_delete_and_suspend_and_everyone_concerned_is_told() {
    let app = TestApp::spawn().await;
    let moderator = app.member("mod").await;
    grant(&app, "mod").await;
    let ada = app.member("ada").await;
    let bea = app.member("bea").await;
    let cid = app.member("cid").await;
    let location = ada
        .share(photo_form(jpeg(64, 64), "a.jpg", "Buy now", ""))
        .await;
    let post: i64 = location.strip_prefix("/p/").unwrap().parse().unwrap();
    let comment = insert_comment(&app.pool, ada.id, post, "Rude words").await;
    ok(&bea.report(("post", &post.to_string()), "spam", "").await);
    ok(&cid
        .report(("post", &post.to_string()), "harassment", "Aimed at me")
        .await);
    ok(&bea
        .report(("comment", &comment.to_string()), "harassment", "")
        .await);
    ok(&cid.report(("account", "ada"), "spam", "").await);

    let open = queue(&moderator).await;
    assert_eq!(open.len(), 3);
    let reported_post = open
        .iter()
        .find(|item| item.kind == ReportedKind::Post && item.id == post)
        .unwrap();
    assert_eq!(reported_post.reports, 2);
    assert_eq!(reported_post.reasons, "harassment, spam");
    assert_eq!(reported_post.details, ["Aimed at me"]);
    let (_, page) = moderator.page("/admin/reports").await;
    assert_eq!(page.matches("<article").count(), 3);
    for button in [
        "Dismiss",
        "Hide content",
        "Delete content",
        "Suspend account",
    ] {
        assert!(page.contains(button), "{button}");
    }

    // Hidden: its author still sees it (and is told); nobody else does.
    ok(&moderator.moderate("post", post, "hide").await);
    let (status, _) = bea.page(&location).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(app.visitor().explore(None).await.items.is_empty());
    let (status, _) = ada.page(&location).await;
    assert_eq!(status, StatusCode::OK);
    let kinds =
        |notifications: Vec<isntgram::notifications::NotificationView>| -> Vec<NotificationKind> {
            notifications.into_iter().map(|n| n.kind).collect()
        };
    assert!(kinds(ada.notifications().await.items).contains(&NotificationKind::ContentHidden));
    for reporter in [&bea, &cid] {
        assert!(
            kinds(reporter.notifications().await.items).contains(&NotificationKind::ReportResolved)
        );
    }
    // Handled once: a second action finds nothing open.
    assert_eq!(
        moderator.moderate("post", post, "delete").await.status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );

    // Deleted: the comment is gone.
    ok(&moderator.moderate("comment", comment, "delete").await);
    assert_eq!(count(&app.pool, "SELECT count(*) FROM comments").await, 0);

    // Suspended: logged out, cannot log in, not there for anyone (nor in the feeds of
    // those who follow); lifted from the command line.
    let visible_post = insert_post(&app.pool, ada.id, "Still here", 1).await;
    ok(&bea.follow("ada").await);
    let feed_ids = |page: isntgram::pagination::Page<isntgram::feed::FeedPost>| -> Vec<i64> {
        page.items.into_iter().map(|item| item.post.id.0).collect()
    };
    assert_eq!(feed_ids(bea.feed(None).await), [visible_post]);
    ok(&moderator.moderate("account", ada.id, "suspend").await);
    assert!(feed_ids(bea.feed(None).await).is_empty());
    assert_eq!(ada.logged_in_as().await, None);
    let login = ada.login("ada", PASSWORD).await;
    assert!(login.text().await.unwrap().contains("suspended"));
    let (status, _) = bea.page("/ada").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    apply(
        &app.pool,
        Action::Unsuspend {
            username: "ada".into(),
        },
    )
    .await
    .unwrap();
    let (status, _) = bea.page("/ada").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(feed_ids(bea.feed(None).await), [visible_post]);
    assert!(queue(&moderator).await.is_empty());

    // The log: who, what, why; nobody edits it.
    let response = moderator.moderation_log().await;
    let log: Vec<LoggedAction> = response.json().await.unwrap();
    let lines: Vec<(String, String, String)> = log
        .into_iter()
        .map(|line| (line.moderator, line.action, line.reason))
        .collect();
    assert_eq!(
        lines,
        [
            ("mod".to_owned(), "suspend".to_owned(), "spam".to_owned()),
            (
                "mod".to_owned(),
                "delete".to_owned(),
                "harassment".to_owned()
            ),
            (
                "mod".to_owned(),
                "hide".to_owned(),
                "harassment, spam".to_owned()
            ),
        ]
    );
    for statement in [
        "UPDATE moderation_actions SET reason = 'none'",
        "DELETE FROM moderation_actions",
    ] {
        assert!(
            sqlx::query(statement).execute(&app.pool).await.is_err(),
            "{statement}"
        );
    }
    assert_eq!(
        count(&app.pool, "SELECT count(*) FROM moderation_actions").await,
        3
    );
}
