//! Reusable view pieces: the lab that holds a world, the player, the chapter template,
//! the prediction that opens a lab, the challenge checker and the search for its optimum, the
//! quiz, and browser storage.

pub mod challenge;
pub mod chapter;
pub mod chart;
pub mod controls;
pub mod dots;
pub mod feed;
pub mod frames;
pub mod lab;
pub mod player;
pub mod predict;
pub mod quiz;
pub mod readout;
pub mod search;
pub mod shell;
pub mod storage;
pub mod terminal;
pub mod text;
