/// Rendering a page allocates many small strings from every worker thread at once, which
/// glibc's allocator serves slowly (a third of the server's time under load).
#[cfg(feature = "ssr")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[cfg(feature = "ssr")]
#[tokio::main]
async fn main() -> anyhow::Result<()> {
    // A missing .env file is normal; a malformed one is not.
    if let Err(error) = dotenvy::dotenv()
        && !error.not_found()
    {
        return Err(error.into());
    }
    let cli = <isntgram::ops::Cli as clap::Parser>::parse();
    let config = isntgram::server::config::Config::from_env()?;
    isntgram::server::telemetry::init(config.log_json);
    cli.run(config).await
}

#[cfg(not(feature = "ssr"))]
fn main() {
    // The browser half has no `main`: it starts from `hydrate()` in lib.rs.
}
