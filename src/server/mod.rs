//! Server-only code: configuration, the database, the HTTP stack around the Leptos app.

pub mod assets;
pub mod client_ip;
pub mod completion;
pub mod config;
pub mod db;
pub mod headers;
pub mod health;
pub mod rate_limit;
pub mod security;
pub mod startup;
pub mod state;
pub mod telemetry;
