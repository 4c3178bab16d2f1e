//! Creating and deleting posts so that the database row and the stored files agree:
//! files are written first and removed again if the row cannot be; a deleted post's
//! files go after its row has.

use sqlx::PgPool;

use crate::ids::{PostId, UserId};
use crate::media::ImageVariant;
use crate::media::pipeline::{Processed, Variant};
use crate::media::storage::{MediaStore, content_key, key_of, url_of};
use crate::posts::db::{self, NewPhotoRow};

/// What a new post is made of, already validated.
pub struct NewPost<'a> {
    pub author: UserId,
    pub caption: &'a str,
    /// One to ten, in carousel order.
    pub photos: &'a [NewPhoto<'a>],
}

/// One processed photo of a new post.
pub struct NewPhoto<'a> {
    pub image: &'a Processed,
    pub alt_text: &'a str,
}

/// Stores every photo's files, then the rows (with the hashtags): the post is created
/// with all its photos or none. Any failure leaves nothing behind.
#[tracing::instrument(name = "create_post", skip_all, fields(author_id = %post.author, photos = post.photos.len()))]
pub async fn create(
    pool: &PgPool,
    media: &dyn MediaStore,
    post: NewPost<'_>,
) -> anyhow::Result<PostId> {
    let mut stored_variants: Vec<Vec<ImageVariant>> = Vec::with_capacity(post.photos.len());
    for photo in post.photos {
        match store_files(pool, media, photo.image).await {
            Ok(variants) => stored_variants.push(variants),
            Err(error) => {
                remove_unless_used(pool, media, &keys_of(&stored_variants.concat())).await;
                return Err(error);
            }
        }
    }
    let stored = keys_of(&stored_variants.concat());

    let inserted = async {
        let mut tx = pool.begin().await?;
        let rows: Vec<NewPhotoRow> = post
            .photos
            .iter()
            .zip(&stored_variants)
            .map(|(photo, variants)| NewPhotoRow {
                url: &variants
                    .last()
                    .expect("the pipeline always makes a full-size variant")
                    .url,
                width: photo.image.width as i32,
                height: photo.image.height as i32,
                variants,
                placeholder: &photo.image.placeholder,
                alt_text: photo.alt_text,
            })
            .collect();
        let id = db::insert(&mut tx, post.author, post.caption, &rows).await?;
        db::sync_hashtags(&mut tx, id, post.caption).await?;
        db::notify_mentions(&mut tx, post.author, id, None, post.caption).await?;
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

/// Whether a failure to store a post or photo was the media store's (unreachable, or
/// refusing), not the database's: the store's errors are I/O errors.
pub fn is_storage_failure(error: &anyhow::Error) -> bool {
    error.downcast_ref::<std::io::Error>().is_some()
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
        url: url_of(&key),
    })
}

/// The storage keys behind a post's image URLs.
pub fn keys_of(variants: &[ImageVariant]) -> Vec<String> {
    variants
        .iter()
        .filter_map(|variant| key_of(&variant.url).map(str::to_owned))
        .collect()
}

/// Removes the files behind a deleted post's image variants, unless other rows use them.
pub async fn remove_files_of(pool: &PgPool, media: &dyn MediaStore, variants: &[ImageVariant]) {
    remove_unless_used(pool, media, &keys_of(variants)).await;
}

/// Removes those of `keys` that no row refers to any more: files are named by their
/// content, so a post's file may also be another post's, or someone's avatar. The one
/// place that decides whether a stored file may go.
pub async fn remove_unless_used(pool: &PgPool, media: &dyn MediaStore, keys: &[String]) {
    match db::unused_media_keys(pool, keys).await {
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
