//! A TCP relay between the app and its real PostgreSQL, which a test can cut (the port
//! then refuses connections and every relayed connection drops, as when the server
//! stops) and restore (on the same port, as when it comes back).

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use sqlx::ConnectOptions;
use sqlx::postgres::PgConnectOptions;
use tokio::net::{TcpSocket, TcpStream};
use tokio::task::AbortHandle;

pub struct TcpRelay {
    address: SocketAddr,
    target: SocketAddr,
    /// The accepting task and every relayed connection, all aborted by `cut`.
    running: Arc<Mutex<Vec<AbortHandle>>>,
}

impl TcpRelay {
    /// A relay on a free loopback port to the server `database_url` names.
    pub async fn to(database_url: &str) -> Self {
        let options: PgConnectOptions = database_url.parse().unwrap();
        let target = tokio::net::lookup_host((options.get_host(), options.get_port()))
            .await
            .unwrap()
            .next()
            .unwrap();
        let mut relay = Self {
            address: "127.0.0.1:0".parse().unwrap(),
            target,
            running: Arc::default(),
        };
        relay.address = relay.listen();
        relay
    }

    /// `database_url` with the relay's address in place of the server's.
    pub fn url(&self, database_url: &str) -> String {
        let options: PgConnectOptions = database_url.parse().unwrap();
        options
            .host("127.0.0.1")
            .port(self.address.port())
            .to_url_lossy()
            .to_string()
    }

    /// The database goes away: new connections are refused, open ones drop.
    pub fn cut(&self) {
        for task in self.running.lock().unwrap().drain(..) {
            task.abort();
        }
    }

    /// The database is back, on the same port.
    pub fn restore(&self) {
        self.listen();
    }

    fn listen(&self) -> SocketAddr {
        let socket = TcpSocket::new_v4().unwrap();
        socket.set_reuseaddr(true).unwrap();
        socket.bind(self.address).unwrap();
        let listener = socket.listen(64).unwrap();
        let address = listener.local_addr().unwrap();
        let (target, running) = (self.target, Arc::clone(&self.running));
        let accepting = tokio::spawn(async move {
            while let Ok((mut client, _)) = listener.accept().await {
                let relayed = tokio::spawn(async move {
                    if let Ok(mut server) = TcpStream::connect(target).await {
                        let _ = tokio::io::copy_bidirectional(&mut client, &mut server).await;
                    }
                });
                running.lock().unwrap().push(relayed.abort_handle());
            }
        });
        self.running.lock().unwrap().push(accepting.abort_handle());
        address
    }
}
