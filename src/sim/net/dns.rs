//! DNS as chapter 4 teaches it: a name looked up from the browser's cache, then a recursive
//! resolver, which asks the root, a top-level-domain server and the domain's authoritative
//! server in turn, and keeps every answer until its TTL runs out.
//!
//! Records are A, AAAA and CNAME; a CNAME is followed (at most [`MAX_CNAME_CHAIN`] links, the
//! loop limit). A name that does not exist gets NXDOMAIN, which is cached too, for the zone's
//! negative TTL (RFC 2308). Referrals (root → `com`, `com` → `example.com`) are cached as well,
//! so a second name in the same domain goes straight to its authoritative server. An entry
//! cached at `t` with TTL `s` serves lookups before `t + s` and none from then on.
//!
//! Left out: DNSSEC, UDP and TCP, several name servers per zone, glue records, NS and SOA
//! records as data the learner edits (a zone's delegation and negative TTL are its fields), and
//! browsers' own caps on how long they keep an answer (here the browser honours the TTL).

use std::net::{Ipv4Addr, Ipv6Addr};

/// Most CNAMEs followed for one lookup before it is given up as a loop.
pub const MAX_CNAME_CHAIN: usize = 8;
/// How long referrals from the root and the TLD servers are kept (real ones: two days).
pub const REFERRAL_TTL_S: u32 = 172_800;
/// How long "no such top-level domain" is kept (the root zone's negative TTL).
pub const ROOT_NEGATIVE_TTL_S: u32 = 86_400;
/// How long "no such domain" from a TLD server is kept (`com`'s negative TTL).
pub const TLD_NEGATIVE_TTL_S: u32 = 900;

/// Longest name, in characters (RFC 1035).
pub const MAX_NAME_LEN: usize = 253;
/// Longest label, the text between dots.
pub const MAX_LABEL_LEN: usize = 63;

/// A domain name, lower case, without the final dot.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Name(String);

impl Name {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The last label: `com` for `www.example.com`.
    pub fn tld(&self) -> &str {
        self.0.rsplit('.').next().unwrap_or(&self.0)
    }

    /// Whether this name is `zone` or under it.
    pub fn is_in(&self, zone: &Name) -> bool {
        self.0 == zone.0 || self.0.strip_suffix(&zone.0).is_some_and(|rest| rest.ends_with('.'))
    }
}

impl std::fmt::Display for Name {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Why a text is not a host name. Positions and labels count from 1.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NameError {
    Empty,
    TooLong {
        chars: usize,
    },
    /// Two dots together, or a dot at the start.
    EmptyLabel {
        label: usize,
    },
    LabelTooLong {
        label: usize,
        chars: usize,
    },
    /// Only letters, digits and hyphens make a host name.
    UnexpectedChar {
        ch: char,
        at: usize,
    },
    /// A label may not begin or end with a hyphen.
    HyphenAtEdge {
        label: usize,
    },
    /// One label only: the lab looks names up under a top-level domain (`example.com`).
    NoDomain,
}

/// Reads a host name as typed (surrounding spaces and one final dot ignored, any case).
pub fn parse_name(text: &str) -> Result<Name, NameError> {
    let text = text.trim();
    let text = text.strip_suffix('.').unwrap_or(text);
    if text.is_empty() {
        return Err(NameError::Empty);
    }
    let chars = text.chars().count();
    if chars > MAX_NAME_LEN {
        return Err(NameError::TooLong { chars });
    }
    if let Some((i, ch)) =
        text.chars().enumerate().find(|(_, c)| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '.')))
    {
        return Err(NameError::UnexpectedChar { ch, at: i + 1 });
    }
    let labels: Vec<&str> = text.split('.').collect();
    for (i, label) in labels.iter().enumerate() {
        let number = i + 1;
        if label.is_empty() {
            return Err(NameError::EmptyLabel { label: number });
        }
        if label.len() > MAX_LABEL_LEN {
            return Err(NameError::LabelTooLong { label: number, chars: label.len() });
        }
        if label.starts_with('-') || label.ends_with('-') {
            return Err(NameError::HyphenAtEdge { label: number });
        }
    }
    if labels.len() < 2 {
        return Err(NameError::NoDomain);
    }
    Ok(Name(text.to_ascii_lowercase()))
}

/// What a lookup asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum RecordType {
    A,
    Aaaa,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RecordData {
    A(Ipv4Addr),
    Aaaa(Ipv6Addr),
    Cname(Name),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    pub name: Name,
    pub ttl_s: u32,
    pub data: RecordData,
}

impl Record {
    /// Whether this record answers a question of type `kind` (a CNAME answers any).
    fn answers(&self, kind: RecordType) -> bool {
        matches!(
            (&self.data, kind),
            (RecordData::A(_), RecordType::A) | (RecordData::Aaaa(_), RecordType::Aaaa) | (RecordData::Cname(_), _)
        )
    }
}

/// A domain's records, served by its authoritative name server.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Zone {
    pub origin: Name,
    pub records: Vec<Record>,
    /// How long resolvers keep "no such name" from this zone (its SOA's minimum).
    pub negative_ttl_s: u32,
}

impl Zone {
    /// What this zone's authoritative server says of `name` and `kind`, and for how long a
    /// resolver may keep it.
    fn answer(&self, name: &Name, kind: RecordType) -> (Cached, u32) {
        let mut here = self.records.iter().filter(|r| &r.name == name).peekable();
        if here.peek().is_none() {
            return (Cached::NxDomain, self.negative_ttl_s);
        }
        let matching: Vec<Record> = here.filter(|r| r.answers(kind)).cloned().collect();
        match matching.iter().map(|r| r.ttl_s).min() {
            Some(ttl_s) => (Cached::Records(matching), ttl_s),
            None => (Cached::NoData, self.negative_ttl_s),
        }
    }
}

/// Who answered one step of a lookup.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Server {
    BrowserCache,
    Resolver,
    Root,
    Tld(String),
    Authoritative(Name),
}

/// What one step said.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reply {
    /// Served from a cache, with this many seconds left to live.
    Cached {
        remaining_s: u32,
    },
    /// "Ask that zone's servers."
    Referral {
        zone: String,
    },
    Records(Vec<Record>),
    NxDomain,
    /// The name exists but has no record of the type asked for.
    NoData,
    /// The resolver gave up (here: a CNAME loop).
    ServFail,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    pub server: Server,
    pub name: Name,
    pub reply: Reply,
    /// Milliseconds since the lookup began, when this reply arrived.
    pub at_ms: u64,
}

/// How a lookup ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Answer {
    /// The addresses, after following `via` (the CNAMEs, in order).
    Found {
        via: Vec<Name>,
        records: Vec<Record>,
    },
    NxDomain,
    NoData,
    /// More than [`MAX_CNAME_CHAIN`] CNAMEs: the resolver gives up (SERVFAIL).
    CnameLoop,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lookup {
    pub steps: Vec<Step>,
    pub answer: Answer,
}

/// An answer as a cache keeps it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cached {
    Records(Vec<Record>),
    NxDomain,
    NoData,
}

impl Cached {
    fn reply(&self) -> Reply {
        match self {
            Cached::Records(records) => Reply::Records(records.clone()),
            Cached::NxDomain => Reply::NxDomain,
            Cached::NoData => Reply::NoData,
        }
    }
}

/// A cache's answers, in name order (a sorted `Vec`: a cache holds a handful).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Cache {
    answers: Vec<CacheSlot>,
}

/// A question, when its answer expires, and the answer.
type CacheSlot = ((Name, RecordType), (u64, Cached));

impl Cache {
    fn find(&self, name: &Name, kind: RecordType) -> Result<usize, usize> {
        self.answers.binary_search_by(|((n, k), _)| (n, *k).cmp(&(name, kind)))
    }

    /// A fresh entry and its seconds left (rounded up), if any; stale ones are dropped.
    fn get(&mut self, name: &Name, kind: RecordType, now_ms: u64) -> Option<(Cached, u32)> {
        let at = self.find(name, kind).ok()?;
        let (expires_ms, cached) = &self.answers[at].1;
        if *expires_ms > now_ms {
            Some((cached.clone(), (expires_ms - now_ms).div_ceil(1_000) as u32))
        } else {
            self.answers.remove(at);
            None
        }
    }

    /// The fresh entries at `now_ms`, each with its seconds left (rounded up), in name order.
    fn fresh(&self, now_ms: u64) -> Vec<CacheEntry> {
        self.answers
            .iter()
            .filter(|(_, (expires_ms, _))| *expires_ms > now_ms)
            .map(|((name, kind), (expires_ms, cached))| CacheEntry {
                name: name.clone(),
                kind: *kind,
                remaining_s: (expires_ms - now_ms).div_ceil(1_000) as u32,
                cached: cached.clone(),
            })
            .collect()
    }

    fn put(&mut self, name: &Name, kind: RecordType, cached: Cached, ttl_s: u32, now_ms: u64) {
        if ttl_s == 0 {
            return;
        }
        let answer = (now_ms + u64::from(ttl_s) * 1_000, cached);
        match self.find(name, kind) {
            Ok(at) => self.answers[at].1 = answer,
            Err(at) => self.answers.insert(at, ((name.clone(), kind), answer)),
        }
    }
}

/// One answer a cache holds, as a learner sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CacheEntry {
    pub name: Name,
    pub kind: RecordType,
    pub remaining_s: u32,
    pub cached: Cached,
}

/// Round trips, in milliseconds, from the resolver to each kind of name server and from the
/// browser to the resolver.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Latency {
    pub resolver: u64,
    pub root: u64,
    pub tld: u64,
    pub authoritative: u64,
}

/// The name servers' zones and the two caches in front of them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dns {
    pub zones: Vec<Zone>,
    pub latency: Latency,
    browser: Cache,
    resolver: Cache,
    /// Zones (`com`, `example.com`) whose servers the resolver knows, until when.
    referrals: Vec<(String, u64)>,
}

impl Dns {
    pub fn new(zones: Vec<Zone>, latency: Latency) -> Dns {
        Dns { zones, latency, browser: Cache::default(), resolver: Cache::default(), referrals: Vec::new() }
    }

    /// The zone `name` belongs to, if any is served (the longest origin it is in).
    pub fn zone_of(&self, name: &Name) -> Option<&Zone> {
        self.zones.iter().filter(|z| name.is_in(&z.origin)).max_by_key(|z| z.origin.0.len())
    }

    pub fn zone_mut(&mut self, origin: &Name) -> Option<&mut Zone> {
        self.zones.iter_mut().find(|z| &z.origin == origin)
    }

    /// What the browser's cache holds at `now_ms`.
    pub fn browser_cache(&self, now_ms: u64) -> Vec<CacheEntry> {
        self.browser.fresh(now_ms)
    }

    /// What the resolver's cache holds at `now_ms`.
    pub fn resolver_cache(&self, now_ms: u64) -> Vec<CacheEntry> {
        self.resolver.fresh(now_ms)
    }

    /// Looks `name` up at simulated time `now_ms`: the browser's cache first, then the
    /// resolver, following CNAMEs. The browser keeps the final answer (not the chain) for the
    /// shortest TTL along the chain.
    pub fn lookup(&mut self, name: &Name, kind: RecordType, now_ms: u64) -> Lookup {
        let mut steps = Vec::new();
        if let Some((cached, remaining_s)) = self.browser.get(name, kind, now_ms) {
            steps.push(Step {
                server: Server::BrowserCache,
                name: name.clone(),
                reply: Reply::Cached { remaining_s },
                at_ms: 0,
            });
            return Lookup { steps, answer: answer_of(cached, Vec::new()) };
        }
        let (lookup, ttl_s) = self.resolve(name, kind, now_ms);
        if let Some(cached) = cached_of(&lookup.answer) {
            self.browser.put(name, kind, cached, ttl_s, now_ms);
        }
        lookup
    }

    /// Looks `name` up through the resolver alone, as a browser whose cache missed: the answer
    /// and how long a browser may keep it (the shortest TTL along any CNAME chain, as the
    /// resolver's cache has it left). Chapter 5's users keep their own caches.
    pub fn resolve(&mut self, name: &Name, kind: RecordType, now_ms: u64) -> (Lookup, u32) {
        let mut steps = Vec::new();
        let mut elapsed = self.latency.resolver;
        let mut via = Vec::new();
        let mut current = name.clone();
        // The whole chain is only as fresh as its shortest-lived link.
        let mut ttl_s = u32::MAX;
        let answer = loop {
            let (cached, ttl) = self.resolve_one(&current, kind, now_ms, &mut elapsed, &mut steps);
            ttl_s = ttl_s.min(ttl);
            let records = match cached {
                Cached::Records(records) => records,
                Cached::NxDomain => break Answer::NxDomain,
                Cached::NoData => break Answer::NoData,
            };
            let target = records.iter().find_map(|r| match &r.data {
                RecordData::Cname(target) => Some(target.clone()),
                _ => None,
            });
            match target {
                Some(_) if via.len() >= MAX_CNAME_CHAIN => break Answer::CnameLoop,
                Some(target) => via.push(std::mem::replace(&mut current, target)),
                None => break Answer::Found { via, records },
            }
        };
        steps.push(Step { server: Server::Resolver, name: name.clone(), reply: reply_of(&answer), at_ms: elapsed });
        (Lookup { steps, answer }, ttl_s)
    }

    /// The resolver's answer for one name (no CNAME followed): from its cache, or by asking
    /// the root, the TLD's and the domain's servers, skipping those whose referral it holds.
    fn resolve_one(
        &mut self,
        name: &Name,
        kind: RecordType,
        now_ms: u64,
        elapsed: &mut u64,
        steps: &mut Vec<Step>,
    ) -> (Cached, u32) {
        if let Some((cached, remaining_s)) = self.resolver.get(name, kind, now_ms) {
            steps.push(Step {
                server: Server::Resolver,
                name: name.clone(),
                reply: Reply::Cached { remaining_s },
                at_ms: *elapsed,
            });
            return (cached, remaining_s);
        }
        self.referrals.retain(|(_, expires)| *expires > now_ms);
        let known = |referrals: &[(String, u64)], zone: &str| referrals.iter().any(|(z, _)| z == zone);
        let tld = name.tld().to_string();
        let tld_served = self.zones.iter().any(|z| z.origin.tld() == tld);
        let authoritative = self.zone_of(name).map(|zone| (zone.origin.clone(), zone.answer(name, kind)));
        let referral_expires_ms = now_ms + u64::from(REFERRAL_TTL_S) * 1_000;
        let mut ask = |server: Server, reply: Reply, latency: u64, steps: &mut Vec<Step>| {
            *elapsed += latency;
            steps.push(Step { server, name: name.clone(), reply, at_ms: *elapsed });
        };
        let (cached, ttl_s) = 'walk: {
            if !known(&self.referrals, &tld) {
                if !tld_served {
                    ask(Server::Root, Reply::NxDomain, self.latency.root, steps);
                    break 'walk (Cached::NxDomain, ROOT_NEGATIVE_TTL_S);
                }
                ask(Server::Root, Reply::Referral { zone: tld.clone() }, self.latency.root, steps);
                self.referrals.push((tld.clone(), referral_expires_ms));
            }
            let Some((origin, (cached, ttl_s))) = authoritative else {
                ask(Server::Tld(tld), Reply::NxDomain, self.latency.tld, steps);
                break 'walk (Cached::NxDomain, TLD_NEGATIVE_TTL_S);
            };
            if !known(&self.referrals, origin.as_str()) {
                ask(Server::Tld(tld), Reply::Referral { zone: origin.to_string() }, self.latency.tld, steps);
                self.referrals.push((origin.to_string(), referral_expires_ms));
            }
            ask(Server::Authoritative(origin), cached.reply(), self.latency.authoritative, steps);
            (cached, ttl_s)
        };
        self.resolver.put(name, kind, cached.clone(), ttl_s, now_ms);
        (cached, ttl_s)
    }
}

fn answer_of(cached: Cached, via: Vec<Name>) -> Answer {
    match cached {
        Cached::Records(records) => Answer::Found { via, records },
        Cached::NxDomain => Answer::NxDomain,
        Cached::NoData => Answer::NoData,
    }
}

fn cached_of(answer: &Answer) -> Option<Cached> {
    match answer {
        Answer::Found { records, .. } => Some(Cached::Records(records.clone())),
        Answer::NxDomain => Some(Cached::NxDomain),
        Answer::NoData => Some(Cached::NoData),
        Answer::CnameLoop => None,
    }
}

fn reply_of(answer: &Answer) -> Reply {
    cached_of(answer).map_or(Reply::ServFail, |cached| cached.reply())
}
