//! Strings of the placement lab (chapters 2 and 3), in their own struct so that only the page
//! that shows the lab carries them.

use super::{grouped, Lang};
use crate::korean::{with, Particle::*};
use crate::sim::host::{HostKind, RackEvent, RackRefusal, ServiceKind};

pub struct RackUi {
    pub shelf: &'static str,
    pub shelf_empty: &'static str,
    pub how_to_place: &'static str,
    pub rack: &'static str,
    pub add_host: fn(&str) -> String,
    pub remove_host: &'static str,
    pub panic_kernel: &'static str,
    pub leak_memory: &'static str,
    /// The switch on a container engine's card.
    pub limits: &'static str,
    pub to_shelf: &'static str,
    pub place_here: &'static str,
    pub cancel: &'static str,
    pub selected: fn(&str) -> String,
    pub host_name: fn(u32) -> String,
    pub kind_name: fn(HostKind) -> &'static str,
    pub service_name: fn(ServiceKind) -> &'static str,
    /// The server's hardware, from its cores and GiB of memory.
    pub hardware: fn(u32, u32) -> String,
    pub linux: &'static str,
    pub shared_kernel: &'static str,
    pub hypervisor: &'static str,
    pub host_os: &'static str,
    pub hypervisor_app: &'static str,
    pub guest_os: &'static str,
    pub engine: &'static str,
    pub vm: &'static str,
    pub container: &'static str,
    pub empty_host: &'static str,
    pub rebooting: &'static str,
    pub starting: fn(u64) -> String,
    pub running: &'static str,
    pub waiting: &'static str,
    pub refused: fn(&str, &str, &str) -> String,
    pub response: &'static str,
    pub cpu: &'static str,
    pub memory: &'static str,
    pub overhead: &'static str,
    pub overhead_total: &'static str,
    pub idle: &'static str,
    pub disk: &'static str,
    pub cores: &'static str,
    pub totals: &'static str,
    pub servers: &'static str,
    pub cost: &'static str,
    pub running_services: &'static str,
    pub rack_cpu: &'static str,
    pub memory_used: &'static str,
    pub idle_memory: &'static str,
    pub redeploy: &'static str,
    pub interference: &'static str,
    pub placed: fn(&str, u32) -> String,
    pub shelved: fn(&str) -> String,
    pub drop_outside: fn(&str) -> String,
    pub refusal: fn(RackRefusal) -> String,
    pub event: fn(&RackEvent) -> String,
}

impl Lang {
    pub fn rack(self) -> &'static RackUi {
        match self {
            Lang::Ko => &KO,
            Lang::En => &EN,
        }
    }
}

fn mib(n: u32) -> String {
    format!("{} MiB", grouped(n.into()))
}

/// Seconds, with a tenth where there is one, and the unit (" s" or "초").
fn secs(ms: u64, unit: &str) -> String {
    if ms.is_multiple_of(1000) {
        format!("{}{unit}", ms / 1000)
    } else {
        format!("{}.{}{unit}", ms / 1000, ms % 1000 / 100)
    }
}

fn permille(p: u32) -> String {
    format!("{}.{}", p / 1000, p % 1000 / 100)
}

/// "1 neighbour", "2 neighbours".
/// The package a service needs, as the OS's package manager names it.
fn package_name(service: ServiceKind) -> &'static str {
    service.spec().package.map_or("", |p| p.name)
}

fn plural(n: u16, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

pub static EN: RackUi = RackUi {
    shelf: "Services not placed",
    shelf_empty: "Every service is placed.",
    how_to_place: "Drag a service onto a server, or select it and choose a server (arrow keys move between servers, Enter places, Delete sends a selected service back, Escape cancels). Drop it outside any server to send it back.",
    rack: "Rack",
    add_host: |kind| format!("+ Add {kind}"),
    remove_host: "Remove server",
    panic_kernel: "Kernel panic",
    leak_memory: "Leak memory",
    limits: "CPU and memory limits (--cpus, --memory)",
    to_shelf: "Back to shelf",
    place_here: "Place here",
    cancel: "Cancel",
    selected: |name| format!("{name} selected: choose a server."),
    host_name: |n| format!("Server {n}"),
    kind_name: |k| match k {
        HostKind::BareMetal => "Bare metal",
        HostKind::Hypervisor => "Type 1 hypervisor",
        HostKind::HostedHypervisor => "Type 2 hypervisor",
        HostKind::ContainerEngine => "Container engine",
    },
    service_name: |s| match s {
        ServiceKind::WebApp => "Web app",
        ServiceKind::Api => "API",
        ServiceKind::Database => "Database",
        ServiceKind::Cache => "Cache",
        ServiceKind::BatchJob => "Batch job",
        ServiceKind::Search => "Search",
        ServiceKind::Reports => "Reports (legacy)",
    },
    hardware: |cores, gib| format!("Hardware: {cores} cores, {gib} GiB"),
    linux: "Linux (one OS for all)",
    shared_kernel: "Linux kernel, shared by every container",
    hypervisor: "Hypervisor",
    host_os: "Host OS",
    hypervisor_app: "Hypervisor app",
    guest_os: "Guest OS",
    engine: "Container engine",
    vm: "VM",
    container: "Container",
    empty_host: "Nothing here yet",
    rebooting: "Rebooting after a kernel panic…",
    starting: |s| format!("starting, {s} s"),
    running: "running",
    waiting: "waiting for its host",
    refused: |name, package, holder| {
        format!("{name} cannot start: it needs {package}, and this OS has another version installed for {holder}.")
    },
    response: "response",
    cpu: "CPU",
    memory: "Memory",
    overhead: "layers",
    overhead_total: "Memory for layers (OS, hypervisor, guest OSes, engine)",
    idle: "idle",
    disk: "Disk",
    cores: "cores",
    totals: "Whole rack",
    servers: "Servers",
    cost: "Monthly cost",
    running_services: "Services running",
    rack_cpu: "CPU used (all servers)",
    memory_used: "Memory reserved",
    idle_memory: "Memory paid for, unused",
    redeploy: "Redeploy time (start everything)",
    interference: "Interference now",
    placed: |name, host| format!("{name} placed on server {host}."),
    shelved: |name| format!("{name} is back on the shelf."),
    drop_outside: |name| format!("Not over a server: {name} goes back to the shelf."),
    refusal: |r| match r {
        RackRefusal::NotEnoughMemory { needs_mib, free_mib } => format!(
            "It does not fit: it needs {} with its layer, and the server has {} free. This lab never overcommits memory.",
            mib(needs_mib),
            mib(free_mib)
        ),
        RackRefusal::NotEnoughDisk { needs_gb, free_gb } => {
            format!("It does not fit: it needs {needs_gb} GB of disk, and the server has {free_gb} GB free.")
        }
        RackRefusal::TooManyHosts { max } => format!("The rack holds at most {max} servers."),
        RackRefusal::KindNotOffered => "This chapter does not offer that kind of server yet.".to_string(),
        RackRefusal::NotRunning => "Only a running service can leak memory.".to_string(),
        RackRefusal::NoLimitsToSwitch => "Only a container engine has container limits to switch.".to_string(),
        RackRefusal::HostAlreadyDown => "That server is already rebooting.".to_string(),
        RackRefusal::NotPlaced => "That service is already on the shelf.".to_string(),
        RackRefusal::UnknownHost | RackRefusal::UnknownService => "That server or service is not here.".to_string(),
    },
    event: |e| match *e {
        RackEvent::HostAdded { host, kind } => format!("Server {host} added: {}.", (EN.kind_name)(kind)),
        RackEvent::HostRemoved { host, returned: 0 } => format!("Server {host} removed."),
        RackEvent::HostRemoved { host, returned } => {
            format!("Server {host} removed; {} went back to the shelf.", plural(returned, "service", "services"))
        }
        RackEvent::Placed { service, host } => format!("{} placed on server {host}.", (EN.service_name)(service)),
        RackEvent::Unplaced { service } => format!("{} back on the shelf.", (EN.service_name)(service)),
        RackEvent::ServiceUp { service, after_ms } => {
            format!("{} is up, {} after it was asked to start.", (EN.service_name)(service), secs(after_ms, " s"))
        }
        RackEvent::CpuContention { host, hog, slowdown_permille } => format!(
            "Server {host} ran out of CPU: {} took the cores, and everything on it runs {}× slower.",
            (EN.service_name)(hog),
            permille(slowdown_permille)
        ),
        RackEvent::PackageClash { host, refused, holder } => format!(
            "On server {host}, {} refused to start: it needs another version of {} than {}'s.",
            (EN.service_name)(refused),
            package_name(refused),
            (EN.service_name)(holder)
        ),
        RackEvent::DiskContention { host, service } => format!(
            "On server {host}, {} shares its disks with others: its response times are no longer steady.",
            (EN.service_name)(service)
        ),
        RackEvent::HitMemoryLimit { service } => format!(
            "{} leaked memory up to its own limit: it alone was ended, and it is restarting.",
            (EN.service_name)(service)
        ),
        RackEvent::OutOfMemory { host, leaker, victim, slowed } => {
            let ended = if victim == leaker {
                format!("{} itself, the largest by then", (EN.service_name)(victim))
            } else {
                format!("{}, the largest process, not the leaker", (EN.service_name)(victim))
            };
            let mut text = format!(
                "Server {host} ran out of memory: {} leaked it all, and the OOM killer ended {ended}.",
                (EN.service_name)(leaker)
            );
            if slowed > 0 {
                text.push_str(&format!(
                    " {} slowed while memory ran short.",
                    plural(slowed, "other service", "other services")
                ));
            }
            text
        }
        RackEvent::LimitsSwitched { host, on: true } => format!("Server {host}: container limits on."),
        RackEvent::LimitsSwitched { host, on: false } => {
            format!("Server {host}: container limits off; nothing holds a container to its share now.")
        }
        RackEvent::KernelPanic { host, services_down: 0 } => format!("Kernel panic on server {host}."),
        RackEvent::KernelPanic { host, services_down } => {
            format!("Kernel panic on server {host}: {} on it stopped.", plural(services_down, "running service", "running services"))
        }
        RackEvent::HostBack { host } => format!("Server {host} rebooted."),
    },
};

pub static KO: RackUi = RackUi {
    shelf: "아직 놓지 않은 서비스",
    shelf_empty: "모든 서비스를 놓았어요.",
    how_to_place: "서비스를 서버 위로 끌어다 놓거나, 서비스를 고른 뒤 서버를 고르세요(화살표 키로 서버 사이를 옮기고, Enter로 놓고, Delete로 고른 서비스를 되돌리고, Esc로 취소해요). 서버 밖에 놓으면 선반으로 돌아가요.",
    rack: "랙",
    add_host: |kind| format!("+ {kind} 추가"),
    remove_host: "서버 빼기",
    panic_kernel: "커널 패닉",
    leak_memory: "메모리 누수",
    limits: "CPU·메모리 한도(--cpus, --memory)",
    to_shelf: "선반으로",
    place_here: "여기에 놓기",
    cancel: "취소",
    selected: |name| format!("{} 골랐어요. 서버를 고르세요.", with(name, Object)),
    host_name: |n| format!("서버 {n}"),
    kind_name: |k| match k {
        HostKind::BareMetal => "베어 메탈",
        HostKind::Hypervisor => "1형 하이퍼바이저",
        HostKind::HostedHypervisor => "2형 하이퍼바이저",
        HostKind::ContainerEngine => "컨테이너 엔진",
    },
    service_name: |s| match s {
        ServiceKind::WebApp => "웹 앱",
        ServiceKind::Api => "API",
        ServiceKind::Database => "데이터베이스",
        ServiceKind::Cache => "캐시",
        ServiceKind::BatchJob => "배치 작업",
        ServiceKind::Search => "검색",
        ServiceKind::Reports => "보고서(오래된 앱)",
    },
    hardware: |cores, gib| format!("하드웨어: {cores}코어, {gib} GiB"),
    linux: "리눅스(모두가 함께 쓰는 운영체제 하나)",
    shared_kernel: "리눅스 커널, 모든 컨테이너가 함께 써요",
    hypervisor: "하이퍼바이저",
    host_os: "호스트 OS",
    hypervisor_app: "하이퍼바이저 앱",
    guest_os: "게스트 OS",
    engine: "컨테이너 엔진",
    vm: "VM",
    container: "컨테이너",
    empty_host: "아직 비어 있어요",
    rebooting: "커널 패닉 뒤 다시 켜는 중…",
    starting: |s| format!("시작하는 중, {s}초"),
    running: "실행 중",
    waiting: "서버가 켜지기를 기다리는 중",
    refused: |name, package, holder| {
        format!(
            "{} 시작하지 못해요. {} 필요한데 이 운영체제에는 {} 위한 다른 버전이 설치돼 있어요.",
            with(name, Topic),
            with(package, Subject),
            with(holder, Object)
        )
    },
    response: "응답",
    cpu: "CPU",
    memory: "메모리",
    overhead: "계층",
    overhead_total: "계층이 쓰는 메모리(운영체제, 하이퍼바이저, 게스트 OS, 엔진)",
    idle: "놀고 있음",
    disk: "디스크",
    cores: "코어",
    totals: "랙 전체",
    servers: "서버",
    cost: "월 비용",
    running_services: "실행 중인 서비스",
    rack_cpu: "CPU 사용(모든 서버)",
    memory_used: "잡아 둔 메모리",
    idle_memory: "돈을 냈지만 안 쓰는 메모리",
    redeploy: "재배포 시간(모두 새로 시작)",
    interference: "지금 일어나는 간섭",
    placed: |name, host| format!("{} 서버 {host}에 놓았어요.", with(name, Object)),
    shelved: |name| format!("{} 선반으로 돌아갔어요.", with(name, Subject)),
    drop_outside: |name| format!("서버 위가 아니에요. {} 선반으로 돌아가요.", with(name, Topic)),
    refusal: |r| match r {
        RackRefusal::NotEnoughMemory { needs_mib, free_mib } => format!(
            "들어가지 않아요. 계층까지 {}가 필요한데 이 서버에는 {}만 남았어요. 이 실험실은 메모리를 오버커밋하지 않아요.",
            mib(needs_mib),
            mib(free_mib)
        ),
        RackRefusal::NotEnoughDisk { needs_gb, free_gb } => {
            format!("들어가지 않아요. 디스크가 {needs_gb} GB 필요한데 이 서버에는 {free_gb} GB만 남았어요.")
        }
        RackRefusal::TooManyHosts { max } => format!("랙에는 서버를 {max}대까지 넣을 수 있어요."),
        RackRefusal::KindNotOffered => "이 장에서는 아직 그런 서버를 쓸 수 없어요.".to_string(),
        RackRefusal::NotRunning => "메모리 누수는 실행 중인 서비스에만 일으킬 수 있어요.".to_string(),
        RackRefusal::NoLimitsToSwitch => "컨테이너 한도는 컨테이너 엔진 서버에만 있어요.".to_string(),
        RackRefusal::HostAlreadyDown => "그 서버는 이미 다시 켜는 중이에요.".to_string(),
        RackRefusal::NotPlaced => "그 서비스는 이미 선반에 있어요.".to_string(),
        RackRefusal::UnknownHost | RackRefusal::UnknownService => "그런 서버나 서비스가 없어요.".to_string(),
    },
    event: |e| match *e {
        RackEvent::HostAdded { host, kind } => {
            format!("{} 추가했어요({}).", with(&format!("서버 {host}"), Object), (KO.kind_name)(kind))
        }
        RackEvent::HostRemoved { host, returned: 0 } => format!("{} 뺐어요.", with(&format!("서버 {host}"), Object)),
        RackEvent::HostRemoved { host, returned } => format!(
            "{} 뺐어요. 서비스 {returned}개가 선반으로 돌아갔어요.",
            with(&format!("서버 {host}"), Object)
        ),
        RackEvent::Placed { service, host } => {
            format!("{} 서버 {host}에 놓았어요.", with((KO.service_name)(service), Object))
        }
        RackEvent::Unplaced { service } => format!("{} 선반으로 돌아갔어요.", with((KO.service_name)(service), Subject)),
        RackEvent::ServiceUp { service, after_ms } => format!(
            "{} 시작을 요청받고 {} 만에 응답하기 시작했어요.",
            with((KO.service_name)(service), Subject),
            secs(after_ms, "초")
        ),
        RackEvent::CpuContention { host, hog, slowdown_permille } => format!(
            "서버 {host}의 CPU가 모자라요. {} 코어를 차지해서 모든 서비스가 {}배 느려졌어요.",
            with((KO.service_name)(hog), Subject),
            permille(slowdown_permille)
        ),
        RackEvent::PackageClash { host, refused, holder } => format!(
            "서버 {host}에서 {} 시작하지 못했어요. {} 다른 버전의 {} 필요해요.",
            with((KO.service_name)(refused), Subject),
            with((KO.service_name)(holder), And),
            with(package_name(refused), Subject)
        ),
        RackEvent::DiskContention { host, service } => format!(
            "서버 {host}에서 {} 디스크를 나눠 쓰고 있어요. 응답 시간이 들쭉날쭉해져요.",
            with((KO.service_name)(service), Subject)
        ),
        RackEvent::HitMemoryLimit { service } => format!(
            "{} 자기 한도까지 메모리를 먹었어요. 그 서비스만 끝나고 다시 시작해요.",
            with((KO.service_name)(service), Topic)
        ),
        RackEvent::OutOfMemory { host, leaker, victim, slowed } => {
            let ended = if victim == leaker {
                format!("그사이 가장 커진 {} 자신을 끝냈어요", (KO.service_name)(victim))
            } else {
                format!("범인이 아닌, 가장 큰 프로세스인 {} 끝냈어요", with((KO.service_name)(victim), Object))
            };
            let mut text = format!(
                "서버 {host}의 메모리가 바닥났어요. {} 메모리를 다 먹었고, OOM 킬러가 {ended}.",
                with((KO.service_name)(leaker), Subject)
            );
            if slowed > 0 {
                text.push_str(&format!(" 메모리가 모자란 동안 다른 서비스 {slowed}개가 느려졌어요."));
            }
            text
        }
        RackEvent::LimitsSwitched { host, on: true } => format!("서버 {host}의 컨테이너 한도를 켰어요."),
        RackEvent::LimitsSwitched { host, on: false } => {
            format!("서버 {host}의 컨테이너 한도를 껐어요. 이제 어떤 컨테이너도 자기 몫에 묶이지 않아요.")
        }
        RackEvent::KernelPanic { host, services_down: 0 } => format!("서버 {host}에서 커널 패닉이 났어요."),
        RackEvent::KernelPanic { host, services_down } => {
            format!("서버 {host}에서 커널 패닉이 났어요. 그 위의 서비스 {services_down}개가 모두 멈췄어요.")
        }
        RackEvent::HostBack { host } => format!("{} 다시 켜졌어요.", with(&format!("서버 {host}"), Subject)),
    },
};
