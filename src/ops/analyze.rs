//! `isntgram analyze`: where the space goes, which indexes work and which never do, how
//! often reads hit the cache, and which statements cost the most time.

use clap::Args;
use comfy_table::{CellAlignment, Table};
use sqlx::PgPool;

use crate::feed::db::FEED_SQL;
use crate::ops::counts;
use crate::pagination::PAGE_SIZE;
use crate::posts::db::PostRow;
use crate::server::config::Config;
use crate::server::startup::Database;

#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    /// How many of the slowest statements to list.
    #[arg(long, default_value_t = 10)]
    pub top: u32,
    /// Forget pg_stat_statements' figures afterwards, so the next report starts afresh.
    #[arg(long)]
    pub reset: bool,
    /// Also show EXPLAIN (ANALYZE, BUFFERS) of this person's home feed query on page 1
    /// and on page 50 (keyset pagination: both should cost the same).
    #[arg(long, value_name = "USERNAME")]
    pub explain_feed: Option<String>,
    /// Compare the counts kept in rows (likes, comments, posts, followers, following)
    /// with fresh counts, and repair any that drifted.
    #[arg(long)]
    pub check_counts: bool,
}

pub async fn run(config: &Config, args: AnalyzeArgs) -> anyhow::Result<()> {
    let database = Database::connect(config).await?;
    let result = report(&database.pool, &args).await;
    database.close().await;
    result
}

pub async fn report(pool: &PgPool, args: &AnalyzeArgs) -> anyhow::Result<()> {
    println!("{}", tables(pool).await?);
    println!("{}", indexes(pool).await?);
    println!("{}", cache(pool).await?);
    match statements(pool, args.top).await? {
        Some(table) => println!("{table}"),
        None => println!(
            "Slowest statements: pg_stat_statements is not loaded on this server \
             (shared_preload_libraries); the embedded cluster loads it."
        ),
    }
    if let Some(username) = &args.explain_feed {
        explain_feed(pool, username).await?;
    }
    if args.check_counts {
        check_counts(pool).await?;
    }
    if args.reset {
        sqlx::query("SELECT pg_stat_statements_reset()")
            .execute(pool)
            .await?;
    }
    Ok(())
}

fn table(title: &str, header: &[&str]) -> Table {
    let mut table = Table::new();
    table.load_preset(comfy_table::presets::UTF8_FULL_CONDENSED);
    table.set_header(header.iter().copied());
    table.set_width(120);
    // The first column names things; the rest are figures.
    for column in table.column_iter_mut().skip(1) {
        column.set_cell_alignment(CellAlignment::Right);
    }
    println!("\n{title}");
    table
}

async fn tables(pool: &PgPool) -> anyhow::Result<Table> {
    let rows: Vec<(String, i64, String, String, String)> = sqlx::query_as(
        "SELECT c.relname::text, c.reltuples::bigint,
                pg_size_pretty(pg_table_size(c.oid)),
                pg_size_pretty(pg_indexes_size(c.oid)),
                pg_size_pretty(pg_total_relation_size(c.oid))
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE c.relkind = 'r' AND n.nspname = 'public'
         ORDER BY pg_total_relation_size(c.oid) DESC",
    )
    .fetch_all(pool)
    .await?;
    let mut out = table(
        "Tables (rows are the planner's estimate)",
        &["table", "rows", "data", "indexes", "total"],
    );
    for (name, rows, data, indexes, total) in rows {
        out.add_row([name, rows.max(0).to_string(), data, indexes, total]);
    }
    Ok(out)
}

async fn indexes(pool: &PgPool) -> anyhow::Result<Table> {
    let rows: Vec<(String, String, String, i64, i64, bool)> = sqlx::query_as(
        "SELECT s.indexrelname::text, s.relname::text,
                pg_size_pretty(pg_relation_size(s.indexrelid)),
                s.idx_scan, s.idx_tup_read, i.indisunique
         FROM pg_stat_user_indexes s JOIN pg_index i ON i.indexrelid = s.indexrelid
         ORDER BY s.relname, s.idx_scan DESC",
    )
    .fetch_all(pool)
    .await?;
    let mut out = table(
        "Indexes (scans since the statistics were last reset)",
        &["index", "table", "size", "scans", "rows read", "note"],
    );
    for (index, table, size, scans, read, unique) in rows {
        // A unique index that is never scanned still enforces its rule.
        let note = match (scans, unique) {
            (0, false) => "unused",
            (0, true) => "unused (enforces uniqueness)",
            _ => "",
        };
        out.add_row([
            index,
            table,
            size,
            scans.to_string(),
            read.to_string(),
            note.to_owned(),
        ]);
    }
    Ok(out)
}

async fn cache(pool: &PgPool) -> anyhow::Result<Table> {
    let (heap_hit, heap_read, index_hit, index_read): (i64, i64, i64, i64) = sqlx::query_as(
        "SELECT coalesce(sum(heap_blks_hit), 0)::bigint, coalesce(sum(heap_blks_read), 0)::bigint,
                coalesce(sum(idx_blks_hit), 0)::bigint, coalesce(sum(idx_blks_read), 0)::bigint
         FROM pg_statio_user_tables",
    )
    .fetch_one(pool)
    .await?;
    let ratio = |hit: i64, read: i64| {
        if hit + read == 0 {
            "no reads yet".to_owned()
        } else {
            format!("{:.2} %", 100.0 * hit as f64 / (hit + read) as f64)
        }
    };
    let mut out = table(
        "Cache hit ratio (blocks found in shared buffers)",
        &["reads of", "hits", "from disk", "hit ratio"],
    );
    out.add_row([
        "tables".to_owned(),
        heap_hit.to_string(),
        heap_read.to_string(),
        ratio(heap_hit, heap_read),
    ]);
    out.add_row([
        "indexes".to_owned(),
        index_hit.to_string(),
        index_read.to_string(),
        ratio(index_hit, index_read),
    ]);
    Ok(out)
}

/// The statements with the most total time, when pg_stat_statements is loaded.
async fn statements(pool: &PgPool, top: u32) -> anyhow::Result<Option<Table>> {
    // Only where the server loads the library (the embedded cluster does); the setting
    // reads as NULL for roles not allowed to see it, which counts as "not loaded".
    let loaded: Option<bool> = sqlx::query_scalar(
        "SELECT current_setting('shared_preload_libraries', true) LIKE '%pg_stat_statements%'",
    )
    .fetch_one(pool)
    .await?;
    if loaded != Some(true) {
        return Ok(None);
    }
    if sqlx::query("CREATE EXTENSION IF NOT EXISTS pg_stat_statements")
        .execute(pool)
        .await
        .is_err()
    {
        return Ok(None);
    }
    let rows: Vec<(String, i64, f64, f64, f64)> = sqlx::query_as(
        "SELECT regexp_replace(query, '\\s+', ' ', 'g'), calls, total_exec_time,
                mean_exec_time, max_exec_time
         FROM pg_stat_statements
         WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
           AND query NOT LIKE '%pg_stat_statements%'
         ORDER BY total_exec_time DESC LIMIT $1",
    )
    .bind(i64::from(top))
    .fetch_all(pool)
    .await?;
    let mut out = table(
        "Slowest statements (by total time)",
        &["statement", "calls", "total ms", "mean ms", "max ms"],
    );
    for (query, calls, total, mean, max) in rows {
        let query: String = if query.chars().count() > 70 {
            query.chars().take(69).chain(['…']).collect()
        } else {
            query
        };
        out.add_row([
            query,
            calls.to_string(),
            format!("{total:.1}"),
            format!("{mean:.2}"),
            format!("{max:.2}"),
        ]);
    }
    Ok(Some(out))
}

/// Reports every kept count's drift, then repairs what drifted.
async fn check_counts(pool: &PgPool) -> anyhow::Result<()> {
    let drift = counts::drift(pool).await?;
    let mut out = table("Kept counts against fresh counts", &["count", "rows off"]);
    for row in &drift {
        out.add_row(vec![row.count.clone(), row.rows_off.to_string()]);
    }
    println!("{out}");
    if drift.iter().any(|row| row.rows_off > 0) {
        counts::repair(pool).await?;
        println!("Repaired: every kept count now matches.");
    } else {
        println!("Every kept count matches.");
    }
    Ok(())
}

/// The feed query's plan and timings for page 1 and page 50, reached by walking the
/// pages with their cursors as the app does.
async fn explain_feed(pool: &PgPool, username: &str) -> anyhow::Result<()> {
    let me: i64 = sqlx::query_scalar("SELECT id FROM users WHERE lower(username) = lower($1)")
        .bind(username)
        .fetch_optional(pool)
        .await?
        .ok_or_else(|| anyhow::anyhow!("nobody is called {username}"))?;
    let mut cursor: (Option<i64>, Option<i64>) = (None, None);
    for page in 1..=50 {
        if page == 1 || page == 50 {
            let plan: Vec<String> =
                sqlx::query_scalar(&format!("EXPLAIN (ANALYZE, BUFFERS) {FEED_SQL}"))
                    .bind(me)
                    .bind(cursor.0)
                    .bind(cursor.1)
                    .bind(PAGE_SIZE as i64 + 1)
                    .fetch_all(pool)
                    .await?;
            println!("\nThe home feed of {username}, page {page}: EXPLAIN (ANALYZE, BUFFERS)");
            for line in plan {
                println!("  {line}");
            }
        }
        let rows: Vec<PostRow> = sqlx::query_as(FEED_SQL)
            .bind(me)
            .bind(cursor.0)
            .bind(cursor.1)
            .bind(PAGE_SIZE as i64 + 1)
            .fetch_all(pool)
            .await?;
        if rows.len() <= PAGE_SIZE {
            println!("\nThe home feed of {username} ends at page {page}.");
            break;
        }
        let last = rows[PAGE_SIZE - 1].cursor();
        cursor = (Some(last.micros), Some(last.id));
    }
    Ok(())
}
