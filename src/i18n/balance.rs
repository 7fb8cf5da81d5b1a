//! Strings of chapter 5's load-balancing lab, in their own struct like the network lab's.

use super::{grouped, Lang};
use crate::korean::{with, Particle::*};
use crate::sim::balance::Algorithm;
use crate::sim::traffic::{BalanceChange, Path, Pool};

pub struct BalanceUi {
    pub algorithm: fn(Algorithm) -> &'static str,
    pub pool: fn(Pool) -> &'static str,
    pub path: fn(Path) -> &'static str,
    pub change: fn(&BalanceChange) -> String,
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
};
