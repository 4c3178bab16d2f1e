//! Photos: the processing pipeline (server only), where the files are kept, and how
//! they are served.

#[cfg(feature = "ssr")]
pub mod db;
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

/// The crops offered before sharing a post, as on Instagram. The form's radio buttons
/// and the server's pipeline read the same values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Frame {
    /// 1:1.
    Square,
    /// 4:5, the tallest a feed shows.
    Portrait,
    /// 1.91:1, the widest.
    Landscape,
}

impl Frame {
    /// Every crop the form offers, "Original" (`None`) first.
    pub const CHOICES: [Option<Self>; 4] = [
        None,
        Some(Self::Square),
        Some(Self::Portrait),
        Some(Self::Landscape),
    ];

    /// The form's value for a choice.
    pub fn value(frame: Option<Self>) -> &'static str {
        match frame {
            None => "original",
            Some(Self::Square) => "square",
            Some(Self::Portrait) => "portrait",
            Some(Self::Landscape) => "landscape",
        }
    }

    /// What the form calls a choice.
    pub fn label(frame: Option<Self>) -> &'static str {
        match frame {
            None => "Original",
            Some(Self::Square) => "Square (1:1)",
            Some(Self::Portrait) => "Portrait (4:5)",
            Some(Self::Landscape) => "Landscape (1.91:1)",
        }
    }

    /// From the form's value; `None` for "original" (keep the photo's own shape).
    pub fn parse(value: &str) -> Result<Option<Self>, String> {
        let value = value.trim();
        if value.is_empty() {
            return Ok(None);
        }
        Self::CHOICES
            .into_iter()
            .find(|&choice| Self::value(choice) == value)
            .ok_or_else(|| "Choose one of the crops offered.".into())
    }

    /// Width : height.
    pub fn ratio(self) -> (u64, u64) {
        match self {
            Self::Square => (1, 1),
            Self::Portrait => (4, 5),
            Self::Landscape => (191, 100),
        }
    }
}
