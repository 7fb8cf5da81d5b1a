//! Strings of chapter 4's network lab, in their own struct like the placement lab's.

use std::net::Ipv4Addr;

use super::{grouped, Lang};
use crate::sim::net::address::{AddressClass, AddressError};
use crate::sim::net::dns::NameError;
use crate::sim::net::lab::{AnsweredBy, App, Client, Host, NetEvent, NetRefusal, RequestResult, Target};
use crate::sim::net::network::{Drop, CONNECT_TIMEOUT_MS};

/// The diagram's nodes, in the order `NetLab`'s network adds them.
pub struct NodeNames {
    pub internet: &'static str,
    pub router: &'static str,
    pub laptop: &'static str,
    pub home_server: &'static str,
    pub rented: &'static str,
    pub phone: &'static str,
    pub home_resolver: &'static str,
    pub phone_resolver: &'static str,
    pub root: &'static str,
    pub tld: &'static str,
    pub authoritative: &'static str,
}

pub struct NetUi {
    pub nodes: NodeNames,
    pub diagram: &'static str,
    pub app_name: fn(App) -> &'static str,
    /// The label of the field that holds an app's port.
    pub app_port: fn(App) -> String,
    pub request: &'static str,
    pub from: &'static str,
    pub kind: &'static str,
    /// The request kinds: browser over http and https, SSH client, database client.
    pub kinds: [&'static str; 4],
    pub to: &'static str,
    pub to_hint: &'static str,
    pub port: &'static str,
    pub send: &'static str,
    pub trace: &'static str,
    pub trace_empty: &'static str,
    pub columns: [&'static str; 4],
    pub dns_query: fn(&str) -> String,
    pub syn: &'static str,
    pub reply: &'static str,
    pub nat: &'static str,
    pub browser_cache: &'static str,
    pub resolver: &'static str,
    pub cached: fn(u32) -> String,
    pub referral: fn(&str) -> String,
    pub nxdomain: &'static str,
    pub nodata: &'static str,
    pub servfail: &'static str,
    pub result: fn(RequestResult, u16) -> String,
    pub why: fn(Drop) -> String,
    pub services: &'static str,
    pub stopped: &'static str,
    pub start: &'static str,
    pub stop: &'static str,
    pub firewall: &'static str,
    pub router: &'static str,
    pub public_address: &'static str,
    pub forwards: &'static str,
    pub no_forwards: &'static str,
    pub public_port: &'static str,
    pub inside_port: &'static str,
    pub add_rule: &'static str,
    pub remove: &'static str,
    pub nat_table: &'static str,
    pub nat_empty: &'static str,
    pub nat_entry: fn(&str, &str, &str, u64) -> String,
    pub zone: &'static str,
    pub address: &'static str,
    pub ttl: &'static str,
    pub save: &'static str,
    pub caches: &'static str,
    pub cache_of: fn(Client, bool) -> String,
    pub cache_empty: &'static str,
    pub cache_entry: fn(&str, &str, u32) -> String,
    pub site: &'static str,
    pub reachable: fn(bool) -> &'static str,
    pub safe_from: fn(&str) -> String,
    pub lower_first: fn(u32) -> String,
    pub moved: fn(Ipv4Addr, Ipv4Addr, u32) -> String,
    pub skip: &'static str,
    pub skip_minutes: fn(u64) -> String,
    pub address_box: &'static str,
    pub address_label: &'static str,
    pub class: fn(AddressClass) -> String,
    pub address_error: fn(&AddressError) -> String,
    pub name_error: fn(&NameError) -> String,
    pub not_a_port: &'static str,
    pub not_a_ttl: fn(u32) -> String,
    pub ipv6_in_a: &'static str,
    pub ipv4_only: &'static str,
    pub unknown_name: &'static str,
    pub answered_by: fn(AnsweredBy) -> &'static str,
    pub refusal: fn(NetRefusal) -> String,
    pub event: fn(&NetEvent) -> String,
}

impl Lang {
    pub fn net(self) -> &'static NetUi {
        match self {
            Lang::Ko => &KO,
            Lang::En => &EN,
        }
    }
}

/// A character as a message quotes it: invisible ones by their code point (`U+0007`).
fn shown(ch: char) -> String {
    if ch.is_control() || ch.is_whitespace() {
        format!("U+{:04X}", u32::from(ch))
    } else {
        ch.to_string()
    }
}

fn target_text(target: Target) -> String {
    match target {
        Target::Name(name) => name.text().to_string(),
        Target::Address(address) => address.to_string(),
    }
}

/// "12:05" (minutes and seconds of simulated time), or "1:02:05" past an hour.
pub fn clock(ms: u64) -> String {
    let s = ms / 1_000;
    match s / 3_600 {
        0 => format!("{}:{:02}", s / 60, s % 60),
        h => format!("{h}:{:02}:{:02}", s / 60 % 60, s % 60),
    }
}

pub static EN: NetUi = NetUi {
    nodes: NodeNames {
        internet: "Internet",
        router: "Home router",
        laptop: "Laptop",
        home_server: "Home server",
        rented: "Rented server",
        phone: "Phone (mobile data)",
        home_resolver: "Home resolver",
        phone_resolver: "Phone's resolver",
        root: "Root server",
        tld: "com server",
        authoritative: "ns.example.com",
    },
    diagram: "The network: the home network behind its router, the internet, the rented server, the phone and the DNS servers. The trace list below describes the latest request hop by hop.",
    app_name: |a| match a {
        App::Web => "web (site)",
        App::Ssh => "sshd (SSH)",
        App::Database => "postgres (database)",
    },
    app_port: |a| format!("Port for {}", (EN.app_name)(a)),
    request: "Send a request",
    from: "From",
    kind: "As",
    kinds: ["Browser (http)", "Browser (https)", "SSH client", "Database client"],
    to: "To (name or IPv4 address)",
    to_hint: "example.com, www.example.com, shop.example.com or an address",
    port: "Port",
    send: "Send",
    trace: "Trace of the latest request",
    trace_empty: "No request yet: send one above.",
    columns: ["From", "To", "What", "Result"],
    dns_query: |name| format!("DNS: where is {name}?"),
    syn: "Connection request (SYN)",
    reply: "Reply",
    nat: "NAT rewrote the address",
    browser_cache: "Browser cache",
    resolver: "Resolver",
    cached: |s| format!("From its cache, {} s left", grouped(s.into())),
    referral: |zone| format!("Ask {zone}'s servers"),
    nxdomain: "No such name (NXDOMAIN)",
    nodata: "No address of this kind",
    servfail: "Gave up: too many CNAMEs",
    result: |r, port| match r {
        RequestResult::Connected { app } => format!("Connected to {}", (EN.app_name)(app)),
        RequestResult::Refused => format!("Connection refused: nothing listens on port {port}"),
        RequestResult::TimedOut { why } => {
            format!("Timed out after {} s: {}", CONNECT_TIMEOUT_MS / 1_000, (EN.why)(why))
        }
        RequestResult::NoSuchName => "The name did not resolve to an address".to_string(),
    },
    why: |d| match d {
        Drop::Firewall { port } => format!("the firewall drops port {port}"),
        Drop::NoForwardingRule { port } => format!("the router has no forwarding rule for port {port}"),
        Drop::NotRoutable => "the internet does not carry private addresses".to_string(),
        Drop::NoRoute => "no route leads there".to_string(),
        Drop::Looped => "the packet went round in circles".to_string(),
    },
    services: "Services",
    stopped: "stopped",
    start: "Start",
    stop: "Stop",
    firewall: "Firewall: ports let in",
    router: "Home router",
    public_address: "Public address",
    forwards: "Port forwarding",
    no_forwards: "No rule: nothing from outside gets in unasked.",
    public_port: "Public port",
    inside_port: "Home server port",
    add_rule: "Add rule",
    remove: "Remove",
    nat_table: "NAT table",
    nat_empty: "No connection from inside is open.",
    nat_entry: |inside, public, remote, s| {
        format!("{inside} goes out as {public} to {remote} (kept {} s more)", grouped(s))
    },
    zone: "example.com's records",
    address: "Address (A record)",
    ttl: "TTL (seconds)",
    save: "Save record",
    caches: "DNS caches",
    cache_of: |client, browser| {
        let who = match client {
            Client::Phone => "Phone",
            Client::Laptop => "Laptop",
        };
        format!("{who}: {}", if browser { "browser" } else { "resolver" })
    },
    cache_empty: "empty",
    cache_entry: |name, answer, s| format!("{name} → {answer} ({} s left)", grouped(s.into())),
    site: "A new visitor outside reaches http://example.com",
    reachable: |yes| if yes { "yes" } else { "no" },
    safe_from: |at| format!("Moving example.com to a new address is safe from {at} (simulated time)."),
    lower_first: |window| {
        format!("No moment is safe for a move yet: first lower the TTL to {window} s or less.")
    },
    moved: |from, to, s| {
        format!("Moved from {from} to {to}: users may be sent to the old address for {} s more.", grouped(s.into()))
    },
    skip: "Skip ahead",
    skip_minutes: |m| format!("+{m} min"),
    address_box: "What kind of address is it?",
    address_label: "An IP address or network (such as 10.0.0.0/8)",
    class: |c| match c {
        AddressClass::Public => "Public: reachable across the internet.".to_string(),
        AddressClass::Private => {
            "Private: for inside a home or company network; the internet does not route it.".to_string()
        }
        AddressClass::Shared => {
            "Shared (100.64.0.0/10): between an internet provider and its customers' NAT.".to_string()
        }
        AddressClass::Loopback => "Loopback: this machine itself; it never leaves the machine.".to_string(),
        AddressClass::LinkLocal => "Link-local: only on the local link, when nothing assigned an address.".to_string(),
        AddressClass::Documentation => {
            "Documentation: set aside for examples, never in use (this course's public addresses).".to_string()
        }
        AddressClass::Multicast => "Multicast: one sender, many receivers.".to_string(),
        AddressClass::Broadcast => "Broadcast: every host on the local network.".to_string(),
        AddressClass::Unspecified => {
            "Unspecified: no address yet; a server listening on it listens on every address.".to_string()
        }
        AddressClass::Ipv4Mapped(v4) => format!("An IPv4 address ({v4}) written as IPv6."),
        AddressClass::Reserved => "Reserved: not given to hosts on the internet.".to_string(),
    },
    address_error: |e| match e {
        AddressError::Empty => "Type an address.".to_string(),
        AddressError::TooLong { chars } => {
            format!("{} characters is far too long for an address (IPv6 needs at most 39).", grouped(*chars as u64))
        }
        AddressError::UnexpectedChar { ch, at } => {
            format!("Character {at} ({}) has no place in an address.", shown(*ch))
        }
        AddressError::WrongPartCount { found } => {
            format!("IPv4 has four numbers separated by dots; this has {found}.")
        }
        AddressError::EmptyPart { part } => format!("Number {part} is missing."),
        AddressError::PartNotDecimal { part } => format!("Part {part} is not a decimal number."),
        AddressError::PartTooLarge { part, text } => format!("Number {part} ({text}) is above 255."),
        AddressError::LeadingZero { part } => {
            format!("Number {part} starts with 0: some software reads that as octal, so it is refused.")
        }
        AddressError::WrongGroupCount { found } => {
            format!("IPv6 has eight groups (or fewer with one ::); this has {found}.")
        }
        AddressError::GroupTooLong { group } => format!("Group {group} has more than four hexadecimal digits."),
        AddressError::TwoDoubleColons => {
            ":: may appear only once: with two, nobody can tell how many zero groups each stands for.".to_string()
        }
        AddressError::StrayColon => "A single colon at the start or end, or three in a row.".to_string(),
        AddressError::DottedPartNotLast => "An IPv4 address inside IPv6 must come last.".to_string(),
        AddressError::PrefixNotExpected => "A prefix (/24) belongs to a network, not to one address.".to_string(),
        AddressError::BadPrefix { max } => format!("The prefix after / must be a number from 0 to {max}."),
    },
    name_error: |e| match e {
        NameError::Empty => "Type a name or an address.".to_string(),
        NameError::TooLong { chars } => format!("{} characters is longer than a name may be (253).", grouped(*chars as u64)),
        NameError::EmptyLabel { label } => format!("Part {label} of the name is empty (two dots together?)."),
        NameError::LabelTooLong { label, chars } => format!("Part {label} has {chars} characters; at most 63."),
        NameError::UnexpectedChar { ch, at } => {
            format!("Character {at} ({}) cannot be in a host name: letters, digits, hyphens and dots only.", shown(*ch))
        }
        NameError::HyphenAtEdge { label } => format!("Part {label} starts or ends with a hyphen."),
        NameError::NoDomain => "A name needs a domain, such as example.com.".to_string(),
    },
    not_a_port: "A port is a whole number from 1 to 65535.",
    not_a_ttl: |max| format!("A TTL is a whole number of seconds from 0 to {}.", grouped(max.into())),
    ipv6_in_a: "An A record holds an IPv4 address (IPv6 goes in AAAA records, which this lab does not edit).",
    ipv4_only: "This lab's network carries IPv4 only; the address box above explains IPv6 addresses.",
    unknown_name: "This lab's DNS holds only example.com's zone: try example.com, www.example.com or shop.example.com.",
    answered_by: |a| match a {
        AnsweredBy::BrowserCache => "the browser's cache",
        AnsweredBy::ResolverCache => "the resolver's cache",
        AnsweredBy::NameServers => "the name servers (root, com, example.com)",
    },
    refusal: |r| match r {
        NetRefusal::AddressInUse { port, holder } => {
            format!("Address already in use: {} listens on port {port}.", (EN.app_name)(holder))
        }
        NetRefusal::PortZero => "Port 0 cannot be used here: choose 1 to 65535.".to_string(),
        NetRefusal::AlreadyForwarded { public_port } => format!("Public port {public_port} is already forwarded."),
        NetRefusal::NotForwarded { public_port } => format!("Public port {public_port} is not forwarded."),
        NetRefusal::TtlTooLong { max_s } => format!("At most {} seconds.", grouped(max_s.into())),
    },
    event: |e| match e {
        NetEvent::Listening { host, app, port } => {
            format!("{} on the {}: listening on port {port}.", (EN.app_name)(*app), host_en(*host))
        }
        NetEvent::Stopped { host, app } => format!("{} on the {} stopped.", (EN.app_name)(*app), host_en(*host)),
        NetEvent::Firewall { host, port, open: true } => format!("The {}'s firewall lets port {port} in.", host_en(*host)),
        NetEvent::Firewall { host, port, open: false } => format!("The {}'s firewall closed port {port}.", host_en(*host)),
        NetEvent::Forwarded { public_port, inside_port } => {
            format!("The router forwards port {public_port} to 192.168.0.10:{inside_port}.")
        }
        NetEvent::Unforwarded { public_port } => format!("The router no longer forwards port {public_port}."),
        NetEvent::RecordChanged { address, ttl_s } => {
            format!("example.com now points at {address}, TTL {} s.", grouped((*ttl_s).into()))
        }
        NetEvent::Requested { from, target, port, result, .. } => format!(
            "{} → {}:{port}: {}.",
            match from {
                Client::Phone => "Phone",
                Client::Laptop => "Laptop",
            },
            target_text(*target),
            (EN.result)(*result, *port)
        ),
        NetEvent::Moved { from, to, window_s } => (EN.moved)(*from, *to, *window_s),
        NetEvent::SiteReachable { reachable: true } => "New visitors now reach http://example.com.".to_string(),
        NetEvent::SiteReachable { reachable: false } => "New visitors no longer reach http://example.com.".to_string(),
    },
};

fn host_en(host: Host) -> &'static str {
    match host {
        Host::Home => "home server",
        Host::Rented => "rented server",
    }
}

fn host_ko(host: Host) -> &'static str {
    match host {
        Host::Home => "집 서버",
        Host::Rented => "임대 서버",
    }
}

pub static KO: NetUi = NetUi {
    nodes: NodeNames {
        internet: "인터넷",
        router: "집 공유기",
        laptop: "노트북",
        home_server: "집 서버",
        rented: "임대 서버",
        phone: "휴대폰(모바일 데이터)",
        home_resolver: "집 리졸버",
        phone_resolver: "휴대폰 리졸버",
        root: "루트 서버",
        tld: "com 서버",
        authoritative: "ns.example.com",
    },
    diagram: "네트워크: 공유기 뒤의 집 네트워크, 인터넷, 임대 서버, 휴대폰, DNS 서버들이에요. 아래 추적 목록이 마지막 요청을 구간마다 설명해요.",
    app_name: |a| match a {
        App::Web => "web(사이트)",
        App::Ssh => "sshd(SSH)",
        App::Database => "postgres(데이터베이스)",
    },
    app_port: |a| format!("{} 포트", (KO.app_name)(a)),
    request: "요청 보내기",
    from: "어디서",
    kind: "무엇으로",
    kinds: ["브라우저(http)", "브라우저(https)", "SSH 클라이언트", "데이터베이스 클라이언트"],
    to: "어디로(이름 또는 IPv4 주소)",
    to_hint: "example.com, www.example.com, shop.example.com 또는 주소",
    port: "포트",
    send: "보내기",
    trace: "마지막 요청 추적",
    trace_empty: "아직 요청이 없어요. 위에서 보내 보세요.",
    columns: ["출발", "도착", "내용", "결과"],
    dns_query: |name| format!("DNS: {name} 주소는?"),
    syn: "연결 요청(SYN)",
    reply: "응답",
    nat: "NAT가 주소를 바꿨어요",
    browser_cache: "브라우저 캐시",
    resolver: "리졸버",
    cached: |s| format!("캐시에서 답했어요. {}초 남았어요", grouped(s.into())),
    referral: |zone| format!("{zone} 서버에 물어보라고 답했어요"),
    nxdomain: "그런 이름이 없어요(NXDOMAIN)",
    nodata: "이 종류의 주소가 없어요",
    servfail: "CNAME이 너무 많아 포기했어요",
    result: |r, port| match r {
        RequestResult::Connected { app } => format!("{} 서비스에 연결됐어요", (KO.app_name)(app)),
        RequestResult::Refused => format!("연결 거부: {port}번 포트에서 기다리는 서비스가 없어요"),
        RequestResult::TimedOut { why } => {
            format!("{}초 뒤 시간 초과: {}", CONNECT_TIMEOUT_MS / 1_000, (KO.why)(why))
        }
        RequestResult::NoSuchName => "이름이 주소로 바뀌지 않았어요".to_string(),
    },
    why: |d| match d {
        Drop::Firewall { port } => format!("방화벽이 {port}번 포트를 막아요"),
        Drop::NoForwardingRule { port } => format!("공유기에 {port}번 포트의 포트 포워딩 규칙이 없어요"),
        Drop::NotRoutable => "인터넷은 사설 주소로 가는 패킷을 나르지 않아요".to_string(),
        Drop::NoRoute => "그곳으로 가는 경로가 없어요".to_string(),
        Drop::Looped => "패킷이 같은 곳을 맴돌았어요".to_string(),
    },
    services: "서비스",
    stopped: "멈춤",
    start: "시작",
    stop: "멈추기",
    firewall: "방화벽: 들여보내는 포트",
    router: "집 공유기",
    public_address: "공인 주소",
    forwards: "포트 포워딩",
    no_forwards: "규칙이 없어요. 밖에서 먼저 들어오는 연결은 막혀요.",
    public_port: "공인 포트",
    inside_port: "집 서버 포트",
    add_rule: "규칙 추가",
    remove: "지우기",
    nat_table: "NAT 테이블",
    nat_empty: "안에서 연 연결이 없어요.",
    nat_entry: |inside, public, remote, s| {
        format!("{inside} → {public} → {remote}({}초 더 유지)", grouped(s))
    },
    zone: "example.com 레코드",
    address: "주소(A 레코드)",
    ttl: "TTL(초)",
    save: "레코드 저장",
    caches: "DNS 캐시",
    cache_of: |client, browser| {
        let who = match client {
            Client::Phone => "휴대폰",
            Client::Laptop => "노트북",
        };
        format!("{who}: {}", if browser { "브라우저" } else { "리졸버" })
    },
    cache_empty: "비어 있어요",
    cache_entry: |name, answer, s| format!("{name} → {answer}({}초 남음)", grouped(s.into())),
    site: "밖의 새 방문자가 http://example.com에 닿나요",
    reachable: |yes| if yes { "예" } else { "아니요" },
    safe_from: |at| format!("example.com을 새 주소로 옮겨도 안전한 때: 시뮬레이션 시간 {at}부터예요."),
    lower_first: |window| format!("아직 안전하게 옮길 때가 없어요. 먼저 TTL을 {window}초 이하로 낮추세요."),
    moved: |from, to, s| {
        format!("{from}에서 {to} 주소로 옮겼어요. 사용자가 {}초 더 옛 주소로 갈 수 있어요.", grouped(s.into()))
    },
    skip: "시간 건너뛰기",
    skip_minutes: |m| format!("+{m}분"),
    address_box: "어떤 주소인가요?",
    address_label: "IP 주소 또는 네트워크(예: 10.0.0.0/8)",
    class: |c| match c {
        AddressClass::Public => "공인 주소: 인터넷 어디서나 닿아요.".to_string(),
        AddressClass::Private => "사설 주소: 집이나 회사 네트워크 안에서 써요. 인터넷은 이 주소로 나르지 않아요.".to_string(),
        AddressClass::Shared => "공유 주소(100.64.0.0/10): 인터넷 회사와 고객 사이의 NAT에서 써요.".to_string(),
        AddressClass::Loopback => "루프백: 이 컴퓨터 자신이에요. 컴퓨터 밖으로 나가지 않아요.".to_string(),
        AddressClass::LinkLocal => "링크 로컬: 주소를 받지 못했을 때 같은 링크 안에서만 써요.".to_string(),
        AddressClass::Documentation => "문서용: 예시를 위해 떼어 둔 주소로, 실제로는 쓰이지 않아요(이 강의의 공인 주소).".to_string(),
        AddressClass::Multicast => "멀티캐스트: 하나가 보내고 여럿이 받아요.".to_string(),
        AddressClass::Broadcast => "브로드캐스트: 같은 네트워크의 모든 호스트예요.".to_string(),
        AddressClass::Unspecified => "지정되지 않은 주소: 아직 주소가 없다는 뜻이에요. 서버가 이 주소에서 기다리면 모든 주소에서 기다려요.".to_string(),
        AddressClass::Ipv4Mapped(v4) => format!("IPv6로 쓴 IPv4 주소({v4})예요."),
        AddressClass::Reserved => "예약된 주소: 인터넷의 호스트에 주지 않아요.".to_string(),
    },
    address_error: |e| match e {
        AddressError::Empty => "주소를 입력하세요.".to_string(),
        AddressError::TooLong { chars } => format!("{}자는 주소로 너무 길어요(IPv6도 39자면 돼요).", grouped(*chars as u64)),
        AddressError::UnexpectedChar { ch, at } => format!("{at}번째 글자({})는 주소에 올 수 없어요.", shown(*ch)),
        AddressError::WrongPartCount { found } => format!("IPv4는 점으로 나눈 숫자 4개예요. 이 주소는 {found}개예요."),
        AddressError::EmptyPart { part } => format!("{part}번째 숫자가 비어 있어요."),
        AddressError::PartNotDecimal { part } => format!("{part}번째 부분이 10진수가 아니에요."),
        AddressError::PartTooLarge { part, text } => format!("{part}번째 숫자({text})가 255보다 커요."),
        AddressError::LeadingZero { part } => {
            format!("{part}번째 숫자가 0으로 시작해요. 어떤 소프트웨어는 8진수로 읽어서 받지 않아요.")
        }
        AddressError::WrongGroupCount { found } => format!("IPv6는 그룹 8개예요(::를 한 번 쓰면 더 적게). 이 주소는 {found}개예요."),
        AddressError::GroupTooLong { group } => format!("{group}번째 그룹이 16진수 4자리보다 길어요."),
        AddressError::TwoDoubleColons => "::는 한 번만 쓸 수 있어요. 두 번 쓰면 각각 0인 그룹 몇 개인지 알 수 없어요.".to_string(),
        AddressError::StrayColon => "처음이나 끝에 콜론이 하나만 있거나, 콜론이 세 개 이어져 있어요.".to_string(),
        AddressError::DottedPartNotLast => "IPv6 안의 IPv4 주소는 맨 끝에 와야 해요.".to_string(),
        AddressError::PrefixNotExpected => "접두사(/24)는 주소 하나가 아니라 네트워크에 붙여요.".to_string(),
        AddressError::BadPrefix { max } => format!("/ 뒤의 접두사는 0부터 {max}까지의 숫자여야 해요."),
    },
    name_error: |e| match e {
        NameError::Empty => "이름이나 주소를 입력하세요.".to_string(),
        NameError::TooLong { chars } => format!("{}자는 이름으로 너무 길어요(최대 253자).", grouped(*chars as u64)),
        NameError::EmptyLabel { label } => format!("이름의 {label}번째 부분이 비어 있어요(점이 두 개 붙어 있나요?)."),
        NameError::LabelTooLong { label, chars } => format!("{label}번째 부분이 {chars}자예요. 최대 63자예요."),
        NameError::UnexpectedChar { ch, at } => {
            format!("{at}번째 글자({})는 호스트 이름에 올 수 없어요. 영문자, 숫자, 하이픈, 점만 써요.", shown(*ch))
        }
        NameError::HyphenAtEdge { label } => format!("{label}번째 부분이 하이픈으로 시작하거나 끝나요."),
        NameError::NoDomain => "이름에는 example.com처럼 도메인이 있어야 해요.".to_string(),
    },
    not_a_port: "포트는 1부터 65535까지의 정수예요.",
    not_a_ttl: |max| format!("TTL은 0부터 {}까지의 정수(초)예요.", grouped(max.into())),
    ipv6_in_a: "A 레코드에는 IPv4 주소가 들어가요(IPv6는 AAAA 레코드에 넣는데, 이 실험에서는 고치지 않아요).",
    ipv4_only: "이 실험의 네트워크는 IPv4만 날라요. IPv6 주소는 위의 주소 상자에서 알아보세요.",
    unknown_name: "이 실험의 DNS에는 example.com 영역만 있어요. example.com, www.example.com, shop.example.com 중에서 골라 보세요.",
    answered_by: |a| match a {
        AnsweredBy::BrowserCache => "브라우저 캐시",
        AnsweredBy::ResolverCache => "리졸버 캐시",
        AnsweredBy::NameServers => "네임 서버(루트, com, example.com)",
    },
    refusal: |r| match r {
        NetRefusal::AddressInUse { port, holder } => {
            format!("이미 쓰는 주소예요(address already in use): {port}번 포트에서 {} 서비스가 기다리고 있어요.", (KO.app_name)(holder))
        }
        NetRefusal::PortZero => "포트 0은 쓸 수 없어요. 1부터 65535까지 고르세요.".to_string(),
        NetRefusal::AlreadyForwarded { public_port } => format!("공인 포트 {public_port}번은 이미 포워딩하고 있어요."),
        NetRefusal::NotForwarded { public_port } => format!("공인 포트 {public_port}번은 포워딩하지 않아요."),
        NetRefusal::TtlTooLong { max_s } => format!("최대 {}초예요.", grouped(max_s.into())),
    },
    event: |e| match e {
        NetEvent::Listening { host, app, port } => {
            format!("{}의 {} 서비스가 {port}번 포트에서 기다려요.", host_ko(*host), (KO.app_name)(*app))
        }
        NetEvent::Stopped { host, app } => format!("{}의 {} 서비스가 멈췄어요.", host_ko(*host), (KO.app_name)(*app)),
        NetEvent::Firewall { host, port, open: true } => format!("{} 방화벽이 {port}번 포트를 들여보내요.", host_ko(*host)),
        NetEvent::Firewall { host, port, open: false } => format!("{} 방화벽이 {port}번 포트를 닫았어요.", host_ko(*host)),
        NetEvent::Forwarded { public_port, inside_port } => {
            format!("공유기가 {public_port}번 포트를 192.168.0.10:{inside_port} 주소로 포워딩해요.")
        }
        NetEvent::Unforwarded { public_port } => format!("공유기가 {public_port}번 포트를 더는 포워딩하지 않아요."),
        NetEvent::RecordChanged { address, ttl_s } => {
            format!("example.com이 이제 {address} 주소를 가리켜요. TTL은 {}초예요.", grouped((*ttl_s).into()))
        }
        NetEvent::Requested { from, target, port, result, .. } => format!(
            "{} → {}:{port}: {}.",
            match from {
                Client::Phone => "휴대폰",
                Client::Laptop => "노트북",
            },
            target_text(*target),
            (KO.result)(*result, *port)
        ),
        NetEvent::Moved { from, to, window_s } => (KO.moved)(*from, *to, *window_s),
        NetEvent::SiteReachable { reachable: true } => "이제 새 방문자가 http://example.com에 닿아요.".to_string(),
        NetEvent::SiteReachable { reachable: false } => "이제 새 방문자가 http://example.com에 닿지 않아요.".to_string(),
    },
};
