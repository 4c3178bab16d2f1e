//! The harness every integration test uses: a real PostgreSQL, one fresh database per
//! test cloned from a template that was migrated once, and the whole app on port 0.
//!
//! The server is `DATABASE_URL` (or `TEST_DATABASE_URL`) when set, otherwise a private
//! throwaway cluster in `target/isntgram-test-db` that the first test starts and later
//! runs reuse (`scripts/test` stops it at the end).

mod member;
pub mod proxy;
pub mod smtp;

pub use member::{Member, PASSWORD, Visitor, carousel_form, photo_form};

use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

use isntgram::mail::MailSettings;
use isntgram::server::config::{Config, DatabaseSettings};
use isntgram::server::db::{self, embedded::Durability, embedded::EmbeddedPostgres, quote_ident};
use isntgram::server::startup::{self, AppState};
use leptos::prelude::LeptosOptions;
use sqlx::postgres::PgConnectOptions;
use sqlx::{ConnectOptions, Connection, PgConnection, PgPool};
use tokio::sync::OnceCell;

/// The server-level URL (database `postgres`) of the test cluster.
async fn admin_url() -> &'static str {
    static ADMIN_URL: OnceCell<String> = OnceCell::const_new();
    ADMIN_URL
        .get_or_init(|| async {
            if let Ok(url) =
                std::env::var("TEST_DATABASE_URL").or_else(|_| std::env::var("DATABASE_URL"))
            {
                let mut options: PgConnectOptions = url.parse().expect("a valid test database URL");
                options = options.database("postgres");
                return options.to_url_lossy().to_string();
            }
            let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/isntgram-test-db");
            let cluster = EmbeddedPostgres::start(&root, Durability::Throwaway)
                .await
                .expect("the test PostgreSQL cluster starts");
            // Deliberately left running: other test binaries share it.
            cluster.url("postgres")
        })
        .await
}

fn with_database(admin_url: &str, database: &str) -> String {
    let options: PgConnectOptions = admin_url.parse().expect("valid admin URL");
    options.database(database).to_url_lossy().to_string()
}

/// The template database holding every migration; its name changes with the migrations,
/// so an edited migration never meets a stale template.
async fn template() -> &'static str {
    static TEMPLATE: OnceCell<String> = OnceCell::const_new();
    TEMPLATE
        .get_or_init(|| async {
            let admin = admin_url().await;
            let mut fingerprint: u64 = 0xcbf29ce484222325;
            for migration in db::MIGRATOR.iter() {
                for byte in migration
                    .checksum
                    .iter()
                    .chain(&migration.version.to_le_bytes())
                {
                    fingerprint = (fingerprint ^ u64::from(*byte)).wrapping_mul(0x100000001b3);
                }
            }
            let name = format!("isntgram_template_{fingerprint:016x}");
            let mut conn = PgConnection::connect(admin)
                .await
                .expect("connect to the test server");
            // Test binaries run in parallel: one builds the template, the others wait.
            sqlx::query("SELECT pg_advisory_lock(hashtext($1))")
                .bind(&name)
                .execute(&mut conn)
                .await
                .unwrap();
            let exists: bool =
                sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)")
                    .bind(&name)
                    .fetch_one(&mut conn)
                    .await
                    .unwrap();
            if !exists {
                let building = format!("{name}_build");
                let drop = format!(
                    "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                    quote_ident(&building)
                );
                sqlx::raw_sql(&drop).execute(&mut conn).await.unwrap();
                let create = format!("CREATE DATABASE {}", quote_ident(&building));
                sqlx::raw_sql(&create).execute(&mut conn).await.unwrap();
                let pool = PgPool::connect(&with_database(admin, &building))
                    .await
                    .unwrap();
                db::migrate(&pool)
                    .await
                    .expect("migrations apply to the template");
                pool.close().await;
                let rename = format!(
                    "ALTER DATABASE {} RENAME TO {}",
                    quote_ident(&building),
                    quote_ident(&name)
                );
                sqlx::raw_sql(&rename).execute(&mut conn).await.unwrap();
            }
            sqlx::query("SELECT pg_advisory_unlock(hashtext($1))")
                .bind(&name)
                .execute(&mut conn)
                .await
                .unwrap();
            name
        })
        .await
}

/// A database of one's own, dropped when the value is.
pub struct TestDb {
    pub name: String,
    pub url: String,
    admin_url: String,
}

impl TestDb {
    /// A copy of the migrated template.
    pub async fn new() -> Self {
        Self::from_template(template().await).await
    }

    /// A database with nothing in it, not even the migrations.
    pub async fn empty() -> Self {
        Self::from_template("template0").await
    }

    async fn from_template(template: &str) -> Self {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let admin = admin_url().await;
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos();
        let name = format!(
            "test_{}_{}_{}",
            std::process::id(),
            nanos % 1_000_000_000,
            COUNTER.fetch_add(1, Ordering::Relaxed)
        );
        let mut conn = PgConnection::connect(admin)
            .await
            .expect("connect to the test server");
        // FILE_COPY: a plain copy of the template's files, the fastest for small databases.
        let create = format!(
            "CREATE DATABASE {} TEMPLATE {} STRATEGY FILE_COPY",
            quote_ident(&name),
            quote_ident(template)
        );
        sqlx::raw_sql(&create)
            .execute(&mut conn)
            .await
            .expect("clone the template");
        conn.close().await.ok();
        Self {
            url: with_database(admin, &name),
            name,
            admin_url: admin.to_owned(),
        }
    }

    pub async fn pool(&self) -> PgPool {
        PgPool::connect(&self.url)
            .await
            .expect("connect to the test database")
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let admin = self.admin_url.clone();
        let drop = format!(
            "DROP DATABASE IF EXISTS {} WITH (FORCE)",
            quote_ident(&self.name)
        );
        // Drop cannot be async: do it on a thread with a runtime of its own.
        let _ = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()?;
            runtime.block_on(async move {
                let mut conn = PgConnection::connect(&admin).await?;
                sqlx::raw_sql(&drop).execute(&mut conn).await?;
                Ok::<_, sqlx::Error>(())
            })?;
            Ok::<_, anyhow::Error>(())
        })
        .join();
    }
}

/// The whole app, served on a free port, with its own database.
pub struct TestApp {
    pub address: String,
    pub pool: PgPool,
    pub db: TestDb,
    pub state: AppState,
}

impl TestApp {
    pub async fn spawn() -> Self {
        Self::spawn_with(|_| {}).await
    }

    /// Like `spawn`, with a chance to change the configuration first.
    pub async fn spawn_with(configure: impl FnOnce(&mut Config)) -> Self {
        Self::spawn_customised(configure, |_| {}).await
    }

    /// Like `spawn`, changing the configuration and then the state (to swap a part).
    pub async fn spawn_customised(
        configure: impl FnOnce(&mut Config),
        customise: impl FnOnce(&mut AppState),
    ) -> Self {
        Self::spawn_on(TestDb::new().await, configure, customise).await
    }

    /// The app on a database of the caller's.
    pub async fn spawn_on(
        db: TestDb,
        configure: impl FnOnce(&mut Config),
        customise: impl FnOnce(&mut AppState),
    ) -> Self {
        isntgram::server::telemetry::init(false);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let mut config = test_config(&db.url, addr);
        config.mail.dir = std::env::temp_dir().join(format!("isntgram-mail-{}", db.name));
        config.media_dir = std::env::temp_dir().join(format!("isntgram-media-{}", db.name));
        configure(&mut config);
        let pool = db::connect(&db.url, &config.database)
            .await
            .expect("connect");
        let leptos_options = LeptosOptions::builder()
            .output_name("isntgram")
            .site_root(concat!(env!("CARGO_MANIFEST_DIR"), "/target/site"))
            .site_addr(addr)
            .build();
        let mut state = AppState::new(leptos_options, pool.clone(), config).expect("app state");
        customise(&mut state);
        tokio::spawn(startup::run(
            listener,
            state.clone(),
            std::future::pending(),
        ));
        Self {
            address: format!("http://{addr}"),
            pool,
            db,
            state,
        }
    }

    /// Another app server on the same database, as a second instance behind a load
    /// balancer would be: its own state, nothing shared but PostgreSQL. Its address.
    pub async fn another_server(&self) -> String {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let state = AppState::new(
            self.state.leptos_options.clone(),
            self.pool.clone(),
            (*self.state.config).clone(),
        )
        .expect("app state");
        tokio::spawn(startup::run(listener, state, std::future::pending()));
        format!("http://{addr}")
    }

    /// Someone new at the app, in a browser of their own.
    pub fn visitor(&self) -> Visitor {
        Visitor::new(&self.address)
    }

    /// A visitor who signs up as `username` (password `PASSWORD`) and stays logged in.
    pub async fn member(&self, username: &str) -> Member {
        let visitor = self.visitor();
        let response = visitor.sign_up(username).await;
        assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
        let id = user_id(&self.pool, username).await;
        Member::new(visitor, id)
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    /// Every file under the media folder.
    pub fn media_files(&self) -> Vec<std::path::PathBuf> {
        fn walk(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
            for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    walk(&path, out)
                } else {
                    out.push(path)
                }
            }
        }
        let mut files = Vec::new();
        walk(&self.state.config.media_dir, &mut files);
        files
    }
}

pub fn test_config(database_url: &str, addr: std::net::SocketAddr) -> Config {
    Config {
        database_url: Some(database_url.to_owned()),
        database_replica_url: None,
        embedded_db_dir: "target/unused".into(),
        database: DatabaseSettings {
            max_connections: 5,
            min_connections: 0,
            ..Default::default()
        },
        public_url: Some(format!("http://{addr}")),
        media_dir: std::env::temp_dir().join(format!("isntgram-test-media-{}", std::process::id())),
        media_s3_bucket: None,
        media_s3_prefix: String::new(),
        max_upload_bytes: 15_000_000,
        log_json: false,
        rate_limits: Default::default(),
        trusted_proxies: Vec::new(),
        mail: MailSettings {
            dir: std::env::temp_dir().join(format!("isntgram-test-mail-{}", std::process::id())),
            ..Default::default()
        },
    }
}

/// A password hash in the stored format that no password matches.
pub const UNUSABLE_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA";

/// A member straight into the database, every column given: for the rules the database
/// itself holds, and for people who need a particular name.
pub async fn try_insert_user(
    pool: &PgPool,
    username: &str,
    email: &str,
    full_name: &str,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO users (username, email, hashed_password, full_name)
         VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(username)
    .bind(email)
    .bind(UNUSABLE_HASH)
    .bind(full_name)
    .fetch_one(pool)
    .await
}

/// A member, straight into the database (no password anyone knows): for data that
/// tests only need to exist.
pub async fn insert_user(pool: &PgPool, username: &str) -> i64 {
    let email = format!("{username}@example.com");
    try_insert_user(pool, username, &email, &format!("Person {username}"))
        .await
        .expect("insert a user")
}

/// Has PostgreSQL count the statements run in this test's database (pg_stat_statements,
/// which the test cluster loads).
pub async fn track_statements(pool: &PgPool) {
    sqlx::query("CREATE EXTENSION IF NOT EXISTS pg_stat_statements")
        .execute(pool)
        .await
        .expect("the test cluster loads pg_stat_statements");
}

/// How often each statement ran in this test's database so far (`track_statements`),
/// leaving out the mail worker's look at the outbox: it runs every few seconds whatever
/// the requests (`BEGIN`, its claim, `ROLLBACK`), and would otherwise count towards
/// any page it happens to run beside.
pub async fn statement_calls(pool: &PgPool) -> std::collections::HashMap<String, i64> {
    sqlx::query_as::<_, (String, i64)>(
        "SELECT query, sum(calls)::bigint FROM pg_stat_statements
         WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
           AND toplevel AND query NOT LIKE '%pg_stat_statements%'
           AND query NOT LIKE '%mail_outbox%' AND query NOT IN ('BEGIN', 'COMMIT', 'ROLLBACK')
         GROUP BY query",
    )
    .fetch_all(pool)
    .await
    .unwrap()
    .into_iter()
    .collect()
}

/// A post without real files, straight into the database: for feeds and pages that
/// only need posts to exist. `minutes_ago` sets its age.
pub async fn insert_post(pool: &PgPool, user_id: i64, caption: &str, minutes_ago: i64) -> i64 {
    sqlx::query_scalar(
        "WITH post AS (INSERT INTO posts (user_id, caption, created_at)
                       VALUES ($1, $2, now() - $3 * interval '1 minute') RETURNING id)
         INSERT INTO photos (post_id, position, url, width, height)
         SELECT id, 0, '/media/00/test.webp', 1080, 1350 FROM post
         RETURNING post_id",
    )
    .bind(user_id)
    .bind(caption)
    .bind(minutes_ago)
    .fetch_one(pool)
    .await
    .expect("insert a post")
}

pub async fn user_id(pool: &PgPool, username: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM users WHERE username = $1")
        .bind(username)
        .fetch_one(pool)
        .await
        .expect("the user exists")
}

pub async fn insert_comment(pool: &PgPool, user_id: i64, post_id: i64, content: &str) -> i64 {
    sqlx::query_scalar(
        "INSERT INTO comments (user_id, post_id, content) VALUES ($1, $2, $3) RETURNING id",
    )
    .bind(user_id)
    .bind(post_id)
    .bind(content)
    .fetch_one(pool)
    .await
    .expect("insert a comment")
}

/// The one number a `SELECT count(*) …` answers.
pub async fn count(pool: &PgPool, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(pool).await.unwrap()
}

/// The link to `path` in the first mail to `to` that holds one, as the app delivered it
/// to its mail folder (`MAIL_DIR`, where mail goes without `SMTP_URL`); waits for it.
pub async fn mailed_link(app: &TestApp, to: &str, path: &str) -> String {
    nth_mailed_link(app, to, path, 1).await
}

/// The link to `path` in the `n`th such mail (1 is the first), in order of delivery.
pub async fn nth_mailed_link(app: &TestApp, to: &str, path: &str, n: usize) -> String {
    for _ in 0..200 {
        let mut mails: Vec<(std::time::SystemTime, String)> =
            std::fs::read_dir(&app.state.config.mail.dir)
                .into_iter()
                .flatten()
                .flatten()
                .filter_map(|entry| {
                    let modified = entry.metadata().ok()?.modified().ok()?;
                    Some((modified, std::fs::read_to_string(entry.path()).ok()?))
                })
                .filter(|(_, eml)| {
                    eml.lines()
                        .any(|line| line.eq_ignore_ascii_case(&format!("To: {to}")))
                })
                .collect();
        mails.sort();
        let links: Vec<String> = mails
            .iter()
            .filter_map(|(_, eml)| smtp::link_in(&quoted_printable_text(eml), path))
            .collect();
        if let Some(link) = links.get(n - 1) {
            return link.clone();
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("no mail number {n} to {to} with a link to {path} arrived");
}

/// A mail's text with quoted-printable undone (soft line breaks joined, `=XX` decoded).
fn quoted_printable_text(eml: &str) -> String {
    let joined = eml.replace("=\r\n", "").replace("=\n", "");
    let bytes = joined.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'='
            && i + 2 < bytes.len()
            && let Ok(byte) = u8::from_str_radix(&joined[i + 1..i + 3], 16)
        {
            out.push(byte);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}
