//! Chapter 4's DNS: the walk from the browser's cache to the authoritative server, caches that
//! expire exactly at the TTL, NXDOMAIN and its negative caching, CNAME chains and their loop
//! limit, a changed record hidden by caches until they expire, and names as typed.

use std::net::{Ipv4Addr, Ipv6Addr};

use server_lab::sim::net::dns::{
    parse_name, Answer, Dns, Latency, Name, NameError, Record, RecordData, RecordType, Reply, Server, Zone,
    MAX_CNAME_CHAIN, REFERRAL_TTL_S, ROOT_NEGATIVE_TTL_S,
};

const LATENCY: Latency = Latency { resolver: 10, root: 20, tld: 25, authoritative: 30 };
const SECOND: u64 = 1_000;

fn name(text: &str) -> Name {
    parse_name(text).unwrap_or_else(|e| panic!("{text}: {e:?}"))
}

fn record(owner: &str, ttl_s: u32, data: RecordData) -> Record {
    Record { name: name(owner), ttl_s, data }
}

fn a(owner: &str, ttl_s: u32, address: [u8; 4]) -> Record {
    record(owner, ttl_s, RecordData::A(Ipv4Addr::from(address)))
}

fn cname(owner: &str, ttl_s: u32, target: &str) -> Record {
    record(owner, ttl_s, RecordData::Cname(name(target)))
}

fn lab() -> Dns {
    let mut records = vec![
        a("example.com", 3_600, [203, 0, 113, 10]),
        cname("www.example.com", 300, "example.com"),
        record("v6.example.com", 600, RecordData::Aaaa(Ipv6Addr::new(0x2001, 0xdb8, 0, 0, 0, 0, 0, 0x10))),
        cname("loop.example.com", 60, "loop2.example.com"),
        cname("loop2.example.com", 60, "loop.example.com"),
    ];
    for i in 0..MAX_CNAME_CHAIN {
        records.push(cname(&format!("c{i}.example.com"), 60, &format!("c{}.example.com", i + 1)));
    }
    records.push(a(&format!("c{MAX_CNAME_CHAIN}.example.com"), 60, [203, 0, 113, 11]));
    let zones = vec![
        Zone { origin: name("example.com"), records, negative_ttl_s: 300 },
        Zone {
            origin: name("example.org"),
            records: vec![a("example.org", 60, [198, 51, 100, 20])],
            negative_ttl_s: 60,
        },
    ];
    Dns::new(zones, LATENCY)
}

fn servers(lookup: &server_lab::sim::net::dns::Lookup) -> Vec<Server> {
    lookup.steps.iter().map(|s| s.server.clone()).collect()
}

fn addresses(answer: &Answer) -> Vec<RecordData> {
    match answer {
        Answer::Found { records, .. } => records.iter().map(|r| r.data.clone()).collect(),
        other => panic!("no addresses: {other:?}"),
    }
}

#[test]
fn a_first_lookup_walks_root_tld_and_authoritative_then_the_browser_remembers() {
    let mut dns = lab();
    let first = dns.lookup(&name("Example.COM."), RecordType::A, 0);
    assert_eq!(
        servers(&first),
        [Server::Root, Server::Tld("com".into()), Server::Authoritative(name("example.com")), Server::Resolver]
    );
    assert_eq!(first.steps[0].reply, Reply::Referral { zone: "com".into() });
    assert_eq!(first.steps[1].reply, Reply::Referral { zone: "example.com".into() });
    assert_eq!(first.steps.last().map(|s| s.at_ms), Some(10 + 20 + 25 + 30));
    assert_eq!(addresses(&first.answer), [RecordData::A(Ipv4Addr::new(203, 0, 113, 10))]);

    let again = dns.lookup(&name("example.com"), RecordType::A, 100 * SECOND);
    assert_eq!(servers(&again), [Server::BrowserCache]);
    assert_eq!(again.steps[0].reply, Reply::Cached { remaining_s: 3_500 });
    assert_eq!(addresses(&again.answer), addresses(&first.answer));

    // Another name in the same domain: the resolver holds both referrals.
    let v6 = dns.lookup(&name("v6.example.com"), RecordType::Aaaa, 200 * SECOND);
    assert_eq!(servers(&v6), [Server::Authoritative(name("example.com")), Server::Resolver]);
    assert_eq!(v6.steps.last().map(|s| s.at_ms), Some(10 + 30));
}

#[test]
fn a_cached_answer_serves_until_its_ttl_and_not_a_millisecond_longer() {
    let mut dns = lab();
    dns.lookup(&name("example.org"), RecordType::A, 5 * SECOND);
    let last = dns.lookup(&name("example.org"), RecordType::A, 65 * SECOND - 1);
    assert_eq!(last.steps[0].reply, Reply::Cached { remaining_s: 1 });
    let expired = dns.lookup(&name("example.org"), RecordType::A, 65 * SECOND);
    assert_eq!(servers(&expired), [Server::Authoritative(name("example.org")), Server::Resolver]);
    // Referrals live longer than the record, and run out too.
    let much_later = dns.lookup(&name("example.org"), RecordType::A, u64::from(REFERRAL_TTL_S) * SECOND + 5 * SECOND);
    assert_eq!(servers(&much_later)[0], Server::Root);
}

#[test]
fn a_changed_record_is_hidden_by_caches_until_they_expire() {
    let mut dns = lab();
    dns.lookup(&name("example.org"), RecordType::A, 0);
    let zone = dns.zone_mut(&name("example.org")).expect("served");
    zone.records = vec![a("example.org", 60, [198, 51, 100, 99])];
    let stale = dns.lookup(&name("example.org"), RecordType::A, 59 * SECOND);
    assert_eq!(addresses(&stale.answer), [RecordData::A(Ipv4Addr::new(198, 51, 100, 20))], "the old answer");
    let fresh = dns.lookup(&name("example.org"), RecordType::A, 60 * SECOND);
    assert_eq!(addresses(&fresh.answer), [RecordData::A(Ipv4Addr::new(198, 51, 100, 99))]);
}

#[test]
fn a_name_that_does_not_exist_gets_nxdomain_which_is_cached_for_the_negative_ttl() {
    let mut dns = lab();
    let missing = dns.lookup(&name("nosuch.example.com"), RecordType::A, 0);
    assert_eq!(missing.answer, Answer::NxDomain);
    assert_eq!(missing.steps[2].reply, Reply::NxDomain);
    // The zone is edited at once, but the "no" is kept for the zone's 300 s negative TTL.
    let zone = dns.zone_mut(&name("example.com")).expect("served");
    zone.records.push(a("nosuch.example.com", 60, [203, 0, 113, 12]));
    assert_eq!(dns.lookup(&name("nosuch.example.com"), RecordType::A, 299 * SECOND).answer, Answer::NxDomain);
    let later = dns.lookup(&name("nosuch.example.com"), RecordType::A, 300 * SECOND);
    assert_eq!(addresses(&later.answer), [RecordData::A(Ipv4Addr::new(203, 0, 113, 12))]);

    let no_tld = dns.lookup(&name("example.nosuchtld"), RecordType::A, 0);
    assert_eq!(servers(&no_tld), [Server::Root, Server::Resolver]);
    assert_eq!(no_tld.answer, Answer::NxDomain);
    let again = dns.lookup(&name("example.nosuchtld"), RecordType::A, u64::from(ROOT_NEGATIVE_TTL_S) * SECOND - 1);
    assert_eq!(servers(&again), [Server::BrowserCache]);
    let no_domain = dns.lookup(&name("example.net"), RecordType::A, 0);
    assert_eq!(no_domain.answer, Answer::NxDomain, "no TLD server for net is served here either");
    let no_aaaa = dns.lookup(&name("example.com"), RecordType::Aaaa, 0);
    assert_eq!(no_aaaa.answer, Answer::NoData, "the name exists, with no AAAA record");
}

#[test]
fn cnames_are_followed_up_to_the_loop_limit() {
    let mut dns = lab();
    let www = dns.lookup(&name("www.example.com"), RecordType::A, 0);
    let Answer::Found { via, .. } = &www.answer else { panic!("{:?}", www.answer) };
    assert_eq!(via, &[name("www.example.com")]);
    // The browser keeps it for the chain's shortest TTL (the CNAME's 300 s), not the A's hour.
    assert_eq!(servers(&dns.lookup(&name("www.example.com"), RecordType::A, 299 * SECOND)), [Server::BrowserCache]);
    assert_ne!(servers(&dns.lookup(&name("www.example.com"), RecordType::A, 300 * SECOND)), [Server::BrowserCache]);

    let longest = dns.lookup(&name("c0.example.com"), RecordType::A, 0);
    let Answer::Found { via, .. } = &longest.answer else { panic!("{:?}", longest.answer) };
    assert_eq!(via.len(), MAX_CNAME_CHAIN, "a chain of exactly the limit still resolves");
    let looped = dns.lookup(&name("loop.example.com"), RecordType::A, 0);
    assert_eq!(looped.answer, Answer::CnameLoop);
    assert_eq!(looped.steps.last().map(|s| s.reply.clone()), Some(Reply::ServFail));
}

#[test]
fn names_as_typed() {
    assert_eq!(parse_name("  WWW.Example.com. ").map(|n| n.to_string()), Ok("www.example.com".to_string()));
    assert_eq!(parse_name("xn--bj0bj06e.example"), Ok(name("xn--bj0bj06e.example")));
    let cases: Vec<(String, NameError)> = vec![
        ("".into(), NameError::Empty),
        (".".into(), NameError::Empty),
        ("localhost".into(), NameError::NoDomain),
        ("www..example.com".into(), NameError::EmptyLabel { label: 2 }),
        (".example.com".into(), NameError::EmptyLabel { label: 1 }),
        ("-www.example.com".into(), NameError::HyphenAtEdge { label: 1 }),
        ("www.example-.com".into(), NameError::HyphenAtEdge { label: 2 }),
        ("www_1.example.com".into(), NameError::UnexpectedChar { ch: '_', at: 4 }),
        ("http://example.com".into(), NameError::UnexpectedChar { ch: ':', at: 5 }),
        ("예시.example.com".into(), NameError::UnexpectedChar { ch: '예', at: 1 }),
        ("ex😀.com".into(), NameError::UnexpectedChar { ch: '😀', at: 3 }),
        ("ex\u{7}.com".into(), NameError::UnexpectedChar { ch: '\u{7}', at: 3 }),
        (format!("{}.com", "a".repeat(64)), NameError::LabelTooLong { label: 1, chars: 64 }),
        ("a.".repeat(5_000), NameError::TooLong { chars: 9_999 }),
    ];
    for (text, error) in cases {
        assert_eq!(parse_name(&text), Err(error), "{text:?}");
    }
}
