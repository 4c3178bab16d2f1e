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

pub mod photos;
pub mod words;

use std::collections::HashSet;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use comfy_table::Table;
use indicatif::{MultiProgress, ProgressBar, ProgressStyle};
use rand::seq::{IndexedRandom, SliceRandom, index};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use sqlx::postgres::PgConnection;
use sqlx::{PgPool, Postgres, Transaction};

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
    let demo = ensure_demo_user(pool).await?.0;

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
    let rows = notifications(&mut tx).await?;
    summary
        .stages
        .push(("notifications", rows, stage.elapsed()));
    tx.commit().await?;

    let stage = Instant::now();
    let spinner = bars.add(ProgressBar::new_spinner().with_prefix("vacuum"));
    spinner.enable_steady_tick(Duration::from_millis(200));
    // Fresh statistics for the planner, and a visibility map so index-only scans work.
    sqlx::raw_sql(
        "VACUUM (ANALYZE) users, posts, follows, likes, comments, hashtags, post_hashtags,
         notifications",
    )
    .execute(pool)
    .await?;
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

/// What later stages need to know about earlier ones. People are numbered from 0 in
/// the order they were made; `people[i]` is their id.
struct World {
    rng: ChaCha8Rng,
    now: i64,
    demo: i64,
    people: Vec<i64>,
    usernames: Vec<String>,
    joined: Vec<i64>,
    /// People by popularity, most popular first.
    popular: Vec<u32>,
    posts: Vec<i64>,
    post_times: Vec<i64>,
    post_authors: Vec<u32>,
}

const DAY: i64 = 86_400;

impl World {
    /// A person, popular ones far more often (a power law, as follower counts are).
    fn popular_person(&mut self) -> u32 {
        let u: f64 = self.rng.random();
        let rank = ((self.popular.len() as f64) * u.powf(2.5)) as usize;
        self.popular[rank.min(self.popular.len() - 1)]
    }

    /// A moment within `within` seconds after `from`, and not after now.
    fn after(&mut self, from: i64, within: i64) -> i64 {
        let window = within.min(self.now - from).max(1);
        from + self.rng.random_range(0..window)
    }

    async fn people(
        &mut self,
        tx: &mut Transaction<'_, Postgres>,
        args: &SeedArgs,
        avatars: &[StoredPhoto],
        bars: &MultiProgress,
    ) -> anyhow::Result<u64> {
        let progress = bar(bars, "people", u64::from(args.people));
        let hashed = crate::auth::password::hash(SEEDED_PASSWORD.to_owned()).await?;
        let before = max_id(tx, "users").await?;
        let mut copy = CopyRows::start(
            tx,
            "users (username, email, hashed_password, full_name, bio, profile_image_url, created_at)",
        )
        .await?;
        for n in 1..=args.people {
            let first = *words::FIRST_NAMES.choose(&mut self.rng).expect("names");
            let last = *words::LAST_NAMES.choose(&mut self.rng).expect("names");
            let username = format!(
                "{}_{}{n}",
                words::ascii_lower(first),
                words::ascii_lower(last)
            );
            let bio = self
                .rng
                .random_bool(0.6)
                .then(|| *words::BIOS.choose(&mut self.rng).expect("bios"));
            let avatar = self
                .rng
                .random_bool(0.8)
                .then(|| avatars.choose(&mut self.rng).map(|a| a.url.as_str()))
                .flatten();
            let joined = self.now - self.rng.random_range(30 * DAY..730 * DAY);
            copy.text(&username)
                .text(&format!("{username}@example.com"))
                .text(&hashed)
                .text(&format!("{first} {last}"))
                .optional(bio)
                .optional(avatar)
                .time(joined)
                .end_row();
            copy.flush_if_full().await?;
            self.usernames.push(username);
            self.joined.push(joined);
            progress.inc(1);
        }
        let rows = copy.finish().await?;
        self.people = ids_after(tx, "users", before, rows).await?;
        // The demo account is person number `len`: it takes part like anyone.
        self.people.push(self.demo);
        self.usernames.push(DEMO_USERNAME.to_owned());
        self.joined.push(self.now - 365 * DAY);
        let mut popular: Vec<u32> = (0..self.people.len() as u32).collect();
        popular.shuffle(&mut self.rng);
        self.popular = popular;
        progress.finish();
        Ok(rows)
    }

    async fn follows(
        &mut self,
        tx: &mut Transaction<'_, Postgres>,
        args: &SeedArgs,
        bars: &MultiProgress,
    ) -> anyhow::Result<u64> {
        let everyone = self.people.len() as u32;
        let demo = everyone - 1;
        let progress = bar(bars, "follows", u64::from(everyone));
        let mut copy =
            CopyRows::start(tx, "follows (user_id, user_followed_id, created_at)").await?;
        let mean = args.follows_per_person.max(1);
        let mut followed = HashSet::new();
        for person in 0..everyone {
            let wanted = if person == demo {
                // The demo follows plenty, so its feed is full.
                (mean * 5).clamp(20, 150)
            } else {
                self.rng.random_range(mean / 2..=mean + mean / 2)
            }
            .min(everyone - 1);
            followed.clear();
            // Popular people are drawn again and again; give up after enough tries.
            let mut tries = 0;
            while followed.len() < wanted as usize && tries < wanted * 30 {
                tries += 1;
                let other = self.popular_person();
                if other != person {
                    followed.insert(other);
                }
            }
            // A third of the people follow the demo back, so it has followers too.
            if person != demo && self.rng.random_bool(0.3) {
                followed.insert(demo);
            }
            let mut sorted: Vec<u32> = followed.iter().copied().collect();
            sorted.sort_unstable();
            for other in sorted {
                let since = self.joined[person as usize].max(self.joined[other as usize]);
                let at = self.after(since, 365 * DAY);
                copy.int(self.people[person as usize])
                    .int(self.people[other as usize])
                    .time(at)
                    .end_row();
            }
            copy.flush_if_full().await?;
            progress.inc(1);
        }
        progress.finish();
        copy.finish().await
    }

    async fn posts(
        &mut self,
        tx: &mut Transaction<'_, Postgres>,
        args: &SeedArgs,
        photos: &[StoredPhoto],
        bars: &MultiProgress,
    ) -> anyhow::Result<(u64, u64)> {
        let everyone = self.people.len() as u32;
        let expected = u64::from(everyone) * u64::from(args.posts_per_person);
        let progress = bar(bars, "posts", expected);
        let before = max_id(tx, "posts").await?;
        let mut copy = CopyRows::start(
            tx,
            "posts (user_id, image_url, image_width, image_height, image_variants,
                    image_placeholder, alt_text, caption, created_at)",
        )
        .await?;
        // (post number, tag number) pairs, turned into rows once the posts have ids.
        let mut tagged: Vec<(u32, u8)> = Vec::new();
        let mut caption = String::new();
        let mut tags = Vec::new();
        for person in 0..everyone {
            let count = if person == everyone - 1 {
                12
            } else {
                self.rng.random_range(0..=args.posts_per_person * 2)
            };
            for _ in 0..count {
                let photo = photos.choose(&mut self.rng).expect("photos were drawn");
                caption.clear();
                caption.push_str(words::CAPTIONS.choose(&mut self.rng).expect("captions"));
                tags.clear();
                for _ in 0..self.rng.random_range(0..4) {
                    // Common tags far more often than rare ones.
                    let u: f64 = self.rng.random();
                    let tag = ((words::TAGS.len() as f64) * u.powi(2)) as u8;
                    if !tags.contains(&tag) {
                        tags.push(tag);
                        caption.push_str(" #");
                        caption.push_str(words::TAGS[tag as usize]);
                    }
                }
                if self.rng.random_bool(0.1) {
                    let friend = self.popular_person();
                    caption.push_str(" with @");
                    caption.push_str(&self.usernames[friend as usize]);
                }
                // Recent posts are more common than old ones.
                let u: f64 = self.rng.random();
                let age = (u.powf(1.7) * (365 * DAY) as f64) as i64;
                let at = (self.now - age).max(self.joined[person as usize]);
                let number = self.post_times.len() as u32;
                tagged.extend(tags.iter().map(|&tag| (number, tag)));
                self.post_times.push(at);
                self.post_authors.push(person);
                copy.int(self.people[person as usize])
                    .text(&photo.url)
                    .int(i64::from(photo.width))
                    .int(i64::from(photo.height))
                    .text(&photo.variants_json)
                    .text(&photo.placeholder)
                    .text(&photo.alt_text)
                    .text(&caption)
                    .time(at)
                    .end_row();
                copy.flush_if_full().await?;
                progress.inc(1);
            }
        }
        let rows = copy.finish().await?;
        progress.finish();
        self.posts = ids_after(tx, "posts", before, rows).await?;

        let names: Vec<String> = words::TAGS.iter().map(|t| (*t).to_owned()).collect();
        sqlx::query("INSERT INTO hashtags (name) SELECT unnest($1::text[]) ON CONFLICT DO NOTHING")
            .bind(&names)
            .execute(&mut **tx)
            .await?;
        let tag_ids: Vec<(String, i64)> =
            sqlx::query_as("SELECT name::text, id FROM hashtags WHERE name = ANY($1)")
                .bind(&names)
                .fetch_all(&mut **tx)
                .await?;
        let tag_id = |tag: u8| {
            tag_ids
                .iter()
                .find(|(name, _)| name == words::TAGS[tag as usize])
                .map(|(_, id)| *id)
                .expect("every tag was inserted")
        };
        let ids: Vec<i64> = (0..words::TAGS.len() as u8).map(tag_id).collect();
        let mut copy = CopyRows::start(tx, "post_hashtags (post_id, hashtag_id)").await?;
        for (post, tag) in tagged {
            copy.int(self.posts[post as usize])
                .int(ids[tag as usize])
                .end_row();
            copy.flush_if_full().await?;
        }
        let tag_rows = copy.finish().await?;
        Ok((rows, tag_rows))
    }

    /// Returns the comments' ids and times.
    async fn comments(
        &mut self,
        tx: &mut Transaction<'_, Postgres>,
        args: &SeedArgs,
        bars: &MultiProgress,
    ) -> anyhow::Result<(Vec<i64>, Vec<(u32, i64)>)> {
        if self.posts.is_empty() {
            return Ok((Vec::new(), Vec::new()));
        }
        let progress = bar(bars, "comments", args.comments);
        let before = max_id(tx, "comments").await?;
        let mut copy =
            CopyRows::start(tx, "comments (user_id, post_id, content, created_at)").await?;
        let mut times = Vec::with_capacity(args.comments as usize);
        let mut content = String::new();
        for _ in 0..args.comments {
            let post = self.rng.random_range(0..self.posts.len() as u32);
            let author = self.popular_person();
            content.clear();
            if self.rng.random_bool(0.15) {
                let owner = self.post_authors[post as usize];
                content.push('@');
                content.push_str(&self.usernames[owner as usize]);
                content.push(' ');
            }
            content.push_str(words::COMMENTS.choose(&mut self.rng).expect("comments"));
            let at = self.after(self.post_times[post as usize], 3 * DAY);
            times.push((post, at));
            copy.int(self.people[author as usize])
                .int(self.posts[post as usize])
                .text(&content)
                .time(at)
                .end_row();
            copy.flush_if_full().await?;
            progress.inc(1);
        }
        let rows = copy.finish().await?;
        progress.finish();
        Ok((ids_after(tx, "comments", before, rows).await?, times))
    }

    /// Likes spread over posts (and some comments) by a heavy-tailed weight: most get a
    /// few, some get very many. Each liker likes a thing once.
    async fn likes(
        &mut self,
        tx: &mut Transaction<'_, Postgres>,
        args: &SeedArgs,
        comments: &[i64],
        comment_times: &[(u32, i64)],
        bars: &MultiProgress,
    ) -> anyhow::Result<u64> {
        let on_comments = if comments.is_empty() {
            0
        } else {
            args.likes / 20
        };
        let on_posts = args.likes - on_comments;
        let progress = bar(bars, "likes", args.likes);
        let mut copy = CopyRows::start(
            tx,
            "likes (user_id, likeable_type, likeable_id, created_at)",
        )
        .await?;
        let everyone = self.people.len();
        let demo = everyone as u32 - 1;
        let targets: Vec<(&str, i64, i64, bool)> = self
            .posts
            .iter()
            .zip(&self.post_times)
            .zip(&self.post_authors)
            .map(|((&id, &at), &author)| ("post", id, at, author == demo))
            .chain(
                comments
                    .iter()
                    .zip(comment_times)
                    .map(|(&id, &(_, at))| ("comment", id, at, false)),
            )
            .collect();
        let posts = self.posts.len();
        for (kind, range, total) in [
            ("post", 0..posts, on_posts),
            ("comment", posts..targets.len(), on_comments),
        ] {
            if range.is_empty() || total == 0 {
                continue;
            }
            let weights: Vec<f64> = range
                .clone()
                .map(|_| self.rng.random::<f64>().powi(3))
                .collect();
            let sum: f64 = weights.iter().sum::<f64>().max(f64::MIN_POSITIVE);
            for (weight, target) in weights.iter().zip(range) {
                let (_, id, at, demos) = targets[target];
                let share = total as f64 * weight / sum;
                let mut count = share as usize + usize::from(self.rng.random_bool(share.fract()));
                if demos {
                    // The demo's own photos are liked, so it has notifications to read.
                    count = count.max(25);
                }
                let count = count.min(everyone);
                for liker in index::sample(&mut self.rng, everyone, count) {
                    let when = self.after(at, 7 * DAY);
                    copy.int(self.people[liker])
                        .text(kind)
                        .int(id)
                        .time(when)
                        .end_row();
                }
                copy.flush_if_full().await?;
                progress.inc(count as u64);
            }
        }
        progress.finish();
        copy.finish().await
    }
}

/// What the last two weeks of activity would have notified (the app writes these with
/// each action; older ones are left out, as people rarely scroll that far back). Those
/// older than two days are already read.
async fn notifications(tx: &mut Transaction<'_, Postgres>) -> anyhow::Result<u64> {
    let result = sqlx::raw_sql(
        "INSERT INTO notifications (recipient_id, actor_id, kind, post_id, like_id, created_at, read_at)
         SELECT p.user_id, l.user_id, 'like_post', p.id, l.id, l.created_at,
                CASE WHEN l.created_at < now() - interval '2 days' THEN l.created_at END
         FROM likes l JOIN posts p ON p.id = l.likeable_id
         WHERE l.likeable_type = 'post' AND l.user_id <> p.user_id
           AND l.created_at > now() - interval '14 days';
         INSERT INTO notifications (recipient_id, actor_id, kind, post_id, comment_id, like_id, created_at, read_at)
         SELECT c.user_id, l.user_id, 'like_comment', c.post_id, c.id, l.id, l.created_at,
                CASE WHEN l.created_at < now() - interval '2 days' THEN l.created_at END
         FROM likes l JOIN comments c ON c.id = l.likeable_id
         WHERE l.likeable_type = 'comment' AND l.user_id <> c.user_id
           AND l.created_at > now() - interval '14 days';
         INSERT INTO notifications (recipient_id, actor_id, kind, post_id, comment_id, created_at, read_at)
         SELECT p.user_id, c.user_id, 'comment', p.id, c.id, c.created_at,
                CASE WHEN c.created_at < now() - interval '2 days' THEN c.created_at END
         FROM comments c JOIN posts p ON p.id = c.post_id
         WHERE c.user_id <> p.user_id AND c.created_at > now() - interval '14 days';
         INSERT INTO notifications (recipient_id, actor_id, kind, follow_id, created_at, read_at)
         SELECT f.user_followed_id, f.user_id, 'follow', f.id, f.created_at,
                CASE WHEN f.created_at < now() - interval '2 days' THEN f.created_at END
         FROM follows f WHERE f.created_at > now() - interval '14 days';",
    )
    .execute(&mut **tx)
    .await?;
    Ok(result.rows_affected())
}

async fn max_id(tx: &mut Transaction<'_, Postgres>, table: &str) -> anyhow::Result<i64> {
    Ok(
        sqlx::query_scalar(&format!("SELECT coalesce(max(id), 0) FROM {table}"))
            .fetch_one(&mut **tx)
            .await?,
    )
}

/// The ids a COPY gave its rows, in the rows' order (identity values are handed out in
/// order within one statement of one session).
async fn ids_after(
    tx: &mut Transaction<'_, Postgres>,
    table: &str,
    before: i64,
    rows: u64,
) -> anyhow::Result<Vec<i64>> {
    let ids: Vec<i64> =
        sqlx::query_scalar(&format!("SELECT id FROM {table} WHERE id > $1 ORDER BY id"))
            .bind(before)
            .fetch_all(&mut **tx)
            .await?;
    if ids.len() as u64 != rows {
        bail!(
            "{table}: copied {rows} rows but found {} new ids",
            ids.len()
        );
    }
    Ok(ids)
}

/// Rows for `COPY … FROM STDIN` in PostgreSQL's text format, sent a megabyte at a time.
struct CopyRows<'c> {
    copy: sqlx::postgres::PgCopyIn<&'c mut PgConnection>,
    buffer: Vec<u8>,
    first_field: bool,
}

impl<'c> CopyRows<'c> {
    async fn start(
        tx: &'c mut Transaction<'_, Postgres>,
        table_and_columns: &str,
    ) -> anyhow::Result<Self> {
        let copy = tx
            .copy_in_raw(&format!("COPY {table_and_columns} FROM STDIN"))
            .await
            .with_context(|| format!("COPY {table_and_columns}"))?;
        Ok(Self {
            copy,
            buffer: Vec::with_capacity(1 << 20),
            first_field: true,
        })
    }

    fn separate(&mut self) {
        if !self.first_field {
            self.buffer.push(b'\t');
        }
        self.first_field = false;
    }

    fn text(&mut self, value: &str) -> &mut Self {
        self.separate();
        for byte in value.bytes() {
            match byte {
                b'\\' => self.buffer.extend_from_slice(b"\\\\"),
                b'\t' => self.buffer.extend_from_slice(b"\\t"),
                b'\n' => self.buffer.extend_from_slice(b"\\n"),
                b'\r' => self.buffer.extend_from_slice(b"\\r"),
                _ => self.buffer.push(byte),
            }
        }
        self
    }

    fn optional(&mut self, value: Option<&str>) -> &mut Self {
        match value {
            Some(value) => self.text(value),
            None => {
                self.separate();
                self.buffer.extend_from_slice(b"\\N");
                self
            }
        }
    }

    fn int(&mut self, value: i64) -> &mut Self {
        self.separate();
        self.buffer.extend_from_slice(value.to_string().as_bytes());
        self
    }

    /// Seconds since the epoch, as a UTC timestamp.
    fn time(&mut self, seconds: i64) -> &mut Self {
        self.separate();
        let at = time::OffsetDateTime::from_unix_timestamp(seconds)
            .unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
        let text = format!(
            "{:04}-{:02}-{:02} {:02}:{:02}:{:02}+00",
            at.year(),
            at.month() as u8,
            at.day(),
            at.hour(),
            at.minute(),
            at.second()
        );
        self.buffer.extend_from_slice(text.as_bytes());
        self
    }

    fn end_row(&mut self) {
        self.buffer.push(b'\n');
        self.first_field = true;
    }

    async fn flush_if_full(&mut self) -> anyhow::Result<()> {
        if self.buffer.len() >= 1 << 20 {
            let chunk = std::mem::replace(&mut self.buffer, Vec::with_capacity(1 << 20));
            self.copy.send(chunk).await?;
        }
        Ok(())
    }

    async fn finish(mut self) -> anyhow::Result<u64> {
        if !self.buffer.is_empty() {
            let chunk = std::mem::take(&mut self.buffer);
            self.copy.send(chunk).await?;
        }
        Ok(self.copy.finish().await?)
    }
}
