//! `GET /healthz`: is the process up and can it reach its database? While the database
//! is known to be out of reach (`db::availability`) it says so without asking again.

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Serialize;
use sqlx::PgPool;

use crate::server::db::availability::DatabaseAvailability;

#[derive(Serialize)]
pub struct Health {
    status: &'static str,
    database: &'static str,
}

#[tracing::instrument(name = "healthz", skip_all)]
pub async fn healthz(
    State(pool): State<PgPool>,
    State(database): State<Arc<DatabaseAvailability>>,
) -> (StatusCode, Json<Health>) {
    if database.is_down() {
        return unavailable();
    }
    match sqlx::query("SELECT 1").execute(&pool).await {
        Ok(_) => (
            StatusCode::OK,
            Json(Health {
                status: "ok",
                database: "ok",
            }),
        ),
        Err(error) => {
            tracing::error!(%error, "health check: the database is unreachable");
            database.mark_down(&pool);
            unavailable()
        }
    }
}

fn unavailable() -> (StatusCode, Json<Health>) {
    (
        StatusCode::SERVICE_UNAVAILABLE,
        Json(Health {
            status: "unavailable",
            database: "unreachable",
        }),
    )
}
