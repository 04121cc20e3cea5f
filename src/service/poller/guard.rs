//! The address guard: feed and article URLs come from untrusted feeds, so storywatch
//! refuses to connect to addresses that reach inside the machine or its network
//! (loopback, private ranges, link-local, cloud metadata, ...) unless the config allows
//! them. It is applied to every address a host name resolves to, at every redirect hop,
//! so neither DNS nor a redirect can smuggle a request inside.

use ipnet::IpNet;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// Why an address is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    Loopback,
    Private,
    LinkLocal,
    Metadata,
    SharedAddressSpace,
    Unspecified,
    Multicast,
    Reserved,
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Refusal::Loopback => "a loopback address",
            Refusal::Private => "a private network address",
            Refusal::LinkLocal => "a link-local address",
            Refusal::Metadata => "a cloud metadata address",
            Refusal::SharedAddressSpace => "a carrier-grade NAT address",
            Refusal::Unspecified => "the unspecified address",
            Refusal::Multicast => "a multicast address",
            Refusal::Reserved => "a reserved address",
        })
    }
}

/// Which internal addresses the config allows (none by default).
#[derive(Debug, Clone, Default)]
pub struct AddressGuard {
    allowed: Vec<IpNet>,
}

impl AddressGuard {
    pub fn allowing(allowed: Vec<IpNet>) -> Self {
        AddressGuard { allowed }
    }

    /// Checks one address a request would connect to.
    pub fn check(&self, ip: IpAddr) -> Result<(), Refusal> {
        let ip = unmap(ip);
        if self.allowed.iter().any(|net| net.contains(&ip)) {
            return Ok(());
        }
        match classify(ip) {
            Some(refusal) => Err(refusal),
            None => Ok(()),
        }
    }
}

/// An IPv4 address written as IPv6 (`::ffff:127.0.0.1`) is checked as the IPv4 address.
fn unmap(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

fn classify(ip: IpAddr) -> Option<Refusal> {
    match ip {
        IpAddr::V4(v4) => classify_v4(v4),
        IpAddr::V6(v6) => classify_v6(v6),
    }
}

fn classify_v4(ip: Ipv4Addr) -> Option<Refusal> {
    let [a, b, ..] = ip.octets();
    if ip == Ipv4Addr::new(169, 254, 169, 254) || ip == Ipv4Addr::new(100, 100, 100, 200) {
        Some(Refusal::Metadata)
    } else if ip.is_loopback() {
        Some(Refusal::Loopback)
    } else if ip.is_private() {
        Some(Refusal::Private)
    } else if ip.is_link_local() {
        Some(Refusal::LinkLocal)
    } else if a == 100 && (64..128).contains(&b) {
        Some(Refusal::SharedAddressSpace)
    } else if ip.is_unspecified() || a == 0 {
        Some(Refusal::Unspecified)
    } else if ip.is_multicast() {
        Some(Refusal::Multicast)
    } else if ip.is_broadcast() || a >= 240 || (a == 192 && b == 0 && ip.octets()[2] == 0) {
        Some(Refusal::Reserved)
    } else {
        None
    }
}

fn classify_v6(ip: Ipv6Addr) -> Option<Refusal> {
    let first = ip.segments()[0];
    if ip == Ipv6Addr::new(0xfd00, 0xec2, 0, 0, 0, 0, 0, 0x254) {
        Some(Refusal::Metadata)
    } else if ip.is_loopback() {
        Some(Refusal::Loopback)
    } else if ip.is_unspecified() {
        Some(Refusal::Unspecified)
    } else if first & 0xfe00 == 0xfc00 {
        Some(Refusal::Private) // unique local, fc00::/7
    } else if first & 0xffc0 == 0xfe80 {
        Some(Refusal::LinkLocal)
    } else if ip.is_multicast() {
        Some(Refusal::Multicast)
    } else if let Some(v4) = ip.to_ipv4() {
        // IPv4-compatible (::a.b.c.d) and NAT64 forms are judged as the IPv4 address.
        classify_v4(v4)
    } else if first == 0x0064 && ip.segments()[1] == 0xff9b {
        let [.., c, d] = ip.segments();
        classify_v4(Ipv4Addr::new(
            (c >> 8) as u8,
            c as u8,
            (d >> 8) as u8,
            d as u8,
        ))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(ip: &str) -> Option<Refusal> {
        AddressGuard::default().check(ip.parse().unwrap()).err()
    }

    #[test]
    fn internal_addresses_are_refused_by_default() {
        for (ip, why) in [
            ("127.0.0.1", Refusal::Loopback),
            ("127.1.2.3", Refusal::Loopback),
            ("::1", Refusal::Loopback),
            ("10.0.0.5", Refusal::Private),
            ("172.16.3.4", Refusal::Private),
            ("192.168.1.1", Refusal::Private),
            ("fd12:3456::1", Refusal::Private),
            ("169.254.169.254", Refusal::Metadata),
            ("fd00:ec2::254", Refusal::Metadata),
            ("169.254.10.10", Refusal::LinkLocal),
            ("fe80::1", Refusal::LinkLocal),
            ("100.64.0.1", Refusal::SharedAddressSpace),
            ("0.0.0.0", Refusal::Unspecified),
            ("::", Refusal::Unspecified),
            ("::ffff:127.0.0.1", Refusal::Loopback),
            ("::ffff:10.1.1.1", Refusal::Private),
            ("64:ff9b::a9fe:a9fe", Refusal::Metadata),
            ("224.0.0.1", Refusal::Multicast),
            ("255.255.255.255", Refusal::Reserved),
        ] {
            assert_eq!(refused(ip), Some(why), "{ip}");
        }
    }

    #[test]
    fn public_addresses_pass() {
        for ip in [
            "93.184.216.34",
            "151.101.1.69",
            "2a04:4e42::81",
            "100.128.0.1",
        ] {
            assert_eq!(refused(ip), None, "{ip}");
        }
    }

    #[test]
    fn the_config_can_allow_a_network() {
        let guard = AddressGuard::allowing(vec!["127.0.0.1/32".parse().unwrap()]);
        assert!(guard.check("127.0.0.1".parse().unwrap()).is_ok());
        assert!(guard.check("::ffff:127.0.0.1".parse().unwrap()).is_ok());
        assert_eq!(
            guard.check("127.0.0.2".parse().unwrap()),
            Err(Refusal::Loopback)
        );
        assert_eq!(
            guard.check("169.254.169.254".parse().unwrap()),
            Err(Refusal::Metadata)
        );
    }
}
