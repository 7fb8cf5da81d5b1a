//! Strings of chapter 5's load-balancing lab, in their own struct like the network lab's.

use super::{grouped, Lang};
use crate::korean::{with, Particle::*};
use crate::sim::balance::Algorithm;
use crate::sim::traffic::{BalanceChange, Path, Pool};

pub struct BalanceUi {
    pub algorithm: fn(Algorithm) -> &'static str,
    pub pool: fn(Pool) -> &'static str,
    /// A pool as a choice in a list: every server, the API pool, the files pool.
    pub pool_choice: fn(Pool) -> &'static str,
    pub path: fn(Path) -> &'static str,
    pub change: fn(&BalanceChange) -> String,
    /// The diagram's label: the algorithm and how many servers it sends to.
    pub canvas: fn(Algorithm, usize) -> String,
    pub traffic: &'static str,
    pub spike: &'static str,
    pub spike_hint: &'static str,
    pub spike_off: &'static str,
    pub spiking: &'static str,
    pub algorithm_label: &'static str,
    pub algorithm_a: &'static str,
    pub algorithm_b: &'static str,
    pub compare: &'static str,
    pub retries: &'static str,
    pub routing: &'static str,
    pub remove_newest: &'static str,
    /// A server table's caption: side A or B in compare mode (`Some(0)`, `Some(1)`), else `None`.
    pub table_caption: fn(Option<usize>, Algorithm) -> String,
    pub second_note: &'static str,
    pub weight_note: &'static str,
    /// Column headings: server, speed, weight, pool, in flight, queue, utilisation, served,
    /// errors.
    pub columns: [&'static str; 9],
    pub slow_mark: &'static str,
    pub slow_button: &'static str,
    /// The speed button's name for server `id`, which holds `slow_button`.
    pub slow_of: fn(u32) -> String,
    pub weight_of: fn(u32) -> String,
    pub pool_of: fn(u32) -> String,
    pub api_p95_chart: &'static str,
    pub error_chart: &'static str,
}

pub fn balance_ui(lang: Lang) -> &'static BalanceUi {
    match lang {
        Lang::Ko => &KO,
        Lang::En => &EN,
    }
}

fn path(p: Path) -> &'static str {
    match p {
        Path::Api => "/api",
        Path::Static => "/static",
    }
}

pub static EN: BalanceUi = BalanceUi {
    algorithm: |a| match a {
        Algorithm::RoundRobin => "Round robin",
        Algorithm::WeightedRoundRobin => "Weighted round robin",
        Algorithm::LeastConnections => "Least connections",
        Algorithm::IpHash => "IP hash",
        Algorithm::Random => "Random",
        Algorithm::PowerOfTwoChoices => "Power of two random choices",
    },
    pool: |p| match p {
        Pool::All => "every server",
        Pool::Api => "API pool",
        Pool::Files => "files pool",
    },
    pool_choice: |p| match p {
        Pool::All => "Every server",
        Pool::Api => "API pool",
        Pool::Files => "Files pool",
    },
    path,
    change: |c| match *c {
        BalanceChange::Spike { rps: 0 } => "Static spikes stopped.".to_string(),
        BalanceChange::Spike { rps } => {
            format!("Every 10 seconds, a 2-second spike of {} extra /static requests per second.", grouped(rps.into()))
        }
        BalanceChange::Retries { retries: 0 } => "The balancer no longer retries.".to_string(),
        BalanceChange::Retries { retries } => {
            format!("The balancer retries a timed-out request up to {retries} times.")
        }
        BalanceChange::Algorithm { side: 0, algorithm } => format!("Balancer: {}.", (EN.algorithm)(algorithm)),
        BalanceChange::Algorithm { algorithm, .. } => format!("Balancer B: {}.", (EN.algorithm)(algorithm)),
        BalanceChange::Compare { second: Some(algorithm) } => {
            format!("Compare mode on: balancer B ({}) gets the same requests.", (EN.algorithm)(algorithm))
        }
        BalanceChange::Compare { second: None } => "Compare mode off.".to_string(),
        BalanceChange::Speed { server, percent: 100 } => format!("Server {server} runs at full speed."),
        BalanceChange::Speed { server, percent } => format!("Server {server} runs at {percent} % speed."),
        BalanceChange::Weight { server, weight } => format!("Server {server}'s weight is {weight}."),
        BalanceChange::Pool { server, pool } => format!("Server {server} is in the {}.", (EN.pool)(pool)),
        BalanceChange::Route { path: p, to } => format!("{} now goes to {}.", path(p), (EN.pool)(to)),
    },
    canvas: |algorithm, servers| {
        let servers = if servers == 1 { "1 server".to_string() } else { format!("{servers} servers") };
        format!("Requests as dots: users, the load balancer ({}), {servers}", (EN.algorithm)(algorithm))
    },
    traffic: "Traffic",
    spike: "Static spike",
    spike_hint: "Extra /static requests per second, for 2 seconds in every 10.",
    spike_off: "off",
    spiking: "Spike now",
    algorithm_label: "Algorithm",
    algorithm_a: "Balancer A's algorithm",
    algorithm_b: "Balancer B's algorithm",
    compare: "Compare mode: a second load balancer, B, gets the same requests",
    retries: "Retries after a timeout",
    routing: "Path-based routing",
    remove_newest: "Remove the newest server",
    table_caption: |side, algorithm| match side {
        None => format!("Servers behind the load balancer: {}", (EN.algorithm)(algorithm)),
        Some(0) => format!("Balancer A: {}", (EN.algorithm)(algorithm)),
        Some(_) => format!("Balancer B: {}", (EN.algorithm)(algorithm)),
    },
    second_note: "Same servers, settings and requests as A; only the algorithm differs.",
    weight_note: "Weights count only under weighted round robin.",
    columns: ["Server", "Speed", "Weight", "Pool", "In flight", "Queue", "Utilisation", "Served", "Errors"],
    slow_mark: "slow",
    slow_button: "Slow",
    slow_of: |id| format!("Slow: server {id}"),
    weight_of: |id| format!("Weight of server {id}"),
    pool_of: |id| format!("Pool of server {id}"),
    api_p95_chart: "/api p95 response time over the last 60 seconds",
    error_chart: "Error rate over the last 60 seconds",
};

pub static KO: BalanceUi = BalanceUi {
    algorithm: |a| match a {
        Algorithm::RoundRobin => "라운드 로빈",
        Algorithm::WeightedRoundRobin => "가중 라운드 로빈",
        Algorithm::LeastConnections => "최소 연결",
        Algorithm::IpHash => "IP 해시",
        Algorithm::Random => "무작위",
        Algorithm::PowerOfTwoChoices => "무작위 두 개 중 선택",
    },
    pool: |p| match p {
        Pool::All => "모든 서버",
        Pool::Api => "API 풀",
        Pool::Files => "파일 풀",
    },
    pool_choice: |p| (KO.pool)(p),
    path,
    change: |c| match *c {
        BalanceChange::Spike { rps: 0 } => "정적 파일 급증을 멈췄어요.".to_string(),
        BalanceChange::Spike { rps } => {
            format!("10초마다 2초 동안 /static 요청이 초당 {}개 더 몰려요.", grouped(rps.into()))
        }
        BalanceChange::Retries { retries: 0 } => "로드 밸런서가 더는 재시도하지 않아요.".to_string(),
        BalanceChange::Retries { retries } => {
            format!("로드 밸런서가 시간 초과된 요청을 최대 {retries}번 재시도해요.")
        }
        BalanceChange::Algorithm { side: 0, algorithm } => format!("로드 밸런서: {}.", (KO.algorithm)(algorithm)),
        BalanceChange::Algorithm { algorithm, .. } => format!("로드 밸런서 B: {}.", (KO.algorithm)(algorithm)),
        BalanceChange::Compare { second: Some(algorithm) } => {
            format!("비교 모드 켜짐: 로드 밸런서 B({})가 같은 요청을 받아요.", (KO.algorithm)(algorithm))
        }
        BalanceChange::Compare { second: None } => "비교 모드 꺼짐.".to_string(),
        BalanceChange::Speed { server, percent: 100 } => {
            format!("{} 제 속도로 돌아요.", with(&format!("서버 {server}"), Subject))
        }
        BalanceChange::Speed { server, percent } => {
            format!("{} {percent} % 속도로 돌아요.", with(&format!("서버 {server}"), Subject))
        }
        BalanceChange::Weight { server, weight } => format!("서버 {server}의 가중치: {weight}."),
        BalanceChange::Pool { server, pool } => {
            format!("{} {}에 속해요.", with(&format!("서버 {server}"), Topic), (KO.pool)(pool))
        }
        BalanceChange::Route { path: p, to } => {
            format!("{} 요청은 이제 {} 가요.", path(p), with((KO.pool)(to), Toward))
        }
    },
    canvas: |algorithm, servers| {
        format!("점 하나가 요청 하나예요: 사용자, 로드 밸런서({}), 서버 {servers}대", (KO.algorithm)(algorithm))
    },
    traffic: "요청",
    spike: "정적 파일 급증",
    spike_hint: "10초마다 2초 동안 초당 이만큼 /static 요청이 더 와요.",
    spike_off: "꺼짐",
    spiking: "지금 급증 중",
    algorithm_label: "알고리즘",
    algorithm_a: "로드 밸런서 A의 알고리즘",
    algorithm_b: "로드 밸런서 B의 알고리즘",
    compare: "비교 모드: 두 번째 로드 밸런서 B가 같은 요청을 받아요",
    retries: "시간 초과 뒤 재시도",
    routing: "경로 기반 라우팅",
    remove_newest: "가장 최근 서버 빼기",
    table_caption: |side, algorithm| match side {
        None => format!("로드 밸런서 뒤의 서버: {}", (KO.algorithm)(algorithm)),
        Some(0) => format!("로드 밸런서 A: {}", (KO.algorithm)(algorithm)),
        Some(_) => format!("로드 밸런서 B: {}", (KO.algorithm)(algorithm)),
    },
    second_note: "A와 같은 서버, 같은 설정, 같은 요청이에요. 알고리즘만 달라요.",
    weight_note: "가중치는 가중 라운드 로빈일 때만 쓰여요.",
    columns: ["서버", "속도", "가중치", "풀", "진행 중인 요청", "대기열", "사용률", "처리한 요청", "오류"],
    slow_mark: "느림",
    slow_button: "느리게",
    slow_of: |id| format!("서버 {id} 느리게"),
    weight_of: |id| format!("서버 {id}의 가중치"),
    pool_of: |id| format!("서버 {id}의 풀"),
    api_p95_chart: "최근 60초의 /api p95 응답 시간",
    error_chart: "최근 60초의 오류율",
};
