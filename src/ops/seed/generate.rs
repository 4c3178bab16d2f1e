//! The data set itself: people, their photos' posts, follows, likes and comments, drawn
//! from a seeded random generator (the same seed makes the same world) and written
//! with `COPY`.

use std::collections::HashSet;

use indicatif::MultiProgress;
use rand::Rng;
use rand::seq::{IndexedRandom, SliceRandom, index};
use rand_chacha::ChaCha8Rng;
use sqlx::{Postgres, Transaction};

use super::copy::{CopyRows, ids_after, max_id};
use super::{SEEDED_PASSWORD, SeedArgs, StoredPhoto, bar, words};
use crate::auth::api::DEMO_USERNAME;

/// What later stages need to know about earlier ones. People are numbered from 0 in
/// the order they were made; `people[i]` is their id.
pub(super) struct World {
    pub(super) rng: ChaCha8Rng,
    pub(super) now: i64,
    pub(super) demo: i64,
    pub(super) people: Vec<i64>,
    pub(super) usernames: Vec<String>,
    pub(super) joined: Vec<i64>,
    /// People by popularity, most popular first.
    pub(super) popular: Vec<u32>,
    pub(super) posts: Vec<i64>,
    pub(super) post_times: Vec<i64>,
    pub(super) post_authors: Vec<u32>,
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

    pub(super) async fn people(
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

    pub(super) async fn follows(
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

    pub(super) async fn posts(
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
        let mut copy = CopyRows::start(tx, "posts (user_id, caption, created_at)").await?;
        // (post number, tag number) and (post number, drawn photo) pairs, in carousel
        // order, turned into rows once the posts have ids.
        let mut tagged: Vec<(u32, u8)> = Vec::new();
        let mut shown: Vec<(u32, usize)> = Vec::new();
        let mut caption = String::new();
        let mut tags = Vec::new();
        for person in 0..everyone {
            let count = if person == everyone - 1 {
                12
            } else {
                self.rng.random_range(0..=args.posts_per_person * 2)
            };
            for _ in 0..count {
                let number = self.post_times.len() as u32;
                // One post in six is a carousel of two to five photos.
                let in_post = if self.rng.random_bool(1.0 / 6.0) {
                    self.rng.random_range(2..=5)
                } else {
                    1
                };
                for _ in 0..in_post {
                    shown.push((number, self.rng.random_range(0..photos.len())));
                }
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
                tagged.extend(tags.iter().map(|&tag| (number, tag)));
                self.post_times.push(at);
                self.post_authors.push(person);
                copy.int(self.people[person as usize])
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

        let mut copy = CopyRows::start(
            tx,
            "photos (post_id, position, url, width, height, variants, placeholder, alt_text)",
        )
        .await?;
        let mut position = 0;
        for (index, &(post, drawn)) in shown.iter().enumerate() {
            position = match index.checked_sub(1).map(|before| shown[before].0) {
                Some(previous) if previous == post => position + 1,
                _ => 0,
            };
            let photo = &photos[drawn];
            copy.int(self.posts[post as usize])
                .int(position)
                .text(&photo.url)
                .int(i64::from(photo.width))
                .int(i64::from(photo.height))
                .text(&photo.variants_json)
                .text(&photo.placeholder)
                .text(&photo.alt_text)
                .end_row();
            copy.flush_if_full().await?;
        }
        copy.finish().await?;

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
    pub(super) async fn comments(
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
    pub(super) async fn likes(
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
/// Turns about a quarter of the later comments on each post into replies to the
/// post's first comment (which stays a top comment: threads are one level deep), and
/// saves about one liked post in ten for the person who liked it. Says how many
/// replies and saves there are.
pub(super) async fn threads_and_saves(
    tx: &mut Transaction<'_, Postgres>,
) -> anyhow::Result<(u64, u64)> {
    let replies = sqlx::query(
        "WITH numbered AS (
             SELECT id, post_id,
                    row_number() OVER (PARTITION BY post_id ORDER BY created_at, id) AS n,
                    first_value(id) OVER (PARTITION BY post_id ORDER BY created_at, id) AS first_id
             FROM comments)
         UPDATE comments c SET parent_id = numbered.first_id
         FROM numbered
         WHERE c.id = numbered.id AND numbered.n > 1 AND c.id % 4 = 0",
    )
    .execute(&mut **tx)
    .await?
    .rows_affected();
    let saves = sqlx::query(
        "INSERT INTO saved_posts (user_id, post_id, created_at)
         SELECT l.user_id, l.likeable_id, l.created_at FROM likes l
         WHERE l.likeable_type = 'post' AND l.id % 10 = 0
         ON CONFLICT DO NOTHING",
    )
    .execute(&mut **tx)
    .await?
    .rows_affected();
    Ok((replies, saves))
}

pub(super) async fn notifications(tx: &mut Transaction<'_, Postgres>) -> anyhow::Result<u64> {
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
         INSERT INTO notifications (recipient_id, actor_id, kind, post_id, comment_id, created_at, read_at)
         SELECT t.user_id, c.user_id, 'reply', c.post_id, c.id, c.created_at,
                CASE WHEN c.created_at < now() - interval '2 days' THEN c.created_at END
         FROM comments c JOIN comments t ON t.id = c.parent_id
         WHERE c.user_id <> t.user_id AND c.created_at > now() - interval '14 days';
         INSERT INTO notifications (recipient_id, actor_id, kind, follow_id, created_at, read_at)
         SELECT f.user_followed_id, f.user_id, 'follow', f.id, f.created_at,
                CASE WHEN f.created_at < now() - interval '2 days' THEN f.created_at END
         FROM follows f WHERE f.created_at > now() - interval '14 days';",
    )
    .execute(&mut **tx)
    .await?;
    Ok(result.rows_affected())
}
