//! Server-only code: configuration, the database, the HTTP stack around the Leptos app.

pub mod config;
pub mod db;
pub mod health;
pub mod security;
pub mod startup;
pub mod telemetry;
