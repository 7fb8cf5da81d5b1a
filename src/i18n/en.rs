//! English interface strings.

use super::{cmp_symbol, grouped, Ui};
use crate::course::GoalRefusal;
use crate::sim::action::Refusal;
use crate::sim::event::EventKind;
use crate::sim::laptop::{Place, Service};
use crate::sim::traffic::FarmRefusal;
use crate::sim::{Cmp, Metric};

pub static UI: Ui = Ui {
    site_name: "Server Lab",
    skip_to_content: "Skip to content",
    contents: "Contents",
    settings: "Settings",
    switch_language: "한국어",
    switch_language_label: "한국어로 보기",
    progress_page: "Your progress",
    present: "Present",
    theme_dark: "Dark theme",
    chapter_label: |n| format!("Chapter {n}"),
    coming: "Coming soon",
    coming_text: "This chapter is still being written. Pick another one from the contents.",
    chapter_nav: "Chapter navigation",
    previous: "Previous chapter",
    next: "Next chapter",
    home_title: "Server Lab",
    home_lead: "What does it take to run a service you built on your laptop for real? Learn servers, virtual machines, containers, networks, load balancers and clusters by working them yourself.",
    home_how: "Each chapter has a short text, a simulation you can operate, a challenge the site checks for you, and a quiz. The simulation is seeded: the same seed always gives the same run.",
    start: "Start",
    visited: "Read",
    solved_mark: "Challenge solved",
    not_found_title: "Page not found",
    not_found_text: "That address is wrong or the chapter does not exist. Pick one from the contents below.",
    dismiss: "Dismiss",
    notice_unreadable: "Your saved progress could not be read, so you are starting fresh.",
    notice_unknown_version: "Your saved progress came from a different version, so you are starting fresh.",
    notice_partly_kept: "Part of your saved progress was damaged and has been removed. The rest is kept.",
    storage_unavailable: "This browser cannot save your progress; it will be lost when you close the tab.",
    player_label: "Simulation controls",
    play: "Play",
    pause: "Pause",
    step: "Step (10 ms)",
    step_second: "+1 s",
    reset: "Reset",
    speed: "Speed",
    sim_time: "Simulated time",
    seed: "Seed",
    share_run: "Link to this seed",
    shortcuts: "Shortcuts (inside this area): Space play/pause, . step, r reset",
    paused_reduced_motion: "Reduced motion is on, so the simulation starts paused.",
    text_loading: "Loading the text…",
    text_failed: "The text of this chapter could not be loaded. Check your connection and try again; the simulation still works.",
    retry: "Try again",
    try_it: "Try it",
    challenge: "Challenge",
    hint: "Hint",
    goal_progress: |held, needed| format!("Goal held: {held} of {needed} s"),
    goal_solved: "Solved! You reached the goal.",
    teacher_goal: "A teacher set this challenge's figures: the targets below are theirs, and your solve is kept for your result file.",
    teacher_goal_refused: "The challenge figures in this link cannot make a challenge, so this is the usual one.",
    goal_refusal: |reason| match reason {
        GoalRefusal::BadFigures => {
            "Each figure must be a whole number from 0 to 1,000,000, and the hold 1 to 600 seconds.".to_string()
        }
        GoalRefusal::FiguresDoNotFit => "The number of figures does not fit this chapter's challenge.".to_string(),
        GoalRefusal::OutOfRange { metric, cmp, figure, limit } => (UI.goal_refusal_range)(metric, cmp, figure, limit),
        GoalRefusal::Unreachable => "No setup this lab offers can meet this goal.".to_string(),
        GoalRefusal::SearchTooCostly { work, cap } => format!(
            "Finding the cheapest setup for these figures could mean simulating up to {} requests, too long to wait for (the limit is {}). Lower the load or the hold.",
            grouped(work),
            grouped(cap)
        ),
    },
    goal_refusal_range: |metric, cmp, figure, limit| {
        let bound = match cmp {
            Cmp::AtLeast | Cmp::Above => "above",
            Cmp::AtMost | Cmp::Below => "below",
        };
        format!(
            "{} {} {}: it never goes {bound} {}, so this goal cannot be met.",
            (UI.metric_name)(metric),
            cmp_symbol(cmp),
            grouped(u64::from(figure)),
            grouped(u64::from(limit))
        )
    },
    optimum_searching: "The model is working out the cheapest setup… you can keep experimenting meanwhile.",
    optimum_none: "No setup this lab offers can meet this goal.",
    solved_before: "You solved this before. Feel free to try again.",
    quiz: "Quiz",
    check_answer: "Check answer",
    correct: "Correct.",
    wrong: "Not quite.",
    choose_first: "Pick an answer first.",
    events: "What just happened",
    no_events: "Nothing has happened yet.",
    users: "Users",
    users_per_second: "Requests per second",
    load_balancer: "Load balancer",
    laptop: "Developer's laptop",
    deploy: "deploy",
    servers: "Servers",
    server_n: |n| format!("Server {n}"),
    add_server: "Add server",
    remove_server: "Remove server",
    cpu: "CPU",
    queue: "Waiting",
    p50: "p50 response time",
    p95: "p95 response time",
    throughput: "Throughput",
    timed_out_per_sec: "Timed out per second",
    failed_per_sec: "Failed per second",
    cost_month: "Monthly cost",
    per_month: "/month",
    created: "Created",
    served: "Served",
    failed: "Failed",
    timed_out: "Timed out",
    in_flight: "In flight",
    requests_so_far: "Requests so far",
    no_data_yet: "not measured yet",
    p95_chart: "p95 response time over the last 60 s",
    target: "target",
    no_servers: "There are no servers: every request fails.",
    apply: "Apply",
    not_a_number: "Please type a whole number.",
    your_laptop: "Your laptop",
    the_server: "Server",
    service_name: |s| match s {
        Service::WebShop => "Web shop",
        Service::Database => "Database",
        Service::ChatBot => "Chat bot",
    },
    move_to: |p| match p {
        Place::Laptop => "Move to laptop",
        Place::Server => "Move to server",
    },
    lid_close: "Close the lid",
    lid_open: "Open the lid",
    lid_closed_note: "Your laptop is asleep: the services on it cannot answer.",
    build_time: "Your project's build time",
    laptop_cpu: "Laptop CPU",
    success_rate: "User requests answered",
    exposed: "Laptop services open to the internet",
    port: "port",
    nothing_here: "Empty",
    refusal: |r| match r {
        Refusal::Farm(FarmRefusal::RateOutOfRange { min, max }) => format!(
            "Requests per second must be between {} and {}. The value was not changed.",
            grouped(min.into()),
            grouped(max.into())
        ),
        Refusal::Farm(FarmRefusal::TooManyServers { max }) => format!("You can have at most {max} servers."),
        Refusal::Farm(FarmRefusal::NoServerToRemove) => "There is no server to remove.".to_string(),
        Refusal::NotInThisScenario | Refusal::UnknownService => "That does not apply to this experiment.".to_string(),
        Refusal::Rack(r) => (super::rack::EN.refusal)(r),
    },
    event: |e| match e {
        EventKind::RateChanged { rps } => format!("Users now send {} requests per second.", grouped((*rps).into())),
        EventKind::ServerAdded { id } => format!("Server {id} added."),
        EventKind::ServerRemoved { id, failed: 0 } => format!("Server {id} removed."),
        EventKind::ServerRemoved { id, failed: 1 } => format!("Server {id} removed; the request it held failed."),
        EventKind::ServerRemoved { id, failed } => {
            format!("Server {id} removed; the {} requests it held failed.", grouped(*failed))
        }
        EventKind::TimeoutsBegan { per_second } => {
            format!("Requests started timing out ({} per second).", grouped(*per_second))
        }
        EventKind::TimeoutsStopped => "Timeouts stopped.".to_string(),
        EventKind::ServiceMoved { service, to } => format!(
            "{} moved to the {}.",
            (UI.service_name)(*service),
            match to {
                Place::Laptop => "laptop",
                Place::Server => "server",
            }
        ),
        EventKind::LaptopSlept => "Laptop lid closed: its services stopped.".to_string(),
        EventKind::LaptopWoke => "Laptop lid opened.".to_string(),
        EventKind::ProbeReachedLaptop(probe) => format!(
            "Someone at 203.0.113.{} tried port {} ({}) on your laptop.",
            probe.from_host,
            probe.service.port(),
            (UI.service_name)(probe.service)
        ),
        EventKind::Rack(event) => (super::rack::EN.event)(event),
    },
    metric_name: |m| match m {
        Metric::OfferedRps => "User requests per second",
        Metric::ThroughputRps => "Throughput",
        Metric::P50LatencyMs => "p50 response time",
        Metric::P95LatencyMs => "p95 response time",
        Metric::TimedOutPerSec => "Timed out per second",
        Metric::FailedPerSec => "Failed per second",
        Metric::MaxCpuPercent => "Busiest server's CPU",
        Metric::Servers => "Servers",
        Metric::CostPerMonth => "Monthly cost",
        Metric::BuildSeconds => "Build time",
        Metric::LaptopCpuPercent => "Laptop CPU",
        Metric::SuccessPercent => "Requests answered",
        Metric::ExposedOnLaptop => "Laptop services open to the internet",
        Metric::ServicesRunning => "Services running",
        Metric::InterferenceEvents => "Interference",
        Metric::NotIsolated => "Services sharing an OS",
        Metric::NotDedicated => "Database not alone on bare metal",
        Metric::StartupSeconds => "Redeploy time",
        Metric::RackCpuPercent => "CPU used",
        Metric::MemoryUsedMib => "Memory reserved",
        Metric::OverheadMib => "Memory for layers",
        Metric::IdleMemoryMib => "Memory unused",
    },
};
