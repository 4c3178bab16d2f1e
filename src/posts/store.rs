//! Creating and deleting posts so that the database row and the stored files agree:
//! files are written first and removed again if the row cannot be; a deleted post's
//! files go after its row has.

use sqlx::{PgPool, Postgres, Transaction};

use crate::media::ImageVariant;
use crate::media::pipeline::{Processed, Variant};
use crate::media::storage::{MediaStore, content_key};
use crate::posts::caption::hashtags;

/// What a new post is made of, already validated.
pub struct NewPost<'a> {
    pub author_id: i64,
    pub caption: &'a str,
    pub alt_text: &'a str,
    pub image: &'a Processed,
}

/// Stores the image's files, then the row (with its hashtags). Any failure leaves
/// neither behind.
#[tracing::instrument(name = "create_post", skip_all, fields(author_id = post.author_id))]
pub async fn create(
    pool: &PgPool,
    media: &dyn MediaStore,
    post: NewPost<'_>,
) -> anyhow::Result<i64> {
    let variants = store_files(pool, media, post.image).await?;
    let stored = keys_of(&variants);
    let full = variants
        .last()
        .expect("the pipeline always makes a full-size variant")
        .url
        .clone();

    let inserted = async {
        let mut tx = pool.begin().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO posts (user_id, image_url, image_width, image_height, image_variants,
                                image_placeholder, alt_text, caption)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(post.author_id)
        .bind(&full)
        .bind(post.image.width as i32)
        .bind(post.image.height as i32)
        .bind(sqlx::types::Json(&variants))
        .bind(&post.image.placeholder)
        .bind(post.alt_text)
        .bind(post.caption)
        .fetch_one(&mut *tx)
        .await?;
        sync_hashtags(&mut tx, id, post.caption).await?;
        tx.commit().await?;
        Ok::<_, sqlx::Error>(id)
    }
    .await;
    match inserted {
        Ok(id) => Ok(id),
        Err(error) => {
            remove_unless_used(pool, media, &stored).await;
            Err(anyhow::Error::new(error).context("saving the post failed"))
        }
    }
}

/// Stores every variant of a processed image, smallest first, and says where each is.
/// On failure, the files already stored are removed again (unless other rows use them).
pub async fn store_files(
    pool: &PgPool,
    media: &dyn MediaStore,
    image: &Processed,
) -> anyhow::Result<Vec<ImageVariant>> {
    let mut variants: Vec<ImageVariant> = Vec::new();
    for variant in &image.variants {
        match store_variant(media, variant).await {
            Ok(stored) => variants.push(stored),
            Err(error) => {
                remove_unless_used(pool, media, &keys_of(&variants)).await;
                return Err(anyhow::Error::new(error).context("storing an image failed"));
            }
        }
    }
    Ok(variants)
}

/// Stores one encoded size under the name of its content and says where it is served.
pub async fn store_variant(
    media: &dyn MediaStore,
    variant: &Variant,
) -> std::io::Result<ImageVariant> {
    let key = content_key(&variant.bytes, variant.extension);
    media.put(&key, &variant.bytes).await?;
    Ok(ImageVariant {
        width: variant.width,
        url: format!("/media/{key}"),
    })
}

/// Makes the post's tag links match its caption.
pub async fn sync_hashtags(
    tx: &mut Transaction<'_, Postgres>,
    post_id: i64,
    caption: &str,
) -> sqlx::Result<()> {
    let tags = hashtags(caption);
    sqlx::query("DELETE FROM post_hashtags WHERE post_id = $1")
        .bind(post_id)
        .execute(&mut **tx)
        .await?;
    if tags.is_empty() {
        return Ok(());
    }
    sqlx::query(
        "INSERT INTO hashtags (name) SELECT unnest($1::text[]) ON CONFLICT (name) DO NOTHING",
    )
    .bind(&tags)
    .execute(&mut **tx)
    .await?;
    sqlx::query(
        "INSERT INTO post_hashtags (post_id, hashtag_id)
         SELECT $1, id FROM hashtags WHERE name = ANY($2) ON CONFLICT DO NOTHING",
    )
    .bind(post_id)
    .bind(&tags)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The storage keys behind a post's image URLs.
pub fn keys_of(variants: &[ImageVariant]) -> Vec<String> {
    variants
        .iter()
        .filter_map(|variant| variant.url.strip_prefix("/media/").map(str::to_owned))
        .collect()
}

/// Removes those of `keys` that no row refers to any more: files are named by their
/// content, so a post's file may also be another post's, or someone's avatar. The one
/// place that decides whether a stored file may go.
pub async fn remove_unless_used(pool: &PgPool, media: &dyn MediaStore, keys: &[String]) {
    let unused: Result<Vec<String>, sqlx::Error> = sqlx::query_scalar(
        "SELECT key FROM unnest($1::text[]) AS key
         WHERE NOT EXISTS (SELECT 1 FROM users WHERE profile_image_url = '/media/' || key)
           AND NOT EXISTS (SELECT 1 FROM posts WHERE image_url = '/media/' || key)
           AND NOT EXISTS (SELECT 1 FROM posts WHERE image_variants
                           @> jsonb_build_array(jsonb_build_object('url', '/media/' || key)))",
    )
    .bind(keys)
    .fetch_all(pool)
    .await;
    match unused {
        Ok(unused) => remove_files(media, &unused).await,
        Err(error) => {
            tracing::warn!(%error, "could not check whether stored images are still used")
        }
    }
}

/// Best effort: a file left behind is only wasted space, never a broken page.
async fn remove_files(media: &dyn MediaStore, keys: &[String]) {
    for key in keys {
        if let Err(error) = media.delete(key).await {
            tracing::warn!(%error, key, "could not remove a stored image");
        }
    }
}
