//! Keeping people apart: blocking (both ways, everywhere, silently), muting (their posts
//! leave my feed, nothing else changes), removing a follower. Who may see whom is one
//! SQL predicate, `may_see(viewer, author)` (migrations), asked by every query that
//! shows people, posts, comments, likes or notifications; the database refuses follows,
//! likes, comments and saves across a block.

pub mod api;
pub mod components;
#[cfg(feature = "ssr")]
pub mod db;
pub mod pages;
