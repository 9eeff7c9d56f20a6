//! Integration tests: drive the `loaxa` binary on temporary copies of the shipped demo project.

mod audio;
mod check;
mod draft_voice;
mod normalize;
mod pages;
mod playout;
mod reliability;
mod script;
mod studio;
mod take;
mod takes;
mod util;
mod week;
mod shard;
mod splice;
mod kit;
mod ip;
mod icecast;
mod icecast_server;
mod relay;
