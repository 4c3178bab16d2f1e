//! Finding people and photos: Explore (everyone's recent posts), hashtag pages and
//! search.

pub mod explore;
pub mod search;
pub mod tags;
