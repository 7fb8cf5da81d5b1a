//! The model's own answer to "how few servers can run these services without interference?".
//!
//! Services that want dedicated hardware each get a bare-metal server. The rest are split into
//! groups by search (every way of grouping them, pruned by the best found so far); a group
//! fits a server of some offered kind when its memory and disk fit and its worst second (every
//! service at its peak, bursts together) shows no interference by the rack's own rules
//! ([`super::sharing`]). The live rack can never see interference on a placement this check
//! accepts, so the number is one a learner can always reach.

use super::catalog::{start_ms, HostKind, ServiceKind};
use super::sharing::{has_dedicated_hardware, shares_an_os, HostSetup, Sharing};

/// Extra rules a challenge adds to "no interference".
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Rules {
    /// No two services may share an operating system.
    pub isolate_all: bool,
    /// Starting every service from scratch must finish within this time.
    pub startup_limit_ms: Option<u64>,
}

/// A way to run services: each server's kind and the services placed on it.
pub type Layout = Vec<(HostKind, Vec<ServiceKind>)>;

/// Whether `group` can share one host of `kind` without interference under `rules`.
pub fn group_fits(kind: HostKind, group: &[ServiceKind], rules: Rules) -> bool {
    if rules.isolate_all && shares_an_os(kind, group.len()) {
        return false;
    }
    // The challenge wants such a service on bare metal; sharing its host is interference,
    // checked below with the rest.
    if group.iter().any(|s| s.spec().dedicated) && !has_dedicated_hardware(kind, 1) {
        return false;
    }
    if rules.startup_limit_ms.is_some_and(|limit| group.iter().any(|s| start_ms(kind, *s) > limit)) {
        return false;
    }
    let worst = Sharing::at_peak(HostSetup::with_limits(kind), group);
    worst.load.within_hardware() && !worst.interferes()
}

/// The fewest servers that run every service in `services` without interference, using host
/// kinds from `offered`; `None` when some service fits on no offered host at all.
pub fn fewest_servers(services: &[ServiceKind], offered: &[HostKind], rules: Rules) -> Option<u32> {
    cheapest_layout(services, offered, rules).map(|layout| layout.len() as u32)
}

/// A layout with the fewest servers for [`fewest_servers`], each group on the first offered
/// kind it fits.
pub fn cheapest_layout(services: &[ServiceKind], offered: &[HostKind], rules: Rules) -> Option<Layout> {
    let kind_for = |group: &[ServiceKind]| offered.iter().copied().find(|k| group_fits(*k, group, rules));
    let fits = |group: &[ServiceKind]| kind_for(group).is_some();
    let (dedicated, rest): (Vec<ServiceKind>, Vec<ServiceKind>) = services.iter().partition(|s| s.spec().dedicated);
    if !services.iter().all(|s| fits(&[*s])) {
        return None;
    }
    // Each service alone fits: the worst answer, improved by the search.
    let mut best: Vec<Vec<ServiceKind>> = rest.iter().map(|s| vec![*s]).collect();
    let mut groups: Vec<Vec<ServiceKind>> = Vec::new();
    search(&rest, &mut groups, &mut best, &fits);
    let alone = dedicated.into_iter().map(|s| vec![s]);
    alone.chain(best).map(|group| Some((kind_for(&group)?, group))).collect()
}

/// Tries every grouping of `rest`, one service at a time, keeping in `best` the one with the
/// fewest groups.
fn search(
    rest: &[ServiceKind],
    groups: &mut Vec<Vec<ServiceKind>>,
    best: &mut Vec<Vec<ServiceKind>>,
    fits: &impl Fn(&[ServiceKind]) -> bool,
) {
    let Some((first, tail)) = rest.split_first() else {
        if groups.len() < best.len() {
            best.clone_from(groups);
        }
        return;
    };
    for i in 0..groups.len() {
        groups[i].push(*first);
        if fits(&groups[i]) {
            search(tail, groups, best, fits);
        }
        groups[i].pop();
    }
    if groups.len() + 1 < best.len() {
        groups.push(vec![*first]);
        search(tail, groups, best, fits);
        groups.pop();
    }
}
