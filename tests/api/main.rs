//! The integration tests: the whole app on a real PostgreSQL (one database per test,
//! cloned from a migrated template), a module per area of the product. One binary, so
//! it is linked once; cargo-nextest runs each test in a process of its own.
#![cfg(feature = "ssr")]

mod support;

// The image builders the pipeline's unit tests use, one file for both. `pub`: these
// tests take only some of them.
#[path = "../../src/media/fixtures.rs"]
pub mod images;

mod account;
mod app_shell;
mod auth;
mod avatars;
mod carousels;
mod conversations;
mod counts;
mod discover;
mod mail;
mod moderation;
mod ops;
mod posts;
mod privacy;
mod replica;
mod safety;
mod saves;
mod schema;
mod security;
mod social;
mod two_step;
