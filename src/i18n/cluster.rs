//! Strings of chapter 6: the cluster model's event log and refusals, and the lab's labels.

use super::grouped;
use crate::korean::{with, Particle::*};
use crate::sim::traffic::cluster::{ClusterEvent, ClusterRefusal, Failure};
use crate::sim::traffic::db::{DbEvent, DbRole};
use crate::sim::traffic::health::HealthProblem;
use crate::sim::traffic::server::NodeState;

pub struct ClusterUi {
    /// A node's name, as the log and the table say it.
    pub node: fn(u32) -> String,
    pub event: fn(&ClusterEvent) -> String,
    pub refusal: fn(ClusterRefusal) -> String,
    /// The diagram's text alternative: the nodes, and how many are in the balancer's pool.
    pub canvas: fn(usize, usize) -> String,
    pub health_checks: &'static str,
    pub checks_on: &'static str,
    /// Labels of the health-check settings: interval, timeout (both in ms), failures that mark
    /// a node down, passes that bring it back.
    pub check_fields: [&'static str; 4],
    pub apply: &'static str,
    pub failures: &'static str,
    pub failures_hint: &'static str,
    /// The button that turns on the challenge's random failures, at this rate an hour.
    pub challenge_failures: fn(u32) -> String,
    pub retries: &'static str,
    pub skip_minute: &'static str,
    pub nodes: &'static str,
    pub add_node: &'static str,
    pub remove_node: &'static str,
    pub caption: &'static str,
    /// Node, state, in the pool, health checks, in flight, served, errors, what to do.
    pub columns: [&'static str; 8],
    pub state: fn(NodeState) -> &'static str,
    /// Added to the state of a node whose link is cut, and of one whose disk is full.
    pub cut_off: &'static str,
    pub disk_full: &'static str,
    pub yes: &'static str,
    pub no: &'static str,
    pub unplug: &'static str,
    pub plug_in: &'static str,
    pub kill: &'static str,
    pub restart: &'static str,
    pub drain: &'static str,
    pub fill_disk: &'static str,
    pub free_disk: &'static str,
    pub cut_node_link: &'static str,
    pub mend_node_link: &'static str,
    pub keys_hint: &'static str,
    pub database: &'static str,
    /// One database node as the panel lists it: its id, role, and writes behind the primary
    /// (a replica's).
    pub db_node: fn(u32, DbRole, Option<u64>) -> String,
    pub fail_primary: &'static str,
    pub synchronous: &'static str,
    pub cut_link: &'static str,
    pub witness: &'static str,
    pub success_chart: &'static str,
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
        DbEvent::Witness { on: true } => {
            "Witness on: a replica needs its vote, two of three, to take over.".to_string()
        }
        DbEvent::Witness { on: false } => "Witness off: a replica decides alone.".to_string(),
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
        DbEvent::Witness { on: true } => {
            "위트니스를 켰어요. 레플리카가 넘겨받으려면 위트니스의 표까지 셋 중 둘이 필요해요.".to_string()
        }
        DbEvent::Witness { on: false } => "위트니스를 껐어요. 레플리카가 혼자 결정해요.".to_string(),
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
    node: node_en,
    canvas: |nodes, in_pool| {
        format!("Requests from users through the load balancer to {nodes} nodes, {in_pool} of them in its pool. The table below lists the same nodes.")
    },
    health_checks: "Health checks",
    checks_on: "Checks on",
    check_fields: ["Interval (ms)", "Timeout (ms)", "Down after (failed checks)", "Back after (passed checks)"],
    apply: "Apply",
    failures: "Random failures per hour",
    failures_hint: "Across the whole cluster; a node that fails at random is repaired 30 s later.",
    challenge_failures: |n| format!("Challenge: random failures on ({n} an hour)"),
    retries: "Retries",
    skip_minute: "Skip ahead 1 min",
    nodes: "Nodes",
    add_node: "Add a node",
    remove_node: "Remove the newest",
    caption: "The nodes behind the load balancer",
    columns: ["Node", "State", "In the pool", "Health checks", "In flight", "Served", "Errors", "Actions"],
    state: |s| match s {
        NodeState::Up => "up",
        NodeState::Draining => "draining",
        NodeState::ProcessKilled => "process killed",
        NodeState::Unplugged => "unplugged",
    },
    cut_off: "link cut",
    disk_full: "disk full",
    yes: "yes",
    no: "no",
    unplug: "Unplug",
    plug_in: "Plug in",
    kill: "Kill process",
    restart: "Restart",
    drain: "Drain",
    fill_disk: "Fill the disk",
    free_disk: "Free disk space",
    cut_node_link: "Cut its link",
    mend_node_link: "Mend its link",
    keys_hint: "On a focused row: U unplugs or plugs in, K kills or restarts the process, D drains, F fills or \
                frees the disk, L cuts or mends its network link.",
    database: "Database",
    db_node: |id, role, behind| match (role, behind) {
        (DbRole::Primary, _) => format!("db-{id}: primary"),
        (DbRole::Replica, Some(writes)) => format!("db-{id}: replica, {} writes behind", grouped(writes)),
        (DbRole::Replica, None) => format!("db-{id}: replica"),
        (DbRole::Failed, _) => format!("db-{id}: failed"),
    },
    fail_primary: "Fail primary",
    synchronous: "Synchronous replication",
    cut_link: "Cut the database link",
    witness: "Witness",
    success_chart: "Success rate over the last 10 s (%)",
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
        ClusterEvent::Link { node, cut: true } => format!(
            "{}: network link cut. It still runs, but the balancer's requests and checks get no answer.",
            node_en(node)
        ),
        ClusterEvent::Link { node, cut: false } => format!("{}: network link mended.", node_en(node)),
        ClusterEvent::Disk { node, full: true } => format!(
            "{}: disk full. Its /api requests, which write, now fail with a 500; its health page still answers.",
            node_en(node)
        ),
        ClusterEvent::Disk { node, full: false } => {
            format!("{}: disk space freed; its /api requests work again.", node_en(node))
        }
        ClusterEvent::CheckFailed { node, count, of } => format!("{} failed health check {count}/{of}.", node_en(node)),
        ClusterEvent::RemovedFromPool { node, detect_ms: Some(ms) } => {
            format!("{} removed from the pool, {} ms after it failed.", node_en(node), grouped(ms))
        }
        ClusterEvent::RemovedFromPool { node, detect_ms: None } => {
            format!("{} removed from the pool.", node_en(node))
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
        ClusterRefusal::LinkAlready { id, cut: true } => format!("{}'s link is already cut.", node_en(id)),
        ClusterRefusal::LinkAlready { id, cut: false } => format!("{}'s link is not cut.", node_en(id)),
        ClusterRefusal::DiskAlready { id, full: true } => format!("{}'s disk is already full.", node_en(id)),
        ClusterRefusal::DiskAlready { id, full: false } => format!("{}'s disk is not full.", node_en(id)),
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
    node: node_ko,
    canvas: |nodes, in_pool| {
        format!("사용자의 요청이 로드 밸런서를 거쳐 노드 {nodes}대로 가요. 그중 {in_pool}대가 풀에 있어요. 아래 표에 같은 노드가 있어요.")
    },
    health_checks: "헬스 체크",
    checks_on: "헬스 체크 켜기",
    check_fields: ["간격(ms)", "타임아웃(ms)", "제외 기준(연속 실패 횟수)", "복귀 기준(연속 성공 횟수)"],
    apply: "적용",
    failures: "시간당 무작위 장애",
    failures_hint: "클러스터 전체 기준이에요. 무작위로 장애가 난 노드는 30초 뒤에 고쳐져요.",
    challenge_failures: |n| format!("도전 과제: 무작위 장애 켜기(시간당 {n}번)"),
    retries: "재시도",
    skip_minute: "1분 건너뛰기",
    nodes: "노드",
    add_node: "노드 추가",
    remove_node: "마지막 노드 빼기",
    caption: "로드 밸런서 뒤의 노드",
    columns: ["노드", "상태", "풀에 있음", "헬스 체크", "처리 중", "처리 완료", "오류", "조작"],
    state: |s| match s {
        NodeState::Up => "켜짐",
        NodeState::Draining => "비우는 중",
        NodeState::ProcessKilled => "프로세스 종료됨",
        NodeState::Unplugged => "전원 뽑힘",
    },
    cut_off: "연결 끊김",
    disk_full: "디스크 가득 참",
    yes: "예",
    no: "아니요",
    unplug: "전원 뽑기",
    plug_in: "전원 꽂기",
    kill: "프로세스 종료",
    restart: "재시작",
    drain: "비우기",
    fill_disk: "디스크 가득 채우기",
    free_disk: "디스크 공간 확보",
    cut_node_link: "연결 끊기",
    mend_node_link: "연결 잇기",
    keys_hint: "행에 포커스를 두고 U를 누르면 전원을 뽑거나 꽂고, K는 프로세스를 종료하거나 재시작하고, D는 노드를 \
                비우고, F는 디스크를 가득 채우거나 공간을 확보하고, L은 네트워크 연결을 끊거나 다시 이어요.",
    database: "데이터베이스",
    db_node: |id, role, behind| match (role, behind) {
        (DbRole::Primary, _) => format!("db-{id}: 프라이머리"),
        (DbRole::Replica, Some(writes)) => format!("db-{id}: 레플리카, 쓰기 {}개 뒤처짐", grouped(writes)),
        (DbRole::Replica, None) => format!("db-{id}: 레플리카"),
        (DbRole::Failed, _) => format!("db-{id}: 장애"),
    },
    fail_primary: "프라이머리 장애",
    synchronous: "동기 복제",
    cut_link: "데이터베이스 연결 끊기",
    witness: "위트니스",
    success_chart: "최근 10초 성공률(%)",
    event: |e| match *e {
        ClusterEvent::Unplugged { node } => format!("{}의 전원을 뽑았어요.", node_ko(node)),
        ClusterEvent::PluggedIn { node } => format!("{}의 전원을 다시 꽂았어요.", node_ko(node)),
        ClusterEvent::ProcessKilled { node, reset } => format!(
            "{}의 서버 프로세스를 강제로 종료했어요. 처리 중이던 요청 {}개가 실패했어요.",
            node_ko(node),
            grouped(reset)
        ),
        ClusterEvent::ProcessRestarted { node } => {
            format!("{}의 서버 프로세스를 다시 시작했어요.", node_ko(node))
        }
        ClusterEvent::FailedAtRandom { node, failure: Failure::Unplugged } => {
            format!("{}의 전원이 나갔어요 (무작위 장애).", node_ko(node))
        }
        ClusterEvent::FailedAtRandom { node, failure: Failure::ProcessKilled } => {
            format!("{}의 서버 프로세스가 고장 나서 멈췄어요 (무작위 장애).", node_ko(node))
        }
        ClusterEvent::Repaired { node } => format!("{} 고쳤어요.", with(&node_ko(node), Object)),
        ClusterEvent::DrainStarted { node, holding } => format!(
            "{} 비우는 중이에요. 새 요청은 받지 않고 가진 요청 {}개만 마쳐요.",
            with(&node_ko(node), Object),
            grouped(holding)
        ),
        ClusterEvent::Drained { node } => format!("{} 다 비워서 뺐어요.", with(&node_ko(node), Object)),
        ClusterEvent::Link { node, cut: true } => format!(
            "{}의 네트워크 연결이 끊겼어요. 노드는 계속 돌아가지만, 로드 밸런서가 보내는 요청과 체크는 답을 받지 \
             못해요.",
            node_ko(node)
        ),
        ClusterEvent::Link { node, cut: false } => format!("{}의 네트워크 연결을 다시 이었어요.", node_ko(node)),
        ClusterEvent::Disk { node, full: true } => format!(
            "{}의 디스크가 가득 찼어요. 쓰기가 필요한 /api 요청은 이제 500 오류로 실패하지만, 헬스 체크 페이지는 \
             여전히 응답해요.",
            node_ko(node)
        ),
        ClusterEvent::Disk { node, full: false } => {
            format!("{}의 디스크 공간을 확보했어요. /api 요청이 다시 처리돼요.", node_ko(node))
        }
        ClusterEvent::CheckFailed { node, count, of } => {
            format!("{} 헬스 체크 {count}/{of}에 실패했어요.", with(&node_ko(node), Topic))
        }
        ClusterEvent::RemovedFromPool { node, detect_ms: Some(ms) } => {
            format!("장애 {} ms 뒤에 {} 풀에서 뺐어요.", grouped(ms), with(&node_ko(node), Object))
        }
        ClusterEvent::RemovedFromPool { node, detect_ms: None } => {
            format!("{} 풀에서 뺐어요.", with(&node_ko(node), Object))
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
        ClusterRefusal::LinkAlready { id, cut: true } => format!("{}의 연결은 이미 끊겨 있어요.", node_ko(id)),
        ClusterRefusal::LinkAlready { id, cut: false } => format!("{}의 연결은 끊겨 있지 않아요.", node_ko(id)),
        ClusterRefusal::DiskAlready { id, full: true } => format!("{}의 디스크는 이미 가득 차 있어요.", node_ko(id)),
        ClusterRefusal::DiskAlready { id, full: false } => format!("{}의 디스크는 가득 차 있지 않아요.", node_ko(id)),
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

pub fn cluster_ui(lang: super::Lang) -> &'static ClusterUi {
    match lang {
        super::Lang::Ko => &KO,
        super::Lang::En => &EN,
    }
}
