//! Chapter 4's address parser and classifier: a table of what learners type, the precise reason
//! for each refusal, and two properties: every address std prints parses back to itself, and
//! on any text made of address characters the parser agrees with std on what is an address.

#![cfg(not(target_arch = "wasm32"))]

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use proptest::prelude::*;
use server_lab::sim::net::address::{
    classify, parse_cidr, parse_entry, parse_ip, AddressClass, AddressError, Cidr, Entry, MAX_ADDRESS_LEN,
};

use AddressClass::*;
use AddressError::*;

fn ip(text: &str) -> IpAddr {
    text.parse().unwrap_or_else(|e| panic!("{text}: {e}"))
}

#[test]
fn addresses_parse_to_what_std_reads_and_get_their_class() {
    let cases: &[(&str, AddressClass)] = &[
        ("0.0.0.0", Unspecified),
        ("255.255.255.255", Broadcast),
        ("0.1.2.3", Reserved),
        ("10.0.0.1", Private),
        ("10.255.255.255", Private),
        ("9.255.255.255", Public),
        ("11.0.0.0", Public),
        ("100.64.0.1", Shared),
        ("100.127.255.255", Shared),
        ("100.128.0.0", Public),
        ("127.0.0.1", Loopback),
        ("127.255.0.9", Loopback),
        ("169.254.10.20", LinkLocal),
        ("172.15.255.255", Public),
        ("172.16.0.1", Private),
        ("172.31.255.255", Private),
        ("172.32.0.0", Public),
        ("192.0.2.1", Documentation),
        ("192.0.3.1", Public),
        ("192.168.0.10", Private),
        ("192.169.0.10", Public),
        ("198.51.100.7", Documentation),
        ("203.0.113.7", Documentation),
        ("203.0.114.7", Public),
        ("8.8.8.8", Public),
        ("224.0.0.251", Multicast),
        ("239.255.255.250", Multicast),
        ("240.0.0.1", Reserved),
        ("255.255.255.254", Reserved),
        ("::", Unspecified),
        ("::1", Loopback),
        ("::2", Reserved),
        ("2001:db8::1", Documentation),
        ("2001:DB8:0:0:0:0:0:1", Documentation),
        ("2001:0db8:0000:0000:0000:0000:0000:0001", Documentation),
        ("3fff::1", Documentation),
        ("2606:4700::1111", Public),
        ("2a00:1450:4001:80e::200e", Public),
        ("fd12:3456:789a::1", Private),
        ("fc00::1", Private),
        ("fe80::1", LinkLocal),
        ("febf::1", LinkLocal),
        ("ff02::1", Multicast),
        ("::ffff:192.0.2.1", Ipv4Mapped(Ipv4Addr::new(192, 0, 2, 1))),
        ("::ffff:c000:0201", Ipv4Mapped(Ipv4Addr::new(192, 0, 2, 1))),
        ("1:2:3:4:5:6:7:8", Reserved),
        ("1::", Reserved),
        ("1:2:3:4:5:6:7::", Reserved),
        ("::2:3:4:5:6:7:8", Reserved),
        ("64:ff9b::192.0.2.33", Reserved),
    ];
    for (text, class) in cases {
        let parsed = parse_ip(text).unwrap_or_else(|e| panic!("{text}: {e:?}"));
        assert_eq!(parsed, ip(text), "{text}");
        assert_eq!(classify(parsed), *class, "{text}");
    }
}

#[test]
fn each_malformed_address_gets_its_own_reason() {
    let cases: Vec<(String, AddressError)> = vec![
        ("".into(), Empty),
        ("256.1.1.1".into(), PartTooLarge { part: 1, text: "256".into() }),
        ("1.2.3.999".into(), PartTooLarge { part: 4, text: "999".into() }),
        ("1.2.3.00000000001".into(), LeadingZero { part: 4 }),
        ("1.2.3.4444".into(), PartTooLarge { part: 4, text: "4444".into() }),
        ("01.2.3.4".into(), LeadingZero { part: 1 }),
        ("192.168.00.1".into(), LeadingZero { part: 3 }),
        ("1.2.3".into(), WrongPartCount { found: 3 }),
        ("1.2.3.4.5".into(), WrongPartCount { found: 5 }),
        ("127.1".into(), WrongPartCount { found: 2 }),
        ("1..3.4".into(), EmptyPart { part: 2 }),
        ("1.2.3.".into(), EmptyPart { part: 4 }),
        ("1.2.3.a".into(), PartNotDecimal { part: 4 }),
        ("1.2.3.4 ".into(), UnexpectedChar { ch: ' ', at: 8 }),
        ("1.2.3.-4".into(), UnexpectedChar { ch: '-', at: 7 }),
        ("1.2.3.4x".into(), UnexpectedChar { ch: 'x', at: 8 }),
        ("example.com".into(), UnexpectedChar { ch: 'x', at: 2 }),
        ("１.2.3.4".into(), UnexpectedChar { ch: '１', at: 1 }),
        ("1.2.3.4😀".into(), UnexpectedChar { ch: '😀', at: 8 }),
        ("1.2.\u{0}3.4".into(), UnexpectedChar { ch: '\u{0}', at: 5 }),
        ("fe80::1%eth0".into(), UnexpectedChar { ch: '%', at: 8 }),
        ("1:2:3:4:5:6:7".into(), WrongGroupCount { found: 7 }),
        ("1:2:3:4:5:6:7:8:9".into(), WrongGroupCount { found: 9 }),
        ("1:2:3:4:5:6:7:8::".into(), WrongGroupCount { found: 8 }),
        ("1:2:3:4::5:6:7:8".into(), WrongGroupCount { found: 8 }),
        ("1:2:3:4:5:6:1.2.3.4:8".into(), DottedPartNotLast),
        ("1::2::3".into(), TwoDoubleColons),
        ("::1::".into(), TwoDoubleColons),
        (":::".into(), StrayColon),
        ("1:::2".into(), StrayColon),
        (":1:2:3:4:5:6:7".into(), StrayColon),
        ("1:2:3:4:5:6:7:".into(), StrayColon),
        ("1::2:".into(), StrayColon),
        ("12345::1".into(), GroupTooLong { group: 1 }),
        ("1:2:abcde::".into(), GroupTooLong { group: 3 }),
        ("2001:db8:g::1".into(), UnexpectedChar { ch: 'g', at: 10 }),
        ("::ffff:192.0.2.256".into(), PartTooLarge { part: 4, text: "256".into() }),
        ("::ffff:192.0.2".into(), WrongPartCount { found: 3 }),
        ("10.0.0.0/8".into(), PrefixNotExpected),
        ("x".repeat(10_000), TooLong { chars: 10_000 }),
        ("😀".repeat(MAX_ADDRESS_LEN + 1), TooLong { chars: MAX_ADDRESS_LEN + 1 }),
    ];
    for (text, reason) in &cases {
        assert_eq!(parse_ip(text).as_ref().err(), Some(reason), "{text:?}");
        assert!(text.parse::<IpAddr>().is_err(), "std refuses {text:?} too");
    }
}

#[test]
fn networks_in_cidr_form() {
    let ten = parse_cidr("10.0.0.0/8").expect("a network");
    assert_eq!(ten, Cidr { address: ip("10.0.0.0"), prefix: 8 });
    assert!(ten.contains(ip("10.20.30.40")));
    assert!(!ten.contains(ip("11.0.0.1")));
    assert!(!ten.contains(ip("::ffff:10.0.0.1")), "an IPv6 address is never in an IPv4 network");
    let home = parse_cidr("192.168.0.10/24").expect("an interface's network");
    assert_eq!(home.network(), ip("192.168.0.0"));
    assert_eq!(home.to_string(), "192.168.0.10/24");
    assert_eq!(parse_cidr("0.0.0.0/0").map(|c| c.contains(ip("8.8.8.8"))), Ok(true));
    assert_eq!(parse_cidr("203.0.113.7/32").map(|c| c.contains(ip("203.0.113.8"))), Ok(false));
    assert_eq!(parse_cidr("2001:db8::/32").map(|c| c.network()), Ok(ip("2001:db8::")));
    assert_eq!(parse_cidr("fe80::1/10").map(|c| c.contains(ip("febf::2"))), Ok(true));
    assert_eq!(parse_cidr("10.0.0.0/33"), Err(BadPrefix { max: 32 }));
    assert_eq!(parse_cidr("::/129"), Err(BadPrefix { max: 128 }));
    assert_eq!(parse_cidr("10.0.0.0/"), Err(BadPrefix { max: 32 }));
    assert_eq!(parse_cidr("10.0.0.0/+8"), Err(UnexpectedChar { ch: '+', at: 10 }));
    assert_eq!(parse_cidr("10.0.0.0/0008"), Err(BadPrefix { max: 32 }));
    assert_eq!(parse_cidr("10.0.0.0/8/8"), Err(BadPrefix { max: 32 }));
    assert_eq!(parse_cidr("10.0.0.0"), Err(BadPrefix { max: 32 }), "a network needs its prefix");
    assert_eq!(parse_cidr("300.0.0.0/8"), Err(PartTooLarge { part: 1, text: "300".into() }));
}

#[test]
fn the_address_box_reads_either_and_ignores_surrounding_spaces() {
    assert_eq!(parse_entry("  192.168.0.10 \n"), Ok(Entry::Address(ip("192.168.0.10"))));
    assert_eq!(parse_entry("\t10.0.0.0/8"), Ok(Entry::Network(Cidr { address: ip("10.0.0.0"), prefix: 8 })));
    assert_eq!(parse_entry("   "), Err(Empty));
    assert_eq!(parse_entry("192.168.0.10 /24"), Err(UnexpectedChar { ch: ' ', at: 13 }));
}

proptest! {
    #[test]
    fn every_address_std_prints_parses_back_to_itself(v4 in any::<u32>(), v6 in any::<u128>(), prefix in 0u8..=128) {
        let a = IpAddr::V4(Ipv4Addr::from(v4));
        let b = IpAddr::V6(Ipv6Addr::from(v6));
        prop_assert_eq!(parse_ip(&a.to_string()), Ok(a));
        prop_assert_eq!(parse_ip(&b.to_string()), Ok(b));
        let net = Cidr { address: b, prefix };
        prop_assert_eq!(parse_cidr(&net.to_string()), Ok(net));
        prop_assert!(net.contains(net.network()));
        // Every address is classified without a panic, and a mapped one by its IPv4 address.
        let mapped = IpAddr::V6(Ipv4Addr::from(v4).to_ipv6_mapped());
        prop_assert_eq!(classify(mapped), Ipv4Mapped(Ipv4Addr::from(v4)));
        let _ = classify(a);
    }

    #[test]
    fn the_parser_accepts_exactly_what_std_accepts(text in "[0-9a-fA-F:.]{0,45}") {
        let std_reads = text.parse::<IpAddr>().ok();
        prop_assert_eq!(parse_ip(&text).ok(), std_reads, "{:?}", text);
    }

    #[test]
    fn near_addresses_agree_with_std_too(
        parts in prop::collection::vec(prop_oneof!["[0-9]{1,4}", "[0-9a-f]{0,5}", Just(String::new())], 1..10),
        sep in prop_oneof![Just("."), Just(":"), Just("::")],
    ) {
        let text = parts.join(sep);
        prop_assert_eq!(parse_ip(&text).ok(), text.parse::<IpAddr>().ok(), "{:?}", text);
    }

    #[test]
    fn any_text_gets_an_answer_never_a_panic(text in "\\PC{0,80}") {
        let _ = parse_entry(&text);
    }
}
