//! The chapters' prose in Korean and English, one module per written chapter plus the contents.

pub mod servers;
pub mod toc;
pub mod why;
