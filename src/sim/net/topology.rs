//! The links of the network that chapters 4 to 8 share: machines as the nodes of one petgraph
//! graph, links as its edges, each with a latency and an up/down state.
//!
//! The graph answers one question: by which neighbour does a packet at node A get on towards
//! node B? Which node B is, the forwarding ([`super::network`]) decides by address at every
//! hop; the graph only supplies the links. Paths are the fewest-milliseconds ones that use only
//! links that are up, found by A* (whose one path is deterministic, unlike the map `dijkstra`
//! returns), and cached until a link changes. Left out: link bandwidth and loss.

use petgraph::algo::astar;
use petgraph::stable_graph::{EdgeIndex, NodeIndex, StableUnGraph};
use petgraph::visit::{EdgeFiltered, EdgeRef, IntoEdgeReferences};

/// A node of the network.
pub type NodeId = NodeIndex;
/// A link between two nodes.
pub type LinkId = EdgeIndex;

/// What a node is, for drawing it and for the forwarding rules it follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// A learner's laptop or phone.
    Client,
    /// A home or office router: the inside network's gateway, with NAT.
    Router,
    /// The internet, drawn as one cloud: it routes public addresses and drops private ones.
    Internet,
    Resolver,
    NameServer,
    LoadBalancer,
    Server,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Node {
    pub name: String,
    pub role: Role,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Link {
    /// One way, in milliseconds.
    pub latency_ms: u32,
    pub up: bool,
}

/// The graph and its cached paths.
#[derive(Clone, Debug, Default)]
pub struct Topology {
    graph: StableUnGraph<Node, Link>,
    /// Paths found since the links last changed: (from, to, the path if there is one).
    paths: Vec<(NodeId, NodeId, Option<Vec<NodeId>>)>,
}

/// Two topologies are equal when their nodes and links are: the path cache is not compared.
impl PartialEq for Topology {
    fn eq(&self, other: &Topology) -> bool {
        self.nodes().eq(other.nodes()) && self.links().eq(other.links())
    }
}

impl Topology {
    pub fn add_node(&mut self, name: &str, role: Role) -> NodeId {
        self.graph.add_node(Node { name: name.to_string(), role })
    }

    /// Links two nodes, up.
    pub fn link(&mut self, a: NodeId, b: NodeId, latency_ms: u32) -> LinkId {
        self.paths.clear();
        self.graph.add_edge(a, b, Link { latency_ms, up: true })
    }

    /// Cuts a link or mends it; the cached paths are forgotten when that changes anything.
    /// Returns `None` for a link that does not exist.
    pub fn set_link_up(&mut self, link: LinkId, up: bool) -> Option<bool> {
        let weight = self.graph.edge_weight_mut(link)?;
        let changed = weight.up != up;
        weight.up = up;
        if changed {
            self.paths.clear();
        }
        Some(changed)
    }

    pub fn node(&self, id: NodeId) -> Option<&Node> {
        self.graph.node_weight(id)
    }

    pub fn link_between(&self, a: NodeId, b: NodeId) -> Option<(LinkId, Link)> {
        self.graph.find_edge(a, b).and_then(|e| Some((e, *self.graph.edge_weight(e)?)))
    }

    pub fn nodes(&self) -> impl Iterator<Item = (NodeId, &Node)> {
        self.graph.node_indices().filter_map(|i| Some((i, self.graph.node_weight(i)?)))
    }

    pub fn links(&self) -> impl Iterator<Item = (LinkId, NodeId, NodeId, Link)> + '_ {
        self.graph.edge_references().map(|e| (e.id(), e.source(), e.target(), *e.weight()))
    }

    /// The nodes from `from` to `to` (both included) over links that are up, fewest
    /// milliseconds first; `None` when no such path exists.
    pub fn path(&mut self, from: NodeId, to: NodeId) -> Option<&[NodeId]> {
        let at = match self.paths.iter().position(|(f, t, _)| (*f, *t) == (from, to)) {
            Some(at) => at,
            None => {
                let up = EdgeFiltered::from_fn(&self.graph, |e| e.weight().up);
                let path = astar(&up, from, |n| n == to, |e| e.weight().latency_ms, |_| 0).map(|(_, path)| path);
                self.paths.push((from, to, path));
                self.paths.len() - 1
            }
        };
        self.paths[at].2.as_deref()
    }

    /// One way along [`Topology::path`], in milliseconds.
    pub fn path_ms(&mut self, from: NodeId, to: NodeId) -> Option<u32> {
        let path = self.path(from, to)?.to_vec();
        path.windows(2).map(|pair| self.link_between(pair[0], pair[1]).map(|(_, link)| link.latency_ms)).sum()
    }

    /// The neighbour of `from` on the way to `to`.
    pub fn next_hop(&mut self, from: NodeId, to: NodeId) -> Option<NodeId> {
        self.path(from, to).and_then(|p| p.get(1).copied())
    }
}
