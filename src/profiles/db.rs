//! Every statement about profiles and follows: a profile with its counts, the people
//! lists, following, and the profile photo's column.

use sqlx::{PgConnection, PgPool};

use crate::ids::{PostId, UserId};
use crate::pagination::{Cursor, PAGE_SIZE, Page, keyset_before, split_page};
use crate::posts::GridPost;
use crate::posts::db::{GridRow, grid_columns, page_of_grid};
use crate::profiles::{PeopleList, PersonView, ProfileView, Standing};

/// A person as list queries select them, for the viewer bound as `$1`.
#[derive(Debug, sqlx::FromRow)]
pub struct PersonRow {
    pub username: String,
    pub full_name: String,
    pub profile_image_url: Option<String>,
    pub followed_by_me: bool,
    pub is_me: bool,
}

/// The columns of a `PersonRow`, for `users u` and the viewer's id (or NULL) as `$1`.
macro_rules! person_columns {
    () => {
        "u.username, u.full_name, u.profile_image_url,
         EXISTS (SELECT 1 FROM follows m WHERE m.user_id = $1::bigint AND m.user_followed_id = u.id)
             AS followed_by_me,
         COALESCE(u.id = $1::bigint, false) AS is_me"
    };
}

pub(crate) use person_columns;

impl From<PersonRow> for PersonView {
    fn from(row: PersonRow) -> Self {
        Self {
            username: row.username,
            full_name: row.full_name,
            avatar_url: row.profile_image_url,
            followed_by_me: row.followed_by_me,
            is_me: row.is_me,
        }
    }
}

/// `lower(username)` is what the unique index is on.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn user_id_of(pool: &PgPool, username: &str) -> sqlx::Result<Option<UserId>> {
    sqlx::query_scalar("SELECT id FROM users WHERE lower(username) = lower($1)")
        .bind(username)
        .fetch_optional(pool)
        .await
}

/// The person named, if `viewer` may see them (`may_see`: not across a block).
#[tracing::instrument(level = "debug", skip_all)]
pub async fn visible_user_id_of(
    pool: &PgPool,
    viewer: Option<UserId>,
    username: &str,
) -> sqlx::Result<Option<UserId>> {
    sqlx::query_scalar("SELECT id FROM users WHERE lower(username) = lower($2) AND may_see($1, id)")
        .bind(viewer)
        .bind(username)
        .fetch_optional(pool)
        .await
}

#[derive(Debug, sqlx::FromRow)]
pub struct ProfileRow {
    pub username: String,
    pub full_name: String,
    pub bio: String,
    pub profile_image_url: Option<String>,
    pub post_count: i64,
    pub follower_count: i64,
    pub following_count: i64,
    pub followed_by_me: bool,
    pub is_me: bool,
    pub blocked_by_me: bool,
    pub muted_by_me: bool,
    pub is_private: bool,
    pub locked: bool,
    pub requested: bool,
}

impl From<ProfileRow> for ProfileView {
    fn from(row: ProfileRow) -> Self {
        Self {
            username: row.username,
            full_name: row.full_name,
            bio: row.bio,
            avatar_url: row.profile_image_url,
            post_count: row.post_count,
            follower_count: row.follower_count,
            following_count: row.following_count,
            followed_by_me: row.followed_by_me,
            is_me: row.is_me,
            standing: Standing {
                blocked_by_me: row.blocked_by_me,
                muted_by_me: row.muted_by_me,
            },
            is_private: row.is_private,
            locked: row.locked,
            requested: row.requested,
        }
    }
}

/// A profile as `viewer` sees it; `None` for someone who blocked them (they do not
/// exist for each other). Someone I blocked keeps their header, with "Unblock".
#[tracing::instrument(level = "debug", skip_all)]
pub async fn profile(
    pool: &PgPool,
    viewer: Option<UserId>,
    username: &str,
) -> sqlx::Result<Option<ProfileRow>> {
    sqlx::query_as(concat!(
        "SELECT ",
        person_columns!(),
        ", COALESCE(u.bio, '') AS bio, u.post_count, u.follower_count, u.following_count,
           EXISTS (SELECT 1 FROM blocks b WHERE b.blocker_id = $1::bigint AND b.blocked_id = u.id)
               AS blocked_by_me,
           EXISTS (SELECT 1 FROM mutes m WHERE m.muter_id = $1::bigint AND m.muted_id = u.id)
               AS muted_by_me,
           u.is_private, NOT may_see_posts($1::bigint, u.id) AS locked,
           EXISTS (SELECT 1 FROM follow_requests r WHERE r.requester_id = $1::bigint
                   AND r.target_id = u.id) AS requested
         FROM users u
         WHERE lower(u.username) = lower($2) AND u.suspended_at IS NULL
           AND NOT EXISTS (SELECT 1 FROM blocks b WHERE b.blocker_id = u.id
                           AND b.blocked_id = $1::bigint)"
    ))
    .bind(viewer)
    .bind(username)
    .fetch_optional(pool)
    .await
}

/// The posts of the person named `author` (any case), newest first, a page at a time;
/// served by `idx_users_username_lower`, then
/// `idx_posts_user_id_created (user_id, created_at DESC, id DESC)`. Nobody of that
/// name and nothing to show look the same here: an empty page. Visibility is asked of
/// `u.id`, not `p.user_id`: a condition on the person alone is checked once, at their
/// row, instead of once per post.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn posts_of(
    pool: &PgPool,
    viewer: Option<UserId>,
    author: &str,
    after: Option<Cursor>,
) -> sqlx::Result<Page<GridPost>> {
    let (micros, id) = Cursor::binds(after);
    let rows: Vec<GridRow> = sqlx::query_as(concat!(
        "SELECT ",
        grid_columns!(),
        " FROM users u JOIN posts p ON p.user_id = u.id
          WHERE lower(u.username) = lower($2) AND may_see_post($1, u.id, p.hidden_at) AND ",
        keyset_before!("p", "$3", "$4"),
        " ORDER BY p.created_at DESC, p.id DESC LIMIT $5"
    ))
    .bind(viewer)
    .bind(author)
    .bind(micros)
    .bind(id)
    .bind(PAGE_SIZE as i64 + 1)
    .fetch_all(pool)
    .await?;
    Ok(page_of_grid(rows))
}

/// A saved post with where its save sits in the saver's list.
#[derive(sqlx::FromRow)]
struct SavedPostRow {
    #[sqlx(flatten)]
    post: GridRow,
    saved_micros: i64,
    save_id: i64,
}

/// The posts `user` saved, newest saved first.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn saved_posts_of(
    pool: &PgPool,
    user: UserId,
    after: Option<Cursor>,
) -> sqlx::Result<Page<GridPost>> {
    let (micros, id) = Cursor::binds(after);
    let rows: Vec<SavedPostRow> = sqlx::query_as(concat!(
        "SELECT ",
        grid_columns!(),
        ", (extract(epoch FROM s.created_at) * 1000000)::bigint AS saved_micros,
           s.id AS save_id
         FROM saved_posts s JOIN posts p ON p.id = s.post_id JOIN users u ON u.id = p.user_id
         WHERE s.user_id = $1 AND may_see_post($1, p.user_id, p.hidden_at) AND ",
        keyset_before!("s", "$2", "$3"),
        " ORDER BY s.created_at DESC, s.id DESC LIMIT $4"
    ))
    .bind(user)
    .bind(micros)
    .bind(id)
    .bind(PAGE_SIZE as i64 + 1)
    .fetch_all(pool)
    .await?;
    let (rows, next) = split_page(rows, PAGE_SIZE, |row| Cursor {
        micros: row.saved_micros,
        id: row.save_id,
    });
    Ok(Page {
        items: rows.into_iter().map(|row| row.post.into_view()).collect(),
        next,
    })
}

/// A person in a followers or following list, with where their follow sits in it.
#[derive(sqlx::FromRow)]
struct ListedPersonRow {
    #[sqlx(flatten)]
    person: PersonRow,
    listed_micros: i64,
    listed_id: i64,
}

/// A page of people from rows fetched one past `PAGE_SIZE`.
fn page_of_people(rows: Vec<ListedPersonRow>) -> Page<PersonView> {
    let (rows, next) = split_page(rows, PAGE_SIZE, |row| Cursor {
        micros: row.listed_micros,
        id: row.listed_id,
    });
    Page {
        items: rows.into_iter().map(|row| row.person.into()).collect(),
        next,
    }
}

/// Someone's followers or the people they follow, most recent first. Followers: rows
/// pointing at the owner, showing who follows. Following: rows from the owner, showing
/// whom. Each side has its (…, created_at DESC) index.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn people(
    pool: &PgPool,
    viewer: Option<UserId>,
    owner: UserId,
    list: PeopleList,
    after: Option<Cursor>,
) -> sqlx::Result<Page<PersonView>> {
    let (micros, id) = Cursor::binds(after);
    let sql = match list {
        PeopleList::Followers => concat!(
            "SELECT ",
            person_columns!(),
            ", (extract(epoch FROM f.created_at) * 1000000)::bigint AS listed_micros,
               f.id AS listed_id
             FROM follows f JOIN users u ON u.id = f.user_id
             WHERE f.user_followed_id = $2 AND may_see($1, u.id) AND may_see_posts($1, $2) AND ",
            keyset_before!("f", "$3", "$4"),
            " ORDER BY f.created_at DESC, f.id DESC LIMIT $5"
        ),
        PeopleList::Following => concat!(
            "SELECT ",
            person_columns!(),
            ", (extract(epoch FROM f.created_at) * 1000000)::bigint AS listed_micros,
               f.id AS listed_id
             FROM follows f JOIN users u ON u.id = f.user_followed_id
             WHERE f.user_id = $2 AND may_see($1, u.id) AND may_see_posts($1, $2) AND ",
            keyset_before!("f", "$3", "$4"),
            " ORDER BY f.created_at DESC, f.id DESC LIMIT $5"
        ),
    };
    let rows: Vec<ListedPersonRow> = sqlx::query_as(sql)
        .bind(viewer)
        .bind(owner)
        .bind(micros)
        .bind(id)
        .bind(PAGE_SIZE as i64 + 1)
        .fetch_all(pool)
        .await?;
    Ok(page_of_people(rows))
}

/// The people who liked `post`, most recent like first.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn likers_of(
    pool: &PgPool,
    viewer: Option<UserId>,
    post: PostId,
    after: Option<Cursor>,
) -> sqlx::Result<Page<PersonView>> {
    let (micros, id) = Cursor::binds(after);
    let rows: Vec<ListedPersonRow> = sqlx::query_as(concat!(
        "SELECT ",
        person_columns!(),
        ", (extract(epoch FROM l.created_at) * 1000000)::bigint AS listed_micros,
           l.id AS listed_id
         FROM likes l JOIN users u ON u.id = l.user_id
         WHERE l.likeable_type = 'post' AND l.likeable_id = $2 AND may_see($1, u.id) AND ",
        keyset_before!("l", "$3", "$4"),
        " ORDER BY l.created_at DESC, l.id DESC LIMIT $5"
    ))
    .bind(viewer)
    .bind(post)
    .bind(micros)
    .bind(id)
    .bind(PAGE_SIZE as i64 + 1)
    .fetch_all(pool)
    .await?;
    Ok(page_of_people(rows))
}

/// Follows `followed` and tells them, unless `follower` already does. Fails with a
/// foreign key violation when `followed` is gone.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn follow(tx: &mut PgConnection, follower: UserId, followed: UserId) -> sqlx::Result<()> {
    let inserted: Option<i64> = sqlx::query_scalar(
        "INSERT INTO follows (user_id, user_followed_id) VALUES ($1, $2)
         ON CONFLICT ON CONSTRAINT unique_follow DO NOTHING RETURNING id",
    )
    .bind(follower)
    .bind(followed)
    .fetch_optional(&mut *tx)
    .await?;
    if let Some(follow_id) = inserted {
        sqlx::query(
            "INSERT INTO notifications (recipient_id, actor_id, kind, follow_id)
             VALUES ($1, $2, 'follow', $3)",
        )
        .bind(followed)
        .bind(follower)
        .bind(follow_id)
        .execute(&mut *tx)
        .await?;
    }
    Ok(())
}

/// Whether `user` keeps their posts for approved followers, and whether `viewer`
/// follows them or has asked to.
#[derive(Debug, sqlx::FromRow)]
pub struct FollowingRow {
    pub is_private: bool,
    pub following: bool,
    pub requested: bool,
}

#[tracing::instrument(level = "debug", skip_all)]
pub async fn following(
    tx: &mut PgConnection,
    viewer: UserId,
    user: UserId,
) -> sqlx::Result<FollowingRow> {
    sqlx::query_as(
        "SELECT u.is_private,
                EXISTS (SELECT 1 FROM follows WHERE user_id = $1 AND user_followed_id = u.id)
                    AS following,
                EXISTS (SELECT 1 FROM follow_requests WHERE requester_id = $1 AND target_id = u.id)
                    AS requested
         FROM users u WHERE u.id = $2",
    )
    .bind(viewer)
    .bind(user)
    .fetch_one(tx)
    .await
}

/// Asks to follow a private account and tells its owner; false when nothing was asked
/// (asked already, or a block keeps them apart, see `may_see`). Fails with a foreign
/// key violation when `target` is gone.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn request_follow(
    tx: &mut PgConnection,
    requester: UserId,
    target: UserId,
) -> sqlx::Result<bool> {
    let inserted: Option<i64> = sqlx::query_scalar(
        "INSERT INTO follow_requests (requester_id, target_id)
         SELECT $1, $2 WHERE may_see($1, $2)
         ON CONFLICT ON CONSTRAINT unique_follow_request DO NOTHING RETURNING id",
    )
    .bind(requester)
    .bind(target)
    .fetch_optional(&mut *tx)
    .await?;
    if let Some(request_id) = inserted {
        sqlx::query(
            "INSERT INTO notifications (recipient_id, actor_id, kind, follow_request_id)
             VALUES ($1, $2, 'follow_request', $3)",
        )
        .bind(target)
        .bind(requester)
        .bind(request_id)
        .execute(&mut *tx)
        .await?;
    }
    Ok(inserted.is_some())
}

/// Withdraws a request (its notification goes with it).
#[tracing::instrument(level = "debug", skip_all)]
pub async fn withdraw_request(
    tx: &mut PgConnection,
    requester: UserId,
    target: UserId,
) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM follow_requests WHERE requester_id = $1 AND target_id = $2")
        .bind(requester)
        .bind(target)
        .execute(tx)
        .await?;
    Ok(())
}

/// Confirms (`accept`) or deletes `requester`'s request to follow `target`; false when
/// there was none. Confirmed, the follow is made while the request still stands (the
/// `follows_need_approval` trigger asks for it), then the request goes.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn answer_request(
    pool: &PgPool,
    target: UserId,
    requester: UserId,
    accept: bool,
) -> sqlx::Result<bool> {
    let mut tx = pool.begin().await?;
    let pending: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM follow_requests WHERE requester_id = $1 AND target_id = $2 FOR UPDATE",
    )
    .bind(requester)
    .bind(target)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(request_id) = pending else {
        return Ok(false);
    };
    if accept {
        sqlx::query(
            "INSERT INTO follows (user_id, user_followed_id) VALUES ($1, $2)
             ON CONFLICT ON CONSTRAINT unique_follow DO NOTHING",
        )
        .bind(requester)
        .bind(target)
        .execute(&mut *tx)
        .await?;
    }
    sqlx::query("DELETE FROM follow_requests WHERE id = $1")
        .bind(request_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(true)
}

/// Makes `user`'s account private or public. Going public confirms every pending
/// request: nobody is left waiting to follow an account anyone may follow.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn set_private(pool: &PgPool, user: UserId, private: bool) -> sqlx::Result<()> {
    let mut tx = pool.begin().await?;
    sqlx::query("UPDATE users SET is_private = $2 WHERE id = $1")
        .bind(user)
        .bind(private)
        .execute(&mut *tx)
        .await?;
    if !private {
        sqlx::query(
            "INSERT INTO follows (user_id, user_followed_id)
             SELECT requester_id, target_id FROM follow_requests WHERE target_id = $1
             ON CONFLICT ON CONSTRAINT unique_follow DO NOTHING",
        )
        .bind(user)
        .execute(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM follow_requests WHERE target_id = $1")
            .bind(user)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await
}

#[tracing::instrument(level = "debug", skip_all)]
pub async fn is_private(pool: &PgPool, user: UserId) -> sqlx::Result<bool> {
    sqlx::query_scalar("SELECT is_private FROM users WHERE id = $1")
        .bind(user)
        .fetch_one(pool)
        .await
}

/// The notification goes with the follow (ON DELETE CASCADE).
#[tracing::instrument(level = "debug", skip_all)]
pub async fn unfollow(
    tx: &mut PgConnection,
    follower: UserId,
    followed: UserId,
) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM follows WHERE user_id = $1 AND user_followed_id = $2")
        .bind(follower)
        .bind(followed)
        .execute(tx)
        .await?;
    Ok(())
}

#[tracing::instrument(level = "debug", skip_all)]
pub async fn follower_count(tx: &mut PgConnection, user: UserId) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT follower_count FROM users WHERE id = $1")
        .bind(user)
        .fetch_one(tx)
        .await
}

/// Sets (or clears) the profile photo and returns the one it had.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn replace_avatar(
    pool: &PgPool,
    user: UserId,
    url: Option<&str>,
) -> sqlx::Result<Option<String>> {
    let before: Option<Option<String>> = sqlx::query_scalar(
        "UPDATE users u SET profile_image_url = $2 FROM users before
         WHERE u.id = $1 AND before.id = u.id RETURNING before.profile_image_url",
    )
    .bind(user)
    .bind(url)
    .fetch_optional(pool)
    .await?;
    Ok(before.flatten())
}

/// People to follow for someone whose feed is empty: the most followed people they do
/// not follow yet, then the newest.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn suggestions(pool: &PgPool, me: UserId, limit: i64) -> sqlx::Result<Vec<PersonRow>> {
    sqlx::query_as(concat!(
        "SELECT ",
        person_columns!(),
        " FROM users u
          WHERE u.id <> $1 AND may_see($1, u.id)
            AND NOT EXISTS (SELECT 1 FROM follows f WHERE f.user_id = $1 AND f.user_followed_id = u.id)
          ORDER BY u.follower_count DESC, u.id DESC
          LIMIT $2"
    ))
    .bind(me)
    .bind(limit)
    .fetch_all(pool)
    .await
}
