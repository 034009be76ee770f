//! Which network addresses a crawl may connect to: the guard against server-side request
//! forgery when the seeds come from someone else (an API client). The policy is enforced where
//! connections are made (`fetch.rs`): an IP-literal host is checked before connecting, and a
//! host name goes through [`PolicyResolver`], which drops the addresses the policy forbids and
//! fails when none is left. Since redirects, robots.txt, API calls and discovered links all
//! go through the same fetcher, every hop of every request is checked, and so is every later
//! DNS answer for the same name (a name that turns private after the first check).

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;

use reqwest::dns::{Addrs, Name, Resolve, Resolving};

/// A predicate over addresses, for [`AddressPolicy::Custom`].
pub type AddressPredicate = Arc<dyn Fn(IpAddr) -> bool + Send + Sync>;

/// The addresses a crawl may connect to.
#[derive(Clone, Default)]
pub enum AddressPolicy {
    /// Any address: crawls the operator started (`scout crawl`, the demo on the loopback
    /// simulated web).
    #[default]
    Any,
    /// Only public addresses ([`is_public`]): crawls of seeds given by API clients.
    PublicOnly,
    /// The addresses the predicate allows (tests: one loopback address allowed, another not).
    Custom(AddressPredicate),
}

impl AddressPolicy {
    /// A policy allowing the addresses `allows` returns true for.
    pub fn custom(allows: impl Fn(IpAddr) -> bool + Send + Sync + 'static) -> AddressPolicy {
        AddressPolicy::Custom(Arc::new(allows))
    }

    /// Whether a crawl may connect to `address`.
    pub fn allows(&self, address: IpAddr) -> bool {
        match self {
            AddressPolicy::Any => true,
            AddressPolicy::PublicOnly => is_public(address),
            AddressPolicy::Custom(allows) => allows(address),
        }
    }

    /// True for [`AddressPolicy::Any`], which needs no checks at all.
    pub fn allows_all(&self) -> bool {
        matches!(self, AddressPolicy::Any)
    }

    /// Why `host`, at `address`, may not be connected to; `None` when it may.
    pub(crate) fn refusal(&self, host: &str, address: IpAddr) -> Option<AddressRefused> {
        (!self.allows(address)).then(|| AddressRefused {
            host: host.to_string(),
            address,
        })
    }
}

impl fmt::Debug for AddressPolicy {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AddressPolicy::Any => formatter.write_str("Any"),
            AddressPolicy::PublicOnly => formatter.write_str("PublicOnly"),
            AddressPolicy::Custom(_) => formatter.write_str("Custom(..)"),
        }
    }
}

impl PartialEq for AddressPolicy {
    /// Custom policies are equal when they share the same predicate.
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (AddressPolicy::Any, AddressPolicy::Any)
            | (AddressPolicy::PublicOnly, AddressPolicy::PublicOnly) => true,
            (AddressPolicy::Custom(mine), AddressPolicy::Custom(theirs)) => {
                Arc::ptr_eq(mine, theirs)
            }
            _ => false,
        }
    }
}

/// Whether `address` is on the public internet: not loopback, private, link-local,
/// unique-local, shared (CGNAT), documentation, benchmarking, reserved, multicast, broadcast
/// or unspecified; IPv4 addresses embedded in IPv6 (mapped, NAT64, 6to4) are judged as IPv4.
pub fn is_public(address: IpAddr) -> bool {
    non_public_kind(address).is_none()
}

/// What kind of non-public address `address` is ("a loopback address", …); `None` when public.
pub fn non_public_kind(address: IpAddr) -> Option<&'static str> {
    match address {
        IpAddr::V4(ip) => non_public_v4(ip),
        IpAddr::V6(ip) => non_public_v6(ip),
    }
}

fn non_public_v4(ip: Ipv4Addr) -> Option<&'static str> {
    let [a, b, c, _] = ip.octets();
    let kind = if ip.is_loopback() {
        "a loopback address"
    } else if ip.is_private() {
        "a private address"
    } else if ip.is_link_local() {
        "a link-local address"
    } else if ip.is_unspecified() || a == 0 {
        "an unspecified (this-network) address"
    } else if ip.is_broadcast() {
        "the broadcast address"
    } else if ip.is_multicast() {
        "a multicast address"
    } else if ip.is_documentation() {
        "a documentation address"
    } else if a == 100 && (64..128).contains(&b) {
        "a shared (carrier-grade NAT) address"
    } else if a == 192 && b == 0 && c == 0 {
        "an IETF protocol address"
    } else if a == 198 && (b == 18 || b == 19) {
        "a benchmarking address"
    } else if a >= 240 {
        "a reserved address"
    } else {
        return None;
    };
    Some(kind)
}

fn non_public_v6(ip: Ipv6Addr) -> Option<&'static str> {
    if let Some(embedded) = embedded_v4(ip) {
        return non_public_v4(embedded);
    }
    let segments = ip.segments();
    let first = segments[0];
    let kind = if ip.is_loopback() {
        "a loopback address"
    } else if ip.is_unspecified() {
        "an unspecified address"
    } else if ip.is_multicast() {
        "a multicast address"
    } else if (first & 0xfe00) == 0xfc00 {
        "a unique-local address"
    } else if (first & 0xffc0) == 0xfe80 {
        "a link-local address"
    } else if (first & 0xffc0) == 0xfec0 {
        "a site-local address"
    } else if first == 0x2001 && segments[1] == 0x0db8 {
        "a documentation address"
    } else if segments[..6].iter().all(|segment| *segment == 0) {
        // ::a.b.c.d, the deprecated IPv4-compatible form (:: and ::1 are handled above).
        "a reserved address"
    } else {
        return None;
    };
    Some(kind)
}

/// The IPv4 address an IPv6 address carries: IPv4-mapped (`::ffff:a.b.c.d`), NAT64
/// (`64:ff9b::a.b.c.d`) or 6to4 (`2002:AABB:CCDD::`).
fn embedded_v4(ip: Ipv6Addr) -> Option<Ipv4Addr> {
    if let Some(mapped) = ip.to_ipv4_mapped() {
        return Some(mapped);
    }
    let segments = ip.segments();
    let octets = ip.octets();
    if segments[..6] == [0x64, 0xff9b, 0, 0, 0, 0] {
        return Some(Ipv4Addr::new(
            octets[12], octets[13], octets[14], octets[15],
        ));
    }
    if segments[0] == 0x2002 {
        return Some(Ipv4Addr::new(octets[2], octets[3], octets[4], octets[5]));
    }
    None
}

/// A host the crawl's address policy does not let it connect to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct AddressRefused {
    /// The URL's host (a name, or the address itself).
    pub host: String,
    /// The (first) address that was refused.
    pub address: IpAddr,
}

impl fmt::Display for AddressRefused {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = non_public_kind(self.address).unwrap_or("an address the crawl may not reach");
        let literal = self.host.trim_start_matches('[').trim_end_matches(']');
        if literal == self.address.to_string() {
            write!(formatter, "{} is {kind}; not crawled", self.address)
        } else {
            write!(
                formatter,
                "{} resolves to {}, {kind}; not crawled",
                self.host, self.address
            )
        }
    }
}

impl std::error::Error for AddressRefused {}

/// The system resolver with the policy applied: answers only the allowed addresses of a name,
/// and fails with [`AddressRefused`] when it has none.
#[derive(Debug)]
pub(crate) struct PolicyResolver {
    policy: AddressPolicy,
}

impl PolicyResolver {
    pub(crate) fn new(policy: AddressPolicy) -> Self {
        PolicyResolver { policy }
    }
}

impl Resolve for PolicyResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let policy = self.policy.clone();
        let host = name.as_str().to_string();
        Box::pin(async move {
            // Port 0: reqwest puts the URL's port (or the scheme's) on the answers.
            let resolved: Vec<SocketAddr> =
                tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let (allowed, refused): (Vec<SocketAddr>, Vec<SocketAddr>) = resolved
                .into_iter()
                .partition(|address| policy.allows(address.ip()));
            if allowed.is_empty() {
                if let Some(first) = refused.first() {
                    return Err(Box::new(AddressRefused {
                        host,
                        address: first.ip(),
                    })
                        as Box<dyn std::error::Error + Send + Sync>);
                }
            }
            let addresses: Addrs = Box::new(allowed.into_iter());
            Ok(addresses)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(raw: &str) -> IpAddr {
        raw.parse().unwrap()
    }

    #[test]
    fn only_public_addresses_are_public() {
        for blocked in [
            "127.0.0.1",
            "127.0.0.2",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.0.1",
            "169.254.169.254",
            "0.0.0.0",
            "0.1.2.3",
            "255.255.255.255",
            "224.0.0.1",
            "192.0.2.1",
            "100.64.0.1",
            "198.18.0.1",
            "240.0.0.1",
            "::1",
            "::",
            "fd00::1",
            "fe80::1",
            "ff02::1",
            "2001:db8::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
            "64:ff9b::a9fe:a9fe",
            "2002:c0a8:0101::1",
        ] {
            assert!(!is_public(ip(blocked)), "{blocked} must not be public");
            assert!(non_public_kind(ip(blocked)).is_some(), "{blocked}");
        }
        for public in [
            "93.184.215.14",
            "1.1.1.1",
            "100.128.0.1",
            "172.32.0.1",
            "2606:4700::1111",
            "::ffff:93.184.215.14",
            "2002:5db8:d70e::1",
        ] {
            assert!(is_public(ip(public)), "{public} is public");
        }
        assert_eq!(
            non_public_kind(ip("::ffff:192.168.1.1")),
            Some("a private address")
        );
    }

    #[test]
    fn policies_allow_what_they_say() {
        let loopback = ip("127.0.0.1");
        let public = ip("93.184.215.14");
        assert!(AddressPolicy::Any.allows(loopback));
        assert!(AddressPolicy::Any.allows_all());
        assert!(!AddressPolicy::PublicOnly.allows(loopback));
        assert!(AddressPolicy::PublicOnly.allows(public));
        let only_first = AddressPolicy::custom(|address| address == ip("127.0.0.1"));
        assert!(only_first.allows(loopback));
        assert!(!only_first.allows(ip("127.0.0.2")));
        assert!(!only_first.allows_all());
        assert_eq!(only_first, only_first.clone());
        assert_ne!(only_first, AddressPolicy::custom(|_| true));
        assert_eq!(AddressPolicy::default(), AddressPolicy::Any);
        assert_eq!(format!("{only_first:?}"), "Custom(..)");
    }

    #[test]
    fn refusals_say_what_was_refused_and_why() {
        let policy = AddressPolicy::PublicOnly;
        assert!(policy.refusal("example.org", ip("93.184.215.14")).is_none());
        assert_eq!(
            policy
                .refusal("localhost", ip("127.0.0.1"))
                .unwrap()
                .to_string(),
            "localhost resolves to 127.0.0.1, a loopback address; not crawled"
        );
        assert_eq!(
            policy
                .refusal("10.0.0.7", ip("10.0.0.7"))
                .unwrap()
                .to_string(),
            "10.0.0.7 is a private address; not crawled"
        );
        assert_eq!(
            policy.refusal("[::1]", ip("::1")).unwrap().to_string(),
            "::1 is a loopback address; not crawled"
        );
        let custom = AddressPolicy::custom(|_| false);
        assert_eq!(
            custom
                .refusal("example.org", ip("93.184.215.14"))
                .unwrap()
                .to_string(),
            "example.org resolves to 93.184.215.14, an address the crawl may not reach; \
             not crawled"
        );
    }

    #[tokio::test]
    async fn the_resolver_keeps_allowed_addresses_and_refuses_names_with_none() {
        let name = |raw: &str| raw.parse::<Name>().unwrap();
        let refused = PolicyResolver::new(AddressPolicy::PublicOnly)
            .resolve(name("localhost"))
            .await
            .err()
            .expect("localhost is refused");
        let refused = refused
            .downcast_ref::<AddressRefused>()
            .expect("an AddressRefused");
        assert_eq!(refused.host, "localhost");
        assert!(refused.address.is_loopback());
        let allowed: Vec<SocketAddr> = PolicyResolver::new(AddressPolicy::custom(|address| {
            address == IpAddr::V4(Ipv4Addr::LOCALHOST)
        }))
        .resolve(name("localhost"))
        .await
        .expect("127.0.0.1 is allowed")
        .collect();
        assert!(!allowed.is_empty());
        assert!(allowed
            .iter()
            .all(|address| address.ip() == IpAddr::V4(Ipv4Addr::LOCALHOST)));
    }
}
