//! How every page reads posts: one column list and one row type, so the post page, the
//! feed and the profile grid agree on what a post is. Queries bind the viewer's id (or
//! NULL for visitors) as `$1`.

use sqlx::types::Json;

use crate::media::{ImageVariant, PictureData};
use crate::pagination::{Cursor, PAGE_SIZE, Page, split_page};
use crate::posts::PostView;

/// The columns of a post as pages show it, for `FROM posts p JOIN users u ON u.id = p.user_id`.
/// Counts are index-only lookups (`idx_likes_type_id_created`, `idx_comments_post_id_created`).
#[macro_export]
macro_rules! post_columns {
    () => {
        concat!("p.id, p.user_id, u.username, u.profile_image_url, p.image_url, p.image_width,
         p.image_height, p.image_variants, p.image_placeholder, p.alt_text, p.caption,
         extract(epoch FROM p.created_at)::bigint AS created_at,
         (extract(epoch FROM p.created_at) * 1000000)::bigint AS created_micros,
         extract(epoch FROM now())::bigint AS now,
         (SELECT count(*) FROM likes l WHERE l.likeable_type = 'post' AND l.likeable_id = p.id) AS like_count,
         (SELECT count(*) FROM comments c WHERE c.post_id = p.id) AS comment_count,
         EXISTS (SELECT 1 FROM likes l WHERE l.user_id = $1::bigint AND l.likeable_type = 'post'
                 AND l.likeable_id = p.id) AS liked_by_me, ",
        $crate::mentioned_users!("p.caption"),
        " AS mentions")
    };
}

#[derive(Debug, sqlx::FromRow)]
pub struct PostRow {
    pub id: i64,
    pub user_id: i64,
    pub username: String,
    pub profile_image_url: Option<String>,
    pub image_url: String,
    pub image_width: i32,
    pub image_height: i32,
    pub image_variants: Json<Vec<ImageVariant>>,
    pub image_placeholder: String,
    pub alt_text: String,
    pub caption: String,
    pub created_at: i64,
    pub created_micros: i64,
    pub now: i64,
    pub like_count: i64,
    pub comment_count: i64,
    pub liked_by_me: bool,
    pub mentions: Vec<String>,
}

/// A page of posts from rows fetched one past `PAGE_SIZE`, newest first.
pub fn page_of_posts(rows: Vec<PostRow>, viewer: Option<i64>) -> Page<PostView> {
    let (rows, next) = split_page(rows, PAGE_SIZE, PostRow::cursor);
    Page {
        items: rows.into_iter().map(|row| row.into_view(viewer)).collect(),
        next,
    }
}

impl PostRow {
    pub fn cursor(&self) -> Cursor {
        Cursor {
            micros: self.created_micros,
            id: self.id,
        }
    }

    pub fn into_view(self, viewer: Option<i64>) -> PostView {
        let alt = if self.alt_text.is_empty() {
            format!("Photo by {}", self.username)
        } else {
            self.alt_text
        };
        PostView {
            id: self.id,
            picture: PictureData {
                url: self.image_url,
                width: self.image_width as u32,
                height: self.image_height as u32,
                variants: self.image_variants.0,
                placeholder: self.image_placeholder,
                alt,
            },
            author: self.username,
            author_avatar: self.profile_image_url,
            caption: self.caption,
            created_at: self.created_at,
            now: self.now,
            like_count: self.like_count,
            comment_count: self.comment_count,
            liked_by_me: self.liked_by_me,
            mentions: self.mentions,
            mine: viewer == Some(self.user_id),
        }
    }
}
