//! Every statement about posts, and how every page reads them: one column list and one
//! row type for a whole post (the post page, the feed), one for a square of a grid
//! (profiles, Explore, tags, search), so the pages agree on what a post is. Queries
//! that use `post_columns!` bind the viewer's id (or NULL) as `$1`.

use sqlx::types::Json;
use sqlx::{PgConnection, PgPool};

use crate::ids::{CommentId, PostId, UserId};
use crate::media::{ImageVariant, PictureData};
use crate::pagination::{Cursor, PAGE_SIZE, Page, split_page};
use crate::posts::caption::{Segment, hashtags, segments};
use crate::posts::{GridPost, PostPhoto, PostView};

/// The columns of a post as pages show it, for `FROM posts p JOIN users u ON u.id = p.user_id`.
/// Counts are the post's own columns, kept by triggers. Whether I liked or saved it is a
/// scalar subquery, one index probe per post shown: written as `EXISTS`, PostgreSQL may
/// instead read all my likes into a hash, which costs more the more I have liked.
/// Photos come as `json`, not `jsonb`: `json` is sent as the text it is built from,
/// while `jsonb` is built as a tree and then printed (about twice the time per post).
macro_rules! post_columns {
    () => {
        concat!(
            "p.id, p.user_id, u.username, u.profile_image_url, p.caption,
         (SELECT json_agg(json_build_object('url', ph.url, 'width', ph.width,
                 'height', ph.height, 'variants', ph.variants, 'placeholder', ph.placeholder,
                 'alt_text', ph.alt_text) ORDER BY ph.position)
          FROM photos ph WHERE ph.post_id = p.id) AS photos,
         extract(epoch FROM p.created_at)::bigint AS created_at,
         (extract(epoch FROM p.created_at) * 1000000)::bigint AS created_micros,
         extract(epoch FROM now())::bigint AS now,
         p.like_count, p.comment_count,
         COALESCE((SELECT true FROM likes l WHERE l.user_id = $1::bigint
                   AND l.likeable_type = 'post' AND l.likeable_id = p.id), false) AS liked_by_me,
         COALESCE((SELECT true FROM saved_posts sp WHERE sp.user_id = $1::bigint
                   AND sp.post_id = p.id), false) AS saved_by_me, ",
            $crate::posts::caption::mentioned_users!("p.caption"),
            " AS mentions"
        )
    };
}
pub(crate) use post_columns;

#[derive(Debug, sqlx::FromRow)]
pub struct PostRow {
    pub id: PostId,
    pub user_id: UserId,
    pub username: String,
    pub profile_image_url: Option<String>,
    pub caption: String,
    /// In carousel order.
    pub photos: Json<Vec<PhotoRow>>,
    pub created_at: i64,
    pub created_micros: i64,
    pub now: i64,
    pub like_count: i64,
    pub comment_count: i64,
    pub liked_by_me: bool,
    pub saved_by_me: bool,
    pub mentions: Vec<String>,
}

/// One photo of a post, as `post_columns!` aggregates them.
#[derive(Debug, serde::Deserialize)]
pub struct PhotoRow {
    pub url: String,
    pub width: i32,
    pub height: i32,
    pub variants: Vec<ImageVariant>,
    pub placeholder: String,
    pub alt_text: String,
}

/// The columns of a square of a grid, for `FROM posts p JOIN users u ON u.id = p.user_id`:
/// the first photo and how many there are (two probes of `photos_pkey`), the kept
/// counts, and the keyset of the post's age (the photo as `json`, see `post_columns!`).
/// Nothing about the viewer: a grid shows none.
macro_rules! grid_columns {
    () => {
        "p.id, u.username, p.like_count, p.comment_count,
         (extract(epoch FROM p.created_at) * 1000000)::bigint AS created_micros,
         (SELECT json_build_object('url', ph.url, 'width', ph.width, 'height', ph.height,
                 'variants', ph.variants, 'placeholder', ph.placeholder, 'alt_text', ph.alt_text)
          FROM photos ph WHERE ph.post_id = p.id AND ph.position = 0) AS cover,
         (SELECT count(*) FROM photos ph WHERE ph.post_id = p.id) AS photo_count"
    };
}
pub(crate) use grid_columns;

/// A square of a grid as `grid_columns!` reads it.
#[derive(Debug, sqlx::FromRow)]
pub struct GridRow {
    pub id: PostId,
    pub username: String,
    pub like_count: i64,
    pub comment_count: i64,
    pub created_micros: i64,
    pub cover: Json<PhotoRow>,
    pub photo_count: i64,
}

impl GridRow {
    pub fn cursor(&self) -> Cursor {
        Cursor {
            micros: self.created_micros,
            id: self.id.0,
        }
    }

    pub fn into_view(self) -> GridPost {
        let count = self.photo_count as usize;
        GridPost {
            id: self.id,
            cover: self.cover.0.into_picture(0, count, &self.username),
            author: self.username,
            photo_count: count,
            like_count: self.like_count,
            comment_count: self.comment_count,
        }
    }
}

/// A page of a grid from rows fetched one past `PAGE_SIZE`, newest first.
pub fn page_of_grid(rows: Vec<GridRow>) -> Page<GridPost> {
    let (rows, next) = split_page(rows, PAGE_SIZE, GridRow::cursor);
    Page {
        items: rows.into_iter().map(GridRow::into_view).collect(),
        next,
    }
}

impl PhotoRow {
    /// The photo at `index` of a post of `count` photos by `author`. A photo without alt
    /// text is still described, if only by who took it.
    fn into_picture(self, index: usize, count: usize, author: &str) -> PictureData {
        let alt = match (self.alt_text.is_empty(), count) {
            (false, _) => self.alt_text,
            (true, 1) => format!("Photo by {author}"),
            (true, _) => format!("Photo {} of {count} by {author}", index + 1),
        };
        PictureData {
            url: self.url,
            width: self.width as u32,
            height: self.height as u32,
            variants: self.variants,
            placeholder: self.placeholder,
            alt,
        }
    }
}

impl PostRow {
    pub fn cursor(&self) -> Cursor {
        Cursor {
            micros: self.created_micros,
            id: self.id.0,
        }
    }

    pub fn into_view(self, viewer: Option<UserId>) -> PostView {
        let count = self.photos.0.len();
        let photos = self
            .photos
            .0
            .into_iter()
            .enumerate()
            .map(|(index, photo)| {
                let alt_text = photo.alt_text.clone();
                PostPhoto {
                    picture: photo.into_picture(index, count, &self.username),
                    alt_text,
                }
            })
            .collect();
        PostView {
            id: self.id,
            photos,
            author: self.username,
            author_avatar: self.profile_image_url,
            caption: self.caption,
            created_at: self.created_at,
            now: self.now,
            like_count: self.like_count,
            comment_count: self.comment_count,
            liked_by_me: self.liked_by_me,
            saved_by_me: self.saved_by_me,
            mentions: self.mentions,
            mine: viewer == Some(self.user_id),
        }
    }
}

/// One post as `viewer` sees it.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn find(
    pool: &PgPool,
    viewer: Option<UserId>,
    id: PostId,
) -> sqlx::Result<Option<PostRow>> {
    sqlx::query_as(concat!(
        "SELECT ",
        post_columns!(),
        " FROM posts p JOIN users u ON u.id = p.user_id
          WHERE p.id = $2 AND may_see_post($1, p.user_id, p.hidden_at)"
    ))
    .bind(viewer)
    .bind(id)
    .fetch_optional(pool)
    .await
}

/// Whether the post exists for `viewer` (`may_see_posts`: not across a block, not a
/// private account's to those it has not approved).
#[tracing::instrument(level = "debug", skip_all)]
pub async fn visible(pool: &PgPool, viewer: Option<UserId>, id: PostId) -> sqlx::Result<bool> {
    sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM posts WHERE id = $2 AND may_see_post($1, user_id, hidden_at))",
    )
    .bind(viewer)
    .bind(id)
    .fetch_one(pool)
    .await
}

/// Who wrote the post, if it exists.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn author_of(pool: &PgPool, id: PostId) -> sqlx::Result<Option<UserId>> {
    sqlx::query_scalar("SELECT user_id FROM posts WHERE id = $1")
        .bind(id)
        .fetch_optional(pool)
        .await
}

/// One photo of a new post; its files are already stored.
pub struct NewPhotoRow<'a> {
    pub url: &'a str,
    pub width: i32,
    pub height: i32,
    pub variants: &'a [ImageVariant],
    pub placeholder: &'a str,
    pub alt_text: &'a str,
}

/// Inserts the post and its photos, in carousel order.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn insert(
    tx: &mut PgConnection,
    author: UserId,
    caption: &str,
    photos: &[NewPhotoRow<'_>],
) -> sqlx::Result<PostId> {
    let id: PostId =
        sqlx::query_scalar("INSERT INTO posts (user_id, caption) VALUES ($1, $2) RETURNING id")
            .bind(author)
            .bind(caption)
            .fetch_one(&mut *tx)
            .await?;
    for (position, photo) in photos.iter().enumerate() {
        sqlx::query(
            "INSERT INTO photos (post_id, position, url, width, height, variants, placeholder,
                                 alt_text)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(id)
        .bind(position as i16)
        .bind(photo.url)
        .bind(photo.width)
        .bind(photo.height)
        .bind(Json(photo.variants))
        .bind(photo.placeholder)
        .bind(photo.alt_text)
        .execute(&mut *tx)
        .await?;
    }
    Ok(id)
}

/// Sets the caption of `author`'s post; false when it is not theirs (or gone).
#[tracing::instrument(level = "debug", skip_all)]
pub async fn update_caption(
    tx: &mut PgConnection,
    id: PostId,
    author: UserId,
    caption: &str,
) -> sqlx::Result<bool> {
    let updated = sqlx::query("UPDATE posts SET caption = $3 WHERE id = $1 AND user_id = $2")
        .bind(id)
        .bind(author)
        .bind(caption)
        .execute(tx)
        .await?;
    Ok(updated.rows_affected() > 0)
}

/// Tells the people `text` (a caption, or comment `comment`'s text) mentions, once per
/// post or comment (the unique indexes on mentions): editing a caption tells only the
/// newly mentioned. Nobody is told of mentioning themselves, nor twice about one
/// comment (a reply already told the person replied to).
#[tracing::instrument(level = "debug", skip_all)]
pub async fn notify_mentions(
    tx: &mut PgConnection,
    actor: UserId,
    post: PostId,
    comment: Option<CommentId>,
    text: &str,
) -> sqlx::Result<()> {
    let mentioned: Vec<String> = segments(text)
        .into_iter()
        .filter_map(|segment| match segment {
            Segment::Mention { username, .. } => Some(username.to_lowercase()),
            _ => None,
        })
        .collect();
    if mentioned.is_empty() {
        return Ok(());
    }
    sqlx::query(
        "INSERT INTO notifications (recipient_id, actor_id, kind, post_id, comment_id)
         SELECT u.id, $1, 'mention', $2, $3 FROM users u
         WHERE lower(u.username) = ANY($4) AND u.id <> $1 AND NOT blocked_between(u.id, $1)
           AND NOT EXISTS (SELECT 1 FROM notifications n
                           WHERE n.comment_id = $3 AND n.recipient_id = u.id)
         ON CONFLICT DO NOTHING",
    )
    .bind(actor)
    .bind(post)
    .bind(comment)
    .bind(&mentioned)
    .execute(tx)
    .await?;
    Ok(())
}

/// Sets the alt text of each photo (in carousel order; photos past the texts given
/// keep theirs), if `author` wrote the post; false otherwise.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn update_alt_texts(
    pool: &PgPool,
    id: PostId,
    author: UserId,
    alt_texts: &[String],
) -> sqlx::Result<bool> {
    let mut tx = pool.begin().await?;
    let owned: Option<i32> =
        sqlx::query_scalar("SELECT 1 FROM posts WHERE id = $1 AND user_id = $2 FOR UPDATE")
            .bind(id)
            .bind(author)
            .fetch_optional(&mut *tx)
            .await?;
    if owned.is_none() {
        return Ok(false);
    }
    sqlx::query(
        "UPDATE photos ph SET alt_text = given.alt_text
         FROM unnest($2::text[]) WITH ORDINALITY AS given (alt_text, n)
         WHERE ph.post_id = $1 AND ph.position = given.n - 1",
    )
    .bind(id)
    .bind(alt_texts)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(true)
}

/// Deletes the post (only if `author` wrote it, when given; a moderator gives none) and
/// says which image files its photos had; `None` when it is not theirs (or gone).
/// Photos, comments, likes of both, tag links and notifications go with the row.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn delete<'e>(
    executor: impl sqlx::PgExecutor<'e>,
    id: PostId,
    author: Option<UserId>,
) -> sqlx::Result<Option<Vec<ImageVariant>>> {
    let deleted: Option<Json<Vec<ImageVariant>>> = sqlx::query_scalar(
        "WITH gone AS (DELETE FROM posts WHERE id = $1 AND ($2::bigint IS NULL OR user_id = $2)
                       RETURNING id)
         SELECT COALESCE((SELECT jsonb_agg(variant) FROM photos ph,
                                 jsonb_array_elements(ph.variants) AS variant
                          WHERE ph.post_id = gone.id), '[]')
         FROM gone",
    )
    .bind(id)
    .bind(author)
    .fetch_optional(executor)
    .await?;
    Ok(deleted.map(|variants| variants.0))
}

/// Makes the post's tag links match its caption.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn sync_hashtags(tx: &mut PgConnection, id: PostId, caption: &str) -> sqlx::Result<()> {
    let tags = hashtags(caption);
    sqlx::query("DELETE FROM post_hashtags WHERE post_id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    if tags.is_empty() {
        return Ok(());
    }
    sqlx::query(
        "INSERT INTO hashtags (name) SELECT unnest($1::text[]) ON CONFLICT (name) DO NOTHING",
    )
    .bind(&tags)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO post_hashtags (post_id, hashtag_id)
         SELECT $1, id FROM hashtags WHERE name = ANY($2) ON CONFLICT DO NOTHING",
    )
    .bind(id)
    .bind(&tags)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// Those of the stored files' `keys` that no row refers to any more: files are named
/// by their content, so a post's file may also be another post's, or someone's avatar.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn unused_media_keys(pool: &PgPool, keys: &[String]) -> sqlx::Result<Vec<String>> {
    sqlx::query_scalar(
        "SELECT key FROM unnest($1::text[]) AS key
         WHERE NOT EXISTS (SELECT 1 FROM users WHERE profile_image_url = '/media/' || key)
           AND NOT EXISTS (SELECT 1 FROM photos WHERE url = '/media/' || key)
           AND NOT EXISTS (SELECT 1 FROM photos WHERE variants
                           @> jsonb_build_array(jsonb_build_object('url', '/media/' || key)))",
    )
    .bind(keys)
    .fetch_all(pool)
    .await
}
