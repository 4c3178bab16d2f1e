//! Photos: the processing pipeline (server only), where the files are kept, and how
//! they are served.

#[cfg(feature = "ssr")]
pub mod pipeline;
#[cfg(feature = "ssr")]
pub mod serve;
#[cfg(feature = "ssr")]
pub mod storage;

// Test images for the unit tests; the integration tests and the benchmark include the
// file by its path. `pub`: each user takes only some of the builders.
#[cfg(all(test, feature = "ssr"))]
pub mod fixtures;

use serde::{Deserialize, Serialize};

/// One stored size of an image, as pages need it for `srcset`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImageVariant {
    pub width: u32,
    pub url: String,
}

/// An image as a page shows it: sizes, the box to reserve, the placeholder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PictureData {
    pub url: String,
    pub width: u32,
    pub height: u32,
    pub variants: Vec<ImageVariant>,
    pub placeholder: String,
    pub alt: String,
}

impl PictureData {
    /// `srcset`: every stored width.
    /// The 1080-pixel variant (or the largest there is) for link previews.
    pub fn preview_url(&self) -> &str {
        self.variants
            .iter()
            .find(|variant| variant.width >= 1080)
            .map_or(&self.url, |variant| &variant.url)
    }

    pub fn srcset(&self) -> String {
        self.variants
            .iter()
            .map(|variant| format!("{} {}w", variant.url, variant.width))
            .collect::<Vec<_>>()
            .join(", ")
    }
}
