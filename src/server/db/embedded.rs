//! A private PostgreSQL cluster for when no `DATABASE_URL` is given: `initdb` on first
//! use, started on a free local port, reused if it is already running (a previous run
//! that was killed, or a parallel test binary), stopped by whoever started it.
//!
//! PostgreSQL refuses to run as root, so when we are root every command runs as the
//! `postgres` system user, which then owns the cluster's folder.
//!
//! Nobody else on the machine gets in: TCP connections (loopback only) need the
//! superuser's password, drawn at random when the cluster is made and kept in
//! `superuser-password` beside the data, readable by its owner only; the socket, in the
//! same private folder, admits the `postgres` system user alone.

use std::os::unix::fs::{MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, bail};

/// How the cluster is tuned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Durability {
    /// The app's own data: the defaults, crash-safe.
    Durable,
    /// Throwaway test databases: no fsync, which makes creating a database per test fast.
    Throwaway,
}

#[derive(Debug)]
pub struct EmbeddedPostgres {
    root: PathBuf,
    bin_dir: PathBuf,
    port: u16,
    run_as_postgres: bool,
    started_here: bool,
    password: String,
}

/// Who may connect: the `postgres` system user on the socket, anyone with the password
/// on loopback.
const PG_HBA: &str = "# isntgram: written by the app; see src/server/db/embedded.rs
local all postgres peer
host  all all 127.0.0.1/32 scram-sha-256
host  all all ::1/128      scram-sha-256
";

const PASSWORD_FILE: &str = "superuser-password";

impl EmbeddedPostgres {
    /// Starts (or joins) the cluster kept in `root`.
    #[tracing::instrument(name = "embedded_postgres_start", skip_all, fields(root = %root.display()))]
    pub async fn start(root: &Path, durability: Durability) -> anyhow::Result<Self> {
        let root = root.to_path_buf();
        tokio::task::spawn_blocking(move || Self::start_blocking(root, durability))
            .await
            .context("the PostgreSQL start-up task panicked")?
    }

    fn start_blocking(root: PathBuf, durability: Durability) -> anyhow::Result<Self> {
        std::fs::create_dir_all(&root)
            .with_context(|| format!("cannot create {}", root.display()))?;
        let mut root = root.canonicalize()?;
        let run_as_postgres = std::fs::metadata("/proc/self").map(|m| m.uid() == 0)?;
        let bin_dir = find_bin_dir()?;
        if run_as_postgres && !reachable_by_postgres(&root)? {
            // A private parent folder (a checkout under /root, say): keep the cluster in
            // the temporary folder instead, under a name tied to the requested place.
            let fallback = std::env::temp_dir().join(format!(
                "isntgram-pg-{:016x}",
                fnv1a(root.as_os_str().as_encoded_bytes())
            ));
            tracing::warn!(
                requested = %root.display(),
                used = %fallback.display(),
                "the postgres user cannot reach the requested folder; using another"
            );
            std::fs::create_dir_all(&fallback)?;
            root = fallback;
        }
        // One process at a time hands the folder over and decides whether to initdb and
        // start: test binaries run in parallel and all ask for the same cluster (a
        // recursive chown beside another process's initdb would meet vanishing files).
        let lock_file = std::fs::File::create(root.join("start.lock"))?;
        lock_file.lock()?;
        if run_as_postgres {
            give_to_postgres(&root)?;
        }
        std::fs::set_permissions(&root, std::fs::Permissions::from_mode(0o700))?;

        let mut cluster = Self {
            root,
            bin_dir,
            port: 0,
            run_as_postgres,
            started_here: false,
            password: String::new(),
        };
        if !cluster.data_dir().join("PG_VERSION").exists() {
            cluster.initdb(durability)?;
        }
        let password_file = cluster.root.join(PASSWORD_FILE);
        match cluster.running_port() {
            Some(port) => {
                tracing::info!(
                    port,
                    "joining the embedded PostgreSQL that is already running"
                );
                cluster.port = port;
            }
            None => {
                cluster.port = free_port()?;
                cluster.pg_ctl_start()?;
                cluster.started_here = true;
                tracing::info!(port = cluster.port, "started the embedded PostgreSQL");
            }
        }
        if !password_file.exists() {
            // A cluster made before it had a password: give it one now.
            cluster.require_password()?;
        }
        cluster.password = std::fs::read_to_string(&password_file)
            .with_context(|| format!("cannot read {}", password_file.display()))?
            .trim()
            .to_owned();
        drop(lock_file);
        Ok(cluster)
    }

    /// The connection URL of one database of this cluster.
    pub fn url(&self, database: &str) -> String {
        format!(
            "postgres://postgres:{}@127.0.0.1:{}/{database}",
            self.password, self.port
        )
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// Stops the cluster if this process started it; leaves it alone otherwise.
    pub async fn stop(self) {
        if !self.started_here {
            return;
        }
        let result = tokio::task::spawn_blocking(move || {
            let data = self.data_dir();
            self.pg_ctl(&["stop", "-D", path_str(&data), "-m", "fast", "-w"])
        })
        .await;
        match result {
            Ok(Ok(())) => tracing::info!("stopped the embedded PostgreSQL"),
            Ok(Err(error)) => tracing::warn!(%error, "could not stop the embedded PostgreSQL"),
            Err(error) => tracing::warn!(%error, "the PostgreSQL stop task panicked"),
        }
    }

    fn data_dir(&self) -> PathBuf {
        self.root.join("data")
    }

    fn initdb(&self, durability: Durability) -> anyhow::Result<()> {
        tracing::info!(
            "creating a PostgreSQL cluster in {}",
            self.data_dir().display()
        );
        let data = self.data_dir();
        let password_file = self.write_new_password()?;
        self.run(
            "initdb",
            &[
                "-D",
                path_str(&data),
                "-U",
                "postgres",
                "--pwfile",
                path_str(&password_file),
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
            ],
        )?;
        std::fs::write(data.join("pg_hba.conf"), PG_HBA)?;
        let mut settings = String::from(
            "\n# isntgram: a private cluster on loopback only\nlisten_addresses = '127.0.0.1'\n",
        );
        if self.bin_dir.join("../lib/pg_stat_statements.so").exists() {
            settings.push_str(
                "shared_preload_libraries = 'pg_stat_statements'\npg_stat_statements.track = all\n",
            );
        }
        if durability == Durability::Throwaway {
            settings.push_str("fsync = off\nsynchronous_commit = off\nfull_page_writes = off\nmax_connections = 300\n");
            // A test that ends while its app is still opening a connection leaves that
            // connection half-authenticated, and dropping the test's database waits for
            // it: a local login takes milliseconds, so give up on one after 10 s, not 60.
            settings.push_str("authentication_timeout = 10s\n");
        }
        let conf = data.join("postgresql.conf");
        let mut contents = std::fs::read_to_string(&conf)?;
        contents.push_str(&settings);
        std::fs::write(&conf, contents)?;
        Ok(())
    }

    /// A new random superuser password in the password file (owner-only), for initdb or
    /// `ALTER ROLE` to read.
    fn write_new_password(&self) -> anyhow::Result<PathBuf> {
        use rand::RngCore;
        let mut bytes = [0u8; 24];
        rand::rng().fill_bytes(&mut bytes);
        let password = hex::encode(bytes);
        let path = self.root.join(PASSWORD_FILE);
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .mode(0o600)
            .open(&path)?;
        std::io::Write::write_all(&mut file, password.as_bytes())?;
        if self.run_as_postgres {
            give_to_postgres(&path)?;
        }
        Ok(path)
    }

    /// Moves a running cluster that trusted every local connection to the password.
    fn require_password(&self) -> anyhow::Result<()> {
        tracing::warn!(
            "the embedded PostgreSQL trusted every local connection: giving it a password"
        );
        let password_file = self.write_new_password()?;
        let password = std::fs::read_to_string(&password_file)?;
        let port = self.port.to_string();
        let statement = format!("ALTER ROLE postgres PASSWORD '{password}'");
        self.run(
            "psql",
            &[
                "-h",
                path_str(&self.root),
                "-p",
                &port,
                "-U",
                "postgres",
                "-d",
                "postgres",
                "-qAtc",
                &statement,
            ],
        )?;
        let data = self.data_dir();
        std::fs::write(data.join("pg_hba.conf"), PG_HBA)?;
        if self.run_as_postgres {
            give_to_postgres(&data.join("pg_hba.conf"))?;
        }
        self.pg_ctl(&["reload", "-D", path_str(&data)])
    }

    /// The port of the postmaster running on this data directory, if one is alive.
    fn running_port(&self) -> Option<u16> {
        let data = self.data_dir();
        self.pg_ctl(&["status", "-D", path_str(&data)]).ok()?;
        // postmaster.pid: line 4 is the port.
        let pid_file = std::fs::read_to_string(data.join("postmaster.pid")).ok()?;
        pid_file.lines().nth(3)?.trim().parse().ok()
    }

    fn pg_ctl_start(&self) -> anyhow::Result<()> {
        let data = self.data_dir();
        let log = self.root.join("postgres.log");
        let options = format!("-p {} -k {}", self.port, self.root.display());
        self.pg_ctl(&[
            "start",
            "-D",
            path_str(&data),
            "-l",
            path_str(&log),
            "-o",
            &options,
            "-w",
            "-t",
            "60",
        ])
        .with_context(|| format!("PostgreSQL did not start; see {}", log.display()))
    }

    fn pg_ctl(&self, args: &[&str]) -> anyhow::Result<()> {
        self.run("pg_ctl", args)
    }

    fn run(&self, program: &str, args: &[&str]) -> anyhow::Result<()> {
        let program = self.bin_dir.join(program);
        let mut command = if self.run_as_postgres {
            let mut command = Command::new("runuser");
            command.args(["-u", "postgres", "--"]).arg(&program);
            command
        } else {
            Command::new(&program)
        };
        let output = command
            .args(args)
            .current_dir(&self.root)
            .output()
            .with_context(|| format!("cannot run {}", program.display()))?;
        if !output.status.success() {
            bail!(
                "{} {} failed: {}{}",
                program.display(),
                args.join(" "),
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            );
        }
        Ok(())
    }
}

/// PostgreSQL's programs (server and client): `PG_BIN_DIR`, else the newest Debian-style
/// install, else `pg_config`.
pub fn find_bin_dir() -> anyhow::Result<PathBuf> {
    if let Ok(dir) = std::env::var("PG_BIN_DIR") {
        return Ok(PathBuf::from(dir));
    }
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let version = entry.file_name().to_str()?.parse().ok()?;
            let bin = entry.path().join("bin");
            bin.join("initdb").exists().then_some((version, bin))
        })
        .collect();
    versions.sort();
    if let Some((_, bin)) = versions.pop() {
        return Ok(bin);
    }
    let output = Command::new("pg_config").arg("--bindir").output();
    if let Ok(output) = output
        && output.status.success()
    {
        let dir = PathBuf::from(String::from_utf8_lossy(&output.stdout).trim());
        if dir.join("initdb").exists() {
            return Ok(dir);
        }
    }
    bail!(
        "no PostgreSQL server binaries found: install PostgreSQL, set PG_BIN_DIR, or set DATABASE_URL"
    )
}

/// Can the `postgres` user get into `root` (every parent folder searchable)?
fn reachable_by_postgres(root: &Path) -> anyhow::Result<bool> {
    let status = Command::new("runuser")
        .args(["-u", "postgres", "--", "test", "-x"])
        .arg(root)
        .status()
        .context("cannot run runuser")?;
    Ok(status.success())
}

/// When we run as root, the `postgres` user must own the cluster's folder. Once the
/// folder and its data are the same owner's (given before), only the folder and the
/// lock file are handed over: a recursive chown beside a running server meets the
/// files it removes meanwhile, and fails.
fn give_to_postgres(root: &Path) -> anyhow::Result<()> {
    let owner = |path: &Path| std::fs::metadata(path).map(|meta| meta.uid()).ok();
    let given = owner(&root.join("data")).is_some_and(|data| owner(root) == Some(data));
    let mut chown = Command::new("chown");
    if given {
        chown
            .arg("postgres:postgres")
            .arg(root)
            .arg(root.join("start.lock"));
    } else {
        chown.args(["-R", "postgres:postgres"]).arg(root);
    }
    let status = chown.status()?;
    if !status.success() {
        bail!("cannot give {} to the postgres user", root.display());
    }
    Ok(())
}

fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf29ce484222325, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x100000001b3)
    })
}

fn free_port() -> anyhow::Result<u16> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    Ok(listener.local_addr()?.port())
}

fn path_str(path: &Path) -> &str {
    path.to_str().expect("cluster paths are UTF-8")
}
