//! The model's own answer to "how few servers can run these services without interference?".
//!
//! Services that want dedicated hardware each get a bare-metal server. The rest are split into
//! groups by search (every way of grouping them, pruned by the best found so far); a group
//! fits a server of some offered kind when its memory and disk fit, nothing clashes over a
//! library on a shared OS, and even the worst second (every service at its peak demand plus
//! jitter, bursts together) stays within the cores. The live rack can never see interference on
//! a placement this check accepts, so the number is one a learner can always reach.

use super::catalog::{footprint_disk_gb, start_ms, HostKind, ServiceKind, SERVER};
use super::load_of;

/// Extra rules a challenge adds to "no interference".
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Rules {
    /// No two services may share an operating system.
    pub isolate_all: bool,
    /// Starting every service from scratch must finish within this time.
    pub startup_limit_ms: Option<u64>,
}

/// Peak CPU demand a service can reach in one second: its burst or typical use, +10 % jitter.
fn peak_demand(service: ServiceKind) -> u32 {
    let spec = service.spec();
    spec.burst.map_or(spec.cpu_milli, |b| b.cpu_milli.max(spec.cpu_milli)) * 1_100 / 1_000
}

/// Whether `group` can share one host of `kind` without interference under `rules`.
pub fn group_fits(kind: HostKind, group: &[ServiceKind], rules: Rules) -> bool {
    let shared = !kind.layer().isolates && group.len() > 1;
    if shared && rules.isolate_all {
        return false;
    }
    if group.iter().any(|s| s.spec().dedicated) && (group.len() > 1 || kind != HostKind::BareMetal) {
        return false;
    }
    if rules.startup_limit_ms.is_some_and(|limit| group.iter().any(|s| start_ms(kind, *s) > limit)) {
        return false;
    }
    if shared && group.iter().enumerate().any(|(i, a)| group[i + 1..].iter().any(|b| a.spec().clashes_with(&b.spec())))
    {
        return false;
    }
    let peaks: Vec<(ServiceKind, u32)> = group.iter().map(|s| (*s, peak_demand(*s))).collect();
    let load = load_of(kind, group, &peaks);
    let disk = kind.layer().base.disk_gb + group.iter().map(|s| footprint_disk_gb(kind, *s)).sum::<u32>();
    load.memory_used_mib <= SERVER.memory_mib && disk <= SERVER.disk_gb && (group.len() < 2 || !load.contended())
}

/// The fewest servers that run every service in `services` without interference, using host
/// kinds from `offered`; `None` when some service fits on no offered host at all.
pub fn fewest_servers(services: &[ServiceKind], offered: &[HostKind], rules: Rules) -> Option<u32> {
    let fits = |group: &[ServiceKind]| offered.iter().any(|k| group_fits(*k, group, rules));
    let (dedicated, rest): (Vec<ServiceKind>, Vec<ServiceKind>) = services.iter().partition(|s| s.spec().dedicated);
    if !dedicated.iter().all(|s| fits(&[*s])) || !rest.iter().all(|s| fits(&[*s])) {
        return None;
    }
    let mut best = rest.len();
    let mut groups: Vec<Vec<ServiceKind>> = Vec::new();
    search(&rest, &mut groups, &mut best, &fits);
    Some((dedicated.len() + best) as u32)
}

/// Tries every grouping of `rest`, one service at a time, keeping `best` the fewest groups.
fn search(
    rest: &[ServiceKind],
    groups: &mut Vec<Vec<ServiceKind>>,
    best: &mut usize,
    fits: &impl Fn(&[ServiceKind]) -> bool,
) {
    let Some((first, tail)) = rest.split_first() else {
        *best = (*best).min(groups.len());
        return;
    };
    for i in 0..groups.len() {
        groups[i].push(*first);
        if fits(&groups[i]) {
            search(tail, groups, best, fits);
        }
        groups[i].pop();
    }
    if groups.len() + 1 < *best {
        groups.push(vec![*first]);
        search(tail, groups, best, fits);
        groups.pop();
    }
}
