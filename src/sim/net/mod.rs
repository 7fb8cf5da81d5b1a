//! Chapter 4's network: addresses, and (as the chapter grows) the topology, ports, NAT and DNS
//! that chapter 5's traffic flows through.

pub mod address;
pub mod dns;
pub mod lab;
pub mod network;
pub mod topology;
