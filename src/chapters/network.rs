//! Chapter 4, the network: the topology drawn as SVG with the latest request's hops, its trace
//! list, the request form, the two servers' services and firewalls, the router's port
//! forwarding and NAT table, example.com's record, the DNS caches with their countdowns, the
//! move's safe moment, skip-ahead, and an address box that classifies whatever is typed.
//!
//! Every change goes through an [`Action`]; every figure comes from [`NetLab`]. Text typed into
//! a field is parsed here, and a message in the learner's language replaces anything the model
//! would not take; nothing typed reaches the world unparsed.

use std::net::{IpAddr, Ipv4Addr};

use leptos::either::Either;
use leptos::prelude::*;

use crate::course::{Challenge, ChapterId};
use crate::i18n::net::{clock, NetUi};
use crate::i18n::{use_lang, Lang};
use crate::sim::clock::STEPS_PER_SECOND;
use crate::sim::net::address::{classify, parse_entry, parse_ip, AddressError, Entry};
use crate::sim::net::dns::{parse_name, Answer, CacheEntry, Cached, NameError, RecordData, Reply, Server};
use crate::sim::net::lab::{App, Attempt, Client, Host, NetLab, SiteName, Target, MAX_TTL_S, MOVE_WINDOW_S};
use crate::sim::net::network::{Outcome, HOME_SERVER, ROUTER_PUBLIC, SERVER};
use crate::sim::net::topology::NodeId;
use crate::sim::{Action, Metric, Refusal};
use crate::ui::chapter::ChapterPage;
use crate::ui::feed::EventFeed;
use crate::ui::lab::Lab;
use crate::ui::player::Transport;
use crate::ui::readout::{flag, latest_figure, live};

/// Ports the firewall panels offer, each where it really belongs.
const FIREWALL_PORTS: [u16; 5] = [22, 80, 443, 5432, 8080];
/// The request kinds' ports, in the order of `NetUi::kinds`.
const KIND_PORTS: [u16; 4] = [80, 443, 22, 5432];

#[component]
pub fn NetworkChapter(transport: Transport, challenge: Challenge) -> impl IntoView {
    // The move's window is the goal's, a teacher's figure when a link set one.
    let window_s = challenge.goal.value_for(Metric::OldAddressWindowS).map_or(MOVE_WINDOW_S, |w| w as u32);
    view! {
        <ChapterPage id=ChapterId::Network transport=transport challenge=challenge>
            <NetworkLab lab=transport.lab window_s=window_s />
        </ChapterPage>
    }
}

fn net_ui() -> Signal<&'static NetUi> {
    let lang = use_lang();
    Signal::derive(move || lang.get().net())
}

/// A string of the lab in the learner's language.
fn ntr(pick: fn(&'static NetUi) -> &'static str) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    let lang = use_lang();
    move || pick(lang.get().net())
}

/// Applies an action, and shows the model's refusal in `message` (or clears it).
fn act(lab: Lab, message: RwSignal<Option<Said>>, action: Action) {
    message.set(lab.apply(action).err().map(Said::Refused));
}

/// What a message line says: kept as what happened, and worded in the learner's language each
/// time it is shown, so a switch of language rewords it.
#[derive(Clone, Debug, PartialEq)]
enum Said {
    Refused(Refusal),
    Address(AddressError),
    Name(NameError),
    NotAPort,
    NotATtl,
    Ipv6InA,
    Ipv4Only,
    UnknownName,
}

impl Said {
    fn words(&self, lang: Lang) -> String {
        let names = lang.net();
        match self {
            Said::Refused(refusal) => (lang.ui().refusal)(*refusal),
            Said::Address(e) => (names.address_error)(e),
            Said::Name(e) => (names.name_error)(e),
            Said::NotAPort => names.not_a_port.to_string(),
            Said::NotATtl => (names.not_a_ttl)(MAX_TTL_S),
            Said::Ipv6InA => names.ipv6_in_a.to_string(),
            Said::Ipv4Only => names.ipv4_only.to_string(),
            Said::UnknownName => names.unknown_name.to_string(),
        }
    }
}

/// A lab string as a signal, for helpers that also take worded-at-run-time labels.
fn nlive(pick: fn(&'static NetUi) -> &'static str) -> Signal<String> {
    let text = ntr(pick);
    live(move || text().to_string())
}

/// A labelled text field bound to `value`; `list` names a datalist of suggestions.
fn field(
    label: Signal<String>,
    testid: String,
    value: RwSignal<String>,
    numeric: bool,
    list: Option<&'static str>,
) -> impl IntoView {
    view! {
        <label>
            {label}
            <input
                type="text"
                inputmode=if numeric { "numeric" } else { "text" }
                data-testid=testid
                list=list
                autocomplete="off"
                spellcheck="false"
                maxlength="300"
                prop:value=value
                on:input=move |ev| value.set(event_target_value(&ev))
            />
        </label>
    }
}

/// A button that applies `action`, and shows a refusal in `message`; `described_by` names the
/// element that says what it acts on.
fn action_button(
    lab: Lab,
    message: RwSignal<Option<Said>>,
    testid: String,
    label: Signal<String>,
    action: Action,
    disabled: Signal<bool>,
    described_by: Option<String>,
) -> impl IntoView {
    view! {
        <button
            type="button"
            data-testid=testid
            disabled=disabled
            aria-describedby=described_by
            on:click=move |_| act(lab, message, action)
        >
            {label}
        </button>
    }
}

/// A panel's message line: read out politely, empty when there is nothing to say.
#[component]
fn Message(message: RwSignal<Option<Said>>, testid: &'static str) -> impl IntoView {
    let lang = use_lang();
    view! {
        <p class="net-message" role="status" data-testid=testid>
            {live(move || message.get().map(|said| said.words(lang.get())).unwrap_or_default())}
        </p>
    }
}

#[component]
fn NetworkLab(lab: Lab, window_s: u32) -> impl IntoView {
    view! {
        <div class="net">
            <NetDiagram lab=lab />
            <RequestForm lab=lab />
            <TraceList lab=lab />
            <SkipAhead lab=lab />
            <MoveStatus lab=lab window_s=window_s />
            <div class="net-panels">
                <ZoneEditor lab=lab />
                <DnsCaches lab=lab />
                <HostPanel lab=lab host=Host::Home />
                <HostPanel lab=lab host=Host::Rented />
                <RouterPanel lab=lab />
            </div>
            <AddressBox />
            <EventFeed lab=lab />
        </div>
    }
}

/// Where each node sits in the diagram (a 640 × 330 box), and its name.
fn place(lab: &NetLab, node: NodeId, names: &NetUi) -> Option<(i32, i32, &'static str, Option<Ipv4Addr>)> {
    let n = &lab.net;
    let nodes = &names.nodes;
    let placed = [
        (n.laptop, 70, 50, nodes.laptop, Some(crate::sim::net::network::LAPTOP)),
        (n.home_server, 70, 170, nodes.home_server, Some(HOME_SERVER)),
        (n.router, 220, 110, nodes.router, Some(ROUTER_PUBLIC)),
        (n.internet, 370, 110, nodes.internet, None),
        (n.server, 560, 50, nodes.rented, Some(SERVER)),
        (n.phone, 560, 170, nodes.phone, Some(crate::sim::net::network::PHONE)),
        (n.home_resolver, 66, 290, nodes.home_resolver, None),
        (n.phone_resolver, 194, 290, nodes.phone_resolver, None),
        (n.root, 322, 290, nodes.root, None),
        (n.tld, 450, 290, nodes.tld, None),
        (n.authoritative, 578, 290, nodes.authoritative, None),
    ];
    placed.into_iter().find(|p| p.0 == node).map(|(_, x, y, name, address)| (x, y, name, address))
}

/// The topology as SVG: every link, every node with its address, and the latest request's hops
/// drawn in order (animated one after another unless motion is reduced).
#[component]
fn NetDiagram(lab: Lab) -> impl IntoView {
    let names = net_ui();
    let drawing = move || {
        let names = names.get();
        lab.with(|w| {
            let net = w.net()?;
            let at = |node| place(net, node, names);
            let links = net
                .net
                .network
                .topology
                .links()
                .filter_map(|(_, a, b, link)| {
                    let ((x1, y1, ..), (x2, y2, ..)) = (at(a)?, at(b)?);
                    let class = if link.up { "net-link" } else { "net-link down" };
                    Some(view! { <line class=class x1=x1 y1=y1 x2=x2 y2=y2 /> })
                })
                .collect_view();
            // The latest request's legs, each drawn once simulated time reaches it: with the
            // player paused, "one step" moves it on 10 ms at a time.
            let elapsed = net.last_attempt().map_or(0, |a| w.now().millis().saturating_sub(a.at_ms));
            let hops = net
                .last_attempt()
                .map(legs)
                .unwrap_or_default()
                .into_iter()
                .filter(|leg| leg.at_ms <= elapsed)
                .filter_map(|leg| {
                    let ((x1, y1, ..), (x2, y2, ..)) = (at(leg.from(net))?, at(leg.to(net))?);
                    let class = if leg.back { "net-hop reply" } else { "net-hop" };
                    Some(view! { <line class=class x1=x1 y1=y1 x2=x2 y2=y2 /> })
                })
                .collect_view();
            // Where a dropped packet stopped, once the drawing has got there.
            let last_ms = net.last_attempt().map(legs).and_then(|l| l.last().map(|leg| leg.at_ms)).unwrap_or(0);
            let dropped = net.last_attempt().and_then(|a| a.trace.as_ref()).and_then(|t| match t.outcome {
                Outcome::TimedOut { at: node, .. } if elapsed >= last_ms => at(node),
                _ => None,
            });
            let dropped = dropped.map(|(x, y, ..)| {
                view! {
                    <text class="net-drop" x=x + 50 y=y - 12>
                        "✕"
                    </text>
                }
            });
            let nodes = net
                .net
                .network
                .topology
                .nodes()
                .filter_map(|(id, _)| {
                    let (x, y, name, address) = at(id)?;
                    Some(view! {
                        <g class="net-node" transform=format!("translate({x} {y})")>
                            <rect x="-58" y="-20" width="116" height="40" rx="6" />
                            <text y=if address.is_some() { "-4" } else { "5" }>{name}</text>
                            {address.map(|a| view! { <text class="net-address" y="12">{a.to_string()}</text> })}
                        </g>
                    })
                })
                .collect_view();
            Some(view! { <g>{links}{hops}{nodes}{dropped}</g> })
        })
    };
    view! {
        <figure class="net-diagram">
            <svg viewBox="0 0 640 330" role="img" aria-label=move || names.get().diagram data-testid="net-diagram">
                {drawing}
            </svg>
        </figure>
    }
}

/// Where one leg of a request runs in the diagram.
#[derive(Clone, Copy)]
enum End {
    Node(NodeId),
    Client,
    Resolver,
    Root,
    Tld,
    Authoritative,
}

/// One leg of a request: a DNS question or answer, or a packet, and when it arrives (ms after
/// the request was sent).
struct Leg {
    from: End,
    to: End,
    at_ms: u64,
    back: bool,
    client: Client,
}

impl Leg {
    fn node(&self, end: End, lab: &NetLab) -> NodeId {
        match (end, self.client) {
            (End::Node(node), _) => node,
            (End::Client, client) => lab.client_node(client),
            (End::Resolver, Client::Phone) => lab.net.phone_resolver,
            (End::Resolver, Client::Laptop) => lab.net.home_resolver,
            (End::Root, _) => lab.net.root,
            (End::Tld, _) => lab.net.tld,
            (End::Authoritative, _) => lab.net.authoritative,
        }
    }

    fn from(&self, lab: &NetLab) -> NodeId {
        self.node(self.from, lab)
    }

    fn to(&self, lab: &NetLab) -> NodeId {
        self.node(self.to, lab)
    }
}

/// The legs of a request in the order they happen: the resolver's questions to the name
/// servers and its answer to the client, then the connection's packets.
fn legs(attempt: &Attempt) -> Vec<Leg> {
    let client = attempt.from;
    let mut legs = Vec::new();
    let mut lookup_ms = 0;
    if let Some(lookup) = &attempt.lookup {
        // The question leaves for the resolver at once, unless the browser's cache answered.
        if lookup.steps.iter().any(|s| s.server != Server::BrowserCache) {
            legs.push(Leg { from: End::Client, to: End::Resolver, at_ms: 0, back: false, client });
        }
        for step in &lookup.steps {
            let server = match &step.server {
                Server::BrowserCache => continue,
                Server::Resolver => None,
                Server::Root => Some(End::Root),
                Server::Tld(_) => Some(End::Tld),
                Server::Authoritative(_) => Some(End::Authoritative),
            };
            let (from, to) = match server {
                Some(server) => (End::Resolver, server),
                None => (End::Resolver, End::Client),
            };
            legs.push(Leg { from, to, at_ms: step.at_ms, back: server.is_none(), client });
            lookup_ms = step.at_ms;
        }
    }
    for hop in attempt.trace.iter().flat_map(|t| &t.hops) {
        legs.push(Leg {
            from: End::Node(hop.from),
            to: End::Node(hop.to),
            at_ms: lookup_ms + hop.at_ms,
            back: hop.reply,
            client,
        });
    }
    legs
}

/// What a typed "to" field names: one of the lab's names, or an IPv4 address; otherwise the
/// message to show.
fn read_target(text: &str) -> Result<Target, Said> {
    let text = text.trim();
    match parse_ip(text) {
        Ok(IpAddr::V4(v4)) => return Ok(Target::Address(v4)),
        Ok(IpAddr::V6(_)) => return Err(Said::Ipv4Only),
        // Digits, dots and colons are an address gone wrong, not a name: say what is wrong.
        Err(e) if text.chars().all(|c| c.is_ascii_digit() || matches!(c, '.' | ':' | '/')) => {
            return Err(Said::Address(e))
        }
        Err(_) => {}
    }
    let name = parse_name(text).map_err(Said::Name)?;
    SiteName::ALL.into_iter().find(|n| n.text() == name.as_str()).map(Target::Name).ok_or(Said::UnknownName)
}

fn read_port(text: &str) -> Result<u16, Said> {
    text.trim().parse::<u16>().ok().filter(|p| *p > 0).ok_or(Said::NotAPort)
}

/// From, as what, to where and on which port; Send.
#[component]
fn RequestForm(lab: Lab) -> impl IntoView {
    let names = net_ui();
    let message = RwSignal::new(None::<Said>);
    let from = RwSignal::new(Client::Phone);
    let to = RwSignal::new(SiteName::Apex.text().to_string());
    let port = RwSignal::new("80".to_string());
    let send = move || {
        let parsed =
            read_target(&to.get_untracked()).and_then(|target| Ok((target, read_port(&port.get_untracked())?)));
        match parsed {
            Ok((target, port)) => act(lab, message, Action::Request { from: from.get_untracked(), target, port }),
            Err(said) => message.set(Some(said)),
        }
    };
    view! {
        <form
            class="net-request"
            aria-labelledby="net-request-title"
            on:submit=move |ev| {
                ev.prevent_default();
                send();
            }
        >
            <h3 id="net-request-title">{ntr(|t| t.request)}</h3>
            <label>
                {ntr(|t| t.from)}
                <select
                    data-testid="request-from"
                    on:change=move |ev| from.set(if event_target_value(&ev) == "laptop" { Client::Laptop } else { Client::Phone })
                >
                    <option value="phone">{move || names.get().nodes.phone}</option>
                    <option value="laptop">{move || names.get().nodes.laptop}</option>
                </select>
            </label>
            <label>
                {ntr(|t| t.kind)}
                <select
                    data-testid="request-kind"
                    on:change=move |ev| {
                        if let Some(p) = event_target_value(&ev).parse::<usize>().ok().and_then(|i| KIND_PORTS.get(i)) {
                            port.set(p.to_string());
                        }
                    }
                >
                    {(0..KIND_PORTS.len())
                        .map(|i| view! { <option value=i.to_string()>{move || names.get().kinds[i]}</option> })
                        .collect_view()}
                </select>
            </label>
            {field(nlive(|t| t.to), "request-to".to_string(), to, false, Some("net-names"))}
            <datalist id="net-names">
                {SiteName::ALL.map(|n| view! { <option value=n.text()></option> }).collect_view()}
                <option value=ROUTER_PUBLIC.to_string()></option>
                <option value=SERVER.to_string()></option>
                <option value=HOME_SERVER.to_string()></option>
            </datalist>
            {field(nlive(|t| t.port), "request-port".to_string(), port, true, None)}
            <button type="submit" data-testid="request-send">{ntr(|t| t.send)}</button>
            <Message message=message testid="request-message" />
        </form>
    }
}

/// One row of the trace list: from, to, what, result.
struct Row {
    from: String,
    to: String,
    what: String,
    result: String,
}

fn node_name(lab: &NetLab, node: NodeId, names: &NetUi) -> String {
    place(lab, node, names).map_or_else(String::new, |(_, _, name, _)| name.to_string())
}

fn answer_text(cached: &Cached, names: &NetUi) -> String {
    match cached {
        Cached::Records(records) => records_text(records),
        Cached::NxDomain => names.nxdomain.to_string(),
        Cached::NoData => names.nodata.to_string(),
    }
}

fn records_text(records: &[crate::sim::net::dns::Record]) -> String {
    let text: Vec<String> = records
        .iter()
        .map(|r| match &r.data {
            RecordData::A(a) => format!("A {a}"),
            RecordData::Aaaa(a) => format!("AAAA {a}"),
            RecordData::Cname(n) => format!("CNAME {n}"),
        })
        .collect();
    text.join(", ")
}

/// The trace list's rows for an attempt: the DNS steps, then each packet, then the outcome.
fn rows(lab: &NetLab, attempt: &Attempt, names: &NetUi) -> Vec<Row> {
    let client = node_name(lab, lab.client_node(attempt.from), names);
    let resolver_node = match attempt.from {
        Client::Phone => lab.net.phone_resolver,
        Client::Laptop => lab.net.home_resolver,
    };
    let resolver = node_name(lab, resolver_node, names);
    let mut rows = Vec::new();
    // Times count from when the request was sent: the connection starts once the name is known.
    let mut lookup_ms = 0;
    if let Some(lookup) = &attempt.lookup {
        // The client asks its browser's cache, then its resolver, which asks the rest and answers.
        if let Some(first) = lookup.steps.first().filter(|s| s.server != Server::BrowserCache) {
            let what = (names.dns_query)(first.name.as_str());
            rows.push(Row { from: client.clone(), to: resolver.clone(), what, result: "0 ms".to_string() });
        }
        for step in &lookup.steps {
            let (from, to) = match &step.server {
                Server::BrowserCache => (client.clone(), names.browser_cache.to_string()),
                Server::Resolver => (resolver.clone(), client.clone()),
                Server::Root => (resolver.clone(), names.nodes.root.to_string()),
                Server::Tld(_) => (resolver.clone(), names.nodes.tld.to_string()),
                Server::Authoritative(_) => (resolver.clone(), names.nodes.authoritative.to_string()),
            };
            let result = match &step.reply {
                Reply::Cached { remaining_s } => (names.cached)(*remaining_s),
                Reply::Referral { zone } => (names.referral)(zone),
                Reply::Records(records) => records_text(records),
                Reply::NxDomain => names.nxdomain.to_string(),
                Reply::NoData => names.nodata.to_string(),
                Reply::ServFail => names.servfail.to_string(),
            };
            rows.push(Row {
                from,
                to,
                what: (names.dns_query)(step.name.as_str()),
                result: format!("{result} · {} ms", step.at_ms),
            });
            lookup_ms = step.at_ms;
        }
        if matches!(lookup.answer, Answer::NxDomain | Answer::NoData | Answer::CnameLoop) {
            return rows;
        }
    }
    if let Some(trace) = &attempt.trace {
        for hop in &trace.hops {
            let what = if hop.reply { names.reply } else { names.syn };
            let nat = if hop.translated { format!(" · {}", names.nat) } else { String::new() };
            rows.push(Row {
                from: node_name(lab, hop.from, names),
                to: node_name(lab, hop.to, names),
                what: format!("{what}: {} → {}", hop.src, hop.dst),
                result: format!("{} ms{nat}", lookup_ms + hop.at_ms),
            });
        }
    }
    rows
}

/// The latest request, hop by hop, and how it ended: also what the live region reads.
#[component]
fn TraceList(lab: Lab) -> impl IntoView {
    let names = net_ui();
    let attempt = move || {
        let names = names.get();
        lab.with(|w| {
            let net = w.net()?;
            let attempt = net.last_attempt()?;
            Some((rows(net, attempt, names), (names.result)(attempt.result, attempt.port)))
        })
    };
    view! {
        <section class="net-trace" aria-labelledby="net-trace-title">
            <h3 id="net-trace-title">{ntr(|t| t.trace)}</h3>
            {move || match attempt() {
                None => Either::Left(view! { <p class="empty">{ntr(|t| t.trace_empty)}</p> }),
                Some((rows, outcome)) => Either::Right(view! {
                    <table data-testid="trace">
                        <thead>
                            <tr>
                                {(0..4).map(|i| view! { <th scope="col">{move || names.get().columns[i]}</th> }).collect_view()}
                            </tr>
                        </thead>
                        <tbody>
                            {rows
                                .into_iter()
                                .map(|r| view! {
                                    <tr>
                                        <td>{r.from}</td>
                                        <td>{r.to}</td>
                                        <td>{r.what}</td>
                                        <td>{r.result}</td>
                                    </tr>
                                })
                                .collect_view()}
                        </tbody>
                    </table>
                    <p class="net-outcome" data-testid="trace-outcome">{outcome}</p>
                }),
            }}
        </section>
    }
}

/// Simulated time passes at once, so a TTL wait takes no real minutes.
#[component]
fn SkipAhead(lab: Lab) -> impl IntoView {
    let names = net_ui();
    let skip = move |minutes: u64| {
        view! {
            <button
                type="button"
                data-testid=format!("skip-{minutes}")
                on:click=move |_| lab.run_steps(minutes * 60 * STEPS_PER_SECOND)
            >
                {move || (names.get().skip_minutes)(minutes)}
            </button>
        }
    };
    view! {
        <div class="net-skip" role="group" aria-label=ntr(|t| t.skip)>
            <span>{ntr(|t| t.skip)}</span>
            {skip(1)}
            {skip(10)}
        </div>
    }
}

/// Whether the site is reachable, and when a move away from the current address is safe.
#[component]
fn MoveStatus(lab: Lab, window_s: u32) -> impl IntoView {
    let names = net_ui();
    let advice = move || {
        let names = names.get();
        lab.with_record(|w| {
            let net = w.net()?;
            let now = w.now().millis();
            Some(match (net.latest_move(), net.earliest_safe_move_ms(now, window_s)) {
                (Some(m), _) if now.saturating_sub(m.at_ms) < m.window_ms => {
                    (names.moved)(m.from, m.to, (m.window_ms - (now - m.at_ms)).div_ceil(1_000) as u32)
                }
                (_, Some(at)) => (names.safe_from)(&clock(at)),
                (_, None) => (names.lower_first)(window_s),
            })
        })
        .unwrap_or_default()
    };
    view! {
        <dl class="figures net-status">
            <div>
                <dt>{ntr(|t| t.site)}</dt>
                <dd data-testid="site-reachable">
                    {move || (names.get().reachable)(lab.with_record(|w| w.net().is_some_and(NetLab::reachable)))}
                </dd>
            </div>
            <div>
                <dt>{move || (crate::i18n::ui().get().metric_name)(Metric::OldAddressWindowS)}</dt>
                <dd data-testid="old-window">{latest_figure(lab, Metric::OldAddressWindowS)}</dd>
            </div>
        </dl>
        <p class="net-advice" data-testid="move-advice">{advice}</p>
    }
}

/// example.com's A record: shown, and edited through a form that checks both fields first.
#[component]
fn ZoneEditor(lab: Lab) -> impl IntoView {
    let message = RwSignal::new(None::<Said>);
    let record = Memo::new(move |_| lab.with(|w| w.net().map(NetLab::record)));
    let address = RwSignal::new(String::new());
    let ttl = RwSignal::new(String::new());
    Effect::new(move |_| {
        if let Some((a, t)) = record.get() {
            address.set(a.to_string());
            ttl.set(t.to_string());
        }
    });
    let save = move || {
        let parsed_address = match parse_ip(address.get_untracked().trim()) {
            Ok(IpAddr::V4(a)) => Ok(a),
            Ok(IpAddr::V6(_)) => Err(Said::Ipv6InA),
            Err(e) => Err(Said::Address(e)),
        };
        let parsed_ttl =
            ttl.get_untracked().trim().parse::<u32>().ok().filter(|t| *t <= MAX_TTL_S).ok_or(Said::NotATtl);
        match (parsed_address, parsed_ttl) {
            (Ok(address), Ok(ttl_s)) => act(lab, message, Action::SetRecord { address, ttl_s }),
            (Err(said), _) | (_, Err(said)) => message.set(Some(said)),
        }
    };
    // The zone as the authoritative server holds it, one record a line, in zone-file form.
    let shown = move || {
        lab.with_record(|w| {
            let zones = w.net().map_or(&[][..], |n| &n.dns(Client::Phone).zones[..]);
            let lines: Vec<String> = zones
                .iter()
                .flat_map(|z| &z.records)
                .map(|r| {
                    let data = match &r.data {
                        RecordData::A(a) => format!("A {a}"),
                        RecordData::Aaaa(a) => format!("AAAA {a}"),
                        RecordData::Cname(n) => format!("CNAME {n}."),
                    };
                    format!("{}. {} IN {data}", r.name, r.ttl_s)
                })
                .collect();
            lines.join("\n")
        })
    };
    view! {
        <form
            class="net-panel net-zone"
            aria-labelledby="net-zone-title"
            on:submit=move |ev| {
                ev.prevent_default();
                save();
            }
        >
            <h3 id="net-zone-title">{ntr(|t| t.zone)}</h3>
            <pre class="net-records" data-testid="zone-records">
                {shown}
            </pre>
            {field(nlive(|t| t.address), "record-address".to_string(), address, false, None)}
            {field(nlive(|t| t.ttl), "record-ttl".to_string(), ttl, true, None)}
            <button type="submit" data-testid="record-save">{ntr(|t| t.save)}</button>
            <Message message=message testid="record-message" />
        </form>
    }
}

/// What each client's browser and resolver hold, with seconds left.
#[component]
fn DnsCaches(lab: Lab) -> impl IntoView {
    let names = net_ui();
    let cache = move |client: Client, browser: bool| {
        let entries = move || {
            let names = names.get();
            lab.with_record(|w| {
                let now = w.now().millis();
                let dns = w.net().map(|n| n.dns(client));
                let entries: Vec<CacheEntry> =
                    dns.map(|d| if browser { d.browser_cache(now) } else { d.resolver_cache(now) }).unwrap_or_default();
                if entries.is_empty() {
                    return vec![names.cache_empty.to_string()];
                }
                entries
                    .iter()
                    .map(|e| (names.cache_entry)(e.name.as_str(), &answer_text(&e.cached, names), e.remaining_s))
                    .collect::<Vec<_>>()
            })
        };
        let testid = format!(
            "cache-{}-{}",
            if client == Client::Phone { "phone" } else { "laptop" },
            if browser { "browser" } else { "resolver" }
        );
        view! {
            <div>
                <dt>{move || (names.get().cache_of)(client, browser)}</dt>
                <dd data-testid=testid>
                    <ul>{move || entries().into_iter().map(|e| view! { <li>{e}</li> }).collect_view()}</ul>
                </dd>
            </div>
        }
    };
    view! {
        <section class="net-panel" aria-labelledby="net-caches-title">
            <h3 id="net-caches-title">{ntr(|t| t.caches)}</h3>
            <dl class="net-caches">
                {cache(Client::Phone, true)}
                {cache(Client::Phone, false)}
                {cache(Client::Laptop, true)}
                {cache(Client::Laptop, false)}
            </dl>
        </section>
    }
}

/// A server's services (each with its port, to change, start or stop) and its firewall.
#[component]
fn HostPanel(lab: Lab, host: Host) -> impl IntoView {
    let names = net_ui();
    let message = RwSignal::new(None::<Said>);
    let slug = match host {
        Host::Home => "home",
        Host::Rented => "rented",
    };
    let title = move || {
        let names = names.get();
        match host {
            Host::Home => format!("{} · {HOME_SERVER}", names.nodes.home_server),
            Host::Rented => format!("{} · {SERVER}", names.nodes.rented),
        }
    };
    let service = move |app: App| {
        let current = Memo::new(move |_| lab.with(|w| w.net().and_then(|n| n.port_of(host, app))));
        let typed = RwSignal::new(String::new());
        Effect::new(move |_| typed.set(current.get().unwrap_or(app.usual_port()).to_string()));
        let app_slug = match app {
            App::Web => "web",
            App::Ssh => "ssh",
            App::Database => "database",
        };
        let start = move || match read_port(&typed.get_untracked()) {
            Ok(port) => act(lab, message, Action::Listen { host, app, port }),
            Err(said) => message.set(Some(said)),
        };
        let label_id = format!("{slug}-{app_slug}-name");
        let port_label = live(move || (names.get().app_port)(app));
        view! {
            <li>
                <form
                    on:submit=move |ev| {
                        ev.prevent_default();
                        start();
                    }
                >
                    <span id=label_id.clone()>{move || (names.get().app_name)(app)}</span>
                    <span class="net-state" data-testid=format!("{slug}-{app_slug}-state")>
                        {move || match current.get() {
                            Some(port) => format!(":{port}"),
                            None => names.get().stopped.to_string(),
                        }}
                    </span>
                    {field(port_label, format!("{slug}-{app_slug}-port"), typed, true, None)}
                    <button type="submit" data-testid=format!("{slug}-{app_slug}-start") aria-describedby=label_id.clone()>
                        {ntr(|t| t.start)}
                    </button>
                    {action_button(
                        lab,
                        message,
                        format!("{slug}-{app_slug}-stop"),
                        nlive(|t| t.stop),
                        Action::StopService { host, app },
                        flag(move || current.get().is_none()),
                        Some(label_id),
                    )}
                </form>
            </li>
        }
    };
    let firewall = FIREWALL_PORTS
        .into_iter()
        .map(|port| {
            let open = Memo::new(move |_| lab.with(|w| w.net().is_some_and(|n| n.open_ports(host).contains(&port))));
            view! {
                <label class="net-port-switch">
                    <input
                        type="checkbox"
                        data-testid=format!("{slug}-firewall-{port}")
                        prop:checked=open
                        on:change=move |ev| act(lab, message, Action::SetFirewall { host, port, open: event_target_checked(&ev) })
                    />
                    {port.to_string()}
                </label>
            }
        })
        .collect_view();
    view! {
        <section class="net-panel" aria-labelledby=format!("net-{slug}-title") data-testid=format!("host-{slug}")>
            <h3 id=format!("net-{slug}-title")>{title}</h3>
            <h4>{ntr(|t| t.services)}</h4>
            <ul class="net-services">{App::ALL.map(service).collect_view()}</ul>
            <fieldset class="net-firewall">
                <legend>{ntr(|t| t.firewall)}</legend>
                {firewall}
            </fieldset>
            <Message message=message testid=if host == Host::Home { "home-message" } else { "rented-message" } />
        </section>
    }
}

/// The router: its public address, the port-forwarding rules (add, remove) and the NAT table.
#[component]
fn RouterPanel(lab: Lab) -> impl IntoView {
    let names = net_ui();
    let message = RwSignal::new(None::<Said>);
    let public_port = RwSignal::new("80".to_string());
    let inside_port = RwSignal::new("80".to_string());
    let forwards = move || lab.with(|w| w.net().map(|n| n.forwards().to_vec()).unwrap_or_default());
    let nat = move || {
        let names = names.get();
        lab.with_record(|w| {
            let now = w.now().millis();
            let entries = w.net().and_then(|n| n.net.network.machine(n.net.router)).and_then(|m| m.nat.clone());
            entries
                .map(|nat| {
                    nat.entries
                        .iter()
                        .filter(|e| e.expires_ms > now)
                        .map(|e| {
                            let public = format!("{}:{}", nat.public, e.public_port);
                            (names.nat_entry)(
                                &e.inside.to_string(),
                                &public,
                                &e.remote.to_string(),
                                (e.expires_ms - now).div_ceil(1_000),
                            )
                        })
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    };
    let add = move || {
        let ports =
            read_port(&public_port.get_untracked()).and_then(|p| Ok((p, read_port(&inside_port.get_untracked())?)));
        match ports {
            Ok((public_port, inside_port)) => act(lab, message, Action::Forward { public_port, inside_port }),
            Err(said) => message.set(Some(said)),
        }
    };
    view! {
        <section class="net-panel" aria-labelledby="net-router-title" data-testid="router">
            <h3 id="net-router-title">{move || format!("{} · {ROUTER_PUBLIC}", names.get().nodes.router)}</h3>
            <h4>{ntr(|t| t.forwards)}</h4>
            <p class="empty" hidden=flag(move || !forwards().is_empty())>{ntr(|t| t.no_forwards)}</p>
            <ul class="net-forwards" data-testid="forwards">
                {move || {
                    forwards()
                        .into_iter()
                        .map(|f| {
                            let public = f.public_port;
                            view! {
                                <li>
                                    {format!("{ROUTER_PUBLIC}:{public} → {}", f.inside)}
                                    " "
                                    {action_button(
                                        lab,
                                        message,
                                        format!("unforward-{public}"),
                                        live(move || format!("{} {public}", names.get().remove)),
                                        Action::Unforward { public_port: public },
                                        flag(|| false),
                                        None,
                                    )}
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
            <form
                class="net-forward-form"
                on:submit=move |ev| {
                    ev.prevent_default();
                    add();
                }
            >
                {field(nlive(|t| t.public_port), "forward-public".to_string(), public_port, true, None)}
                {field(nlive(|t| t.inside_port), "forward-inside".to_string(), inside_port, true, None)}
                <button type="submit" data-testid="forward-add">{ntr(|t| t.add_rule)}</button>
            </form>
            <h4>{ntr(|t| t.nat_table)}</h4>
            <ul class="net-nat" data-testid="nat-table">
                {move || {
                    let entries = nat();
                    let entries = if entries.is_empty() { vec![names.get().nat_empty.to_string()] } else { entries };
                    entries.into_iter().map(|e| view! { <li>{e}</li> }).collect_view()
                }}
            </ul>
            <Message message=message testid="router-message" />
        </section>
    }
}

/// Classifies whatever is typed: an address or a network, or what is wrong with it.
#[component]
fn AddressBox() -> impl IntoView {
    let names = net_ui();
    let text = RwSignal::new(String::new());
    let verdict = move || {
        let names = names.get();
        let typed = text.get();
        if typed.trim().is_empty() {
            return String::new();
        }
        match parse_entry(&typed) {
            Ok(Entry::Address(address)) => {
                let version = if address.is_ipv4() { "IPv4" } else { "IPv6" };
                format!("{address} · {version} · {}", (names.class)(classify(address)))
            }
            Ok(Entry::Network(cidr)) => {
                let version = if cidr.address.is_ipv4() { "IPv4" } else { "IPv6" };
                format!("{cidr} · {version} · {}", (names.class)(classify(cidr.network())))
            }
            Err(e) => (names.address_error)(&e),
        }
    };
    view! {
        <section class="net-panel net-address-box" aria-labelledby="net-address-title">
            <h3 id="net-address-title">{ntr(|t| t.address_box)}</h3>
            {field(nlive(|t| t.address_label), "address-box".to_string(), text, false, None)}
            <p role="status" data-testid="address-verdict">{verdict}</p>
        </section>
    }
}
