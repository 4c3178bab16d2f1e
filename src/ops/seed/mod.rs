//! `isntgram seed`: a realistic, deterministic data set. People with names from many
//! places, photos drawn here and put through the real image pipeline (a pool of them,
//! reused by many posts), follows and likes skewed towards popular people as on any
//! social network, comments, hashtags, and the notifications all that activity would
//! have written recently. The demo account follows many people, so its feed is full.
//!
//! Rows go in with `COPY` (the fastest way into PostgreSQL) inside one transaction: a
//! failed seed leaves no half a data set. The rows are valid by construction, so on a
//! superuser connection (the embedded cluster) the per-row foreign-key and trigger
//! checks are skipped for the load (`session_replication_role = replica`), as
//! `pg_restore` does; constraints and unique indexes still hold.

mod copy;
mod generate;
pub mod photos;
pub mod words;

use generate::{World, notifications, threads_and_saves};

use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::bail;
use comfy_table::Table;
use indicatif::{MultiProgress, ProgressBar, ProgressStyle};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use sqlx::PgPool;

use crate::auth::api::{DEMO_USERNAME, ensure_demo_user};
use crate::media::pipeline::{Limits, Shape, process};
use crate::media::storage::MediaStore;
use crate::server::config::Config;
use crate::server::startup::Database;

/// Every seeded person's password, so anyone can log in as one of them.
pub const SEEDED_PASSWORD: &str = "isntgram-seed";

#[derive(Debug, Clone, clap::Parser)]
#[command(
    name = "seed",
    after_help = "The benchmark's large data set: --people 100000 --posts-per-person 10 \
                        --follows-per-person 20 --likes 5000000 --comments 1000000"
)]
pub struct SeedArgs {
    /// The same seed and sizes give the same data (dates are relative to now).
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// People besides the demo account.
    #[arg(long, default_value_t = 1_000)]
    pub people: u32,
    /// Posts per person, on average.
    #[arg(long, default_value_t = 10)]
    pub posts_per_person: u32,
    /// People each person follows, on average (popular people get more followers).
    #[arg(long, default_value_t = 20)]
    pub follows_per_person: u32,
    /// Likes in all (about one in twenty on comments).
    #[arg(long, default_value_t = 50_000)]
    pub likes: u64,
    /// Comments in all.
    #[arg(long, default_value_t = 10_000)]
    pub comments: u64,
    /// Distinct photos to draw and process; posts reuse them.
    #[arg(long, default_value_t = 48)]
    pub photos: u32,
    /// Empty the database first (every person, post and what hangs on them).
    #[arg(long)]
    pub wipe: bool,
}

impl Default for SeedArgs {
    fn default() -> Self {
        <Self as clap::Parser>::parse_from(["seed"])
    }
}

/// What was made, stage by stage.
#[derive(Debug, Default)]
pub struct Summary {
    pub stages: Vec<(&'static str, u64, Duration)>,
}

impl Summary {
    pub fn rows(&self, stage: &str) -> u64 {
        self.stages
            .iter()
            .find(|(name, ..)| *name == stage)
            .map_or(0, |(_, rows, _)| *rows)
    }
}

pub async fn run(config: &Config, args: SeedArgs) -> anyhow::Result<()> {
    let media: Arc<dyn MediaStore> = crate::media::storage::configured(config)?;
    let database = Database::open(config).await?;
    let started = Instant::now();
    let result = seed(&database.pool, media.as_ref(), &args).await;
    database.close().await;
    let summary = result?;
    let mut table = Table::new();
    table.load_preset(comfy_table::presets::UTF8_FULL_CONDENSED);
    table.set_header(["stage", "rows", "seconds"]);
    for (stage, rows, took) in &summary.stages {
        table.add_row([
            stage.to_string(),
            rows.to_string(),
            format!("{:.1}", took.as_secs_f64()),
        ]);
    }
    println!("{table}");
    println!(
        "Seeded in {:.0} s. \"Try the demo\" logs in as @{DEMO_USERNAME}, whose feed is full; \
         every seeded person's password is {SEEDED_PASSWORD:?}.",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// A stored photo posts can share.
struct StoredPhoto {
    url: String,
    width: u32,
    height: u32,
    variants_json: String,
    placeholder: String,
    alt_text: String,
}

/// Seeds `pool` (already migrated) and `media` as `args` say.
pub async fn seed(
    pool: &PgPool,
    media: &dyn MediaStore,
    args: &SeedArgs,
) -> anyhow::Result<Summary> {
    if args.people < 2 {
        bail!("seed at least 2 people");
    }
    let mut summary = Summary::default();
    let bars = MultiProgress::new();
    prepare(pool, args.wipe).await?;
    let demo = ensure_demo_user(pool).await?.id.0;

    let clock = Instant::now();
    let photos = draw_photos(pool, media, args, &bars, Shape::AsIs, args.photos.max(1)).await?;
    let avatars = draw_photos(
        pool,
        media,
        args,
        &bars,
        Shape::Square,
        (args.photos / 2).clamp(1, 24),
    )
    .await?;
    summary.stages.push((
        "photos",
        photos.len() as u64 + avatars.len() as u64,
        clock.elapsed(),
    ));

    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)?
        .as_secs() as i64;
    let mut tx = pool.begin().await?;
    let superuser: bool =
        sqlx::query_scalar("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
            .fetch_one(&mut *tx)
            .await?;
    // Nobody else writes meanwhile: the ids COPY hands out must be ours alone, in order.
    sqlx::query("LOCK TABLE users, posts, comments, follows, likes IN SHARE ROW EXCLUSIVE MODE")
        .execute(&mut *tx)
        .await?;
    if superuser {
        sqlx::query("SET LOCAL session_replication_role = replica")
            .execute(&mut *tx)
            .await?;
    }
    let mut world = World {
        rng: ChaCha8Rng::seed_from_u64(args.seed),
        now,
        demo,
        people: Vec::new(),
        usernames: Vec::new(),
        joined: Vec::new(),
        popular: Vec::new(),
        posts: Vec::new(),
        post_times: Vec::new(),
        post_authors: Vec::new(),
    };

    let stage = Instant::now();
    let rows = world.people(&mut tx, args, &avatars, &bars).await?;
    summary.stages.push(("people", rows, stage.elapsed()));
    let stage = Instant::now();
    let rows = world.follows(&mut tx, args, &bars).await?;
    summary.stages.push(("follows", rows, stage.elapsed()));
    let stage = Instant::now();
    let (rows, tags) = world.posts(&mut tx, args, &photos, &bars).await?;
    summary.stages.push(("posts", rows, stage.elapsed()));
    summary.stages.push(("post hashtags", tags, Duration::ZERO));
    let stage = Instant::now();
    let (comments, comment_times) = world.comments(&mut tx, args, &bars).await?;
    summary
        .stages
        .push(("comments", comments.len() as u64, stage.elapsed()));
    let stage = Instant::now();
    let rows = world
        .likes(&mut tx, args, &comments, &comment_times, &bars)
        .await?;
    summary.stages.push(("likes", rows, stage.elapsed()));
    let stage = Instant::now();
    let (replies, saves) = threads_and_saves(&mut tx).await?;
    summary.stages.push(("replies", replies, stage.elapsed()));
    summary.stages.push(("saved posts", saves, Duration::ZERO));
    let stage = Instant::now();
    let rows = notifications(&mut tx).await?;
    summary
        .stages
        .push(("notifications", rows, stage.elapsed()));
    // The load skipped the triggers that keep the counts: count once, at the end.
    let stage = Instant::now();
    sqlx::query("SELECT recount_kept_counts()")
        .execute(&mut *tx)
        .await?;
    summary.stages.push(("kept counts", 0, stage.elapsed()));
    // The same for the words search finds posts by.
    let stage = Instant::now();
    let words: i64 = sqlx::query_scalar("SELECT relist_every_caption_word()")
        .fetch_one(&mut *tx)
        .await?;
    summary
        .stages
        .push(("caption words", words as u64, stage.elapsed()));
    tx.commit().await?;

    let stage = Instant::now();
    let spinner = bars.add(ProgressBar::new_spinner().with_prefix("vacuum"));
    spinner.enable_steady_tick(Duration::from_millis(200));
    // Fresh statistics for the planner, and a visibility map so index-only scans work,
    // for every table: one left out is vacuumed by autovacuum later, amid the first use.
    sqlx::raw_sql("VACUUM (ANALYZE)").execute(pool).await?;
    spinner.finish_and_clear();
    summary.stages.push(("vacuum analyze", 0, stage.elapsed()));
    Ok(summary)
}

/// Refuses to seed over people's data unless asked to wipe it.
async fn prepare(pool: &PgPool, wipe: bool) -> anyhow::Result<()> {
    if wipe {
        sqlx::raw_sql(
            // Sessions too: ids start again at 1, and an old cookie must not become a
            // session of whoever is given its person's id next.
            "TRUNCATE notifications, likes, post_hashtags, hashtags, comments, follows, posts,
             users, tower_sessions.session RESTART IDENTITY CASCADE",
        )
        .execute(pool)
        .await?;
        return Ok(());
    }
    let others: i64 = sqlx::query_scalar("SELECT count(*) FROM users WHERE lower(username) <> $1")
        .bind(DEMO_USERNAME)
        .fetch_one(pool)
        .await?;
    if others > 0 {
        bail!(
            "the database already has {others} people; seed an empty one, or pass --wipe to \
             delete everything first"
        );
    }
    Ok(())
}

fn bar(bars: &MultiProgress, name: &'static str, len: u64) -> ProgressBar {
    let style = ProgressStyle::with_template(
        "{prefix:>13} [{bar:32.cyan/blue}] {human_pos:>9}/{human_len:9} {per_sec:>12} {eta:>4}",
    )
    .expect("a valid template")
    .progress_chars("=> ");
    bars.add(ProgressBar::new(len).with_style(style).with_prefix(name))
}

/// Draws `count` photos (in parallel, one per core) and stores them like uploads.
async fn draw_photos(
    pool: &PgPool,
    media: &dyn MediaStore,
    args: &SeedArgs,
    bars: &MultiProgress,
    shape: Shape,
    count: u32,
) -> anyhow::Result<Vec<StoredPhoto>> {
    let progress = bar(
        bars,
        if shape == Shape::Square {
            "avatars"
        } else {
            "photos"
        },
        u64::from(count),
    );
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get()) as u32;
    let mut stored = Vec::with_capacity(count as usize);
    for first in (0..count).step_by(workers as usize) {
        let batch: Vec<_> = (first..(first + workers).min(count))
            .map(|n| {
                // A stream of its own per photo: the same photos whatever the core count.
                let mut rng = ChaCha8Rng::seed_from_u64(args.seed);
                rng.set_stream(
                    1_000 + u64::from(n) + if shape == Shape::Square { 1 << 32 } else { 0 },
                );
                tokio::task::spawn_blocking(move || {
                    let (width, height) = match (shape, rng.random_range(0..3)) {
                        (Shape::Square, _) => (400, 400),
                        (_, 0) => (1080, 1350),
                        (_, 1) => (1080, 1080),
                        _ => (1080, 720),
                    };
                    let drawn = photos::draw(&mut rng, width, height);
                    process(&drawn.jpeg, &Limits::default(), shape)
                        .map(|processed| (processed, drawn.alt_text))
                        .map_err(|error| anyhow::anyhow!("a drawn photo was refused: {error:?}"))
                })
            })
            .collect();
        for task in batch {
            let (processed, alt_text) = task.await??;
            let variants = if shape == Shape::Square {
                // Avatars keep one small size, as uploaded ones do.
                vec![crate::profiles::avatar::store_avatar(media, &processed).await?]
            } else {
                crate::posts::store::store_files(pool, media, &processed).await?
            };
            stored.push(StoredPhoto {
                url: variants.last().expect("one variant at least").url.clone(),
                width: processed.width,
                height: processed.height,
                variants_json: serde_json::to_string(&variants)?,
                placeholder: processed.placeholder,
                alt_text,
            });
            progress.inc(1);
        }
    }
    progress.finish();
    Ok(stored)
}
