//! 한국어 인터페이스 문구.

use super::{cmp_symbol, grouped, Ui};
use crate::course::GoalRefusal;
use crate::korean::{with, Particle::*};
use crate::sim::action::Refusal;
use crate::sim::event::EventKind;
use crate::sim::laptop::{Place, Service};
use crate::sim::traffic::FarmRefusal;
use crate::sim::{Cmp, Metric};

pub static UI: Ui = Ui {
    site_name: "서버 환경 실험실",
    skip_to_content: "본문으로 건너뛰기",
    contents: "차례",
    settings: "설정",
    switch_language: "English",
    switch_language_label: "Switch to English",
    present: "발표 모드",
    progress_page: "학습 기록",
    theme_dark: "어두운 화면",
    chapter_label: |n| format!("{n}장"),
    coming: "준비 중",
    coming_text: "이 장은 아직 쓰는 중이에요. 차례에서 다른 장을 골라 보세요.",
    chapter_nav: "장 이동",
    previous: "이전 장",
    next: "다음 장",
    home_title: "서버 환경 실험실",
    home_lead: "내 노트북에서 만든 서비스를 실제로 운영하려면 무엇이 필요할까요? 서버, 가상 머신, 컨테이너, 네트워크, 로드 밸런서, 클러스터를 직접 움직여 보며 배워요.",
    home_how: "각 장은 짧은 글, 직접 조작하는 시뮬레이션, 자동으로 확인되는 도전 과제, 그리고 퀴즈로 이루어져 있어요. 시뮬레이션은 시드가 같으면 언제나 같은 결과를 보여 줘요.",
    start: "시작하기",
    visited: "읽음",
    solved_mark: "도전 완료",
    not_found_title: "페이지를 찾을 수 없어요",
    not_found_text: "주소가 잘못되었거나 없는 장이에요. 아래 차례에서 골라 주세요.",
    dismiss: "닫기",
    notice_unreadable: "저장된 학습 기록을 읽을 수 없어서 처음 상태로 시작했어요.",
    notice_unknown_version: "다른 버전에서 저장된 학습 기록이라 처음 상태로 시작했어요.",
    notice_partly_kept: "저장된 학습 기록 중 일부가 손상되어 그 부분만 지웠어요. 나머지는 그대로예요.",
    storage_unavailable: "이 브라우저에서는 학습 기록을 저장할 수 없어요. 이 탭을 닫으면 기록이 사라져요.",
    player_label: "시뮬레이션 재생 조작",
    play: "재생",
    pause: "일시 정지",
    step: "한 단계 (10 ms)",
    step_second: "+1초",
    reset: "처음으로",
    speed: "속도",
    sim_time: "시뮬레이션 시간",
    seed: "시드",
    share_run: "이 시드로 링크 공유",
    shortcuts: "단축키 (이 영역 안에서): Space 재생/정지, . 한 단계, r 처음으로",
    paused_reduced_motion: "움직임 줄이기 설정이 켜져 있어 멈춘 상태로 시작했어요.",
    text_loading: "글을 불러오는 중이에요…",
    text_failed: "이 장의 글을 불러오지 못했어요. 인터넷 연결을 확인하고 다시 시도해 주세요. 시뮬레이션은 그대로 쓸 수 있어요.",
    retry: "다시 시도",
    try_it: "직접 해 보기",
    challenge: "도전 과제",
    hint: "힌트",
    goal_progress: |held, needed| format!("목표 유지: {held}/{needed}초"),
    goal_solved: "성공! 목표를 달성했어요.",
    teacher_goal: "선생님이 수치를 정한 도전이에요. 아래 목표는 선생님이 정했고, 해내면 결과 파일에 남아요.",
    teacher_goal_refused: "이 링크의 도전 수치로는 도전을 만들 수 없어서 원래 도전을 보여 드려요.",
    goal_refusal: |reason| match reason {
        GoalRefusal::BadFigures => {
            "목표 수치는 0부터 1,000,000까지의 정수, 유지 시간은 1초부터 600초까지여야 해요.".to_string()
        }
        GoalRefusal::FiguresDoNotFit => "수치의 개수가 이 장의 도전 과제에 맞지 않아요.".to_string(),
        GoalRefusal::OutOfRange { metric, cmp, figure, limit } => (UI.goal_refusal_range)(metric, cmp, figure, limit),
        GoalRefusal::Unreachable => "이 실험실에서 고를 수 있는 구성으로는 이 목표를 이룰 수 없어요.".to_string(),
        GoalRefusal::SearchTooCostly { work, cap } => format!(
            "이 수치로 가장 싼 구성을 찾으려면 요청을 최대 {}개까지 시뮬레이션해야 해서 너무 오래 걸려요(한도 {}개). 부하나 유지 시간을 줄여 주세요.",
            grouped(work),
            grouped(cap)
        ),
    },
    goal_refusal_range: |metric, cmp, figure, limit| {
        let bound = match cmp {
            Cmp::AtLeast | Cmp::Above => "커질",
            Cmp::AtMost | Cmp::Below => "작아질",
        };
        format!(
            "{} {} {}: 이 값은 {}보다 {bound} 수 없어서 이룰 수 없는 목표예요.",
            (UI.metric_name)(metric),
            cmp_symbol(cmp),
            grouped(u64::from(figure)),
            grouped(u64::from(limit))
        )
    },
    optimum_searching: "모델이 가장 싼 구성을 계산하는 중이에요… 그동안에도 실험은 계속할 수 있어요.",
    optimum_none: "이 실험실에서 고를 수 있는 구성으로는 이 목표를 이룰 수 없어요.",
    solved_before: "이미 해결한 과제예요. 다시 도전해도 좋아요.",
    quiz: "퀴즈",
    check_answer: "정답 확인",
    correct: "정답이에요.",
    wrong: "아니에요.",
    choose_first: "먼저 답을 하나 골라 주세요.",
    predict_title: "먼저 예측해 보세요",
    lock_prediction: "이걸로 예측할게요",
    skip_prediction: "건너뛰기",
    prediction_skipped: "질문을 건너뛰었어요. 실험은 그대로 할 수 있어요.",
    predict_after_all: "그래도 질문에 답해 볼게요",
    your_prediction: "내 예측:",
    prediction_right: "예측이 맞았어요.",
    prediction_wrong: "실험 결과와 달라요.",
    prediction_answer: "실제로는:",
    events: "최근 일어난 일",
    no_events: "아직 아무 일도 없어요.",
    users: "사용자",
    users_per_second: "초당 요청 수",
    load_balancer: "로드 밸런서",
    laptop: "개발자 노트북",
    deploy: "배포",
    servers: "서버",
    server_n: |n| format!("서버 {n}"),
    add_server: "서버 추가",
    remove_server: "서버 빼기",
    cpu: "CPU",
    queue: "대기",
    p50: "p50 응답 시간",
    p95: "p95 응답 시간",
    throughput: "처리량",
    timed_out_per_sec: "초당 시간 초과",
    failed_per_sec: "초당 실패",
    cost_month: "월 비용",
    per_month: "/월",
    created: "생성",
    served: "응답 완료",
    failed: "실패",
    timed_out: "시간 초과",
    in_flight: "처리 중",
    requests_so_far: "지금까지의 요청",
    no_data_yet: "측정 전",
    p95_chart: "최근 60초의 p95 응답 시간",
    target: "목표",
    no_servers: "서버가 없어요. 모든 요청이 실패해요.",
    apply: "적용",
    not_a_number: "숫자를 입력해 주세요.",
    your_laptop: "내 노트북",
    the_server: "서버",
    service_name: |s| match s {
        Service::WebShop => "온라인 상점",
        Service::Database => "데이터베이스",
        Service::ChatBot => "챗봇",
    },
    move_to: |p| match p {
        Place::Laptop => "노트북으로 옮기기",
        Place::Server => "서버로 옮기기",
    },
    lid_close: "노트북 덮기",
    lid_open: "노트북 열기",
    lid_closed_note: "노트북이 잠들어 있어요. 노트북에 있는 서비스는 응답하지 못해요.",
    build_time: "내 프로젝트 빌드 시간",
    laptop_cpu: "노트북 CPU",
    success_rate: "사용자 요청 성공률",
    exposed: "인터넷에 열린 노트북 서비스",
    port: "포트",
    nothing_here: "비어 있어요",
    refusal: |r| match r {
        Refusal::Farm(FarmRefusal::RateOutOfRange { min, max }) => {
            format!("초당 요청 수는 {}에서 {} 사이여야 해요. 값은 바꾸지 않았어요.", grouped(min.into()), grouped(max.into()))
        }
        Refusal::Farm(FarmRefusal::TooManyServers { max }) => format!("서버는 최대 {max}대까지예요."),
        Refusal::Farm(FarmRefusal::NoServerToRemove) => "뺄 서버가 없어요.".to_string(),
        Refusal::NotInThisScenario | Refusal::UnknownService => "이 실험에서는 할 수 없는 동작이에요.".to_string(),
        Refusal::Rack(r) => (super::rack::KO.refusal)(r),
    },
    event: |e| match e {
        EventKind::RateChanged { rps } => format!("사용자 요청이 초당 {}개가 되었어요.", grouped((*rps).into())),
        EventKind::ServerAdded { id } => format!("{} 추가했어요.", with(&format!("서버 {id}"), Object)),
        EventKind::ServerRemoved { id, failed: 0 } => format!("{} 뺐어요.", with(&format!("서버 {id}"), Object)),
        EventKind::ServerRemoved { id, failed } => format!(
            "{} 뺐어요. 처리 중이던 요청 {}개가 실패했어요.",
            with(&format!("서버 {id}"), Object),
            grouped(*failed)
        ),
        EventKind::TimeoutsBegan { per_second } => {
            format!("요청이 시간 초과되기 시작했어요 (초당 {}개).", grouped(*per_second))
        }
        EventKind::TimeoutsStopped => "시간 초과가 멈췄어요.".to_string(),
        EventKind::ServiceMoved { service, to } => format!(
            "{} {} 옮겼어요.",
            with((UI.service_name)(*service), Object),
            with(
                match to {
                    Place::Laptop => "노트북",
                    Place::Server => "서버",
                },
                Toward
            )
        ),
        EventKind::LaptopSlept => "노트북을 덮었어요. 노트북의 서비스가 멈췄어요.".to_string(),
        EventKind::LaptopWoke => "노트북을 열었어요.".to_string(),
        EventKind::ProbeReachedLaptop(probe) => format!(
            "203.0.113.{}에서 누군가 노트북의 {}번 포트({})에 접속을 시도했어요.",
            probe.from_host,
            probe.service.port(),
            (UI.service_name)(probe.service)
        ),
        EventKind::Rack(event) => (super::rack::KO.event)(event),
    },
    metric_name: |m| match m {
        Metric::OfferedRps => "초당 사용자 요청",
        Metric::ThroughputRps => "처리량",
        Metric::P50LatencyMs => "p50 응답 시간",
        Metric::P95LatencyMs => "p95 응답 시간",
        Metric::TimedOutPerSec => "초당 시간 초과",
        Metric::FailedPerSec => "초당 실패",
        Metric::MaxCpuPercent => "가장 바쁜 서버의 CPU",
        Metric::Servers => "서버 수",
        Metric::CostPerMonth => "월 비용",
        Metric::BuildSeconds => "빌드 시간",
        Metric::LaptopCpuPercent => "노트북 CPU",
        Metric::SuccessPercent => "요청 성공률",
        Metric::ExposedOnLaptop => "인터넷에 열린 노트북 서비스",
        Metric::ServicesRunning => "실행 중인 서비스",
        Metric::InterferenceEvents => "간섭",
        Metric::NotIsolated => "OS를 함께 쓰는 서비스",
        Metric::NotDedicated => "베어 메탈을 혼자 쓰지 않는 데이터베이스",
        Metric::StartupSeconds => "다시 배포하는 시간",
        Metric::RackCpuPercent => "CPU 사용",
        Metric::MemoryUsedMib => "잡아 둔 메모리",
        Metric::OverheadMib => "계층이 쓰는 메모리",
        Metric::IdleMemoryMib => "안 쓰는 메모리",
    },
};
