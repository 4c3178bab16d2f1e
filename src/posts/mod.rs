//! Posts: sharing photos, a post's page, editing its caption and alt texts, deleting it.

pub mod api;
pub mod caption;
pub mod carousel;
pub mod chosen;
pub mod components;
pub mod grid;
pub mod pages;
pub mod sending;
pub mod share;
pub mod time;

#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod store;
#[cfg(feature = "ssr")]
pub mod upload;

use serde::{Deserialize, Serialize};

use crate::ids::PostId;
use crate::media::PictureData;

/// Limits people see in the forms (the database checks the same).
pub const MAX_CAPTION_CHARS: usize = 2000;
pub const MAX_ALT_CHARS: usize = 1000;
/// The photos one post may hold (a carousel), as on Instagram.
pub const MAX_PHOTOS: usize = 10;
/// The upload limit the form states until the server has said its own.
pub const DEFAULT_UPLOAD_LIMIT_MB: u64 = 15;

/// A post as its page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostView {
    pub id: PostId,
    pub author: String,
    pub author_avatar: Option<String>,
    /// One to ten, in the order they were shared.
    pub photos: Vec<PostPhoto>,
    pub caption: String,
    /// The people the caption mentions who exist (their mentions become links).
    pub mentions: Vec<String>,
    pub created_at: i64,
    /// The server's clock when this was read, so server and browser agree on "3h".
    pub now: i64,
    pub like_count: i64,
    pub comment_count: i64,
    pub liked_by_me: bool,
    /// Only ever true for the person who saved it.
    pub saved_by_me: bool,
    pub mine: bool,
}

/// A post as a square of a grid shows it (profiles, Explore, tags, search, saved): its
/// first photo, whether there are more, and its counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GridPost {
    pub id: PostId,
    pub author: String,
    pub cover: PictureData,
    pub photo_count: usize,
    pub like_count: i64,
    pub comment_count: i64,
}

/// One photo of a post.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostPhoto {
    pub picture: PictureData,
    /// The alt text as its owner wrote it (`picture.alt` falls back to a description).
    pub alt_text: String,
}

/// The label of the alt text field of photo `index` (from 0) of `count`, in the new
/// post form and the alt text editor. The first photo's is "Alt text", as on a post of
/// one photo (and the form without JavaScript, which has only that field).
pub fn alt_text_label(index: usize, count: usize) -> String {
    if index == 0 || count == 1 {
        "Alt text".to_owned()
    } else {
        format!("Describe photo {}", index + 1)
    }
}

/// The answer to the new-post page's own upload request (`Accept: application/json`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum UploadAnswer {
    /// The post's address.
    Shared { href: String },
    /// Why not: the form shows it, with the chosen photo and the words kept.
    Refused { error: String },
}
