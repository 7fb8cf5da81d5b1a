//! IP addresses as chapter 4 teaches them: text parsed by hand into `std::net` types, with the
//! precise reason when it is not an address, and the class an address belongs to.
//!
//! std's own parser answers only "invalid IP address syntax", and `Ipv4Addr::is_documentation`
//! and `is_global` are unstable, so both are written here. Parsing accepts exactly what std
//! accepts (a property test holds the two together) and says what is wrong otherwise: which
//! number is out of range, how many groups there are, a second `::`. Classes follow the IANA
//! special-purpose address registries for the ranges a learner meets.
//!
//! Left out: zone ids (`fe80::1%eth0`); the old IPv4 forms some C libraries still accept
//! (`127.1`, octal `010.0.0.1`, hex), which std refuses too; rarer special ranges (6to4, Teredo,
//! ORCHID, NAT64), which count as reserved or public as their prefix says.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// Longest text read as an address: the longest IPv6 form with a prefix is 49 characters.
pub const MAX_ADDRESS_LEN: usize = 64;

/// Why a text is not an address. Positions and parts count from 1, as a learner would.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AddressError {
    Empty,
    TooLong {
        chars: usize,
    },
    /// A character no address has (a letter past `f`, a space, an emoji), at a 1-based position.
    UnexpectedChar {
        ch: char,
        at: usize,
    },
    /// IPv4 has four numbers separated by dots.
    WrongPartCount {
        found: usize,
    },
    EmptyPart {
        part: usize,
    },
    /// A part of an IPv4 address is not a decimal number (`1.2.3.a`).
    PartNotDecimal {
        part: usize,
    },
    /// A number of an IPv4 address is above 255.
    PartTooLarge {
        part: usize,
        text: String,
    },
    /// `01`: a leading zero reads as octal to some software, so it is refused.
    LeadingZero {
        part: usize,
    },
    /// IPv6 has eight groups, or fewer with one `::` standing for the zero groups left out.
    WrongGroupCount {
        found: usize,
    },
    /// More than four hexadecimal digits in an IPv6 group.
    GroupTooLong {
        group: usize,
    },
    /// `::` may appear once: with two, nobody can tell how many zero groups each stands for.
    TwoDoubleColons,
    /// A single colon at the start or end, or three in a row.
    StrayColon,
    /// An IPv4 address inside IPv6 comes last (`::ffff:192.0.2.1`).
    DottedPartNotLast,
    /// A prefix length belongs to a network (`10.0.0.0/8`), not to one address.
    PrefixNotExpected,
    /// The prefix after `/` is not a number from 0 to 32 (IPv4) or 128 (IPv6).
    BadPrefix {
        max: u8,
    },
}

/// What kind of address it is, by the ranges set aside for special uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AddressClass {
    /// Reachable across the internet.
    Public,
    /// For inside a home or company network (RFC 1918 for IPv4, unique local `fc00::/7` for
    /// IPv6); never routed on the internet, so a router with NAT stands between.
    Private,
    /// `100.64.0.0/10`: between an internet provider's customers and its carrier-grade NAT.
    Shared,
    /// This machine itself (`127.0.0.0/8`, `::1`).
    Loopback,
    /// Only on the local link, given out when nothing else assigns one (`169.254.0.0/16`,
    /// `fe80::/10`).
    LinkLocal,
    /// Set aside for examples in books and documentation; never in use (RFC 5737, RFC 3849,
    /// RFC 9637).
    Documentation,
    Multicast,
    /// `255.255.255.255`: every host on the local network.
    Broadcast,
    /// "No address yet" (`0.0.0.0`, `::`); a server listening on it listens on every address.
    Unspecified,
    /// An IPv4 address written as IPv6 (`::ffff:192.0.2.1`); classify the IPv4 one for more.
    Ipv4Mapped(Ipv4Addr),
    /// Set aside for future or special use; not assigned to hosts on the internet.
    Reserved,
}

/// A network: an address and how many leading bits name the network (`10.0.0.0/8`). The
/// address may have host bits set (`192.168.0.10/24`, as an interface is configured).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cidr {
    pub address: IpAddr,
    pub prefix: u8,
}

impl Cidr {
    /// The network's first address: the host bits cleared.
    pub fn network(&self) -> IpAddr {
        match self.address {
            IpAddr::V4(a) => IpAddr::V4(Ipv4Addr::from(u32::from(a) & mask32(self.prefix))),
            IpAddr::V6(a) => IpAddr::V6(Ipv6Addr::from(u128::from(a) & mask128(self.prefix))),
        }
    }

    /// Whether `address` is in this network (an IPv6 address is never in an IPv4 network).
    pub fn contains(&self, address: IpAddr) -> bool {
        match (self.address, address) {
            (IpAddr::V4(net), IpAddr::V4(a)) => (u32::from(net) ^ u32::from(a)) & mask32(self.prefix) == 0,
            (IpAddr::V6(net), IpAddr::V6(a)) => (u128::from(net) ^ u128::from(a)) & mask128(self.prefix) == 0,
            _ => false,
        }
    }
}

impl fmt::Display for Cidr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.address, self.prefix)
    }
}

fn mask32(prefix: u8) -> u32 {
    u32::MAX.checked_shl(32 - u32::from(prefix.min(32))).unwrap_or(0)
}

fn mask128(prefix: u8) -> u128 {
    u128::MAX.checked_shl(128 - u32::from(prefix.min(128))).unwrap_or(0)
}

/// What the address box holds: one address, or a network in CIDR form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Entry {
    Address(IpAddr),
    Network(Cidr),
}

/// Reads what a learner typed (surrounding spaces ignored): an address or a network.
pub fn parse_entry(text: &str) -> Result<Entry, AddressError> {
    let text = text.trim();
    check_characters(text)?;
    match text.split_once('/') {
        Some(_) => parse_cidr(text).map(Entry::Network),
        None => parse_ip(text).map(Entry::Address),
    }
}

/// Parses one IPv4 or IPv6 address.
pub fn parse_ip(text: &str) -> Result<IpAddr, AddressError> {
    check_characters(text)?;
    if text.contains('/') {
        return Err(AddressError::PrefixNotExpected);
    }
    if text.contains(':') {
        parse_v6(text).map(IpAddr::V6)
    } else {
        parse_v4(text).map(IpAddr::V4)
    }
}

/// Parses a network: an address, `/`, and a prefix length.
pub fn parse_cidr(text: &str) -> Result<Cidr, AddressError> {
    check_characters(text)?;
    let (address, prefix) = text.split_once('/').unwrap_or((text, ""));
    let address = parse_ip(address)?;
    let max = max_prefix(address);
    let digits_only = !prefix.is_empty() && prefix.len() <= 3 && prefix.bytes().all(|b| b.is_ascii_digit());
    match prefix.parse::<u8>() {
        Ok(prefix) if digits_only && prefix <= max => Ok(Cidr { address, prefix }),
        _ => Err(AddressError::BadPrefix { max }),
    }
}

fn max_prefix(address: IpAddr) -> u8 {
    match address {
        IpAddr::V4(_) => 32,
        IpAddr::V6(_) => 128,
    }
}

/// Refuses what no address can hold before anything else, so the message names it.
fn check_characters(text: &str) -> Result<(), AddressError> {
    if text.is_empty() {
        return Err(AddressError::Empty);
    }
    let chars = text.chars().count();
    if chars > MAX_ADDRESS_LEN {
        return Err(AddressError::TooLong { chars });
    }
    match text.chars().enumerate().find(|(_, c)| !(c.is_ascii_hexdigit() || matches!(c, '.' | ':' | '/'))) {
        Some((i, ch)) => Err(AddressError::UnexpectedChar { ch, at: i + 1 }),
        None => Ok(()),
    }
}

fn parse_v4(text: &str) -> Result<Ipv4Addr, AddressError> {
    let parts: Vec<&str> = text.split('.').collect();
    if parts.len() != 4 {
        return Err(AddressError::WrongPartCount { found: parts.len() });
    }
    let mut octets = [0u8; 4];
    for (i, part) in parts.iter().enumerate() {
        let number = i + 1;
        if part.is_empty() {
            return Err(AddressError::EmptyPart { part: number });
        }
        if !part.bytes().all(|b| b.is_ascii_digit()) {
            return Err(AddressError::PartNotDecimal { part: number });
        }
        if part.len() > 1 && part.starts_with('0') {
            return Err(AddressError::LeadingZero { part: number });
        }
        octets[i] = match part.parse::<u8>() {
            Ok(octet) if part.len() <= 3 => octet,
            _ => return Err(AddressError::PartTooLarge { part: number, text: (*part).to_string() }),
        };
    }
    Ok(Ipv4Addr::from(octets))
}

fn parse_v6(text: &str) -> Result<Ipv6Addr, AddressError> {
    let (head, tail) = match text.split_once("::") {
        Some((head, tail)) => {
            if tail.contains("::") {
                return Err(AddressError::TwoDoubleColons);
            }
            if head.ends_with(':') || tail.starts_with(':') {
                return Err(AddressError::StrayColon);
            }
            (head, Some(tail))
        }
        None => (text, None),
    };
    let split = |s: &str| -> Vec<String> {
        if s.is_empty() {
            Vec::new()
        } else {
            s.split(':').map(str::to_string).collect()
        }
    };
    let head_groups = split(head);
    let tail_groups = tail.map(split).unwrap_or_default();
    let all: Vec<&String> = head_groups.iter().chain(&tail_groups).collect();
    let mut words: Vec<u16> = Vec::with_capacity(8);
    let mut head_words = 0;
    for (i, group) in all.iter().enumerate() {
        let last = i + 1 == all.len();
        if group.is_empty() {
            return Err(AddressError::StrayColon);
        }
        if group.contains('.') {
            if !last {
                return Err(AddressError::DottedPartNotLast);
            }
            let v4 = parse_v4(group)?.octets();
            words.push(u16::from_be_bytes([v4[0], v4[1]]));
            words.push(u16::from_be_bytes([v4[2], v4[3]]));
        } else if group.len() > 4 {
            return Err(AddressError::GroupTooLong { group: i + 1 });
        } else {
            words.push(u16::from_str_radix(group, 16).map_err(|_| AddressError::GroupTooLong { group: i + 1 })?);
        }
        if i + 1 == head_groups.len() {
            head_words = words.len();
        }
    }
    let found = words.len();
    let fits = if tail.is_some() { found < 8 } else { found == 8 };
    if !fits {
        return Err(AddressError::WrongGroupCount { found });
    }
    let mut full = [0u16; 8];
    full[..head_words].copy_from_slice(&words[..head_words]);
    let rest = &words[head_words..];
    full[8 - rest.len()..].copy_from_slice(rest);
    Ok(Ipv6Addr::from(full))
}

/// The class of an address.
pub fn classify(address: IpAddr) -> AddressClass {
    match address {
        IpAddr::V4(a) => classify_v4(a),
        IpAddr::V6(a) => classify_v6(a),
    }
}

fn in_v4(a: Ipv4Addr, network: [u8; 4], prefix: u8) -> bool {
    Cidr { address: IpAddr::V4(Ipv4Addr::from(network)), prefix }.contains(IpAddr::V4(a))
}

fn in_v6(a: Ipv6Addr, network: [u16; 8], prefix: u8) -> bool {
    Cidr { address: IpAddr::V6(Ipv6Addr::from(network)), prefix }.contains(IpAddr::V6(a))
}

fn classify_v4(a: Ipv4Addr) -> AddressClass {
    use AddressClass::*;
    let ranges: [([u8; 4], u8, AddressClass); 14] = [
        ([0, 0, 0, 0], 32, Unspecified),
        ([255, 255, 255, 255], 32, Broadcast),
        ([0, 0, 0, 0], 8, Reserved),
        ([10, 0, 0, 0], 8, Private),
        ([100, 64, 0, 0], 10, Shared),
        ([127, 0, 0, 0], 8, Loopback),
        ([169, 254, 0, 0], 16, LinkLocal),
        ([172, 16, 0, 0], 12, Private),
        ([192, 0, 2, 0], 24, Documentation),
        ([192, 168, 0, 0], 16, Private),
        ([198, 51, 100, 0], 24, Documentation),
        ([203, 0, 113, 0], 24, Documentation),
        ([224, 0, 0, 0], 4, Multicast),
        ([240, 0, 0, 0], 4, Reserved),
    ];
    ranges.iter().find(|(net, prefix, _)| in_v4(a, *net, *prefix)).map_or(Public, |(_, _, class)| *class)
}

fn classify_v6(a: Ipv6Addr) -> AddressClass {
    use AddressClass::*;
    if let Some(v4) = a.to_ipv4_mapped() {
        return Ipv4Mapped(v4);
    }
    let ranges: [([u16; 8], u8, AddressClass); 8] = [
        ([0; 8], 128, Unspecified),
        ([0, 0, 0, 0, 0, 0, 0, 1], 128, Loopback),
        ([0x2001, 0xdb8, 0, 0, 0, 0, 0, 0], 32, Documentation),
        ([0x3fff, 0, 0, 0, 0, 0, 0, 0], 20, Documentation),
        ([0xfc00, 0, 0, 0, 0, 0, 0, 0], 7, Private),
        ([0xfe80, 0, 0, 0, 0, 0, 0, 0], 10, LinkLocal),
        ([0xff00, 0, 0, 0, 0, 0, 0, 0], 8, Multicast),
        ([0x2000, 0, 0, 0, 0, 0, 0, 0], 3, Public),
    ];
    ranges.iter().find(|(net, prefix, _)| in_v6(a, *net, *prefix)).map_or(Reserved, |(_, _, class)| *class)
}
