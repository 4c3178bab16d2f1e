//! The address of the client behind a request: the TCP peer, unless the peer is one of
//! the configured `TRUSTED_PROXIES`; then the address the proxies recorded in
//! `X-Forwarded-For`. Each proxy appends the address it heard from, so the list is read
//! from the right, past our own proxies: the first address that is not one of them is
//! the client. A header from anyone else is ignored, since anyone can send one.

use std::net::IpAddr;

use axum::http::HeaderMap;
use ipnet::IpNet;

pub fn resolve(peer: IpAddr, headers: &HeaderMap, trusted: &[IpNet]) -> IpAddr {
    let is_trusted = |ip: &IpAddr| trusted.iter().any(|net| net.contains(ip));
    if !is_trusted(&peer) {
        return peer;
    }
    let hops: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(str::trim)
        .collect();
    let mut client = peer;
    for hop in hops.iter().rev() {
        match hop.parse::<IpAddr>() {
            Ok(ip) if is_trusted(&ip) => client = ip,
            Ok(ip) => return ip,
            // An unreadable entry: nothing to its left can be believed.
            Err(_) => return client,
        }
    }
    client
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(values: &[&'static str]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for value in values {
            map.append("x-forwarded-for", value.parse().unwrap());
        }
        map
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn only_a_trusted_proxy_is_believed() {
        let trusted: Vec<IpNet> = vec!["10.0.0.0/8".parse().unwrap()];
        let forwarded = headers(&["198.51.100.7"]);
        // A client that sends the header itself gets its own address.
        assert_eq!(
            resolve(ip("203.0.113.1"), &forwarded, &trusted),
            ip("203.0.113.1")
        );
        assert_eq!(
            resolve(ip("203.0.113.1"), &forwarded, &[]),
            ip("203.0.113.1")
        );
        // Through the proxy: the address the proxy saw.
        assert_eq!(
            resolve(ip("10.0.0.2"), &forwarded, &trusted),
            ip("198.51.100.7")
        );
    }

    #[test]
    fn spoofed_entries_left_of_the_proxy_are_ignored() {
        let trusted: Vec<IpNet> = vec!["10.0.0.0/8".parse().unwrap()];
        // The client wrote "1.2.3.4" itself; the proxy appended the real address, then
        // a second proxy of ours appended the first one's.
        let forwarded = headers(&["1.2.3.4, 198.51.100.7", "10.0.0.3"]);
        assert_eq!(
            resolve(ip("10.0.0.2"), &forwarded, &trusted),
            ip("198.51.100.7")
        );
        assert_eq!(
            resolve(ip("10.0.0.2"), &headers(&["garbage, 10.0.0.3"]), &trusted),
            ip("10.0.0.3")
        );
        assert_eq!(
            resolve(ip("10.0.0.2"), &HeaderMap::new(), &trusted),
            ip("10.0.0.2")
        );
    }
}
