//! Strings of chapter 6's cluster model: its event log and its refusals.

use super::grouped;
use crate::korean::{with, Particle::*};
use crate::sim::traffic::cluster::{ClusterEvent, ClusterRefusal, Failure};
use crate::sim::traffic::db::DbEvent;
use crate::sim::traffic::health::HealthProblem;

pub struct ClusterUi {
    pub event: fn(&ClusterEvent) -> String,
    pub refusal: fn(ClusterRefusal) -> String,
}

fn node_en(id: u32) -> String {
    format!("node-{id}")
}

fn node_ko(id: u32) -> String {
    format!("노드 {id}")
}

fn db_en(event: &DbEvent) -> String {
    match *event {
        DbEvent::PrimaryFailed { node } => format!("Database primary db-{node} failed: writes are paused."),
        DbEvent::FailureNoticed { node, behind: 0 } => {
            format!("The replicas noticed the primary is gone; db-{node} has every write and is being promoted.")
        }
        DbEvent::FailureNoticed { node, behind } => format!(
            "The replicas noticed the primary is gone; db-{node} is the most up to date but lacks the last {} writes: they are lost.",
            grouped(behind)
        ),
        DbEvent::NoReplica => "No replica is left to promote: writes stay paused.".to_string(),
        DbEvent::Promoted { node, paused } => {
            format!("db-{node} is the new primary; the {} paused writes went through.", grouped(paused))
        }
        DbEvent::Rejoined { node } => format!("db-{node} is back, as a replica."),
        DbEvent::Synchronous { on: true } => {
            "Synchronous replication on: each write waits for the standby replica.".to_string()
        }
        DbEvent::Synchronous { on: false } => {
            "Synchronous replication off: writes no longer wait for a replica.".to_string()
        }
        DbEvent::LinkCut => "The link between the database primary and its replicas is cut.".to_string(),
        DbEvent::NoQuorum { node } => {
            format!("db-{node} asked to take over; the witness still hears the primary and said no: no quorum.")
        }
        DbEvent::SplitBrain { old, new } => {
            format!("Split brain: db-{new} promoted itself while db-{old} still takes writes.")
        }
        DbEvent::LinkHealed { lost: 0 } => "The database link is back; no write was lost.".to_string(),
        DbEvent::LinkHealed { lost } => format!(
            "The database link is back; the newer primary wins and {} writes the other took are thrown away.",
            grouped(lost)
        ),
    }
}

fn db_ko(event: &DbEvent) -> String {
    match *event {
        DbEvent::PrimaryFailed { node } => format!("데이터베이스 프라이머리 db-{node}에 장애가 났어요. 쓰기가 멈췄어요."),
        DbEvent::FailureNoticed { node, behind: 0 } => {
            format!(
                "레플리카들이 프라이머리가 사라진 걸 알아챘어요. 모든 쓰기를 가진 {} 승격하고 있어요.",
                with(&format!("db-{node}"), Object)
            )
        }
        DbEvent::FailureNoticed { node, behind } => format!(
            "레플리카들이 프라이머리가 사라진 걸 알아챘어요. 가장 최신인 db-{node}에도 마지막 쓰기 {}개가 없어서 그 쓰기는 잃었어요.",
            grouped(behind)
        ),
        DbEvent::NoReplica => "승격할 레플리카가 없어요. 쓰기가 계속 멈춰 있어요.".to_string(),
        DbEvent::Promoted { node, paused } => {
            format!(
                "{} 새 프라이머리가 되었어요. 기다리던 쓰기 {}개를 처리했어요.",
                with(&format!("db-{node}"), Subject),
                grouped(paused)
            )
        }
        DbEvent::Rejoined { node } => format!("{} 레플리카로 돌아왔어요.", with(&format!("db-{node}"), Subject)),
        DbEvent::Synchronous { on: true } => "동기 복제를 켰어요. 쓰기마다 대기 레플리카의 확인을 기다려요.".to_string(),
        DbEvent::Synchronous { on: false } => "동기 복제를 껐어요. 쓰기가 레플리카를 기다리지 않아요.".to_string(),
        DbEvent::LinkCut => "데이터베이스 프라이머리와 레플리카 사이의 연결이 끊겼어요.".to_string(),
        DbEvent::NoQuorum { node } => format!(
            "{} 넘겨받겠다고 했지만, 프라이머리와 아직 연결된 위트니스가 거절했어요. 쿼럼이 없어요.",
            with(&format!("db-{node}"), Topic)
        ),
        DbEvent::SplitBrain { old, new } => format!(
            "스플릿 브레인이에요. db-{old}도 아직 쓰기를 받는데 {} 스스로 프라이머리가 되었어요.",
            with(&format!("db-{new}"), Subject)
        ),
        DbEvent::LinkHealed { lost: 0 } => "데이터베이스 연결이 돌아왔어요. 잃은 쓰기는 없어요.".to_string(),
        DbEvent::LinkHealed { lost } => format!(
            "데이터베이스 연결이 돌아왔어요. 새 프라이머리를 남기고 다른 쪽이 받은 쓰기 {}개를 버렸어요.",
            grouped(lost)
        ),
    }
}

pub static EN: ClusterUi = ClusterUi {
    event: |e| match *e {
        ClusterEvent::Unplugged { node } => format!("{}: plug pulled.", node_en(node)),
        ClusterEvent::PluggedIn { node } => format!("{}: plugged back in.", node_en(node)),
        ClusterEvent::ProcessKilled { node, reset } => {
            format!("{}: server process killed; {} requests it held failed.", node_en(node), grouped(reset))
        }
        ClusterEvent::ProcessRestarted { node } => format!("{}: server process started again.", node_en(node)),
        ClusterEvent::FailedAtRandom { node, failure: Failure::Unplugged } => {
            format!("{} lost power (random failure).", node_en(node))
        }
        ClusterEvent::FailedAtRandom { node, failure: Failure::ProcessKilled } => {
            format!("{}: server process crashed (random failure).", node_en(node))
        }
        ClusterEvent::Repaired { node } => format!("{} repaired.", node_en(node)),
        ClusterEvent::DrainStarted { node, holding } => {
            format!("{} draining: no new requests; it finishes the {} it holds.", node_en(node), grouped(holding))
        }
        ClusterEvent::Drained { node } => format!("{} drained and removed.", node_en(node)),
        ClusterEvent::CheckFailed { node, count, of } => format!("{} failed health check {count}/{of}.", node_en(node)),
        ClusterEvent::RemovedFromPool { node, detect_ms: Some(ms) } => {
            format!("→ {} removed from the pool, {} ms after it failed.", node_en(node), grouped(ms))
        }
        ClusterEvent::RemovedFromPool { node, detect_ms: None } => {
            format!("→ {} removed from the pool.", node_en(node))
        }
        ClusterEvent::CheckPassed { node, count, of } => format!("{} passed health check {count}/{of}.", node_en(node)),
        ClusterEvent::ReturnedToPool { node, recover_ms: Some(ms) } => {
            format!("{} back in the pool, {} ms after it failed.", node_en(node), grouped(ms))
        }
        ClusterEvent::ReturnedToPool { node, recover_ms: None } => format!("{} back in the pool.", node_en(node)),
        ClusterEvent::NoHealthyNodes => "No healthy nodes: every request gets a 503.".to_string(),
        ClusterEvent::HealthyNodesBack => "A healthy node is back in the pool.".to_string(),
        ClusterEvent::HealthCheckSet { check } => format!(
            "Health checks every {} ms, {} ms timeout; down after {} failures, back after {} passes.",
            grouped(check.interval_ms.into()),
            grouped(check.timeout_ms.into()),
            check.unhealthy,
            check.healthy
        ),
        ClusterEvent::HealthChecksOff => "Health checks off: the balancer sends to every node, up or not.".to_string(),
        ClusterEvent::RandomFailures { per_hour: 0 } => "Random failures off.".to_string(),
        ClusterEvent::RandomFailures { per_hour } => {
            format!("Random failures on: about {} an hour across the cluster.", grouped(per_hour.into()))
        }
        ClusterEvent::Database { event } => db_en(&event),
    },
    refusal: |r| match r {
        ClusterRefusal::NotACluster => "That does not apply to this experiment.".to_string(),
        ClusterRefusal::NoSuchNode { id } => format!("There is no {}.", node_en(id)),
        ClusterRefusal::AlreadyDown { id } => format!("{} is already down.", node_en(id)),
        ClusterRefusal::NotDown { id } => format!("{} is not down that way.", node_en(id)),
        ClusterRefusal::NotUp { id } => format!("Only a node that is up can be drained; {} is not.", node_en(id)),
        ClusterRefusal::HealthCheck(HealthProblem::Interval { min_ms, max_ms }) => format!(
            "The check interval must be between {} and {} ms. Nothing was changed.",
            grouped(min_ms.into()),
            grouped(max_ms.into())
        ),
        ClusterRefusal::HealthCheck(HealthProblem::Timeout { min_ms, below_ms }) => format!(
            "The check timeout must be at least {} ms and below the interval ({} ms). Nothing was changed.",
            grouped(min_ms.into()),
            grouped(below_ms.into())
        ),
        ClusterRefusal::HealthCheck(HealthProblem::Threshold { min, max }) => {
            format!("Thresholds must be between {min} and {max} checks. Nothing was changed.")
        }
        ClusterRefusal::FailureRate { max } => {
            format!("Random failures can be at most {} an hour.", grouped(max.into()))
        }
        ClusterRefusal::NoPrimary => "There is no primary to fail: a failover is under way.".to_string(),
        ClusterRefusal::LinkCut => "The database link is cut: heal it first.".to_string(),
        ClusterRefusal::LinkNotCut => "The database link is not cut.".to_string(),
    },
};

pub static KO: ClusterUi = ClusterUi {
    event: |e| match *e {
        ClusterEvent::Unplugged { node } => format!("{} 전원을 뽑았어요.", with(&node_ko(node), Topic)),
        ClusterEvent::PluggedIn { node } => format!("{} 전원을 다시 꽂았어요.", with(&node_ko(node), Topic)),
        ClusterEvent::ProcessKilled { node, reset } => format!(
            "{} 서버 프로세스를 강제로 종료했어요. 처리 중이던 요청 {}개가 실패했어요.",
            with(&node_ko(node), Topic),
            grouped(reset)
        ),
        ClusterEvent::ProcessRestarted { node } => {
            format!("{} 서버 프로세스를 다시 시작했어요.", with(&node_ko(node), Topic))
        }
        ClusterEvent::FailedAtRandom { node, failure: Failure::Unplugged } => {
            format!("{} 전원이 나갔어요 (무작위 장애).", with(&node_ko(node), Topic))
        }
        ClusterEvent::FailedAtRandom { node, failure: Failure::ProcessKilled } => {
            format!("{} 서버 프로세스가 고장 나서 멈췄어요 (무작위 장애).", with(&node_ko(node), Topic))
        }
        ClusterEvent::Repaired { node } => format!("{} 고쳤어요.", with(&node_ko(node), Object)),
        ClusterEvent::DrainStarted { node, holding } => format!(
            "{} 비우는 중이에요. 새 요청은 받지 않고 가진 요청 {}개만 마쳐요.",
            with(&node_ko(node), Object),
            grouped(holding)
        ),
        ClusterEvent::Drained { node } => format!("{} 다 비워서 뺐어요.", with(&node_ko(node), Object)),
        ClusterEvent::CheckFailed { node, count, of } => {
            format!("{} 헬스 체크 {count}/{of}에 실패했어요.", with(&node_ko(node), Topic))
        }
        ClusterEvent::RemovedFromPool { node, detect_ms: Some(ms) } => {
            format!("→ 장애 {} ms 뒤에 {} 풀에서 뺐어요.", grouped(ms), with(&node_ko(node), Object))
        }
        ClusterEvent::RemovedFromPool { node, detect_ms: None } => {
            format!("→ {} 풀에서 뺐어요.", with(&node_ko(node), Object))
        }
        ClusterEvent::CheckPassed { node, count, of } => {
            format!("{} {} 통과했어요.", with(&node_ko(node), Topic), with(&format!("헬스 체크 {count}/{of}"), Object))
        }
        ClusterEvent::ReturnedToPool { node, recover_ms: Some(ms) } => {
            format!("장애 {} ms 뒤에 {} 풀로 돌아왔어요.", grouped(ms), with(&node_ko(node), Subject))
        }
        ClusterEvent::ReturnedToPool { node, recover_ms: None } => {
            format!("{} 풀로 돌아왔어요.", with(&node_ko(node), Subject))
        }
        ClusterEvent::NoHealthyNodes => "정상인 노드가 없어요. 모든 요청이 503을 받아요.".to_string(),
        ClusterEvent::HealthyNodesBack => "정상인 노드가 풀로 돌아왔어요.".to_string(),
        ClusterEvent::HealthCheckSet { check } => format!(
            "헬스 체크를 {} ms마다, 타임아웃 {} ms로 해요. {}번 연속 실패하면 빼고 {}번 연속 통과하면 다시 넣어요.",
            grouped(check.interval_ms.into()),
            grouped(check.timeout_ms.into()),
            check.unhealthy,
            check.healthy
        ),
        ClusterEvent::HealthChecksOff => {
            "헬스 체크를 껐어요. 로드 밸런서는 노드가 살아 있든 고장 났든 모든 노드로 보내요.".to_string()
        }
        ClusterEvent::RandomFailures { per_hour: 0 } => "무작위 장애를 껐어요.".to_string(),
        ClusterEvent::RandomFailures { per_hour } => {
            format!("무작위 장애를 켰어요. 클러스터 전체에서 한 시간에 {}번쯤 나요.", grouped(per_hour.into()))
        }
        ClusterEvent::Database { event } => db_ko(&event),
    },
    refusal: |r| match r {
        ClusterRefusal::NotACluster => "이 실험에는 해당하지 않아요.".to_string(),
        ClusterRefusal::NoSuchNode { id } => format!("{} 없어요.", with(&node_ko(id), Subject)),
        ClusterRefusal::AlreadyDown { id } => format!("{} 이미 멈춰 있어요.", with(&node_ko(id), Topic)),
        ClusterRefusal::NotDown { id } => format!("{} 그렇게 멈춰 있지 않아요.", with(&node_ko(id), Topic)),
        ClusterRefusal::NotUp { id } => {
            format!("켜져 있는 노드만 비울 수 있어요. {} 켜져 있지 않아요.", with(&node_ko(id), Topic))
        }
        ClusterRefusal::HealthCheck(HealthProblem::Interval { min_ms, max_ms }) => format!(
            "체크 간격은 {}에서 {} ms 사이여야 해요. 바꾸지 않았어요.",
            grouped(min_ms.into()),
            grouped(max_ms.into())
        ),
        ClusterRefusal::HealthCheck(HealthProblem::Timeout { min_ms, below_ms }) => format!(
            "체크 타임아웃은 {} ms 이상이고 간격({} ms)보다 짧아야 해요. 바꾸지 않았어요.",
            grouped(min_ms.into()),
            grouped(below_ms.into())
        ),
        ClusterRefusal::HealthCheck(HealthProblem::Threshold { min, max }) => {
            format!("기준 횟수는 {min}에서 {max} 사이여야 해요. 바꾸지 않았어요.")
        }
        ClusterRefusal::FailureRate { max } => {
            format!("무작위 장애는 한 시간에 {}번까지예요.", grouped(max.into()))
        }
        ClusterRefusal::NoPrimary => "장애를 낼 프라이머리가 없어요. 페일오버가 진행 중이에요.".to_string(),
        ClusterRefusal::LinkCut => "데이터베이스 연결이 끊겨 있어요. 먼저 다시 이어 주세요.".to_string(),
        ClusterRefusal::LinkNotCut => "데이터베이스 연결은 끊겨 있지 않아요.".to_string(),
    },
};
